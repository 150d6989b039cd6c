/* run.h — a whole training run as scaleahead-train performs it: the
 * data prepared once, then one job (a single model), five (the ensemble) or
 * up to 54 (the grid), and the model file assembled with its provenance and
 * test metrics.
 *
 * Jobs of an ensemble or grid are independent: with --threads K > 1 they run
 * K at a time, each on one thread; with K = 1 they run one after another on
 * one thread — the same computation either way, so the file is the same.
 *
 * Under MPI (mpi_comm.h, N ranks all calling trainrun with the same
 * options) job j runs on rank j % N and rank 0 gathers the trained members;
 * with data_parallel the ranks instead share every batch of the one model.
 * Either way the model equals the single-process one, and only rank 0
 * assembles and measures it. */
#ifndef SA_TRAINRUN_H
#define SA_TRAINRUN_H

#include <signal.h>
#include "base/err.h"
#include "model/model.h"
#include "model/preset.h"
#include "series/series.h"

#define AUTO_MAX_NAMES 8

typedef struct trainrun_options {
    char kind[16];                  /* "lstm" | "ensemble" | "grid" | "auto" */
    model_config base;              /* preset values overridden by flags */
    int members[ENSEMBLE_MEMBERS];  /* ensemble member indices to train */
    size_t n_members;
    int weighted;                   /* weight members by 1 / validation MSE */
    int grid_limit;                 /* grid points to train */
    int threads, patience, fill;
    int data_parallel;              /* one model, its batches shared by the MPI ranks */
    int no_demand;                  /* forecast a utilisation target as read even
                                       when the data has an instances column
                                       (dataset.h DATASET_DEMAND_NO); else demand */
    const char *auto_names[AUTO_MAX_NAMES]; /* --arch auto's network candidates, in
                                       table order (n_auto_names of them: preset
                                       names, static strings); none: preset_auto_candidates' */
    size_t n_auto_names;
    int local;                      /* this process alone, whatever the MPI ranks: a
                                       fleet's series (fleet.h), each trained by one
                                       rank while the others train theirs */
    const char *data_path, *calendar;
    const series_input *input;      /* how to read data_path (NULL: standard) */
    const volatile sig_atomic_t *stop;
    /* --resume: the interrupted model's members (n_resume: one of kind
     * "lstm", or an ensemble's or grid's), the first one's config is base; trainrun
     * keeps the finished members and finishes the interrupted ones from
     * their /resume state (on copies) on the data file they name. Owned by
     * the options: freed by trainrun_options_free. NULL otherwise. */
    model_member *resume;
    size_t n_resume;
    /* --resume of a grid: its table of the points finished so far (whose
     * seconds the final table keeps), owned like resume. NULL otherwise. */
    char *resume_grid;
} trainrun_options;

typedef struct trainrun_result {
    double seconds;                 /* wall time of all training */
    double sequences;               /* training sequences processed */
    size_t n_train, n_val, n_test;  /* windows in each part */
    double test_mae, test_rmse, test_r2, persistence_mae;
    double member_mae[64];          /* test MAE of each member (ensemble) */
    char demand_column[64];         /* the instances column the target was turned
                                       into demand with, or "" */
    char instances_seen[64];        /* the data's instances column, or "" */
    double instances_min, instances_max; /* its range */
} trainrun_result;

/* Fills o for a preset (arch name) or "ensemble" / "grid", with the
 * protocol's defaults. Returns 0, or -1 with e set for an unknown name. */
int trainrun_defaults(trainrun_options *o, const char *arch, sa_error *e);

/* Sets the feature list from comma-separated names: engineered features
 * (features.h) and any other name as a data column (its values as they
 * are, scaled like the rest; the data must have it). The first must be
 * cpu_utilization (the target). Returns 0 or -1 with e set. */
int trainrun_parse_features(trainrun_options *o, const char *list, sa_error *e);

/* Sets --arch auto's network candidates from comma-separated preset names
 * (at most AUTO_MAX_NAMES, each a preset, none twice). Returns 0 or -1. */
int trainrun_parse_candidates(trainrun_options *o, const char *list, sa_error *e);

/* Sets the ensemble members from comma-separated indices 0..4. */
int trainrun_parse_members(trainrun_options *o, const char *list, sa_error *e);

/* Sets o up to finish the interrupted run in the model file path: its
 * config, data file and state (o->resume, owned by o); an --arch auto run
 * stopped part-way (kind "auto-partial") becomes kind "auto" with its
 * candidates as o->resume, for trainrun_auto. Returns 0, or -1 with e set
 * (not an interrupted run). */
int trainrun_resume(trainrun_options *o, const char *path, sa_error *e);

/* Frees what o owns (the resume member) and sets o->resume to NULL. */
void trainrun_options_free(trainrun_options *o);

/* Reads and splits o's data as trainrun would for one model of o->base
 * (the same windows, features, transform and provenance) without training
 * anything, and fills m with a model file of kind "baseline" holding
 * persistence, and r's window counts: what --arch auto measures the
 * baselines on when no network candidate could be trained (train/auto.h).
 * Returns 0, or -1 with e set (the data's own errors). */
int trainrun_baseline_template(model_file *m, const trainrun_options *o, trainrun_result *r,
                               sa_error *e);

/* Runs the training and fills m (caller frees with model_free) and r; o
 * is only read.
 * Returns 0, or -1 with e set. An interrupted run (o->stop) still returns 0
 * with the best weights so far, marked interrupted in the configs.
 * Collective under MPI: on ranks other than 0 it returns 0 with m empty
 * (no members) and only r's window counts set, once its share is trained
 * and sent; a failed job is reported by rank 0. */
int trainrun(model_file *m, const trainrun_options *o, trainrun_result *r, sa_error *e);

#endif
