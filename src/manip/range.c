/* arange and linspace, computed the way NumPy 1.24 computes them so that
   lengths and values match exactly, quirks included: arange stores start
   and start+step in the target dtype and fills with their difference
   (np.arange(-3, 3, 0.5, dtype=int) is -3, -2, ..., 8). */
#include <math.h>
#include <string.h>

#include "core/internal.h"
#include "common/half.h"
#include "manip/manip_internal.h"

/* A double stored into an integer dtype the way NumPy stores a Python
   number: truncated to an integer, then wrapped to the type's width. */
static void store_double(nd_dtype t, double v, void *dst) {
    if (nd__is_int(t) && isfinite(v) && fabs(v) < 9.2e18) {
        int64_t i = (int64_t)v;
        nd__cast_one(ND_INT64, &i, t, dst);
        return;
    }
    nd__cast_one(ND_FLOAT64, &v, t, dst);
}

/* NumPy's per-dtype fill: buffer[i] = start + i * (buffer[1] - buffer[0]),
   in the dtype's own arithmetic (float16 through float32). */
#define FILL_INT(T)                                                                                \
    {                                                                                              \
        T s, d;                                                                                    \
        memcpy(&s, p, sizeof s);                                                                   \
        memcpy(&d, p + sizeof s, sizeof d);                                                        \
        d = (T)(d - s);                                                                            \
        for (int64_t i = 2; i < n; i++) {                                                          \
            T v = (T)((uint64_t)s + (uint64_t)i * (uint64_t)d);                                    \
            memcpy(p + i * (int64_t)sizeof v, &v, sizeof v);                                       \
        }                                                                                          \
        return;                                                                                    \
    }
#define FILL_FLOAT(T)                                                                              \
    {                                                                                              \
        T s, d;                                                                                    \
        memcpy(&s, p, sizeof s);                                                                   \
        memcpy(&d, p + sizeof s, sizeof d);                                                        \
        d -= s;                                                                                    \
        for (int64_t i = 2; i < n; i++) {                                                          \
            T v = s + (T)i * d;                                                                    \
            memcpy(p + i * (int64_t)sizeof v, &v, sizeof v);                                       \
        }                                                                                          \
        return;                                                                                    \
    }

static void fill(nd_dtype t, char *p, int64_t n) {
    switch (t) {
    case ND_INT8:
        FILL_INT(int8_t)
    case ND_INT16:
        FILL_INT(int16_t)
    case ND_INT32:
        FILL_INT(int32_t)
    case ND_INT64:
        FILL_INT(int64_t)
    case ND_UINT8:
        FILL_INT(uint8_t)
    case ND_UINT16:
        FILL_INT(uint16_t)
    case ND_UINT32:
        FILL_INT(uint32_t)
    case ND_UINT64:
        FILL_INT(uint64_t)
    case ND_FLOAT32:
        FILL_FLOAT(float)
    case ND_FLOAT64:
        FILL_FLOAT(double)
    case ND_FLOAT16: {
        uint16_t h0, h1;
        memcpy(&h0, p, 2);
        memcpy(&h1, p + 2, 2);
        float s = nd_f16_to_f32(h0), d = nd_f16_to_f32(h1) - s;
        for (int64_t i = 2; i < n; i++) {
            uint16_t h = nd_f32_to_f16(s + (float)i * d);
            memcpy(p + 2 * i, &h, 2);
        }
        return;
    }
    case ND_COMPLEX64:
    case ND_COMPLEX128: { /* real and imaginary parts each as their float */
        size_t half = nd_dtype_size(t) / 2;
        for (int part = 0; part < 2; part++) {
            if (half == 4) {
                float s, d;
                memcpy(&s, p + part * 4, 4);
                memcpy(&d, p + 8 + part * 4, 4);
                d -= s;
                for (int64_t i = 2; i < n; i++) {
                    float v = s + (float)i * d;
                    memcpy(p + i * 8 + part * 4, &v, 4);
                }
            } else {
                double s, d;
                memcpy(&s, p + part * 8, 8);
                memcpy(&d, p + 16 + part * 8, 8);
                d -= s;
                for (int64_t i = 2; i < n; i++) {
                    double v = s + (double)i * d;
                    memcpy(p + i * 16 + part * 8, &v, 8);
                }
            }
        }
        return;
    }
    default:
        return;
    }
}

nd_array *nd_arange(double start, double stop, double step, nd_dtype t) {
    static const char *func = "nd_arange";
    if (nd__check_dtype(func, t)) return NULL;
    if (step == 0) return nd__error(ND_ERR_VALUE, func, "division by zero"), NULL;
    double delta = stop - start, len_f = delta / step;
    int64_t n;
    if (len_f == 0.0 && delta != 0.0) { /* underflow: NumPy looks at the sign */
        n = signbit(len_f) ? 0 : 1;
    } else {
        double c = ceil(len_f);
        if (isnan(c)) return nd__error(ND_ERR_VALUE, func, "arange: cannot compute length"), NULL;
        if (!(c >= -9.2e18 && c <= 9.2e18))
            return nd__error(ND_ERR_OVERFLOW, func, "arange: overflow while computing length"),
                   NULL;
        n = (int64_t)c;
    }
    if (n < 0) n = 0;
    if (t == ND_BOOL && n > 2)
        return nd__error(
                   ND_ERR_DTYPE, func,
                   "arange() is only supported for booleans when the result has at most length 2."),
               NULL;
    if (n > INT64_MAX / 16)
        return nd__error(ND_ERR_VALUE, func, "Maximum allowed size exceeded"), NULL;
    nd_array *a = nd__alloc(func, t, 1, &n, ND_ORDER_C, false);
    if (!a || n == 0) return a;
    size_t isz = nd_dtype_size(t);
    store_double(t, start, a->data);
    if (n > 1) store_double(t, start + step, a->data + isz);
    if (n > 2) fill(t, a->data, n);
    return a;
}

/* np.linspace(start, stop, num, endpoint) in float64, NumPy 1.24's steps:
   also the exponents of logspace and geomspace. */
nd_array *nd__linspace_f64(const char *func, double start, double stop, int64_t num,
                           bool endpoint) {
    if (num < 0)
        return nd__error(ND_ERR_VALUE, func, "Number of samples, %lld, must be non-negative.",
                         (long long)num),
               NULL;
    nd_array *y = nd__alloc(func, ND_FLOAT64, 1, &num, ND_ORDER_C, false);
    if (!y) return NULL;
    double *v = (double *)y->data, delta = stop - start;
    int64_t div = endpoint ? num - 1 : num;
    double step = div > 0 ? delta / (double)div : NAN;
    for (int64_t i = 0; i < num; i++) {
        double yi = (double)i;
        if (div > 0 && step == 0) /* denormal deltas: NumPy divides first */
            yi = yi / (double)div * delta;
        else if (div > 0)
            yi = yi * step;
        else
            yi = yi * delta;
        v[i] = yi + start;
    }
    if (endpoint && num > 1) v[num - 1] = stop;
    return y;
}

nd_array *nd_linspace(double start, double stop, int64_t num, nd_dtype t) {
    static const char *func = "nd_linspace";
    if (nd__check_dtype(func, t)) return NULL;
    nd_array *y = nd__linspace_f64(func, start, stop, num, true);
    if (!y) return NULL;
    double *v = (double *)y->data;
    if (nd__is_int(t))
        for (int64_t i = 0; i < num; i++) v[i] = floor(v[i]);
    if (t == ND_FLOAT64) return y;
    nd_array *r = nd_astype(y, t);
    nd_release(y);
    return r;
}
