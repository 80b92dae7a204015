/* Shared helpers for the Check suites. */
#ifndef ND_TEST_H
#define ND_TEST_H

#include <check.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "nd.h"

#ifndef ND_PYTHON
#define ND_PYTHON "/usr/bin/python3"
#endif
#ifndef ND_TESTS_DIR
#define ND_TESTS_DIR "."
#endif

/* Runs `python3 -c script` (NumPy available) and returns its stdout, malloc'd;
   NULL when python fails. */
static inline char *nd_test_python(const char *script) {
    char path[] = "/tmp/nd_test_py_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) return NULL;
    FILE *f = fdopen(fd, "w");
    fputs(script, f);
    fclose(f);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "%s %s", ND_PYTHON, path);
    FILE *p = popen(cmd, "r");
    if (!p) return remove(path), NULL;
    size_t cap = 1 << 16, n = 0;
    char *out = malloc(cap);
    size_t got;
    while ((got = fread(out + n, 1, cap - n - 1, p)) > 0) {
        n += got;
        if (cap - n < 2) out = realloc(out, cap *= 2);
    }
    out[n] = '\0';
    int rc = pclose(p);
    remove(path);
    if (rc != 0) return free(out), NULL;
    return out;
}

/* Asserts a NULL/failing result carries status s. */
#define ck_assert_nd_error(s)                                                                      \
    do {                                                                                           \
        ck_assert_msg(nd_last_error() == (s), "expected %s, got %s (%s)", nd_status_name(s),       \
                      nd_status_name(nd_last_error()), nd_last_error_message());                   \
        nd_clear_error();                                                                          \
    } while (0)

/* Runs one suite and returns the process exit status. */
static inline int nd_test_run(Suite *s) {
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* Runs a suite with a fresh temporary directory, its path written into dir
   before the suite runs, removed with its contents afterwards. */
static inline int nd_test_run_in_tmpdir(Suite *s, char *dir, size_t cap, const char *name) {
    snprintf(dir, cap, "/tmp/nd_test_%s_XXXXXX", name);
    if (!mkdtemp(dir)) return EXIT_FAILURE;
    int rc = nd_test_run(s);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? rc : EXIT_FAILURE;
}

/* ---- reference lines printed by a NumPy script -------------------------
   A script (tests/<name>_ref.py) prints one line per case, "key|dtype|shape|values"
   (shape comma-separated, values space- or comma-separated, complex as
   real/imaginary pairs). It runs once per test process. */

/* The text after "key|" in script's output (run on first use into *ref). */
static inline const char *nd_test_ref_line(char **ref, const char *script, const char *key) {
    if (!*ref) {
        char cmd[1024]; /* the scripts import tests/nd_ref.py */
        snprintf(cmd, sizeof cmd,
                 "import sys; sys.path.insert(0, '" ND_TESTS_DIR "'); exec(open('%s').read())",
                 script);
        *ref = nd_test_python(cmd);
        ck_assert_msg(*ref != NULL, "%s failed", script);
    }
    size_t n = strlen(key);
    for (const char *p = *ref; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
        if (!strncmp(p, key, n) && p[n] == '|') return p + n + 1;
    ck_abort_msg("no NumPy reference for %s", key);
    return NULL;
}

/* One parsed "dtype|shape|values": n values, 2 per element when complex. */
typedef struct {
    nd_dtype t;
    bool cplx;
    int ndim;
    int64_t shape[ND_MAX_DIMS];
    int64_t n;
    double *v;
} nd_test_ref;

static inline nd_test_ref nd_test_ref_read(const char *p, const char *what) {
    nd_test_ref r = {0};
    char name[32];
    int k = 0;
    while (*p != '|' && k < 31) name[k++] = *p++;
    name[k] = 0, p++;
    ck_assert_msg(nd_dtype_from_name(name, &r.t) == ND_OK, "%s: dtype %s", what, name);
    r.cplx = r.t == ND_COMPLEX64 || r.t == ND_COMPLEX128;
    while (*p != '|') {
        char *e;
        ck_assert_msg(r.ndim < ND_MAX_DIMS, "%s: too many dimensions", what);
        r.shape[r.ndim++] = strtoll(p, &e, 10);
        p = *e == ',' ? e + 1 : e;
    }
    p++;
    size_t cap = 16;
    r.v = malloc(cap * sizeof *r.v);
    for (;;) {
        while (*p == ' ' || *p == ',') p++;
        if (!*p || *p == '\n') break;
        char *e;
        double d = strtod(p, &e);
        ck_assert_msg(e != p, "%s: unreadable reference value at '%.10s'", what, p);
        if ((size_t)r.n == cap) r.v = realloc(r.v, (cap *= 2) * sizeof *r.v);
        r.v[r.n++] = d;
        p = e;
    }
    return r;
}

/* The reference as an array of its dtype (a new reference). */
static inline nd_array *nd_test_ref_array(const char *p, const char *what) {
    nd_test_ref w = nd_test_ref_read(p, what);
    nd_array *tmp = nd_from_buffer(w.cplx ? ND_COMPLEX128 : ND_FLOAT64, w.ndim, w.shape, w.v);
    nd_array *a = tmp ? nd_astype(tmp, w.t) : NULL;
    nd_release(tmp);
    free(w.v);
    ck_assert_msg(a != NULL, "%s: %s", what, nd_last_error_message());
    return a;
}

/* Compares r (released) with the reference p: the dtype, the shape and the
   values' bits (NaN equals NaN), or |x - want| <= tol * max(floor, |want|)
   when tol > 0. */
static inline void nd_test_ref_check(const char *name, const char *p, nd_array *r, double tol,
                                     double floor) {
    ck_assert_msg(r != NULL, "%s: nd failed: %s", name, nd_last_error_message());
    nd_test_ref w = nd_test_ref_read(p, name);
    ck_assert_msg(w.t == nd_get_dtype(r), "%s: dtype %s, NumPy %s", name,
                  nd_dtype_name(nd_get_dtype(r)), nd_dtype_name(w.t));
    ck_assert_msg(w.ndim == nd_ndim(r), "%s: ndim %d, NumPy %d", name, nd_ndim(r), w.ndim);
    for (int i = 0; i < w.ndim; i++)
        ck_assert_msg(w.shape[i] == nd_shape(r)[i], "%s: shape[%d] %lld, NumPy %lld", name, i,
                      (long long)nd_shape(r)[i], (long long)w.shape[i]);
    nd_array *f = nd_astype(r, w.cplx ? ND_COMPLEX128 : ND_FLOAT64);
    const double *x = nd_data(f);
    int64_t n = nd_size(f) * (w.cplx ? 2 : 1);
    ck_assert_msg(w.n == n, "%s: NumPy gave %lld values, nd %lld", name, (long long)w.n,
                  (long long)n);
    for (int64_t i = 0; i < n; i++) {
        double want = w.v[i];
        bool ok = (isnan(want) && isnan(x[i])) || want == x[i] ||
                  (tol > 0 && fabs(x[i] - want) <= tol * fmax(floor, fabs(want)));
        ck_assert_msg(ok, "%s[%lld]: nd %.17g, NumPy %.17g", name, (long long)i, x[i], want);
    }
    free(w.v);
    nd_release(f);
    nd_release(r);
}

#endif
