/* resample.c — see resample.h. */
#include "series/resample.h"
#include "base/strlist.h"

#include <stdlib.h>
#include <string.h>

int resample_parse_agg(const char *text, resample_agg *agg)
{
    static const char *const names[] = {"mean", "max", "sum", "last"};
    int i = strlist_index(names, 4, text);
    if (i < 0)
        return -1;
    *agg = (resample_agg)i;
    return 0;
}

/* t modulo step in [0, step), also for t < 0. */
static int64_t mod_step(int64_t t, int64_t step)
{
    int64_t r = t % step;
    return r < 0 ? r + step : r;
}

static int by_value(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

int64_t resample_mode(const int64_t *values, size_t n)
{
    int64_t *v = malloc((n ? n : 1) * sizeof *v);
    if (!v)
        return n ? values[0] : 0;
    memcpy(v, values, n * sizeof *v);
    qsort(v, n, sizeof *v, by_value);
    int64_t best = 0;
    size_t best_count = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && v[j] == v[i])
            j++;
        if (j - i > best_count) {
            best_count = j - i;
            best = v[i];
        }
        i = j;
    }
    free(v);
    return best;
}

int64_t resample_phase(const int64_t *time, size_t n, int64_t step)
{
    int64_t *r = malloc((n ? n : 1) * sizeof *r);
    if (!r)
        return n ? mod_step(time[0], step) : 0;
    for (size_t i = 0; i < n; i++)
        r[i] = mod_step(time[i], step);
    int64_t phase = resample_mode(r, n);
    free(r);
    return phase;
}

int64_t resample_snap(int64_t t, int64_t step, int64_t phase)
{
    int64_t d = t - phase + step / 2;
    int64_t k = d >= 0 ? d / step : -((-d + step - 1) / step);
    return phase + k * step;
}

size_t resample_points(const int64_t *time, const double *value, size_t n, int64_t step,
                       int64_t phase, resample_agg agg, int64_t *out_time, double *out_value)
{
    size_t g = 0;
    for (size_t i = 0; i < n;) {
        int64_t grid = resample_snap(time[i], step, phase);
        double acc = value[i];
        size_t count = 1, j = i + 1;
        for (; j < n && resample_snap(time[j], step, phase) == grid; j++, count++) {
            double v = value[j];
            acc = agg == RESAMPLE_MAX ? (v > acc ? v : acc) : agg == RESAMPLE_LAST ? v : acc + v;
        }
        out_time[g] = grid;
        out_value[g] = agg == RESAMPLE_MEAN ? acc / (double)count : acc;
        g++;
        i = j;
    }
    return g;
}
