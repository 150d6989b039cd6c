/* baseline_file.c — see baseline_file.h. */
#include "model/baseline_file.h"

#include <stdlib.h>
#include <string.h>

#include "model/h5.h"

static int write_holt_winters(hid_t g, const holt_winters *hw, sa_error *e)
{
    double v[5] = {hw->alpha, hw->beta, hw->gamma, hw->phi, hw->sse};
    static const char *const names[5] = {"alpha", "beta", "gamma", "phi", "sse"};
    for (int i = 0; i < 5; i++)
        if (h5_set_double(g, names[i], v[i], e))
            return -1;
    int64_t period = (int64_t)hw->period, n_fit = (int64_t)hw->n_fit;
    return h5_set_int64s(g, "period", &period, 1, e) || h5_set_int64s(g, "n_fit", &n_fit, 1, e)
           ? -1 : 0;
}

static int write_linear_ar(hid_t g, const linear_ar *ar, sa_error *e)
{
    int64_t n_train = (int64_t)ar->n_train;
    size_t S = ar->steps > 1 ? (size_t)ar->steps : 1, K = (size_t)ar->lags * ar->n_feat;
    return h5_set_int(g, "lags", ar->lags, e) || h5_set_int(g, "n_features", (int)ar->n_feat, e) ||
           h5_set_doubles(g, "intercept", ar->intercept, S, e) ||
           h5_set_doubles(g, "coef", ar->coef, S * K, e) ||
           h5_set_int64s(g, "n_train", &n_train, 1, e) ||
           h5_set_double(g, "train_rmse", ar->train_rmse, e) ? -1 : 0;
}

int baseline_file_write(hid_t loc, const baseline_spec *b, sa_error *e)
{
    hid_t g = h5_group_create(loc, "baseline", e);
    if (g < 0)
        return -1;
    int64_t period = (int64_t)b->period;
    int rc = h5_set_string(g, "name", baseline_names[b->kind], e) ||
             h5_set_int(g, "horizon", b->horizon, e) ? -1 : 0;
    if (rc == 0 && b->steps > 1)   /* a path's; absent reads as 1 */
        rc = h5_set_int(g, "steps", b->steps, e);
    if (rc == 0 && b->kind == BASELINE_SEASONAL)
        rc = h5_set_int64s(g, "period", &period, 1, e);
    if (rc == 0 && b->kind == BASELINE_LINEAR_AR)
        rc = write_linear_ar(g, &b->ar, e);
    if (rc == 0 && b->kind == BASELINE_HOLT_WINTERS)
        rc = write_holt_winters(g, &b->hw, e);
    H5Gclose(g);
    return rc;
}

/* A non-negative int64 attribute up to max. */
static int get_count(hid_t g, const char *attr, long long max, size_t *out, sa_error *e)
{
    long long v;
    if (h5_get_int(g, attr, &v, e))
        return -1;
    if (v < 0 || v > max)
        return h5_fail(e, g, attr, "%lld is out of range 0..%lld", v, max);
    *out = (size_t)v;
    return 0;
}

static int read_holt_winters(hid_t g, holt_winters *hw, sa_error *e)
{
    double *v[5] = {&hw->alpha, &hw->beta, &hw->gamma, &hw->phi, &hw->sse};
    static const char *const names[5] = {"alpha", "beta", "gamma", "phi", "sse"};
    for (int i = 0; i < 5; i++)
        if (h5_get_double(g, names[i], v[i], e))
            return -1;
    return get_count(g, "period", 1000000, &hw->period, e) ||
           get_count(g, "n_fit", (long long)1 << 40, &hw->n_fit, e) ? -1 : 0;
}

static int read_linear_ar(hid_t g, size_t n_features, int steps, linear_ar *ar, sa_error *e)
{
    long long lags, n_feat;
    if (h5_get_int(g, "lags", &lags, e) || h5_get_int(g, "n_features", &n_feat, e))
        return -1;
    if (lags < 1 || lags > 100000 || n_feat != (long long)n_features)
        return h5_fail(e, g, NULL, "lags %lld over %lld features (the model has %zu)", lags,
                       n_feat, n_features);
    ar->lags = (int)lags;
    ar->n_feat = n_features;
    ar->target_col = 0;
    ar->steps = steps;
    size_t K = (size_t)lags * n_features, S = (size_t)steps;
    if (!(ar->coef = malloc(S * K * sizeof *ar->coef)) ||
        !(ar->intercept = malloc(S * sizeof *ar->intercept)))
        return sa_fail(e, "out of memory");
    return h5_get_doubles(g, "intercept", ar->intercept, S, e) ||
           h5_get_doubles(g, "coef", ar->coef, S * K, e) ||
           get_count(g, "n_train", (long long)1 << 40, &ar->n_train, e) ||
           h5_get_double(g, "train_rmse", &ar->train_rmse, e) ? -1 : 0;
}

int baseline_file_read(hid_t loc, size_t n_features, baseline_spec *b, sa_error *e)
{
    memset(b, 0, sizeof *b);
    hid_t g = h5_group_open(loc, "baseline", e);
    if (g < 0)
        return -1;
    char name[32];
    long long horizon;
    int rc = h5_get_string(g, "name", name, sizeof name, e) || h5_get_int(g, "horizon", &horizon, e)
             ? -1 : 0;
    int kind = rc ? -1 : baseline_kind_by_name(name);
    if (rc == 0 && kind < 0)
        rc = h5_fail(e, g, "name", "'%s' is not a baseline", name);
    if (rc == 0 && (horizon < 1 || horizon > 100000))
        rc = h5_fail(e, g, "horizon", "%lld is out of range", horizon);
    long long steps = 1;
    if (rc == 0 && H5Aexists(g, "steps") > 0 && h5_get_int(g, "steps", &steps, e))
        rc = -1;
    if (rc == 0 && (steps < 1 || steps > horizon))
        rc = h5_fail(e, g, "steps", "%lld is out of range 1..%lld", steps, horizon);
    if (rc == 0) {
        b->kind = (baseline_kind)kind;
        b->horizon = (int)horizon;
        b->steps = (int)steps;
    }
    if (rc == 0 && kind == BASELINE_SEASONAL)
        rc = get_count(g, "period", 1000000, &b->period, e);
    if (rc == 0 && kind == BASELINE_LINEAR_AR)
        rc = read_linear_ar(g, n_features, (int)steps, &b->ar, e);
    if (rc == 0 && kind == BASELINE_HOLT_WINTERS)
        rc = read_holt_winters(g, &b->hw, e);
    if (rc == 0 && baseline_spec_check(b, n_features, e)) {
        char why[SA_ERROR_LEN];
        snprintf(why, sizeof why, "%s", e->msg);
        rc = h5_fail(e, g, NULL, "%s", why);
    }
    H5Gclose(g);
    if (rc)
        baseline_spec_free(b);
    return rc;
}

int auto_file_write(hid_t loc, const char *table, const char *choice, sa_error *e)
{
    hid_t g = h5_group_create(loc, "auto", e);
    if (g < 0)
        return -1;
    int rc = h5_set_string(g, "choice", choice, e) || h5_write_text(g, "table", table, e) ? -1 : 0;
    H5Gclose(g);
    return rc;
}

int auto_file_read(hid_t loc, char **table, char *choice, size_t cap, sa_error *e)
{
    hid_t g = h5_group_open(loc, "auto", e);
    if (g < 0)
        return -1;
    int rc = h5_get_string(g, "choice", choice, cap, e) ||
             h5_read_text(g, "table", AUTO_MAX_TABLE_BYTES, table, e) ? -1 : 0;
    H5Gclose(g);
    return rc;
}
