/* replay.h — what scaleahead-sim replays: the metrics CSV as a trace
 * (engine.h), the forecasts aligned to its rows (from a predictions CSV or
 * a model run on the metrics, with conformal upper bounds at each level the
 * quantile policy asks for), the calendar's events, and the instance count
 * the CPU was measured on. */
#ifndef SA_REPLAY_H
#define SA_REPLAY_H

#include "base/err.h"
#include "series/series.h"
#include "model/predictor.h"
#include "sim/about.h"
#include "sim/engine.h"

#define REPLAY_MAX_LEVELS 16

typedef struct replay_options {
    const char *metrics;       /* path, "-" = stdin (not with a model) */
    const char *target;        /* CPU column */
    const char *predictions;   /* predictions CSV (timestamp, predicted[, upper]) or NULL */
    const predictor *model;    /* or a model run on the metrics; NULL */
    const char *calendar;      /* business calendar or NULL */
    int fill, threads;
    int horizon;               /* steps ahead in the forecasts */
    double gamma;              /* ACI step for the model's intervals (0 = off) */
    const double *levels;      /* (n_levels) quantile levels to bound the forecast at */
    size_t n_levels;
    const series_input *input; /* how to read the metrics (NULL: standard) */
} replay_options;

typedef struct replay {
    series s;                  /* the metrics */
    double *network;           /* (T) network_in + network_out, or NULL */
    double *forecast;          /* (T) aligned point forecasts, or NULL */
    double *upper[REPLAY_MAX_LEVELS];      /* (T) upper bound for the time a new
                                              instance would serve (the look-ahead) */
    double *upper_max[REPLAY_MAX_LEVELS];  /* (T) largest upper bound until then */
    size_t n_levels;
    unsigned char *event;      /* (T) calendar events, or NULL */
    double lookahead;          /* seconds the quantile policy looks ahead */
    sim_trace trace;           /* views of the above (forecast_upper unset) */
    sim_about about;           /* what is replayed: part, dates, demand basis,
                                  the model's account (model and predictions
                                  paths are the caller's to set) */
    char lookahead_note[240];  /* a warning when the horizon is shorter than the warm-up */
} replay;

/* Loads everything o names for a simulation with c (c's warm-up sets the
 * look-ahead of the upper bounds: one warm-up rounded up to whole steps,
 * at least one step, at most the forecasts' horizon). A column
 * `instances` (or `GroupInServiceInstances`) in the metrics is the fleet
 * the CPU was measured on. r->about says what is replayed: every row
 * (part "all"), their first and last times, the demand basis, and with a
 * model its arch, target, horizon and skill; the caller sets about.model
 * and about.predictions. r is owned by the caller (replay_free).
 * Returns 0, or -1 with e set (a bad file, a model without calibrated
 * intervals when levels are asked for, a predictions CSV without upper). */
int replay_load(replay *r, const replay_options *o, const sim_config *c, sa_error *e);

/* Frees what r owns and zeroes it. */
void replay_free(replay *r);

#endif
