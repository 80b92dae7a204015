/* Jacobi iterations of Laplace's equation on a square, one hot edge
   (laplace.py in nd). usage: laplace OUT.npy */
#include <nd.h>

int main(int argc, char **argv) {
    ND_SCOPE;
    nd_array *u = nd_zeros(ND_FLOAT64, 2, (int64_t[]){100, 100});
    nd_fill_f64(nd_slice(u, "0, :"), 1.0);
    nd_array *n = nd_slice(u, ":-2, 1:-1"), *s = nd_slice(u, "2:, 1:-1"),
             *w = nd_slice(u, "1:-1, :-2"), *e = nd_slice(u, "1:-1, 2:");
    for (int i = 0; i < 200; i++) {
        ND_SCOPE;
        nd_assign(nd_slice(u, "1:-1, 1:-1"), ND_EVAL("0.25 * (n + s + w + e)", n, s, w, e));
    }
    return nd_save_npy(argc == 2 ? argv[1] : NULL, u) ? nd_perror(argv[0]) : 0;
}
