/* import_json.h — what the JSON readers of import share: reading a JSON
 * export with libjansson, and naming the place of an error by its JSON
 * path ("FILE: $.MetricDataResults[0].Values[2]: ..."). */
#ifndef SA_IMPORT_JSON_H
#define SA_IMPORT_JSON_H

#include <jansson.h>
#include <stddef.h>
#include "base/err.h"
#include "import/import_series.h"
#include "series/timezone.h"

/* Parses the n bytes at text as JSON. Returns the root (the caller
 * json_decref's it), or NULL with e set: "FILE:LINE: invalid JSON: what
 * libjansson says". */
json_t *import_json_parse(const char *text, size_t n, const char *file, sa_error *e);

/* Reads a number that may be a JSON number or a string holding one
 * (Prometheus writes "12.5"). Returns 1 and sets *v; 0 for a Prometheus
 * "NaN" (no sample); -1 with e set to "FILE: PATH: 'abc' is not a number"
 * (or "is not finite"). */
int import_json_number(const json_t *j, const char *file, const char *path, double *v,
                       sa_error *e);

/* Reads the value j at path (import_json_number) and appends (t, value)
 * to s; a "NaN" appends nothing. Returns 0, or -1 with e set. */
int import_json_push(import_series *s, int64_t t, const json_t *j, const char *file,
                     const char *path, sa_error *e);

/* Reads a CloudWatch get-metric-data or get-metric-statistics export
 * (root: an object with MetricDataResults or Datapoints, or the array of
 * results alone, as `--query MetricDataResults` prints it) into set: one
 * series per result (name = Id, label = Label) or per statistic (name =
 * Average, Sum, ..., label = Label). zone reads times without an offset.
 * Returns 0, or -1 with e naming the JSON path of what is wrong. */
int import_read_cloudwatch(import_set *set, const json_t *root, const char *file,
                           const tz_zone *zone, sa_error *e);

/* Reads a Prometheus HTTP API answer (query_range: matrix; query: vector
 * or scalar) into set: one series per result, name = the metric name
 * (__name__, or "value" without one), labels = the others. Returns 0, or
 * -1 with e naming the JSON path of what is wrong (a status "error" is
 * reported with Prometheus' own message). */
int import_read_prometheus(import_set *set, const json_t *root, const char *file,
                           sa_error *e);

#endif
