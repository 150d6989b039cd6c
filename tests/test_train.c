/* test_train.c — the training protocol on a series with a known answer:
 * loss falls, the best weights are kept, a seed repeats exactly, and the
 * thread count does not change the result. */
#define HARNESS_KERNEL_PATHS
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "harness.h"
#include "nn/loss.h"
#include "nn/net.h"
#include "data/scaler.h"
#include "train/loop.h"
#include "data/window.h"

enum { ROWS = 600, FEAT = 2, SEQ = 8 };

/* A noiseless two-feature series: a sine (the target) and its phase. */
static void make_series(series *s, float *x)
{
    memset(s, 0, sizeof *s);
    s->n_rows = ROWS;
    s->source = "synthetic";
    for (size_t r = 0; r < ROWS; r++) {
        x[r * FEAT] = (float)(50 + 30 * sin(r * 2 * M_PI / 48));
        x[r * FEAT + 1] = (float)((r % 48) / 48.0);
    }
}

static int train_once(const train_data *d, int threads, int epochs, net *n, train_history *h)
{
    net_config nc = {.n_inputs = FEAT, .seq_len = SEQ,
                     .arch = {.hidden = 12, .layers = 2, .head = 6, .attention = 1,
                              .dropout = 0.1f}};
    sa_error e;
    if (net_create(n, &nc, &e) || net_init_weights(n, 7, &e))
        return -1;
    train_options o;
    train_defaults(&o);
    o.epochs = epochs;
    o.batch = 40;
    o.lr = 1e-2;
    o.threads = threads;
    o.seed = 3;
    return train_loop(n, d, &o, h, &e);
}

/* Stopped after every batch of its first three and resumed each time, a
 * run of o ends with the weights of one never stopped; with the cosine
 * schedule the rate also rises to o->lr in the first epoch and falls to
 * near 0 by the last. */
static void check_resume(const train_data *d, const train_options *o, const net_config *nc,
                         volatile sig_atomic_t *stop)
{
    const char *what = o->schedule == TRAIN_COSINE ? "cosine" : "plateau";
    sa_error e;
    net ref, run;
    train_history href, hrun;
    train_options ro = *o;
    ro.stop = NULL;
    net_create(&ref, nc, &e);
    net_init_weights(&ref, 7, &e);
    train_loop(&ref, d, &ro, &href, &e);
    net_create(&run, nc, &e);
    net_init_weights(&run, 7, &e);
    train_checkpoint ck = {0};
    memset(&hrun, 0, sizeof hrun);
    int stops = 0, ok_all = 1;
    for (;;) {
        ro.stop = stops < 3 ? stop : NULL;
        ro.resume = ck.params ? &ck : NULL;
        ok_all &= train_loop(&run, d, &ro, &hrun, &e) == 0;
        train_checkpoint_free(&ck);
        if (!hrun.interrupted)
            break;
        ck = hrun.checkpoint;           /* take it over for the next run */
        memset(&hrun.checkpoint, 0, sizeof hrun.checkpoint);
        hrun.interrupted = 0;
        stops++;
    }
    CHECK(ok_all && stops == 3 && hrun.n_epochs == href.n_epochs &&
              !memcmp(ref.params, run.params, ref.n_params * sizeof(float)),
          "train (%s): stopped three times and resumed, the same weights and %zu epochs as "
          "an uninterrupted run", what, href.n_epochs);
    if (o->schedule == TRAIN_COSINE) {
        size_t last = href.n_epochs - 1;
        int falling = 1;
        for (size_t k = 1; k <= last; k++)
            falling &= href.lr[k] < href.lr[k - 1];
        CHECK(href.n_epochs == (size_t)o->epochs && fabsf(href.lr[0] - (float)o->lr) < 1e-9f &&
                  falling && href.lr[last] < 0.05f * (float)o->lr,
              "train (cosine): the rate reaches %g at the end of epoch 1, then falls every "
              "epoch to %g", o->lr, (double)href.lr[last]);
    }
    train_history_free(&href);
    train_history_free(&hrun);
    net_free(&ref);
    net_free(&run);
}

/* Every check, on the active kernel path. */
static void test_all(void)
{
    static float raw[ROWS * FEAT], x[ROWS * FEAT];
    series s;
    make_series(&s, raw);
    window_set w;
    sa_error e;
    CHECK(window_build(&w, &s, SEQ, 1, &e) == 0 && w.n == ROWS - SEQ, "windows: W = n - T - h + 1");
    CHECK(window_split(&w, 0.7, 0.85, &e) == 0 && w.n_train == (size_t)floor(0.7 * w.n) &&
              w.n_train + w.n_val == (size_t)floor(0.85 * w.n),
          "split: floor(0.70 W) train, floor(0.85 W) train+val");
    scaler sc;
    scaler_fit(&sc, raw, ROWS, FEAT, &w, 0, w.n_train, &e);
    CHECK_NEAR(sc.min[0], 20, 0.01, "scaler: min over training rows");
    CHECK_NEAR(sc.max[0], 80, 0.01, "scaler: max over training rows");
    scaler_apply(&sc, raw, ROWS, x);

    train_data d = {x, ROWS, FEAT, &w};
    net a, b, c;
    train_history ha, hb, hc;
    CHECK(train_once(&d, 1, 25, &a, &ha) == 0, "train: 25 epochs run");
    CHECK(ha.val_loss[ha.n_epochs - 1] < 0.1 * ha.val_loss[0] || ha.best_val_loss < 0.1 * ha.val_loss[0],
          "train: validation loss falls tenfold (%g -> %g)", ha.val_loss[0], ha.best_val_loss);
    double mse;
    train_eval_loss(&a, &d, window_val_start(&w), w.n_val, 1, LOSS_MSE, &mse, &e);
    CHECK_NEAR(mse, ha.best_val_loss, 1e-6, "train: the best epoch's weights are restored");
    CHECK(ha.lr[0] == 1e-2f, "train: history records the learning rate");

    CHECK(train_once(&d, 1, 25, &b, &hb) == 0 &&
              !memcmp(a.params, b.params, a.n_params * sizeof(float)),
          "train: same seed, bit-identical weights");
    CHECK(train_once(&d, 2, 25, &c, &hc) == 0 &&
              !memcmp(a.params, c.params, a.n_params * sizeof(float)),
          "train: 2 threads give the same weights as 1");

    volatile sig_atomic_t stop = 1;
    train_options o;
    train_defaults(&o);
    o.epochs = 5;
    o.batch = 40;
    o.lr = 1e-2;
    o.threads = 1;
    o.stop = &stop;
    net n;
    train_history hn;
    net_config nc = {.n_inputs = FEAT, .seq_len = SEQ,
                     .arch = {.hidden = 12, .layers = 2, .head = 6, .attention = 1,
                              .dropout = 0.1f}};
    net n2;
    train_history h2;
    float *before = malloc(sizeof(float) * 100000);
    net_create(&n, &nc, &e);
    net_init_weights(&n, 7, &e);
    CHECK(train_loop(&n, &d, &o, &hn, &e) == 0 && hn.interrupted && hn.n_epochs == 0 &&
              hn.checkpoint.epoch == 1 && hn.checkpoint.next_batch == 1,
          "train: a stop request ends training after one batch, marked interrupted, "
          "the unfinished epoch not counted");

    check_resume(&d, &o, &nc, &stop);
    o.schedule = TRAIN_COSINE;
    check_resume(&d, &o, &nc, &stop);
    o.schedule = TRAIN_PLATEAU;

    /* A non-finite value reaching the loss stops training with a message naming
     * the epoch and batch, and leaves the best weights so far. */
    x[(w.end[0] + 1) * FEAT] = NAN;
    net_create(&n2, &nc, &e);
    net_init_weights(&n2, 7, &e);
    memcpy(before, n2.params, n2.n_params * sizeof(float));
    o.stop = NULL;
    o.batch = w.n_train; /* one batch an epoch, which holds the NaN window */
    CHECK(train_loop(&n2, &d, &o, &h2, &e) == -1 && strstr(e.msg, "epoch 1, batch 1: loss is not finite"),
          "train: a NaN loss stops training naming epoch and batch (%s)", e.msg);
    CHECK(!memcmp(before, n2.params, n2.n_params * sizeof(float)),
          "train: after a NaN loss the last good weights are kept");

    train_history_free(&ha);
    train_history_free(&h2);
    net_free(&n2);
    free(before);
    train_history_free(&hb);
    train_history_free(&hc);
    train_history_free(&hn);
    net_free(&a);
    net_free(&b);
    net_free(&c);
    net_free(&n);
    scaler_free(&sc);
    window_free(&w);
}

int main(void)
{
    msg_quiet = 1;
    harness_each_path(test_all);
    return test_summary();
}
