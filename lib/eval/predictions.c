/* predictions.c — see predictions.h. */
#include "eval/predictions.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "series/csv.h"
#include "series/series.h"

int predictions_instances_needed(double cpu, int fleet, double target_cpu)
{
    double n = ceil(cpu * fleet / target_cpu - 1e-9);
    return n < 1 ? 1 : n > 1e6 ? 1000000 : (int)n;
}

predictions_sizing predictions_sizing_for(const char *basis, int instances, int has_column,
                                          double capacity)
{
    if (capacity > 0)
        return SIZING_CAPACITY;
    if (!strcmp(basis, "demand"))
        return SIZING_DEMAND;
    return !strcmp(basis, "cpu") && (instances > 0 || has_column) ? SIZING_CPU : SIZING_NONE;
}

int predictions_current(const predictions_format *o, size_t k)
{
    if (o->instances > 0)
        return o->instances;
    return o->fleet ? (int)lround(o->fleet[k]) : 0;
}

int predictions_size(const predictions_format *o, double x, int current)
{
    int n = 0;
    switch (o->sizing) {
    case SIZING_NONE: return 0;
    case SIZING_CPU:
        if (current <= 0)
            return 0;
        n = predictions_instances_needed(x, current, o->target_cpu);
        break;
    case SIZING_DEMAND: n = predictions_instances_needed(x, 100, o->target_cpu); break;
    case SIZING_CAPACITY: n = predictions_instances_needed(x, 1, o->capacity); break;
    }
    if (o->min > 0 && n < o->min)
        n = o->min;
    if (o->max > 0 && n > o->max)
        n = o->max;
    return n;
}

const char *predictions_decision(const predictions_format *o, size_t k, double predicted,
                                 double upper, int *needed)
{
    int current = predictions_current(o, k);
    *needed = predictions_size(o, isnan(upper) ? predicted : upper, current);
    if (!*needed || current <= 0)
        return predicted > o->up ? "scale_up" : predicted < o->down ? "scale_down" : "hold";
    return *needed > current ? "scale_up" : *needed < current ? "scale_down" : "hold";
}

int predictions_set_window(predictions_format *o, size_t steps, int64_t step, double warmup,
                           double interval)
{
    o->window_first = o->window_last = 0;
    if (steps <= 1 || step <= 0)
        return 0;
    double first = fmax(1, ceil(warmup / (double)step - 1e-9));
    double last = fmax(first, floor((warmup + interval) / (double)step + 1e-9));
    int short_path = first > (double)steps;
    o->window_first = short_path ? steps - 1 : (size_t)first - 1;
    o->window_last = last > (double)steps ? steps - 1 : (size_t)last - 1;
    return short_path;
}

const char *predictions_origin_decision(const predictions_format *o, const predictor_result *r,
                                        size_t k, int *needed)
{
    size_t S = r->steps, lo = S > 1 ? o->window_first : 0, hi = S > 1 ? o->window_last : 0;
    double predicted = -INFINITY, upper = -INFINITY;
    for (size_t j = lo; j <= hi && j < S; j++) {
        predicted = fmax(predicted, r->mean[k * S + j]);
        upper = fmax(upper, o->with_interval ? r->upper[k * S + j] : NAN);
    }
    return predictions_decision(o, k, predicted, o->with_interval ? upper : NAN, needed);
}

double *predictions_fleet(const series *s, const char *column, const size_t *ends, size_t n)
{
    int c = column && column[0] ? series_column(s, column) : -1;
    double *fleet = c >= 0 ? malloc((n ? n : 1) * sizeof *fleet) : NULL;
    for (size_t k = 0; fleet && k < n; k++)
        fleet[k] = s->col[c][ends[k]];
    return fleet;
}

/* d seconds as the largest whole unit that divides them: "90s", "15m", "2h", "3d". */
static void format_duration(int64_t d, char *buf, size_t len)
{
    static const struct { int64_t seconds; char unit; } units[] = {
        {86400, 'd'}, {3600, 'h'}, {60, 'm'}, {1, 's'}};
    for (size_t i = 0; i < 4; i++)
        if (d % units[i].seconds == 0) {
            snprintf(buf, len, "%lld%c", (long long)(d / units[i].seconds), units[i].unit);
            return;
        }
}

int predictions_check_age(const char *source, int64_t newest, int64_t now, int64_t max_age,
                          sa_error *e)
{
    if (max_age <= 0 || now - newest <= max_age)
        return 0;
    char when[20], limit[24], age[24];
    time_format(newest, when);
    format_duration(max_age, limit, sizeof limit);
    int64_t d = now - newest;
    if (d >= 2 * 86400)
        snprintf(age, sizeof age, "%.1f days", (double)d / 86400);
    else if (d >= 2 * 3600)
        snprintf(age, sizeof age, "%.1f hours", (double)d / 3600);
    else
        snprintf(age, sizeof age, "%lld minutes", (long long)(d / 60));
    return sa_fail(e, "%s: the newest row, %s UTC, is %s old, more than --max-age %s: the data "
                      "has stopped or lags; no decision", source, when, age, limit);
}

/* The row of forecast i (= k·S + j) of r after its timestamp (and, for a
 * path, origin and step): actual, predicted[, std][, lower, upper],
 * decision[, instances]. */
static void write_values(FILE *fp, const predictor_result *r, const predictions_format *o,
                         size_t i)
{
    double a = r->actual ? r->actual[i] : NAN;
    /* The actual as read (exact); forecasts to the float32 network's
     * 7 significant digits, whatever the target's scale. */
    fputc(',', fp);
    if (!isnan(a)) {
        char text[40];
        fwrite(text, 1, (size_t)(csv_put_double(text, a) - text), fp);
    }
    fprintf(fp, ",%.7g", r->mean[i]);
    if (o->with_std)
        fprintf(fp, ",%.7g", r->std[i]);
    if (o->with_interval && isfinite(r->lower[i]) && isfinite(r->upper[i]))
        fprintf(fp, ",%.7g,%.7g", r->lower[i], r->upper[i]);
    else if (o->with_interval) /* a fleet's model without calibration */
        fputs(",,", fp);
    int needed;   /* on the fleet at the forecast's origin */
    const char *d = predictions_decision(o, i / r->steps, r->mean[i],
                                         o->with_interval ? r->upper[i] : NAN, &needed);
    fprintf(fp, ",%s", d);
    if (o->sizing && needed)
        fprintf(fp, ",%d", needed);
    else if (o->sizing)
        fputc(',', fp);
    fputc('\n', fp);
}

int predictions_write(FILE *fp, const predictor_result *r, const predictions_format *o)
{
    int path = r->steps > 1;
    if (!o->no_header)
        fprintf(fp, "%stimestamp%s,actual,predicted%s%s,decision%s\n", o->series ? "series," : "",
                path ? ",origin,step" : "", o->with_std ? ",std" : "",
                o->with_interval ? ",lower,upper" : "", o->sizing ? ",instances" : "");
    for (size_t k = 0; k < r->n; k++)
        for (size_t j = 0; j < r->steps; j++) {
            size_t i = k * r->steps + j;
            char when[24], origin[24];
            time_format(r->time[i], when);
            fprintf(fp, "%s%s%s", o->series ? o->series : "", o->series ? "," : "", when);
            if (path) {
                time_format(r->origin[k], origin);
                fprintf(fp, ",%s,%zu", origin, predictor_result_ahead(r, j));
            }
            write_values(fp, r, o, i);
        }
    return ferror(fp) ? -1 : 0;
}
