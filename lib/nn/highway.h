/* highway.h — the linear "highway" of LSTNet (Lai et al. 2018): a linear
 * term on the last k values of the target channel (input column 0) of each
 * window, added to the network's output so the scale-sensitive linear part
 * of a forecast does not have to pass through the LSTM. As a pair of ops
 * (docs/style.md §1), in the state_dict's terms a torch.nn.Linear(k, 1) named
 * "highway" applied to x[:, -k:, 0], with S outputs (one per forecast
 * step; torch.nn.Linear(k, S)).
 *
 * Sizes: T steps, B batch, I inputs, k highway width (1 <= k <= T), S
 * outputs. The input is time-major (T, B, I), as the network holds it. */
#ifndef SA_HIGHWAY_H
#define SA_HIGHWAY_H

/* out (B, S): out[b, s] = bias[s] + sum_j w[s, j] · x[T-k+j, b, 0], for
 * w (S, k), bias (S). Overwrites out. */
void highway_forward(float *out, const float *x, const float *w, const float *bias, int T,
                     int B, int I, int k, int S);

/* Gradients of highway_forward for dout (B, S): dw[s, j] += sum_b
 * dout[b, s] · x[T-k+j, b, 0], dbias[s] += sum_b dout[b, s]. The input is
 * data: no dx. */
void highway_backward(float *dw, float *dbias, const float *dout, const float *x, int T,
                      int B, int I, int k, int S);

#endif
