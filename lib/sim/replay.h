/* replay.h — what scaleahead-sim replays: the metrics CSV as a trace
 * (engine.h), the forecasts aligned to its rows (from a predictions CSV or
 * a model run on the metrics, with conformal upper bounds at each level the
 * quantile policy asks for), the calendar's events, and the instance count
 * the CPU was measured on. */
#ifndef SA_REPLAY_H
#define SA_REPLAY_H

#include <stdio.h>
#include "base/err.h"
#include "series/series.h"
#include "eval/seen.h"
#include "model/predictor.h"
#include "sim/engine.h"

#define REPLAY_MAX_LEVELS 16

/* What a replay covered, for every table, report and JSON that shows its
 * results (sim's text table, --json, --csv-table, --html): which data and
 * model, which part of the data and its dates, and how demand and the
 * forecasts were read. Filled by replay_load. */
typedef struct replay_meta {
    char data[256];            /* the metrics file as given ("stdin" for "-") */
    char model[256];           /* the model file, "" without --model */
    char part[8];              /* "test": only the part the model never saw of its
                                  own training data; "all": the whole file */
    int data_is_training;      /* 1: the data is the model's training data (by
                                  content), or that data grown since */
    int64_t start, end;        /* times of the first and last replayed rows
                                  (Unix seconds, UTC) */
    size_t rows;               /* rows replayed */
    char basis[16];            /* how the forecasts are read: "cpu" (CPU % on
                                  the fleet of their time), "demand" (busy
                                  instances: cpu x instances / 100), "capacity"
                                  (a rate, sized by --capacity-per-instance);
                                  "" without forecasts */
    char demand[200];          /* how the replay's demand is formed (a sentence) */
    char part_note[480];       /* why that part (a sentence), or "" */
    char predictions[256];     /* the predictions CSV, "" without --predictions */
    double step;               /* seconds one row stands for */
    /* The model's own account, "" / 0 / NaN without a model: */
    char model_arch[32];       /* its arch (or the baseline auto kept) */
    char model_target[64];     /* the column it forecasts */
    int model_horizon;         /* steps ahead */
    double model_skill;        /* 1 - its MAE / persistence's MAE on its own test
                                  part at training time (train's figure) */
} replay_meta;

/* Which rows of the metrics to replay with a model (--part). */
typedef enum replay_part {
    REPLAY_PART_AUTO,   /* the test part of the model's training data (recognised
                           by its rows, eval/seen.h), the whole of another file */
    REPLAY_PART_TEST,   /* the test part (refused on another file) */
    REPLAY_PART_ALL,    /* every row */
} replay_part;

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
    const char *model_path;    /* the model's file name, for replay_meta; NULL */
    replay_part part;          /* with a model; AUTO (0) otherwise */
    double capacity;           /* > 0: the target column and the forecasts are a
                                  rate of which one instance serves `capacity`
                                  at the policies' target CPU (ALB's requests
                                  per target): demand = rate / capacity x
                                  target_cpu instance-percent; 0: a CPU % */
    const char *forecast_basis; /* predictions CSV: "demand" (busy instances, a
                                   demand model's) or NULL / "cpu" */
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
    double interval;           /* seconds a decision holds (the cooldown, at least
                                  a step): a path's bound is the largest over
                                  [lookahead, lookahead + interval] */
    size_t first;              /* rows dropped from the front (the part the
                                  model saw, when only the rest is replayed) */
    double *rate_cpu;          /* (T) capacity basis: the CPU % the rate makes on
                                  the fleet of each row (the trace's cpu), or NULL */
    sim_trace trace;           /* views of the above (forecast_upper unset) */
    replay_meta meta;          /* what was replayed (meta.demand: how demand
                                  is formed, from the instances column or N0) */
    char lookahead_note[240];  /* a warning when the horizon is shorter than the warm-up */
} replay;

/* Loads everything o names for a simulation with c (c's warm-up sets the
 * look-ahead of the upper bounds: one warm-up rounded up to whole steps,
 * at least one step, at most the forecasts' horizon). A column
 * `instances` (or `GroupInServiceInstances`) in the metrics is the fleet
 * the CPU was measured on. With a model, the metrics are recognised by
 * their rows (eval/seen.h): the model's own training data (or that data
 * grown) is replayed from its test part on, the rows the model never saw,
 * unless o->part is ALL; r->meta says which part and why. A demand
 * model's forecasts (busy instances) and a rate's (o->capacity) are
 * turned into demand in N0 units (trace.forecast_demand). r is owned by
 * the caller (replay_free). Returns 0, -1 with e set (a bad file, a model
 * without calibrated intervals when levels are asked for, a predictions
 * CSV without upper, a training file without a test part), or -2 with e
 * set when o->part TEST names another file (a usage error). */
int replay_load(replay *r, const replay_options *o, const sim_config *c, sa_error *e);

/* Prints what m says, for the foot of a table: "replayed FILE, part PART:
 * START to END UTC (N rows); model M (or predictions P), forecasts read as
 * BASIS", the part
 * note when there is one, and the demand sentence, each on its own line. */
void replay_print_meta(FILE *fp, const replay_meta *m);

/* Frees what r owns and zeroes it. */
void replay_free(replay *r);

#endif
