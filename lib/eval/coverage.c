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

/* Step j's column of the (n, S) array a into out (n). */
static void column(double *out, const double *a, size_t n, size_t S, size_t j)
{
    for (size_t k = 0; k < n; k++)
        out[k] = a[k * S + j];
}

/* The step rows' average into row (its name, score, n and calibration
 * count from the first). */
static void average_rows(coverage_row *row, const coverage_row *steps, size_t S)
{
    *row = steps[0];
    row->coverage = row->mean_width = row->first_third = row->last_third = 0;
    for (size_t j = 0; j < S; j++) {
        row->coverage += steps[j].coverage / (double)S;
        row->mean_width += steps[j].mean_width / (double)S;
        row->first_third += steps[j].first_third / (double)S;
        row->last_third += steps[j].last_third / (double)S;
    }
}

int coverage_measure_path(coverage_row *row, coverage_row *by_step, const char *name,
                          const conformal_set *s, double level, double gamma, size_t n,
                          size_t S, const int64_t *issued, const int64_t *target,
                          const double *predicted, const double *spread, const double *actual,
                          sa_error *e)
{
    if (S == 1) {
        int rc = coverage_measure(row, name, s, level, gamma, n, issued, target, predicted,
                                  spread, actual, e);
        if (rc == 0 && by_step)
            by_step[0] = *row;
        return rc;
    }
    coverage_row *rows = by_step ? by_step : malloc(S * sizeof *rows);
    double *buf = malloc(3 * (n ? n : 1) * sizeof *buf);
    int64_t *when = malloc((n ? n : 1) * sizeof *when);
    int rc = rows && buf && when ? 0 : sa_fail(e, "out of memory");
    for (size_t j = 0; rc == 0 && j < S; j++) {
        for (size_t k = 0; k < n; k++)
            when[k] = target[k * S + j];
        column(buf, predicted, n, S, j);
        column(buf + 2 * n, actual, n, S, j);
        if (spread)
            column(buf + n, spread, n, S, j);
        conformal_set step = conformal_step(s, j);
        rc = coverage_measure(&rows[j], name, &step, level, gamma, n, issued, when, buf,
                              spread ? buf + n : NULL, buf + 2 * n, e);
    }
    if (rc == 0)
        average_rows(row, rows, S);
    if (!by_step)
        free(rows);
    free(buf);
    free(when);
    return rc;
}
