# Least squares: a cubic through noisy samples by polyfit, and a plane by lstsq.
import sys
import numpy as np

data = np.load(sys.argv[1])
x, y, z = data[0], data[1], data[2]
coef = np.polyfit(x, y, 3)
fit = np.polyval(coef, x)
A = np.stack([x, y, np.ones_like(x)], axis=1)
plane, res, rank, sv = np.linalg.lstsq(A, z, rcond=None)
np.save(sys.argv[2], np.concatenate([coef, fit, plane]))
