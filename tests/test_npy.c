/* .npy against NumPy: files NumPy writes load with equal dtype, shape and
   bytes; files nd writes are byte-identical to numpy.save's; malformed files
   give clean errors; mmap modes. */
#include <sys/stat.h>
#include <unistd.h>

#include "nd_test.h"

static char dir[] = "/tmp/nd_npy_XXXXXX";

static const char *GEN =
    "import numpy as np, sys\n"
    "from numpy.lib import format as F\n"
    "d=sys.argv[1] if len(sys.argv)>1 else '%s'\n"
    "rng=np.random.default_rng(7)\n"
    "ts=['?','i1','i2','i4','i8','u1','u2','u4','u8','f2','f4','f8','c8','c16']\n"
    "shapes=[(),(0,),(7,),(3,4),(2,0,3),(2,3,4)]\n"
    "i=0\n"
    "for t in ts:\n"
    "  for s in shapes:\n"
    "    for fo in [False, True]:\n"
    "      for be in [False, True]:\n"
    "        if fo and len(s)<2: continue\n"
    "        a=(rng.standard_normal(s)*100).astype(t) if t not in ('c8','c16') else "
    "(rng.standard_normal(s)+1j*rng.standard_normal(s)).astype(t)\n"
    "        if fo: a=np.asfortranarray(a)\n"
    "        if be: a=a.astype(a.dtype.newbyteorder('>'))\n"
    "        np.save(f'{d}/case{i}.npy', a)\n"
    "        "
    "open(f'{d}/case{i}.bin','wb').write(a.astype(a.dtype.newbyteorder('=')).tobytes(order='C'))\n"
    "        print(i, ts.index(t), int(fo), int(be), len(s), *s)\n"
    "        i+=1\n"
    "for v in [(2,0),(3,0)]:\n"
    "  with open(f'{d}/v{v[0]}.npy','wb') as f: F.write_array(f, np.arange(6.0).reshape(2,3), "
    "version=v)\n";

static void run_gen(char **listing) {
    char script[4096];
    snprintf(script, sizeof script, GEN, dir);
    *listing = nd_test_python(script);
    ck_assert_ptr_nonnull(*listing);
}

static char *slurp(const char *path, size_t *len) {
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    *len = fread(b, 1, (size_t)n, f);
    fclose(f);
    return b;
}

START_TEST(numpy_files_load_and_save_identically) {
    char *listing;
    run_gen(&listing);
    char *p = listing;
    int cases = 0;
    for (;;) {
        char *line_end;
        long i = strtol(p, &line_end, 10);
        if (line_end == p) break;
        p = line_end;
        int t = (int)strtol(p, &p, 10), fo = (int)strtol(p, &p, 10), be = (int)strtol(p, &p, 10);
        int nd = (int)strtol(p, &p, 10);
        int64_t shape[8];
        for (int k = 0; k < nd; k++) shape[k] = strtoll(p, &p, 10);
        char path[256];
        snprintf(path, sizeof path, "%s/case%ld.npy", dir, i);
        nd_array *a = nd_load_npy(path);
        ck_assert_msg(a != NULL, "case %ld: %s", i, nd_last_error_message());
        ck_assert_int_eq(nd_get_dtype(a), t);
        ck_assert_int_eq(nd_ndim(a), nd);
        for (int k = 0; k < nd; k++) ck_assert_int_eq(nd_shape(a)[k], shape[k]);
        if (fo && nd_size(a) > 1) ck_assert(nd_is_f_contiguous(a));
        nd_array *c = nd_copy(a);
        size_t blen;
        snprintf(path, sizeof path, "%s/case%ld.bin", dir, i);
        char *want = slurp(path, &blen);
        ck_assert_int_eq((int64_t)blen, nd_nbytes(c));
        ck_assert_msg(blen == 0 || memcmp(want, nd_data(c), blen) == 0, "case %ld: data differs",
                      i);
        free(want);
        if (!be) { /* nd writes little-endian; NumPy kept the file's order */
            char out[256];
            snprintf(out, sizeof out, "%s/out%ld.npy", dir, i);
            ck_assert_int_eq(nd_save_npy(out, a), ND_OK);
            size_t l1, l2;
            snprintf(path, sizeof path, "%s/case%ld.npy", dir, i);
            char *x = slurp(path, &l1), *y = slurp(out, &l2);
            ck_assert_msg(l1 == l2 && memcmp(x, y, l1) == 0,
                          "case %ld: saved file differs from numpy.save", i);
            free(x), free(y);
            void *mem;
            size_t mlen;
            ck_assert_int_eq(nd_npy_to_bytes(a, &mem, &mlen), ND_OK);
            if (nd_is_c_contiguous(a)) { /* the header alone: numpy.save's first bytes */
                void *h;
                size_t hl;
                ck_assert_int_eq(nd_npy_header(a, &h, &hl), ND_OK);
                ck_assert_msg(hl + (size_t)nd_nbytes(a) == mlen && memcmp(h, mem, hl) == 0,
                              "case %ld: nd_npy_header differs", i);
                free(h);
            }
            nd_array *back = nd_npy_from_bytes(mem, mlen);
            ck_assert_ptr_nonnull(back);
            bool eq;
            nd_array_equal(a, back, true, &eq);
            ck_assert(eq);
            free(mem);
            nd_release(back);
        }
        nd_release(a), nd_release(c);
        cases++;
    }
    ck_assert_int_ge(cases, 200);
    free(listing);
    for (int v = 2; v <= 3; v++) {
        char path[256];
        snprintf(path, sizeof path, "%s/v%d.npy", dir, v);
        nd_array *a = nd_load_npy(path);
        ck_assert_msg(a != NULL, "version %d: %s", v, nd_last_error_message());
        ck_assert(nd_get_f64(a, (int64_t[]){1, 2}) == 5.0);
        nd_release(a);
    }
}
END_TEST

/* Writes a file: a v1 header text (padded by this function) then data. */
static void write_npy(const char *path, const char *dict, size_t data_bytes, int major,
                      uint32_t lie) {
    FILE *f = fopen(path, "wb");
    size_t dl = strlen(dict), pre = major == 1 ? 10 : 12, hl = dl + 1;
    size_t pad = 64 - (pre + hl) % 64;
    fwrite("\x93NUMPY", 1, 6, f);
    fputc(major, f);
    fputc(0, f);
    uint32_t h = lie ? lie : (uint32_t)(hl + pad);
    for (size_t i = 0; i < pre - 8; i++) fputc((int)(h >> (8 * i)) & 0xff, f);
    fwrite(dict, 1, dl, f);
    for (size_t i = 0; i < pad; i++) fputc(' ', f);
    fputc('\n', f);
    for (size_t i = 0; i < data_bytes; i++) fputc(0, f);
    fclose(f);
}

START_TEST(malformed_files_fail_cleanly) {
    static const struct {
        const char *dict;
        size_t data;
        int major;
        uint32_t lie;
        const char *msg;
    } bad[] = {
        {"{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", 16, 1, 0, "the file holds"},
        {"{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", 24, 1, 0xFFF0, "large"},
        {"{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", 24, 2, 0xFFFFFFF0u, "large"},
        {"{'descr': '<f8', 'fortran_order': False, }", 24, 1, 0, "missing 'shape'"},
        {"{'descr': '<f8', 'fortran_order': False, 'shape': (3,), 'extra': 1, }", 24, 1, 0,
         "unexpected key"},
        {"{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", 24, 1, 0,
         "duplicate"},
        {"{'descr': '|O', 'fortran_order': False, 'shape': (3,), }", 24, 1, 0, "pickled"},
        {"{'descr': '<f16', 'fortran_order': False, 'shape': (3,), }", 24, 1, 0, "descr"},
        {"{'descr': '<f8', 'fortran_order': 1, 'shape': (3,), }", 24, 1, 0, "fortran_order"},
        {"{'descr': '<f8', 'fortran_order': False, 'shape': (-3,), }", 24, 1, 0, "shape"},
        {"{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999,), }", 24, 1, 0,
         "overflow"},
        {"{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296), }", 24, 1, 0,
         "overflow"},
        {"{'descr': '<f8', 'fortran_order': False, 'shape': (3,) }x", 24, 1, 0, "Cannot parse"},
        {"['descr']", 24, 1, 0, "dictionary"},
        {"{'descr': '<f8', 'fortran_order': False, 'shape': (3,), '\xc3\xa9': 1}", 24, 1, 0,
         "non-ASCII"},
    };
    char path[256];
    snprintf(path, sizeof path, "%s/bad.npy", dir);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        write_npy(path, bad[i].dict, bad[i].data, bad[i].major, bad[i].lie);
        long live = nd_debug_live_allocs();
        ck_assert_msg(nd_load_npy(path) == NULL, "case %zu loaded", i);
        ck_assert_msg(
            nd_last_error() == ND_ERR_FORMAT && strstr(nd_last_error_message(), bad[i].msg),
            "case %zu: %s %s", i, nd_status_name(nd_last_error()), nd_last_error_message());
        nd_clear_error();
        ck_assert_ptr_null(nd_load_npy_mmap(path, "r"));
        ck_assert_nd_error(ND_ERR_FORMAT);
        ck_assert_int_eq(nd_debug_live_allocs(), live);
    }
    /* wrong magic, truncated header, unknown version */
    FILE *f = fopen(path, "wb");
    fwrite("\x93NUMPX\x01\x00", 1, 8, f);
    fclose(f);
    ck_assert_ptr_null(nd_load_npy(path));
    ck_assert_nd_error(ND_ERR_FORMAT);
    f = fopen(path, "wb");
    fwrite("\x93NUMPY\x01\x00\x40\x00{'des", 1, 15, f);
    fclose(f);
    ck_assert_ptr_null(nd_load_npy(path));
    ck_assert_nd_error(ND_ERR_FORMAT);
    f = fopen(path, "wb");
    fwrite("\x93NUMPY\x04\x00\x40\x00{'des", 1, 15, f);
    fclose(f);
    ck_assert_ptr_null(nd_load_npy(path));
    ck_assert_nd_error(ND_ERR_FORMAT);
    ck_assert_ptr_null(nd_load_npy("/nonexistent/x.npy"));
    ck_assert_nd_error(ND_ERR_IO);
    ck_assert_ptr_null(nd_npy_from_bytes("\x93NUMPY", 6));
    ck_assert_nd_error(ND_ERR_FORMAT);
}
END_TEST

START_TEST(failed_save_leaves_no_file) {
    nd_array *a = nd_ones(ND_FLOAT64, 1, (int64_t[]){4});
    ck_assert_int_eq(nd_save_npy("/nonexistent/dir/x.npy", a), ND_ERR_IO);
    nd_clear_error();
    char path[256];
    snprintf(path, sizeof path, "%s/keep.npy", dir);
    ck_assert_int_eq(nd_save_npy(path, a), ND_OK);
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0666 & ~(unsigned)umask(022)); /* as open() would make it */
    /* strided input is saved as its C-order copy */
    nd_array *b = nd_wrap(nd_data(a), ND_FLOAT64, 1, (int64_t[]){2}, (int64_t[]){16}, NULL, NULL);
    ck_assert_int_eq(nd_save_npy(path, b), ND_OK);
    nd_array *c = nd_load_npy(path);
    ck_assert_int_eq(nd_size(c), 2);
    nd_release(a), nd_release(b), nd_release(c);
}
END_TEST

START_TEST(mmap_modes) {
    char *listing;
    run_gen(&listing);
    free(listing);
    char path[256];
    snprintf(path, sizeof path, "%s/m.npy", dir);
    double vals[12];
    for (int i = 0; i < 12; i++) vals[i] = i;
    nd_array *src = nd_from_buffer(ND_FLOAT64, 1, (int64_t[]){12}, vals);
    nd_array *m = nd_from_buffer(ND_FLOAT64, 2, (int64_t[]){3, 4}, vals);
    nd_array *f = nd_copy_order(m, ND_ORDER_F);
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(nd_save_npy(path, f), ND_OK);
    nd_array *r = nd_load_npy_mmap(path, "r");
    ck_assert_ptr_nonnull(r);
    ck_assert(nd_is_f_contiguous(r) && !nd_is_writeable(r));
    ck_assert(nd_get_f64(r, (int64_t[]){2, 3}) == 11.0);
    ck_assert_int_eq(nd_set_f64(r, (int64_t[]){0, 0}, 5.0), ND_ERR_VALUE);
    nd_clear_error();
    nd_array *view = nd_real(r); /* a view: keeps the mapping alive after r goes */
    nd_array *c = nd_load_npy_mmap(path, "c");
    ck_assert_int_eq(nd_set_f64(c, (int64_t[]){0, 0}, 5.0), ND_OK);
    nd_release(c);
    nd_array *again = nd_load_npy(path);
    ck_assert(nd_get_f64(again, (int64_t[]){0, 0}) == 0.0); /* copy-on-write stayed private */
    nd_release(r);
    ck_assert(nd_get_f64(view, (int64_t[]){1, 1}) == 5.0);
    ck_assert_ptr_null(nd_load_npy_mmap(path, "w"));
    ck_assert_nd_error(ND_ERR_VALUE);
    snprintf(path, sizeof path, "%s/case1.npy", dir); /* case1: bool (0,), case 3 big-endian */
    nd_array *e = nd_load_npy_mmap(path, "r");
    ck_assert_ptr_nonnull(e);
    nd_release(e);
    nd_release(src), nd_release(m), nd_release(f), nd_release(view), nd_release(again);
}
END_TEST

/* Memory read-only at its root stays read-only through every view (NumPy:
   "cannot set WRITEABLE flag to True of this array"); memory nd merely
   marked read-only can be made writeable again. */
static const double table[4] = {1, 2, 3, 4};

START_TEST(readonly_roots_refuse_writeable) {
    char path[256];
    snprintf(path, sizeof path, "%s/ro.npy", dir);
    nd_array *src = nd_from_buffer(ND_FLOAT64, 1, (int64_t[]){4}, table);
    ck_assert_int_eq(nd_save_npy(path, src), ND_OK);
    nd_array *r = nd_load_npy_mmap(path, "r");
    nd_array *w = nd_wrap_readonly(table, ND_FLOAT64, 1, (int64_t[]){4}, NULL, NULL, NULL);
    ck_assert_ptr_nonnull(r);
    ck_assert_ptr_nonnull(w);
    nd_array *roots[] = {r, w};
    for (int k = 0; k < 2; k++) {
        nd_array *v = nd_slice(roots[k], "1:"), *t = nd_reshape(roots[k], 2, (int64_t[]){2, 2});
        nd_array *forms[] = {roots[k], v, t};
        for (int i = 0; i < 3; i++) {
            ck_assert(!nd_is_writeable(forms[i]));
            ck_assert_int_eq(nd_set_writeable(forms[i], true), ND_ERR_VALUE);
            ck_assert_ptr_nonnull(strstr(nd_last_error_message(), "WRITEABLE"));
            nd_clear_error();
            ck_assert(!nd_is_writeable(forms[i]));
            ck_assert_int_eq(nd_set_f64(forms[i], (int64_t[]){0, 0}, 9.0), ND_ERR_VALUE);
            nd_clear_error();
            ck_assert_int_eq(nd_set_writeable(forms[i], false), ND_OK);
        }
        /* a copy owns fresh memory */
        nd_array *c = nd_copy(v);
        ck_assert(nd_is_writeable(c));
        nd_release(c), nd_release(v), nd_release(t);
    }
    ck_assert(nd_get_f64(r, (int64_t[]){3}) == 4.0 && table[0] == 1.0);
    /* copy-on-write maps and ordinary wrapped memory: the flag comes back */
    nd_array *c = nd_load_npy_mmap(path, "c");
    double mine[2] = {0, 0};
    nd_array *u = nd_wrap(mine, ND_FLOAT64, 1, (int64_t[]){2}, NULL, NULL, NULL);
    nd_array *back[] = {c, u, src};
    for (int i = 0; i < 3; i++) {
        ck_assert_int_eq(nd_set_writeable(back[i], false), ND_OK);
        ck_assert(!nd_is_writeable(back[i]));
        ck_assert_int_eq(nd_set_writeable(back[i], true), ND_OK);
        ck_assert_int_eq(nd_set_f64(back[i], (int64_t[]){1}, 7.0), ND_OK);
    }
    ck_assert(mine[1] == 7.0);
    nd_release(r), nd_release(w), nd_release(c), nd_release(u), nd_release(src);
    nd_array *again = nd_load_npy(path); /* the "c" write stayed private */
    ck_assert(nd_get_f64(again, (int64_t[]){1}) == 2.0);
    nd_release(again);
}
END_TEST

int main(void) {
    if (!mkdtemp(dir)) return EXIT_FAILURE;
    Suite *s = suite_create("npy");
    TCase *tc = tcase_create("npy");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, numpy_files_load_and_save_identically);
    tcase_add_test(tc, malformed_files_fail_cleanly);
    tcase_add_test(tc, failed_save_leaves_no_file);
    tcase_add_test(tc, mmap_modes);
    tcase_add_test(tc, readonly_roots_refuse_writeable);
    suite_add_tcase(s, tc);
    int rc = nd_test_run(s);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0) rc = EXIT_FAILURE;
    return rc;
}
