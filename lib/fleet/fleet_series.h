/* fleet_series.h — one series of a fleet, trained as fleet.h says: the
 * model chosen (or trained), written to OUTDIR/NAME.h5, measured into its
 * fleet-table row. Internal to lib/fleet. */
#ifndef SA_FLEET_SERIES_H
#define SA_FLEET_SERIES_H

#include "fleet/fleet.h"
#include "fleet/fleet_files.h"

/* Trains series s with o's settings on one thread, writes its model and
 * fills row: status ok with the choice and the measures; failed with the
 * reason (any error of the series: its data, its training, its file);
 * pending when o->stop ended it (nothing written). Thread-safe: the file
 * writes are serialised by fleet_io_lock. */
void fleet_series_train(const fleet_series *s, const fleet_options *o, fleet_row *row);

/* Whether series s is finished in OUTDIR as row says: row ok, its model
 * loads, and the model's data hash is the hash of s's file now. */
int fleet_series_finished(const fleet_series *s, const char *outdir, const fleet_row *row);

#endif
