/* import_csv.h — Grafana / InfluxDB-style CSV exports (and any CSV with a
 * time column) read into import series.
 *
 * Each column but the time one is, by its content (or by InfluxDB's
 * #datatype annotation), either a value column (numbers) or a label
 * column (text: Grafana's Series, InfluxDB's _field, _measurement and
 * tags). Every value column gives one series per combination of the label
 * columns' values: a wide export (one column per series) gives a series
 * per column, a long one ("Series";"Time";"Value", annotated CSV with
 * _field and tags) one per series it holds, never one merged series. A
 * series is called by its value column's header, or, when the only value
 * column is a generic "value" or "_value", by its _field, Series, metric
 * or name label; the label columns are its labels (name{host="a"}).
 * InfluxDB's own columns (result, table, _start, _stop) are never series.
 * Grafana writes "Time" with millisecond epochs or local date-times, empty
 * fields for missing points; InfluxDB's annotated CSV has "#..." lines
 * and a "_time" column, and starts a new table (annotations and a header)
 * where its columns change. */
#ifndef SA_IMPORT_CSV_H
#define SA_IMPORT_CSV_H

#include <stddef.h>
#include "base/err.h"
#include "import/import_series.h"

typedef struct import_csv_options {
    const char *time_column;   /* header of the time column; NULL: the first of
                                  timestamp, time, _time, date, datetime, ts
                                  (any case) */
    char delimiter;            /* 0 = detect */
    const import_reading *r;   /* zone, missing-point texts */
} import_csv_options;

/* Reads the CSV text data[0..n) from file into set. Rows whose first
 * field starts with '#' are annotations; a row that repeats the time
 * column's header starts a new table. An empty field, "null", "NaN" or a
 * --missing text is a missing point. A local time the zone repeats
 * (clocks going back) is taken as its first occurrence unless that would
 * go back in time from the row before. Text in a value column marks its
 * series unusable with the whole error ("FILE:LINE: column X: 'N/A' is
 * not a number; ..."), so that the other series can still be imported.
 * Returns 0, or -1 with e set ("FILE:LINE: ..."). */
int import_read_csv(import_set *set, const char *data, size_t n, const char *file,
                    const import_csv_options *o, sa_error *e);

#endif
