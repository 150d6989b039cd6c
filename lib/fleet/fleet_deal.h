/* fleet_deal.h — how a fleet run deals its series: the deal itself (the
 * series in dealing order, largest first, and a cursor), and the messages
 * between rank 0, which deals and keeps the table, and the other ranks,
 * which ask for a series whenever one of their workers is free and send
 * each finished row back (master/worker, dynamic: a rank with fast series
 * simply asks more often). Internal to lib/fleet.
 *
 * Messages (mpi_comm_send, raw bytes: the ranks run one binary): a rank
 * sends fleet_msg — a finished row, a request for one more series, or its
 * last word (bye) — and rank 0 answers each request with the index of the
 * next series, or -1 when there is none left (or the run is stopping). */
#ifndef SA_FLEET_DEAL_H
#define SA_FLEET_DEAL_H

#include <signal.h>
#include <stddef.h>
#include "fleet/fleet.h"
#include "fleet/fleet_local.h"

typedef struct fleet_deal {
    size_t *order;            /* (N) series indices to deal, largest first, owned */
    size_t n, next;           /* how many; the next to deal */
    size_t dealt, finished;   /* given out (here or to a rank); rows back */
    int ranks_left;           /* other ranks that have not said bye */
} fleet_deal;

/* The index of the next series to deal, or -1 when none is left or stop
 * is set. */
long fleet_deal_next(fleet_deal *d, const volatile sig_atomic_t *stop);

/* Rank 0: handles every message waiting from the other ranks: records each
 * row (fleet_record), answers each request (fleet_deal_next). Returns the
 * count handled, or -1 with e set. */
int fleet_deal_serve(fleet_deal *d, fleet_result *r, const fleet_options *o,
                     const volatile sig_atomic_t *stop, sa_error *e);

/* A rank other than 0: asks rank 0 for series, one per free worker of q,
 * hands them to q, sends every row back, and says bye when rank 0 has no
 * more and q is idle. Returns 0, or -1 with e set. */
int fleet_deal_client(fleet_local *q, int threads, sa_error *e);

/* Records a finished row in r (rank 0): the counts, the table rewritten
 * (OUTDIR/fleet.csv), a progress line when o->progress. Returns 0, or -1
 * with e set (the table could not be written). */
int fleet_record(fleet_result *r, const fleet_options *o, const fleet_done *d,
                 fleet_deal *deal, sa_error *e);

#endif
