/* The core's private structures and helpers, shared by src/ above it.
   Never installed. */
#ifndef ND_INTERNAL_H
#define ND_INTERNAL_H

#include <stdarg.h>
#include <stdatomic.h>

#include "base/base.h"
#include "nd/core.h"

/* The pointer an nd_array_list parameter carries (a transparent union in
   GCC/Clang C, the pointer itself elsewhere: see nd/core.h). */
#if defined(__GNUC__) && !defined(__cplusplus) && !defined(ND_LIST_IS_POINTER)
#define ND_LIST_PTR(x) ((x).list)
#else
#define ND_LIST_PTR(x) (x)
#endif

/* The memory under one or more views. Views of views point at the root
   buffer, never at each other, so a chain of slices costs nothing. */
typedef struct nd_buffer {
    void *ptr;
    size_t nbytes;
    atomic_long refcount;
    void (*release)(void *ctx); /* NULL: the memory is nd's own */
    void *ctx;
    void *block;         /* nd's own memory: what to free (ptr, or the block holding it) */
    size_t block_mapped; /* nonzero: block is a big mapping of this size */
    bool readonly;       /* the memory itself cannot be written (a read-only mapping,
                            nd_wrap_readonly): no view of it may become writeable */
} nd_buffer;

enum {
    ND_FLAG_WRITEABLE = 1 << 0,
    ND_FLAG_C_CONTIG = 1 << 1,
    ND_FLAG_F_CONTIG = 1 << 2,
    ND_FLAG_WEAK = 1 << 3, /* a literal: promotes like a Python scalar */
    /* The array header lives in its buffer's block (nd__alloc makes header,
       buffer and data one allocation): the buffer frees it. */
    ND_FLAG_IN_BLOCK = 1 << 4,
};

struct nd_array {
    nd_dtype dtype;
    int ndim;
    int flags;
    atomic_long refcount;
    char *data;
    nd_buffer *buf;
    nd_scope *scope; /* the scope holding its creation reference (array.c), or NULL */
    int64_t slot;    /* its place in scope's list */
    int64_t shape[ND_MAX_DIMS];
    int64_t strides[ND_MAX_DIMS]; /* bytes */
};

/* array.c: lists a new array in the calling thread's innermost scope, if
   any. On failure (no memory for the list) releases a and returns NULL. */
nd_array *nd__scope_add(const char *func, nd_array *a);
/* array.c: a (whose count reached zero) leaves its scope's list. */
void nd__scope_drop(nd_array *a);
/* array.c: room for one more array in the innermost scope's list, so that
   nd__scope_add cannot fail (nd_wrap must not release the caller's memory
   on failure). */
nd_status nd__scope_reserve(const char *func);

/* Benchmarks only: every contiguous elementwise run splits over the pool
   from `bytes` touched (0: each op's own threshold). Returns the previous. */
ND_API long long nd_debug_flat_threshold(long long bytes);

/* ---- overflow-checked arithmetic ---- */

static inline bool nd__mul_ovf(int64_t a, int64_t b, int64_t *r) {
    return __builtin_mul_overflow(a, b, r);
}
static inline bool nd__add_ovf(int64_t a, int64_t b, int64_t *r) {
    return __builtin_add_overflow(a, b, r);
}
/* a + b clamped to [INT64_MIN, INT64_MAX]: for comparisons with caller
   offsets (a diagonal's k), where the clamped sum orders the same way. */
static inline int64_t nd__add_sat(int64_t a, int64_t b) {
    int64_t r;
    return !__builtin_add_overflow(a, b, &r) ? r : b > 0 ? INT64_MAX : INT64_MIN;
}

/* ---- shapes (src/core/shape.c) ---- */

/* Validates ndim and shape (no negative dims, product and byte size within
   int64/size_t) and returns the element count. */
nd_status nd__shape_check(const char *func, int ndim, const int64_t *shape, size_t itemsize,
                          int64_t *size);
/* Strides for a fresh array of the given order. */
void nd__strides_for(int ndim, const int64_t *shape, size_t itemsize, nd_order order,
                     int64_t *strides);
static inline int64_t nd__shape_prod(int ndim, const int64_t *shape) {
    int64_t n = 1;
    for (int i = 0; i < ndim; i++) n *= shape[i];
    return n;
}
/* Formats "(3, 4)" or "(5,)" into buf. */
const char *nd__shape_str(char *buf, size_t cap, int ndim, const int64_t *shape);
int nd__normalize_axis(const char *func, int axis, int ndim, int *out);
/* One axis of a[start:stop:step] (start, stop NULL when left out; step
   != 0), as Python's slice.indices(n) (PySlice_Unpack then
   PySlice_AdjustIndices: a step below -INT64_MAX acts as -INT64_MAX) and
   NumPy's view of it, for any int64 values without overflow. Returns the
   length; *offset is the first element's byte offset from the axis start
   and *new_stride the view's stride (an empty slice starts at 0, step 1, as
   NumPy's; a stride that overflows belongs to at most one element and is 0). */
int64_t nd__slice_axis(int64_t n, int64_t stride, const int64_t *start, const int64_t *stop,
                       int64_t step, int64_t *offset, int64_t *new_stride);

/* ---- arrays (src/core/array.c) ---- */

nd_array *nd__alloc(const char *func, nd_dtype t, int ndim, const int64_t *shape, nd_order order,
                    bool zero);
/* A new view sharing a's buffer; inherits writeability. */
nd_array *nd__view(const char *func, const nd_array *a, int ndim, const int64_t *shape,
                   const int64_t *strides, char *data);
void nd__update_flags(nd_array *a);
bool nd__dtype_ok(nd_dtype t);
nd_status nd__check_dtype(const char *func, nd_dtype t);
nd_status nd__check_writeable(const char *func, const nd_array *a);
/* true when two elements of a may share bytes (a zero stride on an axis
   longer than 1, or strides that interleave); conservative: a layout it
   cannot prove free of overlap counts as overlapping. NumPy writes such an
   output through a copy (WRITEBACKIFCOPY), so the last element in C order
   wins; nd__copy_into does the same. */
bool nd__self_overlaps(const nd_array *a);
/* Byte range [lo, hi) that a touches (empty arrays: lo == hi). */
void nd__extent(const nd_array *a, const char **lo, const char **hi);

/* ---- dtypes (src/core/dtype.c) ---- */

/* Item sizes by dtype, inline because the hot paths ask for them often. */
static inline size_t nd__itemsize(nd_dtype t) {
    static const unsigned char sizes[ND_NUM_DTYPES] = {1, 1, 2, 4, 8, 1, 2, 4, 8, 2, 4, 8, 8, 16};
    return sizes[t];
}
bool nd__is_bool(nd_dtype t);
bool nd__is_int(nd_dtype t); /* signed or unsigned integer, not bool */
bool nd__is_signed(nd_dtype t);
bool nd__is_unsigned(nd_dtype t);
bool nd__is_float(nd_dtype t); /* float16/32/64 */
bool nd__is_complex(nd_dtype t);
bool nd__is_inexact(nd_dtype t); /* float or complex */
int nd__dtype_bits(nd_dtype t);

/* ---- casting one element (src/core/dtype.c) ---- */

/* Converts one element; src and dst may be unaligned. */
void nd__cast_one(nd_dtype from, const void *src, nd_dtype to, void *dst);
nd_status nd__assign_scalar(const char *func, nd_dtype from, const void *src, nd_dtype to,
                            void *dst); /* assign.c: NumPy's rules for a Python scalar */

#endif
