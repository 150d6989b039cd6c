/* fleet_local.h — the worker threads of one process of a fleet run: a
 * queue of series indices in, an outbox of finished rows out. The
 * coordinator (the main thread) pushes, the workers train
 * (fleet_series_train), the coordinator takes. Internal to lib/fleet. */
#ifndef SA_FLEET_LOCAL_H
#define SA_FLEET_LOCAL_H

#include <pthread.h>
#include <stddef.h>
#include "fleet/fleet.h"

/* A finished series: its index in the list and its row. */
typedef struct fleet_done {
    size_t index;
    fleet_row row;
} fleet_done;

typedef struct fleet_local {
    const fleet_list *l;
    const fleet_options *o;
    pthread_mutex_t mu;
    pthread_cond_t work, done;
    size_t *jobs;             /* (N) indices pushed, in order */
    size_t n_jobs, next_job;  /* pushed; taken by a worker */
    fleet_done *outbox;       /* (N) finished, not yet taken */
    size_t out_head, n_out;
    int busy;                 /* pushed and not yet taken back */
    int closed;               /* no more jobs: workers end */
    pthread_t *threads;
    int n_threads;
} fleet_local;

/* Sets q up for list l (at most l->n jobs in all). Returns 0 or -1 (out
 * of memory). */
int fleet_local_init(fleet_local *q, const fleet_list *l, const fleet_options *o);

/* Starts the workers. Returns 0, or -1 when a thread could not start (the
 * ones that did keep working). */
int fleet_local_start(fleet_local *q, int threads);

/* Hands series index to a worker. */
void fleet_local_push(fleet_local *q, size_t index);

/* Moves up to max finished rows into out and returns their count; waits
 * for one when none is there: wait_ms < 0 until one comes (or nothing is
 * busy), 0 not at all, else at most wait_ms milliseconds. */
size_t fleet_local_take(fleet_local *q, fleet_done *out, size_t max, int wait_ms);

/* Series pushed and not yet taken back. */
int fleet_local_busy(fleet_local *q);

/* Lets the workers end once the queue is empty, joins them, frees q. */
void fleet_local_finish(fleet_local *q);

#endif
