/* eval_baselines.c — the baselines of an evaluation and their conformal
 * intervals (evaluation.h, evaluation_baselines). The baselines themselves
 * are model/baseline_spec.h's, fitted here and kept in ev->baselines. */
#include "eval/evaluation.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The conformal interval row of baseline b, whose forecasts of the
 * evaluated windows are pred (n, S): calibrated on its residuals in
 * cal_ends, each step on its own. */
static int base_interval(evaluation *ev, const baseline_spec *b, const prepared *p,
                         const double *pred, const size_t *cal_ends, size_t n_cal,
                         const evaluation_options *o, sa_error *e)
{
    const feat_matrix *fm = &p->d.fm;
    size_t S = ev->steps;
    double *cal = malloc(2 * n_cal * S * sizeof *cal);
    conformal_set s = {0};
    int rc = -1;
    if (!cal) {
        sa_fail(e, "out of memory");
        goto done;
    }
    double *actual = cal + n_cal * S;
    for (size_t k = 0; k < n_cal; k++)
        for (size_t j = 0; j < S; j++)
            actual[k * S + j] =
                fm->x[(cal_ends[k] + window_step_ahead((size_t)b->horizon, S, j)) * fm->n_feat];
    if (baseline_spec_forecast(b, p, cal_ends, n_cal, cal, e) < 0 ||
        conformal_calibrate_path(&s, actual, cal, NULL, n_cal, S, e) < 0 ||
        conformal_check_level(&s, o->coverage, "--coverage", e) < 0)
        goto done;
    rc = coverage_measure_path(&ev->intervals[ev->n_intervals], NULL, baseline_names[b->kind],
                               &s, o->coverage, o->gamma, ev->n, S, ev->issued, ev->time, pred,
                               NULL, ev->actual, e);
    ev->n_intervals += rc == 0;
done:
    conformal_set_free(&s);
    free(cal);
    return rc < 0 ? sa_wrap(e, "%s interval", baseline_names[b->kind]) : 0;
}

/* The index of the first value of x (n) that is not finite, or n. */
static size_t first_nonfinite(const double *x, size_t n)
{
    size_t i = 0;
    while (i < n && isfinite(x[i]))
        i++;
    return i;
}

int evaluation_baselines(evaluation *ev, const prepared *p, const size_t *ends, size_t n_fit,
                         const size_t *cal_ends, size_t n_cal, const evaluation_options *o,
                         sa_error *e)
{
    const model_config *c = &ev->f.model.members[0].config;
    size_t S = ev->steps;
    double *out = malloc((ev->n ? ev->n * S : 1) * sizeof *out);
    if (!out)
        return sa_fail(e, "out of memory");
    int lags = c->seq_len < LINEAR_AR_DEFAULT_LAGS ? c->seq_len : LINEAR_AR_DEFAULT_LAGS;
    int rc = 0;
    for (int k = 0; rc == 0 && k < BASELINE_COUNT; k++) {
        if (k == BASELINE_SEASONAL && !baseline_day_period(p->d.s.step))
            continue; /* no seasonal naive where the step does not divide a day */
        baseline_spec *b = &ev->baselines[k];
        sa_error why;
        long v = baseline_spec_fit(b, (baseline_kind)k, p, n_fit, c->horizon, (int)S, lags, &why)
                 ? -1 : baseline_spec_forecast(b, p, ends, ev->n, out, &why);
        if (v >= 0 && first_nonfinite(out, ev->n * S) < ev->n * S) {
            snprintf(why.msg, sizeof why.msg, "its forecasts are not finite");
            v = -1;
        }
        ev->has_baseline[k] = v >= 0;
        if (v < 0) { /* a baseline that cannot run on these data is left out, said so */
            baseline_spec_free(b);
            size_t used = strlen(ev->baseline_note);
            snprintf(ev->baseline_note + used, sizeof ev->baseline_note - used,
                     "%s%s left out: %.120s", used ? "; " : "", baseline_names[k], why.msg);
            continue;
        }
        rc = evaluation_add_row(ev, baseline_names[k], "baseline", out, e);
        if (rc == 0 && k == BASELINE_SEASONAL)
            ev->seasonal_valid = (size_t)v / S;   /* forecasts made by the rule, per step */
        if (rc == 0 && n_cal && o->coverage > 0)
            rc = base_interval(ev, b, p, out, cal_ends, n_cal, o, e);
    }
    if (rc == 0 && ev->has_baseline[BASELINE_HOLT_WINTERS])
        baseline_spec_describe(&ev->baselines[BASELINE_HOLT_WINTERS], ev->hw_note,
                               sizeof ev->hw_note);
    free(out);
    return rc;
}
