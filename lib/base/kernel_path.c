/* kernel_path.c — see kernel_path.h. */
#include "base/kernel_path.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/message.h"

static const char *const path_names[KERNEL_PATHS] = {"generic", "avx2", "avx512"};

static kernel_path active;
static pthread_once_t chosen = PTHREAD_ONCE_INIT;

const char *kernel_path_name(kernel_path p)
{
    return p >= 0 && p < KERNEL_PATHS ? path_names[p] : "unknown";
}

int kernel_path_parse(const char *name)
{
    for (int p = 0; p < KERNEL_PATHS; p++)
        if (!strcmp(name, path_names[p]))
            return p;
    return -1;
}

int kernel_path_supported(kernel_path p)
{
    __builtin_cpu_init();
    switch (p) {
    case KERNEL_GENERIC: return 1;
    case KERNEL_AVX2: return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case KERNEL_AVX512:
        return kernel_path_supported(KERNEL_AVX2) && __builtin_cpu_supports("avx512f") &&
               __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw") &&
               __builtin_cpu_supports("avx512dq");
    default: return 0;
    }
}

/* The widest supported path, or the one SCALEAHEAD_KERNEL names. */
static void choose(void)
{
    kernel_path best = KERNEL_GENERIC;
    for (int p = KERNEL_PATHS - 1; p > KERNEL_GENERIC; p--)
        if (kernel_path_supported(p)) {
            best = p;
            break;
        }
    active = best;
    const char *asked = getenv("SCALEAHEAD_KERNEL");
    if (!asked || !*asked)
        return;
    int p = kernel_path_parse(asked);
    if (p < 0)
        msg_note("SCALEAHEAD_KERNEL=%s is not a kernel path (avx512, avx2, generic); using %s",
                 asked, path_names[best]);
    else if (!kernel_path_supported(p))
        msg_note("SCALEAHEAD_KERNEL=%s: this CPU cannot run it; using %s", asked,
                 path_names[best]);
    else
        active = p;
}

kernel_path kernel_path_active(void)
{
    pthread_once(&chosen, choose);
    return active;
}

int kernel_path_use(kernel_path p)
{
    pthread_once(&chosen, choose);
    if (!kernel_path_supported(p))
        return -1;
    active = p;
    return 0;
}
