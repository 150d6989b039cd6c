/* model.c — see model.h. Layout of the file: the comment at the top of
 * model.h. Sizes: H hidden, D head width, F features, L layers. */
#include "model/model.h"
#include "base/array.h"
#include "model/checksum.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "base/version.h"
#include "model/baseline_file.h"
#include "model/h5.h"
#include "model/calibration_io.h"
#include "base/outfile.h"
#include "nn/loss.h"

/* ---- the config as a table of attributes ---- */

/* The int, double and string fields of model_config, each stored as one
 * attribute of the same name; save and load both walk these tables. */
typedef struct int_field {
    const char *name;
    size_t offset;
} int_field;

static const int_field int_fields[] = {
    {"hidden", offsetof(model_config, net.hidden)},
    {"layers", offsetof(model_config, net.layers)},
    {"head", offsetof(model_config, net.head)},
    {"seq_len", offsetof(model_config, seq_len)},
    {"horizon", offsetof(model_config, horizon)},
    {"attention", offsetof(model_config, net.attention)},
    {"batch", offsetof(model_config, batch)},
    {"epochs", offsetof(model_config, epochs)},
    {"seed", offsetof(model_config, seed)},
    {"epochs_run", offsetof(model_config, epochs_run)},
    {"best_epoch", offsetof(model_config, best_epoch)},
    {"interrupted", offsetof(model_config, interrupted)},
};

static const int_field double_fields[] = {
    {"dropout", offsetof(model_config, net.dropout)},
    {"lr", offsetof(model_config, lr)},
};

/* Fields of the robust models (issue 14) and of forecast paths (issue 23:
 * steps, where 0 means one step, net.h): written only when not 0, read as
 * 0 when absent, so the seed presets' files and one-step models keep their
 * layout and old files load. */
static const int_field optional_int_fields[] = {
    {"highway", offsetof(model_config, net.highway)},
    {"residual", offsetof(model_config, net.residual)},
    {"robust", offsetof(model_config, robust)},
    {"steps", offsetof(model_config, net.steps)},
    {"window_scale", offsetof(model_config, window_scale)},
};

static const int_field optional_double_fields[] = {
    {"clip", offsetof(model_config, net.clip)},
};

typedef struct string_field {
    const char *name;
    size_t offset, cap;
} string_field;

static const string_field string_fields[] = {
    {"arch", offsetof(model_config, arch), sizeof ((model_config *)0)->arch},
    {"target", offsetof(model_config, target), sizeof ((model_config *)0)->target},
    {"data_file", offsetof(model_config, data_file), sizeof ((model_config *)0)->data_file},
    {"data_hash", offsetof(model_config, data_hash), sizeof ((model_config *)0)->data_hash},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Fails unless lo <= v <= hi. */
static int check_range(const char *name, long long v, long long lo, long long hi,
                       sa_error *e)
{
    if (v < lo || v > hi)
        return sa_fail(e, "%s %lld is out of range %lld..%lld", name, v, lo, hi);
    return 0;
}

net_config model_net_config(const model_config *c)
{
    unsigned relative = c->n_features > 0
        ? transform_relative_ids(c->feature_ids, (size_t)c->n_features) : 0;
    return (net_config){.n_inputs = c->n_features, .seq_len = c->seq_len, .arch = c->net,
                        .relative = relative, .window_scale = c->window_scale};
}

int model_check_settings(const model_config *c, sa_error *e)
{
    if (check_range("number of features", c->n_features, 1, FEAT_MAX, e) < 0)
        return -1;
    net_config nc = model_net_config(c);
    if (net_check_config(&nc, e) < 0 ||
        check_range("horizon", c->horizon, 1, MODEL_MAX_HORIZON, e) < 0 ||
        check_range("batch", c->batch, 1, MODEL_MAX_BATCH, e) < 0 ||
        check_range("epochs", c->epochs, 0, MODEL_MAX_EPOCHS, e) < 0)
        return -1;
    if (!(c->lr > 0 && isfinite(c->lr)))
        return sa_fail(e, "lr %g is not a positive number", c->lr);
    if (!(c->split[0] > 0 && c->split[0] <= c->split[1] && c->split[1] <= 1))
        return sa_fail(e, "split %g,%g is not 0 < train <= train+val <= 1",
                       c->split[0], c->split[1]);
    if (!c->arch[0] || !c->target[0])
        return sa_fail(e, "%s is empty", c->arch[0] ? "target" : "arch");
    if (c->schedule[0] && strcmp(c->schedule, "plateau") && strcmp(c->schedule, "cosine"))
        return sa_fail(e, "schedule '%s' is not plateau or cosine", c->schedule);
    /* A path (steps > 1) forecasts steps 1..S: its horizon is S. */
    if (c->net.steps > 1 && c->horizon != c->net.steps)
        return sa_fail(e, "steps %d with horizon %d: a forecast path covers steps 1..S, "
                          "so its horizon must be S", c->net.steps, c->horizon);
    if (c->basis[0] && strcmp(c->basis, "demand"))
        return sa_fail(e, "basis '%s' is not demand", c->basis);
    if (!strcmp(c->basis, "demand") && !c->instances_column[0])
        return sa_fail(e, "basis demand names no instances_column");
    if (check_range("robust", c->robust, 0, 1, e) < 0 ||
        check_range("loss", c->loss, LOSS_MSE, LOSS_HUBER, e) < 0 ||
        check_range("log1p", c->log1p, TRANSFORM_LOG1P_AUTO, TRANSFORM_LOG1P_OFF, e) < 0)
        return -1;
    int seen[FEAT_MAX] = {0};
    for (int i = 0; i < c->n_features; i++) {
        int id = c->feature_ids[i];
        int column = id >= FEAT_COUNT && id < FEAT_MAX;
        if (id < 0 || id >= FEAT_MAX || (column && !c->columns[id - FEAT_COUNT][0]))
            return sa_fail(e, "feature id %d is not a feature", id);
        if (seen[id]++)
            return sa_fail(e, "feature %s appears twice", feat_name(id, c->columns));
    }
    for (int k = 0; k < FEAT_MAX_COLUMNS && c->columns[k][0]; k++)
        for (int j = 0; j < k; j++)
            if (!strcmp(c->columns[j], c->columns[k]))
                return sa_fail(e, "feature %s appears twice", c->columns[k]);
    return 0;
}

int model_check_config(const model_config *c, sa_error *e)
{
    if (model_check_settings(c, e) < 0 ||
        check_range("epochs_run", c->epochs_run, 0, MODEL_MAX_EPOCHS, e) < 0 ||
        check_range("best_epoch", c->best_epoch, 0, c->epochs_run, e) < 0 ||
        check_range("interrupted", c->interrupted, 0, 1, e) < 0)
        return -1;
    if (c->step <= 0)
        return sa_fail(e, "step_seconds %lld is not positive", (long long)c->step);
    return 0;
}

int model_expected_tensors(const model_config *c, model_tensor *out, sa_error *e)
{
    if (model_check_config(c, e) < 0)
        return -1;
    net_config nc = model_net_config(c);
    net_tensor table[NET_MAX_TENSORS];
    size_t n_params;
    int n = net_layout(&nc, table, &n_params, e);
    for (int i = 0; i < n; i++) {
        memset(&out[i], 0, sizeof out[i]);
        _Static_assert(sizeof out[i].name == sizeof table[i].name, "tensor names differ");
        memcpy(out[i].name, table[i].name, sizeof out[i].name);
        out[i].ndim = table[i].ndim;
        out[i].dims[0] = table[i].rows;
        out[i].dims[1] = table[i].cols;
    }
    return n;
}

/* 1 when a value of data (n) is infinite or NaN: all exponent bits set.
 * Without an early exit the compiler vectorizes it (a loaded model's
 * 200,000 weights in microseconds). */
static int any_nonfinite(const float *data, size_t n)
{
    uint32_t bad = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t bits;
        memcpy(&bits, &data[i], sizeof bits);
        bad |= (bits & 0x7f800000u) == 0x7f800000u;
    }
    return bad != 0;
}

/* Index of the first non-finite value of data (n), or -1. */
static long first_nonfinite(const float *data, size_t n)
{
    if (!any_nonfinite(data, n))
        return -1;
    for (size_t i = 0; i < n; i++)
        if (!isfinite(data[i]))
            return (long)i;
    return -1;
}

int model_check_member(const model_member *member, sa_error *e)
{
    model_tensor want[MODEL_MAX_TENSORS];
    int n = model_expected_tensors(&member->config, want, e);
    if (n < 0)
        return -1;
    for (int i = 0; i < n; i++) {
        const model_tensor *t = model_find_tensor(member, want[i].name);
        if (!t || !t->data)
            return sa_fail(e, "tensor %s is missing", want[i].name);
        if (t->ndim != want[i].ndim || t->dims[0] != want[i].dims[0] ||
            t->dims[1] != want[i].dims[1])
            return sa_fail(e, "tensor %s has shape (%zu, %zu), expected (%zu, %zu)",
                           t->name, t->dims[0], t->dims[1], want[i].dims[0],
                           want[i].dims[1]);
        long bad = first_nonfinite(t->data, t->dims[0] * t->dims[1]);
        if (bad >= 0)
            return sa_fail(e, "tensor %s has a non-finite value at index %ld", t->name, bad);
    }
    if (member->n_tensors != (size_t)n)
        return sa_fail(e, "%zu tensors, the configuration has %d", member->n_tensors, n);
    if (member->n_epochs > MODEL_MAX_EPOCHS)
        return sa_fail(e, "history length %zu exceeds %d", member->n_epochs,
                       MODEL_MAX_EPOCHS);
    if (member->n_epochs && (!member->train_loss || !member->val_loss || !member->lr))
        return sa_fail(e, "history arrays are missing");
    return 0;
}

const model_tensor *model_find_tensor(const model_member *member, const char *name)
{
    for (size_t i = 0; i < member->n_tensors; i++)
        if (!strcmp(member->tensors[i].name, name))
            return &member->tensors[i];
    return NULL;
}

int model_add_tensor(model_member *member, const char *name, int ndim, size_t rows,
                     size_t cols, const float *data, sa_error *e)
{
    if (member->n_tensors >= MODEL_MAX_TENSORS)
        return sa_fail(e, "tensor %s: more than %d tensors", name, MODEL_MAX_TENSORS);
    if (strlen(name) >= sizeof member->tensors[0].name)
        return sa_fail(e, "tensor name %s is too long", name);
    if (model_find_tensor(member, name))
        return sa_fail(e, "tensor %s is already present", name);
    if ((ndim != 1 && ndim != 2) || (ndim == 1 && cols != 1))
        return sa_fail(e, "tensor %s: ndim %d with %zu columns", name, ndim, cols);
    if (cols && rows > SIZE_MAX / sizeof(float) / cols)
        return sa_fail(e, "tensor %s: %zu x %zu is too large", name, rows, cols);
    size_t n = rows * cols;
    float *copy = malloc(n ? n * sizeof *copy : 1);
    if (!copy)
        return sa_fail(e, "out of memory");
    if (n)
        memcpy(copy, data, n * sizeof *copy);
    model_tensor *t = &member->tensors[member->n_tensors++];
    memset(t, 0, sizeof *t);
    snprintf(t->name, sizeof t->name, "%s", name);
    t->ndim = ndim;
    t->dims[0] = rows;
    t->dims[1] = cols;
    t->data = copy;
    return 0;
}

void model_set_metric(model_file *m, const char *name, double value)
{
    size_t i = 0;
    while (i < m->n_metrics && strncmp(m->metrics[i].name, name, sizeof m->metrics[i].name - 1))
        i++;
    if (i == MODEL_MAX_METRICS)
        return;
    if (i == m->n_metrics) {
        snprintf(m->metrics[i].name, sizeof m->metrics[i].name, "%s", name);
        m->n_metrics++;
    }
    m->metrics[i].value = value;
}

/* A new copy of the n floats at src in *dst (NULL when n is 0). */
static int copy_floats(float **dst, const float *src, size_t n)
{
    *dst = NULL;
    if (!n || !src)
        return 0;
    *dst = malloc(n * sizeof **dst);
    if (!*dst)
        return -1;
    memcpy(*dst, src, n * sizeof **dst);
    return 0;
}

int model_member_copy(model_member *dst, const model_member *src, sa_error *e)
{
    memset(dst, 0, sizeof *dst);
    dst->config = src->config;
    dst->weight = src->weight;
    dst->n_epochs = src->n_epochs;
    dst->n_resume_state = src->n_resume_state;
    memcpy(dst->resume_values, src->resume_values, sizeof dst->resume_values);
    for (size_t i = 0; i < src->n_tensors; i++) {
        const model_tensor *t = &src->tensors[i];
        if (model_add_tensor(dst, t->name, t->ndim, t->dims[0], t->dims[1], t->data, e)) {
            model_member_free(dst);
            return -1;
        }
    }
    if (copy_floats(&dst->train_loss, src->train_loss, src->n_epochs) ||
        copy_floats(&dst->val_loss, src->val_loss, src->n_epochs) ||
        copy_floats(&dst->lr, src->lr, src->n_epochs) ||
        copy_floats(&dst->resume_state, src->resume_state, src->n_resume_state)) {
        model_member_free(dst);
        return sa_fail(e, "out of memory");
    }
    return 0;
}

void model_member_free(model_member *member)
{
    for (size_t t = 0; t < member->n_tensors; t++)
        free(member->tensors[t].data);
    FREE_ALL(member->train_loss, member->val_loss, member->lr, member->resume_state);
    memset(member, 0, sizeof *member);
}

void model_free(model_file *m)
{
    for (size_t i = 0; m->members && i < m->n_members; i++)
        model_member_free(&m->members[i]);
    free(m->members);
    free(m->scaler_min);
    free(m->scaler_max);
    transform_free(&m->tf);
    free(m->grid_csv);
    free(m->auto_csv);
    if (m->baseline)
        baseline_spec_free(m->baseline);
    free(m->baseline);
    conformal_set_free(&m->calibration);
    for (size_t i = 0; m->parts && i < m->n_parts; i++)
        model_free(&m->parts[i]);
    free(m->parts);
    free(m->part_weight);
    memset(m, 0, sizeof *m);
}

void model_data_basis(const model_config *c, dataset_options *o)
{
    int demand = !strcmp(c->basis, "demand");
    o->demand = demand ? DATASET_DEMAND_REQUIRED : DATASET_DEMAND_NO;
    o->instances_column = demand ? c->instances_column : NULL;
}

const char *model_target_label(const model_config *c, char *buf, size_t len)
{
    if (!strcmp(c->basis, "demand"))
        snprintf(buf, len, "%s x %s / 100 (demand, busy instances)", c->target,
                 c->instances_column);
    else
        snprintf(buf, len, "%s", c->target);
    return buf;
}

const char *model_sizing_basis(const model_config *c)
{
    static const char *const rates[] = {"request", "count", "bytes", "network", "rps", "qps",
                                        "latency", "disk", "packet"};
    if (!strcmp(c->basis, "demand"))
        return "demand";
    for (size_t i = 0; i < COUNT(rates); i++)
        if (strcasestr(c->target, rates[i]))
            return "";
    if (dataset_is_utilisation(c->target))
        return "cpu";
    int known = c->target_range[0] != 0 || c->target_range[1] != 0;
    return !known || (c->target_range[0] >= 0 && c->target_range[1] <= 100) ? "cpu" : "";
}

int model_hash_file(const char *path, char hex[17], sa_error *e)
{
    long long unused;
    return model_hash_prefix(path, "", hex, &unused, e);
}

int model_hash_prefix(const char *path, const char *want, char hex[17],
                      long long *prefix_bytes, sa_error *e)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return sa_fail(e, "%s: cannot open: %s", path, strerror(errno));
    unsigned long long target = 0;
    int have_target = sscanf(want, "%16llx", &target) == 1;
    uint64_t h = 0xcbf29ce484222325ULL;  /* FNV-1a 64 offset basis */
    unsigned char buf[65536];
    size_t got;
    long long at = 0;
    *prefix_bytes = -1;
    while ((got = fread(buf, 1, sizeof buf, fp)) > 0)
        for (size_t i = 0; i < got; i++) {
            h = (h ^ buf[i]) * 0x100000001b3ULL;
            at++;
            if (buf[i] == '\n' && have_target && *prefix_bytes < 0 && h == target)
                *prefix_bytes = at;
        }
    int bad = ferror(fp);
    fclose(fp);
    if (bad)
        return sa_fail(e, "%s: read error", path);
    if (have_target && *prefix_bytes < 0 && h == target)
        *prefix_bytes = at;
    snprintf(hex, 17, "%016llx", (unsigned long long)h);
    return 0;
}

/* ---- saving ---- */

/* The robust models' attributes of c that are not 0 (header of model.h). */
static int write_optional(hid_t g, const model_config *c, sa_error *e)
{
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < COUNT(optional_int_fields); i++) {
        int v = *(const int *)((const char *)c + optional_int_fields[i].offset);
        if (v)
            rc = h5_set_int(g, optional_int_fields[i].name, v, e);
    }
    for (size_t i = 0; rc == 0 && i < COUNT(optional_double_fields); i++) {
        double v = *(const double *)((const char *)c + optional_double_fields[i].offset);
        if (v != 0)
            rc = h5_set_double(g, optional_double_fields[i].name, v, e);
    }
    if (rc == 0 && c->loss != LOSS_MSE)
        rc = h5_set_string(g, "loss", loss_name(c->loss), e);
    if (rc == 0 && c->robust)
        rc = h5_set_string(g, "log1p", transform_log1p_name(c->log1p), e);
    return rc;
}

/* The attributes of c that say what data it read and how, and what auto
 * could keep (written where set, so that older files keep their layout). */
static int write_provenance(hid_t g, const model_config *c, sa_error *e)
{
    int rc = 0;
    if (c->data_rows_hash[0]) {
        rc = h5_set_string(g, "data_rows_hash", c->data_rows_hash, e);
        if (rc == 0)
            rc = h5_set_int64s(g, "data_rows", &c->data_rows, 1, e);
    }
    if (rc == 0 && c->basis[0])
        rc = h5_set_string(g, "basis", c->basis, e);
    if (rc == 0 && c->instances_column[0])
        rc = h5_set_string(g, "instances_column", c->instances_column, e);
    if (rc == 0 && c->auto_baselines[0])
        rc = h5_set_string(g, "auto_baselines", c->auto_baselines, e);
    if (rc == 0 && (c->target_range[0] != 0 || c->target_range[1] != 0))
        rc = h5_set_doubles(g, "target_range", c->target_range, 2, e);
    return rc;
}

static int write_config(hid_t loc, const model_config *c, sa_error *e)
{
    hid_t g = h5_group_create(loc, "config", e);
    if (g < 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < COUNT(string_fields); i++)
        rc = h5_set_string(g, string_fields[i].name,
                           (const char *)c + string_fields[i].offset, e);
    for (size_t i = 0; rc == 0 && i < COUNT(int_fields); i++)
        rc = h5_set_int(g, int_fields[i].name,
                        *(const int *)((const char *)c + int_fields[i].offset), e);
    for (size_t i = 0; rc == 0 && i < COUNT(double_fields); i++)
        rc = h5_set_double(g, double_fields[i].name,
                           *(const double *)((const char *)c + double_fields[i].offset), e);
    if (rc == 0)
        rc = write_optional(g, c, e);
    const char *names[FEAT_MAX];
    for (int i = 0; i < c->n_features; i++)
        names[i] = feat_name(c->feature_ids[i], c->columns);
    if (rc == 0)
        rc = h5_set_doubles(g, "split", c->split, 2, e);
    if (rc == 0)
        rc = h5_set_int64s(g, "step_seconds", &c->step, 1, e);
    if (rc == 0)
        rc = h5_set_int64s(g, "split_time", c->split_time, 4, e);
    if (rc == 0)
        rc = h5_set_strings(g, "features", names, (size_t)c->n_features, e);
    if (rc == 0 && c->schedule[0])   /* optional: none (older files too) means plateau */
        rc = h5_set_string(g, "schedule", c->schedule, e);
    if (rc == 0 && c->features_tz[0])
        rc = h5_set_string(g, "features_tz", c->features_tz, e);
    if (rc == 0)
        rc = write_provenance(g, c, e);
    H5Gclose(g);
    return rc;
}

/* Writes the 1-D float dataset name of n values. */
static int write_vector(hid_t loc, const char *name, const float *v, size_t n, sa_error *e)
{
    size_t dims[2] = {n, 1};
    return h5_write_floats(loc, name, 1, dims, v, e);
}

/* /config, /weights and /history of one member into loc. */
static int write_member(hid_t loc, const model_member *mm, sa_error *e)
{
    if (write_config(loc, &mm->config, e) < 0)
        return -1;
    hid_t g = h5_group_create(loc, "weights", e);
    if (g < 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < mm->n_tensors; i++) {
        const model_tensor *t = &mm->tensors[i];
        rc = h5_write_floats(g, t->name, t->ndim, t->dims, t->data, e);
    }
    H5Gclose(g);
    if (rc < 0 || (g = h5_group_create(loc, "history", e)) < 0)
        return -1;
    rc = write_vector(g, "train_loss", mm->train_loss, mm->n_epochs, e);
    if (rc == 0)
        rc = write_vector(g, "val_loss", mm->val_loss, mm->n_epochs, e);
    if (rc == 0)
        rc = write_vector(g, "lr", mm->lr, mm->n_epochs, e);
    H5Gclose(g);
    if (rc < 0 || !mm->resume_state)
        return rc;
    if ((g = h5_group_create(loc, "resume", e)) < 0)
        return -1;
    rc = write_vector(g, "state", mm->resume_state, mm->n_resume_state, e);
    if (rc == 0)
        rc = h5_set_doubles(g, "values", mm->resume_values, MODEL_RESUME_VALUES, e);
    H5Gclose(g);
    return rc;
}

/* The /resume group of an interrupted run, when there is one: 3 P floats
 * (P = the member's weights) and the scalars. */
static int read_resume(hid_t loc, model_member *mm, sa_error *e)
{
    if (!h5_has(loc, "resume"))
        return 0;
    size_t P = 0;
    for (size_t t = 0; t < mm->n_tensors; t++)
        P += mm->tensors[t].dims[0] * mm->tensors[t].dims[1];
    hid_t g = h5_group_open(loc, "resume", e);
    if (g < 0)
        return -1;
    int rc = h5_read_floats_1d(g, "state", 3 * P, &mm->resume_state, &mm->n_resume_state, e);
    if (rc == 0 && mm->n_resume_state != 3 * P)
        rc = h5_fail(e, g, "state", "holds %zu values, the weights need %zu",
                     mm->n_resume_state, 3 * P);
    if (rc == 0)
        rc = h5_get_doubles(g, "values", mm->resume_values, MODEL_RESUME_VALUES, e);
    H5Gclose(g);
    return rc;
}

static int is_kind(const char *kind)
{
    return !strcmp(kind, "lstm") || !strcmp(kind, "ensemble") || !strcmp(kind, "grid") ||
           !strcmp(kind, "baseline") || !strcmp(kind, MODEL_KIND_BLEND) ||
           !strcmp(kind, MODEL_KIND_AUTO_PARTIAL);
}

/* A blend of whole models (blend.h): parts instead of a scaler. */
static int is_blend(const model_file *m)
{
    return !strcmp(m->kind, MODEL_KIND_BLEND);
}

/* An --arch auto run stopped part-way: its members are the candidates, each
 * with its own features, and it has no scaler or transform (model.h). */
static int is_auto_partial(const model_file *m)
{
    return !strcmp(m->kind, MODEL_KIND_AUTO_PARTIAL);
}

/* Fails unless every member forecasts the same steps and the calibration
 * (when there is one) has a row of scores for each of them. */
static int check_calibration_steps(const model_file *m, sa_error *e)
{
    int S = net_steps(&m->members[0].config.net);
    for (size_t i = 1; i < m->n_members; i++)
        if (net_steps(&m->members[i].config.net) != S)
            return sa_fail(e, "member %zu forecasts %d steps, member 0 %d", i,
                           net_steps(&m->members[i].config.net), S);
    if (m->calibration.n && conformal_steps(&m->calibration) != (size_t)S)
        return sa_fail(e, "/calibration has scores for %zu steps, the model forecasts %d",
                       conformal_steps(&m->calibration), S);
    return 0;
}

/* Metric names, and the calibration's steps: the last checks of every
 * kind. */
static int check_tail(const model_file *m, sa_error *e)
{
    for (size_t i = 0; i < m->n_metrics; i++)
        if (!m->metrics[i].name[0])
            return sa_fail(e, "metric %zu has no name", i);
    return check_calibration_steps(m, e);
}

static int check_model(const model_file *m, sa_error *e);

/* check_model of a blend: its config, every part (never itself a blend),
 * and that the config covers them (model_blend_check). */
static int check_blend(const model_file *m, sa_error *e)
{
    if (m->n_members != 1 || m->baseline)
        return sa_fail(e, "kind %s with %zu members%s", MODEL_KIND_BLEND, m->n_members,
                       m->baseline ? " and a baseline" : "");
    if (model_check_config(&m->members[0].config, e) < 0)
        return sa_wrap(e, "config");
    if (m->n_parts < 1 || m->n_parts > MODEL_MAX_MEMBERS || !m->parts || !m->part_weight)
        return sa_fail(e, "%zu parts, expected 1..%d", m->n_parts, MODEL_MAX_MEMBERS);
    for (size_t i = 0; i < m->n_parts; i++) {
        if (is_blend(&m->parts[i]))
            return sa_fail(e, "part %zu: a part cannot be of kind %s", i, MODEL_KIND_BLEND);
        if (check_model(&m->parts[i], e) < 0)
            return sa_wrap(e, "part %zu", i);
    }
    if (model_blend_check(m, e) < 0)
        return -1;
    return check_tail(m, e);
}

/* Everything model_save checks before creating a file. */
static int check_model(const model_file *m, sa_error *e)
{
    if (!is_kind(m->kind))
        return sa_fail(e, "kind '%s' is not lstm, ensemble, grid, baseline, blend or %s",
                       m->kind, MODEL_KIND_AUTO_PARTIAL);
    if (m->n_members < 1 || m->n_members > MODEL_MAX_MEMBERS || !m->members)
        return sa_fail(e, "%zu members, expected 1..%d", m->n_members, MODEL_MAX_MEMBERS);
    if (is_blend(m))
        return check_blend(m, e);
    if (m->n_parts)
        return sa_fail(e, "kind %s with parts", m->kind);
    int baseline = !strcmp(m->kind, "baseline");
    if ((!strcmp(m->kind, "lstm") || baseline) && m->n_members != 1)
        return sa_fail(e, "kind %s with %zu members", m->kind, m->n_members);
    if (baseline != (m->baseline != NULL))
        return sa_fail(e, "kind %s %s a baseline", m->kind, baseline ? "without" : "with");
    if (baseline && (model_check_config(&m->members[0].config, e) < 0 ||
                     baseline_spec_check(m->baseline, m->n_features, e) < 0))
        return -1;
    for (size_t i = 0; i < m->n_members && !baseline; i++) {
        if (model_check_member(&m->members[i], e) < 0)
            return sa_wrap(e, "member %zu", i);
    }
    for (size_t i = 0; i < m->n_members && is_auto_partial(m); i++)
        if (!isfinite(m->members[i].weight))
            return sa_fail(e, "member %zu: weight is not finite", i);
    if (is_auto_partial(m))
        return 0;
    for (size_t i = 0; i < m->n_members; i++) {
        const model_config *c = &m->members[i].config;
        if ((size_t)c->n_features != m->n_features ||
            memcmp(c->feature_ids, m->members[0].config.feature_ids,
                   m->n_features * sizeof c->feature_ids[0]))
            return sa_fail(e, "member %zu: features differ from the scaler's", i);
        if (!isfinite(m->members[i].weight))
            return sa_fail(e, "member %zu: weight is not finite", i);
    }
    if (m->members[0].config.robust) {
        if (m->tf.n_feat != m->n_features || !m->tf.robust)
            return sa_fail(e, "the robust transform is missing");
        if (transform_check(&m->tf, e) < 0)
            return sa_wrap(e, "transform");
    } else if (!m->scaler_min || !m->scaler_max ||
               first_nonfinite(m->scaler_min, m->n_features) >= 0 ||
               first_nonfinite(m->scaler_max, m->n_features) >= 0)
        return sa_fail(e, "the scaler is missing or not finite");
    return check_tail(m, e);
}

/* The current time as ISO 8601 UTC into buf[cap]. */
static void now_iso8601(char *buf, size_t cap)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, cap, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int write_root_attrs(hid_t f, const model_file *m, sa_error *e)
{
    char created[sizeof m->created];
    if (m->created[0])
        snprintf(created, sizeof created, "%s", m->created);
    else
        now_iso8601(created, sizeof created);
    if (h5_set_string(f, "format", MODEL_FORMAT, e) < 0 ||
        h5_set_int(f, "format_version", MODEL_FORMAT_VERSION, e) < 0 ||
        h5_set_string(f, "kind", m->kind, e) < 0 ||
        h5_set_string(f, "created", created, e) < 0 ||
        h5_set_string(f, "scaleahead_version", SA_VERSION, e) < 0)
        return -1;
    return 0;
}

/* One numbered item of m (a member, a part) into group g, and its weight. */
typedef int (*write_item)(hid_t g, const model_file *m, size_t i, double *weight, sa_error *e);

/* Group name of loc holding 0 .. n-1, each written by write_one with a
 * float64 attribute "weight". */
static int write_numbered(hid_t loc, const char *name, const model_file *m, size_t n,
                          write_item write_one, sa_error *e)
{
    hid_t g = h5_group_create(loc, name, e);
    if (g < 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        char sub[24];
        snprintf(sub, sizeof sub, "%zu", i);
        hid_t ig = h5_group_create(g, sub, e);
        double weight = 0;
        rc = ig < 0 ? -1 : write_one(ig, m, i, &weight, e);
        if (rc == 0)
            rc = h5_set_double(ig, "weight", weight, e);
        if (ig >= 0)
            H5Gclose(ig);
    }
    H5Gclose(g);
    return rc;
}

static int write_member_item(hid_t g, const model_file *m, size_t i, double *weight, sa_error *e)
{
    *weight = m->members[i].weight;
    return write_member(g, &m->members[i], e);
}

static int write_members(hid_t f, const model_file *m, sa_error *e)
{
    if (!strcmp(m->kind, "lstm"))
        return write_member(f, &m->members[0], e);
    if (m->baseline)
        return write_config(f, &m->members[0].config, e) < 0 ? -1
               : baseline_file_write(f, m->baseline, e);
    if (is_blend(m)) /* the blend's own config; its parts follow (write_parts) */
        return write_config(f, &m->members[0].config, e);
    if (write_config(f, &m->members[0].config, e) < 0)
        return -1;
    return write_numbered(f, "members", m, m->n_members, write_member_item, e);
}

/* The attributes of /transform (header of model.h). */
static int write_transform(hid_t g, const transform *t, sa_error *e)
{
    size_t F = t->n_feat;
    int64_t flags[2][FEAT_MAX];
    for (size_t f = 0; f < F; f++) {
        flags[0][f] = t->log1p[f];
        flags[1][f] = t->role[f];
    }
    if (h5_set_doubles(g, "center", t->center, F, e) < 0 ||
        h5_set_doubles(g, "scale", t->scale, F, e) < 0 ||
        h5_set_int64s(g, "log1p", flags[0], F, e) < 0 ||
        h5_set_int64s(g, "role", flags[1], F, e) < 0)
        return -1;
    if (t->lo && (h5_set_doubles(g, "min", t->lo, F, e) < 0 ||
                  h5_set_doubles(g, "max", t->hi, F, e) < 0))
        return -1;
    return 0;
}

static int write_model(hid_t f, const model_file *m, sa_error *e);

static int write_part_item(hid_t g, const model_file *m, size_t i, double *weight, sa_error *e)
{
    *weight = m->part_weight[i];
    return write_model(g, &m->parts[i], e);
}

/* /parts/I of blend m: each part as a whole model, and its weight. */
static int write_parts(hid_t f, const model_file *m, sa_error *e)
{
    return write_numbered(f, "parts", m, m->n_parts, write_part_item, e);
}

/* The scaler, or the robust transform, of m into f. */
static int write_scaling(hid_t f, const model_file *m, sa_error *e)
{
    int robust = m->members[0].config.robust;
    hid_t g = h5_group_create(f, robust ? "transform" : "scaler", e);
    if (g < 0)
        return -1;
    int rc = robust ? write_transform(g, &m->tf, e)
                    : write_vector(g, "min", m->scaler_min, m->n_features, e);
    if (rc == 0 && !robust)
        rc = write_vector(g, "max", m->scaler_max, m->n_features, e);
    H5Gclose(g);
    return rc;
}

static int write_model(hid_t f, const model_file *m, sa_error *e)
{
    if (write_root_attrs(f, m, e) < 0 || write_members(f, m, e) < 0)
        return -1;
    if (is_auto_partial(m)) /* each candidate's transform is fitted again on --resume */
        return 0;
    hid_t g;
    int rc = is_blend(m) ? write_parts(f, m, e) : write_scaling(f, m, e);
    if (rc < 0 || (g = h5_group_create(f, "metrics", e)) < 0)
        return -1;
    for (size_t i = 0; rc == 0 && i < m->n_metrics; i++)
        rc = h5_set_double(g, m->metrics[i].name, m->metrics[i].value, e);
    H5Gclose(g);
    if (rc == 0 && m->grid_csv)
        rc = h5_write_text(f, "grid", m->grid_csv, e);
    if (rc == 0 && m->auto_csv)
        rc = auto_file_write(f, m->auto_csv, m->auto_choice, e);
    if (rc == 0)
        rc = calibration_write(f, &m->calibration, e);
    return rc;
}

int model_save(const model_file *m, const char *path, sa_error *e)
{
    if (check_model(m, e) < 0)
        return sa_wrap(e, "%s", path);
    if (!strcmp(path, "-"))
        return sa_fail(e, "a model cannot be written to standard output");
    /* Built in memory, then written through the temporary (see
     * h5_memory_create for why HDF5 does not write the file itself). */
    hid_t f = h5_memory_create(path, e);
    int rc = f < 0 ? -1 : write_model(f, m, e);
    if (rc == 0)
        rc = model_checksum_write(f, e);
    if (rc < 0) {
        if (f >= 0)
            H5Fclose(f);
        return sa_wrap(e, "%s", path);
    }
    outfile of;
    if (outfile_open(&of, path, e) < 0) {
        H5Fclose(f);
        return -1;
    }
    if (h5_memory_write(f, of.fp, e) < 0) {
        sa_wrap(e, "%s", path);
        return outfile_fail(&of, e);
    }
    return outfile_commit(&of, e);
}

/* ---- blends (blend.h): the config covers the parts ---- */

int model_feature_column(const model_config *c, int id, const feat_column_name *columns)
{
    const char *name = feat_name(id, columns);
    for (int f = 0; f < c->n_features; f++)
        if (!strcmp(feat_name(c->feature_ids[f], c->columns), name))
            return f;
    return -1;
}

int model_blend_columns(const model_file *b, size_t i, size_t *cols, sa_error *e)
{
    const model_config *c = &b->members[0].config, *pc = &b->parts[i].members[0].config;
    for (int f = 0; f < pc->n_features; f++) {
        int at = model_feature_column(c, pc->feature_ids[f], pc->columns);
        if (at < 0)
            return sa_fail(e, "part %zu: feature %s is not among the blend's", i,
                           feat_name(pc->feature_ids[f], pc->columns));
        cols[f] = (size_t)at;
    }
    return 0;
}

/* Fails unless part pc forecasts what the blend c does, from the same rows. */
static int same_settings(const model_config *c, const model_config *pc, size_t i, sa_error *e)
{
    const char *what = strcmp(c->target, pc->target) ? "target"
        : c->horizon != pc->horizon ? "horizon"
        : net_steps(&c->net) != net_steps(&pc->net) ? "steps"
        : c->step != pc->step ? "step"
        : strcmp(c->basis, pc->basis) || strcmp(c->instances_column, pc->instances_column) ? "basis"
        : strcmp(c->features_tz, pc->features_tz) ? "features_tz"
        : pc->seq_len > c->seq_len ? "seq_len" : NULL;
    if (what)
        return sa_fail(e, "part %zu: its %s is not the blend's", i, what);
    if (model_feature_column(c, pc->feature_ids[0], pc->columns) != 0)
        return sa_fail(e, "part %zu: its first feature is not the blend's target", i);
    return 0;
}

int model_blend_check(const model_file *m, sa_error *e)
{
    const model_config *c = &m->members[0].config;
    if (c->robust || c->window_scale)
        return sa_fail(e, "a blend's config is neither robust nor window-scaled");
    if (m->n_parts < 1 || m->n_parts > MODEL_MAX_MEMBERS || !m->parts || !m->part_weight)
        return sa_fail(e, "%zu parts, expected 1..%d", m->n_parts, MODEL_MAX_MEMBERS);
    double sum = 0;
    for (size_t i = 0; i < m->n_parts; i++) {
        const model_file *p = &m->parts[i];
        if (!strcmp(p->kind, MODEL_KIND_BLEND) || !strcmp(p->kind, MODEL_KIND_AUTO_PARTIAL))
            return sa_fail(e, "part %zu: a part cannot be of kind %s", i, p->kind);
        if (!isfinite(m->part_weight[i]) || m->part_weight[i] < 0)
            return sa_fail(e, "part %zu: weight %g is not finite and >= 0", i, m->part_weight[i]);
        sum += m->part_weight[i];
        size_t cols[FEAT_MAX];
        if (same_settings(c, &p->members[0].config, i, e) || model_blend_columns(m, i, cols, e))
            return -1;
    }
    if (!(sum > 0))
        return sa_fail(e, "the parts' weights are all 0");
    return 0;
}

/* ---- loading ---- */

/* Reads the robust models' attributes of g that are present (the others
 * stay 0: c is zeroed). Returns 0, or -1 with e set; *wrap = 1 when e
 * needs the group's path in front. */
static int read_optional(hid_t g, model_config *c, int *wrap, sa_error *e)
{
    long long v;
    for (size_t i = 0; i < COUNT(optional_int_fields); i++) {
        const char *name = optional_int_fields[i].name;
        if (H5Aexists(g, name) <= 0)
            continue;
        if (h5_get_int(g, name, &v, e) < 0)
            return -1;
        if (check_range(name, v, INT_MIN, INT_MAX, e) < 0)
            return *wrap = 1, -1;
        *(int *)((char *)c + optional_int_fields[i].offset) = (int)v;
    }
    for (size_t i = 0; i < COUNT(optional_double_fields); i++)
        if (H5Aexists(g, optional_double_fields[i].name) > 0 &&
            h5_get_double(g, optional_double_fields[i].name,
                          (double *)((char *)c + optional_double_fields[i].offset), e) < 0)
            return -1;
    char name[16];
    if (H5Aexists(g, "loss") > 0) {
        if (h5_get_string(g, "loss", name, sizeof name, e) < 0)
            return -1;
        if ((c->loss = loss_by_name(name)) < 0)
            return *wrap = 1, sa_fail(e, "loss '%s' is not mse, l1 or huber", name);
    }
    if (H5Aexists(g, "log1p") > 0) {
        if (h5_get_string(g, "log1p", name, sizeof name, e) < 0)
            return -1;
        if ((c->log1p = transform_log1p_by_name(name)) < 0)
            return *wrap = 1, sa_fail(e, "log1p '%s' is not auto, on or off", name);
    }
    return 0;
}

/* The attributes write_provenance writes, where present ("" and 0
 * otherwise). Returns 0, or -1 with e set (*wrap = 1 when e needs the
 * group's path). */
static int read_provenance(hid_t g, model_config *c, int *wrap, sa_error *e)
{
    static const string_field optional[] = {
        {"data_rows_hash", offsetof(model_config, data_rows_hash), sizeof c->data_rows_hash},
        {"basis", offsetof(model_config, basis), sizeof c->basis},
        {"instances_column", offsetof(model_config, instances_column),
         sizeof c->instances_column},
        {"auto_baselines", offsetof(model_config, auto_baselines), sizeof c->auto_baselines},
    };
    for (size_t i = 0; i < COUNT(optional); i++) {
        char *dst = (char *)c + optional[i].offset;
        dst[0] = 0;
        if (H5Aexists(g, optional[i].name) > 0 &&
            h5_get_string(g, optional[i].name, dst, optional[i].cap, e) < 0)
            return -1;
    }
    long long rows = 0;
    if (H5Aexists(g, "data_rows") > 0 && h5_get_int(g, "data_rows", &rows, e) < 0)
        return -1;
    if (rows < 0)
        return *wrap = 1, sa_fail(e, "data_rows %lld is negative", rows);
    c->data_rows = rows;
    c->target_range[0] = c->target_range[1] = 0;
    if (H5Aexists(g, "target_range") > 0 && h5_get_doubles(g, "target_range", c->target_range, 2, e))
        return -1;
    if (!(c->target_range[0] <= c->target_range[1]))
        return *wrap = 1, sa_fail(e, "target_range %g,%g is not a range", c->target_range[0],
                                  c->target_range[1]);
    return 0;
}

/* Reads and checks the /config attributes of loc. Errors from h5.c name
 * the attribute already; the range checks here get the group's path put in
 * front (wrap). */
static int read_config(hid_t loc, model_config *c, sa_error *e)
{
    hid_t g = h5_group_open(loc, "config", e);
    if (g < 0)
        return -1;
    int rc = 0, wrap = 0;
    long long v;
    for (size_t i = 0; rc == 0 && i < COUNT(string_fields); i++)
        rc = h5_get_string(g, string_fields[i].name, (char *)c + string_fields[i].offset,
                           string_fields[i].cap, e);
    for (size_t i = 0; rc == 0 && i < COUNT(int_fields); i++) {
        rc = h5_get_int(g, int_fields[i].name, &v, e);
        if (rc == 0 && check_range(int_fields[i].name, v, INT_MIN, INT_MAX, e) < 0)
            rc = -1, wrap = 1;
        if (rc == 0)
            *(int *)((char *)c + int_fields[i].offset) = (int)v;
    }
    for (size_t i = 0; rc == 0 && i < COUNT(double_fields); i++)
        rc = h5_get_double(g, double_fields[i].name,
                           (double *)((char *)c + double_fields[i].offset), e);
    if (rc == 0)
        rc = read_optional(g, c, &wrap, e);
    long long t[4];
    if (rc == 0 && (rc = h5_get_doubles(g, "split", c->split, 2, e)) == 0 &&
        (rc = h5_get_int(g, "step_seconds", &v, e)) == 0 &&
        (rc = h5_get_ints(g, "split_time", t, 4, e)) == 0) {
        c->step = v;
        for (int i = 0; i < 4; i++)
            c->split_time[i] = t[i];
    }
    feat_column_name names[FEAT_MAX];
    int n = rc < 0 ? -1 : h5_get_strings(g, "features", names[0], FEAT_NAME_LEN, FEAT_MAX, e);
    rc = n < 0 ? -1 : 0;
    memset(c->columns, 0, sizeof c->columns);
    for (int i = 0, k = 0; rc == 0 && i < n; i++) { /* a name no feature has: a data column */
        c->feature_ids[i] = feat_id_by_name(names[i]);
        if (c->feature_ids[i] < 0 && k < FEAT_MAX_COLUMNS && names[i][0]) {
            memcpy(c->columns[k], names[i], FEAT_NAME_LEN);
            c->feature_ids[i] = FEAT_COUNT + k++;
        } else if (c->feature_ids[i] < 0) {
            rc = sa_fail(e, "feature '%s': more than %d data columns", names[i],
                         FEAT_MAX_COLUMNS), wrap = 1;
        }
    }
    c->n_features = n < 0 ? 0 : n;
    c->schedule[0] = 0;
    if (rc == 0 && H5Aexists(g, "schedule") > 0)
        rc = h5_get_string(g, "schedule", c->schedule, sizeof c->schedule, e);
    c->features_tz[0] = 0;
    if (rc == 0 && H5Aexists(g, "features_tz") > 0)
        rc = h5_get_string(g, "features_tz", c->features_tz, sizeof c->features_tz, e);
    if (rc == 0)
        rc = read_provenance(g, c, &wrap, e);
    if (rc == 0 && model_check_config(c, e) < 0)
        rc = -1, wrap = 1;
    if (wrap) {
        char where[512];
        sa_wrap(e, "%s", h5_path(g, where, sizeof where));
    }
    H5Gclose(g);
    return rc;
}

/* Fails when group g holds a link that is not one of want[0..n-1]. */
static int check_no_extra(hid_t g, const model_tensor *want, int n, sa_error *e)
{
    long links = h5_count_links(g, e);
    if (links < 0)
        return -1;
    for (long i = 0; i < links; i++) {
        char name[256];
        if (h5_link_name(g, (size_t)i, name, sizeof name, e) < 0)
            return -1;
        int known = 0;
        for (int k = 0; k < n && !known; k++)
            known = !strcmp(want[k].name, name);
        if (!known)
            return h5_fail(e, g, name, "not a tensor of this configuration");
    }
    return 0;
}

/* The path of dataset name of group g as the checksum walk keeps it:
 * "members/0/weights/fc.bias" (H5Lvisit's names have no leading '/'). */
static const char *kept_path(hid_t g, const char *name, char *buf, size_t cap)
{
    char dir[512];
    h5_path(g, dir, sizeof dir);
    snprintf(buf, cap, "%s/%s", dir + 1, name);
    return buf;
}

/* The values of float dataset name of g, of shape (ndim, dims), into a new
 * array *out (caller frees, also on failure): taken over from kept when the
 * checksum walk kept them with that shape, else read (h5_read_floats, whose
 * checks and messages apply). */
static int take_or_read(hid_t g, checksum_floats *kept, const char *name, int ndim,
                        const size_t dims[2], float **out, sa_error *e)
{
    char path[600];
    *out = checksum_floats_take(kept, kept_path(g, name, path, sizeof path), ndim, dims);
    if (*out)
        return 0;
    if (!(*out = malloc(dims[0] * (ndim == 2 ? dims[1] : 1) * sizeof **out)))
        return sa_fail(e, "out of memory");
    return h5_read_floats(g, name, ndim, dims, *out, e);
}

/* As h5_read_floats_1d, taking the values over from kept when it holds
 * them (of at most max). */
static int take_or_read_1d(hid_t g, checksum_floats *kept, const char *name, size_t max,
                           float **out, size_t *n, sa_error *e)
{
    char path[600];
    kept_path(g, name, path, sizeof path);
    size_t dims[2] = {checksum_floats_length(kept, path), 1};
    if (dims[0] > 0 && dims[0] <= max && (*out = checksum_floats_take(kept, path, 1, dims))) {
        *n = dims[0];
        return 0;
    }
    return h5_read_floats_1d(g, name, max, out, n, e);
}

/* Reads the tensors the config of mm calls for from group weights, taking
 * over those kept already (kept). */
static int read_weights(hid_t loc, checksum_floats *kept, model_member *mm, sa_error *e)
{
    model_tensor want[MODEL_MAX_TENSORS];
    int n = model_expected_tensors(&mm->config, want, e);
    hid_t g = n < 0 ? -1 : h5_group_open(loc, "weights", e);
    if (g < 0)
        return -1;
    int rc = check_no_extra(g, want, n, e);
    for (int i = 0; rc == 0 && i < n; i++) {
        /* Shapes come from the validated config, so an allocation is
         * bounded; h5_read_floats checks the stored shape before reading. */
        model_tensor *t = &mm->tensors[mm->n_tensors];
        *t = want[i];
        rc = take_or_read(g, kept, t->name, t->ndim, t->dims, &t->data, e);
        if (t->data)
            mm->n_tensors++;
        long bad = rc < 0 ? -1 : first_nonfinite(t->data, t->dims[0] * t->dims[1]);
        if (bad >= 0)
            rc = h5_fail(e, g, t->name, "non-finite value at index %ld", bad);
    }
    H5Gclose(g);
    return rc;
}

static int read_history(hid_t loc, checksum_floats *kept, model_member *mm, sa_error *e)
{
    hid_t g = h5_group_open(loc, "history", e);
    if (g < 0)
        return -1;
    size_t n_train = 0, n_val = 0, n_lr = 0;
    int rc = take_or_read_1d(g, kept, "train_loss", MODEL_MAX_EPOCHS, &mm->train_loss,
                             &n_train, e);
    if (rc == 0)
        rc = take_or_read_1d(g, kept, "val_loss", MODEL_MAX_EPOCHS, &mm->val_loss, &n_val, e);
    if (rc == 0)
        rc = take_or_read_1d(g, kept, "lr", MODEL_MAX_EPOCHS, &mm->lr, &n_lr, e);
    if (rc == 0 && (n_val != n_train || n_lr != n_train))
        rc = h5_fail(e, g, NULL, "train_loss, val_loss and lr have lengths %zu, %zu, %zu",
                     n_train, n_val, n_lr);
    mm->n_epochs = n_train;
    H5Gclose(g);
    return rc;
}

static int read_member(hid_t loc, checksum_floats *kept, model_member *mm, sa_error *e)
{
    if (read_config(loc, &mm->config, e) < 0 || read_weights(loc, kept, mm, e) < 0 ||
        read_history(loc, kept, mm, e) < 0 || read_resume(loc, mm, e) < 0)
        return -1;
    mm->weight = 1.0;
    return 0;
}

/* The one member of a baseline file (its config) and the baseline. */
static int read_baseline(hid_t f, model_file *m, sa_error *e)
{
    if (!(m->members = calloc(1, sizeof *m->members)) || !(m->baseline = calloc(1, sizeof *m->baseline)))
        return sa_fail(e, "out of memory");
    m->n_members = 1;
    m->members[0].weight = 1.0;
    if (read_config(f, &m->members[0].config, e) < 0)
        return -1;
    return baseline_file_read(f, (size_t)m->members[0].config.n_features, m->baseline, e);
}

/* The one member of a blend (its own config). */
static int read_blend_config(hid_t f, model_file *m, sa_error *e)
{
    if (!(m->members = calloc(1, sizeof *m->members)))
        return sa_fail(e, "out of memory");
    m->n_members = 1;
    m->members[0].weight = 1.0;
    return read_config(f, &m->members[0].config, e);
}

static int read_members(hid_t f, checksum_floats *kept, model_file *m, sa_error *e)
{
    if (!strcmp(m->kind, "baseline"))
        return read_baseline(f, m, e);
    if (is_blend(m))
        return read_blend_config(f, m, e);
    int single = !strcmp(m->kind, "lstm");
    hid_t g = single ? f : h5_group_open(f, "members", e);
    long n = single ? 1 : g < 0 ? -1 : h5_count_links(g, e);
    if (n < 0)
        return -1;
    int rc = 0;
    if (n < 1 || n > MODEL_MAX_MEMBERS)
        rc = h5_fail(e, g, NULL, "%ld members, expected 1..%d", n, MODEL_MAX_MEMBERS);
    else if (!(m->members = calloc((size_t)n, sizeof *m->members)))
        rc = sa_fail(e, "out of memory");
    for (long i = 0; rc == 0 && i < n; i++) {
        m->n_members++;
        if (single) {
            rc = read_member(f, kept, &m->members[0], e);
            break;
        }
        char name[24];
        snprintf(name, sizeof name, "%ld", i);
        hid_t mg = h5_group_open(g, name, e);
        rc = mg < 0 ? -1 : read_member(mg, kept, &m->members[i], e);
        if (rc == 0)
            rc = h5_get_double(mg, "weight", &m->members[i].weight, e);
        if (rc == 0 && !isfinite(m->members[i].weight))
            rc = h5_fail(e, mg, NULL, "weight is not finite");
        const model_config *c = &m->members[i].config, *c0 = &m->members[0].config;
        if (is_auto_partial(m)) /* candidates: each its own features */
            c = c0;
        if (rc == 0 && c->n_features != c0->n_features)
            rc = h5_fail(e, mg, NULL, "%d features, member 0 has %d", c->n_features,
                         c0->n_features);
        if (rc == 0 && memcmp(c->feature_ids, c0->feature_ids,
                              (size_t)c->n_features * sizeof c->feature_ids[0]))
            rc = h5_fail(e, mg, NULL, "features differ from member 0's");
        if (mg >= 0)
            H5Gclose(mg);
    }
    if (!single && g >= 0)
        H5Gclose(g);
    return rc;
}

/* Reads the scaler of m->n_features values per side. */
static int read_scaler(hid_t f, checksum_floats *kept, model_file *m, sa_error *e)
{
    hid_t g = h5_group_open(f, "scaler", e);
    if (g < 0)
        return -1;
    size_t dims[2] = {m->n_features, 1};
    int rc = take_or_read(g, kept, "min", 1, dims, &m->scaler_min, e);
    if (rc == 0)
        rc = take_or_read(g, kept, "max", 1, dims, &m->scaler_max, e);
    if (rc == 0 && (first_nonfinite(m->scaler_min, m->n_features) >= 0 ||
                    first_nonfinite(m->scaler_max, m->n_features) >= 0))
        rc = h5_fail(e, g, NULL, "non-finite value");
    H5Gclose(g);
    return rc;
}

/* Reads /transform of a robust model, m->n_features values per attribute,
 * and checks it (transform_check). */
static int read_transform(hid_t f, model_file *m, sa_error *e)
{
    size_t F = m->n_features;
    if (transform_alloc(&m->tf, F, 1, e) < 0)
        return -1;
    hid_t g = h5_group_open(f, "transform", e);
    if (g < 0)
        return -1;
    long long flags[2][FEAT_MAX];
    int rc = h5_get_doubles(g, "center", m->tf.center, F, e);
    if (rc == 0)
        rc = h5_get_doubles(g, "scale", m->tf.scale, F, e);
    if (rc == 0)
        rc = h5_get_ints(g, "log1p", flags[0], F, e);
    if (rc == 0)
        rc = h5_get_ints(g, "role", flags[1], F, e);
    /* the training range, in files that keep it (model.h) */
    if (rc == 0 && H5Aexists(g, "min") > 0)
        rc = transform_alloc_range(&m->tf, e) < 0 ? -1
             : h5_get_doubles(g, "min", m->tf.lo, F, e) < 0 ? -1
             : h5_get_doubles(g, "max", m->tf.hi, F, e);
    for (size_t i = 0; rc == 0 && i < F; i++) {
        if (flags[0][i] < 0 || flags[0][i] > 1 || flags[1][i] < 0 ||
            flags[1][i] > TRANSFORM_MINMAX)
            rc = h5_fail(e, g, NULL, "column %zu: log1p %lld or role %lld out of range", i,
                         flags[0][i], flags[1][i]);
        m->tf.log1p[i] = (unsigned char)flags[0][i];
        m->tf.role[i] = (unsigned char)flags[1][i];
    }
    if (rc == 0 && transform_check(&m->tf, e) < 0) {
        char why[SA_ERROR_LEN];
        memcpy(why, e->msg, sizeof why);
        rc = h5_fail(e, g, NULL, "%s", why);
    }
    H5Gclose(g);
    return rc;
}

/* Reads the /metrics attributes, when the group is there. */
static int read_metrics(hid_t f, model_file *m, sa_error *e)
{
    if (!h5_has(f, "metrics"))
        return 0;
    hid_t g = h5_group_open(f, "metrics", e);
    long n = g < 0 ? -1 : h5_count_attrs(g, e);
    if (n < 0)
        return -1;
    int rc = 0;
    if (n > MODEL_MAX_METRICS)
        rc = h5_fail(e, g, NULL, "%ld metrics, at most %d", n, MODEL_MAX_METRICS);
    for (long i = 0; rc == 0 && i < n; i++) {
        model_metric *mt = &m->metrics[i];
        rc = h5_attr_name(g, (size_t)i, mt->name, sizeof mt->name, e);
        if (rc == 0)
            rc = h5_get_double(g, mt->name, &mt->value, e);
        if (rc == 0)
            m->n_metrics++;
    }
    H5Gclose(g);
    return rc;
}

static int read_model(hid_t f, checksum_floats *kept, model_file *m, sa_error *e);

/* /parts/I of a blend into m->parts (each a whole model, never a blend)
 * and their weights; then the blend's checks (model_blend_check). */
static int read_parts(hid_t f, checksum_floats *kept, model_file *m, sa_error *e)
{
    hid_t g = h5_group_open(f, "parts", e);
    long n = g < 0 ? -1 : h5_count_links(g, e);
    if (n < 0)
        return -1;
    int rc = 0;
    if (n < 1 || n > MODEL_MAX_MEMBERS)
        rc = h5_fail(e, g, NULL, "%ld parts, expected 1..%d", n, MODEL_MAX_MEMBERS);
    else if (!(m->parts = calloc((size_t)n, sizeof *m->parts)) ||
             !(m->part_weight = calloc((size_t)n, sizeof *m->part_weight)))
        rc = sa_fail(e, "out of memory");
    for (long i = 0; rc == 0 && i < n; i++) {
        char name[24];
        snprintf(name, sizeof name, "%ld", i);
        hid_t pg = h5_group_open(g, name, e);
        char kind[sizeof m->kind] = "";
        rc = pg < 0 || (H5Aexists(pg, "kind") > 0 &&
                        h5_get_string(pg, "kind", kind, sizeof kind, e) < 0) ? -1 : 0;
        if (rc == 0 && (!strcmp(kind, MODEL_KIND_BLEND) || !strcmp(kind, MODEL_KIND_AUTO_PARTIAL)))
            rc = h5_fail(e, pg, NULL, "a part cannot be of kind %s", kind);
        if (rc == 0)
            rc = read_model(pg, kept, &m->parts[m->n_parts++], e);
        if (rc == 0)
            rc = h5_get_double(pg, "weight", &m->part_weight[i], e);
        if (pg >= 0)
            H5Gclose(pg);
    }
    H5Gclose(g);
    return rc == 0 ? model_blend_check(m, e) : rc;
}

/* Reads the model of f into m, taking over the tensors in kept. */
static int read_model(hid_t f, checksum_floats *kept, model_file *m, sa_error *e)
{
    char format[64];
    long long version;
    if (H5Aexists(f, "format") <= 0)
        return sa_fail(e, "not a scaleahead model (no format attribute)");
    if (h5_get_string(f, "format", format, sizeof format, e) < 0)
        return -1;
    if (strcmp(format, MODEL_FORMAT))
        return sa_fail(e, "format '%s' is not %s", format, MODEL_FORMAT);
    if (h5_get_int(f, "format_version", &version, e) < 0)
        return -1;
    if (version != MODEL_FORMAT_VERSION)
        return sa_fail(e, "format version %lld is not supported (this build reads %d)",
                       version, MODEL_FORMAT_VERSION);
    if (h5_get_string(f, "kind", m->kind, sizeof m->kind, e) < 0 ||
        h5_get_string(f, "created", m->created, sizeof m->created, e) < 0 ||
        h5_get_string(f, "scaleahead_version", m->version, sizeof m->version, e) < 0)
        return -1;
    if (!is_kind(m->kind))
        return sa_fail(e, "kind '%s' is not lstm, ensemble, grid, baseline, blend or %s",
                       m->kind, MODEL_KIND_AUTO_PARTIAL);
    if (read_members(f, kept, m, e) < 0)
        return -1;
    m->n_features = (size_t)m->members[0].config.n_features;
    if (is_auto_partial(m))
        return 0;
    if ((is_blend(m) ? read_parts(f, kept, m, e)
         : m->members[0].config.robust ? read_transform(f, m, e) : read_scaler(f, kept, m, e)) < 0 ||
        read_metrics(f, m, e) < 0 || calibration_read(f, &m->calibration, e) < 0 ||
        check_calibration_steps(m, e) < 0)
        return -1;
    if (h5_has(f, "auto") &&
        auto_file_read(f, &m->auto_csv, m->auto_choice, sizeof m->auto_choice, e) < 0)
        return -1;
    if (h5_has(f, "grid"))
        return h5_read_text(f, "grid", MODEL_MAX_GRID_BYTES, &m->grid_csv, e);
    return 0;
}

int model_load(model_file *m, const char *path, sa_error *e)
{
    memset(m, 0, sizeof *m);
    hid_t f = h5_file_open(path, e);
    /* The checksum reads every dataset; the weights are taken from it
     * rather than read a second time. */
    checksum_floats kept = {0};
    int rc = f < 0 ? -1 : model_checksum_verify(f, &kept, e);
    if (rc == 0)
        rc = read_model(f, &kept, m, e);
    checksum_floats_free(&kept);
    if (f >= 0)
        H5Fclose(f);
    if (rc < 0) {
        model_free(m);
        return sa_wrap(e, "%s", path);
    }
    return 0;
}
