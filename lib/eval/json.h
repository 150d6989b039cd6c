/* json.h — a tiny streaming JSON writer for reports (evaluation_results.json).
 *
 * Values are written as they come: begin/end an object or array, a key, then
 * a value. The writer tracks nesting and commas, indents two spaces a level,
 * escapes strings (quote, backslash, control characters as \uXXXX; other
 * bytes, including UTF-8, pass through), and writes a number that is NaN or
 * infinite as null (JSON has no such numbers; a reader sees "undefined").
 * Misuse (a value where a key is due, unbalanced ends, nesting deeper than
 * JSON_MAX_DEPTH) is remembered and reported by json_finish, so callers can
 * write a whole document and check once. */
#ifndef SA_JSON_H
#define SA_JSON_H

#include <stdio.h>
#include "base/err.h"

#define JSON_MAX_DEPTH 32

typedef struct json_writer {
    FILE *fp;                          /* destination (not owned) */
    int depth;                         /* open containers */
    char kind[JSON_MAX_DEPTH];         /* 'o' object or 'a' array, per level */
    int count[JSON_MAX_DEPTH];         /* members written so far, per level */
    int key_pending;                   /* a key was written, its value is due */
    int values_at_top;                 /* top-level values written (one allowed) */
    const char *misuse;                /* first misuse, or NULL */
} json_writer;

/* Starts a document on fp (fp stays owned by the caller). */
void json_init(json_writer *w, FILE *fp);

/* Containers. Each begin must be matched by its end. */
void json_object_begin(json_writer *w);
void json_object_end(json_writer *w);
void json_array_begin(json_writer *w);
void json_array_end(json_writer *w);

/* The key of the next member of the current object. */
void json_key(json_writer *w, const char *key);

/* Scalar values (after a key in an object, or as array elements).
 * json_string(w, NULL) writes null. json_number writes the shortest decimal
 * form that reads back to the same double, and null for NaN and +-inf. */
void json_string(json_writer *w, const char *s);
void json_number(json_writer *w, double x);
void json_int(json_writer *w, long long x);
void json_bool(json_writer *w, int b);
void json_null(json_writer *w);

/* Key and value in one call, for the common object member. */
void json_member_string(json_writer *w, const char *key, const char *s);
void json_member_number(json_writer *w, const char *key, double x);
void json_member_int(json_writer *w, const char *key, long long x);
void json_member_bool(json_writer *w, const char *key, int b);

/* Ends the document with a newline. Returns 0, or -1 with e set when the
 * writer was misused (unbalanced, a value without a key, ...) or the stream
 * has a write error. Does not close fp. */
int json_finish(json_writer *w, sa_error *e);

#endif
