/* The kernel layer's contract. A kernel is a 1-D loop over byte-strided
   operands: args[0..nin-1] are inputs, then outputs; steps[i] is the byte
   stride of args[i]. Kernels never allocate, never fail, never see an
   nd_array, and load data in ways that are defined for unaligned pointers. */
#ifndef ND_KERNELS_H
#define ND_KERNELS_H

#include <stdbool.h>
#include <stdint.h>

#include "nd/core.h"

typedef void (*nd_kloop)(char *const *args, const int64_t *steps, int64_t n);

typedef enum {
#define ND_OP(E, name, nin, ins, outs) ND_KOP_##E,
#include "nd/ops.def"
#undef ND_OP
    ND_KNUM_OPS
} nd_kop;

/* Integer conditions kernels report (floating-point ones come from the
   FPU's own sticky status). Thread-local; the driver reads and clears. */
enum {
    ND_KFLAG_DIVBYZERO = 1,
    ND_KFLAG_OVERFLOW = 2,
    ND_KFLAG_UNDERFLOW = 4,
    ND_KFLAG_INVALID = 8,
    ND_KFLAG_NEG_INT_POWER = 16, /* integers to negative integer powers */
};
#ifdef __cplusplus
extern "C" {
extern thread_local int nd_kflags;
#else
extern _Thread_local int nd_kflags;
#endif

/* Indices of nd_ktable.red / red_cols. */
enum nd_kred {
    ND_KRED_SUM,
    ND_KRED_PROD,
    ND_KRED_MIN,
    ND_KRED_MAX,
    ND_KRED_FMIN,
    ND_KRED_FMAX,
    ND_KRED_ANY,
    ND_KRED_ALL,
    ND_KRED_NUM
};

/* A GEMM micro-kernel and the blocking its driver uses with it. ukr computes
   one mr x nr tile of c (row i at c + i*rs_c bytes, contiguous along j):
   c[i][j] = fma(a_l[i], b_l[j], c[i][j]) for l = 0 .. kc-1 in order, from
   c[i][j] = +0 (acc false) or from its value in memory (acc true), where
   a_l = a + l*mr (the packed sliver) and b_l = b + l*ldb (ldb = nr for the
   packed sliver; a row-major b's row length when the driver reads b in
   place), element type float or double. Every kernel rounds the same way
   (one FMA per step, in k order), so all levels, blockings and thread
   counts give the same bits. c_next: the tile the driver runs next (same
   rs_c), which the kernel may prefetch while it computes, or NULL. */
typedef void (*nd_kgemm_fn)(int64_t kc, const void *a, const void *b, int64_t ldb, void *c,
                            int64_t rs_c, bool acc, const void *c_next);
typedef struct {
    nd_kgemm_fn ukr;
    int mr, nr;     /* register tile */
    int kc, mc, nc; /* cache blocks: k step, row tile (multiple of mr), column tile (of nr) */
    bool vector;    /* false: the scalar reference (the driver prefers BLAS by default) */
    const char *name;
    /* Packs one whole a sliver, NULL where the driver's own loop serves:
       rows a, a + rs, ... (mr of them, elements contiguous) over k [0, kb)
       to dst[l*mr + i]. */
    void (*pack_a)(void *dst, const char *a, int64_t rs, int64_t kb);
    /* ukr for the first mr_part rows of a packed mr-row sliver (a_l = a +
       l*mr still), for partial slivers: a 4-row remainder ran the whole
       12-row kernel through a buffer. NULL (mr_part 0) where none. */
    nd_kgemm_fn ukr_part;
    int mr_part;
} nd_kgemm;

/* The radices with their own FFT pass, in nd_ktable.fft_pass order. */
#define ND_FFT_NRADIX 11
#define ND_FFT_RADICES {2, 3, 4, 5, 7, 8, 9, 11, 13, 25, 16}
/* Largest odd prime factor done by a direct pass (beyond: Bluestein). */
#define ND_FFT_MAX_ODD 257
/* One FFT pass across nl lines (kernels/x86/fft_lanes.h); nl a multiple
   of ND_FFT_LANES_ALIGN (every level's vector of complex64). */
#define ND_FFT_LANES_ALIGN 8
typedef void (*nd_fft_lanes_fn)(int64_t ido, int64_t l1, int64_t nl, const void *cc, int64_t cs,
                                void *ch, int64_t hs, const void *tw, const void *rts);

typedef struct nd_ktable {
    nd_kloop cast[ND_NUM_DTYPES][ND_NUM_DTYPES]; /* [from][to] */
    /* [op][loop input dtype]; the output dtype comes from ops.def */
    nd_kloop loops[ND_KNUM_OPS][ND_NUM_DTYPES];
    /* np.where: args cond (bool), a, b, out, all of one dtype */
    nd_kloop where[ND_NUM_DTYPES];
    /* np.divmod in one pass, [0] float32, [1] float64: args a, b, then
       floor_divide's and remainder's results, each the value its own op
       gives (the flags may be a superset: the caller checks) */
    nd_kloop divmod[2];
    /* Copies an rn x cn tile (element (r, c) at src + r*s_row + c*s_col) to
       dst as contiguous rows; indexed by log2(item size), sizes 1..16. */
    void (*pack_tile[5])(const char *src, int64_t s_row, int64_t s_col, char *dst, int64_t rn,
                         int64_t cn);
    /* The same tile into rows d_row bytes apart (a same-dtype copy of a
       transposed array, straight into its result). */
    void (*transpose_tile[5])(const char *src, int64_t s_row, int64_t s_col, char *dst,
                              int64_t d_row, int64_t rn, int64_t cn);

    /* reductions (kernels/generic/reduce.c; driver src/reduce/reduce.c) ---------
       Element (i, j) of a "cols" block is at p + i*s_row + j*s_col: rows are
       reduced, each of the ncols columns gives one result. */
    /* Float sums, [0] float32, [1] float64: *res = the pairwise sum of a run
       (leaves of 128, 8 interleaved accumulators, binary counter over leaves;
       see nd/reduce.h). psum_cols gives column j's psum at out + j*s_out,
       bitwise equal to psum over that column; work holds
       (8 + 64 - clz(ceil(nrows/128))) * ncols elements of the type. */
    void (*psum[2])(char *res, const char *p, int64_t s, int64_t n);
    /* psum of nrows runs (run j at p + j*s_row, its result at out + j*s_out),
       each bitwise psum's; the runs' total bytes choose the streaming loop */
    void (*psum_rows[2])(char *out, int64_t s_out, const char *p, int64_t s_row, int64_t s,
                         int64_t n, int64_t nrows);
    void (*psum_cols[2])(char *out, int64_t s_out, const char *p, int64_t s_row, int64_t s_col,
                         int64_t nrows, int64_t ncols, char *work);
    /* Combining reductions, indexed [ND_KRED_*][input dtype]: *acc =
       op(*acc, x_i) for each i in order. The accumulator is the result
       dtype: SUM/PROD int64/uint64 for bool and integers (wrapping), PROD
       also float32/64 and complex; MIN/MAX/FMIN/FMAX the input dtype
       (float16 included); ANY/ALL bool. NULL where not defined. */
    void (*red[ND_KRED_NUM][ND_NUM_DTYPES])(char *acc, const char *p, int64_t s, int64_t n);
    void (*red_cols[ND_KRED_NUM][ND_NUM_DTYPES])(char *acc, int64_t s_acc, const char *p,
                                                 int64_t s_row, int64_t s_col, int64_t nrows,
                                                 int64_t ncols);
    /* [0] argmax [1] argmin [2] nanargmax [3] nanargmin (NaN taken as -inf /
       +inf, as NumPy's): the first index of the extreme of n >= 1 elements;
       a NaN is the extreme of argmax/argmin. arg_cols writes column j's
       index at idx[j*s_idx] (int64); best holds ncols * 16 bytes. */
    int64_t (*arg[4][ND_NUM_DTYPES])(const char *p, int64_t s, int64_t n);
    void (*arg_cols[4][ND_NUM_DTYPES])(char *idx, int64_t s_idx, char *best, const char *p,
                                       int64_t s_row, int64_t s_col, int64_t nrows, int64_t ncols);
    /* [0] cumsum [1] cumprod, by input dtype; outputs the sum's result dtype
       (int64/uint64 for bool and integers). init: NULL to start from the
       identity, else the running state to start from, in the accumulator
       type (uint64 for integers; products the output type; float sums the
       compensated state: the sum part(s), then the correction part(s), as
       float for float16/float32, double for float64). cum_cols runs the
       columns of a block at once (output (i, j) at out + i*so_row +
       j*so_col); work holds ncols * 32 bytes; init (float sums only, else
       ignored) holds the ncols sums, then the ncols corrections. */
    void (*cum[2][ND_NUM_DTYPES])(char *out, int64_t s_out, const char *p, int64_t s, int64_t n,
                                  const char *init);
    void (*cum_cols[2][ND_NUM_DTYPES])(char *out, int64_t so_row, int64_t so_col, const char *p,
                                       int64_t s_row, int64_t s_col, int64_t nrows, int64_t ncols,
                                       char *work, const char *init);
    /* end of reductions */

    /* Batches of matrix products c = a @ b (kernels/generic/matmul.c; driver
       src/linalg/matmul.c), by dtype: nb items, item t of X at X + t*sX[0],
       its element (i, j) at + i*sX[1] + j*sX[2] (bytes); a is m x k, b k x n,
       c m x n and overlaps neither. Bool, integers (wrapping), float16
       (float32 accumulation), float32 and float64; NULL for complex. */
    void (*matmul[ND_NUM_DTYPES])(int64_t nb, const char *a, const int64_t *sa, const char *b,
                                  const int64_t *sb, char *c, const int64_t *sc, int64_t m,
                                  int64_t n, int64_t k);
    /* nd's GEMM (driver src/linalg/gemm.c): [0] float32 [1] float64. The
       reference kernel is kernels/generic/gemm.c, the vector ones
       kernels/x86/gemm_*.c, overlaid per level. */
    nd_kgemm gemm[2];
    /* Sorting (kernels/generic/sort.c, overlaid by kernels/hwy/vqsort.cc;
       driver src/sort/). sort[t] sorts n contiguous elements of dtype t
       ascending in place; floats hold no NaN (-0.0 and 0.0 are equal, so
       their order is unspecified). NULL for float16 and complex, which the
       driver sorts as keys. sort_pairs sorts n (lo, hi) uint64 pairs by hi,
       then lo: keys with their index, so equal keys keep index order. */
    void (*sort[ND_NUM_DTYPES])(char *p, int64_t n);
    void (*sort_pairs)(uint64_t *p, int64_t n);
    /* sort_split[t] partitions n > 64 contiguous elements in place around
       *pivot: the returned count of them, those <= *pivot, first; NULL
       where a level has none (the driver then does not split a sort). */
    int64_t (*sort_split[ND_NUM_DTYPES])(char *p, int64_t n, const char *pivot);
    /* [0] float16 [1] float32 [2] float64: bit 0 set if the n contiguous
       elements hold NaN or -0.0, bit 1 if they hold +inf. */
    int (*float_hazards[3])(const char *p, int64_t n);
    /* PCG64 (kernels/generic/random.c; driver src/random/bitgen.c): out[i]
       = the output of the (i+1)-th state after *state, as uint64 or (doubles)
       as NumPy's next_double of it; *state advanced n. */
    void (*pcg64_fill)(void *out, int64_t n, unsigned __int128 *state, unsigned __int128 inc,
                       bool doubles);
    int pcg64_chains; /* states pcg64_fill computes at once (1: one after another) */
    /* Philox 4x64-10 (same file): nb blocks into out (4 words each), of the
       counters ctr + 1, ..., ctr + nb (256-bit, low word first) under key;
       ctr advanced nb; with doubles, out holds NumPy's next_double of each
       word instead. Many counters at once where the level has vectors. */
    void (*philox_fill)(void *out, int64_t nb, uint64_t ctr[4], const uint64_t key[2],
                        bool doubles);
    /* NumPy's standard exponential, its ziggurat's fast path, on raw[0..n)
       (kernels/generic/random.c; driver src/random/distributions.c):
       out[i] for the longest prefix of draws that take it, whose length is
       returned; ke, we: NumPy's tables. NULL below avx512. */
    int64_t (*rng_zig_exp)(double *out, const uint64_t *raw, int64_t n, const uint64_t *ke,
                           const double *we);
    /* y[i] = scale * sqrt(2 z[i]), the correctly rounded sqrt (NumPy's
       rayleigh), y may be z (same file; driver src/random/dist_front.c).
       NULL below avx512. */
    void (*rng_rayleigh)(double *y, const double *z, double scale, int64_t n);
    /* y[i] = glibc's expm1(x[i]) bit for bit (kernels/generic/rng_expm1.c;
       driver src/random/dist_front.c); NULL below the avx2 level, where
       glibc runs another variant and the driver calls libm. */
    void (*rng_expm1)(double *y, const double *x, int64_t n);
    /* y[i] = glibc's pow(x[i], b) bit for bit (kernels/generic/rng_pow.c:
       a correctly rounded result where glibc's 0.54 ULP bound makes it
       glibc's, else glibc's pow); returns how many lanes called pow. NULL
       below the avx2 level. */
    int64_t (*rng_pow)(double *y, const double *x, double b, int64_t n);
    /* Boolean masks (kernels/generic/mask.c; driver src/manip/mask.c), by
       log2(item size) 0..4, everything contiguous, a mask byte true when
       nonzero; cnt is the count of true bytes among the n (or, for a part
       of a mask, at most the room left in dst). compress: dst gets src's
       items where the mask is true, in order; expand: the i-th true entry
       of dst takes src's i-th item; both return how many they moved.
       mask_copy: dst[i] = src[i * s_src] where the mask is true (s_src 0:
       one value, or the item size). mask_index: out gets base + i for each
       true m[i], returns how many; mask_count: the true bytes. */
    int64_t (*compress[5])(char *dst, const char *src, const uint8_t *m, int64_t n, int64_t cnt);
    int64_t (*expand[5])(char *dst, const char *src, const uint8_t *m, int64_t n, int64_t cnt);
    void (*mask_copy[5])(char *dst, const char *src, int64_t s_src, const uint8_t *m, int64_t n);
    int64_t (*mask_index)(int64_t *out, const uint8_t *m, int64_t n, int64_t base, int64_t cnt);
    int64_t (*mask_count)(const uint8_t *m, int64_t n);
    /* Integer index arrays (kernels/generic/mask.c; driver src/manip/gather.c):
       the position of the first of n indices outside [-len, len), or -1 with
       *neg set to whether any is negative. */
    int64_t (*index_check)(const int64_t *at, int64_t n, int64_t len, bool *neg);

    /* FFT (kernels/generic/fft.c; driver src/fft/), [0] complex64 [1]
       complex128, interleaved, forward sign. fft_pass[r] is one Stockham
       pass of radix nd_fft_radix[r] (see fft.c for the layout); rts holds
       the p roots (cos, sin)(2 pi q/p) of odd radices. fft_pass_any: any
       odd radix p <= ND_FFT_MAX_ODD. r2c_post / c2r_pre: the real
       transform's twiddle step around a half-length (h) complex one, rw[k]
       = exp(-2 pi i k/2h), z holds h + 1. cmul: a = x * b pointwise (conj_out:
       conjugated), n complex. */
    void (*fft_pass[2][ND_FFT_NRADIX])(int64_t ido, int64_t l1, const void *cc, void *ch,
                                       const void *tw, const void *rts);
    void (*fft_pass_any[2])(int64_t p, int64_t ido, int64_t l1, const void *cc, void *ch,
                            const void *tw, const void *rts);
    void (*fft_r2c_post[2])(void *z, int64_t h, const void *rw);
    void (*fft_c2r_pre[2])(void *z, int64_t h, const void *rw);
    void (*fft_cmul[2])(void *a, const void *x, const void *b, int64_t n, int conj_out);
    /* the first pass of a real transform of odd n = p * ido (see fft.c):
       n reals x into the real line z0 (ido) and (p - 1)/2 complex lines z */
    void (*fft_rodd_pass[2])(int64_t p, int64_t ido, const void *x, void *z0, void *z,
                             const void *rw, const void *rts);
    /* fft_pass[r] on nl lines at once (nl a multiple of ND_FFT_LANES_ALIGN),
       element e of line b at cc[cs*e + b], ch[hs*e + b] (complex units),
       each line to the bits fft_pass gives it alone; NULL where the level
       has none (the driver then gathers lines one by one) */
    nd_fft_lanes_fn fft_lanes[2][ND_FFT_NRADIX];
    /* fft_r2c_post on nl lines (a multiple of ND_FFT_LANES_ALIGN) in the
       lanes' layout: h rows of z into h + 1 rows of o (not z), each line
       to fft_r2c_post's bits; NULL where the level has none */
    void (*fft_lanes_r2c_post[2])(const void *z, void *o, int64_t h, int64_t nl, const void *rw);
    /* its inverse, the last pass of a real backward transform of odd n:
       the real line z0 and the (p - 1)/2 transformed complex lines z (not
       yet twiddled) into the n reals x[xs * t] */
    void (*fft_rodd_inv_pass[2])(int64_t p, int64_t ido, const void *z0, const void *z, void *x,
                                 int64_t xs, const void *rw, const void *rts);
    /* Copies nbytes from src to dst (not overlapping) with non-temporal
       stores where the level has wide ones, else ordinarily
       (kernels/generic/stream.c): for results far larger than the caches,
       whose lines then skip the read-for-ownership. The stores are weakly
       ordered: stream_fence before another thread may read dst. */
    void (*stream_store)(char *dst, const char *src, int64_t nbytes);
    void (*stream_fence)(void);
} nd_ktable;

/* One fill function per ISA level, each built from the same generic sources
   with a different ND_ISA_NAME. A level fills what it has and leaves the rest
   as the caller set it (the caller fills the baseline first). */
#define ND_ISA_LEVELS(X) X(scalar) X(baseline) X(avx2) X(avx512)
#define ND_DECLARE_FILL(isa) void nd_kfill_##isa(nd_ktable *t);
ND_ISA_LEVELS(ND_DECLARE_FILL)
#undef ND_DECLARE_FILL
/* Overlays of the vectorized levels from other sources (vqsort). */
void nd_kfill_vqsort_avx2(nd_ktable *t);
void nd_kfill_vqsort_avx512(nd_ktable *t);
void nd_kfill_gemmx_avx2(nd_ktable *t);
void nd_kfill_gemmx_avx512(nd_ktable *t);
#ifdef __cplusplus
}
#endif

#endif
