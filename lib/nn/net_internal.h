/* net_internal.h — what the files of the network (net.c: the parameter
 * table; net_forward.c: inference workspaces and the forward pass;
 * net_train.c: training workspaces, the training forward and backward)
 * share, and nothing outside lib/nn uses. The split keeps every BLAS call
 * out of the forward-only files, so a tool that only forecasts
 * (scaleahead-predict) links no BLAS. */
#ifndef SA_NET_INTERNAL_H
#define SA_NET_INTERNAL_H

#include <stdint.h>

#include "kernel/gemm.h"
#include "nn/layers.h"
#include "nn/lstm.h"
#include "nn/net.h"

/* Named pointers into one flat buffer (params or grads), in the table's
 * order: 4 tensors a layer, then attn (if any), then the head (none of
 * these without LSTM layers), then the highway (if any). */
typedef struct net_view {
    lstm_weights lstm[NET_MAX_LAYERS];   /* (4H, in), (4H, H), (4H), (4H) */
    float *attn_w, *attn_b;   /* (1, H), (1); NULL without attention */
    float *fc1_w, *fc1_b;     /* (D, H), (D); NULL when D = 0 */
    float *fc2_w, *fc2_b;     /* (S, D), (S) when D > 0; else fc: (S, H), (S) */
    float *hw_w, *hw_b;       /* (S, k), (S); NULL without a highway */
} net_view;

/* The views of n's tensors in buf (n->params or a gradient buffer). */
net_view net_view_of(const net *n, float *buf);

/* net_forward's part after the input stage, from the time-major input in
 * w->x to y (B, S): the inference or the training stack, set by the
 * workspace's creator. */
typedef void net_stack_forward(const net *n, net_workspace *w, const net_view *P, int B,
                               float *y, uint64_t dropout_seed, size_t first_index);

struct net_workspace {
    int max_batch;
    int B;                 /* batch of the last forward */
    int dropped;           /* the last forward applied dropout */
    int reference;         /* use the plain-loop ops */
    int inference;         /* made by net_workspace_create_inference */
    net_stack_forward *forward;  /* the LSTM stack and head of net_forward */
    size_t n_params;
    float *x;              /* (T, B, I) time-major input */
    /* inference workspaces: only x, these, alpha, z and a1 */
    float *seq[2];         /* (T, B, H) layer outputs, alternating between layers */
    float *infer_scratch;  /* lstm_infer_scratch_size(T, B, H) */
    const net_inference_weights *iw;   /* the weights it reads, shared */
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
    float *wscale;         /* (B) each window's scale (window_norm; window_scale only) */
    float *unit_y, *unit_target;  /* (B, S) training: output and target in the
                                     per-window units (window_scale only) */
    float *hw;             /* (B, S) the highway's output */
    /* The gradients of the activations, one block [act_grads, + n_act_grads)
     * that net_backward_mse clears once, so every op below accumulates
     * (+=) into a buffer of its own: */
    float *act_grads;
    size_t n_act_grads;
    float *dy;             /* (B, S) of the output */
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

/* In a layout function (base: the block or NULL, off: floats so far):
 * points ptr at the next count floats, each piece on a 64-byte boundary. */
#define WORKSPACE_TAKE(ptr, count)                                            \
    do {                                                                      \
        if (base)                                                             \
            (ptr) = base + off;                                               \
        off += gemm_whole_lines(count);                                       \
    } while (0)

/* Lays a workspace out in base (when not NULL) and returns the floats it
 * needs. */
typedef size_t net_workspace_layout(net_workspace *w, const net *n, float *base);

/* A workspace of max_batch sequences laid out by layout in one 64-byte
 * aligned block, running forward; its gradients (if the layout has any)
 * zeroed. NULL when out of memory or max_batch < 1. */
net_workspace *net_workspace_new(const net *n, int max_batch, net_workspace_layout *layout,
                                 net_stack_forward *forward, int inference);

/* The head's dense layers as a forward reads them: fc1 and fc2 (or fc)
 * weights in the layout dense takes (training: P's, (out, in) as
 * torch.nn.Linear; inference: transposed copies). */
typedef struct net_head_weights {
    const float *fc1_w, *fc2_w;
    dense_forward_op *dense;
} net_head_weights;

/* The pooling and the head, shared by both forwards: from the top layer's
 * outputs top (T, B, H) to y (B, S), with P's attention and biases and
 * head's weights; dropout after fc1 when w->dropped. */
void net_head_forward(const net *n, net_workspace *w, const net_view *P, const float *top,
                      int B, float *y, const net_head_weights *head);

#endif
