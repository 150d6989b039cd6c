/* gemm.h — the row-major product C = A · B for a few rows (M up to a few
 * hundred) against a weight matrix, the shape of an LSTM's per-step
 * recurrent products: (B, H) · (H, 4H) forward, (B, 4H) · (4H, H)
 * backward. OpenBLAS runs these at a fifth of its large-matrix speed with
 * its generic kernels and under half with its AVX-512 ones (repacking the
 * weights every call); the kernel here keeps 4 rows x 64 columns of C in
 * AVX-512 registers (4 x 24 in AVX2's, 4 x 8 in SSE2's) and streams B
 * once per 4 rows, with no packing: about 100-125 GFLOP/s a core on the
 * bench machine where OpenBLAS gives 15 (Prescott kernels, its default
 * there) or 55 (SkylakeX). For large products OpenBLAS's SkylakeX kernels
 * stay ahead (150 against 90-125), so training's LSTM uses this for the
 * per-step products only; inference (lstm_infer) uses it for its input
 * products of about 128 rows too, where it keeps pace, and so needs no
 * BLAS. The kernel of the active path runs (base/kernel_path.h,
 * nn/kernels.h).
 *
 * Sizes: M rows of A and C, K columns of A = rows of B, N columns of B and
 * C; lda, ldb, ldc the row strides (>= K, N, N). */
#ifndef SA_GEMM_H
#define SA_GEMM_H

#include <stddef.h>

/* C (M, N) = A (M, K) · B (K, N), plus C's previous values when accumulate
 * is 1 (beta = 1), else overwriting C (beta = 0). C may not overlap A or B. */
void gemm_nn(float *C, const float *A, const float *B, int M, int N, int K, int lda, int ldb,
             int ldc, int accumulate);

/* n floats rounded up to whole 64-byte lines (16 floats): pieces laid out
 * one after the other at these sizes stay as aligned as their base, and
 * the kernels' loads are fastest aligned (unaligned transposed weights
 * cost inference 11 % on the avx2 path). */
static inline size_t gemm_whole_lines(size_t n) { return (n + 15) / 16 * 16; }

/* dst (C, R) = src (R, C)^T: a weight matrix as torch.nn stores it (out,
 * in) turned into the layout gemm_nn takes as its right factor B (in,
 * out); w_hh (4H, H) -> w_hh^T (H, 4H). dst and src do not overlap. */
void gemm_transpose(float *restrict dst, const float *restrict src, int R, int C);

/* The plain triple loop, same contract as gemm_nn, for the tests. */
void gemm_nn_naive(float *C, const float *A, const float *B, int M, int N, int K, int lda,
                   int ldb, int ldc, int accumulate);

#endif
