/* scaling_limits.c — see scaling_limits.h. */
#include "sim/scaling_limits.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/array.h"

/* Room for one more entry at n: the live entries moved to the front, or
 * the arrays doubled. */
static int window_room(scaling_window *w)
{
    if (w->n < w->cap)
        return 0;
    if (w->start > 0) {
        size_t live = w->n - w->start;
        memmove(w->time, w->time + w->start, live * sizeof *w->time);
        memmove(w->size, w->size + w->start, live * sizeof *w->size);
        w->start = 0;
        w->n = live;
        return 0;
    }
    size_t cap = w->cap ? 2 * w->cap : 16;
    if (array_resize(&w->time, cap, sizeof *w->time) ||
        array_resize(&w->size, cap, sizeof *w->size))
        return -1;
    w->cap = cap;
    return 0;
}

int scaling_window_push(scaling_window *w, double t, int size, double span)
{
    if (window_room(w) < 0)
        return -1;
    while (w->start < w->n && w->time[w->start] < t - span - 1e-9)
        w->start++;
    /* An older recommendation no larger than this one can no longer be
     * the maximum: this one is as large and stays longer. */
    while (w->n > w->start && w->size[w->n - 1] <= size)
        w->n--;
    w->time[w->n] = t;
    w->size[w->n] = size;
    w->n++;
    return 0;
}

int scaling_window_max(const scaling_window *w)
{
    return w->start < w->n ? w->size[w->start] : 0;
}

void scaling_window_free(scaling_window *w)
{
    free(w->time);
    free(w->size);
    memset(w, 0, sizeof *w);
}

int scaling_stabilize(const scaling_window *w, int fleet, int rec)
{
    if (rec >= fleet)
        return rec;
    int highest = scaling_window_max(w);
    if (highest < rec)
        highest = rec;
    return highest < fleet ? highest : fleet;
}

int scaling_limit_step(int fleet, int desired, int max_step, double max_step_pct)
{
    int limit = max_step;
    if (max_step_pct > 0) {
        double k = ceil(fleet * max_step_pct / 100 - 1e-9);
        limit = k < 1 ? 1 : k > 1e6 ? 1000000 : (int)k;
    }
    if (limit <= 0)
        return desired;
    if (desired > fleet + limit)
        return fleet + limit;
    if (desired < fleet - limit)
        return fleet - limit;
    return desired;
}

int scaling_parse_max_step(const char *text, int *max_step, double *max_step_pct, sa_error *e)
{
    char *end;
    double v = strtod(text, &end);
    int percent = *end == '%';
    if (end == text || (percent ? end[1] != 0 : *end != 0) || !(v >= 0) ||
        v > (percent ? 1000 : 100000) || (!percent && v != floor(v)))
        return sa_fail(e, "--max-step %s: want a whole number of instances (0 = no limit) "
                          "or a percentage of the fleet such as 50%%", text);
    *max_step = percent ? 0 : (int)v;
    *max_step_pct = percent ? v : 0;
    return 0;
}
