/* export.c — see export.h. */
#include "sim/export.h"

#include <math.h>
#include <string.h>

#include "eval/json.h"
#include "series/csv.h"
#include "series/series.h"
#include "sim/table.h"

static void member_time(json_writer *w, const char *key, int64_t t)
{
    char text[20];
    time_format(t, text);
    json_member_string(w, key, text);
}

/* The quantile policy's CPU ceiling as the policy uses it (policy.h). */
static double quantile_cpu(const policy_params *p)
{
    return p->quantile_cpu > 0 ? p->quantile_cpu : p->target_cpu * (1 + p->tolerance);
}

static void json_settings(json_writer *w, const sim_config *c)
{
    const policy_params *p = &c->policy;
    json_key(w, "settings");
    json_object_begin(w);
    json_member_int(w, "base_instances", p->base_instances);
    json_member_int(w, "min", c->min_instances);
    json_member_int(w, "max", c->max_instances);
    json_member_number(w, "warmup", c->warmup);
    json_member_number(w, "cooldown", c->cooldown);
    json_member_number(w, "stabilization", c->stabilization);
    json_member_int(w, "max_step", c->max_step);
    json_member_number(w, "max_step_percent", c->max_step_pct);
    json_member_number(w, "flap_window", c->flap_window);
    json_member_number(w, "price", c->price);
    json_member_number(w, "up", p->up);
    json_member_number(w, "down", p->down);
    json_member_number(w, "pred_down", p->pred_down);
    json_member_number(w, "target_cpu", p->target_cpu);
    json_member_number(w, "tolerance", p->tolerance);
    json_member_number(w, "quantile_cpu", quantile_cpu(p));
    json_member_string(w, "floor", p->floor_reactive ? "reactive" : "none");
    json_member_number(w, "hot_cpu", c->hot_cpu);
    json_object_end(w);
}

static void json_policy(json_writer *w, const sim_result *r)
{
    const sim_summary *s = &r->summary;
    json_object_begin(w);
    json_member_string(w, "policy", r->label);
    json_member_string(w, "kind", policy_name(r->policy));
    json_member_number(w, "quantile", r->quantile);
    for (int m = 0; m < SIM_MEASURE_COUNT; m++)
        json_member_number(w, sim_measure_about((sim_measure)m)->key,
                           sim_measure_value(r, (sim_measure)m));
    json_member_number(w, "peak_demand", s->peak_demand);
    json_member_int(w, "static_peak_instances", s->static_peak_size);
    json_member_number(w, "static_peak_cost", s->static_peak_cost);
    json_member_number(w, "static_max_cost", s->static_max_cost);
    json_object_end(w);
}

/* s, or NULL when empty (null in the JSON). */
static const char *or_null(const char *s) { return s && s[0] ? s : NULL; }

/* The top level's account of what was replayed. */
static void json_about(json_writer *w, const replay_meta *m)
{
    json_member_string(w, "tool", "scaleahead-sim");
    json_member_string(w, "data", or_null(m->data));
    json_member_string(w, "model", or_null(m->model));
    json_member_string(w, "predictions", or_null(m->predictions));
    json_member_string(w, "part", m->part);
    json_member_bool(w, "data_is_training", m->data_is_training);
    json_member_string(w, "part_note", or_null(m->part_note));
    member_time(w, "start", m->start);
    member_time(w, "end", m->end);
    json_member_int(w, "steps", (long long)m->rows);
    json_member_number(w, "step_seconds", m->step);
    json_member_string(w, "demand_basis", or_null(m->basis));
    json_member_string(w, "demand_note", or_null(m->demand));
    int model = m->model_arch[0] != 0;
    json_member_string(w, "model_arch", or_null(m->model_arch));
    json_member_string(w, "model_target", or_null(m->model_target));
    if (model)
        json_member_int(w, "model_horizon", m->model_horizon);
    else
        json_member_string(w, "model_horizon", NULL);
    json_member_number(w, "model_skill", m->model_skill);
}

int sim_write_json(FILE *fp, const sim_export *x, sa_error *e)
{
    json_writer w;
    json_init(&w, fp);
    json_object_begin(&w);
    json_about(&w, x->meta);
    json_settings(&w, x->cfg);
    json_key(&w, "quantile_levels");
    json_array_begin(&w);
    for (size_t k = 0; k < x->n_levels; k++)
        json_number(&w, x->levels[k]);
    json_array_end(&w);
    json_key(&w, "policies");
    json_array_begin(&w);
    for (size_t j = 0; j < x->n; j++)
        json_policy(&w, &x->r[j]);
    json_array_end(&w);
    json_object_end(&w);
    return json_finish(&w, e);
}

/* A CSV field: as it is, or quoted (quotes doubled) when it holds a comma,
 * a quote or a line break; nothing for NULL. */
static void put_field(FILE *fp, const char *text, int last)
{
    if (text && strpbrk(text, ",\"\r\n")) {
        fputc('"', fp);
        for (const char *p = text; *p; p++) {
            if (*p == '"')
                fputc('"', fp);
            fputc(*p, fp);
        }
        fputc('"', fp);
    } else if (text) {
        fputs(text, fp);
    }
    fputc(last ? '\n' : ',', fp);
}

/* A number in the fewest digits that read back the same (csv.h); nothing
 * for NaN. */
static void put_number(FILE *fp, double v)
{
    char text[40];
    if (!isnan(v))
        fwrite(text, 1, (size_t)(csv_put_double(text, v == 0 ? 0 : v) - text), fp);
    fputc(',', fp);
}

int sim_write_csv_table(FILE *fp, const sim_export *x, sa_error *e)
{
    static const char *const tail[] = {"data", "model", "predictions", "part", "start", "end",
                                       "demand_basis"};
    fputs("policy,kind,quantile,", fp);
    for (int m = 0; m < SIM_MEASURE_COUNT; m++)
        fprintf(fp, "%s,", sim_measure_about((sim_measure)m)->key);
    for (size_t k = 0; k < 7; k++)
        put_field(fp, tail[k], k == 6);
    const replay_meta *a = x->meta;
    char start[20], end[20];
    time_format(a->start, start);
    time_format(a->end, end);
    for (size_t j = 0; j < x->n; j++) {
        const sim_result *r = &x->r[j];
        put_field(fp, r->label, 0);
        put_field(fp, policy_name(r->policy), 0);
        put_number(fp, r->quantile);
        for (int m = 0; m < SIM_MEASURE_COUNT; m++)
            put_number(fp, sim_measure_value(r, (sim_measure)m));
        const char *values[] = {a->data, a->model, a->predictions, a->part, start, end, a->basis};
        /* empty strings stay empty fields */
        for (size_t k = 0; k < 7; k++)
            put_field(fp, values[k], k == 6);
    }
    if (ferror(fp))
        return sa_fail(e, "write error");
    return 0;
}
