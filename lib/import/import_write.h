/* import_write.h — the last steps of an import: every member of every
 * chosen column on one time axis (resampled, or checked for duplicates),
 * each column's members combined, then the inner join on time written as
 * a metrics CSV. Internal to import.c. */
#ifndef SA_IMPORT_WRITE_H
#define SA_IMPORT_WRITE_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "import/import_merge.h"

/* With step > 0 resamples every member of the columns onto one grid
 * (resample.h, phase from all their points; the column's --agg), else
 * fails on a time a member holds twice with the --step that would
 * resolve it, and notes a member whose times are off its own step; then
 * makes each column's points from its members (import_combine_members).
 * Returns 0, or -1 with e set. */
int import_align(import_column *cols, size_t n, int64_t step, sa_error *e);

/* Writes "timestamp,NAME..." and one row per time present in every
 * column, in time order, to path ("-" = stdout; a file is replaced whole
 * or not at all). Values are written with the fewest digits that read
 * back to the same double. A note counts the times left out. Returns 0,
 * or -1 with e set, nothing written: no time common to all columns (each
 * column's span named), a write error. */
int import_write(const import_column *cols, size_t n, const char *path, sa_error *e);

/* Writes v with the fewest significant digits (15 to 17) that read back
 * as exactly v, into buf (at least 32 bytes). Returns the length. */
int import_format_value(double v, char *buf);

#endif
