/* blas_threads.h — OpenBLAS's own threads. Apart from parallel.h so that
 * a tool which never calls BLAS (scaleahead-predict) does not link
 * OpenBLAS at all: loading it costs about 2 ms of a process's start. */
#ifndef SA_BLAS_THREADS_H
#define SA_BLAS_THREADS_H

/* Makes OpenBLAS single-threaded (call once, before any GEMM): the tools
 * split the batch over their own threads (parallel.h), which beats
 * threading small GEMMs. */
void blas_threads_single(void);

#endif
