/* gemm.c — see gemm.h. The kernels are in kernel_body.h, one per
 * instruction set; this calls the active one. */
#include "nn/gemm.h"

#include <stddef.h>

#include "nn/kernels.h"

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

