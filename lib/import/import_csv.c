/* import_csv.c — see import_csv.h. The text is read twice: the first pass
 * finds each table (a header and the rows under it) and counts the
 * numbers and texts of each column, which then says what each column is
 * (import_csv_table.c); the second pass reads the points into series. */
#include "import/import_csv.h"
#include "import/import_csv_table.h"
#include "series/csv.h"
#include "series/timestamp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <ctype.h>

typedef struct csv_import {
    import_set *set;
    const import_csv_options *o;
    const char *file;
    int pass;                 /* 1: find the tables and count; 2: read points */
    csv_tables tables;        /* built by pass 1, walked again by pass 2 */
    size_t current;           /* rows belong to tables.t[current - 1]; 0: none yet */
    csv_annotations pending;  /* annotations for the next header (pass 1) */
    int expect_header;        /* an annotation followed data: a header comes */
    size_t first;             /* set->s[first..] are this file's series */
    size_t *last;             /* (F) pass 2: 1 + the series a field last went to */
    int64_t prev;             /* the previous row's time */
    size_t n_rows;
} csv_import;

static const char *const time_names[] = {"timestamp", "time", "_time", "date", "datetime", "ts"};

/* The header index of the time column, or -1. */
static long find_time_field(const csv_row *row, const char *wanted)
{
    for (size_t k = 0; k < (wanted ? 1 : sizeof time_names / sizeof *time_names); k++)
        for (size_t f = 0; f < row->n_fields; f++)
            if (!strcasecmp(row->field[f], wanted ? wanted : time_names[k]))
                return (long)f;
    return -1;
}

/* The error for a header without a time column; a header of one field
 * with punctuation in it names the --delimiter that would split it. */
static int no_time_column(const csv_import *c, const csv_row *row, sa_error *e)
{
    if (c->o->time_column)
        return sa_fail(e, "%s:%ld: column %s: missing from the header", c->file, row->line,
                       c->o->time_column);
    size_t count[256] = {0}, best = 0;
    for (const unsigned char *p = (const unsigned char *)row->field[0]; row->n_fields == 1 && *p; p++)
        if (*p > ' ' && *p < 127 && !strchr("_-.\"'()[]{}%#/", *p) && !isalnum(*p) &&
            ++count[*p] > count[best])
            best = *p;
    if (best)
        return sa_fail(e, "%s:%ld: no time column: the header is one field; if '%c' separates "
                       "the fields, give --delimiter '%c'", c->file, row->line, (int)best,
                       (int)best);
    return sa_fail(e, "%s:%ld: no time column (timestamp, time, _time, date, datetime or "
                   "ts); name it with --time-column NAME", c->file, row->line);
}

static int by_text(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Fails on a non-empty header that row holds twice. Sorted, so a header
 * of F fields costs F log F. */
static int check_repeats(const csv_import *c, const csv_row *row, sa_error *e)
{
    const char **names = malloc((row->n_fields ? row->n_fields : 1) * sizeof *names);
    if (!names)
        return sa_fail(e, "%s: out of memory", c->file);
    for (size_t f = 0; f < row->n_fields; f++)
        names[f] = row->field[f];
    qsort(names, row->n_fields, sizeof *names, by_text);
    const char *twice = NULL;
    for (size_t f = 1; !twice && f < row->n_fields; f++)
        if (names[f][0] && !strcmp(names[f], names[f - 1]))
            twice = names[f];
    int rc = twice ? sa_fail(e, "%s:%ld: column %.100s appears twice in the header", c->file,
                             row->line, twice) : 0;
    free(names);
    return rc;
}

/* A header row: pass 1 makes a table of it, pass 2 moves to that table. */
static int take_header(csv_import *c, const csv_row *row, sa_error *e)
{
    c->expect_header = 0;
    if (c->pass == 2) {
        c->current++;
        const csv_table *t = &c->tables.t[c->current - 1];
        memset(c->last, 0, t->n * sizeof *c->last);
        return 0;
    }
    long tf = find_time_field(row, c->o->time_column);
    if (tf < 0)
        return no_time_column(c, row, e);
    if (check_repeats(c, row, e))
        return -1;
    if (csv_tables_add(&c->tables, row, (size_t)tf, &c->pending))
        return sa_fail(e, "%s: out of memory", c->file);
    c->current = c->tables.n;
    return 0;
}

/* A row that repeats the current table's time header starts a new table. */
static int is_header(const csv_import *c, const csv_row *row)
{
    if (!c->current || c->expect_header)
        return 1;
    const csv_table *t = &c->tables.t[c->current - 1];
    return t->time_field < row->n_fields &&
           !strcasecmp(row->field[t->time_field], t->name[t->time_field]);
}

static int row_time(csv_import *c, const csv_table *t, const csv_row *row, int64_t *tm,
                    sa_error *e)
{
    const char *text = row->field[t->time_field], *why;
    size_t len = row->len[t->time_field];
    int64_t utc[2];
    if (time_parse_any(text, len, c->o->r->zone, utc, &why))
        return sa_fail(e, "%s:%ld: column %s: '%.*s%s' %s", c->file, row->line,
                       t->name[t->time_field], len > 40 ? 40 : (int)len, text,
                       len > 40 ? "..." : "", why);
    /* The repeated hour when clocks go back: the second time round, the
     * first reading would go backwards. */
    *tm = c->n_rows && utc[0] <= c->prev && utc[1] > c->prev ? utc[1] : utc[0];
    c->prev = *tm;
    return 0;
}

/* Marks s unusable with the error for field f of row. */
static int mark_unusable(import_series *s, const csv_table *t, const csv_row *row, size_t f,
                         const char *file)
{
    if (s->unusable)
        return 0;
    const char *why;
    double v;
    csv_parse_double(row->field[f], row->len[f], &v, &why);
    int cut = row->len[f] > 40;
    char text[512];
    snprintf(text, sizeof text, "%s:%ld: column %.100s: '%.*s%s' %s; if it marks a missing "
             "point, give --missing '%.*s%s'", file, row->line, t->name[f],
             cut ? 40 : (int)row->len[f], row->field[f], cut ? "..." : "", why,
             cut ? 40 : (int)row->len[f], row->field[f], cut ? "..." : "");
    s->unusable = strdup(text);
    return s->unusable ? 0 : -1;
}

/* Pass 2: the points of a data row into their series. */
static int read_row(csv_import *c, const csv_table *t, const csv_row *row, sa_error *e)
{
    int64_t tm = 0;
    if (row_time(c, t, row, &tm, e))
        return -1;
    c->n_rows++;
    for (size_t f = 0; f < row->n_fields; f++) {
        if (t->kind[f] != CSV_FIELD_VALUE)
            continue;
        const char *text = csv_table_field(t, row, f);
        size_t len = strlen(text);
        if (import_is_missing(c->o->r, text, len))
            continue;
        import_series *s = csv_table_series(c->set, c->first, t, row, f, c->last, c->file, e);
        double v;
        const char *why;
        if (!s)
            return -1;
        if (csv_parse_double(text, len, &v, &why) != 0) {
            if (mark_unusable(s, t, row, f, c->file))
                return sa_fail(e, "%s: out of memory", c->file);
        } else if (!s->unusable && import_series_push(s, tm, v)) {
            return sa_fail(e, "%s: out of memory", c->file);
        }
    }
    return 0;
}

/* Excel's "sep=;" first line (Grafana's download for Excel writes one). */
static int is_excel_sep(const csv_import *c, const csv_row *row)
{
    return !c->current && !strncmp(row->field[0], "sep=", 4) &&
           (row->n_fields == 1 ? row->len[0] == 5 : row->n_fields == 2 && row->len[0] == 4 &&
            row->len[1] == 0);
}

static int take_row(void *ctx, const csv_row *row, sa_error *e)
{
    csv_import *c = ctx;
    if (is_excel_sep(c, row))
        return 0;
    if (row->field[0][0] == '#') {
        /* InfluxDB annotations: after data rows, a new table follows. */
        c->expect_header |= c->current != 0;
        return c->pass == 1 && csv_annotations_take(&c->pending, row)
                   ? sa_fail(e, "%s: out of memory", c->file) : 0;
    }
    if (is_header(c, row))
        return take_header(c, row, e);
    const csv_table *t = &c->tables.t[c->current - 1];
    if (row->n_fields != t->n)
        return sa_fail(e, "%s:%ld: row has %zu fields, header has %zu", c->file, row->line,
                       row->n_fields, t->n);
    if (c->pass == 2)
        return read_row(c, t, row, e);
    csv_table_count(&c->tables.t[c->current - 1], row, c->o->r);
    return 0;
}

/* One pass over the text. */
static int run_pass(csv_import *c, const char *data, size_t n, int pass, sa_error *e)
{
    c->pass = pass;
    c->current = 0;
    c->expect_header = 0;
    c->n_rows = 0;
    return csv_read_memory(data, n, c->file, c->o->delimiter, take_row, c, e);
}

int import_read_csv(import_set *set, const char *data, size_t n, const char *file,
                    const import_csv_options *o, sa_error *e)
{
    csv_import c = {.set = set, .o = o, .file = file, .first = set->n};
    int rc = run_pass(&c, data, n, 1, e);
    if (rc == 0 && c.tables.n == 0)
        rc = sa_fail(e, "%s: is empty (expected a header line)", file);
    size_t widest = 0;
    for (size_t i = 0; rc == 0 && i < c.tables.n; i++) {
        csv_table_decide(&c.tables.t[i]);
        widest = c.tables.t[i].n > widest ? c.tables.t[i].n : widest;
    }
    if (rc == 0 && !(c.last = calloc(widest ? widest : 1, sizeof *c.last)))
        rc = sa_fail(e, "%s: out of memory", file);
    if (rc == 0)
        rc = run_pass(&c, data, n, 2, e);
    if (rc == 0 && c.n_rows == 0)
        rc = sa_fail(e, "%s: has a header but no data rows", file);
    free(c.last);
    csv_annotations_free(&c.pending);
    csv_tables_free(&c.tables);
    return rc;
}
