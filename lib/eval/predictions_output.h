/* predictions_output.h — the forms scaleahead-predict --format writes its
 * forecasts in: the predictions CSV (predictions.h), JSON Lines (one
 * object per forecast, for jq and log shippers), the decisions alone (one
 * line per forecast, always "ACTION COUNT": scale_up, scale_down or hold
 * and the instance count), which is what a cron job acts on, or the
 * Prometheus text exposition format for node_exporter's textfile
 * collector; and for a forecast path the forecast-only schedule. */
#ifndef SA_PREDICTIONS_OUTPUT_H
#define SA_PREDICTIONS_OUTPUT_H

#include <stdio.h>
#include "eval/predictions.h"

typedef enum predictions_output {
    PREDICTIONS_CSV,
    PREDICTIONS_JSON,
    PREDICTIONS_DECISION,
    PREDICTIONS_PROMETHEUS,
    PREDICTIONS_SCHEDULE,
} predictions_output;

/* "csv", "json", "decision", "prometheus" or "schedule" to *out. Returns
 * 0, or -1 for other text. */
int predictions_parse_output(const char *text, predictions_output *out);

/* Writes r in the form kind: CSV as predictions_write; JSON one object a
 * line: {"timestamp": "...", "actual": x|null, "predicted": x, ["std": x,]
 * ["lower": x, "upper": x,] "decision": "...", ["instances": n]} — for a
 * forecast path one object per origin with the steps in arrays:
 * {"origin": "...", "timestamp": [...], "step": [1, ...], "actual": [...],
 * "predicted": [...], ["std": [...],] ["lower": [...], "upper": [...],]
 * "decision": [...], ["instances": [...]]}; the decision as "ACTION COUNT"
 * on each line, a path's one line per origin and step (the caller makes
 * sure o sizes the fleet and knows the current one); the schedule
 * (predictions_write_schedule); or, for the last forecast of r (a path's
 * last step),
 * gauges in the Prometheus text format (version 0.0.4, no timestamps, as
 * the textfile collector wants): scaleahead_forecast_predicted, _lower,
 * _upper (with o->with_interval) and _target_timestamp_seconds, labelled
 * target and step, scaleahead_data_timestamp_seconds, and
 * scaleahead_desired_instances (and _current_instances) where o sizes the
 * fleet. Returns 0, or -1 on a write error. */
int predictions_write_as(FILE *fp, const predictor_result *r, const predictions_format *o,
                         predictions_output kind);

/* The forecast-only schedule (AWS predictive scaling's forecast-only mode,
 * from your own metrics) of the newest origin's path in r: one line per
 * clock hour (UTC) its steps' target times fall in, in time order, as CSV
 * hour,first_step,last_step,predicted_max,upper_max,instances: the hour's
 * start, the steps in it, the largest forecast and upper bound among them,
 * and the size that bound needs (predictions_size on the fleet at the
 * origin: ceil(upper x N / target) for CPU on N instances; empty when o
 * sizes nothing). Returns 0, or -1 on a write error. */
int predictions_write_schedule(FILE *fp, const predictor_result *r, const predictions_format *o);

#endif
