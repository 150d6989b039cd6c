/* layers.c — see layers.h: every op but dense_forward and dense_backward,
 * which call BLAS and live in dense.c.
 * Sizes: B batch, I inputs per row, O outputs per row, n elements. */
#include "nn/layers.h"

#include <math.h>
#include <stdint.h>

void dense_forward_naive(float *out, const float *in, const float *w, const float *bias,
                         int B, int I, int O)
{
    for (int b = 0; b < B; b++)
        for (int o = 0; o < O; o++) {
            float s = bias[o];
            for (int i = 0; i < I; i++)
                s += in[(size_t)b * I + i] * w[(size_t)o * I + i];
            out[(size_t)b * O + o] = s;
        }
}

void dense_backward_naive(float *din, float *dw, float *dbias, const float *dout,
                          const float *in, const float *w, int B, int I, int O)
{
    for (int b = 0; b < B; b++)
        for (int o = 0; o < O; o++) {
            float g = dout[(size_t)b * O + o];
            for (int i = 0; i < I; i++) {
                if (din)
                    din[(size_t)b * I + i] += g * w[(size_t)o * I + i];
                dw[(size_t)o * I + i] += g * in[(size_t)b * I + i];
            }
            dbias[o] += g;
        }
}

void relu_forward(float *out, const float *in, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = in[i] > 0.0f ? in[i] : 0.0f;
}

void relu_backward(float *din, const float *dout, const float *out, size_t n)
{
    for (size_t i = 0; i < n; i++)
        din[i] += out[i] > 0.0f ? dout[i] : 0.0f;
}

void dropout_mask(float *mask, size_t n, float p, rng *r)
{
    /* an element is dropped when its 16 bits fall below p 2^16: an integer
     * compare, and four elements from each 64-bit draw */
    const float keep = 1.0f / (1.0f - p);
    const uint32_t threshold = (uint32_t)lrint((double)p * 65536.0);
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        uint64_t bits = rng_next(r);
        for (int k = 0; k < 4; k++)
            mask[i + k] = (uint32_t)(bits >> (16 * k) & 0xffff) < threshold ? 0.0f : keep;
    }
    if (i < n) {
        uint64_t bits = rng_next(r);
        for (int k = 0; i < n; i++, k++)
            mask[i] = (uint32_t)(bits >> (16 * k) & 0xffff) < threshold ? 0.0f : keep;
    }
}

void dropout_forward(float *out, const float *mask, const float *in, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = in[i] * mask[i];
}

void dropout_backward(float *din, const float *dout, const float *mask, size_t n)
{
    for (size_t i = 0; i < n; i++)
        din[i] += dout[i] * mask[i];
}
