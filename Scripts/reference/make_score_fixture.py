#!/usr/bin/env python3
"""Generates Fixtures/reference/score_input.csv (seeded) and scores it with score_reference.py
into Fixtures/reference/score_expected.csv. Standard library only.

Rows: every threshold boundary of docs/clinical-rules.md as an exact quotient (0.90, 0.905, 0.91, 0.995,
1.00, 1.40, 1.405 ...), repeated readings, absent signal, noncompressible, blanks, one arm, one
artery, invalid values, then seeded random rows.
Usage: make_score_fixture.py [OUTPUT_DIR]   (default Fixtures/reference)
"""
import os
import random
import subprocess
import sys

HEADER = ["subject_id", "visit_date", "brachial_left_1", "brachial_left_2", "brachial_right_1", "brachial_right_2",
          "ankle_dp_left", "ankle_pt_left_1", "ankle_pt_left_2", "ankle_dp_right", "ankle_pt_right", "toe_left", "toe_right"]


def row(subject, date, bl=("", ""), br=("", ""), dpl="", ptl=("", ""), dpr="", ptr="", tl="", tr=""):
    return [subject, date, *bl, *br, dpl, *ptl, dpr, ptr, tl, tr]


def boundary_rows():
    rows = []
    # Brachial 200 in both arms; right leg ankle pressure sweeps quotients around each cut-off.
    for k, ankle in enumerate(["179", "179.9", "180", "180.9", "181", "181.1", "181.9", "182", "197.9", "198", "198.9",
                  "199", "199.1", "199.9", "200", "279", "280", "280.9", "281", "281.1", "282", "79", "80",
                  "119", "120", "139", "140", "159", "160", "39", "40", "1", "250"]):
        rows.append(row(f"B{k:02d}", "2024-01-01", ("200", ""), ("200", ""), "220", ("220", ""), ankle, ankle))
    # docs/clinical-rules.md examples: 135/120 = 1.125 -> 1.13; (131+134)/2 over (140+143)/2.
    rows.append(row("E", "2024-01-01", ("120", ""), ("", ""), "135", ("130", ""), "100", "110"))
    rows.append(row("E", "2024-01-02", ("140", "143"), ("", ""), "120", ("131", "134"), "100", "100"))
    # Absent signal, noncompressible, one artery, one arm, invalid, mixed statuses.
    rows += [
        row("S", "2024-01-01", ("140", ""), ("138", ""), "0", ("absent", ""), "120", "118"),
        row("S", "2024-01-02", ("140", ""), ("138", ""), "NC", ("150", ""), "120", "118"),
        row("S", "2024-01-03", ("140", ""), ("138", ""), ">255", ("", ""), "120", "118", "90", "80"),
        row("S", "2024-01-04", ("140", ""), ("", ""), "", ("120", ""), "", "126"),
        row("S", "2024-01-05", ("", ""), ("150", ""), "0", ("110", ""), "99", "NA"),
        row("S", "2024-01-06", ("140", ""), ("125", ""), "130", ("128", ""), "120", "118", "28", "0"),
        row("S", "2024-01-07", ("140", ""), ("129.5", ""), "130", ("128", ""), "120", "118", "60", "59.5"),
        row("S", "2024-01-08", ("140", ""), ("125", ""), "-5", ("128", ""), "120", "118"),
        row("S", "2024-01-09", ("140", ""), ("125", ""), "301", ("128", ""), "120", "118"),
        row("S", "2024-01-10", ("140", ""), ("125", ""), "abc", ("128", ""), "120", "118"),
        row("S", "2024-01-11", ("", ""), ("", ""), "130", ("128", ""), "120", "118"),
        row("S", "2024-01-12", ("140", ""), ("138", ""), "", ("", ""), "", ""),
        row("S", "2024-01-13", ("140", ""), ("138", ""), "0", ("0", ""), "0", "0", "0", "0"),
        row("S", "2024-01-14", ("140", ""), ("138", ""), "69", ("", ""), "70", "", "39", "40"),
        row("S", "2024-01-15", ("140", ""), ("138", ""), "49.5", ("", ""), "100", "", "29.9", "30"),
        row("S", "2024-01-16", ("140", ""), ("138", ""), "100.5", ("", ""), "196", "", "", ""),
        row("S", "2024-01-17", ("140", ""), ("138", ""), "NC", ("", ""), "200", "", "", ""),
        row("S", "2024-01-18", ("140", ""), ("138", ""), "NC", ("", ""), "130", "", "", ""),
        row("S", "2024-01-19", ("140", ""), ("138", ""), "NC", ("", ""), "120", "", "", ""),
    ]
    # Visit-to-visit change (docs/clinical-rules.md: |delta| >= 0.15): exactly 0.15 and 0.14 both ways, a visit
    # without an ABI (never a baseline), a duplicate date and an out-of-order date.
    for date, ankle, other in [("2024-01-01", "200", "260"), ("2024-02-01", "170", "260"), ("2024-03-01", "198", "260"),
                               ("2024-04-01", "226", "260"), ("2024-05-01", "", ""), ("2024-06-01", "196", "260"),
                               ("2024-06-01", "180", "260"), ("2024-05-15", "150", "260"), ("2024-07-01", "150", "260"),
                               ("2024-13-01", "150", "260")]:
        rows.append(row("C", date, ("200", ""), ("", ""), ankle, ("", ""), other, ""))
    rows.append(row("", "2024-01-01", ("200", ""), ("", ""), "150", ("", ""), "200", ""))
    return rows


def random_rows(rng, count):
    rows = []
    cells = lambda p: ("" if rng.random() < 0.05 else "0" if rng.random() < 0.02 else
                       "NC" if rng.random() < 0.02 else str(p) if rng.random() < 0.8 else f"{p}.{rng.randrange(10)}")
    for i in range(count):
        b = rng.randrange(90, 200)
        abi = rng.uniform(0.2, 1.6)
        a = lambda: max(1, min(300, int(b * abi + rng.randrange(-15, 16))))
        rows.append(row(f"R{i // 4:04d}", f"2023-{1 + i % 4 * 3:02d}-15",
                        (cells(b), cells(b + rng.randrange(-6, 7)) if rng.random() < 0.3 else ""),
                        (cells(b + rng.randrange(-20, 21)), ""),
                        cells(a()), (cells(a()), cells(a()) if rng.random() < 0.2 else ""),
                        cells(a()), cells(a()),
                        cells(rng.randrange(10, 130)) if rng.random() < 0.3 else "",
                        cells(rng.randrange(10, 130)) if rng.random() < 0.3 else ""))
    return rows


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "Fixtures/reference"
    os.makedirs(out, exist_ok=True)
    rng = random.Random(20261121)
    rows = boundary_rows() + random_rows(rng, 2000)
    source = os.path.join(out, "score_input.csv")
    with open(source, "w", encoding="utf-8") as f:
        f.write(",".join(HEADER) + "\n")
        for r in rows:
            f.write(",".join(r) + "\n")
    here = os.path.dirname(os.path.abspath(__file__))
    subprocess.run([sys.executable, os.path.join(here, "score_reference.py"), source,
                    os.path.join(out, "score_expected.csv")], check=True)


if __name__ == "__main__":
    main()
