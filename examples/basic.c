/* The README's example: build, view, compute, print. */
#include <nd.h>
#include <stdio.h>

int main(void) {
    int64_t shape[2] = {2, 3};
    nd_array *a = nd_arange(0, 6, 1, ND_FLOAT64);
    nd_array *m = nd_reshape(a, 2, shape);
    nd_array *t = nd_slice(m, "::-1, 1:");
    nd_array *two = nd_lit_f64(2.0);
    nd_array *y = nd_multiply(t, two, NULL); /* stays float64; the literal is weak */
    if (!y) {
        fprintf(stderr, "%s\n", nd_last_error_message());
        return 1;
    }
    nd_print(stdout, y);
    printf("isa: %s\n", nd_isa());
    nd_release(y);
    nd_release(two);
    nd_release(t);
    nd_release(m);
    nd_release(a);
    return 0;
}
