/* outputs.h — the files a simulator run writes on request: cloud_metrics.csv
 * (--csv), the comparison for scripts (--json, --csv-table; export.h), the
 * plots (report.h) and the HTML page. Any of them may be "-" (stdout), one
 * at a time (sim_outputs_check). */
#ifndef SA_OUTPUTS_H
#define SA_OUTPUTS_H

#include "base/err.h"
#include "sim/engine.h"
#include "sim/export.h"
#include "sim/monitor.h"

typedef struct sim_outputs {
    const char *csv_path;      /* cloud_metrics.csv, or NULL */
    const char *json_path;     /* the JSON document, or NULL */
    const char *csv_table_path; /* the CSV table, or NULL */
    const char *plots_dir;     /* the plots' directory, or NULL */
    const char *html_path;     /* the page, or NULL */
    const char *title;         /* of the page */
    int with_instances;        /* show the monitor report on the page */
} sim_outputs;

/* Checks that at most one of o's files is stdout ("-"), and sets
 * *to_stdout to 1 when one is (the tool then prints no table there).
 * Returns 0, or -1 with e set naming the two options (a usage error). */
int sim_outputs_stdout(const sim_outputs *o, int *to_stdout, sa_error *e);

/* Checks o's files before the run (outfile_check: a missing folder, a
 * directory, an input of the run). Returns 0, or -1 with e set naming the
 * option and the file. */
int sim_outputs_check(const sim_outputs *o, sa_error *e);

/* Writes what o asks for about the run x; inst (n_inst) are the instances
 * of the monitor report. Without a plots directory the page's images are
 * made in a temporary directory under $TMPDIR (else /tmp) and removed. A
 * missing gnuplot is a note, not an error. Returns 0, or -1 with e set. */
int sim_write_outputs(const sim_outputs *o, const sim_export *x, const monitor_instance *inst,
                      int n_inst, sa_error *e);

#endif
