/* AVX-512 Stockham passes of radix 2, 4 and 8 for complex128 (the layout:
   kernels/generic/fft.c). A zmm holds four interleaved complex values; a
   pass vectorizes across i when ido is a multiple of 4, across pairs of k
   when ido == 2 (lines k and k + 1 sit next to each other in the output),
   and across four k when ido == 1 (the input rows transposed in registers:
   t_m of k is in[m + p*k]). Other shapes go to the generic pass.

   Bits: every lane does the scalar code's operations in its order (no FMA;
   a + (-b) is a - b and -(a*b) is (-a)*b in IEEE arithmetic), so the result
   is the generic level's to the bit; only the sign of a NaN may differ. */
#include <immintrin.h>

#include "kernels.h"
#include "x86/fft_x86.h"

typedef __m512d V;
typedef void (*pass_fn)(int64_t, int64_t, const void *, void *, const void *, const void *);

/* the generic passes of radix 2, 4, 8 at this level, for the other shapes */
static pass_fn generic2, generic4, generic8;

static inline V ld(const double *p) { return _mm512_loadu_pd(p); }
static inline void st(double *p, V v) { _mm512_storeu_pd(p, v); }
/* (re, im) -> (im, re) in every complex */
static inline V swp(V v) { return _mm512_permute_pd(v, 0x55); }
/* negate the imaginary (odd) or the real (even) lanes: exact */
static inline V neg_im(V v) { return _mm512_xor_pd(v, _mm512_set_pd(-0.0, 0, -0.0, 0, -0.0, 0, -0.0, 0)); }
static inline V neg_re(V v) { return _mm512_xor_pd(v, _mm512_set_pd(0, -0.0, 0, -0.0, 0, -0.0, 0, -0.0)); }

/* a * w as the generic CMUL: (a.r w.r + a.i (-w.i), a.i w.r + a.r w.i) */
static inline V cmul(V a, V w) {
    V p1 = _mm512_mul_pd(a, _mm512_movedup_pd(w));
    V p2 = _mm512_mul_pd(swp(a), _mm512_permute_pd(w, 0xFF));
    return _mm512_add_pd(p1, neg_re(p2));
}

/* -i * d: (d.i, -d.r) */
static inline V cmi(V d) { return neg_im(swp(d)); }

static inline void body2(const V *t, V *y) {
    y[0] = _mm512_add_pd(t[0], t[1]);
    y[1] = _mm512_sub_pd(t[0], t[1]);
}

/* the generic BODY4 on t[0], t[s], t[2s], t[3s] into e[0..3]:
   b + CMI(d) = b + m and b + CPI(d) = b - m with m = CMI(d) */
static inline void radix4(const V *t, int s, V *e) {
    V a = _mm512_add_pd(t[0], t[2 * s]), b = _mm512_sub_pd(t[0], t[2 * s]);
    V c = _mm512_add_pd(t[s], t[3 * s]), m = cmi(_mm512_sub_pd(t[s], t[3 * s]));
    e[0] = _mm512_add_pd(a, c);
    e[2] = _mm512_sub_pd(a, c);
    e[1] = _mm512_add_pd(b, m);
    e[3] = _mm512_sub_pd(b, m);
}

static inline void body4(const V *t, V *y) { radix4(t, 1, y); }

/* the generic BODY8 */
static inline void body8(const V *t, V *y) {
    const V h = _mm512_set1_pd(0.707106781186547524400844362104849039);
    V e[4], q[4];
    radix4(t, 2, e);
    radix4(t + 1, 2, q);
    y[0] = _mm512_add_pd(e[0], q[0]), y[4] = _mm512_sub_pd(e[0], q[0]);
    /* ((q.r + q.i) h, (q.i - q.r) h) */
    V u = _mm512_mul_pd(_mm512_add_pd(q[1], neg_im(swp(q[1]))), h);
    y[1] = _mm512_add_pd(e[1], u), y[5] = _mm512_sub_pd(e[1], u);
    u = cmi(q[2]);
    y[2] = _mm512_add_pd(e[2], u), y[6] = _mm512_sub_pd(e[2], u);
    /* ((q.i - q.r) h, -(q.r + q.i) h) */
    u = _mm512_mul_pd(neg_im(_mm512_add_pd(swp(q[3]), neg_re(q[3]))), h);
    y[3] = _mm512_add_pd(e[3], u), y[7] = _mm512_sub_pd(e[3], u);
}

/* columns of the 4 x 4 complex matrix r[0..3] (rows) into c[0..3] */
static inline void transpose4(const V *r, V *c) {
    V t0 = _mm512_shuffle_f64x2(r[0], r[1], 0x88), t1 = _mm512_shuffle_f64x2(r[0], r[1], 0xDD);
    V t2 = _mm512_shuffle_f64x2(r[2], r[3], 0x88), t3 = _mm512_shuffle_f64x2(r[2], r[3], 0xDD);
    c[0] = _mm512_shuffle_f64x2(t0, t2, 0x88), c[2] = _mm512_shuffle_f64x2(t0, t2, 0xDD);
    c[1] = _mm512_shuffle_f64x2(t1, t3, 0x88), c[3] = _mm512_shuffle_f64x2(t1, t3, 0xDD);
}

/* t_m of lines k .. k+3 when ido == 1: the p values of line k are in[p*k ..] */
static inline void load_k4(const double *in, int p, int64_t k, V *t) {
    if (p == 2) {
        V z0 = ld(in + 2 * (2 * k)), z1 = ld(in + 2 * (2 * k + 4));
        t[0] = _mm512_shuffle_f64x2(z0, z1, 0x88), t[1] = _mm512_shuffle_f64x2(z0, z1, 0xDD);
        return;
    }
    for (int half = 0; half < p / 4; half++) {
        V r[4];
        for (int q = 0; q < 4; q++) r[q] = ld(in + 2 * (p * (k + q) + 4 * half));
        transpose4(r, t + 4 * half);
    }
}

/* t_m of lines k, k + 1 when ido == 2: two complex of each */
static inline V load_k2(const double *in, int p, int64_t m, int64_t k) {
    __m256d lo = _mm256_loadu_pd(in + 4 * (m + p * k)), hi = _mm256_loadu_pd(in + 4 * (m + p * (k + 1)));
    return _mm512_insertf64x4(_mm512_castpd256_pd512(lo), hi, 1);
}

#define PASS(P, BODY, FALLBACK)                                                                    \
    static void pass##P(int64_t ido, int64_t l1, const void *cc, void *ch, const void *tw,         \
                        const void *rts) {                                                         \
        const double *in = cc, *w = tw;                                                            \
        double *o = ch;                                                                            \
        V t[P], y[P];                                                                              \
        if (ido % 4 == 0) {                                                                        \
            for (int64_t k = 0; k < l1; k++)                                                       \
                for (int64_t i = 0; i < ido; i += 4) {                                             \
                    for (int m = 0; m < (P); m++) t[m] = ld(in + 2 * (i + ido * (m + (P)*k)));     \
                    BODY(t, y);                                                                    \
                    st(o + 2 * (i + ido * k), y[0]);                                               \
                    for (int j = 1; j < (P); j++)                                                  \
                        st(o + 2 * (i + ido * (k + l1 * j)),                                       \
                           cmul(y[j], ld(w + 2 * ((j - 1) * ido + i))));                           \
                }                                                                                  \
        } else if (ido == 2 && l1 % 2 == 0) {                                                      \
            V wv[P];                                                                               \
            for (int j = 1; j < (P); j++)                                                          \
                wv[j] = _mm512_broadcast_f64x4(_mm256_loadu_pd(w + 4 * (j - 1)));                 \
            for (int64_t k = 0; k < l1; k += 2) {                                                  \
                for (int m = 0; m < (P); m++) t[m] = load_k2(in, P, m, k);                         \
                BODY(t, y);                                                                        \
                st(o + 4 * k, y[0]);                                                               \
                for (int j = 1; j < (P); j++) st(o + 4 * (k + l1 * j), cmul(y[j], wv[j]));         \
            }                                                                                      \
        } else if (ido == 1 && l1 % 4 == 0) {                                                      \
            for (int64_t k = 0; k < l1; k += 4) {                                                  \
                load_k4(in, P, k, t);                                                              \
                BODY(t, y);                                                                        \
                for (int j = 0; j < (P); j++) st(o + 2 * (k + l1 * j), y[j]);                      \
            }                                                                                      \
        } else                                                                                     \
            FALLBACK(ido, l1, cc, ch, tw, rts);                                                    \
    }

PASS(2, body2, generic2)
PASS(4, body4, generic4)
PASS(8, body8, generic8)

/* Called by the avx512 level's generic fill, after it filled its passes. */
void nd_kfill_fftx_avx512(nd_ktable *t) {
    static const int radix[3] = {2, 4, 8};
    static const pass_fn mine[3] = {pass2, pass4, pass8};
    pass_fn *keep[3] = {&generic2, &generic4, &generic8};
    static const int radices[ND_FFT_NRADIX] = ND_FFT_RADICES;
    for (int r = 0; r < ND_FFT_NRADIX; r++)
        for (int q = 0; q < 3; q++)
            if (radices[r] == radix[q] && t->fft_pass[1][r] != mine[q]) {
                *keep[q] = t->fft_pass[1][r];
                t->fft_pass[1][r] = mine[q];
            }
}
