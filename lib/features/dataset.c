/* dataset.c — see dataset.h. */
#include "features/dataset.h"
#include "series/timezone.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/message.h"
#include "series/csv.h"

size_t dataset_seed_features(int n_seed_features, int *ids)
{
    static const int four[] = {FEAT_CPU, FEAT_NETWORK_IN, FEAT_REQUEST_COUNT,
                               FEAT_IS_SALE_ACTIVE};
    if (n_seed_features == 4) {
        memcpy(ids, four, sizeof four);
        return 4;
    }
    for (int i = 0; i < FEAT_SEED_COUNT; i++)
        ids[i] = i;
    return FEAT_SEED_COUNT;
}

/* Sets s->wall to s's times on the wall clock of the zone called name. */
static int set_wall_clock(series *s, const char *name, sa_error *e)
{
    tz_zone zone;
    if (tz_open(&zone, name, e))
        return sa_wrap(e, "the features' time zone");
    s->wall = malloc((s->n_rows ? s->n_rows : 1) * sizeof *s->wall);
    if (!s->wall)
        return sa_fail(e, "out of memory");
    for (size_t r = 0; r < s->n_rows; r++)
        s->wall[r] = s->time[r] + tz_offset_at(&zone, s->time[r]);
    return 0;
}

/* The header of a file, comma-separated. */
typedef struct header_text {
    char names[1024];
} header_text;

static int take_header(void *ctx, const csv_row *row, sa_error *e)
{
    header_text *h = ctx;
    size_t used = 0;
    for (size_t i = 0; i < row->n_fields && used < sizeof h->names; i++)
        used += (size_t)snprintf(h->names + used, sizeof h->names - used, "%s%.60s",
                                 i ? ", " : "", row->field[i]);
    return sa_fail(e, "header read"); /* stops the read: the rest is not needed */
}

void dataset_explain_column(const dataset_options *o, sa_error *e)
{
    header_text h = {""};
    sa_error ignored;
    if (!strcmp(o->path, "-") || !o->columns)
        return;
    for (int k = 0; k < FEAT_MAX_COLUMNS && o->columns[k][0]; k++) {
        char missing[FEAT_NAME_LEN + 40];
        snprintf(missing, sizeof missing, "column %s: missing from the header", o->columns[k]);
        if (!strstr(e->msg, missing))
            continue;
        csv_read_delimited(o->path, o->input ? o->input->delimiter : 0, take_header, &h,
                           &ignored);
        char known[FEAT_COUNT * 24];
        feat_list_names(known, sizeof known);
        if (o->strict) /* a model's input */
            sa_fail(e, "%s: the model reads column %s (an input it was trained on), which the "
                    "file lacks; its columns: %s (--column %s=HEADER reads another as it)",
                    csv_display_name(o->path), o->columns[k], h.names, o->columns[k]);
        else
            sa_fail(e, "%s: %s is neither a feature (%s) nor a column of the file (%s)",
                    csv_display_name(o->path), o->columns[k], known, h.names);
        return;
    }
}

int dataset_load(dataset *d, const dataset_options *o, sa_error *e)
{
    memset(d, 0, sizeof *d);
    const char *columns[4 + FEAT_MAX_COLUMNS] = {o->target, "network_in", "request_count",
                                                 "is_sale_active"};
    const char *required[1 + FEAT_MAX_COLUMNS] = {o->target};
    size_t n_columns = 4, n_required = 1;
    for (int k = 0; o->columns && k < FEAT_MAX_COLUMNS && o->columns[k][0]; k++)
        columns[n_columns++] = required[n_required++] = o->columns[k];
    series_options so = {columns, n_columns, required, n_required, o->fill, o->max_rows,
                         o->input};
    if (series_read(&d->s, o->path, &so, e)) {
        if (n_required > 1)
            dataset_explain_column(o, e);
        return -1;
    }
    if (o->features_tz && o->features_tz[0] && set_wall_clock(&d->s, o->features_tz, e)) {
        dataset_free(d);
        return -1;
    }
    if (o->calendar && calendar_read(&d->cal, o->calendar, e)) {
        dataset_free(d);
        return -1;
    }
    char *dropped = NULL;
    if (feat_build(&d->fm, &d->s, o->target, o->features, o->n_features, o->columns,
                   o->calendar ? &d->cal : NULL, o->horizon, &dropped, e)) {
        dataset_free(d);
        return -1;
    }
    if (dropped && *dropped) {
        if (o->strict) {
            sa_fail(e, "%s: the model needs feature(s) %s, whose source column is missing",
                    d->s.source, dropped);
            free(dropped);
            dataset_free(d);
            return -1;
        }
        msg_note("%s: no source column for feature(s) %s; trained without them",
                 d->s.source, dropped);
    }
    free(dropped);
    return 0;
}

void dataset_free(dataset *d)
{
    feat_free(&d->fm);
    calendar_free(&d->cal);
    series_free(&d->s);
    memset(d, 0, sizeof *d);
}
