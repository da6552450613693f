#!/usr/bin/env python3
"""Peer for `abikit trend --method ols` in the benchmark: per-subject OLS, numpy vectorised.

Reads with pandas (C parser), then per-subject sums with np.bincount on centred data; same
statistics and time axis as trend_polars.py. Usage: trend_numpy.py INPUT.csv OUTPUT.csv [MEASURE]
"""
import sys

import numpy as np
import pandas as pd
import scipy.stats


def main():
    src, dst = sys.argv[1], sys.argv[2]
    measure = sys.argv[3] if len(sys.argv) > 3 else "ankle_blood_flow"
    df = pd.read_csv(src, usecols=["subject_id", "visit_date", measure])
    df = df[df[measure].notna()]
    codes, subjects = pd.factorize(df["subject_id"], sort=False)
    days = pd.to_datetime(df["visit_date"], format="%Y-%m-%d").to_numpy().astype("datetime64[D]").astype(np.int64)
    y = df[measure].to_numpy(dtype=float)
    k = len(subjects)
    first = np.full(k, np.iinfo(np.int64).max)
    np.minimum.at(first, codes, days)
    t = (days - first[codes]) / 365.25
    n = np.bincount(codes, minlength=k).astype(float)
    mt = np.bincount(codes, t, k) / n
    my = np.bincount(codes, y, k) / n
    dt, dy = t - mt[codes], y - my[codes]
    sxx, sxy, syy = np.bincount(codes, dt * dt, k), np.bincount(codes, dt * dy, k), np.bincount(codes, dy * dy, k)
    with np.errstate(all="ignore"):
        slope = sxy / sxx
        intercept = my - slope * mt
        rss = np.maximum(syy - slope * sxy, 0)
        dof = n - 2
        s2 = rss / dof
        slope_se = np.sqrt(s2 / sxx)
        intercept_se = np.sqrt(s2 * (1 / n + mt ** 2 / sxx))
        slope_t, intercept_t = slope / slope_se, intercept / intercept_se
        slope_p = 2 * scipy.stats.t.sf(np.abs(slope_t), dof)
        intercept_p = 2 * scipy.stats.t.sf(np.abs(intercept_t), dof)
        r2 = 1 - rss / syy
    pd.DataFrame({"subject_id": subjects, "n": n.astype(int), "intercept": intercept, "intercept_se": intercept_se,
                  "intercept_t": intercept_t, "intercept_p": intercept_p, "slope": slope, "slope_se": slope_se,
                  "slope_t": slope_t, "slope_p": slope_p, "r_squared": r2, "residual_sd": np.sqrt(s2),
                  "df": dof.astype(int)}).to_csv(dst, index=False)


if __name__ == "__main__":
    main()
