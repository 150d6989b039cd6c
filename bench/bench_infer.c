/* bench_infer.c — inference throughput of one --arch preset on the path
 * predict and eval use: inference_windows (lib/forecast.h), which splits
 * the windows across THREADS and runs net_forward (training = 0) on
 * an inference workspace, in batches of INFERENCE_BATCH gathered windows.
 *
 * Prints the median over BENCH_REPS passes (after one warm-up pass) of
 *   infer_ARCH_win_s   windows per second
 *
 * usage: bench_infer ARCH [WINDOWS [THREADS]]   (WINDOWS default 4096,
 * THREADS default all online CPUs) */
#include "bench_net.h"
#include "bench_util.h"
#include "cli/cli.h"
#include "nn/inference.h"
#include "base/blas_threads.h"
#include "base/parallel.h"

int main(int argc, char **argv)
{
    const char *arch;
    long count;
    int threads;
    bench_args(argc, argv, "bench_infer ARCH [WINDOWS [THREADS]]", 4096, cli_online_cpus(),
               &arch, &count, &threads);
    blas_threads_single();

    net n;
    const preset *p;
    if (bench_net_from_preset(&n, &p, arch))
        return 1;
    size_t T = (size_t)p->seq_len, F = (size_t)p->n_seed_features, W = (size_t)count;
    float *x, *y = malloc(W * sizeof *y);
    size_t *ends;
    if (!y || bench_random_windows(&x, &ends, W + T, F, T))
        return 1;
    double rate[BENCH_REPS];
    for (int r = -1; r < BENCH_REPS; r++) {   /* r = -1: warm-up */
        sa_error e;
        double t0 = bench_now();
        if (inference_windows(&n, x, F, ends, W, threads, y, &e)) {
            fprintf(stderr, "bench_infer: %s\n", e.msg);
            return 1;
        }
        double dt = bench_now() - t0;
        if (r >= 0)
            rate[r] = (double)W / dt;
    }
    printf("# infer %s: %ld windows a pass in batches of %d, %d threads\n", arch, count,
           INFERENCE_BATCH, threads);
    char name[64];
    snprintf(name, sizeof name, "infer_%s_win_s", arch);
    bench_report(name, bench_median(rate, BENCH_REPS), "win/s");
    free(x);
    free(y);
    free(ends);
    net_free(&n);
    return 0;
}
