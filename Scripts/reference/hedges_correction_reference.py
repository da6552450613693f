#!/usr/bin/env python3
"""Hedges' (1981) bias correction J(df) = Gamma(df/2) / (sqrt(df/2) Gamma((df-1)/2)) to 40 digits with
mpmath, for ABIStatistics' EffectSize.hedgesCorrection (exact for small df, where log-gamma
differences cancel for large df: the reason for this fixture).
Writes Tests/ABIStatisticsTests/Resources/hedges_correction.json.
Run from the repository root:  ${PYTHON:-python3} Scripts/reference/hedges_correction_reference.py
"""
import json
import platform

import mpmath as mp

mp.mp.dps = 50
rows = []
for df in [2, 3, 5, 10, 30, 99, 100, 101, 250, 1000, 9798, 98002, 1e6, 1e9]:
    d = mp.mpf(df)
    j = mp.exp(mp.loggamma(d / 2) - mp.loggamma((d - 1) / 2)) / mp.sqrt(d / 2)
    rows.append({"df": float(df), "j": mp.nstr(j, 25)})
out = {"header": {"generated_by": "Scripts/reference/hedges_correction_reference.py",
                  "versions": {"python": platform.python_version(), "mpmath": mp.__version__}},
       "rows": rows}
with open("Tests/ABIStatisticsTests/Resources/hedges_correction.json", "w") as f:
    json.dump(out, f, indent=1)
print("wrote Tests/ABIStatisticsTests/Resources/hedges_correction.json")
