/* import.h — real metric exports to the metrics CSV of docs/design.md §3
 * (guide: docs/import.md): the library behind scaleahead-import.
 *
 * Each input is read by the reader of its format (CloudWatch JSON,
 * Prometheus JSON, CSV: detected from the content unless given; a JSON
 * file may hold several documents one after another), the series asked
 * for are picked by --column NAME=[FUNC:]SOURCE (or all of them), the
 * pages of one series (the same series in several inputs or documents)
 * are appended, each is sorted by time and resampled to a grid when a
 * step is given, the series a FUNC selects are combined, and the columns
 * are joined on time (a time missing from any of them is left out: the
 * metrics CSV has no empty fields). Times are UTC. */
#ifndef SA_IMPORT_H
#define SA_IMPORT_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "series/resample.h"

typedef enum import_format {
    IMPORT_AUTO,
    IMPORT_CLOUDWATCH,   /* get-metric-data or get-metric-statistics JSON */
    IMPORT_PROMETHEUS,   /* query_range or query JSON */
    IMPORT_CSV,          /* Grafana, InfluxDB or any CSV with a time column */
} import_format;

/* "auto", "cloudwatch", "prometheus" or "csv" to *f. Returns 0 or -1. */
int import_parse_format(const char *text, import_format *f);

typedef struct import_options {
    const char *const *inputs;   /* files ("-" = stdin), at least one */
    size_t n_inputs;
    import_format format;        /* for every input; IMPORT_AUTO detects each */
    const char *const *columns;  /* "NAME=SOURCE"; SOURCE may start with
                                    sum:, mean:, max: or min: to combine
                                    every series it names, then with an
                                    input's name and ':' to pick from that
                                    input only. None: every series, by its
                                    own name */
    size_t n_columns;
    const char *const *aggs;     /* "FUNC" (every column) or "NAME=FUNC" */
    size_t n_aggs;
    const char *const *missing;  /* texts that mark a missing point */
    size_t n_missing;
    const char *time_column;     /* CSV inputs: NULL = detect */
    char delimiter;              /* CSV inputs: 0 = detect */
    const char *tz;              /* zone of times without an offset; NULL = UTC */
    int64_t step;                /* > 0: resample to this grid; 0: keep the times */
    const char *output;          /* "-" = stdout */
} import_options;

/* Runs the import and writes the metrics CSV to o->output (replaced
 * whole, or not at all; never an input of the run). Notes (rows sorted,
 * pages appended, times dropped by the join) go through msg_note.
 * Returns 0, or -1 with e set: "FILE:LINE: ..." for CSV, "FILE: $.JSON.PATH:
 * ..." for JSON, or what --column or --agg got wrong. */
int import_run(const import_options *o, sa_error *e);

#endif
