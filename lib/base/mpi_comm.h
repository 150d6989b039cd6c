/* mpi_comm.h — the few MPI operations scaleahead uses for scale-out, behind
 * one small layer so the same source builds with and without Open MPI.
 *
 * Built with SA_MPI (make MPI=1) these call MPI on MPI_COMM_WORLD; built
 * without it they are the single-rank case: rank 0 of 1, reductions and
 * broadcasts leave the buffer as it is, and point-to-point messages cannot
 * happen (there is no other rank). Callers use them unconditionally.
 *
 * Threading: only the thread that called mpi_comm_init may call the others
 * (MPI_THREAD_FUNNELED); worker threads compute, the main thread talks.
 * Ranks are assumed to run the same binary on the same architecture, so
 * structs travel as bytes. */
#ifndef SA_MPI_COMM_H
#define SA_MPI_COMM_H

#include <stddef.h>

/* Joins the MPI job (MPI_Init_thread, FUNNELED); argc and argv may be
 * rewritten by MPI. Without SA_MPI does nothing. Returns 0, or -1 when MPI
 * could not start or lacks funneled thread support. */
int mpi_comm_init(int *argc, char ***argv);

/* This process's rank (0 without MPI or before init). */
int mpi_comm_rank(void);

/* The number of ranks (1 without MPI or before init). */
int mpi_comm_size(void);

/* Sums buf (n floats) element-wise over all ranks, in place, so every rank
 * holds the sum (MPI_Allreduce). Collective. Returns 0, or -1 on an MPI
 * error. */
int mpi_comm_sum_floats(float *buf, size_t n);

/* The same for doubles. */
int mpi_comm_sum_doubles(double *buf, size_t n);

/* Copies bytes bytes of buf on rank root to buf on every rank
 * (MPI_Bcast). Collective. Returns 0, or -1 on an MPI error. */
int mpi_comm_bcast(void *buf, size_t bytes, int root);

/* Sends bytes bytes of buf to rank to (a length, then the bytes), blocking
 * until buf may be reused. Returns 0, or -1 on an MPI error or when there
 * is no such rank. */
int mpi_comm_send(const void *buf, size_t bytes, int to);

/* Receives the next message mpi_comm_send sent from rank from into a new
 * buffer *buf (caller frees) of *bytes bytes. Returns 0, or -1 on an MPI
 * error, out of memory, or when there is no such rank. */
int mpi_comm_recv(void **buf, size_t *bytes, int from);

/* Whether a message mpi_comm_send sent to this rank is waiting, from any
 * rank (MPI_Iprobe, without receiving it): 1 with *from set to the
 * sender, 0 when none is, -1 on an MPI error. Without SA_MPI, 0. For a
 * coordinator that serves other ranks between its own work (fleet.h). */
int mpi_comm_poll(int *from);

/* Ends the whole MPI job with code (MPI_Abort): for a rank that failed
 * where others would wait for it forever. Without SA_MPI, or with one
 * rank, returns without doing anything. */
void mpi_comm_abort(int code);

/* Leaves the MPI job (MPI_Finalize) if mpi_comm_init joined one. */
void mpi_comm_finalize(void);

#endif
