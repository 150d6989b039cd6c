/* test_model.c — the model file: round trips of every kind, byte-identical
 * saves, the expected tensor set, and every damaged file of tests/bad/model/
 * rejected with a one-line message and nothing printed by HDF5.
 *
 * With SA_MODEL_OUT=DIR set it instead only writes DIR/lstm.h5 and
 * DIR/ensemble.h5, for tests/t_model.sh (h5dump and the PyTorch loader). */
#include "model/model.h"
#include "model/checksum.h"
#include "harness.h"

#include <dirent.h>
#include <fcntl.h>
#include <hdf5.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

/* A config with every field set to something distinctive. */
static void fill_config(model_config *c, int hidden, int layers, int head, int attention,
                        int seed)
{
    memset(c, 0, sizeof *c);
    snprintf(c->arch, sizeof c->arch, "%s", attention ? "attention" : "custom");
    c->net.hidden = hidden;
    c->net.layers = layers;
    c->net.head = head;
    c->net.attention = attention;
    c->seq_len = 36;
    c->horizon = 3;
    c->batch = 64;
    c->epochs = 50;
    c->seed = seed;
    c->net.dropout = 0.15;
    c->lr = 3e-4;
    c->split[0] = 0.7;
    c->split[1] = 0.85;
    snprintf(c->target, sizeof c->target, "cpu_utilization");
    c->n_features = 3;
    c->feature_ids[0] = FEAT_CPU;
    c->feature_ids[1] = FEAT_HOUR;
    c->feature_ids[2] = FEAT_CPU_ROLLING_MEAN;
    c->step = 300;
    snprintf(c->data_file, sizeof c->data_file, "data/multi_metric_data.csv");
    snprintf(c->data_hash, sizeof c->data_hash, "0123456789abcdef");
    c->split_time[0] = 1700000000;
    c->split_time[1] = 1700360000;
    c->split_time[2] = 1700400000;
    c->split_time[3] = 1700450000;
    c->epochs_run = 7;
    c->best_epoch = 4;
    c->interrupted = 1;
}

/* Gives member the expected tensors of its config, filled with values that
 * differ per tensor and element, and a history of n_epochs. */
static int fill_member(model_member *mm, size_t n_epochs, double weight)
{
    sa_error e;
    model_tensor want[MODEL_MAX_TENSORS];
    int n = model_expected_tensors(&mm->config, want, &e);
    for (int i = 0; i < n; i++) {
        size_t count = want[i].dims[0] * want[i].dims[1];
        float *data = malloc(count * sizeof *data);
        for (size_t j = 0; j < count; j++)
            data[j] = (float)(0.001 * (double)j - 0.5 * i + 0.125 * mm->config.seed);
        int rc = model_add_tensor(mm, want[i].name, want[i].ndim, want[i].dims[0],
                                  want[i].dims[1], data, &e);
        free(data);
        if (rc < 0)
            return -1;
    }
    mm->n_epochs = n_epochs;
    mm->train_loss = malloc(n_epochs * sizeof(float));
    mm->val_loss = malloc(n_epochs * sizeof(float));
    mm->lr = malloc(n_epochs * sizeof(float));
    for (size_t k = 0; k < n_epochs; k++) {
        mm->train_loss[k] = 1.0f / (float)(k + 1);
        mm->val_loss[k] = 2.0f / (float)(k + 2);
        mm->lr[k] = 3e-4f * (k < 4 ? 1.0f : 0.5f);
    }
    mm->weight = weight;
    return 0;
}

/* kind "lstm": H 4, 2 layers, head 3, attention; or an ensemble / grid of
 * two members (H 4 L 2 D 3 attention, and H 5 L 1 D 0 without). */
static void build(model_file *m, const char *kind)
{
    memset(m, 0, sizeof *m);
    snprintf(m->kind, sizeof m->kind, "%s", kind);
    snprintf(m->created, sizeof m->created, "2026-01-02T03:04:05Z");
    int single = !strcmp(kind, "lstm");
    m->n_members = single ? 1 : 2;
    m->members = calloc(m->n_members, sizeof *m->members);
    fill_config(&m->members[0].config, 4, 2, 3, 1, 11);
    fill_member(&m->members[0], 5, single ? 1.0 : 0.25);
    if (!single) {
        fill_config(&m->members[1].config, 5, 1, 0, 0, 12);
        m->members[1].config.net.dropout = 0.3;
        /* strings of the longest length each field holds */
        model_config *c = &m->members[1].config;
        memset(c->data_file, 'd', sizeof c->data_file - 1);
        memset(c->target, 't', sizeof c->target - 1);
        memset(c->arch, 'a', sizeof c->arch - 1);
        fill_member(&m->members[1], 3, 0.75);
    }
    m->n_features = 3;
    m->scaler_min = malloc(3 * sizeof(float));
    m->scaler_max = malloc(3 * sizeof(float));
    for (int i = 0; i < 3; i++) {
        m->scaler_min[i] = -1.5f * (float)i;
        m->scaler_max[i] = 10.25f + (float)i;
    }
    model_set_metric(m, "val_mae", 2.5);
    model_set_metric(m, "test_rmse", 3.75);
    model_set_metric(m, "test_mae", 1.125);
    if (!strcmp(kind, "grid")) {
        const char *csv = "hidden,layers,dropout,lr,val_loss\n4,2,0.15,0.0003,0.0125\n"
                          "5,1,0.3,0.0003,0.0150\n";
        m->grid_csv = strdup(csv);
    }
}

static int floats_equal(const float *a, const float *b, size_t n)
{
    return n == 0 || (a && b && !memcmp(a, b, n * sizeof *a));
}

/* Compares two members field by field; returns 1 when equal. */
static int members_equal(const model_member *a, const model_member *b)
{
    if (memcmp(&a->config, &b->config, sizeof a->config) || a->n_tensors != b->n_tensors ||
        a->n_epochs != b->n_epochs || a->weight != b->weight)
        return 0;
    for (size_t i = 0; i < a->n_tensors; i++) {
        const model_tensor *x = &a->tensors[i];
        const model_tensor *y = model_find_tensor((model_member *)b, x->name);
        if (!y || y->ndim != x->ndim || y->dims[0] != x->dims[0] || y->dims[1] != x->dims[1] ||
            !floats_equal(x->data, y->data, x->dims[0] * x->dims[1]))
            return 0;
    }
    return floats_equal(a->train_loss, b->train_loss, a->n_epochs) &&
           floats_equal(a->val_loss, b->val_loss, a->n_epochs) &&
           floats_equal(a->lr, b->lr, a->n_epochs);
}

static void check_round_trip(const char *dir, const char *kind)
{
    model_file m, back;
    sa_error e = {{0}};
    char path[512];
    snprintf(path, sizeof path, "%s/%s.h5", dir, kind);
    build(&m, kind);
    int saved = model_save(&m, path, &e);
    CHECK(saved == 0, "%s: save (%s)", kind, e.msg);
    int loaded = model_load(&back, path, &e);
    CHECK(loaded == 0, "%s: load (%s)", kind, e.msg);
    if (saved || loaded) {
        model_free(&m);
        return;
    }
    CHECK(!strcmp(back.kind, kind), "%s: kind", kind);
    CHECK(!strcmp(back.created, "2026-01-02T03:04:05Z"), "%s: created kept", kind);
    CHECK(!strcmp(back.version, "0.1.0"), "%s: scaleahead_version", kind);
    CHECK(back.n_members == m.n_members, "%s: %zu members", kind, m.n_members);
    for (size_t i = 0; i < m.n_members && i < back.n_members; i++)
        CHECK(members_equal(&m.members[i], &back.members[i]),
              "%s: member %zu config, tensors, history, weight", kind, i);
    const model_config *c = &back.members[0].config;
    CHECK(c->net.hidden == 4 && c->net.layers == 2 && c->net.head == 3 && c->net.attention == 1 &&
          c->seq_len == 36 && c->horizon == 3 && c->batch == 64 && c->epochs == 50 &&
          c->seed == 11 && c->epochs_run == 7 && c->best_epoch == 4 && c->interrupted == 1,
          "%s: integer config fields", kind);
    CHECK(c->net.dropout == 0.15 && c->lr == 3e-4 && c->split[0] == 0.7 && c->split[1] == 0.85,
          "%s: double config fields", kind);
    CHECK(c->step == 300 && c->split_time[0] == 1700000000 &&
          c->split_time[3] == 1700450000, "%s: step and split times", kind);
    CHECK(!strcmp(c->arch, "attention") && !strcmp(c->target, "cpu_utilization") &&
          !strcmp(c->data_file, "data/multi_metric_data.csv") &&
          !strcmp(c->data_hash, "0123456789abcdef"), "%s: string config fields", kind);
    CHECK(c->n_features == 3 && c->feature_ids[0] == FEAT_CPU &&
          c->feature_ids[1] == FEAT_HOUR && c->feature_ids[2] == FEAT_CPU_ROLLING_MEAN,
          "%s: features by name", kind);
    const model_tensor *t = model_find_tensor(&back.members[0], "lstm.weight_ih_l0");
    CHECK(t && t->ndim == 2 && t->dims[0] == 16 && t->dims[1] == 3 &&
          t->data[5] == (float)(0.001 * 5 + 0.125 * 11), "%s: lstm.weight_ih_l0 (16, 3)", kind);
    CHECK(back.n_features == 3 && floats_equal(back.scaler_min, m.scaler_min, 3) &&
          floats_equal(back.scaler_max, m.scaler_max, 3), "%s: scaler", kind);
    CHECK(back.n_metrics == 3 && !strcmp(back.metrics[0].name, "val_mae") &&
          back.metrics[0].value == 2.5 && !strcmp(back.metrics[2].name, "test_mae") &&
          back.metrics[2].value == 1.125, "%s: metrics in the order set", kind);
    if (m.grid_csv)
        CHECK(back.grid_csv && !strcmp(back.grid_csv, m.grid_csv), "%s: grid csv", kind);
    else
        CHECK(!back.grid_csv, "%s: no grid csv", kind);
    model_free(&back);
    model_free(&m);
}

/* A forecast path (issue 23): steps 3 with horizon 3 saves /config steps,
 * the last layer with 3 rows and a calibration of (3, n) scores, and loads
 * back the same; the combinations a path cannot have are refused. */
static void check_path_model(const char *dir)
{
    model_file m, back;
    sa_error e = {{0}};
    char path[512];
    snprintf(path, sizeof path, "%s/path.h5", dir);
    memset(&m, 0, sizeof m);
    build(&m, "lstm");
    model_member_free(&m.members[0]);
    fill_config(&m.members[0].config, 4, 2, 3, 1, 11);
    m.members[0].config.net.steps = 3;
    fill_member(&m.members[0], 5, 1.0);
    const model_tensor *fc2 = model_find_tensor(&m.members[0], "fc2.weight");
    CHECK(fc2 && fc2->dims[0] == 3 && fc2->dims[1] == 3, "path: fc2.weight is (S, D) = (3, 3)");
    double actual[12], pred[12];   /* 4 windows x 3 steps: residuals 0.1 s (k + 1) */
    for (int k = 0; k < 4; k++)
        for (int j = 0; j < 3; j++) {
            pred[k * 3 + j] = 10;
            actual[k * 3 + j] = 10 + 0.1 * (j + 1) * (k + 1);
        }
    CHECK(conformal_calibrate_path(&m.calibration, actual, pred, NULL, 4, 3, &e) == 0 &&
              m.calibration.steps == 3 && fabsf(m.calibration.scores[3 * 4 - 1] - 1.2f) < 1e-6,
          "path: calibrated per step, the last step's largest score 0.3 x 4 = 1.2");
    int saved = model_save(&m, path, &e), loaded = saved ? -1 : model_load(&back, path, &e);
    CHECK(saved == 0 && loaded == 0, "path: saves and loads (%s)", e.msg);
    if (loaded == 0) {
        CHECK(members_equal(&m.members[0], &back.members[0]) &&
                  back.members[0].config.net.steps == 3,
              "path: steps 3, config, tensors and history come back");
        CHECK(back.calibration.steps == 3 && back.calibration.n == 4 &&
                  floats_equal(back.calibration.scores, m.calibration.scores, 12),
              "path: the (3, 4) calibration comes back row by row");
        model_free(&back);
    }
    m.members[0].config.horizon = 4;
    CHECK(model_save(&m, path, &e) == -1 && strstr(e.msg, "horizon must be S"),
          "path: steps 3 with horizon 4 is refused (%s)", e.msg);
    m.members[0].config.horizon = 3;
    m.calibration.steps = 2;
    m.calibration.n = 6;
    CHECK(model_save(&m, path, &e) == -1 && strstr(e.msg, "scores for 2 steps"),
          "path: a calibration of other steps is refused (%s)", e.msg);
    model_free(&m);
}

/* Reads a whole file into a new buffer (*n bytes); NULL when unreadable. */
static char *slurp(const char *path, size_t *n)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    fseek(fp, 0, SEEK_END);
    long size = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *buf = malloc((size_t)size + 1);
    *n = fread(buf, 1, (size_t)size, fp);
    fclose(fp);
    return buf;
}

static void check_deterministic(const char *dir)
{
    model_file m;
    sa_error e = {{0}};
    char a[512], b[512];
    snprintf(a, sizeof a, "%s/same_a.h5", dir);
    snprintf(b, sizeof b, "%s/same_b.h5", dir);
    build(&m, "ensemble");
    int rc = model_save(&m, a, &e);
    sleep(1);  /* a timestamp in any object would now differ */
    rc |= model_save(&m, b, &e);
    size_t na = 0, nb = 0;
    char *da = slurp(a, &na), *db = slurp(b, &nb);
    CHECK(rc == 0 && da && db && na == nb && na > 0 && !memcmp(da, db, na),
          "two saves of the same model are byte-identical (%zu, %zu bytes)", na, nb);
    free(da);
    free(db);

    m.created[0] = '\0';
    model_file back;
    rc = model_save(&m, a, &e) | model_load(&back, a, &e);
    CHECK(rc == 0 && strlen(back.created) == 20 && back.created[10] == 'T' &&
          back.created[19] == 'Z', "empty created is set to now: %s",
          rc == 0 ? back.created : e.msg);
    if (rc == 0)
        model_free(&back);
    model_free(&m);
}

/* A one-feature model keeps "features" a list (1-D), as h5py users expect,
 * and loads back. */
static void check_single_feature(const char *dir)
{
    model_file m, back;
    sa_error e = {{0}};
    char path[512];
    snprintf(path, sizeof path, "%s/one_feature.h5", dir);
    memset(&m, 0, sizeof m);
    snprintf(m.kind, sizeof m.kind, "lstm");
    m.n_members = 1;
    m.members = calloc(1, sizeof *m.members);
    fill_config(&m.members[0].config, 2, 1, 0, 0, 3);
    m.members[0].config.n_features = 1;
    fill_member(&m.members[0], 0, 1.0);
    m.n_features = 1;
    m.scaler_min = calloc(1, sizeof(float));
    m.scaler_max = calloc(1, sizeof(float));
    int rc = model_save(&m, path, &e);
    int rank = -1;
    hid_t f = rc == 0 ? H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT) : -1;
    if (f >= 0) {
        hid_t a = H5Aopen_by_name(f, "config", "features", H5P_DEFAULT, H5P_DEFAULT);
        hid_t space = H5Aget_space(a);
        rank = H5Sget_simple_extent_ndims(space);
        H5Sclose(space);
        H5Aclose(a);
        H5Fclose(f);
    }
    CHECK(rank == 1, "one feature is still a 1-D list (rank %d) %s", rank, e.msg);
    rc = model_load(&back, path, &e);
    CHECK(rc == 0 && back.members[0].config.n_features == 1 &&
          back.members[0].config.feature_ids[0] == FEAT_CPU && back.members[0].n_epochs == 0,
          "one feature and an empty history load back %s", rc ? e.msg : "");
    if (rc == 0)
        model_free(&back);
    model_free(&m);
}

static void check_expected_tensors(void)
{
    model_config c;
    model_tensor t[MODEL_MAX_TENSORS];
    sa_error e;
    fill_config(&c, 96, 3, 48, 1, 1);
    c.n_features = 16;
    for (int i = 0; i < 16; i++)
        c.feature_ids[i] = i;
    int n = model_expected_tensors(&c, t, &e);
    CHECK(n == 18, "attention preset: 3 * 4 lstm + 2 attn + 4 head tensors (%d)", n);
    CHECK(!strcmp(t[0].name, "lstm.weight_ih_l0") && t[0].dims[0] == 384 &&
          t[0].dims[1] == 16, "weight_ih_l0 is (4H, F) = (384, 16)");
    CHECK(!strcmp(t[4].name, "lstm.weight_ih_l1") && t[4].dims[0] == 384 &&
          t[4].dims[1] == 96, "weight_ih_l1 is (4H, H) = (384, 96)");
    CHECK(!strcmp(t[3].name, "lstm.bias_hh_l0") && t[3].ndim == 1 && t[3].dims[0] == 384,
          "bias_hh_l0 is 1-D (384)");
    CHECK(!strcmp(t[12].name, "attn.weight") && t[12].dims[0] == 1 && t[12].dims[1] == 96 &&
          !strcmp(t[13].name, "attn.bias") && t[13].ndim == 1, "attn.weight (1, H), attn.bias (1)");
    CHECK(!strcmp(t[16].name, "fc2.weight") && t[16].dims[0] == 1 && t[16].dims[1] == 48,
          "fc2.weight (1, D)");
    c.net.head = 0;
    c.net.attention = 0;
    n = model_expected_tensors(&c, t, &e);
    CHECK(n == 14 && !strcmp(t[12].name, "fc.weight") && t[12].dims[1] == 96 &&
          !strcmp(t[13].name, "fc.bias"), "head 0: fc.weight (1, H), fc.bias (1)");
    c.net.hidden = 0;
    CHECK(model_expected_tensors(&c, t, &e) < 0 && strstr(e.msg, "hidden 0"),
          "hidden 0 rejected: %s", e.msg);
    c.net.hidden = 8;
    c.feature_ids[3] = c.feature_ids[2];
    CHECK(model_check_config(&c, &e) < 0 && strstr(e.msg, "twice"),
          "a repeated feature is rejected: %s", e.msg);
}

static void check_member_api(void)
{
    model_file m;
    sa_error e;
    build(&m, "lstm");
    model_member *mm = &m.members[0];
    float one = 1;
    CHECK(model_add_tensor(mm, "fc1.bias", 1, 1, 1, &one, &e) < 0 &&
          strstr(e.msg, "already present"), "a duplicate tensor is refused: %s", e.msg);
    model_set_metric(&m, "val_mae", 9.5);
    CHECK(m.n_metrics == 3 && m.metrics[0].value == 9.5, "set_metric replaces by name");
    CHECK(model_check_member(mm, &e) == 0, "a full member passes model_check_member");
    mm->tensors[1].data[7] = 1.0f / 0.0f;
    CHECK(model_check_member(mm, &e) < 0 && strstr(e.msg, "non-finite"),
          "an infinite weight fails: %s", e.msg);
    mm->tensors[1].data[7] = 0;
    mm->tensors[0].dims[1] = 4;
    CHECK(model_check_member(mm, &e) < 0 && strstr(e.msg, "lstm.weight_ih_l0 has shape"),
          "a wrong shape fails: %s", e.msg);
    mm->tensors[0].dims[1] = 3;
    model_free(&m);
}

/* Number of entries in dir besides . and .. */
static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *ent;
    while (d && (ent = readdir(d)))
        n += strcmp(ent->d_name, ".") && strcmp(ent->d_name, "..");
    if (d)
        closedir(d);
    return n;
}

static void check_save_failures(const char *dir)
{
    model_file m;
    sa_error e;
    char sub[512], path[600];
    snprintf(sub, sizeof sub, "%s/empty", dir);
    mkdir(sub, 0755);
    build(&m, "lstm");
    snprintf(path, sizeof path, "%s/no/such/dir/m.h5", dir);
    CHECK(model_save(&m, path, &e) < 0 && strstr(e.msg, "no/such/dir/m.h5: cannot write"),
          "save into a missing directory fails: %s", e.msg);
    CHECK(model_save(&m, "-", &e) < 0 && strstr(e.msg, "standard output"),
          "save to - is refused: %s", e.msg);
    snprintf(path, sizeof path, "%s/m.h5", sub);
    m.members[0].config.net.hidden = 1000000000;
    CHECK(model_save(&m, path, &e) < 0 && strstr(e.msg, "hidden 1000000000 is out of range"),
          "an invalid model is not saved: %s", e.msg);
    m.members[0].config.net.hidden = 4;
    snprintf(m.kind, sizeof m.kind, "forest");
    CHECK(model_save(&m, path, &e) < 0 && strstr(e.msg, "kind 'forest'"),
          "an unknown kind is not saved: %s", e.msg);
    CHECK(count_entries(sub) == 0, "failed saves leave no file and no temporary");
    snprintf(m.kind, sizeof m.kind, "lstm");
    snprintf(path, sizeof path, "%s/m.h5/", sub);
    CHECK(model_save(&m, path, &e) < 0 && count_entries(sub) == 0,
          "save to a directory path fails cleanly: %s", e.msg);

    /* A write failing half-way (file size limit: EFBIG instead of SIGXFSZ)
     * must remove the temporary. */
    struct rlimit old_limit, small;
    getrlimit(RLIMIT_FSIZE, &old_limit);
    small = old_limit;
    small.rlim_cur = 4096;
    signal(SIGXFSZ, SIG_IGN);
    snprintf(path, sizeof path, "%s/m.h5", sub);
    int rc = setrlimit(RLIMIT_FSIZE, &small) == 0 ? model_save(&m, path, &e) : 0;
    setrlimit(RLIMIT_FSIZE, &old_limit);
    signal(SIGXFSZ, SIG_DFL);
    CHECK(rc < 0 && !strncmp(e.msg, path, strlen(path)) && !strchr(e.msg, '\n') &&
          count_entries(sub) == 0, "a write failing half-way leaves nothing: %s", e.msg);
    model_free(&m);
}

/* Sends stderr to path (truncated); returns the saved descriptor for
 * stderr_size_after. */
static int stderr_to(const char *path)
{
    fflush(stderr);
    int saved = dup(2);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, 2);
    close(fd);
    return saved;
}

/* Restores stderr from saved and returns the size of what went to path. */
static long long stderr_size_after(int saved, const char *path)
{
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    struct stat st;
    return stat(path, &st) == 0 ? (long long)st.st_size : -1;
}

/* The damaged files of tests/bad/model (made by make_bad.py) and a phrase
 * each message must contain. */
static const struct {
    const char *file, *phrase;
} bad_files[] = {
    {"not_hdf5.h5", "not an HDF5 file"},
    {"truncated.h5", "damaged or truncated HDF5 file"},
    {"empty.h5", "not an HDF5 file"},
    {"no_format.h5", "not a scaleahead model"},
    {"other_format.h5", "format 'keras-model' is not scaleahead-model"},
    {"format_not_string.h5", "format: not a single string"},
    {"vlen_format.h5", "attribute format: variable-length strings are not accepted"},
    {"vlen_features.h5", "attribute features: variable-length strings are not accepted"},
    {"version2.h5", "format version 2 is not supported"},
    {"bad_kind.h5", "kind 'forest'"},
    {"no_config.h5", "/config: missing"},
    {"missing_tensor.h5", "/weights/lstm.bias_hh_l1: missing"},
    {"extra_tensor.h5", "/weights/fc3.weight: not a tensor of this configuration"},
    {"wrong_shape.h5", "/weights/lstm.weight_ih_l0: shape (16, 4), expected (16, 3)"},
    {"huge_weight.h5", "/weights/lstm.weight_hh_l0: shape (50000, 50000), expected (16, 4)"},
    {"huge_history.h5", "/history/train_loss: length 2700000000 exceeds the limit 1000000"},
    {"int_weights.h5", "/weights/fc2.bias: not a floating point dataset"},
    {"weights_3d.h5", "/weights/fc1.bias: 3 dimensions"},
    {"nan_weight.h5", "/weights/lstm.weight_hh_l0: non-finite value at index 5"},
    {"inf_scaler.h5", "/scaler: non-finite value"},
    {"hidden0.h5", "/config: hidden 0 is out of range 1..2048"},
    {"hidden_huge.h5", "/config: hidden 1000000000 is out of range 1..2048"},
    {"hidden_int64.h5", "/config: hidden 10000000000 is out of range"},
    {"hidden_array.h5", "/config attribute hidden: 1000 values, expected 1"},
    {"hidden_float.h5", "/config attribute hidden: not an integer"},
    {"layers0.h5", "/config: layers 0 is out of range 1..8"},
    {"dropout_nan.h5", "/config: dropout nan is outside [0, 1)"},
    {"too_many_features.h5", "/config: feature cpu_utilization appears twice"},
    {"long_feature_name.h5", "/config attribute features: string too long"},
    {"long_target.h5", "/config attribute target: string too long"},
    {"history_mismatch.h5", "lengths 5, 4, 5"},
    {"scaler_short.h5", "/scaler/min: shape (2), expected (3)"},
    {"no_scaler.h5", "/scaler: missing"},
    {"too_many_metrics.h5", "/metrics: 34 metrics, at most 32"},
    {"metric_not_number.h5", "/metrics attribute val_mae: not a number"},
    {"ensemble_gap.h5", "/members/1: missing"},
    {"ensemble_no_weight.h5", "/members/1 attribute weight: missing"},
    {"ensemble_features_differ.h5", "/members/1: 2 features, member 0 has 3"},
    {"ensemble_features_reordered.h5", "/members/1: features differ from member 0's"},
    {"ensemble_empty.h5", "/members: 0 members"},
    {"grid_not_string.h5", "/grid: not a scalar fixed-length string"},
};

static void check_bad_files(const char *dir)
{
    /* Everything HDF5 might print goes to a file that must stay empty. */
    char errpath[512];
    snprintf(errpath, sizeof errpath, "%s/stderr.txt", dir);
    int saved = stderr_to(errpath);

    model_file m;
    sa_error e;
    char path[512];
    int good = model_load(&m, "tests/bad/model/good.h5", &e);
    CHECK(good == 0, "good.h5 (written by h5py) loads: %s", good ? e.msg : "ok");
    if (good == 0) {
        CHECK(m.members[0].config.net.hidden == 4 && m.members[0].n_tensors == 14 &&
              m.n_metrics == 1, "good.h5: hidden 4, 14 tensors, 1 metric");
        model_free(&m);
    }
    good = model_load(&m, "tests/bad/model/good_ensemble.h5", &e);
    CHECK(good == 0 && m.n_members == 2 && m.members[1].weight == 0.5,
          "good_ensemble.h5 (written by h5py) loads: %s", good ? e.msg : "ok");
    if (good == 0)
        model_free(&m);

    for (size_t i = 0; i < sizeof bad_files / sizeof bad_files[0]; i++) {
        snprintf(path, sizeof path, "tests/bad/model/%s", bad_files[i].file);
        e.msg[0] = '\0';
        int rc = model_load(&m, path, &e);
        size_t plen = strlen(path);
        CHECK(rc < 0 && !strncmp(e.msg, path, plen) && !strncmp(e.msg + plen, ": ", 2) &&
              strstr(e.msg, bad_files[i].phrase) && !strchr(e.msg, '\n'),
              "%s rejected: %s", bad_files[i].file, e.msg);
        CHECK(m.members == NULL && m.n_members == 0, "%s: nothing left allocated",
              bad_files[i].file);
    }
    CHECK(model_load(&m, "tests/bad/model/absent.h5", &e) < 0 &&
          !strcmp(e.msg, "tests/bad/model/absent.h5: cannot open: No such file or directory"),
          "a missing file: %s", e.msg);
    CHECK(model_load(&m, "tests/bad/model", &e) < 0 &&
          !strcmp(e.msg, "tests/bad/model: is a directory, not a model file"),
          "a directory: %s", e.msg);

    long long printed = stderr_size_after(saved, errpath);
    CHECK(printed == 0, "nothing printed to stderr while loading bad files (%lld bytes)",
          printed);
}

static void check_hash(const char *dir)
{
    char path[512], hex[17];
    sa_error e;
    snprintf(path, sizeof path, "%s/hello.txt", dir);
    FILE *fp = fopen(path, "wb");
    fputs("hello", fp);
    fclose(fp);
    CHECK(model_hash_file(path, hex, &e) == 0 && !strcmp(hex, "a430d84680aabd0b"),
          "FNV-1a 64 of \"hello\" is a430d84680aabd0b (%s)", hex);
    fp = fopen(path, "wb");
    fclose(fp);
    CHECK(model_hash_file(path, hex, &e) == 0 && !strcmp(hex, "cbf29ce484222325"),
          "FNV-1a 64 of nothing is the offset basis (%s)", hex);
    CHECK(model_hash_file("tests/bad/model/absent", hex, &e) < 0 &&
          strstr(e.msg, "absent: cannot open"), "hash of a missing file: %s", e.msg);
}

/* HDF5 1.10 leaks a few hundred bytes on some error paths of a damaged file
 * (allocated and lost inside libhdf5); the sanitizer build (make SAN=1)
 * reads this to ignore leaks whose allocation is in that library only. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    /* by library when HDF5 is shared, by its allocator when linked statically */
    return "leak:libhdf5_serial.so\nleak:libhdf5.so\nleak:H5FL__malloc\n";
}

/* Loads copies of a saved model with bytes flipped at pseudo-random places:
 * each load either succeeds or fails with one line, and HDF5 prints
 * nothing. */
static void check_flipped_bytes(const char *dir)
{
    model_file m;
    sa_error e;
    char src[512], dst[512], errpath[512];
    snprintf(src, sizeof src, "%s/lstm.h5", dir);
    snprintf(dst, sizeof dst, "%s/flipped.h5", dir);
    snprintf(errpath, sizeof errpath, "%s/stderr_flip.txt", dir);
    size_t n = 0;
    char *orig = slurp(src, &n);
    if (!orig || n == 0) {
        CHECK(0, "flipped bytes: %s readable", src);
        free(orig);
        return;
    }
    int saved = stderr_to(errpath);
    uint64_t state = 12345;
    int loaded = 0, rejected = 0, one_line = 1;
    for (int it = 0; it < 60; it++) {
        char *copy = malloc(n);
        memcpy(copy, orig, n);
        for (int k = 0; k < 3; k++) {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            copy[(state >> 33) % n] ^= (char)(1 + (state >> 13) % 255);
        }
        FILE *fp = fopen(dst, "wb");
        fwrite(copy, 1, n, fp);
        fclose(fp);
        free(copy);
        if (model_load(&m, dst, &e) == 0) {
            loaded++;
            model_free(&m);
        } else {
            rejected++;
            one_line &= !strchr(e.msg, '\n') && !strncmp(e.msg, dst, strlen(dst));
        }
    }
    long long printed = stderr_size_after(saved, errpath);
    free(orig);
    CHECK(loaded + rejected == 60 && one_line && printed == 0,
          "60 files with flipped bytes: %d load, %d rejected in one line, nothing on stderr",
          loaded, rejected);
}

/* Saves the "lstm" sample to path without its checksum (so a change made
 * next is what load sees) and returns the file open for writing, or -1. */
static hid_t save_unsummed(const char *path)
{
    model_file m;
    sa_error e;
    build(&m, "lstm");
    int rc = model_save(&m, path, &e);
    model_free(&m);
    hid_t f = rc == 0 ? H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT) : -1;
    if (f >= 0)
        H5Adelete(f, "checksum");
    return f;
}

/* Replaces link name of f by a one-float dataset (as_group 0) or a group. */
static void replace_object(hid_t f, const char *name, int as_group)
{
    H5Ldelete(f, name, H5P_DEFAULT);
    if (as_group) {
        H5Gclose(H5Gcreate2(f, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
        return;
    }
    hsize_t one = 1;
    float v = 1;
    hid_t space = H5Screate_simple(1, &one, NULL);
    hid_t d = H5Dcreate2(f, name, H5T_IEEE_F32LE, space, H5P_DEFAULT, H5P_DEFAULT,
                         H5P_DEFAULT);
    H5Dwrite(d, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, &v);
    H5Dclose(d);
    H5Sclose(space);
}

/* Sets value idx of float dataset name of f to +infinity. */
static void poison_value(hid_t f, const char *name, size_t idx)
{
    float v[64];
    hid_t d = H5Dopen2(f, name, H5P_DEFAULT);
    if (H5Dread(d, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) >= 0) {
        v[idx] = INFINITY;
        H5Dwrite(d, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, v);
    }
    H5Dclose(d);
}

/* An object of the wrong kind where a group or a dataset belongs, and an
 * infinite weight, are each named in the message of the load. */
static void check_wrong_objects(const char *dir)
{
    static const struct {
        const char *name;
        int change;  /* 0: a dataset, 1: a group, 2: +inf at index 37 */
        const char *phrase;
    } cases[] = {
        {"history", 0, "/history: not a group"},
        {"weights/fc1.bias", 1, "/weights/fc1.bias: not a dataset"},
        {"weights/lstm.weight_hh_l0", 2,
         "/weights/lstm.weight_hh_l0: non-finite value at index 37"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/changed%zu.h5", dir, i);
        hid_t f = save_unsummed(path);
        if (cases[i].change == 2)
            poison_value(f, cases[i].name, 37);
        else
            replace_object(f, cases[i].name, cases[i].change);
        H5Fclose(f);
        model_file m;
        sa_error e = {{0}};
        int rc = model_load(&m, path, &e);
        CHECK(f >= 0 && rc < 0 && strstr(e.msg, cases[i].phrase) && m.members == NULL,
              "%s: %s", cases[i].phrase, e.msg);
    }
}

/* Runs model_checksum_verify on path with a keep set; returns its result
 * and leaves the set in k. */
static int verify_keeping(const char *path, checksum_floats *k, sa_error *e)
{
    memset(k, 0, sizeof *k);
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    int rc = f >= 0 ? model_checksum_verify(f, k, e) : -1;
    if (f >= 0)
        H5Fclose(f);
    return rc;
}

/* The checksum walk keeps every float dataset with its path and shape; a
 * take hands the values over once and only for the exact shape; a model
 * loaded through the kept values equals the same model read dataset by
 * dataset (its file without a checksum keeps nothing); a file whose
 * checksum does not match keeps nothing. */
static void check_kept_floats(const char *dir)
{
    char path[512], plain[512];
    snprintf(path, sizeof path, "%s/kept.h5", dir);
    snprintf(plain, sizeof plain, "%s/unsummed.h5", dir);
    model_file m, kept_load, read_load;
    sa_error e = {{0}};
    build(&m, "lstm");
    const model_tensor *t = model_find_tensor(&m.members[0], "lstm.weight_ih_l1");
    CHECK(model_save(&m, path, &e) == 0 && t && t->dims[0] == 16 && t->dims[1] == 4,
          "kept.h5 written: %s", e.msg);
    checksum_floats k;
    CHECK(verify_keeping(path, &k, &e) == 0, "kept.h5 verifies: %s", e.msg);
    /* 14 tensors, 3 history arrays of 5 epochs, scaler min and max */
    CHECK(k.n == 19, "19 float datasets kept (%zu)", k.n);
    size_t wrong[2] = {4, 16}, right[2] = {16, 4};
    float *none = checksum_floats_take(&k, "weights/lstm.weight_ih_l1", 2, wrong);
    float *got = checksum_floats_take(&k, "weights/lstm.weight_ih_l1", 2, right);
    float *again = checksum_floats_take(&k, "weights/lstm.weight_ih_l1", 2, right);
    CHECK(!none && got && !memcmp(got, t->data, 64 * sizeof *got) && !again,
          "weight_ih_l1 taken once, only as (16, 4), with the saved values");
    CHECK(checksum_floats_length(&k, "history/lr") == 5 &&
          checksum_floats_length(&k, "weights/lstm.weight_ih_l1") == 0 &&
          checksum_floats_length(&k, "weights/fc2.bias") == 1 &&
          checksum_floats_length(&k, "weights/fc2.weight") == 0,
          "lengths: history/lr 5, a taken or 2-D dataset 0, fc2.bias 1");
    free(got);
    checksum_floats_free(&k);
    CHECK(k.n == 0 && k.items == NULL, "checksum_floats_free empties the set");

    hid_t f = save_unsummed(plain);
    H5Fclose(f);
    CHECK(f >= 0 && verify_keeping(plain, &k, &e) == 0 && k.n == 0,
          "a file without a checksum keeps nothing (%zu)", k.n);
    int a = model_load(&kept_load, path, &e), b = model_load(&read_load, plain, &e);
    CHECK(a == 0 && b == 0 && members_equal(&kept_load.members[0], &read_load.members[0]) &&
          members_equal(&kept_load.members[0], &m.members[0]) &&
          floats_equal(kept_load.scaler_min, read_load.scaler_min, 3) &&
          floats_equal(kept_load.scaler_max, m.scaler_max, 3),
          "kept and read tensors, history and scaler give the same model: %s", e.msg);
    if (a == 0)
        model_free(&kept_load);
    if (b == 0)
        model_free(&read_load);
    model_free(&m);

    f = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);  /* checksum kept, a value changed */
    poison_value(f, "weights/lstm.weight_ih_l1", 3);
    H5Fclose(f);
    int rc = verify_keeping(path, &k, &e);
    CHECK(rc < 0 && strstr(e.msg, "checksum mismatch") && k.n == 0 && k.items == NULL,
          "a mismatch keeps nothing: %s", e.msg);
}

/* Leaves lstm.h5 and ensemble.h5 in dir, for the shell test. */
static void write_samples(const char *dir)
{
    const char *kinds[] = {"lstm", "ensemble"};
    for (int i = 0; i < 2; i++) {
        model_file m;
        sa_error e = {{0}};
        char path[512];
        snprintf(path, sizeof path, "%s/%s.h5", dir, kinds[i]);
        build(&m, kinds[i]);
        CHECK(model_save(&m, path, &e) == 0, "sample %s written %s", path, e.msg);
        model_free(&m);
    }
}

int main(void)
{
    const char *out = getenv("SA_MODEL_OUT");
    if (out) {
        write_samples(out);
        return test_summary();
    }
    char dir[] = "/tmp/test_model.XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    check_expected_tensors();
    check_member_api();
    check_round_trip(dir, "lstm");
    check_flipped_bytes(dir);
    check_single_feature(dir);
    check_round_trip(dir, "ensemble");
    check_round_trip(dir, "grid");
    check_path_model(dir);
    check_deterministic(dir);
    check_save_failures(dir);
    check_bad_files(dir);
    check_wrong_objects(dir);
    check_kept_floats(dir);
    check_hash(dir);

    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", dir);
    return test_summary();
}
