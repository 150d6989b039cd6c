/* loss.h — the training loss over a batch of one-output forecasts, as
 * forward/backward pairs (docs/style.md §1): MSE (docs/design.md §6), L1 (the metric
 * every report scores, MAE) and Huber (quadratic within LOSS_HUBER_DELTA
 * of the target, linear beyond, as torch.nn.HuberLoss(delta=1)).
 * Sizes: B batch. */
#ifndef SA_LOSS_H
#define SA_LOSS_H

enum loss_kind { LOSS_MSE, LOSS_L1, LOSS_HUBER };

#define LOSS_HUBER_DELTA 1.0

/* Returns sum_b (y_b - target_b)^2 over y (B), target (B), in double. */
double mse_forward(const float *y, const float *target, int B);

/* dy (B) += scale * 2 (y_b - target_b): the gradient of
 * scale * sum_b (y_b - target_b)^2 (scale = 1 / B gives the mean). */
void mse_backward(float *dy, const float *y, const float *target, int B, float scale);

/* Returns sum_b loss(y_b - target_b) for kind: d^2 (MSE), |d| (L1), or
 * d^2 / 2 for |d| <= delta and delta (|d| - delta / 2) beyond (Huber). */
double loss_forward(int kind, const float *y, const float *target, int B);

/* dy (B) += scale * d loss(y_b - target_b) / d y_b for kind: 2d, sign(d)
 * (0 at d = 0), or d clipped to [-delta, delta]. */
void loss_backward(int kind, float *dy, const float *y, const float *target, int B,
                   float scale);

/* Name of a loss ("mse", "l1", "huber") and back (-1 when unknown). */
const char *loss_name(int kind);
int loss_by_name(const char *name);

#endif
