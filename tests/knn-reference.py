#!/usr/bin/python3
"""knn-reference: the reference nearest-neighbour pass for bench-score.

Reads N points (float64 x, y pairs, little-endian) from a file written by
bench-score, then, for each line read on standard input, times
cKDTree(points).query(points, k=2) once (SciPy's k-d tree, built and
queried, one thread) and prints one line, flushed:
    <seconds> <mean nearest-neighbour distance> <scipy version>
so that bench-score can interleave these runs with its own (numpy and
scipy load once, before the first).
Usage: knn-reference.py FILE
"""
import sys
import time

import numpy as np
import scipy
from scipy.spatial import cKDTree


def main():
    points = np.fromfile(sys.argv[1], dtype="<f8").reshape(-1, 2)
    for _ in sys.stdin:
        start = time.perf_counter()
        distances, _ = cKDTree(points).query(points, k=2)
        seconds = time.perf_counter() - start
        print(f"{seconds:.6f} {distances[:, 1].mean():.15g} {scipy.__version__}", flush=True)


if __name__ == "__main__":
    main()
