/* series.c — see series.h. Reading is one streaming pass through csv_read:
 * the header fixes which fields are parsed, each row is checked (field
 * count, timestamp, numbers, time order) and stored, either in growing
 * arrays or, with max_rows, in a ring of max_rows + 1 rows (the extra row
 * is the predecessor of the oldest kept row, so a gap or fill at the start
 * of the tail is still seen). The step is decided after the pass from a
 * table of the distinct differences over the whole file, then the final
 * arrays are built: gaps flagged or forward-filled, and the tail cut.
 * Sizes: R rows kept, C columns kept, M header fields. */
#include "series/series.h"
#include "base/message.h"
#include "series/csv.h"
#include "base/array.h"
#include "series/resample.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- timestamps ---------------------------------------------------------- */

static int is_leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int64_t y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Days since 1970-01-01 of a proleptic Gregorian date (eras of 400 years). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;                                  /* [0, 399] */
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1; /* [0, 365] */
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;          /* [0, 146096] */
    return era * 146097 + doe - 719468;
}

/* The inverse of days_from_civil. */
static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

/* Reads n digits at text (all must be digits). Returns the value or -1. */
static int digits(const char *text, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (text[i] < '0' || text[i] > '9')
            return -1;
        v = v * 10 + (text[i] - '0');
    }
    return v;
}

int time_parse(const char *text, size_t len, int64_t *t)
{
    if (len == 0)
        return -1;
    size_t i = text[0] == '-' ? 1 : 0;
    if (len - i >= 1 && len - i <= 18) { /* integer Unix seconds */
        size_t j = i;
        int64_t v = 0;
        while (j < len && text[j] >= '0' && text[j] <= '9')
            v = v * 10 + (text[j++] - '0');
        /* Only the seconds of years 0001..9999, which time_format can
         * write back: a larger number is not a time (often milliseconds). */
        int64_t lo = days_from_civil(1, 1, 1) * 86400;
        int64_t hi = days_from_civil(9999, 12, 31) * 86400 + 86399;
        if (j == len) {
            v = i ? -v : v;
            if (v < lo || v > hi)
                return -1;
            *t = v;
            return 0;
        }
    }
    if (len < 19 || text[4] != '-' || text[7] != '-' || (text[10] != ' ' && text[10] != 'T') ||
        text[13] != ':' || text[16] != ':')
        return -1;
    int y = digits(text, 4), mo = digits(text + 5, 2), d = digits(text + 8, 2);
    int h = digits(text + 11, 2), mi = digits(text + 14, 2), s = digits(text + 17, 2);
    if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h < 0 || h > 23 ||
        mi < 0 || mi > 59 || s < 0 || s > 59)
        return -1;
    i = 19;
    if (i < len && text[i] == '.') { /* fractional seconds, ignored */
        size_t start = ++i;
        while (i < len && text[i] >= '0' && text[i] <= '9')
            i++;
        if (i == start)
            return -1;
    }
    if (i < len && text[i] == 'Z')
        i++;
    if (i != len)
        return -1;
    *t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
    return 0;
}

/* Writes v (0 <= v < 10^n) as n digits. */
static void put_digits(char *out, int64_t v, int n)
{
    for (int i = n - 1; i >= 0; i--, v /= 10)
        out[i] = (char)('0' + v % 10);
}

void time_format(int64_t t, char *buf)
{
    int64_t days = time_days(t);
    int64_t sec = t - days * 86400, y;
    int m, d;
    civil_from_days(days, &y, &m, &d);
    if (y < 0) /* outside what the format can say: clamp to year 0000 / 9999 */
        y = 0;
    if (y > 9999)
        y = 9999;
    memcpy(buf, "0000-00-00 00:00:00", 20);
    put_digits(buf, y, 4);
    put_digits(buf + 5, m, 2);
    put_digits(buf + 8, d, 2);
    put_digits(buf + 11, sec / 3600, 2);
    put_digits(buf + 14, sec / 60 % 60, 2);
    put_digits(buf + 17, sec % 60, 2);
}

/* ---- reading ------------------------------------------------------------- */

#define MAX_DISTINCT_STEPS 256
#define SERIES_NAME_CAP 128      /* longest --column NAME */
#define SERIES_MAX_FILLED_ROWS 1000000   /* rows --fill may add to one file */

/* "resample it: scaleahead-import --step S FILE -o fixed.csv" for rows
 * step seconds apart, into buf; for rows further apart than any --step,
 * what to do instead. Returns buf. */
static const char *resample_advice(char *buf, size_t cap, int64_t step, const char *source)
{
    if (step > RESAMPLE_MAX_STEP)
        snprintf(buf, cap, "no scaleahead-import --step resamples rows this far apart (%d s "
                 "at most): edit the file", RESAMPLE_MAX_STEP);
    else
        snprintf(buf, cap, "resample it: scaleahead-import --step %lld %s -o fixed.csv",
                 (long long)step, source);
    return buf;
}

typedef struct step_count {
    int64_t diff;       /* seconds between consecutive rows */
    size_t count;
    long line;          /* first row (source line) showing this difference */
    int64_t time;       /* that row's timestamp */
} step_count;

typedef struct loader {
    const series_options *opt;
    const char *source;
    int have_header;
    size_t n_header;          /* M */
    size_t time_field;        /* header index of the timestamp */
    size_t n_cols;            /* C */
    char **names;             /* (C) owned until moved into the series */
    size_t *field_of;         /* (C) header index of each kept column */
    int ring;                 /* storage is a ring of cap rows */
    size_t cap, n_seen;       /* capacity; source rows read so far */
    int64_t *time;            /* (cap) */
    long *line;               /* (cap) */
    double **col;             /* (C)(cap) */
    int64_t prev_time;
    long prev_line;
    step_count steps[MAX_DISTINCT_STEPS];
    size_t n_steps, last_step;
} loader;

static void loader_free(loader *l)
{
    for (size_t c = 0; c < l->n_cols; c++) {
        if (l->names)
            free(l->names[c]);
        if (l->col)
            free(l->col[c]);
    }
    FREE_ALL(l->names, l->field_of, l->col, l->time, l->line);
}

/* Index of name in opt->columns (ignoring case), or -1. */
static int wanted_index(const series_options *opt, const char *name)
{
    for (size_t i = 0; i < opt->n_columns; i++)
        if (!strcasecmp(opt->columns[i], name))
            return (int)i;
    return -1;
}

int series_input_set(series_input *in, const char *const *map, size_t n_map,
                     const char *time_column, const char *delimiter, int snap, sa_error *e)
{
    *in = (series_input){time_column, 0, map, n_map, snap};
    if (delimiter && !(in->delimiter = csv_parse_delimiter(delimiter)))
        return sa_fail(e, "--delimiter '%s': want one character or tab", delimiter);
    for (size_t i = 0; i < n_map; i++) {
        const char *eq = strchr(map[i], '=');
        if (!eq || eq == map[i] || !eq[1] || eq - map[i] >= SERIES_NAME_CAP)
            return sa_fail(e, "--column %s: want NAME=HEADER (the header HEADER read as NAME)",
                           map[i]);
    }
    return 0;
}

/* The name header field `field` is read as: NAME of an input map entry
 * "NAME=HEADER" whose HEADER equals it ignoring case (copied into buf of
 * SERIES_NAME_CAP bytes), or field itself. */
static const char *mapped_name(const series_input *in, const char *field, char *buf)
{
    for (size_t i = 0; in && i < in->n_map; i++) {
        const char *eq = strchr(in->map[i], '=');
        if (eq && !strcasecmp(eq + 1, field) && eq - in->map[i] < SERIES_NAME_CAP) {
            memcpy(buf, in->map[i], (size_t)(eq - in->map[i]));
            buf[eq - in->map[i]] = 0;
            return buf;
        }
    }
    return field;
}

/* The error for a header without the time column, with the flag that
 * fixes it when a header looks like a time. */
static int no_time_column(const loader *l, const csv_row *row, const char *want, sa_error *e)
{
    static const char *const likely[] = {"time", "date", "datetime", "_time", "ts"};
    for (size_t f = 0; f < row->n_fields; f++)
        for (size_t k = 0; k < sizeof likely / sizeof *likely; k++)
            if (!strcasecmp(row->field[f], likely[k]))
                return sa_fail(e, "%s:%ld: column %s: missing from the header (read column "
                               "'%s' with --time-column %s)", l->source, row->line, want,
                               row->field[f], row->field[f]);
    return sa_fail(e, "%s:%ld: column %s: missing from the header", l->source, row->line, want);
}

/* Finds the time field and, in slot[k], the header field of each wanted
 * column k (or of each field, without opt->columns). */
static int find_fields(loader *l, const csv_row *row, long *slot, sa_error *e)
{
    const series_input *in = l->opt->input;
    const char *time_name = in && in->time_column ? in->time_column : "timestamp";
    int have_time = 0;
    for (size_t f = 0; f < row->n_fields; f++) {
        char buf[SERIES_NAME_CAP], other[SERIES_NAME_CAP];
        if (!strcasecmp(row->field[f], time_name)) {
            if (have_time)
                return sa_fail(e, "%s:%ld: column %s appears twice", l->source, row->line,
                               time_name);
            have_time = 1;
            l->time_field = f;
            continue;
        }
        const char *name = mapped_name(in, row->field[f], buf);
        long k = l->opt->columns ? wanted_index(l->opt, name) : (long)f;
        if (k < 0)
            continue; /* ignored, never parsed */
        for (size_t g = 0; g < f; g++)
            if (g != l->time_field && !strcasecmp(mapped_name(in, row->field[g], other), name))
                return sa_fail(e, "%s:%ld: column %s appears twice", l->source, row->line, name);
        slot[k] = (long)f;
    }
    return have_time ? 0 : no_time_column(l, row, time_name, e);
}

/* Finds the timestamp and the kept columns in the header row. */
static int take_header(loader *l, const csv_row *row, sa_error *e)
{
    const series_options *opt = l->opt;
    size_t m = row->n_fields, max_cols = opt->columns ? opt->n_columns : m;
    long *slot = malloc((max_cols ? max_cols : 1) * sizeof *slot);
    l->names = calloc(m, sizeof *l->names);
    l->field_of = calloc(m, sizeof *l->field_of);
    if (!slot || !l->names || !l->field_of) {
        free(slot);
        return sa_fail(e, "%s: out of memory", l->source);
    }
    for (size_t i = 0; i < max_cols; i++)
        slot[i] = -1;
    l->time_field = (size_t)-1;
    if (find_fields(l, row, slot, e)) {
        free(slot);
        return -1;
    }
    /* Kept columns in the order of opt->columns (header order without it),
     * named as asked, or as mapped. */
    for (size_t i = 0; i < max_cols; i++) {
        char buf[SERIES_NAME_CAP];
        if (slot[i] < 0)
            continue;
        const char *name = opt->columns ? opt->columns[i]
                                        : mapped_name(opt->input, row->field[slot[i]], buf);
        l->names[l->n_cols] = strdup(name);
        l->field_of[l->n_cols] = (size_t)slot[i];
        if (!l->names[l->n_cols]) {
            free(slot);
            return sa_fail(e, "%s: out of memory", l->source);
        }
        l->n_cols++;
    }
    free(slot);
    for (size_t i = 0; i < opt->n_required; i++) {
        size_t c = 0;
        while (c < l->n_cols && strcasecmp(l->names[c], opt->required[i]))
            c++;
        if (c == l->n_cols)
            return sa_fail(e, "%s:%ld: column %s: missing from the header (read another "
                           "column as it with --column %s=HEADER)", l->source, row->line,
                           opt->required[i], opt->required[i]);
    }
    l->n_header = m;
    l->have_header = 1;
    l->col = calloc(l->n_cols ? l->n_cols : 1, sizeof *l->col);
    if (!l->col)
        return sa_fail(e, "%s: out of memory", l->source);
    for (size_t c = 0; l->ring && c < l->n_cols; c++)
        if (!(l->col[c] = malloc(l->cap * sizeof **l->col)))
            return sa_fail(e, "%s: out of memory", l->source);
    return 0;
}

/* Makes room for row slot index n (growing arrays; a ring never grows). */
static int reserve(loader *l, size_t n)
{
    if (n < l->cap)
        return 0;
    size_t cap = l->cap ? 2 * l->cap : 1024;
    if (array_resize(&l->time, cap, sizeof *l->time) ||
        array_resize(&l->line, cap, sizeof *l->line))
        return -1;
    for (size_t c = 0; c < l->n_cols; c++)
        if (array_resize(&l->col[c], cap, sizeof *l->col[c]))
            return -1;
    l->cap = cap;
    return 0;
}

/* Counts the difference d (first seen at the current row) in the table. */
static int count_step(loader *l, int64_t d, long line, int64_t t, sa_error *e)
{
    if (l->n_steps && l->steps[l->last_step].diff == d) {
        l->steps[l->last_step].count++;
        return 0;
    }
    for (size_t i = 0; i < l->n_steps; i++)
        if (l->steps[i].diff == d) {
            l->steps[i].count++;
            l->last_step = i;
            return 0;
        }
    if (l->n_steps == MAX_DISTINCT_STEPS)
        return sa_fail(e, "%s:%ld: column timestamp: more than %d different time steps; rows "
                       "must be at one fixed step", l->source, line, MAX_DISTINCT_STEPS);
    l->steps[l->n_steps] = (step_count){d, 1, line, t};
    l->last_step = l->n_steps++;
    return 0;
}

/* The most common difference (ties: the smaller). */
static int64_t infer_step(const loader *l)
{
    int64_t step = 0;
    size_t best = 0;
    for (size_t i = 0; i < l->n_steps; i++)
        if (l->steps[i].count > best || (l->steps[i].count == best && l->steps[i].diff < step)) {
            best = l->steps[i].count;
            step = l->steps[i].diff;
        }
    return step;
}

static int take_row(void *ctx, const csv_row *row, sa_error *e)
{
    loader *l = ctx;
    if (!l->have_header)
        return take_header(l, row, e);
    if (row->n_fields != l->n_header)
        return sa_fail(e, "%s:%ld: row has %zu fields, header has %zu", l->source, row->line,
                       row->n_fields, l->n_header);
    int64_t t;
    const char *ts = row->field[l->time_field];
    size_t ts_len = row->len[l->time_field];
    if (time_parse(ts, ts_len, &t) != 0)
        return sa_fail(e, "%s:%ld: column timestamp: '%.*s%s' is not a timestamp (YYYY-MM-DD "
                       "HH:MM:SS, ISO 8601 with T/Z, or Unix seconds)", l->source, row->line,
                       ts_len > 40 ? 40 : (int)ts_len, ts, ts_len > 40 ? "..." : "");
    if (l->n_seen > 0) {
        int64_t d = t - l->prev_time;
        char now[20], before[20];
        if (d <= 0) {   /* only an error message needs them (two took 4 % of predict --last) */
            time_format(t, now);
            time_format(l->prev_time, before);
        }
        char fix[400];
        if (d == 0)
            return sa_fail(e, "%s:%ld: column timestamp: duplicate timestamp %s (also on line %ld); "
                           "%s", l->source, row->line, now, l->prev_line,
                           resample_advice(fix, sizeof fix, l->n_steps ? infer_step(l) : 300,
                                           l->source));
        if (d < 0)
            return sa_fail(e, "%s:%ld: column timestamp: %s goes backwards (line %ld has %s); "
                           "rows must be in time order (scaleahead-import %s -o sorted.csv "
                           "sorts them)", l->source, row->line, now, l->prev_line, before,
                           l->source);
        if (count_step(l, d, row->line, t, e) != 0)
            return -1;
    }
    size_t slot = l->ring ? l->n_seen % l->cap : l->n_seen;
    if (!l->ring && reserve(l, slot) != 0)
        return sa_fail(e, "%s: out of memory at line %ld", l->source, row->line);
    for (size_t c = 0; c < l->n_cols; c++)
        if (csv_field_double(row, l->field_of[c], l->source, l->names[c], &l->col[c][slot], e))
            return -1;
    l->time[slot] = t;
    l->line[slot] = row->line;
    l->prev_time = t;
    l->prev_line = row->line;
    l->n_seen++;
    return 0;
}

/* Allocates the arrays of s for n rows and c columns (names moved in). */
static int series_alloc(series *s, size_t n, loader *l)
{
    size_t rows = n ? n : 1;
    s->n_rows = n;
    s->n_cols = l->n_cols;
    s->col_name = l->names;
    l->names = NULL;
    s->col = calloc(l->n_cols ? l->n_cols : 1, sizeof *s->col);
    s->time = malloc(rows * sizeof *s->time);
    s->line = malloc(rows * sizeof *s->line);
    s->filled = calloc(rows, 1);
    s->gap_before = calloc(rows, 1);
    if (!s->col || !s->time || !s->line || !s->filled || !s->gap_before)
        return -1;
    for (size_t c = 0; c < l->n_cols; c++)
        if (!(s->col[c] = malloc(rows * sizeof **s->col)))
            return -1;
    return 0;
}

/* Does --fill fill a gap of k steps between two rows (k - 1 missing)? */
static int fills(const series_options *opt, int64_t k, int64_t step)
{
    return opt->fill && k > 1 && (k - 1) * step <= (int64_t)opt->fill;
}

/* Says what --fill did: how many gaps it filled, and which it left. */
static void note_fill(const loader *l, size_t first, size_t n_raw, int64_t step)
{
    size_t filled = 0, rows = 0, left = 0;
    int64_t longest = 0;
    for (size_t i = 1; i < n_raw; i++) {
        size_t a = (first + i - 1) % l->cap, b = (first + i) % l->cap;
        int64_t k = (l->time[b] - l->time[a]) / step;
        if (fills(l->opt, k, step)) {
            filled++;
            rows += (size_t)(k - 1);
        } else if (k > 1) {
            left++;
            longest = (k - 1) * step > longest ? (k - 1) * step : longest;
        }
    }
    if (filled)
        msg_note("%s: forward-filled %zu gap%s (%zu row%s)", l->source, filled,
                 filled == 1 ? "" : "s", rows, rows == 1 ? "" : "s");
    if (left)
        msg_note("%s: %zu gap%s longer than --max-fill %ds left unfilled (longest %lld s)",
                 l->source, left, left == 1 ? "" : "s", l->opt->fill, (long long)longest);
}

/* Builds s from the rows in l: flags or fills gaps, keeps the tail. */
static int build(series *s, loader *l, int64_t step, sa_error *e)
{
    const series_options *opt = l->opt;
    size_t n_raw = l->ring && l->n_seen > l->cap ? l->cap : l->n_seen;
    size_t first = l->ring && l->n_seen > l->cap ? l->n_seen % l->cap : 0; /* oldest slot */
    size_t n_out = n_raw;
    for (size_t i = 1; opt->fill && i < n_raw; i++) {
        size_t a = (first + i - 1) % l->cap, b = (first + i) % l->cap;
        int64_t k = (l->time[b] - l->time[a]) / step;
        n_out += fills(opt, k, step) ? (size_t)k - 1 : 0;
        /* A gap of years at a minute step would fill gigabytes: refuse. */
        if (n_out - n_raw > SERIES_MAX_FILLED_ROWS) {
            char when[20];
            time_format(l->time[b], when);
            return sa_fail(e, "%s:%ld: column timestamp: the gap before %s is too long to fill "
                           "(more than %d rows filled in all)", l->source, l->line[b], when,
                           SERIES_MAX_FILLED_ROWS);
        }
    }
    if (opt->fill)
        note_fill(l, first, n_raw, step);
    size_t skip = opt->max_rows && n_out > opt->max_rows ? n_out - opt->max_rows : 0;
    if (series_alloc(s, n_out - skip, l) != 0)
        return sa_fail(e, "%s: out of memory", l->source);
    size_t o = 0; /* output row, before the cut */
    for (size_t i = 0; i < n_raw; i++) {
        size_t b = (first + i) % l->cap;
        if (i > 0) {
            size_t a = (first + i - 1) % l->cap;
            int64_t k = (l->time[b] - l->time[a]) / step;
            int fill = fills(opt, k, step);
            for (int64_t j = 1; fill && j < k; j++, o++) {
                if (o < skip)
                    continue;
                s->time[o - skip] = l->time[a] + j * step;
                s->line[o - skip] = 0;
                s->filled[o - skip] = 1;
                for (size_t c = 0; c < l->n_cols; c++)
                    s->col[c][o - skip] = l->col[c][a];
            }
            if (!fill && k > 1 && o >= skip)
                s->gap_before[o - skip] = 1;
        }
        if (o >= skip) {
            s->time[o - skip] = l->time[b];
            s->line[o - skip] = l->line[b];
            for (size_t c = 0; c < l->n_cols; c++)
                s->col[c][o - skip] = l->col[c][b];
        }
        o++;
    }
    return 0;
}

/* Fails on the earliest row whose difference from the row before is not
 * a multiple of step, saying which flag or command fixes it. */
static int check_steps(const loader *l, int64_t step, int snapped, sa_error *e)
{
    const step_count *worst = NULL;
    for (size_t i = 0; i < l->n_steps; i++)
        if (l->steps[i].diff % step && (!worst || l->steps[i].line < worst->line))
            worst = &l->steps[i];
    if (!worst)
        return 0;
    char when[20], fix[400];
    time_format(worst->time, when);
    return sa_fail(e, "%s:%ld: column timestamp: %s is %lld s after the previous row, not a "
                   "multiple of the step (%lld s); %s%s", l->source, worst->line, when,
                   (long long)worst->diff, (long long)step,
                   snapped ? "" : "--snap 30 moves jitter onto the grid, or ",
                   resample_advice(fix, sizeof fix, step, l->source));
}

/* The step of rows whose differences jitter by up to snap seconds: the
 * difference with the most others within snap of it, averaged with them,
 * and rounded to whole minutes when that is within snap. 0 if none. */
static int64_t tolerant_step(const loader *l, int64_t snap)
{
    size_t best = 0;
    int64_t step = 0;
    for (size_t i = 0; i < l->n_steps; i++) {
        int64_t d = l->steps[i].diff;
        size_t support = 0;
        double sum = 0;
        for (size_t j = 0; d > snap && j < l->n_steps; j++)
            if (llabs(l->steps[j].diff - d) <= snap) {
                support += l->steps[j].count;
                sum += (double)l->steps[j].diff * (double)l->steps[j].count;
            }
        if (support > best) {
            best = support;
            step = (int64_t)llround(sum / (double)support);
        }
    }
    int64_t minutes = (step + 30) / 60 * 60;
    return minutes > 0 && llabs(minutes - step) <= snap ? minutes : step;
}

/* --snap: moves the kept rows onto the grid of the tolerant step (phase:
 * the most common remainder), failing on a row further than snap from it
 * or two rows that land together, then counts the steps again. */
static int snap_rows(loader *l, int64_t snap, sa_error *e)
{
    int64_t step = tolerant_step(l, snap);
    size_t n = l->ring && l->n_seen > l->cap ? l->cap : l->n_seen;
    size_t first = l->ring && l->n_seen > l->cap ? l->n_seen % l->cap : 0;
    if (n == 0 || step <= 0)
        return 0;
    int64_t *t = malloc(n * sizeof *t);
    if (!t)
        return sa_fail(e, "%s: out of memory", l->source);
    for (size_t i = 0; i < n; i++)
        t[i] = l->time[(first + i) % l->cap];
    int64_t phase = resample_phase(t, n, step);
    free(t);
    l->n_steps = 0;
    for (size_t i = 0; i < n; i++) {
        size_t b = (first + i) % l->cap, a = (first + i + l->cap - 1) % l->cap;
        int64_t g = resample_snap(l->time[b], step, phase);
        char when[20], fix[400];
        time_format(l->time[b], when);
        if (llabs(g - l->time[b]) > snap)
            return sa_fail(e, "%s:%ld: column timestamp: %s is %lld s off the %lld s grid, more "
                           "than --snap %lld; %s", l->source, l->line[b], when,
                           llabs(g - l->time[b]), (long long)step, (long long)snap,
                           resample_advice(fix, sizeof fix, step, l->source));
        l->time[b] = g;
        if (i > 0 && l->time[b] <= l->time[a])
            return sa_fail(e, "%s:%ld: column timestamp: %s lands on the grid time of line %ld "
                           "(--snap %lld); %s", l->source, l->line[b], when, l->line[a],
                           (long long)snap, resample_advice(fix, sizeof fix, step, l->source));
        if (i > 0 && count_step(l, l->time[b] - l->time[a], l->line[b], l->time[b], e))
            return -1;
    }
    return 0;
}

/* One read of path into s: the whole file, or with opt->max_rows only its
 * header and last opt->max_rows + 1 lines (csv_read_tail; exact: with
 * their true line numbers, *numbered says whether they have them). Returns
 * 0, or -1 with e set; s is freed on failure. */
static int read_once(series *s, const char *path, const series_options *opt, int exact,
                     int *numbered, sa_error *e)
{
    loader l = {.opt = opt, .source = csv_display_name(path)};
    char delimiter = opt->input ? opt->input->delimiter : 0;
    *numbered = 1;
    if (opt->max_rows) {
        l.ring = 1;
        l.cap = opt->max_rows + 1;
        l.time = malloc(l.cap * sizeof *l.time);
        l.line = malloc(l.cap * sizeof *l.line);
        if (!l.time || !l.line) {
            loader_free(&l);
            return sa_fail(e, "%s: out of memory", l.source);
        }
    }
    /* Every tool skips an unterminated last line (a logger still writing
     * it) with a note: the same file reads the same everywhere. */
    int rc = opt->max_rows
        ? csv_read_tail(path, delimiter, l.cap, exact, numbered, take_row, &l, e)
        : csv_read_flags(path, delimiter, CSV_DROP_TORN_LAST, take_row, &l, e);
    if (rc == 0 && !l.have_header)
        rc = sa_fail(e, "%s: is empty (expected a header line)", l.source);
    if (rc == 0 && l.n_seen == 0)
        rc = sa_fail(e, "%s: has a header but no data rows", l.source);
    const series_input *in = opt->input;
    if (rc == 0 && in && in->snap > 0 && snap_rows(&l, in->snap, e))
        rc = -1;
    int64_t step = rc == 0 ? infer_step(&l) : 0;
    if (rc == 0 && check_steps(&l, step, in && in->snap > 0, e))
        rc = -1;
    if (rc == 0 && build(s, &l, step, e) != 0)
        rc = -1;
    if (rc == 0) {
        s->step = step;
        for (size_t i = 0; i < l.n_steps; i++)
            if (l.steps[i].diff > step)
                s->n_gaps += l.steps[i].count;
        s->source = strdup(l.source);
        if (!s->source)
            rc = sa_fail(e, "%s: out of memory", l.source);
    }
    loader_free(&l);
    if (rc != 0)
        series_free(s);
    return rc;
}

int series_read(series *s, const char *path, const series_options *opt, sa_error *e)
{
    static const series_options defaults = {0};
    memset(s, 0, sizeof *s);
    if (!opt)
        opt = &defaults;
    /* A tail is read from the file's end; when that fails it is read again
     * with the lines before it counted, so an error names the right line. */
    int numbered;
    int rc = read_once(s, path, opt, 0, &numbered, e);
    return rc && !numbered ? read_once(s, path, opt, 1, &numbered, e) : rc;
}

int series_column(const series *s, const char *name)
{
    for (size_t c = 0; c < s->n_cols; c++)
        if (!strcmp(s->col_name[c], name))
            return (int)c;
    return -1;
}

void series_drop_rows(series *s, size_t k)
{
    if (k > s->n_rows)
        k = s->n_rows;
    size_t n = s->n_rows - k;
    for (size_t c = 0; c < s->n_cols; c++)
        memmove(s->col[c], s->col[c] + k, n * sizeof *s->col[c]);
    memmove(s->time, s->time + k, n * sizeof *s->time);
    if (s->wall)
        memmove(s->wall, s->wall + k, n * sizeof *s->wall);
    memmove(s->line, s->line + k, n * sizeof *s->line);
    memmove(s->filled, s->filled + k, n * sizeof *s->filled);
    memmove(s->gap_before, s->gap_before + k, n * sizeof *s->gap_before);
    s->n_rows = n;
}

void series_free(series *s)
{
    for (size_t c = 0; c < s->n_cols; c++) {
        if (s->col_name)
            free(s->col_name[c]);
        if (s->col)
            free(s->col[c]);
    }
    FREE_ALL(s->col_name, s->col, s->time, s->wall, s->line, s->filled, s->gap_before,
             s->source);
    memset(s, 0, sizeof *s);
}
