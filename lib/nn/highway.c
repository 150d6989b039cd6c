/* highway.c — see highway.h. */
#include "nn/highway.h"

#include <stddef.h>

void highway_forward(float *out, const float *x, const float *w, const float *bias, int T,
                     int B, int I, int k, int S)
{
    for (int b = 0; b < B; b++)
        for (int s = 0; s < S; s++) {
            const float *ws = w + (size_t)s * k;
            float v = bias[s];
            for (int j = 0; j < k; j++)
                v += ws[j] * x[((size_t)(T - k + j) * B + b) * I];
            out[(size_t)b * S + s] = v;
        }
}

void highway_backward(float *dw, float *dbias, const float *dout, const float *x, int T,
                      int B, int I, int k, int S)
{
    for (int b = 0; b < B; b++)
        for (int s = 0; s < S; s++) {
            float g = dout[(size_t)b * S + s];
            float *dws = dw + (size_t)s * k;
            for (int j = 0; j < k; j++)
                dws[j] += g * x[((size_t)(T - k + j) * B + b) * I];
            dbias[s] += g;
        }
}
