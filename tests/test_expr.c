/* Fused expressions: equal, bit for bit, to the same expression evaluated
   with the ufuncs one by one, over a generated corpus of expressions,
   dtypes, shapes and layouts; reductions equal to nd_sum etc. of the
   materialized result; parse errors name the column. */
#include <math.h>

#include "nd_test.h"

static uint64_t rng_state;
static uint64_t rnd(void) {
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return rng_state >> 33;
}

/* ---- a random expression, as text and as ufunc calls ---- */

typedef struct {
    char text[2048];
    size_t len;
} sbuf;

static void put(sbuf *b, const char *s) {
    size_t n = strlen(s);
    if (b->len + n < sizeof b->text) memcpy(b->text + b->len, s, n + 1), b->len += n;
}

enum { NV = 3 };
static nd_array *vars[NV];
static const char *const names[NV] = {"x", "y", "z"};

typedef struct {
    const char *tok; /* operator text, or function name */
    nd_op op;
    int infix;
} opdef;
static const opdef binops[] = {
    {"+", ND_OP_ADD, 1},           {"-", ND_OP_SUBTRACT, 1},      {"*", ND_OP_MULTIPLY, 1},
    {"/", ND_OP_DIVIDE, 1},        {"//", ND_OP_FLOOR_DIVIDE, 1}, {"%", ND_OP_REMAINDER, 1},
    {"**", ND_OP_POWER, 1},        {"<", ND_OP_LESS, 1},          {"==", ND_OP_EQUAL, 1},
    {"&", ND_OP_BITWISE_AND, 1},   {"|", ND_OP_BITWISE_OR, 1},    {"^", ND_OP_BITWISE_XOR, 1},
    {"maximum", ND_OP_MAXIMUM, 0}, {"arctan2", ND_OP_ARCTAN2, 0}, {"hypot", ND_OP_HYPOT, 0},
    {"fmin", ND_OP_FMIN, 0},
};
static const opdef unops[] = {
    {"-", ND_OP_NEGATIVE, 1},  {"~", ND_OP_INVERT, 1},    {"exp", ND_OP_EXP, 0},
    {"sin", ND_OP_SIN, 0},     {"sqrt", ND_OP_SQRT, 0},   {"abs", ND_OP_ABSOLUTE, 0},
    {"log1p", ND_OP_LOG1P, 0}, {"floor", ND_OP_FLOOR, 0}, {"square", ND_OP_SQUARE, 0},
};

/* The first error of the one-by-one evaluation (later subtrees still make
   text, and may fail differently). */
static nd_status first_err;
static char first_msg[300];

static nd_array *noted(nd_array *r) {
    if (!r && !first_err) {
        first_err = nd_last_error();
        snprintf(first_msg, sizeof first_msg, "%s", nd_last_error_message());
    }
    return r;
}

/* Builds text and evaluates one by one; returns NULL where the ufuncs fail
   (the first failure in first_err). */
/* x ** 2 with a literal 2 on an inexact result is square(x), as NumPy's `**`. */
static bool squared(const nd_array *res, const nd_array *c) {
    if (!nd_is_weak(c) || !(nd_get_dtype(res) >= ND_FLOAT16)) return false;
    return nd_get_f64(c, NULL) == 2.0;
}

static nd_array *gen(sbuf *b, int depth) {
    int r = (int)(rnd() % 10);
    if (depth == 0 || r < 2) {
        if (rnd() % 4 == 0) {
            char num[64];
            if (rnd() % 2) {
                int64_t v = (int64_t)(rnd() % 7) - 2;
                snprintf(num, sizeof num, v < 0 ? "(%lld)" : "%lld", (long long)v);
                put(b, num);
                return nd_lit_i64(v);
            }
            double v = (double)(rnd() % 400) / 8.0 - 20;
            snprintf(num, sizeof num, v < 0 ? "(%.3f)" : "%.3f", v);
            put(b, num);
            return nd_lit_f64(v);
        }
        int v = (int)(rnd() % NV);
        put(b, names[v]);
        return nd_retain(vars[v]);
    }
    if (r < 4) {
        const opdef *o = &unops[rnd() % (sizeof unops / sizeof unops[0])];
        put(b, o->tok);
        put(b, "(");
        nd_array *a = gen(b, depth - 1);
        put(b, ")");
        nd_array *res;
        if (a && nd_is_weak(a) &&
            (o->op == ND_OP_NEGATIVE || (o->op == ND_OP_INVERT && nd_get_dtype(a) == ND_INT64))) {
            /* Python folds -3 and ~3 into an int before NumPy sees it */
            int64_t v;
            double f;
            if (nd_get_dtype(a) == ND_INT64) {
                nd_get(a, NULL, &v);
                res = nd_lit_i64(o->op == ND_OP_NEGATIVE ? (int64_t)(0 - (uint64_t)v) : ~v);
            } else {
                nd_get(a, NULL, &f);
                res = nd_lit_f64(-f);
            }
        } else {
            res = a ? noted(nd_ufunc(o->op, 1, (const nd_array *const[]){a}, NULL)) : NULL;
        }
        nd_release(a);
        return res;
    }
    if (r == 4) {
        put(b, "where(");
        nd_array *c = gen(b, depth - 1);
        put(b, " < 1, ");
        nd_array *one = nd_lit_i64(1), *cb = c ? noted(nd_less(c, one, NULL)) : NULL;
        nd_release(one), nd_release(c);
        nd_array *x = gen(b, depth - 1);
        put(b, ", ");
        nd_array *y = gen(b, depth - 1);
        put(b, ")");
        nd_array *res = cb && x && y ? noted(nd_where(cb, x, y, NULL)) : NULL;
        nd_release(cb), nd_release(x), nd_release(y);
        return res;
    }
    const opdef *o = &binops[rnd() % (sizeof binops / sizeof binops[0])];
    put(b, o->infix ? "(" : o->tok);
    if (!o->infix) put(b, "(");
    nd_array *a = gen(b, depth - 1);
    put(b, o->infix ? ") " : ", ");
    if (o->infix) put(b, o->tok), put(b, " (");
    nd_array *c = gen(b, depth - 1);
    put(b, ")");
    nd_array *res =
        a && c ? noted(nd_ufunc(o->op, 2, (const nd_array *const[]){a, c}, NULL)) : NULL;
    if (res && o->op == ND_OP_POWER && squared(res, c)) { /* NumPy's `**` fast path */
        nd_array *ac = nd_astype(a, nd_get_dtype(res));
        nd_release(res);
        res = ac ? noted(nd_square(ac, NULL)) : NULL;
        nd_release(ac);
    }
    nd_release(a), nd_release(c);
    return res;
}

static const nd_dtype dts[] = {ND_BOOL,   ND_INT8,    ND_INT32,   ND_INT64,     ND_UINT8,
                               ND_UINT16, ND_FLOAT32, ND_FLOAT64, ND_COMPLEX128};

/* Random values of dtype t in a view of shape (ndim, shape) that is
   contiguous, reversed or transposed. */
static nd_array *make_var(nd_dtype t, int ndim, const int64_t *shape) {
    nd_array *d = nd_empty(ND_FLOAT64, ndim, shape);
    double *p = nd_data(d);
    for (int64_t i = 0; i < nd_size(d); i++) p[i] = (double)((int64_t)(rnd() % 2000) - 700) / 100.0;
    nd_array *a = nd_astype(d, t);
    nd_release(d);
    int kind = (int)(rnd() % 3);
    if (kind == 1 && ndim > 0) {
        nd_array *v = nd_slice(a, "::-1");
        nd_release(a);
        return v;
    }
    if (kind == 2 && ndim == 2) { /* a transposed copy viewed back */
        nd_array *t1 = nd_transpose(a, NULL), *c = nd_copy(t1), *v = nd_transpose(c, NULL);
        nd_release(a), nd_release(t1), nd_release(c);
        return v;
    }
    return a;
}

static void check_equal(const char *text, nd_array *want, nd_array *got) {
    ck_assert_msg(got != NULL, "%s: nd_eval failed: %s", text, nd_last_error_message());
    ck_assert_msg(nd_get_dtype(got) == nd_get_dtype(want), "%s: dtype %s, want %s", text,
                  nd_dtype_name(nd_get_dtype(got)), nd_dtype_name(nd_get_dtype(want)));
    ck_assert_int_eq(nd_ndim(got), nd_ndim(want));
    for (int d = 0; d < nd_ndim(got); d++) ck_assert_int_eq(nd_shape(got)[d], nd_shape(want)[d]);
    nd_array *cw = nd_copy(want), *cg = nd_copy(got);
    ck_assert_msg(memcmp(nd_data(cw), nd_data(cg), (size_t)nd_nbytes(cw)) == 0, "%s: values differ",
                  text);
    nd_release(cw), nd_release(cg);
}

/* The generated corpus: 1500 expressions over random dtypes and shapes
   that broadcast, including sizes past one block and the thread split. */
static void run_corpus(void) {
    rng_state = 12345;
    static const int64_t shapes[][3] = {{5, 7, 0}, {7, 0, 0},    {1, 7, 0},  {3000, 0, 0},
                                        {0, 0, 0}, {130, 97, 0}, {97, 0, 0}, {130, 1, 0}};
    static const int shape_nd[] = {2, 1, 2, 1, 0, 2, 1, 2};
    static const int groups[][3] = {{0, 1, 2}, {3, 3, 4}, {5, 6, 7}, {1, 4, 2}};
    int checked = 0, errors = 0;
    for (int it = 0; it < 1500; it++) {
        const int *g = groups[it % 4];
        for (int v = 0; v < NV; v++)
            vars[v] =
                make_var(dts[rnd() % (sizeof dts / sizeof dts[0])], shape_nd[g[v]], shapes[g[v]]);
        sbuf b = {.len = 0};
        b.text[0] = 0;
        nd_fp_clear();
        nd_clear_error();
        first_err = ND_OK;
        nd_array *want = gen(&b, 1 + (int)(rnd() % 4));
        nd_status ws = want ? ND_OK : first_err;
        char wmsg[400];
        snprintf(wmsg, sizeof wmsg, "%s [x %s, y %s, z %s]", first_msg,
                 nd_dtype_name(nd_get_dtype(vars[0])), nd_dtype_name(nd_get_dtype(vars[1])),
                 nd_dtype_name(nd_get_dtype(vars[2])));
        nd_clear_error();
        int wflags = nd_fp_flags();
        nd_fp_clear();
        nd_array *got = nd_eval(b.text, NV, names, vars, NULL);
        if (!want) {
            ck_assert_msg(got == NULL, "%s: the ufuncs fail (%d) but nd_eval succeeds", b.text, ws);
            /* type errors come before value errors (integer powers) */
            ck_assert_msg(nd_last_error() == ws || ws == ND_ERR_VALUE,
                          "%s: nd_eval error %d (%s), the ufuncs' %d (%s)", b.text, nd_last_error(),
                          nd_last_error_message(), ws, wmsg);
            errors++;
        } else {
            check_equal(b.text, want, got);
            ck_assert_msg(nd_fp_flags() == wflags, "%s: flags %d, want %d", b.text, nd_fp_flags(),
                          wflags);
            checked++;
        }
        nd_release(want), nd_release(got);
        for (int v = 0; v < NV; v++) nd_release(vars[v]);
    }
    ck_assert_int_gt(checked, 1000);
    ck_assert_int_gt(errors, 10); /* dtype errors (bitwise on floats ...) are covered too */
}

START_TEST(corpus_equals_ufuncs) { run_corpus(); }
END_TEST

/* Large arrays: the block split and the pool, reductions vs the
   materialized result. */
START_TEST(large_and_reductions) {
    rng_state = 99;
    int64_t n = 1000003;
    int64_t sh2[2] = {1001, 999};
    for (int t = 0; t < 2; t++) {
        nd_dtype dt = t ? ND_FLOAT32 : ND_FLOAT64;
        vars[0] = make_var(dt, 1, &n);
        vars[1] = make_var(dt, 1, &n);
        vars[2] = make_var(ND_INT32, 0, NULL);
        const char *texts[] = {"2*x + 3*y*y - sin(z)", "where(x > y, exp(x / 4), -y) * z"};
        for (int k = 0; k < 2; k++) {
            nd_array *m = nd_eval(texts[k], NV, names, vars, NULL);
            ck_assert_ptr_nonnull(m);
            const char *red[] = {"sum", "mean", "min", "max"};
            nd_array *(*fn[])(const nd_array *, int, bool, nd_array *) = {nd_sum, nd_mean, nd_min,
                                                                          nd_max};
            for (int r = 0; r < 4; r++) {
                char text[160];
                snprintf(text, sizeof text, "%s(%s)", red[r], texts[k]);
                for (int th = 1; th <= 2; th++) {
                    nd_set_num_threads(th);
                    nd_array *want = fn[r](m, ND_AXIS_ALL, false, NULL),
                             *got = nd_eval(text, NV, names, vars, NULL);
                    check_equal(text, want, got);
                    nd_release(want), nd_release(got);
                }
            }
            /* out of another dtype and a strided out */
            nd_array *o = nd_zeros(ND_COMPLEX128, 1, &n);
            ck_assert_ptr_eq(nd_eval(texts[k], NV, names, vars, o), o);
            nd_array *mc = nd_astype(m, ND_COMPLEX128);
            check_equal(texts[k], mc, o);
            nd_release(o), nd_release(mc), nd_release(m);
        }
        for (int v = 0; v < NV; v++) nd_release(vars[v]);
    }
    /* 2-D broadcasting past the thread threshold */
    vars[0] = make_var(ND_FLOAT64, 2, sh2);
    vars[1] = make_var(ND_FLOAT64, 1, &sh2[1]);
    vars[2] = make_var(ND_INT8, 2, (int64_t[]){1001, 1});
    nd_array *a = nd_multiply(vars[0], vars[1], NULL), *b = nd_add(a, vars[2], NULL);
    nd_array *got = nd_eval("x*y + z", NV, names, vars, NULL);
    check_equal("x*y + z", b, got);
    nd_release(a), nd_release(b), nd_release(got);
    for (int v = 0; v < NV; v++) nd_release(vars[v]);
    nd_set_num_threads(2);
}
END_TEST

START_TEST(parse_errors) {
    const char *nm[2] = {"a", "b"};
    static const struct {
        const char *text, *msg;
    } cases[] = {
        {"a +", "expected a number, a name or '(' at the end (column 4)"},
        {"(a + b", "expected ')' at the end (column 7)"},
        {"a + foo(b)", "unknown function 'foo' at column 5"},
        {"exp(a, b)", "function 'exp' takes 1 argument, got 2 at column 1"},
        {"where(a, b)", "function 'where' takes 3 arguments, got 2 at column 1"},
        {"a + c", "unknown name 'c' at column 5"},
        {"a + sum(b)", "'sum' is allowed only as the outermost call at column 5"},
        {"sum(a) + b", "unexpected text after the expression at column 8"},
        {"a $ b", "unexpected text after the expression at column 3"},
        {"2x", "unexpected character in number at column 2"},
        {"", "expected a number, a name or '(' at the end (column 1)"},
        {"99999999999999999999", "integer literal does not fit in int64 at column 1"},
        {"a * * b", "unexpected '*' at column 5"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        nd_clear_error();
        ck_assert_ptr_null(nd_expr_compile(cases[i].text, 2, nm));
        ck_assert_int_eq(nd_last_error(), ND_ERR_VALUE);
        char want[200];
        snprintf(want, sizeof want, "nd_expr_compile: %s", cases[i].msg);
        ck_assert_str_eq(nd_last_error_message(), want);
    }
    /* deep nesting fails cleanly */
    char deep[5000];
    memset(deep, '(', 4000);
    strcpy(deep + 4000, "a");
    ck_assert_ptr_null(nd_expr_compile(deep, 2, nm));
    ck_assert_int_eq(nd_last_error(), ND_ERR_VALUE);
    /* evaluation errors are the ufuncs' */
    int64_t n3 = 3, n4 = 4;
    nd_array *in[2] = {nd_ones(ND_INT32, 1, &n3), nd_ones(ND_FLOAT64, 1, &n4)};
    ck_assert_ptr_null(nd_eval("a + b", 2, nm, in, NULL));
    ck_assert_int_eq(nd_last_error(), ND_ERR_SHAPE);
    ck_assert_ptr_null(nd_eval("a ** (-1)", 2, nm, in, NULL));
    ck_assert_int_eq(nd_last_error(), ND_ERR_VALUE);
    ck_assert_ptr_null(nd_eval("b & 1", 2, nm, in, NULL));
    ck_assert_int_eq(nd_last_error(), ND_ERR_DTYPE);
    nd_clear_error();
    ck_assert_ptr_null(nd_eval("a", 2, nm, NULL, NULL));
    ck_assert_int_eq(nd_last_error(), ND_ERR_NULL);
    nd_array *o = nd_zeros(ND_INT32, 1, &n3);
    ck_assert_ptr_null(nd_eval("a / 2", 2, nm, in, o)); /* float64 into int32: not same_kind */
    ck_assert_int_eq(nd_last_error(), ND_ERR_DTYPE);
    nd_release(o), nd_release(in[0]), nd_release(in[1]);
}
END_TEST

/* Raise mode and integer rules inside blocks; bare names and literals. */
START_TEST(flags_and_trivial) {
    const char *nm[1] = {"a"};
    int64_t n = 10000;
    nd_array *a = nd_zeros(ND_FLOAT64, 1, &n);
    nd_array *in[1] = {a};
    nd_fp_clear();
    nd_array *r = nd_eval("1 / a", 1, nm, in, NULL);
    ck_assert_ptr_nonnull(r);
    ck_assert(nd_fp_flags() & ND_FP_DIVBYZERO);
    nd_release(r);
    nd_fp_mode m = nd_fp_set_mode(ND_FP_RAISE);
    ck_assert_ptr_null(nd_eval("1 / a", 1, nm, in, NULL));
    ck_assert_int_eq(nd_last_error(), ND_ERR_VALUE);
    nd_fp_set_mode(m);
    nd_fp_clear();
    r = nd_eval("a", 1, nm, in, NULL);
    ck_assert_ptr_nonnull(r);
    ck_assert_ptr_ne(nd_data(r), nd_data(a));
    nd_release(r);
    r = nd_eval("sum(a + 1)", 1, nm, in, NULL);
    ck_assert_double_eq(nd_get_f64(r, NULL), 10000.0);
    nd_release(r);
    r = nd_eval("2 ** 10", 0, NULL, NULL, NULL);
    ck_assert_ptr_nonnull(r);
    ck_assert_double_eq(nd_get_f64(r, NULL), 1024.0);
    nd_release(r);
    nd_release(a);
    /* allocation failures: each fails cleanly, nothing leaks */
    nd_array *x = nd_ones(ND_FLOAT32, 1, &n);
    nd_array *xin[1] = {x};
    long live = nd_debug_live_allocs();
    for (long k = 1; k < 40; k++) {
        nd_debug_fail_alloc(k);
        nd_array *q = nd_eval("sum(exp(a) * 2 + a)", 1, nm, xin, NULL);
        nd_debug_fail_alloc(0);
        if (!q) ck_assert_int_eq(nd_last_error(), ND_ERR_NOMEM);
        nd_release(q);
        nd_clear_error();
        ck_assert_int_eq(nd_debug_live_allocs(), live);
    }
    nd_release(x);
}
END_TEST

/* x**2 with a literal 2 is square(x) bit for bit on floats and complex, as
   NumPy's `**` (x**2 == np.square(x) exactly, where np.power(x, 2) is not),
   and stays exact on integers. */
START_TEST(square_power_is_square) {
    const int64_t n = 4099;
    nd_rng *g = nd_rng_new(5);
    static const nd_dtype types[] = {ND_FLOAT32, ND_FLOAT64, ND_COMPLEX64, ND_COMPLEX128, ND_INT32};
    static const char *const texts[] = {"x**2", "x ** 2.0", "(x)**2 + 0"};
    const char *names[1] = {"x"};
    for (size_t t = 0; t < sizeof types / sizeof *types; t++) {
        nd_array *r = nd_standard_normal(g, 1, &n, NULL), *big = nd_lit_f64(1e3);
        nd_array *s = nd_multiply(r, big, NULL), *x = nd_astype(s, types[t]);
        nd_array *want = nd_square(x, NULL);
        for (size_t k = 0; k < sizeof texts / sizeof *texts; k++) {
            nd_array *got = nd_eval(texts[k], 1, names, &x, NULL);
            ck_assert_ptr_nonnull(got);
            bool eq = false;
            if (types[t] == ND_INT32 && k == 1) { /* int ** 2.0 is float64 */
                nd_array *w64 = nd_astype(x, ND_FLOAT64), *sq = nd_square(w64, NULL);
                ck_assert_int_eq(nd_array_equal(got, sq, false, &eq), ND_OK);
                nd_release(w64);
                nd_release(sq);
            } else {
                ck_assert_int_eq(nd_get_dtype(got), types[t]);
                ck_assert_int_eq(nd_array_equal(got, want, false, &eq), ND_OK);
            }
            ck_assert_msg(eq, "%s on %s", texts[k], nd_dtype_name(types[t]));
            nd_release(got);
        }
        nd_release(want);
        nd_release(x);
        nd_release(s);
        nd_release(big);
        nd_release(r);
    }
    nd_rng_free(g);
}
END_TEST

/* Complex literals as Python writes them: 2j, 1.5e1J, "1+2j" folded into one
   weak literal (float32 * (1+2j) is complex64, as NumPy 1.24 gives), and
   the same values as the ufuncs on nd_lit_c128. */
START_TEST(complex_literals) {
    static const float xv[2] = {1.5f, -2.25f};
    nd_array *x = nd_from_buffer(ND_FLOAT32, 1, (int64_t[]){2}, xv);
    const char *names[1] = {"x"};
    nd_array *r = nd_eval("x * (1+2j)", 1, names, &x, NULL);
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(nd_get_dtype(r), ND_COMPLEX64);
    nd_complex128 z = nd_get_c128(r, (int64_t[]){1}, NULL);
    ck_assert_double_eq(z.re, -2.25);
    ck_assert_double_eq(z.im, -4.5);
    nd_release(r);
    nd_array *x64 = nd_astype(x, ND_FLOAT64);
    r = nd_eval("2.5j*x - 1 - -0.5e1J", 1, names, &x64, NULL);
    ck_assert_int_eq(nd_get_dtype(r), ND_COMPLEX128);
    z = nd_get_c128(r, (int64_t[]){0}, NULL);
    ck_assert_double_eq(z.re, -1.0);
    ck_assert_double_eq(z.im, 3.75 + 5.0);
    nd_release(r);
    /* against the ufuncs with a weak complex literal */
    nd_array *lit = nd_lit_c128((nd_complex128){0.5, -3}), *want = nd_multiply(x, lit, NULL);
    r = nd_eval("x * (0.5-3j)", 1, names, &x, NULL);
    bool eq = false;
    ck_assert_int_eq(nd_get_dtype(want), ND_COMPLEX64);
    ck_assert_int_eq(nd_array_equal(r, want, false, &eq), ND_OK);
    ck_assert(eq);
    nd_release(r), nd_release(want), nd_release(lit);
    r = nd_eval("3j", 0, NULL, NULL, NULL);
    ck_assert_int_eq(nd_get_dtype(r), ND_COMPLEX128);
    nd_release(r);
    nd_clear_error();
    ck_assert_ptr_null(nd_eval("x * 2jx", 1, names, &x, NULL));
    ck_assert_nd_error(ND_ERR_VALUE);
    nd_clear_error();
    nd_release(x64);
    nd_release(x);
}
END_TEST

/* ND_EVAL names the variables after the C arguments: the same result as
   nd_eval with the names spelled out, and a clean error for anything that
   is not a name or a count that does not match. */
START_TEST(named_variables) {
    nd_array *a = nd_arange(0, 10, 1, ND_FLOAT64), *b_2 = nd_linspace(-1, 1, 10, ND_FLOAT32);
    nd_array *r = ND_EVAL("a * b_2 + sin(a)", a, b_2);
    nd_array *want = nd_eval("a * b_2 + sin(a)", 2, (const char *[]){"a", "b_2"},
                             (nd_array *[]){a, b_2}, NULL);
    bool eq = false;
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(nd_array_equal(r, want, false, &eq), ND_OK);
    ck_assert(eq);
    nd_release(r), nd_release(want);
    r = nd_eval_named("a+b_2", "  a ,\tb_2 ", 2, (nd_array *[]){a, b_2}, NULL);
    ck_assert_ptr_nonnull(r);
    nd_release(r);
    const char *bad[] = {"a, nd_slice(u", "a, 2b", "a,", "a", "a, b_2, c", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert_ptr_null(nd_eval_named("a", bad[i], 2, (nd_array *[]){a, b_2}, NULL));
        ck_assert_nd_error(ND_ERR_VALUE);
    }
    ck_assert_ptr_null(nd_eval_named("a", NULL, 1, &a, NULL));
    ck_assert_nd_error(ND_ERR_NULL);
    ck_assert_ptr_null(nd_eval_named("a", "a", -1, &a, NULL));
    ck_assert_nd_error(ND_ERR_VALUE);
    nd_release(a), nd_release(b_2);
}
END_TEST

/* ---- the compiled loops (src/expr/jit.c) ---- */

#include <pthread.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "expr/jit.h"

/* n values of dtype t: the special ones (signed zeros, infinities, NaNs of
   both signs, subnormals, the extremes) then a spread of magnitudes. */
static nd_array *jit_values(nd_dtype t, int64_t n, uint64_t seed) {
    static const double special[] = {0.0,    -0.0,    INFINITY, -INFINITY, NAN,  -NAN,
                                     1e-310, -4e-320, 1e308,    -1.7e308,  1.0,  -1.0,
                                     0.5,    2.0,     3.0,      1e-40,     3e38, -3.4e38,
                                     1e-7,   709.5,   -745.2,   88.7,      1e5,  -1e-300};
    rng_state = seed;
    nd_array *d = nd_empty(ND_FLOAT64, 1, &n);
    double *p = nd_data(d);
    for (int64_t i = 0; i < n; i++) {
        uint64_t r = rnd();
        if (r % 5 == 0)
            p[i] = special[(r / 5) % (sizeof special / sizeof *special)];
        else
            p[i] =
                ((double)(int64_t)(rnd() % 2000001) - 1e6) * 1e-6 * pow(10.0, (double)(r % 9) - 4);
    }
    nd_array *a = nd_astype(d, t);
    nd_release(d);
    return a;
}

/* Bit for bit, except that a NaN matches any NaN: which NaN an add or a
   multiply of two NaNs returns depends on the operand order the compiler
   chose, in the kernels (nd's levels differ there already) as in a
   compiled loop (tests/test_ufunc.c compares levels the same way). */
static bool same_or_nan(const nd_array *want, const nd_array *got) {
    nd_array *cw = nd_copy(want), *cg = nd_copy(got);
    nd_dtype t = nd_get_dtype(cw);
    size_t isz = nd_dtype_size(t), lane = t == ND_FLOAT32 || t == ND_COMPLEX64 ? 4 : 8;
    bool fl = t == ND_FLOAT32 || t == ND_FLOAT64 || t == ND_COMPLEX64 || t == ND_COMPLEX128;
    const unsigned char *w = nd_data(cw), *g = nd_data(cg);
    bool ok = nd_get_dtype(got) == t && nd_nbytes(cw) == nd_nbytes(cg);
    for (size_t i = 0; ok && i < (size_t)nd_nbytes(cw); i += fl ? lane : isz) {
        size_t k = fl ? lane : isz;
        if (!memcmp(w + i, g + i, k)) continue;
        double a = 0, b = 0;
        if (fl && lane == 4) {
            float fa, fb;
            memcpy(&fa, w + i, 4), memcpy(&fb, g + i, 4);
            a = fa, b = fb;
        } else if (fl) {
            memcpy(&a, w + i, 8), memcpy(&b, g + i, 8);
        }
        ok = fl && isnan(a) && isnan(b);
    }
    nd_release(cw), nd_release(cg);
    return ok;
}

/* One expression evaluated again and again over changing input dtypes
   (eval.c records the first evaluation's node types in the expression):
   every result, or error, is what a fresh expression gives, on one
   thread and on four sharing the expression. */
static const nd_dtype rec_types[][2] = {
    {ND_FLOAT64, ND_FLOAT64}, {ND_FLOAT32, ND_FLOAT32}, {ND_INT32, ND_INT64}, {ND_BOOL, ND_BOOL},
    {ND_FLOAT64, ND_FLOAT64}, {ND_FLOAT32, ND_FLOAT64}, {ND_INT8, ND_INT8},   {ND_FLOAT64, ND_FLOAT64},
};
enum { REC_N = sizeof rec_types / sizeof *rec_types };
static const char *const rec_text = "(x - y)*y + 1.5"; /* bool - bool fails */

static bool rec_same(nd_expr *e, int k, nd_array *const *in, const nd_array *want,
                     nd_status want_err) {
    nd_array *got = nd_expr_eval(e, in, NULL);
    bool ok = want ? got && same_or_nan(want, got) : !got && nd_last_error() == want_err;
    nd_release(got);
    nd_clear_error();
    (void)k;
    return ok;
}

typedef struct {
    nd_expr *e;
    nd_array *const (*in)[2];
    nd_array *const *want;
    const nd_status *err;
    int first;
    bool ok;
} rec_worker;

static void *rec_thread(void *arg) {
    rec_worker *w = arg;
    w->ok = true;
    for (int r = 0; r < 40 && w->ok; r++) {
        int k = (w->first + r) % REC_N;
        w->ok = rec_same(w->e, k, w->in[k], w->want[k], w->err[k]);
    }
    return NULL;
}

START_TEST(types_recorded) {
    const char *nm[2] = {"x", "y"};
    int64_t n = 5000;
    nd_array *in[REC_N][2], *want[REC_N];
    nd_status err[REC_N];
    for (int k = 0; k < REC_N; k++) {
        for (int v = 0; v < 2; v++) {
            nd_array *f = jit_values(ND_FLOAT64, n, 70 + (uint64_t)v);
            in[k][v] = nd_astype(f, rec_types[k][v]);
            nd_release(f);
        }
        want[k] = nd_eval(rec_text, 2, nm, in[k], NULL); /* a fresh expression each */
        err[k] = want[k] ? ND_OK : nd_last_error();
        nd_clear_error();
    }
    ck_assert_msg(!want[3] && want[0] && want[1], "the cases are not what the test means");
    nd_expr *e = nd_expr_compile(rec_text, 2, nm);
    for (int k = 0; k < REC_N; k++)
        ck_assert_msg(rec_same(e, k, in[k], want[k], err[k]), "case %d (%s, %s)", k,
                      nd_dtype_name(rec_types[k][0]), nd_dtype_name(rec_types[k][1]));
    nd_expr_free(e);
    /* an expression whose first evaluation fails records nothing */
    e = nd_expr_compile(rec_text, 2, nm);
    for (int k = 3; k < 3 + REC_N; k++)
        ck_assert_msg(rec_same(e, k % REC_N, in[k % REC_N], want[k % REC_N], err[k % REC_N]),
                      "case %d after a failure", k % REC_N);
    nd_expr_free(e);
    /* four threads, each starting at another case, share a new expression */
    e = nd_expr_compile(rec_text, 2, nm);
    rec_worker w[4];
    pthread_t th[4];
    for (int i = 0; i < 4; i++) {
        w[i] = (rec_worker){.e = e, .in = (nd_array *const(*)[2])in, .want = want, .err = err,
                            .first = 2 * i + 1};
        ck_assert_int_eq(pthread_create(&th[i], NULL, rec_thread, &w[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        ck_assert_msg(w[i].ok, "thread %d: a result differs from a fresh expression's", i);
    }
    nd_expr_free(e);
    for (int k = 0; k < REC_N; k++) nd_release(want[k]), nd_release(in[k][0]), nd_release(in[k][1]);
}
END_TEST

/* nd_eval of text with the JIT off and forced on: the same bits (a NaN for
   a NaN) and flags, and the JIT ran when it should. */
static void jit_same(const char *text, int nv, const char *const *nm, nd_array *const *in,
                     bool compiled) {
    setenv("ND_JIT", "0", 1);
    nd_fp_clear();
    nd_clear_error();
    nd_array *want = nd_eval(text, nv, nm, in, NULL);
    int wflags = nd_fp_flags();
    nd_status ws = nd_last_error();
    setenv("ND_JIT", "1", 1);
    nd_fp_clear();
    nd_clear_error();
    uint64_t uses = nd__jit_uses();
    nd_array *got = nd_eval(text, nv, nm, in, NULL);
    int gflags = nd_fp_flags();
    unsetenv("ND_JIT");
    if (!want) {
        ck_assert_msg(!got && nd_last_error() == ws, "%s: the interpreter fails, the JIT not",
                      text);
        return;
    }
    ck_assert_msg(got != NULL, "%s: failed with the JIT: %s", text, nd_last_error_message());
    ck_assert_int_eq(nd_ndim(got), nd_ndim(want));
    for (int d = 0; d < nd_ndim(got); d++) ck_assert_int_eq(nd_shape(got)[d], nd_shape(want)[d]);
    ck_assert_msg(same_or_nan(want, got), "%s (%s): values differ", text,
                  nd_dtype_name(nd_get_dtype(want)));
    ck_assert_msg(gflags == wflags, "%s: flags %d, interpreted %d", text, gflags, wflags);
    if (compiled && nd__jit_available())
        ck_assert_msg(nd__jit_uses() == uses + 1, "%s: no compiled loop ran", text);
    nd_release(want), nd_release(got);
}

/* Every op the parser knows, alone and inside inline arithmetic, on float32
   and float64, over special values, at two lengths (one chunk's tail, and
   blocks): bit for bit the interpreter's. */
START_TEST(jit_every_op) {
    const char *nm[3] = {"x", "y", "z"};
    static const int64_t lens[] = {7, 5000};
    nd_array *in[2][2][3];
    for (int ti = 0; ti < 2; ti++)
        for (int li = 0; li < 2; li++)
            for (int v = 0; v < 3; v++)
                in[ti][li][v] = jit_values(ti ? ND_FLOAT32 : ND_FLOAT64, lens[li], 1 + (uint64_t)v);
    for (int op = 0; op < ND_NUM_OPS; op++) {
        const char *f = nd_op_name((nd_op)op);
        char text[2][200];
        if (nd_op_nin((nd_op)op) == 1) {
            snprintf(text[0], 200, "%s(x)", f);
            snprintf(text[1], 200, "2*x - %s(%s(y*0.5) / x) + x*x", f, f);
        } else {
            snprintf(text[0], 200, "%s(x, y)", f);
            snprintf(text[1], 200, "x*y - %s(z*2, %s(1.5, y)) / 3 + %s(x, 1.5)", f, f, f);
        }
        for (int ti = 0; ti < 2; ti++) {
            /* float results compile; the rest (bool, integer-only ops) are
               interpreted, and still agree */
            nd_array *probe = nd_eval(text[0], 3, nm, in[ti][0], NULL);
            bool compiled = probe && nd_get_dtype(probe) == (ti ? ND_FLOAT32 : ND_FLOAT64);
            nd_release(probe);
            nd_clear_error();
            for (int li = 0; li < 2; li++)
                for (int k = 0; k < 2; k++) jit_same(text[k], 3, nm, in[ti][li], compiled);
        }
    }
    for (int ti = 0; ti < 2; ti++)
        for (int li = 0; li < 2; li++)
            for (int v = 0; v < 3; v++) nd_release(in[ti][li][v]);
}
END_TEST

/* Inline-only expressions, the forms of the benchmark, literals of both
   kinds, one-element inputs, and layouts the JIT leaves to the interpreter
   (reversed, broadcast, another dtype), at every ISA level, over blocks and
   both thread counts. */
START_TEST(jit_layouts_levels) {
    const char *nm[3] = {"x", "y", "z"};
    static const char *const texts[] = {"2*x + 3*y*y - sin(z)",
                                        "x*y + z",
                                        "x*x + y*y + z*z - x*y / z",
                                        "((((1.5*x - 2)*x + 0.25)*x - 3)*x + 1)*x - 0.5",
                                        "-x + (+y) - x**2 + square(z) - conj(y)",
                                        "(x - y) / (x + y) * (-0.0)",
                                        "exp(x) * log(y) + sqrt(z) * 7",
                                        "sum(x*y + z)",
                                        "mean(2*x - sin(y))",
                                        "max(x / y)",
                                        "min(x*y - z)"};
    static const char *const levels[] = {"scalar", "baseline", "avx2", "avx512"};
    int64_t n = 70001, sh2[2] = {7, 10001};
    for (int ti = 0; ti < 2; ti++) {
        nd_dtype t = ti ? ND_FLOAT32 : ND_FLOAT64;
        nd_array *a = jit_values(t, n, 11), *b = jit_values(t, n, 12), *c = jit_values(t, n, 13);
        nd_array *one = jit_values(t, 1, 14), *rev = nd_slice(b, "::-1");
        nd_array *other = nd_astype(c, ti ? ND_FLOAT64 : ND_FLOAT32);
        nd_array *a7 = nd_slice(a, ":70007"), *a2 = nd_reshape(a7, 2, sh2);
        nd_array *row = nd_slice(b, ":10001");
        nd_array *sets[][3] = {{a, b, c}, {a, b, one}, {one, b, c}, {a, rev, c}, {a, b, other}};
        bool compiles[] = {true, true, true, false, false};
        for (int l = 0; l < 4; l++) {
            if (nd_set_isa(levels[l])) {
                nd_clear_error();
                continue;
            }
            bool best = !strcmp(levels[l], nd_isa_best());
            for (int th = 1; th <= 2; th++) {
                nd_set_num_threads(th);
                /* every text and layout at the best level; the benchmark's
                   forms and the reductions at the others */
                for (size_t k = 0; k < sizeof texts / sizeof *texts; k++)
                    for (int s = 0; s < 5; s++)
                        if (best || (k < 4 && s < 2) || (k >= 7 && s == 0))
                            jit_same(texts[k], 3, nm, sets[s], compiles[s]);
                nd_array *bc[3] = {a2, row, one}; /* y broadcast along rows */
                jit_same("x*y + z", 3, nm, bc, false);
                /* into out: of the result's dtype (written in place), of the
                   other float dtype (through a temporary) */
                for (int o = 0; o < 2; o++) {
                    nd_dtype ot = (o == 0) == (t == ND_FLOAT64) ? ND_FLOAT64 : ND_FLOAT32;
                    nd_array *w = nd_zeros(ot, 1, &n), *g = nd_zeros(ot, 1, &n);
                    setenv("ND_JIT", "0", 1);
                    ck_assert_ptr_eq(nd_eval("x*y - sin(z)", 3, nm, sets[0], w), w);
                    setenv("ND_JIT", "1", 1);
                    ck_assert_ptr_eq(nd_eval("x*y - sin(z)", 3, nm, sets[0], g), g);
                    unsetenv("ND_JIT");
                    ck_assert_msg(same_or_nan(w, g), "out %s", nd_dtype_name(ot));
                    nd_release(w), nd_release(g);
                }
            }
        }
        nd_set_isa(nd_isa_best());
        nd_release(a), nd_release(b), nd_release(c), nd_release(one), nd_release(rev);
        nd_release(other), nd_release(a7), nd_release(a2), nd_release(row);
    }
    nd_set_num_threads(2);
}
END_TEST

/* The cache under contention: threads evaluating more distinct expressions
   than it holds, so loops are evicted while others run theirs. */
typedef struct {
    int id;
    nd_array *in[2];
    bool ok;
} jit_worker;

static void *jit_thread(void *arg) {
    jit_worker *w = arg;
    const char *nm[2] = {"x", "y"};
    nd_array *x = w->in[0], *y = w->in[1];
    w->ok = true;
    for (int k = 1; k < 37; k++) {
        /* ((x + y) * x) + y ...: k ops, left to right; 72 shapes in all,
           more than the cache's 64 */
        char text[1200] = "";
        for (int i = 0; i < k; i++) strcat(text, "(");
        strcat(text, "x");
        nd_array *want = nd_copy(x);
        for (int i = 0; i < k; i++) {
            bool add = (i + w->id) % 2 == 0;
            strcat(text, add ? " + y)" : " * x)");
            nd_array *t = add ? nd_add(want, y, NULL) : nd_multiply(want, x, NULL);
            nd_release(want);
            want = t;
        }
        nd_array *got = nd_eval(text, 2, nm, w->in, NULL);
        if (!got || !want || !same_or_nan(want, got)) w->ok = false;
        nd_release(got), nd_release(want);
    }
    return NULL;
}

START_TEST(jit_cache_threads) {
    setenv("ND_JIT", "1", 1);
    int64_t n = 3000;
    jit_worker w[4];
    pthread_t th[4];
    uint64_t uses = nd__jit_uses();
    for (int i = 0; i < 4; i++) {
        w[i] = (jit_worker){.id = i,
                            .in = {jit_values(ND_FLOAT64, n, 20 + (uint64_t)i),
                                   jit_values(ND_FLOAT64, n, 30 + (uint64_t)i)}};
        ck_assert_int_eq(pthread_create(&th[i], NULL, jit_thread, &w[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        ck_assert_msg(w[i].ok, "thread %d: a result differs from the ufuncs", i);
        nd_release(w[i].in[0]), nd_release(w[i].in[1]);
    }
    if (nd__jit_available()) ck_assert_int_eq(nd__jit_uses() - uses, 4 * 36);
    unsetenv("ND_JIT");
}
END_TEST

/* Evaluates text every 10 ms (each result want's bits) until a compiled
   loop has run since uses, for up to 30 s; fails if none did. */
static void eval_until_compiled(const char *text, int nv, const char *const *nm,
                                nd_array *const *in, const nd_array *want, uint64_t uses) {
    int calls = 1;
    for (; nd__jit_available() && calls < 3000 && nd__jit_uses() == uses; calls++) {
        nanosleep(&(struct timespec){0, 10000000}, NULL);
        nd_array *got = nd_eval(text, nv, nm, in, NULL);
        ck_assert(got && same_or_nan(want, got));
        nd_release(got);
    }
    if (nd__jit_available())
        ck_assert_msg(nd__jit_uses() > uses, "%s: no compiled loop after %d calls", text, calls);
}

/* By default a large result starts a background compile and is interpreted
   until the loop is ready; both give the same bits. */
START_TEST(jit_background) {
    const char *nm[3] = {"x", "y", "z"};
    int64_t n = ND_JIT_MIN_ELEMS;
    nd_array *in[3] = {jit_values(ND_FLOAT64, n, 41), jit_values(ND_FLOAT64, n, 42),
                       jit_values(ND_FLOAT64, n, 43)};
    const char *text = "x*y + z*0.5 - cos(x)";
    setenv("ND_JIT", "0", 1);
    nd_array *want = nd_eval(text, 3, nm, in, NULL);
    unsetenv("ND_JIT");
    uint64_t uses = nd__jit_uses();
    nd_array *got = nd_eval(text, 3, nm, in, NULL);
    ck_assert(got && same_or_nan(want, got));
    nd_release(got);
    ck_assert_msg(nd__jit_uses() == uses, "the first call waited for the compile");
    eval_until_compiled(text, 3, nm, in, want, uses);
    nd_release(want);
    for (int v = 0; v < 3; v++) nd_release(in[v]);
}
END_TEST

/* A process that exits while background compiles run exits cleanly:
   exit waits for them (src/expr/jit.c). Each child starts compiles of
   two expressions and exits 0-140 ms later; without the wait about one
   child in ten crashed inside libgccjit (SIGSEGV), so 40 children all
   passed by chance about once in 70 runs. */
START_TEST(jit_exit_during_compile) {
    if (!nd__jit_available()) return;
    const char *nm[3] = {"x", "y", "z"};
    static const char *const texts[] = {"x*y + z*0.5 - cos(x)", "x*x + y*z - sin(y)"};
    enum { CHILDREN = 40 };
    int crashed = 0;
    for (int c = 0; c < CHILDREN; c++) {
        pid_t pid = fork();
        ck_assert_int_ge(pid, 0);
        if (pid == 0) {
            unsetenv("ND_JIT");
            int64_t n = ND_JIT_MIN_ELEMS;
            nd_array *in[3] = {jit_values(ND_FLOAT64, n, 81), jit_values(ND_FLOAT64, n, 82),
                               jit_values(ND_FLOAT64, n, 83)};
            int bad = 0;
            for (int k = 0; k < 2; k++) {
                nd_array *r = nd_eval(texts[k], 3, nm, in, NULL);
                bad |= r == NULL;
                nd_release(r);
            }
            if (c % 8) nanosleep(&(struct timespec){0, (c % 8) * 20000000L}, NULL);
            for (int v = 0; v < 3; v++) nd_release(in[v]);
            exit(bad); /* exit, not _exit: the atexit handlers are the point */
        }
        int st = 0;
        ck_assert_int_eq(waitpid(pid, &st, 0), pid);
        crashed += !(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    }
    ck_assert_msg(crashed == 0, "%d of %d processes exiting during a compile crashed", crashed, CHILDREN);
}
END_TEST

/* A result below ND_JIT_MIN_ELEMS evaluated again and again: interpreted
   until its evaluations add up to ND_JIT_MIN_ELEMS elements, then compiled
   in the background; below ND_JIT_HOT_MIN_ELEMS never. The same bits
   throughout. */
START_TEST(jit_hot_small) {
    const char *nm[2] = {"x", "y"};
    int64_t n = ND_JIT_HOT_MIN_ELEMS * 2, calls_cold = ND_JIT_MIN_ELEMS / n;
    nd_array *in[2] = {jit_values(ND_FLOAT64, n, 61), jit_values(ND_FLOAT64, n, 62)};
    const char *text = "((x*0.25 - y)*x + 1.5)*y - 0.125"; /* a shape no other test uses */
    setenv("ND_JIT", "0", 1);
    nd_array *want = nd_eval(text, 2, nm, in, NULL);
    unsetenv("ND_JIT");
    uint64_t uses = nd__jit_uses();
    /* the evaluations before the loop is hot start no compile */
    for (int64_t c = 0; c + 1 < calls_cold; c++) {
        nd_array *got = nd_eval(text, 2, nm, in, NULL);
        ck_assert(got && same_or_nan(want, got));
        nd_release(got);
    }
    nanosleep(&(struct timespec){0, 200000000}, NULL);
    nd_array *got = nd_eval(text, 2, nm, in, NULL); /* the one that makes it hot */
    ck_assert(got && same_or_nan(want, got));
    nd_release(got);
    ck_assert_msg(nd__jit_uses() == uses, "a loop ran before it was hot");
    eval_until_compiled(text, 2, nm, in, want, uses);
    nd_release(want);
    for (int v = 0; v < 2; v++) nd_release(in[v]);
    /* tiny results never count: as many elements in all, and no loop */
    int64_t m = ND_JIT_HOT_MIN_ELEMS - 1;
    nd_array *tin[2] = {jit_values(ND_FLOAT64, m, 63), jit_values(ND_FLOAT64, m, 64)};
    const char *tiny = "((y*0.25 - x)*y + 1.5)*x - 0.125";
    uses = nd__jit_uses();
    for (int64_t c = 0; c < 2 * ND_JIT_MIN_ELEMS / m + 2; c++) nd_release(nd_eval(tiny, 2, nm, tin, NULL));
    nanosleep(&(struct timespec){0, 500000000}, NULL);
    for (int c = 0; c < 10; c++) nd_release(nd_eval(tiny, 2, nm, tin, NULL));
    ck_assert_msg(nd__jit_uses() == uses, "a tiny result ran a compiled loop");
    for (int v = 0; v < 2; v++) nd_release(tin[v]);
}
END_TEST

/* Results past the streaming threshold (eval.c's STREAM_MIN_BYTES, 32 MiB):
   the compiled loop's pieces go out through streaming stores, at every
   level and both thread counts, into a new array and into an out whose
   data starts off a vector boundary, over a length that ends mid-piece:
   the interpreter's bits. */
START_TEST(jit_streamed) {
    const char *nm[3] = {"x", "y", "z"};
    static const char *const texts[] = {"((((0.5*x - 1.5)*x + 2.5)*x - 0.75)*x + 1.25)*x - 3",
                                        "x*y + y*z + z*x", "2*x + 3*y*y - sin(z)"};
    static const char *const levels[] = {"scalar", "baseline", "avx2", "avx512"};
    for (int ti = 0; ti < 2; ti++) {
        nd_dtype t = ti ? ND_FLOAT32 : ND_FLOAT64;
        int64_t n = ((int64_t)33 << 20) / (ti ? 4 : 8) + 777, n1 = n + 1;
        nd_array *in[3] = {jit_values(t, n, 51), jit_values(t, n, 52), jit_values(t, n, 53)};
        nd_array *wbig = nd_zeros(t, 1, &n1), *gbig = nd_zeros(t, 1, &n1);
        nd_array *w = nd_slice(wbig, "1:"), *g = nd_slice(gbig, "1:");
        for (int l = 0; l < 4; l++) {
            if (nd_set_isa(levels[l])) {
                nd_clear_error();
                continue;
            }
            for (int th = 1; th <= 2; th++) {
                nd_set_num_threads(th);
                for (size_t k = 0; k < sizeof texts / sizeof *texts; k++) {
                    jit_same(texts[k], 3, nm, in, true);
                    setenv("ND_JIT", "0", 1);
                    ck_assert_ptr_eq(nd_eval(texts[k], 3, nm, in, w), w);
                    setenv("ND_JIT", "1", 1);
                    ck_assert_ptr_eq(nd_eval(texts[k], 3, nm, in, g), g);
                    unsetenv("ND_JIT");
                    ck_assert_msg(same_or_nan(wbig, gbig), "%s at %s into out", texts[k],
                                  levels[l]);
                }
            }
        }
        nd_set_isa(nd_isa_best());
        for (int v = 0; v < 3; v++) nd_release(in[v]);
        nd_release(w), nd_release(g), nd_release(wbig), nd_release(gbig);
    }
    nd_set_num_threads(2);
}
END_TEST

/* The generated corpus again with the JIT forced on. */
START_TEST(jit_corpus) {
    setenv("ND_JIT", "1", 1);
    run_corpus();
    unsetenv("ND_JIT");
}
END_TEST

int main(void) {
    Suite *s = suite_create("expr");
    TCase *tc = tcase_create("expr");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, corpus_equals_ufuncs);
    tcase_add_test(tc, square_power_is_square);
    tcase_add_test(tc, complex_literals);
    tcase_add_test(tc, large_and_reductions);
    tcase_add_test(tc, parse_errors);
    tcase_add_test(tc, flags_and_trivial);
    tcase_add_test(tc, named_variables);
    tcase_add_test(tc, types_recorded);
    suite_add_tcase(s, tc);
    /* each compile is tens of milliseconds, hundreds under load */
    TCase *tj = tcase_create("jit");
    tcase_set_timeout(tj, 600);
    tcase_add_test(tj, jit_every_op);
    tcase_add_test(tj, jit_layouts_levels);
    tcase_add_test(tj, jit_cache_threads);
    tcase_add_test(tj, jit_background);
    tcase_add_test(tj, jit_exit_during_compile);
    tcase_add_test(tj, jit_hot_small);
    tcase_add_test(tj, jit_streamed);
    tcase_add_test(tj, jit_corpus);
    suite_add_tcase(s, tj);
    return nd_test_run(s);
}
