/* import_spec.c — see import_spec.h. */
#include "import/import_spec.h"
#include "series/resample.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const combine_names[] = {"", "sum", "mean", "max", "min"};
#define N_COMBINE (sizeof combine_names / sizeof *combine_names)

import_combine import_parse_combine(const char **source)
{
    for (size_t k = 1; k < N_COMBINE; k++) {
        size_t len = strlen(combine_names[k]);
        if (!strncmp(*source, combine_names[k], len) && (*source)[len] == ':') {
            *source += len + 1;
            return (import_combine)k;
        }
    }
    return IMPORT_ONE;
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

/* Checks one --agg against the --column names (none: any NAME may do). */
static int check_agg(const char *agg, const char *const *columns, size_t n_columns,
                     sa_error *e)
{
    const char *eq = strchr(agg, '='), *func = eq ? eq + 1 : agg;
    resample_agg a;
    if (resample_parse_agg(func, &a))
        return sa_fail(e, "--agg %s: want mean, max, sum or last (or NAME=FUNC)", agg);
    if (!eq)
        return 0;
    size_t len = (size_t)(eq - agg);
    if (len == 0)
        return sa_fail(e, "--agg %s: want FUNC or NAME=FUNC", agg);
    int known = n_columns == 0;
    for (size_t i = 0; i < n_columns; i++)
        known |= !strncmp(columns[i], agg, len) && columns[i][len] == '=';
    return known ? 0 : sa_fail(e, "--agg %s: there is no --column %.*s", agg, (int)len, agg);
}

int import_check_options(const char *const *columns, size_t n_columns,
                         const char *const *aggs, size_t n_aggs, sa_error *e)
{
    for (size_t i = 0; i < n_columns; i++) {
        char name[IMPORT_NAME_CAP], other[IMPORT_NAME_CAP];
        const char *source, *dummy;
        if (import_split_column(columns[i], name, sizeof name, &source))
            return sa_fail(e, "--column %s: want NAME=SOURCE with a plain NAME (letters, "
                           "digits, _ . -)", columns[i]);
        if (!strcasecmp(name, "timestamp"))
            return sa_fail(e, "--column %s: timestamp is the output's time column; call the "
                           "series something else", columns[i]);
        if (import_parse_combine(&source) != IMPORT_ONE && !*source)
            return sa_fail(e, "--column %s: want a SOURCE after the function", columns[i]);
        for (size_t j = 0; j < i; j++)
            if (import_split_column(columns[j], other, sizeof other, &dummy) == 0 &&
                !strcasecmp(name, other))
                return sa_fail(e, "--column %s: the column %s is already --column %s%s",
                               columns[i], name, columns[j], strcmp(name, other)
                               ? " (the tools read column names ignoring case)" : "");
    }
    for (size_t a = 0; a < n_aggs; a++)
        if (check_agg(aggs[a], columns, n_columns, e))
            return -1;
    return 0;
}

