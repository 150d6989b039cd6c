/* mpi_comm.c — see mpi_comm.h. The only file that includes mpi.h. */
#include "base/mpi_comm.h"

#include <stdint.h>
#include <stdlib.h>

#ifdef SA_MPI
#include <mpi.h>

static int joined;   /* mpi_comm_init succeeded */

/* MPI counts are int: larger buffers go in pieces of this many elements. */
#define PIECE ((size_t)1 << 30)

int mpi_comm_init(int *argc, char ***argv)
{
    int provided;
    if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS)
        return -1;
    joined = 1;
    return provided >= MPI_THREAD_FUNNELED ? 0 : -1;
}

int mpi_comm_rank(void)
{
    int r = 0;
    if (joined)
        MPI_Comm_rank(MPI_COMM_WORLD, &r);
    return r;
}

int mpi_comm_size(void)
{
    int s = 1;
    if (joined)
        MPI_Comm_size(MPI_COMM_WORLD, &s);
    return s;
}

/* Allreduce SUM in place of n elements of type t, size bytes each. */
static int sum_in_place(void *buf, size_t n, MPI_Datatype t, size_t size)
{
    if (!joined)
        return 0;
    for (size_t at = 0; at < n; at += PIECE) {
        int count = (int)(n - at < PIECE ? n - at : PIECE);
        if (MPI_Allreduce(MPI_IN_PLACE, (char *)buf + at * size, count, t, MPI_SUM,
                          MPI_COMM_WORLD) != MPI_SUCCESS)
            return -1;
    }
    return 0;
}

int mpi_comm_sum_floats(float *buf, size_t n) { return sum_in_place(buf, n, MPI_FLOAT, sizeof *buf); }

int mpi_comm_sum_doubles(double *buf, size_t n)
{
    return sum_in_place(buf, n, MPI_DOUBLE, sizeof *buf);
}

int mpi_comm_bcast(void *buf, size_t bytes, int root)
{
    if (!joined)
        return 0;
    for (size_t at = 0; at < bytes; at += PIECE) {
        int count = (int)(bytes - at < PIECE ? bytes - at : PIECE);
        if (MPI_Bcast((char *)buf + at, count, MPI_BYTE, root, MPI_COMM_WORLD) != MPI_SUCCESS)
            return -1;
    }
    return 0;
}

int mpi_comm_send(const void *buf, size_t bytes, int to)
{
    if (!joined || to < 0 || to >= mpi_comm_size())
        return -1;
    uint64_t len = bytes;
    if (MPI_Send(&len, 1, MPI_UINT64_T, to, 0, MPI_COMM_WORLD) != MPI_SUCCESS)
        return -1;
    for (size_t at = 0; at < bytes; at += PIECE) {
        int count = (int)(bytes - at < PIECE ? bytes - at : PIECE);
        if (MPI_Send((const char *)buf + at, count, MPI_BYTE, to, 0, MPI_COMM_WORLD) != MPI_SUCCESS)
            return -1;
    }
    return 0;
}

int mpi_comm_recv(void **buf, size_t *bytes, int from)
{
    *buf = NULL;
    *bytes = 0;
    if (!joined || from < 0 || from >= mpi_comm_size())
        return -1;
    uint64_t len;
    if (MPI_Recv(&len, 1, MPI_UINT64_T, from, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE) != MPI_SUCCESS)
        return -1;
    char *data = malloc(len ? len : 1);
    if (!data)
        return -1;
    for (size_t at = 0; at < len; at += PIECE) {
        int count = (int)(len - at < PIECE ? len - at : PIECE);
        if (MPI_Recv(data + at, count, MPI_BYTE, from, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE) !=
            MPI_SUCCESS) {
            free(data);
            return -1;
        }
    }
    *buf = data;
    *bytes = len;
    return 0;
}

int mpi_comm_poll(int *from)
{
    int flag = 0;
    MPI_Status st;
    if (!joined)
        return 0;
    if (MPI_Iprobe(MPI_ANY_SOURCE, 0, MPI_COMM_WORLD, &flag, &st) != MPI_SUCCESS)
        return -1;
    if (flag)
        *from = st.MPI_SOURCE;
    return flag ? 1 : 0;
}

void mpi_comm_abort(int code)
{
    if (joined && mpi_comm_size() > 1)
        MPI_Abort(MPI_COMM_WORLD, code);
}

void mpi_comm_finalize(void)
{
    if (joined)
        MPI_Finalize();
    joined = 0;
}

#else /* one rank: nothing to talk to */

int mpi_comm_init(int *argc, char ***argv) { return 0; }
int mpi_comm_rank(void) { return 0; }
int mpi_comm_size(void) { return 1; }
int mpi_comm_sum_floats(float *buf, size_t n) { return 0; }
int mpi_comm_sum_doubles(double *buf, size_t n) { return 0; }
int mpi_comm_bcast(void *buf, size_t bytes, int root) { return 0; }
int mpi_comm_send(const void *buf, size_t bytes, int to) { return -1; }

int mpi_comm_recv(void **buf, size_t *bytes, int from)
{
    *buf = NULL;
    *bytes = 0;
    return -1;
}

int mpi_comm_poll(int *from) { return 0; }
void mpi_comm_abort(int code) {}
void mpi_comm_finalize(void) {}

#endif
