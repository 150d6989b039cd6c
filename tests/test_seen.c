/* test_seen.c — recognising a model's training data by its rows
 * (series_hash.h, seen.h) and the demand basis of the data a model reads
 * (dataset.h): known hashes computed independently (Python's struct and
 * FNV-1a), the rows left out, a grown file, the overlap note, and
 * cpu x instances / 100 on hand-made files. */
#include <math.h>
#include <string.h>

#include "harness.h"
#include "temp_file.h"
#include "eval/seen.h"
#include "features/dataset.h"
#include "series/series_hash.h"

/* Known answers: FNV-1a 64 over the little-endian int64 time and double
 * value of each row, from Python (struct.pack('<q'), struct.pack('<d')). */
static void test_hash(void)
{
    sa_error e;
    series s;
    const char *path = file_with("timestamp,v\n0,10\n60,20.5\n120,7\n180,-0\n");
    series_options fill = {NULL, 0, NULL, 0, SERIES_FILL_ALL, 0, NULL};
    CHECK(series_read(&s, path, NULL, &e) == 0, "read four rows");
    char hex[17];
    size_t rows;
    series_hash_hex(series_rows_hash(&s, 0, 2, &rows), hex);
    CHECK(!strcmp(hex, "f1a8bb0b62668609") && rows == 2, "first two rows: known hash (%s)", hex);
    series_hash_hex(series_rows_hash(&s, 0, 0, NULL), hex);
    CHECK(strcmp(hex, "ec4a022ead2aedfd") != 0, "the row at 120 counts (%s)", hex);
    series_free(&s);
    path = file_with("timestamp,v\n0,10\n60,20.50\n180,0\n");
    CHECK(series_read(&s, path, &fill, &e) == 0 && s.n_rows == 4 && s.filled[2],
          "a gap filled: four rows, one of them added");
    series_hash_hex(series_rows_hash(&s, 0, 0, &rows), hex);
    CHECK(!strcmp(hex, "ec4a022ead2aedfd") && rows == 3,
          "filled rows left out, 20.50 = 20.5, 0 = -0: known hash (%s)", hex);
    series_free(&s);
    series empty = {0};
    series_hash_hex(series_rows_hash(&empty, 0, 0, &rows), hex);
    CHECK(!strcmp(hex, "cbf29ce484222325") && rows == 0, "no rows: FNV's offset basis");
}

/* A config trained on the first n rows of s (hash, rows, split times). */
static model_config trained_on(const series *s, size_t n, int64_t test_start)
{
    model_config c;
    memset(&c, 0, sizeof c);
    snprintf(c.target, sizeof c.target, "v");
    size_t rows;
    series_hash_hex(series_rows_hash(s, 0, n, &rows), c.data_rows_hash);
    c.data_rows = (int64_t)rows;
    c.split_time[0] = s->time[1];
    c.split_time[1] = s->time[2];
    c.split_time[2] = test_start;
    c.split_time[3] = s->time[n - 1] + 60;
    return c;
}

static void test_seen(void)
{
    sa_error e;
    series s;
    const char *path = file_with("timestamp,v\n0,1\n60,2\n120,3\n180,4\n240,5\n300,6\n");
    CHECK(series_read(&s, path, NULL, &e) == 0, "six rows");
    seen_data d;
    model_config c = trained_on(&s, 6, 240);
    CHECK(seen_check(&c, &s, "x.csv", &d, &e) == 0 && d.kind == SEEN_EXACT && !d.note[0],
          "the same rows: the training data, no note");
    c = trained_on(&s, 4, 180);
    CHECK(seen_check(&c, &s, "x.csv", &d, &e) == 0 && d.kind == SEEN_GROWN &&
          strstr(d.note, "x.csv has grown since training"), "two rows more: grown (%s)", d.note);
    s.col[0][1] = 2.5;
    CHECK(seen_check(&c, &s, "x.csv", &d, &e) == 0 && d.kind == SEEN_NOT && d.overlaps &&
          strstr(d.note, "1970-01-01 00:01:00 to 1970-01-01 00:03:00 UTC"),
          "a value changed: another file, overlapping the training period (%s)", d.note);
    c.split_time[0] = 400;
    c.split_time[2] = 500;
    CHECK(seen_check(&c, &s, "x.csv", &d, &e) == 0 && d.kind == SEEN_NOT && !d.overlaps &&
          !d.note[0], "another file after the training period: no note");
    CHECK(seen_first_row_from(&s, 180) == 3 && seen_first_row_from(&s, 181) == 4 &&
          seen_first_row_from(&s, 0) == 0 && seen_first_row_from(&s, 301) == 6,
          "seen_first_row_from");
    series_free(&s);
}

/* dataset_load on text with o's demand setting; returns its rc. */
static int load(dataset *d, const char *text, dataset_demand demand, const char *column,
                sa_error *e)
{
    static const int ids[] = {FEAT_CPU};
    dataset_options o = {file_with(text), "cpu_utilization", ids, 1, 1, NULL, 0, 0, 1, NULL,
                         NULL, demand, column, NULL};
    return dataset_load(d, &o, e);
}

static void test_demand(void)
{
    sa_error e;
    dataset d;
    const char *group = "timestamp,cpu_utilization,GroupInServiceInstances\n"
                        "0,50,4\n60,60,5\n120,30,2\n";
    CHECK(load(&d, group, DATASET_DEMAND_AUTO, NULL, &e) == 0 &&
          !strcmp(d.demand_column, "GroupInServiceInstances") && d.fm.x[0] == 2.0f &&
          d.fm.x[1] == 3.0f && d.fm.x[2] == 0.6f, "auto: 50%% x 4 = 2, 60%% x 5 = 3, 30%% x 2 = 0.6 busy instances");
    dataset_free(&d);
    CHECK(load(&d, group, DATASET_DEMAND_NO, NULL, &e) == 0 && !d.demand_column[0] &&
          d.fm.x[1] == 60.0f && !strcmp(d.instances_seen, "GroupInServiceInstances") &&
          d.instances_min == 2 && d.instances_max == 5,
          "no: the CPU as read, the instances column's range seen (2 to 5)");
    dataset_free(&d);
    CHECK(load(&d, group, DATASET_DEMAND_REQUIRED, "instances", &e) == 0 && d.fm.x[0] == 2.0f,
          "required: the other standard name serves");
    dataset_free(&d);
    CHECK(load(&d, "timestamp,cpu_utilization\n0,50\n60,60\n", DATASET_DEMAND_REQUIRED,
               "instances", &e) == -1 &&
          strstr(e.msg, "the model forecasts demand (cpu_utilization x instances / 100): "
                        "column instances is missing"), "required: a missing column (%s)", e.msg);
    CHECK(load(&d, "timestamp,cpu_utilization\n0,50\n60,60\n", DATASET_DEMAND_AUTO, NULL, &e) == 0 &&
          !d.demand_column[0] && d.fm.x[0] == 50.0f, "auto without an instances column: as read");
    dataset_free(&d);
    CHECK(load(&d, "timestamp,cpu_utilization,instances\n0,50,4\n60,60,-1\n",
               DATASET_DEMAND_AUTO, NULL, &e) == -1 &&
          strstr(e.msg, ":3: column instances: -1 instances"), "a negative count (%s)", e.msg);
    CHECK(dataset_is_utilisation("CPUUtilization") && dataset_is_utilisation("mem_util") &&
          dataset_is_utilisation("disk_percent") && !dataset_is_utilisation("request_count") &&
          !dataset_is_utilisation("value"), "what counts as a utilisation, by name");
}

int main(void)
{
    test_hash();
    test_seen();
    test_demand();
    temp_file_remove();
    return test_summary();
}
