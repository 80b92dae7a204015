"""nd's public API under NumPy's names and keywords: ufuncs (nd._core),
creation, manipulation, reductions, sorting, products, io, errstate."""
import array as _pyarray
import builtins as _bi
import operator as _operator
import os as _os
import threading as _threading

from . import _core
from ._array import ndarray
from ._lib import DTYPES, _np, as_dtype, check, cptr, ffi, lib, shape_arg, wrap

AXIS_ALL = lib.ND_AXIS_ALL
_float64 = as_dtype("float64")
_int64 = as_dtype("int64")
_bool = as_dtype("bool")


class AxisError(ValueError, IndexError):
    """An axis out of range (NumPy's numpy.AxisError when NumPy is present)."""


if _np is not None:
    AxisError = _np.AxisError  # noqa: F811  (the same class, so NumPy's tests catch nd's)


# ---- conversion -----------------------------------------------------------

def _flatten_nested(obj):
    """shape and flat values of nested lists/tuples of Python scalars, or
    None when obj holds anything else."""
    if isinstance(obj, (bool, int, float, complex)):
        return (), [obj]
    if not isinstance(obj, (list, tuple)):
        return None
    if len(obj) == 0:
        return (0,), []
    parts = [_flatten_nested(x) for x in obj]
    if _bi.any(p is None for p in parts):
        return None
    sub = parts[0][0]
    if _bi.any(p[0] != sub for p in parts):
        raise ValueError("setting an array element with a sequence. The requested array has an "
                         "inhomogeneous shape after 1 dimensions.")
    return (len(obj),) + sub, [v for p in parts for v in p[1]]


def _from_values(shape, values, dt):
    if dt is None:
        if not values:
            dt = _float64
        elif _bi.all(type(v) is bool for v in values):
            dt = _bool
        elif _bi.all(isinstance(v, (bool, int)) for v in values):
            dt = _int64
            if _bi.any(v > 2**63 - 1 for v in values):  # NumPy: uint64 if all fit, else float64
                dt = as_dtype("uint64" if _bi.all(v > 2**63 - 1 for v in values) else "float64")
        elif _bi.any(isinstance(v, complex) for v in values):
            dt = as_dtype("complex128")
        else:
            dt = _float64
    # pack in the widest type of the value kind, then let nd cast
    if dt.kind == "c" or _bi.any(isinstance(v, complex) for v in values):
        buf = _pyarray.array("d", [p for v in values for p in (complex(v).real, complex(v).imag)])
        src = as_dtype("complex128")
    elif dt.kind == "u" and dt.itemsize == 8:
        buf, src = _pyarray.array("Q", [int(v) for v in values]), dt
    elif dt.kind in "iub" and _bi.all(isinstance(v, (bool, int)) for v in values):
        try:
            buf, src = _pyarray.array("q", [int(v) for v in values]), _int64
        except OverflowError:
            raise OverflowError("Python int too large to convert to C long") from None
    else:
        buf, src = _pyarray.array("d", [float(v) for v in values]), _float64
    n, sh = shape_arg(shape)
    if not len(buf):
        return wrap(lib.nd_empty(dt.num, n, sh))
    a = wrap(lib.nd_from_buffer(src.num, n, sh, ffi.from_buffer(buf)))
    return a if src is dt else astype(a, dt)


def _from_interface(obj, dt):
    ai = obj.__array_interface__
    typestr = ai["typestr"]
    if typestr[0] == ">" or typestr[1:] == "b1" and typestr[0] not in "|<":
        raise TypeError("byte-swapped")
    src = as_dtype(typestr)
    strides = ai.get("strides")
    data, readonly = ai["data"]
    a = _core.wrap_buffer(data, src.num, ai["shape"], strides, readonly, obj)
    return a


def asarray(a, dtype=None, order=None, *, like=None):
    """An nd array of a: nd arrays as they are, NumPy arrays (and anything
    with __array_interface__ or __dlpack__) viewed without a copy, nested
    lists and Python scalars converted."""
    dt = None if dtype is None else as_dtype(dtype)
    if isinstance(a, ndarray):
        r = a
    elif isinstance(a, (bool, int, float, complex, list, tuple)) and (f := _flatten_nested(a)):
        return _from_values(f[0], f[1], dt)
    elif _np is not None and isinstance(a, (_np.ndarray, _np.generic)) and \
            (r := _core.from_buffer(a)) is not None:
        pass  # viewed through the buffer protocol, in C
    elif _np is not None and isinstance(a, _np.ndarray):
        if a.dtype.byteorder == ">" or a.dtype.name not in _NUMPY_OK:
            a = _np.ascontiguousarray(a, dtype=a.dtype.newbyteorder("=") if a.dtype.name in _NUMPY_OK
                                      else None)
            if a.dtype.name not in _NUMPY_OK:
                raise TypeError(f"nd has no dtype {a.dtype}")
        r = _from_interface(a, dt)
    elif _np is not None and isinstance(a, _np.generic):
        r = _from_interface(_np.asarray(a), dt)
    elif hasattr(a, "__array_interface__"):
        r = _from_interface(a, dt)
    elif hasattr(a, "__dlpack__"):
        r = from_dlpack(a)
    elif _np is not None:
        return asarray(_np.asarray(a, dtype=None if dt is None else dt.name), dt)
    else:
        raise TypeError(f"cannot convert {type(a).__name__} to an nd array")
    return r if dt is None or r.dtype is dt else astype(r, dt)


_NUMPY_OK = {d.name for d in DTYPES}


def array(object, dtype=None, *, copy=True, order="K", subok=False, ndmin=0, like=None):
    r = asarray(object, dtype)
    if copy and (r is object or r._data != 0 and _shares_foreign(r, object)):
        r = _copy_order(r, order)
    while r.ndim < ndmin:
        r = expand_dims(r, 0)
    return r


def _shares_foreign(r, obj):
    return not isinstance(obj, (list, tuple, bool, int, float, complex))


def from_dlpack(x, /):
    """An nd array viewing the memory of a DLPack producer (NumPy, PyTorch...)."""
    return _core.from_dlpack(x)


def _as_index(obj):
    """An index item that is not an int, slice, Ellipsis, None or nd array:
    an int for integer scalars (NumPy's), else an nd array."""
    if _np is not None and isinstance(obj, _np.integer):
        return int(obj)
    if isinstance(obj, bool):
        return asarray(obj)
    if isinstance(obj, (list, tuple)) and len(obj) == 0:
        return zeros(0, _int64)
    r = asarray(obj)
    return r


def _arr(x):
    return x if isinstance(x, ndarray) else asarray(x)


def _axis(axis):
    return AXIS_ALL if axis is None else _operator.index(axis)


def _out(out):
    if isinstance(out, tuple):
        if len(out) != 1:
            raise ValueError("The 'out' tuple must have exactly one entry")
        out = out[0]
    if out is None:
        return None, ffi.NULL
    if not isinstance(out, ndarray):
        raise TypeError("out must be an nd array")
    return out, cptr(out)


def _ret(p, out):
    if p == ffi.NULL:
        _core.raise_error()
    return out if out is not None else wrap(p)


# ---- ufuncs ---------------------------------------------------------------

_ufuncs = {}
for _i in range(lib.ND_NUM_OPS):
    _name = ffi.string(lib.nd_op_name(_i)).decode()
    _ufuncs[_name] = _core.ufunc(_i, lib.nd_op_nin(_i), _name)
globals().update(_ufuncs)
abs = absolute  # noqa: A001,F821
conj = conjugate  # noqa: F821
true_divide = divide  # noqa: F821
mod = remainder  # noqa: F821
_CASTING = {"no": lib.ND_CAST_NO, "equiv": lib.ND_CAST_EQUIV, "safe": lib.ND_CAST_SAFE,
            "same_kind": lib.ND_CAST_SAME_KIND, "unsafe": lib.ND_CAST_UNSAFE}


_BOOL_OUT = {"equal", "not_equal", "less", "less_equal", "greater", "greater_equal",
             "logical_and", "logical_or", "logical_xor", "logical_not", "isnan", "isinf",
             "isfinite", "signbit"}


def _ufunc_slow(uf, *args, out=None, where=True, casting="same_kind", order="K", dtype=None,
                subok=True, signature=None, sig=None):
    """The keywords the C fast path leaves: dtype=, casting=, where=."""
    nin = uf.nin
    if len(args) == nin + 1 and out is None:
        args, out = args[:nin], args[nin]
    if len(args) != nin:
        raise TypeError(f"{uf.__name__}() takes from {nin} to {nin + 1} positional arguments but "
                        f"{len(args)} were given")
    if casting not in _CASTING:
        raise ValueError("casting must be one of 'no', 'equiv', 'safe', 'same_kind', or 'unsafe'")
    if signature is not None or sig is not None:
        dtype = dtype or (signature or sig)
    ins = list(args)
    if dtype is not None and uf.__name__ in _BOOL_OUT:
        # dtype= names the output (NumPy's signature (None, ..., dtype)): these
        # ops have bool loops only, so bool keeps the operands as they are
        if as_dtype(dtype) != _bool:
            raise TypeError("No loop matching the specified signature and casting was found "
                            f"for ufunc {uf.__name__}")
        dtype = None
    if dtype is not None:
        dt = as_dtype(dtype)
        for i, x in enumerate(ins):
            if isinstance(x, (int, float)) and not isinstance(x, bool):
                if isinstance(x, float) and dt.kind in "biu" and casting != "unsafe":
                    raise TypeError(f"Cannot cast ufunc '{uf.__name__}' input {i} from "
                                    f"dtype('float64') to {dt!r} with casting rule '{casting}'")
                ins[i] = asarray(x, dt)
                continue
            x = _arr(x)
            if not lib.nd_can_cast(x.dtype.num, dt.num, _CASTING[casting]):
                raise TypeError(f"Cannot cast ufunc '{uf.__name__}' input {i} from {x.dtype!r} to "
                                f"{dt!r} with casting rule '{casting}'")
            ins[i] = astype(x, dt)
    if isinstance(out, tuple):
        out = out[0] if len(out) == 1 else out
    if where is True and casting == "same_kind":
        return uf(*ins, out=out)
    r = uf(*ins)
    if out is None:
        if where is True:
            return r
        out = zeros(r.shape, r.dtype)
    o = _arr(out)  # a NumPy out= is written through nd's view of its memory
    if not lib.nd_can_cast(r.dtype.num, o.dtype.num, _CASTING[casting]):
        raise TypeError(f"Cannot cast ufunc '{uf.__name__}' output from {r.dtype!r} to "
                        f"{o.dtype!r} with casting rule '{casting}'")
    if where is not True:
        where = _arr(where)
        where = where if where.dtype == _bool else astype(where, _bool)
    copyto(o, r, casting="unsafe", where=where)
    return out


_REDUCE_OPS = {"add": lib.ND_OP_ADD, "multiply": lib.ND_OP_MULTIPLY, "maximum": lib.ND_OP_MAXIMUM,
               "minimum": lib.ND_OP_MINIMUM, "fmax": lib.ND_OP_FMAX, "fmin": lib.ND_OP_FMIN,
               "logical_or": lib.ND_OP_LOGICAL_OR, "logical_and": lib.ND_OP_LOGICAL_AND}


def _ufunc_method(uf, which, args, kw):
    kw = kw or {}
    name = uf.__name__
    if which == "outer":
        a, b = (_arr(x) for x in args)
        return uf(reshape(a, a.shape + (1,) * b.ndim), b, **kw)
    if uf.nin != 2:
        raise ValueError(f"{which} only supported for binary functions")
    a = _arr(args[0])
    axis = args[1] if len(args) > 1 else kw.pop("axis", 0)
    dtype = args[2] if len(args) > 2 else kw.pop("dtype", None)
    out = args[3] if len(args) > 3 else kw.pop("out", None)
    if dtype is not None:
        a = astype(a, dtype)
    if which == "reduce":
        # NumPy's positional order: array, axis, dtype, out, keepdims, initial, where
        for i, k in ((4, "keepdims"), (5, "initial"), (6, "where")):
            if len(args) > i:
                kw[k] = args[i]
        if kw.get("where", True) is True:
            kw.pop("where", None)
        keepdims = kw.pop("keepdims", False)
        if kw:
            raise TypeError(f"nd: {name}.reduce does not take {', '.join(kw)}")
        if name in _REDUCE_OPS:
            op = _REDUCE_OPS[name]

            def red(p, ax, kd, o):
                if ax == AXIS_ALL:
                    return lib.nd_reduce(op, p, -1, ffi.NULL, kd, o)
                return lib.nd_reduce(op, p, 1, ffi.new("int[]", [ax]), kd, o)
            return _reduce_call(red, a, axis, keepdims, out, op=op)
        ax = _norm_axis(axis if axis is not None else 0, a.ndim) if axis is not None else None
        if ax is None:
            a, ax = ravel(a), 0
        m = moveaxis(a, ax, 0)
        if m.shape[0] == 0:
            raise ValueError(f"zero-size array to reduction operation {name} which has no identity")
        acc = m[0]
        for i in range(1, m.shape[0]):
            acc = uf(acc, m[i])
        if keepdims:
            acc = expand_dims(acc, ax)
        return acc if out is None else _into(out, acc)
    if which == "accumulate":
        if name in ("add", "multiply"):
            # a ufunc's accumulate keeps the operand's dtype (bool: logical or/and;
            # integers wrap), where np.cumsum/cumprod widen to int64/uint64
            r = (cumsum if name == "add" else cumprod)(a, axis)
            if r.dtype != a.dtype:
                r = astype(r, a.dtype)
            return r if out is None else _into(out, r)
        m = moveaxis(a, axis, 0)
        res = empty(m.shape, uf(m[:1], m[:1]).dtype)
        if m.shape[0]:
            res[0] = m[0]
        for i in range(1, m.shape[0]):
            uf(res[i - 1], m[i], out=res[i])
        res = moveaxis(res, 0, axis)
        return res if out is None else _into(out, res)
    raise AttributeError(which)


def _into(out, r):
    copyto(out, r, casting="same_kind")
    return out


# ---- errstate -------------------------------------------------------------

_FP_BITS = {"divide": lib.ND_FP_DIVBYZERO, "over": lib.ND_FP_OVERFLOW,
            "under": lib.ND_FP_UNDERFLOW, "invalid": lib.ND_FP_INVALID}
_FP_MODES = ("ignore", "warn", "raise", "call", "print", "log")
_fp_local = _threading.local()


def geterr():
    """NumPy's geterr. nd raises for "raise" and is silent otherwise (its
    flags are sticky instead of warnings)."""
    return dict(getattr(_fp_local, "modes", None) or
                {"divide": "warn", "over": "warn", "under": "ignore", "invalid": "warn"})


def seterr(all=None, divide=None, over=None, under=None, invalid=None):
    old = geterr()
    new = dict(old)
    for k, v in (("divide", divide), ("over", over), ("under", under), ("invalid", invalid)):
        v = v if v is not None else all
        if v is not None:
            if v not in _FP_MODES:
                raise ValueError(f"invalid error mode {v!r}")
            new[k] = v
    _fp_local.modes = new
    _core.set_fp_raise(_bi.sum(b for k, b in _FP_BITS.items() if new[k] == "raise"))
    return old


class errstate:
    """with nd.errstate(all="raise"): ... -- FloatingPointError as NumPy."""

    def __init__(self, *, call=None, **kwargs):
        self.kwargs = kwargs

    def __enter__(self):
        self.old = seterr(**self.kwargs)

    def __exit__(self, *exc):
        seterr(**self.old)

    def __call__(self, fn):
        def wrapped(*a, **k):
            with self:
                return fn(*a, **k)
        return wrapped


# ---- creation -------------------------------------------------------------

def _dt(dtype, default=_float64):
    return default if dtype is None else as_dtype(dtype)


def empty(shape, dtype=float, order="C", *, like=None):
    n, sh = shape_arg(shape)
    return wrap(lib.nd_empty_order(_dt(dtype).num, n, sh, _order(order)))


def zeros(shape, dtype=float, order="C", *, like=None):
    n, sh = shape_arg(shape)
    return wrap(lib.nd_zeros_order(_dt(dtype).num, n, sh, _order(order)))


def ones(shape, dtype=None, order="C", *, like=None):
    n, sh = shape_arg(shape)
    return wrap(lib.nd_ones(_dt(dtype).num, n, sh))


def full(shape, fill_value, dtype=None, order="C", *, like=None):
    fv = asarray(fill_value)
    dt = _dt(dtype, fv.dtype if not isinstance(fill_value, (int, float)) or isinstance(fill_value, bool)
             else (_int64 if isinstance(fill_value, int) else _float64))
    r = empty(shape, dt, order)
    lib.nd_assign(cptr(r), cptr(fv)) == 0 or _core.raise_error()
    return r


def _order(order):
    return lib.ND_ORDER_F if order == "F" else lib.ND_ORDER_C


def empty_like(a, dtype=None, order="K", subok=True, shape=None):
    a = _arr(a)
    return empty(a.shape if shape is None else shape, _dt(dtype, a.dtype))


def zeros_like(a, dtype=None, order="K", subok=True, shape=None):
    a = _arr(a)
    return zeros(a.shape if shape is None else shape, _dt(dtype, a.dtype))


def ones_like(a, dtype=None, order="K", subok=True, shape=None):
    a = _arr(a)
    return ones(a.shape if shape is None else shape, _dt(dtype, a.dtype))


def full_like(a, fill_value, dtype=None, order="K", subok=True, shape=None):
    a = _arr(a)
    return full(a.shape if shape is None else shape, fill_value, _dt(dtype, a.dtype))


def arange(start, stop=None, step=1, dtype=None, *, like=None):
    if stop is None:
        start, stop = 0, start
    if dtype is None:
        dtype = _float64 if _bi.any(isinstance(v, float) for v in (start, stop, step)) else _int64
    return wrap(lib.nd_arange(float(start), float(stop), float(step), as_dtype(dtype).num))


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    if not endpoint:
        r = linspace(start, stop, num + 1, True, False, dtype)[:num]
    else:
        r = wrap(lib.nd_linspace(float(start), float(stop), num, _dt(dtype).num))
    if retstep:
        return r, (stop - start) / _bi.max(num - (1 if endpoint else 0), 1)
    return r


def eye(N, M=None, k=0, dtype=float, order="C", *, like=None):
    return wrap(lib.nd_eye(N, -1 if M is None else M, k, _dt(dtype).num))


def identity(n, dtype=None, *, like=None):
    return wrap(lib.nd_identity(n, _dt(dtype).num))


def copy(a, order="K", subok=False):
    return _copy_order(_arr(a), order)


def _copy_order(a, order):
    if order == "F" or (order in ("K", "A") and a._f_contiguous and not a._c_contiguous):
        return wrap(lib.nd_copy_order(cptr(a), lib.ND_ORDER_F))
    return wrap(lib.nd_copy(cptr(a)))


def astype(a, dtype, casting="unsafe", copy=True):
    a, dt = _arr(a), as_dtype(dtype)
    if not copy and a.dtype is dt:
        return a
    if not lib.nd_can_cast(a.dtype.num, dt.num, _CASTING[casting]):
        raise TypeError(f"Cannot cast array data from {a.dtype!r} to {dt!r} according to the rule "
                        f"'{casting}'")
    return wrap(lib.nd_astype(cptr(a), dt.num))


def tobytes(a, order="C"):
    """The elements' bytes in C (or F) order, as ndarray.tobytes."""
    c = _copy_order(_arr(a), "F" if order == "F" else "C")
    return bytes(ffi.buffer(ffi.cast("char *", c._data), c.nbytes))


def fill(a, value):
    v = asarray(value)
    check(lib.nd_assign(cptr(a), cptr(v)))


def view(a):
    return wrap(lib.nd_slice(cptr(a), b"..."))


def unravel(a, i):
    return tuple(int(x) for x in unravel_index(i, a.shape))


def unravel_index(indices, shape, order="C"):
    i, out = _operator.index(indices), []
    size = 1
    for s in shape:
        size *= s
    if not -size <= i < size:
        raise ValueError(f"index {i} is out of bounds for array with size {size}")
    i %= size
    for s in reversed(shape):
        out.append(i % s)
        i //= s
    return tuple(reversed(out))


# ---- type information ------------------------------------------------------

def result_type(*arrays_and_dtypes):
    dts = [as_dtype(x) if not hasattr(x, "dtype") or isinstance(x, type) else as_dtype(x.dtype)
           for x in arrays_and_dtypes]
    r = dts[0]
    for d in dts[1:]:
        r = DTYPES[lib.nd_result_type(r.num, d.num)]
    return r


def promote_types(t1, t2):
    return DTYPES[lib.nd_result_type(as_dtype(t1).num, as_dtype(t2).num)]


def can_cast(from_, to, casting="safe"):
    f = from_.dtype if isinstance(from_, ndarray) else as_dtype(from_)
    return bool(lib.nd_can_cast(f.num, as_dtype(to).num, _CASTING[casting]))


def may_share_memory(a, b, max_work=None):
    a, b = _arr(a), _arr(b)
    return bool(lib.nd_may_share_memory(cptr(a), cptr(b)))


def shape(a):
    return _arr(a).shape


def ndim(a):
    return _arr(a).ndim


def size(a, axis=None):
    a = _arr(a)
    return a.size if axis is None else a.shape[axis]


from ._funcs2 import *  # noqa: E402,F401,F403
from ._funcs2 import _norm_axis, _reduce_call  # noqa: E402
from ._io import *  # noqa: E402,F401,F403
