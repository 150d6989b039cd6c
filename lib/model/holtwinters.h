/* holtwinters.h — additive Holt-Winters with a damped trend and an
 * optional additive season: the fourth baseline of docs/design.md §8, and a
 * forecaster a model file can hold (model.h, kind "baseline"). It lives in
 * the model layer, not in eval, because the predictor runs it.
 *
 * The recursion is statsmodels' ExponentialSmoothing(trend="add",
 * damped_trend=True, seasonal="add"), so a Python user gets the same
 * numbers. Rows t = 0, 1, ... of y; m rows a season (m = 0: no season, all
 * s terms are 0); states l (level), b (trend), s (season):
 *
 *   forecast of y_t   ŷ_t = l_{t-1} + φ b_{t-1} + s_{t-m}
 *   l_t = α (y_t - s_{t-m}) + (1 - α)(l_{t-1} + φ b_{t-1})
 *   b_t = β (l_t - l_{t-1}) + (1 - β) φ b_{t-1}
 *   s_t = γ (y_t - l_{t-1} - φ b_{t-1}) + (1 - γ) s_{t-m}
 *
 * h steps ahead from row t: l_t + (φ + φ² + … + φ^h) b_t + s_{t+h-k·m},
 * k = ceil(h / m) (the latest season value of the target's phase).
 * Parameters live in 0 < α < 1, 0 <= β <= α, 0 <= γ <= 1 - α and
 * HW_PHI_MIN <= φ <= HW_PHI_MAX (statsmodels' bounds).
 *
 * Initial states l_{-1}, b_{-1}, s_{-m..-1} come from the first rows of
 * the series the recursion runs over, by the heuristic of Hyndman et al.
 * (2008, §2.6) as statsmodels computes it: the season is the average
 * deviation from a centred moving average of one season (2×m when m is
 * even) over the first k = min(5, n/m) seasons, normalised to sum 0;
 * level and trend are the intercept and slope of a line through the first
 * 10 values of that moving average (of y itself without a season; as in
 * statsmodels, the level is thus the average's at its first row, m/2 rows
 * in, so a steep trend starts off by m/2 steps and settles). With
 * fewer rows (n < 10 + 2·floor(m/2), or n < 10 without a season) the
 * simple start is used: level = mean of the first season (y_0), trend =
 * mean of (y_{m+j} - y_j)/m (y_1 - y_0), season y_j - level.
 *
 * Fitting (hw_fit) picks α, β, γ, φ minimising the one-step squared error
 * over the rows given, from those initial states: the best point of a
 * coarse grid, refined by Nelder-Mead. Forecasting (hw_forecast) starts
 * again from the initial states of the rows it is given and runs the
 * recursion with the fitted parameters fixed — what statsmodels does when
 * a fitted model is re-run with fit(optimized=False) on a longer series
 * (and what ../shared/tools/scoreboard.py does). Rows are taken as
 * consecutive: a gap in time is not seen (fill it, or accept it). */
#ifndef SA_HOLTWINTERS_H
#define SA_HOLTWINTERS_H

#include <stddef.h>
#include "base/err.h"

#define HW_PHI_MIN 0.8
#define HW_PHI_MAX 0.995

typedef struct holt_winters {
    double alpha, beta, gamma, phi;
    size_t period;     /* m: rows a season, 0 = no season */
    double sse;        /* one-step squared error summed over the fitted rows */
    size_t n_fit;      /* rows fitted on */
} holt_winters;

/* The season a fit on n_train rows uses: period when period >= 2 and the
 * rows hold at least two seasons, else 0 (no season). */
size_t hw_season_for(size_t n_train, size_t period);

/* Fits m on y[0..n-1] with the season hw_season_for(n, period). Returns 0,
 * or -1 with e set (fewer than 3 rows, a non-finite value). A constant
 * series fits exactly (sse 0) and forecasts its constant. */
int hw_fit(holt_winters *m, const double *y, size_t n, size_t period, sa_error *e);

/* Runs m over y[0..n_rows-1] from the initial states of those rows and
 * writes the forecast of row t + horizon made at row t for every t =
 * window_end[i] into out[i] (n_windows, caller-owned). Only rows up to the
 * last window end are read. Returns 0, or -1 with e set (horizon < 1, a
 * window end beyond the rows, too few rows to start the season — m needs
 * 2m rows, no season 2 —, a non-finite value). */
int hw_forecast(const holt_winters *m, const double *y, size_t n_rows, const size_t *window_end,
                size_t n_windows, int horizon, double *out, sa_error *e);

/* hw_forecast for a path: the forecasts of rows t + horizon - steps + 1
 * .. t + horizon (window_step_ahead) made at each t = window_end[i] into
 * out[i·steps ..] (n_windows, steps). 1 <= steps <= horizon; steps 1 is
 * hw_forecast. Same errors. */
int hw_forecast_path(const holt_winters *m, const double *y, size_t n_rows,
                     const size_t *window_end, size_t n_windows, int horizon, int steps,
                     double *out, sa_error *e);

#endif
