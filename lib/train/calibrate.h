/* calibrate.h — the conformal calibration of a freshly trained model: its
 * absolute (or, for an ensemble, spread-normalised) residuals on the
 * validation part, stored in the model file (conformal.h, model.h). */
#ifndef SA_CALIBRATE_H
#define SA_CALIBRATE_H

#include "base/err.h"
#include "features/prepare.h"
#include "model/predictor.h"

/* Forecasts the validation windows of p with f (any kind the predictor
 * runs) and sets f->model.calibration from them (conformal_calibrate_path:
 * a path's steps each on their own residuals); also records the metrics
 * "calibration_windows" and "calibration_q90" (the half-width at 90 % of
 * the first step for a spread of 0, or the normalised quantile), and for
 * a path "calibration_q90_last_step". Without validation windows f is left
 * uncalibrated. Returns 0, or -1 with e set. */
int train_calibrate(predictor *f, const prepared *p, int threads, sa_error *e);

/* Loads the data file path the way the built model f was trained on it:
 * f's target, features, window and horizon, read as input, calendar and
 * fill say, transformed with f's transform and split at f's fractions (a
 * blend at its split times, blend.h: where its parts' training parts end).
 * p is the caller's (prepared_free). Returns 0, or -1 with e set. */
int train_prepare_own(prepared *p, const predictor *f, const char *path, const char *calendar,
                      int fill, const series_input *input, sa_error *e);

/* Lends the model m to the predictor f (m is emptied: its parts are f's
 * until train_predictor_return) and prepares the data file path for it as
 * train_prepare_own does. On failure m is handed back already. Returns 0,
 * or -1 with e set. */
int train_predictor_lend(predictor *f, prepared *p, model_file *m, const char *path,
                         const char *calendar, int fill, const series_input *input, sa_error *e);

/* Frees p and f's own parts, and hands the model lent by
 * train_predictor_lend back to m. */
void train_predictor_return(predictor *f, prepared *p, model_file *m);

#endif
