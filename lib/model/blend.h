/* blend.h — a blend of whole models (kind "blend", docs/design.md §7): a
 * series' own forecaster and a fleet's global model, say, each with its
 * own features, window, transform and kind, forecasting the same target
 * with the same horizon, steps and row step. Its forecast is the weighted
 * mean of its parts' forecasts, Σ w_i f_i / Σ w_i (predictor.h runs it).
 *
 * In memory (model.h): m->parts[0..P-1] are the parts, whole model files of
 * any kind but blend and auto-partial, m->part_weight[i] their weights
 * (finite, >= 0, not all 0), and the one member m->members[0] holds the
 * blend's own config: the parts' shared data settings (target, horizon,
 * steps, step, basis, features_tz, split and provenance of part 0), arch
 * "blend", the union of the parts' features (part 0's first, then each
 * new one in part order) and the longest window (seq_len) of any part, so
 * that one read of the data serves every part and a window exists for
 * every part wherever it exists for the blend; its validation and test
 * parts begin at the latest of the parts' (split_time[1] and [2]), so no
 * window the blend is chosen or calibrated on is one a part trained on
 * (train_prepare_own splits a blend at those times). It has no scaler, no
 * transform, no weights: each part keeps its own.
 * Sizes: P parts, F features of the blend, F_i of part i. */
#ifndef SA_BLEND_H
#define SA_BLEND_H

#include <stddef.h>
#include "base/err.h"
#include "model/model.h"

/* Makes b (zeroed first) the blend of parts[0..P-1] at weights w[0..P-1]:
 * the parts are moved into b (each parts[i] zeroed; on failure too, where
 * b then owns and frees them). The config as the header says; b has no
 * calibration or metrics yet. Returns 0, or -1 with e set (a part of kind
 * blend or auto-partial, parts that disagree on target, horizon, steps,
 * step, basis or features_tz, more than FEAT_MAX features in all, a bad
 * weight, out of memory). */
int blend_make(model_file *b, model_file *parts, const double *w, size_t P, sa_error *e);

#endif
