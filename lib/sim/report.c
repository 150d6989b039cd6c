/* report.c — see report.h. */
#include "sim/report.h"
#include "base/array.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "eval/plot.h"
#include "sim/replay.h"

void sim_report_thresholds(policy_kind kind, const sim_config *c, double *up, double *down)
{
    const policy_params *p = &c->policy;
    *up = p->up;
    *down = p->down;
    if (kind == POLICY_PREDICTIVE)
        *down = p->pred_down;
    if (kind == POLICY_TARGET || kind == POLICY_TARGET_PREDICTIVE) {
        *up = p->target_cpu * (1 + p->tolerance);
        *down = p->target_cpu * (1 - p->tolerance);
    }
}

/* The columns of one result's steps, as plot.h takes them. Sizes: N steps. */
typedef struct step_columns {
    int64_t *time;                            /* (N) */
    double *cpu, *memory, *network, *fleet;   /* (N) each */
} step_columns;

static void columns_free(step_columns *s)
{
    FREE_ALL(s->time, s->cpu, s->memory, s->network, s->fleet);
    memset(s, 0, sizeof *s);
}

static int columns_of(step_columns *s, const sim_result *r, sa_error *e)
{
    size_t n = r->n_steps ? r->n_steps : 1;
    s->time = malloc(n * sizeof *s->time);
    s->cpu = malloc(n * sizeof *s->cpu);
    s->memory = malloc(n * sizeof *s->memory);
    s->network = malloc(n * sizeof *s->network);
    s->fleet = malloc(n * sizeof *s->fleet);
    if (!s->time || !s->cpu || !s->memory || !s->network || !s->fleet) {
        columns_free(s);
        return sa_fail(e, "out of memory");
    }
    for (size_t i = 0; i < r->n_steps; i++) {
        const sim_step *st = &r->steps[i];
        s->time[i] = (int64_t)floor(st->time);
        s->cpu[i] = st->cpu;
        s->memory[i] = st->memory;
        s->network[i] = st->network;
        s->fleet[i] = st->fleet;
    }
    return 0;
}

static void add_plot(sim_plots *out, const char *name, const char *caption)
{
    snprintf(out->name[out->n], sizeof out->name[0], "%s", name);
    snprintf(out->caption[out->n], sizeof out->caption[0], "%s", caption);
    out->n++;
}

/* The instance counts of every result against the demand of the first.
 * The plot is listed in out before it is written, so that a failure still
 * lets sim_report_remove find its files. */
static int comparison(const char *dir, const sim_result *r, size_t n, sim_plots *out,
                      sa_error *e)
{
    size_t steps = r[0].n_steps;
    for (size_t j = 1; j < n; j++)
        if (r[j].n_steps != steps)
            return sa_fail(e, "policy comparison: %s has %zu steps, %s %zu", r[0].label, steps,
                           r[j].label, r[j].n_steps);
    step_columns first;
    if (columns_of(&first, &r[0], e) < 0)
        return -1;
    const char **names = calloc(n, sizeof *names);
    double **fleets = calloc(n, sizeof *fleets);
    int rc = names && fleets ? 0 : sa_fail(e, "out of memory");
    for (size_t j = 0; j < n && rc == 0; j++) {
        names[j] = r[j].label;
        fleets[j] = malloc((steps ? steps : 1) * sizeof *fleets[j]);
        if (!fleets[j])
            rc = sa_fail(e, "out of memory");
        for (size_t i = 0; fleets[j] && i < steps; i++)
            fleets[j][i] = r[j].steps[i].fleet;
    }
    for (size_t i = 0; rc == 0 && i < steps; i++)   /* the demand column */
        first.cpu[i] = r[0].steps[i].demand;
    add_plot(out, "policy_comparison", "Policies compared: instance count and demand");
    if (rc == 0)
        rc = plot_policy_comparison(dir, "policy_comparison", n, names, first.time,
                                    (const double *const *)fleets, first.cpu, steps,
                                    "Scaling policies: instance count",
                                    "demand (instance-%)", e);
    for (size_t j = 0; fleets && j < n; j++)
        free(fleets[j]);
    free(fleets);
    free(names);
    columns_free(&first);
    return rc;
}

/* The sweep's frontier: cost against under-provisioned instance-minutes,
 * the levels joined, the other policies as points, each labelled with its
 * flaps; dashed guides through target tracking's under-provisioning and
 * 5 % above its cost, so the levels that beat it sit in the lower left. */
static int frontier(const char *dir, const sim_export *x, sim_plots *out, sa_error *e)
{
    enum { MAX = REPLAY_MAX_LEVELS + POLICY_COUNT };
    size_t n = x->n, nl = x->n_levels;
    double px[MAX], py[MAX], guide_x = NAN, guide_y = NAN;
    char names[MAX][64];
    const char *labels[MAX];
    if (n > MAX || nl > n)
        return sa_fail(e, "frontier: %zu results", n);
    for (size_t j = 0; j < n; j++) {
        const sim_summary *s = &x->r[j].summary;
        px[j] = s->under_minutes;
        py[j] = s->cost;
        if (j < nl)
            snprintf(names[j], sizeof names[j], "q%g, %d flaps", x->levels[j], s->flaps);
        else
            snprintf(names[j], sizeof names[j], "%s, %d flaps", x->r[j].label, s->flaps);
        labels[j] = names[j];
        if (j >= nl && x->r[j].policy == POLICY_TARGET) {
            guide_x = px[j];
            guide_y = 1.05 * py[j];
        }
    }
    add_plot(out, "frontier", "Cost against under-provisioning, each level and policy");
    plot_frontier_spec f = {px, py, labels, nl, "quantile policy (levels joined)",
                            px + nl, py + nl, labels + nl, n - nl, guide_x, guide_y,
                            "target tracking's under-provisioning",
                            "target tracking's cost + 5 %",
                            "Cost against under-provisioned instance-minutes",
                            "under-provisioned instance-minutes", "cost (USD)"};
    return plot_frontier(dir, "frontier", &f, e);
}

/* One dashboard per result. */
static int dashboards(const char *dir, const sim_export *x, sim_plots *out, sa_error *e)
{
    for (size_t j = 0; j < x->n; j++) {
        const sim_result *r = &x->r[j];
        const char *policy = policy_name(r->policy);
        char name[SIM_PLOT_NAME_LEN], title[80];
        if (x->n == 1)
            snprintf(name, sizeof name, "cloud_metrics_dashboard");
        else
            snprintf(name, sizeof name, "dashboard_%s", policy);
        snprintf(title, sizeof title, "Cloud metrics dashboard (%s policy)", r->label);
        double up, down;
        sim_report_thresholds(r->policy, x->cfg, &up, &down);
        add_plot(out, name, title);
        step_columns s;
        if (columns_of(&s, r, e) < 0)
            return -1;
        int rc = plot_dashboard(dir, name, s.time, s.cpu, s.memory, s.network, s.fleet,
                                r->n_steps, up, down, title, e);
        columns_free(&s);
        if (rc < 0)
            return -1;
    }
    return 0;
}

int sim_report_plots(const char *dir, const sim_export *x, sim_plots *out, sa_error *e)
{
    memset(out, 0, sizeof *out);
    int sweep = x->n_levels > 0;
    if (x->n == 0 || (!sweep && x->n > POLICY_COUNT))
        return sa_fail(e, "plots: %zu results (1 to %d)", x->n, POLICY_COUNT);
    if (sweep && frontier(dir, x, out, e) < 0)
        return -1;
    if (x->n > 1 && comparison(dir, x->r, x->n, out, e) < 0)
        return -1;
    if (!sweep && dashboards(dir, x, out, e) < 0)
        return -1;
    out->rendered = plot_gnuplot_available();
    return 0;
}

void sim_report_remove(const char *dir, const sim_plots *p)
{
    static const char *const ext[] = {"dat", "gp", "png"};
    for (size_t i = 0; i < p->n; i++)
        for (size_t k = 0; k < 3; k++) {
            char *path = NULL;
            if (asprintf(&path, "%s/%s.%s", dir, p->name[i], ext[k]) >= 0)
                unlink(path);
            free(path);
        }
}
