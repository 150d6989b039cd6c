/* loss.h — the training loss over a batch of one-output forecasts, as a
 * forward/backward pair (STYLE.md 1). Sizes: B batch. */
#ifndef SA_LOSS_H
#define SA_LOSS_H

/* Returns sum_b (y_b - target_b)^2 over y (B), target (B), in double. */
double mse_forward(const float *y, const float *target, int B);

/* dy (B) += scale * 2 (y_b - target_b): the gradient of
 * scale * sum_b (y_b - target_b)^2 (scale = 1 / B gives the mean). */
void mse_backward(float *dy, const float *y, const float *target, int B, float scale);

#endif
