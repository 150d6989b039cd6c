/* about.h — what a simulator run replayed, for the head of every output
 * (the text table's closing lines, the JSON's top level, the CSV table's
 * columns, the HTML report's summary). replay_load fills the data's part
 * (replay.h); the tool names the model or predictions file. */
#ifndef SA_SIM_ABOUT_H
#define SA_SIM_ABOUT_H

#include <stddef.h>
#include <stdint.h>

typedef struct sim_about {
    const char *data;          /* the metrics file as given ("-" for stdin) */
    const char *model;         /* --model, or NULL */
    const char *predictions;   /* --predictions, or NULL */
    char part[8];              /* "test": only the rows the model never saw;
                                  "all": every row of the file */
    int64_t start, end;        /* times of the first and last replayed row */
    size_t steps;              /* rows replayed */
    double step;               /* seconds one row stands for */
    char basis[48];            /* how demand is formed, for scripts:
                                  "cpu x instances" (an instances column) or
                                  "cpu x base_instances" (--base-instances) */
    char basis_note[200];      /* the same as a sentence */
    /* The model's own account, when --model gave one: */
    char model_arch[32];       /* its arch, "" without a model */
    char model_target[64];     /* the column it forecasts */
    int model_horizon;         /* steps ahead */
    double model_skill;        /* 1 - MAE / persistence's MAE on its test
                                  part at training time; NaN when unknown */
} sim_about;

#endif
