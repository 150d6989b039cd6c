/* optim.c — see optim.h. Sizes: n parameters. */
#include "nn/optim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int adam_init(adam *a, size_t n, sa_error *e)
{
    memset(a, 0, sizeof *a);
    a->m = calloc(n ? n : 1, sizeof *a->m);
    a->v = calloc(n ? n : 1, sizeof *a->v);
    if (!a->m || !a->v) {
        adam_free(a);
        return sa_fail(e, "out of memory for Adam moments of %zu parameters", n);
    }
    a->n = n;
    a->beta1 = 0.9;
    a->beta2 = 0.999;
    a->eps = 1e-8;
    return 0;
}

void adam_step(adam *a, float *params, const float *grads, float lr)
{
    a->t++;
    /* 1 - β in double, then rounded (as torch does): 1.0f - 0.999f would be
     * 1.3e-5 off in float */
    const float b1 = (float)a->beta1, b2 = (float)a->beta2;
    const float one_b1 = (float)(1.0 - a->beta1), one_b2 = (float)(1.0 - a->beta2);
    const double bias1 = 1.0 - pow(a->beta1, (double)a->t);
    const double bias2 = 1.0 - pow(a->beta2, (double)a->t);
    const float step = (float)(lr / bias1);
    const float sqrt_bias2 = (float)sqrt(bias2);
    const float eps = (float)a->eps;
    float *restrict m = a->m, *restrict v = a->v, *restrict p = params;
    const float *restrict gr = grads;
    for (size_t i = 0; i < a->n; i++) {
        float g = gr[i];
        m[i] = b1 * m[i] + one_b1 * g;
        v[i] = b2 * v[i] + one_b2 * g * g;
        p[i] -= step * m[i] / (sqrtf(v[i]) / sqrt_bias2 + eps);
    }
}

void adam_reset(adam *a)
{
    memset(a->m, 0, a->n * sizeof *a->m);
    memset(a->v, 0, a->n * sizeof *a->v);
    a->t = 0;
}

void adam_free(adam *a)
{
    free(a->m);
    free(a->v);
    a->m = a->v = NULL;
    a->n = 0;
}

double clip_grad_norm(float *grads, size_t n, float max_norm)
{
    double sum = 0.0;
    for (size_t i = 0; i < n; i++)
        sum += (double)grads[i] * grads[i];
    double norm = sqrt(sum);
    double coef = max_norm / (norm + 1e-6);
    if (coef < 1.0) {
        float c = (float)coef;
        for (size_t i = 0; i < n; i++)
            grads[i] *= c;
    }
    return norm;
}

void plateau_init(plateau *p, double lr)
{
    p->lr = lr;
    p->best = INFINITY;
    p->bad_epochs = 0;
    p->patience = 5;
    p->factor = 0.5;
    p->threshold = 1e-4;
}

double plateau_step(plateau *p, double val_loss)
{
    if (val_loss < p->best * (1.0 - p->threshold)) {
        p->best = val_loss;
        p->bad_epochs = 0;
    } else
        p->bad_epochs++;
    if (p->bad_epochs > p->patience) {
        double lr = p->lr * p->factor;
        if (p->lr - lr > 1e-8) /* torch ignores changes below its eps 1e-8 */
            p->lr = lr;
        p->bad_epochs = 0;
    }
    return p->lr;
}

void early_stop_init(early_stop *s, int patience)
{
    s->best = INFINITY;
    s->best_epoch = -1;
    s->epoch = 0;
    s->bad_epochs = 0;
    s->patience = patience;
    s->stop = 0;
}

int early_stop_update(early_stop *s, double val_loss)
{
    int improved = val_loss < s->best;
    if (improved) {
        s->best = val_loss;
        s->best_epoch = s->epoch;
        s->bad_epochs = 0;
    } else if (++s->bad_epochs >= s->patience)
        s->stop = 1;
    s->epoch++;
    return improved;
}
