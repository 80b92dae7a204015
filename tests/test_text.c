/* nd_to_string against NumPy's repr on generated arrays: every dtype,
   special values, scientific notation, line wrapping, summarization,
   empty, 0-d and strided inputs. */
#include "nd_test.h"

static const char *GEN =
    "import numpy as np\n"
    "rng=np.random.default_rng(3)\n"
    "ts=['?','i1','i2','i4','i8','u1','u2','u4','u8','f2','f4','f8','c8','c16']\n"
    "cases=[]\n"
    "def add(a): cases.append(np.asarray(a))\n"
    "for t in ts:\n"
    "  for shape in "
    "[(),(0,),(1,),(5,),(3,4),(2,3,4),(0,3),(2,0,2),(30,),(4,25),(1001,),(40,40),(3,400)]:\n"
    "    if t=='?': a=rng.integers(0,2,shape).astype(t)\n"
    "    elif t[0] in 'iu': a=rng.integers(np.iinfo(t).min, np.iinfo(t).max, shape, dtype=t, "
    "endpoint=True)\n"
    "    elif t[0]=='f': a=(rng.standard_normal(shape)*10.0**rng.integers(-3,4)).astype(t)\n"
    "    else: a=(rng.standard_normal(shape)+1j*rng.standard_normal(shape)).astype(t)\n"
    "    add(a)\n"
    "for t in ['f2','f4','f8','c8','c16']:\n"
    "  add(np.array([0.1,0.25,1/3,2.0,-0.0,1e-5],t)); add(np.array([1e8,1,2],t)); "
    "add(np.array([np.nan,-np.inf,np.inf,1.5],t))\n"
    "  add(np.array([1e-300 if t[-1]=='8' and t!='c8' else 1e-6, 1.0],t)); add(np.array([np.nan, "
    "np.nan],t)); add(np.array([123456.789, 0.001],t))\n"
    "  add(np.array(3.0,t)); add(np.array([-1e-100 if t=='f8' else -1e-3, 5e99 if t=='f8' else "
    "5e3],t)); add(np.arange(12,dtype=t).reshape(3,4)/7)\n"
    "  add(np.array([1+2j,-3.5j,np.nan+1j] if t[0]=='c' else [1,2,3],t))\n"
    "add(np.array([True,False])); add(np.array(True)); add(np.array(-5,np.int8)); "
    "add(np.arange(2000).reshape(2,1000))\n"
    "add(np.arange(24).reshape(2,3,4)[:, ::-1, ::2]); add(np.ones((3,3)).T); "
    "add(np.zeros((2,2,2,2)))\n"
    "print(len(cases))\n"
    "for a in cases:\n"
    "  b=a.copy(order='C')\n"
    "  print(ts.index(b.dtype.str.lstrip('<|=').replace('b1','?')) if False else [np.dtype(x) for "
    "x in ts].index(b.dtype), b.ndim, *b.shape)\n"
    "  print(b.tobytes().hex() or '-')\n"
    "  r=repr(a)\n"
    "  print(len(r)); print(r)\n";

START_TEST(repr_matches_numpy) {
    char *out = nd_test_python(GEN);
    ck_assert_ptr_nonnull(out);
    char *p = out;
    long ncases = strtol(p, &p, 10);
    ck_assert_int_ge(ncases, 200);
    int failures = 0;
    for (long c = 0; c < ncases; c++) {
        int t = (int)strtol(p, &p, 10), nd = (int)strtol(p, &p, 10);
        int64_t shape[8];
        for (int i = 0; i < nd; i++) shape[i] = strtoll(p, &p, 10);
        while (*p == ' ' || *p == '\n') p++;
        nd_array *a = nd_empty((nd_dtype)t, nd, shape);
        unsigned char *d = nd_data(a);
        for (int64_t i = 0; i < nd_nbytes(a); i++) {
            unsigned v;
            sscanf(p + 2 * i, "%2x", &v);
            d[i] = (unsigned char)v;
        }
        p = strchr(p, '\n') + 1;
        long rlen = strtol(p, &p, 10);
        p++; /* newline */
        char *got = nd_to_string(a);
        ck_assert_ptr_nonnull(got);
        if ((long)strlen(got) != rlen || strncmp(got, p, (size_t)rlen) != 0) {
            if (failures++ < 5)
                fprintf(stderr, "case %ld (%s):\nnumpy:\n%.*s\nnd:\n%s\n", c,
                        nd_dtype_name((nd_dtype)t), (int)rlen, p, got);
        }
        p += rlen + 1;
        free(got);
        nd_release(a);
    }
    ck_assert_msg(failures == 0, "%d of %ld reprs differ from NumPy's", failures, ncases);
    free(out);
}
END_TEST

START_TEST(print_and_errors) {
    nd_array *a = nd_arange(0, 3, 1, ND_FLOAT64);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_int_eq(nd_print(f, a), ND_OK);
    fclose(f);
    ck_assert_str_eq(buf, "array([0., 1., 2.])\n");
    free(buf);
    ck_assert_ptr_null(nd_to_string(NULL));
    ck_assert_nd_error(ND_ERR_NULL);
    ck_assert_int_eq(nd_print(NULL, a), ND_ERR_NULL);
    nd_clear_error();
    nd_release(a);
}
END_TEST

int main(void) {
    Suite *s = suite_create("text");
    TCase *tc = tcase_create("text");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, repr_matches_numpy);
    tcase_add_test(tc, print_and_errors);
    suite_add_tcase(s, tc);
    return nd_test_run(s);
}
