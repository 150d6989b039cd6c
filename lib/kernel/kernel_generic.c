/* kernel_generic.c — the kernels of kernels.h in portable C for any
 * x86-64 (and any other CPU): GCC's vector extension of 4 floats, which is
 * SSE2 on the x86-64 baseline; a b + c is not fused (no FMA there). Eight
 * accumulators, 4 rows x 2 vectors of C, fit the 16 registers. */
#include <string.h>

typedef float v4sf __attribute__((vector_size(16)));

/* The first min(rest, 4) floats at p, zeros after. */
static inline v4sf load_first(int rest, const float *p)
{
    v4sf v = {0.0f, 0.0f, 0.0f, 0.0f};
    if (rest >= 4) {
        memcpy(&v, p, sizeof v);
        return v;
    }
    for (int i = 0; i < rest; i++)
        v[i] = p[i];
    return v;
}

/* Stores the first min(rest, 4) floats of v at p. */
static inline void store_first(float *p, int rest, v4sf v)
{
    if (rest >= 4) {
        memcpy(p, &v, sizeof v);
        return;
    }
    for (int i = 0; i < rest; i++)
        p[i] = v[i];
}

static inline v4sf load4(const float *p)
{
    v4sf v;
    memcpy(&v, p, sizeof v);
    return v;
}

#define VEC v4sf
#define VW 4
#define NV_MAX 2
/* (128, 8) floats of B, 4 KB */
#define KC 128
#define MASK_T int
#define vec_mask(rest) (rest)
#define vec_loadm(m, p) load_first((m), (p))
#define vec_storem(p, m, v) store_first((p), (m), (v))
#define vec_load(p) load4(p)
#define vec_store(p, v) memcpy((p), &(v), sizeof(v4sf))
#define vec_fma(a, b, c) ((a) * (b) + (c))
#define vec_set1(x) ((v4sf){0.0f, 0.0f, 0.0f, 0.0f} + (x))
#define vec_zero() ((v4sf){0.0f, 0.0f, 0.0f, 0.0f})
#define KERNEL_TABLE nn_kernels_generic

#include "kernel/kernel_body.h"
