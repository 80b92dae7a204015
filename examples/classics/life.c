/* Conway's Game of Life two ways: neighbours by rolls (a torus) and by
   slices of a zero-padded board (a bounded board) (life.py in nd).
   usage: life BOARD.npy OUT.npy */
#include <nd.h>

static nd_array *step(nd_array *g, bool torus) {
    nd_array *n = nd_zeros(ND_UINT8, 2, nd_shape(g));
    nd_array *p = nd_pad(g, (int64_t[]){1, 1, 1, 1}, ND_PAD_CONSTANT, 0);
    int64_t r = nd_shape(g)[0], c = nd_shape(g)[1];
    for (int i = -1; i <= 1; i++)
        for (int j = -1; j <= 1; j++)
            if (i || j)
                nd_add(n,
                       torus ? nd_roll(nd_roll(g, i, 0), j, 1)
                             : nd_slice_at(nd_slice_at(p, 0, 1 + i, 1 + i + r, 1), 1, 1 + j,
                                           1 + j + c, 1),
                       n);
    return nd_astype(ND_EVAL("(n == 3) | ((g == 1) & (n == 2))", g, n), ND_UINT8);
}

int main(int argc, char **argv) {
    ND_SCOPE;
    nd_array *a = argc == 3 ? nd_load_npy(argv[1]) : NULL, *b = a;
    for (int i = 0; i < 30; i++) a = step(a, true), b = step(b, false);
    nd_array *res = nd_stack(2, (nd_array *[]){a, b}, 0, NULL);
    return nd_save_npy(argc == 3 ? argv[2] : NULL, res) ? nd_perror(argv[0]) : 0;
}
