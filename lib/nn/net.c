/* net.c — see net.h: the parameter table and the network's lifetime. The
 * forward pass is in net_forward.c, training in net_train.c.
 * Sizes: H hidden, G = 4H, D head width (fc1 output), S outputs. */
#include "nn/net.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nn/net_internal.h"

/* ---- parameter layout ------------------------------------------------- */

/* Appends tensor name of shape (rows, cols) or (rows) at the end of the
 * buffer of *n_params floats. */
static void add_tensor(net_tensor *table, size_t *count, size_t *n_params, const char *name,
                       int ndim, size_t rows, size_t cols)
{
    net_tensor *t = &table[(*count)++];
    snprintf(t->name, sizeof t->name, "%s", name);
    t->ndim = ndim;
    t->rows = rows;
    t->cols = ndim == 1 ? 1 : cols;
    t->offset = *n_params;
    *n_params += t->rows * t->cols;
}

/* Fails unless lo <= v <= hi. */
static int check_range(const char *name, int v, int lo, int hi, sa_error *e)
{
    if (v < lo || v > hi)
        return sa_fail(e, "%s %d is out of range %d..%d", name, v, lo, hi);
    return 0;
}

int net_check_config(const net_config *cfg, sa_error *e)
{
    const net_arch *a = &cfg->arch;
    if (check_range("inputs", cfg->n_inputs, 1, NET_MAX_INPUTS, e) < 0 ||
        check_range("hidden", a->hidden, 1, NET_MAX_HIDDEN, e) < 0 ||
        check_range("layers", a->layers, a->highway > 0 ? 0 : 1, NET_MAX_LAYERS, e) < 0 ||
        check_range("head", a->head, 0, NET_MAX_HEAD, e) < 0 ||
        check_range("attention", a->attention, 0, 1, e) < 0 ||
        check_range("seq_len", cfg->seq_len, 1, NET_MAX_SEQ_LEN, e) < 0 ||
        check_range("highway", a->highway, 0, cfg->seq_len, e) < 0 ||
        check_range("steps", a->steps, 0, NET_MAX_STEPS, e) < 0 ||
        check_range("residual", a->residual, 0, 1, e) < 0 ||
        check_range("window_scale", cfg->window_scale, 0, a->residual, e) < 0)
        return -1;
    if (!(a->dropout >= 0 && a->dropout < 1))
        return sa_fail(e, "dropout %g is outside [0, 1)", a->dropout);
    if (!(a->clip >= 0 && isfinite(a->clip)))
        return sa_fail(e, "clip %g is not a finite bound >= 0", a->clip);
    return 0;
}

int net_layout(const net_config *cfg, net_tensor *out, size_t *n_params, sa_error *e)
{
    if (net_check_config(cfg, e) < 0)
        return -1;
    const net_arch *a = &cfg->arch;
    const size_t H = a->hidden, G = 4 * H, D = a->head, S = (size_t)net_steps(a);
    size_t n = 0;
    char name[64];
    *n_params = 0;
    for (int k = 0; k < a->layers; k++) {
        size_t in = k == 0 ? (size_t)cfg->n_inputs : H;
        snprintf(name, sizeof name, "lstm.weight_ih_l%d", k);
        add_tensor(out, &n, n_params, name, 2, G, in);
        snprintf(name, sizeof name, "lstm.weight_hh_l%d", k);
        add_tensor(out, &n, n_params, name, 2, G, H);
        snprintf(name, sizeof name, "lstm.bias_ih_l%d", k);
        add_tensor(out, &n, n_params, name, 1, G, 1);
        snprintf(name, sizeof name, "lstm.bias_hh_l%d", k);
        add_tensor(out, &n, n_params, name, 1, G, 1);
    }
    if (a->layers > 0 && a->attention) {
        add_tensor(out, &n, n_params, "attn.weight", 2, 1, H);
        add_tensor(out, &n, n_params, "attn.bias", 1, 1, 1);
    }
    if (a->layers == 0)
        ;   /* the highway alone */
    else if (D > 0) {
        add_tensor(out, &n, n_params, "fc1.weight", 2, D, H);
        add_tensor(out, &n, n_params, "fc1.bias", 1, D, 1);
        add_tensor(out, &n, n_params, "fc2.weight", 2, S, D);
        add_tensor(out, &n, n_params, "fc2.bias", 1, S, 1);
    } else {
        add_tensor(out, &n, n_params, "fc.weight", 2, S, H);
        add_tensor(out, &n, n_params, "fc.bias", 1, S, 1);
    }
    if (a->highway > 0) {
        add_tensor(out, &n, n_params, "highway.weight", 2, S, (size_t)a->highway);
        add_tensor(out, &n, n_params, "highway.bias", 1, S, 1);
    }
    return (int)n;
}

int net_create(net *n, const net_config *cfg, sa_error *e)
{
    memset(n, 0, sizeof *n);
    int count = net_layout(cfg, n->tensors, &n->n_params, e);
    if (count < 0)
        return -1;
    n->n_tensors = (size_t)count;
    n->cfg = *cfg;
    n->params = calloc(n->n_params, sizeof *n->params);
    if (!n->params)
        return sa_fail(e, "out of memory for %zu network parameters", n->n_params);
    return 0;
}

const net_tensor *net_find(const net *n, const char *name)
{
    for (size_t i = 0; i < n->n_tensors; i++)
        if (strcmp(n->tensors[i].name, name) == 0)
            return &n->tensors[i];
    return NULL;
}

net_view net_view_of(const net *n, float *buf)
{
    net_view v = {0};
    const net_tensor *t = n->tensors;
    for (int k = 0; k < n->cfg.arch.layers; k++) {
        v.lstm[k].w_ih = buf + t++->offset;
        v.lstm[k].w_hh = buf + t++->offset;
        v.lstm[k].b_ih = buf + t++->offset;
        v.lstm[k].b_hh = buf + t++->offset;
    }
    if (n->cfg.arch.layers > 0) {
        if (n->cfg.arch.attention) {
            v.attn_w = buf + t++->offset;
            v.attn_b = buf + t++->offset;
        }
        if (n->cfg.arch.head > 0) {
            v.fc1_w = buf + t++->offset;
            v.fc1_b = buf + t++->offset;
        }
        v.fc2_w = buf + t++->offset;
        v.fc2_b = buf + t++->offset;
    }
    if (n->cfg.arch.highway > 0) {
        v.hw_w = buf + t++->offset;
        v.hw_b = buf + t->offset;
    }
    return v;
}

void net_params_copy(float *dst, const net *n)
{
    memcpy(dst, n->params, n->n_params * sizeof *dst);
}

void net_params_restore(net *n, const float *src)
{
    memcpy(n->params, src, n->n_params * sizeof *src);
}

void net_free(net *n)
{
    free(n->params);
    n->params = NULL;
    n->n_params = 0;
    n->n_tensors = 0;
}
