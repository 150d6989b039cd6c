/* scaleahead-train — train one model, a 5-model ensemble or a grid search
 * on a metrics CSV, with the honest protocol of DESIGN.md §6, and write the
 * HDF5 model file of §7. */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "base/mpi_comm.h"
#include "train/run.h"
#include "base/outfile.h"
#include "base/parallel.h"
#include "model/preset.h"
#include "train/report.h"

static volatile sig_atomic_t stop_requested;

static void on_interrupt(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static int train_main(int argc, char **argv)
{
    const char *data = NULL, *arch = "attention", *target = "cpu_utilization";
    const char *features = NULL, *split = "0.7,0.15", *output = "models/model.h5";
    const char *calendar = NULL, *members = NULL;
    int hidden = 0, layers = 0, head = -1, seq_len = 0, batch = 0, epochs = 50;
    int patience = 10, horizon = 1, seed = 42, threads = cli_online_cpus(), fill = 0;
    int ensemble = 0, grid = 0, grid_limit = GRID_SIZE, weighted = 0, attention = -1;
    int data_parallel = 0;
    const char *resume = NULL, *schedule = "plateau";
    double dropout = -1, lr = 0;
    cli_input_flags input_flags = {0};
    cli_option options[] = {
        {"data", 'd', CLI_STRING, &data, "FILE", "metrics CSV to learn from (or the argument)", 0, 0, NULL},
        {"arch", 0, CLI_STRING, &arch, "NAME", "preset: original | optimized | attention", 0, 0, NULL},
        {"hidden", 0, CLI_INT, &hidden, "N", "LSTM hidden size (preset's if 0)", 0, NET_MAX_HIDDEN, NULL},
        {"layers", 0, CLI_INT, &layers, "N", "stacked LSTM layers (preset's if 0)", 0, NET_MAX_LAYERS, NULL},
        {"head", 0, CLI_INT, &head, "N", "fc1 width, 0 = one fc layer (preset's if -1)", -1, NET_MAX_HEAD, NULL},
        {"attention", 0, CLI_INT, &attention, "0|1", "attention pooling (preset's if -1)", -1, 1, NULL},
        {"dropout", 0, CLI_DOUBLE, &dropout, "P", "dropout (preset's if -1)", -1, 0.95, NULL},
        {"lr", 0, CLI_DOUBLE, &lr, "X", "learning rate (preset's if 0)", 0, 1, NULL},
        {"batch", 0, CLI_INT, &batch, "N", "batch size (preset's if 0)", 0, MODEL_MAX_BATCH, NULL},
        {"seq-len", 0, CLI_INT, &seq_len, "N", "input window in steps (preset's if 0)", 0, NET_MAX_SEQ_LEN, NULL},
        {"epochs", 0, CLI_INT, &epochs, "N", "maximum epochs", 1, MODEL_MAX_EPOCHS, NULL},
        {"patience", 0, CLI_INT, &patience, "N", "early-stopping patience in epochs", 1, 100000, NULL},
        {"schedule", 0, CLI_STRING, &schedule, "NAME",
         "learning rate: plateau (halve when stuck) | cosine (warm-up, cosine to 0 "
         "over --epochs; --lr is the peak)", 0, 0, NULL},
        {"horizon", 0, CLI_INT, &horizon, "H", "steps ahead to forecast", 1, MODEL_MAX_HORIZON, NULL},
        {"split", 0, CLI_STRING, &split, "TR,VA", "train and validation fractions", 0, 0, NULL},
        {"target", 0, CLI_STRING, &target, "NAME", "column to forecast", 0, 0, NULL},
        {"features", 0, CLI_STRING, &features, "LIST", "feature names (preset's set if unset)", 0, 0, NULL},
        {"calendar", 0, CLI_STRING, &calendar, "FILE", "business calendar CSV", 0, 0, NULL},
        {"fill", 0, CLI_FLAG, &fill, NULL, "forward-fill gaps instead of cutting windows", 0, 0, NULL},
        CLI_INPUT_OPTIONS(input_flags),
        {"seed", 0, CLI_INT, &seed, "N", "random seed", 0, 2147483647, NULL},
        {"threads", 0, CLI_INT, &threads, "N", "threads", 1, 1024, NULL},
        {"ensemble", 0, CLI_FLAG, &ensemble, NULL, "train the seed's five-member ensemble", 0, 0, NULL},
        {"members", 0, CLI_STRING, &members, "LIST", "ensemble members to train, e.g. 0,2,4", 0, 0, NULL},
        {"weighted", 0, CLI_FLAG, &weighted, NULL, "weight members by inverse validation MSE", 0, 0, NULL},
        {"grid", 0, CLI_FLAG, &grid, NULL, "grid search over DESIGN.md §5's 54 configurations", 0, 0, NULL},
        {"grid-limit", 0, CLI_INT, &grid_limit, "N", "train only the first N grid points", 1, GRID_SIZE, NULL},
        {"resume", 0, CLI_STRING, &resume, "FILE", "finish the interrupted run saved in FILE (its own settings and data)", 0, 0, NULL},
        {"data-parallel", 0, CLI_FLAG, &data_parallel, NULL,
         "under mpirun: share each batch of one model across the ranks", 0, 0, NULL},
        {"output", 'o', CLI_STRING, &output, "FILE", "model file to write", 0, 0, NULL},
        {"quiet", 'q', CLI_FLAG, &msg_quiet, NULL, "no progress output", 0, 0, NULL},
        {0},
    };
    const cli_spec spec = {
        "scaleahead-train", "[options] --data FILE",
        "Trains an LSTM predictor (or an ensemble, or a grid search) on a metrics CSV\n"
        "with a chronological train/validation/test split, the scaler fitted on the\n"
        "training part only, early stopping on validation loss, and writes one HDF5\n"
        "model file. Ctrl-C stops after the current batch and saves the best weights\n"
        "(under mpirun: kill -USR1 the mpirun process).",
        "  scaleahead-train --data data/multi_metric_data.csv -o models/attention.h5\n"
        "  scaleahead-train --data cpu.csv --target value --arch optimized --epochs 20\n"
        "  scaleahead-train --data data/multi_metric_data.csv --ensemble -o models/ensemble.h5\n"
        "  scaleahead-train --data data/multi_metric_data.csv --grid --grid-limit 6 -o models/grid.h5\n"
        "  scaleahead-train --resume models/attention.h5 -o models/attention.h5   # after Ctrl-C\n"
        "  mpirun -np 4 bin-mpi/scaleahead-train --data data/multi_metric_data.csv --grid -o models/grid.h5\n",
        options, 0, 1};
    int first;
    int rc = cli_parse(&spec, argc, argv, &first);
    if (rc >= 0)
        return rc;
    if (first < argc && data)
        return cli_error(CLI_EXIT_USAGE, "two data files (--data %s and %s): give one",
                         data, argv[first]);
    if (first < argc)
        data = argv[first];
    if (!data && !resume)
        return cli_error(CLI_EXIT_USAGE, "no data: give --data FILE (see scaleahead-train --help)");
    if (resume && (data || ensemble || grid || data_parallel))
        return cli_error(CLI_EXIT_USAGE, "--resume continues a run with its own data and "
                                         "settings; give only -o, --threads and --calendar");
    if (ensemble + grid > 1)
        return cli_error(CLI_EXIT_USAGE, "--ensemble and --grid exclude each other");
    if ((members || weighted) && !ensemble)
        return cli_error(CLI_EXIT_USAGE, "--members and --weighted need --ensemble");
    if (data_parallel && (ensemble || grid))
        return cli_error(CLI_EXIT_USAGE, "--data-parallel trains one model; an ensemble or grid "
                                         "deals its jobs to the MPI ranks without it");
    if (mpi_comm_size() > 1 && !ensemble && !grid && !data_parallel)
        return cli_error(CLI_EXIT_USAGE, "one model on %d MPI ranks needs --data-parallel",
                         mpi_comm_size());
    if (mpi_comm_rank() != 0)
        msg_quiet = 1; /* rank 0 speaks for the job */

    trainrun_options o;
    sa_error e;
    if (trainrun_defaults(&o, ensemble ? "ensemble" : grid ? "grid" : arch, &e))
        return cli_error(CLI_EXIT_USAGE, "%s (see scaleahead-train --help)", e.msg);
    model_config *c = &o.base;
    if (hidden) c->net.hidden = hidden;
    if (layers) c->net.layers = layers;
    if (head >= 0) c->net.head = head;
    if (attention >= 0) c->net.attention = attention;
    if (dropout >= 0) c->net.dropout = dropout;
    if (lr > 0) c->lr = lr;
    if (strcmp(schedule, "plateau") && strcmp(schedule, "cosine"))
        return cli_error(CLI_EXIT_USAGE, "--schedule %s: want plateau or cosine", schedule);
    snprintf(c->schedule, sizeof c->schedule, "%s", schedule);
    if (batch) c->batch = batch;
    if (seq_len) c->seq_len = seq_len;
    c->epochs = epochs;
    c->horizon = horizon;
    c->seed = seed;
    snprintf(c->target, sizeof c->target, "%s", target);
    if (sscanf(split, "%lf,%lf", &c->split[0], &c->split[1]) != 2 || c->split[0] <= 0 ||
        c->split[1] < 0 || c->split[0] + c->split[1] > 1 ||
        (c->split[1] > 0 && c->split[0] + c->split[1] >= 1))
        return cli_error(CLI_EXIT_USAGE,
                         "--split %s: want TRAIN,VAL fractions with TRAIN+VAL < 1, e.g. 0.7,0.15",
                         split);
    c->split[1] += c->split[0];
    if (features && trainrun_parse_features(&o, features, &e))
        return cli_error(CLI_EXIT_USAGE, "--features: %s", e.msg);
    if (members && trainrun_parse_members(&o, members, &e))
        return cli_error(CLI_EXIT_USAGE, "--members: %s", e.msg);
    o.weighted = weighted;
    o.grid_limit = grid_limit;
    o.threads = threads;
    o.patience = patience;
    o.data_path = data;
    o.calendar = calendar;
    o.fill = fill;
    series_input how;
    if (series_input_set(&how, input_flags.columns.items, (size_t)input_flags.columns.n,
                         input_flags.time_column, input_flags.delimiter, input_flags.snap, &e))
        return cli_error(CLI_EXIT_USAGE, "%s", e.msg);
    o.input = &how;
    o.stop = &stop_requested;
    o.data_parallel = data_parallel;
    if (resume && trainrun_resume(&o, resume, &e))
        return cli_error(CLI_EXIT_DATA, "%s", e.msg);

    outfile_install_cleanup(0);
    signal(SIGINT, on_interrupt);
    signal(SIGTERM, on_interrupt); /* as Ctrl-C: stop after the batch, save */
    if (mpi_comm_size() > 1) /* mpirun kills the job on SIGINT but forwards SIGUSR1 */
        signal(SIGUSR1, on_interrupt);
    parallel_blas_single();

    model_file m;
    trainrun_result res;
    rc = trainrun(&m, &o, &res, &e);
    trainrun_options_free(&o);
    if (rc) {
        cli_error(CLI_EXIT_DATA, "%s", e.msg);
        mpi_comm_abort(CLI_EXIT_DATA); /* other ranks may wait for this one */
        return CLI_EXIT_DATA;
    }
    if (mpi_comm_rank() != 0)
        return CLI_EXIT_OK;
    if (strcmp(output, "-") && model_save(&m, output, &e)) {
        model_free(&m);
        return cli_error(CLI_EXIT_DATA, "%s", e.msg);
    }
    report_training(stdout, &m, &res, output);
    model_free(&m);
    return CLI_EXIT_OK;
}

int main(int argc, char **argv)
{
    if (mpi_comm_init(&argc, &argv))
        return cli_error(CLI_EXIT_DATA, "MPI could not start (or lacks funneled threads)");
    int rc = train_main(argc, argv);
    mpi_comm_finalize();
    return rc;
}
