/* fit.c — see fit.h. */
#include "fit.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "forecaster.h"

int fit_member(model_member *m, const fit_data *d, fit_stats *stats, sa_error *e)
{
    net n;
    net_config nc;
    forecast_net_config(&m->config, &nc);
    if (net_create(&n, &nc, e))
        return -1;
    if (net_init_weights(&n, (uint64_t)m->config.seed, e)) {
        net_free(&n);
        return -1;
    }
    train_options o;
    train_defaults(&o);
    o.epochs = m->config.epochs;
    o.patience = d->patience;
    o.batch = m->config.batch;
    o.lr = m->config.lr;
    o.threads = d->threads;
    o.seed = (uint64_t)m->config.seed;
    o.stop = d->stop;
    o.label = d->label;
    o.data_parallel = d->data_parallel;
    train_data td = {d->x, d->n_rows, d->n_feat, d->w};
    train_history h;
    int rc = train_run(&n, &td, &o, &h, e);
    if (h.n_epochs) {
        m->n_epochs = h.n_epochs;
        m->train_loss = h.train_loss;
        m->val_loss = h.val_loss;
        m->lr = h.lr;
        h.train_loss = h.val_loss = h.lr = NULL;
        m->config.epochs_run = (int)h.n_epochs;
        m->config.best_epoch = h.best_epoch;
        m->config.interrupted = h.interrupted;
        if (forecast_member_from_net(m, &n, e))
            rc = -1;
    }
    if (stats) {
        stats->seconds = h.seconds;
        stats->sequences = h.sequences;
    }
    train_history_free(&h);
    net_free(&n);
    return rc;
}

double fit_best_val_loss(const model_member *m)
{
    int b = m->config.best_epoch;
    return b >= 1 && (size_t)b <= m->n_epochs ? m->val_loss[b - 1] : 1e300;
}

/* A packed outcome: this header, then n_tensors model_tensor headers (data
 * pointers meaningless), the tensors' floats in order, and the history's
 * train_loss, val_loss and lr (n_epochs floats each). */
typedef struct packed_head {
    model_config config;
    fit_stats stats;
    sa_error why;
    int32_t failed;
    uint64_t n_tensors, n_epochs;
    double weight;
} packed_head;

static size_t tensor_floats(const model_tensor *t) { return t->dims[0] * t->dims[1]; }

int fit_pack(const model_member *m, const fit_stats *stats, int failed, const sa_error *why,
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

static void member_release(model_member *m)
{
    for (size_t i = 0; i < m->n_tensors; i++)
        free(m->tensors[i].data);
    free(m->train_loss);
    free(m->val_loss);
    free(m->lr);
    memset(m, 0, sizeof *m);
}

int fit_unpack(model_member *m, fit_stats *stats, int *failed, sa_error *why, const void *buf,
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
            member_release(m);
            return sa_fail(e, "a trained member from another rank is damaged (tensor %s)", t->name);
        }
        t->data = malloc(size ? size : 1);
        if (!t->data) {
            member_release(m);
            return sa_fail(e, "out of memory");
        }
        memcpy(t->data, at, size);
        at += size;
    }
    m->n_epochs = head.n_epochs;
    float **history[3] = {&m->train_loss, &m->val_loss, &m->lr};
    size_t size = m->n_epochs * sizeof(float);
    if ((size_t)(end - at) != 3 * size) {
        member_release(m);
        return sa_fail(e, "a trained member from another rank is damaged (history)");
    }
    for (int k = 0; k < 3 && size; k++, at += size) {
        *history[k] = malloc(size);
        if (!*history[k]) {
            member_release(m);
            return sa_fail(e, "out of memory");
        }
        memcpy(*history[k], at, size);
    }
    *stats = head.stats;
    *failed = head.failed;
    *why = head.why;
    return 0;
}
