#!/usr/bin/env python3
"""Peer for `abikit trend --method ols` in the benchmark: statsmodels OLS in a per-subject loop.

Not one of the expert peers (trend_polars.py, trend_numpy.py): kept as the way a statistician would
commonly write it. What differs: pandas reads the whole CSV eagerly; each subject is fitted in a
Python loop with statsmodels OLS, which computes every statistic abikit does (intercept and slope
with SE, p-values, CIs, R²) where the expert peers compute n, intercept, slope, slope SE and R²
only; its time origin is the subject's first visit with a value (abikit: the first visit).

Fitting all 100,000 subjects this way takes about a minute, so only the first SUBSET subjects are
fitted and the loop time is extrapolated linearly to all subjects (the loop cost per subject is
constant). Prints one line: `extrapolated_seconds read_seconds loop_seconds fitted subjects`.
Usage: trend_statsmodels.py INPUT.csv OUTPUT.csv [MEASURE] [SUBSET]   (default 5000 subjects)
"""
import sys
import time

import numpy as np
import pandas as pd
import statsmodels.api as sm


def main():
    src, dst = sys.argv[1], sys.argv[2]
    measure = sys.argv[3] if len(sys.argv) > 3 else "ankle_blood_flow"
    subset = int(sys.argv[4]) if len(sys.argv) > 4 else 5000
    start = time.perf_counter()
    df = pd.read_csv(src, usecols=["subject_id", "visit_date", measure], parse_dates=["visit_date"])
    df = df[df[measure].notna()]
    groups = df.groupby("subject_id", sort=False)
    read = time.perf_counter() - start
    start = time.perf_counter()
    rows = []
    for count, (subject, g) in enumerate(groups):
        if count == subset:
            break
        t = (g["visit_date"] - g["visit_date"].min()).dt.days.to_numpy() / 365.25
        fit = sm.OLS(g[measure].to_numpy(), sm.add_constant(t, has_constant="add")).fit()
        ci = fit.conf_int(0.05)
        rows.append((subject, len(t), fit.params[0], fit.bse[0], fit.pvalues[0], fit.params[1], fit.bse[1],
                     fit.pvalues[1], ci[1][0], ci[1][1], fit.rsquared))
    loop = time.perf_counter() - start
    pd.DataFrame(rows, columns=["subject_id", "n", "intercept", "intercept_se", "intercept_p", "slope", "slope_se",
                                "slope_p", "slope_ci_lower", "slope_ci_upper", "r_squared"]).to_csv(dst, index=False)
    total = groups.ngroups
    print(f"{read + loop * total / len(rows):.2f} {read:.2f} {loop:.2f} {len(rows)} {total}")


if __name__ == "__main__":
    main()
