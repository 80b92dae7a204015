/* Functions that read a list of arrays take an nd_array_list: with GCC and
   Clang a transparent union, so a caller's nd_array **, nd_array *const *,
   const nd_array **, const nd_array *const * and compound-literal lists
   all compile without a cast. This file is built with the pointer warnings
   as errors (tests/meson.build), so a list kind that needs a cast fails the
   build; the calls then check that every kind gives the same result. */
#include "nd_test.h"

#if !defined(__GNUC__)
#error "the transparent-union lists need GCC or Clang"
#endif

static void same(nd_array *r, nd_array *want) {
    bool eq = false;
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(nd_array_equal(r, want, false, &eq), ND_OK);
    ck_assert(eq);
    nd_release(r);
}

START_TEST(every_list_kind) {
    nd_array *a = nd_arange(0, 6, 1, ND_FLOAT64), *b = nd_linspace(-1, 1, 6, ND_FLOAT64);
    nd_array *mut[2] = {a, b};
    nd_array *const cmut[2] = {a, b};
    const nd_array *cst[2] = {a, b};
    nd_array **pm = mut;
    const nd_array **pc = cst;
    nd_array *want = nd_concatenate(2, (const nd_array *const *)cst, 0, NULL);
    same(nd_concatenate(2, mut, 0, NULL), want);
    same(nd_concatenate(2, cmut, 0, NULL), want);
    same(nd_concatenate(2, cst, 0, NULL), want);
    same(nd_concatenate(2, pm, 0, NULL), want);
    same(nd_concatenate(2, pc, 0, NULL), want);
    same(nd_concatenate(2, (nd_array *[]){a, b}, 0, NULL), want);
    same(nd_concatenate(2, (const nd_array *[]){a, b}, 0, NULL), want);
    nd_release(want);

    want = nd_add(a, b, NULL);
    same(nd_ufunc(ND_OP_ADD, 2, mut, NULL), want);
    same(nd_ufunc(ND_OP_ADD, 2, pc, NULL), want);
    same(nd_eval("a + b", 2, (const char *[]){"a", "b"}, mut, NULL), want);
    same(nd_eval("a + b", 2, (const char *[]){"a", "b"}, cst, NULL), want);
    same(ND_EVAL("a + b", a, b), want);
    nd_release(want);

    want = nd_einsum("i,i->", 2, cst, NULL, NULL);
    same(nd_einsum("i,i->", 2, mut, NULL, NULL), want);
    nd_release(want);
    want = nd_stack(2, cst, 1, NULL);
    same(nd_stack(2, pm, 1, NULL), want);
    same(nd_column_stack(2, mut), want);
    nd_release(want);
    nd_array *out[2] = {NULL, NULL};
    ck_assert_int_eq(nd_broadcast_arrays(2, pc, out), ND_OK);
    same(out[0], a), same(out[1], b);
    want = nd_lexsort(2, (const nd_array *const *)cst, -1);
    same(nd_lexsort(2, mut, -1), want);
    nd_release(want);
    /* a NULL list is still an error, not a crash */
    ck_assert_ptr_null(nd_concatenate(2, NULL, 0, NULL));
    ck_assert_nd_error(ND_ERR_NULL);
    nd_release(a), nd_release(b);
}
END_TEST

int main(void) {
    Suite *s = suite_create("const_lists");
    TCase *tc = tcase_create("const_lists");
    tcase_add_test(tc, every_list_kind);
    suite_add_tcase(s, tc);
    return nd_test_run(s);
}
