/* net_train.c — see net.h: training workspaces, the training forward
 * (dropout, everything saved for backward) and the backward pass; the
 * BLAS-backed ops (lstm_forward, lstm_backward, dense_*) are called from
 * here only.
 * Sizes: B batch, T steps, I inputs, H hidden, L layers, D head width, S outputs. */
#include <string.h>

#include "nn/attention.h"
#include "nn/window_norm.h"
#include "nn/highway.h"
#include "nn/loss.h"
#include "nn/net_internal.h"
#include "base/rng.h"

/* Lays a training workspace out in base (when not NULL) and returns the
 * floats it needs; each piece starts on a 64-byte boundary. */
static size_t workspace_layout(net_workspace *w, const net *n, float *base)
{
    const size_t Bm = w->max_batch, T = n->cfg.seq_len, I = n->cfg.n_inputs;
    const size_t H = n->cfg.arch.hidden, D = n->cfg.arch.head, L = n->cfg.arch.layers;
    const size_t S = (size_t)net_steps(&n->cfg.arch);
    const int drop = (float)n->cfg.arch.dropout > 0.0f;
    size_t off = 0;
    WORKSPACE_TAKE(w->grads, n->n_params);
    WORKSPACE_TAKE(w->x, T * Bm * I);
    for (size_t k = 0; k < L; k++) {
        WORKSPACE_TAKE(w->cache[k].hs, (T + 1) * Bm * H);
        WORKSPACE_TAKE(w->cache[k].cs, (T + 1) * Bm * H);
        WORKSPACE_TAKE(w->cache[k].tanh_c, T * Bm * H);
        WORKSPACE_TAKE(w->cache[k].gates, T * Bm * 4 * H);
        if (drop && k + 1 < L) {
            WORKSPACE_TAKE(w->drop_out[k], T * Bm * H);
            WORKSPACE_TAKE(w->drop_mask[k], T * Bm * H);
        }
    }
    WORKSPACE_TAKE(w->alpha, T * Bm);
    WORKSPACE_TAKE(w->z, Bm * H);
    WORKSPACE_TAKE(w->a1, Bm * D);
    WORKSPACE_TAKE(w->d1, Bm * D);
    WORKSPACE_TAKE(w->mask1, Bm * D);
    WORKSPACE_TAKE(w->anchor, Bm);
    WORKSPACE_TAKE(w->wscale, Bm);
    WORKSPACE_TAKE(w->unit_y, Bm * S);
    WORKSPACE_TAKE(w->unit_target, Bm * S);
    WORKSPACE_TAKE(w->hw, Bm * S);
    const size_t act_start = off;
    WORKSPACE_TAKE(w->dy, Bm * S);
    WORKSPACE_TAKE(w->d_fc2_in, Bm * D);
    if (drop)
        WORKSPACE_TAKE(w->d_relu, Bm * D);
    WORKSPACE_TAKE(w->d_fc1, Bm * D);
    WORKSPACE_TAKE(w->dz, Bm * H);
    for (size_t k = 0; k < L; k++) {
        WORKSPACE_TAKE(w->dh[k], T * Bm * H);
        if (drop && k + 1 < L)
            WORKSPACE_TAKE(w->dh_drop[k], T * Bm * H);
    }
    if (base) {
        w->act_grads = base + act_start;
        w->n_act_grads = off - act_start;
    }
    WORKSPACE_TAKE(w->scratch, lstm_scratch_size((int)T, (int)Bm, (int)H));
    WORKSPACE_TAKE(w->w_hh_t, 4 * H * H);
    return off;
}

/* The input of layer k, (T, B, in_k). */
static const float *layer_input(const net *n, const net_workspace *w, int k)
{
    if (k == 0)
        return w->x;
    if (w->dropped)
        return w->drop_out[k - 1];
    return w->cache[k - 1].hs + (size_t)w->B * n->cfg.arch.hidden;
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
    const net_head_weights head = {P->fc1_w, P->fc2_w,
                                   w->reference ? dense_forward_naive : dense_forward};
    net_head_forward(n, w, P, w->cache[L - 1].hs + BH, B, y, &head);
}

net_workspace *net_workspace_create(const net *n, int max_batch)
{
    return net_workspace_new(n, max_batch, workspace_layout, forward_training, 0);
}

float *net_workspace_grads(net_workspace *w) { return w->inference ? NULL : w->grads; }

void net_workspace_zero_grads(net_workspace *w)
{
    if (!w->inference)
        memset(w->grads, 0, w->n_params * sizeof *w->grads);
}

/* Backward through the head and the pooling, from w->dy to w->dh[L-1], the
 * gradient of the top layer's outputs; every target starts at zero. */
static void head_backward(const net *n, net_workspace *w, const net_view *P, const net_view *G,
                          int B)
{
    const int T = n->cfg.seq_len, H = n->cfg.arch.hidden, L = n->cfg.arch.layers;
    const int D = n->cfg.arch.head, S = net_steps(&n->cfg.arch);
    const size_t BH = (size_t)B * H, BD = (size_t)B * D;
    dense_backward_op *dense_bwd = w->reference ? dense_backward_naive : dense_backward;
    const float *top = w->cache[L - 1].hs + BH;
    const float *z = n->cfg.arch.attention ? w->z : top + (size_t)(T - 1) * BH;
    if (D > 0) {
        dense_bwd(w->d_fc2_in, G->fc2_w, G->fc2_b, w->dy, w->dropped ? w->d1 : w->a1, P->fc2_w,
                  B, D, S);
        const float *d_relu = w->d_fc2_in;
        if (w->dropped) {
            dropout_backward(w->d_relu, w->d_fc2_in, w->mask1, BD);
            d_relu = w->d_relu;
        }
        relu_backward(w->d_fc1, d_relu, w->a1, BD);
        dense_bwd(w->dz, G->fc1_w, G->fc1_b, w->d_fc1, z, P->fc1_w, B, H, D);
    } else
        dense_bwd(w->dz, G->fc2_w, G->fc2_b, w->dy, z, P->fc2_w, B, H, S);   /* fc */
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
    const int L = n->cfg.arch.layers, S = net_steps(&n->cfg.arch);
    const size_t TBH = (size_t)T * B * H;
    const net_view P = net_view_of(n, n->params), G = net_view_of(n, w->grads);
    lstm_backward_op *lstm_bwd = w->reference ? lstm_backward_naive : lstm_backward;

    memset(w->act_grads, 0, w->n_act_grads * sizeof *w->act_grads);
    if (n->cfg.window_scale) { /* the loss in per-window units: d/d(head + highway) */
        for (int i = 0; i < B * S; i++) {
            int b = i / S;
            w->unit_y[i] = w->wscale[b] > 0 ? (y[i] - w->anchor[b]) / w->wscale[b] : 0.0f;
            w->unit_target[i] = window_norm_unit(target[i], w->anchor[b], w->wscale[b]);
        }
        y = w->unit_y;
        target = w->unit_target;
    }
    double loss = loss_forward(loss_kind, y, target, B * S);
    loss_backward(loss_kind, w->dy, y, target, B * S, scale);
    if (n->cfg.arch.highway > 0)
        highway_backward(G.hw_w, G.hw_b, w->dy, w->x, T, B, I, n->cfg.arch.highway, S);
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
