#!/usr/bin/env python3
"""Writes the seeded fixtures of `abikit trend` tests (Fixtures/trend/*.csv), standard library only.

visits.csv: one row per visit, irregular ISO dates, pressures (ABI computed by the tools), ankle
blood flow (integers: ties), plantar temperature, an intervention date per subject; subjects with
1, 2 and 3 visits, constant values, identical dates, a duplicate date, rows out of date order,
missing cells (blank, NA).
limbs.csv: numeric session times, a limb column (two series per subject), plantar temperature.
decimal_years.csv: times as decimal years around 2000 (numeric, used as given) - hard for naive sums.
Usage: make_trend_fixture.py OUTPUT_DIRECTORY
"""
import datetime
import os
import random
import sys


def visits(rng):
    rows = []
    header = ["subject_id", "visit_date", "brachial_left", "brachial_right", "ankle_dp_left", "ankle_pt_left",
              "ankle_dp_right", "ankle_pt_right", "ankle_blood_flow", "plantar_temp", "intervention_date"]
    epoch = datetime.date(2022, 1, 1)
    for s in range(1, 25):
        sid = "T%03d" % s
        n = {1: 1, 2: 2, 3: 3}.get(s, rng.randint(5, 14))
        day = epoch + datetime.timedelta(days=rng.randint(0, 200))
        base_abi, slope = rng.uniform(0.6, 1.2), rng.gauss(-0.03, 0.05)
        flow0, temp0 = rng.uniform(50, 150), rng.uniform(25, 31)
        intervention = day + datetime.timedelta(days=rng.randint(150, 400))
        brachial = rng.randint(110, 170)
        subject_rows = []
        for v in range(n):
            years = (day - epoch).days / 365.25
            bl, br = brachial + rng.randint(-6, 6), brachial + rng.randint(-6, 6)
            abi = base_abi + slope * years + rng.gauss(0, 0.04)
            def ankle():
                r = rng.random()
                if r < 0.04:
                    return ""
                return str(max(20, min(290, round(max(bl, br) * (abi + rng.gauss(0, 0.03))))))
            flow = str(round(flow0 + 6 * years + rng.gauss(0, 4)))
            temp = "%.1f" % (temp0 + 0.3 * years + rng.gauss(0, 0.3))
            if rng.random() < 0.06:
                flow = rng.choice(["", "NA"])
            if rng.random() < 0.05:
                temp = ""
            subject_rows.append([sid, day.isoformat(), str(bl), str(br), ankle(), ankle(), ankle(), ankle(), flow, temp,
                                 intervention.isoformat() if s % 5 else ""])
            day += datetime.timedelta(days=rng.randint(20, 160))
        if s == 4:      # constant values
            for row in subject_rows:
                row[8], row[9] = "80", "29.5"
        if s == 5:      # every visit on one date
            for row in subject_rows:
                row[1] = subject_rows[0][1]
        if s == 6:      # a duplicate date
            subject_rows[2][1] = subject_rows[1][1]
        if s == 7:      # rows out of date order
            subject_rows.reverse()
        rows += subject_rows
    rng.shuffle(rows[40:60])  # subjects interleaved in part of the file
    return header, rows


def limbs(rng):
    header = ["subject_id", "session", "limb", "plantar_temp"]
    rows = []
    for s in range(1, 9):
        for limb in ("left", "right"):
            t0 = rng.uniform(27, 31)
            n = 2 if (s == 3 and limb == "right") else rng.randint(4, 12)
            for session in range(1, n + 1):
                rows.append(["L%02d" % s, str(session), limb, "%.2f" % (t0 + 0.15 * session + rng.gauss(0, 0.25))])
    return header, rows


def decimal_years(rng):
    header = ["subject_id", "year", "abi"]
    rows = []
    for s in range(1, 11):
        t = 1999.5 + rng.random()
        a0, b = rng.uniform(0.7, 1.2), rng.gauss(-0.02, 0.02)
        for v in range(rng.randint(4, 12)):
            rows.append(["Y%02d" % s, "%.6f" % t, "%.2f" % (a0 + b * (t - 1999.5) + rng.gauss(0, 0.02))])
            t += rng.uniform(0.05, 0.4)
    return header, rows


def write(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(",".join(header) + "\n")
        for row in rows:
            f.write(",".join(row) + "\n")


def main():
    out = sys.argv[1]
    rng = random.Random(20261121)
    write(os.path.join(out, "visits.csv"), *visits(rng))
    write(os.path.join(out, "limbs.csv"), *limbs(rng))
    write(os.path.join(out, "decimal_years.csv"), *decimal_years(rng))


if __name__ == "__main__":
    main()
