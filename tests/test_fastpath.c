/* test_fastpath.c — the lean and fast paths of the network against the
 * plain-loop references: gemm_nn (the small-row kernel, every remainder of
 * its 4 x 64 blocks, strided operands, beta 0 and 1), lstm_infer (inference forward, gates a few steps
 * at a time, nothing saved) against lstm_forward_naive, the inference
 * workspace against a training workspace with training = 0, and
 * inference_windows (inference workspaces sized to each thread's share)
 * against one net_forward, for 1 and 2 threads. (feat_build's calendar
 * columns are tested in test_features.c, NaN through the fast exp in
 * test_fastmath.c.)
 *
 * Sizes: T steps, B batch, I inputs, H hidden, D head width, F features,
 * R rows. */
#define HARNESS_KERNEL_PATHS
#include <stdlib.h>
#include <string.h>

#include "nn/inference.h"
#include "kernel/gemm.h"
#include "harness.h"
#include "nn/lstm.h"
#include "nn/net.h"
#include "base/rng.h"
#include "tensor_diff.h"

#define REF_TOL 1e-5

static rng R;

static float *randu(size_t n, float a) { return tensor_random(&R, n, a); }

/* Differences are relative to max|reference|, floored at 1e-6. */
#define REL_FLOOR 1e-6

/* lstm_infer's h (T, B, H) = lstm_forward_naive's hs[1..T]; B = 1 runs all
 * steps' input products at once, B = 100 in chunks of 1 step with a
 * shorter last chunk, B = 300 one step at a time. Weights of scale a: 0.5
 * keeps the gates in their middle range, 4 drives some pre-activations past
 * +-20 where lstm_cell_infer clamps its exponentials. */
static void test_lstm_infer(int T, int B, int I, int H, float a)
{
    size_t G = 4 * (size_t)H, BH = (size_t)B * H;
    float *x = randu((size_t)T * B * I, 1.0f), *w_ih = randu(G * I, a);
    float *w_hh = randu(G * H, a), *b_ih = randu(G, a), *b_hh = randu(G, a);
    float *hs = calloc((T + 1) * BH, sizeof *hs), *cs = calloc((T + 1) * BH, sizeof *cs);
    float *tc = calloc(T * BH, sizeof *tc), *gates = calloc(T * BH * 4, sizeof *gates);
    float *h = malloc(T * BH * sizeof *h);
    size_t ns = lstm_infer_scratch_size(T, B, H);
    float *scratch = malloc(ns * sizeof *scratch);
    for (size_t i = 0; i < ns; i++)
        scratch[i] = 1e30f;   /* garbage in the scratch must not leak into h */
    for (size_t i = 0; i < T * BH; i++)
        h[i] = 1e30f;
    const lstm_weights p = {w_ih, w_hh, b_ih, b_hh};
    float *store = malloc(lstm_infer_weights_size(I, H) * sizeof *store);
    lstm_infer_weights pt;
    lstm_infer_prepare(&pt, store, &p, I, H);
    lstm_forward_naive(&(lstm_cache){hs, cs, tc, gates}, x, &p, T, B, I, H);
    lstm_infer(h, scratch, x, &pt, T, B, I, H);
    double d = tensor_rel_diff(h, hs + BH, T * BH, REL_FLOOR);
    CHECK(d < REF_TOL,
          "lstm_infer = lstm_forward_naive, T %d B %d I %d H %d, weights %g (%.2g < 1e-5)", T,
          B, I, H, (double)a, d);
    free(x), free(w_ih), free(w_hh), free(b_ih), free(b_hh);
    free(hs), free(cs), free(tc), free(gates), free(h), free(scratch), free(store);
}

/* gemm_transpose on shapes that fill whole 16 x 16 tiles, part of one and
 * a single row: every element lands where the definition puts it. */
static void test_transpose(void)
{
    static const int shapes[][2] = {{16, 32}, {37, 21}, {1, 19}, {5, 1}};
    for (size_t k = 0; k < sizeof shapes / sizeof shapes[0]; k++) {
        int R = shapes[k][0], C = shapes[k][1], wrong = 0;
        float *src = randu((size_t)R * C, 1.0f), *dst = malloc((size_t)R * C * sizeof *dst);
        gemm_transpose(dst, src, R, C);
        for (int r = 0; r < R; r++)
            for (int c = 0; c < C; c++)
                wrong += dst[(size_t)c * R + r] != src[(size_t)r * C + c];
        CHECK(wrong == 0, "gemm_transpose (%d, %d): dst[c][r] = src[r][c] everywhere", R, C);
        free(src);
        free(dst);
    }
}

/* gemm_nn = gemm_nn_naive on shapes covering full and partial blocks of
 * 4 rows and 64 columns, with row strides wider than the operands, both
 * overwriting and accumulating; the columns past N must stay untouched. */
static void test_gemm(void)
{
    static const int Ms[] = {1, 2, 3, 4, 5, 16, 23}, Ns[] = {1, 15, 16, 17, 64, 65, 200},
                     Ks[] = {1, 7, 50, 128};
    double worst = 0;
    int untouched = 1;
    for (size_t a = 0; a < sizeof Ms / sizeof *Ms; a++)
        for (size_t b = 0; b < sizeof Ns / sizeof *Ns; b++)
            for (size_t c = 0; c < sizeof Ks / sizeof *Ks; c++)
                for (int acc = 0; acc <= 1; acc++) {
                    int M = Ms[a], N = Ns[b], K = Ks[c], lda = K + 3, ldb = N + 5, ldc = N + 2;
                    float *A = randu((size_t)M * lda, 1.0f), *B = randu((size_t)K * ldb, 1.0f);
                    float *C1 = randu((size_t)M * ldc, 1.0f), *C2 = malloc((size_t)M * ldc * 4);
                    memcpy(C2, C1, (size_t)M * ldc * sizeof *C2);
                    gemm_nn(C1, A, B, M, N, K, lda, ldb, ldc, acc);
                    gemm_nn_naive(C2, A, B, M, N, K, lda, ldb, ldc, acc);
                    double d = tensor_rel_diff(C1, C2, (size_t)M * ldc, REL_FLOOR);
                    worst = d > worst ? d : worst;
                    for (int i = 0; i < M; i++)
                        untouched &= !memcmp(C1 + (size_t)i * ldc + N, C2 + (size_t)i * ldc + N,
                                             (size_t)(ldc - N) * sizeof *C1);
                    free(A), free(B), free(C1), free(C2);
                }
    CHECK(worst < REF_TOL, "gemm_nn = gemm_nn_naive over 392 shapes, beta 0 and 1 (%.2g < 1e-5)",
          worst);
    CHECK(untouched, "gemm_nn leaves the padding between rows of C alone");
}

/* A net of cfg with weights from seed and non-zero biases. */
static int make_net(net *n, const net_config *cfg, uint64_t seed)
{
    sa_error e;
    if (net_create(n, cfg, &e) || net_init_weights(n, seed, &e)) {
        CHECK(0, "net for the test: %s", e.msg);
        return -1;
    }
    for (size_t i = 0; i < n->n_tensors; i++)
        if (n->tensors[i].ndim == 1)
            for (size_t k = 0; k < n->tensors[i].rows; k++)
                n->params[n->tensors[i].offset + k] += (float)(rng_uniform(&R) - 0.5);
    return 0;
}

/* The inference workspace gives the evaluation output of the reference
 * ops on a training workspace, for a full batch and a smaller one, and
 * ignores training = 1 (no dropout). */
static void test_net_inference(int attention, int head, int layers)
{
    net_config cfg = {.n_inputs = 3, .seq_len = 6,
                      .arch = {.hidden = 8, .layers = layers, .head = head,
                               .attention = attention, .dropout = 0.25f}};
    net n;
    if (make_net(&n, &cfg, 3) < 0)
        return;
    enum { B = 5 };
    float *x = randu((size_t)B * 6 * 3, 1.0f), y_ref[B], y[B], y_small[2], y_train[B];
    net_workspace *full = net_workspace_create(&n, B);
    net_inference_weights *iw = net_inference_weights_create(&n);
    net_workspace *lean = net_workspace_create_inference(&n, iw, B);
    net_workspace_use_reference(full, 1);
    net_forward(&n, full, x, B, y_ref, 0, 0, 0);
    net_forward(&n, lean, x, B, y, 0, 0, 0);
    net_forward(&n, lean, x, 2, y_small, 0, 0, 0);
    net_forward(&n, lean, x, B, y_train, 1, 9, 0);
    CHECK(tensor_rel_diff(y, y_ref, B, REL_FLOOR) < REF_TOL && tensor_rel_diff(y_small, y_ref, 2, REL_FLOOR) < REF_TOL,
          "inference workspace (attention %d, head %d, layers %d) = reference evaluation, "
          "B 5 and 2", attention, head, layers);
    CHECK(memcmp(y, y_train, sizeof y) == 0 && net_workspace_grads(lean) == NULL,
          "inference workspace: no dropout, no gradients");
    net_workspace_free(full);
    net_workspace_free(lean);
    net_inference_weights_free(iw);
    free(x);
    net_free(&n);
}

/* inference_windows over every window of a random matrix = net_forward of
 * the gathered windows on a training workspace, with 1 and 2 threads, and
 * for a single window (what predict --last asks). */
static void test_forecast_windows(void)
{
    net_config cfg = {.n_inputs = 4, .seq_len = 5,
                      .arch = {.hidden = 16, .layers = 2, .head = 8, .attention = 1,
                               .dropout = 0.2f}};
    net n;
    if (make_net(&n, &cfg, 8) < 0)
        return;
    enum { RR = 300, F = 4, T = 5, W = RR - T + 1 };
    float *x = randu((size_t)RR * F, 1.0f), *batch = malloc((size_t)W * T * F * sizeof *batch);
    float y_ref[W], y1[W], y2[W], y_last;
    size_t ends[W];
    for (size_t k = 0; k < W; k++)
        ends[k] = T - 1 + k;
    inference_gather(x, F, T, ends, W, batch);
    net_workspace *full = net_workspace_create(&n, W);
    net_forward(&n, full, batch, W, y_ref, 0, 0, 0);
    sa_error e;
    int rc1 = inference_windows(&n, x, F, ends, W, 1, y1, &e);
    int rc2 = inference_windows(&n, x, F, ends, W, 2, y2, &e);
    int rc3 = inference_windows(&n, x, F, ends + W - 1, 1, 2, &y_last, &e);
    CHECK(rc1 == 0 && rc2 == 0 && rc3 == 0, "inference_windows succeeds");
    /* the same to the last bit where gemm_nn is the AVX-512 kernel (rows
     * computed independently); with OpenBLAS alone a row's rounding may
     * depend on the batch it is in */
    CHECK(tensor_rel_diff(y1, y_ref, W, REL_FLOOR) < REF_TOL && tensor_rel_diff(y2, y_ref, W, REL_FLOOR) < REF_TOL,
          "inference_windows, 1 and 2 threads, = net_forward of the gathered windows");
    CHECK_NEAR(y_last, y_ref[W - 1], 1e-5, "inference_windows of the last window alone");
    net_workspace_free(full);
    free(x), free(batch);
    net_free(&n);
}

/* Everything that runs a kernel of nn/kernels.h, for one path. */
static void test_kernels(void)
{
    rng_seed(&R, 2024);
    test_gemm();
    test_lstm_infer(7, 1, 3, 5, 0.5f);
    test_lstm_infer(5, 100, 4, 6, 0.5f);
    test_lstm_infer(3, 300, 2, 4, 0.5f);
    test_lstm_infer(1, 2, 3, 16, 0.5f);
    test_lstm_infer(9, 3, 4, 20, 4.0f);
    for (int attention = 0; attention <= 1; attention++)
        for (int head = 0; head <= 4; head += 4)
            test_net_inference(attention, head, attention + head / 4 + 1);
    test_forecast_windows();
}

int main(void)
{
    harness_each_path(test_kernels);
    test_transpose();   /* plain C: the same on every path */
    return test_summary();
}
