/* The generator object and the array-filling front ends of NumPy's
   Generator methods. */
#include <math.h>
#include <string.h>

#include "copy/copy.h"
#include "nd/manip.h"
#include "nd/view.h"
#include "random/broadcast.h"
#include "random/distributions.h"
#include "random/fill.h"

/* ---- construction ---- */

/* NumPy's _int_to_uint32_array: the seed's 32-bit words, low first. */
static int seed_words(uint64_t seed, uint32_t *w) {
    w[0] = (uint32_t)seed;
    if (seed >> 32) return w[1] = (uint32_t)(seed >> 32), 2;
    return 1;
}

static nd_rng *make(const char *func, const uint32_t *entropy, int nentropy, int nkey,
                    const uint32_t *key, nd_bitgen_kind kind) {
    if (nkey > 0 && !key) return nd__null_arg(func, "key"), NULL;
    if (nkey < 0 || nkey > ND_SEED_MAX_WORDS - 2)
        return nd__error(ND_ERR_VALUE, func, "spawn key of %d words (at most %d)", nkey,
                         ND_SEED_MAX_WORDS - 2),
               NULL;
    nd_rng *g = nd__malloc(sizeof *g);
    if (!g) return nd__nomem(func, sizeof *g), NULL;
    memset(g, 0, sizeof *g);
    nd__seedseq_init(&g->seq, nentropy, entropy, nkey, key);
    nd__rng_seed(g, kind);
    return g;
}

nd_rng *nd_rng_new_key(uint64_t seed, int nkey, const uint32_t *key, bool philox) {
    uint32_t w[2];
    int n = seed_words(seed, w);
    return make("nd_rng_new_key", w, n, nkey, key, philox ? ND_BITGEN_PHILOX : ND_BITGEN_PCG64);
}
nd_rng *nd_rng_new(uint64_t seed) { return nd_rng_new_key(seed, 0, NULL, false); }
nd_rng *nd_rng_new_philox(uint64_t seed) { return nd_rng_new_key(seed, 0, NULL, true); }
nd_rng *nd_rng_new_bitgen(nd_bitgen kind, uint64_t seed) {
    if ((unsigned)kind >= ND_BITGEN_COUNT)
        return nd__error(ND_ERR_VALUE, "nd_rng_new_bitgen", "unknown bit generator %d", (int)kind),
               NULL;
    uint32_t w[2];
    int n = seed_words(seed, w);
    return make("nd_rng_new_bitgen", w, n, 0, NULL, kind);
}

int nd_rng_spawn(nd_rng *g, int n, nd_rng **children) { /* reads only the seed sequence */
    static const char *func = "nd_rng_spawn";
    if (!g || !children) return nd__null_arg(func, g ? "children" : "g");
    if (n < 0) return nd__error(ND_ERR_VALUE, func, "n_children must be non-negative");
    const nd_seedseq *s = &g->seq;
    uint32_t key[ND_SEED_MAX_WORDS];
    memcpy(key, s->key, sizeof(uint32_t) * (size_t)s->nkey);
    for (int i = 0; i < n; i++) {
        key[s->nkey] = s->spawned + (uint32_t)i;
        children[i] = make(func, s->entropy, s->nentropy, s->nkey + 1, key, g->kind);
        if (!children[i]) {
            while (i-- > 0) nd_rng_free(children[i]), children[i] = NULL;
            return nd_last_error();
        }
    }
    g->seq.spawned += (uint32_t)n;
    return ND_OK;
}

void nd_rng_free(nd_rng *g) { nd__free(g); }

/* ---- filling arrays ---- */

/* The result: out (checked: writeable, dtype t) or a new array. */
static nd_array *result(const char *func, nd_rng *g, nd_dtype t, int ndim, const int64_t *shape,
                        nd_array *out) {
    if (!g) return nd__null_arg(func, "g"), NULL;
    if (out) {
        if (nd__check_writeable(func, out)) return NULL;
        if (out->dtype != t)
            return nd__error(ND_ERR_DTYPE, func, "out has dtype %s, the result is %s",
                             nd_dtype_name(out->dtype), nd_dtype_name(t)),
                   NULL;
        return out;
    }
    if (ndim > 0 && ndim <= ND_MAX_DIMS && !shape) return nd__null_arg(func, "shape"), NULL;
    if (ndim < 0 || ndim > ND_MAX_DIMS)
        return nd__error(ND_ERR_VALUE, func, "bad shape (ndim %d)", ndim), NULL;
    return nd__alloc(func, t, ndim, shape, ND_ORDER_C, false);
}

/* Values are drawn in C order; a non-contiguous out gets them through a
   contiguous buffer. */
/* Draws n values into p; par: the distribution's parameters. */
typedef void (*fill_fn)(nd_rng *g, const void *par, int64_t n, char *p);

static nd_array *fill(const char *func, nd_rng *g, nd_dtype t, int ndim, const int64_t *shape,
                      nd_array *out, fill_fn f, const void *par) {
    nd_array *r = result(func, g, t, ndim, shape, out);
    if (!r) return NULL;
    nd_array *dst =
        nd_is_c_contiguous(r) ? r : nd__alloc(func, t, r->ndim, r->shape, ND_ORDER_C, false);
    if (!dst) return NULL;
    f(g, par, nd_size(dst), dst->data);
    nd__settle(g);
    if (dst == r) return r;
    nd_status st = nd__copy_into(func, r, dst);
    nd_release(dst);
    return st ? NULL : r;
}

static void f_random(nd_rng *g, const void *par, int64_t n, char *p) {
    (void)par;
    nd__fill_doubles(g, n, (double *)(void *)p);
}
static void f_random32(nd_rng *g, const void *par, int64_t n, char *p) {
    (void)par;
    float *o = (float *)(void *)p;
    for (int64_t i = 0; i < n; i++) o[i] = nd__next_float(g);
}
static void f_uniform(nd_rng *g, const void *ctx, int64_t n, char *p) {
    const double *par = ctx;
    double *o = (double *)(void *)p, low = par[0], range = par[1];
    for (int64_t i = 0; i < n; i++) o[i] = low + range * nd__next_double(g);
}
static void f_normal(nd_rng *g, const void *ctx, int64_t n, char *p) {
    const double *par = ctx;
    double *o = (double *)(void *)p;
    if (!par) {
        nd__std_normals(g, n, o);
        return;
    }
    /* loc + scale * z a block at a time, while the block is in cache */
    for (int64_t i = 0; i < n; i += 4096) {
        int64_t m = n - i < 4096 ? n - i : 4096;
        nd__std_normals(g, m, o + i);
        for (int64_t k = i; k < i + m; k++) o[k] = par[0] + par[1] * o[k];
    }
}
static void f_exponential(nd_rng *g, const void *ctx, int64_t n, char *p) {
    const double *par = ctx;
    double *o = (double *)(void *)p;
    if (!par)
        for (int64_t i = 0; i < n; i++) o[i] = nd__std_exponential(g);
    else
        for (int64_t i = 0; i < n; i++) o[i] = par[0] * nd__std_exponential(g);
}
static void f_gamma(nd_rng *g, const void *ctx, int64_t n, char *p) {
    const double *par = ctx;
    double *o = (double *)(void *)p;
    for (int64_t i = 0; i < n; i++) o[i] = par[1] * nd__std_gamma(g, par[0]);
}
static void f_beta(nd_rng *g, const void *ctx, int64_t n, char *p) {
    const double *par = ctx;
    double *o = (double *)(void *)p;
    for (int64_t i = 0; i < n; i++) o[i] = nd__beta(g, par[0], par[1]);
}
static void f_binomial(nd_rng *g, const void *ctx, int64_t n, char *p) {
    const double *par = ctx;
    int64_t *o = (int64_t *)(void *)p, trials = (int64_t)par[0];
    for (int64_t i = 0; i < n; i++) o[i] = nd__binomial(g, par[1], trials);
}
static void f_poisson(nd_rng *g, const void *ctx, int64_t n, char *p) {
    const double *par = ctx;
    int64_t *o = (int64_t *)(void *)p;
    for (int64_t i = 0; i < n; i++) o[i] = nd__poisson(g, par[0]);
}

nd_array *nd_random(nd_rng *g, int ndim, const int64_t *shape, nd_array *out) {
    bool f32 = out && out->dtype == ND_FLOAT32;
    return fill("nd_random", g, f32 ? ND_FLOAT32 : ND_FLOAT64, ndim, shape, out,
                f32 ? f_random32 : f_random, NULL);
}

/* broadcast.c's checks of method (NumPy's, with its scalar messages) on
   two float64 parameters */
static nd_status check2(const char *func, const char *method, double a, double b) {
    const nd__rv_val v[2] = {{.d = a}, {.d = b}};
    return nd__rv_check(func, method, v);
}

nd_array *nd_uniform(nd_rng *g, double low, double high, int ndim, const int64_t *shape,
                     nd_array *out) {
    if (check2("nd_uniform", "uniform", low, high)) return NULL;
    double par[2] = {low, high - low};
    return fill("nd_uniform", g, ND_FLOAT64, ndim, shape, out, f_uniform, par);
}

nd_array *nd_standard_normal(nd_rng *g, int ndim, const int64_t *shape, nd_array *out) {
    return fill("nd_standard_normal", g, ND_FLOAT64, ndim, shape, out, f_normal, NULL);
}

nd_array *nd_normal(nd_rng *g, double loc, double scale, int ndim, const int64_t *shape,
                    nd_array *out) {
    if (check2("nd_normal", "normal", loc, scale)) return NULL;
    double par[2] = {loc, scale};
    return fill("nd_normal", g, ND_FLOAT64, ndim, shape, out, f_normal, par);
}

nd_array *nd_standard_exponential(nd_rng *g, int ndim, const int64_t *shape, nd_array *out) {
    return fill("nd_standard_exponential", g, ND_FLOAT64, ndim, shape, out, f_exponential, NULL);
}

nd_array *nd_exponential(nd_rng *g, double scale, int ndim, const int64_t *shape, nd_array *out) {
    if (check2("nd_exponential", "exponential", scale, 0)) return NULL;
    return fill("nd_exponential", g, ND_FLOAT64, ndim, shape, out, f_exponential, &scale);
}

nd_array *nd_gamma(nd_rng *g, double shape_k, double scale, int ndim, const int64_t *shape,
                   nd_array *out) {
    if (check2("nd_gamma", "gamma", shape_k, scale)) return NULL;
    double par[2] = {shape_k, scale};
    return fill("nd_gamma", g, ND_FLOAT64, ndim, shape, out, f_gamma, par);
}

nd_array *nd_beta(nd_rng *g, double a, double b, int ndim, const int64_t *shape, nd_array *out) {
    if (check2("nd_beta", "beta", a, b)) return NULL;
    double par[2] = {a, b};
    return fill("nd_beta", g, ND_FLOAT64, ndim, shape, out, f_beta, par);
}

nd_array *nd_binomial(nd_rng *g, int64_t n, double p, int ndim, const int64_t *shape,
                      nd_array *out) {
    const nd__rv_val v[2] = {{.i = n}, {.d = p}};
    if (nd__rv_check("nd_binomial", "binomial", v)) return NULL;
    if (n > (INT64_C(1) << 53))
        return nd__error(ND_ERR_VALUE, "nd_binomial", "n above 2**53 is not supported"), NULL;
    double par[2] = {(double)n, p};
    return fill("nd_binomial", g, ND_INT64, ndim, shape, out, f_binomial, par);
}

nd_array *nd_poisson(nd_rng *g, double lam, int ndim, const int64_t *shape, nd_array *out) {
    if (check2("nd_poisson", "poisson", lam, 0)) return NULL;
    return fill("nd_poisson", g, ND_INT64, ndim, shape, out, f_poisson, &lam);
}

/* ---- integers ---- */

typedef struct {
    int width;         /* bytes; 0 for bool */
    uint64_t off, rng; /* values off + [0, rng] */
} bounded;

static void f_integers(nd_rng *g, const void *ctx, int64_t n, char *p) {
    const bounded *b = ctx;
    nd__bounded_fill(g, b->width, b->off, b->rng, n, p);
}

nd_array *nd_integers(nd_rng *g, int64_t low, int64_t high, bool endpoint, nd_dtype t, int ndim,
                      const int64_t *shape, nd_array *out) {
    static const char *func = "nd_integers";
    if (!nd__is_int(t) && !nd__is_bool(t))
        return nd__error(ND_ERR_DTYPE, func, "Unsupported dtype dtype('%s') for integers",
                         nd_dtype_name(t)),
               NULL;
    /* [lo, hi] closed, in the dtype's range */
    __int128 lo = low, hi = (__int128)high - (endpoint ? 0 : 1), tmin, tmax;
    int bits = nd__is_bool(t) ? 1 : 8 * (int)nd__itemsize(t);
    if (nd__is_bool(t))
        tmin = 0, tmax = 1;
    else if (nd__is_signed(t))
        tmin = -((__int128)1 << (bits - 1)), tmax = ((__int128)1 << (bits - 1)) - 1;
    else
        tmin = 0, tmax = ((__int128)1 << bits) - 1;
    const char *name = nd_dtype_name(t);
    if (lo < tmin) return nd__error(ND_ERR_VALUE, func, "low is out of bounds for %s", name), NULL;
    if (hi > tmax) return nd__error(ND_ERR_VALUE, func, "high is out of bounds for %s", name), NULL;
    if (lo > hi)
        return nd__error(ND_ERR_VALUE, func, "%s",
                         endpoint   ? "low > high"
                         : low == 0 ? "high <= 0"
                                    : "low >= high"),
               NULL;
    bounded b = {nd__is_bool(t) ? 0 : (int)nd__itemsize(t), (uint64_t)lo, (uint64_t)(hi - lo)};
    return fill(func, g, t, ndim, shape, out, f_integers, &b);
}

/* ---- shuffle, permutation, choice ---- */

/* NumPy's _shuffle_raw: Fisher-Yates from the end with random_interval. */
static void shuffle_raw(nd_rng *g, int64_t n, int64_t first, size_t itemsize, int64_t stride,
                        char *data) {
    char buf[64];
    for (int64_t i = n - 1; i >= first; i--) {
        int64_t j = (int64_t)nd__interval(g, (uint64_t)i);
        memcpy(buf, data + j * stride, itemsize);
        memcpy(data + j * stride, data + i * stride, itemsize);
        memcpy(data + i * stride, buf, itemsize);
    }
}

/* NumPy's _shuffle_int: the same with bounded draws (choice's tail). */
static void shuffle_int(nd_rng *g, int64_t n, int64_t first, int64_t *data) {
    for (int64_t i = n - 1; i >= first; i--) {
        int64_t j = (int64_t)nd__bounded64(g, 0, (uint64_t)i), t = data[i];
        data[i] = data[j], data[j] = t;
    }
}

int nd_shuffle(nd_rng *g, nd_array *x, int axis) {
    static const char *func = "nd_shuffle";
    if (!g || !x) return nd__null_arg(func, g ? "x" : "g");
    if (nd__check_writeable(func, x)) return nd_last_error();
    int ax;
    if (nd__normalize_axis(func, axis, x->ndim, &ax)) return nd_last_error();
    int64_t n = x->shape[ax];
    if (x->ndim == 1) {
        if (n > 0) shuffle_raw(g, n, 1, nd__itemsize(x->dtype), x->strides[0], x->data);
        nd__settle(g);
        return ND_OK;
    }
    if (nd_size(x) == 0) return ND_OK;
    /* subarrays along axis swapped whole, through a buffer, as NumPy's
       ndarray path (which skips i == j) */
    nd_array *v = nd_swapaxes(x, 0, ax);
    if (!v) return nd_last_error();
    nd_status st = ND_OK;
    for (int64_t i = n - 1; i >= 1 && !st; i--) {
        int64_t j = (int64_t)nd__interval(g, (uint64_t)i);
        if (i == j) continue;
        char si[32], sj[32];
        snprintf(si, sizeof si, "%lld", (long long)i);
        snprintf(sj, sizeof sj, "%lld", (long long)j);
        nd_array *a = nd_slice(v, si), *b = nd_slice(v, sj), *tmp = a ? nd_copy(a) : NULL;
        if (!tmp || !b)
            st = nd_last_error();
        else if (!(st = nd__copy_into(func, a, b)))
            st = nd__copy_into(func, b, tmp);
        nd_release(a), nd_release(b), nd_release(tmp);
    }
    nd_release(v);
    nd__settle(g);
    return st;
}

nd_array *nd_permutation(nd_rng *g, int64_t n) {
    if (!g) return nd__null_arg("nd_permutation", "g"), NULL;
    if (n < 0) n = 0; /* np.arange(n) of a negative n is empty */
    nd_array *r = nd__alloc("nd_permutation", ND_INT64, 1, &n, ND_ORDER_C, false);
    if (!r) return NULL;
    int64_t *p = (int64_t *)(void *)r->data;
    for (int64_t i = 0; i < n; i++) p[i] = i;
    if (n > 0) shuffle_raw(g, n, 1, 8, 8, r->data);
    nd__settle(g);
    return r;
}

nd_array *nd_permuted_copy(nd_rng *g, const nd_array *x, int axis) {
    static const char *func = "nd_permuted_copy";
    if (!g || !x) return nd__null_arg(func, g ? "x" : "g"), NULL;
    int ax;
    if (nd__normalize_axis(func, axis, x->ndim, &ax)) return NULL;
    if (x->ndim == 1) {
        nd_array *c = nd_copy(x);
        if (c && nd_shuffle(g, c, 0)) nd_release(c), c = NULL;
        return c;
    }
    nd_array *idx = nd_permutation(g, x->shape[ax]), *r = idx ? nd_take(x, idx, ax, NULL) : NULL;
    nd_release(idx);
    return r;
}

/* Floyd's sampling without replacement with NumPy's open-addressing set. */
static nd_status floyd(const char *func, nd_rng *g, int64_t pop, int64_t size, int64_t *idx) {
    uint64_t set_size = (uint64_t)(1.2 * (double)size), mask = set_size;
    for (int s = 1; s < 64; s <<= 1) mask |= mask >> s;
    set_size = mask + 1;
    uint64_t *set = nd__malloc(sizeof(uint64_t) * (size_t)set_size);
    if (!set) return nd__nomem(func, sizeof(uint64_t) * (size_t)set_size);
    memset(set, 0xff, sizeof(uint64_t) * (size_t)set_size);
    for (int64_t j = pop - size; j < pop; j++) {
        uint64_t val = nd__bounded64(g, 0, (uint64_t)j), loc = val & mask;
        while (set[loc] != UINT64_MAX && set[loc] != val) loc = (loc + 1) & mask;
        if (set[loc] == UINT64_MAX) {
            set[loc] = val;
            idx[j - pop + size] = (int64_t)val;
        } else {
            loc = (uint64_t)j & mask;
            while (set[loc] != UINT64_MAX) loc = (loc + 1) & mask;
            set[loc] = (uint64_t)j;
            idx[j - pop + size] = j;
        }
    }
    nd__free(set);
    return ND_OK;
}

/* cdf = cumsum(p) / its last element, NumPy's running sum. */
static void make_cdf(const double *p, int64_t pop, double *cdf) {
    double acc = 0;
    for (int64_t i = 0; i < pop; i++) cdf[i] = acc += p[i];
    for (int64_t i = 0; i < pop; i++) cdf[i] /= acc;
}

/* The first i with u < cdf[i] (searchsorted side='right'). */
static int64_t cdf_index(const double *cdf, int64_t pop, double u) {
    int64_t lo = 0, hi = pop;
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if (cdf[mid] <= u)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* NumPy's kahan_sum, used to check that p sums to 1. */
static double kahan_sum(const double *x, int64_t n) {
    double sum = x[0], c = 0.0;
    for (int64_t i = 1; i < n; i++) {
        double y = x[i] - c, t = sum + y;
        c = (t - sum) - y;
        sum = t;
    }
    return sum;
}

/* p as float64 after NumPy's checks, or NULL with the error set. */
static nd_array *check_p(const char *func, const nd_array *p, int64_t pop) {
    if (p->ndim != 1) return nd__error(ND_ERR_VALUE, func, "p must be 1-dimensional"), NULL;
    if (p->shape[0] != pop)
        return nd__error(ND_ERR_VALUE, func, "a and p must have same size"), NULL;
    nd_array *pf = nd_astype(p, ND_FLOAT64), *pc = pf ? nd_copy(pf) : NULL;
    nd_release(pf);
    if (!pc) return NULL;
    const double *v = (const double *)(void *)pc->data;
    double atol = 1.4901161193847656e-08;                      /* sqrt(float64 eps) */
    if (p->dtype == ND_FLOAT32) atol = 3.4526698300124393e-04; /* sqrt(float32 eps) */
    if (p->dtype == ND_FLOAT16) atol = 3.125e-02;
    const char *msg = NULL;
    double sum = pop ? kahan_sum(v, pop) : 0;
    if (isnan(sum)) msg = "probabilities contain NaN";
    for (int64_t i = 0; i < pop && !msg; i++)
        if (v[i] < 0) msg = "probabilities are not non-negative";
    if (!msg && fabs(sum - 1.) > atol) msg = "probabilities do not sum to 1";
    if (msg) return nd_release(pc), nd__error(ND_ERR_VALUE, func, "%s", msg), NULL;
    return pc;
}

/* Without replacement, with weights: draw, drop repeats (keeping first
   appearances), zero the chosen weights, draw again for the rest. */
static nd_status weighted_unique(const char *func, nd_rng *g, double *p, int64_t pop, int64_t size,
                                 int64_t *found) {
    int64_t nz = 0;
    for (int64_t i = 0; i < pop; i++) nz += p[i] > 0;
    if (nz < size) return nd__error(ND_ERR_VALUE, func, "Fewer non-zero entries in p than size");
    double *cdf = nd__malloc(sizeof(double) * (size_t)(pop + 1) + sizeof(double) * (size_t)size);
    bool *seen = nd__calloc((size_t)pop + 1, 1);
    if (!cdf || !seen) return nd__free(cdf), nd__free(seen), nd__nomem(func, (size_t)pop * 9);
    double *x = cdf + pop + 1;
    for (int64_t n_uniq = 0; n_uniq < size;) {
        int64_t want = size - n_uniq;
        for (int64_t k = 0; k < want; k++) x[k] = nd__next_double(g);
        for (int64_t k = 0; k < n_uniq; k++) p[found[k]] = 0;
        make_cdf(p, pop, cdf);
        memset(seen, 0, (size_t)pop + 1);
        for (int64_t k = 0; k < want; k++) {
            int64_t v = cdf_index(cdf, pop, x[k]);
            if (!seen[v]) seen[v] = true, found[n_uniq++] = v;
        }
    }
    nd__free(cdf), nd__free(seen);
    return ND_OK;
}

/* The sampled indices of nd_choice. */
static nd_status choice_indices(const char *func, nd_rng *g, int64_t pop, int64_t size,
                                bool replace, const nd_array *p, int64_t *idx) {
    nd_array *pc = NULL;
    if (p && !(pc = check_p(func, p, pop))) return nd_last_error();
    double *pv = pc ? (double *)(void *)pc->data : NULL;
    nd_status st = ND_OK;
    if (replace && pv) {
        double *cdf = nd__malloc(sizeof(double) * (size_t)(pop + 1));
        if (!cdf)
            st = nd__nomem(func, sizeof(double) * (size_t)pop);
        else {
            make_cdf(pv, pop, cdf);
            double *u = (double *)(void *)idx; /* the uniforms first, as random(shape) */
            for (int64_t k = 0; k < size; k++) u[k] = nd__next_double(g);
            for (int64_t k = 0; k < size; k++) idx[k] = cdf_index(cdf, pop, u[k]);
            nd__free(cdf);
        }
    } else if (replace) {
        nd__bounded_fill(g, 8, 0, (uint64_t)(pop - 1), size, idx);
    } else if (size > pop) {
        st = nd__error(ND_ERR_VALUE, func,
                       "Cannot take a larger sample than population when replace is False");
    } else if (pv) {
        st = weighted_unique(func, g, pv, pop, size, idx);
    } else if (pop > 10000 && size > pop / 50) { /* shuffle the tail of arange(pop) */
        int64_t *all = nd__malloc(sizeof(int64_t) * (size_t)pop);
        if (!all)
            st = nd__nomem(func, sizeof(int64_t) * (size_t)pop);
        else {
            for (int64_t i = 0; i < pop; i++) all[i] = i;
            shuffle_int(g, pop, pop - size > 1 ? pop - size : 1, all);
            memcpy(idx, all + (pop - size), sizeof(int64_t) * (size_t)size);
            nd__free(all);
        }
    } else if (size > 0) {
        if (!(st = floyd(func, g, pop, size, idx))) shuffle_int(g, size, 1, idx);
    }
    nd_release(pc);
    return st;
}

nd_array *nd_choice(nd_rng *g, const nd_array *a, int64_t pop_size, int ndim, const int64_t *shape,
                    bool replace, const nd_array *p) {
    static const char *func = "nd_choice";
    if (!g) return nd__null_arg(func, "g"), NULL;
    if (a && a->ndim == 0)
        return nd__error(ND_ERR_VALUE, func, "a must be 1-dimensional or an integer"), NULL;
    int64_t pop = a ? a->shape[0] : pop_size;
    nd_array *r = result(func, g, ND_INT64, ndim, shape, NULL);
    if (!r) return NULL;
    int64_t size = nd_size(r);
    nd_status st = ND_OK;
    if (size != 0 && pop <= 0)
        st = nd__error(ND_ERR_VALUE, func,
                       a ? "a cannot be empty unless no samples are taken"
                         : "a must be a positive integer unless no samples are taken");
    else if (size != 0 || p)
        st = choice_indices(func, g, pop, size, replace, p, (int64_t *)(void *)r->data);
    nd__settle(g);
    if (st) return nd_release(r), NULL;
    if (!a) return r;
    nd_array *t = nd_take(a, r, 0, NULL);
    nd_release(r);
    return t;
}

nd_array *nd__rng_fill(const char *func, nd_rng *g, nd_dtype t, int ndim, const int64_t *shape,
                       nd_array *out, nd_rng_fill_fn f, const void *par) {
    return fill(func, g, t, ndim, shape, out, f, par);
}
