/* numpy.linalg's compositions: kron, matrix_power, multi_dot (NumPy's
   optimal parenthesization), cond, tensorinv, tensorsolve. Each is built
   from nd's own products and factorizations, as NumPy builds them; the
   temporaries live in a scope, so every error path releases them. */
#include <math.h>

#include "linalg/linalg_internal.h"

/* Opens the scope that holds a function's temporaries; NULL when it cannot
   be made (then nothing may be created: the caller fails). */
static nd_scope *open_scope(const char *func) {
    nd_scope *s = nd_scope_begin();
    if (!s) nd__error(ND_ERR_NOMEM, func, "out of memory for a scope");
    return s;
}

/* r kept out of the scope (NULL stays NULL), the scope ended. */
static nd_array *close_scope(nd_scope *s, nd_array *r) {
    if (r) nd_keep(r);
    nd_scope_end(s);
    return r;
}

ND_API nd_array *nd_kron(const nd_array *a, const nd_array *b) {
    static const char func[] = "nd_kron";
    if (!a) return nd__null_arg(func, "a"), NULL;
    if (!b) return nd__null_arg(func, "b"), NULL;
    int na = nd_ndim(a), nb = nd_ndim(b), n = na > nb ? na : nb;
    if (2 * n > ND_MAX_DIMS)
        return nd__error(ND_ERR_SHAPE, func, "kron of %d-dimensional arrays needs %d dimensions", n,
                         2 * n),
               NULL;
    /* a as (a0, 1, a1, 1, ...) times b as (1, b0, 1, b1, ...), then each
       pair of axes merged */
    int64_t sa[ND_MAX_DIMS], sb[ND_MAX_DIMS], sr[ND_MAX_DIMS];
    for (int d = 0; d < n; d++) {
        int64_t x = d < n - na ? 1 : nd_shape(a)[d - (n - na)];
        int64_t y = d < n - nb ? 1 : nd_shape(b)[d - (n - nb)];
        sa[2 * d] = x, sa[2 * d + 1] = 1;
        sb[2 * d] = 1, sb[2 * d + 1] = y;
        sr[d] = x * y;
    }
    nd_scope *s = open_scope(func);
    if (!s) return NULL;
    nd_array *x = nd_reshape(a, 2 * n, sa), *y = x ? nd_reshape(b, 2 * n, sb) : NULL;
    nd_array *p = y ? nd_multiply(x, y, NULL) : NULL;
    return close_scope(s, p ? nd_reshape(p, n, sr) : NULL);
}

ND_API nd_array *nd_matrix_power(const nd_array *a, int64_t n) {
    static const char func[] = "nd_matrix_power";
    if (!a) return nd__null_arg(func, "a"), NULL;
    if (nd__la_check(func, a, true)) return NULL;
    if (n == INT64_MIN)
        return nd__error(ND_ERR_OVERFLOW, func, "exponent %lld out of range", (long long)n), NULL;
    nd_scope *s = open_scope(func);
    if (!s) return NULL;
    nd_array *r = NULL;
    if (n == 0) { /* the identity in a's dtype, over a's stack */
        int64_t m = nd_shape(a)[nd_ndim(a) - 1];
        nd_array *e = nd_eye(m, m, 0, nd_get_dtype(a));
        r = e ? nd_empty(nd_get_dtype(a), nd_ndim(a), nd_shape(a)) : NULL;
        if (r && nd_assign(r, e)) r = NULL;
        return close_scope(s, r);
    }
    const nd_array *base = a;
    if (n < 0) {
        base = nd_inv(a);
        n = -n;
    }
    /* NumPy's binary decomposition: z runs through a^(2^i), the result
       takes the set bits from the lowest up */
    nd_array *z = NULL;
    for (bool first = true; base && n > 0; first = false) {
        z = first ? nd__view(func, base, nd_ndim(base), nd_shape(base), nd_strides(base),
                             nd_data(base))
                  : nd_matmul(z, z, NULL);
        if (!z) {
            r = NULL;
            break;
        }
        if (n & 1) {
            r = r ? nd_matmul(r, z, NULL) : z;
            if (!r) break;
        }
        n >>= 1;
    }
    if (r && nd_may_share_memory(r, a)) r = nd_copy(r);
    return close_scope(s, base ? r : NULL);
}

/* ---- multi_dot ---- */

/* The product of arrays[i..j] in the order split[][] chose. */
static nd_array *chain(nd_array *const *m, int64_t *const *split, int i, int j) {
    if (i == j) return m[i];
    int k = (int)split[i][j];
    nd_array *x = chain(m, split, i, k), *y = x ? chain(m, split, k + 1, j) : NULL;
    return y ? nd_dot(x, y, NULL) : NULL;
}

ND_API nd_array *nd_multi_dot(int n, nd_array_list arrays_list, nd_array *out) {
    const nd_array *const *arrays = ND_LIST_PTR(arrays_list);
    static const char func[] = "nd_multi_dot";
    if (n < 2) return nd__error(ND_ERR_VALUE, func, "Expecting at least two arrays."), NULL;
    if (!arrays) return nd__null_arg(func, "arrays"), NULL;
    if (n > 4096) return nd__error(ND_ERR_VALUE, func, "too many arrays (%d)", n), NULL;
    for (int i = 0; i < n; i++) {
        if (!arrays[i]) return nd__null_item(func, "arrays", i), NULL;
        int d = nd_ndim(arrays[i]);
        bool end = i == 0 || i == n - 1;
        if (d != 2 && !(end && d == 1))
            return nd__error(ND_ERR_SHAPE, func,
                             "%d-dimensional array given. Array must be two-dimensional", d),
                   NULL;
    }
    nd_scope *s = open_scope(func);
    if (!s) return NULL;
    int first = nd_ndim(arrays[0]), last = nd_ndim(arrays[n - 1]);
    nd_array **m = nd__calloc((size_t)n, sizeof *m);
    int64_t *p = nd__malloc(sizeof *p * (size_t)(n + 1));
    int64_t **split = nd__calloc((size_t)n, sizeof *split);
    double *cost = nd__malloc(sizeof *cost * (size_t)n * (size_t)n);
    nd_array *r = NULL;
    bool ok = m && p && split && cost;
    for (int i = 0; ok && i < n; i++) ok = (split[i] = nd__malloc(sizeof **split * (size_t)n));
    if (!ok) {
        nd__nomem(func, sizeof *cost * (size_t)n * (size_t)n);
        goto done;
    }
    for (int i = 0; i < n && ok; i++) {
        const nd_array *x = arrays[i];
        int64_t len = nd_shape(x)[0];
        if (i == 0 && first == 1)
            m[i] = nd_reshape(x, 2, (int64_t[]){1, len});
        else if (i == n - 1 && last == 1)
            m[i] = nd_reshape(x, 2, (int64_t[]){len, 1});
        else
            m[i] = nd__view(func, x, 2, nd_shape(x), nd_strides(x), nd_data(x));
        ok = m[i] != NULL;
    }
    if (!ok) goto done;
    for (int i = 0; i < n; i++) p[i] = nd_shape(m[i])[0];
    p[n] = nd_shape(m[n - 1])[1];
    if (n == 3) { /* NumPy's own rule for three */
        double c1 = (double)p[0] * (double)p[2] * (double)(p[1] + p[3]);
        double c2 = (double)p[1] * (double)p[3] * (double)(p[0] + p[2]);
        split[0][2] = c1 < c2 ? 1 : 0;
        split[0][1] = 0, split[1][2] = 1;
    } else { /* the matrix-chain order (Cormen), ties to the first split */
        for (int i = 0; i < n; i++) cost[i * n + i] = 0;
        for (int l = 1; l < n; l++)
            for (int i = 0; i + l < n; i++) {
                int j = i + l;
                cost[i * n + j] = INFINITY;
                for (int k = i; k < j; k++) {
                    double q = cost[i * n + k] + cost[(k + 1) * n + j] +
                               (double)p[i] * (double)p[k + 1] * (double)p[j + 1];
                    if (q < cost[i * n + j]) cost[i * n + j] = q, split[i][j] = k;
                }
            }
    }
    r = chain(m, split, 0, n - 1);
    if (r && (first == 1 || last == 1)) {
        int nd_out = (first == 1) + (last == 1) == 2 ? 0 : 1;
        int64_t len = first == 1 ? nd_shape(r)[1] : nd_shape(r)[0];
        r = nd_reshape(r, nd_out, nd_out ? (int64_t[]){len} : NULL);
    }
    if (r && out) {
        if (nd_ndim(out) != nd_ndim(r) ||
            memcmp(nd_shape(out), nd_shape(r), sizeof(int64_t) * (size_t)nd_ndim(r))) {
            nd__error(ND_ERR_SHAPE, func, "output array has wrong dimensions");
            r = NULL;
        } else if (!nd_can_cast(nd_get_dtype(r), nd_get_dtype(out), ND_CAST_SAME_KIND)) {
            nd__error(ND_ERR_DTYPE, func, "Cannot cast %s to the output's %s",
                      nd_dtype_name(nd_get_dtype(r)), nd_dtype_name(nd_get_dtype(out)));
            r = NULL;
        } else {
            r = nd_assign(out, r) ? NULL : out;
        }
    } else if (r && nd_may_share_memory(r, arrays[0])) {
        r = nd_copy(r); /* two arrays: a view never comes back, but stay safe */
    }
done:
    if (split)
        for (int i = 0; i < n; i++) nd__free(split[i]);
    nd__free(split), nd__free(cost), nd__free(p), nd__free(m);
    if (r == out && out) {
        nd_scope_end(s);
        return out;
    }
    return close_scope(s, r);
}

/* ---- cond ---- */

/* 1 / 0 and 0 / 0 of a singular matrix as NumPy's (inv under errstate
   ignore): nan becomes inf unless the matrix itself holds a NaN. */
static nd_array *nan_to_inf(nd_array *r, const nd_array *x) {
    nd_array *bad = nd_isnan(r, NULL);
    nd_array *xn = bad ? nd_isnan(x, NULL) : NULL;
    nd_array *xr = xn ? nd_reduce(ND_OP_LOGICAL_OR, xn, 2, (int[]){-2, -1}, false, NULL) : NULL;
    nd_array *ok = xr ? nd_logical_not(xr, NULL) : NULL;
    nd_array *fix = ok ? nd_logical_and(bad, ok, NULL) : NULL;
    nd_array *inf = fix ? nd_lit_f64(INFINITY) : NULL;
    return inf ? nd_where(fix, inf, r, NULL) : NULL;
}

/* norm(x, p) * norm(inv(x), p) for one stack; a singular item gives inf
   (nan through nan_to_inf). */
static nd_array *cond_by_inverse(const char *func, const nd_array *x, const char *p) {
    nd_array *inv = nd_inv(x);
    if (!inv && nd_last_error() == ND_ERR_LINALG && nd_ndim(x) == 2) {
        nd_clear_error();
        double v = INFINITY;
        return nd_from_buffer(ND_FLOAT64, 0, NULL, &v);
    }
    if (!inv && nd_last_error() == ND_ERR_LINALG) { /* item by item */
        nd_clear_error();
        int64_t m = nd_shape(x)[nd_ndim(x) - 1], b = nd__la_batch(x);
        nd_array *flat = nd_reshape(x, 3, (int64_t[]){b, m, m});
        nd_array *res = flat ? nd_empty(ND_FLOAT64, 1, (int64_t[]){b}) : NULL;
        for (int64_t i = 0; res && i < b; i++) {
            char spec[32];
            snprintf(spec, sizeof spec, "%lld", (long long)i);
            nd_array *item = nd_slice(flat, spec),
                     *c = item ? cond_by_inverse(func, item, p) : NULL;
            nd_array *c64 = c ? nd_astype(c, ND_FLOAT64) : NULL;
            if (!c64 || nd_set_f64(res, &i, *(double *)nd_data(c64))) res = NULL;
        }
        return res ? nd_reshape(res, nd_ndim(x) - 2, nd_shape(x)) : NULL;
    }
    nd_array *n1 = inv ? nd_norm(x, p, 2, (int[]){-2, -1}, false) : NULL;
    nd_array *n2 = n1 ? nd_norm(inv, p, 2, (int[]){-2, -1}, false) : NULL;
    return n2 ? nd_multiply(n1, n2, NULL) : NULL;
}

ND_API nd_array *nd_cond(const nd_array *x, const char *p) {
    static const char func[] = "nd_cond";
    if (!x) return nd__null_arg(func, "x"), NULL;
    static const char *const ords[] = {"2", "-2", "fro", "nuc", "inf", "-inf", "1", "-1"};
    int which = -1;
    for (int k = 0; p && k < 8; k++)
        if (!strcmp(p, ords[k])) which = k;
    if (p && which < 0)
        return nd__error(ND_ERR_VALUE, func, "Invalid norm order for matrices."), NULL;
    int nd = nd_ndim(x);
    if (nd >= 2 && (nd_shape(x)[nd - 1] == 0 || nd_shape(x)[nd - 2] == 0))
        return nd__error(ND_ERR_LINALG, func, "cond is not defined on empty arrays"), NULL;
    if (nd__la_check(func, x, which > 1)) return NULL;
    nd_scope *s = open_scope(func);
    if (!s) return NULL;
    nd_array *r = NULL;
    if (which <= 1) { /* the ratio of the extreme singular values */
        nd_array *sv = NULL;
        if (nd_svd(x, false, NULL, &sv, NULL)) return close_scope(s, NULL);
        nd_array *hi = nd_slice(sv, "..., 0"), *lo = hi ? nd_slice(sv, "..., -1") : NULL;
        r = lo ? (which == 1 ? nd_divide(lo, hi, NULL) : nd_divide(hi, lo, NULL)) : NULL;
    } else {
        r = cond_by_inverse(func, x, p);
        nd_la_kind k;
        if (r && !nd__la_kind(func, nd_get_dtype(x), &k) && nd_get_dtype(r) != k.out)
            r = nd_astype(r, k.out); /* NumPy: complex for complex input */
    }
    if (r) r = nan_to_inf(r, x);
    return close_scope(s, r);
}

/* ---- tensorinv, tensorsolve ---- */

ND_API nd_array *nd_tensorinv(const nd_array *a, int ind) {
    static const char func[] = "nd_tensorinv";
    if (!a) return nd__null_arg(func, "a"), NULL;
    if (ind <= 0) return nd__error(ND_ERR_VALUE, func, "Invalid ind argument."), NULL;
    int n = nd_ndim(a);
    int64_t prod = 1, inv_shape[ND_MAX_DIMS];
    for (int d = ind; d < n; d++) prod *= nd_shape(a)[d];
    for (int d = 0; d < n; d++) inv_shape[d] = nd_shape(a)[ind >= n ? d : (d + ind) % n];
    if (prod == 0)
        return nd__error(ND_ERR_VALUE, func,
                         "cannot reshape array of size %lld into shape (0,newaxis)",
                         (long long)nd_size(a)),
               NULL;
    nd_scope *s = open_scope(func);
    if (!s) return NULL;
    nd_array *m = nd_reshape(a, 2, (int64_t[]){prod, -1});
    nd_array *ia = m ? nd_inv(m) : NULL;
    return close_scope(s, ia ? nd_reshape(ia, n, inv_shape) : NULL);
}

ND_API nd_array *nd_tensorsolve(const nd_array *a, const nd_array *b, int naxes, const int *axes) {
    static const char func[] = "nd_tensorsolve";
    if (!a) return nd__null_arg(func, "a"), NULL;
    if (!b) return nd__null_arg(func, "b"), NULL;
    if (naxes < 0) return nd__bad_count(func, "naxes", naxes), NULL;
    if (naxes > 0 && !axes) return nd__null_arg(func, "axes"), NULL;
    int an = nd_ndim(a), bn = nd_ndim(b);
    if (naxes > an)
        return nd__error(ND_ERR_AXIS, func, "too many axes (%d) for %d dimensions", naxes, an),
               NULL;
    /* the axes moved to the end, in the order given */
    int perm[ND_MAX_DIMS], np = an;
    for (int d = 0; d < an; d++) perm[d] = d;
    for (int k = 0; k < naxes; k++) {
        int ax = axes[k], at = -1; /* NumPy's list.remove: no negative axes */
        for (int d = 0; d < np; d++)
            if (perm[d] == ax) at = d;
        if (ax < 0 || ax >= an || at < 0)
            return nd__error(ND_ERR_VALUE, func, "list.remove(x): x not in list"), NULL;
        for (int d = at; d < np - 1; d++) perm[d] = perm[d + 1];
        perm[np - 1] = ax;
    }
    if (bn > an)
        return nd__error(ND_ERR_LINALG, func,
                         "Input arrays must satisfy the requirement prod(a.shape[b.ndim:]) == "
                         "prod(a.shape[:b.ndim])"),
               NULL;
    int64_t shape[ND_MAX_DIMS], prod = 1;
    int k = an - bn, first = k == 0 ? 0 : an - k;
    for (int d = first; d < an; d++)
        shape[d - first] = nd_shape(a)[perm[d]], prod *= shape[d - first];
    if (prod != 0 && (double)prod * (double)prod != (double)nd_size(a))
        return nd__error(ND_ERR_LINALG, func,
                         "Input arrays must satisfy the requirement prod(a.shape[b.ndim:]) == "
                         "prod(a.shape[:b.ndim])"),
               NULL;
    if (prod * prod != nd_size(a))
        return nd__error(ND_ERR_LINALG, func,
                         "Input arrays must satisfy the requirement prod(a.shape[b.ndim:]) == "
                         "prod(a.shape[:b.ndim])"),
               NULL;
    nd_scope *s = open_scope(func);
    if (!s) return NULL;
    nd_array *t = nd_transpose(a, perm);
    nd_array *m = t ? nd_reshape(t, 2, (int64_t[]){prod, prod}) : NULL;
    nd_array *v = m ? nd_ravel(b) : NULL;
    nd_array *x = v ? nd_solve(m, v) : NULL;
    return close_scope(s, x ? nd_reshape(x, an - first, shape) : NULL);
}
