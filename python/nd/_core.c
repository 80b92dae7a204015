/* nd._core: the hot path of the Python binding -- the array object, ufunc
   calls, indexing, DLPack and the error mapping -- written against the
   CPython API, because a cffi call alone costs about a microsecond and
   NumPy's np.add(a, b, out=c) at n = 8 costs less than that. Everything
   else (reductions, linalg, random, io...) goes through cffi from
   nd/__init__.py, which calls back into this module to wrap and unwrap
   arrays (wrap_ptr, ndarray._ptr). NumPy's buffers and DLPack are in
   _interop.c. */
#include "_core.h"

#include <dlfcn.h>
#include <string.h>

#include "nd/manip.h"
#include "nd/ufunc.h"

typedef struct {
    PyObject_HEAD vectorcallfunc vectorcall;
    int op, nin;
    PyObject *name;
} UfuncObject;

static PyTypeObject Ufunc_Type;

/* Set by nd/__init__.py: the Python subclass results are made of, the
   converter for anything that is not an nd array (lists, NumPy arrays,
   NumPy scalars), the index-array converter, the slow path for ufunc
   keywords other than out=, the exception class for each nd_status. */
static PyTypeObject *result_type = &NdArray_Type;
static PyObject *convert_fn, *index_fn, *ufunc_slow_fn, *ufunc_method_fn;
static PyObject *error_classes[ND_ERR_UNSUPPORTED + 1];
static PyObject *str_out;

/* np.errstate's "raise" categories (ND_FP_* bits), per thread as nd's own
   mode; the ufuncs check nd's sticky flags against them after the call. */
static _Thread_local int fp_raise_mask;

/* Elements from which a call releases the GIL (below, the release and
   re-acquire cost more than they let other threads do). */
#define ND_PY_NOGIL_MIN 65536

/* ---- errors ------------------------------------------------------------- */

PyObject *raise_nd_error(void) {
    nd_status s = nd_last_error();
    const char *msg = nd_last_error_message();
    /* "nd_add: ..." -> "...": NumPy's messages have no function prefix */
    if (strncmp(msg, "nd_", 3) == 0) {
        const char *colon = strstr(msg, ": ");
        if (colon) msg = colon + 2;
    }
    PyObject *cls = PyExc_ValueError;
    if (s == ND_OK) {
        cls = PyExc_RuntimeError;
        msg = "nd call failed without an error status";
    } else if (s == ND_ERR_VALUE && strstr(msg, " encountered in ")) {
        cls = PyExc_FloatingPointError;
    } else if ((unsigned)s <= ND_ERR_UNSUPPORTED && error_classes[s]) {
        cls = error_classes[s];
    }
    PyErr_SetString(cls, msg);
    nd_clear_error();
    return NULL;
}

static const char *const fp_names[] = {"divide by zero", "overflow", "underflow", "invalid value"};

/* After a call under a partial errstate: FloatingPointError as NumPy words it. */
static int check_fp(const char *opname) {
    int hit = nd_fp_flags() & fp_raise_mask;
    if (!hit) return 0;
    for (int b = 0; b < 4; b++)
        if (hit & (1 << b)) {
            PyErr_Format(PyExc_FloatingPointError, "%s encountered in %s", fp_names[b], opname);
            break;
        }
    return -1;
}

/* ---- arrays ------------------------------------------------------------- */

PyObject *wrap_new(nd_array *a) {
    if (!a) return raise_nd_error();
    NdArrayObject *o = (NdArrayObject *)result_type->tp_alloc(result_type, 0);
    if (!o) {
        nd_release(a);
        return NULL;
    }
    o->a = a;
    return (PyObject *)o;
}

static void array_dealloc(NdArrayObject *self) {
    if (self->weakreflist) PyObject_ClearWeakRefs((PyObject *)self);
    nd_array *a = self->a;
    self->a = NULL;
    nd_release(a);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* obj as an nd array: borrowed for nd arrays, else a new array kept in
 *hold (a Python object) or *lit (a weak literal) for the caller to drop. */
static nd_array *as_nd(PyObject *obj, PyObject **hold, nd_array **lit) {
    if (is_array(obj)) return ((NdArrayObject *)obj)->a;
    if (PyFloat_CheckExact(obj)) {
        double v = PyFloat_AS_DOUBLE(obj);
        *lit = nd_lit_f64(v);
        if (!*lit) raise_nd_error();
        return *lit;
    }
    if (PyComplex_CheckExact(obj)) {
        /* nd has no weak complex literal: NEP 50's result (complex64 next to
           float16/float32/complex64 operands, complex128 otherwise) is made
           by the caller through complex_peer; here complex128 */
        nd_complex128 v = {PyComplex_RealAsDouble(obj), PyComplex_ImagAsDouble(obj)};
        *lit = nd_scalar(ND_COMPLEX128, &v);
        if (!*lit) raise_nd_error();
        return *lit;
    }
    if (PyLong_CheckExact(obj)) {
        int overflow = 0;
        long long v = PyLong_AsLongLongAndOverflow(obj, &overflow);
        if (v == -1 && PyErr_Occurred()) return NULL;
        if (!overflow) {
            *lit = nd_lit_i64(v);
            if (!*lit) raise_nd_error();
            return *lit;
        }
    }
    PyObject *b = from_buffer(obj, false);
    if (b) {
        *hold = b;
        return ((NdArrayObject *)b)->a;
    }
    if (PyErr_Occurred()) return NULL;
    if (!convert_fn) {
        PyErr_SetString(PyExc_TypeError, "nd: no converter registered");
        return NULL;
    }
    PyObject *r = PyObject_CallOneArg(convert_fn, obj);
    if (!r) return NULL;
    if (!is_array(r)) {
        Py_DECREF(r);
        PyErr_SetString(PyExc_TypeError, "nd: the converter did not return an nd array");
        return NULL;
    }
    *hold = r;
    return ((NdArrayObject *)r)->a;
}

static PyObject *array_get_ptr(NdArrayObject *self, void *c) {
    (void)c;
    return PyLong_FromVoidPtr(self->a);
}
static PyObject *array_get_data(NdArrayObject *self, void *c) {
    (void)c;
    return PyLong_FromVoidPtr(nd_data(self->a));
}
static PyObject *int64_tuple(int n, const int64_t *v) {
    PyObject *t = PyTuple_New(n);
    if (!t) return NULL;
    for (int i = 0; i < n; i++) {
        PyObject *x = PyLong_FromLongLong(v[i]);
        if (!x) {
            Py_DECREF(t);
            return NULL;
        }
        PyTuple_SET_ITEM(t, i, x);
    }
    return t;
}
static PyObject *array_get_shape(NdArrayObject *self, void *c) {
    (void)c;
    return int64_tuple(nd_ndim(self->a), nd_shape(self->a));
}
static PyObject *array_get_strides(NdArrayObject *self, void *c) {
    (void)c;
    return int64_tuple(nd_ndim(self->a), nd_strides(self->a));
}
static PyObject *array_get_ndim(NdArrayObject *self, void *c) {
    (void)c;
    return PyLong_FromLong(nd_ndim(self->a));
}
static PyObject *array_get_size(NdArrayObject *self, void *c) {
    (void)c;
    return PyLong_FromLongLong(nd_size(self->a));
}
static PyObject *array_get_itemsize(NdArrayObject *self, void *c) {
    (void)c;
    return PyLong_FromSize_t(nd_itemsize(self->a));
}
static PyObject *array_get_nbytes(NdArrayObject *self, void *c) {
    (void)c;
    return PyLong_FromLongLong(nd_nbytes(self->a));
}
static PyObject *array_get_dtype_num(NdArrayObject *self, void *c) {
    (void)c;
    return PyLong_FromLong((long)nd_get_dtype(self->a));
}
static PyObject *array_get_writeable(NdArrayObject *self, void *c) {
    (void)c;
    return PyBool_FromLong(nd_is_writeable(self->a));
}
static int array_set_writeable(NdArrayObject *self, PyObject *v, void *c) {
    (void)c;
    int w = v ? PyObject_IsTrue(v) : -1;
    if (w < 0) {
        if (!PyErr_Occurred()) PyErr_SetString(PyExc_TypeError, "cannot delete writeable");
        return -1;
    }
    if (nd_set_writeable(self->a, w)) {
        raise_nd_error();
        return -1;
    }
    return 0;
}
static PyObject *array_get_c_contig(NdArrayObject *self, void *c) {
    (void)c;
    return PyBool_FromLong(nd_is_c_contiguous(self->a));
}
static PyObject *array_get_f_contig(NdArrayObject *self, void *c) {
    (void)c;
    return PyBool_FromLong(nd_is_f_contiguous(self->a));
}

static PyGetSetDef array_getset[] = {
    {"_ptr", (getter)array_get_ptr, NULL, "address of the nd_array", NULL},
    {"_data", (getter)array_get_data, NULL, "address of the first element", NULL},
    {"shape", (getter)array_get_shape, NULL, "tuple of dimensions", NULL},
    {"strides", (getter)array_get_strides, NULL, "byte strides", NULL},
    {"ndim", (getter)array_get_ndim, NULL, "number of dimensions", NULL},
    {"size", (getter)array_get_size, NULL, "number of elements", NULL},
    {"itemsize", (getter)array_get_itemsize, NULL, "bytes per element", NULL},
    {"nbytes", (getter)array_get_nbytes, NULL, "bytes of the elements", NULL},
    {"_dtype_num", (getter)array_get_dtype_num, NULL, "nd_dtype", NULL},
    {"_writeable", (getter)array_get_writeable, (setter)array_set_writeable, NULL, NULL},
    {"_c_contiguous", (getter)array_get_c_contig, NULL, NULL, NULL},
    {"_f_contiguous", (getter)array_get_f_contig, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL}};

/* One element of a 0-d array (or a[()] of any) as a Python scalar. */
static PyObject *array_item0(NdArrayObject *self, PyObject *unused) {
    (void)unused;
    if (nd_size(self->a) != 1) {
        PyErr_SetString(PyExc_ValueError, "can only convert an array of size 1 to a Python scalar");
        return NULL;
    }
    int64_t idx[ND_MAX_DIMS] = {0};
    union {
        bool b;
        int64_t i;
        uint64_t u;
        int8_t i8;
        int16_t i16;
        int32_t i32;
        uint8_t u8;
        uint16_t u16;
        uint32_t u32;
        uint16_t h;
        float f;
        double d;
        nd_complex64 c64;
        nd_complex128 c128;
    } v;
    if (nd_get(self->a, idx, &v)) return raise_nd_error();
    switch (nd_get_dtype(self->a)) {
    case ND_BOOL:
        return PyBool_FromLong(v.b);
    case ND_INT8:
        return PyLong_FromLong(v.i8);
    case ND_INT16:
        return PyLong_FromLong(v.i16);
    case ND_INT32:
        return PyLong_FromLong(v.i32);
    case ND_INT64:
        return PyLong_FromLongLong(v.i);
    case ND_UINT8:
        return PyLong_FromLong(v.u8);
    case ND_UINT16:
        return PyLong_FromLong(v.u16);
    case ND_UINT32:
        return PyLong_FromUnsignedLong(v.u32);
    case ND_UINT64:
        return PyLong_FromUnsignedLongLong(v.u);
    case ND_FLOAT16: {
        double d = PyFloat_Unpack2((const char *)&v.h, 1);
        if (d == -1.0 && PyErr_Occurred()) return NULL;
        return PyFloat_FromDouble(d);
    }
    case ND_FLOAT32:
        return PyFloat_FromDouble(v.f);
    case ND_FLOAT64:
        return PyFloat_FromDouble(v.d);
    case ND_COMPLEX64:
        return PyComplex_FromDoubles(v.c64.re, v.c64.im);
    case ND_COMPLEX128:
        return PyComplex_FromDoubles(v.c128.re, v.c128.im);
    default:
        PyErr_SetString(PyExc_TypeError, "unknown dtype");
        return NULL;
    }
}

static PyObject *array_repr(NdArrayObject *self) {
    char *s = nd_to_string(self->a);
    if (!s) return raise_nd_error();
    PyObject *r = PyUnicode_FromString(s);
    free(s);
    return r;
}

static Py_ssize_t array_len(NdArrayObject *self) {
    if (nd_ndim(self->a) == 0) {
        PyErr_SetString(PyExc_TypeError, "len() of unsized object");
        return -1;
    }
    return (Py_ssize_t)nd_shape(self->a)[0];
}

/* ---- indexing ----------------------------------------------------------- */

/* a Python int (or anything with __index__) as int64; overflow clamps,
   keeping INT64_MIN free as ND_SLICE_NONE */
static int index_value(PyObject *o, int64_t *v) {
    PyObject *i = PyNumber_Index(o);
    if (!i) return -1;
    int overflow = 0;
    long long x = PyLong_AsLongLongAndOverflow(i, &overflow);
    Py_DECREF(i);
    if (x == -1 && PyErr_Occurred()) return -1;
    if (overflow) x = overflow > 0 ? INT64_MAX : INT64_MIN + 1;
    *v = x == INT64_MIN ? INT64_MIN + 1 : x;
    return 0;
}

static int slice_part(PyObject *o, int64_t *v) {
    if (o == Py_None) {
        *v = ND_SLICE_NONE;
        return 0;
    }
    return index_value(o, v);
}

static const char bad_index_msg[] =
    "only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or "
    "boolean arrays are valid indices";

/* Fills idx[0..*n) from key; arrays made here go to *holds (a list made
on first use, so the common basic index allocates nothing). */
static int parse_index(PyObject *key, nd_index *idx, int *n, PyObject **holds) {
    PyObject *items = PyTuple_Check(key) ? key : NULL;
    Py_ssize_t count = items ? PyTuple_GET_SIZE(items) : 1;
    if (count > 2 * ND_MAX_DIMS) {
        PyErr_SetString(PyExc_IndexError, "too many indices for array");
        return -1;
    }
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *it = items ? PyTuple_GET_ITEM(items, k) : key;
        nd_index *x = &idx[k];
        memset(x, 0, sizeof *x);
        if (PyLong_CheckExact(it)) {
            x->kind = ND_IDX_INT;
            if (index_value(it, &x->i)) return -1;
        } else if (PySlice_Check(it)) {
            PySliceObject *s = (PySliceObject *)it;
            x->kind = ND_IDX_SLICE;
            if (slice_part(s->start, &x->start) || slice_part(s->stop, &x->stop) ||
                slice_part(s->step, &x->step))
                return -1;
        } else if (it == Py_Ellipsis) {
            x->kind = ND_IDX_ELLIPSIS;
        } else if (it == Py_None) {
            x->kind = ND_IDX_NEWAXIS;
        } else if (is_array(it)) {
            x->kind = ND_IDX_ARRAY;
            x->array = ((NdArrayObject *)it)->a;
        } else if (PyFloat_Check(it) || PyUnicode_Check(it) || PyBytes_Check(it) ||
                   PyComplex_Check(it) || !index_fn) {
            PyErr_SetString(PyExc_IndexError, bad_index_msg);
            return -1;
        } else {
            PyObject *r = PyObject_CallOneArg(index_fn, it);
            if (!r) return -1;
            if (PyLong_CheckExact(r)) { /* a NumPy integer scalar */
                x->kind = ND_IDX_INT;
                int rc = index_value(r, &x->i);
                Py_DECREF(r);
                if (rc) return -1;
                continue;
            }
            if (!*holds && !(*holds = PyList_New(0))) {
                Py_DECREF(r);
                return -1;
            }
            if (!is_array(r) || PyList_Append(*holds, r)) {
                if (!PyErr_Occurred()) PyErr_SetString(PyExc_IndexError, bad_index_msg);
                Py_DECREF(r);
                return -1;
            }
            Py_DECREF(r);
            x->kind = ND_IDX_ARRAY;
            x->array = ((NdArrayObject *)r)->a;
        }
    }
    *n = (int)count;
    return 0;
}

static PyObject *array_subscript(NdArrayObject *self, PyObject *key) {
    nd_index idx[2 * ND_MAX_DIMS];
    int n = 0;
    PyObject *holds = NULL, *r = NULL;
    if (!parse_index(key, idx, &n, &holds)) r = wrap_new(nd_index_get(self->a, n, idx));
    Py_XDECREF(holds);
    return r;
}

static int array_ass_subscript(NdArrayObject *self, PyObject *key, PyObject *value) {
    if (!value) {
        PyErr_SetString(PyExc_ValueError, "cannot delete array elements");
        return -1;
    }
    nd_index idx[2 * ND_MAX_DIMS];
    int n = 0, rc = -1;
    PyObject *holds = NULL, *hold = NULL;
    nd_array *lit = NULL;
    if (!parse_index(key, idx, &n, &holds)) {
        nd_array *v = as_nd(value, &hold, &lit);
        if (v) {
            if (nd_index_set(self->a, n, idx, v))
                raise_nd_error();
            else
                rc = 0;
        }
    }
    nd_release(lit);
    Py_XDECREF(hold);
    Py_XDECREF(holds);
    return rc;
}

static PyMappingMethods array_as_mapping = {(lenfunc)array_len, (binaryfunc)array_subscript,
                                            (objobjargproc)array_ass_subscript};

static PyMethodDef array_methods[] = {
    {"_item0", (PyCFunction)array_item0, METH_NOARGS, "the single element as a Python scalar"},
    {"__dlpack__", (PyCFunction)(void (*)(void))array_dlpack, METH_VARARGS | METH_KEYWORDS,
     "a DLPack capsule viewing the array"},
    {"__dlpack_device__", (PyCFunction)array_dlpack_device, METH_NOARGS, "(kDLCPU, 0)"},
    {NULL, NULL, 0, NULL}};

PyTypeObject NdArray_Type = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "nd._core._ndarray",
    .tp_basicsize = sizeof(NdArrayObject),
    .tp_dealloc = (destructor)array_dealloc,
    .tp_repr = (reprfunc)array_repr,
    .tp_as_mapping = &array_as_mapping,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_doc = "An nd array (the base of nd.ndarray).",
    .tp_weaklistoffset = offsetof(NdArrayObject, weakreflist),
    .tp_methods = array_methods,
    .tp_getset = array_getset,
};

/* ---- ufuncs ------------------------------------------------------------- */

/* A Python complex next to a single-precision (or half) operand is
   complex64, as NEP 50 makes a weak complex: the literal is remade so. */
static void complex_peer(PyObject *const *args, const nd_array **in, nd_array **lit) {
    for (int i = 0; i < 2; i++) {
        if (!lit[i] || !PyComplex_CheckExact(args[i])) continue;
        nd_dtype o = nd_get_dtype(in[1 - i]);
        if (nd_is_weak(in[1 - i]) || (o != ND_FLOAT16 && o != ND_FLOAT32 && o != ND_COMPLEX64))
            continue;
        nd_complex64 v = {(float)PyComplex_RealAsDouble(args[i]),
                          (float)PyComplex_ImagAsDouble(args[i])};
        nd_array *c = nd_scalar(ND_COMPLEX64, &v);
        if (!c) {
            nd_clear_error(); /* keep the complex128 literal: a wider result, not a failure */
            continue;
        }
        nd_release(lit[i]);
        lit[i] = c;
        in[i] = c;
    }
}

static PyObject *ufunc_call_slow(UfuncObject *self, PyObject *const *args, size_t nargsf,
                                 PyObject *kwnames) {
    if (!ufunc_slow_fn) {
        PyErr_SetString(PyExc_TypeError, "nd: ufunc keywords need nd/__init__.py");
        return NULL;
    }
    /* (ufunc, *args, **kw) */
    Py_ssize_t n = PyVectorcall_NARGS(nargsf), nk = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    PyObject *stack[2 * ND_MAX_DIMS + 8];
    if (n + nk + 1 > (Py_ssize_t)(sizeof stack / sizeof stack[0])) {
        PyErr_SetString(PyExc_TypeError, "too many arguments");
        return NULL;
    }
    stack[0] = (PyObject *)self;
    for (Py_ssize_t i = 0; i < n + nk; i++) stack[i + 1] = args[i];
    return PyObject_Vectorcall(ufunc_slow_fn, stack, (size_t)(n + 1), kwnames);
}

static PyObject *ufunc_vectorcall(UfuncObject *self, PyObject *const *args, size_t nargsf,
                                  PyObject *kwnames) {
    Py_ssize_t n = PyVectorcall_NARGS(nargsf);
    PyObject *outobj = NULL;
    if (kwnames) {
        if (PyTuple_GET_SIZE(kwnames) != 1) return ufunc_call_slow(self, args, nargsf, kwnames);
        PyObject *k = PyTuple_GET_ITEM(kwnames, 0);
        if (k != str_out && PyUnicode_Compare(k, str_out) != 0)
            return ufunc_call_slow(self, args, nargsf, kwnames);
        outobj = args[n];
        if (n == self->nin + 1) {
            PyErr_SetString(PyExc_TypeError,
                            "cannot specify 'out' as both a positional and keyword argument");
            return NULL;
        }
    } else if (n == self->nin + 1) {
        outobj = args[n - 1];
        n--;
    }
    if (n != self->nin) {
        PyErr_Format(PyExc_TypeError,
                     "%U() takes from %d to %d positional arguments but %zd were given", self->name,
                     self->nin, self->nin + 1, n);
        return NULL;
    }
    if (outobj && PyTuple_Check(outobj)) {
        if (PyTuple_GET_SIZE(outobj) != 1) {
            PyErr_SetString(PyExc_ValueError,
                            "The 'out' tuple must have exactly one entry per ufunc output");
            return NULL;
        }
        outobj = PyTuple_GET_ITEM(outobj, 0);
    }
    if (outobj == Py_None) outobj = NULL;
    PyObject *outhold = NULL;
    if (outobj && !is_array(outobj)) {
        /* a writeable NumPy array (or other buffer) as out: written in place */
        outhold = from_buffer(outobj, true);
        if (!outhold) {
            if (!PyErr_Occurred() || PyErr_ExceptionMatches(PyExc_BufferError)) {
                PyErr_Clear();
                PyErr_SetString(PyExc_TypeError,
                                "return arrays must be of ArrayType (nd or writeable NumPy)");
            }
            return NULL;
        }
    }
    PyObject *hold[2] = {NULL, NULL};
    nd_array *lit[2] = {NULL, NULL};
    const nd_array *in[2];
    PyObject *result = NULL;
    for (int i = 0; i < self->nin; i++)
        if (!(in[i] = as_nd(args[i], &hold[i], &lit[i]))) goto done;
    if (self->nin == 2) complex_peer(args, in, lit);
    nd_array *out = outhold  ? ((NdArrayObject *)outhold)->a
                    : outobj ? ((NdArrayObject *)outobj)->a
                             : NULL;
    int mask = fp_raise_mask;
    if (mask) nd_fp_clear();
    nd_array *r;
    if (nd_size(in[0]) >= ND_PY_NOGIL_MIN || (out && nd_size(out) >= ND_PY_NOGIL_MIN)) {
        Py_BEGIN_ALLOW_THREADS r = nd_ufunc((nd_op)self->op, self->nin, in, out);
        Py_END_ALLOW_THREADS
    } else {
        r = nd_ufunc((nd_op)self->op, self->nin, in, out);
    }
    if (!r) {
        raise_nd_error();
    } else if (mask && check_fp(PyUnicode_AsUTF8(self->name))) {
        if (!out) nd_release(r);
    } else if (out) {
        result = Py_NewRef(outobj);
    } else {
        result = wrap_new(r);
    }
done:
    Py_XDECREF(outhold);
    for (int i = 0; i < 2; i++) {
        Py_XDECREF(hold[i]);
        nd_release(lit[i]);
    }
    return result;
}

static PyObject *ufunc_new(PyTypeObject *type, PyObject *args, PyObject *kw) {
    (void)kw;
    int op, nin;
    PyObject *name;
    if (!PyArg_ParseTuple(args, "iiU", &op, &nin, &name)) return NULL;
    if (op < 0 || op >= ND_NUM_OPS || nd_op_nin((nd_op)op) != nin) {
        PyErr_SetString(PyExc_ValueError, "no such nd op");
        return NULL;
    }
    UfuncObject *u = (UfuncObject *)type->tp_alloc(type, 0);
    if (!u) return NULL;
    u->vectorcall = (vectorcallfunc)ufunc_vectorcall;
    u->op = op;
    u->nin = nin;
    u->name = Py_NewRef(name);
    return (PyObject *)u;
}

static void ufunc_dealloc(UfuncObject *u) {
    Py_XDECREF(u->name);
    Py_TYPE(u)->tp_free((PyObject *)u);
}

static PyObject *ufunc_repr(UfuncObject *u) {
    return PyUnicode_FromFormat("<ufunc '%U'>", u->name);
}

static PyObject *ufunc_method(UfuncObject *u, const char *which, PyObject *args, PyObject *kw) {
    if (!ufunc_method_fn) {
        PyErr_SetString(PyExc_TypeError, "nd: ufunc methods need nd/__init__.py");
        return NULL;
    }
    PyObject *w = PyUnicode_FromString(which);
    if (!w) return NULL;
    PyObject *r = PyObject_CallFunctionObjArgs(ufunc_method_fn, (PyObject *)u, w, args,
                                               kw ? kw : Py_None, NULL);
    Py_DECREF(w);
    return r;
}
static PyObject *ufunc_reduce(UfuncObject *u, PyObject *a, PyObject *k) {
    return ufunc_method(u, "reduce", a, k);
}
static PyObject *ufunc_accumulate(UfuncObject *u, PyObject *a, PyObject *k) {
    return ufunc_method(u, "accumulate", a, k);
}
static PyObject *ufunc_outer(UfuncObject *u, PyObject *a, PyObject *k) {
    return ufunc_method(u, "outer", a, k);
}

static PyObject *ufunc_get_nin(UfuncObject *u, void *c) {
    (void)c;
    return PyLong_FromLong(u->nin);
}
static PyObject *ufunc_get_nargs(UfuncObject *u, void *c) {
    (void)c;
    return PyLong_FromLong(u->nin + 1);
}
static PyObject *ufunc_get_one(UfuncObject *u, void *c) {
    (void)u;
    (void)c;
    return PyLong_FromLong(1);
}
static PyObject *ufunc_get_name(UfuncObject *u, void *c) {
    (void)c;
    return Py_NewRef(u->name);
}
static PyObject *ufunc_get_op(UfuncObject *u, void *c) {
    (void)c;
    return PyLong_FromLong(u->op);
}

static PyGetSetDef ufunc_getset[] = {{"nin", (getter)ufunc_get_nin, NULL, NULL, NULL},
                                     {"nout", (getter)ufunc_get_one, NULL, NULL, NULL},
                                     {"nargs", (getter)ufunc_get_nargs, NULL, NULL, NULL},
                                     {"__name__", (getter)ufunc_get_name, NULL, NULL, NULL},
                                     {"_op", (getter)ufunc_get_op, NULL, NULL, NULL},
                                     {NULL, NULL, NULL, NULL, NULL}};

static PyMethodDef ufunc_methods[] = {
    {"reduce", (PyCFunction)(void (*)(void))ufunc_reduce, METH_VARARGS | METH_KEYWORDS, NULL},
    {"accumulate", (PyCFunction)(void (*)(void))ufunc_accumulate, METH_VARARGS | METH_KEYWORDS,
     NULL},
    {"outer", (PyCFunction)(void (*)(void))ufunc_outer, METH_VARARGS | METH_KEYWORDS, NULL},
    {NULL, NULL, 0, NULL}};

static PyTypeObject Ufunc_Type = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "nd.ufunc",
    .tp_basicsize = sizeof(UfuncObject),
    .tp_dealloc = (destructor)ufunc_dealloc,
    .tp_repr = (reprfunc)ufunc_repr,
    .tp_call = PyVectorcall_Call,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_VECTORCALL,
    .tp_vectorcall_offset = offsetof(UfuncObject, vectorcall),
    .tp_doc = "An elementwise nd op with NumPy's ufunc call signature.",
    .tp_methods = ufunc_methods,
    .tp_getset = ufunc_getset,
    .tp_new = ufunc_new,
};

/* ---- module ------------------------------------------------------------- */

static PyObject *mod_configure(PyObject *mod, PyObject *args) {
    (void)mod;
    PyObject *cls, *conv, *idx, *slow, *meth, *errs;
    if (!PyArg_ParseTuple(args, "O!OOOOO!", &PyType_Type, &cls, &conv, &idx, &slow, &meth,
                          &PyDict_Type, &errs))
        return NULL;
    if (!PyType_IsSubtype((PyTypeObject *)cls, &NdArray_Type)) {
        PyErr_SetString(PyExc_TypeError, "the array class must derive from _ndarray");
        return NULL;
    }
    Py_INCREF(cls);
    result_type = (PyTypeObject *)cls;
    Py_XSETREF(convert_fn, Py_NewRef(conv));
    Py_XSETREF(index_fn, Py_NewRef(idx));
    Py_XSETREF(ufunc_slow_fn, Py_NewRef(slow));
    Py_XSETREF(ufunc_method_fn, Py_NewRef(meth));
    for (int s = 0; s <= ND_ERR_UNSUPPORTED; s++) {
        PyObject *c = PyDict_GetItemString(errs, nd_status_name((nd_status)s));
        Py_XINCREF(c);
        Py_XSETREF(error_classes[s], c);
    }
    Py_RETURN_NONE;
}

/* set_fp_raise(mask): np.errstate's raise categories for this thread. When
   every category NumPy raises by default is asked, nd's own raise mode is
   used too, so reductions and linalg raise as well. */
static PyObject *mod_set_fp_raise(PyObject *mod, PyObject *arg) {
    (void)mod;
    long m = PyLong_AsLong(arg);
    if (m == -1 && PyErr_Occurred()) return NULL;
    int old = fp_raise_mask;
    fp_raise_mask = (int)m & 15;
    const int all3 = ND_FP_DIVBYZERO | ND_FP_OVERFLOW | ND_FP_INVALID;
    nd_fp_set_mode((fp_raise_mask & all3) == all3 ? ND_FP_RAISE : ND_FP_IGNORE);
    return PyLong_FromLong(old);
}

static PyObject *mod_check_fp(PyObject *mod, PyObject *name) {
    (void)mod;
    const char *s = PyUnicode_AsUTF8(name);
    if (!s || check_fp(s)) return NULL;
    Py_RETURN_NONE;
}

static PyObject *mod_clear_fp(PyObject *mod, PyObject *unused) {
    (void)mod;
    (void)unused;
    if (fp_raise_mask) nd_fp_clear();
    return PyLong_FromLong(fp_raise_mask);
}

/* The path of the libnd this module is linked with, for cffi's dlopen. */
static PyObject *mod_libnd_path(PyObject *mod, PyObject *unused) {
    (void)mod;
    (void)unused;
    Dl_info info;
    if (!dladdr((void *)nd_version, &info) || !info.dli_fname) {
        PyErr_SetString(PyExc_ImportError, "cannot locate libnd");
        return NULL;
    }
    return PyUnicode_DecodeFSDefault(info.dli_fname);
}

static PyMethodDef mod_methods[] = {
    {"configure", mod_configure, METH_VARARGS, "hooks from nd/__init__.py"},
    {"wrap_ptr", mod_wrap_ptr, METH_O, "an nd array owning a new nd_array reference"},
    {"wrap_buffer", mod_wrap_buffer, METH_VARARGS, "an nd array viewing foreign memory"},
    {"raise_error", mod_raise_error, METH_NOARGS, "raise nd's pending error"},
    {"from_buffer", mod_from_buffer, METH_O, "an nd array viewing a buffer, or None"},
    {"from_dlpack", mod_from_dlpack, METH_O, "an nd array viewing a DLPack producer's memory"},
    {"set_fp_raise", mod_set_fp_raise, METH_O, "errstate raise mask for this thread"},
    {"check_fp", mod_check_fp, METH_O, "raise FloatingPointError for flags in the mask"},
    {"clear_fp", mod_clear_fp, METH_NOARGS, "clear nd's flags when a mask is set"},
    {"libnd_path", mod_libnd_path, METH_NOARGS, "path of the loaded libnd"},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef core_module = {PyModuleDef_HEAD_INIT,
                                         "nd._core",
                                         "The C part of nd's Python binding.",
                                         -1,
                                         mod_methods,
                                         NULL,
                                         NULL,
                                         NULL,
                                         NULL};

PyMODINIT_FUNC PyInit__core(void) {
    if (PyType_Ready(&NdArray_Type) < 0 || PyType_Ready(&Ufunc_Type) < 0) return NULL;
    str_out = PyUnicode_InternFromString("out");
    if (!str_out) return NULL;
    PyObject *m = PyModule_Create(&core_module);
    if (!m) return NULL;
    if (PyModule_AddObjectRef(m, "_ndarray", (PyObject *)&NdArray_Type) ||
        PyModule_AddObjectRef(m, "ufunc", (PyObject *)&Ufunc_Type) ||
        PyModule_AddIntConstant(m, "NUM_OPS", ND_NUM_OPS)) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
