/* AVX2 GEMM micro-kernels: 6 x 8 (float64) and 6 x 16 (float32), 12 ymm
   accumulators of the 16 registers, the rest for the b row and the
   broadcast. */
#include <immintrin.h>

#include "kernels.h"
#include "x86/gemm_ukr.h"

#define V __m256d
#define T double
#define W 4
#define LOADU _mm256_loadu_pd
#define STOREU _mm256_storeu_pd
#define BCAST _mm256_set1_pd
#define FMA _mm256_fmadd_pd
#define ZERO _mm256_setzero_pd
GEMM_UKR(ukr_f64, 6, 2, 6)
#undef V
#undef T
#undef W
#undef LOADU
#undef STOREU
#undef BCAST
#undef FMA
#undef ZERO

#define V __m256
#define T float
#define W 8
#define LOADU _mm256_loadu_ps
#define STOREU _mm256_storeu_ps
#define BCAST _mm256_set1_ps
#define FMA _mm256_fmadd_ps
#define ZERO _mm256_setzero_ps
GEMM_UKR(ukr_f32, 6, 2, 6)

void nd_kfill_gemmx_avx2(nd_ktable *t) {
    t->gemm[0] = (nd_kgemm){ukr_f32, 6, 16, 384, 96, 512, true, "avx2 6x16", NULL, NULL, 0};
    t->gemm[1] = (nd_kgemm){ukr_f64, 6, 8, 256, 96, 256, true, "avx2 6x8", NULL, NULL, 0};
}
