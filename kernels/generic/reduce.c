/* Reduction kernels: pairwise float sums (one run, or the columns of a block
   at once), combining reductions (integer sum, prod, min, max, fmin, fmax,
   any, all), argmin/argmax, cumsum/cumprod.

   Determinism: every float sum here has one association, written out in C
   (leaves of ND_RLEAF elements, 8 interleaved accumulators combined as
   ((a0+a1)+(a2+a3))+((a4+a5)+(a6+a7)), leaves combined by a binary counter,
   older + newer). The build uses -ffp-contract=off and no -ffast-math, so
   the compiler may vectorize but never reassociate: the scalar level and
   every vector level give the same bits. The 8 accumulators are the 8 lanes
   of a vector of float64 (or of a 256-bit vector of float32). The column
   kernels keep 8 accumulator rows, so column j sums in exactly the same
   order as the 1-D kernel run down that column. */
#include "common/half.h"
#include "generic/isa_name.h"
#include "generic/loops.h"

#ifdef __AVX512F__
#include <immintrin.h>
#endif

#define ND_RLEAF 128
/* No software prefetch: the hardware's stream prefetcher follows the leaf
   after leaf order, and an 8 KiB-ahead prefetch per line measured slower
   on the shared host (copies of the kernel in one program, interleaved
   rounds: one run of 1e7, 1.01-1.03x Eigen's time with it, 0.96x without;
   4000 rows of 2500, as a sum along axis 1 reads them, ~1.17x the time
   with it). An earlier idle-host run had found it worth ~10% at 1e7 (the
   loop with it is in git history: _mm_prefetch 8 KiB ahead per line). */
/* Runs longer than this are read leaf after leaf (memory order streams
   best from L2 and DRAM); shorter ones, in L1, interleave the
   8 leaves' dependency chains (n = 1000: 63 -> 54 ns; 4096: 235 -> 152 ns;
   at 64 KiB the interleaved order was already 8% slower). */
#define SUM_STREAM_BYTES (32 * 1024)
/* float32 never streams: its leaves are 8-lane ymm chains, and the 8 of a
   group interleaved ran fastest in every regime measured last (1e7 read
   from DRAM, one thread, interleaved against Eigen's 512-bit sum: 0.82-0.94
   of Eigen's time; the two-leaves-per-zmm stream with prefetch it replaces:
   1.02-1.20, and 0.54x Eigen's speed on an idle host). */
#define SUM_STREAM_BYTES_F32 INT64_MAX
#define SUM_STREAM_f64 SUM_STREAM_BYTES
#define SUM_STREAM_f32 SUM_STREAM_BYTES_F32

typedef uint8_t nd_rbool;
typedef uint16_t nd_rhalf;

/* ---- pairwise float sums ------------------------------------------------ */

#define PSUM_DEFS(S, T)                                                                            \
    typedef struct {                                                                               \
        T v[64];                                                                                   \
        uint8_t lev[64];                                                                           \
        int top;                                                                                   \
    } bc_##S;                                                                                      \
    static inline T tree8_##S(const T *a) {                                                        \
        return ((a[0] + a[1]) + (a[2] + a[3])) + ((a[4] + a[5]) + (a[6] + a[7]));                  \
    }                                                                                              \
    /* a node of level lev (2^lev leaves), pushed where the top's level is                         \
       lev or more: what pushing its leaves one by one would make */                               \
    static inline void bc_push_lev_##S(bc_##S *b, T v, int lev) {                                  \
        int t = b->top; /* the new node stays in a register while it merges */                     \
        for (; t >= 1 && b->lev[t - 1] == lev; t--, lev++) v = b->v[t - 1] + v;                    \
        b->v[t] = v;                                                                               \
        b->lev[t] = (uint8_t)lev;                                                                  \
        b->top = t + 1;                                                                            \
    }                                                                                              \
    static inline void bc_push_##S(bc_##S *b, T v) { bc_push_lev_##S(b, v, 0); }                   \
    /* g < 8 leaves r[0..g-1], pushed where the top's level is 3 or more */                        \
    static inline __attribute__((unused)) void bc_push_few_##S(bc_##S *b, const T *r, int g) {     \
        int j = 0;                                                                                 \
        if (g & 4) bc_push_lev_##S(b, (r[0] + r[1]) + (r[2] + r[3]), 2), j = 4;                    \
        if (g & 2) bc_push_lev_##S(b, r[j] + r[j + 1], 1), j += 2;                                 \
        if (g & 1) bc_push_lev_##S(b, r[j], 0);                                                    \
    }                                                                                              \
    static inline T bc_final_##S(const bc_##S *b) {                                                \
        T r = b->v[b->top - 1];                                                                    \
        for (int i = b->top - 2; i >= 0; i--) r = b->v[i] + r;                                     \
        return r;                                                                                  \
    }                                                                                              \
    /* one leaf of m <= ND_RLEAF elements */                                                       \
    static inline T leaf_##S(const char *p, int64_t s, int64_t m) {                                \
        T a[8];                                                                                    \
        for (int l = 0; l < 8; l++) a[l] = (T)-0.0;                                                \
        int64_t i = 0;                                                                             \
        if (s == (int64_t)sizeof(T))                                                               \
            for (; i + 8 <= m; i += 8)                                                             \
                for (int l = 0; l < 8; l++) a[l] += ND_LD(T, p + (i + l) * (int64_t)sizeof(T));    \
        for (; i < m; i++) a[i & 7] += ND_LD(T, p + i * s);                                        \
        return tree8_##S(a);                                                                       \
    }

PSUM_DEFS(f32, float)
PSUM_DEFS(f64, double)

#ifdef __AVX512F__
/* ((a0+a1)+(a2+a3))+((a4+a5)+(a6+a7)) of each of a[0..7] at once, lane g
   for a[g]: the same pairs in the same order as leaves8_f64's one-vector
   reduction (the same bits), 21 operations where eight of those take 56. */
static inline __m512d hsum8x8_f64(const __m512d *a) {
    __m512d s[4];
    for (int k = 0; k < 4; k++) /* per 128 bits: a[2k] lanes 2j+(2j+1), a[2k+1]'s */
        s[k] = _mm512_add_pd(_mm512_unpacklo_pd(a[2 * k], a[2 * k + 1]),
                             _mm512_unpackhi_pd(a[2 * k], a[2 * k + 1]));
    /* blocks: [a0 a1: (0+1)+(2+3)], [a0 a1: (4+5)+(6+7)], then a2 a3's */
    __m512d z0 = _mm512_add_pd(_mm512_shuffle_f64x2(s[0], s[1], 0x88),
                               _mm512_shuffle_f64x2(s[0], s[1], 0xdd));
    __m512d z1 = _mm512_add_pd(_mm512_shuffle_f64x2(s[2], s[3], 0x88),
                               _mm512_shuffle_f64x2(s[2], s[3], 0xdd));
    return _mm512_add_pd(_mm512_shuffle_f64x2(z0, z1, 0x88), _mm512_shuffle_f64x2(z0, z1, 0xdd));
}
/* The same association as leaf_f64, G full leaves at once (independent
   dependency chains, one zmm of 8 accumulators each, which out-of-order
   execution overlaps): in memory order when streaming (stream), so that a
   long run is one linear stream, else the chains' adds interleaved. */
static inline __attribute__((always_inline)) void leaves8_f64(const char *p, int G, bool stream,
                                                              double *res) {
    __m512d a[8];
    for (int g = 0; g < G; g++) a[g] = _mm512_set1_pd(-0.0);
    if (stream) /* from memory: one leaf after another */
        for (int g = 0; g < G; g++)
            for (int k = 0; k < ND_RLEAF; k += 8)
                a[g] = _mm512_add_pd(a[g], _mm512_loadu_pd(p + ((int64_t)g * ND_RLEAF + k) * 8));
    else /* in L1: the chains interleaved */
        for (int k = 0; k < ND_RLEAF; k += 8)
            for (int g = 0; g < G; g++)
                a[g] = _mm512_add_pd(a[g], _mm512_loadu_pd(p + ((int64_t)g * ND_RLEAF + k) * 8));
    if (G == 8) {
        _mm512_storeu_pd(res, hsum8x8_f64(a));
        return;
    }
    for (int g = 0; g < G; g++) {
        /* ((a0+a1)+(a2+a3))+((a4+a5)+(a6+a7)) */
        __m512d v = a[g];
        __m512d sw1 = _mm512_permute_pd(v, 0x55);   /* swap neighbours */
        __m512d s1 = _mm512_add_pd(v, sw1);         /* lane 2k: a2k + a2k+1 */
        __m512d sw2 = _mm512_permutex_pd(s1, 0x4e); /* swap pairs within 256 */
        __m512d s2 = _mm512_add_pd(s1, sw2);        /* lane 0: (a0+a1)+(a2+a3) */
        __m256d lo = _mm512_castpd512_pd256(s2), hi = _mm512_extractf64x4_pd(s2, 1);
        res[g] = _mm256_cvtsd_f64(_mm256_add_pd(lo, hi));
    }
}
/* ((a0+a1)+(a2+a3))+((a4+a5)+(a6+a7)) of 8 lanes */
static inline float hsum8_f32(__m256 v) {
    __m256 s1 = _mm256_add_ps(v, _mm256_permute_ps(v, 0xb1));   /* a0+a1, a2+a3 ... */
    __m256 s2 = _mm256_add_ps(s1, _mm256_permute_ps(s1, 0x4e)); /* (a0+a1)+(a2+a3) */
    __m128 lo = _mm256_castps256_ps128(s2), hi = _mm256_extractf128_ps(s2, 1);
    return _mm_cvtss_f32(_mm_add_ps(lo, hi));
}
/* hsum8_f32 of y[0..7] at once, lane g for y[g]: hadd adds neighbouring
   lanes, so the pairs and their order are hsum8_f32's (the same bits),
   with 21 operations where eight hsum8_f32 take 56 (the group's reduction
   was ~20% of a group's operations; sum of 1e5 float32 in L2, interleaved
   A/B: 0.77 -> 0.84 of a 512-bit 4-accumulator sum's speed). */
static inline __m256 hsum8x8_f32(const __m256 *y) {
    __m256 h01 = _mm256_hadd_ps(y[0], y[1]), h23 = _mm256_hadd_ps(y[2], y[3]);
    __m256 h45 = _mm256_hadd_ps(y[4], y[5]), h67 = _mm256_hadd_ps(y[6], y[7]);
    /* lanes 0-3: (a0+a1)+(a2+a3) of y0..y3, lanes 4-7: (a4+a5)+(a6+a7) */
    __m256 q0 = _mm256_hadd_ps(h01, h23), q1 = _mm256_hadd_ps(h45, h67);
    return _mm256_add_ps(_mm256_permute2f128_ps(q0, q1, 0x20), _mm256_permute2f128_ps(q0, q1, 0x31));
}
/* float32: 8-lane ymm chains, one per leaf, their adds interleaved (each
   lane one of its leaf's 8 accumulators, so the bits are leaf_f32's). A
   16-lane zmm would hold two leaves' lanes only through a shuffle or an
   insert per load, which measured slower at every size (see
   SUM_STREAM_BYTES_F32). */
static inline __attribute__((always_inline)) void leaves8_f32(const char *p, int G, bool stream,
                                                              float *res) {
    (void)stream;
    enum { LB = ND_RLEAF * 4 }; /* bytes per leaf */
    __m256 y[8];
    for (int g = 0; g < G; g++) y[g] = _mm256_set1_ps(-0.0f);
    for (int k = 0; k < ND_RLEAF; k += 8)
        for (int g = 0; g < G; g++)
            y[g] = _mm256_add_ps(y[g], _mm256_loadu_ps((const float *)(p + (int64_t)g * LB + k * 4)));
    if (G == 8) {
        _mm256_storeu_ps(res, hsum8x8_f32(y));
        return;
    }
    for (int g = 0; g < G; g++) res[g] = hsum8_f32(y[g]);
}
/* leaf_f64 / leaf_f32 of a contiguous run, its full 8s in one vector of
   the 8 accumulators */
static inline double leafc_f64(const char *p, int64_t s, int64_t m) {
    if (s != 8) return leaf_f64(p, s, m);
    __m512d acc = _mm512_set1_pd(-0.0);
    int64_t i = 0;
    for (; i + 8 <= m; i += 8) acc = _mm512_add_pd(acc, _mm512_loadu_pd(p + i * 8));
    double a[8];
    _mm512_storeu_pd(a, acc);
    for (; i < m; i++) a[i & 7] += ND_LD(double, p + i * 8);
    return tree8_f64(a);
}
static inline float leafc_f32(const char *p, int64_t s, int64_t m) {
    if (s != 4) return leaf_f32(p, s, m);
    __m256 acc = _mm256_set1_ps(-0.0f);
    int64_t i = 0;
    for (; i + 8 <= m; i += 8)
        acc = _mm256_add_ps(acc, _mm256_loadu_ps((const float *)(p + i * 4)));
    float a[8];
    _mm256_storeu_ps(a, acc);
    for (; i < m; i++) a[i & 7] += ND_LD(float, p + i * 4);
    return tree8_f32(a);
}
/* Eight whole leaves make one node of level 3 of the counter, combined as
   the counter would (the fast loops push only whole groups of 8 before),
   in registers rather than through its stack in memory. */
#define PSUM_FAST(S, T)                                                                            \
    if (s == (int64_t)sizeof(T)) {                                                                 \
        T r8[8];                                                                                   \
        if (stream)                                                                                \
            for (; i + 8 * ND_RLEAF <= n; i += 8 * ND_RLEAF) {                                     \
                leaves8_##S(p + i * s, 8, true, r8);                                               \
                bc_push_lev_##S(&b, tree8_##S(r8), 3);                                             \
            }                                                                                      \
        for (; i + 8 * ND_RLEAF <= n; i += 8 * ND_RLEAF) {                                         \
            leaves8_##S(p + i * s, 8, false, r8);                                                  \
            bc_push_lev_##S(&b, tree8_##S(r8), 3);                                                 \
        }                                                                                          \
        int G = (int)((n - i) / ND_RLEAF);                                                         \
        switch (G) {                                                                               \
        case 7:                                                                                    \
            leaves8_##S(p + i * s, 7, false, r8);                                                  \
            break;                                                                                 \
        case 6:                                                                                    \
            leaves8_##S(p + i * s, 6, false, r8);                                                  \
            break;                                                                                 \
        case 5:                                                                                    \
            leaves8_##S(p + i * s, 5, false, r8);                                                  \
            break;                                                                                 \
        case 4:                                                                                    \
            leaves8_##S(p + i * s, 4, false, r8);                                                  \
            break;                                                                                 \
        case 3:                                                                                    \
            leaves8_##S(p + i * s, 3, false, r8);                                                  \
            break;                                                                                 \
        case 2:                                                                                    \
            leaves8_##S(p + i * s, 2, false, r8);                                                  \
            break;                                                                                 \
        case 1:                                                                                    \
            leaves8_##S(p + i * s, 1, false, r8);                                                  \
            break;                                                                                 \
        default:                                                                                   \
            break;                                                                                 \
        }                                                                                          \
        bc_push_few_##S(&b, r8, G);                                                                \
        i += (int64_t)G * ND_RLEAF;                                                                \
    }
#else
#define PSUM_FAST(S, T)
#define leafc_f64 leaf_f64
#define leafc_f32 leaf_f32
#endif

#define PSUM_KERNELS(S, T)                                                                         \
    /* stream: read from beyond the caches (memory order) */                                       \
    static inline __attribute__((always_inline)) void psum_run_##S(                                \
        char *res, const char *p, int64_t s, int64_t n, bool stream) {                             \
        (void)stream;                                                                              \
        T r;                                                                                       \
        if (n <= ND_RLEAF) {                                                                       \
            r = n > 0 ? leafc_##S(p, s, n) : (T)0;                                                 \
        } else {                                                                                   \
            bc_##S b;                                                                              \
            b.top = 0;                                                                             \
            int64_t i = 0;                                                                         \
            PSUM_FAST(S, T)                                                                        \
            for (; i < n; i += ND_RLEAF)                                                           \
                bc_push_##S(&b, leafc_##S(p + i * s, s, n - i < ND_RLEAF ? n - i : ND_RLEAF));     \
            r = bc_final_##S(&b);                                                                  \
        }                                                                                          \
        ND_ST(T, res, r);                                                                          \
    }                                                                                              \
    static void psum_##S(char *res, const char *p, int64_t s, int64_t n) {                         \
        psum_run_##S(res, p, s, n, (int64_t)sizeof(T) * n > SUM_STREAM_##S);                       \
    }                                                                                              \
    /* Rows short enough to sit in L1 one by one may still stream from DRAM                        \
       together: the choice is by all nrows' bytes (contiguous rows are one                        \
       stream to the hardware's prefetcher). */                                                    \
    static void psum_rows_##S(char *out, int64_t s_out, const char *p, int64_t s_row, int64_t s,   \
                              int64_t n, int64_t nrows) {                                          \
        bool stream = nrows * n * (int64_t)sizeof(T) > SUM_STREAM_##S;                             \
        for (int64_t j = 0; j < nrows; j++)                                                        \
            psum_run_##S(out + j * s_out, p + j * s_row, s, n, stream);                            \
    }                                                                                              \
    /* One accumulator row of a leaf: rows p, p + s8, ... (q <= 16 of them),                       \
       dst[j] = ((-0.0 + x0[j]) + x1[j]) + ..., a block of columns held in                         \
       registers while the q rows stream by, so the accumulator is written                         \
       once (adding row by row into accumulator rows in L2 ran ~1.5x slower). */                   \
    static void colacc_##S(T *dst, const char *p, int64_t s8, int q, int64_t s_col, int64_t nc) {  \
        typedef struct __attribute__((packed, may_alias)) {                                        \
            T v;                                                                                   \
        } u_;                                                                                      \
        enum { CB = 256 / (int)sizeof(T) };                                                        \
        int64_t j = 0;                                                                             \
        if (s_col == (int64_t)sizeof(T))                                                           \
            for (; j + CB <= nc; j += CB) {                                                        \
                T t[CB];                                                                           \
                for (int i = 0; i < CB; i++) t[i] = (T)-0.0;                                       \
                for (int k = 0; k < q; k++) {                                                      \
                    const u_ *x = (const u_ *)(p + k * s8) + j;                                    \
                    for (int i = 0; i < CB; i++) t[i] += x[i].v;                                   \
                }                                                                                  \
                for (int i = 0; i < CB; i++) dst[j + i] = t[i];                                    \
            }                                                                                      \
        for (; j < nc; j++) {                                                                      \
            T a = (T)-0.0;                                                                         \
            for (int k = 0; k < q; k++) a += ND_LD(T, p + k * s8 + j * s_col);                     \
            dst[j] = a;                                                                            \
        }                                                                                          \
    }                                                                                              \
    static void psum_cols_##S(char *out, int64_t s_out, const char *p, int64_t s_row,              \
                              int64_t s_col, int64_t nrows, int64_t nc, char *work) {              \
        T *acc = (T *)(void *)work, *stk = acc + 8 * nc;                                           \
        if (nrows == 0) {                                                                          \
            for (int64_t j = 0; j < nc; j++) ND_ST(T, out + j * s_out, (T)0);                      \
            return;                                                                                \
        }                                                                                          \
        uint8_t lev[64];                                                                           \
        int top = 0;                                                                               \
        for (int64_t r0 = 0; r0 < nrows; r0 += ND_RLEAF) {                                         \
            int64_t m = nrows - r0 < ND_RLEAF ? nrows - r0 : ND_RLEAF;                             \
            for (int l = 0; l < 8; l++) /* leaf rows l, l + 8, ... */                              \
                colacc_##S(acc + l * nc, p + (r0 + l) * s_row, 8 * s_row,                          \
                           m > l ? (int)((m - l + 7) / 8) : 0, s_col, nc);                         \
            T *d = stk + top * nc;                                                                 \
            const T *a0 = acc, *a1 = acc + nc, *a2 = acc + 2 * nc, *a3 = acc + 3 * nc,             \
                    *a4 = acc + 4 * nc, *a5 = acc + 5 * nc, *a6 = acc + 6 * nc,                    \
                    *a7 = acc + 7 * nc;                                                            \
            ND_IVDEP for (int64_t j = 0; j < nc; j++) d[j] =                                       \
                ((a0[j] + a1[j]) + (a2[j] + a3[j])) + ((a4[j] + a5[j]) + (a6[j] + a7[j]));         \
            lev[top++] = 0;                                                                        \
            while (top >= 2 && lev[top - 1] == lev[top - 2]) {                                     \
                T *x = stk + (top - 2) * nc;                                                       \
                const T *y = x + nc;                                                               \
                ND_IVDEP for (int64_t j = 0; j < nc; j++) x[j] = x[j] + y[j];                      \
                lev[top - 2]++;                                                                    \
                top--;                                                                             \
            }                                                                                      \
        }                                                                                          \
        T *r = stk + (top - 1) * nc;                                                               \
        for (int t = top - 2; t >= 0; t--) {                                                       \
            const T *x = stk + t * nc;                                                             \
            ND_IVDEP for (int64_t j = 0; j < nc; j++) r[j] = x[j] + r[j];                          \
        }                                                                                          \
        for (int64_t j = 0; j < nc; j++) ND_ST(T, out + j * s_out, r[j]);                          \
    }

PSUM_KERNELS(f32, float)
PSUM_KERNELS(f64, double)

/* ---- combining reductions ---------------------------------------------- */

#define RED_KERNELS(NAME, IT, AT, AST, LDI, LDA, STA, COMB)                                        \
    static void red_##NAME(char *acc, const char *p, int64_t s, int64_t n) {                       \
        AT a = LDA(acc);                                                                           \
        for (int64_t i = 0; i < n; i++) {                                                          \
            AT x = LDI(p + i * s);                                                                 \
            a = COMB(a, x);                                                                        \
        }                                                                                          \
        STA(acc, a);                                                                               \
    }                                                                                              \
    RED_COLS(NAME, IT, AT, AST, LDI, LDA, STA, COMB)
#define RED_COLS(NAME, IT, AT, AST, LDI, LDA, STA, COMB)                                           \
    static void redc_##NAME(char *acc, int64_t sa, const char *p, int64_t sr, int64_t sc,          \
                            int64_t nr, int64_t nc) {                                              \
        for (int64_t i = 0; i < nr; i++) {                                                         \
            const char *row = p + i * sr;                                                          \
            if (sa == (int64_t)sizeof(AST) && sc == (int64_t)sizeof(IT)) {                         \
                ND_IVDEP for (int64_t j = 0; j < nc; j++) {                                        \
                    AT a = LDA(acc + j * (int64_t)sizeof(AST));                                    \
                    AT x = LDI(row + j * (int64_t)sizeof(IT));                                     \
                    STA(acc + j * (int64_t)sizeof(AST), COMB(a, x));                               \
                }                                                                                  \
            } else {                                                                               \
                for (int64_t j = 0; j < nc; j++) {                                                 \
                    AT a = LDA(acc + j * sa);                                                      \
                    AT x = LDI(row + j * sc);                                                      \
                    STA(acc + j * sa, COMB(a, x));                                                 \
                }                                                                                  \
            }                                                                                      \
        }                                                                                          \
    }

/* The same with ND_RLANES interleaved accumulators on contiguous runs, at
   every level alike (element i goes to lane i % ND_RLANES, lanes combine
   in a fixed tree), so the vector levels and the scalar one give the same
   bits. For ops where the order matters (NaN payloads, the sign of a zero
   max) this fixes the order; INIT is a lane's start: the accumulator itself
   for idempotent ops, else the identity. */
#define ND_RLANES 32
#define RED_KERNELS_L(NAME, IT, AT, AST, LDI, LDA, STA, COMB, INIT)                                \
    static void red_##NAME(char *acc, const char *p, int64_t s, int64_t n) {                       \
        AT a = LDA(acc);                                                                           \
        int64_t i = 0;                                                                             \
        if (s == (int64_t)sizeof(IT) && n >= 2 * ND_RLANES) {                                      \
            AT l[ND_RLANES];                                                                       \
            for (int k = 0; k < ND_RLANES; k++) l[k] = INIT(a);                                    \
            for (; i + ND_RLANES <= n; i += ND_RLANES)                                             \
                for (int k = 0; k < ND_RLANES; k++)                                                \
                    l[k] = COMB(l[k], LDI(p + (i + k) * (int64_t)sizeof(IT)));                     \
            for (int w = ND_RLANES / 2; w >= 1; w /= 2)                                            \
                for (int k = 0; k < w; k++) l[k] = COMB(l[k], l[k + w]);                           \
            a = COMB(a, l[0]);                                                                     \
        }                                                                                          \
        for (; i < n; i++) a = COMB(a, LDI(p + i * s));                                            \
        STA(acc, a);                                                                               \
    }                                                                                              \
    RED_COLS(NAME, IT, AT, AST, LDI, LDA, STA, COMB)
#define I_SELF(a) (a)
#define I_ZERO(a) ((uint64_t)0)
#define I_ONE(a) ((uint64_t)1)

/* loads, converting to the compute type */
#define DEF_LD(NAME, T, RT, EXPR)                                                                  \
    static inline RT NAME(const char *q) {                                                         \
        T v = ND_LD(T, q);                                                                         \
        return (RT)(EXPR);                                                                         \
    }
DEF_LD(ldb_u64, nd_rbool, uint64_t, v != 0)
DEF_LD(ldi8_u64, int8_t, uint64_t, (int64_t)v)
DEF_LD(ldi16_u64, int16_t, uint64_t, (int64_t)v)
DEF_LD(ldi32_u64, int32_t, uint64_t, (int64_t)v)
DEF_LD(ldi64_u64, int64_t, uint64_t, v)
DEF_LD(ldu8_u64, uint8_t, uint64_t, v)
DEF_LD(ldu16_u64, uint16_t, uint64_t, v)
DEF_LD(ldu32_u64, uint32_t, uint64_t, v)
DEF_LD(ldu64_u64, uint64_t, uint64_t, v)
DEF_LD(ldb, nd_rbool, nd_rbool, v != 0)
DEF_LD(ldi8, int8_t, int8_t, v)
DEF_LD(ldi16, int16_t, int16_t, v)
DEF_LD(ldi32, int32_t, int32_t, v)
DEF_LD(ldi64, int64_t, int64_t, v)
DEF_LD(ldu8, uint8_t, uint8_t, v)
DEF_LD(ldu16, uint16_t, uint16_t, v)
DEF_LD(ldu32, uint32_t, uint32_t, v)
DEF_LD(ldu64, uint64_t, uint64_t, v)
DEF_LD(ldh, nd_rhalf, float, nd_f16_to_f32(v))
DEF_LD(ldf, float, float, v)
DEF_LD(ldd, double, double, v)
DEF_LD(ldc64, nd_complex64, nd_complex128, ((nd_complex128){v.re, v.im}))
DEF_LD(ldc128, nd_complex128, nd_complex128, v)
/* truth of an element */
DEF_LD(nzb, nd_rbool, nd_rbool, v != 0)
DEF_LD(nzi8, int8_t, nd_rbool, v != 0)
DEF_LD(nzi16, int16_t, nd_rbool, v != 0)
DEF_LD(nzi32, int32_t, nd_rbool, v != 0)
DEF_LD(nzi64, int64_t, nd_rbool, v != 0)
DEF_LD(nzh, nd_rhalf, nd_rbool, (v & 0x7fff) != 0)
DEF_LD(nzf, float, nd_rbool, v != 0)
DEF_LD(nzd, double, nd_rbool, v != 0)
DEF_LD(nzc64, nd_complex64, nd_rbool, v.re != 0 || v.im != 0)
DEF_LD(nzc128, nd_complex128, nd_rbool, v.re != 0 || v.im != 0)
#define nzu8 nzi8
#define nzu16 nzi16
#define nzu32 nzi32
#define nzu64 nzi64

/* stores */
#define DEF_ST(NAME, T, AT, EXPR)                                                                  \
    static inline void NAME(char *q, AT a) { ND_ST(T, q, (EXPR)); }
DEF_ST(stu64, uint64_t, uint64_t, a)
DEF_ST(stb, nd_rbool, nd_rbool, a)
DEF_ST(sti8, int8_t, int8_t, a)
DEF_ST(sti16, int16_t, int16_t, a)
DEF_ST(sti32, int32_t, int32_t, a)
DEF_ST(sti64, int64_t, int64_t, a)
DEF_ST(stu8, uint8_t, uint8_t, a)
DEF_ST(stu16, uint16_t, uint16_t, a)
DEF_ST(stu32, uint32_t, uint32_t, a)
DEF_ST(sth, nd_rhalf, float, nd_f32_to_f16(a))
DEF_ST(stf, float, float, a)
DEF_ST(std_, double, double, a)
DEF_ST(stc64, nd_complex64, nd_complex128, ((nd_complex64){(float)a.re, (float)a.im}))
DEF_ST(stc128, nd_complex128, nd_complex128, a)

/* combining functions */
#define C_ADD(a, x) ((a) + (x))
#define C_MUL(a, x) ((a) * (x))
#define C_MAXI(a, x) ((a) >= (x) ? (a) : (x))
#define C_MINI(a, x) ((a) <= (x) ? (a) : (x))
/* NumPy's maximum/minimum: NaN propagates; ties keep the accumulator */
#define C_MAXF(a, x) (((a) >= (x) || (a) != (a)) ? (a) : (x))
#define C_MINF(a, x) (((a) <= (x) || (a) != (a)) ? (a) : (x))
/* fmax/fmin: a NaN operand is ignored */
#define C_FMAXF(a, x) (((a) >= (x) || (x) != (x)) ? (a) : (x))
#define C_FMINF(a, x) (((a) <= (x) || (x) != (x)) ? (a) : (x))
#define C_OR(a, x) ((nd_rbool)((a) | (x)))
#define C_AND(a, x) ((nd_rbool)((a) & (x)))

static inline bool cnan(nd_complex128 a) { return a.re != a.re || a.im != a.im; }
static inline bool cge(nd_complex128 a, nd_complex128 b) {
    return a.re > b.re || (a.re == b.re && a.im >= b.im);
}
static inline bool cle(nd_complex128 a, nd_complex128 b) {
    return a.re < b.re || (a.re == b.re && a.im <= b.im);
}
static inline nd_complex128 c_mul(nd_complex128 a, nd_complex128 b) {
    return (nd_complex128){a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re};
}
static inline nd_complex64 c_mul64(nd_complex64 a, nd_complex64 b) {
    return (nd_complex64){a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re};
}
static inline nd_complex128 c_max(nd_complex128 a, nd_complex128 x) {
    return (cnan(a) || cge(a, x)) ? a : x;
}
static inline nd_complex128 c_min(nd_complex128 a, nd_complex128 x) {
    return (cnan(a) || cle(a, x)) ? a : x;
}
static inline nd_complex128 c_fmax(nd_complex128 a, nd_complex128 x) {
    return (cnan(x) || (!cnan(a) && cge(a, x))) ? a : x;
}
static inline nd_complex128 c_fmin(nd_complex128 a, nd_complex128 x) {
    return (cnan(x) || (!cnan(a) && cle(a, x))) ? a : x;
}
/* complex64 products stay in single precision, as NumPy's */
static inline nd_complex64 ldc64s(const char *q) { return ND_LD(nd_complex64, q); }
static inline void stc64s(char *q, nd_complex64 a) { ND_ST(nd_complex64, q, a); }

/* integer sum/prod: accumulate in uint64 (wraps like int64) */
#define INT_SUMPROD(S, LD)                                                                         \
    RED_KERNELS_L(sum_##S, S##_st, uint64_t, uint64_t, LD, ldu64_u64, stu64, C_ADD, I_ZERO)        \
    RED_KERNELS_L(prod_##S, S##_st, uint64_t, uint64_t, LD, ldu64_u64, stu64, C_MUL, I_ONE)
typedef nd_rbool boolean_st;
typedef int8_t int8_st;
typedef int16_t int16_st;
typedef int32_t int32_st;
typedef int64_t int64_st;
typedef uint8_t uint8_st;
typedef uint16_t uint16_st;
typedef uint32_t uint32_st;
typedef uint64_t uint64_st;
typedef nd_rhalf float16_st;
typedef float float32_st;
typedef double float64_st;
typedef nd_complex64 complex64_st;
typedef nd_complex128 complex128_st;

INT_SUMPROD(boolean, ldb_u64)
INT_SUMPROD(int8, ldi8_u64)
INT_SUMPROD(int16, ldi16_u64)
INT_SUMPROD(int32, ldi32_u64)
INT_SUMPROD(int64, ldi64_u64)
INT_SUMPROD(uint8, ldu8_u64)
INT_SUMPROD(uint16, ldu16_u64)
INT_SUMPROD(uint32, ldu32_u64)
INT_SUMPROD(uint64, ldu64_u64)
RED_KERNELS(prod_float32, float, float, float, ldf, ldf, stf, C_MUL)
RED_KERNELS(prod_float64, double, double, double, ldd, ldd, std_, C_MUL)
/* gcc 12 turns complex products into fmaddsub even under
   -ffp-contract=off (see ew_complex.c): these stay unvectorized, so every
   level rounds each product alone. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC push_options
#pragma GCC optimize("no-tree-vectorize")
#endif
RED_KERNELS(prod_complex64, nd_complex64, nd_complex64, nd_complex64, ldc64s, ldc64s, stc64s,
            c_mul64)
RED_KERNELS(prod_complex128, nd_complex128, nd_complex128, nd_complex128, ldc128, ldc128, stc128,
            c_mul)
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC pop_options
#endif

/* min/max/fmin/fmax by dtype */
#define MINMAX_I(S, T, LD, ST)                                                                     \
    RED_KERNELS_L(max_##S, T, T, T, LD, LD, ST, C_MAXI, I_SELF)                                    \
    RED_KERNELS_L(min_##S, T, T, T, LD, LD, ST, C_MINI, I_SELF)
MINMAX_I(boolean, nd_rbool, ldb, stb)
MINMAX_I(int8, int8_t, ldi8, sti8)
MINMAX_I(int16, int16_t, ldi16, sti16)
MINMAX_I(int32, int32_t, ldi32, sti32)
MINMAX_I(int64, int64_t, ldi64, sti64)
MINMAX_I(uint8, uint8_t, ldu8, stu8)
MINMAX_I(uint16, uint16_t, ldu16, stu16)
MINMAX_I(uint32, uint32_t, ldu32, stu32)
MINMAX_I(uint64, uint64_t, ldu64, stu64)
/* Float min/max: the lanes first go as fmin/fmax do (one vector min per
   element) with a sum beside them, which is NaN once a NaN went in; with no
   NaN that is C_MINF/C_MAXF's result bit for bit (ties keep the lane), and
   a run holding a NaN (or inf - inf) is reduced again by the exact kernel. */
#define FAST_MIN(a, x) ((x) < (a) ? (x) : (a))
#define FAST_MAX(a, x) ((x) > (a) ? (x) : (a))
#define RED_FAST_MM(NAME, IT, AT, LD, ST, COMB, FAST)                                              \
    static void red_##NAME(char *acc, const char *p, int64_t s, int64_t n) {                       \
        AT a = LD(acc);                                                                            \
        if (s != (int64_t)sizeof(IT) || n < 2 * ND_RLANES) {                                       \
            red_exact_##NAME(acc, p, s, n);                                                        \
            return;                                                                                \
        }                                                                                          \
        AT l[ND_RLANES], f[ND_RLANES];                                                             \
        int64_t i = 0;                                                                             \
        for (int k = 0; k < ND_RLANES; k++) l[k] = f[k] = a;                                       \
        for (; i + ND_RLANES <= n; i += ND_RLANES)                                                 \
            for (int k = 0; k < ND_RLANES; k++) {                                                  \
                AT x = LD(p + (i + k) * (int64_t)sizeof(IT));                                      \
                l[k] = FAST(l[k], x), f[k] = f[k] + x;                                             \
            }                                                                                      \
        int nan = 0;                                                                               \
        for (int k = 0; k < ND_RLANES; k++) nan |= f[k] != f[k];                                   \
        if (nan) {                                                                                 \
            red_exact_##NAME(acc, p, s, n);                                                        \
            return;                                                                                \
        }                                                                                          \
        for (int w = ND_RLANES / 2; w >= 1; w /= 2)                                                \
            for (int k = 0; k < w; k++) l[k] = COMB(l[k], l[k + w]);                               \
        a = COMB(a, l[0]);                                                                         \
        for (; i < n; i++) a = COMB(a, LD(p + i * s));                                             \
        ST(acc, a);                                                                                \
    }                                                                                              \
    static void redc_##NAME(char *acc, int64_t sa, const char *p, int64_t sr, int64_t sc,          \
                            int64_t nr, int64_t nc) {                                              \
        redc_exact_##NAME(acc, sa, p, sr, sc, nr, nc);                                             \
    }
#define MINMAX_F(S, T, AT, LD, ST)                                                                 \
    RED_KERNELS_L(exact_max_##S, T, AT, T, LD, LD, ST, C_MAXF, I_SELF)                             \
    RED_KERNELS_L(exact_min_##S, T, AT, T, LD, LD, ST, C_MINF, I_SELF)                             \
    RED_FAST_MM(max_##S, T, AT, LD, ST, C_MAXF, FAST_MAX)                                          \
    RED_FAST_MM(min_##S, T, AT, LD, ST, C_MINF, FAST_MIN)                                          \
    RED_KERNELS_L(fmax_##S, T, AT, T, LD, LD, ST, C_FMAXF, I_SELF)                                 \
    RED_KERNELS_L(fmin_##S, T, AT, T, LD, LD, ST, C_FMINF, I_SELF)
MINMAX_F(float16, nd_rhalf, float, ldh, sth)
MINMAX_F(float32, float, float, ldf, stf)
MINMAX_F(float64, double, double, ldd, std_)
#define MINMAX_C(S, T, LD, ST)                                                                     \
    RED_KERNELS(max_##S, T, nd_complex128, T, LD, LD, ST, c_max)                                   \
    RED_KERNELS(min_##S, T, nd_complex128, T, LD, LD, ST, c_min)                                   \
    RED_KERNELS(fmax_##S, T, nd_complex128, T, LD, LD, ST, c_fmax)                                 \
    RED_KERNELS(fmin_##S, T, nd_complex128, T, LD, LD, ST, c_fmin)
MINMAX_C(complex64, nd_complex64, ldc64, stc64)
MINMAX_C(complex128, nd_complex128, ldc128, stc128)

/* any/all */
#define ANYALL(S, NZ)                                                                              \
    RED_KERNELS(any_##S, S##_st, nd_rbool, nd_rbool, NZ, ldb, stb, C_OR)                           \
    RED_KERNELS(all_##S, S##_st, nd_rbool, nd_rbool, NZ, ldb, stb, C_AND)
ANYALL(boolean, nzb)
ANYALL(int8, nzi8)
ANYALL(int16, nzi16)
ANYALL(int32, nzi32)
ANYALL(int64, nzi64)
ANYALL(uint8, nzu8)
ANYALL(uint16, nzu16)
ANYALL(uint32, nzu32)
ANYALL(uint64, nzu64)
ANYALL(float16, nzh)
ANYALL(float32, nzf)
ANYALL(float64, nzd)
ANYALL(complex64, nzc64)
ANYALL(complex128, nzc128)

/* ---- argmin / argmax ------------------------------------------------------ */

#include "generic/reduce_arg.h"

static inline void st_idx(char *q, int64_t v) { memcpy(q, &v, sizeof v); }
#define GT_(x, b) ((x) > (b))
#define LT_(x, b) ((x) < (b))
#define EQ_(x, b) ((x) == (b))
/* a lane's NaN note: a float sum is NaN once a NaN went in (or inf - inf,
   which only sends the block to the exact path); one add per element */
#define NACC_I(f, x) (f)
#define NACC_F(f, x) ((f) + (x))
#define NACC_C(f, x) (cnan(x) ? (x) : (f))
#define NONAN(x) ((void)(x), 0)
#define FNAN(x) ((x) != (x))
static inline bool cgt(nd_complex128 x, nd_complex128 b) {
    return x.re > b.re || (x.re == b.re && x.im > b.im);
}
static inline bool clt(nd_complex128 x, nd_complex128 b) {
    return x.re < b.re || (x.re == b.re && x.im < b.im);
}
static inline bool ceq(nd_complex128 x, nd_complex128 b) { return x.re == b.re && x.im == b.im; }
#define ARG_INT(S, T, LD)                                                                          \
    ARG_KERNELS(max_##S, T, T, LD, GT_, EQ_, NONAN, 0, NACC_I)                                     \
    ARG_KERNELS(min_##S, T, T, LD, LT_, EQ_, NONAN, 0, NACC_I)
ARG_INT(boolean, nd_rbool, ldb)
ARG_INT(int8, int8_t, ldi8)
ARG_INT(int16, int16_t, ldi16)
ARG_INT(int32, int32_t, ldi32)
ARG_INT(int64, int64_t, ldi64)
ARG_INT(uint8, uint8_t, ldu8)
ARG_INT(uint16, uint16_t, ldu16)
ARG_INT(uint32, uint32_t, ldu32)
ARG_INT(uint64, uint64_t, ldu64)
#define ARG_FLT(S, T, CT, LD)                                                                      \
    ARG_KERNELS(max_##S, T, CT, LD, GT_, EQ_, FNAN, (CT)-INFINITY, NACC_F)                         \
    ARG_KERNELS(min_##S, T, CT, LD, LT_, EQ_, FNAN, (CT)INFINITY, NACC_F)
ARG_FLT(float16, nd_rhalf, float, ldh)
ARG_FLT(float32, float, float, ldf)
ARG_FLT(float64, double, double, ldd)
#define ARG_CPX(S, T, LD)                                                                          \
    ARG_KERNELS(max_##S, T, nd_complex128, LD, cgt, ceq, cnan, ((nd_complex128){-INFINITY, 0}),    \
                NACC_C)                                                                            \
    ARG_KERNELS(min_##S, T, nd_complex128, LD, clt, ceq, cnan, ((nd_complex128){INFINITY, 0}),     \
                NACC_C)
ARG_CPX(complex64, nd_complex64, ldc64)
ARG_CPX(complex128, nd_complex128, ldc128)

/* ---- cumsum / cumprod ------------------------------------------------------ */

/* Neumaier's compensated running sum of one part (a float's only part, or
   the real or imaginary part of a complex). s, c: running sum, correction. */
#define NEUMAIER_STEP(CT, s, c, x, outv)                                                           \
    do {                                                                                           \
        CT t_ = (s) + (x);                                                                         \
        if (isfinite(t_)) {                                                                        \
            CT as_ = (s) < 0 ? -(s) : (s), ax_ = (x) < 0 ? -(x) : (x);                             \
            (c) += as_ >= ax_ ? ((s)-t_) + (x) : ((x)-t_) + (s);                                   \
            (outv) = t_ + (c);                                                                     \
        } else {                                                                                   \
            (outv) = t_;                                                                           \
        }                                                                                          \
        (s) = t_;                                                                                  \
    } while (0)

/* NP parts per element; LDP(q, k) part k as CT; STP(q, k, v) */
#define CUMSUM_F(NAME, CT, NP, LDP, STP)                                                           \
    static void cumsum_##NAME(char *out, int64_t so, const char *p, int64_t s, int64_t n,          \
                              const char *init) {                                                  \
        CT sm[2] = {(CT)-0.0, (CT)-0.0}, c[2] = {0, 0};                                            \
        if (init) { /* through a copy: sm and c stay in registers */                               \
            CT v_[4];                                                                              \
            memcpy(v_, init, sizeof(CT) * 2 * NP);                                                 \
            for (int k = 0; k < NP; k++) sm[k] = v_[k], c[k] = v_[NP + k];                         \
        }                                                                                          \
        for (int64_t i = 0; i < n; i++)                                                            \
            for (int k = 0; k < NP; k++) {                                                         \
                CT x = LDP(p + i * s, k), o;                                                       \
                NEUMAIER_STEP(CT, sm[k], c[k], x, o);                                              \
                STP(out + i * so, k, o);                                                           \
            }                                                                                      \
    }                                                                                              \
    static void cumsumc_##NAME(char *out, int64_t sor, int64_t soc, const char *p, int64_t sr,     \
                               int64_t sc, int64_t nr, int64_t nc, char *work, const char *init) { \
        CT *sm = (CT *)(void *)work, *c = sm + NP * nc;                                            \
        for (int64_t j = 0; j < NP * nc; j++) sm[j] = (CT)-0.0, c[j] = 0;                          \
        if (init) memcpy(sm, init, sizeof(CT) * NP * (size_t)nc * 2); /* sums, then corrections */ \
        for (int64_t i = 0; i < nr; i++) {                                                         \
            const char *row = p + i * sr;                                                          \
            char *orow = out + i * sor;                                                            \
            for (int64_t j = 0; j < nc; j++)                                                       \
                for (int k = 0; k < NP; k++) {                                                     \
                    CT x = LDP(row + j * sc, k), o;                                                \
                    NEUMAIER_STEP(CT, sm[j * NP + k], c[j * NP + k], x, o);                        \
                    STP(orow + j * soc, k, o);                                                     \
                }                                                                                  \
        }                                                                                          \
    }
#define LDP_F(q, k) ((void)(k), ND_LD(float, q))
#define LDP_D(q, k) ((void)(k), ND_LD(double, q))
#define LDP_H(q, k) ((void)(k), nd_f16_to_f32(ND_LD(nd_rhalf, q)))
#define LDP_C64(q, k) ND_LD(float, (q) + 4 * (k))
#define LDP_C128(q, k) ND_LD(double, (q) + 8 * (k))
#define STP_F(q, k, v)                                                                             \
    do {                                                                                           \
        (void)(k);                                                                                 \
        ND_ST(float, q, v);                                                                        \
    } while (0)
#define STP_D(q, k, v)                                                                             \
    do {                                                                                           \
        (void)(k);                                                                                 \
        ND_ST(double, q, v);                                                                       \
    } while (0)
#define STP_H(q, k, v)                                                                             \
    do {                                                                                           \
        (void)(k);                                                                                 \
        ND_ST(nd_rhalf, q, nd_f32_to_f16(v));                                                      \
    } while (0)
#define STP_C64(q, k, v) ND_ST(float, (q) + 4 * (k), v)
#define STP_C128(q, k, v) ND_ST(double, (q) + 8 * (k), v)
CUMSUM_F(float16, float, 1, LDP_H, STP_H)
CUMSUM_F(float32, float, 1, LDP_F, STP_F)
CUMSUM_F(float64, double, 1, LDP_D, STP_D)
CUMSUM_F(complex64, float, 2, LDP_C64, STP_C64)
CUMSUM_F(complex128, double, 2, LDP_C128, STP_C128)

/* Running sums/products without compensation: the state is the previous
   output. AT: compute type; LDI input; LDA/STA output. */
#define CUM_PLAIN(NAME, AT, LDI, LDA, STA, COMB, INIT)                                             \
    static void cum_##NAME(char *out, int64_t so, const char *p, int64_t s, int64_t n,             \
                           const char *init) {                                                     \
        AT a = INIT;                                                                               \
        if (init) memcpy(&a, init, sizeof a);                                                      \
        for (int64_t i = 0; i < n; i++) {                                                          \
            a = COMB(a, LDI(p + i * s));                                                           \
            STA(out + i * so, a);                                                                  \
            a = LDA(out + i * so);                                                                 \
        }                                                                                          \
    }                                                                                              \
    static void cumc_##NAME(char *out, int64_t sor, int64_t soc, const char *p, int64_t sr,        \
                            int64_t sc, int64_t nr, int64_t nc, char *work, const char *init) {    \
        (void)work, (void)init;                                                                    \
        for (int64_t i = 0; i < nr; i++) {                                                         \
            const char *row = p + i * sr;                                                          \
            char *orow = out + i * sor;                                                            \
            const char *prev = i ? orow - sor : orow;                                              \
            for (int64_t j = 0; j < nc; j++) {                                                     \
                AT a = i ? LDA(prev + j * soc) : INIT;                                             \
                STA(orow + j * soc, COMB(a, LDI(row + j * sc)));                                   \
            }                                                                                      \
        }                                                                                          \
    }
#define CUM_INT(S, LD)                                                                             \
    CUM_PLAIN(sum_##S, uint64_t, LD, ldu64_u64, stu64, C_ADD, 0)                                   \
    CUM_PLAIN(prod_##S, uint64_t, LD, ldu64_u64, stu64, C_MUL, 1)
CUM_INT(boolean, ldb_u64)
CUM_INT(int8, ldi8_u64)
CUM_INT(int16, ldi16_u64)
CUM_INT(int32, ldi32_u64)
CUM_INT(int64, ldi64_u64)
CUM_INT(uint8, ldu8_u64)
CUM_INT(uint16, ldu16_u64)
CUM_INT(uint32, ldu32_u64)
CUM_INT(uint64, ldu64_u64)
/* float16 products round to half at every step, as NumPy's */
CUM_PLAIN(prod_float16, float, ldh, ldh, sth, C_MUL, 1.0f)
CUM_PLAIN(prod_float32, float, ldf, ldf, stf, C_MUL, 1.0f)
CUM_PLAIN(prod_float64, double, ldd, ldd, std_, C_MUL, 1.0)
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC push_options
#pragma GCC optimize("no-tree-vectorize")
#endif
CUM_PLAIN(prod_complex64, nd_complex64, ldc64s, ldc64s, stc64s, c_mul64, ((nd_complex64){1, 0}))
CUM_PLAIN(prod_complex128, nd_complex128, ldc128, ldc128, stc128, c_mul, ((nd_complex128){1, 0}))
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC pop_options
#endif

/* ---- registration ---------------------------------------------------------- */

#define ALL_INTS(X)                                                                                \
    X(boolean) X(int8) X(int16) X(int32) X(int64) X(uint8) X(uint16) X(uint32) X(uint64)
#define ALL_FLOATS(X) X(float16) X(float32) X(float64)
#define ALL_CPX(X) X(complex64) X(complex128)

void ND_K(nd_kfill_reduce)(nd_ktable *t) {
    t->psum[0] = psum_f32;
    t->psum[1] = psum_f64;
    t->psum_rows[0] = psum_rows_f32;
    t->psum_rows[1] = psum_rows_f64;
    t->psum_cols[0] = psum_cols_f32;
    t->psum_cols[1] = psum_cols_f64;
#define R(K, OPN, S)                                                                               \
    t->red[ND_KRED_##K][ND_DT_##S] = red_##OPN##_##S,                                              \
    t->red_cols[ND_KRED_##K][ND_DT_##S] = redc_##OPN##_##S;
#define REG_INT(S)                                                                                 \
    R(SUM, sum, S)                                                                                 \
    R(PROD, prod, S)                                                                               \
    R(MIN, min, S)                                                                                 \
    R(MAX, max, S) R(FMIN, min, S) R(FMAX, max, S) R(ANY, any, S) R(ALL, all, S)                   \
        t->cum[0][ND_DT_##S] = cum_sum_##S,                                                        \
        t->cum_cols[0][ND_DT_##S] = cumc_sum_##S;                                                  \
    t->cum[1][ND_DT_##S] = cum_prod_##S, t->cum_cols[1][ND_DT_##S] = cumc_prod_##S;
    ALL_INTS(REG_INT)
#define REG_FLT(S)                                                                                 \
    R(MIN, min, S)                                                                                 \
    R(MAX, max, S)                                                                                 \
    R(FMIN, fmin, S)                                                                               \
    R(FMAX, fmax, S) R(ANY, any, S) R(ALL, all, S) t->cum[0][ND_DT_##S] = cumsum_##S,              \
                                                   t->cum_cols[0][ND_DT_##S] = cumsumc_##S;        \
    t->cum[1][ND_DT_##S] = cum_prod_##S, t->cum_cols[1][ND_DT_##S] = cumc_prod_##S;
    ALL_FLOATS(REG_FLT)
    ALL_CPX(REG_FLT)
    R(PROD, prod, float32)
    R(PROD, prod, float64)
    R(PROD, prod, complex64)
    R(PROD, prod, complex128)
#define REG_ARG(S)                                                                                 \
    t->arg[0][ND_DT_##S] = arg_max_##S, t->arg[1][ND_DT_##S] = arg_min_##S;                        \
    t->arg[2][ND_DT_##S] = nanarg_max_##S, t->arg[3][ND_DT_##S] = nanarg_min_##S;                  \
    t->arg_cols[0][ND_DT_##S] = argc_max_##S, t->arg_cols[1][ND_DT_##S] = argc_min_##S;            \
    t->arg_cols[2][ND_DT_##S] = nanargc_max_##S, t->arg_cols[3][ND_DT_##S] = nanargc_min_##S;
        ALL_INTS(REG_ARG) ALL_FLOATS(REG_ARG) ALL_CPX(REG_ARG)
}
