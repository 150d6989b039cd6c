/* predictions_output.c — see predictions_output.h. */
#include "eval/predictions_output.h"

#include <math.h>

#include "base/strlist.h"
#include "series/series.h"

int predictions_parse_output(const char *text, predictions_output *out)
{
    static const char *const names[] = {"csv", "json", "decision"};
    int i = strlist_index(names, 3, text);
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

/* The decision for forecast k of r (needed: the instance count when
 * sizing, else 0). */
static const char *decision_at(const predictions_format *o, const predictor_result *r, size_t k,
                               int *needed)
{
    return predictions_decision(o, r->mean[k], o->with_interval ? r->upper[k] : NAN, needed);
}

static int write_json(FILE *fp, const predictor_result *r, const predictions_format *o)
{
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
    for (size_t k = 0; k < r->n; k++) {
        int needed;
        const char *d = decision_at(o, r, k, &needed);
        if (o->series)
            fprintf(fp, "%s,", o->series);
        if (needed)
            fprintf(fp, "%d\n", needed);
        else
            fprintf(fp, "%s\n", d);
    }
    return ferror(fp) ? -1 : 0;
}

int predictions_write_as(FILE *fp, const predictor_result *r, const predictions_format *o,
                         predictions_output kind)
{
    switch (kind) {
    case PREDICTIONS_JSON: return write_json(fp, r, o);
    case PREDICTIONS_DECISION: return write_decisions(fp, r, o);
    case PREDICTIONS_CSV: break;
    }
    return predictions_write(fp, r, o);
}
