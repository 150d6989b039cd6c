/* evaluation.h — what scaleahead-eval measures and reports: a model (each
 * member and the ensemble) beside the baselines on exactly the same
 * windows, in the target's own units (docs/design.md §8). */
#ifndef SA_EVALUATION_H
#define SA_EVALUATION_H

#include <stdint.h>
#include <stdio.h>
#include "base/err.h"
#include "model/baseline_spec.h"
#include "model/predictor.h"
#include "eval/coverage.h"
#include "eval/json.h"
#include "eval/metrics.h"
#include "eval/seen.h"

/* PART_AUTO: the test part of the model's own training data (recognised
 * by content, seen.h), the whole of another file. */
typedef enum evaluation_part { PART_TEST, PART_VAL, PART_TRAIN, PART_ALL, PART_AUTO } evaluation_part;

typedef struct evaluation_options {
    const char *model_path;
    const char *data;          /* NULL: the model's training data */
    evaluation_part part;      /* of the training data; another file is used whole
                                  (PART_AUTO or PART_ALL; a part of it is refused) */
    const char *calendar;
    int fill, threads;
    double z;                  /* band half-width in ensemble std */
    double coverage;           /* nominal level of the conformal intervals (0.9);
                                  0: no intervals (only the point forecasts are
                                  measured, as --arch auto scores them) */
    double gamma;              /* ACI step over the evaluated part (0 = off) */
    const series_input *input; /* how to read the data (NULL: standard) */
    int coverage_given;        /* 0: coverage is the default, lowered to the level
                                  a small calibration supports (with a note in
                                  cal_note); 1: given, an error when unsupported */
} evaluation_options;

#define EVALUATION_MAX_ROWS 72

typedef struct evaluation_row {
    char name[48];             /* "model", "member 0", "persistence", ... */
    char kind[16];             /* "model" | "member" | "baseline" */
    metrics_report m;          /* over every window and step */
    double skill;              /* 1 - MAE / MAE_persistence */
    int skill_defined;
    double *step_mae;          /* (S) MAE at each step, owned */
    double half_mae[2];        /* MAE over every step of the first half of the windows
                                  (0 .. n/2 - 1) and of the second (n/2 .. n - 1): how
                                  steady a lead on validation is (--arch auto) */
} evaluation_row;

/* What eval measures. A forecast path's S steps (issue 23) are measured
 * over every window and step (the rows' metrics), and step by step
 * (step_mae, step_intervals); every (n, S) array is origin-major, and S = 1
 * is a one-step model's (n). */
typedef struct evaluation {
    predictor f;              /* the model, with its history for plots */
    char data_path[256];
    const char *part_name;     /* "test", "val", "train", "all" */
    seen_data seen;            /* whether data_path is the training data (seen.h) */
    size_t n;                  /* windows evaluated */
    size_t steps;              /* S */
    int64_t *time;             /* (n, S) target times */
    int64_t *issued;           /* (n) times of the windows' last rows */
    double *actual, *predicted, *std;   /* (n, S) target units */
    size_t n_rows;
    evaluation_row rows[EVALUATION_MAX_ROWS];
    int has_band;              /* ensemble: coverage of mean -/+ z std */
    double z;
    metrics_interval_report coverage;
    size_t seasonal_valid;     /* windows with a real one-day-back value */
    char ar_note[160];         /* where the linear AR model was fitted */
    char hw_note[200];         /* where Holt-Winters was fitted, and its parameters */
    baseline_spec baselines[BASELINE_COUNT];  /* as fitted for the report, owned */
    int has_baseline[BASELINE_COUNT];         /* 1 where fitted (not seasonal_naive
                                                 when the step does not divide a day) */
    /* Conformal intervals of the model (when calibrated) and of each
     * baseline (calibrated on its own residuals in the calibration
     * windows, see cal_note). */
    size_t n_intervals;
    coverage_row intervals[8];
    coverage_row *step_intervals;  /* (S) the model's interval at each step; NULL when
                                      the model has none */
    char cal_note[160];
    char baseline_note[512];   /* the baselines that could not run on the data
                                  (a fit that failed, forecasts not finite) */
    char level_note[200];      /* when the default level was lowered to what
                                  too few calibration residuals support */
} evaluation;

/* Parses "test" | "val" | "train" | "all" | "auto". Returns 0 or -1. */
int evaluation_parse_part(const char *text, evaluation_part *part);

/* Loads the model and the data, forecasts the chosen windows with the
 * model and the baselines, and measures them all. Returns 0, -1 with e
 * set (a missing or changed training file, a feature column missing from
 * the data, a step that differs from the model's), or -2 with e set when
 * o->part names a part of the training data and the data is another file
 * (a usage error). */
int evaluation_run(evaluation *ev, const evaluation_options *o, sa_error *e);

/* evaluation_run for a model already in memory: ev is zeroed but for
 * ev->f, built by the caller (predictor_build), which ev now owns
 * (evaluation_free frees it; take ev->f.model back first to keep it).
 * o->model_path is not used. Returns 0, or -1 with e set and ev freed. */
int evaluation_measure(evaluation *ev, const evaluation_options *o, sa_error *e);
/* Adds a row named name of kind ("model", "member", "baseline") measuring
 * predicted (ev->n, ev->steps) against ev->actual, over all, at each
 * step and on each half of the windows. Returns 0, or -1 with e set (too many rows, a value not finite,
 * out of memory). */
int evaluation_add_row(evaluation *ev, const char *name, const char *kind,
                       const double *predicted, sa_error *e);

/* The baselines' rows (persistence, seasonal naive where the step divides
 * a day, linear AR fitted on the windows p->w.end[0..n_fit-1]) for the
 * evaluated windows ends (ev->n), and, when n_cal > 0, each baseline's
 * conformal interval at o->coverage (ACI with o->gamma), calibrated on its
 * absolute residuals in the windows cal_ends[0..n_cal-1]. Needs ev->actual,
 * ev->time and ev->issued. Returns 0, or -1 with e set. */
int evaluation_baselines(evaluation *ev, const prepared *p, const size_t *ends, size_t n_fit,
                         const size_t *cal_ends, size_t n_cal, const evaluation_options *o,
                         sa_error *e);

/* Prints the aligned table (and coverage) to fp; for a path, the table
 * by step after it (evaluation_print_steps). */
void evaluation_print(FILE *fp, const evaluation *ev);

/* A forecast path's table by step (nothing for one step): at each step
 * the MAE of the model and of each baseline, the model's skill against
 * each (1 - MAE/MAE(rival)), and its interval's coverage and mean width
 * when it has one. */
void evaluation_print_steps(FILE *fp, const evaluation *ev);

/* The same as the JSON member "by_step" of the writer's open object
 * (nothing for one step): {"step": [1..S], "n": windows, "model_mae":
 * [...], "<baseline>_mae": [...], "skill_vs_<baseline>": [...],
 * ["coverage": [...], "mean_width": [...]]}. */
void evaluation_json_steps(json_writer *w, const evaluation *ev);

/* The plot skill_by_step in dir (nothing for one step): the model's skill
 * against each baseline by step. Returns 0, or -1 with e set. */
int evaluation_plot_steps(const evaluation *ev, const char *dir, sa_error *e);

/* Writes evaluation_results JSON: one object per model and baseline with
 * mae, rmse, r2, mape, smape, accuracy, n, and the data, split and model it
 * was measured on. Atomic. Returns 0, or -1 with e set. */
int evaluation_write_json(const evaluation *ev, const char *path, sa_error *e);

/* Writes the plots (forecast vs actual, residual histogram, training
 * curves, and the ensemble band) into dir. Returns 0, or -1 with e set. */
int evaluation_write_plots(const evaluation *ev, const char *dir, sa_error *e);

void evaluation_free(evaluation *ev);

#endif
