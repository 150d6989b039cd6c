/* baseline_spec.c — see baseline_spec.h. */
#include "model/baseline_spec.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const baseline_names[BASELINE_COUNT] = {"persistence", "seasonal_naive",
                                                     "linear_ar", "holt_winters"};

int baseline_kind_by_name(const char *name)
{
    for (int k = 0; k < BASELINE_COUNT; k++)
        if (!strcmp(name, baseline_names[k]))
            return k;
    return -1;
}

double *baseline_spec_target(const prepared *p)
{
    const feat_matrix *fm = &p->d.fm;
    double *y = malloc((fm->n_rows ? fm->n_rows : 1) * sizeof *y);
    for (size_t r = 0; y && r < fm->n_rows; r++)
        y[r] = fm->x[r * fm->n_feat];
    return y;
}

/* The steps of b: 1 when 0. */
static size_t spec_steps(const baseline_spec *b) { return b->steps > 1 ? (size_t)b->steps : 1; }

/* Seasonal naive for every step of b's path into out (n, S), one step at
 * a time through tmp (n) and valid (n). Returns the forecasts made by the
 * rule, or -1 with e set. */
static long seasonal_path(const baseline_spec *b, const prepared *p, const double *y,
                          const size_t *ends, size_t n, double *out, double *tmp,
                          unsigned char *valid, sa_error *e)
{
    size_t S = spec_steps(b);
    long made = 0;
    for (size_t s = 0; s < S; s++) {
        int ahead = (int)window_step_ahead((size_t)b->horizon, S, s);
        long v = baseline_seasonal(y, p->d.s.time, p->d.s.step, p->d.fm.n_rows, ends, n, ahead,
                                   b->period, S > 1 ? tmp : out, valid, e);
        if (v < 0)
            return -1;
        for (size_t k = 0; S > 1 && k < n; k++)
            out[k * S + s] = tmp[k];
        made += v;
    }
    return made;
}

long baseline_spec_forecast(const baseline_spec *b, const prepared *p, const size_t *ends,
                            size_t n, double *out, sa_error *e)
{
    const feat_matrix *fm = &p->d.fm;
    size_t S = spec_steps(b);
    double *y = baseline_spec_target(p), *tmp = malloc((n ? n : 1) * sizeof *tmp);
    unsigned char *valid = malloc(n ? n : 1);
    long rc = -1;
    if (!y || !valid || !tmp) {
        sa_fail(e, "out of memory");
        goto done;
    }
    switch (b->kind) {
    case BASELINE_PERSISTENCE:   /* flat: every step the last value */
        rc = baseline_persistence(y, fm->n_rows, ends, n, b->horizon, tmp, e) ? -1 : (long)(n * S);
        for (size_t i = 0; rc >= 0 && i < n * S; i++)
            out[i] = tmp[i / S];
        break;
    case BASELINE_SEASONAL:
        rc = seasonal_path(b, p, y, ends, n, out, tmp, valid, e);
        break;
    case BASELINE_LINEAR_AR:
        rc = linear_ar_predict(&b->ar, fm->x, fm->n_rows, fm->n_feat, ends, n, out, e) ? -1
                                                                                       : (long)(n * S);
        break;
    case BASELINE_HOLT_WINTERS:
        rc = hw_forecast_path(&b->hw, y, fm->n_rows, ends, n, b->horizon, (int)S, out, e) ? -1
                                                                                          : (long)(n * S);
        break;
    default:
        sa_fail(e, "baseline kind %d is unknown", (int)b->kind);
    }
done:
    free(y);
    free(tmp);
    free(valid);
    return rc;
}

size_t baseline_spec_rows_needed(const baseline_spec *b, size_t seq_rows)
{
    if (b->kind == BASELINE_HOLT_WINTERS)
        return 0;
    if (b->kind == BASELINE_SEASONAL)
        return seq_rows + b->period;
    return seq_rows;
}

static int check_linear_ar(const linear_ar *ar, size_t n_features, size_t steps, sa_error *e)
{
    if (ar->lags < 1 || ar->lags > 100000 || (size_t)ar->n_feat != n_features ||
        ar->target_col != 0 || !ar->coef || !ar->intercept)
        return sa_fail(e, "linear_ar: lags %d over %zu features (the model has %zu)", ar->lags,
                       ar->n_feat, n_features);
    if ((ar->steps > 1 ? (size_t)ar->steps : 1) != steps)
        return sa_fail(e, "linear_ar: %d steps, the baseline forecasts %zu", ar->steps, steps);
    size_t K = (size_t)ar->lags * ar->n_feat;
    for (size_t k = 0; k < K * steps; k++)
        if (!isfinite(ar->coef[k]))
            return sa_fail(e, "linear_ar: coefficient %zu is not finite", k);
    for (size_t s = 0; s < steps; s++)
        if (!isfinite(ar->intercept[s]))
            return sa_fail(e, "linear_ar: the intercept is not finite");
    return 0;
}

int baseline_spec_check(const baseline_spec *b, size_t n_features, sa_error *e)
{
    if (b->horizon < 1)
        return sa_fail(e, "baseline horizon %d is below 1", b->horizon);
    if (b->steps < 0 || (b->steps > 1 && b->steps != b->horizon))
        return sa_fail(e, "baseline steps %d with horizon %d: a path covers steps 1..S",
                       b->steps, b->horizon);
    const holt_winters *hw = &b->hw;
    switch (b->kind) {
    case BASELINE_PERSISTENCE:
        return 0;
    case BASELINE_SEASONAL:
        return b->period >= 1 ? 0 : sa_fail(e, "seasonal_naive: period 0");
    case BASELINE_LINEAR_AR:
        return check_linear_ar(&b->ar, n_features, spec_steps(b), e);
    case BASELINE_HOLT_WINTERS:
        if (!(hw->alpha > 0 && hw->alpha < 1 && hw->beta >= 0 && hw->beta <= hw->alpha &&
              hw->gamma >= 0 && hw->gamma <= 1 - hw->alpha && hw->phi >= HW_PHI_MIN &&
              hw->phi <= HW_PHI_MAX) || hw->period == 1 || hw->period > 1000000)
            return sa_fail(e, "holt_winters: alpha %g beta %g gamma %g phi %g period %zu are "
                              "out of bounds", hw->alpha, hw->beta, hw->gamma, hw->phi,
                           hw->period);
        return 0;
    default:
        return sa_fail(e, "baseline kind %d is unknown", (int)b->kind);
    }
}

void baseline_spec_describe(const baseline_spec *b, char *buf, size_t cap)
{
    const holt_winters *hw = &b->hw;
    switch (b->kind) {
    case BASELINE_SEASONAL:
        snprintf(buf, cap, "seasonal_naive (one day back, %zu rows)", b->period);
        break;
    case BASELINE_LINEAR_AR:
        snprintf(buf, cap, "linear_ar (%d lags of %zu features, fitted on %zu windows)",
                 b->ar.lags, b->ar.n_feat, b->ar.n_train);
        break;
    case BASELINE_HOLT_WINTERS:
        snprintf(buf, cap, "holt_winters (alpha %.4g beta %.4g gamma %.4g phi %.4g, %s, fitted "
                           "on %zu rows)", hw->alpha, hw->beta, hw->gamma, hw->phi,
                 hw->period ? "daily season" : "no season", hw->n_fit);
        break;
    default:
        snprintf(buf, cap, "%s", b->kind < BASELINE_COUNT ? baseline_names[b->kind] : "unknown");
    }
}

void baseline_spec_free(baseline_spec *b)
{
    linear_ar_free(&b->ar);
    memset(b, 0, sizeof *b);
}
