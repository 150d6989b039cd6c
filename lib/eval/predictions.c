/* predictions.c — see predictions.h. */
#include "eval/predictions.h"

#include <math.h>

#include "series/csv.h"
#include "series/series.h"

int predictions_instances_needed(double cpu, int fleet, double target_cpu)
{
    double n = ceil(cpu * fleet / target_cpu - 1e-9);
    return n < 1 ? 1 : n > 1e6 ? 1000000 : (int)n;
}

const char *predictions_decision(const predictions_format *o, double predicted, double upper,
                                 int *needed)
{
    *needed = 0;
    if (o->instances <= 0)
        return predicted > o->up ? "scale_up" : predicted < o->down ? "scale_down" : "hold";
    *needed = predictions_instances_needed(isnan(upper) ? predicted : upper, o->instances,
                                           o->target_cpu);
    return *needed > o->instances ? "scale_up" : *needed < o->instances ? "scale_down" : "hold";
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
    int needed;
    const char *d = predictions_decision(o, r->mean[i], o->with_interval ? r->upper[i] : NAN,
                                         &needed);
    fprintf(fp, ",%s", d);
    if (needed)
        fprintf(fp, ",%d", needed);
    fputc('\n', fp);
}

int predictions_write(FILE *fp, const predictor_result *r, const predictions_format *o)
{
    int path = r->steps > 1;
    if (!o->no_header)
        fprintf(fp, "%stimestamp%s,actual,predicted%s%s,decision%s\n", o->series ? "series," : "",
                path ? ",origin,step" : "", o->with_std ? ",std" : "",
                o->with_interval ? ",lower,upper" : "", o->instances > 0 ? ",instances" : "");
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
