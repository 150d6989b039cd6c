/* csv.h — every CSV read goes through here: a thin layer over libcsv that
 * streams rows of fields with their source line numbers.
 *
 * The file is read in chunks (stdin for "-") and handed to libcsv's
 * csv_parse; each complete row is passed to a callback as NUL-terminated
 * fields. A UTF-8 byte-order mark is skipped, CR, LF and CRLF line ends are
 * all accepted, blank lines are skipped, quoted fields may hold commas and
 * newlines (line numbers count them). Public names use the prefix csv_row /
 * csv_read / csv_field so they never collide with libcsv's own csv_* API. */
#ifndef SA_CSV_H
#define SA_CSV_H

#include <stddef.h>
#include "base/err.h"

typedef struct csv_row {
    long line;            /* source line where the row starts (1 = first line) */
    size_t n_fields;      /* N */
    char **field;         /* (N) NUL-terminated texts, valid during the callback */
    size_t *len;          /* (N) byte lengths (a field may hold a NUL) */
} csv_row;

/* Called once per non-blank row, the header included. Returns 0 to go on,
 * or -1 with e set to stop the read (csv_read then returns -1). */
typedef int (*csv_row_fn)(void *ctx, const csv_row *row, sa_error *e);

/* The name used in messages: "stdin" for "-", else path itself. */
const char *csv_display_name(const char *path);

/* Streams the CSV at path ("-" = stdin) through on_row. Returns 0 after the
 * last row, or -1 with e set: "FILE: cannot open: why", "FILE: is empty",
 * "FILE:LINE: malformed CSV: why" (unbalanced quote), a read error, or the
 * callback's own message. Nothing is kept after return. */
int csv_read(const char *path, csv_row_fn on_row, void *ctx, sa_error *e);

/* Like csv_read with fields separated by delimiter (',', '\t', ';'; 0 =
 * detect it from the first line: a comma if it has one, else the more
 * frequent of tab and semicolon). csv_read detects. A file that looks like
 * JSON or UTF-16 (csv_looks_like) is refused with a message naming the
 * command that reads it. */
int csv_read_delimited(const char *path, char delimiter, csv_row_fn on_row, void *ctx,
                       sa_error *e);

/* Like csv_read_flags with CSV_DROP_TORN_LAST, but only the header line
 * and the last n_lines lines of the input (fewer when it has fewer; a torn
 * last line does not count) go through on_row — whatever its length, so
 * that what is read follows one rule: a line before them is never parsed,
 * and nothing wrong in it is seen. A regular file is read from its end (the
 * time does not grow with its length: predict --last on a log that keeps
 * growing); stdin or a FIFO is read through, keeping its last lines. Rows
 * carry their line numbers in the input — except from a regular file of
 * more than 4 MiB before its tail read without exact_lines, where they
 * count from the header as if the tail followed it (finding the true ones
 * means scanning the file once: a caller that meets an error reads again
 * with exact_lines to report it). *numbered
 * (when not NULL) says which: 1 when the numbers are the input's. Returns 0,
 * or -1 with e set (as csv_read_flags). */
int csv_read_tail(const char *path, char delimiter, size_t n_lines, int exact_lines,
                  int *numbered, csv_row_fn on_row, void *ctx, sa_error *e);

/* csv_read_delimited on the n bytes at data, named source in messages. */
int csv_read_memory(const char *data, size_t n, const char *source, char delimiter,
                    csv_row_fn on_row, void *ctx, sa_error *e);

/* The delimiter a flag names: ",", ";", "tab" (or "\t"), or any single
 * character but a quote or a line end. Returns it, or 0 for other text. */
char csv_parse_delimiter(const char *text);

/* The delimiter of a CSV whose first bytes are head[0..n), as
 * csv_read_delimited detects it. */
char csv_detect_delimiter(const unsigned char *head, size_t n);

/* What the first bytes of a file look like when they are not CSV text:
 * "JSON", "UTF-16 text (...)", or NULL when they may be CSV. */
const char *csv_looks_like(const unsigned char *head, size_t n);

/* Limits that keep a file that is not a CSV (binary data, an endless line)
 * from growing memory without bound: a longer field or line is an error. */
#define CSV_MAX_FIELD (4 << 20)
#define CSV_MAX_ROW (16 << 20)

/* Flags of csv_read_flags and csv_read_memory_flags. */
enum {
    /* An unterminated last line (a logger still writing it) is skipped with
     * a note instead of read as a row. Always on for stdin. */
    CSV_DROP_TORN_LAST = 1
};

/* csv_read_delimited with flags (above); csv_read_delimited(p, d, ...) is
 * csv_read_flags(p, d, 0, ...). Every read refuses a directory, a device
 * or a socket ("not a CSV file"), reads a FIFO as a stream, and records the
 * file as an input of the run (outfile_note_input) so that no output
 * replaces it. */
int csv_read_flags(const char *path, char delimiter, int flags, csv_row_fn on_row, void *ctx,
                   sa_error *e);

/* csv_read_memory with flags (a tail read for --last passes
 * CSV_DROP_TORN_LAST). */
int csv_read_memory_flags(const char *data, size_t n, const char *source, char delimiter,
                          int flags, csv_row_fn on_row, void *ctx, sa_error *e);

/* Strict number parser: the whole of text[0..len) must be one finite
 * decimal number ([+-]digits[.digits][(e|E)[+-]digits], or .digits).
 * Returns 0 and sets *out; or -1 and sets *why (static text) to "is empty",
 * "is not finite" (nan, inf, overflow) or "is not a number". text need not
 * be NUL-terminated. */
int csv_parse_double(const char *text, size_t len, double *out, const char **why);

/* csv_parse_double on field i of row, with the message a user needs on
 * failure: "SOURCE:LINE: column NAME: 'abc' is not a number" (long texts are
 * cut to 40 bytes). Returns 0 or -1 with e set. */
int csv_field_double(const csv_row *row, size_t i, const char *source,
                     const char *column, double *out, sa_error *e);

/* Writes v in fixed notation with the given decimals (0-9, rounded half
 * away from zero) at p and returns the end (no NUL). trim drops trailing
 * zeros and a bare point ("2.5000" -> "2.5", "3.0000" -> "3"). For
 * |v| >= 1e15, or not finite, it falls back to printf's %.9g. At most 32
 * bytes are written. Fast: the writers of large CSVs use it per value. */
char *csv_put_fixed(char *p, double v, int decimals, int trim);

/* Writes v in the fewest significant digits (15, else 17) that read back
 * as exactly v: 123456789 stays 123456789, 0.000923 stays 0.000923. At
 * most 32 bytes, no NUL. For values read from a file (doubles). */
char *csv_put_double(char *p, double v);

/* Writes v with about 7 significant digits (float precision: decimals =
 * 7 - integer digits, within 0-6), trimmed, via csv_put_fixed. */
char *csv_put_float(char *p, double v);

#endif
