/* train.c — see train.h.
 * Sizes: R rows, F features, T steps, B batch, P parameters, K threads. */
#include "train.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forecast.h"
#include "optim.h"
#include "parallel.h"
#include "progress.h"
#include "rng.h"

void train_defaults(train_options *o)
{
    memset(o, 0, sizeof *o);
    o->epochs = 50;
    o->patience = 10;
    o->clip = 1.0;
    o->label = "train";
}

/* Everything a batch step needs, shared by the threads of one run. */
typedef struct trainer {
    const net *n;
    const train_data *d;
    int threads;                 /* K */
    net_workspace **ws;          /* (K) */
    float **batch;               /* (K)(ceil(B/K), T, F) gathered inputs */
    float **y, **target;         /* (K)(ceil(B/K)) */
    double *loss;                /* (K) sum of squared errors of each part */
    const size_t *ends;          /* (B) window ends of the current batch */
    size_t B;
    uint64_t dropout_seed;
} trainer;

static void batch_part(void *ctx, int i, int k)
{
    trainer *t = ctx;
    size_t lo, hi;
    parallel_share(t->B, i, k, &lo, &hi);
    float *grads = net_workspace_grads(t->ws[i]);
    memset(grads, 0, t->n->n_params * sizeof *grads);
    t->loss[i] = 0;
    if (lo == hi)
        return;
    size_t F = t->d->n_feat, T = (size_t)t->n->cfg.seq_len, h = t->d->w->horizon;
    int nb = (int)(hi - lo);
    forecast_gather(t->d->x, F, T, t->ends + lo, (size_t)nb, t->batch[i]);
    for (int b = 0; b < nb; b++)
        t->target[i][b] = t->d->x[(t->ends[lo + b] + h) * F];
    net_forward(t->n, t->ws[i], t->batch[i], nb, t->y[i], 1, t->dropout_seed, lo);
    t->loss[i] = net_backward_mse(t->n, t->ws[i], t->y[i], t->target[i], nb,
                                  1.0f / (float)t->B);
}

static void trainer_free(trainer *t)
{
    for (int i = 0; i < t->threads; i++) {
        if (t->ws && t->ws[i])
            net_workspace_free(t->ws[i]);
        if (t->batch) free(t->batch[i]);
        if (t->y) free(t->y[i]);
        if (t->target) free(t->target[i]);
    }
    free(t->ws);
    free(t->batch);
    free(t->y);
    free(t->target);
    free(t->loss);
}

static int trainer_init(trainer *t, const net *n, const train_data *d, int batch, int threads)
{
    memset(t, 0, sizeof *t);
    t->n = n;
    t->d = d;
    t->threads = threads;
    size_t part = ((size_t)batch + (size_t)threads - 1) / (size_t)threads;
    size_t window = (size_t)n->cfg.seq_len * d->n_feat;
    t->ws = calloc((size_t)threads, sizeof *t->ws);
    t->batch = calloc((size_t)threads, sizeof *t->batch);
    t->y = calloc((size_t)threads, sizeof *t->y);
    t->target = calloc((size_t)threads, sizeof *t->target);
    t->loss = calloc((size_t)threads, sizeof *t->loss);
    if (!t->ws || !t->batch || !t->y || !t->target || !t->loss)
        return -1;
    for (int i = 0; i < threads; i++) {
        t->ws[i] = net_workspace_create(n, (int)part);
        t->batch[i] = malloc(part * window * sizeof(float));
        t->y[i] = malloc(part * sizeof(float));
        t->target[i] = malloc(part * sizeof(float));
        if (!t->ws[i] || !t->batch[i] || !t->y[i] || !t->target[i])
            return -1;
    }
    return 0;
}

int train_eval_loss(const net *n, const train_data *d, size_t first, size_t count,
                    int threads, double *mse, sa_error *e)
{
    float *y = malloc((count ? count : 1) * sizeof *y);
    if (!y)
        return sa_fail(e, "out of memory");
    const size_t *ends = d->w->end + first;
    if (forecast_windows(n, d->x, d->n_feat, ends, count, threads, y, e)) {
        free(y);
        return -1;
    }
    double s = 0;
    for (size_t k = 0; k < count; k++) {
        double err = y[k] - d->x[(ends[k] + d->w->horizon) * d->n_feat];
        s += err * err;
    }
    *mse = count ? s / (double)count : 0;
    free(y);
    return 0;
}

static int history_alloc(train_history *h, int epochs)
{
    memset(h, 0, sizeof *h);
    h->train_loss = calloc((size_t)epochs, sizeof(float));
    h->val_loss = calloc((size_t)epochs, sizeof(float));
    h->lr = calloc((size_t)epochs, sizeof(float));
    return h->train_loss && h->val_loss && h->lr ? 0 : -1;
}

void train_history_free(train_history *h)
{
    free(h->train_loss);
    free(h->val_loss);
    free(h->lr);
    memset(h, 0, sizeof *h);
}

/* Fisher-Yates shuffle of idx (n) with r. */
static void shuffle(size_t *idx, size_t n, rng *r)
{
    for (size_t i = n; i > 1; i--) {
        size_t j = (size_t)rng_below(r, i);
        size_t tmp = idx[i - 1];
        idx[i - 1] = idx[j];
        idx[j] = tmp;
    }
}

int train_run(net *n, const train_data *d, const train_options *o, train_history *h,
              sa_error *e)
{
    const window_set *w = d->w;
    size_t P = n->n_params, n_train = w->n_train;
    int K = o->threads < 1 ? 1 : o->threads;
    if ((size_t)K > (size_t)o->batch)
        K = o->batch;
    trainer t;
    adam opt;
    memset(&t, 0, sizeof t);
    memset(&opt, 0, sizeof opt);
    size_t *order = malloc(n_train * sizeof *order);
    float *best = malloc(P * sizeof *best);
    int rc = 0;
    if (history_alloc(h, o->epochs) || !order || !best || trainer_init(&t, n, d, o->batch, K) ||
        adam_init(&opt, P, e)) {
        rc = sa_fail(e, "out of memory for training");
        goto done;
    }
    memcpy(order, w->end, n_train * sizeof *order);
    memcpy(best, n->params, P * sizeof *best);
    plateau sched;
    plateau_init(&sched, o->lr);
    early_stop stopper;
    early_stop_init(&stopper, o->patience);
    double lr = o->lr;
    h->best_val_loss = INFINITY;
    progress pr;
    progress_begin(&pr, o->label, (size_t)o->epochs);
    double t0 = progress_now();
    float *grads = net_workspace_grads(t.ws[0]);

    for (int epoch = 1; epoch <= o->epochs && !h->interrupted; epoch++) {
        rng r;
        rng_seed_stream(&r, o->seed, (uint64_t)epoch);
        shuffle(order, n_train, &r);
        double sse = 0;
        size_t batches = 0;
        for (size_t start = 0; start < n_train; start += (size_t)o->batch, batches++) {
            t.B = n_train - start < (size_t)o->batch ? n_train - start : (size_t)o->batch;
            t.ends = order + start;
            t.dropout_seed = rng_mix(o->seed ^ ((uint64_t)epoch << 32) ^ batches);
            parallel_run(K, batch_part, &t);
            double batch_sse = 0;
            for (int i = 0; i < K; i++)
                batch_sse += t.loss[i];
            for (int i = 1; i < K; i++) {
                const float *g = net_workspace_grads(t.ws[i]);
                for (size_t p = 0; p < P; p++)
                    grads[p] += g[p];
            }
            double norm = clip_grad_norm(grads, P, (float)o->clip);
            if (!isfinite(batch_sse) || !isfinite(norm)) {
                memcpy(n->params, best, P * sizeof *best);
                rc = sa_fail(e, "epoch %d, batch %zu: %s is not finite; kept the best weights "
                                "so far (try a lower --lr)",
                             epoch, batches + 1, isfinite(batch_sse) ? "gradient" : "loss");
                goto done;
            }
            adam_step(&opt, n->params, grads, (float)lr);
            sse += batch_sse;
            h->sequences += (double)t.B;
            if (o->stop && *o->stop) {
                h->interrupted = 1;
                break;
            }
        }
        double val;
        if (train_eval_loss(n, d, window_val_start(w), w->n_val, K, &val, e)) {
            rc = -1;
            goto done;
        }
        size_t k = h->n_epochs++;
        h->train_loss[k] = (float)(sse / (double)n_train);
        h->val_loss[k] = (float)val;
        h->lr[k] = (float)lr;
        if (early_stop_update(&stopper, val)) {
            memcpy(best, n->params, P * sizeof *best);
            h->best_epoch = epoch;
            h->best_val_loss = val;
        }
        lr = plateau_step(&sched, val);
        char msg[160];
        snprintf(msg, sizeof msg, "loss %.5f val %.5f lr %.2g", h->train_loss[k], val, h->lr[k]);
        progress_update(&pr, (size_t)epoch, msg, epoch == o->epochs || stopper.stop);
        if (stopper.stop)
            break;
    }
    progress_end(&pr);
    memcpy(n->params, best, P * sizeof *best);
    h->seconds = progress_now() - t0;
done:
    trainer_free(&t);
    adam_free(&opt);
    free(order);
    free(best);
    return rc;
}
