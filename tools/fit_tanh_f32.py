#!/usr/bin/python3
"""Fits the float32 tanh tables of kernels/generic/vm_exp_f32.c (avx512): 14 intervals of
[0, 12) ([0, 1/8), then two per binade: one register of 16 floats per coefficient),
y = c0 + t P(t) about each midpoint, P of degree 7, relative minimax by Lawson-weighted least
squares against NumPy float64 tanh, coefficients rounded to float32 one at a time with the
rest refitted. Prints each interval's relative error (// lines) and the table of
kernels/generic/vm_tanh_tab.h."""
import numpy as np
np.set_printoptions(precision=3)
f32 = np.float32
DEG = 7
def intervals():
    out = [(0.0, 0.125, 0.0)]  # interval 0: t = a, centre 0
    for i in range(1, 14):
        b = (247 + i) << 22
        lo = np.array([b], np.uint32).view(np.float32)[0]
        hi = np.array([b + (1 << 22)], np.uint32).view(np.float32)[0]
        c = np.array([b | (1 << 21)], np.uint32).view(np.float32)[0]
        out.append((float(lo), float(hi), float(c)))
    return out

def fit(lo, hi, c, fixed):
    # fit y(t) = sum ck t^k, t = a - c, minimise relative error; fixed: dict k->value
    N = 400
    s = np.cos(np.pi * (np.arange(N) + 0.5) / N)
    a = (lo + hi) / 2 + (hi - lo) / 2 * s
    if lo == 0.0: a = np.abs(a) * 1 + 1e-9
    t = a - c
    y = np.tanh(a)
    h = max(abs(lo - c), abs(hi - c))
    free = [k for k in range(DEG + 1) if k not in fixed]
    A = np.stack([(t / h) ** k for k in free], 1)
    rhs = y - sum(v * t ** k for k, v in fixed.items())
    w = 1 / y
    wl = np.ones(N)
    for it in range(60):
        W = w * np.sqrt(wl)
        sol, *_ = np.linalg.lstsq(A * W[:, None], rhs * W, rcond=None)
        err = np.abs(A @ sol - rhs) * w
        wl = wl * (err + 1e-30 + err.max() * 1e-6); wl /= wl.sum()
    coef = dict(fixed)
    for k, v in zip(free, sol): coef[k] = v / h ** k
    return coef

def relerr(coef, lo, hi, c, hh=None):
    a = np.linspace(lo, hi, 20001)[1:-1] if lo > 0 else np.linspace(1e-4, hi, 20001)
    t = a - c
    p = sum(coef[k] * t ** k for k in range(DEG + 1))
    if hh is not None: p = p + hh
    return np.max(np.abs(p - np.tanh(a)) / np.tanh(a))

res = []
for i, (lo, hi, c) in enumerate(intervals()):
    if i == 0:
        co = fit(lo, hi, c, {0: 0.0, 1: 1.0})
        # store c1' = 0 (we add t separately), round c2.. sequentially
        fixed = {0: 0.0, 1: 1.0}
        for k in range(2, DEG + 1):
            co = fit(lo, hi, c, fixed); fixed[k] = float(f32(co[k]))
        co = fixed
        c0h, c0l, c1 = 0.0, 0.0, 0.0
    else:
        co = fit(lo, hi, c, {})
        c0h = float(f32(co[0])); c0l = float(f32(co[0] - c0h))
        fixed = {0: c0h + c0l}
        for k in range(1, DEG + 1):
            co = fit(lo, hi, c, fixed); fixed[k] = float(f32(co[k]))
        co = fixed
    e = relerr(co, lo, hi, c)
    # relative size of the t*P part
    a = np.linspace(max(lo, 1e-4), hi, 1001); t = a - c
    tp = np.max(np.abs(sum(co[k] * t ** k for k in range(1, DEG + 1))) / np.tanh(a))
    print(f'// {i:2d} [{lo:.5g},{hi:.5g}) c={c:.5g} relerr 2^{np.log2(e):.1f} tP/y {tp:.3f}')
    res.append((co, c0h, c0l, i == 0))
def hx(v):
    v = float(np.float32(v))
    if v == 0: return '0.0f'
    s = v.hex()  # 0x1.xxxxxxxxxxxxxp+e
    m, e = s.split('p')
    m = m.rstrip('0')
    if m.endswith('.'): m = m[:-1]
    return f'{m}p{e}f'
# interval k sits in slot (k + 247) mod 16 (the kernel indexes by max(bits >> 22, 247) and
# vpermps reads four bits); slots 5 and 6 are unused (zeros). Row 0 holds the midpoints.
rows = [[0.0] * (DEG + 3) for _ in range(16)]
for k, ((co, c0h, c0l, z), (lo, hi, c)) in enumerate(zip(res, intervals())):
    if z: row = [0.0, 0.0] + [0.0] + [co[j] for j in range(2, DEG + 1)]
    else: row = [c0h, c0l] + [co[j] for j in range(1, DEG + 1)]
    rows[(k + 247) % 16] = [c] + row
names = ['M', 'C0H', 'C0L'] + ['C%d' % k for k in range(1, DEG + 1)]
print(f'static const float TH_T[{DEG + 3}][16] = {{')
for j, nm in enumerate(names):
    vals = [hx(r[j]) for r in rows]
    print('    {' + ', '.join(vals) + '},')
print('};')
