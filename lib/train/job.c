/* job.c — see job.h. */
#include "train/job.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/predictor.h"

/* The scalars of a checkpoint in a member's resume_values, in this order. */
enum {
    RV_EPOCH, RV_NEXT_BATCH, RV_EPOCH_SSE, RV_LR, RV_PLATEAU_LR, RV_PLATEAU_BEST,
    RV_PLATEAU_BAD, RV_STOP_BEST, RV_STOP_BEST_EPOCH, RV_STOP_EPOCH, RV_STOP_BAD,
    RV_ADAM_T, RV_BEST_VAL, RV_PATIENCE
};

/* HDF5 keeps +inf, but a finite stand-in reads the same everywhere. */
static double finite_or_max(double v) { return isfinite(v) ? v : DBL_MAX; }
static double max_to_inf(double v) { return v == DBL_MAX ? INFINITY : v; }

/* Stores the checkpoint of an interrupted run in m (its /resume group). */
static int pack_checkpoint(model_member *m, const train_history *h, sa_error *e)
{
    const train_checkpoint *c = &h->checkpoint;
    size_t P = c->n_params;
    free(m->resume_state);
    m->resume_state = malloc(3 * P * sizeof(float));
    if (!m->resume_state)
        return sa_fail(e, "out of memory saving the training state");
    memcpy(m->resume_state, c->params, P * sizeof(float));
    memcpy(m->resume_state + P, c->adam_m, P * sizeof(float));
    memcpy(m->resume_state + 2 * P, c->adam_v, P * sizeof(float));
    m->n_resume_state = 3 * P;
    double *v = m->resume_values;
    memset(v, 0, MODEL_RESUME_VALUES * sizeof *v);
    v[RV_EPOCH] = c->epoch;
    v[RV_NEXT_BATCH] = (double)c->next_batch;
    v[RV_EPOCH_SSE] = c->epoch_sse;
    v[RV_LR] = c->lr;
    v[RV_PLATEAU_LR] = c->sched.lr;
    v[RV_PLATEAU_BEST] = finite_or_max(c->sched.best);
    v[RV_PLATEAU_BAD] = c->sched.bad_epochs;
    v[RV_STOP_BEST] = finite_or_max(c->stopper.best);
    v[RV_STOP_BEST_EPOCH] = c->stopper.best_epoch;
    v[RV_STOP_EPOCH] = c->stopper.epoch;
    v[RV_STOP_BAD] = c->stopper.bad_epochs;
    v[RV_ADAM_T] = (double)c->adam_t;
    v[RV_BEST_VAL] = finite_or_max(h->best_val_loss);
    v[RV_PATIENCE] = c->stopper.patience;
    return 0;
}

/* Rebuilds the checkpoint and the history so far from an interrupted
 * member, for train_loop's o->resume. c's arrays point into m (not owned);
 * the history's arrays are taken from m (train_loop takes them over). */
static int unpack_checkpoint(train_checkpoint *c, train_history *h, model_member *m,
                             const train_options *o, size_t P, sa_error *e)
{
    if (m->n_resume_state != 3 * P)
        return sa_fail(e, "the saved training state does not fit the network");
    const double *v = m->resume_values;
    memset(c, 0, sizeof *c);
    c->n_params = P;
    c->params = m->resume_state;
    c->adam_m = m->resume_state + P;
    c->adam_v = m->resume_state + 2 * P;
    c->epoch = (int)v[RV_EPOCH];
    c->next_batch = (size_t)v[RV_NEXT_BATCH];
    c->epoch_sse = v[RV_EPOCH_SSE];
    c->lr = v[RV_LR];
    plateau_init(&c->sched, o->lr);
    c->sched.lr = v[RV_PLATEAU_LR];
    c->sched.best = max_to_inf(v[RV_PLATEAU_BEST]);
    c->sched.bad_epochs = (int)v[RV_PLATEAU_BAD];
    early_stop_init(&c->stopper, (int)v[RV_PATIENCE]);
    c->stopper.best = max_to_inf(v[RV_STOP_BEST]);
    c->stopper.best_epoch = (int)v[RV_STOP_BEST_EPOCH];
    c->stopper.epoch = (int)v[RV_STOP_EPOCH];
    c->stopper.bad_epochs = (int)v[RV_STOP_BAD];
    c->adam_t = (long)v[RV_ADAM_T];
    if (c->epoch < 1 || c->epoch > o->epochs)
        return sa_fail(e, "the saved training state is at epoch %d of %d", c->epoch, o->epochs);
    memset(h, 0, sizeof *h);
    h->train_loss = m->train_loss;
    h->val_loss = m->val_loss;
    h->lr = m->lr;
    m->train_loss = m->val_loss = m->lr = NULL;
    h->n_epochs = m->n_epochs;
    h->best_epoch = m->config.best_epoch;
    h->best_val_loss = max_to_inf(v[RV_BEST_VAL]);
    return 0;
}

/* The network a job starts from: initial weights from the seed, or for a
 * resumed run the best weights so far, which the member holds (train_loop
 * takes the weights when stopped from the checkpoint). Returns 0, or -1
 * with e set. */
static int starting_net(net *n, const model_member *m, int warm_start, sa_error *e)
{
    if (m->resume_state || warm_start)
        return predictor_net_from_member(n, m, e);
    net_config nc = model_net_config(&m->config);
    if (net_create(n, &nc, e))
        return -1;
    if (net_init_weights(n, (uint64_t)m->config.seed, e)) {
        net_free(n);
        return -1;
    }
    return 0;
}

/* The training options of member m's config and the job's settings. */
static train_options job_train_options(const model_member *m, const job_data *d)
{
    train_options o;
    train_defaults(&o);
    o.epochs = m->config.epochs;
    o.patience = d->patience;
    o.batch = m->config.batch;
    o.lr = m->config.lr;
    o.schedule = !strcmp(m->config.schedule, "cosine") ? TRAIN_COSINE : TRAIN_PLATEAU;
    o.loss = m->config.loss;
    o.threads = d->threads;
    o.seed = (uint64_t)m->config.seed;
    o.stop = d->stop;
    o.label = d->label;
    o.data_parallel = d->data_parallel;
    return o;
}

/* Replaces m's history and weights with the run's (h, n), and its resume
 * state with h's checkpoint when the run was interrupted. Returns 0, or -1
 * with e set. */
static int store_run(model_member *m, train_history *h, const net *n, sa_error *e)
{
    free(m->train_loss);
    free(m->val_loss);
    free(m->lr);
    m->n_epochs = h->n_epochs;
    m->train_loss = h->train_loss;
    m->val_loss = h->val_loss;
    m->lr = h->lr;
    h->train_loss = h->val_loss = h->lr = NULL;
    free(m->resume_state);
    m->resume_state = NULL;
    m->n_resume_state = 0;
    m->config.epochs_run = (int)m->n_epochs;
    m->config.best_epoch = h->best_epoch;
    m->config.interrupted = h->interrupted;
    if (predictor_member_from_net(m, n, e) || (h->interrupted && pack_checkpoint(m, h, e)))
        return -1;
    return 0;
}

int job_fit(model_member *m, const job_data *d, job_stats *stats, sa_error *e)
{
    net n;
    int resuming = m->resume_state != NULL;
    if (starting_net(&n, m, d->warm_start, e))
        return -1;
    train_options o = job_train_options(m, d);
    train_data td = {d->x, d->n_rows, d->n_feat, d->w};
    train_history h;
    train_checkpoint from;
    memset(&h, 0, sizeof h);
    if (resuming && unpack_checkpoint(&from, &h, m, &o, n.n_params, e)) {
        net_free(&n);
        return -1;
    }
    o.resume = resuming ? &from : NULL;
    int rc = train_loop(&n, &td, &o, &h, e);
    if (store_run(m, &h, &n, e))
        rc = -1;
    if (stats) {
        stats->seconds = h.seconds;
        stats->sequences = h.sequences;
    }
    train_history_free(&h);
    net_free(&n);
    return rc;
}

double job_best_val_loss(const model_member *m)
{
    int b = m->config.best_epoch;
    return b >= 1 && (size_t)b <= m->n_epochs ? m->val_loss[b - 1] : 1e300;
}

/* A packed outcome: this header, then n_tensors model_tensor headers (data
 * pointers meaningless), the tensors' floats in order, and the history's
 * train_loss, val_loss and lr (n_epochs floats each). */
typedef struct packed_head {
    model_config config;
    job_stats stats;
    sa_error why;
    int32_t failed;
    uint64_t n_tensors, n_epochs;
    double weight;
} packed_head;

static size_t tensor_floats(const model_tensor *t) { return t->dims[0] * t->dims[1]; }

int job_pack(const model_member *m, const job_stats *stats, int failed, const sa_error *why,
             void **buf, size_t *bytes)
{
    size_t floats = 3 * m->n_epochs;
    for (size_t i = 0; i < m->n_tensors; i++)
        floats += tensor_floats(&m->tensors[i]);
    size_t size = sizeof(packed_head) + m->n_tensors * sizeof(model_tensor) + floats * sizeof(float);
    char *out = calloc(1, size);
    *buf = out;
    *bytes = size;
    if (!out)
        return -1;
    packed_head head;
    memset(&head, 0, sizeof head);
    head.config = m->config;
    head.stats = *stats;
    head.why = *why;
    head.failed = failed;
    head.n_tensors = m->n_tensors;
    head.n_epochs = m->n_epochs;
    head.weight = m->weight;
    memcpy(out, &head, sizeof head);
    char *at = out + sizeof head;
    for (size_t i = 0; i < m->n_tensors; i++, at += sizeof(model_tensor)) {
        model_tensor t = m->tensors[i];
        t.data = NULL;
        memcpy(at, &t, sizeof t);
    }
    for (size_t i = 0; i < m->n_tensors; i++) {
        memcpy(at, m->tensors[i].data, tensor_floats(&m->tensors[i]) * sizeof(float));
        at += tensor_floats(&m->tensors[i]) * sizeof(float);
    }
    const float *history[3] = {m->train_loss, m->val_loss, m->lr};
    for (int k = 0; k < 3; k++, at += m->n_epochs * sizeof(float))
        if (m->n_epochs)
            memcpy(at, history[k], m->n_epochs * sizeof(float));
    return 0;
}

int job_unpack(model_member *m, job_stats *stats, int *failed, sa_error *why, const void *buf,
               size_t bytes, sa_error *e)
{
    memset(m, 0, sizeof *m);
    packed_head head;
    if (bytes < sizeof head)
        return sa_fail(e, "a trained member from another rank is truncated (%zu bytes)", bytes);
    memcpy(&head, buf, sizeof head);
    const char *at = (const char *)buf + sizeof head, *end = (const char *)buf + bytes;
    if (head.n_tensors > MODEL_MAX_TENSORS || head.n_epochs > MODEL_MAX_EPOCHS ||
        (size_t)(end - at) < head.n_tensors * sizeof(model_tensor))
        return sa_fail(e, "a trained member from another rank is damaged");
    m->config = head.config;
    m->weight = head.weight;
    m->n_tensors = head.n_tensors;
    for (size_t i = 0; i < m->n_tensors; i++, at += sizeof(model_tensor)) {
        memcpy(&m->tensors[i], at, sizeof(model_tensor));
        m->tensors[i].data = NULL;
    }
    for (size_t i = 0; i < m->n_tensors; i++) {
        model_tensor *t = &m->tensors[i];
        size_t size = tensor_floats(t) * sizeof(float);
        if (t->dims[0] > (1u << 24) || t->dims[1] > (1u << 24) || (size_t)(end - at) < size) {
            model_member_free(m);
            return sa_fail(e, "a trained member from another rank is damaged (tensor %s)", t->name);
        }
        t->data = malloc(size ? size : 1);
        if (!t->data) {
            model_member_free(m);
            return sa_fail(e, "out of memory");
        }
        memcpy(t->data, at, size);
        at += size;
    }
    m->n_epochs = head.n_epochs;
    float **history[3] = {&m->train_loss, &m->val_loss, &m->lr};
    size_t size = m->n_epochs * sizeof(float);
    if ((size_t)(end - at) != 3 * size) {
        model_member_free(m);
        return sa_fail(e, "a trained member from another rank is damaged (history)");
    }
    for (int k = 0; k < 3 && size; k++, at += size) {
        *history[k] = malloc(size);
        if (!*history[k]) {
            model_member_free(m);
            return sa_fail(e, "out of memory");
        }
        memcpy(*history[k], at, size);
    }
    *stats = head.stats;
    *failed = head.failed;
    *why = head.why;
    return 0;
}
