/* highway.c — see highway.h. */
#include "nn/highway.h"

#include <stddef.h>

void highway_forward(float *out, const float *x, const float *w, const float *bias, int T,
                     int B, int I, int k)
{
    for (int b = 0; b < B; b++) {
        float s = bias[0];
        for (int j = 0; j < k; j++)
            s += w[j] * x[((size_t)(T - k + j) * B + b) * I];
        out[b] = s;
    }
}

void highway_backward(float *dw, float *dbias, const float *dout, const float *x, int T,
                      int B, int I, int k)
{
    for (int b = 0; b < B; b++) {
        for (int j = 0; j < k; j++)
            dw[j] += dout[b] * x[((size_t)(T - k + j) * B + b) * I];
        dbias[0] += dout[b];
    }
}
