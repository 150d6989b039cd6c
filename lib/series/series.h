/* series.h — a metrics CSV in memory: timestamps plus numeric columns.
 *
 * Read through libcsv (csv.c), with columns found by header name in any
 * order and extra columns ignored (docs/design.md §3). Rows must be in time order
 * at one fixed step, inferred as the most common difference between rows;
 * a longer difference that is a whole multiple of the step is a gap, which
 * is recorded (gap_before) or, with fill, forward-filled (filled rows copy
 * the previous row's values). Anything else is an error naming file, line
 * and column. Sizes: R rows, C columns. */
#ifndef SA_SERIES_H
#define SA_SERIES_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include "base/err.h"

typedef struct series {
    size_t n_rows;                /* R */
    size_t n_cols;                /* C */
    char **col_name;              /* (C) header names of the columns kept */
    double **col;                 /* (C)(R) values */
    int64_t *time;                /* (R) Unix seconds, UTC */
    int64_t *wall;                /* (R) the same times on the wall clock of a zone
                                     (time + its UTC offset) for the hour and day
                                     features, or NULL: they follow UTC (owned) */
    long *line;                   /* (R) source line (1 = header), 0 if filled */
    unsigned char *filled;        /* (R) 1 where the row was forward-filled */
    unsigned char *gap_before;    /* (R) 1 where a gap (not filled) precedes it */
    int64_t step;                 /* inferred step in seconds (0 if < 2 rows) */
    size_t n_gaps;                /* gaps found (filled or not), over the whole
                                     file even when max_rows keeps a tail */
    char *source;                 /* file name for messages ("stdin" for "-") */
} series;

/* series_options.fill: fill every gap, however long. */
#define SERIES_FILL_ALL INT_MAX
/* The default longest gap the tools' --fill fills (--max-fill). */
#define SERIES_DEFAULT_MAX_FILL 3600
/* How a user's file is read beyond what a tool needs from it: the flags
 * --time-column, --delimiter, --column and --snap that train, eval and
 * predict share. A zeroed struct (or NULL) reads a standard metrics CSV. */
typedef struct series_input {
    const char *time_column;      /* header of the time column; NULL = "timestamp" */
    char delimiter;               /* ',' '\t' ';'; 0 = detect (csv.h) */
    const char *const *map;       /* "NAME=HEADER": the column HEADER is read as
                                     NAME (a model trained on value reads a
                                     CPUUtilization column) */
    size_t n_map;
    int64_t snap;                 /* > 0: timestamps within snap seconds of the
                                     grid of the inferred step are moved onto it */
} series_input;

/* Fills in from the flags' texts: map (n_map "NAME=HEADER"), time_column
 * and delimiter (csv_parse_delimiter; NULL = detect) or NULL, snap
 * seconds. Returns 0, or -1 with e set to what a flag got wrong (a usage
 * error). */
int series_input_set(series_input *in, const char *const *map, size_t n_map,
                     const char *time_column, const char *delimiter, int snap, sa_error *e);

typedef struct series_options {
    /* Numeric columns to keep, by name. Columns not listed are ignored
     * (never parsed). NULL keeps every column but the timestamp. */
    const char *const *columns;
    size_t n_columns;
    /* Names in columns[] that must be present (error naming the file and the
     * column otherwise); the rest are optional. */
    const char *const *required;
    size_t n_required;
    int fill;                     /* 0: gaps stay gaps; else forward-fill each gap
                                     whose missing span (the time between the rows
                                     around it, less one step) is at most fill
                                     seconds; longer gaps stay gaps. SERIES_FILL_ALL
                                     fills every gap. Filling more than 1e6 rows in
                                     all is an error. */
    size_t max_rows;              /* 0 = no limit; else keep only the LAST max_rows
                                     rows (tail), for predict --last */
    const series_input *input;    /* NULL: a standard metrics CSV */
} series_options;

/* Reads path ("-" = stdin) into s. Returns 0, or -1 with e set to
 * "FILE:LINE: column NAME: what is wrong" (or "FILE: ..." where no line
 * applies). Accepts a UTF-8 BOM and CRLF line ends. Header names match
 * ignoring case (Timestamp, Value); a kept column is named as asked
 * (opt->columns) or as mapped, else as in the header. Errors a user can
 * fix with a flag or with scaleahead-import say how. s is owned by the caller
 * (series_free); on failure it is left empty. */
int series_read(series *s, const char *path, const series_options *opt, sa_error *e);

/* Index of the column called name, or -1. */
int series_column(const series *s, const char *name);

/* Drops the first k rows of s (all when k >= its rows), in place: every
 * array keeps rows k.. at its start. */
void series_drop_rows(series *s, size_t k);

/* Frees everything s owns and zeroes it. */
void series_free(series *s);

/* Parses a timestamp of docs/design.md §3 ("YYYY-MM-DD HH:MM:SS", a 'T'
 * separator, a trailing 'Z', fractional seconds ignored, or integer Unix
 * seconds of years 1..9999) of len bytes (not necessarily NUL-terminated). Returns 0 and sets
 * *t, or -1 when the text is not one of those forms or not a real date. */
int time_parse(const char *text, size_t len, int64_t *t);

/* Whole days from 1970-01-01 to t (rounded down, also before 1970), so
 * t - 86400 * time_days(t) is the second of the day, UTC. */
static inline int64_t time_days(int64_t t) { return t >= 0 ? t / 86400 : -((-t + 86399) / 86400); }

/* Formats t as "YYYY-MM-DD HH:MM:SS" (UTC) into buf (at least 20 bytes). */
void time_format(int64_t t, char *buf);

#endif
