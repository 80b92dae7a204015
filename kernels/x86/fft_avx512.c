/* AVX-512 Stockham passes of radix 2, 3, 4, 5, 7, 8, 9, 11 and 13 (kernels/x86/fft_simd.h) for
   complex128 (four complex per zmm) and complex64 (eight). Lines of a pass
   with ido < VL are loaded together: complex128 with ido 2 as two 256-bit
   halves, with ido 1 as rows of p values transposed in registers (128-bit
   lane shuffles); complex64 with one 64-bit gather per t_m (a complex64 is
   one 64-bit element). */
#include <immintrin.h>
#include <string.h>

#include "generic/fft_w25.h"
#include "kernels.h"
#include "x86/fft_x86.h"

/* ---- complex128 ---- */

/* columns of the 4 x 4 complex matrix r[0..3] (rows) into c[0..3] */
static inline void transpose4(const __m512d *r, __m512d *c) {
    __m512d t0 = _mm512_shuffle_f64x2(r[0], r[1], 0x88), t1 = _mm512_shuffle_f64x2(r[0], r[1], 0xDD);
    __m512d t2 = _mm512_shuffle_f64x2(r[2], r[3], 0x88), t3 = _mm512_shuffle_f64x2(r[2], r[3], 0xDD);
    c[0] = _mm512_shuffle_f64x2(t0, t2, 0x88), c[2] = _mm512_shuffle_f64x2(t0, t2, 0xDD);
    c[1] = _mm512_shuffle_f64x2(t1, t3, 0x88), c[3] = _mm512_shuffle_f64x2(t1, t3, 0xDD);
}

/* t_m of lines k .. k + 4 / ido - 1 (ido 1 or 2) */
static inline void load_small_f64(const double *in, int p, int64_t ido, int64_t k, __m512d *t) {
    if (ido == 2) {
        for (int m = 0; m < p; m++) {
            __m256d lo = _mm256_loadu_pd(in + 4 * (m + p * k));
            __m256d hi = _mm256_loadu_pd(in + 4 * (m + p * (k + 1)));
            t[m] = _mm512_insertf64x4(_mm512_castpd256_pd512(lo), hi, 1);
        }
    } else if (p % 2) { /* lane 2q + e: part e of line k + q */
        __m512i idx = _mm512_set_epi64(6 * p + 1, 6 * p, 4 * p + 1, 4 * p, 2 * p + 1, 2 * p, 1, 0);
        for (int m = 0; m < p; m++) t[m] = _mm512_i64gather_pd(idx, in + 2 * (m + p * k), 8);
    } else if (p == 2) {
        __m512d z0 = _mm512_loadu_pd(in + 4 * k), z1 = _mm512_loadu_pd(in + 4 * k + 8);
        t[0] = _mm512_shuffle_f64x2(z0, z1, 0x88), t[1] = _mm512_shuffle_f64x2(z0, z1, 0xDD);
    } else {
        for (int half = 0; half < p / 4; half++) {
            __m512d r[4];
            for (int q = 0; q < 4; q++) r[q] = _mm512_loadu_pd(in + 2 * (p * (k + q) + 4 * half));
            transpose4(r, t + 4 * half);
        }
    }
}

#define T double
#define V __m512d
#define VL 4
#define S(x) x##_f64
#define LD _mm512_loadu_pd
#define ST _mm512_storeu_pd
#define ADD _mm512_add_pd
#define SUB _mm512_sub_pd
#define MUL _mm512_mul_pd
#define SWP(v) _mm512_permute_pd(v, 0x55)
#define NEGIM(v) _mm512_xor_pd(v, _mm512_set_pd(-0.0, 0, -0.0, 0, -0.0, 0, -0.0, 0))
#define NEGRE(v) _mm512_xor_pd(v, _mm512_set_pd(0, -0.0, 0, -0.0, 0, -0.0, 0, -0.0))
#define DUPRE _mm512_movedup_pd
#define DUPIM(v) _mm512_permute_pd(v, 0xFF)
#define SET1 _mm512_set1_pd
#define SET2(r, i) _mm512_setr4_pd(r, i, r, i)
#define FMADD _mm512_fmadd_pd
#define REVC(v) _mm512_shuffle_f64x2(v, v, 0x1B)
#define FMADDSUB _mm512_fmaddsub_pd
#define LOAD_SMALL load_small_f64
#define TW_SMALL(w, ido) _mm512_broadcast_f64x4(_mm256_loadu_pd(w)) /* ido == 2 */
#define MASKED 1
#define LDM(p, r) _mm512_maskz_loadu_pd((__mmask8)((1u << 2 * (r)) - 1), p)
#define STM(p, v, r) _mm512_mask_storeu_pd(p, (__mmask8)((1u << 2 * (r)) - 1), v)
#include "x86/fft_simd.h"
#include "x86/fft_simd_pow2.h"
#include "x86/fft_lanes.h"
#include "x86/fft_simd_end.h"

/* ---- complex64 ---- */

/* t_m of lines k .. k + 8 / ido - 1 (ido 1, 2, 4): lane l of t_m is value
   i = l % ido of line k + l / ido, one 64-bit gather */
static inline void load_small_f32(const float *in, int p, int64_t ido, int64_t k, __m512 *t) {
    int64_t q[8];
    for (int l = 0; l < 8; l++) q[l] = l % ido + ido * p * (l / ido);
    __m512i idx = _mm512_loadu_si512(q);
    for (int m = 0; m < p; m++)
        t[m] = _mm512_castpd_ps(_mm512_i64gather_pd(idx, in + 2 * ido * (m + p * k), 8));
}

static inline __m512 tw_small_f32(const float *w, int64_t ido) {
    if (ido == 4) return _mm512_broadcast_f32x8(_mm256_loadu_ps(w));
    return _mm512_broadcast_f32x4(_mm_loadu_ps(w)); /* ido == 2 */
}

#define T float
#define V __m512
#define VL 8
#define S(x) x##_f32
#define LD _mm512_loadu_ps
#define ST _mm512_storeu_ps
#define ADD _mm512_add_ps
#define SUB _mm512_sub_ps
#define MUL _mm512_mul_ps
#define SWP(v) _mm512_permute_ps(v, 0xB1)
/* a complex64 is one 64-bit lane: its imaginary part's sign is bit 63 */
#define NEGIM(v) _mm512_xor_ps(v, _mm512_castsi512_ps(_mm512_set1_epi64(INT64_MIN)))
#define NEGRE(v) _mm512_xor_ps(v, _mm512_castsi512_ps(_mm512_set1_epi64((int64_t)1 << 31)))
#define DUPRE _mm512_moveldup_ps
#define DUPIM _mm512_movehdup_ps
#define SET1 _mm512_set1_ps
#define SET2(r, i) _mm512_setr4_ps(r, i, r, i)
#define FMADD _mm512_fmadd_ps
#define REVC(v)                                                                                    \
    _mm512_castpd_ps(                                                                              \
        _mm512_permutexvar_pd(_mm512_set_epi64(0, 1, 2, 3, 4, 5, 6, 7), _mm512_castps_pd(v)))
#define FMADDSUB _mm512_fmaddsub_ps
#define LOAD_SMALL load_small_f32
#define TW_SMALL tw_small_f32
#define MASKED 1
#define LDM(p, r) _mm512_maskz_loadu_ps((__mmask16)((1u << 2 * (r)) - 1), p)
#define STM(p, v, r) _mm512_mask_storeu_ps(p, (__mmask16)((1u << 2 * (r)) - 1), v)
#include "x86/fft_simd.h"
#include "x86/fft_simd_pow2.h"
#include "x86/fft_lanes.h"

/* Called by the avx512 level's generic fill, after it filled its passes. */
void nd_kfill_fftx_avx512(nd_ktable *t) {
    fill_f32(t->fft_pass[0]);
    fill_f64(t->fft_pass[1]);
    fill_lanes_f32(t->fft_lanes[0]);
    fill_lanes_f64(t->fft_lanes[1]);
    t->fft_lanes_r2c_post[0] = lanes_r2c_post_f32;
    t->fft_lanes_r2c_post[1] = lanes_r2c_post_f64;
    fill_pow2_f32(t->fft_pass[0]);
    fill_pow2_f64(t->fft_pass[1]);
    t->fft_r2c_post[0] = r2c_post_f32;
    t->fft_r2c_post[1] = r2c_post_f64;
    t->fft_c2r_pre[0] = c2r_pre_f32;
    t->fft_c2r_pre[1] = c2r_pre_f64;
}
