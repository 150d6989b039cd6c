/* transform.c — see transform.h. */
#include "features/transform.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "features/features.h"

/* Largest |g(x)| that g⁻¹ maps back into float range (log of FLT_MAX). */
#define TRANSFORM_MAX_LOG 88.0

static double slog1p(double x) { return x < 0 ? -log1p(-x) : log1p(x); }

static double sexpm1(double v)
{
    if (v > TRANSFORM_MAX_LOG) v = TRANSFORM_MAX_LOG;
    if (v < -TRANSFORM_MAX_LOG) v = -TRANSFORM_MAX_LOG;
    return v < 0 ? -expm1(-v) : expm1(v);
}

int transform_alloc(transform *t, size_t n_feat, int robust, sa_error *e)
{
    memset(t, 0, sizeof *t);
    size_t n = n_feat ? n_feat : 1;
    t->n_feat = n_feat;
    t->robust = robust;
    t->center = calloc(n, sizeof *t->center);
    t->scale = calloc(n, sizeof *t->scale);
    t->log1p = calloc(n, 1);
    t->role = malloc(n);
    if (!t->center || !t->scale || !t->log1p || !t->role) {
        transform_free(t);
        return sa_fail(e, "out of memory");
    }
    memset(t->role, TRANSFORM_MINMAX, n);
    return 0;
}

int transform_from_minmax(transform *t, const float *min, const float *max, size_t n_feat,
                          sa_error *e)
{
    if (transform_alloc(t, n_feat, 0, e))
        return -1;
    for (size_t f = 0; f < n_feat; f++) {
        t->center[f] = min[f];
        t->scale[f] = max[f] > min[f] ? (double)max[f] - min[f] : 0;
    }
    return 0;
}

int transform_copy(transform *dst, const transform *src, sa_error *e)
{
    if (transform_alloc(dst, src->n_feat, src->robust, e))
        return -1;
    size_t n = src->n_feat;
    memcpy(dst->center, src->center, n * sizeof *dst->center);
    memcpy(dst->scale, src->scale, n * sizeof *dst->scale);
    memcpy(dst->log1p, src->log1p, n);
    memcpy(dst->role, src->role, n);
    if (src->lo && transform_alloc_range(dst, e))
        return -1;
    if (src->lo) {
        memcpy(dst->lo, src->lo, n * sizeof *dst->lo);
        memcpy(dst->hi, src->hi, n * sizeof *dst->hi);
    }
    return 0;
}

int transform_alloc_range(transform *t, sa_error *e)
{
    size_t n = t->n_feat ? t->n_feat : 1;
    free(t->lo);
    free(t->hi);
    t->lo = calloc(n, sizeof *t->lo);
    t->hi = calloc(n, sizeof *t->hi);
    if (!t->lo || !t->hi) {
        transform_free(t);
        return sa_fail(e, "out of memory");
    }
    return 0;
}

/* ---- fitting ----------------------------------------------------------- */

/* The rows touched by windows [0, n_train) of w (inputs and targets), in
 * ascending order, into a new array *rows of *count. Returns 0 or -1. */
static int training_rows(const window_set *w, size_t n_rows, size_t **rows, size_t *count)
{
    size_t cap = 0, next = 0, n = 0;
    for (size_t k = 0; k < w->n_train; k++)   /* an upper bound first */
        cap += w->seq_len + w->horizon;
    *rows = malloc((cap ? cap : 1) * sizeof **rows);
    if (!*rows)
        return -1;
    for (size_t k = 0; k < w->n_train; k++) {
        size_t lo = w->end[k] + 1 - w->seq_len, hi = w->end[k] + w->horizon;
        if (lo < next)
            lo = next;
        for (size_t r = lo; r <= hi && r < n_rows; r++)
            (*rows)[n++] = r;
        if (hi + 1 > next)
            next = hi + 1;
    }
    *count = n;
    return 0;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Quantile q of sorted v (n >= 1), linear between order statistics. */
static double quantile(const double *v, size_t n, double q)
{
    double pos = q * (double)(n - 1);
    size_t i = (size_t)pos;
    double frac = pos - (double)i;
    return i + 1 < n ? v[i] + frac * (v[i + 1] - v[i]) : v[n - 1];
}

/* The role of a feature in the robust transform. */
static int role_of(int id)
{
    switch (id) {
    case FEAT_CPU: case FEAT_CPU_ROLLING_MEAN: case FEAT_CPU_ROLLING_MIN:
    case FEAT_CPU_ROLLING_MAX: case FEAT_CPU_SEASONAL:
        return TRANSFORM_RELATIVE;
    case FEAT_HOUR: case FEAT_DAY_OF_WEEK: case FEAT_TIME_CATEGORY: case FEAT_IS_WEEKEND:
    case FEAT_IS_BUSINESS_HOURS: case FEAT_IS_SALE_ACTIVE: case FEAT_SALE_AT_TARGET:
        return TRANSFORM_FIXED;
    default:
        return TRANSFORM_ROBUST;
    }
}

static void fixed_scaling(int id, double *center, double *scale)
{
    *center = id == FEAT_HOUR ? 11.5 : id == FEAT_DAY_OF_WEEK ? 3 : id == FEAT_TIME_CATEGORY ? 1.5 : 0;
    *scale = *center > 0 ? *center : 1;
}

/* Whether sorted training values v (n) of a column call for log1p under rule. */
static int wants_log1p(const double *v, size_t n, int rule)
{
    if (rule != TRANSFORM_LOG1P_AUTO)
        return rule == TRANSFORM_LOG1P_ON;
    double median = quantile(v, n, 0.5), p99 = quantile(v, n, 0.99);
    return v[0] >= 0 && (median > 0 ? p99 > 4 * median : p99 > 0);
}

/* Robust scale of sorted values v (n): IQR / 1.349, else the mean absolute
 * deviation from the median, else the range (0 for a constant column). */
static double spread(const double *v, size_t n, double median)
{
    double iqr = (quantile(v, n, 0.75) - quantile(v, n, 0.25)) / 1.349;
    if (iqr > 0)
        return iqr;
    double mad = 0;
    for (size_t i = 0; i < n; i++)
        mad += fabs(v[i] - median);
    mad /= (double)n;
    return mad > 0 ? mad : v[n - 1] - v[0];
}

/* The target's scale (header): median absolute step over consecutive
 * training rows of g(x) in values (indexed like rows), then the fallbacks. */
static double target_scale(const double *gx, const size_t *rows, size_t n,
                           const double *sorted, double *steps)
{
    size_t m = 0;
    double sum = 0;
    for (size_t i = 1; i < n; i++)
        if (rows[i] == rows[i - 1] + 1) {
            steps[m] = fabs(gx[i] - gx[i - 1]);
            sum += steps[m++];
        }
    if (m > 0) {
        qsort(steps, m, sizeof *steps, compare_doubles);
        double median = quantile(steps, m, 0.5);
        if (median > 0)
            return median;
        if (sum > 0)
            return sum / (double)m;
    }
    double s = spread(sorted, n, quantile(sorted, n, 0.5));
    return s > 0 ? s : 1.0;
}

/* Fits column f (values of the training rows in col, n) of a robust t. */
static void fit_column(transform *t, size_t f, int id, double *col, const size_t *rows,
                       size_t n, int rule, double *sorted, double *steps)
{
    t->role[f] = (unsigned char)role_of(id);
    if (t->role[f] == TRANSFORM_FIXED) {
        fixed_scaling(id, &t->center[f], &t->scale[f]);
        return;
    }
    if (t->role[f] == TRANSFORM_RELATIVE && f > 0) {   /* the target's units */
        t->log1p[f] = t->log1p[0];
        t->center[f] = t->center[0];
        t->scale[f] = t->scale[0];
        return;
    }
    memcpy(sorted, col, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, compare_doubles);
    t->log1p[f] = (unsigned char)wants_log1p(sorted, n, rule);
    if (t->log1p[f]) {
        for (size_t i = 0; i < n; i++) {
            col[i] = slog1p(col[i]);
            sorted[i] = slog1p(sorted[i]);   /* monotone: stays sorted */
        }
    }
    t->center[f] = quantile(sorted, n, 0.5);
    t->scale[f] = f == 0 ? target_scale(col, rows, n, sorted, steps)
                         : spread(sorted, n, t->center[f]);
}

int transform_fit_robust(transform *t, const float *x, size_t n_rows, size_t n_feat,
                         const int *ids, const window_set *w, int log1p, sa_error *e)
{
    if (transform_alloc(t, n_feat, 1, e))
        return -1;
    size_t *rows = NULL, n = 0;
    double *col = NULL, *sorted = NULL, *steps = NULL;
    if (training_rows(w, n_rows, &rows, &n) == 0) {
        col = malloc((n ? n : 1) * sizeof *col);
        sorted = malloc((n ? n : 1) * sizeof *sorted);
        steps = malloc((n ? n : 1) * sizeof *steps);
    }
    int rc = 0;
    if (!rows || !col || !sorted || !steps)
        rc = sa_fail(e, "out of memory");
    else if (n == 0)
        rc = sa_fail(e, "no training rows to fit the transform on");
    else
        rc = transform_alloc_range(t, e);
    /* Column 0 (the target) first: the RELATIVE columns copy its fit. */
    for (size_t f = 0; f < n_feat && !rc; f++) {
        t->lo[f] = INFINITY;
        t->hi[f] = -INFINITY;
        for (size_t i = 0; i < n; i++) {
            col[i] = x[rows[i] * n_feat + f];
            t->lo[f] = col[i] < t->lo[f] ? col[i] : t->lo[f];
            t->hi[f] = col[i] > t->hi[f] ? col[i] : t->hi[f];
        }
        fit_column(t, f, ids[f], col, rows, n, log1p, sorted, steps);
    }
    free(rows);
    free(col);
    free(sorted);
    free(steps);
    if (rc)
        transform_free(t);
    return rc;
}

/* ---- applying ---------------------------------------------------------- */

void transform_apply(const transform *t, const float *x, size_t n_rows, float *out)
{
    size_t F = t->n_feat;
    for (size_t r = 0; r < n_rows; r++)
        for (size_t f = 0; f < F; f++) {
            double v = x[r * F + f];
            if (t->log1p[f])
                v = slog1p(v);
            out[r * F + f] = t->scale[f] > 0 ? (float)((v - t->center[f]) / t->scale[f]) : 0.0f;
        }
}

double transform_unscale(const transform *t, size_t col, double y)
{
    double v = t->center[col] + y * t->scale[col];
    return t->log1p[col] ? sexpm1(v) : v;
}

int transform_range(const transform *t, size_t col, double *lo, double *hi)
{
    if (t->role[col] == TRANSFORM_MINMAX) {
        *lo = t->center[col];
        *hi = t->center[col] + t->scale[col];
        return 1;
    }
    if (t->role[col] == TRANSFORM_FIXED || !t->lo) /* calendar columns cannot be outside */
        return 0;
    *lo = t->lo[col];
    *hi = t->hi[col];
    return 1;
}

size_t transform_count_outside(const transform *t, const float *x, size_t first, size_t count,
                               double margin)
{
    size_t F = t->n_feat, outside = 0;
    for (size_t f = 0; f < F; f++) {
        double lo, hi;
        if (!transform_range(t, f, &lo, &hi))
            continue;
        double slack = margin * (hi - lo);
        for (size_t r = first; r < first + count; r++) {
            double v = x[r * F + f];
            outside += v < lo - slack || v > hi + slack;
        }
    }
    return outside;
}

unsigned transform_relative_mask(const transform *t)
{
    unsigned mask = 0;
    for (size_t f = 0; f < t->n_feat && f < 32; f++)
        if (t->role[f] == TRANSFORM_RELATIVE)
            mask |= 1u << f;
    return mask;
}

unsigned transform_relative_ids(const int *ids, size_t n)
{
    unsigned mask = 0;
    for (size_t f = 0; f < n && f < 32; f++)
        if (role_of(ids[f]) == TRANSFORM_RELATIVE)
            mask |= 1u << f;
    return mask;
}

int transform_check(const transform *t, sa_error *e)
{
    for (size_t f = 0; f < t->n_feat; f++) {
        if (!isfinite(t->center[f]))
            return sa_fail(e, "column %zu: center is not finite", f);
        if (!(isfinite(t->scale[f]) && t->scale[f] >= 0))
            return sa_fail(e, "column %zu: scale %g is not finite and >= 0", f, t->scale[f]);
        if (t->log1p[f] > 1 || t->role[f] > TRANSFORM_MINMAX)
            return sa_fail(e, "column %zu: log1p flag %d or role %d out of range", f,
                           t->log1p[f], t->role[f]);
    }
    for (size_t f = 0; t->lo && f < t->n_feat; f++)
        if (!(t->lo[f] <= t->hi[f])) /* a value of 1e200 reads as float infinity: kept */
            return sa_fail(e, "column %zu: training range %g to %g is not ordered", f,
                           t->lo[f], t->hi[f]);
    if (t->robust && t->n_feat > 0 && !(t->scale[0] > 0))
        return sa_fail(e, "the target's scale is %g; a robust transform needs > 0", t->scale[0]);
    return 0;
}

static const char *const log1p_names[] = {"auto", "on", "off"};

const char *transform_log1p_name(int rule)
{
    return rule >= 0 && rule <= TRANSFORM_LOG1P_OFF ? log1p_names[rule] : "?";
}

int transform_log1p_by_name(const char *name)
{
    for (int i = 0; i <= TRANSFORM_LOG1P_OFF; i++)
        if (!strcmp(name, log1p_names[i]))
            return i;
    return -1;
}

void transform_free(transform *t)
{
    free(t->center);
    free(t->scale);
    free(t->log1p);
    free(t->role);
    free(t->lo);
    free(t->hi);
    memset(t, 0, sizeof *t);
}
