/* compare.c — see compare.h. */
#include "sim/compare.h"

#include <string.h>


int sim_pick_policies(const char *arg, int has_forecast, int has_calendar, policy_kind *out)
{
    if (strcmp(arg, "all"))
        return policy_parse(arg, &out[0]) < 0 ? -1 : 1;
    int n = 0;
    for (int k = 0; k < POLICY_COUNT; k++) {
        if (policy_needs_forecast((policy_kind)k) && !has_forecast)
            continue;
        if (policy_needs_calendar((policy_kind)k) && !has_calendar)
            continue;
        out[n++] = (policy_kind)k;
    }
    return n;
}

/* One run of kind with c, the quantile policy on upper. */
static int run_one(const replay *r, policy_kind kind, const sim_config *c, int level,
                   sim_result *out, sa_error *e)
{
    sim_trace t = r->trace;
    if (level >= 0 && (size_t)level < r->n_levels) {
        t.forecast_upper = r->upper[level];
        t.forecast_upper_max = r->upper_max[level];
    }
    if (kind == POLICY_PREDICTIVE && c->policy.quantile > 0 && !t.forecast_upper)
        return sa_fail(e, "--quantile needs the forecasts' upper bounds");
    return sim_run(&t, kind, c, out, e);
}

static void free_results(sim_result *out, int n)
{
    for (int j = 0; j < n; j++)
        sim_result_free(&out[j]);
}

int sim_compare(const replay *r, const policy_kind *kinds, int n, const sim_config *c,
                sim_result *out, sa_error *e)
{
    memset(out, 0, (size_t)n * sizeof *out);
    for (int j = 0; j < n; j++)
        if (run_one(r, kinds[j], c, 0, &out[j], e) < 0) {
            free_results(out, n);
            return -1;
        }
    return 0;
}

int sim_sweep(const replay *r, const double *levels, const sim_config *c, sim_result *out,
              sa_error *e)
{
    int n = (int)r->n_levels;
    memset(out, 0, (size_t)(n + 2) * sizeof *out);
    sim_config q = *c;
    int rc = 0;
    for (int k = 0; rc == 0 && k < n; k++) {
        q.policy.quantile = levels[k];
        rc = run_one(r, POLICY_PREDICTIVE, &q, k, &out[k], e);
    }
    if (rc == 0)
        rc = run_one(r, POLICY_REACTIVE, c, -1, &out[n], e);
    if (rc == 0)
        rc = run_one(r, POLICY_TARGET, c, -1, &out[n + 1], e);
    if (rc < 0)
        free_results(out, n + 2);
    return rc;
}
