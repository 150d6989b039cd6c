/* auto.c — see auto.h. */
#include "train/auto.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/message.h"
#include "base/mpi_comm.h"
#include "eval/evaluation.h"
#include "model/preset.h"
#include "train/calibrate.h"

/* One line of the validation table. */
typedef struct auto_row {
    char name[32];
    int baseline;           /* 1: one of baseline_names */
    double mae, rmse;       /* validation, target units; INFINITY when not scored; a
                               path's over every step (the mean of its step MAEs) */
    double *step_mae;       /* (S) a path's validation MAE at each step, owned; NULL
                               for one step or when not scored */
    double half[2];         /* validation MAE on the first and the second half of its
                               windows (INFINITY when not scored) */
    int epochs, best_epoch;
    int net;                /* index in auto_state.nets, -1 for a baseline */
    char note[128];         /* why a candidate was not scored */
} auto_row;

typedef struct auto_state {
    const trainrun_options *o;
    auto_row rows[AUTO_MAX_NAMES + BASELINE_COUNT];
    size_t n_rows;
    model_file nets[AUTO_MAX_NAMES];       /* trained candidates, owned */
    size_t n_nets;
    baseline_spec baselines[BASELINE_COUNT];   /* fitted on the training part, owned */
    int has_baseline[BASELINE_COUNT];
    const model_file *template;                /* whose data settings and transform a
                                                  baseline file takes: the first net
                                                  scored, or fallback */
    model_file fallback;                       /* no net scored: the data read for
                                                  one (trainrun_baseline_template) */
    int stopped;                               /* a candidate was interrupted */
} auto_state;

/* The options of candidate name: its preset, with o's data and protocol. */
static int candidate_options(trainrun_options *c, const trainrun_options *o, const char *name,
                             sa_error *e)
{
    if (trainrun_defaults(c, name, e))
        return -1;
    model_config *b = &c->base;
    snprintf(b->target, sizeof b->target, "%s", o->base.target);
    b->horizon = o->base.horizon;
    b->net.steps = o->base.net.steps;
    b->split[0] = o->base.split[0];
    b->split[1] = o->base.split[1];
    b->epochs = o->base.epochs;
    b->seed = o->base.seed;
    b->seq_len = o->base.seq_len;
    snprintf(b->schedule, sizeof b->schedule, "%s", o->base.schedule);
    snprintf(b->features_tz, sizeof b->features_tz, "%s", o->base.features_tz);
    snprintf(b->auto_baselines, sizeof b->auto_baselines, "%s", o->base.auto_baselines);
    if (b->net.highway > b->seq_len) /* a shorter window than the preset's */
        b->net.highway = b->seq_len;
    c->threads = o->threads;
    c->patience = o->patience;
    c->fill = o->fill;
    c->data_path = o->data_path;
    c->calendar = o->calendar;
    c->input = o->input;
    c->stop = o->stop;
    c->no_demand = o->no_demand;
    for (size_t i = 0; i < o->n_resume; i++) /* --resume: the candidate as it was left */
        if (!strcmp(o->resume[i].config.arch, name)) {
            c->resume = &o->resume[i];
            c->n_resume = 1;
            c->base = o->resume[i].config;
        }
    c->local = o->local;
    return 0;
}

/* Measures the model file m on part of its training data; m is lent to
 * the evaluation and handed back. Returns 0, or -1 with e set. */
static int measure(model_file *m, const trainrun_options *o, evaluation_part part,
                   evaluation *ev, sa_error *e)
{
    memset(ev, 0, sizeof *ev);
    ev->f.model = *m;
    memset(m, 0, sizeof *m);
    /* point forecasts only: the choice is by MAE, and a short series has
     * too few validation windows for intervals */
    evaluation_options eo = {NULL, NULL, part, o->calendar, o->fill, o->threads, 1.645, 0, 0,
                             o->input, 0};
    int rc = predictor_build(&ev->f, e) ? -1 : evaluation_measure(ev, &eo, e);
    *m = ev->f.model;                 /* back to the caller, built or not */
    memset(&ev->f.model, 0, sizeof ev->f.model);
    if (rc)
        evaluation_free(ev);
    return rc;
}

static const evaluation_row *row_named(const evaluation *ev, const char *name)
{
    for (size_t i = 0; i < ev->n_rows; i++)
        if (!strcmp(ev->rows[i].name, name))
            return &ev->rows[i];
    return NULL;
}

/* A copy of a path's step MAEs of row (S of them), or NULL for one step
 * (or out of memory: the table then leaves them out). */
static double *copy_steps(const evaluation_row *row, size_t S)
{
    double *v = S > 1 ? malloc(S * sizeof *v) : NULL;
    if (v)
        memcpy(v, row->step_mae, S * sizeof *v);
    return v;
}

/* Takes the baselines of the first evaluation (they are the same for
 * every candidate with the same windows) and its model file as the
 * template of a baseline file. */
static void keep_baselines(auto_state *s, evaluation *ev, const model_file *template)
{
    s->template = template;
    for (int k = 0; k < BASELINE_COUNT; k++) {
        const evaluation_row *r = row_named(ev, baseline_names[k]);
        if (!ev->has_baseline[k] || !r)
            continue;
        s->baselines[k] = ev->baselines[k];
        memset(&ev->baselines[k], 0, sizeof ev->baselines[k]);
        s->has_baseline[k] = 1;
        auto_row *a = &s->rows[s->n_rows++];
        snprintf(a->name, sizeof a->name, "%s", baseline_names[k]);
        a->baseline = 1;
        a->net = -1;
        a->mae = isfinite(r->m.mae) ? r->m.mae : INFINITY;
        a->rmse = r->m.rmse;
        a->half[0] = r->half_mae[0];
        a->half[1] = r->half_mae[1];
        a->step_mae = copy_steps(r, ev->steps);
    }
}

/* Scores the trained candidate s->nets[a->net] on validation into its row
 * a (and the baselines, the first time). Returns 0, or -1 with e set. */
static int score_candidate(auto_state *s, auto_row *a, sa_error *e)
{
    model_file *m = &s->nets[a->net];
    evaluation ev;
    if (measure(m, s->o, PART_VAL, &ev, e))
        return -1;
    const evaluation_row *row = row_named(&ev, "model");
    a->mae = row && isfinite(row->m.mae) ? row->m.mae : INFINITY;
    a->rmse = row ? row->m.rmse : INFINITY;
    a->half[0] = row ? row->half_mae[0] : INFINITY;
    a->half[1] = row ? row->half_mae[1] : INFINITY;
    a->step_mae = row ? copy_steps(row, ev.steps) : NULL;
    if (!isfinite(a->mae))
        snprintf(a->note, sizeof a->note, "not scored: forecasts are not finite");
    if (!s->template)
        keep_baselines(s, &ev, m);
    evaluation_free(&ev);
    return 0;
}

/* Trains candidate name (on --resume, from where it was left) and, unless
 * it was interrupted, scores it on validation: a row either way. */
static int train_candidate(auto_state *s, const char *name, trainrun_result *r, sa_error *e)
{
    trainrun_options c;
    trainrun_result cr;
    sa_error why = {{0}};
    auto_row *a = &s->rows[s->n_rows++];
    snprintf(a->name, sizeof a->name, "%s", name);
    a->mae = a->rmse = a->half[0] = a->half[1] = INFINITY;
    a->net = -1;
    if (candidate_options(&c, s->o, name, e))
        return -1;
    msg_note("auto: training candidate %s", name);
    model_file *m = &s->nets[s->n_nets];
    if (trainrun(m, &c, &cr, &why)) {
        snprintf(a->note, sizeof a->note, "not scored: %.100s", why.msg);
        return 0;
    }
    a->net = (int)s->n_nets++;
    r->seconds += cr.seconds;
    r->sequences += cr.sequences;
    r->n_train = cr.n_train;
    r->n_val = cr.n_val;
    r->n_test = cr.n_test;
    snprintf(r->demand_column, sizeof r->demand_column, "%s", cr.demand_column);
    snprintf(r->instances_seen, sizeof r->instances_seen, "%s", cr.instances_seen);
    r->instances_min = cr.instances_min;
    r->instances_max = cr.instances_max;
    a->epochs = m->members[0].config.epochs_run;
    a->best_epoch = m->members[0].config.best_epoch;
    if (m->members[0].config.interrupted) {
        s->stopped = 1;
        return 0;
    }
    if (s->stopped) /* stopped before: scored when --resume finishes the run */
        return 0;
    if (score_candidate(s, a, &why))
        snprintf(a->note, sizeof a->note, "not scored: %.100s", why.msg);
    return 0;
}

/* The run stopped part-way: m becomes a model file of kind
 * MODEL_KIND_AUTO_PARTIAL holding every candidate trained so far
 * (finished, or stopped with its state), for --resume to finish. */
static int keep_candidates(model_file *m, auto_state *s, sa_error *e)
{
    memset(m, 0, sizeof *m);
    snprintf(m->kind, sizeof m->kind, "%s", MODEL_KIND_AUTO_PARTIAL);
    if (!(m->members = calloc(s->n_nets, sizeof *m->members)))
        return sa_fail(e, "out of memory");
    for (size_t i = 0; i < s->n_nets; i++) {
        m->members[i] = s->nets[i].members[0];
        m->members[i].weight = 1;
        memset(&s->nets[i].members[0], 0, sizeof s->nets[i].members[0]);
    }
    m->n_members = s->n_nets;
    m->n_features = (size_t)m->members[0].config.n_features;
    return 0;
}

/* Orders the rows by validation MAE, a baseline before a network on a tie
 * (insertion sort: stable, a handful of rows). */
static void rank_rows(auto_state *s)
{
    for (size_t i = 1; i < s->n_rows; i++)
        for (size_t j = i; j > 0; j--) {
            const auto_row *a = &s->rows[j - 1], *b = &s->rows[j];
            int before = b->mae < a->mae || (b->mae == a->mae && b->baseline && !a->baseline);
            if (!before)
                break;
            auto_row t = s->rows[j];
            s->rows[j] = s->rows[j - 1];
            s->rows[j - 1] = t;
        }
}

/* The validation table as CSV text (owned by the caller), best first; a
 * path's (S > 1) with a last column val_mae_by_step, the MAE of steps
 * 1..S separated by spaces. */
static char *table_csv(const auto_state *s)
{
    size_t S = (size_t)net_steps(&s->o->base.net);
    size_t cap = 128 + s->n_rows * (256 + 16 * S), len = 0;
    char *text = malloc(cap);
    if (!text)
        return NULL;
    len += (size_t)snprintf(text, cap, "rank,forecaster,kind,val_mae,val_rmse,epochs,best_epoch,"
                                       "note%s\n", S > 1 ? ",val_mae_by_step" : "");
    for (size_t i = 0; i < s->n_rows; i++) {
        const auto_row *a = &s->rows[i];
        len += (size_t)snprintf(text + len, cap - len, "%zu,%s,%s,%.6g,%.6g,%d,%d,%s", i + 1,
                                a->name, a->baseline ? "baseline" : "network", a->mae, a->rmse,
                                a->epochs, a->best_epoch, a->note);
        for (size_t j = 0; S > 1 && j < S; j++)
            len += (size_t)snprintf(text + len, cap - len, "%s%.4g", j ? " " : ",",
                                    a->step_mae ? a->step_mae[j] : NAN);
        len += (size_t)snprintf(text + len, cap - len, "\n");
    }
    return text;
}

/* m becomes a model file of kind "baseline" holding baseline k, with the
 * data settings and scaler (or robust transform) of the template network. */
static int baseline_file_from(model_file *m, auto_state *s, int k, sa_error *e)
{
    const model_file *t = s->template;
    memset(m, 0, sizeof *m);
    snprintf(m->kind, sizeof m->kind, "baseline");
    m->n_features = t->n_features;
    m->members = calloc(1, sizeof *m->members);
    m->baseline = malloc(sizeof *m->baseline);
    if (!m->members || !m->baseline)
        return sa_fail(e, "out of memory");
    if (t->members[0].config.robust) { /* the data are read as the template reads them */
        if (transform_copy(&m->tf, &t->tf, e))
            return -1;
    } else {
        m->scaler_min = malloc(m->n_features * sizeof *m->scaler_min);
        m->scaler_max = malloc(m->n_features * sizeof *m->scaler_max);
        if (!m->scaler_min || !m->scaler_max)
            return sa_fail(e, "out of memory");
        memcpy(m->scaler_min, t->scaler_min, m->n_features * sizeof *m->scaler_min);
        memcpy(m->scaler_max, t->scaler_max, m->n_features * sizeof *m->scaler_max);
    }
    m->n_members = 1;
    model_config *c = &m->members[0].config;
    *c = t->members[0].config;
    snprintf(c->arch, sizeof c->arch, "%s", baseline_names[k]);
    c->epochs_run = c->best_epoch = c->interrupted = 0;
    m->members[0].weight = 1;
    *m->baseline = s->baselines[k];
    memset(&s->baselines[k], 0, sizeof s->baselines[k]);
    return 0;
}

/* Measures the kept forecaster m on the test part into r and m's metrics. */
static int measure_test(model_file *m, const trainrun_options *o, trainrun_result *r, sa_error *e)
{
    evaluation ev;
    if (measure(m, o, PART_TEST, &ev, e))
        return -1;
    const evaluation_row *mr = row_named(&ev, "model"), *pr = row_named(&ev, "persistence");
    r->test_mae = r->member_mae[0] = mr->m.mae;
    r->test_rmse = mr->m.rmse;
    r->test_r2 = mr->m.r2_defined ? mr->m.r2 : NAN;
    r->persistence_mae = pr ? pr->m.mae : NAN;
    model_set_metric(m, "test_mae", mr->m.mae);
    model_set_metric(m, "test_rmse", mr->m.rmse);
    if (mr->m.r2_defined) /* R² is undefined on constant actuals: no NaN in the file */
        model_set_metric(m, "test_r2", mr->m.r2);
    model_set_metric(m, "test_persistence_mae", r->persistence_mae);
    model_set_metric(m, "test_windows", (double)ev.n);
    evaluation_free(&ev);
    return 0;
}

/* The conformal calibration of a kept baseline m on the validation part,
 * as train_calibrate gives a trained network's (predict's intervals). */
static int calibrate_baseline(model_file *m, const trainrun_options *o, sa_error *e)
{
    predictor f;
    prepared p;
    if (train_predictor_lend(&f, &p, m, o->data_path, o->calendar, o->fill, o->input, e))
        return -1;
    int rc = train_calibrate(&f, &p, o->threads, e);
    train_predictor_return(&f, &p, m);
    return rc;
}

int auto_baseline_clear(const double baseline[2], const double network[2])
{
    return baseline[0] <= (1 - AUTO_MARGIN) * network[0] &&
           baseline[1] <= (1 - AUTO_MARGIN) * network[1];
}

int auto_baseline_allowed(const char *list, const char *name)
{
    size_t n = strlen(name);
    if (!list[0])
        return 1;
    for (const char *p = list; (p = strstr(p, name)); p += n)
        if ((p == list || p[-1] == ',') && (p[n] == ',' || !p[n]))
            return 1;
    return 0;
}

/* The row to keep of the ranked rows: the first network, or the first
 * baseline auto may keep (auto_baseline_allowed) that is persistence or beats
 * the best scored network clearly (auto_baseline_clear). When none is
 * (no network scored and no baseline allowed), the first row: the
 * documented fallback. */
static const auto_row *kept_row(const auto_state *s)
{
    const auto_row *network = NULL;
    for (size_t i = 0; i < s->n_rows && !network; i++)
        if (!s->rows[i].baseline && isfinite(s->rows[i].mae))
            network = &s->rows[i];
    for (size_t i = 0; i < s->n_rows; i++) {
        const auto_row *a = &s->rows[i];
        if (!a->baseline) {
            if (isfinite(a->mae))
                return a;
            continue;
        }
        if (auto_baseline_allowed(s->o->base.auto_baselines, a->name) &&
            (baseline_kind_by_name(a->name) == BASELINE_PERSISTENCE || !network ||
             auto_baseline_clear(a->half, network->half)))
            return a;
    }
    return &s->rows[0];
}

/* Moves the kept row's forecaster into m with the table. */
static int keep_best(model_file *m, auto_state *s, sa_error *e)
{
    const auto_row *best = kept_row(s);
    if (best->baseline) {
        if (baseline_file_from(m, s, baseline_kind_by_name(best->name), e) ||
            calibrate_baseline(m, s->o, e))
            return -1;
    } else {
        *m = s->nets[best->net];
        memset(&s->nets[best->net], 0, sizeof s->nets[best->net]);
    }
    snprintf(m->auto_choice, sizeof m->auto_choice, "%s", best->name);
    model_set_metric(m, "val_mae", best->mae);
    return (m->auto_csv = table_csv(s)) ? 0 : sa_fail(e, "out of memory");
}

/* No network could be trained and scored: the baselines are measured on
 * the data as the first candidate reads it (trainrun_baseline_template),
 * so that the best of them is kept. Returns 0, or -1 with e set. */
static int baselines_alone(auto_state *s, const char *first, trainrun_result *r, sa_error *e)
{
    trainrun_options c;
    trainrun_result counts;
    evaluation ev;
    if (candidate_options(&c, s->o, first, e))
        return -1;
    c.resume = NULL; /* the data as it reads it, not its state */
    c.n_resume = 0;
    if (trainrun_baseline_template(&s->fallback, &c, &counts, e) ||
        measure(&s->fallback, s->o, PART_VAL, &ev, e))
        return sa_wrap(e, "--arch auto: no network could be trained, and the baselines could "
                          "not be scored either");
    r->n_train = counts.n_train;
    r->n_val = counts.n_val;
    r->n_test = counts.n_test;
    keep_baselines(s, &ev, &s->fallback);
    evaluation_free(&ev);
    return 0;
}

int trainrun_auto(model_file *m, const trainrun_options *o, trainrun_result *r, sa_error *e)
{
    memset(m, 0, sizeof *m);
    memset(r, 0, sizeof *r);
    if (!strcmp(o->data_path, "-"))
        return sa_fail(e, "--arch auto trains several candidates on the data: give a file, "
                          "not stdin");
    if (mpi_comm_size() > 1 && !o->local)
        return sa_fail(e, "--arch auto runs in one process (its candidates are trained in turn)");
    auto_state *s = calloc(1, sizeof *s);
    if (!s)
        return sa_fail(e, "out of memory");
    s->o = o;
    const char *own[PRESET_AUTO_MAX];
    const char *const *names = o->n_auto_names ? (const char *const *)o->auto_names : own;
    size_t n = o->n_auto_names ? o->n_auto_names : preset_auto_candidates(own);
    int rc = 0;
    for (size_t j = 0; j < o->n_resume && rc == 0; j++) { /* --resume of another build's run */
        size_t i = 0;
        while (i < n && strcmp(names[i], o->resume[j].config.arch))
            i++;
        if (i == n)
            rc = sa_fail(e, "--resume: candidate %s of the interrupted --arch auto run is not "
                            "one of this build's", o->resume[j].config.arch);
    }
    /* every candidate runs, also after a stop (one batch, then its state is
     * kept), so that --resume finds each where it was left */
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = train_candidate(s, names[i], r, e);
    if (rc == 0 && s->stopped)
        rc = s->n_nets ? keep_candidates(m, s, e) : sa_fail(e, "interrupted before any "
                                                            "candidate was trained");
    else {
        if (rc == 0 && !s->template)
            rc = baselines_alone(s, names[0], r, e);
        if (rc == 0) {
            rank_rows(s);
            rc = keep_best(m, s, e);
        }
        if (rc == 0)
            rc = measure_test(m, o, r, e);
    }
    for (size_t i = 0; i < s->n_nets; i++)
        model_free(&s->nets[i]);
    model_free(&s->fallback);
    for (int k = 0; k < BASELINE_COUNT; k++)
        baseline_spec_free(&s->baselines[k]);
    for (size_t i = 0; i < s->n_rows; i++)
        free(s->rows[i].step_mae);
    free(s);
    if (rc)
        model_free(m);
    return rc;
}
