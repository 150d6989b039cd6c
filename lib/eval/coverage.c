/* coverage.c — see coverage.h. */
#include "eval/coverage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Fraction of windows [lo, hi) whose actual is inside its interval. */
static double covered(const double *actual, const double *lower, const double *upper,
                      size_t lo, size_t hi)
{
    size_t in = 0;
    for (size_t k = lo; k < hi; k++)
        in += actual[k] >= lower[k] && actual[k] <= upper[k];
    return hi > lo ? (double)in / (double)(hi - lo) : 0;
}

int coverage_measure(coverage_row *row, const char *name, const conformal_set *s,
                     double level, double gamma, size_t n, const int64_t *issued,
                     const int64_t *target, const double *predicted, const double *spread,
                     const double *actual, sa_error *e)
{
    memset(row, 0, sizeof *row);
    if (n < 3)
        return sa_fail(e, "%s: %zu windows are too few to measure coverage by thirds", name, n);
    double *lower = malloc(n * sizeof *lower), *upper = malloc(n * sizeof *upper);
    if (!lower || !upper) {
        free(lower);
        free(upper);
        return sa_fail(e, "out of memory");
    }
    conformal_stream(s, level, gamma, n, issued, target, predicted, spread, actual, lower,
                     upper, NULL);
    snprintf(row->name, sizeof row->name, "%s", name);
    snprintf(row->score, sizeof row->score, "%s", s->score);
    row->n = n;
    row->n_calibration = s->n;
    row->level = level;
    row->gamma = gamma;
    row->coverage = covered(actual, lower, upper, 0, n);
    row->first_third = covered(actual, lower, upper, 0, n / 3);
    row->last_third = covered(actual, lower, upper, n - n / 3, n);
    double width = 0;
    for (size_t k = 0; k < n; k++)
        width += upper[k] - lower[k];
    row->mean_width = width / (double)n;
    free(lower);
    free(upper);
    return 0;
}
