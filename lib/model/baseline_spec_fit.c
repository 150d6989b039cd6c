/* baseline_spec_fit.c — baseline_spec_fit (see baseline_spec.h), apart
 * from the forecasts in baseline_spec.c so that a tool which only loads a
 * fitted baseline (scaleahead-predict) does not link LAPACKE. */
#include "model/baseline_spec.h"

#include <stdlib.h>
#include <string.h>

int baseline_spec_fit(baseline_spec *b, baseline_kind kind, const prepared *p, size_t n_fit,
                      int horizon, int steps, int lags, sa_error *e)
{
    memset(b, 0, sizeof *b);
    b->kind = kind;
    b->horizon = horizon;
    b->steps = steps;
    if (steps < 1 || (steps > 1 && steps != horizon))
        return sa_fail(e, "%s: %d steps with horizon %d (a path covers steps 1..S)",
                       baseline_names[kind], steps, horizon);
    if (n_fit == 0 || n_fit > p->w.n)
        return sa_fail(e, "%s: %zu training windows of %zu", baseline_names[kind], n_fit, p->w.n);
    if (horizon < 1)
        return sa_fail(e, "%s: horizon %d is below 1", baseline_names[kind], horizon);
    const feat_matrix *fm = &p->d.fm;
    switch (kind) {
    case BASELINE_PERSISTENCE:
        return 0;
    case BASELINE_SEASONAL:
        b->period = baseline_day_period(p->d.s.step);
        return b->period ? 0 : sa_fail(e, "seasonal_naive: a step of %llds does not divide a day",
                                       (long long)p->d.s.step);
    case BASELINE_LINEAR_AR:
        return linear_ar_fit_path(&b->ar, fm->x, fm->n_rows, fm->n_feat, 0, p->w.end, n_fit,
                                  lags, horizon, steps, e);
    case BASELINE_HOLT_WINTERS: {
        double *y = baseline_spec_target(p);
        size_t rows = p->w.end[n_fit - 1] + (size_t)horizon + 1;
        int rc = y ? hw_fit(&b->hw, y, rows, baseline_day_period(p->d.s.step), e)
                   : sa_fail(e, "out of memory");
        free(y);
        return rc;
    }
    default:
        return sa_fail(e, "baseline kind %d is unknown", (int)kind);
    }
}
