/* test_baseline_file.c — a baseline as a model file of its own (kind
 * "baseline", model.h): each of the four fitted on tests/data/metrics_small.csv,
 * saved, loaded back with the same parameters, and forecast through the
 * predictor (what predict, eval and sim use) bit for bit as the fitted
 * baseline forecasts; the --arch auto table round-trips; damaged
 * baselines are refused on save and on load. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <hdf5.h>
#include "base/message.h"
#include "model/model.h"
#include "model/checksum.h"
#include "model/predictor.h"
#include "harness.h"

static char dir[] = "/tmp/sa_baseline_XXXXXX";

/* The data settings of a model on p (a trained model's /config). */
static void config_for(model_config *c, const prepared *p, const char *arch)
{
    memset(c, 0, sizeof *c);
    snprintf(c->arch, sizeof c->arch, "%s", arch);
    c->net = (net_arch){.hidden = 8, .layers = 1};
    c->seq_len = 12;
    c->horizon = 1;
    c->batch = 32;
    c->epochs = 1;
    c->lr = 1e-3;
    c->split[0] = 0.7;
    c->split[1] = 0.85;
    snprintf(c->target, sizeof c->target, "cpu_utilization");
    c->n_features = (int)p->d.fm.n_feat;
    memcpy(c->feature_ids, p->d.fm.ids, sizeof c->feature_ids);
    c->step = p->d.s.step;
}

/* A model file of kind baseline holding b (moved in), scaler from p. The
 * scaler does not change a baseline's forecasts, which use the raw rows. */
static void baseline_model(model_file *m, const prepared *p, baseline_spec *b)
{
    memset(m, 0, sizeof *m);
    snprintf(m->kind, sizeof m->kind, "baseline");
    m->n_features = p->tf.n_feat;
    m->scaler_min = malloc(m->n_features * sizeof(float));
    m->scaler_max = malloc(m->n_features * sizeof(float));
    for (size_t i = 0; i < m->n_features; i++) { /* p's min-max transform */
        m->scaler_min[i] = (float)p->tf.center[i];
        m->scaler_max[i] = (float)(p->tf.center[i] + p->tf.scale[i]);
    }
    m->n_members = 1;
    m->members = calloc(1, sizeof *m->members);
    m->members[0].weight = 1;
    config_for(&m->members[0].config, p, baseline_names[b->kind]);
    m->baseline = malloc(sizeof *m->baseline);
    *m->baseline = *b;
    memset(b, 0, sizeof *b);
}

static void test_round_trips(const prepared *p)
{
    size_t n = p->w.n;
    double *fitted = malloc(n * sizeof *fitted), *loaded = malloc(n * sizeof *loaded);
    char path[64];
    for (int k = 0; k < BASELINE_COUNT; k++) {
        sa_error e = {{0}};
        snprintf(path, sizeof path, "%s/b%d.h5", dir, k); /* a file loaded is not overwritten */
        baseline_spec b;
        int rc = baseline_spec_fit(&b, (baseline_kind)k, p, p->w.n_train, 1, 1, 12, &e);
        rc = rc ? rc : baseline_spec_forecast(&b, p, p->w.end, n, fitted, &e) < 0;
        model_file m;
        baseline_model(&m, p, &b);
        if (k == BASELINE_HOLT_WINTERS) {
            m.auto_csv = strdup("rank,forecaster\n1,holt_winters\n");
            snprintf(m.auto_choice, sizeof m.auto_choice, "holt_winters");
        }
        rc = rc ? rc : model_save(&m, path, &e);
        predictor f;
        rc = rc ? rc : predictor_load(&f, path, &e);
        if (rc) {
            CHECK(0, "baseline file: %s fits, saves and loads: %s", baseline_names[k], e.msg);
            model_free(&m);
            continue;
        }
        int same = predictor_forecast(&f, p, p->w.end, n, 1, loaded, NULL, NULL, &e) == 0;
        for (size_t i = 0; same && i < n; i++)
            same = loaded[i] == fitted[i] && isfinite(loaded[i]);
        CHECK(same && !strcmp(f.model.kind, "baseline") && f.model.baseline->kind == (baseline_kind)k,
              "baseline file: %s loaded forecasts all %zu windows exactly as fitted", baseline_names[k], n);
        const baseline_spec *a = m.baseline, *l = f.model.baseline;
        if (k == BASELINE_LINEAR_AR)
            CHECK(l->ar.lags == a->ar.lags && l->ar.intercept[0] == a->ar.intercept[0] &&
                  !memcmp(l->ar.coef, a->ar.coef, (size_t)a->ar.lags * a->ar.n_feat * sizeof(double)),
                  "baseline file: linear_ar coefficients round-trip");
        if (k == BASELINE_HOLT_WINTERS) {
            CHECK(l->hw.alpha == a->hw.alpha && l->hw.phi == a->hw.phi && l->hw.period == 96,
                  "baseline file: holt_winters parameters round-trip (daily season of 96 rows)");
            CHECK(f.model.auto_csv && !strcmp(f.model.auto_csv, m.auto_csv) &&
                      !strcmp(f.model.auto_choice, "holt_winters"),
                  "baseline file: the auto table and choice round-trip");
        }
        predictor_free(&f);
        model_free(&m);
        unlink(path);
    }
    free(fitted);
    free(loaded);
}

static void test_refused(const prepared *p)
{
    char path[64];
    snprintf(path, sizeof path, "%s/bad.h5", dir);
    sa_error e = {{0}};
    baseline_spec b;
    baseline_spec_fit(&b, BASELINE_HOLT_WINTERS, p, p->w.n_train, 1, 1, 12, &e);
    model_file m;
    baseline_model(&m, p, &b);
    m.baseline->hw.alpha = 1.5;
    CHECK(model_save(&m, path, &e) < 0 && strstr(e.msg, "out of bounds") && access(path, F_OK) != 0,
          "baseline file: Holt-Winters alpha 1.5 is refused on save: %s", e.msg);
    m.baseline->hw.alpha = 0.5;
    baseline_spec *keep = m.baseline;
    m.baseline = NULL;
    CHECK(model_save(&m, path, &e) < 0 && strstr(e.msg, "without a baseline"),
          "baseline file: kind baseline without one is refused: %s", e.msg);
    m.baseline = keep;
    snprintf(m.kind, sizeof m.kind, "lstm");
    CHECK(model_save(&m, path, &e) < 0, "baseline file: a baseline in an lstm file is refused");
    snprintf(m.kind, sizeof m.kind, "baseline");
    CHECK(model_save(&m, path, &e) == 0, "baseline file: the repaired one saves");
    /* Damage the stored alpha behind the library's back: refused on load. */
    hid_t f = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
    hid_t g = H5Gopen2(f, "baseline", H5P_DEFAULT);
    hid_t a = H5Aopen(g, "alpha", H5P_DEFAULT);
    double bad = -0.25;
    H5Awrite(a, H5T_NATIVE_DOUBLE, &bad);
    H5Aclose(a);
    H5Gclose(g);
    model_checksum_write(f, &e); /* a consistent file whose value is out of range */
    H5Fclose(f);
    model_file back;
    CHECK(model_load(&back, path, &e) < 0 && strstr(e.msg, "/baseline") && strstr(e.msg, "alpha -0.25"),
          "baseline file: a stored alpha of -0.25 is refused on load: %s", e.msg);
    model_free(&m);
    unlink(path);
}

int main(void)
{
    if (!mkdtemp(dir))
        return 1;
    int ids[FEAT_COUNT];
    size_t nf = dataset_seed_features(4, ids);
    dataset_options o = {"tests/data/metrics_small.csv", "cpu_utilization", ids, nf, 0, NULL, 0, 0, 1, NULL, NULL, 0, NULL, NULL};
    double split[2] = {0.7, 0.85};
    prepared p;
    sa_error e;
    msg_quiet = 1;
    if (prepare_for_training(&p, &o, 12, 1, split, 0, TRANSFORM_LOG1P_OFF, &e)) {
        CHECK(0, "baseline file: metrics_small.csv prepares: %s", e.msg);
        return test_summary();
    }
    test_round_trips(&p);
    test_refused(&p);
    prepared_free(&p);
    rmdir(dir);
    return test_summary();
}
