/* model.h — a trained model file in memory, and its HDF5 form (docs/design.md §7).
 *
 * One file per training run. In memory every kind holds members: a single
 * model ("lstm") has one, stored at the file's root (/config, /weights,
 * /history); an ensemble or grid has N under /members/0..N-1, each with its
 * own /config, /weights and /history; the scaler is always at the root.
 * Weights are float32 tensors named and shaped as a PyTorch state_dict.
 *
 * The file, as h5dump shows it:
 *   /                 attributes format = "scaleahead-model", format_version = 1
 *                     (int32), kind, created, scaleahead_version
 *   /config           attributes (one per model_config field): arch, target,
 *                     data_file, data_hash (strings); hidden, layers, head,
 *                     seq_len, horizon, attention, batch, epochs, seed,
 *                     epochs_run, best_epoch, interrupted (int32); dropout,
 *                     lr (float64); split (2 float64); step_seconds (int64);
 *                     split_time (4 int64); features (list of feature names,
 *                     feat_names of feature_ids); where set: data_rows_hash
 *                     (string), data_rows (int64), basis and
 *                     instances_column (strings), target_range (2 float64)
 *                     Every string is fixed-length: variable-length ones are
 *                     refused on load (see h5_get_string).
 *   /weights/NAME     float32, 2-D weights, 1-D biases (model_expected_tensors)
 *   /history/train_loss, /history/val_loss, /history/lr   float32 (n_epochs)
 *   /scaler/min, /scaler/max                               float32 (n_features)
 *                     (min-max models: the seed presets, ensemble, grid)
 *   /transform        (robust models instead of /scaler; data/transform.h)
 *                     attributes center, scale (float64, n_features),
 *                     log1p, role (int64, n_features: 0/1, and 0 relative,
 *                     1 robust, 2 fixed), and min, max (float64,
 *                     n_features: each column's range over the training
 *                     rows, before log1p — what predict's warnings compare
 *                     inputs to; absent in files written before)
 * Robust models also carry /config attributes highway, residual, robust
 * (int32), clip (float64), loss and log1p (strings); a file without them
 * (every file of the seed presets, whose layout these leave unchanged)
 * reads 0, 0, 0, 0.0, "mse", "auto".
 * A forecast path (train --steps S, S > 1; issue 23) carries /config
 * steps = S (int32; absent reads as 0, a one-step model) and horizon S;
 * its last dense layer (fc2 or fc) and highway have S output rows
 * (fc2.weight (S, D), fc2.bias (S), highway.weight (S, k), highway.bias
 * (S): row s forecasts s + 1 steps ahead), and /calibration/scores is
 * (S, n), one row per step. A one-step model's file is unchanged.
 *   /metrics          float64 attributes, in the order they were set
 *   /grid             (grid only) scalar string dataset: the CSV table
 *   /baseline         (kind "baseline" only) the fitted baseline's name and
 *                     parameters (baseline_file.h); such a file has /config
 *                     (the data settings; arch is the baseline's name) but
 *                     no /weights and no /history
 *   /auto             (--arch auto only) choice attribute and the validation
 *                     table of every candidate (baseline_file.h)
 *   /calibration      (when calibrated) dataset scores, float32 (n), the
 *                     ascending conformal scores of the validation part (a
 *                     path's (S, n), each step's row ascending);
 *                     attributes score ("absolute" | "normalised"),
 *                     spread_floor, part ("validation"), and for an
 *                     ensemble check_absolute, check_normalised (conformal.h)
 *   /parts/I          (kind "blend" only, blend.h) part I, a whole model
 *                     laid out as a file's root is (its own format, kind,
 *                     config, weights or baseline, scaler or transform,
 *                     metrics, calibration), with a float64 attribute
 *                     "weight" on /parts/I; the blend's root has /config
 *                     (its own: the parts' union of features, the longest
 *                     window), /metrics, /calibration and /auto, and no
 *                     /scaler, /transform or /weights. A part is never a
 *                     blend.
 * Kind "auto-partial" is an --arch auto run stopped before its candidates
 * were compared (train/auto.h): /members/I is candidate I as trained so far
 * (finished, or stopped with its /resume state), each with its own
 * features, and there is no /scaler or /transform — scaleahead-train
 * --resume fits each candidate's again from the data; no tool forecasts
 * with it.
 * For "ensemble" and "grid" the members are /members/I/{config,weights,
 * history} with a float64 attribute "weight" on /members/I, and the root
 * /config is a copy of member 0's config (so a reader finds the shared data
 * settings — target, features, seq_len, horizon, step, split — in one place;
 * model_load ignores it). No object carries a timestamp: the same model_file
 * with the same created string saves to the same bytes. */
#ifndef SA_MODEL_H
#define SA_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "features/dataset.h"
#include "features/features.h"
#include "features/transform.h"
#include "model/conformal.h"
#include "nn/net.h"
#include "model/baseline_spec.h"

#define MODEL_FORMAT "scaleahead-model"
#define MODEL_FORMAT_VERSION 1
#define MODEL_KIND_AUTO_PARTIAL "auto-partial"   /* an --arch auto run stopped part-way */
#define MODEL_KIND_BLEND "blend"                 /* a blend of whole models (blend.h) */
#define MODEL_MAX_TENSORS NET_MAX_TENSORS
#define MODEL_MAX_METRICS 32
#define MODEL_RESUME_VALUES 16

/* Limits a loaded (or saved) model must respect; anything beyond them is
 * reported as a damaged file rather than allocated. The network's sizes
 * (hidden, layers, head, seq_len) are net.h's NET_MAX_*; these are the rest,
 * and scaleahead-train's flags take their ranges from both. */
#define MODEL_MAX_HORIZON 100000
#define MODEL_MAX_BATCH 1048576
#define MODEL_MAX_EPOCHS 1000000      /* also the longest history */
#define MODEL_MAX_MEMBERS 1024
#define MODEL_MAX_GRID_BYTES (16u << 20)
#define MODEL_MAX_CALIBRATION CONFORMAL_MAX_SCORES

typedef struct model_tensor {
    char name[64];       /* "lstm.weight_ih_l0" */
    int ndim;            /* 1 or 2 */
    size_t dims[2];      /* (rows, cols); dims[1] = 1 when ndim == 1 */
    float *data;         /* owned */
} model_tensor;

/* Hyper-parameters and provenance of one member (the /config attributes). */
typedef struct model_config {
    char arch[32];               /* original | optimized | attention | custom */
    net_arch net;                /* hidden, layers, head, attention, dropout */
    int seq_len, horizon, batch, epochs, seed;
    double lr;
    char schedule[16];           /* learning rate schedule: "plateau" (docs/design.md §6,
                                    also when empty) or "cosine" (train/loop.h) */
    double split[2];             /* train and train+val fractions: 0.7, 0.85 */
    char target[64];
    int n_features;
    int feature_ids[FEAT_MAX];   /* enum feat_id, or FEAT_COUNT + k: the data column
                                    columns[k] (train --features ...,queue_depth); the
                                    /config "features" attribute holds their names, a
                                    name that is no engineered feature being a column */
    feat_column_name columns[FEAT_MAX_COLUMNS]; /* "" past the last */
    int64_t step;                /* seconds between rows of the training data */
    char data_file[256];
    char data_hash[32];          /* hex FNV-1a 64 of the data file's bytes */
    char data_rows_hash[32];     /* hex series_rows_hash of the rows trained on
                                    (time and target of each row read from the
                                    file), "" in older files: how eval and sim
                                    recognise the training data by content */
    int64_t data_rows;           /* rows that hash covers */
    char basis[16];              /* what the target column is turned into before
                                    anything else: "" the values as read;
                                    "demand" = value x instances / 100 (busy
                                    instances: a utilisation % times the fleet
                                    it was measured on) */
    char instances_column[64];   /* basis "demand": the column of the fleet size */
    char auto_baselines[64];     /* --arch auto: the baselines it may keep, names
                                    joined by commas ("persistence" for a path's
                                    default model); "" all four. Stored only when
                                    set; --resume finishes with it */
    double target_range[2];      /* smallest and largest target value (after the
                                    basis) over the training rows; 0, 0 in older
                                    files: what its units can be (a % or a rate) */
    char features_tz[64];        /* zone the hour and day features follow (train
                                    --features-tz); "" = UTC. Stored only when set,
                                    so older files read as UTC */
    int64_t split_time[4];       /* first target times of train, val, test, and
                                    the last target time + step */
    int epochs_run, best_epoch;
    int interrupted;             /* 1 when training was stopped by a signal */
    int robust;                  /* 1: robust transform (/transform), 0: min-max */
    int loss;                    /* enum loss_kind (nn/loss.h) */
    int log1p;                   /* enum transform_log1p: how the transform chose */
    int window_scale;            /* 1: the network scales each window itself
                                    (net_config.window_scale): a fleet's global
                                    model (fleet_global.h); stored only when set */
} model_config;

typedef struct model_member {
    model_config config;
    size_t n_tensors;
    model_tensor tensors[MODEL_MAX_TENSORS];
    size_t n_epochs;                       /* history length */
    float *train_loss, *val_loss, *lr;     /* (n_epochs) each, owned */
    double weight;                         /* ensemble weight (1/N unless --weighted) */
    /* The state of an interrupted training run, kept under /resume so that
     * scaleahead-train --resume can finish it exactly (train.h's
     * train_checkpoint; fit.c packs it): resume_state holds the weights when
     * stopped, Adam's m and v (3 P floats: n_resume_state), resume_values the
     * scalars. NULL / 0 when the run was not interrupted. */
    float *resume_state;                   /* (n_resume_state), owned */
    size_t n_resume_state;
    double resume_values[MODEL_RESUME_VALUES];
} model_member;

typedef struct model_metric {
    char name[48];      /* e.g. "test_mae" */
    double value;
} model_metric;

typedef struct model_file {
    char kind[16];                 /* "lstm" | "ensemble" | "grid" | "baseline" |
                                      "blend" | "auto-partial" */
    char created[32];              /* ISO 8601 UTC */
    char version[16];              /* scaleahead version that wrote it */
    size_t n_features;
    float *scaler_min, *scaler_max;/* (n_features) each, owned; NULL when robust */
    transform tf;                  /* robust models: the transform (tf.n_feat =
                                      n_features); zeroed for min-max ones */
    size_t n_members;
    model_member *members;         /* (n_members), owned */
    size_t n_metrics;
    model_metric metrics[MODEL_MAX_METRICS];   /* /metrics attributes */
    /* grid only: the table of all configurations tried, as CSV text (header
     * line first); stored as /grid (a string dataset). NULL otherwise. */
    char *grid_csv;
    /* kind "baseline": the fitted baseline the file holds, and its one
     * member has a config but no tensors or history. NULL otherwise. */
    baseline_spec *baseline;
    /* --arch auto: the validation table of every candidate (CSV, header
     * first) and the name of the one kept; NULL and "" otherwise. */
    char *auto_csv;
    char auto_choice[32];
    /* Split conformal calibration (conformal.h): n = 0 when the file has
     * none (older files). */
    conformal_set calibration;
    /* kind "blend" (blend.h): the parts, whole models of any other kind but
     * auto-partial, each with its own features and transform, and their
     * weights; members[0] holds the blend's own config. 0 / NULL
     * otherwise. */
    size_t n_parts;
    struct model_file *parts;      /* (n_parts), owned */
    double *part_weight;           /* (n_parts), owned */
} model_file;

/* The network a member's config describes: its architecture, n_features
 * inputs and seq_len steps, and (when residual) which inputs are in the
 * target's units (transform_relative_ids of its features). */
net_config model_net_config(const model_config *c);

/* Checks the fields of c a training run is set up with, before any work:
 * the network (net_check_config of model_net_config: hidden, layers, head,
 * seq_len, attention, dropout within net.h's limits), horizon and batch
 * from 1 to their limits, epochs 0..MODEL_MAX_EPOCHS, lr finite and > 0,
 * 0 < split[0] <= split[1] <= 1, 1..FEAT_MAX distinct valid feature ids (a data
 * column's named in columns),
 * arch and target non-empty, basis "" or "demand" (with an
 * instances_column). Returns 0, or -1 with e set ("layers 9 is out
 * of range 1..8"). */
int model_check_settings(const model_config *c, sa_error *e);

/* Checks that every field of c is in range: model_check_settings, and what
 * training records — epochs_run 0..MODEL_MAX_EPOCHS, best_epoch
 * 0..epochs_run, interrupted 0 or 1, step > 0 (split_time is provenance and
 * not checked: it is 0 where a split is empty). Returns 0, or -1 with e set
 * ("hidden 0 is out of range 1..2048"). */
int model_check_config(const model_config *c, sa_error *e);

/* Fills out[0..count-1] (MODEL_MAX_TENSORS slots) with the names and shapes
 * of the tensors the network of c has, data NULL: net_layout's table of
 * model_net_config(c), in state_dict order. Returns count, or -1 with e set
 * when c fails model_check_config. */
int model_expected_tensors(const model_config *c, model_tensor *out, sa_error *e);

/* Checks member: its config (model_check_config), that its tensors are
 * exactly the expected set with the expected shapes, all finite, and that
 * its history is at most MODEL_MAX_EPOCHS long with its arrays present.
 * Returns 0, or -1 with e set naming the first problem. */
int model_check_member(const model_member *member, sa_error *e);

/* Checks that blend m's config covers its parts (blend.h): each part of
 * another kind than blend or auto-partial, with the blend's target (its
 * first feature), horizon, steps, step, basis and features_tz, a window no
 * longer than the blend's and features among the blend's; weights finite,
 * >= 0 and not all 0. The parts themselves are checked by model_save and
 * model_load. Returns 0, or -1 with e set. */
int model_blend_check(const model_file *m, sa_error *e);

/* The column of blend b's features that each feature of its part i reads,
 * into cols[0..F_i-1] (F_i: that part's features). Returns 0, or -1 with e
 * set when one is not among b's (a config that does not cover its parts). */
int model_blend_columns(const model_file *b, size_t i, size_t *cols, sa_error *e);

/* The column of c's features that is feature id of a config whose data
 * columns are named columns (the same name: an engineered feature, or a
 * data column called the same), or -1. */
int model_feature_column(const model_config *c, int id, const feat_column_name *columns);

/* Writes m to path atomically (temporary + rename, see outfile.h). Sets the
 * root attributes format, format_version, kind, created (now, when
 * m->created is empty), scaleahead_version (SA_VERSION; m->version is not
 * used). m is checked first (kind, member count — one for "lstm" —, every
 * member with model_check_member, the same features in every member,
 * finite scaler of n_features), so an invalid model writes nothing.
 * The file is built in memory, then written to the temporary and renamed,
 * so it must fit in memory (a 54-member grid is tens of MB). path "-" is
 * refused. Returns 0, or -1 with e set ("PATH: what is wrong"); on failure
 * no file and no temporary is left. */
int model_save(const model_file *m, const char *path, sa_error *e);

/* Reads path into m (zeroed first; caller frees with model_free). Checks the
 * format, version, and every dataset's shape against the config before
 * reading it, so a truncated file, another format, or a dataset whose shape
 * claims more than the config allows is a one-line error, not a crash or a
 * huge allocation. A loaded model passes what model_save checks: each
 * config model_check_config, exactly the expected tensors, finite weights,
 * weights and scaler; a history of at most MODEL_MAX_EPOCHS; at most
 * MODEL_MAX_MEMBERS members, all with the same number of features. HDF5
 * prints nothing. Returns 0, or -1 with e set to "FILE: what is wrong"
 * ("m.h5: /weights/fc1.bias: shape (3), expected (48)") and m empty. */
int model_load(model_file *m, const char *path, sa_error *e);

/* The tensor of member called name, or NULL. */
const model_tensor *model_find_tensor(const model_member *member, const char *name);

/* Appends a tensor (copying data, rows * cols floats; cols must be 1 when
 * ndim == 1) to member. Returns 0, or -1 with e set (table full, name too
 * long or already present, bad ndim, out of memory). */
int model_add_tensor(model_member *member, const char *name, int ndim, size_t rows,
                     size_t cols, const float *data, sa_error *e);

/* Sets (or replaces) a metric by name (truncated to 47 bytes). When the
 * table already holds MODEL_MAX_METRICS other names the metric is dropped. */
void model_set_metric(model_file *m, const char *name, double value);

/* Fills dst (overwritten, not freed first) with a deep copy of src: its
 * config, tensors, history, weight and resume state, all new allocations
 * that dst owns. Returns 0, or -1 with e set (out of memory; dst then owns
 * nothing). */
int model_member_copy(model_member *dst, const model_member *src, sa_error *e);

/* Fills dst (overwritten, not freed first) with a deep copy of the whole
 * model src: members, scaler or transform, baseline, tables, calibration,
 * metrics, a blend's parts. Returns 0, or -1 with e set (out of memory;
 * dst then owns nothing). (model_copy.c) */
int model_copy(model_file *dst, const model_file *src, sa_error *e);

/* Frees everything member owns (tensors, history, resume state) and zeroes
 * it; safe on a zeroed member. */
void model_member_free(model_member *member);

/* Frees everything m owns and zeroes it. */
void model_free(model_file *m);

/* Sets how o reads the target for a model of config c: as demand
 * (DATASET_DEMAND_REQUIRED with c's instances column) when c's basis is
 * "demand", as read otherwise (DATASET_DEMAND_NO: an instances column,
 * where the file has one, is read beside it, e.g. for predict's current
 * fleet). */
void model_data_basis(const model_config *c, dataset_options *o);

/* What c forecasts, for reports: its target ("cpu_utilization"), or for
 * the demand basis "cpu_utilization x instances / 100 (demand, busy
 * instances)". Returns buf. */
const char *model_target_label(const model_config *c, char *buf, size_t len);

/* How the forecasts of c size a fleet: "demand" (the demand basis: busy
 * instances), "cpu" (a utilisation %: named so — dataset_is_utilisation —
 * or named as nothing else and trained on values within 0..100, or from an
 * older file that did not record its range), or "" (a rate or an amount —
 * a name with request, count, bytes, network, rps, qps, latency, disk or
 * packet in it, or values beyond 0..100 — which sizes a fleet only with a
 * capacity per instance). */
const char *model_sizing_basis(const model_config *c);

/* FNV-1a 64-bit hash of a file's bytes, as 16 hex digits into hex[17].
 * Returns 0, or -1 with e set when the file cannot be read. */
int model_hash_file(const char *path, char hex[17], sa_error *e);

/* model_hash_file, and also where the file's bytes up to a line end hash
 * to want (the hash of a file that has since grown by appending rows):
 * *prefix_bytes is the length of the first such prefix, or -1 when none
 * (the whole file matching counts). Returns 0, or -1 with e set. */
int model_hash_prefix(const char *path, const char *want, char hex[17],
                      long long *prefix_bytes, sa_error *e);

#endif
