# Jacobi iterations of Laplace's equation on a square, one hot edge.
import sys
import numpy as np

u = np.zeros((100, 100))
u[0, :] = 1.0
for _ in range(200):
    u[1:-1, 1:-1] = 0.25 * (u[:-2, 1:-1] + u[2:, 1:-1] + u[1:-1, :-2] + u[1:-1, 2:])
np.save(sys.argv[1], u)
