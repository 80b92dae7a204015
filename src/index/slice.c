/* nd_slice: NumPy basic indexing written as text ("1:, ::-1", "..., 0",
   "None, :"). The whole text is parsed first, as Python compiles a[...]
   before NumPy sees the index; then the checks run in the order of NumPy's
   prepare_index, and the items are applied left to right as in its
   get_view_from_index, so the same index fails with the same message and
   succeeds with the same shape, strides and data pointer. */
#include <ctype.h>
#include <string.h>

#include "core/internal.h"
#include "nd/view.h"

typedef enum { ITEM_INT, ITEM_SLICE, ITEM_NEWAXIS, ITEM_ELLIPSIS } item_kind;

typedef struct {
    item_kind kind;
    int64_t v[3];  /* int: v[0]; slice: start, stop, step */
    bool given[3]; /* which slice parts were written */
    long long column;
} item;

/* NumPy refuses index tuples longer than this before looking at them. */
#define MAX_ITEMS (2 * ND_MAX_DIMS)

static const char *const func = "nd_slice";

typedef struct {
    const char *s, *p;
} lexer;

static long long column(const lexer *lx) { return (long long)(lx->p - lx->s) + 1; }

static void skip_ws(lexer *lx) {
    while (*lx->p == ' ' || *lx->p == '\t' || *lx->p == '\n' || *lx->p == '\r') lx->p++;
}

static nd_status unexpected(const lexer *lx) {
    unsigned char c = (unsigned char)*lx->p;
    if (!c)
        return nd__error(ND_ERR_INDEX, func, "unexpected end of index at column %lld", column(lx));
    if (!isprint(c))
        return nd__error(ND_ERR_INDEX, func, "unexpected byte 0x%02x at column %lld", c,
                         column(lx));
    return nd__error(ND_ERR_INDEX, func, "unexpected '%c' at column %lld", c, column(lx));
}

static nd_status digits(lexer *lx, bool neg, long long col, int64_t *v) {
    /* Python refuses "012" but takes "00". */
    if (lx->p[0] == '0' && isdigit((unsigned char)lx->p[strspn(lx->p, "0")]))
        return nd__error(
            ND_ERR_INDEX, func,
            "leading zeros in decimal integer literals are not permitted at column %lld",
            column(lx));
    uint64_t u = 0, limit = (uint64_t)INT64_MAX + neg; /* -2**63 fits, 2**63 does not */
    for (; isdigit((unsigned char)*lx->p); lx->p++) {
        uint64_t d = (uint64_t)(*lx->p - '0');
        if (u > (limit - d) / 10)
            return nd__error(ND_ERR_INDEX, func, "integer out of range at column %lld", col);
        u = u * 10 + d;
    }
    *v = !neg ? (int64_t)u : u > (uint64_t)INT64_MAX ? INT64_MIN : -(int64_t)u;
    return ND_OK;
}

/* An optional signed integer; *found says whether one was there. */
static nd_status parse_int(lexer *lx, int64_t *v, bool *found) {
    skip_ws(lx);
    long long col = column(lx);
    bool sign = *lx->p == '-' || *lx->p == '+', neg = *lx->p == '-';
    if (sign) {
        lx->p++;
        skip_ws(lx); /* Python reads "- 1" as -1 */
    }
    *found = isdigit((unsigned char)*lx->p);
    if (!*found) return sign ? unexpected(lx) : ND_OK;
    return digits(lx, neg, col, v);
}

static const struct {
    const char *word;
    item_kind kind;
} keywords[] = {
    {"...", ITEM_ELLIPSIS},       {"Ellipsis", ITEM_ELLIPSIS}, {"None", ITEM_NEWAXIS},
    {"np.newaxis", ITEM_NEWAXIS}, {"newaxis", ITEM_NEWAXIS},
};

static bool is_ident(char c) { return isalnum((unsigned char)c) || c == '_'; }

static bool keyword(lexer *lx, item_kind *kind) {
    for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++) {
        size_t n = strlen(keywords[i].word);
        if (strncmp(lx->p, keywords[i].word, n) != 0) continue;
        if (is_ident(keywords[i].word[n - 1]) && is_ident(lx->p[n])) continue; /* "Nonex" */
        lx->p += n;
        *kind = keywords[i].kind;
        return true;
    }
    return false;
}

static nd_status parse_item(lexer *lx, item *it) {
    skip_ws(lx);
    memset(it, 0, sizeof *it);
    it->column = column(lx);
    if (keyword(lx, &it->kind)) return ND_OK;
    if (parse_int(lx, &it->v[0], &it->given[0])) return ND_ERR_INDEX;
    skip_ws(lx);
    if (*lx->p != ':') {
        it->kind = ITEM_INT;
        return it->given[0] ? ND_OK : unexpected(lx);
    }
    it->kind = ITEM_SLICE;
    for (int part = 1; part < 3 && *lx->p == ':'; part++) {
        lx->p++;
        if (parse_int(lx, &it->v[part], &it->given[part])) return ND_ERR_INDEX;
        skip_ws(lx);
    }
    return ND_OK;
}

/* Items separated by commas, one trailing comma allowed ("1," is a[1,]).
   "" and "()" are the empty tuple. Counts items beyond MAX_ITEMS without
   keeping them, so a syntax error anywhere still wins, as in Python. */
static nd_status parse(lexer *lx, item *items, int *n) {
    *n = 0;
    skip_ws(lx);
    if (*lx->p == '(') {
        lexer t = {lx->s, lx->p + 1};
        skip_ws(&t);
        if (*t.p == ')') {
            t.p++;
            skip_ws(&t);
            *lx = t;
            return *lx->p ? unexpected(lx) : ND_OK;
        }
    }
    while (*lx->p) {
        item spare;
        if (parse_item(lx, *n < MAX_ITEMS ? &items[*n] : &spare)) return ND_ERR_INDEX;
        if (*n <= MAX_ITEMS) ++*n;
        skip_ws(lx);
        if (!*lx->p) break;
        if (*lx->p != ',') return unexpected(lx);
        lx->p++;
        skip_ws(lx);
    }
    if (*n > MAX_ITEMS) return nd__error(ND_ERR_INDEX, func, "too many indices for array");
    return ND_OK;
}

/* prepare_index's checks; *fill is the number of axes "..." stands for. */
static nd_status check_items(const nd_array *a, const item *items, int n, int *fill) {
    int used = 0, added = 0, ellipses = 0;
    for (int i = 0; i < n; i++) {
        if (items[i].kind == ITEM_ELLIPSIS && ellipses++)
            return nd__error(ND_ERR_INDEX, func,
                             "an index can only have a single ellipsis ('...')");
        used += items[i].kind == ITEM_INT || items[i].kind == ITEM_SLICE;
        added += items[i].kind == ITEM_SLICE || items[i].kind == ITEM_NEWAXIS;
    }
    if (used > a->ndim)
        return nd__error(ND_ERR_INDEX, func,
                         "too many indices for array: array is %d-dimensional, but %d were indexed",
                         a->ndim, used);
    *fill = a->ndim - used;
    if (added + *fill > ND_MAX_DIMS)
        return nd__error(
            ND_ERR_INDEX, func,
            "number of dimensions must be within [0, %d], indexing result would have %d",
            ND_MAX_DIMS, added + *fill);
    return ND_OK;
}

typedef struct {
    int ndim;
    int64_t shape[ND_MAX_DIMS], strides[ND_MAX_DIMS];
    char *data;
} layout;

static void push(layout *r, int64_t size, int64_t stride) {
    r->shape[r->ndim] = size;
    r->strides[r->ndim++] = stride;
}

/* Moves the data pointer k < n elements along an axis of n: the product
   stays within the array's extent, which its creator checked. */
static void advance(layout *r, int64_t k, int64_t stride) { r->data += k * stride; }

static nd_status apply_int(const nd_array *a, const item *it, int dim, layout *r) {
    int64_t v = it->v[0], size = a->shape[dim];
    if (v < -size || v >= size)
        return nd__error(ND_ERR_INDEX, func,
                         "index %lld is out of bounds for axis %d with size %lld", (long long)v,
                         dim, (long long)size);
    advance(r, v < 0 ? v + size : v, a->strides[dim]);
    return ND_OK;
}

static nd_status apply_slice(const nd_array *a, const item *it, int dim, layout *r) {
    if (it->given[2] && it->v[2] == 0)
        return nd__error(ND_ERR_VALUE, func, "slice step cannot be zero at column %lld",
                         it->column);
    int64_t off, stride,
        len = nd__slice_axis(a->shape[dim], a->strides[dim], it->given[0] ? &it->v[0] : NULL,
                             it->given[1] ? &it->v[1] : NULL, it->given[2] ? it->v[2] : 1, &off,
                             &stride);
    r->data += off;
    push(r, len, stride);
    return ND_OK;
}

nd_array *nd_slice(const nd_array *a, const char *spec) {
    if (!a) return nd__null_arg(func, "a"), NULL;
    if (!spec) return nd__null_arg(func, "spec"), NULL;
    item items[MAX_ITEMS];
    int n, fill;
    lexer lx = {spec, spec};
    if (parse(&lx, items, &n) || check_items(a, items, n, &fill)) return NULL;
    layout r = {.ndim = 0, .data = a->data};
    int dim = 0;
    for (int i = 0; i < n; i++) {
        switch (items[i].kind) {
        case ITEM_INT:
            if (apply_int(a, &items[i], dim++, &r)) return NULL;
            break;
        case ITEM_SLICE:
            if (apply_slice(a, &items[i], dim++, &r)) return NULL;
            break;
        case ITEM_NEWAXIS:
            push(&r, 1, 0);
            break;
        case ITEM_ELLIPSIS:
            for (int k = 0; k < fill; k++, dim++) push(&r, a->shape[dim], a->strides[dim]);
            break;
        }
    }
    for (; dim < a->ndim; dim++) push(&r, a->shape[dim], a->strides[dim]); /* implicit "..." */
    return nd__view(func, a, r.ndim, r.shape, r.strides, r.data);
}

/* One axis sliced with run-time bounds, no text to format or parse. */
nd_array *nd_slice_at(const nd_array *a, int axis, int64_t start, int64_t stop, int64_t step) {
    static const char *fn = "nd_slice_at";
    if (!a) return nd__null_arg(fn, "a"), NULL;
    int ax;
    if (nd__normalize_axis(fn, axis, a->ndim, &ax)) return NULL;
    if (step == 0) return nd__error(ND_ERR_VALUE, fn, "slice step cannot be zero"), NULL;
    int64_t shape[ND_MAX_DIMS], strides[ND_MAX_DIMS], off, stride;
    memcpy(shape, a->shape, sizeof(int64_t) * (size_t)a->ndim);
    memcpy(strides, a->strides, sizeof(int64_t) * (size_t)a->ndim);
    shape[ax] = nd__slice_axis(a->shape[ax], a->strides[ax], start == ND_SLICE_NONE ? NULL : &start,
                               stop == ND_SLICE_NONE ? NULL : &stop,
                               step == ND_SLICE_NONE ? 1 : step, &off, &stride);
    strides[ax] = stride;
    return nd__view(fn, a, a->ndim, shape, strides, a->data + off);
}
