/* engine.h — the fleet simulator's replay engine (docs/design.md §10).
 *
 * A trace of CPU % measured on N0 instances is replayed as demand
 * D_t = cpu_t * N0 (instance-percent) — or, when the trace says how many
 * instances served at each step (an auto-scaling group that changed
 * size), D_t = cpu_t * N_t; its forecasts (CPU % on the fleet of their
 * issue time) are then rescaled to N0 units, p * N_t / N0. With N_s instances serving, each runs
 * at D_t / N_s percent; above 100 the fleet is overloaded and
 * D_t - 100 * N_s is unserved. Memory is scaled the same way,
 * mem_t * N0 / N_s, capped at 100 (the trace's memory was measured on N0
 * machines too); network I/O is the fleet total (network_in + network_out)
 * and does not depend on N.
 *
 * Fleet rules: the fleet starts at N0 clamped to [min, max], all serving.
 * A launched instance is paid for from its launch and serves once `warmup`
 * seconds have passed; a removed instance goes at once and removal takes
 * the newest instance first (so one still warming up goes before one that
 * serves). After any action no other is taken for `cooldown` seconds (an
 * action at time a allows the next at a + cooldown, not before).
 *
 * Order of events within the step at time t (each step stands for the
 * time dt until the next row; the last row for the trace's step):
 *   1. warm-up: instances launched at or before t - warmup start serving
 *      (an instance launched at t therefore serves from the next step on,
 *      even with warmup 0);
 *   2. observe: demand, per-instance CPU (capped at 100) and memory over
 *      the N_s serving instances, network;
 *   3. alerts: overload (D > 100 N_s) CRITICAL, or else CPU > hot_cpu (80)
 *      WARNING; memory > memory_alert (85) WARNING;
 *   4. the policy recommends a size on this observation (policy.h); the
 *      recommendation is remembered, stabilised (a scale-in only to the
 *      highest recommendation of the last `stabilization` seconds), cut to
 *      the largest change per action and clamped to [min, max]
 *      (scaling_limits.h);
 *   5. the action, if that answer differs from the fleet and the
 *      cooldown has passed, is applied at t (INFO alert, counted; a flap
 *      when it reverses the previous action within flap_window seconds,
 *      see below);
 *   6. accounting over dt: instance-seconds of the fleet after the action,
 *      hot and overloaded seconds and unserved demand of the observation;
 *      the need at the target, D / target_cpu instances, for the slack
 *      (fleet after the action minus need) and the under-provisioning
 *      (need minus the serving instances, where positive).
 *
 * Flaps. An action is a flap when the action before it went the other way
 * (one scaled out, the other in) and was taken at most flap_window seconds
 * earlier (both ends included: a reversal exactly 900 s later is one). The
 * first action is never a flap, nor is an action in the same direction as
 * the one before it; each action is compared with the one right before it
 * only, so up, down, up within the window are two flaps. Actions held back
 * by the cooldown or the stabilisation never happened and do not count.
 *
 * Sizes: T steps of a trace; A actions. */
#ifndef SA_SIM_H
#define SA_SIM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "sim/alerts.h"
#include "base/err.h"
#include "sim/policy.h"
#include "sim/scaling_limits.h"

/* The replayed input, as plain arrays the caller owns. */
typedef struct sim_trace {
    size_t n;                      /* T */
    const int64_t *time;           /* (T) Unix seconds, increasing */
    const double *cpu;             /* (T) CPU % measured on N0 instances */
    const double *memory;          /* (T) memory % on N0 instances, or NULL */
    const double *network;         /* (T) total network I/O, or NULL */
    const double *forecast;        /* (T) forecast CPU % (N0 units) for the
                                      decision at each step (NaN where none),
                                      or NULL */
    const unsigned char *in_event; /* (T) 1 inside a calendar event, or NULL */
    double step;                   /* seconds the last row stands for */
    const double *forecast_upper;  /* (T) the quantile policy's upper bound
                                      (N0 units) for the time a new instance
                                      would serve, NaN where none, or NULL */
    const double *forecast_upper_max; /* (T) the largest bound until then */
    const double *instances;       /* (T) instances the CPU was measured on,
                                      or NULL: N0 throughout */
    int forecast_demand;           /* 1: the forecasts are demand already in N0
                                      units (from a demand model, or a rate sized
                                      by a capacity per instance: replay.h), so
                                      instances does not rescale them */
} sim_trace;

typedef struct sim_config {
    int min_instances, max_instances;  /* 2, 10 */
    double warmup;                     /* seconds before a new instance serves (300) */
    double cooldown;                   /* seconds after an action before the next (300) */
    double stabilization;              /* scale-in stabilisation window, seconds (300) */
    int max_step;                      /* largest change per action, instances (0: none) */
    double max_step_pct;               /* or in % of the fleet, rounded up (0: none) */
    double price;                      /* per instance-hour (0.10) */
    double hot_cpu;                    /* % above which a minute is hot (80) */
    double memory_alert;               /* memory % above which to warn (85) */
    double flap_window;                /* seconds within which a reversal is a flap (900) */
    policy_params policy;              /* N0 and the policies' thresholds */
} sim_config;

/* What one step records (one row of cloud_metrics.csv). */
typedef struct sim_step {
    double time;       /* Unix seconds */
    double demand;     /* D, instance-percent */
    double cpu;        /* average CPU % of the serving instances, capped at 100 */
    double memory;     /* average memory % (NaN when the trace has none) */
    double network;    /* total network I/O (NaN when the trace has none) */
    double forecast;   /* forecast CPU % used (N0 units), NaN if none */
    int serving;       /* N_s at observation */
    int fleet;         /* instances launched after the step's action */
    int action;        /* fleet change applied at this step (0: hold) */
} sim_step;

typedef struct sim_action {
    double time;
    int from, to;
    char reason[160];
} sim_action;

typedef struct sim_summary {
    double duration_hours;     /* sum of the steps' dt */
    double instance_hours;     /* instances launched x time */
    double cost;               /* instance_hours x price */
    double hot_minutes;        /* per-instance CPU > hot_cpu */
    double overload_minutes;   /* per-instance demand > 100 */
    double unserved_hours;     /* instance-hours of demand above capacity */
    int actions, flaps;
    int min_fleet, max_fleet;  /* over the fleet after each step's action */
    double peak_demand;        /* max D */
    int static_peak_size;      /* ceil(peak / 100), at least 1 */
    double static_peak_cost;   /* that fleet for the whole duration */
    double savings_peak;       /* static_peak_cost - cost */
    double savings_peak_pct;   /* of static_peak_cost */
    double static_max_cost;    /* max_instances for the whole duration */
    double savings_max, savings_max_pct;
    double need_hours;         /* sum of D / target_cpu x dt, instance-hours */
    double slack_hours;        /* sum of (fleet - D / target_cpu) x dt */
    double mean_slack_pct;     /* 100 slack_hours / need_hours (0 without need) */
    double under_minutes;      /* sum of max(0, D / target_cpu - serving) x dt, instance-minutes */
} sim_summary;

/* The outcome of one policy: owns its steps, actions and alerts. */
typedef struct sim_result {
    policy_kind policy;
    char label[40];            /* policy_label: the column heading */
    double quantile;           /* the quantile policy's level, NaN for the others */
    size_t n_steps;
    sim_step *steps;           /* (n_steps) */
    size_t n_actions;
    sim_action *actions;       /* (A) in time order */
    alert_log alerts;
    sim_summary summary;
} sim_result;

/* The instances launched, oldest first. */
typedef struct sim_fleet {
    int n, cap;
    double *launch;            /* (cap), the first n are launch times, ascending */
} sim_fleet;

/* One policy's running state, shared by the replay (sim_run) and the live
 * monitor, which feeds it one observation at a time. */
typedef struct sim_engine {
    const sim_config *cfg;     /* not owned; must outlive the engine */
    policy_kind policy;
    scaling_window window;     /* the recommendations of the stabilisation window */
    sim_fleet fleet;
    int serving;               /* after the last sim_engine_warm */
    int has_action, last_direction;
    double last_action_time;
    size_t n_actions, cap_actions;
    sim_action *actions;
    alert_log alerts;
    sim_summary sum;           /* accumulating; completed by sim_engine_finish */
} sim_engine;

/* One step's observation, given to sim_engine_step. */
typedef struct sim_observation {
    double time, dt;           /* Unix seconds; seconds this step stands for */
    double demand;             /* instance-percent */
    double cpu;                /* average CPU % of the serving instances */
    double memory;             /* average memory %, or NaN */
    double network;            /* total network I/O, or NaN */
    double forecast;           /* NaN if none */
    int in_event;
    double forecast_upper;     /* the quantile policy's upper bound, NaN if none */
    double forecast_upper_max; /* the largest bound over the look-ahead, NaN if none */
} sim_observation;

/* Fills c with the defaults of docs/design.md §10 (and policy_params_default). */
void sim_config_default(sim_config *c);

/* Checks c for sizes and times that make no sense (min < 1, min > max,
 * N0 < 1, negative times, windows, steps or price, both kinds of maximum
 * step; each policy's thresholds are policy_check's). Returns 0, or
 * -1 with e set to a message naming the option, e.g. "--min 5 is above
 * --max 3". */
int sim_config_check(const sim_config *c, sa_error *e);

/* The fleet size the run starts with: N0 clamped to [min, max]. */
int sim_initial_fleet(const sim_config *c);

/* Sets up an engine for one policy with the initial fleet, all serving.
 * Returns 0, or -1 with e set (out of memory). Free with sim_engine_free. */
int sim_engine_init(sim_engine *g, policy_kind policy, const sim_config *c, sa_error *e);

/* Adds k instances serving from the start (the live monitor's extra
 * resources); call before the first step. Returns 0, or -1 with e set. */
int sim_engine_add_serving(sim_engine *g, int k, sa_error *e);

/* Step 1: instances whose warm-up has ended by time t start serving.
 * Returns the number serving. */
int sim_engine_warm(sim_engine *g, double t);

/* Steps 3-6 for the observation o (made after sim_engine_warm at o->time);
 * fills *out. Returns 0, or -1 with e set (out of memory). */
int sim_engine_step(sim_engine *g, const sim_observation *o, sim_step *out, sa_error *e);

/* Completes the summary (costs, static comparisons) and moves the actions
 * and alerts into r (whose steps the caller fills); the engine keeps only
 * what sim_engine_free releases. */
void sim_engine_finish(sim_engine *g, sim_result *r);

/* Frees the engine's memory. */
void sim_engine_free(sim_engine *g);

/* Replays trace t through one policy. Policies needing forecasts or a
 * calendar require t->forecast or t->in_event, and the policy's
 * thresholds must pass policy_check (error otherwise). r is
 * owned by the caller (sim_result_free). Returns 0, or -1 with e set. */
int sim_run(const sim_trace *t, policy_kind policy, const sim_config *c, sim_result *r,
            sa_error *e);

/* Frees what r owns and zeroes it. */
void sim_result_free(sim_result *r);

/* Like sim_align_forecast, but out[i] is the largest prediction whose
 * timestamp lies in (time[i], time[i] + horizon] (the quantile policy's
 * look-ahead: every time a new instance would serve), NaN when none. */
void sim_align_forecast_max(const int64_t *time, size_t n, const int64_t *pred_time,
                            const double *pred, size_t m, double horizon, double *out);

/* Aligns forecasts to the decision times: out[i] is the prediction whose
 * timestamp is the latest in (time[i], time[i] + horizon] — with one
 * prediction per step that is the one for time[i] + horizon, the furthest
 * look ahead available at time[i] — or NaN when there is none. pred_time
 * (M) is increasing. out has T entries. */
void sim_align_forecast(const int64_t *time, size_t n, const int64_t *pred_time,
                        const double *pred, size_t m, double horizon, double *out);

/* Name of a step's action for the CSV: "scale_up", "scale_down", "hold". */
const char *sim_action_name(int action);

/* Writes cloud_metrics.csv (docs/design.md §3): the header
 * Timestamp,Avg_CPU,Avg_Memory,Total_Network_IO,Instance_Count,Policy,Action
 * and one row per step of each result, Policy its label ("reactive",
 * "predictive q0.9"). Missing memory or network is an empty field. Returns 0, or -1 on a write error. */
int sim_write_csv(FILE *fp, const sim_result *r, size_t n);

#endif
