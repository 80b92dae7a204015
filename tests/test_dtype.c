/* dtypes: names, sizes, and promotion/casting tables against NumPy. */
#include "nd_test.h"

static const char *np_names[ND_NUM_DTYPES] = {
    "bool",   "int8",   "int16",   "int32",   "int64",   "uint8",     "uint16",
    "uint32", "uint64", "float16", "float32", "float64", "complex64", "complex128"};

START_TEST(names_and_sizes) {
    static const size_t sizes[] = {1, 1, 2, 4, 8, 1, 2, 4, 8, 2, 4, 8, 8, 16};
    for (int t = 0; t < ND_NUM_DTYPES; t++) {
        ck_assert_str_eq(nd_dtype_name((nd_dtype)t), np_names[t]);
        ck_assert_uint_eq(nd_dtype_size((nd_dtype)t), sizes[t]);
        nd_dtype back;
        ck_assert_int_eq(nd_dtype_from_name(np_names[t], &back), ND_OK);
        ck_assert_int_eq(back, t);
    }
    ck_assert_ptr_null(nd_dtype_name(ND_NUM_DTYPES));
    ck_assert_uint_eq(nd_dtype_size((nd_dtype)-1), 0);
    nd_dtype t;
    ck_assert_int_eq(nd_dtype_from_name("float128", &t), ND_ERR_DTYPE);
    ck_assert(strstr(nd_last_error_message(), "float128") != NULL);
    nd_clear_error();
    ck_assert_int_eq(nd_dtype_from_name(NULL, &t), ND_ERR_NULL);
    nd_clear_error();
}
END_TEST

/* All 196 pairs of np.result_type, and np.can_cast for every casting rule. */
START_TEST(result_type_matches_numpy) {
    char *out = nd_test_python(
        "import numpy as np\n"
        "ts=['bool','int8','int16','int32','int64','uint8','uint16','uint32','uint64',"
        "'float16','float32','float64','complex64','complex128']\n"
        "for a in ts:\n"
        "  print(' '.join(str(ts.index(np.result_type(a,b).name)) for b in ts))\n"
        "for c in ['no','equiv','safe','same_kind','unsafe']:\n"
        "  for a in ts:\n"
        "    print(''.join('1' if np.can_cast(a,b,c) else '0' for b in ts))\n");
    ck_assert_ptr_nonnull(out);
    char *p = out;
    for (int a = 0; a < ND_NUM_DTYPES; a++)
        for (int b = 0; b < ND_NUM_DTYPES; b++) {
            long want = strtol(p, &p, 10);
            ck_assert_msg(nd_result_type((nd_dtype)a, (nd_dtype)b) == want,
                          "result_type(%s,%s)=%s, NumPy %s", np_names[a], np_names[b],
                          nd_dtype_name(nd_result_type((nd_dtype)a, (nd_dtype)b)), np_names[want]);
        }
    for (int c = ND_CAST_NO; c <= ND_CAST_UNSAFE; c++)
        for (int a = 0; a < ND_NUM_DTYPES; a++) {
            while (*p == '\n' || *p == ' ') p++;
            for (int b = 0; b < ND_NUM_DTYPES; b++, p++)
                ck_assert_msg(nd_can_cast((nd_dtype)a, (nd_dtype)b, (nd_casting)c) == (*p == '1'),
                              "can_cast(%s,%s,%d)", np_names[a], np_names[b], c);
        }
    free(out);
}
END_TEST

int main(void) {
    Suite *s = suite_create("dtype");
    TCase *tc = tcase_create("dtype");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, names_and_sizes);
    tcase_add_test(tc, result_type_matches_numpy);
    suite_add_tcase(s, tc);
    return nd_test_run(s);
}
