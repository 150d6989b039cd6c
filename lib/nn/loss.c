/* loss.c — see loss.h. */
#include "nn/loss.h"

double mse_forward(const float *y, const float *target, int B)
{
    double s = 0;
    for (int b = 0; b < B; b++) {
        double d = (double)y[b] - target[b];
        s += d * d;
    }
    return s;
}

void mse_backward(float *dy, const float *y, const float *target, int B, float scale)
{
    for (int b = 0; b < B; b++)
        dy[b] += 2.0f * scale * (y[b] - target[b]);
}
