/* test_rng.c — the generator repeats per seed and has the right moments. */
#include "base/rng.h"
#include "harness.h"

int main(void)
{
    rng a, b;
    rng_seed(&a, 42);
    rng_seed(&b, 42);
    int same = 1;
    for (int i = 0; i < 1000; i++)
        same &= rng_next(&a) == rng_next(&b);
    CHECK(same, "rng: same seed, same stream");
    rng_seed(&b, 43);
    CHECK(rng_next(&a) != rng_next(&b), "rng: different seed, different stream");

    double sum = 0, sum2 = 0, usum = 0;
    const int n = 200000;
    for (int i = 0; i < n; i++) {
        double z = rng_normal(&a);
        sum += z;
        sum2 += z * z;
        usum += rng_uniform(&a);
    }
    CHECK_NEAR(sum / n, 0.0, 0.01, "rng: normal mean 0");
    CHECK_NEAR(sum2 / n, 1.0, 0.02, "rng: normal variance 1");
    CHECK_NEAR(usum / n, 0.5, 0.005, "rng: uniform mean 1/2");
    int in_range = 1;
    for (int i = 0; i < 10000; i++)
        in_range &= rng_below(&a, 7) < 7;
    CHECK(in_range, "rng_below stays below n");
    return test_summary();
}
