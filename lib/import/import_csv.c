/* import_csv.c — see import_csv.h. */
#include "import/import_csv.h"
#include "series/csv.h"
#include "series/timestamp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct csv_import {
    import_set *set;
    const import_csv_options *o;
    const char *file;
    size_t first;             /* set->s[first..] are this file's series */
    size_t n_header;
    size_t time_field;
    char time_name[64];       /* its header, for messages */
    size_t *series_of;        /* (n_header) index into set->s, or (size_t)-1 */
    int have_header;
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

static int take_header(csv_import *c, const csv_row *row, sa_error *e)
{
    long tf = find_time_field(row, c->o->time_column);
    if (tf < 0) {
        if (c->o->time_column)
            return sa_fail(e, "%s:%ld: column %s: missing from the header", c->file, row->line,
                           c->o->time_column);
        return sa_fail(e, "%s:%ld: no time column (timestamp, time, _time, date, datetime or "
                       "ts); name it with --time-column NAME", c->file, row->line);
    }
    c->time_field = (size_t)tf;
    snprintf(c->time_name, sizeof c->time_name, "%s", row->field[tf]);
    c->n_header = row->n_fields;
    c->series_of = malloc(row->n_fields * sizeof *c->series_of);
    if (!c->series_of)
        return sa_fail(e, "%s: out of memory", c->file);
    c->first = c->set->n;
    for (size_t f = 0; f < row->n_fields; f++) {
        c->series_of[f] = (size_t)-1;
        if (f == c->time_field || row->len[f] == 0 || memchr(row->field[f], 0, row->len[f]))
            continue;
        char where[320];
        snprintf(where, sizeof where, "%s: column %.200s", c->file, row->field[f]);
        if (!import_set_add(c->set, row->field[f], NULL, c->file, where))
            return sa_fail(e, "%s: out of memory", c->file);
        c->series_of[f] = c->set->n - 1;
    }
    c->have_header = 1;
    return 0;
}

static int is_missing(const char *text, size_t len)
{
    return len == 0 || !strcasecmp(text, "null") || !strcasecmp(text, "nan");
}

/* Marks series s unusable with the reason of field f on row. */
static int mark_unusable(import_series *s, const csv_row *row, size_t f, const char *file)
{
    if (s->unusable)
        return 0;
    const char *why;
    double v;
    csv_parse_double(row->field[f], row->len[f], &v, &why);
    char text[256];
    snprintf(text, sizeof text, "%s:%ld: column %s: '%.*s%s' %s", file, row->line, s->name,
             row->len[f] > 40 ? 40 : (int)row->len[f], row->field[f],
             row->len[f] > 40 ? "..." : "", why);
    s->unusable = strdup(text);
    return s->unusable ? 0 : -1;
}

static int row_time(csv_import *c, const csv_row *row, int64_t *t, sa_error *e)
{
    const char *text = row->field[c->time_field], *why;
    size_t len = row->len[c->time_field];
    int64_t utc[2];
    if (time_parse_any(text, len, c->o->zone, utc, &why))
        return sa_fail(e, "%s:%ld: column %s: '%.*s%s' %s", c->file, row->line,
                       c->time_name, len > 40 ? 40 : (int)len, text, len > 40 ? "..." : "", why);
    /* The repeated hour when clocks go back: the second time round, the
     * first reading would go backwards. */
    *t = c->n_rows && utc[0] <= c->prev && utc[1] > c->prev ? utc[1] : utc[0];
    c->prev = *t;
    c->n_rows++;
    return 0;
}

static int take_row(void *ctx, const csv_row *row, sa_error *e)
{
    csv_import *c = ctx;
    if (row->field[0][0] == '#')
        return 0; /* InfluxDB annotations */
    if (!c->have_header)
        return take_header(c, row, e);
    if (row->n_fields != c->n_header)
        return sa_fail(e, "%s:%ld: row has %zu fields, header has %zu", c->file, row->line,
                       row->n_fields, c->n_header);
    int64_t t = 0;
    if (row_time(c, row, &t, e))
        return -1;
    for (size_t f = 0; f < row->n_fields; f++) {
        if (c->series_of[f] == (size_t)-1)
            continue;
        import_series *s = &c->set->s[c->series_of[f]];
        double v;
        const char *why;
        if (is_missing(row->field[f], row->len[f]) || s->unusable)
            continue;
        if (csv_parse_double(row->field[f], row->len[f], &v, &why) != 0) {
            if (mark_unusable(s, row, f, c->file))
                return sa_fail(e, "%s: out of memory", c->file);
            continue;
        }
        if (import_series_push(s, t, v))
            return sa_fail(e, "%s: out of memory", c->file);
    }
    return 0;
}

int import_read_csv(import_set *set, const char *data, size_t n, const char *file,
                    const import_csv_options *o, sa_error *e)
{
    csv_import c = {.set = set, .o = o, .file = file};
    int rc = csv_read_memory(data, n, file, o->delimiter, take_row, &c, e);
    if (rc == 0 && !c.have_header)
        rc = sa_fail(e, "%s: is empty (expected a header line)", file);
    if (rc == 0 && c.n_rows == 0)
        rc = sa_fail(e, "%s: has a header but no data rows", file);
    free(c.series_of);
    return rc;
}
