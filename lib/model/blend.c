/* blend.c — see blend.h. */
#include "model/blend.h"

#include <stdlib.h>
#include <string.h>

/* Adds feature id (named by columns) to c unless c has it. Returns 0, or
 * -1 with e set when c is full. */
static int add_feature(model_config *c, int id, const feat_column_name *columns, sa_error *e)
{
    if (model_feature_column(c, id, columns) >= 0)
        return 0;
    if (c->n_features == FEAT_MAX)
        return sa_fail(e, "the parts read more than %d features in all", FEAT_MAX);
    int own = id;
    if (id >= FEAT_COUNT) { /* a data column: its name in c's own list */
        int k = 0;
        while (k < FEAT_MAX_COLUMNS && c->columns[k][0])
            k++;
        if (k == FEAT_MAX_COLUMNS)
            return sa_fail(e, "the parts read more than %d data columns", FEAT_MAX_COLUMNS);
        memcpy(c->columns[k], columns[id - FEAT_COUNT], FEAT_NAME_LEN);
        own = FEAT_COUNT + k;
    }
    c->feature_ids[c->n_features++] = own;
    return 0;
}

/* b's config from its parts (blend.h). */
static int blend_config(model_file *b, sa_error *e)
{
    model_config *c = &b->members[0].config;
    *c = b->parts[0].members[0].config;
    snprintf(c->arch, sizeof c->arch, "%s", MODEL_KIND_BLEND);
    c->robust = 0;
    c->window_scale = 0;
    c->log1p = 0;
    c->interrupted = 0;
    for (size_t i = 1; i < b->n_parts; i++) {
        const model_config *pc = &b->parts[i].members[0].config;
        if (pc->seq_len > c->seq_len)
            c->seq_len = pc->seq_len;
        for (int k = 1; k <= 2; k++) /* validation and test begin where every part's do */
            if (pc->split_time[k] > c->split_time[k])
                c->split_time[k] = pc->split_time[k];
        for (int f = 0; f < pc->n_features; f++)
            if (add_feature(c, pc->feature_ids[f], pc->columns, e))
                return -1;
    }
    b->n_features = (size_t)c->n_features;
    return 0;
}

int blend_make(model_file *b, model_file *parts, const double *w, size_t P, sa_error *e)
{
    memset(b, 0, sizeof *b);
    snprintf(b->kind, sizeof b->kind, "%s", MODEL_KIND_BLEND);
    b->parts = calloc(P ? P : 1, sizeof *b->parts);
    b->part_weight = calloc(P ? P : 1, sizeof *b->part_weight);
    b->members = calloc(1, sizeof *b->members);
    int rc = b->parts && b->part_weight && b->members ? 0 : sa_fail(e, "out of memory");
    for (size_t i = 0; i < P; i++) {
        if (rc == 0) {
            b->parts[b->n_parts] = parts[i];
            b->part_weight[b->n_parts++] = w[i];
        } else
            model_free(&parts[i]);
        memset(&parts[i], 0, sizeof parts[i]);
    }
    if (rc == 0) {
        b->n_members = 1;
        b->members[0].weight = 1;
        rc = P ? blend_config(b, e) : sa_fail(e, "a blend needs a part");
    }
    if (rc == 0)
        rc = model_blend_check(b, e);
    if (rc)
        model_free(b);
    return rc;
}
