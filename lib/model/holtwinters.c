/* holtwinters.c — see holtwinters.h. */
#include "model/holtwinters.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/nelder_mead.h"

/* Initial states, l_{-1}, b_{-1} and s_{-m..-1} (season[j] is phase j). */
typedef struct hw_start {
    double level, trend;
    double *season;    /* (m), owned */
} hw_start;

size_t hw_season_for(size_t n_train, size_t period)
{
    return period >= 2 && n_train >= 2 * period ? period : 0;
}

/* Intercept (at x = 0) and slope of the least-squares line through
 * (1, v[0]) .. (10, v[9]). */
static void line_through_ten(const double *v, double *level, double *trend)
{
    double mean = 0, sxy = 0, sxx = 0;
    for (int i = 0; i < 10; i++)
        mean += v[i] / 10;
    for (int i = 0; i < 10; i++) {
        double dx = (i + 1) - 5.5;
        sxy += dx * (v[i] - mean);
        sxx += dx * dx;
    }
    *trend = sxy / sxx;
    *level = mean - *trend * 5.5;
}

/* The heuristic start with a season (header): needs n >= 2m and
 * n >= 10 + 2·floor(m/2). Returns 0 or -1 (out of memory). */
static int start_heuristic_seasonal(const double *y, size_t n, size_t m, hw_start *st)
{
    size_t min_obs = 10 + 2 * (m / 2);
    size_t k = n / m < 5 ? n / m : 5;
    if (k * m < min_obs)
        k = (min_obs + m - 1) / m;
    size_t L = k * m < n ? k * m : n;
    double *prefix = malloc((L + 1) * sizeof *prefix);  /* (L+1) running sums */
    double *trend = malloc(L * sizeof *trend);          /* (L) centred MA, NAN outside */
    double *sum = calloc(m, sizeof *sum);
    size_t *count = calloc(m, sizeof *count);
    int rc = -1;
    if (!prefix || !trend || !sum || !count)
        goto done;
    prefix[0] = 0;
    for (size_t i = 0; i < L; i++)
        prefix[i + 1] = prefix[i] + y[i];
    /* pandas' rolling(m, center=True) covers rows i - m/2 .. i - m/2 + m - 1;
     * for an even m the mean of two neighbours centres it (a 2×m MA). */
    size_t h = m / 2;
    for (size_t i = 0; i < L; i++) {
        trend[i] = NAN;
        int even_ok = m % 2 == 0 && i >= h && i + h + 1 <= L;
        int odd_ok = m % 2 == 1 && i >= h && i + h < L;
        if (even_ok)
            trend[i] = ((prefix[i + h] - prefix[i - h]) + (prefix[i + h + 1] - prefix[i + 1 - h])) /
                       (2.0 * (double)m);
        else if (odd_ok)
            trend[i] = (prefix[i + h + 1] - prefix[i - h]) / (double)m;
    }
    for (size_t i = 0; i < L; i++)
        if (!isnan(trend[i])) {
            sum[i % m] += y[i] - trend[i];
            count[i % m]++;
        }
    double mean = 0;
    for (size_t j = 0; j < m; j++) {
        st->season[j] = count[j] ? sum[j] / (double)count[j] : 0;
        mean += st->season[j] / (double)m;
    }
    for (size_t j = 0; j < m; j++)
        st->season[j] -= mean;
    size_t first = h; /* the first row with a moving average */
    line_through_ten(trend + first, &st->level, &st->trend);
    rc = 0;
done:
    free(prefix);
    free(trend);
    free(sum);
    free(count);
    return rc;
}

/* Fills st from the first rows of y (header). Returns 0, or -1 with e set. */
static int start_states(const double *y, size_t n, size_t m, hw_start *st, sa_error *e)
{
    memset(st, 0, sizeof *st);
    if (n < 2 || (m && n < 2 * m))
        return sa_fail(e, "Holt-Winters: %zu rows are too few to start (%s)", n,
                       m ? "the season needs two seasons of rows" : "the trend needs 2");
    if (m && !(st->season = calloc(m, sizeof *st->season)))
        return sa_fail(e, "out of memory");
    if (m && n >= 10 + 2 * (m / 2)) {
        if (start_heuristic_seasonal(y, n, m, st)) {
            free(st->season);
            return sa_fail(e, "out of memory");
        }
    } else if (m) {
        double level = 0, trend = 0;
        for (size_t j = 0; j < m; j++) {
            level += y[j] / (double)m;
            trend += (y[m + j] - y[j]) / (double)m / (double)m;
        }
        for (size_t j = 0; j < m; j++)
            st->season[j] = y[j] - level;
        st->level = level;
        st->trend = trend;
    } else if (n >= 10) {
        line_through_ten(y, &st->level, &st->trend);
    } else {
        st->level = y[0];
        st->trend = y[1] - y[0];
    }
    return 0;
}

/* Where run writes forecasts: for window i (in order of its end row,
 * order[0..n-1]; ends ascending along it), the S forecasts of rows
 * end + first_ahead .. end + first_ahead + S - 1 into out[i·S ..]. */
typedef struct hw_emit {
    const size_t *ends, *order;
    size_t n, next;        /* windows, and the next one in order */
    size_t first_ahead, S;
    const double *damp;    /* (S) φ + … + φ^h for each step's h */
    double *out;           /* (n, S) */
} hw_emit;

/* Writes the forecasts of every window ending at row t (emit's header)
 * from the states after row t. */
static void emit_at(hw_emit *em, size_t t, double level, double trend, const double *ring,
                    size_t m)
{
    for (; em->next < em->n && em->ends[em->order[em->next]] == t; em->next++) {
        double *out = em->out + em->order[em->next] * em->S;
        for (size_t s = 0; s < em->S; s++)
            out[s] = level + em->damp[s] * trend +
                     (m ? ring[(t + em->first_ahead + s) % m] : 0);
    }
}

/* Runs the recursion over y[0..n-1] from st and returns the one-step
 * squared error summed over the rows; with emit (not NULL) it writes the
 * forecasts of emit's windows as the rows pass. ring is (m) scratch. */
static double run(const holt_winters *p, const hw_start *st, const double *y, size_t n,
                  hw_emit *emit, double *ring)
{
    size_t m = p->period;
    double level = st->level, trend = st->trend, sse = 0;
    if (m)
        memcpy(ring, st->season, m * sizeof *ring);
    for (size_t t = 0; t < n; t++) {
        double season = m ? ring[t % m] : 0;           /* s_{t-m} */
        double base = level + p->phi * trend;
        double err = y[t] - (base + season);
        sse += err * err;
        double next = p->alpha * (y[t] - season) + (1 - p->alpha) * base;
        trend = p->beta * (next - level) + (1 - p->beta) * p->phi * trend;
        if (m)
            ring[t % m] = p->gamma * (y[t] - base) + (1 - p->gamma) * season;
        level = next;
        if (emit)
            emit_at(emit, t, level, trend, ring, m);
    }
    return sse;
}

static double logistic(double u) { return 1 / (1 + exp(-u)); }
static double logit(double p) { return log(p / (1 - p)); }

/* The parameters of a point of the unbounded search space: α = σ(u0),
 * β = α σ(u1), γ = (1 - α) σ(u2) (0 without a season), φ in its bounds. */
static void from_unbounded(const double *u, holt_winters *p)
{
    p->alpha = logistic(u[0]);
    p->beta = p->alpha * logistic(u[1]);
    p->gamma = p->period ? (1 - p->alpha) * logistic(u[2]) : 0;
    p->phi = HW_PHI_MIN + (HW_PHI_MAX - HW_PHI_MIN) * logistic(u[3]);
}

typedef struct fit_problem {
    holt_winters p;
    const hw_start *st;
    const double *y;
    size_t n;
    double *ring;
} fit_problem;

static double sse_at(const double *u, void *ctx)
{
    fit_problem *f = ctx;
    from_unbounded(u, &f->p);
    return run(&f->p, f->st, f->y, f->n, NULL, f->ring);
}

/* The best point of a coarse grid over α, β/α, γ/(1-α) (φ = 0.98) into u. */
static void grid_start(fit_problem *f, double *u)
{
    static const double alphas[] = {0.05, 0.2, 0.5, 0.8, 0.95};
    static const double fractions[] = {0.02, 0.2, 0.6};
    double best = INFINITY, v[4];
    v[3] = logit((0.98 - HW_PHI_MIN) / (HW_PHI_MAX - HW_PHI_MIN));
    for (size_t a = 0; a < 5; a++)
        for (size_t b = 0; b < 3; b++)
            for (size_t g = 0; g < (f->p.period ? 3u : 1u); g++) {
                v[0] = logit(alphas[a]);
                v[1] = logit(fractions[b]);
                v[2] = logit(fractions[g]);
                double s = sse_at(v, f);
                if (s < best) {
                    best = s;
                    memcpy(u, v, sizeof v);
                }
            }
}

int hw_fit(holt_winters *m, const double *y, size_t n, size_t period, sa_error *e)
{
    memset(m, 0, sizeof *m);
    if (n < 3)
        return sa_fail(e, "Holt-Winters: %zu rows to fit on, at least 3 needed", n);
    for (size_t t = 0; t < n; t++)
        if (!isfinite(y[t]))
            return sa_fail(e, "Holt-Winters: row %zu is not a finite number", t);
    hw_start st;
    fit_problem f = {.p.period = hw_season_for(n, period), .st = &st, .y = y, .n = n};
    if (start_states(y, n, f.p.period, &st, e))
        return -1;
    if (f.p.period && !(f.ring = malloc(f.p.period * sizeof *f.ring))) {
        free(st.season);
        return sa_fail(e, "out of memory");
    }
    double u[4];
    grid_start(&f, u);
    /* Two restarts from the best point: Nelder-Mead can stall on a ridge. */
    double best = INFINITY;
    for (int round = 0; round < 3; round++)
        best = nelder_mead(sse_at, &f, u, 4, 1.0, 1e-10, 400);
    from_unbounded(u, &f.p);
    *m = f.p;
    m->sse = best;
    m->n_fit = n;
    free(f.ring);
    free(st.season);
    return 0;
}

int hw_forecast(const holt_winters *m, const double *y, size_t n_rows, const size_t *window_end,
                size_t n_windows, int horizon, double *out, sa_error *e)
{
    return hw_forecast_path(m, y, n_rows, window_end, n_windows, horizon, 1, out, e);
}

/* A window's end row and index, sorted by end then index. */
typedef struct end_index {
    size_t end, index;
} end_index;

static int by_end(const void *a, const void *b)
{
    const end_index *x = a, *y = b;
    return x->end != y->end ? (x->end > y->end) - (x->end < y->end)
                            : (x->index > y->index) - (x->index < y->index);
}

/* order (n) = 0..n-1 sorted by ends[] (ties in index order). Returns 0,
 * or -1 when out of memory. */
static int order_by_end(size_t *order, const size_t *ends, size_t n)
{
    int sorted = 1;
    for (size_t i = 0; i < n; i++) {
        order[i] = i;
        sorted &= i == 0 || ends[i - 1] <= ends[i];
    }
    if (sorted)
        return 0;
    end_index *pairs = malloc(n * sizeof *pairs);
    if (!pairs)
        return -1;
    for (size_t i = 0; i < n; i++)
        pairs[i] = (end_index){ends[i], i};
    qsort(pairs, n, sizeof *pairs, by_end);
    for (size_t i = 0; i < n; i++)
        order[i] = pairs[i].index;
    free(pairs);
    return 0;
}

/* The window order and the damping sums of hw_emit for S steps ending at
 * horizon. Returns 0, or -1 when out of memory. */
static int emit_setup(hw_emit *em, const holt_winters *m, const size_t *ends, size_t n,
                      size_t horizon, size_t S, double *out)
{
    size_t *order = malloc(n * sizeof *order);
    double *damp = malloc(S * sizeof *damp);
    if (!order || !damp || order_by_end(order, ends, n)) {
        free(order);
        free(damp);
        return -1;
    }
    size_t first = horizon + 1 - S;
    double power = 1, sum = 0;
    for (size_t h = 1; h <= horizon; h++) {   /* the same sums, in the same order, as one step */
        power *= m->phi;
        sum += power;
        if (h >= first)
            damp[h - first] = sum;
    }
    *em = (hw_emit){.ends = ends, .order = order, .n = n, .first_ahead = first, .S = S,
                    .damp = damp, .out = out};
    return 0;
}

int hw_forecast_path(const holt_winters *m, const double *y, size_t n_rows,
                     const size_t *window_end, size_t n_windows, int horizon, int steps,
                     double *out, sa_error *e)
{
    if (horizon < 1 || steps < 1 || steps > horizon)
        return sa_fail(e, "Holt-Winters: horizon %d and steps %d: want 1 <= steps <= horizon",
                       horizon, steps);
    size_t last = 0;
    for (size_t i = 0; i < n_windows; i++) {
        if (window_end[i] >= n_rows)
            return sa_fail(e, "Holt-Winters: window %zu ends at row %zu, beyond the %zu rows", i,
                           window_end[i], n_rows);
        last = window_end[i] > last ? window_end[i] : last;
    }
    if (n_windows == 0)
        return 0;
    for (size_t t = 0; t < n_rows; t++)
        if (!isfinite(y[t]))
            return sa_fail(e, "Holt-Winters: row %zu is not a finite number", t);
    hw_start st;
    if (start_states(y, n_rows, m->period, &st, e))
        return -1;
    hw_emit em;
    double *ring = malloc((m->period ? m->period : 1) * sizeof *ring);
    int rc = 0;
    if (!ring || emit_setup(&em, m, window_end, n_windows, (size_t)horizon, (size_t)steps, out))
        rc = sa_fail(e, "out of memory");
    else {
        run(m, &st, y, last + 1, &em, ring);
        free((void *)em.order);
        free((void *)em.damp);
    }
    free(ring);
    free(st.season);
    return rc;
}
