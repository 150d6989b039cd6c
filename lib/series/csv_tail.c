/* csv_tail.c — csv_read_tail (csv.h): the header line and the last lines
 * of a CSV, whatever its length. A regular file is read from its end, so
 * the time does not grow with the file (a log a monitor keeps appending
 * to); a stream (stdin, a FIFO) is read through, keeping its last lines.
 * Either way only those lines are parsed, so the rule of what is read is
 * the same for every input: anything before them is never looked at. */
#include "series/csv_session.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/array.h"

/* Up to this many bytes before the tail, its lines are counted anyway (a
 * millisecond), so the rows of all but long files have their true lines. */
#define CSV_TAIL_COUNT_BYTES (4L << 20)

/* The bytes that will be parsed: the header line and the kept lines. */
typedef struct tail_text {
    unsigned char *head;      /* the header line with its line end */
    size_t head_len, head_cap;
    unsigned char *body;      /* body[begin .. len): the kept lines */
    size_t begin, len, cap;
    size_t lines;             /* complete lines in the kept bytes, not blank */
    int content;              /* the unended line is not blank so far */
    long dropped;             /* complete lines dropped before them */
    int have_head;            /* the header's line end was seen */
    size_t unended;           /* bytes since the last line end */
    int numbered;             /* dropped is the count of the lines before */
} tail_text;

static int append(unsigned char **buf, size_t *len, size_t *cap, const unsigned char *p,
                  size_t n)
{
    if (*len + n > *cap) {
        size_t c = *cap ? *cap : CSV_CHUNK;
        while (c < *len + n)
            c *= 2;
        if (array_resize(buf, c, 1))
            return -1;
        *cap = c;
    }
    memcpy(*buf + *len, p, n);
    *len += n;
    return 0;
}

/* 1 when the line text[0..n) has a byte other than a line end: blank
 * lines are skipped by the parse and do not count as lines of the tail. */
static int has_content(const unsigned char *text, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (text[i] != '\r' && text[i] != '\n')
            return 1;
    return 0;
}

/* Adds n bytes of a stream to t, keeping at most n_lines complete lines
 * that are not blank after the header (and the unended bytes after them).
 * Returns 0, or -1 with e set (out of memory, a line without end longer
 * than a row may be). */
static int keep_tail(tail_text *t, const unsigned char *p, size_t n, size_t n_lines,
                     const char *source, sa_error *e)
{
    if (!t->have_head) {
        const unsigned char *nl = memchr(p, '\n', n);
        size_t k = nl ? (size_t)(nl - p) + 1 : n;
        if (append(&t->head, &t->head_len, &t->head_cap, p, k))
            return sa_fail(e, "%s: out of memory", source);
        t->have_head = nl != NULL;
        t->unended = t->have_head ? 0 : t->head_len;
        p += k;
        n -= k;
    }
    if (n && append(&t->body, &t->len, &t->cap, p, n))
        return sa_fail(e, "%s: out of memory", source);
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '\n') {
            t->lines += t->content;
            t->content = 0;
            t->unended = 0;
        } else {
            t->content |= p[i] != '\r';
            t->unended++;
        }
    }
    while (t->lines > n_lines) {
        unsigned char *line = t->body + t->begin;
        unsigned char *nl = memchr(line, '\n', t->len - t->begin);
        t->lines -= (size_t)has_content(line, (size_t)(nl - line));
        t->begin = (size_t)(nl - t->body) + 1;
        t->dropped++;
    }
    if (t->begin > t->cap / 2) { /* keep the buffer from growing with the stream */
        memmove(t->body, t->body + t->begin, t->len - t->begin);
        t->len -= t->begin;
        t->begin = 0;
    }
    if (t->unended > (size_t)CSV_MAX_ROW + CSV_CHUNK)
        return sa_fail(e, "%s: a line is longer than %d bytes (not a metrics CSV?)", source,
                       CSV_MAX_ROW);
    return 0;
}

/* Reads the stream fp through into t (its first bytes checked to be CSV
 * text), keeping the header and the last n_lines lines. Returns 0, or -1
 * with e set. */
static int read_stream(FILE *fp, size_t n_lines, const char *source, tail_text *t, sa_error *e)
{
    unsigned char *chunk = malloc(CSV_CHUNK);
    int rc = chunk ? 0 : sa_fail(e, "%s: out of memory", source), started = 0;
    size_t n;
    while (rc == 0 && (n = fread(chunk, 1, CSV_CHUNK, fp)) > 0) {
        const char *what = started ? NULL : csv_looks_like(chunk, n);
        started = 1;
        rc = what ? csv_not_csv(source, what, e) : keep_tail(t, chunk, n, n_lines, source, e);
    }
    if (rc == 0 && ferror(fp))
        rc = sa_fail(e, "%s: read error: %s", source, strerror(errno));
    free(chunk);
    return rc;
}

/* The offset where the last n_lines lines of fp (size bytes) that are not
 * blank start, not before floor. */
static long tail_start(FILE *fp, long size, long floor, size_t n_lines, unsigned char *buf)
{
    long pos = size;
    size_t seen = 0;
    int content = 0; /* the line after the line end looked at is not blank */
    while (pos > floor) {
        long len = pos - floor < CSV_CHUNK ? pos - floor : CSV_CHUNK;
        pos -= len;
        if (fseek(fp, pos, SEEK_SET) != 0 || fread(buf, 1, (size_t)len, fp) != (size_t)len)
            return -1;
        for (long i = len - 1; i >= 0; i--) {
            if (buf[i] != '\n') {
                content |= buf[i] != '\r';
                continue;
            }
            if (content && ++seen == n_lines)
                return pos + i + 1;
            content = 0;
        }
    }
    return floor;
}

/* Line ends in fp's bytes [from, to). Returns the count, or -1. */
static long count_lines(FILE *fp, long from, long to, unsigned char *buf)
{
    long count = 0;
    if (fseek(fp, from, SEEK_SET) != 0)
        return -1;
    for (long pos = from; pos < to;) {
        size_t want = to - pos < CSV_CHUNK ? (size_t)(to - pos) : CSV_CHUNK;
        if (fread(buf, 1, want, fp) != want)
            return -1;
        for (const unsigned char *q = buf; (q = memchr(q, '\n', (size_t)(buf + want - q))); q++)
            count++;
        pos += (long)want;
    }
    return count;
}

/* Reads the regular file fp (size bytes) into t from its end: the header,
 * then the last n_lines lines (one more when the last is torn), with the
 * lines before them counted when exact. Returns 0, or -1 with e set. */
static int read_file_end(FILE *fp, long size, size_t n_lines, int exact, const char *source,
                         tail_text *t, sa_error *e)
{
    t->numbered = 1;
    unsigned char *buf = malloc(CSV_CHUNK);
    int rc = buf ? 0 : sa_fail(e, "%s: out of memory", source);
    size_t got = rc == 0 ? fread(buf, 1, CSV_CHUNK, fp) : 0;
    const unsigned char *nl = got ? memchr(buf, '\n', got) : NULL;
    const char *what = got ? csv_looks_like(buf, got) : NULL;
    if (rc == 0 && what)
        rc = csv_not_csv(source, what, e);
    long head_len = nl ? (long)(nl - buf) + 1 : (long)got;
    int through = !nl && (long)got < size; /* a header line of 64 KiB: read through */
    if (rc == 0 && through)
        rc = fseek(fp, 0, SEEK_SET) ? sa_fail(e, "%s: cannot seek", source)
             : read_stream(fp, n_lines, source, t, e);
    else if (rc == 0 && append(&t->head, &t->head_len, &t->head_cap, buf, (size_t)head_len))
        rc = sa_fail(e, "%s: out of memory", source);
    if (rc != 0 || through) {
        free(buf);
        return rc;
    }
    unsigned char last = '\n';
    if (fseek(fp, -1L, SEEK_END) == 0 && fread(&last, 1, 1, fp) == 1 && last != '\n')
        n_lines++; /* a torn last line (no line end yet) does not count */
    long start = tail_start(fp, size, head_len, n_lines, buf);
    /* Counting the lines skipped costs a read of them: done when asked, or
     * when they are few enough that it costs nothing. */
    t->numbered = exact || start - head_len <= CSV_TAIL_COUNT_BYTES;
    long before = start >= 0 && t->numbered ? count_lines(fp, head_len, start, buf) : 0;
    if (start < 0 || before < 0)
        rc = sa_fail(e, "%s: read error", source);
    t->have_head = nl != NULL;
    t->dropped = before;
    size_t body = (size_t)(size - start);
    if (rc == 0 && body && (array_resize(&t->body, body, 1) || fseek(fp, start, SEEK_SET) ||
                            fread(t->body, 1, body, fp) != body))
        rc = sa_fail(e, "%s: read error", source);
    t->len = t->cap = rc == 0 ? body : 0;
    free(buf);
    return rc;
}

/* Parses t: the header, then the kept lines numbered from the line they
 * had in the input (when known). */
static int parse_tail(const tail_text *t, char delimiter, const char *source, csv_row_fn on_row,
                      void *ctx, sa_error *e)
{
    if (t->head_len == 0)
        return sa_fail(e, "%s: is empty (expected a header line)", source);
    csv_session ss;
    if (csv_session_begin(&ss, source, delimiter ? delimiter
                          : csv_detect_delimiter(t->head, t->head_len),
                          CSV_DROP_TORN_LAST, on_row, ctx, e))
        return -1;
    int rc = csv_session_feed(&ss, t->head, t->head_len);
    if (rc == 0 && t->have_head)
        ss.r.line = 2 + t->dropped;
    if (rc == 0 && t->len > t->begin)
        rc = csv_session_feed(&ss, t->body + t->begin, t->len - t->begin);
    return csv_session_end(&ss, rc);
}

int csv_read_tail(const char *path, char delimiter, size_t n_lines, int exact_lines,
                  int *numbered, csv_row_fn on_row, void *ctx, sa_error *e)
{
    const char *source = csv_display_name(path);
    FILE *fp = csv_open_input(path, source, e);
    if (!fp)
        return -1;
    struct stat st;
    int regular = fp != stdin && fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode);
    tail_text t = {0};
    int rc = regular ? read_file_end(fp, (long)st.st_size, n_lines, exact_lines, source, &t, e)
                     : read_stream(fp, n_lines, source, &t, e);
    if (numbered)
        *numbered = !regular || t.numbered;
    if (fp != stdin)
        fclose(fp);
    if (rc == 0)
        rc = parse_tail(&t, delimiter, source, on_row, ctx, e);
    free(t.head);
    free(t.body);
    return rc;
}
