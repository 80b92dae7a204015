/* Monte-Carlo pi from random points, and the mean squared distance of
   random walks (montecarlo.py in nd, the same streams as NumPy's
   default_rng). usage: montecarlo OUT.npy */
#include <nd.h>

int main(int argc, char **argv) {
    ND_SCOPE;
    nd_rng *g = nd_rng_new(42);
    nd_array *xy = nd_random(g, 2, (int64_t[]){2, 100000}, NULL);
    nd_array *x = nd_slice(xy, "0"), *y = nd_slice(xy, "1");
    double pi = 4.0 * (double)nd_count_nonzero(ND_EVAL("x**2 + y**2 <= 1", x, y)) / 100000;
    nd_array *steps = nd_integers(g, 0, 2, false, ND_INT64, 2, (int64_t[]){500, 1000}, NULL);
    nd_array *pos = nd_cumsum(ND_EVAL("steps*2 - 1", steps), 1, NULL);
    double msd = nd_mean_f64(nd_square(nd_slice(pos, ":, -1"), NULL), NULL);
    nd_rng_free(g);
    nd_array *res = nd_from_buffer(ND_FLOAT64, 1, (int64_t[]){2}, (double[]){pi, msd});
    return nd_save_npy(argc == 2 ? argv[1] : NULL, res) ? nd_perror(argv[0]) : 0;
}
