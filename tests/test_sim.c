/* test_sim.c — the replay engine on small hand-made traces with known
 * action sequences, costs and CSV text. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "harness.h"
#include "sim/html.h"
#include "sim/monitor.h"
#include "sim/engine.h"
#include "sim/report.h"
#include "sim/table.h"
#include "sim/export.h"
#include "sim/page.h"

#define MAX_T 64

typedef struct trace_buf {
    int64_t time[MAX_T];
    double cpu[MAX_T], memory[MAX_T], forecast[MAX_T];
    unsigned char event[MAX_T];
    sim_trace t;
} trace_buf;

/* A trace of n rows every step seconds from time 0 with the given CPU. */
static sim_trace *make_trace(trace_buf *b, const double *cpu, size_t n, int64_t step)
{
    memset(b, 0, sizeof *b);
    for (size_t i = 0; i < n; i++) {
        b->time[i] = (int64_t)i * step;
        b->cpu[i] = cpu[i];
    }
    b->t.n = n;
    b->t.time = b->time;
    b->t.cpu = b->cpu;
    b->t.step = (double)step;
    return &b->t;
}

/* The trace of test_reactive and test_predictive: 20 minutes, CPU 50 %
 * for the first 5, then 80 %. */
static sim_trace *step_up_trace(trace_buf *b)
{
    double cpu[20];
    for (int i = 0; i < 20; i++)
        cpu[i] = i < 5 ? 50 : 80;
    return make_trace(b, cpu, 20, 60);
}

/* Compares r's actions with the expected (time, from, to) triples. */
static int same_actions(const sim_result *r, const double (*want)[3], size_t n)
{
    if (r->n_actions != n) {
        printf("# %zu actions, wanted %zu:", r->n_actions, n);
        for (size_t i = 0; i < r->n_actions; i++)
            printf(" (%.0f %d->%d)", r->actions[i].time, r->actions[i].from, r->actions[i].to);
        printf("\n");
        return 0;
    }
    for (size_t i = 0; i < n; i++)
        if (r->actions[i].time != want[i][0] || r->actions[i].from != (int)want[i][1] ||
            r->actions[i].to != (int)want[i][2]) {
            printf("# action %zu is (%.0f %d->%d)\n", i, r->actions[i].time, r->actions[i].from,
                   r->actions[i].to);
            return 0;
        }
    return 1;
}

static int run(const sim_trace *t, policy_kind k, const sim_config *c, sim_result *r)
{
    sa_error e;
    int rc = sim_run(t, k, c, r, &e);
    if (rc < 0)
        printf("# sim_run: %s\n", e.msg);
    return rc;
}

static void test_reactive(void)
{
    trace_buf b;
    sim_config c;
    sim_config_default(&c);
    sim_result r;

    /* CPU 50 % then 80 % from t = 300 (step 5): the average crosses 70 at
     * step 5 and reactive acts right there; the new instance serves at 600
     * (warm-up 300), where 160 / 3 = 53.3 % needs nothing more. */
    run(step_up_trace(&b), POLICY_REACTIVE, &c, &r);
    const double want1[][3] = {{300, 2, 3}};
    CHECK(same_actions(&r, want1, 1), "reactive: one scale-up at the step CPU crosses 70%%");
    CHECK(r.steps[9].serving == 2 && r.steps[10].serving == 3,
          "reactive: the new instance serves after exactly 300 s of warm-up");
    CHECK_NEAR(r.steps[10].cpu, 160.0 / 3, 1e-9, "reactive: CPU spreads over 3 at t=600");
    CHECK(r.steps[5].fleet == 3 && r.steps[5].action == 1 && r.steps[4].action == 0,
          "reactive: the step records the action and the fleet after it");
    sim_result_free(&r);

    /* CPU 120 % on N0 = 2 (D = 240): up at 300, again at 600 when the
     * cooldown ends, then 60 % on 4 holds. Memory 60 % on 2 is 30 % on 4. */
    double high[20];
    for (int i = 0; i < 20; i++) {
        high[i] = i < 5 ? 50 : 120;
        b.memory[i] = 60;
    }
    sim_trace *t = make_trace(&b, high, 20, 60);
    for (int i = 0; i < 20; i++)
        b.memory[i] = 60;
    t->memory = b.memory;
    run(t, POLICY_REACTIVE, &c, &r);
    const double want2[][3] = {{300, 2, 3}, {600, 3, 4}};
    CHECK(same_actions(&r, want2, 2), "reactive: up at 300, again right after the cooldown");
    CHECK_NEAR(r.steps[15].memory, 30, 1e-9, "memory 60%% on N0=2 is 30%% on 4 instances");
    CHECK_NEAR(r.steps[0].memory, 60, 1e-9, "memory 60%% on 2 instances");
    CHECK(r.steps[5].cpu == 100 && r.steps[5].demand == 240, "overload: CPU capped at 100");
    sim_result_free(&r);

    /* Cooldown 120 < warm-up 300: actions at 300, 420, 540 (each allowed by
     * the cooldown while the new instances still warm up), 600 is inside the
     * cooldown of 540, 660 acts; from 720 the serving fleet catches up. */
    c.cooldown = 120;
    run(make_trace(&b, high, 20, 60), POLICY_REACTIVE, &c, &r);
    const double want3[][3] = {{300, 2, 3}, {420, 3, 4}, {540, 4, 5}, {660, 5, 6}};
    CHECK(same_actions(&r, want3, 4), "reactive: cooldown 120 and warm-up 300 interleave exactly");
    CHECK(r.steps[10].serving == 3 && r.steps[12].serving == 4 && r.steps[14].serving == 5 &&
              r.steps[16].serving == 6,
          "warm-up: instances serve 300 s after their launch");
    sim_result_free(&r);

    /* Warm-up 0, cooldown 0: launched at t, serving from the next step. */
    c.cooldown = 0;
    c.warmup = 0;
    double flat[4] = {120, 120, 120, 120};
    run(make_trace(&b, flat, 4, 60), POLICY_REACTIVE, &c, &r);
    const double want4[][3] = {{0, 2, 3}, {60, 3, 4}};
    CHECK(same_actions(&r, want4, 2), "warm-up 0: one instance per step until 60%%");
    CHECK(r.steps[0].serving == 2 && r.steps[0].fleet == 3 && r.steps[1].serving == 3,
          "order: the launch at t serves from the next step");
    sim_result_free(&r);

    /* Clamps: max 4 stops at 4; min 2 never goes below; N0 12 starts at 10. */
    c.max_instances = 4;
    double huge[5] = {500, 500, 500, 500, 500};
    run(make_trace(&b, huge, 5, 60), POLICY_REACTIVE, &c, &r);
    const double want5[][3] = {{0, 2, 3}, {60, 3, 4}};
    CHECK(same_actions(&r, want5, 2) && r.summary.max_fleet == 4, "max clamps the fleet at 4");
    sim_result_free(&r);
    double idle[5] = {1, 1, 1, 1, 1};
    run(make_trace(&b, idle, 5, 60), POLICY_REACTIVE, &c, &r);
    CHECK(r.n_actions == 0 && r.summary.min_fleet == 2, "min keeps the fleet at 2");
    sim_result_free(&r);
    c.max_instances = 10;
    c.policy.base_instances = 12;
    CHECK(sim_initial_fleet(&c) == 10, "N0 12 starts clamped at --max 10");
    c.policy.base_instances = 1;
    CHECK(sim_initial_fleet(&c) == 2, "N0 1 starts clamped at --min 2");
}

/* The flap definition (engine.h) on exact action sequences: the reactive
 * policy without warm-up, cooldown or stabilisation acts on every step. */
static void test_flaps(void)
{
    trace_buf b;
    sim_config c;
    sim_config_default(&c);
    c.cooldown = 0;
    c.warmup = 0;
    c.stabilization = 0;
    sim_result r;
    /* 80 -> up; 30 on 3 (20 %) -> down 60 s later: a flap; the up at 1200
     * reverses the down at 60 after 1140 s > 900: not a flap. */
    double cpu[21];
    for (int i = 0; i < 21; i++)
        cpu[i] = i == 0 ? 80 : i == 1 ? 30 : i == 20 ? 80 : 50;
    run(make_trace(&b, cpu, 21, 60), POLICY_REACTIVE, &c, &r);
    const double want[][3] = {{0, 2, 3}, {60, 3, 2}, {1200, 2, 3}};
    CHECK(same_actions(&r, want, 3) && r.summary.flaps == 1 && r.summary.actions == 3,
          "flaps: a reversal after 60 s counts, after 1140 s does not");
    sim_result_free(&r);
    /* A reversal exactly 900 s later is a flap (within 15 minutes); with
     * --flap-window 899 it is not. */
    double cpu2[16];
    for (int i = 0; i < 16; i++)
        cpu2[i] = i == 0 ? 80 : i == 15 ? 20 : 50;
    run(make_trace(&b, cpu2, 16, 60), POLICY_REACTIVE, &c, &r);
    const double want2[][3] = {{0, 2, 3}, {900, 3, 2}};
    CHECK(same_actions(&r, want2, 2) && r.summary.flaps == 1, "flaps: a reversal at 900 s counts");
    sim_result_free(&r);
    c.flap_window = 899;
    run(make_trace(&b, cpu2, 16, 60), POLICY_REACTIVE, &c, &r);
    CHECK(same_actions(&r, want2, 2) && r.summary.flaps == 0,
          "flaps: not within a flap window of 899 s");
    sim_result_free(&r);
    c.flap_window = 900;
    /* Up, down, up a minute apart: each reverses the one before, 2 flaps. */
    double cpu3[4] = {80, 30, 80, 50};
    run(make_trace(&b, cpu3, 4, 60), POLICY_REACTIVE, &c, &r);
    const double want3[][3] = {{0, 2, 3}, {60, 3, 2}, {120, 2, 3}};
    CHECK(same_actions(&r, want3, 3) && r.summary.flaps == 2, "flaps: up, down, up are two");
    sim_result_free(&r);
    /* Up, up, down, down: only the first down reverses the action before
     * it (D 180 on 2 = 90, 240 on 3 = 80, 40 on 4 = 10, 40 on 3 = 13). */
    double cpu4[5] = {90, 120, 20, 20, 20};
    run(make_trace(&b, cpu4, 5, 60), POLICY_REACTIVE, &c, &r);
    const double want4[][3] = {{0, 2, 3}, {60, 3, 4}, {120, 4, 3}, {180, 3, 2}};
    CHECK(same_actions(&r, want4, 4) && r.summary.flaps == 1,
          "flaps: up, up, down, down is one (%d)", r.summary.flaps);
    sim_result_free(&r);
}

/* The rise and fall of test_stabilisation: D = 100 on N0 = 2 for five
 * minutes, 300 for five, then 100 for twenty; a perfect one-step forecast. */
static sim_trace *rise_and_fall(trace_buf *b)
{
    double cpu[30];
    for (int i = 0; i < 30; i++)
        cpu[i] = i >= 5 && i < 10 ? 150 : 50;
    sim_trace *t = make_trace(b, cpu, 30, 60);
    for (int i = 0; i < 30; i++)
        b->forecast[i] = i + 1 < 30 ? cpu[i + 1] : NAN;
    t->forecast = b->forecast;
    return t;
}

/* Runs kind on t with the given stabilisation window and compares the
 * actions with want (n). */
static int stabilised_run(const sim_trace *t, policy_kind kind, sim_config *c, double window,
                          const double (*want)[3], size_t n)
{
    sim_result r;
    c->stabilization = window;
    int ok = run(t, kind, c, &r) == 0 && same_actions(&r, want, n);
    sim_result_free(&r);
    return ok;
}

/* The stabilisation window and the step limit hold back every policy the
 * same way (scaling_limits.h); warm-up and cooldown 0 so that each policy
 * could act on every step. */
static void test_stabilisation(void)
{
    trace_buf b;
    sim_config c;
    sim_config_default(&c);
    c.cooldown = 0;
    c.warmup = 0;
    sim_trace *t = rise_and_fall(&b);
    /* reactive: +1 while above 70 %; without a window -1 at each step
     * below 30 %; with 300 s only once the whole window asked for less:
     * the holds at 480 and 540 keep 5 until 900, the 4s of 600..900 keep
     * 4 until 1260. */
    const double r0[][3] = {{300, 2, 3}, {360, 3, 4}, {420, 4, 5}, {600, 5, 4}, {660, 4, 3}};
    const double r300[][3] = {{300, 2, 3}, {360, 3, 4}, {420, 4, 5}, {900, 5, 4}, {1260, 4, 3}};
    CHECK(stabilised_run(t, POLICY_REACTIVE, &c, 0, r0, 5), "reactive, no window");
    CHECK(stabilised_run(t, POLICY_REACTIVE, &c, 300, r300, 5), "reactive, a 300 s window");
    /* the seed's predictive rule one step ahead of the same, down below 35 % */
    const double p0[][3] = {{240, 2, 3}, {300, 3, 4}, {360, 4, 5},
                            {540, 5, 4}, {600, 4, 3}, {660, 3, 2}};
    const double p300[][3] = {{240, 2, 3}, {300, 3, 4}, {360, 4, 5},
                              {840, 5, 4}, {1200, 4, 3}, {1560, 3, 2}};
    CHECK(stabilised_run(t, POLICY_PREDICTIVE, &c, 0, p0, 6), "predictive, no window");
    CHECK(stabilised_run(t, POLICY_PREDICTIVE, &c, 300, p300, 6), "predictive, a 300 s window");
    /* target-predictive: straight to 5 at 240, straight back to 2 at 540,
     * or once the 5s (kept within the dead band until 480) have left */
    const double tp0[][3] = {{240, 2, 5}, {540, 5, 2}};
    const double tp300[][3] = {{240, 2, 5}, {840, 5, 2}};
    const double tp600[][3] = {{240, 2, 5}, {1140, 5, 2}};
    CHECK(stabilised_run(t, POLICY_TARGET_PREDICTIVE, &c, 0, tp0, 2), "target-predictive, no window");
    CHECK(stabilised_run(t, POLICY_TARGET_PREDICTIVE, &c, 300, tp300, 2),
          "target-predictive, a 300 s window");
    CHECK(stabilised_run(t, POLICY_TARGET_PREDICTIVE, &c, 600, tp600, 2),
          "target-predictive, a 600 s window");
    /* a reversal held back past the flap window is no longer a flap: the
     * hold at 540 keeps 5 until 1500 (1080 s after the up at 420); the
     * next scale-in would come after 2400, past the trace */
    sim_result r;
    c.stabilization = 900;
    run(t, POLICY_REACTIVE, &c, &r);
    CHECK(r.summary.flaps == 0 && r.n_actions == 4 && r.actions[3].time == 1500,
          "reactive, a 900 s window: the first scale-in at 1500, no flap");
    sim_result_free(&r);
    c.stabilization = 300;
    run(t, POLICY_REACTIVE, &c, &r);
    CHECK(r.summary.flaps == 1, "reactive, a 300 s window: the scale-in at 900 is a flap");
    sim_result_free(&r);

    /* --max-step: target tracking's jump to 10 (D 600) in steps. */
    double high[5] = {300, 300, 300, 300, 300};
    c.stabilization = 300;
    c.max_step = 2;
    const double m2[][3] = {{0, 2, 4}, {60, 4, 6}, {120, 6, 8}, {180, 8, 10}};
    CHECK(stabilised_run(make_trace(&b, high, 5, 60), POLICY_TARGET, &c, 300, m2, 4),
          "--max-step 2: 2 -> 10 two at a time");
    c.max_step = 0;
    c.max_step_pct = 50;
    const double m50[][3] = {{0, 2, 3}, {60, 3, 5}, {120, 5, 8}, {180, 8, 10}};
    CHECK(stabilised_run(make_trace(&b, high, 5, 60), POLICY_TARGET, &c, 300, m50, 4),
          "--max-step 50%%: +1, +2, +3 (half the fleet, rounded up), then the rest");
    run(make_trace(&b, high, 5, 60), POLICY_TARGET, &c, &r);
    CHECK(strstr(r.actions[0].reason, "by --max-step") != NULL, "the action says it was limited");
    sim_result_free(&r);
}

static void test_predictive(void)
{
    trace_buf b;
    sim_config c;
    sim_config_default(&c);
    sim_result r;
    sim_trace *t = step_up_trace(&b);
    /* Predictions CSV rows: timestamp = the time the forecast is FOR. A
     * perfect one-step forecast: the row at (i + 1) * 60 predicts cpu[i + 1]. */
    int64_t pt[19];
    double pv[19];
    for (int i = 0; i < 19; i++) {
        pt[i] = (int64_t)(i + 1) * 60;
        pv[i] = b.cpu[i + 1];
    }
    sim_align_forecast(b.time, 20, pt, pv, 19, 60, b.forecast);
    CHECK(b.forecast[4] == 80 && b.forecast[3] == 50 && isnan(b.forecast[19]),
          "align: step t uses the row for t + 60; none after the last");
    t->forecast = b.forecast;
    run(t, POLICY_PREDICTIVE, &c, &r);
    /* At 240 the forecast for 300 is 80 % on 2 -> up, one step before the
     * demand arrives; at 540 the forecast 80 * 2 / 3 = 53 % holds. */
    const double want[][3] = {{240, 2, 3}};
    CHECK(same_actions(&r, want, 1), "predictive scales one step before the demand step");
    CHECK(r.steps[8].serving == 2 && r.steps[9].serving == 3 && r.summary.hot_minutes == 0,
          "predictive: serving 3 from 540; 80%% is not hot (> 80 is)");
    sim_result_free(&r);

    /* A 3-step horizon picks the latest forecast within t + 180. */
    double out[20];
    sim_align_forecast(b.time, 20, pt, pv, 19, 180, out);
    CHECK(out[2] == 80 && out[1] == 50 && out[17] == 80 && isnan(out[19]),
          "align: horizon 180 looks three rows ahead");

    /* target-predictive jumps before the step: ceil(80 * 2 / 60) = 3. */
    run(t, POLICY_TARGET_PREDICTIVE, &c, &r);
    CHECK(same_actions(&r, want, 1), "target-predictive scales to 3 at 240");
    sim_result_free(&r);
    t->forecast = NULL;
    sa_error e;
    CHECK(sim_run(t, POLICY_PREDICTIVE, &c, &r, &e) == -1 && strstr(e.msg, "--predictions"),
          "predictive without forecasts is an error naming --predictions");
    sim_result_free(&r);
}

static void test_target(void)
{
    trace_buf b;
    sim_config c;
    sim_config_default(&c);
    sim_result r;
    /* D = 60 (rec 1, clamped to min 2), then 300 from t=300: straight to
     * ceil(300 / 60) = 5; D = 120 from t=600 recommends 2 but the window
     * holds 5s until 540, so the scale-down waits until 900 (540 + 300 < 900
     * and 600..900 all say 2). Up at 300, down at 900: a flap (600 s). */
    double cpu[20];
    for (int i = 0; i < 20; i++)
        cpu[i] = i < 5 ? 30 : i < 10 ? 150 : 60;
    run(make_trace(&b, cpu, 20, 60), POLICY_TARGET, &c, &r);
    const double want[][3] = {{300, 2, 5}, {900, 5, 2}};
    CHECK(same_actions(&r, want, 2), "target: straight to 5, down to 2 after stabilisation");
    CHECK(r.summary.flaps == 1, "target: the reversal within 15 minutes is a flap");
    CHECK(strstr(r.actions[0].reason, "-> 5") != NULL, "target: the action says why");
    sim_result_free(&r);
}

/* The JSON and CSV table of the static-fleet run of
 * test_scheduled_and_cost, whose figures are worked out by hand there. */
static void test_export(const sim_result *r, const sim_config *c)
{
    replay_meta a = {.data = "x.csv", .part = "all", .start = 0, .end = 10800, .rows = 4,
                     .step = 3600, .basis = "cpu", .demand = "demand = cpu x 2",
                     .model_skill = NAN};
    sim_export x = {&a, c, r, 1, NULL, 0};
    char *text = NULL;
    size_t len = 0;
    sa_error e;
    FILE *fp = open_memstream(&text, &len);
    int rc = sim_write_json(fp, &x, &e);
    fclose(fp);
    CHECK(rc == 0 && strstr(text, "\"part\": \"all\"") &&
              strstr(text, "\"start\": \"1970-01-01 00:00:00\"") &&
              strstr(text, "\"end\": \"1970-01-01 03:00:00\"") &&
              strstr(text, "\"demand_basis\": \"cpu\"") &&
              strstr(text, "\"model\": null") && strstr(text, "\"model_skill\": null"),
          "json: what was replayed at the top");
    CHECK(strstr(text, "\"policy\": \"scheduled\"") && strstr(text, "\"quantile\": null") &&
              strstr(text, "\"cost\": 0.8,") && strstr(text, "\"instance_hours\": 8,") &&
              strstr(text, "\"hot_minutes\": 120,") && strstr(text, "\"overloaded_minutes\": 60,") &&
              strstr(text, "\"under_provisioned_instance_minutes\": 240,") &&
              strstr(text, "\"flaps\": 0,") && strstr(text, "\"actions\": 0,") &&
              strstr(text, "\"static_peak_instances\": 3"),
          "json: the policy's measures by their keys");
    free(text);
    fp = open_memstream(&text, &len);
    rc = sim_write_csv_table(fp, &x, &e);
    fclose(fp);
    /* D = 100, 180, 300, 100 over hours, need D / 60 = 5/3, 3, 5, 5/3
     * (34/3 instance-hours) against 8: slack (8 - 34/3) / (34/3) = -10/34;
     * under-provisioned (3 - 2) + (5 - 2) = 4 instance-hours, 240 minutes;
     * saving 1.20 - 0.80 in doubles */
    const char *want =
        "policy,kind,quantile,cost,instance_hours,under_provisioned_instance_minutes,"
        "overloaded_minutes,hot_minutes,unserved_instance_hours,flaps,actions,slack,min_fleet,"
        "max_fleet,savings_vs_peak,savings_vs_peak_percent,savings_vs_max,"
        "savings_vs_max_percent,data,model,predictions,part,start,end,demand_basis\n"
        "scheduled,scheduled,,0.8,8,240,60,120,1,0,0,-29.411764705882355,2,2,0.40000000000000013,"
        "33.333333333333343,3.2,80,x.csv,,,"
        "all,1970-01-01 00:00:00,1970-01-01 03:00:00,cpu\n";
    int same = rc == 0 && !strcmp(text, want);
    if (!same)
        printf("# got:\n%s", text);
    CHECK(same, "csv table: header and row exactly");
    free(text);
}

/* Where s occurs in text, or a large number when it does not. */
static size_t at(const char *text, const char *s)
{
    const char *p = strstr(text, s);
    return p ? (size_t)(p - text) : (size_t)-1;
}

/* The HTML report's structure on two hand-made results: the summary then
 * the comparison table first, units, the best of each row marked (none
 * for a tie or an unranked row), alerts folded. No Chromium needed. */
static void test_page(void)
{
    sim_config c;
    sim_config_default(&c);
    sim_result r[2];
    memset(r, 0, sizeof r);
    r[0].policy = POLICY_REACTIVE;
    r[1].policy = POLICY_TARGET;
    snprintf(r[0].label, sizeof r[0].label, "reactive");
    snprintf(r[1].label, sizeof r[1].label, "target");
    r[0].summary = (sim_summary){.cost = 10, .instance_hours = 100, .under_minutes = 50,
                                 .flaps = 3, .actions = 9, .mean_slack_pct = 20};
    r[1].summary = (sim_summary){.cost = 8, .instance_hours = 80, .under_minutes = 70,
                                 .flaps = 3, .actions = 12, .mean_slack_pct = 5};
    alert_add(&r[0].alerts, 0, ALERT_CRITICAL, "overload");
    alert_add(&r[0].alerts, 60, ALERT_INFO, "scale_up");
    replay_meta m = {.data = "group.csv", .model = "m.h5", .part = "test", .start = 86400,
                     .end = 172800, .rows = 289, .step = 300, .basis = "demand",
                     .demand = "demand = cpu x the instances column", .model_arch = "robust",
                     .model_target = "demand", .model_horizon = 2, .model_skill = 0.31};
    sim_export x = {&m, &c, r, 2, NULL, 0};
    sim_page page = {"report", NULL, NULL, NULL, &x, NULL, 0};
    char *text = NULL;
    size_t len = 0;
    sa_error e;
    FILE *fp = open_memstream(&text, &len);
    int rc = sim_page_write(fp, &page, &e);
    fclose(fp);
    CHECK(rc == 0 && at(text, "<h2>Summary</h2>") < at(text, "<table class=\"summary\">") &&
              at(text, "<table class=\"summary\">") < at(text, "<h2>Policies compared</h2>") &&
              at(text, "<h2>Policies compared</h2>") < at(text, "<table class=\"comparison\">") &&
              at(text, "<table class=\"comparison\">") < at(text, "<h2>Alerts</h2>") &&
              at(text, "<h2>Summary</h2>") == at(text, "<h2>"),
          "page: the summary first, then the comparison as an HTML table");
    CHECK(strstr(text, "the test part only (rows the model never saw): 1970-01-02 00:00:00 to "
                       "1970-01-03 00:00:00 UTC, 289 rows of 300 s") &&
              strstr(text, "m.h5 (robust, forecasts demand 2 steps ahead; skill +31.0 %") &&
              strstr(text, "forecasts read as demand") && strstr(text, "stabilisation 300 s"),
          "page: the summary names the part, dates, model, skill, basis and settings");
    CHECK(strstr(text, "lowest cost: target (8.00 USD)") &&
              strstr(text, "least under-provisioning: reactive (50 instance-minutes)") &&
              strstr(text, "fewest flaps: all equal (3)"),
          "page: at a glance, the best of each key measure");
    CHECK(strstr(text, "<tr><th>cost</th><td class=\"unit\">USD</td><td class=\"num\">10.00</td>"
                       "<td class=\"num best\">8.00</td></tr>") &&
              strstr(text, "<tr><th>under-provisioned instance-minutes</th><td class=\"unit\">"
                           "instance-minutes</td><td class=\"num best\">50</td>"
                           "<td class=\"num\">70</td></tr>"),
          "page: units, and the best of a row marked");
    CHECK(strstr(text, "<td class=\"unit\">count</td><td class=\"num\">3</td><td class=\"num\">3</td>") &&
              strstr(text, "<td class=\"unit\">% of need</td><td class=\"num\">20.0</td>"
                           "<td class=\"num\">5.0</td>"),
          "page: a tie (flaps) and an unranked row (slack) are not marked");
    CHECK(strstr(text, "<details><summary>reactive: 2 alerts (1 critical, 0 warnings, 1 info)"
                       "</summary>") && !strstr(text, "<img"),
          "page: alerts folded, counted by level; no plots asked for, none shown");
    free(text);
    alert_log_free(&r[0].alerts);
}

static void test_scheduled_and_cost(void)
{
    trace_buf b;
    sim_config c;
    sim_config_default(&c);
    sim_result r;
    c.cooldown = 0;
    c.policy.schedule_base = 3;
    c.policy.schedule_event = 6;
    double cpu[12] = {50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50};
    sim_trace *t = make_trace(&b, cpu, 12, 60);
    for (int i = 3; i <= 5; i++)
        b.event[i] = 1;
    t->in_event = b.event;
    c.stabilization = 0;
    run(t, POLICY_SCHEDULED, &c, &r);
    const double want[][3] = {{0, 2, 3}, {180, 3, 6}, {360, 6, 3}};
    CHECK(same_actions(&r, want, 3), "scheduled: base 3, 6 inside the event 180..360");
    sim_result_free(&r);
    /* the 300 s window keeps the event's size until 660 ([360, 660] all 3) */
    c.stabilization = 300;
    run(t, POLICY_SCHEDULED, &c, &r);
    const double want_w[][3] = {{0, 2, 3}, {180, 3, 6}, {660, 6, 3}};
    CHECK(same_actions(&r, want_w, 3), "scheduled: a 300 s window holds 6 until 660");
    sim_result_free(&r);

    /* Hourly rows, a static fleet of 2 (scheduled base 2, no events):
     * 4 h x 2 = 8 instance-hours, $0.80. CPU 90 % is hot; 150 % (D 300 on
     * 2) is hot and overloaded with 1 instance-hour unserved. Peak 300 ->
     * static 3 instances: $1.20, saving $0.40 (33.3 %); at --max 10:
     * $4.00, saving $3.20 (80 %). */
    double cost_cpu[4] = {50, 90, 150, 50};
    t = make_trace(&b, cost_cpu, 4, 3600);
    b.memory[0] = b.memory[1] = b.memory[3] = 40;
    b.memory[2] = 90;
    t->memory = b.memory;
    t->in_event = b.event;
    c.policy.schedule_base = 2;
    run(t, POLICY_SCHEDULED, &c, &r);
    const sim_summary *s = &r.summary;
    CHECK(r.n_actions == 0, "static fleet: no actions");
    CHECK_NEAR(s->instance_hours, 8, 1e-9, "instance-hours 2 x 4 h");
    CHECK_NEAR(s->cost, 0.8, 1e-9, "cost at $0.10");
    CHECK_NEAR(s->hot_minutes, 120, 1e-9, "hot minutes: two hours above 80%%");
    CHECK_NEAR(s->overload_minutes, 60, 1e-9, "overloaded minutes: one hour");
    CHECK_NEAR(s->unserved_hours, 1, 1e-9, "unserved: 100%% for an hour");
    CHECK(s->static_peak_size == 3, "static at peak: ceil(300 / 100) = 3");
    CHECK_NEAR(s->static_peak_cost, 1.2, 1e-9, "static at peak costs $1.20");
    CHECK_NEAR(s->savings_peak, 0.4, 1e-9, "saves $0.40 against peak");
    CHECK_NEAR(s->savings_peak_pct, 100.0 / 3, 1e-9, "saves 33.3%% against peak");
    CHECK_NEAR(s->static_max_cost, 4, 1e-9, "static at max costs $4.00");
    CHECK_NEAR(s->savings_max_pct, 80, 1e-9, "saves 80%% against max");
    CHECK(alert_count(&r.alerts, ALERT_CRITICAL) == 1 && alert_count(&r.alerts, ALERT_WARNING) == 2,
          "alerts: one overload CRITICAL, CPU and memory WARNINGs");
    CHECK(r.alerts.n == 3 && r.alerts.items[1].time == 7200 &&
              strstr(r.alerts.items[1].message, "overload"),
          "alerts: the overload at 7200 comes before the memory warning");

    /* cloud_metrics.csv, exactly. */
    char *text = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);
    sim_write_csv(fp, &r, 1);
    fclose(fp);
    const char *want_csv =
        "Timestamp,Avg_CPU,Avg_Memory,Total_Network_IO,Instance_Count,Policy,Action\n"
        "1970-01-01 00:00:00,50.00,40.00,,2,scheduled,hold\n"
        "1970-01-01 01:00:00,90.00,40.00,,2,scheduled,hold\n"
        "1970-01-01 02:00:00,100.00,90.00,,2,scheduled,hold\n"
        "1970-01-01 03:00:00,50.00,40.00,,2,scheduled,hold\n";
    CHECK(!strcmp(text, want_csv), "cloud_metrics.csv columns and rows exactly");
    free(text);

    fp = open_memstream(&text, &len);
    sim_print_table(fp, &r, 1, &c);
    fclose(fp);
    CHECK(strstr(text, "savings vs peak") && strstr(text, "0.40 (33.3%)") &&
              strstr(text, "4.00 (N=10)"),
          "table shows savings and the static costs");
    free(text);
    test_export(&r, &c);
    sim_result_free(&r);
}

static void test_config(void)
{
    sim_config c;
    sim_config_default(&c);
    sa_error e;
    CHECK(sim_config_check(&c, &e) == 0, "defaults are valid");
    c.min_instances = 5;
    c.max_instances = 3;
    CHECK(sim_config_check(&c, &e) == -1 && strstr(e.msg, "--min 5 is above --max 3"),
          "min above max is an error");
}

static void test_monitor(void)
{
    sim_config c;
    sim_config_default(&c);
    c.warmup = 0;
    c.cooldown = 10;
    monitor_spike spike;
    sa_error e;
    CHECK(monitor_parse_spike("10:95", &spike, &e) == 0 && spike.at == 10 && spike.cpu == 95,
          "monitor: parses a spike");
    CHECK(monitor_parse_spike("10:150", &spike, &e) == -1, "monitor: spike CPU above 100 rejected");
    monitor_instance in;
    CHECK(monitor_parse_resource("vm-1:Azure-VM:eu-west-1", &in, &e) == 0 &&
              !strcmp(in.id, "vm-1") && !strcmp(in.type, "Azure-VM") &&
              !strcmp(in.region, "eu-west-1"),
          "monitor: parses NAME:TYPE:REGION");
    CHECK(monitor_parse_resource("container-1:Docker", &in, &e) == 0 &&
              !strcmp(in.region, "us-east-1"),
          "monitor: the region defaults to us-east-1");
    CHECK(monitor_parse_resource("nothing", &in, &e) == -1, "monitor: a bare name is rejected");

    /* Load around 60 % of N0 = 2 spread over 3 instances (about 40 %)
     * stays inside 30..70 until the spike at 10 s puts every instance at
     * 95 %; with warm-up 0 the reactive policy adds one at that tick. */
    monitor_spike spikes[1] = {{10, 95}};
    monitor_config mc = {&c, POLICY_REACTIVE, 1700000000, 2, 5, 7, 60, spikes, 1};
    monitor m;
    int ok = monitor_init(&m, &mc, &e) == 0 && monitor_add_resource(&m, "c-1:Docker", &e) == 0;
    CHECK(ok && m.n_inst == 3 && m.engine.fleet.n == 3, "monitor: 2 EC2 plus one resource");
    for (int k = 0; ok && k < 15; k++)
        ok = monitor_tick(&m, 2.0 * k, &e) == 0;
    sim_result r;
    ok = ok && monitor_finish(&m, &r, &e) == 0;
    CHECK(ok, "monitor: 15 ticks run");
    int spike_up = 0;
    for (size_t i = 0; i < r.n_actions; i++)
        spike_up |= r.actions[i].time == 1700000010 && r.actions[i].to == r.actions[i].from + 1;
    CHECK(spike_up, "monitor: the spike at 10 s scales up at once");
    CHECK(r.n_steps == 5 && r.steps[4].time == 1700000028, "monitor: history keeps the last 5");
    CHECK(r.summary.duration_hours * 3600 == 30, "monitor: the summary covers all 15 ticks");
    CHECK(m.n_inst == m.engine.fleet.n && m.n_inst == r.steps[4].fleet,
          "monitor: instance lines follow the fleet");
    char *text = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);
    monitor_print_report(fp, &r, m.inst, m.n_inst);
    fclose(fp);
    CHECK(strstr(text, "c-1") && strstr(text, "Docker") && strstr(text, "Alert history") &&
              strstr(text, "scale_up"),
          "monitor: the report lists the resource and the scale-up alert");
    free(text);
    sim_result_free(&r);
    monitor_free(&m);
}

static void test_html(void)
{
    /* RFC 4648 test vectors. */
    const char *plain[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
    const char *coded[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
    int ok = 1;
    char out[16];
    for (int i = 0; i < 7; i++) {
        size_t n = strlen(plain[i]);
        html_base64_encode((const unsigned char *)plain[i], n, out);
        ok &= !strcmp(out, coded[i]) && html_base64_len(n) == strlen(coded[i]);
    }
    CHECK(ok, "html: base64 matches the RFC 4648 vectors");
    unsigned char bin[3] = {0xfb, 0xff, 0x00};
    html_base64_encode(bin, 3, out);
    CHECK(!strcmp(out, "+/8A"), "html: base64 of bytes above 0x7f");

    char *text = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);
    alert_log log = {0};
    alert_add(&log, 0, ALERT_CRITICAL, "a <b> & \"c\"");
    html_begin(fp, "T<1>");
    html_alerts(fp, &log, NULL);
    html_end(fp);
    fclose(fp);
    CHECK(strstr(text, "<title>T&lt;1&gt;</title>") &&
              strstr(text, "a &lt;b&gt; &amp; &quot;c&quot;") &&
              strstr(text, "<tr class=\"CRITICAL\"><td>1970-01-01 00:00:00</td>") &&
              !strstr(text, "http") && !strstr(text, "<script"),
          "html: escaped, self-contained page with the alert table");
    free(text);
    alert_log_free(&log);

    /* Relative links from a page to a directory of plots. */
    char root[] = "/tmp/test_sim.XXXXXX", path[256], page[256], rel[256];
    CHECK(mkdtemp(root) != NULL, "html: a scratch directory");
    const char *dirs[] = {"a", "a/b", "c"};
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", root, dirs[i]);
        mkdir(path, 0700);
    }
    snprintf(page, sizeof page, "%s/a/b/page.html", root);
    snprintf(path, sizeof path, "%s/c", root);
    CHECK(html_relative_dir(page, path, rel, sizeof rel) == 0 && !strcmp(rel, "../../c"),
          "html: a/b/page.html links c as ../../c (got %s)", rel);
    snprintf(page, sizeof page, "%s/a/page.html", root);
    snprintf(path, sizeof path, "%s/a/b/", root);
    CHECK(html_relative_dir(page, path, rel, sizeof rel) == 0 && !strcmp(rel, "b"),
          "html: a/page.html links a/b as b (got %s)", rel);
    snprintf(path, sizeof path, "%s/a", root);
    CHECK(html_relative_dir(page, path, rel, sizeof rel) == 0 && !strcmp(rel, "."),
          "html: a page links its own directory as . (got %s)", rel);
    CHECK(html_relative_dir(page, path, rel, 1) == -1, "html: too short a buffer is an error");
    snprintf(path, sizeof path, "%s/missing", root);
    CHECK(html_relative_dir(page, path, rel, sizeof rel) == -1,
          "html: a missing directory is an error");
    for (int i = 2; i >= 0; i--) {
        snprintf(path, sizeof path, "%s/%s", root, dirs[i]);
        rmdir(path);
    }
    rmdir(root);
}

/* The per-instance lines of a replay's last step. */
static void test_replay_instances(void)
{
    monitor_instance inst[8];
    /* Two serving: raw skews 0.236 (i-0001) and -0.528 (i-0002) by the
     * hash, so after centring and scaling f = +1 and -1: CPU 50 -/+ 5,
     * memory 40 -/+ 4, network 300 split as 150 x 1.1 and 150 x 0.9. */
    sim_step two = {.cpu = 50, .memory = 40, .network = 300, .serving = 2, .fleet = 2};
    int n = monitor_replay_instances(&two, inst, 8);
    CHECK(n == 2 && inst[0].cpu == 55 && inst[1].cpu == 45,
          "replay instances: CPU 50 on two is 55 and 45 (got %.2f, %.2f)", inst[0].cpu,
          inst[1].cpu);
    CHECK_NEAR(inst[0].memory, 44, 1e-12, "replay instances: memory 40 + 4");
    CHECK_NEAR(inst[1].network, 135, 1e-12, "replay instances: network 150 x 0.9");

    /* Five launched, four serving, one warming: the serving average is the
     * step's, the largest deviation 10 %, all different; the fifth warms. */
    sim_step s = {.cpu = 62, .memory = 70, .network = 1000, .serving = 4, .fleet = 5};
    n = monitor_replay_instances(&s, inst, 8);
    double cpu = 0, memory = 0, network = 0, dev = 0;
    int distinct = 1;
    for (int i = 0; i < 4; i++) {
        cpu += inst[i].cpu / 4;
        memory += inst[i].memory / 4;
        network += inst[i].network;
        dev = fmax(dev, fabs(inst[i].cpu - 62));
        for (int j = 0; j < i; j++)
            distinct &= inst[i].cpu != inst[j].cpu;
        distinct &= inst[i].serving;
    }
    CHECK(n == 5, "replay instances: one line per launched instance");
    CHECK_NEAR(cpu, 62, 1e-9, "replay instances: the serving average is the fleet's CPU");
    CHECK_NEAR(memory, 70, 1e-9, "replay instances: and the fleet's memory");
    CHECK_NEAR(network, 1000, 1e-9, "replay instances: network sums to the total");
    CHECK_NEAR(dev, 6.2, 1e-9, "replay instances: the largest deviation is 10 %% of the CPU");
    CHECK(distinct, "replay instances: every serving instance has its own CPU");
    CHECK(!inst[4].serving && inst[4].cpu == 0 && inst[4].network == 0 && isnan(inst[4].memory) &&
              !strcmp(inst[4].id, "i-0005"),
          "replay instances: the newest, warming, shows 0 CPU and no memory");
    monitor_instance again[8];
    monitor_replay_instances(&s, again, 8);
    CHECK(!memcmp(inst, again, sizeof again[0] * 5), "replay instances: deterministic");

    /* Near and at overload nothing goes above 100. */
    s.cpu = 97;
    monitor_replay_instances(&s, inst, 8);
    double top = 0;
    for (int i = 0; i < 4; i++)
        top = fmax(top, inst[i].cpu);
    CHECK_NEAR(top, 100, 1e-9, "replay instances: CPU 97 skews by 3 at most, to 100");
    s.cpu = 100;
    monitor_replay_instances(&s, inst, 8);
    CHECK(inst[0].cpu == 100 && inst[1].cpu == 100 && inst[3].cpu == 100,
          "replay instances: an overloaded fleet shows 100 everywhere");
    sim_step one = {.cpu = 30, .memory = NAN, .network = NAN, .serving = 1, .fleet = 1};
    monitor_replay_instances(&one, inst, 8);
    CHECK(inst[0].cpu == 30 && isnan(inst[0].memory),
          "replay instances: one instance carries the average, no memory stays none");

    /* The report prints each line. */
    sim_result r = {0};
    r.n_steps = 1;
    r.steps = &two;
    char *text = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);
    n = monitor_replay_instances(&two, inst, 8);
    monitor_print_report(fp, &r, inst, n);
    fclose(fp);
    CHECK(strstr(text, "i-0001               EC2          us-east-1         55.00    44.00   165.00  running") &&
              strstr(text, "i-0002               EC2          us-east-1         45.00    36.00   135.00  running"),
          "replay instances: the report shows each instance's numbers");
    free(text);
}

/* The lines each policy's dashboard draws. */
static void test_thresholds(void)
{
    sim_config c;
    sim_config_default(&c);
    double up, down;
    sim_report_thresholds(POLICY_REACTIVE, &c, &up, &down);
    CHECK(up == 70 && down == 30, "dashboard: reactive draws 70 and 30");
    sim_report_thresholds(POLICY_PREDICTIVE, &c, &up, &down);
    CHECK(up == 70 && down == 35, "dashboard: predictive draws 70 and its 35");
    sim_report_thresholds(POLICY_TARGET_PREDICTIVE, &c, &up, &down);
    CHECK_NEAR(up, 66, 1e-12, "dashboard: target tracking acts above 60 x 1.1");
    CHECK_NEAR(down, 54, 1e-12, "dashboard: and below 60 x 0.9");
}

int main(void)
{
    test_thresholds();
    test_html();
    test_page();
    test_replay_instances();
    test_monitor();
    test_reactive();
    test_flaps();
    test_stabilisation();
    test_predictive();
    test_target();
    test_scheduled_and_cost();
    test_config();
    return test_summary();
}
