#!/usr/bin/env python3
# Source: expert peer from the project's peer set, copied 2026-12-05 unchanged (below this note).
# Python packages: Scripts/bench/requirements.txt (pinned; bench.sh installs them in bench-data/venv).
"""Per-subject ABI trend, polars peer (lazy; window expressions + group_by/agg):
    python trend_polars.py SCORED.csv OUT.csv [--nested-agg]
Same reference semantics as trend_numpy.py (see README.md).

Default: centre t and abi per subject with .over() window expressions, then plain sums
in group_by().agg().  --nested-agg writes the whole fit as nested expressions inside one
agg (y - y.mean() etc. inside the aggregation); same results, ~5x slower on polars 2.1.
"""
import argparse

import polars as pl


def scored(src):
    return (
        pl.scan_csv(src, infer_schema=False)
        .select(pl.col("subject_id"),
                date=pl.col("visit_date").str.to_date("%Y-%m-%d", strict=False),
                y=pl.col("abi").cast(pl.Float64, strict=False))
        .drop_nulls(["date", "y"])
        .with_columns(t=(pl.col("date") - pl.col("date").min().over("subject_id")).dt.total_days() / 365.25)
    )


def windowed(lf):
    t, y, dt, dy = pl.col("t"), pl.col("y"), pl.col("dt"), pl.col("dy")
    sid = "subject_id"
    return (
        lf.with_columns(dt=t - t.mean().over(sid), dy=y - y.mean().over(sid))
        .with_columns(b=(dt * dy).sum().over(sid) / (dt * dt).sum().over(sid))
        .group_by(sid)
        .agg(n=pl.len(), tm=t.mean(), ym=y.mean(), slope=pl.col("b").first(),
             sxx=(dt * dt).sum(), syy=(dy * dy).sum(),
             sse=((dy - pl.col("b") * dt) ** 2).sum(),
             flat=y.max() == y.min())
        .with_columns(intercept=pl.col("ym") - pl.col("slope") * pl.col("tm"),
                      slope_se=(pl.col("sse") / (pl.col("n") - 2) / pl.col("sxx")).sqrt(),
                      r2=pl.when(~pl.col("flat")).then(1.0 - pl.col("sse") / pl.col("syy")))
    )


def nested(lf):
    t, y = pl.col("t"), pl.col("y")
    dt, dy = t - t.mean(), y - y.mean()
    slope = (dt * dy).sum() / (dt * dt).sum()
    sse = ((dy - slope * dt) ** 2).sum()
    n = pl.len()
    return lf.group_by("subject_id").agg(
        n=n, intercept=y.mean() - slope * t.mean(), slope=slope,
        slope_se=(sse / (n - 2) / (dt * dt).sum()).sqrt(),
        r2=pl.when(y.max() > y.min()).then(1.0 - sse / (dy * dy).sum()),
        sxx=(dt * dt).sum())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("src"); ap.add_argument("dst")
    ap.add_argument("--nested-agg", action="store_true")
    a = ap.parse_args()
    lf = scored(a.src)
    fit = nested(lf) if a.nested_agg else windowed(lf)
    out = (fit.filter((pl.col("n") >= 3) & (pl.col("sxx") > 0))
           .select("subject_id", "n", "intercept", "slope", "slope_se", "r2")
           .sort("subject_id"))
    out.collect().write_csv(a.dst)


if __name__ == "__main__":
    main()
