/* One value stored into an array element as NumPy stores a Python scalar
   (`a[i] = 2.5`, `a.fill(x)`): floats into integers truncate, but NaN,
   infinity and values out of the integer's range are errors (NumPy 1.24
   raises for NaN and infinity and deprecates the silent wrap NumPy 2 turned
   into OverflowError), and a complex value does not go into a real array
   (Python's float() of a complex is a TypeError). Everything else is the
   ordinary cast. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/internal.h"

/* The range of integer dtype t as doubles: [lo, hi) exactly, since 2^63 and
   2^64 are representable and their predecessors are not. */
static void int_range(nd_dtype t, double *lo, double *hi) {
    int bits = nd__dtype_bits(t);
    if (nd__is_signed(t))
        *lo = -ldexp(1.0, bits - 1), *hi = ldexp(1.0, bits - 1);
    else
        *lo = 0.0, *hi = ldexp(1.0, bits);
}

static nd_status out_of_bounds(const char *func, const char *value, nd_dtype to) {
    return nd__error(ND_ERR_VALUE, func, "value %s is out of bounds for %s", value,
                     nd_dtype_name(to));
}

static nd_status from_float(const char *func, double v, nd_dtype to, void *dst) {
    if (isnan(v)) return nd__error(ND_ERR_VALUE, func, "cannot convert float NaN to integer");
    if (isinf(v)) return nd__error(ND_ERR_VALUE, func, "cannot convert float infinity to integer");
    double t = trunc(v), lo, hi;
    int_range(to, &lo, &hi);
    if (t < lo || t >= hi) {
        char buf[40];
        snprintf(buf, sizeof buf, "%.17g", t);
        return out_of_bounds(func, buf, to);
    }
    nd__cast_one(ND_FLOAT64, &t, to, dst);
    return ND_OK;
}

static nd_status from_int(const char *func, nd_dtype from, const void *src, nd_dtype to,
                          void *dst) {
    /* exact comparison in 64-bit integers: a uint64 above INT64_MAX or a
       negative int64 is out of range for the other signedness */
    bool neg;
    uint64_t mag;
    if (nd__is_unsigned(from)) {
        uint64_t u;
        nd__cast_one(from, src, ND_UINT64, &u);
        neg = false, mag = u;
    } else {
        int64_t i;
        nd__cast_one(from, src, ND_INT64, &i);
        neg = i < 0, mag = neg ? 0 - (uint64_t)i : (uint64_t)i;
    }
    int bits = nd__dtype_bits(to);
    uint64_t max_pos = nd__is_signed(to) ? (UINT64_C(1) << (bits - 1)) - 1
                                         : (bits == 64 ? UINT64_MAX : (UINT64_C(1) << bits) - 1);
    uint64_t max_neg = nd__is_signed(to) ? UINT64_C(1) << (bits - 1) : 0;
    if (neg ? mag > max_neg : mag > max_pos) {
        char buf[40];
        snprintf(buf, sizeof buf, "%s%llu", neg ? "-" : "", (unsigned long long)mag);
        return out_of_bounds(func, buf, to);
    }
    nd__cast_one(from, src, to, dst);
    return ND_OK;
}

nd_status nd__assign_scalar(const char *func, nd_dtype from, const void *src, nd_dtype to,
                            void *dst) {
    if (nd__is_complex(from) && !nd__is_complex(to))
        return nd__error(ND_ERR_DTYPE, func, "cannot store a complex value in a %s array",
                         nd_dtype_name(to));
    if (nd__is_int(to)) {
        if (nd__is_float(from)) {
            double v;
            nd__cast_one(from, src, ND_FLOAT64, &v);
            return from_float(func, v, to, dst);
        }
        if (nd__is_int(from)) return from_int(func, from, src, to, dst);
    }
    nd__cast_one(from, src, to, dst);
    return ND_OK;
}
