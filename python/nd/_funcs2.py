"""Manipulation, reductions, sorting and searching, products and files,
under NumPy's names and keywords (continued from _funcs.py)."""
import builtins as _bi
import operator as _operator
import os as _os

from . import _core
from ._array import ndarray
from ._funcs import (AXIS_ALL, _CASTING, _arr, _axis, _int64, _out, _ret, asarray, astype,
                     _float64)
from ._lib import as_dtype, check, cptr, cptr_keep, ffi, lib, shape_arg, wrap


def _norm_axis(axis, ndim):
    axis = _operator.index(axis)
    if not -ndim <= axis < ndim:
        from ._funcs import AxisError
        raise AxisError(f"axis {axis} is out of bounds for array of dimension {ndim}")
    return axis % ndim if ndim else 0


def _arrays(seq):
    arrs = [_arr(x) for x in seq]
    keep = ffi.new("nd_array *[]", [cptr(x) for x in arrs] or [ffi.NULL])
    return arrs, keep


# ---- shape and views -------------------------------------------------------

def reshape(a, newshape, order="C"):
    a = _arr(a)
    if order == "F":
        return transpose(reshape(transpose(a), tuple(reversed(_tuple(newshape)))))
    n, sh = shape_arg(newshape)
    return wrap(lib.nd_reshape(cptr(a), n, sh))


def _tuple(s):
    return (s,) if isinstance(s, int) else tuple(s)


def transpose(a, axes=None):
    a = _arr(a)
    if axes is None:
        return wrap(lib.nd_transpose(cptr(a), ffi.NULL))
    axes = tuple(axes)
    if len(axes) != a.ndim:
        raise ValueError("axes don't match array")
    return wrap(lib.nd_transpose(cptr(a), ffi.new("int[]", axes or (0,))))


def broadcast_to(array, shape, subok=False):
    a = _arr(array)
    n, sh = shape_arg(shape)
    return wrap(lib.nd_broadcast_to(cptr(a), n, sh))


def broadcast_shapes(*shapes):
    shapes = [_tuple(s) for s in shapes]
    nd = ffi.new("int[]", [len(s) for s in shapes] or [0])
    bufs = [ffi.new("int64_t[]", s or (0,)) for s in shapes]
    ptrs = ffi.new("int64_t *[]", bufs or [ffi.NULL])
    on, osh = ffi.new("int *"), ffi.new("int64_t[]", lib.ND_MAX_DIMS)
    check(lib.nd_broadcast_shapes(len(shapes), nd, ptrs, on, osh))
    return tuple(osh[i] for i in range(on[0]))


def broadcast_arrays(*args, subok=False):
    arrs, keep = _arrays(args)
    outs = ffi.new("nd_array *[]", len(arrs) or 1)
    check(lib.nd_broadcast_arrays(len(arrs), keep, outs))
    return [wrap(outs[i]) for i in range(len(arrs))]


def squeeze(a, axis=None):
    a = _arr(a)
    if isinstance(axis, tuple):
        for ax in sorted((_norm_axis(x, a.ndim) for x in axis), reverse=True):
            a = squeeze(a, ax)
        return a
    return wrap(lib.nd_squeeze(cptr(a), _axis(axis)))


def expand_dims(a, axis):
    a = _arr(a)
    if isinstance(axis, tuple):
        n = a.ndim + len(axis)
        for ax in sorted(_norm_axis(x, n) for x in axis):
            a = expand_dims(a, ax)
        return a
    return wrap(lib.nd_expand_dims(cptr(a), axis))


def moveaxis(a, source, destination):
    a = _arr(a)
    if isinstance(source, int) and isinstance(destination, int):
        return wrap(lib.nd_moveaxis(cptr(a), source, destination))
    src = [_norm_axis(s, a.ndim) for s in source]
    dst = [_norm_axis(d, a.ndim) for d in destination]
    if len(src) != len(dst):
        raise ValueError("`source` and `destination` arguments must have the same number of elements")
    order = [n for n in range(a.ndim) if n not in src]
    for d, s in sorted(zip(dst, src)):
        order.insert(d, s)
    return transpose(a, order)


def swapaxes(a, axis1, axis2):
    return wrap(lib.nd_swapaxes(cptr_keep(_arr(a)), axis1, axis2))


def ravel(a, order="C"):
    a = _arr(a)
    return wrap(lib.nd_ravel(cptr_keep(a if order != "F" else transpose(a))))


def flatten(a, order="C"):
    a = _arr(a)
    return wrap(lib.nd_flatten(cptr_keep(a if order != "F" else transpose(a))))


def atleast_1d(*arys):
    r = [wrap(lib.nd_atleast_1d(cptr_keep(_arr(a)))) for a in arys]
    return r[0] if len(r) == 1 else r


def atleast_2d(*arys):
    r = [wrap(lib.nd_atleast_2d(cptr_keep(_arr(a)))) for a in arys]
    return r[0] if len(r) == 1 else r


def atleast_3d(*arys):
    r = [wrap(lib.nd_atleast_3d(cptr_keep(_arr(a)))) for a in arys]
    return r[0] if len(r) == 1 else r


def flip(m, axis=None):
    m = _arr(m)
    if isinstance(axis, tuple):
        for ax in axis:
            m = flip(m, ax)
        return m
    return wrap(lib.nd_flip(cptr(m), _axis(axis)))


def fliplr(m):
    return flip(m, 1)


def flipud(m):
    return flip(m, 0)


def roll(a, shift, axis=None):
    a = _arr(a)
    if isinstance(shift, tuple) or isinstance(axis, tuple):
        shifts = shift if isinstance(shift, tuple) else (shift,) * len(axis)
        axes = axis if isinstance(axis, tuple) else (axis,) * len(shifts)
        for s, ax in zip(shifts, axes):
            a = roll(a, s, ax)
        return a
    return wrap(lib.nd_roll(cptr(a), shift, _axis(axis)))


def rot90(m, k=1, axes=(0, 1)):
    return wrap(lib.nd_rot90(cptr_keep(_arr(m)), k, axes[0], axes[1]))


# ---- joining, splitting, repeating -------------------------------------------

def _join_cast(name, arrs, dtype, casting, out=None):
    """The joined arrays cast to dtype= (or to out='s dtype) under NumPy's
    casting rule: TypeError when an input cannot be cast so."""
    if casting not in _CASTING:
        raise ValueError("casting must be one of 'no', 'equiv', 'safe', 'same_kind', or 'unsafe'")
    if out is not None and dtype is not None:
        raise TypeError(f"{name}() only takes `out` or `dtype` as an argument, but both were "
                        "provided.")
    target = dtype if dtype is not None else (out.dtype if out is not None else None)
    if target is None:
        return arrs
    dt = as_dtype(target)
    for x in arrs:
        if not lib.nd_can_cast(x.dtype.num, dt.num, _CASTING[casting]):
            raise TypeError(f"Cannot cast array data from {x.dtype!r} to {dt!r} according to the "
                            f"rule '{casting}'")
    return [x if x.dtype is dt else astype(x, dt) for x in arrs]


def _seq(tup, name="arrays to stack"):
    if not isinstance(tup, (list, tuple)) and not hasattr(tup, "__getitem__"):
        import warnings
        warnings.warn(f"{name} must be passed as a sequence type such as list or tuple. Support "
                      "for non-sequence iterables such as generators is deprecated as of NumPy "
                      "1.16 and will raise an error in the future.", FutureWarning, stacklevel=3)
        tup = list(tup)
    return tup


def concatenate(arrays, axis=0, out=None, dtype=None, casting="same_kind"):
    arrs, keep = _arrays(arrays)
    arrs, keep = _arrays(_join_cast("concatenate", arrs, dtype, casting, out))
    o, op = _out(out)
    return _ret(lib.nd_concatenate(len(arrs), keep, _axis(axis), op), o)


def stack(arrays, axis=0, out=None, *, dtype=None, casting="same_kind"):
    arrs, keep = _arrays(_seq(arrays))
    arrs, keep = _arrays(_join_cast("stack", arrs, dtype, casting, out))
    o, op = _out(out)
    return _ret(lib.nd_stack(len(arrs), keep, axis, op), o)


def hstack(tup, *, dtype=None, casting="same_kind"):
    arrs, keep = _arrays(_join_cast("concatenate", _arrays(_seq(tup))[0], dtype, casting))
    return wrap(lib.nd_hstack(len(arrs), keep))


def vstack(tup, *, dtype=None, casting="same_kind"):
    arrs, keep = _arrays(_join_cast("concatenate", _arrays(_seq(tup))[0], dtype, casting))
    return wrap(lib.nd_vstack(len(arrs), keep))


row_stack = vstack


def dstack(tup):
    arrs, keep = _arrays(tup)
    return wrap(lib.nd_dstack(len(arrs), keep))


def column_stack(tup):
    return hstack([reshape(x, (-1, 1)) if _arr(x).ndim < 2 else x for x in tup])


def _split(fn, a, indices_or_sections, axis):
    a = _arr(a)
    if isinstance(indices_or_sections, int) or hasattr(indices_or_sections, "__index__"):
        n = _operator.index(indices_or_sections)
        if n <= 0:
            raise ValueError("number sections must be larger than 0.")
        parts = ffi.new("nd_array *[]", n)
        check(fn(cptr(a), n, axis, parts))
        return [wrap(parts[i]) for i in range(n)]
    idx = [int(i) for i in indices_or_sections]
    parts = ffi.new("nd_array *[]", len(idx) + 1)
    check(lib.nd_split_at(cptr(a), len(idx), ffi.new("int64_t[]", idx or [0]), axis, parts))
    return [wrap(parts[i]) for i in range(len(idx) + 1)]


def split(ary, indices_or_sections, axis=0):
    return _split(lib.nd_split, ary, indices_or_sections, axis)


def array_split(ary, indices_or_sections, axis=0):
    return _split(lib.nd_array_split, ary, indices_or_sections, axis)


def hsplit(ary, indices_or_sections):
    return split(ary, indices_or_sections, 1 if _arr(ary).ndim > 1 else 0)


def vsplit(ary, indices_or_sections):
    return split(ary, indices_or_sections, 0)


def tile(A, reps):
    reps = _tuple(reps)
    return wrap(lib.nd_tile(cptr_keep(_arr(A)), len(reps), ffi.new("int64_t[]", reps or (0,))))


def repeat(a, repeats, axis=None):
    a = _arr(a)
    reps = [int(r) for r in (repeats if hasattr(repeats, "__len__") else [repeats])]
    return wrap(lib.nd_repeat(cptr(a), len(reps), ffi.new("int64_t[]", reps or [0]), _axis(axis)))


_PAD = {"constant": lib.ND_PAD_CONSTANT, "edge": lib.ND_PAD_EDGE, "reflect": lib.ND_PAD_REFLECT,
        "wrap": lib.ND_PAD_WRAP}


def pad(array, pad_width, mode="constant", constant_values=0, **kw):
    a = _arr(array)
    if mode not in _PAD:
        raise ValueError(f"mode '{mode}' is not supported")
    pw = pad_width
    if isinstance(pw, int):
        pw = [(pw, pw)] * a.ndim
    else:
        pw = list(pw)
        if len(pw) and isinstance(pw[0], int):
            pw = [tuple(pw) if len(pw) == 2 else (pw[0], pw[0])] * a.ndim
        elif len(pw) == 1:
            pw = [tuple(pw[0])] * a.ndim
    flat = [int(v) for p in pw for v in (p if len(p) == 2 else (p[0], p[0]))]
    return wrap(lib.nd_pad(cptr(a), ffi.new("int64_t[]", flat or [0]), _PAD[mode],
                           float(constant_values)))


def copyto(dst, src, casting="same_kind", where=True):
    src = _arr(src)
    w = None if where is True else _arr(where)
    check(lib.nd_copyto(cptr(dst), cptr(src), _CASTING[casting], ffi.NULL if w is None else cptr(w)))


# ---- matrices and grids ----------------------------------------------------------

def diag(v, k=0):
    return wrap(lib.nd_diag(cptr_keep(_arr(v)), k))


def diagonal(a, offset=0, axis1=0, axis2=1):
    return wrap(lib.nd_diagonal(cptr_keep(_arr(a)), offset, axis1, axis2))


def triu(m, k=0):
    return wrap(lib.nd_triu(cptr_keep(_arr(m)), k))


def tril(m, k=0):
    return wrap(lib.nd_tril(cptr_keep(_arr(m)), k))


def meshgrid(*xi, copy=True, sparse=False, indexing="xy"):
    if indexing not in ("xy", "ij"):
        raise ValueError("Valid values for `indexing` are 'xy' and 'ij'.")
    arrs, keep = _arrays(xi)
    if sparse:  # each input along its own axis, 1 elsewhere (NumPy's sparse grids)
        n = len(arrs)
        outs = []
        for i, x in enumerate(arrs):
            j = (1 - i if i < 2 else i) if indexing == "xy" and n > 1 else i
            sh = tuple(-1 if k == j else 1 for k in range(n))
            r = reshape(ravel(x), sh)
            outs.append(_copy_c(r) if copy else r)
        return outs
    outs = ffi.new("nd_array *[]", len(arrs) or 1)
    check(lib.nd_meshgrid(len(arrs), keep, indexing == "ij", outs))
    return [wrap(outs[i]) for i in range(len(arrs))]


def indices(dimensions, dtype=int, sparse=False):
    d = tuple(dimensions)
    return wrap(lib.nd_indices(len(d), ffi.new("int64_t[]", d or (0,)), as_dtype(dtype).num))


# ---- indexing functions ---------------------------------------------------------------

def take(a, indices, axis=None, out=None, mode="raise"):
    a, i = _arr(a), _arr(indices)
    o, op = _out(out)
    return _ret(lib.nd_take(cptr(a), cptr(i), _axis(axis), op), o)


def put(a, ind, v, mode="raise"):
    i, v = _arr(ind), _arr(v)
    check(lib.nd_put(cptr(a), cptr(i), cptr(v)))


def compress(condition, a, axis=None, out=None):
    c, a = _arr(condition), _arr(a)
    o, op = _out(out)
    return _ret(lib.nd_compress(cptr(c), cptr(a), _axis(axis), op), o)


def take_along_axis(arr, indices, axis):
    a, i = _arr(arr), _arr(indices)
    return wrap(lib.nd_take_along_axis(cptr(a), cptr(i), _axis(axis)))


def put_along_axis(arr, indices, values, axis):
    i, v = _arr(indices), _arr(values)
    check(lib.nd_put_along_axis(cptr(arr), cptr(i), cptr(v), _axis(axis)))


def nonzero(a):
    a = _arr(a)
    if a.ndim == 0:
        import warnings
        warnings.warn("Calling nonzero on 0d arrays is deprecated, as it behaves surprisingly. Use "
                      "`atleast_1d(cond).nonzero()` if the old behavior was intended. If the "
                      "context of this warning is of the form `arr[nonzero(cond)]`, just use "
                      "`arr[cond]`.", DeprecationWarning, stacklevel=2)
    n = _bi.max(a.ndim, 1)
    outs = ffi.new("nd_array *[]", n)
    check(lib.nd_nonzero(cptr(a), outs))
    return tuple(wrap(outs[i]) for i in range(n))


def where(condition, x=None, y=None):
    if x is None and y is None:
        return nonzero(condition)
    if x is None or y is None:
        raise ValueError("either both or neither of x and y should be given")
    c, x, y = _arr(condition), _arr(x), _arr(y)
    return wrap(lib.nd_where(cptr(c), cptr(x), cptr(y), ffi.NULL))


def argwhere(a):
    return wrap(lib.nd_argwhere(cptr_keep(_arr(a))))


def flatnonzero(a):
    return wrap(lib.nd_flatnonzero(cptr_keep(_arr(a))))


def count_nonzero(a, axis=None, *, keepdims=False):
    a = _arr(a)
    if axis is None and not keepdims:
        n = lib.nd_count_nonzero(cptr(a))
        if n < 0:
            _core.raise_error()
        return n
    from ._funcs import not_equal
    return sum(not_equal(a, 0), axis=axis, keepdims=keepdims)


# ---- elementwise helpers ------------------------------------------------------------

def clip(a, a_min=None, a_max=None, out=None, **kw):
    a = _arr(a)
    lo = None if a_min is None else _arr(a_min)
    hi = None if a_max is None else _arr(a_max)
    if lo is None and hi is None:
        raise ValueError("One of max or min must be given")
    o, op = _out(out)
    return _ret(lib.nd_clip(cptr(a), ffi.NULL if lo is None else cptr(lo),
                            ffi.NULL if hi is None else cptr(hi), op), o)


def round(a, decimals=0, out=None):
    a = _arr(a)
    o, op = _out(out)
    return _ret(lib.nd_round(cptr(a), decimals, op), o)


around = round
round_ = round


def divmod(x1, x2, out=(None, None), **kw):
    a, b = _arr(x1), _arr(x2)
    q, r = ffi.new("nd_array **"), ffi.new("nd_array **")
    oq, orr = out if out is not None else (None, None)
    if oq is not None:
        q[0] = cptr(oq)
    if orr is not None:
        r[0] = cptr(orr)
    check(lib.nd_divmod(cptr(a), cptr(b), q, r))
    return (oq if oq is not None else wrap(q[0]), orr if orr is not None else wrap(r[0]))


def isclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    a, b = _arr(a), _arr(b)
    return wrap(lib.nd_isclose(cptr(a), cptr(b), rtol, atol, equal_nan, ffi.NULL))


def allclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    a, b = _arr(a), _arr(b)
    r = ffi.new("bool *")
    check(lib.nd_allclose(cptr(a), cptr(b), rtol, atol, equal_nan, r))
    return bool(r[0])


def array_equal(a1, a2, equal_nan=False):
    a, b = _arr(a1), _arr(a2)
    r = ffi.new("bool *")
    check(lib.nd_array_equal(cptr(a), cptr(b), equal_nan, r))
    return bool(r[0])


def real(val):
    return wrap(lib.nd_real(cptr_keep(_arr(val))))


def imag(val):
    return wrap(lib.nd_imag(cptr_keep(_arr(val))))


def evaluate(expr, local_dict=None, out=None, **kwargs):
    """nd_eval: a fused elementwise expression over named arrays, e.g.
    nd.evaluate("2*a + sin(b)", a=x, b=y)."""
    env = dict(local_dict or {}, **kwargs)
    names = list(env)
    arrs, keep = _arrays([env[n] for n in names])
    cnames = [ffi.new("char[]", n.encode()) for n in names]
    o, op = _out(out)
    return _ret(lib.nd_eval(expr.encode(), len(names), ffi.new("char *[]", cnames or [ffi.NULL]),
                            keep, op), o)


# ---- reductions ----------------------------------------------------------------

def _reduce_call(fn, a, axis, keepdims, out, op=None):
    """fn(ptr, axis, keepdims, outptr) with NumPy's axis forms: None, an
    int, or a tuple (reduced by moving the axes last and flattening them,
    or by nd_reduce when the op has one)."""
    if a.ndim == 0 and axis is not None and not isinstance(axis, (tuple, list)) and \
            _operator.index(axis) in (0, -1):
        axis = None  # NumPy 1.24 takes axis 0 of a 0-d array as the whole array
    if isinstance(axis, (tuple, list)):
        axes = [_norm_axis(x, a.ndim) for x in axis]
        if len(set(axes)) != len(axes):
            raise ValueError("duplicate value in 'axis'")
        if op is not None:
            o, p = _out(out)
            return _ret(lib.nd_reduce(op, cptr(a), len(axes), ffi.new("int[]", axes or [0]),
                                      keepdims, p), o)
        if len(axes) == 1:
            axis = axes[0]
        else:
            kept = [i for i in range(a.ndim) if i not in axes]
            m = transpose(a, kept + axes)
            m = reshape(m, tuple(a.shape[i] for i in kept) + (-1,))
            r = _reduce_call(fn, m, -1, False, None)
            if keepdims:  # leading dims of a quantile's q stay in front
                lead = r.shape[:r.ndim - len(kept)]
                r = reshape(r, lead + tuple(1 if i in axes else a.shape[i] for i in range(a.ndim)))
            if out is not None:
                copyto(out, r)
                return out
            return r
    o, p = _out(out)
    # a partial errstate ("raise" for some categories) checks nd's flags
    # here as nd._core does for the ufuncs ("overflow encountered in reduce")
    mask = _core.clear_fp()
    r = _ret(fn(cptr(a), _axis(axis), keepdims, p), o)
    if mask:
        _core.check_fp("reduce")
    return r


def _no_extra(name, kw):
    for k, v in kw.items():
        if k == "initial" or k == "where" and v is not True:
            raise TypeError(f"nd: {name}({k}=...) is not supported")
        if k not in ("where",):
            raise TypeError(f"{name}() got an unexpected keyword argument '{k}'")


def _make_reduction(name, cfn, op=None, takes_dtype=True):
    if takes_dtype:
        def f(a, axis=None, dtype=None, out=None, keepdims=False, **kw):
            _no_extra(name, kw)
            a = _arr(a)
            if dtype is not None:
                a = astype(a, dtype)
            return _reduce_call(cfn, a, axis, keepdims, out, op)
    else:
        def f(a, axis=None, out=None, keepdims=False, **kw):
            _no_extra(name, kw)
            return _reduce_call(cfn, _arr(a), axis, keepdims, out, op)
    f.__name__ = f.__qualname__ = name
    f.__doc__ = f"np.{name} over nd's {cfn.__name__ if hasattr(cfn, '__name__') else name}."
    return f


sum = _make_reduction("sum", lib.nd_sum, lib.ND_OP_ADD)
prod = _make_reduction("prod", lib.nd_prod, lib.ND_OP_MULTIPLY)
mean = _make_reduction("mean", lib.nd_mean)
nansum = _make_reduction("nansum", lib.nd_nansum)
nanmean = _make_reduction("nanmean", lib.nd_nanmean)
min = _make_reduction("min", lib.nd_min, lib.ND_OP_MINIMUM, False)
max = _make_reduction("max", lib.nd_max, lib.ND_OP_MAXIMUM, False)
amin, amax = min, max
nanmin = _make_reduction("nanmin", lib.nd_nanmin, None, False)
nanmax = _make_reduction("nanmax", lib.nd_nanmax, None, False)
any = _make_reduction("any", lib.nd_any, lib.ND_OP_LOGICAL_OR, False)
all = _make_reduction("all", lib.nd_all, lib.ND_OP_LOGICAL_AND, False)


def _arg_reduction(name, cfn):
    def f(a, axis=None, out=None, *, keepdims=False):
        a = _arr(a)
        if isinstance(axis, tuple):
            raise TypeError("'tuple' object cannot be interpreted as an integer")
        return _reduce_call(cfn, a, axis, keepdims, out)
    f.__name__ = f.__qualname__ = name
    return f


argmin = _arg_reduction("argmin", lib.nd_argmin)
argmax = _arg_reduction("argmax", lib.nd_argmax)
nanargmin = _arg_reduction("nanargmin", lib.nd_nanargmin)
nanargmax = _arg_reduction("nanargmax", lib.nd_nanargmax)


def _var_reduction(name, cfn):
    def f(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, **kw):
        _no_extra(name, kw)
        a = _arr(a)
        if dtype is not None:
            a = astype(a, dtype)
        return _reduce_call(lambda p, ax, kd, o: cfn(p, ax, ddof, kd, o), a, axis, keepdims, out)
    f.__name__ = f.__qualname__ = name
    return f


var = _var_reduction("var", lib.nd_var)
std = _var_reduction("std", lib.nd_std)
nanvar = _var_reduction("nanvar", lib.nd_nanvar)
nanstd = _var_reduction("nanstd", lib.nd_nanstd)


def cumsum(a, axis=None, dtype=None, out=None):
    a = _arr(a)
    if dtype is not None:
        a = astype(a, dtype)
    o, op = _out(out)
    return _ret(lib.nd_cumsum(cptr(a), _axis(axis), op), o)


def cumprod(a, axis=None, dtype=None, out=None):
    a = _arr(a)
    if dtype is not None:
        a = astype(a, dtype)
    o, op = _out(out)
    return _ret(lib.nd_cumprod(cptr(a), _axis(axis), op), o)


# ---- sorting, searching, counting ------------------------------------------------

def _stable(kind):
    return kind in ("stable", "mergesort")


def sort(a, axis=-1, kind=None, order=None):
    a = _arr(a)
    return wrap((lib.nd_sort_stable if _stable(kind) else lib.nd_sort)(cptr(a), _axis(axis)))


def sort_inplace(a, axis=-1):
    check(lib.nd_sort_inplace(cptr(a), _axis(axis)))


def argsort(a, axis=-1, kind=None, order=None):
    a = _arr(a)
    return wrap((lib.nd_argsort_stable if _stable(kind) else lib.nd_argsort)(cptr(a), _axis(axis)))


def lexsort(keys, axis=-1):
    arrs, keep = _arrays(keys)
    return wrap(lib.nd_lexsort(len(arrs), keep, axis))


def _kth(kth):
    k = [int(kth)] if not hasattr(kth, "__len__") else [int(x) for x in kth]
    return len(k), ffi.new("int64_t[]", k or [0])


def partition(a, kth, axis=-1, kind="introselect", order=None):
    n, k = _kth(kth)
    return wrap(lib.nd_partition(cptr_keep(_arr(a)), n, k, _axis(axis)))


def argpartition(a, kth, axis=-1, kind="introselect", order=None):
    n, k = _kth(kth)
    return wrap(lib.nd_argpartition(cptr_keep(_arr(a)), n, k, _axis(axis)))


def searchsorted(a, v, side="left", sorter=None):
    if side not in ("left", "right"):
        raise ValueError(f"side must be 'left' or 'right' (got '{side}')")
    a, v = _arr(a), _arr(v)
    s = None if sorter is None else _arr(sorter)
    return wrap(lib.nd_searchsorted(cptr(a), cptr(v), side == "right",
                                    ffi.NULL if s is None else cptr(s)))


def unique(ar, return_index=False, return_inverse=False, return_counts=False, axis=None, *,
           equal_nan=True):
    if axis is not None:
        raise TypeError("nd: unique(axis=...) is not supported")
    a = _arr(ar)
    ptrs = [ffi.new("nd_array **") for _ in range(4)]
    want = [True, return_index, return_inverse, return_counts]
    check(lib.nd_unique(cptr(a), *[p if w else ffi.NULL for p, w in zip(ptrs, want)]))
    res = [wrap(p[0]) for p, w in zip(ptrs, want) if w]
    if return_inverse:  # NumPy 1.24's inverse is 1-D
        pass
    return res[0] if len(res) == 1 else tuple(res)


def isin(element, test_elements, assume_unique=False, invert=False):
    e, t = _arr(element), _arr(test_elements)
    return wrap(lib.nd_isin(cptr(e), cptr(t), invert))


def in1d(ar1, ar2, assume_unique=False, invert=False):
    a, b = _arr(ar1), _arr(ar2)
    return wrap(lib.nd_in1d(cptr(a), cptr(b), invert))


def bincount(x, weights=None, minlength=0):
    minlength = _operator.index(minlength)  # NumPy's TypeError for a str
    if isinstance(x, (list, tuple)) and len(x) == 0:
        from ._funcs import zeros as _zeros
        x = _zeros(0, _int64)  # NumPy takes an empty list as an empty intp array
    x = _arr(x)
    w = None if weights is None else _arr(weights)
    return wrap(lib.nd_bincount(cptr(x), ffi.NULL if w is None else cptr(w), minlength))


def histogram(a, bins=10, range=None, density=None, weights=None):
    a = _arr(a)
    w = None if weights is None else _arr(weights)
    hist = ffi.new("nd_array **")
    if isinstance(bins, int):
        edges = ffi.new("nd_array **")
        rng = ffi.NULL if range is None else ffi.new("double[2]", [float(range[0]), float(range[1])])
        check(lib.nd_histogram(cptr(a), bins, rng, ffi.NULL if w is None else cptr(w), bool(density),
                               hist, edges))
        return wrap(hist[0]), wrap(edges[0])
    e = _arr(bins)
    check(lib.nd_histogram_edges(cptr(a), cptr(e), ffi.NULL if w is None else cptr(w),
                                 bool(density), hist))
    return wrap(hist[0]), e


def _qfn(cfn):
    def f(a, q, axis=None, out=None, overwrite_input=False, method="linear", keepdims=False, **kw):
        if method != "linear":
            raise TypeError(f"nd: method={method!r} is not supported (only 'linear')")
        a, q = _arr(a), _arr(q)
        if a.dtype.kind == "c":
            raise NotImplementedError("nd: quantiles of complex data are not supported")
        r = _reduce_call(lambda p, ax, kd, o: cfn(p, cptr(q), ax, kd), a, axis, keepdims, None)
        if out is not None:
            copyto(out, r)
            return out
        return r
    return f


quantile = _qfn(lib.nd_quantile)
percentile = _qfn(lib.nd_percentile)


def _warn_empty_mean(a, axis):
    """NumPy's Python-level "Mean of empty slice." (np.mean, hence
    np.median) when the reduced lanes are empty and there is a result; the
    invalid flag that nd's C call raises is NumPy's second warning."""
    if axis is None:
        empty = a.size == 0
    else:
        axes = {_operator.index(x) % a.ndim for x in (axis if isinstance(axis, (tuple, list))
                                                     else (axis,))} if a.ndim else set()
        lanes = kept = 1
        for i, n in enumerate(a.shape):
            if i in axes:
                lanes *= n
            else:
                kept *= n
        empty = lanes == 0 and kept != 0
    if empty:
        import warnings
        warnings.warn("Mean of empty slice.", RuntimeWarning, stacklevel=3)


def median(a, axis=None, out=None, overwrite_input=False, keepdims=False):
    a = _arr(a)
    _warn_empty_mean(a, axis)
    r = _reduce_call(lambda p, ax, kd, o: lib.nd_median(p, ax, kd), a, axis, keepdims, None)
    if out is not None:
        copyto(out, r)
        return out
    return r


# ---- products -------------------------------------------------------------------

def matmul(x1, x2, /, out=None, **kw):
    a, b = _arr(x1), _arr(x2)
    o, op = _out(out)
    return _ret(lib.nd_matmul(cptr(a), cptr(b), op), o)


def dot(a, b, out=None):
    a, b = _arr(a), _arr(b)
    o, op = _out(out)
    return _ret(lib.nd_dot(cptr(a), cptr(b), op), o)


def vdot(a, b):
    a, b = _arr(a), _arr(b)
    return wrap(lib.nd_vdot(cptr(a), cptr(b)))


def inner(a, b):
    a, b = _arr(a), _arr(b)
    return wrap(lib.nd_inner(cptr(a), cptr(b)))


def outer(a, b, out=None):
    a, b = _arr(a), _arr(b)
    o, op = _out(out)
    return _ret(lib.nd_outer(cptr(a), cptr(b), op), o)


def tensordot(a, b, axes=2):
    a, b = _arr(a), _arr(b)
    if isinstance(axes, int):
        return wrap(lib.nd_tensordot(cptr(a), cptr(b), axes, ffi.NULL, ffi.NULL))
    xa, xb = ([x] if isinstance(x, int) else list(x) for x in axes)
    if len(xa) != len(xb):
        raise ValueError("shape-mismatch for sum")
    return wrap(lib.nd_tensordot(cptr(a), cptr(b), len(xa), ffi.new("int[]", xa or [0]),
                                 ffi.new("int[]", xb or [0])))


def trace(a, offset=0, axis1=0, axis2=1, dtype=None, out=None):
    a = _arr(a)
    r = wrap(lib.nd_trace(cptr(a), offset, axis1, axis2))
    if dtype is not None:
        r = astype(r, dtype)
    if out is not None:
        copyto(out, r)
        return out
    return r


def _conj_transpose(a):
    """a's conjugate transpose over the last two axes (a copy)."""
    from ._funcs import conjugate
    a = swapaxes(_arr(a), -1, -2)
    return conjugate(a) if a.dtype.kind == "c" else _copy_c(a)


def _copy_c(a):
    return wrap(lib.nd_copy(cptr(a)))
