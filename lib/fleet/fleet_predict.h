/* fleet_predict.h — scaleahead-predict --fleet OUTDIR DIR: the forecasts
 * of every series of a fleet in one process, each by its own model
 * OUTDIR/NAME.h5 (train --fleet), as one predictions CSV (predictions.h)
 * with a first column `series` and one column set for all (series,
 * timestamp, actual, predicted, lower, upper, decision[, instances]: no std
 * column, the interval empty where a model has none), the series in name
 * order: every window of
 * each file, or with last only the forecast after its last row (the file's
 * tail alone is read). Series are dealt to threads, largest first; the
 * output is the same for any thread count. A series that cannot be
 * forecast (no model: its training failed; a file that does not fit its
 * model) is left out with a line on stderr, and counted. */
#ifndef SA_FLEET_PREDICT_H
#define SA_FLEET_PREDICT_H

#include <stddef.h>
#include <stdio.h>
#include "base/err.h"
#include "eval/predictions_output.h"
#include "fleet/fleet_list.h"
#include "series/series.h"

typedef struct fleet_predict_options {
    const char *outdir;            /* where the models are */
    int last;                      /* only the forecast after the last row */
    int threads;
    double coverage, gamma;        /* the conformal interval's level, ACI step */
    predictions_format format;     /* thresholds, sizing (series set per series) */
    predictions_output kind;       /* csv | json | decision */
    const char *calendar;
    int fill;
    const series_input *input;
} fleet_predict_options;

/* Forecasts every series of l with its model and writes them to fp.
 * *n_failed receives the series left out. Returns 0, or -1 with e set (out
 * of memory, a write error on fp). */
int fleet_predict(const fleet_list *l, const fleet_predict_options *o, FILE *fp,
                  size_t *n_failed, sa_error *e);

#endif
