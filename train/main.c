/* scaleahead-train — train one model, a 5-model ensemble or a grid search
 * on a metrics CSV, with the honest protocol of docs/design.md §6, and write the
 * HDF5 model file of §7. */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli/cli.h"
#include "series/series.h"
#include "base/mpi_comm.h"
#include "train/auto.h"
#include "train/flags.h"
#include "train/run.h"
#include "base/outfile.h"
#include "base/blas_threads.h"
#include "base/parallel.h"
#include "model/blend.h"
#include "model/predictor.h"
#include "model/preset.h"
#include "train/blend_fit.h"
#include "train/report.h"
#include "fleet/fleet.h"
#include "fleet/fleet_args.h"
#include "fleet/fleet_global.h"
#include "fleet/fleet_report.h"

static volatile sig_atomic_t stop_requested;

static void on_interrupt(int sig)
{
    stop_requested = sig;
}

#define DEFAULT_OUTPUT "models/model.h5"

/* Where an interrupted run goes when output already holds a model:
 * NAME.partial.h5 beside it (malloc'ed). */
static char *partial_name(const char *output)
{
    size_t n = strlen(output);
    if (n > 3 && !strcmp(output + n - 3, ".h5"))
        n -= 3;
    char *p = NULL;
    return asprintf(&p, "%.*s.partial.h5", (int)n, output) < 0 ? NULL : p;
}

static int file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* Any member marked interrupted (an ensemble may stop between members). */
static int model_interrupted(const model_file *m)
{
    for (size_t i = 0; i < m->n_members; i++)
        if (m->members[i].config.interrupted)
            return 1;
    return 0;
}

/* Checks before any work that the model can be written: not stdout, the
 * default folder made, the path (and the partial path beside an existing
 * file) writable and not an input. Returns -1 to go on, else the exit code. */
static int check_output(const char *output, const char *data, int replace)
{
    sa_error e;
    if (!strcmp(output, "-"))
        return cli_error(CLI_EXIT_USAGE, "-o -: a model file is HDF5 and cannot go to standard "
                         "output; give a file name");
    if (!strcmp(output, DEFAULT_OUTPUT) && outfile_mkdir("models", &e))
        return cli_error(CLI_EXIT_DATA, "%s", e.msg);
    if (data)
        outfile_note_input_path(data);
    if (outfile_check(output, &e))
        return cli_error(CLI_EXIT_DATA, "%s", e.msg);
    char *partial = !replace && file_exists(output) ? partial_name(output) : NULL;
    int rc = partial && outfile_check(partial, &e) ? cli_error(CLI_EXIT_DATA, "%s", e.msg) : -1;
    free(partial);
    return rc;
}

/* Writes an interrupted model (with its summary on stdout, r): beside an
 * existing output (NAME.partial.h5) unless replace, and says where and how
 * to go on. Returns the exit code: 128 + the signal, as a shell reports a
 * run a signal stopped. */
static int save_interrupted(const model_file *m, const trainrun_result *r, const char *output,
                            int replace)
{
    sa_error e;
    char *partial = !replace && file_exists(output) ? partial_name(output) : NULL;
    const char *dest = partial ? partial : output;
    int sig = stop_requested == SIGTERM ? SIGTERM : SIGINT;
    int rc = 128 + sig;
    char next[512];
    snprintf(next, sizeof next, "finish it with: scaleahead-train --resume %s -o %s", dest,
             output);
    if (model_save(m, dest, &e)) {
        free(partial);
        return cli_error(CLI_EXIT_DATA, "%s", e.msg);
    }
    report_training(stdout, m, r, dest); /* names the file it went to */
    cli_error(rc, "interrupted: the unfinished model is in %s (marked interrupted%s%s%s); %s",
              dest, partial ? "; " : "", partial ? output : "", partial ? " is kept" : "",
              next);
    free(partial);
    return rc;
}

/* Runs the training o describes with Ctrl-C (SIGTERM, and SIGUSR1 under
 * mpirun) as a request to stop after the batch, and writes the model file
 * and the report (rank 0). Returns the exit code. */
static int train_and_save(const trainrun_options *o, const char *output, int replace)
{
    outfile_install_cleanup(0);
    signal(SIGINT, on_interrupt);
    signal(SIGTERM, on_interrupt); /* as Ctrl-C: stop after the batch, save */
    if (mpi_comm_size() > 1) /* mpirun kills the job on SIGINT but forwards SIGUSR1 */
        signal(SIGUSR1, on_interrupt);
    blas_threads_single();

    model_file m;
    trainrun_result res;
    sa_error e;
    if (strcmp(o->kind, "auto") ? trainrun(&m, o, &res, &e) : trainrun_auto(&m, o, &res, &e)) {
        cli_error(CLI_EXIT_DATA, "%s", e.msg);
        mpi_comm_abort(CLI_EXIT_DATA); /* other ranks may wait for this one */
        return CLI_EXIT_DATA;
    }
    if (mpi_comm_rank() != 0)
        return CLI_EXIT_OK;
    report_basis(&m, &res);
    /* Only a model that training left unfinished is a partial one: a signal
     * that came after the last epoch (while the test part was measured)
     * stopped nothing, and the finished model goes to -o. */
    if (stop_requested && !model_interrupted(&m))
        msg_note("the interrupt came after training had finished: the model is complete");
    if (model_interrupted(&m)) {
        int rc = save_interrupted(&m, &res, output, replace);
        model_free(&m);
        return rc;
    }
    if (model_save(&m, output, &e)) {
        model_free(&m);
        return cli_error(CLI_EXIT_DATA, "%s", e.msg);
    }
    report_training(stdout, &m, &res, output);
    model_free(&m);
    return CLI_EXIT_OK;
}

#define DEFAULT_FLEET_OUTPUT "models/fleet"

static int is_directory(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The fleet's ending: the report (rank 0) and the exit code: 0 when every
 * series is ok, 1 when one failed, 128 + the signal when stopped. */
static int fleet_finish(const fleet_result *r, const fleet_options *fo, const char *source)
{
    sa_error e;
    if (mpi_comm_rank() != 0)
        return CLI_EXIT_OK;
    fleet_report_print(stdout, r, source);
    if (fleet_report_write(r, source, fo->outdir, &e))
        cli_error(CLI_EXIT_DATA, "%s", e.msg);
    if (r->n_pending) {
        int sig = stop_requested == SIGTERM ? SIGTERM : SIGINT;
        return cli_error(128 + sig, "interrupted: %zu series not finished; go on with: "
                         "scaleahead-train --resume %s", r->n_pending, fo->outdir);
    }
    if (r->n_failed)
        return cli_error(CLI_EXIT_DATA, "%zu of %zu series failed (status failed in %s/fleet.csv)",
                         r->n_failed, r->n, fo->outdir);
    return CLI_EXIT_OK;
}

/* Trains the fleet f->fleet with the per-series settings o into outdir,
 * keeping the series finished there when resume. Returns the exit code. */
static int fleet_main(const trainrun_options *o, const trainrun_flags *f, const char *outdir,
                      int global, int resume, int argc, char **argv)
{
    fleet_list l;
    sa_error e;
    if (fleet_list_read(&l, f->fleet, &e))
        return cli_error(CLI_EXIT_DATA, "%s", e.msg);
    fleet_options fo = {*o, outdir, f->fleet, global, f->threads, resume,
                        !msg_quiet && mpi_comm_rank() == 0, &stop_requested, NULL};
    msg_quiet = 1; /* a line per series, not the training of each */
    outfile_install_cleanup(0);
    signal(SIGINT, on_interrupt);
    signal(SIGTERM, on_interrupt);
    if (mpi_comm_size() > 1)
        signal(SIGUSR1, on_interrupt);
    blas_threads_single();
    fleet_result r = {0};
    int rc = 0;
    if (mpi_comm_rank() == 0 && !resume && /* kept first: a killed run can resume */
        (outfile_mkdir(outdir, &e) || fleet_args_save(outdir, argc, argv, &e)))
        rc = -1;
    if (rc == 0)
        rc = fleet_train(&l, &fo, &r, &e);
    if (rc)
        rc = cli_error(CLI_EXIT_DATA, "%s", e.msg);
    else
        rc = fleet_finish(&r, &fo, f->fleet);
    fleet_result_free(&r);
    fleet_list_free(&l);
    return rc;
}

static int train_main(int argc, char **argv, int fleet_resume);

/* --resume OUTDIR: the fleet run saved there, with its own settings; only
 * --threads and -q may be added. Returns the exit code. */
static int fleet_resume(const char *outdir, int argc, char **argv)
{
    int n = 0, extra = 0;
    char **v;
    sa_error e;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--resume") || !strcmp(a, "--threads"))
            i++;
        else if (strncmp(a, "--resume=", 9) && strncmp(a, "--threads=", 10) && strcmp(a, "-q") &&
                 strcmp(a, "--quiet"))
            return cli_error(CLI_EXIT_USAGE, "--resume %s resumes a fleet with its own "
                             "settings (%s/fleet.args): give only --threads and -q, not %s",
                             outdir, outdir, a);
    }
    if (fleet_args_load(outdir, argv[0], &n, &v, &e))
        return cli_error(CLI_EXIT_DATA, "%s", e.msg);
    char **all = calloc((size_t)(n + argc + 1), sizeof *all);
    if (!all) {
        fleet_args_free(n, v);
        return cli_error(CLI_EXIT_DATA, "out of memory");
    }
    memcpy(all, v, (size_t)n * sizeof *all);
    for (int i = 1; i < argc; i++) /* --threads and -q after the saved ones win */
        if (strcmp(argv[i], "--resume") && strncmp(argv[i], "--resume=", 9) &&
            (i == 1 || strcmp(argv[i - 1], "--resume")))
            all[n + extra++] = argv[i];
    int rc = train_main(n + extra, all, 1);
    free(all);
    fleet_args_free(n, v);
    return rc;
}

/* The command line as parsed: the run's flags and the tool's own (set
 * afresh by each parse_flags: a fleet's --resume parses its saved line). */
static trainrun_flags f;
static const char *output;
static int replace, arch_seen, output_seen, global, max_fill;
static const char *blend_list, *blend_weights;
static cli_input_flags input_flags;

/* The flags --blend goes with: the data and how it is read, the output,
 * threads, quiet, its weights. */
static int blend_flag_allowed(const char *name)
{
    static const char *const allowed[] = {"data", "output", "threads", "calendar", "fill",
                                          "max-fill", "column", "time-column", "delimiter",
                                          "snap", "quiet", "blend", "blend-weights"};
    for (size_t i = 0; i < sizeof allowed / sizeof *allowed; i++)
        if (!strcmp(name, allowed[i]))
            return 1;
    return 0;
}

/* The models of the comma-separated list into parts (at most
 * BLEND_FIT_MAX_PARTS; *n set), each loaded as predict would (interrupted
 * and auto-partial files refused). Returns 0, or -1 with e set. */
static int load_parts(const char *list, model_file *parts, size_t *n, sa_error *e)
{
    *n = 0;
    char path[4096];
    for (const char *at = list; *at; *n += 1) {
        size_t len = strcspn(at, ",");
        if (*n == BLEND_FIT_MAX_PARTS || len == 0 || len >= sizeof path)
            return sa_fail(e, "--blend %s: give 1 to %d model files, comma-separated", list,
                           BLEND_FIT_MAX_PARTS);
        memcpy(path, at, len);
        path[len] = 0;
        predictor f;
        if (predictor_load(&f, path, e))
            return -1;
        parts[*n] = f.model;
        memset(&f.model, 0, sizeof f.model);
        predictor_free(&f);
        at += len + (at[len] == ',');
    }
    return *n ? 0 : sa_fail(e, "--blend: no model file given");
}

/* The weights of --blend-weights (n of them) into w, or 1/n each. */
static int blend_weights_parse(const char *text, size_t n, double *w, sa_error *e)
{
    for (size_t i = 0; i < n; i++)
        w[i] = 1.0 / (double)n;
    const char *at = text;
    for (size_t i = 0; text && i < n; i++) {
        char *end;
        w[i] = strtod(at, &end);
        if (end == at || !isfinite(w[i]) || w[i] < 0 || *end != (i + 1 < n ? ',' : 0))
            return sa_fail(e, "--blend-weights %s: give %zu weights >= 0, comma-separated", text, n);
        at = end + 1;
    }
    return 0;
}

/* --blend: the models named blended on the data file into output
 * (blend_fit.h), with a line saying what was chosen. Returns the exit
 * code. */
static int blend_main(const char *data, const series_input *how)
{
    const char *given[64];
    size_t n_given = cli_given(given, sizeof given / sizeof *given);
    for (size_t i = 0; i < n_given; i++)
        if (!blend_flag_allowed(given[i]))
            return cli_error(CLI_EXIT_USAGE, "--%s: --blend blends trained models; it goes only "
                             "with --data, -o, --blend-weights, --threads, --calendar, --fill, "
                             "--max-fill, the input flags and -q", given[i]);
    if (!data)
        return cli_error(CLI_EXIT_USAGE, "--blend: give the data file the models were trained on");
    int rc = check_output(output, data, 1);
    if (rc >= 0)
        return rc;
    model_file parts[BLEND_FIT_MAX_PARTS], b;
    size_t n = 0;
    double w[BLEND_FIT_MAX_PARTS];
    sa_error e;
    blend_fit_options bo = {data, f.calendar, f.fill, how, f.threads,
                            blend_weights ? NULL : blend_fit_grid,
                            blend_weights ? 0 : sizeof blend_fit_grid / sizeof *blend_fit_grid};
    blend_fit_result r;
    int loaded = load_parts(blend_list, parts, &n, &e) == 0;
    if (!loaded || blend_weights_parse(blend_weights, n, w, &e)) {
        for (size_t i = 0; i < n; i++)
            model_free(&parts[i]);
        return cli_error(loaded ? CLI_EXIT_USAGE : CLI_EXIT_DATA, "%s", e.msg);
    }
    if (blend_make(&b, parts, w, n, &e) || blend_fit(&b, &bo, &r, &e))
        return cli_error(CLI_EXIT_DATA, "%s", e.msg);
    rc = model_save(&b, output, &e) ? cli_error(CLI_EXIT_DATA, "%s", e.msg) : CLI_EXIT_OK;
    if (rc == CLI_EXIT_OK) {
        printf("blend of %zu models written to %s: weights", n, output);
        for (size_t i = 0; i < n; i++)
            printf("%s%.3g", i ? "," : " ", b.part_weight[i]);
        printf("; validation MAE %.6g (alone:", r.val_mae);
        for (size_t i = 0; i < n; i++)
            printf(" %.6g", r.part_val_mae[i]);
        printf("); test MAE %.6g, persistence %.6g\n", r.test_mae, r.persistence_mae);
    }
    model_free(&b);
    return rc;
}

/* The fleet's own defaults where the flags are silent: --arch auto,
 * -o models/fleet, and with --global auto's networks FLEET_GLOBAL_CANDIDATES;
 * without --fleet, trainrun_flags_default_arch's (auto for a path).
 * Returns -1 to go on, or a usage error's exit code. */
static int fleet_defaults(trainrun_flags *f, int arch_seen, int output_seen, int global,
                          const char **output)
{
    if (global && !f->fleet)
        return cli_error(CLI_EXIT_USAGE, "--global trains a fleet's global model: give --fleet DIR");
    if (f->fleet && !arch_seen && !f->ensemble && !f->grid)
        f->arch = "auto";
    else if (!arch_seen)
        trainrun_flags_default_arch(f);
    if (f->fleet && !output_seen)
        *output = DEFAULT_FLEET_OUTPUT;
    if (global && !f->candidates && !strcmp(f->arch, "auto"))
        f->candidates = FLEET_GLOBAL_CANDIDATES;
    return -1;
}

/* The flags of the network and its preset, added to t. */
static void network_flags(cli_table *t)
{
    const cli_option options[] = {
        {"data", 'd', CLI_STRING, &f.data, "FILE", "metrics CSV to learn from (or the argument)", 0, 0, NULL},
        {"arch", 0, CLI_STRING, &f.arch, "NAME", "preset: original | optimized | attention | robust | robust-seasonal | linear, or auto (the best on validation of the candidates and the baselines, a fitted baseline only by a clear margin; the default with --fleet, and with --steps S > 1 keeping a network or persistence)", 0, 0, &arch_seen},
        {"fleet", 0, CLI_STRING, &f.fleet, "DIR|LIST", "train one model per series: every *.csv of DIR, or the CSV files LIST names (one a line), into -o OUTDIR as NAME.h5 with OUTDIR/fleet.csv and a report", 0, 0, NULL},
        {"hidden", 0, CLI_INT, &f.hidden, "N", "LSTM hidden size (preset's if 0)", 0, NET_MAX_HIDDEN, NULL},
        {"layers", 0, CLI_INT, &f.layers, "N", "stacked LSTM layers (preset's if 0)", 0, NET_MAX_LAYERS, NULL},
        {"head", 0, CLI_INT, &f.head, "N", "fc1 width, 0 = one fc layer (preset's if -1)", -1, NET_MAX_HEAD, NULL},
        {"attention", 0, CLI_INT, &f.attention, "0|1", "attention pooling (preset's if -1)", -1, 1, NULL},
        {"dropout", 0, CLI_DOUBLE, &f.dropout, "P", "dropout (preset's if -1)", -1, 0.95, NULL},
        {"lr", 0, CLI_DOUBLE, &f.lr, "X", "learning rate (preset's if 0)", 0, 1, NULL},
        {"batch", 0, CLI_INT, &f.batch, "N", "batch size (preset's if 0)", 0, MODEL_MAX_BATCH, NULL},
        {"seq-len", 0, CLI_INT, &f.seq_len, "N", "input window in steps (preset's if 0)", 0, NET_MAX_SEQ_LEN, NULL},
        {"highway", 0, CLI_INT, &f.highway, "K", "linear highway on the last K target inputs, 0 = none (preset's if -1)", -1, NET_MAX_SEQ_LEN, NULL},
        {"clip", 0, CLI_DOUBLE, &f.clip, "X", "clip scaled inputs to [-X, X], 0 = none (preset's if -1)", -1, 1e6, NULL},
        {"loss", 0, CLI_STRING, &f.loss, "NAME", "mse | l1 | huber (preset's if unset)", 0, 0, NULL},
        {"log1p", 0, CLI_STRING, &f.log1p, "RULE", "robust presets: log1p of heavy-tailed counts: auto | on | off", 0, 0, NULL},
    };
    CLI_TABLE_ADD(t, options);
}

/* The flags of the protocol and the data, added to t. */
static void protocol_flags(cli_table *t)
{
    const cli_option options[] = {
        {"epochs", 0, CLI_INT, &f.epochs, "N", "maximum epochs", 1, MODEL_MAX_EPOCHS, NULL},
        {"patience", 0, CLI_INT, &f.patience, "N", "early-stopping patience in epochs", 1, 100000, NULL},
        {"schedule", 0, CLI_STRING, &f.schedule, "NAME",
         "learning rate: plateau (halve when stuck) | cosine (warm-up, cosine to 0 "
         "over --epochs; --lr is the peak) (default plateau)", 0, 0, NULL},
        {"horizon", 0, CLI_INT, &f.horizon, "H", "steps ahead to forecast (one value)", 1, MODEL_MAX_HORIZON, &f.horizon_given},
        {"steps", 0, CLI_INT, &f.steps, "S", "forecast a path: steps 1..S ahead from one model, each with its own interval (default 1: one value, --horizon ahead)", 1, NET_MAX_STEPS, NULL},
        {"split", 0, CLI_STRING, &f.split, "TR,VA", "train and validation fractions", 0, 0, NULL},
        {"target", 0, CLI_STRING, &f.target, "NAME", "column to forecast (a utilisation such as "
         "cpu_utilization on data with an instances column: its demand, x instances / 100)",
         0, 0, NULL},
        {"no-demand", 0, CLI_FLAG, &f.no_demand, NULL, "forecast a utilisation target as it is, "
         "even when the data has an instances column (a group's CPU, which its own scaling "
         "holds near a target)", 0, 0, NULL},
        {"features", 0, CLI_STRING, &f.features, "LIST", "inputs: feature names, or names of the data's numeric columns, taken as they are and scaled like the rest, e.g. cpu_utilization,hour,queue_depth (the first is the target; preset's set if unset)", 0, 0, NULL},
        {"calendar", 0, CLI_STRING, &f.calendar, "FILE", "business calendar CSV", 0, 0, NULL},
        {"features-tz", 0, CLI_STRING, &f.features_tz, "ZONE", "hour and day features on this zone's clock, e.g. Europe/Berlin (default UTC)", 0, 0, NULL},
        CLI_FILL_OPTIONS(f.fill, max_fill, "forward-fill gaps instead of cutting windows up to --max-fill"),
        CLI_INPUT_OPTIONS(input_flags),
    };
    CLI_TABLE_ADD(t, options);
}

/* The flags of the run: seeds, ensembles, grids, fleets, resuming, output. */
static void run_flags(cli_table *t)
{
    const cli_option options[] = {
        {"seed", 0, CLI_INT, &f.seed, "N", "random seed", 0, 2147483647, NULL},
        CLI_THREADS_OPTION(f.threads, "threads"),
        {"ensemble", 0, CLI_FLAG, &f.ensemble, NULL, "train the seed's five-member ensemble", 0, 0, NULL},
        {"members", 0, CLI_STRING, &f.members, "LIST", "ensemble members to train, e.g. 0,2,4", 0, 0, NULL},
        {"weighted", 0, CLI_FLAG, &f.weighted, NULL, "weight members by inverse validation MSE", 0, 0, NULL},
        {"grid", 0, CLI_FLAG, &f.grid, NULL, "grid search over docs/design.md §5's 54 configurations", 0, 0, NULL},
        {"grid-limit", 0, CLI_INT, &f.grid_limit, "N", "train only the first N grid points", 1, GRID_SIZE, NULL},
        {"baselines", 0, CLI_STRING, &f.baselines, "LIST", "the baselines --arch auto may keep, e.g. persistence (default: persistence, seasonal_naive, linear_ar, holt_winters; for a path without --arch: persistence); every one is scored and listed", 0, 0, NULL},
        {"candidates", 0, CLI_STRING, &f.candidates, "LIST", "--arch auto's network candidates, e.g. robust,linear (default: robust,robust-seasonal,linear; with --fleet --global: linear, the global model and its tuned copy taking the LSTM's place)", 0, 0, NULL},
        {"blend", 0, CLI_STRING, &blend_list, "A.h5,B.h5", "blend models trained on --data into one (-o): the weighted mean of their forecasts, each model with its own features and transform; two models: the first one's weight chosen on the validation part (1/2, 0.1 .. 0.9), more: equal weights; intervals calibrated on the blend's own validation residuals", 0, 0, NULL},
        {"blend-weights", 0, CLI_STRING, &blend_weights, "W,W,...", "with --blend: these weights (>= 0, one per model) instead of the choice on validation", 0, 0, NULL},
        {"global", 0, CLI_FLAG, &global, NULL, "with --fleet: also train one network on every series (OUTDIR/global.h5, scale-free: it forecasts series it never saw) and offer it to each series as a candidate", 0, 0, NULL},
        {"resume", 0, CLI_STRING, &f.resume, "FILE|OUTDIR", "finish the interrupted run saved in FILE with its own settings and data (with it only -o, --threads, --calendar, --fill, --max-fill, the input flags and -q; give the last four as the run had them), or the fleet run in OUTDIR (the series not finished there)", 0, 0, NULL},
        {"data-parallel", 0, CLI_FLAG, &f.data_parallel, NULL,
         "under mpirun: share each batch of one model across the ranks", 0, 0, NULL},
        {"output", 'o', CLI_STRING, &output, "FILE", "model file to write (with --fleet: the directory OUTDIR, default " DEFAULT_FLEET_OUTPUT ")", 0, 0, &output_seen},
        {"replace-interrupted", 0, CLI_FLAG, &replace, NULL, "when stopped early, replace an existing -o anyway (default: write NAME.partial.h5 beside it)", 0, 0, NULL},
        CLI_QUIET_OPTION(msg_quiet, "no progress output"),
    };
    CLI_TABLE_ADD(t, options);
}

/* Parses the flags into f and the tool's own; returns what cli_parse
 * returns. */
static int parse_flags(int argc, char **argv, int *first)
{
    trainrun_flags_defaults(&f);
    f.threads = cli_online_cpus();
    output = DEFAULT_OUTPUT;
    replace = arch_seen = output_seen = global = 0;
    blend_list = blend_weights = NULL;
    max_fill = SERIES_DEFAULT_MAX_FILL;
    input_flags = (cli_input_flags){0};
    cli_table t = {0};
    network_flags(&t);
    protocol_flags(&t);
    run_flags(&t);
    if (t.full)
        return cli_error(CLI_EXIT_USAGE, "internal: more than %d options", CLI_MAX_OPTIONS);
    const cli_spec spec = {
        "scaleahead-train", "[options] --data FILE",
        "Trains an LSTM predictor (or an ensemble, or a grid search) on a metrics CSV\n"
        "with a chronological train/validation/test split, the scaler fitted on the\n"
        "training part only, early stopping on validation loss, and writes one HDF5\n"
        "model file. Ctrl-C stops after the current batch and saves the best weights\n"
        "(under mpirun: kill -USR1 the mpirun process).",
        "  scaleahead-train --data data/multi_metric_data.csv -o models/attention.h5\n"
        "  scaleahead-train --data cpu.csv --target value --arch optimized --epochs 20\n"
        "  scaleahead-train --data cpu.csv --target value --arch auto -o models/cpu.h5\n"
        "  scaleahead-train --data cpu.csv --target value --steps 12 -o models/path.h5\n"
        "  scaleahead-train --data data/multi_metric_data.csv --ensemble -o models/ensemble.h5\n"
        "  scaleahead-train --data data/multi_metric_data.csv --grid --grid-limit 6 -o models/grid.h5\n"
        "  scaleahead-train --resume models/attention.h5 -o models/attention.h5   # after Ctrl-C\n"
        "  mpirun -np 4 bin-mpi/scaleahead-train --data data/multi_metric_data.csv --grid -o models/grid.h5\n"
        "  scaleahead-train --data cpu.csv --blend models/a.h5,models/b.h5 -o models/ab.h5\n"
        "  scaleahead-train --fleet metrics/ -o models/fleet    # one model per metrics/*.csv\n"
        "  scaleahead-train --fleet metrics/ --global -o models/fleet   # and models/fleet/global.h5\n"
        "  scaleahead-train --resume models/fleet               # after Ctrl-C: the rest of the fleet\n"
        "  mpirun -np 4 bin-mpi/scaleahead-train --fleet /shared/metrics -o /shared/models/fleet\n",
        t.items, 0, 1};
    return cli_parse(&spec, argc, argv, first);
}

/* Parses the flags and hands the run to the library (or the fleet run to
 * fleet_main). Returns the exit code. */
static int train_main(int argc, char **argv, int fleet_resume_run)
{
    int first;
    int rc = parse_flags(argc, argv, &first);
    if (rc >= 0)
        return rc;
    if ((rc = cli_fill(&f.fill, max_fill)) >= 0)
        return rc;
    const char *given[64];
    f.n_given = cli_given(given, sizeof given / sizeof *given);
    f.given = given;
    if (f.resume && is_directory(f.resume))
        return fleet_resume(f.resume, argc, argv);
    if ((rc = fleet_defaults(&f, arch_seen, output_seen, global, &output)) >= 0)
        return rc;
    if (first < argc && f.data)
        return cli_error(CLI_EXIT_USAGE, "two data files (--data %s and %s): give one",
                         f.data, argv[first]);
    if (first < argc)
        f.data = argv[first];
    sa_error e;
    if (blend_weights && !blend_list)
        return cli_error(CLI_EXIT_USAGE, "--blend-weights weighs the models of --blend: give --blend");
    if (blend_list) {
        series_input how;
        if (series_input_set(&how, input_flags.columns.items, (size_t)input_flags.columns.n,
                             input_flags.time_column, input_flags.delimiter, input_flags.snap, &e))
            return cli_error(CLI_EXIT_USAGE, "%s", e.msg);
        return blend_main(f.data, &how);
    }
    trainrun_options o;
    if (trainrun_from_flags(&o, &f, &e))
        return cli_error(CLI_EXIT_USAGE, "%s", e.msg);
    series_input how;
    if (series_input_set(&how, input_flags.columns.items, (size_t)input_flags.columns.n,
                         input_flags.time_column, input_flags.delimiter, input_flags.snap, &e))
        return cli_error(CLI_EXIT_USAGE, "%s", e.msg);
    o.input = &how;
    o.stop = &stop_requested;
    if (f.fleet) {
        if (!strcmp(output, DEFAULT_FLEET_OUTPUT) && outfile_mkdir("models", &e))
            return cli_error(CLI_EXIT_DATA, "%s", e.msg);
        return fleet_main(&o, &f, output, global, fleet_resume_run, argc, argv);
    }
    if (f.resume && trainrun_resume(&o, f.resume, &e))
        return cli_error(CLI_EXIT_DATA, "%s", e.msg);
    if (f.resume)
        outfile_forget_input(f.resume); /* read whole: -o may replace it */
    if ((rc = check_output(output, o.data_path, replace)) >= 0) {
        trainrun_options_free(&o);
        return rc;
    }
    if (mpi_comm_rank() != 0)
        msg_quiet = 1; /* rank 0 speaks for the job */

    rc = train_and_save(&o, output, replace);
    trainrun_options_free(&o);
    return rc;
}

int main(int argc, char **argv)
{
    if (mpi_comm_init(&argc, &argv))
        return cli_error(CLI_EXIT_DATA, "MPI could not start (or lacks funneled threads)");
    int rc = train_main(argc, argv, 0);
    mpi_comm_finalize();
    return rc;
}
