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

int nd_set_f64(nd_array *a, const int64_t *index, double v) {
    char *p = element_ptr("nd_set_f64", a, index);
    if (!p) return nd_last_error();
    if (nd__check_writeable("nd_set_f64", a)) return ND_ERR_VALUE;
    nd__cast_one(ND_FLOAT64, &v, a->dtype, p);
    return ND_OK;
}
