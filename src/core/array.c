/* Array lifetime, creation and metadata. */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"

static void buffer_init(nd_buffer *b, void *ptr, size_t nbytes, void (*release)(void *), void *ctx,
                        void *block, size_t mapped) {
    b->ptr = ptr;
    b->nbytes = nbytes;
    atomic_init(&b->refcount, 1);
    b->release = release;
    b->ctx = ctx;
    b->block = block;
    b->block_mapped = mapped;
    b->readonly = false;
}

static nd_buffer *buffer_new(void *ptr, size_t nbytes, void (*release)(void *), void *ctx) {
    nd_buffer *b = nd__malloc(sizeof *b);
    if (b) buffer_init(b, ptr, nbytes, release, ctx, ptr, 0);
    return b;
}

/* The last reference drops the count to zero. When the count is 1 the
   caller holds the only reference, so no other thread can be changing it:
   a plain load saves the locked instruction for every temporary. */
static bool last_ref(atomic_long *rc) {
    return atomic_load_explicit(rc, memory_order_acquire) == 1 || atomic_fetch_sub(rc, 1) == 1;
}

static void buffer_release(nd_buffer *b) {
    if (!b || !last_ref(&b->refcount)) return;
    if (b->release) {
        b->release(b->ctx);
    } else {
        nd__array_bytes_free(b->nbytes);
        if (b->block != b->ptr) { /* header, buffer and data in one block */
            if (b->block_mapped)
                nd__big_free(b->block, b->block_mapped);
            else
                nd__free(b->block);
            return;
        }
        nd__aligned_free(b->ptr);
    }
    nd__free(b);
}

nd_array *nd_retain(nd_array *a) {
    if (a) atomic_fetch_add(&a->refcount, 1);
    return a;
}

void nd_release(nd_array *a) {
    if (!a || !last_ref(&a->refcount)) return;
    if (a->scope) nd__scope_drop(a);
    bool in_block = a->flags & ND_FLAG_IN_BLOCK;
    buffer_release(a->buf); /* may free a itself when in_block */
    if (!in_block) nd__free(a);
}

void nd__update_flags(nd_array *a) {
    int64_t isz = (int64_t)nd_dtype_size(a->dtype);
    bool c = true, f = true, empty = false;
    for (int i = 0; i < a->ndim; i++) empty |= a->shape[i] == 0;
    if (!empty) {
        int64_t s = isz;
        for (int i = a->ndim - 1; i >= 0; i--) {
            if (a->shape[i] != 1 && a->strides[i] != s) c = false;
            s *= a->shape[i];
        }
        s = isz;
        for (int i = 0; i < a->ndim; i++) {
            if (a->shape[i] != 1 && a->strides[i] != s) f = false;
            s *= a->shape[i];
        }
    }
    a->flags &= ~(ND_FLAG_C_CONTIG | ND_FLAG_F_CONTIG);
    if (c) a->flags |= ND_FLAG_C_CONTIG;
    if (f) a->flags |= ND_FLAG_F_CONTIG;
}

static nd_array *array_shell(const char *func, nd_dtype t, int ndim, const int64_t *shape) {
    nd_array *a = nd__malloc(sizeof *a);
    if (!a) return nd__nomem(func, sizeof *a), NULL;
    memset(a, 0, sizeof *a);
    a->dtype = t;
    a->ndim = ndim;
    a->flags = ND_FLAG_WRITEABLE;
    atomic_init(&a->refcount, 1);
    if (ndim) memcpy(a->shape, shape, sizeof(int64_t) * (size_t)ndim);
    return a;
}

/* One allocation holds the header, the buffer and the data (64-byte
   aligned): a small array costs one malloc, not three. The block lives as
   long as the buffer, which the header itself holds a reference to. Plain
   malloc with the data aligned inside the block: glibc's aligned_alloc
   splits chunks and costs ~100 ns per small array. */
enum { BLOCK_HEAD = sizeof(nd_array) + sizeof(nd_buffer) + 63 };

nd_array *nd__alloc(const char *func, nd_dtype t, int ndim, const int64_t *shape, nd_order order,
                    bool zero) {
    int64_t size;
    if (nd__check_dtype(func, t) || nd__shape_check(func, ndim, shape, nd_dtype_size(t), &size))
        return NULL;
    size_t nbytes = (size_t)size * nd_dtype_size(t);
    size_t mapped = 0;
    char *block = nbytes > SIZE_MAX - BLOCK_HEAD ? NULL
                  : BLOCK_HEAD + nbytes >= ND_BIG_BLOCK
                      ? nd__big_alloc(BLOCK_HEAD + nbytes, &mapped)
                      : nd__malloc(BLOCK_HEAD + nbytes);
    if (!block) return nd__nomem(func, nbytes), NULL;
    nd_array *a = (nd_array *)(void *)block;
    nd_buffer *b = (nd_buffer *)(void *)(block + sizeof(nd_array));
    uintptr_t data_at = (uintptr_t)(b + 1);
    char *p = block + ((data_at + 63) & ~(uintptr_t)63) - (uintptr_t)block;
    memset(a, 0, offsetof(nd_array, shape));
    a->dtype = t;
    a->ndim = ndim;
    a->flags = ND_FLAG_WRITEABLE | ND_FLAG_IN_BLOCK;
    atomic_init(&a->refcount, 1);
    if (ndim) memcpy(a->shape, shape, sizeof(int64_t) * (size_t)ndim);
    buffer_init(b, p, nbytes, NULL, NULL, block, mapped);
    if (zero) memset(p, 0, nbytes);
    nd__array_bytes_alloc(nbytes);
    a->buf = b;
    a->data = p;
    nd__strides_for(ndim, shape, nd_dtype_size(t), order, a->strides);
    nd__update_flags(a);
    return nd__scope_add(func, a);
}

nd_array *nd__view(const char *func, const nd_array *base, int ndim, const int64_t *shape,
                   const int64_t *strides, char *data) {
    nd_array *a = array_shell(func, base->dtype, ndim, shape);
    if (!a) return NULL;
    if (ndim) memcpy(a->strides, strides, sizeof(int64_t) * (size_t)ndim);
    a->data = data;
    a->buf = base->buf;
    atomic_fetch_add(&a->buf->refcount, 1);
    a->flags = base->flags & ND_FLAG_WRITEABLE;
    nd__update_flags(a);
    return nd__scope_add(func, a);
}

nd_array *nd_empty(nd_dtype t, int ndim, const int64_t *shape) {
    return nd__alloc("nd_empty", t, ndim, shape, ND_ORDER_C, false);
}

nd_array *nd_empty_order(nd_dtype t, int ndim, const int64_t *shape, nd_order order) {
    return nd__alloc("nd_empty_order", t, ndim, shape, order, false);
}

nd_array *nd_zeros(nd_dtype t, int ndim, const int64_t *shape) {
    return nd__alloc("nd_zeros", t, ndim, shape, ND_ORDER_C, true);
}

nd_array *nd_zeros_order(nd_dtype t, int ndim, const int64_t *shape, nd_order order) {
    return nd__alloc("nd_zeros_order", t, ndim, shape, order, true);
}

static nd_array *full_from(const char *func, nd_dtype t, int ndim, const int64_t *shape,
                           nd_dtype vt, const void *value) {
    nd_array *a = nd__alloc(func, t, ndim, shape, ND_ORDER_C, false);
    if (!a) return NULL;
    char elem[16];
    nd__cast_one(vt, value, t, elem);
    size_t isz = nd_dtype_size(t);
    int64_t n = nd__shape_prod(ndim, shape);
    /* typed stores of the one value, which the compiler vectorizes (nd's
       own buffers are aligned to more than an item) */
#define FULL_AS(T)                                                                                 \
    do {                                                                                           \
        T x;                                                                                       \
        memcpy(&x, elem, sizeof x);                                                                \
        for (int64_t i = 0; i < n; i++) ((T *)(void *)a->data)[i] = x;                             \
    } while (0)
    if (isz == 1)
        memset(a->data, (unsigned char)elem[0], (size_t)n);
    else if (isz == 2)
        FULL_AS(uint16_t);
    else if (isz == 4)
        FULL_AS(uint32_t);
    else if (isz == 8)
        FULL_AS(uint64_t);
    else
        for (int64_t i = 0; i < n; i++) memcpy(a->data + i * (int64_t)isz, elem, isz);
#undef FULL_AS
    return a;
}

nd_array *nd_ones(nd_dtype t, int ndim, const int64_t *shape) {
    double one = 1.0;
    return full_from("nd_ones", t, ndim, shape, ND_FLOAT64, &one);
}

nd_array *nd_full(nd_dtype t, int ndim, const int64_t *shape, double value) {
    return full_from("nd_full", t, ndim, shape, ND_FLOAT64, &value);
}

nd_array *nd_full_typed(nd_dtype t, int ndim, const int64_t *shape, const void *value) {
    if (!value) return nd__null_arg("nd_full_typed", "value"), NULL;
    return full_from("nd_full_typed", t, ndim, shape, t, value);
}

nd_array *nd_scalar(nd_dtype t, const void *value) {
    if (!value) return nd__null_arg("nd_scalar", "value"), NULL;
    return full_from("nd_scalar", t, 0, NULL, t, value);
}

static nd_array *literal(const char *func, nd_dtype t, const void *v) {
    nd_array *a = full_from(func, t, 0, NULL, t, v);
    if (a) a->flags |= ND_FLAG_WEAK;
    return a;
}

nd_array *nd_lit_f64(double v) { return literal("nd_lit_f64", ND_FLOAT64, &v); }
nd_array *nd_lit_i64(int64_t v) { return literal("nd_lit_i64", ND_INT64, &v); }
nd_array *nd_lit_c128(nd_complex128 v) { return literal("nd_lit_c128", ND_COMPLEX128, &v); }
bool nd_is_weak(const nd_array *a) {
    return a ? (a->flags & ND_FLAG_WEAK) != 0 : (nd__null_arg("nd_is_weak", "a"), false);
}

nd_status nd__check_writeable(const char *func, const nd_array *a) {
    if (a->flags & ND_FLAG_WRITEABLE) return ND_OK;
    return nd__error(ND_ERR_VALUE, func, "assignment destination is read-only");
}

nd_array *nd_from_buffer(nd_dtype t, int ndim, const int64_t *shape, const void *src) {
    if (!src) return nd__null_arg("nd_from_buffer", "src"), NULL;
    nd_array *a = nd__alloc("nd_from_buffer", t, ndim, shape, ND_ORDER_C, false);
    if (a) memcpy(a->data, src, a->buf->nbytes);
    return a;
}

static void noop_release(void *ctx) { (void)ctx; }

nd_array *nd_wrap(void *data, nd_dtype t, int ndim, const int64_t *shape, const int64_t *strides,
                  void (*release)(void *ctx), void *ctx) {
    static const char *func = "nd_wrap";
    int64_t size;
    if (nd__check_dtype(func, t) || nd__shape_check(func, ndim, shape, nd_dtype_size(t), &size))
        return NULL;
    if (!data && size > 0) return nd__null_arg(func, "data"), NULL;
    if (nd__scope_reserve(func)) return NULL;
    nd_array *a = array_shell(func, t, ndim, shape);
    if (!a) return NULL;
    if (strides)
        memcpy(a->strides, strides, sizeof(int64_t) * (size_t)ndim);
    else
        nd__strides_for(ndim, shape, nd_dtype_size(t), ND_ORDER_C, a->strides);
    /* The byte span must be addressable: check the extreme offsets. */
    int64_t lo = 0, hi = 0, off;
    for (int i = 0; i < ndim && size > 0; i++) {
        if (nd__mul_ovf(a->strides[i], shape[i] - 1, &off) ||
            nd__add_ovf(off < 0 ? lo : hi, off, off < 0 ? &lo : &hi)) {
            nd__free(a);
            nd__error(ND_ERR_OVERFLOW, func, "strides and shape overflow the address range");
            return NULL;
        }
    }
    /* Memory the caller keeps (release == NULL) gets a no-op release, never free(). */
    a->buf = buffer_new(data, 0, release ? release : noop_release, ctx);
    if (!a->buf) {
        nd__free(a);
        nd__nomem(func, sizeof(nd_buffer));
        return NULL;
    }
    a->data = data;
    nd__update_flags(a);
    return nd__scope_add(func, a); /* cannot fail: reserved above */
}

nd_array *nd_wrap_readonly(const void *data, nd_dtype t, int ndim, const int64_t *shape,
                           const int64_t *strides, void (*release)(void *ctx), void *ctx) {
    /* the cast is safe: the buffer is marked read-only before anyone sees it,
       and nd_set_writeable refuses to lift that */
    nd_array *a = nd_wrap((void *)(uintptr_t)data, t, ndim, shape, strides, release, ctx);
    if (a) {
        a->buf->readonly = true;
        a->flags &= ~ND_FLAG_WRITEABLE;
    }
    return a;
}

/* ---- metadata ---- */

int nd_ndim(const nd_array *a) { return a ? a->ndim : (nd__null_arg("nd_ndim", "a"), -1); }
const int64_t *nd_shape(const nd_array *a) {
    return a ? a->shape : (nd__null_arg("nd_shape", "a"), NULL);
}
const int64_t *nd_strides(const nd_array *a) {
    return a ? a->strides : (nd__null_arg("nd_strides", "a"), NULL);
}
nd_dtype nd_get_dtype(const nd_array *a) {
    return a ? a->dtype : (nd__null_arg("nd_get_dtype", "a"), ND_NUM_DTYPES);
}
int64_t nd_size(const nd_array *a) {
    return a ? nd__shape_prod(a->ndim, a->shape) : (nd__null_arg("nd_size", "a"), -1);
}
size_t nd_itemsize(const nd_array *a) {
    return a ? nd_dtype_size(a->dtype) : (nd__null_arg("nd_itemsize", "a"), 0);
}
int64_t nd_nbytes(const nd_array *a) {
    return a ? nd_size(a) * (int64_t)nd_dtype_size(a->dtype) : (nd__null_arg("nd_nbytes", "a"), -1);
}
void *nd_data(const nd_array *a) { return a ? a->data : (nd__null_arg("nd_data", "a"), NULL); }
/* A flag of a; false and ND_ERR_NULL for NULL. */
static bool has_flag(const char *func, const nd_array *a, int flag) {
    return a ? (a->flags & flag) != 0 : (nd__null_arg(func, "a"), false);
}
bool nd_is_c_contiguous(const nd_array *a) {
    return has_flag("nd_is_c_contiguous", a, ND_FLAG_C_CONTIG);
}
bool nd_is_f_contiguous(const nd_array *a) {
    return has_flag("nd_is_f_contiguous", a, ND_FLAG_F_CONTIG);
}
bool nd_is_writeable(const nd_array *a) {
    return has_flag("nd_is_writeable", a, ND_FLAG_WRITEABLE);
}

int nd_set_writeable(nd_array *a, bool writeable) {
    if (!a) return nd__null_arg("nd_set_writeable", "a");
    if (!writeable) {
        a->flags &= ~ND_FLAG_WRITEABLE;
        return ND_OK;
    }
    /* Memory that is read-only at its root (a read-only mapping: writing
       would fault) cannot be written through any view, as NumPy refuses the
       flag on a read-only buffer. */
    if (a->buf->readonly)
        return nd__error(
            ND_ERR_VALUE, "nd_set_writeable",
            "cannot set WRITEABLE flag to True of this array: its memory is read-only");
    /* Broadcast views overlap themselves: NumPy refuses to make them
       writeable, and so do we. */
    for (int i = 0; i < a->ndim; i++)
        if (a->strides[i] == 0 && a->shape[i] > 1)
            return nd__error(ND_ERR_VALUE, "nd_set_writeable",
                             "cannot set WRITEABLE flag to True of this array");
    a->flags |= ND_FLAG_WRITEABLE;
    return ND_OK;
}

bool nd__self_overlaps(const nd_array *a) {
    int64_t st[ND_MAX_DIMS], sh[ND_MAX_DIMS];
    int n = 0;
    for (int i = 0; i < a->ndim; i++) {
        if (a->shape[i] == 0) return false;
        if (a->shape[i] == 1) continue;
        int64_t s = a->strides[i] < 0 ? -a->strides[i] : a->strides[i];
        int k = n++;
        for (; k > 0 && st[k - 1] > s; k--) st[k] = st[k - 1], sh[k] = sh[k - 1];
        st[k] = s, sh[k] = a->shape[i];
    }
    /* from the smallest stride up, each axis must step past all the bytes
       the axes inside it span (the extent fits in int64: its creator checked) */
    int64_t span = (int64_t)nd__itemsize(a->dtype);
    for (int k = 0; k < n; k++) {
        if (st[k] < span) return true;
        span += st[k] * (sh[k] - 1);
    }
    return false;
}

void nd__extent(const nd_array *a, const char **lo, const char **hi) {
    int64_t l = 0, h = (int64_t)nd_dtype_size(a->dtype);
    for (int i = 0; i < a->ndim; i++) {
        if (a->shape[i] == 0) {
            *lo = *hi = a->data;
            return;
        }
        int64_t off = a->strides[i] * (a->shape[i] - 1);
        if (off < 0)
            l += off;
        else
            h += off;
    }
    *lo = a->data + l;
    *hi = a->data + h;
}

bool nd_may_share_memory(const nd_array *a, const nd_array *b) {
    if (!a || !b) return nd__null_arg("nd_may_share_memory", a ? "b" : "a"), false;
    const char *alo, *ahi, *blo, *bhi;
    nd__extent(a, &alo, &ahi);
    nd__extent(b, &blo, &bhi);
    return alo < bhi && blo < ahi;
}

/* ---- scopes for temporaries ----
   Every array created on a thread while one of its scopes is open is listed
   in the innermost one, which holds the creation reference and releases it
   at nd_scope_end (docs/design.md, Ownership). The list is per thread, so
   nothing here takes a lock: the pool's workers have no open scope and never
   list anything. Here, not in a file of its own: listing and nd_release
   call each other. */

struct nd_scope {
    nd_scope *parent;
    nd_array **items; /* NULL where an array left the list */
    int64_t n, cap, holes;
    int lost; /* scopes begun inside this one that could not be made */
};

static _Thread_local nd_scope *top;
static _Thread_local int lost_outside; /* the same, with no scope open */

/* A scope that could not be made is counted in the one that would have
   enclosed it: until its nd_scope_end(NULL), arrays stay in that enclosing
   scope and nd_keep moves nothing, so nothing escapes it. */
static int *lost_count(void) { return top ? &top->lost : &lost_outside; }

nd_scope *nd_scope_begin(void) {
    nd_scope *s = nd__malloc(sizeof *s);
    if (!s) {
        ++*lost_count();
        return nd__nomem("nd_scope_begin", sizeof *s), NULL;
    }
    memset(s, 0, sizeof *s);
    s->parent = top;
    top = s;
    return s;
}

/* Drops the holes left by arrays freed early, so a loop that makes and
   releases temporaries inside one scope keeps a short list. */
static void compact(nd_scope *s) {
    int64_t k = 0;
    for (int64_t i = 0; i < s->n; i++)
        if (s->items[i]) {
            s->items[k] = s->items[i];
            s->items[k]->slot = k;
            k++;
        }
    s->n = k;
    s->holes = 0;
}

static nd_status reserve(const char *func, nd_scope *s) {
    if (s->n < s->cap) return ND_OK;
    if (s->holes * 2 >= s->n && s->holes) {
        compact(s);
        return ND_OK;
    }
    int64_t cap = s->cap ? 2 * s->cap : 16;
    nd_array **p = nd__realloc(s->items, sizeof *p * (size_t)cap);
    if (!p) return nd__nomem(func, sizeof *p * (size_t)cap);
    s->items = p;
    s->cap = cap;
    return ND_OK;
}

static void push(nd_scope *s, nd_array *a) {
    a->scope = s;
    a->slot = s->n;
    s->items[s->n++] = a;
}

nd_status nd__scope_reserve(const char *func) { return top ? reserve(func, top) : ND_OK; }

nd_array *nd__scope_add(const char *func, nd_array *a) {
    if (!top) return a;
    if (reserve(func, top)) {
        nd_release(a);
        return NULL;
    }
    push(top, a);
    return a;
}

void nd__scope_drop(nd_array *a) {
    nd_scope *s = a->scope;
    a->scope = NULL;
    s->items[a->slot] = NULL;
    s->holes++;
    while (s->n && !s->items[s->n - 1]) s->n--, s->holes--;
}

nd_array *nd_keep(nd_array *a) {
    if (!a) return nd__null_arg("nd_keep", "a"), NULL;
    nd_scope *s = a->scope;
    if (!s || s != top || s->lost)
        return a; /* made outside this thread's innermost scope: it outlives it */
    if (s->parent && reserve("nd_keep", s->parent)) return NULL; /* a stays: released at the end */
    nd__scope_drop(a);
    if (s->parent) push(s->parent, a);
    return a;
}

int nd_scope_end(nd_scope *s) {
    if (!s) {
        int *lost = lost_count();
        if (*lost) return --*lost, ND_OK; /* nd_scope_begin reported it */
        return nd__null_arg("nd_scope_end", "s");
    }
    nd_scope *t = top;
    while (t && t != s) t = t->parent;
    if (!t)
        return nd__error(ND_ERR_VALUE, "nd_scope_end",
                         "the scope is not open on this thread (ended already, or begun on "
                         "another thread)");
    /* inner scopes still open end with it (an early return skipped them) */
    do {
        t = top;
        top = t->parent;
        for (int64_t i = t->n; i-- > 0;) {
            nd_array *a = t->items[i];
            if (!a) continue;
            a->scope = NULL;
            nd_release(a);
        }
        nd__free(t->items);
        nd__free(t);
    } while (t != s);
    return ND_OK;
}

int64_t nd_scope_count(const nd_scope *s) {
    if (!s) return nd__null_arg("nd_scope_count", "s"), -1;
    return s->n - s->holes;
}
