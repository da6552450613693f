#!/usr/bin/env python3
"""Python references on the data of Scripts/reference/beside_reference.R (run that first):
scipy.stats.spearmanr (t approximation p), pingouin.corr Spearman interval (Fisher z), pingouin.rm_corr
(r and p; its interval uses 1/sqrt(df - 1), unlike R's rmcorr), scipy.stats.fisher_exact (2 x 2).
Writes Tests/ABIStatisticsTests/Resources/beside_python.json.
Run from the repository root: /work/venv/bin/python Scripts/reference/beside_reference.py
(requirements: Scripts/reference/requirements-stats.txt plus pingouin)."""
import json
import platform

import numpy as np
import pandas as pd
import pingouin
import scipy
from scipy import stats

with open("Tests/ABIStatisticsTests/Resources/beside_r.json") as f:
    source = json.load(f)

correlation = []
for case in source["correlation"]:
    x, y = np.array(case["x"]), np.array(case["y"])
    s = stats.spearmanr(x, y)
    # pingouin.corr rounds its interval to 2 decimals; its own compute_esci unrounded is the same formula.
    pg_r = float(pingouin.corr(x, y, method="spearman")["r"].iloc[0])
    ci = pingouin.compute_esci(stat=pg_r, nx=len(x), eftype="pearson", decimals=17)
    correlation.append({"x": case["x"], "y": case["y"], "spearman_r": float(s.statistic), "spearman_p": float(s.pvalue),
                        "spearman_ci_lower": float(ci[0]), "spearman_ci_upper": float(ci[1])})

rmcorr = []
for case in source["rmcorr"]:
    frame = pd.DataFrame({"subject": case["subject"], "x": [np.nan if v is None else v for v in case["x"]],
                          "y": [np.nan if v is None else v for v in case["y"]]})
    result = pingouin.rm_corr(data=frame, x="x", y="y", subject="subject")
    rmcorr.append({"r": float(result["r"].iloc[0]), "df": int(result["dof"].iloc[0]), "p": float(result["pval"].iloc[0])})

fisher = []
for case in source["fisher"]:
    table = case["table"]
    if len(table) == 2 and len(table[0]) == 2:
        fisher.append({"table": table, "p": float(stats.fisher_exact(table).pvalue)})

out = {"generated_by": "Scripts/reference/beside_reference.py",
       "versions": {"python": platform.python_version(), "scipy": scipy.__version__, "pingouin": pingouin.__version__,
                    "numpy": np.__version__, "pandas": pd.__version__},
       "correlation": correlation, "rmcorr": rmcorr, "fisher_2x2": fisher}
with open("Tests/ABIStatisticsTests/Resources/beside_python.json", "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
