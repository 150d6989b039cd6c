/* import_csv_table.c — see import_csv_table.h. */
#include "import/import_csv_table.h"
#include "series/timestamp.h"
#include "base/array.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Copies the n fields of row into a new array of strings; NULL when out
 * of memory. */
static char **copy_fields(const csv_row *row)
{
    char **out = calloc(row->n_fields ? row->n_fields : 1, sizeof *out);
    for (size_t f = 0; out && f < row->n_fields; f++)
        if (!(out[f] = strdup(row->field[f]))) {
            free_pointers((void *const *)out, f);
            free(out);
            return NULL;
        }
    return out;
}

static void free_fields(char **fields, size_t n)
{
    if (fields)
        free_pointers((void *const *)fields, n);
    free(fields);
}

int csv_annotations_take(csv_annotations *a, const csv_row *row)
{
    char ***slot = !strcmp(row->field[0], "#datatype") ? &a->type
                 : !strcmp(row->field[0], "#default") ? &a->fallback : NULL;
    if (!slot)
        return 0;
    size_t *n = slot == &a->type ? &a->n_type : &a->n_fallback;
    free_fields(*slot, *n);
    *slot = copy_fields(row);
    *n = *slot ? row->n_fields : 0;
    return *slot ? 0 : -1;
}

void csv_annotations_free(csv_annotations *a)
{
    free_fields(a->type, a->n_type);
    free_fields(a->fallback, a->n_fallback);
    memset(a, 0, sizeof *a);
}

int csv_tables_add(csv_tables *ts, const csv_row *header, size_t time_field,
                   csv_annotations *pending)
{
    if (ts->n == ts->cap) {
        size_t cap = ts->cap ? 2 * ts->cap : 4;
        if (array_resize(&ts->t, cap, sizeof *ts->t))
            return -1;
        ts->cap = cap;
    }
    csv_table *t = &ts->t[ts->n++];
    size_t n = header->n_fields;
    memset(t, 0, sizeof *t);
    t->n = n;
    t->time_field = time_field;
    t->name_field = -1;
    t->name = copy_fields(header);
    t->numbers = calloc(n, sizeof *t->numbers);
    t->texts = calloc(n, sizeof *t->texts);
    t->times = calloc(n, sizeof *t->times);
    t->kind = calloc(n, 1);
    if (pending->n_type == n) {
        t->type = pending->type;
        pending->type = NULL;
    }
    if (pending->n_fallback == n) {
        t->fallback = pending->fallback;
        pending->fallback = NULL;
    }
    csv_annotations_free(pending);
    return t->name && t->numbers && t->texts && t->times && t->kind ? 0 : -1;
}

const char *csv_table_field(const csv_table *t, const csv_row *row, size_t f)
{
    return row->len[f] == 0 && t->fallback ? t->fallback[f] : row->field[f];
}

void csv_table_count(csv_table *t, const csv_row *row, const import_reading *r)
{
    for (size_t f = 0; f < row->n_fields; f++) {
        const char *text = csv_table_field(t, row, f), *why;
        double v;
        size_t len = strlen(text);
        if (f == t->time_field || import_is_missing(r, text, len))
            continue;
        int64_t utc[2];
        if (csv_parse_double(text, len, &v, &why) == 0) {
            t->numbers[f]++;
            continue;
        }
        t->texts[f]++;
        t->times[f] += time_parse_any(text, len, NULL, utc, &why) == 0;
    }
}

/* 1 when name is one of the n names, ignoring case. */
static int one_of(const char *name, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strcasecmp(name, names[i]))
            return 1;
    return 0;
}

/* What field f is by its #datatype (InfluxDB annotated CSV). */
static unsigned char kind_by_type(const char *type)
{
    if (!strncmp(type, "dateTime", 8))
        return CSV_FIELD_SKIP;
    if (!strcmp(type, "double") || !strcmp(type, "long") || !strcmp(type, "unsignedLong"))
        return CSV_FIELD_VALUE;
    return CSV_FIELD_LABEL;
}

/* The label that names a long export's series when its only value column
 * is a generic "value": the first of these found. */
static void find_name_field(csv_table *t)
{
    static const char *const generic[] = {"value", "_value"};
    static const char *const namers[] = {"_field", "series", "metric", "__name__", "name"};
    long value = -1;
    for (size_t f = 0; f < t->n; f++)
        if (t->kind[f] == CSV_FIELD_VALUE) {
            if (value >= 0)
                return; /* several value columns: each is called by its header */
            value = (long)f;
        }
    if (value < 0 || !one_of(t->name[value], generic, 2))
        return;
    for (size_t k = 0; k < sizeof namers / sizeof *namers; k++)
        for (size_t f = 0; f < t->n; f++)
            if (t->kind[f] == CSV_FIELD_LABEL && !strcasecmp(t->name[f], namers[k])) {
                t->name_field = (long)f;
                return;
            }
}

void csv_table_decide(csv_table *t)
{
    static const char *const influx_own[] = {"result", "table", "_start", "_stop"};
    static const char *const influx_marks[] = {"_value", "_field", "_measurement"};
    int influx = t->type != NULL;
    for (size_t f = 0; f < t->n; f++)
        influx |= one_of(t->name[f], influx_marks, 3);
    for (size_t f = 0; f < t->n; f++) {
        if (f == t->time_field)
            t->kind[f] = CSV_FIELD_TIME;
        else if (!t->name[f][0] || (influx && one_of(t->name[f], influx_own, 4)))
            t->kind[f] = CSV_FIELD_SKIP;
        else if (t->type)
            t->kind[f] = kind_by_type(t->type[f]);
        else if (t->texts[f] > t->numbers[f])
            t->kind[f] = t->times[f] == t->texts[f] ? CSV_FIELD_SKIP : CSV_FIELD_LABEL;
        else
            t->kind[f] = CSV_FIELD_VALUE;
    }
    find_name_field(t);
}

/* The name of the series of value field f on row. */
static const char *series_name(const csv_table *t, const csv_row *row, size_t f)
{
    if (t->name_field >= 0) {
        const char *name = csv_table_field(t, row, (size_t)t->name_field);
        if (name[0])
            return name;
    }
    return t->name[f];
}

/* 1 when s is the series called name with the label values of row. */
static int is_series(const import_series *s, const char *name, const csv_table *t,
                     const csv_row *row)
{
    if (strcmp(s->name, name) || s->label)
        return 0;
    size_t n_labels = 0;
    for (size_t g = 0; g < t->n; g++) {
        if (t->kind[g] != CSV_FIELD_LABEL)
            continue;
        const char *v = csv_table_field(t, row, g), *have = import_series_label(s, t->name[g]);
        if (!v[0])
            continue;
        n_labels++;
        if (!have || strcmp(have, v))
            return 0;
    }
    return n_labels == s->n_labels;
}

/* A new series for value field f of row, labelled by its label fields. */
static import_series *new_series(import_set *set, const csv_table *t, const csv_row *row,
                                 size_t f, const char *name, const char *file)
{
    char where[400];
    size_t used = (size_t)snprintf(where, sizeof where, "%s: column %.100s", file, t->name[f]);
    const char *sep = " where ";
    for (size_t g = 0; g < t->n && used < sizeof where; g++) {
        const char *v = csv_table_field(t, row, g);
        if (t->kind[g] == CSV_FIELD_LABEL && v[0]) {
            used += (size_t)snprintf(where + used, sizeof where - used, "%s%.60s=%.60s", sep,
                                     t->name[g], v);
            sep = ", ";
        }
    }
    import_series *s = import_set_add(set, name, NULL, where);
    for (size_t g = 0; s && g < t->n; g++) {
        const char *v = csv_table_field(t, row, g);
        if (t->kind[g] == CSV_FIELD_LABEL && v[0] && import_series_add_label(s, t->name[g], v))
            s = NULL;
    }
    return s;
}

/* The error for a label column that makes too many series. */
static void too_many(const csv_table *t, const csv_row *row, const char *file, sa_error *e)
{
    char labels[200];
    size_t used = 0;
    labels[0] = 0;
    for (size_t g = 0; g < t->n && used < sizeof labels; g++)
        if (t->kind[g] == CSV_FIELD_LABEL)
            used += (size_t)snprintf(labels + used, sizeof labels - used, "%s%.40s",
                                     used ? ", " : "", t->name[g]);
    sa_fail(e, "%s:%ld: more than %d series: each different text in the column(s) %s makes "
            "one; cut the columns that are not labels out of the file (cut -d, -f ...)", file,
            row->line, CSV_MAX_SERIES, labels);
}

import_series *csv_table_series(import_set *set, size_t first, const csv_table *t,
                                const csv_row *row, size_t f, size_t *last, const char *file,
                                sa_error *e)
{
    const char *name = series_name(t, row, f);
    if (last[f] && is_series(&set->s[last[f] - 1], name, t, row))
        return &set->s[last[f] - 1];
    for (size_t i = first; i < set->n; i++)
        if (is_series(&set->s[i], name, t, row)) {
            last[f] = i + 1;
            return &set->s[i];
        }
    if (set->n - first >= CSV_MAX_SERIES)
        return too_many(t, row, file, e), NULL;
    import_series *s = new_series(set, t, row, f, name, file);
    last[f] = set->n;
    if (!s)
        sa_fail(e, "%s: out of memory", file);
    return s;
}

void csv_tables_free(csv_tables *ts)
{
    for (size_t i = 0; i < ts->n; i++) {
        csv_table *t = &ts->t[i];
        free_fields(t->name, t->n);
        free_fields(t->type, t->n);
        free_fields(t->fallback, t->n);
        FREE_ALL(t->numbers, t->texts, t->times, t->kind);
    }
    free(ts->t);
    memset(ts, 0, sizeof *ts);
}
