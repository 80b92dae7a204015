/* Profile first: run a small workload with the profiler on and print where
   the time and the temporaries go. Run with ND_PROFILE=1 for the same table
   at exit without code changes. */
#include <nd.h>
#include <stdio.h>

int main(void) {
    int64_t n = 1 << 20;
    nd_profile_enable();
    nd_array *x = nd_full(ND_FLOAT64, 1, &n, 0.5), *y = nd_full(ND_FLOAT32, 1, &n, 2.0f);
    nd_array *two = nd_lit_f64(2.0);
    for (int i = 0; i < 10; i++) {
        /* 2*x + sin(y): y is float32, so it is cast to float64 each time */
        nd_array *a = nd_multiply(x, two, NULL);
        nd_array *s = nd_sin(y, NULL);
        nd_array *r = nd_add(a, s, NULL);
        nd_release(a), nd_release(s), nd_release(r);
    }
    nd_profile_report(stdout);
    nd_release(x), nd_release(y), nd_release(two);
    return nd_last_error() != ND_OK;
}
