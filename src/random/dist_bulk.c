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
#include "random/spec_math.h"
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

/* ---- negative_binomial: poisson(gamma(n) (1 - p) / p), n > 1 ----

   Each draw reads the generator's batch word by word (no block and no
   scalar redraw at a batch's end or on a miss: the draws' word counts vary
   widely), with NumPy's control flow; the comparisons NumPy makes with
   glibc's log and exp are decided by nd__spec_log/nd__spec_exp where
   their error bound allows (almost always), by glibc's log and exp
   otherwise, so every decision, and the stream, is glibc's. */

double nd__spec_widen = 1.0;

/* The generator's batch cursor in locals (the compiler keeps them in
   registers; through g they would go to memory and back on every word,
   a store-to-load chain across the whole fill): written back to g before
   anything else draws from g, read again after. */
typedef struct {
    nd_rng *g;
    int pos, len;
} cursor;

/* the next word as next_double (every generator but MT19937) */
static inline double next_dbl(cursor *c) {
    if (c->pos < c->len) return double_of(c->g->batch[c->pos++]);
    c->g->pos = c->pos; /* batch empty: nd__refill refills it (g->bulk) */
    double u = double_of(nd__refill(c->g));
    c->pos = c->g->pos, c->len = c->g->len;
    return u;
}

/* a standard normal: the batch's next word when the ziggurat's fast path
   takes it, else nd__std_normal on that word */
static inline double normal_next(cursor *c) {
    if (c->pos < c->len) {
        double x;
        if (normal_of(c->g->batch[c->pos], &x)) return c->pos++, x;
    }
    c->g->pos = c->pos;
    double x = nd__std_normal(c->g);
    c->pos = c->g->pos, c->len = c->g->len;
    return x;
}

/* Marsaglia and Tsang's log test, log(u) < x^2 / 2 + b (1 - v + log(v)):
   each spec log is within 2^-34 (1 + |L|) of log, glibc's within
   2^-52 |L|, and the sums' roundings are under 2^-51 of the terms' sizes,
   so the sides move by under D = 2^-33 (2 + |L1| + x^2/2 + b (2 + v + |L2|))
   between the spec logs and glibc's; a difference beyond 32 D keeps its
   sign. u = 0 (log -inf) and a subnormal v go to glibc. */
static inline bool gamma_log_test(double u, double x, double v, double b, double widen) {
    if (u > 0.0 && v >= 0x1p-1000) {
        double l1 = nd__spec_log(u), l2 = nd__spec_log(v), h = 0.5 * x * x;
        double d = l1 - (h + b * (1. - v + l2));
        double tol = widen * 0x1p-28 * (2 + fabs(l1) + h + b * (2 + v + fabs(l2)));
        if (d < -tol) return true;
        if (d > tol) return false;
    }
    return log(u) < 0.5 * x * x + b * (1. - v + log(v));
}

/* nd__std_gamma for shape > 1 (b, c its constants), inline */
static inline double gamma_next(cursor *g, gamma_k k, double widen, double *xo) {
    for (;;) {
        double x, v;
        do {
            x = normal_next(g);
            v = 1.0 + k.c * x;
        } while (v <= 0.0);
        v = v * v * v;
        double u = next_dbl(g);
        if (u < 1.0 - 0.0331 * (x * x) * (x * x) || gamma_log_test(u, x, v, k.b, widen))
            return *xo = x, k.b * v;
    }
}

/* (int64_t)floor(y) as x86 converts it (NumPy's cast: INT64_MIN out of
   range or NaN) without floor's call (the build's baseline has no roundsd):
   truncation, one down where it rounded up; exact below 2^62 in size. */
static inline int64_t floor_i64(double y) {
    if (!(y > -0x1p62 && y < 0x1p62)) return nd__to_int64(floor(y));
    int64_t t = (int64_t)y;
    return t - ((double)t > y);
}

/* loggam(k + 1) for k in [base, base + LGMEMO), v[k - base] once known
   (NaN: not yet); base is a little below the mean of lam, where k falls */
enum { LGMEMO = 512 };
typedef struct {
    int64_t base;
    double v[LGMEMO];
} lgmemo;
static inline double loggam1_of(lgmemo *m, int64_t k) {
    uint64_t i = (uint64_t)k - (uint64_t)m->base;
    if (i >= LGMEMO) return nd__loggam((double)(k + 1));
    if (isnan(m->v[i])) m->v[i] = nd__loggam((double)(k + 1));
    return m->v[i];
}

/* PTRS's constants for the bulk path: nd__ptrs's but 1/alpha (only the
   rare glibc fallback wants it as a double), and log(lam) by spec_log */
typedef struct {
    double lam, b, a, vr, bm, loglam;
    double vlo, vhi; /* vlo <= vr <= vhi, known before vr (vr_cells) */
} ptrs_k;

/* One PTRS round as nd__ptrs_round; 1 accepts *k, 0 rejects, -1 leaves
   the round to nd__ptrs_round (same u, v). NumPy's log test is
   log(v) + log(1/alpha) - log(a / us^2 + b) <= -lam + k log(lam) - lg;
   its left side is here the log of w = num / den,
   num = v us^2 (1.1239 (b - 3.4) + 1.1328), den = (b - 3.4) (a + b us^2),
   within 2^-49 of the product of the three arguments as NumPy rounds
   them. Bounds: glibc's left side is within 2^-51 (|L1| + |L2| + |L3|)
   < 2^-43 of the exact log of the rounded arguments (|L1| <= 37,
   |L2| < 1, |L3| < 95 for lam near NumPy's bound: their sum is under
   200), spec_log(w)'s within 2^-34 (1 + |lhs|) + 2^-49; the right sides
   differ by under k 2^-33 (1 + |log lam|) + 2^-51 (lam + |k log lam| + lg).
   So a difference of the sides beyond tol (32 times the sum, or more)
   keeps its sign between the spec values and glibc's. First look:
   spec_log8(num) - spec_log8(den), within 2^-7 of log(w), which decides
   unless the sides are within 2^-6 + tol (a few rounds in 100). */
static inline int ptrs_spec(const ptrs_k *c, double u, double v, lgmemo *memo, double widen,
                            int64_t *k) {
    u -= 0.5;
    double us = 0.5 - fabs(u), lam = c->lam;
    *k = floor_i64((2 * c->a / us + c->b) * u + lam + 0.43);
    /* v <= vlo or v > vhi decides v <= vr early (vr waits on a sqrt and
       a division after lam); a branch on it is often mispredicted */
    if (v <= c->vlo ? us >= 0.07 : v <= c->vhi && us >= 0.07 && v <= c->vr) return 1;
    if (*k < 0 || (us < 0.013 && v > us)) return 0;
    if (!(v > 0.0)) return -1; /* log(0): glibc decides */
    /* here us > 0 (us = 0 rejected above unless v = 0): w is positive,
       normal (v >= 2^-53, us >= 2^-54) and finite */
    double us2 = us * us, lg = loggam1_of(memo, *k), kd = (double)*k;
    double num = v * us2 * (1.1239 * c->bm + 1.1328), den = c->bm * (c->a + c->b * us2);
    double kl = kd * c->loglam, rhs = -lam + kl - lg;
    double tol = widen * 0x1p-28 * (2 + 200 + kd * (1 + fabs(c->loglam)) + lam + fabs(kl) + fabs(lg));
    double d = (nd__spec_log8(num) - nd__spec_log8(den)) - rhs, tol8 = tol + widen * 0x1p-6;
    if (d < -tol8) return 1;
    if (d > tol8) return 0;
    d = nd__spec_log(num / den) - rhs;
    return d < -tol ? 1 : d > tol ? 0 : -1;
}

static inline int64_t ptrs_next(cursor *g, double lam, double vlo, double vhi, lgmemo *memo,
                                double widen) {
    ptrs_k c = {.lam = lam, .vlo = vlo, .vhi = vhi};
    nd__ptrs_bav(sqrt(lam), &c.b, &c.a, &c.vr);
    c.bm = c.b - 3.4, c.loglam = nd__spec_log(lam);
    for (;;) {
        double u = next_dbl(g), v = next_dbl(g);
        int64_t k;
        int took = ptrs_spec(&c, u, v, memo, widen, &k);
        if (took < 0) {
            nd__ptrs e = nd__ptrs_of(lam);
            /* its memo is indexed by k itself */
            bool at0 = memo->base == 0;
            took = nd__ptrs_round(&e, u, v, at0 ? memo->v : NULL, at0 ? LGMEMO : 0, &k);
        }
        if (took) return k;
    }
}

/* The multiplication method (0 < lam < 10) as with glibc's
   enlam = exp(-lam): nd__spec_exp is within 2^-21.5 of exp(-lam)
   relatively, glibc's within 2^-52, so glibc's enlam lies in (lo, hi)
   below (8 times that apart): a product above hi continues, one at or
   below lo stops, as with glibc's. At a product between (about one draw
   in 10^5) glibc's exp decides that step and the rest. */
static inline int64_t mult_next(cursor *g, double lam, double clo, double chi, double widen) {
    double e = nd__spec_exp(-lam), m = widen * 0x1p-18, hi = e * (1 + m), lo = e * (1 - m);
    double prod = 1.0;
    for (int64_t x = 0;; x++) {
        prod *= next_dbl(g);
        /* first against the cell's bounds on glibc's exp(-lam) (known
           from x, before lam and exp): the loop's exit is mispredicted
           once a draw, and resolves sooner */
        if (prod > chi) continue;
        if (prod <= clo) return x;
        if (!(prod > hi)) {
            if (prod <= lo) return x;
            hi = lo = exp(-lam);
            if (!(prod > hi)) return x;
        }
    }
}

/* lam = scale b (1 + c x)^3 as the loop rounds it: each operation is
   monotone in x where v > 0, so lam >= 10 exactly when x >= a threshold */
static inline double lam_of(double x, gamma_k k, double scale) {
    double v = 1.0 + k.c * x;
    v = v * v * v;
    return scale * (k.b * v);
}
/* the least x in [-64, 64] (a normal from the ziggurat stays inside)
   with lam_of(x) >= 10, by bisection over the doubles' order; +inf when
   there is none */
static double lam10_threshold(gamma_k k, double scale) {
    if (!(lam_of(64.0, k, scale) >= 10)) return INFINITY;
    if (lam_of(-64.0, k, scale) >= 10) return -64.0;
    double lo = -64.0, hi = 64.0; /* lam(lo) < 10 <= lam(hi) */
    for (;;) {
        double mid = 0.5 * (lo + hi);
        if (mid == lo || mid == hi) {
            /* adjacent after halving stalls: step through the few left */
            double n = nextafter(lo, hi);
            if (n == hi) return hi;
            if (lam_of(n, k, scale) >= 10) return n;
            lo = n;
            continue;
        }
        if (lam_of(mid, k, scale) >= 10)
            hi = mid;
        else
            lo = mid;
    }
}

/* Bounds on glibc's exp(-lam) from the gamma's x, for the
   multiplication method, over cells of x below the PTRS threshold as
   vr_cells: exact exp(-lam) is monotone in x, and glibc's within 0.51 ULP
   of it, so the ends' values widened by 2^-40 bound it over a cell. Cell
   0 is x < x0 (exp(-lam) <= 1), cell ncell + 1 x past the last
   (exp(-lam) > exp(-10)). */
enum { EXP_CELLS = 256 };
typedef struct {
    double x0, inv;
    int ncell;
    double lo[EXP_CELLS + 2], hi[EXP_CELLS + 2];
} exp_cells;

static double enlam_of(double x, gamma_k k, double scale, double f) {
    return exp(-lam_of(x, k, scale)) * f;
}

static void exp_cells_init(exp_cells *t, gamma_k k, double scale, double xs, int ncell) {
    double x1 = xs < 6.0 ? xs : 6.0, x0 = x1 > -6.0 ? -6.0 : x1 - 1.0, dx = (x1 - x0) / ncell;
    const double up = 1 + 0x1p-40, dn = 1 - 0x1p-40, e10 = exp(-10.0) * dn;
    t->x0 = x0, t->inv = 1.0 / dx, t->ncell = ncell;
    t->hi[0] = 1.0, t->lo[0] = enlam_of(x0 + dx / 16, k, scale, dn);
    for (int j = 0; j < ncell; j++) {
        t->hi[j + 1] = enlam_of(x0 + j * dx - dx / 16, k, scale, up);
        t->lo[j + 1] = enlam_of(x0 + (j + 1) * dx + dx / 16, k, scale, dn);
    }
    t->hi[ncell + 1] = enlam_of(x1 - dx / 16, k, scale, up), t->lo[ncell + 1] = e10;
    /* an edge past lam = 10 or below lam = 0, or NaN: the wider bound */
    for (int j = 0; j < ncell + 2; j++) {
        if (!(t->lo[j] >= e10)) t->lo[j] = e10;
        if (!(t->hi[j] <= 1.0 && t->hi[j] >= t->lo[j])) t->hi[j] = 1.0;
    }
}

static inline int exp_cell(const exp_cells *t, double x) {
    double c = (x - t->x0) * t->inv + 1.0;
    c = c < 0.0 ? 0.0 : c > t->ncell + 1 ? t->ncell + 1 : c;
    return (int)c;
}

/* PTRS's v_r of lam_of(x), as ptrs_next computes it */
static double vr_of(double x, gamma_k k, double scale) {
    double b, a, vr;
    nd__ptrs_bav(sqrt(lam_of(x, k, scale)), &b, &a, &vr);
    return vr;
}

/* Bounds on v_r from the gamma's x, to decide PTRS's first test before
   v_r is known: v_r is monotone in lam, lam in x, so over a cell
   [X_j, X_j+1) of x it lies between v_r at the cell's ends. Cell j + 1
   of lo/hi is [x0 + j dx, x0 + (j + 1) dx) widened by dx/16 on each side
   (the index's rounding moves x by far less); cell 0 is x < x0 (lam >= 10:
   v_r of 10 below), cell ncell + 1 x beyond the last (v_r < 1 above). */
enum { VR_CELLS = 256 };
typedef struct {
    double x0, inv;
    int ncell;
    double lo[VR_CELLS + 2], hi[VR_CELLS + 2];
} vr_cells;

static void vr_cells_init(vr_cells *t, gamma_k k, double scale, double xs, int ncell) {
    double x0 = xs > -6.0 ? xs : -6.0, x1 = x0 < 6.0 ? 6.0 : x0 + 1.0, dx = (x1 - x0) / ncell;
    double b, a, vr10;
    nd__ptrs_bav(sqrt(10.0), &b, &a, &vr10);
    t->x0 = x0, t->inv = 1.0 / dx, t->ncell = ncell;
    t->lo[0] = vr10, t->hi[0] = vr_of(x0 + dx / 16, k, scale);
    for (int j = 0; j < ncell; j++) {
        t->lo[j + 1] = vr_of(x0 + j * dx - dx / 16, k, scale);
        t->hi[j + 1] = vr_of(x0 + (j + 1) * dx + dx / 16, k, scale);
    }
    t->lo[ncell + 1] = vr_of(x1 - dx / 16, k, scale), t->hi[ncell + 1] = 1.0;
    /* lam below 10 at a widened edge, or v_r NaN: no bound there */
    for (int j = 0; j < ncell + 2; j++) {
        if (!(t->lo[j] >= vr10)) t->lo[j] = vr10;
        if (!(t->hi[j] >= t->lo[j])) t->hi[j] = 1.0;
    }
}

static inline int vr_cell(const vr_cells *t, double x) {
    double c = (x - t->x0) * t->inv + 1.0;
    c = c < 0.0 ? 0.0 : c > t->ncell + 1 ? t->ncell + 1 : c;
    return (int)c;
}

bool nd__negative_binomial_bulk(nd_rng *g, double n, double p, int64_t cnt, int64_t *o) {
    /* the setup (a bisection, the cells) pays off over many draws only */
    if (!(n > 1.0) || g->kind == ND_BITGEN_MT19937 || cnt < 64) return false;
    const double scale = (1 - p) / p;
    const gamma_k k = gamma_k_of(n);
    const double widen = nd__spec_widen, xs = lam10_threshold(k, scale);
    vr_cells vt;
    /* the cells pay off over many draws only */
    vr_cells_init(&vt, k, scale, xs, isinf(xs) ? 0 : cnt < 4096 ? 1 : VR_CELLS);
    exp_cells et;
    exp_cells_init(&et, k, scale, xs, xs == -64.0 ? 0 : cnt < 4096 ? 1 : EXP_CELLS);
    if (widen != 1.0) /* tests: leave every step to the spec and glibc bounds */
        for (int j = 0; j < et.ncell + 2; j++) et.lo[j] = 0.0, et.hi[j] = 1.0;
    lgmemo memo;
    double mean = n * scale; /* of lam */
    memo.base = mean >= LGMEMO / 2 && mean < 0x1p62 ? (int64_t)mean - LGMEMO / 2 : 0;
    for (int j = 0; j < LGMEMO; j++) memo.v[j] = NAN;
    g->bulk = true; /* a draw that empties the batch refills all of it */
    cursor c = {g, g->pos, g->len};
    for (int64_t i = 0; i < cnt; i++) {
        double x, lam = scale * gamma_next(&c, k, widen, &x);
        if (x >= xs) {
            int j = vr_cell(&vt, x);
            o[i] = ptrs_next(&c, lam, vt.lo[j], vt.hi[j], &memo, widen);
        } else {
            int j = exp_cell(&et, x);
            o[i] = lam == 0 ? 0 : mult_next(&c, lam, et.lo[j], et.hi[j], widen);
        }
    }
    g->pos = c.pos;
    g->bulk = false;
    return true;
}

int64_t nd__negative_binomial_cells_check(double n, double p, const double *x, int64_t m) {
    const double scale = (1 - p) / p;
    const gamma_k k = gamma_k_of(n);
    const double xs = lam10_threshold(k, scale);
    int64_t bad = 0;
    /* the threshold: the least x (in [-64, 64]) with lam >= 10 */
    if (isfinite(xs) && xs > -64.0)
        bad += !(lam_of(xs, k, scale) >= 10) + (lam_of(nextafter(xs, -INFINITY), k, scale) >= 10);
    vr_cells vt;
    exp_cells et;
    vr_cells_init(&vt, k, scale, xs, isinf(xs) ? 0 : VR_CELLS);
    exp_cells_init(&et, k, scale, xs, xs == -64.0 ? 0 : EXP_CELLS);
    for (int64_t i = 0; i < m; i++) {
        double lam = lam_of(x[i], k, scale);
        if (!(1.0 + k.c * x[i] > 0.0)) continue; /* the gamma redraws these */
        bad += (x[i] >= xs) != (lam >= 10);
        if (x[i] >= xs) {
            int j = vr_cell(&vt, x[i]);
            double vr = vr_of(x[i], k, scale);
            bad += !(vt.lo[j] <= vr && vr <= vt.hi[j]);
        } else if (lam > 0) {
            int j = exp_cell(&et, x[i]);
            double e = exp(-lam);
            bad += !(et.lo[j] <= e && e <= et.hi[j]);
        }
    }
    return bad;
}
