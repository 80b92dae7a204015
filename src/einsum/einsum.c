/* np.einsum: the operands, cast to their common dtype, are contracted
   along a path (path.c) two at a time. Each operand's repeated labels are
   a diagonal view (strides summed), labels no other term needs are summed
   first, and a pair is then one product: nd_matmul() over (batch, M, K) x
   (batch, K, N) when labels are summed (BLAS for float and complex), a
   broadcast nd_multiply() when none is, and multiply-then-sum for a batch
   of dot products. */
#include <string.h>

#include "einsum/einsum_internal.h"
#include "nd/linalg.h"
#include "nd/reduce.h"
#include "nd/ufunc.h"
#include "nd/view.h"

static const char func[] = "nd_einsum";

/* An operand or intermediate: an owned array and the label of each axis. */
typedef struct {
    nd_array *a;
    int n;
    uint8_t lab[ND_MAX_DIMS];
} term;

static nd_lset term_set(const term *t) {
    nd_lset r = {{0, 0}};
    for (int d = 0; d < t->n; d++) nd_lset_add(&r, t->lab[d]);
    return r;
}

static int axis_of(const term *t, int l) {
    for (int d = 0; d < t->n; d++)
        if (t->lab[d] == l) return d;
    return -1;
}

/* Replaces t->a (released) with r; false when r is NULL. */
static bool replace(term *t, nd_array *r) {
    nd_release(t->a);
    t->a = r;
    return r != NULL;
}

/* A view of t with the axes labelled want[0..n): a label t lacks is an
   axis of length 1, and with size given an axis of length 1 is stretched
   to size[label] (stride 0). */
static nd_array *view_labels(const term *t, const uint8_t *want, int n, const int64_t *size) {
    int64_t shape[ND_MAX_DIMS], strides[ND_MAX_DIMS];
    const int64_t *sh = nd_shape(t->a), *st = nd_strides(t->a);
    for (int j = 0; j < n; j++) {
        int d = axis_of(t, want[j]);
        shape[j] = d < 0 ? 1 : sh[d];
        strides[j] = d < 0 ? 0 : st[d];
        if (size && shape[j] == 1 && size[want[j]] != 1) shape[j] = size[want[j]], strides[j] = 0;
    }
    return nd__view(func, t->a, n, shape, strides, nd_data(t->a));
}

/* The diagonal of repeated labels: one axis per label, strides summed. */
static bool take_diagonals(term *t) {
    int64_t shape[ND_MAX_DIMS], strides[ND_MAX_DIMS];
    uint8_t lab[ND_MAX_DIMS];
    int n = 0;
    const int64_t *sh = nd_shape(t->a), *st = nd_strides(t->a);
    for (int d = 0; d < t->n; d++) {
        int j = 0;
        while (j < n && lab[j] != t->lab[d]) j++;
        if (j == n) lab[n] = t->lab[d], shape[n] = sh[d], strides[n++] = 0;
        strides[j] += st[d];
    }
    if (n == t->n) return true;
    memcpy(t->lab, lab, (size_t)n);
    t->n = n;
    return replace(t, nd__view(func, t->a, n, shape, strides, nd_data(t->a)));
}

/* Sums the last naxes axes of a (or the axes listed) into a new array of
   a's dtype: integer sums wrap at that width, bool sums are logical or. */
static nd_array *sum_axes(const nd_array *a, int naxes, const int *axes) {
    int64_t shape[ND_MAX_DIMS];
    int n = 0;
    bool gone[ND_MAX_DIMS] = {false};
    for (int k = 0; k < naxes; k++) gone[axes[k]] = true;
    for (int d = 0; d < nd_ndim(a); d++)
        if (!gone[d]) shape[n++] = nd_shape(a)[d];
    nd_dtype t = nd_get_dtype(a);
    nd_array *out = nd_empty(t, n, shape);
    if (!out) return NULL;
    nd_array *r =
        nd_reduce(t == ND_BOOL ? ND_OP_LOGICAL_OR : ND_OP_ADD, a, naxes, axes, false, out);
    if (r && r != out) { /* an empty reduction answers with a new array */
        int st = nd_assign(out, r);
        nd_release(r);
        r = st ? NULL : out;
    }
    if (!r) nd_release(out);
    return r;
}

/* Sums the labels of t that are not in keep. */
static bool sum_out(term *t, nd_lset keep) {
    int axes[ND_MAX_DIMS], na = 0, m = 0;
    for (int d = 0; d < t->n; d++) {
        if (nd_lset_has(keep, t->lab[d]))
            t->lab[m++] = t->lab[d];
        else
            axes[na++] = d;
    }
    if (!na) return true;
    t->n = m;
    return replace(t, sum_axes(t->a, na, axes));
}

static int64_t extent(const nd_ein_spec *s, const uint8_t *lab, int n) {
    int64_t p = 1;
    for (int j = 0; j < n; j++) p *= s->size[lab[j]];
    return p;
}

/* A times B summed over their shared labels outside keep; the result (in
 *a, b released) has the labels batch, a's own, b's own. */
static bool contract_pair(const nd_ein_spec *s, term *a, term *b, nd_lset keep) {
    if (!sum_out(a, nd_lset_or(keep, term_set(b))) || !sum_out(b, nd_lset_or(keep, term_set(a))))
        return false;
    uint8_t batch[ND_MAX_DIMS], aonly[ND_MAX_DIMS], bonly[ND_MAX_DIMS], contr[ND_MAX_DIMS];
    int nb = 0, na = 0, nn = 0, nc = 0;
    for (int d = 0; d < a->n; d++) {
        int l = a->lab[d];
        if (axis_of(b, l) < 0)
            aonly[na++] = (uint8_t)l;
        else if (nd_lset_has(keep, l))
            batch[nb++] = (uint8_t)l;
        else
            contr[nc++] = (uint8_t)l;
    }
    for (int d = 0; d < b->n; d++)
        if (axis_of(a, b->lab[d]) < 0) bonly[nn++] = b->lab[d];
    if (nb + na + nn > ND_MAX_DIMS) {
        nd__error(ND_ERR_SHAPE, func,
                  "an intermediate result would have %d dimensions, more than %d", nb + na + nn,
                  ND_MAX_DIMS);
        return false;
    }
    uint8_t lab[2 * ND_MAX_DIMS];
    int n = 0;
    memcpy(lab + n, batch, (size_t)nb), n += nb;
    memcpy(lab + n, aonly, (size_t)na), n += na;
    nd_array *r = NULL;
    if (!nc || (!na && !nn && extent(s, batch, nb) > 1)) {
        /* no summed label: a broadcast product; only summed labels besides
           the batch: many dot products, multiplied then summed */
        memcpy(lab + n, nc ? contr : bonly, (size_t)(nc ? nc : nn));
        int m = n + (nc ? nc : nn);
        nd_array *x = view_labels(a, lab, m, NULL), *y = view_labels(b, lab, m, NULL);
        nd_array *p = x && y ? nd_multiply(x, y, NULL) : NULL;
        nd_release(x), nd_release(y);
        if (p && nc) {
            int axes[ND_MAX_DIMS];
            for (int k = 0; k < nc; k++) axes[k] = n + k;
            r = sum_axes(p, nc, axes);
            nd_release(p);
        } else {
            r = p;
            n = m;
        }
    } else {
        /* a matrix product: (batch, M, K) @ (batch, K, N) */
        int64_t shp[ND_MAX_DIMS + 2];
        memcpy(lab + n, contr, (size_t)nc);
        nd_array *x = view_labels(a, lab, n + nc, s->size), *x2 = NULL;
        if (x) {
            for (int j = 0; j < nb; j++) shp[j] = nd_shape(x)[j];
            shp[nb] = extent(s, aonly, na), shp[nb + 1] = extent(s, contr, nc);
            x2 = nd_reshape(x, nb + 2, shp);
        }
        uint8_t blab[2 * ND_MAX_DIMS];
        memcpy(blab, batch, (size_t)nb);
        memcpy(blab + nb, contr, (size_t)nc);
        memcpy(blab + nb + nc, bonly, (size_t)nn);
        nd_array *y = x2 ? view_labels(b, blab, nb + nc + nn, s->size) : NULL, *y2 = NULL;
        if (y) {
            for (int j = 0; j < nb; j++) shp[j] = nd_shape(y)[j];
            shp[nb] = extent(s, contr, nc), shp[nb + 1] = extent(s, bonly, nn);
            y2 = nd_reshape(y, nb + 2, shp);
        }
        nd_array *p = y2 ? nd_matmul(x2, y2, NULL) : NULL;
        if (p) {
            for (int j = 0; j < nb; j++) shp[j] = nd_shape(p)[j];
            for (int j = 0; j < na; j++) shp[nb + j] = s->size[aonly[j]];
            for (int j = 0; j < nn; j++) shp[nb + na + j] = s->size[bonly[j]];
            r = nd_reshape(p, nb + na + nn, shp);
        }
        nd_release(x), nd_release(x2), nd_release(y), nd_release(y2), nd_release(p);
        memcpy(lab + n, bonly, (size_t)nn);
        n += nn;
    }
    nd_release(b->a);
    b->a = NULL;
    if (!replace(a, r)) return false;
    memcpy(a->lab, lab, (size_t)n);
    a->n = n;
    return true;
}

/* The common dtype of the operands. */
static nd_dtype common_dtype(int nop, const nd_array *const *ops) {
    nd_dtype t = nd_get_dtype(ops[0]);
    for (int i = 1; i < nop; i++) t = nd_result_type(t, nd_get_dtype(ops[i]));
    return t;
}

static nd_status check_out(const nd_ein_spec *s, const nd_array *r, const nd_array *out) {
    if (nd_ndim(out) != nd_ndim(r) ||
        memcmp(nd_shape(out), nd_shape(r), sizeof(int64_t) * (size_t)nd_ndim(r))) {
        char a[256], b[256];
        return nd__error(ND_ERR_SHAPE, func, "out has shape %s, the result's shape is %s",
                         nd__shape_str(a, sizeof a, nd_ndim(out), nd_shape(out)),
                         nd__shape_str(b, sizeof b, nd_ndim(r), nd_shape(r)));
    }
    if (!nd_can_cast(nd_get_dtype(r), nd_get_dtype(out), ND_CAST_SAFE))
        return nd__error(ND_ERR_DTYPE, func,
                         "Iterator requested dtype could not be cast from dtype('%s') to "
                         "dtype('%s'), the operand %d dtype, according to the rule 'safe'",
                         nd_dtype_name(nd_get_dtype(r)), nd_dtype_name(nd_get_dtype(out)), s->nop);
    return ND_OK;
}

/* Runs the path over the terms; the result is left in t[0]. */
static bool run_path(const nd_ein_spec *s, const nd_ein_path *p, term *t) {
    int cnt = s->nop;
    nd_lset out = nd__ein_outset(s);
    for (int st = 0; st < p->nsteps; st++) {
        bool at[ND_EIN_MAXOP] = {false};
        for (int j = 0; j < p->k[st]; j++) at[p->pos[st][j]] = true;
        term grp[ND_EIN_MAXOP] = {{0}};
        int ng = 0, m = 0;
        nd_lset others = out;
        for (int i = 0; i < cnt; i++) {
            if (at[i]) {
                grp[ng++] = t[i];
            } else {
                others = nd_lset_or(others, term_set(&t[i]));
                t[m++] = t[i];
            }
        }
        cnt = m;
        /* the group left to right; the later members' labels stay */
        bool ok = true;
        for (int j = 1; j < ng && ok; j++) {
            nd_lset keep = others;
            for (int q = j + 1; q < ng; q++) keep = nd_lset_or(keep, term_set(&grp[q]));
            ok = contract_pair(s, &grp[0], &grp[j], keep);
        }
        if (ok && ng == 1) ok = sum_out(&grp[0], others);
        t[cnt++] = grp[0];
        if (!ok) {
            for (int j = 1; j < ng; j++) nd_release(grp[j].a);
            for (int i = 0; i < cnt; i++) nd_release(t[i].a), t[i].a = NULL;
            return false;
        }
    }
    return true;
}

ND_API nd_array *nd_einsum(const char *subscripts, int nop, nd_array_list ops_list,
                           const char *optimize, nd_array *out) {
    const nd_array *const *ops = ND_LIST_PTR(ops_list);
    nd_ein_mode m;
    if (nd__ein_mode(func, optimize, ND_EIN_NONE, &m)) return NULL;
    nd_ein_spec *s = nd__malloc(sizeof *s);
    nd_ein_path *p = nd__malloc(sizeof *p);
    term *t = nd__calloc(ND_EIN_MAXOP + 1, sizeof *t);
    nd_array *r = NULL;
    if (!s || !p || !t) {
        nd__nomem(func, sizeof *s + sizeof *p);
        goto done;
    }
    if (nd__ein_parse(func, subscripts, nop, ops, s) || nd__ein_find_path(func, s, m, p)) goto done;
    if (out && nd__check_writeable(func, out)) goto done;
    nd_dtype dt = common_dtype(nop, ops);
    bool ok = true;
    for (int i = 0; i < nop && ok; i++) {
        t[i].n = s->nlab[i];
        memcpy(t[i].lab, s->lab[i], (size_t)s->nlab[i]);
        t[i].a = nd_get_dtype(ops[i]) == dt
                     ? nd__view(func, ops[i], nd_ndim(ops[i]), nd_shape(ops[i]), nd_strides(ops[i]),
                                nd_data(ops[i]))
                     : nd_astype(ops[i], dt);
        ok = t[i].a && take_diagonals(&t[i]);
    }
    if (!ok) {
        for (int i = 0; i < nop; i++) nd_release(t[i].a);
        goto done;
    }
    if (!run_path(s, p, t)) goto done;
    if (sum_out(&t[0], nd__ein_outset(s))) r = view_labels(&t[0], s->out, s->nout, NULL);
    nd_release(t[0].a);
    if (r && out) {
        if (check_out(s, r, out) || nd_assign(out, r)) {
            nd_release(r);
            r = NULL;
        } else {
            nd_release(r);
            r = out;
        }
    }
done:
    nd__free(s), nd__free(p), nd__free(t);
    return r;
}
