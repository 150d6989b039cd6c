/* layers.h — the head's element-wise and linear ops, each a forward/backward
 * pair with one argument order (docs/style.md §1):
 *   x_forward(out, saved..., in, weights..., sizes)
 *   x_backward(din, dweights..., dout, saved..., in, weights..., sizes)
 * Backward ops accumulate (+=) into every gradient they are given.
 *
 * Sizes: B batch (rows), I inputs per row, O outputs per row, n elements.
 * All tensors are row-major float32. */
#ifndef SA_LAYERS_H
#define SA_LAYERS_H

#include <stddef.h>
#include "base/rng.h"

/* out (B, O) = in (B, I) · w^T + bias, with w (O, I) and bias (O) as in
 * torch.nn.Linear. One sgemm (beta = 0: out is overwritten). */
void dense_forward(float *out, const float *in, const float *w, const float *bias,
                   int B, int I, int O);

/* Gradients of dense_forward: din (B, I) += dout · w (skipped when din is
 * NULL), dw (O, I) += dout^T · in, dbias (O) += column sums of dout. */
void dense_backward(float *din, float *dw, float *dbias, const float *dout,
                    const float *in, const float *w, int B, int I, int O);

/* The signatures of the two above, shared by their references, so a caller
 * can pick the fast or the plain-loop op (net.c does, for the tests). */
typedef void dense_forward_op(float *out, const float *in, const float *w, const float *bias,
                              int B, int I, int O);
typedef void dense_backward_op(float *din, float *dw, float *dbias, const float *dout,
                               const float *in, const float *w, int B, int I, int O);

/* Plain-loop references of the two above (no BLAS), same contracts; the
 * tests compare the fast path with them. */
void dense_forward_naive(float *out, const float *in, const float *w, const float *bias,
                         int B, int I, int O);
void dense_backward_naive(float *din, float *dw, float *dbias, const float *dout,
                          const float *in, const float *w, int B, int I, int O);

/* out (n) = max(in, 0); out may alias in. */
void relu_forward(float *out, const float *in, size_t n);

/* din (n) += dout where out > 0 (out is relu_forward's output). din may not
 * alias dout unless din was zero before (then it is an in-place mask). */
void relu_backward(float *din, const float *dout, const float *out, size_t n);

/* Fills mask (n) with inverted-dropout factors: 0 with probability p
 * (rounded to a multiple of 2^-16), 1 / (1 - p) otherwise. Element i uses
 * 16 bits of draw i / 4 from r, so the mask is a function of r's state and
 * n alone (ceil(n / 4) draws). 0 <= p < 1. */
void dropout_mask(float *mask, size_t n, float p, rng *r);

/* out (n) = in * mask; out may alias in. */
void dropout_forward(float *out, const float *mask, const float *in, size_t n);

/* din (n) += dout * mask. */
void dropout_backward(float *din, const float *dout, const float *mask, size_t n);


#endif
