/* The contraction order of np.einsum_path (NumPy 1.24's einsumfunc.py,
   its cost model restated here): a contraction of k operands over the
   labels C costs size(C) * (max(1, k - 1) + [some label is summed]);
   "greedy" takes, among the pairs that share a label, the one that removes
   the most elements (then the cheapest), never building an intermediate
   larger than the largest input or output; "optimal" tries every order
   under the same size limit. Ties go to the first candidate in NumPy's
   order, so the paths are NumPy's. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "einsum/einsum_internal.h"

static double set_size(const nd_ein_spec *s, nd_lset a) {
    double r = 1;
    for (int l = 0; l < ND_EIN_NLAB; l++)
        if (nd_lset_has(a, l)) r *= (double)s->size[l];
    return r;
}

static double flop_count(const nd_ein_spec *s, nd_lset contract, bool inner, int nterms) {
    return set_size(s, contract) * ((nterms - 1 > 1 ? nterms - 1 : 1) + (inner ? 1 : 0));
}

/* _find_contraction: the result of contracting the operands at pos
   (membership flags in at[]) out of in[0..n). */
typedef struct {
    nd_lset result, removed, contract;
} contraction;

static contraction find_contraction(const bool *at, const nd_lset *in, int n, nd_lset out) {
    contraction c = {{{0, 0}}, {{0, 0}}, {{0, 0}}};
    nd_lset remain = out;
    for (int i = 0; i < n; i++) {
        if (at[i])
            c.contract = nd_lset_or(c.contract, in[i]);
        else
            remain = nd_lset_or(remain, in[i]);
    }
    c.result = nd_lset_and(remain, c.contract);
    c.removed = nd_lset_minus(c.contract, c.result);
    return c;
}

/* in without positions x and y, the result appended; returns the new count. */
static int contract_sets(nd_lset *in, int n, int x, int y, nd_lset result) {
    int m = 0;
    for (int i = 0; i < n; i++)
        if (i != x && i != y) in[m++] = in[i];
    in[m++] = result;
    return m;
}

/* ---- greedy ---- */

typedef struct {
    double neg_removed, cost;
    int x, y;
    nd_lset result;
} candidate;

typedef struct {
    const nd_ein_spec *s;
    const nd_lset *in;
    int n;
    nd_lset out;
    double mem, path_cost, naive;
} greedy_ctx;

static bool possible(const greedy_ctx *g, int x, int y, candidate *c) {
    bool at[ND_EIN_MAXOP] = {false};
    at[x] = at[y] = true;
    contraction k = find_contraction(at, g->in, g->n, g->out);
    double new_size = set_size(g->s, k.result);
    if (new_size > g->mem) return false;
    double removed = set_size(g->s, g->in[x]) + set_size(g->s, g->in[y]) - new_size;
    double cost = flop_count(g->s, k.contract, !nd_lset_empty(k.removed), 2);
    if (g->path_cost + cost > g->naive) return false;
    *c = (candidate){-removed, cost, x, y, k.result};
    return true;
}

static bool better(const candidate *a, const candidate *b) {
    return a->neg_removed < b->neg_removed ||
           (a->neg_removed == b->neg_removed && a->cost < b->cost);
}

static nd_status greedy(const char *func, const nd_ein_spec *s, nd_lset *in, int n, nd_lset out,
                        double mem, nd_ein_path *p) {
    bool all[ND_EIN_MAXOP];
    for (int i = 0; i < n; i++) all[i] = true;
    contraction naive = find_contraction(all, in, n, out);
    greedy_ctx g = {
        s, in, n, out, mem, 0, flop_count(s, naive.contract, !nd_lset_empty(naive.removed), n)};
    size_t cap = (size_t)n * (size_t)(n - 1) / 2 + 1;
    candidate *known = nd__malloc(cap * sizeof *known);
    if (!known) return nd__nomem(func, cap * sizeof *known);
    int nk = 0;
    p->nsteps = 0;
    for (int it = 0; it < n - 1 && g.n > 1; it++) {
        int last = g.n - 1;
        for (int x = 0; x < g.n; x++)
            for (int y = it ? last : x + 1; y < g.n; y++) {
                if (x == y || nd_lset_empty(nd_lset_and(in[x], in[y]))) continue;
                if (possible(&g, x, y, &known[nk])) nk++;
            }
        if (!nk) {
            for (int x = 0; x < g.n; x++)
                for (int y = x + 1; y < g.n; y++)
                    if (possible(&g, x, y, &known[nk])) nk++;
            if (!nk) {
                p->k[p->nsteps] = g.n;
                for (int i = 0; i < g.n; i++) p->pos[p->nsteps][i] = i;
                p->nsteps++;
                break;
            }
        }
        int b = 0;
        for (int i = 1; i < nk; i++)
            if (better(&known[i], &known[b])) b = i;
        candidate best = known[b];
        int m = 0;
        for (int i = 0; i < nk; i++) {
            candidate c = known[i];
            if (c.x == best.x || c.x == best.y || c.y == best.x || c.y == best.y) continue;
            c.x -= (c.x > best.x) + (c.x > best.y);
            c.y -= (c.y > best.x) + (c.y > best.y);
            known[m++] = c;
        }
        nk = m;
        g.n = contract_sets(in, g.n, best.x, best.y, best.result);
        p->k[p->nsteps] = 2;
        p->pos[p->nsteps][0] = best.x;
        p->pos[p->nsteps][1] = best.y;
        p->nsteps++;
        g.path_cost += best.cost;
    }
    nd__free(known);
    return ND_OK;
}

/* ---- optimal: depth first in NumPy's order, the first cheapest kept per
   depth (NumPy's breadth-first search ends at the deepest level any order
   reaches within the size limit); a branch already dearer than a complete
   path is cut, which cannot change the answer. ---- */

typedef struct {
    const nd_ein_spec *s;
    nd_lset out;
    double mem;
    int n0, maxdepth;
    int cur[ND_EIN_MAXOP][2];
    bool found[ND_EIN_MAXOP];
    double best_cost[ND_EIN_MAXOP];
    int best[ND_EIN_MAXOP][ND_EIN_MAXOP][2];
} optimal_ctx;

static void optimal_dfs(optimal_ctx *o, const nd_lset *in, int n, int depth, double cost) {
    if (depth > o->maxdepth) o->maxdepth = depth;
    if (!o->found[depth] || cost < o->best_cost[depth]) {
        o->found[depth] = true;
        o->best_cost[depth] = cost;
        memcpy(o->best[depth], o->cur, sizeof o->cur[0] * (size_t)depth);
    }
    if (n == 1) return;
    nd_lset next[ND_EIN_MAXOP];
    for (int x = 0; x < n; x++)
        for (int y = x + 1; y < n; y++) {
            bool at[ND_EIN_MAXOP] = {false};
            at[x] = at[y] = true;
            contraction k = find_contraction(at, in, n, o->out);
            if (set_size(o->s, k.result) > o->mem) continue;
            double c = cost + flop_count(o->s, k.contract, !nd_lset_empty(k.removed), 2);
            if (o->found[o->n0 - 1] && c > o->best_cost[o->n0 - 1]) continue;
            memcpy(next, in, sizeof next[0] * (size_t)n);
            int m = contract_sets(next, n, x, y, k.result);
            o->cur[depth][0] = x;
            o->cur[depth][1] = y;
            optimal_dfs(o, next, m, depth + 1, c);
        }
}

static nd_status optimal(const char *func, const nd_ein_spec *s, const nd_lset *in, int n,
                         nd_lset out, double mem, nd_ein_path *p) {
    optimal_ctx *o = nd__calloc(1, sizeof *o);
    if (!o) return nd__nomem(func, sizeof *o);
    *o = (optimal_ctx){.s = s, .out = out, .mem = mem, .n0 = n};
    optimal_dfs(o, in, n, 0, 0);
    int d = o->maxdepth;
    p->nsteps = 0;
    for (int t = 0; t < d; t++) {
        p->k[t] = 2;
        p->pos[t][0] = o->best[d][t][0];
        p->pos[t][1] = o->best[d][t][1];
    }
    p->nsteps = d;
    if (d < n - 1) {
        p->k[d] = n - d;
        for (int i = 0; i < n - d; i++) p->pos[d][i] = i;
        p->nsteps++;
    }
    nd__free(o);
    return ND_OK;
}

nd_status nd__ein_find_path(const char *func, const nd_ein_spec *s, nd_ein_mode m, nd_ein_path *p) {
    int n = s->nop;
    nd_lset in[ND_EIN_MAXOP], out = nd__ein_outset(s), indices = {{0, 0}};
    double mem = set_size(s, out);
    for (int i = 0; i < n; i++) {
        in[i] = nd__ein_opset(s, i);
        indices = nd_lset_or(indices, in[i]);
        /* the size of a term counts its repeated labels, as NumPy's */
        double sz = 1;
        for (int d = 0; d < s->nlab[i]; d++) sz *= (double)s->size[s->lab[i][d]];
        if (sz > mem) mem = sz;
    }
    if (m == ND_EIN_NONE || n <= 2 || nd_lset_eq(indices, out)) {
        p->nsteps = 1;
        p->k[0] = n;
        for (int i = 0; i < n; i++) p->pos[0][i] = i;
        return ND_OK;
    }
    return m == ND_EIN_GREEDY ? greedy(func, s, in, n, out, mem, p)
                              : optimal(func, s, in, n, out, mem, p);
}

/* ---- np.einsum_path's report ---- */

typedef struct {
    char *p;
    size_t n, cap;
    bool failed;
} strbuf;

static void sb_printf(strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(strbuf *b, const char *fmt, ...) {
    if (b->failed) return;
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int w = vsnprintf(b->p + b->n, b->cap - b->n, fmt, ap);
        va_end(ap);
        if (w < 0) {
            b->failed = true;
            return;
        }
        if ((size_t)w < b->cap - b->n) {
            b->n += (size_t)w;
            return;
        }
        size_t cap = b->cap * 2 + (size_t)w;
        char *q = nd__realloc(b->p, cap);
        if (!q) {
            b->failed = true;
            return;
        }
        b->p = q;
        b->cap = cap;
    }
}

/* A term's letters; intermediates sorted by (extent, letter) as NumPy's. */
typedef struct {
    char c[ND_EIN_NLAB + 1];
} term_str;

static term_str operand_str(const nd_ein_spec *s, int i) {
    term_str t;
    for (int d = 0; d < s->nlab[i]; d++) t.c[d] = s->ch[s->lab[i][d]];
    t.c[s->nlab[i]] = '\0';
    return t;
}

static term_str sorted_str(const nd_ein_spec *s, nd_lset set) {
    term_str t;
    int n = 0;
    int ls[ND_EIN_NLAB];
    for (int l = 0; l < ND_EIN_NLAB; l++)
        if (nd_lset_has(set, l)) ls[n++] = l;
    for (int i = 1; i < n; i++) /* insertion sort by (size, letter) */
        for (int j = i; j > 0; j--) {
            int a = ls[j - 1], b = ls[j];
            if (s->size[a] < s->size[b] || (s->size[a] == s->size[b] && s->ch[a] <= s->ch[b]))
                break;
            ls[j - 1] = b, ls[j] = a;
        }
    for (int i = 0; i < n; i++) t.c[i] = s->ch[ls[i]];
    t.c[n] = '\0';
    return t;
}

static int cmp_desc(const void *a, const void *b) { return *(const int *)b - *(const int *)a; }

static nd_status report(const char *func, const nd_ein_spec *s, const nd_ein_path *p,
                        char **out_s) {
    int n = s->nop;
    term_str *terms = nd__malloc(sizeof *terms * (size_t)(n + 1));
    strbuf b = {nd__malloc(1024), 0, 1024, false};
    if (!terms || !b.p) {
        nd__free(terms), nd__free(b.p);
        return nd__nomem(func, sizeof *terms * (size_t)(n + 1));
    }
    nd_lset in[ND_EIN_MAXOP], out = nd__ein_outset(s), indices = {{0, 0}};
    term_str outs;
    for (int d = 0; d < s->nout; d++) outs.c[d] = s->ch[s->out[d]];
    outs.c[s->nout] = '\0';
    int sumlen = 0;
    for (int i = 0; i < n; i++) {
        terms[i] = operand_str(s, i);
        in[i] = nd__ein_opset(s, i);
        sumlen += nd_lset_count(in[i]);
        indices = nd_lset_or(indices, in[i]);
    }
    double naive = flop_count(s, indices, sumlen - nd_lset_count(indices) > 0, n);
    double opt = 1, max_size = 0;
    int max_scale = 0, cnt = n;
    strbuf rows = {nd__malloc(1024), 0, 1024, false};
    if (!rows.p) rows.failed = true;
    for (int t = 0; t < p->nsteps; t++) {
        int inds[ND_EIN_MAXOP], k = p->k[t];
        memcpy(inds, p->pos[t], sizeof inds[0] * (size_t)k);
        qsort(inds, (size_t)k, sizeof inds[0], cmp_desc);
        bool at[ND_EIN_MAXOP] = {false};
        for (int j = 0; j < k; j++) at[inds[j]] = true;
        contraction c = find_contraction(at, in, cnt, out);
        double cost = flop_count(s, c.contract, !nd_lset_empty(c.removed), k);
        opt += cost;
        int scale = nd_lset_count(c.contract);
        if (scale > max_scale) max_scale = scale;
        double sz = set_size(s, c.result);
        if (sz > max_size) max_size = sz;
        term_str res = t == p->nsteps - 1 ? outs : sorted_str(s, c.result);
        strbuf es = {nd__malloc(256), 0, 256, false};
        if (!es.p) es.failed = true;
        for (int j = 0; j < k; j++) sb_printf(&es, "%s%s", j ? "," : "", terms[inds[j]].c);
        sb_printf(&es, "->%s", res.c);
        /* pop the contracted terms (positions descending), append the result */
        int m = 0;
        for (int i = 0; i < cnt; i++)
            if (!at[i]) terms[m] = terms[i], in[m] = in[i], m++;
        terms[m] = res;
        in[m] = c.result;
        cnt = m + 1;
        strbuf rs = {nd__malloc(256), 0, 256, false};
        if (!rs.p) rs.failed = true;
        for (int i = 0; i < cnt; i++) sb_printf(&rs, "%s%s", i ? "," : "", terms[i].c);
        sb_printf(&rs, "->%s", outs.c);
        if (es.failed || rs.failed)
            rows.failed = true;
        else
            sb_printf(&rows, "\n%4d    %24s %40s", scale, es.p, rs.p);
        nd__free(es.p), nd__free(rs.p);
    }
    sb_printf(&b, "  Complete contraction:  ");
    for (int i = 0; i < n; i++) sb_printf(&b, "%s%s", i ? "," : "", operand_str(s, i).c);
    sb_printf(&b, "->%s\n", outs.c);
    sb_printf(&b, "         Naive scaling:  %d\n", nd_lset_count(indices));
    sb_printf(&b, "     Optimized scaling:  %d\n", max_scale);
    sb_printf(&b, "      Naive FLOP count:  %.3e\n", naive);
    sb_printf(&b, "  Optimized FLOP count:  %.3e\n", opt);
    sb_printf(&b, "   Theoretical speedup:  %3.3f\n", naive / opt);
    sb_printf(&b, "  Largest intermediate:  %.3e elements\n", max_size);
    static const char dashes[] =
        "--------------------------------------------------------------------------";
    sb_printf(&b, "%s\n%6s %24s %40s\n%s", dashes, "scaling", "current", "remaining", dashes);
    if (!rows.failed) sb_printf(&b, "%s", rows.p);
    nd__free(rows.p), nd__free(terms);
    if (b.failed || rows.failed) {
        nd__free(b.p);
        return nd__nomem(func, b.cap);
    }
    /* the caller frees with free(): hand over a copy made by malloc */
    char *r = nd__malloc_for_caller(b.n + 1);
    if (!r) {
        nd__free(b.p);
        return nd__nomem(func, b.n + 1);
    }
    memcpy(r, b.p, b.n + 1);
    nd__free(b.p);
    *out_s = r;
    return ND_OK;
}

ND_API int nd_einsum_path(const char *subscripts, int nop, nd_array_list ops_list,
                          const char *optimize, int **path, int *path_len, char **report_s) {
    const nd_array *const *ops = ND_LIST_PTR(ops_list);
    static const char func[] = "nd_einsum_path";
    if (path && !path_len) return nd__null_arg(func, "path_len");
    nd_ein_mode m;
    nd_status st = nd__ein_mode(func, optimize, ND_EIN_GREEDY, &m);
    nd_ein_spec *s = st ? NULL : nd__malloc(sizeof *s);
    if (st) return st;
    if (!s) return nd__nomem(func, sizeof *s);
    nd_ein_path *p = nd__malloc(sizeof *p);
    if (!p) {
        nd__free(s);
        return nd__nomem(func, sizeof *p);
    }
    st = nd__ein_parse(func, subscripts, nop, ops, s);
    if (!st) st = nd__ein_find_path(func, s, m, p);
    char *rep = NULL;
    if (!st && report_s) st = report(func, s, p, &rep);
    int *ints = NULL, len = 0;
    if (!st && path) {
        for (int t = 0; t < p->nsteps; t++) len += 1 + p->k[t];
        ints = nd__malloc_for_caller(sizeof *ints * (size_t)len);
        if (!ints) {
            st = nd__nomem(func, sizeof *ints * (size_t)len);
        } else {
            int q = 0;
            for (int t = 0; t < p->nsteps; t++) {
                ints[q++] = p->k[t];
                for (int j = 0; j < p->k[t]; j++) ints[q++] = p->pos[t][j];
            }
        }
    }
    nd__free(s), nd__free(p);
    if (st) {
        free(rep), free(ints);
        return st;
    }
    if (path) *path = ints, *path_len = len;
    if (report_s) *report_s = rep;
    return ND_OK;
}
