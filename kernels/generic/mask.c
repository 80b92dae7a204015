/* Boolean masks: compress (a[mask]), expand (a[mask] = values), the
   masked copy (np.copyto where=, a[mask] = scalar), the indices of true
   entries (np.flatnonzero) and their count. A mask byte is true when
   nonzero. The scalar level keeps the plain loops as the reference; the
   avx512 level compresses in registers (VPCOMPRESSD/Q, VPEXPANDD/Q), the
   avx2 level permutes with a table of lane orders. Vector stores are whole
   only while the destination has room for them (cnt, the true count, is
   known to the caller, which sized dst by it). Also the bounds check of
   integer index arrays (a[idx], np.take, np.put), a vector compare per
   4 or 8 indices where the plain loop took two compares and branches per
   index (a[idx] = v ran at 0.73x NumPy at 1e3). */
#include "generic/isa_name.h"
#include "generic/loops.h"

typedef struct {
    uint64_t lo, hi;
} item16;

#if defined(__AVX2__)
#include <immintrin.h>
#define ND_POPCNT __attribute__((target("popcnt")))
#else
#define ND_POPCNT
#endif

/* ---- the plain loops (the reference, and every level's fallback) ---- */

#define MASK_LOOPS(sfx, T)                                                                         \
    static int64_t compress##sfx(char *dst, const char *src, const uint8_t *m, int64_t n,          \
                                 int64_t cnt) {                                                    \
        int64_t k = 0;                                                                             \
        /* branch-free while a store at k stays inside dst */                                      \
        for (int64_t i = 0; i < n && k < cnt; i++) {                                               \
            ND_ST(T, dst + k * (int64_t)sizeof(T), ND_LD(T, src + i * (int64_t)sizeof(T)));        \
            k += m[i] != 0;                                                                        \
        }                                                                                          \
        return k;                                                                                  \
    }                                                                                              \
    static int64_t expand##sfx(char *dst, const char *src, const uint8_t *m, int64_t n,            \
                               int64_t cnt) {                                                      \
        int64_t k = 0;                                                                             \
        for (int64_t i = 0; i < n && k < cnt; i++)                                                 \
            if (m[i])                                                                              \
                ND_ST(T, dst + i * (int64_t)sizeof(T), ND_LD(T, src + k++ * (int64_t)sizeof(T)));  \
        return k;                                                                                  \
    }                                                                                              \
    static void mask_copy##sfx(char *dst, const char *src, int64_t s_src, const uint8_t *m,        \
                               int64_t n) {                                                        \
        const int64_t w = (int64_t)sizeof(T);                                                      \
        if (s_src == 0) {                                                                          \
            T v = ND_LD(T, src);                                                                   \
            for (int64_t i = 0; i < n; i++)                                                        \
                ND_ST(T, dst + i * w, m[i] ? v : ND_LD(T, dst + i * w));                           \
        } else {                                                                                   \
            for (int64_t i = 0; i < n; i++)                                                        \
                ND_ST(T, dst + i * w, m[i] ? ND_LD(T, src + i * w) : ND_LD(T, dst + i * w));       \
        }                                                                                          \
    }
MASK_LOOPS(1, uint8_t)
MASK_LOOPS(2, uint16_t)
MASK_LOOPS(4, uint32_t)
MASK_LOOPS(8, uint64_t)
MASK_LOOPS(16, item16)

static int64_t mask_index(int64_t *out, const uint8_t *m, int64_t n, int64_t base, int64_t cnt) {
    int64_t k = 0;
    for (int64_t i = 0; i < n && k < cnt; i++) {
        out[k] = base + i;
        k += m[i] != 0;
    }
    return k;
}

static int64_t mask_count(const uint8_t *m, int64_t n) {
    int64_t c = 0;
    for (int64_t i = 0; i < n; i++) c += m[i] != 0;
    return c;
}

/* i is in [-len, len) iff i + len, unsigned, is below 2 len (len < 2^63:
   no wrap-around aliases a bad index to a good one) */
static int64_t index_check(const int64_t *at, int64_t n, int64_t len, bool *neg) {
    const uint64_t ul = (uint64_t)len, span = 2 * ul;
    uint64_t o = 0;
    for (int64_t i = 0; i < n; i++) {
        if ((uint64_t)at[i] + ul >= span) return i;
        o |= (uint64_t)at[i];
    }
    *neg = o >> 63;
    return -1;
}

#if defined(__AVX512F__) && defined(__AVX512BW__) && defined(__AVX512VL__)
/* ---- avx512: compress and expand in registers ---- */

static int64_t index_check_avx512(const int64_t *at, int64_t n, int64_t len, bool *neg) {
    const __m512i vl = _mm512_set1_epi64(len), span = _mm512_set1_epi64((int64_t)(2 * (uint64_t)len));
    __m512i o = _mm512_setzero_si512();
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m512i a = _mm512_loadu_si512((const void *)(at + i));
        __m512i b = _mm512_loadu_si512((const void *)(at + i + 8));
        __mmask8 bad = _mm512_cmpge_epu64_mask(_mm512_add_epi64(a, vl), span) |
                       _mm512_cmpge_epu64_mask(_mm512_add_epi64(b, vl), span);
        if (bad) break; /* the scalar loop finds which */
        o = _mm512_or_si512(o, _mm512_or_si512(a, b));
    }
    bool rest = false;
    int64_t r = index_check(at + i, n - i, len, &rest);
    if (r >= 0) return i + r;
    *neg = rest || _mm512_movepi64_mask(o);
    return -1;
}

static inline __mmask16 mask16(const uint8_t *m) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)m);
    return _mm_test_epi8_mask(v, v);
}
/* 4 mask bytes exactly: a tail of 4 items must not read past the mask */
static inline unsigned mask4(const uint8_t *m) {
    uint32_t w;
    memcpy(&w, m, 4);
    __m128i v = _mm_cvtsi32_si128((int)w);
    return (unsigned)_mm_test_epi8_mask(v, v) & 15u;
}
static inline __mmask8 mask8(const uint8_t *m) {
    __m128i v = _mm_loadl_epi64((const __m128i *)(const void *)m);
    return (__mmask8)_mm_test_epi8_mask(v, v);
}

ND_POPCNT static int64_t compress8_avx512(char *dst, const char *src, const uint8_t *m, int64_t n,
                                          int64_t cnt) {
    int64_t i = 0, k = 0;
    for (; i + 8 <= n && k + 8 <= cnt; i += 8) {
        __mmask8 mk = mask8(m + i);
        __m512i v = _mm512_loadu_si512((const void *)(src + i * 8));
        _mm512_storeu_si512((void *)(dst + k * 8), _mm512_maskz_compress_epi64(mk, v));
        k += __builtin_popcount(mk);
    }
    for (; i + 8 <= n && k < cnt; i += 8) { /* the last few: store only what is selected */
        __mmask8 mk = mask8(m + i);
        __m512i v = _mm512_loadu_si512((const void *)(src + i * 8));
        _mm512_mask_compressstoreu_epi64((void *)(dst + k * 8), mk, v);
        k += __builtin_popcount(mk);
    }
    return k + compress8(dst + k * 8, src + i * 8, m + i, n - i, cnt - k);
}

ND_POPCNT static int64_t compress4_avx512(char *dst, const char *src, const uint8_t *m, int64_t n,
                                          int64_t cnt) {
    int64_t i = 0, k = 0;
    for (; i + 16 <= n && k + 16 <= cnt; i += 16) {
        __mmask16 mk = mask16(m + i);
        __m512i v = _mm512_loadu_si512((const void *)(src + i * 4));
        _mm512_storeu_si512((void *)(dst + k * 4), _mm512_maskz_compress_epi32(mk, v));
        k += __builtin_popcount(mk);
    }
    for (; i + 16 <= n && k < cnt; i += 16) {
        __mmask16 mk = mask16(m + i);
        __m512i v = _mm512_loadu_si512((const void *)(src + i * 4));
        _mm512_mask_compressstoreu_epi32((void *)(dst + k * 4), mk, v);
        k += __builtin_popcount(mk);
    }
    return k + compress4(dst + k * 4, src + i * 4, m + i, n - i, cnt - k);
}

/* 16-byte items as pairs of 64-bit lanes: each mask bit doubled */
static const uint8_t twice[16] = {0x00, 0x03, 0x0c, 0x0f, 0x30, 0x33, 0x3c, 0x3f,
                                  0xc0, 0xc3, 0xcc, 0xcf, 0xf0, 0xf3, 0xfc, 0xff};

ND_POPCNT static int64_t compress16_avx512(char *dst, const char *src, const uint8_t *m, int64_t n,
                                           int64_t cnt) {
    int64_t i = 0, k = 0;
    for (; i + 4 <= n && k + 4 <= cnt; i += 4) {
        __mmask8 mk = twice[mask4(m + i)];
        __m512i v = _mm512_loadu_si512((const void *)(src + i * 16));
        _mm512_storeu_si512((void *)(dst + k * 16), _mm512_maskz_compress_epi64(mk, v));
        k += __builtin_popcount(mk) / 2;
    }
    return k + compress16(dst + k * 16, src + i * 16, m + i, n - i, cnt - k);
}

ND_POPCNT static int64_t expand8_avx512(char *dst, const char *src, const uint8_t *m, int64_t n,
                                        int64_t cnt) {
    int64_t i = 0, k = 0;
    for (; i + 8 <= n && k < cnt; i += 8) {
        __mmask8 mk = mask8(m + i);
        int64_t left = cnt - k;
        __m512i v = left >= 8 ? _mm512_loadu_si512((const void *)(src + k * 8))
                              : _mm512_maskz_loadu_epi64((__mmask8)((1u << left) - 1),
                                                         (const void *)(src + k * 8));
        _mm512_mask_storeu_epi64((void *)(dst + i * 8), mk, _mm512_maskz_expand_epi64(mk, v));
        k += __builtin_popcount(mk);
    }
    return k + expand8(dst + i * 8, src + k * 8, m + i, n - i, cnt - k);
}

ND_POPCNT static int64_t expand4_avx512(char *dst, const char *src, const uint8_t *m, int64_t n,
                                        int64_t cnt) {
    int64_t i = 0, k = 0;
    for (; i + 16 <= n && k < cnt; i += 16) {
        __mmask16 mk = mask16(m + i);
        int64_t left = cnt - k;
        __m512i v = left >= 16 ? _mm512_loadu_si512((const void *)(src + k * 4))
                               : _mm512_maskz_loadu_epi32((__mmask16)((1u << left) - 1),
                                                          (const void *)(src + k * 4));
        _mm512_mask_storeu_epi32((void *)(dst + i * 4), mk, _mm512_maskz_expand_epi32(mk, v));
        k += __builtin_popcount(mk);
    }
    return k + expand4(dst + i * 4, src + k * 4, m + i, n - i, cnt - k);
}

ND_POPCNT static int64_t mask_index_avx512(int64_t *out, const uint8_t *m, int64_t n, int64_t base,
                                           int64_t cnt) {
    int64_t i = 0, k = 0;
    const __m512i iota = _mm512_setr_epi64(0, 1, 2, 3, 4, 5, 6, 7), eight = _mm512_set1_epi64(8);
    for (; i + 64 <= n && k + 64 <= cnt; i += 64) {
        __m512i b = _mm512_loadu_si512((const void *)(m + i));
        uint64_t M = _mm512_test_epi8_mask(b, b);
        if (!M) continue;
        __m512i idx = _mm512_add_epi64(_mm512_set1_epi64(base + i), iota);
        for (int j = 0; j < 8; j++, M >>= 8, idx = _mm512_add_epi64(idx, eight)) {
            __mmask8 mk = (__mmask8)M;
            _mm512_storeu_si512((void *)(out + k), _mm512_maskz_compress_epi64(mk, idx));
            k += __builtin_popcount(mk);
        }
    }
    for (; i + 8 <= n && k < cnt; i += 8) {
        __mmask8 mk = mask8(m + i);
        __m512i idx = _mm512_add_epi64(_mm512_set1_epi64(base + i), iota);
        _mm512_mask_compressstoreu_epi64((void *)(out + k), mk, idx);
        k += __builtin_popcount(mk);
    }
    return k + mask_index(out + k, m + i, n - i, base + i, cnt - k);
}

ND_POPCNT static int64_t mask_count_avx512(const uint8_t *m, int64_t n) {
    int64_t i = 0, c = 0;
    for (; i + 64 <= n; i += 64) {
        __m512i b = _mm512_loadu_si512((const void *)(m + i));
        c += __builtin_popcountll(_mm512_test_epi8_mask(b, b));
    }
    return c + mask_count(m + i, n - i);
}

#elif defined(__AVX2__)
/* ---- avx2: lane orders from a table ---- */

/* the unsigned compare as a signed one on values with the top bit flipped */
static int64_t index_check_avx2(const int64_t *at, int64_t n, int64_t len, bool *neg) {
    const __m256i top = _mm256_set1_epi64x(INT64_MIN), vl = _mm256_set1_epi64x(len),
                  span = _mm256_xor_si256(_mm256_set1_epi64x((int64_t)(2 * (uint64_t)len)), top);
    __m256i o = _mm256_setzero_si256();
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256i a = _mm256_loadu_si256((const __m256i *)(const void *)(at + i));
        __m256i b = _mm256_loadu_si256((const __m256i *)(const void *)(at + i + 4));
        __m256i ga = _mm256_cmpgt_epi64(span, _mm256_xor_si256(_mm256_add_epi64(a, vl), top));
        __m256i gb = _mm256_cmpgt_epi64(span, _mm256_xor_si256(_mm256_add_epi64(b, vl), top));
        if (_mm256_movemask_pd(_mm256_castsi256_pd(_mm256_and_si256(ga, gb))) != 0xf) break;
        o = _mm256_or_si256(o, _mm256_or_si256(a, b));
    }
    bool rest = false;
    int64_t r = index_check(at + i, n - i, len, &rest);
    if (r >= 0) return i + r;
    *neg = rest || _mm256_movemask_pd(_mm256_castsi256_pd(o));
    return -1;
}

/* perm64[b]: the 32-bit lane order moving the 64-bit lanes set in b to
   the front; perm32[b]: the same for 32-bit lanes, as 8 bytes */
static uint32_t perm64[16][8];
static uint64_t perm32[256];

static void make_tables(void) {
    for (int b = 0; b < 16; b++) {
        int k = 0;
        for (int j = 0; j < 4; j++)
            if (b >> j & 1) perm64[b][2 * k] = 2u * j, perm64[b][2 * k + 1] = 2u * j + 1, k++;
        for (; k < 4; k++) perm64[b][2 * k] = 0, perm64[b][2 * k + 1] = 1;
    }
    for (int b = 0; b < 256; b++) {
        uint64_t p = 0;
        int k = 0;
        for (int j = 0; j < 8; j++)
            if (b >> j & 1) p |= (uint64_t)j << (8 * k++);
        perm32[b] = p;
    }
}

/* bit j set when m[j] != 0, for 4 or 8 bytes */
static inline unsigned bits4(const uint8_t *m) {
    int32_t w;
    memcpy(&w, m, 4);
    __m128i v = _mm_cvtsi32_si128(w);
    return ~(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_setzero_si128())) & 15u;
}
static inline unsigned bits8(const uint8_t *m) {
    __m128i v = _mm_loadl_epi64((const __m128i *)(const void *)m);
    return ~(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_setzero_si128())) & 255u;
}

ND_POPCNT static int64_t compress8_avx2(char *dst, const char *src, const uint8_t *m, int64_t n,
                                        int64_t cnt) {
    int64_t i = 0, k = 0;
    for (; i + 4 <= n && k + 4 <= cnt; i += 4) {
        unsigned b = bits4(m + i);
        __m256i v = _mm256_loadu_si256((const __m256i *)(const void *)(src + i * 8));
        __m256i p = _mm256_loadu_si256((const __m256i *)(const void *)perm64[b]);
        _mm256_storeu_si256((__m256i *)(void *)(dst + k * 8), _mm256_permutevar8x32_epi32(v, p));
        k += __builtin_popcount(b);
    }
    return k + compress8(dst + k * 8, src + i * 8, m + i, n - i, cnt - k);
}

ND_POPCNT static int64_t compress4_avx2(char *dst, const char *src, const uint8_t *m, int64_t n,
                                        int64_t cnt) {
    int64_t i = 0, k = 0;
    for (; i + 8 <= n && k + 8 <= cnt; i += 8) {
        unsigned b = bits8(m + i);
        __m256i v = _mm256_loadu_si256((const __m256i *)(const void *)(src + i * 4));
        __m256i p = _mm256_cvtepu8_epi32(_mm_cvtsi64_si128((long long)perm32[b]));
        _mm256_storeu_si256((__m256i *)(void *)(dst + k * 4), _mm256_permutevar8x32_epi32(v, p));
        k += __builtin_popcount(b);
    }
    return k + compress4(dst + k * 4, src + i * 4, m + i, n - i, cnt - k);
}

ND_POPCNT static int64_t mask_index_avx2(int64_t *out, const uint8_t *m, int64_t n, int64_t base,
                                         int64_t cnt) {
    int64_t i = 0, k = 0;
    const __m256i four = _mm256_set1_epi64x(4);
    for (; i + 32 <= n && k + 32 <= cnt; i += 32) {
        __m256i v = _mm256_loadu_si256((const __m256i *)(const void *)(m + i));
        uint32_t M = ~(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, _mm256_setzero_si256()));
        if (!M) continue;
        __m256i idx =
            _mm256_add_epi64(_mm256_set1_epi64x(base + i), _mm256_setr_epi64x(0, 1, 2, 3));
        for (int j = 0; j < 8; j++, M >>= 4, idx = _mm256_add_epi64(idx, four)) {
            unsigned b = M & 15u;
            __m256i p = _mm256_loadu_si256((const __m256i *)(const void *)perm64[b]);
            _mm256_storeu_si256((__m256i *)(void *)(out + k), _mm256_permutevar8x32_epi32(idx, p));
            k += __builtin_popcount(b);
        }
    }
    return k + mask_index(out + k, m + i, n - i, base + i, cnt - k);
}
#endif

void ND_K(nd_kfill_mask)(nd_ktable *t) {
    static int64_t (*const cmp[5])(char *, const char *, const uint8_t *, int64_t, int64_t) = {
        compress1, compress2, compress4, compress8, compress16};
    static int64_t (*const exp[5])(char *, const char *, const uint8_t *, int64_t,
                                   int64_t) = {expand1, expand2, expand4, expand8, expand16};
    static void (*const mc[5])(char *, const char *, int64_t, const uint8_t *, int64_t) = {
        mask_copy1, mask_copy2, mask_copy4, mask_copy8, mask_copy16};
    for (int s = 0; s < 5; s++)
        t->compress[s] = cmp[s], t->expand[s] = exp[s], t->mask_copy[s] = mc[s];
    t->mask_index = mask_index;
    t->mask_count = mask_count;
    t->index_check = index_check;
#if defined(__AVX512F__) && defined(__AVX512BW__) && defined(__AVX512VL__)
    t->index_check = index_check_avx512;
    t->compress[2] = compress4_avx512, t->compress[3] = compress8_avx512;
    t->compress[4] = compress16_avx512;
    t->expand[2] = expand4_avx512, t->expand[3] = expand8_avx512;
    t->mask_index = mask_index_avx512;
    t->mask_count = mask_count_avx512;
#elif defined(__AVX2__)
    make_tables();
    t->compress[2] = compress4_avx2, t->compress[3] = compress8_avx2;
    t->mask_index = mask_index_avx2;
    t->index_check = index_check_avx2;
#endif
}
