/* nd's GEMM, BLIS's design: the framework here (blocking, packing, edges,
   threads), the micro-kernels in kernels/ (nd_kgemm: a reference kernel and
   vector ones per ISA level).

   Loops: columns of c in super-blocks of 8 column tiles (jc); k in steps of
   kc (pc), whose packed b block is shared by all workers; then tiles of
   mc x nc of c, each packing its own a rows (mc x kc, L2-resident) and
   running, for each nr sliver of b (kc x nr, L1-resident), the micro-kernel
   down the a slivers. A tile's element sees its k steps in order (pc is the
   outer loop, and the kernel continues c's FMA chain), so which worker runs
   a tile, and how the work is cut, never changes a bit. */
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "dispatch/dispatch.h"
#include "kernels.h"
#include "linalg/gemm.h"
#include "nd/machine.h"
#include "thread/pool.h"

int nd_debug_gemm = 0;

/* Below this many flops (2mnk) a product stays on one thread: split over
   two, 128^3 ran 1.2x (float64) to 1.4x (float32) slower than OpenBLAS's
   two threads (docs/design.md). */
#define GEMM_PAR_FLOPS (1 << 25)
/* The default rule: nd's GEMM where it measured faster than OpenBLAS
   (min(m, n) >= 64 and k >= 16; at 64^3 1.3x (float64) to 1.4x (float32)
   faster than OpenBLAS as Haswell on an Intel AVX-512 host, one thread);
   gemv-like, smaller and 16 x k @ k x 16 shapes go to BLAS (at 48^3 float32
   nd's 32-column slivers were half empty: 0.85x). */
#define GEMM_MIN_MN 64
#define GEMM_MIN_K 16
#define GEMM_SUPER 2 /* column tiles per shared b block (BLIS's nc: 4096 columns at AVX-512) */
#define GEMM_ALIGN 64
/* A contiguous b of at most this many bytes is read in place, not packed:
   it stays in L1 whole (48 KiB), so its rows' stride costs no conflict
   misses, and packing it had been ~15% of a 64^3 float64 product. */
#define GEMM_DIRECT_B (32 << 10)

bool nd__gemm_chosen(nd_dtype t, int64_t m, int64_t n, int64_t k) {
    if (t != ND_FLOAT32 && t != ND_FLOAT64) return false;
    if (nd_debug_gemm) return nd_debug_gemm == 1;
    static int env = -1; /* 0 default, 1 nd, 2 blas; read once, as OpenBLAS reads its own */
    if (env < 0) {
        const char *e = getenv("ND_BLAS");
        env = e && (!strcmp(e, "openblas") || !strcmp(e, "blas") || !strcmp(e, "system")) ? 2
              : e && !strcmp(e, "nd")                                                     ? 1
                                                                                          : 0;
    }
    if (env) return env == 1;
    return nd__kernels()->gemm[t == ND_FLOAT64].vector && m >= GEMM_MIN_MN && n >= GEMM_MIN_MN &&
           k >= GEMM_MIN_K;
}

/* ---- packing ---- */

enum { PACK_MAX_MR = 32 }; /* rows of a packed as streams at once */

/* a rows [0, mb) x k [0, kb) into slivers of mr rows: sliver s holds
   element (s*mr + i, l) at l*mr + i, zero past mb. Rows along k (the usual
   case) are read as mr streams at once, so every store is contiguous: a
   row at a time had stored with a stride of mr elements, and packing took
   ~8% of a 256^3 product. */
#define PACK_FNS(S, T)                                                                             \
    static void pack_a_##S(T *dst, const char *a, int64_t rs, int64_t cs, int64_t mb, int64_t kb,  \
                           const nd_kgemm *kg) {                                                   \
        int mr = kg->mr;                                                                           \
        for (int64_t i0 = 0; i0 < mb; i0 += mr, dst += (int64_t)mr * kb) {                         \
            int mrem = mb - i0 < mr ? (int)(mb - i0) : mr;                                         \
            if (cs == (int64_t)sizeof(T) && mrem == mr && kg->pack_a) {                            \
                kg->pack_a(dst, a + i0 * rs, rs, kb);                                              \
                continue;                                                                          \
            }                                                                                      \
            if (cs == (int64_t)sizeof(T) && mr <= PACK_MAX_MR) {                                   \
                const T *rows[PACK_MAX_MR];                                                        \
                for (int i = 0; i < mrem; i++)                                                     \
                    rows[i] = (const T *)(const void *)(a + (i0 + i) * rs);                        \
                for (int64_t l = 0; l < kb; l++)                                                   \
                    for (int i = 0; i < mrem; i++) dst[l * mr + i] = rows[i][l];                   \
            } else {                                                                               \
                for (int64_t l = 0; l < kb; l++) {                                                 \
                    const char *col = a + l * cs + i0 * rs;                                        \
                    for (int i = 0; i < mrem; i++)                                                 \
                        memcpy(dst + l * mr + i, col + i * rs, sizeof(T));                         \
                }                                                                                  \
            }                                                                                      \
            for (int i = mrem; i < mr; i++)                                                        \
                for (int64_t l = 0; l < kb; l++) dst[l * mr + i] = 0;                              \
        }                                                                                          \
    }                                                                                              \
    /* b slivers [s0, s1) of nr columns (of nb), k [0, kb): sliver s at                            \
       dst + s*kb*nr holds element (l, s*nr + j) at l*nr + j, zero past nb.                        \
       Row by row, each row read once from left to right (a sliver at a                            \
       time had walked kb rows a page apart per sliver), full slivers                              \
       copied with a size the compiler knows. */                                                   \
    static void pack_b_##S(T *dst, const char *b, int64_t rs, int64_t cs, int64_t nb, int64_t kb,  \
                           int nr, int64_t s0, int64_t s1) {                                       \
        for (int64_t l = 0; l < kb; l++) {                                                         \
            const char *row = b + l * rs;                                                          \
            for (int64_t s = s0; s < s1; s++) {                                                    \
                T *d = dst + (s * kb + l) * nr;                                                    \
                int64_t j0 = s * nr;                                                               \
                int nrem = nb - j0 < nr ? (int)(nb - j0) : nr;                                     \
                const char *src = row + j0 * cs;                                                   \
                if (cs == (int64_t)sizeof(T) && nrem == nr && nr == 16)                            \
                    memcpy(d, src, 16 * sizeof(T));                                                \
                else if (cs == (int64_t)sizeof(T) && nrem == nr && nr == 32)                       \
                    memcpy(d, src, 32 * sizeof(T));                                                \
                else if (cs == (int64_t)sizeof(T) && nrem == nr && nr == 8)                        \
                    memcpy(d, src, 8 * sizeof(T));                                                 \
                else if (cs == (int64_t)sizeof(T))                                                 \
                    memcpy(d, src, (size_t)nrem * sizeof(T));                                      \
                else                                                                               \
                    for (int j = 0; j < nrem; j++) memcpy(d + j, src + j * cs, sizeof(T));         \
                for (int j = nrem; j < nr; j++) d[j] = 0;                                          \
            }                                                                                      \
        }                                                                                          \
    }
PACK_FNS(f32, float)
PACK_FNS(f64, double)

/* ---- the blocked product ---- */

typedef struct {
    const nd_gemm_args *g;
    const nd_kgemm *kg;
    int64_t isz;
    int64_t jc, nb; /* the super-block's columns */
    int64_t pc, kb; /* the k step */
    int64_t mtiles, ntiles;
    char *bp;         /* packed b block: ceil(nb/nr) slivers of kb*nr */
    bool b_direct;    /* full b slivers read in place (rows g->b_rs apart) */
    char *ap;         /* per worker: mc*kc elements each */
    int64_t ap_bytes; /* per worker, rounded to GEMM_ALIGN */
} gemm_step;

static void pack_b_range(const gemm_step *st, int64_t s0, int64_t s1) {
    const nd_gemm_args *g = st->g;
    if (st->b_direct && s0 < st->nb / st->kg->nr) s0 = st->nb / st->kg->nr; /* full: in place */
    if (s0 >= s1) return;
    const char *b = g->b + st->pc * g->b_rs + st->jc * g->b_cs;
    if (g->t == ND_FLOAT64)
        pack_b_f64((double *)(void *)st->bp, b, g->b_rs, g->b_cs, st->nb, st->kb, st->kg->nr, s0,
                   s1);
    else
        pack_b_f32((float *)(void *)st->bp, b, g->b_rs, g->b_cs, st->nb, st->kb, st->kg->nr, s0,
                   s1);
}

/* c's part of a tile to or from the edge buffer (rows of rs bytes): one
   element copy of a size the compiler knows (a copy of st->isz bytes was a
   libc call per element, ~4% of a 64^3 product) */
static void edge_copy(char *dst, int64_t drs, int64_t dcs, const char *src, int64_t srs,
                      int64_t scs, int mrem, int nrem, int64_t isz) {
    for (int i = 0; i < mrem; i++)
        for (int j = 0; j < nrem; j++) {
            char *d = dst + i * drs + j * dcs;
            const char *s = src + i * srs + j * scs;
            if (isz == 8)
                memcpy(d, s, 8);
            else
                memcpy(d, s, 4);
        }
}

/* A kernel on a partial tile (or one whose columns are not contiguous):
   through an mr x nr buffer holding c's part. */
static void edge_tile(const gemm_step *st, nd_kgemm_fn ukr, const char *ap, const char *bp,
                      int64_t ldb, char *c, int mrem, int nrem) {
    const nd_gemm_args *g = st->g;
    const nd_kgemm *kg = st->kg;
    _Alignas(64) char buf[8192]; /* mr*nr*isz: a 32 x 64 float tile at most */
    int64_t rs = kg->nr * st->isz;
    bool acc = st->pc > 0;
    if (acc) edge_copy(buf, rs, st->isz, c, g->c_rs, g->c_cs, mrem, nrem, st->isz);
    ukr(st->kb, ap, bp, ldb, buf, rs, acc, NULL);
    edge_copy(c, g->c_rs, g->c_cs, buf, rs, st->isz, mrem, nrem, st->isz);
}

/* A sliver of mrem < mr rows: the mr_part-row kernel on whole groups of
   mr_part rows in place, the rest through the buffer (the full kernel on a
   12-row sliver holding 4 rows had been a third of a 64^3 product's last
   sliver's work, plus the copies). */
static void part_tile(const gemm_step *st, const char *aq, const char *bp, int64_t ldb, char *c,
                      int mrem, int nrem, bool ccont) {
    const nd_kgemm *kg = st->kg;
    int r = 0;
    if (kg->ukr_part && ccont && nrem == kg->nr) {
        for (; r + kg->mr_part <= mrem; r += kg->mr_part)
            kg->ukr_part(st->kb, aq + r * st->isz, bp, ldb, c + r * st->g->c_rs, st->g->c_rs,
                         st->pc > 0, NULL);
        if (r == mrem) return;
    }
    if (kg->ukr_part && mrem - r <= kg->mr_part)
        edge_tile(st, kg->ukr_part, aq + r * st->isz, bp, ldb, c + r * st->g->c_rs, mrem - r,
                  nrem);
    else
        edge_tile(st, kg->ukr, aq, bp, ldb, c, mrem, nrem);
}

static void run_tile(const gemm_step *st, int64_t tile, int worker) {
    const nd_gemm_args *g = st->g;
    const nd_kgemm *kg = st->kg;
    int64_t ti = tile / st->ntiles, tj = tile % st->ntiles;
    int64_t i0 = ti * kg->mc, mb = g->m - i0 < kg->mc ? g->m - i0 : kg->mc;
    int64_t j0 = tj * kg->nc, nbt = st->nb - j0 < kg->nc ? st->nb - j0 : kg->nc;
    char *ap = st->ap + worker * st->ap_bytes;
    const char *a = g->a + i0 * g->a_rs + st->pc * g->a_cs;
    if (g->t == ND_FLOAT64)
        pack_a_f64((double *)(void *)ap, a, g->a_rs, g->a_cs, mb, st->kb, kg);
    else
        pack_a_f32((float *)(void *)ap, a, g->a_rs, g->a_cs, mb, st->kb, kg);
    int64_t asl = kg->mr * st->kb * st->isz, bsl = kg->nr * st->kb * st->isz;
    bool ccont = g->c_cs == st->isz;
    for (int64_t jr = 0; jr < nbt; jr += kg->nr) {
        const char *bp = st->bp + (j0 + jr) / kg->nr * bsl;
        int nrem = nbt - jr < kg->nr ? (int)(nbt - jr) : kg->nr;
        int64_t ldb = kg->nr;
        if (st->b_direct && nrem == kg->nr) {
            bp = g->b + st->pc * g->b_rs + (st->jc + j0 + jr) * st->isz;
            ldb = g->b_rs / st->isz;
        }
        char *ccol = g->c + i0 * g->c_rs + (st->jc + j0 + jr) * g->c_cs;
        for (int64_t ir = 0; ir < mb; ir += kg->mr) {
            const char *aq = ap + ir / kg->mr * asl;
            int mrem = mb - ir < kg->mr ? (int)(mb - ir) : kg->mr;
            char *c = ccol + ir * g->c_rs;
            /* the tile run next (down this column, else the next column's
               top) for the kernel to prefetch: a full one only, so every
               line it touches is c's */
            const char *cn = NULL;
            if (ir + kg->mr < mb) {
                if (ir + 2 * kg->mr <= mb && nrem == kg->nr) cn = c + kg->mr * g->c_rs;
            } else if (jr + 2 * kg->nr <= nbt && kg->mr <= mb) {
                cn = ccol + kg->nr * g->c_cs;
            }
            if (!ccont) cn = NULL;
            if (mrem == kg->mr && nrem == kg->nr && ccont)
                kg->ukr(st->kb, aq, bp, ldb, c, g->c_rs, st->pc > 0, cn);
            else if (mrem < kg->mr)
                part_tile(st, aq, bp, ldb, c, mrem, nrem, ccont);
            else
                edge_tile(st, kg->ukr, aq, bp, ldb, c, mrem, nrem);
        }
    }
}

static void tile_task(void *ctx, int64_t chunk, int worker) { run_tile(ctx, chunk, worker); }

enum { PACK_GROUP = 8 }; /* b slivers per packing chunk */
static void pack_task(void *ctx, int64_t chunk, int worker) {
    (void)worker;
    const gemm_step *st = ctx;
    int64_t ns = (st->nb + st->kg->nr - 1) / st->kg->nr, s0 = chunk * PACK_GROUP;
    pack_b_range(st, s0, s0 + PACK_GROUP < ns ? s0 + PACK_GROUP : ns);
}

static const nd_kgemm *kernel_of(nd_dtype t) { return &nd__kernels()->gemm[t == ND_FLOAT64]; }

static int64_t round_up(int64_t x, int64_t a) { return (x + a - 1) / a * a; }

size_t nd__gemm_scratch(const nd_gemm_args *g, int workers) {
    const nd_kgemm *kg = kernel_of(g->t);
    int64_t isz = g->t == ND_FLOAT64 ? 8 : 4;
    int64_t kb = g->k < kg->kc ? g->k : kg->kc;
    int64_t ncb = (int64_t)kg->nc * GEMM_SUPER, nb = g->n < ncb ? g->n : ncb;
    int64_t mb = g->m < kg->mc ? g->m : kg->mc;
    /* each factor is bounded by a block size, so no product overflows */
    int64_t bbytes = round_up(round_up(nb, kg->nr) * kb * isz, GEMM_ALIGN);
    int64_t abytes = round_up(round_up(mb, kg->mr) * kb * isz, GEMM_ALIGN);
    return (size_t)(bbytes + abytes * (workers > 0 ? workers : 1) + GEMM_ALIGN);
}

void nd__gemm_run(const nd_gemm_args *g, char *scratch, int threads) {
    const nd_kgemm *kg = kernel_of(g->t);
    gemm_step st = {.g = g, .kg = kg, .isz = g->t == ND_FLOAT64 ? 8 : 4};
    int64_t ncb = (int64_t)kg->nc * GEMM_SUPER;
    int64_t kb0 = g->k < kg->kc ? g->k : kg->kc, nb0 = g->n < ncb ? g->n : ncb;
    char *base = (char *)round_up((int64_t)(uintptr_t)scratch, GEMM_ALIGN);
    st.bp = base;
    st.ap = base + round_up(round_up(nb0, kg->nr) * kb0 * st.isz, GEMM_ALIGN);
    int64_t mb0 = g->m < kg->mc ? g->m : kg->mc;
    st.ap_bytes = round_up(round_up(mb0, kg->mr) * kb0 * st.isz, GEMM_ALIGN);
    double flops = 2.0 * (double)g->m * (double)g->n * (double)g->k;
    bool par = threads > 1 && flops >= GEMM_PAR_FLOPS;
    st.mtiles = (g->m + kg->mc - 1) / kg->mc;
    st.b_direct = g->b_cs == st.isz && g->b_rs == g->n * st.isz &&
                  g->k * g->n * st.isz <= GEMM_DIRECT_B;
    for (st.jc = 0; st.jc < g->n; st.jc += ncb) {
        st.nb = g->n - st.jc < ncb ? g->n - st.jc : ncb;
        st.ntiles = (st.nb + kg->nc - 1) / kg->nc;
        int64_t nsl = (st.nb + kg->nr - 1) / kg->nr;
        for (st.pc = 0; st.pc < g->k; st.pc += kg->kc) {
            st.kb = g->k - st.pc < kg->kc ? g->k - st.pc : kg->kc;
            int64_t ntask = st.mtiles * st.ntiles;
            if (par) {
                nd__parallel_fp((nsl + PACK_GROUP - 1) / PACK_GROUP, threads, pack_task, &st);
                nd__parallel_fp(ntask, threads, tile_task, &st);
            } else {
                pack_b_range(&st, 0, nsl);
                for (int64_t t = 0; t < ntask; t++) run_tile(&st, t, 0);
            }
        }
    }
}

nd_status nd__gemm(const char *func, const nd_gemm_args *g) {
    int threads = nd_get_num_threads();
    size_t bytes = nd__gemm_scratch(g, threads);
    char *scratch = nd__malloc(bytes);
    if (!scratch) return nd__nomem(func, bytes);
    nd__gemm_run(g, scratch, threads);
    nd__free(scratch);
    return ND_OK;
}
