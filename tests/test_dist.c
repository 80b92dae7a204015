/* libnd_dist under mpirun -np 1..4: every distributed result, gathered, has
   the bits of single-process nd on the whole array (the reference each
   rank computes itself), across dtypes, layouts (balanced, uneven, empty
   ranks, every split axis) and awkward sizes; every rank returns the same
   status, also when only one rank fails. A plain program (no Check: its
   fork mode does not mix with MPI); exits non-zero on any failure. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dist/dist_internal.h"

#include "nd_dist_test.h"

/* values whose sums depend on the order: mixed signs and magnitudes */
static nd_array *make(nd_dtype t, int ndim, const int64_t *shape) {
    nd_array *a = nd_empty(ND_FLOAT64, ndim, shape);
    double *p = nd_data(a);
    for (int64_t i = 0; i < nd_size(a); i++) {
        double u = (double)(next() >> 11) / 9007199254740992.0 - 0.4;
        p[i] = t == ND_BOOL     ? (double)(u > 0.3)
               : t <= ND_UINT64 ? floor(u * 200)
                                : ldexp(u, (int)(next() % 24) - 12);
    }
    nd_array *b = nd_astype(a, t);
    if (t == ND_COMPLEX128 || t == ND_COMPLEX64) { /* imaginary parts too */
        nd_array *im = nd_imag(b);
        nd_array *c = make(t == ND_COMPLEX128 ? ND_FLOAT64 : ND_FLOAT32, ndim, shape);
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
    bool r = !memcmp(nd_data(x), nd_data(y), (size_t)nd_nbytes(x));
    nd_release(x), nd_release(y);
    return r;
}

/* gathers on every rank (through gather to a varying root, then a
   replicated scatter) and compares with ref */
static bool gathered_is(nd_dist *d, const nd_darray *x, const nd_array *ref, int root) {
    nd_array *g = NULL;
    int st = nd_darray_gather(x, root, &g);
    nd_darray *rep = st ? NULL : nd_darray_scatter(d, g, root, ND_DIST_REPLICATED, NULL);
    bool ok = rep && same(nd_darray_local(rep), ref);
    nd_release(g);
    nd_darray_free(rep);
    return ok;
}

/* counts for layout k of n indices over nproc ranks: balanced, all on the
   last rank, all on the first, random with empty ranks */
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

static const nd_dtype dtypes[] = {ND_FLOAT64, ND_FLOAT32, ND_FLOAT16, ND_COMPLEX128, ND_COMPLEX64,
                                  ND_INT32,   ND_UINT8,   ND_INT64,   ND_BOOL};
#define NDT (int)(sizeof dtypes / sizeof dtypes[0])

static void check_reductions(nd_dist *d, const nd_array *a, const nd_darray *x, const char *what) {
    int ndim = nd_ndim(a);
    for (int ax = -1; ax < ndim; ax++) {
        int axis = ax < 0 ? ND_AXIS_ALL : ax;
        for (int kd = 0; kd < 2; kd++) {
            nd_array *ref = nd_sum(a, axis, kd, NULL);
            nd_darray *s = nd_dist_sum(x, axis, kd);
            CHECK(s && gathered_is(d, s, ref, (ax + 1) % nproc), "%s: sum axis %d", what, ax);
            nd_darray_free(s), nd_release(ref);
            if (kd) continue; /* keepdims: checked on the sum only */
            nd_fp_clear();
            ref = nd_mean(a, axis, kd, NULL);
            int rf = nd_fp_flags();
            nd_fp_clear();
            s = nd_dist_mean(x, axis, kd);
            CHECK(s && gathered_is(d, s, ref, 0) && nd_fp_flags() == rf, "%s: mean axis %d", what,
                  ax);
            nd_darray_free(s), nd_release(ref);
            for (int sd = 0; sd < 2; sd++) { /* var with ddof 0, std with ddof 1 */
                nd_fp_clear();
                ref = sd ? nd_std(a, axis, 1, kd, NULL) : nd_var(a, axis, 0, kd, NULL);
                rf = nd_fp_flags();
                nd_fp_clear();
                s = sd ? nd_dist_std(x, axis, 1, kd) : nd_dist_var(x, axis, 0, kd);
                CHECK(s && gathered_is(d, s, ref, 0) && nd_fp_flags() == rf,
                      "%s: %s axis %d: flags %d, %d", what, sd ? "std" : "var", ax, nd_fp_flags(),
                      rf);
                nd_darray_free(s), nd_release(ref);
            }
        }
        static const nd_op ops[] = {ND_OP_MINIMUM, ND_OP_MAXIMUM, ND_OP_LOGICAL_OR,
                                    ND_OP_LOGICAL_AND};
        for (int o = 0; o < 4; o++) {
            nd_clear_error();
            nd_array *ref = nd_reduce(ops[o], a, axis == ND_AXIS_ALL ? -1 : 1,
                                      axis == ND_AXIS_ALL ? NULL : &axis, false, NULL);
            nd_status rs = nd_last_error();
            nd_clear_error();
            nd_darray *s = nd_dist_reduce(ops[o], x, axis, false);
            if (ref)
                CHECK(s && gathered_is(d, s, ref, 0), "%s: %s axis %d", what, nd_op_name(ops[o]),
                      ax);
            else
                CHECK(!s && nd_last_error() == rs, "%s: %s axis %d: error %d", what,
                      nd_op_name(ops[o]), ax, (int)rs);
            nd_darray_free(s), nd_release(ref);
            nd_clear_error();
        }
    }
}

static void test_1d(nd_dist *d) {
    static const int64_t sizes[] = {0, 1, 5, 127, 128, 129, 255, 300, 1000, 4097, 33000};
    for (int t = 0; t < NDT; t++)
        for (size_t si = 0; si < sizeof sizes / sizeof *sizes; si++)
            for (int k = 0; k < 4; k++) {
                int64_t n = sizes[si], cbuf[64];
                /* keep the suite short (each check is a few collectives, slow
                   when ranks are oversubscribed): every size for float64 with
                   balanced and random counts, all-on-one-rank at one size,
                   the awkward sizes with random counts for the other dtypes */
                bool keep = t == 0 ? (k == 0 || k == 3 || n == 300)
                                   : (k == 3 && (n == 0 || n == 129 || n == 300));
                if (!keep) continue;
                nd_array *a = make(dtypes[t], 1, &n);
                int64_t *counts = layout(k, n, cbuf);
                nd_darray *x = nd_darray_scatter(d, a, k % nproc, 0, counts);
                char what[96];
                snprintf(what, sizeof what, "1-D %s n=%lld layout %d", nd_dtype_name(dtypes[t]),
                         (long long)n, k);
                CHECK(x && gathered_is(d, x, a, nproc - 1), "%s: scatter/gather", what);
                if (x) check_reductions(d, a, x, what);
                nd_darray_free(x), nd_release(a);
            }
}

static void test_nd(nd_dist *d) {
    static const int64_t shapes[][3] = {{7, 300, 0}, {130, 3, 0}, {0, 5, 0},
                                        {5, 0, 0},   {3, 4, 129}, {257, 2, 3}};
    static const int nds[] = {2, 2, 2, 2, 3, 3};
    for (int t = 0; t < NDT; t += 3)
        for (int s = 0; s < 6; s++)
            for (int ax = 0; ax < nds[s]; ax++)
                for (int k = 3 - (s == 0 && ax == 0) * 3; k < 4; k += 3) {
                    int64_t cbuf[64];
                    nd_array *a = make(dtypes[t], nds[s], shapes[s]);
                    nd_darray *x = nd_darray_scatter(d, a, 0, ax, layout(k, shapes[s][ax], cbuf));
                    char what[96];
                    snprintf(what, sizeof what, "%s shape %d split %d layout %d",
                             nd_dtype_name(dtypes[t]), s, ax, k);
                    CHECK(x && gathered_is(d, x, a, 0), "%s: scatter/gather", what);
                    if (x) check_reductions(d, a, x, what);
                    /* resplit to every other axis and to replicated */
                    for (int to = -1; to < nds[s] && x; to++) {
                        nd_darray *y =
                            nd_darray_resplit(x, to < 0 ? ND_DIST_REPLICATED : to,
                                              layout(k, to < 0 ? 0 : shapes[s][to], cbuf));
                        CHECK(y && gathered_is(d, y, a, nproc - 1), "%s: resplit to %d", what, to);
                        nd_darray_free(y);
                    }
                    nd_darray_free(x), nd_release(a);
                }
}

static void test_elementwise(nd_dist *d) {
    int64_t sh[2] = {37, 131}, row[1] = {131}, cbuf[64];
    nd_array *a = make(ND_FLOAT64, 2, sh), *b = make(ND_FLOAT32, 2, sh),
             *v = make(ND_FLOAT64, 1, row);
    nd_darray *x = nd_darray_scatter(d, a, 0, 0, NULL);
    nd_darray *y = nd_darray_scatter(d, b, 0, 1, layout(3, 131, cbuf)); /* split differently */
    nd_darray *z = nd_darray_scatter(d, v, 0, ND_DIST_REPLICATED, NULL);
    const nd_darray *in1[2] = {x, y}, *in2[2] = {z, x}, *in3[2] = {y, z};
    nd_array *r1 = nd_add(a, b, NULL), *r2 = nd_multiply(v, a, NULL), *r3 = nd_arctan2(b, v, NULL);
    nd_darray *s1 = nd_dist_ufunc(ND_OP_ADD, 2, in1), *s2 = nd_dist_ufunc(ND_OP_MULTIPLY, 2, in2),
              *s3 = nd_dist_ufunc(ND_OP_ARCTAN2, 2, in3);
    CHECK(gathered_is(d, s1, r1, 0), "add, differently split operands");
    CHECK(gathered_is(d, s2, r2, 1 % nproc), "multiply, a replicated row broadcast");
    CHECK(gathered_is(d, s3, r3, 0), "arctan2, split along 1 and replicated");
    CHECK(nd_darray_split_axis(s1) == 0 && nd_darray_split_axis(s2) == 0 &&
              nd_darray_split_axis(s3) == 1,
          "result layouts");
    /* fp flags: only the last rank's piece has a negative number under sqrt */
    nd_array *pos = nd_full(ND_FLOAT64, 1, (int64_t[]){10}, 4.0);
    nd_set_f64(pos, (int64_t[]){9}, -1.0);
    nd_darray *p = nd_darray_scatter(d, pos, 0, 0, layout(1, 10, cbuf));
    nd_fp_clear();
    nd_darray *q = nd_dist_ufunc(ND_OP_SQRT, 1, (const nd_darray *const[]){p});
    CHECK(q && nd_fp_flags() == ND_FP_INVALID, "sqrt(-1) on the last rank: flags %d",
          nd_fp_flags());
    nd_fp_clear();
    /* shapes that do not broadcast: an error on every rank */
    nd_darray *bad = nd_dist_ufunc(ND_OP_ADD, 2, (const nd_darray *const[]){x, p});
    CHECK(!bad && nd_last_error() == ND_ERR_SHAPE, "broadcast error agreed");
    nd_clear_error();
    nd_darray_free(q), nd_darray_free(p), nd_release(pos);
    nd_darray_free(s1), nd_darray_free(s2), nd_darray_free(s3);
    nd_release(r1), nd_release(r2), nd_release(r3);
    nd_darray_free(x), nd_darray_free(y), nd_darray_free(z);
    nd_release(a), nd_release(b), nd_release(v);
}

/* messages cut small: the >2^31 paths (pieces, Sendrecv instead of
   Alltoallv, state chunks) run at a size the machine can hold */
static void test_small_messages(nd_dist *d) {
    int64_t saved = nd_dist_debug_max_msg, sh[2] = {301, 77}, cbuf[64];
    nd_dist_debug_max_msg = 1000;
    nd_array *a = make(ND_FLOAT64, 2, sh);
    nd_darray *x = nd_darray_scatter(d, a, nproc - 1, 0, layout(3, 301, cbuf));
    CHECK(x && gathered_is(d, x, a, 0), "small messages: scatter/gather");
    nd_darray *y = x ? nd_darray_resplit(x, 1, NULL) : NULL;
    CHECK(y && gathered_is(d, y, a, 0), "small messages: resplit");
    nd_array *ref = nd_sum(a, 0, false, NULL);
    nd_darray *s = x ? nd_dist_sum(x, 0, false) : NULL;
    CHECK(s && gathered_is(d, s, ref, 0), "small messages: sum over the split");
    nd_darray_free(s), nd_release(ref), nd_darray_free(y), nd_darray_free(x), nd_release(a);
    nd_dist_debug_max_msg = saved;
}

static void test_errors(nd_dist *d) {
    int64_t n = 1000;
    nd_array *a = make(ND_FLOAT64, 1, &n);
    nd_darray *x = nd_darray_scatter(d, a, 0, 0, NULL);
    nd_clear_error();
    CHECK(!nd_dist_sum(x, 3, false) && nd_last_error() == ND_ERR_AXIS, "bad axis agreed");
    nd_clear_error();
    CHECK(!nd_darray_scatter(d, a, 0, 1, NULL) && nd_last_error() == ND_ERR_AXIS, "bad split axis");
    nd_clear_error();
    int64_t bad[64] = {0};
    bad[0] = n + 1;
    CHECK(!nd_darray_scatter(d, a, 0, 0, bad) && nd_last_error() == ND_ERR_VALUE,
          "counts over the extent");
    nd_clear_error();
    /* only the last rank passes NULL to scatter from itself */
    CHECK(!nd_darray_scatter(d, rank == nproc - 1 ? NULL : a, nproc - 1, 0, NULL) &&
              nd_last_error() == ND_ERR_NULL,
          "NULL on the root agreed");
    nd_clear_error();
    /* wrap: one rank's piece has another dtype */
    nd_array *piece = nd_zeros(rank == 0 ? ND_FLOAT32 : ND_FLOAT64, 1, &(int64_t){3});
    nd_darray *w = nd_darray_wrap(d, piece, 0);
    CHECK(nproc == 1 ? w != NULL : (!w && nd_last_error() == ND_ERR_DTYPE),
          "wrap dtype mismatch agreed");
    nd_darray_free(w), nd_release(piece);
    nd_clear_error();
    /* a forced allocation failure on one rank, at each of its first
       allocations in turn: every rank fails alike or succeeds alike, and
       the next collective still runs */
    nd_array *ref = nd_sum(a, 0, false, NULL);
    for (long nth = 1; nth < 40; nth++) {
        nd_clear_error();
        if (rank == nproc - 1) nd_debug_fail_alloc(nth);
        nd_darray *s = nd_dist_sum(x, 0, false);
        if (rank == nproc - 1) nd_debug_fail_alloc(0);
        int ok = s != NULL, all = 0, any = 0;
        MPI_Allreduce(&ok, &all, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD);
        MPI_Allreduce(&ok, &any, 1, MPI_INT, MPI_LOR, MPI_COMM_WORLD);
        CHECK(all == any, "allocation %ld failing on one rank: ranks disagree", nth);
        CHECK(ok || nd_last_error() == ND_ERR_NOMEM, "allocation %ld: status %s", nth,
              nd_status_name(nd_last_error()));
        if (s) CHECK(gathered_is(d, s, ref, 0), "allocation %ld: the result", nth);
        nd_darray_free(s);
    }
    nd_clear_error();
    nd_release(ref), nd_darray_free(x), nd_release(a);
}

int main(int argc, char **argv) {
    LSAN_OFF();
    MPI_Init(&argc, &argv);
    LSAN_ON();
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &nproc);
    nd_dist *d = nd_dist_create(MPI_COMM_WORLD);
    CHECK(d && nd_dist_rank(d) == rank && nd_dist_size(d) == nproc, "context");
    test_1d(d);
    test_nd(d);
    test_elementwise(d);
    test_small_messages(d);
    test_errors(d);
    nd_dist_free(d);
    int total = 0;
    MPI_Allreduce(&fails, &total, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    if (rank == 0)
        printf("test_dist: %d ranks, %d checks per rank, %d failures\n", nproc, checks, total);
    LSAN_OFF();
    MPI_Finalize();
    LSAN_ON();
    return total ? 1 : 0;
}
