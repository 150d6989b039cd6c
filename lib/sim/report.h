/* report.h — the simulator's plots (docs/design.md §9, §10).
 *
 * A thin adapter over plot.h: the steps of each result are turned into the
 * column arrays that plot_dashboard and plot_policy_comparison take.
 *   one result      DIR/cloud_metrics_dashboard.{dat,gp,png} (the seed
 *                   monitor's name);
 *   several         DIR/dashboard_POLICY.{dat,gp,png} for each policy and
 *                   DIR/policy_comparison.{dat,gp,png} (instance count of
 *                   every policy over time, with the demand);
 *   a sweep         DIR/frontier.{dat,gp,png} (cost against
 *                   under-provisioned instance-minutes, each point with its
 *                   flaps) and the comparison, no dashboards.
 * The PNGs are rendered when gnuplot is on PATH (plot.h); the scripts and
 * data are written either way. The HTML page (page.h) embeds them. */
#ifndef SA_SIM_REPORT_H
#define SA_SIM_REPORT_H

#include <stddef.h>
#include <stdio.h>
#include "base/err.h"
#include "sim/monitor.h"
#include "sim/engine.h"
#include "sim/export.h"

#define SIM_PLOTS_MAX (POLICY_COUNT + 2)
#define SIM_PLOT_NAME_LEN 48

/* The plots written for one run, in the order a report shows them (the
 * comparison first when there is one). */
typedef struct sim_plots {
    size_t n;
    char name[SIM_PLOTS_MAX][SIM_PLOT_NAME_LEN];   /* DIR/NAME.{dat,gp,png} */
    char caption[SIM_PLOTS_MAX][96];
    int rendered;                                  /* 1 when the PNGs exist */
} sim_plots;

/* The CPU thresholds a policy acts at, drawn on its dashboard: reactive
 * up/down, predictive up/pred_down (on forecasts), the target policies
 * target_cpu x (1 +/- tolerance), scheduled up/down (for reference). */
void sim_report_thresholds(policy_kind kind, const sim_config *c, double *up, double *down);

/* Writes the plots of the run x (all replays of one trace, so with the
 * same steps' times; a comparison of at most POLICY_COUNT policies, or a
 * sweep when x->n_levels > 0) into the existing directory dir and lists
 * them in *out. Returns 0, or -1 with e set (a write error, or gnuplot
 * present but failing; *out then lists the plots attempted, for
 * sim_report_remove). */
int sim_report_plots(const char *dir, const sim_export *x, sim_plots *out, sa_error *e);

/* Removes the files sim_report_plots wrote into dir (for a temporary
 * directory that only served to build an HTML page). */
void sim_report_remove(const char *dir, const sim_plots *p);

#endif
