/* replay.c — see replay.h. */
#include "sim/replay.h"
#include "base/message.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval/predictions.h"
#include "series/calendar.h"

static const char *const instance_columns[] = {"instances", "GroupInServiceInstances"};

/* The capacity basis: the target column is a rate of which one instance
 * serves o->capacity at the target CPU, so demand is rate / capacity x
 * target_cpu instance-percent; the trace's cpu becomes that demand over the
 * fleet each row was measured on (the engine multiplies it back). */
static int rate_as_cpu(replay *r, const replay_options *o, const sim_config *c, sa_error *e)
{
    sim_trace *t = &r->trace;
    double n0 = c->policy.base_instances, target = c->policy.target_cpu;
    if (!(r->rate_cpu = malloc((t->n ? t->n : 1) * sizeof *r->rate_cpu)))
        return sa_fail(e, "out of memory");
    for (size_t i = 0; i < t->n; i++)
        r->rate_cpu[i] = t->cpu[i] / o->capacity * target / (t->instances ? t->instances[i] : n0);
    t->cpu = r->rate_cpu;
    snprintf(r->meta.demand, sizeof r->meta.demand,
             "demand = %s / %g x %g%% (--capacity-per-instance: one instance serves %g at "
             "--target-cpu %g%%)", o->target, o->capacity, target, o->capacity, target);
    return 0;
}

/* Says where the trace has time missing (gaps --fill did not fill): the
 * replay holds each row's load until the next row, so an hour without rows
 * is replayed as the hour's last known load. */
static void note_gaps(const series *s)
{
    size_t gaps = 0;
    int64_t missing = 0, longest = 0;
    for (size_t i = 1; i < s->n_rows; i++) {
        if (!s->gap_before[i])
            continue;
        int64_t span = s->time[i] - s->time[i - 1] - s->step;
        gaps++;
        missing += span;
        longest = span > longest ? span : longest;
    }
    if (gaps)
        msg_note("note: %s: %zu gap%s in the trace, %.4g h with no rows (the longest %.4g h): "
                 "the replay holds the last row's load across each (--fill fills gaps up to "
                 "--max-fill)", s->source, gaps, gaps == 1 ? "" : "s", missing / 3600.0,
                 longest / 3600.0);
}

/* The metrics and the columns derived from them. */
static int read_metrics(replay *r, const replay_options *o, const sim_config *c, sa_error *e)
{
    const char *cols[] = {o->target, "memory_utilization", "network_in", "network_out",
                          instance_columns[0], instance_columns[1]};
    series_options so = {cols, 6, cols, 1, o->fill, 0, o->input};
    if (series_read(&r->s, o->metrics, &so, e) < 0)
        return -1;
    series *s = &r->s;
    if (s->n_rows == 0)
        return sa_fail(e, "%s: no data rows", s->source ? s->source : o->metrics);
    note_gaps(s);
    int ni = series_column(s, "network_in"), no = series_column(s, "network_out");
    int mi = series_column(s, "memory_utilization"), ii = series_column(s, instance_columns[0]);
    if (ii < 0)
        ii = series_column(s, instance_columns[1]);
    if ((ni >= 0 || no >= 0) && !(r->network = malloc(s->n_rows * sizeof *r->network)))
        return sa_fail(e, "out of memory");
    for (size_t i = 0; r->network && i < s->n_rows; i++)
        r->network[i] = (ni >= 0 ? s->col[ni][i] : 0) + (no >= 0 ? s->col[no][i] : 0);
    for (size_t i = 0; ii >= 0 && i < s->n_rows; i++)
        if (!(s->col[ii][i] >= 1))
            return sa_fail(e, "%s:%ld: column %s: %g instances (at least 1)", s->source,
                           s->line[i], s->col_name[ii], s->col[ii][i]);
    if (ii >= 0)
        snprintf(r->meta.demand, sizeof r->meta.demand,
                 "demand = cpu x the %s column (the fleet the CPU was measured on)",
                 s->col_name[ii]);
    else
        snprintf(r->meta.demand, sizeof r->meta.demand,
                 "demand = cpu x %d (--base-instances; the CSV has no instances column)",
                 c->policy.base_instances);
    r->trace = (sim_trace){s->n_rows, s->time, s->col[series_column(s, o->target)],
                           mi >= 0 ? s->col[mi] : NULL, r->network, NULL, NULL,
                           s->step > 0 ? (double)s->step : 300, NULL, NULL,
                           ii >= 0 ? s->col[ii] : NULL, 0};
    return o->capacity > 0 ? rate_as_cpu(r, o, c, e) : 0;
}

/* Aligns one column of forecasts (pred, for the times pred_time) to the
 * trace: out gets the point forecast (sim_align_forecast over the horizon). */
static int align(replay *r, const replay_options *o, const int64_t *pred_time,
                 const double *pred, size_t m, double **out, sa_error *e)
{
    const series *s = &r->s;
    if (!(*out = malloc(s->n_rows * sizeof **out)))
        return sa_fail(e, "out of memory");
    sim_align_forecast(s->time, s->n_rows, pred_time, pred, m,
                       (double)o->horizon * r->trace.step, *out);
    return 0;
}

/* The upper bounds of level k (for the times pred_time): the one for the
 * end of the look-ahead, and the largest over it. */
static int align_upper(replay *r, size_t k, const int64_t *pred_time, const double *upper,
                       size_t m, sa_error *e)
{
    const series *s = &r->s;
    r->upper[k] = malloc(s->n_rows * sizeof *r->upper[k]);
    r->upper_max[k] = malloc(s->n_rows * sizeof *r->upper_max[k]);
    if (!r->upper[k] || !r->upper_max[k])
        return sa_fail(e, "out of memory");
    sim_align_forecast(s->time, s->n_rows, pred_time, upper, m, r->lookahead, r->upper[k]);
    sim_align_forecast_max(s->time, s->n_rows, pred_time, upper, m, r->lookahead,
                           r->upper_max[k]);
    return 0;
}

/* Forecasts that match no step of the replay (another year, another
 * file) would make the predictive policy hold throughout and look cheap:
 * an error. Some missing: a note with the share covered. */
static int check_coverage(const replay *r, const char *path, sa_error *e)
{
    size_t n = r->s.n_rows, covered = 0;
    for (size_t i = 0; i < n; i++)
        covered += !isnan(r->forecast[i]);
    char first[20], last[20];
    time_format(r->s.time[0], first);
    time_format(r->s.time[n - 1], last);
    if (covered == 0)
        return sa_fail(e, "%s: no forecast falls on the replay's steps (%s to %s): the predictions "
                       "are for other times", path, first, last);
    if (covered < n)
        msg_note("%s: forecasts cover %zu of %zu steps (%.1f %%); the predictive policies hold "
                 "where there is none", path, covered, n, 100.0 * (double)covered / (double)n);
    return 0;
}

/* Forecasts from a predictions CSV: predicted, and upper for the levels. */
static int predictions_forecasts(replay *r, const replay_options *o, sa_error *e)
{
    const char *cols[] = {"predicted", "upper"};
    series_options so = {cols, 2, cols, o->n_levels ? 2 : 1, 0, 0, NULL};
    series p;
    if (series_read(&p, o->predictions, &so, e) < 0)
        return o->n_levels && strstr(e->msg, "upper")
            ? sa_wrap(e, "--quantile needs intervals (predict writes lower,upper from a "
                         "calibrated model)") : -1;
    int rc = align(r, o, p.time, p.col[0], p.n_rows, &r->forecast, e);
    if (rc == 0)
        rc = check_coverage(r, o->predictions, e);
    for (size_t k = 0; rc == 0 && k < o->n_levels; k++)
        rc = align_upper(r, k, p.time, p.col[series_column(&p, "upper")], p.n_rows, e);
    r->n_levels = rc == 0 ? o->n_levels : 0;
    series_free(&p);
    return rc;
}

/* The part of the metrics to replay with a model: from its test part on
 * when the metrics are its training data (r->first), unless o->part is ALL;
 * all of another file. data: the metrics as the model read them. Fills
 * r->meta's part, part_note and data_is_training. Returns 0, -1 or -2 with
 * e set (see replay_load). */
static int choose_part(replay *r, const replay_options *o, const series *data, sa_error *e)
{
    const model_config *c = &o->model->model.members[0].config;
    replay_meta *m = &r->meta;
    const char *name = r->s.source;
    seen_data seen;
    if (seen_check(c, data, o->metrics, &seen, e) < 0)
        return -1;
    m->data_is_training = seen.kind != SEEN_NOT;
    snprintf(m->part, sizeof m->part, "all");
    if (seen.kind == SEEN_NOT && o->part == REPLAY_PART_TEST)
        return sa_fail(e, "--part test: %s is not the model's training data (its rows differ "
                          "from the ones it was trained on), so it has no test part: leave out "
                          "--part or give --part all", name), -2;
    if (seen.kind == SEEN_NOT) {
        snprintf(m->part_note, sizeof m->part_note, "%s", seen.overlaps ? seen.note + 6 : "");
        if (!seen.overlaps)
            snprintf(m->part_note, sizeof m->part_note, "%s is not the model's training data: "
                     "the model never saw it", name);
        return 0;
    }
    char from[20];
    time_format(c->split_time[2], from);
    if (o->part == REPLAY_PART_ALL) {
        snprintf(m->part_note, sizeof m->part_note, "%s is %s: the model trained and validated "
                 "on its rows before %s UTC, so the forecasts there are in-sample "
                 "(--part test replays only the rest)", name, seen_phrase(seen.kind), from);
        return 0;
    }
    r->first = c->split_time[2] ? seen_first_row_from(&r->s, c->split_time[2]) : r->s.n_rows;
    if (r->first >= r->s.n_rows)
        return sa_fail(e, "%s is %s, which has no test part to replay (give --part all)", name,
                       seen_phrase(seen.kind));
    snprintf(m->part, sizeof m->part, "test");
    snprintf(m->part_note, sizeof m->part_note, "%s is %s: only its test part, from %s UTC, "
             "which the model never saw, is replayed (--part all replays the whole file)", name,
             seen_phrase(seen.kind), from);
    return 0;
}


/* One value per origin of the (N, S) forecasts v of fr, with a time, so
 * the alignment (one forecast a step, increasing times) reads a forecast
 * path like a one-step model's: the largest of steps first..last (0-based)
 * of each origin's path, at the time of step at. first = last = at is that
 * step's column; for a one-step model (S = 1) it is v itself. */
static void path_column(const predictor_result *fr, const double *v, size_t first, size_t last,
                        size_t at, int64_t *time, double *out)
{
    size_t S = fr->steps;
    for (size_t k = 0; k < fr->n; k++) {
        double m = v[k * S + first];
        for (size_t j = first + 1; j <= last; j++)
            m = fmax(m, v[k * S + j]);
        out[k] = m;
        time[k] = fr->time[k * S + at];
    }
}

/* The upper bounds of level k of fr's forecasts, for a path the largest
 * over the steps when an instance launched now serves: from the
 * look-ahead's step L (one warm-up) to the step H one decision interval
 * later (r->interval: the cooldown, at least a step), at the time of step
 * L; and the largest from the first step to H, for the keep (buf: N
 * times, 2 N values). A one-step model's is its one bound. */
static int align_path_upper(replay *r, size_t k, const predictor_result *fr, int64_t *time,
                            double *buf, sa_error *e)
{
    predictions_format window = {0};   /* predict's decision window, one definition */
    predictions_set_window(&window, fr->steps, (int64_t)r->trace.step, r->lookahead,
                           r->interval);
    size_t L = window.window_first, H = window.window_last;
    path_column(fr, fr->upper, L, H, L, time, buf);
    path_column(fr, fr->upper, 0, H, L, time, buf + fr->n);
    int rc = align_upper(r, k, time, buf, fr->n, e);
    if (rc == 0)   /* each path's largest bound up to the window's end, not one step's */
        sim_align_forecast_max(r->s.time, r->s.n_rows, time, buf + fr->n, fr->n, r->lookahead,
                               r->upper_max[k]);
    return rc;
}

/* Forecasts of the model run on the metrics, as predict would, with its
 * conformal upper bound at each level (ACI with o->gamma), and the part to
 * replay (choose_part). A forecast path's point forecast is its last
 * step's (as a model of that horizon). */
static int model_forecasts(replay *r, const replay_options *o, sa_error *e)
{
    prepared p;
    if (predictor_prepare(o->model, o->metrics, o->input, o->calendar, o->fill, 0, &p, e) < 0)
        return -1;
    int rc = choose_part(r, o, &p.d.s, e);
    if (rc < 0) {
        prepared_free(&p);
        return rc;
    }
    predictor_result fr;
    int64_t *time = NULL;
    double *buf = NULL;
    rc = predictor_run_all(o->model, &p, 0, o->threads, &fr, e);
    if (rc == 0 && (!(time = malloc((fr.n + 1) * sizeof *time)) ||
                    !(buf = malloc((2 * fr.n + 1) * sizeof *buf))))
        rc = sa_fail(e, "out of memory");
    if (rc == 0) {
        path_column(&fr, fr.mean, fr.steps - 1, fr.steps - 1, fr.steps - 1, time, buf);
        rc = align(r, o, time, buf, fr.n, &r->forecast, e);
    }
    for (size_t k = 0; rc == 0 && k < o->n_levels; k++) {
        free(fr.lower);
        free(fr.upper);
        free(fr.alpha);
        fr.lower = fr.upper = fr.alpha = NULL;
        rc = predictor_intervals(o->model, &p, &fr, o->levels[k], o->gamma, "--quantile", e);
        if (rc == 0)
            rc = align_path_upper(r, k, &fr, time, buf, e);
        r->n_levels += rc == 0;
    }
    free(time);
    free(buf);
    predictor_result_free(&fr);
    prepared_free(&p);
    return rc;
}

/* The quantile policy's look-ahead: one warm-up in whole steps (at least
 * one step: a new instance serves from the next row), capped at the
 * forecasts' horizon, with a warning when that cap bites. */
static void set_lookahead(replay *r, const replay_options *o, const sim_config *c)
{
    double step = r->trace.step, horizon = (double)o->horizon * step;
    double want = fmax(ceil(c->warmup / step - 1e-9) * step, step);
    r->lookahead = fmin(want, horizon);
    r->interval = fmax(step, c->cooldown);
    if (want > horizon && o->n_levels)
        snprintf(r->lookahead_note, sizeof r->lookahead_note,
                 "warning: the forecasts look %gs ahead but a new instance serves %gs after "
                 "launch (--warmup %g): the quantile policy can act only %gs ahead; train with "
                 "--horizon %.0f", horizon, want, c->warmup, horizon, ceil(want / step));
}

/* The forecasts in the units the engine reads: a demand model's (busy
 * instances) and a rate's (o->capacity) become demand in N0 units, which
 * the instances column does not rescale; a CPU model's stay CPU % on the
 * fleet of their time. Sets meta.basis. */
static void forecast_units(replay *r, const replay_options *o, const sim_config *c)
{
    const char *basis = o->capacity > 0 ? "capacity"
                      : o->model ? model_sizing_basis(&o->model->model.members[0].config)
                      : o->forecast_basis ? o->forecast_basis : "cpu";
    snprintf(r->meta.basis, sizeof r->meta.basis, "%s", r->forecast ? basis : "");
    double n0 = c->policy.base_instances;
    double k = !strcmp(basis, "demand") ? 100 / n0
             : !strcmp(basis, "capacity") ? c->policy.target_cpu / o->capacity / n0 : 0;
    if (!r->forecast || k == 0)
        return;
    r->trace.forecast_demand = 1;
    for (size_t i = 0; i < r->s.n_rows; i++) {
        r->forecast[i] *= k;
        for (size_t l = 0; l < r->n_levels; l++) {
            r->upper[l][i] *= k;
            r->upper_max[l][i] *= k;
        }
    }
}

/* Moves the arrays of n rows at p forward by k rows. */
static void drop_front(void *p, size_t k, size_t n, size_t size)
{
    if (p)
        memmove(p, (char *)p + k * size, (n - k) * size);
}

/* Drops the first r->first rows (the part the model saw) from everything
 * r holds; the trace's views stay valid. */
static void drop_seen_rows(replay *r)
{
    size_t k = r->first, n = r->s.n_rows;
    if (k == 0)
        return;
    drop_front(r->network, k, n, sizeof *r->network);
    drop_front(r->forecast, k, n, sizeof *r->forecast);
    drop_front(r->rate_cpu, k, n, sizeof *r->rate_cpu);
    drop_front(r->event, k, n, sizeof *r->event);
    for (size_t l = 0; l < r->n_levels; l++) {
        drop_front(r->upper[l], k, n, sizeof *r->upper[l]);
        drop_front(r->upper_max[l], k, n, sizeof *r->upper_max[l]);
    }
    series_drop_rows(&r->s, k);
    r->trace.n = r->s.n_rows;
}

/* The model's account of itself in m: arch, target, horizon, and its
 * skill against persistence on its own test part (train's figure). */
static void describe_model(replay_meta *m, const predictor *model)
{
    const model_file *f = &model->model;
    const model_config *mc = &f->members[0].config;
    snprintf(m->model_arch, sizeof m->model_arch, "%s", mc->arch);
    snprintf(m->model_target, sizeof m->model_target, "%s", mc->target);
    m->model_horizon = mc->horizon;
    double mae = NAN, persistence = NAN;
    for (size_t k = 0; k < f->n_metrics; k++) {
        if (!strcmp(f->metrics[k].name, "test_mae"))
            mae = f->metrics[k].value;
        if (!strcmp(f->metrics[k].name, "test_persistence_mae"))
            persistence = f->metrics[k].value;
    }
    if (persistence > 0)
        m->model_skill = 1 - mae / persistence;
}

/* The metadata of what r replays (replay_meta; choose_part set the part,
 * forecast_units the basis). */
static void describe(replay *r, const replay_options *o)
{
    replay_meta *m = &r->meta;
    const sim_trace *t = &r->trace;
    snprintf(m->data, sizeof m->data, "%s", r->s.source ? r->s.source : o->metrics);
    snprintf(m->model, sizeof m->model, "%s", o->model_path ? o->model_path : "");
    if (!m->part[0])
        snprintf(m->part, sizeof m->part, "all");
    m->start = t->time[0];
    m->end = t->time[t->n - 1];
    m->rows = t->n;
    snprintf(m->predictions, sizeof m->predictions, "%s", o->predictions ? o->predictions : "");
    m->step = t->step;
    m->model_skill = NAN;
    if (o->model)
        describe_model(m, o->model);
}

void replay_print_meta(FILE *fp, const replay_meta *m)
{
    char first[20], last[20];
    time_format(m->start, first);
    time_format(m->end, last);
    fprintf(fp, "replayed %s, part %s: %s to %s UTC (%zu rows)", m->data, m->part, first, last,
            m->rows);
    if (m->model[0])
        fprintf(fp, "; model %s, forecasts read as %s", m->model, m->basis);
    else if (m->predictions[0])
        fprintf(fp, "; predictions %s, forecasts read as %s", m->predictions, m->basis);
    fprintf(fp, "\n");
    if (m->part_note[0])
        fprintf(fp, "%s\n", m->part_note);
    fprintf(fp, "%s\n", m->demand);
}

int replay_load(replay *r, const replay_options *o, const sim_config *c, sa_error *e)
{
    memset(r, 0, sizeof *r);
    if (o->n_levels > REPLAY_MAX_LEVELS)
        return sa_fail(e, "at most %d quantile levels", REPLAY_MAX_LEVELS);
    int rc = read_metrics(r, o, c, e);
    if (rc == 0)
        set_lookahead(r, o, c);
    if (rc == 0 && o->predictions)
        rc = predictions_forecasts(r, o, e);
    if (rc == 0 && o->model)
        rc = model_forecasts(r, o, e);
    if (rc == 0)
        forecast_units(r, o, c);
    r->trace.forecast = r->forecast;
    if (rc == 0 && o->calendar) {
        calendar cal = {0};
        rc = calendar_read(&cal, o->calendar, e);
        if (rc == 0 && !(r->event = calloc(r->s.n_rows, 1)))
            rc = sa_fail(e, "out of memory");
        for (size_t i = 0; rc == 0 && i < r->s.n_rows; i++)
            r->event[i] = (unsigned char)calendar_active(&cal, r->s.time[i]);
        calendar_free(&cal);
        r->trace.in_event = r->event;
    }
    if (rc == 0) {
        drop_seen_rows(r);
        describe(r, o);
    }
    if (rc < 0)
        replay_free(r);
    return rc;
}

void replay_free(replay *r)
{
    series_free(&r->s);
    free(r->network);
    free(r->forecast);
    for (size_t k = 0; k < REPLAY_MAX_LEVELS; k++) {
        free(r->upper[k]);
        free(r->upper_max[k]);
    }
    free(r->event);
    free(r->rate_cpu);
    memset(r, 0, sizeof *r);
}
