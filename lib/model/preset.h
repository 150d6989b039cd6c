/* preset.h — the architectures of DESIGN.md §5: the three --arch presets,
 * the seed's five ensemble members, and the 54-point grid. */
#ifndef SA_PRESET_H
#define SA_PRESET_H

#include <stddef.h>
#include "nn/net.h"

typedef struct preset {
    const char *arch;      /* "original" | "optimized" | "attention" */
    int n_seed_features;   /* 4 (cpu, net, req, sale) or 16 */
    int seq_len;
    net_arch net;          /* hidden, layers, head (fc1 width; 0 = one fc
                              layer), attention, dropout */
    double lr;
    int batch;
} preset;

/* The preset called arch, or NULL. */
const preset *preset_find(const char *arch);

/* The seed's ensemble members: (hidden, layers, dropout, lr, batch). Head is
 * hidden/2, attention pooling, 16 features, seq 36. */
#define ENSEMBLE_MEMBERS 5
extern const preset ensemble_members[ENSEMBLE_MEMBERS];

/* Grid point i of GRID_SIZE (hidden x layers x dropout x lr, DESIGN.md §5),
 * written over the attention preset. */
#define GRID_SIZE 54
preset grid_point(size_t i);

#endif
