/* Dtype names, sizes, kinds and NumPy's promotion table. */
#include <string.h>

#include "core/internal.h"
#include "dispatch/dispatch.h"

typedef struct {
    const char *name;
    size_t size;
    char kind; /* NumPy's kind letter: b i u f c */
} dtype_info;

static const dtype_info infos[ND_NUM_DTYPES] = {
    [ND_BOOL] = {"bool", 1, 'b'},           [ND_INT8] = {"int8", 1, 'i'},
    [ND_INT16] = {"int16", 2, 'i'},         [ND_INT32] = {"int32", 4, 'i'},
    [ND_INT64] = {"int64", 8, 'i'},         [ND_UINT8] = {"uint8", 1, 'u'},
    [ND_UINT16] = {"uint16", 2, 'u'},       [ND_UINT32] = {"uint32", 4, 'u'},
    [ND_UINT64] = {"uint64", 8, 'u'},       [ND_FLOAT16] = {"float16", 2, 'f'},
    [ND_FLOAT32] = {"float32", 4, 'f'},     [ND_FLOAT64] = {"float64", 8, 'f'},
    [ND_COMPLEX64] = {"complex64", 8, 'c'}, [ND_COMPLEX128] = {"complex128", 16, 'c'},
};

bool nd__dtype_ok(nd_dtype t) { return (unsigned)t < ND_NUM_DTYPES; }

size_t nd_dtype_size(nd_dtype t) { return nd__dtype_ok(t) ? infos[t].size : 0; }

const char *nd_dtype_name(nd_dtype t) { return nd__dtype_ok(t) ? infos[t].name : NULL; }

int nd_dtype_from_name(const char *name, nd_dtype *t) {
    static const struct {
        const char *alias;
        nd_dtype t;
    } aliases[] = {
        {"bool_", ND_BOOL},     {"?", ND_BOOL},
        {"b1", ND_BOOL},        {"i1", ND_INT8},
        {"i2", ND_INT16},       {"i4", ND_INT32},
        {"i8", ND_INT64},       {"u1", ND_UINT8},
        {"u2", ND_UINT16},      {"u4", ND_UINT32},
        {"u8", ND_UINT64},      {"f2", ND_FLOAT16},
        {"f4", ND_FLOAT32},     {"f8", ND_FLOAT64},
        {"c8", ND_COMPLEX64},   {"c16", ND_COMPLEX128},
        {"half", ND_FLOAT16},   {"single", ND_FLOAT32},
        {"double", ND_FLOAT64}, {"float", ND_FLOAT64},
        {"int", ND_INT64},      {"complex", ND_COMPLEX128},
    };
    if (!name) return nd__null_arg("nd_dtype_from_name", "name");
    if (!t) return nd__null_arg("nd_dtype_from_name", "t");
    for (int i = 0; i < ND_NUM_DTYPES; i++)
        if (strcmp(name, infos[i].name) == 0) return *t = (nd_dtype)i, ND_OK;
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (strcmp(name, aliases[i].alias) == 0) return *t = aliases[i].t, ND_OK;
    return nd__error(ND_ERR_DTYPE, "nd_dtype_from_name", "data type '%s' not understood", name);
}

nd_status nd__check_dtype(const char *func, nd_dtype t) {
    if (nd__dtype_ok(t)) return ND_OK;
    return nd__error(ND_ERR_DTYPE, func, "invalid dtype %d", (int)t);
}

bool nd__is_bool(nd_dtype t) { return t == ND_BOOL; }
bool nd__is_signed(nd_dtype t) { return t >= ND_INT8 && t <= ND_INT64; }
bool nd__is_unsigned(nd_dtype t) { return t >= ND_UINT8 && t <= ND_UINT64; }
bool nd__is_int(nd_dtype t) { return t >= ND_INT8 && t <= ND_UINT64; }
bool nd__is_float(nd_dtype t) { return t >= ND_FLOAT16 && t <= ND_FLOAT64; }
bool nd__is_complex(nd_dtype t) { return t == ND_COMPLEX64 || t == ND_COMPLEX128; }
bool nd__is_inexact(nd_dtype t) { return nd__is_float(t) || nd__is_complex(t); }
int nd__dtype_bits(nd_dtype t) { return (int)nd_dtype_size(t) * 8; }

static nd_dtype signed_of_bits(int bits) {
    switch (bits) {
    case 8:
        return ND_INT8;
    case 16:
        return ND_INT16;
    case 32:
        return ND_INT32;
    default:
        return ND_INT64;
    }
}

/* The smallest float that holds every value of t exactly as NumPy sees it:
   8-bit ints fit float16, 16-bit float32, wider ones float64. */
static nd_dtype float_for(nd_dtype t) {
    if (t == ND_BOOL) return ND_FLOAT16;
    if (nd__is_float(t)) return t;
    if (t == ND_COMPLEX64) return ND_FLOAT32;
    if (t == ND_COMPLEX128) return ND_FLOAT64;
    int bits = nd__dtype_bits(t);
    return bits == 8 ? ND_FLOAT16 : bits == 16 ? ND_FLOAT32 : ND_FLOAT64;
}

static nd_dtype promote_ints(nd_dtype a, nd_dtype b) {
    if (nd__is_signed(a) == nd__is_signed(b)) return a > b ? a : b; /* enum is by size */
    nd_dtype s = nd__is_signed(a) ? a : b, u = nd__is_signed(a) ? b : a;
    if (nd__dtype_bits(s) > nd__dtype_bits(u)) return s;
    if (nd__dtype_bits(u) == 64) return ND_FLOAT64;
    return signed_of_bits(2 * nd__dtype_bits(u));
}

nd_dtype nd_result_type(nd_dtype a, nd_dtype b) {
    if (!nd__dtype_ok(a) || !nd__dtype_ok(b)) return ND_NUM_DTYPES;
    if (a == b) return a;
    if (a == ND_BOOL) return b;
    if (b == ND_BOOL) return a;
    if (nd__is_int(a) && nd__is_int(b)) return promote_ints(a, b);
    nd_dtype fa = float_for(a), fb = float_for(b);
    nd_dtype f = fa > fb ? fa : fb;
    if (nd__is_complex(a) || nd__is_complex(b))
        return f == ND_FLOAT64 ? ND_COMPLEX128 : ND_COMPLEX64;
    return f;
}

static int kind_rank(nd_dtype t) {
    switch (infos[t].kind) {
    case 'b':
        return 0;
    case 'u':
        return 1;
    case 'i':
        return 2;
    case 'f':
        return 3;
    default:
        return 4;
    }
}

bool nd_can_cast(nd_dtype from, nd_dtype to, nd_casting casting) {
    if (!nd__dtype_ok(from) || !nd__dtype_ok(to)) return false;
    switch (casting) {
    case ND_CAST_NO:
    case ND_CAST_EQUIV:
        return from == to;
    case ND_CAST_SAFE:
        return nd_result_type(from, to) == to;
    case ND_CAST_SAME_KIND:
        return nd_result_type(from, to) == to || kind_rank(from) <= kind_rank(to);
    case ND_CAST_UNSAFE:
        return true;
    }
    return false;
}

/* One element through the current level's cast kernel (the same rule as
   nd_astype's, which the copy module runs over whole arrays). */
void nd__cast_one(nd_dtype from, const void *src, nd_dtype to, void *dst) {
    char *args[2] = {(char *)src, (char *)dst};
    int64_t steps[2] = {0, 0};
    nd__kernels()->cast[from][to](args, steps, 1);
}
