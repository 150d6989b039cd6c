/* datagen.c — see datagen.h.
 *
 * THE SEED PROFILE (--profile seed), the seed project's generator exactly:
 *   N = days * 86400 / step rows (288 a day at 5 minutes), row i at
 *   start + i * step; f_i = sin(i * days * 2 pi / (N - 1)) (numpy's
 *   linspace(0, days * 2 pi, N), end point included).
 *   cpu = 20 + 15 f + N(0, 2), network_in = 100 + 80 f + N(0, 10),
 *   request_count = 500 + 400 f + N(0, 50).
 *   Sale days 5, 10 and 15 in the seed's 15 days: every fifth day (whole
 *   days from the start, those inside the period; or the events of
 *   --calendar): +40 cpu, +300 network_in, +2000 requests and
 *   is_sale_active = 1.
 *   Then + N(0, 5), N(0, 20), N(0, 100) on every row, clipped to [5, 95],
 *   [20, 1000], [100, 5000].
 *   Columns the seed lacks: memory_utilization = 30 + 0.6 cpu + N(0, 2)
 *   clipped to [5, 95]; network_out = 0.6 network_in + N(0, 8) clipped to
 *   [10, 1000].
 *
 * THE REALISTIC PROFILE (--profile realistic, the default), a web shop.
 * Time t, hour of day h (fractional, UTC), day of week (Monday = 0), days
 * since the start d; s(x) = 1 / (1 + e^-x) is the logistic function.
 *   Daily shape: business(h) = s((h - 8.5) / 0.6) * s((17.5 - h) / 0.6), a
 *     plateau from 9:00 to 17:00 with soft edges; evening(h) =
 *     exp(-((h - 20.5) / 1.8)^2 / 2), the after-work shopping bump.
 *   Weekly cycle: D = 0.55 business + 0.30 evening on weekdays,
 *     D = 0.15 business + 0.40 evening on Saturday and Sunday.
 *   Growth: G = 1 + 0.004 d (0.4 % a day).
 *   Base load: L0 = G (0.20 + D).
 *   Sales (business calendar): an event starting at a and ending at b ramps
 *     up as r = smoothstep((t - a) / 3600) (one hour, smoothstep(x) =
 *     3x^2 - 2x^3 on [0, 1]) and, after b, down as smoothstep(1 - (t - b) /
 *     1800); its intensity k = 0.6 + 0.6 u with u uniform in [0, 1) from a
 *     hash of (seed, a). is_sale_active is 1 for a <= t < b only. Without
 *     --calendar the events are drawn from the seed: one per five days (or
 *     part, at least one), each on its own random calendar day after the
 *     first (days counted from the start's midnight, UTC),
 *     starting on the hour between 08:00 and 14:00, lasting 4 to 12 hours.
 *   Flash crowds: at each row one starts with probability step / 3 days;
 *     amplitude A = 0.3 + 0.6 u; it adds F = S - Q where S and Q both jump by
 *     A and decay by exp(-step / 1500 s) and exp(-step / 180 s) per row (a
 *     rise of minutes, a decay of about half an hour).
 *   Load: L = L0 (1 + k r + F).
 *   Metrics (T3 = Student t with 3 degrees of freedom, Lap = Laplace with
 *     scale 1, Z = standard normal: heavy tails for the load-driven ones):
 *     cpu = 100 (1 - exp(-1.3 L)) + 1.5 T3, clipped to [1, 100] (a server
 *       saturates as load grows);
 *     request_count = round(1000 L (1 + 0.06 Lap)), clipped to [0, 1e7];
 *     network_in = 20 + 300 L (1 + 0.05 Lap), clipped to [0, 1e7];
 *     network_out follows 2.2 network_in through exponential smoothing with
 *       a 10-minute time constant, times (1 + 0.03 Z), clipped to [0, 1e7];
 *     memory = 25 + 0.45 M + leak + 0.8 Z, clipped to [0, 100], where M
 *       follows cpu through exponential smoothing with a 45-minute time
 *       constant and leak = 8 (hours since the last 03:00) / 24 is a slow
 *       leak that a nightly restart at 03:00 clears.
 *   The smoothing states start at the first row's values. With --noise 0
 *   every random term and the flash crowds drop out (the noise scale
 *   multiplies every random term of both profiles).
 */
#include "series/datagen.h"
#include "series/csv.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The CSV names of the value columns, in DG_ order. */
static const char *const datagen_columns[DG_COLS] = {
    "cpu_utilization", "memory_utilization", "network_in",
    "network_out", "request_count", "is_sale_active",
};

datagen_options datagen_defaults(void)
{
    datagen_options o = {DATAGEN_REALISTIC, 15, 300, 1736121600 /* 2025-01-06 */, 42, 1.0};
    return o;
}

int datagen_check(const datagen_options *opt, sa_error *e)
{
    if (opt->days < 1)
        return sa_fail(e, "days must be at least 1 (got %d)", opt->days);
    if (opt->step < 1 || opt->step > 86400 || 86400 % opt->step)
        return sa_fail(e, "step must divide a day (86400 s) (got %lld)", (long long)opt->step);
    if (datagen_rows(opt) < 2)
        return sa_fail(e, "the period makes fewer than two rows");
    return 0;
}

size_t datagen_rows(const datagen_options *opt)
{
    return opt->step > 0 ? (size_t)opt->days * (size_t)(86400 / opt->step) : 0;
}

int datagen_calendar(calendar *c, const datagen_options *opt, sa_error *e)
{
    memset(c, 0, sizeof *c);
    char name[64];
    if (opt->profile == DATAGEN_SEED) {
        for (int d = 5; d <= opt->days; d += 5) {
            snprintf(name, sizeof name, "sale day %d", d);
            int64_t a = opt->start + (int64_t)(d - 1) * 86400;
            if (calendar_add(c, a, a + 86400, name, e) != 0)
                return -1;
        }
        return 0;
    }
    rng r;
    rng_seed_stream(&r, opt->seed, 1);
    int n_events = (opt->days + 4) / 5, free_days = opt->days - 1;
    if (n_events > free_days)
        n_events = free_days;
    char *used = calloc((size_t)opt->days, 1);
    if (!used)
        return sa_fail(e, "out of memory");
    for (int k = 0; k < n_events; k++) {
        int day;
        do
            day = 1 + (int)rng_below(&r, (uint64_t)free_days);
        while (used[day]);
        used[day] = 1;
    }
    for (int day = 1, k = 0; day < opt->days; day++) { /* named in time order */
        if (!used[day])
            continue;
        int64_t midnight = opt->start - ((opt->start % 86400) + 86400) % 86400;
        int64_t a = midnight + (int64_t)day * 86400 + (8 + (int64_t)rng_below(&r, 7)) * 3600;
        int64_t hours = 4 + (int64_t)rng_below(&r, 9);
        snprintf(name, sizeof name, "sale %d", ++k);
        if (calendar_add(c, a, a + hours * 3600, name, e) != 0) {
            free(used);
            return -1;
        }
    }
    free(used);
    return 0;
}

/* Generator state: fill with datagen_begin, then call datagen_next for rows
 * 0, 1, 2, ... in order. cal is borrowed and must outlive the generator. */
typedef struct datagen {
    datagen_options opt;
    const calendar *cal;
    rng noise;              /* per-row random terms */
    rng events;             /* flash crowds */
    size_t n_rows, row;
    double flash_fast, flash_slow;  /* flash-crowd rise and decay states */
    double mem_smooth, net_smooth;  /* lagged followers (exponential smoothing) */
} datagen;

/* Starts a generator for opt with the sale calendar cal (not NULL). */
static void datagen_begin(datagen *g, const datagen_options *opt, const calendar *cal)
{
    memset(g, 0, sizeof *g);
    g->opt = *opt;
    g->cal = cal;
    g->n_rows = datagen_rows(opt);
    rng_seed_stream(&g->noise, opt->seed, 0);
    rng_seed_stream(&g->events, opt->seed, 2);
}

static double clip(double v, double lo, double hi) { return v < lo ? lo : v > hi ? hi : v; }

static double logistic(double x) { return 1.0 / (1.0 + exp(-x)); }

static double smoothstep(double x)
{
    x = clip(x, 0.0, 1.0);
    return x * x * (3.0 - 2.0 * x);
}

/* Student t with 3 degrees of freedom: Z / sqrt(chi2_3 / 3). */
static double student_t3(rng *r)
{
    double z = rng_normal(r), a = rng_normal(r), b = rng_normal(r), c = rng_normal(r);
    return z / sqrt((a * a + b * b + c * c) / 3.0);
}

/* Laplace with scale 1, by inverting its distribution function. */
static double laplace(rng *r)
{
    double u = rng_uniform(r) - 0.5;
    return u < 0 ? log(1.0 + 2.0 * u) : -log(1.0 - 2.0 * u);
}

static void seed_row(datagen *g, int64_t t, double *v)
{
    const datagen_options *o = &g->opt;
    double q = o->noise, f = sin((double)g->row * o->days * 2.0 * M_PI / (double)(g->n_rows - 1));
    rng *r = &g->noise;
    double cpu = 20 + 15 * f + q * 2 * rng_normal(r);
    double net = 100 + 80 * f + q * 10 * rng_normal(r);
    double req = 500 + 400 * f + q * 50 * rng_normal(r);
    int sale = calendar_active(g->cal, t);
    if (sale) {
        cpu += 40;
        net += 300;
        req += 2000;
    }
    cpu = clip(cpu + q * 5 * rng_normal(r), 5, 95);
    net = clip(net + q * 20 * rng_normal(r), 20, 1000);
    req = clip(req + q * 100 * rng_normal(r), 100, 5000);
    v[DG_CPU] = cpu;
    v[DG_NETWORK_IN] = net;
    v[DG_REQUESTS] = req;
    v[DG_SALE] = sale;
    v[DG_MEMORY] = clip(30 + 0.6 * cpu + q * 2 * rng_normal(r), 5, 95);
    v[DG_NETWORK_OUT] = clip(0.6 * net + q * 8 * rng_normal(r), 10, 1000);
}

/* The sale ramp k r of the realistic model at time t. */
static double sale_boost(const datagen *g, int64_t t)
{
    const calendar_event *ev = calendar_event_at(g->cal, t);
    double ramp;
    if (ev) {
        ramp = smoothstep((double)(t - ev->start) / 3600.0);
    } else {
        ev = calendar_event_at(g->cal, t - 1800); /* ended less than 30 min ago? */
        if (!ev)
            return 0.0;
        ramp = smoothstep(1.0 - (double)(t - ev->end) / 1800.0);
    }
    uint64_t h = rng_mix(g->opt.seed ^ rng_mix((uint64_t)ev->start));
    return (0.6 + 0.6 * (double)(h >> 11) * 0x1.0p-53) * ramp;
}

static void realistic_row(datagen *g, int64_t t, double *v)
{
    const datagen_options *o = &g->opt;
    double q = o->noise, step = (double)o->step;
    int64_t days = time_days(t);
    double h = (double)(t - days * 86400) / 3600.0;
    int dow = (int)(((days + 3) % 7 + 7) % 7);
    double business = logistic((h - 8.5) / 0.6) * logistic((17.5 - h) / 0.6);
    double evening = exp(-0.5 * ((h - 20.5) / 1.8) * ((h - 20.5) / 1.8));
    double shape = dow >= 5 ? 0.15 * business + 0.40 * evening : 0.55 * business + 0.30 * evening;
    double growth = 1.0 + 0.004 * (double)(t - o->start) / 86400.0;
    double base = growth * (0.20 + shape);

    rng *r = &g->noise;
    g->flash_slow *= exp(-step / 1500.0);
    g->flash_fast *= exp(-step / 180.0);
    if (q > 0 && rng_uniform(&g->events) < step / (3.0 * 86400.0)) {
        double amplitude = 0.3 + 0.6 * rng_uniform(&g->events);
        g->flash_slow += amplitude;
        g->flash_fast += amplitude;
    }
    double load = base * (1.0 + sale_boost(g, t) + (g->flash_slow - g->flash_fast));

    double cpu = clip(100.0 * (1.0 - exp(-1.3 * load)) + q * 1.5 * student_t3(r), 1, 100);
    double req = clip(round(1000.0 * load * (1.0 + q * 0.06 * laplace(r))), 0, 1e7);
    double net = clip(20.0 + 300.0 * load * (1.0 + q * 0.05 * laplace(r)), 0, 1e7);
    if (g->row == 0) {
        g->net_smooth = 2.2 * net;
        g->mem_smooth = cpu;
    }
    g->net_smooth += (1.0 - exp(-step / 600.0)) * (2.2 * net - g->net_smooth);
    g->mem_smooth += (1.0 - exp(-step / 2700.0)) * (cpu - g->mem_smooth);
    double since_restart = fmod(h - 3.0 + 24.0, 24.0);
    v[DG_CPU] = cpu;
    v[DG_REQUESTS] = req;
    v[DG_NETWORK_IN] = net;
    v[DG_NETWORK_OUT] = clip(g->net_smooth * (1.0 + q * 0.03 * rng_normal(r)), 0, 1e7);
    v[DG_MEMORY] = clip(25.0 + 0.45 * g->mem_smooth + 8.0 * since_restart / 24.0 +
                        q * 0.8 * rng_normal(r), 0, 100);
    v[DG_SALE] = calendar_active(g->cal, t);
}

/* Computes the next row into values (DG_COLS) and returns its time. */
static int64_t datagen_next(datagen *g, double *values)
{
    int64_t t = g->opt.start + (int64_t)g->row * g->opt.step;
    if (g->opt.profile == DATAGEN_SEED)
        seed_row(g, t, values);
    else
        realistic_row(g, t, values);
    g->row++;
    return t;
}

/* ---- output -------------------------------------------------------------- */

#define OUT_BUFFER (1 << 20)

int datagen_write(FILE *fp, const datagen_options *opt, const calendar *cal, sa_error *e)
{
    if (datagen_check(opt, e) != 0)
        return -1;
    char *buf = malloc(OUT_BUFFER);
    if (!buf)
        return sa_fail(e, "out of memory");
    char *p = buf;
    p += sprintf(p, "timestamp");
    for (int c = 0; c < DG_COLS; c++)
        p += sprintf(p, ",%s", datagen_columns[c]);
    *p++ = '\n';
    datagen g;
    datagen_begin(&g, opt, cal);
    char stamp[20];
    int64_t day = INT64_MIN;
    double v[DG_COLS];
    int rc = 0;
    for (size_t i = 0; i < g.n_rows && rc == 0; i++) {
        int64_t t = datagen_next(&g, v);
        int64_t d = time_days(t), sec = t - d * 86400;
        if (d != day) { /* the date part changes once a day */
            time_format(t, stamp);
            day = d;
        }
        memcpy(p, stamp, 11);
        p[11] = (char)('0' + sec / 36000);
        p[12] = (char)('0' + sec / 3600 % 10);
        p[13] = ':';
        p[14] = (char)('0' + sec / 60 % 60 / 10);
        p[15] = (char)('0' + sec / 60 % 10);
        p[16] = ':';
        p[17] = (char)('0' + sec % 60 / 10);
        p[18] = (char)('0' + sec % 10);
        p += 19;
        for (int c = 0; c < DG_SALE; c++) {
            *p++ = ',';
            p = csv_put_fixed(p, v[c], 4, 0);
        }
        *p++ = ',';
        *p++ = v[DG_SALE] != 0 ? '1' : '0';
        *p++ = '\n';
        if (p - buf > OUT_BUFFER - 512) {
            if (fwrite(buf, 1, (size_t)(p - buf), fp) != (size_t)(p - buf))
                rc = sa_fail(e, "write error");
            p = buf;
        }
    }
    if (rc == 0 && fwrite(buf, 1, (size_t)(p - buf), fp) != (size_t)(p - buf))
        rc = sa_fail(e, "write error");
    free(buf);
    return rc;
}

int datagen_series(series *s, const datagen_options *opt, const calendar *cal, sa_error *e)
{
    memset(s, 0, sizeof *s);
    if (datagen_check(opt, e) != 0)
        return -1;
    size_t n = datagen_rows(opt);
    s->n_rows = n;
    s->n_cols = DG_COLS;
    s->col_name = calloc(DG_COLS, sizeof *s->col_name);
    s->col = calloc(DG_COLS, sizeof *s->col);
    s->time = malloc(n * sizeof *s->time);
    s->line = malloc(n * sizeof *s->line);
    s->filled = calloc(n, 1);
    s->gap_before = calloc(n, 1);
    s->source = strdup("datagen");
    int bad = !s->col_name || !s->col || !s->time || !s->line || !s->filled || !s->gap_before ||
              !s->source;
    for (int c = 0; !bad && c < DG_COLS; c++) {
        s->col_name[c] = strdup(datagen_columns[c]);
        s->col[c] = malloc(n * sizeof **s->col);
        bad = !s->col_name[c] || !s->col[c];
    }
    if (bad) {
        series_free(s);
        return sa_fail(e, "out of memory for %zu generated rows", n);
    }
    s->step = opt->step;
    datagen g;
    datagen_begin(&g, opt, cal);
    double v[DG_COLS];
    for (size_t i = 0; i < n; i++) {
        s->time[i] = datagen_next(&g, v);
        s->line[i] = (long)i + 2; /* as if read back from the CSV */
        for (int c = 0; c < DG_COLS; c++)
            s->col[c][i] = v[c];
    }
    return 0;
}
