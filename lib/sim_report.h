/* sim_report.h — the simulator's plots (DESIGN.md §9): the seed monitor's
 * 4-panel dashboard (average CPU with the up/down threshold lines, average
 * memory, total network I/O, instance count with markers) and, for several
 * policies, a comparison of their fleets and CPU. Each plot is a gnuplot
 * script plus its data file in a directory, rendered to PNG (pngcairo,
 * 2400x1600) when gnuplot is on PATH; its absence is not an error. */
#ifndef SA_SIM_REPORT_H
#define SA_SIM_REPORT_H

#include <stddef.h>
#include "err.h"
#include "sim.h"

/* Writes DIR/cloud_metrics_dashboard.{dat,gp} for r and renders
 * DIR/cloud_metrics_dashboard.png. Returns 1 when the PNG was rendered, 0
 * when only the script and data were written (no gnuplot, or gnuplot
 * failed: *note then says why), -1 with e set on a write error. */
int sim_report_dashboard(const char *dir, const sim_result *r, const sim_config *c,
                         char *note, size_t note_len, sa_error *e);

/* Writes DIR/policy_comparison.{dat,gp,png}: instance count and average
 * CPU over time, one line per result. Returns as sim_report_dashboard. */
int sim_report_comparison(const char *dir, const sim_result *r, size_t n, const sim_config *c,
                          char *note, size_t note_len, sa_error *e);

#endif
