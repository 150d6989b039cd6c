/* predictor.h — a trained model file ready to forecast, and the bridge
 * between a network (net.h) and its model-file member (model.h).
 *
 * Every forecast is a path: S values per window (origin), steps 1..S
 * ahead for a path model (train --steps S), one value (S = 1, horizon
 * steps ahead) otherwise. Arrays of forecasts are origin-major, (N, S):
 * entry k·S + j is window k's forecast of step j, for the row
 * window_step_ahead(horizon, S, j) after its last row. With S = 1 that is
 * one value per window, as before paths.
 *
 * Sizes: R rows, F features, N windows, M members, S steps. */
#ifndef SA_PREDICTOR_H
#define SA_PREDICTOR_H

#include <stddef.h>
#include "base/err.h"
#include "nn/inference.h"
#include "model/model.h"
#include "nn/net.h"
#include "features/prepare.h"
#include "features/transform.h"

/* Builds n from a model member: layout from its config, weights from its
 * tensors (each checked for name and shape). Returns 0, or -1 with e set. */
int predictor_net_from_member(net *n, const model_member *m, sa_error *e);

/* Copies the weights of n into member's tensors (replacing any). */
int predictor_member_from_net(model_member *m, const net *n, sa_error *e);

/* A model file with its networks built, ready to forecast. */
typedef struct predictor {
    model_file model;   /* owned */
    net *nets;          /* (M), owned */
    size_t n_nets;      /* networks built (freed by predictor_free even when
                           the caller has taken model away and zeroed it) */
    transform tf;       /* from the file: its robust transform, or min-max of
                           its scaler; a blend's: the identity of its features
                           (each part transforms its own columns) */
    struct predictor *parts; /* kind "blend" (blend.h): a predictor of each part
                           built so far, its model lent by model.parts; owned */
    size_t n_parts;
    int lent;           /* 1: model belongs to the blend that holds this
                           predictor (predictor_free leaves it) */
} predictor;

/* Builds the networks and transform of f->model, which the caller has set in
 * an otherwise zeroed f (f owns it from then on); for a blend, a predictor
 * of each part. Returns 0, or -1 with e set. */
int predictor_build(predictor *f, sa_error *e);

/* Loads a model file and builds its networks. A model whose training was
 * interrupted (any member marked so) is refused — its forecasts can be far
 * off — unless predictor_allow_interrupted(1) was called, and then loaded
 * with a warning on stderr (even under -q). Returns 0, or -1 with e set. */
int predictor_load(predictor *f, const char *path, sa_error *e);

/* Lets predictor_load accept interrupted models (--allow-interrupted). */
void predictor_allow_interrupted(int allow);

/* The steps S every forecast of f has (1 for a one-step model). */
size_t predictor_steps(const predictor *f);

/* Whether f's forecasts come with a spread its intervals scale by: an
 * ensemble's (the members' standard deviation), a window-scaled
 * network's (net_arch.window_scale: the window's scale in target units)
 * or a blend's (the scale of its own window, the same measure). */
int predictor_has_spread(const predictor *f);

/* Forecasts in target units for the windows ending at ends[0..N-1] of the
 * transformed matrix x (R, F): every member into member_out (M, N, S) when
 * not NULL, their weighted mean into mean (N, S), and their standard
 * deviation into std (N, S) when not NULL (0 for one member; for one
 * window-scaled network the window's scale, the mean absolute step of its
 * target, in target units, at every step). A blend forecasts from rows, not
 * from one matrix: refused (predictor_forecast runs it). Returns 0, or -1
 * with e set. */
int predictor_run(const predictor *f, const float *x, const size_t *ends, size_t count,
                   int threads, double *mean, double *std, double *member_out, sa_error *e);

/* Forecasts in target units for the windows ending at ends[0..N-1] of p,
 * whatever f holds: its networks run on p's scaled matrix (predictor_run),
 * a baseline (kind "baseline") on p's rows, a blend (kind "blend") as the
 * weighted mean of its parts' forecasts (predictor_blend_parts), each part
 * on its own columns of p's rows with its own transform. Same outputs as
 * predictor_run (a baseline is one member with std 0; a blend is one
 * member whose std is the scale of its window: window_norm_scale of the
 * target over the blend's seq_len rows). Returns 0, or -1 with e set. */
int predictor_forecast(const predictor *f, const prepared *p, const size_t *ends, size_t count,
                       int threads, double *mean, double *std, double *member_out, sa_error *e);

/* Blend f's parts' forecasts for the windows ending at ends[0..N-1] of p
 * (prepared for f: predictor_prepare, train_prepare_own) into out (P, N,
 * S): part i's at out + i·N·S, each exactly what the part alone forecasts
 * on the same rows. Returns 0, or -1 with e set (f not a blend, out of
 * memory, a part's error). */
int predictor_blend_parts(const predictor *f, const prepared *p, const size_t *ends,
                          size_t count, int threads, double *out, sa_error *e);

/* The rows before and including the last one that the forecast after the
 * last row reads: the window, the rolling features' reach, and for a model
 * with the cpu_seasonal channel one day more (its value one day before
 * each target time). What predict --last keeps of a file. */
size_t predictor_history_rows(const predictor *f);

/* Loads the metrics at path ("-" = stdin) for the model f as a forecast
 * needs them: f's target and features (strict: a missing source column is
 * an error), the calendar (or NULL), fill, only the last max_rows rows (0:
 * all), windows of f's seq_len with horizon 0 (so every window whose last
 * row is in the data, the one ending at the last row included), transformed
 * with f's transform (a baseline that runs from the first row, Holt-Winters,
 * reads every row; seasonal naive a day more). The data's step must be the
 * model's. input (NULL: a standard metrics CSV) maps the file's columns and
 * time (series.h). p is owned by the caller (prepared_free). Returns 0, or
 * -1 with e set. */
int predictor_prepare(const predictor *f, const char *path, const series_input *input,
                      const char *calendar, int fill, size_t max_rows, prepared *p,
                      sa_error *e);

/* Forecasts of the windows of a prepared set: a path per origin. Sizes: N
 * windows (origins), S steps; every (N, S) array is origin-major, entry
 * k·S + j for window k's step j (header). */
typedef struct predictor_result {
    size_t n;              /* N */
    size_t steps;          /* S (1 for a one-step model) */
    size_t horizon;        /* the model's horizon: step j is window_step_ahead
                              (horizon, S, j) rows after the origin (j + 1 for a
                              path, horizon for one step) */
    const size_t *end;     /* (N) last input row of each window, the origin
                              (points into p->w) */
    int64_t *origin;       /* (N) time of that row (Unix seconds) */
    int64_t *time;         /* (N, S) time each forecast is for: the origin's
                              time + its steps ahead x step (Unix seconds) */
    double *mean;          /* (N, S) forecast in target units */
    double *std;           /* (N, S) spread of the members (0 for one) */
    /* Filled by predictor_intervals (NULL before): */
    double *actual;        /* (N, S) observed target at time[k·S + j], NaN where unknown */
    double *lower, *upper; /* (N, S) the conformal interval of each step */
    double *alpha;         /* (N, S) the ACI α_t each interval used (its step's own) */
} predictor_result;

/* Steps ahead of step j (0-based) of r's paths: j + 1 for a path, the
 * horizon for a one-step model. */
size_t predictor_result_ahead(const predictor_result *r, size_t j);

/* Forecasts f for windows first .. p->w.n - 1 of p (from predictor_prepare,
 * which must outlive out). out is owned by the caller
 * (predictor_result_free). Returns 0, or -1 with e set (first beyond the
 * windows, out of memory). */
int predictor_run_all(const predictor *f, const prepared *p, size_t first, int threads,
                       predictor_result *out, sa_error *e);

/* Observed target of the window ending at row t, h rows on, in p: NaN
 * beyond the data or across a gap. */
double predictor_actual_at(const prepared *p, size_t t, size_t h);

/* Fills r->actual (allocated when NULL; (N, S)) with the observed target
 * of each forecast of r (from predictor_run_all on p). Returns 0, or -1
 * with e set. */
int predictor_actuals(const predictor *f, const prepared *p, predictor_result *r, sa_error *e);

/* Adds conformal intervals to r (from predictor_run_all on p) at the
 * nominal level with the model's calibration set, adapting by ACI when
 * gamma > 0 (conformal.h: each window's actual, read from p, counts once
 * the row at its target time is in the data before the window's own last
 * row). A path's steps are calibrated and adapted each on its own (step
 * j's scores, its own α_t learning from step j's misses). Fills r->actual,
 * lower, upper and alpha. Returns 0, or -1 with e set (no calibration in
 * the model, a level it cannot support — with option, e.g. "--coverage",
 * in the message — out of memory). */
int predictor_intervals(const predictor *f, const prepared *p, predictor_result *r,
                        double level, double gamma, const char *option, sa_error *e);

/* Keeps only the last forecast of r (with its interval, actual and α when
 * filled): predict --last of a run whose earlier windows were needed (ACI's
 * level at the last window follows every earlier miss). */
void predictor_result_keep_last(predictor_result *r);

void predictor_result_free(predictor_result *r);

void predictor_free(predictor *f);

#endif
