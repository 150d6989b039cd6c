/* model.h — a trained model file in memory, and its HDF5 form (DESIGN.md §7).
 *
 * One file per training run. In memory every kind holds members: a single
 * model ("lstm") has one, stored at the file's root (/config, /weights,
 * /history); an ensemble or grid has N under /members/0..N-1, each with its
 * own /config, /weights and /history; the scaler is always at the root.
 * Weights are float32 tensors named and shaped as a PyTorch state_dict. */
#ifndef SA_MODEL_H
#define SA_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include "err.h"
#include "features.h"

#define MODEL_FORMAT "scaleahead-model"
#define MODEL_FORMAT_VERSION 1
#define MODEL_MAX_TENSORS 64
#define MODEL_MAX_METRICS 32

typedef struct model_tensor {
    char name[64];       /* "lstm.weight_ih_l0" */
    int ndim;            /* 1 or 2 */
    size_t dims[2];      /* (rows, cols); dims[1] = 1 when ndim == 1 */
    float *data;         /* owned */
} model_tensor;

/* Hyper-parameters and provenance of one member (the /config attributes). */
typedef struct model_config {
    char arch[32];               /* original | optimized | attention | custom */
    int hidden, layers, head;    /* head: fc1 width, 0 = one fc layer H->1 */
    int seq_len, horizon, attention, batch, epochs, seed;
    double dropout, lr;
    double split[2];             /* train and train+val fractions: 0.7, 0.85 */
    char target[64];
    int n_features;
    int feature_ids[FEAT_COUNT]; /* enum feat_id; the /config "features" attribute
                                    holds their names */
    int64_t step;                /* seconds between rows of the training data */
    char data_file[256];
    char data_hash[32];          /* hex FNV-1a 64 of the data file's bytes */
    int64_t split_time[4];       /* first target times of train, val, test, and
                                    the last target time + step */
    int epochs_run, best_epoch;
    int interrupted;             /* 1 when training was stopped by a signal */
} model_config;

typedef struct model_member {
    model_config config;
    size_t n_tensors;
    model_tensor tensors[MODEL_MAX_TENSORS];
    size_t n_epochs;                       /* history length */
    float *train_loss, *val_loss, *lr;     /* (n_epochs) each, owned */
    double weight;                         /* ensemble weight (1/N unless --weighted) */
} model_member;

typedef struct model_metric {
    char name[48];      /* e.g. "test_mae" */
    double value;
} model_metric;

typedef struct model_file {
    char kind[16];                 /* "lstm" | "ensemble" | "grid" */
    char created[32];              /* ISO 8601 UTC */
    char version[16];              /* scaleahead version that wrote it */
    size_t n_features;
    float *scaler_min, *scaler_max;/* (n_features) each, owned */
    size_t n_members;
    model_member *members;         /* (n_members), owned */
    size_t n_metrics;
    model_metric metrics[MODEL_MAX_METRICS];   /* /metrics attributes */
    /* grid only: the table of all configurations tried, as CSV text (header
     * line first); stored as /grid (a string dataset). NULL otherwise. */
    char *grid_csv;
} model_file;

/* Writes m to path atomically (temporary + rename, see outfile.h). Sets the
 * root attributes format, format_version, kind, created (now, when
 * m->created is empty), scaleahead_version. Returns 0, or -1 with e set. */
int model_save(const model_file *m, const char *path, sa_error *e);

/* Reads path into m (zeroed first; caller frees with model_free). Checks the
 * format, version, and every dataset's shape against the config before
 * reading it, so a truncated file, another format, or a dataset whose shape
 * claims more than the config allows is a one-line error, not a crash or a
 * huge allocation. Returns 0, or -1 with e set to "FILE: what is wrong". */
int model_load(model_file *m, const char *path, sa_error *e);

/* The tensor of member called name, or NULL. */
model_tensor *model_find_tensor(model_member *member, const char *name);

/* Appends a tensor (copying data) to member. Returns 0, or -1 with e set. */
int model_add_tensor(model_member *member, const char *name, int ndim, size_t rows,
                     size_t cols, const float *data, sa_error *e);

/* Sets (or replaces) a metric by name. */
void model_set_metric(model_file *m, const char *name, double value);

/* Frees everything m owns and zeroes it. */
void model_free(model_file *m);

/* FNV-1a 64-bit hash of a file's bytes, as 16 hex digits into hex[17].
 * Returns 0, or -1 with e set when the file cannot be read. */
int model_hash_file(const char *path, char hex[17], sa_error *e);

#endif
