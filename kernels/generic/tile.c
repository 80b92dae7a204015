/* Packs an rn x cn tile whose rows are strided against memory order into a
   contiguous row-major buffer: the read walks src's contiguous direction
   (down the columns), the scattered writes stay in an L1-sized buffer. */
#include "generic/isa_name.h"
#include "generic/loops.h"

typedef struct {
    uint64_t lo, hi;
} item16;

#define PACK_TILE(name, T)                                                                         \
    static void name(const char *src, int64_t s_row, int64_t s_col, char *dst, int64_t rn,         \
                     int64_t cn) {                                                                 \
        for (int64_t c = 0; c < cn; c++)                                                           \
            for (int64_t r = 0; r < rn; r++)                                                       \
                ND_ST(T, dst + (r * cn + c) * (int64_t)sizeof(T),                                  \
                      ND_LD(T, src + r * s_row + c * s_col));                                      \
    }
PACK_TILE(pack1, uint8_t)
PACK_TILE(pack2, uint16_t)
PACK_TILE(pack4, uint32_t)
PACK_TILE(pack8, uint64_t)
PACK_TILE(pack16, item16)

#ifdef __AVX512F__
#include <immintrin.h>

/* 8x8 doubles: rows in, columns out, in registers (unpack, then two rounds
   of 128-bit lane shuffles). */
static inline void transpose8x8(__m512d r[8]) {
    __m512d t[8], u[8];
    for (int i = 0; i < 8; i += 2) {
        t[i] = _mm512_unpacklo_pd(r[i], r[i + 1]);
        t[i + 1] = _mm512_unpackhi_pd(r[i], r[i + 1]);
    }
    for (int i = 0; i < 8; i += 4) {
        u[i] = _mm512_shuffle_f64x2(t[i], t[i + 2], 0x88);
        u[i + 1] = _mm512_shuffle_f64x2(t[i + 1], t[i + 3], 0x88);
        u[i + 2] = _mm512_shuffle_f64x2(t[i], t[i + 2], 0xdd);
        u[i + 3] = _mm512_shuffle_f64x2(t[i + 1], t[i + 3], 0xdd);
    }
    for (int i = 0; i < 4; i++) {
        r[i] = _mm512_shuffle_f64x2(u[i], u[i + 4], 0x88);
        r[i + 4] = _mm512_shuffle_f64x2(u[i], u[i + 4], 0xdd);
    }
}

/* The common case, 8-byte items whose tile columns are contiguous, in
   8x8 register blocks; anything else goes to the plain loop. */
static void pack8_avx512(const char *src, int64_t s_row, int64_t s_col, char *dst, int64_t rn,
                         int64_t cn) {
    if (s_row != 8 || rn % 8 || cn % 8) {
        pack8(src, s_row, s_col, dst, rn, cn);
        return;
    }
    for (int64_t c = 0; c < cn; c += 8)
        for (int64_t r = 0; r < rn; r += 8) {
            __m512d v[8];
            for (int i = 0; i < 8; i++) {
                const char *q = src + (c + i) * s_col + r * 8;
                /* a line per source row, each from another page: without
                   prefetching the walk waits on every miss; past the tile
                   it warms the next one. Into L1, 128 rows ahead: a + a.T
                   / a + a 2.29x against 2.35x for L2 at 64 rows (means of 8
                   interleaved runs each, alternated) */
                _mm_prefetch(q + 128 * s_col, _MM_HINT_T0);
                v[i] = _mm512_loadu_pd(q);
            }
            transpose8x8(v);
            for (int i = 0; i < 8; i++) _mm512_storeu_pd(dst + ((r + i) * cn + c) * 8, v[i]);
        }
}
#endif

void ND_K(nd_kfill_tile)(nd_ktable *t) {
    t->pack_tile[0] = pack1;
    t->pack_tile[1] = pack2;
    t->pack_tile[2] = pack4;
    t->pack_tile[3] = pack8;
    t->pack_tile[4] = pack16;
#ifdef __AVX512F__
    t->pack_tile[3] = pack8_avx512;
#endif
}
