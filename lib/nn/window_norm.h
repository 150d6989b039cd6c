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

/* In place on x (T, B, I), time-major: anchor (B) = x[T-1, b, 0] before
 * the change; x[t, b, f] -= anchor[b] where bit f of relative is set; then
 * x = min(max(x, -clip), clip) when clip > 0. */
void window_norm_forward(float *x, float *anchor, unsigned relative, float clip, int T, int B,
                         int I);

#endif
