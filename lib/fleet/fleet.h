/* fleet.h — scaleahead-train --fleet (issue 24): one model per series of a
 * fleet, each chosen and trained as a single `scaleahead-train` run with
 * the same options would (--arch auto by default), written to
 * OUTDIR/NAME.h5, with the fleet table OUTDIR/fleet.csv (fleet_table.h).
 *
 * The series are dealt largest first (fleet_list_order) to the worker
 * threads, each series on one thread: a series' model is the same whatever
 * the thread count, and the same as `scaleahead-train --threads 1` on its
 * file gives. Under MPI (several ranks calling fleet_train with the same
 * arguments) rank 0 deals the series to the ranks as they ask for work,
 * largest first, and writes the table; every rank writes the models of its
 * series into OUTDIR, which must be one shared directory (fleet_deal.h).
 *
 * One bad series never stops the fleet: its row says why (status failed)
 * and the run goes on. The table is rewritten after every series, and each
 * model is written atomically, so a run that is killed loses only the
 * series in flight; with resume, a series whose row is ok, whose model
 * file is present and whose data file is unchanged (its hash is the
 * model's) is kept as it is. With global, the global model is trained
 * first (all ranks together, its batches shared) and written to
 * OUTDIR/global.h5 (kept on resume when it is there), then every series
 * chooses as auto does and takes the global model instead where its
 * validation MAE is lower (model "global" in the table). A stop request (o->stop) ends the run after
 * the series in flight are abandoned: their rows stay pending. */
#ifndef SA_FLEET_H
#define SA_FLEET_H

#include <signal.h>
#include <stddef.h>
#include "base/err.h"
#include "fleet/fleet_files.h"
#include "fleet/fleet_list.h"
#include "fleet/fleet_table.h"
#include "model/model.h"
#include "train/run.h"

typedef struct fleet_options {
    trainrun_options series;      /* every per-series setting (kind, target,
                                     horizon, split, fill, input, calendar,
                                     epochs...); data_path and threads are
                                     set per series */
    const char *outdir;           /* OUTDIR: created if missing */
    const char *source;           /* the DIR or list the series came from */
    int global;                   /* also train the global model (fleet_global.h),
                                     OUTDIR/global.h5, and offer it to every series */
    int threads;                  /* series trained at once in this process */
    int resume;                   /* keep the series finished in OUTDIR */
    int progress;                 /* a line on stderr per finished series */
    const volatile sig_atomic_t *stop;
    const model_file *global_model;  /* set by fleet_train while it deals the series */
} fleet_options;

typedef struct fleet_result {
    fleet_row *rows;              /* (N) by series name, owned (rank 0) */
    size_t n;
    size_t n_ok, n_failed, n_kept, n_pending;  /* n_kept: finished before (resume) */
    double seconds;               /* wall time of the run */
} fleet_result;

/* Trains the fleet l as above and fills r (rank 0; other ranks get the
 * counts only). Returns 0 when every series was tried or the run was
 * stopped (see r's counts: a failed series is not an error of the run),
 * or -1 with e set when the run could not start or go on: OUTDIR cannot be
 * made or written, the table cannot be written, the ranks cannot talk.
 * Collective under MPI. */
int fleet_train(const fleet_list *l, const fleet_options *o, fleet_result *r, sa_error *e);

void fleet_result_free(fleet_result *r);

#endif
