/* forecast.c — see forecast.h. */
#include "forecast.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "parallel.h"

#define FORECAST_BATCH 256

void forecast_gather(const float *x, size_t n_feat, size_t seq_len, const size_t *ends,
                     size_t B, float *batch)
{
    size_t window = seq_len * n_feat;
    for (size_t b = 0; b < B; b++)
        memcpy(batch + b * window, x + (ends[b] + 1 - seq_len) * n_feat,
               window * sizeof *batch);
}

typedef struct windows_job {
    const net *n;
    const float *x;
    size_t n_feat;
    const size_t *ends;
    size_t count;
    float *out;
    int failed;
} windows_job;

static void windows_part(void *ctx, int i, int n_threads)
{
    windows_job *j = ctx;
    size_t lo, hi;
    parallel_share(j->count, i, n_threads, &lo, &hi);
    if (lo == hi)
        return;
    size_t T = (size_t)j->n->cfg.seq_len;
    net_workspace *w = net_workspace_create(j->n, FORECAST_BATCH);
    float *batch = malloc(FORECAST_BATCH * T * j->n_feat * sizeof *batch);
    if (!w || !batch) {
        j->failed = 1;
    } else {
        for (size_t k = lo; k < hi; k += FORECAST_BATCH) {
            size_t B = hi - k < FORECAST_BATCH ? hi - k : FORECAST_BATCH;
            forecast_gather(j->x, j->n_feat, T, j->ends + k, B, batch);
            net_forward(j->n, w, batch, (int)B, j->out + k, 0, 0, k);
        }
    }
    free(batch);
    if (w)
        net_workspace_free(w);
}

int forecast_windows(const net *n, const float *x, size_t n_feat, const size_t *ends,
                     size_t count, int threads, float *out, sa_error *e)
{
    windows_job j = {n, x, n_feat, ends, count, out, 0};
    if (threads < 1)
        threads = 1;
    if ((size_t)threads > count / 32 + 1)
        threads = (int)(count / 32 + 1);
    parallel_run(threads, windows_part, &j);
    return j.failed ? sa_fail(e, "out of memory while forecasting") : 0;
}

void forecast_net_config(const model_config *c, net_config *nc)
{
    nc->n_inputs = c->n_features;
    nc->hidden = c->hidden;
    nc->layers = c->layers;
    nc->head = c->head;
    nc->attention = c->attention;
    nc->seq_len = c->seq_len;
    nc->dropout = (float)c->dropout;
}

int forecast_net_from_member(net *n, const model_member *m, sa_error *e)
{
    net_config nc;
    forecast_net_config(&m->config, &nc);
    if (net_create(n, &nc, e))
        return -1;
    for (size_t i = 0; i < n->n_tensors; i++) {
        const net_tensor *t = &n->tensors[i];
        const model_tensor *mt = model_find_tensor((model_member *)m, t->name);
        if (!mt || mt->dims[0] != t->rows || mt->dims[1] != t->cols) {
            net_free(n);
            return sa_fail(e, mt ? "tensor %s has the wrong shape" : "tensor %s is missing",
                           t->name);
        }
        memcpy(n->params + t->offset, mt->data, t->rows * t->cols * sizeof(float));
    }
    return 0;
}

int forecast_member_from_net(model_member *m, const net *n, sa_error *e)
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

int forecaster_load(forecaster *f, const char *path, sa_error *e)
{
    memset(f, 0, sizeof *f);
    if (model_load(&f->model, path, e))
        return -1;
    return forecaster_build(f, e) ? sa_wrap(e, "%s", path) : 0;
}

int forecaster_build(forecaster *f, sa_error *e)
{
    f->nets = calloc(f->model.n_members, sizeof *f->nets);
    if (!f->nets) {
        forecaster_free(f);
        return sa_fail(e, "out of memory");
    }
    for (size_t i = 0; i < f->model.n_members; i++)
        if (forecast_net_from_member(&f->nets[i], &f->model.members[i], e)) {
            forecaster_free(f);
            return sa_wrap(e, "member %zu", i);
        }
    if (scaler_set(&f->sc, f->model.scaler_min, f->model.scaler_max, f->model.n_features, e)) {
        forecaster_free(f);
        return -1;
    }
    return 0;
}

int forecaster_run(const forecaster *f, const float *x, const size_t *ends, size_t count,
                   int threads, double *mean, double *std, double *member_out, sa_error *e)
{
    size_t M = f->model.n_members;
    float *scaled = malloc((count ? count : 1) * sizeof *scaled);
    double *all = member_out ? member_out : malloc((M * count + 1) * sizeof *all);
    if (!scaled || !all) {
        free(scaled);
        if (!member_out)
            free(all);
        return sa_fail(e, "out of memory");
    }
    int rc = 0;
    for (size_t m = 0; m < M && !rc; m++) {
        rc = forecast_windows(&f->nets[m], x, f->model.n_features, ends, count, threads,
                              scaled, e);
        for (size_t k = 0; k < count && !rc; k++)
            all[m * count + k] = scaler_unscale(&f->sc, 0, scaled[k]);
    }
    double weight_sum = 0;
    for (size_t m = 0; m < M; m++)
        weight_sum += f->model.members[m].weight;
    for (size_t k = 0; k < count && !rc; k++) {
        double s = 0, s2 = 0, plain = 0;
        for (size_t m = 0; m < M; m++) {
            double w = weight_sum > 0 ? f->model.members[m].weight / weight_sum : 1.0 / M;
            s += w * all[m * count + k];
            plain += all[m * count + k] / M;
        }
        for (size_t m = 0; m < M; m++)
            s2 += (all[m * count + k] - plain) * (all[m * count + k] - plain);
        mean[k] = s;
        if (std)
            std[k] = M > 1 ? sqrt(s2 / (M - 1)) : 0;
    }
    free(scaled);
    if (!member_out)
        free(all);
    return rc;
}

void forecaster_free(forecaster *f)
{
    for (size_t i = 0; f->nets && i < f->model.n_members; i++)
        net_free(&f->nets[i]);
    free(f->nets);
    scaler_free(&f->sc);
    model_free(&f->model);
    memset(f, 0, sizeof *f);
}
