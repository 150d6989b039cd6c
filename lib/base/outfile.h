/* outfile.h — outputs that appear whole or not at all, and never destroy
 * what they should not.
 *
 * A regular file (or a new one) is written to a temporary file in the same
 * directory (so rename is atomic) and renamed into place by outfile_commit;
 * an existing file keeps its permission bits (and owner, when we may set
 * it), a new one gets 0666 less the umask. Until the commit the temporary is
 * registered: a cleanup (called from atexit and from signal handlers)
 * removes every uncommitted one, so a failed or killed run leaves nothing
 * half-written.
 *
 * What is not a regular file is never replaced: "-" means stdout, and a
 * character device or a FIFO is opened and written through (no temporary, no
 * rename). A symbolic link is followed: its target is replaced, the link
 * stays. A directory, a block device or a socket is refused.
 *
 * An output that is the same file (device and inode) as an input of the run
 * (outfile_note_input) or as another output still open is refused, so
 * `predict x.csv -o x.csv` cannot destroy its own input. */
#ifndef SA_OUTFILE_H
#define SA_OUTFILE_H

#include <stdio.h>
#include "base/err.h"

typedef struct outfile {
    FILE *fp;        /* stream to write (stdout for "-"); NULL if closed */
    char *path;      /* final path (owned): a symlink's target, not the link */
    char *tmp;       /* temporary path (owned), NULL when written directly
                        (stdout, a character device, a FIFO) */
    struct fdstream *sink; /* fp's descriptor and write errno (NULL for stdout) */
} outfile;

/* Checks path and opens it for writing (see above for what each kind of
 * file gets). For writers that need a file name rather than a stream
 * (gnuplot), use of->tmp after closing of->fp with outfile_close_stream;
 * of->tmp is NULL for a direct output, which such writers must refuse.
 * Returns 0, or -1 with e set: the directory is missing or not writable,
 * path is a directory or another kind of file that cannot be written, or
 * it is an input of this run or another open output. */
int outfile_open(outfile *of, const char *path, sa_error *e);

/* The checks of outfile_open without opening anything: lets a tool find a
 * bad output before hours of work. Returns 0 or -1 with e set. */
int outfile_check(const char *path, sa_error *e);

/* Closes the stream but keeps the temporary, for writers that reopen it by
 * name (of->tmp). */
void outfile_close_stream(outfile *of);

/* Flushes, fsyncs, closes and renames into place (a direct output is only
 * flushed and closed). Returns 0, or -1 with e set (a write error such as a
 * full disk, naming errno; the temporary is removed). */
int outfile_commit(outfile *of, sa_error *e);

/* For a writer that failed on of->fp: when the stream saw a write error,
 * sets e to "PATH: write failed: WHY" (the errno of that write), else keeps
 * the writer's own message in e; then aborts of. Returns -1. */
int outfile_fail(outfile *of, sa_error *e);

/* Closes and removes the temporary; safe on a zeroed or committed outfile. */
void outfile_abort(outfile *of);

/* Installs the cleanup of every registered uncommitted temporary at exit
 * and on SIGTERM/SIGHUP/SIGPIPE (SIGINT too unless the tool handles it itself: pass catch_sigint = 0). */
void outfile_install_cleanup(int catch_sigint);

/* Creates directory dir (one level, like mkdir) if it does not exist.
 * Returns 0, or -1 with e set. */
int outfile_mkdir(const char *dir, sa_error *e);

/* Records the file open on fd (an input being read, named name for
 * messages; the string is copied) so that no output of this run may replace
 * it. Anything but a regular file is ignored. */
void outfile_note_input(int fd, const char *name);

/* Turns the refusal of an output that is an input on (the tools do, in
 * cli_parse). Off by default: a library user may well save a model over
 * the file it loaded it from. */
void outfile_protect_inputs(void);

/* outfile_note_input by path (stat, so a FIFO is never opened). */
void outfile_note_input_path(const char *path);

/* Drops path from the inputs again: for an input read whole into memory
 * that the run is meant to replace (train --resume M -o M). */
void outfile_forget_input(const char *path);

#endif
