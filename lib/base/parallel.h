/* parallel.h — run one function on several threads and wait for all. The
 * work split is the caller's, by thread index, so results do not depend on
 * scheduling. BLAS inside is kept single-threaded (blas_threads.h)
 * because splitting the batch beats threading small GEMMs. */
#ifndef SA_PARALLEL_H
#define SA_PARALLEL_H

#include <stddef.h>

/* Calls fn(ctx, i, n) for i in [0, n) on n threads (the calling thread runs
 * i = 0) and returns when all are done. Returns 0, or -1 if threads could
 * not be started (then every i has still run, on the calling thread). */
int parallel_run(int n, void (*fn)(void *ctx, int i, int n), void *ctx);

/* The half-open range [*lo, *hi) of part i of n of count items. */
void parallel_share(size_t count, int i, int n, size_t *lo, size_t *hi);

#endif
