/* ScaLAPACK on block-cyclic arrays: pdgemm (matmul's fast mode) and the
   solvers. Each call makes a BLACS grid over the context's communicator
   (row-major, so rank r sits at r / npcol, r % npcol as nd's layout says),
   moves its operands to 64 x 64 float64 blocks (ScaLAPACK overwrites its
   inputs, so these are always copies), runs the routine, and agrees on
   INFO: a positive INFO on any rank becomes nd's linalg message on every
   rank. Arguments are checked before ScaLAPACK sees them (its own checks
   print and return a negative INFO). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dist/dist_internal.h"
#include "nd/linalg.h"

#define BLK 64

#ifdef ND_HAVE_SCALAPACK
int Csys2blacs_handle(MPI_Comm comm);
void Cfree_blacs_system_handle(int handle);
void Cblacs_gridinit(int *ctxt, const char *order, int nprow, int npcol);
void Cblacs_gridinfo(int ctxt, int *nprow, int *npcol, int *myrow, int *mycol);
void Cblacs_gridexit(int ctxt);
void descinit_(int *desc, const int *m, const int *n, const int *mb, const int *nb,
               const int *irsrc, const int *icsrc, const int *ctxt, const int *lld, int *info);
void pdgemm_(const char *ta, const char *tb, const int *m, const int *n, const int *k,
             const double *alpha, const double *a, const int *ia, const int *ja, const int *desca,
             const double *b, const int *ib, const int *jb, const int *descb, const double *beta,
             double *c, const int *ic, const int *jc, const int *descc);
void psgemm_(const char *ta, const char *tb, const int *m, const int *n, const int *k,
             const float *alpha, const float *a, const int *ia, const int *ja, const int *desca,
             const float *b, const int *ib, const int *jb, const int *descb, const float *beta,
             float *c, const int *ic, const int *jc, const int *descc);
void pdgesv_(const int *n, const int *nrhs, double *a, const int *ia, const int *ja,
             const int *desca, int *ipiv, double *b, const int *ib, const int *jb, const int *descb,
             int *info);
void pdpotrf_(const char *uplo, const int *n, double *a, const int *ia, const int *ja,
              const int *desca, int *info);
void pdsyevd_(const char *jobz, const char *uplo, const int *n, double *a, const int *ia,
              const int *ja, const int *desca, double *w, double *z, const int *iz, const int *jz,
              const int *descz, double *work, const int *lwork, int *iwork, const int *liwork,
              int *info);
void pdgeqrf_(const int *m, const int *n, double *a, const int *ia, const int *ja, const int *desca,
              double *tau, double *work, const int *lwork, int *info);
void pdorgqr_(const int *m, const int *n, const int *k, double *a, const int *ia, const int *ja,
              const int *desca, const double *tau, double *work, const int *lwork, int *info);
void pdgesvd_(const char *jobu, const char *jobvt, const int *m, const int *n, double *a,
              const int *ia, const int *ja, const int *desca, double *s, double *u, const int *iu,
              const int *ju, const int *descu, double *vt, const int *ivt, const int *jvt,
              const int *descvt, double *work, const int *lwork, int *info);
void pdgels_(const char *trans, const int *m, const int *n, const int *nrhs, double *a,
             const int *ia, const int *ja, const int *desca, double *b, const int *ib,
             const int *jb, const int *descb, double *work, const int *lwork, int *info);

/* A BLACS grid for one call; ctxt < 0 when it could not be made. */
typedef struct {
    int handle, ctxt;
} grid;

static int grid_open(const char *func, const nd_dist *d, grid *g) {
    int pr, pc, nr = 0, nc = 0, myr = -1, myc = -1;
    nd__dist_grid(d->size, &pr, &pc);
    g->handle = Csys2blacs_handle(d->comm);
    g->ctxt = g->handle;
    Cblacs_gridinit(&g->ctxt, "Row", pr, pc);
    Cblacs_gridinfo(g->ctxt, &nr, &nc, &myr, &myc);
    int st = nr == pr && nc == pc && myr == d->rank / pc && myc == d->rank % pc
                 ? ND_OK
                 : nd__dist_fail(ND_ERR_IO, func,
                                 "BLACS placed rank %d at (%d, %d) of %d x %d, not (%d, %d)",
                                 d->rank, myr, myc, nr, nc, d->rank / pc, d->rank % pc);
    return nd__dist_agree(d, st);
}

static void grid_close(grid *g) {
    Cblacs_gridexit(g->ctxt);
    Cfree_blacs_system_handle(g->handle);
}

/* The descriptor of a block-cyclic array on grid g. */
static int desc_of(const nd_darray *x, const grid *g, int *desc) {
    int m = (int)x->shape[0], n = (int)x->shape[1], mb = (int)x->mb, nb = (int)x->nb, z = 0,
        info = 0;
    int lld = (int)nd_shape(x->local)[0];
    lld = lld < 1 ? 1 : lld;
    descinit_(desc, &m, &n, &mb, &nb, &z, &z, &g->ctxt, &lld, &info);
    return info;
}
#endif

/* x as a 64 x 64 block-cyclic array of dtype t, F-contiguous, a copy. */
static nd_darray *bc_copy(const nd_darray *x, nd_dtype t) {
    nd_darray *y = nd_darray_blockcyclic(x, BLK, BLK);
    if (!y) return NULL;
    int st = ND_OK;
    if (y->dtype != t || !nd_is_f_contiguous(y->local)) {
        nd_array *c = nd_astype(y->local, t);
        nd_array *f = c && !nd_is_f_contiguous(c) ? nd_copy_order(c, ND_ORDER_F) : nd_retain(c);
        nd_release(c);
        if (f) {
            nd_release(y->local);
            y->local = f, y->dtype = t;
        } else {
            st = (int)nd_last_error();
        }
    }
    if (nd__dist_agree(y->d, st)) return nd_darray_free(y), NULL;
    return y;
}

/* Sizes ScaLAPACK's int arguments carry. */
static int check_int(const char *func, const nd_darray *x) {
    for (int i = 0; i < 2; i++)
        if (x->shape[i] > INT32_MAX)
            return nd__dist_fail(ND_ERR_OVERFLOW, func, "extent %lld is past ScaLAPACK's int range",
                                 (long long)x->shape[i]);
    return ND_OK;
}

nd_darray *nd__dist_pdgemm(const char *func, const nd_darray *a, const nd_darray *b, nd_dtype rt) {
    nd_dist *d = a->d;
    int st = ND_OK;
#ifndef ND_HAVE_SCALAPACK
    (void)b, (void)rt;
    st = nd__dist_fail(ND_ERR_UNSUPPORTED, func, "libnd_dist was built without ScaLAPACK");
    nd__dist_agree(d, st);
    return NULL;
#else
    if (rt != ND_FLOAT32 && rt != ND_FLOAT64)
        st = nd__dist_fail(ND_ERR_DTYPE, func, "pdgemm mode computes float32 or float64, not %s",
                           nd_dtype_name(rt));
    else if (!(st = check_int(func, a)))
        st = check_int(func, b);
    if (nd__dist_agree(d, st)) return NULL;
    nd_darray *x = bc_copy(a, rt), *y = x ? bc_copy(b, rt) : NULL;
    if (!y) return nd_darray_free(x), NULL;
    int64_t shape[2] = {a->shape[0], b->shape[1]};
    int pr, pc;
    nd__dist_grid(d->size, &pr, &pc);
    nd__lay L = {
        .kind = {ND__LAY_CYCLIC, ND__LAY_CYCLIC}, .blk = {BLK, BLK}, .np = {pr, pc}, .gridc = pc};
    int64_t ls[2] = {nd__lay_extent(&L, 0, d->rank, shape[0]),
                     nd__lay_extent(&L, 1, d->rank, shape[1])};
    nd_array *cl = nd_zeros_order(rt, 2, ls, ND_ORDER_F);
    nd_darray *c = cl ? nd__darray_bc(func, d, cl, rt, shape, BLK, BLK) : NULL;
    if (nd__dist_agree(d, c ? ND_OK : (int)nd_last_error())) goto out;
    int m = (int)shape[0], n = (int)shape[1], k = (int)a->shape[1], one = 1;
    if (m && n && k) {
        grid g;
        if (grid_open(func, d, &g)) goto out;
        int da[9], db[9], dc[9];
        if (desc_of(x, &g, da) || desc_of(y, &g, db) || desc_of(c, &g, dc))
            st = nd__dist_fail(ND_ERR_VALUE, func, "descinit rejected a descriptor");
        else if (rt == ND_FLOAT64) {
            double al = 1, be = 0;
            pdgemm_("N", "N", &m, &n, &k, &al, nd_data(x->local), &one, &one, da, nd_data(y->local),
                    &one, &one, db, &be, nd_data(c->local), &one, &one, dc);
        } else {
            float al = 1, be = 0;
            psgemm_("N", "N", &m, &n, &k, &al, nd_data(x->local), &one, &one, da, nd_data(y->local),
                    &one, &one, db, &be, nd_data(c->local), &one, &one, dc);
        }
        grid_close(&g);
        if (nd__dist_agree(d, st)) goto out;
    }
    nd_darray_free(x), nd_darray_free(y);
    return c;
out:
    nd_darray_free(x), nd_darray_free(y), nd_darray_free(c);
    return NULL;
#endif
}

/* ---- solvers ---- */

/* The dtype a solver computes in (float64) and returns (NumPy: float32 in,
   float32 out; integers give float64). Complex: unsupported here. */
static int solver_dtype(const char *func, const nd_darray *a, nd_dtype *out) {
    nd_dtype t = a->dtype;
    if (t == ND_COMPLEX64 || t == ND_COMPLEX128)
        return nd__dist_fail(ND_ERR_UNSUPPORTED, func,
                             "the distributed solvers compute real float64; got %s",
                             nd_dtype_name(t));
    if (t == ND_FLOAT16 || !nd_can_cast(t, ND_FLOAT64, ND_CAST_SAFE))
        return nd__dist_fail(ND_ERR_DTYPE, func, "array type %s is unsupported in linalg",
                             nd_dtype_name(t));
    *out = t == ND_FLOAT32 ? ND_FLOAT32 : ND_FLOAT64;
    return ND_OK;
}

/* a 2-D matrix (square when asked) whose extents fit ScaLAPACK's ints */
static int matrix_check(const char *func, const nd_darray *a, bool square) {
    if (a->ndim != 2)
        return nd__dist_fail(ND_ERR_SHAPE, func,
                             "%d-dimensional array given. Array must be two-dimensional", a->ndim);
    if (square && a->shape[0] != a->shape[1])
        return nd__dist_fail(ND_ERR_SHAPE, func, "Last 2 dimensions of the array must be square");
    return check_int(func, a);
}

/* The result in the caller's dtype (float32 in, float32 out). */
static int cast_back(nd_darray *x, nd_dtype t) {
    if (x->dtype == t) return ND_OK;
    nd_array *c = nd_astype(x->local, t);
    if (!c) return (int)nd_last_error();
    nd_release(x->local);
    x->local = c, x->dtype = t;
    return ND_OK;
}

#ifdef ND_HAVE_SCALAPACK
/* INFO agreed: the first positive INFO of any rank (ScaLAPACK returns the
   same on every rank; the agreement keeps that true if one differs). */
static int info_agree(const nd_dist *d, int info, const char *func, const char *msg) {
    int st = info > 0   ? nd__dist_fail(ND_ERR_LINALG, func, "%s", msg)
             : info < 0 ? nd__dist_fail(ND_ERR_VALUE, func, "ScaLAPACK rejected argument %d", -info)
                        : ND_OK;
    return nd__dist_agree(d, st);
}
#endif

nd_darray *nd_dist_solve(const nd_darray *a, const nd_darray *b) {
    static const char *func = "nd_dist_solve";
    if (!a || !b) return nd__dist_fail(ND_ERR_NULL, func, "%s is NULL", a ? "b" : "a"), NULL;
    nd_dist *d = a->d;
    nd_dtype t = ND_FLOAT64;
    int st = a->d != b->d ? nd__dist_fail(ND_ERR_VALUE, func, "a and b are on different contexts")
                          : matrix_check(func, a, true);
    if (!st) st = solver_dtype(func, a, &t);
    if (!st && b->ndim != 2)
        st = nd__dist_fail(ND_ERR_SHAPE, func, "b must be 2-dimensional (n x nrhs), got %d",
                           b->ndim);
    else if (!st && b->shape[0] != a->shape[0])
        st = nd__dist_fail(ND_ERR_SHAPE, func,
                           "solve: Input operand 1 has a mismatch in its core dimension 0, with "
                           "gufunc signature (m,m),(m,n)->(m,n) (size %lld is different from %lld)",
                           (long long)b->shape[0], (long long)a->shape[0]);
    nd_dtype tb = ND_FLOAT64;
    if (!st) st = solver_dtype(func, b, &tb);
    if (!st) st = check_int(func, b);
    if (nd__dist_agree(d, st)) return NULL;
    nd_dtype rt = t == ND_FLOAT32 && tb == ND_FLOAT32 ? ND_FLOAT32 : ND_FLOAT64;
#ifndef ND_HAVE_SCALAPACK
    (void)rt;
    nd__dist_agree(d, nd__dist_fail(ND_ERR_UNSUPPORTED, func, "built without ScaLAPACK"));
    return NULL;
#else
    nd_darray *x = bc_copy(a, ND_FLOAT64), *y = x ? bc_copy(b, ND_FLOAT64) : NULL;
    if (!y) return nd_darray_free(x), NULL;
    int n = (int)a->shape[0], nrhs = (int)b->shape[1], one = 1, info = 0;
    if (n && nrhs) {
        grid g;
        if (grid_open(func, d, &g)) goto fail;
        int da[9], db[9];
        int64_t np = nd_shape(x->local)[0] + BLK;
        int *ipiv = malloc((size_t)np * sizeof *ipiv);
        if (!ipiv)
            st = nd__dist_fail(ND_ERR_NOMEM, func, "Unable to allocate the pivots");
        else if (desc_of(x, &g, da) || desc_of(y, &g, db))
            st = nd__dist_fail(ND_ERR_VALUE, func, "descinit rejected a descriptor");
        if (nd__dist_agree(d, st)) {
            free(ipiv), grid_close(&g);
            goto fail;
        }
        pdgesv_(&n, &nrhs, nd_data(x->local), &one, &one, da, ipiv, nd_data(y->local), &one, &one,
                db, &info);
        free(ipiv), grid_close(&g);
        if (info_agree(d, info, func, "Singular matrix")) goto fail;
    }
    nd_darray_free(x);
    if (nd__dist_agree(d, cast_back(y, rt))) return nd_darray_free(y), NULL;
    return y;
fail:
    nd_darray_free(x), nd_darray_free(y);
    return NULL;
#endif
}

nd_darray *nd_dist_cholesky(const nd_darray *a) {
    static const char *func = "nd_dist_cholesky";
    if (!a) return nd__dist_fail(ND_ERR_NULL, func, "a is NULL"), NULL;
    nd_dist *d = a->d;
    nd_dtype t = ND_FLOAT64;
    int st = matrix_check(func, a, true);
    if (!st) st = solver_dtype(func, a, &t);
    if (nd__dist_agree(d, st)) return NULL;
#ifndef ND_HAVE_SCALAPACK
    nd__dist_agree(d, nd__dist_fail(ND_ERR_UNSUPPORTED, func, "built without ScaLAPACK"));
    return NULL;
#else
    nd_darray *x = bc_copy(a, ND_FLOAT64);
    if (!x) return NULL;
    int n = (int)a->shape[0], one = 1, info = 0;
    if (n) {
        grid g;
        if (grid_open(func, d, &g)) return nd_darray_free(x), NULL;
        int da[9];
        if (desc_of(x, &g, da))
            st = nd__dist_fail(ND_ERR_VALUE, func, "descinit rejected a descriptor");
        else
            pdpotrf_("L", &n, nd_data(x->local), &one, &one, da, &info);
        grid_close(&g);
        if (nd__dist_agree(d, st) || info_agree(d, info, func, "Matrix is not positive definite"))
            return nd_darray_free(x), NULL;
    }
    /* ScaLAPACK leaves a's upper triangle: zero it (np.linalg.cholesky) */
    nd__lay L;
    nd__lay_of(x, &L);
    int64_t lr = nd_shape(x->local)[0], lc = nd_shape(x->local)[1];
    double *p = nd_data(x->local);
    for (int64_t j = 0; j < lc; j++) {
        int64_t gj = (j / x->nb * L.np[1] + d->rank % L.gridc) * x->nb + j % x->nb;
        for (int64_t i = 0; i < lr; i++) {
            int64_t gi = (i / x->mb * L.np[0] + d->rank / L.gridc) * x->mb + i % x->mb;
            if (gi < gj) p[j * lr + i] = 0;
        }
    }
    if (nd__dist_agree(d, cast_back(x, t))) return nd_darray_free(x), NULL;
    return x;
#endif
}

int nd_dist_eigh(const nd_darray *a, nd_darray **w, nd_darray **v) {
    static const char *func = "nd_dist_eigh";
    if (w) *w = NULL;
    if (v) *v = NULL;
    if (!a) return nd__dist_fail(ND_ERR_NULL, func, "a is NULL");
    nd_dist *d = a->d;
    nd_dtype t = ND_FLOAT64;
    int st = !w ? nd__dist_fail(ND_ERR_NULL, func, "w is NULL") : matrix_check(func, a, true);
    if (!st) st = solver_dtype(func, a, &t);
    if (nd__dist_agree(d, st)) return (int)nd_last_error();
#ifndef ND_HAVE_SCALAPACK
    return nd__dist_agree(d, nd__dist_fail(ND_ERR_UNSUPPORTED, func, "built without ScaLAPACK"));
#else
    nd_darray *x = bc_copy(a, ND_FLOAT64), *z = NULL, *wd = NULL;
    if (!x) return (int)nd_last_error();
    int n = (int)a->shape[0], one = 1, info = 0;
    int64_t wn = n;
    nd_array *wl = nd_empty(ND_FLOAT64, 1, &wn);
    nd_array *zl = nd_zeros_order(ND_FLOAT64, 2, nd_shape(x->local), ND_ORDER_F);
    st = wl && zl ? ND_OK : (int)nd_last_error();
    z = !st ? nd__darray_bc(func, d, nd_retain(zl), ND_FLOAT64, a->shape, BLK, BLK) : NULL;
    if (!st && !z) st = (int)nd_last_error();
    if (nd__dist_agree(d, st)) goto fail;
    if (n) {
        grid g;
        if (grid_open(func, d, &g)) goto fail;
        int da[9], dz[9], lwork = -1, liwork = -1, iw = 0;
        double wq = 0;
        double *work = NULL;
        int *iwork = NULL;
        if (desc_of(x, &g, da) || desc_of(z, &g, dz)) {
            st = nd__dist_fail(ND_ERR_VALUE, func, "descinit rejected a descriptor");
        } else { /* the workspace query, then the call; JOBZ 'V' always
                    (pdsyevd supports no other) */
            pdsyevd_("V", "L", &n, nd_data(x->local), &one, &one, da, nd_data(wl), nd_data(zl),
                     &one, &one, dz, &wq, &lwork, &iw, &liwork, &info);
            /* pdsyevd's query undercounts what pdormtr needs when n is
               below the block size (PDORMTR rejected LWORK at n = 5): the
               documented minimum plus pdormtr's nb^2 terms, with room */
            int64_t np = nd_shape(x->local)[0], nq = nd_shape(x->local)[1], N = n, B = BLK;
            int64_t doc = 1 + 6 * N + 2 * np * nq,
                    tri = 3 * N + (B * (np + 1) > 3 * B ? B * (np + 1) : 3 * B);
            int64_t lw = (int64_t)wq > doc ? (int64_t)wq : doc;
            lw = (lw > tri ? lw : tri) + 2 * N + 3 * B * B + 2 * B * (np + nq);
            if (lw > INT32_MAX) lw = INT32_MAX;
            lwork = (int)lw, liwork = iw > 1 ? iw : 1;
            work = malloc((size_t)lwork * sizeof *work);
            iwork = malloc((size_t)liwork * sizeof *iwork);
            if (!work || !iwork)
                st = nd__dist_fail(ND_ERR_NOMEM, func, "Unable to allocate the workspace");
        }
        int ag = nd__dist_agree(d, st);
        if (!ag) {
            pdsyevd_("V", "L", &n, nd_data(x->local), &one, &one, da, nd_data(wl), nd_data(zl),
                     &one, &one, dz, work, &lwork, iwork, &liwork, &info);
            ag = info_agree(d, info, func, "Eigenvalues did not converge");
        }
        /* W is not filled on ranks that own none of the matrix (n below
           the block size): grid (0, 0) holds the first block, take its */
        if (!ag)
            ag = nd__dist_agree(
                d, nd__dist_mpi(func, MPI_Bcast(nd_data(wl), n, MPI_DOUBLE, 0, d->comm)));
        free(work), free(iwork);
        grid_close(&g);
        if (ag) goto fail;
    }
    nd_release(zl), zl = NULL;
    nd_darray_free(x), x = NULL;
    nd_array *wc = t == ND_FLOAT64 ? nd_retain(wl) : nd_astype(wl, t);
    nd_release(wl), wl = NULL;
    wd = wc ? nd__darray_new(func, d, wc, t, 1, &wn, ND_DIST_REPLICATED, NULL) : NULL;
    st = wd ? cast_back(z, t) : (int)nd_last_error();
    if (nd__dist_agree(d, st)) goto fail;
    *w = wd;
    if (v)
        *v = z;
    else
        nd_darray_free(z);
    return ND_OK;
fail:
    nd_release(wl), nd_release(zl);
    nd_darray_free(x), nd_darray_free(z), nd_darray_free(wd);
    return (int)nd_last_error();
#endif
}

/* The first k indices of axis ax of a block-cyclic array, as a split array
   (along ax), upper (ax 0: rows; zero below the diagonal) when triu. */
static nd_darray *leading(const nd_darray *x, int ax, int64_t k, bool triu) {
    nd_darray *r = nd_darray_resplit(x, ax, NULL);
    if (!r) return NULL;
    int64_t off = 0, cnt = nd_darray_count(r, r->d->rank, &off);
    int64_t hi = off + cnt < k ? off + cnt : k, lo = off < hi ? off : hi;
    nd_array *s = nd__dist_slab(r->local, ax, lo - off, hi - off);
    nd_array *c = s ? nd_copy(s) : NULL;
    int st = c ? ND_OK : (int)nd_last_error();
    if (!st && triu && ax == 0) { /* rows lo.. of a k x n upper triangle */
        double *p = nd_data(c);
        int64_t n = nd_shape(c)[1];
        for (int64_t i = 0; i < hi - lo; i++)
            for (int64_t j = 0; j < n && j < lo + i; j++) p[i * n + j] = 0;
    }
    nd_release(s), nd_darray_free(r);
    if (nd__dist_agree(x->d, st)) return nd_release(c), NULL;
    nd_darray *w = nd_darray_wrap(x->d, c, ax);
    nd_release(c);
    return w;
}

int nd_dist_qr(const nd_darray *a, nd_darray **q, nd_darray **r) {
    static const char *func = "nd_dist_qr";
    if (q) *q = NULL;
    if (r) *r = NULL;
    if (!a) return nd__dist_fail(ND_ERR_NULL, func, "a is NULL");
    nd_dist *d = a->d;
    nd_dtype t = ND_FLOAT64;
    int st =
        !q || !r ? nd__dist_fail(ND_ERR_NULL, func, "%s is NULL", q ? "r" : "q")
                 : matrix_check(func, a, false);
    if (!st) st = solver_dtype(func, a, &t);
    if (nd__dist_agree(d, st)) return (int)nd_last_error();
#ifndef ND_HAVE_SCALAPACK
    return nd__dist_agree(d, nd__dist_fail(ND_ERR_UNSUPPORTED, func, "built without ScaLAPACK"));
#else
    nd_darray *x = bc_copy(a, ND_FLOAT64), *rr = NULL, *qq = NULL;
    if (!x) return (int)nd_last_error();
    int m = (int)a->shape[0], n = (int)a->shape[1], k = m < n ? m : n, one = 1, info = 0;
    if (k) {
        grid g;
        if (grid_open(func, d, &g)) goto fail;
        int da[9], lwork = -1;
        double wq = 0, *work = NULL;
        double *tau = malloc(((size_t)nd_shape(x->local)[1] + BLK) * sizeof *tau);
        if (!tau)
            st = nd__dist_fail(ND_ERR_NOMEM, func, "Unable to allocate tau");
        else if (desc_of(x, &g, da))
            st = nd__dist_fail(ND_ERR_VALUE, func, "descinit rejected a descriptor");
        if (!st) { /* the larger of both workspace queries */
            pdgeqrf_(&m, &n, nd_data(x->local), &one, &one, da, tau, &wq, &lwork, &info);
            double w2 = 0;
            pdorgqr_(&m, &k, &k, nd_data(x->local), &one, &one, da, tau, &w2, &lwork, &info);
            lwork = (int)(wq > w2 ? wq : w2) + 1;
            work = malloc((size_t)lwork * sizeof *work);
            if (!work) st = nd__dist_fail(ND_ERR_NOMEM, func, "Unable to allocate the workspace");
        }
        int ag = nd__dist_agree(d, st);
        if (!ag) {
            pdgeqrf_(&m, &n, nd_data(x->local), &one, &one, da, tau, work, &lwork, &info);
            ag = info_agree(d, info, func, "QR did not complete");
        }
        if (!ag) { /* R before Q overwrites it */
            rr = leading(x, 0, k, true);
            ag = rr ? ND_OK : (int)nd_last_error();
        }
        if (!ag) {
            pdorgqr_(&m, &k, &k, nd_data(x->local), &one, &one, da, tau, work, &lwork, &info);
            ag = info_agree(d, info, func, "QR did not complete");
        }
        free(work), free(tau);
        grid_close(&g);
        if (ag) goto fail;
        qq = leading(x, 1, k, false);
    } else { /* empty: Q is m x 0, R is 0 x n */
        rr = leading(x, 0, 0, false);
        qq = rr ? leading(x, 1, 0, false) : NULL;
    }
    if (!qq) goto fail;
    nd_darray_free(x), x = NULL;
    st = cast_back(qq, t);
    if (!st) st = cast_back(rr, t);
    if (nd__dist_agree(d, st)) goto fail;
    *q = qq, *r = rr;
    return ND_OK;
fail:
    nd_darray_free(x), nd_darray_free(rr), nd_darray_free(qq);
    return (int)nd_last_error();
#endif
}

/* A zero m x n block-cyclic float64 array of 64 x 64 blocks. */
static nd_darray *bc_zeros(const char *func, nd_dist *d, int64_t m, int64_t n) {
    int pr, pc;
    nd__dist_grid(d->size, &pr, &pc);
    nd__lay L = {
        .kind = {ND__LAY_CYCLIC, ND__LAY_CYCLIC}, .blk = {BLK, BLK}, .np = {pr, pc}, .gridc = pc};
    int64_t shape[2] = {m, n},
            ls[2] = {nd__lay_extent(&L, 0, d->rank, m), nd__lay_extent(&L, 1, d->rank, n)};
    nd_array *l = nd_zeros_order(ND_FLOAT64, 2, ls, ND_ORDER_F);
    nd_darray *x = l ? nd__darray_bc(func, d, l, ND_FLOAT64, shape, BLK, BLK) : NULL;
    if (nd__dist_agree(d, x ? ND_OK : (int)nd_last_error())) return nd_darray_free(x), NULL;
    return x;
}

int nd_dist_svd(const nd_darray *a, nd_darray **u, nd_darray **s, nd_darray **vt) {
    static const char *func = "nd_dist_svd";
    if (u) *u = NULL;
    if (s) *s = NULL;
    if (vt) *vt = NULL;
    if (!a) return nd__dist_fail(ND_ERR_NULL, func, "a is NULL");
    nd_dist *d = a->d;
    nd_dtype t = ND_FLOAT64;
    int st =
        !u || !s || !vt ? nd__dist_fail(ND_ERR_NULL, func, "u, s and vt must not be NULL")
                        : matrix_check(func, a, false);
    if (!st) st = solver_dtype(func, a, &t);
    if (nd__dist_agree(d, st)) return (int)nd_last_error();
#ifndef ND_HAVE_SCALAPACK
    return nd__dist_agree(d, nd__dist_fail(ND_ERR_UNSUPPORTED, func, "built without ScaLAPACK"));
#else
    int m = (int)a->shape[0], n = (int)a->shape[1], k = m < n ? m : n, one = 1, info = 0;
    int64_t k64 = k;
    nd_darray *x = bc_copy(a, ND_FLOAT64), *uu = NULL, *vv = NULL, *sd = NULL;
    uu = x ? bc_zeros(func, d, m, k) : NULL;
    vv = uu ? bc_zeros(func, d, k, n) : NULL;
    nd_array *sl = vv ? nd_zeros(ND_FLOAT64, 1, &k64) : NULL;
    if (nd__dist_agree(d, sl ? ND_OK : (int)nd_last_error())) goto fail;
    if (k) {
        grid g;
        if (grid_open(func, d, &g)) goto fail;
        int da[9], du[9], dv[9], lwork = -1;
        double wq = 0, *work = NULL;
        if (desc_of(x, &g, da) || desc_of(uu, &g, du) || desc_of(vv, &g, dv)) {
            st = nd__dist_fail(ND_ERR_VALUE, func, "descinit rejected a descriptor");
        } else { /* the workspace query (with room: ScaLAPACK's queries run short) */
            pdgesvd_("V", "V", &m, &n, nd_data(x->local), &one, &one, da, nd_data(sl),
                     nd_data(uu->local), &one, &one, du, nd_data(vv->local), &one, &one, dv, &wq,
                     &lwork, &info);
            int64_t lw = (int64_t)wq * 2 + 4 * (int64_t)BLK * BLK + 16 * (int64_t)(m + n);
            lwork = lw > INT32_MAX ? INT32_MAX : (int)lw;
            work = malloc((size_t)lwork * sizeof *work);
            if (!work) st = nd__dist_fail(ND_ERR_NOMEM, func, "Unable to allocate the workspace");
        }
        int ag = nd__dist_agree(d, st);
        if (!ag) {
            pdgesvd_("V", "V", &m, &n, nd_data(x->local), &one, &one, da, nd_data(sl),
                     nd_data(uu->local), &one, &one, du, nd_data(vv->local), &one, &one, dv, work,
                     &lwork, &info);
            ag = info_agree(d, info, func, "SVD did not converge");
        }
        /* S as every rank's: grid (0, 0)'s (see nd_dist_eigh) */
        if (!ag)
            ag = nd__dist_agree(
                d, nd__dist_mpi(func, MPI_Bcast(nd_data(sl), k, MPI_DOUBLE, 0, d->comm)));
        free(work);
        grid_close(&g);
        if (ag) goto fail;
    }
    nd_darray_free(x), x = NULL;
    nd_array *sc = t == ND_FLOAT64 ? nd_retain(sl) : nd_astype(sl, t);
    nd_release(sl), sl = NULL;
    sd = sc ? nd__darray_new(func, d, sc, t, 1, &k64, ND_DIST_REPLICATED, NULL) : NULL;
    st = sd ? cast_back(uu, t) : (int)nd_last_error();
    if (!st) st = cast_back(vv, t);
    if (nd__dist_agree(d, st)) goto fail;
    *u = uu, *s = sd, *vt = vv;
    return ND_OK;
fail:
    nd_release(sl);
    nd_darray_free(x), nd_darray_free(uu), nd_darray_free(vv), nd_darray_free(sd);
    return (int)nd_last_error();
#endif
}

/* Whether a factored block-cyclic matrix has a zero among its first k
   diagonal entries (this rank's share; agreed by the caller). */
static bool zero_diagonal(const nd_darray *x, int64_t k) {
    nd__lay L;
    nd__lay_of(x, &L);
    int me = x->d->rank;
    int64_t lr = nd_shape(x->local)[0];
    const double *p = nd_data(x->local);
    for (int64_t i = 0; i < k; i++) {
        if ((i / x->mb) % L.np[0] != me / L.gridc || (i / x->nb) % L.np[1] != me % L.gridc)
            continue;
        if (p[nd__lay_local(&L, 1, me, i) * lr + nd__lay_local(&L, 0, me, i)] == 0) return true;
    }
    return false;
}

nd_darray *nd_dist_lstsq(const nd_darray *a, const nd_darray *b) {
    static const char *func = "nd_dist_lstsq";
    if (!a || !b) return nd__dist_fail(ND_ERR_NULL, func, "%s is NULL", a ? "b" : "a"), NULL;
    nd_dist *d = a->d;
    nd_dtype t = ND_FLOAT64, tb = ND_FLOAT64;
    int st =
        a->d != b->d ? nd__dist_fail(ND_ERR_VALUE, func, "a and b are on different contexts")
        : a->ndim != 2 || b->ndim != 2
            ? nd__dist_fail(ND_ERR_SHAPE, func,
                            "a and b must be 2-dimensional, got %d and %d dimensions", a->ndim,
                            b->ndim)
        : b->shape[0] != a->shape[0]
            ? nd__dist_fail(ND_ERR_SHAPE, func, "Incompatible dimensions: a has %lld rows, b %lld",
                            (long long)a->shape[0], (long long)b->shape[0])
            : check_int(func, a);
    if (!st) st = check_int(func, b);
    if (!st) st = solver_dtype(func, a, &t);
    if (!st) st = solver_dtype(func, b, &tb);
    if (nd__dist_agree(d, st)) return NULL;
    nd_dtype rt = t == ND_FLOAT32 && tb == ND_FLOAT32 ? ND_FLOAT32 : ND_FLOAT64;
#ifndef ND_HAVE_SCALAPACK
    (void)rt;
    nd__dist_agree(d, nd__dist_fail(ND_ERR_UNSUPPORTED, func, "built without ScaLAPACK"));
    return NULL;
#else
    int m = (int)a->shape[0], n = (int)a->shape[1], nrhs = (int)b->shape[1], one = 1, info = 0;
    int k = m < n ? m : n;
    nd_darray *x = bc_copy(a, ND_FLOAT64), *bb = x ? bc_copy(b, ND_FLOAT64) : NULL, *bz = NULL,
              *res = NULL;
    if (!bb) goto fail;
    if (n > m) { /* b padded to n rows: a row's local index does not depend on the row count */
        bz = bc_zeros(func, d, n, nrhs);
        if (!bz) goto fail;
        char spec[64];
        snprintf(spec, sizeof spec, ":%lld", (long long)nd_shape(bb->local)[0]);
        nd_array *top = nd_slice(bz->local, spec);
        st = top ? nd_assign(top, bb->local) : (int)nd_last_error();
        nd_release(top);
        if (nd__dist_agree(d, st)) goto fail;
        nd_darray_free(bb), bb = bz, bz = NULL;
    }
    if (k && nrhs) {
        grid g;
        if (grid_open(func, d, &g)) goto fail;
        int da[9], db[9], lwork = -1;
        double wq = 0, *work = NULL;
        if (desc_of(x, &g, da) || desc_of(bb, &g, db)) {
            st = nd__dist_fail(ND_ERR_VALUE, func, "descinit rejected a descriptor");
        } else {
            pdgels_("N", &m, &n, &nrhs, nd_data(x->local), &one, &one, da, nd_data(bb->local), &one,
                    &one, db, &wq, &lwork, &info);
            int64_t lw = (int64_t)wq * 2 + 4 * (int64_t)BLK * BLK;
            lwork = lw > INT32_MAX ? INT32_MAX : (int)lw;
            work = malloc((size_t)lwork * sizeof *work);
            if (!work) st = nd__dist_fail(ND_ERR_NOMEM, func, "Unable to allocate the workspace");
        }
        int ag = nd__dist_agree(d, st);
        if (!ag) {
            pdgels_("N", &m, &n, &nrhs, nd_data(x->local), &one, &one, da, nd_data(bb->local), &one,
                    &one, db, work, &lwork, &info);
            ag = info_agree(d, info, func, "Singular matrix");
        }
        free(work);
        grid_close(&g);
        /* pdgels assumes full rank (NumPy's gelsd does not): a zero on the
           triangular factor's diagonal is an error here */
        if (!ag && zero_diagonal(x, k))
            st = nd__dist_fail(ND_ERR_LINALG, func,
                               "a is rank deficient; pdgels needs full rank (use nd_lstsq)");
        if (ag || nd__dist_agree(d, st)) goto fail;
    }
    res = leading(bb, 0, n, false);
    if (!res) goto fail;
    nd_darray_free(x), nd_darray_free(bb);
    if (nd__dist_agree(d, cast_back(res, rt))) return nd_darray_free(res), NULL;
    return res;
fail:
    nd_darray_free(x), nd_darray_free(bb), nd_darray_free(bz), nd_darray_free(res);
    return NULL;
#endif
}
