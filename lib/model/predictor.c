/* predictor.c — see predictor.h. */
#include "model/predictor.h"
#include "nn/window_norm.h"
#include "base/message.h"
#include "base/array.h"
#include "base/outfile.h"
#include "base/progress.h"
#include <stdio.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

int predictor_net_from_member(net *n, const model_member *m, sa_error *e)
{
    net_config nc = model_net_config(&m->config);
    if (net_create(n, &nc, e))
        return -1;
    for (size_t i = 0; i < n->n_tensors; i++) {
        const net_tensor *t = &n->tensors[i];
        const model_tensor *mt = model_find_tensor(m, t->name);
        if (!mt || mt->dims[0] != t->rows || mt->dims[1] != t->cols) {
            net_free(n);
            return sa_fail(e, mt ? "tensor %s has the wrong shape" : "tensor %s is missing",
                           t->name);
        }
        memcpy(n->params + t->offset, mt->data, t->rows * t->cols * sizeof(float));
    }
    return 0;
}

int predictor_member_from_net(model_member *m, const net *n, sa_error *e)
{
    for (size_t i = 0; i < m->n_tensors; i++)
        free(m->tensors[i].data);
    m->n_tensors = 0;
    for (size_t i = 0; i < n->n_tensors; i++) {
        const net_tensor *t = &n->tensors[i];
        if (model_add_tensor(m, t->name, t->ndim, t->rows, t->cols, n->params + t->offset, e))
            return -1;
    }
    return 0;
}

static int allow_interrupted;

void predictor_allow_interrupted(int allow) { allow_interrupted = allow; }

/* Refuses (or, when allowed, warns about) a model whose training stopped
 * early: an epoch-0 model once turned a scale_up into a scale_down. */
static int check_finished(const model_file *m, const char *path, sa_error *e)
{
    for (size_t i = 0; i < m->n_parts; i++) /* a blend: each part's members */
        if (check_finished(&m->parts[i], path, e))
            return -1;
    for (size_t i = 0; i < m->n_members; i++) {
        const model_config *c = &m->members[i].config;
        if (!c->interrupted)
            continue;
        if (!allow_interrupted)
            return sa_fail(e, "%s: training was interrupted (member %zu after %d epoch%s): "
                           "finish it with scaleahead-train --resume, or pass "
                           "--allow-interrupted", path, i, c->epochs_run,
                           c->epochs_run == 1 ? "" : "s");
        fprintf(stderr, "%s: WARNING: %s: training was interrupted (member %zu after %d "
                "epoch%s): its forecasts may be far off\n", msg_tool(), path, i, c->epochs_run,
                c->epochs_run == 1 ? "" : "s");
        return 0;
    }
    return 0;
}

int predictor_load(predictor *f, const char *path, sa_error *e)
{
    memset(f, 0, sizeof *f);
    if (model_load(&f->model, path, e))
        return -1;
    outfile_note_input_path(path); /* no output of the run may replace it */
    if (!strcmp(f->model.kind, MODEL_KIND_AUTO_PARTIAL)) {
        model_free(&f->model);
        return sa_fail(e, "%s: an --arch auto run stopped before its candidates were compared: "
                       "it holds no forecaster to use (not even with --allow-interrupted); "
                       "finish it with scaleahead-train --resume %s", path, path);
    }
    if (check_finished(&f->model, path, e)) {
        model_free(&f->model);
        return -1;
    }
    return predictor_build(f, e) ? sa_wrap(e, "%s", path) : 0;
}

/* predictor_build of a blend: a predictor of each part (its model lent),
 * and the identity transform of the blend's features. */
static int build_blend(predictor *f, sa_error *e)
{
    size_t P = f->model.n_parts, F = f->model.n_features;
    if (!(f->parts = calloc(P ? P : 1, sizeof *f->parts))) {
        predictor_free(f);
        return sa_fail(e, "out of memory");
    }
    for (size_t i = 0; i < P; i++) {
        predictor *part = &f->parts[f->n_parts++];
        part->model = f->model.parts[i];
        part->lent = 1;
        if (predictor_build(part, e)) {
            predictor_free(f);
            return sa_wrap(e, "part %zu", i);
        }
    }
    if (transform_alloc(&f->tf, F, 1, e)) {
        predictor_free(f);
        return -1;
    }
    for (size_t c = 0; c < F; c++) {
        f->tf.scale[c] = 1;
        f->tf.role[c] = TRANSFORM_FIXED;
    }
    return 0;
}

int predictor_build(predictor *f, sa_error *e)
{
    if (f->model.n_parts)
        return build_blend(f, e);
    size_t nets = f->model.baseline ? 0 : f->model.n_members; /* a baseline has none */
    f->nets = calloc(nets ? nets : 1, sizeof *f->nets);
    if (!f->nets) {
        predictor_free(f);
        return sa_fail(e, "out of memory");
    }
    for (size_t i = 0; i < nets; i++, f->n_nets++)
        if (predictor_net_from_member(&f->nets[i], &f->model.members[i], e)) {
            predictor_free(f);
            return sa_wrap(e, "member %zu", i);
        }
    int rc = f->model.members[0].config.robust
        ? transform_copy(&f->tf, &f->model.tf, e)
        : transform_from_minmax(&f->tf, f->model.scaler_min, f->model.scaler_max,
                                f->model.n_features, e);
    if (rc) {
        predictor_free(f);
        return -1;
    }
    return 0;
}

size_t predictor_steps(const predictor *f)
{
    return (size_t)net_steps(&f->model.members[0].config.net);
}

/* The one network, when f is a single window-scaled one. */
static const model_config *window_scaled(const predictor *f)
{
    const model_config *c = f->model.n_members == 1 && !f->model.baseline
        ? &f->model.members[0].config : NULL;
    return c && c->window_scale ? c : NULL;
}

int predictor_has_spread(const predictor *f)
{
    return f->model.n_members > 1 || window_scaled(f) != NULL || f->model.n_parts > 0;
}

int predictor_run(const predictor *f, const float *x, const size_t *ends, size_t count,
                   int threads, double *mean, double *std, double *member_out, sa_error *e)
{
    if (f->model.n_parts)
        return sa_fail(e, "a blend forecasts from the data's rows, not from one matrix");
    size_t M = f->model.n_members, NS = count * predictor_steps(f);
    float *scaled = malloc((NS ? NS : 1) * sizeof *scaled);
    double *all = member_out ? member_out : malloc((M * NS + 1) * sizeof *all);
    if (!scaled || !all) {
        free(scaled);
        if (!member_out)
            free(all);
        return sa_fail(e, "out of memory");
    }
    int rc = 0;
    for (size_t m = 0; m < M && !rc; m++) {
        rc = inference_windows(&f->nets[m], x, f->model.n_features, ends, count, threads,
                              scaled, e);
        for (size_t k = 0; k < NS && !rc; k++)
            all[m * NS + k] = transform_unscale(&f->tf, 0, scaled[k]);
    }
    double weight_sum = 0;
    for (size_t m = 0; m < M; m++)
        weight_sum += f->model.members[m].weight;
    for (size_t k = 0; k < NS && !rc; k++) {
        double s = 0, s2 = 0, plain = 0;
        for (size_t m = 0; m < M; m++) {
            double w = weight_sum > 0 ? f->model.members[m].weight / weight_sum : 1.0 / M;
            s += w * all[m * NS + k];
            plain += all[m * NS + k] / M;
        }
        for (size_t m = 0; m < M; m++)
            s2 += (all[m * NS + k] - plain) * (all[m * NS + k] - plain);
        mean[k] = s;
        if (std)
            std[k] = M > 1 ? sqrt(s2 / (M - 1)) : 0;
    }
    const model_config *ws = window_scaled(f);
    size_t S = predictor_steps(f);
    for (size_t k = 0; ws && std && k < count && !rc; k++) {
        size_t F = f->model.n_features, T = (size_t)ws->seq_len;
        double scale = f->tf.scale[0] * window_norm_scale(x + (ends[k] + 1 - T) * F, F, (int)T);
        for (size_t j = 0; j < S; j++)   /* every step of the window's path */
            std[k * S + j] = scale;
    }
    free(scaled);
    if (!member_out)
        free(all);
    return rc;
}

/* p's rows as part i of blend f reads them, into q: its own columns of
 * p's features (d.fm, owned by q), transformed by its own transform
 * (scaled, owned); the rest (series, windows) shared with p. Free with
 * part_view_free. Returns 0, or -1 with e set. */
static int part_view(const predictor *f, size_t i, const prepared *p, prepared *q, sa_error *e)
{
    const predictor *part = &f->parts[i];
    size_t R = p->d.fm.n_rows, F = p->d.fm.n_feat, Fi = part->model.n_features;
    size_t cols[FEAT_MAX];
    *q = *p;
    q->d.fm.x = NULL;
    q->scaled = NULL;
    if (model_blend_columns(&f->model, i, cols, e))
        return -1;
    q->d.fm.n_feat = Fi;
    memcpy(q->d.fm.ids, part->model.members[0].config.feature_ids, Fi * sizeof *q->d.fm.ids);
    size_t cells = R * Fi + 1;
    q->d.fm.x = malloc(cells * sizeof *q->d.fm.x);
    q->scaled = malloc(cells * sizeof *q->scaled);
    if (!q->d.fm.x || !q->scaled)
        return sa_fail(e, "out of memory");
    for (size_t r = 0; r < R; r++)
        for (size_t j = 0; j < Fi; j++)
            q->d.fm.x[r * Fi + j] = p->d.fm.x[r * F + cols[j]];
    transform_apply(&part->tf, q->d.fm.x, R, q->scaled);
    q->tf = part->tf;
    return 0;
}

static void part_view_free(prepared *q)
{
    free(q->d.fm.x);
    free(q->scaled);
}

int predictor_blend_parts(const predictor *f, const prepared *p, const size_t *ends,
                          size_t count, int threads, double *out, sa_error *e)
{
    if (!f->n_parts)
        return sa_fail(e, "not a blend");
    size_t NS = count * predictor_steps(f);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < f->n_parts; i++) {
        prepared q;
        rc = part_view(f, i, p, &q, e);
        if (rc == 0)
            rc = predictor_forecast(&f->parts[i], &q, ends, count, threads, out + i * NS, NULL,
                                    NULL, e);
        part_view_free(&q);
        if (rc)
            sa_wrap(e, "part %zu", i);
    }
    return rc;
}

/* predictor_forecast of a blend (predictor.h). */
static int blend_forecast(const predictor *f, const prepared *p, const size_t *ends,
                          size_t count, int threads, double *mean, double *std,
                          double *member_out, sa_error *e)
{
    size_t P = f->n_parts, S = predictor_steps(f), NS = count * S;
    double *each = malloc((P * NS + 1) * sizeof *each), sum = 0;
    if (!each)
        return sa_fail(e, "out of memory");
    int rc = predictor_blend_parts(f, p, ends, count, threads, each, e);
    for (size_t i = 0; i < P; i++)
        sum += f->model.part_weight[i];
    for (size_t k = 0; rc == 0 && k < NS; k++) {
        double s = 0;
        for (size_t i = 0; i < P; i++)
            s += f->model.part_weight[i] / sum * each[i * NS + k];
        mean[k] = s;
        if (member_out)
            member_out[k] = s;
    }
    size_t F = p->d.fm.n_feat, T = (size_t)f->model.members[0].config.seq_len;
    for (size_t k = 0; rc == 0 && std && k < count; k++) {
        double scale = window_norm_scale(p->d.fm.x + (ends[k] + 1 - T) * F, F, (int)T);
        for (size_t j = 0; j < S; j++)
            std[k * S + j] = scale;
    }
    free(each);
    return rc;
}

int predictor_forecast(const predictor *f, const prepared *p, const size_t *ends, size_t count,
                       int threads, double *mean, double *std, double *member_out, sa_error *e)
{
    if (f->n_parts)
        return blend_forecast(f, p, ends, count, threads, mean, std, member_out, e);
    if (!f->model.baseline)
        return predictor_run(f, p->scaled, ends, count, threads, mean, std, member_out, e);
    if (baseline_spec_forecast(f->model.baseline, p, ends, count, mean, e) < 0)
        return -1;
    for (size_t k = 0; k < count * predictor_steps(f); k++) {
        if (std)
            std[k] = 0;
        if (member_out)
            member_out[k] = mean[k];
    }
    return 0;
}

size_t predictor_history_rows(const predictor *f)
{
    const model_config *c = &f->model.members[0].config;
    size_t rows = (size_t)c->seq_len + FEAT_ROLLING_WINDOW - 1;
    for (int i = 0; i < c->n_features; i++)
        if (c->feature_ids[i] == FEAT_CPU_SEASONAL && c->step > 0)
            rows += (size_t)(86400 / c->step);
    return rows;
}

int predictor_prepare(const predictor *f, const char *path, const series_input *input,
                      const char *calendar, int fill, size_t max_rows, prepared *p,
                      sa_error *e)
{
    const model_config *c = &f->model.members[0].config;
    size_t want = max_rows;
    for (size_t i = 0; max_rows && want && i < f->n_parts; i++) /* a blend: what each part reads */
        if (f->parts[i].model.baseline) {   /* (0: every row, as Holt-Winters) */
            size_t need = baseline_spec_rows_needed(f->parts[i].model.baseline, max_rows);
            want = need == 0 || need > want ? need : want;
        }
    if (f->model.baseline && max_rows)
        want = baseline_spec_rows_needed(f->model.baseline, max_rows);
    max_rows = want;
    dataset_options o = {path, c->target, c->feature_ids, (size_t)c->n_features, 1,
                         calendar, fill, max_rows, c->horizon, input, c->features_tz, 0, NULL, c->columns};
    model_data_basis(c, &o);
    if (prepare_for_model(p, &o, (size_t)c->seq_len, 0, &f->tf, e))
        return -1;
    if (p->d.s.step && c->step && p->d.s.step != c->step) {
        sa_fail(e, "%s: rows are %llds apart, the model was trained on a %llds step",
                p->d.s.source, (long long)p->d.s.step, (long long)c->step);
        prepared_free(p);
        return -1;
    }
    return 0;
}

/* Windows per call when a run is long enough to report progress. */
#define PROGRESS_CHUNK 16384

/* predictor_forecast over out's windows; a run of more than four chunks
 * (300,000 rows took 26 s) goes chunk by chunk with a progress line. */
static int forecast_with_progress(const predictor *f, const prepared *p, predictor_result *out,
                                  int threads, sa_error *e)
{
    size_t n = out->n, S = out->steps;
    if (n <= 4 * PROGRESS_CHUNK)
        return predictor_forecast(f, p, out->end, n, threads, out->mean, out->std, NULL, e);
    progress pr;
    progress_begin(&pr, "forecasts", n);
    int rc = 0;
    for (size_t k = 0; rc == 0 && k < n; k += PROGRESS_CHUNK) {
        size_t count = n - k < PROGRESS_CHUNK ? n - k : PROGRESS_CHUNK;
        rc = predictor_forecast(f, p, out->end + k, count, threads, out->mean + k * S,
                                out->std + k * S, NULL, e);
        if (rc == 0)
            progress_update(&pr, k + count, "windows", k + count == n);
    }
    progress_end(&pr);
    return rc;
}

int predictor_run_all(const predictor *f, const prepared *p, size_t first, int threads,
                       predictor_result *out, sa_error *e)
{
    memset(out, 0, sizeof *out);
    if (first >= p->w.n)
        return sa_fail(e, "window %zu: there are only %zu", first, p->w.n);
    const model_config *c = &f->model.members[0].config;
    int64_t step = p->d.s.step ? p->d.s.step : c->step;
    size_t n = p->w.n - first, S = predictor_steps(f);
    out->n = n;
    out->steps = S;
    out->horizon = (size_t)c->horizon;
    out->end = p->w.end + first;
    out->origin = malloc(n * sizeof *out->origin);
    out->time = malloc(n * S * sizeof *out->time);
    out->mean = malloc(n * S * sizeof *out->mean);
    out->std = malloc(n * S * sizeof *out->std);
    if (!out->origin || !out->time || !out->mean || !out->std) {
        predictor_result_free(out);
        return sa_fail(e, "out of memory");
    }
    for (size_t k = 0; k < n; k++) {
        out->origin[k] = p->d.s.time[out->end[k]];
        for (size_t j = 0; j < S; j++)
            out->time[k * S + j] =
                out->origin[k] + (int64_t)predictor_result_ahead(out, j) * step;
    }
    if (forecast_with_progress(f, p, out, threads, e)) {
        predictor_result_free(out);
        return -1;
    }
    return 0;
}

double predictor_actual_at(const prepared *p, size_t t, size_t h)
{
    if (t + h >= p->d.s.n_rows)
        return NAN;
    for (size_t r = t + 1; r <= t + h; r++)
        if (p->d.s.gap_before && p->d.s.gap_before[r])
            return NAN;
    /* The target as read (column 0 of the series), not its float32 copy
     * in the feature matrix: an actual prints as it is in the file. */
    return p->d.s.col[0][t + h];
}

size_t predictor_result_ahead(const predictor_result *r, size_t j)
{
    return window_step_ahead(r->horizon, r->steps, j);
}

int predictor_actuals(const predictor *f, const prepared *p, predictor_result *r, sa_error *e)
{
    (void)f;   /* r knows its steps and horizon */
    size_t S = r->steps, NS = r->n * S;
    if (!r->actual && !(r->actual = malloc((NS ? NS : 1) * sizeof *r->actual)))
        return sa_fail(e, "out of memory");
    for (size_t k = 0; k < r->n; k++)
        for (size_t j = 0; j < S; j++)
            r->actual[k * S + j] = predictor_actual_at(p, r->end[k], predictor_result_ahead(r, j));
    return 0;
}

/* Step j's column of the (N, S) array a into out (N), or back (scatter). */
static void step_column(double *out, const double *a, size_t n, size_t S, size_t j)
{
    for (size_t k = 0; k < n; k++)
        out[k] = a[k * S + j];
}

static void step_scatter(double *a, const double *col, size_t n, size_t S, size_t j)
{
    for (size_t k = 0; k < n; k++)
        a[k * S + j] = col[k];
}

/* The intervals of step j of r with the set of that step (cal_j): its
 * column of every array gathered into buf (6 N values), the stream run,
 * the bounds and levels scattered back; target (N) is scratch. */
static void step_intervals(const conformal_set *cal_j, const predictor_result *r, size_t j,
                           double level, double gamma, int spread, const int64_t *issued,
                           int64_t *target, double *buf)
{
    size_t n = r->n, S = r->steps;
    double *mean = buf, *std = buf + n, *actual = buf + 2 * n, *lower = buf + 3 * n;
    double *upper = buf + 4 * n, *alpha = buf + 5 * n;
    for (size_t k = 0; k < n; k++)
        target[k] = r->time[k * S + j];
    step_column(mean, r->mean, n, S, j);
    step_column(std, r->std, n, S, j);
    step_column(actual, r->actual, n, S, j);
    conformal_stream(cal_j, level, gamma, n, issued, target, mean, spread ? std : NULL, actual,
                     lower, upper, alpha);
    step_scatter(r->lower, lower, n, S, j);
    step_scatter(r->upper, upper, n, S, j);
    step_scatter(r->alpha, alpha, n, S, j);
}

int predictor_intervals(const predictor *f, const prepared *p, predictor_result *r,
                        double level, double gamma, const char *option, sa_error *e)
{
    const conformal_set *cal = &f->model.calibration;
    if (conformal_check_level(cal, level, option, e) < 0)
        return -1;
    if (predictor_actuals(f, p, r, e) < 0)
        return -1;
    size_t n = r->n, S = r->steps, NS = n * S;
    int64_t *target = malloc((n ? n : 1) * sizeof *target);
    double *buf = malloc((n ? n : 1) * 6 * sizeof *buf);
    r->lower = malloc((NS ? NS : 1) * sizeof *r->lower);
    r->upper = malloc((NS ? NS : 1) * sizeof *r->upper);
    r->alpha = malloc((NS ? NS : 1) * sizeof *r->alpha);
    if (!target || !buf || !r->lower || !r->upper || !r->alpha) {
        free(target);
        free(buf);
        return sa_fail(e, "out of memory");
    }
    for (size_t j = 0; j < S; j++) {
        conformal_set cal_j = conformal_step(cal, j);
        step_intervals(&cal_j, r, j, level, gamma, predictor_has_spread(f), r->origin, target,
                       buf);
    }
    free(target);
    free(buf);
    return 0;
}

void predictor_result_keep_last(predictor_result *r)
{
    if (r->n < 2)
        return;
    size_t k = r->n - 1, S = r->steps;
    r->end += k;
    r->origin[0] = r->origin[k];
    double *values[] = {r->mean, r->std, r->actual, r->lower, r->upper, r->alpha};
    for (size_t j = 0; j < S; j++) {   /* the last path, every step */
        r->time[j] = r->time[k * S + j];
        for (size_t i = 0; i < sizeof values / sizeof *values; i++)
            if (values[i])
                values[i][j] = values[i][k * S + j];
    }
    r->n = 1;
}

void predictor_result_free(predictor_result *r)
{
    FREE_ALL(r->origin, r->time, r->mean, r->std, r->actual, r->lower, r->upper, r->alpha);
    memset(r, 0, sizeof *r);
}

void predictor_free(predictor *f)
{
    for (size_t i = 0; f->parts && i < f->n_parts; i++)
        predictor_free(&f->parts[i]);
    free(f->parts);
    for (size_t i = 0; f->nets && i < f->n_nets; i++)
        net_free(&f->nets[i]);
    free(f->nets);
    transform_free(&f->tf);
    if (!f->lent)
        model_free(&f->model);
    memset(f, 0, sizeof *f);
}
