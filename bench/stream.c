/* The bandwidth yardsticks measured next to nd's rows in the same binary
   (built -O3 with AVX-512, the best a compiler makes of the loops), so a
   row and its limit are timed minutes apart at most. */
#include "naive.h"

void stream_add(const double *a, const double *b, double *out, int64_t n) {
    for (int64_t i = 0; i < n; i++) out[i] = a[i] + b[i];
}

double stream_read(const double *a, int64_t n) {
    /* eight independent accumulators of eight lanes: not bound by latency */
    double s[64] = {0};
    int64_t i = 0;
    for (; i + 64 <= n; i += 64)
        for (int k = 0; k < 64; k++) s[k] += a[i + k];
    double r = 0;
    for (int k = 0; k < 64; k++) r += s[k];
    for (; i < n; i++) r += a[i];
    return r;
}
