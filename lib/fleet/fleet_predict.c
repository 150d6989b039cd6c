/* fleet_predict.c — see fleet_predict.h. Each thread forecasts its series
 * into a text buffer of its own (open_memstream); the buffers are written
 * out in name order once all are done. */
#include "fleet/fleet_predict.h"

#include <math.h>
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
    int sized;                 /* its rows end with an instances column */
    size_t steps;              /* its model's steps: > 1, rows of a path (origin, step) */
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

/* How the forecasts r of one series size the fleet with its model f (its
 * basis, the flags in o->format, the data's instances column): fmt's
 * sizing and fleet (*fleet owns it). Returns 0, or -1 with e set when the
 * flags ask for a size this model cannot give. */
static int series_sizing(const predictor *f, const prepared *p, const predictor_result *r,
                         const fleet_predict_options *o, predictions_format *fmt, double **fleet,
                         sa_error *e)
{
    const model_config *c = &f->model.members[0].config;
    const char *basis = model_sizing_basis(c);
    int column = p->d.instances_seen[0] != 0;
    if (fmt->capacity > 0 && basis[0])
        return sa_fail(e, "%s: --capacity-per-instance sizes by a rate; its model forecasts %s",
                       p->d.s.source, basis);
    if (fmt->capacity <= 0 && !basis[0] &&
        (fmt->instances || o->kind == PREDICTIONS_DECISION || fmt->min || fmt->max))
        return sa_fail(e, "%s: its model forecasts %s, not a CPU %%: give "
                          "--capacity-per-instance R to size by it", p->d.s.source, c->target);
    fmt->sizing = predictions_sizing_for(basis, fmt->instances, column, fmt->capacity);
    if (o->kind == PREDICTIONS_DECISION && (fmt->sizing == SIZING_NONE ||
                                            (!fmt->instances && !column)))
        return sa_fail(e, "%s: --format decision prints ACTION COUNT, which needs the current "
                          "fleet (--instances N, or data with an instances column)",
                       p->d.s.source);
    *fleet = predictions_fleet(&p->d.s, p->d.instances_seen, r->end, r->n);
    fmt->fleet = *fleet;
    return 0;
}

/* An interval of NaN (written empty) for every forecast of r. */
static int no_interval(predictor_result *r)
{
    r->lower = malloc((r->n ? r->n : 1) * sizeof *r->lower);
    r->upper = malloc((r->n ? r->n : 1) * sizeof *r->upper);
    if (!r->lower || !r->upper)
        return -1;
    for (size_t k = 0; k < r->n; k++)
        r->lower[k] = r->upper[k] = NAN;
    return 0;
}

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
    fmt.with_std = 0;       /* one column set for the whole fleet: no spread, */
    fmt.with_interval = 1;  /* an interval (empty where a model has none) */
    if (rc == 0 && f->model.calibration.n)
        rc = predictor_intervals(f, &p, &r, o->coverage, o->gamma, "--coverage", e);
    else if (rc == 0)
        rc = predictor_actuals(f, &p, &r, e) < 0 || no_interval(&r) ? sa_fail(e, "out of memory")
                                                                    : 0;
    double *fleet = NULL;
    if (rc == 0)
        rc = series_sizing(f, &p, &r, o, &fmt, &fleet, e);
    if (rc == 0 && predictions_write_as(fp, &r, &fmt, o->kind))
        rc = sa_fail(e, "out of memory");
    t->sized = fmt.sizing != SIZING_NONE;
    t->steps = r.steps;
    free(fleet);
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

/* The CSV header of the fleet: one column set for every series (models
 * of different kinds differ in what they could add: no std column; the
 * interval is empty where a model has none; instances where any series
 * was sized, empty for the others: write_rows). */
static void write_header(FILE *fp, const predict_job *j, int sized, size_t steps)
{
    if (j->o->kind == PREDICTIONS_CSV)
        fprintf(fp, "series,timestamp%s,actual,predicted,lower,upper,decision%s\n",
                steps > 1 ? ",origin,step" : "", sized ? ",instances" : "");
}

/* The rows of a path model have origin and step columns: one CSV holds one
 * kind. The series whose model forecasts another number of steps than the
 * first series forecast (in name order) are left out, with the reason.
 * Returns that number. */
static size_t one_path_length(predict_job *j)
{
    size_t steps = 0;
    for (size_t i = 0; i < j->l->n; i++) {
        series_text *t = &j->out[i];
        if (t->why[0])
            continue;
        if (!steps)
            steps = t->steps;
        else if (t->steps != steps)
            snprintf(t->why, sizeof t->why, "its model forecasts %zu step%s, the fleet's "
                     "first %zu: one output holds one kind (train the fleet with one --steps)",
                     t->steps, t->steps == 1 ? "" : "s", steps);
    }
    return steps;
}

/* The rows of t, each with an empty instances field added when the
 * header has the column and t's model sized nothing. */
static void write_rows(FILE *fp, const series_text *t, int pad)
{
    if (!pad) {
        fwrite(t->text, 1, t->len, fp);
        return;
    }
    for (size_t i = 0; i < t->len; i++) {
        if (t->text[i] == '\n')
            fputc(',', fp);
        fputc(t->text[i], fp);
    }
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
    size_t steps = one_path_length(&j);
    int sized = 0;
    for (size_t i = 0; i < l->n; i++)
        sized |= !j.out[i].why[0] && j.out[i].sized;
    write_header(fp, &j, sized, steps);
    *n_failed = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (j.out[i].why[0]) {
            fleet_say("%s: left out: %s", l->series[i].name, j.out[i].why);
            ++*n_failed;
        } else
            write_rows(fp, &j.out[i], sized && !j.out[i].sized && o->kind == PREDICTIONS_CSV);
        free(j.out[i].text);
    }
    free(j.out);
    free(order);
    return ferror(fp) ? sa_fail(e, "write error") : 0;
}
