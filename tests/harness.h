/* harness.h — a tiny test harness for the C tests.
 *
 * Each check prints "ok NAME" or "FAIL NAME: why"; tests/run.sh counts the
 * lines across all test programs. A test program returns test_summary(),
 * non-zero when any check failed. */
#ifndef SA_HARNESS_H
#define SA_HARNESS_H

#include <math.h>
#include <stdio.h>

static int harness_failed;

/* Printed after "ok " / "FAIL " of every check: the kernel path under test
 * while harness_each_path runs, else nothing. */
static const char *harness_prefix = "";

/* Starts a check's line: "ok " or "FAIL " (counted) and the prefix.
 * Returns ok. */
static inline int harness_begin(int ok)
{
    if (!ok)
        harness_failed++;
    printf("%s%s", ok ? "ok " : "FAIL ", harness_prefix);
    return ok;
}

/* CHECK(cond, name...) records one check. */
#define CHECK(cond, ...)                                                      \
    do {                                                                      \
        int harness_ok_ = harness_begin((cond) ? 1 : 0);                      \
        printf(__VA_ARGS__);                                                  \
        if (harness_ok_)                                                      \
            printf("\n");                                                     \
        else                                                                  \
            printf(" (%s:%d: %s)\n", __FILE__, __LINE__, #cond);              \
    } while (0)

/* CHECK_NEAR(a, b, tol, name...) passes when |a - b| <= tol. */
#define CHECK_NEAR(a, b, tol, ...)                                            \
    do {                                                                      \
        double a_ = (a), b_ = (b);                                            \
        int harness_ok_ = harness_begin(fabs(a_ - b_) <= (tol));              \
        printf(__VA_ARGS__);                                                  \
        if (harness_ok_)                                                      \
            printf("\n");                                                     \
        else                                                                  \
            printf(" (%s:%d: %.9g vs %.9g, tol %g)\n", __FILE__, __LINE__,    \
                   a_, b_, (double)(tol));                                    \
    } while (0)

static inline int test_summary(void) { return harness_failed ? 1 : 0; }

#ifdef HARNESS_KERNEL_PATHS
#include "base/kernel_path.h"

/* Runs fn once on each kernel path this CPU supports (base/kernel_path.h),
 * that path active and its name before every check ("[avx2] ..."); says
 * which paths it skipped. Leaves the widest supported path active. */
static inline void harness_each_path(void (*fn)(void))
{
    static char prefix[KERNEL_PATHS][24];
    for (int p = 0; p < KERNEL_PATHS; p++) {
        if (kernel_path_use(p) < 0) {
            printf("# kernel path %s: not supported by this CPU, not tested\n",
                   kernel_path_name(p));
            continue;
        }
        snprintf(prefix[p], sizeof prefix[p], "[%s] ", kernel_path_name(p));
        harness_prefix = prefix[p];
        fn();
    }
    harness_prefix = "";
}
#endif

#endif
