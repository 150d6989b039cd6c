/* lstm_infer.c — lstm_infer (see lstm.h) and the helper it shares with
 * lstm.c. No BLAS: both products run on the active path's gemm_nn
 * (nn/kernels.h) against weights transposed once (lstm_infer_prepare), so
 * that a tool which only forecasts (scaleahead-predict) links no BLAS —
 * loading OpenBLAS and LAPACKE took about 3 ms of a 9 ms `predict --last`. For these shapes
 * (about 128 rows against 4H columns) the kernel is as fast as
 * OpenBLAS's: `bench_infer` measured the same windows per second.
 * Sizes: T steps, B batch, I inputs, H hidden, G = 4H. */
#include "nn/lstm.h"

#include <string.h>

#include "kernel/gemm.h"
#include "kernel/kernels.h"

/* Steps whose input product lstm_infer computes in one gemm_nn: enough rows
 * (steps x B) for an efficient product (128 runs as fast as 256), few
 * enough to keep the scratch small. */
#define INFER_ROWS 128

static int infer_steps(int T, int B)
{
    int steps = INFER_ROWS / B;
    return steps < 1 ? 1 : steps > T ? T : steps;
}

size_t lstm_infer_scratch_size(int T, int B, int H)
{
    /* infer_steps(T, b) b <= min(T b, max(b, INFER_ROWS)) for every b <= B */
    size_t rows = (size_t)T * B, cap = B > INFER_ROWS ? (size_t)B : INFER_ROWS;
    return (rows < cap ? rows : cap) * 4 * H + (size_t)B * H;
}

size_t lstm_infer_weights_size(int I, int H)
{
    return gemm_whole_lines(4 * (size_t)H * I) + gemm_whole_lines(4 * (size_t)H * H);
}

void lstm_infer_prepare(lstm_infer_weights *out, float *store, const lstm_weights *p, int I,
                        int H)
{
    const int G = 4 * H;
    float *w_ih_t = store, *w_hh_t = store + gemm_whole_lines((size_t)I * G);
    gemm_transpose(w_ih_t, p->w_ih, G, I);
    gemm_transpose(w_hh_t, p->w_hh, G, H);
    *out = (lstm_infer_weights){w_ih_t, w_hh_t, p->b_ih, p->b_hh};
}

void lstm_bias_fill(float *rows, size_t R, const float *b_ih, const float *b_hh, int G)
{
    for (int k = 0; k < G; k++)
        rows[k] = b_ih[k] + b_hh[k];
    for (size_t r = 1; r < R; r++)
        memcpy(rows + r * G, rows, (size_t)G * sizeof *rows);
}

void lstm_infer(float *h, float *scratch, const float *x, const lstm_infer_weights *p, int T,
                int B, int I, int H)
{
    const int G = 4 * H, steps = infer_steps(T, B);
    const size_t BH = (size_t)B * H, BG = (size_t)B * G;
    float *gates = scratch;                            /* (steps, B, 4H) */
    float *c = gates + (size_t)steps * BG;             /* (B, H) */
    const nn_kernels *kern = nn_kernels_active();
    for (int t0 = 0; t0 < T; t0 += steps) {
        int n = T - t0 < steps ? T - t0 : steps;
        /* gates (n·B, 4H) = biases + x[t0 .. t0+n-1] · w_ih^T */
        lstm_bias_fill(gates, (size_t)n * B, p->b_ih, p->b_hh, G);
        kern->gemm_nn(gates, x + (size_t)t0 * B * I, p->w_ih_t, n * B, G, I, I, G, G, 1);
        for (int s = 0; s < n; s++) {
            int t = t0 + s;
            float *pre = gates + s * BG;
            if (t > 0) /* pre (B, 4H) += h_{t-1} (B, H) · w_hh^T (H, 4H) */
                kern->gemm_nn(pre, h + (t - 1) * BH, p->w_hh_t, B, G, H, H, G, G, 1);
            kern->lstm_cell_infer(h + t * BH, c, pre, t == 0, B, H);
        }
    }
}
