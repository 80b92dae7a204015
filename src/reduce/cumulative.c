/* cumsum and cumprod. */
#include <math.h>
#include <string.h>

#include "reduce/driver.h"

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
    if (nb < 4 || !cum_blockable(which, dt) || !nd__red_worth_threads(n * 16)) return -1;
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
    nd__red_par_run(&j.base, nb - 1, INT32_MAX);
    for (int64_t b = 1; b < nb; b++) cum_offset(&j, b, &facc, &iacc);
    j.base.chunk = cum_block;
    nd__red_par_run(&j.base, nb, INT32_MAX);
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
    if (P->nk != 1 || !nd__red_worth_threads(n * P->ks[0] * 16)) return false;
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
        nd__red_par_run(&t, (t.nout + t.per - 1) / t.per, INT32_MAX);
    } else {
        t.chunk = cum_cols_chunk;
        t.width = 1024;
        t.work_each = cum_cols_scratch(t.width);
        t.work = nd__malloc(t.work_each * (size_t)slots);
        if (!t.work) return *st = nd__nomem(func, t.work_each * (size_t)slots), true;
        nd__red_par_run(&t, (t.nout + t.width - 1) / t.width, slots);
        nd__free(t.work);
    }
    *st = ND_OK;
    return true;
}

static nd_array *cum_impl(const char *func, int which, const nd_array *a, int axis, nd_array *out) {
    if (!a) return nd__null_arg(func, "a"), NULL;
    nd_dtype rt = nd__red_sum_dtype(a->dtype);
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
        nd__red_plan(&P, x->ndim, x->shape, x->strides, x->data, red, t->strides, t->data);
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
    return nd__red_deliver(func, t, out);
}

nd_array *nd_cumsum(const nd_array *a, int axis, nd_array *out) {
    return cum_impl("nd_cumsum", 0, a, axis, out);
}
nd_array *nd_cumprod(const nd_array *a, int axis, nd_array *out) {
    return cum_impl("nd_cumprod", 1, a, axis, out);
}
