/* import_series.h — the series an export holds, as read by the import
 * readers (import_cloudwatch.c, import_prometheus.c, import_csv.c) before
 * they are chosen, resampled and joined (import.h).
 *
 * A series is a list of (UTC time, value) points in file order, with the
 * names a --column SOURCE can call it by: name (a CloudWatch Id, a
 * statistic, a Prometheus metric name, a CSV header), label (a CloudWatch
 * Label) and Prometheus labels. Sizes: P points, L labels. */
#ifndef SA_IMPORT_SERIES_H
#define SA_IMPORT_SERIES_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "series/timezone.h"

/* What every reader is told besides the bytes. */
typedef struct import_reading {
    const tz_zone *zone;          /* reads times without an offset (NULL = UTC) */
    const char *const *missing;   /* texts that mark a missing point (--missing),
                                     besides an empty field, null and NaN */
    size_t n_missing;
} import_reading;

/* 1 when text[0..len) marks a missing point: empty, "null" or "NaN" (any
 * case), or one of r->missing exactly; else 0. */
int import_is_missing(const import_reading *r, const char *text, size_t len);

typedef struct import_series {
    char *name;             /* what it is called by default (owned) */
    char *label;            /* a second name (CloudWatch Label) or NULL (owned) */
    char **label_key;       /* (L) Prometheus labels, __name__ excluded (owned) */
    char **label_value;     /* (L) */
    size_t n_labels;        /* L */
    char *where;            /* "FILE: $.MetricDataResults[0]" or "FILE: column X",
                               the place messages name (owned) */
    char *file;             /* the input it came from, as given (owned) */
    char *unusable;         /* why it cannot be imported, as the whole error
                               ("FILE:LINE: column X: 'N/A' is not a number ...",
                               a CloudWatch StatusCode Forbidden), NULL when
                               fine (owned) */
    char *incomplete;       /* why its points are not all there (a CloudWatch
                               page with StatusCode PartialData): an error
                               unless another page of it is complete (owned) */
    size_t n, cap;          /* P, capacity */
    int64_t *time;          /* (P) UTC seconds */
    double *value;          /* (P) */
} import_series;

typedef struct import_set {
    import_series *s;       /* owned */
    size_t n, cap;
    const char *input;      /* the input being read, as given (not owned): the
                               file of the series import_set_add makes */
} import_set;

/* Appends an empty series with the given names (label may be NULL) from
 * set->input to set and returns it (valid until the next add), or NULL
 * when out of memory. */
import_series *import_set_add(import_set *set, const char *name, const char *label,
                              const char *where);

/* Appends a point. Returns 0, or -1 when out of memory. */
int import_series_push(import_series *s, int64_t t, double v);

/* Adds a Prometheus label. Returns 0, or -1 when out of memory. */
int import_series_add_label(import_series *s, const char *key, const char *value);

/* The value of label key in s, or NULL when s has no such label. */
const char *import_series_label(const import_series *s, const char *key);

/* 1 when a and b are the same series: the same name, label and label set
 * (pages of one export, read from several inputs or documents), else 0. */
int import_series_same(const import_series *a, const import_series *b);

/* Sorts s by time, keeping the file order of equal times (so "last"
 * means last in the file). Returns 1 when it was out of order, else 0;
 * -1 when out of memory. */
int import_series_sort(import_series *s);

/* 1 when source names s: a label matcher "name{k=\"v\",...}" (name
 * optional) matches its metric name and labels exactly (k="" matches a
 * series without label k, as in PromQL); otherwise source equals its name
 * or label, ignoring case when fold_case. */
int import_series_matches(const import_series *s, const char *source, int fold_case);

/* Frees everything set owns and zeroes it. */
void import_set_free(import_set *set);

#endif
