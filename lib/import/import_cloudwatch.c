/* import_cloudwatch.c — `aws cloudwatch get-metric-data --output json`
 * (MetricDataResults: Id, Label, Timestamps, Values, newest first by
 * default) and `aws cloudwatch get-metric-statistics --output json`
 * (Label, Datapoints of Timestamp plus one number per statistic). */
#include "import/import_json.h"
#include "series/timestamp.h"
#include "base/message.h"

#include <stdio.h>
#include <string.h>

#define PATH_LEN 160

/* A member of object o at path, which must exist: NULL with e set to
 * "FILE: PATH.key: missing" otherwise. */
static const json_t *member(const json_t *o, const char *key, const char *file,
                            const char *path, sa_error *e)
{
    const json_t *v = json_object_get(o, key);
    if (!v)
        sa_fail(e, "%s: %s.%s: missing", file, path, key);
    return v;
}

static int cloudwatch_time(const json_t *j, const char *file, const char *path,
                           const tz_zone *zone, int64_t *t, sa_error *e)
{
    if (!json_is_string(j))
        return sa_fail(e, "%s: %s: is not a timestamp string", file, path);
    int64_t utc[2];
    const char *why, *text = json_string_value(j);
    size_t len = json_string_length(j);
    if (time_parse_any(text, len, zone, utc, &why))
        return sa_fail(e, "%s: %s: '%.*s' %s", file, path, len > 40 ? 40 : (int)len, text, why);
    *t = utc[0];
    return 0;
}

/* One element of MetricDataResults. */
static int read_result(import_set *set, const json_t *r, const char *file, const char *path,
                       const tz_zone *zone, sa_error *e)
{
    if (!json_is_object(r))
        return sa_fail(e, "%s: %s: is not an object", file, path);
    const json_t *id = member(r, "Id", file, path, e), *label = json_object_get(r, "Label");
    const json_t *times = id ? member(r, "Timestamps", file, path, e) : NULL;
    const json_t *values = times ? member(r, "Values", file, path, e) : NULL;
    if (!values)
        return -1;
    if (!json_is_string(id))
        return sa_fail(e, "%s: %s.Id: is not a string", file, path);
    if (!json_is_array(times) || !json_is_array(values))
        return sa_fail(e, "%s: %s.%s: is not an array", file, path,
                       json_is_array(times) ? "Values" : "Timestamps");
    size_t n = json_array_size(times);
    if (json_array_size(values) != n)
        return sa_fail(e, "%s: %s: %zu Timestamps but %zu Values", file, path, n,
                       json_array_size(values));
    char where[PATH_LEN + 64];
    snprintf(where, sizeof where, "%s: %s", file, path);
    import_series *s = import_set_add(set, json_string_value(id),
                                      json_is_string(label) ? json_string_value(label) : NULL,
                                      file, where);
    if (!s)
        return sa_fail(e, "%s: out of memory", file);
    for (size_t k = 0; k < n; k++) {
        char at[PATH_LEN + 64];
        int64_t t = 0;
        snprintf(at, sizeof at, "%s.Timestamps[%zu]", path, k);
        if (cloudwatch_time(json_array_get(times, k), file, at, zone, &t, e))
            return -1;
        snprintf(at, sizeof at, "%s.Values[%zu]", path, k);
        if (import_json_push(s, t, json_array_get(values, k), file, at, e))
            return -1;
    }
    return 0;
}

/* The results array at JSON path at ("$.MetricDataResults", or "$" for
 * the output of `--query MetricDataResults`). */
static int read_metric_data(import_set *set, const json_t *results, const char *at,
                            const char *file, const tz_zone *zone, sa_error *e)
{
    if (!json_is_array(results))
        return sa_fail(e, "%s: %s: is not an array", file, at);
    if (json_array_size(results) == 0)
        return sa_fail(e, "%s: %s: empty (the query returned no metric)", file, at);
    for (size_t i = 0; i < json_array_size(results); i++) {
        char path[PATH_LEN];
        snprintf(path, sizeof path, "%s[%zu]", at, i);
        if (read_result(set, json_array_get(results, i), file, path, zone, e))
            return -1;
    }
    return 0;
}

/* The statistics of get-metric-statistics, as the keys of a datapoint. */
static const char *const statistics[] = {"Average", "Sum", "Minimum", "Maximum",
                                         "SampleCount"};

/* Datapoint k: its time and the statistics keys[i] into set->s[first + i]. */
static int read_datapoint(import_set *set, size_t first, const char *const *keys,
                          const json_t *d, size_t k, const char *file, const tz_zone *zone,
                          sa_error *e)
{
    char path[PATH_LEN];
    snprintf(path, sizeof path, "$.Datapoints[%zu]", k);
    if (!json_is_object(d))
        return sa_fail(e, "%s: %s: is not an object", file, path);
    const json_t *ts = member(d, "Timestamp", file, path, e);
    int64_t t = 0;
    char at[PATH_LEN + 64];
    snprintf(at, sizeof at, "%s.Timestamp", path);
    if (!ts || cloudwatch_time(ts, file, at, zone, &t, e))
        return -1;
    for (size_t i = first; i < set->n; i++) {
        const json_t *v = member(d, keys[i - first], file, path, e);
        snprintf(at, sizeof at, "%s.%s", path, keys[i - first]);
        if (!v || import_json_push(&set->s[i], t, v, file, at, e))
            return -1;
    }
    return 0;
}

static int read_statistics(import_set *set, const json_t *root, const char *file,
                           const tz_zone *zone, sa_error *e)
{
    const json_t *points = json_object_get(root, "Datapoints"), *label = json_object_get(root, "Label");
    if (!json_is_array(points))
        return sa_fail(e, "%s: $.Datapoints: is not an array", file);
    if (json_array_size(points) == 0)
        return sa_fail(e, "%s: $.Datapoints: empty (no data in the period asked for)", file);
    const json_t *first = json_array_get(points, 0);
    const char *keys[sizeof statistics / sizeof *statistics];
    size_t n_keys = 0, start = set->n;
    for (size_t i = 0; i < sizeof statistics / sizeof *statistics; i++)
        if (json_object_get(first, statistics[i]))
            keys[n_keys++] = statistics[i];
    if (n_keys == 0)
        return sa_fail(e, "%s: $.Datapoints[0]: has no statistic (Average, Sum, Minimum, "
                       "Maximum or SampleCount)", file);
    /* One statistic is called by the metric's Label; several by their own
     * names. */
    const char *metric = json_is_string(label) ? json_string_value(label) : NULL;
    for (size_t i = 0; i < n_keys; i++) {
        char where[PATH_LEN];
        snprintf(where, sizeof where, "%s: $.Datapoints[*].%s", file, keys[i]);
        int by_label = n_keys == 1 && metric;
        if (!import_set_add(set, by_label ? metric : keys[i], by_label ? keys[i] : metric,
                            file, where))
            return sa_fail(e, "%s: out of memory", file);
    }
    for (size_t k = 0; k < json_array_size(points); k++)
        if (read_datapoint(set, start, keys, json_array_get(points, k), k, file, zone, e))
            return -1;
    return 0;
}

int import_read_cloudwatch(import_set *set, const json_t *root, const char *file,
                           const tz_zone *zone, sa_error *e)
{
    if (json_is_array(root))
        return read_metric_data(set, root, "$", file, zone, e);
    const json_t *results = json_object_get(root, "MetricDataResults");
    if (json_object_get(root, "NextToken"))
        msg_note("note: %s: $.NextToken: this is one page of a longer answer; the points of "
                 "the other pages are missing", file);
    if (results)
        return read_metric_data(set, results, "$.MetricDataResults", file, zone, e);
    if (json_object_get(root, "Datapoints"))
        return read_statistics(set, root, file, zone, e);
    return sa_fail(e, "%s: $: neither MetricDataResults (get-metric-data) nor Datapoints "
                   "(get-metric-statistics)", file);
}
