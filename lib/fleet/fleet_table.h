/* fleet_table.h — the fleet table, OUTDIR/fleet.csv: one row per series of
 * a `scaleahead-train --fleet` run, sorted by series name, with a header:
 *
 *   series           the series' name (fleet_list.h); its model is NAME.h5
 *   rows             rows of its data
 *   model            the forecaster kept (--arch auto's choice: a network
 *                    preset, "global", or a baseline), or the arch trained
 *   val_mae          that forecaster's MAE on the validation part
 *   test_mae         its MAE on the test part (target units)
 *   persistence_mae  persistence's MAE on the same test windows
 *   skill            1 - test_mae / persistence_mae
 *   coverage         the fraction of test actuals inside the model's 90 %
 *                    conformal interval
 *   seconds          wall time of the series (every candidate, the file)
 *   status           ok, failed, or pending (not finished: the run was
 *                    stopped; --resume trains it)
 *   message          why a series failed, one line; empty when ok
 *
 * Numbers are empty where undefined (a failed series; skill where
 * persistence is exact; coverage without test windows). Sizes: N rows. */
#ifndef SA_FLEET_TABLE_H
#define SA_FLEET_TABLE_H

#include <stddef.h>
#include <stdio.h>
#include "base/err.h"
#include "fleet/fleet_list.h"

enum fleet_status { FLEET_PENDING, FLEET_OK, FLEET_FAILED };

#define FLEET_MAX_MESSAGE 512

typedef struct fleet_row {
    char series[FLEET_MAX_NAME];
    long rows;
    char model[32];
    double val_mae, test_mae, persistence_mae, skill, coverage, seconds;  /* NaN: undefined */
    int status;                       /* enum fleet_status */
    char message[FLEET_MAX_MESSAGE];  /* one line */
} fleet_row;

/* The header line of fleet.csv, without the line end. */
extern const char fleet_table_header[];

/* A pending row for series name: numbers NaN, rows 0. */
void fleet_row_pending(fleet_row *r, const char *name);

/* Writes the n rows to fp as fleet.csv (the header, then each row in the
 * order given; the message quoted when it holds a comma or a quote).
 * Returns 0, or -1 on a write error (errno). */
int fleet_table_print(FILE *fp, const fleet_row *rows, size_t n);

/* Writes the table to path atomically (outfile.h). Returns 0, or -1 with
 * e set. */
int fleet_table_write(const char *path, const fleet_row *rows, size_t n, sa_error *e);

/* Reads fleet.csv at path into a new array *rows (caller frees) of *n rows
 * in file order. Returns 0, or -1 with e set (unreadable, not a fleet
 * table: "FILE:LINE: ..."). */
int fleet_table_read(const char *path, fleet_row **rows, size_t *n, sa_error *e);

/* Name of a status, and back (-1 when unknown). */
const char *fleet_status_name(int status);
int fleet_status_by_name(const char *name);

#endif
