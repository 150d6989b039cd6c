/* stdout_guard.h — a lost report is an error, not a success.
 *
 * A tool whose standard output is a full disk, a closed pipe's neighbour or
 * /dev/full used to exit 0 with its report gone: stdio only remembers that
 * a write failed, not why, and nobody asked. stdout_guard_install puts a
 * stream in front of file descriptor 1 that records the errno of a failed
 * write, and checks at exit: if a write to stdout failed and nobody reported
 * it, the tool prints "TOOL: write error on standard output: WHY" and exits
 * with status 1. */
#ifndef SA_STDOUT_GUARD_H
#define SA_STDOUT_GUARD_H

/* Replaces stdout by the recording stream (same buffering as before) and
 * registers the exit check. Call once, early in main (cli_parse does). */
void stdout_guard_install(void);

/* The errno of the first failed write to stdout (0 when none failed, or
 * when the guard is not installed). The failure then counts as reported:
 * the exit check stays silent about it. */
int stdout_guard_take_error(void);

#endif
