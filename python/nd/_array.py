"""nd.ndarray: the C array object of nd._core with NumPy's methods,
operators and interchange protocols."""
from . import _core
from ._lib import DTYPES, _np


class _Flags:
    __slots__ = ("_a",)

    def __init__(self, a):
        self._a = a

    @property
    def writeable(self):
        return self._a._writeable

    @writeable.setter
    def writeable(self, v):
        self._a._writeable = bool(v)

    @property
    def c_contiguous(self):
        return self._a._c_contiguous

    @property
    def f_contiguous(self):
        return self._a._f_contiguous

    def __getitem__(self, k):
        return getattr(self, {"WRITEABLE": "writeable", "C_CONTIGUOUS": "c_contiguous",
                              "F_CONTIGUOUS": "f_contiguous"}.get(k, k.lower()))

    def __repr__(self):
        return (f"  C_CONTIGUOUS : {self.c_contiguous}\n  F_CONTIGUOUS : {self.f_contiguous}\n"
                f"  WRITEABLE : {self.writeable}")


class ndarray(_core._ndarray):
    """An n-dimensional nd array. Indexing, operators and methods follow
    NumPy; numpy.asarray(x) views it without a copy (__array_interface__),
    and so do DLPack consumers (__dlpack__)."""
    __slots__ = ()
    __hash__ = None

    @property
    def dtype(self):
        return DTYPES[self._dtype_num]

    @property
    def flags(self):
        return _Flags(self)

    @property
    def T(self):
        return _F.transpose(self)

    @property
    def mT(self):
        return _F.swapaxes(self, -1, -2)

    @property
    def real(self):
        return _F.real(self)

    @property
    def imag(self):
        return _F.imag(self)

    @property
    def __array_interface__(self):
        return {"data": (self._data, not self._writeable), "shape": self.shape,
                "strides": self.strides, "typestr": self.dtype.str, "version": 3}

    def __array__(self, dtype=None):
        if _np is None:
            raise TypeError("NumPy is not installed")
        a = _np.asarray(_ArrayInterface(self))
        return a if dtype is None else a.astype(dtype, copy=False)

    def __str__(self):
        return repr(self)

    # ---- scalars ----
    def item(self, *args):
        if args:
            return self[args if len(args) > 1 else _F.unravel(self, args[0])]._item0()
        return self._item0()

    def tobytes(self, order="C"):
        return _F.tobytes(self, order)

    def tolist(self):
        if self.ndim == 0:
            return self._item0()
        return [self[i].tolist() for i in range(self.shape[0])]

    def __float__(self):
        return float(self._item0())

    def __int__(self):
        return int(self._item0())

    def __complex__(self):
        return complex(self._item0())

    def __bool__(self):
        if self.size != 1:
            raise ValueError("The truth value of an array with more than one element is "
                             "ambiguous. Use a.any() or a.all()")
        return bool(self._item0())

    def __index__(self):
        if self.ndim != 0 or self.dtype.kind not in "iub":
            raise TypeError("only integer scalar arrays can be converted to a scalar index")
        return int(self._item0())

    def __iter__(self):
        if self.ndim == 0:
            raise TypeError("iteration over a 0-d array")
        return (self[i] for i in range(self.shape[0]))

    def __copy__(self):
        return _F.copy(self)

    def __deepcopy__(self, memo):
        return _F.copy(self)

    # ---- operators ----
    def __add__(self, o): return _F.add(self, o)
    def __radd__(self, o): return _F.add(o, self)
    def __iadd__(self, o): return _F.add(self, o, out=self)
    def __sub__(self, o): return _F.subtract(self, o)
    def __rsub__(self, o): return _F.subtract(o, self)
    def __isub__(self, o): return _F.subtract(self, o, out=self)
    def __mul__(self, o): return _F.multiply(self, o)
    def __rmul__(self, o): return _F.multiply(o, self)
    def __imul__(self, o): return _F.multiply(self, o, out=self)
    def __truediv__(self, o): return _F.divide(self, o)
    def __rtruediv__(self, o): return _F.divide(o, self)
    def __itruediv__(self, o): return _F.divide(self, o, out=self)
    def __floordiv__(self, o): return _F.floor_divide(self, o)
    def __rfloordiv__(self, o): return _F.floor_divide(o, self)
    def __ifloordiv__(self, o): return _F.floor_divide(self, o, out=self)
    def __mod__(self, o): return _F.remainder(self, o)
    def __rmod__(self, o): return _F.remainder(o, self)
    def __imod__(self, o): return _F.remainder(self, o, out=self)
    def __divmod__(self, o): return _F.divmod(self, o)
    def __rdivmod__(self, o): return _F.divmod(o, self)
    def __pow__(self, o, mod=None): return _F.power(self, o)
    def __rpow__(self, o): return _F.power(o, self)
    def __ipow__(self, o): return _F.power(self, o, out=self)
    def __matmul__(self, o): return _F.matmul(self, o)
    def __rmatmul__(self, o): return _F.matmul(o, self)
    def __imatmul__(self, o): return _F.matmul(self, o, out=self)
    def __and__(self, o): return _F.bitwise_and(self, o)
    def __rand__(self, o): return _F.bitwise_and(o, self)
    def __iand__(self, o): return _F.bitwise_and(self, o, out=self)
    def __or__(self, o): return _F.bitwise_or(self, o)
    def __ror__(self, o): return _F.bitwise_or(o, self)
    def __ior__(self, o): return _F.bitwise_or(self, o, out=self)
    def __xor__(self, o): return _F.bitwise_xor(self, o)
    def __rxor__(self, o): return _F.bitwise_xor(o, self)
    def __ixor__(self, o): return _F.bitwise_xor(self, o, out=self)
    def __lshift__(self, o): return _F.left_shift(self, o)
    def __rlshift__(self, o): return _F.left_shift(o, self)
    def __ilshift__(self, o): return _F.left_shift(self, o, out=self)
    def __rshift__(self, o): return _F.right_shift(self, o)
    def __rrshift__(self, o): return _F.right_shift(o, self)
    def __irshift__(self, o): return _F.right_shift(self, o, out=self)
    def __neg__(self): return _F.negative(self)
    def __pos__(self): return _F.positive(self)
    def __abs__(self): return _F.absolute(self)
    def __invert__(self): return _F.invert(self)
    def __eq__(self, o):
        if o is None:  # NumPy: elementwise, nothing equals None
            return _F.zeros(self.shape, "bool")
        return _F.equal(self, o)

    def __ne__(self, o):
        if o is None:
            return _F.ones(self.shape, "bool")
        return _F.not_equal(self, o)

    def __reduce__(self):
        return (_F.array, (self.tolist(), self.dtype.name))
    def __lt__(self, o): return _F.less(self, o)
    def __le__(self, o): return _F.less_equal(self, o)
    def __gt__(self, o): return _F.greater(self, o)
    def __ge__(self, o): return _F.greater_equal(self, o)

    # ---- methods (NumPy's ndarray methods, by the functions) ----
    def astype(self, dtype, order="K", casting="unsafe", subok=True, copy=True):
        return _F.astype(self, dtype, casting=casting, copy=copy)

    def copy(self, order="C"):
        return _F.copy(self, order=order)

    def fill(self, value):
        _F.fill(self, value)

    def reshape(self, *shape, order="C"):
        if len(shape) == 1 and not isinstance(shape[0], int):
            shape = shape[0]
        return _F.reshape(self, shape, order=order)

    def transpose(self, *axes):
        if len(axes) == 1 and (axes[0] is None or not isinstance(axes[0], int)):
            axes = axes[0]
        return _F.transpose(self, axes or None)

    def ravel(self, order="C"): return _F.ravel(self, order)
    def flatten(self, order="C"): return _F.flatten(self, order)
    def squeeze(self, axis=None): return _F.squeeze(self, axis)
    def swapaxes(self, a1, a2): return _F.swapaxes(self, a1, a2)
    def view(self): return _F.view(self)
    def conj(self): return _F.conjugate(self)
    def conjugate(self): return _F.conjugate(self)
    def round(self, decimals=0, out=None): return _F.round(self, decimals, out)
    def clip(self, min=None, max=None, out=None): return _F.clip(self, min, max, out)
    def nonzero(self): return _F.nonzero(self)
    def take(self, indices, axis=None, out=None, mode="raise"): return _F.take(self, indices, axis, out)
    def repeat(self, repeats, axis=None): return _F.repeat(self, repeats, axis)
    def diagonal(self, offset=0, axis1=0, axis2=1): return _F.diagonal(self, offset, axis1, axis2)
    def trace(self, offset=0, axis1=0, axis2=1, dtype=None, out=None):
        return _F.trace(self, offset, axis1, axis2, dtype, out)
    def dot(self, b, out=None): return _F.dot(self, b, out)
    def argsort(self, axis=-1, kind=None, order=None): return _F.argsort(self, axis, kind)
    def searchsorted(self, v, side="left", sorter=None): return _F.searchsorted(self, v, side, sorter)

    def sort(self, axis=-1, kind=None, order=None):
        _F.sort_inplace(self, axis)

    def sum(self, axis=None, dtype=None, out=None, keepdims=False, **kw):
        return _F.sum(self, axis, dtype, out, keepdims, **kw)

    def prod(self, axis=None, dtype=None, out=None, keepdims=False, **kw):
        return _F.prod(self, axis, dtype, out, keepdims, **kw)

    def mean(self, axis=None, dtype=None, out=None, keepdims=False, **kw):
        return _F.mean(self, axis, dtype, out, keepdims, **kw)

    def var(self, axis=None, dtype=None, out=None, ddof=0, keepdims=False, **kw):
        return _F.var(self, axis, dtype, out, ddof, keepdims, **kw)

    def std(self, axis=None, dtype=None, out=None, ddof=0, keepdims=False, **kw):
        return _F.std(self, axis, dtype, out, ddof, keepdims, **kw)

    def min(self, axis=None, out=None, keepdims=False, **kw):
        return _F.min(self, axis, out, keepdims, **kw)

    def max(self, axis=None, out=None, keepdims=False, **kw):
        return _F.max(self, axis, out, keepdims, **kw)

    def argmin(self, axis=None, out=None, *, keepdims=False):
        return _F.argmin(self, axis, out, keepdims=keepdims)

    def argmax(self, axis=None, out=None, *, keepdims=False):
        return _F.argmax(self, axis, out, keepdims=keepdims)

    def any(self, axis=None, out=None, keepdims=False, **kw):
        return _F.any(self, axis, out, keepdims, **kw)

    def all(self, axis=None, out=None, keepdims=False, **kw):
        return _F.all(self, axis, out, keepdims, **kw)

    def cumsum(self, axis=None, dtype=None, out=None):
        return _F.cumsum(self, axis, dtype, out)

    def cumprod(self, axis=None, dtype=None, out=None):
        return _F.cumprod(self, axis, dtype, out)


class _ArrayInterface:
    """Hands NumPy the interface of an nd array while keeping the array
    (the interface dict alone would not keep it alive)."""
    __slots__ = ("a", "__array_interface__")

    def __init__(self, a):
        self.a = a
        self.__array_interface__ = a.__array_interface__


from . import _funcs as _F  # noqa: E402  (the functions need ndarray first)
