/* live.h — the live monitor's run (`scaleahead-sim --live`): its spikes
 * and extra resources from their command-line items, and the loop that
 * paces monitor_tick in real time (or not at all with fast). The caller
 * prints each tick's status through a callback and stops the loop through
 * a flag set by a signal handler. */
#ifndef SA_LIVE_H
#define SA_LIVE_H

#include <signal.h>
#include "base/err.h"
#include "sim/monitor.h"
#include "sim/replay.h"

#define LIVE_MAX_ITEMS 64

typedef struct live_options {
    const sim_config *cfg;
    policy_kind policy;          /* reactive or target */
    double duration, interval;   /* seconds to run; between ticks */
    double mean_cpu;
    size_t history;
    uint64_t seed;
    int fast;                    /* do not sleep */
    /* Items of --spike (AT:CPU) and --resource (NAME:TYPE[:REGION]), each
     * possibly a comma list of several. */
    const char *const *spike_items;
    int n_spike_items;
    const char *const *resource_items;
    int n_resource_items;
} live_options;

typedef struct live_run {
    monitor_spike spikes[LIVE_MAX_ITEMS];   /* sorted by time */
    size_t n_spikes;
    monitor m;
} live_run;

/* Parses the items and starts the monitor (start time: now). Returns 0,
 * or -1 with e set (a bad item: a usage error). On success free with
 * live_free. */
int live_setup(live_run *l, const live_options *o, sa_error *e);

/* Ticks every interval until duration or until *stop is set, calling
 * on_tick(step, ctx) after each tick; then finishes the monitor into r
 * (sim_result_free). Returns 0, or -1 with e set. */
int live_loop(live_run *l, const live_options *o, volatile sig_atomic_t *stop,
              void (*on_tick)(const sim_step *, void *), void *ctx, sim_result *r,
              sa_error *e);

/* Frees the run's memory. */
void live_free(live_run *l);

/* What the live run r showed, for the outputs: no data file, part "live",
 * the times of its first and last kept step, the interval as the step,
 * demand simulated. */
void live_meta(const sim_result *r, double interval, replay_meta *m);

#endif
