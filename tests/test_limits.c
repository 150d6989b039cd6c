/* test_limits.c — one set of limits and one tensor layout (docs/style.md §14,
 * issue 13.3 and 13.4): net_create, the model file and a training run agree
 * on every size limit because they take it from one definition (net.h), the
 * model file's expected tensors are the network's own table, and a training
 * run refuses a size beyond a limit before it reads any data. */
#include "model/model.h"
#include "nn/net.h"
#include "train/run.h"
#include "harness.h"

#include <string.h>

/* A valid single-model config of I features (cpu first), seq_len T. */
static model_config small_config(int I, int T)
{
    model_config c = {.net = {.hidden = 3, .layers = 2, .head = 4, .attention = 1,
                              .dropout = 0.1},
                      .seq_len = T, .horizon = 1, .batch = 8, .epochs = 1, .seed = 1,
                      .lr = 1e-3, .split = {0.7, 0.85}, .n_features = I, .step = 300};
    snprintf(c.arch, sizeof c.arch, "custom");
    snprintf(c.target, sizeof c.target, "cpu_utilization");
    for (int i = 0; i < I; i++)
        c.feature_ids[i] = i;
    return c;
}

/* Whether net_create and model_check_config both accept c (want = 1) or
 * both refuse it (want = 0), naming the field in the refusal. */
static void check_agree(model_config c, const char *field, int want)
{
    sa_error e1 = {0}, e2 = {0};
    net_config nc = model_net_config(&c);
    net n;
    int net_ok = net_create(&n, &nc, &e1) == 0;
    if (net_ok)
        net_free(&n);
    int model_ok = model_check_config(&c, &e2) == 0;
    CHECK(net_ok == want && model_ok == want &&
              (want || (strstr(e1.msg, field) && strstr(e2.msg, field))),
          "%s: net_create and the model file both %s it (%s | %s)", field,
          want ? "accept" : "refuse", e1.msg, e2.msg);
}

static void test_one_set_of_limits(void)
{
    model_config c = small_config(3, 5);
    c.net.layers = NET_MAX_LAYERS;
    check_agree(c, "layers", 1);
    c.net.layers = NET_MAX_LAYERS + 1;
    check_agree(c, "layers", 0);
    c = small_config(3, 5);
    c.net.hidden = NET_MAX_HIDDEN + 1;
    check_agree(c, "hidden", 0);
    c.net.hidden = 0;
    check_agree(c, "hidden", 0);
    c = small_config(3, 5);
    c.net.head = NET_MAX_HEAD;
    check_agree(c, "head", 1);
    c.net.head = NET_MAX_HEAD + 1;
    check_agree(c, "head", 0);
    c = small_config(3, NET_MAX_SEQ_LEN + 1);
    check_agree(c, "seq_len", 0);
    c = small_config(3, 5);
    c.net.dropout = 1.0;
    check_agree(c, "dropout", 0);
    CHECK(NET_MAX_TENSORS == 4 * NET_MAX_LAYERS + 8 && MODEL_MAX_TENSORS == NET_MAX_TENSORS,
          "the tensor tables hold the largest network (with a highway): %d slots",
          NET_MAX_TENSORS);
}

/* The model file's expected tensors are net_layout's table, name for name
 * and shape for shape, for each kind of head and pooling. */
static void test_one_tensor_layout(void)
{
    for (int variant = 0; variant < 4; variant++) {
        model_config c = small_config(4, 6);
        c.net.attention = variant & 1;
        c.net.head = variant & 2 ? 5 : 0;
        c.net.layers = NET_MAX_LAYERS - variant;
        model_tensor want[MODEL_MAX_TENSORS];
        sa_error e;
        int count = model_expected_tensors(&c, want, &e);
        net n;
        net_config nc = model_net_config(&c);
        int made = net_create(&n, &nc, &e) == 0;
        int same = made && count == (int)n.n_tensors;
        for (int i = 0; same && i < count; i++)
            same = !strcmp(want[i].name, n.tensors[i].name) &&
                   want[i].ndim == n.tensors[i].ndim && want[i].dims[0] == n.tensors[i].rows &&
                   want[i].dims[1] == n.tensors[i].cols;
        CHECK(same && count == 4 * c.net.layers + 2 * c.net.attention + (c.net.head ? 4 : 2),
              "layout: %d layers, attention %d, head %d: the model file expects the "
              "network's %d tensors", c.net.layers, c.net.attention, c.net.head, count);
        if (made)
            net_free(&n);
    }
}

/* A run whose size is beyond a limit fails before it reads the data: the
 * data file here does not exist, and the error is about the size. */
static void test_checked_before_training(void)
{
    sa_error e = {0};
    trainrun_options o;
    CHECK(trainrun_defaults(&o, "original", &e) == 0, "trainrun_defaults original");
    o.base.net.layers = NET_MAX_LAYERS + 1;
    o.data_path = "/nonexistent/metrics.csv";
    model_file m;
    trainrun_result r;
    CHECK(trainrun(&m, &o, &r, &e) < 0 && strstr(e.msg, "layers 9 is out of range 1..8") &&
              !strstr(e.msg, "nonexistent"),
          "trainrun: --layers 9 refused before the data is read (%s)", e.msg);
    CHECK(trainrun_defaults(&o, "grid", &e) == 0, "trainrun_defaults grid");
    o.base.horizon = 0;
    o.data_path = "/nonexistent/metrics.csv";
    CHECK(trainrun(&m, &o, &r, &e) < 0 && strstr(e.msg, "grid 1/54: horizon 0 is out of range"),
          "trainrun: a grid with horizon 0 refused before any job (%s)", e.msg);
}

int main(void)
{
    test_one_set_of_limits();
    test_one_tensor_layout();
    test_checked_before_training();
    return test_summary();
}
