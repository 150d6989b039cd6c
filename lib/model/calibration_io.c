/* calibration_io.c — see calibration_io.h. */
#include "model/calibration_io.h"

#include <math.h>
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
    size_t dims[2] = {s->n, 1};
    int rc = h5_write_floats(g, "scores", 1, dims, s->scores, e);
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
        rc = h5_read_floats_1d(g, "scores", CONFORMAL_MAX_SCORES, &s->scores, &s->n, e);
    sa_error why;
    if (rc == 0 && conformal_check(s, &why) < 0)
        rc = h5_fail(e, g, NULL, "%s", why.msg);
    H5Gclose(g);
    if (rc < 0)
        conformal_set_free(s);
    return rc;
}
