/* np.matmul: shapes, batch broadcasting and the choice between CBLAS and
   nd's batch kernels (kernels/generic/matmul.c). */
#include <cblas.h>
#include <limits.h>
#include <string.h>

#include "copy/copy.h"
#include "kernels.h"
#include "linalg/gemm.h"
#include "linalg/linalg_internal.h"
#include "thread/pool.h"
#include "dispatch/dispatch.h"

int64_t nd_debug_blas_int_max = INT_MAX;

/* One operand's matrices: item t at data + sum of idx[d] * bstr[d], its
   element (i, j) at + i*rs + j*cs. */
typedef struct {
    char *data;
    int64_t rs, cs;
    int64_t bstr[ND_MAX_DIMS];
} mm_operand;

typedef struct {
    nd_dtype t;
    int64_t isz, m, n, k;
    int nbd; /* batch dimensions */
    int64_t bshape[ND_MAX_DIMS], nbatch;
    mm_operand a, b, c;
} mm_plan;

/* ---- shapes ---- */

static const char sig[] = "(n?,k),(k,m?)->(n?,m?)";

/* Core matrix view of x: 1-D a is a row (1, k), 1-D b a column (k, 1). */
static void core_dims(const nd_array *x, bool is_b, int64_t *rows, int64_t *cols, int64_t *rs,
                      int64_t *cs) {
    int d = x->ndim;
    if (d == 1) {
        *rows = is_b ? x->shape[0] : 1;
        *cols = is_b ? 1 : x->shape[0];
        *rs = is_b ? x->strides[0] : 0;
        *cs = is_b ? 0 : x->strides[0];
        return;
    }
    *rows = x->shape[d - 2], *cols = x->shape[d - 1];
    *rs = x->strides[d - 2], *cs = x->strides[d - 1];
}

static nd_status check_ranks(const char *func, const nd_array *a, const nd_array *b) {
    for (int i = 0; i < 2; i++) {
        const nd_array *x = i ? b : a;
        if (x->ndim < 1)
            return nd__error(ND_ERR_VALUE, func,
                             "matmul: Input operand %d does not have enough dimensions (has 0, "
                             "gufunc core with signature %s requires 1)",
                             i, sig);
    }
    return ND_OK;
}

/* Batch shapes broadcast; fills p's batch shape and per-operand batch
   strides (0 on broadcast axes). */
static nd_status plan_batch(const char *func, const nd_array *a, const nd_array *b, mm_plan *p) {
    int na = a->ndim > 2 ? a->ndim - 2 : 0, nb = b->ndim > 2 ? b->ndim - 2 : 0;
    p->nbd = na > nb ? na : nb;
    p->nbatch = 1;
    for (int d = 0; d < p->nbd; d++) {
        int da = d - (p->nbd - na), db = d - (p->nbd - nb);
        int64_t sa = da >= 0 ? a->shape[da] : 1, sb = db >= 0 ? b->shape[db] : 1;
        if (sa != sb && sa != 1 && sb != 1) {
            char s1[256], s2[256];
            return nd__error(ND_ERR_SHAPE, func,
                             "matmul: operands could not be broadcast together with shapes %s %s "
                             "(batch dimension %d: %lld against %lld)",
                             nd__shape_str(s1, sizeof s1, a->ndim, a->shape),
                             nd__shape_str(s2, sizeof s2, b->ndim, b->shape), d, (long long)sa,
                             (long long)sb);
        }
        p->bshape[d] = sa == 1 ? sb : sa;
        p->a.bstr[d] = da >= 0 && a->shape[da] != 1 ? a->strides[da] : 0;
        p->b.bstr[d] = db >= 0 && b->shape[db] != 1 ? b->strides[db] : 0;
        p->nbatch *= p->bshape[d]; /* bounded: the result's size is checked on allocation */
    }
    return ND_OK;
}

static nd_status plan_shapes(const char *func, const nd_array *a, const nd_array *b, mm_plan *p,
                             int *rnd, int64_t *rshape) {
    int64_t ka, nb;
    core_dims(a, false, &p->m, &ka, &p->a.rs, &p->a.cs);
    core_dims(b, true, &nb, &p->n, &p->b.rs, &p->b.cs);
    if (ka != nb)
        return nd__error(ND_ERR_SHAPE, func,
                         "matmul: Input operand 1 has a mismatch in its core dimension 0, with "
                         "gufunc signature %s (size %lld is different from %lld)",
                         sig, (long long)nb, (long long)ka);
    p->k = ka;
    if (plan_batch(func, a, b, p)) return nd_last_error();
    *rnd = 0;
    for (int d = 0; d < p->nbd; d++) rshape[(*rnd)++] = p->bshape[d];
    if (a->ndim > 1) rshape[(*rnd)++] = p->m;
    if (b->ndim > 1) rshape[(*rnd)++] = p->n;
    return ND_OK;
}

/* ---- the batch kernels ---- */

static char *item_ptr(const mm_operand *o, const mm_plan *p, const int64_t *idx) {
    char *q = o->data;
    for (int d = 0; d < p->nbd; d++) q += idx[d] * o->bstr[d];
    return q;
}

static void index_of(const mm_plan *p, int64_t lin, int64_t *idx) {
    for (int d = p->nbd - 1; d >= 0; d--) {
        idx[d] = lin % p->bshape[d];
        lin /= p->bshape[d];
    }
}

/* Items [lo, hi) in runs along the last batch axis, one kernel call each. */
static void kernel_items(const mm_plan *p, int64_t lo, int64_t hi) {
    const nd_ktable *kt = nd__kernels();
    int64_t idx[ND_MAX_DIMS];
    index_of(p, lo, idx);
    int last = p->nbd - 1;
    for (int64_t i = lo; i < hi;) {
        int64_t run = last < 0 ? 1 : p->bshape[last] - idx[last];
        if (run > hi - i) run = hi - i;
        int64_t sa[3] = {last < 0 ? 0 : p->a.bstr[last], p->a.rs, p->a.cs};
        int64_t sb[3] = {last < 0 ? 0 : p->b.bstr[last], p->b.rs, p->b.cs};
        int64_t sc[3] = {last < 0 ? 0 : p->c.bstr[last], p->c.rs, p->c.cs};
        kt->matmul[p->t](run, item_ptr(&p->a, p, idx), sa, item_ptr(&p->b, p, idx), sb,
                         item_ptr(&p->c, p, idx), sc, p->m, p->n, p->k);
        i += run;
        if (i < hi) index_of(p, i, idx);
    }
}

/* Items per parallel chunk: about 64 KiB of operands each. */
static int64_t items_per_chunk(const mm_plan *p) {
    int64_t per = (p->m * p->k + p->k * p->n + p->m * p->n) * p->isz;
    int64_t n = ((int64_t)1 << 16) / (per > 0 ? per : 1);
    return n > 0 ? n : 1;
}

static void kernel_chunk(void *ctx, int64_t chunk, int worker) {
    (void)worker;
    const mm_plan *p = ctx;
    int64_t per = items_per_chunk(p), lo = chunk * per;
    kernel_items(p, lo, lo + per < p->nbatch ? lo + per : p->nbatch);
}

/* Each item's result is independent of the others, so the split never
   changes a bit; workers run under the caller's MXCSR, as the caller's own
   items do. */
static void run_kernels(mm_plan *p) {
    int64_t per = (p->m * p->k + p->k * p->n + p->m * p->n) * p->isz;
    if (p->nbatch < 2 || per * p->nbatch < ND_PARALLEL_MIN_BYTES || nd_get_num_threads() < 2) {
        kernel_items(p, 0, p->nbatch);
        return;
    }
    int64_t ipc = items_per_chunk(p);
    nd__parallel_fp((p->nbatch + ipc - 1) / ipc, INT32_MAX, kernel_chunk, p);
}

/* ---- CBLAS ---- */

/* How BLAS sees a rows x cols matrix with these strides: row-major as is
   (NoTrans) or as the transpose of a row-major one (Trans), and its
   leading dimension. false: BLAS cannot take it without a copy. */
static bool blas_view(int64_t rows, int64_t cols, int64_t rs, int64_t cs, int64_t isz,
                      const char *ptr, CBLAS_TRANSPOSE *tr, int64_t *ld) {
    int64_t align = isz > 8 ? 8 : isz;
    if ((uintptr_t)ptr % (uint64_t)align) return false;
    if ((cols <= 1 || cs == isz) && (rows <= 1 || (rs > 0 && rs % isz == 0 && rs >= cols * isz))) {
        *tr = CblasNoTrans;
        *ld = rows <= 1 ? (cols > 1 ? cols : 1) : rs / isz;
        return true;
    }
    if ((rows <= 1 || rs == isz) && (cols <= 1 || (cs > 0 && cs % isz == 0 && cs >= rows * isz))) {
        *tr = CblasTrans;
        *ld = cols <= 1 ? (rows > 1 ? rows : 1) : cs / isz;
        return true;
    }
    return false;
}

typedef struct {
    char *p;
    int64_t rs, cs; /* element strides in bytes */
    CBLAS_TRANSPOSE tr;
    int64_t ld;
} blas_mat;

/* A vector-vector product (1-D @ 1-D: inner, vdot) as dot, NumPy's call
   for it (a 1 x 1 gemm ran at 0.12x NumPy's dot at k = 1e5 float64).
   false: strides dot cannot take. */
static bool dot_call(nd_dtype t, const blas_mat *a, const blas_mat *b, const blas_mat *c, int k,
                     int64_t isz, bool accumulate) {
    int incx = (int)(a->cs / isz), incy = (int)(b->rs / isz);
    if (incx <= 0 || incy <= 0 || (int64_t)incx * isz != a->cs || (int64_t)incy * isz != b->rs)
        return false;
    switch (t) {
    case ND_FLOAT32: {
        float r = cblas_sdot(k, (const float *)a->p, incx, (const float *)b->p, incy);
        *(float *)c->p = accumulate ? *(float *)c->p + r : r;
        break;
    }
    case ND_FLOAT64: {
        double r = cblas_ddot(k, (const double *)a->p, incx, (const double *)b->p, incy);
        *(double *)c->p = accumulate ? *(double *)c->p + r : r;
        break;
    }
    case ND_COMPLEX64: {
        float r[2], *o = (float *)c->p;
        cblas_cdotu_sub(k, a->p, incx, b->p, incy, r);
        o[0] = accumulate ? o[0] + r[0] : r[0], o[1] = accumulate ? o[1] + r[1] : r[1];
        break;
    }
    default: {
        double r[2], *o = (double *)c->p;
        cblas_zdotu_sub(k, a->p, incx, b->p, incy, r);
        o[0] = accumulate ? o[0] + r[0] : r[0], o[1] = accumulate ? o[1] + r[1] : r[1];
        break;
    }
    }
    return true;
}

/* A vector-matrix or matrix-vector product as gemv, which OpenBLAS runs
   about 3x faster than gemm with one row or column (v @ m, 1000^2 float64,
   one thread: 740 us through gemm, 220 us NumPy's gemv). false: not a
   vector product (the caller runs gemm). */
static bool gemv_call(nd_dtype t, const blas_mat *a, const blas_mat *b, const blas_mat *c, int m,
                      int n, int k, int lda, int ldb, bool accumulate) {
    int64_t isz = (int64_t)nd_dtype_size(t);
    if (m == 1 && n == 1) return dot_call(t, a, b, c, k, isz, accumulate);
    const blas_mat *mat, *vec;
    int rows, cols, ld, incx, incy;
    CBLAS_TRANSPOSE tr;
    if (m == 1) { /* c row = a row @ b: y = b^T x */
        mat = b, vec = a, ld = ldb;
        incx = (int)(a->cs / isz), incy = (int)(c->cs / isz);
        tr = b->tr == CblasNoTrans ? CblasTrans : CblasNoTrans;
        rows = b->tr == CblasNoTrans ? k : n, cols = b->tr == CblasNoTrans ? n : k;
    } else { /* c column = a @ b column */
        mat = a, vec = b, ld = lda;
        incx = (int)(b->rs / isz), incy = (int)(c->rs / isz);
        tr = a->tr;
        rows = a->tr == CblasNoTrans ? m : k, cols = a->tr == CblasNoTrans ? k : m;
    }
    if (incx <= 0 || incy <= 0 || (int64_t)incx * isz != (m == 1 ? a->cs : b->rs) ||
        (int64_t)incy * isz != (m == 1 ? c->cs : c->rs))
        return false;
    static const float one_f[2] = {1, 0}, zero_f[2] = {0, 0};
    static const double one_d[2] = {1, 0}, zero_d[2] = {0, 0};
    switch (t) {
    case ND_FLOAT32:
        cblas_sgemv(CblasRowMajor, tr, rows, cols, 1.0f, (const float *)mat->p, ld,
                    (const float *)vec->p, incx, accumulate ? 1.0f : 0.0f, (float *)c->p, incy);
        break;
    case ND_FLOAT64:
        cblas_dgemv(CblasRowMajor, tr, rows, cols, 1.0, (const double *)mat->p, ld,
                    (const double *)vec->p, incx, accumulate ? 1.0 : 0.0, (double *)c->p, incy);
        break;
    case ND_COMPLEX64:
        cblas_cgemv(CblasRowMajor, tr, rows, cols, one_f, mat->p, ld, vec->p, incx,
                    accumulate ? one_f : zero_f, c->p, incy);
        break;
    default:
        cblas_zgemv(CblasRowMajor, tr, rows, cols, one_d, mat->p, ld, vec->p, incx,
                    accumulate ? one_d : zero_d, c->p, incy);
        break;
    }
    return true;
}

/* One gemm call on pieces small enough for int; beta 0 or 1. */
static void gemm_call(nd_dtype t, const blas_mat *a, const blas_mat *b, const blas_mat *c, int m,
                      int n, int k, bool accumulate) {
    /* Leading dimensions of a single row or column are free: the smallest
       legal value keeps them within int after splitting. */
    int lda = (int)(a->tr == CblasNoTrans ? (m > 1 ? a->ld : (k > 1 ? k : 1))
                                          : (k > 1 ? a->ld : (m > 1 ? m : 1)));
    int ldb = (int)(b->tr == CblasNoTrans ? (k > 1 ? b->ld : (n > 1 ? n : 1))
                                          : (n > 1 ? b->ld : (k > 1 ? k : 1)));
    int ldc = (int)(m > 1 ? c->ld : (n > 1 ? n : 1));
    static const float one_f[2] = {1, 0}, zero_f[2] = {0, 0};
    static const double one_d[2] = {1, 0}, zero_d[2] = {0, 0};
    if ((m == 1 || n == 1) && k > 1 && gemv_call(t, a, b, c, m, n, k, lda, ldb, accumulate)) return;
    switch (t) {
    case ND_FLOAT32:
        cblas_sgemm(CblasRowMajor, a->tr, b->tr, m, n, k, 1.0f, (const float *)a->p, lda,
                    (const float *)b->p, ldb, accumulate ? 1.0f : 0.0f, (float *)c->p, ldc);
        break;
    case ND_FLOAT64:
        cblas_dgemm(CblasRowMajor, a->tr, b->tr, m, n, k, 1.0, (const double *)a->p, lda,
                    (const double *)b->p, ldb, accumulate ? 1.0 : 0.0, (double *)c->p, ldc);
        break;
    case ND_COMPLEX64:
        cblas_cgemm(CblasRowMajor, a->tr, b->tr, m, n, k, one_f, a->p, lda, b->p, ldb,
                    accumulate ? one_f : zero_f, c->p, ldc);
        break;
    default:
        cblas_zgemm(CblasRowMajor, a->tr, b->tr, m, n, k, one_d, a->p, lda, b->p, ldb,
                    accumulate ? one_d : zero_d, c->p, ldc);
        break;
    }
}

static blas_mat sub(const blas_mat *x, int64_t i, int64_t j) {
    blas_mat r = *x;
    r.p += i * x->rs + j * x->cs;
    return r;
}

/* c = a @ b in pieces of at most nd_debug_blas_int_max along m, n and k
   (the k pieces accumulate). A leading dimension is only needed when the
   piece has more than one row (column when transposed), so pieces of a
   row or column vector always fit. */
static nd_status gemm_split(const char *func, nd_dtype t, const blas_mat *a, const blas_mat *b,
                            const blas_mat *c, int64_t m, int64_t n, int64_t k) {
    int64_t mx = nd_debug_blas_int_max;
    bool a_ld = a->tr == CblasNoTrans ? m > 1 : k > 1, b_ld = b->tr == CblasNoTrans ? k > 1 : n > 1;
    if ((a_ld && a->ld > mx) || (b_ld && b->ld > mx) || (m > 1 && c->ld > mx))
        return nd__error(ND_ERR_OVERFLOW, func,
                         "matmul: a leading dimension beyond BLAS's int range (%lld)",
                         (long long)mx);
    for (int64_t i = 0; i < m; i += mx)
        for (int64_t j = 0; j < n; j += mx)
            for (int64_t l = 0; l < k; l += mx) {
                blas_mat as = sub(a, i, l), bs = sub(b, l, j), cs = sub(c, i, j);
                int64_t mi = m - i < mx ? m - i : mx, nj = n - j < mx ? n - j : mx,
                        kl = k - l < mx ? k - l : mx;
                gemm_call(t, &as, &bs, &cs, (int)mi, (int)nj, (int)kl, l > 0);
            }
    return ND_OK;
}

/* A BLAS view of operand o's item at q, packing it into buf (row-major)
   when BLAS cannot take it as it is. */
static void blas_operand(const mm_plan *p, const mm_operand *o, char *q, int64_t rows, int64_t cols,
                         char *buf, blas_mat *bm) {
    bm->p = q, bm->rs = o->rs, bm->cs = o->cs;
    if (blas_view(rows, cols, o->rs, o->cs, p->isz, q, &bm->tr, &bm->ld)) return;
    int lg = __builtin_ctzll((uint64_t)p->isz);
    nd__kernels()->pack_tile[lg](q, o->rs, o->cs, buf, rows, cols);
    *bm = (blas_mat){buf, cols * p->isz, p->isz, CblasNoTrans, cols > 1 ? cols : 1};
}

/* The bytes of packing room an operand needs: none when BLAS can take
   every item as it is (its layout, and alignment that the batch strides
   keep). A packed copy must itself fit BLAS's int. */
static nd_status pack_bytes(const char *func, const mm_plan *p, const mm_operand *o, int64_t rows,
                            int64_t cols, int64_t *bytes) {
    CBLAS_TRANSPOSE tr;
    int64_t ld, align = p->isz > 8 ? 8 : p->isz;
    bool in_place = blas_view(rows, cols, o->rs, o->cs, p->isz, o->data, &tr, &ld);
    for (int d = 0; d < p->nbd; d++) in_place &= o->bstr[d] % align == 0;
    *bytes = 0;
    if (in_place) return ND_OK;
    if (rows > nd_debug_blas_int_max || cols > nd_debug_blas_int_max)
        return nd__error(ND_ERR_OVERFLOW, func,
                         "matmul: a %lld x %lld operand that BLAS cannot take in place is beyond "
                         "its int range (%lld)",
                         (long long)rows, (long long)cols, (long long)nd_debug_blas_int_max);
    if (nd__mul_ovf(rows, cols, bytes) || nd__mul_ovf(*bytes, p->isz, bytes))
        return nd__error(ND_ERR_OVERFLOW, func, "matmul: operand too large to pack");
    return ND_OK;
}

static nd_status run_blas(const char *func, mm_plan *p) {
    int64_t abytes, bbytes;
    if (pack_bytes(func, p, &p->a, p->m, p->k, &abytes) ||
        pack_bytes(func, p, &p->b, p->k, p->n, &bbytes))
        return nd_last_error();
    char *buf = NULL;
    if (abytes + bbytes > 0 && !(buf = nd__malloc((size_t)(abytes + bbytes))))
        return nd__nomem(func, (size_t)(abytes + bbytes));
    int64_t idx[ND_MAX_DIMS] = {0};
    nd_status s = ND_OK;
    for (int64_t it = 0; it < p->nbatch && !s; it++) {
        if (it) index_of(p, it, idx);
        blas_mat am, bm,
            cm = {item_ptr(&p->c, p, idx), p->c.rs, p->c.cs, CblasNoTrans, p->n > 1 ? p->n : 1};
        blas_operand(p, &p->a, item_ptr(&p->a, p, idx), p->m, p->k, buf, &am);
        blas_operand(p, &p->b, item_ptr(&p->b, p, idx), p->k, p->n, buf + abytes, &bm);
        s = gemm_split(func, p->t, &am, &bm, &cm, p->m, p->n, p->k);
    }
    nd__free(buf);
    return s;
}

/* ---- nd's GEMM (src/linalg/gemm.c) ---- */

static nd_gemm_args gemm_item(const mm_plan *p, const int64_t *idx) {
    return (nd_gemm_args){p->t,
                          p->m,
                          p->n,
                          p->k,
                          item_ptr(&p->a, p, idx),
                          p->a.rs,
                          p->a.cs,
                          item_ptr(&p->b, p, idx),
                          p->b.rs,
                          p->b.cs,
                          item_ptr(&p->c, p, idx),
                          p->c.rs,
                          p->c.cs};
}

typedef struct {
    const mm_plan *p;
    char *scratch;
    size_t per; /* scratch bytes per worker */
} gemm_batch;

static void gemm_batch_task(void *ctx, int64_t item, int worker) {
    const gemm_batch *gb = ctx;
    int64_t idx[ND_MAX_DIMS];
    index_of(gb->p, item, idx);
    nd_gemm_args g = gemm_item(gb->p, idx);
    nd__gemm_run(&g, gb->scratch + (size_t)worker * gb->per, 1);
}

/* Small items in parallel, one worker each; large ones one after another,
   each split over the pool. Either way an element's bits are those of the
   one-thread product. */
static nd_status run_gemm(const char *func, const mm_plan *p) {
    int threads = nd_get_num_threads();
    int64_t idx[ND_MAX_DIMS] = {0};
    nd_gemm_args g0 = gemm_item(p, idx);
    double flops = 2.0 * (double)p->m * (double)p->n * (double)p->k;
    bool by_item =
        p->nbatch > 1 && threads > 1 && flops < (double)(1 << 25); /* gemm.c's GEMM_PAR_FLOPS */
    size_t per = nd__gemm_scratch(&g0, by_item ? 1 : threads);
    int slots = by_item ? threads : 1;
    char *scratch = nd__malloc(per * (size_t)slots);
    if (!scratch) return nd__nomem(func, per * (size_t)slots);
    if (by_item) {
        gemm_batch gb = {p, scratch, per};
        nd__parallel_fp(p->nbatch, threads, gemm_batch_task, &gb);
    } else {
        for (int64_t it = 0; it < p->nbatch; it++) {
            if (it) index_of(p, it, idx);
            nd_gemm_args g = gemm_item(p, idx);
            nd__gemm_run(&g, scratch, threads);
        }
    }
    nd__free(scratch);
    return ND_OK;
}

/* ---- the driver ---- */

static bool small_real(const mm_plan *p) {
    return (p->t == ND_FLOAT32 || p->t == ND_FLOAT64) && p->m <= 16 && p->n <= 16 && p->k <= 16;
}

/* r: the C-contiguous array p.c points into. */
static nd_status compute(const char *func, mm_plan *p, nd_array *r) {
    if (p->m == 0 || p->n == 0 || p->nbatch == 0) return ND_OK;
    if (p->k == 0) { /* nothing to sum: zeros (all-zero bits in every dtype) */
        memset(r->data, 0, (size_t)nd_nbytes(r));
        return ND_OK;
    }
    if (nd__kernels()->matmul[p->t] &&
        (!nd__is_inexact(p->t) || p->t == ND_FLOAT16 || small_real(p))) {
        run_kernels(p);
        return ND_OK;
    }
    if (nd__gemm_chosen(p->t, p->m, p->n, p->k)) return run_gemm(func, p);
    return run_blas(func, p);
}

/* The result goes straight into out when out can take BLAS's row-major
   output and overlaps no input; otherwise into a temporary. */
static bool direct_out(const nd_array *out, nd_dtype t, const nd_array *a, const nd_array *b) {
    return out && out->dtype == t && nd_is_c_contiguous(out) && !nd_may_share_memory(out, a) &&
           !nd_may_share_memory(out, b);
}

static nd_status check_out(const char *func, const nd_array *out, nd_dtype t, int rnd,
                           const int64_t *rshape) {
    bool same = out->ndim == rnd;
    for (int d = 0; same && d < rnd; d++) same = out->shape[d] == rshape[d];
    if (!same) {
        char s1[256], s2[256];
        return nd__error(ND_ERR_SHAPE, func, "matmul: out has shape %s, expected %s",
                         nd__shape_str(s1, sizeof s1, out->ndim, out->shape),
                         nd__shape_str(s2, sizeof s2, rnd, rshape));
    }
    if (nd__check_writeable(func, out)) return nd_last_error();
    if (out->dtype != t && !nd_can_cast(t, out->dtype, ND_CAST_SAME_KIND))
        return nd__error(ND_ERR_DTYPE, func,
                         "Cannot cast ufunc 'matmul' output from dtype('%s') to dtype('%s') with "
                         "casting rule 'same_kind'",
                         nd_dtype_name(t), nd_dtype_name(out->dtype));
    return ND_OK;
}

/* Operands in the result dtype (a copy only when the dtype differs). */
static const nd_array *as_type(const nd_array *x, nd_dtype t, nd_array **tmp) {
    if (x->dtype == t) return x;
    *tmp = nd_astype(x, t);
    return *tmp;
}

/* Fills c's strides in p from the result array r (batch + core axes). */
static void plan_out(mm_plan *p, const nd_array *r, bool a1d, bool b1d) {
    p->c.data = r->data;
    for (int d = 0; d < p->nbd; d++) p->c.bstr[d] = p->bshape[d] == 1 ? 0 : r->strides[d];
    int core = p->nbd;
    p->c.rs = a1d ? 0 : r->strides[core];
    p->c.cs = b1d ? 0 : r->strides[core + (a1d ? 0 : 1)];
}

nd_array *nd_matmul(const nd_array *a, const nd_array *b, nd_array *out) {
    static const char func[] = "nd_matmul";
    if (!a || !b) return nd__null_arg(func, a ? "b" : "a"), NULL;
    if (check_ranks(func, a, b)) return NULL;
    nd_dtype t = nd_result_type(a->dtype, b->dtype);
    mm_plan p = {.t = t, .isz = (int64_t)nd__itemsize(t)};
    int rnd;
    int64_t rshape[ND_MAX_DIMS + 2];
    if (plan_shapes(func, a, b, &p, &rnd, rshape)) return NULL;
    if (out && check_out(func, out, t, rnd, rshape)) return NULL;
    nd_array *ta = NULL, *tb = NULL, *r = NULL, *result = NULL;
    const nd_array *ua = as_type(a, t, &ta), *ub = as_type(b, t, &tb);
    if (!ua || !ub) goto done;
    /* Converted copies have new strides: plan again on them. */
    if ((ta || tb) && plan_shapes(func, ua, ub, &p, &rnd, rshape)) goto done;
    p.a.data = ua->data, p.b.data = ub->data;
    bool direct = direct_out(out, t, a, b);
    r = direct ? out : nd__alloc(func, t, rnd, rshape, ND_ORDER_C, false);
    if (!r) goto done;
    plan_out(&p, r, a->ndim == 1, b->ndim == 1);
    if (compute(func, &p, r)) goto done;
    if (out && !direct && nd__copy_into(func, out, r)) goto done;
    result = out ? out : r;
done:
    nd_release(ta);
    nd_release(tb);
    if (r && r != out && r != result) nd_release(r);
    return result;
}
