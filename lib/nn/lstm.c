/* lstm.c — see lstm.h.
 * Sizes: T steps, B batch, I inputs of the layer, H hidden; G = 4H gate
 * pre-activations per row, in PyTorch's order i, f, g, o. */
#include "nn/lstm.h"

#include <cblas.h>
#undef I   /* complex.h's imaginary unit, pulled in by the BLAS headers; I is a size here */
#include <math.h>
#include <string.h>

#include "kernel/gemm.h"
#include "kernel/kernels.h"

/* The fast path's cells are the active path's (nn/kernels.h), with the
 * vectorised exp of fastmath.h; the naive reference keeps libm and the
 * tests hold the two within 1e-5.
 *
 * The biases are folded into the products: the gate rows start as
 * b_ih + b_hh and the input sgemm adds onto them (beta = 1), so the cell
 * loops never see a bias.
 *
 * The per-step recurrent products (B rows) go through gemm_nn (gemm.h),
 * which wants its right factor row-major: backward's w_hh (4H, H) is, and
 * forward transposes w_hh once per call into w_hh_t (H, 4H). */

size_t lstm_scratch_size(int T, int B, int H)
{
    return (size_t)T * B * 4 * H + 2 * (size_t)B * H + 4 * (size_t)H;
}

void lstm_forward(const lstm_cache *saved, float *w_hh_t, const float *x,
                  const lstm_weights *p, int T, int B, int I, int H)
{
    float *hs = saved->hs, *cs = saved->cs, *tanh_c = saved->tanh_c, *gates = saved->gates;
    const float *w_ih = p->w_ih, *w_hh = p->w_hh, *b_ih = p->b_ih, *b_hh = p->b_hh;
    const int G = 4 * H;
    const size_t BH = (size_t)B * H, BG = (size_t)B * G;
    memset(hs, 0, BH * sizeof *hs);
    memset(cs, 0, BH * sizeof *cs);
    gemm_transpose(w_hh_t, w_hh, G, H);
    /* gates (T·B, 4H) = biases + x (T·B, I) · w_ih^T (I, 4H): all steps at once */
    lstm_bias_fill(gates, (size_t)T * B, b_ih, b_hh, G);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, T * B, G, I, 1.0f, x, I, w_ih, I,
                1.0f, gates, G);
    const nn_kernels *kern = nn_kernels_active();
    for (int t = 0; t < T; t++) {
        float *pre = gates + t * BG;
        if (t > 0) /* pre (B, 4H) += h_{t-1} (B, H) · w_hh^T (H, 4H) */
            kern->gemm_nn(pre, hs + t * BH, w_hh_t, B, G, H, H, G, G, 1);
        kern->lstm_cell_forward(hs + (t + 1) * BH, cs + (t + 1) * BH, tanh_c + t * BH, pre,
                          cs + t * BH, B, H);
    }
}

void lstm_backward(float *dx, const lstm_weights *grad, float *scratch, const float *dhs,
                   const lstm_cache *saved, const float *x, const lstm_weights *p, int T, int B,
                   int I, int H)
{
    const float *hs = saved->hs, *cs = saved->cs, *tanh_c = saved->tanh_c;
    const float *gates = saved->gates, *w_ih = p->w_ih, *w_hh = p->w_hh;
    float *dw_ih = grad->w_ih, *dw_hh = grad->w_hh, *db_ih = grad->b_ih, *db_hh = grad->b_hh;
    const int G = 4 * H;
    const size_t BH = (size_t)B * H, BG = (size_t)B * G;
    float *dgates = scratch;                    /* (T, B, 4H) */
    float *dh = dgates + (size_t)T * BG;        /* (B, H) recurrent gradient */
    float *dc = dh + BH;                        /* (B, H) */
    float *dbias = dc + BH;                     /* (4H) */
    memset(dh, 0, (2 * BH + G) * sizeof *dh);   /* dh, dc and dbias */
    const nn_kernels *kern = nn_kernels_active();
    for (int t = T - 1; t >= 0; t--) {
        if (t < T - 1) /* dh (B, H) = dgates[t+1] (B, 4H) · w_hh (4H, H) */
            kern->gemm_nn(dh, dgates + (t + 1) * BG, w_hh, B, H, G, G, H, H, 0);
        kern->lstm_cell_backward(dgates + t * BG, dc, dbias, dbias + H, dbias + 2 * H, dbias + 3 * H,
                           dh, dhs + t * BH, gates + t * BG,
                           tanh_c + t * BH, cs + t * BH, B, H);
    }
    /* dw_ih (4H, I) += dgates^T (4H, T·B) · x (T·B, I) */
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, G, I, T * B, 1.0f, dgates, G, x, I,
                1.0f, dw_ih, I);
    /* dw_hh (4H, H) += dgates^T · h_{t-1}; step 0 has h_{-1} = 0, so it starts at 1 */
    if (T > 1)
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, G, H, (T - 1) * B, 1.0f,
                    dgates + BG, G, hs + BH, H, 1.0f, dw_hh, H);
    for (int k = 0; k < G; k++) {
        db_ih[k] += dbias[k];
        db_hh[k] += dbias[k];
    }
    if (dx) /* dx (T·B, I) += dgates (T·B, 4H) · w_ih (4H, I) */
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, T * B, I, G, 1.0f, dgates, G,
                    w_ih, I, 1.0f, dx, I);
}

void lstm_forward_naive(const lstm_cache *saved, const float *x, const lstm_weights *p, int T,
                        int B, int I, int H)
{
    float *hs = saved->hs, *cs = saved->cs, *tanh_c = saved->tanh_c, *gates = saved->gates;
    const float *w_ih = p->w_ih, *w_hh = p->w_hh, *b_ih = p->b_ih, *b_hh = p->b_hh;
    const int G = 4 * H;
    const size_t BH = (size_t)B * H;
    memset(hs, 0, BH * sizeof *hs);
    memset(cs, 0, BH * sizeof *cs);
    for (int t = 0; t < T; t++)
        for (int b = 0; b < B; b++) {
            const float *xt = x + ((size_t)t * B + b) * I;
            const float *hp = hs + ((size_t)t * B + b) * H;
            const float *cp = cs + ((size_t)t * B + b) * H;
            float *hn = hs + ((size_t)(t + 1) * B + b) * H;
            float *cn = cs + ((size_t)(t + 1) * B + b) * H;
            float *tc = tanh_c + ((size_t)t * B + b) * H;
            float *g4 = gates + ((size_t)t * B + b) * G;
            for (int k = 0; k < G; k++) {
                float s = b_ih[k] + b_hh[k];
                for (int i = 0; i < I; i++)
                    s += xt[i] * w_ih[(size_t)k * I + i];
                for (int j = 0; j < H; j++)
                    s += hp[j] * w_hh[(size_t)k * H + j];
                int gate = k / H;
                g4[k] = gate == 2 ? tanhf(s) : 1.0f / (1.0f + expf(-s));
            }
            for (int j = 0; j < H; j++) {
                cn[j] = g4[H + j] * cp[j] + g4[j] * g4[2 * H + j];
                tc[j] = tanhf(cn[j]);
                hn[j] = g4[3 * H + j] * tc[j];
            }
        }
}

void lstm_backward_naive(float *dx, const lstm_weights *grad, float *scratch, const float *dhs,
                         const lstm_cache *saved, const float *x, const lstm_weights *p, int T,
                         int B, int I, int H)
{
    const float *hs = saved->hs, *cs = saved->cs, *tanh_c = saved->tanh_c;
    const float *gates = saved->gates, *w_ih = p->w_ih, *w_hh = p->w_hh;
    float *dw_ih = grad->w_ih, *dw_hh = grad->w_hh, *db_ih = grad->b_ih, *db_hh = grad->b_hh;
    const int G = 4 * H;
    const size_t BH = (size_t)B * H;
    float *dg = scratch;                  /* (B, 4H) of the current step */
    float *dh = scratch + (size_t)B * G;  /* (B, H): recurrent gradient into step t */
    float *dc = dh + BH;                  /* (B, H) */
    memset(dh, 0, BH * sizeof *dh);
    memset(dc, 0, BH * sizeof *dc);
    for (int t = T - 1; t >= 0; t--) {
        for (int b = 0; b < B; b++) {
            const float *g4 = gates + ((size_t)t * B + b) * G;
            const float *tc = tanh_c + ((size_t)t * B + b) * H;
            const float *cp = cs + ((size_t)t * B + b) * H;
            const float *dht = dhs + ((size_t)t * B + b) * H;
            float *d4 = dg + (size_t)b * G;
            for (int j = 0; j < H; j++) {
                float i = g4[j], f = g4[H + j], g = g4[2 * H + j], o = g4[3 * H + j];
                float dhj = dht[j] + dh[(size_t)b * H + j];
                float dcj = dc[(size_t)b * H + j] + dhj * o * (1.0f - tc[j] * tc[j]);
                d4[j] = dcj * g * i * (1.0f - i);
                d4[H + j] = dcj * cp[j] * f * (1.0f - f);
                d4[2 * H + j] = dcj * i * (1.0f - g * g);
                d4[3 * H + j] = dhj * tc[j] * o * (1.0f - o);
                dc[(size_t)b * H + j] = dcj * f;
            }
        }
        memset(dh, 0, BH * sizeof *dh);
        for (int b = 0; b < B; b++) {
            const float *xt = x + ((size_t)t * B + b) * I;
            const float *hp = hs + ((size_t)t * B + b) * H;
            const float *d4 = dg + (size_t)b * G;
            for (int k = 0; k < G; k++) {
                db_ih[k] += d4[k];
                db_hh[k] += d4[k];
                for (int i = 0; i < I; i++) {
                    dw_ih[(size_t)k * I + i] += d4[k] * xt[i];
                    if (dx)
                        dx[((size_t)t * B + b) * I + i] += d4[k] * w_ih[(size_t)k * I + i];
                }
                for (int j = 0; j < H; j++) {
                    dw_hh[(size_t)k * H + j] += d4[k] * hp[j];
                    dh[(size_t)b * H + j] += d4[k] * w_hh[(size_t)k * H + j];
                }
            }
        }
    }
}
