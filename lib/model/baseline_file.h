/* baseline_file.h — the HDF5 form of a baseline in a model file of kind
 * "baseline" and of the --arch auto table (model.h, docs/design.md §7 style):
 *
 *   /baseline   group, attributes: name (persistence | seasonal_naive |
 *               linear_ar | holt_winters), horizon (int32), for a forecast
 *               path steps (int32, S > 1; absent reads as 1), and
 *                 seasonal_naive: period (int64, rows a day)
 *                 linear_ar: lags, n_features (int32), intercept (float64,
 *                            S), coef (float64, S·lags·n_features, raw
 *                            units: step s, lag j of feature f at s·K +
 *                            j·F + f, the window's last row last), n_train
 *                            (int64), train_rmse (float64)
 *                 holt_winters: alpha, beta, gamma, phi, sse (float64),
 *                            period (int64, 0 = no season), n_fit (int64)
 *   /auto       group: attribute choice (the name kept), dataset table
 *               (string: the validation CSV of every candidate)
 * Reading checks every value (baseline_spec_check) before it is used. */
#ifndef SA_BASELINE_FILE_H
#define SA_BASELINE_FILE_H

#include <hdf5.h>
#include "base/err.h"
#include "model/baseline_spec.h"

#define AUTO_MAX_TABLE_BYTES (1u << 20)

/* Writes b as group "baseline" of loc. Returns 0, or -1 with e set. */
int baseline_file_write(hid_t loc, const baseline_spec *b, sa_error *e);

/* Reads group "baseline" of loc into b (zeroed first; baseline_spec_free)
 * for a model of n_features features, checked. Returns 0, or -1 with e set
 * and b empty. */
int baseline_file_read(hid_t loc, size_t n_features, baseline_spec *b, sa_error *e);

/* Writes group "auto" of loc: the table and the choice. */
int auto_file_write(hid_t loc, const char *table, const char *choice, sa_error *e);

/* Reads group "auto" of loc: *table (new string, caller frees) and the
 * choice into choice[cap]. Returns 0, or -1 with e set. */
int auto_file_read(hid_t loc, char **table, char *choice, size_t cap, sa_error *e);

#endif
