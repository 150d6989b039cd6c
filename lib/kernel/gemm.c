/* gemm.c — see gemm.h. The kernels are in kernel_body.h, one per
 * instruction set; this calls the active one. */
#include "kernel/gemm.h"

#include <stddef.h>

#include "kernel/kernels.h"

void gemm_nn(float *C, const float *A, const float *B, int M, int N, int K, int lda, int ldb,
             int ldc, int accumulate)
{
    nn_kernels_active()->gemm_nn(C, A, B, M, N, K, lda, ldb, ldc, accumulate);
}

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

void gemm_transpose(float *restrict dst, const float *restrict src, int R, int C)
{
    /* in tiles of 16 x 16, so that reads and writes both stay in cache lines */
    for (int r0 = 0; r0 < R; r0 += 16)
        for (int c0 = 0; c0 < C; c0 += 16) {
            int r1 = r0 + 16 < R ? r0 + 16 : R, c1 = c0 + 16 < C ? c0 + 16 : C;
            for (int r = r0; r < r1; r++)
                for (int c = c0; c < c1; c++)
                    dst[(size_t)c * R + r] = src[(size_t)r * C + c];
        }
}
