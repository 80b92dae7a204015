/** @file
 * Selection, sets, bits and dtype helpers (src/manip, src/sort, src/core,
 * src/ufunc).
 *
 * @defgroup select Selection, sets, bits and dtype helpers
 * NumPy's choose, select, piecewise (C callbacks), extract, place,
 * putmask, array_equiv, fabs, packbits/unpackbits, union1d, intersect1d,
 * setdiff1d, setxor1d, sort_complex, shares_memory, byte_bounds,
 * binary_repr, base_repr, and the dtype helpers (issubdtype, issctype,
 * min_scalar_type, common_type, find_common_type, mintypecode, obj2sctype,
 * sctype2char, maximum_sctype, typename) over ::nd_dtype plus
 * ::nd_abstract_type. Errors carry NumPy's messages.
 * @{ */
#ifndef ND_SELECT_H
#define ND_SELECT_H

#include "nd/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- selection (src/manip/choose.c) ----------------------------------- */

/** How nd_choose() treats an index outside [0, n): np.choose's mode. */
typedef enum {
    ND_CHOOSE_RAISE, /**< An error, ND_ERR_VALUE (mode='raise'). */
    ND_CHOOSE_WRAP,  /**< Taken modulo n, Python's way (mode='wrap'). */
    ND_CHOOSE_CLIP   /**< Clipped to [0, n - 1] (mode='clip'). */
} nd_choose_mode;

/** Builds an array from an index array and a list of arrays: np.choose.
 *
 * a (integers, cast 'safe' to int64 as NumPy's intp: a float a is
 * ND_ERR_DTYPE) and every choice broadcast together; element k of the
 * result is choices[a[k]][k], in the choices' result dtype. n == 0 is
 * ND_ERR_VALUE "0-length sequence."; an index outside [0, n) under
 * ::ND_CHOOSE_RAISE is ND_ERR_VALUE "invalid entry in choice array".
 * @param a        the indices.
 * @param n        the number of choices.
 * @param choices  n arrays.
 * @param out      NULL, or an array of the broadcast shape (cast unsafely).
 * @param mode     out-of-range rule.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_choose(const nd_array *a, int n, nd_array_list choices, nd_array *out,
                           nd_choose_mode mode);

/** Picks from choices by the first true condition: np.select.
 *
 * The result is choicelist[i] where condlist[i] is the first true
 * condition, deflt where none is; every array broadcasts together and the
 * dtype is the result type of the choices and deflt. Conditions must be
 * bool (ND_ERR_DTYPE "invalid entry i in condlist: should be boolean
 * ndarray"); n == 0 is ND_ERR_VALUE.
 * @param n           the number of conditions and choices.
 * @param condlist    n bool arrays.
 * @param choicelist  n arrays.
 * @param deflt       the default, or NULL for NumPy's 0 (a weak literal).
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_select(int n, nd_array_list condlist, nd_array_list choicelist,
                           const nd_array *deflt);

/** A function nd_piecewise() applies to the selected elements.
 *
 * Called with a 1-D array of the elements of x where the condition holds
 * (x's dtype) and the user's pointer; returns a new reference to a 1-D array
 * of the same length (or a 0-d array, broadcast), or NULL with an nd error
 * set, which nd_piecewise() then returns. */
typedef nd_array *(*nd_piecewise_fn)(const nd_array *x, void *user);

/** Evaluates a piecewise-defined function: np.piecewise.
 *
 * The result has x's shape and dtype, zero where no condition holds.
 * With nfunc == ncond + 1 the last function is the "otherwise" piece,
 * applied where no condition holds; each function runs on x[cond] and its
 * values are cast into the result (a later condition overwrites an earlier
 * one, as NumPy's). nfunc other than ncond or ncond + 1 is ND_ERR_VALUE;
 * conditions must be bool arrays of x's shape (broadcast allowed).
 * @param x      the input.
 * @param ncond  the number of conditions.
 * @param conds  ncond bool arrays.
 * @param nfunc  the number of functions.
 * @param funcs  nfunc functions; a NULL one gives zeros (NumPy's scalar 0).
 * @param user   passed to each function.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_piecewise(const nd_array *x, int ncond, nd_array_list conds, int nfunc,
                              const nd_piecewise_fn *funcs, void *user);

/** The elements of an array where a condition holds: np.extract.
 *
 * take(ravel(arr), nonzero(ravel(condition))): 1-D, arr's dtype. A true
 * condition past arr's size is ND_ERR_INDEX.
 * @param condition  truth values (any dtype, any shape).
 * @param arr        the array.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_extract(const nd_array *condition, const nd_array *arr);

/** Puts values where a mask is true, in order, repeating them: np.place.
 *
 * The n-th true entry of mask (C order) receives vals[n % vals.size]; vals
 * must cast 'safe'ly to arr's dtype (ND_ERR_DTYPE otherwise, as NumPy's). mask must have arr's size
 * (ND_ERR_VALUE "place: mask and data must be the same size"); empty vals with a true mask is
 * ND_ERR_VALUE "Cannot insert from an empty array!".
 * @param arr   the array written (in place).
 * @param mask  truth values of arr's size.
 * @param vals  the values (flattened).
 * @return ND_OK or an error status. */
ND_API int nd_place(nd_array *arr, const nd_array *mask, const nd_array *vals);

/** Sets a[k] = values[k % values.size] where mask[k]: np.putmask.
 *
 * Unlike nd_place() the value is chosen by the flat position k, not by the
 * count of true entries; values cast 'safe'ly to a's dtype (ND_ERR_DTYPE
 * otherwise). mask must have a's size (ND_ERR_VALUE "putmask:
 * mask and data must be the same size"); empty values do nothing.
 * @param a       the array written (in place).
 * @param mask    truth values of a's size.
 * @param values  the values (flattened).
 * @return ND_OK or an error status. */
ND_API int nd_putmask(nd_array *a, const nd_array *mask, const nd_array *values);

/** Whether two arrays are shape-consistent and equal: np.array_equiv.
 *
 * True when the shapes broadcast together and every pair of elements is
 * equal (==, NaN unequal); false, without error, when they do not broadcast.
 * @param a  one array.  @param b  the other.
 * @param result  receives the answer.
 * @return ND_OK or an error status. */
ND_API int nd_array_equiv(const nd_array *a, const nd_array *b, bool *result);

/** Absolute values as floats: np.fabs.
 *
 * NumPy's float loops only: float16/32/64 keep their dtype, bool and
 * integers take the first float dtype they cast to safely (int8 and uint8
 * float16, int16 and uint16 float32, wider float64); complex is
 * ND_ERR_DTYPE with NumPy's message. Otherwise nd_absolute() (out, flags).
 * @param a    the array.
 * @param out  NULL, or the array to write into.
 * @return a new reference, or out; NULL on error. */
ND_API nd_array *nd_fabs(const nd_array *a, nd_array *out);

/* ---- bits (src/manip/bits.c) ----------------------------------------- */

/** Packs truth values into the bits of uint8: np.packbits.
 *
 * Each group of 8 elements along axis (nonzero = 1) becomes one uint8, the
 * last group padded with zeros; big = true is bitorder='big' (first element
 * in the high bit). a must be bool or integer (ND_ERR_DTYPE "Expected an
 * input array of integer or boolean data type").
 * @param a     the array.
 * @param axis  the axis, or ::ND_AXIS_ALL for the flattened array.
 * @param big   bitorder 'big' (true) or 'little'.
 * @return a new uint8 reference; NULL on error. */
ND_API nd_array *nd_packbits(const nd_array *a, int axis, bool big);

/** Unpacks uint8 elements into bits: np.unpackbits.
 *
 * Each uint8 along axis becomes 8 elements 0/1. count >= 0 keeps the
 * first count bits (padding with zeros past 8 n), count < 0 drops -count
 * from the end (ND_ERR_VALUE "-count larger than number of elements" when
 * too many), ::ND_UNPACK_ALL keeps all. a must be uint8 (ND_ERR_DTYPE
 * "Expected an input array of unsigned byte data type").
 * @param a      the array.
 * @param axis   the axis, or ::ND_AXIS_ALL for the flattened array.
 * @param count  the bits kept, or ::ND_UNPACK_ALL.
 * @param big    bitorder 'big' (true) or 'little'.
 * @return a new uint8 reference; NULL on error. */
ND_API nd_array *nd_unpackbits(const nd_array *a, int axis, int64_t count, bool big);
/** nd_unpackbits()'s count for "all the bits" (NumPy's count=None). */
#define ND_UNPACK_ALL INT64_MIN

/* ---- sets (src/sort/sets.c) ------------------------------------------ */

/** The sorted union of two arrays: np.union1d.
 *
 * unique(concatenate(ravel(a), ravel(b))), in the pair's result dtype.
 * @param a  one array.  @param b  the other.
 * @return a new 1-D reference; NULL on error. */
ND_API nd_array *nd_union1d(const nd_array *a, const nd_array *b);

/** The sorted common values of two arrays: np.intersect1d.
 *
 * The values in both a and b (flattened), sorted and distinct, in the
 * pair's result dtype. assume_unique skips making the inputs unique (as
 * NumPy, wrong input gives unspecified results). ind1 and ind2 (if not
 * NULL) receive int64 indices of the first occurrences in ravel(a) and
 * ravel(b) (return_indices=True).
 * @param a  one array.  @param b  the other.
 * @param assume_unique  whether both are known distinct.
 * @param values  receives the values (a new reference).
 * @param ind1    receives the indices into a, or NULL.
 * @param ind2    receives the indices into b, or NULL.
 * @return ND_OK or an error status. */
ND_API int nd_intersect1d(const nd_array *a, const nd_array *b, bool assume_unique,
                          nd_array **values, nd_array **ind1, nd_array **ind2);

/** The sorted values of a not in b: np.setdiff1d.
 *
 * unique(a) minus b's values, a's dtype (with assume_unique, ravel(a) in
 * its order, not sorted, as NumPy's).
 * @param a  the array.  @param b  the values removed.
 * @param assume_unique  whether a is known distinct.
 * @return a new 1-D reference; NULL on error. */
ND_API nd_array *nd_setdiff1d(const nd_array *a, const nd_array *b, bool assume_unique);

/** The sorted values in exactly one of two arrays: np.setxor1d.
 * @param a  one array.  @param b  the other.
 * @param assume_unique  whether both are known distinct.
 * @return a new 1-D reference in the pair's result dtype; NULL on error. */
ND_API nd_array *nd_setxor1d(const nd_array *a, const nd_array *b, bool assume_unique);

/** Sorts by real part, then imaginary part: np.sort_complex.
 *
 * Sorted along the last axis and returned complex: int8/uint8/int16/uint16
 * as complex64, every other real dtype (float32 too) as complex128, as
 * NumPy's.
 * @param a  the array.
 * @return a new complex reference; NULL on error. */
ND_API nd_array *nd_sort_complex(const nd_array *a);

/* ---- memory (src/core/overlap.c) ------------------------------------- */

/** Whether two arrays share memory, exactly: np.shares_memory.
 *
 * Solves whether some element of a and some element of b have a byte in
 * common (a bounded linear Diophantine problem, NumPy's way of asking).
 * max_work < 0 is exact (NumPy's max_work=None); max_work == 0 only
 * compares the byte ranges (np.may_share_memory); otherwise at most about
 * max_work candidate steps are tried, and a problem that needs more is
 * ND_ERR_UNSUPPORTED "Exceeded max_work" (NumPy's TooHardError).
 * @param a  one array.  @param b  the other.
 * @param max_work  the work bound.
 * @param result    receives the answer.
 * @return ND_OK or an error status. */
ND_API int nd_shares_memory(const nd_array *a, const nd_array *b, int64_t max_work, bool *result);

/** The byte range an array touches: np.byte_bounds.
 *
 * low is the address of its lowest byte, high one past its highest (for
 * an empty array both are its data pointer, as NumPy's).
 * @param a     the array.
 * @param low   receives the first address.
 * @param high  receives one past the last address.
 * @return ND_OK or an error status. */
ND_API int nd_byte_bounds(const nd_array *a, void **low, void **high);

/* ---- numbers as text (src/core/typeinfo.c) --------------------------- */

/** An integer in binary: np.binary_repr.
 *
 * width < 0 is NumPy's width=None: a minus sign before the magnitude's
 * bits. With width >= 0 a negative number is written in two's complement
 * on max(width, its bit length) bits, and a positive one zero-padded to
 * width (a width too small gives the shortest form, as NumPy 1.24 does
 * with a DeprecationWarning).
 * @param num    the number.
 * @param width  the width, or -1.
 * @return a malloc'd string the caller free()s; NULL on error. */
ND_API char *nd_binary_repr(int64_t num, int width);

/** An integer in a base from 2 to 36: np.base_repr.
 *
 * Digits 0-9 then A-Z, padding zeros before the digits (after the sign).
 * A base outside [2, 36] is ND_ERR_VALUE with NumPy's message.
 * @param num      the number.
 * @param base     the base.
 * @param padding  zeros to add on the left (>= 0).
 * @return a malloc'd string the caller free()s; NULL on error. */
ND_API char *nd_base_repr(int64_t num, int base, int padding);

/* ---- dtype helpers (src/core/typeinfo.c) ----------------------------- */

/** NumPy's abstract scalar types, for nd_issubdtype() and friends.
 *
 * Numbered after the concrete ::nd_dtype values, so a function taking a
 * "type code" (int) takes either: np.issubdtype(np.float32, np.floating)
 * is nd_issubdtype(ND_FLOAT32, ND_FLOATING). */
typedef enum {
    ND_GENERIC = 64,    /**< np.generic: every type. */
    ND_NUMBER,          /**< np.number: integers, floats, complex. */
    ND_INTEGER,         /**< np.integer: signed and unsigned integers. */
    ND_SIGNEDINTEGER,   /**< np.signedinteger. */
    ND_UNSIGNEDINTEGER, /**< np.unsignedinteger. */
    ND_INEXACT,         /**< np.inexact: floats and complex. */
    ND_FLOATING,        /**< np.floating. */
    ND_COMPLEXFLOATING, /**< np.complexfloating. */
    ND_ABSTRACT_END     /**< One past the last abstract type. */
} nd_abstract_type;

/** Whether a type code names a scalar type: np.issctype.
 * @param code  an ::nd_dtype or an ::nd_abstract_type value.
 * @return true for a concrete dtype or an abstract type; false otherwise. */
ND_API bool nd_issctype(int code);

/** Whether a type is a subtype of another: np.issubdtype (np.issubsctype).
 *
 * Each argument is a concrete ::nd_dtype or an ::nd_abstract_type; the
 * hierarchy is NumPy's (np.bool_ under np.generic only). An invalid code
 * is ND_ERR_DTYPE (the status, if not NULL, says so) and false.
 * @param arg1    the type tested.
 * @param arg2    the type or category.
 * @param status  receives ND_OK or the error, or NULL.
 * @return whether arg1 is arg2 or under it. */
ND_API bool nd_issubdtype(int arg1, int arg2, nd_status *status);

/** The smallest dtype that holds a value: np.min_scalar_type.
 *
 * For a 0-d array, the smallest dtype of its kind that holds its value
 * (non-negative integers unsigned; a float by range only, as NumPy's:
 * 3.1 is float16, infinity and NaN too); for any other array its own
 * dtype.
 * @param a  the array.
 * @return the dtype; ::ND_NUM_DTYPES on error. */
ND_API nd_dtype nd_min_scalar_type(const nd_array *a);

/** The inexact dtype of a set of arrays: np.common_type.
 *
 * float64 for integers, else the widest float, complex when one is complex
 * (complex of the widest precision); float16 for n == 0. A bool array is
 * ND_ERR_DTYPE "can't get common type for non-numeric array".
 * @param n       the number of arrays.
 * @param arrays  n arrays.
 * @return the dtype; ::ND_NUM_DTYPES on error. */
ND_API nd_dtype nd_common_type(int n, nd_array_list arrays);

/** The type character that every character given safely casts to: np.mintypecode.
 *
 * Of typechars, those in typeset ("GDFgdf" when NULL); none gives deflt,
 * 'F' with 'd' gives 'D', else the smallest by element size.
 * @param typechars  type characters ("idF").
 * @param typeset    the allowed characters, or NULL.
 * @param deflt      the answer when none is allowed ('d' is NumPy's).
 * @return the character; 0 on error. */
ND_API char nd_mintypecode(const char *typechars, const char *typeset, char deflt);

/** The scalar type a dtype name or type character names: np.obj2sctype.
 *
 * Anything nd_dtype_from_name() takes ("float64", "f8", "d", "?"); deflt for
 * anything else (NumPy's default=None), without error (a NULL name is
 * ND_ERR_NULL, and deflt).
 * @param name   the name.
 * @param deflt  the answer for an unknown name.
 * @return the dtype, or deflt. */
ND_API nd_dtype nd_obj2sctype(const char *name, nd_dtype deflt);

/** The type character of a dtype: np.sctype2char ('d' for float64).
 * @param t  the dtype.
 * @return the character; 0 and ND_ERR_DTYPE "unrecognized type" for an
 *         invalid dtype. */
ND_API char nd_sctype2char(nd_dtype t);

/** The widest type of the same kind: np.maximum_sctype.
 *
 * int64, uint64, float64 (nd has no float128: NumPy on x86-64 says
 * float128), complex128; bool and abstract types map to themselves.
 * @param code  an ::nd_dtype or an ::nd_abstract_type.
 * @return the type code; -1 and ND_ERR_DTYPE for an invalid one. */
ND_API int nd_maximum_sctype(int code);

/** The common dtype of array and scalar dtypes: np.find_common_type.
 *
 * NumPy 1.24's rule: the smallest type (in NumPy's order) every array dtype
 * casts to safely, unless the scalar dtypes' common type is of a higher
 * kind (bool < unsigned < signed < float < complex), when it is the
 * smallest of that kind or above that holds both. ::ND_NUM_DTYPES (NumPy's
 * None) when both lists are empty or nothing holds them, without error;
 * an invalid dtype in a list is ND_ERR_DTYPE.
 * @param na            the number of array dtypes.
 * @param array_types   na dtypes.
 * @param ns            the number of scalar dtypes.
 * @param scalar_types  ns dtypes.
 * @return the dtype, or ::ND_NUM_DTYPES. */
ND_API nd_dtype nd_find_common_type(int na, const nd_dtype *array_types, int ns,
                                    const nd_dtype *scalar_types);

/** NumPy's description of a type character: np.typename ('d' is "double precision").
 * @param c  the character.
 * @return a static string; NULL and ND_ERR_VALUE for a character NumPy's table lacks. */
ND_API const char *nd_typename(char c);

#ifdef __cplusplus
}
#endif
/** @} */
#endif
