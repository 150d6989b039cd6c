/* test_import.c — the pieces of scaleahead-import on known answers: the
 * timestamp forms of real exports (offsets, epochs in s/ms/us/ns,
 * fractions), wall-clock times of Europe/Berlin and America/New_York
 * across both DST changes (hand-computed UTC), the resampler (phase,
 * snapping, each aggregate), Prometheus label matchers, the pages of one
 * series appended and series combined (hand-computed), the long CSV
 * reader's series and labels, and the series reader's --snap, --column
 * and --time-column. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "temp_file.h"
#include "import/import_csv.h"
#include "import/import_merge.h"
#include "import/import_series.h"
#include "base/message.h"
#include "series/resample.h"
#include "series/series.h"
#include "series/timestamp.h"
#include "series/timezone.h"
#include "features/dataset.h"
#include "series/csv.h"

/* 2014-04-10 00:04:00 UTC */
#define T0 1397088240LL

static int parses(const char *text, const tz_zone *z, int64_t want0, int64_t want1)
{
    int64_t t[2];
    const char *why;
    return time_parse_any(text, strlen(text), z, t, &why) == 0 && t[0] == want0 &&
           t[1] == want1;
}

static int rejects(const char *text, const tz_zone *z, const char *why_part)
{
    int64_t t[2];
    const char *why = "";
    return time_parse_any(text, strlen(text), z, t, &why) == -1 && strstr(why, why_part);
}

static void test_forms(void)
{
    /* Every form of the one instant T0 = 2014-04-10 00:04:00 UTC. */
    static const struct { const char *text, *why; } at_t0[] = {
        {"2014-04-10T00:04:00+00:00", "CloudWatch +00:00"},
        {"2014-04-10T02:04:00+02:00", "+02:00 is two hours east"},
        {"2014-04-09T19:04:00-0500", "-0500 without colon"},
        {"2014-04-10T05:34:00+05:30", "+05:30 half-hour zone"},
        {"2014-04-10 03:04:00 +03", "space then +03"},
        {"2014-04-10T00:04:00.999Z", "fraction and Z"},
        {"2014-04-10T00:04Z", "no seconds"},
        {"1397088240", "Unix seconds"},
        {"1397088240000", "milliseconds (Grafana)"},
        {"1397088240999", "milliseconds round down"},
        {"1397088240000000", "microseconds"},
        {"1397088240000000000", "nanoseconds (InfluxDB)"},
        {"1397088240.781", "fractional seconds (Prometheus)"},
    };
    for (size_t i = 0; i < sizeof at_t0 / sizeof at_t0[0]; i++)
        CHECK(parses(at_t0[i].text, NULL, T0, T0), "%s", at_t0[i].why);
    static const struct { const char *text; int64_t want; const char *why; } good[] = {
        {"2014-04-10", T0 - 240, "a date alone is midnight"},
        {"-1.5", -2, "before 1970 rounds down too"},
        {"-1500", -1500, "negative seconds"},
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        CHECK(parses(good[i].text, NULL, good[i].want, good[i].want), "%s", good[i].why);
    static const struct { const char *text, *error, *why; } bad[] = {
        {"2014-04-10T00:04:00+24:00", "not a timestamp", "offset hour 24"},
        {"2014-02-30 00:00:00", "not a timestamp", "30 February"},
        {"12.5.3", "not a timestamp", "two points"},
        {"99999999999999999999", "not a timestamp", "20 digits"},
        {"1e9", "not a timestamp", "exponent"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK(rejects(bad[i].text, NULL, bad[i].error), "%s", bad[i].why);
    int64_t t;
    CHECK(time_from_epoch(1397088240.5, &t) == 0 && t == T0, "JSON number seconds");
    CHECK(time_from_epoch(1e300, &t) == -1, "JSON number beyond 9999 refused");
}

static void test_zones(void)
{
    tz_zone berlin, york, utc;
    sa_error e;
    CHECK(tz_open(&berlin, "Europe/Berlin", &e) == 0, "Europe/Berlin opens (tzdata)");
    /* 2014-10-26: CEST (+2) until 01:00 UTC, then CET (+1); 02:30 local
     * happens at 00:30 and at 01:30 UTC. 1414283400 = 2014-10-26 00:30 UTC. */
    CHECK(parses("2014-10-26 02:30:00", &berlin, 1414283400, 1414287000),
          "Berlin 02:30 on 26 Oct 2014 happens twice: 00:30 and 01:30 UTC");
    CHECK(parses("2014-10-26 03:30:00", &berlin, 1414290600, 1414290600),
          "Berlin 03:30 after the change is once, CET");
    /* 2014-03-30: CET until 01:00 UTC, then CEST; 02:00-03:00 local is skipped. */
    CHECK(rejects("2014-03-30 02:30:00", &berlin, "does not exist"), "Berlin 02:30 on 30 Mar skipped");
    CHECK(parses("2014-03-30 03:00:00", &berlin, 1396141200, 1396141200), "03:00 CEST = 01:00 UTC");
    CHECK(parses("2014-07-01 12:00:00", &berlin, 1404208800, 1404208800), "summer noon = 10:00 UTC");
    CHECK(parses("2014-07-01T12:00:00Z", &berlin, 1404216000, 1404216000), "an explicit Z ignores the zone");
    CHECK(tz_offset_at(&berlin, 1404216000) == 7200 && tz_offset_at(&berlin, 1388534400) == 3600,
          "Berlin offset +2 h in July, +1 h in January");
    CHECK(tz_open(&york, "America/New_York", &e) == 0, "America/New_York opens");
    /* 2014-11-02 01:30 EDT = 05:30 UTC, 01:30 EST = 06:30 UTC. */
    CHECK(parses("2014-11-02 01:30:00", &york, 1414906200, 1414909800), "New York's repeated 01:30");
    CHECK(tz_open(&utc, "UTC", &e) == 0 && utc.is_utc, "UTC needs no file");
    CHECK(tz_open(&berlin, "Mars/Olympus", &e) == -1 && strstr(e.msg, "unknown time zone"),
          "an unknown zone is an error, not silently UTC: %s", e.msg);
    CHECK(tz_open(&berlin, "../../etc/passwd", &e) == -1, "a path is not a zone");
}

static void test_resample(void)
{
    int64_t t[] = {0, 298, 301, 600, 610, 905, 1500}, ot[7];
    double v[] = {1, 2, 4, 10, 20, 7, 9}, ov[7];
    CHECK(resample_phase(t, 7, 300) == 0, "phase: most common remainder (0)");
    int64_t nab[] = {240, 540, 840, 1141, 1440};
    CHECK(resample_phase(nab, 5, 300) == 240, "phase of :04, :09 rows is 240 s");
    CHECK(resample_snap(149, 300, 0) == 0 && resample_snap(150, 300, 0) == 300 &&
          resample_snap(-151, 300, 0) == -300 && resample_snap(1141, 300, 240) == 1140,
          "snap: nearest grid time, halves go later, negative times too");
    size_t n = resample_points(t, v, 7, 300, 0, RESAMPLE_MEAN, ot, ov);
    CHECK(n == 5 && ot[0] == 0 && ot[1] == 300 && ot[2] == 600 && ot[3] == 900 && ot[4] == 1500,
          "grid times with points; 1200 has none (a gap)");
    CHECK(ov[0] == 1 && ov[1] == 3 && ov[2] == 15 && ov[3] == 7 && ov[4] == 9, "mean");
    resample_points(t, v, 7, 300, 0, RESAMPLE_SUM, ot, ov);
    CHECK(ov[1] == 6 && ov[2] == 30, "sum");
    resample_points(t, v, 7, 300, 0, RESAMPLE_MAX, ot, ov);
    CHECK(ov[1] == 4 && ov[2] == 20, "max");
    resample_points(t, v, 7, 300, 0, RESAMPLE_LAST, ot, ov);
    CHECK(ov[1] == 4 && ov[2] == 20 && ov[0] == 1, "last");
    resample_agg a;
    CHECK(resample_parse_agg("sum", &a) == 0 && a == RESAMPLE_SUM && resample_parse_agg("avg", &a) == -1,
          "aggregate names");
}

static void test_matchers(void)
{
    import_set set = {0};
    set.input = "f";
    import_series *s = import_set_add(&set, "node_cpu", NULL, "f: $");
    import_series_add_label(s, "instance", "a:9100");
    import_series_add_label(s, "job", "node");
    CHECK(import_series_matches(s, "node_cpu", 1), "metric name");
    CHECK(import_series_matches(s, "NODE_CPU", 1), "names ignore case");
    CHECK(import_series_matches(s, "node_cpu{instance=\"a:9100\"}", 1), "name and label");
    CHECK(import_series_matches(s, "{job=\"node\", instance=\"a:9100\"}", 1), "labels only, any order");
    CHECK(!import_series_matches(s, "node_cpu{instance=\"b:9100\"}", 1), "another label value");
    CHECK(!import_series_matches(s, "node_cpu{zone=\"x\"}", 1), "a label it lacks");
    CHECK(!import_series_matches(s, "node_mem{job=\"node\"}", 1), "another name");
    import_series_push(s, 300, 1);
    import_series_push(s, 0, 2);
    import_series_push(s, 300, 3);
    CHECK(import_series_sort(s) == 1 && s->time[0] == 0 && s->value[1] == 1 && s->value[2] == 3,
          "sort by time keeps the file order of equal times");
    CHECK(import_series_sort(s) == 0, "sorted input is left alone");
    CHECK(import_series_matches(s, "node_cpu{zone=\"\"}", 0), "k=\"\" matches a series without k");
    CHECK(!import_series_matches(s, "node_cpu{job=\"\"}", 0), "k=\"\" does not match one with k");
    CHECK(!import_series_matches(s, "NODE_CPU", 0), "exact case when asked");
    import_set_free(&set);
}

/* A series of set called name from input, with points t[i], v[i]. */
static import_series *series_of(import_set *set, const char *input, const char *name,
                                const char *instance, const int64_t *t, const double *v,
                                size_t n)
{
    set->input = input;
    import_series *s = import_set_add(set, name, NULL, input);
    import_series_add_label(s, "instance", instance);
    for (size_t i = 0; i < n; i++)
        import_series_push(s, t[i], v[i]);
    return s;
}

static void test_pages(void)
{
    import_set set = {0};
    series_of(&set, "p1", "cpu", "a", (int64_t[]){0, 60, 120}, (double[]){1, 2, 3}, 3);
    series_of(&set, "p2", "cpu", "a", (int64_t[]){180, 120, 240}, (double[]){4, 3, 5}, 3);
    series_of(&set, "p3", "cpu", "a", (int64_t[]){240}, (double[]){6}, 1);
    series_of(&set, "p1", "cpu", "b", (int64_t[]){0}, (double[]){7}, 1);
    CHECK(import_series_same(&set.s[0], &set.s[1]) && !import_series_same(&set.s[0], &set.s[3]),
          "the same series: name and labels, whatever the file");
    const import_series *pages[] = {&set.s[0], &set.s[1]};
    import_member m;
    sa_error e;
    CHECK(import_member_make(&m, pages, 2, &e) == 0 && m.n == 5 && m.time[2] == 120 &&
          m.time[3] == 180 && m.value[3] == 4 && m.value[4] == 5 && m.n_pages == 2,
          "two pages appended in time order, 120 s (held by both, equal) kept once");
    free(m.time);
    free(m.value);
    const import_series *clash[] = {&set.s[1], &set.s[2]};
    CHECK(import_member_make(&m, clash, 2, &e) == -1 && strstr(e.msg, "p2 and p3") &&
          strstr(e.msg, "disagree at 1970-01-01 00:04:00 (5 and 6)"),
          "pages that disagree: both named, the time, both values: %s", e.msg);
    import_set_free(&set);
}

/* A column of the given function over members of (t, v) points. */
static double combined(import_combine f, size_t at, size_t *n)
{
    static const int64_t t1[] = {0, 60, 120}, t2[] = {0, 120};
    static const double v1[] = {1, 2, 3}, v2[] = {10, 30};
    import_member m[2] = {{NULL, 1, 3, malloc(sizeof t1), malloc(sizeof v1)},
                          {NULL, 1, 2, malloc(sizeof t2), malloc(sizeof v2)}};
    memcpy(m[0].time, t1, sizeof t1), memcpy(m[0].value, v1, sizeof v1);
    memcpy(m[1].time, t2, sizeof t2), memcpy(m[1].value, v2, sizeof v2);
    import_column c = {"c", f, RESAMPLE_MEAN, m, 2, 0, NULL, NULL};
    sa_error e;
    double got = import_combine_members(&c, &e) == 0 && at < c.n ? c.value[at] : -1;
    *n = c.n;
    for (size_t k = 0; k < 2; k++)
        free(m[k].time), free(m[k].value);
    free(c.time);
    free(c.value);
    return got;
}

static void test_combine(void)
{
    size_t n;
    CHECK(combined(IMPORT_SUM, 0, &n) == 11 && n == 3, "sum at a time both have: 1 + 10");
    CHECK(combined(IMPORT_SUM, 1, &n) == 2, "sum where one lacks a point: over those there");
    CHECK(combined(IMPORT_MEAN, 2, &n) == 16.5, "mean: (3 + 30) / 2");
    CHECK(combined(IMPORT_MEAN, 1, &n) == 2, "mean where one lacks a point: of the one there");
    CHECK(combined(IMPORT_MAX, 0, &n) == 10 && combined(IMPORT_MIN, 2, &n) == 3, "max and min");
}

/* The series of a CSV text, read as import would. */
static int read_csv_text(import_set *set, const char *text, sa_error *e)
{
    import_reading r = {NULL, (const char *[]){"-"}, 1};
    import_csv_options o = {NULL, 0, &r};
    set->input = "t.csv";
    return import_read_csv(set, text, strlen(text), "t.csv", &o, e);
}

static void test_long_csv(void)
{
    import_set set = {0};
    sa_error e;
    int rc = read_csv_text(&set, "time,value,metric,host,note\n0,1,cpu,a,x\n0,2,cpu,b,\n"
                                 "60,3,cpu,a,x\n60,-,cpu,b,\n", &e);
    CHECK(rc == 0 && set.n == 2 && !strcmp(set.s[0].name, "cpu") &&
          !strcmp(import_series_label(&set.s[0], "host"), "a") && set.s[0].n == 2 &&
          set.s[0].value[1] == 3 && set.s[1].n == 1 && set.s[1].value[0] == 2,
          "long CSV: a series per host, named by metric; '-' (--missing) left out: %s",
          rc ? e.msg : "");
    CHECK(rc == 0 && set.s[0].n_labels == 3 && set.s[1].n_labels == 2 &&
          !import_series_label(&set.s[1], "note"),
          "labels: metric, host and note; an empty label field is no label");
    import_set_free(&set);
    rc = read_csv_text(&set, "time,cpu,end\n0,1,2014-04-10 00:00:00\n60,2,2014-04-10 00:01:00\n", &e);
    CHECK(rc == 0 && set.n == 1 && set.s[0].n == 2 && set.s[0].n_labels == 0,
          "a column of times is neither a series nor a label");
    import_set_free(&set);
    rc = read_csv_text(&set, "time,cpu\n0,1\n60,oops\n120,3\n", &e);
    CHECK(rc == 0 && set.n == 1 && set.s[0].unusable &&
          strstr(set.s[0].unusable, "t.csv:3: column cpu: 'oops' is not a number"),
          "text among numbers: the series is unusable, with file, line and column");
    import_set_free(&set);
}


static void test_reader_input(void)
{
    const char *cols[] = {"cpu_utilization"};
    const char *map[] = {"cpu_utilization=CPUUtilization"};
    series_input in;
    sa_error e;
    series s;
    CHECK(series_input_set(&in, map, 1, "Time", NULL, 0, &e) == 0, "input flags accepted");
    series_options o = {cols, 1, cols, 1, 0, 0, &in};
    CHECK(series_read(&s, file_with("TIME;cpuutilization\n0;1.5\n300;2.5\n"), &o, &e) == 0 &&
          s.n_rows == 2 && s.col[0][1] == 2.5 && !strcmp(s.col_name[0], "cpu_utilization"),
          "--time-column, --column mapping, any case, semicolons: %s", e.msg);
    series_free(&s);
    in.snap = 10;
    CHECK(series_read(&s, file_with("time,CPUUtilization\n240,1\n541,2\n838,3\n1140,4\n1440,5\n"),
                      &o, &e) == 0 && s.step == 300 && s.time[1] == 540 && s.time[2] == 840 &&
          s.time[0] == 240, "--snap 10 moves 541 and 838 onto the :04 grid: %s", e.msg);
    series_free(&s);
    CHECK(series_read(&s, file_with("time,CPUUtilization\n0,1\n300,2\n620,3\n900,4\n1200,5\n"),
                      &o, &e) == -1 && strstr(e.msg, ":4: column timestamp:") &&
          strstr(e.msg, "20 s off the 300 s grid") && strstr(e.msg, "scaleahead-import --step 300"),
          "a row beyond the tolerance names the import that fixes it: %s", e.msg);
    in.snap = 0;
    CHECK(series_read(&s, file_with("time,CPUUtilization\n0,1\n300,2\n300,3\n"), &o, &e) == -1 &&
          strstr(e.msg, "duplicate timestamp") && strstr(e.msg, "scaleahead-import --step 300"),
          "a duplicate names the import that fixes it: %s", e.msg);
    CHECK(series_input_set(&in, NULL, 0, NULL, "||", 0, &e) == -1, "--delimiter of two characters");
    CHECK(series_input_set(&in, (const char *[]){"=x"}, 1, NULL, NULL, 0, &e) == -1,
          "--column without NAME");
    temp_file_remove();
}

/* --features-tz: the hour and day features on Berlin's wall clock across
 * the autumn change; UTC without it. */
static void test_features_tz(void)
{
    /* 2014-10-26 00:30, 01:30, 02:30 UTC = 02:30 CEST, 02:30 CET, 03:30 CET;
     * 2014-10-26 23:30 UTC = Monday 00:30 CET. */
    const char *path = file_with("timestamp,cpu_utilization\n"
                                 "2014-10-26 00:30:00,1\n2014-10-26 01:30:00,2\n"
                                 "2014-10-26 02:30:00,3\n2014-10-26 03:30:00,4\n");
    const int want[] = {FEAT_CPU, FEAT_HOUR, FEAT_DAY_OF_WEEK};
    dataset_options o = {path, "cpu_utilization", want, 3, 1, NULL, 0, 0, 1, NULL, "Europe/Berlin", 0, NULL, NULL};
    dataset d;
    sa_error e;
    int rc = dataset_load(&d, &o, &e);
    CHECK(rc == 0 && d.fm.x[1 * 3 + 1] == 2 && d.fm.x[0 * 3 + 1] == 2 && d.fm.x[2 * 3 + 1] == 3 &&
          d.fm.x[3 * 3 + 1] == 4 && d.fm.x[2] == 6,
          "Berlin hours 2, 2, 3, 4 across the change, Sunday = 6: %s", rc ? e.msg : "");
    if (rc == 0)
        dataset_free(&d);
    o.features_tz = NULL;
    rc = dataset_load(&d, &o, &e);
    CHECK(rc == 0 && d.fm.x[1] == 0 && d.fm.x[3 + 1] == 1 && d.fm.x[9 + 1] == 3, "UTC hours without it");
    if (rc == 0)
        dataset_free(&d);
    o.features_tz = "Atlantis/Capital";
    CHECK(dataset_load(&d, &o, &e) == -1 && strstr(e.msg, "unknown time zone"),
          "an unknown --features-tz zone is an error: %s", e.msg);
}

int main(void)
{
    test_features_tz();
    test_forms();
    test_zones();
    test_resample();
    test_matchers();
    msg_quiet = 1; /* the notes of pages and combining */
    test_pages();
    test_combine();
    test_long_csv();
    test_reader_input();
    return test_summary();
}
