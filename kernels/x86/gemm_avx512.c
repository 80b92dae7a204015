/* AVX-512 GEMM micro-kernels: 12 x 16 (float64) and 12 x 32 (float32), 24
   zmm accumulators, two FMA pipes each four deep kept busy. Blocking for a
   1 MiB L2 / 48 KiB L1 core (Zen 5; Skylake-SP and later alike): the packed
   a sliver (12 x kc) stays in L1, the packed b block (kc x nc) in L2. */
#include <immintrin.h>

#include "kernels.h"
#include "x86/gemm_ukr.h"

#define V __m512d
#define T double
#define W 8
#define LOADU _mm512_loadu_pd
#define STOREU _mm512_storeu_pd
#define BCAST _mm512_set1_pd
#define FMA _mm512_fmadd_pd
#define ZERO _mm512_setzero_pd
GEMM_UKR(ukr_f64, 12, 2, 12)
GEMM_UKR(ukr4_f64, 4, 2, 12)
#undef V
#undef T
#undef W
#undef LOADU
#undef STOREU
#undef BCAST
#undef FMA
#undef ZERO

#define V __m512
#define T float
#define W 16
#define LOADU _mm512_loadu_ps
#define STOREU _mm512_storeu_ps
#define BCAST _mm512_set1_ps
#define FMA _mm512_fmadd_ps
#define ZERO _mm512_setzero_ps
GEMM_UKR(ukr_f32, 12, 2, 12)
GEMM_UKR(ukr4_f32, 4, 2, 12)

/* One 12-row float64 sliver of a, 8 columns at a time: rows 0-7 as an
   8 x 8 transpose (unpack, then two 128-bit lane shuffles), rows 8-11 as a
   4 x 8 one into the upper 4 doubles of each packed row. The driver's
   scalar loop spent ~1.4 cycles an element: 15% of a 64^3 product. */
static void pack12_f64(void *dst_, const char *a, int64_t rs, int64_t kb) {
    double *dst = dst_;
    int64_t l = 0;
    for (; l + 8 <= kb; l += 8, dst += 96) {
        __m512d r[8], t[8], u[8];
        for (int i = 0; i < 8; i++) r[i] = _mm512_loadu_pd((const double *)(a + i * rs) + l);
        for (int i = 0; i < 8; i += 2) {
            t[i] = _mm512_unpacklo_pd(r[i], r[i + 1]);     /* (i,0)(i+1,0)(i,2)(i+1,2)... */
            t[i + 1] = _mm512_unpackhi_pd(r[i], r[i + 1]); /* (i,1)(i+1,1)(i,3)(i+1,3)... */
        }
        u[0] = _mm512_shuffle_f64x2(t[0], t[2], 0x88); /* columns 0, 4 */
        u[1] = _mm512_shuffle_f64x2(t[1], t[3], 0x88); /* 1, 5 */
        u[2] = _mm512_shuffle_f64x2(t[0], t[2], 0xdd); /* 2, 6 */
        u[3] = _mm512_shuffle_f64x2(t[1], t[3], 0xdd); /* 3, 7 */
        u[4] = _mm512_shuffle_f64x2(t[4], t[6], 0x88);
        u[5] = _mm512_shuffle_f64x2(t[5], t[7], 0x88);
        u[6] = _mm512_shuffle_f64x2(t[4], t[6], 0xdd);
        u[7] = _mm512_shuffle_f64x2(t[5], t[7], 0xdd);
        /* u[c] lanes: column c rows 0-1, column c+4 rows 0-1, column c rows
           2-3, column c+4 rows 2-3 (u[4 + c] the same for rows 4-7) */
        __m512d col[8];
        for (int c = 0; c < 4; c++) {
            col[c] = _mm512_shuffle_f64x2(u[c], u[4 + c], 0x88);     /* lanes 0,2 | 0,2 */
            col[c + 4] = _mm512_shuffle_f64x2(u[c], u[4 + c], 0xdd); /* lanes 1,3 | 1,3 */
        }
        /* rows 8-11: 4 x 8 */
        __m512d q[4], v[4];
        for (int i = 0; i < 4; i++) q[i] = _mm512_loadu_pd((const double *)(a + (8 + i) * rs) + l);
        v[0] = _mm512_unpacklo_pd(q[0], q[1]);
        v[1] = _mm512_unpackhi_pd(q[0], q[1]);
        v[2] = _mm512_unpacklo_pd(q[2], q[3]);
        v[3] = _mm512_unpackhi_pd(q[2], q[3]);
        __m512d w0 = _mm512_shuffle_f64x2(v[0], v[2], 0x88);
        __m512d w1 = _mm512_shuffle_f64x2(v[1], v[3], 0x88);
        __m512d w2 = _mm512_shuffle_f64x2(v[0], v[2], 0xdd);
        __m512d w3 = _mm512_shuffle_f64x2(v[1], v[3], 0xdd);
        __m512d w[4] = {w0, w1, w2, w3};
        for (int c = 0; c < 4; c++) {
            /* w[c] lanes: 0 = rows 8,9 col c; 1 = rows 8,9 col c+4; 2 = rows
               10,11 col c; 3 = rows 10,11 col c+4 */
            __m512d lohi = _mm512_shuffle_f64x2(w[c], w[c], 0xd8); /* lanes 0,2,1,3 */
            _mm512_storeu_pd(dst + c * 12, col[c]);
            _mm256_storeu_pd(dst + c * 12 + 8, _mm512_castpd512_pd256(lohi));
            _mm512_storeu_pd(dst + (c + 4) * 12, col[c + 4]);
            _mm256_storeu_pd(dst + (c + 4) * 12 + 8, _mm512_extractf64x4_pd(lohi, 1));
        }
    }
    for (; l < kb; l++, dst += 12)
        for (int i = 0; i < 12; i++) dst[i] = ((const double *)(a + i * rs))[l];
}

/* One 12-row float32 sliver of a, 4 columns at a time: three 4 x 4
   transposes. The driver's scalar loop had been ~40% of a 64^3 float32
   product. */
static void pack12_f32(void *dst_, const char *a, int64_t rs, int64_t kb) {
    float *dst = dst_;
    int64_t l = 0;
    for (; l + 4 <= kb; l += 4, dst += 48)
        for (int g = 0; g < 3; g++) {
            __m128 r0 = _mm_loadu_ps((const float *)(a + (4 * g) * rs) + l);
            __m128 r1 = _mm_loadu_ps((const float *)(a + (4 * g + 1) * rs) + l);
            __m128 r2 = _mm_loadu_ps((const float *)(a + (4 * g + 2) * rs) + l);
            __m128 r3 = _mm_loadu_ps((const float *)(a + (4 * g + 3) * rs) + l);
            _MM_TRANSPOSE4_PS(r0, r1, r2, r3); /* r_j: column l + j, rows 4g .. 4g+3 */
            _mm_storeu_ps(dst + 4 * g, r0);
            _mm_storeu_ps(dst + 12 + 4 * g, r1);
            _mm_storeu_ps(dst + 24 + 4 * g, r2);
            _mm_storeu_ps(dst + 36 + 4 * g, r3);
        }
    for (; l < kb; l++, dst += 12)
        for (int i = 0; i < 12; i++) dst[i] = ((const float *)(a + i * rs))[l];
}

void nd_kfill_gemmx_avx512(nd_ktable *t) {
    t->gemm[0] = (nd_kgemm){ukr_f32,    12, 32, 384, 96, 2048, true, "avx512 12x32",
                            pack12_f32, ukr4_f32, 4};
    t->gemm[1] = (nd_kgemm){ukr_f64,    12, 16, 256, 96, 2048, true, "avx512 12x16",
                            pack12_f64, ukr4_f64, 4};
}
