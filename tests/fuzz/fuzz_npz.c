/* libFuzzer target: .npz archives from memory (the ZIP directory reader,
   ZIP64 fields, inflate, CRC, then each member's .npy header). */
#include <stdint.h>
#include <stdlib.h>

#include "nd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    nd_clear_error();
    nd_npz *z = nd_npz_from_bytes(data, size);
    if (!z && nd_last_error() == ND_OK) abort();
    int n = 0;
    const char *const *names = z ? nd_npz_names(z, &n) : NULL;
    for (int i = 0; i < n; i++) {
        nd_clear_error();
        nd_array *a = nd_npz_get(z, names[i]);
        if (!a && nd_last_error() == ND_OK) abort();
        nd_release(a);
    }
    nd_npz_close(z);
    nd_clear_error();
    return 0;
}
