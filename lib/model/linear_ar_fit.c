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
 * training windows, K = lags x features design columns. */
typedef struct ar_design {
    size_t K, cols, rows;   /* K, K + 1 (the intercept's), W */
    double *mean;           /* (K) */
    double *sd;             /* (K), 0 = column left out */
    double *a;              /* (W, K+1) standardized design */
    double *b;              /* (max(W, K+1)) target, then solution */
    double *sv;             /* (K+1) singular values */
} ar_design;

static void ar_design_free(ar_design *d)
{
    FREE_ALL(d->mean, d->sd, d->a, d->b, d->sv);
}

static int ar_design_alloc(ar_design *d, size_t K, size_t rows, sa_error *e)
{
    size_t cols = K + 1, b_rows = rows > cols ? rows : cols;
    *d = (ar_design){.K = K, .cols = cols, .rows = rows};
    d->mean = calloc(K, sizeof *d->mean);
    d->sd = calloc(K, sizeof *d->sd);
    d->a = calloc(rows * cols, sizeof *d->a);
    d->b = calloc(b_rows, sizeof *d->b);
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
        d->b[i] = x[(t + (size_t)horizon) * n_feat + (size_t)target_col];
        if (!isfinite(d->b[i]))
            return sa_fail(e, "linear AR: target of row %zu is not a finite number",
                           t + (size_t)horizon);
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
    lapack_int info = LAPACKE_dgelsd(LAPACK_ROW_MAJOR, (lapack_int)d->rows,
                                     (lapack_int)d->cols, 1, d->a, (lapack_int)d->cols, d->b, 1,
                                     d->sv, 1e-10, &rank);
    if (info != 0)
        return sa_fail(e, "linear AR: least squares failed (LAPACKE_dgelsd info %d)", (int)info);
    double intercept = d->b[d->K];
    for (size_t k = 0; k < d->K; k++)
        if (d->sd[k] > 0) {
            m->coef[k] = d->b[k] / d->sd[k];
            intercept -= d->b[k] * d->mean[k] / d->sd[k];
        }
    m->intercept = intercept;
    m->rank = (int)rank;
    return 0;
}

int linear_ar_fit(linear_ar *m, const float *x, size_t n_rows, size_t n_feat,
                  int target_col, const size_t *train_end, size_t n_train, int lags,
                  int horizon, sa_error *e)
{
    memset(m, 0, sizeof *m);
    if (lags < 1 || horizon < 1)
        return sa_fail(e, "linear AR: lags %d and horizon %d must be at least 1", lags, horizon);
    if (n_feat == 0 || target_col < 0 || (size_t)target_col >= n_feat)
        return sa_fail(e, "linear AR: target column %d outside the %zu features", target_col, n_feat);
    if (n_train == 0)
        return sa_fail(e, "linear AR: no training windows");
    if (linear_ar_check_windows(train_end, n_train, n_rows, lags, horizon, e))
        return -1;
    size_t K = (size_t)lags * n_feat;
    ar_design d;
    int rc = ar_design_alloc(&d, K, n_train, e);
    if (rc == 0 && !(m->coef = calloc(K, sizeof *m->coef)))
        rc = sa_fail(e, "linear AR: out of memory for a %zu x %zu design", n_train, K + 1);
    if (rc == 0) {
        ar_column_moments(&d, x, n_feat, lags, train_end);
        rc = ar_fill_design(&d, x, n_feat, target_col, train_end, lags, horizon, e);
    }
    if (rc == 0)
        rc = ar_solve(&d, m, e);
    m->lags = lags;
    m->horizon = horizon;
    m->n_feat = n_feat;
    m->target_col = target_col;
    m->n_train = n_train;
    /* Training fit, reusing b (no longer needed) for the predictions. */
    if (rc == 0)
        rc = linear_ar_predict(m, x, n_rows, n_feat, train_end, n_train, d.b, e);
    if (rc == 0) {
        double sq = 0;
        for (size_t i = 0; i < n_train; i++) {
            double dv = d.b[i] - x[(train_end[i] + (size_t)horizon) * n_feat + (size_t)target_col];
            sq += dv * dv;
        }
        m->train_rmse = sqrt(sq / (double)n_train);
    }
    ar_design_free(&d);
    if (rc)
        linear_ar_free(m);
    return rc;
}

