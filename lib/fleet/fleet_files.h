/* fleet_files.h — where a fleet's files are (OUTDIR/NAME.h5, the table),
 * the one lock every file write of a fleet run takes, and the fleet's
 * lines on stderr. Kept apart from the training code: scaleahead-predict
 * --fleet uses these and must not link the BLAS that training needs
 * (tests/t_links.sh). */
#ifndef SA_FLEET_FILES_H
#define SA_FLEET_FILES_H

/* OUTDIR/NAME.h5 and OUTDIR/fleet.csv as malloc'ed strings (NULL when out
 * of memory). */
char *fleet_model_path(const char *outdir, const char *name);
char *fleet_table_path(const char *outdir);

/* The lock every model and table read or write of the fleet takes: the
 * outfile registry's checks and HDF5's high-level calls are not meant for
 * several threads at once. */
void fleet_io_lock(void);
void fleet_io_unlock(void);

/* One line "TOOL: message" on stderr, whatever msg_quiet (the fleet's own
 * progress and its notes about one series). */
void fleet_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
