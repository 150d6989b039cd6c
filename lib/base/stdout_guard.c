/* stdout_guard.c — see stdout_guard.h. */
#include "base/stdout_guard.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/fdstream.h"
#include "base/message.h"

static fdstream *guard;   /* NULL until installed */
static int reported;

static void check_at_exit(void)
{
    int bad = fflush(stdout) != 0 || ferror(stdout);
    if (!bad || reported)
        return;
    int err = guard->error ? guard->error : EIO;
    fprintf(stderr, "%s: write error on standard output: %s\n", msg_tool(), strerror(err));
    _exit(1);
}

void stdout_guard_install(void)
{
    if (guard)
        return;
    fflush(stdout);
    FILE *fp = fdstream_open(STDOUT_FILENO, 0, &guard);
    if (!fp)
        return; /* keep the plain stdout: still written, only unchecked */
    stdout = fp;
    atexit(check_at_exit);
}

int stdout_guard_take_error(void)
{
    if (!guard)
        return 0;
    fflush(stdout);
    if (!ferror(stdout))
        return 0;
    reported = 1;
    return guard->error ? guard->error : EIO;
}
