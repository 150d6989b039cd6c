/* eval_rows.c — the rows of the eval report (evaluation.h,
 * evaluation_add_row): the one piece that both the report (evaluation.c)
 * and its baselines (eval_baselines.c) call, kept apart so that those two
 * do not call each other. */
#include "eval/evaluation.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

int evaluation_add_row(evaluation *ev, const char *name, const char *kind, const double *predicted,
                       sa_error *e)
{
    if (ev->n_rows >= EVALUATION_MAX_ROWS)
        return sa_fail(e, "too many models to report");
    evaluation_row *r = &ev->rows[ev->n_rows++];
    size_t S = ev->steps;
    snprintf(r->name, sizeof r->name, "%s", name);
    snprintf(r->kind, sizeof r->kind, "%s", kind);
    if (!(r->step_mae = calloc(S, sizeof *r->step_mae)))
        return sa_fail(e, "out of memory");
    size_t half = ev->n / 2;
    r->half_mae[0] = r->half_mae[1] = 0;
    for (size_t k = 0; k < ev->n; k++)   /* a path's MAE at each step, and by half */
        for (size_t j = 0; j < S; j++) {
            double a = fabs(ev->actual[k * S + j] - predicted[k * S + j]);
            r->step_mae[j] += a / (double)ev->n;
            r->half_mae[k >= half] += a / (double)((k >= half ? ev->n - half : half) * S);
        }
    return metrics_compute(&r->m, ev->actual, predicted, ev->n * S, e);
}
