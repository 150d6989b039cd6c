/* outputs.c — see outputs.h. */
#include "sim/outputs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/message.h"
#include "base/outfile.h"
#include "sim/html.h"
#include "sim/page.h"
#include "sim/report.h"

/* Writes one file with writer: whole or not at all (outfile.h). */
static int write_file(const char *path, int (*writer)(FILE *, const sim_export *, sa_error *),
                      const sim_export *x, sa_error *e)
{
    outfile of;
    if (outfile_open(&of, path, e) < 0)
        return -1;
    if (writer(of.fp, x, e) < 0) {
        sa_wrap(e, "%s", path);
        return outfile_fail(&of, e);
    }
    return outfile_commit(&of, e);
}

static int cloud_metrics(FILE *fp, const sim_export *x, sa_error *e)
{
    return sim_write_csv(fp, x->r, x->n) < 0 ? sa_fail(e, "write error") : 0;
}

static const char *const output_flags[] = {"--csv", "--json", "--csv-table", "--html"};

/* o's single-file outputs, in the order of output_flags. */
static void output_paths(const sim_outputs *o, const char *paths[4])
{
    paths[0] = o->csv_path;
    paths[1] = o->json_path;
    paths[2] = o->csv_table_path;
    paths[3] = o->html_path;
}

int sim_outputs_stdout(const sim_outputs *o, int *to_stdout, sa_error *e)
{
    const char *paths[4], *first = NULL;
    output_paths(o, paths);
    *to_stdout = 0;
    for (size_t k = 0; k < 4; k++) {
        if (!paths[k] || strcmp(paths[k], "-"))
            continue;
        if (first)
            return sa_fail(e, "%s - and %s -: only one output can go to stdout", first,
                           output_flags[k]);
        first = output_flags[k];
        *to_stdout = 1;
    }
    return 0;
}

int sim_outputs_check(const sim_outputs *o, sa_error *e)
{
    const char *paths[4];
    output_paths(o, paths);
    for (size_t k = 0; k < 4; k++)
        if (paths[k] && strcmp(paths[k], "-") && outfile_check(paths[k], e) < 0)
            return sa_wrap(e, "%s", output_flags[k]);
    return 0;
}

/* The page, its images in dir. */
static int write_page(const sim_outputs *o, const char *dir, const sim_plots *plots,
                      const sim_export *x, const monitor_instance *inst, int n_inst, sa_error *e)
{
    char link[4096];
    sim_page page = {o->title, dir, NULL, plots, x, o->with_instances ? inst : NULL, n_inst};
    if (o->plots_dir && html_relative_dir(o->html_path, o->plots_dir, link, sizeof link) == 0)
        page.script_link = link;
    outfile of;
    if (outfile_open(&of, o->html_path, e) < 0)
        return -1;
    if (sim_page_write(of.fp, &page, e) < 0) {
        sa_wrap(e, "%s", o->html_path);
        return outfile_fail(&of, e);
    }
    return outfile_commit(&of, e);
}

/* The plots (into o's directory, or a temporary one for the page alone)
 * and the page. */
static int write_plots_and_page(const sim_outputs *o, const sim_export *x,
                                const monitor_instance *inst, int n_inst, sa_error *e)
{
    char tmpdir[4096];
    const char *tmp_root = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/scaleahead-sim.XXXXXX",
             tmp_root && *tmp_root ? tmp_root : "/tmp");
    const char *dir = o->plots_dir ? o->plots_dir : tmpdir;
    if (o->plots_dir && outfile_mkdir(o->plots_dir, e) < 0)
        return -1;
    if (!o->plots_dir && !mkdtemp(tmpdir))
        return sa_fail(e, "cannot create a temporary directory: %s", strerror(errno));
    sim_plots plots;
    int rc = sim_report_plots(dir, x, &plots, e);
    if (rc == 0 && !plots.rendered && o->plots_dir)
        msg_note("gnuplot not found: wrote the scripts into %s, PNGs not rendered", o->plots_dir);
    if (rc == 0 && o->html_path)
        rc = write_page(o, dir, &plots, x, inst, n_inst, e);
    if (dir == tmpdir) {
        sim_report_remove(tmpdir, &plots);
        rmdir(tmpdir);
    }
    return rc;
}

int sim_write_outputs(const sim_outputs *o, const sim_export *x, const monitor_instance *inst,
                      int n_inst, sa_error *e)
{
    if (o->csv_path && write_file(o->csv_path, cloud_metrics, x, e) < 0)
        return -1;
    if (o->json_path && write_file(o->json_path, sim_write_json, x, e) < 0)
        return -1;
    if (o->csv_table_path && write_file(o->csv_table_path, sim_write_csv_table, x, e) < 0)
        return -1;
    if (!o->plots_dir && !o->html_path)
        return 0;
    return write_plots_and_page(o, x, inst, n_inst, e);
}
