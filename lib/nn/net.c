/* net.c — see net.h.
 * Sizes: B batch, T steps, I inputs, H hidden, L layers, D head width
 * (fc1 output). Inside, activations are time-major (T, B, ·) as lstm.h
 * explains; the input (B, T, I) is transposed once per forward. */
#include "nn/net.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nn/attention.h"
#include "nn/highway.h"
#include "nn/window_norm.h"
#include "nn/layers.h"
#include "nn/loss.h"
#include "nn/lstm.h"
#include "base/rng.h"

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
        check_range("residual", a->residual, 0, 1, e) < 0)
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
    const size_t H = a->hidden, G = 4 * H, D = a->head;
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
        add_tensor(out, &n, n_params, "fc2.weight", 2, 1, D);
        add_tensor(out, &n, n_params, "fc2.bias", 1, 1, 1);
    } else {
        add_tensor(out, &n, n_params, "fc.weight", 2, 1, H);
        add_tensor(out, &n, n_params, "fc.bias", 1, 1, 1);
    }
    if (a->highway > 0) {
        add_tensor(out, &n, n_params, "highway.weight", 2, 1, (size_t)a->highway);
        add_tensor(out, &n, n_params, "highway.bias", 1, 1, 1);
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

/* Named pointers into one flat buffer (params or grads), in the table's
 * order: 4 tensors a layer, then attn (if any), then the head (none of
 * these without LSTM layers), then the highway (if any). */
typedef struct net_view {
    lstm_weights lstm[NET_MAX_LAYERS];   /* (4H, in), (4H, H), (4H), (4H) */
    float *attn_w, *attn_b;   /* (1, H), (1); NULL without attention */
    float *fc1_w, *fc1_b;     /* (D, H), (D); NULL when D = 0 */
    float *fc2_w, *fc2_b;     /* (1, D), (1) when D > 0; else fc: (1, H), (1) */
    float *hw_w, *hw_b;       /* (1, k), (1); NULL without a highway */
} net_view;

static net_view view_of(const net *n, float *buf)
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

/* ---- workspace -------------------------------------------------------- */

struct net_workspace {
    int max_batch;
    int B;                 /* batch of the last forward */
    int dropped;           /* the last forward applied dropout */
    int reference;         /* use the plain-loop ops */
    int inference;         /* made by net_workspace_create_inference */
    size_t n_params;
    float *x;              /* (T, B, I) time-major input */
    /* inference workspaces: only x, these, alpha, z and a1 */
    float *seq[2];         /* (T, B, H) layer outputs, alternating between layers */
    float *infer_scratch;  /* lstm_infer_scratch_size(T, B, H) */
    /* training workspaces: the rest */
    float *grads;          /* (n_params) */
    lstm_cache cache[NET_MAX_LAYERS];  /* what each layer's forward saves */
    float *drop_out[NET_MAX_LAYERS];  /* (T, B, H) layer k's output after dropout, k < L-1; only when dropout > 0 */
    float *drop_mask[NET_MAX_LAYERS]; /* (T, B, H) its mask */
    float *alpha;          /* (T, B) attention weights */
    float *z;              /* (B, H) attention output */
    float *a1;             /* (B, D) relu(fc1) */
    float *d1;             /* (B, D) dropout(relu(fc1)) */
    float *mask1;          /* (B, D) */
    float *anchor;         /* (B) each window's last target input (window_norm) */
    float *hw;             /* (B) the highway's output */
    /* The gradients of the activations, one block [act_grads, + n_act_grads)
     * that net_backward_mse clears once, so every op below accumulates
     * (+=) into a buffer of its own: */
    float *act_grads;
    size_t n_act_grads;
    float *dy;             /* (B) of the output */
    float *d_fc2_in;       /* (B, D) of fc2's input (d1 when dropped, else a1) */
    float *d_relu;         /* (B, D) of a1 = relu(fc1), when dropped */
    float *d_fc1;          /* (B, D) of fc1's output, before the relu */
    float *dz;             /* (B, H) of the pooled state */
    float *dh[NET_MAX_LAYERS];       /* (T, B, H) of layer k's output */
    float *dh_drop[NET_MAX_LAYERS];  /* (T, B, H) of drop_out[k], when dropped */
    float *scratch;        /* lstm_scratch_size(T, B, H) */
    float *w_hh_t;         /* (H, 4H) lstm_forward's transposed recurrent weights */
    float *block;          /* the one allocation everything above points into */
};

#define TAKE(ptr, count)                                                      \
    do {                                                                      \
        if (base)                                                             \
            (ptr) = base + off;                                               \
        off += ((count) + 15) / 16 * 16;                                      \
    } while (0)

/* Lays a training workspace out in base (when not NULL) and returns the
 * floats it needs; each piece starts on a 64-byte boundary. */
static size_t workspace_layout(net_workspace *w, const net *n, float *base)
{
    const size_t Bm = w->max_batch, T = n->cfg.seq_len, I = n->cfg.n_inputs;
    const size_t H = n->cfg.arch.hidden, D = n->cfg.arch.head, L = n->cfg.arch.layers;
    const int drop = (float)n->cfg.arch.dropout > 0.0f;
    size_t off = 0;
    TAKE(w->grads, n->n_params);
    TAKE(w->x, T * Bm * I);
    for (size_t k = 0; k < L; k++) {
        TAKE(w->cache[k].hs, (T + 1) * Bm * H);
        TAKE(w->cache[k].cs, (T + 1) * Bm * H);
        TAKE(w->cache[k].tanh_c, T * Bm * H);
        TAKE(w->cache[k].gates, T * Bm * 4 * H);
        if (drop && k + 1 < L) {
            TAKE(w->drop_out[k], T * Bm * H);
            TAKE(w->drop_mask[k], T * Bm * H);
        }
    }
    TAKE(w->alpha, T * Bm);
    TAKE(w->z, Bm * H);
    TAKE(w->a1, Bm * D);
    TAKE(w->d1, Bm * D);
    TAKE(w->mask1, Bm * D);
    TAKE(w->anchor, Bm);
    TAKE(w->hw, Bm);
    const size_t act_start = off;
    TAKE(w->dy, Bm);
    TAKE(w->d_fc2_in, Bm * D);
    if (drop)
        TAKE(w->d_relu, Bm * D);
    TAKE(w->d_fc1, Bm * D);
    TAKE(w->dz, Bm * H);
    for (size_t k = 0; k < L; k++) {
        TAKE(w->dh[k], T * Bm * H);
        if (drop && k + 1 < L)
            TAKE(w->dh_drop[k], T * Bm * H);
    }
    if (base) {
        w->act_grads = base + act_start;
        w->n_act_grads = off - act_start;
    }
    TAKE(w->scratch, lstm_scratch_size((int)T, (int)Bm, (int)H));
    TAKE(w->w_hh_t, 4 * H * H);
    return off;
}

/* The same for an inference workspace: what net_forward with training = 0
 * reads and writes, no more. */
static size_t inference_layout(net_workspace *w, const net *n, float *base)
{
    const size_t Bm = w->max_batch, T = n->cfg.seq_len, I = n->cfg.n_inputs;
    const size_t H = n->cfg.arch.hidden, D = n->cfg.arch.head;
    size_t off = 0;
    TAKE(w->x, T * Bm * I);
    TAKE(w->seq[0], T * Bm * H);
    if (n->cfg.arch.layers > 1)
        TAKE(w->seq[1], T * Bm * H);
    TAKE(w->infer_scratch, lstm_infer_scratch_size((int)T, (int)Bm, (int)H));
    TAKE(w->alpha, T * Bm);
    TAKE(w->z, Bm * H);
    TAKE(w->a1, Bm * D);
    TAKE(w->anchor, Bm);
    TAKE(w->hw, Bm);
    return off;
}
#undef TAKE

/* A training (inference = 0) or inference workspace of max_batch
 * sequences in one 64-byte aligned block. NULL when out of memory. */
static net_workspace *workspace_new(const net *n, int max_batch, int inference)
{
    if (max_batch < 1)
        return NULL;
    net_workspace *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->max_batch = max_batch;
    w->inference = inference;
    w->n_params = n->n_params;
    size_t (*layout)(net_workspace *, const net *, float *) =
        inference ? inference_layout : workspace_layout;
    size_t count = layout(w, n, NULL);
    w->block = aligned_alloc(64, count * sizeof(float));
    if (!w->block) {
        free(w);
        return NULL;
    }
    /* Every buffer is written before it is read except the gradients, which
     * net_workspace_zero_grads clears; zero those here so a fresh workspace
     * holds zero gradients. Inference needs nothing zeroed. */
    layout(w, n, w->block);
    if (!inference)
        memset(w->grads, 0, n->n_params * sizeof *w->grads);
    return w;
}

net_workspace *net_workspace_create(const net *n, int max_batch)
{
    return workspace_new(n, max_batch, 0);
}

net_workspace *net_workspace_create_inference(const net *n, int max_batch)
{
    return workspace_new(n, max_batch, 1);
}

void net_workspace_free(net_workspace *w)
{
    if (!w)
        return;
    free(w->block);
    free(w);
}

float *net_workspace_grads(net_workspace *w) { return w->inference ? NULL : w->grads; }

void net_workspace_zero_grads(net_workspace *w)
{
    if (!w->inference)
        memset(w->grads, 0, w->n_params * sizeof *w->grads);
}

void net_workspace_use_reference(net_workspace *w, int on) { w->reference = on; }

/* ---- forward and backward ---------------------------------------------- */

/* The input of layer k, (T, B, in_k). */
static const float *layer_input(const net *n, const net_workspace *w, int k)
{
    if (k == 0)
        return w->x;
    if (w->dropped)
        return w->drop_out[k - 1];
    return w->cache[k - 1].hs + (size_t)w->B * n->cfg.arch.hidden;
}

/* The pooling and the head, shared by both forwards: from the top layer's
 * outputs top (T, B, H) to y (B); dropout after fc1 when w->dropped. */
static void head_forward(const net *n, net_workspace *w, const net_view *P, const float *top,
                         int B, float *y)
{
    const int T = n->cfg.seq_len, H = n->cfg.arch.hidden, D = n->cfg.arch.head;
    const float *z = top + (size_t)(T - 1) * B * H;   /* (B, H) last step */
    if (n->cfg.arch.attention) {
        attention_forward(w->z, w->alpha, top, P->attn_w, P->attn_b, T, B, H);
        z = w->z;
    }
    dense_forward_op *dense = w->reference ? dense_forward_naive : dense_forward;
    if (D > 0) {
        dense(w->a1, z, P->fc1_w, P->fc1_b, B, H, D);
        relu_forward(w->a1, w->a1, (size_t)B * D);
        const float *h1 = w->a1;
        if (w->dropped) {
            dropout_forward(w->d1, w->mask1, w->a1, (size_t)B * D);
            h1 = w->d1;
        }
        dense(y, h1, P->fc2_w, P->fc2_b, B, D, 1);
    } else
        dense(y, z, P->fc2_w, P->fc2_b, B, H, 1);   /* fc */
}

/* (B, T, I) -> (T, B, I) */
static void to_time_major(float *dst, const float *x, int B, int T, int I)
{
    for (int b = 0; b < B; b++)
        for (int t = 0; t < T; t++)
            memcpy(dst + ((size_t)t * B + b) * I, x + ((size_t)b * T + t) * I,
                   (size_t)I * sizeof *x);
}

/* net_forward on an inference workspace: each layer's outputs overwrite
 * the buffer two layers down, nothing is kept for backward. */
static void forward_inference(const net *n, net_workspace *w, const net_view *P, int B,
                              float *y)
{
    const int T = n->cfg.seq_len, I = n->cfg.n_inputs, H = n->cfg.arch.hidden;
    const int L = n->cfg.arch.layers;
    const float *in = w->x;
    for (int k = 0; k < L; k++) {
        float *out = w->seq[k % 2];
        lstm_infer(out, w->infer_scratch, in, &P->lstm[k], T, B, k == 0 ? I : H, H);
        in = out;
    }
    head_forward(n, w, P, in, B, y);
}

/* net_forward's LSTM, pooling and head on a training workspace, from the
 * input in w->x to y (B); dropout masks as net_forward explains. */
static void forward_training(const net *n, net_workspace *w, const net_view *P, int B,
                             float *y, uint64_t dropout_seed, size_t first_index)
{
    const int T = n->cfg.seq_len, I = n->cfg.n_inputs, H = n->cfg.arch.hidden;
    const int L = n->cfg.arch.layers, D = n->cfg.arch.head;
    const size_t BH = (size_t)B * H;
    const float p = (float)n->cfg.arch.dropout;
    if (w->dropped)   /* every mask of sequence b from its own stream */
        for (int b = 0; b < B; b++) {
            rng r;
            rng_seed_stream(&r, dropout_seed, first_index + (size_t)b);
            for (int k = 0; k + 1 < L; k++)
                for (int t = 0; t < T; t++)
                    dropout_mask(w->drop_mask[k] + ((size_t)t * B + b) * H, H, p, &r);
            if (D > 0)
                dropout_mask(w->mask1 + (size_t)b * D, D, p, &r);
        }

    for (int k = 0; k < L; k++) {
        if (w->reference)
            lstm_forward_naive(&w->cache[k], layer_input(n, w, k), &P->lstm[k], T, B,
                               k == 0 ? I : H, H);
        else
            lstm_forward(&w->cache[k], w->w_hh_t, layer_input(n, w, k), &P->lstm[k], T, B,
                         k == 0 ? I : H, H);
        if (w->dropped && k + 1 < L)
            dropout_forward(w->drop_out[k], w->drop_mask[k], w->cache[k].hs + BH,
                            (size_t)T * BH);
    }
    head_forward(n, w, P, w->cache[L - 1].hs + BH, B, y);
}

/* The scale-free input stage (window_norm.h), in place on w->x (T, B, I):
 * nothing for the seed presets (no residual, no clip). */
static void input_stage(const net *n, net_workspace *w, int B)
{
    const net_arch *a = &n->cfg.arch;
    if (a->residual || a->clip > 0)
        window_norm_forward(w->x, w->anchor, a->residual ? n->cfg.relative : 0u,
                            (float)a->clip, n->cfg.seq_len, B, n->cfg.n_inputs);
}

/* Adds the highway on the stage's output and, when residual, the anchor
 * to y (B). */
static void output_stage(const net *n, net_workspace *w, const net_view *P, int B, float *y)
{
    const net_arch *a = &n->cfg.arch;
    if (a->highway > 0) {
        highway_forward(w->hw, w->x, P->hw_w, P->hw_b, n->cfg.seq_len, B, n->cfg.n_inputs,
                        a->highway);
        for (int b = 0; b < B; b++)
            y[b] += w->hw[b];
    }
    if (a->residual)
        for (int b = 0; b < B; b++)
            y[b] += w->anchor[b];
}

void net_forward(const net *n, net_workspace *w, const float *x, int B, float *y,
                 int training, uint64_t dropout_seed, size_t first_index)
{
    const net_view P = view_of(n, n->params);
    w->B = B;
    w->dropped = !w->inference && training && (float)n->cfg.arch.dropout > 0.0f;
    to_time_major(w->x, x, B, n->cfg.seq_len, n->cfg.n_inputs);
    input_stage(n, w, B);
    if (n->cfg.arch.layers == 0)
        memset(y, 0, (size_t)B * sizeof *y);
    else if (w->inference)
        forward_inference(n, w, &P, B, y);
    else
        forward_training(n, w, &P, B, y, dropout_seed, first_index);
    output_stage(n, w, &P, B, y);
}

/* Backward through the head and the pooling, from w->dy to w->dh[L-1], the
 * gradient of the top layer's outputs; every target starts at zero. */
static void head_backward(const net *n, net_workspace *w, const net_view *P, const net_view *G,
                          int B)
{
    const int T = n->cfg.seq_len, H = n->cfg.arch.hidden, L = n->cfg.arch.layers;
    const int D = n->cfg.arch.head;
    const size_t BH = (size_t)B * H, BD = (size_t)B * D;
    dense_backward_op *dense_bwd = w->reference ? dense_backward_naive : dense_backward;
    const float *top = w->cache[L - 1].hs + BH;
    const float *z = n->cfg.arch.attention ? w->z : top + (size_t)(T - 1) * BH;
    if (D > 0) {
        dense_bwd(w->d_fc2_in, G->fc2_w, G->fc2_b, w->dy, w->dropped ? w->d1 : w->a1, P->fc2_w,
                  B, D, 1);
        const float *d_relu = w->d_fc2_in;
        if (w->dropped) {
            dropout_backward(w->d_relu, w->d_fc2_in, w->mask1, BD);
            d_relu = w->d_relu;
        }
        relu_backward(w->d_fc1, d_relu, w->a1, BD);
        dense_bwd(w->dz, G->fc1_w, G->fc1_b, w->d_fc1, z, P->fc1_w, B, H, D);
    } else
        dense_bwd(w->dz, G->fc2_w, G->fc2_b, w->dy, z, P->fc2_w, B, H, 1);   /* fc */
    float *dtop = w->dh[L - 1];
    if (n->cfg.arch.attention)
        attention_backward(dtop, G->attn_w, G->attn_b, w->dz, w->alpha, top, P->attn_w, T, B, H);
    else
        memcpy(dtop + (size_t)(T - 1) * BH, w->dz, BH * sizeof *dtop);
}

double net_backward(const net *n, net_workspace *w, const float *y, const float *target,
                    int B, float scale, int loss_kind)
{
    const int T = n->cfg.seq_len, I = n->cfg.n_inputs, H = n->cfg.arch.hidden;
    const int L = n->cfg.arch.layers;
    const size_t TBH = (size_t)T * B * H;
    const net_view P = view_of(n, n->params), G = view_of(n, w->grads);
    lstm_backward_op *lstm_bwd = w->reference ? lstm_backward_naive : lstm_backward;

    memset(w->act_grads, 0, w->n_act_grads * sizeof *w->act_grads);
    double loss = loss_forward(loss_kind, y, target, B);
    loss_backward(loss_kind, w->dy, y, target, B, scale);
    if (n->cfg.arch.highway > 0)
        highway_backward(G.hw_w, G.hw_b, w->dy, w->x, T, B, I, n->cfg.arch.highway);
    if (L == 0)
        return loss;
    head_backward(n, w, &P, &G, B);
    for (int k = L - 1; k >= 0; k--) {
        /* the gradient of layer k's input: layer k-1's output, after its
         * dropout when dropped; none for the data */
        float *din = k == 0 ? NULL : w->dropped ? w->dh_drop[k - 1] : w->dh[k - 1];
        lstm_bwd(din, &G.lstm[k], w->scratch, w->dh[k], &w->cache[k], layer_input(n, w, k),
                 &P.lstm[k], T, B, k == 0 ? I : H, H);
        if (k > 0 && w->dropped)
            dropout_backward(w->dh[k - 1], w->dh_drop[k - 1], w->drop_mask[k - 1], TBH);
    }
    return loss;
}

double net_backward_mse(const net *n, net_workspace *w, const float *y,
                        const float *target, int B, float scale)
{
    return net_backward(n, w, y, target, B, scale, LOSS_MSE);
}
