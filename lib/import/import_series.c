/* import_series.c — see import_series.h. */
#include "import/import_series.h"
#include "base/array.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int import_is_missing(const import_reading *r, const char *text, size_t len)
{
    if (len == 0 || (len == 4 && !strncasecmp(text, "null", 4)) ||
        (len == 3 && !strncasecmp(text, "nan", 3)))
        return 1;
    for (size_t i = 0; r && i < r->n_missing; i++)
        if (strlen(r->missing[i]) == len && !memcmp(r->missing[i], text, len))
            return 1;
    return 0;
}

static char *copy_or_null(const char *text)
{
    return text ? strdup(text) : NULL;
}

import_series *import_set_add(import_set *set, const char *name, const char *label,
                              const char *where)
{
    if (set->n == set->cap) {
        size_t cap = set->cap ? 2 * set->cap : 8;
        if (array_resize(&set->s, cap, sizeof *set->s))
            return NULL;
        set->cap = cap;
    }
    import_series *s = &set->s[set->n];
    memset(s, 0, sizeof *s);
    s->name = strdup(name);
    s->label = copy_or_null(label);
    s->file = strdup(set->input ? set->input : "-");
    s->where = strdup(where);
    set->n++;
    if (!s->name || !s->file || !s->where || (label && !s->label))
        return NULL;
    return s;
}

int import_series_push(import_series *s, int64_t t, double v)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 256;
        if (array_resize(&s->time, cap, sizeof *s->time) ||
            array_resize(&s->value, cap, sizeof *s->value))
            return -1;
        s->cap = cap;
    }
    s->time[s->n] = t;
    s->value[s->n] = v;
    s->n++;
    return 0;
}

int import_series_add_label(import_series *s, const char *key, const char *value)
{
    size_t n = s->n_labels + 1;
    if (array_resize(&s->label_key, n, sizeof *s->label_key) ||
        array_resize(&s->label_value, n, sizeof *s->label_value))
        return -1;
    s->label_key[s->n_labels] = strdup(key);
    s->label_value[s->n_labels] = strdup(value);
    s->n_labels = n;
    return s->label_key[n - 1] && s->label_value[n - 1] ? 0 : -1;
}

typedef struct point {
    int64_t time;
    double value;
    size_t order;     /* file order, to keep the sort stable */
} point;

static int by_time(const void *a, const void *b)
{
    const point *p = a, *q = b;
    if (p->time != q->time)
        return p->time < q->time ? -1 : 1;
    return p->order < q->order ? -1 : p->order > q->order;
}

int import_series_sort(import_series *s)
{
    size_t i = 1;
    while (i < s->n && s->time[i - 1] <= s->time[i])
        i++;
    if (i >= s->n)
        return 0;
    point *p = malloc(s->n * sizeof *p);
    if (!p)
        return -1;
    for (size_t k = 0; k < s->n; k++)
        p[k] = (point){s->time[k], s->value[k], k};
    qsort(p, s->n, sizeof *p, by_time);
    for (size_t k = 0; k < s->n; k++) {
        s->time[k] = p[k].time;
        s->value[k] = p[k].value;
    }
    free(p);
    return 1;
}

/* The value of the label whose key is key[0..key_len), or NULL. */
static const char *label_of(const import_series *s, const char *key, size_t key_len)
{
    for (size_t i = 0; i < s->n_labels; i++)
        if (strlen(s->label_key[i]) == key_len && !strncmp(s->label_key[i], key, key_len))
            return s->label_value[i];
    return NULL;
}

const char *import_series_label(const import_series *s, const char *key)
{
    return label_of(s, key, strlen(key));
}

int import_series_same(const import_series *a, const import_series *b)
{
    if (strcmp(a->name, b->name) || !a->label != !b->label ||
        (a->label && strcmp(a->label, b->label)) || a->n_labels != b->n_labels)
        return 0;
    for (size_t i = 0; i < a->n_labels; i++) {
        const char *v = import_series_label(b, a->label_key[i]);
        if (!v || strcmp(v, a->label_value[i]))
            return 0;
    }
    return 1;
}

/* Matches the "k=\"v\",..." list of a matcher (between the braces). */
static int labels_match(const import_series *s, const char *p, const char *end)
{
    while (p < end) {
        while (p < end && (*p == ' ' || *p == ','))
            p++;
        if (p == end)
            return 1;
        const char *eq = memchr(p, '=', (size_t)(end - p));
        if (!eq || eq + 1 >= end || eq[1] != '"')
            return 0;
        const char *quote = memchr(eq + 2, '"', (size_t)(end - eq - 2));
        if (!quote)
            return 0;
        const char *key_end = eq;
        while (key_end > p && key_end[-1] == ' ')
            key_end--;
        const char *v = label_of(s, p, (size_t)(key_end - p));
        size_t v_len = (size_t)(quote - eq - 2);
        if (!v ? v_len != 0 : strlen(v) != v_len || strncmp(v, eq + 2, v_len))
            return 0;
        p = quote + 1;
    }
    return 1;
}

int import_series_matches(const import_series *s, const char *source, int fold_case)
{
    const char *brace = strchr(source, '{');
    size_t len = strlen(source);
    int (*equal)(const char *, const char *) = fold_case ? strcasecmp : strcmp;
    if (!brace || source[len - 1] != '}')
        return !equal(source, s->name) || (s->label && !equal(source, s->label));
    size_t name_len = (size_t)(brace - source);
    if (name_len && (strlen(s->name) != name_len || strncmp(s->name, source, name_len)))
        return 0;
    return labels_match(s, brace + 1, source + len - 1);
}

void import_set_free(import_set *set)
{
    for (size_t i = 0; i < set->n; i++) {
        import_series *s = &set->s[i];
        for (size_t k = 0; k < s->n_labels; k++) {
            free(s->label_key[k]);
            free(s->label_value[k]);
        }
        FREE_ALL(s->label_key, s->label_value, s->name, s->label, s->where, s->file,
                 s->unusable, s->incomplete, s->time, s->value);
    }
    free(set->s);
    memset(set, 0, sizeof *set);
}
