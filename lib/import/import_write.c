/* import_write.c — see import_write.h. */
#include "import/import_write.h"
#include "series/resample.h"
#include "series/series.h"
#include "base/message.h"
#include "base/outfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int by_time(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* The step the data was meant to have, for a message: the median positive
 * difference between consecutive times, rounded to whole minutes from a
 * minute up (jitter of a few seconds should not show); 300 when unknown. */
static int64_t typical_step(const int64_t *time, size_t n)
{
    int64_t *d = malloc((n ? n : 1) * sizeof *d);
    size_t m = 0;
    if (!d)
        return 300;
    for (size_t i = 1; i < n; i++)
        if (time[i] > time[i - 1])
            d[m++] = time[i] - time[i - 1];
    qsort(d, m, sizeof *d, by_time);
    int64_t median = m ? d[m / 2] : 300;
    free(d);
    return median >= 60 ? (median + 30) / 60 * 60 : median;
}

static int check_duplicates(const import_column *c, sa_error *e)
{
    const import_series *s = c->series;
    for (size_t i = 1; i < s->n; i++)
        if (s->time[i] == s->time[i - 1]) {
            char when[20];
            time_format(s->time[i], when);
            int64_t step = typical_step(s->time, s->n);
            return sa_fail(e, "%s: duplicate timestamp %s; resample with --step %lld (points "
                           "on one grid time are combined by --agg)", s->where, when,
                           (long long)step);
        }
    return 0;
}

/* Resamples every column onto the grid of step with one phase. */
static int resample_all(import_column *cols, size_t n, int64_t step, sa_error *e)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += cols[i].series->n;
    int64_t *all = calloc(total ? total : 1, sizeof *all);
    if (!all)
        return sa_fail(e, "out of memory");
    total = 0;
    for (size_t i = 0; i < n; i++) {
        memcpy(all + total, cols[i].series->time, cols[i].series->n * sizeof *all);
        total += cols[i].series->n;
    }
    int64_t phase = resample_phase(all, total, step);
    free(all);
    for (size_t i = 0; i < n; i++) {
        import_series *s = cols[i].series;
        int64_t *t = malloc((s->n ? s->n : 1) * sizeof *t);
        double *v = malloc((s->n ? s->n : 1) * sizeof *v);
        if (!t || !v) {
            free(t);
            free(v);
            return sa_fail(e, "out of memory");
        }
        s->n = resample_points(s->time, s->value, s->n, step, phase, cols[i].agg, t, v);
        free(s->time);
        free(s->value);
        s->time = t;
        s->value = v;
        s->cap = s->n;
    }
    return 0;
}

/* Without --step: a note when a column's times are not all a multiple of
 * its typical step apart (train would refuse the file), naming the fix. */
static void note_off_grid(const import_series *s)
{
    int64_t step = typical_step(s->time, s->n);
    for (size_t i = 1; step > 0 && i < s->n; i++)
        if ((s->time[i] - s->time[i - 1]) % step) {
            char when[20];
            time_format(s->time[i], when);
            msg_note("note: %s: %s is %lld s after the point before, not a multiple of the "
                     "step (%lld s); --step %lld puts the points on one grid", s->where, when,
                     (long long)(s->time[i] - s->time[i - 1]), (long long)step,
                     (long long)step);
            return;
        }
}

int import_align(import_column *cols, size_t n, int64_t step, sa_error *e)
{
    for (size_t i = 0; i < n; i++) {
        int sorted = import_series_sort(cols[i].series);
        if (sorted < 0)
            return sa_fail(e, "out of memory");
        if (sorted)
            msg_note("note: %s: points were not in time order; sorted", cols[i].series->where);
        if (!step && check_duplicates(&cols[i], e))
            return -1;
        if (!step)
            note_off_grid(cols[i].series);
    }
    return step ? resample_all(cols, n, step, e) : 0;
}

int import_format_value(double v, char *buf)
{
    int len = 0;
    for (int digits = 15; digits <= 17; digits++) {
        len = snprintf(buf, 32, "%.*g", digits, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    return len;
}

/* Writes the joined rows; returns how many. */
static size_t write_rows(FILE *fp, const import_column *cols, size_t n, size_t *at)
{
    size_t rows = 0;
    for (;;) {
        int64_t t = INT64_MIN;
        for (size_t i = 0; i < n; i++) {
            if (at[i] == cols[i].series->n)
                return rows;
            if (cols[i].series->time[at[i]] > t)
                t = cols[i].series->time[at[i]];
        }
        int all = 1;
        for (size_t i = 0; i < n; i++) {
            const import_series *s = cols[i].series;
            while (at[i] < s->n && s->time[at[i]] < t)
                at[i]++;
            all &= at[i] < s->n && s->time[at[i]] == t;
        }
        if (!all)
            continue;
        char when[20], value[32];
        time_format(t, when);
        fputs(when, fp);
        for (size_t i = 0; i < n; i++) {
            import_format_value(cols[i].series->value[at[i]++], value);
            fprintf(fp, ",%s", value);
        }
        fputc('\n', fp);
        rows++;
    }
}

/* Writes a header name, quoted when CSV needs it. */
static void put_name(FILE *fp, const char *name)
{
    if (!strpbrk(name, ",\"\r\n")) {
        fputs(name, fp);
        return;
    }
    fputc('"', fp);
    for (const char *p = name; *p; p++)
        fputs(*p == '"' ? "\"\"" : (char[2]){*p, 0}, fp);
    fputc('"', fp);
}

int import_write(const import_column *cols, size_t n, const char *path, sa_error *e)
{
    size_t *at = calloc(n, sizeof *at);
    outfile out = {0};
    if (!at)
        return sa_fail(e, "out of memory");
    if (outfile_open(&out, path, e)) {
        free(at);
        return -1;
    }
    fputs("timestamp", out.fp);
    for (size_t i = 0; i < n; i++) {
        fputc(',', out.fp);
        put_name(out.fp, cols[i].name);
    }
    fputc('\n', out.fp);
    size_t rows = write_rows(out.fp, cols, n, at);
    free(at);
    for (size_t i = 0; rows && i < n; i++)
        if (cols[i].series->n > rows)
            msg_note("note: %s: %zu of its %zu times are not in every column; left out",
                     cols[i].name, cols[i].series->n - rows, cols[i].series->n);
    if (rows == 0) {
        outfile_abort(&out);
        return sa_fail(e, "no time has a value in every column (%zu columns); nothing to write",
                       n);
    }
    return outfile_commit(&out, e);
}
