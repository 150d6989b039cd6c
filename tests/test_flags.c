/* test_flags.c — scaleahead-train's flags turned into a run in the library
 * (lib/train/flags.c): every set flag overrides the preset's value, an unset
 * one leaves it, and the combinations that make no sense are refused. */
#include "train/flags.h"
#include "train/auto.h"
#include "harness.h"

#include <math.h>
#include <string.h>

static void test_overrides(void)
{
    trainrun_flags f;
    trainrun_flags_defaults(&f);
    f.data = "m.csv";
    f.arch = "optimized";
    f.hidden = 8;
    f.dropout = 0;      /* 0 is a value, not "unset" */
    f.split = "0.6,0.2";
    f.epochs = 7;
    trainrun_options o;
    sa_error e = {0};
    int rc = trainrun_from_flags(&o, &f, &e);
    const model_config *c = &o.base;
    CHECK(rc == 0 && !strcmp(o.kind, "lstm") && !strcmp(c->arch, "optimized") &&
              c->net.hidden == 8 && c->net.layers == 3 && c->net.head == 64 &&
              c->net.dropout == 0 && c->lr == 5e-4 && c->batch == 64 && c->seq_len == 24,
          "flags: --hidden 8 --dropout 0 over optimized (128x3, head 64, 0.2, 5e-4, 64, 24) %s",
          e.msg);
    CHECK(c->epochs == 7 && c->horizon == 1 && c->seed == 42 && c->split[0] == 0.6 &&
              c->split[1] == 0.6 + 0.2 && !strcmp(o.data_path, "m.csv") && o.threads == 1,
          "flags: epochs, split 0.6,0.2 -> (0.6, 0.8), defaults for the rest");
    f.arch = "nonsense";
    CHECK(trainrun_from_flags(&o, &f, &e) < 0 &&
              strstr(e.msg, "--arch nonsense: unknown") && strstr(e.msg, "--help"),
          "flags: an unknown --arch (%s)", e.msg);
}

/* A window shorter than the preset's highway cuts the highway to it (as
 * auto does for its candidates); an explicit --highway longer than the
 * window is refused. */
static void test_short_window(void)
{
    trainrun_flags f;
    trainrun_flags_defaults(&f);
    f.data = "m.csv";
    f.seq_len = 3;
    trainrun_options o;
    sa_error e = {0};
    CHECK(trainrun_from_flags(&o, &f, &e) == 0 && o.base.seq_len == 3 &&
              o.base.net.highway == 3,
          "flags: robust --seq-len 3 cuts the highway (12) to 3 (%d) %s", o.base.net.highway,
          e.msg);
    f.highway = 5;
    CHECK(trainrun_from_flags(&o, &f, &e) < 0 && strstr(e.msg, "--highway 5") &&
              strstr(e.msg, "--seq-len 3"),
          "flags: --highway 5 --seq-len 3 refused (%s)", e.msg);
}

/* Each case: one change to valid flags, and what the refusal says. */
static void test_refusals(void)
{
    static const struct {
        const char *name, *want;
        int ensemble, grid, weighted, data_parallel, no_data, auto_arch;
        const char *split, *resume, *members, *baselines;
    } cases[] = {
        {"no data", "no data", .no_data = 1},
        {"--ensemble with --grid", "exclude each other", .ensemble = 1, .grid = 1},
        {"--weighted without --ensemble", "need --ensemble", .weighted = 1},
        {"--members without --ensemble", "need --ensemble", .members = "0,1"},
        {"--data-parallel with --grid", "trains one model", .grid = 1, .data_parallel = 1},
        {"--resume with --data", "--resume continues", .resume = "m.h5"},
        {"--split abc", "--split abc: want", .split = "abc"},
        {"--split 0.7,0.3", "TRAIN+VAL < 1", .split = "0.7,0.3"},
        {"--members 7", "--members: '7' is not a member index", .ensemble = 1, .members = "7"},
        {"--baselines without auto", "give --arch auto", .baselines = "persistence"},
        {"--baselines naive", "--baselines: 'naive' is not a baseline (persistence",
         .auto_arch = 1, .baselines = "naive"},
        {"--baselines twice", "'persistence' is named twice", .auto_arch = 1,
         .baselines = "persistence,persistence"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        trainrun_flags f;
        trainrun_flags_defaults(&f);
        f.data = cases[i].no_data ? NULL : "m.csv";
        f.ensemble = cases[i].ensemble;
        f.grid = cases[i].grid;
        f.weighted = cases[i].weighted;
        f.data_parallel = cases[i].data_parallel;
        f.resume = cases[i].resume;
        f.members = cases[i].members;
        f.baselines = cases[i].baselines;
        if (cases[i].auto_arch)
            f.arch = "auto";
        if (cases[i].split)
            f.split = cases[i].split;
        trainrun_options o;
        sa_error e = {0};
        CHECK(trainrun_from_flags(&o, &f, &e) < 0 && strstr(e.msg, cases[i].want),
              "flags refused: %s (%s)", cases[i].name, e.msg);
    }
}

/* train's --arch when none is given: auto keeping a network or
 * persistence for a path of one model from a file, robust for one step
 * and whenever a flag names a preset's setting or the run is not one
 * model (docs/paths.md, "The default model"). */
static void test_default_arch(void)
{
    static const struct {
        const char *name, *want, *data, *given, *baselines, *want_baselines;
        int steps, ensemble, grid, fleet;    /* 0 unless named */
    } cases[] = {
        {"one step", "robust", "m.csv", NULL, NULL, NULL, 1, 0, 0, 0},
        {"--steps 12", "auto", "m.csv", NULL, NULL, "persistence", 12, 0, 0, 0},
        {"--steps 2", "auto", "m.csv", NULL, NULL, "persistence", 2, 0, 0, 0},
        {"--steps 12 --baselines all four", "auto", "m.csv", "baselines",
         "persistence,seasonal_naive,linear_ar,holt_winters",
         "persistence,seasonal_naive,linear_ar,holt_winters", 12, 0, 0, 0},
        {"--steps 12 --hidden 8", "robust", "m.csv", "hidden", NULL, NULL, 12, 0, 0, 0},
        {"--steps 12 --features", "robust", "m.csv", "features", NULL, NULL, 12, 0, 0, 0},
        {"--steps 12 --epochs 5", "auto", "m.csv", "epochs", NULL, "persistence", 12, 0, 0, 0},
        {"--steps 12 from stdin", "robust", "-", NULL, NULL, NULL, 12, 0, 0, 0},
        {"--steps 12 --ensemble", "robust", "m.csv", NULL, NULL, NULL, 12, .ensemble = 1},
        {"--steps 12 --grid", "robust", "m.csv", NULL, NULL, NULL, 12, .grid = 1},
        {"--steps 12 --fleet (its own default)", "robust", NULL, NULL, NULL, NULL, 12, .fleet = 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        trainrun_flags f;
        trainrun_flags_defaults(&f);
        f.data = cases[i].data;
        f.steps = cases[i].steps;
        f.ensemble = cases[i].ensemble;
        f.grid = cases[i].grid;
        f.fleet = cases[i].fleet ? "fleet" : NULL;
        f.baselines = cases[i].baselines;
        const char *given[1] = {cases[i].given};
        f.given = given;
        f.n_given = cases[i].given != NULL;
        trainrun_flags_default_arch(&f);
        const char *want = cases[i].want_baselines;
        CHECK(!strcmp(f.arch, cases[i].want) &&
                  (want ? f.baselines && !strcmp(f.baselines, want) : !f.baselines),
              "default --arch for %s: %s, baselines %s (want %s, %s)", cases[i].name, f.arch,
              f.baselines ? f.baselines : "all", cases[i].want, want ? want : "all");
    }
    /* what the run records: the list as given, in the model's config */
    trainrun_flags f;
    trainrun_flags_defaults(&f);
    f.data = "m.csv";
    f.arch = "auto";
    f.baselines = "holt_winters,persistence";
    trainrun_options o;
    sa_error e = {0};
    CHECK(trainrun_from_flags(&o, &f, &e) == 0 &&
              !strcmp(o.base.auto_baselines, "holt_winters,persistence"),
          "flags: --baselines holt_winters,persistence recorded as %s %s",
          o.base.auto_baselines, e.msg);
}

/* auto keeps a baseline only when it is 5 % lower on both halves of the
 * validation windows; a tie at 0 (a constant series) is the baseline's. */
static void test_baseline_margin(void)
{
    static const struct {
        double baseline[2], network[2];
        int clear;
    } cases[] = {
        {{0.90, 0.90}, {1.00, 1.00}, 1},  /* 10 % lower on both halves */
        {{0.95, 0.95}, {1.00, 1.00}, 1},  /* exactly the margin */
        {{0.96, 0.90}, {1.00, 1.00}, 0},  /* 4 % on the first half only */
        {{0.50, 1.10}, {1.00, 1.00}, 0},  /* lower in all, but not steady */
        {{0.00, 0.00}, {0.00, 0.00}, 1},  /* a constant: every forecaster exact */
        {{0.00, 0.00}, {1e-9, 1e-9}, 1},
        {{1.00, 1.00}, {INFINITY, INFINITY}, 1},  /* the network was not scored */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        CHECK(auto_baseline_clear(cases[i].baseline, cases[i].network) == cases[i].clear,
              "auto margin: baseline (%g, %g) against a network's (%g, %g) -> %d",
              cases[i].baseline[0], cases[i].baseline[1], cases[i].network[0],
              cases[i].network[1], cases[i].clear);
}

/* What --baselines lets auto keep: an item of the list, never a part of
 * one; an empty list lets it keep all four. */
static void test_baseline_allowed(void)
{
    static const struct {
        const char *list, *name;
        int allowed;
    } cases[] = {
        {"", "holt_winters", 1},
        {"persistence", "persistence", 1},
        {"persistence", "seasonal_naive", 0},
        {"holt_winters,persistence", "persistence", 1},
        {"holt_winters,persistence", "holt_winters", 1},
        {"linear_ar", "linear", 0},
        {"xlinear_ar", "linear_ar", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        CHECK(auto_baseline_allowed(cases[i].list, cases[i].name) == cases[i].allowed,
              "auto may keep %s under '%s': %d", cases[i].name, cases[i].list,
              cases[i].allowed);
}

int main(void)
{
    test_overrides();
    test_short_window();
    test_refusals();
    test_default_arch();
    test_baseline_margin();
    test_baseline_allowed();
    return test_summary();
}
