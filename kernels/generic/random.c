/* PCG64 draws in bulk (driver: src/random/bitgen.c): out[i] is the output
   (XSL-RR) of the (i+1)-th state after *state, which is advanced n steps;
   with doubles, out holds NumPy's next_double of it, (x >> 11) * 2^-53.
   The stream is NumPy's exactly; the AVX-512 level computes 16 of its
   states at once (state i+16 = A16 * state i + C16, in two chains of 8
   lanes, the 128-bit products built from 32-bit multiplies), which removes
   the one-multiply-at-a-time latency of the scalar loop. Philox 4x64-10
   blocks too, many counters at once from avx2 up. */
#include <math.h>

#include "generic/isa_name.h"
#include "generic/loops.h"

typedef unsigned __int128 u128;

#define PCG_MULT (((u128)0x2360ED051FC65DA4ull << 64) | 0x4385DF649FCCF645ull)

static inline uint64_t xsl_rr(u128 s) {
    uint64_t v = (uint64_t)(s >> 64) ^ (uint64_t)s;
    unsigned rot = (unsigned)(s >> 122);
    return (v >> rot) | (v << ((-rot) & 63));
}

static void pcg64_scalar(void *out, int64_t n, u128 *state, u128 inc, bool doubles) {
    u128 s = *state;
    for (int64_t i = 0; i < n; i++) {
        s = s * PCG_MULT + inc;
        uint64_t x = xsl_rr(s);
        if (doubles)
            ((double *)out)[i] = (double)(int64_t)(x >> 11) * 0x1p-53;
        else
            ((uint64_t *)out)[i] = x;
    }
    *state = s;
}

#ifdef __AVX512F__
#include <immintrin.h>

/* (h, l) = (h, l) * (ah, al) + (ch, cl) mod 2^128, eight lanes. */
static inline void mul_add128(__m512i *h, __m512i *l, __m512i ah, __m512i al, __m512i al_hi,
                              __m512i ch, __m512i cl) {
    const __m512i m32 = _mm512_set1_epi64(0xffffffff);
    __m512i x = *l, x_hi = _mm512_srli_epi64(x, 32);
    __m512i p00 = _mm512_mul_epu32(x, al), p01 = _mm512_mul_epu32(x, al_hi);
    __m512i p10 = _mm512_mul_epu32(x_hi, al), p11 = _mm512_mul_epu32(x_hi, al_hi);
    __m512i mid =
        _mm512_add_epi64(_mm512_add_epi64(_mm512_srli_epi64(p00, 32), _mm512_and_si512(p01, m32)),
                         _mm512_and_si512(p10, m32));
    __m512i hi =
        _mm512_add_epi64(_mm512_add_epi64(p11, _mm512_srli_epi64(p01, 32)),
                         _mm512_add_epi64(_mm512_srli_epi64(p10, 32), _mm512_srli_epi64(mid, 32)));
    __m512i lo = _mm512_or_si512(_mm512_slli_epi64(mid, 32), _mm512_and_si512(p00, m32));
    __m512i cross = _mm512_add_epi64(_mm512_mullo_epi64(*h, al), _mm512_mullo_epi64(x, ah));
    __m512i nl = _mm512_add_epi64(lo, cl);
    __mmask8 carry = _mm512_cmplt_epu64_mask(nl, lo);
    __m512i nh = _mm512_add_epi64(_mm512_add_epi64(hi, cross), ch);
    *h = _mm512_mask_add_epi64(nh, carry, nh, _mm512_set1_epi64(1));
    *l = nl;
}

static inline __m512i xsl_rr8(__m512i h, __m512i l) {
    return _mm512_rorv_epi64(_mm512_xor_si512(h, l), _mm512_srli_epi64(h, 58));
}

static inline void store8(void *out, int64_t i, __m512i x, bool doubles) {
    if (!doubles) {
        _mm512_storeu_si512((uint64_t *)out + i, x);
        return;
    }
    __m512d d = _mm512_cvtepi64_pd(_mm512_srli_epi64(x, 11));
    _mm512_storeu_pd((double *)out + i, _mm512_mul_pd(d, _mm512_set1_pd(0x1p-53)));
}

static void pcg64_fill(void *out, int64_t n, u128 *state, u128 inc, bool doubles) {
    if (n < 256) {
        pcg64_scalar(out, n, state, inc, doubles);
        return;
    }
    /* the first 16 states, and the affine map of 16 steps */
    uint64_t hs[16], ls[16];
    u128 s = *state, a = PCG_MULT, c = inc;
    for (int j = 0; j < 16; j++) {
        s = s * PCG_MULT + inc;
        hs[j] = (uint64_t)(s >> 64), ls[j] = (uint64_t)s;
    }
    for (int d = 0; d < 4; d++) c = a * c + c, a = a * a; /* (a, c) of 16 steps */
    __m512i h0 = _mm512_loadu_si512(hs), l0 = _mm512_loadu_si512(ls);
    __m512i h1 = _mm512_loadu_si512(hs + 8), l1 = _mm512_loadu_si512(ls + 8);
    __m512i ah = _mm512_set1_epi64((int64_t)(uint64_t)(a >> 64)),
            al = _mm512_set1_epi64((int64_t)(uint64_t)a);
    __m512i al_hi = _mm512_srli_epi64(al, 32);
    __m512i ch = _mm512_set1_epi64((int64_t)(uint64_t)(c >> 64)),
            cl = _mm512_set1_epi64((int64_t)(uint64_t)c);
    int64_t i = 0;
    for (;; i += 16) {
        store8(out, i, xsl_rr8(h0, l0), doubles);
        store8(out, i + 8, xsl_rr8(h1, l1), doubles);
        if (i + 32 > n) break;
        mul_add128(&h0, &l0, ah, al, al_hi, ch, cl);
        mul_add128(&h1, &l1, ah, al, al_hi, ch, cl);
    }
    /* the state of out[i + 15], then the tail one by one */
    _mm512_storeu_si512(hs, h1), _mm512_storeu_si512(ls, l1);
    *state = (u128)hs[7] << 64 | ls[7];
    i += 16;
    pcg64_scalar((char *)out + 8 * i, n - i, state, inc, doubles);
}
#endif

/* ---- NumPy's standard exponential (its 256-layer ziggurat) and rayleigh's
   square root, for the bulk fills of src/random (driver: nd__std_exponentials
   and f_rayleigh) ---- */
#ifdef __AVX512F__
/* out[i] = the exponential ziggurat's fast-path value of raw[i],
   (raw[i] >> 11) * we[idx] with idx = (raw[i] >> 3) & 0xff, for the longest
   prefix of raw whose draws take the fast path ((raw[i] >> 11) < ke[idx]);
   returns that prefix's length. The same operations as NumPy's scalar code
   (the conversion is exact: 53 bits), eight draws at once; out[i] past the
   prefix (up to n) may be written. */
static int64_t zig_exp(double *out, const uint64_t *raw, int64_t n, const uint64_t *ke,
                       const double *we) {
    const __m512i m8 = _mm512_set1_epi64(0xff);
    for (int64_t i = 0; i < n; i += 8) {
        __mmask8 live = n - i >= 8 ? 0xff : (__mmask8)((1u << (n - i)) - 1);
        __m512i r = _mm512_maskz_loadu_epi64(live, raw + i);
        __m512i idx = _mm512_and_si512(_mm512_srli_epi64(r, 3), m8);
        __m512i ri = _mm512_srli_epi64(r, 11);
        __m512i k = _mm512_i64gather_epi64(idx, (const void *)ke, 8);
        __m512d w = _mm512_i64gather_pd(idx, we, 8);
        __mmask8 ok = _mm512_mask_cmplt_epu64_mask(live, ri, k);
        _mm512_mask_storeu_pd(out + i, live, _mm512_mul_pd(_mm512_cvtepi64_pd(ri), w));
        if (ok != live) return i + __builtin_ctz(~(unsigned)ok);
    }
    return n;
}

/* y[i] = scale * sqrt(2 z[i]) with the correctly rounded sqrt (NumPy's
   rayleigh), without the divider (slow here, 2-3 cycles a lane at every
   width). s ~ sqrt(x), x = 2 z (exact), from rsqrt14 (relative error
   <= 2^-14), one Goldschmidt step (error ~1.5 2^-28) and one correction
   s + (x - s^2) h (error ~1.5 2^-55 before rounding: s within 0.7 ULP).
   Then s is settled exactly: with u = ulp(s), s^2 and x are multiples of
   u^2 (x normal, x ~ s^2), so T = x - s^2 is too, and r = fma(-s, s, x) =
   RN(T). RN is monotone and +-s u, 2 s u are doubles (u a power of 2), so
   |r| < 2 s u gives |sqrt(x) - s| < 1.01 u: the answer is s - u, s or
   s + u; r > s u gives T >= s u + u^2 > s u + u^2 / 4, i.e. sqrt(x) above
   the midpoint s + u / 2: s + u; r < -s u gives sqrt(x) below s - u / 2:
   s - u; between, T lies in (-s u, s u), within both midpoints: s.
   Lanes where the argument does not hold go to the hardware sqrt: x below
   2^-960 (0 and negatives; u and s u must be normal), |r| >= 2 s u (so
   also inf and NaN, whose r is NaN), r = +-s u (RN may have rounded onto
   the bound), and s a power of 2 (the ULP below it is u / 2). Large x
   needs no bound: fma's x - s^2 is exact before its rounding, and s u is
   at most 2^972. */
static void rayleigh_of(double *y, const double *z, double scale, int64_t n) {
    const __m512d half = _mm512_set1_pd(0.5), sc = _mm512_set1_pd(scale);
    const __m512d lo = _mm512_set1_pd(0x1p-960);
    const __m512i expo = _mm512_set1_epi64(0x7ff0000000000000), mant = _mm512_set1_epi64(0xfffffffffffff);
    for (int64_t i = 0; i < n; i += 8) {
        __mmask8 live = n - i >= 8 ? 0xff : (__mmask8)((1u << (n - i)) - 1);
        __m512d zz = _mm512_maskz_loadu_pd(live, z + i);
        __m512d x = _mm512_add_pd(zz, zz);
        __m512d g = _mm512_rsqrt14_pd(x);
        __m512d s = _mm512_mul_pd(x, g), h = _mm512_mul_pd(half, g);
        __m512d e = _mm512_fnmadd_pd(s, h, half);
        s = _mm512_fmadd_pd(s, e, s), h = _mm512_fmadd_pd(h, e, h);
        s = _mm512_fmadd_pd(_mm512_fnmadd_pd(s, s, x), h, s);
        __m512d r = _mm512_fnmadd_pd(s, s, x);
        __m512d p2 = _mm512_castsi512_pd(_mm512_and_si512(_mm512_castpd_si512(s), expo));
        __m512d u = _mm512_mul_pd(p2, _mm512_set1_pd(0x1p-52)), su = _mm512_mul_pd(s, u);
        __m512d ar = _mm512_abs_pd(r);
        __mmask8 good = _mm512_mask_cmp_pd_mask(live, x, lo, _CMP_GE_OQ);
        good = _mm512_mask_cmp_pd_mask(good, ar, _mm512_add_pd(su, su), _CMP_LT_OQ);
        good = _mm512_mask_cmp_pd_mask(good, ar, su, _CMP_NEQ_OQ);
        good = _mm512_mask_test_epi64_mask(good, _mm512_castpd_si512(s), mant);
        /* |r| > s u: one step, u with r's sign ((u & ~sign) | (r & sign)) */
        __mmask8 step = _mm512_cmp_pd_mask(ar, su, _CMP_GT_OQ);
        __m512i us = _mm512_ternarylogic_epi64(_mm512_castpd_si512(u), _mm512_castpd_si512(r),
                                               _mm512_set1_epi64(INT64_MIN), 0xd8);
        s = _mm512_mask_add_pd(s, step, s, _mm512_castsi512_pd(us));
        _mm512_mask_storeu_pd(y + i, live, _mm512_mul_pd(s, sc));
        if (good != live) { /* rare: x's lanes, since y may be z */
            double xs[8];
            _mm512_storeu_pd(xs, x);
            for (unsigned bad = live & ~good; bad; bad &= bad - 1)
                y[i + __builtin_ctz(bad)] = scale * sqrt(xs[__builtin_ctz(bad)]);
        }
    }
}
#endif

/* ---- Philox 4x64-10: counter based, so blocks of many counters are
   computed side by side, bit for bit NumPy's stream ---- */

#define PH_M0 0xD2E7470EE14C6C93ull
#define PH_M1 0xCA5A826395121157ull
#define PH_W0 0x9E3779B97F4A7C15ull
#define PH_W1 0xBB67AE8584CAA73Bull

static void philox_scalar(void *out, int64_t nb, uint64_t ctr[4], const uint64_t key[2],
                          bool doubles) {
    for (int64_t b = 0; b < nb; b++) {
        for (int i = 0; i < 4 && ++ctr[i] == 0; i++) { /* carry */
        }
        uint64_t c0 = ctr[0], c1 = ctr[1], c2 = ctr[2], c3 = ctr[3], k0 = key[0], k1 = key[1];
        for (int r = 0; r < 10; r++) {
            u128 p0 = (u128)PH_M0 * c0, p1 = (u128)PH_M1 * c2;
            c0 = (uint64_t)(p1 >> 64) ^ c1 ^ k0, c2 = (uint64_t)(p0 >> 64) ^ c3 ^ k1;
            c1 = (uint64_t)p1, c3 = (uint64_t)p0;
            k0 += PH_W0, k1 += PH_W1;
        }
        uint64_t w[4] = {c0, c1, c2, c3};
        for (int k = 0; k < 4; k++)
            if (doubles)
                ((double *)out)[4 * b + k] = (double)(int64_t)(w[k] >> 11) * 0x1p-53;
            else
                ((uint64_t *)out)[4 * b + k] = w[k];
    }
}

#ifdef __AVX2__
#include <immintrin.h>

/* Many counters at once: one vector register per word of the block (W
   lanes), two registers sets in flight to hide the multiplies' latency.
   Each 64x64 -> 128 product is built from four 32x32 -> 64 ones
   (vpmuludq: x86 vectors have no 64-bit high multiply). */
#ifdef __AVX512F__
typedef __m512i vec;
enum { W = 8 };
#define V_SET1(x) _mm512_set1_epi64((int64_t)(x))
#define V_MUL32 _mm512_mul_epu32
#define V_ADD _mm512_add_epi64
#define V_SRL _mm512_srli_epi64
#define V_SLL _mm512_slli_epi64
#define V_AND _mm512_and_si512
#define V_OR _mm512_or_si512
#define V_XOR3(a, b, c) _mm512_ternarylogic_epi64(a, b, c, 0x96)
#define V_LANE_IDX _mm512_set_epi64(8, 7, 6, 5, 4, 3, 2, 1)

/* Eight words to out, or NumPy's next_double of them. */
static inline void ph_store8(void *out, vec x, bool doubles) {
    if (!doubles) {
        _mm512_storeu_si512(out, x);
        return;
    }
    __m512d d = _mm512_cvtepi64_pd(_mm512_srli_epi64(x, 11));
    _mm512_storeu_pd(out, _mm512_mul_pd(d, _mm512_set1_pd(0x1p-53)));
}

/* Blocks l = 0..7 (word k of block l in lane l of c[k]) to out[4l + k]. */
static inline void store_blocks(void *out, const vec c[4], bool doubles) {
    uint64_t *o = out; /* 8-byte elements either way */
    vec t0 = _mm512_unpacklo_epi64(c[0], c[1]), t1 = _mm512_unpackhi_epi64(c[0], c[1]);
    vec t2 = _mm512_unpacklo_epi64(c[2], c[3]), t3 = _mm512_unpackhi_epi64(c[2], c[3]);
    const vec lo = _mm512_set_epi64(11, 10, 3, 2, 9, 8, 1, 0);
    const vec hi = _mm512_set_epi64(15, 14, 7, 6, 13, 12, 5, 4);
    vec x0 = _mm512_permutex2var_epi64(t0, lo, t2), x1 = _mm512_permutex2var_epi64(t1, lo, t3);
    vec y0 = _mm512_permutex2var_epi64(t0, hi, t2), y1 = _mm512_permutex2var_epi64(t1, hi, t3);
    ph_store8(o, _mm512_shuffle_i64x2(x0, x1, 0x44), doubles);
    ph_store8(o + 8, _mm512_shuffle_i64x2(x0, x1, 0xee), doubles);
    ph_store8(o + 16, _mm512_shuffle_i64x2(y0, y1, 0x44), doubles);
    ph_store8(o + 24, _mm512_shuffle_i64x2(y0, y1, 0xee), doubles);
}
#else
typedef __m256i vec;
enum { W = 4 };
#define V_SET1(x) _mm256_set1_epi64x((int64_t)(x))
#define V_MUL32 _mm256_mul_epu32
#define V_ADD _mm256_add_epi64
#define V_SRL _mm256_srli_epi64
#define V_SLL _mm256_slli_epi64
#define V_AND _mm256_and_si256
#define V_OR _mm256_or_si256
#define V_XOR3(a, b, c) _mm256_xor_si256(_mm256_xor_si256(a, b), c)
#define V_LANE_IDX _mm256_set_epi64x(4, 3, 2, 1)

/* Four words to out, or NumPy's next_double of them: x >> 11 has 53 bits,
   converted exactly as hi * 2^32 + lo through the 2^84 and 2^52 exponent
   tricks (AVX2 has no int64 -> double conversion). */
static inline void store4(void *out, vec x, bool doubles) {
    if (!doubles) {
        _mm256_storeu_si256((__m256i *)out, x);
        return;
    }
    vec v = _mm256_srli_epi64(x, 11);
    vec lo = _mm256_blend_epi32(v, _mm256_set1_epi64x(0x4330000000000000), 0xaa);
    vec hi = _mm256_or_si256(_mm256_srli_epi64(v, 32), _mm256_set1_epi64x(0x4530000000000000));
    __m256d h = _mm256_sub_pd(_mm256_castsi256_pd(hi), _mm256_set1_pd(0x1p84 + 0x1p52));
    __m256d d = _mm256_add_pd(h, _mm256_castsi256_pd(lo));
    _mm256_storeu_pd(out, _mm256_mul_pd(d, _mm256_set1_pd(0x1p-53)));
}

static inline void store_blocks(void *out, const vec c[4], bool doubles) {
    uint64_t *o = out; /* 8-byte elements either way */
    vec t0 = _mm256_unpacklo_epi64(c[0], c[1]), t1 = _mm256_unpackhi_epi64(c[0], c[1]);
    vec t2 = _mm256_unpacklo_epi64(c[2], c[3]), t3 = _mm256_unpackhi_epi64(c[2], c[3]);
    store4(o, _mm256_permute2x128_si256(t0, t2, 0x20), doubles);
    store4(o + 4, _mm256_permute2x128_si256(t1, t3, 0x20), doubles);
    store4(o + 8, _mm256_permute2x128_si256(t0, t2, 0x31), doubles);
    store4(o + 12, _mm256_permute2x128_si256(t1, t3, 0x31), doubles);
}
#endif

/* (hi, lo) = a * (bh * 2^32 + bl), lane by lane. */
static inline void mul_wide(vec a, vec bl, vec bh, vec *hi, vec *lo) {
    const vec m32 = V_SET1(0xffffffffu);
    vec ah = V_SRL(a, 32);
    vec p00 = V_MUL32(a, bl), p01 = V_MUL32(a, bh), p10 = V_MUL32(ah, bl), p11 = V_MUL32(ah, bh);
    vec mid = V_ADD(V_SRL(p00, 32), V_ADD(V_AND(p01, m32), V_AND(p10, m32)));
    *hi = V_ADD(V_ADD(p11, V_SRL(mid, 32)), V_ADD(V_SRL(p01, 32), V_SRL(p10, 32)));
    *lo = V_OR(V_SLL(mid, 32), V_AND(p00, m32));
}

/* The ten rounds on S register sets of W blocks. */
#define S 2
static inline void rounds(vec c[S][4], const uint64_t key[2]) {
    const vec m0l = V_SET1(PH_M0 & 0xffffffffu), m0h = V_SET1(PH_M0 >> 32);
    const vec m1l = V_SET1(PH_M1 & 0xffffffffu), m1h = V_SET1(PH_M1 >> 32);
    uint64_t k0 = key[0], k1 = key[1];
    for (int r = 0; r < 10; r++) {
        vec vk0 = V_SET1(k0), vk1 = V_SET1(k1);
        for (int s = 0; s < S; s++) {
            vec hi0, lo0, hi1, lo1;
            mul_wide(c[s][0], m0l, m0h, &hi0, &lo0);
            mul_wide(c[s][2], m1l, m1h, &hi1, &lo1);
            c[s][0] = V_XOR3(hi1, c[s][1], vk0), c[s][2] = V_XOR3(hi0, c[s][3], vk1);
            c[s][1] = lo1, c[s][3] = lo0;
        }
        k0 += PH_W0, k1 += PH_W1;
    }
}

static void philox_lanes(void *out, int64_t nb, uint64_t ctr[4], const uint64_t key[2],
                         bool doubles) {
    /* the vector path keeps the upper counter words fixed: no carry out of
       word 0 within these nb blocks (else everything goes one by one) */
    if (ctr[0] > UINT64_MAX - (uint64_t)nb) {
        philox_scalar(out, nb, ctr, key, doubles);
        return;
    }
    uint64_t *o = out;           /* 8-byte elements either way */
    const vec lane = V_LANE_IDX; /* counter word 0 of lane l: ctr[0] + b + l + 1 */
    int64_t b = 0;
    for (; b + S * W <= nb; b += S * W) {
        vec c[S][4];
        for (int s = 0; s < S; s++) {
            c[s][0] = V_ADD(V_SET1(ctr[0] + (uint64_t)(b + s * W)), lane);
            c[s][1] = V_SET1(ctr[1]), c[s][2] = V_SET1(ctr[2]), c[s][3] = V_SET1(ctr[3]);
        }
        rounds(c, key);
        for (int s = 0; s < S; s++) store_blocks(o + 4 * (b + s * W), c[s], doubles);
    }
    ctr[0] += (uint64_t)b;
    philox_scalar(o + 4 * b, nb - b, ctr, key, doubles);
}
#undef S
#endif

/* One definition per name across the ISA builds (gcovr merges them by line). */
void ND_K(nd_kfill_random)(nd_ktable *t) {
#ifdef __AVX512F__
    t->pcg64_fill = pcg64_fill;
    t->pcg64_chains = 16;
    t->rng_zig_exp = zig_exp;
    t->rng_rayleigh = rayleigh_of;
#else
    t->pcg64_fill = pcg64_scalar;
    t->pcg64_chains = 1;
    t->rng_zig_exp = NULL;
    t->rng_rayleigh = NULL;
#endif
#ifdef __AVX2__
    t->philox_fill = philox_lanes;
#else
    t->philox_fill = philox_scalar;
#endif
}
