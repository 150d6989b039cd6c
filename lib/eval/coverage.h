/* coverage.h — how well calibrated intervals cover on an evaluated part:
 * overall coverage, mean width, and coverage in the first and last thirds
 * of the part (a drifting series shows as a difference between them). */
#ifndef SA_COVERAGE_H
#define SA_COVERAGE_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "model/conformal.h"

typedef struct coverage_row {
    char name[48];             /* "model", "persistence", ... */
    char score[16];            /* the calibration's score */
    size_t n;                  /* windows measured */
    size_t n_calibration;      /* scores in the calibration set */
    double level, gamma;       /* nominal level; ACI step (0 = off) */
    double coverage;           /* fraction with lower <= actual <= upper */
    double mean_width;         /* mean upper - lower */
    double first_third, last_third;  /* coverage of windows [0, n/3) and [n - n/3, n) */
} coverage_row;

/* Issues the intervals of s at level (adapted by ACI when gamma > 0) for
 * the n forecasts (issued, target, predicted, spread or NULL, actual: all
 * known, see conformal_stream) and measures them into row (named name).
 * The level must be supported (conformal_check_level). Returns 0, or -1
 * with e set (n < 3, out of memory). */
int coverage_measure(coverage_row *row, const char *name, const conformal_set *s,
                     double level, double gamma, size_t n, const int64_t *issued,
                     const int64_t *target, const double *predicted, const double *spread,
                     const double *actual, sa_error *e);

/* coverage_measure for n forecast paths of S steps: target, predicted,
 * spread (or NULL) and actual are (n, S) origin-major, issued (n); step j
 * is issued with its own row of s (conformal_step) and its own ACI level.
 * by_step (S rows, or NULL) gets each step's measurement, row the overall
 * one: coverage, mean width and the thirds averaged over the steps (each
 * step has the same n windows). S = 1 is coverage_measure. Returns 0, or
 * -1 with e set. */
int coverage_measure_path(coverage_row *row, coverage_row *by_step, const char *name,
                          const conformal_set *s, double level, double gamma, size_t n,
                          size_t S, const int64_t *issued, const int64_t *target,
                          const double *predicted, const double *spread, const double *actual,
                          sa_error *e);

#endif
