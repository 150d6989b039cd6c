/* kernels.c — see kernels.h. */
#include "kernel/kernels.h"

const nn_kernels *nn_kernels_active(void)
{
    static const nn_kernels *const by_path[KERNEL_PATHS] = {
        [KERNEL_GENERIC] = &nn_kernels_generic,
        [KERNEL_AVX2] = &nn_kernels_avx2,
        [KERNEL_AVX512] = &nn_kernels_avx512,
    };
    return by_path[kernel_path_active()];
}
