/* scaler.c — see scaler.h. */
#include "features/scaler.h"

#include <float.h>
#include <stdlib.h>
#include <string.h>

static int scaler_alloc(scaler *sc, size_t n_feat, sa_error *e)
{
    sc->n_feat = n_feat;
    sc->min = malloc(n_feat * sizeof *sc->min);
    sc->max = malloc(n_feat * sizeof *sc->max);
    if (!sc->min || !sc->max) {
        scaler_free(sc);
        return sa_fail(e, "out of memory");
    }
    return 0;
}

int scaler_fit(scaler *sc, const float *x, size_t n_rows, size_t n_feat,
               const window_set *w, size_t first, size_t count, sa_error *e)
{
    if (scaler_alloc(sc, n_feat, e))
        return -1;
    for (size_t f = 0; f < n_feat; f++) {
        sc->min[f] = FLT_MAX;
        sc->max[f] = -FLT_MAX;
    }
    /* Windows ascend, so the rows they touch are merged runs: visit each row once. */
    size_t next_row = 0;
    for (size_t k = first; k < first + count; k++) {
        size_t lo = w->end[k] + 1 - w->seq_len, hi = w->end[k] + w->horizon;
        if (lo < next_row)
            lo = next_row;
        for (size_t r = lo; r <= hi && r < n_rows; r++) {
            const float *row = x + r * n_feat;
            for (size_t f = 0; f < n_feat; f++) {
                if (row[f] < sc->min[f]) sc->min[f] = row[f];
                if (row[f] > sc->max[f]) sc->max[f] = row[f];
            }
        }
        if (hi + 1 > next_row)
            next_row = hi + 1;
    }
    for (size_t f = 0; f < n_feat; f++)
        if (sc->min[f] > sc->max[f])
            sc->min[f] = sc->max[f] = 0;
    return 0;
}

void scaler_apply(const scaler *sc, const float *x, size_t n_rows, float *out)
{
    size_t F = sc->n_feat;
    for (size_t r = 0; r < n_rows; r++)
        for (size_t f = 0; f < F; f++) {
            float range = sc->max[f] - sc->min[f];
            out[r * F + f] = range > 0 ? (x[r * F + f] - sc->min[f]) / range : 0.0f;
        }
}

void scaler_free(scaler *sc)
{
    free(sc->min);
    free(sc->max);
    memset(sc, 0, sizeof *sc);
}
