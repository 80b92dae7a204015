"""Every ufunc against NumPy's: values, result dtypes, out=, keywords, type
errors, errstate; hypothesis properties over broadcasting and strides."""
import numpy as np
import pytest
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp

import nd
from conftest import same

UFUNCS = [n for n in dir(nd) if isinstance(getattr(nd, n), nd.ufunc)
          and n not in ("abs", "conj", "mod", "true_divide", "ufunc")]
# correctly rounded (exact) in nd, so NumPy's results must be equal bit for bit
INEXACT = {"power", "arctan2", "hypot", "logaddexp", "logaddexp2", "cbrt", "exp", "exp2",
           "expm1", "log", "log2", "log10", "log1p", "sin", "cos", "tan", "arcsin", "arccos",
           "arctan", "sinh", "cosh", "tanh", "arcsinh", "arccosh", "arctanh", "deg2rad", "rad2deg",
           "reciprocal", "square"}


def test_every_nd_op_is_a_numpy_ufunc():
    assert len(UFUNCS) >= 70
    for n in UFUNCS:
        u = getattr(nd, n)
        assert u.nin == getattr(np, n).nin, n
        assert u.__name__ == n


def inputs(dtype, n=40, seed=0):
    r = np.random.default_rng(seed)
    if dtype == "bool":
        return r.integers(0, 2, n).astype(bool)
    if np.dtype(dtype).kind in "iu":
        info = np.iinfo(dtype)
        return r.integers(max(info.min, -100), min(info.max, 100), n, endpoint=True).astype(dtype)
    x = r.uniform(-3, 3, n)
    x[:4] = [0.0, -0.0, 0.5, 1.0]
    if np.dtype(dtype).kind == "c":
        x = x + 1j * r.uniform(-3, 3, n)
    return x.astype(dtype)


def loop_dtypes(name):
    return [t for t in ["bool", "int8", "uint16", "int32", "int64", "uint64", "float16", "float32",
                        "float64", "complex64", "complex128"]
            if np.dtype(t).char in "".join(getattr(np, name).types).split("->")[0]
            or any(s.startswith(np.dtype(t).char * getattr(np, name).nin)
                   for s in getattr(np, name).types)]


CASES = [(n, t) for n in UFUNCS for t in loop_dtypes(n)]


@pytest.mark.parametrize("name,dtype", CASES, ids=[f"{n}-{t}" for n, t in CASES])
def test_ufunc_against_numpy(name, dtype):
    npf, ndf = getattr(np, name), getattr(nd, name)
    args = [inputs(dtype, seed=s) for s in range(npf.nin)]
    if name in ("left_shift", "right_shift"):
        args[1] = args[1] % 8
    if name == "power" and np.dtype(dtype).kind in "iu":
        args[1] = abs(args[1]) % 4
    if name in ("arccosh",):
        args[0] = abs(args[0]) + 1
    try:
        want = npf(*args)
    except TypeError:
        with pytest.raises(TypeError):
            ndf(*[nd.asarray(a) for a in args])
        return
    got = ndf(*[nd.asarray(a) for a in args])
    kind = np.dtype(want.dtype).kind
    if name in INEXACT or (np.dtype(dtype).kind == "c" and name in ("divide", "sqrt", "sign",
                                                                       "rint", "absolute")):
        ulp = 8 if dtype in ("complex64", "complex128", "float16") else 2
        same(got, want, ulp)
    else:
        same(got, want)
    # out= into a fresh array gives the same, and returns out itself
    out = nd.empty(want.shape, dtype=want.dtype)
    assert ndf(*[nd.asarray(a) for a in args], out=out) is out
    assert np.array_equal(np.asarray(out), np.asarray(got), equal_nan=True)


def test_out_forms_and_errors():
    a, b = nd.arange(4.0), nd.ones(4)
    c = nd.empty(4)
    assert nd.add(a, b, c) is c
    assert nd.add(a, b, out=(c,)) is c
    assert nd.add(a, b, out=None).shape == (4,)
    with pytest.raises(ValueError):
        nd.add(a, nd.ones(3))
    with pytest.raises(TypeError):
        nd.add(a)
    with pytest.raises(TypeError):
        nd.add(a, b, out=[0.0] * 4)
    with pytest.raises(TypeError):  # same_kind: float into int
        nd.add(a, b, out=nd.empty(4, dtype="int64"))
    with pytest.raises(TypeError):  # no loop for float bitwise_and
        nd.bitwise_and(a, b)
    with pytest.raises(TypeError):
        np.bitwise_and(np.arange(4.0), np.ones(4))


def test_keywords_dtype_casting_where():
    x, y = np.arange(6.0).reshape(2, 3), np.array([1.0, 2.0, 4.0])
    a, b = nd.asarray(x), nd.asarray(y)
    same(nd.add(a, b, dtype="float32"), np.add(x, y, dtype="float32"))
    same(nd.multiply(a, 2, dtype=nd.float32), np.multiply(x, 2, dtype=np.float32))
    o = nd.zeros((2, 3), dtype="int32")
    on = np.zeros((2, 3), dtype="int32")
    nd.add(a, b, out=o, casting="unsafe")
    np.add(x, y, out=on, casting="unsafe")
    same(o, on)
    mask = np.array([True, False, True])
    o, on = nd.full((2, 3), -1.0), np.full((2, 3), -1.0)
    nd.add(a, b, out=o, where=nd.asarray(mask))
    np.add(x, y, out=on, where=mask)
    same(o, on)
    with pytest.raises(TypeError):
        nd.add(a, b, dtype="int32")  # float64 -> int32 is not same_kind
    with pytest.raises(TypeError):
        np.add(x, y, dtype="int32")


def test_nep50_weak_python_scalars():
    f32 = nd.asarray(np.arange(3, dtype=np.float32))
    assert (f32 * 2.0).dtype == nd.float32
    assert (nd.asarray(np.arange(3, dtype=np.int8)) + 1).dtype == nd.int8
    assert (f32 + nd.asarray(np.float64(2.0))).dtype == nd.float64  # a NumPy scalar is strong
    # a Python complex is weak too: complex64 next to float32 (NumPy 1.24 agrees by value)
    x32 = np.array([1.5, -2.0], np.float32)
    for dt in ["float16", "float32", "complex64", "float64", "int16", "bool"]:
        x = x32.astype(dt)
        same(nd.multiply(nd.asarray(x), 2 - 1j), np.multiply(x, 2 - 1j))
        same(nd.add(1j, nd.asarray(x)), np.add(1j, x))


def test_errstate_raises_floating_point_error():
    z = nd.zeros(3)
    with nd.errstate(all="raise"):
        with pytest.raises(FloatingPointError, match="divide by zero encountered in divide"):
            nd.divide(1.0, z)
        with pytest.raises(FloatingPointError):
            nd.sqrt(nd.asarray([-1.0]))
        with pytest.raises(FloatingPointError):
            nd.multiply(nd.asarray([1e308]), 10.0)
        with pytest.raises(FloatingPointError):
            nd.sum(nd.asarray([1e308, 1e308]))  # nd's raise mode covers reductions
    with nd.errstate(divide="raise", invalid="ignore"):
        nd.sqrt(nd.asarray([-1.0]))
        with pytest.raises(FloatingPointError, match="divide by zero"):
            nd.log(z)
    with nd.errstate(under="raise"):
        with pytest.raises(FloatingPointError, match="underflow"):
            nd.multiply(nd.asarray([1e-300]), 1e-300)
    with nd.errstate(over="raise"):
        with pytest.raises(FloatingPointError, match="overflow encountered in reduce"):
            nd.sum(nd.asarray([1e308, 1e308]))
    with nd.errstate(invalid="raise"):
        with pytest.raises(FloatingPointError, match="invalid value"):
            nd.mean(nd.zeros((0, 2)), axis=0)
    assert nd.geterr()["divide"] == "warn"
    nd.divide(1.0, z)  # no error outside
    old = nd.seterr(all="raise")
    try:
        with pytest.raises(FloatingPointError):
            nd.divide(1.0, z)
    finally:
        nd.seterr(**old)
    with pytest.raises(ValueError):
        nd.seterr(all="bogus")


def test_integer_power_negative_is_value_error():
    with pytest.raises(ValueError, match="Integers to negative integer powers"):
        nd.power(nd.asarray([2]), nd.asarray([-1]))


def test_ufunc_methods():
    x = np.arange(12.0).reshape(3, 4)
    a = nd.asarray(x)
    same(nd.add.reduce(a), np.add.reduce(x))
    same(nd.add.reduce(a, axis=1), np.add.reduce(x, axis=1))
    same(nd.maximum.reduce(a, axis=None), np.maximum.reduce(x, axis=None))
    same(nd.subtract.reduce(a, axis=0), np.subtract.reduce(x, axis=0))
    same(nd.multiply.accumulate(a, axis=1), np.multiply.accumulate(x, axis=1))
    same(nd.subtract.accumulate(a), np.subtract.accumulate(x))
    same(nd.multiply.outer(nd.arange(3), nd.arange(4)), np.multiply.outer(np.arange(3), np.arange(4)))
    with pytest.raises(ValueError):
        nd.sin.reduce(a)


# ---- properties: broadcasting, strides, dtypes ------------------------------------

ELEMENTWISE = ["add", "subtract", "multiply", "maximum", "minimum", "fmax", "fmin", "copysign",
               "equal", "less", "greater_equal", "logical_and", "divide", "floor_divide",
               "remainder", "fmod", "nextafter"]
FLOATS = st.sampled_from(["float16", "float32", "float64"])


@st.composite
def broadcast_pair(draw, dtype):
    shapes = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=4,
                                                    max_side=5))
    elems = st.floats(allow_nan=True, allow_infinity=True, width=np.dtype(dtype).itemsize * 8)
    out = []
    for s in shapes.input_shapes:
        # a strided view: the array drawn with a doubled last axis, every other
        # element taken, sometimes reversed
        full = s[:-1] + (2 * s[-1],) if s else s
        x = draw(hnp.arrays(dtype, full, elements=elems))
        v = x[..., ::2] if s else x
        if s and draw(st.booleans()):
            v = v[..., ::-1]
        out.append(v)
    return out


@given(st.data(), st.sampled_from(ELEMENTWISE), FLOATS)
def test_prop_binary_broadcast_strided(data, name, dtype):
    x, y = data.draw(broadcast_pair(dtype))
    want = getattr(np, name)(x, y)
    got = getattr(nd, name)(nd.asarray(x), nd.asarray(y))
    # which zero max(0.0, -0.0) gives is not specified (NumPy's own loops differ)
    same(got, want, zero_sign=name not in ("maximum", "minimum", "fmax", "fmin"))


@given(st.data(), st.sampled_from(["negative", "absolute", "sqrt", "floor", "ceil", "trunc",
                                   "rint", "isnan", "isinf", "signbit", "sign", "square"]),
       FLOATS)
def test_prop_unary_strided(data, name, dtype):
    x, _ = data.draw(broadcast_pair(dtype))
    want = getattr(np, name)(x)
    got = getattr(nd, name)(nd.asarray(x))
    same(got, want)


INTS = st.sampled_from(["int8", "uint8", "int16", "int32", "int64", "uint64"])


@given(st.data(), st.sampled_from(["add", "subtract", "multiply", "bitwise_xor", "maximum",
                                   "floor_divide", "remainder", "less"]), INTS, INTS)
def test_prop_integer_promotion(data, name, t1, t2):
    # 1-d and up: NumPy 1.24 casts 0-d operands by value, nd by NEP 50 (as NumPy 2)
    shapes = data.draw(hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=1, max_dims=3,
                                                         max_side=4))
    x = data.draw(hnp.arrays(t1, shapes.input_shapes[0]))
    y = data.draw(hnp.arrays(t2, shapes.input_shapes[1]))
    try:
        want = getattr(np, name)(x, y)
    except TypeError:  # int64 with uint64 has no integer loop in some ufuncs
        with pytest.raises(TypeError):
            getattr(nd, name)(nd.asarray(x), nd.asarray(y))
        return
    same(getattr(nd, name)(nd.asarray(x), nd.asarray(y)), want)


@given(st.data(), FLOATS)
def test_prop_inplace_on_overlapping_views(data, dtype):
    x = data.draw(hnp.arrays(dtype, st.integers(2, 30), elements=st.floats(-1e3, 1e3, width=16)))
    a = nd.asarray(x.copy())
    w = x.copy()
    np.add(w[1:], w[:-1], out=w[1:])
    nd.add(a[1:], a[:-1], out=a[1:])
    same(a, w)


def test_out_given_twice():
    a = nd.ones(3)
    with pytest.raises(TypeError, match="both a positional and keyword"):
        nd.add(a, a, a, out=a)


def test_threads_large_calls_and_thread_local_errstate():
    """Large calls release the GIL; the errstate of one thread is not the
    other's (NumPy's errstate is thread-local too)."""
    import threading
    n = 1 << 18
    x = np.random.default_rng(2).uniform(-1, 1, n)
    results, errors = {}, []
    barrier = threading.Barrier(2)

    def worker(k):
        try:
            a, o = nd.asarray(x * (k + 1)), nd.empty(n)
            barrier.wait()
            if k == 0:
                with nd.errstate(divide="raise"):
                    for _ in range(20):
                        nd.multiply(a, a, out=o)
                    try:
                        nd.divide(1.0, nd.zeros(1))
                        errors.append("no FloatingPointError in thread 0")
                    except FloatingPointError:
                        pass
            else:
                for _ in range(20):
                    nd.multiply(a, a, out=o)
                nd.divide(1.0, nd.zeros(1))  # ignored in this thread
            results[k] = np.asarray(o).copy()
        except Exception as e:  # reported below, not swallowed
            errors.append(repr(e))

    ts = [threading.Thread(target=worker, args=(k,)) for k in range(2)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert not errors, errors
    for k in range(2):
        same(results[k], (x * (k + 1)) ** 2)


def test_numpy_operands_and_numpy_out_without_copies():
    x, y = np.arange(6.0).reshape(2, 3), np.array([1.0, 2.0, 3.0], np.float32)
    same(nd.multiply(x, y), np.multiply(x, y))
    o = np.zeros((2, 3))
    assert nd.add(x, y, out=o) is o  # NumPy's array written in place
    same(o, x + y)
    same(nd.add(np.float32(2), y), np.add(np.float32(2), y))  # a NumPy scalar is strong
    same(nd.add(np.arange(3, dtype=">i4"), 1), np.arange(3, dtype="i4") + 1)  # swapped: copied
    ro = np.zeros(3)
    ro.flags.writeable = False
    with pytest.raises(ValueError):
        nd.add(y, y, out=ro)
    with pytest.raises(TypeError):
        nd.add(y, y, out=[0.0, 0.0, 0.0])


@given(st.data(), st.sampled_from([np.float16, np.float32, np.float64]))
def test_prop_clip_nan_quiet(data, dtype):
    # TestClip.test_clip_property's NaN half (its other half asserts NumPy
    # 1.24's value-based dtype, NEP 50 in nd): any NaN, quiet or signaling,
    # in arrays of any length (vector bodies), clipped by same-dtype bounds,
    # equals NumPy's minimum(maximum(a, lo), hi) and raises no flag, as NumPy
    a = data.draw(hnp.arrays(dtype, hnp.array_shapes(max_dims=2, max_side=40),
                             elements=st.floats(width=np.finfo(dtype).bits, allow_nan=True)))
    lo = data.draw(st.floats(width=np.finfo(dtype).bits, allow_nan=False))
    hi = data.draw(st.floats(width=np.finfo(dtype).bits, allow_nan=False))
    lo, hi = np.array(lo, dtype), np.array(hi, dtype)
    with np.errstate(all="raise"):
        want = np.minimum(np.maximum(a, lo), hi)
    nd._funcs.lib.nd_fp_clear()
    got = nd.clip(nd.asarray(a), nd.asarray(lo), nd.asarray(hi))
    assert nd._funcs.lib.nd_fp_flags() == 0
    same(got, want, zero_sign=False)
