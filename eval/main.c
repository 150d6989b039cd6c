/* scaleahead-eval — the honest report: a model's error on data it never
 * saw, beside persistence, seasonal naive and a linear AR model on exactly
 * the same windows (docs/design.md §8), as a table, JSON and plots. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "model/conformal.h"
#include "model/predictor.h"
#include "series/series.h"
#include "eval/evaluation.h"
#include "base/outfile.h"
#include "base/blas_threads.h"
#include "base/parallel.h"

/* Runs the evaluation o describes, prints its table, and writes the JSON
 * and the plots when asked. Returns the exit code. */
static int evaluate_and_report(const evaluation_options *o, const char *json, const char *plots)
{
    evaluation ev;
    sa_error e;
    int rc = evaluation_run(&ev, o, &e);
    if (rc)
        return cli_error(rc == -2 ? CLI_EXIT_USAGE : CLI_EXIT_DATA, "%s", e.msg);
    const model_config *c = &ev.f.model.members[0].config;
    if (o->calendar && !feat_reads_calendar(c->feature_ids, (size_t)c->n_features)) {
        evaluation_free(&ev);
        return cli_error(CLI_EXIT_USAGE, "--calendar has no effect: %s reads no sale feature "
                         "(is_sale_active, sale_at_target)", o->model_path);
    }
    if (cli_was_given("z") && !ev.has_band) { /* --z is the band of an ensemble's members */
        evaluation_free(&ev);
        return cli_error(CLI_EXIT_USAGE, "--z has no effect: %s is not an ensemble (its "
                         "members' band is what --z sets)", o->model_path);
    }
    evaluation_print(stdout, &ev);
    rc = CLI_EXIT_OK;
    if (json && evaluation_write_json(&ev, json, &e))
        rc = cli_error(CLI_EXIT_DATA, "%s", e.msg);
    if (rc == CLI_EXIT_OK && plots && evaluation_write_plots(&ev, plots, &e))
        rc = cli_error(CLI_EXIT_DATA, "%s", e.msg);
    evaluation_free(&ev);
    return rc;
}

/* Parses the flags (the table and the help text are most of it) and hands
 * the evaluation to the library. */
int main(int argc, char **argv)
{
    const char *model_path = NULL, *data = NULL, *split = "auto", *json = NULL;
    const char *plots = NULL, *calendar = NULL;
    int threads = cli_online_cpus(), fill = 0, max_fill = SERIES_DEFAULT_MAX_FILL, allow_interrupted = 0;
    double z = 1.645, coverage = 0.9, gamma = CONFORMAL_DEFAULT_GAMMA;
    cli_input_flags input_flags = {0};
    cli_option options[] = {
        {"model", 'm', CLI_STRING, &model_path, "FILE", "trained model (HDF5)", 0, 0, NULL},
        {"data", 'd', CLI_STRING, &data, "FILE", "data to evaluate (default: the model's training data)", 0, 0, NULL},
        {"split", 0, CLI_STRING, &split, "PART", "test | val | train | all of the training "
         "data (recognised by its rows, whatever file holds them); auto: test there, all of "
         "another file", 0, 0, NULL},
        {"json", 0, CLI_STRING, &json, "FILE", "write evaluation_results JSON", 0, 0, NULL},
        {"plots", 0, CLI_STRING, &plots, "DIR", "write gnuplot scripts, data and PNGs", 0, 0, NULL},
        {"z", 0, CLI_DOUBLE, &z, "Z", "ensemble band: mean -/+ Z std", 0, 100, NULL},
        {"coverage", 0, CLI_DOUBLE, &coverage, "C",
         "level of the conformal intervals (0 < C < 1)", -1e9, 1e9, NULL},
        {"adapt-gamma", 0, CLI_DOUBLE, &gamma, "G",
         "adapt the intervals' level online over the part (ACI step; 0 = off)", 0, 1, NULL},
        {"calendar", 0, CLI_STRING, &calendar, "FILE", "business calendar CSV", 0, 0, NULL},
        CLI_FILL_OPTIONS(fill, max_fill, "forward-fill gaps up to --max-fill"),
        CLI_INPUT_OPTIONS(input_flags),
        CLI_ALLOW_INTERRUPTED_OPTION(allow_interrupted),
        CLI_THREADS_OPTION(threads, "threads"),
        CLI_QUIET_OPTION(msg_quiet, "no notes on stderr"),
        {0},
    };
    const cli_spec spec = {
        "scaleahead-eval", "--model FILE [options]",
        "Measures a model on the test part of the data it was trained on (recognised\n"
        "by the hash of its rows stored in the model, whatever path, link or copy\n"
        "holds them, also grown by appended rows), or on another file as a whole,\n"
        "saying which part and which dates, in the target's own units: MAE, RMSE, R2, MAPE, sMAPE, accuracy\n"
        "(= 100 - MAPE, the seed's definition) and skill against persistence, beside\n"
        "persistence, seasonal naive (one day back) and a linear autoregressive model\n"
        "fitted on the training part by least squares. For the model and each\n"
        "baseline: the coverage and mean width of the split conformal interval at\n"
        "--coverage, and its coverage in the first and last thirds of the part.",
        "  scaleahead-eval --model models/attention.h5\n"
        "  scaleahead-eval --model models/ensemble.h5 --json results.json --plots plots\n"
        "  scaleahead-eval --model models/attention.h5 --data other.csv\n",
        options, 0, 0};
    int first;
    int rc = cli_parse(&spec, argc, argv, &first);
    if (rc >= 0)
        return rc;
    predictor_allow_interrupted(allow_interrupted);
    if ((rc = cli_fill(&fill, max_fill)) >= 0)
        return rc;
    if (!model_path)
        return cli_error(CLI_EXIT_USAGE, "no model: give --model FILE (see scaleahead-eval --help)");
    evaluation_part part;
    if (evaluation_parse_part(split, &part))
        return cli_error(CLI_EXIT_USAGE, "--split %s: want test, val, train, all or auto", split);
    if (!(coverage > 0 && coverage < 1))
        return cli_error(CLI_EXIT_USAGE, "--coverage %g: the level must lie strictly between 0 and 1",
                         coverage);
    sa_error e;
    series_input how;
    if (series_input_set(&how, input_flags.columns.items, (size_t)input_flags.columns.n,
                         input_flags.time_column, input_flags.delimiter, input_flags.snap, &e))
        return cli_error(CLI_EXIT_USAGE, "%s", e.msg);
    outfile_install_cleanup(1);
    blas_threads_single();

    evaluation_options eo = {model_path, data, part, calendar, fill, threads, z, coverage,
                            gamma, &how, cli_was_given("coverage")};
    return evaluate_and_report(&eo, json, plots);
}
