/* metrics.c — see metrics.h. */
#include "eval/metrics.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int check_finite(const double *x, size_t n, const char *what, sa_error *e)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i]))
            return sa_fail(e, "metrics: %s value at index %zu is not a finite number", what, i);
    return 0;
}

int metrics_compute(metrics_report *r, const double *actual, const double *predicted,
                    size_t n, sa_error *e)
{
    memset(r, 0, sizeof *r);
    r->r2 = r->mape = r->accuracy = NAN;
    if (n == 0)
        return sa_fail(e, "metrics: no forecasts to measure");
    if (check_finite(actual, n, "actual", e) || check_finite(predicted, n, "predicted", e))
        return -1;

    double sum_abs = 0, sum_sq = 0, sum_actual = 0, sum_ape = 0, sum_sape = 0;
    size_t n_mape = 0, n_smape = 0;
    for (size_t i = 0; i < n; i++) {
        double a = actual[i], p = predicted[i], err = fabs(a - p);
        sum_abs += err;
        sum_sq += err * err;
        sum_actual += a;
        if (a != 0) {
            sum_ape += err / fabs(a);
            n_mape++;
        }
        double denom = fabs(a) + fabs(p);
        if (denom > 0) {
            sum_sape += err / denom;
            n_smape++;
        }
    }
    /* Second pass about the mean: SS_tot without the cancellation of
     * sum(a^2) - n mean^2. */
    double mean = sum_actual / (double)n, ss_tot = 0;
    for (size_t i = 0; i < n; i++)
        ss_tot += (actual[i] - mean) * (actual[i] - mean);

    r->n = n;
    r->mae = sum_abs / (double)n;
    r->rmse = sqrt(sum_sq / (double)n);
    r->r2_defined = ss_tot > 0;
    if (r->r2_defined)
        r->r2 = 1.0 - sum_sq / ss_tot;
    r->n_mape = n_mape;
    r->mape_defined = n_mape > 0;
    if (r->mape_defined) {
        r->mape = 100.0 * sum_ape / (double)n_mape;
        r->accuracy = 100.0 - r->mape;
    }
    r->n_smape = n_smape;
    r->smape = n_smape ? 200.0 * sum_sape / (double)n_smape : 0.0;
    return 0;
}

int metrics_compute_masked(metrics_report *r, const double *actual, const double *predicted,
                           const unsigned char *mask, size_t n, sa_error *e)
{
    if (!mask)
        return metrics_compute(r, actual, predicted, n, e);
    double *a = malloc((n ? n : 1) * sizeof *a), *p = malloc((n ? n : 1) * sizeof *p);
    if (!a || !p) {
        free(a);
        free(p);
        return sa_fail(e, "metrics: out of memory");
    }
    size_t kept = 0;
    for (size_t i = 0; i < n; i++)
        if (mask[i]) {
            a[kept] = actual[i];
            p[kept] = predicted[i];
            kept++;
        }
    int rc = metrics_compute(r, a, p, kept, e);
    free(a);
    free(p);
    return rc;
}

double metrics_skill(double mae_model, double mae_persistence, int *defined)
{
    int ok = isfinite(mae_persistence) && mae_persistence != 0 && isfinite(mae_model);
    if (defined)
        *defined = ok;
    return ok ? 1.0 - mae_model / mae_persistence : NAN;
}

int metrics_interval(metrics_interval_report *r, const double *actual,
                     const double *lower, const double *upper, size_t n, sa_error *e)
{
    memset(r, 0, sizeof *r);
    if (n == 0)
        return sa_fail(e, "metrics: no intervals to measure");
    if (check_finite(actual, n, "actual", e) || check_finite(lower, n, "lower", e) ||
        check_finite(upper, n, "upper", e))
        return -1;
    size_t inside = 0;
    double width = 0;
    for (size_t i = 0; i < n; i++) {
        if (lower[i] > upper[i])
            return sa_fail(e, "metrics: interval at index %zu has lower %g above upper %g",
                           i, lower[i], upper[i]);
        inside += lower[i] <= actual[i] && actual[i] <= upper[i];
        width += upper[i] - lower[i];
    }
    r->n = n;
    r->coverage = (double)inside / (double)n;
    r->mean_width = width / (double)n;
    return 0;
}

void metrics_json(json_writer *w, const metrics_report *r)
{
    json_member_number(w, "mae", r->mae);
    json_member_number(w, "rmse", r->rmse);
    json_member_number(w, "r2", r->r2_defined ? r->r2 : NAN);
    json_member_number(w, "mape", r->mape_defined ? r->mape : NAN);
    json_member_number(w, "smape", r->smape);
    json_member_number(w, "accuracy", r->mape_defined ? r->accuracy : NAN);
    json_member_int(w, "n", (long long)r->n);
    json_member_int(w, "n_mape", (long long)r->n_mape);
    json_member_bool(w, "r2_defined", r->r2_defined);
    json_member_bool(w, "mape_defined", r->mape_defined);
}
