/* calibration_io.c — see calibration_io.h. */
#include "model/calibration_io.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>


int calibration_write(hid_t f, const conformal_set *s, sa_error *e)
{
    if (!s->n)
        return 0;
    if (conformal_check(s, e) < 0)
        return sa_wrap(e, "/calibration");
    hid_t g = h5_group_create(f, "calibration", e);
    if (g < 0)
        return -1;
    size_t S = conformal_steps(s);
    size_t dims[2] = {S > 1 ? S : s->n, S > 1 ? s->n : 1};
    int rc = h5_write_floats(g, "scores", S > 1 ? 2 : 1, dims, s->scores, e);
    if (rc == 0)
        rc = h5_set_string(g, "score", s->score, e);
    if (rc == 0)
        rc = h5_set_string(g, "part", "validation", e);
    if (rc == 0)
        rc = h5_set_double(g, "spread_floor", s->spread_floor, e);
    /* The check of the two scores exists only where there was a choice: no
     * NaN in the file. */
    if (rc == 0 && isfinite(s->check_absolute))
        rc = h5_set_double(g, "check_absolute", s->check_absolute, e);
    if (rc == 0 && isfinite(s->check_normalised))
        rc = h5_set_double(g, "check_normalised", s->check_normalised, e);
    H5Gclose(g);
    return rc;
}

/* The scores of g into s: 1-D (n), one step, or 2-D (S, n), a path. */
static int read_scores(hid_t g, conformal_set *s, sa_error *e)
{
    int ndim;
    size_t dims[2];
    if (h5_float_shape(g, "scores", &ndim, dims, e) < 0)
        return -1;
    if (ndim == 1)
        return h5_read_floats_1d(g, "scores", CONFORMAL_MAX_SCORES, &s->scores, &s->n, e);
    if (dims[0] < 1 || dims[0] > CONFORMAL_MAX_STEPS || dims[1] < 1 ||
        dims[1] > CONFORMAL_MAX_SCORES / dims[0])
        return h5_fail(e, g, "scores", "shape (%zu, %zu) is beyond the limits (%d steps, "
                       "%d scores)", dims[0], dims[1], CONFORMAL_MAX_STEPS, CONFORMAL_MAX_SCORES);
    if (!(s->scores = malloc(dims[0] * dims[1] * sizeof *s->scores)))
        return sa_fail(e, "out of memory");
    s->steps = dims[0];
    s->n = dims[1];
    return h5_read_floats(g, "scores", 2, dims, s->scores, e);
}

int calibration_read(hid_t f, conformal_set *s, sa_error *e)
{
    memset(s, 0, sizeof *s);
    if (!h5_has(f, "calibration"))
        return 0;
    hid_t g = h5_group_open(f, "calibration", e);
    if (g < 0)
        return -1;
    int rc = h5_get_string(g, "score", s->score, sizeof s->score, e);
    if (rc == 0)
        rc = h5_get_double(g, "spread_floor", &s->spread_floor, e);
    s->check_absolute = s->check_normalised = NAN;
    if (rc == 0 && H5Aexists(g, "check_absolute") > 0)
        rc = h5_get_double(g, "check_absolute", &s->check_absolute, e);
    if (rc == 0 && H5Aexists(g, "check_normalised") > 0)
        rc = h5_get_double(g, "check_normalised", &s->check_normalised, e);
    if (rc == 0)
        rc = read_scores(g, s, e);
    sa_error why;
    if (rc == 0 && conformal_check(s, &why) < 0)
        rc = h5_fail(e, g, NULL, "%s", why.msg);
    H5Gclose(g);
    if (rc < 0)
        conformal_set_free(s);
    return rc;
}
