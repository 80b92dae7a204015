"""cffi's view of libnd (declarations generated from nd's public headers by
python/gen_cdef.py), nd's dtypes as Python objects, and the helpers that
pass arrays between cffi and nd._core."""
import os

import cffi

from . import _core

ffi = cffi.FFI()
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "_cdef.h")) as _f:
    ffi.cdef(_f.read())
# libc's free/fdopen/fclose, for buffers and FILE * that nd's API hands over
ffi.cdef("void free(void *); FILE *fdopen(int, const char *); int fclose(FILE *);")
# the very library nd._core is linked with (already loaded: dlopen finds it)
lib = ffi.dlopen(_core.libnd_path())

try:
    import numpy as _np
except ImportError:  # nd does not need NumPy; it only talks to it when present
    _np = None

_KINDS = "biiiiuuuufffcc"
_CHARS = "?bhiqBHIQefdFD"


class dtype:
    """An nd dtype. Compares equal to NumPy's dtype of the same name, to the
    name itself and to the Python/NumPy scalar types NumPy maps to it."""
    __slots__ = ("num", "name", "itemsize", "kind", "char", "str")

    def __new__(cls, obj):
        return as_dtype(obj)

    @classmethod
    def _make(cls, num):
        d = object.__new__(cls)
        d.num = num
        d.name = ffi.string(lib.nd_dtype_name(num)).decode()
        d.itemsize = lib.nd_dtype_size(num)
        d.kind = _KINDS[num] if d.name != "bool" else "b"
        d.char = _CHARS[num]
        order = "|" if d.itemsize == 1 else "<"
        d.str = order + ("b" if d.name == "bool" else d.kind) + str(d.itemsize)
        return d

    def __repr__(self):
        return f"dtype('{self.name}')"

    def __str__(self):
        return self.name

    def __eq__(self, other):
        try:
            return as_dtype(other) is self
        except TypeError:
            return NotImplemented

    def __ne__(self, other):
        r = self.__eq__(other)
        return r if r is NotImplemented else not r

    def __hash__(self):
        return hash(self.name)

    @property
    def type(self):
        return _np.dtype(self.name).type if _np else self

    @property
    def dtype(self):  # np.dtype(nd_dtype) reads this
        return _np.dtype(self.name) if _np else self


DTYPES = [dtype._make(i) for i in range(lib.ND_NUM_DTYPES)]
_BY_NAME = {d.name: d for d in DTYPES}
_BY_NAME.update({d.char: d for d in DTYPES})
_BY_NAME.update({d.str: d for d in DTYPES})
_BY_NAME.update({"bool_": _BY_NAME["bool"], "b1": _BY_NAME["bool"], "float": _BY_NAME["float64"],
                 "int": _BY_NAME["int64"], "complex": _BY_NAME["complex128"],
                 "double": _BY_NAME["float64"], "single": _BY_NAME["float32"],
                 "half": _BY_NAME["float16"], "intp": _BY_NAME["int64"], "uintp": _BY_NAME["uint64"],
                 "longlong": _BY_NAME["int64"], "ulonglong": _BY_NAME["uint64"],
                 "l": _BY_NAME["int64"], "L": _BY_NAME["uint64"], "p": _BY_NAME["int64"]})
for _d in DTYPES:
    if _d.itemsize > 1:
        _BY_NAME[_d.str[1:]] = _d
        _BY_NAME["=" + _d.str[1:]] = _d
_BY_PYTYPE = {bool: _BY_NAME["bool"], int: _BY_NAME["int64"], float: _BY_NAME["float64"],
              complex: _BY_NAME["complex128"]}


def as_dtype(obj):
    """nd dtype of a name, a Python type, a NumPy dtype or scalar type."""
    if isinstance(obj, dtype):
        return obj
    if isinstance(obj, str):
        d = _BY_NAME.get(obj)
        if d is not None:
            return d
        if _np is not None:
            try:
                return _BY_NAME[_np.dtype(obj).name]
            except (TypeError, KeyError):
                pass
        raise TypeError(f"data type {obj!r} not understood")
    if obj in _BY_PYTYPE:
        return _BY_PYTYPE[obj]
    if obj is None:
        return _BY_NAME["float64"]
    if _np is not None:
        try:
            nd = _np.dtype(obj)
        except TypeError:
            raise TypeError(f"data type {obj!r} not understood") from None
        if nd.byteorder == ">" or nd.name not in _BY_NAME:
            raise TypeError(f"nd has no dtype {nd!r}")
        return _BY_NAME[nd.name]
    name = getattr(obj, "name", None) or getattr(obj, "__name__", None)
    if isinstance(name, str) and name in _BY_NAME:
        return _BY_NAME[name]
    raise TypeError(f"data type {obj!r} not understood")


def wrap(p):
    """A Python array owning the new reference p (NULL raises nd's error)."""
    return _core.wrap_ptr(int(ffi.cast("uintptr_t", p)))


def cptr(x):
    """The nd_array * of an nd array object (keep x alive meanwhile)."""
    return ffi.cast("nd_array *", x._ptr)


def cptr_keep(x):
    """cptr of a temporary: the pointer owns a reference to x, so x (and
    its nd_array) lives as long as the pointer does (through the C call)."""
    return ffi.gc(ffi.cast("nd_array *", x._ptr), lambda _p, _x=x: None)


def check(rc):
    if rc != 0:
        _core.raise_error()


def shape_arg(shape):
    """(ndim, int64_t[]) of an int or a sequence of ints."""
    if isinstance(shape, int) or hasattr(shape, "__index__"):
        shape = (shape,)
    shape = tuple(int(s.__index__()) for s in shape)
    if len(shape) > lib.ND_MAX_DIMS:
        raise ValueError(f"maximum supported dimension for an ndarray is {lib.ND_MAX_DIMS}, "
                         f"found {len(shape)}")
    return len(shape), ffi.new("int64_t[]", shape or (0,))
