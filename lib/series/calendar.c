/* calendar.c — see calendar.h. Lookups are a binary search for the last
 * event starting at or before t; reach[] (the running maximum of the ends)
 * tells how far back an overlapping, longer event could still cover t. */
#include "series/calendar.h"
#include "base/array.h"
#include "series/csv.h"
#include "series/series.h"

#include <stdlib.h>
#include <string.h>

int calendar_add(calendar *c, int64_t start, int64_t end, const char *name, sa_error *e)
{
    if (end <= start)
        return sa_fail(e, "event '%s': end is not after start", name);
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 16;
        if (array_resize(&c->events, cap, sizeof *c->events) ||
            array_resize(&c->reach, cap, sizeof *c->reach))
            return sa_fail(e, "out of memory");
        c->cap = cap;
    }
    size_t i = c->n++;
    while (i > 0 && c->events[i - 1].start > start) { /* insertion, stable */
        c->events[i] = c->events[i - 1];
        i--;
    }
    calendar_event *ev = &c->events[i];
    ev->start = start;
    ev->end = end;
    snprintf(ev->name, sizeof ev->name, "%s", name);
    for (size_t j = i; j < c->n; j++)
        c->reach[j] = j && c->reach[j - 1] > c->events[j].end ? c->reach[j - 1] : c->events[j].end;
    return 0;
}

typedef struct cal_loader {
    calendar *c;
    const char *source;
    int have_header;
    size_t n_header;
    long field[3];       /* header index of start, end, name (-1 = absent) */
} cal_loader;

static const char *const cal_columns[3] = {"start", "end", "name"};

static int cal_row(void *ctx, const csv_row *row, sa_error *e)
{
    cal_loader *l = ctx;
    if (!l->have_header) {
        for (int k = 0; k < 3; k++) {
            l->field[k] = -1;
            for (size_t f = 0; f < row->n_fields; f++)
                if (!strcmp(row->field[f], cal_columns[k]))
                    l->field[k] = (long)f;
            if (l->field[k] < 0 && k < 2)
                return sa_fail(e, "%s:%ld: column %s: missing from the header", l->source,
                               row->line, cal_columns[k]);
        }
        l->n_header = row->n_fields;
        l->have_header = 1;
        return 0;
    }
    if (row->n_fields != l->n_header)
        return sa_fail(e, "%s:%ld: row has %zu fields, header has %zu", l->source, row->line,
                       row->n_fields, l->n_header);
    int64_t t[2];
    for (int k = 0; k < 2; k++) {
        size_t f = (size_t)l->field[k];
        if (time_parse(row->field[f], row->len[f], &t[k]) != 0)
            return sa_fail(e, "%s:%ld: column %s: '%.*s%s' is not a timestamp", l->source,
                           row->line, cal_columns[k], row->len[f] > 40 ? 40 : (int)row->len[f],
                           row->field[f], row->len[f] > 40 ? "..." : "");
    }
    if (t[1] <= t[0])
        return sa_fail(e, "%s:%ld: column end: %s is not after start", l->source, row->line,
                       row->field[l->field[1]]);
    const char *name = l->field[2] >= 0 ? row->field[l->field[2]] : "event";
    if (calendar_add(l->c, t[0], t[1], name, e) != 0)
        return sa_wrap(e, "%s:%ld", l->source, row->line);
    return 0;
}

int calendar_read(calendar *c, const char *path, sa_error *e)
{
    memset(c, 0, sizeof *c);
    cal_loader l = {.c = c, .source = csv_display_name(path)};
    if (csv_read(path, cal_row, &l, e) != 0) {
        calendar_free(c);
        return -1;
    }
    return 0;
}

/* Writes name as a CSV field, quoted when it holds a comma, quote or line end. */
static void write_name(const char *name, FILE *fp)
{
    if (!strpbrk(name, ",\"\r\n")) {
        fputs(name, fp);
        return;
    }
    fputc('"', fp);
    for (const char *p = name; *p; p++) {
        if (*p == '"')
            fputc('"', fp);
        fputc(*p, fp);
    }
    fputc('"', fp);
}

int calendar_write(const calendar *c, FILE *fp)
{
    fputs("start,end,name\n", fp);
    for (size_t i = 0; i < c->n; i++) {
        char a[20], b[20];
        time_format(c->events[i].start, a);
        time_format(c->events[i].end, b);
        fprintf(fp, "%s,%s,", a, b);
        write_name(c->events[i].name, fp);
        fputc('\n', fp);
    }
    return ferror(fp) ? -1 : 0;
}

const calendar_event *calendar_event_at(const calendar *c, int64_t t)
{
    /* lo = number of events with start <= t */
    size_t lo = 0, hi = c->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->events[mid].start <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t j = lo; j-- > 0;) {
        if (c->reach && c->reach[j] <= t)
            break; /* nothing at or before j reaches t */
        if (c->events[j].end > t)
            return &c->events[j];
    }
    return NULL;
}

int calendar_active(const calendar *c, int64_t t) { return calendar_event_at(c, t) != NULL; }

void calendar_free(calendar *c)
{
    free(c->events);
    free(c->reach);
    memset(c, 0, sizeof *c);
}
