/* The reduction driver: axes, keepdims, out, result dtypes, and the walk
   that hands the kernels runs (a reduced axis innermost in memory: "run"
   mode, one result at a time) or blocks of rows (a kept axis innermost:
   "cols" mode, vectorized across the contiguous axis). See nd/reduce.h for
   the summation order, which both modes share. Composite reductions (mean,
   var, std, nan*) are built on these and on the ufuncs, as NumPy's are. */
#include <math.h>
#include <string.h>

#include "copy/copy.h"
#include "nd/reduce.h"
#include "nd/machine.h"
#include "nd/view.h"
#include "reduce/reduce_internal.h"
#include "thread/pool.h"
#include "dispatch/dispatch.h"
#include "ufunc/ufunc_internal.h"

/* Columns per block in cols mode, in bytes of one row: a leaf's 8
   accumulator rows and the counter's rows (up to ~400 KiB) stay in L2 while
   the input streams by in long rows (8 KiB blocks measured no faster). */
#define RED_TILE_BYTES 32768
#define RED_LEAF 128

typedef enum { RK_PSUM, RK_RED } red_kind;

static const char *kred_ufunc[ND_KRED_NUM] = {"add",  "multiply", "minimum",    "maximum",
                                              "fmin", "fmax",     "logical_or", "logical_and"};

/* ---- the walk ------------------------------------------------------------ */

typedef struct {
    char *ip, *op;
    int nk, nr;
    int64_t ks[ND_MAX_DIMS + 1], kis[ND_MAX_DIMS + 1], kos[ND_MAX_DIMS + 1];
    int64_t rs[ND_MAX_DIMS + 1], ris[ND_MAX_DIMS + 1];
} plan;

static int64_t iabs64(int64_t x) { return x < 0 ? -x : x; }

/* Next index of an odometer over n dims; moves p (strides s) and q (t). */
static inline bool odo_next(int n, const int64_t *shape, int64_t *idx, char **p, const int64_t *s,
                            char **q, const int64_t *t) {
    for (int d = n - 1; d >= 0; d--) {
        *p += s[d];
        if (q) *q += t[d];
        if (++idx[d] < shape[d]) return true;
        *p -= s[d] * shape[d];
        if (q) *q -= t[d] * shape[d];
        idx[d] = 0;
    }
    return false;
}

/* Sorts dims by |a| descending (stable), carrying b and c along. */
static void sort_dims(int n, int64_t *shape, int64_t *a, int64_t *b) {
    for (int i = 1; i < n; i++) {
        int64_t s = shape[i], x = a[i], y = b ? b[i] : 0;
        int j = i;
        while (j > 0 && iabs64(a[j - 1]) < iabs64(x)) {
            shape[j] = shape[j - 1], a[j] = a[j - 1];
            if (b) b[j] = b[j - 1];
            j--;
        }
        shape[j] = s, a[j] = x;
        if (b) b[j] = y;
    }
}

static int coalesce_dims(int n, int64_t *shape, int64_t *a, int64_t *b) {
    if (n == 0) return 0;
    int w = 0;
    for (int i = 1; i < n; i++) {
        if (a[w] == a[i] * shape[i] && (!b || b[w] == b[i] * shape[i])) {
            shape[w] *= shape[i], a[w] = a[i];
            if (b) b[w] = b[i];
        } else {
            w++;
            shape[w] = shape[i], a[w] = a[i];
            if (b) b[w] = b[i];
        }
    }
    return w + 1;
}

/* Reduced dims in memory order (flipped to positive strides, sorted,
   coalesced); kept dims likewise with their output strides. */
static void make_plan(plan *P, int ndim, const int64_t *shape, const int64_t *istr, char *ip,
                      const bool *red, const int64_t *ostr, char *op) {
    P->ip = ip, P->op = op, P->nk = P->nr = 0;
    for (int d = 0; d < ndim; d++) {
        if (shape[d] == 1) continue;
        if (red[d]) {
            int64_t s = istr[d];
            if (s < 0) P->ip += s * (shape[d] - 1), s = -s;
            P->rs[P->nr] = shape[d], P->ris[P->nr++] = s;
        } else {
            int64_t s = istr[d], t = ostr[d];
            if (s < 0) P->ip += s * (shape[d] - 1), P->op += t * (shape[d] - 1), s = -s, t = -t;
            P->ks[P->nk] = shape[d], P->kis[P->nk] = s, P->kos[P->nk++] = t;
        }
    }
    sort_dims(P->nr, P->rs, P->ris, NULL);
    P->nr = coalesce_dims(P->nr, P->rs, P->ris, NULL);
    sort_dims(P->nk, P->ks, P->kis, P->kos);
    P->nk = coalesce_dims(P->nk, P->ks, P->kis, P->kos);
    if (P->nr == 0) P->nr = 1, P->rs[0] = 1, P->ris[0] = 0;
}

static bool cols_mode(const plan *P) { return P->nk > 0 && P->kis[P->nk - 1] < P->ris[P->nr - 1]; }

static int bits64(uint64_t x) { return x ? 64 - __builtin_clzll(x) : 0; }

/* ---- float sums: runs' results combined by a binary counter ---------------- */

#define BC_DEFS(S, T)                                                                              \
    typedef struct {                                                                               \
        T v[66];                                                                                   \
        uint8_t lev[66];                                                                           \
        int top;                                                                                   \
    } dbc_##S;                                                                                     \
    static void dbc_push_##S(dbc_##S *b, T v) {                                                    \
        int t = b->top;                                                                            \
        b->v[t] = v, b->lev[t] = 0, t++;                                                           \
        while (t >= 2 && b->lev[t - 1] == b->lev[t - 2])                                           \
            b->v[t - 2] = b->v[t - 2] + b->v[t - 1], b->lev[t - 2]++, t--;                         \
        b->top = t;                                                                                \
    }                                                                                              \
    static T dbc_final_##S(const dbc_##S *b) {                                                     \
        T r = b->v[b->top - 1];                                                                    \
        for (int i = b->top - 2; i >= 0; i--) r = b->v[i] + r;                                     \
        return r;                                                                                  \
    }                                                                                              \
    /* rows version: stk holds depth rows of nc */                                                 \
    static void rbc_push_##S(T *stk, uint8_t *lev, int *top, int64_t nc) {                         \
        int t = ++*top;                                                                            \
        lev[t - 1] = 0;                                                                            \
        while (t >= 2 && lev[t - 1] == lev[t - 2]) {                                               \
            T *x = stk + (t - 2) * nc, *y = x + nc;                                                \
            for (int64_t j = 0; j < nc; j++) x[j] = x[j] + y[j];                                   \
            lev[t - 2]++, t--;                                                                     \
        }                                                                                          \
        *top = t;                                                                                  \
    }                                                                                              \
    static void rbc_final_##S(T *stk, int top, int64_t nc, char *out, int64_t so) {                \
        T *r = stk + (top - 1) * nc;                                                               \
        for (int i = top - 2; i >= 0; i--)                                                         \
            for (int64_t j = 0; j < nc; j++) r[j] = stk[i * nc + j] + r[j];                        \
        for (int64_t j = 0; j < nc; j++) memcpy(out + j * so, &r[j], sizeof(T));                   \
    }
BC_DEFS(f32, float)
BC_DEFS(f64, double)

/* ---- threads ----------------------------------------------------------------
   A float sum is split only where the pairwise tree already has a node: a
   block of PSUM_BLOCK elements starting at a multiple of it is one node, so
   blocks summed on any thread and combined by the same binary counter give
   the sequential result bit for bit. Sums along a kept axis split by
   results, each of which is computed as it would be alone. */
#define PSUM_BLOCK ((int64_t)RED_LEAF << 12)

typedef struct par par;
struct par {
    void (*chunk)(const par *t, int64_t c, int worker);
    int k; /* 0 float32, 1 float64 */
    const char *ip;
    char *op, *res, *work;
    int64_t s, n;      /* one run: stride, length */
    int64_t nout, per; /* rows: results, results per chunk */
    int64_t kis, kos;  /* rows/cols: steps between results */
    int64_t width;     /* cols: columns per chunk */
    size_t work_each;  /* cols: scratch bytes per worker */
    int which;         /* cumulative: 0 cumsum, 1 cumprod */
    nd_dtype dt;       /* cumulative: input dtype */
    int64_t os;        /* cumulative: output step along the axis */
};

static bool worth_threads(int64_t bytes) {
    return bytes >= ND_PARALLEL_MIN_BYTES && nd_get_num_threads() > 1;
}

static void par_chunk(void *ctx, int64_t c, int worker) {
    par *t = ctx;
    t->chunk(t, c, worker);
}

static void par_run(par *t, int64_t nchunks, int slots) {
    nd__parallel_fp(nchunks, slots, par_chunk, t);
}

void nd__psum_combine(int k, const char *res, int64_t nb, const char *tail, char *out) {
    /* the blocks' nodes merge as in the sequential counter; the tail's
       nodes were combined right to left, which psum of the tail also does */
    if (k) {
        dbc_f64 b = {.top = 0};
        double v;
        for (int64_t i = 0; i < nb; i++) memcpy(&v, res + i * 8, 8), dbc_push_f64(&b, v);
        if (tail) memcpy(&b.v[b.top], tail, 8), b.lev[b.top++] = 0;
        v = dbc_final_f64(&b);
        memcpy(out, &v, 8);
    } else {
        dbc_f32 b = {.top = 0};
        float v;
        for (int64_t i = 0; i < nb; i++) memcpy(&v, res + i * 4, 4), dbc_push_f32(&b, v);
        if (tail) memcpy(&b.v[b.top], tail, 4), b.lev[b.top++] = 0;
        v = dbc_final_f32(&b);
        memcpy(out, &v, 4);
    }
}

static void block_chunk(const par *t, int64_t c, int worker) {
    (void)worker;
    int64_t isz = t->k ? 8 : 4;
    nd__kernels()->psum[t->k](t->res + c * isz, t->ip + c * PSUM_BLOCK * t->s, t->s, PSUM_BLOCK);
}

/* The pairwise sum of one run, over the pool when it is long. */
static nd_status psum_run(const char *func, int k, char *out, const char *ip, int64_t s,
                          int64_t n) {
    int64_t isz = k ? 8 : 4, nb = n / PSUM_BLOCK;
    if (nb < 2 || !worth_threads(n * isz)) {
        nd__kernels()->psum[k](out, ip, s, n);
        return ND_OK;
    }
    par t = {.chunk = block_chunk, .k = k, .ip = ip, .s = s};
    t.res = nd__malloc((size_t)(nb + 1) * (size_t)isz);
    if (!t.res) return nd__nomem(func, (size_t)(nb + 1) * (size_t)isz);
    par_run(&t, nb, INT32_MAX);
    int64_t rest = n - nb * PSUM_BLOCK;
    if (rest) nd__kernels()->psum[k](t.res + nb * isz, ip + nb * PSUM_BLOCK * s, s, rest);
    nd__psum_combine(k, t.res, nb, rest ? t.res + nb * isz : NULL, out);
    nd__free(t.res);
    return ND_OK;
}

static void rows_chunk(const par *t, int64_t c, int worker) {
    (void)worker;
    int64_t j0 = c * t->per, j1 = j0 + t->per < t->nout ? j0 + t->per : t->nout;
    for (int64_t j = j0; j < j1; j++)
        nd__kernels()->psum[t->k](t->op + j * t->kos, t->ip + j * t->kis, t->s, t->n);
}

static void cols_chunk(const par *t, int64_t c, int worker) {
    int64_t c0 = c * t->width, nc = t->nout - c0 < t->width ? t->nout - c0 : t->width;
    nd__kernels()->psum_cols[t->k](t->op + c0 * t->kos, t->kos, t->ip + c0 * t->kis, t->s, t->kis,
                                   t->n, nc, t->work + (size_t)worker * t->work_each);
}

/* Few rows: chunks of columns (independent results; whole cache lines). */
static nd_status cols_by_cols(const char *func, par *t, int slots) {
    int64_t isz = t->k ? 8 : 4;
    t->chunk = cols_chunk;
    t->width = (t->nout + 2 * slots - 1) / (2 * slots);
    t->width = (t->width + 63) & ~(int64_t)63;
    if (t->width > RED_TILE_BYTES / isz) t->width = RED_TILE_BYTES / isz;
    int64_t depth = bits64((uint64_t)((t->n + RED_LEAF - 1) / RED_LEAF));
    t->work_each = (size_t)((8 + depth) * t->width * isz);
    t->work = nd__malloc(t->work_each * (size_t)slots);
    if (!t->work) return nd__nomem(func, t->work_each * (size_t)slots);
    par_run(t, (t->nout + t->width - 1) / t->width, slots);
    nd__free(t->work);
    return ND_OK;
}

static void rowblk_chunk(const par *t, int64_t c, int worker) {
    int64_t isz = t->k ? 8 : 4, W = RED_TILE_BYTES / isz;
    int64_t r0 = c * t->per, nr = t->n - r0 < t->per ? t->n - r0 : t->per;
    char *w = t->work + (size_t)worker * t->work_each;
    for (int64_t c0 = 0; c0 < t->nout; c0 += W) {
        int64_t nc = t->nout - c0 < W ? t->nout - c0 : W;
        nd__kernels()->psum_cols[t->k](t->res + (c * t->nout + c0) * isz, isz,
                                       t->ip + r0 * t->s + c0 * t->kis, t->s, t->kis, nr, nc, w);
    }
}

/* Many rows: full-width row blocks of 2^j leaves, each one node of every
   column's pairwise tree, merged by the binary counter as the sequential
   walk merges them (rows stream contiguously; bits unchanged). */
static nd_status cols_by_rows(const char *func, par *t, int slots) {
    int64_t isz = t->k ? 8 : 4, W = RED_TILE_BYTES / isz;
    int64_t wc = t->nout < W ? t->nout : W;
    t->per = RED_LEAF;
    while (t->per * 2 * slots * 2 <= t->n && t->per < ((int64_t)1 << 40)) t->per *= 2;
    int64_t nb = (t->n + t->per - 1) / t->per, full = t->n / t->per;
    int64_t depth = bits64((uint64_t)((t->per + RED_LEAF - 1) / RED_LEAF));
    t->work_each = (size_t)((8 + depth) * wc * isz);
    size_t res_bytes = (size_t)(nb * t->nout * isz);
    t->res = nd__malloc(res_bytes);
    t->work = t->res ? nd__malloc(t->work_each * (size_t)slots) : NULL;
    if (!t->work) {
        nd__free(t->res);
        return nd__nomem(func, res_bytes + t->work_each * (size_t)slots);
    }
    t->chunk = rowblk_chunk;
    par_run(t, nb, slots);
    uint8_t lev[72];
    int top = 0;
    for (int64_t b = 0; b < nb; b++) {
        if (b != top)
            memmove(t->res + top * t->nout * isz, t->res + b * t->nout * isz,
                    (size_t)(t->nout * isz));
        if (b < full) {
            if (t->k)
                rbc_push_f64((double *)(void *)t->res, lev, &top, t->nout);
            else
                rbc_push_f32((float *)(void *)t->res, lev, &top, t->nout);
        } else {
            lev[top++] = 0; /* the tail's nodes are combined already */
        }
    }
    if (t->k)
        rbc_final_f64((double *)(void *)t->res, top, t->nout, t->op, t->kos);
    else
        rbc_final_f32((float *)(void *)t->res, top, t->nout, t->op, t->kos);
    nd__free(t->work);
    nd__free(t->res);
    return ND_OK;
}

/* One reduced axis and one kept axis, large: results split over the pool.
   Returns false when the plan is not of that shape or too small. */
static bool psum_2d_parallel(const char *func, const plan *P, int k, nd_status *st) {
    int64_t isz = k ? 8 : 4;
    if (P->nr != 1 || P->nk != 1 || !worth_threads(P->rs[0] * P->ks[0] * isz)) return false;
    par t = {.k = k,
             .ip = P->ip,
             .op = P->op,
             .s = P->ris[0],
             .n = P->rs[0],
             .nout = P->ks[0],
             .kis = P->kis[0],
             .kos = P->kos[0]};
    if (!cols_mode(P)) {
        t.chunk = rows_chunk;
        t.per = (ND_PARALLEL_CHUNK + t.n - 1) / t.n;
        par_run(&t, (t.nout + t.per - 1) / t.per, INT32_MAX);
        *st = ND_OK;
        return true;
    }
    int slots = nd_get_num_threads();
    *st = t.n >= 4 * RED_LEAF ? cols_by_rows(func, &t, slots) : cols_by_cols(func, &t, slots);
    return true;
}

static nd_status run_psum(const char *func, const plan *P, int k /* 0 f32, 1 f64 */) {
    nd_status pst;
    if (psum_2d_parallel(func, P, k, &pst)) return pst;
    const nd_ktable *kt = nd__kernels();
    const int64_t isz = k ? 8 : 4;
    int64_t idx[ND_MAX_DIMS + 1] = {0}, ridx[ND_MAX_DIMS + 1];
    char *ip = P->ip, *op = P->op;
    const int nr = P->nr, nk = P->nk;
    const int64_t rn = P->rs[nr - 1], rst = P->ris[nr - 1];
    int64_t nruns = nd__shape_prod(nr - 1, P->rs);
    if (!cols_mode(P)) {
        void (*psum)(char *, const char *, int64_t, int64_t) = kt->psum[k];
        do {
            if (nr == 1) {
                psum(op, ip, rst, rn);
            } else {
                dbc_f32 b32;
                dbc_f64 b64;
                b32.top = b64.top = 0;
                char *rp = ip;
                memset(ridx, 0, sizeof ridx);
                do {
                    char res[8];
                    psum(res, rp, rst, rn);
                    if (k) {
                        double v;
                        memcpy(&v, res, 8);
                        dbc_push_f64(&b64, v);
                    } else {
                        float v;
                        memcpy(&v, res, 4);
                        dbc_push_f32(&b32, v);
                    }
                } while (odo_next(nr - 1, P->rs, ridx, &rp, P->ris, NULL, NULL));
                if (k) {
                    double v = dbc_final_f64(&b64);
                    memcpy(op, &v, 8);
                } else {
                    float v = dbc_final_f32(&b32);
                    memcpy(op, &v, 4);
                }
            }
        } while (odo_next(nk, P->ks, idx, &ip, P->kis, &op, P->kos));
        return ND_OK;
    }
    /* cols mode */
    const int64_t ncols = P->ks[nk - 1], ics = P->kis[nk - 1], ocs = P->kos[nk - 1];
    const int64_t W = RED_TILE_BYTES / isz, wc = ncols < W ? ncols : W;
    int64_t depth = bits64((uint64_t)((rn + RED_LEAF - 1) / RED_LEAF));
    int64_t rdepth = nr > 1 ? bits64((uint64_t)nruns) + 1 : 0;
    size_t bytes = (size_t)((8 + depth + rdepth + 1) * wc * isz);
    char *work = nd__malloc(bytes ? bytes : 1);
    if (!work) return nd__nomem(func, bytes);
    char *rstk = work + (8 + depth) * wc * isz;
    uint8_t lev[70];
    do {
        for (int64_t c0 = 0; c0 < ncols; c0 += W) {
            int64_t nc = ncols - c0 < W ? ncols - c0 : W;
            char *o = op + c0 * ocs;
            const char *i0 = ip + c0 * ics;
            if (nr == 1) {
                kt->psum_cols[k](o, ocs, i0, rst, ics, rn, nc, work);
                continue;
            }
            int top = 0;
            char *rp = (char *)i0;
            memset(ridx, 0, sizeof ridx);
            do {
                kt->psum_cols[k](rstk + top * nc * isz, isz, rp, rst, ics, rn, nc, work);
                if (k)
                    rbc_push_f64((double *)(void *)rstk, lev, &top, nc);
                else
                    rbc_push_f32((float *)(void *)rstk, lev, &top, nc);
            } while (odo_next(nr - 1, P->rs, ridx, &rp, P->ris, NULL, NULL));
            if (k)
                rbc_final_f64((double *)(void *)rstk, top, nc, o, ocs);
            else
                rbc_final_f32((float *)(void *)rstk, top, nc, o, ocs);
        }
    } while (odo_next(nk - 1, P->ks, idx, &ip, P->kis, &op, P->kos));
    nd__free(work);
    return ND_OK;
}

/* ---- combining reductions ------------------------------------------------- */

static void identity_of(int kred, nd_dtype ot, char *v) {
    memset(v, 0, 16);
    if (kred == ND_KRED_ALL) {
        v[0] = 1;
    } else if (kred == ND_KRED_PROD) {
        double one = 1.0;
        nd__cast_one(ND_FLOAT64, &one, ot, v);
    }
}

static bool needs_first(int kred) {
    return kred == ND_KRED_MIN || kred == ND_KRED_MAX || kred == ND_KRED_FMIN ||
           kred == ND_KRED_FMAX;
}

static void run_red(const plan *P, int kred, nd_dtype it, nd_dtype ot) {
    const nd_ktable *kt = nd__kernels();
    void (*red)(char *, const char *, int64_t, int64_t) = kt->red[kred][it];
    const size_t isz = nd__itemsize(it), osz = nd__itemsize(ot);
    char ident[16];
    identity_of(kred, ot, ident);
    bool first = needs_first(kred);
    int64_t idx[ND_MAX_DIMS + 1] = {0}, ridx[ND_MAX_DIMS + 1];
    char *ip = P->ip, *op = P->op;
    const int nr = P->nr, nk = P->nk;
    const int64_t rn = P->rs[nr - 1], rst = P->ris[nr - 1];
    if (!cols_mode(P)) {
        do {
            memcpy(op, first ? ip : ident, first ? isz : osz);
            if (nr == 1) {
                red(op, ip, rst, rn);
            } else {
                char *rp = ip;
                memset(ridx, 0, sizeof ridx);
                do red(op, rp, rst, rn);
                while (odo_next(nr - 1, P->rs, ridx, &rp, P->ris, NULL, NULL));
            }
        } while (odo_next(nk, P->ks, idx, &ip, P->kis, &op, P->kos));
        return;
    }
    const int64_t ncols = P->ks[nk - 1], ics = P->kis[nk - 1], ocs = P->kos[nk - 1];
    const int64_t W = RED_TILE_BYTES / (int64_t)isz;
    void (*redc)(char *, int64_t, const char *, int64_t, int64_t, int64_t, int64_t) =
        kt->red_cols[kred][it];
    do {
        for (int64_t c0 = 0; c0 < ncols; c0 += W) {
            int64_t nc = ncols - c0 < W ? ncols - c0 : W;
            char *o = op + c0 * ocs;
            const char *i0 = ip + c0 * ics;
            for (int64_t j = 0; j < nc; j++)
                memcpy(o + j * ocs, first ? i0 + j * ics : ident, first ? isz : osz);
            char *rp = (char *)i0;
            memset(ridx, 0, sizeof ridx);
            do redc(o, ocs, rp, rst, ics, rn, nc);
            while (odo_next(nr - 1, P->rs, ridx, &rp, P->ris, NULL, NULL));
        }
    } while (odo_next(nk - 1, P->ks, idx, &ip, P->kis, &op, P->kos));
}

/* ---- axes, shapes, out ------------------------------------------------------ */

typedef struct {
    bool red[ND_MAX_DIMS];
    int ond;
    int64_t oshape[ND_MAX_DIMS];
    int64_t count; /* elements per result */
} axes_info;

/* naxes < 0: every axis. */
static nd_status parse_axes(const char *func, const nd_array *a, int naxes, const int *axes,
                            bool keepdims, axes_info *A) {
    memset(A->red, 0, sizeof A->red);
    if (naxes < 0) {
        for (int d = 0; d < a->ndim; d++) A->red[d] = true;
    } else {
        if (naxes > 0 && !axes) return nd__null_arg(func, "axes");
        for (int i = 0; i < naxes; i++) {
            int ax;
            if (nd__normalize_axis(func, axes[i], a->ndim, &ax)) return nd_last_error();
            if (A->red[ax]) return nd__error(ND_ERR_VALUE, func, "duplicate value in 'axis'");
            A->red[ax] = true;
        }
    }
    A->ond = 0;
    A->count = 1;
    for (int d = 0; d < a->ndim; d++) {
        if (A->red[d]) {
            A->count *= a->shape[d];
            if (keepdims) A->oshape[A->ond++] = 1;
        } else {
            A->oshape[A->ond++] = a->shape[d];
        }
    }
    return ND_OK;
}

static nd_status axis_to_info(const char *func, const nd_array *a, int axis, bool keepdims,
                              axes_info *A) {
    if (axis == ND_AXIS_ALL) return parse_axes(func, a, -1, NULL, keepdims, A);
    return parse_axes(func, a, 1, &axis, keepdims, A);
}

static nd_status check_out(const char *func, const char *opname, const nd_array *out, nd_dtype rt,
                           const axes_info *A) {
    if (!out) return ND_OK;
    if (out->ndim != A->ond)
        return nd__error(
            ND_ERR_SHAPE, func,
            "output parameter for reduction operation %s has the wrong number of dimensions: "
            "Found %d but expected %d",
            opname, out->ndim, A->ond);
    for (int d = 0; d < A->ond; d++)
        if (out->shape[d] != A->oshape[d]) {
            char s1[256], s2[256];
            return nd__error(
                ND_ERR_SHAPE, func,
                "output parameter for reduction operation %s has shape %s, expected %s", opname,
                nd__shape_str(s1, sizeof s1, out->ndim, out->shape),
                nd__shape_str(s2, sizeof s2, A->ond, A->oshape));
        }
    if (nd__check_writeable(func, out)) return nd_last_error();
    if (out->dtype != rt && !nd_can_cast(rt, out->dtype, ND_CAST_SAME_KIND))
        return nd__error(
            ND_ERR_DTYPE, func,
            "Cannot cast ufunc '%s' output from dtype('%s') to dtype('%s') with casting rule "
            "'same_kind'",
            opname, nd_dtype_name(rt), nd_dtype_name(out->dtype));
    return ND_OK;
}

/* Result array r (a new reference) delivered to out (if any): returns out
   or r; releases r when it is not returned. */
static nd_array *deliver(const char *func, nd_array *r, nd_array *out) {
    if (!r || !out || r == out) return r;
    nd_status s = nd__copy_into(func, out, r);
    nd_release(r);
    return s ? NULL : out;
}

/* Output strides per input axis of a result array t (0 on reduced axes). */
static void out_strides(const nd_array *a, const axes_info *A, bool keepdims, const nd_array *t,
                        int64_t *ostr) {
    int o = 0;
    for (int d = 0; d < a->ndim; d++) {
        if (A->red[d]) {
            ostr[d] = 0;
            if (keepdims) o++;
        } else {
            ostr[d] = t->strides[o++];
        }
    }
}

static nd_dtype sum_dtype(nd_dtype t) {
    if (t == ND_BOOL || nd__is_signed(t)) return ND_INT64;
    if (nd__is_unsigned(t)) return ND_UINT64;
    return t;
}

/* The core: reduce a (already of a dtype the kernels take) into a fresh
   array of dtype rt (or into out when out has dtype rt and does not overlap
   a). kind RK_PSUM: a is float32/64 or complex64/128. */
static nd_array *reduce_core(const char *func, red_kind kind, int kred, const nd_array *a,
                             const axes_info *A, bool keepdims, nd_dtype rt, nd_array *out) {
    nd_array *t = out && out->dtype == rt && !nd_may_share_memory(out, a)
                      ? out
                      : nd__alloc(func, rt, A->ond, A->oshape, ND_ORDER_C, false);
    if (!t) return NULL;
    if (nd__shape_prod(A->ond, A->oshape) == 0) return t;
    int64_t ostr[ND_MAX_DIMS + 1], shape[ND_MAX_DIMS + 1], istr[ND_MAX_DIMS + 1];
    bool red[ND_MAX_DIMS + 1];
    out_strides(a, A, keepdims, t, ostr);
    int nd = a->ndim;
    memcpy(shape, a->shape, sizeof(int64_t) * (size_t)nd);
    memcpy(istr, a->strides, sizeof(int64_t) * (size_t)nd);
    memcpy(red, A->red, sizeof(bool) * (size_t)nd);
    nd_fp_state st;
    nd__fp_begin(&st);
    nd_status s = ND_OK;
    bool all = true;
    for (int d = 0; d < nd; d++) all &= red[d];
    if (kind == RK_PSUM && all && (a->flags & ND_FLAG_C_CONTIG) && nd__is_float(a->dtype)) {
        /* the common whole-array sum: one run */
        s = psum_run(func, a->dtype == ND_FLOAT64, t->data, a->data,
                     (int64_t)nd__itemsize(a->dtype), A->count);
    } else if (kind == RK_PSUM) {
        int k = a->dtype == ND_FLOAT64 || a->dtype == ND_COMPLEX128;
        if (nd__is_complex(a->dtype)) { /* the parts as an extra kept axis */
            shape[nd] = 2, istr[nd] = ostr[nd] = k ? 8 : 4, red[nd] = false;
            nd++;
        }
        plan P;
        make_plan(&P, nd, shape, istr, a->data, red, ostr, t->data);
        s = run_psum(func, &P, k);
    } else {
        plan P;
        make_plan(&P, nd, shape, istr, a->data, red, ostr, t->data);
        run_red(&P, kred, a->dtype, rt);
    }
    if (!s && (kind == RK_PSUM || kred == ND_KRED_PROD)) s = nd__fp_end(func, "reduce", &st);
    if (s) {
        if (t != out) nd_release(t);
        return NULL;
    }
    return deliver(func, t, out);
}

/* sum/prod/min/max/any/all and nanmin/nanmax over the axes of A. */
static nd_array *reduce_op(const char *func, int kred, const nd_array *a, const axes_info *A,
                           bool keepdims, nd_array *out) {
    nd_dtype it = a->dtype, rt;
    switch (kred) {
    case ND_KRED_SUM:
    case ND_KRED_PROD:
        rt = sum_dtype(it);
        break;
    case ND_KRED_ANY:
    case ND_KRED_ALL:
        rt = ND_BOOL;
        break;
    default:
        rt = it;
        break;
    }
    if (check_out(func, kred_ufunc[kred], out, rt, A)) return NULL;
    if (A->count == 0 && needs_first(kred)) {
        return nd__error(ND_ERR_VALUE, func,
                         "zero-size array to reduction operation %s which has no identity",
                         kred_ufunc[kred]),
               NULL;
    }
    bool f16 = it == ND_FLOAT16 && (kred == ND_KRED_SUM || kred == ND_KRED_PROD);
    bool psum = kred == ND_KRED_SUM && (nd__is_inexact(it));
    if (f16) { /* accumulate in float32, round once */
        nd_array *w = nd_astype(a, ND_FLOAT32);
        if (!w) return NULL;
        nd_array *r =
            reduce_core(func, psum ? RK_PSUM : RK_RED, kred, w, A, keepdims, ND_FLOAT32, NULL);
        nd_release(w);
        if (!r) return NULL;
        nd_array *h = nd_astype(r, ND_FLOAT16);
        nd_release(r);
        return deliver(func, h, out);
    }
    return reduce_core(func, psum ? RK_PSUM : RK_RED, kred, a, A, keepdims, rt, out);
}

static nd_array *reduce_axis(const char *func, int kred, const nd_array *a, int axis, bool keepdims,
                             nd_array *out) {
    if (!a) return nd__null_arg(func, "a"), NULL;
    axes_info A;
    if (axis_to_info(func, a, axis, keepdims, &A)) return NULL;
    return reduce_op(func, kred, a, &A, keepdims, out);
}

static void flag_if_nan(const nd_array *r) {
    if (!r || !nd__is_inexact(r->dtype)) return;
    nd_array *m = nd_isnan(r, NULL);
    nd_array *any = m ? reduce_axis("nd_isnan", ND_KRED_ANY, m, ND_AXIS_ALL, false, NULL) : NULL;
    if (any && ((char *)any->data)[0]) nd__fp_set_sticky(nd_fp_flags() | ND_FP_INVALID);
    nd_release(m);
    nd_release(any);
}

/* The commonest call, a whole contiguous float array into a new or given
   0-d result, skips the plan: a sum of 1000 costs ~2x the kernel, not 4x. */
static bool sum_fast_ok(const nd_array *a, int axis, bool keepdims, const nd_array *out) {
    if (!a || axis != ND_AXIS_ALL || keepdims || !(a->flags & ND_FLAG_C_CONTIG)) return false;
    if (a->dtype != ND_FLOAT64 && a->dtype != ND_FLOAT32) return false;
    if (nd__shape_prod(a->ndim, a->shape) == 0) return false;
    return !out || (out->ndim == 0 && out->dtype == a->dtype && (out->flags & ND_FLAG_WRITEABLE) &&
                    !nd_may_share_memory(out, a));
}

nd_array *nd_sum(const nd_array *a, int axis, bool keepdims, nd_array *out) {
    if (sum_fast_ok(a, axis, keepdims, out)) {
        nd_array *r = out ? out : nd__alloc("nd_sum", a->dtype, 0, NULL, ND_ORDER_C, false);
        if (!r) return NULL;
        nd_fp_state st;
        nd__fp_begin(&st);
        int k = a->dtype == ND_FLOAT64;
        nd_status s =
            psum_run("nd_sum", k, r->data, a->data, k ? 8 : 4, nd__shape_prod(a->ndim, a->shape));
        if (!s) s = nd__fp_end("nd_sum", "reduce", &st);
        if (s && r != out) nd_release(r);
        return s ? NULL : r;
    }
    return reduce_axis("nd_sum", ND_KRED_SUM, a, axis, keepdims, out);
}
nd_array *nd_prod(const nd_array *a, int axis, bool keepdims, nd_array *out) {
    return reduce_axis("nd_prod", ND_KRED_PROD, a, axis, keepdims, out);
}
nd_array *nd_min(const nd_array *a, int axis, bool keepdims, nd_array *out) {
    return reduce_axis("nd_min", ND_KRED_MIN, a, axis, keepdims, out);
}
nd_array *nd_max(const nd_array *a, int axis, bool keepdims, nd_array *out) {
    return reduce_axis("nd_max", ND_KRED_MAX, a, axis, keepdims, out);
}
nd_array *nd_any(const nd_array *a, int axis, bool keepdims, nd_array *out) {
    return reduce_axis("nd_any", ND_KRED_ANY, a, axis, keepdims, out);
}
nd_array *nd_all(const nd_array *a, int axis, bool keepdims, nd_array *out) {
    return reduce_axis("nd_all", ND_KRED_ALL, a, axis, keepdims, out);
}
static nd_array *nanminmax(const char *func, int kred, const nd_array *a, int axis, bool keepdims,
                           nd_array *out) {
    nd_array *r = reduce_axis(func, kred, a, axis, keepdims, out);
    flag_if_nan(r); /* an all-NaN slice (NumPy warns "All-NaN slice encountered") */
    return r;
}
nd_array *nd_nanmin(const nd_array *a, int axis, bool keepdims, nd_array *out) {
    return nanminmax("nd_nanmin", ND_KRED_FMIN, a, axis, keepdims, out);
}
nd_array *nd_nanmax(const nd_array *a, int axis, bool keepdims, nd_array *out) {
    return nanminmax("nd_nanmax", ND_KRED_FMAX, a, axis, keepdims, out);
}

nd_array *nd_reduce(nd_op op, const nd_array *a, int naxes, const int *axes, bool keepdims,
                    nd_array *out) {
    static const char *func = "nd_reduce";
    int kred;
    switch (op) {
    case ND_OP_ADD:
        kred = ND_KRED_SUM;
        break;
    case ND_OP_MULTIPLY:
        kred = ND_KRED_PROD;
        break;
    case ND_OP_MAXIMUM:
        kred = ND_KRED_MAX;
        break;
    case ND_OP_MINIMUM:
        kred = ND_KRED_MIN;
        break;
    case ND_OP_FMAX:
        kred = ND_KRED_FMAX;
        break;
    case ND_OP_FMIN:
        kred = ND_KRED_FMIN;
        break;
    case ND_OP_LOGICAL_OR:
        kred = ND_KRED_ANY;
        break;
    case ND_OP_LOGICAL_AND:
        kred = ND_KRED_ALL;
        break;
    default:
        return nd__error(ND_ERR_VALUE, func, "reduction of '%s' is not supported",
                         nd_op_name(op) ? nd_op_name(op) : "?"),
               NULL;
    }
    if (!a) return nd__null_arg(func, "a"), NULL;
    axes_info A;
    if (parse_axes(func, a, naxes < 0 ? -1 : naxes, axes, keepdims, &A)) return NULL;
    nd_array *r = reduce_op(func, kred, a, &A, keepdims, out);
    if (kred == ND_KRED_FMIN || kred == ND_KRED_FMAX) flag_if_nan(r);
    return r;
}

/* ---- argmin / argmax ------------------------------------------------------ */

static nd_array *arg_reduce(const char *func, int which, const nd_array *a, int axis, bool keepdims,
                            nd_array *out) {
    static const char *names[4] = {"argmax", "argmin", "argmax", "argmin"};
    if (!a) return nd__null_arg(func, "a"), NULL;
    axes_info A;
    if (axis_to_info(func, a, axis, keepdims, &A)) return NULL;
    if (check_out(func, names[which], out, ND_INT64, &A)) return NULL;
    if (A.count == 0)
        return nd__error(ND_ERR_VALUE, func, "attempt to get %s of an empty sequence",
                         names[which]),
               NULL;
    nd_array *src = NULL; /* a C-order copy for ND_AXIS_ALL */
    const nd_array *x = a;
    int ax = 0;
    if (axis == ND_AXIS_ALL) {
        if (!(a->flags & ND_FLAG_C_CONTIG)) {
            src = nd_copy(a);
            if (!src) return NULL;
            x = src;
        }
    } else {
        nd__normalize_axis(func, axis, a->ndim, &ax);
    }
    nd_array *t = out && out->dtype == ND_INT64
                      ? out
                      : nd__alloc(func, ND_INT64, A.ond, A.oshape, ND_ORDER_C, false);
    if (!t) return nd_release(src), NULL;
    if (nd__shape_prod(A.ond, A.oshape) > 0) {
        const nd_ktable *kt = nd__kernels();
        /* the reduced run: n elements with stride rs */
        int64_t n, rs;
        plan P; /* kept dims only; the reduced axis keeps its logical order */
        bool red[ND_MAX_DIMS] = {0};
        int64_t ostr[ND_MAX_DIMS];
        if (axis == ND_AXIS_ALL) {
            n = A.count, rs = (int64_t)nd__itemsize(x->dtype);
            P.ip = x->data, P.op = t->data, P.nk = 0;
        } else {
            n = x->shape[ax], rs = x->strides[ax];
            out_strides(x, &A, keepdims, t, ostr);
            red[ax] = true;
            make_plan(&P, x->ndim, x->shape, x->strides, x->data, red, ostr, t->data);
            /* make_plan may have flipped the reduced axis: undo */
            P.ip = x->data;
            for (int d = 0; d < x->ndim; d++)
                if (!red[d] && x->shape[d] > 1 && x->strides[d] < 0)
                    P.ip += x->strides[d] * (x->shape[d] - 1);
        }
        int64_t idx[ND_MAX_DIMS + 1] = {0};
        char *ip = P.ip, *op = P.op;
        if (P.nk == 0 || iabs64(rs) <= P.kis[P.nk - 1]) {
            int64_t (*fn)(const char *, int64_t, int64_t) = kt->arg[which][x->dtype];
            do {
                int64_t i = fn(ip, rs, n);
                memcpy(op, &i, 8);
            } while (odo_next(P.nk, P.ks, idx, &ip, P.kis, &op, P.kos));
        } else {
            const int64_t ncols = P.ks[P.nk - 1], ics = P.kis[P.nk - 1], ocs = P.kos[P.nk - 1];
            const int64_t W = 1024, wc = ncols < W ? ncols : W;
            char *best = nd__malloc((size_t)wc * 16);
            if (!best) {
                nd__nomem(func, (size_t)wc * 16);
                if (t != out) nd_release(t);
                return nd_release(src), NULL;
            }
            do {
                for (int64_t c0 = 0; c0 < ncols; c0 += W) {
                    int64_t nc = ncols - c0 < W ? ncols - c0 : W;
                    kt->arg_cols[which][x->dtype](op + c0 * ocs, ocs, best, ip + c0 * ics, rs, ics,
                                                  n, nc);
                }
            } while (odo_next(P.nk - 1, P.ks, idx, &ip, P.kis, &op, P.kos));
            nd__free(best);
        }
    }
    nd_release(src);
    return deliver(func, t, out);
}

nd_array *nd_argmax(const nd_array *a, int axis, bool keepdims, nd_array *out) {
    return arg_reduce("nd_argmax", 0, a, axis, keepdims, out);
}
nd_array *nd_argmin(const nd_array *a, int axis, bool keepdims, nd_array *out) {
    return arg_reduce("nd_argmin", 1, a, axis, keepdims, out);
}

static nd_array *nanarg(const char *func, int which, const nd_array *a, int axis, bool keepdims,
                        nd_array *out) {
    if (!a) return nd__null_arg(func, "a"), NULL;
    if (nd__is_inexact(a->dtype) && nd_size(a) > 0) {
        nd_array *m = nd_isnan(a, NULL);
        nd_array *all = m ? reduce_axis(func, ND_KRED_ALL, m, axis, false, NULL) : NULL;
        nd_array *any = all ? reduce_axis(func, ND_KRED_ANY, all, ND_AXIS_ALL, false, NULL) : NULL;
        bool bad = any && ((char *)any->data)[0];
        nd_release(m);
        nd_release(all);
        nd_release(any);
        if (!any) return NULL;
        if (bad) return nd__error(ND_ERR_VALUE, func, "All-NaN slice encountered"), NULL;
    }
    return arg_reduce(func, which, a, axis, keepdims, out);
}
nd_array *nd_nanargmax(const nd_array *a, int axis, bool keepdims, nd_array *out) {
    return nanarg("nd_nanargmax", 2, a, axis, keepdims, out);
}
nd_array *nd_nanargmin(const nd_array *a, int axis, bool keepdims, nd_array *out) {
    return nanarg("nd_nanargmin", 3, a, axis, keepdims, out);
}

/* ---- mean, var, std, nansum, nanmean, nanvar, nanstd ------------------------ */

static nd_dtype real_of(nd_dtype t) {
    return t == ND_COMPLEX64 ? ND_FLOAT32 : t == ND_COMPLEX128 ? ND_FLOAT64 : t;
}
static nd_dtype mean_dtype(nd_dtype t) { return nd__is_inexact(t) ? t : ND_FLOAT64; }

/* a / d with d a weak float literal, then cast to rt. */
static nd_array *div_count(nd_array *s, double d, nd_dtype rt) {
    if (!s) return NULL;
    nd_array *lit = nd_lit_f64(d);
    nd_array *q = lit ? nd_divide(s, lit, NULL) : NULL;
    nd_release(lit);
    nd_release(s);
    if (q && q->dtype != rt) {
        nd_array *c = nd_astype(q, rt);
        nd_release(q);
        q = c;
    }
    return q;
}

/* sum in the mean's precision: ints as float64, float16 in float32 */
static nd_array *sum_for_mean(const char *func, const nd_array *a, const axes_info *A,
                              bool keepdims) {
    nd_dtype w = a->dtype == ND_FLOAT16 ? ND_FLOAT32 : mean_dtype(a->dtype);
    if (w == a->dtype) return reduce_op(func, ND_KRED_SUM, a, A, keepdims, NULL);
    nd_array *c = nd_astype(a, w);
    if (!c) return NULL;
    nd_array *s = reduce_op(func, ND_KRED_SUM, c, A, keepdims, NULL);
    nd_release(c);
    return s;
}

static nd_array *mean_impl(const char *func, const nd_array *a, const axes_info *A, bool keepdims) {
    return div_count(sum_for_mean(func, a, A, keepdims), (double)A->count, mean_dtype(a->dtype));
}

nd_array *nd_mean(const nd_array *a, int axis, bool keepdims, nd_array *out) {
    static const char *func = "nd_mean";
    if (!a) return nd__null_arg(func, "a"), NULL;
    axes_info A;
    if (axis_to_info(func, a, axis, keepdims, &A) ||
        check_out(func, "add", out, mean_dtype(a->dtype), &A))
        return NULL;
    return deliver(func, mean_impl(func, a, &A, keepdims), out);
}

/* |x|^2 elementwise (real for complex x). */
static nd_array *abs2(nd_array *x) {
    if (!x) return NULL;
    nd_array *r;
    if (nd__is_complex(x->dtype)) {
        nd_array *re = nd_real(x), *im = nd_imag(x);
        nd_array *r2 = re ? nd_multiply(re, re, NULL) : NULL,
                 *i2 = im ? nd_multiply(im, im, NULL) : NULL;
        r = r2 && i2 ? nd_add(r2, i2, NULL) : NULL;
        nd_release(re), nd_release(im), nd_release(r2), nd_release(i2);
    } else {
        r = nd_multiply(x, x, NULL);
    }
    nd_release(x);
    return r;
}

/* std from var: the square root taken in place of the variance (new reference). */
static nd_array *sqrt_if(nd_array *v, bool take_sqrt) {
    if (!v || !take_sqrt) return v;
    nd_array *r = nd_sqrt(v, NULL);
    nd_release(v);
    return r;
}

static nd_array *var_impl(const char *func, const nd_array *a, int axis, int ddof, bool keepdims,
                          nd_array *out, bool take_sqrt) {
    if (!a) return nd__null_arg(func, "a"), NULL;
    axes_info A, AK;
    nd_dtype rt = real_of(mean_dtype(a->dtype));
    if (axis_to_info(func, a, axis, keepdims, &A) || axis_to_info(func, a, axis, true, &AK) ||
        check_out(func, "add", out, rt, &A))
        return NULL;
    /* NumPy's _var: float16 sums (in float32) round to float16 before the
       division, unlike np.mean of float16 */
    nd_array *m = a->dtype == ND_FLOAT16
                      ? div_count(reduce_op(func, ND_KRED_SUM, a, &AK, true, NULL),
                                  (double)AK.count, ND_FLOAT16)
                      : mean_impl(func, a, &AK, true);
    nd_array *d = m ? nd_subtract(a, m, NULL) : NULL;
    nd_release(m);
    nd_array *sq = abs2(d);
    nd_array *s = sq ? reduce_op(func, ND_KRED_SUM, sq, &A, keepdims, NULL) : NULL;
    nd_release(sq);
    double dof = (double)A.count - ddof;
    return deliver(func, sqrt_if(div_count(s, dof > 0 ? dof : 0, rt), take_sqrt), out);
}

nd_array *nd_var(const nd_array *a, int axis, int ddof, bool keepdims, nd_array *out) {
    return var_impl("nd_var", a, axis, ddof, keepdims, out, false);
}
nd_array *nd_std(const nd_array *a, int axis, int ddof, bool keepdims, nd_array *out) {
    return var_impl("nd_std", a, axis, ddof, keepdims, out, true);
}

/* a with NaN replaced by 0, and the mask of non-NaN (NULL for integers). */
static nd_status replace_nan(const nd_array *a, nd_array **a0, nd_array **valid) {
    *a0 = *valid = NULL;
    if (!nd__is_inexact(a->dtype)) {
        *a0 = nd_retain((nd_array *)a);
        return ND_OK;
    }
    nd_array *m = nd_isnan(a, NULL), *zero = nd_lit_i64(0);
    *a0 = m && zero ? nd_where(m, zero, a, NULL) : NULL;
    *valid = m ? nd_logical_not(m, NULL) : NULL;
    nd_release(m), nd_release(zero);
    if (!*a0 || !*valid) {
        nd_release(*a0), nd_release(*valid);
        *a0 = *valid = NULL;
        return nd_last_error() ? nd_last_error() : ND_ERR_NOMEM;
    }
    return ND_OK;
}

nd_array *nd_nansum(const nd_array *a, int axis, bool keepdims, nd_array *out) {
    static const char *func = "nd_nansum";
    if (!a) return nd__null_arg(func, "a"), NULL;
    if (!nd__is_inexact(a->dtype)) return nd_sum(a, axis, keepdims, out);
    nd_array *a0, *valid;
    if (replace_nan(a, &a0, &valid)) return NULL;
    nd_release(valid);
    nd_array *r = reduce_axis(func, ND_KRED_SUM, a0, axis, keepdims, out);
    nd_release(a0);
    return r;
}

/* sum(a0) / count(valid), cast to rt. */
static nd_array *nanmean_impl(const char *func, const nd_array *a0, const nd_array *valid,
                              const axes_info *A, bool keepdims, nd_array **cnt_out) {
    nd_array *tot = reduce_op(func, ND_KRED_SUM, a0, A, keepdims, NULL);
    nd_array *cnt = tot ? reduce_op(func, ND_KRED_SUM, valid, A, keepdims, NULL) : NULL;
    nd_array *q = cnt ? nd_divide(tot, cnt, NULL) : NULL;
    nd_release(tot);
    if (cnt_out)
        *cnt_out = cnt;
    else
        nd_release(cnt);
    if (q && q->dtype != a0->dtype) {
        nd_array *c = nd_astype(q, a0->dtype);
        nd_release(q);
        q = c;
    }
    return q;
}

nd_array *nd_nanmean(const nd_array *a, int axis, bool keepdims, nd_array *out) {
    static const char *func = "nd_nanmean";
    if (!a) return nd__null_arg(func, "a"), NULL;
    if (!nd__is_inexact(a->dtype)) return nd_mean(a, axis, keepdims, out);
    axes_info A;
    if (axis_to_info(func, a, axis, keepdims, &A) || check_out(func, "add", out, a->dtype, &A))
        return NULL;
    nd_array *a0, *valid;
    if (replace_nan(a, &a0, &valid)) return NULL;
    nd_array *r = nanmean_impl(func, a0, valid, &A, keepdims, NULL);
    nd_release(a0), nd_release(valid);
    return deliver(func, r, out);
}

static nd_array *nanvar_impl(const char *func, const nd_array *a, int axis, int ddof, bool keepdims,
                             nd_array *out, bool take_sqrt) {
    if (!a) return nd__null_arg(func, "a"), NULL;
    if (!nd__is_inexact(a->dtype)) return var_impl(func, a, axis, ddof, keepdims, out, take_sqrt);
    axes_info A, AK;
    nd_dtype rt = real_of(a->dtype);
    if (axis_to_info(func, a, axis, keepdims, &A) || axis_to_info(func, a, axis, true, &AK) ||
        check_out(func, "add", out, rt, &A))
        return NULL;
    nd_array *a0, *valid, *result = NULL;
    if (replace_nan(a, &a0, &valid)) return NULL;
    nd_array *avg = nanmean_impl(func, a0, valid, &AK, true, NULL);
    nd_array *d = avg ? nd_subtract(a0, avg, NULL) : NULL;
    nd_array *zero = nd_lit_i64(0);
    nd_array *dz = d && zero ? nd_where(valid, d, zero, NULL) : NULL;
    nd_release(d), nd_release(avg), nd_release(zero);
    nd_array *sq = abs2(dz);
    nd_array *s = sq ? reduce_op(func, ND_KRED_SUM, sq, &A, keepdims, NULL) : NULL;
    nd_array *c = s ? reduce_op(func, ND_KRED_SUM, valid, &A, keepdims, NULL) : NULL;
    nd_release(sq);
    nd_array *ld = nd_lit_i64(ddof), *z = nd_lit_i64(0), *nan = nd_lit_f64(NAN);
    nd_array *dof = c && ld ? nd_subtract(c, ld, NULL) : NULL; /* int64 */
    nd_array *v = dof ? nd_divide(s, dof, NULL) : NULL;
    nd_array *bad = v && z ? nd_less_equal(dof, z, NULL) : NULL; /* NumPy: NaN there */
    result = bad && nan ? nd_where(bad, nan, v, NULL) : NULL;
    nd_release(ld), nd_release(z), nd_release(nan), nd_release(bad), nd_release(v);
    nd_release(s), nd_release(c), nd_release(dof);
    nd_release(a0), nd_release(valid);
    if (result && result->dtype != rt) {
        nd_array *cv = nd_astype(result, rt);
        nd_release(result);
        result = cv;
    }
    return deliver(func, sqrt_if(result, take_sqrt), out);
}

nd_array *nd_nanvar(const nd_array *a, int axis, int ddof, bool keepdims, nd_array *out) {
    return nanvar_impl("nd_nanvar", a, axis, ddof, keepdims, out, false);
}
nd_array *nd_nanstd(const nd_array *a, int axis, int ddof, bool keepdims, nd_array *out) {
    return nanvar_impl("nd_nanstd", a, axis, ddof, keepdims, out, true);
}

/* ---- cumsum / cumprod -------------------------------------------------------- */

/* Float32/float64 cumulative sums run in fixed blocks of CUM_BLOCK
   elements along the axis: block b's compensated running sum starts from
   off_b, the sum (in long double, rounded once) of the earlier blocks'
   pairwise totals. Fixed blocks make the bits independent of the thread
   count and of the layout (a line alone, lines or column blocks over the
   pool, one long run split over the pool all give the same result), and
   the error stays about one rounding of the output. Integer running sums
   and products are exact, so only a single long run is blocked, to split
   it over the pool. */
#define CUM_BLOCK ((int64_t)1 << 16)

/* Elements of the block starting at b0 of a run of n. */
static int64_t cum_len(int64_t n, int64_t b0) { return n - b0 < CUM_BLOCK ? n - b0 : CUM_BLOCK; }

static bool cum_restarts(int which, nd_dtype dt) {
    return which == 0 && (dt == ND_FLOAT32 || dt == ND_FLOAT64);
}

/* A block's starting state in the kernel's accumulator type: the offset
   rounded, and what the rounding left out as the compensation, at
   init[0] and init[stride] (bytes). */
static void cum_init(nd_dtype dt, long double off, char *init, size_t stride) {
    if (dt == ND_FLOAT64) {
        double v = (double)off, c = (double)(off - v);
        memcpy(init, &v, 8), memcpy(init + stride, &c, 8);
    } else {
        float v = (float)off, c = (float)(off - v);
        memcpy(init, &v, 4), memcpy(init + stride, &c, 4);
    }
}

/* Block totals. float64: the pairwise sum (psum, psum_cols: the same bits
   for a line and a column), about log2(n) roundings. float32: element i
   goes to lane i % 8 of a sum in double, the lanes added in order, far
   below the output's rounding (plain C in the driver, the same at every
   ISA level, and the same lanes for lines and columns). */
typedef struct {
    double s[8];
} cum_lanes;

static inline float cum_load_f32(const char *p) {
    float v;
    memcpy(&v, p, 4);
    return v;
}

static long double cum_lanes_total(const cum_lanes *L) {
    long double t = 0;
    for (int l = 0; l < 8; l++) t += L->s[l];
    return t;
}

static long double cum_run_total(nd_dtype dt, const char *p, int64_t s, int64_t n) {
    if (dt == ND_FLOAT64) {
        double v;
        nd__kernels()->psum[1]((char *)&v, p, s, n);
        return v;
    }
    cum_lanes L = {{0}};
    int64_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (int l = 0; l < 8; l++) L.s[l] += cum_load_f32(p + (i + l) * s);
    for (; i < n; i++) L.s[i & 7] += cum_load_f32(p + i * s);
    return cum_lanes_total(&L);
}

/* One line, on the calling thread. */
static void cum_line(int which, nd_dtype dt, char *op, int64_t os, const char *ip, int64_t is,
                     int64_t n) {
    const nd_ktable *kt = nd__kernels();
    if (n <= CUM_BLOCK || !cum_restarts(which, dt)) {
        kt->cum[which][dt](op, os, ip, is, n, NULL);
        return;
    }
    long double off = 0;
    for (int64_t b0 = 0; b0 < n; b0 += CUM_BLOCK) {
        int64_t len = cum_len(n, b0);
        char init[16];
        cum_init(dt, off, init, dt == ND_FLOAT64 ? 8 : 4);
        kt->cum[0][dt](op + b0 * os, os, ip + b0 * is, is, len, b0 ? init : NULL);
        if (b0 + len < n) off += cum_run_total(dt, ip + b0 * is, is, len);
    }
}

/* Bytes of scratch cum_cols_run needs for nc columns. */
static size_t cum_cols_scratch(int64_t nc) {
    return (size_t)nc * (32 + sizeof(long double) + 16 + sizeof(cum_lanes) + 80 * 8);
}

/* nc columns of n rows (output (i, j) at op + i*os + j*ocs), on the calling
   thread; work: cum_cols_scratch(nc) bytes. */
static void cum_cols_run(int which, nd_dtype dt, char *op, int64_t os, int64_t ocs, const char *ip,
                         int64_t is, int64_t ics, int64_t n, int64_t nc, char *work) {
    const nd_ktable *kt = nd__kernels();
    if (n <= CUM_BLOCK || !cum_restarts(which, dt)) {
        kt->cum_cols[which][dt](op, os, ocs, ip, is, ics, n, nc, work, NULL);
        return;
    }
    long double *off = (long double *)(void *)(work + (size_t)nc * 32);
    cum_lanes *lanes = (cum_lanes *)(void *)(off + nc);
    char *init = (char *)(lanes + nc), *pwork = init + nc * 16; /* psum_cols: results, then work */
    size_t isz = dt == ND_FLOAT64 ? 8 : 4;
    for (int64_t j = 0; j < nc; j++) off[j] = 0;
    for (int64_t b0 = 0; b0 < n; b0 += CUM_BLOCK) {
        int64_t len = cum_len(n, b0);
        for (int64_t j = 0; j < nc; j++)
            cum_init(dt, off[j], init + (size_t)j * isz, (size_t)nc * isz);
        kt->cum_cols[0][dt](op + b0 * os, os, ocs, ip + b0 * is, is, ics, len, nc, work,
                            b0 ? init : NULL);
        if (b0 + len == n) break;
        if (dt == ND_FLOAT64) {
            double *tot = (double *)(void *)pwork;
            kt->psum_cols[1](pwork, 8, ip + b0 * is, is, ics, len, nc, pwork + nc * 8);
            for (int64_t j = 0; j < nc; j++) off[j] += tot[j];
            continue;
        }
        memset(lanes, 0, sizeof *lanes * (size_t)nc);
        for (int64_t i = 0; i < len; i++) { /* row by row: the columns are the fast axis */
            const char *row = ip + (b0 + i) * is;
            for (int64_t j = 0; j < nc; j++) lanes[j].s[i & 7] += cum_load_f32(row + j * ics);
        }
        for (int64_t j = 0; j < nc; j++) off[j] += cum_lanes_total(&lanes[j]);
    }
}

/* One long run split over the pool in its CUM_BLOCK blocks: every block's
   total first (integers: wrapping sums or products), then the offsets in
   order, then every block's running sum from its offset. Same bits as
   cum_line, which does the same on one thread (integers: exactly, as one
   running sum). */

typedef struct {
    par base; /* first: the pool's trampoline sees a par */
    int which;
    nd_dtype dt;
    const char *ip;
    char *op;
    int64_t is, os, n, nb;
    uint64_t *itot; /* integers: block totals, then offsets */
    long double *ftot;
} cum_job;

static bool cum_blockable(int which, nd_dtype dt) {
    bool ints = dt == ND_BOOL || nd__is_int(dt);
    return ints || (which == 0 && (dt == ND_FLOAT32 || dt == ND_FLOAT64));
}

static void cum_total(const par *t, int64_t b, int worker) {
    (void)worker;
    const cum_job *j = (const cum_job *)(const void *)t;
    const char *p = j->ip + b * CUM_BLOCK * j->is;
    int64_t len = cum_len(j->n, b * CUM_BLOCK);
    const nd_ktable *kt = nd__kernels();
    if (j->ftot) {
        j->ftot[b] = cum_run_total(j->dt, p, j->is, len);
    } else {
        uint64_t acc = (uint64_t)j->which;
        kt->red[j->which ? ND_KRED_PROD : ND_KRED_SUM][j->dt]((char *)&acc, p, j->is, len);
        j->itot[b] = acc;
    }
}

/* Turns the totals of blocks 0..b-1 into block b's starting state (block 0
   starts from the identity); called for b = 1, 2, ... in order. Slot b-1
   then holds block b's offset. */
static void cum_offset(const cum_job *j, int64_t b, long double *facc, uint64_t *iacc) {
    if (j->ftot) {
        *facc += j->ftot[b - 1];
        j->ftot[b - 1] = *facc;
    } else {
        *iacc = j->which ? *iacc * j->itot[b - 1] : *iacc + j->itot[b - 1];
        j->itot[b - 1] = *iacc;
    }
}

static void cum_block(const par *t, int64_t b, int worker) {
    (void)worker;
    const cum_job *j = (const cum_job *)(const void *)t;
    int64_t len = cum_len(j->n, b * CUM_BLOCK);
    char init[16];
    if (b > 0 && j->ftot)
        cum_init(j->dt, j->ftot[b - 1], init, j->dt == ND_FLOAT64 ? 8 : 4);
    else if (b > 0)
        memcpy(init, &j->itot[b - 1], 8);
    nd__kernels()->cum[j->which][j->dt](j->op + b * CUM_BLOCK * j->os, j->os,
                                        j->ip + b * CUM_BLOCK * j->is, j->is, len,
                                        b > 0 ? init : NULL);
}

/* A run of a blockable dtype long enough to pay for two passes over the
   pool is done here: returns ND_OK or a status; -1 when not taken (then
   cum_line gives the same bits on the calling thread). */
static int cum_blocked(const char *func, int which, nd_dtype dt, char *op, int64_t os,
                       const char *ip, int64_t is, int64_t n) {
    int64_t nb = (n + CUM_BLOCK - 1) / CUM_BLOCK;
    /* fewer than four blocks: the two passes cost more than the split gains */
    if (nb < 4 || !cum_blockable(which, dt) || !worth_threads(n * 16)) return -1;
    cum_job j = {
        .which = which, .dt = dt, .ip = ip, .op = op, .is = is, .os = os, .n = n, .nb = nb};
    bool fl = dt == ND_FLOAT32 || dt == ND_FLOAT64;
    size_t bytes = (size_t)nb * (fl ? sizeof(long double) : sizeof(uint64_t));
    void *tot = nd__malloc(bytes);
    if (!tot) return nd__nomem(func, bytes);
    if (fl)
        j.ftot = tot;
    else
        j.itot = tot;
    long double facc = 0;
    uint64_t iacc = (uint64_t)which;
    j.base.chunk = cum_total;
    par_run(&j.base, nb - 1, INT32_MAX);
    for (int64_t b = 1; b < nb; b++) cum_offset(&j, b, &facc, &iacc);
    j.base.chunk = cum_block;
    par_run(&j.base, nb, INT32_MAX);
    nd__free(tot);
    return ND_OK;
}

/* Cumulative sums of many independent lines split over the pool: each line
   (or block of columns) is computed exactly as alone, so the bits do not
   depend on the thread count. */
static void cum_lines_chunk(const par *t, int64_t c, int worker) {
    (void)worker;
    int64_t j0 = c * t->per, j1 = j0 + t->per < t->nout ? j0 + t->per : t->nout;
    for (int64_t j = j0; j < j1; j++)
        cum_line(t->which, t->dt, t->op + j * t->kos, t->os, t->ip + j * t->kis, t->s, t->n);
}

static void cum_cols_chunk(const par *t, int64_t c, int worker) {
    int64_t c0 = c * t->width, nc = t->nout - c0 < t->width ? t->nout - c0 : t->width;
    cum_cols_run(t->which, t->dt, t->op + c0 * t->kos, t->os, t->kos, t->ip + c0 * t->kis, t->s,
                 t->kis, t->n, nc, t->work + (size_t)worker * t->work_each);
}

/* One kept axis and enough work: true when done here (status in *st). */
static bool cum_parallel(const char *func, const plan *P, int which, nd_dtype dt, int64_t n,
                         int64_t is, int64_t os, bool lines, nd_status *st) {
    if (P->nk != 1 || !worth_threads(n * P->ks[0] * 16)) return false;
    par t = {.ip = P->ip,
             .op = P->op,
             .s = is,
             .n = n,
             .nout = P->ks[0],
             .kis = P->kis[0],
             .kos = P->kos[0],
             .which = which,
             .dt = dt,
             .os = os};
    int slots = nd_get_num_threads();
    if (lines) {
        t.chunk = cum_lines_chunk;
        t.per = (ND_PARALLEL_CHUNK + n - 1) / n;
        par_run(&t, (t.nout + t.per - 1) / t.per, INT32_MAX);
    } else {
        t.chunk = cum_cols_chunk;
        t.width = 1024;
        t.work_each = cum_cols_scratch(t.width);
        t.work = nd__malloc(t.work_each * (size_t)slots);
        if (!t.work) return *st = nd__nomem(func, t.work_each * (size_t)slots), true;
        par_run(&t, (t.nout + t.width - 1) / t.width, slots);
        nd__free(t.work);
    }
    *st = ND_OK;
    return true;
}

static nd_array *cum_impl(const char *func, int which, const nd_array *a, int axis, nd_array *out) {
    if (!a) return nd__null_arg(func, "a"), NULL;
    nd_dtype rt = sum_dtype(a->dtype);
    nd_array *flat = NULL;
    const nd_array *x = a;
    int ax;
    if (axis == ND_AXIS_ALL) {
        int64_t n = nd_size(a);
        flat = nd_reshape(a, 1, &n); /* C order; copies when it must */
        if (!flat) return NULL;
        x = flat, ax = 0;
    } else if (nd__normalize_axis(func, axis, a->ndim, &ax)) {
        return NULL;
    }
    const char *opname = which ? "multiply" : "add";
    if (out) {
        bool ok = out->ndim == x->ndim;
        for (int d = 0; ok && d < x->ndim; d++) ok = out->shape[d] == x->shape[d];
        nd_status s = ND_OK;
        if (!ok) {
            char s1[256], s2[256];
            s = nd__error(ND_ERR_SHAPE, func, "provided out has shape %s, expected %s",
                          nd__shape_str(s1, sizeof s1, out->ndim, out->shape),
                          nd__shape_str(s2, sizeof s2, x->ndim, x->shape));
        } else if (nd__check_writeable(func, out)) {
            s = nd_last_error();
        } else if (out->dtype != rt && !nd_can_cast(rt, out->dtype, ND_CAST_SAME_KIND)) {
            s = nd__error(
                ND_ERR_DTYPE, func,
                "Cannot cast ufunc '%s' output from dtype('%s') to dtype('%s') with casting rule "
                "'same_kind'",
                opname, nd_dtype_name(rt), nd_dtype_name(out->dtype));
        }
        if (s) return nd_release(flat), NULL;
    }
    nd_array *t = out && out->dtype == rt && !nd_may_share_memory(out, x)
                      ? out
                      : nd__alloc(func, rt, x->ndim, x->shape, ND_ORDER_C, false);
    if (!t) return nd_release(flat), NULL;
    if (nd_size(x) > 0) {
        int64_t n = x->shape[ax], is = x->strides[ax], os = t->strides[ax];
        bool red[ND_MAX_DIMS] = {0};
        red[ax] = true;
        plan P; /* kept dims: every other axis (may flip); the axis keeps its order */
        make_plan(&P, x->ndim, x->shape, x->strides, x->data, red, t->strides, t->data);
        P.ip = x->data, P.op = t->data;
        for (int d = 0; d < x->ndim; d++)
            if (d != ax && x->shape[d] > 1 && x->strides[d] < 0)
                P.ip += x->strides[d] * (x->shape[d] - 1),
                    P.op += t->strides[d] * (x->shape[d] - 1);
        int64_t idx[ND_MAX_DIMS + 1] = {0};
        char *ip = P.ip, *op = P.op;
        nd_fp_state st;
        nd__fp_begin(&st);
        bool lines = P.nk == 0 || iabs64(is) <= P.kis[P.nk - 1];
        nd_status ps = ND_OK;
        if (cum_parallel(func, &P, which, x->dtype, n, is, os, lines, &ps)) {
            if (ps) {
                if (t != out) nd_release(t);
                return nd_release(flat), NULL;
            }
        } else if (lines) {
            int bs = P.nk == 0 ? cum_blocked(func, which, x->dtype, op, os, ip, is, n) : -1;
            if (bs > 0) {
                if (t != out) nd_release(t);
                return nd_release(flat), NULL;
            }
            if (bs < 0) {
                do cum_line(which, x->dtype, op, os, ip, is, n);
                while (odo_next(P.nk, P.ks, idx, &ip, P.kis, &op, P.kos));
            }
        } else {
            const int64_t ncols = P.ks[P.nk - 1], ics = P.kis[P.nk - 1], ocs = P.kos[P.nk - 1];
            const int64_t W = 1024, wc = ncols < W ? ncols : W;
            char *work = nd__malloc(cum_cols_scratch(wc));
            if (!work) {
                nd__nomem(func, cum_cols_scratch(wc));
                if (t != out) nd_release(t);
                return nd_release(flat), NULL;
            }
            do {
                for (int64_t c0 = 0; c0 < ncols; c0 += W) {
                    int64_t nc = ncols - c0 < W ? ncols - c0 : W;
                    cum_cols_run(which, x->dtype, op + c0 * ocs, os, ocs, ip + c0 * ics, is, ics, n,
                                 nc, work);
                }
            } while (odo_next(P.nk - 1, P.ks, idx, &ip, P.kis, &op, P.kos));
            nd__free(work);
        }
        if (nd__fp_end(func, opname, &st)) {
            if (t != out) nd_release(t);
            return nd_release(flat), NULL;
        }
    }
    nd_release(flat);
    return deliver(func, t, out);
}

nd_array *nd_cumsum(const nd_array *a, int axis, nd_array *out) {
    return cum_impl("nd_cumsum", 0, a, axis, out);
}
nd_array *nd_cumprod(const nd_array *a, int axis, nd_array *out) {
    return cum_impl("nd_cumprod", 1, a, axis, out);
}
