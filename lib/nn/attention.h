/* attention.h — attention pooling over the top LSTM layer's outputs:
 *   score_t = w · h_t + bias,  alpha = softmax_t(score),  z = sum_t alpha_t h_t
 * (torch: attn = Linear(H, 1); softmax over the time axis).
 *
 * Sizes: T steps, B batch, H hidden. Layout is time-major, as in lstm.h:
 * h (T, B, H). Backward accumulates (+=). */
#ifndef SA_ATTENTION_H
#define SA_ATTENTION_H

/* z (B, H) out; alpha (T, B) out (saved for backward); h (T, B, H) in;
 * w (H) and bias (1) are attn.weight and attn.bias. */
void attention_forward(float *z, float *alpha, const float *h, const float *w,
                       const float *bias, int T, int B, int H);

/* dh (T, B, H) +=, dw (H) +=, dbias (1) += from dz (B, H), with alpha and h
 * from attention_forward.
 *
 * dbias receives exactly 0: the softmax does not change when every score
 * moves by the same amount, so the bias has no effect on the output. Summing
 * sum_t dscore_t would give rounding noise of order 1e-9 instead, which
 * Adam's normalisation (m / sqrt(v)) would turn into steps of size lr. */
void attention_backward(float *dh, float *dw, float *dbias, const float *dz,
                        const float *alpha, const float *h, const float *w, int T, int B,
                        int H);

#endif
