/* flags.c — see flags.h. */
#include "train/flags.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mpi_comm.h"
#include "base/strlist.h"
#include "features/transform.h"
#include "model/baseline_spec.h"
#include "nn/loss.h"

void trainrun_flags_defaults(trainrun_flags *f)
{
    *f = (trainrun_flags){.arch = "robust", .target = "cpu_utilization", .log1p = "auto",
                          .split = "0.7,0.15", .head = -1, .attention = -1, .highway = -1,
                          .dropout = -1, .clip = -1,
                          .epochs = 50, .patience = 10, .horizon = 1, .seed = 42,
                          .threads = 1, .grid_limit = GRID_SIZE};
}

static int given(const trainrun_flags *f, const char *name)
{
    for (size_t i = 0; i < f->n_given; i++)
        if (!strcmp(f->given[i], name))
            return 1;
    return 0;
}

/* The first flag given that is not in allowed (NULL-terminated) when
 * keep is 0, or that is in it when keep is 1; NULL when there is none. */
static const char *given_among(const trainrun_flags *f, const char *const *list, int keep)
{
    for (size_t i = 0; i < f->n_given; i++) {
        int listed = 0;
        for (const char *const *l = list; *l; l++)
            listed |= !strcmp(f->given[i], *l);
        if (listed != !keep)
            return f->given[i];
    }
    return NULL;
}

/* What an auto candidate takes from its own preset: the flags --arch auto
 * refuses. */
static const char *const candidate[] = {"hidden", "layers", "head", "attention", "dropout",
                                        "highway", "clip", "lr", "batch", "loss", "log1p",
                                        "features", NULL};

void trainrun_flags_default_arch(trainrun_flags *f)
{
    int path = f->steps > 1 && !f->fleet && !f->resume && !f->ensemble && !f->grid &&
               !f->data_parallel && mpi_comm_size() == 1 && !(f->data && !strcmp(f->data, "-"));
    f->arch = path && !given_among(f, candidate, 1) ? "auto" : "robust";
    if (!strcmp(f->arch, "auto") && !f->baselines)
        f->baselines = "persistence";
}

/* --baselines LIST into c->auto_baselines: names of baseline_names, each
 * once. Returns 0, or -1 with e set. */
static int parse_baselines(model_config *c, const char *list, sa_error *e)
{
    char *storage;
    const char *items[BASELINE_COUNT + 1];
    int n = strlist_split(list, &storage, items, BASELINE_COUNT + 1);
    unsigned seen = 0;
    c->auto_baselines[0] = 0;
    for (int i = 0; i < n; i++) {
        int k = baseline_kind_by_name(items[i]);
        if (k < 0 || seen & 1u << k) {
            sa_fail(e, k < 0 ? "'%s' is not a baseline (persistence, seasonal_naive, "
                    "linear_ar, holt_winters)" : "'%s' is named twice", items[i]);
            free(storage);
            return -1;
        }
        seen |= 1u << k;
        size_t used = strlen(c->auto_baselines);
        snprintf(c->auto_baselines + used, sizeof c->auto_baselines - used, "%s%s",
                 used ? "," : "", baseline_names[k]);
    }
    free(storage);
    return n > 0 ? 0 : sa_fail(e, "'%s' is not a list of baselines", list);
}

/* The flags --resume, --ensemble, --grid and --arch auto would not honour. */
static int check_fixed_settings(const trainrun_flags *f, sa_error *e)
{
    static const char *const resume_keeps[] = {
        "resume", "output", "threads", "calendar", "fill", "max-fill", "column", "time-column",
        "delimiter", "snap", "quiet", "replace-interrupted", NULL};
    /* what a member, grid point or auto candidate takes from its own preset */
    static const char *const network[] = {"arch", "hidden", "layers", "head", "attention",
                                          "dropout", "highway", "clip", "lr", "batch", NULL};
    const char *bad;
    if (f->resume && (bad = given_among(f, resume_keeps, 0)))
        return sa_fail(e, "--%s: --resume finishes the interrupted run with its own data and "
                          "settings; give only -o, --threads, --calendar, --fill, --max-fill and "
                          "the input flags (as the interrupted run had them)", bad);
    if ((f->ensemble || f->grid) && (bad = given_among(f, network, 1)))
        return sa_fail(e, "--%s has no effect with %s, whose %s fix it; drop it", bad,
                       f->ensemble ? "--ensemble" : "--grid",
                       f->ensemble ? "five members' presets" : "54 points");
    if (!strcmp(f->arch, "auto") && !f->resume && (bad = given_among(f, candidate, 1)))
        return sa_fail(e, "--%s has no effect with --arch auto, whose candidates keep their "
                          "presets' settings; drop it, or train one --arch", bad);
    return 0;
}

int trainrun_flag_conflict(const trainrun_flags *f, sa_error *e)
{
    if (!f->data && !f->resume && !f->fleet)
        return sa_fail(e, "no data: give --data FILE (see scaleahead-train --help)");
    if (f->fleet && (f->data || f->resume || f->data_parallel))
        return sa_fail(e, "--fleet %s trains every series it names: give no %s", f->fleet,
                       f->data ? "--data (the fleet's files are the data)"
                       : f->resume ? "--resume (--resume OUTDIR alone resumes a fleet)"
                                   : "--data-parallel (the series are dealt to the ranks)");
    if (f->resume && (f->data || f->ensemble || f->grid || f->data_parallel || f->no_demand))
        return sa_fail(e, "--resume continues a run with its own data and settings; give only "
                          "-o, --threads, --calendar, --fill, --max-fill and the input flags");
    if (check_fixed_settings(f, e))
        return -1;
    if (!strcmp(f->arch, "auto") && !f->resume && f->data && !strcmp(f->data, "-"))
        return sa_fail(e, "--arch auto trains each candidate on the data: give a file, not "
                          "stdin");
    if (f->steps > 1 && f->horizon_given && f->horizon != f->steps)
        return sa_fail(e, "--steps %d forecasts steps 1..%d: leave --horizon out (or give "
                          "--horizon %d)", f->steps, f->steps, f->steps);
    if (!strcmp(f->arch, "auto") && (f->ensemble || f->grid))
        return sa_fail(e, "--arch auto chooses one forecaster; %s trains others: give one",
                       f->ensemble ? "--ensemble" : "--grid");
    if (f->ensemble && f->grid)
        return sa_fail(e, "--ensemble and --grid exclude each other");
    if ((f->members || f->weighted) && !f->ensemble)
        return sa_fail(e, "--members and --weighted need --ensemble");
    if (given(f, "grid-limit") && !f->grid)
        return sa_fail(e, "--grid-limit needs --grid");
    if (f->data_parallel && (f->ensemble || f->grid))
        return sa_fail(e, "--data-parallel trains one model; an ensemble or grid deals its jobs "
                          "to the MPI ranks without it");
    if (mpi_comm_size() > 1 && !f->ensemble && !f->grid && !f->data_parallel && !f->fleet)
        return sa_fail(e, "one model on %d MPI ranks needs --data-parallel", mpi_comm_size());
    return 0;
}

/* The model settings the flags override, on top of the preset's in c. */
static int override_config(model_config *c, const trainrun_flags *f, sa_error *e)
{
    if (f->hidden) c->net.hidden = f->hidden;
    if (f->layers) c->net.layers = f->layers;
    if (f->head >= 0) c->net.head = f->head;
    if (f->attention >= 0) c->net.attention = f->attention;
    if (f->dropout >= 0) c->net.dropout = f->dropout;
    if (f->lr > 0) c->lr = f->lr;
    if (f->batch) c->batch = f->batch;
    if (f->seq_len) c->seq_len = f->seq_len;
    if (f->highway >= 0) c->net.highway = f->highway;
    if (f->highway > c->seq_len)
        return sa_fail(e, "--highway %d reads more target inputs than the window holds "
                          "(--seq-len %d)", f->highway, c->seq_len);
    if (c->net.highway > c->seq_len)   /* the preset's highway, a shorter window */
        c->net.highway = c->seq_len;
    if (f->clip >= 0) c->net.clip = f->clip;
    if (f->loss && (c->loss = loss_by_name(f->loss)) < 0)
        return sa_fail(e, "--loss %s: want mse, l1 or huber", f->loss);
    const char *schedule = f->schedule ? f->schedule : "plateau";
    if (strcmp(schedule, "plateau") && strcmp(schedule, "cosine"))
        return sa_fail(e, "--schedule %s: want plateau or cosine", schedule);
    snprintf(c->schedule, sizeof c->schedule, "%s", schedule);
    if ((c->log1p = transform_log1p_by_name(f->log1p)) < 0)
        return sa_fail(e, "--log1p %s: want auto, on or off", f->log1p);
    c->epochs = f->epochs;
    c->net.steps = f->steps > 1 ? f->steps : 0;   /* 0: one step, as every older file */
    c->horizon = f->steps > 1 ? f->steps : f->horizon;   /* a path's horizon is its last step */
    c->seed = f->seed;
    snprintf(c->target, sizeof c->target, "%s", f->target);
    if (f->features_tz && strlen(f->features_tz) >= sizeof c->features_tz)
        return sa_fail(e, "--features-tz %s: too long for a zone name", f->features_tz);
    snprintf(c->features_tz, sizeof c->features_tz, "%s", f->features_tz ? f->features_tz : "");
    /* The validation part must exist: it picks the epoch and the learning
     * rate. */
    if (sscanf(f->split, "%lf,%lf", &c->split[0], &c->split[1]) != 2 || c->split[0] <= 0 ||
        c->split[1] <= 0 || c->split[0] + c->split[1] >= 1)
        return sa_fail(e, "--split %s: want TRAIN,VAL fractions, both above 0, with TRAIN+VAL < 1, "
                       "e.g. 0.7,0.15", f->split);
    c->split[1] += c->split[0];
    return 0;
}

/* 1 when c has a feature the time zone moves (hour, day of week and the
 * three derived from them). */
static int has_clock_feature(const model_config *c)
{
    for (int i = 0; i < c->n_features; i++)
        if (c->feature_ids[i] >= FEAT_HOUR && c->feature_ids[i] <= FEAT_TIME_CATEGORY)
            return 1;
    return 0;
}

int trainrun_from_flags(trainrun_options *o, const trainrun_flags *f, sa_error *e)
{
    if (trainrun_flag_conflict(f, e))
        return -1;
    if (trainrun_defaults(o, f->ensemble ? "ensemble" : f->grid ? "grid" : f->arch, e)) {
        char why[SA_ERROR_LEN];
        memcpy(why, e->msg, sizeof why);
        return sa_fail(e, "%.900s (see scaleahead-train --help)", why);
    }
    if (override_config(&o->base, f, e))
        return -1;
    if (f->features && trainrun_parse_features(o, f->features, e))
        return sa_wrap(e, "--features");
    if (f->candidates && strcmp(f->arch, "auto"))
        return sa_fail(e, "--candidates lists --arch auto's networks: give --arch auto");
    if (f->candidates && trainrun_parse_candidates(o, f->candidates, e))
        return sa_wrap(e, "--candidates");
    if (f->baselines && strcmp(f->arch, "auto"))
        return sa_fail(e, "--baselines lists what --arch auto may keep: give --arch auto");
    if (f->baselines && parse_baselines(&o->base, f->baselines, e))
        return sa_wrap(e, "--baselines");
    if (given(f, "log1p") && !o->base.robust && strcmp(o->kind, "auto"))
        return sa_fail(e, "--log1p applies to the robust presets' transform; %s scales its "
                          "inputs by min and max", f->ensemble ? "--ensemble" : f->grid
                          ? "--grid" : "this --arch");
    if (f->calendar && strcmp(o->kind, "auto") &&
        !feat_reads_calendar(o->base.feature_ids, (size_t)o->base.n_features))
        return sa_fail(e, "--calendar has no effect: the model's features include no sale "
                          "feature (give --features with is_sale_active or sale_at_target)");
    if (f->features_tz && !has_clock_feature(&o->base))
        return sa_fail(e, "--features-tz %s: the model has no hour or day feature for it to "
                          "move (give --features with hour or day_of_week)", f->features_tz);
    if (f->members && trainrun_parse_members(o, f->members, e))
        return sa_wrap(e, "--members");
    o->weighted = f->weighted;
    o->grid_limit = f->grid_limit;
    o->threads = f->threads;
    o->patience = f->patience;
    o->data_path = f->data;
    o->calendar = f->calendar;
    o->fill = f->fill;
    o->data_parallel = f->data_parallel;
    o->no_demand = f->no_demand;
    return 0;
}
