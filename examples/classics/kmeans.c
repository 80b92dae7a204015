/* k-means: three clusters of points, twenty rounds of assign and update
   (kmeans.py in nd). usage: kmeans POINTS.npy OUT.npy */
#include <nd.h>

int main(int argc, char **argv) {
    ND_SCOPE;
    nd_array *pts = argc == 3 ? nd_load_npy(argv[1]) : NULL;
    nd_array *cent = nd_take(pts, nd_arange(0, 600, 200, ND_INT64), 0, NULL);
    for (int i = 0; i < 20; i++) {
        ND_SCOPE;
        nd_array *diff = nd_subtract(nd_expand_dims(pts, 1), nd_expand_dims(cent, 0), NULL);
        nd_array *label = nd_argmin(nd_sum(nd_square(diff, NULL), 2, false, NULL), 1, false, NULL);
        nd_array *means[3];
        for (int k = 0; k < 3; k++)
            means[k] = nd_mean(nd_compress(nd_equal(label, nd_lit_i64(k), NULL), pts, 0, NULL), 0,
                               false, NULL);
        cent = nd_keep(nd_stack(3, means, 0, NULL));
    }
    return nd_save_npy(argc == 3 ? argv[2] : NULL, cent) ? nd_perror(argv[0]) : 0;
}
