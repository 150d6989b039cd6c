/* window_norm.c — see window_norm.h. */
#include "nn/window_norm.h"

#include <math.h>

float window_norm_scale(const float *x, size_t stride, int T)
{
    double sum = 0;
    for (int t = 1; t < T; t++)
        sum += fabsf(x[(size_t)t * stride] - x[(size_t)(t - 1) * stride]);
    if (sum == 0)
        return 0.0f; /* holds still: no scale */
    float mean = (float)(sum / (T - 1));
    float floor = WINDOW_SCALE_FLOOR * (1.0f + fabsf(x[(size_t)(T - 1) * stride]));
    return mean > floor ? mean : floor;
}

float window_norm_unit(float value, float anchor, float scale)
{
    if (scale == 0)
        return 0.0f;
    float u = (value - anchor) / scale;
    return u > WINDOW_SCALE_TARGET_CLIP ? WINDOW_SCALE_TARGET_CLIP
         : u < -WINDOW_SCALE_TARGET_CLIP ? -WINDOW_SCALE_TARGET_CLIP : u;
}

void window_norm_forward(float *x, float *anchor, float *scale, unsigned relative, float clip,
                         int T, int B, int I)
{
    for (int b = 0; b < B; b++) {
        anchor[b] = x[((size_t)(T - 1) * B + b) * I];
        if (scale)
            scale[b] = window_norm_scale(x + (size_t)b * I, (size_t)B * I, T);
    }
    for (int t = 0; t < T; t++)
        for (int b = 0; b < B; b++) {
            float *row = x + ((size_t)t * B + b) * I;
            float inverse = !scale ? 1.0f : scale[b] > 0 ? 1.0f / scale[b] : 0.0f;
            for (int f = 0; f < I; f++) {
                float v = f < 32 && (relative >> f & 1u) ? (row[f] - anchor[b]) * inverse : row[f];
                if (clip > 0)
                    v = v > clip ? clip : v < -clip ? -clip : v;
                row[f] = v;
            }
        }
}
