/* nelder_mead.c — see nelder_mead.h. */
#include "base/nelder_mead.h"

#include <math.h>
#include <string.h>

typedef struct simplex {
    size_t n;
    double x[NELDER_MEAD_MAX_DIM + 1][NELDER_MEAD_MAX_DIM]; /* (n+1, n) vertices */
    double f[NELDER_MEAD_MAX_DIM + 1];                      /* (n+1) values */
    nelder_mead_fn fn;
    void *ctx;
    int evals;
} simplex;

static double evaluate(simplex *s, const double *x)
{
    s->evals++;
    double v = s->fn(x, s->ctx);
    return isfinite(v) ? v : INFINITY;
}

/* Sorts the vertices by value, best first (insertion sort: n <= 8). */
static void order(simplex *s)
{
    for (size_t i = 1; i <= s->n; i++)
        for (size_t j = i; j > 0 && s->f[j] < s->f[j - 1]; j--) {
            double t = s->f[j];
            s->f[j] = s->f[j - 1];
            s->f[j - 1] = t;
            double tx[NELDER_MEAD_MAX_DIM];
            memcpy(tx, s->x[j], sizeof tx);
            memcpy(s->x[j], s->x[j - 1], sizeof tx);
            memcpy(s->x[j - 1], tx, sizeof tx);
        }
}

/* out = centroid + t·(centroid - worst), the centroid of all but the worst. */
static void along(const simplex *s, double t, double *out)
{
    size_t n = s->n;
    for (size_t k = 0; k < n; k++) {
        double c = 0;
        for (size_t i = 0; i < n; i++)
            c += s->x[i][k];
        c /= (double)n;
        out[k] = c + t * (c - s->x[n][k]);
    }
}

/* Replaces the worst vertex by x with value fx. */
static void replace_worst(simplex *s, const double *x, double fx)
{
    memcpy(s->x[s->n], x, s->n * sizeof *x);
    s->f[s->n] = fx;
}

/* One Nelder-Mead step on an ordered simplex. */
static void step_once(simplex *s)
{
    size_t n = s->n;
    double r[NELDER_MEAD_MAX_DIM], t[NELDER_MEAD_MAX_DIM];
    along(s, 1.0, r);
    double fr = evaluate(s, r);
    if (fr < s->f[0]) {
        along(s, 2.0, t);
        double fe = evaluate(s, t);
        if (fe < fr)
            replace_worst(s, t, fe);
        else
            replace_worst(s, r, fr);
        return;
    }
    if (fr < s->f[n - 1]) {
        replace_worst(s, r, fr);
        return;
    }
    /* Contract outside when the reflection improved on the worst, else inside. */
    int outside = fr < s->f[n];
    along(s, outside ? 0.5 : -0.5, t);
    double fc = evaluate(s, t);
    if (fc < (outside ? fr : s->f[n])) {
        replace_worst(s, t, fc);
        return;
    }
    for (size_t i = 1; i <= n; i++) { /* shrink towards the best */
        for (size_t k = 0; k < n; k++)
            s->x[i][k] = s->x[0][k] + 0.5 * (s->x[i][k] - s->x[0][k]);
        s->f[i] = evaluate(s, s->x[i]);
    }
}

double nelder_mead(nelder_mead_fn f, void *ctx, double *x, size_t n, double step,
                   double tol, int max_evals)
{
    if (n < 1 || n > NELDER_MEAD_MAX_DIM)
        return NAN;
    simplex s = {.n = n, .fn = f, .ctx = ctx};
    for (size_t i = 0; i <= n; i++) {
        memcpy(s.x[i], x, n * sizeof *x);
        if (i > 0)
            s.x[i][i - 1] += step;
        s.f[i] = evaluate(&s, s.x[i]);
    }
    order(&s);
    while (s.evals < max_evals) {
        double spread = s.f[n] - s.f[0];
        if (isfinite(spread) && spread <= tol * (fabs(s.f[0]) + tol))
            break;
        step_once(&s);
        order(&s);
    }
    memcpy(x, s.x[0], n * sizeof *x);
    return s.f[0];
}
