/* forecast.h — running networks over windows of a scaled feature matrix,
 * and the bridge between a network (net.h) and its model-file member
 * (model.h). Used by train (validation and test forecasts), eval, predict
 * and sim. Sizes: R rows, F features, T steps, N windows, M members. */
#ifndef SA_FORECAST_H
#define SA_FORECAST_H

#include <stddef.h>
#include "err.h"
#include "model.h"
#include "net.h"
#include "scaler.h"

/* Copies the T rows ending at each of ends[0..B-1] from x (R, F) into
 * batch (B, T, F). */
void forecast_gather(const float *x, size_t n_feat, size_t seq_len, const size_t *ends,
                     size_t B, float *batch);

/* Forecasts (scaled units) of net for the windows ending at ends[0..N-1]
 * of x (R, F), in batches split over threads; out (N). Returns 0, or -1
 * with e set (out of memory). */
int forecast_windows(const net *n, const float *x, size_t n_feat, const size_t *ends,
                     size_t count, int threads, float *out, sa_error *e);

/* The net_config a member's config describes. */
void forecast_net_config(const model_config *c, net_config *nc);

/* Builds n from a model member: layout from its config, weights from its
 * tensors (each checked for name and shape). Returns 0, or -1 with e set. */
int forecast_net_from_member(net *n, const model_member *m, sa_error *e);

/* Copies the weights of n into member's tensors (replacing any). */
int forecast_member_from_net(model_member *m, const net *n, sa_error *e);

/* A model file with its networks built, ready to forecast. */
typedef struct forecaster {
    model_file model;   /* owned */
    net *nets;          /* (M), owned */
    scaler sc;          /* from the file */
} forecaster;

/* Builds the networks and scaler of f->model, which the caller has set
 * (f owns it from then on). Returns 0, or -1 with e set. */
int forecaster_build(forecaster *f, sa_error *e);

/* Loads a model file and builds its networks. Returns 0, or -1 with e set. */
int forecaster_load(forecaster *f, const char *path, sa_error *e);

/* Forecasts in target units for the windows ending at ends[0..N-1] of the
 * scaled matrix x (R, F): every member into member_out (M, N) when not NULL,
 * their weighted mean into mean (N), and their standard deviation into std
 * (N) when not NULL (0 for one member). Returns 0, or -1 with e set. */
int forecaster_run(const forecaster *f, const float *x, const size_t *ends, size_t count,
                   int threads, double *mean, double *std, double *member_out, sa_error *e);

void forecaster_free(forecaster *f);

#endif
