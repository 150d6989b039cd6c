/* import_select.h — the columns of an import: which series each output
 * column comes from (--column NAME=SOURCE, or every series by its own
 * name) and how it is aggregated (--agg). Internal to import.c. */
#ifndef SA_IMPORT_SELECT_H
#define SA_IMPORT_SELECT_H

#include <stddef.h>
#include "base/err.h"
#include "import/import_series.h"
#include "series/resample.h"

/* Splits "NAME=SOURCE" at the first '=' into name (copied into name_buf
 * of cap bytes) and *source (pointing into text). NAME must be a plain
 * column name (letters, digits, '_', '.', '-'). Returns 0, or -1 when
 * text has no '=', an empty side or a NAME that is not plain. */
int import_split_column(const char *text, char *name_buf, size_t cap, const char **source);

typedef struct import_column {
    char name[128];           /* output header */
    import_series *series;    /* points into the set */
    resample_agg agg;
} import_column;

/* Chooses the output columns from set (see import_options in import.h
 * for columns, aggs and the input names). *out is allocated (free it);
 * *n_out set. Returns 0, or -1 with e set: a SOURCE that matches no
 * series or several, a series without points or holding text, two
 * columns of one name, an --agg for no column. */
int import_select(const import_set *set, const char *const *inputs, size_t n_inputs,
                  const char *const *columns, size_t n_columns, const char *const *aggs,
                  size_t n_aggs, import_column **out, size_t *n_out, sa_error *e);

#endif
