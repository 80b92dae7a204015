/* Whole-array reductions as C scalars (`double s = nd_sum_f64(a, &st)`):
   the reduction over every axis, then its 0-d result converted by the rules
   of nd_get_as, so the value is what NumPy's float()/int()/complex() of the
   reduction gives. */
#include <math.h>

#include "reduce/driver.h"

typedef nd_array *(*reduce_fn)(const nd_array *, int, bool, nd_array *);

/* The status through the optional pointer. */
static nd_status report(nd_status *status, nd_status s) {
    if (status) *status = s;
    return s;
}

/* r (a 0-d result or NULL, consumed) converted to dtype t at value. */
static nd_status convert(const char *func, nd_array *r, nd_dtype t, void *value) {
    if (!r) return nd_last_error();
    nd_status s = ND_OK;
    if (nd__is_complex(r->dtype) && !nd__is_complex(t))
        s = nd__error(ND_ERR_DTYPE, func, "the result is %s, not a real number",
                      nd_dtype_name(r->dtype));
    else
        s = nd__assign_scalar(func, r->dtype, r->data, t, value);
    nd_release(r);
    return s;
}

static nd_array *all_axes(const char *func, reduce_fn f, const nd_array *a) {
    if (!a) return nd__null_arg(func, "a"), NULL;
    return f(a, ND_AXIS_ALL, false, NULL);
}

static double as_f64(const char *func, nd_array *r, nd_status *status) {
    double v = NAN;
    return report(status, convert(func, r, ND_FLOAT64, &v)) ? NAN : v;
}
static int64_t as_i64(const char *func, nd_array *r, nd_status *status) {
    int64_t v = 0;
    return report(status, convert(func, r, ND_INT64, &v)) ? 0 : v;
}
static nd_complex128 as_c128(const char *func, nd_array *r, nd_status *status) {
    nd_complex128 v = {NAN, NAN};
    return report(status, convert(func, r, ND_COMPLEX128, &v)) ? (nd_complex128){NAN, NAN} : v;
}
static bool as_bool(const char *func, nd_array *r, nd_status *status) {
    bool v = false;
    return report(status, convert(func, r, ND_BOOL, &v)) ? false : v;
}

#define ND_SCALAR_F64(name)                                                                        \
    double nd_##name##_f64(const nd_array *a, nd_status *status) {                                 \
        return as_f64("nd_" #name "_f64", all_axes("nd_" #name "_f64", nd_##name, a), status);     \
    }
ND_SCALAR_F64(sum)
ND_SCALAR_F64(prod)
ND_SCALAR_F64(mean)
ND_SCALAR_F64(min)
ND_SCALAR_F64(max)
ND_SCALAR_F64(nansum)
ND_SCALAR_F64(nanmean)
ND_SCALAR_F64(nanmin)
ND_SCALAR_F64(nanmax)
#undef ND_SCALAR_F64

double nd_var_f64(const nd_array *a, int ddof, nd_status *status) {
    if (!a) return report(status, nd__null_arg("nd_var_f64", "a")), NAN;
    return as_f64("nd_var_f64", nd_var(a, ND_AXIS_ALL, ddof, false, NULL), status);
}
double nd_std_f64(const nd_array *a, int ddof, nd_status *status) {
    if (!a) return report(status, nd__null_arg("nd_std_f64", "a")), NAN;
    return as_f64("nd_std_f64", nd_std(a, ND_AXIS_ALL, ddof, false, NULL), status);
}

int64_t nd_sum_i64(const nd_array *a, nd_status *status) {
    return as_i64("nd_sum_i64", all_axes("nd_sum_i64", nd_sum, a), status);
}
int64_t nd_argmin_i64(const nd_array *a, nd_status *status) {
    return as_i64("nd_argmin_i64", all_axes("nd_argmin_i64", nd_argmin, a), status);
}
int64_t nd_argmax_i64(const nd_array *a, nd_status *status) {
    return as_i64("nd_argmax_i64", all_axes("nd_argmax_i64", nd_argmax, a), status);
}
nd_complex128 nd_sum_c128(const nd_array *a, nd_status *status) {
    return as_c128("nd_sum_c128", all_axes("nd_sum_c128", nd_sum, a), status);
}
nd_complex128 nd_mean_c128(const nd_array *a, nd_status *status) {
    return as_c128("nd_mean_c128", all_axes("nd_mean_c128", nd_mean, a), status);
}
bool nd_all_bool(const nd_array *a, nd_status *status) {
    return as_bool("nd_all_bool", all_axes("nd_all_bool", nd_all, a), status);
}
bool nd_any_bool(const nd_array *a, nd_status *status) {
    return as_bool("nd_any_bool", all_axes("nd_any_bool", nd_any, a), status);
}
