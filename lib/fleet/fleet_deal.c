/* fleet_deal.c — see fleet_deal.h. */
#include "fleet/fleet_deal.h"

#include <stdlib.h>
#include <string.h>

#include "base/mpi_comm.h"

typedef struct fleet_msg {
    int has_row;              /* done holds a finished row */
    int want;                 /* asks for one more series */
    int bye;                  /* the rank's last message */
    fleet_done done;
} fleet_msg;

long fleet_deal_next(fleet_deal *d, const volatile sig_atomic_t *stop)
{
    if (d->next == d->n || (stop && *stop))
        return -1;
    d->dealt++;
    return (long)d->order[d->next++];
}

int fleet_deal_serve(fleet_deal *d, fleet_result *r, const fleet_options *o,
                     const volatile sig_atomic_t *stop, sa_error *e)
{
    int handled = 0, from;
    for (int ready; (ready = mpi_comm_poll(&from)) != 0; handled++) {
        void *buf;
        size_t bytes;
        if (ready < 0 || mpi_comm_recv(&buf, &bytes, from))
            return sa_fail(e, "fleet: could not receive from rank %d", from);
        fleet_msg m;
        int whole = bytes == sizeof m;
        if (whole)
            memcpy(&m, buf, sizeof m);
        free(buf);
        if (!whole)
            return sa_fail(e, "fleet: rank %d sent %zu bytes, not a fleet message (a rank "
                           "running another build?)", from, bytes);
        if (m.has_row && fleet_record(r, o, &m.done, d, e))
            return -1;
        d->ranks_left -= m.bye;
        long next = m.want ? fleet_deal_next(d, stop) : 0;
        if (m.want && mpi_comm_send(&next, sizeof next, from))
            return sa_fail(e, "fleet: could not send to rank %d", from);
    }
    return handled;
}

/* Sends m to rank 0 and, when it asks, takes the answer. */
static int talk(const fleet_msg *m, long *next, sa_error *e)
{
    if (mpi_comm_send(m, sizeof *m, 0))
        return sa_fail(e, "fleet: could not send to rank 0");
    if (!m->want)
        return 0;
    void *buf;
    size_t bytes;
    if (mpi_comm_recv(&buf, &bytes, 0) || bytes != sizeof *next) {
        free(buf);
        return sa_fail(e, "fleet: no answer from rank 0");
    }
    memcpy(next, buf, sizeof *next);
    free(buf);
    return 0;
}

int fleet_deal_client(fleet_local *q, int threads, sa_error *e)
{
    int more = 1;
    fleet_msg m;
    memset(&m, 0, sizeof m);
    m.want = 1;
    for (int i = 0; i < threads && more; i++) {
        long next = -1;
        if (talk(&m, &next, e))
            return -1;
        if (next >= 0)
            fleet_local_push(q, (size_t)next);
        more = next >= 0;
    }
    while (fleet_local_busy(q) > 0) {
        if (fleet_local_take(q, &m.done, 1, -1) == 0)
            continue;
        m.has_row = 1;
        m.want = more;
        long next = -1;
        if (talk(&m, &next, e))
            return -1;
        if (more && next >= 0)
            fleet_local_push(q, (size_t)next);
        more = more && next >= 0;
    }
    memset(&m, 0, sizeof m);
    m.bye = 1;
    long unused;
    return talk(&m, &unused, e);
}
