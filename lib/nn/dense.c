/* dense.c — dense_forward and dense_backward of layers.h: one sgemm each,
 * apart from layers.c because they are the only ops there that call BLAS
 * (training uses them; inference takes the plain loop, net_forward.c).
 * Sizes: B batch, I inputs per row, O outputs per row. */
#include "nn/layers.h"

#include <cblas.h>
#undef I   /* complex.h's imaginary unit, pulled in by the BLAS headers; I is a size here */

void dense_forward(float *out, const float *in, const float *w, const float *bias,
                   int B, int I, int O)
{
    /* out (B, O) = in (B, I) · w^T (I, O) */
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, B, O, I, 1.0f, in, I, w, I,
                0.0f, out, O);
    for (int b = 0; b < B; b++)
        for (int o = 0; o < O; o++)
            out[(size_t)b * O + o] += bias[o];
}

void dense_backward(float *din, float *dw, float *dbias, const float *dout,
                    const float *in, const float *w, int B, int I, int O)
{
    if (din) /* din (B, I) += dout (B, O) · w (O, I) */
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, B, I, O, 1.0f, dout, O,
                    w, I, 1.0f, din, I);
    /* dw (O, I) += dout^T (O, B) · in (B, I) */
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, O, I, B, 1.0f, dout, O, in, I,
                1.0f, dw, I);
    for (int b = 0; b < B; b++)
        for (int o = 0; o < O; o++)
            dbias[o] += dout[(size_t)b * O + o];
}
