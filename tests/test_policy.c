/* test_policy.c — each policy's answer on hand-made observations, and the
 * stabilisation window and step limit the engine applies to all of them. */
#include <math.h>
#include <string.h>
#include "harness.h"
#include "sim/policy.h"
#include "sim/scaling_limits.h"

static int decide(policy_kind k, const policy_params *p, double t, double demand, int fleet,
                  double forecast, int in_event)
{
    double cpu = fmin(100, demand / fleet);
    policy_input in = {t, demand, cpu, fleet, forecast, in_event, NAN, NAN};
    char reason[96];
    return policy_decide(k, p, &in, reason, sizeof reason);
}

/* The window's answer after pushing rec at t for a fleet of n. */
static int stabilised(scaling_window *w, double t, int n, int rec, double span)
{
    if (scaling_window_push(w, t, rec, span) < 0)
        return -100;
    return scaling_stabilize(w, n, rec);
}

static void test_window(void)
{
    scaling_window w = {0};
    /* HPA semantics: a scale-down only to the largest recommendation of
     * the last 300 s, window ends included; a scale-up at once. */
    CHECK(stabilised(&w, 0, 2, 5, 300) == 5, "window: a scale-up is taken at once");
    CHECK(stabilised(&w, 100, 5, 1, 300) == 5, "window: down blocked by the 5 of 100 s ago");
    CHECK(stabilised(&w, 300, 5, 1, 300) == 5, "window: blocked by the 5 exactly 300 s ago");
    CHECK(stabilised(&w, 301, 5, 1, 300) == 1, "window: down once the 5 has left the window");
    CHECK(stabilised(&w, 302, 5, 3, 300) == 3, "window: down to the window's largest (3)");
    CHECK(stabilised(&w, 303, 4, 2, 300) == 3, "window: to 3, the largest of 1, 3, 2");
    CHECK(stabilised(&w, 304, 2, 1, 300) == 2, "window: never above the current fleet");
    scaling_window_free(&w);
    CHECK(stabilised(&w, 0, 4, 6, 0) == 6 && stabilised(&w, 60, 6, 2, 0) == 2,
          "window 0: no stabilisation");
    scaling_window_free(&w);
    /* many steps: the queue compacts and keeps working, O(1) entries for a
     * falling recommendation */
    int ok = 1;
    for (int i = 0; i < 1000; i++)   /* 1000, 999, ... 1: the window's largest is 5 back */
        ok &= stabilised(&w, i * 60.0, 9, 1000 - i, 300) == (i < 996 ? fmax(1000 - i, 9) : 1005 - i);
    CHECK(ok && scaling_window_max(&w) == 1000 - 994, "window: the largest of the last 6 of 1000");
    scaling_window_free(&w);
    /* 0..6 repeating: six in a row miss one value, so the largest is 6,
     * or 5 when the window holds 0..5 */
    for (int i = 0; i < 1000; i++)
        ok &= stabilised(&w, i * 60.0, 50, i % 7, 300) == (i < 6 ? i : i % 7 == 5 ? 5 : 6);
    CHECK(ok && w.n - w.start <= 6, "window: at most 6 one-minute entries kept (%zu)",
          w.n - w.start);
    scaling_window_free(&w);
}

static void test_step_limit(void)
{
    CHECK(scaling_limit_step(4, 10, 0, 0) == 10, "step: no limit");
    CHECK(scaling_limit_step(4, 10, 2, 0) == 6 && scaling_limit_step(4, 1, 2, 0) == 2,
          "step: 2 instances at most, either way");
    CHECK(scaling_limit_step(4, 5, 2, 0) == 5, "step: a change within the limit is kept");
    CHECK(scaling_limit_step(10, 20, 0, 25) == 13 && scaling_limit_step(10, 2, 0, 25) == 7,
          "step: 25 %% of 10 rounds up to 3");
    CHECK(scaling_limit_step(2, 9, 0, 10) == 3, "step: a percentage allows at least 1");
    int n, k = 0;
    double pct = 0;
    sa_error e;
    CHECK(scaling_parse_max_step("3", &n, &pct, &e) == 0 && n == 3 && pct == 0, "step: parses 3");
    CHECK(scaling_parse_max_step("50%", &k, &pct, &e) == 0 && k == 0 && pct == 50,
          "step: parses 50%%");
    CHECK(scaling_parse_max_step("1.5", &n, &pct, &e) == -1 && strstr(e.msg, "--max-step 1.5"),
          "step: 1.5 instances is refused");
    CHECK(scaling_parse_max_step("-1", &n, &pct, &e) == -1 &&
              scaling_parse_max_step("5%x", &n, &pct, &e) == -1 &&
              scaling_parse_max_step("", &n, &pct, &e) == -1,
          "step: negative, trailing text and empty are refused");
}

int main(void)
{
    test_window();
    test_step_limit();
    policy_params p;
    policy_params_default(&p);

    policy_kind k;
    CHECK(policy_parse("target-predictive", &k) == 0 && k == POLICY_TARGET_PREDICTIVE,
          "policy_parse finds target-predictive");
    CHECK(policy_parse("bogus", &k) == -1, "policy_parse rejects an unknown name");
    CHECK(!strcmp(policy_name(POLICY_SCHEDULED), "scheduled"), "policy_name");
    CHECK(policy_needs_forecast(POLICY_PREDICTIVE) && !policy_needs_forecast(POLICY_TARGET),
          "predictive needs forecasts, target does not");

    /* reactive: thresholds are strict (70 holds, 70.5 scales up). */
    CHECK(decide(POLICY_REACTIVE, &p, 0, 140, 2, NAN, 0) == 2, "reactive holds at 70%%");
    CHECK(decide(POLICY_REACTIVE, &p, 0, 141, 2, NAN, 0) == 3, "reactive +1 above 70%%");
    CHECK(decide(POLICY_REACTIVE, &p, 0, 60, 2, NAN, 0) == 2, "reactive holds at 30%%");
    CHECK(decide(POLICY_REACTIVE, &p, 0, 59, 2, NAN, 0) == 1, "reactive -1 below 30%%");

    /* predictive: forecast 60% on N0 = 2 is 120 instance-%: 60% at N = 2,
     * 40% at 3, 30% at 4 (< 35: down), 120% at 1 (up). */
    CHECK(decide(POLICY_PREDICTIVE, &p, 0, 0, 2, 60, 0) == 2, "predictive holds at 60%%");
    CHECK(decide(POLICY_PREDICTIVE, &p, 0, 0, 3, 60, 0) == 3, "predictive holds at 40%%");
    CHECK(decide(POLICY_PREDICTIVE, &p, 0, 0, 4, 60, 0) == 3,
          "predictive -1 below 35%% (the forecast scaled to the current size)");
    CHECK(decide(POLICY_PREDICTIVE, &p, 0, 0, 1, 60, 0) == 2, "predictive +1 above 70%%");
    CHECK(decide(POLICY_PREDICTIVE, &p, 0, 1000, 2, NAN, 0) == 2,
          "predictive holds without a forecast");

    /* target 60%, tolerance 10%: D 130 on 2 is 8.3% off (hold); 140 is
     * 16.7% off -> ceil(140 / 60) = 3; 600 -> 10 straight away. */
    CHECK(decide(POLICY_TARGET, &p, 0, 130, 2, NAN, 0) == 2, "target holds within 10%%");
    CHECK(decide(POLICY_TARGET, &p, 60, 140, 2, NAN, 0) == 3, "target: ceil(140/60) = 3");
    CHECK(decide(POLICY_TARGET, &p, 120, 600, 3, NAN, 0) == 10, "target jumps to 10");

    /* the recommendation alone: no window inside the policy */
    CHECK(decide(POLICY_TARGET, &p, 0, 300, 2, NAN, 0) == 5, "target recommends 5");
    CHECK(decide(POLICY_TARGET, &p, 100, 60, 5, NAN, 0) == 1,
          "target recommends 1 at once (the engine stabilises)");

    /* target-predictive uses forecast demand p * N0. */
    CHECK(decide(POLICY_TARGET_PREDICTIVE, &p, 0, 10, 2, 150, 0) == 5,
          "target-predictive: ceil(150 * 2 / 60) = 5");
    CHECK(decide(POLICY_TARGET_PREDICTIVE, &p, 60, 10, 5, NAN, 0) == 5,
          "target-predictive holds without a forecast");

    p.schedule_base = 3;
    p.schedule_event = 7;
    CHECK(decide(POLICY_SCHEDULED, &p, 0, 999, 5, NAN, 0) == 3, "scheduled base size");
    CHECK(decide(POLICY_SCHEDULED, &p, 0, 0, 5, NAN, 1) == 7, "scheduled event size");
    return test_summary();
}
