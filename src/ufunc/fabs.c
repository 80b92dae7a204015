/* np.fabs: absolute values through NumPy's float loops only (e, f, d).
   An integer or bool input takes the first float dtype it casts to safely,
   as NumPy's loop search does (int8 -> float16, int16 -> float32, int32 and
   wider -> float64), then nd_absolute runs on it. */
#include "nd/select.h"
#include "nd/ufunc.h"
#include "ufunc/ufunc_internal.h"

nd_array *nd_fabs(const nd_array *a, nd_array *out) {
    static const char *func = "nd_fabs";
    if (!a) return nd__null_arg(func, "a"), NULL;
    static const nd_dtype loops[] = {ND_FLOAT16, ND_FLOAT32, ND_FLOAT64};
    nd_dtype t = nd_get_dtype(a);
    for (int i = 0; i < 3; i++) {
        if (!nd_can_cast(t, loops[i], ND_CAST_SAFE)) continue;
        if (t == loops[i]) return nd_absolute(a, out);
        nd_array *x = nd_astype(a, loops[i]), *r = x ? nd_absolute(x, out) : NULL;
        nd_release(x);
        return r;
    }
    return nd__error(ND_ERR_DTYPE, func,
                     "ufunc 'fabs' not supported for the input types, and the inputs could not be "
                     "safely coerced to any supported types according to the casting rule "
                     "''safe''"),
           NULL;
}
