/** @file
 * nd core: dtypes, errors, lifetime, creation, metadata, elements, text.
 *
 * @defgroup core Core
 * Dtypes, status codes and the last error, array lifetime, creation,
 * metadata, single elements and text (src/core, src/base, src/copy).
 *
 * The shared vocabulary every module uses: ::nd_dtype, ::nd_status, the
 * opaque ::nd_array. A function returning an array returns NULL on error,
 * one returning `int` an ::nd_status (0 is ::ND_OK); either way the
 * thread-local last error holds the status and a message. Arrays made here
 * are new references: give each back with nd_release().
 * @{ */
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

/** The most dimensions an array may have.
 *
 * NumPy 1.x allows 32 dimensions; so does nd. More is ND_ERR_SHAPE. */
#define ND_MAX_DIMS 32

/** Every axis at once (NumPy's axis=None).
 *
 * Reductions, sorts, flattening views and joins take it as their axis. */
#define ND_AXIS_ALL INT_MIN

/** An n-dimensional array (opaque): dtype, shape, byte strides, a refcounted buffer.
 *
 * Made by the creation functions, shared with nd_retain(), given back with
 * nd_release(); views share their root's buffer (docs/design.md, Core types). */
typedef struct nd_array nd_array;

/** A list of arrays that a function reads (nd_concatenate(), nd_ufunc(), ...).
 *
 * The functions read the arrays through `const nd_array *const *`, which C
 * (unlike C++) does not convert `nd_array **` or `const nd_array **` to.
 * With GCC and Clang the parameter is a transparent union of the four
 * pointer kinds, passed exactly as a pointer, so a caller's `nd_array **`,
 * `nd_array *const *`, `const nd_array **` and `const nd_array *const *`
 * lists (and NULL) all pass without a cast; elsewhere, and in C++, it is
 * `const nd_array *const *` itself. */
#if defined(__GNUC__) && !defined(__cplusplus) && !defined(ND_LIST_IS_POINTER)
typedef union {
    const nd_array *const *list; /**< The form the functions read (first: the ABI's). */
    nd_array *const *arrays;     /**< A list of arrays the caller may write. */
    nd_array **mutable_arrays;   /**< The same, not const itself. */
    const nd_array **const_arrays; /**< A list of read-only arrays. */
} nd_array_list __attribute__((__transparent_union__));
#else
typedef const nd_array *const *nd_array_list;
#endif

/* ---- dtypes ----------------------------------------------------------- */

/** The element types, NumPy's numeric dtypes. */
typedef enum {
    ND_BOOL,       /**< bool, one byte (0 or 1). */
    ND_INT8,       /**< int8_t. */
    ND_INT16,      /**< int16_t. */
    ND_INT32,      /**< int32_t. */
    ND_INT64,      /**< int64_t. */
    ND_UINT8,      /**< uint8_t. */
    ND_UINT16,     /**< uint16_t. */
    ND_UINT32,     /**< uint32_t. */
    ND_UINT64,     /**< uint64_t. */
    ND_FLOAT16,    /**< IEEE binary16 (stored as uint16_t bits). */
    ND_FLOAT32,    /**< float. */
    ND_FLOAT64,    /**< double. */
    ND_COMPLEX64,  /**< ::nd_complex64, two floats. */
    ND_COMPLEX128, /**< ::nd_complex128, two doubles. */
    ND_NUM_DTYPES  /**< The number of dtypes; also "no dtype" on error. */
} nd_dtype;

/** One complex64 element: real part first, as C99 and NumPy store it. */
typedef struct {
    float re, im; /**< The imaginary part (im). */
} nd_complex64;
/** @var nd_complex64::re
 * The real part. */
/** One complex128 element: real part first, as C99 and NumPy store it. */
typedef struct {
    double re, im; /**< The imaginary part (im). */
} nd_complex128;
/** @var nd_complex128::re
 * The real part. */

/** The size of one element of a dtype, in bytes.
 * @param t  the dtype.
 * @return its item size; 0 for an invalid dtype. */
ND_API size_t nd_dtype_size(nd_dtype t);
/** NumPy's name of a dtype ("float64").
 * @param t  the dtype.
 * @return a static string; NULL for an invalid dtype. */
ND_API const char *nd_dtype_name(nd_dtype t);
/** The dtype of a NumPy name.
 *
 * Accepts NumPy's names ("float64", "int32", "bool", "complex128") and its
 * short codes ("f8", "i4", "?"). An unknown name is ND_ERR_DTYPE.
 * @param name  the name.
 * @param t     receives the dtype.
 * @return ND_OK or an error status. */
ND_API int nd_dtype_from_name(const char *name, nd_dtype *t);
/** The dtype two array dtypes promote to: np.result_type(a, b).
 *
 * NEP 50: no value-based casting (weak literals are handled by the ops).
 * @param a  one dtype.
 * @param b  the other.
 * @return the common dtype; ::ND_NUM_DTYPES when either is invalid. */
ND_API nd_dtype nd_result_type(nd_dtype a, nd_dtype b);
/** Casting rules, NumPy's `casting=` ("no" "equiv" "safe" "same_kind" "unsafe"). */
typedef enum {
    ND_CAST_NO,        /**< Only the same dtype. */
    ND_CAST_EQUIV,     /**< The same dtype (nd has no byte orders in memory). */
    ND_CAST_SAFE,      /**< Only casts that keep every value. */
    ND_CAST_SAME_KIND, /**< Safe casts, or within a kind (float64 to float32). */
    ND_CAST_UNSAFE     /**< Any cast. */
} nd_casting;
/** Whether a cast is allowed under a rule: np.can_cast(from, to, casting).
 * @param from     the source dtype.
 * @param to       the target dtype.
 * @param casting  the rule.
 * @return true when allowed; false for an invalid dtype. */
ND_API bool nd_can_cast(nd_dtype from, nd_dtype to, nd_casting casting);

/* ---- errors ----------------------------------------------------------- */

/** Status codes: what a call returns (as `int`) and what nd_last_error() holds. */
typedef enum {
    ND_OK,             /**< Success (0). */
    ND_ERR_NOMEM,      /**< Out of memory (NumPy's MemoryError). */
    ND_ERR_NULL,       /**< A NULL argument where a value is needed. */
    ND_ERR_SHAPE,      /**< Shapes that do not broadcast or fit. */
    ND_ERR_AXIS,       /**< An axis out of range (AxisError). */
    ND_ERR_DTYPE,      /**< A dtype the operation does not take (TypeError). */
    ND_ERR_INDEX,      /**< An index out of bounds or malformed (IndexError). */
    ND_ERR_VALUE,      /**< A bad value (ValueError), a read-only destination. */
    ND_ERR_OVERFLOW,   /**< A size or count that overflows. */
    ND_ERR_IO,         /**< An operating-system error reading or writing. */
    ND_ERR_FORMAT,     /**< A malformed file (.npy, .npz). */
    ND_ERR_LINALG,     /**< LinAlgError: singular matrix, no convergence. */
    ND_ERR_UNSUPPORTED /**< Something nd does not do (yet). */
} nd_status;

/** The status of the last failed call on this thread.
 *
 * Thread-local. A successful call never clears a pending error;
 * nd_clear_error() does.
 * @return the pending status, ::ND_OK when none. */
ND_API nd_status nd_last_error(void);
/** The message of the last failed call on this thread.
 *
 * The function's name, then NumPy's wording ("nd_add: operands could not be
 * broadcast together with shapes (3,4) (5,)").
 * @return a thread-local string, valid until the next error; "" when none. */
ND_API const char *nd_last_error_message(void);
/** Clears this thread's pending error (status and message). */
ND_API void nd_clear_error(void);
/** Prints this thread's pending error to stderr, as perror() does.
 *
 * "prefix: message" on one line (the message alone for a NULL or empty
 * prefix); nothing when no error is pending. For a program's exit path:
 * `return nd_save_npy(path, r) ? nd_perror(argv[0]) : 0;`.
 * @param prefix  what to print first, e.g. the program's name (may be NULL).
 * @return 1 when an error was pending and printed, 0 otherwise. */
ND_API int nd_perror(const char *prefix);
/** Sets this thread's last error, as a failed nd call would.
 *
 * For libraries layered on nd (libnd_dist passes one rank's error to every
 * rank with it): the status and message are what nd_last_error() and
 * nd_last_error_message() return next; the message is truncated to nd's
 * message capacity (511 bytes). ::ND_OK clears the error. A status out of
 * range is ND_ERR_VALUE (and sets that error instead).
 * @param s    the status.
 * @param msg  the message (NULL: the status's name).
 * @return s, or ND_ERR_VALUE for a status out of range. */
ND_API int nd_error_set(nd_status s, const char *msg);
/** The name of a status code ("ND_ERR_SHAPE").
 * @param s  the status.
 * @return a static string; "ND_ERR_UNKNOWN" for a value out of range. */
ND_API const char *nd_status_name(nd_status s);

/* ---- version ---------------------------------------------------------- */

/** Returns cached memory of freed large arrays to the system.
 *
 * nd keeps recently freed large blocks (256 KiB and more; at most 8 blocks,
 * 256 MiB) to reuse without page faults; this releases them. */
ND_API void nd_memory_trim(void);
/** The version of the library linked, "MAJOR.MINOR.PATCH".
 *
 * Compare with ND_VERSION_STRING (nd/version.h), the version compiled against.
 * @return a static string. */
ND_API const char *nd_version(void);

/* ---- lifetime --------------------------------------------------------- */

/** Takes a new reference to an array.
 * @param a  the array, or NULL (then nothing happens).
 * @return a. */
ND_API nd_array *nd_retain(nd_array *a);
/** Gives back a reference; the last one frees the array (and its buffer
 * once no view holds it).
 * @param a  the array, or NULL (then nothing happens). */
ND_API void nd_release(nd_array *a);

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
/** Pastes two tokens (ND_SCOPE's variable name; not for direct use). */
#define ND__SCOPE_CAT2(a, b) a##b
/** Pastes two tokens after expanding them (ND_SCOPE's __LINE__). */
#define ND__SCOPE_CAT(a, b) ND__SCOPE_CAT2(a, b)
/** Opens a scope that ends when the enclosing block is left (GCC and Clang).
 *
 * Write `ND_SCOPE;` as a statement: the scope ends however the block is
 * left (falling off its end, return, break, goto), after the value of a
 * `return` is computed, so `return nd_keep(r);` hands r to the caller. */
#define ND_SCOPE                                                                                   \
    nd_scope *ND__SCOPE_CAT(nd__scope_, __LINE__)                                                  \
        __attribute__((cleanup(nd__scope_auto_end), unused)) = nd_scope_begin()
#endif

/* ---- creation ----------------------------------------------------------
   shape is (ndim, const int64_t *shape); shape may be NULL when ndim == 0.
   All of these return a new reference, C order unless the _order variant
   says otherwise. */

/** Memory order of a new array: C (row-major) or Fortran (column-major). */
typedef enum {
    ND_ORDER_C, /**< Last axis contiguous (NumPy's order='C'). */
    ND_ORDER_F  /**< First axis contiguous (order='F'). */
} nd_order;

/** A new array with uninitialized elements: np.empty.
 *
 * A negative extent or more than ::ND_MAX_DIMS dimensions is ND_ERR_SHAPE,
 * a byte size that overflows ND_ERR_OVERFLOW (as in all creation).
 * @param t      the dtype.
 * @param ndim   the number of dimensions (0 for a 0-d array).
 * @param shape  ndim extents (may be NULL when ndim is 0).
 * @return a new reference, C order; NULL on error. */
ND_API nd_array *nd_empty(nd_dtype t, int ndim, const int64_t *shape);
/** A new array of zeros: np.zeros.
 * @param t  the dtype.  @param ndim  dimensions.  @param shape  ndim extents.
 * @return a new reference, C order; NULL on error. */
ND_API nd_array *nd_zeros(nd_dtype t, int ndim, const int64_t *shape);
/** A new array of ones: np.ones.
 * @param t  the dtype.  @param ndim  dimensions.  @param shape  ndim extents.
 * @return a new reference, C order; NULL on error. */
ND_API nd_array *nd_ones(nd_dtype t, int ndim, const int64_t *shape);
/** A new array filled with a value: np.full.
 *
 * value is cast to t as NumPy casts a Python float (unsafely).
 * @param t  the dtype.  @param ndim  dimensions.  @param shape  ndim extents.
 * @param value  the fill value.
 * @return a new reference, C order; NULL on error. */
ND_API nd_array *nd_full(nd_dtype t, int ndim, const int64_t *shape, double value);
/** nd_empty() in a chosen memory order.
 * @param t  the dtype.  @param ndim  dimensions.  @param shape  ndim extents.
 * @param order  ::ND_ORDER_C or ::ND_ORDER_F.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_empty_order(nd_dtype t, int ndim, const int64_t *shape, nd_order order);
/** nd_zeros() in a chosen memory order.
 * @param t  the dtype.  @param ndim  dimensions.  @param shape  ndim extents.
 * @param order  ::ND_ORDER_C or ::ND_ORDER_F.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_zeros_order(nd_dtype t, int ndim, const int64_t *shape, nd_order order);
/** A new array filled with one typed element (any dtype, complex included).
 * @param t  the dtype.  @param ndim  dimensions.  @param shape  ndim extents.
 * @param value  points to one element of dtype t (an ::nd_complex128 for
 *               complex128...).
 * @return a new reference, C order; NULL on error. */
ND_API nd_array *nd_full_typed(nd_dtype t, int ndim, const int64_t *shape, const void *value);
/** A typed 0-d array holding one element.
 * @param t      the dtype.
 * @param value  points to one element of dtype t.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_scalar(nd_dtype t, const void *value);
/** A weak float literal, which promotes like a Python float (NEP 50).
 *
 * A float32 array times nd_lit_f64(2.0) stays float32; an integer array
 * plus it becomes float64.
 * @param v  the value.
 * @return a new reference to a 0-d float64 array marked weak; NULL on error. */
ND_API nd_array *nd_lit_f64(double v);
/** A weak integer literal, which promotes like a Python int (NEP 50).
 *
 * An int8 array plus nd_lit_i64(1) stays int8.
 * @param v  the value.
 * @return a new reference to a 0-d int64 array marked weak; NULL on error. */
ND_API nd_array *nd_lit_i64(int64_t v);
/** A weak complex literal, which promotes like a Python complex (NEP 50).
 *
 * A float32 or complex64 array times nd_lit_c128(z) is complex64; a float64
 * or integer array with it becomes complex128.
 * @param v  the value.
 * @return a new reference to a 0-d complex128 array marked weak; NULL on error. */
ND_API nd_array *nd_lit_c128(nd_complex128 v);
/** Whether an array is a weak literal (nd_lit_f64(), nd_lit_i64(), nd_lit_c128()).
 * @param a  the array.
 * @return true for a weak literal; false otherwise and for NULL (ND_ERR_NULL). */
ND_API bool nd_is_weak(const nd_array *a);
/** Sets every element of a to one typed value (ndarray.fill).
 *
 * A read-only a is ND_ERR_VALUE.
 * @param a      the (writeable) array.
 * @param value  points to one element of a's dtype.
 * @return ND_OK or an error status. */
ND_API int nd_fill(nd_array *a, const void *value);
/** Sets every element of a from a double, converted as NumPy's a.fill(v).
 *
 * The conversion of nd_set_f64(): NaN, infinity or an out-of-range value into
 * an integer array is ND_ERR_VALUE and a is left unchanged.
 * @param a  the (writeable) array.  @param v  the value.
 * @return ND_OK or an error status. */
ND_API int nd_fill_f64(nd_array *a, double v);
/** Sets every element of a from an int64, converted as NumPy's a.fill(v).
 * @param a  the (writeable) array.  @param v  the value (out of an integer
 *           dtype's range: ND_ERR_VALUE).
 * @return ND_OK or an error status. */
ND_API int nd_fill_i64(nd_array *a, int64_t v);
/** Sets every element of a complex array from a complex value.
 * @param a  the (writeable) array; a real dtype is ND_ERR_DTYPE.
 * @param v  the value.
 * @return ND_OK or an error status. */
ND_API int nd_fill_c128(nd_array *a, nd_complex128 v);
/** Sets every element of a from a value whose dtype is named at the call.
 *
 * nd_fill_as(a, ND_FLOAT64, &x) is nd_fill_f64(a, x): the value is read as
 * dtype t and converted by NumPy's rules, unlike nd_fill(), which trusts
 * value to be of a's dtype.
 * @param a      the (writeable) array.
 * @param t      the dtype of *value.
 * @param value  points to one element of dtype t.
 * @return ND_OK or an error status. */
ND_API int nd_fill_as(nd_array *a, nd_dtype t, const void *value);
/** Evenly spaced values in [start, stop): np.arange(start, stop, step, dtype).
 *
 * A zero step is ND_ERR_VALUE; the length is ceil((stop - start) / step), as NumPy.
 * @param start  the first value.  @param stop  the end (excluded).
 * @param step   the spacing.      @param t     the dtype.
 * @return a new 1-D reference; NULL on error. */
ND_API nd_array *nd_arange(double start, double stop, double step, nd_dtype t);
/** num evenly spaced values over [start, stop]: np.linspace(start, stop, num, dtype=t).
 *
 * A negative num is ND_ERR_VALUE.
 * @param start  the first value.  @param stop  the last value (included).
 * @param num    the number of values.  @param t  the dtype.
 * @return a new 1-D reference; NULL on error. */
ND_API nd_array *nd_linspace(double start, double stop, int64_t num, nd_dtype t);
/** A new C-order array copied from a buffer of elements.
 * @param t  the dtype.  @param ndim  dimensions.  @param shape  ndim extents.
 * @param src  the elements in C order (size * itemsize bytes).
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_from_buffer(nd_dtype t, int ndim, const int64_t *shape, const void *src);
/** An array viewing memory it does not own, without a copy.
 *
 * release(ctx) runs exactly once, when the last view goes, and only if this
 * call succeeds (on failure the memory is still the caller's). Strides that
 * overflow the address range are ND_ERR_OVERFLOW.
 * @param data     the first element.
 * @param t        the dtype.  @param ndim  dimensions.  @param shape  ndim extents.
 * @param strides  ndim strides in bytes, or NULL for C order.
 * @param release  called with ctx when the last view goes (may be NULL).
 * @param ctx      passed to release.
 * @return a new, writeable reference; NULL on error. */
ND_API nd_array *nd_wrap(void *data, nd_dtype t, int ndim, const int64_t *shape,
                         const int64_t *strides, void (*release)(void *ctx), void *ctx);
/** nd_wrap() of memory that must not be written (a read-only mapping, a const table).
 *
 * The array and every view of it are read-only for good:
 * nd_set_writeable(v, true) is ND_ERR_VALUE, as NumPy refuses the flag on a
 * read-only buffer.
 * @param data  the first element.
 * @param t  the dtype.  @param ndim  dimensions.  @param shape  ndim extents.
 * @param strides  ndim strides in bytes, or NULL for C order.
 * @param release  called with ctx when the last view goes (may be NULL).
 * @param ctx      passed to release.
 * @return a new, read-only reference; NULL on error. */
ND_API nd_array *nd_wrap_readonly(const void *data, nd_dtype t, int ndim, const int64_t *shape,
                                  const int64_t *strides, void (*release)(void *ctx), void *ctx);
/** A C-contiguous copy of an array (np.copy).
 * @param a  the array.
 * @return a new, writeable reference; NULL on error. */
ND_API nd_array *nd_copy(const nd_array *a);
/** A copy of an array in a chosen memory order.
 * @param a  the array.  @param order  ::ND_ORDER_C or ::ND_ORDER_F.
 * @return a new, writeable reference; NULL on error. */
ND_API nd_array *nd_copy_order(const nd_array *a, nd_order order);
/** A copy cast to another dtype: np.ndarray.astype (unsafe casting).
 *
 * float -> int truncates toward zero to int64 (NaN, +-inf and values beyond
 * +-2^63 give INT64_MIN, as x86's cvttsd2si), then wraps to the target's
 * width like integer -> integer casts; uint64 takes [2^63, 2^64) exactly.
 * NumPy leaves out-of-range casts undefined; this matches it wherever it is
 * consistent (-1.0 -> 255 as uint8). Complex -> real takes the real part.
 * float64 -> float16 rounds once. A float -> int cast raises the invalid
 * flag where NumPy 1.24 does (NaN, +-inf, beyond int32's range for targets
 * of 32 bits and less, beyond int64's for int64 and uint32, outside
 * [-2^63, 2^64) for uint64); under ::ND_FP_RAISE that is ND_ERR_VALUE
 * "invalid value encountered in cast".
 * @param a  the array.  @param t  the target dtype.
 * @return a new C-order reference (a copy even when t is a's dtype); NULL on error. */
ND_API nd_array *nd_astype(const nd_array *a, nd_dtype t);
/** Copies src into dst, broadcasting src, casting unsafely (dst[...] = src).
 *
 * Shapes that do not broadcast to dst's are ND_ERR_SHAPE, a read-only dst
 * ND_ERR_VALUE. Overlapping src and dst are handled (src is copied first).
 * @param dst  the destination.  @param src  the values.
 * @return ND_OK or an error status. */
ND_API int nd_assign(nd_array *dst, const nd_array *src);

/* ---- metadata --------------------------------------------------------- */

/** The number of dimensions.
 * @param a  the array.
 * @return ndim (0 for a 0-d array); -1 for NULL (ND_ERR_NULL). */
ND_API int nd_ndim(const nd_array *a);
/** The extents of each axis.
 * @param a  the array.
 * @return ndim extents, borrowed (valid while a lives); NULL for NULL. */
ND_API const int64_t *nd_shape(const nd_array *a);
/** The strides of each axis, in bytes (may be negative or zero).
 * @param a  the array.
 * @return ndim strides, borrowed (valid while a lives); NULL for NULL. */
ND_API const int64_t *nd_strides(const nd_array *a);
/** The dtype of an array.
 * @param a  the array.
 * @return its dtype; ::ND_NUM_DTYPES for NULL (ND_ERR_NULL). */
ND_API nd_dtype nd_get_dtype(const nd_array *a);
/** The number of elements (the product of the shape).
 * @param a  the array.
 * @return the size; -1 for NULL. */
ND_API int64_t nd_size(const nd_array *a);
/** The size of one element in bytes.
 * @param a  the array.
 * @return the item size; 0 for NULL. */
ND_API size_t nd_itemsize(const nd_array *a);
/** The bytes of the elements, size * itemsize (ndarray.nbytes).
 * @param a  the array.
 * @return the byte count; -1 for NULL. */
ND_API int64_t nd_nbytes(const nd_array *a);
/** The address of the first element (index 0 on every axis).
 * @param a  the array.
 * @return a borrowed pointer into a's buffer; NULL for NULL. */
ND_API void *nd_data(const nd_array *a);
/** Whether the elements are contiguous in C order.
 * @param a  the array.  @return the flag; false for NULL. */
ND_API bool nd_is_c_contiguous(const nd_array *a);
/** Whether the elements are contiguous in Fortran order.
 * @param a  the array.  @return the flag; false for NULL. */
ND_API bool nd_is_f_contiguous(const nd_array *a);
/** Whether the array may be written (ndarray.flags.writeable).
 * @param a  the array.  @return the flag; false for NULL. */
ND_API bool nd_is_writeable(const nd_array *a);
/** Sets or clears the writeable flag.
 *
 * Making an array writeable is ND_ERR_VALUE when its elements overlap (a
 * broadcast view) or its memory is read-only at the root
 * (nd_wrap_readonly(), nd_load_npy_mmap() mode "r").
 * @param a  the array.  @param writeable  the new flag.
 * @return ND_OK or an error status. */
ND_API int nd_set_writeable(nd_array *a, bool writeable);
/** Whether two arrays may share memory (np.may_share_memory: their byte ranges overlap).
 * @param a  one array.  @param b  the other.
 * @return true when the bounds overlap; false otherwise or for NULL. */
ND_API bool nd_may_share_memory(const nd_array *a, const nd_array *b);

/* ---- elements and text ------------------------------------------------ */

/** One element as a double.
 *
 * Negative index entries count from the end. On a bad index returns NaN and
 * sets the error (ND_ERR_INDEX); complex gives the real part.
 * @param a      the array.
 * @param index  ndim indices.
 * @return the value; NaN on error. */
ND_API double nd_get_f64(const nd_array *a, const int64_t *index);
/** Sets one element from a double, converted as NumPy's `a[i] = v`.
 *
 * Into an integer array the value truncates toward zero; NaN, infinity and
 * a value out of the dtype's range are ND_ERR_VALUE (NumPy raises for the
 * first two and deprecates the wrap of the third), and the element is left
 * as it was. Into float and complex arrays it is the ordinary cast.
 * @param a  the (writeable) array.  @param index  ndim indices (negative from the end).
 * @param v  the value.
 * @return ND_OK or an error status (ND_ERR_INDEX, ND_ERR_VALUE). */
ND_API int nd_set_f64(nd_array *a, const int64_t *index, double v);
/** Sets one element from an int64, converted as NumPy's `a[i] = v`.
 *
 * A value out of an integer dtype's range is ND_ERR_VALUE ("value 300 is out
 * of bounds for uint8"); into float arrays it rounds to nearest.
 * @param a  the (writeable) array.  @param index  ndim indices (negative from the end).
 * @param v  the value.
 * @return ND_OK or an error status. */
ND_API int nd_set_i64(nd_array *a, const int64_t *index, int64_t v);
/** Sets one element from a complex value.
 *
 * Only complex arrays take it: into a real array it is ND_ERR_DTYPE, as
 * Python's float() of a complex is a TypeError.
 * @param a  the (writeable) array.  @param index  ndim indices (negative from the end).
 * @param v  the value.
 * @return ND_OK or an error status. */
ND_API int nd_set_c128(nd_array *a, const int64_t *index, nd_complex128 v);
/** Sets one element from a value whose dtype is named at the call.
 *
 * The conversion is nd_set_f64()'s, nd_set_i64()'s or nd_set_c128()'s by
 * the kind of t (NumPy's rules for a Python scalar), so an int64 array set
 * from a double reads the double, never its bytes.
 * @param a      the (writeable) array.  @param index  ndim indices.
 * @param t      the dtype of *value.
 * @param value  points to one element of dtype t.
 * @return ND_OK or an error status (ND_ERR_DTYPE for a bad t). */
ND_API int nd_set_as(nd_array *a, const int64_t *index, nd_dtype t, const void *value);
/** One element as an int64, as NumPy's int(a[i]).
 *
 * Floats truncate toward zero; NaN, infinity, a uint64 above INT64_MAX and
 * a complex element are errors.
 * @param a       the array.  @param index  ndim indices (negative from the end).
 * @param status  NULL, or receives ND_OK or the error status.
 * @return the value; 0 on error. */
ND_API int64_t nd_get_i64(const nd_array *a, const int64_t *index, nd_status *status);
/** One element as a complex128 (any dtype converts).
 * @param a       the array.  @param index  ndim indices (negative from the end).
 * @param status  NULL, or receives ND_OK or the error status.
 * @return the value; NaN + NaN*i on error. */
ND_API nd_complex128 nd_get_c128(const nd_array *a, const int64_t *index, nd_status *status);
/** One element converted to the dtype named at the call.
 *
 * The rules of nd_set_as() the other way round: value receives exactly one
 * element of dtype t (nd_dtype_size(t) bytes), whatever a's dtype is.
 * @param a      the array.  @param index  ndim indices.
 * @param t      the dtype to convert to.
 * @param value  receives one element of dtype t.
 * @return ND_OK or an error status. */
ND_API int nd_get_as(const nd_array *a, const int64_t *index, nd_dtype t, void *value);
/** Copies one element, in its own dtype, into value.
 * @param a  the array.  @param index  ndim indices (negative from the end).
 * @param value  receives one element of a's dtype (itemsize bytes).
 * @return ND_OK or an error status. */
ND_API int nd_get(const nd_array *a, const int64_t *index, void *value);
/** Sets one element from a value of the array's dtype.
 * @param a  the (writeable) array.  @param index  ndim indices (negative from the end).
 * @param value  points to one element of a's dtype.
 * @return ND_OK or an error status. */
ND_API int nd_set(nd_array *a, const int64_t *index, const void *value);
/** The array as text, in NumPy's repr layout ("array([1., 2.])").
 * @param a  the array.
 * @return a malloc'd string the caller free()s; NULL on error. */
ND_API char *nd_to_string(const nd_array *a);
/** Prints nd_to_string() of an array and a newline to a stream.
 * @param f  the stream.  @param a  the array.
 * @return ND_OK or an error status. */
ND_API int nd_print(FILE *f, const nd_array *a);

/** @} */

#ifdef __cplusplus
}
#endif
#endif
