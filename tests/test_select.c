/* nd/select.h against NumPy 1.24: tests/select_ref.py prints the inputs
   (which this file builds its arrays from) and NumPy's results; each test
   compares nd's dtype, shape and values (exactly: these functions only
   move, compare and count elements), its error status where NumPy raises,
   and its text or type where NumPy answers with one. */
#include <math.h>

#include "nd_test.h"

static char *ref;

static const char *ref_line(const char *key) {
    return nd_test_ref_line(&ref, ND_TESTS_DIR "/select_ref.py", key);
}

static nd_array *parse(const char *p, const char *what) { return nd_test_ref_array(p, what); }

/* The input array NAME of select_ref.py (a new reference). */
static nd_array *in(const char *name) {
    char key[64];
    snprintf(key, sizeof key, "in:%s", name);
    return parse(ref_line(key), name);
}

/* NumPy's exception name -> nd's status. */
static nd_status status_of(const char *exc) {
    static const struct {
        const char *name;
        nd_status s;
    } map[] = {{"ValueError", ND_ERR_VALUE},
               {"TypeError", ND_ERR_DTYPE},
               {"IndexError", ND_ERR_INDEX},
               {"AxisError", ND_ERR_AXIS},
               {"TooHardError", ND_ERR_UNSUPPORTED}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (!strncmp(exc, map[i].name, strlen(map[i].name))) return map[i].s;
    ck_abort_msg("unmapped exception %s", exc);
    return ND_OK;
}

/* nd failed (or succeeded) as NumPy did; true when NumPy has a value. */
static bool agree_on_error(const char *key, bool failed) {
    const char *p = ref_line(key);
    if (*p == '!') {
        ck_assert_msg(failed, "%s: NumPy raises %.20s, nd succeeded", key, p + 1);
        nd_status want = status_of(p + 1);
        ck_assert_msg(nd_last_error() == want, "%s: NumPy raises %.*s, nd %s: %s", key,
                      (int)strcspn(p + 1, "\n"), p + 1, nd_status_name(nd_last_error()),
                      nd_last_error_message());
        nd_clear_error();
        return false;
    }
    ck_assert_msg(!failed, "%s: nd failed: %s", key, nd_last_error_message());
    return true;
}

/* Compares r (released) with NumPy's array: dtype, shape, values (NaN
   equal NaN), |x - ref| <= tol * max(1, |ref|) (exactly when tol is 0). */
static void check_tol(const char *key, nd_array *r, double tol) {
    if (!agree_on_error(key, r == NULL)) return;
    nd_array *want = parse(ref_line(key), key);
    ck_assert_msg(nd_get_dtype(r) == nd_get_dtype(want), "%s: dtype %s, NumPy %s", key,
                  nd_dtype_name(nd_get_dtype(r)), nd_dtype_name(nd_get_dtype(want)));
    ck_assert_msg(nd_ndim(r) == nd_ndim(want), "%s: ndim %d, NumPy %d", key, nd_ndim(r),
                  nd_ndim(want));
    for (int i = 0; i < nd_ndim(r); i++)
        ck_assert_msg(nd_shape(r)[i] == nd_shape(want)[i], "%s: shape[%d] %lld, NumPy %lld", key, i,
                      (long long)nd_shape(r)[i], (long long)nd_shape(want)[i]);
    nd_array *x = nd_astype(r, ND_COMPLEX128), *y = nd_astype(want, ND_COMPLEX128);
    const nd_complex128 *xv = nd_data(x), *yv = nd_data(y);
    for (int64_t i = 0; i < nd_size(x); i++) {
        double scale = fmax(1, hypot(yv[i].re, yv[i].im)) * tol;
        bool same = (xv[i].re == yv[i].re || fabs(xv[i].re - yv[i].re) <= scale ||
                     (isnan(xv[i].re) && isnan(yv[i].re))) &&
                    (xv[i].im == yv[i].im || fabs(xv[i].im - yv[i].im) <= scale ||
                     (isnan(xv[i].im) && isnan(yv[i].im)));
        ck_assert_msg(same, "%s: element %lld is %g%+gj, NumPy %g%+gj", key, (long long)i, xv[i].re,
                      xv[i].im, yv[i].re, yv[i].im);
    }
    nd_release(x), nd_release(y), nd_release(want), nd_release(r);
}

static void check(const char *key, nd_array *r) { check_tol(key, r, 0); }

/* Compares a status-returning call that left its result in *arr. */
static void check_inplace(const char *key, int status, nd_array *arr) {
    if (agree_on_error(key, status != ND_OK)) check(key, nd_retain(arr));
}

/* Compares text with NumPy's "=text" answer. */
static void check_text(const char *key, const char *got) {
    if (!agree_on_error(key, got == NULL)) return;
    const char *p = ref_line(key);
    ck_assert_msg(*p == '=', "%s: NumPy gave no text", key);
    size_t n = strcspn(p + 1, "\n");
    ck_assert_msg(strlen(got) == n && !strncmp(got, p + 1, n), "%s: nd \"%s\", NumPy \"%.*s\"", key,
                  got, (int)n, p + 1);
}

static void check_bool(const char *key, int status, bool v) {
    if (agree_on_error(key, status != ND_OK)) check_text(key, v ? "1" : "0");
}

/* ---- selection ---- */

static nd_array *neg(const nd_array *x, void *user) {
    (void)user;
    return nd_negative(x, NULL);
}
static nd_array *twice(const nd_array *x, void *user) {
    (void)user;
    nd_array *two = nd_lit_i64(2), *r = nd_multiply(x, two, NULL);
    nd_release(two);
    return r;
}
static nd_array *times15(const nd_array *x, void *user) {
    (void)user;
    nd_array *k = nd_lit_f64(1.5), *r = nd_multiply(x, k, NULL);
    nd_release(k);
    return r;
}

START_TEST(choose_select) {
    nd_array *ix = in("ix"), *ixbad = in("ixbad"), *ixf = in("ixf"), *c0 = in("c0"), *c1 = in("c1"),
             *c2 = in("c2");
    nd_array *ch[] = {c0, c1, c2}, *chi[] = {c0, c2, c0}, *cf[] = {c1, c1};
    check("choose", nd_choose(ix, 3, ch, NULL, ND_CHOOSE_RAISE));
    check("choose_int", nd_choose(ix, 3, chi, NULL, ND_CHOOSE_RAISE));
    check("choose_raise", nd_choose(ixbad, 3, ch, NULL, ND_CHOOSE_RAISE));
    check("choose_wrap", nd_choose(ixbad, 3, ch, NULL, ND_CHOOSE_WRAP));
    check("choose_clip", nd_choose(ixbad, 3, ch, NULL, ND_CHOOSE_CLIP));
    check("choose_float", nd_choose(ixf, 2, cf, NULL, ND_CHOOSE_RAISE));
    /* out: written and returned; a wrong shape is an error */
    nd_array *out = nd_zeros(ND_FLOAT64, 2, (int64_t[]){2, 3});
    ck_assert_ptr_eq(nd_choose(ix, 3, ch, out, ND_CHOOSE_RAISE), out);
    check("choose", nd_retain(out));
    nd_release(out);
    out = nd_zeros(ND_FLOAT64, 1, (int64_t[]){3});
    ck_assert_ptr_null(nd_choose(ix, 3, ch, out, ND_CHOOSE_RAISE));
    ck_assert_nd_error(ND_ERR_SHAPE);
    ck_assert_ptr_null(nd_choose(ix, 0, ch, NULL, ND_CHOOSE_RAISE));
    ck_assert_nd_error(ND_ERR_VALUE);
    nd_release(out);

    nd_array *x = in("x"), *xneg = in("xneg"), *xbig = in("xbig"), *xmid = in("xmid"),
             *ih = in("ih"), *two = nd_lit_i64(2), *x2 = nd_multiply(x, two, NULL),
             *m1 = nd_lit_i64(-1);
    nd_array *c_a[] = {xneg, xbig}, *v_a[] = {x2, ih}, *c_b[] = {xneg, xmid}, *v_b[] = {ih, x},
             *v_c[] = {ih, c2}, *c_x[] = {x};
    check("select", nd_select(2, c_a, v_a, m1));
    check("select0", nd_select(2, c_b, v_b, NULL));
    check("select_int", nd_select(2, c_b, v_c, NULL));
    check("select_badcond", nd_select(1, c_x, c_x, NULL));
    ck_assert_ptr_null(nd_select(0, c_x, c_x, NULL));
    ck_assert_nd_error(ND_ERR_VALUE);

    nd_piecewise_fn f_nt[] = {neg, twice}, f_15[] = {times15}, f_3[] = {neg, neg, neg};
    check("piecewise", nd_piecewise(x, 2, c_a, 2, f_nt, NULL));
    check("piecewise_else", nd_piecewise(x, 1, c_a, 2, f_nt, NULL));
    nd_array *xi = in("xi"), *xi_big = in("xi_big"), *c_i[] = {xi_big}, *c_o[] = {xmid, xbig};
    check("piecewise_int", nd_piecewise(xi, 1, c_i, 1, f_15, NULL));
    check("piecewise_overlap", nd_piecewise(x, 2, c_o, 2, f_nt, NULL));
    check("piecewise_nfunc", nd_piecewise(x, 1, c_a, 3, f_3, NULL));

    nd_array *rel[] = {ix,   ixbad, ixf, c0,  c1, c2, x,  xneg,
                       xbig, xmid,  ih,  two, x2, m1, xi, xi_big};
    for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) nd_release(rel[i]);
}
END_TEST

/* A copy of a (or of its transposed view when t), for the in-place calls. */
typedef int (*put_fn)(nd_array *, const nd_array *, const nd_array *);
static void put_case(const char *key, put_fn f, const char *a, const char *m, const char *v,
                     bool t) {
    nd_array *base = in(a), *mask = in(m), *vals = in(v);
    nd_array *dst = t ? nd_transpose(base, NULL) : nd_retain(base);
    int s = f(dst, mask, vals);
    check_inplace(key, s, base);
    nd_release(dst), nd_release(base), nd_release(mask), nd_release(vals);
}

START_TEST(extract_place_equiv) {
    nd_array *a34 = in("a34"), *m34 = in("m34"), *i12 = in("i12"), *a5 = in("a5");
    check("extract", nd_extract(m34, a34));
    check("extract_int", nd_extract(i12, a34));
    check("extract_short", nd_extract(m34, a5));
    put_case("place", nd_place, "a34", "m34", "vals", false);
    put_case("place_t", nd_place, "a34", "mt", "vals", true);
    put_case("place_int", nd_place, "i12", "m34", "vals", false);
    put_case("place_empty", nd_place, "a34", "m34", "empty", false);
    put_case("place_size", nd_place, "a34", "xneg", "vals", false);
    put_case("putmask", nd_putmask, "a34", "m34", "vals3", false);
    put_case("putmask_t", nd_putmask, "a34", "mt", "vals3", true);
    put_case("putmask_int", nd_putmask, "i12", "i12", "vals", false);
    put_case("putmask_empty", nd_putmask, "a34", "m34", "empty", false);
    put_case("putmask_size", nd_putmask, "a34", "xneg", "vals", false);
    put_case("putmask_full", nd_putmask, "a34", "m34", "vals12", false);
    put_case("putmask_one", nd_putmask, "a34", "m34", "one", false);
    put_case("putmask_i32", nd_putmask, "a100", "m100", "v100", false);
    put_case("putmask_u8", nd_putmask, "u100", "m100", "u9", false);
    put_case("place_cycle", nd_place, "a100", "m100", "v7", false);
    put_case("place_long", nd_place, "a100", "m100", "v100", false);
    put_case("place_one", nd_place, "z100", "m100", "one", false);
    put_case("place_u8", nd_place, "u100", "m100", "v7u8", false);
    { /* values that are a's own elements, reversed: read before written */
        nd_array *z = in("z100"), *m = in("m100"), *zr = nd_flip(z, 0);
        check_inplace("putmask_c128", nd_putmask(z, m, zr), z);
        nd_release(z), nd_release(m), nd_release(zr);
    }
    /* a read-only array is refused */
    nd_set_writeable(a34, false);
    nd_array *v = in("vals");
    ck_assert_int_eq(nd_place(a34, m34, v), ND_ERR_VALUE);
    nd_clear_error();
    static const char *const eq[][3] = {{"equiv1", "r2", "r22"},
                                        {"equiv2", "r2", "r13"},
                                        {"equiv3", "r21", "r22"},
                                        {"equiv4", "r2", "r21"}};
    for (size_t i = 0; i < sizeof eq / sizeof eq[0]; i++) {
        nd_array *p = in(eq[i][1]), *q = in(eq[i][2]);
        bool r = true;
        int s = nd_array_equiv(p, q, &r);
        check_bool(eq[i][0], s, r);
        nd_release(p), nd_release(q);
    }
    nd_release(a34), nd_release(m34), nd_release(i12), nd_release(a5), nd_release(v);
}
END_TEST

START_TEST(bits) {
    nd_array *pb = in("pb"), *pbi = in("pbi"), *a34 = in("a34"), *ub = in("ub");
    check("packbits", nd_packbits(pb, ND_AXIS_ALL, true));
    check("packbits_ax1", nd_packbits(pb, 1, false));
    check("packbits_ax0", nd_packbits(pbi, 0, true));
    check("packbits_float", nd_packbits(a34, ND_AXIS_ALL, true));
    check("packbits_axis", nd_packbits(pb, 2, true));
    check("unpackbits", nd_unpackbits(ub, ND_AXIS_ALL, ND_UNPACK_ALL, true));
    check("unpackbits_ax1", nd_unpackbits(ub, 1, 5, true));
    check("unpackbits_ax0", nd_unpackbits(ub, 0, ND_UNPACK_ALL, false));
    check("unpackbits_neg", nd_unpackbits(ub, 1, -3, true));
    check("unpackbits_pad", nd_unpackbits(ub, 1, 30, true));
    check("unpackbits_toomany", nd_unpackbits(ub, 1, -25, true));
    check("unpackbits_dtype", nd_unpackbits(pbi, ND_AXIS_ALL, ND_UNPACK_ALL, true));
    /* the round trip, a property: unpack(pack(x)) is x != 0 padded */
    nd_array *p = nd_packbits(pb, 1, false), *u = nd_unpackbits(p, 1, 10, false),
             *pbu = nd_astype(pb, ND_UINT8);
    bool same = false;
    ck_assert_int_eq(nd_array_equal(u, pbu, false, &same), ND_OK);
    ck_assert(same);
    nd_release(p), nd_release(u), nd_release(pbu);
    nd_release(pb), nd_release(pbi), nd_release(a34), nd_release(ub);
}
END_TEST

START_TEST(sets) {
    nd_array *s1 = in("s1"), *s2 = in("s2"), *s3 = in("s3"), *s4 = in("s4"), *u1 = in("u1"),
             *u2 = in("u2"), *zc = in("zc");
    check("union", nd_union1d(s1, s2));
    check("union_f", nd_union1d(s3, s4));
    nd_array *v = NULL, *i1 = NULL, *i2 = NULL;
    int s = nd_intersect1d(s1, s2, false, &v, &i1, &i2);
    ck_assert_int_eq(s, ND_OK);
    check("intersect.0", v), check("intersect.1", i1), check("intersect.2", i2);
    s = nd_intersect1d(s3, s4, false, &v, &i1, &i2);
    ck_assert_int_eq(s, ND_OK);
    check("intersect_f.0", v), check("intersect_f.1", i1), check("intersect_f.2", i2);
    s = nd_intersect1d(u1, u2, true, &v, &i1, &i2);
    ck_assert_int_eq(s, ND_OK);
    check("intersect_u.0", v), check("intersect_u.1", i1), check("intersect_u.2", i2);
    s = nd_intersect1d(s1, s4, false, &v, NULL, NULL);
    check_inplace("intersect_mix", s, v);
    nd_release(v);
    check("setdiff", nd_setdiff1d(s1, s2, false));
    check("setdiff_f", nd_setdiff1d(s4, s3, false));
    check("setdiff_u", nd_setdiff1d(u2, u1, true));
    check("setxor", nd_setxor1d(s1, s2, false));
    check("setxor_f", nd_setxor1d(s3, s4, false));
    check("setxor_u", nd_setxor1d(u1, u2, true));
    nd_array *s2i = nd_astype(s2, ND_INT16);
    check("sortc_i16", nd_sort_complex(s2i));
    check("sortc_f32", nd_sort_complex(s3));
    check("sortc_c", nd_sort_complex(zc));
    nd_release(s2i);
    nd_array *rel[] = {s1, s2, s3, s4, u1, u2, zc};
    for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) nd_release(rel[i]);
}
END_TEST

START_TEST(memory) {
    nd_array *b = in("b");
    /* select_ref.py's SH pairs, as nd slices ("b.T" is the transpose) */
    static const char *const sh[][2] = {
        {":,0", ":,1"},       {":,::2", ":,1::2"}, {"1:", ":2"},        {"::2", "1::2"}, {"T", "2"},
        {":,1::3", ":,2::3"}, {"::-1,::2", ":,3"}, {"1:3,1:2", "3:,:"}, {":0", ":"}};
    for (size_t i = 0; i < sizeof sh / sizeof sh[0]; i++) {
        nd_array *p = strcmp(sh[i][0], "T") ? nd_slice(b, sh[i][0]) : nd_transpose(b, NULL);
        nd_array *q = nd_slice(b, sh[i][1]);
        ck_assert_ptr_nonnull(p);
        ck_assert_ptr_nonnull(q);
        char key[32];
        bool r = false;
        snprintf(key, sizeof key, "shares%zu", i);
        int s = nd_shares_memory(p, q, -1, &r);
        check_bool(key, s, r);
        snprintf(key, sizeof key, "shares%zu_bounds", i);
        s = nd_shares_memory(p, q, 0, &r);
        check_bool(key, s, r);
        /* a generous bound decides as the exact search does */
        bool r2 = false;
        ck_assert_int_eq(nd_shares_memory(p, q, 1000, &r2), ND_OK);
        ck_assert_int_eq(nd_shares_memory(p, q, -1, &r), ND_OK);
        ck_assert(r == r2);
        /* may_share_memory is implied by shares_memory */
        if (r) ck_assert(nd_may_share_memory(p, q));
        nd_release(p), nd_release(q);
    }
    /* byte_bounds: [data, data + 24 * 8) for b, the reversed view's too */
    void *lo, *hi;
    ck_assert_int_eq(nd_byte_bounds(b, &lo, &hi), ND_OK);
    ck_assert_ptr_eq(lo, nd_data(b));
    ck_assert_ptr_eq(hi, (char *)nd_data(b) + 24 * 8);
    nd_array *r = nd_slice(b, "::-1, 1::2");
    ck_assert_int_eq(nd_byte_bounds(r, &lo, &hi), ND_OK);
    ck_assert_ptr_eq(lo, (char *)nd_data(b) + 8);
    ck_assert_ptr_eq(hi, (char *)nd_data(b) + 24 * 8);
    nd_release(r), nd_release(b);
}
END_TEST

/* An exhaustive property for the exact search: 1-D strided views of one
   buffer at every start, step and length against a brute-force byte scan. */
START_TEST(shares_brute_force) {
    nd_array *buf = nd_zeros(ND_INT16, 1, (int64_t[]){40});
    int bad = 0;
    for (int s1 = 0; s1 < 4; s1++)
        for (int st1 = 1; st1 <= 5; st1++)
            for (int s2 = 0; s2 < 6; s2++)
                for (int st2 = 2; st2 <= 7; st2++) {
                    char sp1[32], sp2[32];
                    snprintf(sp1, sizeof sp1, "%d:%d:%d", s1, s1 + 3 * st1 + 1, st1);
                    snprintf(sp2, sizeof sp2, "%d::%d", s2, st2);
                    nd_array *p = nd_slice(buf, sp1), *q = nd_slice(buf, sp2);
                    bool want = false, got = true;
                    for (int64_t i = 0; i < nd_shape(p)[0]; i++)
                        for (int64_t j = 0; j < nd_shape(q)[0]; j++)
                            want |= (char *)nd_data(p) + i * nd_strides(p)[0] ==
                                    (char *)nd_data(q) + j * nd_strides(q)[0];
                    ck_assert_int_eq(nd_shares_memory(p, q, -1, &got), ND_OK);
                    bad += want != got;
                    nd_release(p), nd_release(q);
                }
    ck_assert_int_eq(bad, 0);
    nd_release(buf);
}
END_TEST

/* ---- dtype helpers and text ---- */

START_TEST(dtype_helpers) {
    char key[32];
    for (int i = 0; i < 17; i++) {
        snprintf(key, sizeof key, "msv%d", i);
        nd_array *v = in(key);
        nd_array *z = nd_retain(v); /* 0-d, as NumPy's np.array(v) */
        snprintf(key, sizeof key, "mst%d", i);
        nd_dtype t = nd_min_scalar_type(z);
        check_text(key, nd_dtype_name(t));
        nd_release(v), nd_release(z);
    }
    nd_array *f32 = in("msf32"), *b = in("msb"), *vec = nd_zeros(ND_INT64, 1, (int64_t[]){1});
    check_text("mst_f32", nd_dtype_name(nd_min_scalar_type(f32)));
    check_text("mst_b", nd_dtype_name(nd_min_scalar_type(b)));
    check_text("mst_vec", nd_dtype_name(nd_min_scalar_type(vec)));
    nd_release(f32), nd_release(b), nd_release(vec);

    nd_array *i8 = in("ct_i8"), *f = in("ct_f32"), *h = in("ct_f16"), *c = in("ct_c64"),
             *bo = in("xneg");
    nd_array *l1[] = {i8, f}, *l2[] = {h}, *l3[] = {f, c}, *l4[] = {h, c}, *l5[] = {i8, c},
             *lb[] = {bo};
    check_text("common1", nd_dtype_name(nd_common_type(2, l1)));
    check_text("common2", nd_dtype_name(nd_common_type(1, l2)));
    check_text("common3", nd_dtype_name(nd_common_type(2, l3)));
    check_text("common4", nd_dtype_name(nd_common_type(2, l4)));
    check_text("common5", nd_dtype_name(nd_common_type(2, l5)));
    check_text("common0", nd_dtype_name(nd_common_type(0, NULL)));
    nd_dtype bt = nd_common_type(1, lb);
    check_text("common_bool", bt == ND_NUM_DTYPES ? NULL : nd_dtype_name(bt));
    nd_release(i8), nd_release(f), nd_release(h), nd_release(c), nd_release(bo);

    static const char *const mt[][2] = {{"idF", NULL},  {"fd", NULL},    {"Ff", NULL}, {"?", NULL},
                                        {"fg", "fdgF"}, {"bhf", "bhfd"}, {"", NULL}};
    for (int i = 0; i < 7; i++) {
        char got[2] = {nd_mintypecode(mt[i][0], mt[i][1], 'd'), 0};
        snprintf(key, sizeof key, "mintc%d", i);
        check_text(key, got);
    }

    char sub[22 * 22 + 1], subs[14 * 22 + 1], chars[15], maxs[256] = "", tn[512] = "";
    int codes[22];
    for (int i = 0; i < 14; i++) codes[i] = i;
    for (int i = 0; i < 8; i++) codes[14 + i] = ND_GENERIC + i;
    for (int i = 0; i < 22; i++)
        for (int j = 0; j < 22; j++) {
            nd_status st = ND_ERR_VALUE;
            sub[i * 22 + j] = nd_issubdtype(codes[i], codes[j], &st) ? '1' : '0';
            ck_assert_int_eq(st, ND_OK);
            if (i < 14) subs[i * 22 + j] = sub[i * 22 + j];
        }
    sub[22 * 22] = 0, subs[14 * 22] = 0;
    check_text("issubdtype", sub);
    check_text("issubsctype", subs);
    for (int i = 0; i < 14; i++) {
        chars[i] = nd_sctype2char((nd_dtype)i);
        /* NumPy's widest float is float128 on x86-64; nd's is float64 */
        int m = nd_maximum_sctype(i);
        const char *name = m == ND_FLOAT64      ? "float128"
                           : m == ND_COMPLEX128 ? "complex256"
                                                : nd_dtype_name(m);
        snprintf(maxs + strlen(maxs), sizeof maxs - strlen(maxs), "%s%s", i ? " " : "", name);
    }
    chars[14] = 0;
    check_text("sctype2char", chars);
    check_text("maximum_sctype", maxs);
    const char *tc = "?bBhHiIlLqQfdgFDGSUVO";
    for (const char *p = tc; *p; p++)
        snprintf(tn + strlen(tn), sizeof tn - strlen(tn), "%s%s", p == tc ? "" : "/",
                 nd_typename(*p));
    check_text("typename", tn);
    ck_assert_ptr_null(nd_typename('e'));
    ck_assert_nd_error(ND_ERR_VALUE);
    ck_assert(nd_issctype(ND_FLOATING) && nd_issctype(ND_BOOL) && !nd_issctype(ND_NUM_DTYPES));
    ck_assert_int_eq(nd_maximum_sctype(ND_INTEGER), ND_INTEGER);

    char objs[256] = "";
    const char *names[] = {"d", "f4", "int16", "F", "xx"};
    for (int i = 0; i < 5; i++) {
        nd_dtype t = nd_obj2sctype(names[i], ND_NUM_DTYPES);
        char one[48];
        if (t == ND_NUM_DTYPES)
            snprintf(one, sizeof one, "None");
        else
            snprintf(one, sizeof one, "<class 'numpy.%s'>", nd_dtype_name(t));
        snprintf(objs + strlen(objs), sizeof objs - strlen(objs), "%s%s", i ? " " : "", one);
    }
    ck_assert_int_eq(nd_last_error(), ND_OK); /* an unknown name is no error */
    check_text("obj2sctype", objs);
}
END_TEST

START_TEST(fabs_common) {
    static const char *const ts[] = {"bool",    "int8",    "uint8",   "int16",
                                     "uint16",  "int32",   "int64",   "uint64",
                                     "float16", "float32", "float64", "complex64"};
    char key[48];
    for (size_t i = 0; i < sizeof ts / sizeof ts[0]; i++) {
        snprintf(key, sizeof key, "fab_%s", ts[i]);
        nd_array *a = in(key);
        snprintf(key, sizeof key, "fabs_%s", ts[i]);
        check(key, nd_fabs(a, NULL));
        nd_release(a);
    }
    static const struct {
        int na, ns;
        nd_dtype a[2], s[2];
    } fc[] = {{1, 1, {ND_INT8}, {ND_FLOAT32}},
              {1, 1, {ND_FLOAT32}, {ND_INT64}},
              {2, 0, {ND_INT64, ND_UINT64}, {0}},
              {0, 2, {0}, {ND_INT8, ND_UINT8}},
              {1, 1, {ND_FLOAT16}, {ND_COMPLEX64}},
              {1, 1, {ND_UINT8}, {ND_INT8}},
              {1, 1, {ND_BOOL}, {ND_INT16}},
              {0, 0, {0}, {0}},
              {1, 1, {ND_FLOAT64}, {ND_COMPLEX64}},
              {2, 1, {ND_INT32, ND_FLOAT16}, {ND_BOOL}},
              {1, 2, {ND_UINT32}, {ND_FLOAT16, ND_INT8}},
              {2, 1, {ND_INT8, ND_UINT64}, {ND_COMPLEX64}}};
    for (size_t i = 0; i < sizeof fc / sizeof fc[0]; i++) {
        nd_dtype t = nd_find_common_type(fc[i].na, fc[i].a, fc[i].ns, fc[i].s);
        ck_assert_int_eq(nd_last_error(), ND_OK);
        snprintf(key, sizeof key, "fct%zu", i);
        check_text(key, t == ND_NUM_DTYPES ? "None" : nd_dtype_name(t));
    }
}
END_TEST

START_TEST(int_text) {
    static const struct {
        int64_t n;
        int w;
    } br[] = {{5, -1},
              {-5, -1},
              {0, -1},
              {0, 4},
              {5, 8},
              {-5, 8},
              {-8, 6},
              {-8, -1},
              {5, 2},
              {-5, 2},
              {(int64_t)1 << 62, -1},
              {INT64_MIN, -1},
              {INT64_MIN, 70},
              {INT64_MAX, 3}};
    char key[32];
    for (size_t i = 0; i < sizeof br / sizeof br[0]; i++) {
        char *s = nd_binary_repr(br[i].n, br[i].w);
        snprintf(key, sizeof key, "binrepr%zu", i);
        check_text(key, s);
        free(s);
    }
    static const struct {
        int64_t n;
        int base, pad;
    } bs[] = {{35, 36, 0},       {-35, 36, 3},  {0, 2, 0},  {0, 5, 3}, {255, 16, 0},
              {INT64_MIN, 2, 1}, {12345, 7, 2}, {5, 37, 0}, {5, 1, 0}};
    for (size_t i = 0; i < sizeof bs / sizeof bs[0]; i++) {
        char *s = nd_base_repr(bs[i].n, bs[i].base, bs[i].pad);
        snprintf(key, sizeof key, "baserepr%zu", i);
        check_text(key, s);
        free(s);
    }
}
END_TEST

/* The lower (lower) or upper triangle of an n x n C-order complex128 copy
   of c, the rest zero, as a new array of t. */
static nd_array *triangle(const nd_array *c, bool lower, nd_dtype t) {
    nd_array *z = nd_astype(c, ND_COMPLEX128), *r;
    nd_complex128 *v = nd_data(z);
    int64_t n = nd_shape(z)[0];
    for (int64_t i = 0; i < n; i++)
        for (int64_t j = 0; j < n; j++)
            if (lower ? j > i : j < i) v[i * n + j] = (nd_complex128){0, 0};
    r = nd_astype(z, t);
    nd_release(z);
    return r;
}

START_TEST(factorizations) {
    static const char *const mats[] = {"A", "Ac", "Ai", "R"};
    for (int i = 0; i < 4; i++) {
        nd_array *a = in(mats[i]), *lu = NULL, *piv = NULL;
        char key[32];
        ck_assert_int_eq(nd_lu_factor(a, &lu, &piv), ND_OK);
        snprintf(key, sizeof key, "lu_%s", mats[i]);
        check_tol(key, lu, 1e-14);
        snprintf(key, sizeof key, "piv_%s", mats[i]);
        check(key, piv);
        nd_release(a);
    }
    nd_array *A = in("A"), *B = in("B"), *b1 = in("b1"), *Ac = in("Ac"), *bc = in("bc"),
             *Ai = in("Ai"), *Af = in("Af"), *lu, *piv;
    ck_assert_int_eq(nd_lu_factor(A, &lu, &piv), ND_OK);
    /* one factorization, many solves */
    check_tol("lusolve_B0", nd_lu_solve(lu, piv, B, 0), 1e-13);
    check_tol("lusolve_B1", nd_lu_solve(lu, piv, B, 1), 1e-13);
    check_tol("lusolve_b0", nd_lu_solve(lu, piv, b1, 0), 1e-13);
    ck_assert_ptr_null(nd_lu_solve(lu, piv, bc, 0)); /* 3 rows for a 4 x 4 */
    ck_assert_nd_error(ND_ERR_VALUE);
    ck_assert_ptr_null(nd_lu_solve(lu, piv, B, 3));
    ck_assert_nd_error(ND_ERR_VALUE);
    nd_array *badpiv = nd_full(ND_INT32, 1, (int64_t[]){4}, 4);
    ck_assert_ptr_null(nd_lu_solve(lu, badpiv, B, 0));
    ck_assert_nd_error(ND_ERR_VALUE);
    nd_release(badpiv), nd_release(lu), nd_release(piv);
    ck_assert_int_eq(nd_lu_factor(Ac, &lu, &piv), ND_OK);
    check_tol("lusolve_c0", nd_lu_solve(lu, piv, bc, 0), 1e-13);
    check_tol("lusolve_c1", nd_lu_solve(lu, piv, bc, 1), 1e-13);
    check_tol("lusolve_c2", nd_lu_solve(lu, piv, bc, 2), 1e-13);
    nd_release(lu), nd_release(piv);
    nd_array *b3 = nd_slice(b1, ":3");
    ck_assert_int_eq(nd_lu_factor(Ai, &lu, &piv), ND_OK);
    check_tol("lusolve_i", nd_lu_solve(lu, piv, b3, 0), 1e-13);
    nd_release(lu), nd_release(piv);
    nd_array *b1f = nd_astype(b1, ND_FLOAT32);
    ck_assert_int_eq(nd_lu_factor(Af, &lu, &piv), ND_OK);
    check_tol("lusolve_f", nd_lu_solve(lu, piv, b1f, 0), 1e-5);
    nd_release(lu), nd_release(piv), nd_release(b1f), nd_release(b3);

    static const char *const spd[][3] = {{"S", "chol_S", "chosolve_S"},
                                         {"H", "chol_H", "chosolve_H"}};
    for (int i = 0; i < 2; i++) {
        nd_array *a = in(spd[i][0]), *rhs = i ? bc : B;
        for (int lower = 0; lower < 2; lower++) {
            nd_array *c = NULL;
            ck_assert_int_eq(nd_cho_factor(a, lower, &c), ND_OK);
            /* the factor's triangle is NumPy's L (or L^H), the other keeps a's entries */
            nd_array *tri = triangle(c, lower, nd_get_dtype(c));
            if (lower) {
                check_tol(spd[i][1], tri, 1e-14);
            } else {
                nd_array *t = nd_transpose(tri, NULL), *lh = nd_conj(t, NULL);
                check_tol(spd[i][1], lh, 1e-14);
                nd_release(t), nd_release(tri);
            }
            nd_array *rest = triangle(c, !lower, ND_COMPLEX128),
                     *arest = triangle(a, !lower, ND_COMPLEX128);
            int64_t n = nd_shape(a)[0];
            const nd_complex128 *x = nd_data(rest), *y = nd_data(arest);
            for (int64_t k = 0; k < n * n; k++)
                if (k / n != k % n) ck_assert(x[k].re == y[k].re && x[k].im == y[k].im);
            nd_release(rest), nd_release(arest);
            check_tol(spd[i][2], nd_cho_solve(c, lower, rhs), 1e-13);
            nd_release(c);
        }
        nd_release(a);
    }
    nd_array *npd = in("NPD"), *c = NULL;
    ck_assert_int_eq(nd_cho_factor(npd, true, &c), ND_ERR_LINALG);
    ck_assert_str_eq(nd_last_error_message(),
                     "nd_cho_factor: 2-th leading minor of the array is not positive definite");
    nd_clear_error();
    ck_assert_int_eq(nd_cho_factor(B, true, &c), ND_ERR_SHAPE);
    nd_clear_error();
    nd_release(npd);
    nd_array *rel[] = {A, B, b1, Ac, bc, Ai, Af};
    for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) nd_release(rel[i]);
}
END_TEST

/* Every entry point that allocates, under allocation failure: a clean
   ND_ERR_NOMEM, nothing leaked, and the walk reaches success. */
START_TEST(alloc_failures) {
    nd_array *ix = in("ix"), *c0 = in("c0"), *c1 = in("c1"), *x = in("x"), *xneg = in("xneg"),
             *xbig = in("xbig"), *a34 = in("a34"), *m34 = in("m34"), *vals = in("vals"),
             *pb = in("pb"), *ub = in("ub"), *s1 = in("s1"), *s2 = in("s2"), *r2 = in("r2"),
             *r22 = in("r22");
    nd_array *ch[] = {c0, c1}, *cs[] = {xneg, xbig}, *vs[] = {x, x};
    nd_piecewise_fn fs[] = {neg, twice, neg};
    nd_array *S = in("S"), *lu0 = NULL, *piv0 = NULL, *c0f = NULL;
    ck_assert_int_eq(nd_lu_factor(S, &lu0, &piv0), ND_OK);
    ck_assert_int_eq(nd_cho_factor(S, true, &c0f), ND_OK);
    for (int fn = 0; fn < 21; fn++) {
        long base = nd_debug_live_allocs();
        bool done = false;
        for (long nth = 1; !done && nth < 4000; nth++) {
            nd_array *cp = nd_copy(a34);
            nd_debug_fail_alloc(nth);
            nd_array *r = NULL, *r2a = NULL, *r3 = NULL;
            int st = ND_OK;
            char *txt = NULL;
            bool b = false, status_call = false;
            switch (fn) {
            case 0:
                r = nd_choose(ix, 2, ch, NULL, ND_CHOOSE_WRAP);
                break;
            case 1:
                r = nd_select(2, cs, vs, NULL);
                break;
            case 2:
                r = nd_piecewise(x, 2, cs, 3, fs, NULL);
                break;
            case 3:
                r = nd_extract(m34, a34);
                break;
            case 4:
                st = nd_place(cp, m34, vals), status_call = true;
                break;
            case 5:
                st = nd_putmask(cp, m34, vals), status_call = true;
                break;
            case 6:
                st = nd_array_equiv(r2, r22, &b), status_call = true;
                break;
            case 7:
                r = nd_packbits(pb, 0, false);
                break;
            case 8:
                r = nd_unpackbits(ub, 0, 5, true);
                break;
            case 9:
                r = nd_union1d(s1, s2);
                break;
            case 10:
                st = nd_intersect1d(s1, s2, false, &r, &r2a, &r3), status_call = true;
                break;
            case 11:
                r = nd_setdiff1d(s1, s2, false);
                break;
            case 12:
                r = nd_setxor1d(s1, s2, false);
                break;
            case 13:
                r = nd_sort_complex(s2);
                break;
            case 14:
                txt = nd_binary_repr(-5, 8), st = txt ? ND_OK : ND_ERR_NOMEM, status_call = true;
                break;
            case 15:
                txt = nd_base_repr(-35, 36, 3), st = txt ? ND_OK : ND_ERR_NOMEM, status_call = true;
                break;
            default:
                st = nd_shares_memory(a34, a34, -1, &b), status_call = true;
                break;
            }
            long made = nd_debug_fail_alloc(0);
            bool ok = status_call ? st == ND_OK : r != NULL;
            if (ok) {
                ck_assert_msg(made < nth, "case %d succeeded although allocation %ld failed", fn,
                              nth);
                done = true;
            } else {
                ck_assert_msg(nd_last_error() == ND_ERR_NOMEM,
                              "case %d: allocation %ld failed, got %s (%s)", fn, nth,
                              nd_status_name(nd_last_error()), nd_last_error_message());
                nd_clear_error();
            }
            if (r != NULL) nd_release(r);
            nd_release(r2a), nd_release(r3), nd_release(cp);
            free(txt);
            ck_assert_msg(nd_debug_live_allocs() == base, "case %d leaks at allocation %ld", fn,
                          nth);
        }
        ck_assert_msg(done, "case %d: the walk did not finish", fn);
    }
    nd_array *rel[] = {ix, c0, c1, x,  xneg, xbig, a34, m34,  vals, pb,
                       ub, s1, s2, r2, r22,  S,    lu0, piv0, c0f};
    for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) nd_release(rel[i]);
}
END_TEST

int main(void) {
    Suite *s = suite_create("select");
    TCase *tc = tcase_create("numpy");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, choose_select);
    tcase_add_test(tc, extract_place_equiv);
    tcase_add_test(tc, bits);
    tcase_add_test(tc, sets);
    tcase_add_test(tc, memory);
    tcase_add_test(tc, shares_brute_force);
    tcase_add_test(tc, dtype_helpers);
    tcase_add_test(tc, int_text);
    tcase_add_test(tc, fabs_common);
    tcase_add_test(tc, factorizations);
    tcase_add_test(tc, alloc_failures);
    suite_add_tcase(s, tc);
    int rc = nd_test_run(s);
    free(ref);
    return rc;
}
