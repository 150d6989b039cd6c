/* tensor_diff.h — how far a computed tensor is from a reference one, for
 * the network tests (test_grad, test_parity). */
#ifndef SA_TENSOR_DIFF_H
#define SA_TENSOR_DIFF_H

#include <math.h>
#include <stddef.h>

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

#endif
