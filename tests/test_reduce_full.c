/* nd_ufunc_reduce_full and nd_mean_full (NumPy's reduce and mean with
   dtype, initial and where) against NumPy 1.24: the cases and answers are
   tools/gen_reduce_full.py's (tests/nd_reduce_full_cases.h). Integers,
   bool and max/min exactly; float sums within a few ulps (nd adds initial
   after the pairwise sum, NumPy before it). Then the error cases. */
#include <math.h>

#include "nd_test.h"
#include "nd_reduce_full_cases.h"

static void release3(nd_array *a, nd_array *b, nd_array *c) {
    nd_release(a), nd_release(b), nd_release(c);
}

static nd_array *from_doubles(nd_dtype t, int ndim, const int64_t *shape, const double *v) {
    nd_array *d = nd_empty(ND_FLOAT64, ndim, shape);
    ck_assert_ptr_nonnull(d);
    memcpy(nd_data(d), v, sizeof(double) * (size_t)nd_size(d));
    nd_array *a = nd_astype(d, t);
    nd_release(d);
    return a;
}

static bool close_enough(const rf_case *c, double got, double want) {
    if (isnan(want)) return isnan(got);
    if (got == want) return true;
    bool exact =
        c->out_dtype != ND_FLOAT64 && c->out_dtype != ND_FLOAT32 && c->out_dtype != ND_FLOAT16;
    if (exact || (c->opv != ND_OP_ADD && c->opv != ND_OP_MULTIPLY)) return false;
    double tol = c->out_dtype == ND_FLOAT64 ? 1e-15 : c->out_dtype == ND_FLOAT32 ? 1e-6 : 2e-3;
    return fabs(got - want) <= 4 * tol * fmax(fabs(want), 1.0);
}

START_TEST(matches_numpy) {
    int bad = 0;
    for (size_t i = 0; i < sizeof rf_cases / sizeof rf_cases[0]; i++) {
        const rf_case *c = &rf_cases[i];
        nd_array *a = from_doubles(c->in_dtype, c->ndim, c->shape, c->in), *w = NULL, *ini = NULL;
        if (c->where) {
            w = nd_empty(ND_BOOL, c->wdim, c->wshape);
            memcpy(nd_data(w), c->where, (size_t)nd_size(w));
        }
        if (c->has_initial) ini = nd_full(ND_FLOAT64, 0, NULL, c->initial);
        bool mean = !strcmp(c->op, "MEAN");
        nd_array *r = mean
                          ? nd_mean_full(a, c->naxes, c->naxes < 0 ? NULL : c->axes, c->dtype, NULL,
                                         c->keepdims, w)
                          : nd_ufunc_reduce_full(c->opv, a, c->naxes, c->naxes < 0 ? NULL : c->axes,
                                                 c->dtype, NULL, c->keepdims, ini, w);
        bool ok = r && nd_get_dtype(r) == c->out_dtype && nd_ndim(r) == c->out_ndim &&
                  nd_size(r) == c->out_size;
        for (int d = 0; ok && d < c->out_ndim; d++) ok = nd_shape(r)[d] == c->out_shape[d];
        nd_array *rd = ok ? nd_astype(r, ND_FLOAT64) : NULL;
        for (int64_t k = 0; rd && ok && k < c->out_size; k++)
            ok = close_enough(c, ((const double *)nd_data(rd))[k], c->want[k]);
        if (!ok && bad++ < 10)
            fprintf(stderr, "case %zu (%s, in %s, dtype %s, %s%s): %s\n", i, c->op,
                    nd_dtype_name(c->in_dtype),
                    c->dtype == ND_NUM_DTYPES ? "-" : nd_dtype_name(c->dtype),
                    c->has_initial ? "initial " : "", c->where ? "where" : "",
                    r ? "differs from NumPy" : nd_last_error_message());
        nd_clear_error();
        release3(a, w, ini), release3(r, rd, NULL);
    }
    ck_assert_msg(bad == 0, "%d of %zu cases differ from NumPy", bad,
                  sizeof rf_cases / sizeof rf_cases[0]);
}
END_TEST

START_TEST(errors_as_numpy) {
    int64_t sh[2] = {2, 3};
    nd_array *a = nd_ones(ND_FLOAT64, 2, sh), *w3 = nd_ones(ND_BOOL, 1, (int64_t[]){3});
    nd_array *w2 = nd_ones(ND_BOOL, 1, (int64_t[]){2}), *wi = nd_ones(ND_INT64, 1, (int64_t[]){3});
    nd_array *ini1 = nd_ones(ND_FLOAT64, 1, (int64_t[]){2}), *out = NULL;
    int ax = 1, dup[2] = {1, -1};
    /* maximum has no identity: a mask needs initial */
    ck_assert_ptr_null(
        nd_ufunc_reduce_full(ND_OP_MAXIMUM, a, 1, &ax, ND_NUM_DTYPES, NULL, false, NULL, w3));
    ck_assert_ptr_nonnull(strstr(nd_last_error_message(),
                                 "reduction operation 'maximum' does not have an identity, so "
                                 "to use a where mask one has to specify 'initial'"));
    ck_assert_nd_error(ND_ERR_VALUE);
    /* where: boolean, broadcast to a */
    ck_assert_ptr_null(
        nd_ufunc_reduce_full(ND_OP_ADD, a, 1, &ax, ND_NUM_DTYPES, NULL, false, NULL, wi));
    ck_assert_nd_error(ND_ERR_DTYPE);
    ck_assert_ptr_null(
        nd_ufunc_reduce_full(ND_OP_ADD, a, 1, &ax, ND_NUM_DTYPES, NULL, false, NULL, w2));
    ck_assert_int_ne(nd_last_error(), ND_OK);
    ck_assert_ptr_null(nd_mean_full(a, 1, &ax, ND_NUM_DTYPES, NULL, false, w2));
    ck_assert_int_ne(nd_last_error(), ND_OK);
    /* initial is a scalar; axes unique and in range; a reducible op */
    ck_assert_ptr_null(
        nd_ufunc_reduce_full(ND_OP_ADD, a, 1, &ax, ND_NUM_DTYPES, NULL, false, ini1, NULL));
    ck_assert_nd_error(ND_ERR_VALUE);
    ck_assert_ptr_null(
        nd_ufunc_reduce_full(ND_OP_ADD, a, 2, dup, ND_NUM_DTYPES, NULL, false, NULL, NULL));
    ck_assert_nd_error(ND_ERR_VALUE);
    ck_assert_ptr_null(nd_mean_full(a, 2, dup, ND_NUM_DTYPES, NULL, false, NULL));
    ck_assert_nd_error(ND_ERR_VALUE);
    ck_assert_ptr_null(
        nd_ufunc_reduce_full(ND_OP_SUBTRACT, a, 1, &ax, ND_NUM_DTYPES, NULL, false, NULL, NULL));
    ck_assert_nd_error(ND_ERR_VALUE);
    ck_assert_ptr_null(
        nd_ufunc_reduce_full(ND_OP_ADD, a, 1, &ax, (nd_dtype)99, NULL, false, NULL, NULL));
    ck_assert_int_ne(nd_last_error(), ND_OK);
    /* out: written and returned */
    out = nd_zeros(ND_FLOAT64, 1, (int64_t[]){2});
    ck_assert_ptr_eq(
        nd_ufunc_reduce_full(ND_OP_ADD, a, 1, &ax, ND_NUM_DTYPES, out, false, NULL, w3), out);
    ck_assert(((const double *)nd_data(out))[1] == 3.0);
    release3(a, w3, w2), release3(wi, ini1, out);
}
END_TEST

/* Every allocation of a masked, initial, dtype'd reduction and of a masked
   mean fails cleanly, leaks nothing, and the call then succeeds. */
START_TEST(allocation_failures) {
    int64_t sh[2] = {2, 3};
    nd_array *a = nd_ones(ND_INT8, 2, sh), *w = nd_ones(ND_BOOL, 1, (int64_t[]){3});
    nd_array *ini = nd_full(ND_FLOAT64, 0, NULL, 2);
    int ax = 1;
    for (int which = 0; which < 2; which++) {
        nd_array *want = NULL;
        bool done = false;
        for (long nth = 0; !done && nth < 400; nth++) {
            long base = nd_debug_live_allocs();
            nd_debug_fail_alloc(nth); /* 0: none fails (the reference) */
            nd_array *r =
                which ? nd_mean_full(a, 1, &ax, ND_NUM_DTYPES, NULL, false, w)
                      : nd_ufunc_reduce_full(ND_OP_MAXIMUM, a, 1, &ax, ND_INT8, NULL, true, ini, w);
            long made = nd_debug_fail_alloc(0);
            if (nth == 0) {
                ck_assert_ptr_nonnull(r);
                want = r;
                continue;
            }
            if (r) {
                ck_assert_msg(made < nth && nth > 1, "call %d: allocation %ld", which, nth);
                bool eq = false;
                ck_assert_int_eq(nd_array_equal(r, want, true, &eq), ND_OK);
                ck_assert_msg(eq, "call %d: a different result after allocation %ld failed", which,
                              nth);
                nd_release(r);
                done = true;
            } else {
                ck_assert_nd_error(ND_ERR_NOMEM);
            }
            ck_assert_msg(nd_debug_live_allocs() == base, "call %d leaks at allocation %ld", which,
                          nth);
        }
        ck_assert_msg(done, "call %d: the walk did not finish", which);
        nd_release(want);
    }
    release3(a, w, ini);
}
END_TEST

int main(void) {
    Suite *s = suite_create("reduce_full");
    TCase *tc = tcase_create("reduce_full");
    tcase_add_test(tc, matches_numpy);
    tcase_add_test(tc, errors_as_numpy);
    tcase_add_test(tc, allocation_failures);
    suite_add_tcase(s, tc);
    return nd_test_run(s);
}
