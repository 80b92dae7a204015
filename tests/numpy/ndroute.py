"""A pytest plugin that runs NumPy 1.24's own test files against nd.

Loaded with `-p ndroute`, it replaces the ufuncs of the numpy module (and
numpy.core.umath, which the tests import as ncu) by wrappers with NumPy's
call signature. A call made directly by a test module, whose operands and
keywords nd supports (its 14 dtypes, out=, where=, dtype=, casting=), is
computed by nd: NumPy arrays go in as zero-copy views (nd's ufuncs take the
buffer protocol), the result comes back through numpy.asarray, and nd's
floating-point flags become NumPy's RuntimeWarning or FloatingPointError as
np.geterr() says. Every other call -- NumPy's own internals, including
numpy.testing's comparisons, which stay the oracle -- goes to NumPy. Routed
calls are counted per test file and printed at the end; a file that routed
nothing proved nothing.

tests/numpy/skips.txt lists the tests that do not apply (one per line:
node id, then "  # reason"); they are skipped, every other test must pass."""
import collections
import os
import sys
import warnings

import numpy as np
import pytest

import nd
from nd import _funcs as _ndf
from ndcheck import summary_line

_lib = _ndf.lib
_NP_UFUNC = np.ufunc
_SUPPORTED = {np.dtype(c) for c in "?bhilqBHILQefdFD"}
_SCALARS = (bool, int, float, complex)
_INT64 = (-(1 << 63), (1 << 64) - 1)
# nd's flag bits (nd.errstate's own table) and NumPy's warning texts
_FLAGS = tuple((_ndf._FP_BITS[cat], cat, text) for cat, text in (
    ("divide", "divide by zero"), ("over", "overflow"), ("under", "underflow"),
    ("invalid", "invalid value")))
_KEYS = {"out", "where", "casting", "dtype", "order", "subok", "signature"}

routed = collections.Counter()    # test file -> calls nd computed
fallback = collections.Counter()  # test file -> calls from tests left to NumPy


class _Fallback(Exception):
    pass


def _operand(x):
    """x as something nd's ufunc takes with NumPy's meaning, or _Fallback."""
    t = type(x)
    if t is np.ndarray or isinstance(x, np.generic):
        if x.dtype not in _SUPPORTED or not x.dtype.isnative:
            raise _Fallback
        return x
    if t in _SCALARS:
        if t is int and not _INT64[0] <= x <= _INT64[1]:
            raise _Fallback  # NumPy makes an object array of it
        return x
    if t in (list, tuple):
        a = np.asarray(x)
        if a.dtype not in _SUPPORTED:
            raise _Fallback
        return a
    raise _Fallback  # subclasses, __array_ufunc__ overrides, objects


def _out(o):
    if type(o) is not np.ndarray or o.dtype not in _SUPPORTED or not o.dtype.isnative:
        raise _Fallback
    return o


def _caller_file(extra=0):
    """The test file a call comes from directly, or None (NumPy's own code)."""
    g = sys._getframe(2 + extra).f_globals
    name = g.get("__name__", "")
    if ".tests." in name or name.rsplit(".", 1)[-1].startswith("test_"):
        return os.path.basename(g.get("__file__") or name)
    return None


def _fp_report(name, modes, stacklevel=4):
    """nd's sticky floating-point flags of the call just made, as NumPy's
    errstate `modes` says: a RuntimeWarning or a FloatingPointError."""
    flags = _lib.nd_fp_flags()
    if flags:
        _lib.nd_fp_clear()
        for bit, cat, text in _FLAGS:
            if flags & bit and modes[cat] != "ignore":
                msg = f"{text} encountered in {name}"
                if modes[cat] == "raise":
                    raise FloatingPointError(msg)
                warnings.warn(msg, RuntimeWarning, stacklevel=stacklevel)


class RoutedUfunc:
    """One NumPy ufunc: nd computes the calls it supports, NumPy the rest;
    attributes and methods (reduce, at, types...) are NumPy's."""

    def __init__(self, npu, ndu):
        self._np = npu
        self._nd = ndu
        self.__name__ = npu.__name__
        self.__doc__ = npu.__doc__

    @property
    def __class__(self):
        return _NP_UFUNC  # isinstance(np.add, np.ufunc), as the tests' ufunc lists ask

    def __getattr__(self, k):
        return getattr(self._np, k)

    def __eq__(self, other):
        # NumPy hands its own ufunc to __array_ufunc__/__array_wrap__ overrides
        return other is self or other is self._np

    def __hash__(self):
        return hash(self._np)

    def __repr__(self):
        return repr(self._np)

    def __reduce__(self):
        # as NumPy pickles a ufunc: by name, so loads gives this wrapper back
        return (np.core._ufunc_reconstruct, ("numpy", self.__name__))

    def reduce(self, *args, **kw):
        return _ufunc_method(self, "reduce", args, kw)

    def accumulate(self, *args, **kw):
        return _ufunc_method(self, "accumulate", args, kw)

    def outer(self, *args, **kw):
        return _ufunc_method(self, "outer", args, kw)

    def __call__(self, *args, **kw):
        f = _caller_file()
        if f is None:
            return self._np(*args, **kw)
        try:
            call = self._prepare(args, kw)
        except _Fallback:
            fallback[f] += 1
            return self._np(*args, **kw)
        routed[f] += 1
        return self._run(*call)

    def _prepare(self, args, kw):
        nin = self._np.nin
        if not kw.keys() <= _KEYS or len(args) not in (nin, nin + 1):
            raise _Fallback
        modes = np.geterr()
        if any(m not in ("ignore", "warn", "raise") for m in modes.values()):
            raise _Fallback
        ins = [_operand(x) for x in args[:nin]]
        for x in ins:
            if type(x) is int and any(isinstance(y, (np.ndarray, np.generic)) and
                                      y.dtype.kind in "iu" and not
                                      np.iinfo(y.dtype).min <= x <= np.iinfo(y.dtype).max
                                      for y in ins):
                # NumPy 1.24 promotes by value here, nd (NEP 50) raises: NumPy's call
                # (NumPy's Cython internals, e.g. Generator.integers, look like the test's)
                raise _Fallback
        out = kw.get("out", args[nin] if len(args) > nin else None)
        if isinstance(out, tuple):
            if len(out) != 1:
                raise _Fallback
            out = out[0]
        if out is not None:
            _out(out)
        k = {}
        where = kw.get("where", True)
        if where is not True:
            k["where"] = _operand(where)
        for key in ("casting", "dtype"):
            if kw.get(key) is not None:
                k[key] = kw[key]
        sig = kw.get("signature")
        if sig is not None:
            if "dtype" in k or not isinstance(sig, (type, np.dtype)):
                raise _Fallback  # type strings and tuples: NumPy's parser
                raise _Fallback
            k["dtype"] = sig
        if "dtype" in k:
            try:
                dt = np.dtype(k["dtype"])
            except TypeError:
                raise _Fallback
            if dt not in _SUPPORTED:
                raise _Fallback
            k["dtype"] = dt.name
        if kw.get("order", "K") not in ("K", "k", None) or kw.get("subok", True) is not True:
            raise _Fallback
        if out is not None:
            k["out"] = out
        return ins, k, out, modes

    def _run(self, ins, k, out, modes):
        _lib.nd_fp_clear()
        r = self._nd(*ins, **k)
        _fp_report(self.__name__, modes)
        if out is not None:
            return out
        a = np.asarray(r)
        return a[()] if a.ndim == 0 else a


class _State:
    """What ndroute_funcs needs of this module."""
    SUPPORTED = _SUPPORTED
    caller_file = staticmethod(lambda extra=0: _caller_file(extra + 1))
    routed = routed
    fallback = fallback
    nd_fp_clear = staticmethod(_lib.nd_fp_clear)
    fp_report = staticmethod(_fp_report)


_ufunc_method = None


def _install():
    global _ufunc_method
    import importlib
    import numpy.core.umath as umath
    # NumPy's C test modules register loops on the ufunc they look up by name,
    # which must be NumPy's own: import them before the names are replaced
    for m in ("_rational_tests", "_umath_tests", "_operand_flag_tests", "_struct_ufunc_tests",
              "_multiarray_tests"):
        try:
            importlib.import_module("numpy.core." + m)
        except ImportError:
            pass
    mods = [np, np.core, umath, np.core.numeric]
    for name in dir(umath):
        npu = getattr(umath, name)
        if type(npu) is not _NP_UFUNC or npu.nout != 1:
            continue
        ndu = getattr(nd, npu.__name__, None) or getattr(nd, name, None)
        if not isinstance(ndu, nd.ufunc) or ndu.nin != npu.nin:
            continue
        w = RoutedUfunc(npu, ndu)
        for m in mods:
            for alias in dir(m):
                if getattr(m, alias, None) is npu:
                    setattr(m, alias, w)
    import ndroute_funcs
    _ufunc_method = ndroute_funcs.install(_State)
    ndroute_funcs.install_random(_State)


# ---- skips ----------------------------------------------------------------

_HERE = os.path.dirname(os.path.abspath(__file__))


def _load_skips():
    skips = {}
    with open(os.path.join(_HERE, "skips.txt")) as fh:
        for line in fh:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            node, _, reason = line.partition("  # ")
            skips[node.strip()] = reason.strip() or "listed in skips.txt"
    return skips


def pytest_configure(config):
    _install()
    config._nd_skips = _load_skips()
    config._nd_used = set()


def _nid(nodeid):
    """A node id from numpy/ on, whatever the rootdir."""
    i = nodeid.find("numpy/")
    return nodeid[i:] if i >= 0 else nodeid


def pytest_collection_modifyitems(config, items):
    skips = config._nd_skips
    for it in items:
        nid = _nid(it.nodeid)
        for key in (nid, nid.split("[", 1)[0], nid.rsplit("::", 1)[0]):
            if key in skips:
                config._nd_used.add(key)
                it.add_marker(pytest.mark.skip(reason="nd: " + skips[key]))
                break


def pytest_terminal_summary(terminalreporter, config):
    tr = terminalreporter
    st = tr.stats
    per = collections.defaultdict(collections.Counter)
    for outcome in ("passed", "failed", "skipped", "error", "xfailed", "xpassed"):
        for rep in st.get(outcome, []):
            fn = os.path.basename(rep.nodeid.split("::", 1)[0])
            per[fn][outcome] += 1
    tr.write_line("nd routing (calls computed by nd / calls from the tests left to NumPy):")
    for fn in sorted(set(per) | set(routed)):
        c = per[fn]
        tr.write_line(f"  {fn}: {c['passed']} passed, {c['failed'] + c['error']} failed, "
                      f"{c['skipped']} skipped, {c['xfailed']} xfailed; "
                      f"routed {routed[fn]}, to NumPy {fallback[fn]}")
    stale = set(config._nd_skips) - config._nd_used
    files = {os.path.basename(x.split("::", 1)[0]) for x in config._nd_used}
    stale = {s for s in stale if os.path.basename(s.split("::", 1)[0]) in files}
    for s in sorted(stale):
        tr.write_line(f"  skips.txt entry matched no test: {s}")
    tr.write_line(summary_line(st))
