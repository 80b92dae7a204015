/* nd core: dtypes, errors, lifetime, creation, metadata, elements, text. */
#ifndef ND_CORE_H
#define ND_CORE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "nd/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* NumPy 1.x allows 32 dimensions; so do we. */
#define ND_MAX_DIMS 32

/* Every axis at once (NumPy's axis=None): reductions, sorts, flattening
   views and joins take it. */
#define ND_AXIS_ALL INT_MIN

typedef struct nd_array nd_array;

/* ---- dtypes ----------------------------------------------------------- */

typedef enum {
    ND_BOOL,
    ND_INT8,
    ND_INT16,
    ND_INT32,
    ND_INT64,
    ND_UINT8,
    ND_UINT16,
    ND_UINT32,
    ND_UINT64,
    ND_FLOAT16,
    ND_FLOAT32,
    ND_FLOAT64,
    ND_COMPLEX64,
    ND_COMPLEX128,
    ND_NUM_DTYPES
} nd_dtype;

/* Storage layout of the complex dtypes: real part first, as C99 and NumPy. */
typedef struct {
    float re, im;
} nd_complex64;
typedef struct {
    double re, im;
} nd_complex128;

ND_API size_t nd_dtype_size(nd_dtype t);      /* 0 for an invalid dtype */
ND_API const char *nd_dtype_name(nd_dtype t); /* "float64"; NULL if invalid */
/* Accepts NumPy's names ("float64", "int32", "bool", "complex128"). */
ND_API int nd_dtype_from_name(const char *name, nd_dtype *t);
/* np.result_type(a, b) for two array dtypes (NEP 50: no value-based casting). */
ND_API nd_dtype nd_result_type(nd_dtype a, nd_dtype b);
/* np.can_cast(from, to, casting) with casting "no" "equiv" "safe"
   "same_kind" "unsafe". */
typedef enum {
    ND_CAST_NO,
    ND_CAST_EQUIV,
    ND_CAST_SAFE,
    ND_CAST_SAME_KIND,
    ND_CAST_UNSAFE
} nd_casting;
ND_API bool nd_can_cast(nd_dtype from, nd_dtype to, nd_casting casting);

/* ---- errors ----------------------------------------------------------- */

typedef enum {
    ND_OK,
    ND_ERR_NOMEM,
    ND_ERR_NULL,
    ND_ERR_SHAPE,
    ND_ERR_AXIS,
    ND_ERR_DTYPE,
    ND_ERR_INDEX,
    ND_ERR_VALUE,
    ND_ERR_OVERFLOW,
    ND_ERR_IO,
    ND_ERR_FORMAT,
    ND_ERR_LINALG,
    ND_ERR_UNSUPPORTED
} nd_status;

/* Thread-local. A successful call never clears a pending error. */
ND_API nd_status nd_last_error(void);
ND_API const char *nd_last_error_message(void);
ND_API void nd_clear_error(void);
ND_API const char *nd_status_name(nd_status s); /* "ND_ERR_SHAPE" */

/* ---- version ---------------------------------------------------------- */

/* Returns to the system the memory of recently freed large arrays (256 KiB
   and more), which nd keeps (at most 8 blocks, 256 MiB) to reuse without
   page faults. */
ND_API void nd_memory_trim(void);
ND_API const char *nd_version(void); /* "MAJOR.MINOR.PATCH" of the library linked */

/* ---- lifetime --------------------------------------------------------- */

ND_API nd_array *nd_retain(nd_array *a); /* NULL-safe; returns a */
ND_API void nd_release(nd_array *a);     /* NULL-safe */

/* ---- scopes for temporaries ------------------------------------------- */

/** An open scope: owns the arrays its thread creates until it ends.
 *
 * Opaque; made by nd_scope_begin, freed by nd_scope_end. */
typedef struct nd_scope nd_scope;

/** Opens a scope that owns every array the calling thread creates until it ends.
 *
 * Scopes nest and are per thread: an array made while scopes are open is
 * listed in the innermost one, which holds the reference the creating
 * function returned, so nested calls (`nd_add(nd_multiply(a, b, NULL), c,
 * NULL)`) leak nothing. Arrays made outside any scope behave as before (the
 * caller releases them). An `out` argument returned without a new reference
 * is not listed again. The pool's worker threads never list in the caller's
 * scope. This is the normal way to write nd code (docs/design.md,
 * Ownership). Errors: ND_ERR_NOMEM (NULL, still to be passed to
 * nd_scope_end: until then arrays go to the enclosing scope, if any, and
 * nd_keep moves nothing out of it).
 * @return the scope, to pass to nd_scope_end (NULL on error). */
ND_API nd_scope *nd_scope_begin(void);

/** Lets an array outlive the innermost scope (to the enclosing one, or the caller).
 *
 * Only an array listed in the calling thread's innermost scope moves; any
 * other array (made outside it, or already kept) is returned unchanged.
 * NULL returns NULL and keeps a pending error (ND_ERR_NULL if none), so
 * `return nd_keep(nd_add(x, y, NULL));` passes an error through. Errors:
 * ND_ERR_NOMEM when the enclosing scope's list cannot grow (NULL; the
 * array stays where it was and is released with its scope).
 * @param a  the array to keep.   @return a (NULL on error). */
ND_API nd_array *nd_keep(nd_array *a);

/** Ends a scope: releases what it still lists and ends the scopes opened inside it.
 *
 * Arrays kept with nd_keep have moved out; an array someone else retained
 * survives with that reference (the scope drops only its own). Releasing a
 * listed array with nd_release before the end gives the scope's reference
 * back early (the old style keeps working inside a scope), so it must not
 * also be used after. A pending error stays pending. NULL from a failed
 * nd_scope_begin is accepted (ND_OK) and closes that failed scope. Errors:
 * ND_ERR_NULL for NULL otherwise; ND_ERR_VALUE when s is not open on this thread (nothing is
 * released).
 * @param s  a scope from nd_scope_begin.   @return ND_OK or the error. */
ND_API int nd_scope_end(nd_scope *s);

/** The number of arrays a scope lists now.
 *
 * For tests and for finding a loop that piles up temporaries.
 * @param s  an open scope.   @return the count (-1 and ND_ERR_NULL for NULL). */
ND_API int64_t nd_scope_count(const nd_scope *s);

#if defined(__GNUC__) || defined(__clang__)
/** The block-exit action of ND_SCOPE (not called directly). */
static inline void nd__scope_auto_end(nd_scope **s) { nd_scope_end(*s); }
#define ND__SCOPE_CAT2(a, b) a##b
#define ND__SCOPE_CAT(a, b) ND__SCOPE_CAT2(a, b)
/** Opens a scope that ends when the enclosing block is left (GCC and Clang).
 *
 * Write `ND_SCOPE;` as a statement: the scope ends however the block is
 * left (falling off its end, return, break, goto), after the value of a
 * `return` is computed, so `return nd_keep(r);` hands r to the caller. */
#define ND_SCOPE                                                                                   \
    nd_scope *ND__SCOPE_CAT(nd__scope_, __LINE__) __attribute__((cleanup(nd__scope_auto_end))) =   \
        nd_scope_begin()
#endif

/* ---- creation ----------------------------------------------------------
   shape is (ndim, const int64_t *shape); shape may be NULL when ndim == 0.
   All of these return a new reference, C order unless the _order variant
   says otherwise. */

typedef enum { ND_ORDER_C, ND_ORDER_F } nd_order;

ND_API nd_array *nd_empty(nd_dtype t, int ndim, const int64_t *shape);
ND_API nd_array *nd_zeros(nd_dtype t, int ndim, const int64_t *shape);
ND_API nd_array *nd_ones(nd_dtype t, int ndim, const int64_t *shape);
ND_API nd_array *nd_full(nd_dtype t, int ndim, const int64_t *shape, double value);
ND_API nd_array *nd_empty_order(nd_dtype t, int ndim, const int64_t *shape, nd_order order);
ND_API nd_array *nd_zeros_order(nd_dtype t, int ndim, const int64_t *shape, nd_order order);
/* value points to one element of dtype t (nd_complex128 for complex128...). */
ND_API nd_array *nd_full_typed(nd_dtype t, int ndim, const int64_t *shape, const void *value);
ND_API nd_array *nd_scalar(nd_dtype t, const void *value); /* typed 0-d array */
/* Weak literals behave like Python scalars in promotion (NEP 50): a float32
   array times nd_lit_f64(2.0) stays float32. */
ND_API nd_array *nd_lit_f64(double v);
ND_API nd_array *nd_lit_i64(int64_t v);
ND_API bool nd_is_weak(const nd_array *a);
ND_API int nd_fill(nd_array *a, const void *value); /* typed, any dtype */
ND_API nd_array *nd_arange(double start, double stop, double step, nd_dtype t);
ND_API nd_array *nd_linspace(double start, double stop, int64_t num, nd_dtype t);
ND_API nd_array *nd_from_buffer(nd_dtype t, int ndim, const int64_t *shape, const void *src);
/* No copy: the array views data. release(ctx) runs exactly once, when the
   last view goes, and only if this call succeeds. strides in bytes, NULL =
   C order. */
ND_API nd_array *nd_wrap(void *data, nd_dtype t, int ndim, const int64_t *shape,
                         const int64_t *strides, void (*release)(void *ctx), void *ctx);
/* nd_wrap of memory that must not be written (a read-only mapping, a
   const table): the array and every view of it are read-only for good --
   nd_set_writeable(v, true) is ND_ERR_VALUE, as NumPy refuses the flag on
   a read-only buffer. */
ND_API nd_array *nd_wrap_readonly(const void *data, nd_dtype t, int ndim, const int64_t *shape,
                                  const int64_t *strides, void (*release)(void *ctx), void *ctx);
ND_API nd_array *nd_copy(const nd_array *a); /* C-contiguous */
ND_API nd_array *nd_copy_order(const nd_array *a, nd_order order);
/* np.ndarray.astype (unsafe casting). float -> int truncates toward zero to
   int64 (NaN, +-inf and values beyond +-2^63 give INT64_MIN, as x86's
   cvttsd2si), then wraps to the target's width like integer -> integer
   casts; uint64 takes [2^63, 2^64) exactly. NumPy leaves out-of-range casts
   undefined; this matches it wherever it is consistent (-1.0 -> 255 as
   uint8). Complex -> real takes the real part. float64 -> float16 rounds
   once. */
ND_API nd_array *nd_astype(const nd_array *a, nd_dtype t);
/* Copy src into dst (broadcasting src; casting unsafe). */
ND_API int nd_assign(nd_array *dst, const nd_array *src);

/* ---- metadata --------------------------------------------------------- */

ND_API int nd_ndim(const nd_array *a);
ND_API const int64_t *nd_shape(const nd_array *a);
ND_API const int64_t *nd_strides(const nd_array *a); /* bytes */
ND_API nd_dtype nd_get_dtype(const nd_array *a);
ND_API int64_t nd_size(const nd_array *a);
ND_API size_t nd_itemsize(const nd_array *a);
ND_API int64_t nd_nbytes(const nd_array *a);
ND_API void *nd_data(const nd_array *a);
ND_API bool nd_is_c_contiguous(const nd_array *a);
ND_API bool nd_is_f_contiguous(const nd_array *a);
ND_API bool nd_is_writeable(const nd_array *a);
/* Making an array writeable is ND_ERR_VALUE when its elements overlap
   (a broadcast view) or its memory is read-only at the root (nd_wrap_readonly,
   nd_load_npy_mmap mode "r"). */
ND_API int nd_set_writeable(nd_array *a, bool writeable);
/* true when a and b may share memory (np.may_share_memory: bounds overlap). */
ND_API bool nd_may_share_memory(const nd_array *a, const nd_array *b);

/* ---- elements and text ------------------------------------------------ */

/* index has ndim entries; negative entries count from the end. On a bad
   index nd_get_f64 returns NaN and sets the error. */
ND_API double nd_get_f64(const nd_array *a, const int64_t *index);
ND_API int nd_set_f64(nd_array *a, const int64_t *index, double v);
ND_API int nd_get(const nd_array *a, const int64_t *index, void *value); /* typed */
ND_API int nd_set(nd_array *a, const int64_t *index, const void *value);
/* NumPy's repr layout ("array([1., 2.])"); the caller free()s it. */
ND_API char *nd_to_string(const nd_array *a);
ND_API int nd_print(FILE *f, const nd_array *a);

#ifdef __cplusplus
}
#endif
#endif
