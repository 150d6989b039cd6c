/* outfile.h — outputs that appear whole or not at all.
 *
 * Every file a tool writes goes to a temporary file in the same directory
 * (so rename is atomic) and is renamed into place by outfile_commit. Until
 * then the temporary is registered: a cleanup (called from atexit and from
 * signal handlers) removes every uncommitted one, so a failed or killed
 * run leaves nothing half-written. The path "-" means stdout, written
 * directly. */
#ifndef SA_OUTFILE_H
#define SA_OUTFILE_H

#include <stdio.h>
#include "base/err.h"

typedef struct outfile {
    FILE *fp;        /* stream to write (stdout for "-"); NULL if closed */
    char *path;      /* final path (owned) */
    char *tmp;       /* temporary path (owned), NULL for stdout */
} outfile;

/* Creates the temporary for path and opens it for writing. For writers that
 * need a file name rather than a stream (HDF5), use of->tmp after closing
 * of->fp with outfile_close_stream. Returns 0, or -1 with e set (the
 * directory is missing or not writable). */
int outfile_open(outfile *of, const char *path, sa_error *e);

/* Closes the stream but keeps the temporary, for writers that reopen it by
 * name (of->tmp). */
void outfile_close_stream(outfile *of);

/* Flushes, fsyncs, closes and renames into place. Returns 0, or -1 with e set
 * (a write error such as a full disk; the temporary is removed). */
int outfile_commit(outfile *of, sa_error *e);

/* Closes and removes the temporary; safe on a zeroed or committed outfile. */
void outfile_abort(outfile *of);

/* Installs the cleanup of every registered uncommitted temporary at exit and on SIGTERM/SIGHUP/SIGPIPE (SIGINT too
 * unless the tool handles it itself: pass catch_sigint = 0). */
void outfile_install_cleanup(int catch_sigint);

/* Creates directory dir (one level, like mkdir) if it does not exist.
 * Returns 0, or -1 with e set. */
int outfile_mkdir(const char *dir, sa_error *e);

#endif
