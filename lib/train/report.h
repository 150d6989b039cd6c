/* report.h — the human-readable summaries the tools print on stdout. */
#ifndef SA_REPORT_H
#define SA_REPORT_H

#include <stdio.h>
#include "model/model.h"
#include "train/run.h"

/* Prints scaleahead-train's closing summary: per member epochs run, best
 * epoch, train/val loss; the test MAE/RMSE/R² in target units beside
 * persistence; wall time and sequences per second; where the file went. */
void report_training(FILE *fp, const model_file *m, const trainrun_result *r,
                     const char *output);

/* Says on stderr what the target of m is when the data had an instances
 * column: a note that it forecasts demand (and how to forecast the column
 * itself), or, for a utilisation forecast as it is on a group whose size
 * changed, a warning that it forecasts a controlled variable (even under
 * -q). Nothing otherwise. */
void report_basis(const model_file *m, const trainrun_result *r);

/* Prints the --arch auto table of m (m->auto_csv) and says which
 * forecaster was kept, plainly when it is a baseline. */
void report_auto(FILE *fp, const model_file *m);

#endif
