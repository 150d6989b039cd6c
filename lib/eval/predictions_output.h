/* predictions_output.h — the forms scaleahead-predict --format writes its
 * forecasts in: the predictions CSV (predictions.h), JSON Lines (one
 * object per forecast, for jq and log shippers), the decisions alone (one
 * line per forecast, always "ACTION COUNT": scale_up, scale_down or hold
 * and the instance count), which is what a cron job acts on, or the
 * Prometheus text exposition format for node_exporter's textfile
 * collector. */
#ifndef SA_PREDICTIONS_OUTPUT_H
#define SA_PREDICTIONS_OUTPUT_H

#include <stdio.h>
#include "eval/predictions.h"

typedef enum predictions_output {
    PREDICTIONS_CSV,
    PREDICTIONS_JSON,
    PREDICTIONS_DECISION,
    PREDICTIONS_PROMETHEUS,
} predictions_output;

/* "csv", "json", "decision" or "prometheus" to *out. Returns 0, or -1 for
 * other text. */
int predictions_parse_output(const char *text, predictions_output *out);

/* Writes r in the form kind: CSV as predictions_write; JSON one object a
 * line: {"timestamp": "...", "actual": x|null, "predicted": x, ["std": x,]
 * ["lower": x, "upper": x,] "decision": "...", ["instances": n]}; the
 * decision as "ACTION COUNT" on each line (the caller makes sure o sizes
 * the fleet and knows the current one); or, for the last forecast of r,
 * gauges in the Prometheus text format (version 0.0.4, no timestamps, as
 * the textfile collector wants): scaleahead_forecast_predicted, _lower,
 * _upper (with o->with_interval) and _target_timestamp_seconds, labelled
 * target and step, scaleahead_data_timestamp_seconds, and
 * scaleahead_desired_instances (and _current_instances) where o sizes the
 * fleet. Returns 0, or -1 on a write error. */
int predictions_write_as(FILE *fp, const predictor_result *r, const predictions_format *o,
                         predictions_output kind);

#endif
