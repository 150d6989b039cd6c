/* predictions_output.h — the forms scaleahead-predict --format writes its
 * forecasts in: the predictions CSV (predictions.h), JSON Lines (one
 * object per forecast, for jq and log shippers), or the decisions alone
 * (one line per forecast: scale_up, scale_down or hold; with fleet sizing
 * the number of instances), which is what a cron job acts on. */
#ifndef SA_PREDICTIONS_OUTPUT_H
#define SA_PREDICTIONS_OUTPUT_H

#include <stdio.h>
#include "eval/predictions.h"

typedef enum predictions_output {
    PREDICTIONS_CSV,
    PREDICTIONS_JSON,
    PREDICTIONS_DECISION,
    PREDICTIONS_SCHEDULE,
} predictions_output;

/* "csv", "json", "decision" or "schedule" to *out. Returns 0, or -1 for
 * other text. */
int predictions_parse_output(const char *text, predictions_output *out);

/* Writes r in the form kind: CSV as predictions_write; JSON one object a
 * line: {"timestamp": "...", "actual": x|null, "predicted": x, ["std": x,]
 * ["lower": x, "upper": x,] "decision": "...", ["instances": n]} — for a
 * forecast path one object per origin with the steps in arrays:
 * {"origin": "...", "timestamp": [...], "step": [1, ...], "actual": [...],
 * "predicted": [...], ["std": [...],] ["lower": [...], "upper": [...],]
 * "decision": [...], ["instances": [...]]}; or the decision (the instance
 * count when o sizes the fleet) alone on each line, one line per forecast
 * (a path's in origin then step order). Returns 0, or -1 on a write
 * error. */
int predictions_write_as(FILE *fp, const predictor_result *r, const predictions_format *o,
                         predictions_output kind);

/* The forecast-only schedule (AWS predictive scaling's forecast-only mode,
 * from your own metrics) of the newest origin's path in r: one line per
 * clock hour (UTC) its steps' target times fall in, in time order, as CSV
 * hour,first_step,last_step,predicted_max,upper_max,instances: the hour's
 * start, the steps in it, the largest forecast and upper bound among them,
 * and the instances the upper bound needs at the policy's target
 * (predictions_instances_needed of upper_max with o->instances and
 * o->target_cpu; the forecast itself without an interval). o->instances
 * must be > 0. Returns 0, or -1 on a write error. */
int predictions_write_schedule(FILE *fp, const predictor_result *r, const predictions_format *o);

#endif
