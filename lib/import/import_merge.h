/* import_merge.h — the columns of an import and their points: the pages
 * of one series appended into a member (import_member_make), and the
 * members a --column FUNC selects combined into the column's points
 * (import_combine_members). Internal to import.c. */
#ifndef SA_IMPORT_MERGE_H
#define SA_IMPORT_MERGE_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "import/import_series.h"
#include "import/import_spec.h"
#include "series/resample.h"

/* One series of a column, its pages appended. Sizes: P points. */
typedef struct import_member {
    const import_series *series;  /* its first page: the names and the place
                                     messages give (points into the set) */
    size_t n_pages;
    size_t n;                     /* P */
    int64_t *time;                /* (P) ascending (owned) */
    double *value;                /* (P) (owned) */
} import_member;

typedef struct import_column {
    char name[IMPORT_NAME_CAP];   /* output header */
    import_combine combine;
    resample_agg agg;             /* on a --step grid, per member */
    import_member *member;        /* (M) owned */
    size_t n_members;             /* M */
    size_t n;                     /* points of the column, made by import_align */
    int64_t *time;                /* (n) owned */
    double *value;                /* (n) owned */
} import_column;

/* Frees the n columns at c (their members and points) and c. */
void import_columns_free(import_column *c, size_t n);


/* Fills m with the points of the n pages (series that are the same, in
 * input order) in time order (a note says so when a page was not): a
 * time that several pages hold is kept once when they agree on its value
 * (pages that overlap at their ends), and is an error naming both pages,
 * the time and both values when they do not. Times repeated within one
 * page are all kept (import_align resamples them or refuses them).
 * Returns 0, or -1 with e set. */
int import_member_make(import_member *m, const import_series *const *pages, size_t n,
                       sa_error *e);

/* Makes c's points from its members (each in time order, no time twice):
 * IMPORT_ONE takes the one member's points; a FUNC combines, at each time
 * any member has a point, the members that have one there (as
 * Prometheus' sum() and avg() do), and a note counts the times where some
 * member had none. Returns 0, or -1 with e set (out of memory). */
int import_combine_members(import_column *c, sa_error *e);

#endif
