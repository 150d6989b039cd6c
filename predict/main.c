/* scaleahead-predict — batch forecasts of a trained model for every window
 * of a metrics CSV (or only the last), as the predictions CSV of
 * DESIGN.md §3, with a scaling decision per forecast. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "model/predictor.h"
#include "base/outfile.h"
#include "base/parallel.h"
#include "data/prepare.h"

/* The decision of DESIGN.md §3 for a forecast. */
static const char *decide(double predicted, double up, double down)
{
    return predicted > up ? "scale_up" : predicted < down ? "scale_down" : "hold";
}

/* Observed target at row t + h of p, or NAN when beyond the data or across
 * a gap. */
static double actual_at(const prepared *p, size_t t, size_t h)
{
    if (t + h >= p->d.s.n_rows)
        return NAN;
    for (size_t r = t + 1; r <= t + h; r++)
        if (p->d.s.gap_before && p->d.s.gap_before[r])
            return NAN;
    return p->d.fm.x[(t + h) * p->d.fm.n_feat];
}

int main(int argc, char **argv)
{
    const char *model_path = NULL, *output = "-", *calendar = NULL;
    int last = 0, fill = 0, threads = cli_online_cpus();
    double up = 70, down = 35, z = 1.645;
    cli_option options[] = {
        {"model", 'm', CLI_STRING, &model_path, "FILE", "trained model (HDF5)", 0, 0, NULL},
        {"last", 0, CLI_FLAG, &last, NULL, "only the forecast after the last row", 0, 0, NULL},
        {"up", 0, CLI_DOUBLE, &up, "X", "scale_up when the forecast is above X", -1e9, 1e9, NULL},
        {"down", 0, CLI_DOUBLE, &down, "X", "scale_down when the forecast is below X", -1e9, 1e9, NULL},
        {"z", 0, CLI_DOUBLE, &z, "Z", "ensemble band: mean -/+ Z std", 0, 100, NULL},
        {"calendar", 0, CLI_STRING, &calendar, "FILE", "business calendar CSV", 0, 0, NULL},
        {"fill", 0, CLI_FLAG, &fill, NULL, "forward-fill gaps", 0, 0, NULL},
        {"threads", 0, CLI_INT, &threads, "N", "threads", 1, 1024, NULL},
        {"output", 'o', CLI_STRING, &output, "FILE", "predictions CSV", 0, 0, NULL},
        {"quiet", 'q', CLI_FLAG, &msg_quiet, NULL, "no notes on stderr", 0, 0, NULL},
        {0},
    };
    const cli_spec spec = {
        "scaleahead-predict", "--model FILE [options] [FILE|-]",
        "Forecasts the target of a trained model for every complete window of a\n"
        "metrics CSV (stdin by default), in input order, as\n"
        "timestamp,actual,predicted[,std,lower,upper],decision where timestamp is\n"
        "the time the forecast is for and actual is empty where not yet observed.",
        "  scaleahead-predict --model models/attention.h5 data/multi_metric_data.csv\n"
        "  scaleahead-predict --model models/attention.h5 --last recent.csv\n"
        "  scaleahead-datagen --days 3 | scaleahead-predict --model models/attention.h5 -\n",
        options, 0, 1};
    int first;
    int rc = cli_parse(&spec, argc, argv, &first);
    if (rc >= 0)
        return rc;
    if (!model_path)
        return cli_error(CLI_EXIT_USAGE, "no model: give --model FILE (see scaleahead-predict --help)");
    if (down > up)
        return cli_error(CLI_EXIT_USAGE, "--down %g is above --up %g", down, up);
    const char *input = first < argc ? argv[first] : "-";
    outfile_install_cleanup(1);
    parallel_blas_single();

    sa_error e;
    predictor f;
    if (predictor_load(&f, model_path, &e))
        return cli_error(CLI_EXIT_DATA, "%s", e.msg);
    const model_config *c = &f.model.members[0].config;
    size_t T = (size_t)c->seq_len, h = (size_t)c->horizon;
    prepared p;
    if (predictor_prepare(&f, input, calendar, fill, last ? T + FEAT_ROLLING_WINDOW - 1 : 0,
                           &p, &e)) {
        predictor_free(&f);
        return cli_error(CLI_EXIT_DATA, "%s", e.msg);
    }
    const window_set *w = &p.w;
    if (last && w->end[w->n - 1] != p.d.s.n_rows - 1) {
        cli_error(CLI_EXIT_DATA, "%s: the last %zu rows span a gap; no forecast after the last row",
                  p.d.s.source, T);
        prepared_free(&p);
        predictor_free(&f);
        return CLI_EXIT_DATA;
    }
    int ensemble = f.model.n_members > 1;
    predictor_result fr;
    outfile out = {0};
    rc = CLI_EXIT_DATA;
    if (predictor_run_all(&f, &p, last ? w->n - 1 : 0, threads, &fr, &e)) {
        cli_error(rc, "%s", e.msg);
        goto done;
    }
    size_t n = fr.n;
    const size_t *ends = fr.end;
    const double *mean = fr.mean, *std = fr.std;
    /* Inputs far outside the training range are extrapolation: say so. */
    size_t first_row = ends[0] + 1 - T, outside =
        transform_count_outside(&p.tf, p.d.fm.x, first_row, ends[n - 1] - first_row + 1, 0.1);
    if (outside)
        msg_note("warning: %s: %zu input values lie more than 10%% outside the training "
                 "range; forecasts there are extrapolation", p.d.s.source, outside);
    if (outfile_open(&out, output, &e)) {
        cli_error(rc, "%s", e.msg);
        goto done;
    }
    fprintf(out.fp, ensemble ? "timestamp,actual,predicted,std,lower,upper,decision\n"
                             : "timestamp,actual,predicted,decision\n");
    for (size_t k = 0; k < n; k++) {
        char when[24], actual[32] = "";
        time_format(fr.time[k], when);
        double a = actual_at(&p, ends[k], h);
        if (!isnan(a))
            snprintf(actual, sizeof actual, "%.4f", a);
        fprintf(out.fp, "%s,%s,%.4f", when, actual, mean[k]);
        if (ensemble)
            fprintf(out.fp, ",%.4f,%.4f,%.4f", std[k], mean[k] - z * std[k], mean[k] + z * std[k]);
        fprintf(out.fp, ",%s\n", decide(mean[k], up, down));
    }
    if (outfile_commit(&out, &e)) {
        cli_error(rc, "%s", e.msg);
        goto done;
    }
    rc = CLI_EXIT_OK;
done:
    outfile_abort(&out);
    predictor_result_free(&fr);
    prepared_free(&p);
    predictor_free(&f);
    return rc;
}
