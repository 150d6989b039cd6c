/* bench_net.h — what bench_train and bench_infer share: a network built
 * from an --arch preset with its initial weights, a random scaled feature
 * matrix with windows over it, and the analytic FLOP count the efficiency
 * figures use. Sizes: R rows, F features, T steps, I inputs, H hidden,
 * L layers, D head width, W windows. */
#ifndef SA_BENCH_NET_H
#define SA_BENCH_NET_H

#include <stdio.h>
#include <stdlib.h>

#include "nn/net.h"
#include "model/preset.h"
#include "base/rng.h"

/* The command line both programs take, NAME ARCH [COUNT [THREADS]]: sets
 * *arch, *count (default_count when absent) and *threads (all online CPUs
 * when absent; online is that count). Exits 2 with a usage line or when
 * COUNT or THREADS is not positive. */
static inline void bench_args(int argc, char **argv, const char *usage, long default_count,
                              int online, const char **arch, long *count, int *threads)
{
    if (argc < 2 || argc > 4) {
        fprintf(stderr, "usage: %s\n", usage);
        exit(2);
    }
    *arch = argv[1];
    *count = argc > 2 ? atol(argv[2]) : default_count;
    *threads = argc > 3 ? atoi(argv[3]) : online;
    if (*count < 1 || *threads < 1) {
        fprintf(stderr, "%s: the count and THREADS must be positive\n", usage);
        exit(2);
    }
}

/* Builds n with the layout and initial weights of the preset called arch
 * (docs/design.md §5) and points *p at the preset. Returns 0, or -1 after
 * printing why on stderr. */
static inline int bench_net_from_preset(net *n, const preset **p, const char *arch)
{
    *p = preset_find(arch);
    if (!*p) {
        fprintf(stderr, "bench: unknown preset '%s' (original | optimized | attention)\n", arch);
        return -1;
    }
    net_config c = {.n_inputs = (*p)->n_seed_features, .seq_len = (*p)->seq_len, .arch = (*p)->net};
    sa_error e;
    if (net_create(n, &c, &e) || net_init_weights(n, 42, &e)) {
        fprintf(stderr, "bench: %s\n", e.msg);
        return -1;
    }
    return 0;
}

/* A (R, F) matrix of uniform [0, 1) values (what a min-max scaled feature
 * matrix holds), and the W = R - T windows ending at rows T-1 .. R-2 (each
 * leaves one row for a horizon-1 target) in *ends. Both malloc'd, the
 * caller frees them. Returns 0, or -1 when out of memory. */
static inline int bench_random_windows(float **x, size_t **ends, size_t R, size_t F, size_t T)
{
    *x = malloc(R * F * sizeof **x);
    *ends = malloc((R - T) * sizeof **ends);
    if (!*x || !*ends) {
        fprintf(stderr, "bench: out of memory for %zu rows\n", R);
        return -1;
    }
    rng r;
    rng_seed(&r, 7);
    for (size_t i = 0; i < R * F; i++)
        (*x)[i] = (float)rng_uniform(&r);
    for (size_t k = 0; k + T < R; k++)
        (*ends)[k] = T - 1 + k;
    return 0;
}

/* Multiply-add FLOPs (2 per multiply-add) of one sequence's forward pass:
 * per LSTM layer k, T steps of the gate products 2·4H·(in_k + H); attention
 * scores and pooling 2·T·H each; fc1 2·H·D and fc2 2·D (or fc 2·H).
 * Element-wise work (activations, biases, dropout) is not counted. The
 * training convention is forward + backward = 3 x this (backward does the
 * two products, for the inputs and for the weights, of each forward one). */
static inline double bench_forward_flops(const net_config *c)
{
    double T = c->seq_len, H = c->arch.hidden, D = c->arch.head, f = 0;
    for (int k = 0; k < c->arch.layers; k++) {
        double in = k == 0 ? c->n_inputs : H;
        f += T * 2.0 * 4.0 * H * (in + H);
    }
    if (c->arch.attention)
        f += 4.0 * T * H;
    f += D > 0 ? 2.0 * H * D + 2.0 * D : 2.0 * H;
    return f;
}

#endif
