/* conformal.c — see conformal.h. */
#include "model/conformal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

double conformal_quantile(const float *sorted, size_t n, double level)
{
    double k = ceil((double)(n + 1) * level - 1e-9);
    if (k < 1)
        return 0;
    if (k > (double)n)
        return INFINITY;
    return sorted[(size_t)k - 1];
}

size_t conformal_min_scores(double level)
{
    return (size_t)ceil(level / (1 - level) - 1e-9);
}

double conformal_level_within(size_t n, double level)
{
    return n >= conformal_min_scores(level) ? level : (double)n / (double)(n + 1);
}

static int is_normalised(const conformal_set *s)
{
    return !strcmp(s->score, CONFORMAL_NORMALISED);
}

double conformal_half_width(const conformal_set *s, double level, double spread)
{
    double q = conformal_quantile(s->scores, s->n, level);
    return is_normalised(s) ? q * (spread + s->spread_floor) : q;
}

static int compare_floats(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The sorted scores of points [lo, hi) into out (hi - lo floats):
 * |y - ŷ|, or divided by (spread + floor) when spread is not NULL. */
static void score_points(float *out, const double *actual, const double *predicted,
                         const double *spread, double floor, size_t lo, size_t hi)
{
    for (size_t i = lo; i < hi; i++) {
        double r = fabs(actual[i] - predicted[i]);
        out[i - lo] = (float)(spread ? r / (spread[i] + floor) : r);
    }
    qsort(out, hi - lo, sizeof *out, compare_floats);
}

/* The mean interval score at 0.9 of points [half, n) by the set
 * calibrated on [0, half): width + (2 / 0.1) x the distance outside
 * (Gneiting & Raftery's proper score for a central interval; lower is
 * better: it rewards coverage and narrowness together). */
static double half_check(float *buf, const double *actual, const double *predicted,
                         const double *spread, double floor, size_t n)
{
    size_t half = n / 2;
    score_points(buf, actual, predicted, spread, floor, 0, half);
    double q = conformal_quantile(buf, half, 0.9), sum = 0;
    for (size_t i = half; i < n; i++) {
        double w = spread ? q * (spread[i] + floor) : q;
        sum += 2 * w + 20 * fmax(0, fabs(actual[i] - predicted[i]) - w);
    }
    return sum / (double)(n - half);
}

/* ε for normalised scores: 10 % of the median spread (0 when all spreads are 0). */
static int spread_floor(const double *spread, size_t n, double *floor, sa_error *e)
{
    double *copy = malloc(n * sizeof *copy);
    if (!copy)
        return sa_fail(e, "out of memory");
    memcpy(copy, spread, n * sizeof *copy);
    qsort(copy, n, sizeof *copy, compare_doubles);
    *floor = 0.1 * (n % 2 ? copy[n / 2] : 0.5 * (copy[n / 2 - 1] + copy[n / 2]));
    free(copy);
    return 0;
}

/* Column j of the (n, S) array a into out (n). */
static void column(double *out, const double *a, size_t n, size_t S, size_t j)
{
    for (size_t k = 0; k < n; k++)
        out[k] = a[k * S + j];
}

/* Sets s's score choice: with a spread (floor > 0) and 20 points or more,
 * each score calibrated on the first half of every step and checked on
 * its second half, the interval scores summed over the steps; the
 * normalised score wins when strictly lower. buf (3n) is scratch, row
 * (n floats) too. Returns 1 for normalised, 0 for absolute. */
static int choose_score(conformal_set *s, const double *actual, const double *predicted,
                        const double *spread, double floor, size_t n, size_t S, double *buf,
                        float *row)
{
    if (!(floor > 0 && n >= 20))
        return 0;
    double *a = buf, *p = buf + n, *sp = buf + 2 * n;
    s->check_absolute = s->check_normalised = 0;
    for (size_t j = 0; j < S; j++) {
        column(a, actual, n, S, j);
        column(p, predicted, n, S, j);
        column(sp, spread, n, S, j);
        s->check_absolute += half_check(row, a, p, NULL, 0, n);
        s->check_normalised += half_check(row, a, p, sp, floor, n);
    }
    return s->check_normalised < s->check_absolute;
}

int conformal_calibrate(conformal_set *s, const double *actual, const double *predicted,
                        const double *spread, size_t n, sa_error *e)
{
    return conformal_calibrate_path(s, actual, predicted, spread, n, 1, e);
}

int conformal_calibrate_path(conformal_set *s, const double *actual, const double *predicted,
                             const double *spread, size_t n, size_t S, sa_error *e)
{
    memset(s, 0, sizeof *s);
    s->check_absolute = s->check_normalised = NAN;
    if (n == 0)
        return sa_fail(e, "no calibration windows (the validation part is empty)");
    if (S < 1 || S > CONFORMAL_MAX_STEPS)
        return sa_fail(e, "%zu steps is out of range 1..%d", S, CONFORMAL_MAX_STEPS);
    for (size_t i = 0; i < n * S; i++)
        if (!isfinite(actual[i]) || !isfinite(predicted[i]) || (spread && !isfinite(spread[i])))
            return sa_fail(e, "calibration window %zu: value not finite", i / S);
    double floor = 0;
    if (spread && spread_floor(spread, n * S, &floor, e) < 0)
        return -1;
    s->scores = malloc(n * S * sizeof *s->scores);
    double *buf = malloc(3 * n * sizeof *buf);
    if (!s->scores || !buf) {
        free(buf);
        conformal_set_free(s);
        return sa_fail(e, "out of memory");
    }
    int normalised = choose_score(s, actual, predicted, spread, floor, n, S, buf, s->scores);
    snprintf(s->score, sizeof s->score, "%s",
             normalised ? CONFORMAL_NORMALISED : CONFORMAL_ABSOLUTE);
    s->spread_floor = normalised ? floor : 0;
    s->n = n;
    s->steps = S;
    for (size_t j = 0; j < S; j++) {
        double *a = buf, *p = buf + n, *sp = buf + 2 * n;
        column(a, actual, n, S, j);
        column(p, predicted, n, S, j);
        if (normalised)
            column(sp, spread, n, S, j);
        score_points(s->scores + j * n, a, p, normalised ? sp : NULL, s->spread_floor, 0, n);
    }
    free(buf);
    return 0;
}

conformal_set conformal_step(const conformal_set *s, size_t j)
{
    conformal_set v = *s;
    v.steps = 1;
    v.scores = s->scores ? s->scores + j * s->n : NULL;
    return v;
}

int conformal_check(const conformal_set *s, sa_error *e)
{
    if (strcmp(s->score, CONFORMAL_ABSOLUTE) && strcmp(s->score, CONFORMAL_NORMALISED))
        return sa_fail(e, "score '%s' is not %s or %s", s->score, CONFORMAL_ABSOLUTE,
                       CONFORMAL_NORMALISED);
    if (s->n < 1 || !s->scores)
        return sa_fail(e, "no scores");
    if (s->steps > CONFORMAL_MAX_STEPS)
        return sa_fail(e, "%zu steps is out of range 1..%d", s->steps, CONFORMAL_MAX_STEPS);
    if (!isfinite(s->spread_floor) || s->spread_floor < 0)
        return sa_fail(e, "spread_floor %g is not a finite value >= 0", s->spread_floor);
    for (size_t j = 0; j < conformal_steps(s); j++) {
        const float *row = s->scores + j * s->n;
        for (size_t i = 0; i < s->n; i++)
            if (!isfinite(row[i]) || row[i] < 0 || (i && row[i] < row[i - 1]))
                return sa_fail(e, "score %zu%s is not finite, >= 0 and ascending", i,
                               conformal_steps(s) > 1 ? " of a step" : "");
    }
    return 0;
}

int conformal_check_level(const conformal_set *s, double level, const char *option,
                          sa_error *e)
{
    if (!(level > 0 && level < 1))
        return sa_fail(e, "%s %g: the level must lie strictly between 0 and 1", option, level);
    if (!s->n)
        return sa_fail(e, "%s %g: the model has no calibrated intervals (train it again "
                          "with this version)", option, level);
    if (isinf(conformal_quantile(s->scores, s->n, level)))
        return sa_fail(e, "%s %g needs at least %zu calibration residuals; the model has %zu",
                       option, level, conformal_min_scores(level), s->n);
    return 0;
}

int conformal_copy(conformal_set *dst, const conformal_set *src, sa_error *e)
{
    *dst = *src;
    dst->scores = NULL;
    if (!src->n)
        return 0;
    size_t count = src->n * conformal_steps(src);
    dst->scores = malloc(count * sizeof *dst->scores);
    if (!dst->scores)
        return sa_fail(e, "out of memory");
    memcpy(dst->scores, src->scores, count * sizeof *dst->scores);
    return 0;
}

void conformal_set_free(conformal_set *s)
{
    free(s->scores);
    memset(s, 0, sizeof *s);
}

void conformal_aci_init(conformal_aci *a, double level, double gamma)
{
    a->alpha_target = a->alpha = 1 - level;
    a->gamma = gamma;
}

double conformal_aci_level(const conformal_aci *a) { return 1 - a->alpha; }

void conformal_aci_update(conformal_aci *a, int err)
{
    a->alpha += a->gamma * (a->alpha_target - (double)err);
    if (a->alpha < -a->gamma)
        a->alpha = -a->gamma;
    if (a->alpha > 1 + a->gamma)
        a->alpha = 1 + a->gamma;
}

size_t conformal_stream(const conformal_set *s, double level, double gamma, size_t n,
                        const int64_t *issued, const int64_t *target, const double *predicted,
                        const double *spread, const double *actual, double *lower,
                        double *upper, double *alpha)
{
    conformal_aci a;
    conformal_aci_init(&a, level, gamma);
    double widest = (double)s->n / (double)(s->n + 1);   /* the largest score */
    size_t learned = 0, misses = 0;
    for (size_t k = 0; k < n; k++) {
        /* The errors of every forecast whose actual is known by now. */
        for (; learned < k && target[learned] <= issued[k]; learned++) {
            if (isnan(actual[learned]))
                continue;
            int err = actual[learned] < lower[learned] || actual[learned] > upper[learned];
            if (gamma > 0)
                conformal_aci_update(&a, err);
        }
        double c = gamma > 0 ? fmin(conformal_aci_level(&a), widest) : level;
        double w = conformal_half_width(s, c, spread ? spread[k] : 0);
        lower[k] = predicted[k] - w;
        upper[k] = predicted[k] + w;
        if (alpha)
            alpha[k] = a.alpha;
    }
    for (size_t k = 0; k < n; k++)
        misses += !isnan(actual[k]) && (actual[k] < lower[k] || actual[k] > upper[k]);
    return misses;
}
