/* sim_report.c — see sim_report.h. */
#include "sim_report.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "outfile.h"

/* 1 when an executable gnuplot is on PATH. */
static int have_gnuplot(void)
{
    const char *path = getenv("PATH");
    if (!path)
        return 0;
    char dir[PATH_MAX];
    while (*path) {
        size_t len = strcspn(path, ":");
        snprintf(dir, sizeof dir, "%.*s/gnuplot", (int)len, len ? path : ".");
        if (access(dir, X_OK) == 0)
            return 1;
        path += len + (path[len] == ':');
    }
    return 0;
}

static void put_value(FILE *fp, double v)
{
    if (isnan(v))
        fputs(" NaN", fp);
    else
        fprintf(fp, " %.4f", v);
}

/* Writes DIR/NAME.dat: per result a block (two blank lines between) of
 * "unix_seconds cpu memory network fleet" rows. */
static int write_data(const char *dir, const char *name, const sim_result *r, size_t n,
                      sa_error *e)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s.dat", dir, name);
    outfile of;
    if (outfile_open(&of, path, e) < 0)
        return -1;
    for (size_t j = 0; j < n; j++) {
        fprintf(of.fp, "# %s: time cpu memory network instances\n", policy_name(r[j].policy));
        for (size_t i = 0; i < r[j].n_steps; i++) {
            const sim_step *s = &r[j].steps[i];
            fprintf(of.fp, "%.0f", s->time);
            put_value(of.fp, s->cpu);
            put_value(of.fp, s->memory);
            put_value(of.fp, s->network);
            fprintf(of.fp, " %d\n", s->fleet);
        }
        fputs("\n\n", of.fp);
    }
    return outfile_commit(&of, e);
}

/* Runs gnuplot on DIR/NAME.gp inside DIR, writing the PNG to a temporary
 * committed as DIR/NAME.png. Returns 1 rendered, 0 not (note says why). */
static int render(const char *dir, const char *name, char *note, size_t note_len, sa_error *e)
{
    if (!have_gnuplot()) {
        snprintf(note, note_len, "gnuplot not found: wrote %s/%s.gp, PNG not rendered", dir, name);
        return 0;
    }
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s.png", dir, name);
    outfile of;
    if (outfile_open(&of, path, e) < 0)
        return -1;
    outfile_close_stream(&of);
    const char *tmp_base = strrchr(of.tmp, '/') ? strrchr(of.tmp, '/') + 1 : of.tmp;
    char setting[PATH_MAX + 32], script[PATH_MAX];
    snprintf(setting, sizeof setting, "outfile='%s'", tmp_base);
    snprintf(script, sizeof script, "%s.gp", name);
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        outfile_abort(&of);
        snprintf(note, note_len, "cannot run gnuplot: %s", strerror(errno));
        return 0;
    }
    if (pid == 0) {
        /* gnuplot's range warnings are noise here; a failure is reported
         * through the exit status. */
        int devnull = open("/dev/null", O_WRONLY);
        if (devnull >= 0)
            dup2(devnull, 2);
        if (chdir(dir) == 0)
            execlp("gnuplot", "gnuplot", "-e", setting, script, (char *)NULL);
        _exit(127);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        outfile_abort(&of);
        snprintf(note, note_len, "gnuplot failed on %s/%s.gp, PNG not rendered", dir, name);
        return 0;
    }
    if (outfile_commit(&of, e) < 0)
        return -1;
    return 1;
}

static int write_script(const char *dir, const char *name, const char *body, sa_error *e)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s.gp", dir, name);
    outfile of;
    if (outfile_open(&of, path, e) < 0)
        return -1;
    fprintf(of.fp,
            "# %s.gp — render with: gnuplot %s.gp (in this directory)\n"
            "if (!exists(\"outfile\")) outfile = '%s.png'\n"
            "set terminal pngcairo size 2400,1600 font ',14'\n"
            "set output outfile\n"
            "set xdata time\nset timefmt '%%s'\nset format x \"%%m-%%d\\n%%H:%%M\"\n"
            "set grid\nset key top left\n%s",
            name, name, name, body);
    return outfile_commit(&of, e);
}

int sim_report_dashboard(const char *dir, const sim_result *r, const sim_config *c,
                         char *note, size_t note_len, sa_error *e)
{
    const char *name = "cloud_metrics_dashboard";
    if (write_data(dir, name, r, 1, e) < 0)
        return -1;
    char body[2048];
    snprintf(body, sizeof body,
             "set multiplot layout 2,2 title 'Cloud metrics dashboard (%s policy)'\n"
             "set title 'CPU usage'\nset ylabel 'CPU %%'\nset yrange [0:105]\n"
             "plot '%s.dat' using 1:2 with lines lw 2 lc rgb 'blue' title 'average CPU', \\\n"
             "  %g with lines dt 2 lw 2 lc rgb 'red' title 'scale-up threshold', \\\n"
             "  %g with lines dt 2 lw 2 lc rgb 'dark-green' title 'scale-down threshold'\n"
             "set title 'Memory usage'\nset ylabel 'memory %%'\nset yrange [0:105]\n"
             "plot '%s.dat' using 1:3 with lines lw 2 lc rgb 'dark-green' title 'average memory'\n"
             "set title 'Network I/O'\nset ylabel 'total network I/O'\nset autoscale y\n"
             "plot '%s.dat' using 1:4 with lines lw 2 lc rgb 'magenta' title 'total network I/O'\n"
             "set title 'Instance count'\nset ylabel 'instances'\n"
             "plot '%s.dat' using 1:5 with linespoints pt 7 lw 2 lc rgb 'red' title 'instances'\n"
             "unset multiplot\n",
             policy_name(r->policy), name, c->policy.up,
             r->policy == POLICY_PREDICTIVE ? c->policy.pred_down : c->policy.down, name, name,
             name);
    if (write_script(dir, name, body, e) < 0)
        return -1;
    return render(dir, name, note, note_len, e);
}

int sim_report_comparison(const char *dir, const sim_result *r, size_t n, const sim_config *c,
                          char *note, size_t note_len, sa_error *e)
{
    const char *name = "policy_comparison";
    if (write_data(dir, name, r, n, e) < 0)
        return -1;
    char body[4096];
    size_t len = (size_t)snprintf(body, sizeof body,
                                  "set multiplot layout 2,1 title 'Scaling policies compared'\n"
                                  "set title 'Instance count'\nset ylabel 'instances'\nplot");
    for (size_t j = 0; j < n && len < sizeof body; j++)
        len += (size_t)snprintf(body + len, sizeof body - len,
                                "%s '%s.dat' index %zu using 1:5 with steps lw 2 title '%s'",
                                j ? ", \\\n " : "", name, j, policy_name(r[j].policy));
    if (len < sizeof body)
        len += (size_t)snprintf(body + len, sizeof body - len,
                                "\nset title 'Average CPU per instance'\nset ylabel 'CPU %%'\n"
                                "plot %g with lines dt 2 lc rgb 'red' title 'up threshold'",
                                c->policy.up);
    for (size_t j = 0; j < n && len < sizeof body; j++)
        len += (size_t)snprintf(body + len, sizeof body - len,
                                ", \\\n '%s.dat' index %zu using 1:2 with lines lw 2 title '%s'",
                                name, j, policy_name(r[j].policy));
    if (len < sizeof body)
        snprintf(body + len, sizeof body - len, "\nunset multiplot\n");
    if (len >= sizeof body)
        return sa_fail(e, "%s: too many policies for one plot", name);
    if (write_script(dir, name, body, e) < 0)
        return -1;
    return render(dir, name, note, note_len, e);
}
