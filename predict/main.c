/* scaleahead-predict — batch forecasts of a trained model for every window
 * of a metrics CSV (or only the last), as the predictions CSV of
 * docs/design.md §3, with a calibrated interval and a scaling decision per
 * forecast. The work is in lib/model/predictor.c (forecasts, conformal
 * intervals) and lib/eval/predictions.c (the CSV and the decisions). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "eval/predictions.h"
#include "eval/predictions_output.h"
#include "model/conformal.h"
#include "model/predictor.h"
#include "base/outfile.h"
#include "base/parallel.h"
#include "features/prepare.h"
#include "fleet/fleet_predict.h"

typedef struct predict_args {
    const char *model_path, *output, *calendar, *input;
    const char *fleet;             /* --fleet OUTDIR: a model per series of the input DIR */
    int last, fill, threads, instances, max_fill, allow_interrupted, seen_up, seen_down;
    double up, down, z, coverage, gamma, target_cpu;
    double capacity;               /* --capacity-per-instance R, 0 = none */
    int min, max;                  /* --min, --max: clamp of the instance count (0 = none) */
    int max_age, seen_max_age;     /* --max-age seconds (0 = no limit) */
    int warmup, interval;          /* a path's decision window: --warmup, --interval
                                      seconds (interval 0: one step of the model) */
    const char *format;            /* --format csv | json | decision | prometheus */
    predictions_output output_kind;
    cli_input_flags input_flags;   /* --column, --time-column, --delimiter, --snap */
    series_input how;              /* from input_flags */
} predict_args;

/* Checks the parsed flags and reads the ones that need it (--format, the
 * input flags). Returns -1 to go on, or the usage error's exit code. */
static int check_args(predict_args *a)
{
    int rc;
    if ((rc = cli_fill(&a->fill, a->max_fill)) >= 0 ||
        (rc = cli_excludes("up", "instances", "the decision sizes the fleet by --target-cpu")) >= 0 ||
        (rc = cli_excludes("down", "instances", "the decision sizes the fleet by --target-cpu")) >= 0)
        return rc;
    if (a->fleet && a->model_path)
        return cli_error(CLI_EXIT_USAGE, "--fleet %s forecasts each series with its own model: "
                         "give no --model", a->fleet);
    if (a->fleet && !strcmp(a->input, "-"))
        return cli_error(CLI_EXIT_USAGE, "--fleet %s: give the fleet's data, a directory of "
                         "CSV files or a list of them", a->fleet);
    if (!a->model_path && !a->fleet)
        return cli_error(CLI_EXIT_USAGE, "no model: give --model FILE (see scaleahead-predict --help)");
    if (a->down > a->up)
        return cli_error(CLI_EXIT_USAGE, "--down %g is above --up %g", a->down, a->up);
    if (!(a->coverage > 0 && a->coverage < 1))
        return cli_error(CLI_EXIT_USAGE, "--coverage %g: the level must lie strictly between 0 and 1",
                         a->coverage);
    if (predictions_parse_output(a->format, &a->output_kind))
        return cli_error(CLI_EXIT_USAGE, "--format %s: want csv, json, decision, prometheus or "
                         "schedule", a->format);
    if (a->min && a->max && a->min > a->max)
        return cli_error(CLI_EXIT_USAGE, "--min %d is above --max %d", a->min, a->max);
    if (a->fleet && (a->seen_max_age || a->output_kind == PREDICTIONS_PROMETHEUS ||
                     a->output_kind == PREDICTIONS_SCHEDULE))
        return cli_error(CLI_EXIT_USAGE, "--fleet %s: %s is for one series' forecast", a->fleet,
                         a->seen_max_age ? "--max-age" : a->output_kind == PREDICTIONS_SCHEDULE
                         ? "--format schedule" : "--format prometheus");
    if (a->output_kind == PREDICTIONS_PROMETHEUS)
        a->last = 1; /* the textfile collector wants the latest forecast, once */
    if (a->output_kind == PREDICTIONS_SCHEDULE && !a->instances)
        return cli_error(CLI_EXIT_USAGE, "--format schedule sizes the fleet: give --instances N "
                         "(the current fleet, on which the CPU is measured)");
    if (a->output_kind == PREDICTIONS_SCHEDULE)
        a->last = 1;   /* the schedule is the newest window's path */
    const cli_input_flags *in = &a->input_flags;
    sa_error e;
    if (series_input_set(&a->how, in->columns.items, (size_t)in->columns.n, in->time_column,
                         in->delimiter, in->snap, &e))
        return cli_error(CLI_EXIT_USAGE, "%s", e.msg);
    if (!cli_was_given("adapt-gamma") && a->last)
        a->gamma = 0;   /* --last is one window: the fast path, plain split conformal */
    return -1;
}

/* What --help says above the options, and its examples. */
static const char predict_about[] =
        "Forecasts the target of a trained model for every complete window of a\n"
        "metrics CSV (stdin by default), in input order, as\n"
        "timestamp,actual,predicted[,std],lower,upper,decision[,instances] where\n"
        "timestamp is the time the forecast is for, actual is empty where not yet\n"
        "observed, and lower,upper is the split conformal interval at --coverage\n"
        "(calibrated on the validation part at training time; with --adapt-gamma\n"
        "the level adapts online, alpha += gamma (alpha_nominal - miss), as each\n"
        "window's actual is read). The decision sizes the fleet for the upper\n"
        "bound, clamped to --min/--max: a CPU model on the current fleet N (--instances,\n"
        "or the data's instances column) ceil(upper x N / --target-cpu); a demand model\n"
        "(busy instances) ceil(100 upper / --target-cpu); a rate with\n"
        "--capacity-per-instance R ceil(upper / R). A rate without R cannot size a fleet.\n"
        "A model trained with --steps S forecasts a path: one row per window and step,\n"
        "with the window's origin (its last row's time) and the step after the timestamp;\n"
        "its decision (--format decision, prometheus's desired instances) sizes for the\n"
        "largest upper bound over the steps when a new instance serves, [--warmup,\n"
        "--warmup + --interval] after the origin.";

static const char predict_examples[] =
        "  scaleahead-predict --model models/attention.h5 data/multi_metric_data.csv\n"
        "  scaleahead-predict --model models/attention.h5 --last recent.csv\n"
        "  scaleahead-predict --model m.h5 --last --format decision --instances 4 --min 2 --max 10 recent.csv\n"
        "  scaleahead-predict --model requests.h5 --last --capacity-per-instance 500 --format decision --instances 3 recent.csv\n"
        "  scaleahead-predict --model m.h5 --format prometheus -o /var/lib/node_exporter/scaleahead.prom recent.csv\n"
        "  scaleahead-predict --model hourly48.h5 --format schedule --instances 4 hourly.csv\n"
        "  scaleahead-datagen --days 3 | scaleahead-predict --model models/attention.h5 -\n"
        "  scaleahead-predict --fleet models/fleet --last metrics/   # one row per series\n";

/* Parses the command line into a. Returns -1 to go on, else the exit code. */
static int parse_args(predict_args *a, int argc, char **argv)
{
    *a = (predict_args){.output = "-", .input = "-", .threads = cli_online_cpus(), .up = 70,
                        .down = 35, .z = 1.645, .warmup = 300, .coverage = 0.9, .gamma = CONFORMAL_DEFAULT_GAMMA, .target_cpu = 60, .max_fill = SERIES_DEFAULT_MAX_FILL,
                        .format = "csv"};
    cli_option options[] = {
        {"model", 'm', CLI_STRING, &a->model_path, "FILE", "trained model (HDF5)", 0, 0, NULL},
        {"fleet", 0, CLI_STRING, &a->fleet, "OUTDIR", "forecast every series of the input (a directory of CSV files or a list) with its model OUTDIR/NAME.h5 (train --fleet), a `series` column first", 0, 0, NULL},
        {"last", 0, CLI_FLAG, &a->last, NULL, "only the forecast after the last row (of each series)", 0, 0, NULL},
        {"up", 0, CLI_DOUBLE, &a->up, "X", "scale_up when the forecast is above X", -1e9, 1e9, &a->seen_up},
        {"down", 0, CLI_DOUBLE, &a->down, "X", "scale_down when the forecast is below X", -1e9, 1e9, &a->seen_down},
        {"coverage", 0, CLI_DOUBLE, &a->coverage, "C",
         "level of the conformal interval lower,upper (0 < C < 1)", -1e9, 1e9, NULL},
        {"adapt-gamma", 0, CLI_DOUBLE, &a->gamma, "G",
         "adapt the level online as actuals arrive (ACI step; 0 = off; with --last 0 unless "
         "given: given, the whole file is read, every window's miss moving the level)", 0, 1,
         NULL},
        {"instances", 0, CLI_INT, &a->instances, "N",
         "current fleet size: decide by the instances the interval's upper bound needs",
         1, 1000000, NULL},
        {"target-cpu", 0, CLI_DOUBLE, &a->target_cpu, "PCT",
         "sizing: per-instance CPU % to stay at or below", 1, 1000, NULL},
        {"capacity-per-instance", 0, CLI_DOUBLE, &a->capacity, "R",
         "a model of a rate (requests): instances = ceil(upper / R), R what one instance "
         "serves (like ALBRequestCountPerTarget)", 0, 1e15, NULL},
        {"min", 0, CLI_INT, &a->min, "N", "sizing: at least N instances (0 = no limit)", 0,
         1000000, NULL},
        {"max", 0, CLI_INT, &a->max, "N", "sizing: at most N instances (0 = no limit)", 0,
         1000000, NULL},
        {"warmup", 0, CLI_DURATION, &a->warmup, "DURATION",
         "a path model (--steps): size for when a new instance serves, this long after "
         "the decision", 0, 2e9, NULL},
        {"interval", 0, CLI_DURATION, &a->interval, "DURATION",
         "a path model: how long the decision holds (the cron period; 0 = one step): the "
         "size covers the largest bound over [warmup, warmup + interval]", 0, 2e9, NULL},
        {"max-age", 0, CLI_DURATION, &a->max_age, "DURATION",
         "refuse (exit 1) when the newest row is older than this (30m, 1h; 0 = no limit; "
         "--format decision: 3 steps unless given)", 0, 2e9, &a->seen_max_age},
        {"z", 0, CLI_DOUBLE, &a->z, "Z", "ensemble without calibration: band mean -/+ Z std",
         0, 100, NULL},
        {"calendar", 0, CLI_STRING, &a->calendar, "FILE", "business calendar CSV", 0, 0, NULL},
        CLI_FILL_OPTIONS(a->fill, a->max_fill, "forward-fill gaps up to --max-fill"),
        CLI_INPUT_OPTIONS(a->input_flags),
        CLI_ALLOW_INTERRUPTED_OPTION(a->allow_interrupted),
        CLI_THREADS_OPTION(a->threads, "threads"),
        CLI_OUTPUT_OPTION(a->output, "predictions CSV"),
        {"format", 0, CLI_STRING, &a->format, "FMT",
         "csv | json (one object a line; a path model's: one per origin, steps in arrays) | "
         "decision (ACTION COUNT a line: scale_up, scale_down or hold and the instances "
         "wanted) | prometheus (the forecast after the last row as gauges, for "
         "node_exporter's textfile collector; a path's last step) | schedule (with "
         "--instances: the newest window's path, one line per hour with the instances its "
         "largest upper bound needs)", 0, 0, NULL},
        CLI_QUIET_OPTION(msg_quiet, "no notes on stderr"),
        {0},
    };
    const cli_spec spec = {
        "scaleahead-predict", "--model FILE [options] [FILE|-]",
        predict_about,
        predict_examples,
        options, 0, 1};
    int first;
    int rc = cli_parse(&spec, argc, argv, &first);
    if (rc >= 0)
        return rc;
    predictor_allow_interrupted(a->allow_interrupted);
    a->input = first < argc ? argv[first] : "-";
    return check_args(a);
}

/* Intervals for r: conformal from the model's calibration, or for an
 * older ensemble file without one the band mean -/+ z std (with a note);
 * an older single model gets none. Sets fmt's columns. */
static int add_intervals(const predict_args *a, const predictor *f, const prepared *p,
                         predictor_result *r, predictions_format *fmt, sa_error *e)
{
    fmt->with_std = f->model.n_members > 1;
    size_t n_cal = f->model.calibration.n;
    if (n_cal) {
        fmt->with_interval = 1;
        double level = cli_was_given("coverage") ? a->coverage
                       : conformal_level_within(n_cal, a->coverage);
        if (level < a->coverage) /* a model trained on a short series */
            fprintf(stderr, "%s: warning: %s's calibration holds %zu residuals, too few for a "
                    "%g%% interval: lower,upper are at %.1f%%, the most they support (train on "
                    "more data for %g%%)\n", msg_tool(), a->model_path, n_cal, 100 * a->coverage,
                    100 * level, 100 * a->coverage);
        return predictor_intervals(f, p, r, level, a->gamma, "--coverage", e);
    }
    if (predictor_actuals(f, p, r, e) < 0)
        return -1;
    msg_note("note: %s has no calibrated intervals (trained by an older version)%s",
             a->model_path, fmt->with_std ? "; lower,upper are mean -/+ z std" : "");
    if (!fmt->with_std)
        return 0;
    r->lower = malloc((r->n ? r->n : 1) * sizeof *r->lower);
    r->upper = malloc((r->n ? r->n : 1) * sizeof *r->upper);
    if (!r->lower || !r->upper)
        return sa_fail(e, "out of memory");
    for (size_t k = 0; k < r->n; k++) {
        r->lower[k] = r->mean[k] - a->z * r->std[k];
        r->upper[k] = r->mean[k] + a->z * r->std[k];
    }
    fmt->with_interval = 1;
    return 0;
}

/* The flags the model f cannot honour: --calendar for a model without a
 * sale feature; and of the intervals: --z is the band of an
 * ensemble file without calibration; --coverage and --adapt-gamma act on
 * a calibration. Returns -1 to go on, else the exit code (usage). */
static int check_interval_flags(const predict_args *a, const predictor *f)
{
    const model_config *c = &f->model.members[0].config;
    if (a->calendar && !feat_reads_calendar(c->feature_ids, (size_t)c->n_features))
        return cli_error(CLI_EXIT_USAGE, "--calendar has no effect: %s reads no sale feature "
                         "(is_sale_active, sale_at_target)", a->model_path);
    int calibrated = f->model.calibration.n > 0;
    if (cli_was_given("z") && (calibrated || f->model.n_members < 2))
        return cli_error(CLI_EXIT_USAGE, "--z has no effect: %s's intervals are %s", a->model_path,
                         calibrated ? "conformal (set their level with --coverage)"
                                    : "none (a single model without calibration)");
    const char *level = cli_was_given("adapt-gamma") ? "adapt-gamma"
                        : cli_was_given("coverage") ? "coverage" : NULL;
    if (level && !calibrated)
        return cli_error(CLI_EXIT_USAGE, "--%s has no effect: %s has no calibrated intervals "
                         "(trained by an older version; train it again)", level, a->model_path);
    return -1;
}

/* Warns when inputs lie far outside the training range (extrapolation). */
static void warn_outside(const prepared *p, const predictor_result *r, size_t seq_len)
{
    size_t first_row = r->end[0] + 1 - seq_len;
    size_t outside = transform_count_outside(&p->tf, p->d.fm.x, first_row,
                                             r->end[r->n - 1] - first_row + 1, 0.1);
    if (outside)
        msg_note("warning: %s: %zu input value%s more than 10%% outside the training "
                 "range; forecasts there are extrapolation", p->d.s.source, outside,
                 outside == 1 ? " lies" : "s lie");
}

/* The default --up 70 --down 35 are CPU percentages: on request counts,
 * bytes or latency they say scale_up or scale_down on every row. Warns
 * once when the target is not named like a percentage or its training
 * values leave 0..100, unless the thresholds were given, the decisions
 * size the fleet or the output has no decisions (prometheus). */
static void warn_units(const predict_args *a, const predictor *f, const predictions_format *fmt)
{
    const model_file *m = &f->model;
    const model_config *c = &m->members[0].config;
    if (a->seen_up || a->seen_down || fmt->sizing != SIZING_NONE ||
        a->output_kind == PREDICTIONS_PROMETHEUS)
        return;
    double lo, hi; /* the target is column 0 */
    int known = transform_range(&f->tf, 0, &lo, &hi);
    int named = strcasestr(c->target, "cpu") || strcasestr(c->target, "util") ||
                strcasestr(c->target, "percent") || strchr(c->target, '%');
    if (named && (!known || (lo >= 0 && hi <= 100)))
        return;
    char range[96] = "its training range is not in this model file";
    if (known)
        snprintf(range, sizeof range, "training values %.6g to %.6g", lo, hi);
    fprintf(stderr, "%s: warning: the target %s is %s (%s): the decisions use the default "
            "--up %g --down %g, CPU %% thresholds; give --up and --down in its units\n",
            msg_tool(), c->target, named ? "beyond 0-100" : "not named as a percentage", range,
            a->up, a->down);
}

/* How the decisions size the fleet, from the model, the flags and the
 * data p (whether it has an instances column): fmt->sizing. Returns -1 to
 * go on, else the exit code of a refusal (its message printed): a rate
 * without --capacity-per-instance asked to size, a capacity for a CPU or
 * demand model, --format decision without a current fleet. */
static int choose_sizing(const predict_args *a, const predictor *f, const prepared *p,
                         predictions_format *fmt)
{
    const model_config *c = &f->model.members[0].config;
    const char *basis = model_sizing_basis(c);
    int decision = a->output_kind == PREDICTIONS_DECISION, column = p->d.instances_seen[0] != 0;
    if (a->capacity > 0 && basis[0])
        return cli_error(CLI_EXIT_USAGE, "--capacity-per-instance sizes by a rate; the model %s "
                         "forecasts %s, which sizes the fleet itself", a->model_path,
                         !strcmp(basis, "demand") ? "demand in busy instances" : "a CPU %");
    if (a->capacity <= 0 && !basis[0] && (a->instances || decision || a->min || a->max))
        return cli_error(CLI_EXIT_USAGE, "the model %s forecasts %s (training values %g to %g), "
                         "not a CPU %%: give --capacity-per-instance R, what one instance "
                         "serves, to size the fleet by it", a->model_path, c->target,
                         c->target_range[0], c->target_range[1]);
    fmt->capacity = a->capacity;
    fmt->sizing = predictions_sizing_for(basis, a->instances, column, a->capacity);
    if (cli_was_given("target-cpu") && (fmt->sizing == SIZING_NONE ||
                                        fmt->sizing == SIZING_CAPACITY))
        return cli_error(CLI_EXIT_USAGE, "--target-cpu has no effect: %s", fmt->sizing
                         ? "--capacity-per-instance sizes the fleet" : "nothing sizes the fleet "
                         "(give --instances N, the current fleet)");
    if ((cli_was_given("up") || cli_was_given("down")) && fmt->sizing != SIZING_NONE)
        return cli_error(CLI_EXIT_USAGE, "--%s has no effect: the decision sizes the fleet "
                         "(--target-cpu)", cli_was_given("up") ? "up" : "down");
    if (decision && (fmt->sizing == SIZING_NONE || (!a->instances && !column)))
        return cli_error(CLI_EXIT_USAGE, "--format decision prints ACTION COUNT, which needs the "
                         "current fleet: give --instances N (or data with an instances column)");
    return -1;
}

/* The forecasts of the prepared input with their intervals into r, and
 * fmt's columns. Returns 0, or -1 with e set. */
static int forecast(const predict_args *a, const predictor *f, const prepared *p,
                    predictor_result *r, predictions_format *fmt, sa_error *e)
{
    const window_set *w = &p->w;
    const model_config *c = &f->model.members[0].config;
    if (a->last && w->end[w->n - 1] != p->d.s.n_rows - 1)
        return sa_fail(e, "%s: the last %d rows span a gap; no forecast after the last row",
                       p->d.s.source, c->seq_len);
    /* ACI's level at the last window follows every earlier window's miss:
     * with --adapt-gamma, --last forecasts them all and keeps the last. */
    int adapt = a->gamma > 0;
    if (predictor_run_all(f, p, a->last && !adapt ? w->n - 1 : 0, a->threads, r, e) ||
        add_intervals(a, f, p, r, fmt, e))
        return -1;
    if (a->last && adapt)
        predictor_result_keep_last(r);
    warn_outside(p, r, (size_t)c->seq_len);
    return 0;
}

/* Writes r as a->format to a->output (atomically). Returns 0, or -1 with
 * e set. */
static int write_forecasts(const predict_args *a, const predictor_result *r,
                           const predictions_format *fmt, sa_error *e)
{
    outfile out = {0};
    int rc = outfile_open(&out, a->output, e);
    if (rc == 0 && predictions_write_as(out.fp, r, fmt, a->output_kind) < 0)
        rc = outfile_fail(&out, e);
    if (rc == 0)
        rc = outfile_commit(&out, e);
    outfile_abort(&out);
    return rc;
}

/* Everything after the data is read: the age check, the forecasts, the
 * sizing and the output. Returns the exit code. */
static int decide(const predict_args *a, const predictor *f, const prepared *p)
{
    const model_config *c = &f->model.members[0].config;
    sa_error e;
    int64_t max_age = a->seen_max_age ? a->max_age
                    : a->output_kind == PREDICTIONS_DECISION ? 3 * c->step : 0;
    if (predictions_check_age(p->d.s.source, p->d.s.time[p->d.s.n_rows - 1], (int64_t)time(NULL),
                              max_age, &e))
        return cli_error(CLI_EXIT_DATA, "%s", e.msg);
    predictor_result r = {0};
    predictions_format fmt = {.up = a->up, .down = a->down, .instances = a->instances,
                              .target_cpu = a->target_cpu, .min = a->min, .max = a->max,
                              .target = c->target, .coverage = a->coverage,
                              .horizon = c->horizon,
                              .data_time = p->d.s.time[p->d.s.n_rows - 1]};
    int rc = choose_sizing(a, f, p, &fmt);
    if (rc >= 0)
        return rc;
    if (predictor_steps(f) == 1 && (cli_was_given("warmup") || cli_was_given("interval")))
        return cli_error(CLI_EXIT_USAGE, "--%s sizes over a forecast path; %s forecasts one "
                         "step (horizon %d): train it with --steps", cli_was_given("warmup")
                         ? "warmup" : "interval", a->model_path, c->horizon);
    if (forecast(a, f, p, &r, &fmt, &e)) {
        predictor_result_free(&r);
        return cli_error(CLI_EXIT_DATA, "%s", e.msg);
    }
    if (predictions_set_window(&fmt, r.steps, c->step, a->warmup,
                               a->interval ? a->interval : (double)c->step))
        fprintf(stderr, "%s: warning: %s's path ends %zu steps ahead, before a new instance "
                "serves (--warmup %ds): its last step sizes the fleet\n", msg_tool(),
                a->model_path, r.steps, a->warmup);
    /* the current fleet at each forecast's origin, from the instances column */
    double *fleet = predictions_fleet(&p->d.s, p->d.instances_seen, r.end, r.n);
    fmt.fleet = fleet;
    rc = write_forecasts(a, &r, &fmt, &e) ? cli_error(CLI_EXIT_DATA, "%s", e.msg) : CLI_EXIT_OK;
    if (rc == CLI_EXIT_OK)
        warn_units(a, f, &fmt);
    free(fleet);
    predictor_result_free(&r);
    return rc;
}

/* --fleet: every series of a.input with its own model. Exit 1 when one
 * could not be forecast (the others are written). */
static int predict_fleet(const predict_args *a)
{
    fleet_list l;
    sa_error e;
    if (fleet_list_read(&l, a->input, &e))
        return cli_error(CLI_EXIT_DATA, "%s", e.msg);
    predictions_format fmt = {.up = a->up, .down = a->down, .instances = a->instances,
                              .target_cpu = a->target_cpu, .capacity = a->capacity,
                              .min = a->min, .max = a->max, .coverage = a->coverage};
    fleet_predict_options o = {a->fleet, a->last, a->threads, a->coverage, a->gamma, fmt,
                               a->output_kind, a->calendar, a->fill, &a->how};
    outfile out = {0};
    size_t failed = 0;
    int rc = outfile_open(&out, a->output, &e);
    if (rc == 0 && fleet_predict(&l, &o, out.fp, &failed, &e))
        rc = outfile_fail(&out, &e);
    else if (rc == 0)
        rc = outfile_commit(&out, &e);
    outfile_abort(&out);
    size_t n = l.n;
    fleet_list_free(&l);
    if (rc)
        return cli_error(CLI_EXIT_DATA, "%s", e.msg);
    if (failed)
        return cli_error(CLI_EXIT_DATA, "%zu of %zu series could not be forecast (left out)",
                         failed, n);
    return CLI_EXIT_OK;
}

int main(int argc, char **argv)
{
    predict_args a;
    int rc = parse_args(&a, argc, argv);
    if (rc >= 0)
        return rc;
    outfile_install_cleanup(1);
    if (a.fleet)
        return predict_fleet(&a);
    sa_error e;
    predictor f;
    if (predictor_load(&f, a.model_path, &e))
        return cli_error(CLI_EXIT_DATA, "%s", e.msg);
    if ((rc = check_interval_flags(&a, &f)) >= 0) {
        predictor_free(&f);
        return rc;
    }
    prepared p;
    rc = predictor_prepare(&f, a.input, &a.how, a.calendar, a.fill,
                           a.last && !(a.gamma > 0) ? predictor_history_rows(&f) : 0, &p, &e);
    if (rc == 0) {
        rc = decide(&a, &f, &p);
        prepared_free(&p);
    } else {
        rc = cli_error(CLI_EXIT_DATA, "%s", e.msg);
    }
    predictor_free(&f);
    return rc;
}
