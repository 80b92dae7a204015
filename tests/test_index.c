/* index: nd_slice, nd_reshape, nd_transpose, nd_broadcast_to and
   nd_broadcast_shapes against NumPy. A NumPy script, run at test time,
   draws random inputs (slices with steps of a C-order arange, transposes,
   broadcasts, read-only views, empty axes), applies random indices / target
   shapes / axes to them and prints one case per line:

     op|dtype|base size|in shape|in strides|in byte offset|in writeable|arg|
        OK|shape|strides|byte offset|writeable|is a view|values (C order)
     or ERR|status|NumPy's message

   The C side rebuilds each input with nd_wrap over its own copy of the base
   (so the inputs do not depend on the code under test), runs the same call
   and compares shape, strides, data offset, writeability and every value. */
#include <stdint.h>

#include "nd_test.h"

/* Elements of slack either side of the base: an empty view may start just
   outside its base, as in NumPy. */
#define PAD 256
#define MAX_VALUES 512

static const char gen_py[] =
    // clang-format off
    "import numpy as np, random\n"
    "PAD = 256\n"
    "rng = random.Random({'S': 1, 'R': 2, 'T': 3, 'B': 4, 'BS': 5}[OP])\n"
    "\n"
    "def lst(v): return ','.join(str(int(e)) for e in v)\n"
    "def ptr(a): return a.__array_interface__['data'][0]\n"
    "def emit(fields): print('|'.join(fields))\n"
    "\n"
    "def rand_shape(maxnd, maxdim, zero_p):\n"
    "    return tuple(0 if rng.random() < zero_p else rng.randint(1, maxdim)\n"
    "                 for _ in range(rng.randint(0, maxnd)))\n"
    "\n"
    "def view_of(x):\n"
    "    # a random view: sliced with steps, indexed, transposed, broadcast, read-only\n"
    "    if rng.random() < 0.7:\n"
    "        ix = []\n"
    "        for n in x.shape:\n"
    "            c = rng.random()\n"
    "            if c < 0.5: ix.append(slice(None))\n"
    "            elif c < 0.85 or n == 0:\n"
    "                st = rng.choice([1, 2, -1, -2, 3])\n"
    "                lo = rng.randint(0, max(n - 1, 0))\n"
    "                ix.append(slice(lo, None, st) if st > 0 else slice(lo or None, None, st))\n"
    "            else: ix.append(rng.randint(0, n - 1))\n"
    "            if rng.random() < 0.1: ix.append(None)\n"
    "        x = x[tuple(ix) + (Ellipsis,)]\n"
    "    if rng.random() < 0.5 and x.ndim > 1:\n"
    "        x = x.transpose(rng.sample(range(x.ndim), x.ndim))\n"
    "    if rng.random() < 0.15 and x.ndim < 5:\n"
    "        shp = [rng.randint(1, 3) if d == 1 and rng.random() < 0.7 else d for d in x.shape]\n"
    "        lead = [rng.randint(1, 3)] * rng.randint(0, 1)\n"
    "        x = np.broadcast_to(x, tuple(lead + shp))\n"
    "    if rng.random() < 0.15:\n"
    "        x = x.view()\n"
    "        x.flags.writeable = False\n"
    "    return x\n"
    "\n"
    "def make_input(maxnd=4, maxdim=5):\n"
    "    while True:\n"
    "        dt = rng.choice(['f8', 'i4'])\n"
    "        shape = rand_shape(maxnd, maxdim, 0.04)\n"
    "        b = np.arange(int(np.prod(shape)), dtype=dt)\n"
    "        x = view_of(b.reshape(shape))\n"
    "        off = ptr(x) - ptr(b)\n"
    "        if -PAD * b.itemsize <= off <= (b.size + PAD) * b.itemsize:\n"
    "            return b, x\n"
    "\n"
    "def status_of(e):\n"
    "    m = str(e)\n"
    "    if OP == 'S': return 'ND_ERR_VALUE' if isinstance(e, ValueError) else 'ND_ERR_INDEX'\n"
    "    if 'too big' in m or 'too large' in m: return 'ND_ERR_OVERFLOW'\n"
    "    if OP == 'T': return 'ND_ERR_AXIS'\n"
    "    return 'ND_ERR_SHAPE'\n"
    "\n"
    "def run(b, x, arg, f):\n"
    "    head = [OP, b.dtype.str[1:], str(b.size), lst(x.shape), lst(x.strides),\n"
    "            str(ptr(x) - ptr(b)), str(int(x.flags.writeable)), arg]\n"
    "    try:\n"
    "        r = f(x)\n"
    "    except (IndexError, ValueError, np.AxisError) as e:\n"
    "        return emit(head + ['ERR', status_of(e), str(e)])\n"
    "    view = r.size == 0 or np.shares_memory(r, b)  # NumPy never copies an empty array\n"
    "    vals = lst(r.ravel()) if r.size <= 300 else '-'\n"
    "    emit(head + ['OK', lst(r.shape), lst(r.strides), str(ptr(r) - ptr(b)),\n"
    "                 str(int(r.flags.writeable)), str(int(view)), vals])\n"
    "\n"
    "# ---- nd_slice ----\n"
    "class _K:\n"
    "    def __getitem__(self, k): return k\n"
    "\n"
    "def do_slice(spec):\n"
    "    def f(x):\n"
    "        idx = () if spec.strip() in ('', '()') else \\\n"
    "            eval('_K()[' + spec + ']', {'_K': _K, 'np': np, 'newaxis': None})\n"
    "        idx = idx if isinstance(idx, tuple) else (idx,)\n"
    "        r = x[idx]\n"
    "        # nd gives a 0-d view where NumPy gives a scalar; the trailing ... makes NumPy agree\n"
    "        return r if isinstance(r, np.ndarray) else x[idx + (Ellipsis,)]\n"
    "    return f\n"
    "\n"
    "def rand_int_item(n):\n"
    "    v = rng.randint(-n, n - 1) if n and rng.random() < 0.9 else \\\n"
    "        rng.choice([n, -n - 1, n + 5])\n"
    "    sign = rng.choice(['', '', '+', '+ ']) if v >= 0 else rng.choice(['-', '-', '- '])\n"
    "    return sign + str(abs(v))\n"
    "\n"
    "def rand_slice_item(n):\n"
    "    r = lambda: str(rng.randint(-n - 3, n + 3)) if rng.random() < 0.6 else ''\n"
    "    step = rng.choice(['', '', '1', '-1', '2', '-2', '3', '-3', '-1', '100', '-100'])\n"
    "    if rng.random() < 0.02: step = '0'\n"
    "    s = r() + ':' + r()\n"
    "    return s + ':' + step if step or rng.random() < 0.2 else s\n"
    "\n"
    "def insert(items, choices): items.insert(rng.randint(0, len(items)), rng.choice(choices))\n"
    "\n"
    "def rand_spec(x):\n"
    "    ws = lambda: rng.choice(['', '', '', ' ', '  ', '\\t'])\n"
    "    k = rng.randint(0, x.ndim) if rng.random() < 0.93 else x.ndim + 1\n"
    "    items = []\n"
    "    for d in range(k):\n"
    "        n = x.shape[d] if d < x.ndim else 3\n"
    "        items.append(rand_int_item(n) if rng.random() < 0.3 else rand_slice_item(n))\n"
    "    for _ in range(rng.choice([0, 0, 0, 1, 1, 2])):\n"
    "        insert(items, ['None', 'None', 'newaxis', 'np.newaxis'])\n"
    "    e = rng.random()\n"
    "    if e < 0.35: insert(items, ['...', '...', 'Ellipsis'])\n"
    "    if e > 0.97: insert(items, ['...'])\n"
    "    s = (',' + ws()).join(ws() + it + ws() for it in items)\n"
    "    if items and rng.random() < 0.1: s += ','\n"
    "    if not items and rng.random() < 0.3: s = rng.choice(['()', ' ( ) '])\n"
    "    return s\n"
    "\n"
    "if OP == 'S':\n"
    "    for _ in range(1500):\n"
    "        b, x = make_input()\n"
    "        spec = rand_spec(x)\n"
    "        run(b, x, spec, do_slice(spec))\n"
    "    # NumPy's limits, on a fixed (2, 3) input; every stride times step fits int64\n"
    "    b = np.arange(6, dtype='f8')\n"
    "    for spec in ['None,' * 30, 'None,' * 31, 'None,' * 31 + '0', 'None,' * 64,\n"
    "                 'None,' * 65, '0,' * 65, '...,' * 65, ':,' * 3, '..., ...', '..., 1, 2, 3',\n"
    "                 '::0, 5', '5, ::0', '::0, 1, 2', '9223372036854775807',\n"
    "                 '-9223372036854775808', ':, ::288230376151711743',\n"
    "                 '::-288230376151711743', '-9223372036854775808:', ':9223372036854775807',\n"
    "                 '1:0:-288230376151711743', '- 1', '+1, -0', '00']:\n"
    "        run(b, b.reshape(2, 3), spec, do_slice(spec))\n"
    "\n"
    "# ---- nd_reshape ----\n"
    "def factor(n, k):\n"
    "    dims = [1] * k\n"
    "    for p in [2, 3, 5, 7, 11, 13]:\n"
    "        while n % p == 0:\n"
    "            dims[rng.randrange(k)] *= p\n"
    "            n //= p\n"
    "    dims[rng.randrange(k)] *= n\n"
    "    return dims\n"
    "\n"
    "def rand_target(x):\n"
    "    c = rng.random()\n"
    "    if c < 0.08: return list(x.shape)\n"
    "    k = rng.randint(0, 5)\n"
    "    if x.size == 0:\n"
    "        t = [rng.randint(0, 4) for _ in range(max(k, 1))]\n"
    "        if 0 not in t and rng.random() < 0.8: t[rng.randrange(len(t))] = 0\n"
    "    elif k == 0 and x.size != 1: t = [x.size]\n"
    "    else: t = factor(x.size, k) if k else []\n"
    "    if c > 0.85 and t: t[rng.randrange(len(t))] += rng.choice([1, -1, 2])\n"
    "    if t and rng.random() < 0.35: t[rng.randrange(len(t))] = rng.choice([-1, -1, -1, -2])\n"
    "    if len(t) > 1 and rng.random() < 0.03: t[0] = t[1] = -1\n"
    "    return t\n"
    "\n"
    "if OP == 'R':\n"
    "    for _ in range(900):\n"
    "        b, x = make_input()\n"
    "        t = rand_target(x)\n"
    "        run(b, x, lst(t), lambda x: x.reshape(t))\n"
    "    b, b0 = np.arange(6, dtype='f8'), np.arange(0, dtype='f8')\n"
    "    for base, x in [(b, b), (b, b[::2]), (b, b.reshape(2, 3).T), (b0, b0)]:\n"
    "        for t in [[4], [2, -1, 4], [-1, 0], [0, -1], [2, -1], [0, 2**62, 2**62],\n"
    "                  [2**62, 2**62, 0], [2**62, 2**62, -1], [1] * 33, [1] * 32 + [-1],\n"
    "                  [-3, -1]]:\n"
    "            run(base, x, lst(t), lambda x: x.reshape(t))\n"
    "\n"
    "# ---- nd_transpose ----\n"
    "if OP == 'T':\n"
    "    for _ in range(400):\n"
    "        b, x = make_input(maxnd=5, maxdim=4)\n"
    "        nd, c = x.ndim, rng.random()\n"
    "        if c < 0.2:\n"
    "            run(b, x, 'R', lambda x: x.T)\n"
    "            continue\n"
    "        axes = [a - nd if rng.random() < 0.3 else a for a in rng.sample(range(nd), nd)]\n"
    "        if nd and c > 0.85:\n"
    "            axes[rng.randrange(nd)] = rng.choice([nd, -nd - 1, nd + 3, 0, -1])\n"
    "        run(b, x, lst(axes), lambda x: x.transpose(axes))\n"
    "\n"
    "# ---- nd_broadcast_to ----\n"
    "def rand_bshape(x):\n"
    "    t = [rng.randint(0, 3) if d == 1 and rng.random() < 0.6 else d for d in x.shape]\n"
    "    t = [rng.randint(0, 4) for _ in range(rng.randint(0, 2))] + t\n"
    "    c = rng.random()\n"
    "    if c < 0.1 and t: t[rng.randrange(len(t))] += rng.choice([1, 2])\n"
    "    elif c < 0.14 and t: t = t[1:]\n"
    "    elif c < 0.16 and t: t[rng.randrange(len(t))] = -1\n"
    "    elif c < 0.17: t = []\n"
    "    return t\n"
    "\n"
    "if OP == 'B':\n"
    "    for _ in range(500):\n"
    "        b, x = make_input()\n"
    "        t = rand_bshape(x)\n"
    "        run(b, x, lst(t), lambda x: np.broadcast_to(x, tuple(t)))\n"
    "    b = np.arange(3, dtype='f8')\n"
    "    for t in [[2**62, 2**62, 3], [0, 2**62, 2**62, 3], [2**62, 2**62, 0, 3], [1] * 33,\n"
    "              [2**60, 3], [1] * 31 + [3]]:\n"
    "        run(b, b, lst(t), lambda x: np.broadcast_to(x, tuple(t)))\n"
    "\n"
    "# ---- nd_broadcast_shapes: arg is \"count:shape;shape;...\" ----\n"
    "def rand_shapes():\n"
    "    out, shapes = list(rand_shape(5, 4, 0.1)), []\n"
    "    for _ in range(rng.randint(0, 6)):\n"
    "        s = [1 if rng.random() < 0.3 else d for d in out[rng.randint(0, len(out)):]]\n"
    "        if s and rng.random() < 0.1: s[rng.randrange(len(s))] += rng.choice([1, 2, 5])\n"
    "        shapes.append(s)\n"
    "    return shapes\n"
    "\n"
    "if OP == 'BS':\n"
    "    cases = [rand_shapes() for _ in range(400)]\n"
    "    cases += [[[3], [4]], [[2, 3], [2, 4], [5, 3]], [[2, 3], [-1, 4], [5, 3]],\n"
    "              [[2**40, 1], [1, 2**40]], [[2**62, 2**62]], [[0, 2**62, 2**62]],\n"
    "              [[2**62, 2**62, 0]], [[1] * 33], [[1] * 32, [2]], [], [[]], [[], [5]],\n"
    "              [[0], [1]], [[0], [2]]]\n"
    "    for shapes in cases:\n"
    "        arg = '%d:' % len(shapes) + ';'.join(map(lst, shapes))\n"
    "        head = [OP, '', '', '', '', '', '', arg]\n"
    "        try:\n"
    "            r = np.broadcast_shapes(*map(tuple, shapes))\n"
    "            emit(head + ['OK', lst(r), '', '', '', '', ''])\n"
    "        except ValueError as e:\n"
    "            emit(head + ['ERR', status_of(e), str(e)])\n";
// clang-format on

static char *run_gen(const char *op) {
    size_t n = strlen(gen_py) + 32;
    char *script = malloc(n);
    ck_assert_ptr_nonnull(script);
    snprintf(script, n, "OP = '%s'\n%s", op, gen_py);
    char *out = nd_test_python(script);
    free(script);
    ck_assert_msg(out != NULL, "the NumPy script failed");
    return out;
}

/* Splits s at sep in place, keeping empty fields. */
static int split(char *s, char sep, char **f, int max) {
    int n = 0;
    for (;;) {
        ck_assert_int_lt(n, max);
        f[n++] = s;
        char *e = strchr(s, sep);
        if (!e) return n;
        *e = '\0';
        s = e + 1;
    }
}

static int parse_list(const char *s, int64_t *v, int max) {
    int n = 0;
    while (*s) {
        char *end;
        ck_assert_int_lt(n, max);
        v[n++] = strtoll(s, &end, 10);
        ck_assert_msg(end != s, "bad number in '%s'", s);
        s = *end == ',' ? end + 1 : end;
    }
    return n;
}

typedef struct {
    int ndim;
    int64_t shape[2 * ND_MAX_DIMS], strides[2 * ND_MAX_DIMS];
} dims_t;

typedef struct {
    const char *text; /* the whole line, for messages */
    nd_dtype dtype;
    int64_t base_size, in_offset;
    dims_t in;
    bool in_writeable;
    char *arg;
    bool ok;
    dims_t out; /* when ok */
    int64_t out_offset;
    bool out_writeable, is_view;
    const char *values;
    const char *status, *message; /* when not */
} tcase;

static void parse_dims(const char *shape, const char *strides, dims_t *d) {
    d->ndim = parse_list(shape, d->shape, 2 * ND_MAX_DIMS);
    ck_assert_int_eq(parse_list(strides, d->strides, 2 * ND_MAX_DIMS), strides[0] ? d->ndim : 0);
}

static void parse_case(char *line, tcase *c) {
    c->text = strdup(line);
    char *f[16];
    int n = split(line, '|', f, 16);
    ck_assert_int_ge(n, 11);
    c->dtype = strcmp(f[1], "i4") == 0 ? ND_INT32 : ND_FLOAT64;
    c->base_size = strtoll(f[2], NULL, 10);
    parse_dims(f[3], f[4], &c->in);
    c->in_offset = strtoll(f[5], NULL, 10);
    c->in_writeable = f[6][0] == '1';
    c->arg = f[7];
    c->ok = strcmp(f[8], "OK") == 0;
    if (!c->ok) {
        c->status = f[9];
        c->message = f[10];
        return;
    }
    ck_assert_int_eq(n, 15);
    parse_dims(f[9], f[10], &c->out);
    c->out_offset = strtoll(f[11], NULL, 10);
    c->out_writeable = f[12][0] == '1';
    c->is_view = f[13][0] == '1';
    c->values = f[14];
}

/* The base: values 0, 1, ... at base, with PAD elements either side. */
typedef struct {
    nd_array *store;
    char *base;
} base_t;

static base_t make_base(nd_dtype t, int64_t n) {
    int64_t total = n + 2 * PAD;
    base_t b = {nd_empty(t, 1, &total), NULL};
    ck_assert_ptr_nonnull(b.store);
    for (int64_t i = 0; i < total; i++)
        ck_assert_int_eq(nd_set_f64(b.store, &i, (double)(i - PAD)), ND_OK);
    b.base = (char *)nd_data(b.store) + PAD * (int64_t)nd_dtype_size(t);
    return b;
}

static nd_array *make_input(const tcase *c, const base_t *b) {
    nd_array *x = nd_wrap(b->base + c->in_offset, c->dtype, c->in.ndim, c->in.shape, c->in.strides,
                          NULL, NULL);
    ck_assert_msg(x != NULL, "%s: nd_wrap failed: %s", c->text, nd_last_error_message());
    if (!c->in_writeable) ck_assert_int_eq(nd_set_writeable(x, false), ND_OK);
    return x;
}

/* NumPy's message follows nd's "func: "; nd may drop NumPy's final period
   or add where ("at column 3"). */
static bool message_matches(const char *numpy) {
    size_t n = strlen(numpy);
    if (n && numpy[n - 1] == '.') n--;
    const char *got = nd_last_error_message(), *p = strstr(got, ": ");
    return p && strncmp(p + 2, numpy, n) == 0 &&
           (p[2 + n] == '\0' || p[2 + n] == '.' || p[2 + n] == ' ');
}

static void check_error(const tcase *c, const nd_array *r) {
    ck_assert_msg(r == NULL, "%s: expected %s, got an array", c->text, c->status);
    ck_assert_msg(strcmp(nd_status_name(nd_last_error()), c->status) == 0,
                  "%s: expected %s, got %s (%s)", c->text, c->status,
                  nd_status_name(nd_last_error()), nd_last_error_message());
    ck_assert_msg(message_matches(c->message), "%s: message '%s' lacks '%s'", c->text,
                  nd_last_error_message(), c->message);
    nd_clear_error();
}

static void check_values(const tcase *c, const nd_array *r) {
    if (strcmp(c->values, "-") == 0) return;
    static int64_t want[MAX_VALUES];
    int64_t n = parse_list(c->values, want, MAX_VALUES), idx[ND_MAX_DIMS] = {0};
    ck_assert_int_eq(n, nd_size(r));
    const int64_t *shape = nd_shape(r);
    for (int64_t k = 0; k < n; k++) {
        double got = nd_get_f64(r, idx);
        ck_assert_msg(got == (double)want[k], "%s: element %lld is %g, NumPy has %lld", c->text,
                      (long long)k, got, (long long)want[k]);
        for (int d = nd_ndim(r) - 1; d >= 0 && ++idx[d] == shape[d]; d--) idx[d] = 0;
    }
}

static void check_result(const tcase *c, nd_array *r, const nd_array *x, const base_t *b) {
    if (!c->ok) return check_error(c, r);
    ck_assert_msg(r != NULL, "%s: failed: %s", c->text, nd_last_error_message());
    ck_assert_msg(nd_ndim(r) == c->out.ndim, "%s: ndim %d", c->text, nd_ndim(r));
    for (int i = 0; i < c->out.ndim; i++) {
        ck_assert_msg(nd_shape(r)[i] == c->out.shape[i], "%s: shape[%d] = %lld", c->text, i,
                      (long long)nd_shape(r)[i]);
        ck_assert_msg(nd_strides(r)[i] == c->out.strides[i], "%s: strides[%d] = %lld", c->text, i,
                      (long long)nd_strides(r)[i]);
    }
    /* intptr_t: an empty view's pointer may lie outside the base */
    int64_t off = (int64_t)((intptr_t)nd_data(r) - (intptr_t)b->base);
    if (c->is_view)
        ck_assert_msg(off == c->out_offset, "%s: data offset %lld", c->text, (long long)off);
    else
        ck_assert_msg(!nd_may_share_memory(r, x), "%s: NumPy copies, nd shares memory", c->text);
    ck_assert_msg(nd_is_writeable(r) == c->out_writeable, "%s: writeable %d", c->text,
                  nd_is_writeable(r));
    check_values(c, r);
}

typedef nd_array *(*apply_fn)(const nd_array *x, const char *arg);

static nd_array *apply_slice(const nd_array *x, const char *arg) { return nd_slice(x, arg); }

static nd_array *apply_reshape(const nd_array *x, const char *arg) {
    int64_t t[2 * ND_MAX_DIMS];
    int n = parse_list(arg, t, 2 * ND_MAX_DIMS);
    return nd_reshape(x, n, t);
}

static nd_array *apply_transpose(const nd_array *x, const char *arg) {
    if (strcmp(arg, "R") == 0) return nd_transpose(x, NULL);
    int64_t t[ND_MAX_DIMS];
    int axes[ND_MAX_DIMS];
    int n = parse_list(arg, t, ND_MAX_DIMS);
    ck_assert_int_eq(n, nd_ndim(x));
    for (int i = 0; i < n; i++) axes[i] = (int)t[i];
    return nd_transpose(x, axes);
}

static nd_array *apply_broadcast_to(const nd_array *x, const char *arg) {
    int64_t t[2 * ND_MAX_DIMS];
    int n = parse_list(arg, t, 2 * ND_MAX_DIMS);
    return nd_broadcast_to(x, n, t);
}

/* Runs every case the script prints for op; returns how many. */
static int run_cases(const char *op, apply_fn apply) {
    char *out = run_gen(op), *save = NULL;
    int count = 0;
    for (char *line = strtok_r(out, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save), count++) {
        tcase c;
        parse_case(line, &c);
        base_t b = make_base(c.dtype, c.base_size);
        nd_array *x = make_input(&c, &b);
        nd_clear_error();
        nd_array *r = apply(x, c.arg);
        check_result(&c, r, x, &b);
        nd_release(r);
        nd_release(x);
        nd_release(b.store);
        free((void *)c.text);
    }
    free(out);
    return count;
}

START_TEST(slice_matches_numpy) { ck_assert_int_ge(run_cases("S", apply_slice), 1500); }
END_TEST

START_TEST(reshape_matches_numpy) { ck_assert_int_ge(run_cases("R", apply_reshape), 900); }
END_TEST

START_TEST(transpose_matches_numpy) { ck_assert_int_ge(run_cases("T", apply_transpose), 400); }
END_TEST

START_TEST(broadcast_to_matches_numpy) {
    ck_assert_int_ge(run_cases("B", apply_broadcast_to), 500);
}
END_TEST

START_TEST(broadcast_shapes_matches_numpy) {
    char *out = run_gen("BS"), *save = NULL;
    int count = 0;
    for (char *line = strtok_r(out, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save), count++) {
        char *text = strdup(line), *f[16], *parts[8];
        int nf = split(line, '|', f, 16);
        ck_assert_int_ge(nf, 11);
        char *colon = strchr(f[7], ':');
        int n = atoi(f[7]);
        ck_assert_int_le(n, 8);
        int np = split(colon + 1, ';', parts, 8), ndims[8];
        ck_assert_int_eq(np, n ? n : 1);
        int64_t shapes[8][2 * ND_MAX_DIMS];
        const int64_t *ptrs[8];
        for (int i = 0; i < n; i++)
            ndims[i] = parse_list(parts[i], shapes[i], 2 * ND_MAX_DIMS), ptrs[i] = shapes[i];
        int out_ndim = -1;
        int64_t out_shape[ND_MAX_DIMS], want[ND_MAX_DIMS];
        nd_clear_error();
        int s = nd_broadcast_shapes(n, ndims, ptrs, &out_ndim, out_shape);
        if (strcmp(f[8], "OK") == 0) {
            ck_assert_msg(s == ND_OK, "%s: failed: %s", text, nd_last_error_message());
            int wn = parse_list(f[9], want, ND_MAX_DIMS);
            ck_assert_msg(out_ndim == wn, "%s: ndim %d", text, out_ndim);
            for (int i = 0; i < wn; i++)
                ck_assert_msg(out_shape[i] == want[i], "%s: dim %d", text, i);
        } else {
            ck_assert_msg(s != ND_OK && strcmp(nd_status_name(s), f[9]) == 0, "%s: got %s (%s)",
                          text, nd_status_name(s), nd_last_error_message());
            ck_assert_msg(message_matches(f[10]), "%s: message '%s'", text,
                          nd_last_error_message());
            ck_assert_int_eq(out_ndim, -1); /* untouched on error */
        }
        free(text);
    }
    free(out);
    ck_assert_int_ge(count, 400);
}
END_TEST

/* Specs that are not Python, or that NumPy refuses: nd_slice must refuse
   them with our message (what and where; the columns are nd's contract).
   numpy_refuses is checked against Python: where it is false, nd is
   deliberately stricter than NumPy (documented limits of the text form). */
static const struct {
    const char *spec, *message;
    bool numpy_refuses;
} bad_specs[] = {
    {"1:2)", "unexpected ')' at column 4", true},
    {"1,,2", "unexpected ',' at column 3", true},
    {",1", "unexpected ',' at column 1", true},
    {"1, 2,,", "unexpected ',' at column 6", true},
    {"1:2:3:4", "unexpected ':' at column 6", true},
    {"1 :: 2 :", "unexpected ':' at column 8", true},
    {"1 2", "unexpected '2' at column 3", true},
    {"-", "unexpected end of index at column 2", true},
    {"1:-", "unexpected end of index at column 4", true},
    {"+ :", "unexpected ':' at column 3", true},
    {"abc", "unexpected 'a' at column 1", true},
    {"Nonex", "unexpected 'N' at column 1", true},
    {"None x", "unexpected 'x' at column 6", true},
    {"..", "unexpected '.' at column 1", true},
    {"....", "unexpected '.' at column 4", true},
    {"1.5", "unexpected '.' at column 2", true},
    {"1,\x01", "unexpected byte 0x01 at column 3", true},
    {"( )x", "unexpected 'x' at column 4", true},
    {"012", "leading zeros in decimal integer literals are not permitted at column 1", true},
    {"1, -007", "leading zeros in decimal integer literals are not permitted at column 5", true},
    {"9223372036854775808", "integer out of range at column 1", true},
    {"-9223372036854775809", "integer out of range at column 1", true},
    {"0, - 99999999999999999999", "integer out of range at column 4", true},
    {"::0", "slice step cannot be zero at column 1", true},
    {" 1, ::0", "slice step cannot be zero at column 5", true},
    /* Python takes these; the text form does not */
    {"::99999999999999999999", "integer out of range at column 3", false},
    {"(1)", "unexpected '(' at column 1", false},
    {"--1", "unexpected '-' at column 2", false},
    {":1_0", "unexpected '_' at column 3", false},
    {"True", "unexpected 'T' at column 1", false},
};
#define N_BAD (sizeof bad_specs / sizeof bad_specs[0])

START_TEST(bad_specs_are_refused) {
    /* Ask Python which of them NumPy refuses, on the same (4, 5, 6) array. */
    char script[8192];
    size_t n = (size_t)snprintf(script, sizeof script,
                                "import numpy as np\nx = np.zeros((4, 5, 6))\nspecs = [");
    for (size_t i = 0; i < N_BAD; i++) {
        n += (size_t)snprintf(script + n, sizeof script - n, "bytes.fromhex('");
        for (const char *p = bad_specs[i].spec; *p; p++)
            n += (size_t)snprintf(script + n, sizeof script - n, "%02x", (unsigned char)*p);
        n += (size_t)snprintf(script + n, sizeof script - n, "').decode(), ");
    }
    snprintf(script + n, sizeof script - n,
             "]\nfor s in specs:\n"
             "    try:\n"
             "        eval('x[' + s + ']', {'x': x, 'np': np})\n"
             "        print(0)\n"
             "    except Exception:\n"
             "        print(1)\n");
    ck_assert_int_lt(n, sizeof script - 200);
    char *out = nd_test_python(script);
    ck_assert_ptr_nonnull(out);
    ck_assert_uint_eq(strlen(out), 2 * N_BAD);
    int64_t shape[3] = {4, 5, 6};
    nd_array *a = nd_zeros(ND_FLOAT64, 3, shape);
    for (size_t i = 0; i < N_BAD; i++) {
        ck_assert_msg((out[2 * i] == '1') == bad_specs[i].numpy_refuses, "NumPy %s \"%s\"",
                      out[2 * i] == '1' ? "refuses" : "takes", bad_specs[i].spec);
        nd_clear_error();
        ck_assert_ptr_null(nd_slice(a, bad_specs[i].spec));
        ck_assert_msg(strstr(nd_last_error_message(), bad_specs[i].message) != NULL, "\"%s\": '%s'",
                      bad_specs[i].spec, nd_last_error_message());
        ck_assert_msg(strncmp(nd_last_error_message(), "nd_slice: ", 10) == 0, "%s",
                      nd_last_error_message());
        /* NumPy: ValueError for a zero step, IndexError otherwise */
        ck_assert_nd_error(strstr(bad_specs[i].message, "step cannot be zero") ? ND_ERR_VALUE
                                                                               : ND_ERR_INDEX);
    }
    nd_release(a);
    free(out);
}
END_TEST

/* The parser never reads past the terminator: a spec that ends right at
   the end of a page-sized heap block, for every prefix of valid specs
   (run under ASan/valgrind this catches an overread). */
START_TEST(parser_stays_inside_the_string) {
    static const char *specs[] = {"1:2:3", "..., None", "np.newaxis", "-",  "- 12",   "()",
                                  "( ",    "Ellipsis",  "0012",       "1,", "::-1, 2"};
    int64_t shape[4] = {3, 3, 3, 3};
    nd_array *a = nd_zeros(ND_INT8, 4, shape);
    for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++) {
        size_t len = strlen(specs[i]);
        for (size_t k = 0; k <= len; k++) {
            char *s = malloc(k + 1);
            memcpy(s, specs[i], k);
            s[k] = '\0';
            nd_array *r = nd_slice(a, s);
            ck_assert(r != NULL || nd_last_error() == ND_ERR_INDEX);
            nd_release(r);
            nd_clear_error();
            free(s);
        }
    }
    nd_release(a);
}
END_TEST

START_TEST(null_arguments) {
    int64_t shape[2] = {2, 3};
    nd_array *a = nd_zeros(ND_FLOAT64, 2, shape);
    nd_clear_error();
    ck_assert_ptr_null(nd_slice(NULL, ":"));
    ck_assert_nd_error(ND_ERR_NULL);
    ck_assert_ptr_null(nd_slice(a, NULL));
    ck_assert_nd_error(ND_ERR_NULL);
    ck_assert_ptr_null(nd_reshape(NULL, 1, shape));
    ck_assert_nd_error(ND_ERR_NULL);
    ck_assert_ptr_null(nd_reshape(a, 2, NULL));
    ck_assert_nd_error(ND_ERR_NULL);
    ck_assert_ptr_null(nd_transpose(NULL, NULL));
    ck_assert_nd_error(ND_ERR_NULL);
    ck_assert_ptr_null(nd_broadcast_to(NULL, 2, shape));
    ck_assert_nd_error(ND_ERR_NULL);
    ck_assert_ptr_null(nd_broadcast_to(a, 2, NULL));
    ck_assert_nd_error(ND_ERR_NULL);
    int nd = 2, out_ndim;
    int64_t out[ND_MAX_DIMS];
    const int64_t *shapes[1] = {shape}, *null_shape[1] = {NULL};
    ck_assert_int_eq(nd_broadcast_shapes(1, NULL, shapes, &out_ndim, out), ND_ERR_NULL);
    ck_assert_nd_error(ND_ERR_NULL);
    ck_assert_int_eq(nd_broadcast_shapes(1, &nd, NULL, &out_ndim, out), ND_ERR_NULL);
    ck_assert_nd_error(ND_ERR_NULL);
    ck_assert_int_eq(nd_broadcast_shapes(1, &nd, null_shape, &out_ndim, out), ND_ERR_NULL);
    ck_assert_nd_error(ND_ERR_NULL);
    ck_assert_int_eq(nd_broadcast_shapes(1, &nd, shapes, NULL, out), ND_ERR_NULL);
    ck_assert_nd_error(ND_ERR_NULL);
    ck_assert_int_eq(nd_broadcast_shapes(1, &nd, shapes, &out_ndim, NULL), ND_ERR_NULL);
    ck_assert_nd_error(ND_ERR_NULL);
    /* no shapes at all is np.broadcast_shapes() == () */
    ck_assert_int_eq(nd_broadcast_shapes(0, NULL, NULL, &out_ndim, out), ND_OK);
    ck_assert_int_eq(out_ndim, 0);
    /* a NULL input keeps an error already pending */
    ck_assert_ptr_null(nd_reshape(a, 1, (int64_t[]){7}));
    ck_assert_ptr_null(nd_slice(NULL, ":"));
    ck_assert_ptr_null(nd_transpose(NULL, NULL));
    ck_assert_nd_error(ND_ERR_SHAPE);
    nd_release(a);
}
END_TEST

START_TEST(dimension_counts) {
    int64_t shape[ND_MAX_DIMS + 1];
    int axes[ND_MAX_DIMS];
    for (int i = 0; i <= ND_MAX_DIMS; i++) shape[i] = 1 + (i % 2);
    nd_array *a = nd_zeros(ND_INT8, ND_MAX_DIMS, shape);
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_null(nd_reshape(a, -1, shape));
    ck_assert_nd_error(ND_ERR_SHAPE);
    ck_assert_ptr_null(nd_broadcast_to(a, -1, shape));
    ck_assert_nd_error(ND_ERR_SHAPE);
    ck_assert_ptr_null(nd_broadcast_to(a, ND_MAX_DIMS + 1, shape));
    ck_assert_nd_error(ND_ERR_SHAPE);
    int nd[2] = {1, -1}, out_ndim;
    int64_t out[ND_MAX_DIMS];
    const int64_t *shapes[2] = {shape, shape};
    ck_assert_int_eq(nd_broadcast_shapes(2, nd, shapes, &out_ndim, out), ND_ERR_SHAPE);
    ck_assert_nd_error(ND_ERR_SHAPE);
    ck_assert_int_eq(nd_broadcast_shapes(-1, nd, shapes, &out_ndim, out), ND_ERR_VALUE);
    ck_assert_nd_error(ND_ERR_VALUE);
    /* 32 axes: reversal, and an explicit permutation (a rotation) */
    nd_array *t = nd_transpose(a, NULL);
    ck_assert_ptr_nonnull(t);
    for (int i = 0; i < ND_MAX_DIMS; i++) {
        ck_assert_int_eq(nd_shape(t)[i], shape[ND_MAX_DIMS - 1 - i]);
        ck_assert_int_eq(nd_strides(t)[i], nd_strides(a)[ND_MAX_DIMS - 1 - i]);
        axes[i] = (i + 1) % ND_MAX_DIMS - (i % 3 == 0 ? ND_MAX_DIMS : 0);
    }
    nd_release(t);
    t = nd_transpose(a, axes);
    ck_assert_ptr_nonnull(t);
    for (int i = 0; i < ND_MAX_DIMS; i++)
        ck_assert_int_eq(nd_strides(t)[i], nd_strides(a)[(i + 1) % ND_MAX_DIMS]);
    nd_release(t);
    /* 32 indices with "..." and one more axis than allowed */
    char spec[8 * ND_MAX_DIMS];
    size_t n = 0;
    for (int i = 0; i < ND_MAX_DIMS; i++)
        n += (size_t)snprintf(spec + n, sizeof spec - n, "%s", i ? ",::-1" : "::-1");
    t = nd_slice(a, spec);
    ck_assert_ptr_nonnull(t);
    ck_assert_int_eq(nd_ndim(t), ND_MAX_DIMS);
    nd_release(t);
    ck_assert_ptr_null(nd_slice(a, "..., None"));
    ck_assert(strstr(nd_last_error_message(), "indexing result would have 33"));
    ck_assert_nd_error(ND_ERR_INDEX);
    nd_release(a);
}
END_TEST

START_TEST(views_share_memory) {
    int64_t shape[2] = {3, 4};
    nd_array *a = nd_zeros(ND_FLOAT64, 2, shape);
    nd_array *v = nd_slice(a, "1:, ::-2");
    ck_assert_int_eq(nd_set_f64(v, (int64_t[]){0, 0}, 5.0), ND_OK); /* a[1, 3] */
    ck_assert(nd_get_f64(a, (int64_t[]){1, 3}) == 5.0);
    nd_array *r = nd_reshape(a, 1, (int64_t[]){-1});
    ck_assert_int_eq(nd_set_f64(r, (int64_t[]){11}, 6.0), ND_OK);
    ck_assert(nd_get_f64(a, (int64_t[]){2, 3}) == 6.0);
    nd_array *t = nd_transpose(a, NULL);
    ck_assert(nd_get_f64(t, (int64_t[]){3, 2}) == 6.0);
    /* a view outlives the array it came from */
    nd_release(a);
    ck_assert(nd_get_f64(v, (int64_t[]){1, 0}) == 6.0);
    /* a copy (transposed, then flattened) does not share */
    nd_array *c = nd_reshape(t, 1, (int64_t[]){12});
    ck_assert(!nd_may_share_memory(c, t));
    ck_assert_int_eq(nd_set_f64(c, (int64_t[]){11}, 7.0), ND_OK);
    ck_assert(nd_get_f64(t, (int64_t[]){3, 2}) == 6.0);
    ck_assert(nd_get_f64(c, (int64_t[]){10}) == 5.0); /* t[3, 1] */
    nd_release(c);
    /* broadcast views are read-only and stay so */
    nd_array *b = nd_broadcast_to(t, 3, (int64_t[]){2, 4, 3});
    ck_assert(!nd_is_writeable(b));
    ck_assert_int_eq(nd_set_f64(b, (int64_t[]){0, 0, 0}, 1.0), ND_ERR_VALUE);
    ck_assert_nd_error(ND_ERR_VALUE);
    ck_assert_int_eq(nd_set_writeable(b, true), ND_ERR_VALUE);
    ck_assert_nd_error(ND_ERR_VALUE);
    nd_array *bs = nd_slice(b, "0");
    ck_assert_int_eq(nd_set_f64(bs, (int64_t[]){0, 0}, 1.0), ND_ERR_VALUE);
    ck_assert_nd_error(ND_ERR_VALUE);
    ck_assert(nd_is_writeable(t)); /* the source keeps its flag */
    nd_release(bs);
    nd_release(b);
    nd_release(t);
    nd_release(r);
    nd_release(v);
}
END_TEST

/* Runs call() with the 1st, 2nd, ... allocation failing until it succeeds:
   each failure must be ND_ERR_NOMEM and leave nothing allocated. */
typedef nd_array *(*nd_call)(nd_array *a);

static void walk_alloc_failures(const char *name, nd_call call, nd_array *a) {
    long before = nd_debug_live_allocs();
    for (long nth = 1; nth < 64; nth++) {
        nd_clear_error();
        nd_debug_fail_alloc(nth);
        nd_array *r = call(a);
        long made = nd_debug_fail_alloc(0);
        if (r) {
            nd_release(r);
            ck_assert_int_eq(nd_debug_live_allocs(), before);
            ck_assert_msg(made < nth, "%s succeeded although allocation %ld failed", name, nth);
            return;
        }
        ck_assert_msg(nd_last_error() == ND_ERR_NOMEM, "%s: allocation %ld failed, got %s (%s)",
                      name, nth, nd_status_name(nd_last_error()), nd_last_error_message());
        ck_assert_msg(nd_debug_live_allocs() == before, "%s leaked after failing allocation %ld",
                      name, nth);
    }
    ck_abort_msg("%s never succeeded", name);
}

static nd_array *call_slice(nd_array *a) { return nd_slice(a, "::-1, None, 1"); }
static nd_array *call_reshape_view(nd_array *a) { return nd_reshape(a, 2, (int64_t[]){2, -1}); }
static nd_array *call_reshape_copy(nd_array *a) {
    nd_array *t = nd_transpose(a, NULL);
    nd_array *r = t ? nd_reshape(t, 1, (int64_t[]){-1}) : NULL;
    nd_release(t);
    return r;
}
static nd_array *call_transpose(nd_array *a) { return nd_transpose(a, (int[]){1, 0}); }
static nd_array *call_broadcast(nd_array *a) { return nd_broadcast_to(a, 3, (int64_t[]){2, 4, 6}); }

START_TEST(allocation_failures_are_clean) {
    int64_t shape[2] = {4, 6};
    nd_array *a = nd_ones(ND_INT32, 2, shape);
    long before = nd_debug_live_allocs();
    walk_alloc_failures("nd_slice", call_slice, a);
    walk_alloc_failures("nd_reshape (view)", call_reshape_view, a);
    walk_alloc_failures("nd_reshape (copy)", call_reshape_copy, a);
    walk_alloc_failures("nd_transpose", call_transpose, a);
    walk_alloc_failures("nd_broadcast_to", call_broadcast, a);
    ck_assert_int_eq(nd_debug_live_allocs(), before);
    nd_release(a);
}
END_TEST

/* Strides so large that a slice's step or an empty slice's start overflows
   int64: such axes hold at most one element, so nd keeps the arithmetic
   defined instead of wrapping as NumPy does; the views must still be right. */
START_TEST(huge_strides_do_not_overflow) {
    static double data[2] = {1.0, 2.0};
    int64_t shape[2] = {1, 2}, strides[2] = {INT64_MAX / 2, 8};
    nd_array *a = nd_wrap(data, ND_FLOAT64, 2, shape, strides, NULL, NULL);
    ck_assert_ptr_nonnull(a);
    nd_array *v = nd_slice(a, "::4, ::-5");
    ck_assert_ptr_nonnull(v);
    ck_assert_int_eq(nd_shape(v)[0], 1);
    ck_assert_int_eq(nd_shape(v)[1], 1);
    ck_assert(nd_get_f64(v, (int64_t[]){0, 0}) == 2.0);
    nd_release(v);
    v = nd_slice(a, "5:, 1");
    ck_assert_ptr_nonnull(v);
    ck_assert_int_eq(nd_size(v), 0);
    nd_release(v);
    v = nd_reshape(a, 3, (int64_t[]){1, 2, 1});
    ck_assert_ptr_nonnull(v);
    ck_assert(nd_get_f64(v, (int64_t[]){0, 1, 0}) == 2.0);
    nd_release(v);
    nd_release(a);
}
END_TEST

/* nd_slice_at against nd_slice of the same bounds formatted as text: the
   same view (data pointer, shape, strides) for every axis and a sweep of
   bounds and steps, omitted bounds included; and its errors. */
START_TEST(slice_at_matches_text_slices) {
    const int64_t shape[3] = {4, 7, 5};
    nd_array *a = nd_arange(0, 140, 1, ND_INT32), *b = nd_reshape(a, 3, shape);
    const int64_t vals[] = {ND_SLICE_NONE, -9, -7, -3, -1, 0, 1, 3, 6, 7, 9};
    const int64_t steps[] = {ND_SLICE_NONE, -3, -1, 1, 2, 5};
    int nv = (int)(sizeof vals / sizeof *vals), ns = (int)(sizeof steps / sizeof *steps);
    for (int ax = 0; ax < 3; ax++)
        for (int i = 0; i < nv; i++)
            for (int j = 0; j < nv; j++)
                for (int k = 0; k < ns; k++) {
                    char spec[96], part[3][24];
                    const int64_t v[3] = {vals[i], vals[j], steps[k]};
                    for (int q = 0; q < 3; q++) {
                        part[q][0] = 0;
                        if (v[q] != ND_SLICE_NONE) snprintf(part[q], 24, "%lld", (long long)v[q]);
                    }
                    snprintf(spec, sizeof spec, "%s%s:%s:%s",
                             ax == 0   ? ""
                             : ax == 1 ? ":, "
                                       : ":, :, ",
                             part[0], part[1], part[2]);
                    nd_array *x = nd_slice_at(b, ax - 3 * (k & 1), v[0], v[1], v[2]);
                    nd_array *y = nd_slice(b, spec);
                    ck_assert_msg(x && y, "%s", spec);
                    ck_assert_ptr_eq(nd_data(x), nd_data(y));
                    for (int d = 0; d < 3; d++) {
                        ck_assert_int_eq(nd_shape(x)[d], nd_shape(y)[d]);
                        if (nd_shape(x)[d] > 1)
                            ck_assert_int_eq(nd_strides(x)[d], nd_strides(y)[d]);
                    }
                    nd_release(x);
                    nd_release(y);
                }
    nd_clear_error();
    ck_assert_ptr_null(nd_slice_at(b, 3, 0, 1, 1));
    ck_assert_nd_error(ND_ERR_AXIS);
    nd_clear_error();
    ck_assert_ptr_null(nd_slice_at(b, 0, 0, 1, 0));
    ck_assert_nd_error(ND_ERR_VALUE);
    nd_clear_error();
    ck_assert_ptr_null(nd_slice_at(NULL, 0, 0, 1, 1));
    ck_assert_nd_error(ND_ERR_NULL);
    nd_clear_error();
    nd_release(b);
    nd_release(a);
}
END_TEST

int main(void) {
    Suite *s = suite_create("index");
    TCase *tc = tcase_create("index");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, slice_matches_numpy);
    tcase_add_test(tc, slice_at_matches_text_slices);
    tcase_add_test(tc, reshape_matches_numpy);
    tcase_add_test(tc, transpose_matches_numpy);
    tcase_add_test(tc, broadcast_to_matches_numpy);
    tcase_add_test(tc, broadcast_shapes_matches_numpy);
    tcase_add_test(tc, bad_specs_are_refused);
    tcase_add_test(tc, parser_stays_inside_the_string);
    tcase_add_test(tc, null_arguments);
    tcase_add_test(tc, dimension_counts);
    tcase_add_test(tc, views_share_memory);
    tcase_add_test(tc, allocation_failures_are_clean);
    tcase_add_test(tc, huge_strides_do_not_overflow);
    suite_add_tcase(s, tc);
    return nd_test_run(s);
}
