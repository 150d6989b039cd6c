/* dataset.c — see dataset.h. */
#include "features/dataset.h"
#include "series/timezone.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/message.h"

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

int dataset_load(dataset *d, const dataset_options *o, sa_error *e)
{
    memset(d, 0, sizeof *d);
    const char *columns[7];
    const char *required[] = {o->target};
    series_options so = {columns, wanted_columns(o, columns), required, 1, o->fill, o->max_rows,
                         o->input};
    if (series_read(&d->s, o->path, &so, e))
        return -1;
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
    if (feat_build(&d->fm, &d->s, o->target, o->features, o->n_features,
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
