/* libFuzzer target: .npy images from memory (header parser, dtype and shape
   checks, sizes against the bytes given). */
#include <stdint.h>
#include <stdlib.h>

#include "nd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    nd_clear_error();
    nd_array *a = nd_npy_from_bytes(data, size);
    if (!a && nd_last_error() == ND_OK) abort();
    if (a) {
        void *buf = NULL;
        size_t len = 0;
        if (nd_npy_to_bytes(a, &buf, &len) != ND_OK) abort();
        free(buf);
    }
    nd_release(a);
    nd_clear_error();
    return 0;
}
