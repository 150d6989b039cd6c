/* datagen.h — synthetic multi-metric data and its business calendar.
 *
 * Two profiles: DATAGEN_SEED reproduces the seed project's generator
 * formula (a sine over the whole period plus Gaussian noise and three sale
 * days); DATAGEN_REALISTIC is a richer model of a web shop (daily and weekly
 * cycles, growth, ramped sales, flash crowds, heavy-tailed noise, lagging
 * memory and egress), documented at the top of datagen.c. Rows are made one
 * at a time, so a file of any length streams in constant memory. The same
 * options and seed give the same values on every machine. */
#ifndef SA_DATAGEN_H
#define SA_DATAGEN_H

#include <stdint.h>
#include <stdio.h>
#include "series/calendar.h"
#include "base/err.h"
#include "base/rng.h"
#include "series/series.h"

typedef enum datagen_profile { DATAGEN_SEED, DATAGEN_REALISTIC } datagen_profile;

/* The value columns in output order (the timestamp comes first). */
enum { DG_CPU, DG_MEMORY, DG_NETWORK_IN, DG_NETWORK_OUT, DG_REQUESTS, DG_SALE, DG_COLS };

typedef struct datagen_options {
    datagen_profile profile;
    int days;              /* length; rows = days * 86400 / step */
    int64_t step;          /* seconds between rows (divides 86400) */
    int64_t start;         /* Unix time of the first row */
    uint64_t seed;
    double noise;          /* scale of every random term (1 = normal, 0 = none) */
} datagen_options;

/* The defaults of the tool: realistic, 15 days, 300 s, 2025-01-06 00:00:00
 * (a Monday), seed 42, noise 1. */
datagen_options datagen_defaults(void);

/* Checks opt (days >= 1, step in [1, 86400] dividing 86400, at least two
 * rows). Returns 0, or -1 with e set. */
int datagen_check(const datagen_options *opt, sa_error *e);

/* Number of rows opt makes. */
size_t datagen_rows(const datagen_options *opt);

/* The calendar the profile makes when none is given: the seed's sale days
 * 5, 10, 15, ... (every fifth day, whole days inside the period) or,
 * realistic, a few random sale windows (one per five days or part, at
 * least one) drawn from the seed. c is zeroed first; the caller frees it
 * (calendar_free).
 * Returns 0 or -1 with e set. */
int datagen_calendar(calendar *c, const datagen_options *opt, sa_error *e);

/* Streams all rows, header first, to fp as CSV with 4 decimals. Returns 0,
 * or -1 with e set on a write error. */
int datagen_write(FILE *fp, const datagen_options *opt, const calendar *cal, sa_error *e);

/* Generates all rows into s (columns named as in the CSV, step set, no
 * gaps, source "datagen"). Returns 0, or -1 with e set; s is the caller's
 * (series_free). */
int datagen_series(series *s, const datagen_options *opt, const calendar *cal, sa_error *e);

#endif
