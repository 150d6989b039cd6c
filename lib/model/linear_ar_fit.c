/* linear_ar_fit.c — the least-squares fit of a linear AR model (see
 * baselines.h), apart from baselines.c so that a tool which only
 * forecasts with a fitted model (scaleahead-predict) does not link
 * LAPACKE. */
#include "model/baselines.h"
#include "base/array.h"

#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Value of design column k (= j·F + f) for the window ending at t. */
static double design_value(const float *x, size_t n_feat, int lags, size_t t, size_t k)
{
    size_t j = k / n_feat, f = k % n_feat;
    size_t row = t + 1 + j - (size_t)lags;
    return x[row * n_feat + f];
}

/* The standardized least-squares problem of a linear AR fit. Sizes: W
 * training windows, K = lags x features design columns, S steps (one
 * right-hand side each). */
typedef struct ar_design {
    size_t K, cols, rows;   /* K, K + 1 (the intercept's), W */
    size_t S;               /* right-hand sides */
    double *mean;           /* (K) */
    double *sd;             /* (K), 0 = column left out */
    double *a;              /* (W, K+1) standardized design */
    double *b;              /* (max(W, K+1), S) targets, then solutions */
    double *sv;             /* (K+1) singular values */
} ar_design;

static void ar_design_free(ar_design *d)
{
    FREE_ALL(d->mean, d->sd, d->a, d->b, d->sv);
}

static int ar_design_alloc(ar_design *d, size_t K, size_t rows, size_t S, sa_error *e)
{
    size_t cols = K + 1, b_rows = rows > cols ? rows : cols;
    *d = (ar_design){.K = K, .cols = cols, .rows = rows, .S = S};
    d->mean = calloc(K, sizeof *d->mean);
    d->sd = calloc(K, sizeof *d->sd);
    d->a = calloc(rows * cols, sizeof *d->a);
    d->b = calloc(b_rows * S, sizeof *d->b);
    d->sv = calloc(cols, sizeof *d->sv);
    if (!d->mean || !d->sd || !d->a || !d->b || !d->sv)
        return sa_fail(e, "linear AR: out of memory for a %zu x %zu design", rows, cols);
    return 0;
}

/* Mean and standard deviation of each design column over the training
 * windows (two passes). A column whose spread is at rounding level of its
 * mean is constant: it carries no information beyond the intercept. */
static void ar_column_moments(ar_design *d, const float *x, size_t n_feat, int lags,
                              const size_t *train_end)
{
    for (size_t k = 0; k < d->K; k++) {
        double s = 0, ss = 0;
        for (size_t i = 0; i < d->rows; i++)
            s += design_value(x, n_feat, lags, train_end[i], k);
        d->mean[k] = s / (double)d->rows;
        for (size_t i = 0; i < d->rows; i++) {
            double dv = design_value(x, n_feat, lags, train_end[i], k) - d->mean[k];
            ss += dv * dv;
        }
        d->sd[k] = sqrt(ss / (double)d->rows);
        if (d->sd[k] <= 1e-9 * fabs(d->mean[k]) || d->sd[k] == 0)
            d->sd[k] = 0;
    }
}

/* Fills the standardized design rows and the targets. Only the rows the
 * training windows touch are read (and checked). Returns 0, or -1 with e
 * set at the first non-finite value. */
static int ar_fill_design(ar_design *d, const float *x, size_t n_feat, int target_col,
                          const size_t *train_end, int lags, int horizon, sa_error *e)
{
    for (size_t i = 0; i < d->rows; i++) {
        size_t t = train_end[i];
        double *row = d->a + i * d->cols;
        for (size_t k = 0; k < d->K; k++) {
            double v = design_value(x, n_feat, lags, t, k);
            if (!isfinite(v))
                return sa_fail(e, "linear AR: feature %zu of row %zu is not a finite number",
                               k % n_feat, t + 1 + k / n_feat - (size_t)lags);
            row[k] = d->sd[k] > 0 ? (v - d->mean[k]) / d->sd[k] : 0;
        }
        row[d->K] = 1;
        for (size_t s = 0; s < d->S; s++) {
            size_t r = t + window_step_ahead((size_t)horizon, d->S, s);
            double *b = &d->b[i * d->S + s];
            *b = x[r * n_feat + (size_t)target_col];
            if (!isfinite(*b))
                return sa_fail(e, "linear AR: target of row %zu is not a finite number", r);
        }
    }
    return 0;
}

/* SVD least squares: singular values below rcond·s_max count as zero, so
 * the all-zero constant columns and collinear ones get the minimum-norm
 * (zero) share instead of an error. Then back to raw units into m:
 * beta_k z_k = (beta_k / sd_k) x_k - beta_k mean_k / sd_k. Returns 0, or
 * -1 with e set. */
static int ar_solve(ar_design *d, linear_ar *m, sa_error *e)
{
    lapack_int rank = 0;
    const size_t S = d->S;
    lapack_int info = LAPACKE_dgelsd(LAPACK_ROW_MAJOR, (lapack_int)d->rows,
                                     (lapack_int)d->cols, (lapack_int)S, d->a,
                                     (lapack_int)d->cols, d->b, (lapack_int)S, d->sv, 1e-10,
                                     &rank);
    if (info != 0)
        return sa_fail(e, "linear AR: least squares failed (LAPACKE_dgelsd info %d)", (int)info);
    for (size_t s = 0; s < S; s++) {
        double intercept = d->b[d->K * S + s], *coef = m->coef + s * d->K;
        for (size_t k = 0; k < d->K; k++)
            if (d->sd[k] > 0) {
                coef[k] = d->b[k * S + s] / d->sd[k];
                intercept -= d->b[k * S + s] * d->mean[k] / d->sd[k];
            }
        m->intercept[s] = intercept;
    }
    m->rank = (int)rank;
    return 0;
}

int linear_ar_fit(linear_ar *m, const float *x, size_t n_rows, size_t n_feat,
                  int target_col, const size_t *train_end, size_t n_train, int lags,
                  int horizon, sa_error *e)
{
    return linear_ar_fit_path(m, x, n_rows, n_feat, target_col, train_end, n_train, lags,
                              horizon, 1, e);
}

/* The RMSE of m's fit over every step of its training windows; pred
 * (n_train, S) is scratch. Returns 0, or -1 with e set. */
static int ar_train_rmse(linear_ar *m, const float *x, size_t n_rows, const size_t *train_end,
                         double *pred, sa_error *e)
{
    size_t S = (size_t)m->steps, F = m->n_feat;
    if (linear_ar_predict(m, x, n_rows, F, train_end, m->n_train, pred, e))
        return -1;
    double sq = 0;
    for (size_t i = 0; i < m->n_train; i++)
        for (size_t s = 0; s < S; s++) {
            size_t r = train_end[i] + window_step_ahead((size_t)m->horizon, S, s);
            double dv = pred[i * S + s] - x[r * F + (size_t)m->target_col];
            sq += dv * dv;
        }
    m->train_rmse = sqrt(sq / (double)(m->n_train * S));
    return 0;
}

int linear_ar_fit_path(linear_ar *m, const float *x, size_t n_rows, size_t n_feat,
                       int target_col, const size_t *train_end, size_t n_train, int lags,
                       int horizon, int steps, sa_error *e)
{
    memset(m, 0, sizeof *m);
    if (lags < 1 || horizon < 1 || steps < 1 || steps > horizon)
        return sa_fail(e, "linear AR: lags %d, horizon %d and steps %d must be at least 1, "
                          "steps at most the horizon", lags, horizon, steps);
    if (n_feat == 0 || target_col < 0 || (size_t)target_col >= n_feat)
        return sa_fail(e, "linear AR: target column %d outside the %zu features", target_col, n_feat);
    if (n_train == 0)
        return sa_fail(e, "linear AR: no training windows");
    if (linear_ar_check_windows(train_end, n_train, n_rows, lags, horizon, e))
        return -1;
    size_t K = (size_t)lags * n_feat, S = (size_t)steps;
    ar_design d;
    int rc = ar_design_alloc(&d, K, n_train, S, e);
    if (rc == 0 && (!(m->coef = calloc(K * S, sizeof *m->coef)) ||
                    !(m->intercept = calloc(S, sizeof *m->intercept))))
        rc = sa_fail(e, "linear AR: out of memory for a %zu x %zu design", n_train, K + 1);
    if (rc == 0) {
        ar_column_moments(&d, x, n_feat, lags, train_end);
        rc = ar_fill_design(&d, x, n_feat, target_col, train_end, lags, horizon, e);
    }
    if (rc == 0)
        rc = ar_solve(&d, m, e);
    m->lags = lags;
    m->horizon = horizon;
    m->steps = steps;
    m->n_feat = n_feat;
    m->target_col = target_col;
    m->n_train = n_train;
    double *pred = rc == 0 ? malloc(n_train * S * sizeof *pred) : NULL;
    if (rc == 0)
        rc = pred ? ar_train_rmse(m, x, n_rows, train_end, pred, e) : sa_fail(e, "out of memory");
    free(pred);
    ar_design_free(&d);
    if (rc)
        linear_ar_free(m);
    return rc;
}
