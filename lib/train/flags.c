/* flags.c — see flags.h. */
#include "train/flags.h"

#include <stdio.h>
#include <string.h>

#include "base/mpi_comm.h"
#include "features/transform.h"
#include "nn/loss.h"

void trainrun_flags_defaults(trainrun_flags *f)
{
    *f = (trainrun_flags){.arch = "robust", .target = "cpu_utilization", .log1p = "auto",
                          .split = "0.7,0.15", .head = -1, .attention = -1, .highway = -1,
                          .dropout = -1, .clip = -1,
                          .epochs = 50, .patience = 10, .horizon = 1, .seed = 42,
                          .threads = 1, .grid_limit = GRID_SIZE};
}

/* The combinations of flags that make no sense. Returns 0, or -1 with e
 * set. */
static int check_combinations(const trainrun_flags *f, sa_error *e)
{
    if (!f->data && !f->resume && !f->fleet)
        return sa_fail(e, "no data: give --data FILE (see scaleahead-train --help)");
    if (f->fleet && (f->data || f->resume || f->data_parallel))
        return sa_fail(e, "--fleet %s trains every series it names: give no %s", f->fleet,
                       f->data ? "--data (the fleet's files are the data)"
                       : f->resume ? "--resume (--resume OUTDIR alone resumes a fleet)"
                                   : "--data-parallel (the series are dealt to the ranks)");
    if (f->resume && (f->data || f->ensemble || f->grid || f->data_parallel))
        return sa_fail(e, "--resume continues a run with its own data and settings; give only "
                          "-o, --threads and --calendar");
    if (!strcmp(f->arch, "auto") && !f->resume && f->data && !strcmp(f->data, "-"))
        return sa_fail(e, "--arch auto trains each candidate on the data: give a file, not "
                          "stdin");
    if (f->ensemble && f->grid)
        return sa_fail(e, "--ensemble and --grid exclude each other");
    if ((f->members || f->weighted) && !f->ensemble)
        return sa_fail(e, "--members and --weighted need --ensemble");
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
    c->horizon = f->horizon;
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

int trainrun_from_flags(trainrun_options *o, const trainrun_flags *f, sa_error *e)
{
    if (check_combinations(f, e))
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
    return 0;
}
