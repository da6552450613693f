#!/usr/bin/env python3
"""Peer for `abikit trend --method ols` in the benchmark: per-subject OLS of a measure on time in polars.

Time axis as abikit's: (visit_date - the subject's first visit) / 365.25 years. Per subject: n,
intercept (at the first visit), slope, their standard errors, t, p (scipy t distribution on the
per-subject results, vectorised), R^2 and residual SD, from group-by sums on centred data.
Usage: trend_polars.py INPUT.csv OUTPUT.csv [MEASURE]   (default measure ankle_blood_flow)
"""
import sys

import numpy as np
import polars as pl
import scipy.stats


def main():
    src, dst = sys.argv[1], sys.argv[2]
    measure = sys.argv[3] if len(sys.argv) > 3 else "ankle_blood_flow"
    df = pl.read_csv(src, columns=["subject_id", "visit_date", measure],
                     schema_overrides={"visit_date": pl.Date, measure: pl.Float64})
    df = df.drop_nulls(measure)
    t = ((pl.col("visit_date") - pl.col("visit_date").min().over("subject_id")).dt.total_days() / 365.25)
    df = df.with_columns(t=t, y=pl.col(measure))
    df = df.with_columns(dt=pl.col("t") - pl.col("t").mean().over("subject_id"),
                         dy=pl.col("y") - pl.col("y").mean().over("subject_id"))
    g = df.group_by("subject_id", maintain_order=True).agg(
        n=pl.len(), mt=pl.col("t").mean(), my=pl.col("y").mean(),
        sxx=(pl.col("dt") ** 2).sum(), sxy=(pl.col("dt") * pl.col("dy")).sum(), syy=(pl.col("dy") ** 2).sum())
    g = g.with_columns(slope=pl.col("sxy") / pl.col("sxx"))
    g = g.with_columns(intercept=pl.col("my") - pl.col("slope") * pl.col("mt"),
                       rss=(pl.col("syy") - pl.col("slope") * pl.col("sxy")).clip(lower_bound=0),
                       df=pl.col("n") - 2)
    g = g.with_columns(s2=pl.col("rss") / pl.col("df"))
    g = g.with_columns(slope_se=(pl.col("s2") / pl.col("sxx")).sqrt(),
                       intercept_se=(pl.col("s2") * (1 / pl.col("n") + pl.col("mt") ** 2 / pl.col("sxx"))).sqrt(),
                       r_squared=1 - pl.col("rss") / pl.col("syy"), residual_sd=pl.col("s2").sqrt())
    g = g.with_columns(slope_t=pl.col("slope") / pl.col("slope_se"),
                       intercept_t=pl.col("intercept") / pl.col("intercept_se"))
    dof = g["df"].to_numpy().astype(float)
    with np.errstate(all="ignore"):
        slope_p = 2 * scipy.stats.t.sf(np.abs(g["slope_t"].to_numpy()), dof)
        intercept_p = 2 * scipy.stats.t.sf(np.abs(g["intercept_t"].to_numpy()), dof)
    g = g.with_columns(slope_p=pl.Series(slope_p), intercept_p=pl.Series(intercept_p))
    g.select("subject_id", "n", "intercept", "intercept_se", "intercept_t", "intercept_p", "slope", "slope_se",
             "slope_t", "slope_p", "r_squared", "residual_sd", "df").write_csv(dst)


if __name__ == "__main__":
    main()
