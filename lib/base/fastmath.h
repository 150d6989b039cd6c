/* fastmath.h — exp, sigmoid and tanh written so the compiler can vectorise
 * the loops that call them (glibc's expf is a call per element and took a
 * fifth of a training step). Accuracy: sa_expf within 2 float ulp of expf
 * over [-87, 88] (tests/test_fastmath.c); sigmoid and tanh inherit it. */
#ifndef SA_FASTMATH_H
#define SA_FASTMATH_H

#include <stdint.h>
#include <string.h>

/* a b + c, fused where the target has FMA: -std=c11 turns off the
 * compiler's own contraction (-ffp-contract=off), and without a fused
 * multiply-add the polynomial below costs twice the instructions. */
#ifdef __FMA__
#define SA_FMAF(a, b, c) __builtin_fmaf((a), (b), (c))
#else
#define SA_FMAF(a, b, c) ((a) * (b) + (c))
#endif

/* e^x for x in [-87, 88] (sa_expf without its clamp, for callers that
 * clamp to a narrower range themselves) */
static inline float sa_expf_unclamped(float x)
{
    /* x = n ln2 + r, |r| <= ln2 / 2, with ln2 split in two for precision.
     * n = rint(x / ln2): adding 1.5 2^23 rounds to an integer, which lands
     * in the low bits of the sum: its bit pattern is 0x4B400000 + n. */
    float shifted = x * 1.44269504088896341f + 12582912.0f;
    float n = shifted - 12582912.0f;
    uint32_t n_bits;
    memcpy(&n_bits, &shifted, sizeof n_bits);
    float r = SA_FMAF(-n, 0.693145751953125f, x);
    r = SA_FMAF(-n, 1.42860682030941723e-6f, r);
    /* e^r by its Taylor polynomial to degree 6 (error < 2e-8 relative on the range) */
    float p = 1.0f / 720.0f;
    p = SA_FMAF(p, r, 1.0f / 120.0f);
    p = SA_FMAF(p, r, 1.0f / 24.0f);
    p = SA_FMAF(p, r, 1.0f / 6.0f);
    p = SA_FMAF(p, r, 0.5f);
    p = SA_FMAF(p, r, 1.0f);
    p = SA_FMAF(p, r, 1.0f);
    /* times 2^n, built in the exponent field (unsigned: wraps, never UB) */
    uint32_t bits = (n_bits - 0x4B400000u + 127u) << 23;
    float scale;
    memcpy(&scale, &bits, sizeof scale);
    return p * scale;
}

/* e^x for finite x; clamps to [e^-87, e^88] outside that range; NaN gives
 * NaN (the training loop's NaN check relies on it), with no undefined
 * integer arithmetic on the way. */
static inline float sa_expf(float x)
{
    return sa_expf_unclamped(x < -87.0f ? -87.0f : x > 88.0f ? 88.0f : x);
}

/* 1 / (1 + e^-x) */
static inline float sa_sigmoidf(float x) { return 1.0f / (1.0f + sa_expf(-x)); }

/* tanh(x) = 1 - 2 / (1 + e^2x); absolute error about one ulp of 1 near 0. */
static inline float sa_tanhf(float x) { return 1.0f - 2.0f / (1.0f + sa_expf(2.0f * x)); }

#endif
