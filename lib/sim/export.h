/* export.h — a run's comparison for scripts: one JSON document (--json) or
 * one CSV row per policy (--csv-table), with what was replayed.
 *
 * JSON (keys in this order; numbers as numbers, unknowns null):
 *   {"tool": "scaleahead-sim",
 *    "data", "model", "predictions"   the files (null when not given),
 *    "part"                           "test" (only rows the model never saw)
 *                                     or "all" ("live" for the monitor),
 *    "data_is_training"               the data is the model's training data,
 *    "part_note"                      why that part (null when none),
 *    "start", "end"                   first and last replayed row, UTC
 *                                     "YYYY-MM-DD HH:MM:SS",
 *    "steps", "step_seconds",
 *    "demand_basis"                   how the forecasts are read: "cpu",
 *                                     "demand" or "capacity" (replay_meta;
 *                                     null without forecasts),
 *    "demand_note"                    how the replay's demand is formed,
 *    "model_arch", "model_target", "model_horizon", "model_skill"
 *                                     (null without a model),
 *    "settings": {base_instances, min, max, warmup, cooldown,
 *                 stabilization, max_step, max_step_percent, flap_window,
 *                 price, up, down, pred_down, target_cpu, tolerance,
 *                 quantile_cpu, floor, hot_cpu},
 *    "quantile_levels": [...]         the sweep's levels ([] otherwise),
 *    "policies": [{"policy": label as in the text table ("reactive",
 *                  "predictive q0.9", ...), "kind": the policy's option
 *                  name, "quantile": level or null, then every measure of
 *                  table.h by its key (cost, instance_hours,
 *                  under_provisioned_instance_minutes, overloaded_minutes,
 *                  hot_minutes, unserved_instance_hours, flaps, actions,
 *                  slack, min_fleet, max_fleet, savings_vs_peak,
 *                  savings_vs_peak_percent, savings_vs_max,
 *                  savings_vs_max_percent), then peak_demand,
 *                  static_peak_instances, static_peak_cost,
 *                  static_max_cost}, ...]}
 * CSV: a header, then one row per policy: policy, kind, quantile, the
 * measures by key, then data, model, predictions, part, start, end,
 * demand_basis (the same on every row, so each row stands alone; empty
 * fields for none). */
#ifndef SA_SIM_EXPORT_H
#define SA_SIM_EXPORT_H

#include <stdio.h>
#include "base/err.h"
#include "sim/engine.h"
#include "sim/replay.h"

/* The results of one run and what they describe (each result knows its
 * own quantile level). */
typedef struct sim_export {
    const replay_meta *meta;   /* what was replayed */
    const sim_config *cfg;
    const sim_result *r;       /* (n) */
    size_t n;
    const double *levels;      /* (n_levels) the sweep's levels, or NULL */
    size_t n_levels;
} sim_export;

/* Writes the JSON document of x to fp. Returns 0, or -1 with e set (a write
 * error). */
int sim_write_json(FILE *fp, const sim_export *x, sa_error *e);

/* Writes the CSV table of x to fp. Returns 0, or -1 with e set. */
int sim_write_csv_table(FILE *fp, const sim_export *x, sa_error *e);

#endif
