/* nd's own AVX-512 exp for float64, overlaying SLEEF's (ew_math.c) at the
   avx512 level; other levels keep SLEEF.

   exp(x) = 2^e * 2^(j/16) * exp(r), with k = round(x * 16/ln2), j = k mod 16,
   e = floor(k / 16), r = x - k*ln2/16 (two-part constant, FMA), |r| <= ln2/32.
   2^(j/16) comes from a 16-entry table held in two registers (a permute,
   no gather) as a double H[j] plus its relative tail; exp(r) - 1 is the
   degree-7 Taylor polynomial (remainder r^8/8! < 1.3e-18). The result is
   scale + scale*(tail + p) with one rounding: about 0.52 ULP by analysis,
   at most 1 ULP as the accuracy suite checks against MPFR.

   The fast path covers |x| <= 708, where every result is a normal number.
   Vectors with any other lane (NaN, infinities, overflow, results in the
   subnormal range) send those lanes, and only those, through the SLEEF
   kernel this one overlays, so a result depends only on its own input. The
   other lanes are computed on 0 meanwhile, so they raise no flags. */
#include "generic/isa_name.h"
#include "generic/kdefs.h"

#ifdef __AVX512F__
#include <immintrin.h>

static nd_kloop sleef_exp; /* the kernel overlaid, for the lanes outside the fast path */

/* 2^(j/16) = H[j] * (1 + T[j]), computed once in long double */
static double H[16], T[16];

static void init_tables(void) {
    for (int j = 0; j < 16; j++) {
        long double v = exp2l((long double)j / 16);
        H[j] = (double)v;
        T[j] = (double)((v - (long double)H[j]) / (long double)H[j]);
    }
}

static inline __m512d exp8_fast(__m512d x) {
    const __m512d inv = _mm512_set1_pd(0x1.71547652b82fep+4);   /* 16/ln2 */
    const __m512d l_hi = _mm512_set1_pd(0x1.62e42fefa39efp-5);  /* ln2/16, high part */
    const __m512d l_lo = _mm512_set1_pd(0x1.abc9e3b39803fp-60); /* ln2/16 - l_hi */
    __m512d k =
        _mm512_roundscale_pd(_mm512_mul_pd(x, inv), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512d r = _mm512_fnmadd_pd(k, l_hi, x);
    r = _mm512_fnmadd_pd(k, l_lo, r);
    __m512i ki = _mm512_cvtpd_epi64(k);
    __m512i j = _mm512_and_si512(ki, _mm512_set1_epi64(15));
    __m512i e = _mm512_srai_epi64(ki, 4);
    __m512d h = _mm512_permutex2var_pd(_mm512_loadu_pd(H), j, _mm512_loadu_pd(H + 8));
    __m512d tail = _mm512_permutex2var_pd(_mm512_loadu_pd(T), j, _mm512_loadu_pd(T + 8));
    __m512d scale =
        _mm512_castsi512_pd(_mm512_add_epi64(_mm512_castpd_si512(h), _mm512_slli_epi64(e, 52)));
    /* exp(r) - 1 = r + r^2 (1/2 + r (1/6 + r (1/24 + r (1/120 + r (1/720 + r/5040))))) */
    __m512d q = _mm512_set1_pd(1.0 / 5040);
    q = _mm512_fmadd_pd(q, r, _mm512_set1_pd(1.0 / 720));
    q = _mm512_fmadd_pd(q, r, _mm512_set1_pd(1.0 / 120));
    q = _mm512_fmadd_pd(q, r, _mm512_set1_pd(1.0 / 24));
    q = _mm512_fmadd_pd(q, r, _mm512_set1_pd(1.0 / 6));
    q = _mm512_fmadd_pd(q, r, _mm512_set1_pd(0.5));
    __m512d p = _mm512_fmadd_pd(_mm512_mul_pd(r, r), q, r);
    return _mm512_fmadd_pd(scale, _mm512_add_pd(tail, p), scale);
}

static inline __m512d exp8(__m512d x) {
    const __m512d lim = _mm512_set1_pd(708.0);
    __mmask8 ok = _mm512_cmp_pd_mask(_mm512_abs_pd(x), lim, _CMP_LE_OQ); /* NaN: not ok */
    if (ok == 0xff) return exp8_fast(x);
    __m512d y = exp8_fast(_mm512_maskz_mov_pd(ok, x));
    double in[8], out[8];
    _mm512_storeu_pd(in, x);
    char *args[2] = {(char *)in, (char *)out};
    int64_t steps[2] = {8, 8};
    sleef_exp(args, steps, 8);
    return _mm512_mask_blend_pd(ok, _mm512_loadu_pd(out), y);
}

static void k_exp_f64(char *const *args, const int64_t *steps, int64_t n) {
    const char *in = args[0];
    char *out = args[1];
    const int64_t si = steps[0], so = steps[1];
    int64_t i = 0;
    if (si == 8 && so == 8)
        for (; i + 8 <= n; i += 8) _mm512_storeu_pd(out + i * 8, exp8(_mm512_loadu_pd(in + i * 8)));
    /* the tail and strided runs through a lane buffer; unused lanes repeat
       lane 0 so they raise nothing of their own */
    while (i < n) {
        double buf[8], res[8];
        int m = n - i < 8 ? (int)(n - i) : 8;
        for (int k = 0; k < m; k++) memcpy(&buf[k], in + (i + k) * si, 8);
        for (int k = m; k < 8; k++) buf[k] = buf[0];
        _mm512_storeu_pd(res, exp8(_mm512_loadu_pd(buf)));
        for (int k = 0; k < m; k++) memcpy(out + (i + k) * so, &res[k], 8);
        i += m;
    }
}
#endif

void ND_K(nd_kfill_vmath)(nd_ktable *t) {
#ifdef __AVX512F__
    init_tables();
    sleef_exp = t->loops[ND_KOP_EXP][ND_FLOAT64];
    ND_REG(t, EXP, float64, k_exp_f64);
#else
    (void)t;
#endif
}
