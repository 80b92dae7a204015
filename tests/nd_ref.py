# The printers shared by the NumPy reference scripts (tests/*_ref.py), which
# the Check suites run through nd_test_ref_line (tests/nd_test.h): one line
# per case, "name|dtype|shape|values" (repr of each value, complex as re im
# pairs; a tuple of results as "name.0", "name.1", ...), or
# "name|error|ExceptionType" for a call NumPy refuses.
import numpy as np


def out(name, r):
    if isinstance(r, tuple):
        for i, x in enumerate(r):
            out('%s.%d' % (name, i), x)
        return
    r = np.asarray(r)
    if r.dtype.kind == 'c':
        vals = [x for z in r.ravel() for x in (z.real, z.imag)]
    else:
        vals = list(r.ravel())
    txt = ' '.join(repr(float(x)) for x in vals)
    print('%s|%s|%s|%s' % (name, r.dtype.name, ','.join(map(str, r.shape)), txt))


def err(name, f):
    try:
        f()
    except Exception as e:  # noqa: BLE001 - the type is the answer
        print('%s|error|%s' % (name, type(e).__name__))
        return
    print('%s|noerror|' % name)
