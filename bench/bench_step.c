/* bench_step.c — the per-step recurrent product of an LSTM layer, the
 * product lstm.c runs T times a layer in each direction: pre (B, 4H) +=
 * h (B, H) · w_hh^T (H, 4H), with B = 16 (a training chunk), H = 128 (the
 * optimized preset), on one thread. Timed three ways: gemm_nn (lib/gemm.h,
 * the AVX-512 kernel when the build has it) on the transposed weights, as
 * lstm.c does; cblas_sgemm on the same operands (NN); and cblas_sgemm on
 * w_hh as stored (NT), as lstm.c did before gemm_nn.
 *
 * Prints the median over BENCH_REPS runs (after a warm-up) of
 *   step_gemm_kernel_gflops, step_gemm_blas_nn_gflops, step_gemm_blas_nt_gflops
 *
 * usage: bench_step [B [H]] */
#include <cblas.h>

#include "bench_util.h"
#include "kernel/gemm.h"
#include "base/blas_threads.h"
#include "base/parallel.h"
#include "base/rng.h"

/* Median over BENCH_REPS runs of the GFLOP/s of one product kind: 0 = gemm_nn,
 * 1 = cblas NN on w_t, 2 = cblas NT on w. */
static double rate(int kind, int reps, int B, int H, const float *h, const float *w,
                   const float *w_t, float *pre)
{
    const int G = 4 * H;
    double v[BENCH_REPS];
    for (int r = -1; r < BENCH_REPS; r++) {   /* r = -1: warm-up */
        double t0 = bench_now();
        for (int k = 0; k < reps; k++) {
            if (kind == 0)
                gemm_nn(pre, h, w_t, B, G, H, H, G, G, 1);
            else if (kind == 1)
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, B, G, H, 1.0f, h, H,
                            w_t, G, 1.0f, pre, G);
            else
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, B, G, H, 1.0f, h, H, w, H,
                            1.0f, pre, G);
        }
        double dt = bench_now() - t0;
        if (r >= 0)
            v[r] = 2.0 * B * G * H * reps / dt * 1e-9;
    }
    return bench_median(v, BENCH_REPS);
}

int main(int argc, char **argv)
{
    bench_usage(argc, 1, 3, "bench_step [B [H]]");
    int B = argc > 1 ? atoi(argv[1]) : 16, H = argc > 2 ? atoi(argv[2]) : 128;
    if (B < 1 || B > 4096 || H < 1 || H > 4096) {
        fprintf(stderr, "bench_step: B and H must lie in 1..4096\n");
        return 2;
    }
    blas_threads_single();
    const size_t G = 4 * (size_t)H;
    float *h = malloc((size_t)B * H * sizeof *h), *w = malloc(G * H * sizeof *w);
    float *w_t = malloc(G * H * sizeof *w_t), *pre = calloc((size_t)B * G, sizeof *pre);
    if (!h || !w || !w_t || !pre) {
        fprintf(stderr, "bench_step: out of memory\n");
        return 1;
    }
    rng r;
    rng_seed(&r, 5);
    for (size_t i = 0; i < (size_t)B * H; i++)
        h[i] = (float)(rng_uniform(&r) - 0.5);
    for (size_t i = 0; i < G * H; i++)
        w[i] = (float)(rng_uniform(&r) - 0.5) * 0.1f;
    for (size_t g = 0; g < G; g++)
        for (size_t j = 0; j < (size_t)H; j++)
            w_t[j * G + g] = w[g * H + j];
    /* 2 GFLOP a timed run: 0.04 s at 50 GFLOP/s */
    int reps = (int)(2e9 / (2.0 * B * G * H)) + 1;
    printf("# step product: B %d, H %d (%d x %zu x %d), 1 thread\n", B, H, B, G, H);
    bench_report("step_gemm_kernel_gflops", rate(0, reps, B, H, h, w, w_t, pre), "GFLOP/s");
    bench_report("step_gemm_blas_nn_gflops", rate(1, reps, B, H, h, w, w_t, pre), "GFLOP/s");
    bench_report("step_gemm_blas_nt_gflops", rate(2, reps, B, H, h, w, w_t, pre), "GFLOP/s");
    free(h), free(w), free(w_t), free(pre);
    return 0;
}
