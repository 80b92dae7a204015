"""Hypothesis properties of manipulation against NumPy 1.24: random dtypes,
shapes and strides (views with steps and negative steps), the results
equal NumPy's (dtype, shape, values, signed zeros) and errors of the same
class."""
import numpy as np
import pytest
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp

import nd
from conftest import same

DTYPES = st.sampled_from(["bool", "int8", "uint16", "int32", "int64", "uint64", "float16",
                          "float32", "float64", "complex64", "complex128"])


@st.composite
def strided(draw, min_dims=1, max_dims=4):
    """A NumPy array of a random dtype viewed with random steps (some
    negative), so nd sees non-contiguous and reversed strides."""
    dt = draw(DTYPES)
    base = draw(hnp.arrays(dt, hnp.array_shapes(min_dims=min_dims, max_dims=max_dims,
                                                 min_side=0, max_side=6),
                           elements={"allow_nan": True} if dt[0] in "fc" else None))
    steps = tuple(draw(st.sampled_from([1, 1, 2, -1, -2])) for _ in range(base.ndim))
    return base[tuple(slice(None, None, s) for s in steps)]


def both(fn, *args, **kw):
    """fn from nd and from NumPy on the same arguments: the same result, or
    errors of the same class."""
    conv = [nd.asarray(a) if isinstance(a, np.ndarray) else
            [nd.asarray(x) for x in a] if isinstance(a, list) else a for a in args]
    try:
        want = getattr(np, fn)(*args, **kw)
    except Exception as e:
        with pytest.raises(type(e)):
            getattr(nd, fn)(*conv, **kw)
        return
    got = getattr(nd, fn)(*conv, **kw)
    if isinstance(want, (list, tuple)):
        assert len(got) == len(want)
        for g, w in zip(got, want):
            same(g, w)
    else:
        same(got, want)


@given(strided(), st.data())
def test_prop_reshape_transpose_ravel(a, data):
    n = a.size
    divs = [d for d in range(1, n + 1) if n % d == 0] or [1]
    d = data.draw(st.sampled_from(divs))
    both("reshape", a, (d, -1) if n else (0, -1))
    both("reshape", a, (n + 1,))  # an impossible shape: ValueError from both
    perm = data.draw(st.permutations(range(a.ndim)))
    both("transpose", a, tuple(perm))
    both("ravel", a)
    both("ravel", a, order="F")
    both("swapaxes", a, 0, data.draw(st.integers(-a.ndim - 1, a.ndim)))
    both("moveaxis", a, 0, -1)
    both("flip", a, data.draw(st.integers(-a.ndim, a.ndim - 1)))
    both("squeeze", a)
    both("expand_dims", a, data.draw(st.integers(-a.ndim - 2, a.ndim + 1)))


@given(strided(), st.data())
def test_prop_concatenate_stack_split(a, data):
    b = data.draw(hnp.arrays(data.draw(DTYPES), a.shape))
    ax = data.draw(st.integers(-a.ndim, a.ndim - 1))
    both("concatenate", [a, b], axis=ax)
    both("concatenate", [a, b], axis=None)
    both("stack", [a, b], axis=data.draw(st.integers(-a.ndim - 1, a.ndim)))
    both("vstack", [a, b])
    both("hstack", [a, b])
    k = data.draw(st.integers(1, 4))
    both("array_split", a, k, axis=ax)
    both("split", a, k, axis=ax)  # ValueError unless k divides the axis
    cuts = sorted(data.draw(st.lists(st.integers(-3, 8), max_size=3)))
    both("split", a, cuts, axis=ax)


@given(strided(max_dims=3), st.data())
def test_prop_tile_repeat_roll_pad(a, data):
    reps = tuple(data.draw(st.lists(st.integers(0, 3), min_size=1, max_size=3)))
    both("tile", a, reps)
    both("repeat", a, data.draw(st.integers(0, 3)), axis=data.draw(st.integers(0, a.ndim - 1)))
    both("repeat", a, data.draw(st.integers(0, 2)))
    both("roll", a, data.draw(st.integers(-7, 7)), axis=data.draw(st.integers(0, a.ndim - 1)))
    both("roll", a, data.draw(st.integers(-7, 7)))
    both("pad", a, data.draw(st.integers(0, 2)))
    both("broadcast_to", a, (2,) + a.shape)
    both("atleast_3d", a)


@given(strided(min_dims=2, max_dims=3), st.data())
def test_prop_matrix_views(a, data):
    k = data.draw(st.integers(-4, 4))
    both("diagonal", a, k)
    both("triu", a, k)
    both("tril", a, k)
    both("rot90", a, data.draw(st.integers(-3, 5)))
    both("fliplr", a)
