# Monte-Carlo pi from random points, and the mean squared distance of random walks.
import sys
import numpy as np

rng = np.random.default_rng(42)
xy = rng.random((2, 100000))
pi = 4 * np.count_nonzero(xy[0] ** 2 + xy[1] ** 2 <= 1) / xy.shape[1]
steps = rng.integers(0, 2, size=(500, 1000)) * 2 - 1
pos = steps.cumsum(axis=1)
msd = (pos[:, -1] ** 2).mean()
np.save(sys.argv[1], np.array([pi, msd]))
