/* scaler.h — min-max scaling of the feature matrix (docs/design.md §6), fitted
 * on the rows of the training windows only. A feature constant over those
 * rows scales to 0. The target is feature column 0 and uses its min and max.
 * Sizes: R rows, F features. */
#ifndef SA_SCALER_H
#define SA_SCALER_H

#include <stddef.h>
#include "base/err.h"
#include "features/window.h"

typedef struct scaler {
    size_t n_feat;   /* F */
    float *min;      /* (F), owned */
    float *max;      /* (F), owned */
} scaler;

/* Fits min and max of every column of x (R, F) over the rows touched by
 * windows [first, first + count) of w: their inputs and their targets.
 * Returns 0, or -1 with e set (out of memory). */
int scaler_fit(scaler *sc, const float *x, size_t n_rows, size_t n_feat,
               const window_set *w, size_t first, size_t count, sa_error *e);

/* Writes the scaled copy of x (R, F) into out (R, F); out may equal x. */
void scaler_apply(const scaler *sc, const float *x, size_t n_rows, float *out);

void scaler_free(scaler *sc);

#endif
