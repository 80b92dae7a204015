/* Views against NumPy: nd_slice, nd_reshape, nd_transpose and
   nd_broadcast_to on generated cases must give NumPy's shape, strides, data
   offset and values (and whether reshape made a view); errors give the
   documented status and NumPy's message. */
#include "nd_test.h"

/* Base: arange(prod(shape)) as float64, C order. NumPy prints, per case:
   kind spec... -> result shape, strides, byte offset (or ERR), is-view. */
static const char *GEN =
    "import numpy as np\n"
    "rng=np.random.default_rng(11)\n"
    "def sl(n):\n"
    "  parts=[]\n"
    "  for _ in range(3):\n"
    "    parts.append('' if rng.random()<0.35 else str(int(rng.integers(-n-2,n+3))))\n"
    "  st=parts[2]\n"
    "  if st=='0': st='1'\n"
    "  return parts[0]+':'+parts[1]+('' if rng.random()<0.4 else ':'+st)\n"
    "def item(n):\n"
    "  r=rng.random()\n"
    "  if r<0.25: return str(int(rng.integers(-n,n))) if n>0 else ':'\n"
    "  if r<0.35: return 'None'\n"
    "  return sl(n)\n"
    "out=[]\n"
    "for case in range(1500):\n"
    "  nd=int(rng.integers(0,5)); shape=tuple(int(x) for x in rng.integers(0,6,nd))\n"
    "  a=np.arange(int(np.prod(shape)),dtype=np.float64).reshape(shape)\n"
    "  k=int(rng.integers(0,nd+2)) if nd else int(rng.integers(0,2))\n"
    "  items=[]; dims=list(shape)\n"
    "  for j in range(k): items.append(item(dims[j] if j<len(dims) else 1))\n"
    "  if rng.random()<0.3 and items: items.insert(int(rng.integers(0,len(items)+1)),'...')\n"
    "  spec=', '.join(items)\n"
    "  try:\n"
    "    v=eval('a['+spec+']') if spec else a[()]\n"
    "    scalar=not isinstance(v, np.ndarray)\n"
    "    v=np.asarray(v)\n"
    "    off=v.__array_interface__['data'][0]-a.__array_interface__['data'][0] if v.size and not scalar else 'N'\n"
    "    vals=' '.join(str(int(x)) for x in v.ravel()[:20])\n"
    "    print('S', nd, *shape, '|', spec, '|', v.ndim, *v.shape, '|', *v.strides, '|', off, '|', vals)\n"
    "  except IndexError as e:\n"
    "    print('S', nd, *shape, '|', spec, '| ERR')\n";

/* Builds the arange base of the given shape. */
static nd_array *base_of(int nd, const int64_t *shape) {
    int64_t n = 1;
    for (int i = 0; i < nd; i++) n *= shape[i];
    nd_array *flat = nd_arange(0, (double)n, 1, ND_FLOAT64);
    nd_array *a = nd_reshape(flat, nd, shape);
    nd_release(flat);
    return a;
}

static void read_ints(char **p, int64_t *v, int *n) {
    *n = 0;
    for (;;) {
        while (**p == ' ') (*p)++;
        if (**p == '|' || **p == '\n' || !**p) break;
        v[(*n)++] = strtoll(*p, p, 10);
    }
    if (**p == '|') (*p)++;
}

static void check_values(const nd_array *v, char **p) {
    int64_t vals[40];
    int nv;
    read_ints(p, vals, &nv);
    nd_array *c = nd_copy(v);
    for (int i = 0; i < nv; i++) ck_assert(((double *)nd_data(c))[i] == (double)vals[i]);
    nd_release(c);
}

START_TEST(slices_reshapes_transposes_match_numpy) {
    char *out = nd_test_python(GEN);
    ck_assert_ptr_nonnull(out);
    int nslice = 0, nerr = 0;
    for (char *line = out; *line;) {
        char *end = strchr(line, '\n');
        *end = '\0';
        char *p = line + 2;
        if (line[0] == 'S') {
            int64_t head[8], shape[8], want[8];
            int nh, ns, nw;
            read_ints(&p, head, &nh);
            for (int i = 0; i < head[0]; i++) shape[i] = head[1 + i];
            nd_array *a = base_of((int)head[0], shape);
            char spec[256];
            char *bar = strchr(p, '|');
            size_t sl = (size_t)(bar - p);
            memcpy(spec, p, sl);
            spec[sl] = '\0';
            p = bar + 1;
            nd_array *v = nd_slice(a, spec);
            if (strstr(p, "ERR")) {
                ck_assert_msg(v == NULL, "'%s' should fail", spec);
                ck_assert_nd_error(ND_ERR_INDEX);
                nerr++;
            } else {
                ck_assert_msg(v != NULL, "'%s': %s", spec, nd_last_error_message());
                read_ints(&p, want, &nw);
                ck_assert_int_eq(nd_ndim(v), want[0]);
                for (int i = 0; i < want[0]; i++) ck_assert_int_eq(nd_shape(v)[i], want[1 + i]);
                read_ints(&p, want, &ns);
                /* strides of an empty result describe no element; NumPy's
                   own vary (np.empty gives zeros, reshape C strides) */
                for (int i = 0; i < ns && nd_size(v) > 0; i++)
                    ck_assert_msg(nd_strides(v)[i] == want[i], "'%s' on %s stride %d: %lld vs %lld", spec, line, i, (long long)nd_strides(v)[i], (long long)want[i]);
                while (*p == ' ') p++;
                if (*p != 'N') ck_assert_int_eq((char *)nd_data(v) - (char *)nd_data(a), strtoll(p, &p, 10));
                p = strchr(p, '|') + 1;
                check_values(v, &p);
                nslice++;
            }
            nd_release(v), nd_release(a);
        }
        line = end + 1;
    }
    ck_assert_int_ge(nslice, 800);
    ck_assert_int_ge(nerr, 20);
    free(out);
}
END_TEST

/* Reshape of non-contiguous inputs: a view exactly when NumPy makes one,
   with NumPy's strides and values. */
static const char *GEN_RESHAPE =
    "import numpy as np\n"
    "rng=np.random.default_rng(5)\n"
    "for case in range(800):\n"
    "  nd=int(rng.integers(1,5)); shape=tuple(int(x) for x in rng.integers(1,5,nd))\n"
    "  a=np.arange(int(np.prod(shape)),dtype=np.float64).reshape(shape)\n"
    "  perm=[int(x) for x in rng.permutation(nd)]\n"
    "  step=1 if shape[0]<2 or rng.random()<0.6 else 2\n"
    "  b=a.transpose(perm)[::step]\n"
    "  n=b.size; dims=[]; m=n\n"
    "  for f in [2,3,2,1,5]:\n"
    "    if m%f==0 and rng.random()<0.6: dims.append(f); m//=f\n"
    "  dims.append(m); rng.shuffle(dims)\n"
    "  if rng.random()<0.3: dims[int(rng.integers(0,len(dims)))]=-1\n"
    "  r=b.reshape(dims)\n"
    "  print(nd, *shape, '|', *perm, '|', step, '|', *dims, '|', r.ndim, *r.shape, '|', *r.strides, '|', int(np.shares_memory(r,a)), '|', ' '.join(str(int(x)) for x in r.ravel()[:40]))\n";

START_TEST(reshape_view_or_copy_as_numpy) {
    char *out = nd_test_python(GEN_RESHAPE);
    ck_assert_ptr_nonnull(out);
    int cases = 0, views = 0;
    for (char *line = out; *line;) {
        char *end = strchr(line, '\n');
        *end = '\0';
        char *p = line;
        int64_t head[8], perm64[8], step[1], dims[8], want[8], strides[8], view[1];
        int nh, np_, n1, nd, nw, ns, nv;
        read_ints(&p, head, &nh);
        read_ints(&p, perm64, &np_);
        read_ints(&p, step, &n1);
        read_ints(&p, dims, &nd);
        read_ints(&p, want, &nw);
        read_ints(&p, strides, &ns);
        read_ints(&p, view, &nv);
        nd_array *a = base_of((int)head[0], head + 1);
        int perm[8];
        for (int i = 0; i < np_; i++) perm[i] = (int)perm64[i];
        nd_array *t = nd_transpose(a, perm);
        char spec[16];
        snprintf(spec, sizeof spec, "::%lld", (long long)step[0]);
        nd_array *b = nd_slice(t, spec);
        nd_array *r = nd_reshape(b, nd, dims);
        ck_assert_msg(r != NULL, "%s", nd_last_error_message());
        ck_assert_int_eq(nd_ndim(r), want[0]);
        for (int i = 0; i < want[0]; i++) ck_assert_int_eq(nd_shape(r)[i], want[1 + i]);
        bool shares = nd_may_share_memory(r, a);
        ck_assert_msg(shares == (view[0] != 0), "line: %s", line);
        if (shares && nd_size(r) > 1)
            for (int i = 0; i < ns; i++)
                if (nd_shape(r)[i] > 1) ck_assert_msg(nd_strides(r)[i] == strides[i], "stride %d of %s", i, line);
        views += shares;
        check_values(r, &p);
        nd_release(a), nd_release(t), nd_release(b), nd_release(r);
        cases++;
        line = end + 1;
    }
    ck_assert_int_ge(cases, 800);
    ck_assert_int_ge(views, 100);
    free(out);
}
END_TEST

START_TEST(errors_match_numpy) {
    nd_array *a = base_of(2, (int64_t[]){2, 3});
    static const struct { const char *spec, *msg; } bad[] = {
        {"5", "index 5 is out of bounds for axis 0 with size 2"},
        {"0, -4", "index -4 is out of bounds for axis 1 with size 3"},
        {"0, 0, 0", "too many indices for array: array is 2-dimensional, but 3 were indexed"},
        {"..., 0, ...", "an index can only have a single ellipsis"},
        {"::0", "slice step cannot be zero"},
        {"1:)", "unexpected ')' at column 3"},
        {"1 2", "unexpected '2' at column 3"},
        {"99999999999999999999", "integer out of range at column 1"},
        {"-", "unexpected end of index at column 2"},
        {"a", "unexpected 'a' at column 1"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert_ptr_null(nd_slice(a, bad[i].spec));
        ck_assert_msg(strstr(nd_last_error_message(), bad[i].msg), "'%s': %s", bad[i].spec, nd_last_error_message());
        ck_assert_nd_error(ND_ERR_INDEX);
    }
    char many[200] = "";
    for (int i = 0; i < 33; i++) strcat(many, "None,");
    ck_assert_ptr_null(nd_slice(a, many));
    ck_assert_nd_error(ND_ERR_INDEX);
    ck_assert_ptr_null(nd_slice(a, NULL));
    ck_assert_nd_error(ND_ERR_NULL);
    ck_assert_ptr_null(nd_reshape(a, 1, (int64_t[]){4}));
    ck_assert(strstr(nd_last_error_message(), "cannot reshape array of size 6 into shape (4,)"));
    ck_assert_nd_error(ND_ERR_SHAPE);
    ck_assert_ptr_null(nd_reshape(a, 2, (int64_t[]){-1, -1}));
    ck_assert(strstr(nd_last_error_message(), "can only specify one unknown dimension"));
    ck_assert_nd_error(ND_ERR_SHAPE);
    ck_assert_ptr_null(nd_transpose(a, (int[]){0, 0}));
    ck_assert(strstr(nd_last_error_message(), "repeated axis in transpose"));
    ck_assert_nd_error(ND_ERR_AXIS);
    ck_assert_ptr_null(nd_transpose(a, (int[]){0, 2}));
    ck_assert(strstr(nd_last_error_message(), "axis 2 is out of bounds for array of dimension 2"));
    ck_assert_nd_error(ND_ERR_AXIS);
    nd_array *row = base_of(1, (int64_t[]){3});
    ck_assert_ptr_null(nd_broadcast_to(row, 1, (int64_t[]){4}));
    ck_assert(strstr(nd_last_error_message(), "operands could not be broadcast together with remapped shapes"));
    ck_assert_nd_error(ND_ERR_SHAPE);
    nd_array *b = nd_broadcast_to(row, 2, (int64_t[]){4, 3});
    ck_assert_int_eq(nd_strides(b)[0], 0);
    ck_assert(!nd_is_writeable(b));
    ck_assert_int_eq(nd_set_f64(b, (int64_t[]){0, 0}, 1.0), ND_ERR_VALUE);
    ck_assert_nd_error(ND_ERR_VALUE);
    ck_assert_int_eq(nd_set_writeable(b, true), ND_ERR_VALUE);
    ck_assert_nd_error(ND_ERR_VALUE);
    ck_assert(nd_get_f64(b, (int64_t[]){3, 2}) == 2.0);
    int nds[2] = {1, 1};
    const int64_t s1[1] = {3}, s2[1] = {4};
    const int64_t *shapes[2] = {s1, s2};
    int ond;
    int64_t oshape[ND_MAX_DIMS];
    ck_assert_int_eq(nd_broadcast_shapes(2, nds, shapes, &ond, oshape), ND_ERR_SHAPE);
    ck_assert(strstr(nd_last_error_message(),
                     "Mismatch is between arg 0 with shape (3,) and arg 1 with shape (4,)"));
    nd_clear_error();
    nd_release(a), nd_release(row), nd_release(b);
}
END_TEST

int main(void) {
    Suite *s = suite_create("index");
    TCase *tc = tcase_create("index");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, slices_reshapes_transposes_match_numpy);
    tcase_add_test(tc, reshape_view_or_copy_as_numpy);
    tcase_add_test(tc, errors_match_numpy);
    suite_add_tcase(s, tc);
    return nd_test_run(s);
}
