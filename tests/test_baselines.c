/* test_baselines.c — persistence and seasonal naive on a hand-made series;
 * the linear AR baseline recovering known processes exactly, surviving
 * constant and collinear columns, and agreeing with a naive normal-equations
 * solve on noisy data. */
#include <stdlib.h>
#include <string.h>
#include "model/baselines.h"
#include "harness.h"
#include "base/rng.h"

static void test_persistence_seasonal(void)
{
    /* Hourly series (step 3600, period 24 rows): x_r = 1000 + r. */
    enum { R = 60 };
    double x[R];
    int64_t time[R];
    for (int r = 0; r < R; r++) {
        x[r] = 1000 + r;
        time[r] = 1700000000 + (int64_t)r * 3600;
    }
    sa_error e = {{0}};
    CHECK(baseline_day_period(3600) == 24 && baseline_day_period(300) == 288,
          "seasonal: a day is 24 hourly or 288 five-minute rows");
    CHECK(baseline_day_period(7) == 0 && baseline_day_period(0) == 0,
          "seasonal: a step that does not divide a day has no period");

    size_t ends[] = {5, 23, 30, 47};
    double out[4];
    unsigned char valid[4];
    CHECK(baseline_persistence(x, R, ends, 4, 1, out, &e) == 0 && out[0] == 1005 &&
              out[1] == 1023 && out[2] == 1030 && out[3] == 1047,
          "persistence: predicts x_t");

    /* h = 1: source t + 1 - 24 = t - 23. t = 5 has none (falls back to x_5);
     * t = 23 -> x_0, t = 30 -> x_7, t = 47 -> x_24. */
    long n = baseline_seasonal(x, time, 3600, R, ends, 4, 1, 24, out, valid, &e);
    CHECK(n == 3, "seasonal: 3 of 4 windows have a source a day back");
    CHECK(valid[0] == 0 && out[0] == 1005, "seasonal: no source before row 0 falls back to persistence");
    CHECK(valid[1] && out[1] == 1000 && valid[2] && out[2] == 1007 && valid[3] && out[3] == 1024,
          "seasonal: x_{t+1-24}");

    /* h = 30 > period: step back two days, source t + 30 - 48 = t - 18. */
    n = baseline_seasonal(x, NULL, 3600, R, ends, 4, 30, 24, out, valid, &e);
    CHECK(n == 3 && !valid[0] && out[1] == 1005 && out[2] == 1012 && out[3] == 1029,
          "seasonal: horizon beyond a day steps back whole days");

    /* A missing hour (10 h) after row 9: rows from 10 on are one hour
     * later. The row a day before the target time is found by its time:
     * t = 23 (24 h, target 25 h) -> row 1 (1 h), t = 30 (31 h) -> row 8
     * (8 h), t = 47 (48 h) -> row 24 (25 h), not the rows 23 back. t = 32
     * (33 h, target 34 h) wants 10 h, the hour missing: persistence. */
    for (int r = 10; r < R; r++)
        time[r] += 3600;
    n = baseline_seasonal(x, time, 3600, R, ends, 4, 1, 24, out, valid, &e);
    CHECK(n == 3 && valid[1] && out[1] == 1001 && valid[2] && out[2] == 1008 && valid[3] &&
          out[3] == 1024, "seasonal: across a gap the row a day back is found by its timestamp");
    size_t in_gap[] = {32};
    n = baseline_seasonal(x, time, 3600, R, in_gap, 1, 1, 24, out, valid, &e);
    CHECK(n == 0 && !valid[0] && out[0] == 1032,
          "seasonal: a day back in the missing hour falls back to persistence");

    size_t bad[] = {60};
    CHECK(baseline_persistence(x, R, bad, 1, 1, out, &e) == -1 && strstr(e.msg, "row 60"),
          "persistence: a window beyond the rows is an error");
    CHECK(baseline_seasonal(x, NULL, 3600, R, ends, 4, 1, 0, out, valid, &e) == -1,
          "seasonal: period 0 is an error");
}

/* Fits on windows [lo, hi) and returns the status. */
static int fit_range(linear_ar *m, const float *x, size_t R, size_t F, int lags, int h,
                     size_t lo, size_t hi, sa_error *e)
{
    size_t n = hi - lo;
    size_t *ends = malloc(n * sizeof *ends);
    for (size_t i = 0; i < n; i++)
        ends[i] = lo + i;
    int rc = linear_ar_fit(m, x, R, F, 0, ends, n, lags, h, e);
    free(ends);
    return rc;
}

/* Largest |predicted - x[t+h][0]| / max(1, |x|) over windows [lo, hi). */
static double max_rel_error(const linear_ar *m, const float *x, size_t R, size_t F,
                            size_t lo, size_t hi)
{
    double worst = 0;
    for (size_t t = lo; t < hi; t++) {
        double p;
        sa_error e;
        if (linear_ar_predict(m, x, R, F, &t, 1, &p, &e))
            return INFINITY;
        double want = x[(t + (size_t)m->horizon) * F];
        double rel = fabs(p - want) / fmax(1.0, fabs(want));
        worst = fmax(worst, rel);
    }
    return worst;
}

static void test_ar2(void)
{
    /* x_{t+1} = 2 x_t - x_{t-1} + 2 from 0, 1: x_t = t², exact in float up
     * to t = 600 (360000 < 2^24). Window ending at t with 2 lags uses
     * (x_{t-1}, x_t): coef = (-1, 2), intercept 2. */
    enum { R = 600 };
    float x[R];
    x[0] = 0;
    x[1] = 1;
    for (int t = 1; t + 1 < R; t++)
        x[t + 1] = 2 * x[t] - x[t - 1] + 2;
    linear_ar m;
    sa_error e = {{0}};
    CHECK(fit_range(&m, x, R, 1, 2, 1, 1, 400, &e) == 0, "linear AR: fits an AR(2)");
    CHECK_NEAR(m.coef[1], 2.0, 2e-6, "linear AR: AR(2) lag-1 coefficient 2");
    CHECK_NEAR(m.coef[0], -1.0, 1e-6, "linear AR: AR(2) lag-2 coefficient -1");
    CHECK_NEAR(m.intercept[0], 2.0, 2e-6, "linear AR: AR(2) intercept 2");
    CHECK(m.rank == 3 && m.n_train == 399, "linear AR: AR(2) design has full rank 3");
    CHECK(max_rel_error(&m, x, R, 1, 400, R - 1) < 1e-6,
          "linear AR: AR(2) test predictions exact to 1e-6 relative");
    CHECK(m.train_rmse < 1e-6, "linear AR: AR(2) training RMSE 0");
    linear_ar_free(&m);

    /* Two steps ahead: x_{t+2} = 3 x_t - 2 x_{t-1} + 6. */
    CHECK(fit_range(&m, x, R, 1, 2, 2, 1, 400, &e) == 0, "linear AR: fits horizon 2");
    CHECK(fabs(m.coef[1] - 3) < 3e-6 && fabs(m.coef[0] + 2) < 2e-6 && fabs(m.intercept[0] - 6) < 6e-6,
          "linear AR: horizon-2 coefficients (3, -2, 6)");
    CHECK(max_rel_error(&m, x, R, 1, 400, R - 2) < 1e-6, "linear AR: horizon-2 predictions exact");
    linear_ar_free(&m);

    /* Three lags make the design rank-deficient: x_t - 2 x_{t-1} + x_{t-2}
     * = 2 is an exact linear relation with the intercept. The SVD solve
     * still predicts exactly. */
    CHECK(fit_range(&m, x, R, 1, 3, 1, 2, 400, &e) == 0, "linear AR: rank-deficient design is fitted");
    CHECK(m.rank == 3, "linear AR: rank 3 of 4 columns reported");
    CHECK(max_rel_error(&m, x, R, 1, 400, R - 1) < 1e-6,
          "linear AR: rank-deficient fit still predicts exactly");
    linear_ar_free(&m);
}

static void test_two_features(void)
{
    /* Columns: 0 target y, 1 u, 2 v (random integers), 3 constant 0.1,
     * 4 a copy of u (collinear), 5 constant over training rows only.
     * y_{t+1} = 2 u_t - 3 v_t + 5. One lag. */
    enum { R = 300, F = 6 };
    float *x = calloc(R * F, sizeof *x);
    rng r;
    rng_seed(&r, 7);
    for (int t = 0; t < R; t++) {
        float *row = x + t * F;
        row[1] = (float)rng_below(&r, 100);
        row[2] = (float)rng_below(&r, 100);
        row[3] = 0.1f;
        row[4] = row[1];
        row[5] = t < 200 ? 4.0f : (float)t;
        if (t > 0)
            row[0] = 2 * x[(t - 1) * F + 1] - 3 * x[(t - 1) * F + 2] + 5;
    }
    linear_ar m;
    sa_error e = {{0}};
    CHECK(fit_range(&m, x, R, F, 1, 1, 0, 199, &e) == 0,
          "linear AR: constant and collinear columns do not break the fit");
    CHECK(fabs(m.coef[0]) < 1e-9 && fabs(m.coef[2] + 3) < 1e-9 && fabs(m.intercept[0] - 5) < 1e-8,
          "linear AR: recovers -3 v + 5 and ignores y_t");
    CHECK(fabs(m.coef[1] + m.coef[4] - 2) < 1e-9 && fabs(m.coef[1] - m.coef[4]) < 1e-9,
          "linear AR: collinear u and its copy share 2 equally (minimum norm)");
    CHECK(m.coef[3] == 0 && m.coef[5] == 0, "linear AR: constant columns get coefficient 0");
    CHECK(m.rank == 4, "linear AR: rank counts u, v, y and the intercept");
    CHECK(max_rel_error(&m, x, R, F, 200, R - 1) < 1e-9,
          "linear AR: exact on test rows where the train-constant column varies");
    linear_ar_free(&m);
    free(x);
}

/* Solves (n, n) system a z = b in place by Gauss-Jordan with partial
 * pivoting; the naive reference for the least-squares fit. */
static void solve_naive(double *a, double *b, int n)
{
    for (int c = 0; c < n; c++) {
        int piv = c;
        for (int r = c + 1; r < n; r++)
            if (fabs(a[r * n + c]) > fabs(a[piv * n + c]))
                piv = r;
        for (int k = 0; k < n; k++) {
            double tmp = a[c * n + k];
            a[c * n + k] = a[piv * n + k];
            a[piv * n + k] = tmp;
        }
        double tb = b[c];
        b[c] = b[piv];
        b[piv] = tb;
        for (int r = 0; r < n; r++) {
            if (r == c)
                continue;
            double f = a[r * n + c] / a[c * n + c];
            for (int k = 0; k < n; k++)
                a[r * n + k] -= f * a[c * n + k];
            b[r] -= f * b[c];
        }
    }
    for (int c = 0; c < n; c++)
        b[c] /= a[c * n + c];
}

static void test_against_normal_equations(void)
{
    /* Noisy data, 2 features x 3 lags: compare with (A^T A) z = A^T y in raw
     * units, columns ordered as coef then intercept. */
    enum { R = 400, F = 2, P = 3, H = 2, K = P * F + 1 };
    float x[R * F];
    rng r;
    rng_seed(&r, 11);
    for (int t = 0; t < R; t++) {
        x[t * F + 1] = (float)(50 + 10 * rng_normal(&r));
        x[t * F] = (float)(20 + 0.5 * (t ? x[(t - 1) * F] : 0) + 0.3 * x[t * F + 1] +
                           rng_normal(&r));
    }
    size_t lo = P - 1, hi = 300;
    linear_ar m;
    sa_error e = {{0}};
    CHECK(fit_range(&m, x, R, F, P, H, lo, hi, &e) == 0, "linear AR: fits noisy data");
    double ata[K * K] = {0}, aty[K] = {0};
    for (size_t t = lo; t < hi; t++) {
        double row[K];
        for (int k = 0; k < P * F; k++)
            row[k] = x[(t + 1 - P) * F + k];
        row[K - 1] = 1;
        double y = x[(t + H) * F];
        for (int i = 0; i < K; i++) {
            aty[i] += row[i] * y;
            for (int j = 0; j < K; j++)
                ata[i * K + j] += row[i] * row[j];
        }
    }
    solve_naive(ata, aty, K);
    double worst = fabs(m.intercept[0] - aty[K - 1]) / fmax(1, fabs(aty[K - 1]));
    for (int k = 0; k < P * F; k++)
        worst = fmax(worst, fabs(m.coef[k] - aty[k]) / fmax(1e-3, fabs(aty[k])));
    CHECK(worst < 1e-6, "linear AR: agrees with the normal equations (max rel diff %.2g)", worst);
    /* Two steps ahead the unseen u_{t+2} (0.3 x sd 10) and noises add up:
     * var = 1 + 9 + 0.25 (1 + 9) = 12.5, RMSE about 3.5. */
    CHECK(m.train_rmse > 3.0 && m.train_rmse < 4.0,
          "linear AR: training RMSE %.3f near the unexplained sd 3.5", m.train_rmse);
    linear_ar_free(&m);

    size_t early = 1, late = R - 1;
    CHECK(linear_ar_fit(&m, x, R, F, 0, &early, 1, P, H, &e) == -1 && strstr(e.msg, "lag rows"),
          "linear AR: a window without enough lag rows is an error");
    CHECK(linear_ar_fit(&m, x, R, F, 0, &late, 1, P, H, &e) == -1 && strstr(e.msg, "target"),
          "linear AR: a training window without a target is an error");
    CHECK(linear_ar_fit(&m, x, R, F, 0, &late, 0, P, H, &e) == -1, "linear AR: no windows is an error");
    x[5] = NAN;
    CHECK(fit_range(&m, x, R, F, P, H, lo, hi, &e) == -1 && strstr(e.msg, "row 2"),
          "linear AR: NaN in the features is an error naming the row");
    CHECK(m.coef == NULL, "linear AR: a failed fit leaves the model empty");
}

/* A path (issue 23): the direct linear AR of S steps is, step by step,
 * the fit at each horizon (one solve with S right-hand sides against S
 * solves), and its forecasts (n, S) agree. */
static void test_ar_path(void)
{
    enum { R = 400, F = 2, S = 4, P = 3 };
    float x[R * F];
    for (int t = 0; t < R; t++) {
        x[t * F] = (float)(20 + 5 * sin(0.3 * t) + 0.01 * t + (t % 5) * 0.2);
        x[t * F + 1] = (float)(t % 24);
    }
    size_t ends[300];
    for (int i = 0; i < 300; i++)
        ends[i] = (size_t)i + P;
    linear_ar path, one;
    sa_error e;
    double fp[10 * S], f1[10];
    int rc = linear_ar_fit_path(&path, x, R, F, 0, ends, 300, P, S, S, &e) ||
             linear_ar_predict(&path, x, R, F, ends + 290, 10, fp, &e);
    double worst = rc ? INFINITY : 0;
    for (int h = 1; rc == 0 && h <= S; h++) {
        rc = linear_ar_fit(&one, x, R, F, 0, ends, 300, P, h, &e) ||
             linear_ar_predict(&one, x, R, F, ends + 290, 10, f1, &e);
        for (int k = 0; rc == 0 && k < 10; k++)
            worst = fmax(worst, fabs(fp[k * S + h - 1] - f1[k]) / fmax(1, fabs(f1[k])));
        if (rc == 0)
            worst = fmax(worst, fabs(path.intercept[h - 1] - one.intercept[0]) /
                                    fmax(1, fabs(one.intercept[0])));
        linear_ar_free(&one);
    }
    CHECK(rc == 0 && worst < 1e-9, "linear AR path: step h = the fit at horizon h, h = 1..4 "
          "(forecasts and intercepts within %.1g)", worst);
    CHECK(path.steps == S && path.train_rmse > 0, "linear AR path: 4 steps, one training RMSE");
    linear_ar_free(&path);
    CHECK(linear_ar_fit_path(&path, x, R, F, 0, ends, 300, P, 3, 4, &e) == -1,
          "linear AR path: more steps than the horizon is refused");
}

int main(void)
{
    test_ar_path();
    test_persistence_seasonal();
    test_ar2();
    test_two_features();
    test_against_normal_equations();
    return test_summary();
}
