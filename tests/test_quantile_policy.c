/* test_quantile_policy.c — the quantile provisioning policy on hand-made
 * traces: it acts exactly one warm-up ahead of a forecast step, its
 * reactive floor catches a spike no forecast saw, the look-ahead takes the
 * largest bound of the window, its dead band holds through a wavering
 * bound, demand follows an instances column, and the slack and
 * under-provisioning figures add up by hand. */
#include <math.h>
#include <string.h>
#include "harness.h"
#include "sim/engine.h"

#define T 40

typedef struct fixture {
    int64_t time[T];
    double cpu[T], upper[T], upper_max[T], forecast[T], instances[T];
    sim_trace t;
    sim_config c;
} fixture;

/* Rows every 60 s; CPU 40 % on N0 = 2 (D = 80) with a step to 150 %
 * (D = 300) from row 20; a perfect upper bound known 5 rows ahead (the
 * look-ahead of a 300 s warm-up): upper[i] = cpu[i + 5], upper_max[i] the
 * largest cpu in (i, i+5]. */
static void setup(fixture *f)
{
    memset(f, 0, sizeof *f);
    for (int i = 0; i < T; i++) {
        f->time[i] = (int64_t)i * 60;
        f->cpu[i] = i < 20 ? 40 : 150;
    }
    sim_align_forecast(f->time, T, f->time, f->cpu, T, 300, f->upper);
    sim_align_forecast_max(f->time, T, f->time, f->cpu, T, 300, f->upper_max);
    f->t = (sim_trace){T, f->time, f->cpu, NULL, NULL, f->forecast, NULL, 60, f->upper,
                       f->upper_max, NULL, 0};
    for (int i = 0; i < T; i++)
        f->forecast[i] = f->upper[i];
    sim_config_default(&f->c);
    f->c.max_instances = 20;
    f->c.policy.quantile = 0.9;
    f->c.policy.floor_reactive = 1;
}

static void acts_one_warmup_ahead(void)
{
    fixture f;
    setup(&f);
    CHECK(isnan(f.upper_max[T - 1]) && f.upper_max[14] == 40 && f.upper_max[15] == 150 &&
          f.upper[15] == 150 && f.upper[16] == 150 && f.upper[14] == 40,
          "look-ahead: row 15 sees the step at row 20 (300 s), row 14 does not");
    sim_result r;
    sa_error e;
    CHECK(sim_run(&f.t, POLICY_PREDICTIVE, &f.c, &r, &e) == 0, "quantile policy runs");
    /* need before: ceil(40 x 2 / 60) = 2; at the step: ceil(150 x 2 / 60) = 5 */
    CHECK(r.n_actions == 1 && r.actions[0].time == 900 && r.actions[0].from == 2 &&
          r.actions[0].to == 5, "scale 2 -> 5 at t = 900, one warm-up (300 s) before the step at 1200");
    CHECK(r.steps[19].serving == 2 && r.steps[20].serving == 5 && r.summary.overload_minutes == 0 &&
          r.summary.hot_minutes == 0, "the instances serve exactly when the step arrives: no hot minute");
    CHECK(!strcmp(r.label, "predictive q0.9"), "label names the level: %s", r.label);
    sim_result_free(&r);

    /* The seed's predictive rule on the same forecasts acts +1 at a time. */
    f.c.policy.quantile = 0;
    sim_run(&f.t, POLICY_PREDICTIVE, &f.c, &r, &e);
    CHECK(r.summary.hot_minutes > 0, "the seed's +1 rule is still hot after the step (%.0f min)",
          r.summary.hot_minutes);
    sim_result_free(&r);
}

static void keeps_until_the_peak_passed(void)
{
    fixture f;
    setup(&f);
    /* A burst: 150 % in rows 20-24 only. */
    for (int i = 25; i < T; i++)
        f.cpu[i] = 40;
    sim_align_forecast(f.time, T, f.time, f.cpu, T, 300, f.upper);
    sim_align_forecast_max(f.time, T, f.time, f.cpu, T, 300, f.upper_max);
    sim_result r;
    sa_error e;
    f.c.stabilization = 0;
    sim_run(&f.t, POLICY_PREDICTIVE, &f.c, &r, &e);
    /* At row 21 the forecast for row 26 needs 2, but rows 22-24 still need
     * 5: the fleet is kept until row 25, where the window holds no peak. */
    CHECK(r.n_actions == 2 && r.actions[0].time == 900 && r.actions[0].to == 5 &&
          r.actions[1].time == 1500 && r.actions[1].to == 2,
          "up one warm-up before the burst (900), down when it has passed (1500)");
    CHECK(r.summary.overload_minutes == 0 && r.summary.hot_minutes == 0, "no hot minute");
    sim_result_free(&r);
    /* The stabilisation window applies to it too: the 5s recommended until
     * 1440 hold the fleet until 1800 with 300 s, 2100 with 600 s. */
    f.c.stabilization = 300;
    sim_run(&f.t, POLICY_PREDICTIVE, &f.c, &r, &e);
    CHECK(r.n_actions == 2 && r.actions[1].time == 1800 && r.actions[1].to == 2,
          "a 300 s window: down at 1800");
    sim_result_free(&r);
    f.c.stabilization = 600;
    sim_run(&f.t, POLICY_PREDICTIVE, &f.c, &r, &e);
    CHECK(r.n_actions == 2 && r.actions[1].time == 2100 && r.actions[1].to == 2,
          "a 600 s window: down at 2100");
    sim_result_free(&r);
}

static void reactive_floor(void)
{
    fixture f;
    setup(&f);
    /* The forecast sees nothing: flat 40 %. A spike to 150 % at row 20. */
    for (int i = 0; i < T; i++)
        f.upper[i] = f.upper_max[i] = f.forecast[i] = 40;
    sim_result r;
    sa_error e;
    sim_run(&f.t, POLICY_PREDICTIVE, &f.c, &r, &e);
    /* floor ceil(D / up) = ceil(300 / 70) = 5, at the spike itself */
    CHECK(r.n_actions >= 1 && r.actions[0].time == 1200 && r.actions[0].to == 5,
          "reactive floor: 2 -> ceil(300/70) = 5 at the unforecast spike (t = 1200)");
    CHECK(r.n_actions == 1, "and holds there (the floor keeps 5 while the load stays)");
    sim_result_free(&r);
    f.c.policy.floor_reactive = 0;
    sim_run(&f.t, POLICY_PREDICTIVE, &f.c, &r, &e);
    CHECK(r.n_actions == 0 && r.summary.overload_minutes == 20,
          "--floor none: no action, 20 overloaded minutes");
    sim_result_free(&r);
}

static void slack_and_instances(void)
{
    fixture f;
    setup(&f);
    /* Static 2 instances (min = max = 2) on D = 80 then 300, target 60:
     * need 80/60 = 4/3 then 5. Slack: 20 min x (2 - 4/3) + 20 min x (2 - 5)
     * over need 20 x 4/3 + 20 x 5: (40/3 - 60) / (80/3 + 100) = -36.84 %.
     * Under: 20 min x (5 - 2) = 60 instance-minutes. */
    f.c.min_instances = f.c.max_instances = 2;
    sim_result r;
    sa_error e;
    sim_run(&f.t, POLICY_REACTIVE, &f.c, &r, &e);
    CHECK_NEAR(r.summary.mean_slack_pct, 100 * (40.0 / 3 - 60) / (80.0 / 3 + 100), 1e-9,
               "slack by hand: %.2f %%", r.summary.mean_slack_pct);
    CHECK_NEAR(r.summary.under_minutes, 60, 1e-9, "under-provisioned: 60 instance-minutes");
    sim_result_free(&r);

    /* An instances column: the first half measured on 4 instances, the
     * second on 1: demand 40 x 4 = 160 then 150 x 1 = 150. */
    for (int i = 0; i < T; i++)
        f.instances[i] = i < 20 ? 4 : 1;
    f.t.instances = f.instances;
    sim_run(&f.t, POLICY_REACTIVE, &f.c, &r, &e);
    CHECK(r.steps[0].demand == 160 && r.steps[25].demand == 150,
          "demand = cpu x the instances column (160, then 150)");
    CHECK(r.summary.peak_demand == 160, "peak demand from the column");
    sim_result_free(&r);
}

/* Forecasts on an instances column: a CPU forecast was made on the fleet
 * of its time and is rescaled by it; a demand forecast (a demand model's,
 * or a rate's: trace.forecast_demand) is not. Target-predictive on N0 = 2,
 * 4 instances measured, forecast 75 in N0 units, target 60: the CPU
 * forecast means demand 75 x 4 = 300 (5 instances), the demand forecast
 * 75 x 2 = 150 (3 instances). */
static void demand_forecasts(void)
{
    fixture f;
    setup(&f);
    for (int i = 0; i < T; i++) {
        f.instances[i] = 4;
        f.forecast[i] = 75;
    }
    f.t.instances = f.instances;
    f.c.max_instances = 20;
    sim_result r;
    sa_error e;
    CHECK(sim_run(&f.t, POLICY_TARGET_PREDICTIVE, &f.c, &r, &e) == 0 && r.steps[0].fleet == 5,
          "a CPU forecast on 4 instances: 75 x 4 / 60 -> 5 (got %d)", r.steps[0].fleet);
    sim_result_free(&r);
    f.t.forecast_demand = 1;
    CHECK(sim_run(&f.t, POLICY_TARGET_PREDICTIVE, &f.c, &r, &e) == 0 && r.steps[0].fleet == 3,
          "a demand forecast: 75 x 2 / 60 -> 3, not rescaled (got %d)", r.steps[0].fleet);
    sim_result_free(&r);
}

/* The dead band: an upper bound wavering between 131 and 135 % on N0 = 2
 * (262 and 270 instance-percent: 4 and 5 instances at 66 %) keeps 5
 * instances, since 4 would run the bound above the band's middle, 60 %;
 * a real drop to 115 % (230: ceil(230 / 60) = 4) scales in. Without the
 * band (tolerance 0, the same 66 % ceiling) the fleet follows every
 * wave. No warm-up, cooldown or stabilisation; the load itself is low, so
 * the reactive floor never binds. */
static void dead_band(void)
{
    fixture f;
    setup(&f);
    for (int i = 0; i < 30; i++) {
        f.cpu[i] = 10;
        f.upper[i] = f.upper_max[i] = i >= 20 ? 115 : i % 2 ? 131 : 135;
    }
    f.t.n = 30;
    f.c.warmup = f.c.cooldown = f.c.stabilization = 0;
    sim_result r;
    sa_error e;
    sim_run(&f.t, POLICY_PREDICTIVE, &f.c, &r, &e);
    CHECK(r.n_actions == 2 && r.actions[0].time == 0 && r.actions[0].to == 5 &&
              r.actions[1].time == 1200 && r.actions[1].to == 4 && r.summary.flaps == 0,
          "dead band: 5 held through the waves, 4 at the drop (%zu actions, %d flaps)",
          r.n_actions, r.summary.flaps);
    CHECK(strstr(r.actions[1].reason, "in: 115.0% x 2 / 60% -> 4") != NULL,
          "dead band: the scale-in says it sized for 60 %%: %s", r.actions[1].reason);
    sim_result_free(&r);
    f.c.policy.tolerance = 0;
    f.c.policy.quantile_cpu = 66;
    sim_run(&f.t, POLICY_PREDICTIVE, &f.c, &r, &e);
    CHECK(r.n_actions == 20 && r.summary.flaps == 19 && r.actions[1].time == 60 &&
              r.actions[1].to == 4 && r.actions[2].to == 5,
          "no band (tolerance 0): every wave an action, 19 flaps (%zu, %d)", r.n_actions,
          r.summary.flaps);
    sim_result_free(&r);
}

int main(void)
{
    acts_one_warmup_ahead();
    keeps_until_the_peak_passed();
    reactive_floor();
    slack_and_instances();
    demand_forecasts();
    dead_band();
    return test_summary();
}
