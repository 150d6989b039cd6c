/* blend_fit.c — see blend_fit.h. Sizes: P parts, N windows, S steps. */
#include "train/blend_fit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/predictor.h"
#include "train/calibrate.h"

const double blend_fit_grid[9] = {0.5, 0.1, 0.2, 0.3, 0.4, 0.6, 0.7, 0.8, 0.9};

/* The actuals of windows [first, first + n) of p, every step: (n, S). */
static void actuals(const prepared *p, size_t first, size_t n, size_t h, size_t S, double *out)
{
    size_t F = p->d.fm.n_feat;
    for (size_t k = 0; k < n; k++)
        for (size_t j = 0; j < S; j++)
            out[k * S + j] = p->d.fm.x[(p->w.end[first + k] + window_step_ahead(h, S, j)) * F];
}

/* MAE of sum_i w_i each_i / sum w (each (P, NS)) against actual (NS). */
static double weighted_mae(const double *each, const double *w, size_t P, const double *actual,
                           size_t NS)
{
    double sum_w = 0, err = 0;
    for (size_t i = 0; i < P; i++)
        sum_w += w[i];
    for (size_t k = 0; k < NS; k++) {
        double f = 0;
        for (size_t i = 0; i < P; i++)
            f += w[i] / sum_w * each[i * NS + k];
        err += fabs(f - actual[k]);
    }
    return NS ? err / (double)NS : INFINITY;
}

/* Chooses f's weights on p's validation windows (blend_fit.h) into r. */
static int choose_weights(predictor *f, const prepared *p, const blend_fit_options *o,
                          blend_fit_result *r, sa_error *e)
{
    size_t P = f->model.n_parts, S = predictor_steps(f), n = p->w.n_val;
    size_t first = window_val_start(&p->w), NS = n * S;
    double *each = malloc((P * NS + 1) * sizeof *each), *actual = malloc((NS + 1) * sizeof *actual);
    int rc = each && actual ? 0 : sa_fail(e, "out of memory");
    if (rc == 0)
        rc = predictor_blend_parts(f, p, p->w.end + first, n, o->threads, each, e);
    if (rc == 0)
        actuals(p, first, n, (size_t)f->model.members[0].config.horizon, S, actual);
    double *w = f->model.part_weight;
    r->val_mae = rc ? INFINITY : weighted_mae(each, w, P, actual, NS);
    for (size_t i = 0; rc == 0 && i < P && i < BLEND_FIT_MAX_PARTS; i++)
        r->part_val_mae[i] = weighted_mae(each + i * NS, (const double[]){1}, 1, actual, NS);
    for (size_t g = 0; rc == 0 && P == 2 && o->grid && g < o->n_grid; g++) {
        double try[2] = {o->grid[g], 1 - o->grid[g]};
        double mae = weighted_mae(each, try, 2, actual, NS);
        if (g == 0 || mae < r->val_mae) {
            r->val_mae = mae;
            w[0] = try[0];
            w[1] = try[1];
        }
    }
    double sum = 0;
    for (size_t i = 0; i < P; i++)
        sum += w[i];
    r->weight = w[0] / sum;
    free(each);
    free(actual);
    return rc;
}

/* The blend's MAE and persistence's on p's test windows, every step. */
static int measure_test(const predictor *f, const prepared *p, int threads,
                        blend_fit_result *r, sa_error *e)
{
    size_t S = predictor_steps(f), n = p->w.n_test, first = window_test_start(&p->w);
    size_t NS = n * S, F = p->d.fm.n_feat;
    r->test_mae = r->persistence_mae = NAN;
    if (n == 0)
        return 0;
    double *pred = malloc(NS * sizeof *pred), *actual = malloc(NS * sizeof *actual);
    int rc = pred && actual ? 0 : sa_fail(e, "out of memory");
    if (rc == 0)
        rc = predictor_forecast(f, p, p->w.end + first, n, threads, pred, NULL, NULL, e);
    double err = 0, err_p = 0;
    if (rc == 0)
        actuals(p, first, n, (size_t)f->model.members[0].config.horizon, S, actual);
    for (size_t k = 0; rc == 0 && k < NS; k++) {
        err += fabs(pred[k] - actual[k]);
        err_p += fabs(p->d.fm.x[p->w.end[first + k / S] * F] - actual[k]);
    }
    if (rc == 0) {
        r->test_mae = err / (double)NS;
        r->persistence_mae = err_p / (double)NS;
    }
    free(pred);
    free(actual);
    return rc;
}

int blend_fit(model_file *b, const blend_fit_options *o, blend_fit_result *r, sa_error *e)
{
    memset(r, 0, sizeof *r);
    predictor f = {0};
    prepared p;
    f.model = *b;
    memset(b, 0, sizeof *b);
    int rc = predictor_build(&f, e);
    if (rc == 0 && (rc = train_prepare_own(&p, &f, o->path, o->calendar, o->fill, o->input, e)) == 0) {
        rc = choose_weights(&f, &p, o, r, e);
        if (rc == 0)
            rc = train_calibrate(&f, &p, o->threads, e);
        if (rc == 0)
            rc = measure_test(&f, &p, o->threads, r, e);
        prepared_free(&p);
    }
    if (rc == 0) {
        model_set_metric(&f.model, "val_mae", r->val_mae);
        model_set_metric(&f.model, "test_mae", r->test_mae);
        model_set_metric(&f.model, "test_persistence_mae", r->persistence_mae);
    }
    *b = f.model;
    memset(&f.model, 0, sizeof f.model);
    predictor_free(&f);
    if (rc)
        model_free(b);
    return rc;
}
