/* net_forward.c — see net.h: inference workspaces and the forward pass
 * (the training stack is net_train.c's). No BLAS here: the LSTM layers
 * and the head's dense layers run on the kernels of nn/kernels.h, against
 * weights the inference workspace transposed once.
 * Sizes: B batch, T steps, I inputs, H hidden, L layers, D head width, S outputs.
 * Inside, activations are time-major (T, B, ·) as lstm.h explains; the
 * input (B, T, I) is transposed once per forward. */
#include <stdlib.h>
#include <string.h>

#include "nn/attention.h"
#include "nn/highway.h"
#include "kernel/gemm.h"
#include "kernel/kernels.h"
#include "nn/net_internal.h"
#include "nn/window_norm.h"

net_workspace *net_workspace_new(const net *n, int max_batch, net_workspace_layout *layout,
                                 net_stack_forward *forward, int inference)
{
    if (max_batch < 1)
        return NULL;
    net_workspace *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->max_batch = max_batch;
    w->inference = inference;
    w->forward = forward;
    w->n_params = n->n_params;
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

struct net_inference_weights {
    lstm_infer_weights layer[NET_MAX_LAYERS];   /* into store, n's biases */
    float *fc1_t, *fc2_t;   /* (H, D), (D or H, S): the head's weights transposed */
    float *store;           /* the one allocation of the transposed weights */
};

net_inference_weights *net_inference_weights_create(const net *n)
{
    const int I = n->cfg.n_inputs, H = n->cfg.arch.hidden, D = n->cfg.arch.head;
    const int L = n->cfg.arch.layers, S = net_steps(&n->cfg.arch);
    const size_t fc1 = gemm_whole_lines((size_t)H * (D > 0 ? D : 1));
    size_t floats = fc1 + gemm_whole_lines((size_t)(D > 0 ? D : H) * S);
    for (int k = 0; k < L; k++)
        floats += lstm_infer_weights_size(k == 0 ? I : H, H);
    net_inference_weights *iw = calloc(1, sizeof *iw);
    /* 64-byte aligned like a workspace (gemm_whole_lines) */
    if (!iw || !(iw->store = aligned_alloc(64, floats * sizeof *iw->store))) {
        free(iw);
        return NULL;
    }
    const net_view P = net_view_of(n, n->params);
    float *store = iw->store;
    for (int k = 0; k < L; k++) {
        int in = k == 0 ? I : H;
        lstm_infer_prepare(&iw->layer[k], store, &P.lstm[k], in, H);
        store += lstm_infer_weights_size(in, H);
    }
    iw->fc1_t = store;
    iw->fc2_t = store + fc1;
    if (L > 0) {   /* the head: fc1 (D, H) and fc2 (S, D), or fc (S, H) */
        if (D > 0)
            gemm_transpose(iw->fc1_t, P.fc1_w, D, H);
        gemm_transpose(iw->fc2_t, P.fc2_w, S, D > 0 ? D : H);
    }
    return iw;
}

void net_inference_weights_free(net_inference_weights *iw)
{
    if (iw)
        free(iw->store);
    free(iw);
}

/* Lays an inference workspace out in base (when not NULL) and returns the
 * floats it needs: what net_forward with training = 0 reads and writes, no
 * more. */
static size_t inference_layout(net_workspace *w, const net *n, float *base)
{
    const size_t Bm = w->max_batch, T = n->cfg.seq_len, I = n->cfg.n_inputs;
    const size_t H = n->cfg.arch.hidden, D = n->cfg.arch.head, S = net_steps(&n->cfg.arch);
    size_t off = 0;
    WORKSPACE_TAKE(w->x, T * Bm * I);
    WORKSPACE_TAKE(w->seq[0], T * Bm * H);
    if (n->cfg.arch.layers > 1)
        WORKSPACE_TAKE(w->seq[1], T * Bm * H);
    WORKSPACE_TAKE(w->infer_scratch, lstm_infer_scratch_size((int)T, (int)Bm, (int)H));
    WORKSPACE_TAKE(w->alpha, T * Bm);
    WORKSPACE_TAKE(w->z, Bm * H);
    WORKSPACE_TAKE(w->a1, Bm * D);
    WORKSPACE_TAKE(w->anchor, Bm);
    WORKSPACE_TAKE(w->wscale, Bm);
    WORKSPACE_TAKE(w->hw, Bm * S);
    return off;
}

void net_workspace_free(net_workspace *w)
{
    if (!w)
        return;
    free(w->block);
    free(w);
}

void net_workspace_use_reference(net_workspace *w, int on) { w->reference = on; }

void net_head_forward(const net *n, net_workspace *w, const net_view *P, const float *top,
                      int B, float *y, const net_head_weights *head)
{
    const int T = n->cfg.seq_len, H = n->cfg.arch.hidden, D = n->cfg.arch.head;
    const int S = net_steps(&n->cfg.arch);
    const float *z = top + (size_t)(T - 1) * B * H;   /* (B, H) last step */
    if (n->cfg.arch.attention) {
        attention_forward(w->z, w->alpha, top, P->attn_w, P->attn_b, T, B, H);
        z = w->z;
    }
    if (D > 0) {
        head->dense(w->a1, z, head->fc1_w, P->fc1_b, B, H, D);
        relu_forward(w->a1, w->a1, (size_t)B * D);
        const float *h1 = w->a1;
        if (w->dropped) {
            dropout_forward(w->d1, w->mask1, w->a1, (size_t)B * D);
            h1 = w->d1;
        }
        head->dense(y, h1, head->fc2_w, P->fc2_b, B, D, S);
    } else
        head->dense(y, z, head->fc2_w, P->fc2_b, B, H, S);   /* fc */
}

/* (B, T, I) -> (T, B, I) */
static void to_time_major(float *dst, const float *x, int B, int T, int I)
{
    for (int b = 0; b < B; b++)
        for (int t = 0; t < T; t++)
            memcpy(dst + ((size_t)t * B + b) * I, x + ((size_t)b * T + t) * I,
                   (size_t)I * sizeof *x);
}

/* out (B, O) = in (B, I) · w_t (I, O) + bias: dense_forward on weights
 * stored transposed, on the active path's gemm_nn. */
static void dense_transposed(float *out, const float *in, const float *w_t, const float *bias,
                             int B, int I, int O)
{
    for (int b = 0; b < B; b++)
        memcpy(out + (size_t)b * O, bias, (size_t)O * sizeof *out);
    nn_kernels_active()->gemm_nn(out, in, w_t, B, O, I, I, O, O, 1);
}

/* net_forward on an inference workspace: each layer's outputs overwrite
 * the buffer two layers down, nothing is kept for backward. */
static void forward_inference(const net *n, net_workspace *w, const net_view *P, int B,
                              float *y, uint64_t dropout_seed, size_t first_index)
{
    (void)dropout_seed;   /* no dropout in inference */
    (void)first_index;
    const int T = n->cfg.seq_len, I = n->cfg.n_inputs, H = n->cfg.arch.hidden;
    const int L = n->cfg.arch.layers;
    const float *in = w->x;
    for (int k = 0; k < L; k++) {
        float *out = w->seq[k % 2];
        lstm_infer(out, w->infer_scratch, in, &w->iw->layer[k], T, B, k == 0 ? I : H, H);
        in = out;
    }
    const net_head_weights head = {w->iw->fc1_t, w->iw->fc2_t, dense_transposed};
    net_head_forward(n, w, P, in, B, y, &head);
}

net_workspace *net_workspace_create_inference(const net *n, const net_inference_weights *iw,
                                              int max_batch)
{
    net_workspace *w = net_workspace_new(n, max_batch, inference_layout, forward_inference, 1);
    if (w)
        w->iw = iw;
    return w;
}

/* The scale-free input stage (window_norm.h), in place on w->x (T, B, I):
 * nothing for the seed presets (no residual, no clip). */
static void input_stage(const net *n, net_workspace *w, int B)
{
    const net_arch *a = &n->cfg.arch;
    if (a->residual || a->clip > 0)
        window_norm_forward(w->x, w->anchor, n->cfg.window_scale ? w->wscale : NULL,
                            a->residual ? n->cfg.relative : 0u, (float)a->clip,
                            n->cfg.seq_len, B, n->cfg.n_inputs);
}

/* Adds the highway on the stage's output, scales it back by the window's
 * scale (window_scale) and, when residual, adds the anchor to every step
 * of y (B, S). */
static void output_stage(const net *n, net_workspace *w, const net_view *P, int B, float *y)
{
    const net_arch *a = &n->cfg.arch;
    const size_t S = (size_t)net_steps(a), BS = (size_t)B * S;
    if (a->highway > 0) {
        highway_forward(w->hw, w->x, P->hw_w, P->hw_b, n->cfg.seq_len, B, n->cfg.n_inputs,
                        a->highway, (int)S);
        for (size_t i = 0; i < BS; i++)
            y[i] += w->hw[i];
    }
    if (n->cfg.window_scale)
        for (size_t i = 0; i < BS; i++)
            y[i] *= w->wscale[i / S];
    if (a->residual)
        for (size_t i = 0; i < BS; i++)
            y[i] += w->anchor[i / S];
}

void net_forward(const net *n, net_workspace *w, const float *x, int B, float *y,
                 int training, uint64_t dropout_seed, size_t first_index)
{
    const net_view P = net_view_of(n, n->params);
    w->B = B;
    w->dropped = !w->inference && training && (float)n->cfg.arch.dropout > 0.0f;
    to_time_major(w->x, x, B, n->cfg.seq_len, n->cfg.n_inputs);
    input_stage(n, w, B);
    if (n->cfg.arch.layers == 0)
        memset(y, 0, (size_t)B * net_steps(&n->cfg.arch) * sizeof *y);
    else
        w->forward(n, w, &P, B, y, dropout_seed, first_index);
    output_stage(n, w, &P, B, y);
}
