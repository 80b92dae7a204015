/* nd's own float32 kernels of the log family (log, log2, log10, log1p, arcsinh, arccosh,
   arctanh) and of power and cbrt, at the avx2 and avx512 levels, overlaying vm_log.c's and
   vm_pow.c's float32 ones (filled after vm_pow). Flags as NumPy's: a pole (log(0), log1p(-1),
   arctanh(+-1)) divides by zero, an argument off the domain is invalid, a result equal to a
   tiny argument is the argument (no underflow), nothing else raises anything but inexact.
   Measured maxima (MPFR, tests/test_accuracy.c, and exhaustive checks over every float32) are
   in docs/accuracy.md. */
#include "generic/vmath.h"

#ifdef ND_VMATH

#define VF(c) ((vf){0} + (c))

/* x rounded to a multiple of 1/16 (ties to even): one instruction at avx512 */
#if defined(__AVX512F__)
#define ROUND16_F(x, magic)                                                                        \
    _mm512_roundscale_ps((x), (4 << 4) | _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC)
#else
#define ROUND16_F(x, magic) (((x) + (magic)) - (magic))
#endif

#if !defined(__AVX512F__)
/* ---- the avx2 core (avx512 has its own, log512 below): the same steps as float64's (vm_log.c) in
   float (k ln2_hi + LH exact as multiples of 2^-16 below 2^7, r exact: m c has at most 29 bits). q
   of degree 3 (fit as Q8, weighted by |r|, on |r| <= 0.0446): r^2 q errs by at most 2^-26.6 of r.
   Where c = 1 the result is about r, so that is 0.16 ULP at most; elsewhere |r| <= 0.0435 against a
   result of at least 0.03 (|log c|
   >= ln(17/16) = 0.0606), the same bound. The result is within about 0.7 ULP. ---- */
static const float LHF[16] = {
    0x0.0p+0f, -0x1.f0ap-5f, -0x1.e27p-4f, -0x1.5ffp-3f, -0x1.c9p-3f,  -0x1.1674p-2f, 0, 0, 0, 0,
    0,         0x1.7fbp-2f,  0x1.2698p-2f, 0x1.a94p-3f,  0x1.1178p-3f, 0x1.086p-4f};
static const float LLF[16] = {0x0.0p+0f,
                              -0x1.86008cp-20f,
                              -0x1.db8abcp-22f,
                              -0x1.83853cp-18f,
                              0x1.070cacp-20f,
                              -0x1.cababap-18f,
                              0,
                              0,
                              0,
                              0,
                              0,
                              -0x1.7109fap-20f,
                              -0x1.deecb2p-18f,
                              -0x1.2c3752p-19f,
                              0x1.d044fcp-20f,
                              -0x1.9d2988p-18f};
#endif
#define LN2_HIF 0x1.62e4p-1f /* 16 bits */
#define LN2_LOF 0x1.7f7d1cp-20f
#define LOG2E_HIF 0x1.715476p+0f
#define LOG2E_LOF 0x1.4ae0cp-26f
#define LOG10E_HIF 0x1.bcb7b2p-2f
#define LOG10E_LOF -0x1.5b235ep-27f
#if !defined(__AVX512F__)
static const float QF[4] = {-0x1p-1f, 0x1.55553ep-2f, -0x1.006c9ap-2f, 0x1.9a85d0p-3f};
#endif

/* T[j & 15] at avx2 (the avx512 kernels use none): two in-register permutes and a blend on
   bit 3 (vf_lut16's gather is slower on this path) */
#if !defined(__AVX512F__)
static inline vf lut16f(const float *T, vfi j) {
    __m256 lo = _mm256_permutevar8x32_ps(_mm256_loadu_ps(T), (__m256i)j);
    __m256 hi = _mm256_permutevar8x32_ps(_mm256_loadu_ps(T + 8), (__m256i)j);
    return (vf)_mm256_blendv_ps(lo, hi, (__m256)((vfu)j << 28));
}
#endif

static inline vf rcpf_approx(vf x) {
#if defined(__AVX512F__)
    return _mm512_rcp14_ps(x);
#else
    return _mm256_rcp_ps(x);
#endif
}

typedef struct {
    vf hi, lo;
} vfd;

#if !defined(__AVX512F__)
static inline void split_f(vf x, vf *m, vf *k, vfu *kb) {
#if defined(__AVX512F__)
    *m = _mm512_getmant_ps(x, _MM_MANT_NORM_p75_1p5, _MM_MANT_SIGN_src);
    vf e = _mm512_getexp_ps(x);
    *k = _mm512_mask_add_ps(e, _mm512_cmp_ps_mask(*m, VF(1.0f), _CMP_LT_OQ), e, VF(1.0f));
    *kb = (vfu){0};
#else
    vfu u = (vfu)x + 0x40c00000u; /* + 256 2^23 - bits(0.75f) */
    *kb = u >> 23;
    *m = (vf)((u & 0x007fffffu) + 0x3f400000u);
    *k = (vf)(*kb + 0x4b400000u) - (0x1.8p23f + 256);
#endif
}
static inline vf scale_f(vf c, vf k, vfu kb) {
#if defined(__AVX512F__)
    (void)kb;
    return _mm512_scalef_ps(c, vf_max(-k, VF(-120.0f)));
#else
    (void)k;
    return (vf)((0xbf800000u - (kb << 23)) & (vfu)((vfi)kb < 256 + 120)) * c;
#endif
}

/* as log_core, in float */
static inline __attribute__((always_inline)) vfd logf_core(vf x, vf kadj, const int adj, vf e,
                                                           const int dd) {
    vf m, k;
    vfu kb;
    split_f(x, &m, &k, &kb);
    vf rc = rcpf_approx(m);
    vfi j = (vfi)(rc + 0x1.8p19f);
    vf c = ROUND16_F(rc, 0x1.8p19f);
    vf r = vf_fms(m, c, VF(1.0f));
    vf s = dd ? scale_f(c, k, kb) : VF(0.0f);
    if (adj) k = k + kadj;
    vf t1 = vf_fma(k, VF(LN2_HIF), lut16f(LHF, j));
    vf t2 = t1 + r;
    vf lo = vf_fma(k, VF(LN2_LOF), lut16f(LLF, j)) + (r - (t2 - t1));
    if (dd) lo = vf_fma(e * s, VF(1.0f) - r, lo);
    vf r2 = r * r;
    vf q01 = vf_fma(r, VF(QF[1]), VF(QF[0])), q23 = vf_fma(r, VF(QF[3]), VF(QF[2]));
    vf q = vf_fma(r2, q23, q01);
    return (vfd){t2, vf_fma(r2, q, lo)};
}

#endif /* !__AVX512F__ */
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
SPEC(spec_f, vf, vfi, vf_sel, vfi_any, vf_sqrt)

/* ---- float32, in float ---- */

/* log, log2, log10: native float; subnormals (FULL) through the core at x 2^23 */
#if !defined(__AVX512F__)
static inline vfi okf_pos_normal(vf x) { return (vfi)((vfu)x - 0x00800000u < 0x7f000000u); }
static inline vf nf_log(vfd l) { return l.hi + l.lo; }
static inline vf nf_log2(vfd l) {
    return vf_fma(l.hi, VF(LOG2E_HIF), vf_fma(l.lo, VF(LOG2E_HIF), l.hi * LOG2E_LOF));
}
static inline vf nf_log10(vfd l) {
    return vf_fma(l.hi, VF(LOG10E_HIF), vf_fma(l.lo, VF(LOG10E_HIF), l.hi * LOG10E_LOF));
}
#define NF_LOGLIKE(NAME, F)                                                                        \
    static inline vf NAME##_eval(vf x) { return F(logf_core(x, VF(0.0f), 0, VF(0.0f), 0)); }       \
    static inline vf NAME##_spec(vf y, vfi ok, vf x) {                                             \
        vfi sub = vf_gt(x, VF(0.0f)) & vf_lt(x, VF(0x1p-126f));                                    \
        if (vfi_any(sub)) {                                                                        \
            vfd l = logf_core(vf_sel(sub, x, VF(1.0f)) * 0x1p23f, VF(-23.0f), 1, VF(0.0f), 0);     \
            y = vf_sel(sub, F(l), y);                                                              \
            ok |= sub;                                                                             \
        }                                                                                          \
        return spec_f(y, ok, x, x == 0.0f, VF(-1.0f), vf_lt(x, VF(0.0f)));                         \
    }
NF_LOGLIKE(nf_log, nf_log)
NF_LOGLIKE(nf_log2, nf_log2)
NF_LOGLIKE(nf_log10, nf_log10)
#endif

#if defined(__AVX512F__)
/* ---- log, log2, log10 at avx512: a shorter core, one rounding at the end of an exact sum ----
   x = 2^k m, m in [0.75, 1.5) by getmant, g = getexp(x) (k = g, or g + 1 where m < 1: that
   step is in the tables, by the index). The top five bits of m's fraction index 32
   subintervals (width 1/32 on [1, 1.5), 1/64 on [0.75, 1); i >= 16 exactly where m < 1);
   c = INVC32[i], a multiple of 1/32 nearest 1/m there, so r = m c - 1 is exact (|r| < 2^-4.9,
   and m c has at most 28 significant bits above r's last one). Where m is within
   [0.953, 1.094) (six subintervals) c = 1: r = m - 1, up to 0.094; elsewhere |r| <= 0.034.
   For F = log, log2, log10 (s = 1, 1/ln2, 1/ln10; K = F(2)):
     F(x) = g K + [(k - g) K - s log c] + s log1p(r)
   with TH[i] (the bracket to a multiple of 2^-15) and g KH (KH = K to 15 bits; 1 for log2)
   exact, so t1 = g KH + TH is exact (below 2^7 on a 2^-15 grid); the rest, p = TL[i] + g KL +
   s r + r^2 q(r) (q of degree 4, fit to s (log1p(r) - r)/r^2 on [-0.0475, 0.0945], weighted by
   |r|: 2^-29 of the result), is small against the result: where c != 1, |p| <= 0.25 |F(x)|
   (the subintervals next to c = 1's start 0.047 and 0.094 away from 1, |r| <= 0.034 there);
   where c = 1 and k = 0, t1 = 0 and p is the result (s r exact inside the last FMA); where
   c = 1 and k != 0, |F(x)| >= K - 0.094 s against |p| <= 0.094 s. So p's one rounding is at
   most 1/4 ULP of the result, r^2 q's roundings about 2^-24 of 0.04 of it, and the final
   t1 + p rounds once: within about 0.5 + 0.25 + 0.05 ULP (measured over every float32: see
   docs/accuracy.md). 17 vector operations (log2), 18 (log, log10); the core it replaces at
   this level took 22-25. Tables: 60-digit arithmetic (mpmath), each value rounded once. */
static const float INVC32[32] = {
    0x1p+0f,   0x1p+0f,    0x1p+0f,    0x1.dp-1f, 0x1.cp-1f,  0x1.bp-1f, 0x1.bp-1f, 0x1.ap-1f,
    0x1.9p-1f, 0x1.9p-1f,  0x1.8p-1f,  0x1.8p-1f, 0x1.7p-1f,  0x1.6p-1f, 0x1.6p-1f, 0x1.6p-1f,
    0x1.5p+0f, 0x1.48p+0f, 0x1.48p+0f, 0x1.4p+0f, 0x1.38p+0f, 0x1.3p+0f, 0x1.3p+0f, 0x1.28p+0f,
    0x1.2p+0f, 0x1.2p+0f,  0x1.18p+0f, 0x1.1p+0f, 0x1.1p+0f,  0x1p+0f,   0x1p+0f,   0x1p+0f};
/* INVC32 halved where m < 1 (i >= 16) */
static const float CHALF32[32] = {
    0x1p+0f,   0x1p+0f,    0x1p+0f,    0x1.dp-1f, 0x1.cp-1f,  0x1.bp-1f, 0x1.bp-1f, 0x1.ap-1f,
    0x1.9p-1f, 0x1.9p-1f,  0x1.8p-1f,  0x1.8p-1f, 0x1.7p-1f,  0x1.6p-1f, 0x1.6p-1f, 0x1.6p-1f,
    0x1.5p-1f, 0x1.48p-1f, 0x1.48p-1f, 0x1.4p-1f, 0x1.38p-1f, 0x1.3p-1f, 0x1.3p-1f, 0x1.28p-1f,
    0x1.2p-1f, 0x1.2p-1f,  0x1.18p-1f, 0x1.1p-1f, 0x1.1p-1f,  0x1p-1f,   0x1p-1f,   0x1p-1f}; /* dd 3 (arccosh) */
/* per function: TH, TL (32 each), KH, KL, q (5), s as ILH + ILL (60-digit arithmetic) */
static const float LN_TH[32] = {
    0x0p+0f,      0x0p+0f,      0x0p+0f,      0x1.934p-4f,  0x1.118p-3f,  0x1.5bfp-3f,
    0x1.5bfp-3f,  0x1.a94p-3f,  0x1.f99p-3f,  0x1.f99p-3f,  0x1.2698p-2f, 0x1.2698p-2f,
    0x1.5228p-2f, 0x1.7fbp-2f,  0x1.7fbp-2f,  0x1.7fbp-2f,  0x1.af5p-2f,  0x1.c8p-2f,
    0x1.c8p-2f,   0x1.e148p-2f, 0x1.fb38p-2f, 0x1.0ae8p-1f, 0x1.0ae8p-1f, 0x1.189p-1f,
    0x1.2698p-1f, 0x1.2698p-1f, 0x1.3504p-1f, 0x1.43d8p-1f, 0x1.43d8p-1f, 0x1.62e4p-1f,
    0x1.62e4p-1f, 0x1.62e4p-1f};
static const float LN_TL[32] = {
    0x0p+0f,          0x0p+0f,          0x0p+0f,          -0x1.43454ep-17f, -0x1.c5f76p-17f,
    0x1.01ad5p-17f,   0x1.01ad5p-17f,   -0x1.2c3752p-19f, 0x1.c6cb3cp-19f,  0x1.c6cb3cp-19f,
    -0x1.deecb2p-18f, -0x1.deecb2p-18f, 0x1.7039c6p-17f,  -0x1.7109fap-20f, -0x1.7109fap-20f,
    -0x1.7109fap-20f, 0x1.4a9246p-17f,  -0x1.8e2eaap-20f, -0x1.8e2eaap-20f, 0x1.4344e4p-19f,
    -0x1.3a842ep-17f, -0x1.23a5f6p-18f, -0x1.23a5f6p-18f, -0x1.1bf0dcp-17f, -0x1.deecb2p-17f,
    -0x1.deecb2p-17f, -0x1.752628p-17f, 0x1.ff2f92p-17f,  0x1.ff2f92p-17f,  0x1.7f7d1cp-20f,
    0x1.7f7d1cp-20f,  0x1.7f7d1cp-20f};
static const float LN_Q[5] = {-0x1.fffffep-2f, 0x1.555572p-2f, -0x1.000f02p-2f, 0x1.99b4dap-3f,
                              -0x1.32138ep-3f};
static const float L2_TH[32] = {
    0x0p+0f,      0x0p+0f,      0x0p+0f,      0x1.22ep-3f, 0x1.8a9p-3f, 0x1.f6p-3f,   0x1.f6p-3f,
    0x1.32cp-2f,  0x1.6cbp-2f,  0x1.6cbp-2f,  0x1.a9p-2f,  0x1.a9p-2f,  0x1.e7ep-2f,  0x1.14c4p-1f,
    0x1.14c4p-1f, 0x1.14c4p-1f, 0x1.3724p-1f, 0x1.48fp-1f, 0x1.48fp-1f, 0x1.5b2cp-1f, 0x1.6dep-1f,
    0x1.811p-1f,  0x1.811p-1f,  0x1.94c4p-1f, 0x1.a9p-1f,  0x1.a9p-1f,  0x1.bddp-1f,  0x1.d338p-1f,
    0x1.d338p-1f, 0x1p+0f,      0x1p+0f,      0x1p+0f};
static const float L2_TL[32] = {
    0x0p+0f,          0x0p+0f,          0x0p+0f,          -0x1.48f554p-17f, -0x1.9fd502p-17f,
    -0x1.3ab7cep-18f, -0x1.3ab7cep-18f, -0x1.1c8f12p-22f, 0x1.ed0cbap-19f,  0x1.ed0cbap-19f,
    -0x1.a39fbep-20f, -0x1.a39fbep-20f, -0x1.40358ep-19f, 0x1.60fe68p-17f,  0x1.60fe68p-17f,
    0x1.60fe68p-17f,  -0x1.d448f8p-17f, -0x1.0e6ce8p-17f, -0x1.0e6ce8p-17f, 0x1.ed0cbap-20f,
    -0x1.eac382p-20f, -0x1.6b9026p-19f, -0x1.6b9026p-19f, -0x1.78b6d4p-17f, -0x1.a39fbep-19f,
    -0x1.a39fbep-19f, -0x1.62336ap-17f, 0x1.20a6dep-21f,  0x1.20a6dep-21f,  0x0p+0f,
    0x0p+0f,          0x0p+0f};
static const float L2_Q[5] = {-0x1.715474p-1f, 0x1.ec70c8p-2f, -0x1.716a1ep-2f, 0x1.278a6ep-2f,
                              -0x1.b9932cp-3f};
static const float L10_TH[32] = {
    0x0p+0f,      0x0p+0f,      0x0p+0f,      0x1.5e4p-5f, 0x1.db2p-5f, 0x1.2e4p-4f,  0x1.2e4p-4f,
    0x1.716p-4f,  0x1.b72p-4f,  0x1.b72p-4f,  0x1.ffcp-4f, 0x1.ffcp-4f, 0x1.25b8p-3f, 0x1.4d4p-3f,
    0x1.4d4p-3f,  0x1.4d4p-3f,  0x1.76a8p-3f, 0x1.8c1p-3f, 0x1.8c1p-3f, 0x1.a208p-3f, 0x1.b89p-3f,
    0x1.cfa8p-3f, 0x1.cfa8p-3f, 0x1.e76p-3f,  0x1.ffcp-3f, 0x1.ffcp-3f, 0x1.0c68p-2f, 0x1.194cp-2f,
    0x1.194cp-2f, 0x1.344p-2f,  0x1.344p-2f,  0x1.344p-2f};
static const float L10_TL[32] = {
    0x0p+0f,          0x0p+0f,          0x0p+0f,          -0x1.a65206p-19f, -0x1.c25132p-18f,
    -0x1.62fd22p-18f, -0x1.62fd22p-18f, -0x1.798e4cp-19f, 0x1.cd1716p-20f,  0x1.cd1716p-20f,
    -0x1.ea21c4p-23f, -0x1.ea21c4p-23f, 0x1.410ad8p-18f,  0x1.fc13aep-18f,  0x1.fc13aep-18f,
    0x1.fc13aep-18f,  -0x1.d1a24p-18f,  0x1.a1bb4ap-18f,  0x1.a1bb4ap-18f,  0x1.a84fbcp-19f,
    -0x1.983068p-19f, 0x1.cecb98p-20f,  0x1.cecb98p-20f,  0x1.24046cp-19f,  -0x1.ea21c4p-22f,
    -0x1.ea21c4p-22f, -0x1.dc52a8p-19f, -0x1.884212p-19f, -0x1.884212p-19f, 0x1.3509f8p-18f,
    0x1.3509f8p-18f,  0x1.3509f8p-18f};
static const float L10_Q[5] = {-0x1.bcb7aep-3f, 0x1.287a9p-3f, -0x1.bcd1c4p-4f, 0x1.63ddd4p-4f,
                               -0x1.09dac4p-4f};
/* LN_TH halved (exact: a 2^-15 grid), for arctanh; filled with the kernel table */
static float LN_TH2[32];
#define LN_KH 0x1.62e4p-1f
#define LN_KL 0x1.7f7d1cp-20f
#define L10_KH 0x1.344p-2f
#define L10_KL 0x1.3509f8p-18f

/* T[i & 31]: one two-table permute */
static inline vf lut32f(const float *T, vfi i) {
    return (vf)_mm512_permutex2var_ps(_mm512_loadu_ps(T), (__m512i)i, _mm512_loadu_ps(T + 16));
}

/* F(x 2^eadj) for x >= 2^-125 (adj: eadj given); op 0 log, 1 log2, 2 log10. dd (log only):
   log(x + ex), the term ex/x (by rcp14 and a Newton step, 2^-28 relative) added to p
   (|ex| <= 2^-22 x, as the callers give). dd 2 (arctanh,
   op 0, adj 0): (log(x) + ex eadj)/2, the caller's log1p of its correction as two factors, and
   the halving in the last FMA (t1/2 exact from halved TH and KH: the same bits as halving the
   sum, one operation fewer). */
static inline __attribute__((always_inline)) vf log512(vf x, vf eadj, const int adj, const int op,
                                                       vf ex, const int dd) {
    const float *TH = dd == 2 ? LN_TH2 : op == 0 ? LN_TH : op == 1 ? L2_TH : L10_TH;
    const float *TL = op == 0 ? LN_TL : op == 1 ? L2_TL : L10_TL;
    const float *Q = op == 0 ? LN_Q : op == 1 ? L2_Q : L10_Q;
    vf m = _mm512_getmant_ps(x, _MM_MANT_NORM_p75_1p5, _MM_MANT_SIGN_zero);
    vf e = _mm512_getexp_ps(x);
    if (adj && dd != 2) e = e + eadj;
    vfi i = (vfi)((vfu)m >> 18);
    vf c = lut32f(INVC32, i);
    vf r = vf_fma(m, c, VF(-1.0f));
    vf t1 = op == 1 ? e + lut32f(TH, i)
                    : vf_fma(e, VF(dd == 2 ? 0.5f * LN_KH : op == 0 ? LN_KH : L10_KH), lut32f(TH, i));
    vf lo = op == 1 ? lut32f(TL, i) : vf_fma(e, VF(op == 0 ? LN_KL : L10_KL), lut32f(TL, i));
    /* ex/x by rcp14 and one Newton step folded into the last FMA: g (2 - x g) is 1/x to
       2^-28 (rcp14's 2^-14 squared, plus 2^-24 for rounding 2 - x g), four operations where
       the table's c 2^-k (1 - r) took six (a permute, a sign flip, scalef, two products and
       1 - r) */
    if (dd == 1) {
        vf g = _mm512_rcp14_ps(x);
        lo = vf_fma(ex * g, vf_fnma(x, g, VF(2.0f)), lo);
    }
    /* dd 3 (arccosh: measured 1-4% slower with rcp14 in process, near the noise; its root's
       rsqrt14 shares the port): c 2^-k = CHALF[i] 2^-getexp(x), k one more than getexp where m < 1 (i >= 16),
       and 1/(1 + r) as 1 - r (the dropped r^2 is below 2^-7 of a term below 2^-20 of the
       result) */
    if (dd == 3) lo = vf_fma(ex * _mm512_scalef_ps(lut32f(CHALF32, i), -e), VF(1.0f) - r, lo);
    /* dd 2 (arctanh; adj 0): log(1 + dl) = ex eadj, given as two factors (one FMA) */
    if (dd == 2) lo = vf_fma(ex, eadj, lo);
    vf inner;
    if (op == 0) {
        vf r2 = r * r;
        vf q01 = vf_fma(r, VF(Q[1]), VF(Q[0])), q23 = vf_fma(r, VF(Q[3]), VF(Q[2]));
        vf q = vf_fma(r2, vf_fma(r2, VF(Q[4]), q23), q01);
        inner = vf_fma(r2, q, lo);
    } else {
        /* s_lo r + r^2 q(r) = r (s_lo + r q(r)): by Horner with s_lo as the constant term, one
           operation fewer than r^2 and Estrin (the loop is bound by the operations' count) */
        vf q = vf_fma(r, VF(Q[4]), VF(Q[3]));
        q = vf_fma(q, r, VF(Q[2]));
        q = vf_fma(q, r, VF(Q[1]));
        q = vf_fma(q, r, VF(Q[0]));
        q = vf_fma(q, r, VF(op == 1 ? LOG2E_LOF : LOG10E_LOF));
        inner = vf_fma(r, q, lo);
    }
    vf p = op == 0 ? r + inner : vf_fma(r, VF(op == 1 ? LOG2E_HIF : LOG10E_HIF), inner);
    return dd == 2 ? vf_fma(p, VF(0.5f), t1) : t1 + p;
}
/* below 2^-125 (subnormals too): the core at x 2^24 with 24 off the exponent; 0 a pole,
   negatives invalid */
#define L512(NAME, OP)                                                                             \
    static inline vf NAME##_eval(vf x) { return log512(x, VF(0.0f), 0, OP, VF(0.0f), 0); }         \
    static inline vf NAME##_spec(vf y, vfi ok, vf x) {                                             \
        vfi sub = vf_gt(x, VF(0.0f)) & vf_lt(x, VF(0x1p-126f));                                    \
        if (vfi_any(sub)) {                                                                        \
            y = vf_sel(sub,                                                                        \
                       log512(vf_sel(sub, x, VF(1.0f)) * 0x1p24f, VF(-24.0f), 1, OP, VF(0.0f), 0), \
                       y);                                                                         \
            ok |= sub;                                                                             \
        }                                                                                          \
        return spec_f(y, ok, x, x == 0.0f, VF(-1.0f), vf_lt(x, VF(0.0f)));                         \
    }
L512(n5_log, 0)
L512(n5_log2, 1)
L512(n5_log10, 2)
static inline vfi ok512_log(vf x) { return (vfi)((vfu)x - 0x00800000u < 0x7f000000u); }
#endif

/* log(x 2^kadj + e) for x >= 2^-125 (the callers' arguments are): the shorter core at avx512 */
static inline __attribute__((always_inline)) vf logf_sum(vf x, vf kadj, const int adj, vf e,
                                                         const int dd) {
#if defined(__AVX512F__)
    return log512(x, kadj, adj, 0, e, dd);
#else
    vfd l = logf_core(x, kadj, adj, e, dd);
    return l.hi + l.lo;
#endif
}

/* log1p, arcsinh, arccosh, arctanh: native float, as their float64 versions with float
   thresholds. |x| < 2^-26: x itself (log1p(x) = x(1 - x/2 ...) rounds to x, no underflow for a
   subnormal x). */
/* log1p(xh + xl), xh >= 2^-18; has_xl 0: xl is 0 (not added: x + 0 is an operation) */
static inline vf logf_dd1p_(vf xh, vf xl, const int has_xl) {
    vf u = 1.0f + xh;
    /* u's error: x - (u - 1), u - 1 exact for u <= 2^24 (log1p): two operations, Fast2Sum
       by max/min four. With xl (arctanh at avx2, u up to 2^25) Fast2Sum. */
    vf e = has_xl ? (vf_max(VF(1.0f), xh) - u) + vf_min(VF(1.0f), xh) + xl : xh - (u - 1.0f);
    return logf_sum(u, VF(0.0f), 0, e, 1);
}
#if !defined(__AVX512F__)
static inline vf logf_dd1p(vf xh, vf xl) { return logf_dd1p_(xh, xl, 1); }
#endif
/* log1p: u = 1 + x and its error into the core; beyond 2^24 the error is dropped (1/x is
   below 2^-28 of the result); below 2^-18 in magnitude (where u - 1 and e would cancel)
   x - x^2/2 + x^3/3 (error 2^-38 relative) */
static inline vf nf_log1p_fast(vf x) { return logf_dd1p_(x, VF(0.0f), 0); }
static inline vfi okf_log1p(vf x) { return vf_gt(x, VF(-1.0f)) & vf_lt(x, VF(INFINITY)); }
static inline vf nf_log1p(vf x) {
    vf ax = vf_abs(x);
    vfi small = ax < 0x1p-18f, tiny = ax < 0x1p-26f;
    vf xs = vf_sel(small, VF(0.0f), x);
    vf u = 1.0f + xs;
    vf e = xs - (u - 1.0f); /* exact for xs < 2^24, as logf_dd1p_'s */
    e = vf_sel(xs < 0x1p24f, e, VF(0.0f));
    vf l = logf_sum(u, VF(0.0f), 0, e, 1);
    vf xt = vf_sel(small & ~tiny, x, VF(0.0f));
    vf p = vf_fma(xt, xt * vf_fma(xt, VF(1.0f / 3), VF(-0.5f)), xt);
    return vf_sel(small, vf_sel(tiny, x, p), l);
}
static inline vf specf_log1p(vf y, vfi ok, vf x) {
    return spec_f(y, ok, x, x == -1.0f, x, vf_lt(x, VF(-1.0f)));
}
/* sqrt(b) (b >= 0) within about 0.5 ULP, so that b - s^2 is exact in an FMA, and *h about
   1/(2 sqrt b) (to 2^-11) for a correction term, bmin <= b a floor for the estimate (b may be
   0). At avx512 rsqrt14 and one Newton step (s0 (3 - b y0^2)/2: relative error 1.5 e^2 + one
   rounding, e <= 2^-14): the 512-bit divider, which vsqrtps needs, is slow on this host */
static inline vf sqrt_h(vf b, vf bmin, vf *h) {
#if defined(__AVX512F__)
    vf y0 = _mm512_rsqrt14_ps(bmin);
    vf s0 = b * y0, h0 = 0.5f * y0;
    *h = h0;
    return vf_fma(s0, vf_fnma(s0, h0, VF(0.5f)), s0);
#else
    vf s = vf_sqrt(b);
    *h = 0.5f * rcpf_approx(vf_max(s, VF(0x1p-20f)));
    (void)bmin;
    return s;
#endif
}

/* arcsinh: as float64's, with the square root's correction from rcp (error 2^-11 of a
   correction of 2^-24, below 2^-28 of the result for a >= 2^-7); a < 2^-7: the odd series to
   a^7 (error 0.03 a^8 relative); a >= 2^13: log(2a) (1/(4a^2) is below 2^-31 of it) */
static inline vfi okf_finite(vf x) { return vf_lt(vf_abs(x), VF(INFINITY)); }
static inline vf nf_arcsinh_(vf x, const int full) {
    vf a = vf_abs(x);
    vfi big = full ? a >= 0x1p13f : (vfi){0}, small = full ? a < 0x1p-7f : (vfi){0},
        tiny = full ? a < 0x1p-26f : (vfi){0};
    vf as = vf_sel(big | small, VF(0.0f), a);
    vf a2 = as * as, a2e = vf_fms(as, as, a2);
    vf b = 1.0f + a2;
    vf bl = ((vf_max(VF(1.0f), a2) - b) + vf_min(VF(1.0f), a2)) + a2e;
    vf h, s = sqrt_h(b, b, &h);
    vf sl = (vf_fnma(s, s, b) + bl) * h;
    vf uh = s + as;
    vf ul = (as - (uh - s)) + sl;
    /* adj only on the full path: e + 0 is an operation GCC cannot drop */
    vf l = logf_sum(vf_sel(big, a, uh), vf_sel(big, VF(1.0f), VF(0.0f)), full,
                    vf_sel(big, VF(0.0f), ul), 1);
    vf at = vf_sel(small & ~tiny, a, VF(0.0f)), z = at * at;
    vf p = vf_fma(z, vf_fma(z, VF(-15.0f / 336), VF(3.0f / 40)), VF(-1.0f / 6));
    p = vf_fma(at * z, p, at);
    return vf_xorsign(vf_sel(small, vf_sel(tiny, a, p), l), x);
}
static inline vf nf_arcsinh(vf x) { return nf_arcsinh_(x, 1); }
static inline vf nf_arcsinh_fast(vf x) { return nf_arcsinh_(x, 0); }
static inline vf specf_arcsinh(vf y, vfi ok, vf x) {
    vfi no = ok & ~ok;
    return spec_f(y, ok, x, no, x, no);
}
/* arccosh: as float64's (the low part of the root by rcp: its error 2^-11 of a correction of
   2^-24 s, and s is the result's size near 1); x >= 2^13: log(2x) */
static inline vfi okf_arccosh(vf x) { return vf_ge(x, VF(1.0f)) & vf_lt(x, VF(INFINITY)); }
static inline vf nf_arccosh_(vf x, const int full) {
    vfi big = full ? x >= 0x1p13f : (vfi){0};
    vf xs = vf_sel(big, VF(1.0f), x);
    /* d = x^2 - 1 = (x - 1)(x + 1) as dh + dl: x - 1 exact, x + 1 by Fast2Sum, the product's
       error by FMA (|dl| <= 2^-23 dh) */
    vf xm = xs - 1.0f, xp = xs + 1.0f, xpl = (xs - xp) + 1.0f;
    vf dh = xm * xp, dl = vf_fma(xm, xpl, vf_fms(xm, xp, dh));
    vf h, s = sqrt_h(dh, vf_max(dh, VF(0x1p-40f)), &h);
    vf sl = (vf_fnma(s, s, dh) + dl) * h;
    vf uh = xs + s;
    vf ul = (s - (uh - xs)) + sl;
    return logf_sum(vf_sel(big, x, uh), vf_sel(big, VF(1.0f), VF(0.0f)), full,
                    vf_sel(big, VF(0.0f), ul), 3);
}
static inline vf nf_arccosh(vf x) { return nf_arccosh_(x, 1); }
static inline vf nf_arccosh_fast(vf x) { return nf_arccosh_(x, 0); }
static inline vf specf_arccosh(vf y, vfi ok, vf x) {
    return spec_f(y, ok, x, ok & ~ok, x, vf_lt(x, VF(1.0f)));
}
/* arctanh: log1p(2a/(1 - a))/2 as float64's for a >= 2^-19 (w = 2a/(1 - a) >= 2^-18, where
   logf_dd1p's u - 1 dominates its e; at a = 2^-25 the core was 1 ULP off); below, a + a^3/3
   (a^5/5 is below 2^-76 a), and a itself below 2^-26 (no underflow) */
static inline vfi okf_arctanh(vf x) { return vf_lt(vf_abs(x), VF(1.0f)); }
static inline vf nf_arctanh_(vf x, const int full) {
    vf a = vf_abs(x);
    vfi small = full ? a < 0x1p-19f : (vfi){0}, tiny = full ? a < 0x1p-26f : (vfi){0};
    vf as = vf_sel(small, VF(0.25f), a);
    vf dh = 1.0f - as, dl = (1.0f - dh) - as;
    vf q0 = rcpf_approx(dh);
#if defined(__AVX512F__)
    /* at avx512 log(u)/2 with u = (1 + a)/(1 - a) as uh + ul, no division (slow at 512 bits)
       and no log1p step: 1 + a = nh + nl (Fast2Sum, 1 >= a); uh from rcp14 and one Newton
       step (faithful, so nh - uh dh is exact in the FMA), ul = (nh - uh dh + nl - uh dl)/d
       with 1/d from rcp14 and a Newton step (2^-27: ul, up to 2^-23, holds most of u - 1
       for small a; rcp14 alone was 1 ULP off at a = 2^-19) */
    vf nh = 1.0f + as, nl = (1.0f - nh) + as;
    vf u0 = nh * q0;
    vf uh = vf_fma(vf_fnma(u0, dh, nh), q0, u0);
    /* log(u) = log(uh) + log1p(dl) with dl = (u - uh)/uh = res/(d uh), res = n - uh d
       (exact in the FMAs but for the last sum's rounding), below 2^-23: dl^2/2 is below
       2^-47 and d uh = n (1 + 2^-23): dl = res/nh to 2^-22 relative, 1/nh by rcp14 and one
       Newton step (2^-27), and dl goes straight into the core's low part, res g added in
       one FMA (no scalef, no table of 1/c: five operations fewer). dl is at most 2^-5 of the result (at a =
       2^-19, the fast path's least; 2^-23 against log(u) = 2a), so its error is below 2^-27
       of it. */
    vf g0 = rcpf_approx(nh);
    vf g = vf_fma(g0, vf_fnma(g0, nh, VF(1.0f)), g0);
    vf res = vf_fnma(uh, dh, nh) + vf_fnma(uh, dl, nl);
    vf y = log512(uh, g, 0, 0, res, 2); /* dl = res g; halved */
#else
    vf n = as + as, wh = n / dh;
    vf wl = vf_fnma(wh, dl, vf_fnma(wh, dh, n)) * q0;
    vf y = 0.5f * logf_dd1p(wh, wl);
#endif
    if (full) {
        vf at = vf_sel(small & ~tiny, a, VF(0.0f));
        y = vf_sel(small, vf_sel(tiny, a, vf_fma(at * at, at * (1.0f / 3), at)), y);
    }
#if defined(__AVX512F__)
    /* y ^ x ^ a: x's sign with no constant (GCC rebuilt the sign mask in the loop) */
    return (vf)_mm512_ternarylogic_epi32((__m512i)y, (__m512i)x, (__m512i)a, 0x96);
#else
    return vf_xorsign(y, x);
#endif
}
static inline vf nf_arctanh(vf x) { return nf_arctanh_(x, 1); }
static inline vf nf_arctanh_fast(vf x) { return nf_arctanh_(x, 0); }
static inline vf specf_arctanh(vf y, vfi ok, vf x) {
    vf a = vf_abs(x);
    return spec_f(y, ok, x, a == 1.0f, x, vf_gt(a, VF(1.0f)));
}

/* ---- the fast paths' tests: one integer subtraction and one unsigned compare per range
   (lo <= a < hi for a >= 0 or NaN, on the bits; a NaN or a negative a fails), straight to a
   lane bit mask at avx512 ---- */
#if defined(__AVX512F__)
#define ALL_LTU_F(a, b)                                                                            \
    (_mm512_cmplt_epu32_mask((__m512i)(a), _mm512_set1_epi32((int32_t)(b))) == 0xffff)
#else
#define ALL_LTU_F(a, b) vfi_all((vfi)((vfu)(a) < (b)))
#endif
static inline uint32_t bits_f(float x) {
    uint32_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}
/* every lane of a (>= 0 or NaN) in [lo, hi) */
#define ALL_IN_F(a, lo, hi) ALL_LTU_F((vfu)(a)-bits_f(lo), bits_f(hi) - bits_f(lo))
static inline bool all_log1p_f(vf x) {
    return ALL_IN_F(vf_abs(x), 0x1p-18f, 0x1p24f) && ALL_LTU_F(x, bits_f(-1.0f));
}
static inline bool all_arcsinh_f(vf x) { return ALL_IN_F(vf_abs(x), 0x1p-7f, 0x1p13f); }
static inline bool all_arccosh_f(vf x) { return ALL_IN_F(x, 1.0f, 0x1p13f); }
static inline bool all_arctanh_f(vf x) { return ALL_IN_F(vf_abs(x), 0x1p-19f, 1.0f); }

/* ---- the loops ---- */
/* ALLF/EVALF: the fast path (every lane ALLF), OK/EVAL: the full one (SPEC for lanes not OK);
   the vector-level maker: both vectors of a step tested before either is stored */
#define VM_LOOP(name, T, V, L, LD, ST, ALLV, SEL, ALLF, EVALF, OK, EVAL, SAFE, SPEC)               \
    static inline bool name##_pair(V a, V b, V *ya, V *yb) {                                       \
        if (!((int)ALLF(a) & (int)ALLF(b))) return false;                                          \
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
#define VM_F32X(name, ...)                                                                         \
    VM_LOOP(name, float, vf, ND_LF, vf_ld, vf_st, vfi_all, vf_sel, __VA_ARGS__)

#if defined(__AVX512F__)
/* positive normal finite: one vfpclassps (no zero, subnormal, negative, inf or NaN) */
static inline bool all_log512_f(vf x) { return _mm512_fpclass_ps_mask((__m512)x, 0xff) == 0; }
VM_F32X(k_log_f32, all_log512_f, n5_log_eval, ok512_log, n5_log_eval, 1.0f, n5_log_spec)
VM_F32X(k_log2_f32, all_log512_f, n5_log2_eval, ok512_log, n5_log2_eval, 1.0f, n5_log2_spec)
VM_F32X(k_log10_f32, all_log512_f, n5_log10_eval, ok512_log, n5_log10_eval, 1.0f, n5_log10_spec)
#else
static inline bool all_log_f(vf x) { return ALL_IN_F(x, 0x1p-126f, INFINITY); }
VM_F32X(k_log_f32, all_log_f, nf_log_eval, okf_pos_normal, nf_log_eval, 1.0f, nf_log_spec)
VM_F32X(k_log2_f32, all_log_f, nf_log2_eval, okf_pos_normal, nf_log2_eval, 1.0f, nf_log2_spec)
VM_F32X(k_log10_f32, all_log_f, nf_log10_eval, okf_pos_normal, nf_log10_eval, 1.0f, nf_log10_spec)
#endif
VM_F32X(k_log1p_f32, all_log1p_f, nf_log1p_fast, okf_log1p, nf_log1p, 1.0f, specf_log1p)
VM_F32X(k_arcsinh_f32, all_arcsinh_f, nf_arcsinh_fast, okf_finite, nf_arcsinh, 1.0f, specf_arcsinh)
VM_F32X(k_arccosh_f32, all_arccosh_f, nf_arccosh_fast, okf_arccosh, nf_arccosh, 1.0f, specf_arccosh)
VM_F32X(k_arctanh_f32, all_arctanh_f, nf_arctanh_fast, okf_arctanh, nf_arctanh, 0.5f, specf_arctanh)

/* ==== power and cbrt ==== */

/* constants broadcast where the FMA helpers take a vector */
#define BF(x) _Generic((x), float : (vf){0} + (x), default : (x))
#define vf_fma(a, b, c) (vf_fma)(BF(a), BF(b), BF(c))
#define vf_fms(a, b, c) (vf_fms)(BF(a), BF(b), BF(c))
#define vf_fnma(a, b, c) (vf_fnma)(BF(a), BF(b), BF(c))

/* the kernels overlaid, for the lanes off the fast paths */
static nd_kloop slow_pow_f32, slow_cbrt_f32;

/* a -1/0 lane mask from bit i for lane i */
static inline vfi vfi_from_bits(unsigned b) {
#if defined(__AVX512F__)
    return (vfi)_mm512_movm_epi32((__mmask16)b);
#else
    return ((vfi){1, 2, 4, 8, 16, 32, 64, 128} & (int32_t)b) != 0;
#endif
}

#if defined(__AVX512F__)
/* ---- float32 power at avx512, in float64 lanes (two vectors of 8 per 16 floats): 2^(y log2 x)
   evaluated in double and rounded once to float32. Needed: t = y log2 x within about 2^-28
   absolute where the result is finite and nonzero (|t| <= 150), so L = log2 x to about 2^-35
   relative (near x = 1 too: no cancellation there). No double-double: double's own rounding
   (2^-53) is far below. log2: x (as a double: subnormal floats are normal there) = m 2^(e+s),
   m = getmant(x) in [0.75, 1.5), e = getexp(x), s = 1 where m < 1; i = the top 4 bits of x's
   mantissa (= m's): m in [1 + i/16, ..+1/16) for i < 8, [0.75 + (i-8)/32, ..+1/32) for i >= 8.
   r = m invc - 1 (one FMA, rounded once), invc = 1 for the intervals holding 1 (i = 0 and 15)
   and ~1/centre elsewhere; PWD_LOGT[i] = s - log2(invc) to 2^-54, so e + T is exact or the
   result is far from 0 (|L| >= 0.046 off i = 0, 15 with e in {-1, 0}). log2(1 + r) = r Q(r),
   Q of degree 5 (a weighted least-squares fit on r in [-1/32, 1/16]: 2^-34.4 relative).
   exp2: f = t - floor(t) (vreducepd, exact), 2^f = P(f), P of degree 6 with P(0) = 1 exactly
   (2^-28.9 relative on [0, 1)), and vscalefpd multiplies by 2^floor(t) (overflow and underflow
   of huge |t| there, with their flags); the conversion to float32 rounds once (overflow,
   underflow of float32 results there, with their flags; exact results raise nothing). Before
   that rounding the result is within about 2^-27.6 relative: <= 0.5 + 2^-3.6 ULP (measured: see
   docs/accuracy.md). The fast path: x positive (normal or subnormal) and finite, y finite; the
   other lanes run on x = y = 1 (no flags) and go to SLEEF's pow with its fixups. */
static const double PWD_INVC[16] = {
    0x1.0000000000000p+0, 0x1.d41d41d41d41dp-1, 0x1.bacf914c1bad0p-1, 0x1.a41a41a41a41ap-1,
    0x1.8f9c18f9c18fap-1, 0x1.7d05f417d05f4p-1, 0x1.6c16c16c16c17p-1, 0x1.5c9882b931057p-1,
    0x1.4e5e0a72f0539p+0, 0x1.4141414141414p+0, 0x1.3521cfb2b78c1p+0, 0x1.29e4129e4129ep+0,
    0x1.1f7047dc11f70p+0, 0x1.15b1e5f75270dp+0, 0x1.0c9714fbcda3bp+0, 0x1.0000000000000p+0};
static const double PWD_LOGT[16] = {
    0x0.0p+0,              0x1.08c588cda79e5p-3, 0x1.acf5e2db4ec91p-3, 0x1.24407ab0e073ap-2,
    0x1.6e221cd9d0cddp-2,  0x1.b47ebf73882a1p-2, 0x1.f7a8568cb06cep-2, 0x1.1bf311e95d00ep-1,
    0x1.3abb3faa02168p-1,  0x1.5848226989d34p-1, 0x1.74b1fd64e0754p-1, 0x1.900e6160002cep-1,
    0x1.aa708f58014d4p-1,  0x1.c3e9ca2e1a055p-1, 0x1.dc899ab3ff56cp-1, 0x1.0000000000000p+0};
#define VD(c) ((vd){0} + (c))
static inline vd pow_f32_hlog(vd x, vd y) { /* t = y log2 x, x positive finite */
    vd m = (vd)_mm512_getmant_pd((__m512d)x, _MM_MANT_NORM_p75_1p5, _MM_MANT_SIGN_zero);
    vd e = (vd)_mm512_getexp_pd((__m512d)x);
    vdi i = (vdi)((vdu)x >> 48);
    vd r = vd_fma(m, vd_lut16(PWD_INVC, i), VD(-1.0));
    vd kl = e + vd_lut16(PWD_LOGT, i);
    vd q = vd_fma(r, VD(-0x1.c7f13f57a0776p-3), VD(0x1.276bc2245ae38p-2));
    q = vd_fma(q, r, VD(-0x1.715afbe5326cbp-2));
    q = vd_fma(q, r, VD(0x1.ec70ac6b7ccbbp-2));
    q = vd_fma(q, r, VD(-0x1.71547610a50aap-1));
    q = vd_fma(q, r, VD(0x1.715476529a088p+0));
    return y * vd_fma(r, q, kl);
}
static inline vd pow_f32_hexp(vd t) {
    vd f = (vd)_mm512_reduce_pd((__m512d)t, _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC);
    vd p = vd_fma(f, VD(0x1.c5417d7c0e33cp-13), VD(0x1.46d649314356fp-10));
    p = vd_fma(p, f, VD(0x1.3d0b92a4e1634p-7));
    p = vd_fma(p, f, VD(0x1.c689111e095a0p-5));
    p = vd_fma(p, f, VD(0x1.ebfd5798a974dp-3));
    p = vd_fma(p, f, VD(0x1.62e42b5e5eaadp-1));
    p = vd_fma(p, f, VD(1.0));
    return (vd)_mm512_scalef_pd((__m512d)p, (__m512d)t);
}
/* the log half: t for lanes 0..7 (returned, as bits) and 8..15 (*thi), the fast lanes' bits */
static inline vf pow_f32_log(vf x, vf y, vf *thi, unsigned *okm) {
    __mmask16 bad = _mm512_fpclass_ps_mask((__m512)x, 0xdf) | _mm512_fpclass_ps_mask((__m512)y, 0x99);
    x = (vf)_mm512_mask_mov_ps((__m512)x, bad, _mm512_set1_ps(1.0f));
    y = (vf)_mm512_mask_mov_ps((__m512)y, bad, _mm512_set1_ps(1.0f));
    vd x0 = _mm512_cvtps_pd(_mm512_castps512_ps256((__m512)x));
    vd x1 = _mm512_cvtps_pd(_mm512_extractf32x8_ps((__m512)x, 1));
    vd y0 = _mm512_cvtps_pd(_mm512_castps512_ps256((__m512)y));
    vd y1 = _mm512_cvtps_pd(_mm512_extractf32x8_ps((__m512)y, 1));
    *thi = (vf)pow_f32_hlog(x1, y1);
    *okm = (unsigned)(__mmask16)~bad;
    return (vf)pow_f32_hlog(x0, y0);
}
static inline vf pow_f32_exp(vf t0, vf t1) {
    __m256 lo = _mm512_cvtpd_ps((__m512d)pow_f32_hexp((vd)t0));
    __m256 hi = _mm512_cvtpd_ps((__m512d)pow_f32_hexp((vd)t1));
    return (vf)_mm512_insertf32x8(_mm512_castps256_ps512(lo), hi, 1);
}
static inline vf pow_f32_v(vf x, vf y, unsigned *okb) {
    vf t1, t0 = pow_f32_log(x, y, &t1, okb);
    return pow_f32_exp(t0, t1);
}
static inline bool pow_f32_all(unsigned ok) { return ok == 0xffffu; }
#undef VD
#else
/* ---- float32 power at avx2, natively in float32 lanes with the low bits carried (8 lanes;
   the avx512 kernel's float64 route needs getmant, getexp, reducepd and scalefpd, which avx2
   lacks: not tried there).
   2^(y log2 x) rounded once needs t = y log2 x to about 2^-27 absolute (|t| <= 125 on the fast
   path; 2^-27 of t is 2^-27.5 relative in 2^t, 0.5 + 2^-3.5 ULP at worst), so L = log2 x to
   about 2^-34 |L| where L is small (x near 1) and 2^-38 absolute elsewhere (|L| >= 2^-4.5 off
   the subinterval of 1: |log2 c| >= 0.087 > |log2(1+r)| <= 0.045 there, and |k + log2 c| >=
   0.5 for k != 0).
   log2: x = 2^k z, z in [0x1.68p-1, 0x1.68p0), 16 subintervals (the one holding 1 centred on
   it, invc = 1 there), invc ~ 1/z a float (PW_INVC), -log2(invc) = lch + lcl (float pair,
   2^-48). z invc = p + pl exactly (FMA), r = p - 1 exact (Sterbenz): r is 0 or a multiple of
   ulp(p), so 0 or >= 2^-24 in magnitude, and |pl| <= 2^-25; |r + pl| <= 2^-5. log2(1 + r + pl)
   = IL (v - v^2/2) + v^3 Q(v) for v = r + pl: v - v^2/2 as uh + ul (r^2 = b + bl exactly by
   FMA, Fast2Sum of r and -b/2, then the small terms pl - r pl - bl/2; the dropped pl^2/2 is
   below 2^-51), IL u as ah + al (IL = ILH + ILL to 2^-50; FMA for the exact low part), and
   v^3 Q(v) as r^2 (r Q(r) + IL pl) in float (3 r^2 pl Q(0) = IL r^2 pl; the rest,
   pl times r^2 (Q(v) - Q(0)) terms, < 2^-40 absolute and only off the subinterval of 1). Q of
   degree 3 (a Chebyshev fit, float coefficients: within 2^-25.1 of
   (log2(1+v) - IL (v - v^2/2))/v^3 on |v| <= 2^-5), the rounding ~2^-22.4 of |v^3 Q| <=
   2^-16.1: 2^-35.6 |L| near 1 (pl = 0 there, invc being 1, and |v^3 Q| <= 2^-11.6 |L|) and
   2^-38.5 absolute elsewhere (2^-37.8 with pl's terms). k + lch = kh + kl (Fast2Sum, |k| >= 1 >
   |lch| or k = 0), kh + ah = sh + sl (Fast2Sum as above), the low parts (each <= 2^-16) summed in
   float (~2^-40 absolute), L = lh + ll by a last Fast2Sum. t = y L as th + tl (FMA, plus y ll).
   exp2: k2 = round(16 th) (the shifter 1.5 2^23; |16 th| <= 2000), f = th - k2/16 exact
   (FMA; |f| <= 1/32), f + tl rounded (2^-29 absolute), 2^f - 1 = f E(f), E the degree-3 Taylor
   polynomial of (2^f - 1)/f (truncation (f ln2)^5/120 < 2^-34), 2^(j/16) = sb (1 + tail)
   with sb a float (PW_SB, less j << 19 in its bits so that adding k2 << 19 scales by 2^e for
   k2 = 16e + j) and tail its relative error (PW_TAIL); result fma(sb, p + tail, sb) (the
   dropped tail p is < 2^-30). t is within 2^-26.3 (128 2^-37.8 / 2^-4.5; 128 2^-35.6 near 1),
   so before the one rounding the result is within 2^-26.7 relative: 0.5 + 2^-2.7 ULP by this
   bound (measured: see docs/accuracy.md).
   The fast path: x positive normal, 2^-40 <= |y| < 2^64 and |th| <= 125; with those no
   operation above overflows or meets a subnormal it cannot represent exactly (an exact
   subnormal raises nothing): r is 0 or >= 2^-24, so the r^2 and r^3 terms are normal, and ll
   below 2^-80 is flushed (y ll is then >= 2^-120). Zeros, subnormal or negative x,
   tiny or huge y, inf, NaN and |t| > 125 go to SLEEF's pow with its fixups. */
static const float PW_INVC[16] = {0x1.642c86p+0f, 0x1.555556p+0f, 0x1.47ae14p+0f, 0x1.3b13b2p+0f,
                                  0x1.2f684cp+0f, 0x1.24924ap+0f, 0x1.1a7b96p+0f, 0x1.111112p+0f,
                                  0x1.084210p+0f, 0x1.000000p+0f, 0x1.e1e1e2p-1f, 0x1.c71c72p-1f,
                                  0x1.af286cp-1f, 0x1.99999ap-1f, 0x1.861862p-1f, 0x1.745d18p-1f};
static const float PW_LCH[16] = {-0x1.e7df62p-2f, -0x1.a8ff9ap-2f, -0x1.6cb0f4p-2f, -0x1.32bff2p-2f,
                                 -0x1.f5fd8cp-3f, -0x1.8a898ap-3f, -0x1.22dadcp-3f, -0x1.7d605ep-4f,
                                 -0x1.773936p-5f, 0x0.0p+0f,       0x1.663f6ep-4f,  0x1.5c01a2p-3f,
                                 0x1.fbc16ap-3f,  0x1.49a784p-2f,  0x1.91bba6p-2f,  0x1.d6753cp-2f};
static const float PW_LCL[16] = {
    0x1.347704p-28f,  0x1.519b8cp-32f,  -0x1.717772p-28f, 0x1.6cef96p-29f,
    -0x1.b85984p-35f, 0x1.5812d4p-28f,  0x1.1bede4p-28f,  0x1.81976ep-30f,
    0x1.dec776p-31f,  0x0.0p+0f,        0x1.d9e5dap-31f,  0x1.734792p-30f,
    0x1.ed20a6p-31f,  -0x1.69057ap-27f, 0x1.888fbap-27f,  -0x1.bef496p-27f};
static const float PW_SB[16] = {0x1.000000p+0f, 0x1.fb5586p-1f, 0x1.f72b84p-1f, 0x1.f387a6p-1f,
                                0x1.f06fe0p-1f, 0x1.edea64p-1f, 0x1.ebfdaep-1f, 0x1.eab07ep-1f,
                                0x1.ea09e6p-1f, 0x1.ea1148p-1f, 0x1.eace54p-1f, 0x1.ec4918p-1f,
                                0x1.ee89fap-1f, 0x1.f199bep-1f, 0x1.f5818ep-1f, 0x1.fa4afap-1f};
static const float PW_TAIL[16] = {
    0x0.0p+0f,        0x1.8d96d4p-25f,  -0x1.9c0c22p-27f, 0x1.964904p-25f,
    0x1.125002p-25f,  0x1.370be4p-25f,  -0x1.0a3550p-25f, -0x1.00d8acp-27f,
    0x1.26055cp-26f,  -0x1.05cb44p-25f, 0x1.67a1cap-28f,  0x1.a3b5e4p-28f,
    -0x1.f9c304p-27f, -0x1.6961b4p-28f, -0x1.a5217cp-28f, 0x1.61428ep-28f};

/* the log half (th + tl, and the lanes on the fast path) and the exp half, as power float64's */
static inline vf pow_f32_log_(vf x, vf y, vf *tlo, vfi *okm, const int full) {
    vfi ix = (vfi)x, ay = (vfi)y & INT32_MAX;
    vfi in = ((vfu)ix - 0x00800000u < 0x7f000000u) &
             ((vfu)(ay - 0x2b800000) < 0x5f800000u - 0x2b800000u); /* 2^-40 .. 2^64 */
    /* off the path y is 1 (no inf or NaN in y L); x's own bits are harmless: any pattern gives
       z in [0x1.68p-1, 0x1.68p0) and |k| <= 256 below */
    y = vf_sel(in, y, (vf){0} + 1.0f);
    vfi tmp = (vfi)((vfu)ix - 0x3f340000u); /* 0x1.68p-1 */
    vfi i = (vfi)((vfu)tmp >> 19);
    vf z = (vf)((vfu)ix - ((vfu)tmp & 0xff800000u));
    vf k = __builtin_convertvector(tmp >> 23, vf);
    vf invc = lut16f(PW_INVC, i);
    vf p = z * invc, pl = vf_fms(z, invc, p);
    vf r = p - 1.0f;
    vf b = r * r, bl = vf_fms(r, r, b);
    vf hb = b * -0.5f;
    vf uh = r + hb;
    vf ul = ((r - uh) + hb) + (pl - vf_fma(r, pl, bl * 0.5f));
    vf ah = uh * 0x1.715476p+0f;
    vf al = vf_fms(uh, 0x1.715476p+0f, ah) + vf_fma(uh, 0x1.4ae0c0p-26f, ul * 0x1.715476p+0f);
    vf q = vf_fma(r, -0x1.eccd32p-3f, 0x1.27abacp-2f);
    q = vf_fma(q, r, -0x1.715474p-2f);
    q = vf_fma(q, r, 0x1.ec709cp-2f);
    vf c3 = b * vf_fma(r, q, pl * 0x1.715476p+0f);
    vf lch = lut16f(PW_LCH, i);
    vf kh = k + lch, kl = (k - kh) + lch;
    vf sh = kh + ah, sl = (kh - sh) + ah;
    vf lo = (sl + kl) + (lut16f(PW_LCL, i) + al) + c3;
    vf lh = sh + lo, ll = (sh - lh) + lo;
    ll = (vf)((vfi)ll & ((vfi)vf_abs(ll) >= 0x17800000)); /* 0 below 2^-80 */
    vf th = y * lh, tl = vf_fms(y, lh, th) + y * ll;
    /* |t| <= 125 by the bits (no flags) */
    vfi ok = in & ((vfi)vf_abs(th) <= 0x42fa0000);
    if (!full) {
        *tlo = tl, *okm = ok;
        return th;
    }
    *tlo = (vf)((vfi)tl & ok);
    *okm = ok;
    return (vf)((vfi)th & ok);
}
static inline vf pow_f32_log(vf x, vf y, vf *tlo, vfi *okm) {
    return pow_f32_log_(x, y, tlo, okm, 0);
}
static inline vf pow_f32_exp(vf th, vf tl) {
    vf m = vf_fma(th, 16.0f, 0x1.8p23f);
    vfi ki = (vfi)((vfu)m - 0x4b400000u);
    vf f = vf_fnma(m - 0x1.8p23f, 0.0625f, th) + tl;
    vf e = vf_fma(f, 0x1.3b2ab6p-7f, 0x1.c6b08ep-5f);
    e = vf_fma(e, f, 0x1.ebfbe0p-3f);
    e = vf_fma(e, f, 0x1.62e430p-1f);
    vf sb = (vf)((vfu)lut16f(PW_SB, ki) + ((vfu)ki << 19));
    return vf_fma(sb, vf_fma(f, e, lut16f(PW_TAIL, ki)), sb);
}
static inline vf pow_f32_v(vf x, vf y, unsigned *okb) {
    vfi ok;
    vf tl, th = pow_f32_log_(x, y, &tl, &ok, 1);
    *okb = vfi_bits(ok);
    return pow_f32_exp(th, tl);
}
#endif

/* cbrt float32: |x| = 2^e m (m in [1, 2), e = E - 127 from the biased exponent E); q =
   round((E - 127)/3) by the shifter 1.5 2^23 in one FMA ((E - 127)/3 is within 1/3 of an
   integer or on it, far from a rounding boundary), so e = 3q + rem with rem in {-1, 0, 1}, and
   a = 2^rem m = |x| 2^-3q by subtracting 3q from the exponent bits. y0 = P(m) 2^(rem/3), P of
   degree 4 fit to cbrt(m) on [1, 2] (relative 2^-16.7, with float32 coefficients and
   evaluation): e0 < 2^-16.6. One Newton step with an exact residual, y0^3 - a = y0 (s + sl) - a
   (s + sl = y0^2 by FMA), and 1/y0^2 from the reciprocal estimate (2^-14 at avx512, 1.5 2^-12
   at avx2): y = y0 - (y0^3 - a)/(3 y0^2) is within e0^2 + e0 2^-14 (2^-11.4) of cbrt(a), about
   2^-30.6 (2^-28.1) with the residual's roundings (2^-24 of a correction of e0): at most
   0.5 + 2^-6.5 (0.5 + 2^-4) ULP after the one rounding; 2^q rescales exactly. */
static inline vf lut4f(const float *T, vfi i) { /* T[i & 3] */
#if defined(__AVX512F__)
    return (vf)_mm512_permutevar_ps(_mm512_broadcast_f32x4(_mm_loadu_ps(T)), (__m512i)i);
#else
    return (vf)_mm256_permutevar_ps(_mm256_broadcast_ps((const __m128 *)T), (__m256i)i);
#endif
}
/* 2^(rem/3) by the low two bits of 127 + rem */
static const float CBRT_REMF[4] = {0x1.428a3p+0f, 0.0f, 0x1.965feap-1f, 1.0f};

#if defined(__AVX512F__)
/* at avx512: the lanes as a k-mask throughout, and P of degree 3 (relative 2^-13.66, a Lawson
   fit with float coefficients): with rcp14's 2^-14 the step leaves e0^2 + 2^-14 e0 + the
   residual's roundings, about 2^-26.4, so 0.5 + 0.2 ULP (0.65 measured over every float32) */
static inline vf cbrt_f32_v(vf x, unsigned *okb) {
    __m512i ax = _mm512_and_si512((__m512i)x, _mm512_set1_epi32(INT32_MAX));
    __mmask16 ok = _mm512_cmplt_epu32_mask(_mm512_sub_epi32(ax, _mm512_set1_epi32(0x00800000)),
                                           _mm512_set1_epi32(0x7f000000));
    __m512 axf = (__m512)_mm512_mask_blend_epi32(ok, _mm512_set1_epi32(0x3f800000), ax);
    vf ef = (vf)_mm512_getexp_ps(axf);
    vf qf = vf_fma(ef, 1.0f / 3, 0x1.8p23f) - 0x1.8p23f;
    vf m = (vf)_mm512_getmant_ps(axf, _MM_MANT_NORM_1_2, _MM_MANT_SIGN_zero);
    vf a = (vf)_mm512_scalef_ps((__m512)m, (__m512)vf_fnma(qf, 3.0f, ef));
    vf p = vf_fma(m, 0x1.77cd9cp-6f, -0x1.4c3a48p-3f);
    p = vf_fma(p, m, 0x1.2c0c3ap-1f);
    p = vf_fma(p, m, 0x1.1b4e14p-1f);
    vf y = p * lut4f(CBRT_REMF, (vfi)((vfu)a >> 23));
    vf s = y * y, sl = vf_fms(y, y, s);
    vf res = vf_fma(y, sl, vf_fms(y, s, a));
    vf rc = (vf)_mm512_rcp14_ps((__m512)s);
    y = vf_fnma(res * (1.0f / 3), rc, y);
    y = (vf)_mm512_scalef_ps((__m512)y, (__m512)qf);
    *okb = ok;
    return (vf)((vfi)y | ((vfi)x & INT32_MIN));
}
#else
static inline vf cbrt_f32_v(vf x, unsigned *okb) {
    vfi ax = (vfi)x & INT32_MAX;
    vfi ok = (vfu)(ax - 0x00800000) < 0x7f000000u;
    ax = vfi_sel(ok, ax, (vfi){0} + 0x3f800000);
#if defined(__AVX512F__)
    vf ef = (vf)_mm512_getexp_ps((__m512)ax);
    vf qf = vf_fma(ef, 1.0f / 3, 0x1.8p23f) - 0x1.8p23f;
    vf m = (vf)_mm512_getmant_ps((__m512)ax, _MM_MANT_NORM_1_2, _MM_MANT_SIGN_zero);
    vf a = (vf)_mm512_scalef_ps((__m512)m, (__m512)vf_fnma(qf, 3.0f, ef));
#else
    vf ef = (vf)(((vfu)ax >> 23) | 0x4b000000u) - (0x1p23f + 127);
    vfi q = (vfi)vf_fma(ef, 1.0f / 3, 0x1.8p23f) - 0x4b400000;
    vfi q23 = (vfi)((vfu)q << 23);
    vf a = (vf)(ax - q23 - (q23 + q23));
    vf m = (vf)((ax & 0x007fffff) | 0x3f800000);
#endif
    vf p = vf_fma(m, -0x1.5b773cp-7f, 0x1.60a0d4p-4f);
    p = vf_fma(p, m, -0x1.33d344p-2f);
    p = vf_fma(p, m, 0x1.6fb1c2p-1f);
    p = vf_fma(p, m, 0x1.0392d6p-1f);
    vf y = p * lut4f(CBRT_REMF, (vfi)((vfu)a >> 23));
    vf s = y * y, sl = vf_fms(y, y, s);
    vf res = vf_fma(y, sl, vf_fms(y, s, a));
#if defined(__AVX512F__)
    vf rc = (vf)_mm512_rcp14_ps((__m512)s);
#else
    vf rc = (vf)_mm256_rcp_ps((__m256)s);
#endif
    y = vf_fnma(res * (1.0f / 3), rc, y);
#if defined(__AVX512F__)
    y = (vf)_mm512_scalef_ps((__m512)y, (__m512)qf);
#else
    y = (vf)((vfi)y + q23);
#endif
    *okb = vfi_bits(ok);
    return (vf)((vfi)y | ((vfi)x & INT32_MIN));
}
#endif

#include "generic/vm_pow_split.h"
#if defined(__AVX512F__)
POW_SPLIT(k_pow_f32, float, vf, unsigned, ND_LF, vf_ld, vf_st, pow_f32_all, vfi_from_bits,
          pow_f32_log, pow_f32_exp, pow_f32_v, vf_patch2, slow_pow_f32)
#else
POW_SPLIT(k_pow_f32, float, vf, vfi, ND_LF, vf_ld, vf_st, vfi_all, vfi_from_bits, pow_f32_log,
          pow_f32_exp, pow_f32_v, vf_patch2, slow_pow_f32)
#endif
ND_VMATH_UNARY_CORE(k_cbrt_f32, float, cbrt_f32_v, vfi_from_bits, slow_cbrt_f32)
#endif /* ND_VMATH */

void ND_K(nd_kfill_vm_log_f32)(nd_ktable *t) {
#ifdef ND_VMATH
#if defined(__AVX512F__)
    for (int i = 0; i < 32; i++) LN_TH2[i] = 0.5f * LN_TH[i];
#endif
    ND_REG(t, LOG, float32, k_log_f32);
    ND_REG(t, LOG2, float32, k_log2_f32);
    ND_REG(t, LOG10, float32, k_log10_f32);
    ND_REG(t, LOG1P, float32, k_log1p_f32);
    ND_REG(t, ARCSINH, float32, k_arcsinh_f32);
    ND_REG(t, ARCCOSH, float32, k_arccosh_f32);
    ND_REG(t, ARCTANH, float32, k_arctanh_f32);
    slow_pow_f32 = t->loops[ND_KOP_POWER][ND_FLOAT32];
    slow_cbrt_f32 = t->loops[ND_KOP_CBRT][ND_FLOAT32];
    ND_REG(t, POWER, float32, k_pow_f32);
    ND_REG(t, CBRT, float32, k_cbrt_f32);
#else
    (void)t;
#endif
}
