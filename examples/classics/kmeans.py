# k-means: three clusters of points, twenty rounds of assign and update.
import sys
import numpy as np

pts = np.load(sys.argv[1])
cent = pts[[0, 200, 400]]
for _ in range(20):
    d = ((pts[:, None, :] - cent[None, :, :]) ** 2).sum(axis=2)
    label = d.argmin(axis=1)
    cent = np.array([pts[label == k].mean(axis=0) for k in range(3)])
np.save(sys.argv[2], cent)
