/* test_policy.c — each policy's answer on hand-made observations. */
#include <math.h>
#include <string.h>
#include "harness.h"
#include "sim/policy.h"

static int decide(policy_kind k, const policy_params *p, policy_state *s, double t,
                  double demand, int fleet, double forecast, int in_event)
{
    double cpu = fmin(100, demand / fleet);
    policy_input in = {t, demand, cpu, fleet, forecast, in_event, NAN, NAN};
    int desired = -1;
    char reason[96];
    if (policy_decide(k, p, s, &in, &desired, reason, sizeof reason) < 0)
        return -100;
    return desired;
}

int main(void)
{
    policy_params p;
    policy_params_default(&p);
    policy_state s = {0};

    policy_kind k;
    CHECK(policy_parse("target-predictive", &k) == 0 && k == POLICY_TARGET_PREDICTIVE,
          "policy_parse finds target-predictive");
    CHECK(policy_parse("bogus", &k) == -1, "policy_parse rejects an unknown name");
    CHECK(!strcmp(policy_name(POLICY_SCHEDULED), "scheduled"), "policy_name");
    CHECK(policy_needs_forecast(POLICY_PREDICTIVE) && !policy_needs_forecast(POLICY_TARGET),
          "predictive needs forecasts, target does not");

    /* reactive: thresholds are strict (70 holds, 70.5 scales up). */
    CHECK(decide(POLICY_REACTIVE, &p, &s, 0, 140, 2, NAN, 0) == 2, "reactive holds at 70%%");
    CHECK(decide(POLICY_REACTIVE, &p, &s, 0, 141, 2, NAN, 0) == 3, "reactive +1 above 70%%");
    CHECK(decide(POLICY_REACTIVE, &p, &s, 0, 60, 2, NAN, 0) == 2, "reactive holds at 30%%");
    CHECK(decide(POLICY_REACTIVE, &p, &s, 0, 59, 2, NAN, 0) == 1, "reactive -1 below 30%%");

    /* predictive: forecast 60% on N0 = 2 is 120 instance-%: 60% at N = 2,
     * 40% at 3, 30% at 4 (< 35: down), 120% at 1 (up). */
    CHECK(decide(POLICY_PREDICTIVE, &p, &s, 0, 0, 2, 60, 0) == 2, "predictive holds at 60%%");
    CHECK(decide(POLICY_PREDICTIVE, &p, &s, 0, 0, 3, 60, 0) == 3, "predictive holds at 40%%");
    CHECK(decide(POLICY_PREDICTIVE, &p, &s, 0, 0, 4, 60, 0) == 3,
          "predictive -1 below 35%% (the forecast scaled to the current size)");
    CHECK(decide(POLICY_PREDICTIVE, &p, &s, 0, 0, 1, 60, 0) == 2, "predictive +1 above 70%%");
    CHECK(decide(POLICY_PREDICTIVE, &p, &s, 0, 1000, 2, NAN, 0) == 2,
          "predictive holds without a forecast");

    /* target 60%, tolerance 10%: D 130 on 2 is 8.3% off (hold); 140 is
     * 16.7% off -> ceil(140 / 60) = 3; 600 -> 10 straight away. */
    CHECK(decide(POLICY_TARGET, &p, &s, 0, 130, 2, NAN, 0) == 2, "target holds within 10%%");
    CHECK(decide(POLICY_TARGET, &p, &s, 60, 140, 2, NAN, 0) == 3, "target: ceil(140/60) = 3");
    CHECK(decide(POLICY_TARGET, &p, &s, 120, 600, 3, NAN, 0) == 10, "target jumps to 10");
    policy_state_free(&s);

    /* stabilisation: a scale-down only to the largest recommendation of the
     * last 300 s, window ends included. */
    CHECK(decide(POLICY_TARGET, &p, &s, 0, 300, 2, NAN, 0) == 5, "target recommends 5");
    CHECK(decide(POLICY_TARGET, &p, &s, 100, 60, 5, NAN, 0) == 5,
          "target: down blocked by the recommendation 100 s ago");
    CHECK(decide(POLICY_TARGET, &p, &s, 300, 60, 5, NAN, 0) == 5,
          "target: down blocked by the recommendation exactly 300 s ago");
    CHECK(decide(POLICY_TARGET, &p, &s, 301, 60, 5, NAN, 0) == 1,
          "target: down allowed once the window has passed");
    CHECK(decide(POLICY_TARGET, &p, &s, 302, 180, 5, NAN, 0) == 3,
          "target: down to the window's largest recommendation (3)");
    policy_state_free(&s);
    /* many steps: the queue compacts and keeps working */
    int ok = 1;
    for (int i = 0; i < 1000; i++)
        ok &= decide(POLICY_TARGET, &p, &s, i * 60.0, 60, 2, NAN, 0) == 1;
    CHECK(ok && s.n - s.start == 6, "target: window holds 6 one-minute entries over 1000 steps");
    policy_state_free(&s);

    /* target-predictive uses forecast demand p * N0. */
    CHECK(decide(POLICY_TARGET_PREDICTIVE, &p, &s, 0, 10, 2, 150, 0) == 5,
          "target-predictive: ceil(150 * 2 / 60) = 5");
    CHECK(decide(POLICY_TARGET_PREDICTIVE, &p, &s, 60, 10, 5, NAN, 0) == 5,
          "target-predictive holds without a forecast");
    policy_state_free(&s);

    p.schedule_base = 3;
    p.schedule_event = 7;
    CHECK(decide(POLICY_SCHEDULED, &p, &s, 0, 999, 5, NAN, 0) == 3, "scheduled base size");
    CHECK(decide(POLICY_SCHEDULED, &p, &s, 0, 0, 5, NAN, 1) == 7, "scheduled event size");
    return test_summary();
}
