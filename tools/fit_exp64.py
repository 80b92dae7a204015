#!/usr/bin/env python3
"""The polynomial coefficients of kernels/generic/vm_exp64.c (and power's exp half in vm_pow.c),
fitted by Lawson's iteration: weighted least squares on Chebyshev nodes whose weights are
multiplied by each node's error until the fit is (near) minimax, minimizing max |w(x) (g(x) -
p(x))| with w chosen so that the error is relative to the function's result. Prints each table
as C hex floats and the measured max error (log2) of the double coefficients on 1001-4001 points.
Needs mpmath; about a minute."""
import mpmath as mp

mp.mp.dps = 40


def lawson(g, w, a, b, n, fixed=(), iters=40, m=150):
    xs = [(a + b) / 2 + (b - a) / 2 * mp.cos(mp.pi * (i + mp.mpf(1) / 2) / m) for i in range(m)]
    fx = dict(fixed)
    ks = [k for k in range(n) if k not in fx]
    wt = [mp.mpf(1) / m] * m
    for _ in range(iters):
        A = mp.matrix(len(ks), len(ks))
        B = mp.matrix(len(ks), 1)
        for i, x in enumerate(xs):
            ww = w(x) ** 2 * wt[i]
            gx = g(x) - sum(fx[k] * x ** k for k in fx)
            row = [x ** k for k in ks]
            for u in range(len(ks)):
                B[u] += ww * row[u] * gx
                for v in range(len(ks)):
                    A[u, v] += ww * row[u] * row[v]
        c = mp.lu_solve(A, B)
        errs = [abs(w(x) * (g(x) - sum(c[u] * x ** ks[u] for u in range(len(ks)))
                             - sum(fx[k] * x ** k for k in fx))) for x in xs]
        s = sum(wt[i] * errs[i] for i in range(m))
        wt = [wt[i] * errs[i] / s for i in range(m)]
    coef = dict(fx)
    coef.update({ks[u]: c[u] for u in range(len(ks))})
    return [float(coef[k]) for k in range(n)]


def maxerr(g, w, a, b, cd, pts):
    return float(mp.log(max(abs(w(x) * (g(x) - sum(mp.mpf(cd[k]) * x ** k for k in range(len(cd)))))
                            for x in (a + (b - a) * i / (pts - 1) for i in range(pts))), 2))


def show(name, cd, err):
    print('%s (max error 2^%.1f):' % (name, err))
    print('  ' + ', '.join(x.hex() for x in cd))


R = mp.log(2) / 32 * (1 + mp.mpf(2) ** -30)  # |r| of the exp reduction
half = ((0, mp.mpf(1) / 2),)


def q_exp(r):  # (e^r - 1 - r)/r^2, error weighted by r^2/e^r
    return mp.mpf(1) / 2 + r / 6 if abs(r) < mp.mpf(10) ** -25 else (mp.exp(r) - 1 - r) / r ** 2


w_exp = lambda r: r * r / mp.exp(r)
cd = lawson(q_exp, w_exp, -R, R, 5, half, iters=60, m=300)
show('EXP_C[2..6], PE_C[2..6]', cd, maxerr(q_exp, w_exp, -R, R, cd, 4001))
cd = lawson(q_exp, w_exp, -R, R, 6, half)
show('EXP_C7[2..7]', cd, maxerr(q_exp, w_exp, -R, R, cd, 1001))


def r_sinh(z):  # (sinh(a) - a)/a^3, z = a^2, weighted by a^3/sinh(a)
    if z < mp.mpf(10) ** -20:
        return mp.mpf(1) / 6 + z / 120
    a = mp.sqrt(z)
    return (mp.sinh(a) - a) / a ** 3


w_sinh = lambda z: mp.sqrt(z) ** 3 / mp.sinh(mp.sqrt(z)) if z > 0 else mp.mpf(0)
cd = lawson(r_sinh, w_sinh, mp.mpf(0), mp.mpf(1), 7, m=200)
show('SINH_R', cd, maxerr(r_sinh, w_sinh, mp.mpf(0), mp.mpf(1), cd, 2001))


def p_tanh(z):  # (tanh(a) - a)/a^3, weighted by a^3/tanh(a)
    if z < mp.mpf(10) ** -30:
        return -mp.mpf(1) / 3 + 2 * z / 15
    a = mp.sqrt(z)
    return (mp.tanh(a) - a) / a ** 3


w_tanh = lambda z: mp.sqrt(z) ** 3 / mp.tanh(mp.sqrt(z)) if z > 0 else mp.mpf(0)
T = mp.mpf(1) / 16
cd = lawson(p_tanh, w_tanh, mp.mpf(0), T, 7)
show('TANH_P', cd, maxerr(p_tanh, w_tanh, mp.mpf(0), T, cd, 1001))


def p_expm1(x):  # (expm1(x) - x)/x^2, weighted by x^2/expm1(x)
    return mp.mpf(1) / 2 + x / 6 if abs(x) < mp.mpf(10) ** -30 else (mp.expm1(x) - x) / x ** 2


w_expm1 = lambda x: x ** 2 / mp.expm1(x) if x != 0 else mp.mpf(0)
Q = mp.mpf(1) / 4
cd = lawson(p_expm1, w_expm1, -Q, Q, 10, half)
show('EXPM1_P', cd, maxerr(p_expm1, w_expm1, -Q, Q, cd, 1001))
