/* baselines.h — the forecasts every model is measured against (docs/design.md §8).
 *
 * Each forecasts the target at row t + horizon from what is known at row t,
 * for exactly the windows it is given: a list of window end rows t (the last
 * input row of each window, as in docs/design.md §6). Rows are the rows of the
 * feature matrix / series, consecutive at the series step.
 *
 * - persistence: the last observed value x_t.
 * - seasonal naive: the value one season (one day: period = 86400 / step
 *   rows) before the target time, x_{t+h-period}. When the horizon exceeds
 *   the period, whole periods are stepped back until the source is known at
 *   t: x_{t+h-k·period}, k = ceil(h/period). A window whose source row would
 *   be before row 0, or (with timestamps) not exactly k days before the
 *   target because a gap lies between, cannot be forecast this way. Choice
 *   made here: such a window gets the persistence forecast instead and is
 *   flagged valid = 0, so the baseline still covers the same windows as the
 *   model (§8 asks for "the same windows"); the count of truly seasonal
 *   windows is returned so the report can say how many fell back, and a
 *   caller who prefers the common subset can select valid[i] = 1.
 * - linear autoregressive: least squares on the feature vectors of the last
 *   p rows of the window, flattened, plus an intercept, fitted on the
 *   training windows only (LAPACKE_dgelsd, SVD based, so constant or
 *   collinear design columns give the minimum-norm solution instead of a
 *   failure). For a forecast path of S steps it is "direct": a set of
 *   coefficients per step, all fitted at once on the same design (one
 *   least-squares solve with S right-hand sides).
 *
 * Sizes: R rows, F features, W windows, p lags, K = p·F design columns. */
#ifndef SA_BASELINES_H
#define SA_BASELINES_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "features/window.h"

#define BASELINE_DAY_SECONDS 86400
#define LINEAR_AR_DEFAULT_LAGS 12

/* Persistence: out[i] = target[window_end[i]], i < n_windows. target is
 * (R) values of the target column. Returns 0, or -1 with e set when a
 * window end is not below n_rows. horizon is not needed for the value and
 * is accepted for symmetry with the others (it must be >= 1). */
int baseline_persistence(const double *target, size_t n_rows, const size_t *window_end,
                         size_t n_windows, int horizon, double *out, sa_error *e);

/* Seasonal period in rows for a series step in seconds: 86400 / step.
 * Returns 0 when step does not divide a day (no seasonal baseline then). */
size_t baseline_day_period(int64_t step);

/* Seasonal naive (see the header comment): out[i] = target[s] with s the
 * row k whole periods (days) before the target time, at or before t —
 * found by its time, time[t] + (horizon - k·period)·step, when time is not
 * NULL (a gap in between moves it to another index), else at index
 * t + horizon - k·period — and valid[i] = 1; or the persistence forecast
 * target[t] with valid[i] = 0 where there is no such row.
 * time is (R) Unix seconds or NULL (rows then trusted to be consecutive).
 * out and valid are (W), caller-owned. Returns the number of valid windows
 * (>= 0), or -1 with e set (period 0, horizon < 1, a window end out of
 * range). */
long baseline_seasonal(const double *target, const int64_t *time, int64_t step,
                       size_t n_rows, const size_t *window_end, size_t n_windows,
                       int horizon, size_t period, double *out, unsigned char *valid,
                       sa_error *e);

/* A fitted linear autoregressive model. Prediction of step s (0-based)
 * for the window ending at t: intercept[s] + sum over j < p, f < F of
 * coef[s·K + j·F + f] · x[t - p + 1 + j][f] (j = p - 1 is the last row, t
 * itself), for the row t + window_step_ahead(h, S, s) (features/window.h:
 * t + h for one step, t + 1 + s for a path). coef is in the raw units of
 * the features; the fit itself runs on standardized columns. */
typedef struct linear_ar {
    int lags;             /* p */
    int horizon;          /* h */
    int steps;            /* S: outputs (1, or a path's steps; 0 reads as 1) */
    size_t n_feat;        /* F */
    int target_col;       /* column of x holding the target */
    double *coef;         /* (S, K) raw-unit coefficients, K = p·F */
    double *intercept;    /* (S) */
    int rank;             /* effective rank of the standardized design (incl. intercept) */
    size_t n_train;       /* training windows used */
    double train_rmse;    /* RMSE of the fit on the training windows, all steps */
} linear_ar;

/* Fits m on the training windows train_end[0..n_train-1] of the (R, F)
 * row-major float matrix x (raw, unscaled features). The target of the
 * window ending at t is x[t + horizon][target_col]. Each design column is
 * standardized by its mean and standard deviation over the training
 * windows; a column constant there is left out of the fit (coefficient 0).
 * Returns 0, or -1 with e set: lags < 1, horizon < 1, n_train == 0, a window
 * with t < lags - 1 or t + horizon >= n_rows, a non-finite value, LAPACK
 * failure. On success m owns coef (linear_ar_free); on failure m is empty.
 * The caller caps lags at the model's seq_len (LINEAR_AR_DEFAULT_LAGS
 * otherwise). */
int linear_ar_fit(linear_ar *m, const float *x, size_t n_rows, size_t n_feat,
                  int target_col, const size_t *train_end, size_t n_train, int lags,
                  int horizon, sa_error *e);

/* linear_ar_fit for the S steps of a path (the rows t + window_step_ahead
 * (horizon, steps, s)), one direct fit per step on the shared design;
 * steps 1 is linear_ar_fit. Same errors. */
int linear_ar_fit_path(linear_ar *m, const float *x, size_t n_rows, size_t n_feat,
                       int target_col, const size_t *train_end, size_t n_train, int lags,
                       int horizon, int steps, sa_error *e);

/* Predicts the target at t + horizon (every step of a path) for the
 * windows ending at window_end[0..n-1] into out (n, S; caller-owned). x
 * is (R, F) with the F of the fit. Needs only rows up to t (the target row
 * may be beyond n_rows).
 * Returns 0, or -1 with e set when a window end is out of range
 * (t < lags - 1 or t >= n_rows) or n_feat differs from the fit. */
int linear_ar_predict(const linear_ar *m, const float *x, size_t n_rows, size_t n_feat,
                      const size_t *window_end, size_t n, double *out, sa_error *e);

/* Frees what m owns and zeroes it; safe on a zeroed model. */
void linear_ar_free(linear_ar *m);

/* Fails (-1, e set) unless every window ends[0..n-1] has its lags rows
 * (t >= lags - 1) and its row t + horizon_needed inside n_rows; the check
 * linear_ar_fit (horizon_needed = horizon) and linear_ar_predict (0)
 * share. Returns 0 otherwise. */
int linear_ar_check_windows(const size_t *ends, size_t n, size_t n_rows, int lags,
                            int horizon_needed, sa_error *e);

#endif
