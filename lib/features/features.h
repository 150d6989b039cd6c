/* features.h — the engineered feature matrix (docs/design.md §4).
 *
 * From a series, builds per row t the 16 features of the seed, in the order
 * and with the names below, plus the optional 17th (the calendar's sale flag
 * at the target time t + horizon), and the optional seasonal channel
 * cpu_seasonal: the target at time t + horizon − 1 day (the row with that
 * timestamp; where there is none — the first day, a gap — the target at t
 * itself, i.e. "no change", documented in docs/design.md §4). Features whose source
 * column is missing
 * are left out; m->ids says which features the columns are. Feature 0
 * (cpu_utilization) is always the target column, whatever its name in the
 * file; the cpu_* statistics are computed on it. Rolling windows cost O(1)
 * per step, and restart after a gap in the series (a window never reaches
 * back over a gap; cpu_diff is 0 after one). Hour and day of week are
 * those of the UTC timestamp. Sizes: R rows, F features in the matrix. */
#ifndef SA_FEATURES_H
#define SA_FEATURES_H

#include <stddef.h>
#include "base/err.h"
#include "series/series.h"
#include "series/calendar.h"

enum feat_id {
    FEAT_CPU, FEAT_NETWORK_IN, FEAT_REQUEST_COUNT, FEAT_IS_SALE_ACTIVE,
    FEAT_HOUR, FEAT_DAY_OF_WEEK, FEAT_IS_WEEKEND, FEAT_IS_BUSINESS_HOURS,
    FEAT_TIME_CATEGORY, FEAT_CPU_ROLLING_MEAN, FEAT_CPU_ROLLING_STD,
    FEAT_CPU_ROLLING_MIN, FEAT_CPU_ROLLING_MAX, FEAT_CPU_DIFF,
    FEAT_NETWORK_ROLLING_MEAN, FEAT_REQUEST_ROLLING_MEAN,
    FEAT_SALE_AT_TARGET,          /* optional 17th, needs a calendar */
    FEAT_CPU_SEASONAL,            /* optional: the target one day before the
                                     target time (issue 14.2) */
    FEAT_COUNT
};

#define FEAT_SEED_COUNT 16
#define FEAT_ROLLING_WINDOW 6

/* Beyond the engineered features, any numeric column of the data can be an
 * input as it is (train --features ...,queue_depth): column k of a feature
 * list is id FEAT_COUNT + k, named in a feat_column_name table beside the
 * ids. At most FEAT_MAX_COLUMNS, so every id fits in FEAT_MAX (32: the
 * transform's masks are 32 bits). */
#define FEAT_MAX_COLUMNS 14
#define FEAT_MAX (FEAT_COUNT + FEAT_MAX_COLUMNS)
#define FEAT_NAME_LEN 64
typedef char feat_column_name[FEAT_NAME_LEN];

/* Column names, indexed by enum feat_id ("cpu_utilization", ...). */
extern const char *const feat_names[FEAT_COUNT];

typedef struct feat_matrix {
    size_t n_rows;            /* R */
    size_t n_feat;            /* F */
    int ids[FEAT_MAX];        /* (F) enum feat_id, or FEAT_COUNT + k: data column k */
    float *x;                 /* (R, F) row-major */
} feat_matrix;

/* Returns the feat_id called name, or -1. */
int feat_id_by_name(const char *name);

/* The name of feature id: feat_names[id], or for a data column
 * (FEAT_COUNT + k) columns[k] ("?" when columns is NULL or id is out of
 * range). */
const char *feat_name(int id, const feat_column_name *columns);

/* Reads a comma-separated list of feature names into ids (FEAT_MAX slots),
 * in the list's order: an engineered feature's name gives its feat_id, any
 * other name is a data column, FEAT_COUNT + k with its name in columns[k]
 * (FEAT_MAX_COLUMNS slots, emptied first; columns may be NULL when none is
 * allowed). Whether the data has such a column is the reader's to say.
 * Returns the count, or -1 with e set ("feature cpu_diff is listed
 * twice", "'a,,b' is not a list of at most 32 names", "more than 14 data
 * columns"). */
int feat_parse_list(const char *list, int *ids, feat_column_name *columns, sa_error *e);

/* The engineered features' names, comma-separated, into buf (cap bytes):
 * the list an error about an unknown name gives. */
void feat_list_names(char *buf, size_t cap);

/* Builds the matrix for the features wanted[0..n_wanted-1] (enum feat_id
 * or data columns named in columns, in that column order; NULL = the 16
 * seed features). The source of FEAT_CPU
 * and the cpu_* features is the column target; network_in, request_count
 * and is_sale_active come from their standard columns; a data column from
 * the column of s of its name (an error when s lacks it). is_sale_active is
 * derived from cal when the file has no such column and cal is given.
 * A wanted feature whose source is missing is dropped; when dropped is not
 * NULL it receives a comma-separated list of their names (caller frees).
 * FEAT_SALE_AT_TARGET needs cal (error otherwise) and uses horizon.
 * Returns 0, or -1 with e set (e.g. the target column is missing). */
int feat_build(feat_matrix *m, const series *s, const char *target,
               const int *wanted, size_t n_wanted, const feat_column_name *columns,
               const calendar *cal, int horizon, char **dropped, sa_error *e);

/* 1 when one of the features ids (n) reads the business calendar
 * (is_sale_active, derived from it where the data lacks the column, or
 * sale_at_target), else 0: a --calendar the model would not read is
 * refused by the tools. */
int feat_reads_calendar(const int *ids, size_t n);

/* Column of feature id in m, or -1 when m does not have it. */
int feat_column(const feat_matrix *m, int id);

void feat_free(feat_matrix *m);

/* Rolling statistics of x over the last w values including t (fewer at the
 * start and after a restart): outputs are (n) arrays, any may be NULL. std
 * is the sample standard deviation (ddof 1), 0 for one value. restart (n,
 * or NULL) marks rows that begin a new window (a gap before them). O(1) per
 * step: Welford add/remove for mean and variance (recomputed exactly from
 * the window every 1024 steps, and whenever the variance has fallen far
 * below its recent peak, where removal would leave cancellation error),
 * monotone deques for min and max. */
void feat_rolling(double *mean, double *std, double *min, double *max, const double *x,
                  const unsigned char *restart, size_t n, int w);

/* The O(w)-per-step reference for feat_rolling, for the tests. */
void feat_rolling_naive(double *mean, double *std, double *min, double *max, const double *x,
                        const unsigned char *restart, size_t n, int w);

#endif
