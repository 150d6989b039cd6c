/* import_cloudwatch.c — `aws cloudwatch get-metric-data --output json`
 * (MetricDataResults: Id, Label, Timestamps, Values, newest first by
 * default, StatusCode, Messages; the AWS CLI's own paging repeats an Id
 * once per page, PartialData on all but the last) and `aws cloudwatch
 * get-metric-statistics --output json` (Label, Datapoints of Timestamp,
 * Unit and one number per statistic, percentiles under
 * ExtendedStatistics). */
#include "import/import_json.h"
#include "series/timestamp.h"
#include "base/message.h"

#include <stdio.h>
#include <stdlib.h>
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

/* The string member key of o, or NULL. */
static const char *string_of(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
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

/* "Code: Value" of the first of a Messages array at path, into buf; 0
 * when there is none. */
static int first_message(const json_t *messages, char *buf, size_t cap)
{
    if (!json_is_array(messages) || json_array_size(messages) == 0)
        return 0;
    const json_t *m = json_array_get(messages, 0);
    const char *code = string_of(m, "Code"), *value = string_of(m, "Value");
    snprintf(buf, cap, "%.60s%s%.200s%s", code ? code : "", code && value ? ": " : "",
             value ? value : "", json_array_size(messages) > 1 ? " (and more)" : "");
    return 1;
}

/* What a StatusCode other than Complete means and what to do about it. */
static const char *status_advice(const char *status)
{
    if (!strcmp(status, "PartialData"))
        return "more points remain on the next pages of the answer; fetch them (the "
               "AWS CLI pages by itself without --max-items and --no-paginate; else "
               "--next-token with $.NextToken) and import all pages together";
    if (!strcmp(status, "Forbidden"))
        return "CloudWatch refused this metric (it has no points): allow "
               "cloudwatch:GetMetricData on it, or choose the other series with --column";
    if (!strcmp(status, "InternalError"))
        return "CloudWatch failed to fetch this metric: run the query again";
    return "not Complete: the points may not all be there; export again";
}

/* Marks s by its StatusCode and Messages: PartialData incomplete, any
 * other status but Complete, or a message, unusable. */
static int check_result_status(import_series *s, const json_t *r, const char *file,
                               const char *path)
{
    const char *status = string_of(r, "StatusCode");
    char text[640], said[300];
    if (first_message(json_object_get(r, "Messages"), said, sizeof said)) {
        snprintf(text, sizeof text, "%s: %s.Messages: CloudWatch says %s; the points of this "
                 "metric may be wrong or missing: fix the query and export again", file,
                 path, said);
        return (s->unusable = strdup(text)) ? 0 : -1;
    }
    if (!status || !strcmp(status, "Complete"))
        return 0;
    snprintf(text, sizeof text, "%s: %s.StatusCode: %.40s: %s", file, path, status,
             status_advice(status));
    char **slot = strcmp(status, "PartialData") ? &s->unusable : &s->incomplete;
    return (*slot = strdup(text)) ? 0 : -1;
}

/* One element of MetricDataResults. */
static int read_result(import_set *set, const json_t *r, const char *file, const char *path,
                       const import_reading *rd, sa_error *e)
{
    if (!json_is_object(r))
        return sa_fail(e, "%s: %s: is not an object", file, path);
    const json_t *id = member(r, "Id", file, path, e);
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
    import_series *s = import_set_add(set, json_string_value(id), string_of(r, "Label"), where);
    if (!s || check_result_status(s, r, file, path))
        return sa_fail(e, "%s: out of memory", file);
    for (size_t k = 0; k < n; k++) {
        char at[PATH_LEN + 64];
        int64_t t = 0;
        snprintf(at, sizeof at, "%s.Timestamps[%zu]", path, k);
        if (cloudwatch_time(json_array_get(times, k), file, at, rd->zone, &t, e))
            return -1;
        snprintf(at, sizeof at, "%s.Values[%zu]", path, k);
        if (import_json_push(s, t, json_array_get(values, k), file, at, rd, e))
            return -1;
    }
    return 0;
}

/* The results array at JSON path at ("$.MetricDataResults", or "$" for
 * the output of `--query MetricDataResults`). */
static int read_metric_data(import_set *set, const json_t *results, const char *at,
                            const char *file, const import_reading *r, sa_error *e)
{
    if (!json_is_array(results))
        return sa_fail(e, "%s: %s: is not an array", file, at);
    if (json_array_size(results) == 0)
        return sa_fail(e, "%s: %s: empty (the query returned no metric)", file, at);
    for (size_t i = 0; i < json_array_size(results); i++) {
        char path[PATH_LEN];
        snprintf(path, sizeof path, "%s[%zu]", at, i);
        if (read_result(set, json_array_get(results, i), file, path, r, e))
            return -1;
    }
    return 0;
}

/* The statistics of get-metric-statistics, as the keys of a datapoint;
 * percentiles (p99, tm90, ...) are the keys of its ExtendedStatistics. */
static const char *const statistics[] = {"Average", "Sum", "Minimum", "Maximum",
                                         "SampleCount"};
#define N_STATISTICS (sizeof statistics / sizeof *statistics)

/* The statistic names of the datapoints, in a fixed order: the standard
 * ones, then the extended ones in the order first seen. */
typedef struct stat_names {
    const char **name;        /* point into the JSON (or statistics[]) */
    size_t n;
} stat_names;

static int add_name(stat_names *k, const char *name)
{
    for (size_t i = 0; i < k->n; i++)
        if (!strcmp(k->name[i], name))
            return 0;
    const char **more = realloc(k->name, (k->n + 1) * sizeof *more);
    if (!more)
        return -1;
    k->name = more;
    k->name[k->n++] = name;
    return 0;
}

static int collect_names(stat_names *k, const json_t *points)
{
    for (size_t i = 0; i < N_STATISTICS; i++)
        for (size_t p = 0; p < json_array_size(points); p++)
            if (json_object_get(json_array_get(points, p), statistics[i])) {
                if (add_name(k, statistics[i]))
                    return -1;
                break;
            }
    for (size_t p = 0; p < json_array_size(points); p++) {
        const json_t *ext = json_object_get(json_array_get(points, p), "ExtendedStatistics");
        const char *key;
        const json_t *v;
        json_object_foreach((json_t *)ext, key, v)
            if (add_name(k, key))
                return -1;
    }
    return 0;
}

/* Where the points of a get-metric-statistics export go: one series per
 * statistic and unit, made when first needed. */
typedef struct stat_reader {
    import_set *set;
    size_t first;             /* set->s[first..] are this export's series */
    const char *metric;       /* the Label, or NULL */
    int by_label;             /* one statistic: the series are called by the Label */
    const char *file;
    const import_reading *r;
} stat_reader;

/* The series of statistic stat (a percentile when extended) in unit
 * (NULL: none given), made if new. */
static import_series *stat_series(stat_reader *sr, const char *stat, int extended,
                                  const char *unit)
{
    const char *name = sr->by_label ? sr->metric : stat;
    const char *label = sr->by_label ? stat : sr->metric;
    for (size_t i = sr->first; i < sr->set->n; i++) {
        import_series *s = &sr->set->s[i];
        const char *u = import_series_label(s, "Unit");
        if (!strcmp(s->name, name) && !strcmp(s->label ? s->label : "", label ? label : "") &&
            !u == !unit && (!u || !strcmp(u, unit)))
            return s;
    }
    char where[PATH_LEN + 96];
    snprintf(where, sizeof where, "%s: $.Datapoints[*].%s%.40s%s%.30s%s", sr->file,
             extended ? "ExtendedStatistics." : "",
             stat, unit ? " (Unit " : "", unit ? unit : "", unit ? ")" : "");
    import_series *s = import_set_add(sr->set, name, label, where);
    if (s && unit && import_series_add_label(s, "Unit", unit))
        s = NULL;
    return s;
}

/* The statistic stat of datapoint d (at path, time t) into its series. */
static int push_statistic(stat_reader *sr, const json_t *v, const char *stat, int extended,
                          const char *unit, int64_t t, const char *path, sa_error *e)
{
    import_series *s = stat_series(sr, stat, extended, unit);
    if (!s)
        return sa_fail(e, "%s: out of memory", sr->file);
    char at[PATH_LEN + 96];
    snprintf(at, sizeof at, "%s.%s%.60s", path, extended ? "ExtendedStatistics." : "", stat);
    return import_json_push(s, t, v, sr->file, at, sr->r, e);
}

/* Datapoint k: its time, unit and every statistic it holds. */
static int read_datapoint(stat_reader *sr, const json_t *d, size_t k, sa_error *e)
{
    char path[PATH_LEN], at[PATH_LEN + 16];
    snprintf(path, sizeof path, "$.Datapoints[%zu]", k);
    if (!json_is_object(d))
        return sa_fail(e, "%s: %s: is not an object", sr->file, path);
    const json_t *ts = member(d, "Timestamp", sr->file, path, e);
    const json_t *ext = json_object_get(d, "ExtendedStatistics"), *unit = json_object_get(d, "Unit");
    int64_t t = 0;
    snprintf(at, sizeof at, "%s.Timestamp", path);
    if (!ts || cloudwatch_time(ts, sr->file, at, sr->r->zone, &t, e))
        return -1;
    if (unit && !json_is_string(unit))
        return sa_fail(e, "%s: %s.Unit: is not a string", sr->file, path);
    if (ext && !json_is_object(ext))
        return sa_fail(e, "%s: %s.ExtendedStatistics: is not an object", sr->file, path);
    const char *u = unit ? json_string_value(unit) : NULL, *key;
    for (size_t i = 0; i < N_STATISTICS; i++) {
        const json_t *v = json_object_get(d, statistics[i]);
        if (v && push_statistic(sr, v, statistics[i], 0, u, t, path, e))
            return -1;
    }
    const json_t *v;
    json_object_foreach((json_t *)ext, key, v)
        if (push_statistic(sr, v, key, 1, u, t, path, e))
            return -1;
    return 0;
}

static int read_statistics(import_set *set, const json_t *root, const char *file,
                           const import_reading *r, sa_error *e)
{
    const json_t *points = json_object_get(root, "Datapoints");
    if (!json_is_array(points))
        return sa_fail(e, "%s: $.Datapoints: is not an array", file);
    if (json_array_size(points) == 0)
        return sa_fail(e, "%s: $.Datapoints: empty (no data in the period asked for)", file);
    stat_names names = {0};
    if (collect_names(&names, points)) {
        free(names.name);
        return sa_fail(e, "%s: out of memory", file);
    }
    size_t n_names = names.n;
    free(names.name);
    if (n_names == 0)
        return sa_fail(e, "%s: $.Datapoints[0]: has no statistic (Average, Sum, Minimum, "
                       "Maximum, SampleCount or ExtendedStatistics)", file);
    /* One statistic is called by the metric's Label; several by their own
     * names. */
    const char *metric = string_of(root, "Label");
    stat_reader sr = {set, set->n, metric, n_names == 1 && metric, file, r};
    for (size_t k = 0; k < json_array_size(points); k++)
        if (read_datapoint(&sr, json_array_get(points, k), k, e))
            return -1;
    return 0;
}

/* Top-level Messages: CloudWatch could not do all of the query. */
static int check_messages(const json_t *root, const char *file, sa_error *e)
{
    char said[300];
    if (!first_message(json_object_get(root, "Messages"), said, sizeof said))
        return 0;
    return sa_fail(e, "%s: $.Messages: CloudWatch says %s; it did only part of the query, so "
                   "metrics or points may be missing: fix the query and export again", file,
                   said);
}

int import_read_cloudwatch(import_set *set, const json_t *root, const char *file,
                           const import_reading *r, sa_error *e)
{
    if (json_is_array(root))
        return read_metric_data(set, root, "$", file, r, e);
    if (check_messages(root, file, e))
        return -1;
    const json_t *results = json_object_get(root, "MetricDataResults");
    size_t first = set->n;
    if (results && read_metric_data(set, results, "$.MetricDataResults", file, r, e))
        return -1;
    if (results) {
        /* A page whose results all say Complete may still have a next one. */
        int partial = 0;
        for (size_t i = first; i < set->n; i++)
            partial |= set->s[i].incomplete != NULL;
        const json_t *token = json_object_get(root, "NextToken");
        if (json_is_string(token) && json_string_length(token) && !partial)
            msg_note("note: %s: $.NextToken: there is a next page of this answer; import it "
                     "too if it holds more points", file);
        return 0;
    }
    if (json_object_get(root, "Datapoints"))
        return read_statistics(set, root, file, r, e);
    return sa_fail(e, "%s: $: neither MetricDataResults (get-metric-data) nor Datapoints "
                   "(get-metric-statistics)", file);
}
