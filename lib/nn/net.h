/* net.h — the whole forecasting network: stacked LSTM -> (last hidden state
 * | attention pooling) -> dense head -> S outputs, the forecasts of steps
 * 1..S ahead (S = 1: one forecast; docs/design.md §5, issue 23); for the
 * robust presets (issue 14) also a scale-free input stage in front
 * (window_norm.h: relative columns centred on the window's last target
 * value, every input clipped) whose anchor is added back to the output (a
 * residual forecast), and a linear highway on the last k target inputs
 * (highway.h) added to it. With no LSTM layers (layers 0) the network is
 * the highway alone (plus the anchor): a linear model.
 *
 *   y[s] = [head(LSTM(x'))[s]] + [highway(x'[T-k..T-1, 0])[s]] + [anchor]
 *   x' = clip(x - anchor · relative),  anchor = x[T-1, 0],  s = 0..S-1
 *
 * With S > 1 (a forecast path) the head's last layer and the highway have
 * S output rows, and every step is a residual from the same anchor, the
 * window's last target value: the step-s output is that value plus what
 * the network adds for s + 1 steps ahead ("direct" multi-horizon
 * forecasting, as MQ-RNN's and N-BEATS' heads: no forecast fed back).
 *
 * With window_scale, x' = clip((x - anchor) / s) on the relative columns
 * and y = anchor + s · ([head] + [highway]), s the window's scale.
 *
 * Parameters live in one flat buffer described by a table of named tensors
 * (names and shapes of the PyTorch state_dict); gradients and per-batch
 * activations live in a workspace, one per thread, so a batch can be split
 * across threads that share the parameters read-only and whose gradients
 * are summed afterwards in a fixed order.
 *
 * Sizes: B batch, T steps, I inputs, H hidden, L layers, D head width
 * (fc1 output; 0 = a single fc layer H->S, named "fc.weight"/"fc.bias"),
 * S outputs (forecast steps). */
#ifndef SA_NET_H
#define SA_NET_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"

/* The limits of a network, defined here once: net_create, the model file
 * (model_check_config) and the command line (scaleahead-train's flag ranges)
 * all take them from these, so a size the command line accepts also trains
 * and saves. With them the largest tensor is 4 * 2048 * 2048 floats (64 MiB). */
#define NET_MAX_INPUTS 4096
#define NET_MAX_HIDDEN 2048
#define NET_MAX_LAYERS 8
#define NET_MAX_HEAD 2048
#define NET_MAX_SEQ_LEN 100000
#define NET_MAX_STEPS 4096
/* The tensor table: 4 per LSTM layer, 2 of attention, 4 of the head, 2 of
 * the highway. */
#define NET_MAX_TENSORS (4 * NET_MAX_LAYERS + 2 + 4 + 2)

/* The architecture of a network: what a preset chooses, a model file records
 * (model_config.net) and net_create lays out. The one struct all three
 * share, so no field is copied by hand between them. */
typedef struct net_arch {
    int hidden;     /* H */
    int layers;     /* L */
    int head;       /* D, 0 = no fc1 */
    int attention;  /* 1 = attention pooling, 0 = last hidden state */
    double dropout; /* between LSTM layers and after fc1, in training only */
    int highway;    /* k: linear term on the last k target inputs, 0 = none */
    int residual;   /* 1: centre the relative inputs on the window's last
                       target value and add it back to the output */
    double clip;    /* inputs (after centring) clipped to [-clip, clip]; 0 = none */
    int steps;      /* S: outputs, the forecasts of steps 1..S ahead; 0 reads as 1
                       (net_steps), so every older initialiser means one output */
} net_arch;

/* S of a: its steps, 1 when 0. */
static inline int net_steps(const net_arch *a) { return a->steps > 1 ? a->steps : 1; }

/* A network: its architecture and the shape of its input (B, T, I). */
typedef struct net_config {
    int n_inputs;   /* I */
    int seq_len;    /* T */
    net_arch arch;
    unsigned relative;  /* bit f: input column f is in target units and is
                           centred per window (used when arch.residual) */
    int window_scale;   /* 1 (with arch.residual): the relative inputs are also divided by
                       the window's own scale, the mean absolute step of its
                       target (window_norm.h), and the output is anchor + scale ·
                       (head + highway); training's loss is taken in those
                       per-window units. Nothing is fitted per series: one
                       network serves series of any level and scale (a fleet's
                       global model, fleet.h) */
} net_config;

typedef struct net_tensor {
    char name[64];   /* "lstm.weight_ih_l0" */
    int ndim;        /* 1 or 2 */
    size_t rows, cols;  /* cols = 1 when ndim == 1 */
    size_t offset;   /* into params / grads */
} net_tensor;

typedef struct net {
    net_config cfg;
    size_t n_params;
    float *params;                 /* (n_params), owned */
    size_t n_tensors;
    net_tensor tensors[NET_MAX_TENSORS];
} net;

/* Per-thread scratch: gradients (same layout as params) and the activations
 * saved for backward, sized for up to max_batch sequences. Opaque beyond
 * grads; allocated once, no allocation in the training loop. */
typedef struct net_workspace net_workspace;
typedef struct net_inference_weights net_inference_weights;

/* Checks that every size of cfg is within the NET_MAX_* limits (inputs
 * 1..NET_MAX_INPUTS, hidden 1..NET_MAX_HIDDEN, layers 0..NET_MAX_LAYERS —
 * 0 only with a highway —, head 0..NET_MAX_HEAD, seq_len
 * 1..NET_MAX_SEQ_LEN, highway 0..seq_len, steps 0..NET_MAX_STEPS),
 * attention and residual 0 or 1,
 * dropout in [0, 1) and clip finite and >= 0. Returns 0, or -1 with e set
 * ("layers 9 is out of range 0..8"). */
int net_check_config(const net_config *cfg, sa_error *e);

/* The parameter table of cfg, without allocating anything: the names and
 * shapes of its tensors in PyTorch state_dict order, and their offsets into
 * one flat buffer: for k in 0..L-1 lstm.weight_ih_lk (4H, in_k) with
 * in_0 = I and in_k = H after, lstm.weight_hh_lk (4H, H), lstm.bias_ih_lk
 * (4H), lstm.bias_hh_lk (4H); with attention attn.weight (1, H), attn.bias
 * (1); D > 0: fc1.weight (D, H), fc1.bias (D), fc2.weight (S, D), fc2.bias
 * (S); D = 0: fc.weight (S, H), fc.bias (S) — none of these when L = 0 —;
 * with a highway of k: highway.weight (S, k), highway.bias (S). Row s of
 * the last layer and of the highway makes the forecast s + 1 steps ahead;
 * with S = 1 the table is exactly the one-output network's. Fills out (NET_MAX_TENSORS
 * slots) and *n_params (the buffer's floats). This table is the one
 * description of the layout: net_create and the model file both use it.
 * Returns the tensor count, or -1 with e set when cfg fails
 * net_check_config. */
int net_layout(const net_config *cfg, net_tensor *out, size_t *n_params, sa_error *e);

/* Lays out the parameters of cfg (zeroed). Returns 0, or -1 with e set
 * (net_check_config fails, out of memory). */
int net_create(net *n, const net_config *cfg, sa_error *e);

/* Glorot-uniform input and dense weights, orthogonal recurrent weights (QR
 * through LAPACKE), zero biases but forget-gate bias 1 (in bias_ih; bias_hh
 * forget part 0), from a generator seeded with seed; the highway starts at
 * zero (the forecast starts as the rest of the network, or persistence
 * when residual). Returns 0 or -1. */
int net_init_weights(net *n, uint64_t seed, sa_error *e);

/* The tensor called name, or NULL. */
const net_tensor *net_find(const net *n, const char *name);

/* Allocates a training workspace for batches of up to max_batch sequences
 * of n: gradients (zeroed), every activation backward needs, dropout masks.
 * Returns NULL when out of memory (or max_batch < 1). Free with
 * net_workspace_free. */
net_workspace *net_workspace_create(const net *n, int max_batch);

/* n's weights as inference reads them: every LSTM layer's w_ih^T and
 * w_hh^T and the head's weights transposed, the layout of the kernels'
 * gemm_nn. Made once for all the batches and threads that forecast with
 * n (transposing each batch took about a tenth of inference time; a copy
 * each thread, a megabyte and more of training's peak memory), then read
 * only. It holds n's weights as they are now and points at n's biases:
 * free it before n, and make a new one after the weights change. NULL
 * when out of memory. */
net_inference_weights *net_inference_weights_create(const net *n);

/* Frees iw; NULL is ignored. */
void net_inference_weights_free(net_inference_weights *iw);

/* Allocates an inference workspace for batches of up to max_batch
 * sequences of n, reading the weights iw (of n; shared, not owned): only
 * what net_forward with training = 0 needs — the input (T, B, I), two
 * layer outputs (T, B, H), the gates of about 128 rows (4H each), the
 * cell state (B, H) and the head's (B, H + D + T); no gradients, nothing
 * saved for backward, no masks, nothing zeroed. net_forward on it always
 * runs the evaluation network (training is ignored, as are the reference
 * ops) with no BLAS call; net_backward_mse must not be called on it.
 * Returns NULL when out of memory (or max_batch < 1). Free with
 * net_workspace_free (iw stays). */
net_workspace *net_workspace_create_inference(const net *n, const net_inference_weights *iw,
                                              int max_batch);

/* Frees w and everything in it; NULL is ignored. */
void net_workspace_free(net_workspace *w);

/* The workspace's gradient buffer (n_params floats, same layout as params);
 * NULL for an inference workspace. */
float *net_workspace_grads(net_workspace *w);

/* Forward pass of B sequences x (B, T, I), writing y (B, S): row b holds
 * sequence b's forecasts of steps 1..S; 1 <= B <= the
 * workspace's max_batch (the caller's contract, not checked). Reads n only,
 * so threads may run it at once on one net with their own workspaces; BLAS
 * threading is left to the caller. training = 1
 * applies dropout with masks drawn from dropout_seed and each sequence's
 * global index (first_index + b), so the result does not depend on how a
 * batch is split across threads. */
void net_forward(const net *n, net_workspace *w, const float *x, int B, float *y,
                 int training, uint64_t dropout_seed, size_t first_index);

/* Backward pass for the loss scale * sum_{b,s} loss(y_bs - target_bs) of
 * kind (loss.h: LOSS_MSE, LOSS_L1, LOSS_HUBER) over y and target (B, S),
 * after a training forward on the same workspace; accumulates (+=) into
 * the workspace's grads. Returns sum_{b,s} loss(y_bs - target_bs)
 * (unscaled). With scale = 1 / (global_batch · S), the per-thread sums add
 * to the gradient of the loss averaged over sequences and steps (every
 * step weighs the same). */
double net_backward(const net *n, net_workspace *w, const float *y, const float *target,
                    int B, float scale, int loss);

/* net_backward with LOSS_MSE. */
double net_backward_mse(const net *n, net_workspace *w, const float *y,
                        const float *target, int B, float scale);

/* Sets the workspace's gradient buffer to zero (call before each batch:
 * backward accumulates); nothing for an inference workspace. */
void net_workspace_zero_grads(net_workspace *w);

/* on = 1 makes net_forward/net_backward_mse on this workspace use the
 * plain-loop reference ops (lstm_*_naive, dense_*_naive) instead of BLAS;
 * for tests, which compare both paths. Default 0. */
void net_workspace_use_reference(net_workspace *w, int on);

/* Snapshot and restore of the parameters (early stopping keeps the best
 * epoch's weights): a copy of the flat buffer, n->n_params floats, which
 * dst / src must hold. The tensor table stays as it is. */
void net_params_copy(float *dst, const net *n);
void net_params_restore(net *n, const float *src);

void net_free(net *n);

#endif
