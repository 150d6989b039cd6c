/* fdstream.h — a stdio stream that remembers why a write failed.
 *
 * stdio keeps only an error flag: by the time a tool checks it, errno says
 * something else, and the user reads "write error" without the reason (a
 * full disk? a closed pipe?). A stream made here writes straight to its
 * file descriptor and keeps the errno of the first failed write. */
#ifndef SA_FDSTREAM_H
#define SA_FDSTREAM_H

#include <stdio.h>

typedef struct fdstream {
    int fd;
    int error;       /* errno of the first failed write, 0 if none */
    int owns_fd;     /* fclose closes fd */
} fdstream;

/* Opens a write stream over fd, fully buffered (line-buffered on a
 * terminal). The fdstream is allocated here and freed by fclose of the
 * stream; read s->error before that. Returns the stream (and *s), or NULL
 * with errno set. */
FILE *fdstream_open(int fd, int owns_fd, fdstream **s);

#endif
