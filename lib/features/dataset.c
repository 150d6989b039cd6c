/* dataset.c — see dataset.h. */
#include "features/dataset.h"
#include "series/timezone.h"

#include <math.h>
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

const char *const dataset_instances_columns[2] = {"instances", "GroupInServiceInstances"};

int dataset_is_utilisation(const char *name)
{
    return strcasestr(name, "cpu") || strcasestr(name, "util") || strcasestr(name, "percent");
}

/* The columns o reads into columns (7 slots); returns their count. */
static size_t wanted_columns(const dataset_options *o, const char **columns)
{
    size_t n = 0;
    columns[n++] = o->target;
    columns[n++] = "network_in";
    columns[n++] = "request_count";
    columns[n++] = "is_sale_active";
    if (o->demand == DATASET_DEMAND_OFF)
        return n;
    const char *own = o->instances_column;
    if (own && own[0] && strcmp(own, dataset_instances_columns[0]) &&
        strcmp(own, dataset_instances_columns[1]))
        columns[n++] = own;
    columns[n++] = dataset_instances_columns[0];
    columns[n++] = dataset_instances_columns[1];
    return n;
}

/* The index in s of the instances column o reads, or -1 when s has none. */
static int instances_index(const series *s, const dataset_options *o)
{
    int at = o->instances_column && o->instances_column[0]
                 ? series_column(s, o->instances_column) : -1;
    for (int k = 0; at < 0 && k < 2; k++)
        at = series_column(s, dataset_instances_columns[k]);
    return at;
}

/* Turns the target of d into demand with the instances column ic:
 * value x instances / 100 on every row. Returns 0, or -1 with e set (a
 * negative instance count). */
static int to_demand(dataset *d, const char *target, int ic, sa_error *e)
{
    series *s = &d->s;
    double *value = s->col[series_column(s, target)], *n = s->col[ic];
    for (size_t r = 0; r < s->n_rows; r++) {
        if (!(n[r] >= 0))
            return sa_fail(e, "%s:%ld: column %s: %g instances (want 0 or more)", s->source,
                           s->line[r], s->col_name[ic], n[r]);
        value[r] *= n[r] / 100;
    }
    snprintf(d->demand_column, sizeof d->demand_column, "%s", s->col_name[ic]);
    return 0;
}

/* Applies o->demand to d after reading. Returns 0, or -1 with e set. */
static int apply_demand(dataset *d, const dataset_options *o, sa_error *e)
{
    series *s = &d->s;
    int ic = o->demand == DATASET_DEMAND_OFF ? -1 : instances_index(s, o);
    const char *want = o->instances_column && o->instances_column[0] ? o->instances_column
                                                                      : "instances";
    if (o->demand == DATASET_DEMAND_REQUIRED && ic < 0)
        return sa_fail(e, "%s: the model forecasts demand (%s x %s / 100): column %s is missing "
                          "(map another with --column %s=HEADER)", s->source, o->target, want,
                       want, want);
    if (ic < 0)
        return 0;
    snprintf(d->instances_seen, sizeof d->instances_seen, "%s", s->col_name[ic]);
    d->instances_min = d->instances_max = s->n_rows ? s->col[ic][0] : 0;
    for (size_t r = 0; r < s->n_rows; r++) {
        d->instances_min = fmin(d->instances_min, s->col[ic][r]);
        d->instances_max = fmax(d->instances_max, s->col[ic][r]);
    }
    int use = o->demand == DATASET_DEMAND_REQUIRED ||
              (o->demand == DATASET_DEMAND_AUTO && dataset_is_utilisation(o->target));
    return use ? to_demand(d, o->target, ic, e) : 0;
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
    const char *columns[7 + FEAT_MAX_COLUMNS];
    const char *required[1 + FEAT_MAX_COLUMNS] = {o->target};
    size_t n_columns = wanted_columns(o, columns), n_required = 1;
    for (int k = 0; o->columns && k < FEAT_MAX_COLUMNS && o->columns[k][0]; k++) {
        size_t i = 0; /* a data column among the inputs: required */
        while (i < n_columns && strcmp(columns[i], o->columns[k]))
            i++;
        if (i == n_columns)
            columns[n_columns++] = o->columns[k];
        required[n_required++] = o->columns[k];
    }
    series_options so = {columns, n_columns, required, n_required, o->fill, o->max_rows,
                         o->input};
    if (series_read(&d->s, o->path, &so, e)) {
        if (n_required > 1)
            dataset_explain_column(o, e);
        return -1;
    }
    if (apply_demand(d, o, e)) {
        dataset_free(d);
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
