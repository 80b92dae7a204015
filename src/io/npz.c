/* NumPy's .npz: a ZIP archive of .npy members, stored or deflated (zlib),
   ZIP64 where a size or an offset passes 4 GiB (np.savez writes every
   local header with ZIP64 sizes). Reading trusts nothing: every offset and
   size is checked against the file before it is used or allocated. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "io/npy.h"

enum {
    SIG_LOCAL = 0x04034b50,
    SIG_CENTRAL = 0x02014b50,
    SIG_EOCD = 0x06054b50,
    SIG_EOCD64 = 0x06064b50,
    SIG_LOCATOR64 = 0x07064b50,
    METHOD_STORED = 0,
    METHOD_DEFLATE = 8,
};
#define U32_MAX_FIELD 0xffffffffu

typedef struct {
    char *name;      /* without ".npy" */
    bool npy;        /* the stored name ended in ".npy" */
    uint64_t offset; /* of the local header */
    uint64_t csize, usize;
    uint32_t crc;
    int method;
} npz_entry;

/* Reads never move a shared file position (pread, or the copy in memory),
   so threads may read members of one archive at once. */
struct nd_npz {
    int fd;       /* -1 for an archive in memory */
    uint8_t *mem; /* nd_npz_from_bytes: the copy */
    uint64_t size;
    uint64_t limit; /* the largest deflated member inflated (nd_npz_set_limit) */
    int n;
    npz_entry *e;
    const char **names;
};

/* A deflated member may not inflate past this unless the caller allows it:
   the ratio check alone lets a 1 MiB archive claim 1 GiB. */
#define DEFAULT_LIMIT (UINT64_C(1) << 30)

static uint16_t le16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t le32(const uint8_t *p) { return (uint32_t)le16(p) | (uint32_t)le16(p + 2) << 16; }
static uint64_t le64(const uint8_t *p) { return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32; }

/* zlib allocates through nd, so that its allocations fail in the tests too. */
static voidpf z_alloc(voidpf opaque, uInt items, uInt size) {
    (void)opaque;
    return nd__calloc(items, size);
}
static void z_free(voidpf opaque, voidpf p) {
    (void)opaque;
    nd__free(p);
}
static void z_init(z_stream *s) {
    memset(s, 0, sizeof *s);
    s->zalloc = z_alloc, s->zfree = z_free;
}

/* zlib's CRC-32 of n bytes, in the uInt-sized pieces crc32() takes. */
static uint32_t crc_of(const uint8_t *p, uint64_t n) {
    uLong crc = crc32(0L, Z_NULL, 0);
    for (uint64_t done = 0; done < n;) {
        uint64_t step = n - done < (1u << 30) ? n - done : (1u << 30);
        crc = crc32(crc, p + done, (uInt)step);
        done += step;
    }
    return (uint32_t)crc;
}

static nd_status bad(const char *func, const char *what) {
    return nd__error(ND_ERR_FORMAT, func, "not a valid .npz file: %s", what);
}

/* Reads len bytes at off, checked against the file's size. */
static nd_status read_at(const char *func, const nd_npz *z, uint64_t off, void *buf, uint64_t len) {
    if (off > z->size || len > z->size - off)
        return bad(func, "a record runs past the end of the file");
    if (z->fd < 0) {
        if (len) memcpy(buf, z->mem + off, (size_t)len);
        return ND_OK;
    }
    for (uint64_t done = 0; done < len;) {
        size_t step = len - done < (1u << 30) ? (size_t)(len - done) : (1u << 30);
        ssize_t got = pread(z->fd, (uint8_t *)buf + done, step, (off_t)(off + done));
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) return nd__error(ND_ERR_IO, func, "cannot read: %s", strerror(errno));
        if (got == 0) return bad(func, "the file ended early (did it shrink?)");
        done += (uint64_t)got;
    }
    return ND_OK;
}

void nd_npz_close(nd_npz *z) {
    if (!z) return;
    for (int i = 0; i < z->n; i++) nd__free(z->e[i].name);
    nd__free(z->e), nd__free(z->names);
    if (z->fd >= 0) close(z->fd);
    nd__free(z->mem);
    nd__free(z);
}

static nd_npz *npz_new(const char *func) {
    nd_npz *z = nd__calloc(1, sizeof *z);
    if (!z) return nd__nomem(func, sizeof *z), NULL;
    z->fd = -1;
    z->limit = DEFAULT_LIMIT;
    return z;
}

int nd_npz_set_limit(nd_npz *z, uint64_t max_bytes) {
    if (!z) return nd__null_arg("nd_npz_set_limit", "z");
    if (max_bytes == 0)
        return nd__error(ND_ERR_VALUE, "nd_npz_set_limit", "the limit must be positive");
    z->limit = max_bytes;
    return ND_OK;
}

/* The end-of-central-directory record: where the directory is and how many
   entries it has (ZIP64's when the classic fields are saturated). */
static nd_status find_directory(const char *func, nd_npz *z, uint64_t *cd_off, uint64_t *cd_size,
                                uint64_t *count) {
    uint8_t tail[65536 + 22];
    uint64_t len = z->size < sizeof tail ? z->size : sizeof tail, start = z->size - len;
    if (len < 22) return bad(func, "too short for a ZIP archive");
    if (read_at(func, z, start, tail, len)) return nd_last_error();
    int64_t at = -1;
    for (int64_t i = (int64_t)len - 22; i >= 0 && at < 0; i--)
        if (le32(tail + i) == SIG_EOCD) at = i;
    if (at < 0) return bad(func, "no end of central directory record");
    const uint8_t *e = tail + at;
    *count = le16(e + 10), *cd_size = le32(e + 12), *cd_off = le32(e + 16);
    if ((*count == 0xffff || *cd_size == U32_MAX_FIELD || *cd_off == U32_MAX_FIELD) && at >= 20 &&
        le32(e - 20) == SIG_LOCATOR64) {
        uint8_t r[56];
        if (read_at(func, z, le64(e - 20 + 8), r, sizeof r)) return nd_last_error();
        if (le32(r) != SIG_EOCD64) return bad(func, "bad ZIP64 end of central directory");
        *count = le64(r + 32), *cd_size = le64(r + 40), *cd_off = le64(r + 48);
    }
    if (*cd_off > z->size || *cd_size > z->size - *cd_off)
        return bad(func, "the central directory lies outside the file");
    if (*count > *cd_size / 46) return bad(func, "more entries than the central directory holds");
    return ND_OK;
}

/* The ZIP64 extra field replaces saturated fields, in this order. */
static nd_status zip64_extra(const char *func, const uint8_t *x, size_t xlen, npz_entry *e,
                             bool usat, bool csat, bool osat) {
    for (size_t i = 0; i + 4 <= xlen;) {
        uint16_t id = le16(x + i), sz = le16(x + i + 2);
        if (i + 4 + sz > xlen) return bad(func, "an extra field runs past its record");
        if (id == 1) {
            const uint8_t *p = x + i + 4, *end = p + sz;
            if (usat) {
                if (p + 8 > end) return bad(func, "short ZIP64 field");
                e->usize = le64(p), p += 8;
            }
            if (csat) {
                if (p + 8 > end) return bad(func, "short ZIP64 field");
                e->csize = le64(p), p += 8;
            }
            if (osat) {
                if (p + 8 > end) return bad(func, "short ZIP64 field");
                e->offset = le64(p);
            }
            return ND_OK;
        }
        i += 4 + (size_t)sz;
    }
    if (usat || csat || osat) return bad(func, "a saturated size without its ZIP64 field");
    return ND_OK;
}

static nd_status parse_entry(const char *func, const uint8_t *p, const uint8_t *end, npz_entry *e,
                             size_t *used) {
    if (end - p < 46 || le32(p) != SIG_CENTRAL) return bad(func, "corrupt central directory entry");
    size_t nlen = le16(p + 28), xlen = le16(p + 30), clen = le16(p + 32);
    if ((size_t)(end - p) < 46 + nlen + xlen + clen)
        return bad(func, "central directory entry runs past the directory");
    e->method = le16(p + 10), e->crc = le32(p + 16);
    e->csize = le32(p + 20), e->usize = le32(p + 24), e->offset = le32(p + 42);
    if (le16(p + 8) & 1) return bad(func, "encrypted members are not supported");
    if (zip64_extra(func, p + 46 + nlen, xlen, e, e->usize == U32_MAX_FIELD,
                    e->csize == U32_MAX_FIELD, e->offset == U32_MAX_FIELD))
        return nd_last_error();
    e->npy = nlen >= 4 && !memcmp(p + 46 + nlen - 4, ".npy", 4);
    size_t keep = e->npy ? nlen - 4 : nlen;
    if (!(e->name = nd__malloc(keep + 1))) return nd__nomem(func, keep + 1);
    memcpy(e->name, p + 46, keep);
    e->name[keep] = '\0';
    *used = 46 + nlen + xlen + clen;
    return ND_OK;
}

/* Reads the directory of the archive of z->size bytes (z is freed on failure). */
static nd_npz *read_directory(const char *func, nd_npz *z) {
    uint64_t cd_off, cd_size, count;
    uint8_t *cd = NULL;
    if (find_directory(func, z, &cd_off, &cd_size, &count)) goto fail;
    cd = nd__malloc(cd_size + 1);
    z->e = nd__calloc(count + 1, sizeof *z->e);
    z->names = nd__calloc(count + 1, sizeof *z->names);
    if (!cd || !z->e || !z->names) {
        nd__nomem(func, cd_size + count * sizeof *z->e);
        goto fail;
    }
    if (read_at(func, z, cd_off, cd, cd_size)) goto fail;
    for (size_t at = 0; (uint64_t)z->n < count; z->n++) {
        size_t used = 0;
        if (parse_entry(func, cd + at, cd + cd_size, &z->e[z->n], &used)) goto fail;
        z->names[z->n] = z->e[z->n].name;
        at += used;
    }
    nd__free(cd);
    return z;
fail:
    nd__free(cd);
    nd_npz_close(z);
    return NULL;
}

nd_npz *nd_npz_open(const char *path) {
    static const char *func = "nd_npz_open";
    if (!path) return nd__null_arg(func, "path"), NULL;
    nd_npz *z = npz_new(func);
    if (!z) return NULL;
    struct stat st;
    if ((z->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 || fstat(z->fd, &st) != 0)
        return nd__error(ND_ERR_IO, func, "cannot open '%s': %s", path, strerror(errno)),
               nd_npz_close(z), NULL;
    if (!S_ISREG(st.st_mode))
        return nd__error(ND_ERR_IO, func, "cannot read '%s': not a regular file", path),
               nd_npz_close(z), NULL;
    z->size = (uint64_t)st.st_size;
    return read_directory(func, z);
}

nd_npz *nd_npz_from_bytes(const void *buf, size_t len) {
    static const char *func = "nd_npz_from_bytes";
    if (!buf && len) return nd__null_arg(func, "buf"), NULL;
    nd_npz *z = npz_new(func);
    if (!z) return NULL;
    if (!(z->mem = nd__malloc(len + 1))) return nd__nomem(func, len), nd_npz_close(z), NULL;
    if (len) memcpy(z->mem, buf, len);
    z->size = len;
    if (!len)
        return nd__error(ND_ERR_FORMAT, func, "not a valid .npz file: empty"), nd_npz_close(z),
               NULL;
    return read_directory(func, z);
}

const char *const *nd_npz_names(const nd_npz *z, int *n) {
    if (!z) return nd__null_arg("nd_npz_names", "z"), NULL;
    if (n) *n = z->n;
    return z->names;
}

/* A member's uncompressed bytes, produced piece by piece straight into
   their destination (the array's memory), so reading a member takes the
   array plus a chunk, never a second copy of it. */
enum { CHUNK = 1 << 20 };

typedef struct {
    const char *func;
    const nd_npz *z;
    const npz_entry *e;
    uint64_t in_off, in_left; /* compressed bytes not read yet */
    uint64_t out;             /* uncompressed bytes produced */
    uLong crc;
    uint8_t *chunk;
    z_stream s;
    bool inflating, ended;
} member_reader;

static void reader_close(member_reader *r) {
    if (r->inflating) inflateEnd(&r->s);
    nd__free(r->chunk);
}

/* Checks the member's local header and sizes, ready to read. */
static nd_status reader_open(const char *func, const nd_npz *z, const npz_entry *e,
                             member_reader *r) {
    memset(r, 0, sizeof *r);
    r->func = func, r->z = z, r->e = e, r->crc = crc32(0L, Z_NULL, 0);
    uint8_t lh[30];
    if (read_at(func, z, e->offset, lh, sizeof lh)) return nd_last_error();
    if (le32(lh) != SIG_LOCAL) return bad(func, "corrupt local header");
    uint64_t data = e->offset + 30 + le16(lh + 26) + le16(lh + 28);
    if (data > z->size || e->csize > z->size - data)
        return bad(func, "member data runs past the end of the file");
    if (e->method != METHOD_STORED && e->method != METHOD_DEFLATE)
        return nd__error(ND_ERR_UNSUPPORTED, func, "compression method %d", e->method);
    if (e->method == METHOD_STORED && e->usize != e->csize)
        return bad(func, "stored member with two sizes");
    /* deflate expands at most about 1032:1: a larger claim is a lie */
    if (e->method == METHOD_DEFLATE && e->usize > e->csize * 1032 + 1024)
        return bad(func, "uncompressed size impossible for its compressed size");
    if (e->method == METHOD_DEFLATE && e->usize > z->limit)
        return nd__error(
            ND_ERR_VALUE, func,
            "member '%s' inflates to %llu bytes, over the limit of %llu (nd_npz_set_limit)",
            e->name, (unsigned long long)e->usize, (unsigned long long)z->limit);
    r->in_off = data, r->in_left = e->csize;
    if (e->method == METHOD_STORED) return ND_OK;
    size_t cap = e->csize < CHUNK ? (size_t)e->csize + 1 : CHUNK;
    if (!(r->chunk = nd__malloc(cap))) return nd__nomem(func, cap);
    z_init(&r->s);
    if (inflateInit2(&r->s, -MAX_WBITS) != Z_OK) return nd__nomem(func, sizeof r->s);
    r->inflating = true;
    return ND_OK;
}

/* The next len uncompressed bytes into dst (dst NULL: produced and
   dropped, for the CRC), CRC-summed. */
static nd_status reader_read(member_reader *r, uint8_t *dst, uint64_t len) {
    uint8_t sink[4096];
    if (len > r->e->usize - r->out) return bad(r->func, "a member's .npy image runs past its size");
    for (uint64_t done = 0; done < len;) {
        uint64_t want = len - done;
        uint8_t *to = dst ? dst + done : sink;
        if (!dst && want > sizeof sink) want = sizeof sink;
        if (want > (1u << 30)) want = 1u << 30;
        uint64_t got;
        if (!r->inflating) {
            if (read_at(r->func, r->z, r->in_off, to, want)) return nd_last_error();
            r->in_off += want, r->in_left -= want, got = want;
        } else {
            if (r->s.avail_in == 0 && r->in_left) {
                size_t step = r->in_left < CHUNK ? (size_t)r->in_left : CHUNK;
                if (read_at(r->func, r->z, r->in_off, r->chunk, step)) return nd_last_error();
                r->in_off += step, r->in_left -= step;
                r->s.next_in = r->chunk, r->s.avail_in = (uInt)step;
            }
            r->s.next_out = to, r->s.avail_out = (uInt)want;
            int rc = r->ended ? Z_STREAM_END : inflate(&r->s, Z_NO_FLUSH);
            if (rc == Z_MEM_ERROR) return nd__nomem(r->func, 1u << MAX_WBITS); /* its window */
            got = want - r->s.avail_out;
            r->ended = rc == Z_STREAM_END;
            if ((rc != Z_OK && rc != Z_STREAM_END) ||
                (got == 0 && (r->ended || (r->s.avail_in == 0 && !r->in_left))))
                return bad(r->func, "corrupt deflate data");
        }
        r->crc = crc32(r->crc, to, (uInt)got);
        r->out += got, done += got;
    }
    return ND_OK;
}

/* All of the member produced, nothing more in its stream, its CRC right. */
static nd_status reader_finish(member_reader *r) {
    if (reader_read(r, NULL, r->e->usize - r->out)) return nd_last_error();
    if (r->inflating && !r->ended) {
        uint8_t extra;
        r->s.next_out = &extra, r->s.avail_out = 1;
        if (r->s.avail_in == 0 && r->in_left) { /* the end marker may lie in the next chunk */
            size_t step = r->in_left < CHUNK ? (size_t)r->in_left : CHUNK;
            if (read_at(r->func, r->z, r->in_off, r->chunk, step)) return nd_last_error();
            r->in_off += step, r->in_left -= step;
            r->s.next_in = r->chunk, r->s.avail_in = (uInt)step;
        }
        int rc = inflate(&r->s, Z_NO_FLUSH);
        if (rc == Z_MEM_ERROR) return nd__nomem(r->func, 1u << MAX_WBITS);
        if (rc != Z_STREAM_END || r->s.avail_out == 0) return bad(r->func, "corrupt deflate data");
    }
    if ((uint32_t)r->crc != r->e->crc)
        return nd__error(ND_ERR_FORMAT, r->func, "CRC mismatch in member '%s'", r->e->name);
    return ND_OK;
}

/* The member as an array: its .npy header parsed from the first bytes, its
   data inflated into the array. A damaged member is reported as a CRC
   mismatch when its CRC says so, whatever else is wrong with it. */
static nd_array *read_member(const char *func, const nd_npz *z, const npz_entry *e) {
    member_reader r;
    uint8_t head[12 + NPY_MAX_HEADER];
    uint64_t hl = e->usize < sizeof head ? e->usize : sizeof head;
    npy_header h;
    nd_array *a = NULL;
    if (reader_open(func, z, e, &r) || reader_read(&r, head, hl)) goto fail;
    if (nd__npy_parse(func, head, (size_t)hl, e->usize, &h)) {
        nd_status st = nd_last_error();
        char msg[256];
        snprintf(msg, sizeof msg, "%s", nd_last_error_message());
        size_t skip = strncmp(msg, func, strlen(func)) ? 0 : strlen(func) + 2; /* "func: " */
        if (!reader_finish(&r)) nd__error(st, func, "%s", msg + skip);
        goto fail;
    }
    if (!(a = nd__npy_array_for(func, &h))) goto fail;
    /* the header lies in head, and its check bounds data_offset + nbytes by usize */
    uint64_t in_head = h.data_offset < hl ? hl - h.data_offset : 0;
    if (in_head > h.nbytes) in_head = h.nbytes;
    if (in_head) memcpy(a->data, head + h.data_offset, (size_t)in_head);
    if (reader_read(&r, (uint8_t *)a->data + in_head, h.nbytes - in_head) || reader_finish(&r))
        goto fail;
    reader_close(&r);
    nd__npy_finish(a, &h);
    return a;
fail:
    reader_close(&r);
    nd_release(a);
    return NULL;
}

/* np.load's NpzFile looks a key up in zipfile's name table, where a later
   entry of the same name replaces an earlier one: the last one wins, and a
   stored name equal to the key wins over the key plus ".npy". */
nd_array *nd_npz_get(nd_npz *z, const char *name) {
    static const char *func = "nd_npz_get";
    if (!z || !name) return nd__null_arg(func, z ? "name" : "z"), NULL;
    const npz_entry *found = NULL;
    for (int pass = 0; pass < 2 && !found; pass++)
        for (int i = z->n - 1; i >= 0 && !found; i--)
            if (z->e[i].npy == (pass == 1) && !strcmp(z->e[i].name, name)) found = &z->e[i];
    if (!found) return nd__error(ND_ERR_VALUE, func, "%s is not a file in the archive", name), NULL;
    return read_member(func, z, found);
}

/* ---- writing ---- */

/* Sizes and offsets at or above this take ZIP64 records (a debug hook
   lowers it so the tests can exercise ZIP64 without 4 GiB files). */
ND_API uint64_t nd_debug_zip64_limit = U32_MAX_FIELD;

typedef struct {
    int n;
    char *const *names;
    const nd_array *const *arrays;
    bool compress;
    const char *func;
} savez_job;

static void put16(uint8_t *p, uint32_t v) { p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8); }
static void put32(uint8_t *p, uint32_t v) { put16(p, v & 0xffff), put16(p + 2, v >> 16); }
static void put64(uint8_t *p, uint64_t v) {
    put32(p, (uint32_t)v), put32(p + 4, (uint32_t)(v >> 32));
}

/* A 4 GiB+ value saturates its 32-bit field and moves to the ZIP64 field. */
static uint32_t field32(uint64_t v) {
    return v >= nd_debug_zip64_limit ? U32_MAX_FIELD : (uint32_t)v;
}

typedef struct {
    uint64_t offset, csize, usize;
    uint32_t crc;
    int method;
    size_t nlen;
} written;

/* The deflated (raw, zlib's default level, as Python's zipfile) bytes. */
static uint8_t *deflate_all(const char *func, const uint8_t *in, size_t len, size_t *out_len) {
    z_stream s;
    z_init(&s);
    if (deflateInit2(&s, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) !=
        Z_OK)
        return nd__nomem(func, sizeof s), NULL;
    size_t cap = deflateBound(&s, (uLong)len) + 64;
    uint8_t *out = nd__malloc(cap);
    if (!out) return deflateEnd(&s), nd__nomem(func, cap), NULL;
    s.next_in = (Bytef *)(uintptr_t)in, s.next_out = out;
    size_t left = len;
    int rc;
    do { /* in uInt-sized pieces, for members past 4 GiB */
        if (s.avail_in == 0 && left) {
            size_t step = left < (1u << 30) ? left : (1u << 30);
            s.avail_in = (uInt)step, left -= step;
        }
        size_t room = cap - s.total_out;
        s.avail_out = (uInt)(room < (1u << 30) ? room : (1u << 30));
        rc = deflate(&s, left == 0 && s.avail_in == 0 ? Z_FINISH : Z_NO_FLUSH);
    } while (rc == Z_OK);
    *out_len = s.total_out;
    deflateEnd(&s);
    if (rc != Z_STREAM_END)
        return nd__free(out), nd__error(ND_ERR_IO, func, "deflate failed"), NULL;
    return out;
}

static nd_status write_member(FILE *f, const savez_job *j, int i, uint64_t *pos, written *w) {
    void *img = NULL;
    size_t ilen, dlen;
    if (nd_npy_to_bytes(j->arrays[i], &img, &ilen)) return nd_last_error();
    uint8_t *data = img;
    w->crc = crc_of(data, ilen);
    if (j->compress && !(data = deflate_all(j->func, img, ilen, &dlen)))
        return free(img), nd_last_error();
    if (!j->compress) dlen = ilen;
    w->method = j->compress ? METHOD_DEFLATE : METHOD_STORED;
    w->offset = *pos, w->usize = ilen, w->csize = dlen, w->nlen = strlen(j->names[i]) + 4;
    bool z64 = ilen >= nd_debug_zip64_limit || dlen >= nd_debug_zip64_limit;
    uint8_t h[30 + 20];
    memset(h, 0, sizeof h);
    put32(h, SIG_LOCAL), put16(h + 4, z64 ? 45 : 20), put16(h + 8, (uint32_t)w->method);
    put16(h + 10, 0), put16(h + 12, 0x21); /* time and date: 1980-01-01 */
    put32(h + 14, w->crc), put32(h + 18, field32(dlen)), put32(h + 22, field32(ilen));
    put16(h + 26, (uint32_t)w->nlen), put16(h + 28, z64 ? 20 : 0);
    uint8_t *x = h + 30;
    put16(x, 1), put16(x + 2, 16), put64(x + 4, ilen), put64(x + 12, dlen);
    bool ok = fwrite(h, 1, 30, f) == 30 && fwrite(j->names[i], 1, w->nlen - 4, f) == w->nlen - 4 &&
              fwrite(".npy", 1, 4, f) == 4 && (!z64 || fwrite(x, 1, 20, f) == 20) &&
              fwrite(data, 1, dlen, f) == dlen;
    *pos += 30 + w->nlen + (z64 ? 20 : 0) + dlen;
    if (data != img) nd__free(data);
    free(img);
    return ok ? ND_OK : nd__error(ND_ERR_IO, j->func, "cannot write: %s", strerror(errno));
}

static nd_status write_directory(FILE *f, const savez_job *j, const written *w, uint64_t pos) {
    uint64_t cd_start = pos;
    bool ok = true;
    for (int i = 0; i < j->n && ok; i++) {
        bool usat = w[i].usize >= nd_debug_zip64_limit, csat = w[i].csize >= nd_debug_zip64_limit,
             osat = w[i].offset >= nd_debug_zip64_limit;
        uint8_t c[46], x[28];
        size_t xl = 0;
        memset(c, 0, sizeof c);
        if (usat) put64(x + 4 + xl, w[i].usize), xl += 8;
        if (csat) put64(x + 4 + xl, w[i].csize), xl += 8;
        if (osat) put64(x + 4 + xl, w[i].offset), xl += 8;
        if (xl) put16(x, 1), put16(x + 2, (uint32_t)xl), xl += 4;
        put32(c, SIG_CENTRAL), put16(c + 4, 45 | 3 << 8), put16(c + 6, xl ? 45 : 20);
        put16(c + 10, (uint32_t)w[i].method), put16(c + 12, 0), put16(c + 14, 0x21);
        put32(c + 16, w[i].crc), put32(c + 20, field32(w[i].csize)),
            put32(c + 24, field32(w[i].usize));
        put16(c + 28, (uint32_t)w[i].nlen), put16(c + 30, (uint32_t)xl);
        put32(c + 38, 0600u << 16), put32(c + 42, field32(w[i].offset));
        ok = fwrite(c, 1, 46, f) == 46 &&
             fwrite(j->names[i], 1, w[i].nlen - 4, f) == w[i].nlen - 4 &&
             fwrite(".npy", 1, 4, f) == 4 && fwrite(x, 1, xl, f) == xl;
        pos += 46 + w[i].nlen + xl;
    }
    uint64_t cd_size = pos - cd_start;
    bool z64 =
        cd_start >= nd_debug_zip64_limit || cd_size >= nd_debug_zip64_limit || j->n >= 0xffff;
    if (z64 && ok) {
        uint8_t r[56 + 20];
        memset(r, 0, sizeof r);
        put32(r, SIG_EOCD64), put64(r + 4, 44), put16(r + 12, 45), put16(r + 14, 45);
        put64(r + 24, (uint64_t)j->n), put64(r + 32, (uint64_t)j->n), put64(r + 40, cd_size);
        put64(r + 48, cd_start);
        put32(r + 56, SIG_LOCATOR64), put64(r + 64, pos), put32(r + 72, 1);
        ok = fwrite(r, 1, sizeof r, f) == sizeof r;
    }
    uint8_t e[22];
    memset(e, 0, sizeof e);
    uint32_t cnt = j->n >= 0xffff ? 0xffff : (uint32_t)j->n;
    put32(e, SIG_EOCD), put16(e + 8, cnt), put16(e + 10, cnt);
    put32(e + 12, field32(cd_size)), put32(e + 16, field32(cd_start));
    ok = ok && fwrite(e, 1, 22, f) == 22;
    return ok ? ND_OK : nd__error(ND_ERR_IO, j->func, "cannot write: %s", strerror(errno));
}

static nd_status write_archive(FILE *f, void *ctx) {
    const savez_job *j = ctx;
    written *w = nd__calloc((size_t)j->n + 1, sizeof *w);
    if (!w) return nd__nomem(j->func, sizeof *w * (size_t)j->n);
    uint64_t pos = 0;
    nd_status st = ND_OK;
    for (int i = 0; i < j->n && !st; i++) st = write_member(f, j, i, &pos, &w[i]);
    if (!st) st = write_directory(f, j, w, pos);
    nd__free(w);
    return st;
}

int nd_savez(const char *path, int n, char *const *names, nd_array_list arrays_list, bool compress) {
    const nd_array *const *arrays = ND_LIST_PTR(arrays_list);
    static const char *func = "nd_savez";
    if (!path || (n > 0 && (!names || !arrays)))
        return nd__null_arg(func, !path ? "path" : !names ? "names" : "arrays");
    if (n < 0) return nd__error(ND_ERR_VALUE, func, "n must be non-negative");
    for (int i = 0; i < n; i++) {
        if (!names[i] || !arrays[i]) return nd__null_item(func, names[i] ? "arrays" : "names", i);
        size_t len = strlen(names[i]);
        if (len == 0 || len > 0xfff0)
            return nd__error(ND_ERR_VALUE, func, "bad member name '%s'", names[i]);
        for (int k = 0; k < i; k++)
            if (!strcmp(names[k], names[i]))
                return nd__error(ND_ERR_VALUE, func, "Cannot use un-named variables and keyword %s",
                                 names[i]);
    }
    savez_job j = {n, names, arrays, compress, func};
    return nd__save_atomic(func, path, write_archive, &j);
}
