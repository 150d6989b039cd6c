/* dataset.c — see dataset.h. */
#include "features/dataset.h"
#include "series/timezone.h"

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

int dataset_load(dataset *d, const dataset_options *o, sa_error *e)
{
    memset(d, 0, sizeof *d);
    const char *columns[] = {o->target, "network_in", "request_count", "is_sale_active"};
    const char *required[] = {o->target};
    series_options so = {columns, 4, required, 1, o->fill, o->max_rows, o->input};
    if (series_read(&d->s, o->path, &so, e))
        return -1;
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
