/* libFuzzer target: the slice-spec parser on a 3-D array; every view it
   makes must lie inside the array. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > 1024) return 0;
    char *spec = malloc(size + 1);
    if (!spec) return 0;
    memcpy(spec, data, size);
    spec[size] = 0;
    int64_t sh[3] = {4, 5, 6};
    nd_array *a = nd_zeros(ND_INT16, 3, sh);
    nd_clear_error();
    nd_array *v = nd_slice(a, spec);
    if (!v && nd_last_error() == ND_OK) abort();
    if (v) { /* touch every element: out-of-range views crash under ASan */
        nd_array *c = nd_copy(v);
        if (!c) abort();
        nd_release(c);
    }
    nd_release(v);
    nd_release(a);
    free(spec);
    nd_clear_error();
    return 0;
}
