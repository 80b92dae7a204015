/* einsum and einsum_path against NumPy 1.24 (run at test time): values,
   shapes and dtypes over the subscript language, dtypes and the three
   contraction orders; paths and reports of random contractions; error
   messages; allocation failures. */
#include <math.h>
#include <unistd.h>

#include "nd_test.h"
#include "nd/einsum.h"
#include "nd/io.h"

#define ND_EIN_MAXOP_TEST 8

static char dir[128];

static uint64_t rng_state = 99;
static double rnd(void) {
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(rng_state >> 11) / 9007199254740992.0;
}

/* Small integers (exact in every dtype), or uniform [-1, 1) for floats. */
static nd_array *random_array(nd_dtype t, int ndim, const int64_t *shape) {
    nd_array *c = nd_empty(ND_COMPLEX128, ndim, shape);
    nd_complex128 *p = nd_data(c);
    bool inexact = t == ND_FLOAT32 || t == ND_FLOAT64 || t == ND_COMPLEX64 || t == ND_COMPLEX128;
    for (int64_t i = 0; i < nd_size(c); i++) {
        double re = rnd() * 2 - 1, im = rnd() * 2 - 1;
        if (t == ND_BOOL) re = re > 0.3;
        if (!inexact) re = floor(re * 4), im = 0;
        if (t == ND_UINT8) re = fabs(re);
        if (t != ND_COMPLEX64 && t != ND_COMPLEX128) im = 0;
        p[i] = (nd_complex128){re, im};
    }
    nd_array *r = nd_astype(c, t);
    nd_release(c);
    return r;
}

/* "3,4;4,5" -> shapes; returns the operand count. */
static int parse_shapes(const char *s, int *ndim, int64_t (*shape)[ND_MAX_DIMS]) {
    int n = 0;
    ndim[0] = 0;
    const char *p = s;
    for (;;) {
        if (*p >= '0' && *p <= '9') {
            shape[n][ndim[n]++] = strtoll(p, (char **)&p, 10);
            continue;
        }
        if (*p == ',') {
            p++;
            continue;
        }
        n++;
        if (!*p) return n;
        ndim[n] = 0;
        p++;
    }
}

typedef struct {
    const char *subs, *shapes;
} ecase;

static const ecase cases[] = {
    {"ij,jk->ik", "3,4;4,5"},
    {"ij,jk", "3,4;4,5"},
    {"ii->i", "4,4"},
    {"ii", "4,4"},
    {"ij->", "3,4"},
    {"ij->ji", "3,4"},
    {"ij", "3,4"},
    {"ji", "3,4"},
    {"i,ij,j->", "3;3,4;4"},
    {"bij,bjk->bik", "2,3,4;2,4,5"},
    {"ij,jk,kl->il", "3,4;4,5;5,2"},
    {"...ij,...jk->...ik", "2,3,4;4,5"},
    {"...ij,...jk", "2,3,4;1,4,5"},
    {"...ii->...i", "2,3,3"},
    {"i...i", "3,2,3"},
    {"iij->ij", "3,3,2"},
    {"iji->j", "3,2,3"},
    {"ijk,ikl,jlm->im", "2,3,4;2,4,5;3,5,2"},
    {"i,j->ij", "3;4"},
    {"i,j", "3;4"},
    {"i,i->i", "1;4"},
    {"ij,jk->ik", "3,1;4,5"},
    {"ij,ij->ij", "3,4;3,4"},
    {"ij,ij->i", "5,4;5,4"},
    {"ij,ij->", "5,4;5,4"},
    {"ij,ij", "5,4;5,4"},
    {"a,b,c->", "2;3;4"},
    {"a,b,c", "2;3;4"},
    {"abc,cd,de->abe", "2,3,4;4,3;3,2"},
    {"Ab,bA->", "2,3;3,2"},
    {"Ab,bA", "2,3;3,2"},
    {"bA", "2,3"},
    {",i->i", ";3"},
    {"->", ""},
    {"ii->", "0,0"},
    {"ij,jk->ik", "3,0;0,2"},
    {"ij,jk->ik", "0,3;3,2"},
    {"...,...->...", "2,3;3"},
    {"ijk->kji", "2,3,4"},
    {"ijk->jik", "2,3,4"},
    {"ea,fb,abcd,gc,hd->efgh", "2,3;3,2;3,2,4,3;2,4;2,3"},
    {"ea,fb,gc,hd,abcd->efgh", "2,3;3,2;2,4;2,3;3,2,4,3"},
    {"bdik,acaj,ikab,ajac,ikbd", "3,2,2,2;2,2,2,3;2,2,2,3;2,3,2,2;2,2,3,2"},
    {"iii->i", "3,3,3"},
    {"ij...,jk...->ik...", "2,3,4;3,2,4"},
    {"i , j -> ij", "2;3"},
    {"ab,bc,cd,de,ef->af", "3,4;4,2;2,5;5,3;3,2"},
    {"abc,bcd,cde->ae", "2,3,4;3,4,2;4,2,3"},
    {"ij,kl->ijkl", "2,3;2,2"},
    {"ijkl->lkji", "2,3,2,2"},
    {"i,i,i->i", "4;4;4"},
    {"i,i,i->", "4;4;4"},
    {"ij,j,k->ik", "3,4;4;2"},
};
enum { NCASES = sizeof cases / sizeof cases[0] };

static const nd_dtype dtypes[] = {ND_FLOAT64, ND_FLOAT32,    ND_INT64, ND_INT8,
                                  ND_BOOL,    ND_COMPLEX128, ND_UINT8};
enum { NDT = sizeof dtypes / sizeof dtypes[0] };
static const char *const modes[] = {"none", "greedy", "optimal"};

/* |x - y| <= tol * (1 + |y|) elementwise over complex128 images; exact
   for tol 0. */
static void compare(const nd_array *x, const nd_array *y, double tol, const char *what) {
    ck_assert_msg(nd_ndim(x) == nd_ndim(y), "%s: ndim %d, NumPy %d", what, nd_ndim(x), nd_ndim(y));
    for (int d = 0; d < nd_ndim(x); d++)
        ck_assert_msg(nd_shape(x)[d] == nd_shape(y)[d], "%s: shape differs at axis %d", what, d);
    ck_assert_msg(nd_get_dtype(x) == nd_get_dtype(y), "%s: dtype %s, NumPy %s", what,
                  nd_dtype_name(nd_get_dtype(x)), nd_dtype_name(nd_get_dtype(y)));
    nd_array *cx = nd_astype(x, ND_COMPLEX128), *cy = nd_astype(y, ND_COMPLEX128);
    nd_array *fx = nd_ravel(cx), *fy = nd_ravel(cy);
    const nd_complex128 *px = nd_data(fx), *py = nd_data(fy);
    for (int64_t i = 0; i < nd_size(fx); i++) {
        double e = hypot(px[i].re - py[i].re, px[i].im - py[i].im);
        double m = hypot(py[i].re, py[i].im);
        ck_assert_msg(e <= tol * (1 + m), "%s: element %lld is %.17g%+.17gj, NumPy %.17g%+.17gj",
                      what, (long long)i, px[i].re, px[i].im, py[i].re, py[i].im);
    }
    nd_release(cx), nd_release(cy), nd_release(fx), nd_release(fy);
}

static double tol_of(nd_dtype t) {
    return t == ND_FLOAT32 || t == ND_COMPLEX64    ? 1e-4
           : t == ND_FLOAT64 || t == ND_COMPLEX128 ? 1e-12
                                                   : 0;
}

static char *read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0, got;
    char *s = malloc(cap);
    while ((got = fread(s + n, 1, cap - n - 1, f)) > 0)
        if ((n += got) + 1 >= cap) s = realloc(s, cap *= 2);
    s[n] = '\0';
    fclose(f);
    return s;
}

/* Writes the operands of case c (dtype t, also mixed: the first as int8)
   as dir/c<c>_<t>_<i>.npy; returns their count. */
static int make_ops(int c, int ti, bool mixed, nd_array **ops) {
    int ndim[ND_EIN_MAXOP_TEST], n;
    int64_t shape[ND_EIN_MAXOP_TEST][ND_MAX_DIMS];
    n = parse_shapes(cases[c].shapes, ndim, shape);
    for (int i = 0; i < n; i++) {
        ops[i] = random_array(mixed && i == 0 ? ND_INT8 : dtypes[ti], ndim[i], shape[i]);
        char path[256];
        snprintf(path, sizeof path, "%s/c%d_%d%s_%d.npy", dir, c, ti, mixed ? "m" : "", i);
        ck_assert_int_eq(nd_save_npy(path, ops[i]), ND_OK);
    }
    return n;
}

/* Runs script (NumPy) with dir as its first argument's value D. */
static void run_numpy(const char *body) {
    size_t cap = strlen(body) + 512;
    char *script = malloc(cap);
    snprintf(script, cap,
             "import warnings\nwarnings.simplefilter('ignore')\nimport numpy as np\nD = '%s'\n%s",
             dir, body);
    char *out = nd_test_python(script);
    ck_assert_msg(out != NULL, "python failed");
    free(out), free(script);
}

static void case_file(char *buf, size_t cap, const char *kind, int c, int ti, bool mixed) {
    snprintf(buf, cap, "%s/%s%d_%d%s", dir, kind, c, ti, mixed ? "m" : "");
}

START_TEST(values_vs_numpy) {
    /* every case at every dtype (and mixed with int8), NumPy's default
       einsum as the reference, nd's three orders compared with it */
    size_t cap = 1 << 16, len = 0;
    char *body = malloc(cap);
    len += (size_t)snprintf(body, cap, "cases = [\n");
    static nd_array *ops[NCASES][NDT][2][ND_EIN_MAXOP_TEST];
    static int nops[NCASES];
    for (int c = 0; c < NCASES; c++)
        for (int ti = 0; ti < NDT; ti++)
            for (int mx = 0; mx < 2; mx++) {
                if (mx && strchr(cases[c].shapes, ';') && cases[c].shapes[0] == ';') continue;
                if (mx && !strcmp(cases[c].shapes, "")) continue;
                nops[c] = make_ops(c, ti, mx, ops[c][ti][mx]);
                char name[256];
                case_file(name, sizeof name, "c", c, ti, mx);
                len += (size_t)snprintf(body + len, cap - len, "  ('%s', '%s', %d),\n",
                                        cases[c].subs, name, nops[c]);
                if (len + 512 > cap) body = realloc(body, cap *= 2);
            }
    len += (size_t)snprintf(body + len, cap - len,
                            "]\n"
                            "for subs, name, n in cases:\n"
                            "    ops = [np.load('%%s_%%d.npy' %% (name, i)) for i in range(n)]\n"
                            "    r = np.asarray(np.einsum(subs, *ops))\n"
                            "    np.save(name + '_r.npy', r)\n");
    run_numpy(body);
    free(body);
    for (int c = 0; c < NCASES; c++)
        for (int ti = 0; ti < NDT; ti++)
            for (int mx = 0; mx < 2; mx++) {
                if (!ops[c][ti][mx][0]) continue;
                char name[256], path[300], what[400];
                case_file(name, sizeof name, "c", c, ti, mx);
                snprintf(path, sizeof path, "%s_r.npy", name);
                nd_array *want = nd_load_npy(path);
                ck_assert_msg(want != NULL, "%s: %s", path, nd_last_error_message());
                for (int m = 0; m < 3; m++) {
                    snprintf(what, sizeof what, "%s %s %s%s optimize=%s", cases[c].subs,
                             cases[c].shapes, nd_dtype_name(dtypes[ti]), mx ? " (int8 first)" : "",
                             modes[m]);
                    nd_array *r =
                        nd_einsum(cases[c].subs, nops[c], (const nd_array *const *)ops[c][ti][mx],
                                  modes[m], NULL);
                    ck_assert_msg(r != NULL, "%s: %s", what, nd_last_error_message());
                    compare(r, want, tol_of(nd_get_dtype(want)), what);
                    /* into an out of the result's shape and dtype */
                    nd_array *o = nd_zeros(nd_get_dtype(r), nd_ndim(r), nd_shape(r));
                    ck_assert_ptr_eq(nd_einsum(cases[c].subs, nops[c],
                                               (const nd_array *const *)ops[c][ti][mx], modes[m],
                                               o),
                                     o);
                    compare(o, want, tol_of(nd_get_dtype(want)), what);
                    nd_release(o), nd_release(r);
                }
                nd_release(want);
                for (int i = 0; i < nops[c]; i++) nd_release(ops[c][ti][mx][i]);
            }
}
END_TEST

/* Random contractions: NumPy's greedy and optimal paths and reports, and
   the values of every order. */
enum { NRAND = 40 };

static void random_expr(char *subs, int64_t (*shape)[ND_MAX_DIMS], int *ndim, int *nop) {
    int64_t size[8];
    int nl = 4 + (int)(rnd() * 4);
    for (int l = 0; l < nl; l++) size[l] = 1 + (int64_t)(rnd() * 7);
    *nop = 3 + (int)(rnd() * 4);
    int count[8] = {0}, k = 0;
    for (int i = 0; i < *nop; i++) {
        if (i) subs[k++] = ',';
        ndim[i] = 1 + (int)(rnd() * 3);
        for (int d = 0; d < ndim[i]; d++) {
            int l = (int)(rnd() * nl);
            subs[k++] = (char)('a' + l);
            shape[i][d] = size[l];
            count[l]++;
        }
    }
    subs[k++] = '-', subs[k++] = '>';
    for (int l = 0; l < nl; l++)
        if (count[l] && rnd() < 0.3) subs[k++] = (char)('a' + l);
    subs[k] = '\0';
}

START_TEST(paths_vs_numpy) {
    static char subs[NRAND][128];
    static nd_array *ops[NRAND][ND_EIN_MAXOP_TEST];
    static int nop[NRAND];
    size_t cap = 1 << 16, len = 0;
    char *body = malloc(cap);
    len += (size_t)snprintf(body, cap, "cases = [\n");
    for (int c = 0; c < NRAND; c++) {
        int ndim[ND_EIN_MAXOP_TEST];
        int64_t shape[ND_EIN_MAXOP_TEST][ND_MAX_DIMS];
        random_expr(subs[c], shape, ndim, &nop[c]);
        for (int i = 0; i < nop[c]; i++) {
            ops[c][i] = random_array(ND_FLOAT64, ndim[i], shape[i]);
            char path[256];
            snprintf(path, sizeof path, "%s/p%d_%d.npy", dir, c, i);
            ck_assert_int_eq(nd_save_npy(path, ops[c][i]), ND_OK);
        }
        len += (size_t)snprintf(body + len, cap - len, "  ('%s', %d),\n", subs[c], nop[c]);
    }
    len += (size_t)snprintf(
        body + len, cap - len,
        "]\n"
        "for c, (subs, n) in enumerate(cases):\n"
        "    ops = [np.load('%%s/p%%d_%%d.npy' %% (D, c, i)) for i in range(n)]\n"
        "    np.save('%%s/p%%d_r.npy' %% (D, c), np.asarray(np.einsum(subs, *ops)))\n"
        "    for opt in ('greedy', 'optimal'):\n"
        "        path, rep = np.einsum_path(subs, *ops, optimize=opt)\n"
        "        ints = []\n"
        "        for t in path[1:]:\n"
        "            ints += [len(t)] + list(t)\n"
        "        with open('%%s/p%%d_%%s.txt' %% (D, c, opt), 'w') as f:\n"
        "            f.write(' '.join(map(str, ints)) + '\\n' + rep)\n");
    run_numpy(body);
    free(body);
    for (int c = 0; c < NRAND; c++) {
        char path[300], what[300];
        snprintf(path, sizeof path, "%s/p%d_r.npy", dir, c);
        nd_array *want = nd_load_npy(path);
        ck_assert_ptr_nonnull(want);
        for (int m = 0; m < 3; m++) {
            snprintf(what, sizeof what, "%.120s optimize=%s", subs[c], modes[m]);
            nd_array *r =
                nd_einsum(subs[c], nop[c], (const nd_array *const *)ops[c], modes[m], NULL);
            ck_assert_msg(r != NULL, "%s: %s", what, nd_last_error_message());
            compare(r, want, 1e-11, what);
            nd_release(r);
        }
        nd_release(want);
        for (int m = 1; m < 3; m++) {
            snprintf(path, sizeof path, "%s/p%d_%s.txt", dir, c, modes[m]);
            char *ref = read_file(path);
            ck_assert_ptr_nonnull(ref);
            int *ints = NULL, nints = 0;
            char *rep = NULL;
            ck_assert_int_eq(nd_einsum_path(subs[c], nop[c], (const nd_array *const *)ops[c],
                                            modes[m], &ints, &nints, &rep),
                             ND_OK);
            char mine[512];
            size_t k = 0;
            for (int i = 0; i < nints; i++)
                k += (size_t)snprintf(mine + k, sizeof mine - k, "%s%d", i ? " " : "", ints[i]);
            char *nl = strchr(ref, '\n');
            *nl = '\0';
            ck_assert_msg(!strcmp(mine, ref), "%s %s: path %s, NumPy %s", subs[c], modes[m], mine,
                          ref);
            ck_assert_msg(!strcmp(rep, nl + 1), "%s %s: report\n%s\nNumPy's\n%s", subs[c], modes[m],
                          rep, nl + 1);
            free(ints), free(rep), free(ref);
        }
        for (int i = 0; i < nop[c]; i++) nd_release(ops[c][i]);
    }
}
END_TEST

/* Errors: NumPy's message for the same call (its C einsum's, or with
   optimize=True, its einsum_path's where nd uses those words). */
static const struct {
    const char *subs, *shapes;
    bool py_opt;
} bad[] = {
    {"ij,jk", "2,3;4,5", true}, {"ij", "2,3;2,3", false},       {"ij,jk", "2,3", false},
    {"ijk", "2,3", false},      {"ij->k", "2,3", false},        {"i$", "2,3", false},
    {"ij->ii", "2,3", false},   {"ij->->", "2,3", false},       {"i..j", "2,3", false},
    {"ii", "2,3", false},       {"ij->i.", "2,3", false},       {"ij-", "2,3", false},
    {"i", "2,3", false},        {"ij,ij->ij", "2,3;3,2", true}, {"ij>i", "2,3", false},
    {"i...->", "", false},      {"...i->i", "2,3", false},      {"i,j->i>", "2;2", false},
};

START_TEST(errors_vs_numpy) {
    enum { NBAD = sizeof bad / sizeof bad[0] };
    size_t cap = 1 << 14, len = 0;
    char *body = malloc(cap);
    len += (size_t)snprintf(body, cap, "cases = [\n");
    for (int c = 0; c < NBAD; c++) {
        len += (size_t)snprintf(body + len, cap - len, "  ('%s', [", bad[c].subs);
        int ndim[ND_EIN_MAXOP_TEST];
        int64_t shape[ND_EIN_MAXOP_TEST][ND_MAX_DIMS];
        int n = parse_shapes(bad[c].shapes, ndim, shape);
        for (int i = 0; i < n; i++) {
            len += (size_t)snprintf(body + len, cap - len, "(");
            for (int d = 0; d < ndim[i]; d++)
                len += (size_t)snprintf(body + len, cap - len, "%lld,", (long long)shape[i][d]);
            len += (size_t)snprintf(body + len, cap - len, "),");
        }
        len +=
            (size_t)snprintf(body + len, cap - len, "], %s),\n", bad[c].py_opt ? "True" : "False");
    }
    len += (size_t)snprintf(
        body + len, cap - len,
        "]\n"
        "with open(D + '/errors.txt', 'w') as f:\n"
        "    for subs, shapes, opt in cases:\n"
        "        try:\n"
        "            np.einsum(subs, *[np.ones(s) for s in shapes], optimize=opt)\n"
        "            f.write('ok\\n')\n"
        "        except ValueError as e:\n"
        "            f.write(str(e) + '\\n')\n");
    run_numpy(body);
    free(body);
    char path[300];
    snprintf(path, sizeof path, "%s/errors.txt", dir);
    char *msgs = read_file(path), *save = NULL, *line = strtok_r(msgs, "\n", &save);
    for (int c = 0; c < NBAD; c++, line = strtok_r(NULL, "\n", &save)) {
        ck_assert_ptr_nonnull(line);
        int ndim[ND_EIN_MAXOP_TEST];
        int64_t shape[ND_EIN_MAXOP_TEST][ND_MAX_DIMS];
        int n = parse_shapes(bad[c].shapes, ndim, shape);
        nd_array *ops[ND_EIN_MAXOP_TEST];
        for (int i = 0; i < n; i++) ops[i] = nd_ones(ND_FLOAT64, ndim[i], shape[i]);
        nd_clear_error();
        nd_array *r = nd_einsum(bad[c].subs, n, (const nd_array *const *)ops, NULL, NULL);
        ck_assert_msg(r == NULL, "%s: no error (NumPy: %s)", bad[c].subs, line);
        ck_assert_int_eq(nd_last_error(), ND_ERR_VALUE);
        const char *msg = nd_last_error_message(), *tail = strstr(msg, ": ");
        ck_assert_msg(tail && !strcmp(tail + 2, line), "%s: '%s', NumPy '%s'", bad[c].subs, msg,
                      line);
        nd_clear_error();
        for (int i = 0; i < n; i++) nd_release(ops[i]);
    }
    free(msgs);
}
END_TEST

START_TEST(api_errors) {
    nd_array *a = random_array(ND_FLOAT64, 2, (int64_t[]){3, 4});
    nd_array *b = random_array(ND_FLOAT64, 2, (int64_t[]){4, 5});
    const nd_array *ops[2] = {a, b};
    ck_assert_ptr_null(nd_einsum("ij,jk", 2, ops, "fastest", NULL));
    ck_assert_str_eq(nd_last_error_message(), "nd_einsum: Path name fastest not found");
    ck_assert_nd_error(ND_ERR_VALUE);
    ck_assert_ptr_null(nd_einsum("ij,jk", 0, ops, NULL, NULL));
    ck_assert_nd_error(ND_ERR_VALUE);
    ck_assert_ptr_null(nd_einsum("ij,jk", 40, ops, NULL, NULL));
    ck_assert_nd_error(ND_ERR_VALUE);
    ck_assert_ptr_null(nd_einsum("ij,jk", 2, (const nd_array *const[]){a, NULL}, NULL, NULL));
    ck_assert_nd_error(ND_ERR_NULL);
    /* out: wrong shape, unsafe cast, read-only */
    nd_array *o = nd_zeros(ND_FLOAT64, 2, (int64_t[]){3, 4});
    ck_assert_ptr_null(nd_einsum("ij,jk", 2, ops, NULL, o));
    ck_assert_nd_error(ND_ERR_SHAPE);
    nd_array *oi = nd_zeros(ND_INT32, 2, (int64_t[]){3, 5});
    ck_assert_ptr_null(nd_einsum("ij,jk", 2, ops, NULL, oi));
    ck_assert_str_eq(nd_last_error_message(),
                     "nd_einsum: Iterator requested dtype could not be cast from "
                     "dtype('float64') to dtype('int32'), the operand 2 dtype, according to the "
                     "rule 'safe'");
    ck_assert_nd_error(ND_ERR_DTYPE);
    nd_array *ro = nd_broadcast_to(o, 2, (int64_t[]){3, 4});
    ck_assert_ptr_null(nd_einsum("ij->ij", 1, ops, NULL, ro));
    ck_assert_nd_error(ND_ERR_VALUE);
    /* path: path without path_len */
    int *p = NULL;
    ck_assert_int_ne(nd_einsum_path("ij,jk", 2, ops, NULL, &p, NULL, NULL), ND_OK);
    ck_assert_nd_error(ND_ERR_NULL);
    /* a view when no arithmetic is needed, as NumPy's */
    nd_array *sq = random_array(ND_FLOAT64, 2, (int64_t[]){4, 4});
    nd_array *d = nd_einsum("ii->i", 1, (const nd_array *const[]){sq}, NULL, NULL);
    ck_assert(nd_may_share_memory(d, sq));
    /* out aliasing the operand: the transpose written into its own input */
    nd_array *sq2 = nd_copy(sq), *t = nd_transpose(sq, NULL);
    nd_array *tc = nd_copy(t);
    ck_assert_ptr_eq(nd_einsum("ij->ji", 1, (const nd_array *const[]){sq2}, NULL, sq2), sq2);
    compare(sq2, tc, 0, "ij->ji into its own operand");
    nd_release(sq2), nd_release(t), nd_release(tc);
    nd_release(d), nd_release(sq), nd_release(ro), nd_release(oi), nd_release(o);
    nd_release(a), nd_release(b);
}
END_TEST

/* Allocation failures: every failing allocation is ND_ERR_NOMEM with
   nothing leaked, and the call that succeeds gives the same bytes. */
static void walk(const char *name, nd_array *(*call)(void)) {
    nd_array *ref = call();
    ck_assert_ptr_nonnull(ref);
    void *ref_img = NULL;
    size_t ref_len;
    ck_assert_int_eq(nd_npy_to_bytes(ref, &ref_img, &ref_len), ND_OK);
    nd_release(ref);
    long live = nd_debug_live_allocs(), nth = 1;
    for (;; nth++) {
        nd_clear_error();
        nd_debug_fail_alloc(nth);
        nd_array *r = call();
        nd_debug_fail_alloc(0);
        if (r) {
            void *img = NULL;
            size_t len;
            ck_assert_int_eq(nd_npy_to_bytes(r, &img, &len), ND_OK);
            ck_assert_msg(len == ref_len && !memcmp(img, ref_img, len), "%s: a different result",
                          name);
            free(img);
            nd_release(r);
            break;
        }
        ck_assert_msg(nd_last_error() == ND_ERR_NOMEM, "%s: allocation %ld failed, got %s (%s)",
                      name, nth, nd_status_name(nd_last_error()), nd_last_error_message());
        ck_assert_msg(nd_debug_live_allocs() == live, "%s leaked after failing allocation %ld",
                      name, nth);
    }
    ck_assert_int_eq(nd_debug_live_allocs(), live);
    ck_assert_int_gt(nth, 1);
    free(ref_img);
}

static nd_array *A, *B, *C, *S;
static nd_array *w_chain(void) {
    return nd_einsum("ij,jk,kl->il", 3, (const nd_array *const[]){A, B, C}, "greedy", NULL);
}
static nd_array *w_optimal(void) {
    return nd_einsum("ij,jk,kl->il", 3, (const nd_array *const[]){A, B, C}, "optimal", NULL);
}
static nd_array *w_path(void) {
    int *p = NULL, n = 0;
    char *rep = NULL;
    if (nd_einsum_path("ij,jk,kl->il", 3, (const nd_array *const[]){A, B, C}, "optimal", &p, &n,
                       &rep))
        return NULL;
    nd_array *r = nd_from_buffer(ND_INT8, 1, (int64_t[]){(int64_t)strlen(rep)}, rep);
    free(p), free(rep);
    return r;
}

START_TEST(allocation_failures) {
    A = random_array(ND_FLOAT64, 2, (int64_t[]){4, 5});
    B = random_array(ND_FLOAT64, 2, (int64_t[]){5, 6});
    C = random_array(ND_FLOAT32, 2, (int64_t[]){6, 3});
    walk("greedy chain", w_chain);
    walk("optimal chain", w_optimal);
    walk("einsum_path report", w_path);
    nd_release(A), nd_release(B), nd_release(C);
}
END_TEST

START_TEST(allocation_failures_mixed) {
    S = random_array(ND_INT32, 2, (int64_t[]){4, 4});
    A = random_array(ND_FLOAT64, 2, (int64_t[]){4, 5});
    nd_array *v = random_array(ND_INT8, 1, (int64_t[]){5});
    nd_array *ops[3] = {S, A, v};
    /* ii,ij,j->i over int32, float64 and int8 */
    nd_array *ref = nd_einsum("ii,ij,j->i", 3, (const nd_array *const *)ops, NULL, NULL);
    ck_assert_ptr_nonnull(ref);
    long live = nd_debug_live_allocs(), nth = 1;
    for (;; nth++) {
        nd_clear_error();
        nd_debug_fail_alloc(nth);
        nd_array *r = nd_einsum("ii,ij,j->i", 3, (const nd_array *const *)ops, "greedy", NULL);
        nd_debug_fail_alloc(0);
        if (r) {
            compare(r, ref, 1e-14, "ii,ij,j->i after failures");
            nd_release(r);
            break;
        }
        ck_assert_nd_error(ND_ERR_NOMEM);
        ck_assert_int_eq(nd_debug_live_allocs(), live);
    }
    ck_assert_int_gt(nth, 3);
    nd_release(ref), nd_release(S), nd_release(A), nd_release(v);
}
END_TEST

int main(void) {
    Suite *s = suite_create("einsum");
    TCase *tc = tcase_create("einsum");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, values_vs_numpy);
    tcase_add_test(tc, paths_vs_numpy);
    tcase_add_test(tc, errors_vs_numpy);
    tcase_add_test(tc, api_errors);
    tcase_add_test(tc, allocation_failures);
    tcase_add_test(tc, allocation_failures_mixed);
    suite_add_tcase(s, tc);
    return nd_test_run_in_tmpdir(s, dir, sizeof dir, "einsum");
}
