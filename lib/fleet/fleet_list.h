/* fleet_list.h — the series of a fleet (issue 24): every metrics CSV of a
 * directory, or the files a list names, each with the name its model and
 * its row in the fleet table take, and the order they are dealt in.
 *
 * A series' name is its file name without the directory and without a
 * final ".csv": DIR/web-1.csv is "web-1", whose model is OUTDIR/web-1.h5.
 * Names are unique within a fleet (two files called web-1.csv in two
 * directories of a list are refused) and safe as file names (letters,
 * digits, '.', '_', '-', '+', '@', '=', ','; nothing else, so a name never
 * needs quoting in the fleet table, a shell, or a plot). The series are kept
 * sorted by name: the order of the fleet table and of every output that
 * lists them, whatever order they were trained in. Sizes: N series. */
#ifndef SA_FLEET_LIST_H
#define SA_FLEET_LIST_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"

#define FLEET_MAX_NAME 128
#define FLEET_MAX_SERIES 1000000

typedef struct fleet_series {
    char name[FLEET_MAX_NAME];   /* "web-1" */
    char *path;                  /* the CSV as found (DIR/web-1.csv), owned */
    int64_t bytes;               /* its size: the dealing order, largest first */
} fleet_series;

typedef struct fleet_list {
    size_t n;                    /* N */
    fleet_series *series;        /* (N), sorted by name, owned */
} fleet_list;

/* Lists the fleet at source: a directory (every regular file or link to
 * one whose name ends in ".csv", any case; hidden files skipped) or a list
 * file (one CSV path a line; blank lines and lines starting with '#'
 * skipped; a relative path is relative to the list's own directory).
 * Returns 0, or -1 with e set: source unreadable, no series at all, a file
 * the list names that cannot be opened (the message names the list's
 * line), a name that is not safe or appears twice, more than
 * FLEET_MAX_SERIES. The caller frees l with fleet_list_free. */
int fleet_list_read(fleet_list *l, const char *source, sa_error *e);

/* The index of the series called name, or -1. */
long fleet_list_find(const fleet_list *l, const char *name);

/* Fills order (N) with the series' indices in dealing order: largest file
 * first, by name on equal sizes (so every run and every rank deals the
 * same sequence). Returns 0, or -1 when out of memory. */
int fleet_list_order(const fleet_list *l, size_t *order);

/* 1 when name is a safe series name (see above), else 0. */
int fleet_name_ok(const char *name);

void fleet_list_free(fleet_list *l);

#endif
