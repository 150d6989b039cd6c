/* window.h — training windows as indices into the feature matrix
 * (docs/design.md §6), never copies.
 *
 * A window is T consecutive rows ending at row t (its "end"); its target is
 * the target at row t + horizon. A window exists only when rows
 * t-T+1 .. t+horizon are all present without a gap between them. Windows
 * are split chronologically: the first floor(train·W) train, up to
 * floor(trainval·W) validate, the rest test. Sizes: W windows. */
#ifndef SA_WINDOW_H
#define SA_WINDOW_H

#include <stddef.h>
#include "base/err.h"
#include "series/series.h"

typedef struct window_set {
    size_t seq_len;          /* T */
    size_t horizon;          /* steps ahead */
    size_t n;                /* W */
    size_t *end;             /* (W) row of the last input of each window, ascending */
    size_t n_train, n_val, n_test;   /* consecutive parts of end[] */
} window_set;

/* Collects every complete window of s (rows need not be read again: only
 * s->n_rows and s->gap_before are used). All windows count as test until
 * window_split is called. Returns 0, or -1 with e set when there is no
 * complete window (too few rows for seq_len + horizon, or gaps everywhere). */
int window_build(window_set *w, const series *s, size_t seq_len, size_t horizon, sa_error *e);

/* Splits chronologically at floor(train·W) and floor(trainval·W). Returns
 * 0, or -1 with e set when a part would be empty (too little data). */
int window_split(window_set *w, double train, double trainval, sa_error *e);

/* Splits at target times, as a model's split_time records them: windows
 * whose target (time[end + horizon]) is before val_start train, before
 * test_start validate, the rest test (for a file that has grown since
 * training: the old parts stay, the new rows join the test part). Returns
 * 0, or -1 with e set when the training or validation part is empty. */
int window_split_at(window_set *w, const int64_t *time, int64_t val_start, int64_t test_start,
                    sa_error *e);

/* How many steps ahead output s (0-based) of a model with steps outputs
 * and horizon forecasts: horizon - steps + 1 + s. A one-output model
 * (steps 1) forecasts horizon steps ahead; a path model (steps S, whose
 * horizon is S) forecasts steps 1..S. The one rule every layer uses to
 * find the row a forecast is for (issue 23). */
static inline size_t window_step_ahead(size_t horizon, size_t steps, size_t s)
{
    return horizon + 1 + s - steps;
}

/* Index of the first window of each part. */
static inline size_t window_val_start(const window_set *w) { return w->n_train; }
static inline size_t window_test_start(const window_set *w) { return w->n_train + w->n_val; }

void window_free(window_set *w);

#endif
