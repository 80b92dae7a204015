/* The Mandelbrot set's escape counts, iterating only the points still
   inside (mandelbrot.py in nd). usage: mandelbrot OUT.npy */
#include <nd.h>

int main(int argc, char **argv) {
    ND_SCOPE;
    nd_array *x = nd_reshape(nd_linspace(-2.0, 1.0, 300, ND_FLOAT64), 2, (int64_t[]){1, 300});
    nd_array *y = nd_reshape(nd_linspace(-1.5, 1.5, 200, ND_FLOAT64), 2, (int64_t[]){200, 1});
    nd_array *c = ND_EVAL("x + 1j*y", x, y);
    nd_array *z = nd_zeros_like(c, ND_NUM_DTYPES), *count = nd_zeros_like(c, ND_INT64);
    for (int i = 0; i < 50; i++) {
        ND_SCOPE; /* this iteration's temporaries end with it */
        nd_index live = {ND_IDX_ARRAY, .array = ND_EVAL("abs(z) <= 2.0", z)};
        nd_array *zl = nd_index_get(z, 1, &live), *cl = nd_index_get(c, 1, &live);
        nd_index_set(z, 1, &live, nd_add(nd_square(zl, NULL), cl, NULL));
        nd_index_set(count, 1, &live, nd_add(nd_index_get(count, 1, &live), nd_lit_i64(1), NULL));
    }
    return nd_save_npy(argc == 2 ? argv[1] : NULL, count) ? nd_perror(argv[0]) : 0;
}
