#!/usr/bin/env python3
"""Writes the seeded benchmark CSVs for `abikit regress` and `abikit correlate` (numpy + polars).

regression: y, x1..x20 (N rows; correlated normal predictors, y = 1 + sum b_j x_j + noise), about 230 MB at 1e6 rows.
correlation: c1..c200 (N rows; 20 latent factors plus noise so the matrix is not diagonal), about 2.0 GB at 1e6 rows.
Values are written with 6 decimals (at most 15 significant digits, as measured data would be).
Usage: gen_regression.py regression|correlation OUTPUT.csv [--rows 1000000] [--seed 42]
"""
import argparse

import numpy as np
import polars as pl


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=["regression", "correlation"])
    parser.add_argument("output")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    n = args.rows
    if args.kind == "regression":
        p = 20
        latent = rng.standard_normal((n, 1))
        x = 0.5 * latent + rng.standard_normal((n, p))
        beta = np.linspace(-1, 1, p)
        y = 1.0 + x @ beta + rng.standard_normal(n)
        frame = pl.DataFrame({"y": y, **{f"x{j + 1}": x[:, j] for j in range(p)}})
    else:
        p, k = 200, 20
        loadings = rng.standard_normal((k, p)) * 0.5
        columns = {}
        factors = rng.standard_normal((n, k))
        block = factors @ loadings
        for j in range(p):
            columns[f"c{j + 1}"] = block[:, j] + rng.standard_normal(n)
        del block
        frame = pl.DataFrame(columns)
    frame.write_csv(args.output, float_precision=6)


if __name__ == "__main__":
    main()
