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

#endif
