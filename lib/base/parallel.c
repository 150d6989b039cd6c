/* parallel.c — see parallel.h. */
#include "base/parallel.h"

#include <pthread.h>
#include <stdlib.h>

typedef struct job {
    void (*fn)(void *ctx, int i, int n);
    void *ctx;
    int i, n;
} job;

static void *run_job(void *arg)
{
    job *j = arg;
    j->fn(j->ctx, j->i, j->n);
    return NULL;
}

int parallel_run(int n, void (*fn)(void *ctx, int i, int n), void *ctx)
{
    if (n <= 1) {
        fn(ctx, 0, 1);
        return 0;
    }
    job jobs[n];
    pthread_t tids[n];
    int started[n], failed = 0;
    for (int i = 1; i < n; i++) {
        jobs[i] = (job){fn, ctx, i, n};
        started[i] = pthread_create(&tids[i], NULL, run_job, &jobs[i]) == 0;
    }
    fn(ctx, 0, n);
    for (int i = 1; i < n; i++) {
        if (started[i])
            pthread_join(tids[i], NULL);
        else {
            fn(ctx, i, n);
            failed = 1;
        }
    }
    return failed ? -1 : 0;
}

void parallel_share(size_t count, int i, int n, size_t *lo, size_t *hi)
{
    *lo = count * (size_t)i / (size_t)n;
    *hi = count * (size_t)(i + 1) / (size_t)n;
}
