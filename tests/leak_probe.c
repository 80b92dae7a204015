/* A program for tools/valgrind-check.sh: it makes large arrays (past
   ND_BIG_BLOCK, the size from which nd maps blocks of its own and caches
   them), checks a result, and with the argument "leak" drops one array on
   the floor, which a leak checker must then report. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "nd.h"

int main(int argc, char **argv) {
    int leak = argc > 1 && strcmp(argv[1], "leak") == 0;
    int64_t n = (int64_t)1 << 17; /* 1 MiB of float64 */
    nd_array *x = nd_linspace(0.0, 1.0, n, ND_FLOAT64);
    nd_array *s = x ? nd_sin(x, NULL) : NULL;
    nd_array *y = s ? nd_multiply(s, s, NULL) : NULL;
    nd_status st = ND_OK;
    double got = y ? nd_sum_f64(y, &st) : NAN;
    nd_release(x), nd_release(s);
    if (!leak) nd_release(y);
    /* sum of sin^2 over [0, 1] sampled n times: n (1/2 - sin 2 / 4) */
    double want = (double)n * (0.5 - sin(2.0) / 4.0);
    if (!y || st != ND_OK || fabs(got - want) > 1e-3 * want) {
        fprintf(stderr, "leak_probe: sum %.17g, expected about %.17g (%s)\n", got, want,
                nd_last_error_message());
        return 1;
    }
    return 0;
}
