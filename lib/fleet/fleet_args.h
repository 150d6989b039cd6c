/* fleet_args.h — a fleet run's command line kept in OUTDIR/fleet.args, so
 * that `scaleahead-train --resume OUTDIR` goes on with exactly the
 * settings it started with: one argument a line, as given, except that
 * the files and directories the run reads (the values of --fleet and
 * --calendar) are made absolute, so the run resumes from any directory,
 * and the output is left out (it is OUTDIR, wherever that is now), as is
 * -q (how a run speaks is the resuming command's choice). */
#ifndef SA_FLEET_ARGS_H
#define SA_FLEET_ARGS_H

#include "base/err.h"

/* Writes argv[1..argc-1] (less -o/--output and its value, and -q) to
 * OUTDIR/fleet.args atomically. Returns 0, or -1 with e set (an argument
 * holding a line end, a path that cannot be resolved, a write error). */
int fleet_args_save(const char *outdir, int argc, char **argv, sa_error *e);

/* Reads OUTDIR/fleet.args into a new vector *argv (caller frees with
 * fleet_args_free) of *argc entries: argv[0] = tool, the saved arguments,
 * then "-o" OUTDIR. Returns 0, or -1 with e set (no such file: OUTDIR was
 * not made by train --fleet). */
int fleet_args_load(const char *outdir, const char *tool, int *argc, char ***argv,
                    sa_error *e);

void fleet_args_free(int argc, char **argv);

#endif
