/* predictions.h — the predictions CSV of docs/design.md §3, as scaleahead-predict
 * writes it: timestamp,actual,predicted[,std][,lower,upper],decision
 * [,instances]. */
#ifndef SA_PREDICTIONS_H
#define SA_PREDICTIONS_H

#include <stdio.h>
#include "model/predictor.h"

typedef struct predictions_format {
    int with_std;          /* ensemble: the members' spread */
    int with_interval;     /* lower,upper (r->lower and r->upper are set) */
    double up, down;       /* decision thresholds on the forecast */
    int instances;         /* current fleet size N; 0: no sizing */
    double target_cpu;     /* sizing: per-instance CPU % to stay at or below */
    const char *series;    /* a fleet's series (predict --fleet): a first column
                              "series" (CSV; "NAME," before a decision; a
                              "series" key in JSON) with this name; NULL: none */
    int no_header;         /* CSV: the rows alone (a fleet's second series on) */
} predictions_format;

/* The fleet size on which a CPU % measured on `fleet` instances, cpu,
 * runs at or below target_cpu: ceil(cpu · fleet / target_cpu), at least
 * 1 (a product that lands on an integer within 1e-9 is not rounded up). */
int predictions_instances_needed(double cpu, int fleet, double target_cpu);

/* The decision for one forecast: without sizing, scale_up above up,
 * scale_down below down, else hold; with sizing (instances > 0), by the
 * size needed for the interval's upper bound (the forecast itself when
 * there is no interval) against the current size; *needed gets that size
 * (0 without sizing). */
const char *predictions_decision(const predictions_format *o, double predicted, double upper,
                                 int *needed);

/* Writes the header (unless o->no_header) and one row per forecast of r (timestamp = the time
 * the forecast is for, actual empty where unknown, values %.4f), with an
 * instances column when sizing. Returns 0, or -1 on a write error. */
int predictions_write(FILE *fp, const predictor_result *r, const predictions_format *o);

#endif
