/* fit.h — one training job: a member's configuration in, a trained model
 * member out (weights, history, provenance). Single models, ensemble
 * members and grid points are all fitted through fit_member, which is what
 * lets them run concurrently or on other MPI ranks. */
#ifndef SA_FIT_H
#define SA_FIT_H

#include <signal.h>
#include "err.h"
#include "model.h"
#include "train.h"

typedef struct fit_data {
    const float *x;            /* (R, F) scaled features, target in column 0 */
    size_t n_rows, n_feat;
    const window_set *w;       /* split */
    int threads;               /* threads for this job */
    const volatile sig_atomic_t *stop;
    int patience;              /* early stopping patience */
    const char *label;         /* progress label */
    int data_parallel;         /* share each batch with the other MPI ranks
                                  (train_options.data_parallel) */
} fit_data;

/* Measured work of a fit. */
typedef struct fit_stats {
    double seconds;            /* wall time of training */
    double sequences;          /* training sequences processed */
} fit_stats;

/* Trains a network of m->config (hidden, layers, head, attention, dropout,
 * seq_len, lr, batch, epochs, seed must be set) and stores its best weights
 * and history in m (epochs_run, best_epoch, interrupted updated). Returns 0,
 * stats (when not NULL) receives the time and work. Returns 0,
 * or -1 with e set (m then holds the best weights so far when any exist). */
int fit_member(model_member *m, const fit_data *d, fit_stats *stats, sa_error *e);

/* Mean squared validation loss (scaled) recorded at m's best epoch. */
double fit_best_val_loss(const model_member *m);

/* The outcome of one job as it travels between MPI ranks: whether it
 * failed and why, its stats, and its member (config with epochs_run,
 * best_epoch, interrupted; tensors; history; weight) — whatever the member
 * holds, also after a failure. fit_pack writes it into a new buffer *buf
 * of *bytes bytes (caller frees); returns 0, or -1 when out of memory.
 * Ranks must run the same binary (the structs travel as bytes). */
int fit_pack(const model_member *m, const fit_stats *stats, int failed, const sa_error *why,
             void **buf, size_t *bytes);

/* Reads a fit_pack buffer back: fills m (zeroed first; its tensor data and
 * history arrays are new allocations owned by m), stats, *failed and why.
 * Returns 0, or -1 with e set when buf is not one whole packed outcome or
 * memory ran out (m then owns nothing). */
int fit_unpack(model_member *m, fit_stats *stats, int *failed, sa_error *why, const void *buf,
               size_t bytes, sa_error *e);

#endif
