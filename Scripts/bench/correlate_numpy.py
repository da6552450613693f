#!/usr/bin/env python3
"""Peer for `abikit correlate` in the benchmark: read the CSV with polars (multi-threaded), then
numpy.corrcoef on the columns; writes the matrix (wide). Usage: correlate_numpy.py INPUT.csv OUTPUT.csv
"""
import sys
import time

import numpy as np
import polars as pl


def main():
    src, dst = sys.argv[1], sys.argv[2]
    start = time.perf_counter()
    frame = pl.read_csv(src)
    names = frame.columns
    X = frame.to_numpy()
    del frame
    loaded = time.perf_counter()
    r = np.corrcoef(X, rowvar=False)
    done = time.perf_counter()
    with open(dst, "w") as f:
        f.write("column," + ",".join(names) + "\n")
        for name, row in zip(names, r):
            f.write(name + "," + ",".join(repr(float(v)) for v in row) + "\n")
    print(f"timing: load {loaded - start} s, compute {done - loaded} s", file=sys.stderr)


if __name__ == "__main__":
    main()
