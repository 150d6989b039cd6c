/* import_select.h — the columns of an import: which series each output
 * column comes from (--column NAME=[FUNC:][FILE:]SOURCE, or every series
 * by its own name), the pages of one series appended into one member
 * (import_merge.h), the members a FUNC combines, and how each is
 * aggregated on a --step grid (--agg). Internal to import.c. */
#ifndef SA_IMPORT_SELECT_H
#define SA_IMPORT_SELECT_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "import/import_merge.h"
#include "import/import_series.h"

/* Chooses the output columns from set (see import_options in import.h
 * for columns, aggs and the input names): a SOURCE matches series by the
 * rules of import_series_matches, names matched with their exact case
 * when any does so; series that are the same (import_series_same: pages
 * of one export) are one member. *out is allocated (import_columns_free
 * it); *n_out set. Returns 0, or -1 with e set: a SOURCE that matches no
 * series, or several without a FUNC (with a SOURCE that matches each
 * alone), a series without points or unusable, an incomplete series none
 * of whose pages is complete, two columns whose names the other tools
 * could not tell apart or called timestamp, an --agg for no column. */
int import_select(const import_set *set, const char *const *inputs, size_t n_inputs,
                  const char *const *columns, size_t n_columns, const char *const *aggs,
                  size_t n_aggs, import_column **out, size_t *n_out, sa_error *e);

#endif
