/* test_optim.c — Adam, gradient clipping, ReduceLROnPlateau and early
 * stopping give torch's numbers. The expected values were computed with
 * torch 1.13 (torch.optim.Adam, torch.optim.lr_scheduler.ReduceLROnPlateau)
 * on the same inputs; the parity test covers them again inside training. */
#include <string.h>

#include "harness.h"
#include "nn/optim.h"

static void test_adam(void)
{
    adam a;
    sa_error e;
    CHECK(adam_init(&a, 2, &e) == 0, "adam_init");
    float p[2] = {1.0f, -2.0f};
    const float g[3][2] = {{0.5f, 1e-3f}, {-0.25f, 2e-3f}, {0.125f, 0.0f}};
    /* torch.optim.Adam(lr=0.1), float64 */
    const double expect[3][2] = {{0.9, -2.099999},
                                 {0.8733663, -2.19651659},
                                 {0.83932338, -2.27112486}};
    for (int s = 0; s < 3; s++) {
        adam_step(&a, p, g[s], 0.1f);
        CHECK_NEAR(p[0], expect[s][0], 1e-6, "adam step %d: parameter 0 as torch", s + 1);
        CHECK_NEAR(p[1], expect[s][1], 1e-6, "adam step %d: parameter 1 as torch", s + 1);
    }
    CHECK(a.t == 3, "adam counts its steps");
    adam_reset(&a);
    CHECK(a.t == 0 && a.m[0] == 0.0f && a.v[1] == 0.0f, "adam_reset clears the moments");
    adam_free(&a);
}

static void test_clip(void)
{
    float g[2] = {3.0f, 4.0f};
    CHECK_NEAR(clip_grad_norm(g, 2, 1.0f), 5.0, 1e-12, "clip returns the norm before clipping");
    CHECK_NEAR(g[0], 0.6, 1e-6, "clip scales to max_norm: 3/5");
    CHECK_NEAR(g[1], 0.8, 1e-6, "clip scales to max_norm: 4/5");
    float small[2] = {0.3f, 0.4f};
    CHECK_NEAR(clip_grad_norm(small, 2, 1.0f), 0.5, 1e-7, "clip: norm 0.5");
    CHECK(small[0] == 0.3f && small[1] == 0.4f, "clip leaves a gradient under max_norm alone");
}

static void test_plateau(void)
{
    /* 0.99995 is not better than 1.0: the threshold is 1e-4 relative */
    const double loss[15] = {1.0, 1.0, 0.99995, 1.0, 1.0, 1.0, 1.0, 0.5,
                             0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6};
    const double expect[15] = {1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.5, 0.5,
                               0.5, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25};
    plateau p;
    plateau_init(&p, 1.0);
    int same = 1;
    for (int i = 0; i < 15; i++)
        same &= plateau_step(&p, loss[i]) == expect[i];
    CHECK(same, "plateau: halves after 6 epochs without a 1e-4 relative gain, as torch");
}

static void test_early_stop(void)
{
    early_stop s;
    early_stop_init(&s, 3);
    const double loss[5] = {5.0, 4.0, 4.5, 4.2, 4.1};
    const int improved[5] = {1, 1, 0, 0, 0}, stop[5] = {0, 0, 0, 0, 1};
    int ok = 1;
    for (int i = 0; i < 5; i++) {
        ok &= early_stop_update(&s, loss[i]) == improved[i];
        ok &= s.stop == stop[i];
    }
    CHECK(ok, "early stop: improvements flagged, stop after patience bad epochs");
    CHECK(s.best == 4.0 && s.best_epoch == 1, "early stop remembers the best epoch (1, 4.0)");
}

int main(void)
{
    test_adam();
    test_clip();
    test_plateau();
    test_early_stop();
    return test_summary();
}
