#!/usr/bin/env python3
"""Peer for `abikit regress` in the benchmark: read the CSV with polars (multi-threaded), then
numpy.linalg.lstsq (LAPACK gelsd) or statsmodels OLS (pinv) on y ~ 1 + x1..xp; writes estimates
and, for statsmodels, standard errors. Usage: regress_numpy.py numpy|statsmodels INPUT.csv OUTPUT.csv
"""
import sys
import time

import numpy as np
import polars as pl


def main():
    tool, src, dst = sys.argv[1], sys.argv[2], sys.argv[3]
    start = time.perf_counter()
    frame = pl.read_csv(src)
    y = frame["y"].to_numpy()
    names = [c for c in frame.columns if c != "y"]
    X = np.empty((len(y), len(names) + 1))
    X[:, 0] = 1.0
    for j, name in enumerate(names):
        X[:, j + 1] = frame[name].to_numpy()
    del frame
    loaded = time.perf_counter()
    if tool == "numpy":
        beta = np.linalg.lstsq(X, y, rcond=None)[0]
        se = np.full_like(beta, np.nan)
    else:
        import statsmodels.api as sm
        result = sm.OLS(y, X).fit()
        beta, se = result.params, result.bse
    done = time.perf_counter()
    with open(dst, "w") as f:
        f.write("term,estimate,std_error\n")
        for name, b, s in zip(["Intercept"] + names, beta, se):
            f.write(f"{name},{float(b)!r},{float(s)!r}\n")
    print(f"timing: load {loaded - start} s, compute {done - loaded} s", file=sys.stderr)


if __name__ == "__main__":
    main()
