/* bench_features.c — feature-matrix throughput: feat_build (lib/features.h)
 * of the 16 seed features over an in-memory series of ROWS rows at a
 * 5-minute step (a daily cycle plus noise in cpu, network and requests, a
 * sale flag), so only the feature computation is timed, not CSV reading.
 *
 * Prints the median over BENCH_REPS builds (after one warm-up build) of
 *   features_rows_s   input rows per second
 *
 * usage: bench_features [ROWS]   (default 1000000) */
#include <math.h>

#include "bench_util.h"
#include "features/features.h"
#include "base/rng.h"

int main(int argc, char **argv)
{
    bench_usage(argc, 1, 2, "bench_features [ROWS]");
    long rows = argc > 1 ? atol(argv[1]) : 1000000;
    if (rows < 2) {
        fprintf(stderr, "bench_features: ROWS must be at least 2\n");
        return 2;
    }
    size_t R = (size_t)rows;
    static const char *names[] = {"cpu_utilization", "network_in", "request_count",
                                  "is_sale_active"};
    const size_t C = sizeof names / sizeof names[0];
    double *cols[4];
    series s = {0};
    s.n_rows = R;
    s.n_cols = C;
    s.col_name = (char **)names;
    s.col = cols;
    s.time = malloc(R * sizeof *s.time);
    s.line = malloc(R * sizeof *s.line);
    s.filled = calloc(R, 1);
    s.gap_before = calloc(R, 1);
    s.step = 300;
    s.source = "bench";
    for (size_t c = 0; c < C; c++)
        cols[c] = malloc(R * sizeof(double));
    if (!s.time || !s.line || !s.filled || !s.gap_before || !cols[0] || !cols[1] || !cols[2] ||
        !cols[3]) {
        fprintf(stderr, "bench_features: out of memory for %zu rows\n", R);
        return 1;
    }
    rng r;
    rng_seed(&r, 3);
    for (size_t t = 0; t < R; t++) {
        double day = sin(2.0 * M_PI * (double)(t % 288) / 288.0);
        s.time[t] = 1700000000 + (int64_t)t * 300;
        s.line[t] = (long)t + 2;
        cols[0][t] = 50.0 + 20.0 * day + 5.0 * rng_normal(&r);
        cols[1][t] = 1000.0 + 400.0 * day + 50.0 * rng_normal(&r);
        cols[2][t] = 500.0 + 200.0 * day + 30.0 * rng_normal(&r);
        cols[3][t] = (t / 2000) % 10 == 0;
    }
    double rate[BENCH_REPS];
    for (int k = -1; k < BENCH_REPS; k++) {   /* k = -1: warm-up */
        feat_matrix m;
        sa_error e;
        double t0 = bench_now();
        if (feat_build(&m, &s, "cpu_utilization", NULL, 0, NULL, NULL, 1, NULL, &e)) {
            fprintf(stderr, "bench_features: %s\n", e.msg);
            return 1;
        }
        double dt = bench_now() - t0;
        if (k >= 0)
            rate[k] = (double)R / dt;
        if (m.n_feat != FEAT_SEED_COUNT) {
            fprintf(stderr, "bench_features: built %zu features, expected %d\n", m.n_feat,
                    FEAT_SEED_COUNT);
            return 1;
        }
        feat_free(&m);
    }
    printf("# features: %zu rows, %d seed features\n", R, FEAT_SEED_COUNT);
    bench_report("features_rows_s", bench_median(rate, BENCH_REPS), "rows/s");
    for (size_t c = 0; c < C; c++)
        free(cols[c]);
    free(s.time);
    free(s.line);
    free(s.filled);
    free(s.gap_before);
    return 0;
}
