/* lstm.h — one LSTM layer over a whole sequence, forward and backward
 * (PyTorch nn.LSTM semantics, gate order i, f, g, o):
 *   gates_t = x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh
 *   i, f, o = sigmoid, g = tanh;  c_t = f c_{t-1} + i g;  h_t = o tanh(c_t)
 *   h_{-1} = c_{-1} = 0.
 *
 * Sizes: T steps, B batch, I inputs of this layer (the features for the
 * first layer, H above it), H hidden.
 *
 * Layout is time-major, (T, B, ·): the rows of one step are contiguous, so
 * the recurrent product of a step is one product over B rows (gemm_nn of
 * gemm.h, a kernel for few rows), the input
 * product of all steps is one sgemm over T·B rows (lstm_infer: gemm_nn over
 * about 128 rows at a time, no BLAS), and the weight gradients are one
 * sgemm each over all steps. The hidden states are stored with one
 * leading zero step, hs (T+1, B, H) with hs[0] = h_{-1} = 0, so that
 * h_{t-1} of every step is the contiguous block hs[0..T-1].
 *
 * Backward accumulates (+=) into every gradient it is given. */
#ifndef SA_LSTM_H
#define SA_LSTM_H

#include <stddef.h>

/* Floats of scratch lstm_backward needs for (T, B, H): dgates (T, B, 4H),
 * the recurrent dh (B, H), the carried dc (B, H) and the bias gradient
 * (4H) summed in the same pass. */
size_t lstm_scratch_size(int T, int B, int H);

/* Floats of scratch lstm_infer needs for batches of up to B sequences of
 * (T, H): the gates of a few steps at a time (about 128 rows of 4H) and
 * the cell state (B, H). */
size_t lstm_infer_scratch_size(int T, int B, int H);

/* One layer's parameters as PyTorch names them — or their gradients, which
 * have the same shapes: w_ih (4H, I), w_hh (4H, H), b_ih (4H), b_hh (4H). */
typedef struct lstm_weights {
    float *w_ih, *w_hh, *b_ih, *b_hh;
} lstm_weights;

/* What lstm_forward saves of one layer for lstm_backward. */
typedef struct lstm_cache {
    float *hs;       /* (T+1, B, H) hs[0] = 0, hs[t+1] = h_t */
    float *cs;       /* (T+1, B, H) cs[0] = 0, cs[t+1] = c_t */
    float *tanh_c;   /* (T, B, H) tanh(c_t) */
    float *gates;    /* (T, B, 4H) activated i, f, g, o */
} lstm_cache;

/* Forward over a sequence x (T, B, I) with the weights p, filling saved.
 * w_hh_t (H, 4H) is scratch, overwritten with w_hh^T (the layout the
 * per-step product reads). */
void lstm_forward(const lstm_cache *saved, float *w_hh_t, const float *x,
                  const lstm_weights *p, int T, int B, int I, int H);

/* One layer's weights as lstm_infer reads them: w_ih^T (I, 4H) and
 * w_hh^T (H, 4H), the layout gemm_nn takes as its right factor, and the
 * biases (4H each). */
typedef struct lstm_infer_weights {
    const float *w_ih_t, *w_hh_t, *b_ih, *b_hh;
} lstm_infer_weights;

/* Floats lstm_infer_prepare stores for a layer of I inputs and H hidden:
 * 4H (I + H), each matrix rounded up to whole 64-byte lines (a store
 * aligned to 64 bytes keeps both aligned). */
size_t lstm_infer_weights_size(int I, int H);

/* Transposes p's weights into store (lstm_infer_weights_size(I, H) floats)
 * and points out at them and at p's biases: done once for all the batches
 * a set of weights forecasts, not once a batch (it took about a tenth of
 * inference time). out reads p's biases: it holds while p does. */
void lstm_infer_prepare(lstm_infer_weights *out, float *store, const lstm_weights *p, int I,
                        int H);

/* Forward for inference: the same h_t as lstm_forward, nothing saved for
 * backward and no zeroed buffer needed.
 *   h       (T, B, H)  out: h_t of every step (no leading zero step)
 *   scratch lstm_infer_scratch_size(T, B, H) floats, overwritten
 *   x       (T, B, I)  in; may not alias h
 *   p       the weights, from lstm_infer_prepare. */
void lstm_infer(float *h, float *scratch, const float *x, const lstm_infer_weights *p, int T,
                int B, int I, int H);

/* rows (R, G) = b_ih + b_hh (G each) on every row: the gate rows that the
 * input product then adds onto, so the cells never see a bias. */
void lstm_bias_fill(float *rows, size_t R, const float *b_ih, const float *b_hh, int G);

/* Backward over a sequence, given dhs (T, B, H) = dLoss/dh_t for every
 * output step (the gradient arriving from above, not the recurrent part).
 *   dx (T, B, I) += dLoss/dx (skipped when dx is NULL, e.g. the first layer)
 *   grad's four tensors += the gradients of p's
 *   scratch: lstm_scratch_size(T, B, H) floats, overwritten
 * saved holds lstm_forward's outputs on the same x and p. */
void lstm_backward(float *dx, const lstm_weights *grad, float *scratch, const float *dhs,
                   const lstm_cache *saved, const float *x, const lstm_weights *p, int T, int B,
                   int I, int H);

/* The signature of lstm_backward and its reference, so a caller can pick
 * one (net.c does, for the tests' reference runs). */
typedef void lstm_backward_op(float *dx, const lstm_weights *grad, float *scratch,
                              const float *dhs, const lstm_cache *saved, const float *x,
                              const lstm_weights *p, int T, int B, int I, int H);

/* Plain-loop references (no BLAS, one step at a time, textbook order);
 * same contracts as lstm_forward (it needs no w_hh_t) and lstm_backward.
 * The tests compare the fast path with them. */
void lstm_forward_naive(const lstm_cache *saved, const float *x, const lstm_weights *p, int T,
                        int B, int I, int H);
void lstm_backward_naive(float *dx, const lstm_weights *grad, float *scratch, const float *dhs,
                         const lstm_cache *saved, const float *x, const lstm_weights *p, int T,
                         int B, int I, int H);

#endif
