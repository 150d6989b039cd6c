/* window.c — see window.h. */
#include "features/window.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int window_build(window_set *w, const series *s, size_t seq_len, size_t horizon, sa_error *e)
{
    memset(w, 0, sizeof *w);
    w->seq_len = seq_len;
    w->horizon = horizon;
    size_t span = seq_len + horizon; /* rows a window touches */
    if (seq_len < 1)
        return sa_fail(e, "sequence length must be at least 1");
    /* "%.0zu" prints nothing for 0: windows without a target (predict)
     * have no horizon to name. */
    if (s->n_rows < span)
        return sa_fail(e, "%s: %zu row%s too few for windows of %zu steps%s%.0zu",
                       s->source ? s->source : "data", s->n_rows, s->n_rows == 1 ? " is" : "s are",
                       seq_len, horizon ? " plus horizon " : "", horizon);
    w->end = malloc((s->n_rows - span + 1) * sizeof *w->end);
    if (!w->end)
        return sa_fail(e, "out of memory for %zu windows", s->n_rows - span + 1);
    /* run = rows since the last gap, including this one: a window ending at t
     * with its target at t + horizon is complete when the run at t + horizon
     * covers all span rows. */
    size_t run = 0;
    for (size_t r = 0; r < s->n_rows; r++) {
        run = (s->gap_before && s->gap_before[r]) ? 1 : run + 1;
        if (run >= span)
            w->end[w->n++] = r - horizon;
    }
    if (w->n == 0) {
        window_free(w);
        return sa_fail(e, "%s: no complete window of %zu steps%s%.0zu between gaps",
                       s->source ? s->source : "data", seq_len, horizon ? " plus horizon " : "",
                       horizon);
    }
    w->n_test = w->n;
    return 0;
}

int window_split(window_set *w, double train, double trainval, sa_error *e)
{
    if (!(train > 0 && train < trainval && trainval <= 1))
        return sa_fail(e, "split %g,%g (train, validation): need both above 0 and a sum of at "
                       "most 1", train, trainval - train);
    size_t a = (size_t)floor(train * (double)w->n);
    size_t b = (size_t)floor(trainval * (double)w->n);
    if (a == 0 || b == a)
        return sa_fail(e, "%zu windows are too few to split %g/%g/%g", w->n, train,
                       trainval - train, 1 - trainval);
    w->n_train = a;
    w->n_val = b - a;
    w->n_test = w->n - b;
    return 0;
}

int window_split_at(window_set *w, const int64_t *time, int64_t val_start, int64_t test_start,
                    sa_error *e)
{
    size_t a = 0, b;
    while (a < w->n && time[w->end[a] + w->horizon] < val_start)
        a++;
    for (b = a; b < w->n && time[w->end[b] + w->horizon] < test_start; b++)
        ;
    if (a == 0 || b == a)
        return sa_fail(e, "no %s window before the split times the model recorded",
                       a == 0 ? "training" : "validation");
    w->n_train = a;
    w->n_val = b - a;
    w->n_test = w->n - b;
    return 0;
}

void window_free(window_set *w)
{
    free(w->end);
    memset(w, 0, sizeof *w);
}
