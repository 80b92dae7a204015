/* The API sweep: every public function called with valid arguments, with
   NULL in each pointer parameter, and with extreme values in each integer
   parameter (tests/gen_api_test.py makes the calls from the headers at
   build time; this file holds the valid values and the checks). Each case
   runs in its own forked child, so a crash fails that case alone and names
   it; the ASan/UBSan pass of CI checks leaks and undefined behaviour, and
   here the live-allocation count checks that nothing of nd's is left. */
#include <math.h>
#include <signal.h>
#include <unistd.h>

#include "api_fixtures.h"
#include "nd_test.h"

static char api_dir[200];

/* ---- the arena: what the factories made, let go at fx_end ---- */

typedef enum {
    FX_ARRAY,
    FX_MALLOC,
    FX_OUT_ARRAYS,
    FX_OUT_MALLOCED,
    FX_OUT_RNGS,
    FX_RNG,
    FX_ITER,
    FX_EXPR,
    FX_NPZ,
    FX_FILE,
    FX_DLPACK
} fx_kind;
enum { FX_SLOTS = 64 }; /* entries of every scratch buffer and result list */
static struct {
    fx_kind kind;
    void *p;
} arena[256];
static int narena;

static void *keep(fx_kind kind, void *p) {
    ck_assert_msg(p != NULL, "a fixture failed: %s", nd_last_error_message());
    ck_assert(narena < (int)(sizeof arena / sizeof arena[0]));
    arena[narena].kind = kind;
    arena[narena++].p = p;
    return p;
}

void fx_disown(const void *p) {
    for (int i = 0; i < narena; i++)
        if (arena[i].p == p) arena[i].p = NULL;
}

void fx_end(void) {
    while (narena > 0) {
        void *p = arena[--narena].p;
        if (!p) continue;
        switch (arena[narena].kind) {
        case FX_ARRAY:
            nd_release(p);
            break;
        case FX_MALLOC:
            free(p);
            break;
        case FX_OUT_ARRAYS:
            for (int i = 0; i < FX_SLOTS; i++) nd_release(((nd_array **)p)[i]);
            free(p);
            break;
        case FX_OUT_MALLOCED:
            free(*(void **)p), free(p);
            break;
        case FX_OUT_RNGS:
            for (int i = 0; i < FX_SLOTS; i++) nd_rng_free(((nd_rng **)p)[i]);
            free(p);
            break;
        case FX_RNG:
            nd_rng_free(p);
            break;
        case FX_ITER:
            nd_iter_free(p);
            break;
        case FX_EXPR:
            nd_expr_free(p);
            break;
        case FX_NPZ:
            nd_npz_close(p);
            break;
        case FX_FILE:
            fclose(p);
            break;
        case FX_DLPACK:
            ((DLManagedTensor *)p)->deleter(p);
            break;
        }
    }
}

/* ---- valid values by (function, parameter); "*" matches any function ---- */

/* Tables list (function, parameter, value); an entry for the function
   itself wins over a "*" one. Returns the index of the entry, or -1. */
#define LOOKUP(table, F, P)                                                                        \
    lookup_(&(table)[0].f, sizeof(table[0]), sizeof(table) / sizeof(table[0]), F, P)
static int lookup_(const char *const *first, size_t stride, size_t n, const char *F,
                   const char *P) {
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < n; i++) {
            const char *const *e = (const char *const *)((const char *)first + i * stride);
            if (!strcmp(e[0], pass ? "*" : F) && !strcmp(e[1], P)) return (int)i;
        }
    return -1;
}

/* The default array: a symmetric positive definite 3x3 float64 matrix, so
   the linear algebra, sorting, reductions and ufuncs all take it. */
static nd_array *mk_default(void) {
    static const double v[9] = {4, 1, 0.5, 1, 4, 1, 0.5, 1, 4};
    return nd_from_buffer(ND_FLOAT64, 2, (int64_t[]){3, 3}, v);
}
static nd_array *mk_index33(void) { return nd_zeros(ND_INT64, 2, (int64_t[]){3, 3}); }
static nd_array *mk_mask3(void) {
    static const uint8_t v[3] = {1, 0, 1};
    return nd_from_buffer(ND_BOOL, 1, (int64_t[]){3}, v);
}
static nd_array *mk_bool33(void) {
    static const uint8_t v[9] = {1, 0, 0, 0, 1, 0, 0, 0, 1};
    return nd_from_buffer(ND_BOOL, 2, (int64_t[]){3, 3}, v);
}
static nd_array *mk_vec3(void) {
    static const double v[3] = {1, 2, 3};
    return nd_from_buffer(ND_FLOAT64, 1, (int64_t[]){3}, v);
}
static nd_array *mk_prob3(void) {
    static const double v[3] = {0.2, 0.3, 0.5};
    return nd_from_buffer(ND_FLOAT64, 1, (int64_t[]){3}, v);
}
static nd_array *mk_ivec3(void) {
    static const int64_t v[3] = {0, 1, 2};
    return nd_from_buffer(ND_INT64, 1, (int64_t[]){3}, v);
}
static nd_array *mk_ihigh3(void) {
    static const int64_t v[3] = {5, 6, 7};
    return nd_from_buffer(ND_INT64, 1, (int64_t[]){3}, v);
}
static nd_array *mk_half(void) {
    double h = 0.5;
    return nd_from_buffer(ND_FLOAT64, 0, NULL, &h);
}
static nd_array *mk_none(void) { return NULL; }
static nd_array *mk_u8_33(void) { return nd_ones(ND_UINT8, 2, (int64_t[]){3, 3}); }
static nd_array *mk_c128_33(void) { return nd_zeros(ND_COMPLEX128, 2, (int64_t[]){3, 3}); }

static const struct {
    const char *f, *p;
    nd_array *(*make)(void);
} array_table[] = {
    {"*", "out", mk_none}, /* optional everywhere: a new array */
    {"*", "indices", mk_index33},
    {"*", "mask", mk_mask3},
    {"*", "cond", mk_bool33},
    {"*", "where", mk_bool33},
    {"nd_ufunc_reduce_full", "initial", mk_half},
    {"nd_bincount", "x", mk_ivec3},
    {"nd_bincount", "weights", mk_vec3},
    {"nd_histogram_edges", "edges", mk_vec3},
    {"nd_searchsorted", "a", mk_vec3},
    {"nd_searchsorted", "sorter", mk_ivec3},
    {"nd_quantile", "q", mk_half},
    {"nd_quantile_ex", "q", mk_half},
    {"nd_percentile_ex", "q", mk_half},
    {"nd_nanquantile", "q", mk_half},
    {"nd_nanpercentile", "q", mk_half},
    {"nd_average", "weights", mk_vec3},
    {"nd_cov", "fweights", mk_ivec3},
    {"nd_cov", "aweights", mk_vec3},
    {"nd_histogram2d", "x", mk_vec3},
    {"nd_histogram2d", "y", mk_vec3},
    {"nd_histogram2d", "weights", mk_vec3},
    {"nd_histogramdd", "weights", mk_vec3},
    {"nd_ldexp", "e", mk_ivec3},
    {"nd_ufunc_reduceat", "indices", mk_ivec3},
    {"nd_ufunc_at", "indices", mk_ivec3},
    {"nd_percentile", "q", mk_half},
    {"nd_choice", "a", mk_vec3},
    {"nd_choice", "p", mk_prob3},
    {"nd_fill_c128", "a", mk_c128_33}, /* a complex value needs a complex array */
    {"nd_set_c128", "a", mk_c128_33},
    {"nd_integers_a", "low", mk_ivec3},
    {"nd_integers_a", "high", mk_ihigh3},
    {"nd_multinomial", "n", mk_ivec3},
    {"nd_multinomial", "pvals", mk_prob3},
    {"nd_multivariate_hypergeometric", "colors", mk_ivec3},
    {"nd_dirichlet", "alpha", mk_prob3},
    {"nd_multivariate_normal", "mean", mk_vec3},
    {"nd_tensorsolve", "b", mk_vec3},
    /* signal.h, poly.h: 1-D sequences and coefficients, 0-d edge values */
    {"nd_convolve", "a", mk_vec3},
    {"nd_convolve", "v", mk_vec3},
    {"nd_correlate", "a", mk_vec3},
    {"nd_correlate", "v", mk_vec3},
    {"nd_interp", "xp", mk_vec3},
    {"nd_interp", "fp", mk_vec3},
    {"nd_interp", "left", mk_half},
    {"nd_interp", "right", mk_half},
    {"nd_polyder", "p", mk_vec3},
    {"nd_polyint", "p", mk_vec3},
    {"nd_polyint", "k", mk_vec3},
    {"nd_polymul", "a1", mk_vec3},
    {"nd_polymul", "a2", mk_vec3},
    {"nd_roots", "p", mk_vec3},
    {"nd_vander", "x", mk_vec3},
    {"nd_polyfit", "x", mk_vec3},
    {"nd_polyfit", "y", mk_vec3},
    {"nd_polyfit", "w", mk_vec3},
    {"*", "c", mk_vec3},
    {"*", "c1", mk_vec3},
    {"*", "c2", mk_vec3},
    {"nd_polynomial_fit", "x", mk_vec3},
    {"nd_polynomial_fit", "y", mk_vec3},
    {"nd_polynomial_fit", "w", mk_vec3},
    {"nd_polynomial_fromroots", "roots", mk_vec3},
    /* helpers.h */
    {"nd_ravel_multi_index", "multi_index", mk_ivec3},
    {"nd_ravel_multi_index_modes", "multi_index", mk_ivec3},
    {"nd_ix_", "seqs", mk_vec3},
    {"nd_trim_zeros", "filt", mk_vec3},
    {"*", "obj", mk_ivec3},
    /* select.h: indices, conditions and masks of the array's shape, bytes */
    {"nd_choose", "a", mk_index33},
    {"nd_select", "condlist", mk_bool33},
    {"nd_piecewise", "conds", mk_bool33},
    {"nd_place", "mask", mk_bool33},
    {"nd_putmask", "mask", mk_bool33},
    {"nd_packbits", "a", mk_index33},
    {"nd_unpackbits", "a", mk_u8_33},
    /* factor.h: pivots 0, 1, 2 (no swaps), a matrix for the factor */
    {"nd_lu_solve", "piv", mk_ivec3},
    {"nd_cho_solve", "c", mk_default},
};

nd_array *fx_array(const char *F, const char *P) {
    int i = LOOKUP(array_table, F, P);
    if (i < 0) { /* integer-only ufuncs take an int64 array, the rest the default */
        static const char *const int_ops[] = {"nd_bitwise_and", "nd_bitwise_or", "nd_bitwise_xor",
                                              "nd_gcd",         "nd_lcm",        "nd_left_shift",
                                              "nd_right_shift", "nd_invert"};
        for (size_t k = 0; k < sizeof int_ops / sizeof int_ops[0]; k++)
            if (!strcmp(F, int_ops[k])) return keep(FX_ARRAY, mk_index33());
        return keep(FX_ARRAY, mk_default());
    }
    nd_array *a = array_table[i].make();
    return a ? keep(FX_ARRAY, a) : NULL;
}

nd_array *const *fx_arrays(const char *F, const char *P) {
    nd_array **v = keep(FX_MALLOC, calloc(FX_SLOTS, sizeof *v));
    v[0] = fx_array(F, P);
    v[1] = fx_array(F, P);
    return v;
}

nd_array **fx_out_arrays(void) { return keep(FX_OUT_ARRAYS, calloc(FX_SLOTS, sizeof(nd_array *))); }

void *fx_buf(void) { return keep(FX_MALLOC, calloc(FX_SLOTS, 64)); }

/* Shapes and dims are 3x3 (trailing 1s for any ndim up to the limit);
   every other int64 list (index, kth, reps, repeats, pad_width, split
   points) holds 1s, valid for a 3x3 array. */
const int64_t *fx_i64s(const char *F, const char *P) {
    (void)F;
    int64_t *v = fx_buf();
    for (int i = 0; i < FX_SLOTS; i++) v[i] = 1;
    if (!strcmp(P, "shape") || !strcmp(P, "dims")) v[0] = v[1] = 3;
    return v;
}

/* Axis lists {1, 0}: a permutation of 2 axes, or axis 1 alone. */
const int *fx_ints(const char *F, const char *P) {
    (void)F;
    int *v = fx_buf();
    v[0] = 1;
    if (!strcmp(P, "ndims"))
        for (int i = 0; i < FX_SLOTS; i++) v[i] = 2;
    return v;
}

const int64_t *const *fx_shapes(void) {
    const int64_t **v = fx_buf();
    v[0] = v[1] = fx_i64s("", "shape");
    return (const int64_t *const *)v;
}

char *const *fx_strs(void) {
    char **v = fx_buf();
    v[0] = "a";
    v[1] = "b";
    return v;
}

static size_t last_len; /* of the last fx_bytes buffer, for its len parameter */

static const char *fixture_file(const char *name) {
    char *path = keep(FX_MALLOC, malloc(512));
    snprintf(path, 512, "%s/%s", api_dir, name);
    return path;
}

const char *fx_str(const char *F, const char *P) {
    if (!strcmp(P, "path")) {
        nd_array *a = fx_array(F, "a");
        if (!strcmp(F, "nd_load_npy") || !strcmp(F, "nd_load_npy_mmap")) {
            const char *path = fixture_file("in.npy");
            ck_assert_int_eq(nd_save_npy(path, a), ND_OK);
            return path;
        }
        if (!strcmp(F, "nd_npz_open")) {
            const char *path = fixture_file("in.npz");
            ck_assert_int_eq(nd_savez(path, 2, fx_strs(), fx_arrays(F, P), false), ND_OK);
            return path;
        }
        if (!strcmp(F, "nd_loadtxt")) {
            const char *path = fixture_file("in.txt");
            ck_assert_int_eq(nd_savetxt(path, a, NULL), ND_OK);
            return path;
        }
        return fixture_file("out.bin"); /* the savers */
    }
    static const struct {
        const char *f, *p, *s;
    } table[] = {
        {"*", "mode", "r"},
        {"nd_dtype_from_name", "name", "float64"},
        {"nd_npz_get", "name", "a"},
        {"nd_eval_named", "names", "a, b"},
        {"*", "spec", "1:, ::-1"},
        {"*", "text", "a + b"},
        {"*", "ord", "inf"},
        {"*", "norm", "ortho"},
        {"nd_perror", "prefix", "api"},
        {"nd_error_set", "msg", "api"},
        {"*", "norm", "ortho"},
        {"nd_multivariate_hypergeometric", "method", "count"},
        {"nd_multivariate_normal", "method", "svd"},
        {"nd_multivariate_normal", "check_valid", "raise"},
        {"*", "norm", "ortho"},
        {"*", "subscripts", "ij,jk"},
        {"*", "optimize", "greedy"},
        {"nd_cond", "p", "fro"},
        {"nd_convolve", "mode", "same"},
        {"nd_block", "layout", "[[0, 1]]"},
        {"nd_trim_zeros", "trim", "fb"},
        {"nd_correlate", "mode", "full"},
        {"*", "mode", "r"},
        {"nd_dtype_from_name", "name", "float64"},
        {"nd_npz_get", "name", "a"},
        {"*", "spec", "1:, ::-1"},
        {"*", "text", "a + b"},
        {"*", "ord", "inf"},
        {"*", "norm", "ortho"},
        {"nd_quantile_method_from_name", "name", "hazen"},
        {"nd_bins_rule_from_name", "name", "sturges"},
        {"nd_mintypecode", "typechars", "idF"},
        {"nd_mintypecode", "typeset", "GDFgdf"},
        {"nd_obj2sctype", "name", "f4"},
    };
    int i = LOOKUP(table, F, P);
    if (i >= 0) return table[i].s;
    if (!strcmp(P, "level")) return nd_isa(); /* setting what is set: no change */
    ck_abort_msg("no valid string for %s's %s: add one to tests/test_api.c", F, P);
    return NULL;
}

void *fx_bytes(const char *F, const char *P) {
    if (!strcmp(F, "nd_npy_from_bytes")) {
        void **buf = keep(FX_OUT_MALLOCED, calloc(1, sizeof(void *)));
        ck_assert_int_eq(nd_npy_to_bytes(fx_array(F, "a"), buf, &last_len), ND_OK);
        return *buf;
    }
    if (!strcmp(F, "nd_rng_load")) { /* a saved generator */
        char *buf = keep(FX_MALLOC, malloc(4096));
        ck_assert_int_eq(nd_rng_save(fx_rng(), buf, 4096, &last_len), ND_OK);
        return buf;
    }
    if (!strcmp(F, "nd_npz_from_bytes")) {
        FILE *f = fopen(fx_str("nd_npz_open", "path"), "rb");
        ck_assert(f != NULL);
        char *buf = keep(FX_MALLOC, malloc(1 << 16));
        last_len = fread(buf, 1, 1 << 16, f);
        fclose(f);
        return buf;
    }
    (void)P; /* value, src, data, ctx: zeroed bytes enough for any of them */
    return keep(FX_MALLOC, calloc(1, 4096));
}

void **fx_out_malloced(void) { return keep(FX_OUT_MALLOCED, calloc(1, sizeof(void *))); }
FILE *fx_file(void) { return keep(FX_FILE, tmpfile()); }
const double *fx_range(void) {
    double *r = fx_buf(); /* {0, 10} for every axis (histogramdd takes one pair each) */
    for (int i = 0; i < 8; i++) r[i] = i % 2 ? 10 : 0;
    return r;
}
nd_rng *fx_rng(void) { return keep(FX_RNG, nd_rng_new(1)); }
nd_rng **fx_out_rngs(void) { return keep(FX_OUT_RNGS, calloc(FX_SLOTS, sizeof(nd_rng *))); }
nd_iter *fx_iter(void) { return keep(FX_ITER, nd_iter_new(2, fx_arrays("nd_iter_new", "ops"))); }
nd_expr *fx_expr(void) {
    return keep(FX_EXPR, nd_expr_compile("a + b", 2, (const char *const *)fx_strs()));
}
nd_npz *fx_npz(void) { return keep(FX_NPZ, nd_npz_open(fx_str("nd_npz_open", "path"))); }
const nd_index *fx_index(void) {
    nd_index *idx = fx_buf();
    idx->kind = ND_IDX_SLICE;
    idx->start = 0, idx->stop = ND_SLICE_NONE, idx->step = 1;
    return idx;
}
DLManagedTensor *fx_dlpack(void) { return keep(FX_DLPACK, nd_to_dlpack(fx_array("", "a"))); }
static void noop_release(void *ctx) { (void)ctx; }
void (*fx_release_fn(void))(void *) { return noop_release; }
/* helpers.h's callbacks: small real functions of their arguments */
static nd_array *fromfunction_add(int ndim, nd_array *const *coords, void *ctx) {
    (void)ctx;
    return ndim > 1 ? nd_add(coords[0], coords[1], NULL) : nd_copy(coords[0]);
}
nd_fromfunction_fn fx_fromfunction_fn(void) { return fromfunction_add; }
static nd_array *mask_triu(const nd_array *a, int64_t k, void *ctx) {
    (void)ctx;
    return nd_triu(a, k);
}
nd_mask_fn fx_mask_fn(void) { return mask_triu; }
static nd_array *apply_cumsum(const nd_array *a, void *ctx) {
    (void)ctx;
    return nd_cumsum(a, 0, NULL);
}
nd_apply_fn fx_apply_fn(void) { return apply_cumsum; }
static nd_array *axis_sum(const nd_array *a, int axis, void *ctx) {
    (void)ctx;
    return nd_sum(a, axis, false, NULL);
}
nd_axis_fn fx_axis_fn(void) { return axis_sum; }
static nd_array *piece_copy(const nd_array *x, void *user) {
    (void)user;
    return nd_copy(x);
}
const nd_piecewise_fn *fx_piecewise_fns(void) {
    static const nd_piecewise_fn f[2] = {piece_copy, piece_copy};
    return f;
}

int64_t fx_int(const char *F, const char *P) {
    static const struct {
        const char *f, *p;
        int64_t v;
    } table[] = {
        /* counts of the lists the factories make (two arrays, one item) */
        {"*", "n", 2},
        {"*", "nvars", 2},
        {"*", "nop", 2},
        {"*", "nin", 2},
        {"*", "nkey", 1},
        {"*", "nkth", 1},
        {"*", "nidx", 1},
        {"*", "nreps", 1},
        {"*", "nrep", 1},
        {"*", "naxes", 1},
        {"*", "ns", 1},
        {"nd_index_get", "n", 1},
        {"nd_tensorinv", "ind", 1},
        {"nd_tensorsolve", "naxes", 0},
        {"nd_index_set", "n", 1},
        /* sizes and positions valid for a 3x3 array */
        {"*", "ndim", 2},
        {"*", "axis", 0},
        {"nd_error_set", "s", ND_OK}, /* clears: the one status that is a success */
        {"nd_fp_raise", "flags", 0},
        {"nd_slice_at", "start", 0},
        {"nd_slice_at", "stop", 2},
        {"nd_slice_at", "step", 1},
        {"*", "axis0", 0},
        {"*", "axis1", 0},
        {"*", "axis2", 1},
        {"*", "source", 0},
        {"*", "destination", 1},
        {"*", "k", 0},
        {"nd_rot90", "k", 1},
        {"nd_rot90", "axis1", 1},
        {"nd_squeeze", "axis", ND_AXIS_ALL},
        {"*", "v", 7},
        {"*", "offset", 0},
        {"*", "sections", 3},
        {"*", "ddof", 0},
        {"*", "decimals", 1},
        {"*", "shift", 1},
        {"*", "minlength", 0},
        {"*", "bins", 3},
        {"*", "pop_size", 3},
        {"*", "num", 5},
        /* creation and random */
        {"nd_eye", "n", 3},
        {"nd_eye", "m", -1},
        {"nd_identity", "n", 3},
        {"nd_permutation", "n", 3},
        {"nd_binomial", "n", 10},
        {"nd_hypergeometric", "ngood", 5},
        {"nd_hypergeometric", "nbad", 5},
        {"nd_hypergeometric", "nsample", 3},
        {"nd_bytes", "length", 8},
        {"*", "low", 0},
        {"*", "high", 10},
        {"*", "seed", 1},
        {"*", "jumps", 1},
        {"*", "delta", 1},
        {"nd_set_num_threads", "n", 1},
        {"nd_npz_set_limit", "max_bytes", (int64_t)1 << 30},
        /* enums */
        {"*", "t", ND_FLOAT64},
        {"nd_integers", "t", ND_INT64},
        {"nd_result_type", "a", ND_INT32},
        {"nd_result_type", "b", ND_FLOAT32},
        {"*", "from", ND_INT32},
        {"*", "to", ND_FLOAT64},
        {"*", "op", ND_OP_ADD},
        {"*", "casting", ND_CAST_SAME_KIND},
        {"*", "order", ND_ORDER_C},
        {"nd_pad", "mode", ND_PAD_EDGE},
        {"nd_qr", "mode", ND_QR_REDUCED},
        {"nd_fp_set_mode", "mode", ND_FP_IGNORE},
        {"nd_status_name", "s", ND_ERR_VALUE},
        {"nd_rng_new_bitgen", "kind", ND_BITGEN_MT19937},
        {"nd_rng_save", "cap", 4096},
        {"nd_random_a", "method", ND_RV_NORMAL},
        {"nd_random_a", "nparams", 2},
        {"nd_integers_a", "t", ND_INT64},
        {"nd_multivariate_hypergeometric", "nsample", 1},
        /* signal.h, poly.h */
        {"nd_gradient", "nspacing", 0},
        {"*", "edge_order", 1},
        {"*", "axisa", -1},
        {"*", "axisb", -1},
        {"*", "axisc", -1},
        {"*", "M", 5},
        {"*", "m", 1},
        {"*", "deg", 1},
        {"nd_polynomial_pow", "pow", 3},
        {"nd_polynomial_pow", "maxpower", 16},
        {"nd_delete_slice", "start", 0},
        {"nd_delete_slice", "stop", 1},
        {"nd_delete_slice", "step", 1},
        {"nd_insert_slice", "start", 0},
        {"nd_insert_slice", "stop", 1},
        {"nd_insert_slice", "step", 1},
        {"*", "nk", 0},
        {"nd_vander", "N", -1},
        {"*", "increasing", 0},
        {"*", "cov", ND_POLYFIT_COV_NONE},
        {"*", "f", ND_POLY_CHEBYSHEV},
        {"*", "method", ND_Q_LINEAR},
        {"*", "rule", ND_BINS_AUTO},
        {"nd_histogram2d", "nx", 3},
        {"nd_histogram2d", "ny", 2},
        /* helpers.h */
        {"nd_ravel_multi_index", "mode", ND_INDEX_RAISE},
        {"nd_require", "flags", ND_REQ_C | ND_REQ_WRITEABLE},
        /* select.h */
        {"nd_choose", "mode", ND_CHOOSE_RAISE},
        {"nd_piecewise", "ncond", 2},
        {"nd_piecewise", "nfunc", 2},
        {"nd_unpackbits", "count", ND_UNPACK_ALL},
        {"nd_shares_memory", "max_work", -1},
        {"nd_binary_repr", "num", -5},
        {"nd_binary_repr", "width", 8},
        {"nd_base_repr", "num", 35},
        {"nd_base_repr", "base", 36},
        {"nd_base_repr", "padding", 2},
        {"nd_issctype", "code", ND_FLOAT64},
        {"nd_issubdtype", "arg1", ND_FLOAT32},
        {"nd_issubdtype", "arg2", ND_FLOATING},
        {"nd_maximum_sctype", "code", ND_INT8},
        {"nd_obj2sctype", "deflt", ND_FLOAT64},
        {"nd_lu_solve", "trans", 0},
        {"nd_find_common_type", "na", 2},
        {"nd_find_common_type", "ns", 1},
        {"nd_ufunc_reduce_full", "dtype", ND_NUM_DTYPES},
        {"nd_mean_full", "dtype", ND_FLOAT64},
    };
    if (!strcmp(P, "len")) return (int64_t)last_len;
    int i = LOOKUP(table, F, P);
    if (i >= 0) return table[i].v;
    ck_abort_msg("no valid integer for %s's %s: add one to tests/test_api.c", F, P);
    return 0;
}

double fx_double(const char *F, const char *P) {
    static const struct {
        const char *f, *p;
        double v;
    } table[] = {
        {"*", "value", 1},
        {"*", "v", 1},
        {"*", "rtol", 1e-5},
        {"*", "atol", 1e-8},
        {"*", "start", 0},
        {"*", "stop", 3},
        {"*", "step", 1},
        {"*", "low", 0},
        {"*", "high", 1},
        {"*", "scale", 1},
        {"*", "loc", 0},
        {"*", "p", 0.5},
        {"*", "lam", 1},
        {"*", "a", 2},
        {"*", "b", 2},
        {"*", "shape_k", 1},
        {"*", "rcond", 1e-15},
        {"*", "tol", NAN},
        {"*", "d", 1},
        {"*", "off", 0},
        /* the univariate distributions (issue 27) */
        {"*", "df", 3},
        {"*", "dfnum", 3},
        {"*", "dfden", 5},
        {"*", "mean", 1},
        {"*", "sigma", 1},
        {"nd_negative_binomial", "n", 3},
        {"*", "nonc", 1},
        {"*", "left", 0},
        {"*", "mode", 1},
        {"*", "right", 2},
        {"*", "mu", 0},
        {"*", "kappa", 1},
        {"nd_multivariate_normal", "tol", 1e-8},
        {"*", "dx", 1},
        {"*", "period", 6.283185307179586},
        {"*", "discont", NAN},
        {"*", "beta", 14},
        {"*", "scl", 1},
        {"*", "lbnd", 0},
        {"*", "rcond", 1e-15},
        {"*", "tol", NAN},
        {"*", "d", 1},
        {"nd_nan_to_num", "nan", 0},
        {"*", "base", 10},
        {"nd_geomspace", "start", 1}, /* a geometric sequence cannot include zero */
    };
    int i = LOOKUP(table, F, P);
    if (i >= 0) return table[i].v;
    ck_abort_msg("no valid double for %s's %s: add one to tests/test_api.c", F, P);
    return 0;
}

bool fx_bool(const char *F, const char *P) {
    /* 9 draws from a population of 3 need replacement */
    return !strcmp(F, "nd_choice") && !strcmp(P, "replace");
}

/* ---- the checks ---- */

static char current[256]; /* the case running, for the crash handler */

static void describe(const api_case *c) {
    snprintf(current, sizeof current, "%s(%s)", api_fns[c->fn].name,
             c->kind == API_VALID ? "valid arguments" : c->what);
}

void api_before(const api_case *c) {
    (void)c;
    nd_clear_error();
}

void api_after(const api_case *c, bool failed, bool tells) {
    nd_status st = nd_last_error();
    const char *msg = nd_last_error_message();
    if (!tells) failed = st != ND_OK;
    switch (c->kind) {
    case API_VALID:
    case API_NULL_OK:
        ck_assert_msg(!failed && st == ND_OK, "%s: expected success, got %s: %s", current,
                      nd_status_name(st), msg);
        break;
    case API_NULL:
        ck_assert_msg(failed && st == ND_ERR_NULL && strstr(msg, "NULL"),
                      "%s: expected ND_ERR_NULL (\"... is NULL\"), got %s (return %s): \"%s\"",
                      current, nd_status_name(st), failed ? "failure" : "success", msg);
        break;
    case API_INT:
        if (failed || st != ND_OK)
            ck_assert_msg(failed && st != ND_OK && msg[0],
                          "%s: return and last error disagree: return %s, %s: \"%s\"", current,
                          failed ? "failure" : "success", nd_status_name(st), msg);
        break;
    }
}

#if defined(__SANITIZE_ADDRESS__)
#define API_OWN_HANDLER 0 /* ASan's report names the case's function */
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define API_OWN_HANDLER 0
#endif
#endif
#ifndef API_OWN_HANDLER
#define API_OWN_HANDLER 1
#endif

static void on_crash(int sig) {
    static const char pre[] = "crashed in ";
    ssize_t w = write(2, pre, sizeof pre - 1);
    w = write(2, current, strlen(current));
    w = write(2, "\n", 1);
    (void)w;
    signal(sig, SIG_DFL);
    raise(sig);
}

/* One function's cases, one after another (a forked child per function:
   a child per case costs minutes under ASan, most of it in LeakSanitizer's
   exit scan); the first failure stops the function's remaining cases. */
START_TEST(api_function_runs_clean) {
    if (API_OWN_HANDLER) {
        signal(SIGSEGV, on_crash);
        signal(SIGBUS, on_crash);
        signal(SIGFPE, on_crash);
        signal(SIGABRT, on_crash);
    }
    for (int i = 0; i < api_ncases; i++) {
        const api_case *c = &api_cases[i];
        if (c->fn != _i) continue;
        describe(c);
        /* The FFT keeps plans in a process-wide cache (src/fft/plan.c): a
           first call warms it, and the second, counted, must leave nothing
           (a leak leaks on every call). */
        if (strstr(api_fns[c->fn].name, "fft")) api_fns[c->fn].call(c);
        long live = nd_debug_live_allocs();
        api_fns[c->fn].call(c);
        ck_assert_msg(nd_debug_live_allocs() == live, "%s: %ld nd allocations left", current,
                      nd_debug_live_allocs() - live);
    }
}
END_TEST

int main(int argc, char **argv) {
    if (argc > 1 && !strcmp(argv[1], "--list")) { /* every case, by function number */
        for (int i = 0; i < api_ncases; i++) {
            describe(&api_cases[i]);
            printf("%d %s\n", api_cases[i].fn, current);
        }
        return 0;
    }
    printf("API sweep: %s, %d cases\n", api_stats, api_ncases);
    Suite *s = suite_create("api");
    TCase *tc = tcase_create("api");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, api_function_runs_clean, 0, api_nfns);
    suite_add_tcase(s, tc);
    return nd_test_run_in_tmpdir(s, api_dir, sizeof api_dir, "api");
}
