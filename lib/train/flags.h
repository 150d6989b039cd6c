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
    const char *candidates;               /* --candidates LIST: auto's networks */
    const char *baselines;                /* --baselines LIST: what auto may keep */
    const char *features_tz;              /* zone of the hour/day features; NULL = UTC */
    int hidden, layers, seq_len, batch;   /* 0 = the preset's */
    int head, attention, highway;         /* -1 = the preset's */
    double dropout, clip;                 /* -1 = the preset's */
    double lr;                            /* 0 = the preset's */
    const char *loss;                     /* mse | l1 | huber; NULL = the preset's */
    const char *log1p;                    /* auto | on | off */
    const char *schedule;                 /* plateau | cosine; NULL = plateau */
    int epochs, patience, horizon, seed, threads, fill;
    int horizon_given;                    /* --horizon was on the command line */
    int steps;                            /* --steps S: forecast steps 1..S; 0 = 1 */
    int ensemble, grid, grid_limit, weighted, data_parallel;
    int no_demand;                        /* --no-demand */
    /* The long names of the flags given on the command line (cli_given):
     * a flag the run would not honour is refused by name, also when its
     * value equals the default. NULL / 0: none known. */
    const char *const *given;
    size_t n_given;
} trainrun_flags;

/* The flags' defaults: arch robust, target cpu_utilization, log1p auto,
 * split 0.7,0.15, epochs 50, patience 10, horizon 1, seed 42, one thread,
 * grid_limit GRID_SIZE; everything else unset. */
void trainrun_flags_defaults(trainrun_flags *f);

/* Sets f->arch for a run that names none (and is not a fleet's, whose own
 * default is auto): for a forecast path (--steps S > 1) of one model from
 * a file, on one process, with none of the network settings auto refuses
 * (--hidden, --features, ...: they name a preset's settings), "auto" that
 * keeps a network or persistence (f->baselines "persistence" unless
 * given); "robust" otherwise, and always for one step. A path must hold
 * at every step: no one preset does on every kind of series, and a fitted
 * baseline's lead on validation was the worst choice on the test part of
 * real series (docs/paths.md, "The default model"). */
void trainrun_flags_default_arch(trainrun_flags *f);

/* Checks that the flags go together — none given that the run would not
 * honour (trainrun_flag_conflict; --steps S > 1 with no --horizon other
 * than S), --fleet instead of --data and without --data-parallel — and
 * fills o: the defaults of the preset, the
 * ensemble or the grid, overridden by every flag that was set. The resume
 * state is not loaded (trainrun_resume does that). Returns 0, or -1 with e
 * set to a usage error ("--ensemble and --grid exclude each other"). */
int trainrun_from_flags(trainrun_options *o, const trainrun_flags *f, sa_error *e);

/* The rules of which flags go together: one data file or --resume; --resume
 * with only the flags that do not change the interrupted run (-o, --threads,
 * --calendar, --fill, --max-fill, the input flags, -q,
 * --replace-interrupted); --ensemble or --grid, neither with --arch or a
 * network, learning rate or batch setting its members or points fix;
 * --arch auto with none of the settings its candidates take from their
 * presets; --members and --weighted with --ensemble, --grid-limit with
 * --grid, --log1p with a robust preset;
 * --data-parallel for one model and needed for one model on several MPI
 * ranks. Returns 0, or -1 with e set to the usage error naming the flag
 * ("--epochs: --resume finishes the interrupted run with its own
 * settings; ..."). */
int trainrun_flag_conflict(const trainrun_flags *f, sa_error *e);

#endif
