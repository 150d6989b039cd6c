/* test_train.c — the training protocol on a series with a known answer:
 * loss falls, the best weights are kept, a seed repeats exactly, the
 * thread count does not change the result, a stop request and a resume
 * give the weights of a run never stopped, and a NaN loss stops with the
 * last good weights. Every test runs on each kernel path. */
#define HARNESS_KERNEL_PATHS
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "harness.h"
#include "nn/loss.h"
#include "nn/net.h"
#include "features/scaler.h"
#include "train/loop.h"
#include "features/window.h"

enum { ROWS = 600, FEAT = 2, SEQ = 8 };

/* The data every test trains on: a noiseless two-feature series (a sine,
 * the target, and its phase), its windows split 70/15/15, scaled. */
typedef struct fixture {
    float raw[ROWS * FEAT], x[ROWS * FEAT];
    series s;
    window_set w;
    scaler sc;
    train_data d;
} fixture;

static fixture F;

static const net_config small_net = {
    .n_inputs = FEAT, .seq_len = SEQ,
    .arch = {.hidden = 12, .layers = 2, .head = 6, .attention = 1, .dropout = 0.1f}};

/* Builds F, checking the window count, the split and the scaler. */
static int fixture_build(void)
{
    sa_error e;
    memset(&F, 0, sizeof F);
    F.s = (series){.n_rows = ROWS, .source = "synthetic"};
    for (size_t r = 0; r < ROWS; r++) {
        F.raw[r * FEAT] = (float)(50 + 30 * sin(r * 2 * M_PI / 48));
        F.raw[r * FEAT + 1] = (float)((r % 48) / 48.0);
    }
    int ok = window_build(&F.w, &F.s, SEQ, 1, &e) == 0 && F.w.n == ROWS - SEQ;
    CHECK(ok, "windows: W = n - T - h + 1");
    ok = ok && window_split(&F.w, 0.7, 0.85, &e) == 0;
    CHECK(ok && F.w.n_train == (size_t)floor(0.7 * F.w.n) &&
              F.w.n_train + F.w.n_val == (size_t)floor(0.85 * F.w.n),
          "split: floor(0.70 W) train, floor(0.85 W) train+val");
    ok = ok && scaler_fit(&F.sc, F.raw, ROWS, FEAT, &F.w, 0, F.w.n_train, &e) == 0;
    CHECK(ok, "scaler: fitted on the training rows");
    if (!ok)
        return -1;
    CHECK_NEAR(F.sc.min[0], 20, 0.01, "scaler: min over training rows");
    CHECK_NEAR(F.sc.max[0], 80, 0.01, "scaler: max over training rows");
    scaler_apply(&F.sc, F.raw, ROWS, F.x);
    F.d = (train_data){.x = F.x, .n_rows = ROWS, .n_feat = FEAT, .w = &F.w};
    return 0;
}

static void fixture_free(void)
{
    scaler_free(&F.sc);
    window_free(&F.w);
}

/* The protocol's options for these tests: batch 40, lr 1e-2, seed 3. */
static train_options options(int epochs, int threads)
{
    train_options o;
    train_defaults(&o);
    o.epochs = epochs;
    o.batch = 40;
    o.lr = 1e-2;
    o.threads = threads;
    o.seed = 3;
    return o;
}

/* A fresh small network with the weights of seed 7. Returns 0 or -1. */
static int fresh_net(net *n)
{
    sa_error e;
    if (net_create(n, &small_net, &e))
        return -1;
    if (net_init_weights(n, 7, &e)) {
        net_free(n);
        return -1;
    }
    return 0;
}

/* Trains a fresh network with o. Returns train_loop's result, -1 when the
 * network could not be made (n then holds nothing). */
static int train_fresh(net *n, const train_options *o, train_history *h)
{
    sa_error e;
    memset(h, 0, sizeof *h);
    return fresh_net(n) ? -1 : train_loop(n, &F.d, o, h, &e);
}

static int same_weights(const net *a, const net *b)
{
    return a->n_params == b->n_params && !memcmp(a->params, b->params, a->n_params * sizeof(float));
}

/* 25 epochs learn the sine, the best epoch's weights are the ones left,
 * the same seed repeats bit for bit, and 2 threads equal 1. */
static void test_learns_and_repeats(void)
{
    train_options o1 = options(25, 1), o2 = options(25, 2);
    net a, b, c;
    train_history ha, hb, hc;
    int ok = train_fresh(&a, &o1, &ha) == 0;
    CHECK(ok, "train: 25 epochs run");
    if (!ok)
        return;
    CHECK(ha.val_loss[ha.n_epochs - 1] < 0.1 * ha.val_loss[0] ||
              ha.best_val_loss < 0.1 * ha.val_loss[0],
          "train: validation loss falls tenfold (%g -> %g)", ha.val_loss[0], ha.best_val_loss);
    double mse = NAN;
    sa_error e;
    CHECK(train_eval_loss(&a, &F.d, window_val_start(&F.w), F.w.n_val, 1, LOSS_MSE, &mse, &e) == 0,
          "train: validation loss measured");
    CHECK_NEAR(mse, ha.best_val_loss, 1e-6, "train: the best epoch's weights are restored");
    CHECK(ha.lr[0] == 1e-2f, "train: history records the learning rate");
    CHECK(train_fresh(&b, &o1, &hb) == 0 && same_weights(&a, &b),
          "train: same seed, bit-identical weights");
    CHECK(train_fresh(&c, &o2, &hc) == 0 && same_weights(&a, &c),
          "train: 2 threads give the same weights as 1");
    train_history_free(&ha);
    train_history_free(&hb);
    train_history_free(&hc);
    net_free(&a);
    net_free(&b);
    net_free(&c);
}

/* A stop request ends training after one batch, the unfinished epoch not
 * counted, with a checkpoint of where it stood. */
static void test_stop_request(void)
{
    volatile sig_atomic_t stop = 1;
    train_options o = options(5, 1);
    o.stop = &stop;
    net n;
    train_history h;
    CHECK(train_fresh(&n, &o, &h) == 0 && h.interrupted && h.n_epochs == 0 &&
              h.checkpoint.epoch == 1 && h.checkpoint.next_batch == 1,
          "train: a stop request ends training after one batch, marked interrupted, "
          "the unfinished epoch not counted");
    train_history_free(&h);
    net_free(&n);
}

/* Stopped after every batch of its first three and resumed each time, a
 * run with the learning rate schedule given ends with the weights of one
 * never stopped; with the cosine schedule the rate also rises to the
 * options' lr in the first epoch and falls to near 0 by the last. */
static void test_resume_equals_uninterrupted(int schedule)
{
    const char *what = schedule == TRAIN_COSINE ? "cosine" : "plateau";
    volatile sig_atomic_t stop = 1;
    train_options o = options(5, 1);
    o.schedule = schedule;
    net ref, run;
    train_history href, hrun;
    int ok = train_fresh(&ref, &o, &href) == 0;
    ok = ok && fresh_net(&run) == 0;
    CHECK(ok, "train (%s): the uninterrupted reference run and a fresh network", what);
    if (!ok)
        return;
    train_checkpoint ck = {0};
    memset(&hrun, 0, sizeof hrun);
    int stops = 0;
    for (;;) {
        sa_error e;
        o.stop = stops < 3 ? &stop : NULL;
        o.resume = ck.params ? &ck : NULL;
        ok &= train_loop(&run, &F.d, &o, &hrun, &e) == 0;
        train_checkpoint_free(&ck);
        if (!hrun.interrupted)
            break;
        ck = hrun.checkpoint;           /* take it over for the next run */
        memset(&hrun.checkpoint, 0, sizeof hrun.checkpoint);
        hrun.interrupted = 0;
        stops++;
    }
    CHECK(ok && stops == 3 && hrun.n_epochs == href.n_epochs && same_weights(&ref, &run),
          "train (%s): stopped three times and resumed, the same weights and %zu epochs as an "
          "uninterrupted run", what, href.n_epochs);
    if (schedule == TRAIN_COSINE) {
        size_t last = href.n_epochs - 1;
        int falling = 1;
        for (size_t k = 1; k <= last; k++)
            falling &= href.lr[k] < href.lr[k - 1];
        CHECK(href.n_epochs == (size_t)o.epochs && fabsf(href.lr[0] - (float)o.lr) < 1e-9f &&
                  falling && href.lr[last] < 0.05f * (float)o.lr,
              "train (cosine): the rate reaches %g at the end of epoch 1, then falls every "
              "epoch to %g", o.lr, (double)href.lr[last]);
    }
    train_history_free(&href);
    train_history_free(&hrun);
    net_free(&ref);
    net_free(&run);
}

/* A non-finite value reaching the loss stops training with a message
 * naming the epoch and batch, and leaves the best weights so far (here the
 * initial ones: the first batch holds the NaN). */
static void test_nan_loss(void)
{
    size_t bad = (F.w.end[0] + 1) * FEAT;
    float keep = F.x[bad];
    F.x[bad] = NAN;
    train_options o = options(5, 1);
    o.batch = (int)F.w.n_train; /* one batch an epoch, which holds the NaN window */
    net n, initial;
    train_history h = {0};
    sa_error e = {{0}};
    int ok = fresh_net(&n) == 0 && fresh_net(&initial) == 0;
    CHECK(ok && train_loop(&n, &F.d, &o, &h, &e) == -1 &&
              strstr(e.msg, "epoch 1, batch 1: loss is not finite"),
          "train: a NaN loss stops training naming epoch and batch (%s)", e.msg);
    CHECK(ok && same_weights(&n, &initial), "train: after a NaN loss the last good weights are kept");
    F.x[bad] = keep;
    train_history_free(&h);
    if (ok) {
        net_free(&n);
        net_free(&initial);
    }
}

/* Every test, on the active kernel path. */
static void test_all(void)
{
    if (fixture_build() == 0) {
        test_learns_and_repeats();
        test_stop_request();
        test_resume_equals_uninterrupted(TRAIN_PLATEAU);
        test_resume_equals_uninterrupted(TRAIN_COSINE);
        test_nan_loss();
    }
    fixture_free();
}

int main(void)
{
    msg_quiet = 1;
    harness_each_path(test_all);
    return test_summary();
}
