/* test_conformal.c — the split conformal quantile rule, calibration and
 * ACI on small hand-made sets, and the width on Gaussian noise. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "base/rng.h"
#include "model/conformal.h"
#include "eval/coverage.h"

static void quantile_rule(void)
{
    const float s[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    /* n = 10, c = 0.9: k = ceil(11 * 0.9) = ceil(9.9) = 10 -> the largest. */
    CHECK(conformal_quantile(s, 10, 0.9) == 10, "n=10 c=0.9: k = ceil(9.9) = 10");
    /* n = 9, c = 0.9: (n+1)c = 9 exactly (9.000000000000002 in floating
     * point) -> k = 9, not 10. */
    CHECK(conformal_quantile(s, 9, 0.9) == 9, "n=9 c=0.9: k = 9 despite rounding");
    CHECK(isinf(conformal_quantile(s, 8, 0.9)), "n=8 c=0.9: k = 9 > n, infinite");
    CHECK(conformal_quantile(s, 10, 0.5) == 6, "n=10 c=0.5: k = ceil(5.5) = 6 (n+1 correction)");
    CHECK(conformal_quantile(s, 10, 0.2) == 3, "n=10 c=0.2: k = ceil(2.2) = 3");
    CHECK(conformal_quantile(s, 10, 0.0) == 0, "c=0: zero width");
    const float one[] = {4};
    CHECK(conformal_quantile(one, 1, 0.5) == 4, "n=1 c=0.5: k = 1, the one score");
    CHECK(isinf(conformal_quantile(one, 1, 0.51)), "n=1 c=0.51: k = 2 > 1, infinite");
    const float ties[] = {1, 2, 2, 2, 2, 5};
    CHECK(conformal_quantile(ties, 6, 0.5) == 2, "ties: n=6 c=0.5: k = 4 -> 2");
    CHECK(conformal_quantile(ties, 6, 0.8) == 5, "ties: n=6 c=0.8: k = ceil(5.6) = 6 -> 5");
    CHECK(conformal_min_scores(0.9) == 9 && conformal_min_scores(0.99) == 99 &&
          conformal_min_scores(0.5) == 1, "fewest scores: 9 for 0.9, 99 for 0.99, 1 for 0.5");
}

static void calibrate_small(void)
{
    /* residuals 3, -1, 2, 0, -5 -> scores 0 1 2 3 5 */
    const double actual[] = {13, 9, 12, 10, 5}, pred[] = {10, 10, 10, 10, 10};
    conformal_set s;
    sa_error e;
    CHECK(conformal_calibrate(&s, actual, pred, NULL, 5, &e) == 0, "calibrate 5 points");
    CHECK(s.n == 5 && s.scores[0] == 0 && s.scores[4] == 5 && !strcmp(s.score, "absolute"),
          "scores sorted, absolute without a spread");
    /* c = 0.5: k = 3 -> 2; c = 0.8: k = ceil(4.8) = 5 -> 5 */
    CHECK(conformal_half_width(&s, 0.5, 99) == 2 && conformal_half_width(&s, 0.8, 0) == 5,
          "half-widths 2 at 0.5 and 5 at 0.8");
    CHECK(conformal_check_level(&s, 0.9, "--coverage", &e) == -1 && strstr(e.msg, "at least 9"),
          "0.9 refused with 5 scores: %s", e.msg);
    CHECK(conformal_check_level(&s, 1.0, "--coverage", &e) == -1 && strstr(e.msg, "between 0 and 1"),
          "--coverage 1 refused");
    CHECK(conformal_check(&s, &e) == 0, "a calibrated set passes the check");
    conformal_set none = {0};
    CHECK(conformal_check_level(&none, 0.9, "--quantile", &e) == -1 &&
          strstr(e.msg, "--quantile 0.9: the model has no calibrated intervals"),
          "a quantile without intervals in the model: %s", e.msg);
    s.scores[1] = 7;
    CHECK(conformal_check(&s, &e) == -1, "scores out of order are refused");
    conformal_set_free(&s);
    CHECK(conformal_calibrate(&s, actual, pred, NULL, 0, &e) == -1, "no calibration points: error");
}

static void aci(void)
{
    conformal_aci a;
    conformal_aci_init(&a, 0.9, 0.05);
    conformal_aci_update(&a, 1);   /* α = 0.1 + 0.05 (0.1 - 1) = 0.055 */
    CHECK_NEAR(a.alpha, 0.055, 1e-12, "ACI: a miss lowers alpha by gamma (1 - alpha)");
    conformal_aci_update(&a, 0);   /* + 0.005 */
    CHECK_NEAR(a.alpha, 0.06, 1e-12, "ACI: a hit raises alpha by gamma alpha");
    for (int i = 0; i < 1000; i++)
        conformal_aci_update(&a, 1);
    CHECK_NEAR(a.alpha, -0.05, 1e-12, "ACI: alpha stays >= -gamma");

    /* A stream: scores 1..10 (n = 10), forecasts 0 issued at t, for t + 1;
     * actuals 20 (every one a miss). With gamma 0 the width stays the 0.9
     * quantile (10); the first forecast's error is known at t = 1. */
    float sc[10];
    for (int i = 0; i < 10; i++)
        sc[i] = (float)(i + 1);
    conformal_set s = {"absolute", 0, 10, sc, NAN, NAN, 1};
    int64_t issued[4] = {0, 1, 2, 3}, target[4] = {1, 2, 3, 4};
    double pred[4] = {0, 0, 0, 0}, act[4] = {20, 20, 20, 20}, lo[4], hi[4], al[4];
    size_t miss = conformal_stream(&s, 0.9, 0, 4, issued, target, pred, NULL, act, lo, hi, al);
    CHECK(miss == 4 && hi[3] == 10 && lo[0] == -10, "stream without ACI: fixed width 10, 4 misses");
    /* gamma 0.5 at level 0.5: α_1 = 0.5 (k = ceil(5.5) = 6 -> 6); the first
     * miss is known at t = 1: α = 0.5 + 0.5 (0.5 - 1) = 0.25, level 0.75,
     * k = ceil(8.25) = 9 -> 9; then α = 0: level 1 is beyond the widest
     * (10/11) -> 10; then α = -0.25 (>= -γ) -> 10. */
    conformal_stream(&s, 0.5, 0.5, 4, issued, target, pred, NULL, act, lo, hi, al);
    CHECK(hi[0] == 6 && al[0] == 0.5, "ACI stream: the first interval is the nominal one (k = 6)");
    CHECK(al[1] == 0.25 && hi[1] == 9, "ACI stream: one miss known at t = 1 -> alpha 0.25, width 9");
    CHECK(al[2] == 0 && hi[2] == 10 && al[3] == -0.25 && hi[3] == 10,
          "ACI stream: alpha 0 and -0.25 use the widest interval (10)");
}

/* Gaussian noise: forecast 0, actual N(0, σ): the width at 0.9 is
 * 2·1.645·σ within a few percent with 2000 calibration points. */
static void gaussian_width(void)
{
    size_t n = 4000;
    double *actual = malloc(n * sizeof *actual), *pred = calloc(n, sizeof *pred);
    rng r;
    rng_seed(&r, 12345);
    double sigma = 3.0;
    for (size_t i = 0; i < n; i++)
        actual[i] = sigma * rng_normal(&r);
    conformal_set s;
    sa_error e;
    CHECK(conformal_calibrate(&s, actual, pred, NULL, n / 2, &e) == 0, "calibrate on 2000 points");
    double width = 2 * conformal_half_width(&s, 0.9, 0);
    CHECK(fabs(width / (2 * 1.645 * sigma) - 1) < 0.04,
          "Gaussian sigma 3: width %.4f vs 2 x 1.645 x 3 = %.4f (within 4 %%)", width,
          2 * 1.645 * sigma);
    size_t covered = 0;
    for (size_t i = n / 2; i < n; i++)
        covered += fabs(actual[i]) <= width / 2;
    double cov = (double)covered / (double)(n / 2);
    CHECK(fabs(cov - 0.9) < 0.02, "Gaussian: coverage of the other 2000 points %.4f within 2 points of 0.9",
          cov);
    conformal_set_free(&s);
    free(actual);
    free(pred);
}

/* The choice of score for an ensemble: when the noise scales with the
 * spread, normalised scores win; when the spread says nothing about the
 * error, absolute ones do. */
static void score_choice(void)
{
    size_t n = 2000;
    double *actual = malloc(n * sizeof *actual), *pred = calloc(n, sizeof *pred);
    double *spread = malloc(n * sizeof *spread);
    rng r;
    rng_seed(&r, 99);
    for (size_t i = 0; i < n; i++) {
        spread[i] = i % 2 ? 0.5 : 5.0;                 /* two regimes */
        actual[i] = spread[i] * rng_normal(&r);        /* noise follows the spread */
    }
    conformal_set s;
    sa_error e;
    conformal_calibrate(&s, actual, pred, spread, n, &e);
    CHECK(!strcmp(s.score, "normalised") && s.check_normalised < s.check_absolute,
          "spread-proportional noise: normalised chosen (interval score %.2f < %.2f)",
          s.check_normalised, s.check_absolute);
    CHECK_NEAR(s.spread_floor, 0.1 * 2.75, 1e-12, "epsilon = 10%% of the median spread (2.75)");
    conformal_set_free(&s);
    for (size_t i = 0; i < n; i++)
        actual[i] = 2 * rng_normal(&r);                /* noise ignores the spread */
    conformal_calibrate(&s, actual, pred, spread, n, &e);
    CHECK(!strcmp(s.score, "absolute") && s.spread_floor == 0,
          "noise unrelated to the spread: absolute kept (%.2f <= %.2f)", s.check_absolute,
          s.check_normalised);
    conformal_set_free(&s);
    free(actual);
    free(pred);
    free(spread);
}

/* eval's coverage by thirds on a known stream: width 10 (n = 10 scores
 * 1..10 at 0.9), actuals 0 (in) or 20 (out). */
static void coverage_thirds(void)
{
    float sc[10];
    for (int i = 0; i < 10; i++)
        sc[i] = (float)(i + 1);
    conformal_set s = {"absolute", 0, 10, sc, NAN, NAN, 1};
    int64_t issued[9], target[9];
    double pred[9] = {0}, act[9] = {0, 0, 0, 0, 20, 0, 20, 20, 10};
    for (int i = 0; i < 9; i++) {
        issued[i] = i;
        target[i] = i + 1;
    }
    coverage_row r;
    sa_error e;
    CHECK(coverage_measure(&r, "model", &s, 0.9, 0, 9, issued, target, pred, NULL, act, &e) == 0,
          "coverage_measure runs");
    /* covered: 0 0 0 | 0 - 0 | - - 10 (on the bound: covered) */
    CHECK_NEAR(r.coverage, 6.0 / 9, 1e-12, "coverage 6/9 (a point on the bound counts)");
    CHECK(r.first_third == 1 && fabs(r.last_third - 1.0 / 3) < 1e-12,
          "first third 3/3, last third 1/3");
    CHECK(r.mean_width == 20 && r.n == 9 && r.n_calibration == 10, "mean width 20 over 9");
    CHECK(coverage_measure(&r, "model", &s, 0.9, 0, 2, issued, target, pred, NULL, act, &e) == -1,
          "two windows are too few for thirds");
}

/* Per-step split conformal (issue 23): each step of a path is scored on
 * its own residuals, its row ascending; conformal_step views a row as a
 * one-step set; one step is conformal_calibrate exactly; the path's
 * coverage is measured step by step with each step's own set. */
static void path_steps(void)
{
    enum { N = 20, S = 2 };
    double actual[N * S], pred[N * S], a1[N], p1[N];
    for (int k = 0; k < N; k++) {   /* step 1 residuals k, step 2 residuals 10 k */
        pred[k * S] = pred[k * S + 1] = 100;
        actual[k * S] = 100 + (k % 2 ? k : -k);
        actual[k * S + 1] = 100 + 10.0 * k;
        a1[k] = actual[k * S];
        p1[k] = 100;
    }
    conformal_set s, one;
    sa_error e;
    CHECK(conformal_calibrate_path(&s, actual, pred, NULL, N, S, &e) == 0 && s.steps == 2 &&
              s.n == N, "path: calibrated, 2 steps of 20 scores");
    conformal_set s1 = conformal_step(&s, 0), s2 = conformal_step(&s, 1);
    /* level 0.5: k = ceil(21 x 0.5) = 11 -> scores 0..19 (step 1), 0..190 (step 2) */
    CHECK(conformal_half_width(&s1, 0.5, 0) == 10 && conformal_half_width(&s2, 0.5, 0) == 100,
          "path: each step's own quantile: 10 at step 1, 100 at step 2 (level 0.5)");
    CHECK(conformal_check(&s, &e) == 0 && s2.steps == 1 && s2.scores == s.scores + N,
          "path: the set checks, a step is a view of its row");
    CHECK(conformal_calibrate(&one, a1, p1, NULL, N, &e) == 0 &&
              !memcmp(one.scores, s.scores, N * sizeof *one.scores),
          "path: step 1's row = conformal_calibrate of step 1 alone");
    conformal_set copy;
    CHECK(conformal_copy(&copy, &s, &e) == 0 && copy.steps == 2 &&
              !memcmp(copy.scores, s.scores, N * S * sizeof *s.scores),
          "path: a copy holds every step");
    s.scores[N + 3] = -1;   /* a damaged row 2 */
    CHECK(conformal_check(&s, &e) == -1, "path: a bad score in step 2's row is found");
    conformal_set_free(&copy);
    conformal_set_free(&one);
    conformal_set_free(&s);
}

int main(void)
{
    path_steps();
    quantile_rule();
    calibrate_small();
    aci();
    gaussian_width();
    score_choice();
    coverage_thirds();
    return test_summary();
}
