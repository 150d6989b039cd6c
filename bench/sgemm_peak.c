/* sgemm_peak.c — the machine's single-precision GEMM peak as OpenBLAS
 * delivers it: C (N, N) = A (N, N) · B (N, N), N = 1024, with OpenBLAS's
 * default thread count (all cores), 2 N^3 FLOP per call. The efficiency
 * figures of bench_train divide by this number, measured in the same run.
 * Also prints the OpenBLAS build and the kernel core it picked (comment
 * lines starting with '#'), since a mis-detected core (a generic fallback
 * such as Prescott on a CPU with AVX-512) changes every figure.
 *
 * usage: sgemm_peak [N] */
#include <cblas.h>

#include "bench_util.h"

char *openblas_get_config(void);
char *openblas_get_corename(void);
int openblas_get_num_threads(void);

int main(int argc, char **argv)
{
    bench_usage(argc, 1, 2, "sgemm_peak [N]");
    int n = argc > 1 ? atoi(argv[1]) : 1024;
    if (n < 16 || n > 16384) {
        fprintf(stderr, "sgemm_peak: N %d out of range 16..16384\n", n);
        return 2;
    }
    size_t nn = (size_t)n * (size_t)n;
    float *a = malloc(nn * sizeof *a), *b = malloc(nn * sizeof *b), *c = malloc(nn * sizeof *c);
    if (!a || !b || !c) {
        fprintf(stderr, "sgemm_peak: out of memory\n");
        return 1;
    }
    for (size_t i = 0; i < nn; i++) {
        a[i] = (float)(i % 7) * 1e-3f;
        b[i] = (float)(i % 5) * 1e-3f;
    }
    printf("# openblas: %s\n# openblas core: %s\n# openblas threads: %d\n",
           openblas_get_config(), openblas_get_corename(), openblas_get_num_threads());
    double gflops[BENCH_REPS];
    for (int r = -1; r < BENCH_REPS; r++) {   /* r = -1: warm-up */
        double t0 = bench_now();
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f, a, n, b, n,
                    0.0f, c, n);
        double dt = bench_now() - t0;
        if (r >= 0)
            gflops[r] = 2.0 * (double)n * (double)nn / dt * 1e-9;
    }
    bench_report("sgemm_peak", bench_median(gflops, BENCH_REPS), "GFLOP/s");
    free(a);
    free(b);
    free(c);
    return 0;
}
