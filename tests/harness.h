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

/* CHECK(cond, name...) records one check. */
#define CHECK(cond, ...)                                                      \
    do {                                                                      \
        if (cond) {                                                           \
            printf("ok ");                                                    \
            printf(__VA_ARGS__);                                              \
            printf("\n");                                                     \
        } else {                                                              \
            harness_failed++;                                                 \
            printf("FAIL ");                                                  \
            printf(__VA_ARGS__);                                              \
            printf(" (%s:%d: %s)\n", __FILE__, __LINE__, #cond);              \
        }                                                                     \
    } while (0)

/* CHECK_NEAR(a, b, tol, name...) passes when |a - b| <= tol. */
#define CHECK_NEAR(a, b, tol, ...)                                            \
    do {                                                                      \
        double a_ = (a), b_ = (b);                                            \
        if (fabs(a_ - b_) <= (tol)) {                                         \
            printf("ok ");                                                    \
            printf(__VA_ARGS__);                                              \
            printf("\n");                                                     \
        } else {                                                              \
            harness_failed++;                                                 \
            printf("FAIL ");                                                  \
            printf(__VA_ARGS__);                                              \
            printf(" (%s:%d: %.9g vs %.9g, tol %g)\n", __FILE__, __LINE__,    \
                   a_, b_, (double)(tol));                                    \
        }                                                                     \
    } while (0)

static inline int test_summary(void) { return harness_failed ? 1 : 0; }

#endif
