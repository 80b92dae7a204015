# The Mandelbrot set's escape counts, iterating only the points still inside.
import sys
import numpy as np

x = np.linspace(-2.0, 1.0, 300)
y = np.linspace(-1.5, 1.5, 200)
c = x[None, :] + 1j * y[:, None]
z = np.zeros_like(c)
count = np.zeros(c.shape, dtype=np.int64)
for _ in range(50):
    live = np.abs(z) <= 2.0
    z[live] = z[live] ** 2 + c[live]
    count[live] += 1
np.save(sys.argv[1], count)
