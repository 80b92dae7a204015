/* Least squares: a cubic through noisy samples by polyfit, and a plane by
   lstsq (lstsq.py in nd).
   usage: lstsq DATA.npy OUT.npy */
#include <nd.h>
#include <math.h>

int main(int argc, char **argv) {
    ND_SCOPE;
    nd_array *data = argc == 3 ? nd_load_npy(argv[1]) : NULL, *coef = NULL, *plane = NULL;
    nd_array *x = nd_slice(data, "0"), *y = nd_slice(data, "1"), *z = nd_slice(data, "2");
    nd_polyfit(x, y, 3, NAN, NULL, ND_POLYFIT_COV_NONE, &coef, NULL, NULL, NULL, NULL, NULL);
    nd_array *A = nd_stack(3, (nd_array *[]){x, y, nd_ones(ND_FLOAT64, 1, nd_shape(x))}, 1, NULL);
    nd_lstsq(A, z, NAN, &plane, NULL, NULL, NULL);
    nd_array *res = nd_concatenate(3, (nd_array *[]){coef, nd_polyval(coef, x), plane}, 0, NULL);
    return nd_save_npy(argc == 3 ? argv[2] : NULL, res) ? nd_perror(argv[0]) : 0;
}
