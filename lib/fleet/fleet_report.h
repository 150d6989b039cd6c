/* fleet_report.h — the fleet report a platform team reads after a
 * `scaleahead-train --fleet` run: the counts (ok, failed, pending), the
 * time per series, the forecasters kept, the distribution of skill against
 * persistence on the test part (quantiles and a text histogram) and of
 * interval coverage, then every series worst first (failed and pending
 * first, then by skill, lowest first). Written as text (to stdout and
 * OUTDIR/report.txt) with a histogram of skill as a gnuplot plot
 * (OUTDIR/skill.gp, .dat, and .png where gnuplot is). */
#ifndef SA_FLEET_REPORT_H
#define SA_FLEET_REPORT_H

#include <stdio.h>
#include "base/err.h"
#include "fleet/fleet.h"

/* Prints the report of r (a finished or stopped run over source) to fp.
 * Returns 0, or -1 on a write error or when out of memory. */
int fleet_report_print(FILE *fp, const fleet_result *r, const char *source);

/* Writes OUTDIR/report.txt and the skill plot into OUTDIR. Returns 0, or
 * -1 with e set (a plot with no finite skill is skipped, not an error). */
int fleet_report_write(const fleet_result *r, const char *source, const char *outdir,
                       sa_error *e);

#endif
