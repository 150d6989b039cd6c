/* outfile.c — see outfile.h. */
#include "base/outfile.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Uncommitted temporaries; slots hold strdup'ed paths. A fixed table keeps
 * the signal handler free of allocation. */
#define MAX_PENDING 64
static char *volatile pending[MAX_PENDING];

static void track(char *tmp)
{
    for (int i = 0; i < MAX_PENDING; i++)
        if (!pending[i]) {
            pending[i] = tmp;
            return;
        }
}

static void untrack(const char *tmp)
{
    for (int i = 0; i < MAX_PENDING; i++)
        if (pending[i] == tmp)
            pending[i] = NULL;
}

/* Removes every registered uncommitted temporary. Async-signal-safe. */
static void outfile_cleanup(void)
{
    for (int i = 0; i < MAX_PENDING; i++)
        if (pending[i])
            unlink(pending[i]);
}

static void on_signal(int sig)
{
    outfile_cleanup();
    signal(sig, SIG_DFL);
    raise(sig);
}

void outfile_install_cleanup(int catch_sigint)
{
    atexit(outfile_cleanup);
    signal(SIGTERM, on_signal);
    signal(SIGHUP, on_signal);
    signal(SIGPIPE, on_signal);
    if (catch_sigint)
        signal(SIGINT, on_signal);
}

int outfile_open(outfile *of, const char *path, sa_error *e)
{
    memset(of, 0, sizeof *of);
    if (!strcmp(path, "-")) {
        of->fp = stdout;
        of->path = strdup("-");
        return of->path ? 0 : sa_fail(e, "out of memory");
    }
    size_t len = strlen(path);
    of->path = strdup(path);
    of->tmp = malloc(len + 16);
    if (!of->path || !of->tmp) {
        outfile_abort(of);
        return sa_fail(e, "out of memory");
    }
    /* Hidden temporary beside the target: ".name.tmpXXXXXX" in its directory. */
    const char *slash = strrchr(path, '/');
    size_t dir_len = slash ? (size_t)(slash - path + 1) : 0;
    snprintf(of->tmp, len + 16, "%.*s.%s.XXXXXX", (int)dir_len, path, path + dir_len);
    int fd = mkstemp(of->tmp);
    if (fd < 0) {
        int err = errno;
        free(of->tmp);
        of->tmp = NULL;
        outfile_abort(of);
        return sa_fail(e, "%s: cannot write: %s", path, strerror(err));
    }
    fchmod(fd, 0644);
    track(of->tmp);
    of->fp = fdopen(fd, "w");
    if (!of->fp) {
        close(fd);
        outfile_abort(of);
        return sa_fail(e, "%s: cannot write: %s", path, strerror(errno));
    }
    return 0;
}

void outfile_close_stream(outfile *of)
{
    if (of->fp && of->fp != stdout)
        fclose(of->fp);
    of->fp = NULL;
}

int outfile_commit(outfile *of, sa_error *e)
{
    if (!of->tmp) { /* stdout */
        int bad = of->fp && (fflush(of->fp) != 0 || ferror(of->fp));
        free(of->path);
        of->path = NULL;
        of->fp = NULL;
        return bad ? sa_fail(e, "write error on standard output: %s", strerror(errno)) : 0;
    }
    int bad = 0;
    if (of->fp) {
        bad = fflush(of->fp) != 0 || ferror(of->fp) || fsync(fileno(of->fp)) != 0;
        bad |= fclose(of->fp) != 0;
        of->fp = NULL;
    }
    if (bad || rename(of->tmp, of->path) != 0) {
        int err = errno;
        sa_fail(e, "%s: write failed: %s", of->path, strerror(err));
        outfile_abort(of);
        return -1;
    }
    untrack(of->tmp);
    free(of->tmp);
    free(of->path);
    memset(of, 0, sizeof *of);
    return 0;
}

void outfile_abort(outfile *of)
{
    if (of->fp && of->fp != stdout)
        fclose(of->fp);
    if (of->tmp) {
        unlink(of->tmp);
        untrack(of->tmp);
        free(of->tmp);
    }
    free(of->path);
    memset(of, 0, sizeof *of);
}

int outfile_mkdir(const char *dir, sa_error *e)
{
    if (mkdir(dir, 0755) == 0 || errno == EEXIST) {
        struct stat st;
        if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
            return 0;
        return sa_fail(e, "%s: exists and is not a directory", dir);
    }
    return sa_fail(e, "%s: cannot create directory: %s", dir, strerror(errno));
}
