/* test_fastmath.c — the vectorisable exp, sigmoid and tanh against libm. */
#include <math.h>
#include "base/fastmath.h"
#include "harness.h"

/* NaN goes through the fast exp (the NaN-loss check of training needs it);
 * under UBSan this also shows the exponent arithmetic stays defined. */
static void test_exp_nan(void)
{
    volatile float nan = NAN;
    CHECK(isnan(sa_expf(nan)) && isnan(sa_sigmoidf(nan)) && isnan(sa_tanhf(nan)),
          "sa_expf, sa_sigmoidf, sa_tanhf of NaN are NaN");
}

int main(void)
{
    double worst_exp = 0, worst_sig = 0, worst_tanh = 0;
    for (float x = -87.0f; x <= 88.0f; x += 0.00137f) {
        double want = exp((double)x), got = sa_expf(x);
        double rel = fabs(got - want) / want;
        if (rel > worst_exp) worst_exp = rel;
    }
    for (float x = -30.0f; x <= 30.0f; x += 0.00071f) {
        double s = 1 / (1 + exp(-(double)x));
        double d = fabs(sa_sigmoidf(x) - s);
        if (d > worst_sig) worst_sig = d;
        d = fabs(sa_tanhf(x) - tanh((double)x));
        if (d > worst_tanh) worst_tanh = d;
    }
    printf("# worst: exp rel %.3g, sigmoid abs %.3g, tanh abs %.3g\n", worst_exp, worst_sig, worst_tanh);
    CHECK(worst_exp < 3e-7, "sa_expf within 3e-7 relative of exp over [-87, 88]");
    CHECK(worst_sig < 2e-7, "sa_sigmoidf within 2e-7 of the sigmoid over [-30, 30]");
    CHECK(worst_tanh < 3e-7, "sa_tanhf within 3e-7 of tanh over [-30, 30]");
    CHECK(sa_expf(-1000.0f) > 0 && isfinite(sa_expf(1000.0f)), "sa_expf clamps far arguments");
    CHECK(sa_sigmoidf(-1000.0f) >= 0 && sa_sigmoidf(1000.0f) == 1.0f, "sa_sigmoidf saturates");
    CHECK(sa_tanhf(-1000.0f) == -1.0f && sa_tanhf(1000.0f) == 1.0f, "sa_tanhf saturates");
    test_exp_nan();
    return test_summary();
}
