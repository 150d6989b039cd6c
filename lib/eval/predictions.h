/* predictions.h — the predictions CSV of docs/design.md §3, as scaleahead-predict
 * writes it: timestamp,actual,predicted[,std][,lower,upper],decision
 * [,instances]; a forecast path's with origin,step after the timestamp. */
#ifndef SA_PREDICTIONS_H
#define SA_PREDICTIONS_H

#include <stdint.h>
#include <stdio.h>
#include "model/predictor.h"
#include "series/series.h"

/* How a forecast sizes the fleet (predictions_format.sizing). */
typedef enum predictions_sizing {
    SIZING_NONE,      /* no sizing: decisions by the thresholds up and down */
    SIZING_CPU,       /* a CPU % on the current fleet N: ceil(x N / target_cpu) */
    SIZING_DEMAND,    /* demand in busy instances: ceil(100 x / target_cpu) */
    SIZING_CAPACITY,  /* a rate: ceil(x / capacity) (ALB's requests per target) */
} predictions_sizing;

typedef struct predictions_format {
    int with_std;          /* ensemble: the members' spread */
    int with_interval;     /* lower,upper (r->lower and r->upper are set) */
    double up, down;       /* decision thresholds on the forecast */
    int instances;         /* --instances: the current fleet size N; 0: from
                              fleet, or unknown */
    double target_cpu;     /* sizing: per-instance CPU % to stay at or below */
    predictions_sizing sizing;
    double capacity;       /* SIZING_CAPACITY: what one instance serves */
    const double *fleet;   /* (N) the current fleet at each forecast's origin
                              (the data's instances column), or NULL */
    int min, max;          /* clamp of the size (0: none) */
    size_t window_first, window_last; /* a path's decision window: its steps
                              (0-based, inclusive) whose largest bound sizes the
                              fleet (predictions_set_window); 0, 0 for one step */
    /* For the Prometheus form (predictions_output.h): */
    const char *target;    /* what is forecast, a label value */
    double coverage;       /* the interval's level */
    int horizon;           /* steps ahead of each forecast */
    int64_t data_time;     /* time of the last row read */
    const char *series;    /* a fleet's series (predict --fleet): a first column
                              "series" (CSV; "NAME," before a decision; a
                              "series" key in JSON) with this name; NULL: none */
    int no_header;         /* CSV: the rows alone (a fleet's second series on) */
} predictions_format;

/* The fleet size on which a CPU % measured on `fleet` instances, cpu,
 * runs at or below target_cpu: ceil(cpu · fleet / target_cpu), at least
 * 1 (a product that lands on an integer within 1e-9 is not rounded up). */
int predictions_instances_needed(double cpu, int fleet, double target_cpu);

/* How a model's forecasts size the fleet: with a capacity per instance
 * SIZING_CAPACITY; for basis (model_sizing_basis) "demand" SIZING_DEMAND;
 * for "cpu" SIZING_CPU when the current fleet is known (instances > 0 or
 * the data has an instances column); else SIZING_NONE. */
predictions_sizing predictions_sizing_for(const char *basis, int instances, int has_column,
                                          double capacity);

/* The current fleet of forecast k: o->instances when set, else
 * o->fleet[k] rounded, else 0 (unknown). */
int predictions_current(const predictions_format *o, size_t k);

/* The size forecast x (an interval's upper bound, or the forecast) needs
 * under o->sizing, clamped to [o->min, o->max] where set; current is the
 * fleet (SIZING_CPU). 0 when o sizes nothing, or by CPU on an unknown
 * fleet. */
int predictions_size(const predictions_format *o, double x, int current);

/* The decision for forecast k: with a size (predictions_size of the
 * interval's upper bound, the forecast itself without one) and a known
 * current fleet, scale_up or scale_down to it or hold; otherwise
 * scale_up above up, scale_down below down, else hold. *needed gets the
 * size (0 when none). */
const char *predictions_decision(const predictions_format *o, size_t k, double predicted,
                                 double upper, int *needed);

/* Sets o's decision window for forecast paths of `steps` steps, `step`
 * seconds apart (step j is j + 1 steps ahead): from the first step at or
 * after warmup seconds (a new instance serves then) to the last at or
 * before warmup + interval (until the next decision can act), at least
 * that first step, within the path. Returns 1 when the path ends before
 * warmup (the window is then its last step), else 0. One step: [0, 0]. */
int predictions_set_window(predictions_format *o, size_t steps, int64_t step, double warmup,
                           double interval);

/* The decision for origin k of r: the size the largest upper bound (the
 * forecast itself without an interval) over o's window of k's path needs,
 * against the fleet at k (predictions_decision of that bound, and of the
 * largest forecast there for the thresholds). *needed as there. */
const char *predictions_origin_decision(const predictions_format *o, const predictor_result *r,
                                        size_t k, int *needed);

/* The column called column of s at the rows ends[0..n-1] (a forecast's
 * origin), as a new array the caller frees; NULL when s has no such
 * column (or column is NULL or empty) or out of memory. */
double *predictions_fleet(const series *s, const char *column, const size_t *ends, size_t n);

/* Fails, with e naming source, the time of its newest row and the limit,
 * when that row is more than max_age seconds before now ("FILE: the newest
 * row, 2014-04-24 00:39:00 UTC, is older than --max-age 1h: the data has
 * stopped"). max_age <= 0: no limit. Returns 0, or -1 with e set. */
int predictions_check_age(const char *source, int64_t newest, int64_t now, int64_t max_age,
                          sa_error *e);

/* Writes the header (unless o->no_header) and one row per forecast of r
 * (timestamp = the time the forecast is for, actual empty where unknown,
 * values %.7g), with an instances column when o sizes (o->sizing).
 * Returns 0, or -1 on a write error. */
/* Writes the header (unless o->no_header) and one row per forecast of r
 * (timestamp = the time the forecast is for, actual empty where unknown,
 * values to 7 significant digits), with a series column first when
 * o->series is set and an instances column when sizing. A forecast path
 * (r->steps > 1) has one row per origin and step, in origin order then
 * step order, with the columns origin (the time of the window's last row)
 * and step (steps ahead) after the timestamp:
 * [series,]timestamp,origin,step,actual,predicted[,std][,lower,upper],
 * decision[,instances]; each step is decided on the fleet at its origin.
 * Returns 0, or -1 on a write error. */
int predictions_write(FILE *fp, const predictor_result *r, const predictions_format *o);

#endif
