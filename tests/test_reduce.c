/* Reductions: differential against NumPy (every reduction x dtype x axis x
   keepdims x layout), bitwise identity across ISA levels, accuracy of
   float32 sums and cumsums, NaN handling at every position, errors. */
#include <math.h>

#include "nd_test.h"

/* ---- test data, built the same way here and in the Python script ---- */

static const char *const layouts[] = {"c", "t", "s", "n", "z", "e", "l", "w", "W"};
enum { NLAYOUT = sizeof layouts / sizeof *layouts };

static const nd_dtype dtypes[] = {ND_BOOL,    ND_INT8,      ND_INT32,     ND_INT64,
                                  ND_UINT16,  ND_UINT64,    ND_FLOAT16,   ND_FLOAT32,
                                  ND_FLOAT64, ND_COMPLEX64, ND_COMPLEX128};
enum { NDT = sizeof dtypes / sizeof *dtypes };

static const char *const fns[] = {"sum",     "prod",    "mean",      "min",       "max",
                                  "argmin",  "argmax",  "any",       "all",       "nansum",
                                  "nanmean", "nanmin",  "nanmax",    "var",       "std1",
                                  "cumsum",  "cumprod", "nanargmin", "nanargmax", "nanvar",
                                  "r_sum02", "r_max02", "r_prod02",  "r_any02",   "r_sum_none"};
enum { NFN = sizeof fns / sizeof *fns };

static const char *py_prelude =
    "import numpy as np, sys, warnings\n"
    "warnings.simplefilter('ignore')\n"
    "def base(shape, dt):\n"
    "    n = int(np.prod(shape))\n"
    "    k = (np.arange(n, dtype=np.int64) * 7919) % 251\n"
    "    if dt == 'bool': v = (k % 3 == 0)\n"
    "    elif dt.startswith('uint'): v = k.astype(dt)\n"
    "    elif dt.startswith('int'): v = (k - 125).astype(dt)\n"
    "    elif dt.startswith('complex'):\n"
    "        k2 = (k * 3) % 251\n"
    "        v = ((k - 125) / 8.0 + 1j * ((k2 - 125) / 8.0)).astype(dt)\n"
    "    else: v = ((k - 125) / 8.0).astype(dt)\n"
    "    return v.reshape(shape)\n"
    "def layout(L, dt):\n"
    "    if L == 'c': return base((4,5,6), dt)\n"
    "    if L == 't': return base((4,5,6), dt).transpose()\n"
    "    if L == 's': return base((4,5,6), dt)[::2, :, 1::2]\n"
    "    if L == 'n': return base((4,5,6), dt)[::-1, :, ::-2]\n"
    "    if L == 'z': return base((1,), dt).reshape(())\n"
    "    if L == 'e': return base((0,3), dt)\n"
    "    if L == 'l': return base((1000,), dt)\n"
    "    if L == 'w': return base((300,7), dt)\n"
    "    if L == 'W': return base((300,7), dt).T\n"
    "def run(fn, a, axis, kd):\n"
    "    if fn.startswith('r_'):\n"
    "        ax = None if fn.endswith('none') else (tuple(range(a.ndim)) if a.ndim < 2 else (0, "
    "a.ndim - 1))\n"
    "        f = {'r_sum02': np.sum, 'r_max02': np.max, 'r_prod02': np.prod, 'r_any02': np.any, "
    "'r_sum_none': np.sum}[fn]\n"
    "        return f(a, axis=ax, keepdims=kd)\n"
    "    if fn == 'std1': return np.std(a, axis=axis, ddof=1, keepdims=kd)\n"
    "    if fn in ('cumsum', 'cumprod'): return getattr(np, fn)(a, axis=axis)\n"
    "    if fn.startswith('nanarg') or fn.startswith('arg'):\n"
    "        r = getattr(np, fn)(a, axis=axis)\n"
    "        if kd: r = np.expand_dims(r, axis if axis is not None else tuple(range(a.ndim)))\n"
    "        return r\n"
    "    return getattr(np, fn)(a, axis=axis, keepdims=kd)\n"
    "def show(r):\n"
    "    r = np.asarray(r)\n"
    "    out = ['OK', r.dtype.name, str(r.ndim)] + [str(s) for s in r.shape]\n"
    "    f = r.reshape(-1)\n"
    "    if r.dtype.kind in 'biu': out += [str(int(x)) for x in f.astype(np.int64)]\n"
    "    elif r.dtype.kind == 'c': out += [float(x.real).hex() + ',' + float(x.imag).hex() for x "
    "in f]\n"
    "    else: out += [float(x).hex() for x in f.astype(np.float64)]\n"
    "    return ' '.join(out)\n";

static const int64_t base_c[3] = {4, 5, 6};

static nd_array *make_base(int ndim, const int64_t *shape, nd_dtype dt) {
    int64_t n = nd__shape_prod(ndim, shape);
    nd_array *r;
    if (nd__is_complex(dt)) {
        nd_complex128 *v = malloc(sizeof *v * (size_t)(n ? n : 1));
        for (int64_t i = 0; i < n; i++) {
            int64_t k = (i * 7919) % 251, k2 = (k * 3) % 251;
            v[i].re = (k - 125) / 8.0, v[i].im = (k2 - 125) / 8.0;
        }
        nd_array *c = nd_from_buffer(ND_COMPLEX128, ndim, shape, v);
        free(v);
        r = nd_astype(c, dt);
        nd_release(c);
        return r;
    }
    double *v = malloc(sizeof *v * (size_t)(n ? n : 1));
    for (int64_t i = 0; i < n; i++) {
        int64_t k = (i * 7919) % 251;
        v[i] = dt == ND_BOOL         ? (k % 3 == 0)
               : nd__is_unsigned(dt) ? (double)k
               : nd__is_int(dt)      ? (double)(k - 125)
                                     : (k - 125) / 8.0;
    }
    nd_array *d = nd_from_buffer(ND_FLOAT64, ndim, shape, v);
    free(v);
    r = nd_astype(d, dt);
    nd_release(d);
    return r;
}

static nd_array *make_layout(char L, nd_dtype dt) {
    nd_array *b, *r;
    switch (L) {
    case 'c':
        return make_base(3, base_c, dt);
    case 't':
        b = make_base(3, base_c, dt), r = nd_transpose(b, NULL);
        break;
    case 's':
        b = make_base(3, base_c, dt), r = nd_slice(b, "::2, :, 1::2");
        break;
    case 'n':
        b = make_base(3, base_c, dt), r = nd_slice(b, "::-1, :, ::-2");
        break;
    case 'z':
        return make_base(0, NULL, dt);
    case 'e':
        return make_base(2, (int64_t[]){0, 3}, dt);
    case 'l':
        return make_base(1, (int64_t[]){1000}, dt);
    case 'w':
        return make_base(2, (int64_t[]){300, 7}, dt);
    case 'W':
        b = make_base(2, (int64_t[]){300, 7}, dt), r = nd_transpose(b, NULL);
        break;
    default:
        return NULL;
    }
    nd_release(b);
    return r;
}

static nd_array *run_nd(const char *fn, const nd_array *a, int axis, bool kd) {
    if (strncmp(fn, "r_", 2) == 0) {
        int ax[2] = {0, a->ndim - 1}, nax = a->ndim < 2 ? a->ndim : 2;
        int all[ND_MAX_DIMS];
        for (int i = 0; i < a->ndim; i++) all[i] = i;
        const int *axes = a->ndim < 2 ? all : ax;
        if (!strcmp(fn, "r_sum02")) return nd_reduce(ND_OP_ADD, a, nax, axes, kd, NULL);
        if (!strcmp(fn, "r_max02")) return nd_reduce(ND_OP_MAXIMUM, a, nax, axes, kd, NULL);
        if (!strcmp(fn, "r_prod02")) return nd_reduce(ND_OP_MULTIPLY, a, nax, axes, kd, NULL);
        if (!strcmp(fn, "r_any02")) return nd_reduce(ND_OP_LOGICAL_OR, a, nax, axes, kd, NULL);
        return nd_reduce(ND_OP_ADD, a, -1, NULL, kd, NULL);
    }
#define F(name)                                                                                    \
    if (!strcmp(fn, #name)) return nd_##name(a, axis, kd, NULL);
    F(sum)
    F(prod)
    F(mean)
    F(min)
    F(max) F(argmin) F(argmax) F(any) F(all) F(nansum) F(nanmean) F(nanmin) F(nanmax) F(nanargmin)
        F(nanargmax)
#undef F
            if (!strcmp(fn, "var")) return nd_var(a, axis, 0, kd, NULL);
    if (!strcmp(fn, "nanvar")) return nd_nanvar(a, axis, 0, kd, NULL);
    if (!strcmp(fn, "std1")) return nd_std(a, axis, 1, kd, NULL);
    if (!strcmp(fn, "cumsum")) return nd_cumsum(a, axis, NULL);
    if (!strcmp(fn, "cumprod")) return nd_cumprod(a, axis, NULL);
    return NULL;
}

static bool is_exact(const char *fn, nd_dtype dt) {
    if (!nd__is_inexact(dt))
        return strcmp(fn, "mean") && strcmp(fn, "var") && strcmp(fn, "std1") &&
               strcmp(fn, "nanmean") && strcmp(fn, "nanvar");
    return strstr(fn, "min") || strstr(fn, "max") || strstr(fn, "arg") || !strcmp(fn, "any") ||
           !strcmp(fn, "all") || !strcmp(fn, "r_any02");
}

static double tol_of(nd_dtype dt) {
    return dt == ND_FLOAT16 ? 1e-2 : /* NumPy rounds float16 sums to half at each row */ (
                                         dt == ND_FLOAT32 || dt == ND_COMPLEX64)
                                     ? 2e-6
                                     : 1e-13;
}

/* Compares nd's result r against one line of NumPy's output. */
/* nonfinite: a product that overflows in one order may reach 0 first in
   another (NumPy's order differs on transposed layouts) */
static void compare(const char *what, nd_array *r, char *line, bool exact, double tol,
                    bool nonfinite) {
    if (strncmp(line, "ERR", 3) == 0) {
        ck_assert_msg(r == NULL, "%s: NumPy raised (%s) but nd returned a result", what, line);
        nd_clear_error();
        return;
    }
    ck_assert_msg(r != NULL, "%s: nd failed: %s (NumPy: %.80s)", what, nd_last_error_message(),
                  line);
    char *save = NULL, *tok = strtok_r(line, " ", &save);
    tok = strtok_r(NULL, " ", &save);
    ck_assert_msg(!strcmp(tok, nd_dtype_name(r->dtype)), "%s: dtype %s, NumPy %s", what,
                  nd_dtype_name(r->dtype), tok);
    int ndim = atoi(strtok_r(NULL, " ", &save));
    ck_assert_msg(ndim == r->ndim, "%s: ndim %d, NumPy %d", what, r->ndim, ndim);
    for (int d = 0; d < ndim; d++) {
        long long s = atoll(strtok_r(NULL, " ", &save));
        ck_assert_msg(s == r->shape[d], "%s: shape[%d] %lld, NumPy %lld", what, d,
                      (long long)r->shape[d], s);
    }
    int64_t n = nd_size(r);
    bool cpx = nd__is_complex(r->dtype), integ = !nd__is_inexact(r->dtype);
    nd_array *c = nd_astype(r, cpx ? ND_COMPLEX128 : integ ? ND_INT64 : ND_FLOAT64);
    ck_assert_ptr_nonnull(c);
    double *got = nd_data(c);
    int64_t *goti = nd_data(c);
    int nv = cpx ? 2 : 1;
    double *want = malloc(sizeof(double) * (size_t)(n * nv + 1));
    double scale = 0;
    for (int64_t i = 0; i < n; i++) {
        tok = strtok_r(NULL, " ", &save);
        ck_assert_ptr_nonnull(tok);
        if (integ) {
            ck_assert_msg(goti[i] == atoll(tok), "%s: [%lld] %lld, NumPy %s", what, (long long)i,
                          (long long)goti[i], tok);
            continue;
        }
        char *comma = strchr(tok, ',');
        want[i * nv] = strtod(tok, NULL);
        if (cpx) want[i * nv + 1] = strtod(comma + 1, NULL);
        for (int k = 0; k < nv; k++)
            if (isfinite(want[i * nv + k]) && fabs(want[i * nv + k]) > scale)
                scale = fabs(want[i * nv + k]);
    }
    if (!integ)
        for (int64_t i = 0; i < n * nv; i++) {
            double g = got[i], w = want[i];
            if (nonfinite && (!isfinite(g) || !isfinite(w))) continue;
            bool ok = exact ? (g == w || (isnan(g) && isnan(w)))
                            : (g == w || (isnan(g) && isnan(w)) ||
                               fabs(g - w) <= tol * (scale > 1 ? scale : 1));
            ck_assert_msg(ok, "%s: [%lld] %a, NumPy %a", what, (long long)i, g, w);
        }
    free(want);
    nd_release(c);
}

START_TEST(vs_numpy) {
    long live0 = nd_debug_live_allocs();
    /* the script: one line per case, in the order of the loops below */
    size_t cap = 1 << 16, len = 0;
    char *script = malloc(cap);
    len += (size_t)snprintf(script, cap, "%sfor L, dt, fn in [", py_prelude);
    for (int l = 0; l < NLAYOUT; l++)
        for (int t = 0; t < NDT; t++)
            for (int f = 0; f < NFN; f++) {
                if (cap - len < 256) script = realloc(script, cap *= 2);
                len += (size_t)snprintf(script + len, cap - len, "('%s','%s','%s'),", layouts[l],
                                        nd_dtype_name(dtypes[t]), fns[f]);
            }
    if (cap - len < 2048) script = realloc(script, cap *= 2);
    snprintf(script + len, cap - len,
             "]:\n"
             "    a = layout(L, dt)\n"
             "    axes = [None] if fn.startswith('r_') else [None] + list(range(a.ndim)) + ([-1] "
             "if a.ndim else [])\n"
             "    for axis in axes:\n"
             "        for kd in ([False] if fn.startswith('cum') else [False, True]):\n"
             "            try: print(show(run(fn, a, axis, kd)))\n"
             "            except Exception as e: print('ERR', type(e).__name__)\n");
    char *out = nd_test_python(script);
    free(script);
    ck_assert_msg(out != NULL, "python failed");
    char *save = NULL, *line = strtok_r(out, "\n", &save);
    int ncases = 0;
    for (int l = 0; l < NLAYOUT; l++)
        for (int t = 0; t < NDT; t++) {
            nd_array *a = make_layout(layouts[l][0], dtypes[t]);
            ck_assert_ptr_nonnull(a);
            for (int f = 0; f < NFN; f++) {
                const char *fn = fns[f];
                int axes[ND_MAX_DIMS + 2], nax = 0;
                axes[nax++] = ND_AXIS_ALL;
                if (strncmp(fn, "r_", 2)) {
                    for (int d = 0; d < a->ndim; d++) axes[nax++] = d;
                    if (a->ndim) axes[nax++] = -1;
                }
                for (int x = 0; x < nax; x++)
                    for (int kd = 0; kd < (strncmp(fn, "cum", 3) ? 2 : 1); kd++) {
                        ck_assert_msg(line != NULL, "NumPy output ended early");
                        char what[160];
                        snprintf(what, sizeof what, "%s(%s layout %s, axis %d, keepdims %d)", fn,
                                 nd_dtype_name(dtypes[t]), layouts[l],
                                 axes[x] == ND_AXIS_ALL ? 99 : axes[x], kd);
                        nd_array *r = run_nd(fn, a, axes[x], kd);
                        compare(what, r, line, is_exact(fn, dtypes[t]), tol_of(dtypes[t]),
                                /* complex products at overflow: inf or NaN depends on whether
                                   the build fuses the multiply-adds (NumPy's may; nd never does) */
                                strstr(fn, "prod") && dtypes[t] != ND_FLOAT64);
                        nd_release(r);
                        ncases++;
                        line = strtok_r(NULL, "\n", &save);
                    }
            }
            nd_release(a);
        }
    ck_assert_msg(line == NULL, "NumPy printed more cases than nd ran");
    ck_assert_int_gt(ncases, 10000);
    free(out);
    nd_fp_clear();
    ck_assert_int_eq(nd_debug_live_allocs(), live0);
}
END_TEST

/* ---- bitwise identity across ISA levels ---- */

static const char *const levels[] = {"scalar", "baseline", "avx2", "avx512"};

static uint64_t lcg(uint64_t *s) {
    return *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
}

static nd_array *rand_array(nd_dtype dt, int ndim, const int64_t *shape, uint64_t seed) {
    nd_array *d = nd_empty(ND_FLOAT64, ndim, shape);
    double *p = nd_data(d);
    for (int64_t i = 0; i < nd_size(d); i++) p[i] = (double)(lcg(&seed) >> 11) * 0x1p-53 * 2 - 0.7;
    nd_array *r = nd_astype(d, dt);
    nd_release(d);
    return r;
}

/* Results of a set of reductions at the current level, concatenated as bytes. */
static char *isa_results(size_t *nbytes) {
    size_t cap = 1 << 20, len = 0;
    char *buf = malloc(cap);
    nd_dtype dts[] = {ND_FLOAT32, ND_FLOAT64, ND_COMPLEX64, ND_FLOAT16};
    for (int t = 0; t < 4; t++) {
        /* 1-D lengths over the tails and leaf boundaries */
        for (int64_t n = 0; n < 2200; n += (n < 300 ? 1 : 97)) {
            nd_array *a = rand_array(dts[t], 1, &n, (uint64_t)n + 7);
            nd_array *r[3] = {nd_sum(a, 0, false, NULL), nd_mean(a, 0, false, NULL),
                              nd_cumsum(a, 0, NULL)};
            for (int k = 0; k < 3; k++) {
                ck_assert_ptr_nonnull(r[k]);
                size_t b = (size_t)nd_nbytes(r[k]);
                if (len + b > cap) buf = realloc(buf, cap = 2 * (len + b));
                memcpy(buf + len, nd_data(r[k]), b), len += b;
                nd_release(r[k]);
            }
            nd_release(a);
        }
        /* past the streaming thresholds (float32: 1 MiB): one long run, and
           rows short enough for L1 whose total streams (odd leaf counts) */
        int64_t big = 300077, rows[2] = {700, 1450};
        nd_array *lr[2] = {rand_array(dts[t], 1, &big, 3), rand_array(dts[t], 2, rows, 4)};
        for (int k = 0; k < 2; k++) {
            nd_array *r = nd_sum(lr[k], k ? 1 : 0, false, NULL);
            ck_assert_ptr_nonnull(r);
            size_t b = (size_t)nd_nbytes(r);
            if (len + b > cap) buf = realloc(buf, cap = 2 * (len + b));
            memcpy(buf + len, nd_data(r), b), len += b;
            nd_release(r), nd_release(lr[k]);
        }
        /* 2-D and 3-D, each axis, strided, transposed */
        int64_t shapes[][3] = {{1000, 37, 1}, {37, 1000, 1}, {130, 3, 257}, {9, 2049, 5}};
        for (int s = 0; s < 4; s++) {
            nd_array *a = rand_array(dts[t], 3, shapes[s], 99);
            nd_array *views[3] = {nd_retain(a), nd_transpose(a, NULL),
                                  nd_slice(a, "::-2, 1:, ::3")};
            for (int v = 0; v < 3; v++)
                for (int ax = -1; ax < 3; ax++) {
                    nd_array *r = nd_sum(views[v], ax < 0 ? ND_AXIS_ALL : ax, false, NULL);
                    ck_assert_ptr_nonnull(r);
                    nd_array *c = nd_copy(r);
                    size_t b = (size_t)nd_nbytes(c);
                    if (len + b > cap) buf = realloc(buf, cap = 2 * (len + b));
                    memcpy(buf + len, nd_data(c), b), len += b;
                    nd_release(r), nd_release(c);
                }
            int two[2] = {0, 2};
            nd_array *r = nd_reduce(ND_OP_ADD, views[2], 2, two, false, NULL);
            nd_array *c = nd_copy(r);
            size_t b = (size_t)nd_nbytes(c);
            if (len + b > cap) buf = realloc(buf, cap = 2 * (len + b));
            memcpy(buf + len, nd_data(c), b), len += b;
            nd_release(r), nd_release(c);
            for (int v = 0; v < 3; v++) nd_release(views[v]);
            nd_release(a);
        }
    }
    *nbytes = len;
    return buf;
}

START_TEST(isa_bitwise) {
    const char *orig = nd_isa();
    ck_assert_int_eq(nd_set_isa("scalar"), ND_OK);
    size_t n0;
    char *ref = isa_results(&n0);
    for (int l = 1; l < 4; l++) {
        if (nd_set_isa(levels[l]) != ND_OK) {
            nd_clear_error();
            continue;
        }
        size_t n1;
        char *got = isa_results(&n1);
        ck_assert_uint_eq(n0, n1);
        ck_assert_msg(memcmp(ref, got, n0) == 0, "level %s differs from scalar", levels[l]);
        free(got);
    }
    free(ref);
    nd_set_isa(orig);
}
END_TEST

/* Combining reductions at the current level over lengths around the lane
   count, with NaN, +-0.0 and +-inf planted at varying positions. */
static char *minmax_results(size_t *nbytes) {
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    nd_dtype dts[] = {ND_FLOAT64, ND_FLOAT32, ND_INT32, ND_UINT8, ND_INT64};
    const double specials[] = {NAN, -0.0, 0.0, INFINITY, -INFINITY};
    for (int t = 0; t < 5; t++)
        for (int64_t n = 1; n < 300; n += (n < 140 ? 1 : 37)) {
            nd_array *d = rand_array(ND_FLOAT64, 1, &n, (uint64_t)n * 3 + 1);
            double *p = nd_data(d);
            for (int64_t i = 0; i < n; i++) p[i] *= 100;
            if (n > 3) p[(n * 7) % n] = specials[n % 5], p[n / 3] = specials[(n + 1) % 5];
            nd_array *a = nd_astype(d, dts[t]);
            nd_array *r[6] = {nd_max(a, 0, false, NULL),    nd_min(a, 0, false, NULL),
                              nd_nanmax(a, 0, false, NULL), nd_nanmin(a, 0, false, NULL),
                              nd_sum(a, 0, false, NULL),    nd_any(a, 0, false, NULL)};
            for (int k = 0; k < 6; k++) {
                ck_assert_ptr_nonnull(r[k]);
                size_t b = (size_t)nd_nbytes(r[k]);
                if (len + b > cap) buf = realloc(buf, cap = 2 * (len + b));
                memcpy(buf + len, nd_data(r[k]), b), len += b;
                nd_release(r[k]);
            }
            nd_release(a), nd_release(d);
        }
    *nbytes = len;
    return buf;
}

START_TEST(isa_bitwise_minmax) {
    const char *orig = nd_isa();
    ck_assert_int_eq(nd_set_isa("scalar"), ND_OK);
    size_t n0;
    char *ref = minmax_results(&n0);
    for (int l = 1; l < 4; l++) {
        if (nd_set_isa(levels[l]) != ND_OK) {
            nd_clear_error();
            continue;
        }
        size_t n1;
        char *got = minmax_results(&n1);
        ck_assert_uint_eq(n0, n1);
        ck_assert_msg(memcmp(ref, got, n0) == 0, "min/max/sum at %s differ from scalar", levels[l]);
        free(got);
    }
    free(ref);
    nd_set_isa(orig);
}
END_TEST

/* Large reductions split over the pool give the bits of one thread: whole
   arrays (tree nodes), axis 0 by row blocks, axis 0 with few rows by
   column chunks, axis 1 by rows. */
START_TEST(threads_bitwise) {
    int64_t n1 = 9 * 524288 + 12345;
    int64_t shapes[][2] = {{4001, 700}, {3, 200003}, {700, 4001}};
    for (int t = 0; t < 2; t++) {
        nd_dtype dt = t ? ND_FLOAT32 : ND_FLOAT64;
        nd_array *a = rand_array(dt, 1, &n1, 11);
        nd_array *m[3];
        for (int k = 0; k < 3; k++) m[k] = rand_array(dt, 2, shapes[k], 20 + (uint64_t)k);
        nd_array *r[2][12];
        for (int th = 1; th <= 2; th++) {
            ck_assert_int_eq(nd_set_num_threads(th), ND_OK);
            nd_array **q = r[th - 1];
            q[0] = nd_sum(a, ND_AXIS_ALL, false, NULL);
            q[1] = nd_sum(m[0], 0, false, NULL);
            q[2] = nd_sum(m[0], 1, false, NULL);
            q[3] = nd_sum(m[1], 0, false, NULL);
            q[4] = nd_sum(m[2], 0, true, NULL);
            q[5] = nd_sum(m[2], 1, false, NULL);
            q[6] = nd_max(a, ND_AXIS_ALL, false, NULL);
            q[7] = nd_mean(m[1], 1, false, NULL);
            q[8] = nd_cumsum(m[0], 0, NULL); /* column blocks over the pool */
            q[9] = nd_cumsum(m[2], 1, NULL); /* lines over the pool */
            q[10] = nd_cumsum(a, 0, NULL);   /* one long run in blocks over the pool */
            nd_array *ai = nd_astype(a, ND_INT32), *rev = nd_slice(ai, "::-1");
            q[11] = nd_cumsum(rev, 0, NULL); /* exact: the sequential result */
            nd_release(ai), nd_release(rev);
        }
        /* several starting offsets, so a wrong combination order cannot
           hide behind a lucky rounding */
        for (int off = 0; off < 6; off++) {
            char spec[16];
            snprintf(spec, sizeof spec, "%d:", off * 777);
            nd_array *v = nd_slice(a, spec), *x[2];
            for (int th = 1; th <= 2; th++) {
                nd_set_num_threads(th);
                x[th - 1] = nd_sum(v, ND_AXIS_ALL, false, NULL);
            }
            ck_assert_msg(memcmp(nd_data(x[0]), nd_data(x[1]), nd_dtype_size(dt)) == 0,
                          "whole sum at offset %d differs between 1 and 2 threads", off * 777);
            nd_release(x[0]), nd_release(x[1]), nd_release(v);
        }
        /* the long integer run equals a plain running sum */
        {
            nd_array *ai = nd_astype(a, ND_INT32);
            const int32_t *pi = nd_data(ai);
            const int64_t *ci = nd_data(r[1][11]);
            int64_t acc = 0;
            for (int64_t i = 0; i < n1; i++) {
                acc += pi[n1 - 1 - i];
                if (ci[i] != acc) ck_abort_msg("int32 cumsum differs at %lld", (long long)i);
            }
            nd_release(ai);
        }
        for (int k = 0; k < 12; k++) {
            ck_assert_ptr_nonnull(r[0][k]);
            ck_assert_ptr_nonnull(r[1][k]);
            ck_assert_msg(memcmp(nd_data(r[0][k]), nd_data(r[1][k]), (size_t)nd_nbytes(r[0][k])) ==
                              0,
                          "result %d (dtype %d) differs between 1 and 2 threads", k, t);
            nd_release(r[0][k]), nd_release(r[1][k]);
        }
        nd_release(a);
        for (int k = 0; k < 3; k++) nd_release(m[k]);
    }
    nd_set_num_threads(2);
}
END_TEST

/* A strided axis gives the same bits as the same values contiguous: cols
   mode (column blocks in registers, and the one-column tail) against run
   mode, with whole and partial leaves. */
START_TEST(layout_independent) {
    int64_t shapes[][2] = {{3001, 17}, {1003, 150}, {77, 300}};
    for (int t = 0; t < 2; t++)
        for (int k = 0; k < 3; k++) {
            nd_dtype dt = t ? ND_FLOAT32 : ND_FLOAT64;
            int64_t nc = shapes[k][1];
            nd_array *a = rand_array(dt, 2, shapes[k], 5 + (uint64_t)k);
            nd_array *s0 = nd_sum(a, 0, false, NULL);
            nd_array *tr = nd_transpose(a, NULL), *tc = nd_copy(tr);
            nd_array *s1 = nd_sum(tc, 1, false, NULL);
            ck_assert_msg(memcmp(nd_data(s0), nd_data(s1), (size_t)nc * nd_dtype_size(dt)) == 0,
                          "%s (%lld, %lld) axis 0 differs from the contiguous sums",
                          nd_dtype_name(dt), (long long)shapes[k][0], (long long)nc);
            nd_release(a), nd_release(s0), nd_release(tr), nd_release(tc), nd_release(s1);
        }
}
END_TEST

/* ---- accuracy ---- */

START_TEST(f32_sum_accuracy) {
    const int64_t n = 10000000;
    /* (n, 2): axis 0 runs in cols mode; (2, n): axis 1 in run mode */
    nd_array *a = nd_empty(ND_FLOAT32, 2, (int64_t[]){n, 2});
    float *p = nd_data(a);
    uint64_t seed = 3;
    long double ref = 0;
    float naive = 0;
    for (int64_t i = 0; i < n; i++) {
        float v = (float)(0.1 + (double)(lcg(&seed) >> 40) * 0x1p-34); /* 0.1 .. 0.1001 */
        p[2 * i] = p[2 * i + 1] = v;
        ref += v;
        naive += v;
    }
    nd_array *at = nd_transpose(a, NULL), *b = nd_copy(at); /* (2, n) C order */
    nd_release(at);
    nd_array *s0 = nd_sum(a, 0, false, NULL), *s1 = nd_sum(b, 1, false, NULL);
    double e0 = fabs((double)(((float *)nd_data(s0))[0] - ref) / (double)ref);
    double e1 = fabs((double)(((float *)nd_data(s1))[1] - ref) / (double)ref);
    double en = fabs((double)(naive - ref) / (double)ref);
    /* pairwise bound: (19 + log2(n/128)) * 2^-24 ~ 2.1e-6 */
    ck_assert_msg(e0 < 2.1e-6 && e1 < 2.1e-6, "pairwise float32 sum of 1e7: rel errors %g %g", e0,
                  e1);
    ck_assert_msg(en > 1e-3, "the naive running sum should be far off (%g)", en);
    printf("float32 sum of 1e7 values: relative error axis 0 %.2e, axis 1 %.2e; naive running sum "
           "%.2e\n",
           e0, e1, en);
    ck_assert_int_eq(memcmp(nd_data(s0), nd_data(s1), 8), 0); /* same order, same bits */
    nd_release(s0), nd_release(s1), nd_release(b);
    nd_release(a);
}
END_TEST

START_TEST(f32_cumsum_accuracy) {
    const int64_t n = 2000000;
    nd_array *a = nd_empty(ND_FLOAT32, 1, &n);
    float *p = nd_data(a);
    uint64_t seed = 11;
    for (int64_t i = 0; i < n; i++) p[i] = (float)(0.1 + (double)(lcg(&seed) >> 40) * 0x1p-24);
    nd_array *c = nd_cumsum(a, 0, NULL);
    /* same values down axis 0 of an (n, 3) array: cols mode */
    nd_array *w = nd_empty(ND_FLOAT32, 2, (int64_t[]){n, 3});
    float *q = nd_data(w);
    for (int64_t i = 0; i < n; i++) q[3 * i] = q[3 * i + 1] = q[3 * i + 2] = p[i];
    nd_array *cw = nd_cumsum(w, 0, NULL);
    const float *r = nd_data(c), *rw = nd_data(cw);
    double ref = 0, worst = 0, worst_naive = 0;
    float naive = 0;
    for (int64_t i = 0; i < n; i++) {
        ref += p[i];
        naive += p[i];
        double e = fabs(r[i] - ref) / ref;
        if (e > worst) worst = e;
        if (fabs(naive - ref) / ref > worst_naive) worst_naive = fabs(naive - ref) / ref;
        ck_assert(rw[3 * i + 1] == r[i]);
    }
    /* compensated: about one rounding of the output */
    ck_assert_msg(worst < 1.2e-7, "cumsum float32 worst rel error %g", worst);
    printf("float32 cumsum of 2e6 values: worst relative error %.2e (naive %.2e)\n", worst,
           worst_naive);
    nd_release(a), nd_release(c), nd_release(w), nd_release(cw);
}
END_TEST

/* ---- NaN in every position ---- */

START_TEST(nan_positions) {
    nd_dtype dts[] = {ND_FLOAT32, ND_FLOAT64, ND_FLOAT16};
    int64_t lens[] = {1, 2, 7, 8, 9, 15, 16, 17, 31, 33, 64, 129, 1000};
    for (int lv = 0; lv < 4; lv++) {
        if (nd_set_isa(levels[lv])) {
            nd_clear_error();
            continue;
        }
        for (int t = 0; t < 3; t++)
            for (size_t li = 0; li < sizeof lens / sizeof *lens; li++) {
                int64_t n = lens[li];
                for (int64_t pos = 0; pos < n; pos += (n > 40 ? 13 : 1)) {
                    nd_array *a = rand_array(ND_FLOAT64, 1, &n, (uint64_t)(n * 31 + pos));
                    double *p = nd_data(a);
                    double mx = -INFINITY, mn = INFINITY;
                    int64_t imx = -1, imn = -1;
                    for (int64_t i = 0; i < n; i++) {
                        if (i == pos) continue;
                        if (p[i] > mx) mx = p[i], imx = i;
                        if (p[i] < mn) mn = p[i], imn = i;
                    }
                    p[pos] = NAN;
                    if (pos + 5 < n) p[pos + 5] = NAN; /* a second NaN: the first one counts */
                    nd_array *x = nd_astype(a, dts[t]);
                    nd_array *r1 = nd_max(x, 0, false, NULL), *r2 = nd_min(x, 0, false, NULL);
                    nd_array *r3 = nd_argmax(x, 0, false, NULL), *r4 = nd_argmin(x, 0, false, NULL);
                    ck_assert(isnan(nd_get_f64(r1, NULL)) && isnan(nd_get_f64(r2, NULL)));
                    ck_assert_int_eq(nd_get_f64(r3, NULL), pos);
                    ck_assert_int_eq(nd_get_f64(r4, NULL), pos);
                    if (pos + 5 >= n && n > 1) {            /* one NaN: nan* skip it */
                        nd_array *d = nd_astype(a, dts[t]); /* values as the dtype rounds them */
                        nd_array *r5 = nd_nanmax(x, 0, false, NULL),
                                 *r6 = nd_nanargmin(x, 0, false, NULL);
                        nd_array *mxa = nd_lit_f64(mx), *mxt = nd_astype(mxa, dts[t]);
                        ck_assert(nd_get_f64(r5, NULL) == nd_get_f64(mxt, NULL));
                        (void)imx;
                        /* argmin of the dtype's values: equal to imn unless rounding ties */
                        double v = nd_get_f64(d, (int64_t[]){(int64_t)nd_get_f64(r6, NULL)});
                        nd_array *mna = nd_lit_f64(mn), *mnt = nd_astype(mna, dts[t]);
                        ck_assert(v == nd_get_f64(mnt, NULL));
                        (void)imn;
                        nd_release(d), nd_release(r5), nd_release(r6), nd_release(mxa),
                            nd_release(mxt);
                        nd_release(mna), nd_release(mnt);
                    }
                    nd_release(a), nd_release(x), nd_release(r1), nd_release(r2), nd_release(r3),
                        nd_release(r4);
                }
            }
    }
    nd_set_isa(nd_isa_best());
    /* all-NaN: nanmax gives NaN and the invalid flag; nanargmax fails */
    int64_t n = 3;
    nd_array *a = nd_full(ND_FLOAT64, 1, &n, NAN);
    nd_fp_clear();
    nd_array *r = nd_nanmax(a, 0, false, NULL);
    ck_assert(isnan(nd_get_f64(r, NULL)));
    ck_assert(nd_fp_flags() & ND_FP_INVALID);
    nd_release(r);
    ck_assert_ptr_null(nd_nanargmax(a, 0, false, NULL));
    ck_assert_str_eq(nd_last_error_message(), "nd_nanargmax: All-NaN slice encountered");
    ck_assert_nd_error(ND_ERR_VALUE);
    nd_release(a);
    nd_fp_clear();
}
END_TEST

/* ---- argmin/argmax by blocks: the first index of the extreme ---- */

/* The scalar definition: the first NaN (nan: NaN counts as -inf for max,
   +inf for min), else the first element strictly beyond all before it. */
static int64_t arg_ref(const double *p, int64_t n, bool mx, bool nan) {
    int64_t bi = 0;
    double b = p[0];
    if (isnan(b)) {
        if (!nan) return 0;
        b = mx ? -INFINITY : INFINITY;
    }
    for (int64_t i = 1; i < n; i++) {
        double x = p[i];
        if (isnan(x)) {
            if (!nan) return i;
            x = mx ? -INFINITY : INFINITY;
        }
        if (mx ? x > b : x < b) b = x, bi = i;
    }
    return bi;
}

START_TEST(arg_blocks) {
    nd_dtype dts[] = {ND_BOOL,  ND_INT8,   ND_UINT8,   ND_INT16,   ND_UINT32,
                      ND_INT64, ND_UINT64, ND_FLOAT16, ND_FLOAT32, ND_FLOAT64};
    /* around the lane count (32) and the block (512) */
    int64_t lens[] = {1, 2, 31, 32, 33, 511, 512, 513, 1055, 5000};
    nd_array *(*fn[4])(const nd_array *, int, bool, nd_array *) = {nd_argmax, nd_argmin,
                                                                   nd_nanargmax, nd_nanargmin};
    for (int lv = 0; lv < 4; lv++) {
        if (nd_set_isa(levels[lv])) {
            nd_clear_error();
            continue;
        }
        for (size_t t = 0; t < sizeof dts / sizeof *dts; t++)
            for (size_t li = 0; li < sizeof lens / sizeof *lens; li++)
                for (int kind = 0; kind < 4; kind++) {
                    bool flt = dts[t] >= ND_FLOAT16;
                    int64_t n = lens[li], n2 = 2 * n;
                    uint64_t seed = (uint64_t)(n * 7 + kind);
                    nd_array *d = nd_empty(ND_FLOAT64, 1, &n2);
                    double *p = nd_data(d);
                    for (int64_t i = 0; i < n2; i++) {
                        uint64_t r = lcg(&seed) >> 11;
                        /* 0: spread; 1: few values (ties); 2: +-0, +-inf; 3: and NaN */
                        p[i] = kind == 0 ? (double)r * 0x1p-53 * 100
                                         : (double)(r % 7) + (kind && r % 5 == 0 ? 30 : 0);
                        if (kind >= 2 && flt) {
                            double sp[] = {0.0, -0.0, INFINITY, -INFINITY, NAN};
                            if (r % 11 < (kind == 3 ? 5u : 4u)) p[i] = sp[r % 11];
                        }
                        if (kind == 3 && flt && i == n2 - 3) p[i] = NAN;
                    }
                    nd_array *all = nd_astype(d, dts[t]);
                    /* contiguous, every second element, and reversed */
                    char first[32];
                    snprintf(first, sizeof first, ":%lld", (long long)n);
                    nd_array *views[3] = {nd_slice(all, first), nd_slice(all, "::2"),
                                          nd_slice(all, "::-2")};
                    for (int v = 0; v < 3; v++) {
                        nd_array *x = views[v], *xd = nd_astype(x, ND_FLOAT64);
                        const double *q = nd_data(xd);
                        int64_t m = nd_size(x);
                        bool allnan = true;
                        for (int64_t i = 0; i < m; i++) allnan &= isnan(q[i]);
                        for (int f = 0; f < 4; f++) {
                            if (f >= 2 && allnan) continue;
                            nd_array *r = fn[f](x, ND_AXIS_ALL, false, NULL);
                            ck_assert_ptr_nonnull(r);
                            ck_assert_msg(nd_get_f64(r, NULL) == arg_ref(q, m, !(f & 1), f >= 2),
                                          "%s fn %d dtype %d n %lld kind %d view %d", levels[lv], f,
                                          dts[t], (long long)m, kind, v);
                            nd_release(r);
                        }
                        nd_release(xd), nd_release(x);
                    }
                    nd_release(d), nd_release(all);
                }
    }
    nd_set_isa(nd_isa_best());
}
END_TEST

/* ---- errors, out ---- */

START_TEST(errors_and_out) {
    long live0 = nd_debug_live_allocs();
    int64_t sh[2] = {3, 4};
    nd_array *a = nd_ones(ND_FLOAT64, 2, sh);
    ck_assert_ptr_null(nd_sum(a, 2, false, NULL));
    ck_assert_str_eq(nd_last_error_message(),
                     "nd_sum: axis 2 is out of bounds for array of dimension 2");
    ck_assert_nd_error(ND_ERR_AXIS);
    ck_assert_ptr_null(nd_max(a, -3, false, NULL));
    ck_assert_nd_error(ND_ERR_AXIS);
    ck_assert_ptr_null(nd_sum(NULL, 0, false, NULL));
    ck_assert_nd_error(ND_ERR_NULL);
    ck_assert_ptr_null(nd_cumsum(NULL, 0, NULL));
    ck_assert_nd_error(ND_ERR_NULL);
    int dup[2] = {1, -1};
    ck_assert_ptr_null(nd_reduce(ND_OP_ADD, a, 2, dup, false, NULL));
    ck_assert_nd_error(ND_ERR_VALUE);
    ck_assert_ptr_null(nd_reduce(ND_OP_SUBTRACT, a, 1, dup, false, NULL));
    ck_assert_nd_error(ND_ERR_VALUE);
    nd_array *e = nd_empty(ND_FLOAT64, 2, (int64_t[]){0, 4});
    ck_assert_ptr_null(nd_min(e, 0, false, NULL));
    ck_assert_str_eq(
        nd_last_error_message(),
        "nd_min: zero-size array to reduction operation minimum which has no identity");
    ck_assert_nd_error(ND_ERR_VALUE);
    ck_assert_ptr_null(nd_argmax(e, ND_AXIS_ALL, false, NULL));
    ck_assert_str_eq(nd_last_error_message(),
                     "nd_argmax: attempt to get argmax of an empty sequence");
    ck_assert_nd_error(ND_ERR_VALUE);
    nd_array *r = nd_max(e, 1, false, NULL); /* nothing to reduce: an empty result */
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(nd_size(r), 0);
    nd_release(r);
    /* out: wrong shape, wrong dtype, right one, keepdims */
    nd_array *o3 = nd_empty(ND_FLOAT64, 1, (int64_t[]){3});
    ck_assert_ptr_null(nd_sum(a, 0, false, o3));
    ck_assert_nd_error(ND_ERR_SHAPE);
    ck_assert_ptr_null(nd_sum(a, 0, true, o3));
    ck_assert_nd_error(ND_ERR_SHAPE);
    nd_array *oi = nd_empty(ND_INT64, 1, (int64_t[]){4});
    ck_assert_ptr_null(nd_sum(a, 0, false, oi));
    ck_assert_nd_error(ND_ERR_DTYPE);
    nd_array *of = nd_empty(ND_FLOAT32, 1, (int64_t[]){4});
    ck_assert_ptr_eq(nd_sum(a, 0, false, of), of);
    ck_assert(nd_get_f64(of, (int64_t[]){2}) == 3.0);
    ck_assert_ptr_eq(nd_sum(a, 1, false, o3), o3);
    ck_assert(nd_get_f64(o3, (int64_t[]){1}) == 4.0);
    nd_array *ok = nd_empty(ND_INT64, 2, (int64_t[]){3, 1});
    ck_assert_ptr_eq(nd_argmax(a, 1, true, ok), ok);
    nd_array *cs = nd_cumsum(a, ND_AXIS_ALL, NULL);
    ck_assert_int_eq(nd_size(cs), 12);
    nd_release(cs);
    nd_array *ai = nd_astype(a, ND_INT32);
    nd_array *od = nd_empty(ND_FLOAT64, 1, (int64_t[]){4});
    ck_assert_ptr_eq(nd_sum(ai, 0, false, od), od); /* int64 -> float64: same_kind */
    ck_assert(nd_get_f64(od, (int64_t[]){0}) == 3.0);
    /* out overlapping the input */
    nd_array *row = nd_slice(a, "0");
    ck_assert_ptr_eq(nd_sum(a, 0, false, row), row);
    ck_assert(nd_get_f64(a, (int64_t[]){0, 0}) == 3.0 && nd_get_f64(a, (int64_t[]){1, 0}) == 1.0);
    nd_release(row), nd_release(ai), nd_release(od);
    nd_release(a), nd_release(e), nd_release(o3), nd_release(oi), nd_release(of), nd_release(ok);
    ck_assert_int_eq(nd_debug_live_allocs(), live0);
}
END_TEST

/* Allocation failure at every point releases everything. */
START_TEST(alloc_failures) {
    int64_t sh[2] = {300, 40};
    nd_array *a = rand_array(ND_FLOAT32, 2, sh, 1);
    long live0 = nd_debug_live_allocs();
    for (int which = 0; which < 6; which++)
        for (long k = 1; k < 60; k++) {
            nd_debug_fail_alloc(k);
            nd_array *r = which == 0   ? nd_sum(a, 0, false, NULL)
                          : which == 1 ? nd_var(a, 1, 1, true, NULL)
                          : which == 2 ? nd_nanmean(a, ND_AXIS_ALL, false, NULL)
                          : which == 3 ? nd_argmax(a, 0, false, NULL)
                          : which == 4 ? nd_cumsum(a, 0, NULL)
                                       : nd_nanstd(a, 0, 0, false, NULL);
            nd_debug_fail_alloc(0);
            nd_release(r);
            nd_clear_error();
            ck_assert_int_eq(nd_debug_live_allocs(), live0);
        }
    nd_release(a);
}
END_TEST

/* An empty reduced extent next to a stride-0 one (NumPy's (3, 0) arrays
   come so): the identity, not one run of the other axis read from the
   empty buffer (ASan saw it; np.all gave a random answer). */
START_TEST(empty_extent_identity) {
    int64_t base_shape[2] = {1, 0}, shape[2] = {3, 0}, four[3] = {4, 0, 3};
    nd_dtype dts[] = {ND_BOOL, ND_INT32, ND_FLOAT32, ND_FLOAT64, ND_COMPLEX128};
    for (size_t t = 0; t < sizeof dts / sizeof *dts; t++) {
        nd_array *b = nd_zeros(dts[t], 2, base_shape);
        nd_array *a = nd_broadcast_to(b, 2, shape);
        ck_assert_ptr_nonnull(a);
        nd_array *r[4] = {nd_all(a, ND_AXIS_ALL, false, NULL), nd_any(a, ND_AXIS_ALL, false, NULL),
                          nd_sum(a, ND_AXIS_ALL, false, NULL),
                          nd_prod(a, ND_AXIS_ALL, false, NULL)};
        double want[4] = {1, 0, 0, 1};
        for (int k = 0; k < 4; k++) {
            ck_assert_ptr_nonnull(r[k]);
            ck_assert(nd_get_f64(r[k], NULL) == want[k]);
            nd_release(r[k]);
        }
        nd_release(a);
        nd_release(b);
        /* kept axes on both sides of the empty one */
        nd_array *c = nd_ones(dts[t], 3, four);
        nd_array *rc = nd_all(c, 1, false, NULL), *rp = nd_prod(c, 1, true, NULL);
        ck_assert_ptr_nonnull(rc);
        ck_assert_ptr_nonnull(rp);
        for (int64_t i = 0; i < 4; i++)
            for (int64_t j = 0; j < 3; j++) {
                int64_t ij[2] = {i, j}, i0j[3] = {i, 0, j};
                ck_assert(nd_get_f64(rc, ij) == 1 && nd_get_f64(rp, i0j) == 1);
            }
        nd_release(rc);
        nd_release(rp);
        nd_release(c);
    }
}
END_TEST

/* float16 sums accumulate in float32: a finite sum past float16's range
   still raises overflow when rounded to float16, as NumPy's does. */
START_TEST(f16_sum_overflow_flag) {
    int64_t n = 1235;
    nd_array *a = nd_arange(1, (double)n + 1, 1, ND_FLOAT16);
    ck_assert_ptr_nonnull(a);
    nd_fp_clear();
    nd_array *r = nd_sum(a, ND_AXIS_ALL, false, NULL);
    ck_assert_ptr_nonnull(r);
    ck_assert(isinf(nd_get_f64(r, NULL)));
    ck_assert(nd_fp_flags() & ND_FP_OVERFLOW);
    nd_release(r);
    nd_fp_clear();
    int64_t small = 60; /* 1830: exact in float16 */
    nd_array *s = nd_arange(1, (double)small + 1, 1, ND_FLOAT16);
    r = nd_sum(s, ND_AXIS_ALL, false, NULL);
    ck_assert(nd_get_f64(r, NULL) == 1830 && !(nd_fp_flags() & ND_FP_OVERFLOW));
    nd_release(r);
    nd_release(s);
    nd_release(a);
}
END_TEST

int main(void) {
    Suite *s = suite_create("reduce");
    TCase *tc = tcase_create("reduce");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, vs_numpy);
    tcase_add_test(tc, isa_bitwise);
    tcase_add_test(tc, isa_bitwise_minmax);
    tcase_add_test(tc, threads_bitwise);
    tcase_add_test(tc, layout_independent);
    tcase_add_test(tc, f32_sum_accuracy);
    tcase_add_test(tc, f32_cumsum_accuracy);
    tcase_add_test(tc, nan_positions);
    tcase_add_test(tc, arg_blocks);
    tcase_add_test(tc, empty_extent_identity);
    tcase_add_test(tc, f16_sum_overflow_flag);
    tcase_add_test(tc, errors_and_out);
    tcase_add_test(tc, alloc_failures);
    suite_add_tcase(s, tc);
    return nd_test_run(s);
}
