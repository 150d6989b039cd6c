/* run.c — see run.h. */
#include "train/run.h"
#include "base/array.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/strlist.h"
#include "train/calibrate.h"
#include "train/job.h"
#include "model/predictor.h"
#include "eval/metrics.h"
#include "base/mpi_comm.h"
#include "base/parallel.h"
#include "features/prepare.h"
#include "nn/loss.h"
#include "series/series_hash.h"

static void config_from_preset(model_config *c, const preset *p)
{
    snprintf(c->arch, sizeof c->arch, "%s", p->arch);
    c->net = p->net;
    c->robust = p->robust;
    c->loss = p->loss;
    c->lr = p->lr;
    c->batch = p->batch;
    c->seq_len = p->seq_len;
}

int trainrun_defaults(trainrun_options *o, const char *arch, sa_error *e)
{
    memset(o, 0, sizeof *o);
    const preset *p;
    if (!strcmp(arch, "ensemble")) {
        p = &ensemble_members[0];
        snprintf(o->kind, sizeof o->kind, "ensemble");
        for (int i = 0; i < ENSEMBLE_MEMBERS; i++)
            o->members[o->n_members++] = i;
    } else if (!strcmp(arch, "grid")) {
        p = preset_find("attention");
        snprintf(o->kind, sizeof o->kind, "grid");
    } else if (!strcmp(arch, "auto")) { /* train/auto.h: each candidate its preset */
        const char *names[PRESET_AUTO_MAX];
        preset_auto_candidates(names);
        p = preset_find(names[0]);
        snprintf(o->kind, sizeof o->kind, "auto");
    } else if ((p = preset_find(arch))) {
        snprintf(o->kind, sizeof o->kind, "lstm");
    } else {
        return sa_fail(e, "--arch %s: unknown (original, optimized, attention, robust, "
                          "robust-seasonal, linear or auto)", arch);
    }
    config_from_preset(&o->base, p);
    snprintf(o->base.arch, sizeof o->base.arch, "%s", arch);
    if (p->n_seed_features == 0 && trainrun_parse_features(o, p->features, e))
        return -1;
    if (p->n_seed_features > 0)
        o->base.n_features = (int)dataset_seed_features(p->n_seed_features,
                                                        o->base.feature_ids);
    if (!strcmp(arch, "auto"))
        o->base.seq_len = preset_auto_seq_len();
    o->base.split[0] = 0.7;
    o->base.split[1] = 0.85;
    o->base.epochs = 50;
    o->base.horizon = 1;
    o->base.seed = 42;
    snprintf(o->base.target, sizeof o->base.target, "cpu_utilization");
    o->grid_limit = GRID_SIZE;
    o->threads = 1;
    o->patience = 10;
    return 0;
}

int trainrun_parse_features(trainrun_options *o, const char *list, sa_error *e)
{
    int n = feat_parse_list(list, o->base.feature_ids, o->base.columns, e);
    if (n < 0)
        return -1;
    o->base.n_features = n;
    if (o->base.feature_ids[0] != FEAT_CPU)
        return sa_fail(e, "the first feature must be cpu_utilization (the target itself), not "
                          "%s", feat_name(o->base.feature_ids[0], o->base.columns));
    return 0;
}

int trainrun_parse_candidates(trainrun_options *o, const char *list, sa_error *e)
{
    char *storage;
    const char *items[AUTO_MAX_NAMES];
    int n = strlist_split(list, &storage, items, AUTO_MAX_NAMES);
    o->n_auto_names = 0;
    for (int i = 0; i < n; i++) {
        const preset *p = preset_find(items[i]);
        int twice = 0;
        for (size_t j = 0; p && j < o->n_auto_names; j++)
            twice |= !strcmp(o->auto_names[j], p->arch);
        if (!p || twice) {
            sa_fail(e, p ? "'%s' is named twice" : "'%s' is not a preset (robust, "
                    "robust-seasonal, linear, original, optimized, attention)", items[i]);
            free(storage);
            return -1;
        }
        o->auto_names[o->n_auto_names++] = p->arch; /* static: outlives storage */
    }
    free(storage);
    return n > 0 ? 0 : sa_fail(e, "'%s' is not a list of presets", list);
}

int trainrun_parse_members(trainrun_options *o, const char *list, sa_error *e)
{
    char *storage;
    const char *items[ENSEMBLE_MEMBERS];
    int n = strlist_split(list, &storage, items, ENSEMBLE_MEMBERS);
    o->n_members = 0;
    for (int i = 0; i < n; i++) {
        char *end;
        long k = strtol(items[i], &end, 10);
        if (*end || k < 0 || k >= ENSEMBLE_MEMBERS) {
            sa_fail(e, "'%s' is not a member index 0..%d", items[i], ENSEMBLE_MEMBERS - 1);
            free(storage);   /* after the message: items point into it */
            return -1;
        }
        o->members[o->n_members++] = (int)k;
    }
    free(storage);
    return n > 0 ? 0 : sa_fail(e, "'%s' is not a list of member indices", list);
}

/* The independent jobs of a run, dealt out to ranks (job j to rank
 * j % ranks) and, within a rank, to its workers. */
typedef struct job_pool {
    model_member *members;   /* (n) configs in, trained members out */
    size_t n;
    int rank, ranks;         /* this rank of the ranks sharing the jobs */
    job_data data;           /* shared; threads per job set by the caller */
    job_stats *stats;        /* (n) */
    sa_error *errors;        /* (n) */
    int *failed;             /* (n) */
    char (*labels)[48];      /* (n) */
} job_pool;

/* A member of a resumed ensemble that had finished: kept as it is. */
static int job_finished(const model_member *m)
{
    return m->config.epochs_run > 0 && !m->config.interrupted;
}

static void run_jobs(void *ctx, int worker, int n_workers)
{
    job_pool *p = ctx;
    size_t N = (size_t)p->ranks;
    for (size_t j = (size_t)p->rank + (size_t)worker * N; j < p->n; j += (size_t)n_workers * N) {
        if (job_finished(&p->members[j]))
            continue;
        job_data d = p->data;
        d.label = p->labels[j];
        p->failed[j] = job_fit(&p->members[j], &d, &p->stats[j], &p->errors[j]);
    }
}

/* Brings the jobs other ranks trained to rank 0: each rank sends its
 * outcomes in job order, rank 0 receives them in job order (messages from
 * one sender arrive in order). Returns 0, or -1 with e set. */
static int gather_jobs(job_pool *p, sa_error *e)
{
    for (size_t j = 0; j < p->n; j++) {
        int owner = (int)(j % (size_t)p->ranks);
        if (owner == 0 && p->rank == 0)
            continue;
        void *buf;
        size_t bytes;
        if (p->rank == owner) {
            int rc = job_pack(&p->members[j], &p->stats[j], p->failed[j], &p->errors[j], &buf,
                              &bytes) ? sa_fail(e, "out of memory")
                  : mpi_comm_send(buf, bytes, 0) ? sa_fail(e, "could not send job %zu to rank 0", j)
                  : 0;
            free(buf);
            if (rc)
                return -1;
        } else if (p->rank == 0) {
            if (mpi_comm_recv(&buf, &bytes, owner))
                return sa_fail(e, "could not receive job %zu from rank %d", j, owner);
            int rc = job_unpack(&p->members[j], &p->stats[j], &p->failed[j], &p->errors[j], buf,
                                bytes, e);
            free(buf);
            if (rc)
                return -1;
        }
    }
    return 0;
}

/* Fills the member configs of the run into members (capacity GRID_SIZE);
 * their provenance is recorded once the data is read. */
static size_t plan_jobs(const trainrun_options *o, model_member *members)
{
    size_t n = 0;
    if (o->resume) { /* the interrupted run's members, as they were */
        for (; n < o->n_resume && n < GRID_SIZE; n++)
            members[n].config = o->resume[n].config;
    } else if (!strcmp(o->kind, "ensemble")) {
        /* A member's architecture, lr and batch; the windows (seq_len) and
         * everything else are the run's. */
        for (size_t i = 0; i < o->n_members; i++) {
            const preset *mp = &ensemble_members[o->members[i]];
            model_config *c = &members[n++].config;
            *c = o->base;
            c->net = mp->net;
            c->net.steps = o->base.net.steps;   /* the run's path, on every member */
            c->lr = mp->lr;
            c->batch = mp->batch;
            snprintf(c->arch, sizeof c->arch, "member%d", o->members[i]);
            c->seed = o->base.seed + o->members[i];
        }
    } else if (!strcmp(o->kind, "grid")) {
        for (size_t i = 0; i < (size_t)o->grid_limit && i < GRID_SIZE; i++) {
            model_config *c = &members[n++].config;
            *c = o->base;
            preset g = grid_point(i);
            c->net = g.net;
            c->net.steps = o->base.net.steps;
            c->lr = g.lr;
        }
    } else {
        members[n++].config = o->base;
    }
    for (size_t i = 0; i < n; i++)
        members[i].weight = 1;
    return n;
}

/* Labels the n planned jobs ("grid 3/54") and checks each one's settings
 * (model_check_settings), so that a size the model file would refuse stops
 * the run before any data is read or any training starts. Returns 0, or -1
 * with e set ("grid 3/54: layers 9 is out of range 1..8"). */
static int check_jobs(const char *kind, const model_member *members, size_t n,
                      char (*labels)[48], sa_error *e)
{
    for (size_t j = 0; j < n; j++)
        snprintf(labels[j], sizeof labels[j], n > 1 ? "%s %zu/%zu" : "%s", kind, j + 1, n);
    for (size_t j = 0; j < n; j++)
        if (model_check_settings(&members[j].config, e))
            return n > 1 ? sa_wrap(e, "%s", labels[j]) : -1;
    return 0;
}

/* The smallest and largest target over the rows of p's training windows
 * (their inputs and targets) into range. */
static void target_range(const prepared *p, double range[2])
{
    const window_set *w = &p->w;
    const feat_matrix *fm = &p->d.fm;
    size_t last = w->n_train ? w->end[w->n_train - 1] + w->horizon : 0;
    range[0] = range[1] = fm->n_rows ? fm->x[0] : 0;
    for (size_t r = 0; r <= last && r < fm->n_rows; r++) {
        range[0] = fmin(range[0], fm->x[r * fm->n_feat]);
        range[1] = fmax(range[1], fm->x[r * fm->n_feat]);
    }
}

/* Records what the members were trained on: the features found, the step,
 * the data file, the hash of its rows, the target's basis and the split
 * times. */
static void record_provenance(model_config *c, const trainrun_options *o, const prepared *p)
{
    const window_set *w = &p->w;
    const int64_t *time = p->d.s.time;
    c->n_features = (int)p->d.fm.n_feat;
    memcpy(c->feature_ids, p->d.fm.ids, sizeof c->feature_ids);
    c->step = p->d.s.step;
    snprintf(c->data_file, sizeof c->data_file, "%s", o->data_path);
    size_t rows;
    series_hash_hex(series_rows_hash(&p->d.s, series_column(&p->d.s, c->target), 0, &rows),
                    c->data_rows_hash);
    c->data_rows = (int64_t)rows;
    snprintf(c->basis, sizeof c->basis, "%s", p->d.demand_column[0] ? "demand" : "");
    target_range(p, c->target_range);
    snprintf(c->instances_column, sizeof c->instances_column, "%s", p->d.demand_column);
    c->split_time[0] = time[w->end[0] + w->horizon];
    c->split_time[1] = time[w->end[window_val_start(w)] + w->horizon];
    c->split_time[2] = w->n_test ? time[w->end[window_test_start(w)] + w->horizon] : 0;
    c->split_time[3] = time[w->end[w->n - 1] + w->horizon] + c->step;
}

/* The grid table as CSV text (owned by the caller) of the finished points
 * among the n (all of them once a grid is done; those so far when it was
 * interrupted), best first; order[] receives their member indices best
 * first and *n_rows their count. */
static char *grid_table(const model_member *m, const job_stats *stats, size_t n, size_t *order,
                        size_t *n_rows)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (job_finished(&m[i]))
            order[k++] = i;
    for (size_t i = 1; i < k; i++) /* insertion sort: stable, k <= 54 */
        for (size_t j = i; j > 0 && job_best_val_loss(&m[order[j]]) <
                                        job_best_val_loss(&m[order[j - 1]]); j--) {
            size_t t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    *n_rows = k;
    size_t cap = 128 + n * 128, len = 0;
    char *text = malloc(cap);
    if (!text)
        return NULL;
    len += (size_t)snprintf(text + len, cap - len,
                            "rank,point,hidden,layers,dropout,lr,epochs,best_epoch,best_val_loss,seconds\n");
    for (size_t r = 0; r < k; r++) {
        const model_config *c = &m[order[r]].config;
        len += (size_t)snprintf(text + len, cap - len, "%zu,%zu,%d,%d,%.2f,%.0e,%d,%d,%.6g,%.1f\n",
                                r + 1, order[r], c->net.hidden, c->net.layers, c->net.dropout,
                                c->lr, c->epochs_run, c->best_epoch, job_best_val_loss(&m[order[r]]),
                                stats[order[r]].seconds);
    }
    return text;
}

/* The fitted transform into m: as it is for a robust model, as the
 * scaler's min and max (min = center, max = center + scale) otherwise. */
static int store_transform(model_file *m, const transform *tf, sa_error *e)
{
    m->n_features = tf->n_feat;
    if (tf->robust)
        return transform_copy(&m->tf, tf, e);
    m->scaler_min = malloc(m->n_features * sizeof(float));
    m->scaler_max = malloc(m->n_features * sizeof(float));
    if (!m->scaler_min || !m->scaler_max)
        return sa_fail(e, "out of memory");
    for (size_t f = 0; f < m->n_features; f++) {
        m->scaler_min[f] = (float)tf->center[f];
        m->scaler_max[f] = (float)(tf->center[f] + tf->scale[f]);
    }
    return 0;
}

/* Test-part metrics of the finished model file m on p (a path's over
 * every window and step), and its conformal calibration on the validation
 * part. */
static int measure_test(model_file *m, const prepared *p, int threads, trainrun_result *r,
                        sa_error *e)
{
    const window_set *w = &p->w;
    size_t S = (size_t)net_steps(&m->members[0].config.net);
    size_t n = w->n_test, first = window_test_start(w), F = p->d.fm.n_feat, M = m->n_members;
    size_t NS = n * S;
    double *actual = malloc((NS + 1) * sizeof *actual), *pred = malloc((NS + 1) * sizeof *pred);
    double *persist = malloc((NS + 1) * sizeof *persist), *each = malloc((NS * M + 1) * sizeof *each);
    predictor f = {0};
    f.model = *m;
    int rc = -1;
    if (!actual || !pred || !persist || !each) {
        sa_fail(e, "out of memory");
        goto done;
    }
    if (predictor_build(&f, e) || train_calibrate(&f, p, threads, e))
        goto done;
    if (n == 0) {
        rc = 0;
        goto done;
    }
    if (predictor_forecast(&f, p, w->end + first, n, threads, pred, NULL, each, e))
        goto done;
    for (size_t k = 0; k < n; k++) {
        size_t t = w->end[first + k];
        for (size_t j = 0; j < S; j++) {
            actual[k * S + j] = p->d.fm.x[(t + window_step_ahead(w->horizon, S, j)) * F];
            persist[k * S + j] = p->d.fm.x[t * F];
        }
    }
    metrics_report mr, pr;
    if (metrics_compute(&mr, actual, pred, NS, e) || metrics_compute(&pr, actual, persist, NS, e))
        goto done;
    r->test_mae = mr.mae;
    r->test_rmse = mr.rmse;
    r->test_r2 = mr.r2;
    r->persistence_mae = pr.mae;
    for (size_t i = 0; i < M && i < 64; i++) {
        metrics_report one;
        if (metrics_compute(&one, actual, each + i * NS, NS, e))
            goto done;
        r->member_mae[i] = one.mae;
    }
    model_set_metric(&f.model, "test_mae", mr.mae);
    model_set_metric(&f.model, "test_rmse", mr.rmse);
    if (mr.r2_defined) /* R² is undefined on constant actuals: no NaN in the file */
        model_set_metric(&f.model, "test_r2", mr.r2);
    model_set_metric(&f.model, "test_persistence_mae", pr.mae);
    model_set_metric(&f.model, "test_windows", (double)n);
    rc = 0;
done:
    /* Hand the model back to the caller; the nets (counted by f.n_nets) and
     * the scaler go with predictor_free. */
    *m = f.model;
    memset(&f.model, 0, sizeof f.model);
    predictor_free(&f);
    free(actual);
    free(pred);
    free(persist);
    free(each);
    return rc;
}

int trainrun_resume(trainrun_options *o, const char *path, sa_error *e)
{
    model_file f;
    if (model_load(&f, path, e))
        return -1;
    int single = !strcmp(f.kind, "lstm") && f.n_members == 1;
    int several = !strcmp(f.kind, "ensemble") || !strcmp(f.kind, "grid");
    int candidates = !strcmp(f.kind, MODEL_KIND_AUTO_PARTIAL); /* train/auto.h */
    int interrupted = 0, equal_weights = 1;
    for (size_t j = 0; j < f.n_members; j++) {
        interrupted |= f.members[j].resume_state != NULL;
        equal_weights &= fabs(f.members[j].weight - 1.0 / (double)f.n_members) < 1e-12;
    }
    if (!(single || several || candidates) || !interrupted) {
        sa_fail(e, "%s: not an interrupted single model, ensemble, grid or --arch auto run "
                "(nothing to resume)", path);
        model_free(&f);
        return -1;
    }
    o->resume = f.members; /* the members are o's now */
    o->n_resume = f.n_members;
    o->resume_grid = f.grid_csv;
    f.grid_csv = NULL;
    f.members = NULL;
    f.n_members = 0;
    snprintf(o->kind, sizeof o->kind, "%s", candidates ? "auto" : f.kind);
    model_free(&f);
    o->weighted = !equal_weights;
    o->base = o->resume[0].config;
    o->data_path = o->resume[0].config.data_file;
    return 0;
}

void trainrun_options_free(trainrun_options *o)
{
    for (size_t j = 0; o->resume && j < o->n_resume; j++)
        model_member_free(&o->resume[j]);
    free(o->resume);
    free(o->resume_grid);
    o->resume = NULL;
    o->resume_grid = NULL;
    o->n_resume = 0;
}

/* Allocates the pool's per-job arrays for up to GRID_SIZE jobs. */
static int pool_alloc(job_pool *pool, sa_error *e)
{
    memset(pool, 0, sizeof *pool);
    pool->members = calloc(GRID_SIZE, sizeof *pool->members);
    pool->stats = calloc(GRID_SIZE, sizeof *pool->stats);
    pool->errors = calloc(GRID_SIZE, sizeof *pool->errors);
    pool->failed = calloc(GRID_SIZE, sizeof *pool->failed);
    pool->labels = calloc(GRID_SIZE, sizeof *pool->labels);
    if (!pool->members || !pool->stats || !pool->errors || !pool->failed || !pool->labels)
        return sa_fail(e, "out of memory");
    return 0;
}

static void pool_free(job_pool *pool)
{
    for (size_t j = 0; pool->members && j < GRID_SIZE; j++)
        model_member_free(&pool->members[j]);
    FREE_ALL(pool->members, pool->stats, pool->errors, pool->failed, pool->labels);
}

/* The seconds column of grid point's row in table (a grid table as
 * grid_table writes it), or 0 when the table has no such row. */
static double grid_row_seconds(const char *table, size_t point)
{
    for (const char *line = table ? strchr(table, '\n') : NULL; line; line = strchr(line, '\n')) {
        line++;
        size_t rank, at;
        if (sscanf(line, "%zu,%zu,", &rank, &at) != 2 || at != point)
            continue;
        const char *end = strchr(line, '\n'), *comma = end ? end : line + strlen(line);
        while (comma > line && comma[-1] != ',')
            comma--;
        return strtod(comma, NULL);
    }
    return 0;
}

/* 1 when now (the provenance of this reading of the data) is what the
 * interrupted run recorded in then: the same features, step and split
 * times — the same windows, as far as the file can tell. */
static int same_reading(const model_config *now, const model_config *then)
{
    return now->n_features == then->n_features && now->step == then->step &&
           !memcmp(now->feature_ids, then->feature_ids,
                   (size_t)now->n_features * sizeof now->feature_ids[0]) &&
           !memcmp(now->split_time, then->split_time, sizeof now->split_time);
}

/* Reads and splits the data for the planned jobs (p), records in every
 * member what it is trained on, and puts copies of the resumed members in
 * their jobs (a finished grid point with its seconds from the table) once
 * the data is known to be the interrupted run's. Fills r's window counts. Returns 0, or -1 with e set. */
static int read_data(prepared *p, job_pool *pool, const trainrun_options *o, trainrun_result *r,
                     sa_error *e)
{
    const model_config *c = &o->base;
    dataset_options dopt = {o->data_path, c->target, c->feature_ids, (size_t)c->n_features, 0,
                            o->calendar, o->fill, 0, c->horizon, o->input, c->features_tz,
                            o->no_demand ? DATASET_DEMAND_NO : DATASET_DEMAND_AUTO, NULL, c->columns};
    if (o->resume) /* read as the interrupted run read it */
        model_data_basis(c, &dopt);
    if (prepare_for_training(p, &dopt, (size_t)c->seq_len, (size_t)c->horizon, c->split,
                             c->robust, c->log1p, e))
        return -1;
    r->n_train = p->w.n_train;
    r->n_val = p->w.n_val;
    r->n_test = p->w.n_test;
    snprintf(r->demand_column, sizeof r->demand_column, "%s", p->d.demand_column);
    snprintf(r->instances_seen, sizeof r->instances_seen, "%s", p->d.instances_seen);
    r->instances_min = p->d.instances_min;
    r->instances_max = p->d.instances_max;
    char data_hash[sizeof c->data_hash] = "";
    if (strcmp(o->data_path, "-") && model_hash_file(o->data_path, data_hash, e))
        return -1;
    for (size_t j = 0; j < pool->n; j++) {
        record_provenance(&pool->members[j].config, o, p);
        snprintf(pool->members[j].config.data_hash, sizeof data_hash, "%s", data_hash);
    }
    for (size_t j = 0; o->resume && j < o->n_resume && j < pool->n; j++) {
        if (strcmp(o->resume[j].config.data_hash, data_hash))
            return sa_fail(e, "%s has changed since the interrupted run (hash %s, it had %s)",
                           o->data_path, data_hash, o->resume[j].config.data_hash);
        if (!same_reading(&pool->members[j].config, &o->resume[j].config))
            return sa_fail(e, "%s: read differently than by the interrupted run (other "
                           "features, step or split times): give the --fill, --max-fill, "
                           "--calendar and input flags it was trained with", o->data_path);
        model_member_free(&pool->members[j]);
        if (model_member_copy(&pool->members[j], &o->resume[j], e))
            return -1;
        pool->members[j].weight = 1;
        pool->stats[j].seconds = grid_row_seconds(o->resume_grid, j);
    }
    return 0;
}

/* Trains the pool's jobs on p and brings every outcome to rank 0. Jobs are
 * dealt to the MPI ranks unless the ranks share one job's batches. One
 * job: all threads on its batches. Several: one thread each, K at once —
 * wherever it runs, so the file does not depend on the rank count.
 * Returns 0 (on rank 0 with r's time and work summed), or -1 with e set:
 * a job failed or the ranks could not exchange the jobs. */
static int train_jobs(job_pool *pool, const prepared *p, const trainrun_options *o,
                      trainrun_result *r, sa_error *e)
{
    size_t n = pool->n;
    int rank = o->local ? 0 : mpi_comm_rank();
    int ranks = o->data_parallel || o->local ? 1 : mpi_comm_size();
    size_t mine = n > (size_t)rank ? (n - (size_t)rank + (size_t)ranks - 1) / (size_t)ranks : 0;
    int workers = n > 1 ? (o->threads < (int)mine ? o->threads : (int)mine) : 1;
    pool->rank = o->data_parallel ? 0 : rank;
    pool->ranks = ranks;
    pool->data = (job_data){p->scaled, p->d.fm.n_rows, p->d.fm.n_feat, &p->w,
                            n > 1 ? 1 : o->threads, o->stop, o->patience, NULL,
                            o->data_parallel, 0};
    parallel_run(workers, run_jobs, pool);
    if (ranks > 1 && gather_jobs(pool, e))
        return -1;
    if (rank != 0)
        return 0;
    for (size_t j = 0; j < n; j++) {
        if (pool->failed[j]) {
            *e = pool->errors[j];
            return sa_wrap(e, "%s", pool->labels[j]);
        }
        r->seconds += pool->stats[j].seconds;
        r->sequences += pool->stats[j].sequences;
    }
    return 0;
}

/* Moves the n members into m, each weighted 1/n, or by its inverse
 * validation loss with weighted. */
static void keep_all(model_file *m, model_member *members, size_t n, int weighted)
{
    double inverse_sum = 0;
    for (size_t j = 0; j < n; j++)
        inverse_sum += 1.0 / job_best_val_loss(&members[j]);
    for (size_t j = 0; j < n; j++) {
        m->members[j] = members[j];
        m->members[j].weight = weighted
            ? (1.0 / job_best_val_loss(&members[j])) / inverse_sum : 1.0 / (double)n;
        memset(&members[j], 0, sizeof members[j]);
    }
    m->n_members = n;
}

/* Moves the trained members into m: the best grid point with the table
 * of all, or every member weighted 1/N (or by inverse validation MSE
 * with o->weighted); the fitted transform of p. An interrupted grid keeps
 * every point (finished, stopped with its state, or not started) and the
 * table of those finished, so that --resume can go on. Returns 0, or -1
 * with e set. */
static int assemble_model(model_file *m, job_pool *pool, const prepared *p,
                          const trainrun_options *o, sa_error *e)
{
    size_t n = pool->n, rows;
    model_member *members = pool->members;
    snprintf(m->kind, sizeof m->kind, "%s", o->kind);
    m->members = calloc(n, sizeof *m->members);
    size_t *order = calloc(n, sizeof *order);
    if (!m->members || !order || store_transform(m, &p->tf, e)) {
        free(order);
        return m->members && order ? -1 : sa_fail(e, "out of memory");
    }
    int grid = !strcmp(o->kind, "grid");
    if (grid && !(m->grid_csv = grid_table(members, pool->stats, n, order, &rows))) {
        free(order);
        return sa_fail(e, "out of memory");
    }
    if (grid && rows == n) {
        m->members[0] = members[order[0]]; /* the best, kept as trained */
        memset(&members[order[0]], 0, sizeof members[0]);
        m->n_members = 1;
    } else {
        keep_all(m, members, n, o->weighted && !grid);
    }
    free(order);
    char val_name[32];   /* val_mse, val_l1 or val_huber: the loss trained on */
    snprintf(val_name, sizeof val_name, "val_%s", loss_name(m->members[0].config.loss));
    model_set_metric(m, val_name, job_best_val_loss(&m->members[0]));
    return 0;
}

int trainrun_baseline_template(model_file *m, const trainrun_options *o, trainrun_result *r,
                               sa_error *e)
{
    memset(m, 0, sizeof *m);
    memset(r, 0, sizeof *r);
    job_pool pool;
    prepared p = {0};
    int rc = pool_alloc(&pool, e);
    if (rc == 0) {
        pool.n = 1;
        pool.members[0].config = o->base;
        rc = read_data(&p, &pool, o, r, e);
    }
    snprintf(m->kind, sizeof m->kind, "baseline");
    if (rc == 0 && (!(m->members = calloc(1, sizeof *m->members)) ||
                    !(m->baseline = calloc(1, sizeof *m->baseline))))
        rc = sa_fail(e, "out of memory");
    if (rc == 0)
        rc = store_transform(m, &p.tf, e);
    if (rc == 0) {
        m->n_members = 1;
        m->members[0].weight = 1;
        m->members[0].config = pool.members[0].config;
        snprintf(m->members[0].config.arch, sizeof m->members[0].config.arch, "%s",
                 baseline_names[BASELINE_PERSISTENCE]);
        rc = baseline_spec_fit(m->baseline, BASELINE_PERSISTENCE, &p, p.w.n_train,
                               o->base.horizon, net_steps(&o->base.net), 1, e);
    }
    pool_free(&pool);
    prepared_free(&p);
    if (rc)
        model_free(m);
    return rc;
}

int trainrun(model_file *m, const trainrun_options *o, trainrun_result *r, sa_error *e)
{
    memset(m, 0, sizeof *m);
    memset(r, 0, sizeof *r);
    if (o->data_parallel && strcmp(o->kind, "lstm"))
        return sa_fail(e, "data-parallel training is for one model, not an %s (whose jobs are "
                          "dealt to the ranks)", o->kind);
    job_pool pool;
    prepared p = {0};
    int rc = pool_alloc(&pool, e);
    if (rc == 0) {
        pool.n = plan_jobs(o, pool.members);
        rc = check_jobs(o->kind, pool.members, pool.n, pool.labels, e);
    }
    if (rc == 0)
        rc = read_data(&p, &pool, o, r, e);
    if (rc == 0)
        rc = train_jobs(&pool, &p, o, r, e);
    /* rank 0 assembles, measures and writes; the other ranks are done */
    if (rc == 0 && (o->local || mpi_comm_rank() == 0)) {
        rc = assemble_model(m, &pool, &p, o, e);
        if (rc == 0)
            rc = measure_test(m, &p, o->threads, r, e);
    }
    pool_free(&pool);
    prepared_free(&p);
    if (rc)
        model_free(m);
    return rc;
}
