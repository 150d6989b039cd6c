/* fleet_list.c — see fleet_list.h. */
#include "fleet/fleet_list.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "base/array.h"

int fleet_name_ok(const char *name)
{
    if (!*name || *name == '.' || strlen(name) >= FLEET_MAX_NAME)
        return 0;
    for (const char *c = name; *c; c++)
        if (!isalnum((unsigned char)*c) && !strchr("._-+@=,", *c))
            return 0;
    return 1;
}

/* The series name of path: its base name without a final ".csv". */
static void name_of(const char *path, char *name, size_t cap)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    if (n > 4 && !strcasecmp(base + n - 4, ".csv"))
        n -= 4;
    snprintf(name, cap, "%.*s", (int)(n < cap - 1 ? n : cap - 1), base);
    if (n >= cap - 1)
        name[0] = '\0'; /* too long: fleet_name_ok refuses "" */
}

/* Appends path (copied) to l; where names the place for messages. */
static int add_series(fleet_list *l, size_t *cap, const char *path, const char *where,
                      sa_error *e)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return sa_fail(e, "%s: %s: %s", where, path, strerror(errno));
    if (!S_ISREG(st.st_mode))
        return sa_fail(e, "%s: %s is not a regular file", where, path);
    if (l->n == FLEET_MAX_SERIES)
        return sa_fail(e, "%s: more than %d series", where, FLEET_MAX_SERIES);
    if (l->n == *cap) {
        *cap = *cap ? 2 * *cap : 64;
        if (array_resize(&l->series, *cap, sizeof *l->series))
            return sa_fail(e, "out of memory");
    }
    fleet_series *s = &l->series[l->n];
    memset(s, 0, sizeof *s);
    name_of(path, s->name, sizeof s->name);
    if (!fleet_name_ok(s->name))
        return sa_fail(e, "%s: %s: the series name '%s' is not a safe file name (letters, "
                       "digits and . _ - + @ = , only, at most %d characters, not starting "
                       "with '.'): rename the file", where, path, s->name, FLEET_MAX_NAME - 1);
    if (!(s->path = strdup(path)))
        return sa_fail(e, "out of memory");
    s->bytes = (int64_t)st.st_size;
    l->n++;
    return 0;
}

static int has_csv_suffix(const char *name)
{
    size_t n = strlen(name);
    return n > 4 && !strcasecmp(name + n - 4, ".csv");
}

/* Every *.csv of directory dir (hidden files skipped). */
static int read_directory(fleet_list *l, const char *dir, sa_error *e)
{
    DIR *d = opendir(dir);
    if (!d)
        return sa_fail(e, "%s: %s", dir, strerror(errno));
    size_t cap = 0;
    int rc = 0;
    for (struct dirent *ent; rc == 0 && (ent = readdir(d));) {
        if (ent->d_name[0] == '.' || !has_csv_suffix(ent->d_name))
            continue;
        char *path = NULL;
        if (asprintf(&path, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/",
                     ent->d_name) < 0)
            rc = sa_fail(e, "out of memory");
        else
            rc = add_series(l, &cap, path, dir, e);
        free(path);
    }
    closedir(d);
    return rc;
}

/* One CSV path a line; relative paths from the list's directory. */
static int read_list_file(fleet_list *l, const char *list, sa_error *e)
{
    FILE *fp = fopen(list, "r");
    if (!fp)
        return sa_fail(e, "%s: %s", list, strerror(errno));
    const char *slash = strrchr(list, '/');
    int dir_len = slash ? (int)(slash - list + 1) : 0;
    size_t cap = 0, line_cap = 0;
    char *line = NULL;
    long number = 0;
    int rc = 0;
    for (ssize_t len; rc == 0 && (len = getline(&line, &line_cap, fp)) >= 0;) {
        number++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r' ||
                           line[len - 1] == ' ' || line[len - 1] == '\t'))
            line[--len] = '\0';
        const char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p || *p == '#')
            continue;
        char where[300], *path = NULL;
        snprintf(where, sizeof where, "%s:%ld", list, number);
        if (asprintf(&path, "%.*s%s", *p == '/' ? 0 : dir_len, list, p) < 0)
            rc = sa_fail(e, "out of memory");
        else
            rc = add_series(l, &cap, path, where, e);
        free(path);
    }
    free(line);
    fclose(fp);
    return rc;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const fleet_series *)a)->name, ((const fleet_series *)b)->name);
}

int fleet_list_read(fleet_list *l, const char *source, sa_error *e)
{
    memset(l, 0, sizeof *l);
    struct stat st;
    if (stat(source, &st) != 0)
        return sa_fail(e, "%s: %s", source, strerror(errno));
    int rc = S_ISDIR(st.st_mode) ? read_directory(l, source, e) : read_list_file(l, source, e);
    if (rc == 0 && l->n == 0)
        rc = sa_fail(e, "%s: no series (%s)", source,
                     S_ISDIR(st.st_mode) ? "no *.csv file in the directory"
                                         : "the list names no file");
    if (rc == 0)
        qsort(l->series, l->n, sizeof *l->series, by_name);
    for (size_t i = 1; rc == 0 && i < l->n; i++)
        if (!strcmp(l->series[i].name, l->series[i - 1].name))
            rc = sa_fail(e, "%s: two series are called %s (%s and %s): a name must be unique "
                         "(it names the model file)", source, l->series[i].name,
                         l->series[i - 1].path, l->series[i].path);
    if (rc)
        fleet_list_free(l);
    return rc;
}

long fleet_list_find(const fleet_list *l, const char *name)
{
    size_t lo = 0, hi = l->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(l->series[mid].name, name);
        if (c == 0)
            return (long)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

typedef struct sized {
    int64_t bytes;
    size_t index;   /* into the list, which is sorted by name */
} sized;

static int by_size_then_name(const void *a, const void *b)
{
    const sized *x = a, *y = b;
    if (x->bytes != y->bytes)
        return x->bytes > y->bytes ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

int fleet_list_order(const fleet_list *l, size_t *order)
{
    sized *s = malloc((l->n ? l->n : 1) * sizeof *s);
    if (!s)
        return -1;
    for (size_t i = 0; i < l->n; i++)
        s[i] = (sized){l->series[i].bytes, i};
    qsort(s, l->n, sizeof *s, by_size_then_name);
    for (size_t i = 0; i < l->n; i++)
        order[i] = s[i].index;
    free(s);
    return 0;
}

void fleet_list_free(fleet_list *l)
{
    for (size_t i = 0; l->series && i < l->n; i++)
        free(l->series[i].path);
    free(l->series);
    memset(l, 0, sizeof *l);
}
