/* nd's own AVX-512 exp, log and sin for float64, overlaying SLEEF's
   (ew_math.c) at the avx512 level; other levels keep SLEEF. Each is built
   the same way: a fast path over the inputs where a short argument
   reduction and a polynomial are accurate, computed for the whole vector;
   a vector with any lane outside it sends that vector through the SLEEF
   kernel this one overlays and keeps SLEEF's result for those lanes only,
   so a result depends only on its own input. Lanes outside the fast path
   are computed on a harmless value meanwhile, so they raise no flags.
   Error bounds below are by analysis; the accuracy suite checks them
   against MPFR at 1 ULP (docs/accuracy.md has the measured maxima). */
#include "generic/isa_name.h"
#include "generic/kdefs.h"

#ifdef __AVX512F__
#include <immintrin.h>

/* the kernels overlaid, for the lanes outside the fast paths */
static nd_kloop sleef_exp, sleef_log, sleef_sin;

/* exp: 2^(j/16) = EH[j] * (1 + ET[j]).
   log: -log(j/16) = LH[j & 15] + LL[j & 15] for j = 11..21, LH a multiple
   of 2^-42 so that k*LN2_HI + LH is exact. All computed once in long double. */
static double EH[16], ET[16], LH[16], LL[16];

static void init_tables(void) {
    for (int j = 0; j < 16; j++) {
        long double v = exp2l((long double)j / 16);
        EH[j] = (double)v;
        ET[j] = (double)((v - (long double)EH[j]) / (long double)EH[j]);
    }
    for (int j = 11; j <= 21; j++) {
        long double v = -logl((long double)j / 16);
        LH[j & 15] = (double)(roundl(v * 0x1p42L) * 0x1p-42L);
        LL[j & 15] = (double)(v - (long double)LH[j & 15]);
    }
}

#define SET(c) _mm512_set1_pd(c)

/* y in the lanes of ok; elsewhere the overlaid kernel k's result for x */
static inline __m512d with_overlaid(__mmask8 ok, __m512d y, nd_kloop k, __m512d x) {
    if (ok == 0xff) return y;
    double in[8], out[8];
    _mm512_storeu_pd(in, x);
    char *args[2] = {(char *)in, (char *)out};
    int64_t steps[2] = {8, 8};
    k(args, steps, 8);
    return _mm512_mask_blend_pd(ok, _mm512_loadu_pd(out), y);
}

/* exp(x) = 2^e * 2^(j/16) * exp(r), with k = round(x * 16/ln2), j = k mod 16,
   e = floor(k / 16), r = x - k*ln2/16 (two-part constant, FMA), |r| <= ln2/32.
   2^(j/16) comes from the 16-entry table held in two registers (a permute,
   no gather) as EH[j] plus its relative tail; exp(r) - 1 is the degree-7
   Taylor polynomial (remainder r^8/8! < 1.3e-18). The result is
   scale + scale*(tail + p) with one rounding: about 0.52 ULP. The fast path
   is |x| <= 708, where every result is a normal number. */
static inline __m512d exp8_fast(__m512d x) {
    const __m512d l_hi = SET(0x1.62e42fefa39efp-5);  /* ln2/16, high part */
    const __m512d l_lo = SET(0x1.abc9e3b39803fp-60); /* ln2/16 - l_hi */
    __m512d k = _mm512_roundscale_pd(_mm512_mul_pd(x, SET(0x1.71547652b82fep+4)),
                                     _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512d r = _mm512_fnmadd_pd(k, l_hi, x);
    r = _mm512_fnmadd_pd(k, l_lo, r);
    __m512i ki = _mm512_cvtpd_epi64(k);
    __m512i j = _mm512_and_si512(ki, _mm512_set1_epi64(15));
    __m512i e = _mm512_srai_epi64(ki, 4);
    __m512d h = _mm512_permutex2var_pd(_mm512_loadu_pd(EH), j, _mm512_loadu_pd(EH + 8));
    __m512d tail = _mm512_permutex2var_pd(_mm512_loadu_pd(ET), j, _mm512_loadu_pd(ET + 8));
    __m512d scale =
        _mm512_castsi512_pd(_mm512_add_epi64(_mm512_castpd_si512(h), _mm512_slli_epi64(e, 52)));
    __m512d q = SET(1.0 / 5040);
    q = _mm512_fmadd_pd(q, r, SET(1.0 / 720));
    q = _mm512_fmadd_pd(q, r, SET(1.0 / 120));
    q = _mm512_fmadd_pd(q, r, SET(1.0 / 24));
    q = _mm512_fmadd_pd(q, r, SET(1.0 / 6));
    q = _mm512_fmadd_pd(q, r, SET(0.5));
    __m512d p = _mm512_fmadd_pd(_mm512_mul_pd(r, r), q, r);
    return _mm512_fmadd_pd(scale, _mm512_add_pd(tail, p), scale);
}

/* the fast path's lanes; NaN is not one */
static inline __mmask8 exp_ok(__m512d x) {
    return _mm512_cmp_pd_mask(_mm512_abs_pd(x), SET(708.0), _CMP_LE_OQ);
}

static inline __m512d exp8(__m512d x) {
    __mmask8 ok = exp_ok(x);
    __m512d y = exp8_fast(_mm512_maskz_mov_pd(ok, x));
    return with_overlaid(ok, y, sleef_exp, x);
}

/* log(x) = k ln2 - log(c) + log1p(r): x = 2^k m with m in [0.75, 1.5)
   (getmant), c = j/16 the multiple of 1/16 nearest 1/m (j = 11..21, from
   rcp14; any neighbour would do), so that r = m c - 1 is exact in one FMA
   (|r| <= 0.0435: m c has at most 57 significant bits, r fewer than 53) and
   r = m - 1 when c = 1, which keeps x near 1 accurate. t1 = k ln2_hi +
   LH[j] is exact; t2 = t1 + r rounds once and Fast2Sum recovers its error
   (|t1| >= |r| unless t1 = 0). log1p(r) - r is r^2 times a degree-9
   polynomial (error below 2^-56 of the result). The low-order terms
   add up below ulp(t2)/64, so the result is about 0.52 ULP. The fast path
   is the positive normal numbers; 0, subnormals, negatives, inf and NaN
   take SLEEF's lanes. */
static inline __m512d log8_fast(__m512d x) {
    __m512d m = _mm512_getmant_pd(x, _MM_MANT_NORM_p75_1p5, _MM_MANT_SIGN_src);
    __m512d k = _mm512_getexp_pd(x);
    k = _mm512_mask_add_pd(k, _mm512_cmp_pd_mask(m, SET(1.0), _CMP_LT_OQ), k, SET(1.0));
    /* adding 1.5 2^48 rounds to a multiple of 1/16 and leaves j in the low bits */
    const __m512d magic = SET(0x1.8p48);
    __m512d jm = _mm512_add_pd(_mm512_rcp14_pd(m), magic);
    __m512i j = _mm512_castpd_si512(jm);
    __m512d r = _mm512_fmsub_pd(m, _mm512_sub_pd(jm, magic), SET(1.0));
    __m512d lh = _mm512_permutex2var_pd(_mm512_loadu_pd(LH), j, _mm512_loadu_pd(LH + 8));
    __m512d ll = _mm512_permutex2var_pd(_mm512_loadu_pd(LL), j, _mm512_loadu_pd(LL + 8));
    __m512d t1 = _mm512_fmadd_pd(k, SET(0x1.62e42fefa3800p-1), lh); /* ln2 high part, exact */
    __m512d t2 = _mm512_add_pd(t1, r);
    __m512d e2 = _mm512_sub_pd(r, _mm512_sub_pd(t2, t1));
    __m512d lo = _mm512_fmadd_pd(k, SET(0x1.ef35793c76730p-45), ll); /* ln2 - high part */
    /* (log1p(r) - r) / r^2 on |r| <= 0.0436: degree 9, Chebyshev-node fit in
       50-digit arithmetic, error below 9.3e-18 with these doubles */
    static const double Q[10] = {
        -0x1.0000000000000p-1, 0x1.5555555555555p-2, -0x1.ffffffffff0fcp-3, 0x1.9999999998bbdp-3,
        -0x1.55555564c271cp-3, 0x1.24924932cfc6ap-3, -0x1.ffff4e8d69742p-4, 0x1.c71bcdf93f6a7p-4,
        -0x1.9b39f91a333eap-4, 0x1.75dd7253c1bf9p-4};
    __m512d q = SET(Q[9]);
    for (int i = 8; i >= 0; i--) q = _mm512_fmadd_pd(q, r, SET(Q[i]));
    __m512d r2 = _mm512_mul_pd(r, r);
    lo = _mm512_fmadd_pd(r2, q, _mm512_add_pd(lo, e2));
    return _mm512_add_pd(t2, lo);
}

/* positive normal: bits - bits(DBL_MIN) below bits(inf) - bits(DBL_MIN), unsigned */
static inline __mmask8 log_ok(__m512d x) {
    __m512i b = _mm512_sub_epi64(_mm512_castpd_si512(x), _mm512_set1_epi64(0x0010000000000000));
    return _mm512_cmp_epu64_mask(b, _mm512_set1_epi64(0x7fe0000000000000), _MM_CMPINT_LT);
}

static inline __m512d log8(__m512d x) {
    __mmask8 ok = log_ok(x);
    if (ok == 0xff) return log8_fast(x);
    __m512d y = log8_fast(_mm512_mask_blend_pd(ok, SET(1.0), x));
    return with_overlaid(ok, y, sleef_log, x);
}

/* sin(x) = ±sin(r) or ±cos(r) by the quadrant q = round(x 2/pi), with
   r = x - q pi/2 as a double-double (hi, lo): P1 has 33 bits, so q P1 and
   x - q P1 are exact for |q| < 2^20; q P1T (P1T = pi/2 - P1) is rounded and
   Fast2Sum gives hi + lo. Both errors are below |q| 2^-87, at most
   1.3 2^-58 |hi| where the fast path requires |hi| >= |x| 2^-29 (a lane
   within that of a multiple of pi/2 takes SLEEF's path, which reduces
   further).
   sin(r) and cos(r) are FreeBSD's k_sin.c/k_cos.c polynomials and their
   extra-precision sums with the tail lo (< 1 ULP each). The fast path is
   2^-26 <= |x| <= 8e5, so no intermediate underflows. */
static inline __m512d sin8_fast(__m512d x, __m512d ax, __mmask8 *precise) {
    const __m512d magic = SET(0x1.8p52);
    __m512d qm = _mm512_fmadd_pd(x, SET(0x1.45f306dc9c883p-1), magic); /* 2/pi */
    __m512d q = _mm512_sub_pd(qm, magic);
    __m512d t = _mm512_fnmadd_pd(q, SET(0x1.921fb54400000p0), x);
    __m512d w = _mm512_mul_pd(q, SET(0x1.0b4611a626331p-34));
    __m512d hi = _mm512_sub_pd(t, w);
    __m512d lo = _mm512_sub_pd(_mm512_sub_pd(t, hi), w);
    /* |x| 2^-29 >= |q| 2^-29 / 1.28 */
    *precise = _mm512_cmp_pd_mask(_mm512_abs_pd(hi), _mm512_mul_pd(ax, SET(0x1p-29)), _CMP_GE_OQ);
    __m512d z = _mm512_mul_pd(hi, hi);
    /* sin(hi + lo) = hi - ((z (lo/2 - v s) - lo) - v S1), v = z hi */
    __m512d s =
        _mm512_fmadd_pd(z, SET(1.58969099521155010221e-10), SET(-2.50507602534068634195e-08));
    s = _mm512_fmadd_pd(z, s, SET(2.75573137070700676789e-06));
    s = _mm512_fmadd_pd(z, s, SET(-1.98412698298579493134e-04));
    s = _mm512_fmadd_pd(z, s, SET(8.33333333332248946124e-03));
    __m512d v = _mm512_mul_pd(z, hi);
    __m512d sn = _mm512_fnmadd_pd(v, s, _mm512_mul_pd(SET(0.5), lo));
    sn = _mm512_fmsub_pd(z, sn, lo);
    sn = _mm512_fmadd_pd(v, SET(1.66666666666666324348e-01), sn); /* - v S1 */
    sn = _mm512_sub_pd(hi, sn);
    /* cos(hi + lo) = w + (((1 - w) - z/2) + (z^2 c - hi lo)), w = 1 - z/2 */
    __m512d c =
        _mm512_fmadd_pd(z, SET(-1.13596475577881948265e-11), SET(2.08757232129817482790e-09));
    c = _mm512_fmadd_pd(z, c, SET(-2.75573143513906633035e-07));
    c = _mm512_fmadd_pd(z, c, SET(2.48015872894767294178e-05));
    c = _mm512_fmadd_pd(z, c, SET(-1.38888888888741095749e-03));
    c = _mm512_fmadd_pd(z, c, SET(4.16666666666666019037e-02));
    /* z/2 is exact, so each FMA rounds what the subtraction of it did */
    __m512d cw = _mm512_fnmadd_pd(SET(0.5), z, SET(1.0));
    __m512d cs = _mm512_fnmadd_pd(SET(0.5), z, _mm512_sub_pd(SET(1.0), cw));
    cs = _mm512_add_pd(cs, _mm512_fmsub_pd(_mm512_mul_pd(z, z), c, _mm512_mul_pd(hi, lo)));
    cs = _mm512_add_pd(cw, cs);
    __m512i n = _mm512_castpd_si512(qm); /* q mod 4 in the low bits */
    __m512d y = _mm512_mask_blend_pd(_mm512_test_epi64_mask(n, _mm512_set1_epi64(1)), sn, cs);
    return _mm512_mask_xor_pd(y, _mm512_test_epi64_mask(n, _mm512_set1_epi64(2)), y, SET(-0.0));
}

static inline __mmask8 sin_ok(__m512d x) {
    __m512d ax = _mm512_abs_pd(x);
    return _mm512_cmp_pd_mask(ax, SET(8e5), _CMP_LE_OQ) &
           _mm512_cmp_pd_mask(ax, SET(0x1p-26), _CMP_GE_OQ);
}

static inline __m512d sin8(__m512d x) {
    __m512d ax = _mm512_abs_pd(x);
    __mmask8 ok = sin_ok(x), precise;
    __m512d y = ok == 0xff
                    ? sin8_fast(x, ax, &precise)
                    : sin8_fast(_mm512_maskz_mov_pd(ok, x), _mm512_maskz_mov_pd(ok, ax), &precise);
    ok &= precise;
    return with_overlaid(ok, y, sleef_sin, x);
}

/* Contiguous runs go two vectors at a time (measured 6-7% faster for exp
   and log than one: more independent work in flight) through a loop of
   their own that holds no call: it stops at the first pair with a lane off
   the fast path, which the full function (and the overlaid kernel's call)
   then takes. With that call inside the loop GCC kept every constant on
   the stack, one memory operand per FMA (log: 10% faster without). The
   tail and strided runs go through a lane buffer whose unused lanes repeat
   lane 0, so they raise nothing of their own. */
#define FAST_RUN(name, OK, FAST)                                                                   \
    static __attribute__((noinline)) int64_t name(const char *in, char *out, int64_t i,           \
                                                  int64_t n) {                                     \
        for (; i + 16 <= n; i += 16) {                                                             \
            __m512d a = _mm512_loadu_pd(in + i * 8), b = _mm512_loadu_pd(in + i * 8 + 64);         \
            if ((OK(a) & OK(b)) != 0xff) break;                                                    \
            __mmask8 ka, kb;                                                                       \
            __m512d ya = FAST(a, &ka), yb = FAST(b, &kb);                                          \
            if ((ka & kb) != 0xff) break;                                                          \
            _mm512_storeu_pd(out + i * 8, ya);                                                     \
            _mm512_storeu_pd(out + i * 8 + 64, yb);                                                \
        }                                                                                          \
        return i;                                                                                  \
    }

static inline __m512d exp_fast(__m512d x, __mmask8 *k) { return *k = 0xff, exp8_fast(x); }
FAST_RUN(exp_run, exp_ok, exp_fast)

static inline __m512d log_fast(__m512d x, __mmask8 *k) { return *k = 0xff, log8_fast(x); }
FAST_RUN(log_run, log_ok, log_fast)

static inline __m512d sin_fast(__m512d x, __mmask8 *k) { return sin8_fast(x, _mm512_abs_pd(x), k); }
FAST_RUN(sin_run, sin_ok, sin_fast)

static inline __attribute__((always_inline)) void run8(char *const *args, const int64_t *steps,
                                                       int64_t n, __m512d (*f)(__m512d),
                                                       int64_t (*fast_run)(const char *, char *,
                                                                           int64_t, int64_t)) {
    const char *in = args[0];
    char *out = args[1];
    const int64_t si = steps[0], so = steps[1];
    int64_t i = 0;
    if (si == 8 && so == 8) {
        while ((i = fast_run(in, out, i, n)) + 16 <= n) {
            _mm512_storeu_pd(out + i * 8, f(_mm512_loadu_pd(in + i * 8)));
            _mm512_storeu_pd(out + i * 8 + 64, f(_mm512_loadu_pd(in + i * 8 + 64)));
            i += 16;
        }
        for (; i + 8 <= n; i += 8) _mm512_storeu_pd(out + i * 8, f(_mm512_loadu_pd(in + i * 8)));
    }
    while (i < n) {
        double buf[8], res[8];
        int m = n - i < 8 ? (int)(n - i) : 8;
        for (int k = 0; k < m; k++) memcpy(&buf[k], in + (i + k) * si, 8);
        for (int k = m; k < 8; k++) buf[k] = buf[0];
        _mm512_storeu_pd(res, f(_mm512_loadu_pd(buf)));
        for (int k = 0; k < m; k++) memcpy(out + (i + k) * so, &res[k], 8);
        i += m;
    }
}

static void k_exp_f64(char *const *args, const int64_t *steps, int64_t n) {
    run8(args, steps, n, exp8, exp_run);
}
static void k_log_f64(char *const *args, const int64_t *steps, int64_t n) {
    run8(args, steps, n, log8, log_run);
}
static void k_sin_f64(char *const *args, const int64_t *steps, int64_t n) {
    run8(args, steps, n, sin8, sin_run);
}
#endif

void ND_K(nd_kfill_vmath)(nd_ktable *t) {
#ifdef __AVX512F__
    init_tables();
    sleef_exp = t->loops[ND_KOP_EXP][ND_FLOAT64];
    sleef_log = t->loops[ND_KOP_LOG][ND_FLOAT64];
    sleef_sin = t->loops[ND_KOP_SIN][ND_FLOAT64];
    ND_REG(t, EXP, float64, k_exp_f64);
    ND_REG(t, LOG, float64, k_log_f64);
    ND_REG(t, SIN, float64, k_sin_f64);
#else
    (void)t;
#endif
}
