"""The functions of nd's API under NumPy's names: reductions, manipulation,
sorting, products, linalg, random, files; errors of NumPy's classes."""
import numpy as np
import pytest
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp

import nd
from conftest import same


@pytest.fixture
def x():
    return np.random.default_rng(7).uniform(-5, 5, (3, 4, 5))


REDUCTIONS = ["sum", "prod", "mean", "min", "max", "any", "all", "nansum", "nanmean", "nanmin",
              "nanmax", "var", "std", "nanvar", "nanstd"]
AXES = [None, 0, 1, -1, 2, (0, 2), (1,), (0, 1, 2)]


@pytest.mark.parametrize("name", REDUCTIONS)
@pytest.mark.parametrize("axis", AXES, ids=str)
@pytest.mark.parametrize("keepdims", [False, True])
def test_reductions(x, name, axis, keepdims):
    x = x.copy()
    x[0, 1, 2] = np.nan if name.startswith("nan") else x[0, 1, 2]
    want = getattr(np, name)(x, axis=axis, keepdims=keepdims)
    got = getattr(nd, name)(nd.asarray(x), axis=axis, keepdims=keepdims)
    exact = name in ("min", "max", "any", "all", "nanmin", "nanmax")
    if exact:
        same(got, want)
    else:  # pairwise summation vs NumPy's: a few ULP apart
        g = np.asarray(got)
        assert g.dtype == want.dtype and g.shape == np.shape(want)
        np.testing.assert_allclose(g, want, rtol=1e-13, atol=1e-13)


@pytest.mark.parametrize("dtype", ["int8", "uint16", "int32", "bool", "float32", "float16"])
def test_reduction_dtypes(dtype):
    y = (np.arange(24) % 7).reshape(4, 6).astype(dtype)
    a = nd.asarray(y)
    for name in ["sum", "prod", "max", "argmax", "argmin", "cumsum", "cumprod"]:
        for axis in [None, 0, 1]:
            same(getattr(nd, name)(a, axis=axis), getattr(np, name)(y, axis=axis))
    same(nd.mean(a, axis=0), np.mean(y, axis=0), ulp=2)
    same(nd.sum(a, dtype="int64"), np.sum(y, dtype="int64"))
    same(a.sum(axis=1, keepdims=True), y.sum(axis=1, keepdims=True))


def test_reduction_out_and_errors():
    y = np.arange(12.0).reshape(3, 4)
    a = nd.asarray(y)
    o = nd.empty(4)
    assert nd.sum(a, axis=0, out=o) is o
    same(o, y.sum(axis=0))
    with pytest.raises(np.AxisError):
        nd.sum(a, axis=2)
    with pytest.raises(ValueError):  # AxisError is a ValueError too
        nd.sum(a, axis=-3)
    with pytest.raises(ValueError, match="zero-size array"):
        nd.max(nd.zeros((0, 3)), axis=0)
    with pytest.raises(ValueError, match="duplicate value"):
        nd.sum(a, axis=(0, 0))
    with pytest.raises(ValueError):
        nd.sum(a, axis=0, out=nd.empty(3))
    same(nd.argmax(a, axis=1, keepdims=True), np.argmax(y, axis=1, keepdims=True))


@given(hnp.arrays(st.sampled_from(["float32", "float64", "int16"]),
                  hnp.array_shapes(min_dims=1, max_dims=4, max_side=6),
                  elements=st.integers(-100, 100)),
       st.data())
def test_prop_reductions_axis_keepdims(arr, data):
    axis = data.draw(st.none() | st.integers(-arr.ndim, arr.ndim - 1))
    keep = data.draw(st.booleans())
    name = data.draw(st.sampled_from(["sum", "max", "min", "any", "all", "prod", "cumsum"]))
    a = nd.asarray(arr)
    if name == "cumsum":
        same(nd.cumsum(a, axis=axis), np.cumsum(arr, axis=axis))
    elif name == "prod":
        small = (arr % 3).astype(arr.dtype)
        same(nd.prod(nd.asarray(small), axis=axis, keepdims=keep), np.prod(small, axis=axis, keepdims=keep))
    else:  # integer-valued: exact in any order
        same(getattr(nd, name)(a, axis=axis, keepdims=keep), getattr(np, name)(arr, axis=axis, keepdims=keep))


@given(hnp.arrays("int32", hnp.array_shapes(min_dims=1, max_dims=3, max_side=5)), st.data())
def test_prop_indexing_basic_and_fancy(arr, data):
    key = []
    for n in arr.shape:
        kind = data.draw(st.sampled_from(["int", "slice", "list", "all"]))
        if kind == "int":
            key.append(data.draw(st.integers(-n, n - 1)))
        elif kind == "slice":
            key.append(slice(data.draw(st.none() | st.integers(-n - 2, n + 2)),
                             data.draw(st.none() | st.integers(-n - 2, n + 2)),
                             data.draw(st.none() | st.sampled_from([-3, -1, 1, 2]))))
        elif kind == "list":
            key.append(data.draw(st.lists(st.integers(-n, n - 1), min_size=1, max_size=3)))
        else:
            key.append(slice(None))
    key = tuple(key[:data.draw(st.integers(0, len(key)))])
    try:
        want = arr[key]
    except IndexError:  # index lists that do not broadcast
        with pytest.raises(IndexError):
            nd.asarray(arr)[key]
        return
    same(nd.asarray(arr)[key], want)


def test_manipulation(x):
    a = nd.asarray(x)
    same(nd.reshape(a, (4, -1)), np.reshape(x, (4, -1)))
    same(a.reshape(5, 12), x.reshape(5, 12))
    same(nd.reshape(a, (12, 5), order="F"), np.reshape(x, (12, 5), order="F"))
    same(nd.transpose(a), np.transpose(x))
    same(nd.transpose(a, (1, 0, 2)), np.transpose(x, (1, 0, 2)))
    same(a.T, x.T)
    same(nd.concatenate([a, a], axis=1), np.concatenate([x, x], axis=1))
    same(nd.concatenate([a, a], axis=None), np.concatenate([x, x], axis=None))
    same(nd.stack([a, a], axis=-1), np.stack([x, x], axis=-1))
    same(nd.hstack([a, a]), np.hstack([x, x]))
    same(nd.vstack([a, a]), np.vstack([x, x]))
    same(nd.dstack([a, a]), np.dstack([x, x]))
    for p, q in zip(nd.split(a, 2, axis=1), np.split(x, 2, axis=1)):
        same(p, q)
    for p, q in zip(nd.array_split(a, 3, axis=2), np.array_split(x, 3, axis=2)):
        same(p, q)
    for p, q in zip(nd.split(a, [1, 3], axis=1), np.split(x, [1, 3], axis=1)):
        same(p, q)
    same(nd.tile(a, (2, 1, 1)), np.tile(x, (2, 1, 1)))
    same(nd.repeat(a, 2, axis=1), np.repeat(x, 2, axis=1))
    same(nd.repeat(a, [1, 0, 2], axis=0), np.repeat(x, [1, 0, 2], axis=0))
    same(nd.pad(a, 1), np.pad(x, 1))
    same(nd.pad(a, ((0, 1), (2, 0), (1, 1)), mode="edge"), np.pad(x, ((0, 1), (2, 0), (1, 1)), mode="edge"))
    same(nd.flip(a, 1), np.flip(x, 1))
    same(nd.flip(a), np.flip(x))
    same(nd.roll(a, 2, axis=2), np.roll(x, 2, axis=2))
    same(nd.roll(a, -3), np.roll(x, -3))
    same(nd.rot90(a), np.rot90(x))
    same(nd.squeeze(nd.asarray(x[:1])), np.squeeze(x[:1]))
    same(nd.expand_dims(a, (0, 2)), np.expand_dims(x, (0, 2)))
    same(nd.moveaxis(a, 0, -1), np.moveaxis(x, 0, -1))
    same(nd.moveaxis(a, [0, 1], [2, 0]), np.moveaxis(x, [0, 1], [2, 0]))
    same(nd.swapaxes(a, 0, 2), np.swapaxes(x, 0, 2))
    same(nd.ravel(a), np.ravel(x))
    same(a.flatten(), x.flatten())
    same(nd.atleast_2d(nd.asarray(3.0)), np.atleast_2d(3.0))
    same(nd.broadcast_to(nd.asarray(x[0, 0]), (2, 5)), np.broadcast_to(x[0, 0], (2, 5)))
    assert nd.broadcast_shapes((3, 1), (4,)) == np.broadcast_shapes((3, 1), (4,))
    for p, q in zip(nd.broadcast_arrays(a[:, :1], a[0]), np.broadcast_arrays(x[:, :1], x[0])):
        same(p, q)
    with pytest.raises(ValueError):
        nd.reshape(a, (7, -1))
    with pytest.raises(ValueError):
        nd.concatenate([a, nd.ones((2, 2))])
    with pytest.raises(ValueError, match="equal division"):
        nd.split(a, 3, axis=1)


def test_matrices_indexing_functions():
    m = np.arange(16.0).reshape(4, 4)
    a = nd.asarray(m)
    same(nd.diag(a, 1), np.diag(m, 1))
    same(nd.diag(nd.arange(3.0)), np.diag(np.arange(3.0)))
    same(nd.diagonal(a, -1), np.diagonal(m, -1))
    same(nd.triu(a, 1), np.triu(m, 1))
    same(nd.tril(a), np.tril(m))
    for p, q in zip(nd.meshgrid(nd.arange(3), nd.arange(2)), np.meshgrid(np.arange(3), np.arange(2))):
        same(p, q)
    same(nd.indices((2, 3)), np.indices((2, 3)))
    same(nd.take(a, [0, -1], axis=1), np.take(m, [0, -1], axis=1))
    same(nd.take(a, [[1, 5]]), np.take(m, [[1, 5]]))
    i = np.array([[0], [3], [1], [2]])
    same(nd.take_along_axis(a, nd.asarray(i), 1), np.take_along_axis(m, i, 1))
    b, mb = nd.copy(a), m.copy()
    nd.put(b, [0, 5], [-1.0, -2.0])
    np.put(mb, [0, 5], [-1.0, -2.0])
    same(b, mb)
    nd.put_along_axis(b, nd.asarray(i), 9.0, 1)
    np.put_along_axis(mb, i, 9.0, 1)
    same(b, mb)
    same(nd.compress([True, False, True], a, axis=0), np.compress([True, False, True], m, axis=0))
    for p, q in zip(nd.nonzero(a > 10), np.nonzero(m > 10)):
        same(p, q)
    same(nd.where(a > 5, a, -a), np.where(m > 5, m, -m))
    same(nd.argwhere(a % 5 == 0), np.argwhere(m % 5 == 0))
    same(nd.flatnonzero(a > 12), np.flatnonzero(m > 12))
    assert nd.count_nonzero(a) == np.count_nonzero(m)
    same(nd.clip(a, 2, 9), np.clip(m, 2, 9))
    same(nd.round(a / 7, 2), np.round(m / 7, 2))
    same(nd.isclose(a, a + 1e-9), np.isclose(m, m + 1e-9))
    assert nd.allclose(a, a + 1e-9) and not nd.allclose(a, a + 1)
    assert nd.array_equal(a, nd.asarray(m)) and not nd.array_equal(a, a[::-1])
    with pytest.raises(IndexError):
        nd.take(a, [16])
    c = nd.asarray(m + 2j * m)
    same(nd.real(c), np.real(m + 2j * m))
    same(c.imag, (m + 2j * m).imag)
    assert nd.result_type(nd.int8, nd.uint8) == np.result_type(np.int8, np.uint8)
    assert nd.can_cast(nd.int32, nd.float64) and not nd.can_cast("float64", "int8")
    same(nd.evaluate("2*a + sin(b)", a=a, b=a), 2 * m + np.sin(m), ulp=2)


def test_sorting_and_searching():
    r = np.random.default_rng(3)
    y = r.integers(0, 10, (4, 7)).astype(np.float64)
    y[1, 2] = np.nan
    a = nd.asarray(y)
    same(nd.sort(a), np.sort(y))
    same(nd.sort(a, axis=0), np.sort(y, axis=0))
    same(nd.sort(a, axis=None), np.sort(y, axis=None))
    same(nd.argsort(a, kind="stable"), np.argsort(y, kind="stable"))
    same(nd.argsort(a, axis=0), np.argsort(y, axis=0, kind="stable"))
    b = nd.copy(a)
    b.sort(axis=1)
    same(b, np.sort(y, axis=1))
    k1, k2 = r.integers(0, 3, 9), r.integers(0, 3, 9)
    same(nd.lexsort([nd.asarray(k1), nd.asarray(k2)]), np.lexsort([k1, k2]))
    p = np.asarray(nd.partition(a, 3))
    same(p[:, 3], np.partition(y, 3)[:, 3])
    same(nd.searchsorted(nd.arange(10.0), [2.5, 3, -1, 20], side="right"),
         np.searchsorted(np.arange(10.0), [2.5, 3, -1, 20], side="right"))
    v, idx, inv, cnt = nd.unique(a, return_index=True, return_inverse=True, return_counts=True)
    wv, widx, winv, wcnt = np.unique(y, return_index=True, return_inverse=True, return_counts=True)
    for g, w in [(v, wv), (idx, widx), (inv, winv), (cnt, wcnt)]:
        same(g, w)
    same(nd.isin(a, [1.0, 3.0]), np.isin(y, [1.0, 3.0]))
    same(nd.bincount([0, 1, 1, 4]), np.bincount([0, 1, 1, 4]))
    h, e = nd.histogram(nd.arange(10.0), bins=4)
    wh, we = np.histogram(np.arange(10.0), bins=4)
    same(h, wh)
    same(e, we)
    z = np.nan_to_num(y)
    same(nd.median(nd.asarray(z), axis=1), np.median(z, axis=1))
    same(nd.quantile(nd.asarray(z), 0.3), np.quantile(z, 0.3))
    same(nd.percentile(nd.asarray(z), [10, 90], axis=0), np.percentile(z, [10, 90], axis=0))
    with pytest.raises(ValueError, match="kth"):
        nd.partition(a, 10)


def test_products_and_linalg():
    r = np.random.default_rng(5)
    m = r.standard_normal((4, 4)) + 4 * np.eye(4)
    v = r.standard_normal(4)
    a, b = nd.asarray(m), nd.asarray(v)
    close = dict(rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(nd.matmul(a, a), m @ m, **close)
    np.testing.assert_allclose(nd.dot(a, b), m.dot(v), **close)
    np.testing.assert_allclose(nd.vdot(b, b), np.vdot(v, v), **close)
    np.testing.assert_allclose(nd.inner(a, a), np.inner(m, m), **close)
    same(nd.outer(b, b), np.outer(v, v))
    np.testing.assert_allclose(nd.tensordot(a, a, axes=([1], [0])), np.tensordot(m, m, axes=([1], [0])), **close)
    same(nd.trace(a), np.trace(m))
    L = nd.linalg
    np.testing.assert_allclose(L.solve(a, b), np.linalg.solve(m, v), **close)
    np.testing.assert_allclose(L.inv(a), np.linalg.inv(m), **close)
    np.testing.assert_allclose(L.det(a), np.linalg.det(m), **close)
    s, ld = L.slogdet(a)
    ws, wld = np.linalg.slogdet(m)
    np.testing.assert_allclose([float(s), float(ld)], [ws, wld], **close)
    spd = m @ m.T
    np.testing.assert_allclose(L.cholesky(nd.asarray(spd)), np.linalg.cholesky(spd), **close)
    q, rr = L.qr(a)
    np.testing.assert_allclose(np.asarray(q) @ np.asarray(rr), m, **close)
    np.testing.assert_allclose(L.svd(a, compute_uv=False), np.linalg.svd(m, compute_uv=False), **close)
    u, sv, vh = L.svd(a)
    np.testing.assert_allclose((np.asarray(u) * np.asarray(sv)) @ np.asarray(vh), m, **close)
    np.testing.assert_allclose(L.eigvalsh(nd.asarray(spd)), np.linalg.eigvalsh(spd), **close)
    np.testing.assert_allclose(L.eigvalsh(nd.asarray(np.triu(spd)), UPLO="U"), np.linalg.eigvalsh(spd), **close)
    w, vv = L.eigh(nd.asarray(spd))
    np.testing.assert_allclose(spd @ np.asarray(vv), np.asarray(vv) * np.asarray(w), **close)
    np.testing.assert_allclose(np.sort_complex(np.asarray(L.eigvals(a))),
                               np.sort_complex(np.linalg.eigvals(m)), **close)
    tall = r.standard_normal((6, 3))
    x, res, rank, sing = L.lstsq(nd.asarray(tall), nd.asarray(v.tolist() + [1, 2]), rcond=None)
    wx, wres, wrank, wsing = np.linalg.lstsq(tall, v.tolist() + [1, 2], rcond=None)
    np.testing.assert_allclose(x, wx, **close)
    np.testing.assert_allclose(res, wres, **close)
    assert rank == wrank
    np.testing.assert_allclose(L.pinv(a), np.linalg.pinv(m), **close)
    same(L.matrix_rank(a), np.linalg.matrix_rank(m))
    for ordv in [None, "fro", "nuc", 1, -1, 2, np.inf]:
        np.testing.assert_allclose(L.norm(a, ordv), np.linalg.norm(m, ordv), **close)
    np.testing.assert_allclose(L.norm(a, axis=1), np.linalg.norm(m, axis=1), **close)
    with pytest.raises(np.linalg.LinAlgError, match="Singular matrix"):
        L.solve(nd.zeros((3, 3)), nd.ones(3))
    with pytest.raises(np.linalg.LinAlgError):
        L.cholesky(nd.asarray(-np.eye(2)))
    with pytest.raises(np.linalg.LinAlgError):
        np.linalg.cholesky(-np.eye(2))
    with pytest.raises(ValueError):
        nd.matmul(a, nd.ones(3))
    with pytest.raises(TypeError):
        L.inv(nd.ones((2, 2), dtype="float16"))
    with pytest.raises(np.linalg.LinAlgError):
        L.inv(nd.ones(3))  # 1-d


@pytest.mark.parametrize("seed", [0, 42, 2**40 + 3])
def test_random_generator_is_numpys_bit_for_bit(seed):
    g, w = nd.random.default_rng(seed), np.random.default_rng(seed)
    same(g.random(5), w.random(5))
    same(g.random((2, 3), dtype="float32"), w.random((2, 3), dtype=np.float32))
    same(g.integers(0, 100, 7), w.integers(0, 100, 7))
    same(g.integers(-5, 5, (2, 2), dtype="int16", endpoint=True),
         w.integers(-5, 5, (2, 2), dtype=np.int16, endpoint=True))
    same(g.standard_normal(6), w.standard_normal(6))
    same(g.normal(1.0, 2.0, 4), w.normal(1.0, 2.0, 4))
    same(g.uniform(-1, 1, 3), w.uniform(-1, 1, 3))
    same(g.exponential(2.0, 3), w.exponential(2.0, 3))
    same(g.standard_exponential(3), w.standard_exponential(3))
    same(g.gamma(2.5, 1.0, 4), w.gamma(2.5, 1.0, 4))
    same(g.beta(0.5, 2.0, 4), w.beta(0.5, 2.0, 4))
    same(g.binomial(10, 0.3, 5), w.binomial(10, 0.3, 5))
    same(g.poisson(3.0, 5), w.poisson(3.0, 5))
    same(g.choice(10, 4, replace=False), w.choice(10, 4, replace=False))
    same(g.choice(nd.arange(5.0), 3, p=[0.1, 0.2, 0.3, 0.2, 0.2]),
         w.choice(np.arange(5.0), 3, p=[0.1, 0.2, 0.3, 0.2, 0.2]))
    same(g.permutation(6), w.permutation(6))
    x, y = nd.arange(8), np.arange(8)
    g.shuffle(x)
    w.shuffle(y)
    same(x, y)
    assert g.random() == w.random()
    out = nd.empty(3)
    assert g.random(out=out) is out
    same(out, w.random(3))
    ph, wph = nd.random.Generator(nd.random.Philox(seed)), np.random.Generator(np.random.Philox(seed))
    same(ph.random(4), wph.random(4))
    with pytest.raises(ValueError, match="scale < 0"):
        g.normal(0, -1, 3)


def test_files_roundtrip_with_numpy(tmp_path):
    m = np.arange(12, dtype=np.int32).reshape(3, 4)
    nd.save(tmp_path / "a.npy", nd.asarray(m))
    same(np.load(tmp_path / "a.npy"), m)
    np.save(tmp_path / "b.npy", m.T)
    same(nd.load(tmp_path / "b.npy"), m.T)
    same(nd.load(tmp_path / "b.npy", mmap_mode="r"), m.T)
    nd.savez(tmp_path / "z", nd.asarray(m), w=nd.ones(2))
    z = np.load(tmp_path / "z.npz")
    same(z["arr_0"], m)
    same(z["w"], np.ones(2))
    np.savez_compressed(tmp_path / "c.npz", x=m, y=np.arange(3.0))
    with nd.load(tmp_path / "c.npz") as f:
        assert sorted(f.files) == ["x", "y"]
        same(f["x"], m)
    nd.savetxt(tmp_path / "t.txt", nd.asarray(m), fmt="%d", delimiter=",")
    np.savetxt(tmp_path / "u.txt", m, fmt="%d", delimiter=",")
    assert (tmp_path / "t.txt").read_bytes() == (tmp_path / "u.txt").read_bytes()
    same(nd.loadtxt(tmp_path / "u.txt", delimiter=","), np.loadtxt(tmp_path / "u.txt", delimiter=","))
    same(nd.loadtxt(tmp_path / "u.txt", delimiter=",", usecols=(1, 3), dtype=int),
         np.loadtxt(tmp_path / "u.txt", delimiter=",", usecols=(1, 3), dtype=int))
    with pytest.raises(OSError):
        nd.load(tmp_path / "missing.npy")
    (tmp_path / "bad.npy").write_bytes(b"\x93NUMPY\x01\x00garbage")
    with pytest.raises(ValueError):
        nd.load(tmp_path / "bad.npy")
    (tmp_path / "bad.txt").write_text("1,2\n3,x\n")
    with pytest.raises(ValueError, match="could not convert string 'x'"):
        nd.loadtxt(tmp_path / "bad.txt", delimiter=",")


def test_file_objects_and_pickle():
    import io
    import pickle
    m = np.arange(6, dtype=np.uint16).reshape(2, 3)
    b = io.BytesIO()
    nd.save(b, nd.asarray(m))
    w = io.BytesIO()
    np.save(w, m)
    assert b.getvalue() == w.getvalue()  # numpy.save's bytes exactly
    w.seek(0)
    same(nd.load(w), m)
    z = io.BytesIO()
    np.savez(z, q=m)
    z.seek(0)
    same(nd.load(z)["q"], m)
    with pytest.raises(ValueError):
        nd.load(io.BytesIO(b"\x93NUMPY garbage"))
    for x in [np.float16([1.5, -2]), np.array([[1 + 2j]]), np.array([2**64 - 1], np.uint64)]:
        same(pickle.loads(pickle.dumps(nd.asarray(x))), x)


def test_machine_and_profiler():
    assert nd.isa() in ("scalar", "baseline", "avx2", "avx512")
    with pytest.raises(ValueError):
        nd.set_isa("no-such-level")
    nd.profile_reset()
    nd.profile_enable()
    try:
        nd.multiply(nd.ones(64), 2.0)
        rep = nd.profile_report()
    finally:
        nd.profile_disable()
    assert "multiply" in rep and "float64" in rep
    assert nd.get_num_threads() >= 1


@pytest.mark.parametrize("shape,axis", [((0,), None), ((0, 3), 0), ((0, 3), -1), ((3, 0), 0),
                                        ((3, 0), -1), ((2, 0, 3), None)])
def test_median_empty_warns_as_numpy(shape, axis):
    # NumPy's np.mean warns "Mean of empty slice." in Python, then the invalid
    # flag of 0/0; nd's binding gives the first, its flag (nd_fp_flags) the second
    import warnings
    a = np.empty(shape)
    with warnings.catch_warnings(record=True) as want:
        warnings.simplefilter("always")
        np.median(a, axis=axis)
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        nd._funcs.lib.nd_fp_clear()
        nd.median(a, axis=axis)
    empty = [str(w.message) for w in want if "empty slice" in str(w.message)]
    assert [str(w.message) for w in got] == empty
    assert bool(nd._funcs.lib.nd_fp_flags() & nd._funcs.lib.ND_FP_INVALID) == bool(empty)
    nd._funcs.lib.nd_fp_clear()
