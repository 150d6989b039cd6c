/* import_spec.h — the texts of --column and --agg: NAME=[FUNC:][FILE:]SOURCE
 * split into its parts, and the checks made before any input is read
 * (usage errors, exit 2). Internal to scaleahead-import. */
#ifndef SA_IMPORT_SPEC_H
#define SA_IMPORT_SPEC_H

#include <stddef.h>
#include "base/err.h"

/* The longest output column name, with its NUL. */
#define IMPORT_NAME_CAP 128

/* Splits "NAME=SOURCE" at the first '=' into name (copied into name_buf
 * of cap bytes) and *source (pointing into text). NAME must be a plain
 * column name (letters, digits, '_', '.', '-'). Returns 0, or -1 when
 * text has no '=', an empty side or a NAME that is not plain. */
int import_split_column(const char *text, char *name_buf, size_t cap, const char **source);

/* The usage checks of --column and --agg, made before any input is read:
 * each --column is NAME=SOURCE with a plain NAME other than timestamp
 * (the time column) and no NAME twice, ignoring case (the other tools
 * match headers ignoring case); a FUNC: prefix has a SOURCE after it;
 * each --agg is FUNC or NAME=FUNC with a known FUNC and, when --column is
 * given, a NAME among them. Returns 0, or -1 with e set (exit 2). */
int import_check_options(const char *const *columns, size_t n_columns,
                         const char *const *aggs, size_t n_aggs, sa_error *e);

/* How the series a SOURCE selects make one column. */
typedef enum import_combine {
    IMPORT_ONE,               /* exactly one series (its pages appended) */
    IMPORT_SUM,               /* sum: */
    IMPORT_MEAN,              /* mean: */
    IMPORT_MAX,               /* max: */
    IMPORT_MIN,               /* min: */
} import_combine;

/* The FUNC: prefix of a SOURCE (sum:, mean:, max:, min:), moving *source
 * past it; IMPORT_ONE when there is none. */
import_combine import_parse_combine(const char **source);

#endif
