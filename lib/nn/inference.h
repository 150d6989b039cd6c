/* inference.h — running a network over windows of a scaled feature matrix:
 * the validation forecasts of training and every forecast of eval, predict
 * and sim. Sizes: R rows, F features, T steps, N windows, S outputs. */
#ifndef SA_INFERENCE_H
#define SA_INFERENCE_H

#include <stddef.h>
#include "base/err.h"
#include "nn/net.h"

/* Windows inference_windows runs through the network at a time, per thread:
 * 16 runs as fast as 32 or 256 (bench_infer: 1 % faster than 32 on the
 * AMD EPYC, both paths) on a fraction of the memory (an inference
 * workspace of 16 windows of the optimized preset is 0.7 MB, besides the
 * transposed weights all threads share; validation during training runs
 * one per thread next to the training workspaces). */
#define INFERENCE_BATCH 16

/* Copies the T rows ending at each of ends[0..B-1] from x (R, F) into
 * batch (B, T, F). */
void inference_gather(const float *x, size_t n_feat, size_t seq_len, const size_t *ends,
                     size_t B, float *batch);

/* Forecasts (scaled units) of net for the windows ending at ends[0..N-1]
 * of x (R, F), split over threads, each running its share in batches of
 * up to INFERENCE_BATCH on an inference workspace; out (N, S): row k the
 * path of window k, steps 1..S (S = net_steps, 1 for a one-output net).
 * Returns 0, or -1 with e set (out of memory). */
int inference_windows(const net *n, const float *x, size_t n_feat, const size_t *ends,
                     size_t count, int threads, float *out, sa_error *e);

#endif
