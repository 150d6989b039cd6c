/* transform.h — the map from feature values to the numbers a network reads,
 * and back to target units for its forecasts.
 *
 * Two kinds share one form. For feature column f of a row:
 *
 *     z = (g_f(x) - center_f) / scale_f        (z = 0 when scale_f = 0)
 *     g_f(x) = sign(x) · log1p(|x|)  when log1p_f, else x
 *
 * and a forecast y of the target (column 0) in those units maps back to
 *     x̂ = g_0⁻¹(center_0 + scale_0 · y),   g⁻¹(v) = sign(v) · expm1(|v|).
 *
 * Min-max (the seed presets, docs/design.md §6): center = min, scale = max − min
 * of the training rows, no log1p, nothing relative, no clip.
 *
 * Robust (issue 14.1), fitted on the rows of the training windows only:
 *  - the target and the features in its units (cpu_rolling_mean, _min,
 *    _max, cpu_seasonal) are RELATIVE: they share the target's g, center (its median)
 *    and scale, and the network centres them per window on the window's
 *    last target value (net.h, window_norm.h), so the LSTM sees
 *    z_t − z_end and predicts the change z_{end+h} − z_end;
 *  - the target's scale is robust and never zero: the median absolute step
 *    |g(x_r) − g(x_{r−1})| over consecutive training rows; where that is 0
 *    (a series that mostly holds still) the mean absolute step; then the
 *    IQR / 1.349 of g(x); then max − min; then 1 (a constant series);
 *  - other metric columns (network_in, request_count, their rolling means,
 *    cpu_rolling_std, cpu_diff) are ROBUST: center = median of g(x), scale
 *    = IQR / 1.349, else the mean absolute deviation from the median, else
 *    max − min, else 0 (a constant column carries nothing and reads 0);
 *  - calendar columns are FIXED: hour (x − 11.5) / 11.5, day_of_week
 *    (x − 3) / 3, time_category (x − 1.5) / 1.5, 0/1 flags as they are;
 *  - log1p (automatic, TRANSFORM_LOG1P_AUTO): a metric column whose
 *    training values are all ≥ 0 and heavy-tailed — its 99th percentile is
 *    more than 4 times its median (or the median is 0 and the 99th
 *    percentile is not): byte and request counts, spiky utilisation.
 *    ON applies it to every metric column, OFF to none;
 *  - clip: every scaled input (after the per-window centring) is clipped
 *    to [−clip, clip] by the network (net_arch.clip, TRANSFORM_DEFAULT_CLIP
 *    in the robust presets; the target it learns is not), so one
 *    spike cannot saturate the LSTM.
 * Sizes: R rows, F features. */
#ifndef SA_TRANSFORM_H
#define SA_TRANSFORM_H

#include <stddef.h>
#include "base/err.h"
#include "features/window.h"

enum transform_role {
    TRANSFORM_RELATIVE = 0,   /* target units, centred per window */
    TRANSFORM_ROBUST = 1,     /* other metric: own median and robust scale */
    TRANSFORM_FIXED = 2,      /* calendar: fixed center and scale */
    TRANSFORM_MINMAX = 3      /* seed presets: min-max */
};

enum transform_log1p { TRANSFORM_LOG1P_AUTO, TRANSFORM_LOG1P_ON, TRANSFORM_LOG1P_OFF };

/* Default clip of the robust presets (scaled units). */
#define TRANSFORM_DEFAULT_CLIP 10.0

typedef struct transform {
    size_t n_feat;           /* F */
    int robust;              /* 0 = min-max, 1 = robust */
    double *center;          /* (F), owned */
    double *scale;           /* (F) >= 0, owned; the target's is > 0 when robust */
    unsigned char *log1p;    /* (F) 0/1, owned */
    unsigned char *role;     /* (F) enum transform_role, owned */
    /* Robust: the training rows' smallest and largest value of each column
     * in its own units (before log1p), to tell an input far outside what
     * the model saw; NULL in a file written before they were kept (and in
     * min-max transforms, whose range is center .. center + scale). */
    double *lo, *hi;         /* (F) each, owned, or NULL */
} transform;

/* Allocates t for n_feat columns, every one min-max with center 0 and
 * scale 0, no log1p. Returns 0, or -1 with e set. */
int transform_alloc(transform *t, size_t n_feat, int robust, sa_error *e);

/* The min-max transform of the scaler's arrays min and max (F): center =
 * min, scale = max − min. Returns 0, or -1 with e set. */
int transform_from_minmax(transform *t, const float *min, const float *max, size_t n_feat,
                          sa_error *e);

/* Fits the robust transform of the feature matrix x (R, F) whose columns
 * are the features ids (enum feat_id) over the rows touched by the
 * training windows [0, w->n_train) of w, as the header describes; log1p
 * picks the rule. Returns 0, or -1 with e set (out
 * of memory, no training window). */
int transform_fit_robust(transform *t, const float *x, size_t n_rows, size_t n_feat,
                         const int *ids, const window_set *w, int log1p, sa_error *e);

/* Allocates t->lo and t->hi (zeroed) for t's columns. Returns 0, or -1
 * with e set (t then freed). */
int transform_alloc_range(transform *t, sa_error *e);

/* Copies src into a fresh dst. Returns 0, or -1 with e set. */
int transform_copy(transform *dst, const transform *src, sa_error *e);

/* out (R, F) = the transformed x (R, F); out may equal x. */
void transform_apply(const transform *t, const float *x, size_t n_rows, float *out);

/* Target units of a forecast y of column col (always finite: the argument
 * of expm1 is kept within float range). */
double transform_unscale(const transform *t, size_t col, double y);

/* The training range of column col: [center, center + scale] for a
 * min-max column, [lo, hi] for a robust one whose range was kept. Returns
 * 1 with *lo and *hi set, or 0 when it is not known (a calendar column of
 * fixed scale, a robust file from before the range was kept). */
int transform_range(const transform *t, size_t col, double *lo, double *hi);

/* Counts values of x (R, F) in rows [first, first + count) of the columns
 * whose training range t knows (transform_range) that lie outside
 * [lo − margin·(hi − lo), hi + margin·(hi − lo)]: inputs beyond what the
 * model was trained on — a series at 10 times its training level, under
 * either kind of transform. */
size_t transform_count_outside(const transform *t, const float *x, size_t first, size_t count,
                               double margin);

/* Bit f set when column f is RELATIVE (F < 32 always holds: FEAT_COUNT). */
unsigned transform_relative_mask(const transform *t);

/* The same from a feature list ids (n, enum feat_id): bit f set when
 * feature ids[f] is in the target's units. */
unsigned transform_relative_ids(const int *ids, size_t n);

/* Checks a transform read from a file: finite centers, scales >= 0 (> 0 for
 * a robust target), flags 0/1, roles known, a kept range with lo <= hi. Returns 0, or -1 with e set naming the first problem. */
int transform_check(const transform *t, sa_error *e);

/* Name of a log1p rule ("auto", "on", "off") and back (-1 when unknown). */
const char *transform_log1p_name(int rule);
int transform_log1p_by_name(const char *name);

void transform_free(transform *t);

#endif
