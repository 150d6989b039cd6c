/* compare.c — see compare.h. */
#include "sim/compare.h"

#include <string.h>

#include "base/outfile.h"
#include "eval/plot.h"

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

int sim_print_sweep(FILE *fp, const sim_result *r, size_t n_levels, const double *levels)
{
    fprintf(fp, "%-20s %6s %10s %8s %11s %9s %10s %8s\n", "policy", "q", "cost", "hot min",
            "overload min", "slack %", "under i-min", "actions");
    for (size_t j = 0; j < n_levels + 2; j++) {
        const sim_summary *s = &r[j].summary;
        char q[16] = "-";
        if (j < n_levels)
            snprintf(q, sizeof q, "%g", levels[j]);
        fprintf(fp, "%-20s %6s %10.2f %8.0f %11.0f %9.1f %10.0f %8d\n", r[j].label, q, s->cost,
                s->hot_minutes, s->overload_minutes, s->mean_slack_pct, s->under_minutes,
                s->actions);
    }
    return ferror(fp) ? -1 : 0;
}

int sim_plot_frontier(const char *dir, const sim_result *r, size_t n_levels,
                      const double *levels, sa_error *e)
{
    if (outfile_mkdir(dir, e) < 0)
        return -1;
    double x[REPLAY_MAX_LEVELS + 2], y[REPLAY_MAX_LEVELS + 2];
    char names[REPLAY_MAX_LEVELS][16];
    const char *labels[REPLAY_MAX_LEVELS + 2];
    for (size_t j = 0; j < n_levels + 2; j++) {
        x[j] = r[j].summary.overload_minutes;
        y[j] = r[j].summary.cost;
        labels[j] = r[j].label;
        if (j < n_levels) {
            snprintf(names[j], sizeof names[j], "q%g", levels[j]);
            labels[j] = names[j];
        }
    }
    return plot_frontier(dir, "frontier", x, y, labels, n_levels, "quantile policy", x + n_levels,
                         y + n_levels, labels + n_levels, 2,
                         "Cost against overloaded minutes", "overloaded minutes", "cost", e);
}
