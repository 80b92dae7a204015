"""The array object: creation, metadata, conversion both ways, DLPack,
repr, indexing, operators."""
import numpy as np
import pytest

import nd
from conftest import same

DTYPES = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
          "float16", "float32", "float64", "complex64", "complex128"]


def sample(dtype, shape=(3, 4), seed=0):
    r = np.random.default_rng(seed)
    x = r.uniform(-50, 50, shape)
    if dtype == "bool":
        return x > 0
    if dtype.startswith("complex"):
        return (x + 1j * r.uniform(-5, 5, shape)).astype(dtype)
    return x.astype(dtype)


@pytest.mark.parametrize("dtype", DTYPES)
def test_asarray_numpy_zero_copy_both_ways(dtype):
    x = sample(dtype)
    a = nd.asarray(x)
    assert a.dtype == x.dtype and str(a.dtype) == dtype
    assert a.shape == x.shape and a.strides == x.strides and a.ndim == 2 and a.size == 12
    assert a.itemsize == x.itemsize and a.nbytes == x.nbytes
    back = np.asarray(a)
    assert np.shares_memory(back, x)
    same(back, x)
    a[0, 0] = a[1, 1]  # writes land in NumPy's memory
    assert x[0, 0] == x[1, 1]


def test_asarray_strided_and_readonly_views():
    x = np.arange(24.0).reshape(4, 6)[::2, ::-3]
    a = nd.asarray(x)
    assert a.strides == x.strides
    same(a, x)
    same(a + 0.0, x + 0.0)
    ro = np.arange(5.0)
    ro.flags.writeable = False
    r = nd.asarray(ro)
    assert not r.flags.writeable
    with pytest.raises(ValueError):
        r[0] = 1.0
    big_endian = np.arange(4, dtype=">i4")
    same(nd.asarray(big_endian), big_endian.astype("<i4"))


def test_numpy_memory_outlives_the_numpy_array():
    a = nd.asarray(np.arange(1000.0))
    import gc
    gc.collect()
    same(nd.sum(a), np.sum(np.arange(1000.0)))


def test_from_lists_and_scalars():
    cases = [[1, 2, 3], [1.5, 2], [[True, False]], [1 + 2j, 3], 7, 2.5, True, [], [[1], [2]],
             [2**63, 1]]
    for c in cases:
        same(nd.asarray(c), np.asarray(c))
        same(nd.array(c), np.array(c))
    same(nd.asarray([1, 2], dtype="float32"), np.asarray([1, 2], dtype="float32"))
    same(nd.array([[1, 2]], dtype=nd.int16), np.array([[1, 2]], dtype=np.int16))
    with pytest.raises(ValueError):
        nd.asarray([[1, 2], [3]])


def test_array_copies_asarray_does_not():
    x = np.arange(4.0)
    a = nd.array(x)
    a[0] = 9
    assert x[0] == 0
    b = nd.asarray(x)
    b[0] = 9
    assert x[0] == 9
    assert nd.asarray(a) is a


@pytest.mark.parametrize("dtype", ["int32", "float64", "complex64", "uint8", "float32"])
def test_dlpack_both_ways(dtype):
    x = sample(dtype)
    a = nd.from_dlpack(x)
    assert np.shares_memory(np.asarray(a), x)
    same(a, x)
    assert a.__dlpack_device__() == (1, 0)
    y = np.from_dlpack(a)
    same(y, x)
    assert np.shares_memory(y, x)


def test_dlpack_refuses_what_it_cannot_describe():
    with pytest.raises(BufferError):
        nd.ones(3, dtype="bool").__dlpack__()
    with pytest.raises(BufferError):
        nd.broadcast_to(nd.ones(3), (2, 3)).__dlpack__()


@pytest.mark.parametrize("x", [np.arange(6.0).reshape(2, 3), np.array([1, -2, 3], dtype=np.int32),
                               np.array([True, False]), np.array(2.5), np.array([1e-10, 1e10]),
                               np.array([1 + 2j, 3 - 4j]), np.zeros((0, 3))])
def test_repr_is_numpys(x):
    assert repr(nd.asarray(x)) == repr(x)


def test_creation_matches_numpy():
    same(nd.zeros((2, 3), dtype="int16"), np.zeros((2, 3), dtype="int16"))
    same(nd.ones(4), np.ones(4))
    same(nd.full((2, 2), 7), np.full((2, 2), 7))
    same(nd.full((2, 2), 1.5, dtype=nd.float32), np.full((2, 2), 1.5, dtype=np.float32))
    same(nd.arange(5), np.arange(5))
    same(nd.arange(1.0, 2.0, 0.25), np.arange(1.0, 2.0, 0.25))
    same(nd.linspace(0, 1, 7), np.linspace(0, 1, 7))
    same(nd.eye(3, 4, 1), np.eye(3, 4, 1))
    same(nd.identity(2, dtype=int), np.identity(2, dtype=int))
    z = nd.zeros((3, 2), order="F")
    assert z.flags.f_contiguous and not z.flags.c_contiguous
    with pytest.raises(ValueError):
        nd.empty((-1, 2))


def test_dtype_objects():
    assert nd.float32 == np.float32 and nd.float32 == np.dtype("float32") and nd.float32 == "f4"
    assert np.dtype(nd.int16) == np.int16
    assert nd.dtype(float) is nd.float64 and nd.dtype("bool") is nd.bool_
    assert nd.float64 != nd.float32
    with pytest.raises(TypeError):
        nd.dtype("object")


def test_scalar_conversions():
    a = nd.asarray([[2.5]])
    assert float(a) == 2.5 and int(a) == 2 and bool(a) and a.item() == 2.5
    assert nd.asarray(3).__index__() == 3 and [10, 20, 30][nd.asarray(1)] == 20
    assert nd.asarray([[1, 2], [3, 4]]).tolist() == [[1, 2], [3, 4]]
    assert nd.asarray(np.float16(1.5)).item() == 1.5
    assert nd.asarray(np.array(2**64 - 1, np.uint64)).item() == 2**64 - 1
    with pytest.raises(ValueError):
        bool(nd.ones(2))
    with pytest.raises(TypeError):
        len(nd.asarray(1.0))
    assert len(nd.ones((5, 2))) == 5
    same(nd.ones(2) == None, np.ones(2) == None)  # noqa: E711
    same(nd.ones(2) != None, np.ones(2) != None)  # noqa: E711
    assert [float(v) for v in nd.arange(3.0)] == [0.0, 1.0, 2.0]
    m = np.arange(6, dtype=np.int16).reshape(2, 3)[:, ::-1]
    for order in "CF":
        assert nd.asarray(m).tobytes(order) == m.tobytes(order)


INDEX_KEYS = [
    0, -1, (1, 2), (slice(None), 1), (slice(1, None, 2),), (Ellipsis, 0), (None, 1),
    (slice(None, None, -1), slice(2, 0, -1)), (0, Ellipsis, None), (), slice(10, 20),
    ([0, 2],), ([0, 2], [1, 3]), (slice(None), [3, 0, 0]), ([[0], [2]], [1, 2]),
    (np.array([True, False, True]),), (np.array([True, False, True]), slice(1, 3)),
    (slice(None), np.array([1, -1])), ([0, 1], slice(None), None), (1, [0, 3]),
]


@pytest.mark.parametrize("key", INDEX_KEYS, ids=[repr(k) for k in INDEX_KEYS])
def test_getitem_matches_numpy(key):
    x = np.arange(12.0).reshape(3, 4)
    a = nd.asarray(x)
    same(a[key], x[key])


def test_getitem_on_3d_and_mask_of_full_shape():
    x = np.arange(60).reshape(3, 4, 5)
    a = nd.asarray(x)
    for key in [(1, slice(None), [0, 4]), ([0, 2], slice(None), [1, 3]), (Ellipsis, [0, 1]),
                (x % 3 == 0,), (slice(None), x[0] % 2 == 0), (0, 1, 2), (None, Ellipsis, None)]:
        same(a[key], x[key])


@pytest.mark.parametrize("key,value", [((0,), 5.0), ((slice(None), 1), [1.0, 2.0, 3.0]),
                                       ((Ellipsis,), 0.5), (([0, 2], [1, 3]), [7, 8]),
                                       ((np.array([[True, False] * 2] * 3),), -1.0),
                                       ((slice(None, None, 2), slice(None, None, -2)), 9)])
def test_setitem_matches_numpy(key, value):
    x = np.arange(12.0).reshape(3, 4)
    a = nd.asarray(x.copy())
    x[key] = value
    a[key] = value
    same(a, x)
    i = nd.zeros(3, dtype="int32")
    i[1] = 2.7  # unsafe assignment casting, as NumPy
    assert i.tolist() == [0, 2, 0]


def test_index_errors_are_numpys():
    a = nd.ones((3, 4))
    x = np.ones((3, 4))
    for key, exc in [((5,), IndexError), ((0, 0, 0), IndexError), ("a", IndexError),
                     ((1.5,), IndexError), (([0, 7],), IndexError),
                     ((np.array([True, False]),), IndexError)]:
        with pytest.raises(exc):
            x[key]
        with pytest.raises(exc):
            a[key]
    with pytest.raises(ValueError):
        a[::0]
    with pytest.raises(ValueError):
        a[0] = [1, 2]


BIN = [("__add__", np.add), ("__sub__", np.subtract), ("__mul__", np.multiply),
       ("__truediv__", np.divide), ("__floordiv__", np.floor_divide), ("__mod__", np.remainder),
       ("__pow__", np.power), ("__lt__", np.less), ("__le__", np.less_equal), ("__eq__", np.equal),
       ("__ne__", np.not_equal), ("__gt__", np.greater), ("__ge__", np.greater_equal)]


@pytest.mark.parametrize("name,npf", BIN, ids=[b[0] for b in BIN])
@pytest.mark.parametrize("dtype", ["int32", "float64", "float32", "uint8"])
def test_operators(name, npf, dtype):
    x = sample(dtype, (3, 4), 1)
    y = sample(dtype, (4,), 2)
    if dtype in ("int32", "uint8"):
        y = np.where(y == 0, 1, y).astype(dtype)
        if name == "__pow__":
            x, y = x % 5, (y % 3).astype(dtype)
    a, b = nd.asarray(x), nd.asarray(y)
    ulp = 2 if name == "__pow__" and dtype.startswith("float") else 0
    same(getattr(a, name)(b), getattr(x, name)(y), ulp)
    # a Python scalar on either side
    s = 3 if dtype in ("int32", "uint8") else 1.5
    same(getattr(a, name)(s), npf(x, s), ulp)
    rname = "__r" + name[2:]
    if hasattr(a, rname) and name not in ("__lt__", "__le__", "__gt__", "__ge__", "__eq__", "__ne__"):
        same(getattr(a, rname)(s), npf(s, x), ulp)


def test_inplace_operators_and_unary():
    x = np.arange(1.0, 7.0).reshape(2, 3)
    a = nd.asarray(x.copy())
    for op in ["+=", "-=", "*=", "/=", "//=", "%=", "**="]:
        y = x.copy()
        b = nd.asarray(x.copy())
        exec(f"y {op} 2.0")
        keep = b
        exec(f"b {op} 2.0")
        assert b is keep
        same(b, y)
    same(-a, -x)
    same(+a, +x)
    same(abs(-a), abs(-x))
    i = nd.asarray(np.array([1, 6, 12], np.int64))
    same(~i, ~np.array([1, 6, 12]))
    same(i & 4, np.array([1, 6, 12]) & 4)
    same(i | 1, np.array([1, 6, 12]) | 1)
    same(i ^ 3, np.array([1, 6, 12]) ^ 3)
    same(i << 2, np.array([1, 6, 12]) << 2)
    same(i >> 1, np.array([1, 6, 12]) >> 1)
    m = np.arange(6.0).reshape(2, 3)
    same(nd.asarray(m) @ nd.asarray(m.T), m @ m.T)
    q, r = divmod(nd.asarray(x), 4.0)
    same(q, x // 4.0)
    same(r, x % 4.0)
    with pytest.raises(TypeError):
        a += nd.ones(3, dtype="complex128")  # same_kind refuses complex into float


def test_views_share_and_keep_memory():
    a = nd.arange(12.0).reshape(3, 4)
    v = a.T[1:]
    del a
    same(v, np.arange(12.0).reshape(3, 4).T[1:])
    b = nd.zeros(5)
    b[1:3] = 1
    same(b, np.array([0, 1, 1, 0, 0.0]))
    assert nd.may_share_memory(b, b[::2])


def test_no_leaks_of_nd_arrays_or_python_owners():
    """nd's live-bytes counter is exact on one thread, and a NumPy owner's
    reference count shows every view nd took of it was released."""
    import gc
    import sys
    x = np.arange(4096.0)
    rc0 = sys.getrefcount(x)
    gc.collect()
    live0 = nd.profile_live_bytes()
    for _ in range(50):
        a = nd.asarray(x)
        b = nd.add(x, a)
        nd.multiply(x, 2.0, out=b)
        c = a[::2][[0, 1]] + b[a > 5].sum()
        d = nd.from_dlpack(x)
        e = np.from_dlpack(b)
        f = nd.concatenate([a, b])
        g = nd.linalg.norm(a)
        try:
            nd.add(x, nd.ones(3))
        except ValueError:
            pass
        del a, b, c, d, e, f, g
    gc.collect()
    assert nd.profile_live_bytes() == live0
    assert sys.getrefcount(x) == rc0
