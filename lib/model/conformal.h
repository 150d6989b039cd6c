/* conformal.h — split conformal prediction intervals and adaptive conformal
 * inference (ACI), the pure math: no model, no I/O.
 *
 * Split conformal: the scores of a calibration set (absolute residuals
 * |y - ŷ| on the validation part, or for an ensemble, optionally, residuals
 * divided by the members' spread) are sorted; the interval at level c is
 * ŷ ∓ q_c (∓ q_c·(σ + ε) for normalised scores) with q_c the
 * ceil((n+1)·c)-th smallest of the n scores — the empirical quantile at
 * ceil((n+1)c)/n, which covers a new exchangeable point with probability
 * at least c. When ceil((n+1)c) > n the quantile is infinite: n scores
 * cannot support level c (n must be at least c/(1-c): 9 for 0.9, 99 for
 * 0.99). An actual on a bound counts as covered (closed interval).
 *
 * ACI (Gibbs & Candès, "Adaptive conformal inference under distribution
 * shift", NeurIPS 2021): the miscoverage level is adapted online,
 *     α_{t+1} = α_t + γ (α − err_t),  err_t = 1 if y_t fell outside the
 * interval issued for it, else 0,
 * and the interval at time t uses level 1 − α_t. γ = 0 is plain split
 * conformal. Where 1 − α_t asks more than the n scores support (α_t ≤
 * 1/(n+1), the paper's infinite interval), the widest finite interval
 * (the largest score) is used; α_t is kept within [−γ, 1 + γ], the range
 * the paper proves it stays in when that interval is infinite, so a long
 * run of misses cannot push it beyond recovery. Forecasts h steps ahead
 * learn with a delay: the error of a forecast counts from the time its
 * actual is known (its target time).
 *
 * A forecast path (steps 1..S, issue 23) is calibrated step by step: each
 * step has its own scores, the residuals of that step on the calibration
 * windows (per-step split conformal, so the widths grow with the step as
 * the data says), and its own ACI level. A set holds S rows of scores;
 * conformal_step views one row as a set of its own, which every function
 * below takes. */
#ifndef SA_CONFORMAL_H
#define SA_CONFORMAL_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"

/* Which score the calibration set holds. */
/* The most scores a calibration set holds (a larger one in a file is
 * reported as damage, not allocated). */
#define CONFORMAL_MAX_SCORES 100000000
/* The most steps (rows of scores) a set holds: NET_MAX_STEPS. */
#define CONFORMAL_MAX_STEPS 4096

#define CONFORMAL_ABSOLUTE "absolute"      /* |y - ŷ| */
#define CONFORMAL_NORMALISED "normalised"  /* |y - ŷ| / (σ + ε) */

/* A calibration set (stored in the model file under /calibration). */
typedef struct conformal_set {
    char score[16];          /* CONFORMAL_ABSOLUTE | CONFORMAL_NORMALISED; "" = none */
    double spread_floor;     /* ε (normalised only; 0 otherwise) */
    size_t n;                /* scores per step */
    float *scores;           /* (S, n): row j the ascending scores of step j + 1, owned */
    /* The choice between the scores (ensembles): the mean interval score
     * (width + 20 x the distance outside, Gneiting & Raftery 2007) at level
     * 0.9 on the second half of the validation part when calibrated on the
     * first half, for each score; the lower wins. NaN when there was no
     * choice. */
    double check_absolute, check_normalised;
    size_t steps;            /* S: rows of scores, one per forecast step; 0 reads as 1 */
} conformal_set;

/* S of s: its steps, 1 when 0. */
static inline size_t conformal_steps(const conformal_set *s) { return s->steps > 1 ? s->steps : 1; }

/* Step j (0-based, < conformal_steps(s)) of s as a one-step set of its
 * own: the same score and floor, n scores pointing into s's row j. A view:
 * it owns nothing (never free it) and lives as long as s. */
conformal_set conformal_step(const conformal_set *s, size_t j);

/* The finite-sample conformal quantile at level c of n ascending scores:
 * the k-th smallest with k = ceil((n+1)·c) (computed with a 1e-9 slack so
 * that (n+1)·c landing on an integer is not pushed up by rounding); 0 when
 * k < 1 (c <= 0), INFINITY when k > n (c too high for n scores, or n = 0). */
double conformal_quantile(const float *sorted, size_t n, double level);

/* The fewest scores that support level c in (0, 1): ceil(c / (1 - c)). */
size_t conformal_min_scores(double level);

/* The level an interval from n scores can have when level c is asked: c
 * when n supports it, else the highest n supports, n / (n + 1) (0 for no
 * scores). What the tools use at their default level on a model trained on
 * so little data that its validation part gave fewer scores (an explicit
 * level it cannot support stays an error). */
double conformal_level_within(size_t n, double level);

/* Half-width of the interval at level c for a forecast whose ensemble
 * spread is spread (ignored for absolute scores): q_c, or q_c·(spread + ε).
 * INFINITY when the set cannot support c. */
double conformal_half_width(const conformal_set *s, double level, double spread);

/* Builds s from n calibration points (actual, predicted, spread — spread
 * NULL or all zero for a single model: absolute scores). With a spread,
 * both scores are tried: each calibrated on the first half, its mean
 * interval score at level 0.9 measured on the second; the normalised score
 * is chosen when its interval score is strictly lower (check_* record
 * both). ε is 10 %
 * of the median spread. s is owned by the caller (conformal_set_free).
 * Returns 0, or -1 with e set (n = 0, a value not finite, out of memory). */
int conformal_calibrate(conformal_set *s, const double *actual, const double *predicted,
                        const double *spread, size_t n, sa_error *e);

/* conformal_calibrate for n forecast paths of S steps: actual, predicted
 * and spread (or NULL) are (n, S), row k the path of calibration window
 * k. Each step is scored on its own residuals into row j of s (s->steps
 * = S); with a spread, the choice between the scores is made once for all
 * steps, on the interval scores summed over the steps. S = 1 is
 * conformal_calibrate. Returns 0, or -1 with e set. */
int conformal_calibrate_path(conformal_set *s, const double *actual, const double *predicted,
                             const double *spread, size_t n, size_t S, sa_error *e);

/* Checks a loaded set: known score, n >= 1, steps 0..CONFORMAL_MAX_STEPS,
 * every row's scores finite, >= 0 and ascending, ε finite and >= 0.
 * Returns 0, or -1 with e set. */
int conformal_check(const conformal_set *s, sa_error *e);

/* Checks that level is in (0, 1) and that s supports it (enough scores).
 * Returns 0, or -1 with e set to a message naming --coverage / the level. */
int conformal_check_level(const conformal_set *s, double level, const char *option,
                          sa_error *e);

/* Deep copy of src into dst, every step (dst owned by the caller).
 * Returns 0 or -1. */
int conformal_copy(conformal_set *dst, const conformal_set *src, sa_error *e);

/* Frees the scores and zeroes s; safe on a zeroed set. */
void conformal_set_free(conformal_set *s);

/* The ACI step predict (over a file) and eval use unless --adapt-gamma
 * says otherwise: Gibbs & Candès's (2021) choice in their experiments, not
 * tuned to any series here. Real metrics drift between the validation part
 * the scores come from and the part forecast; on the NAB series of make
 * realdata plain split conformal covered 85-95 % at every step of a path
 * on 5 of 11, with this step 10 of 11 (docs/paths.md). */
#define CONFORMAL_DEFAULT_GAMMA 0.005

/* The state of ACI. */
typedef struct conformal_aci {
    double alpha_target;     /* α = 1 − nominal level */
    double alpha;            /* α_t */
    double gamma;            /* γ, 0 = off */
} conformal_aci;

/* Starts ACI at α_1 = α = 1 − level. */
void conformal_aci_init(conformal_aci *a, double level, double gamma);

/* The level 1 − α_t to use now (may be <= 0 or >= 1). */
double conformal_aci_level(const conformal_aci *a);

/* One update with err = 1 (missed) or 0 (covered), then the clamp to
 * [−γ, 1 + γ]. */
void conformal_aci_update(conformal_aci *a, int err);

/* Intervals for a stream of n forecasts in issue order: forecast k was
 * issued at issued[k] for target time target[k] (both increasing), with
 * value predicted[k], ensemble spread spread[k] (NULL: none) and actual[k]
 * (NaN when never observed). With gamma > 0 the level adapts by ACI, each
 * forecast's error counting once target[k] <= the issue time of a later
 * forecast; lower, upper (n, caller-owned) get ŷ ∓ half-width; alpha (n,
 * or NULL) the α_t each interval used. The nominal level must be supported
 * (conformal_check_level). Returns the number of forecasts whose actual
 * was known and fell outside their interval. */
size_t conformal_stream(const conformal_set *s, double level, double gamma, size_t n,
                        const int64_t *issued, const int64_t *target, const double *predicted,
                        const double *spread, const double *actual, double *lower,
                        double *upper, double *alpha);

#endif
