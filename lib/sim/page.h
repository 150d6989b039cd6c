/* page.h — the simulator's HTML report: one self-contained page (html.h)
 * that answers first.
 *
 * In this order:
 *   1. Summary: the data, the part replayed and its dates, the model and
 *      its skill (or the predictions file), how demand was formed and how
 *      the forecasts are read, the settings, and at a glance the best
 *      policy for cost, under-provisioning, overload and flaps;
 *   2. Policies compared: an HTML table, one row per measure (table.h)
 *      with its unit, one column per policy, the best value of each row
 *      marked (class "best"; none where no direction is better or all
 *      tie);
 *   3. Plots: the frontier (a sweep), the instance counts, the dashboards
 *      (or a note that gnuplot was missing, linking the scripts);
 *   4. the monitor report, when asked for;
 *   5. Alerts: each policy's log folded in a <details> element whose
 *      summary counts them by level. */
#ifndef SA_SIM_PAGE_H
#define SA_SIM_PAGE_H

#include <stdio.h>
#include "base/err.h"
#include "sim/export.h"
#include "sim/monitor.h"
#include "sim/report.h"

/* The most results a page shows (a sweep's levels and two policies). */
#define SIM_PAGE_MAX_RESULTS 32

typedef struct sim_page {
    const char *title;
    const char *plots_dir;          /* where the plots are */
    const char *script_link;        /* plots_dir as a link from the page, or
                                       NULL when the scripts are not kept */
    const sim_plots *plots;         /* or NULL: no plots section */
    const sim_export *x;            /* the run: what was replayed, results */
    const monitor_instance *inst;   /* (n_inst) the monitor report of the
                                       first result is shown when not NULL */
    int n_inst;
} sim_page;

/* Writes the page to fp. Returns 0, or -1 with e set (a PNG cannot be
 * read, out of memory, or a write error on fp). */
int sim_page_write(FILE *fp, const sim_page *page, sa_error *e);

#endif
