/* np.shares_memory (exact, with a work bound) and np.byte_bounds.

   Whether an element of a and one of b have a byte in common is whether
       A + sum_i s_i x_i + u == B + sum_j t_j y_j + v
   has a solution with 0 <= x_i < n_i, 0 <= y_j < m_j, u below a's item size
   and v below b's (strides made positive by starting at each array's lowest
   element). Writing y_j as m_j - 1 - z_j and v likewise turns it into one
   bounded equation with positive coefficients,
       sum_k c_k w_k == T,  0 <= w_k <= u_k,
   which a depth-first search over the largest coefficients first decides,
   pruned by the reachable maximum and by the remaining terms' gcd. That is
   NumPy's question (mem_overlap.c); its search differs, and so may the work
   a given problem needs. */
#include <stdint.h>
#include <stdlib.h>

#include "core/internal.h"
#include "nd/select.h"

typedef struct {
    int64_t c, u;
} term;

typedef struct {
    const term *t;
    int n;
    int64_t reach[2 * ND_MAX_DIMS + 3]; /* sum of c*u from k on */
    int64_t gcd[2 * ND_MAX_DIMS + 3];   /* gcd of c from k on */
    int64_t work, max_work;             /* max_work < 0: no bound */
} problem;

static int64_t gcd64(int64_t a, int64_t b) {
    while (b) {
        int64_t r = a % b;
        a = b, b = r;
    }
    return a;
}

/* 1 solvable, 0 not, -1 over the work bound. */
static int solve(problem *p, int k, int64_t target) {
    if (target == 0) return 1;
    if (target < 0 || k == p->n || target > p->reach[k] || target % p->gcd[k]) return 0;
    const term *t = &p->t[k];
    if (k == p->n - 1) return target % t->c == 0 && target / t->c <= t->u;
    int64_t hi = target / t->c, rest = p->reach[k + 1], lo = 0;
    if (hi > t->u) hi = t->u;
    if (target > rest) lo = (target - rest + t->c - 1) / t->c;
    for (int64_t w = hi; w >= lo; w--) {
        if (p->max_work >= 0 && ++p->work > p->max_work) return -1;
        int r = solve(p, k + 1, target - t->c * w);
        if (r) return r;
    }
    return 0;
}

static int by_coef_desc(const void *x, const void *y) {
    int64_t a = ((const term *)x)->c, b = ((const term *)y)->c;
    return (a < b) - (a > b);
}

/* Adds a's axes as terms; returns the new count. */
static int add_terms(term *t, int n, const nd_array *a) {
    for (int i = 0; i < a->ndim; i++) {
        int64_t s = a->strides[i] < 0 ? -a->strides[i] : a->strides[i];
        if (a->shape[i] > 1 && s) t[n++] = (term){s, a->shape[i] - 1};
    }
    return n;
}

int nd_shares_memory(const nd_array *a, const nd_array *b, int64_t max_work, bool *result) {
    static const char *func = "nd_shares_memory";
    if (!a || !b) return nd__null_arg(func, a ? "b" : "a");
    if (!result) return nd__null_arg(func, "result");
    *result = false;
    const char *alo, *ahi, *blo, *bhi;
    nd__extent(a, &alo, &ahi);
    nd__extent(b, &blo, &bhi);
    if (alo == ahi || blo == bhi || !(alo < bhi && blo < ahi)) return ND_OK;
    if (max_work == 0) return nd__error(ND_ERR_UNSUPPORTED, func, "Exceeded max_work");
    term t[2 * ND_MAX_DIMS + 2];
    int n = add_terms(t, 0, a);
    size_t ia = nd_dtype_size(a->dtype), ib = nd_dtype_size(b->dtype);
    if (ia > 1) t[n++] = (term){1, (int64_t)ia - 1};
    n = add_terms(t, n, b);
    if (ib > 1) t[n++] = (term){1, (int64_t)ib - 1};
    /* T = (B - A) + (b's extent above its lowest element's first byte) */
    int64_t target = (int64_t)((uintptr_t)blo - (uintptr_t)alo) + (int64_t)(bhi - blo) - 1;
    /* equal coefficients merge: their bounds add */
    qsort(t, (size_t)n, sizeof t[0], by_coef_desc);
    int m = 0;
    for (int i = 0; i < n; i++) {
        if (m && t[m - 1].c == t[i].c)
            t[m - 1].u += t[i].u;
        else
            t[m++] = t[i];
    }
    problem p = {.t = t, .n = m, .max_work = max_work};
    p.reach[m] = 0, p.gcd[m] = 0;
    for (int k = m - 1; k >= 0; k--)
        p.reach[k] = p.reach[k + 1] + t[k].c * t[k].u, p.gcd[k] = gcd64(t[k].c, p.gcd[k + 1]);
    if (m == 0) return *result = target == 0, ND_OK;
    int r = solve(&p, 0, target);
    if (r < 0) return nd__error(ND_ERR_UNSUPPORTED, func, "Exceeded max_work");
    *result = r == 1;
    return ND_OK;
}

int nd_byte_bounds(const nd_array *a, void **low, void **high) {
    static const char *func = "nd_byte_bounds";
    if (!a) return nd__null_arg(func, "a");
    if (!low || !high) return nd__null_arg(func, low ? "high" : "low");
    const char *lo, *hi;
    nd__extent(a, &lo, &hi);
    *low = (void *)lo, *high = (void *)hi;
    return ND_OK;
}
