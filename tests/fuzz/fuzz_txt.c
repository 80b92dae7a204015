/* libFuzzer target: nd_loadtxt on arbitrary text. The first bytes pick the
   dtype and options (delimiter, comment string, skiprows, max_rows, usecols,
   ndmin); the rest is the file. A result must be an array that can be
   copied and written back with nd_savetxt; a failure must carry a status. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nd.h"

static char path[64], out_path[64];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 6 || size > 1 << 16) return 0;
    if (!path[0]) {
        snprintf(path, sizeof path, "/tmp/nd_fuzz_txt_%d.txt", (int)getpid());
        snprintf(out_path, sizeof out_path, "/tmp/nd_fuzz_txt_%d.out", (int)getpid());
    }
    static const nd_dtype types[] = {ND_FLOAT64, ND_FLOAT32, ND_INT64, ND_INT8, ND_UINT16,
                                     ND_BOOL,    ND_FLOAT16, ND_COMPLEX128};
    static const char delims[] = {0, ',', ';', '\t', ' ', '|'};
    static const char *comments[] = {NULL, "%", "//", "#!"};
    nd_dtype t = types[data[0] % 8];
    int usecols[2] = {(int8_t)data[4] % 4, -1};
    nd_loadtxt_opts o = {
        .delimiter = delims[data[1] % 6],
        .comments = comments[(data[1] / 6) % 4],
        .no_comments = data[1] >= 240,
        .skiprows = data[2] % 3,
        .max_rows = data[3] % 4,
        .nusecols = data[5] % 3,
        .usecols = usecols,
        .ndmin = data[5] / 3 % 3,
    };
    FILE *f = fopen(path, "wb");
    if (!f) return 0;
    fwrite(data + 6, 1, size - 6, f);
    fclose(f);
    nd_clear_error();
    nd_array *a = nd_loadtxt(path, t, &o);
    if (!a && nd_last_error() == ND_OK) abort();
    if (a) {
        nd_array *c = nd_copy(a);
        if (!c) abort();
        if (nd_ndim(a) <= 2 && nd_savetxt(out_path, a, NULL) != ND_OK && nd_last_error() == ND_OK)
            abort();
        nd_release(c);
    }
    nd_release(a);
    nd_clear_error();
    return 0;
}
