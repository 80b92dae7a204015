/* nd's own float32 sin, cos and tan in float32 lanes (16 at avx512):
   all three at avx512, cos and tan at avx2 (sin there stays vm_trig.c's,
   faster at that level), overlaying vm_trig.c's float32 kernels (which
   compute in float64) and keeping those as the exact slow path.

   - Fast path, |x| <= 400 (|q| <= 255 below): the reduction of |x| (the
     sign goes back at the end: sin is odd, cos even; tan reduces x itself
     here, see tan32_any) in float32,
     x = q pi/2 + rh + rl, q = round(x 2/pi) and pi/2 = P1 + P2 + P3 with
     P1 24 bits, P2 16 bits (so q P2 is exact), P3 rounded: r1 = x - q P1
     is exact (a multiple of 2^-24 below 1); rh = r1 - q P2 rounded, and
     t = r1 - rh (a multiple of 2^-40 below 2^-16) and t - q P2 (the error
     of rh) are exact, so rl = (t - q P2) - q P3 carries rh's error; its own
     rounding is below 2^-24 |q P3| <= 2^-56, and the pi/2 left out below
     2^-60, while no float32 below 2^20 is nearer than 2^-27.8 to a
     multiple of pi/2 (exhaustive): r = rh + rl to 2^-27 relative or better.
   - sin and cos of r (|r| <= pi/4 + a little; cos x = sin of x with q + 1,
     the + 1 from the reduction's shifter) share one shape, y = A + (M P(z)
     + K), z = rh^2, each lane taking its coefficients by its quadrant
     (blends, cheaper than both polynomials): sin: A = rh, M = z rh, K = rl
     (rl cos rh less its rl z/2, below 2^-25.7 |rh|: about 0.12 ULP more
     than K = rl w, for one multiply fewer a vector); cos: A = w = 1 - rh^2/2
     rounded once (FMA), M = z^2, K = ((1 - w) - rh^2/2) - rh rl, the first
     term exact or within 2^-24 of itself, so A + K is 1 - rh^2/2 - rh rl to
     about 2^-49. P: degree 2 in z, fitted in float32 coefficients (Lawson,
     MPFR-grade arithmetic): below 2^-27.9 (sin, relative) and 2^-33 (cos).
     |M P + K| is below 0.1 |A| (sin) or 0.31 |A| (cos): one final rounding
     plus about 0.15 ULP (0.27 on sin lanes, with the rl z/2 left out).
   - tan: tan r = rh + tl, tl = rh z P(z) + rl (1 + z + z^2) (P degree 6, below
     2^-29.3 relative); even q: y = rh + tl (one rounding); odd q: -1/(rh +
     tl) from y0 ~ 1/(rh + tl) (rcp14 at avx512, 2^-14; a division at
     avx2), e = 1 - rh y0 - tl y0, y = -(y0 + y0 e): relative error e^2 plus
     the roundings of e (2^-27): no division at avx512.
   - Middle tier, 400 < |x| <= 24576 (q < 2^14): the same reduction with
     a shorter P2 and one more exact step (trig32_red_any), then the same
     polynomials; a vector with such lanes blends the two tiers' constants
     lane by lane, at about the cost of the fast path (these lanes went
     through the slow kernel before: 2-2.4x slower there, as every chunk
     was computed both ways).
   - Far tier, 24576 < |x| <= 172032 (q < 2^17): the middle tier's sum of
     parts in smaller pieces and a second exact step (trig32_red_any
     again), giving the middle tier's lanes the same bits; vectors with
     such lanes no longer take the chunk path (|x| up to 1e5: 1.2-1.5x
     faster than through it).
   - Other lanes (|x| > 172032, inf, NaN) go through the kernel this
     overlays (vm_trig.c: float64 evaluation, Payne-Hanek above 2^24), in
     chunks (the loops at the end).
   docs/accuracy.md has the exhaustive maxima. */
#include "generic/vmath.h"

#ifdef ND_VMATH

static nd_kloop slow_sin_f32, slow_cos_f32, slow_tan_f32;

#define VF(c) ((vf){0} + (c)) /* a broadcast constant */

#define F32_FAST_MAX 400.0f
#define P1 0x1.921fb6p+0f   /* pi/2 rounded: 24 bits */
#define P2 -0x1.777a00p-25f /* the next 16 bits: q P2 exact for |q| < 2^8 */
#define P3 -0x1.73dcb4p-43f /* the rest, rounded */
/* tan's fast tier reduces x itself, not |x| (below): the same split with
   pi/2 rounded down, so that its parts are all positive and x = -0 keeps
   its sign through r1 and rh (-(+0 T2) + -0 = -0) */
#define T1 0x1.921fb4p+0f   /* pi/2 rounded down: 24 bits */
#define T2 0x1.4442p-24f    /* the next 16 bits (q T2 exact for |q| < 2^8) */
#define T3 0x1.a308d4p-41f  /* the rest, rounded (2^-64.4 off) */


/* ax = q pi/2 + rh + rl for 0 <= ax <= 400; q + k mod 4 in the low bits of
   *qb, k = 0 or 1 from the shifter sh = 1.5 2^23 + k (cos: q + 1 with no
   integer add; at a tie of ax 2/pi the two shifters may round q apart, both
   within the polynomials' interval) */
static inline vf trig32_red(vf ax, vf *rl, vfi *qb, float sh, float c1, float c2, float c3) {
    vf m = vf_fma(ax, VF(0x1.45f306p-1f), VF(sh));
    vf q = m - sh;
    vf r1 = vf_fnma(q, VF(c1), ax);
    vf rh = vf_fnma(q, VF(c2), r1);
    vf t = vf_fnma(q, VF(c2), r1 - rh);
    *rl = vf_fnma(q, VF(c3), t);
    *qb = (vfi)m;
    return rh;
}

static const float SS[3] = {-0x1.555546p-3f, 0x1.110778p-7f, -0x1.99537ep-13f};
static const float SC[3] = {0x1.55554ap-5f, -0x1.6c0c1ap-10f, 0x1.99e0e6p-16f};

/* a lane mask from q's low bit and a blend by it: a kmask at avx512 (GCC
   spells vector-extension selects as two masked xors there), the sign bit
   at avx2 (blendv reads only that) */
#if defined(__AVX512F__)
typedef __mmask16 kf;
static inline kf odd_k(vfi q) { return _mm512_test_epi32_mask((__m512i)q, _mm512_set1_epi32(1)); }
static inline vf ksel(kf m, vf a, vf b) { return (vf)_mm512_mask_blend_ps(m, (__m512)b, (__m512)a); }
#else
typedef vfi kf;
static inline kf odd_k(vfi q) { return (vfi)((vfu)q << 31); }
static inline vf ksel(kf m, vf a, vf b) { return (vf)_mm256_blendv_ps((__m256)b, (__m256)a, (__m256)m); }
#endif

/* the lanes of the fast tier (|x| <= 400; quiet: false for NaN) as a blend mask */
#if defined(__AVX512F__)
static inline kf trig32_fast_k(vf ax) {
    return _mm512_cmp_ps_mask((__m512)ax, _mm512_set1_ps(F32_FAST_MAX), _CMP_LE_OQ);
}
#else
static inline kf trig32_fast_k(vf ax) { return vf_le(ax, VF(F32_FAST_MAX)); }
#endif

/* The middle tier, 400 < |x| <= 24576 (q < 2^14): the same steps with a
   10-bit Q2 in place of P2 (q Q2 exact again), then one more exact part
   and a renormalization. pi/2 = P1 + Q2 + Q3 + Q4 + d, Q2 = -0x1.778p-25
   (10 bits, and pi/2 - P1 - Q2 happens to be below 2^-38.5), Q3 9 bits,
   |d| < 2^-76. rh = r1 - q Q2 rounded and e, its error, are exact as in
   trig32_red (multiples of 2^-34); e3 = e - q Q3 is exact (a multiple of
   2^-47 below |e| + |q Q3| < 2^-25 + 2^-24.57 < 2^-23.77). s = rh + e3 and
   err = (rh - s) + e3 are exact (Fast2Sum: exact when |rh| >= |e3|, and
   when |rh| < |e3| < 2^-23.77, rh = r1 - q Q2 exactly, e = 0 and |s| <
   2^-23.77 + 2^-24.57 < 2^-23, a multiple of 2^-47 below 2^-23: s exact,
   err = 0). rl = err - q Q4 rounded (|q Q4| < 2^-35): rh + rl = s + rl is
   x - q pi/2 to 2^-24 |rl| + 2^-62, the same form as trig32_red's (rl
   below 2^-25 |rh| + 2^-35), with |r| at least 2^-27.8: about 2^-33
   relative or better. q = round(x 2/pi) with 2/pi in float32 may be one
   off near the midpoints: |r| < pi/4 (1 + 2^-10), inside the polynomials'
   fits (pi/4 (1 + 2^-9)). Each lane takes the fast tier's constants and
   results if |x| <= 400, so a result depends only on its input. */
#define F32_MID_MAX 0x1.8p14f
#define Q2 -0x1.778p-25f
#define Q3 0x1.69p-39f
#define Q4 -0x1.ee59dap-50f

/* The far tier, 24576 < |x| <= 172032 (q < 2^17): q Q2 is no longer exact,
   so the same sum Q2 + Q3 is taken in three parts of at most 7 bits, F2 +
   F3 + F4 = Q2 + Q3 exactly (-0x5dde97 2^-47 as -0xbc 2^-32 + 0x21 2^-39 +
   0x69 2^-47): rh = r1 - q F2 rounded, its error e, e3 = e - q F3, s =
   rh + e3 with its error err (Fast2Sum), e4 = err - q F4 and a second
   Fast2Sum s2 = s + e4, err2, then rl = err2 - q Q4 rounded. Every step
   but rh, s, s2 and rl is exact and both Fast2Sums are (checked for every
   float32 in (400, 180000], in float arithmetic with FMA against the exact
   values in binary128), so s2 = x - q (P1 + Q2 + Q3) rounded, as the
   middle tier's s, and rl = the same remainder minus q Q4 rounded, as the
   middle tier's rl: the lanes of the middle tier get the same bits through
   either chain (checked on the same set), and a vector with lanes of all
   three tiers needs no more blends than the middle tier's. s2 + rl is x -
   q pi/2 within 2^-33.8 relative (same check; a second Fast2Sum is needed
   as |q F4| reaches 2^-24, more than r near a multiple of pi/2). q from
   2/pi in float32 may be one off up to 2^-7.8 from the midpoints here, so
   |r| < pi/4 (1 + 2^-6.8), a little past the fits' interval: the
   exhaustive maxima on this tier (docs/accuracy.md) include those lanes. */
#define F32_FAR_MAX 0x1.5p17f
#define F2 -0x1.78p-25f
#define F3 0x1.08p-34f
#define F4 0x1.a4p-41f

/* the reduction of any tier, lane by lane: tier 0 every lane <= 400, tier 1
   every lane <= 24576, tier 2 every lane <= 172032; the lanes <= 400 with
   the fast tier's split pi/2 = f1 + f2 + f3 (P1.. for sin and cos, T1.. for
   tan) */
static inline vf trig32_red_any(vf ax, vf *rl, vfi *qb, int tier, float sh, float f1, float f2,
                                float f3) {
    if (!tier) return trig32_red(ax, rl, qb, sh, f1, f2, f3);
    kf f = trig32_fast_k(ax);
    vf m = vf_fma(ax, VF(0x1.45f306p-1f), VF(sh));
    vf q = m - sh;
    vf c1 = f1 == P1 ? VF(P1) : ksel(f, VF(f1), VF(P1));
    vf c2 = ksel(f, VF(f2), VF(tier == 2 ? F2 : Q2)), c3 = ksel(f, VF(f3), VF(tier == 2 ? F3 : Q3));
    vf r1 = vf_fnma(q, c1, ax);
    vf rh = vf_fnma(q, c2, r1);
    vf t = vf_fnma(q, c2, r1 - rh);
    vf e3 = vf_fnma(q, c3, t);
    *qb = (vfi)m;
#if defined(__AVX512F__)
    /* the fast lanes keep rh, and (rh - rh) + e3 = e3 (no -0 arises here:
       no lane's e3 is -0, every operand being >= 0 or an exact difference);
       in the far tier they keep rh and e3 through the second step too */
    vf s = (vf)_mm512_mask_add_ps((__m512)rh, (__mmask16)~f, (__m512)rh, (__m512)e3);
    vf err = (rh - s) + e3;
    if (tier == 2) {
        vf e4 = (vf)_mm512_mask3_fnmadd_ps((__m512)q, _mm512_set1_ps(F4), (__m512)err, (__mmask16)~f);
        vf s2 = (vf)_mm512_mask_add_ps((__m512)s, (__mmask16)~f, (__m512)s, (__m512)e4);
        err = (s - s2) + e4;
        s = s2;
    }
    *rl = (vf)_mm512_mask3_fnmadd_ps((__m512)q, _mm512_set1_ps(Q4), (__m512)err, (__mmask16)~f);
    return s;
#else
    vf s = rh + e3;
    vf err = (rh - s) + e3;
    if (tier == 2) {
        vf e4 = vf_fnma(q, VF(F4), err);
        vf s2 = s + e4;
        err = (s - s2) + e4;
        s = s2;
    }
    vf rlm = vf_fnma(q, VF(Q4), err);
    *rl = ksel(f, e3, rlm);
    return ksel(f, rh, s);
#endif
}

/* y with its sign flipped where s's sign bit is set */
static inline vf flip(vf y, vfi s) { return (vf)((vfi)y ^ (s & INT32_MIN)); }

/* sin(q pi/2 + rh + rl) where odd marks the lanes of odd q (cos for the
   others), up to the sign */
static inline vf sincos32_eval(vf rh, vf rl, kf odd) {
    vf z = rh * rh;
    vf hr = rh * 0.5f;
    vf w = vf_fnma(hr, rh, VF(1.0f));
    vf e = vf_fnma(hr, rh, 1.0f - w);
    vf kc = vf_fnma(rh, rl, e);
    vf p = vf_fma(z, ksel(odd, VF(SC[2]), VF(SS[2])), ksel(odd, VF(SC[1]), VF(SS[1])));
    p = vf_fma(z, p, ksel(odd, VF(SC[0]), VF(SS[0])));
    vf mm = z * ksel(odd, z, rh);
    return ksel(odd, w, rh) + vf_fma(mm, p, ksel(odd, kc, rl));
}

/* sin: the sign of x, flipped for q mod 4 in {2, 3} (bit 1 of q, at bit 31 of qb << 30) */
static inline vf sin32_any(vf x, int tier) {
    vf ax = vf_abs(x), rl;
    vfi qb;
    vf rh = trig32_red_any(ax, &rl, &qb, tier, 0x1.8p23f, P1, P2, P3);
    vf y = sincos32_eval(rh, rl, odd_k(qb));
    return flip(y, (vfi)((vfu)qb << 30) ^ (vfi)x);
}
/* cos x = sin(x + pi/2): q + 1, from the shifter */
static inline vf cos32_any(vf x, int tier) {
    vf ax = vf_abs(x), rl;
    vfi qb;
    vf rh = trig32_red_any(ax, &rl, &qb, tier, 0x1.8p23f + 1, P1, P2, P3);
    vf y = sincos32_eval(rh, rl, odd_k(qb));
    return flip(y, (vfi)((vfu)qb << 30));
}

static const float TP[7] = {0x1.555562p-2f, 0x1.110d24p-3f,  0x1.baed9ap-5f, 0x1.5c00cep-6f,
                            0x1.667bd8p-7f, -0x1.426756p-15f, 0x1.22d3d8p-8f};

/* The fast tier (tier 0) reduces x with its sign: every step is odd in x
   (round to nearest is symmetric; q = round(x 2/pi) from the shifter, its
   low bit the parity of q for negative q too), so the result is the
   sign-flipped one of |x| bit for bit, and no final flip is needed; x = -0
   keeps its sign through rh (T1, T2 > 0), and y = rh - ntl with ntl = -tl
   (so -0 - (+0) = -0 when x = -0; rh + tl would give +0). The other tiers
   reduce |x| and flip, as sin and cos. */
static inline vf tan32_any(vf x, int tier) {
    vf ax = tier ? vf_abs(x) : x, rl;
    vfi qb;
    vf rh = trig32_red_any(ax, &rl, &qb, tier, 0x1.8p23f, T1, T2, T3);
    vf z = rh * rh;
    vf p = vf_fma(z, VF(TP[6]), VF(TP[5]));
    for (int i = 4; i >= 0; i--) p = vf_fma(z, p, VF(TP[i]));
    /* rh^3 = rz + (rh zl + rzl) exactly (zl, rzl: the errors of z and rz): tl's
       rounding errors would otherwise reach 0.2 ULP (tl is up to 0.27 |y|) */
    vf rz = rh * z;
    vf zl = vf_fms(rh, rh, z), rzl = vf_fms(rh, z, rz);
    /* rl tan'(rh) = rl (1 + tan^2 rh) ~ rl (1 + z + z^2) (rl (1 + z) alone left 0.19 ULP) */
    vf k = vf_fma(vf_fma(rh, zl, rzl), p, vf_fma(rl, vf_fma(z, z, z), rl));
    vf ntl = ND_PS(fnmsub)(rz, p, k); /* -tl: -(rz p + k) rounded */
    vf ye = rh - ntl;
    kf odd = odd_k(qb);
#if defined(__AVX512F__)
    /* the even lanes keep ye through y0 (x = 0 among them: no rcp14 of 0,
       no inf, no flag; their e is finite garbage, |ye| < 1.02, and its FMAs
       round no product alone, so no underflow either) and take it
       from the masked fnmsub, which also does the blend */
    vf y0 = (vf)_mm512_mask_rcp14_ps((__m512)ye, odd, (__m512)ye);
    vf e = vf_fma(ntl, y0, vf_fnma(rh, y0, VF(1.0f)));
    vf y = (vf)_mm512_mask3_fnmsub_ps((__m512)y0, (__m512)e, (__m512)y0, odd);
#else
    /* the even lanes (x = 0 among them) take 1/1: no inf, no flag */
    vf y0 = 1.0f / ksel(odd, ye, VF(1.0f));
    vf e = vf_fma(ntl, y0, vf_fnma(rh, y0, VF(1.0f)));
    vf y = ksel(odd, (vf)_mm256_fnmsub_ps((__m256)y0, (__m256)e, (__m256)y0), ye);
#endif
    return tier ? flip(y, (vfi)x) : y;
}

/* both vectors of a step with every lane |x| <= lim (quiet: false for NaN):
   at avx512 the two compares' kmasks ANDed directly (ND_VMATH_UNARY_OK's
   lane-mask vectors cost three more instructions a step there) */
#if defined(__AVX512F__)
static inline bool trig32_le2(vf a, vf b, float lim) {
    __mmask16 ka = _mm512_cmp_ps_mask((__m512)vf_abs(a), _mm512_set1_ps(lim), _CMP_LE_OQ);
    __mmask16 kb = _mm512_cmp_ps_mask((__m512)vf_abs(b), _mm512_set1_ps(lim), _CMP_LE_OQ);
    return (uint16_t)(ka & kb) == 0xffff;
}
#else
static inline bool trig32_le2(vf a, vf b, float lim) {
    return vfi_all(vf_le(vf_abs(a), VF(lim)) & vf_le(vf_abs(b), VF(lim)));
}
#endif

/* The loops. Contiguous runs go four vectors a step while all are on the
   fast path (a loop with no call: its constants stay in registers; four
   independent chains hide more of each one's latency than two: 4-10%
   faster at avx512, in-process A/B, same bits), then two a step, then
   while both are within the middle tier (the tiers' constants blended by
   lane) or within the far tier, back to the first loop at a step all
   fast. From a step with a lane above 172032, inf or NaN, a chunk of up
   to TRIG32_CH elements goes through the slow kernel in one call
   (vectorized there: one call per vector cost 30x), and its lanes <=
   172032 are then recomputed here and
   put in (TRIG32_CHUNK), so every element gets the same result whatever
   its neighbours, offset or stride. Strided data goes through the same
   chunks via a buffer. */
#define TRIG32_CH 256
/* m <= TRIG32_CH elements of in (contiguous) to out (in may equal out):
   the slow kernel on all of them, then the lanes <= 172032 recomputed here.
   At avx512 straight from in to out: those lanes packed together first
   (vcompressps; at |x| up to 1e5 or more most vectors have a few),
   computed, and stored back to their places (vexpandps, a masked store);
   at avx2 through buffers, every vector recomputed, the other lanes taken
   as 0 (raising nothing), and blended. */
#if defined(__AVX512F__)
#define TRIG32_CHUNK(ANY, SLOW)                                                                    \
    float cs[TRIG32_CH + 16], cy[TRIG32_CH + 16];                                                  \
    __mmask16 fk[TRIG32_CH / 16];                                                                  \
    int64_t nf = 0;                                                                                \
    for (int64_t k = 0; k < m; k += 16) {                                                          \
        __mmask16 mk = m - k >= 16 ? 0xffff : (__mmask16)((1u << (m - k)) - 1);                     \
        __m512 x = _mm512_maskz_loadu_ps(mk, in + k);                                              \
        __mmask16 f = _mm512_mask_cmp_ps_mask(mk, (__m512)vf_abs((vf)x),                           \
                                              _mm512_set1_ps(F32_FAR_MAX), _CMP_LE_OQ);            \
        fk[k / 16] = f;                                                                            \
        _mm512_storeu_ps(cs + nf, _mm512_maskz_compress_ps(f, x));                                 \
        nf += __builtin_popcount(f);                                                               \
    }                                                                                              \
    char *args[2] = {(char *)in, (char *)out};                                                     \
    int64_t st[2] = {sizeof(float), sizeof(float)};                                                \
    SLOW(args, st, m);                                                                             \
    if (nf) {                                                                                      \
        _mm512_storeu_ps(cs + nf, _mm512_setzero_ps());                                            \
        for (int64_t j = 0; j < nf; j += 16) vf_st(cy + j, ANY(vf_ld(cs + j), 2));              \
        nf = 0;                                                                                    \
        for (int64_t k = 0; k < m; k += 16) {                                                      \
            __mmask16 f = fk[k / 16];                                                              \
            if (!f) continue;                                                                      \
            _mm512_mask_storeu_ps(out + k, f, _mm512_maskz_expand_ps(f, _mm512_loadu_ps(cy + nf))); \
            nf += __builtin_popcount(f);                                                           \
        }                                                                                          \
    }
#else
#define TRIG32_CHUNK(ANY, SLOW)                                                                    \
    float xs[TRIG32_CH] = {0}, ys[TRIG32_CH];                                                      \
    memcpy(xs, in, (size_t)m * sizeof(float));                                                     \
    char *args[2] = {(char *)xs, (char *)ys};                                                      \
    int64_t st[2] = {sizeof(float), sizeof(float)};                                                \
    SLOW(args, st, m);                                                                             \
    for (int64_t k = 0; k < m; k += ND_LF) {                                                       \
        vf x = vf_ld(xs + k);                                                                      \
        vfi ok = vf_le(vf_abs(x), VF(F32_FAR_MAX));                                                \
        vf_st(ys + k, vf_sel(ok, ANY((vf)((vfi)x & ok), 2), vf_ld(ys + k)));                       \
    }                                                                                              \
    memcpy(out, ys, (size_t)m * sizeof(float));
#endif
#define TRIG32_LOOP(name, ANY, SLOW)                                                               \
    static __attribute__((noinline)) int64_t name##_run(const float *in, float *out, int64_t i,     \
                                                         int64_t n) {                               \
        for (; i + 4 * ND_LF <= n; i += 4 * ND_LF) {                                               \
            vf a = vf_ld(in + i), b = vf_ld(in + i + ND_LF);                                       \
            vf c = vf_ld(in + i + 2 * ND_LF), d = vf_ld(in + i + 3 * ND_LF);                       \
            if (!trig32_le2(a, b, F32_FAST_MAX) || !trig32_le2(c, d, F32_FAST_MAX)) break;         \
            vf_st(out + i, ANY(a, 0));                                                             \
            vf_st(out + i + ND_LF, ANY(b, 0));                                                     \
            vf_st(out + i + 2 * ND_LF, ANY(c, 0));                                                 \
            vf_st(out + i + 3 * ND_LF, ANY(d, 0));                                                 \
        }                                                                                          \
        for (; i + 2 * ND_LF <= n; i += 2 * ND_LF) {                                               \
            vf a = vf_ld(in + i), b = vf_ld(in + i + ND_LF);                                       \
            if (!trig32_le2(a, b, F32_FAST_MAX)) break;                                            \
            vf_st(out + i, ANY(a, 0));                                                             \
            vf_st(out + i + ND_LF, ANY(b, 0));                                                     \
        }                                                                                          \
        return i;                                                                                  \
    }                                                                                              \
    static __attribute__((noinline)) int64_t name##_mid(const float *in, float *out, int64_t i,     \
                                                         int64_t n) {                               \
        for (; i + 2 * ND_LF <= n; i += 2 * ND_LF) {                                               \
            vf a = vf_ld(in + i), b = vf_ld(in + i + ND_LF);                                       \
            if (!trig32_le2(a, b, F32_MID_MAX) || trig32_le2(a, b, F32_FAST_MAX)) break;           \
            vf_st(out + i, ANY(a, 1));                                                             \
            vf_st(out + i + ND_LF, ANY(b, 1));                                                     \
        }                                                                                          \
        return i;                                                                                  \
    }                                                                                              \
    static __attribute__((noinline)) int64_t name##_far(const float *in, float *out, int64_t i,     \
                                                         int64_t n) {                               \
        for (; i + 2 * ND_LF <= n; i += 2 * ND_LF) {                                               \
            vf a = vf_ld(in + i), b = vf_ld(in + i + ND_LF);                                       \
            if (!trig32_le2(a, b, F32_FAR_MAX) || trig32_le2(a, b, F32_MID_MAX)) break;            \
            vf_st(out + i, ANY(a, 2));                                                             \
            vf_st(out + i + ND_LF, ANY(b, 2));                                                     \
        }                                                                                          \
        return i;                                                                                  \
    }                                                                                              \
    static __attribute__((noinline)) void name##_chunk(const float *in, float *out, int64_t m) {   \
        TRIG32_CHUNK(ANY, SLOW)                                                                    \
    }                                                                                              \
    static void name(char *const *args, const int64_t *steps, int64_t n) {                         \
        const char *in = args[0];                                                                  \
        char *out = args[1];                                                                       \
        const int64_t si = steps[0], so = steps[1];                                                \
        if (si == (int64_t)sizeof(float) && so == (int64_t)sizeof(float)) {                       \
            const float *fi = (const float *)in;                                                   \
            float *fo = (float *)out;                                                              \
            int64_t i = 0;                                                                         \
            while ((i = name##_run(fi, fo, i, n)) < n) {                                           \
                int64_t j = name##_mid(fi, fo, i, n);                                              \
                if (j == i) j = name##_far(fi, fo, i, n);                                          \
                if (j > i) {                                                                       \
                    i = j;                                                                         \
                    continue;                                                                      \
                }                                                                                  \
                int64_t m = n - i < TRIG32_CH ? n - i : TRIG32_CH;                                 \
                name##_chunk(fi + i, fo + i, m);                                                   \
                i += m;                                                                            \
            }                                                                                      \
            return;                                                                                \
        }                                                                                          \
        for (int64_t i = 0; i < n; i += TRIG32_CH) {                                               \
            float buf[TRIG32_CH];                                                                  \
            int64_t m = n - i < TRIG32_CH ? n - i : TRIG32_CH;                                     \
            for (int64_t k = 0; k < m; k++) memcpy(&buf[k], in + (i + k) * si, sizeof(float));     \
            name##_chunk(buf, buf, m);                                                             \
            for (int64_t k = 0; k < m; k++) memcpy(out + (i + k) * so, &buf[k], sizeof(float));    \
        }                                                                                          \
    }
TRIG32_LOOP(k_sin_f32, sin32_any, slow_sin_f32)
TRIG32_LOOP(k_cos_f32, cos32_any, slow_cos_f32)
TRIG32_LOOP(k_tan_f32, tan32_any, slow_tan_f32)

#endif /* ND_VMATH */

void ND_K(nd_kfill_vm_trig_f32)(nd_ktable *t) {
#ifdef ND_VMATH
    slow_sin_f32 = t->loops[ND_KOP_SIN][ND_FLOAT32];
    slow_cos_f32 = t->loops[ND_KOP_COS][ND_FLOAT32];
    slow_tan_f32 = t->loops[ND_KOP_TAN][ND_FLOAT32];
#if defined(__AVX512F__)
    /* avx512 only. At avx2 vm_trig.c's float64 kernels stay: its sin
       (one polynomial, no blends) measured about 25% faster than this one
       (NumPy/nd 1.47 against 1.18 on the Xeon), cos and tan no more than
       14% slower on [-100, 100] but 1.45x faster on |x| in 1e3..1e4, where
       this file's avx2 chunk path (no vcompressps) runs both kernels */
    ND_REG(t, SIN, float32, k_sin_f32);
    ND_REG(t, COS, float32, k_cos_f32);
    ND_REG(t, TAN, float32, k_tan_f32);
#else
    (void)k_sin_f32, (void)k_cos_f32, (void)k_tan_f32;
#endif
#else
    (void)t;
#endif
}
