/* test_holtwinters.c — Nelder-Mead on known minima; Holt-Winters against
 * statsmodels (tests/data/hw_ref.csv, from tests/fixtures/hw_ref.py) for
 * the same parameters, on series with known answers (a pure season is
 * forecast exactly at any horizon, a straight line within the damping's
 * lag), on constant and all-zero series, and its errors. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "base/nelder_mead.h"
#include "model/holtwinters.h"
#include "harness.h"

static double rosenbrock(const double *x, void *ctx)
{
    (void)ctx;
    return 100 * pow(x[1] - x[0] * x[0], 2) + pow(1 - x[0], 2);
}

static double bowl(const double *x, void *ctx)
{
    const double *centre = ctx;
    double s = 0;
    for (int i = 0; i < 4; i++)
        s += (i + 1) * (x[i] - centre[i]) * (x[i] - centre[i]);
    return s;
}

static void test_nelder_mead(void)
{
    double x[2] = {-1.2, 1};
    double f = nelder_mead(rosenbrock, NULL, x, 2, 0.5, 1e-14, 5000);
    CHECK(f < 1e-8 && fabs(x[0] - 1) < 1e-3 && fabs(x[1] - 1) < 1e-3,
          "nelder-mead: Rosenbrock's valley from (-1.2, 1) to (1, 1) (f %.2g at %.5f, %.5f)", f,
          x[0], x[1]);
    double centre[4] = {3, -2, 0.5, 7}, y[4] = {0, 0, 0, 0};
    f = nelder_mead(bowl, centre, y, 4, 1, 1e-14, 5000);
    CHECK(f < 1e-8 && fabs(y[0] - 3) < 1e-3 && fabs(y[3] - 7) < 1e-3,
          "nelder-mead: the centre of a 4-d bowl (f %.2g)", f);
    CHECK(isnan(nelder_mead(bowl, centre, y, 0, 1, 1e-9, 10)), "nelder-mead: 0 dimensions is refused");
}

/* tests/data/hw_ref.csv: y, statsmodels' seasonal and plain forecasts. */
static size_t read_reference(double *y, double *seasonal, double *plain, size_t cap)
{
    FILE *fp = fopen("tests/data/hw_ref.csv", "r");
    char line[256];
    size_t n = 0;
    if (!fp || !fgets(line, sizeof line, fp))
        return 0;
    while (n < cap && fscanf(fp, "%lf,%lf,%lf", &y[n], &seasonal[n], &plain[n]) == 3)
        n++;
    fclose(fp);
    return n;
}

static void test_statsmodels_parity(void)
{
    enum { CAP = 200 };
    double y[CAP], seasonal[CAP], plain[CAP], out[CAP];
    size_t ends[CAP], n = read_reference(y, seasonal, plain, CAP);
    CHECK(n == 150, "holt-winters: reference has 150 rows (%zu)", n);
    if (n != 150)
        return;
    for (size_t t = 0; t + 1 < n; t++)
        ends[t] = t;
    sa_error e;
    holt_winters m = {0.3, 0.05, 0.2, 0.9, 12, 0, 0};
    double worst = 0;
    int rc = hw_forecast(&m, y, n, ends, n - 1, 1, out, &e);
    for (size_t t = 0; rc == 0 && t + 1 < n; t++)
        worst = fmax(worst, fabs(out[t] - seasonal[t + 1]));
    CHECK(rc == 0 && worst < 1e-9,
          "holt-winters: one-step forecasts equal statsmodels' with a season (worst %.2g)", worst);
    m = (holt_winters){0.3, 0.05, 0, 0.9, 0, 0, 0};
    worst = 0;
    rc = hw_forecast(&m, y, n, ends, n - 1, 1, out, &e);
    for (size_t t = 0; rc == 0 && t + 1 < n; t++)
        worst = fmax(worst, fabs(out[t] - plain[t + 1]));
    CHECK(rc == 0 && worst < 1e-9,
          "holt-winters: one-step forecasts equal statsmodels' without a season (worst %.2g)", worst);
}

/* Fits on the first n_train rows of y (n rows) and returns the largest
 * error of the forecasts horizon steps ahead over the rest. */
static double worst_after_fit(const double *y, size_t n, size_t n_train, size_t period,
                              int horizon, holt_winters *m)
{
    size_t ends[1024], count = 0;
    double out[1024], worst = 0;
    sa_error e;
    if (hw_fit(m, y, n_train, period, &e))
        return INFINITY;
    for (size_t t = n_train; t + (size_t)horizon < n; t++)
        ends[count++] = t;
    if (hw_forecast(m, y, n, ends, count, horizon, out, &e))
        return INFINITY;
    for (size_t i = 0; i < count; i++)
        worst = fmax(worst, fabs(out[i] - y[ends[i] + (size_t)horizon]));
    return worst;
}

static void test_known_answers(void)
{
    enum { N = 24 * 12 };
    double y[N];
    holt_winters m;
    for (size_t t = 0; t < N; t++) /* a daily shape of 24 hourly rows, no noise */
        y[t] = 40 + 15 * sin(2 * M_PI * (double)t / 24) + 4 * cos(2 * M_PI * (double)t / 8) +
               (t % 24 == 9 ? 6 : 0);
    double w1 = worst_after_fit(y, N, 24 * 8, 24, 1, &m);
    CHECK(m.period == 24 && w1 < 1e-9, "holt-winters: a pure daily season is forecast exactly "
                                       "one step ahead (worst %.2g)", w1);
    CHECK(m.sse < 1e-12, "holt-winters: and fitted with no error (sse %.2g)", m.sse);
    double w5 = worst_after_fit(y, N, 24 * 8, 24, 5, &m);
    double w30 = worst_after_fit(y, N, 24 * 8, 24, 30, &m);
    CHECK(w5 < 1e-9 && w30 < 1e-9, "holt-winters: and 5 and 30 steps ahead (beyond a season) "
                                   "(worst %.2g, %.2g)", w5, w30);
    double w_short = worst_after_fit(y, N, 30, 24, 1, &m);
    CHECK(m.period == 0 && isfinite(w_short),
          "holt-winters: less than two days of training rows fit no season");

    for (size_t t = 0; t < N; t++) /* a straight line (no season asked for) */
        y[t] = 3 + 0.5 * (double)t;
    double wl = worst_after_fit(y, N, 200, 0, 1, &m);
    /* A damped trend lags a line by about (1 - φ)·slope at best. */
    CHECK(wl < 0.01 * 0.5, "holt-winters: a straight line is followed within 1 %% of its slope "
                           "(worst %.4f, α %.3f β %.3f φ %.3f)", wl, m.alpha, m.beta, m.phi);
    CHECK(m.phi > 0.99, "holt-winters: the fit leaves the trend nearly undamped on a line (φ %.4f)",
          m.phi);
}

static void test_degenerate(void)
{
    enum { N = 300 };
    double y[N], out[N];
    size_t ends[N];
    holt_winters m;
    sa_error e;
    for (double level = 0; level <= 7; level += 7) {
        for (size_t t = 0; t < N; t++) {
            y[t] = level;
            ends[t] = t;
        }
        int rc = hw_fit(&m, y, 200, 24, &e) || hw_forecast(&m, y, N, ends, N, 3, out, &e);
        int exact = rc == 0;
        for (size_t t = 0; exact && t < N; t++)
            exact = fabs(out[t] - level) <= 1e-12 * (1 + level);
        CHECK(exact && m.sse < 1e-20 && isfinite(m.alpha), "holt-winters: a constant %g is "
                                                           "forecast as itself", level);
    }
    CHECK(hw_fit(&m, y, 2, 24, &e) == -1 && strstr(e.msg, "at least 3"),
          "holt-winters: 2 rows are too few to fit: %s", e.msg);
    m = (holt_winters){0.5, 0.1, 0.1, 0.9, 24, 0, 0};
    CHECK(hw_forecast(&m, y, 30, ends, 3, 1, out, &e) == -1 && strstr(e.msg, "two seasons"),
          "holt-winters: a season needs two of them to start: %s", e.msg);
    CHECK(hw_forecast(&m, y, N, ends, 3, 0, out, &e) == -1, "holt-winters: horizon 0 is refused");
    size_t beyond = N;
    CHECK(hw_forecast(&m, y, N, &beyond, 1, 1, out, &e) == -1 && strstr(e.msg, "beyond"),
          "holt-winters: a window beyond the rows is refused");
    y[5] = NAN;
    CHECK(hw_fit(&m, y, 100, 24, &e) == -1 && strstr(e.msg, "row 5"),
          "holt-winters: a non-finite value is refused: %s", e.msg);
}

/* A path (issue 23): step j of hw_forecast_path is hw_forecast at
 * horizon j + 1, exactly (the same sums in the same order), whatever the
 * order of the windows. */
static void test_path(void)
{
    enum { N = 120, S = 30 };
    double y[N], path[N * S], one[N];
    size_t ends[N], shuffled[N];
    for (size_t t = 0; t < N; t++) {
        y[t] = 50 + 0.2 * (double)t + 10 * sin(2 * M_PI * (double)t / 24) + (t % 7) * 0.3;
        ends[t] = t < 50 ? 50 : t;   /* every window ends where the season has started */
    }
    for (size_t t = 0; t < N; t++)
        shuffled[t] = ends[(t * 37) % N];
    holt_winters m;
    sa_error e;
    int rc = hw_fit(&m, y, 96, 24, &e) || hw_forecast_path(&m, y, N, ends, N, S, S, path, &e);
    int same = rc == 0;
    for (int h = 1; same && h <= S; h++) {
        same = hw_forecast(&m, y, N, ends, N, h, one, &e) == 0;
        for (size_t t = 0; same && t < N; t++)
            same = path[t * S + h - 1] == one[t];
    }
    CHECK(same, "holt-winters path: step h = hw_forecast at horizon h, h = 1..30 (past a season)");
    double path2[N * S];
    rc = hw_forecast_path(&m, y, N, shuffled, N, S, S, path2, &e);
    same = rc == 0;
    for (size_t i = 0; same && i < N; i++)
        same = !memcmp(path2 + i * S, path + ((i * 37) % N) * S, S * sizeof *path);
    CHECK(same, "holt-winters path: windows in any order get their own paths");
    CHECK(hw_forecast_path(&m, y, N, ends, N, 3, 4, path, &e) == -1,
          "holt-winters path: more steps than the horizon is refused");
}

int main(void)
{
    test_path();
    test_nelder_mead();
    test_statsmodels_parity();
    test_known_answers();
    test_degenerate();
    return test_summary();
}
