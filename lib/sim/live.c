/* live.c — see live.h. */
#include "sim/live.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/strlist.h"

/* The items (each of which may be a comma list: "--spike 10:95,20:90" =
 * "--spike 10:95 --spike 20:90") split into out (at most max); *storage
 * (the caller frees it) holds the text. Returns the count, or -1 for an
 * empty item or more than max. */
static int split_items(const char *const *items, int n, char **storage, const char **out,
                       int max)
{
    *storage = NULL;
    if (n == 0)
        return 0;
    size_t len = 0;
    for (int i = 0; i < n; i++)
        len += strlen(items[i]) + 1;
    char *joined = malloc(len);
    if (!joined)
        return -1;
    size_t at = 0;
    for (int i = 0; i < n; i++) {
        size_t item = strlen(items[i]);
        memcpy(joined + at, items[i], item);
        at += item;
        joined[at++] = i + 1 < n ? ',' : 0;
    }
    int k = strlist_split(joined, storage, out, max);
    free(joined);
    return k;
}

/* The spikes of the items, sorted by time. */
static int parse_spikes(live_run *l, const live_options *o, sa_error *e)
{
    char *storage;
    const char *items[LIVE_MAX_ITEMS];
    int k = split_items(o->spike_items, o->n_spike_items, &storage, items, LIVE_MAX_ITEMS);
    int rc = k < 0 ? sa_fail(e, "--spike: expected AT:CPU (at most 64, none empty)") : 0;
    for (int i = 0; rc == 0 && i < k; i++)
        rc = monitor_parse_spike(items[i], &l->spikes[l->n_spikes++], e);
    free(storage);
    for (size_t i = 1; i < l->n_spikes; i++)   /* insertion sort by time */
        for (size_t j = i; j > 0 && l->spikes[j].at < l->spikes[j - 1].at; j--) {
            monitor_spike tmp = l->spikes[j];
            l->spikes[j] = l->spikes[j - 1];
            l->spikes[j - 1] = tmp;
        }
    return rc;
}

int live_setup(live_run *l, const live_options *o, sa_error *e)
{
    memset(l, 0, sizeof *l);
    if (parse_spikes(l, o, e) < 0)
        return -1;
    monitor_config mc = {o->cfg, o->policy, (double)time(NULL), o->interval, o->history,
                         o->seed, o->mean_cpu, l->spikes, l->n_spikes};
    if (monitor_init(&l->m, &mc, e) < 0)
        return -1;
    char *storage;
    const char *items[LIVE_MAX_ITEMS];
    int k = split_items(o->resource_items, o->n_resource_items, &storage, items,
                        LIVE_MAX_ITEMS);
    int rc = k < 0 ? sa_fail(e, "--resource: expected NAME:TYPE[:REGION] (at most 64, none empty)")
                   : 0;
    for (int i = 0; i < k && rc == 0; i++)
        rc = monitor_add_resource(&l->m, items[i], e);
    free(storage);
    if (rc < 0)
        monitor_free(&l->m);
    return rc;
}

/* Sleeps until elapsed seconds after t0 on the monotonic clock (a signal
 * ends the sleep early). */
static void sleep_until(const struct timespec *t0, double elapsed)
{
    struct timespec at = *t0;
    double whole = floor(elapsed);
    at.tv_sec += (time_t)whole;
    at.tv_nsec += (long)((elapsed - whole) * 1e9);
    if (at.tv_nsec >= 1000000000L) {
        at.tv_sec++;
        at.tv_nsec -= 1000000000L;
    }
    clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &at, NULL);
}

int live_loop(live_run *l, const live_options *o, volatile sig_atomic_t *stop,
              void (*on_tick)(const sim_step *, void *), void *ctx, sim_result *r,
              sa_error *e)
{
    memset(r, 0, sizeof *r);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc = 0;
    for (long k = 0; rc == 0 && k * o->interval < o->duration - 1e-9 && !*stop; k++) {
        if (!o->fast && k > 0) {
            sleep_until(&t0, k * o->interval);
            if (*stop)
                break;
        }
        rc = monitor_tick(&l->m, k * o->interval, e);
        if (rc == 0 && on_tick)
            on_tick(monitor_last(&l->m), ctx);
    }
    if (rc == 0)
        rc = monitor_finish(&l->m, r, e);
    return rc;
}

void live_free(live_run *l)
{
    monitor_free(&l->m);
    memset(l, 0, sizeof *l);
}

void live_meta(const sim_result *r, double interval, replay_meta *m)
{
    memset(m, 0, sizeof *m);
    snprintf(m->part, sizeof m->part, "live");
    if (r->n_steps) {
        m->start = (int64_t)floor(r->steps[0].time);
        m->end = (int64_t)floor(r->steps[r->n_steps - 1].time);
    }
    m->rows = r->n_steps;
    m->step = interval;
    snprintf(m->demand, sizeof m->demand,
             "demand = a simulated random walk (the live monitor); the last %zu ticks kept",
             r->n_steps);
    m->model_skill = NAN;
}
