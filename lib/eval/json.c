/* json.c — see json.h. */
#include "eval/json.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void json_init(json_writer *w, FILE *fp)
{
    memset(w, 0, sizeof *w);
    w->fp = fp;
}

static void misuse(json_writer *w, const char *what)
{
    if (!w->misuse)
        w->misuse = what;
}

static void newline_indent(json_writer *w)
{
    fputc('\n', w->fp);
    for (int i = 0; i < w->depth; i++)
        fputs("  ", w->fp);
}

/* Everything that precedes a value: the comma and indentation inside an
 * array, nothing after a key (json_key wrote those), a check at top level. */
static void before_value(json_writer *w)
{
    if (w->depth == 0) {
        if (w->values_at_top++ > 0)
            misuse(w, "more than one top-level value");
        return;
    }
    int level = w->depth - 1;
    if (w->kind[level] == 'o') {
        if (!w->key_pending)
            misuse(w, "a value in an object without a key");
        w->key_pending = 0;
        return;
    }
    if (w->count[level]++ > 0)
        fputc(',', w->fp);
    newline_indent(w);
}

static void begin(json_writer *w, char kind)
{
    before_value(w);
    fputc(kind == 'o' ? '{' : '[', w->fp);
    if (w->depth == JSON_MAX_DEPTH) {
        misuse(w, "nesting too deep");
        return;
    }
    w->kind[w->depth] = kind;
    w->count[w->depth] = 0;
    w->depth++;
}

static void end(json_writer *w, char kind)
{
    if (w->depth == 0 || w->kind[w->depth - 1] != kind || w->key_pending) {
        misuse(w, kind == 'o' ? "unbalanced object end" : "unbalanced array end");
        return;
    }
    int members = w->count[w->depth - 1];
    w->depth--;
    if (members > 0)
        newline_indent(w);
    fputc(kind == 'o' ? '}' : ']', w->fp);
}

void json_object_begin(json_writer *w) { begin(w, 'o'); }
void json_object_end(json_writer *w) { end(w, 'o'); }
void json_array_begin(json_writer *w) { begin(w, 'a'); }
void json_array_end(json_writer *w) { end(w, 'a'); }

static void write_escaped(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", fp); break;
        case '\\': fputs("\\\\", fp); break;
        case '\n': fputs("\\n", fp); break;
        case '\r': fputs("\\r", fp); break;
        case '\t': fputs("\\t", fp); break;
        case '\b': fputs("\\b", fp); break;
        case '\f': fputs("\\f", fp); break;
        default:
            if (*p < 0x20)
                fprintf(fp, "\\u%04x", *p);
            else
                fputc(*p, fp);
        }
    }
    fputc('"', fp);
}

void json_key(json_writer *w, const char *key)
{
    if (w->depth == 0 || w->kind[w->depth - 1] != 'o' || w->key_pending) {
        misuse(w, "a key outside an object or twice in a row");
        return;
    }
    if (w->count[w->depth - 1]++ > 0)
        fputc(',', w->fp);
    newline_indent(w);
    write_escaped(w->fp, key);
    fputs(": ", w->fp);
    w->key_pending = 1;
}

void json_string(json_writer *w, const char *s)
{
    before_value(w);
    if (s)
        write_escaped(w->fp, s);
    else
        fputs("null", w->fp);
}

void json_number(json_writer *w, double x)
{
    before_value(w);
    if (!isfinite(x)) {
        fputs("null", w->fp);
        return;
    }
    /* Shortest of %.15g/%.16g/%.17g that reads back exactly: 0.1 stays "0.1". */
    char buf[40];
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(buf, sizeof buf, "%.*g", digits, x);
        if (strtod(buf, NULL) == x)
            break;
    }
    fputs(buf, w->fp);
}

void json_int(json_writer *w, long long x)
{
    before_value(w);
    fprintf(w->fp, "%lld", x);
}

void json_bool(json_writer *w, int b)
{
    before_value(w);
    fputs(b ? "true" : "false", w->fp);
}

void json_null(json_writer *w)
{
    before_value(w);
    fputs("null", w->fp);
}

void json_member_string(json_writer *w, const char *key, const char *s)
{
    json_key(w, key);
    json_string(w, s);
}

void json_member_number(json_writer *w, const char *key, double x)
{
    json_key(w, key);
    json_number(w, x);
}

void json_member_int(json_writer *w, const char *key, long long x)
{
    json_key(w, key);
    json_int(w, x);
}

void json_member_bool(json_writer *w, const char *key, int b)
{
    json_key(w, key);
    json_bool(w, b);
}

int json_finish(json_writer *w, sa_error *e)
{
    if (!w->misuse && w->depth != 0)
        w->misuse = "unclosed object or array";
    if (!w->misuse && w->values_at_top == 0)
        w->misuse = "empty document";
    if (w->misuse)
        return sa_fail(e, "JSON writer misuse: %s", w->misuse);
    fputc('\n', w->fp);
    if (ferror(w->fp))
        return sa_fail(e, "JSON write error");
    return 0;
}
