/* fleet_local.c — see fleet_local.h. */
#include "fleet/fleet_local.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fleet/fleet_series.h"

int fleet_local_init(fleet_local *q, const fleet_list *l, const fleet_options *o)
{
    memset(q, 0, sizeof *q);
    q->l = l;
    q->o = o;
    q->jobs = malloc((l->n ? l->n : 1) * sizeof *q->jobs);
    q->outbox = malloc((l->n ? l->n : 1) * sizeof *q->outbox);
    if (!q->jobs || !q->outbox) {
        free(q->jobs);
        free(q->outbox);
        return -1;
    }
    pthread_mutex_init(&q->mu, NULL);
    pthread_cond_init(&q->work, NULL);
    pthread_cond_init(&q->done, NULL);
    return 0;
}

void fleet_local_push(fleet_local *q, size_t index)
{
    pthread_mutex_lock(&q->mu);
    q->jobs[q->n_jobs++] = index;
    q->busy++;
    pthread_cond_signal(&q->work);
    pthread_mutex_unlock(&q->mu);
}

size_t fleet_local_take(fleet_local *q, fleet_done *out, size_t max, int wait_ms)
{
    pthread_mutex_lock(&q->mu);
    if (q->n_out == 0 && wait_ms != 0) {
        if (wait_ms < 0)
            while (q->n_out == 0 && q->busy > 0)
                pthread_cond_wait(&q->done, &q->mu);
        else {
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_nsec += (long)wait_ms * 1000000L;
            until.tv_sec += until.tv_nsec / 1000000000L;
            until.tv_nsec %= 1000000000L;
            pthread_cond_timedwait(&q->done, &q->mu, &until);
        }
    }
    size_t n = q->n_out < max ? q->n_out : max;
    for (size_t i = 0; i < n; i++)
        out[i] = q->outbox[q->out_head + i];
    q->out_head += n;
    q->n_out -= n;
    q->busy -= (int)n;
    pthread_mutex_unlock(&q->mu);
    return n;
}

int fleet_local_busy(fleet_local *q)
{
    pthread_mutex_lock(&q->mu);
    int b = q->busy;
    pthread_mutex_unlock(&q->mu);
    return b;
}

static void *worker(void *arg)
{
    fleet_local *q = arg;
    for (;;) {
        pthread_mutex_lock(&q->mu);
        while (q->next_job == q->n_jobs && !q->closed)
            pthread_cond_wait(&q->work, &q->mu);
        if (q->next_job == q->n_jobs) {
            pthread_mutex_unlock(&q->mu);
            return NULL;
        }
        size_t index = q->jobs[q->next_job++];
        pthread_mutex_unlock(&q->mu);
        fleet_done d;
        memset(&d, 0, sizeof d);
        d.index = index;
        fleet_series_train(&q->l->series[index], q->o, &d.row);
        pthread_mutex_lock(&q->mu);
        q->outbox[q->out_head + q->n_out++] = d;
        pthread_cond_signal(&q->done);
        pthread_mutex_unlock(&q->mu);
    }
}

int fleet_local_start(fleet_local *q, int threads)
{
    q->threads = malloc((size_t)threads * sizeof *q->threads);
    if (!q->threads)
        return -1;
    for (int i = 0; i < threads; i++) {
        if (pthread_create(&q->threads[i], NULL, worker, q)) {
            q->n_threads = i;
            return -1;
        }
    }
    q->n_threads = threads;
    return 0;
}

void fleet_local_finish(fleet_local *q)
{
    pthread_mutex_lock(&q->mu);
    q->closed = 1;
    pthread_cond_broadcast(&q->work);
    pthread_mutex_unlock(&q->mu);
    for (int i = 0; i < q->n_threads; i++)
        pthread_join(q->threads[i], NULL);
    free(q->threads);
    free(q->jobs);
    free(q->outbox);
    pthread_mutex_destroy(&q->mu);
    pthread_cond_destroy(&q->work);
    pthread_cond_destroy(&q->done);
    memset(q, 0, sizeof *q);
}

