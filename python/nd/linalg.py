"""nd.linalg: numpy.linalg's functions over nd (LAPACK in double precision)."""
from ._funcs import _arr, _out, _ret, asarray
from ._funcs2 import matmul, outer, swapaxes, tensordot, trace  # noqa: F401  (NumPy's names)
from ._funcs2 import _conj_transpose as _conj_t
from ._lib import _np, check, cptr, cptr_keep, ffi, lib, wrap

if _np is not None:
    LinAlgError = _np.linalg.LinAlgError  # the same class, so NumPy's tests catch nd's
else:
    class LinAlgError(Exception):
        """A linear algebra error (numpy.linalg.LinAlgError)."""


def _linalg_errors(fn):
    """numpy.linalg raises LinAlgError where nd's shape checks say
    ND_ERR_SHAPE ("must be square", "at least two-dimensional")."""
    import functools

    @functools.wraps(fn)
    def wrapped(*args, **kw):
        try:
            return fn(*args, **kw)
        except ValueError as e:
            msg = str(e)
            if "must be square" in msg or "at least two-dimensional" in msg:
                raise LinAlgError(msg) from None
            raise
    return wrapped


def _two(fn, *args):
    p, q = ffi.new("nd_array **"), ffi.new("nd_array **")
    check(fn(*args, p, q))
    return wrap(p[0]), wrap(q[0])


def solve(a, b):
    a, b = _arr(a), _arr(b)
    if b.ndim == a.ndim - 1 and b.ndim >= 1:
        # NumPy 1.24: b is a stack of vectors when it has one dimension fewer than a
        from ._funcs2 import expand_dims, squeeze
        bb = expand_dims(b, -1)
        return squeeze(wrap(lib.nd_solve(cptr(a), cptr(bb))), -1)
    return wrap(lib.nd_solve(cptr(a), cptr(b)))


def inv(a):
    return wrap(lib.nd_inv(cptr_keep(_arr(a))))


def det(a):
    return wrap(lib.nd_det(cptr_keep(_arr(a))))


def slogdet(a):
    return _two(lib.nd_slogdet, cptr_keep(_arr(a)))


def cholesky(a):
    return wrap(lib.nd_cholesky(cptr_keep(_arr(a))))


_QR = {"reduced": lib.ND_QR_REDUCED, "complete": lib.ND_QR_COMPLETE, "r": lib.ND_QR_R}


def qr(a, mode="reduced"):
    if mode in ("raw", "full", "economic"):
        raise NotImplementedError(f"nd: qr mode '{mode}' (LAPACK's raw/deprecated forms) is not "
                                  "supported")
    if mode not in _QR:
        raise ValueError(f"Unrecognized mode '{mode}'")
    a = _arr(a)
    if mode == "r":
        r = ffi.new("nd_array **")
        check(lib.nd_qr(cptr(a), lib.ND_QR_R, ffi.NULL, r))
        return wrap(r[0])
    return _two(lambda p, m, q, r: lib.nd_qr(p, m, q, r), cptr(a), _QR[mode])


def svd(a, full_matrices=True, compute_uv=True, hermitian=False):
    a = _arr(a)
    u, s, vh = (ffi.new("nd_array **") for _ in range(3))
    if not compute_uv:
        check(lib.nd_svd(cptr(a), full_matrices, ffi.NULL, s, ffi.NULL))
        return wrap(s[0])
    check(lib.nd_svd(cptr(a), full_matrices, u, s, vh))
    return wrap(u[0]), wrap(s[0]), wrap(vh[0])


def _uplo(a, UPLO):
    UPLO = UPLO.upper() if isinstance(UPLO, str) else UPLO
    if UPLO not in ("L", "U"):
        raise ValueError("UPLO argument must be 'L' or 'U'")
    # the upper triangle of a is the lower triangle of its conjugate transpose
    return a if UPLO == "L" else _conj_t(a)


def eigh(a, UPLO="L"):
    a = _uplo(_arr(a), UPLO)
    return _two(lib.nd_eigh, cptr(a))


def eigvalsh(a, UPLO="L"):
    a = _uplo(_arr(a), UPLO)
    w = ffi.new("nd_array **")
    check(lib.nd_eigh(cptr(a), w, ffi.NULL))
    return wrap(w[0])


def eig(a):
    return _two(lib.nd_eig, cptr_keep(_arr(a)))


def eigvals(a):
    w = ffi.new("nd_array **")
    a = _arr(a)
    check(lib.nd_eig(cptr(a), w, ffi.NULL))
    return wrap(w[0])


def lstsq(a, b, rcond="warn"):
    a, b = _arr(a), _arr(b)
    if a.ndim == 2 and b.ndim in (1, 2) and a.shape[0] != b.shape[0]:
        raise LinAlgError("Incompatible dimensions")
    if isinstance(rcond, str) and rcond == "warn":
        import warnings
        warnings.warn("`rcond` parameter will change to the default of machine precision times "
                      "``max(M, N)`` where M and N are the input matrix dimensions.\nTo use the "
                      "future default and silence this warning we advise to pass `rcond=None`, "
                      "to keep using the old, explicitly pass `rcond=-1`.", FutureWarning,
                      stacklevel=3)
        rcond = -1
    if rcond is None:
        rc = float("nan")
    else:
        rc = float(rcond)
        if rc < 0:
            rc = 2.0 ** -53  # LAPACK gelsd: a negative rcond is dlamch("E"), 2**-53
    x, res, s = (ffi.new("nd_array **") for _ in range(3))
    rank = ffi.new("int64_t *")
    check(lib.nd_lstsq(cptr(a), cptr(b), rc, x, res, rank, s))
    return wrap(x[0]), wrap(res[0]), int(rank[0]), wrap(s[0])


def pinv(a, rcond=1e-15, hermitian=False):
    return wrap(lib.nd_pinv(cptr_keep(_arr(a)), float(rcond)))


def matrix_rank(A, tol=None, hermitian=False):
    return wrap(lib.nd_matrix_rank(cptr_keep(_arr(A)), float("nan") if tol is None else float(tol)))


def norm(x, ord=None, axis=None, keepdims=False):
    x = _arr(x)
    o = ffi.NULL
    if ord is not None:
        if ord in ("fro", "nuc"):
            o = ffi.new("char[]", ord.encode())
        elif isinstance(ord, (int, float)) and not isinstance(ord, bool):
            s = "inf" if ord == float("inf") else "-inf" if ord == float("-inf") else repr(ord)
            o = ffi.new("char[]", s.encode())
        else:
            raise ValueError(f"Invalid norm order '{ord}'")
    if axis is None:
        axes = []
    elif isinstance(axis, int):
        axes = [axis]
    else:
        axes = list(axis)
    return wrap(lib.nd_norm(cptr(x), o, len(axes), ffi.new("int[]", axes) if axes else ffi.NULL,
                            keepdims))


def multi_dot(arrays, *, out=None):
    r = _arr(arrays[0])
    for x in arrays[1:-1]:
        r = matmul(r, x)
    return matmul(r, arrays[-1], out=out) if len(arrays) > 1 else r


for _name in ("solve", "inv", "det", "slogdet", "cholesky", "qr", "svd", "eigh", "eigvalsh", "eig",
              "eigvals", "lstsq", "pinv", "matrix_rank"):
    globals()[_name] = _linalg_errors(globals()[_name])
del _name
