/* calibrate.c — see calibrate.h. */
#include "train/calibrate.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int train_calibrate(predictor *f, const prepared *p, int threads, sa_error *e)
{
    const window_set *w = &p->w;
    size_t n = w->n_val, first = window_val_start(w), F = p->d.fm.n_feat;
    size_t S = predictor_steps(f), h = (size_t)f->model.members[0].config.horizon;
    if (n == 0)
        return 0;
    double *actual = malloc(n * S * sizeof *actual), *pred = malloc(n * S * sizeof *pred);
    double *spread = malloc(n * S * sizeof *spread);
    int rc = -1;
    if (!actual || !pred || !spread) {
        sa_fail(e, "out of memory");
        goto done;
    }
    if (predictor_forecast(f, p, w->end + first, n, threads, pred, spread, NULL, e))
        goto done;
    for (size_t k = 0; k < n; k++)
        for (size_t j = 0; j < S; j++)
            actual[k * S + j] = p->d.fm.x[(w->end[first + k] + window_step_ahead(h, S, j)) * F];
    conformal_set_free(&f->model.calibration);
    if (conformal_calibrate_path(&f->model.calibration, actual, pred,
                                 predictor_has_spread(f) ? spread : NULL, n, S, e))
        goto done;
    model_set_metric(&f->model, "calibration_windows", (double)n);
    const conformal_set *cal = &f->model.calibration;
    double q90 = conformal_quantile(cal->scores, n, 0.9);
    if (isfinite(q90))
        model_set_metric(&f->model, "calibration_q90", q90);
    double q90_last = conformal_quantile(cal->scores + (S - 1) * n, n, 0.9);
    if (S > 1 && isfinite(q90_last))   /* a path: the last step's too */
        model_set_metric(&f->model, "calibration_q90_last_step", q90_last);
    rc = 0;
done:
    free(actual);
    free(pred);
    free(spread);
    return rc;
}

int train_prepare_own(prepared *p, const predictor *f, const char *path, const char *calendar,
                      int fill, const series_input *input, sa_error *e)
{
    const model_config *c = &f->model.members[0].config;
    dataset_options d = {path, c->target, c->feature_ids, (size_t)c->n_features, 1, calendar,
                         fill, 0, c->horizon, input, c->features_tz, 0, NULL, c->columns};
    model_data_basis(c, &d);
    if (prepare_for_model(p, &d, (size_t)c->seq_len, (size_t)c->horizon, &f->tf, e))
        return -1;
    int at_times = f->model.n_parts && c->split_time[1]; /* a blend: where its parts' end */
    int64_t test_start = c->split_time[2] ? c->split_time[2] : INT64_MAX; /* 0: no test part */
    if ((at_times ? window_split_at(&p->w, p->d.s.time, c->split_time[1], test_start, e)
                  : window_split(&p->w, c->split[0], c->split[1], e)) == 0)
        return 0;
    prepared_free(p);
    return -1;
}

int train_predictor_lend(predictor *f, prepared *p, model_file *m, const char *path,
                         const char *calendar, int fill, const series_input *input, sa_error *e)
{
    memset(f, 0, sizeof *f);
    f->model = *m;
    memset(m, 0, sizeof *m);
    if (predictor_build(f, e) == 0 && train_prepare_own(p, f, path, calendar, fill, input, e) == 0)
        return 0;
    *m = f->model;
    memset(&f->model, 0, sizeof f->model);
    predictor_free(f);
    return -1;
}

void train_predictor_return(predictor *f, prepared *p, model_file *m)
{
    prepared_free(p);
    *m = f->model;
    memset(&f->model, 0, sizeof f->model);
    predictor_free(f);
}
