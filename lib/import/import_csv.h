/* import_csv.h — Grafana / InfluxDB-style CSV exports (and any CSV with a
 * time column) read into import series: every column but the time one
 * is a series named by its header. Grafana writes "Time" with millisecond
 * epochs or local date-times, empty fields for missing points; InfluxDB's
 * annotated CSV has "#..." lines and a "_time" column. */
#ifndef SA_IMPORT_CSV_H
#define SA_IMPORT_CSV_H

#include <stddef.h>
#include "base/err.h"
#include "import/import_series.h"
#include "series/timezone.h"

typedef struct import_csv_options {
    const char *time_column;   /* header of the time column; NULL: the first of
                                  timestamp, time, _time, date, datetime, ts
                                  (any case) */
    char delimiter;            /* 0 = detect */
    const tz_zone *zone;       /* reads times without an offset (NULL = UTC) */
} import_csv_options;

/* Reads the CSV text data[0..n) from file into set. Rows whose first
 * field starts with '#' are skipped; an empty field, "null" or "NaN" is a
 * missing point. A local time the zone repeats (clocks going back) is
 * taken as its first occurrence unless that would go back in time from
 * the row before. A column holding text is marked unusable (with the
 * first bad line) rather than failing, so unrelated columns can still be
 * imported. Returns 0, or -1 with e set ("FILE:LINE: ..."). */
int import_read_csv(import_set *set, const char *data, size_t n, const char *file,
                    const import_csv_options *o, sa_error *e);

#endif
