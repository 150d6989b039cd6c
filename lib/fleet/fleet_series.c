/* fleet_series.c — see fleet_series.h. */
#include "fleet/fleet_series.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/progress.h"
#include "features/prepare.h"
#include "model/predictor.h"
#include "train/auto.h"
#include "train/calibrate.h"
#include "fleet/fleet_global.h"

/* The rows of the series into row, and the fraction of the test part's
 * actuals inside m's conformal interval at 90 % (NaN without calibration
 * or test windows). m is lent and handed back. Returns 0, or -1 with e
 * set. */
static int measure_data(model_file *m, const trainrun_options *o, fleet_row *row, sa_error *e)
{
    row->coverage = NAN;
    predictor f;
    prepared p;
    if (train_predictor_lend(&f, &p, m, o->data_path, o->calendar, o->fill, o->input, e))
        return -1;
    predictor_result r = {0};
    size_t first = window_test_start(&p.w);
    int rc = 0;
    row->rows = (long)p.d.s.n_rows;
    if (first < p.w.n && f.model.calibration.n &&
        (predictor_run_all(&f, &p, first, 1, &r, e) ||
         predictor_intervals(&f, &p, &r, 0.9, 0, "coverage", e)))
        rc = -1;
    size_t inside = 0, known = 0;
    for (size_t k = 0; rc == 0 && k < r.n * r.steps; k++)   /* every step of a path */
        if (isfinite(r.actual[k])) {
            known++;
            inside += r.lower[k] <= r.actual[k] && r.actual[k] <= r.upper[k];
        }
    if (known)
        row->coverage = (double)inside / (double)known;
    predictor_result_free(&r);
    train_predictor_return(&f, &p, m);
    return rc;
}

static double metric(const model_file *m, const char *name)
{
    for (size_t i = 0; i < m->n_metrics; i++)
        if (!strcmp(m->metrics[i].name, name))
            return m->metrics[i].value;
    return NAN;
}

/* The row of a trained model m (res from its run). */
static void fill_row(fleet_row *row, const model_file *m, const trainrun_result *res)
{
    snprintf(row->model, sizeof row->model, "%s",
             m->auto_choice[0] ? m->auto_choice : m->members[0].config.arch);
    row->val_mae = metric(m, "val_mae");
    row->test_mae = res->test_mae;
    row->persistence_mae = res->persistence_mae;
    row->skill = res->persistence_mae > 0 ? 1 - res->test_mae / res->persistence_mae : NAN;
    row->status = FLEET_OK;
}

/* The global model's candidates (fleet_global_offer): where one has a
 * lower validation MAE than the series' own choice, it replaces m (and the
 * row's choice). */
static int offer_global(model_file *m, fleet_row *row, const fleet_series *s,
                        const fleet_options *o, sa_error *e)
{
    if (row->val_mae == 0)
        return 0; /* exact on the validation part: nothing can beat it, try nothing */
    model_file g;
    fleet_global_choice c;
    int kept = fleet_global_offer(&g, m, row->model, o->global_model, s, o, row->val_mae, &c, e);
    if (kept <= 0)
        return kept;
    snprintf(g.auto_choice, sizeof g.auto_choice, "%s", c.name);
    if (m->auto_csv && asprintf(&g.auto_csv, "%s0,%s,%s,%.6g,,0,0,the fleet's global "
                                "model: kept\n", m->auto_csv, c.name,
                                g.n_parts ? "blend" : "network", c.val_mae) < 0)
        g.auto_csv = NULL;
    model_free(m);
    *m = g;
    snprintf(row->model, sizeof row->model, "%s", c.name);
    row->val_mae = c.val_mae;
    row->test_mae = c.test_mae;
    row->persistence_mae = c.persistence_mae;
    row->skill = c.persistence_mae > 0 ? 1 - c.test_mae / c.persistence_mae : NAN;
    return 0;
}

static void fail_row(fleet_row *row, const char *why)
{
    row->status = FLEET_FAILED;
    snprintf(row->message, sizeof row->message, "%.*s", FLEET_MAX_MESSAGE - 1, why);
}

void fleet_series_train(const fleet_series *s, const fleet_options *o, fleet_row *row)
{
    double start = progress_now();
    fleet_row_pending(row, s->name);
    trainrun_options c = o->series;
    c.data_path = s->path;
    c.threads = 1;
    c.stop = o->stop;
    c.local = 1; /* under MPI, this rank's series: no other rank takes part */
    model_file m;
    trainrun_result res;
    sa_error e;
    int rc = strcmp(c.kind, "auto") ? trainrun(&m, &c, &res, &e) : trainrun_auto(&m, &c, &res, &e);
    if (o->stop && *o->stop) { /* abandoned: the row stays pending, nothing written */
        if (rc == 0)
            model_free(&m);
        return;
    }
    if (rc) {
        fail_row(row, e.msg);
        row->seconds = progress_now() - start;
        return;
    }
    fill_row(row, &m, &res);
    if (o->global_model && offer_global(&m, row, s, o, &e)) {
        fail_row(row, e.msg);
        model_free(&m);
        row->seconds = progress_now() - start;
        return;
    }
    char *path = fleet_model_path(o->outdir, s->name);
    if (measure_data(&m, &c, row, &e))
        fail_row(row, e.msg);
    else if (!path)
        fail_row(row, "out of memory");
    else {
        fleet_io_lock();
        rc = model_save(&m, path, &e);
        fleet_io_unlock();
        if (rc)
            fail_row(row, e.msg);
    }
    free(path);
    model_free(&m);
    row->seconds = progress_now() - start;
}

int fleet_series_finished(const fleet_series *s, const char *outdir, const fleet_row *row)
{
    if (row->status != FLEET_OK)
        return 0;
    char *path = fleet_model_path(outdir, s->name), hash[17];
    model_file m;
    sa_error e;
    int loaded = path && model_load(&m, path, &e) == 0;
    int same = loaded && model_hash_file(s->path, hash, &e) == 0 &&
               !strcmp(hash, m.members[0].config.data_hash);
    if (loaded)
        model_free(&m);
    free(path);
    return same;
}
