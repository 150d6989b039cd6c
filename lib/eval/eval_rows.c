/* eval_rows.c — the rows of the eval report (evaluation.h,
 * evaluation_add_row): the one piece that both the report (evaluation.c)
 * and its baselines (eval_baselines.c) call, kept apart so that those two
 * do not call each other. */
#include "eval/evaluation.h"

#include <stdio.h>

int evaluation_add_row(evaluation *ev, const char *name, const char *kind, const double *predicted,
                       sa_error *e)
{
    if (ev->n_rows >= EVALUATION_MAX_ROWS)
        return sa_fail(e, "too many models to report");
    evaluation_row *r = &ev->rows[ev->n_rows++];
    snprintf(r->name, sizeof r->name, "%s", name);
    snprintf(r->kind, sizeof r->kind, "%s", kind);
    return metrics_compute(&r->m, ev->actual, predicted, ev->n, e);
}
