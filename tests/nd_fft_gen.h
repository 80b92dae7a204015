/* The deterministic inputs of the FFT suites (test_fft.c, test_fft_c2r.c),
   built bit for bit by C and by the NumPy script the suites run. */
#ifndef ND_TEST_FFT_GEN_H
#define ND_TEST_FFT_GEN_H

#include <stdint.h>

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

#endif
