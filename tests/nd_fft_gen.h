/* The deterministic inputs of the FFT suites (test_fft.c, test_fft_c2r.c),
   built bit for bit by C and by the NumPy script the suites run. */
#ifndef ND_TEST_FFT_GEN_H
#define ND_TEST_FFT_GEN_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nd_test.h"

/* x[k] = ((k*2654435761 + seed*40503) mod 2^20) / 2^19 - 1 */
static inline double gen(int64_t k, int64_t seed) {
    uint64_t v = ((uint64_t)k * 2654435761u + (uint64_t)seed * 40503u) % (1u << 20);
    return (double)v / (double)(1 << 19) - 1.0;
}
#define PY_GEN                                                                                     \
    "import numpy as np, sys\n"                                                                    \
    "def gen(n, seed):\n"                                                                          \
    "    k = np.arange(n, dtype=np.uint64)\n"                                                      \
    "    v = np.mod(k * np.uint64(2654435761) + np.uint64(seed * 40503), np.uint64(1 << 20))\n"    \
    "    return v.astype(np.float64) / float(1 << 19) - 1.0\n"

/* NumPy's results for each length of ns, concatenated: body (Python lines
   indented four spaces, with n the length and f the output file) writes
   each one; ndoubles doubles in all. Through a temp file. */
static inline double *numpy_per_length(const int64_t *ns, int count, const char *body,
                                       size_t ndoubles) {
    char path[] = "/tmp/nd_fft_ref_XXXXXX";
    int fd = mkstemp(path);
    ck_assert(fd >= 0);
    close(fd);
    size_t cap = 4096 + strlen(body) + (size_t)count * 24;
    char *script = malloc(cap);
    int o = snprintf(script, cap, PY_GEN "f = open('%s', 'wb')\nfor n in [", path);
    for (int i = 0; i < count; i++) o += snprintf(script + o, cap - o, "%lld,", (long long)ns[i]);
    snprintf(script + o, cap - o, "]:\n%sf.close()\nprint('done')\n", body);
    char *out = nd_test_python(script);
    free(script);
    ck_assert_msg(out && strncmp(out, "done", 4) == 0, "python failed");
    free(out);
    double *z = malloc(sizeof(double) * ndoubles);
    FILE *f = fopen(path, "rb");
    ck_assert(f && fread(z, sizeof(double), ndoubles, f) == ndoubles);
    fclose(f);
    remove(path);
    return z;
}

#endif
