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
#include "sim/report.h"

static int write_csv(const char *path, const sim_result *r, size_t n, sa_error *e)
{
    outfile of;
    if (outfile_open(&of, path, e) < 0)
        return -1;
    if (sim_write_csv(of.fp, r, n) < 0)
        return outfile_fail(&of, e);
    return outfile_commit(&of, e);
}

/* The page, its images in dir. */
static int write_page(const sim_outputs *o, const char *dir, const sim_plots *plots,
                      const sim_result *r, size_t n, const sim_config *c,
                      const monitor_instance *inst, int n_inst, sa_error *e)
{
    char link[4096];
    sim_page page = {o->title, dir, NULL, plots, r, n, c, o->with_instances ? inst : NULL,
                     n_inst};
    if (o->plots_dir && html_relative_dir(o->html_path, o->plots_dir, link, sizeof link) == 0)
        page.script_link = link;
    outfile of;
    if (outfile_open(&of, o->html_path, e) < 0)
        return -1;
    if (sim_report_html(of.fp, &page, e) < 0) {
        sa_wrap(e, "%s", o->html_path);
        return outfile_fail(&of, e);
    }
    return outfile_commit(&of, e);
}

int sim_write_outputs(const sim_outputs *o, const sim_result *r, size_t n, const sim_config *c,
                      const monitor_instance *inst, int n_inst, sa_error *e)
{
    if (o->csv_path && write_csv(o->csv_path, r, n, e) < 0)
        return -1;
    if (!o->plots_dir && !o->html_path)
        return 0;
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
    int rc = sim_report_plots(dir, r, n, c, &plots, e);
    if (rc == 0 && !plots.rendered && o->plots_dir)
        msg_note("gnuplot not found: wrote the scripts into %s, PNGs not rendered", o->plots_dir);
    if (rc == 0 && o->html_path)
        rc = write_page(o, dir, &plots, r, n, c, inst, n_inst, e);
    if (dir == tmpdir) {
        sim_report_remove(tmpdir, &plots);
        rmdir(tmpdir);
    }
    return rc;
}
