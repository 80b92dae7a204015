/* The random suites' NumPy-stream harness: NumPy 1.24 evaluates each case
   expression on a fresh generator of each kind and saves the result as
   .npy; nd runs the same case on its generator built the same way; the
   two must agree byte for byte (dtype, shape and every value). One script
   runs all of a suite's cases, so Python starts once. */
#ifndef ND_RANDOM_STREAMS_H
#define ND_RANDOM_STREAMS_H

#include <stdarg.h>
#include <unistd.h>

#include "nd_test.h"

/* A suite: the Python lines that define what the cases use (N, fixtures),
   the generators as NumPy expressions and nd constructors, the cases as
   NumPy expressions of g and nd calls (run), and what to release after a
   case (done: the result and anything the case kept alive). */
typedef struct {
    const char *prelude;
    int ngens;
    const char *const *py_gens;
    nd_rng *(*make_gen)(int i);
    int ncases;
    const char *const *py_cases;
    nd_array *(*run)(int c, nd_rng *g);
    void (*done)(nd_array *got);
} nd_stream_suite;

/* Appends printf-style text to the malloc'd *buf of capacity *cap. */
static inline void nd_stream_cat(char **buf, size_t *len, size_t *cap, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static inline void nd_stream_cat(char **buf, size_t *len, size_t *cap, const char *fmt, ...) {
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(*buf + *len, *cap - *len, fmt, ap);
        va_end(ap);
        ck_assert_int_ge(n, 0);
        if (*len + (size_t)n < *cap) {
            *len += (size_t)n;
            return;
        }
        *buf = realloc(*buf, *cap *= 2);
        ck_assert_ptr_nonnull(*buf);
    }
}

/* NumPy's results of cases[0..ncases) on every generator of s, as
   dir/<gen>_<case>.npy. */
static inline void nd_stream_numpy(const nd_stream_suite *s, const char *dir, int ncases,
                                   const char *const *cases) {
    size_t cap = 1 << 16, len = 0;
    char *script = malloc(cap);
    ck_assert_ptr_nonnull(script);
    script[0] = 0;
    nd_stream_cat(&script, &len, &cap, "import numpy as np\n%s\ngens = [\n", s->prelude);
    for (int i = 0; i < s->ngens; i++)
        nd_stream_cat(&script, &len, &cap, "  lambda: %s,\n", s->py_gens[i]);
    nd_stream_cat(&script, &len, &cap, "]\ncases = [\n");
    for (int c = 0; c < ncases; c++)
        nd_stream_cat(&script, &len, &cap, "  lambda g: %s,\n", cases[c]);
    nd_stream_cat(&script, &len, &cap,
                  "]\nfor i, mk in enumerate(gens):\n  for c, f in enumerate(cases):\n"
                  "    np.save('%s/%%d_%%d.npy' %% (i, c), np.asarray(f(mk())))\nprint('ok')\n",
                  dir);
    char *out = nd_test_python(script);
    free(script);
    ck_assert_ptr_nonnull(out);
    free(out);
}

/* NumPy's result of case c on generator i (the file is removed). */
static inline nd_array *nd_stream_load(const char *dir, int i, int c) {
    char path[128];
    snprintf(path, sizeof path, "%s/%d_%d.npy", dir, i, c);
    nd_array *want = nd_load_npy(path);
    ck_assert_msg(want != NULL, "%s: %s", path, nd_last_error_message());
    remove(path);
    return want;
}

/* got equals want: dtype, shape, and every byte in C order. */
static inline void nd_stream_same(const char *gen, const char *expr, const nd_array *got,
                                  const nd_array *want) {
    ck_assert_msg(got != NULL, "%s: %s: %s", gen, expr, nd_last_error_message());
    int nd = nd_ndim(got);
    bool same_shape = nd == nd_ndim(want);
    for (int d = 0; same_shape && d < nd; d++) same_shape = nd_shape(got)[d] == nd_shape(want)[d];
    ck_assert_msg(nd_get_dtype(got) == nd_get_dtype(want) && same_shape,
                  "%s: %s: dtype/shape %s %d-d size %lld, NumPy %s %d-d size %lld", gen, expr,
                  nd_dtype_name(nd_get_dtype(got)), nd, (long long)nd_size(got),
                  nd_dtype_name(nd_get_dtype(want)), nd_ndim(want), (long long)nd_size(want));
    nd_array *gc = nd_copy(got), *wc = nd_copy(want); /* NumPy may write F order */
    size_t bytes = (size_t)nd_size(want) * nd_itemsize(want), first = 0;
    const char *a = nd_data(gc), *b = nd_data(wc);
    while (first < bytes && a[first] == b[first]) first++;
    ck_assert_msg(first == bytes, "%s: %s: differs from NumPy at element %zu", gen, expr,
                  first / nd_itemsize(want));
    nd_release(gc), nd_release(wc);
}

/* A case's result, unless it is one of the arrays the case kept in pool
   (an out= result), then those arrays. */
static inline void nd_stream_release(nd_array *got, nd_array **pool, int *npool) {
    bool pooled = false;
    for (int k = 0; k < *npool; k++) pooled |= pool[k] == got;
    if (!pooled) nd_release(got);
    while (*npool) nd_release(pool[--*npool]);
}

/* Every case of s on every generator against NumPy's. */
static inline void nd_stream_check(const nd_stream_suite *s) {
    char dir[] = "/tmp/nd_test_streams_XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    nd_stream_numpy(s, dir, s->ncases, s->py_cases);
    for (int i = 0; i < s->ngens; i++)
        for (int c = 0; c < s->ncases; c++) {
            nd_array *want = nd_stream_load(dir, i, c);
            nd_rng *g = s->make_gen(i);
            ck_assert_msg(g != NULL, "%s: %s", s->py_gens[i], nd_last_error_message());
            nd_array *got = s->run(c, g);
            nd_stream_same(s->py_gens[i], s->py_cases[c], got, want);
            s->done(got);
            nd_release(want);
            nd_rng_free(g);
        }
    rmdir(dir);
}

#endif
