/* baselines.c — see baselines.h. */
#include "model/baselines.h"
#include "base/array.h"

#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int check_windows(const size_t *window_end, size_t n_windows, size_t n_rows,
                         int horizon, sa_error *e)
{
    if (horizon < 1)
        return sa_fail(e, "baseline: horizon %d is below 1", horizon);
    for (size_t i = 0; i < n_windows; i++)
        if (window_end[i] >= n_rows)
            return sa_fail(e, "baseline: window %zu ends at row %zu, beyond the %zu rows",
                           i, window_end[i], n_rows);
    return 0;
}

int baseline_persistence(const double *target, size_t n_rows, const size_t *window_end,
                         size_t n_windows, int horizon, double *out, sa_error *e)
{
    if (check_windows(window_end, n_windows, n_rows, horizon, e))
        return -1;
    for (size_t i = 0; i < n_windows; i++)
        out[i] = target[window_end[i]];
    return 0;
}

size_t baseline_day_period(int64_t step)
{
    if (step <= 0 || BASELINE_DAY_SECONDS % step != 0)
        return 0;
    return (size_t)(BASELINE_DAY_SECONDS / step);
}

long baseline_seasonal(const double *target, const int64_t *time, int64_t step,
                       size_t n_rows, const size_t *window_end, size_t n_windows,
                       int horizon, size_t period, double *out, unsigned char *valid,
                       sa_error *e)
{
    if (period == 0)
        return sa_fail(e, "baseline: seasonal period of 0 rows (the step does not divide a day)");
    if (check_windows(window_end, n_windows, n_rows, horizon, e))
        return -1;
    /* Step back whole periods until the source row is at or before t. */
    size_t periods = ((size_t)horizon + period - 1) / period;
    size_t back = periods * period - (size_t)horizon; /* rows before t */
    long n_valid = 0;
    for (size_t i = 0; i < n_windows; i++) {
        size_t t = window_end[i];
        int ok = t >= back;
        if (ok && time)
            ok = time[t - back] == time[t] - (int64_t)back * step;
        valid[i] = (unsigned char)ok;
        out[i] = ok ? target[t - back] : target[t];
        n_valid += ok;
    }
    return n_valid;
}

void linear_ar_free(linear_ar *m)
{
    free(m->coef);
    memset(m, 0, sizeof *m);
}

/* Value of design column k (= j·F + f) for the window ending at t. */
static double design_value(const float *x, size_t n_feat, int lags, size_t t, size_t k)
{
    size_t j = k / n_feat, f = k % n_feat;
    size_t row = t + 1 + j - (size_t)lags;
    return x[row * n_feat + f];
}

static int check_ar_windows(const size_t *ends, size_t n, size_t n_rows, int lags,
                            int horizon_needed, sa_error *e)
{
    for (size_t i = 0; i < n; i++) {
        size_t t = ends[i];
        if (t + 1 < (size_t)lags)
            return sa_fail(e, "linear AR: window %zu ends at row %zu, before %d lag rows exist",
                           i, t, lags);
        if (t + (size_t)horizon_needed >= n_rows)
            return sa_fail(e, "linear AR: window %zu ends at row %zu, its %s is beyond the %zu rows",
                           i, t, horizon_needed ? "target" : "end", n_rows);
    }
    return 0;
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
    if (check_ar_windows(train_end, n_train, n_rows, lags, horizon, e))
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

int linear_ar_predict(const linear_ar *m, const float *x, size_t n_rows, size_t n_feat,
                      const size_t *window_end, size_t n, double *out, sa_error *e)
{
    if (n_feat != m->n_feat)
        return sa_fail(e, "linear AR: %zu features given, the model was fitted on %zu",
                       n_feat, m->n_feat);
    if (check_ar_windows(window_end, n, n_rows, m->lags, 0, e))
        return -1;
    size_t K = (size_t)m->lags * n_feat;
    for (size_t i = 0; i < n; i++) {
        /* The window's last p rows are contiguous: x[t-p+1 .. t] is K floats. */
        const float *w = x + (window_end[i] + 1 - (size_t)m->lags) * n_feat;
        double y = m->intercept;
        for (size_t k = 0; k < K; k++)
            y += m->coef[k] * w[k];
        out[i] = y;
    }
    return 0;
}
