/* attention.c — see attention.h.
 * Sizes: T steps, B batch, H hidden. The loops are short (T·B·H) next to
 * the LSTM's GEMMs, so there is one plain-loop path and no BLAS. */
#include "nn/attention.h"

#include <math.h>
#include <stddef.h>

void attention_forward(float *z, float *alpha, const float *h, const float *w,
                       const float *bias, int T, int B, int H)
{
    for (int b = 0; b < B; b++) {
        float mx = -INFINITY;
        for (int t = 0; t < T; t++) {
            const float *ht = h + ((size_t)t * B + b) * H;
            float s = bias[0];
            for (int j = 0; j < H; j++)
                s += w[j] * ht[j];
            alpha[(size_t)t * B + b] = s;
            if (s > mx)
                mx = s;
        }
        float sum = 0.0f;
        for (int t = 0; t < T; t++) {
            float e = expf(alpha[(size_t)t * B + b] - mx);
            alpha[(size_t)t * B + b] = e;
            sum += e;
        }
        float *zb = z + (size_t)b * H;
        for (int j = 0; j < H; j++)
            zb[j] = 0.0f;
        for (int t = 0; t < T; t++) {
            float a = alpha[(size_t)t * B + b] / sum;
            alpha[(size_t)t * B + b] = a;
            const float *ht = h + ((size_t)t * B + b) * H;
            for (int j = 0; j < H; j++)
                zb[j] += a * ht[j];
        }
    }
}

void attention_backward(float *dh, float *dw, float *dbias, const float *dz,
                        const float *alpha, const float *h, const float *w, int T, int B,
                        int H)
{
    (void)dbias; /* += 0, see attention.h */
    for (int b = 0; b < B; b++) {
        const float *dzb = dz + (size_t)b * H;
        /* dalpha_t = dz · h_t;  mean = sum_t alpha_t dalpha_t */
        float mean = 0.0f;
        for (int t = 0; t < T; t++) {
            const float *ht = h + ((size_t)t * B + b) * H;
            float da = 0.0f;
            for (int j = 0; j < H; j++)
                da += dzb[j] * ht[j];
            mean += alpha[(size_t)t * B + b] * da;
        }
        for (int t = 0; t < T; t++) {
            const float *ht = h + ((size_t)t * B + b) * H;
            float *dht = dh + ((size_t)t * B + b) * H;
            float a = alpha[(size_t)t * B + b];
            float da = 0.0f;
            for (int j = 0; j < H; j++)
                da += dzb[j] * ht[j];
            float dscore = a * (da - mean);   /* softmax backward */
            for (int j = 0; j < H; j++) {
                dht[j] += a * dzb[j] + dscore * w[j];
                dw[j] += dscore * ht[j];
            }
        }
    }
}
