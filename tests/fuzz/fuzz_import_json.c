/* fuzz_import_json.c — libFuzzer target: the JSON readers of
 * scaleahead-import (CloudWatch get-metric-data / get-metric-statistics,
 * Prometheus query_range / query) on arbitrary bytes, one document or
 * several one after another. A read either fails with a message or gives
 * series whose points are all finite values at times of years 1..9999,
 * which then sort and resample without a crash, and whose pages append
 * (import_member_make) into points in time order. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "import/import_json.h"
#include "import/import_merge.h"
#include "base/message.h"
#include "series/resample.h"
#include "series/series.h"

/* Checks and exercises one series as the import would. */
static void check_series(import_series *s)
{
    if (!s->name || !s->where)
        abort();
    for (size_t k = 0; k < s->n; k++) {
        char when[20];
        int64_t back;
        if (!isfinite(s->value[k]))
            abort();
        time_format(s->time[k], when);
        if (time_parse(when, 19, &back) != 0 || back != s->time[k])
            abort();
    }
    if (import_series_sort(s) < 0)
        return;
    for (size_t k = 1; k < s->n; k++)
        if (s->time[k] < s->time[k - 1])
            abort();
    int64_t *t = malloc((s->n ? s->n : 1) * sizeof *t);
    double *v = malloc((s->n ? s->n : 1) * sizeof *v);
    if (t && v && s->n) {
        int64_t phase = resample_phase(s->time, s->n, 300);
        size_t g = resample_points(s->time, s->value, s->n, 300, phase, RESAMPLE_MEAN, t, v);
        if (g == 0 || g > s->n)
            abort();
    }
    free(t);
    free(v);
}

/* The pages of set->s[0] (the series the same as it) appended. */
static void check_pages(const import_set *set)
{
    const import_series **pages = malloc(set->n * sizeof *pages);
    size_t n = 0;
    for (size_t i = 0; pages && i < set->n; i++)
        if (import_series_same(&set->s[0], &set->s[i]))
            pages[n++] = &set->s[i];
    import_member m;
    sa_error e;
    if (pages && import_member_make(&m, pages, n, &e) == 0) {
        for (size_t k = 1; k < m.n; k++)
            if (m.time[k] < m.time[k - 1])
                abort();
        free(m.time);
        free(m.value);
    }
    free(pages);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sa_error e;
    tz_zone utc = {"UTC", 1};
    import_reading r = {&utc, (const char *[]){"N/A"}, 1};
    import_set set = {0};
    json_t *root;
    size_t at = 0;
    int got, rc = 0;
    msg_quiet = 1;
    set.input = "fuzz.json";
    while (rc == 0 && (got = import_json_next((const char *)data, size, &at, "fuzz.json", &root, &e)) == 1) {
        if (json_is_object(root) || json_is_array(root)) {
            rc = json_object_get(root, "status") ? import_read_prometheus(&set, root, "fuzz.json", &r, &e)
                                                 : import_read_cloudwatch(&set, root, "fuzz.json", &r, &e);
            if (rc != 0 && !strstr(e.msg, "fuzz.json"))
                abort(); /* every message names the file */
        }
        json_decref(root);
    }
    if (got < 0 && !strstr(e.msg, "fuzz.json:"))
        abort();
    if (set.n)
        check_pages(&set);
    for (size_t i = 0; i < set.n; i++)
        check_series(&set.s[i]);
    import_set_free(&set);
    return 0;
}
