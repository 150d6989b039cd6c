/* predictions_output.c — see predictions_output.h. */
#include "eval/predictions_output.h"

#include <math.h>

#include "base/strlist.h"
#include "series/series.h"

int predictions_parse_output(const char *text, predictions_output *out)
{
    static const char *const names[] = {"csv", "json", "decision", "prometheus", "schedule"};
    int i = strlist_index(names, 5, text);
    if (i < 0)
        return -1;
    *out = (predictions_output)i;
    return 0;
}

/* ", \"key\": value" with 4 decimals, or null when not a number. */
static void json_number(FILE *fp, const char *key, double v)
{
    if (isfinite(v))
        fprintf(fp, ", \"%s\": %.7g", key, v);
    else
        fprintf(fp, ", \"%s\": null", key);
}

/* The decision for forecast i (= k·S + j: origin k's step j) of r, on the
 * fleet at its origin (needed: the instance count when sizing, else 0). */
static const char *decision_at(const predictions_format *o, const predictor_result *r, size_t i,
                               int *needed)
{
    return predictions_decision(o, i / r->steps, r->mean[i],
                                o->with_interval ? r->upper[i] : NAN, needed);
}

/* ", \"key\": [v, ...]" of the S values of origin k (null where not a number). */
static void json_numbers(FILE *fp, const char *key, const double *v, size_t k, size_t S)
{
    fprintf(fp, ", \"%s\": [", key);
    for (size_t j = 0; j < S; j++) {
        double x = v ? v[k * S + j] : NAN;
        fprintf(fp, isfinite(x) ? "%s%.7g" : "%snull", j ? ", " : "", x);
    }
    fputc(']', fp);
}

/* The decisions (and with sizing the instance counts) of origin k's steps. */
static void json_decisions(FILE *fp, const predictor_result *r, const predictions_format *o,
                           size_t k)
{
    size_t S = r->steps;
    int needed[2] = {0, 0};
    fputs(", \"decision\": [", fp);
    for (size_t j = 0; j < S; j++)
        fprintf(fp, "%s\"%s\"", j ? ", " : "", decision_at(o, r, k * S + j, &needed[0]));
    fputc(']', fp);
    if (!o->sizing)
        return;
    fputs(", \"instances\": [", fp);
    for (size_t j = 0; j < S; j++) {
        decision_at(o, r, k * S + j, &needed[1]);
        fprintf(fp, needed[1] ? "%s%d" : "%snull", j ? ", " : "", needed[1]);
    }
    fputc(']', fp);
}

/* A forecast path: one object per origin, the steps in arrays. */
static int write_json_paths(FILE *fp, const predictor_result *r, const predictions_format *o)
{
    size_t S = r->steps;
    for (size_t k = 0; k < r->n; k++) {
        char when[24];
        time_format(r->origin[k], when);
        if (o->series)
            fprintf(fp, "{\"series\": \"%s\", \"origin\": \"%s\", \"timestamp\": [", o->series,
                    when);
        else
            fprintf(fp, "{\"origin\": \"%s\", \"timestamp\": [", when);
        for (size_t j = 0; j < S; j++) {
            time_format(r->time[k * S + j], when);
            fprintf(fp, "%s\"%s\"", j ? ", " : "", when);
        }
        fputs("], \"step\": [", fp);
        for (size_t j = 0; j < S; j++)
            fprintf(fp, "%s%zu", j ? ", " : "", predictor_result_ahead(r, j));
        fputc(']', fp);
        json_numbers(fp, "actual", r->actual, k, S);
        json_numbers(fp, "predicted", r->mean, k, S);
        if (o->with_std)
            json_numbers(fp, "std", r->std, k, S);
        if (o->with_interval) {
            json_numbers(fp, "lower", r->lower, k, S);
            json_numbers(fp, "upper", r->upper, k, S);
        }
        json_decisions(fp, r, o, k);
        fputs("}\n", fp);
    }
    return ferror(fp) ? -1 : 0;
}

static int write_json(FILE *fp, const predictor_result *r, const predictions_format *o)
{
    if (r->steps > 1)
        return write_json_paths(fp, r, o);
    for (size_t k = 0; k < r->n; k++) {
        char when[24];
        time_format(r->time[k], when);
        if (o->series)
            fprintf(fp, "{\"series\": \"%s\", \"timestamp\": \"%s\"", o->series, when);
        else
            fprintf(fp, "{\"timestamp\": \"%s\"", when);
        json_number(fp, "actual", r->actual ? r->actual[k] : NAN);
        json_number(fp, "predicted", r->mean[k]);
        if (o->with_std)
            json_number(fp, "std", r->std[k]);
        if (o->with_interval) {
            json_number(fp, "lower", r->lower[k]);
            json_number(fp, "upper", r->upper[k]);
        }
        int needed;
        fprintf(fp, ", \"decision\": \"%s\"", decision_at(o, r, k, &needed));
        if (needed)
            fprintf(fp, ", \"instances\": %d", needed);
        fputs("}\n", fp);
    }
    return ferror(fp) ? -1 : 0;
}

static int write_decisions(FILE *fp, const predictor_result *r, const predictions_format *o)
{
    for (size_t k = 0; k < r->n; k++) {   /* one a window: a path's over its decision window */
        int needed;
        const char *d = predictions_origin_decision(o, r, k, &needed);
        if (o->series)
            fprintf(fp, "%s,", o->series);
        fprintf(fp, "%s %d\n", d, needed);
    }
    return ferror(fp) ? -1 : 0;
}

/* A label value with the exposition format's escapes (\\, \", \n). */
static void label_value(FILE *fp, const char *v)
{
    for (; *v; v++) {
        if (*v == '"' || *v == '\\')
            fputc('\\', fp);
        if (*v == '\n')
            fputs("\\n", fp);
        else
            fputc(*v, fp);
    }
}

/* The HELP and TYPE lines of the gauge name. */
static void family(FILE *fp, const char *name, const char *help)
{
    fprintf(fp, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

/* One sample of the gauge name, labelled target, basis (where o sizes)
 * and step (when step > 0). */
static void sample(FILE *fp, const char *name, const predictions_format *o, size_t step,
                   double v)
{
    static const char *const basis[] = {"", "cpu", "demand", "capacity"};
    fprintf(fp, "%s{target=\"", name);
    label_value(fp, o->target ? o->target : "");
    if (o->sizing != SIZING_NONE)
        fprintf(fp, "\",basis=\"%s", basis[o->sizing]);
    if (step > 0)
        fprintf(fp, "\",step=\"%zu", step);
    /* counts and times whole, forecasts to the float32 network's 7 digits (as the CSV) */
    fprintf(fp, v == floor(v) && fabs(v) < 1e15 ? "\"} %.0f\n" : "\"} %.7g\n", v);
}

/* A gauge family with one sample for every step of the newest path of r
 * (values v, (N, S)). */
static void path_gauge(FILE *fp, const char *name, const char *help, const predictions_format *o,
                       const predictor_result *r, const double *v)
{
    family(fp, name, help);
    for (size_t j = 0, p = (r->n - 1) * r->steps; j < r->steps; j++)
        sample(fp, name, o, predictor_result_ahead(r, j), v[p + j]);
}

/* The newest window's forecast: every step of a path, labelled by its
 * steps ahead (one step: the horizon); the instances its decision window
 * needs. */
static int write_prometheus(FILE *fp, const predictor_result *r, const predictions_format *o)
{
    if (r->n == 0)
        return 0;
    size_t k = r->n - 1, S = r->steps;
    char help[200];
    snprintf(help, sizeof help, "Forecast of the target for the time `step` steps after the "
             "last row%s", o->sizing == SIZING_DEMAND ? ", in busy instances (demand)" : "");
    path_gauge(fp, "scaleahead_forecast_predicted", help, o, r, r->mean);
    if (o->with_interval) {
        snprintf(help, sizeof help, "Lower bound of the forecast's conformal interval at "
                 "coverage %g", o->coverage);
        path_gauge(fp, "scaleahead_forecast_lower", help, o, r, r->lower);
        snprintf(help, sizeof help, "Upper bound of the forecast's conformal interval at "
                 "coverage %g", o->coverage);
        path_gauge(fp, "scaleahead_forecast_upper", help, o, r, r->upper);
    }
    family(fp, "scaleahead_forecast_target_timestamp_seconds",
           "Time the forecast is for, in Unix seconds");
    for (size_t j = 0; j < S; j++)
        sample(fp, "scaleahead_forecast_target_timestamp_seconds", o,
               predictor_result_ahead(r, j), (double)r->time[k * S + j]);
    family(fp, "scaleahead_data_timestamp_seconds",
           "Time of the last row the forecast read, in Unix seconds");
    sample(fp, "scaleahead_data_timestamp_seconds", o, 0, (double)o->data_time);
    int needed, current = predictions_current(o, k);
    predictions_origin_decision(o, r, k, &needed);
    if (needed) {
        family(fp, "scaleahead_desired_instances", "Instances the forecast's upper bound needs "
               "(a path's largest over the steps when new instances serve), within --min and "
               "--max");
        sample(fp, "scaleahead_desired_instances", o, 0, needed);
    }
    if (needed && current > 0) {
        family(fp, "scaleahead_current_instances", "Instances in the fleet when the forecast "
               "was made");
        sample(fp, "scaleahead_current_instances", o, 0, current);
    }
    return ferror(fp) ? -1 : 0;
}

/* One line of the schedule: the hour starting at hour, steps [lo, hi]
 * (indices into the newest path, which starts at p), the largest forecast
 * and bound, and the size that bound needs on the fleet at its origin. */
static void schedule_line(FILE *fp, const predictor_result *r, const predictions_format *o,
                          size_t p, size_t lo, size_t hi, int64_t hour)
{
    double pred = -INFINITY, upper = -INFINITY;
    for (size_t j = lo; j <= hi; j++) {
        pred = fmax(pred, r->mean[p + j]);
        upper = fmax(upper, o->with_interval ? r->upper[p + j] : r->mean[p + j]);
    }
    char when[24];
    time_format(hour, when);
    int size = predictions_size(o, upper, predictions_current(o, r->n - 1));
    fprintf(fp, "%s,%zu,%zu,%.7g,%.7g,", when, predictor_result_ahead(r, lo),
            predictor_result_ahead(r, hi), pred, upper);
    fprintf(fp, size ? "%d\n" : "\n", size);
}

int predictions_write_schedule(FILE *fp, const predictor_result *r, const predictions_format *o)
{
    fputs("hour,first_step,last_step,predicted_max,upper_max,instances\n", fp);
    if (r->n == 0)
        return ferror(fp) ? -1 : 0;
    size_t S = r->steps, p = (r->n - 1) * S, lo = 0;   /* the newest origin's path */
    for (size_t j = 1; j <= S; j++) {
        int64_t hour = r->time[p + lo] - ((r->time[p + lo] % 3600) + 3600) % 3600;
        if (j < S && r->time[p + j] < hour + 3600)
            continue;
        schedule_line(fp, r, o, p, lo, j - 1, hour);
        lo = j;
    }
    return ferror(fp) ? -1 : 0;
}

int predictions_write_as(FILE *fp, const predictor_result *r, const predictions_format *o,
                         predictions_output kind)
{
    switch (kind) {
    case PREDICTIONS_JSON: return write_json(fp, r, o);
    case PREDICTIONS_DECISION: return write_decisions(fp, r, o);
    case PREDICTIONS_PROMETHEUS: return write_prometheus(fp, r, o);
    case PREDICTIONS_SCHEDULE: return predictions_write_schedule(fp, r, o);
    case PREDICTIONS_CSV: break;
    }
    return predictions_write(fp, r, o);
}
