/* inference.c — see inference.h. The weights are transposed once for the
 * call (net_inference_weights) and shared; each thread forecasts its share
 * of the windows in batches of up to INFERENCE_BATCH on an inference
 * workspace (nn/net.h) sized to its share, so one window costs one
 * window's memory. */
#include "nn/inference.h"

#include <stdlib.h>
#include <string.h>

#include "base/parallel.h"

void inference_gather(const float *x, size_t n_feat, size_t seq_len, const size_t *ends,
                     size_t B, float *batch)
{
    size_t window = seq_len * n_feat;
    for (size_t b = 0; b < B; b++)
        memcpy(batch + b * window, x + (ends[b] + 1 - seq_len) * n_feat,
               window * sizeof *batch);
}

typedef struct windows_job {
    const net *n;
    const net_inference_weights *iw;
    const float *x;
    size_t n_feat;
    const size_t *ends;
    size_t count;
    float *out;
    int failed;
} windows_job;

static void windows_part(void *ctx, int i, int n_threads)
{
    windows_job *j = ctx;
    size_t lo, hi;
    parallel_share(j->count, i, n_threads, &lo, &hi);
    if (lo == hi)
        return;
    size_t T = (size_t)j->n->cfg.seq_len, S = (size_t)net_steps(&j->n->cfg.arch);
    size_t max_batch = hi - lo < INFERENCE_BATCH ? hi - lo : INFERENCE_BATCH;
    net_workspace *w = net_workspace_create_inference(j->n, j->iw, (int)max_batch);
    float *batch = malloc(max_batch * T * j->n_feat * sizeof *batch);
    if (!w || !batch) {
        j->failed = 1;
    } else {
        for (size_t k = lo; k < hi; k += max_batch) {
            size_t B = hi - k < max_batch ? hi - k : max_batch;
            inference_gather(j->x, j->n_feat, T, j->ends + k, B, batch);
            net_forward(j->n, w, batch, (int)B, j->out + k * S, 0, 0, k);
        }
    }
    free(batch);
    net_workspace_free(w);
}

int inference_windows(const net *n, const float *x, size_t n_feat, const size_t *ends,
                     size_t count, int threads, float *out, sa_error *e)
{
    net_inference_weights *iw = net_inference_weights_create(n);
    if (!iw)
        return sa_fail(e, "out of memory while forecasting");
    windows_job j = {n, iw, x, n_feat, ends, count, out, 0};
    if (threads < 1)
        threads = 1;
    if ((size_t)threads > count / 32 + 1)
        threads = (int)(count / 32 + 1);
    parallel_run(threads, windows_part, &j);
    net_inference_weights_free(iw);
    return j.failed ? sa_fail(e, "out of memory while forecasting") : 0;
}

