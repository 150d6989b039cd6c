/* scaleahead-predict — batch forecasts of a trained model for every window
 * of a metrics CSV (or only the last), as the predictions CSV of
 * docs/design.md §3, with a calibrated interval and a scaling decision per
 * forecast. The work is in lib/model/predictor.c (forecasts, conformal
 * intervals) and lib/eval/predictions.c (the CSV and the decisions). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "eval/predictions.h"
#include "eval/predictions_output.h"
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
    const char *format;            /* --format csv | json | decision */
    predictions_output output_kind;
    cli_input_flags input_flags;   /* --column, --time-column, --delimiter, --snap */
    series_input how;              /* from input_flags */
} predict_args;

/* Checks the parsed flags and reads the ones that need it (--format, the
 * input flags). Returns -1 to go on, or the usage error's exit code. */
static int check_args(predict_args *a)
{
    a->fill = a->fill ? a->max_fill : 0; /* series_options.fill: the longest gap filled */
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
        return cli_error(CLI_EXIT_USAGE, "--format %s: want csv, json or decision", a->format);
    const cli_input_flags *in = &a->input_flags;
    sa_error e;
    if (series_input_set(&a->how, in->columns.items, (size_t)in->columns.n, in->time_column,
                         in->delimiter, in->snap, &e))
        return cli_error(CLI_EXIT_USAGE, "%s", e.msg);
    return -1;
}

/* Parses the command line into a. Returns -1 to go on, else the exit code. */
static int parse_args(predict_args *a, int argc, char **argv)
{
    *a = (predict_args){.output = "-", .input = "-", .threads = cli_online_cpus(), .up = 70,
                        .down = 35, .z = 1.645, .coverage = 0.9, .target_cpu = 60, .max_fill = SERIES_DEFAULT_MAX_FILL,
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
         "adapt the level online as actuals arrive (ACI step; 0 = off)", 0, 1, NULL},
        {"instances", 0, CLI_INT, &a->instances, "N",
         "current fleet size: decide by the instances the interval's upper bound needs",
         1, 1000000, NULL},
        {"target-cpu", 0, CLI_DOUBLE, &a->target_cpu, "PCT",
         "with --instances: per-instance CPU % to stay at or below", 1, 1000, NULL},
        {"z", 0, CLI_DOUBLE, &a->z, "Z", "ensemble without calibration: band mean -/+ Z std",
         0, 100, NULL},
        {"calendar", 0, CLI_STRING, &a->calendar, "FILE", "business calendar CSV", 0, 0, NULL},
        CLI_FILL_OPTIONS(a->fill, a->max_fill, "forward-fill gaps up to --max-fill"),
        CLI_INPUT_OPTIONS(a->input_flags),
        CLI_ALLOW_INTERRUPTED_OPTION(a->allow_interrupted),
        CLI_THREADS_OPTION(a->threads, "threads"),
        CLI_OUTPUT_OPTION(a->output, "predictions CSV"),
        {"format", 0, CLI_STRING, &a->format, "FMT",
         "csv | json (one object a line) | decision (scale_up/scale_down/hold, or the instance "
         "count with --instances)", 0, 0, NULL},
        CLI_QUIET_OPTION(msg_quiet, "no notes on stderr"),
        {0},
    };
    const cli_spec spec = {
        "scaleahead-predict", "--model FILE [options] [FILE|-]",
        "Forecasts the target of a trained model for every complete window of a\n"
        "metrics CSV (stdin by default), in input order, as\n"
        "timestamp,actual,predicted[,std],lower,upper,decision[,instances] where\n"
        "timestamp is the time the forecast is for, actual is empty where not yet\n"
        "observed, and lower,upper is the split conformal interval at --coverage\n"
        "(calibrated on the validation part at training time; with --adapt-gamma\n"
        "the level adapts online, alpha += gamma (alpha_nominal - miss), as each\n"
        "window's actual is read). With --instances N the decision sizes the\n"
        "fleet: instances = ceil(upper x N / --target-cpu).",
        "  scaleahead-predict --model models/attention.h5 data/multi_metric_data.csv\n"
        "  scaleahead-predict --model models/attention.h5 --last recent.csv\n"
        "  scaleahead-predict --model m.h5 --last --instances 4 --target-cpu 60 recent.csv\n"
        "  scaleahead-datagen --days 3 | scaleahead-predict --model models/attention.h5 -\n"
        "  scaleahead-predict --fleet models/fleet --last metrics/   # one row per series\n",
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
    if (f->model.calibration.n) {
        fmt->with_interval = 1;
        return predictor_intervals(f, p, r, a->coverage, a->gamma, "--coverage", e);
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
 * values leave 0..100, unless the thresholds were given. */
static void warn_units(const predict_args *a, const predictor *f)
{
    const model_file *m = &f->model;
    const model_config *c = &m->members[0].config;
    if (a->seen_up || a->seen_down || a->instances)
        return;
    double lo = 0, hi = 100;
    for (int i = 0; m->scaler_min && m->scaler_max && i < c->n_features; i++)
        if (c->feature_ids[i] == FEAT_CPU) {
            lo = m->scaler_min[i];
            hi = m->scaler_max[i];
        }
    int named = strcasestr(c->target, "cpu") || strcasestr(c->target, "util") ||
                strcasestr(c->target, "percent") || strchr(c->target, '%');
    if (named && lo >= 0 && hi <= 100)
        return;
    fprintf(stderr, "%s: warning: the target %s is %s (training values %g to %g): the "
            "decisions use the default --up %g --down %g, CPU %% thresholds; give --up and "
            "--down in its units\n", msg_tool(), c->target, named ? "beyond 0-100" :
            "not named as a percentage", lo, hi, a->up, a->down);
}

/* Forecasts, intervals and the CSV for the prepared input. */
static int forecast_and_write(const predict_args *a, const predictor *f, const prepared *p,
                              sa_error *e)
{
    const window_set *w = &p->w;
    size_t T = (size_t)f->model.members[0].config.seq_len;
    if (a->last && w->end[w->n - 1] != p->d.s.n_rows - 1)
        return sa_fail(e, "%s: the last %zu rows span a gap; no forecast after the last row",
                       p->d.s.source, T);
    predictor_result r;
    predictions_format fmt = {0, 0, a->up, a->down, a->instances, a->target_cpu, NULL, 0};
    outfile out = {0};
    int rc = predictor_run_all(f, p, a->last ? w->n - 1 : 0, a->threads, &r, e);
    if (rc == 0)
        rc = add_intervals(a, f, p, &r, &fmt, e);
    if (rc == 0) {
        warn_outside(p, &r, T);
        rc = outfile_open(&out, a->output, e);
    }
    if (rc == 0 && predictions_write_as(out.fp, &r, &fmt, a->output_kind) < 0)
        rc = outfile_fail(&out, e);
    if (rc == 0)
        rc = outfile_commit(&out, e);
    outfile_abort(&out);
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
    predictions_format fmt = {0, 0, a->up, a->down, a->instances, a->target_cpu, NULL, 0};
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
    prepared p;
    rc = predictor_prepare(&f, a.input, &a.how, a.calendar, a.fill,
                           a.last ? predictor_history_rows(&f) : 0, &p, &e);
    if (rc == 0) {
        rc = forecast_and_write(&a, &f, &p, &e);
        prepared_free(&p);
    }
    if (rc == 0)
        warn_units(&a, &f);
    predictor_free(&f);
    return rc ? cli_error(CLI_EXIT_DATA, "%s", e.msg) : CLI_EXIT_OK;
}
