/* Monte-Carlo pi from random points, and the mean squared distance of
   random walks (montecarlo.py in nd, the same streams as NumPy's
   default_rng). usage: montecarlo OUT.npy */
#include <nd.h>

int main(int argc, char **argv) {
    ND_SCOPE;
    nd_rng *g = nd_rng_new(42);
    nd_array *xy = nd_random(g, 2, (int64_t[]){2, 100000}, NULL);
    nd_array *p[] = {nd_slice(xy, "0"), nd_slice(xy, "1")};
    nd_array *in = nd_eval("x**2 + y**2 <= 1", 2, (const char *[]){"x", "y"}, p, NULL);
    double pi = 4.0 * (double)nd_count_nonzero(in) / 100000;
    nd_array *steps = nd_integers(g, 0, 2, false, ND_INT64, 2, (int64_t[]){500, 1000}, NULL);
    nd_array *pos = nd_cumsum(nd_eval("s*2 - 1", 1, (const char *[]){"s"}, &steps, NULL), 1, NULL);
    double msd = nd_mean_f64(nd_square(nd_slice(pos, ":, -1"), NULL), NULL);
    nd_rng_free(g);
    nd_array *res = nd_from_buffer(ND_FLOAT64, 1, (int64_t[]){2}, (double[]){pi, msd});
    return nd_save_npy(argc == 2 ? argv[1] : NULL, res) ? nd_perror(argv[0]) : 0;
}
