/* policy.c — see policy.h. */
#include "sim/policy.h"
#include "base/array.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval/predictions.h"

static const char *const names[POLICY_COUNT] = {
    "reactive", "predictive", "target", "target-predictive", "scheduled",
};

void policy_params_default(policy_params *p)
{
    p->base_instances = 2;
    p->up = 70;
    p->down = 30;
    p->pred_down = 35;
    p->target_cpu = 60;
    p->tolerance = 0.10;
    p->stabilization = 300;
    p->schedule_base = 2;
    p->schedule_event = 10;
    p->quantile = 0;
    p->quantile_cpu = 0;
    p->floor_reactive = 1;
}

const char *policy_name(policy_kind kind)
{
    return kind < POLICY_COUNT ? names[kind] : "?";
}

const char *policy_label(policy_kind kind, const policy_params *p, char *buf, size_t len)
{
    if (kind == POLICY_PREDICTIVE && p->quantile > 0)
        snprintf(buf, len, "predictive q%g%s", p->quantile, p->floor_reactive ? "" : " nofloor");
    else
        snprintf(buf, len, "%s", policy_name(kind));
    return buf;
}

int policy_parse(const char *name, policy_kind *kind)
{
    for (int k = 0; k < POLICY_COUNT; k++)
        if (!strcmp(name, names[k])) {
            *kind = (policy_kind)k;
            return 0;
        }
    return -1;
}

int policy_needs_forecast(policy_kind kind)
{
    return kind == POLICY_PREDICTIVE || kind == POLICY_TARGET_PREDICTIVE;
}

int policy_needs_calendar(policy_kind kind) { return kind == POLICY_SCHEDULED; }

/* ceil that forgives the rounding of a product such as 0.7 * 2 * 100 / 60,
 * so an exact multiple of the target does not ask for one instance more. */
static int ceil_size(double x)
{
    double c = ceil(x - 1e-9);
    return c < 0 ? 0 : c > 1e6 ? 1000000 : (int)c;
}

/* Records (t, size) and drops recommendations older than the window. */
static int window_push(policy_state *s, double t, int size, double window)
{
    while (s->start < s->n && s->rec_time[s->start] < t - window)
        s->start++;
    if (s->start > 0 && s->n == s->cap) {
        size_t live = s->n - s->start;
        memmove(s->rec_time, s->rec_time + s->start, live * sizeof *s->rec_time);
        memmove(s->rec_size, s->rec_size + s->start, live * sizeof *s->rec_size);
        s->start = 0;
        s->n = live;
    }
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 16;
        if (array_resize(&s->rec_time, cap, sizeof *s->rec_time) ||
            array_resize(&s->rec_size, cap, sizeof *s->rec_size))
            return -1;
        s->cap = cap;
    }
    s->rec_time[s->n] = t;
    s->rec_size[s->n] = size;
    s->n++;
    return 0;
}

static int window_max(const policy_state *s)
{
    int m = 0;
    for (size_t i = s->start; i < s->n; i++)
        if (s->rec_size[i] > m)
            m = s->rec_size[i];
    return m;
}

/* Target tracking on demand d (NaN: no information, recommend the current
 * size). */
static int decide_target(const policy_params *p, policy_state *s, const policy_input *in,
                         double d, const char *what, int *desired, char *reason, size_t len)
{
    int n = in->fleet, rec = n;
    if (isnan(d)) {
        snprintf(reason, len, "no forecast");
    } else {
        double ratio = n > 0 ? d / (n * p->target_cpu) : INFINITY;
        if (fabs(ratio - 1) <= p->tolerance) {
            snprintf(reason, len, "%s %.1f%% within %.0f%% of target %.0f%% x %d",
                     what, d, 100 * p->tolerance, p->target_cpu, n);
        } else {
            rec = ceil_size(d / p->target_cpu);
            snprintf(reason, len, "%s %.1f%% / target %.0f%% -> %d", what, d,
                     p->target_cpu, rec);
        }
    }
    if (window_push(s, in->time, rec, p->stabilization) < 0)
        return -1;
    if (rec >= n) {
        *desired = rec;
    } else {
        int stable = window_max(s);
        *desired = stable < n ? stable : n;
        if (*desired != rec && len)
            snprintf(reason + strlen(reason), len - strlen(reason),
                     ", stabilised at %d", *desired);
    }
    return 0;
}

/* Quantile provisioning (see policy.h), with the reactive floor. */
static void decide_quantile(const policy_params *p, const policy_input *in, int *desired,
                            char *reason, size_t len)
{
    int n = in->fleet, need = n;
    double target = p->quantile_cpu > 0 ? p->quantile_cpu : p->target_cpu * (1 + p->tolerance);
    if (isnan(in->forecast_upper)) {
        snprintf(reason, len, "no forecast");
    } else {
        need = predictions_instances_needed(in->forecast_upper, p->base_instances, target);
        int keep = isnan(in->forecast_upper_max) ? need
                 : predictions_instances_needed(in->forecast_upper_max, p->base_instances, target);
        snprintf(reason, len, "forecast q%g upper %.1f%% x %d / %.0f%% -> %d", p->quantile,
                 in->forecast_upper, p->base_instances, target, need);
        if (need < n && keep > need) {
            need = keep < n ? keep : n;
            snprintf(reason + strlen(reason), len - strlen(reason), ", kept %d until then", need);
        }
    }
    int floor = p->floor_reactive ? ceil_size(in->demand / p->up) : 0;
    if (floor > need) {
        need = floor;
        snprintf(reason, len, "reactive floor: demand %.1f%% / %g%% -> %d", in->demand, p->up,
                 floor);
    }
    *desired = need;
}

int policy_decide(policy_kind kind, const policy_params *p, policy_state *state,
                  const policy_input *in, int *desired, char *reason, size_t reason_len)
{
    char scratch[1];
    if (!reason || !reason_len) {
        reason = scratch;
        reason_len = sizeof scratch;
    }
    reason[0] = 0;
    int n = in->fleet;
    *desired = n;
    switch (kind) {
    case POLICY_REACTIVE:
        if (in->cpu > p->up) {
            *desired = n + 1;
            snprintf(reason, reason_len, "CPU %.1f%% > %g%%", in->cpu, p->up);
        } else if (in->cpu < p->down) {
            *desired = n - 1;
            snprintf(reason, reason_len, "CPU %.1f%% < %g%%", in->cpu, p->down);
        }
        return 0;
    case POLICY_PREDICTIVE: {
        if (p->quantile > 0) {
            decide_quantile(p, in, desired, reason, reason_len);
            return 0;
        }
        if (isnan(in->forecast) || n <= 0)
            return 0;
        double per = in->forecast * p->base_instances / n;
        if (per > p->up) {
            *desired = n + 1;
            snprintf(reason, reason_len, "forecast CPU %.1f%% > %g%%", per, p->up);
        } else if (per < p->pred_down) {
            *desired = n - 1;
            snprintf(reason, reason_len, "forecast CPU %.1f%% < %g%%", per, p->pred_down);
        }
        return 0;
    }
    case POLICY_TARGET:
        return decide_target(p, state, in, in->demand, "demand", desired, reason, reason_len);
    case POLICY_TARGET_PREDICTIVE:
        return decide_target(p, state, in, in->forecast * p->base_instances,
                             "forecast demand", desired, reason, reason_len);
    case POLICY_SCHEDULED:
        *desired = in->in_event ? p->schedule_event : p->schedule_base;
        snprintf(reason, reason_len, "%s", in->in_event ? "calendar event" : "outside events");
        return 0;
    case POLICY_COUNT:
        break;
    }
    return 0;
}

void policy_state_free(policy_state *state)
{
    free(state->rec_time);
    free(state->rec_size);
    memset(state, 0, sizeof *state);
}
