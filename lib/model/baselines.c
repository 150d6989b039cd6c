/* baselines.c — see baselines.h. */
#include "model/baselines.h"

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

/* The row of time[0..n) (ascending) that holds t, or -1. */
static long row_at_time(const int64_t *time, size_t n, int64_t t)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (time[mid] < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && time[lo] == t ? (long)lo : -1;
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
        /* By time where there are times: a gap between the two rows moves
         * the one a day back to another index, but it is still there. */
        long s = !time ? (t >= back ? (long)(t - back) : -1)
                       : row_at_time(time, t + 1, time[t] - (int64_t)back * step);
        valid[i] = s >= 0;
        out[i] = s >= 0 ? target[s] : target[t];
        n_valid += s >= 0;
    }
    return n_valid;
}

void linear_ar_free(linear_ar *m)
{
    free(m->coef);
    free(m->intercept);
    memset(m, 0, sizeof *m);
}

int linear_ar_check_windows(const size_t *ends, size_t n, size_t n_rows, int lags,
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

int linear_ar_predict(const linear_ar *m, const float *x, size_t n_rows, size_t n_feat,
                      const size_t *window_end, size_t n, double *out, sa_error *e)
{
    if (n_feat != m->n_feat)
        return sa_fail(e, "linear AR: %zu features given, the model was fitted on %zu",
                       n_feat, m->n_feat);
    if (linear_ar_check_windows(window_end, n, n_rows, m->lags, 0, e))
        return -1;
    size_t K = (size_t)m->lags * n_feat, S = m->steps > 1 ? (size_t)m->steps : 1;
    for (size_t i = 0; i < n; i++) {
        /* The window's last p rows are contiguous: x[t-p+1 .. t] is K floats. */
        const float *w = x + (window_end[i] + 1 - (size_t)m->lags) * n_feat;
        for (size_t s = 0; s < S; s++) {
            const double *coef = m->coef + s * K;
            double y = m->intercept[s];
            for (size_t k = 0; k < K; k++)
                y += coef[k] * w[k];
            out[i * S + s] = y;
        }
    }
    return 0;
}
