"""Generates Fixtures/plot/study.csv: a small synthetic study (60 subjects, 2 arms, visits at
months 0, 6, 12) for the figure tests and Scripts/render-check.sh. Deterministic (numpy seed 12).
Run: /work/venv/bin/python Scripts/reference/plot_fixtures.py
"""
import numpy as np

rng = np.random.default_rng(12)
rows = ["subject,arm,site,month,abi,doppler,oscillometric,pad"]
for s in range(60):
    arm = "exercise" if s % 2 == 0 else "usual care"
    site = ["Leeds", "Lyon", "Basel"][s % 3]
    base = rng.normal(0.85, 0.18)
    slope = (0.004 if arm == "exercise" else -0.002) + rng.normal(0, 0.002)
    for month in (0, 6, 12):
        if s % 7 == 3 and month == 12:
            continue  # dropout: a missing last visit
        abi = round(base + slope * month + rng.normal(0, 0.04), 2)
        doppler = round(abi + rng.normal(0, 0.03), 2)
        osc = round(abi + 0.03 + rng.normal(0, 0.05), 2)
        pad = 1 if abi <= 0.90 else 0
        abi_text = "" if (s == 5 and month == 6) else f"{abi:.2f}"
        rows.append(f"S{s + 1:03d},{arm},{site},{month},{abi_text},{doppler:.2f},{osc:.2f},{pad}")
open("Fixtures/plot/study.csv", "w").write("\n".join(rows) + "\n")

# Fixtures/plot/clinic.csv: a raw clinic export (150 patients at 3 sites, Doppler pressures),
# including noncompressible ankles and a missing brachial pressure, for abi-distribution and
# categories on a raw file.
rows = ["patient_id,site,brachial_left,brachial_right,ankle_dp_left,ankle_pt_left,ankle_dp_right,ankle_pt_right"]
for p in range(150):
    site = ["Leeds", "Lyon", "Basel"][p % 3]
    arm = int(rng.normal(135, 12))
    abi = [rng.normal(0.92 - 0.05 * (p % 3), 0.22) for _ in range(2)]
    if p % 25 == 7:
        abi = [1.55, 1.6]  # calcified, noncompressible
    ankles = [max(20, int(round(a * arm + rng.normal(0, 4)))) for a in abi for _ in range(2)]
    left_brachial = "" if p == 40 else str(arm + int(rng.normal(0, 4)))
    right_brachial = "" if p == 40 else str(arm)
    rows.append(f"P{p + 1:03d},{site},{left_brachial},{right_brachial}," + ",".join(map(str, ankles)))
open("Fixtures/plot/clinic.csv", "w").write("\n".join(rows) + "\n")
