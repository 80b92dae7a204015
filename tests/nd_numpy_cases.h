/* A NumPy differential harness: case c is a NumPy expression py[c] and
   an nd call run(c) that should give the same dtype, shape and values
   (bitwise, NaN equal to NaN), or fail where NumPy raises. The script
   starts with setup, which builds the same inputs nd's side builds. */
#ifndef ND_NUMPY_CASES_H
#define ND_NUMPY_CASES_H

#include <math.h>

#include "nd_test.h"

static inline void nd_test_numpy_cases(const char *setup, int ncases, const char *const *py,
                                       nd_array *(*run)(int)) {
    size_t cap = 1 << 16, len = 0;
    char *script = malloc(cap);
    len += (size_t)snprintf(script + len, cap - len, "%scases = [\n", setup);
    for (int c = 0; c < ncases; c++) {
        while (len + strlen(py[c]) + 64 > cap) script = realloc(script, cap *= 2);
        len += (size_t)snprintf(script + len, cap - len, "  lambda: %s,\n", py[c]);
    }
    const char *tail = "]\n"
                       "for f in cases:\n"
                       "    try:\n"
                       "        r = np.asarray(f())\n"
                       "        print('ok', r.dtype.name, r.ndim, *r.shape, *[x.hex() for x in "
                       "(r.view(r.real.dtype) if r.dtype.kind == 'c' else r).astype(np.float64)"
                       ".ravel()])\n"
                       "    except Exception as e:\n"
                       "        print('err', type(e).__name__)\n";
    while (len + strlen(tail) + 1 > cap) script = realloc(script, cap *= 2);
    snprintf(script + len, cap - len, "%s", tail);
    char *out = nd_test_python(script);
    free(script);
    ck_assert_ptr_nonnull(out);
    char *save = NULL, *line = strtok_r(out, "\n", &save);
    for (int c = 0; c < ncases; c++, line = strtok_r(NULL, "\n", &save)) {
        ck_assert_ptr_nonnull(line);
        nd_clear_error();
        nd_array *r = run(c);
        if (!strncmp(line, "err", 3)) {
            ck_assert_msg(r == NULL, "case %d %s: NumPy raises (%s) but nd succeeds", c, py[c],
                          line);
            ck_assert_msg(nd_last_error() != ND_OK, "case %d: failed without an error", c);
            nd_clear_error();
            continue;
        }
        ck_assert_msg(r != NULL, "case %d %s: nd failed: %s", c, py[c], nd_last_error_message());
        char *save2 = NULL, *tok = strtok_r(line + 3, " ", &save2);
        ck_assert_msg(!strcmp(tok, nd_dtype_name(nd_get_dtype(r))), "case %d %s: dtype %s, NumPy %s",
                      c, py[c], nd_dtype_name(nd_get_dtype(r)), tok);
        int ndim = atoi(strtok_r(NULL, " ", &save2));
        ck_assert_msg(ndim == nd_ndim(r), "case %d %s: ndim %d, NumPy %d", c, py[c], nd_ndim(r),
                      ndim);
        for (int d = 0; d < ndim; d++)
            ck_assert_msg(atoll(strtok_r(NULL, " ", &save2)) == nd_shape(r)[d],
                          "case %d %s: shape differs at %d", c, py[c], d);
        nd_array *f = nd_flatten(r), *g;
        if (nd_get_dtype(r) == ND_COMPLEX64 || nd_get_dtype(r) == ND_COMPLEX128) {
            /* as NumPy's view of the real and imaginary parts */
            int64_t n2 = 2 * nd_size(f);
            nd_dtype part = nd_get_dtype(r) == ND_COMPLEX64 ? ND_FLOAT32 : ND_FLOAT64;
            nd_array *pv = nd_from_buffer(part, 1, &n2, nd_data(f));
            g = nd_astype(pv, ND_FLOAT64);
            nd_release(pv);
        } else {
            g = nd_astype(f, ND_FLOAT64);
        }
        const double *v = nd_data(g);
        for (int64_t k = 0; k < nd_size(g); k++) {
            char *t = strtok_r(NULL, " ", &save2);
            ck_assert_ptr_nonnull(t);
            double w = strtod(t, NULL);
            ck_assert_msg(!memcmp(&v[k], &w, 8) || (isnan(v[k]) && isnan(w)),
                          "case %d %s: element %lld is %a, NumPy %a", c, py[c], (long long)k, v[k],
                          w);
        }
        ck_assert_ptr_null(strtok_r(NULL, " ", &save2));
        nd_release(f), nd_release(g), nd_release(r);
    }
    free(out);
}

#endif
