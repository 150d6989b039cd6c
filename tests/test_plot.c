/* test_plot.c — every plot writes its script and data (with the right
 * number of data lines), renders a real PNG when gnuplot is on PATH, leaves
 * no temporaries, reports a failing gnuplot, and still writes the scripts
 * when gnuplot is absent. With an argument DIR the files are kept there
 * for a look. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "harness.h"
#include "eval/plot.h"

static char dir[256];

static char *path_of(const char *name, const char *ext)
{
    static char buf[512];
    snprintf(buf, sizeof buf, "%s/%s.%s", dir, name, ext);
    return buf;
}

/* Lines of a file that are neither blank nor '#' comments; -1 if missing. */
static long data_lines(const char *path)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        return -1;
    char line[4096];
    long n = 0;
    while (fgets(line, sizeof line, fp))
        n += line[0] != '#' && line[0] != '\n';
    fclose(fp);
    return n;
}

static int file_contains(const char *path, const char *text)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        return 0;
    static char buf[1 << 16];
    size_t len = fread(buf, 1, sizeof buf - 1, fp);
    fclose(fp);
    buf[len] = 0;
    return strstr(buf, text) != NULL;
}

static int is_png(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return 0;
    unsigned char sig[8];
    size_t got = fread(sig, 1, 8, fp);
    fseek(fp, 0, SEEK_END);
    long size = ftell(fp);
    fclose(fp);
    return got == 8 && !memcmp(sig, "\x89PNG\r\n\x1a\n", 8) && size > 1000;
}

/* Hidden files left in dir (the temporaries are ".NAME.EXT.XXXXXX"). */
static int leftovers(void)
{
    DIR *dp = opendir(dir);
    int n = 0;
    struct dirent *de;
    while ((de = readdir(dp)))
        n += de->d_name[0] == '.' && strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
    closedir(dp);
    return n;
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* The checks every plot gets: script, data lines, PNG when gnuplot is there. */
static void check_outputs(const char *name, long want_lines, const char *script_text)
{
    CHECK(data_lines(path_of(name, "dat")) == want_lines, "plot %s: %ld data lines", name, want_lines);
    CHECK(file_contains(path_of(name, "gp"), "set terminal pngcairo noenhanced size 2400,1600") &&
              file_contains(path_of(name, "gp"), script_text),
          "plot %s: script has the terminal and '%s'", name, script_text);
    if (plot_gnuplot_available())
        CHECK(is_png(path_of(name, "png")), "plot %s: PNG rendered with the PNG signature", name);
    else
        CHECK(1, "plot png (gnuplot absent, skipped)");
    CHECK(leftovers() == 0, "plot %s: no temporary files left", name);
}

enum { N = 288, EPOCHS = 30, P = 3 };

static void test_all_plots(void)
{
    /* One day at 5 minutes: a daily CPU cycle and its forecast. */
    static int64_t time[N];
    static double actual[N], predicted[N], residual[N], lower[N], upper[N];
    static double mem[N], net[N], inst[N], pol[P][N];
    for (int i = 0; i < N; i++) {
        double phase = 2 * M_PI * i / N;
        time[i] = 1718000000 + (int64_t)i * 300;
        actual[i] = 50 - 30 * cos(phase) + 5 * sin(7.0 * i);
        predicted[i] = 50 - 30 * cos(phase - 0.05);
        residual[i] = actual[i] - predicted[i];
        lower[i] = predicted[i] - 8;
        upper[i] = predicted[i] + 8;
        mem[i] = 40 + 10 * sin(phase);
        net[i] = 1e6 * (2 + sin(phase));
        inst[i] = 2 + (int)(actual[i] / 20);
        for (int p = 0; p < P; p++)
            pol[p][i] = 2 + (int)((actual[i] + 10 * p) / 25);
    }
    actual[N - 1] = NAN; /* an unknown actual at the end, as predict writes */
    sa_error e = {{0}};

    CHECK(plot_forecast(dir, "forecast", time, actual, predicted, NULL, NULL, N, NULL, "Forecast: test split", "cpu_utilization (%)", &e) == 0,
          "plot_forecast returns 0 (%s)", e.msg);
    check_outputs("forecast", N, "set xdata time");
    CHECK(file_contains(path_of("forecast", "dat"), "\n1718000000 20 20.03749") &&
              file_contains(path_of("forecast", "dat"), "\n1718086100 NaN 20.07733"),
          "plot_forecast: Unix seconds, full values and NaN for the unknown actual");

    CHECK(plot_forecast(dir, "forecast_band", time, actual, predicted, lower, upper, N,
                        "90% interval", NULL, NULL, &e) == 0,
          "plot_forecast with a band returns 0 (%s)", e.msg);
    check_outputs("forecast_band", N, "filledcurves");
    CHECK(file_contains(path_of("forecast_band", "dat"), "\n1718000000 20 20.03749219 12.03749219 28.03749219") &&
              file_contains(path_of("forecast_band", "gp"), "using 1:4:5 with filledcurves") &&
              file_contains(path_of("forecast_band", "gp"), "title '90% interval'"),
          "plot_forecast: lower and upper in the data, the band drawn and named");
    CHECK(!file_contains(path_of("forecast", "gp"), "filledcurves"),
          "plot_forecast: no band without bounds");

    CHECK(plot_residual_histogram(dir, "residuals", residual, N, 25, NULL, &e) == 0,
          "plot_residual_histogram returns 0 (%s)", e.msg);
    check_outputs("residuals", 25, "with boxes");

    double train[EPOCHS], val[EPOCHS], lr[EPOCHS];
    for (int i = 0; i < EPOCHS; i++) {
        train[i] = 0.05 * exp(-0.15 * i) + 0.002;
        val[i] = 0.06 * exp(-0.12 * i) + 0.003;
        lr[i] = 3e-4 * pow(0.5, i / 10);
    }
    CHECK(plot_training_curves(dir, "training", train, val, lr, EPOCHS, "attention model", "MSE", &e) == 0,
          "plot_training_curves returns 0 (%s)", e.msg);
    check_outputs("training", EPOCHS, "set logscale y2");
    CHECK(file_contains(path_of("training", "gp"), "set logscale y\n") &&
              file_contains(path_of("training", "gp"), "set ylabel 'MSE on the scaled target'"),
          "plot_training_curves: losses over 20x apart on a log axis, labelled with the loss");


    CHECK(plot_band(dir, "band", time, actual, predicted, lower, upper, N, NULL, "cpu (%)", &e) == 0,
          "plot_band returns 0 (%s)", e.msg);
    check_outputs("band", N, "filledcurves");

    const char *names[P] = {"reactive", "predictive", "target 'tracking'"};
    const double *inst_rows[P] = {pol[0], pol[1], pol[2]};
    CHECK(plot_policy_comparison(dir, "policies", P, names, time, inst_rows, actual, N, NULL,
                                 "demand (instance-%)", &e) == 0,
          "plot_policy_comparison returns 0 (%s)", e.msg);
    check_outputs("policies", N, "'target ''tracking'''");

    CHECK(plot_dashboard(dir, "dashboard", time, actual, mem, net, inst, N, 70, 30, NULL, &e) == 0,
          "plot_dashboard returns 0 (%s)", e.msg);
    check_outputs("dashboard", N, "set multiplot layout 2,2");
    CHECK(file_contains(path_of("dashboard", "gp"), "70 with lines lc rgb 'red' dt 2") &&
              file_contains(path_of("dashboard", "gp"), "30 with lines lc rgb 'forest-green' dt 2"),
          "plot_dashboard: red dashed up line, green dashed down line");

    /* Panels without data are left out: CPU and instances stacked. */
    double none[N];
    for (int i = 0; i < N; i++)
        none[i] = NAN;
    CHECK(plot_dashboard(dir, "dash_two", time, actual, none, none, inst, N, 70, 30, NULL, &e) == 0,
          "plot_dashboard without memory or network returns 0 (%s)", e.msg);
    check_outputs("dash_two", N, "set multiplot layout 2,1");
    CHECK(!file_contains(path_of("dash_two", "gp"), "memory") &&
              !file_contains(path_of("dash_two", "gp"), "network I/O") &&
              !file_contains(path_of("dash_two", "gp"), "no data"),
          "plot_dashboard: no empty memory or network panel");
    CHECK(plot_dashboard(dir, "dash_three", time, actual, mem, none, inst, N, 70, 30, NULL, &e) == 0,
          "plot_dashboard without network returns 0 (%s)", e.msg);
    check_outputs("dash_three", N, "set multiplot layout 3,1");

    /* The frontier: ranges padded around the data and the guides, and all
     * points alike give a range around them, not -1.5..1.5. */
    double fx[3] = {100, 300, 500}, fy[3] = {12, 10, 11}, rx[1] = {400}, ry[1] = {10};
    const char *fl[3] = {"q0.5, 3 flaps", "q0.7, 2 flaps", "q0.9, 1 flaps"}, *rl[1] = {"target"};
    plot_frontier_spec f = {fx, fy, fl, 3, "levels", rx, ry, rl, 1, 400, 10.5, "x guide",
                            "y guide", "frontier", "under", "cost (USD)"};
    CHECK(plot_frontier(dir, "frontier", &f, &e) == 0, "plot_frontier returns 0 (%s)", e.msg);
    check_outputs("frontier", 4, "set xrange [68:532]");
    CHECK(file_contains(path_of("frontier", "gp"), "set yrange [9.84:12.16]") &&
              file_contains(path_of("frontier", "gp"), "'y guide' at graph 0.01, first 10.5") &&
              file_contains(path_of("frontier", "gp"), "set arrow 1 from 400, graph 0"),
          "plot_frontier: the cost range pads 8 %% of 10..12, the guides are drawn");
    double zx[2] = {0, 0}, zy[2] = {5, 5};
    plot_frontier_spec z = {zx, zy, fl, 2, "levels", NULL, NULL, NULL, 0, NAN, NAN, NULL, NULL,
                            "ties", "under", "cost"};
    CHECK(plot_frontier(dir, "ties", &z, &e) == 0, "plot_frontier of ties returns 0 (%s)", e.msg);
    check_outputs("ties", 2, "set xrange [0:1]");
    CHECK(file_contains(path_of("ties", "gp"), "set yrange [4:6]") &&
              !file_contains(path_of("ties", "gp"), "set arrow"),
          "plot_frontier: all points at (0, 5) span [0, 1] x [4, 6], no guides");

    /* The script stands alone: by hand, `gnuplot NAME.gp` writes NAME.png. */
    if (plot_gnuplot_available()) {
        unlink(path_of("forecast", "png"));
        char cmd[600];
        snprintf(cmd, sizeof cmd, "cd '%s' && gnuplot forecast.gp 2>/dev/null", dir);
        CHECK(system(cmd) == 0 && is_png(path_of("forecast", "png")),
              "plot: the script renders NAME.png when run by hand");
    }
}

/* The loss axis fits both curves: linear for losses a few percent apart
 * (an L1 training around 1), log only across more than 20x. */
static void test_loss_range(void)
{
    double a[] = {1.2, 1.1, 1.05}, b[] = {1.15, 1.1, 1.08};
    double lo, hi;
    int log;
    CHECK(plot_loss_range(a, b, 3, &lo, &hi, &log) == 0 && !log && fabs(lo - 1.0425) < 1e-12 &&
              fabs(hi - 1.2075) < 1e-12,
          "loss range: 1.05..1.2 on a linear axis [1.0425, 1.2075] (5 %% margins, by hand)");
    double c[] = {10, 1, 0.1};
    CHECK(plot_loss_range(c, NULL, 3, &lo, &hi, &log) == 0 && log &&
              fabs(lo - 0.1 / pow(100, 0.05)) < 1e-12 && fabs(hi - 10 * pow(100, 0.05)) < 1e-12,
          "loss range: 0.1..10 on a log axis, 5 %% of its decades as margins");
    double d[] = {-1, 2, NAN};
    CHECK(plot_loss_range(d, NULL, 3, &lo, &hi, &log) == 0 && !log && fabs(lo + 1.15) < 1e-12 &&
              fabs(hi - 2.15) < 1e-12,
          "loss range: a negative value keeps a linear axis, NaN skipped");
    double f[] = {NAN};
    CHECK(plot_loss_range(f, NULL, 1, &lo, &hi, &log) == -1, "loss range: nothing finite is -1");

    char dir[] = "/tmp/sa_plot_loss_XXXXXX";
    CHECK(mkdtemp(dir) != NULL, "loss range: temp dir");
    sa_error e = {{0}};
    CHECK(plot_training_curves(dir, "l1", a, b, NULL, 3, NULL, "L1", &e) == 0, "L1 curves plotted");
    char path[600];
    snprintf(path, sizeof path, "%s/l1.gp", dir);
    CHECK(file_contains(path, "set ylabel 'L1 on the scaled target'") &&
              file_contains(path, "set yrange [1.0425:1.2075]") &&
              !file_contains(path, "set logscale y\n"),
          "training plot: the loss it trained with, on a linear axis fitted to both curves");
    snprintf(path, sizeof path, "rm -rf '%s'", dir);
    CHECK(system(path) == 0, "loss range: cleaned up");
}

static void test_histogram_counts(void)
{
    /* 0..9 into 5 bins of width 9/5 = 1.8: [0,1.8) 0 1, [1.8,3.6) 2 3,
     * [3.6,5.4) 4 5, [5.4,7.2) 6 7, [7.2,9] 8 9 (the maximum in the last). */
    double x[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, NAN};
    size_t c[5];
    double lo, width;
    CHECK(plot_histogram_counts(x, 11, 5, &lo, &width, c) == 10, "histogram: NaN skipped");
    CHECK(lo == 0 && fabs(width - 1.8) < 1e-12 && c[0] == 2 && c[1] == 2 && c[2] == 2 &&
              c[3] == 2 && c[4] == 2,
          "histogram: equal bins by hand");
    double same[] = {3, 3, 3};
    CHECK(plot_histogram_counts(same, 3, 4, &lo, &width, c) == 3 && lo == 2.5 && width == 0.25 &&
              c[2] == 3,
          "histogram: equal values get a unit range around them");
}

static void test_errors(void)
{
    sa_error e = {{0}};
    int64_t t[2] = {0, 300};
    double v[2] = {1, 2};
    CHECK(plot_forecast(dir, "../escape", t, v, v, NULL, NULL, 2, NULL, NULL, NULL, &e) == -1 &&
              strstr(e.msg, "plain file name"),
          "plot: a name with a slash is refused");
    CHECK(plot_forecast(dir, "empty", t, v, v, NULL, NULL, 0, NULL, NULL, NULL, &e) == -1 && !exists(path_of("empty", "gp")),
          "plot: no points is an error and writes nothing");
    CHECK(plot_forecast("/nonexistent/plots", "x", t, v, v, NULL, NULL, 2, NULL, NULL, NULL, &e) == -1 &&
              strstr(e.msg, "/nonexistent/plots/x.dat"),
          "plot: a missing directory is an error naming the file");
    double nan2[2] = {NAN, NAN};
    CHECK(plot_residual_histogram(dir, "nores", nan2, 2, 10, NULL, &e) == -1 &&
              !exists(path_of("nores", "dat")),
          "plot: residuals all NaN is an error");
}

/* A PATH holding only a fake gnuplot (or none): failure is reported, absence
 * is not an error. */
static void test_fake_gnuplot(void)
{
    char bindir[300], fake[320];
    snprintf(bindir, sizeof bindir, "%s/bin", dir);
    mkdir(bindir, 0755);
    const char *saved = getenv("PATH");
    char *old_path = strdup(saved ? saved : "");
    int64_t t[3] = {0, 300, 600};
    double v[3] = {1, 2, 3};
    sa_error e = {{0}};

    setenv("PATH", bindir, 1);
    CHECK(!plot_gnuplot_available(), "plot: no gnuplot on a PATH without one");
    CHECK(plot_forecast(dir, "nognuplot", t, v, v, NULL, NULL, 3, NULL, NULL, NULL, &e) == 0 &&
              data_lines(path_of("nognuplot", "dat")) == 3 && exists(path_of("nognuplot", "gp")) &&
              !exists(path_of("nognuplot", "png")),
          "plot: without gnuplot the script and data are written, no PNG, no error");

    snprintf(fake, sizeof fake, "%s/gnuplot", bindir);
    FILE *fp = fopen(fake, "w");
    fputs("#!/bin/sh\necho '         line 3: undefined variable: bogus' >&2\nexit 1\n", fp);
    fclose(fp);
    chmod(fake, 0755);
    CHECK(plot_gnuplot_available(), "plot: gnuplot found on PATH");
    CHECK(plot_forecast(dir, "badgnuplot", t, v, v, NULL, NULL, 3, NULL, NULL, NULL, &e) == -1 &&
              strstr(e.msg, "badgnuplot.gp: gnuplot failed (exit status 1): line 3: undefined"),
          "plot: a failing gnuplot is an error with its message");
    CHECK(!exists(path_of("badgnuplot", "png")) && leftovers() == 0,
          "plot: a failed render leaves no PNG and no temporary");
    unlink(fake);
    rmdir(bindir);
    setenv("PATH", old_path, 1);
    free(old_path);
}

int main(int argc, char **argv)
{
    int keep = argc > 1;
    if (keep) {
        snprintf(dir, sizeof dir, "%s", argv[1]);
        mkdir(dir, 0755);
    } else {
        snprintf(dir, sizeof dir, "/tmp/test_plot.XXXXXX");
        if (!mkdtemp(dir))
            return 1;
    }
    test_all_plots();
    test_histogram_counts();
    test_loss_range();
    test_errors();
    test_fake_gnuplot();
    if (!keep) {
        const char *names[] = {"forecast", "forecast_band", "residuals", "training", "band",
                               "policies", "dashboard", "dash_two", "dash_three", "frontier",
                               "ties", "nognuplot", "badgnuplot"};
        const char *exts[] = {"gp", "dat", "png"};
        for (size_t i = 0; i < sizeof names / sizeof *names; i++)
            for (int x = 0; x < 3; x++)
                unlink(path_of(names[i], exts[x]));
        if (rmdir(dir) != 0)
            CHECK(0, "plot: test directory holds only the expected files");
    }
    return test_summary();
}
