/* kernel_path.h — which instruction-set path the compute kernels take.
 *
 * The build targets the x86-64 baseline, so a binary runs on any x86-64;
 * the hot kernels (nn/kernels.h) are compiled three times, for AVX-512,
 * for AVX2 with FMA and for the baseline, and one of them is chosen once,
 * at the first use, from what the CPU supports (__builtin_cpu_supports):
 * the widest it has. The environment variable SCALEAHEAD_KERNEL
 * (avx512, avx2 or generic) asks for a narrower one; the tests use it, and
 * kernel_path_use, to run every path the machine supports against the
 * naive references. Results differ between paths by float rounding only;
 * on one path they are the same for any thread count. */
#ifndef SA_KERNEL_PATH_H
#define SA_KERNEL_PATH_H

typedef enum {
    KERNEL_GENERIC,   /* x86-64 baseline (SSE2), plain C */
    KERNEL_AVX2,      /* AVX2 + FMA */
    KERNEL_AVX512,    /* AVX-512 F, VL, BW, DQ (with AVX2 + FMA) */
    KERNEL_PATHS      /* how many there are */
} kernel_path;

/* The path in use: on the first call, SCALEAHEAD_KERNEL when it is set to
 * a path this CPU supports, else the widest supported one (an unknown or
 * unsupported value is reported with msg_note and ignored); the same
 * answer on every later call. Safe to call from several threads. */
kernel_path kernel_path_active(void);

/* 1 when this CPU (and its operating system) can run path p, else 0. */
int kernel_path_supported(kernel_path p);

/* Makes p the active path from now on, for the tests. Returns 0, or -1
 * (nothing changed) when the CPU cannot run p. Not thread-safe: call it
 * while no kernel runs. */
int kernel_path_use(kernel_path p);

/* "avx512", "avx2" or "generic": the name SCALEAHEAD_KERNEL takes. */
const char *kernel_path_name(kernel_path p);

/* The path named name, or -1 for a name that is none of them. */
int kernel_path_parse(const char *name);

#endif
