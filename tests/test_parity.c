/* test_parity.c — the C network computes what PyTorch computes. Loads the
 * committed fixture tests/data/parity.h5 (written by
 * tests/parity/make_fixture.py; no Python at test time), copies each
 * model's weights into a net by state_dict name, and compares tensor by
 * tensor: the output, the MSE loss, every gradient, the clipping norm of
 * three steps and the weights after three clipped Adam steps.
 * The robust models ("robust": LSTM + highway; "linear": the highway
 * alone; both residual, clipped, L1) keep their data raw with the
 * transform as attributes: the test applies it with data/transform.c, so
 * C and Python each compute the inputs from the same attributes, and also
 * compares the forecast mapped back to raw units.
 *
 * For each tensor it prints the max absolute difference and the relative
 * one, max|c - torch| / (max|torch| + 1e-6), which must stay under 1e-4.
 *
 * The forecast-path models (path_*, issue 23) have S = 4 outputs: their
 * targets and outputs are (B, S) and the loss is the mean over sequences
 * and steps, as training averages it.
 *
 * Sizes: B batch, T steps, I inputs (fixture: 3, 5, 4; H 6, L 2, D 5), S
 * outputs. */
#define HARNESS_KERNEL_PATHS
#include <hdf5.h>
#include <hdf5_hl.h>
#include <stdlib.h>
#include <string.h>

#include "features/transform.h"
#include "harness.h"
#include "nn/loss.h"
#include "nn/net.h"
#include "nn/optim.h"
#include "tensor_diff.h"

#define FIXTURE "tests/data/parity.h5"
#define PARITY_TOL 1e-4

/* Prints the differences of a (ours) and b (torch's) and records a check. */
static void compare(const char *model, const char *what, const float *a, const float *b,
                    size_t n)
{
    double max_abs, max_ref;
    tensor_diff(a, b, n, &max_abs, &max_ref);
    double rel = max_abs / (max_ref + 1e-6);
    printf("# %-10s %-26s max abs %.3g  max rel %.3g\n", model, what, max_abs, rel);
    CHECK(rel < PARITY_TOL, "parity %s: %s within 1e-4 relative (%.2g)", model, what, rel);
}

/* The rank and dimensions of dataset path in g; -1 when it is missing. */
static int dataset_shape(hid_t g, const char *path, int *rank, hsize_t dims[3])
{
    dims[0] = dims[1] = dims[2] = 1;
    if (H5LTpath_valid(g, path, 1) <= 0 || H5LTget_dataset_ndims(g, path, rank) < 0 ||
        *rank > 3 || H5LTget_dataset_info(g, path, dims, NULL, NULL) < 0) {
        CHECK(0, "fixture has the dataset %s", path);
        return -1;
    }
    return 0;
}

/* Reads dataset path of group g, of exactly n floats, into a new buffer;
 * NULL (and a FAIL line) when it is missing or of another size. */
static float *read_floats(hid_t g, const char *path, size_t n)
{
    int rank;
    hsize_t dims[3];
    if (dataset_shape(g, path, &rank, dims) < 0)
        return NULL;
    if (dims[0] * dims[1] * dims[2] != n) {
        CHECK(0, "fixture dataset %s has %zu floats", path, n);
        return NULL;
    }
    float *buf = malloc(n * sizeof *buf);
    if (H5LTread_dataset_float(g, path, buf) < 0) {
        CHECK(0, "fixture dataset %s reads", path);
        free(buf);
        return NULL;
    }
    return buf;
}

static int attr_int(hid_t g, const char *name)
{
    int v = -1;
    if (H5LTget_attribute_int(g, ".", name, &v) < 0)
        CHECK(0, "fixture attribute %s", name);
    return v;
}

/* Copies every weights/<name> of group g into n, checking the shape
 * against the tensor table (this is how a model file's weights map onto a
 * net). Returns 0, or -1 after a FAIL line. */
static int load_weights(hid_t g, net *n)
{
    for (size_t i = 0; i < n->n_tensors; i++) {
        const net_tensor *t = &n->tensors[i];
        char path[128];
        snprintf(path, sizeof path, "weights/%s", t->name);
        int rank;
        hsize_t dims[3];
        if (dataset_shape(g, path, &rank, dims) < 0)
            return -1;
        int shape_ok = rank == t->ndim && dims[0] == t->rows && (rank == 1 || dims[1] == t->cols);
        if (!shape_ok) {
            CHECK(0, "%s has the shape of the state_dict", t->name);
            return -1;
        }
        if (H5LTread_dataset_float(g, path, n->params + t->offset) < 0) {
            CHECK(0, "fixture dataset %s reads", path);
            return -1;
        }
    }
    return 0;
}

/* The transform of a robust model's group g, from its attributes center,
 * scale, log1p and role (F each). Returns 0, or -1 after a FAIL line. */
static int read_transform(hid_t g, transform *t, size_t F)
{
    sa_error e;
    long long flags[2][8];
    if (F > 8 || transform_alloc(t, F, 1, &e) < 0 ||
        H5LTget_attribute_double(g, ".", "center", t->center) < 0 ||
        H5LTget_attribute_double(g, ".", "scale", t->scale) < 0 ||
        H5LTget_attribute_long_long(g, ".", "log1p", flags[0]) < 0 ||
        H5LTget_attribute_long_long(g, ".", "role", flags[1]) < 0) {
        CHECK(0, "fixture transform attributes read");
        return -1;
    }
    for (size_t f = 0; f < F; f++) {
        t->log1p[f] = (unsigned char)flags[0][f];
        t->role[f] = (unsigned char)flags[1][f];
    }
    return 0;
}

/* The model's inputs x (B, T, I) and targets (B, S), new buffers: as
 * stored, or for a robust model transformed from x_raw and target_raw by
 * the transform of its attributes (into *t, else left zeroed). */
static int read_inputs(hid_t g, const net_config *cfg, int B, transform *t, float **x,
                       float **target)
{
    size_t T = (size_t)cfg->seq_len, I = (size_t)cfg->n_inputs;
    int BS = B * net_steps(&cfg->arch);
    memset(t, 0, sizeof *t);
    if (!H5LTfind_dataset(g, "x_raw")) {
        *x = read_floats(g, "x", (size_t)B * T * I);
        *target = read_floats(g, "target", BS);
        return *x && *target ? 0 : -1;
    }
    *x = read_floats(g, "x_raw", (size_t)B * T * I);
    *target = read_floats(g, "target_raw", BS);
    if (!*x || !*target || read_transform(g, t, I) < 0)
        return -1;
    transform_apply(t, *x, (size_t)B * T, *x);
    float *row = calloc(I, sizeof *row);
    for (int b = 0; b < BS; b++) {   /* the target is column 0's value */
        row[0] = (*target)[b];
        transform_apply(t, row, 1, row);
        (*target)[b] = row[0];
    }
    free(row);
    return 0;
}

/* The network of group g: sizes, and the robust stage when it has one. */
static net_config read_config(hid_t g, int *loss)
{
    net_config cfg = {.n_inputs = attr_int(g, "inputs"), .seq_len = attr_int(g, "seq_len"),
                      .arch = {.hidden = attr_int(g, "hidden"), .layers = attr_int(g, "layers"),
                               .head = attr_int(g, "head"), .attention = attr_int(g, "attention"),
                               .dropout = 0.0f}};
    *loss = LOSS_MSE;
    if (H5LTfind_attribute(g, "outputs"))   /* a forecast path (issue 23) */
        cfg.arch.steps = attr_int(g, "outputs");
    if (H5LTfind_attribute(g, "highway")) {
        char name[16] = "";
        cfg.arch.highway = attr_int(g, "highway");
        cfg.arch.residual = attr_int(g, "residual");
        H5LTget_attribute_double(g, ".", "clip", &cfg.arch.clip);
        H5LTget_attribute_string(g, ".", "loss", name);
        *loss = loss_by_name(name);
        CHECK(*loss >= 0, "fixture loss '%s' is a loss", name);
        cfg.relative = 1u;   /* the target column */
    }
    return cfg;
}

/* A robust model's forecasts (B values, times S for a path) in raw units
 * against the fixture's. */
static void compare_forecast(hid_t g, const char *model, const transform *t, const float *y,
                             int B)
{
    float *ref = read_floats(g, "forecast", B), *ours = malloc(B * sizeof *ours);
    for (int b = 0; ref && b < B; b++)
        ours[b] = (float)transform_unscale(t, 0, y[b]);
    if (ref)
        compare(model, "forecast (raw units)", ours, ref, B);
    free(ref);
    free(ours);
}

static void run_model(hid_t file, const char *model)
{
    hid_t g = H5Gopen2(file, model, H5P_DEFAULT);
    if (g < 0) {
        CHECK(0, "fixture has the model %s", model);
        return;
    }
    int loss_kind;
    net_config cfg = read_config(g, &loss_kind);
    const int B = attr_int(g, "batch"), steps = attr_int(g, "steps");
    const int BS = B * net_steps(&cfg.arch);   /* outputs: (B, S) */
    double lr = 0, max_norm = 0;
    H5LTget_attribute_double(g, ".", "lr", &lr);
    H5LTget_attribute_double(g, ".", "max_norm", &max_norm);
    net n;
    sa_error e;
    if (net_create(&n, &cfg, &e) < 0) {
        CHECK(0, "parity %s: net_create: %s", model, e.msg);
        H5Gclose(g);
        return;
    }
    net_workspace *w = net_workspace_create(&n, B);
    float *x = NULL, *target = NULL, *y_ref = read_floats(g, "y", BS);
    float *loss_ref = read_floats(g, "loss", 1), *norms = read_floats(g, "grad_norms", steps);
    float *y = calloc(BS, sizeof *y);
    transform t;
    if (read_inputs(g, &cfg, B, &t, &x, &target) < 0 || !w || !y_ref || !loss_ref || !norms ||
        load_weights(g, &n) < 0)
        goto done;
    CHECK(1, "parity %s: the state_dict's %zu tensors load by name and shape", model,
          n.n_tensors);

    net_workspace_zero_grads(w);
    net_forward(&n, w, x, B, y, 1, 0, 0);
    float loss = (float)(net_backward(&n, w, y, target, B, 1.0f / BS, loss_kind) / BS);
    compare(model, "y", y, y_ref, BS);
    compare(model, "loss", &loss, loss_ref, 1);
    if (t.n_feat)
        compare_forecast(g, model, &t, y, BS);
    float *grads = net_workspace_grads(w);
    for (size_t i = 0; i < n.n_tensors; i++) {
        const net_tensor *t = &n.tensors[i];
        char path[128], what[96];
        snprintf(path, sizeof path, "grads/%s", t->name);
        float *ref = read_floats(g, path, t->rows * t->cols);
        snprintf(what, sizeof what, "grad %s", t->name);
        if (ref)
            compare(model, what, grads + t->offset, ref, t->rows * t->cols);
        free(ref);
    }

    adam opt;
    if (adam_init(&opt, n.n_params, &e) < 0) {
        CHECK(0, "adam_init: %s", e.msg);
        goto done;
    }
    for (int s = 0; s < steps; s++) {
        net_workspace_zero_grads(w);
        net_forward(&n, w, x, B, y, 1, 0, 0);
        net_backward(&n, w, y, target, B, 1.0f / BS, loss_kind);
        float norm = (float)clip_grad_norm(grads, n.n_params, (float)max_norm);
        char what[64];
        snprintf(what, sizeof what, "clip norm, step %d", s + 1);
        compare(model, what, &norm, norms + s, 1);
        adam_step(&opt, n.params, grads, (float)lr);
    }
    adam_free(&opt);
    for (size_t i = 0; i < n.n_tensors; i++) {
        const net_tensor *t = &n.tensors[i];
        char path[128], what[96];
        snprintf(path, sizeof path, "adam/%s", t->name);
        float *ref = read_floats(g, path, t->rows * t->cols);
        snprintf(what, sizeof what, "adam x%d %s", steps, t->name);
        if (ref)
            compare(model, what, n.params + t->offset, ref, t->rows * t->cols);
        free(ref);
    }
done:
    free(x), free(target), free(y_ref), free(loss_ref), free(norms), free(y);
    transform_free(&t);
    net_workspace_free(w);
    net_free(&n);
    H5Gclose(g);
}

static hid_t parity_file;

/* The three models of the fixture, on the active kernel path. */
static void run_models(void)
{
    run_model(parity_file, "last_fc");
    run_model(parity_file, "last_head");
    run_model(parity_file, "attention");
    run_model(parity_file, "robust");
    run_model(parity_file, "linear");
    run_model(parity_file, "path_head");
    run_model(parity_file, "path_fc");
    run_model(parity_file, "path_robust");
    run_model(parity_file, "path_linear");
}

int main(void)
{
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);   /* failures are reported as checks */
    hid_t file = H5Fopen(FIXTURE, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (file < 0) {
        CHECK(0, "parity fixture %s opens (run from the repository root; regenerate with "
                 "/usr/bin/python3 tests/parity/make_fixture.py)", FIXTURE);
        return test_summary();
    }
    parity_file = file;
    harness_each_path(run_models);
    H5Fclose(file);
    return test_summary();
}
