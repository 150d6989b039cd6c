/* hw_series.c — Holt-Winters (model/holtwinters.h) on one series, for the
 * comparison with statsmodels in bench/hw_compare.py: reads one number a
 * line from stdin, fits on the first N_TRAIN rows with a season of PERIOD
 * rows (when they hold two), and prints the fitted parameters as a '#'
 * line, then for every row t the one-step forecast of row t made at t - 1
 * (empty for row 0).
 *
 * With ALPHA BETA GAMMA PHI given it does not fit: it runs the recursion
 * with those parameters (the season when N_TRAIN rows hold two), so the
 * forecasts can be compared with statsmodels' for the same parameters.
 *
 * usage: hw_series N_TRAIN PERIOD [ALPHA BETA GAMMA PHI] < values */
#include <stdio.h>
#include <stdlib.h>

#include "model/holtwinters.h"

int main(int argc, char **argv)
{
    if (argc != 3 && argc != 7) {
        fprintf(stderr, "usage: hw_series N_TRAIN PERIOD [ALPHA BETA GAMMA PHI] < values\n");
        return 2;
    }
    size_t n_train = strtoul(argv[1], NULL, 10), period = strtoul(argv[2], NULL, 10);
    size_t n = 0, cap = 1024;
    double *y = malloc(cap * sizeof *y), v;
    while (y && scanf("%lf", &v) == 1) {
        if (n == cap)
            y = realloc(y, (cap *= 2) * sizeof *y);
        if (y)
            y[n++] = v;
    }
    size_t *ends = malloc((n ? n : 1) * sizeof *ends);
    double *out = malloc((n ? n : 1) * sizeof *out);
    if (!y || !ends || !out || n_train > n || n < 2) {
        fprintf(stderr, "hw_series: bad input (%zu values, N_TRAIN %zu)\n", n, n_train);
        return 1;
    }
    holt_winters m;
    sa_error e;
    for (size_t t = 0; t + 1 < n; t++)
        ends[t] = t;
    int fit = argc == 3;
    if (!fit)
        m = (holt_winters){atof(argv[3]), atof(argv[4]), atof(argv[5]), atof(argv[6]),
                           hw_season_for(n_train, period), 0, 0};
    if ((fit && hw_fit(&m, y, n_train, period, &e)) || hw_forecast(&m, y, n, ends, n - 1, 1, out, &e)) {
        fprintf(stderr, "hw_series: %s\n", e.msg);
        return 1;
    }
    printf("# alpha %.6f beta %.6f gamma %.6f phi %.6f period %zu sse %.6g\n", m.alpha, m.beta,
           m.gamma, m.phi, m.period, m.sse);
    printf("\n");
    for (size_t t = 0; t + 1 < n; t++)
        printf("%.17g\n", out[t]);
    free(y);
    free(ends);
    free(out);
    return 0;
}
