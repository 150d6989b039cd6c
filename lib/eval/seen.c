/* seen.c — see seen.h. */
#include "eval/seen.h"

#include <stdio.h>
#include <string.h>

#include "series/series_hash.h"

/* By the bytes of the file at path, for a model that stored no row hash. */
static int check_bytes(const model_config *c, const char *path, seen_data *out, sa_error *e)
{
    char hash[17];
    long long prefix;
    if (!c->data_hash[0] || !strcmp(path, "-"))
        return 0;
    if (model_hash_prefix(path, c->data_hash, hash, &prefix, e))
        return -1;
    if (!strcmp(hash, c->data_hash))
        out->kind = SEEN_EXACT;
    else if (prefix > 0)
        out->kind = SEEN_GROWN;
    return 0;
}

/* A note when s, not the training data, has rows in the period the model
 * trained and validated on (from its first training target to its first
 * test target). */
static void note_overlap(const model_config *c, const series *s, const char *path,
                         seen_data *out)
{
    int64_t from = c->split_time[0], to = c->split_time[2] ? c->split_time[2] : c->split_time[3];
    if (s->n_rows == 0 || !from || s->time[0] >= to || s->time[s->n_rows - 1] < from)
        return;
    char a[20], b[20];
    out->overlaps = 1;
    time_format(from, a);
    time_format(to, b);
    snprintf(out->note, sizeof out->note,
             "note: %s is not the model's training data (its rows differ), but it has rows in "
             "the period the model trained and validated on (%s to %s UTC): if they are the "
             "same metrics, the model has seen them", path, a, b);
}

int seen_check(const model_config *c, const series *s, const char *path, seen_data *out,
               sa_error *e)
{
    memset(out, 0, sizeof *out);
    if (c->data_rows_hash[0]) {
        size_t rows;
        char hex[17];
        series_hash_hex(series_rows_hash(s, series_column(s, c->target), (size_t)c->data_rows,
                                         &rows), hex);
        if ((int64_t)rows == c->data_rows && !strcmp(hex, c->data_rows_hash))
            out->kind = rows < s->n_rows ? SEEN_GROWN : SEEN_EXACT;
    } else if (check_bytes(c, path, out, e)) {
        return -1;
    }
    if (out->kind == SEEN_GROWN)
        snprintf(out->note, sizeof out->note,
                 "note: %s has grown since training: its first %s are the data the model was "
                 "trained on; train and val parts as then, the test part runs to the end", path,
                 c->data_rows_hash[0] ? "rows" : "bytes");
    if (out->kind == SEEN_NOT)
        note_overlap(c, s, path, out);
    return 0;
}

size_t seen_first_row_from(const series *s, int64_t t)
{
    size_t lo = 0, hi = s->n_rows;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->time[mid] < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

const char *seen_phrase(seen_kind kind)
{
    return kind == SEEN_EXACT ? "the model's training data"
         : kind == SEEN_GROWN ? "the model's training data, grown since"
                              : "not the model's training data";
}
