/* table.c — see table.h. */
#include "sim/table.h"

#include <math.h>
#include <string.h>


static const sim_measure_info measures[SIM_MEASURE_COUNT] = {
    [SIM_COST] = {"cost", "cost", "USD", 2, SIM_BETTER_LOWER},
    [SIM_INSTANCE_HOURS] = {"instance_hours", "instance-hours", "instance-hours", 2,
                            SIM_BETTER_LOWER},
    [SIM_UNDER_PROVISIONED] = {"under_provisioned_instance_minutes",
                               "under-provisioned instance-minutes", "instance-minutes", 0,
                               SIM_BETTER_LOWER},
    [SIM_OVERLOADED] = {"overloaded_minutes", "overloaded minutes", "minutes", 0,
                        SIM_BETTER_LOWER},
    [SIM_HOT] = {"hot_minutes", "hot minutes", "minutes", 0, SIM_BETTER_LOWER},
    [SIM_UNSERVED] = {"unserved_instance_hours", "unserved demand", "instance-hours", 2,
                      SIM_BETTER_LOWER},
    [SIM_FLAPS] = {"flaps", "flaps", "count", 0, SIM_BETTER_LOWER},
    [SIM_ACTIONS] = {"actions", "scaling actions", "count", 0, SIM_BETTER_LOWER},
    [SIM_SLACK] = {"slack", "mean slack", "% of need", 1, SIM_BETTER_NEITHER},
    [SIM_MIN_FLEET] = {"min_fleet", "smallest fleet", "instances", 0, SIM_BETTER_NEITHER},
    [SIM_MAX_FLEET] = {"max_fleet", "largest fleet", "instances", 0, SIM_BETTER_NEITHER},
    [SIM_SAVINGS_PEAK] = {"savings_vs_peak", "savings vs a static fleet for the peak", "USD", 2,
                          SIM_BETTER_HIGHER},
    [SIM_SAVINGS_PEAK_PCT] = {"savings_vs_peak_percent", "savings vs a static fleet for the peak",
                              "%", 1, SIM_BETTER_HIGHER},
    [SIM_SAVINGS_MAX] = {"savings_vs_max", "savings vs a static fleet at --max", "USD", 2,
                         SIM_BETTER_HIGHER},
    [SIM_SAVINGS_MAX_PCT] = {"savings_vs_max_percent", "savings vs a static fleet at --max", "%",
                             1, SIM_BETTER_HIGHER},
};

const sim_measure_info *sim_measure_about(sim_measure m) { return &measures[m]; }

double sim_measure_value(const sim_result *r, sim_measure m)
{
    const sim_summary *s = &r->summary;
    switch (m) {
    case SIM_COST: return s->cost;
    case SIM_INSTANCE_HOURS: return s->instance_hours;
    case SIM_UNDER_PROVISIONED: return s->under_minutes;
    case SIM_OVERLOADED: return s->overload_minutes;
    case SIM_HOT: return s->hot_minutes;
    case SIM_UNSERVED: return s->unserved_hours;
    case SIM_FLAPS: return s->flaps;
    case SIM_ACTIONS: return s->actions;
    case SIM_SLACK: return s->mean_slack_pct;
    case SIM_MIN_FLEET: return s->min_fleet;
    case SIM_MAX_FLEET: return s->max_fleet;
    case SIM_SAVINGS_PEAK: return s->savings_peak;
    case SIM_SAVINGS_PEAK_PCT: return s->savings_peak_pct;
    case SIM_SAVINGS_MAX: return s->savings_max;
    case SIM_SAVINGS_MAX_PCT: return s->savings_max_pct;
    case SIM_MEASURE_COUNT: break;
    }
    return NAN;
}

const char *sim_measure_label(sim_measure m, const sim_config *c, char *buf, size_t len)
{
    if (m == SIM_HOT)
        snprintf(buf, len, "hot minutes (CPU > %g%%)", c->hot_cpu);
    else if (m == SIM_FLAPS)
        snprintf(buf, len, "flaps (reversals within %g min)", c->flap_window / 60);
    else
        snprintf(buf, len, "%s", measures[m].label);
    return buf;
}

void sim_measure_best(const sim_result *r, size_t n, sim_measure m, unsigned char *best)
{
    memset(best, 0, n);
    sim_better b = measures[m].better;
    if (b == SIM_BETTER_NEITHER || n == 0)
        return;
    /* compared as shown, so that 12.344 and 12.341 shown as 12.34 tie */
    double scale = pow(10, measures[m].decimals);
    double top = round(sim_measure_value(&r[0], m) * scale), first = top;
    int all_same = 1;
    for (size_t j = 1; j < n; j++) {
        double v = round(sim_measure_value(&r[j], m) * scale);
        all_same &= v == first;
        if (b == SIM_BETTER_LOWER ? v < top : v > top)
            top = v;
    }
    for (size_t j = 0; !all_same && j < n; j++)
        best[j] = round(sim_measure_value(&r[j], m) * scale) == top;
}

int sim_beats(const sim_result *a, const sim_result *b, double cost_margin)
{
    const sim_summary *x = &a->summary, *y = &b->summary;
    return x->under_minutes < y->under_minutes && x->cost <= (1 + cost_margin) * y->cost + 1e-9 &&
           x->flaps <= y->flaps;
}

const char *sim_sweep_verdict(const sim_result *r, size_t n, size_t n_levels, char *buf,
                              size_t len)
{
    const sim_result *target = NULL;
    for (size_t j = n_levels; j < n; j++)
        if (r[j].policy == POLICY_TARGET)
            target = &r[j];
    buf[0] = 0;
    if (!target || len == 0)
        return buf;
    size_t used = (size_t)snprintf(buf, len, "levels that beat target tracking (fewer "
                                             "under-provisioned instance-minutes, at most 5 %% "
                                             "dearer, no more flaps):");
    int any = 0;
    for (size_t j = 0; j < n_levels && used < len; j++)
        if (sim_beats(&r[j], target, 0.05)) {
            used += (size_t)snprintf(buf + used, len - used, "%s q%g", any++ ? "," : "",
                                     r[j].quantile);
        }
    if (!any && used < len)
        snprintf(buf + used, len - used, " none");
    return buf;
}

/* The text table's rows: a label and the printf format of the row's one
 * or two numbers (text_values), every number passed as a double. Labels
 * that depend on the settings are NULL here (text_label). */
static const struct { const char *label, *format; } text_rows[] = {
    {"instance-hours", "%.2f"},
    {"cost", "%.2f"},
    {NULL, "%.0f"},                       /* hot minutes (>80%) */
    {"overloaded minutes", "%.0f"},
    {"unserved instance-hours", "%.2f"},
    {"scaling actions", "%.0f"},
    {NULL, "%.0f"},                       /* flaps (<=15 min) */
    {"mean slack (% of need)", "%.1f"},
    {"under-provisioned i-min", "%.0f"},
    {"fleet min-max", "%.0f-%.0f"},
    {"static at peak cost", "%.2f (N=%.0f)"},
    {"savings vs peak", "%.2f (%.1f%%)"},
    {"static at max cost", "%.2f (N=%.0f)"},
    {"savings vs max", "%.2f (%.1f%%)"},
};
enum { TEXT_ROWS = sizeof text_rows / sizeof text_rows[0] };

static const char *text_label(size_t i, const sim_config *c, char *buf, size_t len)
{
    if (text_rows[i].label)
        return text_rows[i].label;
    if (i == 2)
        snprintf(buf, len, "hot minutes (>%g%%)", c->hot_cpu);
    else
        snprintf(buf, len, "flaps (<=%g min)", c->flap_window / 60);
    return buf;
}

/* The one or two numbers of each row of text_rows (same order) for r
 * under config c. */
static void text_values(const sim_result *r, const sim_config *c, double v[TEXT_ROWS][2])
{
    const sim_summary *s = &r->summary;
    const double values[TEXT_ROWS][2] = {
        {s->instance_hours}, {s->cost}, {s->hot_minutes}, {s->overload_minutes},
        {s->unserved_hours}, {s->actions}, {s->flaps}, {s->mean_slack_pct},
        {s->under_minutes}, {s->min_fleet, s->max_fleet},
        {s->static_peak_cost, s->static_peak_size}, {s->savings_peak, s->savings_peak_pct},
        {s->static_max_cost, c->max_instances}, {s->savings_max, s->savings_max_pct},
    };
    memcpy(v, values, sizeof values);
}

int sim_print_table(FILE *fp, const sim_result *r, size_t n, const sim_config *c)
{
    const int label_w = 24, cell_w = 18;
    fprintf(fp, "%-*s", label_w, "policy");
    for (size_t j = 0; j < n; j++)
        fprintf(fp, " %*s", cell_w, r[j].label[0] ? r[j].label : policy_name(r[j].policy));
    fputc('\n', fp);
    char cell[64], label[48];
    double v[TEXT_ROWS][2];
    for (size_t i = 0; i < TEXT_ROWS; i++) {
        fprintf(fp, "%-*s", label_w, text_label(i, c, label, sizeof label));
        for (size_t j = 0; j < n; j++) {
            text_values(&r[j], c, v);
            snprintf(cell, sizeof cell, text_rows[i].format, v[i][0], v[i][1]);
            fprintf(fp, " %*s", cell_w, cell);
        }
        fputc('\n', fp);
    }
    return ferror(fp) ? -1 : 0;
}

int sim_print_sweep(FILE *fp, const sim_result *r, size_t n, const double *levels,
                    size_t n_levels)
{
    fprintf(fp, "%-20s %6s %10s %8s %12s %9s %11s %6s %8s\n", "policy", "q", "cost", "hot min",
            "overload min", "slack %", "under i-min", "flaps", "actions");
    for (size_t j = 0; j < n; j++) {
        const sim_summary *s = &r[j].summary;
        char q[16] = "-";
        if (j < n_levels)
            snprintf(q, sizeof q, "%g", levels[j]);
        fprintf(fp, "%-20s %6s %10.2f %8.0f %12.0f %9.1f %11.0f %6d %8d\n", r[j].label, q,
                s->cost, s->hot_minutes, s->overload_minutes, s->mean_slack_pct,
                s->under_minutes, s->flaps, s->actions);
    }
    char verdict[512];
    if (sim_sweep_verdict(r, n, n_levels, verdict, sizeof verdict)[0])
        fprintf(fp, "%s\n", verdict);
    return ferror(fp) ? -1 : 0;
}
