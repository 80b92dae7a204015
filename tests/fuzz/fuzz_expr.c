/* libFuzzer target: the expression parser, then evaluation of whatever
   parses over three small arrays of different dtypes. Nothing may crash,
   leak or report success without a result. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > 4096) return 0;
    char *text = malloc(size + 1);
    if (!text) return 0;
    memcpy(text, data, size);
    text[size] = 0;
    const char *names[3] = {"a", "b", "c"};
    nd_clear_error();
    nd_expr *e = nd_expr_compile(text, 3, names);
    if (!e) {
        if (nd_last_error() == ND_OK) abort(); /* a failure must say why */
    } else {
        int64_t n = 5, sh[2] = {2, 5};
        nd_array *in[3] = {nd_arange(-2, 3, 1, ND_FLOAT64), nd_ones(ND_INT32, 2, sh),
                           nd_full(ND_UINT8, 1, &n, 3)};
        nd_array *r = nd_expr_eval(e, in, NULL);
        if (!r && nd_last_error() == ND_OK) abort();
        nd_release(r);
        for (int i = 0; i < 3; i++) nd_release(in[i]);
        nd_expr_free(e);
    }
    free(text);
    nd_clear_error();
    return 0;
}
