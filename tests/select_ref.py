# NumPy 1.24's answers for tests/test_select.c. Each input is printed as
# "in:NAME|dtype|shape|values" (the C test builds its arrays from these
# lines, so both sides read one set of inputs), each result as
# "KEY|dtype|shape|values", "KEY|!ExceptionName" or "KEY|=text".
import warnings

import numpy as np

warnings.simplefilter('ignore', DeprecationWarning)
IN = {}


def fmt(a):
    a = np.asarray(a)
    v = a.ravel()
    if a.dtype.kind == 'c':
        s = ','.join('%r,%r' % (float(x.real), float(x.imag)) for x in v)
    else:
        s = ','.join(repr(float(x)) for x in v)
    return '%s|%s|%s' % (a.dtype.name, ','.join(map(str, a.shape)), s)


def inp(name, a, dtype=None):
    IN[name] = np.array(a, dtype=dtype)
    print('in:%s|%s' % (name, fmt(IN[name])))
    return IN[name]


def case(key, f):
    try:
        r = f()
    except Exception as e:  # the C side maps the exception's name to a status
        print('%s|!%s' % (key, type(e).__name__))
        return
    if r is None:
        print('%s|=None' % key)
    elif isinstance(r, (str, bool, np.bool_)):
        print('%s|=%s' % (key, r if isinstance(r, str) else int(bool(r))))
    elif isinstance(r, np.dtype):
        print('%s|=%s' % (key, r.name))
    elif isinstance(r, type):
        print('%s|=%s' % (key, np.dtype(r).name))
    elif isinstance(r, tuple):
        for i, x in enumerate(r):
            print('%s.%d|%s' % (key, i, fmt(x)))
    else:
        print('%s|%s' % (key, fmt(r)))


# ---- choose / select / piecewise / extract / place / putmask ----
ix = inp('ix', [[0, 1, 2], [2, 1, 0]], np.int64)
ixbad = inp('ixbad', [0, 3, -1], np.int16)
ixf = inp('ixf', [0.0, 1.0], np.float64)
c0 = inp('c0', [[1, 2, 3], [4, 5, 6]], np.int32)
c1 = inp('c1', [10.5, 20, 30], np.float32)
c2 = inp('c2', [7], np.int8)
case('choose', lambda: np.choose(ix, [c0, c1, c2]))
case('choose_int', lambda: np.choose(ix, [c0, c2, c0]))
case('choose_raise', lambda: np.choose(ixbad, [c0, c1, c2]))
case('choose_wrap', lambda: np.choose(ixbad, [c0, c1, c2], mode='wrap'))
case('choose_clip', lambda: np.choose(ixbad, [c0, c1, c2], mode='clip'))
case('choose_float', lambda: np.choose(ixf, [c1, c1]))
x = inp('x', np.arange(-3.0, 4.0))
xneg = inp('xneg', x < 0)
xbig = inp('xbig', x > 1)
xmid = inp('xmid', (x > -2) & (x < 2))
ih = inp('ih', [100], np.int16)
case('select', lambda: np.select([xneg, xbig], [x * 2, ih], -1))
case('select0', lambda: np.select([xneg, xmid], [ih, x]))
case('select_int', lambda: np.select([xneg, xmid], [ih, c2]))
case('select_badcond', lambda: np.select([x], [x]))
case('piecewise', lambda: np.piecewise(x, [xneg, xbig], [lambda v: -v, lambda v: v * 2]))
case('piecewise_else', lambda: np.piecewise(x, [xneg], [lambda v: -v, lambda v: v * 2]))
xi = inp('xi', np.arange(6), np.int32)
xi_big = inp('xi_big', np.arange(6) > 2)
case('piecewise_int', lambda: np.piecewise(xi, [xi_big], [lambda v: v * 1.5]))
case('piecewise_overlap', lambda: np.piecewise(x, [xmid, xbig], [lambda v: -v, lambda v: v * 2]))
case('piecewise_nfunc', lambda: np.piecewise(x, [xneg], [lambda v: v, lambda v: v, lambda v: v]))
a34 = inp('a34', np.arange(12.0).reshape(3, 4) - 4)
m34 = inp('m34', np.arange(12).reshape(3, 4) % 3 == 0)
i12 = inp('i12', np.arange(12).reshape(3, 4) % 5)
case('extract', lambda: np.extract(m34, a34))
case('extract_int', lambda: np.extract(i12, a34))
a5 = inp('a5', np.arange(5.0))
case('extract_short', lambda: np.extract(m34, a5))
vals = inp('vals', [1.5, -2.25])
empty = inp('empty', [], np.float64)


def placed(f, a, *args):
    a = a.copy()
    f(a, *args)
    return a


def placed_t(f, a, *args):  # into the transposed view: C order of the view
    a = a.copy()
    f(a.T, *args)
    return a


mt = inp('mt', (np.arange(12).reshape(4, 3) % 3) == 1)
case('place', lambda: placed(np.place, a34, m34, vals))
case('place_t', lambda: placed_t(np.place, a34, mt, vals))
case('place_int', lambda: placed(np.place, i12, m34, vals))
case('place_empty', lambda: placed(np.place, a34, m34, empty))
case('place_size', lambda: placed(np.place, a34, xneg, vals))
vals3 = inp('vals3', [7, 8, 9], np.int64)
case('putmask', lambda: placed(np.putmask, a34, m34, vals3))
case('putmask_t', lambda: placed_t(np.putmask, a34, mt, vals3))
case('putmask_int', lambda: placed(np.putmask, i12, i12, vals))
case('putmask_empty', lambda: placed(np.putmask, a34, m34, empty))
case('putmask_size', lambda: placed(np.putmask, a34, xneg, vals))
# the one-pass paths (values of one element or of a's size; place's
# values laid out to the true count), over lengths past a vector
vals12 = inp('vals12', np.arange(12.0) * 3 - 7)
one = inp('one', [2.5])
case('putmask_full', lambda: placed(np.putmask, a34, m34, vals12))
case('putmask_one', lambda: placed(np.putmask, a34, m34, one))
a100 = inp('a100', (np.arange(100) * 7 % 23).astype(np.int32))
m100 = inp('m100', (np.arange(100) * 13 % 7) < 3)
v100 = inp('v100', (np.arange(100) % 9 - 4).astype(np.int16))
v7 = inp('v7', np.arange(7) + 100, np.int16)
z100 = inp('z100', np.arange(100) * (1 + 2j))
u100 = inp('u100', np.arange(100) % 251, np.uint8)
case('putmask_i32', lambda: placed(np.putmask, a100, m100, v100))
case('putmask_c128', lambda: placed(np.putmask, z100, m100, z100[::-1].copy()))
u9 = inp('u9', [9], np.uint8)
v7u8 = inp('v7u8', v7, np.uint8)
case('putmask_u8', lambda: placed(np.putmask, u100, m100, u9))
case('place_cycle', lambda: placed(np.place, a100, m100, v7))
case('place_long', lambda: placed(np.place, a100, m100, v100))
case('place_one', lambda: placed(np.place, z100, m100, one))
case('place_u8', lambda: placed(np.place, u100, m100, v7u8))
r2 = inp('r2', [1, 2], np.int64)
r22 = inp('r22', [[1, 2], [1, 2]], np.float32)
r13 = inp('r13', [[1, 2, 1]], np.int64)
r21 = inp('r21', [[1], [1]], np.int64)
case('equiv1', lambda: np.array_equiv(r2, r22))
case('equiv2', lambda: np.array_equiv(r2, r13))
case('equiv3', lambda: np.array_equiv(r21, r22))
case('equiv4', lambda: np.array_equiv(r2, r21))

# ---- bits ----
pb = inp('pb', (np.arange(30).reshape(3, 10) * 7) % 5 > 1)
pbi = inp('pbi', ((np.arange(30).reshape(3, 10) * 7) % 5) - 2, np.int16)
case('packbits', lambda: np.packbits(pb))
case('packbits_ax1', lambda: np.packbits(pb, axis=1, bitorder='little'))
case('packbits_ax0', lambda: np.packbits(pbi, axis=0))
case('packbits_float', lambda: np.packbits(a34))
case('packbits_axis', lambda: np.packbits(pb, axis=2))
ub = inp('ub', [[1, 2, 255], [128, 77, 0]], np.uint8)
case('unpackbits', lambda: np.unpackbits(ub))
case('unpackbits_ax1', lambda: np.unpackbits(ub, axis=1, count=5))
case('unpackbits_ax0', lambda: np.unpackbits(ub, axis=0, bitorder='little'))
case('unpackbits_neg', lambda: np.unpackbits(ub, axis=1, count=-3))
case('unpackbits_pad', lambda: np.unpackbits(ub, axis=1, count=30))
case('unpackbits_toomany', lambda: np.unpackbits(ub, axis=1, count=-25))
case('unpackbits_dtype', lambda: np.unpackbits(pbi))

# ---- sets ----
s1 = inp('s1', [5, 1, 3, 3, 9, 1, -2, 7], np.int32)
s2 = inp('s2', [[3, 8, 1], [1, 11, 5]], np.int32)
s3 = inp('s3', [2.5, np.nan, 3, 1, -0.0, np.nan], np.float32)
s4 = inp('s4', [0.0, 3, 9, np.nan, 4], np.float64)
u1 = inp('u1', [9, 2, 5, 7], np.int64)
u2 = inp('u2', [7, 1, 9, 4, 3], np.int64)
case('union', lambda: np.union1d(s1, s2))
case('union_f', lambda: np.union1d(s3, s4))
case('intersect', lambda: np.intersect1d(s1, s2, return_indices=True))
case('intersect_f', lambda: np.intersect1d(s3, s4, return_indices=True))
case('intersect_u', lambda: np.intersect1d(u1, u2, assume_unique=True, return_indices=True))
case('intersect_mix', lambda: np.intersect1d(s1, s4))
case('setdiff', lambda: np.setdiff1d(s1, s2))
case('setdiff_f', lambda: np.setdiff1d(s4, s3))
case('setdiff_u', lambda: np.setdiff1d(u2, u1, assume_unique=True))
case('setxor', lambda: np.setxor1d(s1, s2))
case('setxor_f', lambda: np.setxor1d(s3, s4))
case('setxor_u', lambda: np.setxor1d(u1, u2, assume_unique=True))
case('sortc_i16', lambda: np.sort_complex(np.asarray(s2, np.int16)))
case('sortc_f32', lambda: np.sort_complex(s3))
zc = inp('zc', [1 + 2j, 1 - 1j, -3 + 0j, 1 + 0j, np.nan + 0j], np.complex64)
case('sortc_c', lambda: np.sort_complex(zc))

# ---- memory ----
b = inp('b', np.arange(24.0).reshape(4, 6))
SH = [('b[:,0]', 'b[:,1]'), ('b[:,::2]', 'b[:,1::2]'), ('b[1:]', 'b[:2]'), ('b[::2]', 'b[1::2]'),
      ('b.T', 'b[2]'), ('b[:,1::3]', 'b[:,2::3]'), ('b[::-1,::2]', 'b[:,3]'),
      ('b[1:3,1:2]', 'b[3:,:]'), ('b[:0]', 'b')]
for i, (p, q) in enumerate(SH):
    case('shares%d' % i, lambda p=p, q=q: np.shares_memory(eval(p), eval(q)))
    case('shares%d_bounds' % i, lambda p=p, q=q: np.shares_memory(eval(p), eval(q), max_work=0))

# ---- dtype helpers ----
for i, v in enumerate([0, 255, 256, -1, -129, 65001, -65001, 2**32, -2**40, 3.1, -70000.0,
                       3.5e38, np.inf, np.nan, 1 + 1j, 1e39 + 1j, 65520 + 1j]):
    inp('msv%d' % i, v)
    case('mst%d' % i, lambda v=v: np.min_scalar_type(np.array(v)))
inp('msf32', 3.0, np.float32)
case('mst_f32', lambda: np.min_scalar_type(np.array(3.0, np.float32)))
inp('msb', True)
case('mst_b', lambda: np.min_scalar_type(np.array(True)))
case('mst_vec', lambda: np.min_scalar_type(np.array([3], np.int64)))
inp('ct_i8', [1], np.int8)
inp('ct_f32', [1], np.float32)
inp('ct_f16', [1], np.float16)
inp('ct_c64', [1], np.complex64)
case('common1', lambda: np.common_type(IN['ct_i8'], IN['ct_f32']))
case('common2', lambda: np.common_type(IN['ct_f16']))
case('common3', lambda: np.common_type(IN['ct_f32'], IN['ct_c64']))
case('common4', lambda: np.common_type(IN['ct_f16'], IN['ct_c64']))
case('common5', lambda: np.common_type(IN['ct_i8'], IN['ct_c64']))
case('common0', lambda: np.common_type())
case('common_bool', lambda: np.common_type(xneg))
for i, (tc, ts) in enumerate([('idF', None), ('fd', None), ('Ff', None), ('?', None),
                              ('fg', 'fdgF'), ('bhf', 'bhfd'), ('', None)]):
    case('mintc%d' % i, lambda tc=tc, ts=ts: np.mintypecode(tc) if ts is None
         else np.mintypecode(tc, typeset=ts))
T = [np.bool_, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64,
     np.float16, np.float32, np.float64, np.complex64, np.complex128, np.generic, np.number,
     np.integer, np.signedinteger, np.unsignedinteger, np.inexact, np.floating,
     np.complexfloating]
case('issubdtype', lambda: ''.join(str(int(np.issubdtype(p, q))) for p in T for q in T))
case('issubsctype', lambda: ''.join(str(int(np.issubsctype(p, q))) for p in T[:14] for q in T))
case('sctype2char', lambda: ''.join(np.sctype2char(t) for t in T[:14]))
case('maximum_sctype', lambda: ' '.join(np.dtype(np.maximum_sctype(t)).name for t in T[:14]))
case('typename', lambda: '/'.join(np.typename(c) for c in '?bBhHiIlLqQfdgFDGSUVO'))
case('obj2sctype', lambda: ' '.join(str(np.obj2sctype(s)) for s in ['d', 'f4', 'int16', 'F', 'xx']))
for i, (n, w) in enumerate([(5, None), (-5, None), (0, None), (0, 4), (5, 8), (-5, 8), (-8, 6),
                            (-8, None), (5, 2), (-5, 2), (2**62, None), (-2**63, None),
                            (-2**63, 70), (2**63 - 1, 3)]):
    case('binrepr%d' % i, lambda n=n, w=w: np.binary_repr(n, width=w))
for i, (n, bs, p) in enumerate([(35, 36, 0), (-35, 36, 3), (0, 2, 0), (0, 5, 3), (255, 16, 0),
                                (-2**63, 2, 1), (12345, 7, 2), (5, 37, 0), (5, 1, 0)]):
    case('baserepr%d' % i, lambda n=n, bs=bs, p=p: np.base_repr(n, bs, p))

# ---- kept factorizations (SciPy's lu_factor/cho_factor; its own
# partial-pivoting LU in NumPy where SciPy is missing) ----
A = inp('A', [[2.0, -1, 0.5, 3], [4, 1, -2, 0.25], [-1, 3, 1, 2], [0.5, 0, 6, -1]])
B = inp('B', np.arange(12.0).reshape(4, 3) / 4 - 1)
b1 = inp('b1', [1.0, -2, 0.5, 3])
Ac = inp('Ac', [[1 + 2j, 2, -1j], [0.5, 3 - 1j, 1], [2j, -1, 4 + 0.5j]])
bc = inp('bc', [1j, 2, -1 + 1j])
S = inp('S', A @ A.T + 4 * np.eye(4))
H = inp('H', Ac @ Ac.conj().T + 2 * np.eye(3))
Ai = inp('Ai', [[4, 1, 2], [1, 5, 1], [0, 2, 3]], np.int64)
Af = inp('Af', A, np.float32)
NPD = inp('NPD', [[1.0, 2], [2, 1]])
R = inp('R', A[:3])


def lu_factor(a):
    try:
        import scipy.linalg
        return scipy.linalg.lu_factor(a)
    except ImportError:
        a = np.array(a, dtype=np.result_type(a, 1.0))
        m, n = a.shape
        piv = np.zeros(min(m, n), np.int32)
        for j in range(min(m, n)):
            p = j + int(np.argmax(np.abs(a[j:, j])))
            piv[j] = p
            a[[j, p]] = a[[p, j]]
            if a[j, j] != 0:
                a[j + 1:, j] /= a[j, j]
            a[j + 1:, j + 1:] -= np.outer(a[j + 1:, j], a[j, j + 1:])
        return a, piv


for name, M in [('A', A), ('Ac', Ac), ('Ai', Ai), ('R', R)]:
    lu, piv = lu_factor(M)
    case('lu_' + name, lambda lu=lu: lu)
    case('piv_' + name, lambda piv=piv: piv)
case('lusolve_B0', lambda: np.linalg.solve(A, B))
case('lusolve_B1', lambda: np.linalg.solve(A.T, B))
case('lusolve_b0', lambda: np.linalg.solve(A, b1))
case('lusolve_c0', lambda: np.linalg.solve(Ac, bc))
case('lusolve_c1', lambda: np.linalg.solve(Ac.T, bc))
case('lusolve_c2', lambda: np.linalg.solve(Ac.conj().T, bc))
case('lusolve_i', lambda: np.linalg.solve(Ai, b1[:3]))
case('lusolve_f', lambda: np.linalg.solve(Af, b1.astype(np.float32)))
case('chol_S', lambda: np.linalg.cholesky(S))
case('chol_H', lambda: np.linalg.cholesky(H))
case('chosolve_S', lambda: np.linalg.solve(S, B))
case('chosolve_H', lambda: np.linalg.solve(H, bc))

# ---- fabs, find_common_type ----
for t in ['bool', 'int8', 'uint8', 'int16', 'uint16', 'int32', 'int64', 'uint64', 'float16',
          'float32', 'float64', 'complex64']:
    v = [-3, 0, 5, 100] if t not in ('uint8', 'uint16', 'uint64', 'bool') else [3, 0, 250, 1]
    if t.startswith('float'):
        v = [-1.5, -0.0, np.inf, np.nan]
    inp('fab_' + t, v, t)
    case('fabs_' + t, lambda t=t: np.fabs(IN['fab_' + t]))
FCT = [(['int8'], ['float32']), (['float32'], ['int64']), (['int64', 'uint64'], []),
       ([], ['int8', 'uint8']), (['float16'], ['complex64']), (['uint8'], ['int8']),
       (['bool'], ['int16']), ([], []), (['float64'], ['complex64']), (['int32', 'float16'], ['bool']),
       (['uint32'], ['float16', 'int8']), (['int8', 'uint64'], ['complex64'])]
for i, (a, sc) in enumerate(FCT):
    case('fct%d' % i, lambda a=a, sc=sc: np.find_common_type(a, sc))
