/* preset.c — see preset.h. Values from the seed (docs/design.md §5). */
#include "model/preset.h"

#include <string.h>

#include "features/transform.h"
#include "nn/loss.h"

/* The robust presets' inputs: the target, the other metrics and the sale
 * flag where the file has them, and the time of day and week. */
#define ROBUST_FEATURES "cpu_utilization,network_in,request_count,is_sale_active,hour,day_of_week"

static const preset presets[] = {
    {"original", 4, 12, {50, 2, 0, 0, 0.0, 0, 0, 0, 0}, 1e-3, 32, 0, 0, NULL},
    {"optimized", 4, 24, {128, 3, 64, 0, 0.2, 0, 0, 0, 0}, 5e-4, 64, 0, 0, NULL},
    {"attention", 16, 36, {96, 3, 48, 1, 0.15, 0, 0, 0, 0}, 3e-4, 64, 0, 0, NULL},
    /* issue 14: the robust transform, residual, clip, highway, L1 */
    {"robust", 0, 36, {32, 1, 0, 0, 0.0, 12, 1, TRANSFORM_DEFAULT_CLIP, 0}, 1e-3, 64,
     1, LOSS_L1, ROBUST_FEATURES},
    {"robust-seasonal", 0, 36, {32, 1, 0, 0, 0.0, 12, 1, TRANSFORM_DEFAULT_CLIP, 0}, 1e-3, 64,
     1, LOSS_L1, ROBUST_FEATURES ",cpu_seasonal"},
    {"linear", 0, 12, {1, 0, 0, 0, 0.0, 12, 1, TRANSFORM_DEFAULT_CLIP, 0}, 5e-3, 64,
     1, LOSS_L1, "cpu_utilization"},
};

const preset ensemble_members[ENSEMBLE_MEMBERS] = {
    {"member", 16, 36, {128, 3, 64, 1, 0.20, 0, 0, 0, 0}, 5e-4, 64, 0, 0, NULL},
    {"member", 16, 36, {96, 2, 48, 1, 0.30, 0, 0, 0, 0}, 1e-3, 32, 0, 0, NULL},
    {"member", 16, 36, {160, 3, 80, 1, 0.15, 0, 0, 0, 0}, 3e-4, 128, 0, 0, NULL},
    {"member", 16, 36, {128, 4, 64, 1, 0.25, 0, 0, 0, 0}, 7e-4, 64, 0, 0, NULL},
    {"member", 16, 36, {112, 2, 56, 1, 0.20, 0, 0, 0, 0}, 4e-4, 96, 0, 0, NULL},
};

const preset *preset_find(const char *arch)
{
    for (size_t i = 0; i < sizeof presets / sizeof presets[0]; i++)
        if (!strcmp(presets[i].arch, arch))
            return &presets[i];
    return NULL;
}

preset grid_point(size_t i)
{
    static const int hidden[] = {96, 128, 160}, layers[] = {2, 3};
    static const double dropout[] = {0.15, 0.2, 0.25}, lr[] = {3e-4, 5e-4, 7e-4};
    preset p = presets[2];
    p.arch = "grid";
    p.lr = lr[i % 3];
    p.net.dropout = dropout[(i / 3) % 3];
    p.net.layers = layers[(i / 9) % 2];
    p.net.hidden = hidden[(i / 18) % 3];
    p.net.head = p.net.hidden / 2;
    return p;
}

size_t preset_auto_candidates(const char **names)
{
    static const char *const wanted[] = {"robust", "robust-seasonal", "linear"};
    static const char *const fallback[] = {"original", "attention"};
    size_t n = 0;
    for (size_t i = 0; i < sizeof wanted / sizeof *wanted; i++)
        if (preset_find(wanted[i]))
            names[n++] = wanted[i];
    for (size_t i = 0; n == 0 && i < sizeof fallback / sizeof *fallback; i++)
        names[i] = fallback[i];
    return n ? n : sizeof fallback / sizeof *fallback;
}

int preset_auto_seq_len(void)
{
    const char *names[PRESET_AUTO_MAX];
    size_t n = preset_auto_candidates(names);
    int longest = 1;
    for (size_t i = 0; i < n; i++)
        if (preset_find(names[i])->seq_len > longest)
            longest = preset_find(names[i])->seq_len;
    return longest;
}
