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
 * product of all steps is one sgemm over T·B rows, and the weight gradients
 * are one sgemm each over all steps. The hidden states are stored with one
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
 * (T, H): the gates of a few steps at a time (about 128 rows of 4H), the
 * cell state (B, H) and w_hh^T (H, 4H). */
size_t lstm_infer_scratch_size(int T, int B, int H);

/* Forward over a sequence.
 *   hs     (T+1, B, H)  out: hs[0] = 0, hs[t+1] = h_t
 *   cs     (T+1, B, H)  out: cs[0] = 0, cs[t+1] = c_t        (saved)
 *   tanh_c (T, B, H)    out: tanh(c_t)                        (saved)
 *   gates  (T, B, 4H)   out: activated i, f, g, o              (saved)
 *   w_hh_t (H, 4H)      scratch: overwritten with w_hh^T, the layout the
 *                       per-step product reads
 *   x      (T, B, I)    in
 *   w_ih (4H, I), w_hh (4H, H), b_ih (4H), b_hh (4H): PyTorch's tensors. */
void lstm_forward(float *hs, float *cs, float *tanh_c, float *gates, float *w_hh_t,
                  const float *x, const float *w_ih, const float *w_hh, const float *b_ih,
                  const float *b_hh, int T, int B, int I, int H);

/* Forward for inference: the same h_t as lstm_forward, nothing saved for
 * backward and no zeroed buffer needed.
 *   h       (T, B, H)  out: h_t of every step (no leading zero step)
 *   scratch lstm_infer_scratch_size(T, B, H) floats, overwritten
 *   x       (T, B, I)  in; may not alias h
 *   weights as lstm_forward's. */
void lstm_infer(float *h, float *scratch, const float *x, const float *w_ih,
                const float *w_hh, const float *b_ih, const float *b_hh, int T, int B, int I,
                int H);

/* Backward over a sequence, given dhs (T, B, H) = dLoss/dh_t for every
 * output step (the gradient arriving from above, not the recurrent part).
 *   dx (T, B, I) += dLoss/dx (skipped when dx is NULL, e.g. the first layer)
 *   dw_ih (4H, I), dw_hh (4H, H), db_ih (4H), db_hh (4H) +=
 *   scratch: lstm_scratch_size(T, B, H) floats, overwritten
 * The saved tensors are lstm_forward's outputs on the same x. */
void lstm_backward(float *dx, float *dw_ih, float *dw_hh, float *db_ih, float *db_hh,
                   float *scratch, const float *dhs, const float *hs, const float *cs,
                   const float *tanh_c, const float *gates, const float *x,
                   const float *w_ih, const float *w_hh, int T, int B, int I, int H);

/* Plain-loop references (no BLAS, one step at a time, textbook order);
 * same contracts as the two above (the forward needs no w_hh_t). The tests compare the fast path with
 * them. */
void lstm_forward_naive(float *hs, float *cs, float *tanh_c, float *gates, const float *x,
                        const float *w_ih, const float *w_hh, const float *b_ih,
                        const float *b_hh, int T, int B, int I, int H);
void lstm_backward_naive(float *dx, float *dw_ih, float *dw_hh, float *db_ih, float *db_hh,
                         float *scratch, const float *dhs, const float *hs, const float *cs,
                         const float *tanh_c, const float *gates, const float *x,
                         const float *w_ih, const float *w_hh, int T, int B, int I, int H);

#endif
