/* blas_threads.c — see blas_threads.h. */
#include "base/blas_threads.h"

void openblas_set_num_threads(int num_threads);

void blas_threads_single(void) { openblas_set_num_threads(1); }
