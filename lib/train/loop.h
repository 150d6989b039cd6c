/* loop.h — the training protocol of docs/design.md §6 for one network: MSE
 * (or L1 / Huber, train_options.loss, for the robust presets), Adam,
 * global-norm clipping 1.0, ReduceLROnPlateau (0.5, patience 5) on
 * validation loss, early stopping (patience 10) restoring the best weights.
 *
 * A batch is cut into fixed chunks of 16 sequences shared by threads, each
 * with its own workspace and single-threaded BLAS; the chunk gradients are
 * summed in chunk order, so a run repeats exactly for a seed whatever the
 * thread count. With data_parallel the chunks are also shared by the MPI
 * ranks (mpi_comm.h) and the weights stay those of one process. Sizes:
 * R rows, F features, T steps, B batch. */
#ifndef SA_TRAIN_H
#define SA_TRAIN_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "nn/net.h"
#include "nn/optim.h"
#include "features/window.h"

typedef struct train_data {
    const float *x;          /* (R, F) scaled features; column 0 is the target */
    size_t n_rows, n_feat;
    const window_set *w;     /* split into train / val / test */
} train_data;

/* Everything needed to continue an interrupted run exactly where it
 * stopped: the run then ends with the same weights as one never stopped. */
typedef struct train_checkpoint {
    int epoch;                  /* the epoch in progress, 1-based */
    size_t next_batch;          /* batches of that epoch already taken */
    double epoch_sse;           /* their summed squared error */
    double lr;                  /* learning rate in force */
    plateau sched;
    early_stop stopper;
    long adam_t;                /* Adam steps taken */
    size_t n_params;            /* P */
    float *params;              /* (P) weights when stopped, owned */
    float *adam_m, *adam_v;     /* (P) Adam moments, owned */
} train_checkpoint;

void train_checkpoint_free(train_checkpoint *c);

/* Learning rate schedules. TRAIN_PLATEAU: the protocol's ReduceLROnPlateau
 * (halve after 5 epochs without improvement). TRAIN_COSINE: a linear
 * warm-up over the first epoch's batches to lr, then half a cosine down to
 * 0 at the last batch of the last epoch, set every batch; a function of the
 * (epoch, batch) alone, so a resumed run continues it exactly. It reaches
 * in a fixed budget of epochs what the plateau schedule needs many more
 * for (docs/train.md, "make train's schedule"). Early stopping applies to both. */
enum { TRAIN_PLATEAU, TRAIN_COSINE };

typedef struct train_options {
    int epochs;              /* at most (50) */
    int patience;            /* early stopping patience (10) */
    double clip;             /* global gradient norm bound (1.0) */
    int batch;
    double lr;               /* the rate (plateau), or the peak (cosine) */
    int schedule;            /* TRAIN_PLATEAU (docs/design.md §6) or TRAIN_COSINE */
    int threads;
    int loss;                /* enum loss_kind (nn/loss.h), for training and the
                                validation loss that early stopping watches */
    uint64_t seed;           /* shuffling and dropout */
    const volatile sig_atomic_t *stop;  /* non-zero: stop after this batch */
    int data_parallel;       /* share each batch with the other MPI ranks, which
                                must call train_loop with the same net, data and
                                options (collective; 0 alone) */
    const char *label;       /* progress label */
    /* Continue from here instead of starting afresh (NULL: start). n->params
     * then holds the best weights so far and h, on entry, the history of the
     * completed epochs (train_loop takes it over). */
    const train_checkpoint *resume;
} train_options;

typedef struct train_history {
    size_t n_epochs;                      /* epochs run */
    float *train_loss, *val_loss, *lr;    /* (n_epochs) each, owned */
    int best_epoch;                       /* 1-based epoch of the best val loss */
    double best_val_loss;
    int interrupted;                      /* stopped by *stop */
    double seconds;                       /* wall time */
    double sequences;                     /* training sequences processed */
    train_checkpoint checkpoint;          /* filled when interrupted */
} train_history;

/* Fills o with the protocol's defaults (batch, lr and threads left 0). */
void train_defaults(train_options *o);

/* Trains n in place and leaves the best weights (by validation loss) in
 * n->params. A stop request ends the run after the current batch without
 * counting the unfinished epoch; h->checkpoint then holds its state, so a
 * later train_loop with o->resume = &h->checkpoint finishes it. Returns 0, or -1 with e set: out of memory, or a non-finite
 * loss or gradient ("epoch E, batch K: loss is not finite"), in which case
 * n->params holds the best weights so far and h what was recorded. */
int train_loop(net *n, const train_data *d, const train_options *o, train_history *h,
              sa_error *e);

/* Mean loss of kind loss (nn/loss.h; scaled units) of n over windows
 * [first, first+count) of d into *value. Returns 0, or -1 with e set. */
int train_eval_loss(const net *n, const train_data *d, size_t first, size_t count,
                    int threads, int loss, double *value, sa_error *e);

void train_history_free(train_history *h);

#endif
