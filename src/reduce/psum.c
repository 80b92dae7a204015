/* Pairwise float sums: runs' results combined by a binary counter, on
   one thread or split over the pool at the pairwise tree's own nodes. */
#include <math.h>
#include <string.h>

#include "reduce/driver.h"

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
nd_status nd__red_psum_run(const char *func, int k, char *out, const char *ip, int64_t s,
                           int64_t n) {
    int64_t isz = k ? 8 : 4, nb = n / PSUM_BLOCK;
    if (nb < 2 || !nd__red_worth_threads(n * isz)) {
        nd__kernels()->psum[k](out, ip, s, n);
        return ND_OK;
    }
    par t = {.chunk = block_chunk, .k = k, .ip = ip, .s = s};
    t.res = nd__malloc((size_t)(nb + 1) * (size_t)isz);
    if (!t.res) return nd__nomem(func, (size_t)(nb + 1) * (size_t)isz);
    nd__red_par_run(&t, nb, INT32_MAX);
    int64_t rest = n - nb * PSUM_BLOCK;
    if (rest) nd__kernels()->psum[k](t.res + nb * isz, ip + nb * PSUM_BLOCK * s, s, rest);
    nd__psum_combine(k, t.res, nb, rest ? t.res + nb * isz : NULL, out);
    nd__free(t.res);
    return ND_OK;
}

static void rows_chunk(const par *t, int64_t c, int worker) {
    (void)worker;
    int64_t j0 = c * t->per, j1 = j0 + t->per < t->nout ? j0 + t->per : t->nout;
    nd__kernels()->psum_rows[t->k](t->op + j0 * t->kos, t->kos, t->ip + j0 * t->kis, t->kis, t->s,
                                   t->n, j1 - j0);
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
    nd__red_par_run(t, (t->nout + t->width - 1) / t->width, slots);
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
    nd__red_par_run(t, nb, slots);
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
    if (P->nr != 1 || P->nk != 1 || !nd__red_worth_threads(P->rs[0] * P->ks[0] * isz)) return false;
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
        nd__red_par_run(&t, (t.nout + t.per - 1) / t.per, INT32_MAX);
        *st = ND_OK;
        return true;
    }
    int slots = nd_get_num_threads();
    *st = t.n >= 4 * RED_LEAF ? cols_by_rows(func, &t, slots) : cols_by_cols(func, &t, slots);
    return true;
}

nd_status nd__red_run_psum(const char *func, const plan *P, int k /* 0 f32, 1 f64 */) {
    nd_status pst;
    if (psum_2d_parallel(func, P, k, &pst)) return pst;
    const nd_ktable *kt = nd__kernels();
    const int64_t isz = k ? 8 : 4;
    int64_t idx[ND_MAX_DIMS + 1] = {0}, ridx[ND_MAX_DIMS + 1];
    char *ip = P->ip, *op = P->op;
    const int nr = P->nr, nk = P->nk;
    const int64_t rn = P->rs[nr - 1], rst = P->ris[nr - 1];
    int64_t nruns = nd__shape_prod(nr - 1, P->rs);
    if (!cols_mode(P) && nr == 1) {
        /* the runs along the innermost kept dim in one call: one call's
           worth of fixed cost, and the kernel sees their total size */
        const int nko = nk ? nk - 1 : 0;
        const int64_t rows = nk ? P->ks[nk - 1] : 1, rstep = nk ? P->kis[nk - 1] : 0,
                      ostep = nk ? P->kos[nk - 1] : 0;
        do kt->psum_rows[k](op, ostep, ip, rstep, rst, rn, rows);
        while (odo_next(nko, P->ks, idx, &ip, P->kis, &op, P->kos));
        return ND_OK;
    }
    if (!cols_mode(P)) {
        void (*psum)(char *, const char *, int64_t, int64_t) = kt->psum[k];
        do {
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
