/* job.h — one training job: a member's configuration in, a trained model
 * member out (weights, history, provenance). Single models, ensemble
 * members and grid points are all fitted through job_fit, which is what
 * lets them run concurrently or on other MPI ranks. */
#ifndef SA_JOB_H
#define SA_JOB_H

#include <signal.h>
#include "base/err.h"
#include "model/model.h"
#include "train/loop.h"

typedef struct job_data {
    const float *x;            /* (R, F) scaled features, target in column 0 */
    size_t n_rows, n_feat;
    const window_set *w;       /* split */
    int threads;               /* threads for this job */
    const volatile sig_atomic_t *stop;
    int patience;              /* early stopping patience */
    const char *label;         /* progress label */
    int data_parallel;         /* share each batch with the other MPI ranks
                                  (train_options.data_parallel) */
    int warm_start;            /* start from the member's own weights (its tensors)
                                  instead of a fresh initialisation: fine-tuning
                                  a fleet's global model on one series (fleet.h) */
} job_data;

/* Measured work of a fit. */
typedef struct job_stats {
    double seconds;            /* wall time of training */
    double sequences;          /* training sequences processed */
} job_stats;

/* Trains a network of m->config (hidden, layers, head, attention, dropout,
 * seq_len, lr, batch, epochs, seed must be set) and stores its best weights
 * and history in m (epochs_run, best_epoch, interrupted updated). Returns 0,
 * stats (when not NULL) receives the time and work. Returns 0,
 * or -1 with e set (m then holds the best weights so far when any exist). */
int job_fit(model_member *m, const job_data *d, job_stats *stats, sa_error *e);

/* Mean squared validation loss (scaled) recorded at m's best epoch. */
double job_best_val_loss(const model_member *m);

/* The outcome of one job as it travels between MPI ranks: whether it
 * failed and why, its stats, and its member (config with epochs_run,
 * best_epoch, interrupted; tensors; history; weight) — whatever the member
 * holds, also after a failure. job_pack writes it into a new buffer *buf
 * of *bytes bytes (caller frees); returns 0, or -1 when out of memory.
 * Ranks must run the same binary (the structs travel as bytes). */
int job_pack(const model_member *m, const job_stats *stats, int failed, const sa_error *why,
             void **buf, size_t *bytes);

/* Reads a job_pack buffer back: fills m (zeroed first; its tensor data and
 * history arrays are new allocations owned by m), stats, *failed and why.
 * Returns 0, or -1 with e set when buf is not one whole packed outcome or
 * memory ran out (m then owns nothing). */
int job_unpack(model_member *m, job_stats *stats, int *failed, sa_error *why, const void *buf,
               size_t bytes, sa_error *e);

#endif
