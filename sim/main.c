/* scaleahead-sim — the fleet simulator (DESIGN.md §10): replays a metrics
 * CSV (and forecasts, from a predictions CSV or a model) through scaling
 * policies and compares them, or runs the seed's live monitor (--live). The
 * work is in lib/sim.c, lib/policy.c, lib/monitor.c, lib/sim_report.c and
 * lib/predictor.c; this file reads inputs, paces the live loop and writes
 * the outputs. */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "data/calendar.h"
#include "cli/cli.h"
#include "model/predictor.h"
#include "sim/html.h"
#include "sim/monitor.h"
#include "base/outfile.h"
#include "base/parallel.h"
#include "data/series.h"
#include "sim/engine.h"
#include "sim/report.h"

static sim_config cfg;
static const char *policy_arg = "all", *predictions = NULL, *calendar_path = NULL;
static const char *target = "cpu_utilization", *csv_path = NULL, *plots_dir = NULL;
static const char *html_path = NULL, *model_path = NULL;
static cli_multi spike_args, resource_args;
static int horizon = 1, fill = 0, report = 0, live = 0, fast = 0, history = 50, seed = 42;
static double duration = 30, interval = 2, mean_cpu = 50;
static int threads;
static predictor model;   /* loaded when --model is given */
static int seen_warmup, seen_cooldown, seen_base, seen_event, seen_target, seen_horizon;

static cli_option options[] = {
    {"policy", 'p', CLI_STRING, &policy_arg, "NAME",
     "reactive, predictive, target, target-predictive, scheduled, or all", 0, 0, NULL},
    {"base-instances", 0, CLI_INT, &cfg.policy.base_instances, "N0",
     "instances the CSV's CPU was measured on (demand = cpu x N0)", 1, 100000, NULL},
    {"min", 0, CLI_INT, &cfg.min_instances, "N", "smallest fleet", 1, 100000, NULL},
    {"max", 0, CLI_INT, &cfg.max_instances, "N", "largest fleet", 1, 100000, NULL},
    {"warmup", 0, CLI_DOUBLE, &cfg.warmup, "SEC",
     "seconds before a new instance serves (live: default 0)", 0, 1e9, &seen_warmup},
    {"cooldown", 0, CLI_DOUBLE, &cfg.cooldown, "SEC",
     "seconds after an action before the next (live: default 10)", 0, 1e9, &seen_cooldown},
    {"up", 0, CLI_DOUBLE, &cfg.policy.up, "PCT", "scale up above this CPU %", 0, 1000, NULL},
    {"down", 0, CLI_DOUBLE, &cfg.policy.down, "PCT", "reactive: scale down below this CPU %",
     0, 1000, NULL},
    {"pred-down", 0, CLI_DOUBLE, &cfg.policy.pred_down, "PCT",
     "predictive: scale down below this forecast CPU %", 0, 1000, NULL},
    {"target-cpu", 0, CLI_DOUBLE, &cfg.policy.target_cpu, "PCT",
     "target tracking: per-instance CPU to aim at", 1, 1000, NULL},
    {"tolerance", 0, CLI_DOUBLE, &cfg.policy.tolerance, "X",
     "target tracking: relative dead band", 0, 1, NULL},
    {"stabilization", 0, CLI_DOUBLE, &cfg.policy.stabilization, "SEC",
     "target tracking: scale-down stabilisation window", 0, 1e9, NULL},
    {"schedule-base", 0, CLI_INT, &cfg.policy.schedule_base, "N",
     "scheduled: size outside events (default --min)", 1, 100000, &seen_base},
    {"schedule-event", 0, CLI_INT, &cfg.policy.schedule_event, "N",
     "scheduled: size inside events (default --max)", 1, 100000, &seen_event},
    {"price", 0, CLI_DOUBLE, &cfg.price, "USD", "price per instance-hour", 0, 1e9, NULL},
    {"predictions", 0, CLI_STRING, &predictions, "FILE",
     "forecasts: CSV with timestamp (the time forecast FOR) and predicted", 0, 0, NULL},
    {"model", 'm', CLI_STRING, &model_path, "FILE",
     "forecasts from a trained model (HDF5) run on the metrics, as predict would", 0, 0, NULL},
    {"horizon", 0, CLI_INT, &horizon, "H",
     "steps ahead the policy looks in the forecasts (with --model: the model's)", 1, 100000,
     &seen_horizon},
    {"threads", 0, CLI_INT, &threads, "N", "--model: threads for the forecasts", 1, 1024, NULL},
    {"calendar", 0, CLI_STRING, &calendar_path, "FILE", "business calendar (start,end,name)",
     0, 0, NULL},
    {"target", 0, CLI_STRING, &target, "NAME",
     "CPU column of the metrics CSV (with --model: the model's target)", 0, 0, &seen_target},
    {"fill", 0, CLI_FLAG, &fill, NULL, "forward-fill gaps in the metrics", 0, 0, NULL},
    {"report", 0, CLI_FLAG, &report, NULL,
     "print the monitor report (status, statistics, instances, alerts) of the first policy",
     0, 0, NULL},
    {"csv", 0, CLI_STRING, &csv_path, "FILE", "write cloud_metrics.csv", 0, 0, NULL},
    {"plots", 0, CLI_STRING, &plots_dir, "DIR", "write the dashboard (and comparison) plots",
     0, 0, NULL},
    {"html", 0, CLI_STRING, &html_path, "FILE", "write a self-contained HTML report", 0, 0, NULL},
    {"live", 0, CLI_FLAG, &live, NULL, "run the live monitor on simulated instances", 0, 0, NULL},
    {"duration", 0, CLI_DOUBLE, &duration, "SEC", "live: seconds to monitor", 0, 1e9, NULL},
    {"interval", 0, CLI_DOUBLE, &interval, "SEC", "live: seconds between ticks", 0.01, 1e6, NULL},
    {"history", 0, CLI_INT, &history, "N", "live: points kept for the CSV and dashboard",
     1, 10000000, NULL},
    {"spike", 0, CLI_MULTI, &spike_args, "AT:CPU",
     "live: at second AT every instance's CPU jumps to CPU (repeatable, or a comma list)",
     0, 0, NULL},
    {"resource", 0, CLI_MULTI, &resource_args, "NAME:TYPE[:REGION]",
     "live: an extra instance, e.g. vm-1:Azure-VM:eu-west-1 (repeatable, or a comma list)",
     0, 0, NULL},
    {"mean-cpu", 0, CLI_DOUBLE, &mean_cpu, "PCT", "live: CPU % of N0 the load reverts to",
     0, 100, NULL},
    {"fast", 0, CLI_FLAG, &fast, NULL, "live: do not sleep (simulated clock)", 0, 0, NULL},
    {"seed", 0, CLI_INT, &seed, "N", "live: random seed", 0, 2e9, NULL},
    {"quiet", 'q', CLI_FLAG, &msg_quiet, NULL, "no progress or notes on stderr", 0, 0, NULL},
    {0},
};

static const cli_spec spec = {
    "scaleahead-sim",
    "[options] [METRICS.csv]",
    "Replays a metrics CSV as demand through scaling policies (reactive, predictive on\n"
    "forecasts, target tracking, scheduled) and compares instance-hours, cost, hot and\n"
    "overloaded minutes, actions, flaps and savings against static fleets. Demand is\n"
    "cpu x N0 instance-percent; N instances each run at demand / N. Forecasts come from\n"
    "a predictions CSV (--predictions) or a model run on the metrics (--model). Plots:\n"
    "cloud_metrics_dashboard.png for one policy; for several, dashboard_POLICY.png each\n"
    "and policy_comparison.png. The per-instance lines of --report split the fleet's\n"
    "last step with a fixed 10 % skew per instance. With --live, runs the monitor on\n"
    "simulated instances whose metrics wander, scaling reactively.",
    "  scaleahead-sim --policy all data/multi_metric_data.csv\n"
    "  scaleahead-sim --model models/attention.h5 --policy all data/multi_metric_data.csv\n"
    "  scaleahead-sim --target value --policy reactive cpu_utilization_asg_misconfiguration.csv\n"
    "  scaleahead-sim --predictions preds.csv --calendar data/business_calendar.csv \\\n"
    "      --csv cloud_metrics.csv --plots plots --html report.html data/multi_metric_data.csv\n"
    "  scaleahead-sim --live --duration 30 --spike 10:95 --spike 20:90 \\\n"
    "      --resource container-1:Docker --resource vm-1:Azure-VM:eu-west-1\n",
    options, 0, 1,
};

static volatile sig_atomic_t interrupted;
static void on_sigint(int sig) { interrupted = sig; }

/* The policies to run: one, or with `all` every applicable one. */
static int pick_policies(policy_kind *out, int has_forecast, int has_calendar)
{
    int n = 0;
    if (strcmp(policy_arg, "all")) {
        if (policy_parse(policy_arg, &out[0]) < 0)
            return -1;
        return 1;
    }
    for (int k = 0; k < POLICY_COUNT; k++) {
        if (policy_needs_forecast((policy_kind)k) && !has_forecast)
            continue;
        if (policy_needs_calendar((policy_kind)k) && !has_calendar)
            continue;
        out[n++] = (policy_kind)k;
    }
    return n;
}

/* How far ahead the policies look, in seconds, on the rows of s. */
static double horizon_seconds(const series *s)
{
    return (double)horizon * (double)(s->step > 0 ? s->step : 300);
}

/* Reads predictions into per-step forecasts aligned to s's rows. */
static int load_forecasts(const series *s, double *forecast, sa_error *e)
{
    const char *cols[] = {"predicted"};
    series_options o = {cols, 1, cols, 1, 0, 0, NULL};
    series p;
    if (series_read(&p, predictions, &o, e) < 0)
        return -1;
    sim_align_forecast(s->time, s->n_rows, p.time, p.col[0], p.n_rows, horizon_seconds(s),
                       forecast);
    series_free(&p);
    return 0;
}

/* Runs the model on every window of the metrics at path, as
 * scaleahead-predict does, and aligns the forecasts (each at the time it
 * is for) to s's rows exactly as load_forecasts aligns a predictions CSV. */
static int model_forecasts(const char *path, const series *s, double *forecast, sa_error *e)
{
    prepared p;
    if (predictor_prepare(&model, path, NULL, calendar_path, fill, 0, &p, e) < 0)
        return sa_wrap(e, "--model %s", model_path);
    predictor_result fr;
    int rc = predictor_run_all(&model, &p, 0, threads, &fr, e);
    if (rc == 0)
        sim_align_forecast(s->time, s->n_rows, fr.time, fr.mean, fr.n, horizon_seconds(s),
                           forecast);
    predictor_result_free(&fr);
    prepared_free(&p);
    return rc;
}

/* Writes the CSV, the plots and the HTML page (the outputs asked for)
 * shared by replay and live runs. inst (n_inst) are the instances of the
 * monitor report, or NULL for none. */
static int write_outputs(const sim_result *r, size_t n, const monitor_instance *inst, int n_inst,
                         sa_error *e)
{
    if (csv_path) {
        outfile of;
        if (outfile_open(&of, csv_path, e) < 0)
            return -1;
        if (sim_write_csv(of.fp, r, n) < 0) {
            outfile_abort(&of);
            return sa_fail(e, "%s: write error", csv_path);
        }
        if (outfile_commit(&of, e) < 0)
            return -1;
    }
    if (!plots_dir && !html_path)
        return 0;
    /* Without --plots, the page's images are made in a temporary directory
     * (in $TMPDIR, else /tmp). */
    char tmpdir[4096];
    const char *tmp_root = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/scaleahead-sim.XXXXXX",
             tmp_root && *tmp_root ? tmp_root : "/tmp");
    const char *dir = plots_dir;
    if (plots_dir && outfile_mkdir(plots_dir, e) < 0)
        return -1;
    if (!plots_dir && !mkdtemp(tmpdir))
        return sa_fail(e, "cannot create a temporary directory: %s", strerror(errno));
    if (!plots_dir)
        dir = tmpdir;
    sim_plots plots;
    int rc = sim_report_plots(dir, r, n, &cfg, &plots, e);
    if (rc == 0 && !plots.rendered && plots_dir)
        msg_note("gnuplot not found: wrote the scripts into %s, PNGs not rendered", plots_dir);
    if (rc == 0 && html_path) {
        char link[4096];
        sim_page page = {live ? "scaleahead-sim: live monitor" : "scaleahead-sim: policies",
                         dir, NULL, &plots, r, n, &cfg, (report || live) ? inst : NULL,
                         n_inst};
        if (plots_dir && html_relative_dir(html_path, plots_dir, link, sizeof link) == 0)
            page.script_link = link;
        outfile of;
        rc = outfile_open(&of, html_path, e);
        if (rc == 0)
            rc = sim_report_html(of.fp, &page, e) < 0 ? sa_wrap(e, "%s", html_path) : 0;
        if (rc == 0)
            rc = outfile_commit(&of, e);
        else
            outfile_abort(&of);
    }
    if (dir == tmpdir) {
        sim_report_remove(tmpdir, &plots);
        rmdir(tmpdir);
    }
    return rc;
}

static int run_replay(const char *path)
{
    sa_error e;
    const char *cols[] = {target, "memory_utilization", "network_in", "network_out"};
    series_options o = {cols, 4, cols, 1, fill, 0, NULL};
    series s;
    if (series_read(&s, path, &o, &e) < 0)
        return cli_error(1, "%s", e.msg);
    if (s.n_rows == 0) {
        series_free(&s);
        return cli_error(1, "%s: no data rows", s.source ? s.source : path);
    }
    size_t n = s.n_rows;
    int ci = series_column(&s, target), mi = series_column(&s, "memory_utilization");
    int ni = series_column(&s, "network_in"), no = series_column(&s, "network_out");
    double *network = (ni >= 0 || no >= 0) ? calloc(n, sizeof *network) : NULL;
    int has_forecast = predictions || model_path;
    double *forecast = has_forecast ? malloc(n * sizeof *forecast) : NULL;
    unsigned char *event = calendar_path ? calloc(n, 1) : NULL;
    int rc = 0;
    calendar cal = {0};
    if ((ni >= 0 || no >= 0) && !network)
        rc = sa_fail(&e, "out of memory");
    for (size_t i = 0; network && i < n; i++)
        network[i] = (ni >= 0 ? s.col[ni][i] : 0) + (no >= 0 ? s.col[no][i] : 0);
    if (rc == 0 && has_forecast && !forecast)
        rc = sa_fail(&e, "out of memory");
    if (rc == 0 && predictions)
        rc = load_forecasts(&s, forecast, &e);
    if (rc == 0 && model_path)
        rc = model_forecasts(path, &s, forecast, &e);
    if (rc == 0 && calendar_path) {
        if (!event)
            rc = sa_fail(&e, "out of memory");
        else if ((rc = calendar_read(&cal, calendar_path, &e)) == 0)
            for (size_t i = 0; i < n; i++)
                event[i] = (unsigned char)calendar_active(&cal, s.time[i]);
    }
    sim_trace t = {n, s.time, s.col[ci], mi >= 0 ? s.col[mi] : NULL, network, forecast, event,
                   s.step > 0 ? (double)s.step : 300};
    policy_kind kinds[POLICY_COUNT];
    int n_pol = 0;
    sim_result results[POLICY_COUNT];
    memset(results, 0, sizeof results);
    if (rc == 0) {
        n_pol = pick_policies(kinds, forecast != NULL, event != NULL);
        for (int j = 0; j < n_pol && rc == 0; j++)
            rc = sim_run(&t, kinds[j], &cfg, &results[j], &e);
    }
    if (rc == 0) {
        sim_print_table(stdout, results, (size_t)n_pol, &cfg);
        monitor_instance inst[256];
        int n_inst = 0;
        if (results[0].n_steps)
            n_inst = monitor_replay_instances(&results[0].steps[results[0].n_steps - 1], inst, 256);
        if (report) {
            putchar('\n');
            monitor_print_report(stdout, &results[0], inst, n_inst);
        }
        rc = write_outputs(results, (size_t)n_pol, inst, n_inst, &e);
    }
    for (int j = 0; j < n_pol; j++)
        sim_result_free(&results[j]);
    calendar_free(&cal);
    free(network);
    free(forecast);
    free(event);
    series_free(&s);
    return rc < 0 ? cli_error(1, "%s", e.msg) : 0;
}

/* Sleeps until `at` on the monotonic clock; returns early on a signal. */
static void sleep_until(const struct timespec *at)
{
    clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, at, NULL);
}

static void status_line(const sim_step *s, int tty)
{
    if (msg_quiet)
        return;
    char when[20];
    time_format((int64_t)floor(s->time), when);
    fprintf(stderr, "%s[%s] CPU %5.1f%% | memory %5.1f%% | network %7.1f | instances %2d | %s%s",
            tty ? "\r" : "", when + 11, s->cpu, s->memory, s->network, s->fleet,
            sim_action_name(s->action), tty ? "\033[K" : "\n");
}

/* The items of a repeatable option, each of which may itself be a comma
 * list ("--spike 10:95,20:90" = "--spike 10:95 --spike 20:90"), into out
 * (at most max); *storage (owned by the caller, free it) holds the text.
 * Returns the count, or -1 for an empty item or more than max. */
static int multi_items(const cli_multi *m, char **storage, const char **out, int max)
{
    *storage = NULL;
    if (m->n == 0)
        return 0;
    size_t len = 0;
    for (int i = 0; i < m->n; i++)
        len += strlen(m->items[i]) + 1;
    char *joined = malloc(len);
    if (!joined)
        return -1;
    size_t at = 0;
    for (int i = 0; i < m->n; i++) {
        size_t item = strlen(m->items[i]);
        memcpy(joined + at, m->items[i], item);
        at += item;
        joined[at++] = i + 1 < m->n ? ',' : 0;
    }
    int n = strlist_split(joined, storage, out, max);
    free(joined);
    return n;
}

static int run_live(void)
{
    sa_error e;
    monitor_spike spikes[64];
    size_t n_spikes = 0;
    char *storage = NULL;
    const char *items[64];
    int k = multi_items(&spike_args, &storage, items, 64);
    if (k < 0) {
        free(storage);
        return cli_error(2, "--spike: expected AT:CPU (at most 64, none empty)");
    }
    for (int i = 0; i < k; i++)
        if (monitor_parse_spike(items[i], &spikes[n_spikes++], &e) < 0) {
            free(storage);
            return cli_error(2, "%s", e.msg);
        }
    free(storage);
    for (size_t i = 1; i < n_spikes; i++)   /* insertion sort by time */
        for (size_t j = i; j > 0 && spikes[j].at < spikes[j - 1].at; j--) {
            monitor_spike tmp = spikes[j];
            spikes[j] = spikes[j - 1];
            spikes[j - 1] = tmp;
        }
    policy_kind kind = POLICY_REACTIVE;
    if (strcmp(policy_arg, "all") && policy_parse(policy_arg, &kind) < 0)
        return cli_error(2, "unknown policy '%s' (see scaleahead-sim --help)", policy_arg);
    monitor_config mc = {&cfg, kind, (double)time(NULL), interval, (size_t)history,
                         (uint64_t)seed, mean_cpu, spikes, n_spikes};
    monitor m;
    if (monitor_init(&m, &mc, &e) < 0)
        return cli_error(1, "%s", e.msg);
    int rc = 0;
    k = multi_items(&resource_args, &storage, items, 64);
    if (k < 0)
        rc = sa_fail(&e, "--resource: expected NAME:TYPE[:REGION] (at most 64, none empty)");
    for (int i = 0; i < k && rc == 0; i++)
        rc = monitor_add_resource(&m, items[i], &e);
    free(storage);
    if (rc < 0) {
        monitor_free(&m);
        return cli_error(2, "%s", e.msg);
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;   /* no SA_RESTART: the sleep ends at once */
    sigaction(SIGINT, &sa, NULL);
    int tty = isatty(2);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (long k = 0; rc == 0 && k * interval < duration - 1e-9 && !interrupted; k++) {
        double elapsed = k * interval;
        if (!fast && k > 0) {
            struct timespec at = t0;
            double whole = floor(elapsed);
            at.tv_sec += (time_t)whole;
            at.tv_nsec += (long)((elapsed - whole) * 1e9);
            if (at.tv_nsec >= 1000000000L) {
                at.tv_sec++;
                at.tv_nsec -= 1000000000L;
            }
            sleep_until(&at);
            if (interrupted)
                break;
        }
        rc = monitor_tick(&m, elapsed, &e);
        if (rc == 0)
            status_line(monitor_last(&m), tty);
    }
    if (tty && !msg_quiet)
        fputc('\n', stderr);
    if (interrupted)
        msg_note("interrupted after %zu ticks: writing what was collected", m.ticks);
    sim_result r;
    memset(&r, 0, sizeof r);
    if (rc == 0)
        rc = monitor_finish(&m, &r, &e);
    if (rc == 0) {
        sim_print_table(stdout, &r, 1, &cfg);
        putchar('\n');
        monitor_print_report(stdout, &r, m.inst, m.n_inst);
        rc = write_outputs(&r, 1, m.inst, m.n_inst, &e);
    }
    sim_result_free(&r);
    monitor_free(&m);
    return rc < 0 ? cli_error(1, "%s", e.msg) : 0;
}

int main(int argc, char **argv)
{
    sim_config_default(&cfg);
    threads = cli_online_cpus();
    int first;
    int rc = cli_parse(&spec, argc, argv, &first);
    if (rc >= 0)
        return rc;
    outfile_install_cleanup(!live);
    if (!seen_base)
        cfg.policy.schedule_base = cfg.min_instances;
    if (!seen_event)
        cfg.policy.schedule_event = cfg.max_instances;
    if (live) {
        if (!seen_warmup)
            cfg.warmup = 0;
        if (!seen_cooldown)
            cfg.cooldown = 10;
    }
    sa_error e;
    if (sim_config_check(&cfg, &e) < 0)
        return cli_error(2, "%s", e.msg);
    policy_kind k;
    if (strcmp(policy_arg, "all") && policy_parse(policy_arg, &k) < 0)
        return cli_error(2, "unknown policy '%s' (see scaleahead-sim --help)", policy_arg);
    if (live) {
        if (first < argc)
            return cli_error(2, "--live takes no metrics file");
        if (predictions || model_path || calendar_path)
            return cli_error(2, "--live takes no --predictions, --model or --calendar");
        return run_live();
    }
    if (strcmp(policy_arg, "all")) {
        if (policy_needs_forecast(k) && !predictions && !model_path)
            return cli_error(2, "policy %s needs --predictions or --model", policy_arg);
        if (policy_needs_calendar(k) && !calendar_path)
            return cli_error(2, "policy %s needs --calendar", policy_arg);
    }
    const char *path = first < argc ? argv[first] : "-";
    if (!model_path)
        return run_replay(path);
    /* The model reads the metrics itself (its own columns), so a file is
     * read twice: stdin cannot be. */
    if (predictions)
        return cli_error(2, "give --predictions or --model, not both");
    if (!strcmp(path, "-"))
        return cli_error(2, "--model needs the metrics as a file, not stdin");
    parallel_blas_single();
    if (predictor_load(&model, model_path, &e) < 0)
        return cli_error(1, "%s", e.msg);
    const model_config *mc = &model.model.members[0].config;
    if (seen_target && strcmp(target, mc->target)) {
        rc = cli_error(2, "--target %s: the model %s forecasts %s", target, model_path,
                       mc->target);
        predictor_free(&model);
        return rc;
    }
    target = mc->target;
    if (!seen_horizon)
        horizon = mc->horizon;
    rc = run_replay(path);
    predictor_free(&model);
    return rc;
}
