/* import_json.h — what the JSON readers of import share: reading JSON
 * exports with libjansson (one document, or several written one after
 * another: pages saved to one file), and naming the place of an error by
 * its JSON path ("FILE: $.MetricDataResults[0].Values[2]: ..."). */
#ifndef SA_IMPORT_JSON_H
#define SA_IMPORT_JSON_H

#include <jansson.h>
#include <stddef.h>
#include "base/err.h"
#include "import/import_series.h"

/* Parses the next JSON document of text[0..n) from byte *at on (white
 * space before it skipped) and moves *at past it. Returns 1 with *root
 * set (the caller json_decref's it); 0 when only white space is left; -1
 * with e set: "FILE:LINE: invalid JSON: what libjansson says", LINE
 * counted from the start of text. */
int import_json_next(const char *text, size_t n, size_t *at, const char *file, json_t **root,
                     sa_error *e);

/* Reads a number that may be a JSON number or a string holding one
 * (Prometheus writes "12.5"). Returns 1 and sets *v; 0 for a string that
 * marks a missing point (a Prometheus "NaN", a --missing text); -1 with e
 * set to "FILE: PATH: 'abc' is not a number" (or "is not finite"). */
int import_json_number(const json_t *j, const char *file, const char *path,
                       const import_reading *r, double *v, sa_error *e);

/* Reads the value j at path (import_json_number) and appends (t, value)
 * to s; a missing point appends nothing. Returns 0, or -1 with e set. */
int import_json_push(import_series *s, int64_t t, const json_t *j, const char *file,
                     const char *path, const import_reading *r, sa_error *e);

/* Reads a CloudWatch get-metric-data or get-metric-statistics export
 * (root: an object with MetricDataResults or Datapoints, or the array of
 * results alone, as `--query MetricDataResults` prints it) into set: one
 * series per result (name = Id, label = Label; a result that is not
 * Complete, or carries Messages, is marked unusable or incomplete) or per
 * statistic and Unit (name = Average, p99, ..., label = Label; or, with
 * one statistic, name = Label, label = the statistic; label Unit). Top-
 * level Messages are an error. Returns 0, or -1 with e naming the JSON
 * path of what is wrong. */
int import_read_cloudwatch(import_set *set, const json_t *root, const char *file,
                           const import_reading *r, sa_error *e);

/* Reads a Prometheus HTTP API answer (query_range: matrix; query: vector
 * or scalar) into set: one series per result, name = the metric name
 * (__name__, or "value" without one), labels = the others. Returns 0, or
 * -1 with e naming the JSON path of what is wrong (a status "error" is
 * reported with Prometheus' own message). */
int import_read_prometheus(import_set *set, const json_t *root, const char *file,
                           const import_reading *r, sa_error *e);

#endif
