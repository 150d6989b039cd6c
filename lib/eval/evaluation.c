/* evaluation.c — see evaluation.h. */
#include "eval/evaluation.h"
#include "base/array.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "eval/json.h"
#include "base/outfile.h"
#include "eval/plot.h"
#include "nn/loss.h"
#include "features/prepare.h"
#include "base/message.h"

int evaluation_parse_part(const char *text, evaluation_part *part)
{
    static const char *const names[] = {"test", "val", "train", "all", "auto"};
    for (int i = 0; i < 5; i++)
        if (!strcmp(text, names[i])) {
            *part = (evaluation_part)i;
            return 0;
        }
    return -1;
}

static const char *part_name(evaluation_part part)
{
    static const char *const names[] = {"test", "val", "train", "all", "auto"};
    return names[part];
}

/* 1 when the members' weights are not all equal (--weighted). */
static int weights_differ(const model_file *m)
{
    for (size_t i = 1; i < m->n_members; i++)
        if (m->members[i].weight != m->members[0].weight)
            return 1;
    return 0;
}

/* Chooses the windows to evaluate and the windows to fit the linear AR
 * model on. own: 0 another file, 1 the model's training file, 2 that file
 * grown since training (split at the model's split times). */
static int choose_windows(evaluation *ev, prepared *p, const model_config *c, int own,
                          evaluation_part part, size_t *lo, size_t *hi, size_t *n_fit,
                          sa_error *e)
{
    window_set *w = &p->w;
    if (own) { /* 2: the training file, grown since */
        if (own == 2 ? window_split_at(w, p->d.s.time, c->split_time[1], c->split_time[2], e)
                     : window_split(w, c->split[0], c->split[1], e))
            return -1;
        size_t bounds[5] = {0, w->n_train, w->n_train + w->n_val, w->n, 0};
        switch (part) {
        case PART_TRAIN: *lo = bounds[0]; *hi = bounds[1]; break;
        case PART_VAL:   *lo = bounds[1]; *hi = bounds[2]; break;
        case PART_TEST:  *lo = bounds[2]; *hi = bounds[3]; break;
        case PART_ALL: case PART_AUTO: *lo = 0; *hi = w->n; break;
        }
        *n_fit = w->n_train;
        snprintf(ev->ar_note, sizeof ev->ar_note,
                 "linear AR fitted on the %zu training windows", w->n_train);
        return *hi > *lo ? 0 : sa_fail(e, "the %s part has no windows", part_name(part));
    }
    *lo = 0;
    *hi = w->n;
    *n_fit = (size_t)floor(c->split[0] * (double)w->n);
    if (*n_fit == 0)
        *n_fit = w->n;
    snprintf(ev->ar_note, sizeof ev->ar_note,
             "linear AR fitted on the first %zu windows of this file (the model never saw it)",
             *n_fit);
    return 0;
}

/* The model's conformal interval row (and a path's at each step), when
 * the model is calibrated. */
static int model_interval(evaluation *ev, const evaluation_options *o, sa_error *e)
{
    const conformal_set *s = &ev->f.model.calibration;
    if (!s->n || o->coverage == 0)
        return 0;
    if (conformal_check_level(s, o->coverage, "--coverage", e) < 0)
        return -1;
    const char *name = ev->rows[ev->n_rows - 1].name;
    int spread = predictor_has_spread(&ev->f);
    if (!(ev->step_intervals = calloc(ev->steps, sizeof *ev->step_intervals)))
        return sa_fail(e, "out of memory");
    if (coverage_measure_path(&ev->intervals[0], ev->step_intervals, name, s, o->coverage,
                              o->gamma, ev->n, ev->steps, ev->issued, ev->time, ev->predicted,
                              spread ? ev->std : NULL, ev->actual, e))
        return -1;
    ev->n_intervals = 1;
    return 0;
}

/* How many windows from n_fit on calibrate the baselines' intervals: the
 * validation part of the model's own data, or for another file the
 * windows between the split's fractions (which the whole-file evaluation
 * also measures: said in cal_note). */
static size_t calibration_windows(evaluation *ev, const prepared *p, const model_config *c,
                                  int own, size_t n_fit)
{
    const window_set *w = &p->w;
    size_t hi = own ? w->n_train + w->n_val : (size_t)floor(c->split[1] * (double)w->n);
    size_t n = hi > n_fit ? hi - n_fit : 0;
    snprintf(ev->cal_note, sizeof ev->cal_note,
             own ? "baseline intervals calibrated on the %zu validation windows"
                 : "baseline intervals calibrated on windows after the AR fit (%zu, also evaluated)",
             n);
    return n;
}

/* The default level lowered, with a note, to what the fewest scores of
 * the model's calibration and of the baselines' (n_cal windows) support:
 * a model trained on a short series has a handful. */
static void interval_level(evaluation *ev, evaluation_options *o, size_t n_cal)
{
    size_t n = ev->f.model.calibration.n;
    n = n && n < n_cal ? n : n_cal;
    double level = conformal_level_within(n, o->coverage);
    if (o->coverage_given || o->coverage == 0 || level >= o->coverage || n == 0)
        return;
    snprintf(ev->level_note, sizeof ev->level_note,
             "intervals at %.1f%%: %zu calibration residuals are too few for %g%% (at least "
             "%zu); train on more data for it", 100 * level, n, 100 * o->coverage,
             conformal_min_scores(o->coverage));
    o->coverage = level;
}

/* Whether the data p of path is the model's training data (by content,
 * seen.h); the data named by no --data must be. Sets ev->seen (its note
 * is printed once the part is settled). Returns 0, or -1 with e set. */
static int recognise(evaluation *ev, const prepared *p, const evaluation_options *o,
                     const char *path, sa_error *e)
{
    const model_config *c = &ev->f.model.members[0].config;
    if (seen_check(c, &p->d.s, path, &ev->seen, e))
        return -1;
    if (!o->data && ev->seen.kind == SEEN_NOT)
        return sa_fail(e, "%s has changed since the model was trained on it (its rows are not "
                          "the ones it was trained on); give --data FILE to evaluate it as a new "
                          "file", path);
    return 0;
}

/* The part to evaluate: o->part, PART_AUTO resolved (the test part of the
 * training data, all of another file). Returns it, or -1 with e set when a
 * part of another file is asked for. */
static int resolve_part(const evaluation *ev, const evaluation_options *o, sa_error *e)
{
    if (ev->seen.kind != SEEN_NOT)
        return o->part == PART_AUTO ? PART_TEST : (int)o->part;
    if (o->part == PART_AUTO || o->part == PART_ALL)
        return PART_ALL;
    return sa_fail(e, "--split %s: %s is not the model's training data (its rows differ from "
                      "the ones it was trained on), so it has no %s part and is evaluated "
                      "whole: leave out --split or give --split all", part_name(o->part),
                   ev->data_path, part_name(o->part));
}

/* Loads the data ev->f is measured on (o->data, or its own training file,
 * which must be unchanged or grown) into p and recognises it (ev->seen).
 * Returns 0, or -1 with e set (ev then freed). */
static int load_data(evaluation *ev, prepared *p, const evaluation_options *o, sa_error *e)
{
    const model_config *c = &ev->f.model.members[0].config;
    const char *path = o->data ? o->data : c->data_file;
    snprintf(ev->data_path, sizeof ev->data_path, "%s", path);
    if (!o->data && (!c->data_file[0] || !strcmp(c->data_file, "-"))) {
        evaluation_free(ev);
        return sa_fail(e, "the model was trained on stdin; give --data FILE");
    }
    dataset_options dopt = {path, c->target, c->feature_ids, (size_t)c->n_features, 1,
                            o->calendar, o->fill, 0, c->horizon, o->input, c->features_tz,
                            0, NULL, c->columns};
    model_data_basis(c, &dopt);
    if (prepare_for_model(p, &dopt, (size_t)c->seq_len, (size_t)c->horizon, &ev->f.tf, e)) {
        evaluation_free(ev);
        return -1;
    }
    int rc = 0;
    if (p->d.s.step != c->step)
        rc = sa_fail(e, "%s: rows are %llds apart, the model was trained on a %llds step", path,
                     (long long)p->d.s.step, (long long)c->step);
    if (rc == 0)
        rc = recognise(ev, p, o, path, e);
    if (rc) {
        prepared_free(p);
        evaluation_free(ev);
    }
    return rc;
}

/* The model's forecasts of the n windows ending at ends: ev's times,
 * actuals, mean and spread, and every member's into members (M, n).
 * Returns 0, or -1 with e set. */
static int forecast_windows(evaluation *ev, const prepared *p, const size_t *ends, size_t n,
                            int threads, double *members, sa_error *e)
{
    const model_config *c = &ev->f.model.members[0].config;
    size_t F = p->d.fm.n_feat, h = (size_t)c->horizon, S = ev->steps;
    ev->n = n;
    ev->time = malloc(n * S * sizeof *ev->time);
    ev->actual = malloc(n * S * sizeof *ev->actual);
    ev->predicted = malloc(n * S * sizeof *ev->predicted);
    ev->std = malloc(n * S * sizeof *ev->std);
    ev->issued = malloc(n * sizeof *ev->issued);
    if (!ev->time || !ev->actual || !ev->predicted || !ev->std || !ev->issued)
        return sa_fail(e, "out of memory");
    for (size_t k = 0; k < n; k++) {
        ev->issued[k] = p->d.s.time[ends[k]];
        for (size_t j = 0; j < S; j++) {
            size_t r = ends[k] + window_step_ahead(h, S, j);
            ev->time[k * S + j] = p->d.s.time[r];
            ev->actual[k * S + j] = p->d.fm.x[r * F];
        }
    }
    return predictor_forecast(&ev->f, p, ends, n, threads, ev->predicted, ev->std, members, e);
}

/* The rows of the model: each member and, with --weighted weights, the
 * plain mean beside the weighted one (ensembles), then the model itself.
 * members (M, n, S) is reused as scratch. Returns 0, or -1 with e set. */
static int add_model_rows(evaluation *ev, double *members, sa_error *e)
{
    size_t M = ev->f.model.n_members, n = ev->n * ev->steps;
    int weighted = M > 1 && weights_differ(&ev->f.model);
    for (size_t m = 0; M > 1 && m < M; m++) {
        char name[32];
        snprintf(name, sizeof name, "member_%zu", m);
        if (evaluation_add_row(ev, name, "member", members + m * n, e))
            return -1;
    }
    if (weighted) {
        /* The member rows are measured: the last member's slot can be reused. */
        double *plain = members + (M - 1) * n;
        for (size_t k = 0; k < n; k++) {
            double s = 0;
            for (size_t m = 0; m < M; m++)
                s += members[m * n + k];
            plain[k] = s / (double)M;
        }
        if (evaluation_add_row(ev, "ensemble_equal", "model", plain, e))
            return -1;
    }
    const char *name = M == 1 ? "model" : weighted ? "ensemble_weighted" : "ensemble";
    return evaluation_add_row(ev, name, "model", ev->predicted, e);
}

/* Every row's skill against the persistence row's MAE. */
static void add_skills(evaluation *ev)
{
    double persistence_mae = NAN;
    for (size_t i = 0; i < ev->n_rows; i++)
        if (!strcmp(ev->rows[i].name, "persistence"))
            persistence_mae = ev->rows[i].m.mae;
    for (size_t i = 0; i < ev->n_rows; i++)
        ev->rows[i].skill = metrics_skill(ev->rows[i].m.mae, persistence_mae,
                                          &ev->rows[i].skill_defined);
}

/* An ensemble's coverage of mean -/+ z std over every window and step;
 * scratch (2, n, S) is reused. Returns 0, or -1 with e set. */
static int ensemble_band(evaluation *ev, double z, double *scratch, sa_error *e)
{
    size_t n = ev->n * ev->steps;
    double *lower = scratch, *upper = scratch + n;
    for (size_t k = 0; k < n; k++) {
        lower[k] = ev->predicted[k] - z * ev->std[k];
        upper[k] = ev->predicted[k] + z * ev->std[k];
    }
    if (metrics_interval(&ev->coverage, ev->actual, lower, upper, n, e))
        return -1;
    ev->has_band = 1;
    return 0;
}

int evaluation_run(evaluation *ev, const evaluation_options *o, sa_error *e)
{
    memset(ev, 0, sizeof *ev);
    if (predictor_load(&ev->f, o->model_path, e))
        return -1;
    return evaluation_measure(ev, o, e);
}

int evaluation_measure(evaluation *ev, const evaluation_options *o, sa_error *e)
{
    ev->z = o->z;
    ev->steps = predictor_steps(&ev->f);
    prepared p;
    if (load_data(ev, &p, o, e))
        return -1;
    int part = resolve_part(ev, o, e);
    if (part < 0) {
        prepared_free(&p);
        evaluation_free(ev);
        return -2;
    }
    if (ev->seen.note[0])
        msg_note("%s", ev->seen.note);
    ev->part_name = part_name((evaluation_part)part);
    const model_config *c = &ev->f.model.members[0].config;
    int own = ev->seen.kind != SEEN_NOT;
    size_t M = ev->f.model.n_members, lo = 0, hi = 0, n_fit = 0;
    double *members = NULL;
    int rc = choose_windows(ev, &p, c, (int)ev->seen.kind, (evaluation_part)part, &lo, &hi, &n_fit, e);
    const size_t *ends = p.w.end + lo;
    size_t n = hi - lo;
    if (rc == 0 && !(members = malloc(n * ev->steps * M * sizeof *members)))
        rc = sa_fail(e, "out of memory");
    if (rc == 0)
        rc = forecast_windows(ev, &p, ends, n, o->threads, members, e);
    size_t n_cal = calibration_windows(ev, &p, c, own, n_fit);
    evaluation_options at = *o; /* at the level the calibrations support */
    interval_level(ev, &at, n_cal);
    if (rc == 0)
        rc = add_model_rows(ev, members, e) || model_interval(ev, &at, e) ||
             evaluation_baselines(ev, &p, ends, n_fit, p.w.end + n_fit, n_cal, &at, e) ? -1 : 0;
    if (rc == 0) {
        add_skills(ev);
        if (M > 1) /* the member rows are measured: reuse their buffer, M >= 2 */
            rc = ensemble_band(ev, o->z, members, e);
    }
    free(members);
    prepared_free(&p);
    if (rc)
        evaluation_free(ev);
    return rc;
}

/* A metric for the table: the value, or "undef" when undefined.
 * precision < 0: -precision significant digits (an error in the target's
 * units, which may be 1e-3 or 1e6), else decimals — but never more than a
 * dozen digits (a skill of -1e200 on a series of 1e200 prints as -1e+200). */
static void cell(FILE *fp, double v, int defined, int width, int precision)
{
    if (defined && isfinite(v) && (precision < 0 || fabs(v) >= 1e6))
        fprintf(fp, " %*.*g", width, precision < 0 ? -precision : 4, v);
    else if (defined && isfinite(v))
        fprintf(fp, " %*.*f", width, precision, v);
    else
        fprintf(fp, " %*s", width, "undef");
}

/* The table of the conformal intervals. */
static void print_intervals(FILE *fp, const evaluation *ev)
{
    if (!ev->n_intervals)
        return;
    const coverage_row *r0 = &ev->intervals[0];
    fprintf(fp, "intervals at %.1f%% (split conformal%s", 100 * r0->level,
            r0->gamma > 0 ? ", adaptive (ACI)" : "");
    if (r0->gamma > 0)
        fprintf(fp, " gamma %g", r0->gamma);
    fprintf(fp, "):\n%-16s %-10s %9s %10s %12s %11s %6s\n", "model", "score", "coverage%",
            "mean width", "first third%", "last third%", "n_cal");
    for (size_t i = 0; i < ev->n_intervals; i++) {
        const coverage_row *r = &ev->intervals[i];
        fprintf(fp, "%-16s %-10s %9.1f %10.6g %12.1f %11.1f %6zu\n", r->name, r->score,
                100 * r->coverage, r->mean_width, 100 * r->first_third, 100 * r->last_third,
                r->n_calibration);
    }
    if (ev->f.model.calibration.n == 0)
        fprintf(fp, "the model has no calibrated intervals (trained by an older version)\n");
    fprintf(fp, "%s\n", ev->cal_note);
    if (ev->level_note[0])
        fprintf(fp, "%s\n", ev->level_note);
}

/* What the part evaluated is to the model: a sentence. */
static const char *part_meaning(const evaluation *ev)
{
    if (ev->seen.kind == SEEN_NOT)
        return ev->seen.overlaps ? "it has rows in the period the model trained on"
                                 : "the model never saw it";
    switch (ev->part_name[0]) {
    case 't': return ev->part_name[1] == 'e' ? "the model never saw this part"
                                             : "the model was trained on this part";
    case 'v': return "the model chose its epoch on this part";
    default:  return "the model was trained on most of it";
    }
}

void evaluation_print(FILE *fp, const evaluation *ev)
{
    const model_config *c = &ev->f.model.members[0].config;
    char target[160], first[20] = "-", last[20] = "-";
    if (ev->steps > 1)
        fprintf(fp, "evaluation of %s (%s) on %s, %s part: %zu windows, target %s, a path of "
                    "steps 1..%zu (the table: every window and step)\n",
                c->arch, ev->f.model.kind, ev->data_path, ev->part_name, ev->n,
                model_target_label(c, target, sizeof target), ev->steps);
    else
        fprintf(fp, "evaluation of %s (%s) on %s, %s part: %zu windows, target %s, horizon %d\n",
                c->arch, ev->f.model.kind, ev->data_path, ev->part_name, ev->n,
                model_target_label(c, target, sizeof target), c->horizon);
    if (ev->n) {   /* the first step's first target, the last step's last */
        time_format(ev->time[0], first);
        time_format(ev->time[ev->n * ev->steps - 1], last);
    }
    fprintf(fp, "part %s: targets from %s to %s UTC; %s is %s: %s\n", ev->part_name, first, last,
            ev->data_path, seen_phrase(ev->seen.kind), part_meaning(ev));
    const model_file *mf = &ev->f.model;
    if (mf->baseline)
        fprintf(fp, "this model file holds a BASELINE, %s: --arch auto kept it over every "
                    "trained network on the validation part; the model row is that baseline\n",
                mf->auto_choice[0] ? mf->auto_choice : c->arch);
    else if (mf->auto_csv)
        fprintf(fp, "chosen by --arch auto: the %s %s, kept on the validation part\n",
                mf->n_parts ? "blend" : "network", mf->auto_choice);
    fprintf(fp, "%-16s %9s %9s %8s %9s %9s %9s %8s\n", "model", "MAE", "RMSE", "R2", "MAPE%",
            "sMAPE%", "accuracy", "skill");
    for (size_t i = 0; i < ev->n_rows; i++) {
        const evaluation_row *r = &ev->rows[i];
        fprintf(fp, "%-16s", r->name);
        cell(fp, r->m.mae, 1, 9, -6);
        cell(fp, r->m.rmse, 1, 9, -6);
        cell(fp, r->m.r2, r->m.r2_defined, 8, 4);
        cell(fp, r->m.mape, r->m.mape_defined, 9, 2);
        cell(fp, r->m.smape, 1, 9, 2);
        cell(fp, r->m.accuracy, r->m.mape_defined, 9, 2);
        cell(fp, r->skill, r->skill_defined, 8, 3);
        fputc('\n', fp);
    }
    fprintf(fp, "accuracy = 100 - MAPE (the seed's definition); skill = 1 - MAE/MAE(persistence)\n");
    if (ev->has_baseline[BASELINE_SEASONAL] && ev->seasonal_valid < ev->n)
        fprintf(fp, "seasonal_naive: %zu of %zu windows had no value one day back and used "
                    "persistence\n", ev->n - ev->seasonal_valid, ev->n);
    if (ev->has_baseline[BASELINE_LINEAR_AR])
        fprintf(fp, "%s\n", ev->ar_note);
    if (ev->has_baseline[BASELINE_HOLT_WINTERS])
        fprintf(fp, "%s\n", ev->hw_note);
    if (ev->baseline_note[0])
        fprintf(fp, "%s\n", ev->baseline_note);
    print_intervals(fp, ev);
    if (ev->has_band)
        fprintf(fp, "ensemble band mean -/+ %.3f std: coverage %.1f%% (nominal %.1f%%), "
                    "mean width %.6g\n", ev->z, 100 * ev->coverage.coverage,
                100 * erf(ev->z / sqrt(2.0)), ev->coverage.mean_width);
    evaluation_print_steps(fp, ev);
}

/* The interval of row name, as a JSON object member "interval". */
static void json_interval(json_writer *w, const evaluation *ev, const char *name)
{
    for (size_t i = 0; i < ev->n_intervals; i++) {
        const coverage_row *r = &ev->intervals[i];
        if (strcmp(r->name, name))
            continue;
        json_key(w, "interval");
        json_object_begin(w);
        json_member_number(w, "level", r->level);
        json_member_number(w, "adapt_gamma", r->gamma);
        json_member_string(w, "score", r->score);
        json_member_number(w, "coverage", r->coverage);
        json_member_number(w, "mean_width", r->mean_width);
        json_member_number(w, "coverage_first_third", r->first_third);
        json_member_number(w, "coverage_last_third", r->last_third);
        json_member_int(w, "n", (long long)r->n);
        json_member_int(w, "n_calibration", (long long)r->n_calibration);
        json_object_end(w);
    }
}

int evaluation_write_json(const evaluation *ev, const char *path, sa_error *e)
{
    outfile of;
    if (outfile_open(&of, path, e))
        return -1;
    json_writer w;
    json_init(&w, of.fp);
    json_object_begin(&w);
    char first[20] = "", last[20] = "", target[160];
    if (ev->n) {   /* the first step's first target, the last step's last */
        time_format(ev->time[0], first);
        time_format(ev->time[ev->n * ev->steps - 1], last);
    }
    model_target_label(&ev->f.model.members[0].config, target, sizeof target);
    for (size_t i = 0; i < ev->n_rows; i++) {
        const evaluation_row *r = &ev->rows[i];
        json_key(&w, r->name);
        json_object_begin(&w);
        metrics_json(&w, &r->m);
        json_member_number(&w, "skill", r->skill_defined ? r->skill : NAN);
        json_member_string(&w, "kind", r->kind);
        json_member_string(&w, "data", ev->data_path);
        json_member_string(&w, "split", ev->part_name);
        json_member_string(&w, "part", ev->part_name);
        json_member_string(&w, "start", first);
        json_member_string(&w, "end", last);
        json_member_int(&w, "data_is_training", ev->seen.kind != SEEN_NOT);
        json_member_string(&w, "target", target);
        json_member_string(&w, "model", ev->f.model.members[0].config.arch);
        json_interval(&w, ev, r->name);
        json_object_end(&w);
    }
    if (ev->has_band) {
        json_key(&w, "ensemble_band");
        json_object_begin(&w);
        json_member_number(&w, "z", ev->z);
        json_member_number(&w, "coverage", ev->coverage.coverage);
        json_member_number(&w, "nominal", erf(ev->z / sqrt(2.0)));
        json_member_number(&w, "mean_width", ev->coverage.mean_width);
        json_member_int(&w, "n", (long long)ev->coverage.n);
        json_object_end(&w);
    }
    evaluation_json_steps(&w, ev);
    json_object_end(&w);
    if (json_finish(&w, e))
        return outfile_fail(&of, e);
    fputc('\n', of.fp);
    return outfile_commit(&of, e);
}

/* The forecast of step j (0-based) against the actual over the part, as
 * plot name, with the model's calibrated interval of that step as a band
 * (at the report's level and ACI step) when the model has one; for a
 * one-step model all of it. Returns 0, or -1 with e set. */
static int forecast_plot(const evaluation *ev, const char *dir, const char *name, size_t j,
                         sa_error *e)
{
    const model_config *c = &ev->f.model.members[0].config;
    size_t n = ev->n, S = ev->steps;
    int band = ev->n_intervals > 0 && ev->f.model.calibration.n > 0;
    int64_t *time = malloc((n ? n : 1) * sizeof *time);
    double *v = malloc(6 * (n ? n : 1) * sizeof *v);   /* actual, predicted, std, bounds */
    if (!time || !v) {
        free(time);
        free(v);
        return sa_fail(e, "out of memory");
    }
    for (size_t k = 0; k < n; k++) {
        time[k] = ev->time[k * S + j];
        v[k] = ev->actual[k * S + j];
        v[n + k] = ev->predicted[k * S + j];
        v[2 * n + k] = ev->std[k * S + j];
    }
    char title[160], label[64] = "";
    if (band) {
        const coverage_row *r = &ev->intervals[0];
        conformal_set step = conformal_step(&ev->f.model.calibration, j);
        conformal_stream(&step, r->level, r->gamma, n, ev->issued, time, v + n,
                         predictor_has_spread(&ev->f) ? v + 2 * n : NULL, v, v + 3 * n,
                         v + 4 * n, NULL);
        snprintf(label, sizeof label, "%g%% interval%s", 100 * r->level,
                 r->gamma > 0 ? " (adaptive)" : "");
    }
    if (S > 1)
        snprintf(title, sizeof title, "%s: forecast vs actual (%s part, step %zu of a path)",
                 c->arch, ev->part_name, j + 1);
    else
        snprintf(title, sizeof title, "%s: forecast vs actual (%s part, horizon %d)", c->arch,
                 ev->part_name, c->horizon);
    int rc = plot_forecast(dir, name, time, v, v + n, band ? v + 3 * n : NULL,
                           band ? v + 4 * n : NULL, n, label, title, c->target, e);
    free(time);
    free(v);
    return rc;
}

/* The training curves of each member, labelled with the loss it trained
 * with. */
static int training_plots(const evaluation *ev, const char *dir, sa_error *e)
{
    static const char *const labels[] = {"MSE", "L1", "Huber"};
    for (size_t m = 0; m < ev->f.model.n_members; m++) {
        const model_member *mm = &ev->f.model.members[m];
        size_t epochs = mm->n_epochs;
        if (!epochs)
            continue;
        double *h = malloc(3 * epochs * sizeof *h);
        if (!h)
            return sa_fail(e, "out of memory");
        for (size_t k = 0; k < epochs; k++) {
            h[k] = mm->train_loss[k];
            h[epochs + k] = mm->val_loss[k];
            h[2 * epochs + k] = mm->lr[k];
        }
        char name[32], title[160];
        snprintf(name, sizeof name, ev->f.model.n_members > 1 ? "training_%zu" : "training", m);
        snprintf(title, sizeof title, "training curves: %s", mm->config.arch);
        int loss = mm->config.loss;
        int bad = plot_training_curves(dir, name, h, h + epochs, h + 2 * epochs, epochs, title,
                                       loss >= LOSS_MSE && loss <= LOSS_HUBER ? labels[loss] : NULL,
                                       e);
        free(h);
        if (bad)
            return -1;
    }
    return 0;
}

int evaluation_write_plots(const evaluation *ev, const char *dir, sa_error *e)
{
    if (outfile_mkdir(dir, e))
        return -1;
    size_t n = ev->n * ev->steps;   /* every window and step */
    double *residual = malloc(n * sizeof *residual);
    double *band = malloc(2 * n * sizeof *band);
    int rc = -1;
    if (!residual || !band) {
        sa_fail(e, "out of memory");
        goto done;
    }
    for (size_t k = 0; k < n; k++)
        residual[k] = ev->actual[k] - ev->predicted[k];
    char last[32];
    snprintf(last, sizeof last, "forecast_step_%zu", ev->steps);
    if (forecast_plot(ev, dir, "forecast", 0, e) ||
        (ev->steps > 1 && forecast_plot(ev, dir, last, ev->steps - 1, e)) ||
        evaluation_plot_steps(ev, dir, e) ||
        plot_residual_histogram(dir, "residuals", residual, n, 40, "residuals (actual - forecast)", e) ||
        training_plots(ev, dir, e))
        goto done;
    if (ev->has_band && ev->steps == 1) {   /* over time: one forecast a window */
        for (size_t k = 0; k < n; k++) {
            band[k] = ev->predicted[k] - ev->z * ev->std[k];
            band[n + k] = ev->predicted[k] + ev->z * ev->std[k];
        }
        if (plot_band(dir, "ensemble_band", ev->time, ev->actual, ev->predicted, band, band + n,
                      n, "ensemble mean and band", ev->f.model.members[0].config.target, e))
            goto done;
    }
    rc = 0;
done:
    free(residual);
    free(band);
    return rc;
}

void evaluation_free(evaluation *ev)
{
    predictor_free(&ev->f);
    for (size_t i = 0; i < ev->n_rows; i++)
        free(ev->rows[i].step_mae);
    free(ev->step_intervals);
    for (int k = 0; k < BASELINE_COUNT; k++)
        baseline_spec_free(&ev->baselines[k]);
    FREE_ALL(ev->time, ev->actual, ev->predicted, ev->std, ev->issued);
    memset(ev, 0, sizeof *ev);
}
