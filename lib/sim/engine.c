/* engine.c — see engine.h. */
#include "sim/engine.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "series/series.h"

void sim_config_default(sim_config *c)
{
    c->min_instances = 2;
    c->max_instances = 10;
    c->warmup = 300;
    c->cooldown = 300;
    c->stabilization = 300;
    c->max_step = 0;
    c->max_step_pct = 0;
    c->price = 0.10;
    c->hot_cpu = 80;
    c->memory_alert = 85;
    c->flap_window = 900;
    policy_params_default(&c->policy);
}

int sim_config_check(const sim_config *c, sa_error *e)
{
    if (c->min_instances < 1)
        return sa_fail(e, "--min %d: the fleet needs at least one instance", c->min_instances);
    if (c->min_instances > c->max_instances)
        return sa_fail(e, "--min %d is above --max %d", c->min_instances, c->max_instances);
    if (c->policy.base_instances < 1)
        return sa_fail(e, "--base-instances %d: must be at least 1", c->policy.base_instances);
    if (c->warmup < 0 || c->cooldown < 0 || c->stabilization < 0 || c->flap_window < 0)
        return sa_fail(e, "--warmup, --cooldown, --stabilization and --flap-window must not be "
                          "negative");
    if (c->max_step < 0 || c->max_step_pct < 0 || (c->max_step > 0 && c->max_step_pct > 0))
        return sa_fail(e, "--max-step: one limit, in instances or in %%, not negative");
    if (c->price < 0)
        return sa_fail(e, "--price must not be negative");
    if (c->policy.target_cpu <= 0)
        return sa_fail(e, "--target-cpu must be positive");
    return 0;
}

static int clamp_size(int n, const sim_config *c)
{
    return n < c->min_instances ? c->min_instances : n > c->max_instances ? c->max_instances : n;
}

int sim_initial_fleet(const sim_config *c) { return clamp_size(c->policy.base_instances, c); }

int sim_engine_init(sim_engine *g, policy_kind policy, const sim_config *c, sa_error *e)
{
    memset(g, 0, sizeof *g);
    g->cfg = c;
    g->policy = policy;
    int n0 = sim_initial_fleet(c);
    g->fleet.cap = c->max_instances > n0 ? c->max_instances : n0;
    g->fleet.launch = malloc((size_t)g->fleet.cap * sizeof *g->fleet.launch);
    if (!g->fleet.launch)
        return sa_fail(e, "out of memory");
    g->fleet.n = n0;
    for (int i = 0; i < n0; i++)
        g->fleet.launch[i] = -INFINITY;   /* serving from the start */
    g->serving = n0;
    g->sum.min_fleet = g->sum.max_fleet = n0;
    return 0;
}

int sim_engine_add_serving(sim_engine *g, int k, sa_error *e)
{
    int n = g->fleet.n + k;
    if (n > g->fleet.cap) {
        double *launch = realloc(g->fleet.launch, (size_t)n * sizeof *launch);
        if (!launch)
            return sa_fail(e, "out of memory");
        g->fleet.launch = launch;
        g->fleet.cap = n;
    }
    while (g->fleet.n < n)
        g->fleet.launch[g->fleet.n++] = -INFINITY;
    g->serving = n;
    g->sum.min_fleet = g->sum.max_fleet = n;
    return 0;
}

int sim_engine_warm(sim_engine *g, double t)
{
    int s = 0;
    while (s < g->fleet.n && g->fleet.launch[s] + g->cfg->warmup <= t)
        s++;
    g->serving = s;
    return s;
}

/* Launches instances at t or removes the newest, to reach size. */
static void fleet_resize(sim_fleet *f, int size, double t)
{
    while (f->n < size && f->n < f->cap)
        f->launch[f->n++] = t;
    if (size < f->n)
        f->n = size;
}

static int record_action(sim_engine *g, double t, int from, int to, const char *reason,
                         sa_error *e)
{
    if (g->n_actions == g->cap_actions) {
        size_t cap = g->cap_actions ? 2 * g->cap_actions : 32;
        sim_action *a = realloc(g->actions, cap * sizeof *a);
        if (!a)
            return sa_fail(e, "out of memory");
        g->actions = a;
        g->cap_actions = cap;
    }
    sim_action *a = &g->actions[g->n_actions++];
    a->time = t;
    a->from = from;
    a->to = to;
    snprintf(a->reason, sizeof a->reason, "%s", reason);
    if (alert_add(&g->alerts, t, ALERT_INFO, "%s %d -> %d instances (%s: %s)",
                  sim_action_name(to - from), from, to, policy_name(g->policy), reason) < 0)
        return sa_fail(e, "out of memory");
    return 0;
}

/* Step 6: the costs and risks of the step's dt, with the fleet after the
 * action and the observation made with `serving` instances. */
static void account(sim_engine *g, const sim_observation *o, int serving, int overloaded)
{
    const sim_config *c = g->cfg;
    int fleet = g->fleet.n;
    g->sum.duration_hours += o->dt / 3600;
    g->sum.instance_hours += fleet * o->dt / 3600;
    if (o->cpu > c->hot_cpu)
        g->sum.hot_minutes += o->dt / 60;
    if (overloaded) {
        g->sum.overload_minutes += o->dt / 60;
        g->sum.unserved_hours += (o->demand - 100.0 * serving) / 100 * o->dt / 3600;
    }
    if (fleet < g->sum.min_fleet)
        g->sum.min_fleet = fleet;
    if (fleet > g->sum.max_fleet)
        g->sum.max_fleet = fleet;
    if (o->demand > g->sum.peak_demand)
        g->sum.peak_demand = o->demand;
    double need = o->demand / c->policy.target_cpu;
    g->sum.need_hours += need * o->dt / 3600;
    g->sum.slack_hours += (fleet - need) * o->dt / 3600;
    if (need > serving)
        g->sum.under_minutes += (need - serving) * o->dt / 60;
}

/* Step 4: the policy's recommendation, remembered for the stabilisation
 * window, stabilised, limited and clamped (scaling_limits.h) into
 * *desired, with the reason (len bytes). Returns 0, or -1 when out of
 * memory. */
static int decide(sim_engine *g, const sim_observation *o, int *desired, char *reason,
                  size_t len)
{
    const sim_config *c = g->cfg;
    int n = g->fleet.n;
    policy_input in = {o->time, o->demand, o->cpu, n, o->forecast, o->in_event,
                       o->forecast_upper, o->forecast_upper_max};
    int rec = policy_decide(g->policy, &c->policy, &in, reason, len);
    if (scaling_window_push(&g->window, o->time, rec, c->stabilization) < 0)
        return -1;
    int want = scaling_stabilize(&g->window, n, rec);
    if (want != rec)
        snprintf(reason + strlen(reason), len - strlen(reason), "; held at %d by the %gs "
                 "stabilisation", want, c->stabilization);
    int clamped = clamp_size(want, c);
    *desired = scaling_limit_step(n, clamped, c->max_step, c->max_step_pct);
    if (*desired != clamped)
        snprintf(reason + strlen(reason), len - strlen(reason), "; %+d by --max-step",
                 *desired - n);
    return 0;
}

int sim_engine_step(sim_engine *g, const sim_observation *o, sim_step *out, sa_error *e)
{
    const sim_config *c = g->cfg;
    double t = o->time;
    int serving = g->serving;
    int overloaded = o->demand > 100.0 * serving;

    /* 3. alerts */
    int rc = 0;
    if (overloaded)
        rc |= alert_add(&g->alerts, t, ALERT_CRITICAL,
                        "overload: demand %.1f%% exceeds %d serving instances (%.1f%% unserved)",
                        o->demand, serving, o->demand - 100.0 * serving);
    else if (o->cpu > c->hot_cpu)
        rc |= alert_add(&g->alerts, t, ALERT_WARNING, "high CPU %.1f%% > %g%%", o->cpu,
                        c->hot_cpu);
    if (o->memory > c->memory_alert)
        rc |= alert_add(&g->alerts, t, ALERT_WARNING, "high memory %.1f%% > %g%%", o->memory,
                        c->memory_alert);
    if (rc)
        return sa_fail(e, "out of memory");

    /* 4. decide */
    int desired;
    char reason[sizeof ((sim_action *)0)->reason];
    if (decide(g, o, &desired, reason, sizeof reason) < 0)
        return sa_fail(e, "out of memory");

    /* 5. act */
    int from = g->fleet.n, action = 0;
    int cooled = !g->has_action || t + 1e-9 >= g->last_action_time + c->cooldown;
    if (desired != from && cooled) {
        fleet_resize(&g->fleet, desired, t);
        action = g->fleet.n - from;
        int direction = action > 0 ? 1 : -1;
        if (g->has_action && direction == -g->last_direction &&
            t - g->last_action_time <= c->flap_window + 1e-9)
            g->sum.flaps++;
        g->has_action = 1;
        g->last_direction = direction;
        g->last_action_time = t;
        g->sum.actions++;
        if (record_action(g, t, from, g->fleet.n, reason, e) < 0)
            return -1;
    }

    /* 6. account */
    account(g, o, serving, overloaded);
    int fleet = g->fleet.n;
    *out = (sim_step){t, o->demand, o->cpu, o->memory, o->network, o->forecast,
                      serving, fleet, action};
    return 0;
}

void sim_engine_finish(sim_engine *g, sim_result *r)
{
    const sim_config *c = g->cfg;
    sim_summary *s = &g->sum;
    s->cost = s->instance_hours * c->price;
    s->static_peak_size = (int)ceil(s->peak_demand / 100 - 1e-9);
    if (s->static_peak_size < 1)
        s->static_peak_size = 1;
    s->static_peak_cost = s->static_peak_size * s->duration_hours * c->price;
    s->savings_peak = s->static_peak_cost - s->cost;
    s->savings_peak_pct = s->static_peak_cost > 0 ? 100 * s->savings_peak / s->static_peak_cost : 0;
    s->static_max_cost = c->max_instances * s->duration_hours * c->price;
    s->savings_max = s->static_max_cost - s->cost;
    s->savings_max_pct = s->static_max_cost > 0 ? 100 * s->savings_max / s->static_max_cost : 0;
    s->mean_slack_pct = s->need_hours > 0 ? 100 * s->slack_hours / s->need_hours : 0;

    r->policy = g->policy;
    policy_label(g->policy, &c->policy, r->label, sizeof r->label);
    r->quantile = g->policy == POLICY_PREDICTIVE && c->policy.quantile > 0 ? c->policy.quantile
                                                                          : NAN;
    r->summary = *s;
    r->actions = g->actions;
    r->n_actions = g->n_actions;
    r->alerts = g->alerts;
    g->actions = NULL;
    g->n_actions = g->cap_actions = 0;
    memset(&g->alerts, 0, sizeof g->alerts);
}

void sim_engine_free(sim_engine *g)
{
    scaling_window_free(&g->window);
    free(g->fleet.launch);
    free(g->actions);
    alert_log_free(&g->alerts);
    memset(g, 0, sizeof *g);
}

/* The observation of step i of t with `serving` instances serving. */
static void observe(const sim_trace *t, size_t i, int serving, const sim_config *c,
                    sim_observation *o)
{
    double n0 = c->policy.base_instances, measured = t->instances ? t->instances[i] : n0;
    /* CPU forecasts were made on the fleet of their time: in N0 units */
    double rescale = t->forecast_demand ? 1 : measured / n0;
    o->time = (double)t->time[i];
    o->dt = i + 1 < t->n ? (double)(t->time[i + 1] - t->time[i]) : t->step;
    o->demand = t->cpu[i] * measured;
    o->cpu = serving > 0 ? fmin(100, o->demand / serving) : o->demand > 0 ? 100 : 0;
    o->memory = t->memory && serving > 0 ? fmin(100, t->memory[i] * measured / serving) : NAN;
    o->network = t->network ? t->network[i] : NAN;
    o->forecast = t->forecast ? t->forecast[i] * rescale : NAN;
    o->forecast_upper = t->forecast_upper ? t->forecast_upper[i] * rescale : NAN;
    o->forecast_upper_max = t->forecast_upper_max ? t->forecast_upper_max[i] * rescale : NAN;
    o->in_event = t->in_event ? t->in_event[i] : 0;
}

int sim_run(const sim_trace *t, policy_kind policy, const sim_config *c, sim_result *r,
            sa_error *e)
{
    memset(r, 0, sizeof *r);
    r->policy = policy;
    if (sim_config_check(c, e) < 0)
        return -1;
    char msg[160];
    if (policy_check(policy, &c->policy, msg, sizeof msg) < 0)
        return sa_fail(e, "%s", msg);
    if (policy_needs_forecast(policy) && !t->forecast)
        return sa_fail(e, "policy %s needs forecasts (--predictions)", policy_name(policy));
    if (policy_needs_calendar(policy) && !t->in_event)
        return sa_fail(e, "policy %s needs a calendar (--calendar)", policy_name(policy));
    if (t->n == 0)
        return sa_fail(e, "the trace has no rows");
    sim_engine g;
    if (sim_engine_init(&g, policy, c, e) < 0)
        return -1;
    r->steps = malloc(t->n * sizeof *r->steps);
    if (!r->steps) {
        sim_engine_free(&g);
        return sa_fail(e, "out of memory");
    }
    for (size_t i = 0; i < t->n; i++) {
        sim_observation o;
        observe(t, i, sim_engine_warm(&g, (double)t->time[i]), c, &o);
        if (sim_engine_step(&g, &o, &r->steps[i], e) < 0) {
            sim_engine_free(&g);
            sim_result_free(r);
            return -1;
        }
        r->n_steps = i + 1;
    }
    sim_engine_finish(&g, r);
    sim_engine_free(&g);
    return 0;
}

void sim_result_free(sim_result *r)
{
    free(r->steps);
    free(r->actions);
    alert_log_free(&r->alerts);
    memset(r, 0, sizeof *r);
}

/* out[i]: of the predictions whose timestamp lies in (time[i], time[i] +
 * horizon], the latest (take_max 0) or the largest (1); NaN when none. */
static void align_window(const int64_t *time, size_t n, const int64_t *pred_time,
                         const double *pred, size_t m, double horizon, int take_max, double *out)
{
    size_t j = 0;   /* first prediction with pred_time > time[i] */
    for (size_t i = 0; i < n; i++) {
        while (j < m && pred_time[j] <= time[i])
            j++;
        out[i] = NAN;
        for (size_t k = j; k < m && pred_time[k] <= (double)time[i] + horizon; k++)
            if (!take_max || isnan(out[i]) || pred[k] > out[i])
                out[i] = pred[k];
    }
}

void sim_align_forecast(const int64_t *time, size_t n, const int64_t *pred_time,
                        const double *pred, size_t m, double horizon, double *out)
{
    align_window(time, n, pred_time, pred, m, horizon, 0, out);
}

void sim_align_forecast_max(const int64_t *time, size_t n, const int64_t *pred_time,
                            const double *pred, size_t m, double horizon, double *out)
{
    align_window(time, n, pred_time, pred, m, horizon, 1, out);
}

const char *sim_action_name(int action)
{
    return action > 0 ? "scale_up" : action < 0 ? "scale_down" : "hold";
}

/* "%.2f", or nothing for NaN. */
static void put_number(FILE *fp, double v)
{
    if (!isnan(v))
        fprintf(fp, "%.2f", v);
}

int sim_write_csv(FILE *fp, const sim_result *r, size_t n)
{
    char when[20];
    fprintf(fp, "Timestamp,Avg_CPU,Avg_Memory,Total_Network_IO,Instance_Count,Policy,Action\n");
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < r[j].n_steps; i++) {
            const char *label = r[j].label[0] ? r[j].label : policy_name(r[j].policy);
            const sim_step *s = &r[j].steps[i];
            time_format((int64_t)floor(s->time), when);
            fprintf(fp, "%s,%.2f,", when, s->cpu);
            put_number(fp, s->memory);
            fputc(',', fp);
            put_number(fp, s->network);
            fprintf(fp, ",%d,%s,%s\n", s->fleet, label, sim_action_name(s->action));
        }
    return ferror(fp) ? -1 : 0;
}
