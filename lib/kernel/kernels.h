/* kernels.h — the compute kernels that are compiled once per instruction
 * set (base/kernel_path.h): the small-row product of gemm.h and the
 * element-wise cells of an LSTM step. kernel_avx512.c, kernel_avx2.c and
 * kernel_generic.c each build one table from the one body in
 * kernel_body.h; nn_kernels_active() is the table of the active path.
 *
 * Sizes: B rows (batch), H hidden; a row of gates holds 4H values in
 * PyTorch's order i, f, g, o. M, N, K, lda, ldb, ldc as in gemm.h. */
#ifndef SA_KERNELS_H
#define SA_KERNELS_H

#include "base/kernel_path.h"

typedef struct {
    /* gemm_nn of gemm.h: C (M, N) = A (M, K) · B (K, N) (+ C when
     * accumulate is 1). C may not overlap A or B. */
    void (*gemm_nn)(float *C, const float *A, const float *B, int M, int N, int K, int lda,
                    int ldb, int ldc, int accumulate);
    /* One training step's element-wise part: pre (B, 4H) holds the
     * pre-activations (biases included) and is replaced by the activated
     * gates; c, h, tanh_c (B, H) of the step are written from c_prev. */
    void (*lstm_cell_forward)(float *restrict h, float *restrict c, float *restrict tanh_c,
                              float *restrict pre, const float *restrict c_prev, int B, int H);
    /* One inference step: from pre (B, 4H) updates the cell state c (B, H)
     * in place (first = 1: the previous state is 0, whatever c holds) and
     * writes h (B, H); nothing is kept for backward. */
    void (*lstm_cell_infer)(float *restrict h, float *restrict c, const float *restrict pre,
                            int first, int B, int H);
    /* One backward step's element-wise part. dh (B, H) is the recurrent
     * gradient from step t+1 and dh_out (B, H) the one from above; with
     * the carried dc (B, H) writes dgates (B, 4H), adds them into the bias
     * gradient's gate slices db_i .. db_o (H each) and replaces dc with
     * the gradient for c_{t-1}. gates, tanh_c, c_prev: forward's. */
    void (*lstm_cell_backward)(float *restrict dgates, float *restrict dc,
                               float *restrict db_i, float *restrict db_f,
                               float *restrict db_g, float *restrict db_o,
                               const float *restrict dh, const float *restrict dh_out,
                               const float *restrict gates, const float *restrict tanh_c,
                               const float *restrict c_prev, int B, int H);
} nn_kernels;

/* One table per path; use a path's only where kernel_path_supported says so. */
extern const nn_kernels nn_kernels_generic, nn_kernels_avx2, nn_kernels_avx512;

/* The table of kernel_path_active(). */
const nn_kernels *nn_kernels_active(void);

#endif
