/* outputs.h — the files a simulator run writes on request: cloud_metrics.csv,
 * the dashboard and comparison plots (report.h), and the HTML page. */
#ifndef SA_OUTPUTS_H
#define SA_OUTPUTS_H

#include "base/err.h"
#include "sim/engine.h"
#include "sim/monitor.h"

typedef struct sim_outputs {
    const char *csv_path;      /* cloud_metrics.csv, or NULL */
    const char *plots_dir;     /* the plots' directory, or NULL */
    const char *html_path;     /* the page, or NULL */
    const char *title;         /* of the page */
    int with_instances;        /* show the monitor report on the page */
} sim_outputs;

/* Writes what o asks for about the n results r of a run with c; inst
 * (n_inst) are the instances of the monitor report. Without a plots
 * directory the page's images are made in a temporary directory under
 * $TMPDIR (else /tmp) and removed. A missing gnuplot is a note, not an
 * error. Returns 0, or -1 with e set. */
int sim_write_outputs(const sim_outputs *o, const sim_result *r, size_t n, const sim_config *c,
                      const monitor_instance *inst, int n_inst, sa_error *e);

#endif
