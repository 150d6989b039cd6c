/* prepare.h — a metrics file made ready for a model: features, windows
 * (split or not), the scaler (fitted on the training rows, or a model's),
 * and the scaled matrix. Train, eval and predict all go through here, so a
 * model sees the same numbers at training and at forecast time. */
#ifndef SA_PREPARE_H
#define SA_PREPARE_H

#include "data/dataset.h"
#include "data/scaler.h"
#include "data/window.h"

typedef struct prepared {
    dataset d;          /* series + unscaled features (R, F) */
    window_set w;       /* complete windows */
    scaler sc;
    float *scaled;      /* (R, F), owned */
} prepared;

/* For training: loads o, builds windows of seq_len + horizon, splits them
 * at split[0] and split[1] (cumulative fractions), fits the scaler on the
 * training windows' rows and scales. Returns 0, or -1 with e set. */
int prepare_for_training(prepared *p, const dataset_options *o, size_t seq_len,
                         size_t horizon, const double split[2], sa_error *e);

/* For a trained model: loads o (strict features), builds windows and
 * scales with the given scaler (copied). No split: every window is "test".
 * Returns 0, or -1 with e set. */
int prepare_for_model(prepared *p, const dataset_options *o, size_t seq_len, size_t horizon,
                      const scaler *sc, sa_error *e);

void prepared_free(prepared *p);

#endif
