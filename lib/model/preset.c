/* preset.c — see preset.h. Values from the seed (DESIGN.md §5). */
#include "model/preset.h"

#include <string.h>

static const preset presets[] = {
    {"original", 4, 12, {50, 2, 0, 0, 0.0}, 1e-3, 32},
    {"optimized", 4, 24, {128, 3, 64, 0, 0.2}, 5e-4, 64},
    {"attention", 16, 36, {96, 3, 48, 1, 0.15}, 3e-4, 64},
};

const preset ensemble_members[ENSEMBLE_MEMBERS] = {
    {"member", 16, 36, {128, 3, 64, 1, 0.20}, 5e-4, 64},
    {"member", 16, 36, {96, 2, 48, 1, 0.30}, 1e-3, 32},
    {"member", 16, 36, {160, 3, 80, 1, 0.15}, 3e-4, 128},
    {"member", 16, 36, {128, 4, 64, 1, 0.25}, 7e-4, 64},
    {"member", 16, 36, {112, 2, 56, 1, 0.20}, 4e-4, 96},
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
