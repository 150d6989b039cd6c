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

/* Prints the --arch auto table of m (m->auto_csv) and says which
 * forecaster was kept, plainly when it is a baseline. */
void report_auto(FILE *fp, const model_file *m);

#endif
