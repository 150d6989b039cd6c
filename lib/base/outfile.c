/* outfile.c — see outfile.h. */
#include "base/outfile.h"
#include "base/fdstream.h"
#include "base/stdout_guard.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Uncommitted temporaries; slots hold strdup'ed paths. A fixed table keeps
 * the signal handler free of allocation. target[i] is the canonical final
 * path of pending[i], so a second output to the same file is refused. */
#define MAX_PENDING 64
static char *volatile pending[MAX_PENDING];
static char *target[MAX_PENDING];

/* Inputs of the run (outfile_note_input), by device and inode. */
#define MAX_INPUTS 32
static struct input_id {
    dev_t dev;
    ino_t ino;
    char name[160];
} inputs[MAX_INPUTS];
static int n_inputs;
static int protect_inputs;  /* outfile_protect_inputs was called */

/* The tables above are shared by threads that read and write files at once
 * (a fleet's workers, fleet.h): every change and every look goes under this
 * lock. The signal handler only reads pending[] and takes no lock. */
static pthread_mutex_t registry = PTHREAD_MUTEX_INITIALIZER;

void outfile_protect_inputs(void) { protect_inputs = 1; }

static void track(char *tmp, char *canonical)
{
    pthread_mutex_lock(&registry);
    for (int i = 0; i < MAX_PENDING; i++)
        if (!pending[i]) {
            target[i] = canonical;
            pending[i] = tmp;
            pthread_mutex_unlock(&registry);
            return;
        }
    pthread_mutex_unlock(&registry);
    free(canonical);
}

static void untrack(const char *tmp)
{
    pthread_mutex_lock(&registry);
    for (int i = 0; i < MAX_PENDING; i++)
        if (pending[i] == tmp) {
            pending[i] = NULL;
            free(target[i]);
            target[i] = NULL;
        }
    pthread_mutex_unlock(&registry);
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

static void note_stat(const struct stat *st, const char *name);

void outfile_note_input(int fd, const char *name)
{
    struct stat st;
    if (fd >= 0 && fstat(fd, &st) == 0)
        note_stat(&st, name);
}

void outfile_note_input_path(const char *path)
{
    struct stat st;
    if (strcmp(path, "-") && stat(path, &st) == 0)
        note_stat(&st, path);
}

void outfile_forget_input(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return;
    pthread_mutex_lock(&registry);
    for (int i = 0; i < n_inputs; i++)
        if (inputs[i].dev == st.st_dev && inputs[i].ino == st.st_ino)
            inputs[i--] = inputs[--n_inputs];
    pthread_mutex_unlock(&registry);
}

static void note_stat(const struct stat *stp, const char *name)
{
    const struct stat st = *stp;
    if (!S_ISREG(st.st_mode))
        return;
    pthread_mutex_lock(&registry);
    int known = n_inputs == MAX_INPUTS;
    for (int i = 0; !known && i < n_inputs; i++)
        known = inputs[i].dev == st.st_dev && inputs[i].ino == st.st_ino;
    if (!known) {
        inputs[n_inputs].dev = st.st_dev;
        inputs[n_inputs].ino = st.st_ino;
        snprintf(inputs[n_inputs].name, sizeof inputs[n_inputs].name, "%s", name);
        n_inputs++;
    }
    pthread_mutex_unlock(&registry);
}

/* ---- what the output path is ------------------------------------------- */

typedef enum out_kind { OUT_NEW, OUT_REGULAR, OUT_DIRECT } out_kind;

typedef struct out_target {
    out_kind kind;
    char *path;          /* after following symbolic links (owned) */
    char *canonical;     /* absolute, for comparing outputs (owned; NULL if direct) */
    struct stat st;      /* of an existing file */
} out_target;

static void target_free(out_target *t)
{
    free(t->path);
    free(t->canonical);
    memset(t, 0, sizeof *t);
}

/* The directory part of path ("." when there is none), malloc'ed. */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    if (slash == path)
        return strdup("/");
    return strndup(path, (size_t)(slash - path));
}

/* The file name part of path (points into it). */
static const char *base_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* Follows symbolic links from path to the file that would be written. */
static char *follow_links(const char *path, sa_error *e)
{
    char *cur = strdup(path);
    for (int hop = 0; cur && hop < 40; hop++) {
        struct stat st;
        if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode))
            return cur;
        char link[PATH_MAX];
        ssize_t n = readlink(cur, link, sizeof link - 1);
        if (n < 0) {
            sa_fail(e, "%s: cannot read the symbolic link: %s", path, strerror(errno));
            free(cur);
            return NULL;
        }
        link[n] = 0;
        char *next = NULL, *dir = link[0] == '/' ? NULL : dir_of(cur);
        if (link[0] == '/')
            next = strdup(link);
        else if (dir && asprintf(&next, "%s/%s", dir, link) < 0)
            next = NULL;
        free(dir);
        free(cur);
        cur = next;
    }
    if (cur) {
        free(cur);
        sa_fail(e, "%s: too many levels of symbolic links", path);
    } else {
        sa_fail(e, "%s: out of memory", path);
    }
    return NULL;
}

/* Absolute form of a path that may not exist yet: its folder resolved. */
static int canonical_new(out_target *t, const char *shown, sa_error *e)
{
    char *dir = dir_of(t->path);
    char *real = dir ? realpath(dir, NULL) : NULL;
    int err = errno;
    struct stat st;
    int rc = 0;
    if (!dir)
        rc = sa_fail(e, "%s: out of memory", shown);
    else if (!real && stat(dir, &st) != 0)
        rc = sa_fail(e, "%s: cannot write: folder %s does not exist", shown, dir);
    else if (!real)
        rc = sa_fail(e, "%s: cannot write in folder %s: %s", shown, dir, strerror(err));
    else if (asprintf(&t->canonical, "%s/%s", real, base_of(t->path)) < 0)
        rc = sa_fail(e, "%s: out of memory", shown);
    free(dir);
    free(real);
    return rc;
}

/* Is the existing file st an input of the run? Names it in e. */
static int refuse_input(const struct stat *st, const char *shown, sa_error *e)
{
    int rc = 0;
    pthread_mutex_lock(&registry);
    for (int i = 0; rc == 0 && protect_inputs && i < n_inputs; i++)
        if (inputs[i].dev == st->st_dev && inputs[i].ino == st->st_ino)
            rc = strcmp(inputs[i].name, shown)
                ? sa_fail(e, "%s: is the same file as the input %s: refusing to overwrite it",
                          shown, inputs[i].name)
                : sa_fail(e, "%s: is also an input of this run: refusing to overwrite it", shown);
    pthread_mutex_unlock(&registry);
    return rc;
}

/* Is another open output going to the same file? */
static int refuse_twice(const char *canonical, const char *shown, sa_error *e)
{
    int rc = 0;
    pthread_mutex_lock(&registry);
    for (int i = 0; rc == 0 && i < MAX_PENDING; i++)
        if (pending[i] && target[i] && !strcmp(target[i], canonical))
            rc = sa_fail(e, "%s: is already an output of this run: refusing to write it twice",
                         shown);
    pthread_mutex_unlock(&registry);
    return rc;
}

/* Finds what writing path means (see outfile.h) and refuses what it must. */
static int inspect(out_target *t, const char *path, sa_error *e)
{
    memset(t, 0, sizeof *t);
    if (!*path)
        return sa_fail(e, "an output file name is empty");
    if (!(t->path = follow_links(path, e)))
        return -1;
    int rc = 0;
    if (stat(t->path, &t->st) != 0) {
        if (errno != ENOENT)
            rc = sa_fail(e, "%s: cannot write: %s", path, strerror(errno));
        else
            t->kind = OUT_NEW;
    } else if (S_ISCHR(t->st.st_mode) || S_ISFIFO(t->st.st_mode)) {
        t->kind = OUT_DIRECT;
    } else if (S_ISDIR(t->st.st_mode)) {
        rc = sa_fail(e, "%s: is a directory (an output needs a file name)", path);
    } else if (!S_ISREG(t->st.st_mode)) {
        rc = sa_fail(e, "%s: is not a regular file, a character device or a FIFO: "
                     "refusing to replace it", path);
    } else {
        t->kind = OUT_REGULAR;
        rc = refuse_input(&t->st, path, e);
    }
    if (rc == 0 && t->kind != OUT_DIRECT && canonical_new(t, path, e) == 0)
        rc = refuse_twice(t->canonical, path, e);
    else if (rc == 0 && t->kind != OUT_DIRECT)
        rc = -1;
    if (rc != 0)
        target_free(t);
    return rc;
}

/* ---- opening ------------------------------------------------------------ */

static int open_stdout(outfile *of, sa_error *e)
{
    of->fp = stdout;
    of->path = strdup("-");
    return of->path ? 0 : sa_fail(e, "out of memory");
}

/* A character device or a FIFO: written through, never replaced. */
static int open_direct(outfile *of, out_target *t, const char *shown, sa_error *e)
{
    int fd = open(t->path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0 || !(of->fp = fdstream_open(fd, 1, &of->sink))) {
        int err = errno;
        if (fd >= 0)
            close(fd);
        return sa_fail(e, "%s: cannot write: %s", shown, strerror(err));
    }
    of->path = t->path;
    t->path = NULL;
    return 0;
}

/* The permission bits a new file gets: 0666 less the umask. */
static mode_t new_file_mode(void)
{
    mode_t mask = umask(0);
    umask(mask);
    return 0666 & ~mask;
}

/* Creates the hidden temporary ".NAME.XXXXXX" beside t->path. */
static int open_temporary(outfile *of, out_target *t, const char *shown, sa_error *e)
{
    size_t len = strlen(t->path);
    of->tmp = malloc(len + 16);
    if (!of->tmp)
        return sa_fail(e, "out of memory");
    const char *slash = strrchr(t->path, '/');
    size_t dir_len = slash ? (size_t)(slash - t->path + 1) : 0;
    snprintf(of->tmp, len + 16, "%.*s.%s.XXXXXX", (int)dir_len, t->path, t->path + dir_len);
    int fd = mkstemp(of->tmp);
    if (fd < 0) {
        int err = errno;
        char *dir = dir_of(t->path);
        sa_fail(e, "%s: cannot create a file in folder %s: %s", shown, dir ? dir : "?",
                strerror(err));
        free(dir);
        free(of->tmp);
        of->tmp = NULL;
        return -1;
    }
    if (t->kind == OUT_REGULAR) {
        if (fchown(fd, t->st.st_uid, t->st.st_gid) != 0) {
            /* Not ours to give away: the file becomes the writer's. */
        }
        fchmod(fd, t->st.st_mode & 07777);
    } else {
        fchmod(fd, new_file_mode());
    }
    track(of->tmp, t->canonical);
    t->canonical = NULL;
    of->path = t->path;
    t->path = NULL;
    if (!(of->fp = fdstream_open(fd, 1, &of->sink))) {
        close(fd);
        return sa_fail(e, "%s: cannot write: %s", shown, strerror(errno));
    }
    return 0;
}

int outfile_open(outfile *of, const char *path, sa_error *e)
{
    memset(of, 0, sizeof *of);
    if (!strcmp(path, "-"))
        return open_stdout(of, e);
    out_target t;
    if (inspect(&t, path, e) != 0)
        return -1;
    int rc = t.kind == OUT_DIRECT ? open_direct(of, &t, path, e)
                                  : open_temporary(of, &t, path, e);
    target_free(&t);
    if (rc != 0)
        outfile_abort(of);
    return rc;
}

int outfile_check(const char *path, sa_error *e)
{
    if (!strcmp(path, "-"))
        return 0;
    out_target t;
    if (inspect(&t, path, e) != 0)
        return -1;
    if (t.kind == OUT_DIRECT) {
        int ok = access(t.path, W_OK) == 0;
        int err = errno;
        target_free(&t);
        return ok ? 0 : sa_fail(e, "%s: cannot write: %s", path, strerror(err));
    }
    outfile probe = {0};
    int rc = open_temporary(&probe, &t, path, e);
    target_free(&t);
    outfile_abort(&probe);
    return rc;
}

/* ---- closing ------------------------------------------------------------ */

void outfile_close_stream(outfile *of)
{
    if (of->fp && of->fp != stdout)
        fclose(of->fp);
    of->fp = NULL;
    of->sink = NULL;
}

/* stdout, a character device or a FIFO: flush (and close what we opened). */
static int commit_direct(outfile *of, sa_error *e)
{
    int bad = 0, err = 0;
    if (of->fp) {
        bad = fflush(of->fp) != 0 || ferror(of->fp);
        err = of->fp == stdout ? stdout_guard_take_error() : of->sink->error;
        if (of->fp != stdout && fclose(of->fp) != 0 && !bad) {
            bad = 1;
            err = errno;
        }
    }
    if (bad && !strcmp(of->path, "-"))
        sa_fail(e, "write error on standard output: %s", strerror(err ? err : EIO));
    else if (bad)
        sa_fail(e, "%s: write failed: %s", of->path, strerror(err ? err : EIO));
    free(of->path);
    memset(of, 0, sizeof *of);
    return bad ? -1 : 0;
}

int outfile_commit(outfile *of, sa_error *e)
{
    if (!of->tmp)
        return commit_direct(of, e);
    int bad = 0, err = 0;
    if (of->fp) {
        bad = fflush(of->fp) != 0 || ferror(of->fp);
        err = of->sink->error;
        if (!bad && fsync(of->sink->fd) != 0) {
            bad = 1;
            err = errno;
        }
        if (fclose(of->fp) != 0 && !bad) {
            bad = 1;
            err = errno;
        }
        of->fp = NULL;
    }
    if (!bad && rename(of->tmp, of->path) != 0) {
        bad = 1;
        err = errno;
    }
    if (bad) {
        sa_fail(e, "%s: write failed: %s", of->path, strerror(err ? err : EIO));
        outfile_abort(of);
        return -1;
    }
    untrack(of->tmp);
    free(of->tmp);
    free(of->path);
    memset(of, 0, sizeof *of);
    return 0;
}

int outfile_fail(outfile *of, sa_error *e)
{
    if (of->fp && (fflush(of->fp) != 0 || ferror(of->fp))) {
        int err = of->fp == stdout ? stdout_guard_take_error() : of->sink ? of->sink->error : 0;
        if (of->fp == stdout)
            sa_fail(e, "write error on standard output: %s", strerror(err ? err : EIO));
        else
            sa_fail(e, "%s: write failed: %s", of->path, strerror(err ? err : EIO));
    }
    outfile_abort(of);
    return -1;
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
    if (mkdir(dir, 0777) == 0 || errno == EEXIST) {
        struct stat st;
        if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
            return 0;
        return sa_fail(e, "%s: exists and is not a directory", dir);
    }
    return sa_fail(e, "%s: cannot create directory: %s", dir, strerror(errno));
}
