/* features.c — see features.h. The rolling statistics are computed first,
 * one pass per source column into scratch arrays (R); then the matrix is
 * written in blocks of rows, each block column by column (filling the
 * whole matrix column by column would sweep it through the cache once per
 * feature; row by row takes a switch per element). */
#include "features/features.h"
#include "base/strlist.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *const feat_names[FEAT_COUNT] = {
    "cpu_utilization", "network_in", "request_count", "is_sale_active",
    "hour", "day_of_week", "is_weekend", "is_business_hours",
    "time_category", "cpu_rolling_mean", "cpu_rolling_std", "cpu_rolling_min",
    "cpu_rolling_max", "cpu_diff", "network_rolling_mean", "request_rolling_mean",
    "sale_at_target", "cpu_seasonal",
};

int feat_id_by_name(const char *name)
{
    for (int i = 0; i < FEAT_COUNT; i++)
        if (!strcmp(feat_names[i], name))
            return i;
    return -1;
}

const char *feat_name(int id, const feat_column_name *columns)
{
    if (id >= 0 && id < FEAT_COUNT)
        return feat_names[id];
    return columns && id >= FEAT_COUNT && id < FEAT_MAX ? columns[id - FEAT_COUNT] : "?";
}

void feat_list_names(char *buf, size_t cap)
{
    size_t used = 0;
    buf[0] = 0;
    for (int i = 0; i < FEAT_COUNT && used < cap; i++)
        used += (size_t)snprintf(buf + used, cap - used, "%s%s", i ? ", " : "", feat_names[i]);
}

/* The id of name in a list being read: its feat_id, or the data column of
 * that name (added to columns, *n_columns of them so far). Returns the id,
 * or -1 with e set. */
static int list_id(const char *name, feat_column_name *columns, int *n_columns, sa_error *e)
{
    int id = feat_id_by_name(name);
    if (id >= 0)
        return id;
    if (!columns) {
        char known[FEAT_COUNT * 24];
        feat_list_names(known, sizeof known);
        return sa_fail(e, "unknown feature '%s' (the features: %s)", name, known);
    }
    for (int k = 0; k < *n_columns; k++)
        if (!strcmp(columns[k], name))
            return FEAT_COUNT + k;
    if (*n_columns == FEAT_MAX_COLUMNS)
        return sa_fail(e, "more than %d data columns as inputs (%s)", FEAT_MAX_COLUMNS, name);
    if (strlen(name) >= FEAT_NAME_LEN)
        return sa_fail(e, "column name '%.40s...' is too long", name);
    snprintf(columns[*n_columns], FEAT_NAME_LEN, "%s", name);
    return FEAT_COUNT + (*n_columns)++;
}

int feat_parse_list(const char *list, int *ids, feat_column_name *columns, sa_error *e)
{
    char *storage;
    const char *names[FEAT_MAX];
    int n = strlist_split(list, &storage, names, FEAT_MAX), n_columns = 0;
    if (n < 0) {
        free(storage);
        return sa_fail(e, "'%s' is not a list of at most %d names", list, FEAT_MAX);
    }
    if (columns)
        memset(columns, 0, FEAT_MAX_COLUMNS * sizeof *columns);
    int rc = 0;
    for (int i = 0; rc == 0 && i < n; i++) {
        ids[i] = list_id(names[i], columns, &n_columns, e);
        rc = ids[i] < 0 ? -1 : 0;
        for (int k = 0; rc == 0 && k < i; k++)
            if (ids[k] == ids[i])
                rc = sa_fail(e, "feature %s is listed twice", names[i]);
    }
    free(storage);   /* after the messages: names point into it */
    return rc ? -1 : n;
}

int feat_reads_calendar(const int *ids, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (ids[i] == FEAT_IS_SALE_ACTIVE || ids[i] == FEAT_SALE_AT_TARGET)
            return 1;
    return 0;
}

int feat_column(const feat_matrix *m, int id)
{
    for (size_t j = 0; j < m->n_feat; j++)
        if (m->ids[j] == id)
            return (int)j;
    return -1;
}

void feat_free(feat_matrix *m)
{
    free(m->x);
    memset(m, 0, sizeof *m);
}

/* ---- rolling statistics -------------------------------------------------- */

#define RESYNC_EVERY 1024

/* Monotone deque of indices into x, in a ring of DEQUE_SLOTS (a power of
 * two, so wrapping is a mask): for min the values increase from front to
 * back, so the front is the window's minimum. */
#define DEQUE_SLOTS 64
#define MAX_ROLLING_WINDOW (DEQUE_SLOTS - 2)

typedef struct deque {
    size_t idx[DEQUE_SLOTS];
    size_t head, len;
} deque;

static inline void deque_push(deque *d, const double *x, size_t t, int for_max)
{
    while (d->len) {
        size_t back = d->idx[(d->head + d->len - 1) & (DEQUE_SLOTS - 1)];
        if (for_max ? x[back] > x[t] : x[back] < x[t])
            break;
        d->len--;
    }
    d->idx[(d->head + d->len) & (DEQUE_SLOTS - 1)] = t;
    d->len++;
}

static inline void deque_expire(deque *d, size_t oldest)
{
    while (d->len && d->idx[d->head] < oldest) {
        d->head = (d->head + 1) & (DEQUE_SLOTS - 1);
        d->len--;
    }
}

/* A running mean and sum of squared deviations (Welford) over the values
 * in a window. */
typedef struct welford {
    size_t count;     /* values in the window */
    double mu, m2;    /* their mean and sum of squared deviations */
    double m2_peak;   /* largest m2 since the last exact recomputation */
} welford;

/* Takes old out of the window; inverse[k] = 1 / k. */
static void welford_remove(welford *s, double old, const double *inverse)
{
    s->count--;
    if (s->count == 0) {
        s->mu = s->m2 = 0;
        return;
    }
    double d = old - s->mu;
    s->mu -= d * inverse[s->count];
    s->m2 -= d * (old - s->mu);
}

static void welford_add(welford *s, double v, const double *inverse)
{
    s->count++;
    double d = v - s->mu;
    s->mu += d * inverse[s->count];
    s->m2 += d * (v - s->mu);
    if (s->m2 > s->m2_peak)
        s->m2_peak = s->m2;
}

/* Exact two-pass mean and m2 of x[oldest..t]. */
static void welford_resync(welford *s, const double *x, size_t oldest, size_t t)
{
    double sum = 0, q = 0;
    for (size_t i = oldest; i <= t; i++)
        sum += x[i];
    s->mu = sum / (double)s->count;
    for (size_t i = oldest; i <= t; i++)
        q += (x[i] - s->mu) * (x[i] - s->mu);
    s->m2 = s->m2_peak = q;
}

void feat_rolling(double *mean, double *std, double *min, double *max, const double *x,
                  const unsigned char *restart, size_t n, int w)
{
    if (w < 1)
        w = 1;
    if (w > MAX_ROLLING_WINDOW)
        w = MAX_ROLLING_WINDOW; /* the deque holds at most w indices */
    double inverse[MAX_ROLLING_WINDOW + 1]; /* 1 / count, to multiply not divide */
    for (int k = 1; k <= w; k++)
        inverse[k] = 1.0 / k;
    inverse[0] = 0;
    deque dmin = {{0}, 0, 0}, dmax = {{0}, 0, 0};
    size_t start = 0;       /* first row of the current segment */
    welford s = {0};
    for (size_t t = 0; t < n; t++) {
        if (t == 0 || (restart && restart[t])) {
            start = t;
            s = (welford){0};
            dmin.len = dmax.len = 0;
        }
        size_t oldest = t - start >= (size_t)w ? t + 1 - (size_t)w : start;
        if (s.count == (size_t)w) /* the value leaving the window */
            welford_remove(&s, x[oldest - 1], inverse);
        welford_add(&s, x[t], inverse);
        /* Removing a large value leaves m2 with an absolute error of about
         * eps * m2_peak; when m2 has shrunk far below that peak (or now and
         * then anyway) recompute it exactly from the window. */
        if (t % RESYNC_EVERY == 0 || s.m2 < 1e-8 * s.m2_peak)
            welford_resync(&s, x, oldest, t);
        if (mean)
            mean[t] = s.mu;
        if (std)
            std[t] = s.count > 1 && s.m2 > 0 ? sqrt(s.m2 / (double)(s.count - 1)) : 0.0;
        if (min) {
            deque_expire(&dmin, oldest);
            deque_push(&dmin, x, t, 0);
            min[t] = x[dmin.idx[dmin.head]];
        }
        if (max) {
            deque_expire(&dmax, oldest);
            deque_push(&dmax, x, t, 1);
            max[t] = x[dmax.idx[dmax.head]];
        }
    }
}

void feat_rolling_naive(double *mean, double *std, double *min, double *max, const double *x,
                        const unsigned char *restart, size_t n, int w)
{
    size_t start = 0;
    for (size_t t = 0; t < n; t++) {
        if (restart && restart[t])
            start = t;
        size_t from = t + 1 >= (size_t)w && t + 1 - (size_t)w > start ? t + 1 - (size_t)w : start;
        double s = 0, lo = x[from], hi = x[from];
        for (size_t i = from; i <= t; i++) {
            s += x[i];
            lo = x[i] < lo ? x[i] : lo;
            hi = x[i] > hi ? x[i] : hi;
        }
        double k = (double)(t - from + 1), mu = s / k, q = 0;
        for (size_t i = from; i <= t; i++)
            q += (x[i] - mu) * (x[i] - mu);
        if (mean)
            mean[t] = mu;
        if (std)
            std[t] = k > 1 ? sqrt(q / (k - 1)) : 0.0;
        if (min)
            min[t] = lo;
        if (max)
            max[t] = hi;
    }
}

/* ---- the matrix ---------------------------------------------------------- */

/* Source column a feature needs: 0 = the target, 1 = network_in,
 * 2 = request_count, 3 = is_sale_active (or the calendar), 4 + k = data
 * column k, -1 = time only. */
#define FEAT_SOURCES (4 + FEAT_MAX_COLUMNS)
static int feat_source(int id)
{
    if (id >= FEAT_COUNT)
        return 4 + (id - FEAT_COUNT);
    switch (id) {
    case FEAT_CPU: case FEAT_CPU_ROLLING_MEAN: case FEAT_CPU_ROLLING_STD:
    case FEAT_CPU_ROLLING_MIN: case FEAT_CPU_ROLLING_MAX: case FEAT_CPU_DIFF:
    case FEAT_CPU_SEASONAL:
        return 0;
    case FEAT_NETWORK_IN: case FEAT_NETWORK_ROLLING_MEAN: return 1;
    case FEAT_REQUEST_COUNT: case FEAT_REQUEST_ROLLING_MEAN: return 2;
    case FEAT_IS_SALE_ACTIVE: return 3;
    default: return -1;
    }
}

/* Rows filled at a time: a block of the matrix (BLOCK_ROWS, F) stays in
 * the cache while it is written column by column. */
#define BLOCK_ROWS 256

/* Hour (0-23) and day of week (Monday = 0) of the times t[0..n-1] (UTC,
 * or wall-clock times of the zone the features follow: series.h wall),
 * into hour (n) and dow (n). The second of the day steps forward from row
 * to row; a full division only where a step is not in (0, 1 day). */
static void hours_and_days(const int64_t *t, size_t n, unsigned char *hour, unsigned char *dow)
{
    int64_t second = 0;   /* of the day, of row i - 1 */
    int day = 0;          /* day of week of row i - 1 */
    for (size_t i = 0; i < n; i++) {
        int64_t d = i ? t[i] - t[i - 1] : 0;
        if (i > 0 && d > 0 && d < 86400) {
            second += d;
            if (second >= 86400) {
                second -= 86400;
                day = day == 6 ? 0 : day + 1;
            }
        } else {
            int64_t days = time_days(t[i]);
            second = t[i] - days * 86400;
            day = (int)(((days + 3) % 7 + 7) % 7); /* 1970-01-01 was a Thursday */
        }
        hour[i] = (unsigned char)(second / 3600);
        dow[i] = (unsigned char)day;
    }
}

/* What the fill reads besides the series: the rolling statistics, each
 * (R), computed once per source column before it. */
typedef struct scratch {
    double *mean, *std, *min, *max;   /* of the target */
    double *network_mean, *request_mean;
    double *seasonal;                 /* the target one day before t + horizon */
} scratch;

/* seasonal (R) = the target x at the row whose time is time[t] + ahead −
 * 1 day, or x[t] where no row has that time. Times ascend: one pass. */
static void seasonal_lag(double *seasonal, const double *x, const int64_t *time, size_t R,
                         int64_t ahead)
{
    size_t j = 0;
    for (size_t t = 0; t < R; t++) {
        int64_t want = time[t] + ahead - 86400;
        while (j < R && time[j] < want)
            j++;
        seasonal[t] = j < R && time[j] == want ? x[j] : x[t];
    }
}

/* Copies src[lo..hi-1] into column j of the block rows (hi - lo, F). */
static void fill_from(float *rows, size_t F, const double *src, size_t lo, size_t hi)
{
    for (size_t t = lo; t < hi; t++)
        rows[(t - lo) * F] = (float)src[t];
}

/* Writes the column of feature id for rows lo..hi-1 into block (hi - lo, F)
 * at column offset 0 of each row (the caller offsets block by the column).
 * src[k] are the source columns of feat_source (NULL when absent); hour and
 * dow (hi - lo) are those of the rows. */
static void fill_column(float *block, size_t F, int id, size_t lo, size_t hi, const series *s,
                        const double *const *src, const scratch *w, const unsigned char *hour,
                        const unsigned char *dow, const calendar *cal, int64_t ahead)
{
    size_t n = hi - lo;
    switch (id) {
    case FEAT_CPU: fill_from(block, F, src[0], lo, hi); break;
    case FEAT_NETWORK_IN: fill_from(block, F, src[1], lo, hi); break;
    case FEAT_REQUEST_COUNT: fill_from(block, F, src[2], lo, hi); break;
    case FEAT_IS_SALE_ACTIVE:
        if (src[3])
            fill_from(block, F, src[3], lo, hi);
        else
            for (size_t i = 0; i < n; i++)
                block[i * F] = (float)calendar_active(cal, s->time[lo + i]);
        break;
    case FEAT_HOUR:
        for (size_t i = 0; i < n; i++)
            block[i * F] = (float)hour[i];
        break;
    case FEAT_DAY_OF_WEEK:
        for (size_t i = 0; i < n; i++)
            block[i * F] = (float)dow[i];
        break;
    case FEAT_IS_WEEKEND:
        for (size_t i = 0; i < n; i++)
            block[i * F] = (float)(dow[i] >= 5);
        break;
    case FEAT_IS_BUSINESS_HOURS:
        for (size_t i = 0; i < n; i++)
            block[i * F] = (float)(hour[i] >= 9 && hour[i] < 17 && dow[i] < 5);
        break;
    case FEAT_TIME_CATEGORY:
        for (size_t i = 0; i < n; i++)
            block[i * F] = (float)((hour[i] > 6) + (hour[i] > 12) + (hour[i] > 18));
        break;
    case FEAT_CPU_ROLLING_MEAN: fill_from(block, F, w->mean, lo, hi); break;
    case FEAT_CPU_ROLLING_STD: fill_from(block, F, w->std, lo, hi); break;
    case FEAT_CPU_ROLLING_MIN: fill_from(block, F, w->min, lo, hi); break;
    case FEAT_CPU_ROLLING_MAX: fill_from(block, F, w->max, lo, hi); break;
    case FEAT_CPU_DIFF:
        for (size_t t = lo; t < hi; t++)
            block[(t - lo) * F] = t == 0 || (s->gap_before && s->gap_before[t])
                                      ? 0.0f
                                      : (float)(src[0][t] - src[0][t - 1]);
        break;
    case FEAT_NETWORK_ROLLING_MEAN: fill_from(block, F, w->network_mean, lo, hi); break;
    case FEAT_REQUEST_ROLLING_MEAN: fill_from(block, F, w->request_mean, lo, hi); break;
    case FEAT_SALE_AT_TARGET:
        for (size_t i = 0; i < n; i++)
            block[i * F] = (float)calendar_active(cal, s->time[lo + i] + ahead);
        break;
    case FEAT_CPU_SEASONAL: fill_from(block, F, w->seasonal, lo, hi); break;
    default: /* a data column, as it is */
        fill_from(block, F, src[feat_source(id)], lo, hi);
    }
}

/* Puts the wanted features that can be computed in m->ids, in order, and
 * the names of those whose source column is missing (comma-separated)
 * into names (FEAT_COUNT * 32). Returns 0, or -1 with e set (an id out of
 * range or listed twice, sale_at_target without a calendar). */
static int choose_features(feat_matrix *m, const int *wanted, size_t n_wanted,
                           const feat_column_name *columns, const series *s,
                           const double *const source[FEAT_SOURCES], const calendar *cal,
                           char *names, sa_error *e)
{
    for (size_t i = 0; i < n_wanted; i++) {
        int id = wanted[i];
        int column = id >= FEAT_COUNT && id < FEAT_MAX;
        if (id < 0 || id >= FEAT_MAX || (column && (!columns || !columns[id - FEAT_COUNT][0])))
            return sa_fail(e, "feature id %d is out of range", id);
        for (size_t k = 0; k < i; k++)
            if (wanted[k] == id)
                return sa_fail(e, "feature %s is listed twice", feat_name(id, columns));
        if (id >= FEAT_COUNT && !source[feat_source(id)])
            return sa_fail(e, "%s: column %s: not in the data (an input of the model)",
                           s->source, columns[id - FEAT_COUNT]);
        if (id == FEAT_SALE_AT_TARGET && !cal)
            return sa_fail(e, "feature %s needs a business calendar (--calendar)",
                           feat_names[id]);
        int src = feat_source(id);
        int missing = src > 0 && !source[src] && !(src == 3 && cal);
        if (missing) {
            if (names[0])
                strcat(names, ",");
            strcat(names, feat_names[id]);
            continue;
        }
        m->ids[m->n_feat++] = id;
    }
    return 0;
}

/* Fills m->x from the sources and the rolling statistics w: block by
 * block, each block column by column, so the switch is taken once a column
 * of a block and the block stays in the cache. */
static void fill_matrix(feat_matrix *m, const series *s, const double *const source[FEAT_SOURCES],
                        const scratch *w, const calendar *cal, int64_t ahead)
{
    size_t F = m->n_feat, R = m->n_rows;
    unsigned char hour[BLOCK_ROWS], dow[BLOCK_ROWS];
    for (size_t lo = 0; lo < R; lo += BLOCK_ROWS) {
        size_t hi = R - lo < BLOCK_ROWS ? R : lo + BLOCK_ROWS;
        hours_and_days((s->wall ? s->wall : s->time) + lo, hi - lo, hour, dow);
        for (size_t j = 0; j < F; j++)
            fill_column(m->x + lo * F + j, F, m->ids[j], lo, hi, s, source, w, hour, dow,
                        cal, ahead);
    }
}

int feat_build(feat_matrix *m, const series *s, const char *target, const int *wanted,
               size_t n_wanted, const feat_column_name *columns, const calendar *cal,
               int horizon, char **dropped, sa_error *e)
{
    static const int seed16[FEAT_SEED_COUNT] = {
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    memset(m, 0, sizeof *m);
    if (dropped)
        *dropped = NULL;
    if (!wanted) {
        wanted = seed16;
        n_wanted = FEAT_SEED_COUNT;
    }
    int target_col = series_column(s, target);
    if (target_col < 0)
        return sa_fail(e, "%s: column %s: not in the data (the target)", s->source, target);
    const double *source[FEAT_SOURCES] = {s->col[target_col]};
    int c;
    if ((c = series_column(s, "network_in")) >= 0)
        source[1] = s->col[c];
    if ((c = series_column(s, "request_count")) >= 0)
        source[2] = s->col[c];
    if ((c = series_column(s, "is_sale_active")) >= 0)
        source[3] = s->col[c];
    for (int k = 0; columns && k < FEAT_MAX_COLUMNS && columns[k][0]; k++)
        if ((c = series_column(s, columns[k])) >= 0)
            source[4 + k] = s->col[c];
    char names[FEAT_COUNT * 32] = "";
    if (choose_features(m, wanted, n_wanted, columns, s, source, cal, names, e))
        return -1;
    if (m->n_feat == 0)
        return sa_fail(e, "%s: none of the wanted features can be computed", s->source);
    size_t R = s->n_rows;
    m->n_rows = R;
    m->x = malloc((R ? R : 1) * m->n_feat * sizeof *m->x);
    double *stats = malloc((R ? R : 1) * 7 * sizeof *stats);
    if (!m->x || !stats || (dropped && names[0] && !(*dropped = strdup(names)))) {
        free(stats);
        feat_free(m);
        return sa_fail(e, "out of memory for the feature matrix (%zu rows)", R);
    }
    scratch w = {stats, stats + R, stats + 2 * R, stats + 3 * R, stats + 4 * R, stats + 5 * R,
                 stats + 6 * R};
    feat_rolling(w.mean, w.std, w.min, w.max, source[0], s->gap_before, R, FEAT_ROLLING_WINDOW);
    if (feat_column(m, FEAT_NETWORK_ROLLING_MEAN) >= 0)
        feat_rolling(w.network_mean, NULL, NULL, NULL, source[1], s->gap_before, R,
                     FEAT_ROLLING_WINDOW);
    if (feat_column(m, FEAT_REQUEST_ROLLING_MEAN) >= 0)
        feat_rolling(w.request_mean, NULL, NULL, NULL, source[2], s->gap_before, R,
                     FEAT_ROLLING_WINDOW);
    int64_t ahead = (int64_t)horizon * s->step;
    if (feat_column(m, FEAT_CPU_SEASONAL) >= 0)
        seasonal_lag(w.seasonal, source[0], s->time, R, ahead);
    fill_matrix(m, s, source, &w, cal, ahead);
    free(stats);
    return 0;
}
