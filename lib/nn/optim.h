/* optim.h — the training protocol's optimisation pieces (docs/design.md §6), each
 * with PyTorch's exact semantics so a run can be compared with torch:
 *   adam_*        torch.optim.Adam (β 0.9/0.999, ε 1e-8, weight decay 0)
 *   clip_grad_norm  torch.nn.utils.clip_grad_norm_ (global L2 norm)
 *   plateau_*     torch.optim.lr_scheduler.ReduceLROnPlateau (mode min,
 *                 threshold 1e-4 relative, cooldown 0, min_lr 0)
 *   early_stop_*  patience-based early stopping with best-weight restore
 * All operate on flat float buffers of n values (the net's params/grads). */
#ifndef SA_OPTIM_H
#define SA_OPTIM_H

#include <stddef.h>
#include "base/err.h"

typedef struct adam {
    size_t n;
    float *m, *v;        /* (n) first and second moments, owned */
    long t;              /* steps taken */
    double beta1, beta2, eps;
} adam;

/* Allocates zero moments for n parameters, β 0.9/0.999, ε 1e-8, t = 0.
 * Returns 0, or -1 with e set when out of memory. Free with adam_free. */
int adam_init(adam *a, size_t n, sa_error *e);

/* One Adam step: t += 1, then for each i
 *   m = β1 m + (1-β1) g;  v = β2 v + (1-β2) g²
 *   p -= lr / (1-β1^t) · m / (sqrt(v) / sqrt(1-β2^t) + ε)
 * (torch's bias correction and placement of ε). params and grads have a->n
 * values; grads are read only. */
void adam_step(adam *a, float *params, const float *grads, float lr);

/* Clears the moments and the step count (a fresh optimiser, same n). */
void adam_reset(adam *a);
void adam_free(adam *a);

/* Scales grads (n) so their global L2 norm is at most max_norm, as torch
 * does: coef = max_norm / (norm + 1e-6), applied when coef < 1. Returns
 * the norm before clipping (NaN or inf passes through, grads then are not
 * scaled). */
double clip_grad_norm(float *grads, size_t n, float max_norm);

typedef struct plateau {
    double lr;           /* current learning rate */
    double best;         /* best value seen (starts at +inf) */
    int bad_epochs;      /* epochs since the last improvement */
    int patience;        /* 5 */
    double factor;       /* 0.5 */
    double threshold;    /* 1e-4, relative: better means < best · (1 - threshold) */
} plateau;

/* Starts a scheduler at lr with factor 0.5, patience 5, threshold 1e-4. */
void plateau_init(plateau *p, double lr);

/* Records one epoch's validation loss and returns the learning rate for the
 * next epoch: halved when more than patience epochs in a row failed to
 * improve (then the count restarts). A NaN loss counts as no improvement. */
double plateau_step(plateau *p, double val_loss);

typedef struct early_stop {
    double best;         /* best validation loss (starts at +inf) */
    int best_epoch;      /* epoch index of best, -1 before any */
    int epoch;           /* epochs recorded */
    int bad_epochs;      /* epochs since the last improvement */
    int patience;        /* 10 */
    int stop;            /* 1 once bad_epochs reached patience */
} early_stop;

/* Starts early stopping with the given patience (docs/design.md §6: 10). */
void early_stop_init(early_stop *s, int patience);

/* Records one epoch's validation loss. Returns 1 when it is a new best
 * (strictly lower): the caller snapshots the weights (net_params_copy) and
 * restores that snapshot when training ends. Sets s->stop once patience
 * epochs in a row did not improve. */
int early_stop_update(early_stop *s, double val_loss);

#endif
