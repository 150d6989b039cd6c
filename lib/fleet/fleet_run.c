/* fleet_run.c — see fleet.h. The coordinator (each process's main thread,
 * which alone talks MPI) deals series to its worker threads through a
 * queue and takes their rows from an outbox; on rank 0 it also deals to
 * the other ranks (fleet_deal.h) and keeps the table. */
#include "fleet/fleet.h"

#include <errno.h>
#include <stdarg.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "base/message.h"
#include "base/mpi_comm.h"
#include "base/outfile.h"
#include "base/progress.h"
#include "fleet/fleet_deal.h"
#include "fleet/fleet_global.h"
#include "fleet/fleet_series.h"

/* ---- rank 0: the table ------------------------------------------------ */

/* Makes OUTDIR (one level, like mkdir) and checks it is a writable
 * directory. */
static int make_outdir(const char *outdir, sa_error *e)
{
    struct stat st;
    if (outfile_mkdir(outdir, e))
        return -1;
    if (stat(outdir, &st) != 0 || !S_ISDIR(st.st_mode))
        return sa_fail(e, "%s: not a directory", outdir);
    char *table = fleet_table_path(outdir);
    int rc = table ? outfile_check(table, e) : sa_fail(e, "out of memory");
    free(table);
    return rc;
}

/* The rows of the series finished in OUTDIR by an earlier run into
 * r->rows (the others pending); marks them in kept. */
static int keep_finished(const fleet_list *l, const fleet_options *o, fleet_result *r,
                         unsigned char *kept, sa_error *e)
{
    char *table = fleet_table_path(o->outdir);
    fleet_row *old = NULL;
    size_t n_old = 0;
    struct stat st;
    int rc = !table ? sa_fail(e, "out of memory")
             : stat(table, &st) != 0 ? 0 /* nothing finished yet */
             : fleet_table_read(table, &old, &n_old, e);
    for (size_t i = 0; rc == 0 && i < n_old; i++) {
        long k = fleet_list_find(l, old[i].series);
        if (k >= 0 && fleet_series_finished(&l->series[k], o->outdir, &old[i])) {
            r->rows[k] = old[i];
            kept[k] = 1;
            r->n_kept++;
        }
    }
    free(old);
    free(table);
    return rc;
}

/* The deal of the series not kept, largest first. */
static int plan_deal(fleet_deal *d, const fleet_list *l, const unsigned char *kept,
                     sa_error *e)
{
    memset(d, 0, sizeof *d);
    d->order = malloc((l->n ? l->n : 1) * sizeof *d->order);
    if (!d->order || fleet_list_order(l, d->order))
        return sa_fail(e, "out of memory");
    for (size_t i = 0; i < l->n; i++)
        if (!kept[d->order[i]])
            d->order[d->n++] = d->order[i];
    d->ranks_left = mpi_comm_size() - 1;
    return 0;
}

/* Rank 0's coordinator: keeps its workers busy from the deal, serves the
 * other ranks, records every row, until every series dealt is back and
 * every rank has said bye. */
static int coordinate(fleet_deal *d, fleet_local *q, fleet_result *r, const fleet_options *o,
                      sa_error *e)
{
    const int mpi = mpi_comm_size() > 1;
    for (;;) {
        while (fleet_local_busy(q) < o->threads) {
            long next = fleet_deal_next(d, o->stop);
            if (next < 0)
                break;
            fleet_local_push(q, (size_t)next);
        }
        int served = mpi ? fleet_deal_serve(d, r, o, o->stop, e) : 0;
        if (served < 0)
            return -1;
        if (d->finished == d->dealt && d->ranks_left == 0 &&
            (d->next == d->n || (o->stop && *o->stop)))
            return 0;
        fleet_done done[16];
        size_t got = fleet_local_take(q, done, 16, mpi ? (served ? 0 : 1) : -1);
        for (size_t i = 0; i < got; i++)
            if (fleet_record(r, o, &done[i], d, e))
                return -1;
    }
}

/* Rank 0: the table set up (resume), the deal planned, the run. */
static int run_rank0(const fleet_list *l, const fleet_options *o, fleet_result *r,
                     fleet_local *q, sa_error *e)
{
    unsigned char *kept = calloc(l->n ? l->n : 1, 1);
    r->rows = malloc((l->n ? l->n : 1) * sizeof *r->rows);
    if (!kept || !r->rows) {
        free(kept);
        return sa_fail(e, "out of memory");
    }
    r->n = l->n;
    for (size_t i = 0; i < l->n; i++)
        fleet_row_pending(&r->rows[i], l->series[i].name);
    fleet_deal d;
    int rc = o->resume ? keep_finished(l, o, r, kept, e) : 0;
    if (rc == 0)
        rc = plan_deal(&d, l, kept, e);
    free(kept);
    char *table = rc == 0 ? fleet_table_path(o->outdir) : NULL;
    if (rc == 0) /* the table exists from the start: every series pending or kept */
        rc = !table ? sa_fail(e, "out of memory") : fleet_table_write(table, r->rows, r->n, e);
    free(table);
    if (rc == 0 && o->progress && r->n_kept)
        fleet_say("fleet: %zu of %zu series finished before, kept; %zu to train", r->n_kept, l->n,
            d.n);
    if (rc == 0)
        rc = coordinate(&d, q, r, o, e);
    free(d.order);
    return rc;
}

/* OUTDIR/global.h5: kept from an earlier run (resume) when it is there,
 * else trained (every rank) and written (rank 0). Collective. */
static int global_phase(const fleet_list *l, const fleet_options *o, model_file *g,
                        sa_error *e)
{
    char *path = NULL;
    if (asprintf(&path, "%s/global.h5", o->outdir) < 0)
        return sa_fail(e, "out of memory");
    struct stat st;
    int have = o->resume && stat(path, &st) == 0, rc;
    if (have) {
        fleet_io_lock();
        rc = model_load(g, path, e);
        fleet_io_unlock();
    } else {
        if (o->progress)
            fleet_say("fleet: training the global model on the %zu series", l->n);
        double start = progress_now();
        rc = fleet_global_train(l, o, g, e);
        if (rc == 0 && mpi_comm_rank() == 0)
            rc = model_save(g, path, e);
        if (rc == 0 && o->progress)
            fleet_say("fleet: global model written to %s (%.1f s)", path,
                      progress_now() - start);
    }
    free(path);
    return rc;
}

int fleet_train(const fleet_list *l, const fleet_options *options, fleet_result *r,
                sa_error *e)
{
    memset(r, 0, sizeof *r);
    double start = progress_now();
    int rank = mpi_comm_rank(), ok = rank == 0 ? make_outdir(options->outdir, e) == 0 : 1;
    if (mpi_comm_size() > 1 && mpi_comm_bcast(&ok, sizeof ok, 0))
        return sa_fail(e, "fleet: the ranks could not agree to start");
    if (!ok)
        return rank == 0 ? -1 : sa_fail(e, "fleet: rank 0 could not start the run");
    fleet_options with = *options, *o = &with;
    model_file g;
    memset(&g, 0, sizeof g);
    if (o->global && global_phase(l, o, &g, e))
        return -1;
    o->global_model = o->global ? &g : NULL;
    fleet_local q;
    if (fleet_local_init(&q, l, o)) {
        model_free(&g);
        return sa_fail(e, "out of memory");
    }
    int rc = fleet_local_start(&q, o->threads) ? sa_fail(e, "could not start %d threads",
                                                         o->threads) : 0;
    if (rc == 0)
        rc = rank == 0 ? run_rank0(l, o, r, &q, e) : fleet_deal_client(&q, o->threads, e);
    fleet_local_finish(&q);
    model_free(&g);
    for (size_t i = 0; i < r->n; i++)
        r->n_pending += r->rows[i].status == FLEET_PENDING;
    r->seconds = progress_now() - start;
    return rc;
}

void fleet_result_free(fleet_result *r)
{
    free(r->rows);
    memset(r, 0, sizeof *r);
}
