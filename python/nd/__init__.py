"""nd from Python: NumPy-like arrays over libnd.

    import nd
    a = nd.arange(6.0).reshape(2, 3)
    nd.sum(a, axis=0, keepdims=True)      # array([[3., 5., 7.]])
    nd.add(a, 1.0, out=a)                 # NumPy's names and keywords
    numpy.asarray(a)                      # a NumPy view, no copy

The ufuncs, the array object and indexing are C (nd._core); everything
else calls libnd through cffi declarations generated from nd's headers."""
from . import _core
from ._array import ndarray
from ._lib import DTYPES as _DTYPES
from ._lib import dtype
from ._funcs import *  # noqa: F401,F403
from ._funcs import (AxisError, _as_index, _ufunc_method, _ufunc_slow, _ufuncs, asarray, errstate,
                     ffi as _ffi, lib as _lib)
from . import linalg, random  # noqa: E402

for _d in _DTYPES:
    globals()[_d.name] = _d
bool_ = globals()["bool"]
del globals()["bool"]  # nd.bool would shadow the builtin for `from nd import *`
float_ = float64  # noqa: F821
int_ = int64  # noqa: F821
intp = int64  # noqa: F821
newaxis = None
inf = float("inf")
nan = float("nan")
pi = 3.141592653589793
e = 2.718281828459045
ufunc = _core.ufunc
__version__ = _ffi.string(_lib.nd_version()).decode()

# error classes for each nd_status (ND_ERR_VALUE under errstate "raise" with
# "... encountered in ..." becomes FloatingPointError in nd._core)
_ERRORS = {"ND_ERR_NOMEM": MemoryError, "ND_ERR_NULL": ValueError, "ND_ERR_SHAPE": ValueError,
           "ND_ERR_AXIS": AxisError, "ND_ERR_DTYPE": TypeError, "ND_ERR_INDEX": IndexError,
           "ND_ERR_VALUE": ValueError, "ND_ERR_OVERFLOW": ValueError, "ND_ERR_IO": OSError,
           "ND_ERR_FORMAT": ValueError, "ND_ERR_LINALG": linalg.LinAlgError,
           "ND_ERR_UNSUPPORTED": TypeError}
_core.configure(ndarray, asarray, _as_index, _ufunc_slow, _ufunc_method, _ERRORS)
for _n in ("ffi", "lib", "AXIS_ALL", "ndarray_base"):
    globals().pop(_n, None)
del _d, _n
