/* fleet_record.c — a finished row into the fleet's result and table
 * (fleet_deal.h, fleet_record): called by the coordinator of fleet_run.c
 * for its own workers' rows and by fleet_deal.c for the other ranks',
 * apart from both so that those two do not call each other. */
#include "fleet/fleet_deal.h"

#include <stdlib.h>

#include "fleet/fleet_files.h"
#include "fleet/fleet_table.h"

int fleet_record(fleet_result *r, const fleet_options *o, const fleet_done *d,
                 fleet_deal *deal, sa_error *e)
{
    const fleet_row *row = &d->row;
    r->rows[d->index] = *row;
    r->n_ok += row->status == FLEET_OK;
    r->n_failed += row->status == FLEET_FAILED;
    deal->finished++;
    char *table = fleet_table_path(o->outdir);
    if (!table)
        return sa_fail(e, "out of memory");
    fleet_io_lock();
    int rc = fleet_table_write(table, r->rows, r->n, e);
    fleet_io_unlock();
    free(table);
    size_t done = r->n_ok + r->n_failed + r->n_kept, total = r->n;
    if (o->progress && row->status == FLEET_OK)
        fleet_say("fleet %zu/%zu: %s: %s, skill %+.1f %%, %.1f s", done, total, row->series,
            row->model, 100 * row->skill, row->seconds);
    else if (o->progress && row->status == FLEET_FAILED)
        fleet_say("fleet %zu/%zu: %s FAILED: %s", done, total, row->series, row->message);
    return rc;
}
