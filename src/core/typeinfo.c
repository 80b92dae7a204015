/* NumPy's dtype helpers over nd_dtype (np.issubdtype, np.min_scalar_type,
   np.common_type, np.mintypecode ...) and integers as text (np.binary_repr,
   np.base_repr). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "nd/select.h"

/* NumPy's type characters, by nd_dtype (int64 is C long on LP64: 'l', as
   np.dtype('int64').char). */
static const char type_char[ND_NUM_DTYPES] = {'?', 'b', 'h', 'i', 'l', 'B', 'H',
                                              'I', 'L', 'e', 'f', 'd', 'F', 'D'};

/* The abstract type each concrete dtype sits directly under, and each
   abstract type's parent (np.generic has none): NumPy's scalar hierarchy. */
static int parent_of(int code) {
    static const int abstract_parent[ND_ABSTRACT_END - ND_GENERIC] = {
        -1, ND_GENERIC, ND_NUMBER, ND_INTEGER, ND_INTEGER, ND_NUMBER, ND_INEXACT, ND_INEXACT};
    if (code >= ND_GENERIC) return abstract_parent[code - ND_GENERIC];
    nd_dtype t = (nd_dtype)code;
    if (t == ND_BOOL) return ND_GENERIC;
    if (nd__is_signed(t)) return ND_SIGNEDINTEGER;
    if (nd__is_unsigned(t)) return ND_UNSIGNEDINTEGER;
    if (nd__is_float(t)) return ND_FLOATING;
    return ND_COMPLEXFLOATING;
}

bool nd_issctype(int code) {
    return (code >= 0 && code < ND_NUM_DTYPES) || (code >= ND_GENERIC && code < ND_ABSTRACT_END);
}

bool nd_issubdtype(int arg1, int arg2, nd_status *status) {
    if (!nd_issctype(arg1) || !nd_issctype(arg2)) {
        nd_status s =
            nd__error(ND_ERR_DTYPE, "nd_issubdtype", "Cannot interpret '%d' as a data type",
                      nd_issctype(arg1) ? arg2 : arg1);
        if (status) *status = s;
        return false;
    }
    if (status) *status = ND_OK;
    for (int c = arg1; c >= 0; c = parent_of(c))
        if (c == arg2) return true;
    return false;
}

int nd_maximum_sctype(int code) {
    if (!nd_issctype(code))
        return nd__error(ND_ERR_DTYPE, "nd_maximum_sctype", "Cannot interpret '%d' as a data type",
                         code),
               -1;
    if (code >= ND_GENERIC || code == ND_BOOL) return code;
    nd_dtype t = (nd_dtype)code;
    return nd__is_signed(t)     ? ND_INT64
           : nd__is_unsigned(t) ? ND_UINT64
           : nd__is_float(t)    ? ND_FLOAT64
                                : ND_COMPLEX128;
}

char nd_sctype2char(nd_dtype t) {
    if ((unsigned)t >= ND_NUM_DTYPES)
        return nd__error(ND_ERR_DTYPE, "nd_sctype2char", "unrecognized type"), 0;
    return type_char[t];
}

nd_dtype nd_obj2sctype(const char *name, nd_dtype deflt) {
    if (!name) return nd__null_arg("nd_obj2sctype", "name"), deflt;
    for (int t = 0; t < ND_NUM_DTYPES; t++)
        if (name[0] == type_char[t] && !name[1]) return (nd_dtype)t;
    nd_status pending = nd_last_error();
    char msg[256];
    if (pending) snprintf(msg, sizeof msg, "%s", nd_last_error_message());
    nd_dtype t;
    if (nd_dtype_from_name(name, &t) == ND_OK) return t;
    /* an unknown name is an answer here, not an error: put back what was pending */
    if (pending)
        nd_error_set(pending, msg);
    else
        nd_clear_error();
    return deflt;
}

const char *nd_typename(char c) {
    static const char *const names[][2] = {
        {"?", "bool"},
        {"b", "signed char"},
        {"B", "unsigned char"},
        {"h", "short"},
        {"H", "unsigned short"},
        {"i", "integer"},
        {"I", "unsigned integer"},
        {"l", "long integer"},
        {"L", "unsigned long integer"},
        {"q", "long long integer"},
        {"Q", "unsigned long long integer"},
        {"f", "single precision"},
        {"d", "double precision"},
        {"g", "long precision"},
        {"F", "complex single precision"},
        {"D", "complex double precision"},
        {"G", "complex long double precision"},
        {"S", "string"},
        {"U", "unicode"},
        {"V", "void"},
        {"O", "object"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i][0][0] == c) return names[i][1];
    return nd__error(ND_ERR_VALUE, "nd_typename", "no type named '%c'", c), NULL;
}

char nd_mintypecode(const char *typechars, const char *typeset, char deflt) {
    static const char by_size[] = "GDFgdfQqLlIiHhBb?";
    if (!typechars) return nd__null_arg("nd_mintypecode", "typechars"), 0;
    if (!typeset) typeset = "GDFgdf";
    bool in[128] = {false}, any = false;
    for (const char *p = typechars; *p; p++)
        if ((unsigned char)*p < 128 && strchr(typeset, *p)) in[(unsigned char)*p] = any = true;
    if (!any) return deflt;
    if (in['F'] && in['d']) return 'D';
    for (const char *p = by_size; *p; p++)
        if (in[(unsigned char)*p]) return *p;
    /* a character of typeset that NumPy's size order lacks: min() raises */
    return nd__error(ND_ERR_VALUE, "nd_mintypecode", "substring not found"), 0;
}

/* np.min_scalar_type's rules for one value. */
static nd_dtype min_uint(uint64_t v) {
    return v <= UINT8_MAX    ? ND_UINT8
           : v <= UINT16_MAX ? ND_UINT16
           : v <= UINT32_MAX ? ND_UINT32
                             : ND_UINT64;
}
static nd_dtype min_int(int64_t v) {
    if (v >= 0) return min_uint((uint64_t)v);
    return v >= INT8_MIN    ? ND_INT8
           : v >= INT16_MIN ? ND_INT16
           : v >= INT32_MIN ? ND_INT32
                            : ND_INT64;
}
/* 0 half, 1 single, 2 double: NumPy's bounds, by range only (not precision) */
static int float_rank(double v) {
    if (!isfinite(v) || (v > -65000 && v < 65000)) return 0;
    return v > -3.4e38 && v < 3.4e38 ? 1 : 2;
}

nd_dtype nd_min_scalar_type(const nd_array *a) {
    if (!a) return nd__null_arg("nd_min_scalar_type", "a"), ND_NUM_DTYPES;
    nd_dtype t = a->dtype;
    if (a->ndim != 0 || t == ND_BOOL) return t;
    if (nd__is_unsigned(t)) {
        uint64_t v;
        nd__cast_one(t, a->data, ND_UINT64, &v);
        return min_uint(v);
    }
    if (nd__is_signed(t)) {
        int64_t v;
        nd__cast_one(t, a->data, ND_INT64, &v);
        return min_int(v);
    }
    if (nd__is_float(t)) {
        double v;
        nd__cast_one(t, a->data, ND_FLOAT64, &v);
        static const nd_dtype f[] = {ND_FLOAT16, ND_FLOAT32, ND_FLOAT64};
        return f[float_rank(v)];
    }
    nd_complex128 z;
    nd__cast_one(t, a->data, ND_COMPLEX128, &z);
    /* no complex32: float32 parts or not */
    return float_rank(z.re) <= 1 && float_rank(z.im) <= 1 ? ND_COMPLEX64 : ND_COMPLEX128;
}

nd_dtype nd_common_type(int n, nd_array_list arrays_list) {
    const nd_array *const *arrays = ND_LIST_PTR(arrays_list);
    static const char *func = "nd_common_type";
    if (n < 0) return nd__bad_count(func, "n", n), ND_NUM_DTYPES;
    if (n > 0 && !arrays) return nd__null_arg(func, "arrays"), ND_NUM_DTYPES;
    int bits = 16; /* precision of the widest float, as np.common_type's */
    bool cplx = false;
    for (int i = 0; i < n; i++) {
        if (!arrays[i]) return nd__null_item(func, "arrays", i), ND_NUM_DTYPES;
        nd_dtype t = arrays[i]->dtype;
        int b;
        if (nd__is_int(t))
            b = 64;
        else if (nd__is_float(t))
            b = nd__dtype_bits(t);
        else if (nd__is_complex(t))
            b = nd__dtype_bits(t) / 2, cplx = true;
        else
            return nd__error(ND_ERR_DTYPE, func, "can't get common type for non-numeric array"),
                   ND_NUM_DTYPES;
        if (b > bits) bits = b;
    }
    if (cplx) return bits <= 32 ? ND_COMPLEX64 : ND_COMPLEX128;
    return bits == 16 ? ND_FLOAT16 : bits == 32 ? ND_FLOAT32 : ND_FLOAT64;
}

/* ---- integers as text ---- */

static char *dup_or_nomem(const char *func, const char *s) {
    size_t n = strlen(s) + 1;
    char *r = nd__malloc_for_caller(n);
    if (!r) return nd__nomem(func, 0), NULL;
    return memcpy(r, s, n);
}

/* The binary digits of v (no leading zeros; "0" for 0) into buf[65]. */
static int bits_of(uint64_t v, char *buf) {
    int n = 0;
    do buf[n++] = (char)('0' + (v & 1)), v >>= 1;
    while (v);
    for (int i = 0; i < n / 2; i++) {
        char c = buf[i];
        buf[i] = buf[n - 1 - i], buf[n - 1 - i] = c;
    }
    buf[n] = 0;
    return n;
}

char *nd_binary_repr(int64_t num, int width) {
    static const char *func = "nd_binary_repr";
    char digits[66];
    if (width < -1)
        return nd__error(ND_ERR_VALUE, func, "width must be non-negative or -1, got %d", width),
               NULL;
    if (num == 0) width = width < 1 ? 1 : width;
    uint64_t mag = num < 0 ? 0 - (uint64_t)num : (uint64_t)num;
    int nbits = bits_of(mag, digits), lead = 0;
    char fill = '0';
    const char *body = digits;
    if (num < 0 && width < 0) {
        fill = '-', lead = 1;
    } else if (num < 0) {
        /* two's complement on one bit more than the magnitude needs, one
           less for an exact power of two (NumPy's gh-8679) */
        int pw = nbits;
        if ((mag & (mag - 1)) == 0) pw--;
        uint64_t twocomp = ((uint64_t)1 << pw << 1) - mag; /* pw <= 63 */
        nbits = bits_of(twocomp, digits);
        fill = '1';
        lead = width > nbits ? width - nbits : 0;
    } else {
        lead = width > nbits ? width - nbits : 0;
    }
    char *r = nd__malloc_for_caller((size_t)lead + (size_t)nbits + 1);
    if (!r) return nd__nomem(func, 0), NULL;
    memset(r, fill, (size_t)lead);
    memcpy(r + lead, body, (size_t)nbits + 1);
    return r;
}

char *nd_base_repr(int64_t num, int base, int padding) {
    static const char *func = "nd_base_repr";
    if (base > 36)
        return nd__error(ND_ERR_VALUE, func, "Bases greater than 36 not handled in base_repr."),
               NULL;
    if (base < 2)
        return nd__error(ND_ERR_VALUE, func, "Bases less than 2 not handled in base_repr."), NULL;
    if (padding < 0) return nd__bad_count(func, "padding", padding), NULL;
    char digits[66];
    int n = 0;
    uint64_t mag = num < 0 ? 0 - (uint64_t)num : (uint64_t)num;
    while (mag)
        digits[n++] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[mag % (unsigned)base],
        mag /= (unsigned)base;
    /* NumPy: '0' only when there are neither digits nor padding */
    if (!n && !padding) return dup_or_nomem(func, "0");
    size_t len = (size_t)n + (size_t)padding + (num < 0);
    char *r = nd__malloc_for_caller(len + 1), *p = r;
    if (!r) return nd__nomem(func, 0), NULL;
    if (num < 0) *p++ = '-';
    memset(p, '0', (size_t)padding);
    p += padding;
    while (n) *p++ = digits[--n];
    *p = 0;
    return r;
}

/* ---- np.find_common_type ---- */

/* NumPy's __test_types ('?bBhHiIlLqQefdgFDG') over nd's dtypes (no long double). */
static const nd_dtype test_order[] = {
    ND_BOOL,  ND_INT8,   ND_UINT8,   ND_INT16,   ND_UINT16,  ND_INT32,     ND_UINT32,
    ND_INT64, ND_UINT64, ND_FLOAT16, ND_FLOAT32, ND_FLOAT64, ND_COMPLEX64, ND_COMPLEX128};
enum { N_TEST = sizeof test_order / sizeof test_order[0] };

/* The first test type from start that every type casts to safely. */
static nd_dtype coerce_all(int n, const nd_dtype *t, int start) {
    if (n == 0) return ND_NUM_DTYPES;
    if (n == 1) return t[0];
    for (int i = start; i < N_TEST; i++) {
        bool all = true;
        for (int j = 0; j < n && all; j++) all = nd_can_cast(t[j], test_order[i], ND_CAST_SAFE);
        if (all) return test_order[i];
    }
    return ND_NUM_DTYPES;
}

/* NumPy's kind order b, u, i, f, c. */
static int kind_rank(nd_dtype t) {
    return t == ND_BOOL         ? 0
           : nd__is_unsigned(t) ? 1
           : nd__is_signed(t)   ? 2
           : nd__is_float(t)    ? 3
                                : 4;
}

nd_dtype nd_find_common_type(int na, const nd_dtype *array_types, int ns,
                             const nd_dtype *scalar_types) {
    static const char *func = "nd_find_common_type";
    if (na < 0 || ns < 0)
        return nd__bad_count(func, na < 0 ? "na" : "ns", na < 0 ? na : ns), ND_NUM_DTYPES;
    if ((na && !array_types) || (ns && !scalar_types))
        return nd__null_arg(func, na && !array_types ? "array_types" : "scalar_types"),
               ND_NUM_DTYPES;
    for (int i = 0; i < na + ns; i++) {
        nd_dtype t = i < na ? array_types[i] : scalar_types[i - na];
        if ((unsigned)t >= ND_NUM_DTYPES)
            return nd__error(ND_ERR_DTYPE, func, "Cannot interpret '%d' as a data type", (int)t),
                   ND_NUM_DTYPES;
    }
    nd_dtype maxa = coerce_all(na, array_types, 0), maxsc = coerce_all(ns, scalar_types, 0);
    if (maxa == ND_NUM_DTYPES) return maxsc;
    if (maxsc == ND_NUM_DTYPES) return maxa;
    if (kind_rank(maxsc) <= kind_rank(maxa)) return maxa;
    /* a scalar of a higher kind: the smallest type from its own on that holds both */
    if (maxsc != maxa && nd_can_cast(maxa, maxsc, ND_CAST_SAFE)) return maxsc;
    int start = 0;
    while (test_order[start] != maxsc) start++;
    return coerce_all(2, (nd_dtype[]){maxsc, maxa}, start);
}
