/* loss.c — see loss.h. */
#include "nn/loss.h"

#include <math.h>
#include <string.h>

double mse_forward(const float *y, const float *target, int B)
{
    return loss_forward(LOSS_MSE, y, target, B);
}

void mse_backward(float *dy, const float *y, const float *target, int B, float scale)
{
    loss_backward(LOSS_MSE, dy, y, target, B, scale);
}

double loss_forward(int kind, const float *y, const float *target, int B)
{
    const double delta = LOSS_HUBER_DELTA;
    double s = 0;
    for (int b = 0; b < B; b++) {
        double d = (double)y[b] - target[b], a = fabs(d);
        s += kind == LOSS_L1 ? a
           : kind == LOSS_HUBER ? (a <= delta ? 0.5 * d * d : delta * (a - 0.5 * delta))
           : d * d;
    }
    return s;
}

void loss_backward(int kind, float *dy, const float *y, const float *target, int B,
                   float scale)
{
    const float delta = (float)LOSS_HUBER_DELTA;
    for (int b = 0; b < B; b++) {
        float d = y[b] - target[b], g;
        if (kind == LOSS_L1)
            g = (float)((d > 0) - (d < 0));
        else if (kind == LOSS_HUBER)
            g = d > delta ? delta : d < -delta ? -delta : d;
        else
            g = 2.0f * d;
        dy[b] += scale * g;
    }
}

static const char *const names[] = {"mse", "l1", "huber"};

const char *loss_name(int kind)
{
    return kind >= LOSS_MSE && kind <= LOSS_HUBER ? names[kind] : "?";
}

int loss_by_name(const char *name)
{
    for (int i = LOSS_MSE; i <= LOSS_HUBER; i++)
        if (!strcmp(name, names[i]))
            return i;
    return -1;
}
