# NumPy 1.24's answers for tests/test_stats.c: one line per case,
# "name|dtype|shape|values" (repr of each value, complex as re im pairs),
# or "name|error|ExceptionType" for a call NumPy refuses. The inputs are
# made by mk(), which test_stats.c mirrors exactly (exact binary fractions).
import warnings

import numpy as np
from nd_ref import err, out  # noqa: F401 - the shared printers

warnings.simplefilter('ignore')

METHODS = ['inverted_cdf', 'averaged_inverted_cdf', 'closest_observation',
           'interpolated_inverted_cdf', 'hazen', 'weibull', 'linear', 'median_unbiased',
           'normal_unbiased', 'lower', 'higher', 'midpoint', 'nearest']
RULES = ['auto', 'fd', 'doane', 'scott', 'stone', 'rice', 'sturges', 'sqrt']
QS = [0.0, 0.1, 0.33, 0.5, 0.9, 1.0]


def mk(dtype, shape, seed, nanstep=0, spec=False):
    n = int(np.prod(shape))
    v = [((i * 37 + seed * 11) % 101 - 50) / 8.0 for i in range(n)]
    if nanstep:
        for i in range(0, n, nanstep):
            v[i] = np.nan
    if spec:  # infinities and NaN at fixed places
        v[1], v[2], v[3] = np.inf, -np.inf, np.nan
    a = np.array(v, dtype=np.float64).reshape(shape)
    if np.dtype(dtype).kind == 'c':
        c = np.empty(shape, np.complex128)  # parts set apart: inf * 1j would add NaN
        c.real, c.imag = a, a[::-1] / 4
        return c.astype(dtype)
    return a.astype(dtype)


a45 = mk('f8', (4, 5), 1)
out('ptp_f8_ax1', np.ptp(a45, axis=1))
out('ptp_i8_ax0_keep', np.ptp(mk('i1', (4, 5), 2) * 16, axis=0, keepdims=True))
out('ptp_all', np.ptp(a45))
w5 = mk('f8', (5,), 3) + 10
avg, ws = np.average(a45, axis=1, weights=w5, returned=True)
out('avg_w1d', avg)
out('avg_w1d_sum', ws)
avg, ws = np.average(a45, weights=a45 + 10, returned=True)
out('avg_wfull', avg)
out('avg_wfull_sum', ws)
avg, ws = np.average(mk('i4', (4, 5), 4), axis=0, returned=True)
out('avg_int', avg)
out('avg_int_sum', ws)
out('avg_f32_keep', np.average(mk('f4', (4, 5), 5), axis=1, weights=mk('f4', (5,), 6) + 10,
                               keepdims=True))
err('avg_zero', lambda: np.average(a45, axis=1, weights=np.zeros(5)))

x = mk('f8', (3, 10), 7)
out('cov', np.cov(x))
out('cov_colvar', np.cov(x.T, rowvar=False))
out('cov_bias', np.cov(x, bias=True))
out('cov_ddof2', np.cov(x, ddof=2))
fw = np.array([1, 2, 0, 3, 1, 1, 4, 2, 1, 1])
aw = mk('f8', (10,), 8) + 7
out('cov_fw', np.cov(x, fweights=fw))
out('cov_aw', np.cov(x, aweights=aw))
out('cov_fw_aw', np.cov(x, fweights=fw, aweights=aw))
out('cov_fw_aw_ddof0', np.cov(x, fweights=fw, aweights=aw, ddof=0))
out('cov_y', np.cov(x, mk('f8', (2, 10), 9)))
out('cov_1d', np.cov(x[0]))
out('cov_c', np.cov(mk('c16', (2, 6), 10)))
out('cov_i', np.cov(mk('i8', (3, 7), 11)))
err('cov_fw_neg', lambda: np.cov(x, fweights=-fw))
err('cov_fw_frac', lambda: np.cov(x, fweights=fw + 0.5))
err('cov_fw_len', lambda: np.cov(x, fweights=fw[:5]))
out('corrcoef', np.corrcoef(x))
out('corrcoef_y', np.corrcoef(x, mk('f8', (2, 10), 9)))
out('corrcoef_c', np.corrcoef(mk('c16', (2, 6), 10)))

qa = mk('f8', (3, 11), 12)
qi = mk('i4', (3, 7), 13)
qf = mk('f4', (2, 9), 14)
qn = mk('f8', (3, 11), 15, nanstep=4)
for m in METHODS:
    out('q_%s' % m, np.quantile(qa, QS, axis=1, method=m))
    out('q_int_%s' % m, np.quantile(qi, QS, method=m))
    out('q_f32_%s' % m, np.quantile(qf, QS, axis=0, method=m, keepdims=True))
    out('q_nan_%s' % m, np.quantile(qn, QS, axis=1, method=m))
    out('nq_%s' % m, np.nanquantile(qn, QS, axis=1, method=m))
    out('np_%s' % m, np.nanpercentile(qn, [5, 50, 95], axis=0, method=m))
out('q_scalar', np.quantile(qa, 0.3))
err('q_range', lambda: np.quantile(qa, 1.5))
err('p_range', lambda: np.percentile(qa, 101))
qn2 = qn.copy()
qn2[1] = np.nan
out('nq_allnan', np.nanquantile(qn2, [0.25, 0.5], axis=1))
out('nmed_f8', np.nanmedian(qn2, axis=1))
out('nmed_f32', np.nanmedian(mk('f4', (4, 6), 16, nanstep=5), axis=0))
out('nmed_all', np.nanmedian(qn))
out('nmed_int', np.nanmedian(mk('i2', (3, 4), 17), axis=1, keepdims=True))

pn = mk('f8', (4, 5), 18, nanstep=3)
out('nanprod_ax0', np.nanprod(pn, axis=0))
out('nanprod_all', np.nanprod(pn))
out('nancumsum_ax1', np.nancumsum(pn, axis=1))
out('nancumsum_all', np.nancumsum(pn))
out('nancumprod_ax0', np.nancumprod(pn / 4, axis=0))
out('nancumsum_int', np.nancumsum(mk('i4', (2, 3), 19), axis=1))
sp = mk('f4', (6,), 20, spec=True)
spc = mk('c8', (6,), 20, spec=True)
sp64 = mk('f8', (6,), 20, spec=True)
out('n2n_f32', np.nan_to_num(sp))
out('n2n_c64', np.nan_to_num(spc))
out('n2n_f64_vals', np.nan_to_num(sp64, nan=-1.5, posinf=7.0, neginf=-8.0))
out('n2n_f16', np.nan_to_num(sp.astype('f2')))
out('isposinf', np.isposinf(sp64))
out('isneginf', np.isneginf(sp64))
err('isposinf_c', lambda: np.isposinf(spc))
cz = np.array([1 + 0j, 2 + 1e-20j, 3 - 2j, 0j])
out('isreal', np.isreal(cz))
out('iscomplex', np.iscomplex(cz))
out('isreal_f', np.isreal(a45))
out('angle', np.angle(mk('c16', (6,), 21)))
out('angle_deg', np.angle(mk('c16', (6,), 21), deg=True))
out('angle_int', np.angle(mk('i4', (5,), 22)))
out('angle_f32', np.angle(mk('f4', (5,), 22)))
out('ric_close', np.real_if_close(np.array([1 + 1e-15j, 2 - 1e-15j])))
out('ric_far', np.real_if_close(np.array([1 + 1e-10j, 2 + 0j])))

h = mk('f8', (200,), 23) * np.linspace(0.5, 2, 200)
hi = mk('i8', (150,), 24)
hf = mk('f4', (120,), 25)
for r in RULES:
    out('edges_%s' % r, np.histogram_bin_edges(h, bins=r))
    out('edges_range_%s' % r, np.histogram_bin_edges(h, bins=r, range=(-3, 4)))
    out('edges_int_%s' % r, np.histogram_bin_edges(hi, bins=r))
    out('edges_f32_%s' % r, np.histogram_bin_edges(hf, bins=r))
out('edges_const', np.histogram_bin_edges(np.full(5, 2.0), bins='fd'))
err('edges_badrange', lambda: np.histogram_bin_edges(h, bins='auto', range=(3, 1)))

hx, hy = mk('f8', (60,), 26), mk('f8', (60,), 27) * 3
hw = mk('f8', (60,), 28) + 7
H, ex, ey = np.histogram2d(hx, hy, bins=(5, 4))
out('h2d', H)
out('h2d_ex', ex)
out('h2d_ey', ey)
H, ex, ey = np.histogram2d(hx, hy, bins=(3, 6), range=[[-4, 4], [-10, 12]], density=True,
                           weights=hw)
out('h2d_rdw', H)
out('h2d_rdw_ey', ey)
sd = mk('f8', (50, 3), 29)
sd[4] = [sd[:, 0].max(), sd[:, 1].max(), sd[:, 2].min()]
H, edges = np.histogramdd(sd, bins=(4, 3, 5))
out('hdd', H)
out('hdd_e2', edges[2])
H, edges = np.histogramdd(sd, bins=(2, 2, 3), density=True)
out('hdd_d', H)
err('hdd_bins0', lambda: np.histogramdd(sd, bins=(0, 2, 3)))

# elementwise gaps
ea = mk('f8', (7,), 30)
ea[0], ea[1], ea[2] = 0.0, -0.0, np.inf
ei = np.array([-3, 0, 1, 5, -1070, 1030, 2])
out('float_power', np.float_power(mk('f8', (5,), 31), np.array([2, -1, 0.5, 3, 0])))
out('float_power_i', np.float_power(mk('i4', (4,), 32), 2))
out('heaviside', np.heaviside(np.array([-1.5, 0, 2, np.nan, -0.0]), 0.5))
out('heaviside_f32', np.heaviside(mk('f4', (5,), 33), np.float32(0.25)))
out('ldexp', np.ldexp(ea, ei))
out('ldexp_i1', np.ldexp(mk('i1', (4,), 34), np.array([1, 2, 3, 4])))
out('ldexp_f32', np.ldexp(mk('f4', (7,), 35), ei))
err('ldexp_float_exp', lambda: np.ldexp(ea, ea))
m, e = np.frexp(ea)
out('frexp_m', m)
out('frexp_e', e)
m, e = np.frexp(mk('f2', (5,), 36))
out('frexp_f16_m', m)
out('frexp_f16_e', e)
fr, ip = np.modf(mk('f4', (6,), 37))
out('modf_frac', fr)
out('modf_int', ip)
out('spacing', np.spacing(ea))
out('spacing_f32', np.spacing(mk('f4', (5,), 38)))
out('spacing_f16', np.spacing(np.array([1, -2, 65504, 0, 0.001], np.float16)))
err('frexp_c', lambda: np.frexp(np.array([1j])))

# ufunc methods
ua = mk('f8', (3, 4), 40)
ui = (mk('i1', (3, 4), 41) * 5).astype(np.int8)
out('red_sub_ax0', np.subtract.reduce(ua, axis=0))
err('red_sub_all', lambda: np.subtract.reduce(ua, axis=None))
out('red_sub_1d', np.subtract.reduce(ua[0], axis=None))
out('red_bor_all', np.bitwise_or.reduce(ui, axis=None))
out('red_sub_keep', np.subtract.reduce(np.array([[2., 3, 2], [1.5, 2, 0.5]]), axis=1, keepdims=True))
out('red_add_i8', np.add.reduce(ui, axis=1))
out('red_bxor', np.bitwise_xor.reduce(ui, axis=0))
out('red_band_empty', np.bitwise_and.reduce(np.zeros((0, 3), np.int8), axis=0))
err('red_sub_empty', lambda: np.subtract.reduce(np.zeros((0, 3)), axis=0))
out('acc_add_i8', np.add.accumulate(ui, axis=1))
out('acc_sub', np.subtract.accumulate(ua, axis=0))
out('acc_max', np.maximum.accumulate(ua, axis=1))
out('acc_div', np.divide.accumulate(ua[0] + 7))
out('outer_sub', np.subtract.outer(ua[0], ua[:, 1]))
out('outer_pow', np.power.outer(np.array([1., 2, 3]), np.array([[0, 1], [2, 3]])))
out('reduceat_add', np.add.reduceat(np.arange(8.0), [0, 4, 1, 5]))
out('reduceat_i8', np.add.reduceat(ui, [0, 2, 2, 3], axis=1))
out('reduceat_max', np.maximum.reduceat(ua, [2, 0], axis=0))
err('reduceat_oob', lambda: np.add.reduceat(np.arange(5), [0, 5]))
at = np.arange(6.0)
np.add.at(at, [0, 1, 1, 5, -1], [10, 1, 2, 3, 4])
out('at_add', at)
at2 = mk('f8', (3, 4), 42)
np.multiply.at(at2, [2, 0, 2], ua[0])
out('at_mul_rows', at2)
at3 = np.array([1.5, -2, 3])
np.negative.at(at3, [0, 0, 2])
out('at_neg', at3)
err('at_oob', lambda: np.add.at(np.arange(3), [3], 1))
