#!/usr/bin/env python3
"""Seeded two-arm trial for `Scripts/bench.sh compare`: SUBJECTS subjects x 3 visits (weeks 0, 12, 24)
x 3 measures (abi and tbi to 2 decimals, ankle_systolic in whole mmHg), arms control / exercise,
about 1% of cells blank (missed measurements). Standard library only.
Usage: gen_compare.py OUT.csv [--subjects N] [--seed S]"""
import argparse
import random

parser = argparse.ArgumentParser()
parser.add_argument("out")
parser.add_argument("--subjects", type=int, default=100_000)
parser.add_argument("--seed", type=int, default=20261206)
args = parser.parse_args()
rng = random.Random(args.seed)
with open(args.out, "w") as f:
    f.write("subject_id,arm,week,abi,tbi,ankle_systolic\n")
    for s in range(1, args.subjects + 1):
        arm = "exercise" if rng.random() < 0.5 else "control"
        effect = 0.02 if arm == "exercise" else 0.0
        abi0, tbi0, sys0 = rng.gauss(0.85, 0.18), rng.gauss(0.6, 0.15), rng.gauss(130, 25)
        for visit, week in enumerate((0, 12, 24)):
            cells = [f"{abi0 + effect * visit + rng.gauss(0, 0.05):.2f}",
                     f"{tbi0 + effect * visit + rng.gauss(0, 0.05):.2f}",
                     f"{sys0 + 2 * effect * 100 * visit + rng.gauss(0, 8):.0f}"]
            cells = ["" if rng.random() < 0.01 else c for c in cells]
            f.write(f"S{s:06d},{arm},{week},{','.join(cells)}\n")
