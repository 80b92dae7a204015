/* PCG64 draws in bulk (driver: src/random/bitgen.c): out[i] is the output
   (XSL-RR) of the (i+1)-th state after *state, which is advanced n steps;
   with doubles, out holds NumPy's next_double of it, (x >> 11) * 2^-53.
   The stream is NumPy's exactly; the AVX-512 level computes 16 of its
   states at once (state i+16 = A16 * state i + C16, in two chains of 8
   lanes, the 128-bit products built from 32-bit multiplies), which removes
   the one-multiply-at-a-time latency of the scalar loop. Philox 4x64-10
   blocks too, many counters at once from avx2 up. */
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

/* ---- Philox 4x64-10: counter based, so blocks of many counters are
   computed side by side, bit for bit NumPy's stream ---- */

#define PH_M0 0xD2E7470EE14C6C93ull
#define PH_M1 0xCA5A826395121157ull
#define PH_W0 0x9E3779B97F4A7C15ull
#define PH_W1 0xBB67AE8584CAA73Bull

static void philox_scalar(uint64_t *out, int64_t nb, uint64_t ctr[4], const uint64_t key[2]) {
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
        out[4 * b] = c0, out[4 * b + 1] = c1, out[4 * b + 2] = c2, out[4 * b + 3] = c3;
    }
}

#ifdef __AVX2__
/* PH_LANES counters at once, each 64x64 -> 128 product built from four
   32x32 -> 64 ones (vpmuludq; x86 has no 64-bit high multiply in vectors):
   the lane loops below are what the compiler turns into vector code. */
enum { PH_LANES = 8 };
#define M32 0xffffffffull

static inline void mul_wide(uint64_t a, uint64_t bl, uint64_t bh, uint64_t *hi, uint64_t *lo) {
    uint64_t al = a & M32, ah = a >> 32;
    uint64_t p00 = al * bl, p01 = al * bh, p10 = ah * bl, p11 = ah * bh;
    uint64_t mid = (p00 >> 32) + (p01 & M32) + (p10 & M32);
    *hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
    *lo = mid << 32 | (p00 & M32);
}

static void philox_lanes(uint64_t *out, int64_t nb, uint64_t ctr[4], const uint64_t key[2]) {
    /* the vector path keeps the upper counter words fixed: no carry out of
       word 0 within these nb blocks (else everything goes one by one) */
    if (nb < PH_LANES || ctr[0] > UINT64_MAX - (uint64_t)nb) {
        philox_scalar(out, nb, ctr, key);
        return;
    }
    int64_t b = 0;
    for (; b + PH_LANES <= nb; b += PH_LANES) {
        uint64_t c0[PH_LANES], c1[PH_LANES], c2[PH_LANES], c3[PH_LANES];
        for (int l = 0; l < PH_LANES; l++)
            c0[l] = ctr[0] + (uint64_t)(b + l + 1), c1[l] = ctr[1], c2[l] = ctr[2], c3[l] = ctr[3];
        uint64_t k0 = key[0], k1 = key[1];
        for (int r = 0; r < 10; r++) {
            for (int l = 0; l < PH_LANES; l++) {
                uint64_t hi0, lo0, hi1, lo1;
                mul_wide(c0[l], PH_M0 & M32, PH_M0 >> 32, &hi0, &lo0);
                mul_wide(c2[l], PH_M1 & M32, PH_M1 >> 32, &hi1, &lo1);
                c0[l] = hi1 ^ c1[l] ^ k0, c2[l] = hi0 ^ c3[l] ^ k1;
                c1[l] = lo1, c3[l] = lo0;
            }
            k0 += PH_W0, k1 += PH_W1;
        }
        uint64_t *o = out + 4 * b;
        for (int l = 0; l < PH_LANES; l++)
            o[4 * l] = c0[l], o[4 * l + 1] = c1[l], o[4 * l + 2] = c2[l], o[4 * l + 3] = c3[l];
    }
    ctr[0] += (uint64_t)b;
    philox_scalar(out + 4 * b, nb - b, ctr, key);
}
#endif

/* One definition per name across the ISA builds (gcovr merges them by line). */
void ND_K(nd_kfill_random)(nd_ktable *t) {
#ifdef __AVX512F__
    t->pcg64_fill = pcg64_fill;
    t->pcg64_chains = 16;
#else
    t->pcg64_fill = pcg64_scalar;
    t->pcg64_chains = 1;
#endif
#ifdef __AVX2__
    t->philox_fill = philox_lanes;
#else
    t->philox_fill = philox_scalar;
#endif
}
