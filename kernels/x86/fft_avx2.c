/* AVX2 Stockham passes of radix 2, 3, 4, 5, 7, 8, 9, 11 and 13 (kernels/x86/fft_simd.h) for
   complex128 (two complex per ymm) and complex64 (four). Lines of a pass
   with ido < VL are loaded together: complex128 (ido 1) as two 128-bit
   halves, complex64 with one 64-bit gather per t_m (a complex64 is one
   64-bit element). */
#include <immintrin.h>
#include <string.h>

#include "generic/fft_w25.h"
#include "kernels.h"
#include "x86/fft_x86.h"

/* ---- complex128 ---- */

/* t_m of lines k, k + 1 (ido 1) */
static inline void load_small_f64(const double *in, int p, int64_t ido, int64_t k, __m256d *t) {
    (void)ido;
    for (int m = 0; m < p; m++)
        t[m] = _mm256_loadu2_m128d(in + 2 * (m + p * (k + 1)), in + 2 * (m + p * k));
}

#define T double
#define V __m256d
#define VL 2
#define S(x) x##_f64
#define LD _mm256_loadu_pd
#define ST _mm256_storeu_pd
#define ADD _mm256_add_pd
#define SUB _mm256_sub_pd
#define MUL _mm256_mul_pd
#define SWP(v) _mm256_permute_pd(v, 0x5)
#define NEGIM(v) _mm256_xor_pd(v, _mm256_set_pd(-0.0, 0, -0.0, 0))
#define NEGRE(v) _mm256_xor_pd(v, _mm256_set_pd(0, -0.0, 0, -0.0))
#define DUPRE _mm256_movedup_pd
#define DUPIM(v) _mm256_permute_pd(v, 0xF)
#define SET1 _mm256_set1_pd
#define SET2(r, i) _mm256_setr_pd(r, i, r, i)
#define FMADD _mm256_fmadd_pd
#define REVC(v) _mm256_permute2f128_pd(v, v, 0x01)
#define FMADDSUB _mm256_fmaddsub_pd
#define LOAD_SMALL load_small_f64
#define TW_SMALL(w, ido) SET1(0) /* not reached: ido 1 has no twiddles */
#define MASKED 1
/* r == 1: the first complex */
#define LDM(p, r) _mm256_maskload_pd(p, _mm256_set_epi64x(0, 0, -(r), -(r)))
#define STM(p, v, r) _mm256_maskstore_pd(p, _mm256_set_epi64x(0, 0, -(r), -(r)), v)
#include "x86/fft_simd.h"
#include "x86/fft_simd_pow2.h"
#include "x86/fft_lanes.h"
#include "x86/fft_simd_end.h"

/* ---- complex64 ---- */

/* t_m of lines k .. k + 4 / ido - 1 (ido 1, 2): lane l of t_m is value
   i = l % ido of line k + l / ido, one 64-bit gather */
static inline void load_small_f32(const float *in, int p, int64_t ido, int64_t k, __m256 *t) {
    __m256i idx = _mm256_set_epi64x(3 % ido + ido * p * (3 / ido), 2 % ido + ido * p * (2 / ido),
                                    1 % ido + ido * p * (1 / ido), 0);
    for (int m = 0; m < p; m++)
        t[m] = _mm256_castpd_ps(
            _mm256_i64gather_pd((const double *)(const void *)(in + 2 * ido * (m + p * k)), idx, 8));
}

static inline __m256i mask_f32(int r) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(2 * r), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

static inline __m256 tw_small_f32(const float *w) {
    __m128 x = _mm_loadu_ps(w);
    return _mm256_insertf128_ps(_mm256_castps128_ps256(x), x, 1);
}

#define T float
#define V __m256
#define VL 4
#define S(x) x##_f32
#define LD _mm256_loadu_ps
#define ST _mm256_storeu_ps
#define ADD _mm256_add_ps
#define SUB _mm256_sub_ps
#define MUL _mm256_mul_ps
#define SWP(v) _mm256_permute_ps(v, 0xB1)
/* a complex64 is one 64-bit lane: its imaginary part's sign is bit 63 */
#define NEGIM(v) _mm256_xor_ps(v, _mm256_castsi256_ps(_mm256_set1_epi64x(INT64_MIN)))
#define NEGRE(v) _mm256_xor_ps(v, _mm256_castsi256_ps(_mm256_set1_epi64x((int64_t)1 << 31)))
#define DUPRE _mm256_moveldup_ps
#define DUPIM _mm256_movehdup_ps
#define SET1 _mm256_set1_ps
#define SET2(r, i) _mm256_setr_ps(r, i, r, i, r, i, r, i)
#define FMADD _mm256_fmadd_ps
#define REVC(v) _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(v), 0x1B))
#define FMADDSUB _mm256_fmaddsub_ps
#define LOAD_SMALL load_small_f32
#define TW_SMALL(w, ido) tw_small_f32(w) /* ido == 2 */
#define MASKED 1
/* the first r complex: 2r floats */
#define LDM(p, r) _mm256_maskload_ps(p, mask_f32(r))
#define STM(p, v, r) _mm256_maskstore_ps(p, mask_f32(r), v)
#include "x86/fft_simd.h"
#include "x86/fft_simd_pow2.h"
#include "x86/fft_lanes.h"

/* Called by the avx2 level's generic fill, after it filled its passes. */
void nd_kfill_fftx_avx2(nd_ktable *t) {
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
