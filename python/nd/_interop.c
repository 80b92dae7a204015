/* nd._core's interchange: NumPy arrays and scalars through the buffer
   protocol, DLPack capsules both ways, foreign memory kept alive by its
   Python owner, and the cffi side's raw pointers. */
#include "_core.h"

#include <dlpack/dlpack.h>
#include <string.h>

#include "nd/dlpack.h"

/* ---- the buffer protocol (NumPy arrays and scalars) ---------------------- */

/* The struct-module format of a buffer as an nd dtype: the native formats
   NumPy exports ("d", "l", "Zf", "?", "<e" ...); -1 for anything else
   (byte-swapped, structured, object), which goes through the converter. */
static int dtype_of_format(const char *f, Py_ssize_t itemsize) {
    if (!f) return ND_UINT8;
    if (*f == '@' || *f == '=' || *f == '<') f++;
    bool is_complex = *f == 'Z';
    if (is_complex) f++;
    if (!f[0] || f[1]) return -1;
    int t;
    switch (*f) {
    case '?':
        t = ND_BOOL;
        break;
    case 'b':
        t = ND_INT8;
        break;
    case 'B':
        t = ND_UINT8;
        break;
    case 'h':
    case 'H':
    case 'i':
    case 'I':
    case 'l':
    case 'L':
    case 'q':
    case 'Q': {
        bool u = *f == 'H' || *f == 'I' || *f == 'L' || *f == 'Q';
        switch (itemsize) {
        case 2:
            t = u ? ND_UINT16 : ND_INT16;
            break;
        case 4:
            t = u ? ND_UINT32 : ND_INT32;
            break;
        case 8:
            t = u ? ND_UINT64 : ND_INT64;
            break;
        default:
            return -1;
        }
        break;
    }
    case 'e':
        t = ND_FLOAT16;
        break;
    case 'f':
        t = is_complex ? ND_COMPLEX64 : ND_FLOAT32;
        break;
    case 'd':
        t = is_complex ? ND_COMPLEX128 : ND_FLOAT64;
        break;
    default:
        return -1;
    }
    if (is_complex && t != ND_COMPLEX64 && t != ND_COMPLEX128) return -1;
    return nd_dtype_size((nd_dtype)t) == (size_t)itemsize ? t : -1;
}

static void buffer_release(void *ctx) {
    PyGILState_STATE st = PyGILState_Ensure();
    PyBuffer_Release((Py_buffer *)ctx);
    PyMem_RawFree(ctx);
    PyGILState_Release(st);
}

/* An nd array viewing obj's buffer, no copy; NULL without an exception when
   obj has no buffer nd can describe (the caller falls back). */
PyObject *from_buffer(PyObject *obj, bool writable) {
    if (!PyObject_CheckBuffer(obj) || PyBytes_Check(obj) || PyByteArray_Check(obj) ||
        PyMemoryView_Check(obj) || PyUnicode_Check(obj))
        return NULL;
    Py_buffer *view = PyMem_RawMalloc(sizeof *view);
    if (!view) return PyErr_NoMemory();
    if (PyObject_GetBuffer(obj, view, writable ? PyBUF_RECORDS : PyBUF_RECORDS_RO)) {
        PyMem_RawFree(view);
        if (writable) return NULL; /* the caller reports what it needs */
        PyErr_Clear();
        return NULL;
    }
    int t = dtype_of_format(view->format, view->itemsize);
    if (t < 0 || view->ndim > ND_MAX_DIMS) {
        PyBuffer_Release(view);
        PyMem_RawFree(view);
        return NULL;
    }
    int64_t sh[ND_MAX_DIMS], st[ND_MAX_DIMS];
    for (int i = 0; i < view->ndim; i++) {
        sh[i] = view->shape[i];
        st[i] = view->strides[i];
    }
    nd_array *a =
        view->readonly
            ? nd_wrap_readonly(view->buf, (nd_dtype)t, view->ndim, sh, st, buffer_release, view)
            : nd_wrap(view->buf, (nd_dtype)t, view->ndim, sh, st, buffer_release, view);
    if (!a) {
        PyBuffer_Release(view);
        PyMem_RawFree(view);
        return raise_nd_error();
    }
    return wrap_new(a);
}

/* ---- DLPack ------------------------------------------------------------- */

static void dlpack_capsule_free(PyObject *cap) {
    if (!PyCapsule_IsValid(cap, "dltensor")) return; /* consumed: the consumer owns it */
    DLManagedTensor *t = PyCapsule_GetPointer(cap, "dltensor");
    if (t && t->deleter) t->deleter(t);
}

PyObject *array_dlpack(NdArrayObject *self, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"stream", NULL};
    PyObject *stream = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "|$O", kwlist, &stream)) return NULL;
    if (stream != Py_None) {
        PyErr_SetString(PyExc_RuntimeError, "nd arrays are on the CPU: stream must be None");
        return NULL;
    }
    DLManagedTensor *t = nd_to_dlpack(self->a);
    if (!t) {
        PyErr_SetString(PyExc_BufferError, strstr(nd_last_error_message(), ": ")
                                               ? strstr(nd_last_error_message(), ": ") + 2
                                               : nd_last_error_message());
        nd_clear_error();
        return NULL;
    }
    PyObject *cap = PyCapsule_New(t, "dltensor", dlpack_capsule_free);
    if (!cap && t->deleter) t->deleter(t);
    return cap;
}

PyObject *array_dlpack_device(NdArrayObject *self, PyObject *unused) {
    (void)self;
    (void)unused;
    return Py_BuildValue("(ii)", (int)kDLCPU, 0);
}

PyObject *mod_from_dlpack(PyObject *mod, PyObject *obj) {
    (void)mod;
    PyObject *cap = PyObject_CallMethod(obj, "__dlpack__", NULL);
    if (!cap) return NULL;
    DLManagedTensor *t = PyCapsule_GetPointer(cap, "dltensor");
    if (!t) {
        Py_DECREF(cap);
        return NULL;
    }
    nd_array *a = nd_from_dlpack(t);
    if (!a) {
        Py_DECREF(cap); /* still named "dltensor": its destructor frees t */
        return raise_nd_error();
    }
    /* from here nd runs the deleter; the capsule must not */
    if (PyCapsule_SetName(cap, "used_dltensor")) {
        Py_DECREF(cap);
        nd_release(a);
        return NULL;
    }
    Py_DECREF(cap);
    return wrap_new(a);
}

/* ---- wrapping foreign memory -------------------------------------------- */

/* The owner (a NumPy array, a bytes object...) is released when nd drops
   the last view, possibly on a thread without the GIL. */
static void owner_release(void *ctx) {
    PyGILState_STATE st = PyGILState_Ensure();
    Py_DECREF((PyObject *)ctx);
    PyGILState_Release(st);
}

/* wrap_buffer(address, dtype_num, shape, strides or None, readonly, owner) */
PyObject *mod_wrap_buffer(PyObject *mod, PyObject *args) {
    (void)mod;
    PyObject *addr, *shape, *strides, *owner;
    int dt, readonly;
    if (!PyArg_ParseTuple(args, "OiOOpO", &addr, &dt, &shape, &strides, &readonly, &owner))
        return NULL;
    void *data = PyLong_AsVoidPtr(addr);
    if (!data && PyErr_Occurred()) return NULL;
    int64_t sh[ND_MAX_DIMS], st[ND_MAX_DIMS];
    Py_ssize_t nd = PySequence_Length(shape);
    if (nd < 0) return NULL;
    if (nd > ND_MAX_DIMS) {
        PyErr_SetString(PyExc_ValueError, "too many dimensions");
        return NULL;
    }
    bool have_strides = strides != Py_None;
    for (Py_ssize_t i = 0; i < nd; i++) {
        PyObject *x = PySequence_GetItem(shape, i);
        long long v = x ? PyLong_AsLongLong(x) : -1;
        Py_XDECREF(x);
        if (v == -1 && PyErr_Occurred()) return NULL;
        sh[i] = v;
        if (have_strides) {
            x = PySequence_GetItem(strides, i);
            v = x ? PyLong_AsLongLong(x) : -1;
            Py_XDECREF(x);
            if (v == -1 && PyErr_Occurred()) return NULL;
            st[i] = v;
        }
    }
    Py_INCREF(owner);
    nd_array *a = readonly ? nd_wrap_readonly(data, (nd_dtype)dt, (int)nd, sh,
                                              have_strides ? st : NULL, owner_release, owner)
                           : nd_wrap(data, (nd_dtype)dt, (int)nd, sh, have_strides ? st : NULL,
                                     owner_release, owner);
    if (!a) {
        Py_DECREF(owner); /* release only runs when the wrap succeeds */
        return raise_nd_error();
    }
    return wrap_new(a);
}

/* wrap_ptr(address): a new Python array owning the nd_array reference at
   address (from a cffi call that returned a new reference). 0 raises the
   pending nd error. */
PyObject *mod_wrap_ptr(PyObject *mod, PyObject *addr) {
    (void)mod;
    void *p = PyLong_AsVoidPtr(addr);
    if (!p) return PyErr_Occurred() ? NULL : raise_nd_error();
    return wrap_new((nd_array *)p);
}

/* from_buffer(obj): an nd array viewing obj's buffer (NumPy arrays and
   scalars of nd's dtypes, native byte order), or None. */
PyObject *mod_from_buffer(PyObject *mod, PyObject *obj) {
    (void)mod;
    PyObject *r = from_buffer(obj, false);
    if (r || PyErr_Occurred()) return r;
    Py_RETURN_NONE;
}

PyObject *mod_raise_error(PyObject *mod, PyObject *unused) {
    (void)mod;
    (void)unused;
    return raise_nd_error();
}
