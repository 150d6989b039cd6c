/* test_grad.c — the hand-written backprop is right: finite differences for
 * each op (LSTM layer, attention pooling, dense + ReLU, dropout, MSE) and
 * for the whole network in its four shapes (last state or attention, with
 * and without fc1, with fixed dropout masks); the BLAS fast paths against
 * the plain-loop references; and the initialisation (orthogonal recurrent
 * blocks, forget bias 1, Glorot bounds).
 *
 * Finite differences run in float32 (the code is float32): central
 * differences with step 1e-2, loss summed in double; the error metric of a
 * tensor is max|fd - analytic| / max(max|analytic|, 1e-3), which must stay
 * under 1e-2 (truncation and rounding of the differences are ~1e-4 here).
 *
 * Sizes: T steps, B batch, I inputs, H hidden, D head width, O outputs. */
#define HARNESS_KERNEL_PATHS
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "nn/attention.h"
#include "nn/inference.h"
#include "nn/layers.h"
#include "nn/loss.h"
#include "harness.h"
#include "nn/lstm.h"
#include "nn/net.h"
#include "nn/window_norm.h"
#include "base/rng.h"
#include "tensor_diff.h"

#define FD_EPS 1e-2f
#define FD_TOL 1e-2
#define REF_TOL 1e-5

static rng R;

static float *randu(size_t n, float a) { return tensor_random(&R, n, a); }

static float *zeros(size_t n) { return calloc(n, sizeof(float)); }

/* Finite-difference gradient of f with respect to param (n values),
 * compared with grad; returns the error metric of the file's header. */
static double fd_check(float *param, const float *grad, size_t n, double (*f)(void *),
                       void *ctx)
{
    float *fd = malloc(n * sizeof *fd);
    for (size_t i = 0; i < n; i++) {
        float keep = param[i];
        param[i] = keep + FD_EPS;
        double up = f(ctx);
        param[i] = keep - FD_EPS;
        double down = f(ctx);
        param[i] = keep;
        fd[i] = (float)((up - down) / (2.0 * FD_EPS));
    }
    double err = tensor_rel_diff(fd, grad, n, 1e-3);
    free(fd);
    return err;
}

static double dot(const float *a, const float *b, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += (double)a[i] * b[i];
    return s;
}

/* ---- one LSTM layer: loss = sum r · h over all steps ------------------- */

typedef struct lstm_case {
    int T, B, I, H;
    float *x, *r;
    lstm_weights p;    /* the weights */
    lstm_cache saved;  /* what the forward saves */
    float *w_hh_t;
} lstm_case;

static double lstm_loss(void *p)
{
    lstm_case *c = p;
    lstm_forward(&c->saved, c->w_hh_t, c->x, &c->p, c->T, c->B, c->I, c->H);
    return dot(c->r, c->saved.hs + (size_t)c->B * c->H, (size_t)c->T * c->B * c->H);
}

static void lstm_case_init(lstm_case *c, int T, int B, int I, int H)
{
    *c = (lstm_case){.T = T, .B = B, .I = I, .H = H};
    size_t G = 4 * (size_t)H, BH = (size_t)B * H;
    c->x = randu((size_t)T * B * I, 1.0f);
    c->p.w_ih = randu(G * I, 0.5f);
    c->p.w_hh = randu(G * H, 0.5f);
    c->p.b_ih = randu(G, 0.5f);
    c->p.b_hh = randu(G, 0.5f);
    c->r = randu(T * BH, 1.0f);
    c->saved.hs = zeros((T + 1) * BH);
    c->saved.cs = zeros((T + 1) * BH);
    c->saved.tanh_c = zeros(T * BH);
    c->saved.gates = zeros(T * BH * 4);
    c->w_hh_t = zeros(G * H);
}

static void lstm_case_free(lstm_case *c)
{
    free(c->x), free(c->p.w_ih), free(c->p.w_hh), free(c->p.b_ih), free(c->p.b_hh), free(c->r);
    free(c->saved.hs), free(c->saved.cs), free(c->saved.tanh_c), free(c->saved.gates);
    free(c->w_hh_t);
}

static void test_lstm(void)
{
    lstm_case c;
    lstm_case_init(&c, 4, 2, 3, 5);
    const int T = c.T, B = c.B, I = c.I, H = c.H, G = 4 * H;
    float *dx = zeros((size_t)T * B * I), *dw_ih = zeros((size_t)G * I);
    float *dw_hh = zeros((size_t)G * H), *db_ih = zeros(G), *db_hh = zeros(G);
    float *scratch = zeros(lstm_scratch_size(T, B, H));
    lstm_loss(&c);
    const lstm_weights grad = {dw_ih, dw_hh, db_ih, db_hh};
    lstm_backward(dx, &grad, scratch, c.r, &c.saved, c.x, &c.p, T, B, I, H);
    CHECK(fd_check(c.p.w_ih, dw_ih, (size_t)G * I, lstm_loss, &c) < FD_TOL,
          "lstm fd: dW_ih (rel < 1e-2)");
    CHECK(fd_check(c.p.w_hh, dw_hh, (size_t)G * H, lstm_loss, &c) < FD_TOL,
          "lstm fd: dW_hh (rel < 1e-2)");
    CHECK(fd_check(c.p.b_ih, db_ih, G, lstm_loss, &c) < FD_TOL, "lstm fd: db_ih (rel < 1e-2)");
    CHECK(fd_check(c.p.b_hh, db_hh, G, lstm_loss, &c) < FD_TOL, "lstm fd: db_hh (rel < 1e-2)");
    CHECK(fd_check(c.x, dx, (size_t)T * B * I, lstm_loss, &c) < FD_TOL,
          "lstm fd: dx (rel < 1e-2)");
    /* backward accumulates: a second call doubles every gradient */
    float *db2 = malloc(G * sizeof *db2);
    memcpy(db2, db_ih, G * sizeof *db2);
    lstm_loss(&c);   /* the differences left perturbed activations behind */
    lstm_backward(NULL, &grad, scratch, c.r, &c.saved, c.x, &c.p, T, B, I, H);
    for (int k = 0; k < G; k++)
        db2[k] *= 2.0f;
    CHECK(tensor_rel_diff(db_ih, db2, G, 1e-6) < 1e-6, "lstm backward accumulates (+=)");
    free(db2), free(dx), free(dw_ih), free(dw_hh), free(db_ih), free(db_hh), free(scratch);
    lstm_case_free(&c);
}

/* The BLAS path and the plain loops agree, forward and backward. */
static void test_lstm_reference(int T_, int B_, int I_, int H_)
{
    lstm_case c;
    lstm_case_init(&c, T_, B_, I_, H_);
    const int T = c.T, B = c.B, I = c.I, H = c.H, G = 4 * H;
    const size_t BH = (size_t)B * H;
    lstm_case n;
    lstm_case_init(&n, T, B, I, H);
    lstm_forward(&c.saved, c.w_hh_t, c.x, &c.p, T, B, I, H);
    lstm_forward_naive(&n.saved, c.x, &c.p, T, B, I, H);
    CHECK(tensor_rel_diff(c.saved.hs, n.saved.hs, (T + 1) * BH, 1e-6) < REF_TOL,
          "lstm fast = naive (T %d): h (1e-5)", T);
    CHECK(tensor_rel_diff(c.saved.cs, n.saved.cs, (T + 1) * BH, 1e-6) < REF_TOL,
          "lstm fast = naive (T %d): c (1e-5)", T);
    CHECK(tensor_rel_diff(c.saved.gates, n.saved.gates, T * BH * 4, 1e-6) < REF_TOL,
          "lstm fast = naive (T %d): gates (1e-5)", T);
    float *g[2][5];
    for (int v = 0; v < 2; v++) {
        g[v][0] = zeros((size_t)T * B * I);
        g[v][1] = zeros((size_t)G * I);
        g[v][2] = zeros((size_t)G * H);
        g[v][3] = zeros(G);
        g[v][4] = zeros(G);
        float *scratch = zeros(lstm_scratch_size(T, B, H));
        const lstm_weights grad = {g[v][1], g[v][2], g[v][3], g[v][4]};
        (v ? lstm_backward_naive : lstm_backward)(g[v][0], &grad, scratch, c.r, &c.saved, c.x,
                                                  &c.p, T, B, I, H);
        free(scratch);
    }
    size_t sizes[5] = {(size_t)T * B * I, (size_t)G * I, (size_t)G * H, G, G};
    const char *names[5] = {"dx", "dW_ih", "dW_hh", "db_ih", "db_hh"};
    for (int k = 0; k < 5; k++) {
        CHECK(tensor_rel_diff(g[0][k], g[1][k], sizes[k], 1e-6) < REF_TOL,
              "lstm backward fast = naive (T %d): %s (1e-5)", T, names[k]);
        free(g[0][k]), free(g[1][k]);
    }
    lstm_case_free(&c);
    lstm_case_free(&n);
}

/* ---- attention pooling: loss = sum r · z ------------------------------- */

typedef struct attn_case {
    int T, B, H;
    float *h, *w, *bias, *r, *z, *alpha;
} attn_case;

static double attn_loss(void *p)
{
    attn_case *c = p;
    attention_forward(c->z, c->alpha, c->h, c->w, c->bias, c->T, c->B, c->H);
    return dot(c->r, c->z, (size_t)c->B * c->H);
}

static void test_attention(void)
{
    attn_case c = {.T = 5, .B = 3, .H = 4};
    const int T = c.T, B = c.B, H = c.H;
    c.h = randu((size_t)T * B * H, 1.0f);
    c.w = randu(H, 1.0f);
    c.bias = randu(1, 1.0f);
    c.r = randu((size_t)B * H, 1.0f);
    c.z = zeros((size_t)B * H);
    c.alpha = zeros((size_t)T * B);
    float *dh = zeros((size_t)T * B * H), *dw = zeros(H), *db = zeros(1);
    attn_loss(&c);
    double sum = 0;
    for (int t = 0; t < T; t++)
        sum += c.alpha[(size_t)t * B + 1];
    CHECK_NEAR(sum, 1.0, 1e-6, "attention: weights of a sequence sum to 1");
    attention_backward(dh, dw, db, c.r, c.alpha, c.h, c.w, T, B, H);
    CHECK(fd_check(c.h, dh, (size_t)T * B * H, attn_loss, &c) < FD_TOL,
          "attention fd: dh (rel < 1e-2)");
    CHECK(fd_check(c.w, dw, H, attn_loss, &c) < FD_TOL, "attention fd: dw (rel < 1e-2)");
    CHECK(fd_check(c.bias, db, 1, attn_loss, &c) < FD_TOL,
          "attention fd: dbias = 0 (softmax is shift invariant)");
    free(c.h), free(c.w), free(c.bias), free(c.r), free(c.z), free(c.alpha);
    free(dh), free(dw), free(db);
}

/* ---- dense + ReLU: loss = sum r · relu(x w^T + b) ----------------------- */

typedef struct dense_case {
    int B, I, O;
    float *x, *w, *b, *r, *out;
} dense_case;

static double dense_loss(void *p)
{
    dense_case *c = p;
    dense_forward(c->out, c->x, c->w, c->b, c->B, c->I, c->O);
    relu_forward(c->out, c->out, (size_t)c->B * c->O);
    return dot(c->r, c->out, (size_t)c->B * c->O);
}

static void test_dense(void)
{
    dense_case c = {.B = 3, .I = 4, .O = 5};
    const int B = c.B, I = c.I, O = c.O;
    c.out = zeros((size_t)B * O);
    /* finite differences are undefined at the ReLU's kink: draw until every
     * pre-activation is further from 0 than a step can move it (I · 1e-2) */
    for (double nearest = 0; nearest < 0.05;) {
        c.x = randu((size_t)B * I, 1.0f);
        c.w = randu((size_t)O * I, 1.0f);
        c.b = randu(O, 0.5f);
        dense_forward(c.out, c.x, c.w, c.b, B, I, O);
        nearest = INFINITY;
        for (int k = 0; k < B * O; k++)
            nearest = fmin(nearest, fabs(c.out[k]));
        if (nearest < 0.05)
            free(c.x), free(c.w), free(c.b);
    }
    c.r = randu((size_t)B * O, 1.0f);
    float *dpre = zeros((size_t)B * O);
    float *dx = zeros((size_t)B * I), *dw = zeros((size_t)O * I), *db = zeros(O);
    dense_loss(&c);
    int live = 0;
    for (int k = 0; k < B * O; k++)
        live += c.out[k] > 0;
    CHECK(live > 0 && live < B * O, "dense case has both live and dead ReLUs (%d of %d)",
          live, B * O);
    relu_backward(dpre, c.r, c.out, (size_t)B * O);
    dense_backward(dx, dw, db, dpre, c.x, c.w, B, I, O);
    CHECK(fd_check(c.x, dx, (size_t)B * I, dense_loss, &c) < FD_TOL,
          "dense+relu fd: dx (rel < 1e-2)");
    CHECK(fd_check(c.w, dw, (size_t)O * I, dense_loss, &c) < FD_TOL,
          "dense+relu fd: dw (rel < 1e-2)");
    CHECK(fd_check(c.b, db, O, dense_loss, &c) < FD_TOL, "dense+relu fd: db (rel < 1e-2)");

    float *out2 = zeros((size_t)B * O);
    dense_forward(c.out, c.x, c.w, c.b, B, I, O);
    dense_forward_naive(out2, c.x, c.w, c.b, B, I, O);
    CHECK(tensor_rel_diff(c.out, out2, (size_t)B * O, 1e-6) < REF_TOL, "dense fast = naive: out (1e-5)");
    float *dx2 = zeros((size_t)B * I), *dw2 = zeros((size_t)O * I), *db2 = zeros(O);
    memset(dx, 0, (size_t)B * I * sizeof *dx);
    memset(dw, 0, (size_t)O * I * sizeof *dw);
    memset(db, 0, O * sizeof *db);
    dense_backward(dx, dw, db, c.r, c.x, c.w, B, I, O);
    dense_backward_naive(dx2, dw2, db2, c.r, c.x, c.w, B, I, O);
    CHECK(tensor_rel_diff(dx, dx2, (size_t)B * I, 1e-6) < REF_TOL &&
              tensor_rel_diff(dw, dw2, (size_t)O * I, 1e-6) < REF_TOL &&
              tensor_rel_diff(db, db2, O, 1e-6) < REF_TOL,
          "dense backward fast = naive: dx, dw, db (1e-5)");
    free(c.x), free(c.w), free(c.b), free(c.r), free(c.out), free(dpre);
    free(dx), free(dw), free(db), free(out2), free(dx2), free(dw2), free(db2);
}

static void test_mse_dropout(void)
{
    float y[2] = {1.0f, 2.0f}, t[2] = {0.0f, 4.0f}, dy[2] = {0.5f, 0.0f};
    CHECK_NEAR(mse_forward(y, t, 2), 5.0, 1e-12, "mse: (1-0)^2 + (2-4)^2 = 5");
    mse_backward(dy, y, t, 2, 0.5f);
    CHECK(dy[0] == 1.5f && dy[1] == -2.0f, "mse backward: 0.5 + 2·0.5·1, 2·0.5·(-2)");

    enum { N = 100000 };
    float *mask = malloc(N * sizeof *mask);
    rng r;
    rng_seed(&r, 3);
    dropout_mask(mask, N, 0.2f, &r);
    int dropped = 0, bad = 0;
    for (int i = 0; i < N; i++) {
        dropped += mask[i] == 0.0f;
        bad += mask[i] != 0.0f && mask[i] != 1.25f;
    }
    CHECK(bad == 0, "dropout mask: kept values are scaled by 1/(1-p) = 1.25");
    CHECK_NEAR(dropped / (double)N, 0.2, 0.005, "dropout mask: drops a fraction p = 0.2");
    float in[3] = {1, 2, 3}, m[3] = {0, 2, 2}, out[3], din[3] = {1, 1, 1};
    dropout_forward(out, m, in, 3);
    dropout_backward(din, in, m, 3);
    CHECK(out[0] == 0 && out[2] == 6 && din[0] == 1 && din[1] == 5,
          "dropout forward multiplies, backward accumulates the masked gradient");
    free(mask);
}

/* ---- the whole network --------------------------------------------------- */

/* Creates n from cfg with weights drawn from seed; 0, or -1 after a FAIL. */
static int make_net(net *n, const net_config *cfg, uint64_t seed)
{
    sa_error e;
    if (net_create(n, cfg, &e) == 0 && net_init_weights(n, seed, &e) == 0)
        return 0;
    CHECK(0, "net for the test: %s", e.msg);
    return -1;
}

typedef struct net_case {
    net *n;
    net_workspace *w;
    float *x, *target, *y;   /* x (B, T, I); target, y (B, S) */
    int B, S;
} net_case;

/* The loss training minimises: the squared error averaged over the
 * sequences and the steps. */
static double net_loss(void *p)
{
    net_case *c = p;
    net_forward(c->n, c->w, c->x, c->B, c->y, 1, 99, 0);
    const int S = c->S;
    if (!c->n->cfg.window_scale)
        return mse_forward(c->y, c->target, c->B * S) / (c->B * S);
    /* window-scaled: the loss in each window's units, computed here from
     * the input (B, T, I) as the network is meant to take it */
    const int T = c->n->cfg.seq_len, I = c->n->cfg.n_inputs;
    double sum = 0;
    for (int b = 0; b < c->B; b++) {
        const float *first = c->x + (size_t)b * T * I;
        float a = first[(size_t)(T - 1) * I], s = window_norm_scale(first, (size_t)I, T);
        for (int j = 0; j < S; j++) {
            float unit_y = (c->y[b * S + j] - a) / s;
            float unit_target = window_norm_unit(c->target[b * S + j], a, s);
            double d = (double)unit_y - unit_target; /* in float, as net_backward does */
            sum += d * d;
        }
    }
    return sum / (c->B * S);
}

static void test_net_fd_of(const net_config *cfg_in, const char *label);

static void test_net_fd(int attention, int head, float dropout)
{
    net_config cfg = {.n_inputs = 3, .seq_len = 5,
                      .arch = {.hidden = 4, .layers = 2, .head = head, .attention = attention,
                               .dropout = dropout}};
    char label[96];
    snprintf(label, sizeof label, "attention %d, head %d, dropout %g", attention, head,
             (double)dropout);
    test_net_fd_of(&cfg, label);
}

/* The robust presets' network (issue 14): the input stage (columns 0 and 2
 * centred on the last target value, clip 1.5), the highway on the last 3
 * target inputs and the residual output; with an LSTM and without one (the
 * highway alone). */
static void test_net_robust_fd(void)
{
    net_config cfg = {.n_inputs = 3, .seq_len = 5, .relative = 5u,
                      .arch = {.hidden = 4, .layers = 1, .head = 0, .attention = 0,
                               .dropout = 0, .highway = 3, .residual = 1, .clip = 1.5}};
    test_net_fd_of(&cfg, "robust: LSTM + highway 3, residual, clip 1.5");
    cfg.arch.layers = 0;
    test_net_fd_of(&cfg, "linear: highway 3 alone, residual, clip 1.5");
    cfg.arch.layers = 1;
    cfg.window_scale = 1;
    test_net_fd_of(&cfg, "global: LSTM + highway 3, window-scaled, clip 1.5");
    cfg.window_scale = 0;
    for (int layers = 0; layers <= 1; layers++) {   /* the lean inference path agrees */
        cfg.arch.layers = layers;
        net n;
        if (make_net(&n, &cfg, 3) < 0)
            return;
        n.params[n.tensors[n.n_tensors - 2].offset] = 0.5f;   /* highway.weight[0] */
        net_workspace *full = net_workspace_create(&n, 4);
        net_inference_weights *iw = net_inference_weights_create(&n);
        net_workspace *lean = net_workspace_create_inference(&n, iw, 4);
        float *x = randu(4 * 5 * 3, 2.0f), y[4], y_lean[4];
        net_forward(&n, full, x, 4, y, 0, 0, 0);
        net_forward(&n, lean, x, 4, y_lean, 0, 0, 0);
        CHECK(tensor_rel_diff(y_lean, y, 4, 1e-6) < 1e-5 && y[0] != 0,
              "robust net (layers %d): inference workspace = training workspace", layers);
        free(x);
        net_workspace_free(full);
        net_workspace_free(lean);
        net_inference_weights_free(iw);
        net_free(&n);
    }
}

static void test_net_fd_of(const net_config *cfg_in, const char *label)
{
    const net_config cfg = *cfg_in;
    net n;
    if (make_net(&n, &cfg, 11) < 0)
        return;
    /* non-zero biases so their gradients are exercised like the weights */
    for (size_t i = 0; i < n.n_tensors; i++)
        if (n.tensors[i].ndim == 1)
            for (size_t k = 0; k < n.tensors[i].rows; k++)
                n.params[n.tensors[i].offset + k] += (float)(rng_uniform(&R) - 0.5);
    const int S = net_steps(&cfg.arch), BS = 3 * S;
    net_case c = {&n, net_workspace_create(&n, 3), NULL, NULL, NULL, 3, S};
    c.x = randu((size_t)c.B * cfg.seq_len * cfg.n_inputs, 1.0f);
    c.target = randu(BS, 1.0f);
    c.y = zeros(BS);
    net_workspace_zero_grads(c.w);
    net_loss(&c);
    double loss = net_backward_mse(&n, c.w, c.y, c.target, c.B, 1.0f / BS);
    CHECK_NEAR(loss / BS, net_loss(&c), 1e-9, "net (%s): backward returns the summed loss",
               label);
    float *grads = malloc(n.n_params * sizeof *grads);
    memcpy(grads, net_workspace_grads(c.w), n.n_params * sizeof *grads);
    double worst = 0;
    const char *worst_name = "";
    for (size_t i = 0; i < n.n_tensors; i++) {
        const net_tensor *t = &n.tensors[i];
        double err = fd_check(n.params + t->offset, grads + t->offset, t->rows * t->cols,
                              net_loss, &c);
        if (err > worst) {
            worst = err;
            worst_name = t->name;
        }
    }
    CHECK(worst < FD_TOL, "net fd (%s): all %zu tensors (worst %s %.2g < 1e-2)", label,
          n.n_tensors, worst_name, worst);

    /* the plain-loop reference gives the same output and gradients */
    net_workspace *ref = net_workspace_create(&n, 3);
    net_workspace_use_reference(ref, 1);
    float *y2 = zeros(BS);
    net_workspace_zero_grads(ref);
    net_forward(&n, ref, c.x, c.B, y2, 1, 99, 0);
    net_backward_mse(&n, ref, y2, c.target, c.B, 1.0f / BS);
    net_loss(&c);
    CHECK(tensor_rel_diff(y2, c.y, BS, 1e-6) < REF_TOL &&
              tensor_rel_diff(net_workspace_grads(ref), grads, n.n_params, 1e-6) < REF_TOL,
          "net (%s): fast = naive, output and grads (1e-5)", label);
    net_workspace_free(ref);
    free(y2), free(grads), free(c.x), free(c.target), free(c.y);
    net_workspace_free(c.w);
    net_free(&n);
}

/* Dropout: masks depend on the sequence's global index only, p = 0 is the
 * evaluation network, and training with p > 0 differs from evaluation. */
static void test_net_dropout(void)
{
    net_config cfg = {.n_inputs = 2, .seq_len = 7,
                      .arch = {.hidden = 6, .layers = 3, .head = 4, .attention = 1,
                               .dropout = 0.3f}};
    net n;
    if (make_net(&n, &cfg, 5) < 0)
        return;
    net_workspace *w = net_workspace_create(&n, 4);
    float *x = randu(4 * 7 * 2, 1.0f), y[4], y_split[4], y_eval[4];
    net_forward(&n, w, x, 4, y, 1, 1234, 10);
    net_forward(&n, w, x, 2, y_split, 1, 1234, 10);
    net_forward(&n, w, x + 2 * 7 * 2, 2, y_split + 2, 1, 1234, 12);
    CHECK(tensor_rel_diff(y_split, y, 4, 1e-6) < 1e-6,
          "dropout masks do not depend on how a batch is split");
    net_forward(&n, w, x, 4, y_eval, 0, 1234, 10);
    CHECK(tensor_rel_diff(y_eval, y, 4, 1e-6) > 1e-3, "dropout changes the training output");
    net_free(&n);
    net_workspace_free(w);

    cfg.arch.dropout = 0.0f;
    if (make_net(&n, &cfg, 5) < 0)
        return;
    w = net_workspace_create(&n, 4);
    net_forward(&n, w, x, 4, y, 1, 1234, 10);
    net_forward(&n, w, x, 4, y_eval, 0, 1234, 10);
    CHECK(memcmp(y, y_eval, sizeof y) == 0, "dropout 0: training output = evaluation output");
    net_free(&n);
    net_workspace_free(w);
    free(x);
}

/* The trainer's pattern: threads share one const net, each runs its part
 * of a batch on its own workspace, and the gradients are summed after. */
typedef struct part {
    const net *n;
    net_workspace *w;
    const float *x, *target;
    int B;
    size_t first;
    float y[8];
} part;

static void *run_part(void *p)
{
    part *q = p;
    net_workspace_zero_grads(q->w);
    net_forward(q->n, q->w, q->x, q->B, q->y, 1, 77, q->first);
    net_backward_mse(q->n, q->w, q->y, q->target, q->B, 1.0f / 6);
    return NULL;
}

static void test_net_threads(void)
{
    net_config cfg = {.n_inputs = 3, .seq_len = 9,
                      .arch = {.hidden = 16, .layers = 2, .head = 8, .attention = 1,
                               .dropout = 0.2f}};
    net n;
    if (make_net(&n, &cfg, 21) < 0)
        return;
    float *x = randu(6 * 9 * 3, 1.0f), *target = randu(6, 1.0f);
    part whole = {&n, net_workspace_create(&n, 6), x, target, 6, 0, {0}};
    run_part(&whole);
    part half[2] = {{&n, net_workspace_create(&n, 3), x, target, 3, 0, {0}},
                    {&n, net_workspace_create(&n, 3), x + 3 * 9 * 3, target + 3, 3, 3, {0}}};
    pthread_t th[2];
    for (int i = 0; i < 2; i++)
        pthread_create(&th[i], NULL, run_part, &half[i]);
    for (int i = 0; i < 2; i++)
        pthread_join(th[i], NULL);
    float *sum = malloc(n.n_params * sizeof *sum);
    const float *g0 = net_workspace_grads(half[0].w), *g1 = net_workspace_grads(half[1].w);
    for (size_t i = 0; i < n.n_params; i++)
        sum[i] = g0[i] + g1[i];
    memcpy(half[0].y + 3, half[1].y, 3 * sizeof(float));
    CHECK(tensor_rel_diff(half[0].y, whole.y, 6, 1e-6) < REF_TOL &&
              tensor_rel_diff(sum, net_workspace_grads(whole.w), n.n_params, 1e-6) < REF_TOL,
          "two threads on one net: outputs and summed grads = one full batch (1e-5)");
    free(sum), free(x), free(target);
    net_workspace_free(whole.w);
    net_workspace_free(half[0].w);
    net_workspace_free(half[1].w);
    net_free(&n);
}

/* ---- layout and initialisation ------------------------------------------ */

static void test_layout_init(void)
{
    net_config cfg = {.n_inputs = 4, .seq_len = 3,
                      .arch = {.hidden = 8, .layers = 2, .head = 5, .attention = 1}};
    net n;
    sa_error e;
    CHECK(net_create(&n, &cfg, &e) == 0, "net_create");
    CHECK(n.n_tensors == 14, "layout: 4 tensors a layer + attn (2) + fc1, fc2 (4)");
    /* 32·4 + 32·8 + 64, 32·8 + 32·8 + 64, 8 + 1, 5·8 + 5, 5 + 1 */
    CHECK(n.n_params == 448 + 576 + 9 + 45 + 6, "layout: %zu parameters", n.n_params);
    const net_tensor *t = net_find(&n, "lstm.weight_ih_l1");
    CHECK(t && t->rows == 32 && t->cols == 8 && t->ndim == 2, "lstm.weight_ih_l1 is 32x8");
    t = net_find(&n, "fc2.weight");
    CHECK(t && t->rows == 1 && t->cols == 5, "fc2.weight is 1x5");
    t = net_find(&n, "attn.bias");
    CHECK(t && t->ndim == 1 && t->rows == 1, "attn.bias has one value");
    CHECK(net_find(&n, "fc.weight") == NULL, "no fc.weight when there is fc1");

    CHECK(net_init_weights(&n, 7, &e) == 0, "net_init_weights");
    double worst = 0;
    for (int k = 0; k < 2; k++) {
        char name[64];
        snprintf(name, sizeof name, "lstm.weight_hh_l%d", k);
        const float *w = n.params + net_find(&n, name)->offset;
        for (int g = 0; g < 4; g++) {
            const float *q = w + (size_t)g * 64;
            for (int i = 0; i < 8; i++)
                for (int j = 0; j < 8; j++) {
                    double s = 0;   /* (Q^T Q)_ij */
                    for (int r = 0; r < 8; r++)
                        s += (double)q[r * 8 + i] * q[r * 8 + j];
                    double d = fabs(s - (i == j));
                    if (d > worst)
                        worst = d;
                }
        }
    }
    CHECK(worst < 1e-5, "init: every gate block of W_hh is orthogonal (|W^T W - I| %.1g)",
          worst);
    const float *b_ih = n.params + net_find(&n, "lstm.bias_ih_l1")->offset;
    const float *b_hh = n.params + net_find(&n, "lstm.bias_hh_l1")->offset;
    int biases_ok = 1;
    for (int k = 0; k < 32; k++)
        biases_ok &= b_ih[k] == (k >= 8 && k < 16 ? 1.0f : 0.0f) && b_hh[k] == 0.0f;
    CHECK(biases_ok, "init: bias_ih forget part 1, every other bias 0");

    const char *glorot[] = {"lstm.weight_ih_l0", "fc1.weight", "attn.weight"};
    for (int i = 0; i < 3; i++) {
        t = net_find(&n, glorot[i]);
        double bound = sqrt(6.0 / (double)(t->rows + t->cols)), mx = 0;
        for (size_t k = 0; k < t->rows * t->cols; k++)
            if (fabs(n.params[t->offset + k]) > mx)
                mx = fabs(n.params[t->offset + k]);
        CHECK(mx <= bound && mx > 0.6 * bound,
              "init: %s is Glorot uniform (max %.3f within bound %.3f)", glorot[i], mx, bound);
    }
    float *snap = malloc(n.n_params * sizeof *snap);
    net_params_copy(snap, &n);
    net net2;
    net_create(&net2, &cfg, &e);
    net_init_weights(&net2, 7, &e);
    CHECK(memcmp(net2.params, snap, n.n_params * sizeof *snap) == 0,
          "init: the same seed gives the same weights");
    n.params[3] = 42.0f;
    net_params_restore(&n, snap);
    CHECK(n.params[3] == snap[3] && n.params[3] != 42.0f, "params snapshot restores");
    free(snap);
    net_free(&net2);
    net_free(&n);

    cfg.arch.layers = 0;
    CHECK(net_create(&n, &cfg, &e) < 0 && strstr(e.msg, "layers"), "net_create rejects 0 layers: %s",
          e.msg);
    cfg.arch.layers = 1;
    cfg.arch.dropout = 1.0f;
    CHECK(net_create(&n, &cfg, &e) < 0 && strstr(e.msg, "dropout"),
          "net_create rejects dropout 1: %s", e.msg);
}

/* Forecast paths (issue 23): the head's last layer and the highway with S
 * outputs, every step a residual from the same anchor. Finite differences
 * of the loss averaged over sequences and steps in every shape; the lean
 * inference workspace (and inference_windows' (N, S) layout) agrees with
 * the training one; and one output is exactly the one-output network. */
static void test_net_paths(void)
{
    for (int shape = 0; shape < 4; shape++) {   /* fc, fc1+fc2, attention, robust */
        net_config cfg = {.n_inputs = 3, .seq_len = 5,
                          .arch = {.hidden = 4, .layers = 2, .head = shape % 2 ? 3 : 0,
                                   .attention = shape == 2, .dropout = shape == 1 ? 0.25 : 0,
                                   .steps = 4}};
        if (shape == 3)
            cfg = (net_config){.n_inputs = 3, .seq_len = 5, .relative = 5u,
                               .arch = {.hidden = 4, .layers = 1, .highway = 3, .residual = 1,
                                        .clip = 1.5, .steps = 4}};
        char label[96];
        snprintf(label, sizeof label, "path of 4 steps, %s",
                 (const char *[]){"fc", "fc1+fc2, dropout", "attention", "robust"}[shape]);
        test_net_fd_of(&cfg, label);
    }
    net_config lin = {.n_inputs = 3, .seq_len = 5, .relative = 5u,
                      .arch = {.hidden = 4, .layers = 0, .highway = 3, .residual = 1, .clip = 1.5,
                               .steps = 3}};
    test_net_fd_of(&lin, "path of 3 steps, highway alone");

    /* inference: lean workspace and inference_windows against the training forward */
    net_config cfg = {.n_inputs = 3, .seq_len = 5, .relative = 1u,
                      .arch = {.hidden = 4, .layers = 2, .head = 3, .attention = 1, .highway = 2,
                               .residual = 1, .steps = 3}};
    net n;
    if (make_net(&n, &cfg, 8) < 0)
        return;
    for (size_t i = 0; i < n.n_params; i++)   /* the highway too, not only its zero start */
        n.params[i] += 0.1f * (float)(rng_uniform(&R) - 0.5);
    enum { W = 5, S = 3 };
    float *x = randu(W * 5 * 3 + 3, 1.0f), y[W * S], y_lean[W * S], y_win[W * S];
    size_t ends[W];
    for (int k = 0; k < W; k++)
        ends[k] = (size_t)k + 4;   /* x read as a matrix of 9 rows: windows end at 4..8 */
    float *batch = malloc(W * 5 * 3 * sizeof *batch);
    inference_gather(x, 3, 5, ends, W, batch);
    net_workspace *full = net_workspace_create(&n, W);
    net_inference_weights *iw = net_inference_weights_create(&n);
    net_workspace *lean = net_workspace_create_inference(&n, iw, W);
    sa_error e;
    net_forward(&n, full, batch, W, y, 0, 0, 0);
    net_forward(&n, lean, batch, W, y_lean, 0, 0, 0);
    int rc = inference_windows(&n, x, 3, ends, W, 2, y_win, &e);
    CHECK(tensor_rel_diff(y_lean, y, W * S, 1e-6) < 1e-5 && rc == 0 &&
              tensor_rel_diff(y_win, y, W * S, 1e-6) < 1e-5 && y[1] != y[0],
          "path of 3 steps: inference workspace and inference_windows (N, S) = training forward");
    net_workspace_free(full);
    net_workspace_free(lean);
    net_inference_weights_free(iw);
    free(batch);
    free(x);
    net_free(&n);

    /* S = 1 written out is the one-output network, tensor for tensor */
    net_config one = cfg, zero = cfg;
    one.arch.steps = 1;
    zero.arch.steps = 0;
    net a, b;
    if (make_net(&a, &one, 4) < 0 || make_net(&b, &zero, 4) < 0)
        return;
    int same = a.n_params == b.n_params && a.n_tensors == b.n_tensors &&
               !memcmp(a.params, b.params, a.n_params * sizeof *a.params);
    for (size_t i = 0; same && i < a.n_tensors; i++)
        same = !strcmp(a.tensors[i].name, b.tensors[i].name) &&
               a.tensors[i].rows == b.tensors[i].rows && a.tensors[i].cols == b.tensors[i].cols;
    CHECK(same && net_find(&a, "fc2.weight")->rows == 1 && net_find(&a, "highway.bias")->rows == 1,
          "steps 1 = steps 0: the one-output table and the same initial weights");
    net_free(&a);
    net_free(&b);
    net c3;
    if (make_net(&c3, &cfg, 4) < 0)
        return;
    CHECK(net_find(&c3, "fc2.weight")->rows == 3 && net_find(&c3, "fc2.weight")->cols == 3 &&
              net_find(&c3, "fc2.bias")->rows == 3 && net_find(&c3, "highway.weight")->rows == 3 &&
              net_find(&c3, "highway.weight")->cols == 2 && net_find(&c3, "highway.bias")->rows == 3,
          "path of 3 steps: fc2.weight (3, D), fc2.bias (3), highway.weight (3, k), highway.bias (3)");
    net_free(&c3);
    cfg.arch.steps = NET_MAX_STEPS + 1;
    CHECK(net_create(&c3, &cfg, &e) < 0 && strstr(e.msg, "steps"), "net_create rejects steps "
          "beyond NET_MAX_STEPS: %s", e.msg);
}

/* Every check, on the active kernel path. */
static void test_all(void)
{
    rng_seed(&R, 2024);
    test_lstm();
    test_lstm_reference(6, 3, 5, 7);
    test_lstm_reference(1, 2, 3, 4);   /* one step: no recurrent product at all */
    test_attention();
    test_dense();
    test_mse_dropout();
    test_net_fd(0, 0, 0.0f);
    test_net_fd(0, 3, 0.25f);
    test_net_fd(1, 0, 0.25f);
    test_net_fd(1, 3, 0.0f);
    test_net_robust_fd();
    test_net_paths();
    test_net_dropout();
    test_net_threads();
    test_layout_init();
}

int main(void)
{
    harness_each_path(test_all);
    return test_summary();
}
