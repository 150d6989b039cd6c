/* plot.c — see plot.h. */
#include "eval/plot.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>
#include "base/outfile.h"

#define FONT "sans,22"

int plot_gnuplot_available(void)
{
    const char *path = getenv("PATH");
    if (!path || !*path)
        return 0;
    const char *p = path;
    for (;;) {
        const char *colon = strchr(p, ':');
        size_t len = colon ? (size_t)(colon - p) : strlen(p);
        char *cand = NULL;
        /* An empty PATH entry means the current directory. */
        if (asprintf(&cand, "%.*s/gnuplot", (int)(len ? len : 1), len ? p : ".") < 0)
            return 0;
        struct stat st;
        int found = stat(cand, &st) == 0 && S_ISREG(st.st_mode) && access(cand, X_OK) == 0;
        free(cand);
        if (found)
            return 1;
        if (!colon)
            return 0;
        p = colon + 1;
    }
}

/* The two text files of one plot while they are being written. */
typedef struct plot_files {
    const char *dir, *name;
    outfile dat, gp;
} plot_files;

static int valid_name(const char *name)
{
    if (!name || !*name || !strcmp(name, ".") || !strcmp(name, ".."))
        return 0;
    for (const char *c = name; *c; c++)
        if (!(('a' <= *c && *c <= 'z') || ('A' <= *c && *c <= 'Z') ||
              ('0' <= *c && *c <= '9') || *c == '_' || *c == '-' || *c == '.'))
            return 0;
    return 1;
}

static int open_one(outfile *of, const char *dir, const char *name, const char *ext,
                    sa_error *e)
{
    char *path = NULL;
    if (asprintf(&path, "%s/%s.%s", dir, name, ext) < 0)
        return sa_fail(e, "plot: out of memory");
    int rc = outfile_open(of, path, e);
    free(path);
    return rc;
}

static int files_open(plot_files *pf, const char *dir, const char *name, size_t n,
                      sa_error *e)
{
    memset(pf, 0, sizeof *pf);
    if (!valid_name(name))
        return sa_fail(e, "plot: '%s' is not a plain file name (letters, digits, _ - . only)",
                       name ? name : "");
    if (n == 0)
        return sa_fail(e, "plot %s: nothing to plot (no points)", name);
    pf->dir = dir;
    pf->name = name;
    if (open_one(&pf->dat, dir, name, "dat", e))
        return -1;
    if (open_one(&pf->gp, dir, name, "gp", e)) {
        outfile_abort(&pf->dat);
        return -1;
    }
    return 0;
}

/* Runs `gnuplot -e "out='OUT'" NAME.gp` in dir, stdin and stdout on
 * /dev/null, and waits for it. Sets *status (waitpid's) and the start of
 * its stderr into errbuf (NUL-terminated). Returns 0, or -1 with e set when
 * gnuplot cannot be started. */
static int run_gnuplot(const char *dir, const char *name, const char *out, int *status,
                       char *errbuf, size_t errlen, sa_error *e)
{
    char *script = NULL, *assign = NULL;
    if (asprintf(&script, "%s.gp", name) < 0 || asprintf(&assign, "out='%s'", out) < 0) {
        free(script);
        return sa_fail(e, "plot: out of memory");
    }
    int pipe_fd[2];
    if (pipe(pipe_fd) != 0) {
        int pipe_errno = errno;
        free(script);
        free(assign);
        return sa_fail(e, "plot %s: cannot run gnuplot: %s", name, strerror(pipe_errno));
    }
    pid_t pid = fork();
    if (pid == 0) {
        /* Child: only async-signal-safe calls until exec. */
        int null_fd = open("/dev/null", O_RDWR);
        if (null_fd >= 0) {
            dup2(null_fd, STDIN_FILENO);
            dup2(null_fd, STDOUT_FILENO);
        }
        dup2(pipe_fd[1], STDERR_FILENO);
        close(pipe_fd[0]);
        close(pipe_fd[1]);
        if (chdir(dir) == 0)
            execlp("gnuplot", "gnuplot", "-e", assign, script, (char *)NULL);
        _exit(127);
    }
    int fork_errno = errno;
    free(script);
    free(assign);
    if (pid < 0) {
        close(pipe_fd[0]);
        close(pipe_fd[1]);
        return sa_fail(e, "plot %s: cannot run gnuplot: %s", name, strerror(fork_errno));
    }
    close(pipe_fd[1]);
    /* Keep the start of stderr; drain the rest so gnuplot never blocks on a
     * full pipe. */
    size_t used = 0;
    for (;;) {
        char chunk[512];
        ssize_t got = read(pipe_fd[0], chunk, sizeof chunk);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        size_t room = errlen - 1 - used, take = (size_t)got < room ? (size_t)got : room;
        memcpy(errbuf + used, chunk, take);
        used += take;
    }
    close(pipe_fd[0]);
    errbuf[used] = 0;
    *status = 0;
    while (waitpid(pid, status, 0) < 0 && errno == EINTR)
        ;
    return 0;
}

/* Renders dir/NAME.png from NAME.gp: gnuplot writes the temporary of an
 * outfile for it, renamed into place only when gnuplot succeeded. */
static int render(const char *dir, const char *name, sa_error *e)
{
    char *png = NULL;
    outfile out;
    if (asprintf(&png, "%s/%s.png", dir, name) < 0)
        return sa_fail(e, "plot: out of memory");
    int rc = outfile_open(&out, png, e);
    free(png);
    if (rc)
        return -1;
    outfile_close_stream(&out);
    if (!out.tmp) {
        outfile_abort(&out);
        return sa_fail(e, "%s/%s.png: not a regular file: gnuplot cannot write it", dir, name);
    }
    const char *slash = strrchr(out.tmp, '/');
    char errbuf[512];
    int status;
    if (run_gnuplot(dir, name, slash ? slash + 1 : out.tmp, &status, errbuf, sizeof errbuf, e)) {
        outfile_abort(&out);
        return -1;
    }
    struct stat st;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && stat(out.tmp, &st) == 0 &&
        st.st_size > 0)
        return outfile_commit(&out, e);

    outfile_abort(&out);
    /* The first nonblank line of gnuplot's complaint. */
    char *line = errbuf + strspn(errbuf, " \t\r\n");
    line[strcspn(line, "\r\n")] = 0;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127 && !*line)
        return sa_fail(e, "%s/%s.gp: gnuplot could not be started", dir, name);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return sa_fail(e, "%s/%s.gp: gnuplot wrote no image", dir, name);
    return sa_fail(e, "%s/%s.gp: gnuplot failed (%s %d)%s%s", dir, name,
                   WIFEXITED(status) ? "exit status" : "signal",
                   WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status),
                   *line ? ": " : "", line);
}

/* Commits the data then the script, then renders when gnuplot is there. */
static int files_commit(plot_files *pf, sa_error *e)
{
    if (outfile_commit(&pf->dat, e)) {
        outfile_abort(&pf->gp);
        return -1;
    }
    if (outfile_commit(&pf->gp, e))
        return -1;
    if (!plot_gnuplot_available())
        return 0;
    return render(pf->dir, pf->name, e);
}

/* A gnuplot single-quoted string: quotes doubled, line breaks as spaces. */
static void put_quoted(FILE *fp, const char *s)
{
    fputc('\'', fp);
    for (; *s; s++) {
        if (*s == '\'')
            fputs("''", fp);
        else if (*s == '\n' || *s == '\r')
            fputc(' ', fp);
        else
            fputc(*s, fp);
    }
    fputc('\'', fp);
}

static void put_value(FILE *fp, double x)
{
    if (isfinite(x))
        fprintf(fp, " %.10g", x);
    else
        fputs(" NaN", fp);
}

/* Script preamble shared by every plot. */
static void script_header(FILE *fp, const char *name, const char *title)
{
    fprintf(fp, "# %s.gp - written by scaleahead; render with: gnuplot %s.gp\n", name, name);
    fprintf(fp, "if (!exists(\"out\")) out = '%s.png'\n", name);
    fprintf(fp, "set terminal pngcairo noenhanced size %d,%d font '%s' linewidth 2\n",
            PLOT_WIDTH, PLOT_HEIGHT, FONT);
    fputs("set output out\n", fp);
    fputs("set datafile missing 'NaN'\n", fp);
    fputs("set grid\nset key top left box opaque\n", fp);
    if (title) {
        fputs("set title ", fp);
        put_quoted(fp, title);
        fputc('\n', fp);
    }
}

/* Time on x: tics at a round interval chosen so at most max_tics fit the
 * span of time[0..n-1] (gnuplot's own choice crowds the labels), dates
 * alone once the interval reaches a day. */
static void script_time_axis(FILE *fp, const int64_t *time, size_t n, int max_tics)
{
    static const int64_t nice[] = {60, 300, 600, 900, 1800, 3600, 2 * 3600, 3 * 3600,
                                   4 * 3600, 6 * 3600, 12 * 3600, 86400, 2 * 86400,
                                   7 * 86400, 14 * 86400, 28 * 86400, 91 * 86400, 364 * 86400};
    int64_t lo = time[0], hi = time[0];
    for (size_t i = 1; i < n; i++) {
        lo = time[i] < lo ? time[i] : lo;
        hi = time[i] > hi ? time[i] : hi;
    }
    size_t k = 0, last = sizeof nice / sizeof *nice - 1;
    while (k < last && (hi - lo) / nice[k] >= max_tics)
        k++;
    fputs("set xdata time\nset timefmt '%s'\nset autoscale xfix\n", fp);
    fprintf(fp, "set xtics %lld\n", (long long)nice[k]);
    fputs(nice[k] >= 86400 ? "set format x '%Y-%m-%d'\n" : "set format x \"%m-%d\\n%H:%M\"\n", fp);
    fputs("set xlabel 'time (UTC)'\n", fp);
}

static void script_label(FILE *fp, const char *axis, const char *text)
{
    fprintf(fp, "set %s ", axis);
    put_quoted(fp, text);
    fputc('\n', fp);
}

/* Data rows: time (or the 1-based index when time is NULL), then
 * cols[0..n_cols-1][i], NaN where a column is NULL or not finite. */
static void write_rows(FILE *fp, const int64_t *time, size_t n, const double *const *cols,
                       size_t n_cols)
{
    for (size_t i = 0; i < n; i++) {
        if (time)
            fprintf(fp, "%lld", (long long)time[i]);
        else
            fprintf(fp, "%zu", i + 1);
        for (size_t c = 0; c < n_cols; c++)
            put_value(fp, cols[c] ? cols[c][i] : NAN);
        fputc('\n', fp);
    }
}

/* Opens the files of a plot over time and writes all of its data file (a
 * '#' line naming the columns, then time and cols per row) and the start of
 * its script (preamble, title, time axis with at most max_tics tics). */
static int time_plot_open(plot_files *pf, const char *dir, const char *name,
                          const int64_t *time, size_t n, const char *columns,
                          const double *const *cols, size_t n_cols, const char *title,
                          int max_tics, sa_error *e)
{
    if (!time)
        return sa_fail(e, "plot %s: no times given", name ? name : "");
    if (files_open(pf, dir, name, n, e))
        return -1;
    fprintf(pf->dat.fp, "# %s\n", columns);
    write_rows(pf->dat.fp, time, n, cols, n_cols);
    script_header(pf->gp.fp, name, title);
    script_time_axis(pf->gp.fp, time, n, max_tics);
    return 0;
}

int plot_forecast(const char *dir, const char *name, const int64_t *time,
                  const double *actual, const double *predicted, const double *lower,
                  const double *upper, size_t n, const char *band_label, const char *title,
                  const char *ylabel, sa_error *e)
{
    int band = lower && upper;
    plot_files pf;
    if (time_plot_open(&pf, dir, name, time, n,
                       band ? "time actual predicted lower upper" : "time actual predicted",
                       (const double *const[]){actual, predicted, lower, upper}, band ? 4 : 2,
                       title ? title : "Forecast vs actual", 12, e))
        return -1;
    FILE *g = pf.gp.fp;
    script_label(g, "ylabel", ylabel ? ylabel : "value");
    fputs("plot ", g);
    if (band) {
        fprintf(g, "'%s.dat' using 1:4:5 with filledcurves fc rgb '#ff7f0e' "
                   "fs transparent solid 0.3 noborder title ", name);
        put_quoted(g, band_label ? band_label : "interval");
        fputs(", \\\n     ", g);
    }
    fprintf(g, "'%s.dat' using 1:2 with lines lc rgb '#1f77b4' title 'actual', \\\n"
               "     '' using 1:3 with lines lc rgb '#d62728' title 'predicted'\n", name);
    return files_commit(&pf, e);
}

size_t plot_histogram_counts(const double *x, size_t n, int bins, double *lo,
                             double *width, size_t *counts)
{
    double min = INFINITY, max = -INFINITY;
    size_t used = 0;
    for (int b = 0; b < bins; b++)
        counts[b] = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(x[i])) {
            min = fmin(min, x[i]);
            max = fmax(max, x[i]);
            used++;
        }
    *lo = *width = 0;
    if (used == 0 || bins < 1)
        return 0;
    if (min == max) {
        min -= 0.5;
        max += 0.5;
    }
    *lo = min;
    *width = (max - min) / bins;
    for (size_t i = 0; i < n; i++)
        if (isfinite(x[i])) {
            long b = (long)((x[i] - min) / *width);
            if (b >= bins)
                b = bins - 1; /* the maximum itself */
            if (b < 0)
                b = 0;
            counts[b]++;
        }
    return used;
}

int plot_residual_histogram(const char *dir, const char *name, const double *residual,
                            size_t n, int bins, const char *title, sa_error *e)
{
    return plot_histogram(dir, name, residual, n, bins,
                          title ? title : "Residuals (actual - predicted)",
                          "residual (actual - predicted)", e);
}

int plot_histogram(const char *dir, const char *name, const double *residual, size_t n,
                   int bins, const char *title, const char *xlabel, sa_error *e)
{
    if (bins < 1)
        return sa_fail(e, "plot %s: %d histogram bins (at least 1)", name ? name : "", bins);
    size_t *counts = calloc((size_t)bins, sizeof *counts);
    if (!counts)
        return sa_fail(e, "plot: out of memory");
    double lo, width;
    size_t used = plot_histogram_counts(residual, n, bins, &lo, &width, counts);
    if (used == 0) {
        free(counts);
        return sa_fail(e, "plot %s: no finite values to plot", name ? name : "");
    }
    double sum = 0, sq = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(residual[i]))
            sum += residual[i];
    double mean = sum / (double)used;
    for (size_t i = 0; i < n; i++)
        if (isfinite(residual[i]))
            sq += (residual[i] - mean) * (residual[i] - mean);
    double sd = used > 1 ? sqrt(sq / (double)(used - 1)) : 0;

    plot_files pf;
    if (files_open(&pf, dir, name, (size_t)bins, e)) {
        free(counts);
        return -1;
    }
    FILE *d = pf.dat.fp, *g = pf.gp.fp;
    fputs("# bin_centre count\n", d);
    for (int b = 0; b < bins; b++)
        fprintf(d, "%.10g %zu\n", lo + (b + 0.5) * width, counts[b]);
    free(counts);

    script_header(g, name, title);
    fputs("set key off\nset style fill solid 0.6 border -1\n", g);
    fprintf(g, "set boxwidth %.10g absolute\n", width);
    if (xlabel)
        script_label(g, "xlabel", xlabel);
    fputs("set ylabel 'count'\nset yrange [0:*]\nset offsets 0, 0, graph 0.12, 0\n", g);
    fprintf(g, "set label 1 'n = %zu, mean = %.4g, sd = %.4g' at graph 0.98, graph 0.95 right front\n",
            used, mean, sd);
    fprintf(g, "plot '%s.dat' using 1:2 with boxes lc rgb '#1f77b4'\n", name);
    return files_commit(&pf, e);
}

static int all_positive(const double *x, size_t n)
{
    if (!x)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(x[i]) && x[i] <= 0)
            return 0;
    return 1;
}

int plot_loss_range(const double *a, const double *b, size_t n, double *lo, double *hi,
                    int *log)
{
    double min = INFINITY, max = -INFINITY;
    for (int k = 0; k < 2; k++) {
        const double *x = k ? b : a;
        for (size_t i = 0; x && i < n; i++)
            if (isfinite(x[i])) {
                min = x[i] < min ? x[i] : min;
                max = x[i] > max ? x[i] : max;
            }
    }
    if (!(min <= max))
        return -1;
    *log = min > 0 && max / min > PLOT_LOG_RATIO;
    if (*log) {
        double margin = pow(max / min, 0.05);
        *lo = min / margin;
        *hi = max * margin;
        return 0;
    }
    double margin = max > min ? 0.05 * (max - min) : (min != 0 ? 0.05 * fabs(min) : 1);
    *lo = min - margin;
    *hi = max + margin;
    return 0;
}

int plot_training_curves(const char *dir, const char *name, const double *train_loss,
                         const double *val_loss, const double *lr, size_t n_epochs,
                         const char *title, const char *loss_label, sa_error *e)
{
    if (!train_loss)
        return sa_fail(e, "plot %s: no training loss given", name ? name : "");
    plot_files pf;
    if (files_open(&pf, dir, name, n_epochs, e))
        return -1;
    FILE *d = pf.dat.fp, *g = pf.gp.fp;
    fputs("# epoch train_loss val_loss lr\n", d);
    write_rows(d, NULL, n_epochs, (const double *const[]){train_loss, val_loss, lr}, 3);

    script_header(g, name, title ? title : "Training curves");
    char label[64];
    snprintf(label, sizeof label, "%s on the scaled target", loss_label ? loss_label : "loss");
    fputs("set key top right box opaque\nset xlabel 'epoch'\n", g);
    script_label(g, "ylabel", label);
    double lo, hi;
    int log;
    if (plot_loss_range(train_loss, val_loss, n_epochs, &lo, &hi, &log) == 0)
        fprintf(g, "%sset yrange [%.9g:%.9g]\n", log ? "set logscale y\n" : "", lo, hi);
    if (lr) {
        fputs("set y2label 'learning rate'\nset y2tics\nset ytics nomirror\n", g);
        if (all_positive(lr, n_epochs))
            fputs("set logscale y2\nset format y2 '%.0e'\n", g);
    }
    fprintf(g, "plot '%s.dat' using 1:2 with linespoints pt 7 lc rgb '#1f77b4' title 'train loss'",
            name);
    if (val_loss)
        fputs(", \\\n     '' using 1:3 with linespoints pt 5 lc rgb '#d62728' title 'validation loss'", g);
    if (lr)
        fputs(", \\\n     '' using 1:4 axes x1y2 with steps dt 2 lc rgb '#2ca02c' title 'learning rate'", g);
    fputs("\n", g);
    return files_commit(&pf, e);
}

int plot_band(const char *dir, const char *name, const int64_t *time, const double *actual,
              const double *mean, const double *lower, const double *upper, size_t n,
              const char *title, const char *ylabel, sa_error *e)
{
    plot_files pf;
    if (time_plot_open(&pf, dir, name, time, n, "time actual mean lower upper",
                       (const double *const[]){actual, mean, lower, upper}, 4,
                       title ? title : "Ensemble forecast band", 12, e))
        return -1;
    FILE *g = pf.gp.fp;
    script_label(g, "ylabel", ylabel ? ylabel : "value");
    fprintf(g, "plot '%s.dat' using 1:4:5 with filledcurves fc rgb '#ff7f0e' fs transparent solid 0.3 "
               "noborder title 'interval', \\\n"
               "     '' using 1:3 with lines lc rgb '#d62728' title 'ensemble mean', \\\n"
               "     '' using 1:2 with lines lc rgb '#1f77b4' title 'actual'\n", name);
    return files_commit(&pf, e);
}

int plot_policy_comparison(const char *dir, const char *name, size_t n_policies,
                           const char *const *policy_names, const int64_t *time,
                           const double *const *instances, const double *demand, size_t n,
                           const char *title, const char *demand_label, sa_error *e)
{
    if (n_policies == 0)
        return sa_fail(e, "plot %s: no policies to compare", name ? name : "");
    const double **cols = malloc((n_policies + 1) * sizeof *cols);
    if (!cols)
        return sa_fail(e, "plot: out of memory");
    cols[0] = demand;
    for (size_t p = 0; p < n_policies; p++)
        cols[p + 1] = instances[p];
    plot_files pf;
    int rc = time_plot_open(&pf, dir, name, time, n,
                            "time demand, then the instance count of each policy in order",
                            cols, n_policies + 1,
                            title ? title : "Scaling policies: instance count", 12, e);
    free(cols);
    if (rc)
        return -1;
    FILE *g = pf.gp.fp;
    fputs("set ylabel 'instances'\nset ytics nomirror\nset yrange [0:*]\n"
          "set offsets 0, 0, graph 0.2, 0\n", g);
    if (demand) {
        script_label(g, "y2label", demand_label ? demand_label : "demand");
        fputs("set y2tics\nset y2range [0:*]\n", g);
    }
    fputs("plot ", g);
    for (size_t p = 0; p < n_policies; p++) {
        fprintf(g, "%s'%s.dat' using 1:%zu with steps lw 2 title ", p ? ", \\\n     " : "",
                name, p + 3);
        put_quoted(g, policy_names && policy_names[p] ? policy_names[p] : "policy");
    }
    if (demand) {
        fprintf(g, ", \\\n     '%s.dat' using 1:2 axes x1y2 with lines lc rgb '#7f7f7f' dt 3 title ", name);
        put_quoted(g, demand_label ? demand_label : "demand");
    }
    fputs("\n", g);
    return files_commit(&pf, e);
}

int plot_lines(const char *dir, const char *name, const double *x, size_t n,
               const double *const *cols, const char *const *labels, size_t n_cols,
               const char *title, const char *xlabel, const char *ylabel, sa_error *e)
{
    plot_files pf;
    if (files_open(&pf, dir, name, n_cols ? n : 0, e))
        return -1;
    FILE *d = pf.dat.fp, *g = pf.gp.fp;
    fputs("# x", d);
    for (size_t c = 0; c < n_cols; c++)
        fprintf(d, " col%zu", c + 1);
    fputc('\n', d);
    for (size_t i = 0; i < n; i++) {
        put_value(d, x[i]);
        for (size_t c = 0; c < n_cols; c++)
            put_value(d, cols[c][i]);
        fputc('\n', d);
    }
    script_header(g, name, title);
    script_label(g, "xlabel", xlabel);
    script_label(g, "ylabel", ylabel);
    fputs("set key bottom left box opaque\nset offsets graph 0.02, graph 0.02, graph 0.05, graph 0.05\n", g);
    fputs("plot 0 with lines lc rgb '#7f7f7f' dt 2 notitle", g);
    for (size_t c = 0; c < n_cols; c++) {
        fprintf(g, ", \\\n     '%s.dat' using 1:%zu with linespoints pt 7 title ", name, c + 2);
        put_quoted(g, labels[c]);
    }
    fputs("\n", g);
    return files_commit(&pf, e);
}

/* The frontier's range on one axis over v (n) and extra (NaN: none): the
 * data padded by 8 % of its span on each side, or, when every value is
 * the same, by 10 % of it (at least 1) — never gnuplot's -1.5..1.5 around a
 * single value; not below 0 when nothing is negative. */
static void frontier_range(const double *v, size_t n, const double *more, size_t n_more,
                           double extra, double *lo, double *hi)
{
    double a = INFINITY, b = -INFINITY;
    for (size_t i = 0; i < n + n_more + 1; i++) {
        double x = i < n ? v[i] : i < n + n_more ? more[i - n] : extra;
        if (isfinite(x)) {
            a = fmin(a, x);
            b = fmax(b, x);
        }
    }
    if (!isfinite(a))
        a = b = 0;
    double pad = b > a ? 0.08 * (b - a) : fmax(1, 0.1 * fabs(a));
    *lo = a >= 0 && a - pad < 0 ? 0 : a - pad;
    *hi = b + pad;
}

/* One "x y label label_y" line of a frontier's data: the label drawn
 * `side` (+1 above, -1 below) of the point by 4 % of the y range. */
static void frontier_row(FILE *d, double x, double y, const char *label, int side, double span)
{
    put_value(d, x);
    put_value(d, y);
    fputs(" \"", d);
    for (const char *c = label ? label : ""; *c; c++)
        fputc(*c == '"' ? '\'' : *c, d);
    fputc('"', d);
    put_value(d, y + side * 0.04 * span);
    fputc('\n', d);
}

/* The guide lines of f (see plot.h) into the script g. */
static void frontier_guides(FILE *g, const plot_frontier_spec *f)
{
    if (isfinite(f->guide_x))
        fprintf(g, "set arrow 1 from %.10g, graph 0 to %.10g, graph 1 nohead dt 2 lw 1.5 "
                   "lc rgb '#888888'\n", f->guide_x, f->guide_x);
    if (isfinite(f->guide_y))
        fprintf(g, "set arrow 2 from graph 0, first %.10g to graph 1, first %.10g nohead dt 2 "
                   "lw 1.5 lc rgb '#888888'\n", f->guide_y, f->guide_y);
    if (f->guide_y_label && isfinite(f->guide_y)) {
        fputs("set label 1 ", g);
        put_quoted(g, f->guide_y_label);
        fprintf(g, " at graph 0.01, first %.10g offset 0, char 0.7 left tc rgb '#555555'\n",
                f->guide_y);
    }
    if (f->guide_x_label && isfinite(f->guide_x)) {
        fputs("set label 2 ", g);
        put_quoted(g, f->guide_x_label);
        fprintf(g, " at first %.10g, graph 0.98 offset char -0.9, 0 right rotate by 90 "
                   "tc rgb '#555555'\n", f->guide_x);
    }
}

int plot_frontier(const char *dir, const char *name, const plot_frontier_spec *f, sa_error *e)
{
    plot_files pf;
    if (files_open(&pf, dir, name, f->n_curve + f->n_points, e))
        return -1;
    FILE *d = pf.dat.fp, *g = pf.gp.fp;
    double x0, x1, y0, y1;
    frontier_range(f->curve_x, f->n_curve, f->point_x, f->n_points, f->guide_x, &x0, &x1);
    frontier_range(f->curve_y, f->n_curve, f->point_y, f->n_points, f->guide_y, &y0, &y1);
    fputs("# x y label label_y; block 0 the curve, then one block per point\n", d);
    for (size_t i = 0; i < f->n_curve; i++)   /* labels alternate above and below */
        frontier_row(d, f->curve_x[i], f->curve_y[i], f->curve_labels[i], i % 2 ? -1 : 1,
                     y1 - y0);
    for (size_t i = 0; i < f->n_points; i++) {
        fputs("\n\n", d);
        frontier_row(d, f->point_x[i], f->point_y[i], f->point_labels[i], -1, y1 - y0);
    }
    script_header(g, name, f->title);
    script_label(g, "xlabel", f->xlabel);
    script_label(g, "ylabel", f->ylabel);
    fprintf(g, "set xrange [%.10g:%.10g]\nset yrange [%.10g:%.10g]\n", x0, x1, y0, y1);
    fputs("set key outside top center horizontal box\nset datafile separator whitespace\n", g);
    frontier_guides(g, f);
    fprintf(g, "plot '%s.dat' index 0 using 1:2 with linespoints pt 7 ps 2.5 lw 2 "
               "lc rgb '#9400d3' title ", name);
    put_quoted(g, f->curve_title ? f->curve_title : "curve");
    fprintf(g, ", \\\n     '%s.dat' index 0 using 1:4:3 with labels notitle", name);
    static const char *const colours[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e"};
    for (size_t i = 0; i < f->n_points; i++) {
        fprintf(g, ", \\\n     '%s.dat' index %zu using 1:2 with points pt %zu ps 3.5 "
                   "lc rgb '%s' title ", name, i + 1, 5 + 2 * i, colours[i % 4]);
        put_quoted(g, f->point_labels[i]);
        fprintf(g, ", \\\n     '%s.dat' index %zu using 1:4:3 with labels notitle", name, i + 1);
    }
    fputs("\n", g);
    return files_commit(&pf, e);
}

/* 1 when x (N) has a finite value: a metrics file without memory or
 * network gives a column of NaN, and its panel is left out. */
static int has_data(const double *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (isfinite(x[i]))
            return 1;
    return 0;
}

int plot_dashboard(const char *dir, const char *name, const int64_t *time,
                   const double *avg_cpu, const double *avg_mem, const double *net_io,
                   const double *instances, size_t n, double up_threshold,
                   double down_threshold, const char *title, sa_error *e)
{
    plot_files pf;
    if (time_plot_open(&pf, dir, name, time, n,
                       "time avg_cpu avg_memory total_network_io instance_count",
                       (const double *const[]){avg_cpu, avg_mem, net_io, instances}, 4, NULL,
                       6, e))
        return -1;
    FILE *g = pf.gp.fp;
    int mem = has_data(avg_mem, n), net = has_data(net_io, n), panels = 2 + mem + net;
    fprintf(g, "set multiplot layout %d,%d title ", panels == 4 ? 2 : panels, panels == 4 ? 2 : 1);
    put_quoted(g, title ? title : "Cloud metrics dashboard");
    fputs(" font 'sans,28'\n", g);
    /* Keys sit in one row inside the top of each panel; the axes leave
     * headroom above the data for them (percent axes go to 125 with tics
     * to 100, the others get 25 % more range on top). */
    fputs("set key inside top left horizontal nobox noopaque\n", g);
    fputs("set offsets 0, 0, graph 0.25, 0\n", g);

    fputs("set title 'Average CPU utilization'\nset ylabel 'CPU (%)'\nset yrange [0:125]\n"
          "set ytics 0, 20, 100\n", g);
    fprintf(g, "plot '%s.dat' using 1:2 with lines lc rgb '#1f77b4' title 'Avg CPU', \\\n"
               "     %.10g with lines lc rgb 'red' dt 2 title 'scale up > %.4g%%', \\\n"
               "     %.10g with lines lc rgb 'forest-green' dt 2 title 'scale down < %.4g%%'\n",
            name, up_threshold, up_threshold, down_threshold, down_threshold);
    if (mem)
        fprintf(g, "set title 'Average memory utilization'\nset ylabel 'memory (%%)'\n"
                   "plot '%s.dat' using 1:3 with lines lc rgb '#9467bd' title 'Avg memory'\n",
                name);
    if (net)
        fprintf(g, "set title 'Total network I/O'\nset ylabel 'network I/O'\nset yrange [0:*]\n"
                   "set ytics autofreq\nset format y '%%.1s%%c'\n"
                   "plot '%s.dat' using 1:4 with lines lc rgb '#ff7f0e' title 'network in + out'\n",
                name);

    double most = 0;
    for (size_t i = 0; i < n; i++)
        most = isfinite(instances[i]) && instances[i] > most ? instances[i] : most;
    fputs("set title 'Instance count'\nset ylabel 'instances'\nset yrange [0:*]\n"
          "set ytics autofreq\nset format y '%g'\n", g);
    if (most <= 12) /* whole instances only: a tic per instance */
        fputs("set ytics 1\n", g);
    fprintf(g, "plot '%s.dat' using 1:5 with linespoints pt 7 ps 1.2 lc rgb '#2ca02c' title 'instances'\n",
            name);
    fputs("unset multiplot\n", g);
    return files_commit(&pf, e);
}
