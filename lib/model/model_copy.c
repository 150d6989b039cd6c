/* model_copy.c — model_copy (model.h): a whole model file, deep. */
#include "model/model.h"

#include <stdlib.h>
#include <string.h>

/* A fresh copy of n values of src into *dst (NULL stays NULL). */
static int copy_block(void **dst, const void *src, size_t bytes)
{
    *dst = NULL;
    if (!src)
        return 0;
    if (!(*dst = malloc(bytes ? bytes : 1)))
        return -1;
    memcpy(*dst, src, bytes);
    return 0;
}

/* dst's baseline from src's (its linear AR's arrays copied). */
static int copy_baseline(model_file *dst, const model_file *src)
{
    if (!src->baseline)
        return 0;
    if (copy_block((void **)&dst->baseline, src->baseline, sizeof *src->baseline))
        return -1;
    const linear_ar *a = &src->baseline->ar;
    linear_ar *b = &dst->baseline->ar;
    size_t S = a->steps > 1 ? (size_t)a->steps : 1, K = (size_t)a->lags * a->n_feat;
    int rc = copy_block((void **)&b->coef, a->coef, S * K * sizeof *a->coef);
    if (copy_block((void **)&b->intercept, a->intercept, S * sizeof *a->intercept))
        rc = -1;
    return rc;
}

/* The members and parts of src into dst (whose counts are still 0). */
static int copy_members(model_file *dst, const model_file *src, sa_error *e)
{
    dst->members = calloc(src->n_members ? src->n_members : 1, sizeof *dst->members);
    if (!dst->members)
        return sa_fail(e, "out of memory");
    for (; dst->n_members < src->n_members; dst->n_members++)
        if (model_member_copy(&dst->members[dst->n_members], &src->members[dst->n_members], e))
            return -1;
    if (!src->n_parts)
        return 0;
    dst->parts = calloc(src->n_parts, sizeof *dst->parts);
    if (!dst->parts || copy_block((void **)&dst->part_weight, src->part_weight,
                                  src->n_parts * sizeof *src->part_weight))
        return sa_fail(e, "out of memory");
    for (; dst->n_parts < src->n_parts; dst->n_parts++)
        if (model_copy(&dst->parts[dst->n_parts], &src->parts[dst->n_parts], e))
            return -1;
    return 0;
}

int model_copy(model_file *dst, const model_file *src, sa_error *e)
{
    memset(dst, 0, sizeof *dst);
    memcpy(dst->kind, src->kind, sizeof dst->kind);
    memcpy(dst->created, src->created, sizeof dst->created);
    memcpy(dst->version, src->version, sizeof dst->version);
    memcpy(dst->auto_choice, src->auto_choice, sizeof dst->auto_choice);
    dst->n_features = src->n_features;
    dst->n_metrics = src->n_metrics;
    memcpy(dst->metrics, src->metrics, sizeof dst->metrics);
    size_t F = src->n_features * sizeof(float);
    int rc = copy_block((void **)&dst->scaler_min, src->scaler_min, F) ||
             copy_block((void **)&dst->scaler_max, src->scaler_max, F) ||
             copy_block((void **)&dst->grid_csv, src->grid_csv,
                        src->grid_csv ? strlen(src->grid_csv) + 1 : 0) ||
             copy_block((void **)&dst->auto_csv, src->auto_csv,
                        src->auto_csv ? strlen(src->auto_csv) + 1 : 0) ||
             copy_baseline(dst, src) ? sa_fail(e, "out of memory") : 0;
    if (rc == 0 && src->tf.n_feat)
        rc = transform_copy(&dst->tf, &src->tf, e);
    if (rc == 0 && src->calibration.n)
        rc = conformal_copy(&dst->calibration, &src->calibration, e);
    if (rc == 0)
        rc = copy_members(dst, src, e);
    if (rc)
        model_free(dst);
    return rc;
}
