/* fleet_args.c — see fleet_args.h. */
#include "fleet/fleet_args.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/array.h"
#include "base/outfile.h"

static char *args_path(const char *outdir)
{
    char *p = NULL;
    return asprintf(&p, "%s/fleet.args", outdir) < 0 ? NULL : p;
}

/* Whether option a (as given: "--fleet", "--fleet=X") takes a path whose
 * value must be made absolute; *inline_value points at "X" after '='. */
static int path_option(const char *a, const char **inline_value)
{
    static const char *const names[] = {"--fleet", "--calendar"};
    for (size_t i = 0; i < 2; i++) {
        size_t n = strlen(names[i]);
        if (!strncmp(a, names[i], n) && (a[n] == '\0' || a[n] == '=')) {
            *inline_value = a[n] == '=' ? a + n + 1 : NULL;
            return 1;
        }
    }
    return 0;
}

static int is_output(const char *a)
{
    return !strcmp(a, "-o") || !strcmp(a, "--output");
}

static int put_path(FILE *fp, const char *prefix, const char *path, sa_error *e)
{
    char full[PATH_MAX];
    if (!realpath(path, full))
        return sa_fail(e, "%s: %s", path, strerror(errno));
    fprintf(fp, "%s%s\n", prefix, full);
    return 0;
}

int fleet_args_save(const char *outdir, int argc, char **argv, sa_error *e)
{
    char *path = args_path(outdir);
    outfile of;
    if (!path || outfile_open(&of, path, e)) {
        free(path);
        return path ? -1 : sa_fail(e, "out of memory");
    }
    free(path);
    int rc = 0;
    for (int i = 1; rc == 0 && i < argc; i++) {
        const char *a = argv[i], *value;
        if (strchr(a, '\n'))
            rc = sa_fail(e, "an argument holds a line end; a fleet run cannot keep it for "
                            "--resume");
        else if (is_output(a) || !strncmp(a, "--output=", 9) || (!strncmp(a, "-o", 2) && a[2]))
            i += is_output(a); /* OUTDIR is wherever --resume finds it */
        else if (!strcmp(a, "-q") || !strcmp(a, "--quiet"))
            continue; /* how this run speaks, not what it trains */
        else if (path_option(a, &value) && value) {
            char prefix[32];
            snprintf(prefix, sizeof prefix, "%.*s", (int)(value - a), a);
            rc = put_path(of.fp, prefix, value, e);
        } else if (path_option(a, &value) && i + 1 < argc) {
            fprintf(of.fp, "%s\n", a);
            rc = put_path(of.fp, "", argv[++i], e);
        } else
            fprintf(of.fp, "%s\n", a);
    }
    if (rc) {
        outfile_abort(&of);
        return -1;
    }
    return outfile_commit(&of, e);
}

int fleet_args_load(const char *outdir, const char *tool, int *argc, char ***argv,
                    sa_error *e)
{
    char *path = args_path(outdir);
    FILE *fp = path ? fopen(path, "r") : NULL;
    if (!fp) {
        int rc = path ? sa_fail(e, "%s: %s: not the output of scaleahead-train --fleet (it "
                                   "keeps its settings there)", path, strerror(errno))
                      : sa_fail(e, "out of memory");
        free(path);
        return rc;
    }
    free(path);
    char **v = NULL, *line = NULL;
    size_t n = 0, cap = 0;
    int rc = array_resize(&v, 1, sizeof *v) || !(v[n++] = strdup(tool)) ? -1 : 0;
    for (ssize_t len; rc == 0 && (len = getline(&line, &cap, fp)) >= 0;) {
        if (len > 0 && line[len - 1] == '\n')
            line[--len] = '\0';
        rc = array_resize(&v, n + 1, sizeof *v) || !(v[n++] = strdup(line)) ? -1 : 0;
    }
    free(line);
    fclose(fp);
    if (rc == 0 && (array_resize(&v, n + 3, sizeof *v) || !(v[n++] = strdup("-o")) ||
                    !(v[n++] = strdup(outdir))))
        rc = -1;
    if (rc) {
        fleet_args_free((int)n, v);
        return sa_fail(e, "out of memory");
    }
    v[n] = NULL;
    *argc = (int)n;
    *argv = v;
    return 0;
}

void fleet_args_free(int argc, char **argv)
{
    for (int i = 0; argv && i < argc; i++)
        free(argv[i]);
    free(argv);
}
