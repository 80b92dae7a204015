/* Shared by the two C files of the extension module nd._core: _core.c
   (the array type, indexing, ufuncs, the module) and _interop.c (NumPy's
   buffers, DLPack, foreign memory). */
#ifndef ND_PY_CORE_H
#define ND_PY_CORE_H
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdbool.h>

#include "nd/core.h"

/* Python 3.9 and 3.10 (built against, not tested here: Debian 12 has 3.11) */
#if PY_VERSION_HEX < 0x030A0000
static inline PyObject *Py_NewRef(PyObject *o) {
    Py_INCREF(o);
    return o;
}
static int PyModule_AddObjectRef(PyObject *m, const char *name, PyObject *o) {
    Py_INCREF(o);
    if (PyModule_AddObject(m, name, o) == 0) return 0;
    Py_DECREF(o);
    return -1;
}
#endif
#if PY_VERSION_HEX < 0x030B0000
#define PyFloat_Unpack2 _PyFloat_Unpack2
#endif

typedef struct {
    PyObject_HEAD nd_array *a;
    PyObject *weakreflist;
} NdArrayObject;

extern PyTypeObject NdArray_Type;

static inline bool is_array(PyObject *o) { return PyObject_TypeCheck(o, &NdArray_Type); }

/* _core.c */
PyObject *raise_nd_error(void);  /* nd's pending error as NumPy's exception; NULL */
PyObject *wrap_new(nd_array *a); /* a Python array owning a (NULL: the error) */

/* _interop.c */
PyObject *from_buffer(PyObject *obj, bool writable);
PyObject *array_dlpack(NdArrayObject *self, PyObject *args, PyObject *kw);
PyObject *array_dlpack_device(NdArrayObject *self, PyObject *unused);
PyObject *mod_from_dlpack(PyObject *mod, PyObject *obj);
PyObject *mod_wrap_buffer(PyObject *mod, PyObject *args);
PyObject *mod_wrap_ptr(PyObject *mod, PyObject *addr);
PyObject *mod_from_buffer(PyObject *mod, PyObject *obj);
PyObject *mod_raise_error(PyObject *mod, PyObject *unused);

#endif
