#!/usr/bin/env python3
# Source: expert peer from the project's peer set, copied 2026-12-05 unchanged (below this note).
# Python packages: Scripts/bench/requirements.txt (pinned; bench.sh installs them in bench-data/venv).
"""Per-subject ABI trend, numpy peer (vectorised group sums with np.bincount; pyarrow
reads the CSV):   python trend_numpy.py SCORED.csv OUT.csv

Reference semantics (shared by every trend_* peer, see README.md):
  * input is a scorer's output; rows are used when abi is non-empty and visit_date is
    an ISO date (YYYY-MM-DD);
  * t = (visit_date - the subject's earliest used visit_date) in days / 365.25;
  * OLS abi = intercept + slope * t per subject_id; subjects with n >= 3 used rows and
    distinct dates (Sxx > 0) are written, sorted by subject_id (byte order);
  * slope_se = sqrt(SSE / (n - 2) / Sxx); r2 = 1 - SSE / SST, empty when all the
    subject's abi values are equal (SST = 0).
Output columns: subject_id,n,intercept,slope,slope_se,r2
"""
import sys

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv


def load(src):
    tbl = pacsv.read_csv(
        src,
        convert_options=pacsv.ConvertOptions(
            include_columns=["subject_id", "visit_date", "abi"],
            column_types={"subject_id": pa.string(), "visit_date": pa.string(), "abi": pa.float64()},
            strings_can_be_null=False),
        parse_options=pacsv.ParseOptions(newlines_in_values=True))
    date = pc.strptime(tbl["visit_date"], format="%Y-%m-%d", unit="s", error_is_null=True)
    keep = pc.and_(pc.is_valid(date), pc.is_valid(tbl["abi"]))
    ids = pc.filter(tbl["subject_id"], keep).combine_chunks().dictionary_encode()
    days = pc.filter(date, keep).cast(pa.int64()).to_numpy() // 86400
    y = pc.filter(tbl["abi"], keep).to_numpy()
    return ids.dictionary.to_numpy(zero_copy_only=False), ids.indices.to_numpy(), days, y


def fit(g, days, y, ng):
    first = np.full(ng, np.iinfo(np.int64).max)
    np.minimum.at(first, g, days)
    t = (days - first[g]) / 365.25
    n = np.bincount(g, minlength=ng)
    tm = np.bincount(g, t, ng) / n
    ym = np.bincount(g, y, ng) / n
    dt = t - tm[g]
    dy = y - ym[g]
    sxx = np.bincount(g, dt * dt, ng)
    sxy = np.bincount(g, dt * dy, ng)
    syy = np.bincount(g, dy * dy, ng)
    ymin = np.full(ng, np.inf); np.minimum.at(ymin, g, y)
    ymax = np.full(ng, -np.inf); np.maximum.at(ymax, g, y)
    with np.errstate(divide="ignore", invalid="ignore"):
        slope = sxy / sxx
        intercept = ym - slope * tm
        sse = np.bincount(g, (dy - slope[g] * dt) ** 2, ng)
        se = np.sqrt(sse / (n - 2) / sxx)
        r2 = np.where(ymax > ymin, 1.0 - sse / syy, np.nan)
    ok = (n >= 3) & (sxx > 0)
    return ok, n, intercept, slope, se, r2


def main(src, dst):
    names, g, days, y = load(src)
    ok, n, a, b, se, r2 = fit(g, days, y, len(names))
    idx = np.flatnonzero(ok)
    idx = idx[np.argsort(names[idx].astype(str), kind="stable")]
    f = lambda v: "" if np.isnan(v) else repr(float(v))
    with open(dst, "w", newline="\n", encoding="utf-8") as out:
        out.write("subject_id,n,intercept,slope,slope_se,r2\n")
        for i in idx.tolist():
            sid = names[i]
            if any(ch in sid for ch in ',"\r\n'):
                sid = '"' + sid.replace('"', '""') + '"'
            out.write(f"{sid},{n[i]},{f(a[i])},{f(b[i])},{f(se[i])},{f(r2[i])}\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: trend_numpy.py SCORED.csv OUT.csv")
    main(sys.argv[1], sys.argv[2])
