/* import_select.c — see import_select.h. */
#include "import/import_select.h"
#include "base/array.h"
#include "base/message.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

/* A selection: the series a SOURCE matches and the groups of the same
 * series among them. Sizes: up to set->n. */
typedef struct selection {
    size_t *hit;              /* indices into the set */
    size_t *group_of;         /* group of each hit, 0.. */
    size_t n, n_groups;
} selection;

static int selection_init(selection *sel, size_t cap)
{
    sel->hit = malloc((cap ? cap : 1) * sizeof *sel->hit);
    sel->group_of = malloc((cap ? cap : 1) * sizeof *sel->group_of);
    sel->n = sel->n_groups = 0;
    return sel->hit && sel->group_of ? 0 : -1;
}

static void selection_free(selection *sel)
{
    free(sel->hit);
    free(sel->group_of);
}

/* Sorts the hits into groups of the same series. */
static void group_hits(const import_set *set, selection *sel)
{
    sel->n_groups = 0;
    for (size_t k = 0; k < sel->n; k++) {
        size_t j = 0;
        while (j < k && !import_series_same(&set->s[sel->hit[j]], &set->s[sel->hit[k]]))
            j++;
        sel->group_of[k] = j < k ? sel->group_of[j] : sel->n_groups++;
    }
}

/* Fills sel with the series source (optionally "INPUT:SOURCE") names:
 * names with their exact case when any series has it, else ignoring
 * case. */
static void match(const import_set *set, const char *source, const char *const *inputs,
                  size_t n_inputs, selection *sel)
{
    const char *from = input_prefix(&source, inputs, n_inputs);
    sel->n = 0;
    for (int fold = 0; fold < 2 && sel->n == 0; fold++)
        for (size_t i = 0; i < set->n; i++)
            if ((!from || !strcmp(set->s[i].file, from)) &&
                import_series_matches(&set->s[i], source, fold))
                sel->hit[sel->n++] = i;
    group_hits(set, sel);
}

/* 1 when candidate names exactly the series s (and its pages) in set. */
static int names_only(const import_set *set, const char *const *inputs, size_t n_inputs,
                      const import_series *s, const char *candidate, selection *sel)
{
    match(set, candidate, inputs, n_inputs, sel);
    return sel->n_groups == 1 && import_series_same(&set->s[sel->hit[0]], s);
}

/* 1 when a series before set->s[i] called name has label key. */
static int seen_before(const import_set *set, size_t i, const char *name, const char *key)
{
    for (size_t j = 0; j < i; j++)
        if (!strcmp(set->s[j].name, name) && import_series_label(&set->s[j], key))
            return 1;
    return 0;
}

/* name{k="v",...} with every label of s, and k="" for each label another
 * series of its name has and s has not, into buf. */
static void full_matcher(const import_set *set, const import_series *s, char *buf, size_t cap)
{
    size_t used = (size_t)snprintf(buf, cap, "%s{", s->name);
    const char *sep = "";
    for (size_t k = 0; k < s->n_labels && used < cap; k++, sep = ", ")
        used += (size_t)snprintf(buf + used, cap - used, "%s%s=\"%s\"", sep, s->label_key[k],
                                 s->label_value[k]);
    for (size_t i = 0; i < set->n && used < cap; i++)
        for (size_t k = 0; used < cap && !strcmp(set->s[i].name, s->name) && k < set->s[i].n_labels;
             k++) {
            const char *key = set->s[i].label_key[k];
            if (import_series_label(s, key) || seen_before(set, i, s->name, key))
                continue;
            used += (size_t)snprintf(buf + used, cap - used, "%s%s=\"\"", sep, key);
            sep = ", ";
        }
    if (used + 1 < cap)
        snprintf(buf + used, cap - used, "}");
}

/* A SOURCE that names s alone, tried in the order a user would write
 * them: its name, its name with one of its labels (full: with all its
 * labels and the ones it lacks, or its CloudWatch Label), each after
 * prefix. Returns 0 with buf set, or -1. */
static int unique_in(const import_set *set, const char *const *inputs, size_t n_inputs,
                     const import_series *s, const char *prefix, int full, char *buf,
                     size_t cap, selection *sel)
{
    int matchers = !strpbrk(s->name, "{}\"");
    for (size_t k = 0; k < s->n_labels; k++)
        matchers &= !strchr(s->label_value[k], '"'); /* a matcher cannot hold it */
    size_t at = (size_t)snprintf(buf, cap, "%s", prefix);
    if (full && matchers) {
        full_matcher(set, s, buf + at, cap - at);
        if (names_only(set, inputs, n_inputs, s, buf, sel))
            return 0;
    }
    if (full) {
        snprintf(buf + at, cap - at, "%s", s->label ? s->label : "");
        return s->label && names_only(set, inputs, n_inputs, s, buf, sel) ? 0 : -1;
    }
    snprintf(buf + at, cap - at, "%s", s->name);
    if (names_only(set, inputs, n_inputs, s, buf, sel))
        return 0;
    for (size_t k = 0; matchers && k < s->n_labels; k++) {
        snprintf(buf + at, cap - at, "%s{%s=\"%s\"}", s->name, s->label_key[k],
                 s->label_value[k]);
        if (names_only(set, inputs, n_inputs, s, buf, sel))
            return 0;
    }
    return -1;
}

/* A SOURCE that names s alone in set, into buf; "?" when none does. */
static void unique_source(const import_set *set, const char *const *inputs, size_t n_inputs,
                          const import_series *s, char *buf, size_t cap)
{
    selection sel;
    char prefix[300];
    snprintf(prefix, sizeof prefix, "%s:", s->file);
    int found = selection_init(&sel, set->n) == 0;
    for (int k = 0; found && k < 4; k++)
        if (unique_in(set, inputs, n_inputs, s, k % 2 ? prefix : "", k / 2, buf, cap, &sel) == 0)
            break;
        else if (k == 3)
            found = 0;
    if (!found)
        snprintf(buf, cap, "?");
    selection_free(&sel);
}

/* The places of the first few series of sel, for a message. */
static void list_places(const import_set *set, const selection *sel, char *buf, size_t cap)
{
    size_t used = 0;
    buf[0] = 0;
    for (size_t k = 0; k < sel->n && k < 3 && used < cap; k++)
        used += (size_t)snprintf(buf + used, cap - used, "%s%.120s", k ? "; " : "",
                                 set->s[sel->hit[k]].where);
    if (sel->n > 3 && used < cap)
        snprintf(buf + used, cap - used, "; ...");
}

/* The names a set offers, for a message: "a, b, c" (cut when long). */
static void list_names(const import_set *set, char *buf, size_t cap)
{
    size_t used = 0;
    buf[0] = 0;
    for (size_t i = 0; i < set->n && used + 1 < cap; i++)
        used += (size_t)snprintf(buf + used, cap - used, "%s%s", i ? ", " : "", set->s[i].name);
}

/* The error for a SOURCE that names several series and no FUNC. */
static int several(const import_set *set, const char *const *inputs, size_t n_inputs,
                   const char *source, const selection *sel, sa_error *e)
{
    char places[512], first[256], second[256];
    size_t other = 1;
    while (sel->group_of[other] == sel->group_of[0])
        other++;
    list_places(set, sel, places, sizeof places);
    unique_source(set, inputs, n_inputs, &set->s[sel->hit[0]], first, sizeof first);
    unique_source(set, inputs, n_inputs, &set->s[sel->hit[other]], second, sizeof second);
    return sa_fail(e, "--column: '%s' names %zu series (%s); pick one, e.g. %s or %s, or "
                   "combine them: sum:%s (or mean:, max:, min:)", source, sel->n_groups, places,
                   first, second, source);
}

/* Checks the pages of one series before they are used. Returns 0, 1
 * when they hold no point, or -1 with e set. */
static int check_pages(const import_series *const *pages, size_t n, sa_error *e)
{
    size_t points = 0, incomplete = 0;
    for (size_t k = 0; k < n; k++) {
        if (pages[k]->unusable)
            return sa_fail(e, "%s", pages[k]->unusable);
        points += pages[k]->n;
        incomplete += pages[k]->incomplete != NULL;
    }
    if (incomplete == n)
        return sa_fail(e, "%s", pages[0]->incomplete);
    return points == 0;
}

/* Adds the series of group g of sel to c as a member (its pages in
 * input order). Returns 0, 1 when it has no point (not added), or -1. */
static int add_member(import_column *c, const import_set *set, const selection *sel, size_t g,
                      sa_error *e)
{
    const import_series **pages = malloc(sel->n * sizeof *pages);
    size_t n = 0;
    if (!pages)
        return sa_fail(e, "out of memory");
    for (size_t k = 0; k < sel->n; k++)
        if (sel->group_of[k] == g)
            pages[n++] = &set->s[sel->hit[k]];
    int rc = check_pages(pages, n, e);
    if (rc == 0)
        rc = import_member_make(&c->member[c->n_members], pages, n, e);
    if (rc == 0)
        c->n_members++;
    free(pages);
    return rc;
}

/* Makes column c from the groups of sel; with empty_ok an empty column
 * is no error (it is left out: returns 1). */
static int make_column(import_column *c, const import_set *set, const selection *sel,
                       int empty_ok, sa_error *e)
{
    if (!(c->member = calloc(sel->n_groups ? sel->n_groups : 1, sizeof *c->member)))
        return sa_fail(e, "out of memory");
    for (size_t g = 0; g < sel->n_groups; g++)
        if (add_member(c, set, sel, g, e) < 0)
            return -1;
    if (c->n_members)
        return 0;
    if (empty_ok)
        return 1;
    return sa_fail(e, "%s: has no data points (an empty result)", set->s[sel->hit[0]].where);
}

/* Column c from --column text (checked by import_check_options). */
static int column_from_text(import_column *c, const import_set *set, const char *text,
                            const char *const *inputs, size_t n_inputs, selection *sel,
                            sa_error *e)
{
    const char *source;
    import_split_column(text, c->name, sizeof c->name, &source);
    c->combine = import_parse_combine(&source);
    match(set, source, inputs, n_inputs, sel);
    if (sel->n == 0) {
        char names[512];
        const char *probe = source, *from = input_prefix(&probe, inputs, n_inputs);
        list_names(set, names, sizeof names);
        return sa_fail(e, "--column: no series is called '%s'%s%s (there are: %s)", probe,
                       from ? " in " : "", from ? from : "", names);
    }
    if (sel->n_groups > 1 && c->combine == IMPORT_ONE)
        return several(set, inputs, n_inputs, source, sel, e);
    return make_column(c, set, sel, 0, e);
}

/* Every series of set, its pages together, as a column by its own name;
 * series without points are left out with a note (an error when no
 * series has one). Returns the count of columns or -1. */
static long select_all(const import_set *set, import_column *c, selection *all, sa_error *e)
{
    selection one;
    size_t n = 0, n_empty = 0;
    all->n = set->n;
    for (size_t i = 0; i < set->n; i++)
        all->hit[i] = i;
    group_hits(set, all);
    size_t *empty = malloc((set->n ? set->n : 1) * sizeof *empty);
    if (!empty || selection_init(&one, set->n)) {
        free(empty);
        return sa_fail(e, "out of memory");
    }
    int rc = 0;
    for (size_t g = 0; rc >= 0 && g < all->n_groups; g++) {
        one.n = 0;
        for (size_t k = 0; k < all->n; k++)
            if (all->group_of[k] == g)
                one.group_of[one.n] = 0, one.hit[one.n++] = all->hit[k];
        one.n_groups = 1;
        snprintf(c[n].name, sizeof c[n].name, "%s", set->s[one.hit[0]].name);
        rc = make_column(&c[n], set, &one, 1, e);
        if (rc == 1) {
            empty[n_empty++] = one.hit[0];
            free(c[n].member);
            memset(&c[n], 0, sizeof c[n]);
        }
        n += rc == 0;
    }
    selection_free(&one);
    for (size_t k = 0; rc >= 0 && n && k < n_empty; k++)
        msg_note("note: %s: left out (no data points)", set->s[empty[k]].where);
    if (rc >= 0 && n == 0)
        rc = n_empty ? sa_fail(e, "%s: has no data points (an empty result)",
                               set->s[empty[0]].where) : sa_fail(e, "no series to import");
    free(empty);
    return rc < 0 ? -1 : (long)n;
}

/* Refuses output names the other tools would refuse or confuse: the
 * time column's, or two that differ only in case. */
static int check_names(const import_set *set, const char *const *inputs, size_t n_inputs,
                       const import_column *c, size_t n, sa_error *e)
{
    char a[256], b[256];
    for (size_t i = 0; i < n; i++) {
        const import_series *s = c[i].member[0].series;
        if (!strcasecmp(c[i].name, "timestamp")) {
            unique_source(set, inputs, n_inputs, s, a, sizeof a);
            return sa_fail(e, "%s: a series called %s cannot be a column: timestamp is the "
                           "output's time column; name it with --column NAME=%s", s->where,
                           c[i].name, a);
        }
        for (size_t j = 0; j < i; j++)
            if (!strcasecmp(c[i].name, c[j].name)) {
                const import_series *r = c[j].member[0].series;
                unique_source(set, inputs, n_inputs, r, a, sizeof a);
                unique_source(set, inputs, n_inputs, s, b, sizeof b);
                return sa_fail(e, "two series would be the column %s%s%s (%s and %s)%s; name "
                               "each with --column NAME=SOURCE: they are %s and %s", c[j].name,
                               strcmp(c[i].name, c[j].name) ? " and " : "",
                               strcmp(c[i].name, c[j].name) ? c[i].name : "", r->where, s->where,
                               strcmp(c[i].name, c[j].name) ? ", which the tools cannot tell "
                               "apart (they read column names ignoring case)" : "", a, b);
            }
    }
    return 0;
}

/* Applies --agg FUNC / NAME=FUNC (checked by import_check_options) to the
 * columns; a NAME that is no column is an error. */
static int apply_aggs(import_column *c, size_t n, const char *const *aggs, size_t n_aggs,
                      sa_error *e)
{
    for (size_t a = 0; a < n_aggs; a++) {
        const char *eq = strchr(aggs[a], '='), *func = eq ? eq + 1 : aggs[a];
        resample_agg agg = RESAMPLE_MEAN;
        resample_parse_agg(func, &agg);
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

int import_select(const import_set *set, const char *const *inputs, size_t n_inputs,
                  const char *const *columns, size_t n_columns, const char *const *aggs,
                  size_t n_aggs, import_column **out, size_t *n_out, sa_error *e)
{
    size_t cap = n_columns ? n_columns : set->n;
    import_column *c = calloc(cap ? cap : 1, sizeof *c);
    selection sel;
    *out = c;
    *n_out = 0;
    if (!c || selection_init(&sel, set->n)) {
        free(c);
        *out = NULL;
        return sa_fail(e, "out of memory");
    }
    int rc = 0;
    if (!n_columns) {
        long got = select_all(set, c, &sel, e);
        rc = got < 0 ? -1 : 0;
        *n_out = got < 0 ? 0 : (size_t)got;
    }
    for (size_t i = 0; rc == 0 && i < n_columns; i++) {
        rc = column_from_text(&c[i], set, columns[i], inputs, n_inputs, &sel, e);
        *n_out = i + 1;
    }
    selection_free(&sel);
    if (rc == 0)
        rc = check_names(set, inputs, n_inputs, c, *n_out, e);
    if (rc == 0)
        rc = apply_aggs(c, *n_out, aggs, n_aggs, e);
    if (rc) {
        import_columns_free(c, cap); /* the columns not reached are zero */
        *out = NULL;
        *n_out = 0;
    }
    return rc;
}
