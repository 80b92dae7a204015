/* loadtxt/savetxt against NumPy on the same files: loadtxt's dtype, shape
   and values (bitwise) or NumPy's error message; savetxt's bytes. */
#include <math.h>
#include <unistd.h>

#include "nd_test.h"

static char dir[64];

/* The files both sides read, by name. */
static const char *const files[][2] = {
    {"t1", "# comment\n1 2 3\n4 5 6  # tail\n\n7 8 9\n"},
    {"t2", "1,2.5,abc\n"},
    {"t3", "1,2\n3\n"},
    {"t4", " 1.5 , 2 \n3,4\n"},
    {"t5", "5\n"},
    {"t6", ""},
    {"t7", "0x10 1\n"},
    {"t8", "nan inf -inf +1e3 1E-2 .5 5. 0.1 1e-320 -0.0\n"},
    {"t9", "# c\n1,2\n3,x\n"},
    {"t10", "# c\n1,2\n\n3,4,5\n"},
    {"t11", "1 2\n3 4\n\t5\t 6 \n"},
    {"t12", "% c\n1;2;3\n4;5;6 % x\n"},
};
enum { NFILES = sizeof files / sizeof files[0] };

static const int U0[] = {0, -1}, U1[] = {1}, U5[] = {0, 5};

/* NumPy's call and nd's options. */
#define LOADS(X)                                                                                   \
    X("t1", "", ND_FLOAT64, {0})                                                                   \
    X("t1", "skiprows=2", ND_FLOAT64, {.skiprows = 2})                                             \
    X("t1", "usecols=(0, -1)", ND_FLOAT64, {.nusecols = 2, .usecols = U0})                         \
    X("t1", "usecols=(1,)", ND_FLOAT64, {.nusecols = 1, .usecols = U1})                            \
    X("t1", "dtype=np.int64", ND_INT64, {0})                                                       \
    X("t1", "max_rows=2", ND_FLOAT64, {.max_rows = 2})                                             \
    X("t1", "ndmin=2, usecols=(1,)", ND_FLOAT64, {.ndmin = 2, .nusecols = 1, .usecols = U1})       \
    X("t1", "usecols=(5,)", ND_FLOAT64, {.nusecols = 1, .usecols = (const int[]){5}})              \
    X("t1", "comments=None", ND_FLOAT64, {.no_comments = true})                                    \
    X("t2", "delimiter=','", ND_FLOAT64, {.delimiter = ','})                                       \
    X("t3", "delimiter=','", ND_FLOAT64, {.delimiter = ','})                                       \
    X("t4", "delimiter=','", ND_FLOAT64, {.delimiter = ','})                                       \
    X("t4", "delimiter=',', dtype=np.int32", ND_INT32, {.delimiter = ','})                         \
    X("t5", "", ND_FLOAT64, {0})                                                                   \
    X("t5", "ndmin=1", ND_FLOAT64, {.ndmin = 1})                                                   \
    X("t6", "", ND_FLOAT64, {0})                                                                   \
    X("t7", "", ND_FLOAT64, {0})                                                                   \
    X("t8", "", ND_FLOAT64, {0})                                                                   \
    X("t8", "dtype=np.float32", ND_FLOAT32, {0})                                                   \
    X("t8", "dtype=np.float16", ND_FLOAT16, {0})                                                   \
    X("t9", "delimiter=','", ND_FLOAT64, {.delimiter = ','})                                       \
    X("t10", "delimiter=','", ND_FLOAT64, {.delimiter = ','})                                      \
    X("t11", "", ND_FLOAT64, {0})                                                                  \
    X("t11", "usecols=(0, 5)", ND_FLOAT64, {.nusecols = 2, .usecols = U5})                         \
    X("t11", "skiprows=5", ND_FLOAT64, {.skiprows = 5})                                            \
    X("t11", "delimiter=','", ND_FLOAT64, {.delimiter = ','})                                      \
    X("t11", "dtype=np.uint8", ND_UINT8, {0})                                                      \
    X("t11", "dtype=bool", ND_BOOL, {0})                                                           \
    X("t12", "delimiter=';', comments='%'", ND_FLOAT64, {.delimiter = ';', .comments = "%"})

START_TEST(loadtxt_vs_numpy) {
    for (int i = 0; i < NFILES; i++) {
        char path[128];
        snprintf(path, sizeof path, "%s/%s.txt", dir, files[i][0]);
        FILE *f = fopen(path, "w");
        fputs(files[i][1], f);
        fclose(f);
    }
    char script[8192];
    size_t len = (size_t)snprintf(script, sizeof script,
                                  "import numpy as np, warnings\nwarnings.simplefilter('ignore')\n"
                                  "d = '%s'\ncases = [\n",
                                  dir);
#define PY(file, kw, t, ...)                                                                       \
    len += (size_t)snprintf(script + len, sizeof script - len, "  ('%s', dict(%s)),\n", file, kw);
    LOADS(PY)
#undef PY
    snprintf(script + len, sizeof script - len,
             "]\nfor i, (f, kw) in enumerate(cases):\n"
             "    try:\n        np.save(f'{d}/r{i}.npy', np.loadtxt(f'{d}/{f}.txt', **kw)); "
             "print('ok')\n"
             "    except Exception as e: print('err', e)\n");
    char *out = nd_test_python(script);
    ck_assert_ptr_nonnull(out);
    char *save = NULL, *line = strtok_r(out, "\n", &save);
    int c = 0;
#define RUN(file, kw, t, ...)                                                                      \
    {                                                                                              \
        char path[128], npy[128];                                                                  \
        snprintf(path, sizeof path, "%s/%s.txt", dir, file);                                       \
        snprintf(npy, sizeof npy, "%s/r%d.npy", dir, c);                                           \
        nd_loadtxt_opts o = __VA_ARGS__;                                                           \
        nd_clear_error();                                                                          \
        nd_array *got = nd_loadtxt(path, t, &o);                                                   \
        ck_assert_ptr_nonnull(line);                                                               \
        if (!strncmp(line, "err ", 4)) {                                                           \
            ck_assert_msg(!got, "%s %s: NumPy raises '%s', nd succeeds", file, kw, line + 4);      \
            ck_assert_msg(!strcmp(nd_last_error_message() + strlen("nd_loadtxt: "), line + 4),     \
                          "%s %s: '%s', NumPy '%s'", file, kw, nd_last_error_message(), line + 4); \
        } else {                                                                                   \
            nd_array *want = nd_load_npy(npy);                                                     \
            ck_assert_msg(got != NULL, "%s %s: %s", file, kw, nd_last_error_message());            \
            ck_assert_msg(nd_get_dtype(got) == nd_get_dtype(want) &&                               \
                              nd_ndim(got) == nd_ndim(want),                                       \
                          "%s %s: dtype/ndim", file, kw);                                          \
            for (int d = 0; d < nd_ndim(got); d++)                                                 \
                ck_assert_int_eq(nd_shape(got)[d], nd_shape(want)[d]);                             \
            nd_array *cg = nd_copy(got), *cw = nd_copy(want);                                      \
            ck_assert_msg(                                                                         \
                !memcmp(nd_data(cg), nd_data(cw), (size_t)nd_size(cg) * nd_itemsize(cg)),          \
                "%s %s: values", file, kw);                                                        \
            nd_release(cg), nd_release(cw), nd_release(want);                                      \
        }                                                                                          \
        nd_release(got);                                                                           \
        line = strtok_r(NULL, "\n", &save);                                                        \
        c++;                                                                                       \
    }
    LOADS(RUN)
#undef RUN
    free(out);
    nd_clear_error();
}
END_TEST

/* savetxt: NumPy's bytes for the same array and keywords. */
#define SAVES(X)                                                                                   \
    X("np.arange(6.).reshape(2, 3)", "", M, {0})                                                   \
    X("np.array([1, 2, 3])", "fmt='%d', delimiter=',', header='a b\\nc', footer='end'", V,         \
      {.fmt = "%d", .delimiter = ",", .header = "a b\nc", .footer = "end"})                        \
    X("np.array([[1.5, 2], [3, 4]])", "fmt='%10.3f', delimiter=';'", M2,                           \
      {.fmt = "%10.3f", .delimiter = ";"})                                                         \
    X("np.array([1.7, -2.5])", "fmt='%d'", F2, {.fmt = "%d"})                                      \
    X("np.array([1e300, -0.0, np.nan, np.inf, -np.inf, 1/3])", "", S, {0})                         \
    X("np.arange(6.).reshape(2, 3)",                                                               \
      "fmt='%g, %.2e|%+05.1f', newline='\\r\\n', comments='// ', header='h'", M,                   \
      {.fmt = "%g, %.2e|%+05.1f", .newline = "\r\n", .comments = "// ", .header = "h"})            \
    X("np.array([[1, -2], [3, 4]], np.int32)", "fmt='%5x'", I2, {.fmt = "%5x"})                    \
    X("np.array([True, False])", "fmt='%.1f'", B, {.fmt = "%.1f"})                                 \
    X("np.array([-2, 7])", "fmt='%-6d|'", P, {.fmt = "%-6d|"})                                     \
    X("np.array([-2, 7])", "fmt='%05d'", P, {.fmt = "%05d"})                                       \
    X("np.array([-2, 7])", "fmt='%+d'", P, {.fmt = "%+d"})                                         \
    X("np.array([-2, 7])", "fmt='%#07x'", P, {.fmt = "%#07x"})                                     \
    X("np.array([-2, 7])", "fmt='% .3d'", P, {.fmt = "% .3d"})                                     \
    X("np.array([-2, 7])", "fmt='%#o'", P, {.fmt = "%#o"})                                         \
    X("np.array([-2, 7])", "fmt='%u'", P, {.fmt = "%u"})

START_TEST(savetxt_vs_numpy) {
    nd_array *t = nd_arange(0, 6, 1, ND_FLOAT64), *M = nd_reshape(t, 2, (int64_t[]){2, 3});
    nd_release(t);
    nd_array *V = nd_from_buffer(ND_INT64, 1, (int64_t[]){3}, (int64_t[]){1, 2, 3});
    nd_array *M2 = nd_from_buffer(ND_FLOAT64, 2, (int64_t[]){2, 2}, (double[]){1.5, 2, 3, 4});
    nd_array *F2 = nd_from_buffer(ND_FLOAT64, 1, (int64_t[]){2}, (double[]){1.7, -2.5});
    nd_array *S = nd_from_buffer(ND_FLOAT64, 1, (int64_t[]){6},
                                 (double[]){1e300, -0.0, NAN, INFINITY, -INFINITY, 1.0 / 3});
    nd_array *I2 = nd_from_buffer(ND_INT32, 2, (int64_t[]){2, 2}, (int32_t[]){1, -2, 3, 4});
    nd_array *B = nd_from_buffer(ND_BOOL, 1, (int64_t[]){2}, (bool[]){true, false});
    nd_array *P = nd_from_buffer(ND_INT64, 1, (int64_t[]){2}, (int64_t[]){-2, 7});
    char script[8192];
    size_t len = (size_t)snprintf(script, sizeof script, "import numpy as np\nd = '%s'\n", dir);
    int c = 0;
#define PY(expr, kw, arr, ...)                                                                     \
    len += (size_t)snprintf(script + len, sizeof script - len,                                     \
                            "np.savetxt(d + '/np%d.txt', %s, %s)\n", c++, expr, kw);
    SAVES(PY)
#undef PY
    snprintf(script + len, sizeof script - len, "print('ok')\n");
    char *out = nd_test_python(script);
    ck_assert_msg(out != NULL, "numpy failed");
    free(out);
    c = 0;
#define RUN(expr, kw, arr, ...)                                                                    \
    {                                                                                              \
        char mine[128], theirs[128];                                                               \
        snprintf(mine, sizeof mine, "%s/nd%d.txt", dir, c);                                        \
        snprintf(theirs, sizeof theirs, "%s/np%d.txt", dir, c++);                                  \
        nd_savetxt_opts o = __VA_ARGS__;                                                           \
        ck_assert_msg(nd_savetxt(mine, arr, &o) == ND_OK, "%s: %s", expr,                          \
                      nd_last_error_message());                                                    \
        char a[4096] = {0}, b[4096] = {0};                                                         \
        FILE *fa = fopen(mine, "rb"), *fb = fopen(theirs, "rb");                                   \
        size_t la = fread(a, 1, sizeof a - 1, fa), lb = fread(b, 1, sizeof b - 1, fb);             \
        fclose(fa), fclose(fb);                                                                    \
        ck_assert_msg(la == lb && !memcmp(a, b, la), "%s, %s:\nnd    '%s'\nnumpy '%s'", expr, kw,  \
                      a, b);                                                                       \
    }
    SAVES(RUN)
#undef RUN
    /* errors, as NumPy's */
    nd_array *z = nd_zeros(ND_FLOAT64, 0, NULL),
             *z3 = nd_zeros(ND_FLOAT64, 3, (int64_t[]){2, 2, 2});
    char path[128];
    snprintf(path, sizeof path, "%s/err.txt", dir);
    ck_assert_int_eq(nd_savetxt(path, z, NULL), ND_ERR_VALUE);
    ck_assert_str_eq(nd_last_error_message(),
                     "nd_savetxt: Expected 1D or 2D array, got 0D array instead");
    ck_assert_int_eq(nd_savetxt(path, z3, NULL), ND_ERR_VALUE);
    ck_assert_int_eq(nd_savetxt(path, M, &(nd_savetxt_opts){.fmt = "%s %s"}), ND_ERR_VALUE);
    ck_assert_int_eq(nd_savetxt(path, M, &(nd_savetxt_opts){.fmt = "%d %d"}), ND_ERR_VALUE);
    ck_assert_str_eq(nd_last_error_message(),
                     "nd_savetxt: fmt has wrong number of % formats:  %d %d");
    ck_assert_int_eq(nd_savetxt(path, I2, &(nd_savetxt_opts){.fmt = "%x %%"}),
                     ND_ERR_VALUE);          /* NumPy counts every % */
    ck_assert_int_ne(access(path, F_OK), 0); /* nothing written */
    nd_clear_error();
    nd_array *all[] = {M, V, M2, F2, S, I2, B, P, z, z3};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) nd_release(all[i]);
}
END_TEST

/* Conversions as Python's % reads them, against np.savetxt: the output
   byte for byte, or an error on both sides (absurd widths and precisions:
   Python's ValueError, OverflowError or MemoryError; nd's ND_ERR_VALUE,
   nothing written). */
static const char *const formats[] = {
    "%99999999999d", "%.99999999999d",
    "%.2147483648f", "%.2147483647d",
    "%99999999999e", "%ld",
    "%hd",           "%Ld",
    "%lld",          "%08.3d",
    "%.0d",          "%#.0o",
    "%#08.3x",       "%.100d",
    "%-+08d",        "%300d",
    "%.40f",         "%*d",
    "%5.3e",         "%-#12.3X",
    "%0300.120f",    "%l",
    "%.d",           "%.f",
    "%1.1.1d",
};
enum { NFORMATS = sizeof formats / sizeof formats[0] };

START_TEST(savetxt_formats_vs_python) {
    char script[4096];
    size_t len = (size_t)snprintf(script, sizeof script,
                                  "import numpy as np, io, warnings\n"
                                  "warnings.simplefilter('ignore')\n"
                                  "arrs = [np.array([-5, 7, 0]), np.array([1.5, -0.0, -1e18])]\n"
                                  "for f in [");
    for (int i = 0; i < NFORMATS; i++)
        len += (size_t)snprintf(script + len, sizeof script - len, "'%s', ", formats[i]);
    snprintf(script + len, sizeof script - len,
             "]:\n"
             "  for a in arrs:\n"
             "    b = io.BytesIO()\n"
             "    try:\n"
             "      np.savetxt(b, a, fmt=f); print(b.getvalue().hex())\n"
             "    except Exception as e:\n"
             "      print('ERR', type(e).__name__)\n");
    char *out = nd_test_python(script);
    ck_assert_ptr_nonnull(out);
    nd_array *arrs[2] = {
        nd_from_buffer(ND_INT64, 1, (int64_t[]){3}, (int64_t[]){-5, 7, 0}),
        nd_from_buffer(ND_FLOAT64, 1, (int64_t[]){3}, (double[]){1.5, -0.0, -1e18})};
    char *line = out;
    int errors = 0;
    for (int i = 0; i < NFORMATS; i++)
        for (int k = 0; k < 2; k++) {
            char *end = strchr(line, '\n');
            ck_assert_ptr_nonnull(end);
            *end = '\0';
            char path[128];
            snprintf(path, sizeof path, "%s/fmt%d_%d.txt", dir, i, k);
            int st = nd_savetxt(path, arrs[k], &(nd_savetxt_opts){.fmt = formats[i]});
            if (!strncmp(line, "ERR", 3)) {
                ck_assert_msg(st == ND_ERR_VALUE, "'%s' on %d: NumPy %s, nd %s", formats[i], k,
                              line, nd_status_name(st));
                ck_assert_int_ne(access(path, F_OK), 0);
                nd_clear_error();
                errors++;
            } else {
                ck_assert_msg(st == ND_OK, "'%s' on %d: %s", formats[i], k,
                              nd_last_error_message());
                FILE *f = fopen(path, "rb");
                char got[8192], hex[16384 + 1];
                size_t n = fread(got, 1, sizeof got, f);
                fclose(f);
                ck_assert_uint_lt(n, sizeof got);
                for (size_t j = 0; j < n; j++)
                    snprintf(hex + 2 * j, 3, "%02x", (unsigned char)got[j]);
                hex[2 * n] = '\0';
                ck_assert_msg(!strcmp(hex, line), "'%s' on %d differs from np.savetxt", formats[i],
                              k);
            }
            line = end + 1;
        }
    ck_assert_int_gt(errors, 10); /* the absurd ones did fail */
    /* Python would try to write these (2 GiB per value); nd bounds widths at
       INT_MAX and precisions at INT_MAX - 3 (Python's bound for integers) */
    const char *bounded[] = {"%2147483648d", "%.2147483645f", "%1.2147483645e"};
    for (int i = 0; i < 3; i++) {
        char path[128];
        snprintf(path, sizeof path, "%s/bounded%d.txt", dir, i);
        ck_assert_int_eq(nd_savetxt(path, arrs[1], &(nd_savetxt_opts){.fmt = bounded[i]}),
                         ND_ERR_VALUE);
        ck_assert_ptr_nonnull(strstr(nd_last_error_message(), "too"));
        nd_clear_error();
        ck_assert_int_ne(access(path, F_OK), 0);
    }
    nd_release(arrs[0]), nd_release(arrs[1]);
    free(out);
}
END_TEST

int main(void) {
    Suite *s = suite_create("txt");
    TCase *tc = tcase_create("txt");
    tcase_add_test(tc, loadtxt_vs_numpy);
    tcase_add_test(tc, savetxt_vs_numpy);
    tcase_add_test(tc, savetxt_formats_vs_python);
    suite_add_tcase(s, tc);
    return nd_test_run_in_tmpdir(s, dir, sizeof dir, "txt");
}
