/* fleet_global.h — a fleet's global model (issue 24.6): one network
 * trained on the training parts of every series at once, and offered to
 * each series as one more candidate.
 *
 * Scale-free by construction, so one network fits series of any level and
 * scale and needs nothing fitted per series: its inputs are the target,
 * its value one day before the target time (cpu_seasonal), and the hour
 * and day of the week; the target and its seasonal value are read raw
 * (transform centre 0, scale 1, no log1p) and the network divides them,
 * window by window, by the window's own scale after centring them on its
 * last value (net_arch.window_scale, window_norm.h). The network is the
 * robust preset's (an LSTM of 32, last state, fc, a highway on the last
 * 12 inputs, L1 loss in per-window units), trained with the protocol of
 * docs/design.md §6 on a cosine schedule. Every series is split as its
 * own model is (--split): training windows from every series' training
 * part, the validation loss on every validation part; at most
 * FLEET_GLOBAL_SERIES series (a larger fleet gives every k-th by name) and
 * FLEET_GLOBAL_WINDOWS training windows an epoch (thinned evenly, every
 * k-th window of each series), so neither its time nor its memory grows
 * without bound with the fleet.
 *
 * With --steps S (a fleet of paths) it forecasts steps 1..S, calibrated
 * step by step, and every candidate is scored over every step.
 *
 * Its file, OUTDIR/global.h5, is an ordinary model file (kind "lstm", arch
 * "global"), calibrated on the validation residuals of the whole fleet
 * divided by each window's scale (normalised conformal scores), so that
 * `scaleahead-predict --model global.h5 new.csv` forecasts a series it
 * never saw from one window of its history, with intervals. */
#ifndef SA_FLEET_GLOBAL_H
#define SA_FLEET_GLOBAL_H

#include "base/err.h"
#include "fleet/fleet.h"
#include "model/model.h"

#define FLEET_GLOBAL_WINDOWS 400000
#define FLEET_GLOBAL_SERIES 256

/* The networks each series' --arch auto trains beside the global model's
 * candidates (unless --candidates says): the linear one alone; the global
 * network and its copy tuned on the series take the per-series LSTMs'
 * place, at a fraction of their cost. */
#define FLEET_GLOBAL_CANDIDATES "linear"
#define FLEET_GLOBAL_FEATURES "cpu_utilization,hour,day_of_week,cpu_seasonal"

/* Trains the global model on the series of l with o's per-series settings
 * (target, horizon, split, fill, input, calendar, seed; epochs when given,
 * else FLEET_GLOBAL_EPOCHS) on o->threads threads (and every MPI rank's:
 * collective, the batches shared). A series that cannot be read or is too
 * short is left out (its own row will say why). Fills m (caller frees);
 * rank 0 only has it whole. Returns 0, or -1 with e set (no series
 * usable, training failed). */
#define FLEET_GLOBAL_EPOCHS 8
int fleet_global_train(const fleet_list *l, const fleet_options *o, model_file *m, sa_error *e);

/* The global model's candidates for series s, measured on s's validation
 * part: "global" (g as it is), "global+tuned" (an ensemble of g's network
 * and a copy of it fine-tuned on s's training part: FLEET_TUNE_EPOCHS of a
 * cosine schedule peaking at FLEET_TUNE_LR, the best epoch on the
 * validation part), and, when own (the series' own choice, named
 * own_name) is given, "OWN+global" and "OWN+global+tuned": blends
 * (model/blend.h) of own with each, own's weight chosen on the validation
 * part among blend_fit_grid (FLEET_BLEND_WEIGHTS 1) or 1/2 (0). When the
 * best of them has a validation MAE below best_val (own's), it becomes s's
 * model in m (s's provenance, calibrated on s's validation part, measured
 * on its test part) and out says which, with its measures. Returns 1 when
 * m was filled, 0 when the series' own choice stays (or s does not fit the
 * global model), -1 with e set on an error. */
#define FLEET_TUNE_EPOCHS 8
#define FLEET_TUNE_LR 2e-3
#ifndef FLEET_BLEND_WEIGHTS
#define FLEET_BLEND_WEIGHTS 1
#endif

typedef struct fleet_global_choice {
    char name[32];                 /* "global" | "global+tuned" | "OWN+global" |
                                      "OWN+global+tuned" */
    double val_mae, test_mae, persistence_mae;
} fleet_global_choice;

int fleet_global_offer(model_file *m, const model_file *own, const char *own_name,
                       const model_file *g, const fleet_series *s, const fleet_options *o,
                       double best_val, fleet_global_choice *out, sa_error *e);

#endif
