/* csv.c — see csv.h. libcsv calls back once per field (cb_field) and once
 * per row terminator (cb_end); fields are copied into one growing buffer
 * because libcsv reuses its own for the next field. CSV_REPALL_NL makes
 * libcsv report every CR and LF, which is what lets us count lines (a CR
 * directly followed by LF is one line end). */
#include "series/csv.h"   /* ours */
#include "series/csv_session.h"
#include "base/array.h"
#include "base/message.h"
#include "base/outfile.h"

#include <errno.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char *csv_display_name(const char *path)
{
    return strcmp(path, "-") ? path : "stdin";
}

static void cb_field(void *s, size_t len, void *data)
{
    csv_reader *r = data;
    if (r->failed)
        return;
    if (r->n_fields == 0)
        r->row_line = r->line;
    r->after_cr = 0;
    if (len > CSV_MAX_FIELD || r->buf_len + len > CSV_MAX_ROW) {
        r->failed = 1;
        sa_fail(r->e, "%s:%ld: a %s is longer than %d bytes (not a metrics CSV?)", r->source,
                r->row_line, len > CSV_MAX_FIELD ? "field" : "line",
                len > CSV_MAX_FIELD ? CSV_MAX_FIELD : CSV_MAX_ROW);
        return;
    }
    if (r->n_fields == r->fields_cap) {
        size_t cap = r->fields_cap ? 2 * r->fields_cap : 16;
        if (array_resize(&r->offset, cap, sizeof *r->offset) ||
            array_resize(&r->len, cap, sizeof *r->len)) {
            r->failed = 1;
            sa_fail(r->e, "%s: out of memory reading CSV", r->source);
            return;
        }
        r->fields_cap = cap;
    }
    if (r->buf_len + len + 1 > r->buf_cap) {
        size_t cap = r->buf_cap ? r->buf_cap : 256;
        while (cap < r->buf_len + len + 1)
            cap *= 2;
        if (array_resize(&r->buf, cap, 1)) {
            r->failed = 1;
            sa_fail(r->e, "%s: out of memory reading CSV", r->source);
            return;
        }
        r->buf_cap = cap;
    }
    if (len)
        memcpy(r->buf + r->buf_len, s, len);
    r->buf[r->buf_len + len] = 0;
    r->offset[r->n_fields] = r->buf_len;
    r->len[r->n_fields] = len;
    r->n_fields++;
    r->buf_len += len + 1;
    /* A quoted field may span lines. */
    const char *p = s, *end = p + len;
    while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        r->line++;
        p++;
    }
}

static void cb_end(int c, void *data)
{
    csv_reader *r = data;
    if (r->failed)
        return;
    r->rows_ended++;
    /* c < 0: csv_fini ends a last row that had no line end. While a logger
     * is still writing it, it may be cut in the middle of a number. */
    if (c < 0 && r->drop_torn && r->n_fields > 0 && r->rows_read > 0) {
        msg_note("%s:%ld: the last line has no line end (still being written?): ignored",
                 r->source, r->row_line);
        r->n_fields = 0;
        r->buf_len = 0;
        return;
    }
    if (r->n_fields > 0) {
        char **field = realloc(r->field, r->n_fields * sizeof *field);
        if (!field) {
            r->failed = 1;
            sa_fail(r->e, "%s: out of memory reading CSV", r->source);
            return;
        }
        r->field = field;
        for (size_t i = 0; i < r->n_fields; i++)
            field[i] = r->buf + r->offset[i];
        csv_row row = {r->row_line, r->n_fields, field, r->len};
        r->rows_read++;
        if (r->on_row(r->ctx, &row, r->e) != 0)
            r->failed = 1;
    }
    int blank = r->n_fields == 0;
    r->n_fields = 0;
    r->buf_len = 0;
    if (c == '\r') {
        r->line++;
        r->after_cr = 1;
    } else if (c == '\n') {
        if (!(r->after_cr && blank))
            r->line++;
        r->after_cr = 0;
    }
}

char csv_parse_delimiter(const char *text)
{
    if (!strcmp(text, "tab") || !strcmp(text, "\\t"))
        return '\t';
    if (strlen(text) == 1 && text[0] != '"' && text[0] != '\n' && text[0] != '\r')
        return text[0];
    return 0;
}

char csv_detect_delimiter(const unsigned char *head, size_t n)
{
    size_t count[3] = {0, 0, 0}; /* , \t ; outside quotes on the first line */
    int quoted = 0;
    for (size_t i = 0; i < n && (quoted || (head[i] != '\n' && head[i] != '\r')); i++) {
        if (head[i] == '"')
            quoted = !quoted;
        else if (!quoted)
            count[0] += head[i] == ',', count[1] += head[i] == '\t', count[2] += head[i] == ';';
    }
    if (count[0])
        return ',';
    return count[1] >= count[2] ? (count[1] ? '\t' : ',') : ';';
}

const char *csv_looks_like(const unsigned char *head, size_t n)
{
    if (n >= 2 && ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF)))
        return "UTF-16 text (a byte-order mark)";
    if (n >= 2 && (head[0] == 0 || head[1] == 0))
        return "UTF-16 text (NUL bytes between characters)";
    size_t i = n >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF ? 3 : 0;
    while (i < n && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n'))
        i++;
    if (i < n && (head[i] == '{' || head[i] == '['))
        return "JSON";
    return NULL;
}

int csv_not_csv(const char *source, const char *what, sa_error *e)
{
    if (!strncmp(what, "JSON", 4))
        return sa_fail(e, "%s: looks like JSON (a CloudWatch or Prometheus export?), not CSV; "
                       "convert it with: scaleahead-import %s -o metrics.csv", source, source);
    return sa_fail(e, "%s: looks like %s, not UTF-8 CSV; convert it with: "
                   "iconv -f UTF-16 -t UTF-8 %s > metrics.csv", source, what, source);
}

int csv_session_begin(csv_session *ss, const char *source, char delimiter, int flags,
                      csv_row_fn on_row, void *ctx, sa_error *e)
{
    memset(ss, 0, sizeof *ss);
    if (csv_init(&ss->p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) != 0)
        return sa_fail(e, "%s: out of memory", source);
    csv_set_delim(&ss->p, (unsigned char)delimiter);
    /* libcsv grows a field's buffer by a fixed block (128 bytes by default):
     * on a field of megabytes that is a realloc and a copy per block, which
     * is quadratic where realloc cannot grow in place (ASan, some libcs). */
    csv_set_blk_size(&ss->p, CSV_CHUNK);
    ss->r = (csv_reader){.source = source, .on_row = on_row, .ctx = ctx, .e = e, .line = 1,
                         .drop_torn = flags & CSV_DROP_TORN_LAST};
    return 0;
}

int csv_session_feed(csv_session *ss, const unsigned char *chunk, size_t n)
{
    csv_reader *r = &ss->r;
    size_t skip = 0;
    if (ss->total == 0 && n >= 3 && chunk[0] == 0xEF && chunk[1] == 0xBB && chunk[2] == 0xBF)
        skip = 3;
    ss->total += n;
    long ended = r->rows_ended;
    if (csv_parse(&ss->p, chunk + skip, n - skip, cb_field, cb_end, r) != n - skip && !r->failed)
        return sa_fail(r->e, "%s:%ld: malformed CSV: %s", r->source, r->line,
                       csv_strerror(csv_error(&ss->p)));
    /* libcsv holds a field until it ends: a stream without line ends
     * (/dev/zero, an endless header) must not grow memory without bound. */
    ss->unended = r->rows_ended == ended ? ss->unended + n : 0;
    if (!r->failed && ss->unended > (size_t)CSV_MAX_ROW + CSV_CHUNK)
        return sa_fail(r->e, "%s:%ld: a line is longer than %d bytes (not a metrics CSV?)",
                       r->source, r->line, CSV_MAX_ROW);
    return r->failed ? -1 : 0;
}

int csv_session_end(csv_session *ss, int rc)
{
    csv_reader *r = &ss->r;
    if (rc == 0 && csv_fini(&ss->p, cb_field, cb_end, r) != 0 && !r->failed)
        rc = sa_fail(r->e, "%s:%ld: malformed CSV: %s (a quote is not closed)", r->source,
                     r->row_line, csv_strerror(csv_error(&ss->p)));
    if (rc == 0 && r->failed)
        rc = -1;
    if (rc == 0 && ss->total == 0)
        rc = sa_fail(r->e, "%s: is empty (expected a header line)", r->source);
    csv_free(&ss->p);
    free(r->buf);
    free(r->offset);
    free(r->len);
    free(r->field);
    return rc;
}

int csv_read(const char *path, csv_row_fn on_row, void *ctx, sa_error *e)
{
    return csv_read_delimited(path, 0, on_row, ctx, e);
}

/* A device is refused because it may be endless (/dev/zero). */
FILE *csv_open_input(const char *path, const char *source, sa_error *e)
{
    FILE *fp = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    struct stat st;
    if (!fp) {
        sa_fail(e, "%s: cannot open: %s", source, strerror(errno));
        return NULL;
    }
    if (fp != stdin && fstat(fileno(fp), &st) == 0 && !S_ISREG(st.st_mode) &&
        !S_ISFIFO(st.st_mode)) {
        sa_fail(e, "%s: %s, not a CSV file", source, S_ISDIR(st.st_mode) ? "is a directory"
                : "is a device or a socket");
        fclose(fp);
        return NULL;
    }
    outfile_note_input(fileno(fp), source);
    return fp;
}

int csv_read_delimited(const char *path, char delimiter, csv_row_fn on_row, void *ctx,
                       sa_error *e)
{
    return csv_read_flags(path, delimiter, 0, on_row, ctx, e);
}

int csv_read_flags(const char *path, char delimiter, int flags, csv_row_fn on_row, void *ctx,
                   sa_error *e)
{
    const char *source = csv_display_name(path);
    FILE *fp = csv_open_input(path, source, e);
    if (!fp)
        return -1;
    if (fp == stdin)
        flags |= CSV_DROP_TORN_LAST;
    unsigned char *chunk = malloc(CSV_CHUNK);
    csv_session ss;
    int rc = chunk ? 0 : sa_fail(e, "%s: out of memory", source), started = 0;
    while (rc == 0) {
        size_t n = fread(chunk, 1, CSV_CHUNK, fp);
        if (n == 0) {
            if (ferror(fp))
                rc = sa_fail(e, "%s: read error: %s", source, strerror(errno));
            break;
        }
        if (!started) {
            const char *what = csv_looks_like(chunk, n);
            if (what) {
                rc = csv_not_csv(source, what, e);
                break;
            }
            if (csv_session_begin(&ss, source, delimiter ? delimiter : csv_detect_delimiter(chunk, n),
                              flags, on_row, ctx, e)) {
                rc = -1;
                break;
            }
            started = 1;
        }
        rc = csv_session_feed(&ss, chunk, n);
    }
    if (started)
        rc = csv_session_end(&ss, rc);
    else if (rc == 0)
        rc = sa_fail(e, "%s: is empty (expected a header line)", source);
    free(chunk);
    if (fp != stdin)
        fclose(fp);
    return rc;
}

int csv_read_memory(const char *data, size_t n, const char *source, char delimiter,
                    csv_row_fn on_row, void *ctx, sa_error *e)
{
    return csv_read_memory_flags(data, n, source, delimiter, 0, on_row, ctx, e);
}

int csv_read_memory_flags(const char *data, size_t n, const char *source, char delimiter,
                          int flags, csv_row_fn on_row, void *ctx, sa_error *e)
{
    const unsigned char *bytes = (const unsigned char *)data;
    const char *what = csv_looks_like(bytes, n);
    if (what)
        return csv_not_csv(source, what, e);
    csv_session ss;
    if (csv_session_begin(&ss, source, delimiter ? delimiter : csv_detect_delimiter(bytes, n),
                      flags, on_row, ctx, e))
        return -1;
    return csv_session_end(&ss, n ? csv_session_feed(&ss, bytes, n) : 0);
}

/* A decimal number's parts as csv_parse_double reads them: digits into
 * mantissa while it stays exact, the power of ten it is scaled by. */
typedef struct decimal {
    uint64_t mantissa;
    int exact;        /* 1: every digit is in mantissa */
    int power;        /* value = mantissa 10^power */
    size_t digits;    /* of the mantissa, leading zeros included */
    size_t end;       /* where the number's form ends */
} decimal;

/* Reads [+-]digits[.digits][(e|E)[+-]digits] from text[0..len). */
static decimal read_decimal(const char *text, size_t len)
{
    decimal d = {0, 1, 0, 0, 0};
    size_t i = 0;
    if (text[i] == '+' || text[i] == '-')
        i++;
    for (int fraction = 0; i < len; i++) {
        if (text[i] == '.' && !fraction) {
            fraction = 1;
            continue;
        }
        if (text[i] < '0' || text[i] > '9')
            break;
        d.digits++;
        if (d.mantissa >= UINT64_C(100000000000000000)) {   /* 10^17: the next digit could overflow */
            d.exact = 0;
            continue;
        }
        d.mantissa = d.mantissa * 10 + (uint64_t)(text[i] - '0');
        d.power -= fraction;
    }
    if (d.digits && i < len && (text[i] == 'e' || text[i] == 'E')) {
        size_t j = i + 1, exp_digits = 0;
        int negative = j < len && text[j] == '-', exponent = 0;
        if (j < len && (text[j] == '+' || text[j] == '-'))
            j++;
        for (; j < len && text[j] >= '0' && text[j] <= '9'; j++, exp_digits++)
            exponent = exponent < 100000 ? exponent * 10 + (text[j] - '0') : exponent;
        if (exp_digits) {
            i = j;
            d.power += negative ? -exponent : exponent;
        }
    }
    d.end = i;
    return d;
}

/* Clinger's fast path: with mantissa <= 2^53 and |power| <= 22 both
 * mantissa and 10^|power| are exact doubles, so one multiplication or
 * division, rounded once, is the correctly rounded value strtod gives;
 * strtod took a sixth of `predict --last`. Returns 0, or -1 outside it. */
static int decimal_fast(const decimal *d, int negative, double *out)
{
    static const double power_of_ten[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                            1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                            1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    if (!d->exact || d->mantissa > (UINT64_C(1) << 53) || d->power < -22 || d->power > 22)
        return -1;
    double v = (double)d->mantissa;
    v = d->power < 0 ? v / power_of_ten[-d->power] : v * power_of_ten[d->power];
    *out = negative ? -v : v;
    return 0;
}

int csv_parse_double(const char *text, size_t len, double *out, const char **why)
{
    if (len == 0) {
        *why = "is empty";
        return -1;
    }
    /* Check the form by hand: strtod alone would accept hex, "nan", "inf"
     * and leading spaces. */
    decimal d = read_decimal(text, len);
    if (!d.digits || d.end != len) {
        size_t k = (text[0] == '+' || text[0] == '-') ? 1 : 0;
        if (len - k >= 3 && (!strncasecmp(text + k, "nan", 3) || !strncasecmp(text + k, "inf", 3)))
            *why = "is not finite";
        else
            *why = "is not a number";
        return -1;
    }
    if (decimal_fast(&d, text[0] == '-', out) == 0)
        return 0;
    char small[64];
    char *copy = len < sizeof small ? small : malloc(len + 1);
    if (!copy) {
        *why = "is too long to parse";
        return -1;
    }
    memcpy(copy, text, len);
    copy[len] = 0;
    errno = 0;
    double v = strtod(copy, NULL);
    int range = errno == ERANGE;
    if (copy != small)
        free(copy);
    if (!isfinite(v) || (range && fabs(v) > 1.0)) {
        *why = "is not finite";
        return -1;
    }
    *out = v;
    return 0;
}

int csv_field_double(const csv_row *row, size_t i, const char *source,
                     const char *column, double *out, sa_error *e)
{
    const char *why;
    if (csv_parse_double(row->field[i], row->len[i], out, &why) == 0)
        return 0;
    if (row->len[i] == 0)
        return sa_fail(e, "%s:%ld: column %s: value %s", source, row->line, column, why);
    /* Quoting the text would stop at the NUL and show a valid-looking number. */
    if (memchr(row->field[i], 0, row->len[i]))
        return sa_fail(e, "%s:%ld: column %s: value contains a NUL byte (binary data?)", source,
                       row->line, column);
    int cut = row->len[i] > 40;
    return sa_fail(e, "%s:%ld: column %s: '%.*s%s' %s", source, row->line, column,
                   cut ? 40 : (int)row->len[i], row->field[i], cut ? "..." : "", why);
}

char *csv_put_fixed(char *p, double v, int decimals, int trim)
{
    static const double scale[10] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
    if (!isfinite(v) || fabs(v) >= 1e15 || decimals < 0 || decimals > 9)
        return p + snprintf(p, 32, "%.9g", v);
    uint64_t q = (uint64_t)(fabs(v) * scale[decimals] + 0.5);
    if (v < 0 && q)
        *p++ = '-';
    char digits[32];
    int n = 0;
    do
        digits[n++] = (char)('0' + q % 10);
    while ((q /= 10) != 0);
    while (n <= decimals) /* at least one digit before the point */
        digits[n++] = '0';
    while (n > decimals)
        *p++ = digits[--n];
    if (decimals == 0)
        return p;
    if (trim) {
        int keep = 0; /* digits[0] is the last decimal */
        while (keep < decimals && digits[keep] == '0')
            keep++;
        if (keep == decimals)
            return p;
        *p++ = '.';
        while (n > keep)
            *p++ = digits[--n];
        return p;
    }
    *p++ = '.';
    while (n)
        *p++ = digits[--n];
    return p;
}

char *csv_put_double(char *p, double v)
{
    char text[40];
    int n = snprintf(text, sizeof text, "%.15g", v);
    if (strtod(text, NULL) != v)
        n = snprintf(text, sizeof text, "%.17g", v);
    memcpy(p, text, (size_t)n);
    return p + n;
}

char *csv_put_float(char *p, double v)
{
    double a = fabs(v);
    int whole_digits = 1;
    for (double x = 10; a >= x && whole_digits < 16; x *= 10)
        whole_digits++;
    int decimals = 7 - whole_digits;
    return csv_put_fixed(p, v, decimals < 0 ? 0 : decimals > 6 ? 6 : decimals, 1);
}
