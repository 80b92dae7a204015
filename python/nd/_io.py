"""Files (.npy, .npz, text), the machine settings and the profiler, under
NumPy's names where NumPy has them."""
import os as _os

from . import _core
from ._funcs import _arr
from ._funcs2 import _arrays, transpose
from ._lib import as_dtype, check, cptr, cptr_keep, ffi, lib, wrap


# ---- files -----------------------------------------------------------------------

def _path(f):
    return _os.fsencode(_os.fspath(f))


def _npy_bytes(a):
    buf, n = ffi.new("void **"), ffi.new("size_t *")
    check(lib.nd_npy_to_bytes(cptr(a), buf, n))
    try:
        return bytes(ffi.buffer(buf[0], n[0]))
    finally:
        _libc.free(buf[0])


_libc = ffi.dlopen(None)  # free() and fdopen() from libc (declared in _lib.py)


def save(file, arr, allow_pickle=True, fix_imports=True):
    if hasattr(file, "write"):  # a file object: the same bytes, in memory first
        file.write(_npy_bytes(_arr(arr)))
        return
    path = _os.fspath(file)
    if isinstance(path, str) and not path.endswith(".npy"):
        path += ".npy"
    check(lib.nd_save_npy(_path(path), cptr_keep(_arr(arr))))


class NpzFile:
    """np.load of a .npz: members read on demand, by name."""

    def __init__(self, z):
        self._z = ffi.gc(z, lib.nd_npz_close)
        n = ffi.new("int *")
        names = lib.nd_npz_names(self._z, n)
        self.files = [ffi.string(names[i]).decode() for i in range(n[0])]

    def __getitem__(self, key):
        if key not in self.files:
            raise KeyError(f"{key} is not a file in the archive")
        return wrap(lib.nd_npz_get(self._z, key.encode()))

    def __contains__(self, key):
        return key in self.files

    def __iter__(self):
        return iter(self.files)

    def __len__(self):
        return len(self.files)

    def keys(self):
        return list(self.files)

    def items(self):
        return [(k, self[k]) for k in self.files]

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def load(file, mmap_mode=None, allow_pickle=False, fix_imports=True, encoding="ASCII", **kw):
    if hasattr(file, "read"):
        data = file.read()
        if data.startswith(b"PK"):
            z = lib.nd_npz_from_bytes(data, len(data))
            if z == ffi.NULL:
                _core.raise_error()
            return NpzFile(z)
        return wrap(lib.nd_npy_from_bytes(data, len(data)))
    p = _path(file)
    with open(p, "rb") as f:
        magic = f.read(4)
    if magic.startswith(b"PK"):
        z = lib.nd_npz_open(p)
        if z == ffi.NULL:
            _core.raise_error()
        return NpzFile(z)
    if mmap_mode is not None:
        mode = {"r": b"r", "c": b"c"}.get(mmap_mode)
        if mode is None:
            raise ValueError(f"nd: mmap_mode={mmap_mode!r} is not supported ('r' or 'c')")
        r = lib.nd_load_npy_mmap(p, mode)
    else:
        r = lib.nd_load_npy(p)
    if r == ffi.NULL and (allow_pickle or kw.get("max_header_size", 10000) > 10000):
        try:
            _core.raise_error()
        except ValueError as e:
            if "Header info length" in str(e):  # NumPy lifts its limit on request
                raise NotImplementedError(f"nd: {e} (nd keeps the 10000-byte limit)") from None
            raise
    return wrap(r)


def _savez(file, args, kwds, compress):
    named = {f"arr_{i}": a for i, a in enumerate(args)}
    for k in kwds:
        if k in named:
            raise ValueError(f"Cannot use un-named variables and keyword {k}")
    named.update(kwds)
    path = _os.fspath(file)
    if isinstance(path, str) and not path.endswith(".npz"):
        path += ".npz"
    arrs, keep = _arrays(named.values())
    names = [ffi.new("char[]", k.encode()) for k in named]
    check(lib.nd_savez(_path(path), len(arrs), ffi.new("char *[]", names or [ffi.NULL]), keep,
                       compress))


def savez(file, *args, **kwds):
    _savez(file, args, kwds, False)


def savez_compressed(file, *args, **kwds):
    _savez(file, args, kwds, True)


def loadtxt(fname, dtype=float, comments="#", delimiter=None, converters=None, skiprows=0,
            usecols=None, unpack=False, ndmin=0, encoding="bytes", max_rows=None, *,
            quotechar=None, like=None):
    if converters is not None or quotechar is not None:
        raise TypeError("nd: loadtxt converters/quotechar are not supported")
    if isinstance(fname, (str, _os.PathLike)) and \
            _os.fspath(fname).endswith((".gz", ".bz2", ".xz", ".lzma")):
        raise NotImplementedError("nd: loadtxt of a compressed file is not supported")
    if encoding not in ("bytes", None) and str(encoding).lower().replace("-", "") not in (
            "utf8", "ascii", "latin1"):
        raise NotImplementedError(f"nd: loadtxt encoding={encoding!r} is not supported")
    o = ffi.new("nd_loadtxt_opts *")
    if delimiter is not None:
        if len(delimiter) != 1:
            raise TypeError("nd: loadtxt takes a one-character delimiter")
        o.delimiter = delimiter.encode()
    keep = []
    if comments is None:
        o.no_comments = True
    else:
        c = ffi.new("char[]", (comments if isinstance(comments, str) else comments[0]).encode())
        keep.append(c)
        o.comments = c
    o.skiprows = skiprows
    if usecols is not None:
        cols = [usecols] if isinstance(usecols, int) else list(usecols)
        uc = ffi.new("int[]", cols or [0])
        keep.append(uc)
        o.nusecols, o.usecols = len(cols), uc
    o.max_rows = max_rows or 0
    o.ndmin = ndmin
    r = wrap(lib.nd_loadtxt(_path(fname), as_dtype(dtype).num, o))
    return transpose(r) if unpack else r


def savetxt(fname, X, fmt="%.18e", delimiter=" ", newline="\n", header="", footer="",
            comments="# ", encoding=None):
    o = ffi.new("nd_savetxt_opts *")
    if not isinstance(fmt, str):
        fmt = delimiter.join(fmt)
    keep = [ffi.new("char[]", s.encode()) for s in (fmt, delimiter, newline, header, footer, comments)]
    o.fmt, o.delimiter, o.newline, o.header, o.footer, o.comments = keep
    check(lib.nd_savetxt(_path(fname), cptr_keep(_arr(X)), o))


# ---- machine --------------------------------------------------------------------

def set_num_threads(n):
    check(lib.nd_set_num_threads(n))


def get_num_threads():
    return lib.nd_get_num_threads()


def isa():
    """The kernel level in use: "scalar", "baseline", "avx2" or "avx512"."""
    return ffi.string(lib.nd_isa()).decode()


def isa_best():
    return ffi.string(lib.nd_isa_best()).decode()


def set_isa(level):
    check(lib.nd_set_isa(level.encode()))


def memory_trim():
    """Return the large freed blocks nd keeps for reuse to the system."""
    lib.nd_memory_trim()


def profile_enable():
    lib.nd_profile_enable()


def profile_disable():
    lib.nd_profile_disable()


def profile_reset():
    lib.nd_profile_reset()


def profile_report():
    """The profiler's table (as ND_PROFILE=1 prints it) as a string."""
    import tempfile
    with tempfile.TemporaryFile() as tf:
        f = _libc.fdopen(_os.dup(tf.fileno()), b"w")
        if f == ffi.NULL:
            raise OSError("fdopen failed")
        rc = lib.nd_profile_report(f)
        _libc.fclose(f)
        check(rc)
        tf.seek(0)
        return tf.read().decode()


def profile_peak_bytes():
    return lib.nd_profile_peak_bytes()


def profile_live_bytes():
    return lib.nd_profile_live_bytes()
