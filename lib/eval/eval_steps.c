/* eval_steps.c — a forecast path's evaluation step by step (issue 23.5):
 * the table of MAE, skill against each rival, and the model interval's
 * coverage and width at every step; the same in the JSON; and the plot of
 * skill against the step (evaluation.h). */
#include "eval/evaluation.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "eval/json.h"
#include "eval/plot.h"

/* The model row (the last of kind "model") and the baseline rows, in
 * table order, into base[BASELINE_COUNT] (their count). */
static const evaluation_row *step_rows(const evaluation *ev, const evaluation_row **base,
                                       size_t *n_base)
{
    const evaluation_row *model = NULL;
    *n_base = 0;
    for (size_t i = 0; i < ev->n_rows; i++) {
        if (!strcmp(ev->rows[i].kind, "model"))
            model = &ev->rows[i];
        else if (!strcmp(ev->rows[i].kind, "baseline") && *n_base < BASELINE_COUNT)
            base[(*n_base)++] = &ev->rows[i];
    }
    return model;
}

/* 1 - model / rival, NaN when the rival's MAE is 0. */
static double skill_of(double model, double rival)
{
    return rival > 0 ? 1 - model / rival : NAN;
}

void evaluation_print_steps(FILE *fp, const evaluation *ev)
{
    const evaluation_row *base[BASELINE_COUNT];
    size_t nb;
    const evaluation_row *model = step_rows(ev, base, &nb);
    if (ev->steps < 2 || !model)
        return;
    fprintf(fp, "by step (%zu windows each; MAE, then skill = 1 - MAE/MAE(rival)%s):\n%-5s %10s",
            ev->n, ev->step_intervals ? "; the model's interval" : "", "step", "model");
    for (size_t b = 0; b < nb; b++)
        fprintf(fp, " %14.14s", base[b]->name);
    for (size_t b = 0; b < nb; b++)
        fprintf(fp, " %9.9s", base[b]->name);
    if (ev->step_intervals)
        fprintf(fp, " %9s %10s", "coverage%", "width");
    fputc('\n', fp);
    for (size_t j = 0; j < ev->steps; j++) {
        fprintf(fp, "%-5zu %10.6g", j + 1, model->step_mae[j]);
        for (size_t b = 0; b < nb; b++)
            fprintf(fp, " %14.6g", base[b]->step_mae[j]);
        for (size_t b = 0; b < nb; b++)
            fprintf(fp, " %+9.3f", skill_of(model->step_mae[j], base[b]->step_mae[j]));
        if (ev->step_intervals)
            fprintf(fp, " %9.1f %10.5g", 100 * ev->step_intervals[j].coverage,
                    ev->step_intervals[j].mean_width);
        fputc('\n', fp);
    }
}

/* "key": [v_0, ..., v_{S-1}] */
static void json_steps_array(json_writer *w, const char *key, const double *v, size_t S)
{
    json_key(w, key);
    json_array_begin(w);
    for (size_t j = 0; j < S; j++)
        json_number(w, v[j]);
    json_array_end(w);
}

void evaluation_json_steps(json_writer *w, const evaluation *ev)
{
    const evaluation_row *base[BASELINE_COUNT];
    size_t nb, S = ev->steps;
    const evaluation_row *model = step_rows(ev, base, &nb);
    if (S < 2 || !model)
        return;
    double *v = malloc(S * sizeof *v);
    if (!v)
        return;   /* json_finish reports nothing missing: the key is left out */
    json_key(w, "by_step");
    json_object_begin(w);
    json_key(w, "step");
    json_array_begin(w);
    for (size_t j = 0; j < S; j++)
        json_int(w, (long long)j + 1);
    json_array_end(w);
    json_member_int(w, "n", (long long)ev->n);
    json_steps_array(w, "model_mae", model->step_mae, S);
    for (size_t b = 0; b < nb; b++) {
        char key[80];
        snprintf(key, sizeof key, "%s_mae", base[b]->name);
        json_steps_array(w, key, base[b]->step_mae, S);
        for (size_t j = 0; j < S; j++)
            v[j] = skill_of(model->step_mae[j], base[b]->step_mae[j]);
        snprintf(key, sizeof key, "skill_vs_%s", base[b]->name);
        json_steps_array(w, key, v, S);
    }
    for (int width = 0; ev->step_intervals && width < 2; width++) {
        for (size_t j = 0; j < S; j++)
            v[j] = width ? ev->step_intervals[j].mean_width : ev->step_intervals[j].coverage;
        json_steps_array(w, width ? "mean_width" : "coverage", v, S);
    }
    json_object_end(w);
    free(v);
}

int evaluation_plot_steps(const evaluation *ev, const char *dir, sa_error *e)
{
    const evaluation_row *base[BASELINE_COUNT];
    size_t nb, S = ev->steps;
    const evaluation_row *model = step_rows(ev, base, &nb);
    if (S < 2 || !model || !nb)
        return 0;
    double *x = malloc(S * (nb + 1) * sizeof *x);
    if (!x)
        return sa_fail(e, "out of memory");
    const double *cols[BASELINE_COUNT];
    const char *labels[BASELINE_COUNT];
    char names[BASELINE_COUNT][64];
    for (size_t j = 0; j < S; j++)
        x[j] = (double)(j + 1);
    for (size_t b = 0; b < nb; b++) {
        double *col = x + S * (b + 1);
        for (size_t j = 0; j < S; j++)
            col[j] = skill_of(model->step_mae[j], base[b]->step_mae[j]);
        cols[b] = col;
        snprintf(names[b], sizeof names[b], "vs %s", base[b]->name);
        labels[b] = names[b];
    }
    char title[160];
    snprintf(title, sizeof title, "%s: skill against each rival by step (%s part; 0 = as good, "
             "above 0 = better)", ev->f.model.members[0].config.arch, ev->part_name);
    int rc = plot_lines(dir, "skill_by_step", x, S, cols, labels, nb, title, "step ahead",
                        "skill = 1 - MAE/MAE(rival)", e);
    free(x);
    return rc;
}
