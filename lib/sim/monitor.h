/* monitor.h — the seed's live monitor (docs/design.md §10, `--live`): simulated
 * instances whose CPU, memory and network wander, scaled by a policy under
 * the same fleet rules as the replay (sim.h), with the same alerts, and the
 * seed's report.
 *
 * Model. The fleet carries a demand D (instance-percent) that follows a
 * bounded random walk with mean reversion towards mean_cpu * N0:
 *   D <- max(0, D + 0.15 (mean_cpu N0 - D) + 4 N0 z),  z ~ N(0, 1).
 * A serving instance runs at D / N_s plus its own offset (a walk reverting
 * to 0), clipped to [0, 100]; so adding instances lowers every CPU, as in a
 * load-balanced group. Memory (per instance, reverting to 60 %, clipped to
 * [5, 100]) and network (MB/s per instance, reverting to 100, at least 0)
 * wander independently. A spike AT:CPU sets D so that every serving
 * instance runs at CPU at the first tick at or after AT seconds; it then
 * decays through the mean reversion. An instance warming up shows 0 CPU and
 * network. The library does no sleeping: the caller paces monitor_tick. */
#ifndef SA_MONITOR_H
#define SA_MONITOR_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "base/err.h"
#include "base/rng.h"
#include "sim/engine.h"

typedef struct monitor_instance {
    char id[40];
    char type[24];
    char region[24];
    double cpu_offset;       /* this instance's deviation from D / N_s */
    double cpu, memory, network;
    int serving;             /* 0 while warming up */
} monitor_instance;

typedef struct monitor_spike {
    double at;               /* seconds after the start */
    double cpu;              /* % every serving instance jumps to */
} monitor_spike;

typedef struct monitor_config {
    const sim_config *sim;   /* fleet rules and thresholds; not owned */
    policy_kind policy;      /* reactive or target (policies on observed load) */
    double start;            /* Unix seconds of the first tick */
    double interval;         /* seconds between ticks (2) */
    size_t history;          /* points kept for the CSV and dashboard (50) */
    uint64_t seed;
    double mean_cpu;         /* % the load reverts to (50) */
    const monitor_spike *spikes;  /* (n_spikes) sorted by at; not owned */
    size_t n_spikes;
} monitor_config;

typedef struct monitor {
    monitor_config cfg;
    rng r;
    sim_engine engine;
    double demand;           /* D, instance-percent */
    int n_inst, cap_inst;
    monitor_instance *inst;  /* (cap_inst), the first n_inst in the engine's fleet order */
    int next_id;             /* for the ids of launched instances */
    int n_resources;         /* resources, first in the fleet order */
    size_t next_spike;
    size_t ring_start, ring_n;
    sim_step *ring;          /* (cfg.history) the last ring_n steps */
    size_t ticks;
} monitor;

/* Starts a monitor with the initial fleet (N0 clamped to [min, max]) of
 * EC2 instances in us-east-1. Policies other than reactive and target are
 * an error (they need forecasts or a calendar). Returns 0, or -1 with e
 * set. Free with monitor_free. */
int monitor_init(monitor *m, const monitor_config *c, sa_error *e);

/* Parses "NAME:TYPE[:REGION]" (region defaults to us-east-1) into *out.
 * Returns 0, or -1 with e set naming the bad spec. */
int monitor_parse_resource(const char *spec, monitor_instance *out, sa_error *e);

/* Adds a resource described by spec ("NAME:TYPE[:REGION]") to the fleet,
 * serving from the start; call before the first tick. Resources are kept
 * first in the fleet order (in the order added), so a scale-down removes
 * them last. Returns 0, or -1
 * with e set. */
int monitor_add_resource(monitor *m, const char *spec, sa_error *e);

/* Parses "AT:CPU" (seconds >= 0, CPU in (0, 100]). Returns 0, or -1 with e
 * set. */
int monitor_parse_spike(const char *spec, monitor_spike *out, sa_error *e);

/* One tick at `elapsed` seconds after the start: the walk, spikes,
 * observation, alerts and scaling (sim.h's order of events). The step is
 * kept in the history. Returns 0, or -1 with e set. */
int monitor_tick(monitor *m, double elapsed, sa_error *e);

/* The latest step, or NULL before the first tick. */
const sim_step *monitor_last(const monitor *m);

/* Ends the run: r receives the history (oldest first), the actions, the
 * alerts and the summary of the whole run. The monitor can then only be
 * freed. Returns 0, or -1 with e set. */
int monitor_finish(monitor *m, sim_result *r, sa_error *e);

/* Frees the monitor's memory. */
void monitor_free(monitor *m);

/* The instance lines of a replay's final fleet, from its last step (a
 * replay records only fleet averages, so the split is made up, plausibly
 * and deterministically): out (at least last->fleet entries, at most cap
 * written) gets ids i-0001..., type EC2, region us-east-1. The serving
 * instances (the oldest, as removal takes the newest) share the load
 * unevenly: instance i runs at cpu + a f_i, with f_i a fixed per-instance
 * skew (mean 0 over the serving instances, largest |f_i| = 1; from a hash
 * of i) and a = min(10 % of cpu, 100 - cpu), so their average is the
 * step's CPU exactly and none exceeds 100 (an overloaded fleet shows 100
 * everywhere); memory likewise; network is the step's total split as
 * total / N_s x (1 + 0.1 f_i), summing to the total. Instances still
 * warming up show 0 CPU, 0 network, no memory (NaN) and status "warming".
 * Returns the count written. */
int monitor_replay_instances(const sim_step *last, monitor_instance *out, int cap);

/* Writes the seed monitor's report for r: current status (the last step),
 * max/min/average of CPU, memory, network and instance count over r's
 * steps, one line per instance (id, type, region, CPU, memory, network,
 * status) and the alert history. Returns 0, or -1 on a write error. */
int monitor_print_report(FILE *fp, const sim_result *r, const monitor_instance *inst, int n_inst);

#endif
