/* import_csv_table.h — the tables of a CSV export as import_csv.c reads
 * them: a header (with InfluxDB's #datatype and #default annotations when
 * present), what each column is, and the series a row's value goes to.
 * Internal to import_csv.c. Sizes: F fields of the header. */
#ifndef SA_IMPORT_CSV_TABLE_H
#define SA_IMPORT_CSV_TABLE_H

#include <stddef.h>
#include "import/import_series.h"
#include "series/csv.h"

/* What a column is. */
enum {
    CSV_FIELD_SKIP,           /* an empty header, InfluxDB's own columns, other times */
    CSV_FIELD_TIME,
    CSV_FIELD_VALUE,          /* numbers: a series (per label values) */
    CSV_FIELD_LABEL,          /* text: tells series apart */
};

/* The annotations seen since the last header (#datatype, #default). */
typedef struct csv_annotations {
    char **type;              /* (F) owned, or NULL */
    char **fallback;          /* (F) owned, or NULL */
    size_t n_type, n_fallback;
} csv_annotations;

typedef struct csv_table {
    size_t n;                 /* F */
    char **name;              /* (F) headers (owned) */
    char **type;              /* (F) #datatype values, or NULL (owned) */
    char **fallback;          /* (F) #default values, or NULL (owned) */
    size_t *numbers, *texts;  /* (F) counts of the first pass */
    size_t *times;            /* (F) how many of the texts read as times */
    unsigned char *kind;      /* (F) CSV_FIELD_* */
    size_t time_field;
    long name_field;          /* the label field whose value names the series
                                 (_field, Series, ...), or -1 */
} csv_table;

typedef struct csv_tables {
    csv_table *t;
    size_t n, cap;
} csv_tables;

/* Keeps a "#datatype" or "#default" row (others are ignored). Returns 0,
 * or -1 when out of memory. */
int csv_annotations_take(csv_annotations *a, const csv_row *row);

void csv_annotations_free(csv_annotations *a);

/* Appends the table of header row, its time column at time_field, taking
 * the pending annotations that have one value per field (and clearing
 * them). Returns 0, or -1 when out of memory. */
int csv_tables_add(csv_tables *ts, const csv_row *header, size_t time_field,
                   csv_annotations *pending);

/* Counts the numbers, texts and times of a data row's fields. */
void csv_table_count(csv_table *t, const csv_row *row, const import_reading *r);

/* Decides what each column of t is, from its annotations or its counts:
 * a column with numbers and no more texts than numbers holds values (its
 * texts are then errors), one whose texts are all times is skipped, one
 * with more texts labels. */
void csv_table_decide(csv_table *t);

/* Field f of row, or its #default when empty. */
const char *csv_table_field(const csv_table *t, const csv_row *row, size_t f);

/* The most series one CSV file may hold: a label column with a different
 * text on every row (a comment, an id) would otherwise make one per row. */
#define CSV_MAX_SERIES 10000

/* The series of set (from set->s[first] on) that value field f of row
 * goes to, made when new; last (F) caches 1 + the series each field went
 * to last. Returns NULL with e set: out of memory, or more than
 * CSV_MAX_SERIES series. */
import_series *csv_table_series(import_set *set, size_t first, const csv_table *t,
                                const csv_row *row, size_t f, size_t *last, const char *file,
                                sa_error *e);

void csv_tables_free(csv_tables *ts);

#endif
