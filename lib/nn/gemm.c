/* gemm.c — see gemm.h. Sizes: M, N, K as there; up to 4 rows and 64
 * columns (four 16-float vectors) of C per kernel call, K in blocks of KC. */
#include "nn/gemm.h"

#include <stddef.h>

#if defined(__AVX512F__)
#include <immintrin.h>

/* C (mr, ncols) (+)= A (mr, K) · B (K, ncols) for mr <= 4 rows and
 * ncols <= 16 nv columns: mr x nv accumulators; each step of k loads nv
 * vectors of B's row k and broadcasts one value of A per row. Columns past
 * ncols are masked off. Always inlined with constant mr and nv, so the
 * loops over rows and vectors unroll and the accumulators stay in
 * registers. */
static inline __attribute__((always_inline)) void kernel(int mr, int nv, int ncols, int K,
                                                         const float *A, int lda,
                                                         const float *B, int ldb, float *C,
                                                         int ldc, int accumulate)
{
    __mmask16 mask[4];
    for (int v = 0; v < nv; v++) {
        int rest = ncols - 16 * v;
        mask[v] = rest >= 16 ? 0xffff : rest <= 0 ? 0 : (__mmask16)((1u << rest) - 1);
    }
    __m512 acc[4][4];
    for (int r = 0; r < mr; r++)
        for (int v = 0; v < nv; v++)
            acc[r][v] = accumulate ? _mm512_maskz_loadu_ps(mask[v], C + (size_t)r * ldc + 16 * v)
                                   : _mm512_setzero_ps();
    for (int k = 0; k < K; k++) {
        const float *bk = B + (size_t)k * ldb;
        __m512 b[4];
        for (int v = 0; v < nv; v++)
            b[v] = _mm512_maskz_loadu_ps(mask[v], bk + 16 * v);
        for (int r = 0; r < mr; r++) {
            __m512 a = _mm512_set1_ps(A[(size_t)r * lda + k]);
            for (int v = 0; v < nv; v++)
                acc[r][v] = _mm512_fmadd_ps(a, b[v], acc[r][v]);
        }
    }
    for (int r = 0; r < mr; r++)
        for (int v = 0; v < nv; v++)
            _mm512_mask_storeu_ps(C + (size_t)r * ldc + 16 * v, mask[v], acc[r][v]);
}

/* One block of nc <= 64 columns (nv = ceil(nc / 16) vectors) for every
 * row: kernel calls of 4 rows, then the 1 to 3 left. */
static inline __attribute__((always_inline)) void column_block(int nv, int nc, float *C,
                                                               const float *A, const float *B,
                                                               int M, int K, int lda, int ldb,
                                                               int ldc, int accumulate)
{
    int i = 0;
    for (; i + 4 <= M; i += 4)
        kernel(4, nv, nc, K, A + (size_t)i * lda, lda, B, ldb, C + (size_t)i * ldc, ldc,
               accumulate);
    const float *Ai = A + (size_t)i * lda;
    float *Ci = C + (size_t)i * ldc;
    switch (M - i) {
    case 3: kernel(3, nv, nc, K, Ai, lda, B, ldb, Ci, ldc, accumulate); break;
    case 2: kernel(2, nv, nc, K, Ai, lda, B, ldb, Ci, ldc, accumulate); break;
    case 1: kernel(1, nv, nc, K, Ai, lda, B, ldb, Ci, ldc, accumulate); break;
    default: break;
    }
}

/* Depth of a block of B: (KC, 64) floats, 16 KB, stay in the L1 cache
 * (64 measured best of 32 to 256 on the bench machine). */
#define KC 64

void gemm_nn(float *C, const float *A, const float *B, int M, int N, int K, int lda, int ldb,
             int ldc, int accumulate)
{
    /* blocks of B (KC, 64) outside: each stays in the cache while every 4
     * rows of A go past it */
    for (int j = 0; j < N; j += 64) {
        int nc = N - j < 64 ? N - j : 64;
        for (int k0 = 0; k0 < K; k0 += KC) {
            int kc = K - k0 < KC ? K - k0 : KC, acc = accumulate || k0 > 0;
            const float *Ak = A + k0, *Bk = B + (size_t)k0 * ldb + j;
            switch ((nc + 15) / 16) {   /* narrow blocks with fewer vectors */
            case 4: column_block(4, nc, C + j, Ak, Bk, M, kc, lda, ldb, ldc, acc); break;
            case 3: column_block(3, nc, C + j, Ak, Bk, M, kc, lda, ldb, ldc, acc); break;
            case 2: column_block(2, nc, C + j, Ak, Bk, M, kc, lda, ldb, ldc, acc); break;
            default: column_block(1, nc, C + j, Ak, Bk, M, kc, lda, ldb, ldc, acc); break;
            }
        }
    }
}

#else /* no AVX-512: OpenBLAS */

#include <cblas.h>

void gemm_nn(float *C, const float *A, const float *B, int M, int N, int K, int lda, int ldb,
             int ldc, int accumulate)
{
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, M, N, K, 1.0f, A, lda, B, ldb,
                accumulate ? 1.0f : 0.0f, C, ldc);
}

#endif

void gemm_nn_naive(float *C, const float *A, const float *B, int M, int N, int K, int lda,
                   int ldb, int ldc, int accumulate)
{
    for (int i = 0; i < M; i++)
        for (int j = 0; j < N; j++) {
            float s = accumulate ? C[(size_t)i * ldc + j] : 0.0f;
            for (int k = 0; k < K; k++)
                s += A[(size_t)i * lda + k] * B[(size_t)k * ldb + j];
            C[(size_t)i * ldc + j] = s;
        }
}

