/* blend_fit.h — a blend (model/blend.h) fitted to the series its parts
 * were trained on: the weight of a two-part blend chosen on the series'
 * validation part among a few, the conformal intervals calibrated on the
 * blend's own validation residuals (train_calibrate), and its MAE on the
 * validation and test parts beside persistence's. The validation part is
 * the blend's (train_prepare_own: from where every part's training part
 * has ended), so neither the weight nor the intervals see a row any part
 * trained on; the test part is measured, never used to choose. */
#ifndef SA_BLEND_FIT_H
#define SA_BLEND_FIT_H

#include <stddef.h>
#include "base/err.h"
#include "model/model.h"
#include "series/series.h"

#define BLEND_FIT_MAX_PARTS 8      /* parts whose own MAE the result reports */

typedef struct blend_fit_options {
    const char *path;          /* the series' data file */
    const char *calendar;      /* or NULL */
    int fill;
    const series_input *input; /* or NULL: a standard metrics CSV */
    int threads;
    /* Weights of part 0 to try, part 1 getting 1 - w, for a two-part
     * blend, in order (of equal validation MAE the first is kept); NULL
     * (or another number of parts): the weights the blend has. */
    const double *grid;
    size_t n_grid;
} blend_fit_options;

typedef struct blend_fit_result {
    double weight;             /* part 0's weight kept (of the weights' sum) */
    double val_mae;            /* over every validation window and step */
    double part_val_mae[BLEND_FIT_MAX_PARTS]; /* each part's alone, on the same
                                  windows (the first BLEND_FIT_MAX_PARTS) */
    double test_mae;           /* over every test window and step; NaN: none */
    double persistence_mae;    /* persistence's on the same test windows and steps */
} blend_fit_result;

/* Fits blend b (blend_make) to o->path as the header says: its weights set,
 * its calibration replaced, the metrics val_mae, test_mae and
 * test_persistence_mae set; r says what was chosen and measured. Returns
 * 0, or -1 with e set (data that does not fit the parts, no validation
 * window, out of memory) and b freed. */
int blend_fit(model_file *b, const blend_fit_options *o, blend_fit_result *r, sa_error *e);

/* The weights of part 0 train --blend and a fleet's blends try, best
 * first on a tie: 1/2, then from 0.1 to 0.9 by 0.1. */
extern const double blend_fit_grid[9];

#endif
