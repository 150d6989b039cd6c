/* kernel_avx512.c — the kernels of kernels.h for AVX-512 (F, VL, BW, DQ,
 * with AVX2 and FMA); compiled for them by the pragma below whatever the
 * build's flags, and run only where kernel_path_supported says the CPU has
 * them. Masked loads and stores cover the narrow edge of C at full speed. */
#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx512f,avx512vl,avx512bw,avx512dq,avx2,fma"))), apply_to = function)
#else
#pragma GCC target("avx512f,avx512vl,avx512bw,avx512dq,avx2,fma,prefer-vector-width=512")
#endif
#include <immintrin.h>

#define VEC __m512
#define VW 16
#define NV_MAX 4
/* (64, 64) floats of B, 16 KB (64 measured best of 32 to 256) */
#define KC 64
#define MASK_T __mmask16
#define vec_mask(rest) ((rest) >= 16 ? (__mmask16)0xffff : (rest) <= 0 ? (__mmask16)0 \
                        : (__mmask16)((1u << (rest)) - 1))
#define vec_loadm(m, p) _mm512_maskz_loadu_ps((m), (p))
#define vec_storem(p, m, v) _mm512_mask_storeu_ps((p), (m), (v))
#define vec_load(p) _mm512_loadu_ps(p)
#define vec_store(p, v) _mm512_storeu_ps((p), (v))
#define vec_fma(a, b, c) _mm512_fmadd_ps((a), (b), (c))
#define vec_set1(x) _mm512_set1_ps(x)
#define vec_zero() _mm512_setzero_ps()
#define KERNEL_TABLE nn_kernels_avx512

#include "kernel/kernel_body.h"

#if defined(__clang__)
#pragma clang attribute pop
#endif
