/* The walk of a reduction: reduced and kept dims sorted and coalesced in
   memory order, and the split of its work over the pool. */
#include <math.h>
#include <string.h>

#include "reduce/driver.h"

/* Sorts dims by |a| descending (stable), carrying b and c along. */
static void sort_dims(int n, int64_t *shape, int64_t *a, int64_t *b) {
    for (int i = 1; i < n; i++) {
        int64_t s = shape[i], x = a[i], y = b ? b[i] : 0;
        int j = i;
        while (j > 0 && iabs64(a[j - 1]) < iabs64(x)) {
            shape[j] = shape[j - 1], a[j] = a[j - 1];
            if (b) b[j] = b[j - 1];
            j--;
        }
        shape[j] = s, a[j] = x;
        if (b) b[j] = y;
    }
}

static int coalesce_dims(int n, int64_t *shape, int64_t *a, int64_t *b) {
    if (n == 0) return 0;
    int w = 0;
    for (int i = 1; i < n; i++) {
        if (a[w] == a[i] * shape[i] && (!b || b[w] == b[i] * shape[i])) {
            shape[w] *= shape[i], a[w] = a[i];
            if (b) b[w] = b[i];
        } else {
            w++;
            shape[w] = shape[i], a[w] = a[i];
            if (b) b[w] = b[i];
        }
    }
    return w + 1;
}

/* Reduced dims in memory order (flipped to positive strides, sorted,
   coalesced); kept dims likewise with their output strides. */
void nd__red_plan(plan *P, int ndim, const int64_t *shape, const int64_t *istr, char *ip,
                  const bool *red, const int64_t *ostr, char *op) {
    P->ip = ip, P->op = op, P->nk = P->nr = 0;
    for (int d = 0; d < ndim; d++) {
        if (shape[d] == 1) continue;
        if (red[d]) {
            int64_t s = istr[d];
            if (s < 0) P->ip += s * (shape[d] - 1), s = -s;
            P->rs[P->nr] = shape[d], P->ris[P->nr++] = s;
        } else {
            int64_t s = istr[d], t = ostr[d];
            if (s < 0) P->ip += s * (shape[d] - 1), P->op += t * (shape[d] - 1), s = -s, t = -t;
            P->ks[P->nk] = shape[d], P->kis[P->nk] = s, P->kos[P->nk++] = t;
        }
    }
    sort_dims(P->nr, P->rs, P->ris, NULL);
    P->nr = coalesce_dims(P->nr, P->rs, P->ris, NULL);
    sort_dims(P->nk, P->ks, P->kis, P->kos);
    P->nk = coalesce_dims(P->nk, P->ks, P->kis, P->kos);
    if (P->nr == 0) P->nr = 1, P->rs[0] = 1, P->ris[0] = 0;
}

bool nd__red_worth_threads(int64_t bytes) {
    return bytes >= ND_PARALLEL_MIN_BYTES && nd_get_num_threads() > 1;
}

static void par_chunk(void *ctx, int64_t c, int worker) {
    par *t = ctx;
    t->chunk(t, c, worker);
}

void nd__red_par_run(par *t, int64_t nchunks, int slots) {
    nd__parallel_fp(nchunks, slots, par_chunk, t);
}
