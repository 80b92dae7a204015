/* .npy files of distributed arrays through MPI-IO.

   The file is the one nd_save_npy writes for the gathered array: the
   header nd_npy_header gives (every rank makes it; rank 0 writes it), then
   the data in C order. A rank's piece, split along axis k, is `outer`
   runs (the product of the extents before k) of cnt * inner elements
   (inner: the product of the extents after k), run o at byte
   head + ((o * n_k + off) * inner) * esize of the file; split along 0 (or
   any split whose leading extents are 1) it is one run. Runs are written
   by MPI_File_write_at in pieces of at most nd_dist_debug_max_msg bytes,
   so no count passes MPI's int. Loading reads the same runs of the file
   into each rank's piece; rank 0 reads the header (nd_load_npy_mmap checks
   it and the file's size; nothing is read through the mapping) and
   broadcasts dtype and shape. */
#include <stdlib.h>
#include <string.h>

#include "dist/dist_internal.h"
#include "nd/io.h"

/* The runs of a piece: count, bytes each, file offset of the first, file
   stride between them. */
typedef struct {
    int64_t outer, run, first, stride;
} runs;

static runs runs_of(nd_dtype t, int ndim, const int64_t *shape, int axis, int64_t off, int64_t cnt,
                    int64_t head) {
    int64_t es = (int64_t)nd_dtype_size(t), outer = 1, inner = 1;
    for (int i = 0; i < ndim; i++) {
        if (i < axis) outer *= shape[i];
        if (i > axis) inner *= shape[i];
    }
    int64_t n = ndim ? shape[axis] : 1;
    if (cnt == 0 || inner == 0) outer = 0;
    return (runs){outer, cnt * inner * es, head + off * inner * es, n * inner * es};
}

/* Reads or writes the runs between buf (C order) and the file; every rank
   calls it (its MPI calls are independent). */
static int move_runs(MPI_File fh, runs R, char *buf, bool wr, const char *func) {
    int64_t lim = nd_dist_debug_max_msg < INT32_MAX ? nd_dist_debug_max_msg : INT32_MAX;
    for (int64_t o = 0; o < R.outer; o++)
        for (int64_t p = 0; p < R.run; p += lim) {
            int m = (int)(R.run - p < lim ? R.run - p : lim);
            MPI_Offset at = (MPI_Offset)(R.first + o * R.stride + p);
            char *b = buf + o * R.run + p;
            int rc = wr ? MPI_File_write_at(fh, at, b, m, MPI_BYTE, MPI_STATUS_IGNORE)
                        : MPI_File_read_at(fh, at, b, m, MPI_BYTE, MPI_STATUS_IGNORE);
            if (rc != MPI_SUCCESS) return nd__dist_mpi(func, rc);
        }
    return ND_OK;
}

/* Opens path on every rank; the status agreed. */
static int open_all(const nd_dist *d, const char *func, const char *path, int mode, MPI_File *fh) {
    int rc = MPI_File_open(d->comm, path, mode, MPI_INFO_NULL, fh);
    int st = ND_OK;
    if (rc != MPI_SUCCESS) {
        char s[MPI_MAX_ERROR_STRING];
        int len = 0;
        MPI_Error_string(rc, s, &len);
        st = nd__dist_fail(ND_ERR_IO, func, "cannot open '%s': %s", path, s);
        *fh = MPI_FILE_NULL;
    }
    /* MPI_File_open is collective but may fail on some ranks only */
    if (nd__dist_agree(d, st)) {
        if (*fh != MPI_FILE_NULL) MPI_File_close(fh);
        return (int)nd_last_error();
    }
    return ND_OK;
}

int nd_dist_save_npy(const nd_darray *x, const char *path) {
    static const char *func = "nd_dist_save_npy";
    if (!x) return nd__dist_fail(ND_ERR_NULL, func, "x is NULL");
    const nd_dist *d = x->d;
    int st = path ? ND_OK : nd__dist_fail(ND_ERR_NULL, func, "path is NULL");
    /* the header, from a broadcast view standing for the whole array */
    void *head = NULL;
    size_t hl = 0;
    nd_array *one = st ? NULL : nd_zeros(x->dtype, 0, NULL);
    nd_array *all = one ? nd_broadcast_to(one, x->ndim, x->shape) : NULL;
    if (!st) st = all ? nd_npy_header(all, &head, &hl) : (int)nd_last_error();
    nd_release(all), nd_release(one);
    nd_array *c = st || nd_is_c_contiguous(x->local) ? NULL : nd_copy(x->local);
    if (!st && !nd_is_c_contiguous(x->local) && !c) st = (int)nd_last_error();
    if (nd__dist_agree(d, st)) return free(head), nd_release(c), (int)nd_last_error();
    MPI_File fh;
    if (open_all(d, func, path, MPI_MODE_WRONLY | MPI_MODE_CREATE, &fh))
        return free(head), nd_release(c), (int)nd_last_error();
    int64_t total = (int64_t)nd_dtype_size(x->dtype); /* the whole array exists: no overflow */
    for (int i = 0; i < x->ndim; i++) total *= x->shape[i];
    total += (int64_t)hl;
    /* an existing longer file is cut to the new length (collective) */
    int rc = MPI_File_set_size(fh, (MPI_Offset)total);
    st = rc == MPI_SUCCESS ? ND_OK : nd__dist_mpi(func, rc);
    if (!st && d->rank == 0) {
        rc = MPI_File_write_at(fh, 0, head, (int)hl, MPI_BYTE, MPI_STATUS_IGNORE);
        if (rc != MPI_SUCCESS) st = nd__dist_mpi(func, rc);
    }
    bool rep = x->axis == ND_DIST_REPLICATED;
    if (!st && (!rep || d->rank == 0)) {
        int64_t off = rep ? 0 : x->offsets[d->rank], cnt = rep ? x->counts[0] : x->counts[d->rank];
        runs R = runs_of(x->dtype, x->ndim, x->shape, rep ? 0 : x->axis, off, cnt, (int64_t)hl);
        if (!x->ndim) R = (runs){1, (int64_t)nd_dtype_size(x->dtype), (int64_t)hl, 0};
        st = move_runs(fh, R, nd_data(c ? c : x->local), true, func);
    }
    free(head), nd_release(c);
    rc = MPI_File_close(&fh); /* collective; it also makes the writes visible */
    if (!st && rc != MPI_SUCCESS) st = nd__dist_mpi(func, rc);
    return nd__dist_agree(d, st);
}

/* The data offset of a .npy file from its first 12 bytes (version 1.0:
   a 16-bit header length after 10 bytes; 2.0 and 3.0: 32-bit after 12). */
static int64_t data_offset(const unsigned char *b) {
    if (b[6] == 1) return 10 + (int64_t)(b[8] | b[9] << 8);
    return 12 + (int64_t)((uint32_t)b[8] | (uint32_t)b[9] << 8 | (uint32_t)b[10] << 16 |
                          (uint32_t)b[11] << 24);
}

nd_darray *nd_dist_load_npy(nd_dist *d, const char *path, int split_axis, const int64_t *counts) {
    static const char *func = "nd_dist_load_npy";
    if (!d) return nd__dist_fail(ND_ERR_NULL, func, "d is NULL"), NULL;
    int st = path ? ND_OK : nd__dist_fail(ND_ERR_NULL, func, "path is NULL");
    if (nd__dist_agree(d, st)) return NULL;
    /* rank 0 checks the file and learns its dtype and shape */
    int64_t hdr[3 + ND_MAX_DIMS] = {0};
    if (d->rank == 0) {
        nd_array *m = nd_load_npy_mmap(path, "r");
        if (!m)
            st = (int)nd_last_error();
        else if (!nd_is_c_contiguous(m) && nd_size(m) > 1)
            st = nd__dist_fail(ND_ERR_UNSUPPORTED, func,
                               "'%s' is in Fortran order: only C-ordered files load split", path);
        if (!st) {
            hdr[0] = nd_get_dtype(m), hdr[1] = nd_ndim(m);
            memcpy(hdr + 3, nd_shape(m), (size_t)hdr[1] * sizeof(int64_t));
        }
        nd_release(m);
    }
    if (nd__dist_agree(d, st)) return NULL;
    MPI_File fh;
    if (open_all(d, func, path, MPI_MODE_RDONLY, &fh)) return NULL;
    if (d->rank == 0) {
        unsigned char b[12] = {0};
        int rc = MPI_File_read_at(fh, 0, b, 12, MPI_BYTE, MPI_STATUS_IGNORE);
        st = rc == MPI_SUCCESS ? ND_OK : nd__dist_mpi(func, rc);
        hdr[2] = data_offset(b);
    }
    if (!(st = nd__dist_agree(d, st)))
        st = nd__dist_agree(
            d, nd__dist_mpi(func, MPI_Bcast(hdr, 3 + ND_MAX_DIMS, MPI_INT64_T, 0, d->comm)));
    nd_dtype t = (nd_dtype)hdr[0];
    int ndim = (int)hdr[1], axis = nd__dist_norm_axis(split_axis, ndim);
    if (!st && (axis == -2 || (ndim == 0 && axis != ND_DIST_REPLICATED)))
        st = nd__dist_fail(ND_ERR_AXIS, func, "axis %d is out of bounds for array of dimension %d",
                           split_axis, ndim);
    /* agreed before the collective count check (a split axis given differently) */
    if ((st = nd__dist_agree(d, st)) ||
        (axis != ND_DIST_REPLICATED && (st = nd__dist_same_counts(d, func, counts)))) {
        MPI_File_close(&fh);
        return NULL;
    }
    int64_t *cnt = NULL, *off = NULL, shape[ND_MAX_DIMS];
    memcpy(shape, hdr + 3, sizeof shape);
    if (!st && axis != ND_DIST_REPLICATED)
        st = nd__dist_counts(func, d, shape[axis], counts, &cnt, &off);
    if (!st && axis != ND_DIST_REPLICATED) shape[axis] = cnt[d->rank];
    nd_array *local = st ? NULL : nd_empty(t, ndim, shape);
    if (!st && !local) st = (int)nd_last_error();
    if (!nd__dist_agree(d, st)) {
        bool rep = axis == ND_DIST_REPLICATED;
        runs R = runs_of(t, ndim, hdr + 3, rep ? 0 : axis, rep ? 0 : off[d->rank],
                         rep ? (ndim ? hdr[3] : 1) : cnt[d->rank], hdr[2]);
        if (!ndim) R = (runs){1, (int64_t)nd_dtype_size(t), hdr[2], 0};
        st = move_runs(fh, R, nd_data(local), false, func);
    }
    free(cnt);
    MPI_File_close(&fh);
    if (nd__dist_agree(d, st)) return nd_release(local), NULL;
    nd_darray *x = nd__darray_new(func, d, local, t, ndim, hdr + 3, axis, counts);
    if (nd__dist_agree(d, x ? ND_OK : (int)nd_last_error())) return nd_darray_free(x), NULL;
    return x;
}
