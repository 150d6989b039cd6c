/* kernel_body.h — the body of the kernels of kernels.h, included once by
 * each of kernel_avx512.c, kernel_avx2.c and kernel_generic.c after they
 * set the instruction set (a target pragma) and define the vector words
 * below; the compiler then vectorises the cell loops for that set too.
 *
 *   VEC, VW               vector type and its floats
 *   NV_MAX                vectors of a row of C kept in registers
 *   KC                    rows of B in a block that stays in the L1 cache
 *   MASK_T, vec_mask(r)   a mask of the first r lanes (all for r >= VW)
 *   vec_loadm(m, p), vec_storem(p, m, v)   masked load and store
 *   vec_load(p), vec_store(p, v)           full, unaligned
 *   vec_fma(a, b, c)      a b + c;  vec_set1(x), vec_zero()
 *   KERNEL_TABLE          the name of the nn_kernels table to define
 *
 * Sizes as in kernels.h; a micro-kernel holds up to 4 rows and NV_MAX
 * vectors of C in registers (4 x 64 floats for AVX-512: 16 of its 32
 * registers; 4 x 24 for AVX2: 12 of 16; 4 x 8 for SSE2: 8 of 16). */
/* The clamps of fastmath.h's exp are comparisons that may raise a float
 * exception (NaN); by default GCC keeps them as branches and vectorises
 * the cell loops only where AVX-512 masks hide them. Nothing here reads
 * the exception flags, so they may be evaluated for every lane: values do
 * not change. */
#if defined(__clang__)
#pragma clang fp exceptions(ignore)
#else
#pragma GCC optimize("no-trapping-math")
#endif

#include <stddef.h>

#include "base/fastmath.h"
#include "kernel/kernels.h"

/* C (mr, ncols) (+)= A (mr, K) · B (K, ncols) for mr <= 4 rows and
 * ncols <= VW nv columns: mr x nv accumulators; each step of k loads nv
 * vectors of B's row k and broadcasts one value of A per row. full = 1
 * when ncols = VW nv (no masks). Always inlined with constant mr, nv and
 * full, so the loops over rows and vectors unroll and the accumulators
 * stay in registers. */
static inline __attribute__((always_inline)) void micro_kernel(int mr, int nv, int full,
                                                               int ncols, int K,
                                                               const float *A, int lda,
                                                               const float *B, int ldb,
                                                               float *C, int ldc,
                                                               int accumulate)
{
    MASK_T mask[4];
    for (int v = 0; v < nv; v++)
        mask[v] = vec_mask(ncols - VW * v);
    VEC acc[4][4];
    for (int r = 0; r < mr; r++)
        for (int v = 0; v < nv; v++) {
            const float *c = C + (size_t)r * ldc + VW * v;
            acc[r][v] = !accumulate ? vec_zero() : full ? vec_load(c) : vec_loadm(mask[v], c);
        }
    for (int k = 0; k < K; k++) {
        const float *bk = B + (size_t)k * ldb;
        VEC b[4];
        for (int v = 0; v < nv; v++)
            b[v] = full ? vec_load(bk + VW * v) : vec_loadm(mask[v], bk + VW * v);
        for (int r = 0; r < mr; r++) {
            VEC a = vec_set1(A[(size_t)r * lda + k]);
            for (int v = 0; v < nv; v++)
                acc[r][v] = vec_fma(a, b[v], acc[r][v]);
        }
    }
    for (int r = 0; r < mr; r++)
        for (int v = 0; v < nv; v++) {
            float *c = C + (size_t)r * ldc + VW * v;
            if (full)
                vec_store(c, acc[r][v]);
            else
                vec_storem(c, mask[v], acc[r][v]);
        }
}

/* One block of nc <= VW nv columns for every row: micro-kernels of 4
 * rows, then the 1 to 3 left. */
static inline __attribute__((always_inline)) void column_block(int nv, int full, int nc,
                                                               float *C, const float *A,
                                                               const float *B, int M, int K,
                                                               int lda, int ldb, int ldc,
                                                               int accumulate)
{
    int i = 0;
    for (; i + 4 <= M; i += 4)
        micro_kernel(4, nv, full, nc, K, A + (size_t)i * lda, lda, B, ldb, C + (size_t)i * ldc,
                     ldc, accumulate);
    const float *Ai = A + (size_t)i * lda;
    float *Ci = C + (size_t)i * ldc;
    switch (M - i) {
    case 3: micro_kernel(3, nv, full, nc, K, Ai, lda, B, ldb, Ci, ldc, accumulate); break;
    case 2: micro_kernel(2, nv, full, nc, K, Ai, lda, B, ldb, Ci, ldc, accumulate); break;
    case 1: micro_kernel(1, nv, full, nc, K, Ai, lda, B, ldb, Ci, ldc, accumulate); break;
    default: break;
    }
}

/* gemm_nn of gemm.h: blocks of B (KC, VW NV_MAX) outside, so that each
 * stays in the cache while every 4 rows of A go past it; no packing. */
static void gemm_nn_kernel(float *C, const float *A, const float *B, int M, int N, int K,
                           int lda, int ldb, int ldc, int accumulate)
{
    const int width = VW * NV_MAX;
    for (int j = 0; j < N; j += width) {
        int nc = N - j < width ? N - j : width;
        for (int k0 = 0; k0 < K; k0 += KC) {
            int kc = K - k0 < KC ? K - k0 : KC, acc = accumulate || k0 > 0;
            const float *Ak = A + k0, *Bk = B + (size_t)k0 * ldb + j;
            if (nc == width) {
                column_block(NV_MAX, 1, nc, C + j, Ak, Bk, M, kc, lda, ldb, ldc, acc);
                continue;
            }
            switch ((nc + VW - 1) / VW) {   /* the narrow last block, masked */
            case 4: column_block(4, 0, nc, C + j, Ak, Bk, M, kc, lda, ldb, ldc, acc); break;
            case 3: column_block(3, 0, nc, C + j, Ak, Bk, M, kc, lda, ldb, ldc, acc); break;
            case 2: column_block(2, 0, nc, C + j, Ak, Bk, M, kc, lda, ldb, ldc, acc); break;
            default: column_block(1, 0, nc, C + j, Ak, Bk, M, kc, lda, ldb, ldc, acc); break;
            }
        }
    }
}

/* The cell loops stay functions of their own: inlined into their callers,
 * GCC loses the restrict qualifiers and leaves them scalar. They use
 * fastmath.h (vectorised exp; glibc's tanhf and expf calls took 40 % of a
 * training step). */
#define SA_NOINLINE __attribute__((noinline))

static SA_NOINLINE void cell_forward(float *restrict h, float *restrict c,
                                     float *restrict tanh_c, float *restrict pre,
                                     const float *restrict c_prev, int B, int H)
{
    for (int b = 0; b < B; b++) {
        float *g4 = pre + (size_t)b * 4 * H;
        size_t row = (size_t)b * H;
        for (int j = 0; j < H; j++) {
            float ig = sa_sigmoidf(g4[j]);
            float fg = sa_sigmoidf(g4[H + j]);
            float gg = sa_tanhf(g4[2 * H + j]);
            float og = sa_sigmoidf(g4[3 * H + j]);
            float cn = fg * c_prev[row + j] + ig * gg;
            float tc = sa_tanhf(cn);
            g4[j] = ig;
            g4[H + j] = fg;
            g4[2 * H + j] = gg;
            g4[3 * H + j] = og;
            c[row + j] = cn;
            tanh_c[row + j] = tc;
            h[row + j] = og * tc;
        }
    }
}

/* e^x with x clamped to [-20, 20]: the exponentials cell_infer multiplies
 * together stay far from overflow (e^60 at most), and the gates they make
 * saturate within 2e-9 of 0 or 1 there. */
static inline float exp_clamped(float x)
{
    /* one clamp: [-20, 20] lies inside sa_expf's, whose own compares and
     * blends cost a tenth of AVX2 inference; NaN stays NaN */
    float low = -20.0f > x ? -20.0f : x;
    return sa_expf_unclamped(20.0f < low ? 20.0f : low);
}

/* With E_x = e^x of each pre-activation,
 *   c = f c_prev + i g = (c_prev (1 + E_-i)(E_2g + 1) + (E_2g - 1)(1 + E_-f))
 *                        / ((1 + E_-f)(1 + E_-i)(E_2g + 1))
 *   h = o tanh(c) = (E_2c - 1) / ((1 + E_-o)(E_2c + 1)),
 * two divisions an element instead of five (division is the slow part). */
static SA_NOINLINE void cell_infer(float *restrict h, float *restrict c,
                                   const float *restrict pre, int first, int B, int H)
{
    for (int b = 0; b < B; b++) {
        const float *g4 = pre + (size_t)b * 4 * H;
        float *cb = c + (size_t)b * H, *hb = h + (size_t)b * H;
        for (int j = 0; j < H; j++) {
            float ei = 1.0f + exp_clamped(-g4[j]);
            float ef = 1.0f + exp_clamped(-g4[H + j]);
            float eg = exp_clamped(2.0f * g4[2 * H + j]);
            float eo = 1.0f + exp_clamped(-g4[3 * H + j]);
            float ig_den = ei * (eg + 1.0f);
            float num = (eg - 1.0f) * ef + (first ? 0.0f : cb[j] * ig_den);
            float cn = num / (ef * ig_den);
            float ec = exp_clamped(2.0f * cn);
            cb[j] = cn;
            hb[j] = (ec - 1.0f) / (eo * (ec + 1.0f));
        }
    }
}

/* The bias gradient's four gate slices come apart, so that the compiler
 * knows they do not overlap and vectorises. */
static SA_NOINLINE void cell_backward(float *restrict dgates, float *restrict dc,
                                      float *restrict db_i, float *restrict db_f,
                                      float *restrict db_g, float *restrict db_o,
                                      const float *restrict dh, const float *restrict dh_out,
                                      const float *restrict gates,
                                      const float *restrict tanh_c,
                                      const float *restrict c_prev, int B, int H)
{
    for (int b = 0; b < B; b++) {
        const float *gi = gates + (size_t)b * 4 * H, *gf = gi + H, *gg = gf + H, *go = gg + H;
        float *di = dgates + (size_t)b * 4 * H, *df = di + H, *dg = df + H, *dgo = dg + H;
        const float *tc = tanh_c + (size_t)b * H, *cp = c_prev + (size_t)b * H;
        const float *dhr = dh + (size_t)b * H, *dho = dh_out + (size_t)b * H;
        float *dcb = dc + (size_t)b * H;
        for (int j = 0; j < H; j++) {
            float dhj = dhr[j] + dho[j];
            float dcj = dcb[j] + dhj * go[j] * (1.0f - tc[j] * tc[j]);
            float d_i = dcj * gg[j] * gi[j] * (1.0f - gi[j]);
            float d_f = dcj * cp[j] * gf[j] * (1.0f - gf[j]);
            float d_g = dcj * gi[j] * (1.0f - gg[j] * gg[j]);
            float d_o = dhj * tc[j] * go[j] * (1.0f - go[j]);
            di[j] = d_i;
            df[j] = d_f;
            dg[j] = d_g;
            dgo[j] = d_o;
            db_i[j] += d_i;
            db_f[j] += d_f;
            db_g[j] += d_g;
            db_o[j] += d_o;
            dcb[j] = dcj * gf[j];
        }
    }
}

const nn_kernels KERNEL_TABLE = {
    .gemm_nn = gemm_nn_kernel,
    .lstm_cell_forward = cell_forward,
    .lstm_cell_infer = cell_infer,
    .lstm_cell_backward = cell_backward,
};
