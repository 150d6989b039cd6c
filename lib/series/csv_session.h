/* csv_session.h — the parse in progress that every CSV read of csv.h runs:
 * libcsv's parser and the assembly of its fields into rows, fed bytes by
 * the reader of a whole file (csv.c) or of its tail (csv_tail.c). Internal
 * to lib/series: the tools read CSV through csv.h. */
#ifndef SA_CSV_SESSION_H
#define SA_CSV_SESSION_H

#include <csv.h>   /* libcsv */
#include <stdio.h>

#include "series/csv.h"

#define CSV_CHUNK (1 << 16)

/* The rows of a parse: the fields of the row being read, and its line. */
typedef struct csv_reader {
    const char *source;
    csv_row_fn on_row;
    void *ctx;
    sa_error *e;
    int failed;             /* set once: later callbacks do nothing */
    long line;              /* current source line */
    long row_line;          /* line where the current row started */
    int after_cr;           /* the last event was a CR ending a line */
    char *buf;              /* fields of the current row, NUL-separated */
    size_t buf_len, buf_cap;
    size_t *offset;         /* (N) start of each field in buf */
    size_t *len;            /* (N) */
    char **field;           /* (N) pointers into buf, set at row end */
    size_t n_fields, fields_cap;
    int drop_torn;          /* CSV_DROP_TORN_LAST (or stdin) */
    long rows_ended;        /* line ends seen so far (bounds a row's bytes) */
    long rows_read;         /* rows passed to on_row */
} csv_reader;

/* A parse in progress: libcsv's parser and our row assembly. */
typedef struct csv_session {
    struct csv_parser p;
    csv_reader r;
    size_t total;         /* bytes fed so far */
    size_t unended;       /* bytes fed since a row last ended (about) */
} csv_session;

/* Starts a parse of source's bytes with fields separated by delimiter and
 * flags of csv.h, each row to on_row(ctx). Returns 0, or -1 with e set. */
int csv_session_begin(csv_session *ss, const char *source, char delimiter, int flags,
                      csv_row_fn on_row, void *ctx, sa_error *e);

/* Parses the next n bytes (a UTF-8 byte-order mark at the very start is
 * skipped). Returns 0, or -1 with e set (the parse failed or a row's
 * callback did). */
int csv_session_feed(csv_session *ss, const unsigned char *chunk, size_t n);

/* Finishes the parse (rc: how it went so far), frees everything, and
 * returns the outcome: 0, or -1 with e set. */
int csv_session_end(csv_session *ss, int rc);

/* The error for a file that is not CSV at all (what: csv_looks_like's
 * answer), naming the command that reads it. Returns -1. */
int csv_not_csv(const char *source, const char *what, sa_error *e);

/* Opens path for reading ("-" = stdin), refusing a directory, a device or
 * a socket; a FIFO streams. Records it as an input of the run. Returns the
 * stream (stdin for "-"), or NULL with e set. */
FILE *csv_open_input(const char *path, const char *source, sa_error *e);

#endif
