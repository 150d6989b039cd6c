/* policy.c — see policy.h. */
#include "sim/policy.h"

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

unsigned policy_uses(policy_kind kind, const policy_params *p)
{
    switch (kind) {
    case POLICY_REACTIVE:
        return POLICY_USES_UP | POLICY_USES_DOWN;
    case POLICY_PREDICTIVE:
        if (p->quantile > 0)
            return POLICY_USES_QUANTILE | POLICY_USES_TOLERANCE |
                   (p->floor_reactive ? POLICY_USES_UP : 0u);
        return POLICY_USES_UP | POLICY_USES_PRED_DOWN;
    case POLICY_TARGET:
    case POLICY_TARGET_PREDICTIVE:
        return POLICY_USES_TOLERANCE;
    case POLICY_SCHEDULED:
        return POLICY_USES_SCHEDULE;
    case POLICY_COUNT:
        break;
    }
    return 0;
}

int policy_check(policy_kind kind, const policy_params *p, char *msg, size_t len)
{
    unsigned uses = policy_uses(kind, p);
    if ((uses & POLICY_USES_DOWN) && p->up <= p->down)
        return snprintf(msg, len, "--up %g must be above --down %g", p->up, p->down), -1;
    if ((uses & POLICY_USES_PRED_DOWN) && p->up <= p->pred_down)
        return snprintf(msg, len, "--up %g must be above --pred-down %g (the predictive "
                        "policy's)", p->up, p->pred_down), -1;
    return 0;
}

/* ceil that forgives the rounding of a product such as 0.7 * 2 * 100 / 60,
 * so an exact multiple of the target does not ask for one instance more. */
static int ceil_size(double x)
{
    double c = ceil(x - 1e-9);
    return c < 0 ? 0 : c > 1e6 ? 1000000 : (int)c;
}

/* Target tracking on demand d (NaN: no information, recommend the current
 * size). Returns the recommendation. */
static int decide_target(const policy_params *p, const policy_input *in, double d,
                         const char *what, char *reason, size_t len)
{
    int n = in->fleet;
    if (isnan(d)) {
        snprintf(reason, len, "no forecast");
        return n;
    }
    double ratio = n > 0 ? d / (n * p->target_cpu) : INFINITY;
    if (fabs(ratio - 1) <= p->tolerance) {
        snprintf(reason, len, "%s %.1f%% within %.0f%% of target %.0f%% x %d", what, d,
                 100 * p->tolerance, p->target_cpu, n);
        return n;
    }
    int rec = ceil_size(d / p->target_cpu);
    snprintf(reason, len, "%s %.1f%% / target %.0f%% -> %d", what, d, p->target_cpu, rec);
    return rec;
}

/* Quantile provisioning (see policy.h), with its dead band and the
 * reactive floor. Returns the recommendation. */
static int decide_quantile(const policy_params *p, const policy_input *in, char *reason,
                           size_t len)
{
    int n = in->fleet, need = n, base = p->base_instances;
    double ceiling = p->quantile_cpu > 0 ? p->quantile_cpu : p->target_cpu * (1 + p->tolerance);
    double middle = ceiling / (1 + p->tolerance);
    if (isnan(in->forecast_upper)) {
        snprintf(reason, len, "no forecast");
    } else {
        need = predictions_instances_needed(in->forecast_upper, base, ceiling);
        snprintf(reason, len, "forecast q%g upper %.1f%% x %d / %.0f%% -> %d", p->quantile,
                 in->forecast_upper, base, ceiling, need);
        if (need < n) {   /* in: to the middle of the band, for the largest bound until then */
            double u = isnan(in->forecast_upper_max) ? in->forecast_upper
                                                       : fmax(in->forecast_upper_max,
                                                              in->forecast_upper);
            int in_need = predictions_instances_needed(u, base, middle);
            need = in_need < n ? in_need : n;
            snprintf(reason + strlen(reason), len - strlen(reason),
                     "; in: %.1f%% x %d / %.0f%% -> %d", u, base, middle, need);
        }
    }
    int floor = p->floor_reactive ? ceil_size(in->demand / p->up) : 0;
    if (floor > need) {
        need = floor;
        snprintf(reason, len, "reactive floor: demand %.1f%% / %g%% -> %d", in->demand, p->up,
                 floor);
    }
    return need;
}

/* The seed's +1/-1 rules: value (observed or forecast CPU % at the
 * current size) above up adds one, below down removes one. */
static int decide_step(int n, double value, double up, double down, const char *what,
                       char *reason, size_t len)
{
    if (value > up) {
        snprintf(reason, len, "%s %.1f%% > %g%%", what, value, up);
        return n + 1;
    }
    if (value < down) {
        snprintf(reason, len, "%s %.1f%% < %g%%", what, value, down);
        return n - 1;
    }
    return n;
}

int policy_decide(policy_kind kind, const policy_params *p, const policy_input *in,
                  char *reason, size_t reason_len)
{
    char scratch[1];
    if (!reason || !reason_len) {
        reason = scratch;
        reason_len = sizeof scratch;
    }
    reason[0] = 0;
    int n = in->fleet;
    switch (kind) {
    case POLICY_REACTIVE:
        return decide_step(n, in->cpu, p->up, p->down, "CPU", reason, reason_len);
    case POLICY_PREDICTIVE:
        if (p->quantile > 0)
            return decide_quantile(p, in, reason, reason_len);
        if (isnan(in->forecast) || n <= 0)
            return n;
        return decide_step(n, in->forecast * p->base_instances / n, p->up, p->pred_down,
                           "forecast CPU", reason, reason_len);
    case POLICY_TARGET:
        return decide_target(p, in, in->demand, "demand", reason, reason_len);
    case POLICY_TARGET_PREDICTIVE:
        return decide_target(p, in, in->forecast * p->base_instances, "forecast demand",
                             reason, reason_len);
    case POLICY_SCHEDULED:
        snprintf(reason, reason_len, "%s", in->in_event ? "calendar event" : "outside events");
        return in->in_event ? p->schedule_event : p->schedule_base;
    case POLICY_COUNT:
        break;
    }
    return n;
}
