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

int predictions_write(FILE *fp, const predictor_result *r, const predictions_format *o)
{
    if (!o->no_header)
        fprintf(fp, "%stimestamp,actual,predicted%s%s,decision%s\n", o->series ? "series," : "",
                o->with_std ? ",std" : "", o->with_interval ? ",lower,upper" : "",
                o->instances > 0 ? ",instances" : "");
    for (size_t k = 0; k < r->n; k++) {
        char when[24];
        time_format(r->time[k], when);
        fprintf(fp, "%s%s%s,", o->series ? o->series : "", o->series ? "," : "", when);
        double a = r->actual ? r->actual[k] : NAN;
        /* The actual as read (exact); forecasts to the float32 network's
         * 7 significant digits, whatever the target's scale. */
        if (!isnan(a)) {
            char text[40];
            fwrite(text, 1, (size_t)(csv_put_double(text, a) - text), fp);
        }
        fprintf(fp, ",%.7g", r->mean[k]);
        if (o->with_std)
            fprintf(fp, ",%.7g", r->std[k]);
        if (o->with_interval)
            fprintf(fp, ",%.7g,%.7g", r->lower[k], r->upper[k]);
        int needed;
        const char *d = predictions_decision(o, r->mean[k], o->with_interval ? r->upper[k] : NAN,
                                             &needed);
        fprintf(fp, ",%s", d);
        if (needed)
            fprintf(fp, ",%d", needed);
        fputc('\n', fp);
    }
    return ferror(fp) ? -1 : 0;
}
