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

long baseline_spec_forecast(const baseline_spec *b, const prepared *p, const size_t *ends,
                            size_t n, double *out, sa_error *e)
{
    const feat_matrix *fm = &p->d.fm;
    double *y = baseline_spec_target(p);
    unsigned char *valid = malloc(n ? n : 1);
    long rc = -1;
    if (!y || !valid) {
        sa_fail(e, "out of memory");
        goto done;
    }
    switch (b->kind) {
    case BASELINE_PERSISTENCE:
        rc = baseline_persistence(y, fm->n_rows, ends, n, b->horizon, out, e) ? -1 : (long)n;
        break;
    case BASELINE_SEASONAL:
        rc = baseline_seasonal(y, p->d.s.time, p->d.s.step, fm->n_rows, ends, n, b->horizon,
                               b->period, out, valid, e);
        break;
    case BASELINE_LINEAR_AR:
        rc = linear_ar_predict(&b->ar, fm->x, fm->n_rows, fm->n_feat, ends, n, out, e) ? -1
                                                                                       : (long)n;
        break;
    case BASELINE_HOLT_WINTERS:
        rc = hw_forecast(&b->hw, y, fm->n_rows, ends, n, b->horizon, out, e) ? -1 : (long)n;
        break;
    default:
        sa_fail(e, "baseline kind %d is unknown", (int)b->kind);
    }
done:
    free(y);
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

static int check_linear_ar(const linear_ar *ar, size_t n_features, sa_error *e)
{
    if (ar->lags < 1 || ar->lags > 100000 || (size_t)ar->n_feat != n_features ||
        ar->target_col != 0 || !ar->coef)
        return sa_fail(e, "linear_ar: lags %d over %zu features (the model has %zu)", ar->lags,
                       ar->n_feat, n_features);
    size_t K = (size_t)ar->lags * ar->n_feat;
    for (size_t k = 0; k < K; k++)
        if (!isfinite(ar->coef[k]))
            return sa_fail(e, "linear_ar: coefficient %zu is not finite", k);
    return isfinite(ar->intercept) ? 0 : sa_fail(e, "linear_ar: the intercept is not finite");
}

int baseline_spec_check(const baseline_spec *b, size_t n_features, sa_error *e)
{
    if (b->horizon < 1)
        return sa_fail(e, "baseline horizon %d is below 1", b->horizon);
    const holt_winters *hw = &b->hw;
    switch (b->kind) {
    case BASELINE_PERSISTENCE:
        return 0;
    case BASELINE_SEASONAL:
        return b->period >= 1 ? 0 : sa_fail(e, "seasonal_naive: period 0");
    case BASELINE_LINEAR_AR:
        return check_linear_ar(&b->ar, n_features, e);
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
