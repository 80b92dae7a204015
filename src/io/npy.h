/* Internal .npy pieces shared by file, memory, mmap (and later .npz). */
#ifndef ND_NPY_H
#define ND_NPY_H

#include "core/internal.h"
#include "nd/manip.h"
#include "nd/view.h"
#include "nd/io.h"

/* NumPy's default max_header_size. */
#define NPY_MAX_HEADER 10000

typedef struct {
    nd_dtype dtype;
    bool swap; /* big-endian data */
    bool fortran;
    int ndim;
    int64_t shape[ND_MAX_DIMS];
    uint64_t data_offset, nbytes;
} npy_header;

/* Parses the first len bytes of a file of file_size bytes; checks that the
   data the header promises fits in the file. */
nd_status nd__npy_parse(const char *func, const uint8_t *buf, size_t len, uint64_t file_size,
                        npy_header *h);
/* The array a parsed header describes (uninitialized data), and the
   byte swap its data needs once read in. */
nd_array *nd__npy_array_for(const char *func, const npy_header *h);
void nd__npy_finish(nd_array *a, const npy_header *h);
/* The header NumPy writes for a (data in C order, or F when fortran);
   returns its length, 0 if cap is too small. */
size_t nd__npy_header(const nd_array *a, bool fortran, char *out, size_t cap);

/* Saves through write(f, ctx) (ND_OK or its error) where open(path, "wb")
   would write (save.c): symlinks followed to their final target; a regular
   file or a new name is written under a temporary name beside it and
   renamed over it (a failure part-way leaves nothing there, an existing
   file keeps its permission bits); FIFOs and devices are written through. */
nd_status nd__save_atomic(const char *func, const char *path,
                          nd_status (*write)(FILE *f, void *ctx), void *ctx);

#endif
