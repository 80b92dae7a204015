/* Single-element access with NumPy's negative-index wrap. */
#include <math.h>
#include <string.h>

#include "core/internal.h"

static char *element_ptr(const char *func, const nd_array *a, const int64_t *index) {
    if (!a) return nd__null_arg(func, "a"), NULL;
    if (a->ndim > 0 && !index) return nd__null_arg(func, "index"), NULL;
    char *p = a->data;
    for (int i = 0; i < a->ndim; i++) {
        int64_t k = index[i], n = a->shape[i];
        if (k < -n || k >= n) {
            nd__error(ND_ERR_INDEX, func, "index %lld is out of bounds for axis %d with size %lld",
                      (long long)k, i, (long long)n);
            return NULL;
        }
        p += (k < 0 ? k + n : k) * a->strides[i];
    }
    return p;
}

int nd_get(const nd_array *a, const int64_t *index, void *value) {
    if (!value) return nd__null_arg("nd_get", "value");
    const char *p = element_ptr("nd_get", a, index);
    if (!p) return nd_last_error();
    memcpy(value, p, nd_dtype_size(a->dtype));
    return ND_OK;
}

int nd_set(nd_array *a, const int64_t *index, const void *value) {
    if (!value) return nd__null_arg("nd_set", "value");
    char *p = element_ptr("nd_set", a, index);
    if (!p) return nd_last_error();
    if (nd__check_writeable("nd_set", a)) return ND_ERR_VALUE;
    memcpy(p, value, nd_dtype_size(a->dtype));
    return ND_OK;
}

double nd_get_f64(const nd_array *a, const int64_t *index) {
    const char *p = element_ptr("nd_get_f64", a, index);
    if (!p) return NAN;
    double v;
    nd__cast_one(a->dtype, p, ND_FLOAT64, &v);
    return v;
}

static nd_status get_as(const char *func, const nd_array *a, const int64_t *index, nd_dtype t,
                        void *value) {
    if (nd__check_dtype(func, t)) return nd_last_error();
    if (!value) return nd__null_arg(func, "value");
    const char *p = element_ptr(func, a, index);
    if (!p) return nd_last_error();
    return nd__assign_scalar(func, a->dtype, p, t, value);
}

static nd_status set_as(const char *func, nd_array *a, const int64_t *index, nd_dtype t,
                        const void *value) {
    if (nd__check_dtype(func, t)) return nd_last_error();
    if (!value) return nd__null_arg(func, "value");
    char *p = element_ptr(func, a, index);
    if (!p) return nd_last_error();
    if (nd__check_writeable(func, a)) return ND_ERR_VALUE;
    /* through a temporary: a failed conversion leaves the element as it was */
    char tmp[16];
    nd_status s = nd__assign_scalar(func, t, value, a->dtype, tmp);
    if (s == ND_OK) memcpy(p, tmp, nd_dtype_size(a->dtype));
    return s;
}

int nd_set_f64(nd_array *a, const int64_t *index, double v) {
    return set_as("nd_set_f64", a, index, ND_FLOAT64, &v);
}

/* The status through the optional pointer, the value or fallback back. */
static nd_status report(nd_status *status, nd_status s) {
    if (status) *status = s;
    return s;
}

int64_t nd_get_i64(const nd_array *a, const int64_t *index, nd_status *status) {
    int64_t v = 0;
    if (report(status, get_as("nd_get_i64", a, index, ND_INT64, &v))) return 0;
    return v;
}

nd_complex128 nd_get_c128(const nd_array *a, const int64_t *index, nd_status *status) {
    nd_complex128 v = {NAN, NAN};
    if (report(status, get_as("nd_get_c128", a, index, ND_COMPLEX128, &v)))
        return (nd_complex128){NAN, NAN};
    return v;
}

int nd_set_i64(nd_array *a, const int64_t *index, int64_t v) {
    return set_as("nd_set_i64", a, index, ND_INT64, &v);
}

int nd_set_c128(nd_array *a, const int64_t *index, nd_complex128 v) {
    return set_as("nd_set_c128", a, index, ND_COMPLEX128, &v);
}

int nd_get_as(const nd_array *a, const int64_t *index, nd_dtype t, void *value) {
    return get_as("nd_get_as", a, index, t, value);
}

int nd_set_as(nd_array *a, const int64_t *index, nd_dtype t, const void *value) {
    return set_as("nd_set_as", a, index, t, value);
}
