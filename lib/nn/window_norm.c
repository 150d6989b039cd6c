/* window_norm.c — see window_norm.h. */
#include "nn/window_norm.h"

#include <stddef.h>

void window_norm_forward(float *x, float *anchor, unsigned relative, float clip, int T, int B,
                         int I)
{
    for (int b = 0; b < B; b++)
        anchor[b] = x[((size_t)(T - 1) * B + b) * I];
    for (int t = 0; t < T; t++)
        for (int b = 0; b < B; b++) {
            float *row = x + ((size_t)t * B + b) * I;
            for (int f = 0; f < I; f++) {
                float v = f < 32 && (relative >> f & 1u) ? row[f] - anchor[b] : row[f];
                if (clip > 0)
                    v = v > clip ? clip : v < -clip ? -clip : v;
                row[f] = v;
            }
        }
}
