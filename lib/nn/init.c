/* init.c — net_init_weights of net.h, apart from net.c so that a tool that
 * only loads trained weights (predict) does not link LAPACKE: with
 * --as-needed its process then loads no LAPACK, gfortran or quadmath at
 * start-up. Sizes: H hidden; tensors as net.h lays them out. */
#include "nn/net.h"

#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/rng.h"

/* Glorot/Xavier uniform on a (rows, cols) tensor, as torch's
 * xavier_uniform_: U(-a, a), a = sqrt(6 / (fan_in + fan_out)). */
static void glorot_uniform(float *w, size_t rows, size_t cols, rng *r)
{
    double a = sqrt(6.0 / (double)(rows + cols));
    for (size_t i = 0; i < rows * cols; i++)
        w[i] = (float)((2.0 * rng_uniform(r) - 1.0) * a);
}

/* w (H, H) = Q of the QR factorisation of a Gaussian matrix, with the
 * columns' signs fixed by diag(R) so Q is uniformly distributed (torch's
 * orthogonal_ does the same). */
static int orthogonal(float *w, int H, rng *r, sa_error *e)
{
    float *a = malloc((size_t)H * H * sizeof *a);
    float *tau = malloc((size_t)H * sizeof *tau);
    float *sign = malloc((size_t)H * sizeof *sign);
    int rc = 0;
    if (!a || !tau || !sign) {
        rc = sa_fail(e, "out of memory for orthogonal initialisation");
        goto done;
    }
    for (size_t i = 0; i < (size_t)H * H; i++)
        a[i] = (float)rng_normal(r);
    lapack_int info = LAPACKE_sgeqrf(LAPACK_COL_MAJOR, H, H, a, H, tau);
    if (info != 0) {
        rc = sa_fail(e, "orthogonal initialisation: sgeqrf failed (info %d)", (int)info);
        goto done;
    }
    for (int j = 0; j < H; j++)
        sign[j] = a[(size_t)j * H + j] < 0.0f ? -1.0f : 1.0f;
    info = LAPACKE_sorgqr(LAPACK_COL_MAJOR, H, H, H, a, H, tau);
    if (info != 0) {
        rc = sa_fail(e, "orthogonal initialisation: sorgqr failed (info %d)", (int)info);
        goto done;
    }
    for (int i = 0; i < H; i++)     /* a is column-major: Q(i, j) = a[j H + i] */
        for (int j = 0; j < H; j++)
            w[(size_t)i * H + j] = a[(size_t)j * H + i] * sign[j];
done:
    free(a);
    free(tau);
    free(sign);
    return rc;
}

/* One loop over the tensor table, in its order (the generator's draws
 * follow it): a recurrent weight (4H, H) is four orthogonal (H, H) gate
 * blocks, every other matrix Glorot-uniform but the highway's (0), biases 0
 * but the forget slice of bias_ih. */
int net_init_weights(net *n, uint64_t seed, sa_error *e)
{
    const int H = n->cfg.arch.hidden;
    rng r;
    rng_seed(&r, seed);
    memset(n->params, 0, n->n_params * sizeof *n->params);
    for (size_t k = 0; k < n->n_tensors; k++) {
        const net_tensor *t = &n->tensors[k];
        float *w = n->params + t->offset;
        if (!strncmp(t->name, "lstm.weight_hh_", 15)) {
            for (int gate = 0; gate < 4; gate++)
                if (orthogonal(w + (size_t)gate * H * H, H, &r, e) < 0)
                    return -1;
        } else if (!strncmp(t->name, "lstm.bias_ih_", 13)) {
            for (int j = 0; j < H; j++)
                w[H + j] = 1.0f;   /* forget gate: remember by default */
        } else if (!strncmp(t->name, "highway.", 8)) {
            ;   /* starts at zero: the forecast starts as the rest of the network */
        } else if (t->ndim == 2) {
            glorot_uniform(w, t->rows, t->cols, &r);
        }
    }
    return 0;
}
