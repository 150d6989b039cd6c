/* test_features.c — the 17 features against an independent pandas
 * computation (tests/fixtures/features_ref.py, output committed as
 * tests/data/features_ref.csv), the O(1) rolling statistics against the
 * naive reference, hand-computed windows, dropped features, gaps, and the
 * speed of the feature computation. Runs from the repository top. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "series/calendar.h"
#include "series/csv.h"
#include "series/datagen.h"
#include "features/features.h"
#include "harness.h"
#include "base/rng.h"
#include "series/series.h"

/* The reference CSV, (rows, REF_COUNT) in enum order: the 17 features
 * pandas computes (cpu_seasonal is checked by hand in test_seasonal). */
#define REF_COUNT (FEAT_SALE_AT_TARGET + 1)
typedef struct reference {
    int col_of[REF_COUNT];   /* CSV field of each feature */
    size_t n_rows, cap;
    double *v;
    int bad;
} reference;

static int take_reference(void *ctx, const csv_row *row, sa_error *e)
{
    reference *r = ctx;
    if (row->line == 1) {
        for (int id = 0; id < REF_COUNT; id++) {
            r->col_of[id] = -1;
            for (size_t f = 0; f < row->n_fields; f++)
                if (!strcmp(row->field[f], feat_names[id]))
                    r->col_of[id] = (int)f;
            if (r->col_of[id] < 0)
                return sa_fail(e, "reference lacks %s", feat_names[id]);
        }
        return 0;
    }
    if (r->n_rows == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 512;
        r->v = realloc(r->v, r->cap * REF_COUNT * sizeof *r->v);
    }
    for (int id = 0; id < REF_COUNT; id++)
        if (csv_field_double(row, (size_t)r->col_of[id], "ref", feat_names[id],
                             &r->v[r->n_rows * REF_COUNT + id], e))
            return -1;
    r->n_rows++;
    return 0;
}

static void test_fixture(void)
{
    sa_error e;
    series s;
    calendar cal;
    reference ref = {0};
    CHECK(series_read(&s, "tests/data/metrics_small.csv", NULL, &e) == 0, "fixture: metrics read");
    CHECK(calendar_read(&cal, "tests/data/calendar_small.csv", &e) == 0, "fixture: calendar read");
    CHECK(csv_read("tests/data/features_ref.csv", take_reference, &ref, &e) == 0,
          "fixture: reference read");
    int all[REF_COUNT];
    for (int i = 0; i < REF_COUNT; i++)
        all[i] = i;
    feat_matrix m;
    char *dropped = NULL;
    int rc = feat_build(&m, &s, "cpu_utilization", all, REF_COUNT, NULL, &cal, 1, &dropped, &e);
    CHECK(rc == 0 && m.n_feat == REF_COUNT && !dropped, "fixture: all 17 features built");
    CHECK(m.n_rows == ref.n_rows && ref.n_rows == 288, "fixture: %zu rows like the reference",
          ref.n_rows);
    for (int id = 0; rc == 0 && id < REF_COUNT && m.n_rows == ref.n_rows; id++) {
        double worst = 0;
        size_t at = 0;
        for (size_t t = 0; t < m.n_rows; t++) {
            double want = ref.v[t * REF_COUNT + id], got = m.x[t * m.n_feat + id];
            double err = fabs(got - want) / (fabs(want) > 1 ? fabs(want) : 1);
            if (err > worst) {
                worst = err;
                at = t;
            }
        }
        CHECK(worst <= 1e-4, "fixture: %s matches pandas (max rel err %.2g at row %zu)",
              feat_names[id], worst, at);
    }
    feat_free(&m);
    free(ref.v);
    series_free(&s);
    calendar_free(&cal);
}

/* cpu_seasonal on the fixture (15-minute rows, 3 days) at horizon 1: row t
 * reads row t + 1 - 96 (its target time less one day), and the first 95
 * rows, which have no such row, their own value. */
static void test_seasonal(void)
{
    sa_error e;
    series s;
    feat_matrix m;
    int ids[2] = {FEAT_CPU, FEAT_CPU_SEASONAL};
    CHECK(series_read(&s, "tests/data/metrics_small.csv", NULL, &e) == 0, "seasonal: read");
    CHECK(feat_build(&m, &s, "cpu_utilization", ids, 2, NULL, NULL, 1, NULL, &e) == 0 && m.n_rows == 288,
          "seasonal: built");
    int fallback = 1, lagged = 1;
    for (size_t t = 0; t < m.n_rows; t++) {
        if (t + 1 < 96)
            fallback &= m.x[t * 2 + 1] == m.x[t * 2];
        else
            lagged &= m.x[t * 2 + 1] == m.x[(t + 1 - 96) * 2];
    }
    CHECK(fallback, "seasonal: rows without a row one day before read their own value");
    CHECK(lagged, "seasonal: row t reads row t + 1 - 96 (one day before t + 15 min)");
    feat_free(&m);
    series_free(&s);
}

static void test_rolling(void)
{
    double x[8] = {1, 2, 3, 4, 5, 6, 7, 8}, mean[8], std[8], lo[8], hi[8];
    feat_rolling(mean, std, lo, hi, x, NULL, 8, 6);
    CHECK_NEAR(mean[0], 1.0, 1e-12, "rolling: one value, mean");
    CHECK(std[0] == 0.0, "rolling: one value, std 0");
    CHECK_NEAR(std[1], sqrt(0.5), 1e-12, "rolling: two values, sample std");
    CHECK_NEAR(mean[6], 4.5, 1e-12, "rolling: mean of 2..7");
    CHECK_NEAR(std[6], sqrt(3.5), 1e-12, "rolling: std of 2..7 (ddof 1)");
    CHECK(lo[6] == 2 && hi[6] == 7 && lo[7] == 3 && hi[7] == 8, "rolling: min and max slide");

    /* Random data with restarts and a constant stretch after large values. */
    enum { N = 20000 };
    static double y[N], a[4][N], b[4][N];
    static unsigned char restart[N];
    rng r;
    rng_seed(&r, 3);
    for (int i = 0; i < N; i++) {
        y[i] = i > 15000 && i < 15100 ? 1e6 : 50 + 20 * rng_normal(&r);
        if (i >= 15100 && i < 15200)
            y[i] = 42.0;
        restart[i] = rng_uniform(&r) < 0.01;
    }
    feat_rolling(a[0], a[1], a[2], a[3], y, restart, N, 6);
    feat_rolling_naive(b[0], b[1], b[2], b[3], y, restart, N, 6);
    double worst[4] = {0};
    for (int k = 0; k < 4; k++)
        for (int i = 0; i < N; i++)
            if (fabs(a[k][i] - b[k][i]) > worst[k])
                worst[k] = fabs(a[k][i] - b[k][i]);
    CHECK(worst[0] < 1e-8 && worst[1] < 1e-6 && worst[2] == 0 && worst[3] == 0,
          "rolling: O(1) equals naive (mean %.2g std %.2g min %.2g max %.2g)", worst[0],
          worst[1], worst[2], worst[3]);
    CHECK(a[1][15199] < 1e-6, "rolling: constant window after 1e6 values has std ~0 (%.3g)",
          a[1][15199]);
}

static void test_dropped_and_calendar(void)
{
    sa_error e;
    series s;
    const char *path = "tests/data/value_only.csv";
    CHECK(series_read(&s, path, NULL, &e) == 0, "value-only file read");
    feat_matrix m;
    char *dropped = NULL;
    CHECK(feat_build(&m, &s, "value", NULL, 0, NULL, NULL, 1, &dropped, &e) == 0 && m.n_feat == 11,
          "value-only: 11 of 16 features kept");
    CHECK(dropped && !strcmp(dropped, "network_in,request_count,is_sale_active,"
                             "network_rolling_mean,request_rolling_mean"),
          "value-only: dropped list names the five");
    CHECK(feat_column(&m, FEAT_CPU) == 0 && m.x[0] == 10.0f, "value-only: target is feature 0");
    /* 2025-01-11 is a Saturday: rows at 08:55 .. 09:10 */
    int hour = feat_column(&m, FEAT_HOUR), dow = feat_column(&m, FEAT_DAY_OF_WEEK);
    int wk = feat_column(&m, FEAT_IS_WEEKEND), cat = feat_column(&m, FEAT_TIME_CATEGORY);
    int diff = feat_column(&m, FEAT_CPU_DIFF), mean = feat_column(&m, FEAT_CPU_ROLLING_MEAN);
    CHECK(m.x[hour] == 8 && m.x[dow] == 5 && m.x[wk] == 1 && m.x[cat] == 1,
          "value-only: hour 8, Saturday, weekend, category 1");
    /* Row 3 follows a gap: the window restarts and the diff is 0. */
    CHECK(s.gap_before[3] && m.x[3 * m.n_feat + diff] == 0 &&
          m.x[3 * m.n_feat + mean] == 40.0f, "value-only: windows restart after a gap");
    CHECK_NEAR(m.x[2 * m.n_feat + mean], 20.0, 1e-6, "value-only: mean of 10,20,30");
    free(dropped);
    feat_free(&m);

    calendar cal = {0};
    CHECK(calendar_add(&cal, s.time[1], s.time[2], "sale", &e) == 0, "calendar_add");
    int want[2] = {FEAT_IS_SALE_ACTIVE, FEAT_SALE_AT_TARGET};
    CHECK(feat_build(&m, &s, "value", want, 2, NULL, &cal, 1, NULL, &e) == 0 && m.n_feat == 2,
          "sale flag derived from the calendar");
    CHECK(m.x[0] == 0 && m.x[1] == 1 && m.x[2] == 1 && m.x[3] == 0 && m.x[4] == 0,
          "derived flag and flag at target (horizon 1)");
    feat_free(&m);
    CHECK(feat_build(&m, &s, "value", want + 1, 1, NULL, NULL, 1, NULL, &e) == -1 &&
          strstr(e.msg, "calendar"), "sale_at_target without a calendar is an error");
    CHECK(feat_build(&m, &s, "cpu_utilization", NULL, 0, NULL, NULL, 1, NULL, &e) == -1 &&
          strstr(e.msg, "column cpu_utilization"), "missing target is an error naming it");
    calendar_free(&cal);
    series_free(&s);
}

static void test_speed(void)
{
    datagen_options opt = datagen_defaults();
    opt.days = 1000; /* 288 000 rows */
    calendar cal;
    series s;
    sa_error e;
    CHECK(datagen_calendar(&cal, &opt, &e) == 0 && datagen_series(&s, &opt, &cal, &e) == 0,
          "speed: series generated");
    feat_matrix m;
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    int rc = feat_build(&m, &s, "cpu_utilization", NULL, 0, NULL, NULL, 1, NULL, &e);
    clock_gettime(CLOCK_MONOTONIC, &b);
    double secs = (double)(b.tv_sec - a.tv_sec) + 1e-9 * (double)(b.tv_nsec - a.tv_nsec);
    CHECK(rc == 0 && m.n_rows == s.n_rows, "speed: 16 features of %zu rows at %.1f M rows/s",
          s.n_rows, (double)s.n_rows / secs / 1e6);
    feat_free(&m);
    series_free(&s);
    calendar_free(&cal);
}

/* feat_build's time columns on irregular times = hour and weekday by
 * division, row by row. */
static void test_feature_times(void)
{
    enum { RR = 700 };
    double cpu[RR];
    double *cols[1] = {cpu};
    static const char *names[] = {"cpu_utilization"};
    series s = {0};
    s.n_rows = RR;
    s.n_cols = 1;
    s.col_name = (char **)names;
    s.col = cols;
    int64_t times[RR];
    s.time = times;
    s.step = 300;
    s.source = "test";
    int64_t t = -3 * 86400 - 7200;   /* before 1970, stepping across it */
    for (int i = 0; i < RR; i++) {
        cpu[i] = i;
        times[i] = t;
        t += i % 97 == 0 ? 86400 * 3 + 1234 : i % 41 == 0 ? 7777 : 300;
    }
    static const int wanted[] = {FEAT_HOUR, FEAT_DAY_OF_WEEK, FEAT_IS_WEEKEND,
                                 FEAT_IS_BUSINESS_HOURS, FEAT_TIME_CATEGORY};
    feat_matrix m;
    sa_error e;
    if (feat_build(&m, &s, "cpu_utilization", wanted, 5, NULL, NULL, 1, NULL, &e)) {
        CHECK(0, "feat_build: %s", e.msg);
        return;
    }
    int bad = 0;
    for (int i = 0; i < RR; i++) {
        int64_t days = times[i] >= 0 ? times[i] / 86400 : -((-times[i] + 86399) / 86400);
        int hour = (int)((times[i] - days * 86400) / 3600);
        int dow = (int)(((days + 3) % 7 + 7) % 7);
        int cat = hour <= 6 ? 0 : hour <= 12 ? 1 : hour <= 18 ? 2 : 3;
        const float *row = m.x + (size_t)i * 5;
        bad += row[0] != hour || row[1] != dow || row[2] != (dow >= 5) ||
               row[3] != (hour >= 9 && hour < 17 && dow < 5) || row[4] != cat;
    }
    CHECK(bad == 0, "feat_build: hour, day of week, weekend, business hours, time category "
                    "of %d irregular times (%d rows wrong)", RR, bad);
    feat_free(&m);
}

int main(void)
{
    test_fixture();
    test_seasonal();
    test_rolling();
    test_dropped_and_calendar();
    test_feature_times();
    test_speed();
    return test_summary();
}
