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
GEMM_UKR(ukr_f64, 12, 2)
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
GEMM_UKR(ukr_f32, 12, 2)

void nd_kfill_gemmx_avx512(nd_ktable *t) {
    t->gemm[0] = (nd_kgemm){ukr_f32, 12, 32, 384, 96, 2048, true, "avx512 12x32"};
    t->gemm[1] = (nd_kgemm){ukr_f64, 12, 16, 256, 96, 2048, true, "avx512 12x16"};
}
