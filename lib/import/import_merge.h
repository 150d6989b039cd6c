/* import_merge.h — the points of several series made into one: the pages
 * of one series appended (import_member_make), and the members a --column
 * FUNC selects combined (import_combine_members). Internal to import.c. */
#ifndef SA_IMPORT_MERGE_H
#define SA_IMPORT_MERGE_H

#include <stddef.h>
#include "base/err.h"
#include "import/import_select.h"

/* Fills m with the points of the n pages (series that are the same, in
 * input order) in time order (a note says so when a page was not): a
 * time that several pages hold is kept once when they agree on its value
 * (pages that overlap at their ends), and is an error naming both pages,
 * the time and both values when they do not. Times repeated within one
 * page are all kept (import_align resamples them or refuses them).
 * Returns 0, or -1 with e set. */
int import_member_make(import_member *m, const import_series *const *pages, size_t n,
                       sa_error *e);

/* Makes c's points from its members (each in time order, no time twice):
 * IMPORT_ONE takes the one member's points; a FUNC combines, at each time
 * any member has a point, the members that have one there (as
 * Prometheus' sum() and avg() do), and a note counts the times where some
 * member had none. Returns 0, or -1 with e set (out of memory). */
int import_combine_members(import_column *c, sa_error *e);

#endif
