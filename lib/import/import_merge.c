/* import_merge.c — see import_merge.h. */
#include "import/import_merge.h"
#include "series/csv.h"
#include "series/series.h"
#include "base/array.h"
#include "base/message.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct point {
    int64_t time;
    double value;
    size_t page, order;       /* the page it came from, its place there */
} point;

static int by_time_page(const void *a, const void *b)
{
    const point *p = a, *q = b;
    if (p->time != q->time)
        return p->time < q->time ? -1 : 1;
    if (p->page != q->page)
        return p->page < q->page ? -1 : 1;
    return p->order < q->order ? -1 : p->order > q->order;
}

/* All points of the pages, sorted by time, then page, then place; a note
 * for each page that was not in time order. */
static point *gather(const import_series *const *pages, size_t n, size_t *total)
{
    size_t all = 0;
    for (size_t k = 0; k < n; k++)
        all += pages[k]->n;
    point *p = malloc((all ? all : 1) * sizeof *p);
    if (!p)
        return NULL;
    *total = 0;
    for (size_t k = 0; k < n; k++) {
        const import_series *s = pages[k];
        int sorted = 1;
        for (size_t i = 0; i < s->n; i++) {
            sorted &= i == 0 || s->time[i - 1] <= s->time[i];
            p[(*total)++] = (point){s->time[i], s->value[i], k, i};
        }
        if (!sorted)
            msg_note("note: %s: points were not in time order; sorted", s->where);
    }
    qsort(p, all, sizeof *p, by_time_page);
    return p;
}

/* The error for two pages that disagree at one time. */
static int disagree(const import_series *a, const import_series *b, const point *p,
                    const point *q, sa_error *e)
{
    char when[20], x[40], y[40];
    time_format(p->time, when);
    *csv_put_double(x, p->value) = 0;
    *csv_put_double(y, q->value) = 0;
    return sa_fail(e, "%s and %s: two pages of one series disagree at %s (%s and %s); "
                   "if they are different series, name each with --column NAME=FILE:SOURCE",
                   a->where, b->where, when, x, y);
}

/* Keeps the points of run p[0..n) (one time, sorted by page) in m: those
 * of the first page that has the time; a later page's point there must
 * equal one of them (and is dropped), else the pages disagree. */
static int keep_run(import_member *m, const import_series *const *pages, const point *p,
                    size_t n, size_t *dropped, sa_error *e)
{
    size_t first_page = p[0].page, end = 0;
    while (end < n && p[end].page == first_page)
        end++;
    for (size_t i = end; i < n; i++) {
        size_t k = 0;
        while (k < end && p[k].value != p[i].value)
            k++;
        if (k == end)
            return disagree(pages[first_page], pages[p[i].page], &p[0], &p[i], e);
        (*dropped)++;
    }
    for (size_t i = 0; i < end; i++) {
        m->time[m->n] = p[i].time;
        m->value[m->n++] = p[i].value;
    }
    return 0;
}

int import_member_make(import_member *m, const import_series *const *pages, size_t n,
                       sa_error *e)
{
    size_t total = 0, dropped = 0;
    point *p = gather(pages, n, &total);
    memset(m, 0, sizeof *m);
    m->series = pages[0];
    m->n_pages = n;
    m->time = malloc((total ? total : 1) * sizeof *m->time);
    m->value = malloc((total ? total : 1) * sizeof *m->value);
    int rc = !p || !m->time || !m->value ? sa_fail(e, "out of memory") : 0;
    for (size_t i = 0, j; rc == 0 && i < total; i = j) {
        j = i + 1;
        while (j < total && p[j].time == p[i].time)
            j++;
        rc = keep_run(m, pages, p + i, j - i, &dropped, e);
    }
    free(p);
    if (rc) {
        FREE_ALL(m->time, m->value);
        memset(m, 0, sizeof *m);
        return -1;
    }
    if (n > 1 && dropped)
        msg_note("note: %s: %zu pages of one series appended (the first %s, the last %s); "
                 "%zu time(s) that two pages hold kept once", pages[0]->name, n,
                 pages[0]->where, pages[n - 1]->where, dropped);
    else if (n > 1)
        msg_note("note: %s: %zu pages of one series appended (the first %s, the last %s)",
                 pages[0]->name, n, pages[0]->where, pages[n - 1]->where);
    return 0;
}

/* Takes the one member's points as the column's. */
static void take_points(import_column *c, import_member *m)
{
    c->time = m->time;
    c->value = m->value;
    c->n = m->n;
    m->time = NULL;
    m->value = NULL;
    m->n = 0;
}

/* v combined into *acc by c's function (the first value starts it). */
static void accumulate(import_combine f, double *acc, double v, int first)
{
    if (first)
        *acc = v;
    else if (f == IMPORT_MAX)
        *acc = v > *acc ? v : *acc;
    else if (f == IMPORT_MIN)
        *acc = v < *acc ? v : *acc;
    else
        *acc += v; /* sum; mean divides at the end */
}

int import_combine_members(import_column *c, sa_error *e)
{
    size_t m = c->n_members, total = 0, partial = 0;
    if (c->combine == IMPORT_ONE) {
        take_points(c, &c->member[0]);
        return 0;
    }
    for (size_t k = 0; k < m; k++)
        total += c->member[k].n;
    size_t *at = calloc(m, sizeof *at);
    c->time = malloc((total ? total : 1) * sizeof *c->time);
    c->value = malloc((total ? total : 1) * sizeof *c->value);
    if (!at || !c->time || !c->value) {
        free(at);
        return sa_fail(e, "out of memory");
    }
    for (;;) {
        int64_t t = INT64_MAX;
        for (size_t k = 0; k < m; k++)
            if (at[k] < c->member[k].n && c->member[k].time[at[k]] < t)
                t = c->member[k].time[at[k]];
        if (t == INT64_MAX)
            break;
        size_t present = 0;
        double acc = 0;
        for (size_t k = 0; k < m; k++)
            if (at[k] < c->member[k].n && c->member[k].time[at[k]] == t)
                accumulate(c->combine, &acc, c->member[k].value[at[k]++], present++ == 0);
        c->time[c->n] = t;
        c->value[c->n++] = c->combine == IMPORT_MEAN ? acc / (double)present : acc;
        partial += present < m;
    }
    free(at);
    if (partial)
        msg_note("note: %s: %zu of its %zu times have points from only some of its %zu series "
                 "(combined over those there); if their times differ by jitter, --step S puts "
                 "them on one grid first", c->name, partial, c->n, m);
    return 0;
}

void import_columns_free(import_column *c, size_t n)
{
    for (size_t i = 0; c && i < n; i++) {
        for (size_t k = 0; k < c[i].n_members; k++)
            FREE_ALL(c[i].member[k].time, c[i].member[k].value);
        FREE_ALL(c[i].member, c[i].time, c[i].value);
    }
    free(c);
}
