/* preset.h — the architectures of docs/design.md §5: the three seed --arch
 * presets, the seed's five ensemble members, and the 54-point grid; and the
 * robust presets (docs/design.md §5, "Real metrics: the robust presets"):
 *   robust           1-layer LSTM (32), last state, fc 32->1, + highway on
 *                    the last 12 target inputs; robust transform, residual,
 *                    inputs clipped at 10; L1 loss; seq 36
 *   robust-seasonal  robust with the cpu_seasonal channel (the target one
 *                    day before the target time)
 *   linear           the highway alone (no LSTM): a linear model on the
 *                    last 12 scale-free target values, residual, L1 */
#ifndef SA_PRESET_H
#define SA_PRESET_H

#include <stddef.h>
#include "nn/net.h"

typedef struct preset {
    const char *arch;      /* "original" | "optimized" | "attention" | ... */
    int n_seed_features;   /* 4 (cpu, net, req, sale) or 16; 0: features */
    int seq_len;
    net_arch net;          /* hidden, layers, head (fc1 width; 0 = one fc
                              layer), attention, dropout */
    double lr;
    int batch;
    int robust;            /* 1: robust transform (data/transform.h), else min-max */
    int loss;              /* enum loss_kind (nn/loss.h) */
    const char *features;  /* comma-separated names when n_seed_features is 0 */
} preset;

/* The preset called arch, or NULL. */
const preset *preset_find(const char *arch);

/* The seed's ensemble members: (hidden, layers, dropout, lr, batch). Head is
 * hidden/2, attention pooling, 16 features, seq 36. */
#define ENSEMBLE_MEMBERS 5
extern const preset ensemble_members[ENSEMBLE_MEMBERS];

/* Grid point i of GRID_SIZE (hidden x layers x dropout x lr, docs/design.md §5),
 * written over the attention preset. */
#define GRID_SIZE 54
preset grid_point(size_t i);

/* The network candidates of train --arch auto (train/auto.h), in table
 * order, into names (PRESET_AUTO_MAX slots): "robust", "robust-seasonal"
 * and "linear" where those presets exist, else "original" and "attention".
 * Returns the count. */
#define PRESET_AUTO_MAX 4
size_t preset_auto_candidates(const char **names);

/* The longest seq_len of the auto candidates (auto's default window). */
int preset_auto_seq_len(void);

#endif
