/* .npy files: load (read or mmap), save (atomically, byte-identical to
   numpy.save), and the same format in memory. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/npy.h"

static nd_status io_error(const char *func, const char *what, const char *path) {
    return nd__error(ND_ERR_IO, func, "%s '%s': %s", what, path, strerror(errno));
}

/* Big-endian data to native, part by part (a complex item is two floats). */
static void byteswap(char *p, int64_t count, size_t itemsize, bool complex) {
    size_t part = complex ? itemsize / 2 : itemsize;
    int64_t parts = count * (int64_t)(itemsize / part);
    for (int64_t i = 0; i < parts; i++, p += part)
        for (size_t a = 0, b = part - 1; a < b; a++, b--) {
            char t = p[a];
            p[a] = p[b];
            p[b] = t;
        }
}

nd_array *nd__npy_array_for(const char *func, const npy_header *h) {
    return nd__alloc(func, h->dtype, h->ndim, h->shape, h->fortran ? ND_ORDER_F : ND_ORDER_C,
                     false);
}

void nd__npy_finish(nd_array *a, const npy_header *h) {
    if (h->swap) byteswap(a->data, nd_size(a), nd_dtype_size(a->dtype), nd__is_complex(a->dtype));
}

nd_array *nd_npy_from_bytes(const void *buf, size_t len) {
    static const char *func = "nd_npy_from_bytes";
    if (!buf) return nd__null_arg(func, "buf"), NULL;
    npy_header h;
    if (nd__npy_parse(func, buf, len, len, &h)) return NULL;
    nd_array *a = nd__npy_array_for(func, &h);
    if (!a) return NULL;
    memcpy(a->data, (const char *)buf + h.data_offset, h.nbytes);
    nd__npy_finish(a, &h);
    return a;
}

nd_array *nd_load_npy(const char *path) {
    static const char *func = "nd_load_npy";
    if (!path) return nd__null_arg(func, "path"), NULL;
    FILE *f = fopen(path, "rb");
    if (!f) return io_error(func, "cannot open", path), NULL;
    struct stat st;
    uint8_t head[12 + NPY_MAX_HEADER];
    nd_array *a = NULL;
    if (fstat(fileno(f), &st) != 0) {
        io_error(func, "cannot stat", path);
        goto done;
    }
    size_t got = fread(head, 1, sizeof head, f);
    npy_header h;
    if (nd__npy_parse(func, head, got, (uint64_t)st.st_size, &h)) goto done;
    if (!(a = nd__npy_array_for(func, &h))) goto done;
    if (fseek(f, (long)h.data_offset, SEEK_SET) != 0 ||
        fread(a->data, 1, h.nbytes, f) != h.nbytes) {
        nd__error(ND_ERR_FORMAT, func, "EOF: reading array data from '%s'", path);
        nd_release(a);
        a = NULL;
        goto done;
    }
    nd__npy_finish(a, &h);
done:
    fclose(f);
    return a;
}

/* What a file stores: the header, and the array's bytes in file order --
   the array itself when C or F contiguous (F only when not C: NumPy's
   rule), else a C copy the caller releases. */
typedef struct {
    const nd_array *data;
    nd_array *copy;
    char head[1024];
    size_t head_len, data_len;
} npy_image;

static nd_status npy_image_of(const nd_array *a, npy_image *im) {
    bool fortran = !nd_is_c_contiguous(a) && nd_is_f_contiguous(a);
    im->copy = NULL;
    im->data = a;
    if (!nd_is_c_contiguous(a) && !fortran && !(im->data = im->copy = nd_copy(a)))
        return nd_last_error();
    im->head_len = nd__npy_header(im->data, fortran, im->head, sizeof im->head);
    im->data_len = (size_t)nd_nbytes(im->data);
    return ND_OK;
}

int nd_npy_to_bytes(const nd_array *a, void **buf, size_t *len) {
    static const char *func = "nd_npy_to_bytes";
    if (!a || !buf || !len) return nd__null_arg(func, !a ? "a" : !buf ? "buf" : "len");
    npy_image im;
    if (npy_image_of(a, &im)) return nd_last_error();
    char *out = nd__malloc_for_caller(im.head_len + im.data_len);
    if (!out) {
        nd_release(im.copy);
        return nd__nomem(func, im.head_len + im.data_len);
    }
    memcpy(out, im.head, im.head_len);
    if (im.data_len) memcpy(out + im.head_len, im.data->data, im.data_len);
    nd_release(im.copy);
    *buf = out;
    *len = im.head_len + im.data_len;
    return ND_OK;
}

int nd_npy_header(const nd_array *a, void **buf, size_t *len) {
    static const char *func = "nd_npy_header";
    if (!a || !buf || !len) return nd__null_arg(func, !a ? "a" : !buf ? "buf" : "len");
    char head[1024];
    size_t n = nd__npy_header(a, false, head, sizeof head);
    char *out = nd__malloc_for_caller(n);
    if (!out) return nd__nomem(func, n);
    memcpy(out, head, n);
    *buf = out;
    *len = n;
    return ND_OK;
}

static nd_status write_image(FILE *f, void *ctx) {
    const npy_image *im = ctx;
    bool ok = fwrite(im->head, 1, im->head_len, f) == im->head_len &&
              (im->data_len == 0 || fwrite(im->data->data, 1, im->data_len, f) == im->data_len);
    return ok ? ND_OK : io_error("nd_save_npy", "cannot write", "(temporary file)");
}

int nd_save_npy(const char *path, const nd_array *a) {
    static const char *func = "nd_save_npy";
    if (!path) return nd__null_arg(func, "path");
    if (!a) return nd__null_arg(func, "a");
    npy_image im;
    if (npy_image_of(a, &im)) return nd_last_error();
    nd_status status = nd__save_atomic(func, path, write_image, &im);
    nd_release(im.copy);
    return status;
}

/* ---- mmap ---- */

typedef struct {
    void *addr;
    size_t len;
} mapping;

static void unmap(void *ctx) {
    mapping *m = ctx;
    munmap(m->addr, m->len);
    nd__free(m);
}

nd_array *nd_load_npy_mmap(const char *path, const char *mode) {
    static const char *func = "nd_load_npy_mmap";
    if (!path) return nd__null_arg(func, "path"), NULL;
    if (!mode) return nd__null_arg(func, "mode"), NULL;
    bool cow = strcmp(mode, "c") == 0;
    if (!cow && strcmp(mode, "r") != 0)
        return nd__error(ND_ERR_VALUE, func, "mode must be one of ['r', 'c'], got '%s'", mode),
               NULL;
    int fd = open(path, O_RDONLY);
    if (fd < 0) return io_error(func, "cannot open", path), NULL;
    struct stat st;
    if (fstat(fd, &st) != 0 || st.st_size == 0) {
        if (st.st_size == 0)
            nd__error(ND_ERR_FORMAT, func, "'%s' is empty", path);
        else
            io_error(func, "cannot stat", path);
        close(fd);
        return NULL;
    }
    size_t len = (size_t)st.st_size;
    void *addr = mmap(NULL, len, cow ? PROT_READ | PROT_WRITE : PROT_READ,
                      cow ? MAP_PRIVATE : MAP_SHARED, fd, 0);
    close(fd);
    if (addr == MAP_FAILED) return io_error(func, "cannot map", path), NULL;
    npy_header h;
    mapping *m = NULL;
    nd_array *a = NULL;
    if (nd__npy_parse(func, addr, len, len, &h)) goto fail;
    if (h.swap) {
        nd__error(ND_ERR_UNSUPPORTED, func,
                  "'%s' is big-endian: a mapped array cannot be byte-swapped", path);
        goto fail;
    }
    if (!(m = nd__malloc(sizeof *m))) {
        nd__nomem(func, sizeof *m);
        goto fail;
    }
    m->addr = addr;
    m->len = len;
    int64_t strides[ND_MAX_DIMS];
    nd__strides_for(h.ndim, h.shape, nd_dtype_size(h.dtype), h.fortran ? ND_ORDER_F : ND_ORDER_C,
                    strides);
    /* a read-only mapping faults on a write: its buffer is read-only for good */
    char *data = (char *)addr + h.data_offset;
    a = cow ? nd_wrap(data, h.dtype, h.ndim, h.shape, strides, unmap, m)
            : nd_wrap_readonly(data, h.dtype, h.ndim, h.shape, strides, unmap, m);
    if (!a) goto fail;
    return a;
fail:
    nd__free(m);
    munmap(addr, len);
    return NULL;
}
