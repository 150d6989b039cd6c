/* compare.h — running a replay through several policies side by side, and
 * the quantile sweep: the quantile policy at each level beside reactive and
 * target tracking. */
#ifndef SA_COMPARE_H
#define SA_COMPARE_H

#include <stdio.h>
#include "base/err.h"
#include "sim/replay.h"

/* The policies to run for the name arg: one, or with "all" every one the
 * inputs allow (forecasts, a calendar). Returns the count, or -1 for an
 * unknown name. */
int sim_pick_policies(const char *arg, int has_forecast, int has_calendar, policy_kind *out);

/* Runs each of the n policies on r's trace with c (the quantile policy on
 * r->upper[0]) into out (n, each freed by sim_result_free; on failure all
 * are freed). Returns 0, or -1 with e set. */
int sim_compare(const replay *r, const policy_kind *kinds, int n, const sim_config *c,
                sim_result *out, sa_error *e);

/* The sweep: the quantile policy at each of r's levels (levels[k] on
 * r->upper[k]), then reactive and target, into out (r->n_levels + 2).
 * Returns 0, or -1 with e set (all freed). */
int sim_sweep(const replay *r, const double *levels, const sim_config *c, sim_result *out,
              sa_error *e);

#endif
