/* import_prometheus.c — the Prometheus HTTP API's answers to
 * /api/v1/query_range (resultType "matrix": values of [time, "value"]
 * pairs) and /api/v1/query ("vector": one value per series; "scalar"). */
#include "import/import_json.h"
#include "series/timestamp.h"
#include "base/message.h"

#include <stdio.h>
#include <string.h>

#define PATH_LEN 160

/* One [time, "value"] pair at path into s. */
static int read_sample(import_series *s, const json_t *pair, const char *file,
                       const char *path, const import_reading *r, sa_error *e)
{
    if (!json_is_array(pair) || json_array_size(pair) != 2)
        return sa_fail(e, "%s: %s: is not a [time, \"value\"] pair", file, path);
    const json_t *jt = json_array_get(pair, 0);
    int64_t t;
    if (!json_is_number(jt) || time_from_epoch(json_number_value(jt), &t))
        return sa_fail(e, "%s: %s[0]: is not a Unix time in seconds", file, path);
    char at[PATH_LEN + 8];
    snprintf(at, sizeof at, "%s[1]", path);
    return import_json_push(s, t, json_array_get(pair, 1), file, at, r, e);
}

/* A new series named by the metric object's __name__ with its labels. */
static import_series *add_series(import_set *set, const json_t *metric, const char *file,
                                 const char *path, sa_error *e)
{
    const json_t *name = json_object_get(metric, "__name__");
    char where[PATH_LEN + 64];
    snprintf(where, sizeof where, "%s: %s", file, path);
    import_series *s = import_set_add(set, json_is_string(name) ? json_string_value(name)
                                                                : "value", NULL, where);
    const char *key;
    const json_t *value;
    json_object_foreach((json_t *)metric, key, value) {
        if (!s || strcmp(key, "__name__") == 0)
            continue;
        if (!json_is_string(value)) {
            sa_fail(e, "%s: %s.metric.%s: is not a string", file, path, key);
            return NULL;
        }
        if (import_series_add_label(s, key, json_string_value(value)))
            s = NULL;
    }
    if (!s)
        sa_fail(e, "%s: out of memory", file);
    return s;
}

/* Element i of data.result (a matrix or a vector). */
static int read_result(import_set *set, const json_t *r, size_t i, int matrix,
                       const char *file, const import_reading *rd, sa_error *e)
{
    char path[PATH_LEN];
    snprintf(path, sizeof path, "$.data.result[%zu]", i);
    if (!json_is_object(r))
        return sa_fail(e, "%s: %s: is not an object", file, path);
    const json_t *metric = json_object_get(r, "metric");
    const json_t *samples = json_object_get(r, matrix ? "values" : "value");
    if (!json_is_object(metric))
        return sa_fail(e, "%s: %s.metric: %s", file, path, metric ? "is not an object" : "missing");
    if (!json_is_array(samples))
        return sa_fail(e, "%s: %s.%s: %s", file, path, matrix ? "values" : "value",
                       samples ? "is not an array" : "missing");
    import_series *s = add_series(set, metric, file, path, e);
    if (!s)
        return -1;
    char at[PATH_LEN + 32];
    if (!matrix) {
        snprintf(at, sizeof at, "%s.value", path);
        return read_sample(s, samples, file, at, rd, e);
    }
    for (size_t k = 0; k < json_array_size(samples); k++) {
        snprintf(at, sizeof at, "%s.values[%zu]", path, k);
        if (read_sample(s, json_array_get(samples, k), file, at, rd, e))
            return -1;
    }
    return 0;
}

/* The status of the answer: "success", or Prometheus' error message (with
 * what to do when it is the limit of points per series). */
static int check_status(const json_t *root, const char *file, sa_error *e)
{
    const json_t *status = json_object_get(root, "status");
    if (json_is_string(status) && !strcmp(json_string_value(status), "success"))
        return 0;
    const json_t *type = json_object_get(root, "errorType"), *msg = json_object_get(root, "error");
    if (!json_is_string(msg))
        return sa_fail(e, "%s: $.status: %s", file, status ? "is not \"success\"" : "missing");
    const char *text = json_string_value(msg);
    return sa_fail(e, "%s: $.error: the query failed: %s%s%.300s%s", file,
                   json_is_string(type) ? json_string_value(type) : "",
                   json_is_string(type) ? ": " : "", text,
                   strstr(text, "maximum resolution") ? "; ask for fewer points at a time "
                   "(query_range pages of at most 11000 steps) and import the pages together" : "");
}

/* Prometheus' warnings (a remote store that did not answer, a query
 * Prometheus doubts): shown, since the answer may lack points. */
static void note_warnings(const json_t *root, const char *file)
{
    const json_t *w = json_object_get(root, "warnings");
    for (size_t i = 0; json_is_array(w) && i < json_array_size(w); i++)
        if (json_is_string(json_array_get(w, i)))
            msg_note("note: %s: $.warnings[%zu]: Prometheus warns: %.300s; the answer may "
                     "lack points", file, i, json_string_value(json_array_get(w, i)));
}

int import_read_prometheus(import_set *set, const json_t *root, const char *file,
                           const import_reading *r, sa_error *e)
{
    if (check_status(root, file, e))
        return -1;
    note_warnings(root, file);
    const json_t *data = json_object_get(root, "data");
    if (!json_is_object(data))
        return sa_fail(e, "%s: $.data: %s", file, data ? "is not an object" : "missing");
    const json_t *type = json_object_get(data, "resultType"), *result = json_object_get(data, "result");
    const char *kind = json_is_string(type) ? json_string_value(type) : "";
    if (!result)
        return sa_fail(e, "%s: $.data.result: missing", file);
    if (!strcmp(kind, "scalar")) {
        char where[PATH_LEN + 64];
        snprintf(where, sizeof where, "%s: $.data.result", file);
        import_series *s = import_set_add(set, "scalar", NULL, where);
        return s ? read_sample(s, result, file, "$.data.result", r, e)
                 : sa_fail(e, "%s: out of memory", file);
    }
    int matrix = !strcmp(kind, "matrix");
    if (!matrix && strcmp(kind, "vector"))
        return sa_fail(e, "%s: $.data.resultType: '%s' is not matrix, vector or scalar", file,
                       kind);
    if (!json_is_array(result))
        return sa_fail(e, "%s: $.data.result: is not an array", file);
    if (json_array_size(result) == 0)
        return sa_fail(e, "%s: $.data.result: empty (no series matched the query)", file);
    for (size_t i = 0; i < json_array_size(result); i++)
        if (read_result(set, json_array_get(result, i), i, matrix, file, r, e))
            return -1;
    return 0;
}
