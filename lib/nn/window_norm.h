/* window_norm.h — the per-window part of the robust transform
 * (data/transform.h), run by the network on its input so that windows stay
 * indices into one transformed matrix: every column in the relative mask
 * (the target and the features in its units) is centred on the window's
 * last target value, then every column is clipped to [-clip, clip]. The
 * anchor (that last value) is returned, for the residual output
 * (y = network + anchor). Parameter-free, and the input is data, so there
 * is no backward.
 *
 * Sizes: T steps, B batch, I inputs (at most 32: the mask is a bitset). */
#ifndef SA_WINDOW_NORM_H
#define SA_WINDOW_NORM_H

#include <stddef.h>

/* The scale of a window of T target values x[0], x[stride], ...,
 * x[(T-1)·stride]: the mean absolute step between consecutive values,
 * never below WINDOW_SCALE_FLOOR · (1 + |last value|) — but 0 for a window
 * that holds perfectly still: it carries no scale, and a window-scaled
 * network forecasts its value (y = anchor + 0 · ...), exactly, and takes
 * no loss from it in training. */
#define WINDOW_SCALE_FLOOR 1e-4f
float window_norm_scale(const float *x, size_t stride, int T);

/* The target of a window-scaled network in its per-window units,
 * (value - anchor) / scale, kept within ±WINDOW_SCALE_TARGET_CLIP so one
 * burst after a near-still window cannot dominate a mean loss; 0 when the
 * scale is 0 (a still window: nothing to learn from it). */
#define WINDOW_SCALE_TARGET_CLIP 100.0f
float window_norm_unit(float value, float anchor, float scale);

/* In place on x (T, B, I), time-major: anchor (B) = x[T-1, b, 0] before
 * the change; with scale (not NULL) scale (B) = window_norm_scale of the
 * window's target column; x[t, b, f] -= anchor[b] where bit f of relative
 * is set, then divided by scale[b] (when given; by nothing, i.e. set to
 * 0, when it is 0); then
 * x = min(max(x, -clip), clip) when clip > 0. */
void window_norm_forward(float *x, float *anchor, float *scale, unsigned relative, float clip,
                         int T, int B, int I);

#endif
