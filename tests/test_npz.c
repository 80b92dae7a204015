/* .npz: archives written by np.savez / np.savez_compressed read by nd, and
   nd's archives (stored, deflated, ZIP64) read by np.load, compared through
   .npy files of each member; truncated and corrupted archives fail
   cleanly; allocation failures leak nothing. */
#include <unistd.h>

#include "nd_test.h"

extern uint64_t nd_debug_zip64_limit;

static char dir[64];

static void same(const nd_array *a, const nd_array *b, const char *what) {
    ck_assert_msg(a && b, "%s: %s", what, nd_last_error_message());
    ck_assert_msg(nd_get_dtype(a) == nd_get_dtype(b) && nd_ndim(a) == nd_ndim(b), "%s: dtype/ndim",
                  what);
    for (int d = 0; d < nd_ndim(a); d++) ck_assert_int_eq(nd_shape(a)[d], nd_shape(b)[d]);
    nd_array *ca = nd_copy(a), *cb = nd_copy(b);
    ck_assert_msg(!memcmp(nd_data(ca), nd_data(cb), (size_t)nd_size(ca) * nd_itemsize(ca)),
                  "%s: data", what);
    nd_release(ca), nd_release(cb);
}

static const char *members[] = {"a", "big_endian", "empty", "scalar", "fortran", "c128", "b"};
enum { NM = sizeof members / sizeof members[0] };

START_TEST(from_numpy) {
    char script[2048];
    snprintf(script, sizeof script,
             "import numpy as np\n"
             "m = dict(a=np.arange(12.).reshape(3, 4), big_endian=np.arange(5, dtype='>i4'),\n"
             "         empty=np.zeros((0, 3), np.float32), scalar=np.array(7, np.int16),\n"
             "         fortran=np.asfortranarray(np.arange(6).reshape(2, 3)),\n"
             "         c128=np.array([1+2j, 3-4j]), b=np.array([True, False]))\n"
             "np.savez('%s/s.npz', **m)\n"
             "np.savez_compressed('%s/c.npz', **m)\n"
             "for k, v in m.items(): np.save('%s/%%s.npy' %% k, v)\n"
             "print('ok')\n",
             dir, dir, dir);
    char *out = nd_test_python(script);
    ck_assert_ptr_nonnull(out);
    free(out);
    for (int c = 0; c < 2; c++) {
        char path[128];
        snprintf(path, sizeof path, "%s/%s.npz", dir, c ? "c" : "s");
        nd_npz *z = nd_npz_open(path);
        ck_assert_msg(z != NULL, "%s", nd_last_error_message());
        int n;
        const char *const *names = nd_npz_names(z, &n);
        ck_assert_int_eq(n, NM);
        for (int i = 0; i < NM; i++) {
            ck_assert_str_eq(names[i], members[i]);
            char npy[128];
            snprintf(npy, sizeof npy, "%s/%s.npy", dir, members[i]);
            nd_array *got = nd_npz_get(z, members[i]), *want = nd_load_npy(npy);
            same(got, want, members[i]);
            nd_release(got), nd_release(want);
        }
        ck_assert_ptr_null(nd_npz_get(z, "nope"));
        ck_assert_str_eq(nd_last_error_message(), "nd_npz_get: nope is not a file in the archive");
        nd_clear_error();
        nd_npz_close(z);
    }
}
END_TEST

/* nd writes, NumPy reads and saves each member as .npy, nd compares. */
START_TEST(to_numpy) {
    nd_array *a[4];
    a[0] = nd_arange(0, 1000, 1, ND_FLOAT64);
    a[1] = nd_zeros(ND_UINT8, 2, (int64_t[]){0, 4});
    a[2] = nd_full(ND_INT32, 2, (int64_t[]){50, 7}, -3);
    nd_array *t = nd_arange(0, 12, 1, ND_FLOAT32), *r = nd_reshape(t, 2, (int64_t[]){3, 4});
    a[3] = nd_transpose(r, NULL); /* written in Fortran order */
    nd_release(t), nd_release(r);
    char *names[4] = {"x", "empty", "ints", "ft"};
    for (int mode = 0; mode < 4; mode++) { /* stored, deflated, each with ZIP64 records */
        nd_debug_zip64_limit = mode >= 2 ? 100 : 0xffffffffu;
        char path[128], script[1024];
        snprintf(path, sizeof path, "%s/nd%d.npz", dir, mode);
        ck_assert_int_eq(nd_savez(path, 4, names, a, mode % 2 == 1), ND_OK);
        snprintf(script, sizeof script,
                 "import numpy as np\n"
                 "with np.load('%s') as z:\n"
                 "    assert list(z.keys()) == ['x', 'empty', 'ints', 'ft'], list(z.keys())\n"
                 "    for k in z.keys(): np.save('%s/back_%%s.npy' %% k, z[k])\n"
                 "print('ok')\n",
                 path, dir);
        char *out = nd_test_python(script);
        ck_assert_msg(out != NULL, "np.load failed on mode %d", mode);
        free(out);
        for (int i = 0; i < 4; i++) {
            char npy[128];
            snprintf(npy, sizeof npy, "%s/back_%s.npy", dir, names[i]);
            nd_array *back = nd_load_npy(npy);
            same(back, a[i], names[i]);
            nd_release(back);
        }
        /* and nd reads its own archive */
        nd_npz *z = nd_npz_open(path);
        ck_assert_ptr_nonnull(z);
        for (int i = 0; i < 4; i++) {
            nd_array *g = nd_npz_get(z, names[i]);
            same(g, a[i], names[i]);
            nd_release(g);
        }
        nd_npz_close(z);
    }
    nd_debug_zip64_limit = 0xffffffffu;
    for (int i = 0; i < 4; i++) nd_release(a[i]);
}
END_TEST

static unsigned char *slurp(const char *path, long *len) {
    FILE *f = fopen(path, "rb");
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    ck_assert(n >= 0 && n < (1L << 40));
    *len = n;
    fseek(f, 0, SEEK_SET);
    unsigned char *b = malloc((size_t)n + 1);
    ck_assert_int_eq(fread(b, 1, (size_t)*len, f), *len);
    fclose(f);
    return b;
}

static void spit(const char *path, const unsigned char *b, long len) {
    FILE *f = fopen(path, "wb");
    fwrite(b, 1, (size_t)len, f);
    fclose(f);
}

/* Every member of an archive read back, or a clean error. */
static nd_status read_all(const char *path) {
    nd_npz *z = nd_npz_open(path);
    if (!z) return nd_last_error();
    int n;
    const char *const *names = nd_npz_names(z, &n);
    nd_status st = ND_OK;
    for (int i = 0; i < n && !st; i++) {
        nd_array *a = nd_npz_get(z, names[i]);
        if (!a) st = nd_last_error();
        nd_release(a);
    }
    nd_npz_close(z);
    return st;
}

START_TEST(bad_archives) {
    nd_array *a = nd_arange(0, 40, 1, ND_INT64), *b = nd_arange(0, 3, 1, ND_FLOAT64);
    char *names[2] = {"a", "b"};
    char good[128], bad[128];
    snprintf(good, sizeof good, "%s/good.npz", dir);
    snprintf(bad, sizeof bad, "%s/bad.npz", dir);
    for (int compress = 0; compress < 2; compress++) {
        ck_assert_int_eq(nd_savez(good, 2, names, (nd_array *[]){a, b}, compress), ND_OK);
        long len;
        unsigned char *g = slurp(good, &len);
        /* every truncation fails cleanly (or, cut inside a member's slack,
           not at all: never a crash) */
        for (long cut = 0; cut < len; cut++) {
            spit(bad, g, cut);
            nd_status st = read_all(bad);
            ck_assert_msg(st == ND_ERR_FORMAT || st == ND_ERR_IO, "cut at %ld: %s", cut,
                          nd_status_name(st));
            nd_clear_error();
        }
        /* every single byte flipped: an error or a clean read, never a crash */
        unsigned char *m = malloc(len > 0 ? (size_t)len : 1);
        for (long i = 0; i < len; i++) {
            memcpy(m, g, (size_t)len);
            m[i] ^= 0x5a;
            spit(bad, m, len);
            nd_status st = read_all(bad);
            ck_assert_msg(st == ND_OK || st == ND_ERR_FORMAT || st == ND_ERR_UNSUPPORTED ||
                              st == ND_ERR_VALUE,
                          "byte %ld flipped: %s", i, nd_status_name(st));
            nd_clear_error();
        }
        if (!compress) { /* a data byte of member a flipped: the CRC says so */
            memcpy(m, g, (size_t)len);
            m[30 + 5 + 128 + 3] ^= 1;
            spit(bad, m, len);
            ck_assert_int_eq(read_all(bad), ND_ERR_FORMAT);
            ck_assert_str_eq(nd_last_error_message(), "nd_npz_get: CRC mismatch in member 'a'");
            nd_clear_error();
        }
        free(m), free(g);
    }
    /* a failed save leaves nothing under the name */
    char nodir[128];
    snprintf(nodir, sizeof nodir, "%s/no/such/dir.npz", dir);
    ck_assert_int_eq(nd_savez(nodir, 2, names, (nd_array *[]){a, b}, false), ND_ERR_IO);
    nd_clear_error();
    ck_assert_int_ne(access(nodir, F_OK), 0);
    ck_assert_int_eq(nd_savez(good, 2, (char *[]){"a", "a"}, (nd_array *[]){a, b}, false),
                     ND_ERR_VALUE);
    nd_clear_error();
    ck_assert_ptr_null(nd_npz_open(nodir));
    ck_assert_nd_error(ND_ERR_IO);
    /* allocation failures */
    ck_assert_int_eq(nd_savez(good, 2, names, (nd_array *[]){a, b}, true), ND_OK);
    long live = nd_debug_live_allocs();
    for (long k = 1; k < 40; k++) {
        nd_debug_fail_alloc(k);
        nd_savez(bad, 2, names, (nd_array *[]){a, b}, true);
        read_all(good);
        nd_debug_fail_alloc(0);
        nd_clear_error();
        ck_assert_int_eq(nd_debug_live_allocs(), live);
    }
    nd_release(a), nd_release(b);
}
END_TEST

/* Two members of one name: np.load takes the last (zipfile's name table);
   a stored name equal to the key wins over the key plus ".npy". */
START_TEST(duplicate_names_take_the_last) {
    char script[2048];
    snprintf(script, sizeof script,
             "import numpy as np, zipfile, io, warnings\n"
             "warnings.simplefilter('ignore')\n"
             "def img(v):\n"
             "    b = io.BytesIO(); np.save(b, v); return b.getvalue()\n"
             "for c, how in enumerate((zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)):\n"
             "    p = '%s/dup%%d.npz' %% c\n"
             "    with zipfile.ZipFile(p, 'w', how) as z:\n"
             "        z.writestr('x.npy', img(np.arange(3)))\n"
             "        z.writestr('x.npy', img(np.arange(5.)))\n"
             "        z.writestr('y', img(np.arange(2)))\n"
             "        z.writestr('y.npy', img(np.arange(7)))\n"
             "        z.writestr('x.npy', img(np.arange(4, dtype=np.int8)))\n"
             "    with np.load(p) as d:\n"
             "        print(' '.join(d.files))\n"
             "        for k in 'xy': np.save('%s/dup%%d_%%s.npy' %% (c, k), d[k])\n",
             dir, dir);
    char *out = nd_test_python(script);
    ck_assert_ptr_nonnull(out);
    for (int c = 0; c < 2; c++) {
        char path[128];
        snprintf(path, sizeof path, "%s/dup%d.npz", dir, c);
        nd_npz *z = nd_npz_open(path);
        ck_assert_msg(z != NULL, "%s", nd_last_error_message());
        int n;
        const char *const *names = nd_npz_names(z, &n);
        char listed[64] = "";
        for (int i = 0; i < n; i++)
            snprintf(listed + strlen(listed), sizeof listed - strlen(listed), "%s%s", i ? " " : "",
                     names[i]);
        ck_assert_msg(!strncmp(out, listed, strlen(listed)) && out[strlen(listed)] == '\n',
                      "names '%s' vs NumPy '%s'", listed, out);
        for (const char *k = "xy"; *k; k++) {
            char key[2] = {*k, 0}, npy[128];
            snprintf(npy, sizeof npy, "%s/dup%d_%s.npy", dir, c, key);
            nd_array *got = nd_npz_get(z, key), *want = nd_load_npy(npy);
            same(got, want, key);
            nd_release(got), nd_release(want);
        }
        nd_npz_close(z);
    }
    free(out);
}
END_TEST

/* A deflated member larger than the limit is refused before anything is
   allocated for it; raising the limit reads it, in 1 MiB chunks. */
START_TEST(inflate_limit) {
    int64_t n = 3 << 17; /* 3 MiB of float64 that do not compress */
    nd_array *a = nd_empty(ND_FLOAT64, 1, &n);
    uint64_t x = 88172645463325252u;
    for (int64_t i = 0; i < n; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        ((double *)nd_data(a))[i] = (double)(x >> 11);
    }
    char path[128];
    snprintf(path, sizeof path, "%s/big.npz", dir);
    ck_assert_int_eq(nd_savez(path, 1, (char *[]){"big"}, &a, true), ND_OK);
    nd_npz *z = nd_npz_open(path);
    ck_assert_ptr_nonnull(z);
    ck_assert_int_eq(nd_npz_set_limit(z, 0), ND_ERR_VALUE);
    nd_clear_error();
    ck_assert_int_eq(nd_npz_set_limit(NULL, 1), ND_ERR_NULL);
    nd_clear_error();
    ck_assert_int_eq(nd_npz_set_limit(z, 1 << 20), ND_OK);
    long live = nd_debug_live_allocs();
    ck_assert_ptr_null(nd_npz_get(z, "big"));
    ck_assert_int_eq(nd_debug_live_allocs(), live);
    ck_assert_ptr_nonnull(
        strstr(nd_last_error_message(),
               "member 'big' inflates to 3145856 bytes, over the limit of 1048576"));
    ck_assert_nd_error(ND_ERR_VALUE);
    ck_assert_int_eq(nd_npz_set_limit(z, 3145856), ND_OK);
    nd_array *got = nd_npz_get(z, "big");
    same(got, a, "big");
    nd_release(got);
    nd_npz_close(z);
    /* the default, 1 GiB: a member claiming 1.5 GiB (within deflate's ratio
       of its 3 MiB) is refused without allocating it */
    long len;
    unsigned char *b = slurp(path, &len);
    unsigned char *cd = b + len - 22 - (46 + 7);
    ck_assert(cd[0] == 'P' && cd[1] == 'K' && cd[2] == 1 && cd[3] == 2);
    uint32_t claim = 3u << 29;
    for (int i = 0; i < 4; i++) cd[24 + i] = (unsigned char)(claim >> 8 * i);
    z = nd_npz_from_bytes(b, (size_t)len);
    ck_assert_ptr_nonnull(z);
    ck_assert_ptr_null(nd_npz_get(z, "big"));
    ck_assert_ptr_nonnull(strstr(nd_last_error_message(),
                                 "inflates to 1610612736 bytes, over the limit of 1073741824"));
    ck_assert_nd_error(ND_ERR_VALUE);
    nd_npz_close(z);
    free(b);
    nd_release(a);
}
END_TEST

int main(void) {
    Suite *s = suite_create("npz");
    TCase *tc = tcase_create("npz");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, from_numpy);
    tcase_add_test(tc, to_numpy);
    tcase_add_test(tc, bad_archives);
    tcase_add_test(tc, duplicate_names_take_the_last);
    tcase_add_test(tc, inflate_limit);
    suite_add_tcase(s, tc);
    return nd_test_run_in_tmpdir(s, dir, sizeof dir, "npz");
}
