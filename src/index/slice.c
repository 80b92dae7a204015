/* nd_slice: NumPy basic indexing written as text ("1:, ::-1", "..., 0",
   "None, :"). Parsing first builds a list of items, then applies them with
   Python's slice rules (slice.indices), so the view equals NumPy's. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/internal.h"

typedef enum { ITEM_INT, ITEM_SLICE, ITEM_NEWAXIS, ITEM_ELLIPSIS } item_kind;

typedef struct {
    item_kind kind;
    int64_t v[3];    /* int: v[0]; slice: start, stop, step */
    bool given[3];   /* which slice parts were written */
    int column;      /* 1-based, for messages */
} item;

#define MAX_ITEMS 64

typedef struct {
    const char *s, *p;
    const char *func;
} lexer;

static int column(const lexer *lx) { return (int)(lx->p - lx->s) + 1; }

static void skip_ws(lexer *lx) {
    while (*lx->p == ' ' || *lx->p == '\t') lx->p++;
}

static nd_status unexpected(const lexer *lx) {
    if (!*lx->p) return nd__error(ND_ERR_INDEX, lx->func, "unexpected end of index at column %d", column(lx));
    return nd__error(ND_ERR_INDEX, lx->func, "unexpected '%c' at column %d", *lx->p, column(lx));
}

/* An optional signed integer; *found says whether one was there. */
static nd_status parse_int(lexer *lx, int64_t *v, bool *found) {
    skip_ws(lx);
    const char *start = lx->p;
    bool neg = false;
    if (*lx->p == '-' || *lx->p == '+') neg = *lx->p++ == '-';
    skip_ws(lx);
    if (!isdigit((unsigned char)*lx->p)) {
        if (lx->p != start) return unexpected(lx);
        *found = false;
        return ND_OK;
    }
    uint64_t u = 0;
    while (isdigit((unsigned char)*lx->p)) {
        uint64_t d = (uint64_t)(*lx->p - '0');
        if (u > (UINT64_MAX - d) / 10 || u * 10 + d > (uint64_t)INT64_MAX + neg)
            return nd__error(ND_ERR_INDEX, lx->func, "integer out of range at column %d", (int)(start - lx->s) + 1);
        u = u * 10 + d;
        lx->p++;
    }
    *v = neg ? (int64_t)(0 - u) : (int64_t)u;
    *found = true;
    return ND_OK;
}

static bool word(lexer *lx, const char *w) {
    size_t n = strlen(w);
    if (strncmp(lx->p, w, n) != 0 || isalnum((unsigned char)lx->p[n]) || lx->p[n] == '_') return false;
    lx->p += n;
    return true;
}

static nd_status parse_item(lexer *lx, item *it) {
    skip_ws(lx);
    memset(it, 0, sizeof *it);
    it->column = column(lx);
    if (strncmp(lx->p, "...", 3) == 0) {
        lx->p += 3;
        it->kind = ITEM_ELLIPSIS;
        return ND_OK;
    }
    if (word(lx, "None") || word(lx, "newaxis") || word(lx, "np.newaxis")) {
        it->kind = ITEM_NEWAXIS;
        return ND_OK;
    }
    bool found;
    if (parse_int(lx, &it->v[0], &found)) return ND_ERR_INDEX;
    it->given[0] = found;
    skip_ws(lx);
    if (*lx->p != ':') {
        if (!found) return unexpected(lx);
        it->kind = ITEM_INT;
        return ND_OK;
    }
    it->kind = ITEM_SLICE;
    for (int part = 1; part < 3 && *lx->p == ':'; part++) {
        lx->p++;
        if (parse_int(lx, &it->v[part], &it->given[part])) return ND_ERR_INDEX;
        skip_ws(lx);
    }
    return ND_OK;
}

static nd_status parse(lexer *lx, item *items, int *n) {
    *n = 0;
    skip_ws(lx);
    if (!*lx->p) return ND_OK;
    if (lx->p[0] == '(' && lx->p[1] == ')') { /* a[()] */
        lx->p += 2;
        skip_ws(lx);
        return *lx->p ? unexpected(lx) : ND_OK;
    }
    for (;;) {
        if (*n == MAX_ITEMS) return nd__error(ND_ERR_INDEX, lx->func, "too many index items (at most %d)", MAX_ITEMS);
        if (parse_item(lx, &items[(*n)++])) return ND_ERR_INDEX;
        skip_ws(lx);
        if (!*lx->p) return ND_OK;
        if (*lx->p != ',') return unexpected(lx);
        lx->p++;
        skip_ws(lx);
        if (!*lx->p) return ND_OK; /* a trailing comma, as in Python's (1,) */
    }
}

/* Python's slice.indices(n) and the resulting length. */
static int64_t slice_indices(const item *it, int64_t n, int64_t *start, int64_t *step) {
    int64_t st = it->given[2] ? it->v[2] : 1;
    int64_t lo = st < 0 ? -1 : 0, hi = st < 0 ? n - 1 : n;
    int64_t b = it->given[0] ? it->v[0] : (st < 0 ? hi : lo);
    int64_t e = it->given[1] ? it->v[1] : (st < 0 ? lo : hi);
    if (it->given[0]) {
        if (b < 0) b += n;
        b = b < lo ? lo : b > hi ? hi : b;
    }
    if (it->given[1]) {
        if (e < 0) e += n;
        e = e < lo ? lo : e > hi ? hi : e;
    }
    *start = b;
    *step = st;
    if (st > 0) return e > b ? (e - b - 1) / st + 1 : 0;
    return b > e ? (b - e - 1) / (-st) + 1 : 0;
}

nd_array *nd_slice(const nd_array *a, const char *spec) {
    static const char *func = "nd_slice";
    if (!a) return nd__null_arg(func, "a"), NULL;
    if (!spec) return nd__null_arg(func, "spec"), NULL;
    item items[MAX_ITEMS];
    int n;
    lexer lx = {spec, spec, func};
    if (parse(&lx, items, &n)) return NULL;
    int consumed = 0, ellipses = 0, newaxes = 0;
    for (int i = 0; i < n; i++) {
        consumed += items[i].kind == ITEM_INT || items[i].kind == ITEM_SLICE;
        ellipses += items[i].kind == ITEM_ELLIPSIS;
        newaxes += items[i].kind == ITEM_NEWAXIS;
        if (items[i].kind == ITEM_SLICE && items[i].given[2] && items[i].v[2] == 0)
            return nd__error(ND_ERR_INDEX, func, "slice step cannot be zero (column %d)", items[i].column), NULL;
    }
    if (ellipses > 1) return nd__error(ND_ERR_INDEX, func, "an index can only have a single ellipsis ('...')"), NULL;
    if (consumed > a->ndim)
        return nd__error(ND_ERR_INDEX, func, "too many indices for array: array is %d-dimensional, but %d were indexed",
                         a->ndim, consumed),
               NULL;
    int64_t shape[ND_MAX_DIMS], strides[ND_MAX_DIMS];
    int out = 0, dim = 0;
    char *data = a->data;
    bool seen_ellipsis = false;
    for (int i = 0; i <= n; i++) {
        /* past the last item, an implicit ellipsis keeps the rest */
        item_kind k = i < n ? items[i].kind : ITEM_ELLIPSIS;
        if (k == ITEM_ELLIPSIS && (i < n || !seen_ellipsis)) {
            seen_ellipsis |= i < n;
            int keep = a->ndim - consumed;
            consumed = a->ndim; /* a later implicit ellipsis keeps nothing */
            for (int j = 0; j < keep; j++, dim++, out++) {
                if (out >= ND_MAX_DIMS) goto too_many;
                shape[out] = a->shape[dim], strides[out] = a->strides[dim];
            }
        } else if (k == ITEM_NEWAXIS) {
            if (out >= ND_MAX_DIMS) goto too_many;
            shape[out] = 1, strides[out++] = 0;
        } else if (k == ITEM_INT) {
            int64_t v = items[i].v[0], size = a->shape[dim];
            if (v < -size || v >= size)
                return nd__error(ND_ERR_INDEX, func, "index %lld is out of bounds for axis %d with size %lld", (long long)v,
                                 dim, (long long)size),
                       NULL;
            data += (v < 0 ? v + size : v) * a->strides[dim++];
        } else if (k == ITEM_SLICE) {
            int64_t start, step, len = slice_indices(&items[i], a->shape[dim], &start, &step);
            if (len == 0) start = 0, step = 1; /* NumPy's view of an empty slice */
            if (out >= ND_MAX_DIMS) goto too_many;
            data += start * a->strides[dim];
            shape[out] = len, strides[out++] = a->strides[dim++] * step;
        }
    }
    return nd__view(func, a, out, shape, strides, data);
too_many:
    nd__error(ND_ERR_INDEX, func, "the result would have more than %d dimensions", ND_MAX_DIMS);
    return NULL;
}
