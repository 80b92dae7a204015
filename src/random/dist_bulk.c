/* Bulk fills of the distributions whose common case reads a fixed number
   of raw words: elements are computed straight from the drawn-ahead batch
   while each takes its common case (the normal ziggurat's fast path,
   Marsaglia and Tsang's squeeze), without a call or a batch check per
   draw and with selects for NumPy's data-dependent choices; the first
   element that does not is drawn by the scalar sampler from the same
   words. Each element
   reads the words the scalar sampler would, in the same order, and does
   the same floating-point operations (division and sqrt are correctly
   rounded, vector or not), so the stream stays NumPy's bit for bit. */
#include <math.h>
#include <string.h>

#include "random/dist_bulk.h"
#include "random/dist_continuous.h"
#include "random/dist_discrete.h"
#include "random/ziggurat.h"

/* the standard normal of one word when its fast path takes it */
static inline bool normal_of(uint64_t r, double *x) {
    nd__zig_draw d = nd__zig_of(r);
    *x = d.x;
    return d.rabs < nd__zig_ki_double[d.idx];
}
/* next_double of one word (every generator but MT19937) */
static inline double double_of(uint64_t r) {
    return (double)(r >> 11) * (1.0 / 9007199254740992.0);
}

/* Marsaglia and Tsang's gamma (shape > 1) from two words (a normal and a
   uniform) when the normal takes the fast path, v > 0 and the squeeze
   accepts: nd__std_gamma's first pass. */
typedef struct {
    double b, c; /* shape - 1/3 and 1 / sqrt(9 b), as nd__std_gamma has them */
} gamma_k;
static gamma_k gamma_k_of(double shape) {
    double b = shape - 1. / 3.;
    return (gamma_k){b, 1. / sqrt(9 * b)};
}
static inline bool gamma_of(const uint64_t *r, gamma_k k, double *res) {
    double x;
    bool ok = normal_of(r[0], &x);
    double v = 1.0 + k.c * x;
    ok &= v > 0.0;
    v = v * v * v;
    double u = double_of(r[1]);
    ok &= u < 1.0 - 0.0331 * (x * x) * (x * x);
    *res = k.b * v;
    return ok;
}

/* A method: `words` raw words an element in the common case; block
   computes up to m elements from raw, stopping at the first that leaves
   it, and returns how many it computed; scalar draws one element the
   general way. */
typedef struct {
    int words;
    int (*block)(const void *par, const uint64_t *raw, int m, double *o);
    double (*scalar)(nd_rng *g, const void *par);
} bulk_method;

static void drive(nd_rng *g, const bulk_method *bm, const void *par, int64_t n, double *o) {
    int64_t i = 0;
    if (g->kind == ND_BITGEN_MT19937) /* 32-bit draws: no batch to read */
        while (i < n) o[i++] = bm->scalar(g, par);
    g->bulk = true; /* a scalar draw across the batch's end refills all of it */
    while (i < n) {
        if (g->pos == g->len) nd__refill_bulk(g);
        int64_t m = (g->len - g->pos) / bm->words;
        if (m > n - i) m = n - i;
        int took = m ? bm->block(par, g->batch + g->pos, (int)m, o + i) : 0;
        g->pos += took * bm->words, i += took;
        /* a miss, or an element across the batch's end */
        if (took < m || m == 0) o[i++] = bm->scalar(g, par);
    }
    g->bulk = false;
}

/* ---- chisquare: 2 gamma(df / 2), df / 2 > 1 ---- */

typedef struct {
    double df;
    gamma_k k;
} chisq_par;

static int chisq_block(const void *par, const uint64_t *raw, int m, double *o) {
    const chisq_par *p = par;
    for (int j = 0; j < m; j++) {
        double x;
        if (!gamma_of(raw + 2 * j, p->k, &x)) return j;
        o[j] = 2.0 * x;
    }
    return m;
}
static double chisq_scalar(nd_rng *g, const void *par) {
    return nd__chisquare(g, ((const chisq_par *)par)->df, 0, 0);
}

bool nd__chisquare_bulk(nd_rng *g, double df, int64_t n, double *o) {
    if (!(df / 2.0 > 1.0)) return false;
    static const bulk_method bm = {2, chisq_block, chisq_scalar};
    chisq_par p = {df, gamma_k_of(df / 2.0)};
    drive(g, &bm, &p, n, o);
    return true;
}

/* ---- f: chisquare(dfnum) dfden / (chisquare(dfden) dfnum), both
   df / 2 > 1 ---- */

typedef struct {
    double dfnum, dfden;
    gamma_k kn, kd;
} f_par;

static int f_block(const void *par, const uint64_t *raw, int m, double *o) {
    const f_par *p = par;
    for (int j = 0; j < m; j++) {
        double gn, gd;
        if (!(gamma_of(raw + 4 * j, p->kn, &gn) && gamma_of(raw + 4 * j + 2, p->kd, &gd))) return j;
        double num = 2.0 * gn * p->dfden;
        o[j] = num / (2.0 * gd * p->dfnum);
    }
    return m;
}
static double f_scalar(nd_rng *g, const void *par) {
    const f_par *p = par;
    return nd__f(g, p->dfnum, p->dfden, 0);
}

bool nd__f_bulk(nd_rng *g, double dfnum, double dfden, int64_t n, double *o) {
    if (!(dfnum / 2.0 > 1.0 && dfden / 2.0 > 1.0)) return false;
    static const bulk_method bm = {4, f_block, f_scalar};
    f_par p = {dfnum, dfden, gamma_k_of(dfnum / 2.0), gamma_k_of(dfden / 2.0)};
    drive(g, &bm, &p, n, o);
    return true;
}

/* ---- standard_t: a normal, then gamma(df / 2), df / 2 > 1 ---- */

static int t_block(const void *par, const uint64_t *raw, int m, double *o) {
    const chisq_par *p = par;
    double h = sqrt(p->df / 2);
    for (int j = 0; j < m; j++) {
        double num, denom;
        if (!(normal_of(raw[3 * j], &num) && gamma_of(raw + 3 * j + 1, p->k, &denom))) return j;
        o[j] = h * num / sqrt(denom);
    }
    return m;
}
static double t_scalar(nd_rng *g, const void *par) {
    return nd__standard_t(g, ((const chisq_par *)par)->df, 0, 0);
}

bool nd__standard_t_bulk(nd_rng *g, double df, int64_t n, double *o) {
    if (!(df / 2 > 1.0)) return false;
    static const bulk_method bm = {3, t_block, t_scalar};
    chisq_par p = {df, gamma_k_of(df / 2)};
    drive(g, &bm, &p, n, o);
    return true;
}

/* ---- wald: a normal and a uniform ---- */

typedef struct {
    double mean, scale, mu_2l;
} wald_par;

static int wald_block(const void *par, const uint64_t *raw, int m, double *o) {
    const wald_par *p = par;
    const double mean = p->mean, scale = p->scale;
    for (int j = 0; j < m; j++) {
        double y;
        if (!normal_of(raw[2 * j], &y)) return j;
        o[j] = nd__wald_yu(y, double_of(raw[2 * j + 1]), mean, scale, p->mu_2l);
    }
    return m;
}
static double wald_scalar(nd_rng *g, const void *par) {
    const wald_par *p = par;
    return nd__wald(g, p->mean, p->scale, 0);
}

void nd__wald_bulk(nd_rng *g, double mean, double scale, int64_t n, double *o) {
    static const bulk_method bm = {2, wald_block, wald_scalar};
    wald_par p = {mean, scale, mean / (2 * scale)};
    drive(g, &bm, &p, n, o);
}

/* ---- gumbel, laplace, logistic: one uniform, redrawn only when their
   log cannot take it; triangular: one uniform ---- */

typedef struct {
    double loc, scale;
    double (*scalar)(nd_rng *g, double loc, double scale, double c);
    nd__tri tri;
} u_par;

static int gumbel_block(const void *par, const uint64_t *raw, int m, double *o) {
    const u_par *p = par;
    for (int j = 0; j < m; j++) {
        double u = 1.0 - double_of(raw[j]);
        if (!(u < 1.0)) return j;
        o[j] = nd__gumbel_u(u, p->loc, p->scale);
    }
    return m;
}
static int laplace_block(const void *par, const uint64_t *raw, int m, double *o) {
    const u_par *p = par;
    for (int j = 0; j < m; j++) {
        double u = double_of(raw[j]);
        if (u == 0.0) return j;
        o[j] = nd__laplace_u(u, p->loc, p->scale);
    }
    return m;
}
static int logistic_block(const void *par, const uint64_t *raw, int m, double *o) {
    const u_par *p = par;
    for (int j = 0; j < m; j++) {
        double u = double_of(raw[j]);
        if (!(u > 0.0)) return j;
        o[j] = nd__logistic_u(u, p->loc, p->scale);
    }
    return m;
}
static int triangular_block(const void *par, const uint64_t *raw, int m, double *o) {
    const u_par *p = par;
    for (int j = 0; j < m; j++) o[j] = nd__triangular_u(double_of(raw[j]), &p->tri);
    return m;
}
static double u_scalar(nd_rng *g, const void *par) {
    const u_par *p = par;
    return p->scalar(g, p->loc, p->scale, 0);
}
static double triangular_scalar(nd_rng *g, const void *par) {
    return nd__triangular_u(nd__next_double(g), &((const u_par *)par)->tri);
}

void nd__gumbel_bulk(nd_rng *g, double loc, double scale, int64_t n, double *o) {
    static const bulk_method bm = {1, gumbel_block, u_scalar};
    u_par p = {.loc = loc, .scale = scale, .scalar = nd__gumbel};
    drive(g, &bm, &p, n, o);
}
void nd__laplace_bulk(nd_rng *g, double loc, double scale, int64_t n, double *o) {
    static const bulk_method bm = {1, laplace_block, u_scalar};
    u_par p = {.loc = loc, .scale = scale, .scalar = nd__laplace};
    drive(g, &bm, &p, n, o);
}
void nd__logistic_bulk(nd_rng *g, double loc, double scale, int64_t n, double *o) {
    static const bulk_method bm = {1, logistic_block, u_scalar};
    u_par p = {.loc = loc, .scale = scale, .scalar = nd__logistic};
    drive(g, &bm, &p, n, o);
}
void nd__triangular_bulk(nd_rng *g, double left, double mode, double right, int64_t n, double *o) {
    static const bulk_method bm = {1, triangular_block, triangular_scalar};
    u_par p = {.tri = nd__tri_of(left, mode, right)};
    drive(g, &bm, &p, n, o);
}

/* ---- negative_binomial: poisson(gamma(n) (1 - p) / p), n > 1 ---- */

/* Poisson's words after the gamma's, from raw[0..avail), as nd__poisson
   reads them: the words it read, -1 for none (lam 0), or 0 where raw ends
   first. */
enum { LGMEMO = 64 };
static inline int poisson_of(const uint64_t *raw, int avail, double lam, double *memo,
                             int64_t *res) {
    if (lam >= 10) {
        nd__ptrs c = nd__ptrs_of(lam);
        for (int w = 0; w + 2 <= avail; w += 2)
            if (nd__ptrs_round(&c, double_of(raw[w]), double_of(raw[w + 1]), memo, LGMEMO, res))
                return w + 2;
        return 0;
    }
    *res = 0;
    if (lam == 0) return -1;
    double enlam = exp(-lam), prod = 1.0;
    for (int w = 0; w < avail; w++) {
        prod *= double_of(raw[w]);
        if (!(prod > enlam)) return *res = w, w + 1;
    }
    return 0;
}

typedef struct {
    double n, p, scale;
    gamma_k k;
    double memo[LGMEMO]; /* loggam(k + 1) */
} negbin_par;

static int negbin_block(negbin_par *par, const uint64_t *raw, int avail, int64_t *o, int m,
                        int *used) {
    negbin_par *p = par;
    int j = 0, u = 0;
    for (; j < m && avail - u >= 2; j++) {
        double gm;
        if (!gamma_of(raw + u, p->k, &gm)) break;
        int w = poisson_of(raw + u + 2, avail - u - 2, p->scale * gm, p->memo, &o[j]);
        if (!w) break;
        u += 2 + (w > 0 ? w : 0);
    }
    *used = u;
    return j;
}

bool nd__negative_binomial_bulk(nd_rng *g, double n, double p, int64_t cnt, int64_t *o) {
    if (!(n > 1.0) || g->kind == ND_BITGEN_MT19937) return false;
    negbin_par par = {n, p, (1 - p) / p, gamma_k_of(n), {0}};
    for (int k = 0; k < LGMEMO; k++) par.memo[k] = NAN;
    g->bulk = true; /* the scalar draws below refill a whole batch */
    for (int64_t i = 0; i < cnt;) {
        if (g->pos == g->len) nd__refill_bulk(g);
        int64_t m = cnt - i < 256 ? cnt - i : 256;
        int used;
        int took = negbin_block(&par, g->batch + g->pos, g->len - g->pos, o + i, (int)m, &used);
        g->pos += used, i += took;
        if (took < m) o[i++] = nd__negative_binomial(g, n, p, 0);
    }
    g->bulk = false;
    return true;
}
