#!/usr/bin/env python3
# Source: expert peer from the project's peer set, copied 2026-12-05 unchanged (below this note).
# Python packages: Scripts/bench/requirements.txt (pinned; bench.sh installs them in bench-data/venv).
"""Deterministic synthetic ankle-brachial index (ABI) cohort generator.

    python gen_cohort.py --subjects N --visits V --seed S --out FILE [--dirty] [--crlf]
                         [--manifest FILE]

Writes one CSV (``--out -`` writes it to stdout) and prints nothing else.
Same arguments + same pinned numpy/polars (setup_peers.sh) => byte-identical file.

Columns: subject_id, visit_date, age, sex, diabetes, brachial_left, brachial_right,
ankle_dp_left, ankle_pt_left, ankle_dp_right, ankle_pt_right (systolic mmHg, integers),
ankle_blood_flow (mL/min, 1 decimal), plantar_temp (deg C, 1 decimal).

Model (per subject): latent leg ABI from a mixture -- 75% normal ~N(1.10, 0.07),
15% PAD U(0.5, 0.9), 5% severe U(0.2, 0.4), 5% noncompressible U(1.42, 1.9); PAD is
asymmetric in 35% of PAD/severe subjects (the other leg near-normal). A slow linear
ABI trend per subject (group-dependent slope, per year), per-visit noise sd 0.04.
Brachial mean ~N(135, 18) with a small inter-arm difference (3% subclavian-stenosis
subjects have one arm ~20 mmHg lower) and per-visit noise sd 6. The higher ankle
artery of each leg = round(leg ABI x higher brachial); the other one is 1-20 mmHg lower.
About 3% of measurement cells are empty; 4% of subjects lack one ankle artery for all
visits, 0.5% lack both arteries of one leg (amputation / non-measurable).

--dirty replaces one cell in 0.5% of the rows (exactly round(0.005 * rows) rows, chosen
with the seed) with a realistic defect, and starts the file with a UTF-8 BOM. Defect kinds
(cycled in a seeded order, so each kind is ~1/9 of the dirty rows):
  na_text       pressure cell 'n/a'
  typo_O        pressure cell with the last digit replaced by letter O ('12O')
  zero          pressure cell '0'
  absurd        pressure cell '400'
  negative      pressure cell '-<value>'
  decimal_comma ankle_blood_flow / plantar_temp written with a decimal comma ('45,3')
  formula       subject_id prefixed with '=' or '+' ('=S000123'), or '=1+1'
  embedded_comma  pressure cell holding two readings '128, 130' (quoted field)
  embedded_newline brachial cell '132\\nrepeat' (quoted field with a newline)
--manifest FILE writes 'row,kind,column' for each dirty row (row = 0-based data row).
--crlf writes CRLF line endings (newlines embedded in quoted fields stay LF).
"""
import argparse
import sys

import numpy as np
import polars as pl

COLUMNS = [
    "subject_id", "visit_date", "age", "sex", "diabetes",
    "brachial_left", "brachial_right",
    "ankle_dp_left", "ankle_pt_left", "ankle_dp_right", "ankle_pt_right",
    "ankle_blood_flow", "plantar_temp",
]
PRESSURES = COLUMNS[5:11]
ANKLES = COLUMNS[7:11]
DIRTY_RATE = 0.005
DIRTY_KINDS = ["na_text", "typo_O", "zero", "absurd", "negative", "decimal_comma",
               "formula", "embedded_comma", "embedded_newline"]


def generate(n_sub, n_vis, seed):
    rng = np.random.default_rng(seed)
    n = n_sub * n_vis

    # ---------------- subject level ----------------
    group = rng.choice(4, size=n_sub, p=[0.75, 0.15, 0.05, 0.05])  # 0 normal 1 PAD 2 severe 3 noncompressible
    latent = np.empty(n_sub)
    m = group == 0; latent[m] = rng.normal(1.10, 0.07, m.sum())
    m = group == 1; latent[m] = rng.uniform(0.5, 0.9, m.sum())
    m = group == 2; latent[m] = rng.uniform(0.2, 0.4, m.sum())
    m = group == 3; latent[m] = rng.uniform(1.42, 1.9, m.sum())
    leg_l = latent + rng.normal(0, 0.04, n_sub)
    leg_r = latent + rng.normal(0, 0.04, n_sub)
    asym = ((group == 1) | (group == 2)) & (rng.random(n_sub) < 0.35)
    good = rng.normal(1.02, 0.08, n_sub)
    side = rng.random(n_sub) < 0.5
    leg_l = np.where(asym & side, good, leg_l)
    leg_r = np.where(asym & ~side, good, leg_r)
    slope_mu = np.array([-0.005, -0.02, -0.02, 0.01])[group]
    slope_sd = np.array([0.01, 0.02, 0.02, 0.02])[group]
    slope = rng.normal(slope_mu, slope_sd)

    base_age = np.clip(rng.normal(66, 10, n_sub) + np.where(group > 0, 4, 0), 40, 95)
    male = rng.random(n_sub) < 0.55
    diab = rng.random(n_sub) < np.array([0.20, 0.40, 0.50, 0.75])[group]
    brach_mu = rng.normal(135, 18, n_sub)
    arm_diff = rng.normal(0, 4, n_sub)
    subclav = rng.random(n_sub) < 0.03
    arm_diff = np.where(subclav, np.where(rng.random(n_sub) < 0.5, -1, 1) * rng.normal(20, 5, n_sub), arm_diff)
    start = np.datetime64("2008-01-01") + rng.integers(0, 6 * 365, n_sub).astype("timedelta64[D]")
    dp_higher_l = rng.random(n_sub) < 0.5
    dp_higher_r = rng.random(n_sub) < 0.5
    # whole-series missing: one artery (4%) or one whole leg (0.5%)
    u = rng.random(n_sub)
    miss_artery = np.where(u < 0.04, rng.integers(0, 4, n_sub), -1)
    miss_leg = np.where((u >= 0.04) & (u < 0.045), rng.integers(0, 2, n_sub), -1)

    # ---------------- visit level ----------------
    sid = np.repeat(np.arange(n_sub), n_vis)
    gaps = rng.integers(150, 421, (n_sub, n_vis))
    gaps[:, 0] = 0
    days = np.cumsum(gaps, axis=1).ravel()
    t = days / 365.25
    date = start[sid] + days.astype("timedelta64[D]")
    age = np.floor(base_age[sid] + t).astype(np.int64)

    bl = np.clip(np.rint(brach_mu[sid] + arm_diff[sid] / 2 + rng.normal(0, 6, n)), 80, 230)
    br = np.clip(np.rint(brach_mu[sid] - arm_diff[sid] / 2 + rng.normal(0, 6, n)), 80, 230)
    bref = np.maximum(bl, br)
    abi_l = np.clip(leg_l[sid] + slope[sid] * t + rng.normal(0, 0.04, n), 0.1, 2.2)
    abi_r = np.clip(leg_r[sid] + slope[sid] * t + rng.normal(0, 0.04, n), 0.1, 2.2)
    hi_l = np.clip(np.rint(abi_l * bref), 10, 300)
    hi_r = np.clip(np.rint(abi_r * bref), 10, 300)
    # the other artery of the leg is 1-20 mmHg lower (scaled down for low pressures)
    lo_l = np.clip(hi_l - np.maximum(1, np.rint(rng.uniform(1, 20, n) * np.minimum(hi_l, 150) / 150)), 5, None)
    lo_r = np.clip(hi_r - np.maximum(1, np.rint(rng.uniform(1, 20, n) * np.minimum(hi_r, 150) / 150)), 5, None)
    dpl = np.where(dp_higher_l[sid], hi_l, lo_l); ptl = np.where(dp_higher_l[sid], lo_l, hi_l)
    dpr = np.where(dp_higher_r[sid], hi_r, lo_r); ptr = np.where(dp_higher_r[sid], lo_r, hi_r)

    abi_min = np.minimum(abi_l, abi_r)
    flow = np.round(55.0 * np.minimum(abi_min, 1.3) * np.exp(rng.normal(0, 0.25, n)), 1)
    temp = np.round(30.0 - 2.5 * (1.1 - np.clip(abi_min, 0.2, 1.4)) + 0.4 * diab[sid]
                    + rng.normal(0, 0.8, n), 1)

    width = max(6, len(str(n_sub - 1)))
    ids = pl.Series("i", np.arange(n_sub)).cast(pl.String).str.zfill(width)
    ids = ("S" + ids).to_numpy()

    cols = {
        "subject_id": pl.Series(ids[sid]),
        "visit_date": pl.Series(date).cast(pl.String),
        "age": pl.Series(age),
        "sex": pl.Series(np.where(male, "M", "F")[sid]),
        "diabetes": pl.Series(diab[sid].astype(np.int64)),
        "brachial_left": pl.Series(bl.astype(np.int64)),
        "brachial_right": pl.Series(br.astype(np.int64)),
        "ankle_dp_left": pl.Series(dpl.astype(np.int64)),
        "ankle_pt_left": pl.Series(ptl.astype(np.int64)),
        "ankle_dp_right": pl.Series(dpr.astype(np.int64)),
        "ankle_pt_right": pl.Series(ptr.astype(np.int64)),
        "ankle_blood_flow": pl.Series(flow),
        "plantar_temp": pl.Series(temp),
    }
    cols = {k: v.cast(pl.String).alias(k) for k, v in cols.items()}

    # ---------------- missingness ----------------
    ma, ml = miss_artery[sid], miss_leg[sid]
    for j, c in enumerate(ANKLES):
        gone = (ma == j) | (ml == j // 2)
        cols[c] = cols[c].scatter(np.flatnonzero(gone), None)
    cell_rate = {"age": 0.01, "sex": 0.005, "diabetes": 0.01, "ankle_blood_flow": 0.05, "plantar_temp": 0.05}
    for c in COLUMNS[2:]:
        idx = np.flatnonzero(rng.random(n) < cell_rate.get(c, 0.03))
        cols[c] = cols[c].scatter(idx, None)
    return cols, rng


def make_dirty(cols, rng, n):
    k = int(round(DIRTY_RATE * n))
    rows = np.sort(rng.choice(n, size=k, replace=False))
    kinds = rng.permutation(np.resize(np.arange(len(DIRTY_KINDS)), k))
    which_p = rng.integers(0, len(PRESSURES), k)
    coin = rng.random(k)
    edits = {c: ([], []) for c in COLUMNS}
    manifest = []
    values = {c: cols[c].gather(rows).to_list() for c in COLUMNS}
    for i, (r, kd) in enumerate(zip(rows.tolist(), kinds.tolist())):
        kind = DIRTY_KINDS[kd]
        col = PRESSURES[which_p[i]]
        old = values[col][i] or "120"
        if kind == "na_text":
            new = "n/a"
        elif kind == "typo_O":
            new = old[:-1] + "O"
        elif kind == "zero":
            new = "0"
        elif kind == "absurd":
            new = "400"
        elif kind == "negative":
            new = "-" + old
        elif kind == "decimal_comma":
            col = "ankle_blood_flow" if coin[i] < 0.5 else "plantar_temp"
            new = (values[col][i] or "31.0").replace(".", ",")
        elif kind == "formula":
            col = "subject_id"
            sidv = values[col][i]
            new = ("=" + sidv) if coin[i] < 0.45 else ("+" + sidv) if coin[i] < 0.9 else "=1+1"
        elif kind == "embedded_comma":
            new = old + ", " + str(int(old) + 2 if old.isdigit() else 130)
        else:  # embedded_newline
            col = "brachial_left" if coin[i] < 0.5 else "brachial_right"
            new = (values[col][i] or "132") + "\nrepeat"
        edits[col][0].append(r)
        edits[col][1].append(new)
        manifest.append((r, kind, col))
    for c, (idx, vals) in edits.items():
        if idx:
            cols[c] = cols[c].scatter(np.array(idx), pl.Series(vals, dtype=pl.String))
    return manifest


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--subjects", type=int, required=True)
    ap.add_argument("--visits", type=int, required=True)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--out", required=True, help="output CSV path, or - for stdout")
    ap.add_argument("--dirty", action="store_true")
    ap.add_argument("--crlf", action="store_true")
    ap.add_argument("--manifest", help="with --dirty: write row,kind,column of each dirty row here")
    a = ap.parse_args(argv)
    if a.subjects < 1 or a.visits < 1:
        ap.error("--subjects and --visits must be >= 1")
    n = a.subjects * a.visits
    cols, rng = generate(a.subjects, a.visits, a.seed)
    manifest = make_dirty(cols, rng, n) if a.dirty else []
    df = pl.DataFrame([cols[c] for c in COLUMNS])
    kw = dict(include_header=True, include_bom=a.dirty, quote_style="necessary",
              line_terminator="\r\n" if a.crlf else "\n")
    if a.out == "-":
        df.write_csv(sys.stdout.buffer, **kw)
        sys.stdout.buffer.flush()
    else:
        df.write_csv(a.out, **kw)
    if a.manifest:
        with open(a.manifest, "w", newline="\n") as f:
            f.write("row,kind,column\n")
            for r, kind, col in manifest:
                f.write(f"{r},{kind},{col}\n")


if __name__ == "__main__":
    main()
