/* err.h — errors as values. Library code never exits: a function that can
 * fail takes an sa_error*, fills its message and returns -1; only a tool's
 * main prints it (prefixed with the tool name) and picks the exit code.
 * Messages read "FILE:LINE: what is wrong" where a place is known. */
#ifndef SA_ERR_H
#define SA_ERR_H

#define SA_ERROR_LEN 1024

typedef struct sa_error {
    char msg[SA_ERROR_LEN];
} sa_error;

/* Formats the message into e (when e is not NULL) and returns -1, so a
 * failing function can end with `return sa_fail(e, "...", ...)`. */
int sa_fail(sa_error *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Prefixes the existing message with "prefix: " (context added on the way up)
 * and returns -1. */
int sa_wrap(sa_error *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
