/* libnd_dist's argmin/argmax, cumsum/cumprod, .npy through MPI-IO, halos
   and random streams under mpirun -np 1..4: every result, gathered, has the
   bits of single-process nd on the whole array (computed by every rank
   itself), across dtypes, layouts (balanced, all on one rank, empty ranks,
   every split axis) and awkward sizes; every rank returns the same status,
   also when one rank's allocation fails. A plain program (no Check: its
   fork mode does not mix with MPI); exits non-zero on any failure. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dist/dist_internal.h"
#include "nd/io.h"
#include "nd/random.h"

/* the same stream on every rank: every rank builds the same arrays */
#define ND_DIST_TEST_SEED 0x9E3779B97F4A7C15ull
#include "nd_dist_test.h"

/* Values of t. ties: few distinct values (argmin/argmax ties) with some
   NaNs; else mixed signs and magnitudes (sums that depend on the order). */
static nd_array *make(nd_dtype t, int ndim, const int64_t *shape, bool ties) {
    nd_array *a = nd_empty(ND_FLOAT64, ndim, shape);
    double *p = nd_data(a);
    bool flt = t >= ND_FLOAT16;
    for (int64_t i = 0; i < nd_size(a); i++) {
        double u = (double)(next() >> 11) / 9007199254740992.0 - 0.4;
        if (ties)
            p[i] = flt && next() % 97 == 0 ? NAN : floor(u * 6);
        else
            p[i] = t == ND_BOOL     ? (double)(u > 0.3)
                   : t <= ND_UINT64 ? floor(u * 200)
                                    : ldexp(u, (int)(next() % 24) - 12);
    }
    nd_array *b = nd_astype(a, t);
    if (t == ND_COMPLEX128 || t == ND_COMPLEX64) {
        nd_array *im = nd_imag(b);
        nd_array *c = make(t == ND_COMPLEX128 ? ND_FLOAT64 : ND_FLOAT32, ndim, shape, ties);
        nd_assign(im, c);
        nd_release(c), nd_release(im);
    }
    nd_release(a);
    return b;
}

static bool same(const nd_array *a, const nd_array *b) {
    if (!a || !b || nd_get_dtype(a) != nd_get_dtype(b) || nd_ndim(a) != nd_ndim(b)) return false;
    if (memcmp(nd_shape(a), nd_shape(b), (size_t)nd_ndim(a) * 8)) return false;
    nd_array *x = nd_copy(a), *y = nd_copy(b);
    bool r = x && y && !memcmp(nd_data(x), nd_data(y), (size_t)nd_nbytes(x));
    nd_release(x), nd_release(y);
    return r;
}

/* gathered on root and compared there; the verdict shared */
static bool gathered_is(const nd_darray *x, const nd_array *ref, int root) {
    nd_array *g = NULL;
    int st = x ? nd_darray_gather(x, root, &g) : ND_ERR_NULL;
    int ok = !st && (rank != root || same(g, ref)), all = 0;
    MPI_Allreduce(&ok, &all, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD);
    nd_release(g);
    return all;
}

/* counts for layout k of n indices: balanced, all on the last rank, all on
   the first, random with empty ranks */
static int64_t *layout(int k, int64_t n, int64_t *buf) {
    if (k == 0) return NULL;
    for (int r = 0; r < nproc; r++) buf[r] = 0;
    if (k == 1)
        buf[nproc - 1] = n;
    else if (k == 2)
        buf[0] = n;
    else {
        int64_t left = n;
        for (int r = 0; r < nproc - 1; r++) {
            buf[r] = (next() % 3 == 0) ? 0 : (int64_t)(next() % (uint64_t)(left + 1));
            left -= buf[r];
        }
        buf[nproc - 1] = left;
    }
    return buf;
}

/* the status (and for failures the error) is the same on every rank */
static bool agreed(bool ok) {
    int v[2] = {ok, (int)nd_last_error()}, lo[2], hi[2];
    if (ok) v[1] = 0;
    MPI_Allreduce(v, lo, 2, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    MPI_Allreduce(v, hi, 2, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    return lo[0] == hi[0] && lo[1] == hi[1];
}

/* ---- argmin / argmax ------------------------------------------------------- */

static void check_arg(const nd_array *a, const nd_darray *x, const char *what) {
    for (int ax = -1; ax < nd_ndim(a); ax++)
        for (int kd = 0; kd < 2; kd++)
            for (int mx = 0; mx < 2; mx++) {
                int axis = ax < 0 ? ND_AXIS_ALL : ax;
                nd_clear_error();
                nd_array *ref = mx ? nd_argmax(a, axis, kd, NULL) : nd_argmin(a, axis, kd, NULL);
                nd_status rs = nd_last_error();
                nd_clear_error();
                nd_darray *r = mx ? nd_dist_argmax(x, axis, kd) : nd_dist_argmin(x, axis, kd);
                if (ref)
                    CHECK(agreed(r) && gathered_is(r, ref, (ax + 2) % nproc), "%s: arg%s axis %d",
                          what, mx ? "max" : "min", ax);
                else
                    CHECK(agreed(r) && !r && nd_last_error() == rs, "%s: arg%s axis %d error", what,
                          mx ? "max" : "min", ax);
                nd_darray_free(r), nd_release(ref);
            }
    nd_clear_error();
}

static const nd_dtype arg_dtypes[] = {ND_FLOAT64, ND_FLOAT32, ND_FLOAT16, ND_COMPLEX128,
                                      ND_INT32,   ND_UINT8,   ND_BOOL};

static void test_arg(nd_dist *d) {
    static const int64_t sizes[] = {0, 1, 5, 129, 300};
    for (size_t t = 0; t < sizeof arg_dtypes / sizeof *arg_dtypes; t++)
        for (size_t si = 0; si < sizeof sizes / sizeof *sizes; si++)
            for (int k = 0; k < 4; k++) {
                int64_t n = sizes[si], cbuf[64];
                nd_array *a = make(arg_dtypes[t], 1, &n, true);
                nd_darray *x = nd_darray_scatter(d, a, 0, 0, layout(k, n, cbuf));
                char what[96];
                snprintf(what, sizeof what, "argmin 1-D %s n=%lld layout %d",
                         nd_dtype_name(arg_dtypes[t]), (long long)n, k);
                CHECK(x != NULL, "%s: scatter", what);
                if (x) check_arg(a, x, what);
                nd_darray_free(x), nd_release(a);
            }
    static const int64_t shapes[][3] = {{7, 30, 0}, {0, 5, 0}, {5, 0, 0}, {3, 4, 13}, {11, 2, 3}};
    static const int nds[] = {2, 2, 2, 3, 3};
    for (size_t t = 0; t < sizeof arg_dtypes / sizeof *arg_dtypes; t += 2)
        for (int s = 0; s < 5; s++)
            for (int ax = 0; ax < nds[s]; ax++) {
                int64_t cbuf[64];
                nd_array *a = make(arg_dtypes[t], nds[s], shapes[s], true);
                nd_darray *x = nd_darray_scatter(d, a, 0, ax, layout(3, shapes[s][ax], cbuf));
                char what[96];
                snprintf(what, sizeof what, "argmin %s shape %d split %d",
                         nd_dtype_name(arg_dtypes[t]), s, ax);
                CHECK(x != NULL, "%s: scatter", what);
                if (x) check_arg(a, x, what);
                nd_darray_free(x), nd_release(a);
            }
}

/* ---- cumsum / cumprod ------------------------------------------------------ */

static void check_cum(const nd_array *a, const nd_darray *x, const char *what, bool prod) {
    for (int ax = -1; ax < nd_ndim(a); ax++) {
        int axis = ax < 0 ? ND_AXIS_ALL : ax;
        nd_fp_clear();
        nd_array *ref = prod ? nd_cumprod(a, axis, NULL) : nd_cumsum(a, axis, NULL);
        int rf = nd_fp_flags();
        nd_fp_clear();
        nd_darray *r = prod ? nd_dist_cumprod(x, axis) : nd_dist_cumsum(x, axis);
        CHECK(agreed(r) && gathered_is(r, ref, (ax + 1 + nproc) % nproc) && nd_fp_flags() == rf,
              "%s: cum%s axis %d (flags %d, %d)", what, prod ? "prod" : "sum", ax, nd_fp_flags(),
              rf);
        /* the result keeps x's layout (flattened: split along 0) */
        if (r && ax >= 0)
            CHECK(nd_darray_split_axis(r) == nd_darray_split_axis(x) &&
                      nd_darray_count(r, nproc - 1, NULL) == nd_darray_count(x, nproc - 1, NULL),
                  "%s: cumsum layout", what);
        nd_darray_free(r), nd_release(ref);
    }
    nd_clear_error();
}

static void test_cum(nd_dist *d) {
    static const nd_dtype dts[] = {ND_FLOAT64, ND_FLOAT32, ND_INT32,   ND_UINT8,
                                   ND_BOOL,    ND_INT64,   ND_FLOAT16, ND_COMPLEX64};
    /* past one and two of nd's 65,536-element blocks, and small */
    static const int64_t sizes[] = {0, 1, 300, 65536, 65537, 131149, 200003};
    for (size_t t = 0; t < sizeof dts / sizeof *dts; t++)
        for (size_t si = 0; si < sizeof sizes / sizeof *sizes; si++)
            for (int k = 0; k < 4; k++) {
                int64_t n = sizes[si], cbuf[64];
                /* every layout for the blocked floats; random counts elsewhere */
                if (t >= 2 && k != 3) continue;
                if (t >= 4 && n > 65537) continue;
                nd_array *a = make(dts[t], 1, &n, false);
                nd_darray *x = nd_darray_scatter(d, a, 0, 0, layout(k, n, cbuf));
                char what[96];
                snprintf(what, sizeof what, "cumsum 1-D %s n=%lld layout %d", nd_dtype_name(dts[t]),
                         (long long)n, k);
                CHECK(x != NULL, "%s: scatter", what);
                if (x) check_cum(a, x, what, false);
                if (x && n <= 300) check_cum(a, x, what, true);
                nd_darray_free(x), nd_release(a);
            }
    /* float32 whose earlier blocks' total passes FLT_MAX: no float prefix
       can carry it, the run goes to rank 0 (nd's overflow flag too) */
    int64_t nbig = 140000;
    nd_array *big = nd_full(ND_FLOAT32, 1, &nbig, 3e38);
    nd_darray *xb = nd_darray_scatter(d, big, 0, 0, NULL);
    check_cum(big, xb, "cumsum float32 past FLT_MAX", false);
    nd_darray_free(xb), nd_release(big);
    /* float64 whose offset is inf, then NaN: the prefix carries them too */
    big = nd_full(ND_FLOAT64, 1, &nbig, 1e308);
    nd_set_f64(big, (int64_t[]){70000}, -INFINITY);
    xb = nd_darray_scatter(d, big, 0, 0, NULL);
    check_cum(big, xb, "cumsum float64 past DBL_MAX", false);
    nd_darray_free(xb), nd_release(big);
    /* N-D: every split axis, every cumulative axis, blocks in the columns */
    static const int64_t shapes[][3] = {{66000, 3, 0}, {3, 70001, 0}, {0, 5, 0}, {4, 3, 5}};
    static const int nds[] = {2, 2, 2, 3};
    for (size_t t = 0; t < 3; t++)
        for (int s = 0; s < 4; s++)
            for (int ax = 0; ax < nds[s]; ax++) {
                int64_t cbuf[64];
                nd_array *a = make(dts[t], nds[s], shapes[s], false);
                nd_darray *x =
                    nd_darray_scatter(d, a, nproc - 1, ax, layout(3, shapes[s][ax], cbuf));
                char what[96];
                snprintf(what, sizeof what, "cumsum %s shape %d split %d", nd_dtype_name(dts[t]), s,
                         ax);
                CHECK(x != NULL, "%s: scatter", what);
                if (x) check_cum(a, x, what, false);
                if (x && s >= 2) check_cum(a, x, what, true);
                nd_darray_free(x), nd_release(a);
            }
}

/* ---- .npy through MPI-IO -------------------------------------------------- */

static char npy_path[256], npy_ref[256];

/* the file's bytes (NULL if it cannot be read) */
static char *slurp(const char *path, long *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    *len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc(*len ? (size_t)*len : 1);
    if (b && fread(b, 1, (size_t)*len, f) != (size_t)*len) free(b), b = NULL;
    fclose(f);
    return b;
}

/* rank 0 compares the file with nd_save_npy's of the whole array */
static bool same_file(const nd_array *a) {
    int ok = 1;
    if (rank == 0) {
        long l1 = 0, l2 = 0;
        char *b1 = NULL, *b2 = NULL;
        ok = nd_save_npy(npy_ref, a) == ND_OK && (b1 = slurp(npy_path, &l1)) &&
             (b2 = slurp(npy_ref, &l2)) && l1 == l2 && !memcmp(b1, b2, (size_t)l1);
        free(b1), free(b2);
    }
    MPI_Bcast(&ok, 1, MPI_INT, 0, MPI_COMM_WORLD);
    return ok;
}

static void check_npy(nd_dist *d, const nd_array *a, const nd_darray *x, const char *what) {
    CHECK(agreed(nd_dist_save_npy(x, npy_path) == ND_OK) && same_file(a), "%s: save", what);
    int64_t cbuf[64];
    int nd = nd_ndim(a);
    for (int to = -1; to < nd; to++) { /* load split along every axis, and replicated */
        int ax = to < 0 ? ND_DIST_REPLICATED : to;
        nd_darray *y =
            nd_dist_load_npy(d, npy_path, ax, to < 0 ? NULL : layout(3, nd_shape(a)[to], cbuf));
        CHECK(agreed(y) && gathered_is(y, a, nproc - 1) && nd_darray_split_axis(y) == ax,
              "%s: load split %d", what, to);
        nd_darray_free(y);
    }
}

static void test_npy(nd_dist *d) {
    static const nd_dtype dts[] = {ND_FLOAT64, ND_COMPLEX64, ND_INT16, ND_BOOL, ND_FLOAT16};
    static const int64_t shapes[][3] = {{0, 0, 0},  {1, 0, 0}, {300, 0, 0}, {7, 300, 0},
                                        {3, 4, 13}, {0, 5, 0}, {4, 0, 3},   {0, 0, 0}};
    static const int nds[] = {1, 1, 1, 2, 3, 2, 3, 0};
    for (size_t t = 0; t < sizeof dts / sizeof *dts; t++)
        for (int s = 0; s < 8; s++)
            for (int ax = -1; ax < nds[s]; ax++) {
                if (t > 0 && s != 3 && s != 4) continue; /* every shape for float64 */
                int64_t cbuf[64];
                nd_array *a = make(dts[t], nds[s], shapes[s], false);
                int split = ax < 0 ? ND_DIST_REPLICATED : ax;
                nd_darray *x = nd_darray_scatter(d, a, 0, split,
                                                 ax < 0 ? NULL : layout(3, shapes[s][ax], cbuf));
                char what[96];
                snprintf(what, sizeof what, "npy %s shape %d split %d", nd_dtype_name(dts[t]), s,
                         ax);
                CHECK(x != NULL, "%s: scatter", what);
                if (x) check_npy(d, a, x, what);
                nd_darray_free(x), nd_release(a);
            }
    /* a longer file is cut to the new length; a non-contiguous piece */
    int64_t big = 5000, sh[2] = {6, 10};
    nd_array *a = make(ND_FLOAT64, 1, &big, false), *b = make(ND_INT32, 2, sh, false);
    nd_array *bt = nd_transpose(b, NULL);
    nd_darray *x = nd_darray_scatter(d, a, 0, 0, NULL);
    nd_darray *y = nd_darray_wrap(d, bt, ND_DIST_REPLICATED); /* every rank's own view */
    nd_array *btc = nd_copy(bt);                              /* the gathered array is C-ordered */
    CHECK(nd_dist_save_npy(x, npy_path) == ND_OK && nd_dist_save_npy(y, npy_path) == ND_OK &&
              same_file(btc),
          "npy: overwrite a longer file with a transposed replicated array");
    nd_darray_free(x), nd_darray_free(y), nd_release(a), nd_release(b), nd_release(bt);
    nd_release(btc);
    /* errors agreed on every rank */
    nd_clear_error();
    char missing[300];
    snprintf(missing, sizeof missing, "%s.missing", npy_path);
    nd_darray *z = nd_dist_load_npy(d, missing, 0, NULL);
    CHECK(agreed(z) && !z && nd_last_error() != ND_OK, "npy: a missing file");
    nd_clear_error();
    nd_array *m = make(ND_FLOAT64, 2, sh, false), *mt = nd_transpose(m, NULL);
    if (rank == 0) nd_save_npy(npy_ref, mt); /* a Fortran-ordered file */
    nd_release(m), nd_release(mt);
    MPI_Barrier(MPI_COMM_WORLD);
    z = nd_dist_load_npy(d, npy_ref, 0, NULL);
    CHECK(agreed(z) && !z && nd_last_error() == ND_ERR_UNSUPPORTED, "npy: a Fortran file");
    nd_clear_error();
}

/* ---- halo exchange ------------------------------------------------------- */

static void check_halo(const nd_array *a, const nd_darray *x, int64_t width, const char *what) {
    int ax = nd_darray_split_axis(x);
    int64_t off = 0, cnt = nd_darray_count(x, rank, &off), n = nd_shape(a)[ax];
    int64_t lo = off > width ? off - width : 0,
            hi = n - (off + cnt) > width ? off + cnt + width : n;
    if (!cnt) lo = hi = off;
    nd_array *ref = nd__dist_slab(a, ax, lo, hi);
    int64_t before = -1, after = -1;
    nd_array *h = nd_darray_halo(x, width, &before, &after);
    CHECK(agreed(h) && same(h, ref) && before == off - lo && after == hi - off - cnt,
          "%s: halo width %lld (%lld, %lld)", what, (long long)width, (long long)before,
          (long long)after);
    nd_release(h), nd_release(ref);
}

static void test_halo(nd_dist *d) {
    static const int64_t sizes[] = {0, 1, 7, 50};
    static const int64_t widths[] = {0, 1, 3, 100};
    for (size_t si = 0; si < 4; si++)
        for (int k = 0; k < 4; k++) {
            int64_t n = sizes[si], cbuf[64];
            nd_array *a = make(ND_FLOAT64, 1, &n, false);
            nd_darray *x = nd_darray_scatter(d, a, 0, 0, layout(k, n, cbuf));
            char what[96];
            snprintf(what, sizeof what, "halo n=%lld layout %d", (long long)n, k);
            for (int w = 0; w < 4 && x; w++) check_halo(a, x, widths[w], what);
            nd_darray_free(x), nd_release(a);
        }
    int64_t sh[3] = {4, 9, 5}, cbuf[64];
    nd_array *a = make(ND_COMPLEX128, 3, sh, false);
    for (int ax = 0; ax < 3; ax++) {
        nd_darray *x = nd_darray_scatter(d, a, 0, ax, layout(3, sh[ax], cbuf));
        for (int64_t w = 1; w < 4 && x; w += 2) check_halo(a, x, w, "halo 3-D");
        nd_darray_free(x);
    }
    nd_darray *r = nd_darray_scatter(d, a, 0, ND_DIST_REPLICATED, NULL);
    int64_t b = -1, e = -1;
    nd_array *h = nd_darray_halo(r, 2, &b, &e);
    CHECK(same(h, a) && b == 0 && e == 0, "halo of a replicated array");
    nd_release(h);
    nd_clear_error();
    h = nd_darray_halo(r, -1, NULL, NULL);
    CHECK(agreed(h) && !h && nd_last_error() == ND_ERR_VALUE, "halo: negative width");
    nd_clear_error();
    nd_darray_free(r), nd_release(a);
}

/* ---- transpose ------------------------------------------------------------ */

static void test_transpose(nd_dist *d) {
    int64_t shape[3] = {5, 7, 3}, cbuf[64];
    nd_array *a = make(ND_FLOAT64, 3, shape, false);
    static const int perms[][3] = {{2, 1, 0}, {1, 0, 2}, {0, 2, 1}, {-1, 0, 1}};
    for (int ax = -1; ax < 3; ax++)
        for (int k = 0; k < 4; k += 3) {
            nd_darray *x = nd_darray_scatter(d, a, 0, ax < 0 ? ND_DIST_REPLICATED : ax,
                                             ax < 0 ? NULL : layout(k, shape[ax], cbuf));
            for (int p = 0; p < 5; p++) {
                const int *axes = p < 4 ? perms[p] : NULL;
                nd_array *want = nd_transpose(a, axes);
                nd_darray *t = nd_darray_transpose(x, axes);
                nd_darray *t0 = t ? nd_darray_resplit(t, 0, NULL) : NULL;
                CHECK(agreed(t) && gathered_is(t, want, 0) && gathered_is(t0, want, 0),
                      "transpose split %d layout %d perm %d", ax, k, p);
                nd_darray_free(t), nd_darray_free(t0), nd_release(want);
            }
            nd_darray_free(x);
        }
    nd_array *m = make(ND_FLOAT64, 2, (int64_t[]){9, 6}, false), *mt = nd_transpose(m, NULL);
    nd_darray *x = nd_darray_scatter(d, m, 0, 0, NULL), *bc = nd_darray_blockcyclic(x, 2, 4);
    nd_darray *t = nd_darray_transpose(bc, NULL);
    CHECK(agreed(t) && gathered_is(t, mt, 0), "transpose of a block-cyclic matrix");
    nd_darray_free(t);
    nd_clear_error();
    t = nd_darray_transpose(x, (int[]){0, 0});
    CHECK(agreed(t) && !t && nd_last_error() == ND_ERR_VALUE, "transpose: repeated axis");
    nd_clear_error();
    t = nd_darray_transpose(x, (int[]){0, 2});
    CHECK(agreed(t) && !t && nd_last_error() == ND_ERR_AXIS, "transpose: axis out of range");
    nd_clear_error();
    nd_darray_free(x), nd_darray_free(bc), nd_release(m), nd_release(mt), nd_release(a);
}

/* ---- random streams ------------------------------------------------------ */

static void check_random(nd_dist *d, nd_bitgen kind, int ndim, const int64_t *shape, int ax,
                         int k) {
    int64_t cbuf[64];
    nd_rng *g = nd_rng_new_bitgen(kind, 12345), *h = nd_rng_new_bitgen(kind, 12345);
    nd_array *ref = nd_random(h, ndim, shape, NULL);
    nd_darray *x = nd_dist_random(d, g, ndim, shape, ax < 0 ? ND_DIST_REPLICATED : ax,
                                  ax < 0 ? NULL : layout(k, shape[ax], cbuf));
    /* the generators continue alike too */
    nd_array *n1 = nd_random(g, 1, (int64_t[]){7}, NULL),
             *n2 = nd_random(h, 1, (int64_t[]){7}, NULL);
    CHECK(agreed(x) && gathered_is(x, ref, 0) && same(n1, n2),
          "random %s ndim %d split %d layout %d", kind == ND_BITGEN_PCG64 ? "pcg64" : "pcg64dxsm",
          ndim, ax, k);
    nd_release(n1), nd_release(n2), nd_release(ref), nd_darray_free(x);
    nd_rng_free(g), nd_rng_free(h);
}

/* normals: any bit generator, the state handed from rank to rank */
static void check_normal(nd_dist *d, nd_rng *g, nd_rng *h, int ndim, const int64_t *shape, int ax,
                         int k) {
    int64_t cbuf[64];
    nd_array *ref = nd_standard_normal(h, ndim, shape, NULL);
    nd_darray *x = nd_dist_standard_normal(d, g, ndim, shape, ax < 0 ? ND_DIST_REPLICATED : ax,
                                           ax < 0 ? NULL : layout(k, shape[ax], cbuf));
    nd_array *n1 = nd_standard_normal(g, 1, (int64_t[]){7}, NULL),
             *n2 = nd_standard_normal(h, 1, (int64_t[]){7}, NULL);
    CHECK(agreed(x) && gathered_is(x, ref, 0) && same(n1, n2), "normal ndim %d split %d layout %d",
          ndim, ax, k);
    nd_release(n1), nd_release(n2), nd_release(ref), nd_darray_free(x);
}

static void test_random(nd_dist *d) {
    static const int64_t shapes[][3] = {{1000, 0, 0}, {7, 30, 0}, {3, 4, 13}, {0, 5, 0}, {0, 0, 0}};
    static const int nds[] = {1, 2, 3, 2, 0};
    for (int s = 0; s < 5; s++)
        for (int ax = -1; ax < nds[s]; ax++)
            for (int k = 0; k < 4; k += 3) {
                check_random(d, ND_BITGEN_PCG64, nds[s], shapes[s], ax, k);
                if (s == 2) check_random(d, ND_BITGEN_PCG64DXSM, nds[s], shapes[s], ax, k);
            }
    for (int s = 0; s < 5; s++)
        for (int ax = -1; ax < nds[s]; ax++)
            for (int k = 0; k < 4; k += 3) {
                nd_rng *g1 = s % 2 ? nd_rng_new_philox(7) : nd_rng_new(7),
                       *h1 = s % 2 ? nd_rng_new_philox(7) : nd_rng_new(7);
                check_normal(d, g1, h1, nds[s], shapes[s], ax, k);
                nd_rng_free(g1), nd_rng_free(h1);
            }
    {
        nd_rng *g1 = nd_rng_new(3);
        nd_clear_error();
        nd_darray *bad = nd_dist_standard_normal(d, g1, 1, (int64_t[]){-2}, 0, NULL);
        CHECK(agreed(bad) && !bad && nd_last_error() == ND_ERR_VALUE, "normal: negative extent");
        nd_clear_error();
        bad = nd_dist_standard_normal(d, g1, 1, (int64_t[]){4}, 3, NULL);
        CHECK(agreed(bad) && !bad && nd_last_error() == ND_ERR_AXIS, "normal: bad axis");
        nd_clear_error();
        nd_rng_free(g1);
    }
    nd_rng *g = nd_rng_new_philox(1);
    nd_clear_error();
    nd_darray *x = nd_dist_random(d, g, 1, (int64_t[]){10}, 0, NULL);
    CHECK(agreed(x) && !x && nd_last_error() == ND_ERR_UNSUPPORTED, "random: philox refused");
    nd_clear_error();
    nd_rng_free(g);
    g = nd_rng_new(1);
    x = nd_dist_random(d, g, 1, (int64_t[]){-1}, 0, NULL);
    CHECK(agreed(x) && !x && nd_last_error() == ND_ERR_VALUE, "random: negative extent");
    nd_clear_error();
    int64_t cbuf[64];
    layout(1, 10, cbuf);
    if (nproc > 1 && rank == 0) cbuf[0] = 10, cbuf[nproc - 1] = 0;
    x = nd_dist_random(d, g, 1, (int64_t[]){10}, 0, cbuf);
    CHECK(agreed(x) && (nproc == 1 ? x != NULL : !x && nd_last_error() == ND_ERR_VALUE),
          "random: counts differ between ranks");
    nd_darray_free(x);
    nd_clear_error();
    nd_darray *y = nd_dist_load_npy(d, npy_path, 0, cbuf);
    CHECK(agreed(y) && (nproc == 1 ? y != NULL : !y && nd_last_error() == ND_ERR_VALUE),
          "load: counts differ between ranks");
    nd_darray_free(y);
    nd_clear_error();
    nd_rng_free(g);
}

/* ---- forced allocation failures on one rank ------------------------------- */

/* The entry points walked, each on its input, compared with ref. */
typedef enum {
    T_ARGMIN,
    T_ARGMAX_ALL,
    T_CUMSUM,
    T_CUMSUM_ALL,
    T_CUMPROD,
    T_SAVE,
    T_LOAD,
    T_HALO,
    T_RANDOM,
    T_NORMAL
} trial_kind;

/* One call; its result as a distributed array, or for the calls that
   return none a status; *local receives the halo. */
static nd_darray *trial(nd_dist *d, trial_kind k, const nd_darray *x, nd_rng *g, int *st,
                        nd_array **local) {
    *st = ND_OK;
    switch (k) {
    case T_ARGMIN:
        return nd_dist_argmin(x, 0, false);
    case T_ARGMAX_ALL:
        return nd_dist_argmax(x, ND_AXIS_ALL, false);
    case T_CUMSUM:
        return nd_dist_cumsum(x, 0);
    case T_CUMSUM_ALL:
        return nd_dist_cumsum(x, ND_AXIS_ALL);
    case T_CUMPROD:
        return nd_dist_cumprod(x, 0);
    case T_SAVE:
        *st = nd_dist_save_npy(x, npy_path);
        return NULL;
    case T_LOAD:
        return nd_dist_load_npy(d, npy_path, 0, NULL);
    case T_HALO:
        *local = nd_darray_halo(x, 3, NULL, NULL);
        *st = *local ? ND_OK : (int)nd_last_error();
        return NULL;
    case T_RANDOM:
        return nd_dist_random(d, g, 1, (int64_t[]){3000}, 0, NULL);
    case T_NORMAL:
        return nd_dist_standard_normal(d, g, 2, (int64_t[]){300, 10}, 1, NULL);
    }
    return NULL;
}

/* each of one rank's first allocations fails in turn: every rank fails
   alike (ND_ERR_NOMEM) or succeeds alike with the right result */
static void walk(nd_dist *d, const char *name, trial_kind k, const nd_darray *x,
                 const nd_array *ref, long upto) {
    for (int who = 0; who<nproc; who += nproc> 1 ? nproc - 1 : 1)
        for (long nth = 1; nth < upto; nth++) {
            nd_clear_error();
            nd_rng *g = k == T_RANDOM || k == T_NORMAL ? nd_rng_new(5) : NULL;
            nd_array *local = NULL;
            int st = ND_OK;
            if (rank == who) nd_debug_fail_alloc(nth);
            nd_darray *r = trial(d, k, x, g, &st, &local);
            if (rank == who) nd_debug_fail_alloc(0);
            bool ok = r || ((k == T_SAVE || k == T_HALO) && !st);
            bool all = agreed(ok);
            CHECK(all, "%s: allocation %ld failing on rank %d: ranks disagree", name, nth, who);
            CHECK(ok || nd_last_error() == ND_ERR_NOMEM, "%s: allocation %ld: status %s", name, nth,
                  nd_status_name(nd_last_error()));
            if (all && ok)
                CHECK(k == T_SAVE   ? same_file(ref)
                      : k == T_HALO ? same(local, ref)
                                    : gathered_is(r, ref, 0),
                      "%s: allocation %ld: the result", name, nth);
            nd_darray_free(r), nd_release(local), nd_rng_free(g);
        }
    nd_clear_error();
}

static void test_alloc(nd_dist *d) {
    int64_t n = 70001, cbuf[64];
    nd_array *a = make(ND_FLOAT64, 1, &n, true), *c = make(ND_FLOAT32, 1, &n, false);
    nd_array *s = make(ND_INT32, 2, (int64_t[]){300, 3}, false);
    nd_darray *x = nd_darray_scatter(d, a, 0, 0, layout(3, n, cbuf));
    nd_darray *y = nd_darray_scatter(d, c, 0, 0, NULL);
    nd_darray *z = nd_darray_scatter(d, s, 0, 1, NULL);
    nd_darray *zr = nd_darray_scatter(d, s, 0, 0, layout(3, 300, cbuf));
    nd_array *r1 = nd_argmin(a, 0, false, NULL), *r2 = nd_argmax(a, ND_AXIS_ALL, false, NULL);
    nd_array *r3 = nd_cumsum(c, 0, NULL), *r4 = nd_cumsum(c, ND_AXIS_ALL, NULL);
    nd_array *r5 = nd_cumprod(s, 0, NULL);
    nd_rng *g = nd_rng_new(5);
    nd_array *r6 = nd_random(g, 1, (int64_t[]){3000}, NULL);
    nd_rng_free(g);
    g = nd_rng_new(5);
    nd_array *r8 = nd_standard_normal(g, 2, (int64_t[]){300, 10}, NULL);
    int64_t off = 0, cnt = nd_darray_count(zr, rank, &off);
    nd_array *r7 = nd__dist_slab(s, 0, off > 3 ? off - 3 : 0,
                                 cnt ? (300 - off - cnt > 3 ? off + cnt + 3 : 300) : off);
    if (!cnt) nd_release(r7), r7 = nd__dist_slab(s, 0, off, off);
    walk(d, "argmin", T_ARGMIN, x, r1, 40);
    walk(d, "argmax all", T_ARGMAX_ALL, x, r2, 30);
    walk(d, "cumsum", T_CUMSUM, y, r3, 60);
    walk(d, "cumsum all", T_CUMSUM_ALL, y, r4, 20);
    walk(d, "cumprod", T_CUMPROD, zr, r5, 30);
    walk(d, "save", T_SAVE, z, s, 20);
    nd_dist_save_npy(z, npy_path);
    walk(d, "load", T_LOAD, NULL, s, 20);
    walk(d, "halo", T_HALO, zr, r7, 20);
    walk(d, "random", T_RANDOM, NULL, r6, 20);
    walk(d, "normal", T_NORMAL, NULL, r8, 40);
    nd_release(r8);
    nd_release(r1), nd_release(r2), nd_release(r3), nd_release(r4), nd_release(r5);
    nd_release(r6), nd_release(r7), nd_rng_free(g);
    nd_darray_free(x), nd_darray_free(y), nd_darray_free(z), nd_darray_free(zr);
    nd_release(a), nd_release(c), nd_release(s);
}

/* messages cut small: the >2^31 paths at a size the machine holds */
static void test_small_messages(nd_dist *d) {
    int64_t saved = nd_dist_debug_max_msg, n = 131149, cbuf[64];
    nd_dist_debug_max_msg = 1000;
    nd_array *a = make(ND_FLOAT64, 1, &n, false),
             *b = make(ND_INT64, 2, (int64_t[]){9, 301}, false);
    nd_darray *x = nd_darray_scatter(d, a, 0, 0, layout(3, n, cbuf));
    nd_darray *y = nd_darray_scatter(d, b, 0, 0, layout(3, 9, cbuf));
    check_cum(a, x, "small messages f64", false);
    check_cum(b, y, "small messages i64", false);
    check_arg(b, y, "small messages i64");
    nd_darray *z = nd_darray_scatter(d, b, 0, 1, layout(3, 301, cbuf));
    check_npy(d, a, x, "small messages f64");
    check_npy(d, b, z, "small messages i64 split 1");
    check_halo(b, z, 40, "small messages");
    check_random(d, ND_BITGEN_PCG64, 2, (int64_t[]){9, 301}, 1, 3);
    nd_darray_free(z);
    nd_darray_free(x), nd_darray_free(y), nd_release(a), nd_release(b);
    nd_dist_debug_max_msg = saved;
}

int main(int argc, char **argv) {
    LSAN_OFF();
    MPI_Init(&argc, &argv);
    LSAN_ON();
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &nproc);
    nd_dist *d = nd_dist_create(MPI_COMM_WORLD);
    CHECK(d != NULL, "context");
    /* a temporary directory's files, named on rank 0 (ranks share /tmp here) */
    if (rank == 0) {
        const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
        snprintf(npy_path, sizeof npy_path, "%s/nd_dist_ops_%ld.npy", tmp, (long)getpid());
        snprintf(npy_ref, sizeof npy_ref, "%s/nd_dist_ops_%ld_ref.npy", tmp, (long)getpid());
    }
    MPI_Bcast(npy_path, sizeof npy_path, MPI_CHAR, 0, MPI_COMM_WORLD);
    MPI_Bcast(npy_ref, sizeof npy_ref, MPI_CHAR, 0, MPI_COMM_WORLD);
    const char *only = getenv("ND_DIST_OPS_ONLY"); /* a debugging aid: one part */
#define PART(name, fn)                                                                             \
    if (!only || !strcmp(only, name)) fn(d)
    PART("arg", test_arg);
    PART("cum", test_cum);
    PART("npy", test_npy);
    PART("halo", test_halo);
    PART("random", test_random);
    PART("transpose", test_transpose);
    PART("small", test_small_messages);
    PART("alloc", test_alloc);
    nd_dist_free(d);
    if (rank == 0) remove(npy_path), remove(npy_ref);
    int total = 0;
    MPI_Allreduce(&fails, &total, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    if (rank == 0)
        printf("test_dist_ops: %d ranks, %d checks per rank, %d failures\n", nproc, checks, total);
    LSAN_OFF();
    MPI_Finalize();
    LSAN_ON();
    return total ? 1 : 0;
}
