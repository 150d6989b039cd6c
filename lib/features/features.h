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

/* Column names, indexed by enum feat_id ("cpu_utilization", ...). */
extern const char *const feat_names[FEAT_COUNT];

typedef struct feat_matrix {
    size_t n_rows;            /* R */
    size_t n_feat;            /* F */
    int ids[FEAT_COUNT];      /* (F) enum feat_id of each column */
    float *x;                 /* (R, F) row-major */
} feat_matrix;

/* Returns the feat_id called name, or -1. */
int feat_id_by_name(const char *name);

/* Reads a comma-separated list of feature names into ids (FEAT_COUNT
 * slots), in the list's order. Returns the count, or -1 with e set
 * ("unknown feature 'cpu'", "'a,,b' is not a list of at most 17 names"). */
int feat_parse_list(const char *list, int *ids, sa_error *e);

/* Builds the matrix for the features wanted[0..n_wanted-1] (enum feat_id, in
 * that column order; NULL = the 16 seed features). The source of FEAT_CPU
 * and the cpu_* features is the column target; network_in, request_count
 * and is_sale_active come from their standard columns. is_sale_active is
 * derived from cal when the file has no such column and cal is given.
 * A wanted feature whose source is missing is dropped; when dropped is not
 * NULL it receives a comma-separated list of their names (caller frees).
 * FEAT_SALE_AT_TARGET needs cal (error otherwise) and uses horizon.
 * Returns 0, or -1 with e set (e.g. the target column is missing). */
int feat_build(feat_matrix *m, const series *s, const char *target,
               const int *wanted, size_t n_wanted, const calendar *cal,
               int horizon, char **dropped, sa_error *e);

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
