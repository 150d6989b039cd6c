/* seen.h — which rows of a file a model has seen. The data a model was
 * trained on is recognised by its content, the stored hash of its rows
 * (series_hash.h), whatever path, hard link, copy or stdin held it and when
 * rows have been appended since, so that eval measures and sim replays
 * only the part the model never saw, and say so. */
#ifndef SA_SEEN_H
#define SA_SEEN_H

#include <stddef.h>
#include "base/err.h"
#include "model/model.h"
#include "series/series.h"

typedef enum seen_kind {
    SEEN_NOT = 0,   /* another file: its rows are not the training data */
    SEEN_EXACT = 1, /* the training data, row for row */
    SEEN_GROWN = 2, /* the training data followed by rows appended since */
} seen_kind;

typedef struct seen_data {
    seen_kind kind;
    int overlaps;     /* SEEN_NOT: the file has rows in the period the model
                         trained and validated on */
    char note[400];   /* for stderr: the file has grown, or is not the training
                         data but overlaps its period; "" when nothing to say */
} seen_data;

/* Compares s, the data at path loaded for the model c (its target column
 * as the model reads it, demand included), with the data c was trained
 * on: by c's stored hash of its rows (the first data_rows rows of s); for
 * an older model without one, by the bytes of the file at path (its first
 * bytes for a grown file; stdin cannot be compared and counts as another
 * file). Fills out. Returns 0, or -1 with e set (the file cannot be read
 * for the byte comparison). */
int seen_check(const model_config *c, const series *s, const char *path, seen_data *out,
               sa_error *e);

/* The first row of s whose time is at or after t (s->n_rows when none). */
size_t seen_first_row_from(const series *s, int64_t t);

/* "FILE is the model's training data" or "... grown since" or "FILE is
 * not the model's training data": a phrase for part notes. */
const char *seen_phrase(seen_kind kind);

#endif
