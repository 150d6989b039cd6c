/* kernel_avx2.c — the kernels of kernels.h for AVX2 with FMA (Haswell,
 * Zen and later: most cloud VMs); compiled for them by the pragma below
 * whatever the build's flags, and run only where kernel_path_supported
 * says the CPU has them. Sixteen 8-float registers: 4 rows x 3 vectors of
 * C, 3 of B and a broadcast of A. */
#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#else
#pragma GCC target("avx2,fma")
#endif
#include <immintrin.h>

#define VEC __m256
#define VW 8
#define NV_MAX 3
/* (128, 24) floats of B, 12 KB */
#define KC 128
#define MASK_T __m256i
#define vec_mask(rest) _mm256_cmpgt_epi32(_mm256_set1_epi32(rest), \
                                          _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7))
#define vec_loadm(m, p) _mm256_maskload_ps((p), (m))
#define vec_storem(p, m, v) _mm256_maskstore_ps((p), (m), (v))
#define vec_load(p) _mm256_loadu_ps(p)
#define vec_store(p, v) _mm256_storeu_ps((p), (v))
#define vec_fma(a, b, c) _mm256_fmadd_ps((a), (b), (c))
#define vec_set1(x) _mm256_set1_ps(x)
#define vec_zero() _mm256_setzero_ps()
#define KERNEL_TABLE nn_kernels_avx2

#include "kernel/kernel_body.h"

#if defined(__clang__)
#pragma clang attribute pop
#endif
