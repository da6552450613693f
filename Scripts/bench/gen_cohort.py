#!/usr/bin/env python3
"""Writes a seeded synthetic leg-circulation cohort as CSV (standard library only).

Columns: subject_id, visit_date, age, sex, diabetes, brachial_left, brachial_right, ankle_dp_left,
ankle_pt_left, ankle_dp_right, ankle_pt_right, ankle_blood_flow (mL/min), plantar_temp (deg C).
Each subject has `visits` visits 60-150 days apart with its own baseline ABI and yearly slope;
about 1% of pressure cells are blank, 0.2% absent signal ("0") and 0.2% noncompressible ("NC").
Usage: gen_cohort.py OUTPUT.csv [--rows 1000000] [--visits 10] [--seed 42]
"""
import argparse
import datetime
import random


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("output")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--visits", type=int, default=10)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    epoch = datetime.date(2018, 1, 1)
    subjects = (args.rows + args.visits - 1) // args.visits
    written = 0
    with open(args.output, "w", encoding="utf-8", newline="") as f:
        f.write("subject_id,visit_date,age,sex,diabetes,brachial_left,brachial_right,ankle_dp_left,"
                "ankle_pt_left,ankle_dp_right,ankle_pt_right,ankle_blood_flow,plantar_temp\n")
        lines = []
        for s in range(subjects):
            age = rng.randint(40, 90)
            sex = "F" if rng.random() < 0.5 else "M"
            diabetes = 1 if rng.random() < 0.3 else 0
            base_abi = min(1.6, max(0.25, rng.gauss(1.0, 0.2)))
            slope = rng.gauss(-0.02, 0.04)
            brachial = rng.randint(100, 180)
            day = rng.randint(0, 1500)
            flow0 = rng.uniform(40, 160)
            temp0 = rng.uniform(24, 32)
            for v in range(args.visits):
                if written == args.rows:
                    break
                abi = base_abi + slope * (v * 0.3)
                bl = brachial + rng.randint(-8, 8)
                br = brachial + rng.randint(-8, 8)
                def ankle():
                    r = rng.random()
                    if r < 0.01:
                        return ""
                    if r < 0.012:
                        return "0"
                    if r < 0.014:
                        return "NC"
                    return str(max(1, min(299, int(round(max(bl, br) * (abi + rng.gauss(0, 0.05)))))))
                date = epoch + datetime.timedelta(days=day)
                lines.append(f"S{s:07d},{date.isoformat()},{age},{sex},{diabetes},{bl},{br},{ankle()},{ankle()},"
                             f"{ankle()},{ankle()},{flow0 * (1 + 0.02 * v) + rng.gauss(0, 5):.1f},"
                             f"{temp0 + 0.05 * v + rng.gauss(0, 0.4):.1f}\n")
                written += 1
                day += rng.randint(60, 150)
            if len(lines) >= 10000:
                f.write("".join(lines))
                lines.clear()
        f.write("".join(lines))


if __name__ == "__main__":
    main()
