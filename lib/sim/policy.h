/* policy.h — the scaling policies of the simulator (docs/design.md §10).
 *
 * A policy looks at one step's observation and answers the fleet size it
 * wants; the engine (sim.h) clamps that to [min, max], enforces the cooldown
 * and applies it. Units: demand D is in instance-percent (the trace's CPU %
 * times the N0 instances it was measured on), so N instances each run at
 * D / N percent. Forecasts are CPU % predicted in units of the original N0
 * fleet (that is what the model was trained on), so a forecast p means
 * demand p * N0 and a per-instance CPU of p * N0 / N at fleet size N.
 *
 *   reactive          the seed monitor: observed average CPU over the
 *                     serving instances > up -> N + 1, < down -> N - 1.
 *   predictive        the seed's LSTM rule: forecast per-instance CPU at the
 *                     current size (p * N0 / N) > up -> N + 1,
 *                     < pred_down (35) -> N - 1; no forecast -> hold.
 *                     With quantile q > 0 it provisions to a quantile
 *                     instead: a new instance serves one warm-up after
 *                     launch, so the fleet grows to need(u, C) =
 *                     ceil(u * N0 / C) with u the upper bound of the
 *                     conformal interval at level q of the forecast for
 *                     that time and C = quantile_cpu (the top of target
 *                     tracking's band, 66 %). When that asks for fewer than
 *                     N it shrinks — removal is at once — to the fleet that
 *                     runs the largest bound u_max over the times until
 *                     then at the middle of the band, C / (1 + tolerance)
 *                     (60 %): N' = min(N, need(max(u, u_max), C / (1 +
 *                     tolerance))). So, like target tracking's dead band, a
 *                     bound that wavers by less than the tolerance neither
 *                     adds nor removes an instance (tolerance 0: no band).
 *                     No forecast -> hold. With floor_reactive
 *                     the answer is at least the reactive need
 *                     ceil(D / up), the smallest fleet on which the load
 *                     observed now runs at or below `up` (AWS's advice to
 *                     pair predictive with dynamic scaling).
 *   target            target tracking (AWS target tracking, Kubernetes HPA):
 *                     desired = ceil(D / target_cpu); no change while
 *                     |D / (N * target_cpu) - 1| <= tolerance; jumps
 *                     straight to the desired size.
 *   target-predictive the same on forecast demand p * N0 (no forecast ->
 *                     the recommendation is the current size).
 *   scheduled         schedule_event instances inside a calendar event,
 *                     schedule_base outside.
 *
 * N in every rule is the fleet launched (serving plus warming up): that is
 * what the provider's desired capacity counts, and it stops a rule from
 * adding an instance for load that an instance still warming up will take.
 *
 * The answer is the policy's recommendation alone: the scale-in
 * stabilisation window and the largest change per action apply to every
 * policy alike, in the engine (scaling_limits.h), and a policy keeps no
 * memory between steps. */
#ifndef SA_POLICY_H
#define SA_POLICY_H

#include <stddef.h>

typedef enum policy_kind {
    POLICY_REACTIVE,
    POLICY_PREDICTIVE,
    POLICY_TARGET,
    POLICY_TARGET_PREDICTIVE,
    POLICY_SCHEDULED,
    POLICY_COUNT
} policy_kind;

typedef struct policy_params {
    int base_instances;     /* N0: the trace's CPU was measured on this many */
    double up;              /* % above which reactive and predictive add one (70) */
    double down;            /* % below which reactive removes one (30) */
    double pred_down;       /* % below which predictive removes one (35) */
    double target_cpu;      /* target per-instance CPU % (60) */
    double tolerance;       /* relative dead band of target tracking (0.10) */
    int schedule_base;      /* scheduled size outside events */
    int schedule_event;     /* scheduled size inside events */
    double quantile;        /* predictive: interval level q to provision to; 0 = the seed rule */
    double quantile_cpu;    /* the CPU % the bound may reach (0: target_cpu x
                               (1 + tolerance), the top of target tracking's
                               dead band, 66 %: the same ceiling) */
    int floor_reactive;     /* predictive with a quantile: keep the reactive floor (1) */
} policy_params;

/* One step as a policy sees it. */
typedef struct policy_input {
    double time;            /* Unix seconds */
    double demand;          /* observed demand D, instance-percent */
    double cpu;             /* observed average CPU % of the serving instances */
    int fleet;              /* N: instances launched (serving + warming) */
    double forecast;        /* predicted CPU % (N0 units) for the horizon, NaN if none */
    int in_event;           /* 1 inside a calendar event */
    double forecast_upper;  /* quantile policy: the upper bound u for the time a new
                               instance would serve (N0 units), NaN if none */
    double forecast_upper_max; /* the largest bound until then, NaN if none */
} policy_input;

/* Fills p with the defaults of docs/design.md §10 (N0 2, up 70, down 30,
 * pred_down 35, target 60, tolerance 0.10, schedule base 2 and event 10,
 * no quantile, reactive floor on). */
void policy_params_default(policy_params *p);

/* The option name of a policy: "reactive", "predictive", "target",
 * "target-predictive", "scheduled". */
const char *policy_name(policy_kind kind);

/* The column label of a policy in a comparison: its name, or for the
 * quantile policy "predictive q0.9", into buf (len bytes). Returns buf. */
const char *policy_label(policy_kind kind, const policy_params *p, char *buf, size_t len);

/* Sets *kind from its name. Returns 0, or -1 for an unknown name. */
int policy_parse(const char *name, policy_kind *kind);

/* 1 when the policy needs forecasts (predictive, target-predictive). */
int policy_needs_forecast(policy_kind kind);

/* 1 when the policy needs a calendar (scheduled). */
int policy_needs_calendar(policy_kind kind);

/* The settings of policy_params a policy reads, as a mask: */
enum {
    POLICY_USES_UP = 1,          /* up: reactive, the seed's predictive rule, the
                                    quantile policy's reactive floor */
    POLICY_USES_DOWN = 2,        /* down: reactive */
    POLICY_USES_PRED_DOWN = 4,   /* pred_down: the seed's predictive rule */
    POLICY_USES_TOLERANCE = 8,   /* tolerance: target tracking, the quantile policy */
    POLICY_USES_QUANTILE = 16,   /* quantile, quantile_cpu, floor: the quantile policy */
    POLICY_USES_SCHEDULE = 32,   /* schedule_base, schedule_event: scheduled */
};

/* What policy kind reads of p (its quantile and floor decide for the
 * predictive policy). */
unsigned policy_uses(policy_kind kind, const policy_params *p);

/* Checks the thresholds kind compares (up above down for reactive, above
 * pred_down for the seed's predictive rule). Returns 0, or -1 with msg
 * (len bytes) set, e.g. "--up 20 must be above --down 50". */
int policy_check(policy_kind kind, const policy_params *p, char *msg, size_t len);

/* Decides one step: returns the fleet size the policy recommends (not yet
 * stabilised, limited or clamped to [min, max]; in->fleet to hold) and
 * writes a one-line reason such as "CPU 75.0% > 70%" into reason
 * (reason_len bytes; may be NULL when reason_len is 0). */
int policy_decide(policy_kind kind, const policy_params *p, const policy_input *in,
                  char *reason, size_t reason_len);

#endif
