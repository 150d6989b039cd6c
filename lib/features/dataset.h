/* dataset.h — from a metrics CSV to the feature matrix a model reads: the
 * one path train, eval, predict and sim share, so every tool sees the same
 * columns, features and errors. */
#ifndef SA_DATASET_H
#define SA_DATASET_H

#include <stddef.h>
#include "base/err.h"
#include "series/series.h"
#include "features/features.h"
#include "series/calendar.h"

/* Whether the target is turned into demand (dataset_options.demand): a
 * utilisation % (the average over a group's instances) times the instances
 * it was measured on, / 100, is the work in busy instances, which a group's
 * own scaling does not hold near a target as it holds the utilisation. */
typedef enum dataset_demand {
    DATASET_DEMAND_OFF,       /* the target as read; no instances column read */
    DATASET_DEMAND_AUTO,      /* demand when the target is a utilisation
                                 (dataset_is_utilisation) and the file has an
                                 instances column; else as read (train's default) */
    DATASET_DEMAND_NO,        /* as read, but an instances column that changes
                                 under a utilisation target gets a warning
                                 (train --no-demand) */
    DATASET_DEMAND_REQUIRED,  /* demand, with the column instances_column (or
                                 one of dataset_instances_columns): a missing one
                                 is an error (a demand model's data) */
} dataset_demand;

/* The names an instances column goes by, in the order they are looked for:
 * "instances", "GroupInServiceInstances" (CloudWatch's, for an auto-scaling
 * group); --column instances=HEADER maps another. */
extern const char *const dataset_instances_columns[2];

/* 1 when a column called name holds a utilisation % (an average over the
 * instances, which the instances column turns into demand): its name has
 * "cpu", "util" or "percent" in it, any case. */
int dataset_is_utilisation(const char *name);

typedef struct dataset_options {
    const char *path;          /* metrics CSV, "-" = stdin */
    const char *target;        /* target column (feature 0) */
    const int *features;       /* enum feat_id list, in column order */
    size_t n_features;
    int strict;                /* 1: a feature whose source is missing is an
                                  error (a model needs it); 0: dropped with a note */
    const char *calendar;      /* business calendar CSV or NULL */
    int fill;                  /* forward-fill gaps */
    size_t max_rows;           /* keep only the last rows (0 = all) */
    int horizon;               /* for the sale-at-target feature */
    const series_input *input; /* --column, --time-column, --delimiter, --snap;
                                  NULL: a standard metrics CSV */
    const char *features_tz;   /* zone whose wall clock the hour and day features
                                  follow (a shop's customers' clock); NULL or ""
                                  = UTC */
    dataset_demand demand;     /* OFF (0) unless set */
    const char *instances_column; /* REQUIRED: the column the model was trained
                                     with (NULL: either standard name) */
    const feat_column_name *columns; /* the data columns among features (ids
                                  FEAT_COUNT + k), FEAT_MAX_COLUMNS names, ""
                                  past the last; NULL: none */
} dataset_options;

typedef struct dataset {
    series s;                  /* the target column holds demand when
                                  demand_column is set */
    calendar cal;
    feat_matrix fm;            /* (R, F) unscaled features */
    char demand_column[64];    /* the instances column the target was turned
                                  into demand with, or "" */
    char instances_seen[64];   /* AUTO and NO: the instances column the file has
                                  (used or not), or "" */
    double instances_min, instances_max; /* its range over the rows */
} dataset;

/* Reads the CSV (and calendar), turns the target into demand as o->demand
 * says (value x instances / 100 on every row; demand_column and
 * instances_seen tell the caller what was found, for its note), and builds
 * the features. A data column among the features must be in the file
 * (both modes). Returns 0, or -1 with e set: "FILE:LINE: ..." for data
 * errors (a negative instance count among them), "FILE: column NAME needed
 * by the model is missing" in strict mode, and for a data column the file
 * lacks the names that would do: "FILE: queue_depht is neither a feature
 * (cpu_utilization, ...) nor a column of the file (timestamp, ...)". */
int dataset_load(dataset *d, const dataset_options *o, sa_error *e);

/* After a failed read of o->path: when e is a data column among
 * o->columns missing from the file's header, replaces it by the names that
 * would do — the features and the file's columns (o->strict: the model's
 * input, and --column to map one). stdin, which cannot be read again,
 * keeps its error. */
void dataset_explain_column(const dataset_options *o, sa_error *e);

/* Feature ids of an architecture's seed feature set: 4 (cpu, network_in,
 * request_count, is_sale_active) or all 16. Returns the count. */
size_t dataset_seed_features(int n_seed_features, int *ids);

void dataset_free(dataset *d);

#endif
