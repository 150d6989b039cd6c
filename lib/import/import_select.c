/* import_select.c — see import_select.h. */
#include "import/import_select.h"
#include "base/message.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The input a SOURCE names with an "INPUT:" prefix (the longest such
 * input), moving *source past it; NULL when it names none. */
static const char *input_prefix(const char **source, const char *const *inputs, size_t n)
{
    const char *best = NULL;
    size_t best_len = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(inputs[i]);
        if (len > best_len && !strncmp(*source, inputs[i], len) && (*source)[len] == ':') {
            best = inputs[i];
            best_len = len;
        }
    }
    if (best)
        *source += best_len + 1;
    return best;
}

/* The names a set offers, for a message: "a, b, c" (cut when long). */
static void list_names(const import_set *set, char *buf, size_t cap)
{
    size_t used = 0;
    buf[0] = 0;
    for (size_t i = 0; i < set->n && used + 1 < cap; i++)
        used += (size_t)snprintf(buf + used, cap - used, "%s%s", i ? ", " : "", set->s[i].name);
}

/* The one series of set that SOURCE (optionally "INPUT:SOURCE") names. */
static import_series *find_source(const import_set *set, const char *source,
                                  const char *const *inputs, size_t n_inputs, sa_error *e)
{
    const char *from = input_prefix(&source, inputs, n_inputs);
    import_series *found = NULL;
    size_t count = 0;
    for (size_t i = 0; i < set->n; i++)
        if ((!from || !strcmp(set->s[i].file, from)) && import_series_matches(&set->s[i], source)) {
            if (!found)
                found = &set->s[i];
            count++;
        }
    if (count == 0) {
        char names[512];
        list_names(set, names, sizeof names);
        return sa_fail(e, "--column: no series is called '%s'%s%s (there are: %s)", source,
                       from ? " in " : "", from ? from : "", names), NULL;
    }
    if (count > 1)
        return sa_fail(e, "--column: '%s' names %zu series; add labels (name{label=\"v\"}) or "
                       "the input (FILE:%s)", source, count, source), NULL;
    return found;
}

/* Checks that a chosen series can be imported. */
static int check_usable(const import_series *s, sa_error *e)
{
    if (s->unusable)
        return sa_fail(e, "%s", s->unusable);
    if (s->n == 0)
        return sa_fail(e, "%s: has no data points (an empty result)", s->where);
    return 0;
}

/* Applies --agg FUNC / NAME=FUNC to the columns. */
static int apply_aggs(import_column *c, size_t n, const char *const *aggs, size_t n_aggs,
                      sa_error *e)
{
    for (size_t a = 0; a < n_aggs; a++) {
        const char *eq = strchr(aggs[a], '='), *func = eq ? eq + 1 : aggs[a];
        resample_agg agg;
        if (resample_parse_agg(func, &agg))
            return sa_fail(e, "--agg %s: want mean, max, sum or last", aggs[a]);
        size_t hits = 0;
        for (size_t i = 0; i < n; i++)
            if (!eq || (strlen(c[i].name) == (size_t)(eq - aggs[a]) &&
                        !strncmp(c[i].name, aggs[a], (size_t)(eq - aggs[a])))) {
                c[i].agg = agg;
                hits++;
            }
        if (eq && !hits)
            return sa_fail(e, "--agg %s: there is no column %.*s", aggs[a],
                           (int)(eq - aggs[a]), aggs[a]);
    }
    return 0;
}

/* Fills c from every usable series of set, by its own name (a note for
 * each left out; an error when none is left). Returns the count or -1. */
static long select_all(const import_set *set, import_column *c, sa_error *e)
{
    size_t n = 0;
    for (size_t i = 0; i < set->n; i++)
        n += !set->s[i].unusable && set->s[i].n > 0;
    if (n == 0)
        return set->n ? check_usable(&set->s[0], e) : sa_fail(e, "no series to import");
    n = 0;
    for (size_t i = 0; i < set->n; i++) {
        import_series *s = &set->s[i];
        if (s->unusable || s->n == 0) {
            msg_note("note: %s: left out (%s)", s->where,
                     s->unusable ? "it holds text" : "no data points");
            continue;
        }
        snprintf(c[n].name, sizeof c[n].name, "%s", s->name);
        c[n++].series = s;
    }
    return (long)n;
}

/* The error for two series of one name, with a SOURCE that tells them
 * apart: a label matcher when a label differs, else FILE:SOURCE. */
static int same_name(const import_series *a, const import_series *b, sa_error *e)
{
    for (size_t k = 0; k < b->n_labels; k++) {
        size_t i = 0;
        while (i < a->n_labels && strcmp(a->label_key[i], b->label_key[k]))
            i++;
        if (i == a->n_labels || strcmp(a->label_value[i], b->label_value[k]))
            return sa_fail(e, "two series are called %s (%s and %s); name each with --column "
                           "NAME=SOURCE, e.g. %s{%s=\"%s\"}", b->name, a->where, b->where,
                           b->name, b->label_key[k], b->label_value[k]);
    }
    return sa_fail(e, "two series are called %s (%s and %s); name each with --column "
                   "NAME=FILE:%s", b->name, a->where, b->where, b->name);
}

int import_select(const import_set *set, const char *const *inputs, size_t n_inputs,
                  const char *const *columns, size_t n_columns, const char *const *aggs,
                  size_t n_aggs, import_column **out, size_t *n_out, sa_error *e)
{
    size_t cap = n_columns ? n_columns : set->n, n = 0;
    import_column *c = calloc(cap ? cap : 1, sizeof *c);
    if (!c)
        return sa_fail(e, "out of memory");
    *out = c;
    if (!n_columns) {
        long got = select_all(set, c, e);
        if (got < 0)
            return -1;
        n = (size_t)got;
    }
    for (size_t i = 0; i < n_columns; i++, n++) {
        const char *source;
        if (import_split_column(columns[i], c[n].name, sizeof c[n].name, &source))
            return sa_fail(e, "--column %s: want NAME=SOURCE", columns[i]);
        c[n].series = find_source(set, source, inputs, n_inputs, e);
        if (!c[n].series || check_usable(c[n].series, e))
            return -1;
    }
    *n_out = n;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < i; j++)
            if (!strcmp(c[i].name, c[j].name))
                return same_name(c[j].series, c[i].series, e);
    return apply_aggs(c, n, aggs, n_aggs, e);
}

int import_split_column(const char *text, char *name_buf, size_t cap, const char **source)
{
    const char *eq = strchr(text, '=');
    if (!eq || eq == text || !eq[1] || (size_t)(eq - text) >= cap)
        return -1;
    for (const char *p = text; p < eq; p++)
        if (!isalnum((unsigned char)*p) && *p != '_' && *p != '.' && *p != '-')
            return -1;
    memcpy(name_buf, text, (size_t)(eq - text));
    name_buf[eq - text] = 0;
    *source = eq + 1;
    return 0;
}
