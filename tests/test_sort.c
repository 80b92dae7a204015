/* Sorting and searching: against NumPy (bitwise, through nd_numpy_cases.h),
   against a reference stable sort at every ISA level, partition properties,
   errors and allocation failures. */
#include <math.h>

#include "kernels.h"
#include "nd_numpy_cases.h"
#include "dispatch/dispatch.h"

static nd_array *F, *F32, *H, *I8, *I32, *U64, *C, *B, *M, *MT, *Q, *E, *W, *K, *SMALL, *NB;

static void make_arrays(void) {
    double f[12] = {3.5, -1.0, NAN, 0.0, -0.0, INFINITY, 2.0, -INFINITY, 3.5, NAN, 1e-310, -2.0};
    int64_t n12 = 12, n7 = 7, n5 = 5, n4 = 4, n8 = 8, n0 = 0, s45[2] = {4, 5}, s234[3] = {2, 3, 4};
    F = nd_from_buffer(ND_FLOAT64, 1, &n12, f);
    F32 = nd_astype(F, ND_FLOAT32);
    H = nd_astype(F, ND_FLOAT16);
    I8 = nd_from_buffer(ND_INT8, 1, &n7, (int8_t[]){5, -128, 127, 0, -1, 5, 3});
    int32_t iv[20];
    for (int i = 0; i < 20; i++) iv[i] = i * 7919 % 23 - 11;
    I32 = nd_from_buffer(ND_INT32, 2, s45, iv);
    U64 = nd_from_buffer(ND_UINT64, 1, &n5,
                         (uint64_t[]){UINT64_MAX, 0, UINT64_C(1) << 63, 5, UINT64_C(1) << 63});
    double cv[16] = {1, 2, NAN, 0, 1, 1, 1, NAN, 0, 0, -1, 5, NAN, NAN, 1, 1};
    C = nd_from_buffer(ND_COMPLEX128, 1, &n8, cv);
    B = nd_from_buffer(ND_BOOL, 1, &n4, (bool[]){true, false, true, false});
    double mv[24];
    for (int i = 0; i < 24; i++) mv[i] = i * 37 % 11;
    M = nd_from_buffer(ND_FLOAT64, 3, s234, mv);
    MT = nd_transpose(M, (int[]){2, 0, 1});
    Q = nd_from_buffer(ND_FLOAT64, 1, &n4, (double[]){0, 0.25, 0.5, 1.0});
    E = nd_empty(ND_FLOAT64, 1, &n0);
    W = nd_from_buffer(ND_FLOAT64, 1, &n5, (double[]){0.5, 1, 2, 3, 4});
    K = nd_from_buffer(ND_INT64, 1, &n5, (int64_t[]){0, 3, 3, 1, 7});
    SMALL = nd_from_buffer(ND_INT8, 1, &(int64_t){2}, (int8_t[]){-128, 127});
    NB = nd_from_buffer(ND_INT64, 1, &(int64_t){1}, (int64_t[]){-1});
}

static const char *py_setup =
    "import numpy as np\n"
    "nan, inf = np.nan, np.inf\n"
    "F = np.array([3.5, -1.0, nan, 0.0, -0.0, inf, 2.0, -inf, 3.5, nan, 1e-310, -2.0])\n"
    "F32 = F.astype(np.float32)\n"
    "H = F.astype(np.float16)\n"
    "I8 = np.array([5, -128, 127, 0, -1, 5, 3], np.int8)\n"
    "I32 = (np.arange(20) * 7919 % 23 - 11).astype(np.int32).reshape(4, 5)\n"
    "U64 = np.array([2**64-1, 0, 2**63, 5, 2**63], np.uint64)\n"
    "C = np.array([1+2j, complex(nan, 0), 1+1j, complex(1, nan), 0j, -1+5j, complex(nan, nan), "
    "1+1j])\n"
    "B = np.array([True, False, True, False])\n"
    "M = (np.arange(24) * 37 % 11).astype(np.float64).reshape(2, 3, 4)\n"
    "MT = M.transpose(2, 0, 1)\n"
    "Q = np.array([0, 0.25, 0.5, 1.0])\n"
    "E = np.zeros(0)\n"
    "W = np.array([0.5, 1, 2, 3, 4])\n"
    "K = np.array([0, 3, 3, 1, 7])\n"
    "SMALL = np.array([-128, 127], np.int8)\n"
    "NB = np.array([-1])\n";

static nd_array *lit(double v) { return nd_scalar(ND_FLOAT64, &v); }
/* Temporaries of one case, released after it ran. */
static nd_array *pool[16];
static int npool;
static nd_array *own(nd_array *a) { return pool[npool++] = a; }
static void drain(void) {
    while (npool) nd_release(pool[--npool]);
}
static nd_array *i8(int8_t v) { return own(nd_scalar(ND_INT8, &v)); }
static nd_array *i32(int32_t v) { return own(nd_scalar(ND_INT32, &v)); }

static nd_array *uniq(const nd_array *a, int which) {
    nd_array *v = NULL, *o[3] = {NULL, NULL, NULL};
    if (nd_unique(a, &v, &o[0], &o[1], &o[2])) return NULL;
    nd_array *r = which ? o[which - 1] : v;
    nd_retain(r);
    nd_release(v), nd_release(o[0]), nd_release(o[1]), nd_release(o[2]);
    return r;
}
/* values (which 0) or counts (1) asked alone: integers sort the values themselves */
static nd_array *uniq_alone(const nd_array *a, int which) {
    nd_array *v = NULL, *c = NULL;
    if (nd_unique(a, &v, NULL, NULL, which ? &c : NULL)) return NULL;
    if (which) return nd_release(v), c;
    return v;
}
static nd_array *hist(const nd_array *a, int64_t bins, const double *range, const nd_array *w,
                      bool density, int which) {
    nd_array *h = NULL, *e = NULL;
    if (nd_histogram(a, bins, range, w, density, &h, &e)) return NULL;
    if (which) return nd_release(h), e;
    return nd_release(e), h;
}
static nd_array *hist_edges(const nd_array *a, int n, const double *edges) {
    int64_t ne = n;
    nd_array *e = nd_from_buffer(ND_FLOAT64, 1, &ne, edges), *h = NULL;
    int st = nd_histogram_edges(a, e, NULL, false, &h);
    nd_release(e);
    return st ? NULL : h;
}
static nd_array *part_at(const nd_array *a, int64_t k) {
    nd_array *p = nd_partition(a, 1, &k, -1);
    if (!p) return NULL;
    nd_array *r = nd_slice(p, k == -1 ? "-1" : "3");
    nd_release(p);
    return r;
}
static nd_array *finite_of(const nd_array *a) { /* a[np.isfinite(a)] */
    nd_array *m = nd_isfinite(a, NULL), *r = nd_compress(m, a, 0, NULL);
    nd_release(m);
    return own(r);
}
static nd_array *pick(const nd_array *a, int n, const int64_t *ix) {
    int64_t sn = n;
    nd_array *i = nd_from_buffer(ND_INT64, 1, &sn, ix), *r = nd_take(a, i, 0, NULL);
    nd_release(i);
    return own(r);
}
static const int64_t P4[4] = {0, 1, 3, 6};

#define CASES(X)                                                                                   \
    X("np.sort(F, kind='stable')", nd_sort(F, -1))                                                 \
    X("np.sort(F32, kind='stable')", nd_sort(F32, 0))                                              \
    X("np.sort(H, kind='stable')", nd_sort_stable(H, -1))                                          \
    X("np.sort(I8)", nd_sort(I8, -1))                                                              \
    X("np.sort(I32, axis=0)", nd_sort(I32, 0))                                                     \
    X("np.sort(I32, axis=1)", nd_sort(I32, 1))                                                     \
    X("np.sort(I32, axis=None)", nd_sort(I32, ND_AXIS_ALL))                                        \
    X("np.sort(U64)", nd_sort(U64, 0))                                                             \
    X("np.sort(C)", nd_sort(C, 0))                                                                 \
    X("np.sort(B)", nd_sort(B, 0))                                                                 \
    X("np.sort(M, axis=1)", nd_sort(M, 1))                                                         \
    X("np.sort(MT, axis=0)", nd_sort(MT, 0))                                                       \
    X("np.sort(MT, axis=-1)", nd_sort(MT, -1))                                                     \
    X("np.sort(E)", nd_sort(E, 0))                                                                 \
    X("np.sort(M, axis=3)", nd_sort(M, 3))                                                         \
    X("np.argsort(F, kind='stable')", nd_argsort(F, 0))                                            \
    X("np.argsort(F32, kind='stable')", nd_argsort(F32, 0))                                        \
    X("np.argsort(H, kind='stable')", nd_argsort_stable(H, 0))                                     \
    X("np.argsort(I8, kind='stable')", nd_argsort(I8, 0))                                          \
    X("np.argsort(I32, axis=0, kind='stable')", nd_argsort(I32, 0))                                \
    X("np.argsort(C, kind='stable')", nd_argsort(C, 0))                                            \
    X("np.argsort(MT, axis=1, kind='stable')", nd_argsort(MT, 1))                                  \
    X("np.argsort(U64, kind='stable')", nd_argsort(U64, 0))                                        \
    X("np.argsort(M, axis=None, kind='stable')", nd_argsort(M, ND_AXIS_ALL))                       \
    X("np.argsort(B, kind='stable')", nd_argsort(B, 0))                                            \
    X("np.lexsort((I8, I8 % 2))", nd_lexsort(2, (nd_array *[]){I8, own(nd_remainder(I8, i8(2), NULL))}, -1)) \
    X("np.lexsort((F[:7], I8))", nd_lexsort(2, (nd_array *[]){own(nd_slice(F, ":7")), I8}, -1))    \
    X("np.lexsort((I32, I32 % 3), axis=0)",                                                        \
      nd_lexsort(2, (nd_array *[]){I32, own(nd_remainder(I32, i32(3), NULL))}, 0))                       \
    X("np.lexsort((F, I8))", nd_lexsort(2, (nd_array *[]){F, I8}, -1))                             \
    X("np.searchsorted(np.sort(F), F)", nd_searchsorted(own(nd_sort(F, 0)), F, false, NULL))       \
    X("np.searchsorted(np.sort(F), F, side='right')",                                              \
      nd_searchsorted(own(nd_sort(F, 0)), F, true, NULL))                                          \
    X("np.searchsorted(np.sort(I32, axis=None), I32, side='right')",                               \
      nd_searchsorted(own(nd_sort(I32, ND_AXIS_ALL)), I32, true, NULL))                            \
    X("np.searchsorted(F, np.array([2.0, nan, -inf, -0.0]), sorter=np.argsort(F, kind='stable'))",  \
      nd_searchsorted(F, own(nd_from_buffer(ND_FLOAT64, 1, &(int64_t){4},                          \
                                            (double[]){2.0, NAN, -INFINITY, -0.0})),               \
                      false, own(nd_argsort(F, 0))))                                               \
    X("np.searchsorted(np.sort(I8), F32)", nd_searchsorted(own(nd_sort(I8, 0)), F32, false, NULL)) \
    X("np.searchsorted(np.sort(C), C)", nd_searchsorted(own(nd_sort(C, 0)), C, false, NULL))       \
    X("np.searchsorted(F, F, sorter=np.array([0]*12 + [0])[:11])", nd_searchsorted(F, F, false, own(nd_zeros(ND_INT64, 1, (int64_t[]){11})))) \
    X("np.searchsorted(F, F, sorter=np.array([12]*12))", nd_searchsorted(F, F, false, own(nd_full(ND_INT64, 1, (int64_t[]){12}, 12)))) \
    X("np.unique(F)", uniq(F, 0))                                                                  \
    X("np.unique(F, return_index=True)[1]", uniq(F, 1))                                            \
    X("np.unique(F, return_inverse=True)[1]", uniq(F, 2))                                          \
    X("np.unique(F, return_counts=True)[1]", uniq(F, 3))                                           \
    X("np.unique(I32)", uniq(I32, 0))                                                              \
    X("np.unique(I32)", uniq_alone(I32, 0))                                                        \
    X("np.unique(I32, return_counts=True)[1]", uniq_alone(I32, 1))                                 \
    X("np.unique(U64)", uniq_alone(U64, 0))                                                        \
    X("np.unique(U64, return_counts=True)[1]", uniq_alone(U64, 1))                                 \
    X("np.unique(I8)", uniq_alone(I8, 0))                                                          \
    X("np.unique(B, return_counts=True)[1]", uniq_alone(B, 1))                                     \
    X("np.unique(SMALL)", uniq_alone(SMALL, 0))                                                    \
    X("np.unique(E.astype(int))", uniq_alone(own(nd_astype(E, ND_INT64)), 0))                      \
    X("np.unique(M)", uniq_alone(M, 0))                                                            \
    X("np.unique(I32, return_inverse=True)[1]", uniq(I32, 2))                                      \
    X("np.unique(C)", uniq(C, 0))                                                                  \
    X("np.unique(C, return_counts=True)[1]", uniq(C, 3))                                           \
    X("np.unique(H, return_index=True)[1]", uniq(H, 1))                                            \
    X("np.unique(E)", uniq(E, 0))                                                                  \
    X("np.unique(M, return_counts=True)[1]", uniq(M, 3))                                           \
    X("np.isin(F, [nan, 0.0, 3.5])",                                                               \
      nd_isin(F, own(nd_from_buffer(ND_FLOAT64, 1, &(int64_t){3}, (double[]){NAN, 0.0, 3.5})),     \
              false))                                                                              \
    X("np.isin(I32, I8)", nd_isin(I32, I8, false))                                                 \
    X("np.isin(I32, I8, invert=True)", nd_isin(I32, I8, true))                                     \
    X("np.in1d(M, F)", nd_in1d(M, F, false))                                                       \
    X("np.isin(C, C)", nd_isin(C, C, false))                                                       \
    X("np.isin(U64, F)", nd_isin(U64, F, false))                                                   \
    X("np.isin(I32, I32[1:3])", nd_isin(I32, own(nd_slice(I32, "1:3")), false))                    \
    X("np.isin(I8, I32, invert=True)", nd_isin(I8, I32, true))                                     \
    X("np.isin(I8, I8[3:5])", nd_isin(I8, own(nd_slice(I8, "3:5")), false))                        \
    X("np.isin(U64, U64[2::2])", nd_isin(U64, own(nd_slice(U64, "2::2")), false))                  \
    X("np.isin(U64, U64[1:4])", nd_isin(U64, own(nd_slice(U64, "1:4")), false))                    \
    X("np.bincount(K)", nd_bincount(K, NULL, 0))                                                   \
    X("np.bincount(K, weights=W, minlength=10)", nd_bincount(K, W, 10))                            \
    X("np.bincount(B)", nd_bincount(B, NULL, 0))                                                   \
    X("np.bincount(NB)", nd_bincount(NB, NULL, 0))                                                 \
    X("np.bincount(K[::2])", nd_bincount(own(nd_slice(K, "::2")), NULL, 0))                        \
    X("np.bincount(K[::-1], minlength=9)", nd_bincount(own(nd_slice(K, "::-1")), NULL, 9))         \
    X("np.bincount(np.concatenate([K, NB]))",                                                      \
      nd_bincount(own(nd_concatenate(2, (const nd_array *const[]){K, NB}, 0, NULL)), NULL, 0))     \
    X("np.bincount(F)", nd_bincount(F, NULL, 0))                                                   \
    X("np.bincount(K, minlength=-1)", nd_bincount(K, NULL, -1))                                    \
    X("np.bincount(E.astype(int), minlength=3)", nd_bincount(own(nd_astype(E, ND_INT64)), NULL, 3)) \
    X("np.histogram(M, bins=5)[0]", hist(M, 5, NULL, NULL, false, 0))                              \
    X("np.histogram(M, bins=5)[1]", hist(M, 5, NULL, NULL, false, 1))                              \
    X("np.histogram(F32[np.isfinite(F32)], bins=4)[0]", hist(finite_of(F32), 4, NULL, NULL, false, 0)) \
    X("np.histogram(F32[np.isfinite(F32)], bins=4)[1]", hist(finite_of(F32), 4, NULL, NULL, false, 1)) \
    X("np.histogram(I32, bins=3, range=(-5, 5))[0]",                                               \
      hist(I32, 3, (double[]){-5, 5}, NULL, false, 0))                                             \
    X("np.histogram(M, bins=3, weights=M)[0]", hist(M, 3, NULL, M, false, 0))                      \
    X("np.histogram(M, bins=4, density=True)[0]", hist(M, 4, NULL, NULL, true, 0))                 \
    X("np.histogram(F)", hist(F, 10, NULL, NULL, false, 0))                                        \
    X("np.histogram(M, bins=2, range=(3, 1))", hist(M, 2, (double[]){3, 1}, NULL, false, 0))       \
    X("np.histogram(E, bins=2)[1]", hist(E, 2, NULL, NULL, false, 1))                              \
    X("np.histogram(H[np.isfinite(H)], bins=3, range=(-2.5, 4.25))[0]",                            \
      hist(finite_of(H), 3, (double[]){-2.5, 4.25}, NULL, false, 0))                                  \
    X("np.histogram(M, bins=[0, 2, 2, 5, 10])[0]",                                                 \
      hist_edges(M, 5, (double[]){0, 2, 2, 5, 10}))                                                \
    X("np.histogram(M, bins=[0, 2, 10, 10])[0]", hist_edges(M, 4, (double[]){0, 2, 10, 10}))       \
    X("np.histogram(M, bins=[3, 1])", hist_edges(M, 2, (double[]){3, 1}))                          \
    X("np.quantile(M, Q)", nd_quantile(M, Q, ND_AXIS_ALL, false))                                  \
    X("np.quantile(M, Q, axis=1)", nd_quantile(M, Q, 1, false))                                    \
    X("np.quantile(M, 0.3, axis=0, keepdims=True)", nd_quantile(M, own(lit(0.3)), 0, true))        \
    X("np.quantile(M, Q, keepdims=True)", nd_quantile(M, Q, ND_AXIS_ALL, true))                    \
    X("np.quantile(I8, Q)", nd_quantile(I8, Q, 0, false))                                          \
    X("np.quantile(SMALL, 0.5)", nd_quantile(SMALL, own(lit(0.5)), 0, false))                      \
    X("np.quantile(SMALL, 0.7)", nd_quantile(SMALL, own(lit(0.7)), 0, false))                      \
    X("np.quantile(F32[[0, 1, 3, 6]], Q)", nd_quantile(pick(F32, 4, P4), Q, 0, false))             \
    X("np.quantile(F, 0.5)", nd_quantile(F, own(lit(0.5)), 0, false))                              \
    X("np.quantile(MT, [0.1, 0.9], axis=2)",                                                       \
      nd_quantile(MT, own(nd_from_buffer(ND_FLOAT64, 1, &(int64_t){2}, (double[]){0.1, 0.9})), 2, \
                  false))                                                                          \
    X("np.percentile(I32, [10, 50, 99], axis=1)",                                                  \
      nd_percentile(I32, own(nd_from_buffer(ND_FLOAT64, 1, &(int64_t){3}, (double[]){10, 50, 99})), \
                    1, false))                                                                     \
    X("np.quantile(M, 1.5)", nd_quantile(M, own(lit(1.5)), ND_AXIS_ALL, false))                    \
    X("np.percentile(M, -1)", nd_percentile(M, own(lit(-1)), ND_AXIS_ALL, false))                  \
    X("np.quantile(E, 0.5)", nd_quantile(E, own(lit(0.5)), 0, false))                              \
    X("np.median(M)", nd_median(M, ND_AXIS_ALL, false))                                            \
    X("np.median(M, axis=2)", nd_median(M, 2, false))                                              \
    X("np.median(MT, axis=1, keepdims=True)", nd_median(MT, 1, true))                              \
    X("np.median(I8)", nd_median(I8, 0, false))                                                    \
    X("np.median(SMALL)", nd_median(SMALL, 0, false))                                              \
    X("np.median(F32[[0, 1, 3, 6]])", nd_median(pick(F32, 4, P4), 0, false))                      \
    X("np.median(H[[0, 1, 3, 6]])", nd_median(pick(H, 4, P4), 0, false))                          \
    X("np.median(F)", nd_median(F, 0, false))                                                      \
    X("np.partition(F, 3)[3]", part_at(F, 3))                                                      \
    X("np.partition(I8, -1)[-1]", part_at(I8, -1))                                                 \
    X("np.partition(F, 12)", nd_partition(F, 1, (int64_t[]){12}, 0))                               \
    X("np.partition(F, -13)", nd_partition(F, 1, (int64_t[]){-13}, 0))

static nd_array *run_case(int i) {
    int k = 0;
#define RUN(py, c)                                                                                 \
    if (i == k++) {                                                                                \
        nd_array *r_ = (c);                                                                        \
        drain();                                                                                   \
        return r_;                                                                                 \
    }
    CASES(RUN)
#undef RUN
    return NULL;
}

static const char *const py_cases[] = {
#define PY(py, c) py,
    CASES(PY)
#undef PY
};

START_TEST(vs_numpy) {
    make_arrays();
    nd_test_numpy_cases(py_setup, (int)(sizeof py_cases / sizeof py_cases[0]), py_cases, run_case);
    nd_array *all[] = {F, F32, H, I8, I32, U64, C, B, M, MT, Q, E, W, K, SMALL, NB};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) nd_release(all[i]);
}
END_TEST

/* ---- every ISA level against a reference stable sort ---- */

static const char *const isas[] = {"scalar", "baseline", "avx2", "avx512"};
static const nd_dtype real_types[] = {ND_BOOL,   ND_INT8,   ND_UINT8,   ND_INT16,
                                      ND_UINT16, ND_INT32,  ND_UINT32,  ND_INT64,
                                      ND_UINT64, ND_FLOAT16, ND_FLOAT32, ND_FLOAT64,
                                      ND_COMPLEX64, ND_COMPLEX128};

/* NumPy's order on doubles holding the values (NaN last, -0.0 == 0.0);
   complex: real part then imaginary part with NumPy's NaN rules. */
static nd_dtype ref_t;
static const char *ref_base;
static double part(int64_t i, int k) {
    double v[2] = {0, 0};
    size_t w = nd_dtype_size(ref_t);
    if (ref_t == ND_COMPLEX64) {
        float f[2];
        memcpy(f, ref_base + i * (int64_t)w, 8);
        v[0] = f[0], v[1] = f[1];
    } else if (ref_t == ND_COMPLEX128) {
        memcpy(v, ref_base + i * (int64_t)w, 16);
    } else if (ref_t == ND_FLOAT64) {
        memcpy(v, ref_base + i * (int64_t)w, 8);
    } else if (ref_t == ND_FLOAT32) {
        float f;
        memcpy(&f, ref_base + i * (int64_t)w, 4);
        v[0] = f;
    } else {
        nd_array *one = nd_from_buffer(ref_t, 0, NULL, ref_base + i * (int64_t)w);
        nd_array *d = nd_astype(one, ND_FLOAT64);
        v[0] = *(double *)nd_data(d);
        nd_release(one), nd_release(d);
    }
    return v[k];
}
static int cmp_real(double a, double b) {
    if (isnan(a) || isnan(b)) return isnan(a) - isnan(b);
    return (a > b) - (a < b);
}
/* Integers exactly (doubles would round 64-bit values). */
static __int128 int_of(int64_t i) {
    const char *p = ref_base + i * (int64_t)nd_dtype_size(ref_t);
    int64_t s = 0;
    uint64_t u = 0;
    switch (ref_t) {
    case ND_BOOL: case ND_UINT8: return *(const uint8_t *)p;
    case ND_INT8: return *(const int8_t *)p;
    case ND_INT16: { int16_t v; memcpy(&v, p, 2); return v; }
    case ND_UINT16: { uint16_t v; memcpy(&v, p, 2); return v; }
    case ND_INT32: { int32_t v; memcpy(&v, p, 4); return v; }
    case ND_UINT32: { uint32_t v; memcpy(&v, p, 4); return v; }
    case ND_INT64: memcpy(&s, p, 8); return s;
    default: memcpy(&u, p, 8); return u;
    }
}
static bool is_int_t(nd_dtype t) { return t <= ND_UINT64; }
static bool is_complex_t(nd_dtype t) { return t == ND_COMPLEX64 || t == ND_COMPLEX128; }
/* NumPy's complex order: the classes R+Rj, R+nanj, nan+Rj, nan+nanj in
   that order, each sorted by its non-NaN parts. */
static int cmp_values(int64_t i, int64_t j) {
    if (is_int_t(ref_t)) {
        __int128 a = int_of(i), b = int_of(j);
        return (a > b) - (a < b);
    }
    double ar = part(i, 0), ai = part(i, 1), br = part(j, 0), bi = part(j, 1);
    if (!is_complex_t(ref_t)) return cmp_real(ar, br);
    int ca = 2 * isnan(ar) + isnan(ai), cb = 2 * isnan(br) + isnan(bi);
    if (ca != cb) return ca < cb ? -1 : 1;
    int c = cmp_real(ar, br);
    return c ? c : cmp_real(ai, bi);
}
static int cmp_ref(const void *x, const void *y) {
    int64_t i = *(const int64_t *)x, j = *(const int64_t *)y;
    int c = cmp_values(i, j);
    return c ? c : (i > j) - (i < j);
}

/* Values drawn from a small pool with the hard cases (NaN, +-inf, +-0,
   subnormals, extremes) in varied positions; patterns random, sorted,
   reversed, all equal. */
static nd_array *make_input(nd_dtype t, int64_t n, int pattern, unsigned seed) {
    double pool[] = {NAN, INFINITY, -INFINITY, 0.0, -0.0, 1e-310, -1.5, 2.5, 3, -7, 100, 1e30, 65504, -65504, 1, 1};
    int np_ = sizeof pool / sizeof pool[0];
    nd_array *d = nd_empty(ND_FLOAT64, 1, &n);
    double *v = nd_data(d);
    for (int64_t i = 0; i < n; i++) {
        seed = seed * 1103515245u + 12345u;
        double x = (seed >> 8) % 5 ? (double)((int)((seed >> 12) % 2001) - 1000) / 8 : pool[(seed >> 16) % np_];
        if (pattern == 1) x = (double)i;
        if (pattern == 2) x = (double)(n - i);
        if (pattern == 3) x = 3;
        if (pattern == 4) x = (double)((int)((seed >> 12) % 2001) - 1000) / 8; /* no NaN, no -0.0 */
        v[i] = x;
    }
    nd_array *r;
    if (t == ND_COMPLEX64 || t == ND_COMPLEX128) { /* imaginary parts from the reversed values */
        r = nd_empty(t, 1, &n);
        for (int64_t i = 0; i < n; i++) {
            double re = v[i], im = v[n - 1 - i];
            if (t == ND_COMPLEX128) memcpy((char *)nd_data(r) + 16 * i, (double[]){re, im}, 16);
            else memcpy((char *)nd_data(r) + 8 * i, (float[]){(float)re, (float)im}, 8);
        }
    } else if ((t == ND_FLOAT16 || t == ND_FLOAT32 || t == ND_FLOAT64)) {
        r = nd_astype(d, t);
    } else { /* integers: the finite values, wrapped as a cast wraps */
        for (int64_t i = 0; i < n; i++) v[i] = isfinite(v[i]) ? floor(v[i] * 3) : 77;
        nd_array *q = nd_astype(d, ND_INT64);
        r = nd_astype(q, t);
        nd_release(q);
    }
    nd_release(d);
    return r;
}

static void check_lane(nd_dtype t, int64_t n, int pattern, unsigned seed) {
    nd_array *a = make_input(t, n, pattern, seed);
    size_t w = nd_dtype_size(t);
    int64_t *ref = malloc(sizeof(int64_t) * (size_t)(n + 1));
    for (int64_t i = 0; i < n; i++) ref[i] = i;
    ref_t = t, ref_base = nd_data(a);
    qsort(ref, (size_t)n, sizeof *ref, cmp_ref);
    nd_array *first_s = NULL, *first_i = NULL;
    for (int l = 0; l < 4; l++) {
        if (nd_set_isa(isas[l]) != ND_OK) { nd_clear_error(); continue; }
        nd_array *s = nd_sort(a, 0), *i = nd_argsort(a, 0);
        ck_assert_ptr_nonnull(s);
        ck_assert_ptr_nonnull(i);
        const int64_t *iv = nd_data(i);
        for (int64_t k = 0; k < n; k++) {
            ck_assert_msg(iv[k] == ref[k], "%s %s n=%lld pattern %d: argsort[%lld] = %lld, expected %lld",
                          isas[l], nd_dtype_name(t), (long long)n, pattern, (long long)k, (long long)iv[k], (long long)ref[k]);
            ck_assert_msg(!memcmp((char *)nd_data(s) + k * (int64_t)w, (char *)nd_data(a) + ref[k] * (int64_t)w, w),
                          "%s %s n=%lld pattern %d: sort[%lld] differs from the stable order", isas[l],
                          nd_dtype_name(t), (long long)n, pattern, (long long)k);
        }
        if (!first_s) first_s = s, first_i = i;
        else nd_release(s), nd_release(i);
    }
    nd_set_isa(nd_isa_best());
    nd_array *c = nd_copy(a);
    ck_assert_int_eq(nd_sort_inplace(c, 0), ND_OK);
    ck_assert(!memcmp(nd_data(c), nd_data(first_s), (size_t)n * w));
    nd_release(c), nd_release(first_s), nd_release(first_i), nd_release(a);
    free(ref);
}

START_TEST(every_isa_every_length) {
    /* every length up to 2x the widest vector (64 int8 lanes) + 1, and on
       past vqsort's widest base case (256 32-bit keys; shorter runs take
       narrower networks) */
    for (size_t d = 0; d < sizeof real_types / sizeof real_types[0]; d++)
        for (int64_t n = 0; n <= 257; n++) check_lane(real_types[d], n, (int)(n % 4), (unsigned)(n * 31 + d));
}
END_TEST

/* The pre-sort scan of a float lane at every level against a plain
   classification: one special value at every position of every length up
   to three vectors, among finite values of both signs. */
static int hazards_of(const double *v, int64_t n) {
    int h = 0;
    for (int64_t i = 0; i < n; i++)
        h |= (isnan(v[i]) || (v[i] == 0 && signbit(v[i]))) | (v[i] == INFINITY) << 1;
    return h;
}

START_TEST(float_hazard_scan_every_isa) {
    const double specials[] = {NAN, -NAN, -0.0, INFINITY, -INFINITY, 0.0, -1e300, 5e-324, -5e-324};
    double v[49];
    float f[49];
    for (int l = 0; l < 4; l++) {
        if (nd_set_isa(isas[l]) != ND_OK) { nd_clear_error(); continue; }
        const nd_ktable *k = nd__kernels();
        for (int64_t n = 1; n <= 49; n++)
            for (int64_t at = 0; at < n; at++)
                for (size_t s = 0; s < sizeof specials / sizeof specials[0]; s++) {
                    for (int64_t i = 0; i < n; i++) v[i] = (i % 3 ? -1.5 : 2.25) * (double)(i + 1);
                    v[at] = specials[s];
                    for (int64_t i = 0; i < n; i++) f[i] = (float)v[i];
                    double fv[49];
                    for (int64_t i = 0; i < n; i++) fv[i] = f[i];
                    ck_assert_msg(k->float_hazards[2]((const char *)v, n) == hazards_of(v, n),
                                  "%s float64 n=%lld special %zu at %lld", isas[l], (long long)n, s, (long long)at);
                    ck_assert_msg(k->float_hazards[1]((const char *)f, n) == hazards_of(fv, n),
                                  "%s float32 n=%lld special %zu at %lld", isas[l], (long long)n, s, (long long)at);
                }
    }
    nd_set_isa(nd_isa_best());
}
END_TEST

/* Highway 1.0.3's vqsort takes "the key before the largest" as largest -
   DBL_EPSILON when every sample equals the largest key, which skipped the
   keys in between: [-1.1e-16, -1, 0 x127] came out with -1.1e-16 among the
   zeros at the avx2 and avx512 levels (NumPy's quantile monotonicity test
   found it). Lanes of mostly one largest value (0, 1, 3) with keys just
   below it, against qsort, at every level, float64 and float32. */
static int cmp_f64(const void *x, const void *y);
START_TEST(equal_samples_largest_every_isa) {
    const double tops[] = {0.0, 1.0, 3.0};
    for (int l = 0; l < 4; l++) {
        if (nd_set_isa(isas[l]) != ND_OK) {
            nd_clear_error();
            continue;
        }
        for (size_t t = 0; t < 3; t++)
            for (int64_t n = 129; n <= 1025; n += 448)
                for (int f32 = 0; f32 < 2; f32++) {
                    double v[1025], w[1025];
                    double top = tops[t],
                           below = f32 ? nextafterf((float)top, -1) : nextafter(top, -1);
                    for (int64_t i = 0; i < n; i++) v[i] = top;
                    v[0] = top - 1.1102230246251565e-16, v[1] = top - 1, v[n / 2] = below;
                    if (f32)
                        for (int64_t i = 0; i < n; i++) v[i] = (float)v[i];
                    memcpy(w, v, sizeof(double) * (size_t)n);
                    qsort(w, (size_t)n, sizeof(double), cmp_f64);
                    nd_array *a = nd_from_buffer(ND_FLOAT64, 1, &n, v);
                    nd_array *c = f32 ? nd_astype(a, ND_FLOAT32) : nd_retain(a);
                    nd_array *s = nd_sort(c, 0);
                    nd_array *sd = nd_astype(s, ND_FLOAT64);
                    const double *g = nd_data(sd);
                    for (int64_t i = 0; i < n; i++)
                        ck_assert_msg(g[i] == w[i], "%s %s top %g n=%lld [%lld]: %g vs %g", isas[l],
                                      f32 ? "float32" : "float64", top, (long long)n, (long long)i,
                                      g[i], w[i]);
                    nd_release(a), nd_release(c), nd_release(s), nd_release(sd);
                }
    }
    nd_set_isa(nd_isa_best());
}
END_TEST

START_TEST(every_isa_large) {
    for (size_t d = 0; d < sizeof real_types / sizeof real_types[0]; d++)
        for (int pattern = 0; pattern < 4; pattern++) check_lane(real_types[d], 6000, pattern, 7u + (unsigned)d);
}
END_TEST

/* The thread split's partition at every level, float64 and int32, for
   lengths on both sides of the widths where a level's own partition takes
   over (128 float64 at AVX-512): the count of keys <= pivot is returned,
   those keys come first, and the keys are the same multiset. */
static int cmp_f64(const void *x, const void *y) {
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

/* The n keys (float64, or int32 when i32) as sorted doubles, exact. */
static void sorted_keys(double *dst, const void *keys, bool i32, int64_t n) {
    for (int64_t i = 0; i < n; i++) dst[i] = i32 ? ((const int32_t *)keys)[i] : ((const double *)keys)[i];
    qsort(dst, (size_t)n, sizeof *dst, cmp_f64);
}

static void check_split(const nd_ktable *k, const char *isa, int64_t n, unsigned seed) {
    double v[400], pv, before[2][400] = {{0}}, after[2][400] = {{0}};
    int32_t w[400], pw;
    for (int64_t i = 0; i < n; i++) {
        seed = seed * 1103515245u + 12345u;
        v[i] = (double)(seed >> 20 & 255) - 100.5 * (seed & 1); /* repeats, both signs */
        w[i] = (int32_t)(seed >> 16) - 30000;
    }
    pv = v[seed % (unsigned)n], pw = w[(seed >> 3) % (unsigned)n];
    sorted_keys(before[0], v, false, n), sorted_keys(before[1], w, true, n);
    int64_t want_f = 0, want_i = 0;
    for (int64_t i = 0; i < n; i++) want_f += v[i] <= pv, want_i += w[i] <= pw;
    int64_t bf = k->sort_split[ND_FLOAT64]((char *)v, n, (const char *)&pv);
    int64_t bi = k->sort_split[ND_INT32]((char *)w, n, (const char *)&pw);
    ck_assert_msg(bf == want_f && bi == want_i, "%s n=%lld: split counts %lld %lld, want %lld %lld",
                  isa, (long long)n, (long long)bf, (long long)bi, (long long)want_f, (long long)want_i);
    for (int64_t i = 0; i < n; i++) {
        ck_assert_msg((i < bf) == (v[i] <= pv), "%s n=%lld float64 key %lld on the wrong side", isa, (long long)n, (long long)i);
        ck_assert_msg((i < bi) == (w[i] <= pw), "%s n=%lld int32 key %lld on the wrong side", isa, (long long)n, (long long)i);
    }
    sorted_keys(after[0], v, false, n), sorted_keys(after[1], w, true, n);
    ck_assert_msg(!memcmp(before, after, sizeof before), "%s n=%lld: keys changed", isa, (long long)n);
}

START_TEST(sort_split_every_isa) {
    int levels = 0;
    for (int l = 0; l < 4; l++) {
        if (nd_set_isa(isas[l]) != ND_OK) { nd_clear_error(); continue; }
        const nd_ktable *k = nd__kernels();
        if (!k->sort_split[ND_FLOAT64]) continue;
        levels++;
        for (int64_t n = 65; n <= 400; n++) check_split(k, isas[l], n, (unsigned)(n * 7919 + l));
    }
    nd_set_isa(nd_isa_best());
    ck_assert_int_gt(levels, 0);
}
END_TEST

/* Long lanes split over the pool by partitions (integers; floats without
   NaN or -0.0): the stable reference's values, and one thread's bits. */
START_TEST(sorts_split_over_threads) {
    nd_dtype ts[] = {ND_FLOAT64, ND_FLOAT32, ND_INT32, ND_INT64, ND_UINT16, ND_INT16};
    int64_t n = ((int64_t)1 << 17) + 3;
    for (size_t d = 0; d < sizeof ts / sizeof ts[0]; d++)
        for (int pattern = 1; pattern <= 4; pattern++) {
            nd_set_num_threads(2);
            check_lane(ts[d], n, pattern, 11u + (unsigned)d);
            nd_array *a = make_input(ts[d], n, pattern, 5u + (unsigned)d), *r[2];
            for (int th = 1; th <= 2; th++) {
                nd_set_num_threads(th);
                r[th - 1] = nd_sort(a, 0);
            }
            ck_assert_msg(!memcmp(nd_data(r[0]), nd_data(r[1]), (size_t)nd_nbytes(a)),
                          "%s pattern %d: 2 threads sort differently from 1", nd_dtype_name(ts[d]),
                          pattern);
            nd_release(a), nd_release(r[0]), nd_release(r[1]);
        }
    nd_set_num_threads(2);
}
END_TEST

static size_t memcmp_w; /* item size for cmp_bytes */
static int cmp_bytes(const void *x, const void *y) { return memcmp(x, y, memcmp_w); }

/* Partition: the kth elements are where a sort puts them, with nothing
   larger before and nothing smaller after; the values are a's; where no
   two keys are equal (pattern 1, shuffled), it is a[argpartition(a)]. */
START_TEST(partition_properties) {
    int n_distinct = 0; /* cases that compared with argpartition */
    for (size_t d = 0; d < sizeof real_types / sizeof real_types[0]; d++) {
        nd_dtype t = real_types[d];
        for (int64_t n = 1; n < 4200; n += n < 300 ? 37 : 1900)
            for (int pattern = 0; pattern <= 4; pattern += 1 + 2 * (pattern == 1)) {
            nd_array *a = make_input(t, n, pattern, (unsigned)(n + d));
            if (pattern == 1) { /* 0..n-1 shuffled: i * 7919 mod n */
                nd_array *ix = nd_empty(ND_INT64, 1, &n), *sh;
                for (int64_t i = 0; i < n; i++) ((int64_t *)nd_data(ix))[i] = i * 7919 % n;
                sh = nd_take(a, ix, 0, NULL);
                nd_release(ix), nd_release(a), a = sh;
            }
            nd_array *s = nd_sort(a, 0);
            int64_t kth[3] = {n / 3, -1, 0};
            nd_array *p = nd_partition(a, 3, kth, 0), *ip = nd_argpartition(a, 3, kth, 0);
            ck_assert_ptr_nonnull(p);
            ck_assert_ptr_nonnull(ip);
            size_t w = nd_dtype_size(t);
            const int64_t *iv = nd_data(ip);
            nd_array *sp = nd_concatenate(2, (nd_array *[]){s, s}, 0, NULL);
            ref_t = t, ref_base = nd_data(sp);
            bool distinct = true;
            for (int64_t k = 1; k < n; k++) distinct &= cmp_values(k - 1, k) != 0;
            nd_release(sp);
            n_distinct += distinct && n > 1000;
            for (int64_t k = 0; k < n && distinct; k++) /* argpartition indexes the values */
                ck_assert(!memcmp((char *)nd_data(p) + k * (int64_t)w, (char *)nd_data(a) + iv[k] * (int64_t)w, w));
            /* a permutation of a: the same items, compared as bytes */
            char *bp = malloc((size_t)n * w), *ba = malloc((size_t)n * w);
            memcpy(bp, nd_data(p), (size_t)n * w), memcpy(ba, nd_data(a), (size_t)n * w);
            memcmp_w = w;
            qsort(bp, (size_t)n, w, cmp_bytes), qsort(ba, (size_t)n, w, cmp_bytes);
            ck_assert(!memcmp(bp, ba, (size_t)n * w));
            free(bp), free(ba);
            int64_t ks[3] = {n / 3, n - 1, 0};
            for (int j = 0; j < 3; j++) {
                int64_t k = ks[j];
                /* the same value as the sort's (equal in NumPy's order) */
                nd_array *pair = nd_concatenate(2, (nd_array *[]){p, s}, 0, NULL);
                ref_t = t, ref_base = nd_data(pair);
                ck_assert_msg(cmp_values(k, n + k) == 0,
                              "%s n=%lld: partition[%lld] is not the sorted element", nd_dtype_name(t), (long long)n, (long long)k);
                for (int64_t i = 0; i < n; i++) {
                    int c = cmp_values(i, k);
                    if (i < k) ck_assert_msg(c <= 0, "%s n=%lld: element %lld above kth %lld", nd_dtype_name(t), (long long)n, (long long)i, (long long)k);
                    if (i > k) ck_assert_msg(c >= 0, "%s n=%lld: element %lld below kth %lld", nd_dtype_name(t), (long long)n, (long long)i, (long long)k);
                }
                nd_release(pair);
            }
            nd_release(a), nd_release(s), nd_release(p), nd_release(ip);
            }
    }
    ck_assert_int_ge(n_distinct, 8);
}
END_TEST

/* Errors: status and NumPy's wording; allocation failures leak nothing. */
START_TEST(errors) {
    make_arrays();
    ck_assert_ptr_null(nd_sort(NULL, 0));
    ck_assert_nd_error(ND_ERR_NULL);
    ck_assert_ptr_null(nd_argsort(M, -4));
    ck_assert_str_eq(nd_last_error_message(), "nd_argsort: axis -4 is out of bounds for array of dimension 3");
    ck_assert_nd_error(ND_ERR_AXIS);
    nd_array *ro = nd_broadcast_to(F, 2, (int64_t[]){2, 12});
    ck_assert_int_ne(nd_sort_inplace(ro, -1), ND_OK);
    nd_clear_error();
    ck_assert_ptr_null(nd_partition(F, 1, (int64_t[]){12}, 0));
    ck_assert_str_eq(nd_last_error_message(), "nd_partition: kth(=12) out of bounds (12)");
    ck_assert_nd_error(ND_ERR_VALUE);
    nd_array *q = nd_scalar(ND_FLOAT64, &(double){1.5});
    ck_assert_ptr_null(nd_quantile(M, q, ND_AXIS_ALL, false));
    ck_assert_str_eq(nd_last_error_message(), "nd_quantile: Quantiles must be in the range [0, 1]");
    ck_assert_nd_error(ND_ERR_VALUE);
    ck_assert_ptr_null(nd_median(C, 0, false));
    ck_assert_nd_error(ND_ERR_DTYPE);
    ck_assert_ptr_null(nd_bincount(NB, NULL, 0));
    ck_assert_str_eq(nd_last_error_message(), "nd_bincount: 'list' argument must have no negative elements");
    ck_assert_nd_error(ND_ERR_VALUE);
    ck_assert_ptr_null(nd_bincount(F, NULL, 0));
    ck_assert_nd_error(ND_ERR_DTYPE);
    ck_assert_ptr_null(nd_bincount(M, NULL, 0));
    ck_assert_nd_error(ND_ERR_VALUE);
    nd_array *h = NULL, *e = NULL;
    ck_assert_int_eq(nd_histogram(F, 10, NULL, NULL, false, &h, &e), ND_ERR_VALUE);
    ck_assert_str_eq(nd_last_error_message(), "nd_histogram: autodetected range of [nan, nan] is not finite");
    nd_clear_error();
    ck_assert_int_eq(nd_histogram(M, 0, NULL, NULL, false, &h, &e), ND_ERR_VALUE);
    nd_clear_error();
    ck_assert_ptr_null(nd_lexsort(2, (nd_array *[]){F, I8}, -1));
    ck_assert_str_eq(nd_last_error_message(), "nd_lexsort: all keys need to be the same shape");
    ck_assert_nd_error(ND_ERR_SHAPE);
    ck_assert_ptr_null(nd_lexsort(0, NULL, -1));
    ck_assert_nd_error(ND_ERR_VALUE);
    ck_assert_ptr_null(nd_searchsorted(M, F, false, NULL));
    ck_assert_nd_error(ND_ERR_VALUE);
    nd_array *v = NULL;
    ck_assert_int_eq(nd_unique(NULL, &v, NULL, NULL, NULL), ND_ERR_NULL);
    nd_clear_error();

    /* allocation failures: each call fails cleanly until it succeeds */
    long live = nd_debug_live_allocs();
    int64_t k3 = 3;
    for (long k = 1; k < 60; k++) {
        nd_debug_fail_alloc(k);
        nd_array *r[9] = {nd_sort(MT, 1), nd_argsort(MT, 0), nd_partition(F, 1, &k3, 0),
                          nd_quantile(M, Q, 1, false), nd_median(I32, 0, true),
                          nd_searchsorted(F, F32, true, NULL), nd_isin(I32, I8, false),
                          nd_lexsort(2, (nd_array *[]){I32, I32}, 0), nd_bincount(K, W, 3)};
        nd_array *u[4] = {NULL, NULL, NULL, NULL}, *hh = NULL, *ee = NULL;
        nd_unique(F, &u[0], &u[1], &u[2], &u[3]);
        nd_histogram(M, 4, NULL, M, true, &hh, &ee);
        nd_debug_fail_alloc(0);
        for (int j = 0; j < 9; j++) nd_release(r[j]);
        for (int j = 0; j < 4; j++) nd_release(u[j]);
        nd_release(hh), nd_release(ee);
        nd_clear_error();
        ck_assert_int_eq(nd_debug_live_allocs(), live);
    }
    nd_release(ro), nd_release(q);
    nd_array *all[] = {F, F32, H, I8, I32, U64, C, B, M, MT, Q, E, W, K, SMALL, NB};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) nd_release(all[i]);
}
END_TEST

int main(void) {
    Suite *s = suite_create("sort");
    TCase *tc = tcase_create("sort");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, vs_numpy);
    tcase_add_test(tc, every_isa_every_length);
    tcase_add_test(tc, every_isa_large);
    tcase_add_test(tc, equal_samples_largest_every_isa);
    tcase_add_test(tc, float_hazard_scan_every_isa);
    tcase_add_test(tc, sorts_split_over_threads);
    tcase_add_test(tc, sort_split_every_isa);
    tcase_add_test(tc, partition_properties);
    tcase_add_test(tc, errors);
    suite_add_tcase(s, tc);
    return nd_test_run(s);
}
