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

static int check_duplicates(const import_member *m, sa_error *e)
{
    for (size_t i = 1; i < m->n; i++)
        if (m->time[i] == m->time[i - 1]) {
            char when[20];
            time_format(m->time[i], when);
            int64_t step = typical_step(m->time, m->n);
            if (step > RESAMPLE_MAX_STEP)
                return sa_fail(e, "%s: duplicate timestamp %s; its points are further apart "
                               "than --step can resample (%d s at most): remove one",
                               m->series->where, when, RESAMPLE_MAX_STEP);
            return sa_fail(e, "%s: duplicate timestamp %s; resample with --step %lld (points "
                           "on one grid time are combined by --agg)", m->series->where, when,
                           (long long)step);
        }
    return 0;
}

/* Without --step: a note when a member's times are not all a multiple of
 * its typical step apart (train would refuse the file), naming the fix
 * when --step can make it. */
static void note_off_grid(const import_member *m)
{
    int64_t step = typical_step(m->time, m->n);
    for (size_t i = 1; step > 0 && i < m->n; i++)
        if ((m->time[i] - m->time[i - 1]) % step) {
            char when[20], fix[64] = "";
            time_format(m->time[i], when);
            if (step <= RESAMPLE_MAX_STEP)
                snprintf(fix, sizeof fix, "; --step %lld puts the points on one grid",
                         (long long)step);
            msg_note("note: %s: %s is %lld s after the point before, not a multiple of the "
                     "step (%lld s)%s", m->series->where, when,
                     (long long)(m->time[i] - m->time[i - 1]), (long long)step, fix);
            return;
        }
}

/* The grid's phase from the points of every member of every column. */
static int common_phase(const import_column *cols, size_t n, int64_t step, int64_t *phase,
                        sa_error *e)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < cols[i].n_members; k++)
            total += cols[i].member[k].n;
    int64_t *all = malloc((total ? total : 1) * sizeof *all);
    if (!all)
        return sa_fail(e, "out of memory");
    total = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < cols[i].n_members; k++) {
            const import_member *m = &cols[i].member[k];
            memcpy(all + total, m->time, m->n * sizeof *all);
            total += m->n;
        }
    *phase = resample_phase(all, total, step);
    free(all);
    return 0;
}

/* Resamples member m onto the grid phase + k * step in place. */
static int resample_member(import_member *m, int64_t step, int64_t phase, resample_agg agg,
                           sa_error *e)
{
    int64_t *t = malloc((m->n ? m->n : 1) * sizeof *t);
    double *v = malloc((m->n ? m->n : 1) * sizeof *v);
    if (!t || !v) {
        free(t);
        free(v);
        return sa_fail(e, "out of memory");
    }
    m->n = resample_points(m->time, m->value, m->n, step, phase, agg, t, v);
    free(m->time);
    free(m->value);
    m->time = t;
    m->value = v;
    return 0;
}

int import_align(import_column *cols, size_t n, int64_t step, sa_error *e)
{
    int64_t phase = 0;
    if (step && common_phase(cols, n, step, &phase, e))
        return -1;
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < cols[i].n_members; k++) {
            import_member *m = &cols[i].member[k];
            if (step && resample_member(m, step, phase, cols[i].agg, e))
                return -1;
            if (!step && check_duplicates(m, e))
                return -1;
            if (!step)
                note_off_grid(m);
        }
        if (import_combine_members(&cols[i], e))
            return -1;
    }
    return 0;
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

/* Moves at[] to the next time every column holds: returns 1 with *t set
 * (at[i] then indexes column i's point at *t), 0 when there is none. */
static int next_common(const import_column *cols, size_t n, size_t *at, int64_t *t)
{
    for (;;) {
        int64_t latest = INT64_MIN;
        for (size_t i = 0; i < n; i++) {
            if (at[i] == cols[i].n)
                return 0;
            if (cols[i].time[at[i]] > latest)
                latest = cols[i].time[at[i]];
        }
        int all = 1;
        for (size_t i = 0; i < n; i++) {
            while (at[i] < cols[i].n && cols[i].time[at[i]] < latest)
                at[i]++;
            all &= at[i] < cols[i].n && cols[i].time[at[i]] == latest;
        }
        if (all) {
            *t = latest;
            return 1;
        }
    }
}

/* Writes the joined rows. */
static void write_rows(FILE *fp, const import_column *cols, size_t n, size_t *at)
{
    int64_t t;
    while (next_common(cols, n, at, &t)) {
        char when[20], value[32];
        time_format(t, when);
        fputs(when, fp);
        for (size_t i = 0; i < n; i++) {
            import_format_value(cols[i].value[at[i]++], value);
            fprintf(fp, ",%s", value);
        }
        fputc('\n', fp);
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

/* The error for columns without a common time: each one's span. */
static int no_common_time(const import_column *cols, size_t n, sa_error *e)
{
    char spans[600];
    size_t used = 0;
    spans[0] = 0;
    for (size_t i = 0; i < n && used < sizeof spans; i++) {
        char first[20], last[20];
        time_format(cols[i].time[0], first);
        time_format(cols[i].time[cols[i].n - 1], last);
        used += (size_t)snprintf(spans + used, sizeof spans - used, "%s%.40s %s to %s",
                                 i ? "; " : "", cols[i].name, first, last);
    }
    return sa_fail(e, "no time has a value in every column (%s); nothing written", spans);
}

int import_write(const import_column *cols, size_t n, const char *path, sa_error *e)
{
    size_t *at = calloc(n ? n : 1, sizeof *at), rows = 0;
    int64_t t;
    if (!at)
        return sa_fail(e, "out of memory");
    while (next_common(cols, n, at, &t))
        rows++, at[0]++;
    memset(at, 0, n * sizeof *at);
    outfile out = {0};
    if (rows == 0 || outfile_open(&out, path, e)) {
        free(at);
        return rows ? -1 : no_common_time(cols, n, e);
    }
    fputs("timestamp", out.fp);
    for (size_t i = 0; i < n; i++) {
        fputc(',', out.fp);
        put_name(out.fp, cols[i].name);
    }
    fputc('\n', out.fp);
    write_rows(out.fp, cols, n, at);
    free(at);
    for (size_t i = 0; i < n; i++)
        if (cols[i].n > rows)
            msg_note("note: %s: %zu of its %zu times are not in every column; left out",
                     cols[i].name, cols[i].n - rows, cols[i].n);
    return outfile_commit(&out, e);
}
