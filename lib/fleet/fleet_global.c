/* fleet_global.c — see fleet_global.h. */
#include "fleet/fleet_global.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/array.h"
#include "base/mpi_comm.h"
#include "features/prepare.h"
#include "fleet/fleet_files.h"
#include "model/predictor.h"
#include "model/preset.h"
#include "nn/loss.h"
#include "model/blend.h"
#include "train/auto.h"
#include "train/blend_fit.h"
#include "train/calibrate.h"
#include "train/job.h"

/* The global network's settings: the robust preset's network, window-
 * scaled, on the global features, with the fleet's data settings. */
static int global_config(model_config *c, const trainrun_options *so, const char *source,
                         sa_error *e)
{
    trainrun_options t;
    if (trainrun_defaults(&t, "robust", e) || trainrun_parse_features(&t, FLEET_GLOBAL_FEATURES, e))
        return -1;
    *c = t.base;
    snprintf(c->arch, sizeof c->arch, "global");
    c->window_scale = 1;
    c->seq_len = preset_auto_seq_len();
    c->horizon = so->base.horizon;
    c->net.steps = so->base.net.steps; /* a fleet of paths (--steps S): a path of S */
    c->split[0] = so->base.split[0];
    c->split[1] = so->base.split[1];
    c->seed = so->base.seed;
    c->epochs = so->base.epochs < FLEET_GLOBAL_EPOCHS ? so->base.epochs : FLEET_GLOBAL_EPOCHS;
    c->lr = 2e-3;
    c->log1p = TRANSFORM_LOG1P_OFF;
    snprintf(c->schedule, sizeof c->schedule, "cosine");
    snprintf(c->target, sizeof c->target, "%s", so->base.target);
    snprintf(c->features_tz, sizeof c->features_tz, "%s", so->base.features_tz);
    snprintf(c->data_file, sizeof c->data_file, "%s", source);
    return 0;
}

/* The target and the columns in its units read raw: centre 0, scale 1,
 * no log1p (the network scales each window itself). */
static void raw_target_units(transform *t)
{
    for (size_t f = 0; f < t->n_feat; f++)
        if (t->role[f] == TRANSFORM_RELATIVE) {
            t->center[f] = 0;
            t->scale[f] = 1;
            t->log1p[f] = 0;
        }
}

/* Everything the global model trains on: the series' transformed rows one
 * after another, and their windows by part (ends offset into X). */
typedef struct pool {
    float *x;                   /* (R, F) */
    size_t rows, cap, F;
    size_t *part[3], n[3], part_cap[3];   /* train, val, test window ends */
    transform tf;               /* the raw transform (the same for every series) */
    int64_t step;
    size_t series;              /* series that joined */
} pool;

static int push_end(pool *q, int part, size_t end)
{
    if (q->n[part] == q->part_cap[part] &&
        array_resize(&q->part[part], q->part_cap[part] = q->part_cap[part] * 2 + 1024,
                     sizeof *q->part[part]))
        return -1;
    q->part[part][q->n[part]++] = end;
    return 0;
}

/* Adds one prepared series to q: its rows, and its windows (every stride-th
 * training window). */
static int pool_add(pool *q, const prepared *p, size_t stride, sa_error *e)
{
    size_t R = p->d.fm.n_rows, F = p->d.fm.n_feat;
    if (q->rows + R > q->cap && array_resize(&q->x, (q->cap = 2 * (q->rows + R)) * F,
                                             sizeof *q->x))
        return sa_fail(e, "out of memory");
    memcpy(q->x + q->rows * F, p->scaled, R * F * sizeof *q->x);
    const window_set *w = &p->w;
    for (size_t k = 0; k < w->n; k++) {
        int part = k < w->n_train ? 0 : k < w->n_train + w->n_val ? 1 : 2;
        if ((part == 0 && k % stride) || (part == 1 && k % ((stride + 1) / 2)))
            continue;
        if (push_end(q, part, q->rows + w->end[k]))
            return sa_fail(e, "out of memory");
    }
    q->rows += R;
    q->series++;
    return 0;
}

/* Reads series s for the global model c into p (raw target units). */
static int load_series(prepared *p, const fleet_series *s, const model_config *c,
                       const trainrun_options *so, sa_error *e)
{
    dataset_options d = {s->path, c->target, c->feature_ids, (size_t)c->n_features, 1,
                         so->calendar, so->fill, 0, c->horizon, so->input, c->features_tz,
                         DATASET_DEMAND_OFF, NULL, c->columns}; /* one target for every series: as read */
    if (prepare_for_training(p, &d, (size_t)c->seq_len, (size_t)c->horizon, c->split, 1,
                             TRANSFORM_LOG1P_OFF, e))
        return -1;
    raw_target_units(&p->tf);
    transform_apply(&p->tf, p->d.fm.x, p->d.fm.n_rows, p->scaled);
    return 0;
}

/* Every usable series of l into q; stride thins the training windows. */
static int fill_pool(pool *q, const fleet_list *l, const model_config *c,
                     const trainrun_options *so, sa_error *e)
{
    size_t every = (l->n + FLEET_GLOBAL_SERIES - 1) / FLEET_GLOBAL_SERIES, total = 0;
    for (size_t i = 0; i < l->n; i += every) /* a first guess of the windows: rows by size */
        total += (size_t)(l->series[i].bytes / 40);
    size_t stride = total > FLEET_GLOBAL_WINDOWS ? (total + FLEET_GLOBAL_WINDOWS - 1) /
                                                       FLEET_GLOBAL_WINDOWS : 1;
    for (size_t i = 0; i < l->n; i += every) {
        prepared p;
        sa_error skip;
        if (load_series(&p, &l->series[i], c, so, &skip))
            continue; /* its own row says why */
        int rc = 0;
        if (q->series == 0) {
            q->F = p.d.fm.n_feat;
            q->step = p.d.s.step;
            rc = transform_copy(&q->tf, &p.tf, e);
        }
        if (rc == 0 && p.d.s.step == q->step && p.d.fm.n_feat == q->F)
            rc = pool_add(q, &p, stride, e);
        prepared_free(&p);
        if (rc)
            return -1;
    }
    if (q->series == 0 || q->n[0] == 0 || q->n[1] == 0)
        return sa_fail(e, "global model: no series could be read with enough rows for it");
    return 0;
}

static void pool_free(pool *q)
{
    FREE_ALL(q->x, q->part[0], q->part[1], q->part[2]);
    transform_free(&q->tf);
}

/* The windows of q as one split set (ends owned by the caller). */
static int pool_windows(window_set *w, const pool *q, const model_config *c, sa_error *e)
{
    memset(w, 0, sizeof *w);
    w->seq_len = (size_t)c->seq_len;
    w->horizon = (size_t)c->horizon;
    w->n = q->n[0] + q->n[1] + q->n[2];
    if (!(w->end = malloc(w->n * sizeof *w->end)))
        return sa_fail(e, "out of memory");
    size_t at = 0;
    for (int part = 0; part < 3; part++) {
        memcpy(w->end + at, q->part[part], q->n[part] * sizeof *w->end);
        at += q->n[part];
    }
    w->n_train = q->n[0];
    w->n_val = q->n[1];
    w->n_test = q->n[2];
    return 0;
}

/* m: the trained member as a model file with q's transform, calibrated on
 * the pooled validation windows. */
static int assemble(model_file *m, model_member *member, const pool *q, const window_set *w,
                    int threads, sa_error *e)
{
    memset(m, 0, sizeof *m);
    snprintf(m->kind, sizeof m->kind, "lstm");
    m->n_features = q->F;
    m->members = calloc(1, sizeof *m->members);
    if (!m->members || transform_copy(&m->tf, &q->tf, e))
        return m->members ? -1 : sa_fail(e, "out of memory");
    m->members[0] = *member;
    memset(member, 0, sizeof *member);
    m->members[0].weight = 1;
    m->n_members = 1;
    model_set_metric(m, "val_l1", job_best_val_loss(&m->members[0]));
    model_set_metric(m, "series", (double)q->series);
    predictor f = {0};
    f.model = *m;
    memset(m, 0, sizeof *m);
    size_t n = w->n_val, first = window_val_start(w), F = q->F;
    size_t S = (size_t)net_steps(&f.model.members[0].config.net), NS = n * S;
    double *actual = malloc(NS * sizeof *actual), *pred = malloc(NS * sizeof *pred);
    double *spread = malloc(NS * sizeof *spread);
    int rc = !actual || !pred || !spread ? sa_fail(e, "out of memory") : predictor_build(&f, e);
    if (rc == 0)
        rc = predictor_run(&f, q->x, w->end + first, n, threads, pred, spread, NULL, e);
    for (size_t k = 0; rc == 0 && k < NS; k++) /* every step of a path */
        actual[k] = q->x[(w->end[first + k / S] + window_step_ahead(w->horizon, S, k % S)) * F];
    if (rc == 0)
        rc = conformal_calibrate_path(&f.model.calibration, actual, pred, spread, n, S, e);
    if (rc == 0)
        model_set_metric(&f.model, "calibration_windows", (double)n);
    *m = f.model;
    memset(&f.model, 0, sizeof f.model);
    predictor_free(&f);
    FREE_ALL(actual, pred, spread);
    return rc;
}

int fleet_global_train(const fleet_list *l, const fleet_options *o, model_file *m, sa_error *e)
{
    memset(m, 0, sizeof *m);
    model_member member;
    memset(&member, 0, sizeof member);
    pool q;
    memset(&q, 0, sizeof q);
    window_set w = {0};
    if (global_config(&member.config, &o->series, o->source, e) ||
        fill_pool(&q, l, &member.config, &o->series, e) || pool_windows(&w, &q, &member.config, e)) {
        pool_free(&q);
        free(w.end);
        return -1;
    }
    member.config.step = q.step;
    member.config.n_features = (int)q.F;
    job_data d = {q.x, q.rows, q.F, &w, o->threads, o->stop, o->series.patience, "global",
                  mpi_comm_size() > 1, 0};
    job_stats stats;
    int rc = job_fit(&member, &d, &stats, e);
    if (rc == 0)
        rc = assemble(m, &member, &q, &w, o->threads, e);
    model_member_free(&member);
    pool_free(&q);
    free(w.end);
    if (rc)
        model_free(m);
    return rc;
}

/* The mean absolute error of f over windows [first, first + n) of p,
 * every step of a path, and persistence's over the same windows and steps
 * when persistence is not NULL. */
static double part_mae(const predictor *f, const prepared *p, size_t first, size_t n,
                       double *persistence, sa_error *e)
{
    size_t S = predictor_steps(f), NS = n * S, F = p->d.fm.n_feat, h = p->w.horizon;
    double *pred = malloc((NS ? NS : 1) * sizeof *pred), sum = 0, sum_p = 0;
    if (!pred || predictor_forecast(f, p, p->w.end + first, n, 1, pred, NULL, NULL, e)) {
        free(pred);
        return INFINITY;
    }
    for (size_t k = 0; k < NS; k++) {
        size_t t = p->w.end[first + k / S], at = t + window_step_ahead(h, S, k % S);
        sum += fabs(p->d.fm.x[at * F] - pred[k]);
        sum_p += fabs(p->d.fm.x[at * F] - p->d.fm.x[t * F]);
    }
    free(pred);
    if (persistence)
        *persistence = NS ? sum_p / (double)NS : NAN;
    return NS ? sum / (double)NS : INFINITY;
}

/* A predictor of a copy of g, and s's data prepared for it. */
static int global_on_series(predictor *f, prepared *p, const model_file *g,
                            const fleet_series *s, const trainrun_options *so, sa_error *e)
{
    memset(f, 0, sizeof *f);
    if (model_copy(&f->model, g, e))
        return -1;
    f->model.created[0] = 0; /* written when it is kept */
    if (predictor_build(f, e) ||
        train_prepare_own(p, f, s->path, so->calendar, so->fill, so->input, e)) {
        predictor_free(f);
        return -1;
    }
    return 0;
}

/* The global network fine-tuned on p's training part (a copy, warm-started
 * from g's weights, FLEET_TUNE_EPOCHS of a cosine schedule peaking at
 * FLEET_TUNE_LR, the best epoch on p's validation part) into tuned. */
static int tune(model_member *tuned, const model_file *g, const prepared *p,
                const fleet_options *o, sa_error *e)
{
    if (model_member_copy(tuned, &g->members[0], e))
        return -1;
    model_config *c = &tuned->config;
    snprintf(c->arch, sizeof c->arch, "global-tuned");
    c->epochs = FLEET_TUNE_EPOCHS;
    c->lr = FLEET_TUNE_LR;
    snprintf(c->schedule, sizeof c->schedule, "cosine");
    job_data d = {p->scaled, p->d.fm.n_rows, p->d.fm.n_feat, &p->w, 1, o->stop,
                  FLEET_TUNE_EPOCHS, "tune", 0, 1};
    return job_fit(tuned, &d, NULL, e);
}

/* f's model (not yet built) becomes the ensemble of g's network and tuned, equal weights
 * (one transform: the global model's). */
static int make_blend(predictor *f, model_member *tuned, sa_error *e)
{
    model_file *m = &f->model;
    model_member *two = realloc(m->members, 2 * sizeof *two);
    if (!two)
        return sa_fail(e, "out of memory");
    m->members = two;
    m->members[1] = *tuned;
    memset(tuned, 0, sizeof *tuned);
    m->members[0].weight = m->members[1].weight = 0.5;
    m->n_members = 2;
    snprintf(m->kind, sizeof m->kind, "ensemble");
    return predictor_build(f, e); /* f holds the model alone so far: no nets yet */
}

/* Records s's provenance in every member of f's model. */
static int provenance(predictor *f, const prepared *p, const fleet_series *s, sa_error *e)
{
    const window_set *w = &p->w;
    const int64_t *time = p->d.s.time;
    char hash[sizeof f->model.members[0].config.data_hash];
    if (model_hash_file(s->path, hash, e))
        return -1;
    for (size_t i = 0; i < f->model.n_members; i++) {
        model_config *c = &f->model.members[i].config;
        snprintf(c->data_file, sizeof c->data_file, "%s", s->path);
        snprintf(c->data_hash, sizeof c->data_hash, "%s", hash);
        c->split_time[0] = time[w->end[0] + w->horizon];
        c->split_time[1] = time[w->end[window_val_start(w)] + w->horizon];
        c->split_time[2] = w->n_test ? time[w->end[window_test_start(w)] + w->horizon] : 0;
        c->split_time[3] = time[w->end[w->n - 1] + w->horizon] + c->step;
    }
    return 0;
}

/* The kept candidate f made s's model: provenance, calibration on s's
 * validation part, the test measures. */
static int finish(model_file *m, predictor *f, const prepared *p, const fleet_series *s,
                  fleet_global_choice *out, sa_error *e)
{
    if (provenance(f, p, s, e) || train_calibrate(f, p, 1, e))
        return -1;
    out->test_mae = part_mae(f, p, window_test_start(&p->w), p->w.n_test,
                             &out->persistence_mae, e);
    model_set_metric(&f->model, "val_mae", out->val_mae);
    model_set_metric(&f->model, "test_mae", out->test_mae);
    model_set_metric(&f->model, "test_persistence_mae", out->persistence_mae);
    *m = f->model;
    memset(&f->model, 0, sizeof f->model);
    return 0;
}

/* The blend of the series' own choice own (named own_name) and the
 * global candidate x (named x_name), its weight chosen and its intervals
 * calibrated on s's validation part (blend_fit), into b; out its name and
 * measures. Returns 0, or -1 with e set. */
static int mix(model_file *b, const model_file *own, const char *own_name, const model_file *x,
               const char *x_name, const fleet_series *s, const trainrun_options *so,
               fleet_global_choice *out, sa_error *e)
{
    model_file parts[2];
    double half[2] = {0.5, 0.5};
    if (model_copy(&parts[0], own, e))
        return -1;
    if (model_copy(&parts[1], x, e)) {
        model_free(&parts[0]);
        return -1;
    }
    blend_fit_options bo = {s->path, so->calendar, so->fill, so->input, 1,
                            FLEET_BLEND_WEIGHTS ? blend_fit_grid : NULL,
                            FLEET_BLEND_WEIGHTS ? sizeof blend_fit_grid / sizeof *blend_fit_grid : 0};
    blend_fit_result r;
    if (blend_make(b, parts, half, 2, e) || blend_fit(b, &bo, &r, e))
        return -1;
    snprintf(out->name, sizeof out->name, "%s+%s", own_name, x_name);
    out->val_mae = r.val_mae;
    out->test_mae = r.test_mae;
    out->persistence_mae = r.persistence_mae;
    return 0;
}

/* The candidates of fleet_global_offer beside the series' own choice:
 * the global network alone (f), with its tuned copy (both), and each of
 * them blended with own. */
typedef struct offer {
    predictor f, both;
    double val[4];                 /* global, global+tuned, own+global, own+global+tuned */
    model_file mixed[2];
    fleet_global_choice mixed_choice[2];
} offer;

/* Fills c's blends of own with the global candidates: none without own;
 * a blend that cannot be made or fitted (its reason dropped) is not
 * offered, its MAE left infinite, as a series that does not fit the
 * global model keeps its own choice. */
static void offer_mixed(offer *c, const model_file *own, const char *own_name,
                        const fleet_series *s, const fleet_options *o)
{
    for (int x = 0; own && x < 2; x++) {
        sa_error skip;
        const predictor *gx = x ? &c->both : &c->f;
        if (mix(&c->mixed[x], own, own_name, &gx->model, x ? "global+tuned" : "global", s,
                &o->series, &c->mixed_choice[x], &skip) == 0)
            c->val[2 + x] = c->mixed_choice[x].val_mae;
    }
}

int fleet_global_offer(model_file *m, const model_file *own, const char *own_name,
                       const model_file *g, const fleet_series *s, const fleet_options *o,
                       double best_val, fleet_global_choice *out, sa_error *e)
{
    offer c;
    prepared p;
    memset(&c, 0, sizeof c);
    memset(out, 0, sizeof *out);
    if (global_on_series(&c.f, &p, g, s, &o->series, e))
        return 0; /* the series does not fit the global model: its own choice stays */
    const window_set *w = &p.w;
    for (int i = 0; i < 4; i++)
        c.val[i] = INFINITY;
    c.val[0] = part_mae(&c.f, &p, window_val_start(w), w->n_val, NULL, e);
    model_member tuned;
    memset(&tuned, 0, sizeof tuned);
    int rc = tune(&tuned, g, &p, o, e);
    if (rc == 0)
        rc = model_copy(&c.both.model, g, e);
    c.both.model.created[0] = 0; /* written when it is kept */
    if (rc == 0 && (rc = make_blend(&c.both, &tuned, e)) == 0)
        c.val[1] = part_mae(&c.both, &p, window_val_start(w), w->n_val, NULL, e);
    if (rc == 0)
        offer_mixed(&c, own, own_name, s, o);
    int best = -1, kept = 0;
    for (int i = 0; i < 4; i++)
        if (c.val[i] < (best < 0 ? best_val : c.val[best]))
            best = i;
    if (rc == 0 && best >= 0 && best < 2) {
        out->val_mae = c.val[best];
        snprintf(out->name, sizeof out->name, "%s", best ? "global+tuned" : "global");
        rc = finish(m, best ? &c.both : &c.f, &p, s, out, e);
        kept = rc == 0;
    } else if (rc == 0 && best >= 2) {
        *m = c.mixed[best - 2];
        memset(&c.mixed[best - 2], 0, sizeof c.mixed[best - 2]);
        *out = c.mixed_choice[best - 2];
        kept = 1;
    }
    model_member_free(&tuned);
    model_free(&c.mixed[0]);
    model_free(&c.mixed[1]);
    predictor_free(&c.both);
    predictor_free(&c.f);
    prepared_free(&p);
    return rc ? -1 : kept;
}
