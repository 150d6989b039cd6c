/* bench_util.h — timing and summary helpers shared by the bench programs
 * (the programs in bench/, built by bench/run.sh). Header-only: each program is one
 * translation unit linked against build/libscaleahead.a.
 *
 * Every figure is the median of BENCH_REPS timed runs after one untimed
 * warm-up, printed as one line "bench: NAME VALUE UNIT" on stdout, which
 * bench/run.sh collects, compares with its target and writes to
 * bench/results.csv. */
#ifndef SA_BENCH_UTIL_H
#define SA_BENCH_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BENCH_REPS 5

/* Monotonic clock in seconds. */
static inline double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static inline int bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median of v (n >= 1 values); sorts v in place. */
static inline double bench_median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, bench_cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* Prints one figure in the format bench/run.sh parses. */
static inline void bench_report(const char *name, double value, const char *unit)
{
    printf("bench: %s %.6g %s\n", name, value, unit);
    fflush(stdout);
}

/* Exits with a usage line unless argc lies in [lo, hi]. */
static inline void bench_usage(int argc, int lo, int hi, const char *usage)
{
    if (argc < lo || argc > hi) {
        fprintf(stderr, "usage: %s\n", usage);
        exit(2);
    }
}

#endif
