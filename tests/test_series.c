/* test_series.c — timestamps (every form, leap years, bad dates), reading
 * a metrics CSV (columns by name, step inference, gaps recorded and filled,
 * the max_rows tail, BOM and CRLF, line numbers), strict numbers, and the
 * error messages of bad input. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "series/csv.h"
#include "harness.h"
#include "temp_file.h"
#include "series/series.h"


static int parses(const char *text, int64_t want)
{
    int64_t t;
    return time_parse(text, strlen(text), &t) == 0 && t == want;
}

static int rejects(const char *text)
{
    int64_t t;
    return time_parse(text, strlen(text), &t) == -1;
}

static void test_time(void)
{
    static const struct { const char *text; int64_t want; const char *why; } good[] = {
        {"2025-01-06 00:00:00", 1736121600, "time: space form"},
        {"2025-01-06T00:05:00", 1736121900, "time: T separator"},
        {"2025-01-06T00:05:00Z", 1736121900, "time: trailing Z"},
        {"2025-01-06 00:05:00.250", 1736121900, "time: fraction ignored"},
        {"1736121600", 1736121600, "time: Unix seconds"},
        {"1970-01-01 00:00:00", 0, "time: epoch"},
        {"1969-12-31 23:59:59", -1, "time: before the epoch"},
        {"2024-02-29 12:00:00", 1709208000, "time: 2024 is a leap year"},
        {"2000-02-29 00:00:00", 951782400, "time: 2000 is a leap year"},
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        CHECK(parses(good[i].text, good[i].want), "%s", good[i].why);
    static const struct { const char *text, *why; } bad[] = {
        {"2023-02-29 00:00:00", "time: 2023-02-29 does not exist"},
        {"1900-02-29 00:00:00", "time: 1900 is not a leap year"},
        {"2025-04-31 00:00:00", "time: April has 30 days"},
        {"2025-13-01 00:00:00", "time: month 13"},
        {"2025-00-10 00:00:00", "time: month 0"},
        {"2025-01-00 00:00:00", "time: day 0"},
        {"2025-01-01 24:00:00", "time: hour 24"},
        {"2025-01-01 00:60:00", "time: minute 60"},
        {"2025-01-01 00:00:00 UTC", "time: trailing text"},
        {"2025-01-01", "time: date alone"},
        {"2025/01/01 00:00:00", "time: slashes"},
        {"", "time: empty"},
        {"12abc", "time: digits then text"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK(rejects(bad[i].text), "%s", bad[i].why);
    char buf[20];
    time_format(1709208000, buf);
    CHECK(!strcmp(buf, "2024-02-29 12:00:00"), "time_format: leap day");
    time_format(-1, buf);
    CHECK(!strcmp(buf, "1969-12-31 23:59:59"), "time_format: before the epoch");
    int same = 1;
    for (int64_t t = -86400 * 800; t < 86400LL * 365 * 60; t += 86400 * 7 + 3607) {
        int64_t back;
        time_format(t, buf);
        same &= time_parse(buf, 19, &back) == 0 && back == t;
    }
    CHECK(same, "time: format and parse are inverse over 60 years");
}

/* csv_parse_double = strtod to the last bit on 200,000 random decimals:
 * 1 to 22 digits with and without a point, signs, exponents -30..30,
 * leading zeros — inside and outside the fast path (mantissa <= 2^53,
 * |power of ten| <= 22). */
static void test_numbers_exact(void)
{
    uint64_t state = 12345;
    int bad = 0;
    char text[80];
    for (int k = 0; k < 200000; k++) {
        size_t n = 0;
        state = state * 6364136223846793005u + 1442695040888963407u;
        uint64_t r = state >> 11;
        if (r % 3 == 0)
            text[n++] = r % 2 ? '-' : '+';
        int digits = 1 + (int)(r / 3 % 22), point = (int)(r / 66 % (digits + 2));
        if (r / 1000 % 5 == 0)
            for (int z = 0; z < (int)(r / 5000 % 4); z++)
                text[n++] = '0';
        for (int i = 0; i < digits; i++) {
            if (i == point)
                text[n++] = '.';
            state = state * 6364136223846793005u + 1442695040888963407u;
            text[n++] = (char)('0' + (state >> 33) % 10);
        }
        if (r / 100000 % 3 == 0)
            n += (size_t)snprintf(text + n, sizeof text - n, "e%d", (int)(r / 300000 % 61) - 30);
        text[n] = 0;
        double v, ref = strtod(text, NULL);
        const char *why;
        if (csv_parse_double(text, n, &v, &why) != 0 || memcmp(&v, &ref, sizeof v)) {
            if (bad++ < 3)
                printf("# %s: %.17g, strtod %.17g\n", text, v, ref);
        }
    }
    CHECK(bad == 0, "number: 200000 random decimals parse as strtod does, bit for bit (%d differ)",
          bad);
}

static void test_numbers(void)
{
    double v;
    const char *why;
    CHECK(csv_parse_double("12.5", 4, &v, &why) == 0 && v == 12.5, "number: 12.5");
    CHECK(csv_parse_double("-3e2", 4, &v, &why) == 0 && v == -300, "number: -3e2");
    CHECK(csv_parse_double(".5", 2, &v, &why) == 0 && v == 0.5, "number: .5");
    CHECK(csv_parse_double("", 0, &v, &why) == -1 && !strcmp(why, "is empty"), "number: empty");
    CHECK(csv_parse_double("NaN", 3, &v, &why) == -1 && !strcmp(why, "is not finite"),
          "number: NaN");
    CHECK(csv_parse_double("-inf", 4, &v, &why) == -1 && !strcmp(why, "is not finite"),
          "number: -inf");
    CHECK(csv_parse_double("1e999", 5, &v, &why) == -1 && !strcmp(why, "is not finite"),
          "number: overflow");
    CHECK(csv_parse_double("abc", 3, &v, &why) == -1 && !strcmp(why, "is not a number"),
          "number: text");
    CHECK(csv_parse_double("12x", 3, &v, &why) == -1, "number: trailing text");
    CHECK(csv_parse_double("0x10", 4, &v, &why) == -1, "number: hex");
    CHECK(csv_parse_double(" 1", 2, &v, &why) == -1, "number: leading space");
    CHECK(csv_parse_double("1e", 2, &v, &why) == -1, "number: bare exponent");
    char out[40], *end = csv_put_fixed(out, 2.5, 4, 0);
    *end = 0;
    CHECK(!strcmp(out, "2.5000"), "csv_put_fixed: 4 decimals");
    *csv_put_fixed(out, -0.00004, 4, 0) = 0;
    CHECK(!strcmp(out, "0.0000"), "csv_put_fixed: rounds to zero without a sign");
    *csv_put_float(out, 1234.56789) = 0;
    CHECK(!strcmp(out, "1234.568"), "csv_put_float: 7 significant digits");
    *csv_put_float(out, 3.0) = 0;
    CHECK(!strcmp(out, "3"), "csv_put_float: trims zeros");
}

static void test_read(void)
{
    sa_error e;
    series s;
    const char *cols[] = {"cpu", "mem"};
    series_options opt = {cols, 2, cols, 1, 0, 0, NULL};
    const char *path = file_with("host,mem,timestamp,cpu\n"
                                 "a,1,2025-01-06 00:00:00,10\n"
                                 "b,2,2025-01-06 00:05:00,20\n"
                                 "\n"
                                 "c,3,2025-01-06 00:15:00,30\n"
                                 "d,4,2025-01-06 00:20:00,40\n");
    CHECK(series_read(&s, path, &opt, &e) == 0, "read: columns by name, extra ignored");
    CHECK(s.n_rows == 4 && s.n_cols == 2 && !strcmp(s.col_name[0], "cpu") &&
          !strcmp(s.col_name[1], "mem"), "read: columns kept in the asked order");
    CHECK(series_column(&s, "mem") == 1 && series_column(&s, "host") == -1,
          "series_column finds kept columns only");
    CHECK(s.step == 300 && s.n_gaps == 1 && s.gap_before[2] && !s.gap_before[1] &&
          !s.gap_before[3], "read: step 300 inferred, one gap before row 2");
    CHECK(s.line[0] == 2 && s.line[2] == 5, "read: line numbers count the blank line");
    CHECK(s.col[0][3] == 40 && s.col[1][3] == 4, "read: values");
    series_free(&s);

    opt.fill = SERIES_FILL_ALL;
    CHECK(series_read(&s, path, &opt, &e) == 0 && s.n_rows == 5, "fill: the gap row is added");
    CHECK(s.filled[2] && s.line[2] == 0 && s.time[2] == 1736121600 + 600 &&
          s.col[0][2] == 20 && !s.filled[3] && s.col[0][3] == 30 && s.n_gaps == 1 &&
          !s.gap_before[3], "fill: forward-filled with the previous values");
    series_free(&s);

    opt.fill = 0;
    opt.max_rows = 2;
    CHECK(series_read(&s, path, &opt, &e) == 0 && s.n_rows == 2 && s.col[0][0] == 30 &&
          s.col[0][1] == 40 && s.gap_before[0] && s.line[1] == 6,
          "max_rows: the last two rows, the gap before the first still seen");
    series_free(&s);
    opt.fill = SERIES_FILL_ALL;
    opt.max_rows = 3;
    CHECK(series_read(&s, path, &opt, &e) == 0 && s.n_rows == 3 && s.filled[0] &&
          s.col[0][0] == 20 && s.col[0][2] == 40, "max_rows with fill: the tail of the filled rows");
    series_free(&s);

    /* a step that most rows share wins over the first difference */
    path = file_with("timestamp,v\n0,1\n60,2\n120,3\n240,4\n300,5\n360,6\n");
    CHECK(series_read(&s, path, NULL, &e) == 0 && s.step == 60 && s.n_gaps == 1 &&
          s.gap_before[3], "step: most common difference (Unix seconds)");
    series_free(&s);

    path = file_with("\xEF\xBB\xBFtimestamp,v\r\n2025-01-06T00:00:00Z,1\r\n"
                     "2025-01-06T00:05:00Z,2\r\n2025-01-06T00:10:00Z,x\r\n");
    CHECK(series_read(&s, path, NULL, &e) == -1 && strstr(e.msg, ":4: column v: 'x' is not a number"),
          "BOM and CRLF: header found, lines counted once per CRLF (%s)", e.msg);
    path = file_with("\xEF\xBB\xBFtimestamp,v\r\n2025-01-06T00:00:00Z,1\r\n2025-01-06T00:05:00Z,2\r\n");
    CHECK(series_read(&s, path, NULL, &e) == 0 && s.n_rows == 2 && s.col[0][1] == 2,
          "BOM and CRLF accepted");
    series_free(&s);

    path = file_with("timestamp,note,v\n0,\"two\nlines\",1\n60,x,2\n120,y,\n");
    CHECK(series_read(&s, path, &(series_options){(const char *[]){"v"}, 1, NULL, 0, 0, 0, NULL}, &e) == -1 &&
          strstr(e.msg, ":5: column v: value is empty"),
          "a quoted newline moves the line numbers (%s)", e.msg);
}

/* Expects series_read of text to fail with a message containing want. */
static void expect_error(const char *name, const char *text, const char *want)
{
    sa_error e = {{0}};
    series s;
    int rc = series_read(&s, file_with(text), NULL, &e);
    CHECK(rc == -1 && strstr(e.msg, want) && !strchr(e.msg, '\n'), "error: %s (%s)", name,
          e.msg);
}

static void test_errors(void)
{
    expect_error("ragged row", "timestamp,v\n0,1\n60,2,3\n", ":3: row has 3 fields, header has 2");
    expect_error("duplicate", "timestamp,v\n0,1\n60,2\n60,3\n", ":4: column timestamp: duplicate");
    expect_error("backwards", "timestamp,v\n0,1\n60,2\n30,3\n", ":4: column timestamp: 1970-01-01 00:00:30 goes backwards");
    expect_error("off the step", "timestamp,v\n0,1\n60,2\n120,3\n200,4\n260,5\n",
                 ":5: column timestamp: 1970-01-01 00:03:20 is 80 s after the previous row, not a multiple of the step (60 s)");
    expect_error("bad date", "timestamp,v\n2025-02-30 00:00:00,1\n", ":2: column timestamp: '2025-02-30 00:00:00' is not a timestamp");
    expect_error("NaN", "timestamp,v\n0,nan\n", ":2: column v: 'nan' is not finite");
    expect_error("empty number", "timestamp,v\n0,\n", ":2: column v: value is empty");
    expect_error("header only", "timestamp,v\n", "has a header but no data rows");
    expect_error("empty file", "", "is empty");
    expect_error("no timestamp column", "time,v\n0,1\n", ":1: column timestamp: missing from the header");
    expect_error("unclosed quote", "timestamp,v\n0,\"1\n", "malformed CSV");
    sa_error e;
    series s;
    CHECK(series_read(&s, "/nonexistent/x.csv", NULL, &e) == -1 &&
          strstr(e.msg, "/nonexistent/x.csv: cannot open"), "error: missing file (%s)", e.msg);
    const char *want[] = {"v", "w"};
    series_options opt = {want, 2, want, 2, 0, 0, NULL};
    CHECK(series_read(&s, file_with("timestamp,v\n0,1\n"), &opt, &e) == -1 &&
          strstr(e.msg, ":1: column w: missing from the header"), "error: missing required column");
}

int main(void)
{
    test_time();
    test_numbers();
    test_numbers_exact();
    test_read();
    test_errors();
    temp_file_remove();
    return test_summary();
}
