/* The reference GEMM micro-kernel (the contract is nd_kgemm in kernels.h):
   one fma per product, in k order, from +0 or from c. The vector kernels
   (kernels/x86/gemm_*.c) round identically, so this kernel is the bitwise
   reference for them; it is the one used at the scalar and baseline levels,
   where the driver prefers the system BLAS unless asked otherwise. */
#include <math.h>

#include "generic/isa_name.h"
#include "generic/loops.h"

enum { REF_MR = 4, REF_NR = 4 };

#define REF_UKR(name, T, FMA)                                                                      \
    static void name(int64_t kc, const void *a_, const void *b_, int64_t ldb, void *c_,            \
                     int64_t rs_c, bool acc, const void *c_next) {                                 \
        (void)c_next;                                                                              \
        const T *a = a_, *b = b_;                                                                  \
        T c[REF_MR][REF_NR];                                                                       \
        for (int i = 0; i < REF_MR; i++)                                                           \
            for (int j = 0; j < REF_NR; j++)                                                       \
                c[i][j] = acc ? ND_LD(T, (char *)c_ + i * rs_c + j * (int64_t)sizeof(T)) : (T)0;   \
        for (int64_t l = 0; l < kc; l++, a += REF_MR, b += ldb)                                    \
            for (int i = 0; i < REF_MR; i++)                                                       \
                for (int j = 0; j < REF_NR; j++) c[i][j] = FMA(a[i], b[j], c[i][j]);               \
        for (int i = 0; i < REF_MR; i++)                                                           \
            for (int j = 0; j < REF_NR; j++)                                                       \
                ND_ST(T, (char *)c_ + i * rs_c + j * (int64_t)sizeof(T), c[i][j]);                 \
    }
REF_UKR(ref_ukr_f32, float, fmaf)
REF_UKR(ref_ukr_f64, double, fma)

void ND_K(nd_kfill_gemm)(nd_ktable *t) {
    t->gemm[0] =
        (nd_kgemm){ref_ukr_f32, REF_MR, REF_NR, 256, 64, 256, false, "reference", NULL, NULL, 0};
    t->gemm[1] =
        (nd_kgemm){ref_ukr_f64, REF_MR, REF_NR, 256, 64, 256, false, "reference", NULL, NULL, 0};
}
