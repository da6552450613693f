#!/usr/bin/env python3
"""Writes the seeded benchmark CSV for `abikit mixed`: a two-arm trial with SUBJECTS subjects x VISITS
visits (weeks 0..VISITS-1), a correlated random intercept and slope per subject (SDs 0.08 and 0.006,
correlation 0.3) and residual SD 0.04; ABI written with 4 decimals.
Columns: subject, arm, weeks, abi. Usage: gen_mixed.py OUTPUT.csv [--subjects 10000] [--visits 10] [--seed 13]
"""
import argparse

import numpy as np


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("output")
    parser.add_argument("--subjects", type=int, default=10_000)
    parser.add_argument("--visits", type=int, default=10)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    g, v = args.subjects, args.visits
    sd0, sd1, rho = 0.08, 0.006, 0.3
    cov = np.array([[sd0 ** 2, rho * sd0 * sd1], [rho * sd0 * sd1, sd1 ** 2]])
    b = rng.multivariate_normal([0, 0], cov, size=g)
    treated = np.arange(g) % 2
    weeks = np.tile(np.arange(v), g)
    subject = np.repeat(np.arange(g), v)
    arm = treated[subject]
    abi = (0.85 + b[subject, 0] + 0.01 * arm + (-0.004 + 0.006 * arm + b[subject, 1]) * weeks
           + rng.normal(0, 0.04, g * v))
    names = np.array(["control", "treated"])
    with open(args.output, "w") as out:
        out.write("subject,arm,weeks,abi\n")
        for s, a, w, y in zip(subject, arm, weeks, abi):
            out.write(f"S{s:06d},{names[a]},{w},{y:.4f}\n")


if __name__ == "__main__":
    main()
