/* fleet_predict.c — see fleet_predict.h. Each thread forecasts its series
 * into a text buffer of its own (open_memstream); the buffers are written
 * out in name order once all are done. */
#include "fleet/fleet_predict.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/message.h"
#include "base/parallel.h"
#include "fleet/fleet_files.h"
#include "model/predictor.h"

typedef struct series_text {
    char *text;                /* the rows (malloc'ed by open_memstream) */
    size_t len;
    int with_interval, with_std;
    char why[SA_ERROR_LEN];    /* why it was left out; "" when forecast */
} series_text;

typedef struct predict_job {
    const fleet_list *l;
    const fleet_predict_options *o;
    const size_t *order;       /* (N) largest first */
    size_t next;               /* the next of order to take */
    pthread_mutex_t mu;
    series_text *out;          /* (N) by name */
} predict_job;

/* Forecasts, intervals and rows of one series with its loaded model f. */
static int forecast_series(const predictor *f, const fleet_series *s,
                           const fleet_predict_options *o, series_text *t, FILE *fp, sa_error *e)
{
    prepared p;
    if (predictor_prepare(f, s->path, o->input, o->calendar, o->fill,
                          o->last ? predictor_history_rows(f) : 0, &p, e))
        return -1;
    const window_set *w = &p.w;
    predictor_result r = {0};
    int rc = 0;
    if (o->last && w->end[w->n - 1] != p.d.s.n_rows - 1)
        rc = sa_fail(e, "%s: the last rows span a gap; no forecast after the last row",
                     p.d.s.source);
    if (rc == 0)
        rc = predictor_run_all(f, &p, o->last ? w->n - 1 : 0, 1, &r, e);
    predictions_format fmt = o->format;
    fmt.series = s->name;
    fmt.no_header = 1;
    fmt.with_std = f->model.n_members > 1;
    fmt.with_interval = f->model.calibration.n > 0;
    if (rc == 0)
        rc = fmt.with_interval ? predictor_intervals(f, &p, &r, o->coverage, o->gamma,
                                                     "--coverage", e)
                               : predictor_actuals(f, &p, &r, e) < 0 ? -1 : 0;
    if (rc == 0 && predictions_write_as(fp, &r, &fmt, o->kind))
        rc = sa_fail(e, "out of memory");
    t->with_interval = fmt.with_interval;
    t->with_std = fmt.with_std;
    predictor_result_free(&r);
    prepared_free(&p);
    return rc;
}

static void predict_one(predict_job *j, size_t i)
{
    const fleet_series *s = &j->l->series[i];
    series_text *t = &j->out[i];
    sa_error e;
    predictor f;
    char *path = fleet_model_path(j->o->outdir, s->name);
    FILE *fp = open_memstream(&t->text, &t->len);
    int rc = !path || !fp ? sa_fail(&e, "out of memory") : 0;
    if (rc == 0) {
        fleet_io_lock(); /* HDF5's high-level calls are not thread-safe */
        rc = predictor_load(&f, path, &e);
        fleet_io_unlock();
    }
    if (rc == 0) {
        rc = forecast_series(&f, s, j->o, t, fp, &e);
        predictor_free(&f);
    }
    if (fp)
        fclose(fp);
    if (rc)
        snprintf(t->why, sizeof t->why, "%s", e.msg);
    free(path);
}

static void predict_worker(void *ctx, int worker, int n_workers)
{
    predict_job *j = ctx;
    for (;;) {
        pthread_mutex_lock(&j->mu);
        size_t k = j->next < j->l->n ? j->next++ : j->l->n;
        pthread_mutex_unlock(&j->mu);
        if (k == j->l->n)
            return;
        predict_one(j, j->order[k]);
    }
}

/* The CSV header of the fleet: the columns of the first series forecast
 * (every model of a fleet trained alike has the same). */
static void write_header(FILE *fp, const predict_job *j)
{
    const series_text *first = NULL;
    for (size_t i = 0; i < j->l->n && !first; i++)
        if (!j->out[i].why[0])
            first = &j->out[i];
    if (!first || j->o->kind != PREDICTIONS_CSV)
        return;
    fprintf(fp, "series,timestamp,actual,predicted%s%s,decision%s\n",
            first->with_std ? ",std" : "", first->with_interval ? ",lower,upper" : "",
            j->o->format.instances > 0 ? ",instances" : "");
}

int fleet_predict(const fleet_list *l, const fleet_predict_options *o, FILE *fp,
                  size_t *n_failed, sa_error *e)
{
    predict_job j = {l, o, NULL, 0, PTHREAD_MUTEX_INITIALIZER, NULL};
    size_t *order = malloc((l->n ? l->n : 1) * sizeof *order);
    j.out = calloc(l->n ? l->n : 1, sizeof *j.out);
    if (!order || !j.out || fleet_list_order(l, order)) {
        free(order);
        free(j.out);
        return sa_fail(e, "out of memory");
    }
    j.order = order;
    int threads = o->threads < (int)l->n ? o->threads : (int)l->n;
    parallel_run(threads > 0 ? threads : 1, predict_worker, &j);
    write_header(fp, &j);
    *n_failed = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (j.out[i].why[0]) {
            fleet_say("%s: left out: %s", l->series[i].name, j.out[i].why);
            ++*n_failed;
        } else
            fwrite(j.out[i].text, 1, j.out[i].len, fp);
        free(j.out[i].text);
    }
    free(j.out);
    free(order);
    return ferror(fp) ? sa_fail(e, "write error") : 0;
}
