/* flags.h — scaleahead-train's command line turned into a training run:
 * which flags go together, and how each one overrides the preset's value.
 * The tool only parses; the rules live here, in the library, where a test
 * can reach them. */
#ifndef SA_TRAIN_FLAGS_H
#define SA_TRAIN_FLAGS_H

#include "base/err.h"
#include "train/run.h"

/* What scaleahead-train's command line chose, as parsed: the settings
 * of a run before any preset is applied. A numeric field left at its
 * "unset" value (0, or -1 where 0 is a value) and a NULL string mean the
 * preset's. */
typedef struct trainrun_flags {
    const char *data, *arch, *target, *split, *features, *calendar, *members, *resume;
    const char *fleet;                    /* --fleet DIR|LIST: one model per series */
    const char *features_tz;              /* zone of the hour/day features; NULL = UTC */
    int hidden, layers, seq_len, batch;   /* 0 = the preset's */
    int head, attention, highway;         /* -1 = the preset's */
    double dropout, clip;                 /* -1 = the preset's */
    double lr;                            /* 0 = the preset's */
    const char *loss;                     /* mse | l1 | huber; NULL = the preset's */
    const char *log1p;                    /* auto | on | off */
    const char *schedule;                 /* plateau | cosine; NULL = plateau */
    int epochs, patience, horizon, seed, threads, fill;
    int ensemble, grid, grid_limit, weighted, data_parallel;
} trainrun_flags;

/* The flags' defaults: arch robust, target cpu_utilization, log1p auto,
 * split 0.7,0.15, epochs 50, patience 10, horizon 1, seed 42, one thread,
 * grid_limit GRID_SIZE; everything else unset. */
void trainrun_flags_defaults(trainrun_flags *f);

/* Checks that the flags go together (one data file, --resume alone,
 * --ensemble or --grid, --members and --weighted with --ensemble,
 * --data-parallel for one model and needed for one model on several MPI
 * ranks, --fleet instead of --data and without --data-parallel, a valid
 * --split) and fills o: the defaults of the preset, the
 * ensemble or the grid, overridden by every flag that was set. The resume
 * state is not loaded (trainrun_resume does that). Returns 0, or -1 with e
 * set to a usage error ("--ensemble and --grid exclude each other"). */
int trainrun_from_flags(trainrun_options *o, const trainrun_flags *f, sa_error *e);

#endif
