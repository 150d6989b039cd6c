/* scaling_limits.h — what the engine does to every policy's answer before
 * acting on it, the same for reactive, predictive (seed rule and quantile),
 * target, target-predictive and scheduled: the scale-in stabilisation
 * window and the largest change one action may make (the `behavior` of a
 * Kubernetes HorizontalPodAutoscaler).
 *
 * Stabilisation (HPA's scale-down stabilizationWindowSeconds): every step,
 * the policy's unstabilised answer (its recommendation) is remembered with
 * its time. An answer at or above the current fleet is taken as it is
 * (scale-out is never delayed); an answer below it is raised to the
 * highest recommendation of the last W seconds — those at times t' with
 * t - W <= t' <= t, the current one included — and never above the
 * current fleet. So the fleet shrinks only when every recommendation of
 * the whole window asked for less, and then only to the largest of them.
 * W = 0 keeps the recommendations of this instant only (no stabilisation).
 *
 * Maximum change (HPA's scaling policies, one period per action): a change
 * larger than max_step instances — or, given as a percentage, larger than
 * ceil(max_step_pct % of the fleet before the action), at least 1 — is cut
 * to that size, in either direction; 0 sets no limit.
 *
 * Sizes: K recommendations kept (at most the steps of one window). */
#ifndef SA_SCALING_LIMITS_H
#define SA_SCALING_LIMITS_H

#include <stddef.h>
#include "base/err.h"

/* The recommendations of the window that can still be its maximum: a
 * queue of (time, size) with sizes strictly decreasing from the front
 * (the front is the maximum), so a push and the maximum cost O(1)
 * amortised. Zero it before the first push. */
typedef struct scaling_window {
    double *time;            /* (cap) */
    int *size;               /* (cap) */
    size_t start, n, cap;    /* live entries are [start, n) */
} scaling_window;

/* Remembers the recommendation `size` made at time t (times never
 * decrease) and forgets those made before t - span. Returns 0, or -1 when
 * out of memory (the window unchanged). */
int scaling_window_push(scaling_window *w, double t, int size, double span);

/* The highest recommendation in the window; 0 when it is empty. */
int scaling_window_max(const scaling_window *w);

/* Frees the window's memory and zeroes it. */
void scaling_window_free(scaling_window *w);

/* The stabilised answer for a fleet of `fleet` whose policy recommends
 * rec now, w holding rec already (scaling_window_push first): rec when
 * rec >= fleet, else min(fleet, the window's highest). */
int scaling_stabilize(const scaling_window *w, int fleet, int rec);

/* desired with its distance from fleet cut to the largest change allowed
 * (max_step instances, or max_step_pct % of fleet rounded up and at least
 * 1; 0 for no limit; at most one of them non-zero). */
int scaling_limit_step(int fleet, int desired, int max_step, double max_step_pct);

/* Parses --max-step: "N" (instances, N >= 0) into *max_step or "P%"
 * (0 <= P <= 1000) into *max_step_pct, zeroing the other. Returns 0, or -1
 * with e set naming the text. */
int scaling_parse_max_step(const char *text, int *max_step, double *max_step_pct, sa_error *e);

#endif
