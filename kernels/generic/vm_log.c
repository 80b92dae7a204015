/* nd's own float64 kernels of the log family (log, log2, log10, log1p, arcsinh, arccosh, arctanh)
   at the avx2 and avx512 levels (float32: vm_log_f32.c), overlaying SLEEF's (ew_math.c). All are
   built on one log core (log, log2, log10 and log1p at avx512 on a shorter one, log_fast below);
   every lane, special values included, is computed here (no slow path),
   with NumPy's floating-point flags: a pole (log(0), log1p(-1), arctanh(+-1)) is a division by
   zero, an argument off the domain an invalid operation, a result equal to a tiny argument is
   returned as the argument (no underflow), and nothing else raises anything but inexact.

   The core, for a positive normal u = 2^k m (times 2^kadj, for 2x with x near the top of the
   range or x 2^54 for a subnormal x): m in [0.75, 1.5) and k by getmant/getexp at avx512, by
   integer arithmetic on the bits at avx2; c = j/16 the multiple of 1/16 nearest an
   approximation of 1/m (rcp14 at avx512, float rcp at avx2: j = 11..21, so |r| <= 1/23 + 1e-3
   < 0.0446 with r = m c - 1), r exact in one FMA (m c has at most 57 significant bits and
   |r| < 2^-4) and r = m - 1 when c = 1, so that no cancellation occurs near u = 1. Then
   log u = k ln2 - log c + log1p(r).
   float64: k ln2_hi + LH[j] is exact (both multiples of 2^-42, below 2^11); adding r rounds
   once and Fast2Sum recovers the error (|t1| >= 0.06 > |r| unless t1 = 0). The low part
   collects k ln2_lo + LL[j] (LH + LL = -log c to 2^-95), that error, r^2 q(r) with q a
   degree-8 fit of (log1p(r) - r)/r^2 (r^2 q errs by at most 2^-56.3 of r, and |r| is at most
   the result's size where c = 1, below 2^-60 of it elsewhere), and, for an argument given as a
   double-double u + e, the term e/u = e c 2^-k (1 - r) (the neglected terms are below 2^-100 of
   the result as long as e is small against u - 1, which the callers ensure). hi + lo then errs
   by at most about 2^-56 relative before its final rounding: 0.5 + 0.05 ULP for log;
   log2/log10 multiply (hi, lo) by a two-part log2(e)/log10(e) with one final rounding (log2 of
   a power of two is exact: hi = k ln2_hi, lo = k ln2_lo, and the product rounds to k).
   Each function's extra steps are bounded beside it. Measured maxima (MPFR, tests/test_accuracy.c)
   are in docs/accuracy.md. */
#include "generic/vmath.h"

#ifdef ND_VMATH

#define VD(c) ((vd){0} + (c))

/* -log(j/16) for j = 11..21 at index j & 15: LH a multiple of 2^-42, LL the rest. Computed in
   60-digit arithmetic. */
static const double LH[16] = {0x0.0p+0,
                              -0x1.f0a30c0118000p-5,
                              -0x1.e27076e2b0000p-4,
                              -0x1.5ff3070a7a000p-3,
                              -0x1.c8ff7c79aa000p-3,
                              -0x1.1675cababa000p-2,
                              0,
                              0,
                              0,
                              0,
                              0,
                              0x1.7fafa3bd81000p-2,
                              0x1.269621134e000p-2,
                              0x1.a93ed3c8ae000p-3,
                              0x1.1178e8227e000p-3,
                              0x1.08598b59e4000p-4};
static const double LL[16] = {0x0.0p+0,
                              0x1.d599e83368e91p-45,
                              0x1.a342c2af0003cp-45,
                              0x1.8586f183bebf2p-44,
                              0x1.7794f689f8434p-45,
                              -0x1.8380e731f55c4p-44,
                              0,
                              0,
                              0,
                              0,
                              0,
                              0x1.46fb79bf6d4cbp-44,
                              -0x1.1b61f10522625p-44,
                              -0x1.8724350562169p-45,
                              0x1.1ef78ce2d07f2p-45,
                              -0x1.7e5dd7009902cp-46};

#define LN2_HI 0x1.62e42fefa3800p-1 /* 42 bits */
#define LN2_LO 0x1.ef35793c76730p-45
#define LOG2E_HI 0x1.71547652b82fep+0
#define LOG2E_LO 0x1.777d0ffda0d24p-56
#define LOG10E_HI 0x1.bcb7b1526e50ep-2
#define LOG10E_LO 0x1.95355baaafad3p-57

/* (log1p(r) - r) / r^2 on |r| <= 0.0446, least squares at 200 Chebyshev nodes in 50-digit
   arithmetic: degree 8 (r^2 q errs by at most 2^-56.3 of r, 0.02 ULP or less) and degree 6 (2^-45)
 */
static const double Q8[9] = {-0x1.0000000000000p-1, 0x1.55555555551ccp-2,  -0x1.fffffffffedfdp-3,
                             0x1.999999a52b2f0p-3,  -0x1.55555567039e2p-3, 0x1.2491f7646ebc6p-3,
                             -0x1.ffff3da75225ep-4, 0x1.c8c82e9245bfep-4,  -0x1.9b4d5d315bdf3p-4};

typedef struct {
    vd hi, lo;
} vdd;

/* x rounded to a multiple of 1/16 (ties to even, as x + 1.5 2^(52-4) - 1.5 2^(52-4)): one
   instruction at avx512, off the index's path (the core is bound by its dependency chain) */
#if defined(__AVX512F__)
#define ROUND16_D(x, magic)                                                                        \
    _mm512_roundscale_pd((x), (4 << 4) | _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC)
#else
#define ROUND16_D(x, magic) (((x) + (magic)) - (magic))
#endif

/* x = 2^k m, m in [0.75, 1.5), for a positive normal x: getmant/getexp at avx512 (k one more
   where m < 1), integer arithmetic on the bits at avx2 (x + 2048 2^52 - bits(0.75): its top
   12 bits are k + 2048, its low 52 those of m - 0.75 in m's binade). *kb: k + 2048 as an
   integer (avx2 only). */
static inline void split_d(vd x, vd *m, vd *k, vdu *kb) {
#if defined(__AVX512F__)
    /* (the same split in integers, bits - bits(0.75) shifted and converted, has fewer uops on
       paper but ran 4% slower on the Sapphire Rapids host) */
    *m = _mm512_getmant_pd(x, _MM_MANT_NORM_p75_1p5, _MM_MANT_SIGN_src);
    vd e = _mm512_getexp_pd(x);
    *k = _mm512_mask_add_pd(e, _mm512_cmp_pd_mask(*m, VD(1.0), _CMP_LT_OQ), e, VD(1.0));
    *kb = (vdu){0};
#else
    vdu u = (vdu)x + 0x4018000000000000u;
    *kb = u >> 52;
    *m = (vd)((u & 0x000fffffffffffffu) + 0x3fe8000000000000u);
    *k = (vd)(*kb + 0x4338000000000000u) - (0x1.8p52 + 2048);
#endif
}
/* 2^-k c, 0 for k > 1000 (where the caller's e is 0); clamp 0: k <= 1000 known (fast paths,
   one operation less) */
static inline vd scale_d(vd c, vd k, vdu kb, const int clamp) {
#if defined(__AVX512F__)
    (void)kb;
    return _mm512_scalef_pd(c, clamp ? vd_max(-k, VD(-1000.0)) : -k);
#else
    (void)k;
    vdu p = 0xbff0000000000000u - (kb << 52);
    return (vd)(clamp ? p & (vdu)((vdi)kb < 2048 + 1000) : p) * c;
#endif
}

/* The core (see the top): log(2^kadj x) for a positive normal x (adj: kadj given). dd: add
   the correction for a low part e of the argument (e must be 0 where kadj is not); dd = 2:
   x below 2^1000 known (fast paths). */
static inline __attribute__((always_inline)) vdd log_core(vd x, vd kadj, const int adj, vd e,
                                                          const int dd) {
    vd m, k;
    vdu kb;
    split_d(x, &m, &k, &kb);
    /* adding 1.5 2^48 rounds to a multiple of 1/16 and leaves j in the low bits */
    vd rc = vd_rcp_approx(m);
    vdi j = (vdi)(rc + 0x1.8p48);
    vd c = ROUND16_D(rc, 0x1.8p48);
    vd r = vd_fms(m, c, VD(1.0));
    vd r2 = r * r;
    vd s = dd ? scale_d(c, k, kb, dd == 1) : VD(0.0);
    if (adj) k = k + kadj;
    vd t1 = vd_fma(k, VD(LN2_HI), vd_lut16(LH, j));
    vd t2 = t1 + r;
    vd lo = vd_fma(k, VD(LN2_LO), vd_lut16(LL, j)) + (r - (t2 - t1));
    if (dd) lo = vd_fma(e * s, VD(1.0) - r, lo);
    /* The loops are bound by the issue of vector uops (two ports at 512 bits) more than by
       the chain: Horner (eight FMAs, no copies of r for the destructive FMA forms) ran log
       10% faster than Estrin at avx512 (Sapphire Rapids; llvm-mca's icelake-server model
       agrees: 8-15% fewer cycles everywhere at avx512, and for log/log2/log10 at avx2, where
       the double-double callers keep Estrin) */
    vd q;
#if defined(__AVX512F__)
    const int horner = 1;
#else
    const int horner = !dd;
#endif
    if (horner) {
        q = VD(Q8[8]);
        for (int i = 7; i >= 0; i--) q = vd_fma(q, r, VD(Q8[i]));
    } else {
        vd r4 = r2 * r2;
        vd q01 = vd_fma(r, VD(Q8[1]), VD(Q8[0])), q23 = vd_fma(r, VD(Q8[3]), VD(Q8[2]));
        vd q45 = vd_fma(r, VD(Q8[5]), VD(Q8[4])), q67 = vd_fma(r, VD(Q8[7]), VD(Q8[6]));
        vd q47 = vd_fma(r2, q67, q45), q03 = vd_fma(r2, q23, q01);
        q = vd_fma(r4, vd_fma(r4, VD(Q8[8]), q47), q03);
    }
    return (vdd){t2, vd_fma(r2, q, lo)};
}

static inline vdd log_dd(vd x) { return log_core(x, VD(0.0), 0, VD(0.0), 0); }

#if defined(__AVX512F__)
/* ---- log, log2, log10, log1p at avx512: a shorter core (log_core stays for arcsinh, arccosh,
   arctanh and for subnormal arguments). x = 2^e M with e = getexp(x), m in [0.75, 1.5) by
   getmant; n = the top four bits of m's fraction (bits(m) >> 48, which the register permutes
   read as bits 0..3) is 0..7 for m in [1 + n/16, 1 + (n+1)/16) and 8..15 for m in
   [0.5 + n/32, 0.5 + (n+1)/32), below 1: so the index alone tells where x = 2^(e+1) m, and the
   tables fold that in (no compare and masked add for k, no rcp14 (3 uops) and roundscale (2)
   to choose c). c = C16[n] is chosen per interval on a grid that makes r = m c - 1 exact in one
   FMA: c a multiple of 2^-g with |r| < 2^(1-g) (m >= 1, a multiple of 2^-52: m c has at most 53
   significant bits from r's top down) or |r| < 2^-g (m < 1, a multiple of 2^-53); c = 1 for
   n = 0 and 15, so that r = m - 1 near x = 1. Then r is in [-0.0372, 0.0625] and
   log x = e ln2 + TH[n] + TL[n] + log1p(r) (TH + TL = -log c, plus log 2 for n >= 8, to 2^-95):
   t1 = e LN2_HI + TH[n] exact (both multiples of 2^-42, below 2^10); t2 = t1 + r by Fast2Sum
   (|t1| >= 0.06 > |r| unless t1 = 0: n = 0 with e = 0, or n = 15 with e = -1); lo = e LN2_LO +
   TL[n] + that error + r^2 q(r), q of degree 8 fitted (Lawson, Estrin's form) to
   (log1p(r) - r)/r^2 so that r^2 q errs by at most 2^-55.8 of the smallest |log x| on each
   interval (|log1p r| on n = 0 and 15): 0.14 ULP. The roundings in lo (lo <= 2^-8.7 against
   |log x| >= 0.06, or r^2 q against |r|) add at most 0.05 ULP, and hi + lo rounds once:
   0.5 + 0.14 + 0.05 = 0.69 ULP at most for log; log2 and log10 multiply (hi, lo) by a two-part
   constant as log_core's callers do. The 1-ULP budget is spent on the polynomial's range (the
   old core kept |r| <= 0.0446 at 2^-56.3 with its rcp-chosen c): 6 vector uops fewer per vector.
   dd: the argument is u + err (log1p); the term err/u = err 2^-e CS[n] (1 - r) is added to lo
   (as log_core's: neglected terms below 2^-100 of the result). */
static const double C16[16] = {
    0x1.0000000000000p+0, 0x1.d000000000000p-1, 0x1.c000000000000p-1, 0x1.a000000000000p-1,
    0x1.9000000000000p-1, 0x1.8000000000000p-1, 0x1.7000000000000p-1, 0x1.6000000000000p-1,
    0x1.5000000000000p+0, 0x1.4000000000000p+0, 0x1.3800000000000p+0, 0x1.2800000000000p+0,
    0x1.2000000000000p+0, 0x1.1800000000000p+0, 0x1.1000000000000p+0, 0x1.0000000000000p+0};
/* -log C16[n] (+ log 2 for n >= 8) rounded to a multiple of 2^-42, and the rest (60 digits) */
static const double TH[16] = {
    0x0.0p+0,             0x1.9335e5d594000p-4, 0x1.1178e8227e000p-3, 0x1.a93ed3c8ae000p-3,
    0x1.f991c6cb3c000p-3, 0x1.269621134e000p-2, 0x1.522ae0738a000p-2, 0x1.7fafa3bd81000p-2,
    0x1.af5295248d000p-2, 0x1.e148a1a272000p-2, 0x1.fb358af7a5000p-2, 0x1.188ee40f24000p-1,
    0x1.269621134d800p-1, 0x1.35028ad9d9000p-1, 0x1.43d9ff2f92000p-1, 0x1.62e42fefa3800p-1};
static const double TL[16] = {
    0x0.0p+0,              0x1.3115c3abd47dap-45,  0x1.1ef78ce2d07f2p-45,  -0x1.8724350562169p-45,
    -0x1.90d04cd7cc834p-44, -0x1.1b61f10522625p-44, 0x1.ebe708164c759p-45,  0x1.46fb79bf6d4cbp-44,
    -0x1.17cc552774458p-45, 0x1.b36537e3375b2p-44,  -0x1.def40b87d36d9p-44, -0x1.accec41d52e6cp-44,
    0x1.c93c1df5bb3b6p-44,  -0x1.bd1f01ab60655p-44, 0x1.e267b0b7efae1p-44,  0x1.ef35793c76730p-45};
/* C16[n] 2^-(n >= 8): 2^-k c = 2^-e CS[n] */
static const double CS[16] = {
    0x1.0000000000000p+0, 0x1.d000000000000p-1, 0x1.c000000000000p-1, 0x1.a000000000000p-1,
    0x1.9000000000000p-1, 0x1.8000000000000p-1, 0x1.7000000000000p-1, 0x1.6000000000000p-1,
    0x1.5000000000000p-1, 0x1.4000000000000p-1, 0x1.3800000000000p-1, 0x1.2800000000000p-1,
    0x1.2000000000000p-1, 0x1.1800000000000p-1, 0x1.1000000000000p-1, 0x1.0000000000000p-1};
/* on r in [-0.0372, 0.0625] */
static const double QF[9] = {-0x1.fffffffffffefp-2, 0x1.55555555562abp-2,  -0x1.000000002a11ap-2,
                             0x1.999999803494cp-3,  -0x1.555551aa669d2p-3, 0x1.2492ac00065d3p-3,
                             -0x1.000f9431ca713p-3, 0x1.c6b8eb205dc66p-4,  -0x1.6e4ccdbd961a0p-4};
static inline vd perm16(const double *T, vdi n) {
    return _mm512_permutex2var_pd(_mm512_loadu_pd(T), (__m512i)n, _mm512_loadu_pd(T + 8));
}
static inline __attribute__((always_inline)) vdd log_fast(vd x, vd err, const int dd) {
    vd m = _mm512_getmant_pd(x, _MM_MANT_NORM_p75_1p5, _MM_MANT_SIGN_src);
    vd e = _mm512_getexp_pd(x);
    vdi n = (vdi)((vdu)m >> 48); /* the permutes read bits 0..3 */
    vd c = perm16(C16, n);
    vd r = vd_fms(m, c, VD(1.0));
    vd t1 = vd_fma(e, VD(LN2_HI), perm16(TH, n));
    vd lo = vd_fma(e, VD(LN2_LO), perm16(TL, n));
    if (dd) {
        vd es = _mm512_scalef_pd(err, -e) * perm16(CS, n);
        lo = vd_fma(es, VD(1.0) - r, lo);
    }
    vd t2 = t1 + r;
    lo = lo + (r - (t2 - t1));
    vd r2 = r * r, r4 = r2 * r2;
    vd q01 = vd_fma(r, VD(QF[1]), VD(QF[0])), q23 = vd_fma(r, VD(QF[3]), VD(QF[2]));
    vd q45 = vd_fma(r, VD(QF[5]), VD(QF[4])), q67 = vd_fma(r, VD(QF[7]), VD(QF[6]));
    vd q = vd_fma(r4, vd_fma(r4, VD(QF[8]), vd_fma(r2, q67, q45)), vd_fma(r2, q23, q01));
    return (vdd){t2, vd_fma(r2, q, lo)};
}
/* log2, log10: log_fast's sum times the two-part constant H + L, the low part scaled as it is
   formed (TL H from TLB, filled at fill time; q H folded into the coefficients; the Fast2Sum
   error times H and hi L by FMA), then hi H + lo in one FMA: one operation fewer than
   (hi, lo) times (H, L) afterwards, the same terms (the dropped products are below 2^-100) */
static double TLB2[16], TLB10[16];
static inline vd log_fast_b(vd x, const double H, const double L, const double *TLB) {
    vd m = _mm512_getmant_pd(x, _MM_MANT_NORM_p75_1p5, _MM_MANT_SIGN_src);
    vd e = _mm512_getexp_pd(x);
    vdi n = (vdi)((vdu)m >> 48);
    vd r = vd_fms(m, perm16(C16, n), VD(1.0));
    vd t1 = vd_fma(e, VD(LN2_HI), perm16(TH, n));
    vd lo = vd_fma(e, VD(LN2_LO * H), perm16(TLB, n));
    vd t2 = t1 + r;
    lo = vd_fma(t2, VD(L), lo);
    lo = vd_fma(r - (t2 - t1), VD(H), lo);
    vd r2 = r * r, r4 = r2 * r2;
    vd q01 = vd_fma(r, VD(QF[1] * H), VD(QF[0] * H)), q23 = vd_fma(r, VD(QF[3] * H), VD(QF[2] * H));
    vd q45 = vd_fma(r, VD(QF[5] * H), VD(QF[4] * H)), q67 = vd_fma(r, VD(QF[7] * H), VD(QF[6] * H));
    vd q = vd_fma(r4, vd_fma(r4, VD(QF[8] * H), vd_fma(r2, q67, q45)), vd_fma(r2, q23, q01));
    return vd_fma(t2, VD(H), vd_fma(r2, q, lo));
}
#endif

/* ---- special lanes, with NumPy's flags. y: the lanes where ok; elsewhere x (inf stays inf,
   a quiet NaN passes unchanged), then num/0 where pole (+-inf, divide by zero) and NaN where
   bad (invalid; sqrt(-1) raises it in those lanes only). ---- */
#define SPEC(NAME, V, VI, SEL, ANY, SQRT)                                                          \
    static inline V NAME(V y, VI ok, V x, VI pole, V num, VI bad) {                                \
        V one = (V){0} + 1, zero = (V){0};                                                         \
        y = SEL(ok, y, x);                                                                         \
        if (ANY(pole)) y = SEL(pole, SEL(pole, num, one) / SEL(pole, zero, one), y);               \
        if (ANY(bad)) y = SEL(bad, SQRT(SEL(bad, -one, one)), y);                                  \
        return y;                                                                                  \
    }
SPEC(spec_d, vd, vdi, vd_sel, vdi_any, vd_sqrt)

/* ---- float64 ---- */

/* positive normal finite: bits - bits(DBL_MIN) below bits(inf) - bits(DBL_MIN), unsigned */
static inline vdi ok_pos_normal(vd x) {
    return (vdi)((vdu)x - 0x0010000000000000u < 0x7fe0000000000000u);
}
#if defined(__AVX512F__)
#define LOG_DD(x) log_fast((x), VD(0.0), 0)
#define LOG1P_DD(u, e, dd) log_fast((u), (e), 1)
#else
#define LOG_DD(x) log_dd(x)
#define LOG1P_DD(u, e, dd) log_core((u), VD(0.0), 0, (e), (dd))
#endif
static inline vd d_log(vd x) {
    vdd l = LOG_DD(x);
    return l.hi + l.lo;
}
#if defined(__AVX512F__)
static inline vd d_log2(vd x) { return log_fast_b(x, LOG2E_HI, LOG2E_LO, TLB2); }
static inline vd d_log10(vd x) { return log_fast_b(x, LOG10E_HI, LOG10E_LO, TLB10); }
#else
static inline vd d_log2(vd x) {
    vdd l = LOG_DD(x);
    return vd_fma(l.hi, VD(LOG2E_HI), vd_fma(l.lo, VD(LOG2E_HI), l.hi * LOG2E_LO));
}
static inline vd d_log10(vd x) {
    vdd l = LOG_DD(x);
    return vd_fma(l.hi, VD(LOG10E_HI), vd_fma(l.lo, VD(LOG10E_HI), l.hi * LOG10E_LO));
}
#endif
/* log-like specials: subnormals through the core at x 2^54 with k lowered by 54 (in the
   bits), 0 a pole (-inf), negatives invalid */
#define SPEC_LOGLIKE(NAME, F)                                                                      \
    static inline vd NAME(vd y, vdi ok, vd x) {                                                    \
        vdi sub = vd_gt(x, VD(0.0)) & vd_lt(x, VD(0x1p-1022));                                     \
        if (vdi_any(sub)) {                                                                        \
            vdd l = log_core(vd_sel(sub, x, VD(1.0)) * 0x1p54, VD(-54.0), 1, VD(0.0), 0);          \
            y = vd_sel(sub, F, y);                                                                 \
            ok |= sub;                                                                             \
        }                                                                                          \
        return spec_d(y, ok, x, x == 0.0, VD(-1.0), vd_lt(x, VD(0.0)));                            \
    }
SPEC_LOGLIKE(spec_log, l.hi + l.lo)
SPEC_LOGLIKE(spec_log2, vd_fma(l.hi, VD(LOG2E_HI), vd_fma(l.lo, VD(LOG2E_HI), l.hi *LOG2E_LO)))
SPEC_LOGLIKE(spec_log10, vd_fma(l.hi, VD(LOG10E_HI), vd_fma(l.lo, VD(LOG10E_HI), l.hi *LOG10E_LO)))

/* log1p: u = 1 + x and its error e into the core; e dropped beyond 2^53, where 1/x is below
   2^-58 of the result (and 2^-k would leave the range). Below 2^-60 (zeros, subnormals) the
   result is x. e = x - (u - 1) exactly (2 operations, Fast2Sum on max/min took 4): u - 1 is
   exact for 1/2 <= u <= 2^53 (u >= 1: a multiple of ulp(u) <= 1 below 2u; [1/2, 1):
   Sterbenz) and for u < 1/2, where x < -1/2 makes u = 1 + x itself exact; then x - (u - 1)
   is the rounding error of 1 + x, a double (beyond 2^53 it is not used). */
static inline vdi ok_log1p(vd x) { return vd_gt(x, VD(-1.0)) & vd_lt(x, VD(INFINITY)); }
/* the fast path: 2^-30 <= |x| < 2^53 (no small-|x| branch, no cut of e) */
static inline vd d_log1p_fast(vd x) {
    vd u = 1.0 + x;
    vd e = x - (u - 1.0);
    vdd l = LOG1P_DD(u, e, 2);
    return l.hi + l.lo;
}
static inline vd d_log1p(vd x) {
    vd ax = vd_abs(x);
    vdi small = ax < 0x1p-30;
    vd xs = vd_sel(small, VD(0.0), x);
    vd u = 1.0 + xs;
    vd e = xs - (u - 1.0);
    e = vd_sel(xs < 0x1p53, e, VD(0.0));
    vdd l = LOG1P_DD(u, e, 1);
    /* |x| < 2^-30: x - x^2/2 + x^3/3 (error below 2^-90 relative), one rounding; the hi + lo
       of the core would lose up to 0.4 ULP there (u - 1 and e then cancel) */
    vdi tiny = ax < 0x1p-60;
    vd xt = vd_sel(small & ~tiny, x, VD(0.0));
    vd p = vd_fma(xt, xt * vd_fma(xt, VD(1.0 / 3), VD(-0.5)), xt);
    return vd_sel(small, vd_sel(tiny, x, p), l.hi + l.lo);
}
static inline vd spec_log1p(vd y, vdi ok, vd x) {
    return spec_d(y, ok, x, x == -1.0, x, vd_lt(x, VD(-1.0)));
}

/* arcsinh(a) = log(a + sqrt(a^2 + 1)), the argument as a double-double: a^2 exact in two
   parts, b = 1 + a^2 and its error a^2 - (b - 1) (exact, as log1p's), the square root corrected by (b - s^2 + bl)/(2s) (divided: for
   a small the result is near a and the correction, up to 2^-53, must be exact to 2^-60 a),
   a + s by Fast2Sum: absolute error below 2^-100, so the core's bound holds. a >= 2^28: log(2a)
   (the neglected 1/(4a^2) is below 2^-58), 2a formed in the bits; a < 2^-28: a (a^3/6 is below
   2^-57 a). */
static inline vdi ok_finite(vd x) { return vd_lt(vd_abs(x), VD(INFINITY)); }
static inline vd d_arcsinh_(vd x, const int full) {
    vd a = vd_abs(x);
    /* the fast path has neither */
    vdi big = full ? a >= 0x1p28 : (vdi){0}, tiny = full ? a < 0x1p-28 : (vdi){0};
    vd as = vd_sel(big | tiny, VD(0.0), a);
    vd a2 = as * as, a2e = vd_fms(as, as, a2);
    vd b = 1.0 + a2;
    vd bl = (a2 - (b - 1.0)) + a2e;
    vd s = vd_sqrt(b);
    vd sl = (vd_fnma(s, s, b) + bl) / (s + s);
    vd uh = s + as;
    vd ul = (as - (uh - s)) + sl;
    vdd l =
        log_core(vd_sel(big, a, uh), vd_sel(big, VD(1.0), VD(0.0)), 1, vd_sel(big, VD(0.0), ul),
                 full ? 1 : 2);
    return vd_xorsign(vd_sel(tiny, a, l.hi + l.lo), x);
}
static inline vd d_arcsinh(vd x) { return d_arcsinh_(x, 1); }
static inline vd d_arcsinh_fast(vd x) { return d_arcsinh_(x, 0); }
static inline vd spec_arcsinh(vd y, vdi ok, vd x) {
    vdi no = ok & ~ok;
    return spec_d(y, ok, x, no, x, no);
}

/* arccosh(x) = log(x + sqrt(x^2 - 1)): x^2 - 1 = (x - 1)(x + 1) as d + dl (x - 1 exact, x + 1
   by Fast2Sum, the product's error by FMA: |dl| <= 2^-53 d, and a short dependency chain to
   the square root), then as arcsinh. x = 1 gives +0. x >= 2^28: log(2x). */
static inline vdi ok_arccosh(vd x) { return vd_ge(x, VD(1.0)) & vd_lt(x, VD(INFINITY)); }
static inline vd d_arccosh_(vd x, const int full) {
    vdi big = full ? x >= 0x1p28 : (vdi){0};
    vd xs = vd_sel(big, VD(1.0), x);
    vd xm = xs - 1.0, xp = xs + 1.0, xpl = (xs - xp) + 1.0;
    vd d = xm * xp, dl = vd_fma(xm, xpl, vd_fms(xm, xp, d));
    vd s = vd_sqrt(d);
    vd sl = (vd_fnma(s, s, d) + dl) * (0.5 * vd_rcp_approx(vd_max(s, VD(0x1p-30))));
    vd uh = xs + s;
    vd ul = (s - (uh - xs)) + sl;
    vdd l =
        log_core(vd_sel(big, x, uh), vd_sel(big, VD(1.0), VD(0.0)), 1, vd_sel(big, VD(0.0), ul),
                 full ? 1 : 2);
    return l.hi + l.lo;
}
static inline vd d_arccosh(vd x) { return d_arccosh_(x, 1); }
static inline vd d_arccosh_fast(vd x) { return d_arccosh_(x, 0); }
static inline vd spec_arccosh(vd y, vdi ok, vd x) {
    return spec_d(y, ok, x, ok & ~ok, x, vd_lt(x, VD(1.0)));
}

/* arctanh(a) = log(u)/2 with u = (1 + a)/(1 - a) formed directly (no log1p step on 2a/(1 - a)):
   1 + a and 1 - a as double-doubles (Fast2Sum, 1 >= a), uh = nh/dh rounded, and the residual
   en = nh - uh dh - uh dl + nl (the first FMA's exact: uh is the rounded quotient), so that
   u = uh (1 + en/nh) to 2^-100 and log u = log uh + en/nh (|en/nh| <= 2^-51.4; the square
   dropped is below 2^-102). 1/nh by rcp and one Newton step (2^-28 at avx512, 2^-22.8 at
   avx2): en/nh errs by at most 2^-74, below 2^-58 of the result for a >= 2^-16. The term is
   added to the low part of log_core(uh) (cheaper than the core's double-double input).
   a < 2^-16: a + a^3/3 (a^5/5 is below 2^-64 a), one rounding; a < 2^-28: a (no underflow). */
static inline vdi ok_arctanh(vd x) { return vd_lt(vd_abs(x), VD(1.0)); }
static inline vd d_arctanh_(vd x, const int full) {
    vd a = vd_abs(x);
    vdi small = full ? a < 0x1p-16 : (vdi){0}, tiny = full ? a < 0x1p-28 : (vdi){0};
    vd as = vd_sel(small, VD(0.25), a);
    vd dh = 1.0 - as, dl = (1.0 - dh) - as;
    vd nh = 1.0 + as, nl = (1.0 - nh) + as;
    vd uh = nh / dh;
    vd en = vd_fnma(uh, dl, vd_fnma(uh, dh, nh)) + nl;
    vd y = vd_rcp_approx(nh);
    y = vd_fma(y, vd_fnma(nh, y, VD(1.0)), y);
    vdd l = log_dd(uh);
    vd res = 0.5 * (l.hi + vd_fma(en, y, l.lo));
    if (full) {
        vd at = vd_sel(small & ~tiny, a, VD(0.0));
        res = vd_sel(small, vd_sel(tiny, a, vd_fma(at * at, at * (1.0 / 3), at)), res);
    }
    return vd_xorsign(res, x);
}
static inline vd d_arctanh(vd x) { return d_arctanh_(x, 1); }
static inline vd d_arctanh_fast(vd x) { return d_arctanh_(x, 0); }
static inline vd spec_arctanh(vd y, vdi ok, vd x) {
    vd a = vd_abs(x);
    return spec_d(y, ok, x, a == 1.0, x, vd_gt(a, VD(1.0)));
}

/* ---- the fast paths' tests: one integer subtraction and one unsigned compare per range
   (lo <= a < hi for a >= 0 or NaN, on the bits; a NaN or a negative a fails), straight to a
   lane bit mask at avx512 ---- */
#if defined(__AVX512F__)
#define ALL_LTU_D(a, b)                                                                            \
    (_mm512_cmplt_epu64_mask((__m512i)(a), _mm512_set1_epi64((int64_t)(b))) == 0xff)
#else
#define ALL_LTU_D(a, b) vdi_all((vdi)((vdu)(a) < (b)))
#endif
static inline uint64_t bits_d(double x) {
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}
/* every lane of a (>= 0 or NaN) in [lo, hi) */
#define ALL_IN_D(a, lo, hi) ALL_LTU_D((vdu)(a)-bits_d(lo), bits_d(hi) - bits_d(lo))

/* log, log2, log10: a positive normal x (at avx512 one fpclass: NaN, zero, infinity, subnormal
   or negative, 1 uop, where the subtraction and compare on the bits are 2; below). log1p:
   x > -1 and 2^-30 <= |x| < 2^53: x + 1 in (0, 2^53 + 1) with x in the second range. */
#if !defined(__AVX512F__)
static inline bool all_log_d(vd x) { return ALL_IN_D(x, 0x1p-1022, INFINITY); }
static inline bool all_log1p_d(vd x) {
    return ALL_IN_D(vd_abs(x), 0x1p-30, 0x1p53) && ALL_LTU_D(x, bits_d(-1.0));
}
#endif
static inline bool all_arcsinh_d(vd x) { return ALL_IN_D(vd_abs(x), 0x1p-28, 0x1p28); }
static inline bool all_arccosh_d(vd x) { return ALL_IN_D(x, 1.0, 0x1p28); }
static inline bool all_arctanh_d(vd x) { return ALL_IN_D(vd_abs(x), 0x1p-16, 1.0); }

/* the pair tests of the loops: every lane of both vectors on the fast path. At avx512, log's
   and log1p's meet in one kortest on the lanes off the path (the bits-and-compare form took a
   kmov per vector and an or) */
#define ALL2(name, f)                                                                              \
    static inline bool name(vd a, vd b) { return (int)f(a) & (int)f(b); }
ALL2(all2_arcsinh_d, all_arcsinh_d)
ALL2(all2_arccosh_d, all_arccosh_d)
ALL2(all2_arctanh_d, all_arctanh_d)
#if defined(__AVX512F__)
static inline bool all2_log_d(vd a, vd b) {
    return _kortestz_mask8_u8(_mm512_fpclass_pd_mask(a, 0xff), _mm512_fpclass_pd_mask(b, 0xff));
}
/* as all_log1p_d: |x| off [2^-30, 2^53) or x at or below -1 (on the bits, unsigned) */
static inline __mmask8 off_log1p_d(vd x) {
    __m512i u = (__m512i)x, a = (__m512i)vd_abs(x);
    __mmask8 k = _mm512_cmpge_epu64_mask(_mm512_sub_epi64(a, _mm512_set1_epi64(0x3e10000000000000)),
                                         _mm512_set1_epi64(0x4340000000000000 - 0x3e10000000000000));
    return k | _mm512_cmpge_epu64_mask(u, _mm512_set1_epi64((int64_t)0xbff0000000000000u));
}
static inline bool all2_log1p_d(vd a, vd b) {
    return _kortestz_mask8_u8(off_log1p_d(a), off_log1p_d(b));
}
#else
ALL2(all2_log_d, all_log_d)
ALL2(all2_log1p_d, all_log1p_d)
#endif

/* ---- the loops ---- */
/* ALLF/EVALF: the fast path (every lane ALLF), OK/EVAL: the full one (SPEC for lanes not OK);
   the vector-level maker: both vectors of a step tested before either is stored */
#define VM_LOOP(name, T, V, L, LD, ST, ALLV, SEL, ALLF, EVALF, OK, EVAL, SAFE, SPEC)               \
    static inline bool name##_pair(V a, V b, V *ya, V *yb) {                                       \
        if (!ALLF(a, b)) return false;                                                             \
        *ya = EVALF(a);                                                                            \
        *yb = EVALF(b);                                                                            \
        return true;                                                                               \
    }                                                                                              \
    static inline V name##_fullv(V x) {                                                            \
        __typeof__(OK(x)) ok = OK(x);                                                              \
        V y = EVAL(SEL(ok, x, (V){0} + (SAFE)));                                                   \
        return ALLV(ok) ? y : SPEC(y, ok, x);                                                      \
    }                                                                                              \
    ND_VMATH_UNARY_PAIR_(name, T, name##_fullv)
#define VM_F64X(name, ...)                                                                         \
    VM_LOOP(name, double, vd, ND_LD, vd_ld, vd_st, vdi_all, vd_sel, __VA_ARGS__)

VM_F64X(k_log_f64, all2_log_d, d_log, ok_pos_normal, d_log, 1.0, spec_log)
VM_F64X(k_log2_f64, all2_log_d, d_log2, ok_pos_normal, d_log2, 1.0, spec_log2)
VM_F64X(k_log10_f64, all2_log_d, d_log10, ok_pos_normal, d_log10, 1.0, spec_log10)
VM_F64X(k_log1p_f64, all2_log1p_d, d_log1p_fast, ok_log1p, d_log1p, 0.0, spec_log1p)
VM_F64X(k_arcsinh_f64, all2_arcsinh_d, d_arcsinh_fast, ok_finite, d_arcsinh, 0.0, spec_arcsinh)
VM_F64X(k_arccosh_f64, all2_arccosh_d, d_arccosh_fast, ok_arccosh, d_arccosh, 1.0, spec_arccosh)
VM_F64X(k_arctanh_f64, all2_arctanh_d, d_arctanh_fast, ok_arctanh, d_arctanh, 0.0, spec_arctanh)

#endif

void ND_K(nd_kfill_vm_log)(nd_ktable *t) {
#ifdef ND_VMATH
#if defined(__AVX512F__)
    for (int i = 0; i < 16; i++) TLB2[i] = TL[i] * LOG2E_HI, TLB10[i] = TL[i] * LOG10E_HI;
#endif
    ND_REG(t, LOG, float64, k_log_f64);
    ND_REG(t, LOG2, float64, k_log2_f64);
    ND_REG(t, LOG10, float64, k_log10_f64);
    ND_REG(t, LOG1P, float64, k_log1p_f64);
    ND_REG(t, ARCSINH, float64, k_arcsinh_f64);
    ND_REG(t, ARCCOSH, float64, k_arccosh_f64);
    ND_REG(t, ARCTANH, float64, k_arctanh_f64);
#else
    (void)t;
#endif
}
