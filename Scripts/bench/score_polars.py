#!/usr/bin/env python3
"""Peer for `abikit score` in the benchmark: the same standard-method ABI scoring in polars.

Reads the cohort CSV, computes per-leg ABI (higher of DP/PT over the higher arm, round half up to
2 decimals), patient ABI (worst leg), category, severity and inter-arm flags, and writes a CSV
with every input column plus the results. Usage: score_polars.py INPUT.csv OUTPUT.csv
"""
import sys

import polars as pl

PRESSURES = ["brachial_left", "brachial_right", "ankle_dp_left", "ankle_pt_left", "ankle_dp_right", "ankle_pt_right"]


def main():
    src, dst = sys.argv[1], sys.argv[2]
    df = pl.read_csv(src, infer_schema_length=0)  # all text: keep input cells unchanged
    p = {c: pl.col(c).cast(pl.Float64, strict=False) for c in PRESSURES}
    brachial = pl.max_horizontal(p["brachial_left"], p["brachial_right"])
    def leg(dp, pt):
        q = pl.max_horizontal(p[dp], p[pt]) / brachial
        return (q * 100 + 0.5).floor() / 100
    df = df.with_columns(abi_left=leg("ankle_dp_left", "ankle_pt_left"),
                         abi_right=leg("ankle_dp_right", "ankle_pt_right"),
                         interarm_diff=(p["brachial_left"] - p["brachial_right"]).abs())
    abi = pl.min_horizontal("abi_left", "abi_right")
    df = df.with_columns(abi=abi)
    df = df.with_columns(
        category=pl.when(pl.col("abi") > 1.40).then(pl.lit("noncompressible"))
        .when(pl.col("abi") <= 0.90).then(pl.lit("abnormal"))
        .when(pl.col("abi") < 1.00).then(pl.lit("borderline"))
        .when(pl.col("abi").is_not_null()).then(pl.lit("normal")),
        severity=pl.when(pl.col("abi") > 0.90).then(None)
        .when(pl.col("abi") >= 0.70).then(pl.lit("mild"))
        .when(pl.col("abi") >= 0.40).then(pl.lit("moderate"))
        .when(pl.col("abi").is_not_null()).then(pl.lit("severe")),
        flags=pl.when(pl.col("interarm_diff") >= 15).then(pl.lit("interarm_10;interarm_15"))
        .when(pl.col("interarm_diff") >= 10).then(pl.lit("interarm_10")).otherwise(pl.lit("")),
    )
    df.write_csv(dst)


if __name__ == "__main__":
    main()
