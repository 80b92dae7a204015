/* Transposes an rn x cn tile whose rows are strided against memory order
   into rows of dst (element (r, c) at dst + r*d_row + c*size): the read
   walks src's contiguous direction (down the columns), the scattered
   writes stay in a few lines per row. pack_tile is the same with dst's
   rows back to back (an L1-sized buffer); a same-dtype copy of a
   transposed array writes straight into its result. */
#include "generic/isa_name.h"
#include "generic/loops.h"

typedef struct {
    uint64_t lo, hi;
} item16;

#define TRANSPOSE_TILE(name, T)                                                                    \
    static void name(const char *src, int64_t s_row, int64_t s_col, char *dst, int64_t d_row,      \
                     int64_t rn, int64_t cn) {                                                     \
        for (int64_t c = 0; c < cn; c++)                                                           \
            for (int64_t r = 0; r < rn; r++)                                                       \
                ND_ST(T, dst + r * d_row + c * (int64_t)sizeof(T),                                 \
                      ND_LD(T, src + r * s_row + c * s_col));                                      \
    }
TRANSPOSE_TILE(tr1, uint8_t)
TRANSPOSE_TILE(tr2, uint16_t)
TRANSPOSE_TILE(tr4, uint32_t)
TRANSPOSE_TILE(tr8_plain, uint64_t)
TRANSPOSE_TILE(tr16, item16)

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

/* A block of rw <= 8 rows by cw <= 8 columns at the tile's edge: masked
   loads (lanes past the edge read nothing) and masked stores. */
static inline void edge8(const char *src, int64_t s_col, char *dst, int64_t d_row, int rw,
                         int cw) {
    __m512d v[8];
    __mmask8 rm = (__mmask8)((1u << rw) - 1), cm = (__mmask8)((1u << cw) - 1);
    for (int i = 0; i < 8; i++)
        v[i] = i < cw ? _mm512_maskz_loadu_pd(rm, src + i * s_col) : _mm512_setzero_pd();
    transpose8x8(v);
    for (int i = 0; i < rw; i++) _mm512_mask_storeu_pd(dst + i * d_row, cm, v[i]);
}

/* 8-byte items whose tile columns are contiguous (s_row 8), in 8x8
   register blocks, the edges masked; other strides take the plain loop
   (the 316 x 316 census matrix, not a multiple of 8, took it whole and
   ran a.T.copy() at 0.54x NumPy). */
static inline __attribute__((always_inline)) void tr8_blocks(const char *src, int64_t s_row,
                                                             int64_t s_col, char *dst,
                                                             int64_t d_row, int64_t rn,
                                                             int64_t cn, bool prefetch) {
    if (s_row != 8) {
        tr8_plain(src, s_row, s_col, dst, d_row, rn, cn);
        return;
    }
    int64_t rb = rn & ~(int64_t)7, cb = cn & ~(int64_t)7;
    for (int64_t c = 0; c < cb; c += 8) {
        for (int64_t r = 0; r < rb; r += 8) {
            __m512d v[8];
            for (int i = 0; i < 8; i++) {
                const char *q = src + (c + i) * s_col + r * 8;
                /* a line per source row, each from another page: without
                   prefetching the walk waits on every miss; past the tile
                   it warms the next one. Into L1, 128 rows ahead: a + a.T
                   / a + a 2.29x against 2.35x for L2 at 64 rows (means of 8
                   interleaved runs each, alternated) */
                if (prefetch) _mm_prefetch(q + 128 * s_col, _MM_HINT_T0);
                v[i] = _mm512_loadu_pd(q);
            }
            transpose8x8(v);
            for (int i = 0; i < 8; i++) _mm512_storeu_pd(dst + (r + i) * d_row + c * 8, v[i]);
        }
        if (rb < rn) edge8(src + c * s_col + rb * 8, s_col, dst + rb * d_row + c * 8, d_row,
                           (int)(rn - rb), 8);
    }
    if (cb < cn)
        for (int64_t r = 0; r < rn; r += 8)
            edge8(src + cb * s_col + r * 8, s_col, dst + r * d_row + cb * 8, d_row,
                  rn - r < 8 ? (int)(rn - r) : 8, (int)(cn - cb));
}
/* The packed tiles of a ufunc's transposed input prefetch; a copy's
   16-row tiles do not: there the prefetches (128 rows ahead, past the
   array's end in the last 128 rows of each strip) cost more than they
   hide, 316 x 316 float64 transposed copy 1.24-1.51x faster without them,
   1000 x 1000 1.26x (the kernel alone, interleaved medians of 41 rounds,
   with and without a NumPy-like copy evicting the caches between calls). */
static void tr8(const char *src, int64_t s_row, int64_t s_col, char *dst, int64_t d_row,
                int64_t rn, int64_t cn) {
    tr8_blocks(src, s_row, s_col, dst, d_row, rn, cn, false);
}
static void tr8_pf(const char *src, int64_t s_row, int64_t s_col, char *dst, int64_t d_row,
                   int64_t rn, int64_t cn) {
    tr8_blocks(src, s_row, s_col, dst, d_row, rn, cn, true);
}
#elif defined(__AVX2__)
#include <immintrin.h>

/* 8-byte items whose tile columns are contiguous, in 4x4 register blocks
   (unpack, then 128-bit lane swaps); the edges by the plain loop. */
static void tr8(const char *src, int64_t s_row, int64_t s_col, char *dst, int64_t d_row,
                int64_t rn, int64_t cn) {
    if (s_row != 8) {
        tr8_plain(src, s_row, s_col, dst, d_row, rn, cn);
        return;
    }
    int64_t rb = rn & ~(int64_t)3, cb = cn & ~(int64_t)3;
    for (int64_t c = 0; c < cb; c += 4)
        for (int64_t r = 0; r < rb; r += 4) {
            const char *q = src + c * s_col + r * 8;
            __m256d a = _mm256_loadu_pd((const double *)q),
                    b = _mm256_loadu_pd((const double *)(q + s_col)),
                    e = _mm256_loadu_pd((const double *)(q + 2 * s_col)),
                    f = _mm256_loadu_pd((const double *)(q + 3 * s_col));
            __m256d t0 = _mm256_unpacklo_pd(a, b), t1 = _mm256_unpackhi_pd(a, b),
                    t2 = _mm256_unpacklo_pd(e, f), t3 = _mm256_unpackhi_pd(e, f);
            char *o = dst + r * d_row + c * 8;
            _mm256_storeu_pd((double *)o, _mm256_permute2f128_pd(t0, t2, 0x20));
            _mm256_storeu_pd((double *)(o + d_row), _mm256_permute2f128_pd(t1, t3, 0x20));
            _mm256_storeu_pd((double *)(o + 2 * d_row), _mm256_permute2f128_pd(t0, t2, 0x31));
            _mm256_storeu_pd((double *)(o + 3 * d_row), _mm256_permute2f128_pd(t1, t3, 0x31));
        }
    if (rb < rn) tr8_plain(src + rb * 8, 8, s_col, dst + rb * d_row, d_row, rn - rb, cb);
    if (cb < cn) tr8_plain(src + cb * s_col, 8, s_col, dst + cb * 8, d_row, rn, cn - cb);
}
#else
#define tr8 tr8_plain
#endif
#ifndef __AVX512F__
#define tr8_pf tr8
#endif

#define PACK_TILE(name, tr, size)                                                                  \
    static void name(const char *src, int64_t s_row, int64_t s_col, char *dst, int64_t rn,         \
                     int64_t cn) {                                                                 \
        tr(src, s_row, s_col, dst, cn * (size), rn, cn);                                           \
    }
PACK_TILE(pack1, tr1, 1)
PACK_TILE(pack2, tr2, 2)
PACK_TILE(pack4, tr4, 4)
PACK_TILE(pack8, tr8_pf, 8)
PACK_TILE(pack16, tr16, 16)

void ND_K(nd_kfill_tile)(nd_ktable *t) {
    t->pack_tile[0] = pack1;
    t->pack_tile[1] = pack2;
    t->pack_tile[2] = pack4;
    t->pack_tile[3] = pack8;
    t->pack_tile[4] = pack16;
    t->transpose_tile[0] = tr1;
    t->transpose_tile[1] = tr2;
    t->transpose_tile[2] = tr4;
    t->transpose_tile[3] = tr8;
    t->transpose_tile[4] = tr16;
}
