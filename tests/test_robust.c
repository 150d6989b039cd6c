/* test_robust.c — the pieces of the robust preset on their own (issue 14):
 * the transform (fitted on hand-made columns with known medians, steps and
 * quantiles, and its fallbacks for flat and constant series), the
 * per-window centring and clipping, the highway op and the L1 and Huber
 * losses by finite differences (central, step 1e-3, in double where the
 * ops allow, away from the kinks).
 * Sizes: T steps, B batch, I inputs, k highway width. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "features/features.h"
#include "features/transform.h"
#include "harness.h"
#include "nn/highway.h"
#include "nn/loss.h"
#include "nn/window_norm.h"

/* transform_fit_robust of the 6 rows of x (n_feat columns, feature ids)
 * with a window set whose training windows cover them all. */
static int fit_six_rows(transform *t, const float *x, size_t n_feat, const int *ids, int log1p)
{
    size_t ends[4];
    window_set w = {0};
    w.seq_len = 2;
    w.horizon = 1;
    w.n = 6 - 2;
    for (size_t k = 0; k < w.n; k++)
        ends[k] = k + 1;
    w.end = ends;
    w.n_train = w.n;
    sa_error e;
    return transform_fit_robust(t, x, 6, n_feat, ids, &w, log1p, &e);
}

static void test_fit_known(void)
{
    /* Column 0 (target): 10, 11, 13, 16, 20, 25: steps 1 2 3 4 5, median 3;
     * median of values (13 + 16) / 2 = 14.5. Column 1 (network_in):
     * 0 0 0 1 100 1000: non-negative, median 0.5, p99 large -> log1p.
     * Column 2 (hour): fixed (x - 11.5) / 11.5. */
    float x[6 * 3] = {10, 0, 0, 11, 0, 6, 13, 0, 12, 16, 1, 18, 20, 100, 23, 25, 1000, 3};
    int ids[3] = {FEAT_CPU, FEAT_NETWORK_IN, FEAT_HOUR};
    transform t;
    CHECK(fit_six_rows(&t, x, 3, ids, TRANSFORM_LOG1P_AUTO) == 0,
          "transform: fits");
    CHECK(t.log1p[0] == 0, "transform: CPU 10..25 is not heavy-tailed (no log1p)");
    CHECK_NEAR(t.scale[0], 3.0, 1e-12, "transform: target scale = median |step| = 3");
    CHECK_NEAR(t.center[0], 14.5, 1e-12, "transform: target center = median 14.5");
    CHECK(t.log1p[1] == 1, "transform: counts 0..1000 are heavy-tailed (log1p)");
    CHECK_NEAR(t.center[1], log1p(1.0) / 2, 1e-12,
               "transform: network center = median of log1p values");
    CHECK(t.role[0] == TRANSFORM_RELATIVE && t.role[1] == TRANSFORM_ROBUST &&
              t.role[2] == TRANSFORM_FIXED, "transform: roles relative, robust, fixed");
    CHECK(transform_relative_mask(&t) == 1u, "transform: relative mask = bit 0");
    float z[18];
    transform_apply(&t, x, 6, z);
    CHECK_NEAR(z[3 * 3 + 0], (16 - 14.5) / 3, 1e-6, "transform: target (16 - 14.5) / 3");
    CHECK_NEAR(z[4 * 3 + 2], (23 - 11.5) / 11.5, 1e-6, "transform: hour 23 -> 1");
    CHECK_NEAR(transform_unscale(&t, 0, z[3 * 3]), 16, 1e-5, "transform: unscale inverts");
    transform_free(&t);
    /* The same network column forced without log1p. */
    CHECK(fit_six_rows(&t, x, 3, ids, TRANSFORM_LOG1P_OFF) == 0 &&
              t.log1p[1] == 0 && t.center[1] == 0.5, "transform: --log1p off keeps raw values");
    transform_free(&t);
}

static void test_fit_fallbacks(void)
{
    /* Mostly flat: 5 5 5 5 9 9: steps 0 0 0 4 0, median 0 -> mean 0.8. */
    float flat[6] = {5, 5, 5, 5, 9, 9};
    float constant[6] = {7, 7, 7, 7, 7, 7};
    float zeros[6] = {0};
    int ids[1] = {FEAT_CPU};
    transform t;
    sa_error e;
    CHECK(fit_six_rows(&t, flat, 1, ids, TRANSFORM_LOG1P_OFF) == 0,
          "fallback: fits a flat series");
    CHECK_NEAR(t.scale[0], 0.8, 1e-12, "fallback: median step 0 -> mean |step| 0.8");
    transform_free(&t);
    CHECK(fit_six_rows(&t, constant, 1, ids, TRANSFORM_LOG1P_AUTO) == 0,
          "fallback: fits a constant series");
    CHECK(t.scale[0] == 1.0 && transform_check(&t, &e) == 0,
          "fallback: constant series -> scale 1 (never 0), passes the check");
    CHECK_NEAR(transform_unscale(&t, 0, 0.0), 7.0, 1e-12, "fallback: constant unscales to 7");
    transform_free(&t);
    CHECK(fit_six_rows(&t, zeros, 1, ids, TRANSFORM_LOG1P_AUTO) == 0 &&
              t.scale[0] == 1.0 && t.log1p[0] == 0 && t.center[0] == 0,
          "fallback: all-zero series -> center 0, scale 1, no log1p");
    float z[6];
    transform_apply(&t, zeros, 6, z);
    CHECK(z[0] == 0 && z[5] == 0 && transform_unscale(&t, 0, 0) == 0,
          "fallback: all-zero series maps to 0 and back");
    transform_free(&t);
}

static void test_minmax_and_check(void)
{
    float min[2] = {1, 3}, max[2] = {5, 3}, x[2] = {2, 3}, z[2];
    transform t;
    sa_error e;
    CHECK(transform_from_minmax(&t, min, max, 2, &e) == 0, "minmax: built");
    transform_apply(&t, x, 1, z);
    CHECK(z[0] == 0.25f && z[1] == 0.0f, "minmax: (2-1)/4 = 0.25, constant column -> 0");
    CHECK_NEAR(transform_unscale(&t, 0, 0.5), 3.0, 1e-12, "minmax: unscale 0.5 -> 3");
    t.scale[1] = NAN;
    CHECK(transform_check(&t, &e) == -1 && strstr(e.msg, "column 1"), "check: NaN scale: %s",
          e.msg);
    transform_free(&t);
    CHECK(transform_log1p_by_name("off") == TRANSFORM_LOG1P_OFF &&
              transform_log1p_by_name("x") == -1, "log1p names");
}

/* Window scaling (global models): the scale is the mean absolute step of
 * the target, floored; the relative columns are divided by it. */
static void test_window_scale(void)
{
    /* T 3, B 2, I 2, time-major: window 0 targets 1, 3, 2 (steps 2, 1:
     * scale 1.5), window 1 targets 4, 4, 4 (still: no scale). */
    float x[12] = {1, 9, 4, 8, 3, 7, 4, 6, 2, 5, 4, 4}, anchor[2], scale[2];
    window_norm_forward(x, anchor, scale, 1u, 10, 3, 2, 2);
    CHECK(anchor[0] == 2 && scale[0] == 1.5f && anchor[1] == 4 && scale[1] == 0,
          "window_scale: anchor 2 and scale 1.5; a still window has scale 0 (%g %g)",
          scale[0], scale[1]);
    float nearly[3] = {4, 4, 4.00001f};
    CHECK(window_norm_scale(nearly, 1, 3) == WINDOW_SCALE_FLOOR * (1.0f + 4.00001f),
          "window_scale: a nearly still window's scale is the floor");
    CHECK(window_norm_unit(7, 4, 0) == 0, "window_scale: no target units without a scale");
    CHECK(fabsf(x[0] + 2.0f / 3) < 1e-6f && fabsf(x[4] - 2.0f / 3) < 1e-6f && x[8] == 0 &&
              x[1] == 9 && x[2] == 0 && x[10] == 0,
          "window_scale: relative columns centred and divided by the scale, others kept");
    CHECK(window_norm_unit(5, 2, 1.5f) == 2 && window_norm_unit(1e9f, 0, 1) == WINDOW_SCALE_TARGET_CLIP,
          "window_scale: a target in window units, clipped");
    float col[4] = {10, 12, 11, 11};
    CHECK(window_norm_scale(col, 1, 4) == 1.0f, "window_scale: the scale of a strided column");
}

static void test_window_norm(void)
{
    /* T 2, B 1, I 2: rows (t) [3, 50] [5, -7]: column 0 relative. */
    float x[4] = {3, 50, 5, -7}, anchor[1];
    window_norm_forward(x, anchor, NULL, 1u, 10, 2, 1, 2);
    CHECK(anchor[0] == 5 && x[0] == -2 && x[1] == 10 && x[2] == 0 && x[3] == -7,
          "window_norm: centred on the last target value, clipped at 10");
}

/* ---- finite differences ------------------------------------------------ */

static double highway_loss(const float *x, const float *w, const float *bias, const float *r,
                           int T, int B, int I, int k, int S)
{
    float out[16];
    highway_forward(out, x, w, bias, T, B, I, k, S);
    double s = 0;
    for (int i = 0; i < B * S; i++)
        s += (double)r[i] * out[i];
    return s;
}

/* The highway with S outputs (S = 1: the one-output network's; S = 2: a
 * forecast path, row s its own weights): a value by hand and the
 * gradients of every weight and bias by finite differences. */
static void test_highway_steps(int S)
{
    enum { T = 5, B = 3, I = 2, K = 3 };
    float x[T * B * I], w[2 * K], bias[2] = {0.3f, -0.4f};
    float r[2 * B] = {0.5f, -1.0f, 2.0f, 0.7f, -0.2f, 1.1f};
    for (int i = 0; i < T * B * I; i++)
        x[i] = (float)sin(1.0 + i);
    for (int j = 0; j < 2 * K; j++)
        w[j] = 0.1f * (float)(j + 1);
    float out[2 * B];
    highway_forward(out, x, w, bias, T, B, I, K, S);
    double expect = bias[S - 1];   /* b = 1, the last output */
    for (int j = 0; j < K; j++)
        expect += w[(S - 1) * K + j] * x[((2 + j) * B + 1) * I];
    CHECK_NEAR(out[1 * S + S - 1], expect, 1e-6, "highway (%d output%s): b = 1 by hand", S,
               S > 1 ? "s" : "");
    float dw[2 * K] = {0}, db[2] = {0};
    highway_backward(dw, db, r, x, T, B, I, K, S);
    double worst = 0;
    for (int j = 0; j < S * K + S; j++) {
        float *p = j < S * K ? &w[j] : &bias[j - S * K], keep = *p, eps = 1e-2f;
        *p = keep + eps;
        double up = highway_loss(x, w, bias, r, T, B, I, K, S);
        *p = keep - eps;
        double down = highway_loss(x, w, bias, r, T, B, I, K, S);
        *p = keep;
        double fd = (up - down) / (2 * eps), an = j < S * K ? dw[j] : db[j - S * K];
        if (fabs(fd - an) > worst)
            worst = fabs(fd - an);
    }
    CHECK(worst < 1e-4, "highway (%d output%s): finite differences (max error %.2g)", S,
          S > 1 ? "s" : "", worst);
}

static void test_highway(void)
{
    test_highway_steps(1);
    test_highway_steps(2);
}

static void test_losses(void)
{
    float y[4] = {0.2f, -1.5f, 3.0f, 0.9f}, t[4] = {0.0f, 0.0f, 0.5f, 1.2f};
    CHECK_NEAR(loss_forward(LOSS_L1, y, t, 4), 0.2 + 1.5 + 2.5 + 0.3, 1e-6, "l1: by hand");
    CHECK_NEAR(loss_forward(LOSS_HUBER, y, t, 4),
               0.5 * 0.04 + (1.5 - 0.5) + (2.5 - 0.5) + 0.5 * 0.09, 1e-6, "huber: by hand");
    for (int kind = LOSS_MSE; kind <= LOSS_HUBER; kind++) {
        float dy[4] = {0};
        loss_backward(kind, dy, y, t, 4, 0.5f);
        double worst = 0;
        for (int b = 0; b < 4; b++) {
            float keep = y[b], eps = 1e-3f;
            y[b] = keep + eps;
            double up = loss_forward(kind, y, t, 4);
            y[b] = keep - eps;
            double down = loss_forward(kind, y, t, 4);
            y[b] = keep;
            double fd = 0.5 * (up - down) / (2 * eps);
            if (fabs(fd - dy[b]) > worst)
                worst = fabs(fd - dy[b]);
        }
        CHECK(worst < 1e-3, "%s: finite differences (max error %.2g)", loss_name(kind), worst);
    }
    CHECK(loss_by_name("huber") == LOSS_HUBER && loss_by_name("l2") == -1, "loss names");
}

int main(void)
{
    test_fit_known();
    test_fit_fallbacks();
    test_minmax_and_check();
    test_window_norm();
    test_window_scale();
    test_highway();
    test_losses();
    return test_summary();
}
