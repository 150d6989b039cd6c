/* resample.h — points at irregular times onto a fixed grid of step
 * seconds: each point goes to the nearest grid time (jitter of a few
 * seconds snaps back onto the grid), and the points that land on the same
 * grid time (duplicates, off-grid rows) are combined by an aggregate. A
 * grid time without points is a gap: no row. Sizes: P points in, G out. */
#ifndef SA_RESAMPLE_H
#define SA_RESAMPLE_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"

typedef enum resample_agg {
    RESAMPLE_MEAN,      /* gauges: CPU %, memory % */
    RESAMPLE_MAX,
    RESAMPLE_SUM,       /* counts: requests add up */
    RESAMPLE_LAST,      /* the latest point */
} resample_agg;

/* The largest grid step (scaleahead-import --step): 366 days. A hint never
 * names a larger one. */
#define RESAMPLE_MAX_STEP (86400 * 366)

/* "mean", "max", "sum" or "last" to *agg. Returns 0, or -1 for other text. */
int resample_parse_agg(const char *text, resample_agg *agg);

/* The most common of the n values (ties: the smallest; 0 when n = 0). */
int64_t resample_mode(const int64_t *values, size_t n);

/* The grid's phase: the most common remainder of time modulo step (ties:
 * the smallest) over the n points at time, so a series sampled at :04, :09
 * keeps its minutes. step > 0. */
int64_t resample_phase(const int64_t *time, size_t n, int64_t step);

/* The grid time nearest t: phase + k * step (a point exactly between two
 * grid times goes to the later). */
int64_t resample_snap(int64_t t, int64_t step, int64_t phase);

/* Resamples the n points (time ascending, values finite) to the grid
 * phase + k * step. Writes the grid times that received points to
 * out_time and their aggregate to out_value (arrays of at least n) and
 * returns how many (G <= n). */
size_t resample_points(const int64_t *time, const double *value, size_t n, int64_t step,
                       int64_t phase, resample_agg agg, int64_t *out_time, double *out_value);

#endif
