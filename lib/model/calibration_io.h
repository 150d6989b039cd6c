/* calibration_io.h — the /calibration group of a model file (model.h):
 * a model's conformal calibration set (conformal.h) in HDF5. */
#ifndef SA_CALIBRATION_IO_H
#define SA_CALIBRATION_IO_H

#include "model/conformal.h"
#include "model/h5.h"

/* Writes s as the group /calibration of file f (nothing when s->n is 0):
 * dataset scores (float32, n; a forecast path's (S, n), row j the scores
 * of step j + 1) and attributes score, spread_floor, part
 * ("validation"), and where there was a choice between the scores (an
 * ensemble) check_absolute, check_normalised. Returns 0, or -1 with
 * e set. */
int calibration_write(hid_t f, const conformal_set *s, sa_error *e);

/* Reads /calibration of f into s (zeroed first; left empty when the file
 * has none) and checks it (conformal_check). s is owned by the caller.
 * Returns 0, or -1 with e set naming the object. */
int calibration_read(hid_t f, conformal_set *s, sa_error *e);

#endif
