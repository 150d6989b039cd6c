/* bench_train.c — training throughput of one --arch preset with the real
 * training step: train_loop (lib/train.h) for one epoch over SEQS random
 * windows, which shuffles, splits each batch across THREADS workspaces
 * (single-threaded BLAS), runs forward with dropout and backward, sums the
 * gradients, clips them to norm 1 and takes an Adam step. The validation
 * pass train_loop makes at the end of the epoch covers one window, so it
 * does not weigh on the figure.
 *
 * Prints the median over BENCH_REPS epochs (after one warm-up epoch) of
 *   train_ARCH_seq_s   training sequences per second
 *   train_ARCH_gflops  effective GFLOP/s by bench_forward_flops x 3
 *
 * usage: bench_train ARCH [SEQS [THREADS]]   (SEQS default 640, THREADS
 * default all online CPUs) */
#include "bench_net.h"
#include "bench_util.h"
#include "cli/cli.h"
#include "base/blas_threads.h"
#include "base/parallel.h"
#include "train/loop.h"
#include "features/window.h"

int main(int argc, char **argv)
{
    const char *arch;
    long seqs;
    int threads;
    bench_args(argc, argv, "bench_train ARCH [SEQS [THREADS]]", 640, cli_online_cpus(), &arch,
               &seqs, &threads);
    blas_threads_single();
    msg_quiet = 1;

    net n;
    const preset *p;
    if (bench_net_from_preset(&n, &p, arch))
        return 1;
    size_t T = (size_t)p->seq_len, F = (size_t)p->n_seed_features;
    size_t W = (size_t)seqs + 1;   /* seqs to train on, one to validate */
    float *x;
    size_t *ends;
    if (bench_random_windows(&x, &ends, W + T, F, T))
        return 1;
    window_set ws = {T, 1, W, ends, (size_t)seqs, 1, 0};
    train_data d = {x, W + T, F, &ws};
    train_options o;
    train_defaults(&o);
    o.epochs = 1;
    o.batch = p->batch;
    o.lr = p->lr;
    o.threads = threads;
    o.seed = 1;
    o.label = arch;

    double rate[BENCH_REPS];
    for (int r = -1; r < BENCH_REPS; r++) {   /* r = -1: warm-up */
        train_history h;
        sa_error e;
        o.seed = (uint64_t)(r + 2);
        double t0 = bench_now();
        if (train_loop(&n, &d, &o, &h, &e)) {
            fprintf(stderr, "bench_train: %s\n", e.msg);
            return 1;
        }
        double dt = bench_now() - t0;
        if (r >= 0)
            rate[r] = h.sequences / dt;
        train_history_free(&h);
    }
    double flops = 3.0 * bench_forward_flops(&n.cfg);
    double seq_s = bench_median(rate, BENCH_REPS);
    printf("# train %s: %.4g MFLOP per sequence (forward + backward = 3 x forward), "
           "batch %d, %d threads, %ld sequences an epoch\n",
           arch, flops * 1e-6, p->batch, threads, seqs);
    char name[64];
    snprintf(name, sizeof name, "train_%s_seq_s", arch);
    bench_report(name, seq_s, "seq/s");
    snprintf(name, sizeof name, "train_%s_gflops", arch);
    bench_report(name, seq_s * flops * 1e-9, "GFLOP/s");
    free(x);
    free(ends);
    net_free(&n);
    return 0;
}
