/* metrics.h — forecast error measures on the original (unscaled) target
 * (docs/design.md §8).
 *
 * All take two arrays of N doubles, actual and predicted, paired by index.
 * Measures that can be undefined on some data (R² on a constant actual,
 * MAPE on all-zero actuals, skill against a perfect persistence) are never
 * computed by dividing by zero: they are set to NaN and flagged, and a JSON
 * report writes them as null. */
#ifndef SA_METRICS_H
#define SA_METRICS_H

#include <stddef.h>
#include "base/err.h"
#include "eval/json.h"

typedef struct metrics_report {
    double mae;          /* mean |a - p| */
    double rmse;         /* sqrt(mean (a - p)^2) */
    double r2;           /* 1 - SS_res/SS_tot; NaN unless r2_defined */
    double mape;         /* mean 100 |a - p| / |a| over a != 0; NaN unless mape_defined */
    double smape;        /* mean 200 |a - p| / (|a| + |p|) over |a| + |p| > 0;
                            0 when every pair is a = p = 0 */
    double accuracy;     /* 100 - mape, the seed's definition; NaN unless mape_defined */
    size_t n;            /* pairs measured */
    size_t n_mape;       /* pairs with a != 0 (the MAPE terms) */
    size_t n_smape;      /* pairs with |a| + |p| > 0 (the sMAPE terms) */
    int r2_defined;      /* 0 when SS_tot == 0 (every actual equal) */
    int mape_defined;    /* 0 when no actual is nonzero */
} metrics_report;

/* Fills r from actual[0..n-1] and predicted[0..n-1]. Returns 0, or -1 with e
 * set when n is 0 or a value is NaN or infinite (the message names the
 * index). Sums are accumulated in double, two passes for SS_tot. */
int metrics_compute(metrics_report *r, const double *actual, const double *predicted,
                    size_t n, sa_error *e);

/* metrics_compute over the pairs i with mask[i] != 0 only (mask (N); NULL
 * selects all), e.g. the windows the seasonal baseline could forecast
 * (baseline_seasonal's valid flags), to compare models on a common subset.
 * Index numbers in error messages count the selected pairs.
 * Returns 0, or -1 with e set (no pair selected, a value not finite, out of
 * memory). */
int metrics_compute_masked(metrics_report *r, const double *actual, const double *predicted,
                           const unsigned char *mask, size_t n, sa_error *e);

/* Skill against persistence: 1 - mae_model / mae_persistence. Returns NaN and
 * sets *defined = 0 when mae_persistence is 0 (or not finite); else sets
 * *defined = 1. defined may be NULL. Positive = better than persistence. */
double metrics_skill(double mae_model, double mae_persistence, int *defined);

typedef struct metrics_interval_report {
    double coverage;     /* fraction of actuals with lower <= a <= upper, in [0, 1] */
    double mean_width;   /* mean (upper - lower) */
    size_t n;            /* intervals measured */
} metrics_interval_report;

/* Coverage and mean width of prediction intervals [lower[i], upper[i]] for
 * actual[i], i < n. Returns 0, or -1 with e set when n is 0, a value is not
 * finite, or lower[i] > upper[i] (the message names the index). */
int metrics_interval(metrics_interval_report *r, const double *actual,
                     const double *lower, const double *upper, size_t n, sa_error *e);

/* Writes the members of r into the JSON object currently open in w:
 * mae, rmse, r2, mape, smape, accuracy (undefined ones as null), n, n_mape,
 * r2_defined, mape_defined. The caller opens and closes the object, so it
 * can add the data, split and model fields beside these. */
void metrics_json(json_writer *w, const metrics_report *r);

#endif
