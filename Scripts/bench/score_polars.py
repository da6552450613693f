#!/usr/bin/env python3
# Source: expert peer from the project's peer set, copied 2026-12-05 unchanged (below this note).
# Python packages: Scripts/bench/requirements.txt (pinned; bench.sh installs them in bench-data/venv).
"""ABI scorer, polars peer:  python score_polars.py IN.csv OUT.csv

Same reference semantics as score_pandas.py / ref_score.py (see README.md).
Lazy scan with every column as String; usable pressures become Int32 (whole mmHg only),
k = (200*a + b) // (2*b) is the leg ABI rounded half up in hundredths (integer floor
division), and the ABI cells are k * Decimal('0.01') -- an exact Decimal(scale 2) column,
so the CSV writer prints 1.13, 0.90, 1.00.
"""
import sys
from decimal import Decimal

import polars as pl

BRACHIAL = ["brachial_left", "brachial_right"]
ANKLE = ["ankle_dp_left", "ankle_pt_left", "ankle_dp_right", "ankle_pt_right"]


def mmhg(c, lo, hi):
    """Usable pressure as Int32 (whole mmHg in lo..hi), otherwise null."""
    v = pl.col(c).cast(pl.Float64, strict=False)  # not a number -> null
    return pl.when(v.is_between(lo, hi) & (v == v.floor())).then(v.cast(pl.Int32))


def main(src, dst):
    lf = pl.scan_csv(src, infer_schema=False)  # all String, empty -> null, BOM skipped
    b = pl.max_horizontal(*(mmhg(c, 50, 300) for c in BRACHIAL))  # skips nulls
    dpl, ptl, dpr, ptr = (mmhg(c, 1, 300) for c in ANKLE)  # whole mmHg: > 0 is >= 1

    def hundredths(a):  # null if a or b is null
        return (200 * a + b) // (2 * b)

    out = lf.with_columns(_k_left=hundredths(pl.max_horizontal(dpl, ptl)),
                          _k_right=hundredths(pl.max_horizontal(dpr, ptr)))
    out = out.with_columns(_k=pl.min_horizontal("_k_left", "_k_right"))
    k = pl.col("_k")
    abi = lambda c: pl.col(c) * pl.lit(Decimal("0.01"))  # exact: Decimal(38, 2)
    out = out.with_columns(
        abi_left=abi("_k_left"), abi_right=abi("_k_right"), abi=abi("_k"),
        category=pl.when(k.is_null()).then(pl.lit("invalid"))
        .when(k > 140).then(pl.lit("noncompressible"))
        .when(k >= 100).then(pl.lit("normal"))
        .when(k >= 91).then(pl.lit("borderline"))
        .otherwise(pl.lit("abnormal"))).drop("_k_left", "_k_right", "_k")
    out.sink_csv(dst, quote_style="necessary")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: score_polars.py IN.csv OUT.csv")
    main(sys.argv[1], sys.argv[2])
