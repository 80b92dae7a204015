"""The Python binding's tests: NumPy 1.24 (/usr/bin/python3) is the oracle.
meson test runs them with PYTHONPATH at build/python (the staged package)."""
import os
import sys

import numpy as np
import pytest
from hypothesis import settings

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "numpy"))
from ndcheck import summary_line  # noqa: E402

settings.register_profile("nd", database=None, deadline=None, max_examples=150,
                          derandomize=True)
settings.load_profile("nd")


def same(got, want, ulp=0, zero_sign=True):
    """nd result `got` equals NumPy's `want`: dtype, shape and values (NaN
    equal NaN, signed zeros distinguished when exact and zero_sign); `ulp` > 0 allows that
    many units in the last place for floats."""
    g = np.asarray(got)
    w = np.asarray(want)
    assert g.dtype == w.dtype, f"dtype {g.dtype} != {w.dtype}"
    assert g.shape == w.shape, f"shape {g.shape} != {w.shape}"
    if ulp and g.dtype.kind in "fc":
        if g.dtype.kind == "c":
            same(g.real, w.real, ulp)
            same(g.imag, w.imag, ulp)
            return
        fin = np.isfinite(w)
        assert np.array_equal(np.isnan(g), np.isnan(w))
        assert np.array_equal(g[~fin & ~np.isnan(w)], w[~fin & ~np.isnan(w)])
        if fin.any():
            np.testing.assert_array_max_ulp(g[fin], w[fin], maxulp=ulp)
        return
    np.testing.assert_array_equal(g, w, strict=True)
    if g.dtype.kind in "fc" and zero_sign:
        m = ~np.isnan(w.real)
        assert np.array_equal(np.signbit(g.real)[m], np.signbit(w.real)[m]), "signed zeros differ"


@pytest.fixture
def rng():
    return np.random.default_rng(1234)


def pytest_terminal_summary(terminalreporter):
    """One line in Check's summary form (tests/numpy/ndcheck.py, shared
    with the NumPy conformance run), counted by .ci/run."""
    terminalreporter.write_line(summary_line(terminalreporter.stats))
