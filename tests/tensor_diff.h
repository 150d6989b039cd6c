/* tensor_diff.h — how far a computed tensor is from a reference one, and
 * random test tensors, for the network tests (test_grad, test_parity,
 * test_fastpath). */
#ifndef SA_TENSOR_DIFF_H
#define SA_TENSOR_DIFF_H

#include <math.h>
#include <stddef.h>
#include <stdlib.h>

#include "base/rng.h"

/* Sets *max_abs = max|a - b| (NaN counts as infinitely far) and
 * *max_ref = max|b| over n values. */
static inline void tensor_diff(const float *a, const float *b, size_t n, double *max_abs,
                               double *max_ref)
{
    *max_abs = 0;
    *max_ref = 0;
    for (size_t i = 0; i < n; i++) {
        double d = fabs((double)a[i] - b[i]);
        if (d > *max_abs || d != d)
            *max_abs = d != d ? INFINITY : d;
        if (fabs(b[i]) > *max_ref)
            *max_ref = fabs(b[i]);
    }
}

/* max|a - b| / max(max|b|, floor) over n values. */
static inline double tensor_rel_diff(const float *a, const float *b, size_t n, double floor)
{
    double max_abs, max_ref;
    tensor_diff(a, b, n, &max_abs, &max_ref);
    return max_abs / (max_ref > floor ? max_ref : floor);
}

/* n values uniform in [-a, a) from r, in a new allocation (caller frees). */
static inline float *tensor_random(rng *r, size_t n, float a)
{
    float *x = malloc(n * sizeof *x);
    for (size_t i = 0; i < n; i++)
        x[i] = (float)((2.0 * rng_uniform(r) - 1.0) * a);
    return x;
}

#endif
