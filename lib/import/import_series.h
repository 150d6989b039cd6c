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

typedef struct import_series {
    char *name;             /* what it is called by default (owned) */
    char *label;            /* a second name (CloudWatch Label) or NULL (owned) */
    char **label_key;       /* (L) Prometheus labels, __name__ excluded (owned) */
    char **label_value;     /* (L) */
    size_t n_labels;        /* L */
    char *where;            /* "FILE: $.MetricDataResults[0]" or "FILE: column X",
                               the place messages name (owned) */
    char *file;             /* the input it came from, as given (owned) */
    char *unusable;         /* why it cannot be imported (a non-number in a CSV
                               column), NULL when fine (owned) */
    size_t n, cap;          /* P, capacity */
    int64_t *time;          /* (P) UTC seconds */
    double *value;          /* (P) */
} import_series;

typedef struct import_set {
    import_series *s;       /* owned */
    size_t n, cap;
} import_set;

/* Appends an empty series with the given names (label may be NULL) to set
 * and returns it (valid until the next add), or NULL when out of memory. */
import_series *import_set_add(import_set *set, const char *name, const char *label,
                              const char *file, const char *where);

/* Appends a point. Returns 0, or -1 when out of memory. */
int import_series_push(import_series *s, int64_t t, double v);

/* Adds a Prometheus label. Returns 0, or -1 when out of memory. */
int import_series_add_label(import_series *s, const char *key, const char *value);

/* Sorts s by time, keeping the file order of equal times (so "last"
 * means last in the file). Returns 1 when it was out of order, else 0;
 * -1 when out of memory. */
int import_series_sort(import_series *s);

/* 1 when source names s: a label matcher "name{k=\"v\",...}" (name
 * optional) matches its metric name and labels exactly; otherwise source
 * equals its name or label, ignoring case. */
int import_series_matches(const import_series *s, const char *source);

/* Frees everything set owns and zeroes it. */
void import_set_free(import_set *set);

#endif
