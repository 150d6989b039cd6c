/* table.h — the measures of a simulator run, defined once: their names for
 * scripts (JSON and CSV keys), their labels and units for people, and which
 * way is better; and the text tables made from them (the comparison of
 * policies side by side, the quantile sweep).
 *
 * The measures of one policy's run (engine.h's sim_summary):
 *   cost                                 instance-hours x --price
 *   instance_hours                       instances launched x time
 *   hot_minutes                          minutes with per-instance CPU above
 *                                        the hot threshold (80 %)
 *   overloaded_minutes                   minutes with demand above 100 % of
 *                                        the serving instances
 *   unserved_instance_hours              demand above capacity, x time
 *   under_provisioned_instance_minutes   the need at the target (D /
 *                                        --target-cpu) above the serving
 *                                        instances, x time
 *   slack                                mean slack: provisioned minus
 *                                        needed, in % of needed
 *   flaps, actions                       counts (engine.h defines a flap)
 *   min_fleet, max_fleet                 instances
 *   savings_vs_peak, savings_vs_max      against a static fleet sized for
 *                                        the peak / at --max (and in %)
 * Lower is better for cost, instance-hours, the minutes, under-provisioning,
 * flaps and actions; higher for the savings; neither for slack and the
 * fleet's range (a report marks no best there). */
#ifndef SA_SIM_TABLE_H
#define SA_SIM_TABLE_H

#include <stdio.h>
#include "sim/engine.h"

typedef enum sim_better { SIM_BETTER_NEITHER, SIM_BETTER_LOWER, SIM_BETTER_HIGHER } sim_better;

typedef enum sim_measure {
    SIM_COST,
    SIM_INSTANCE_HOURS,
    SIM_UNDER_PROVISIONED,
    SIM_OVERLOADED,
    SIM_HOT,
    SIM_UNSERVED,
    SIM_FLAPS,
    SIM_ACTIONS,
    SIM_SLACK,
    SIM_MIN_FLEET,
    SIM_MAX_FLEET,
    SIM_SAVINGS_PEAK,
    SIM_SAVINGS_PEAK_PCT,
    SIM_SAVINGS_MAX,
    SIM_SAVINGS_MAX_PCT,
    SIM_MEASURE_COUNT
} sim_measure;

typedef struct sim_measure_info {
    const char *key;      /* JSON and CSV name, e.g. "overloaded_minutes" */
    const char *label;    /* e.g. "overloaded minutes" */
    const char *unit;     /* e.g. "minutes", "USD", "% of need" */
    int decimals;         /* shown after the point */
    sim_better better;
} sim_measure_info;

/* The description of measure m. */
const sim_measure_info *sim_measure_about(sim_measure m);

/* The value of measure m in r's summary (counts as exact doubles). */
double sim_measure_value(const sim_result *r, sim_measure m);

/* The label of m under c, where it depends on the settings: "hot minutes
 * (CPU > 80%)", "flaps (reversals within 15 min)"; else the plain label.
 * Into buf (len bytes); returns buf. */
const char *sim_measure_label(sim_measure m, const sim_config *c, char *buf, size_t len);

/* Which of the n results have the best value of m: best[j] = 1 for each
 * that does (ties all marked); none marked when m has no better direction
 * or every value is the same. */
void sim_measure_best(const sim_result *r, size_t n, sim_measure m, unsigned char *best);

/* 1 when a beats b as the Targets of the decisions issue ask: fewer
 * under-provisioned instance-minutes, a cost at most (1 + cost_margin)
 * times b's, and no more flaps. */
int sim_beats(const sim_result *a, const sim_result *b, double cost_margin);

/* The sweep's verdict against target tracking, one line (no newline) into
 * buf (len bytes): "levels that beat target tracking (fewer
 * under-provisioned instance-minutes, at most 5 % dearer, no more flaps):
 * q0.6, q0.7" or "...: none". r (n) are a sweep's results (levels first,
 * n_levels of them, then reactive and target); "" when there is no target
 * column. Returns buf. */
const char *sim_sweep_verdict(const sim_result *r, size_t n, size_t n_levels, char *buf,
                              size_t len);

/* Writes the comparison table of n results side by side (one column per
 * policy, headed by its label) to fp. Returns 0, or -1 on a write error. */
int sim_print_table(FILE *fp, const sim_result *r, size_t n, const sim_config *c);

/* Writes the sweep's table: one row per result (the quantile policy at each
 * level, then reactive and target), columns the level and cost, hot and
 * overloaded minutes, mean slack, under-provisioned instance-minutes,
 * flaps and actions. levels (n_levels) name the first rows. Returns 0, or
 * -1 on a write error. */
int sim_print_sweep(FILE *fp, const sim_result *r, size_t n, const double *levels,
                    size_t n_levels);

#endif
