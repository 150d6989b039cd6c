/* prepare.h — a metrics file made ready for a model: features, windows
 * (split or not), the transform (transform.h: min-max or robust, fitted on
 * the training rows, or a model's), and the transformed matrix. Train, eval and predict all go through here, so a
 * model sees the same numbers at training and at forecast time. */
#ifndef SA_PREPARE_H
#define SA_PREPARE_H

#include "features/dataset.h"
#include "features/transform.h"
#include "features/window.h"

typedef struct prepared {
    dataset d;          /* series + unscaled features (R, F) */
    window_set w;       /* complete windows */
    transform tf;
    float *scaled;      /* (R, F) transformed, owned */
} prepared;

/* For training: loads o, builds windows of seq_len + horizon, splits them
 * at split[0] and split[1] (cumulative fractions), fits the transform on
 * the training windows' rows — robust (with the log1p rule) or min-max —
 * and applies it. Returns 0, or -1 with e set. */
int prepare_for_training(prepared *p, const dataset_options *o, size_t seq_len,
                         size_t horizon, const double split[2], int robust, int log1p,
                         sa_error *e);

/* For a trained model: loads o (strict features), builds windows and
 * applies the given transform (copied). No split: every window is "test".
 * Returns 0, or -1 with e set. */
int prepare_for_model(prepared *p, const dataset_options *o, size_t seq_len, size_t horizon,
                      const transform *tf, sa_error *e);

void prepared_free(prepared *p);

#endif
