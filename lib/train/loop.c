/* loop.c — see loop.h.
 * Sizes: R rows, F features, T steps, B batch, P parameters, K threads. */
#include "train/loop.h"
#include "nn/window_norm.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nn/inference.h"
#include "nn/loss.h"
#include "base/mpi_comm.h"
#include "nn/optim.h"
#include "base/parallel.h"
#include "base/progress.h"
#include "base/rng.h"

void train_defaults(train_options *o)
{
    memset(o, 0, sizeof *o);
    o->epochs = 50;
    o->patience = 10;
    o->clip = 1.0;
    o->label = "train";
}

/* A batch is cut into chunks of TRAIN_CHUNK sequences whatever the thread
 * count; each chunk's gradient lands in its own buffer and the buffers are
 * summed in chunk order. The arithmetic is then the same for 1 thread or
 * 8, so a seed gives the same model on any machine size.
 *
 * Data-parallel over N MPI ranks: rank r computes the chunks c with
 * c % N == r and leaves the others' buffers zero; an allreduce SUM of the
 * (C, P) buffers then gives every rank each chunk's gradient exactly (one
 * value plus zeros), and the chunk-order sum, clipping and Adam step that
 * follow are the single-process ones. */
#define TRAIN_CHUNK 16

/* Everything a batch step needs, shared by the threads of one run. */
typedef struct trainer {
    const net *n;
    const train_data *d;
    int threads;                 /* K */
    int rank, ranks;             /* this rank of N sharing each batch (0 of 1 alone) */
    size_t n_chunks;             /* C = ceil(max batch / TRAIN_CHUNK) */
    net_workspace **ws;          /* (K) one per thread, TRAIN_CHUNK sequences */
    float **batch;               /* (K)(TRAIN_CHUNK, T, F) gathered inputs */
    float **y, **target;         /* (K)(TRAIN_CHUNK) */
    float *chunk_grads;          /* (C, P) gradient of each chunk */
    double *chunk_loss;          /* (C + 1) sum of squared errors of each chunk;
                                    the extra slot carries the stop flag */
    const size_t *ends;          /* (B) window ends of the current batch */
    size_t B;
    uint64_t dropout_seed;
    int loss;                    /* enum loss_kind */
} trainer;

/* The targets of the windows ending at ends[0..B-1] of x (R, F), (B, S):
 * the target column (0) at each step a model with S outputs and horizon
 * forecasts (window_step_ahead). */
static void path_targets(const float *x, size_t F, const size_t *ends, size_t B,
                         size_t horizon, size_t S, float *target)
{
    for (size_t b = 0; b < B; b++)
        for (size_t s = 0; s < S; s++)
            target[b * S + s] = x[(ends[b] + window_step_ahead(horizon, S, s)) * F];
}

/* Thread i of k: the chunks i, i + k, ... of this rank's chunks of the
 * current batch (rank r of N has the chunks r, r + N, ...). */
static void batch_part(void *ctx, int i, int k)
{
    trainer *t = ctx;
    size_t F = t->d->n_feat, T = (size_t)t->n->cfg.seq_len, h = t->d->w->horizon;
    size_t S = (size_t)net_steps(&t->n->cfg.arch);
    size_t P = t->n->n_params, chunks = (t->B + TRAIN_CHUNK - 1) / TRAIN_CHUNK;
    size_t N = (size_t)t->ranks;
    for (size_t c = (size_t)t->rank + (size_t)i * N; c < chunks; c += (size_t)k * N) {
        size_t lo = c * TRAIN_CHUNK, nb = t->B - lo < TRAIN_CHUNK ? t->B - lo : TRAIN_CHUNK;
        net_workspace_zero_grads(t->ws[i]);
        inference_gather(t->d->x, F, T, t->ends + lo, nb, t->batch[i]);
        path_targets(t->d->x, F, t->ends + lo, nb, h, S, t->target[i]);
        net_forward(t->n, t->ws[i], t->batch[i], (int)nb, t->y[i], 1, t->dropout_seed, lo);
        t->chunk_loss[c] = net_backward(t->n, t->ws[i], t->y[i], t->target[i], (int)nb,
                                        1.0f / (float)(t->B * S), t->loss);
        memcpy(t->chunk_grads + c * P, net_workspace_grads(t->ws[i]), P * sizeof(float));
    }
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
    free(t->chunk_grads);
    free(t->chunk_loss);
}

static int trainer_init(trainer *t, const net *n, const train_data *d, int batch, int threads,
                        int data_parallel)
{
    memset(t, 0, sizeof *t);
    t->n = n;
    t->d = d;
    t->threads = threads;
    t->rank = data_parallel ? mpi_comm_rank() : 0;
    t->ranks = data_parallel ? mpi_comm_size() : 1;
    t->n_chunks = ((size_t)batch + TRAIN_CHUNK - 1) / TRAIN_CHUNK;
    size_t window = (size_t)n->cfg.seq_len * d->n_feat, S = (size_t)net_steps(&n->cfg.arch);
    t->ws = calloc((size_t)threads, sizeof *t->ws);
    t->batch = calloc((size_t)threads, sizeof *t->batch);
    t->y = calloc((size_t)threads, sizeof *t->y);
    t->target = calloc((size_t)threads, sizeof *t->target);
    t->chunk_grads = malloc(t->n_chunks * n->n_params * sizeof(float));
    t->chunk_loss = calloc(t->n_chunks + 1, sizeof *t->chunk_loss);
    if (!t->ws || !t->batch || !t->y || !t->target || !t->chunk_grads || !t->chunk_loss)
        return -1;
    for (int i = 0; i < threads; i++) {
        t->ws[i] = net_workspace_create(n, TRAIN_CHUNK);
        t->batch[i] = malloc(TRAIN_CHUNK * window * sizeof(float));
        t->y[i] = malloc(TRAIN_CHUNK * S * sizeof(float));
        t->target[i] = malloc(TRAIN_CHUNK * S * sizeof(float));
        if (!t->ws[i] || !t->batch[i] || !t->y[i] || !t->target[i])
            return -1;
    }
    return 0;
}

/* Runs one batch (t->ends, t->B): leaves its gradient in grads (P) and its
 * sum of squared errors in *sse_out, and sets *stop when *stop_flag (may be
 * NULL) is set — on any rank when the batch is shared, so that all ranks
 * stop at the same batch. Returns 0, or -1 when the ranks could not
 * exchange the chunks. */
static int trainer_step(trainer *t, int threads, float *grads, double *sse_out,
                        const volatile sig_atomic_t *stop_flag, int *stop)
{
    size_t P = t->n->n_params, chunks = (t->B + TRAIN_CHUNK - 1) / TRAIN_CHUNK;
    size_t N = (size_t)t->ranks, r = (size_t)t->rank;
    size_t mine = chunks > r ? (chunks - r + N - 1) / N : 0;
    int k = (size_t)threads < mine ? threads : (int)mine;
    if (N > 1) {
        memset(t->chunk_grads, 0, chunks * P * sizeof *t->chunk_grads);
        memset(t->chunk_loss, 0, (chunks + 1) * sizeof *t->chunk_loss);
    }
    parallel_run(k, batch_part, t);
    t->chunk_loss[chunks] = stop_flag && *stop_flag;
    if (N > 1 && (mpi_comm_sum_floats(t->chunk_grads, chunks * P) ||
                  mpi_comm_sum_doubles(t->chunk_loss, chunks + 1)))
        return -1;
    *stop = t->chunk_loss[chunks] > 0;
    double sse = 0;
    memcpy(grads, t->chunk_grads, P * sizeof *grads);
    for (size_t c = 0; c < chunks; c++) {
        sse += t->chunk_loss[c];
        if (c > 0) {
            const float *g = t->chunk_grads + c * P;
            for (size_t p = 0; p < P; p++)
                grads[p] += g[p];
        }
    }
    *sse_out = sse;
    return 0;
}

int train_eval_loss(const net *n, const train_data *d, size_t first, size_t count,
                    int threads, int loss, double *value, sa_error *e)
{
    size_t S = (size_t)net_steps(&n->cfg.arch), values = count * S;
    float *y = malloc((values ? values : 1) * sizeof *y);
    float *target = malloc((values ? values : 1) * sizeof *target);
    const size_t *ends = d->w->end + first;
    if (!y || !target || inference_windows(n, d->x, d->n_feat, ends, count, threads, y, e)) {
        free(y);
        free(target);
        return y && target ? -1 : sa_fail(e, "out of memory");
    }
    path_targets(d->x, d->n_feat, ends, count, d->w->horizon, S, target);
    if (n->cfg.window_scale) /* the loss training takes: per-window units */
        for (size_t k = 0; k < count; k++) {
            const float *last = d->x + ends[k] * d->n_feat;
            float s = window_norm_scale(last - (size_t)(n->cfg.seq_len - 1) * d->n_feat,
                                        d->n_feat, n->cfg.seq_len);
            for (size_t j = 0; j < S; j++) {
                float *yk = &y[k * S + j], *tk = &target[k * S + j];
                *yk = s > 0 ? (*yk - last[0]) / s : 0.0f;
                *tk = window_norm_unit(*tk, last[0], s);
            }
        }
    *value = count ? loss_forward(loss, y, target, (int)values) / (double)values : 0;
    free(y);
    free(target);
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
    train_checkpoint_free(&h->checkpoint);
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

void train_checkpoint_free(train_checkpoint *c)
{
    free(c->params);
    free(c->adam_m);
    free(c->adam_v);
    memset(c, 0, sizeof *c);
}

/* Records where the run stands in h->checkpoint. Returns 0 or -1. */
static int save_checkpoint(train_history *h, const net *n, const adam *opt, int epoch,
                           size_t next_batch, double sse, double lr, const plateau *sched,
                           const early_stop *stopper)
{
    train_checkpoint *c = &h->checkpoint;
    size_t bytes = n->n_params * sizeof(float);
    c->params = malloc(bytes);
    c->adam_m = malloc(bytes);
    c->adam_v = malloc(bytes);
    if (!c->params || !c->adam_m || !c->adam_v) {
        train_checkpoint_free(c);
        return -1;
    }
    net_params_copy(c->params, n);
    memcpy(c->adam_m, opt->m, bytes);
    memcpy(c->adam_v, opt->v, bytes);
    c->n_params = n->n_params;
    c->epoch = epoch;
    c->next_batch = next_batch;
    c->epoch_sse = sse;
    c->lr = lr;
    c->sched = *sched;
    c->stopper = *stopper;
    c->adam_t = opt->t;
    return 0;
}

/* Takes over the history of the completed epochs (resume) into a fresh
 * history with room for the whole run. */
static int history_resume(train_history *h, const train_options *o)
{
    train_history old = *h;
    if (history_alloc(h, o->epochs))
        return -1;
    size_t k = old.n_epochs < (size_t)o->epochs ? old.n_epochs : (size_t)o->epochs;
    if (k) { /* none when stopped before the first epoch ended (NULL arrays) */
        memcpy(h->train_loss, old.train_loss, k * sizeof(float));
        memcpy(h->val_loss, old.val_loss, k * sizeof(float));
        memcpy(h->lr, old.lr, k * sizeof(float));
    }
    h->n_epochs = k;
    h->best_epoch = old.best_epoch;
    h->best_val_loss = old.best_val_loss;
    train_history_free(&old);
    return 0;
}

/* One run of train_loop: what it owns and where it stands. */
typedef struct loop_state {
    net *n;
    const train_data *d;
    const train_options *o;
    train_history *h;
    int K;                   /* threads */
    size_t P;                /* parameters */
    trainer t;
    adam opt;
    size_t *order;           /* (n_train) this epoch's shuffled window ends */
    float *best;             /* (P) the best weights so far */
    float *grads;            /* (P) the batch's gradient */
    plateau sched;
    early_stop stopper;
    double lr;
    int first_epoch;         /* where a resumed run picks up */
    size_t first_batch;
    double first_sse;
} loop_state;

static void loop_free(loop_state *s)
{
    trainer_free(&s->t);
    adam_free(&s->opt);
    free(s->order);
    free(s->best);
    free(s->grads);
}

/* Allocates everything the run needs and sets its starting point: epoch 1,
 * or where o->resume stopped (weights, Adam's moments, scheduler, early
 * stopping). Returns 0, or -1 with e set. */
static int loop_setup(loop_state *s, net *n, const train_data *d, const train_options *o,
                      train_history *h, sa_error *e)
{
    const train_checkpoint *from = o->resume;
    *s = (loop_state){.n = n, .d = d, .o = o, .h = h, .K = o->threads < 1 ? 1 : o->threads,
                      .P = n->n_params, .lr = o->lr, .first_epoch = 1};
    s->order = malloc(d->w->n_train * sizeof *s->order);
    s->best = malloc(s->P * sizeof *s->best);
    s->grads = malloc(s->P * sizeof *s->grads);
    if ((from ? history_resume(h, o) : history_alloc(h, o->epochs)) || !s->order ||
        !s->best || !s->grads || trainer_init(&s->t, n, d, o->batch, s->K, o->data_parallel) ||
        adam_init(&s->opt, s->P, e))
        return sa_fail(e, "out of memory for training");
    s->t.loss = o->loss;
    if (from && from->n_params != s->P)
        return sa_fail(e, "the checkpoint holds %zu parameters, the network %zu",
                       from->n_params, s->P);
    net_params_copy(s->best, n);
    plateau_init(&s->sched, o->lr);
    early_stop_init(&s->stopper, o->patience);
    if (!from) {
        h->best_val_loss = INFINITY;
        return 0;
    }
    net_params_restore(n, from->params);
    memcpy(s->opt.m, from->adam_m, s->P * sizeof *s->opt.m);
    memcpy(s->opt.v, from->adam_v, s->P * sizeof *s->opt.v);
    s->opt.t = from->adam_t;
    s->sched = from->sched;
    s->stopper = from->stopper;
    s->lr = from->lr;
    s->first_epoch = from->epoch;
    s->first_batch = from->next_batch;
    s->first_sse = from->epoch_sse;
    return 0;
}

/* The learning rate of batch (0-based) of epoch (1-based) for the cosine
 * schedule of loop.h, with n_batches batches an epoch. */
static double cosine_lr(const train_options *o, int epoch, size_t batch, size_t n_batches)
{
    double warm = (double)n_batches, step = (double)(epoch - 1) * n_batches + (double)batch;
    double total = (double)o->epochs * n_batches;
    if (step < warm)
        return o->lr * (step + 1.0) / warm;
    if (total <= warm)
        return o->lr;
    return o->lr * 0.5 * (1.0 + cos(M_PI * (step - warm) / (total - warm)));
}

/* One batch: gradient (summed over threads and ranks), the NaN guard,
 * clipping, the Adam step, and on a stop request the checkpoint. Adds the
 * batch's squared error to *sse. Returns 0, or -1 with e set (n then holds
 * the best weights so far). */
static int run_batch(loop_state *s, int epoch, size_t batch, double *sse, sa_error *e)
{
    double batch_sse;
    int stop_now;
    if (trainer_step(&s->t, s->K, s->grads, &batch_sse, s->o->stop, &stop_now)) {
        net_params_restore(s->n, s->best);
        return sa_fail(e, "epoch %d, batch %zu: the MPI ranks could not exchange gradients",
                       epoch, batch + 1);
    }
    double norm = clip_grad_norm(s->grads, s->P, (float)s->o->clip);
    if (!isfinite(batch_sse) || !isfinite(norm)) {
        net_params_restore(s->n, s->best);
        return sa_fail(e, "epoch %d, batch %zu: %s is not finite; kept the best weights "
                          "so far (try a lower --lr)",
                       epoch, batch + 1, isfinite(batch_sse) ? "gradient" : "loss");
    }
    if (s->o->schedule == TRAIN_COSINE) {
        size_t B = (size_t)s->o->batch, n_train = s->d->w->n_train;
        s->lr = cosine_lr(s->o, epoch, batch, (n_train + B - 1) / B);
    }
    adam_step(&s->opt, s->n->params, s->grads, (float)s->lr);
    *sse += batch_sse;
    s->h->sequences += (double)s->t.B;
    if (!stop_now)
        return 0;
    s->h->interrupted = 1;
    if (save_checkpoint(s->h, s->n, &s->opt, epoch, batch + 1, *sse, s->lr, &s->sched,
                        &s->stopper)) {
        net_params_restore(s->n, s->best);
        return sa_fail(e, "out of memory saving the training state");
    }
    return 0;
}

/* The batches of one epoch, in an order that depends on the seed and the
 * epoch alone (so a resumed run repeats it), from the first batch not yet
 * taken. Fills *sse with the epoch's summed squared error. Returns 0 (also
 * when stopped: h->interrupted), or -1 with e set. */
static int run_epoch(loop_state *s, int epoch, double *sse, sa_error *e)
{
    const train_options *o = s->o;
    size_t n_train = s->d->w->n_train, B = (size_t)o->batch;
    memcpy(s->order, s->d->w->end, n_train * sizeof *s->order);
    rng r;
    rng_seed_stream(&r, o->seed, (uint64_t)epoch);
    shuffle(s->order, n_train, &r);
    int resumed = epoch == s->first_epoch;
    *sse = resumed ? s->first_sse : 0;
    for (size_t batch = resumed ? s->first_batch : 0; batch * B < n_train; batch++) {
        size_t start = batch * B;
        s->t.B = n_train - start < B ? n_train - start : B;
        s->t.ends = s->order + start;
        s->t.dropout_seed = rng_mix(o->seed ^ ((uint64_t)epoch << 32) ^ batch);
        if (run_batch(s, epoch, batch, sse, e))
            return -1;
        if (s->h->interrupted)
            break;
    }
    return 0;
}

/* After a whole epoch: the validation loss (rank 0's under MPI), the
 * history, the best weights, the scheduler and the progress line. Sets
 * *stop when early stopping ends the run. Returns 0, or -1 with e set. */
static int end_epoch(loop_state *s, int epoch, double sse, progress *pr, int *stop, sa_error *e)
{
    const window_set *w = s->d->w;
    train_history *h = s->h;
    double val;
    if (train_eval_loss(s->n, s->d, window_val_start(w), w->n_val, s->K, s->o->loss, &val, e))
        return -1;
    /* Every rank computed it on the same weights; rank 0's value makes the
     * plateau and early-stopping decisions agree even so. */
    if (s->t.ranks > 1 && mpi_comm_bcast(&val, sizeof val, 0))
        return sa_fail(e, "epoch %d: the MPI ranks could not share the validation loss", epoch);
    size_t k = h->n_epochs++;
    h->train_loss[k] = (float)(sse / (double)w->n_train / net_steps(&s->n->cfg.arch));
    h->val_loss[k] = (float)val;
    h->lr[k] = (float)s->lr;
    if (early_stop_update(&s->stopper, val)) {
        net_params_copy(s->best, s->n);
        h->best_epoch = epoch;
        h->best_val_loss = val;
    }
    double plateau_lr = plateau_step(&s->sched, val);
    if (s->o->schedule == TRAIN_PLATEAU)
        s->lr = plateau_lr;
    *stop = s->stopper.stop;
    char msg[160];
    snprintf(msg, sizeof msg, "loss %.6g val %.6g lr %.2g", h->train_loss[k], val, h->lr[k]);
    progress_update(pr, (size_t)epoch, msg, epoch == s->o->epochs || *stop);
    return 0;
}

int train_loop(net *n, const train_data *d, const train_options *o, train_history *h,
               sa_error *e)
{
    loop_state s;
    if (loop_setup(&s, n, d, o, h, e)) {
        loop_free(&s);
        return -1;
    }
    progress pr;
    progress_begin(&pr, o->label, (size_t)o->epochs);
    double t0 = progress_now();
    int stop = 0;
    for (int epoch = s.first_epoch; epoch <= o->epochs && !stop; epoch++) {
        double sse;
        if (run_epoch(&s, epoch, &sse, e) ||
            (!h->interrupted && end_epoch(&s, epoch, sse, &pr, &stop, e))) {
            loop_free(&s);
            return -1;
        }
        stop = stop || h->interrupted;
    }
    progress_end(&pr);
    /* The best weights so far; a resumed run's best is what n held on entry
     * until an epoch of its own beats it. */
    net_params_restore(n, s.best);
    h->seconds = progress_now() - t0;
    loop_free(&s);
    return 0;
}
