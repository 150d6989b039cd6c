/* test_csv_tail.c — csv_read_tail and the series tail of predict --last
 * (issue 25.14): the header and the last lines of a file of any length, or
 * of a stream, with their true line numbers when asked; a bad row before
 * the tail is never read, whatever the file's length; one in the tail is
 * reported at its own line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "temp_file.h"
#include "series/csv.h"
#include "series/series.h"

/* Rows csv_read_tail passes on: the first field of each, joined by '|',
 * and the line of the last. */
typedef struct tail_rows {
    char text[256];
    size_t n;
    long last_line;
} tail_rows;

static int collect(void *ctx, const csv_row *row, sa_error *e)
{
    (void)e;
    tail_rows *t = ctx;
    size_t used = strlen(t->text);
    snprintf(t->text + used, sizeof t->text - used, "%s%s", t->n++ ? "|" : "", row->field[0]);
    t->last_line = row->line;
    return 0;
}

/* Writes a header, `rows` numbered rows of 100 bytes each (the one at
 * row `bad` a text instead, when bad < rows) and tail. */
static const char *numbered_file(size_t rows, const char *line_end, const char *tail, size_t bad)
{
    size_t cap = rows * 120 + 256;
    char *text = malloc(cap);
    size_t used = (size_t)snprintf(text, cap, "timestamp,v%s", line_end);
    for (size_t i = 0; i < rows; i++) {
        if (i == bad)
            used += (size_t)snprintf(text + used, cap - used, "%zu,oops%s", i * 60, line_end);
        else
            used += (size_t)snprintf(text + used, cap - used, "%zu,%0100d%s", i * 60, 0, line_end);
    }
    snprintf(text + used, cap - used, "%s", tail);
    const char *path = file_with(text);
    free(text);
    return path;
}

static int read_tail(const char *path, size_t n, int exact, int *numbered, tail_rows *t)
{
    sa_error e;
    *t = (tail_rows){{0}, 0, 0};
    return csv_read_tail(path, 0, n, exact, numbered, collect, t, &e);
}

static void test_files(void)
{
    tail_rows t;
    int numbered;
    const char *path = numbered_file(2000, "\n", "", 2000);
    CHECK(read_tail(path, 3, 0, &numbered, &t) == 0 && !strcmp(t.text, "timestamp|119820|119880|119940"),
          "tail: the header and the last 3 lines of a long file: %s", t.text);
    CHECK(numbered && t.last_line == 2001, "tail: a file of 200 KB has its lines counted "
          "anyway: the last row is line 2001 (%ld)", t.last_line);
    path = numbered_file(45000, "\n", "", 45000);
    CHECK(read_tail(path, 3, 0, &numbered, &t) == 0 && !numbered && t.last_line == 4,
          "tail: past 4 MiB, without exact_lines, lines count from the header (%ld)", t.last_line);
    CHECK(read_tail(path, 3, 1, &numbered, &t) == 0 && numbered && t.last_line == 45001,
          "tail: exact_lines numbers the last row as line 45001 (%ld)", t.last_line);
    path = file_with("timestamp,v\n0,1\n60,2\n\n\r\n120,3\n\n");
    CHECK(read_tail(path, 2, 0, &numbered, &t) == 0 && !strcmp(t.text, "timestamp|60|120") &&
          t.last_line == 6, "tail: blank lines are not lines of the tail: %s (line %ld)", t.text,
          t.last_line);
    path = numbered_file(2000, "\r\n", "120000,1", 2000);
    CHECK(read_tail(path, 2, 1, &numbered, &t) == 0 && !strcmp(t.text, "timestamp|119880|119940"),
          "tail: CRLF, and a torn last line (no line end yet) is left out: %s", t.text);
    path = file_with("timestamp,v\n0,1\n60,2\n120,3\n");
    CHECK(read_tail(path, 2, 1, &numbered, &t) == 0 && !strcmp(t.text, "timestamp|60|120") &&
          t.last_line == 4, "tail: a small file keeps its last lines too: %s (line %ld)", t.text,
          t.last_line);
    CHECK(read_tail(path, 50, 0, &numbered, &t) == 0 && t.n == 4,
          "tail: asking for more lines than there are gives them all (%zu rows)", t.n);
    path = file_with("timestamp,v");
    CHECK(read_tail(path, 2, 0, &numbered, &t) == 0 && t.n == 1, "tail: a header alone, no line end");
    sa_error e;
    CHECK(csv_read_tail(file_with("{\"a\": 1}\n"), 0, 2, 0, NULL, collect, &t, &e) == -1 &&
          strstr(e.msg, "looks like JSON"), "tail: JSON is refused as any read refuses it: %s", e.msg);
}

static void test_stream(void)
{
    tail_rows t;
    int numbered;
    /* 5000 lines of 100 bytes: the kept bytes are compacted many times */
    const char *path = numbered_file(5000, "\n", "300000,5", 2);
    CHECK(freopen(path, "rb", stdin) != NULL, "stdin from a file");
    CHECK(read_tail("-", 3, 0, &numbered, &t) == 0 && !strcmp(t.text, "timestamp|299820|299880|299940"),
          "tail of stdin: the header and the last 3 lines, the torn one left out: %s", t.text);
    CHECK(numbered && t.last_line == 5001, "tail of stdin: its true line numbers (%ld)", t.last_line);
    CHECK(freopen(file_with("timestamp,v\n0,1\n60,2\n\n\r\n120,3\n\n"), "rb", stdin) != NULL,
          "stdin from a file");
    CHECK(read_tail("-", 2, 0, &numbered, &t) == 0 && !strcmp(t.text, "timestamp|60|120") &&
          t.last_line == 6, "tail of stdin: blank lines are not lines of the tail: %s (line %ld)",
          t.text, t.last_line);
}

/* series_read with max_rows: the same rule for a short file, a long one
 * and stdin — a bad row before the tail is not read; one in it is
 * reported at its own line. */
static void test_series_rule(void)
{
    static const char *const cols[] = {"v"};
    series_options o = {cols, 1, cols, 1, 0, 5, NULL};
    size_t lengths[] = {20, 3000};
    for (size_t k = 0; k < 2; k++) {
        size_t rows = lengths[k];
        series s;
        sa_error e;
        const char *path = numbered_file(rows, "\n", "", 3);
        int rc = series_read(&s, path, &o, &e);
        CHECK(rc == 0 && s.n_rows == 5, "max_rows: %zu rows, a bad row far back is not read (%s)",
              rows, rc ? e.msg : "ok");
        if (rc == 0)
            series_free(&s);
        CHECK(freopen(path, "rb", stdin) != NULL, "stdin from a file");
        rc = series_read(&s, "-", &o, &e);
        CHECK(rc == 0 && s.n_rows == 5, "max_rows: %zu rows on stdin, the same (%s)", rows,
              rc ? e.msg : "ok");
        if (rc == 0)
            series_free(&s);
        path = numbered_file(rows, "\n", "", rows - 2);
        char want[64];
        snprintf(want, sizeof want, ":%zu: column v: 'oops' is not a number", rows);
        rc = series_read(&s, path, &o, &e);
        CHECK(rc == -1 && strstr(e.msg, want), "max_rows: %zu rows, a bad row in the tail names "
              "its line: %s", rows, e.msg);
    }
}

int main(void)
{
    test_files();
    test_stream();
    test_series_rule();
    temp_file_remove();
    return test_summary();
}
