/* baseline_spec.h — a fitted baseline as a forecaster of its own: what the
 * eval report measures beside every model (docs/design.md §8) and what a model
 * file of kind "baseline" holds when `scaleahead-train --arch auto` found
 * no network better on validation (model.h). The forecasting math is in
 * baselines.h and holtwinters.h; this file fits a baseline on the training
 * part of a prepared data set and runs it on any windows, so eval, train's
 * auto choice and the predictor (predict, eval, sim) share one code path.
 *
 * The four, in table order (baseline_names):
 *   persistence     x_t
 *   seasonal_naive  x one day before the target (persistence where that
 *                   row is missing; needs a step dividing a day)
 *   linear_ar       least squares on the window's last min(12, seq_len)
 *                   rows of the model's features, fitted on the training
 *                   windows
 *   holt_winters    damped trend, daily season when the training rows hold
 *                   two days, fitted on the training windows' rows (their
 *                   targets included), run over the rows from the first
 * Sizes: R rows, F features, N windows, K = lags·F. */
#ifndef SA_BASELINE_SPEC_H
#define SA_BASELINE_SPEC_H

#include <stddef.h>
#include "base/err.h"
#include "features/prepare.h"
#include "model/baselines.h"
#include "model/holtwinters.h"

typedef enum baseline_kind {
    BASELINE_PERSISTENCE,
    BASELINE_SEASONAL,
    BASELINE_LINEAR_AR,
    BASELINE_HOLT_WINTERS,
    BASELINE_COUNT
} baseline_kind;

/* "persistence", "seasonal_naive", "linear_ar", "holt_winters". */
extern const char *const baseline_names[BASELINE_COUNT];

/* The kind called name, or -1. */
int baseline_kind_by_name(const char *name);

typedef struct baseline_spec {
    baseline_kind kind;
    int horizon;          /* steps ahead (a path's last step) */
    int steps;            /* S: a path of steps horizon-S+1 .. horizon (window_step_ahead);
                             1 (or 0) one forecast */
    size_t period;        /* seasonal_naive: rows a day */
    linear_ar ar;         /* linear_ar: the fit (owns coef) */
    holt_winters hw;      /* holt_winters: the fit */
} baseline_spec;

/* The target column (feature 0) of p's rows as doubles (p->d.fm.n_rows,
 * the caller frees), or NULL when out of memory. */
double *baseline_spec_target(const prepared *p);

/* Fits a baseline of kind on the first n_fit windows of p (the training
 * part: p->w.end[0 .. n_fit-1]) for the horizon p's windows were cut for,
 * forecasting steps values (1, or a path's S = horizon: the linear AR
 * then fits each step directly, Holt-Winters runs each step ahead, the
 * others need no fit per step). lags is the linear AR's (ignored by the
 * others). Returns 0, or -1 with e set (n_fit 0 or beyond the windows, a
 * step that does not divide a day for seasonal_naive, a failed fit). b
 * owns what it allocates (baseline_spec_free). */
int baseline_spec_fit(baseline_spec *b, baseline_kind kind, const prepared *p, size_t n_fit,
                      int horizon, int steps, int lags, sa_error *e);

/* Forecasts b for the windows ending at ends[0..n-1] of p (rows of p,
 * which may be another file than the fit's, with the same features) into
 * out (n, S): row k the path of window k (one value for a one-step
 * baseline). Returns the number of forecasts (windows x steps) made by the
 * baseline's own rule (fewer than n·S only for seasonal_naive, whose
 * forecasts without a row a day back take persistence), or -1 with e
 * set. */
long baseline_spec_forecast(const baseline_spec *b, const prepared *p, const size_t *ends,
                            size_t n, double *out, sa_error *e);

/* Rows of history a forecast at the last row needs (for predict --last):
 * 0 (all rows) for holt_winters, whose states run from the first row; the
 * period plus seq_rows for seasonal_naive; seq_rows otherwise. */
size_t baseline_spec_rows_needed(const baseline_spec *b, size_t seq_rows);

/* Checks b's parameters (a loaded file's): horizon >= 1, the linear AR's
 * lags and coefficients (n_features of them a lag, finite), Holt-Winters'
 * bounds, a period >= 1 where one is used. Returns 0, or -1 with e set. */
int baseline_spec_check(const baseline_spec *b, size_t n_features, sa_error *e);

/* A one-line description into buf[cap]: name and fitted parameters. */
void baseline_spec_describe(const baseline_spec *b, char *buf, size_t cap);

/* Frees what b owns and zeroes it; safe on a zeroed spec. */
void baseline_spec_free(baseline_spec *b);

#endif
