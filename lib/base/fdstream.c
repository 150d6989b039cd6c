/* fdstream.c — see fdstream.h. */
#include "base/fdstream.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

/* Everything to fd, the first errno kept. Returning -1 (not 0) is what
 * makes stdio stop and set the error flag. */
static ssize_t write_all(void *cookie, const char *buf, size_t size)
{
    fdstream *s = cookie;
    size_t done = 0;
    while (done < size) {
        ssize_t n = write(s->fd, buf + done, size - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (!s->error)
                s->error = n < 0 ? errno : EIO;
            return done ? (ssize_t)done : -1;
        }
        done += (size_t)n;
    }
    return (ssize_t)done;
}

static int close_stream(void *cookie)
{
    fdstream *s = cookie;
    int rc = s->owns_fd ? close(s->fd) : 0;
    free(s);
    return rc;
}

FILE *fdstream_open(int fd, int owns_fd, fdstream **out)
{
    fdstream *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->fd = fd;
    s->owns_fd = owns_fd;
    cookie_io_functions_t io = {.write = write_all, .close = close_stream};
    FILE *fp = fopencookie(s, "w", io);
    if (!fp) {
        free(s);
        return NULL;
    }
    setvbuf(fp, NULL, isatty(fd) ? _IOLBF : _IOFBF, BUFSIZ);
    *out = s;
    return fp;
}
