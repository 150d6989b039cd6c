/* eval_baselines.c — the baselines of an evaluation and their conformal
 * intervals (evaluation.h, evaluation_baselines). */
#include "eval/evaluation.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval/baselines.h"
#include "model/holtwinters.h"

enum { BASE_PERSISTENCE, BASE_SEASONAL, BASE_LINEAR_AR, BASE_HOLT_WINTERS, BASE_COUNT };
static const char *const base_names[BASE_COUNT] = {"persistence", "seasonal_naive", "linear_ar",
                                                   "holt_winters"};

/* What every baseline forecast needs. */
typedef struct base_ctx {
    const prepared *p;
    const model_config *c;
    double *target;          /* (R) the target column */
    size_t period;           /* rows in a day, 0 when the step does not divide it */
    linear_ar ar;
    holt_winters hw;
} base_ctx;

/* Forecasts of baseline kind for the windows ends[0..n-1] into out;
 * seasonal naive returns its count of truly seasonal windows. Returns
 * >= 0, or -1 with e set. */
static long base_forecast(const base_ctx *b, int kind, const size_t *ends, size_t n,
                          double *out, unsigned char *valid, sa_error *e)
{
    const feat_matrix *fm = &b->p->d.fm;
    size_t R = fm->n_rows;
    switch (kind) {
    case BASE_PERSISTENCE:
        return baseline_persistence(b->target, R, ends, n, b->c->horizon, out, e);
    case BASE_SEASONAL:
        return baseline_seasonal(b->target, b->p->d.s.time, b->p->d.s.step, R, ends, n,
                                 b->c->horizon, b->period, out, valid, e);
    case BASE_LINEAR_AR:
        return linear_ar_predict(&b->ar, fm->x, R, fm->n_feat, ends, n, out, e);
    default:
        return hw_forecast(&b->hw, b->target, R, ends, n, b->c->horizon, out, e);
    }
}

/* The conformal interval row of baseline kind, whose forecasts of the
 * evaluated windows are pred: calibrated on its residuals in cal_ends. */
static int base_interval(evaluation *ev, const base_ctx *b, int kind, const double *pred,
                         const size_t *cal_ends, size_t n_cal, const evaluation_options *o,
                         sa_error *e)
{
    const feat_matrix *fm = &b->p->d.fm;
    double *cal = malloc(2 * n_cal * sizeof *cal);
    unsigned char *valid = malloc(n_cal);
    conformal_set s = {0};
    int rc = -1;
    if (!cal || !valid) {
        sa_fail(e, "out of memory");
        goto done;
    }
    double *actual = cal + n_cal;
    for (size_t k = 0; k < n_cal; k++)
        actual[k] = fm->x[(cal_ends[k] + (size_t)b->c->horizon) * fm->n_feat];
    if (base_forecast(b, kind, cal_ends, n_cal, cal, valid, e) < 0 ||
        conformal_calibrate(&s, actual, cal, NULL, n_cal, e) < 0 ||
        conformal_check_level(&s, o->coverage, "--coverage", e) < 0)
        goto done;
    rc = coverage_measure(&ev->intervals[ev->n_intervals], base_names[kind], &s, o->coverage,
                          o->gamma, ev->n, ev->issued, ev->time, pred, NULL, ev->actual, e);
    ev->n_intervals += rc == 0;
done:
    conformal_set_free(&s);
    free(cal);
    free(valid);
    return rc < 0 ? sa_wrap(e, "%s interval", base_names[kind]) : 0;
}

/* Holt-Winters fitted on the rows of the first n_fit windows (their
 * targets included); its parameters go into ev->hw_note. */
static int fit_holt_winters(evaluation *ev, base_ctx *b, size_t n_fit, sa_error *e)
{
    size_t fit_rows = b->p->w.end[n_fit - 1] + (size_t)b->c->horizon + 1;
    if (hw_fit(&b->hw, b->target, fit_rows, b->period, e))
        return -1;
    snprintf(ev->hw_note, sizeof ev->hw_note,
             "holt_winters fitted on the first %zu rows: alpha %.4g beta %.4g gamma %.4g phi %.4g, "
             "%s", fit_rows, b->hw.alpha, b->hw.beta, b->hw.gamma, b->hw.phi,
             b->hw.period ? "daily season" : "no season (less than two days)");
    return 0;
}

int evaluation_baselines(evaluation *ev, const prepared *p, const size_t *ends, size_t n_fit,
                         const size_t *cal_ends, size_t n_cal, const evaluation_options *o,
                         sa_error *e)
{
    const model_config *c = &ev->f.model.members[0].config;
    const feat_matrix *fm = &p->d.fm;
    size_t R = fm->n_rows, n = ev->n;
    base_ctx b;
    memset(&b, 0, sizeof b);
    b.p = p;
    b.c = c;
    b.target = malloc(R * sizeof *b.target);
    b.period = baseline_day_period(p->d.s.step);
    double *out = malloc(n * sizeof *out);
    unsigned char *valid = malloc(n);
    int rc = -1;
    if (!b.target || !out || !valid) {
        sa_fail(e, "out of memory");
        goto done;
    }
    for (size_t r = 0; r < R; r++)
        b.target[r] = fm->x[r * fm->n_feat];
    int lags = c->seq_len < LINEAR_AR_DEFAULT_LAGS ? c->seq_len : LINEAR_AR_DEFAULT_LAGS;
    if (linear_ar_fit(&b.ar, fm->x, R, fm->n_feat, 0, p->w.end, n_fit, lags, c->horizon, e) ||
        fit_holt_winters(ev, &b, n_fit, e))
        goto done;
    for (int kind = 0; kind < BASE_COUNT; kind++) {
        if (kind == BASE_SEASONAL && !b.period)
            continue;
        long v = base_forecast(&b, kind, ends, n, out, valid, e);
        if (v < 0 || evaluation_add_row(ev, base_names[kind], "baseline", out, e))
            goto done;
        if (kind == BASE_SEASONAL)
            ev->seasonal_valid = (size_t)v;
        if (n_cal && base_interval(ev, &b, kind, out, cal_ends, n_cal, o, e))
            goto done;
    }
    rc = 0;
done:
    linear_ar_free(&b.ar);
    free(b.target);
    free(out);
    free(valid);
    return rc;
}
