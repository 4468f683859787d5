#!/usr/bin/python3
"""knn-reference: the reference nearest-neighbour pass for bench-score.

Reads N points (float64 x, y pairs, little-endian) from a file written by
bench-score, times cKDTree(points).query(points, k=2) (SciPy's k-d tree,
built and queried, one thread) RUNS times, and prints one line:
    <median seconds> <mean nearest-neighbour distance> <scipy version>
Usage: knn-reference.py FILE RUNS
"""
import statistics
import sys
import time

import numpy as np
import scipy
from scipy.spatial import cKDTree


def main():
    path, runs = sys.argv[1], int(sys.argv[2])
    points = np.fromfile(path, dtype="<f8").reshape(-1, 2)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        distances, _ = cKDTree(points).query(points, k=2)
        times.append(time.perf_counter() - start)
    print(f"{statistics.median(times):.6f} {distances[:, 1].mean():.15g} {scipy.__version__}")


if __name__ == "__main__":
    main()
