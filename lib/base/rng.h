/* rng.h — a small, seedable, portable random generator (xoshiro256**,
 * seeded through splitmix64). The same seed gives the same stream on every
 * machine, which is what makes runs repeat exactly. */
#ifndef SA_RNG_H
#define SA_RNG_H

#include <stdint.h>

typedef struct rng {
    uint64_t s[4];
    int has_spare;     /* Box-Muller gives normals in pairs */
    double spare;
} rng;

/* Seeds r from one 64-bit seed. */
void rng_seed(rng *r, uint64_t seed);

/* Seeds r from a seed and a stream number, for independent streams
 * (per member, per sequence) that do not depend on scheduling. */
void rng_seed_stream(rng *r, uint64_t seed, uint64_t stream);

/* Next 64 random bits. */
uint64_t rng_next(rng *r);

/* Uniform double in [0, 1). */
double rng_uniform(rng *r);

/* Normal with mean 0 and standard deviation 1. */
double rng_normal(rng *r);

/* Uniform integer in [0, n), n > 0, without modulo bias. */
uint64_t rng_below(rng *r, uint64_t n);

/* One splitmix64 step: a well-mixed hash of x (for deriving seeds). */
uint64_t rng_mix(uint64_t x);

#endif
