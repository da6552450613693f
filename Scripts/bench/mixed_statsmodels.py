#!/usr/bin/env python3
"""The statsmodels peer of `abikit mixed` in Scripts/bench.sh: MixedLM (REML) of
abi ~ arm * weeks with a correlated random intercept and slope per subject (re_formula "~weeks"),
the model abikit and lme4 fit. statsmodels needs minutes for large trials, so it fits the first
SUBSET subjects (all when SUBSET is 0 or not smaller) and extrapolates the fit time linearly in
subjects (each optimiser iteration is a loop over subjects); the read time is measured on the whole file.
Prints "total read fit fitted_subjects subjects converged" on standard output (seconds; total =
read + fit extrapolated) and writes the fixed effects of the fitted subset to OUTPUT.csv.
Usage: mixed_statsmodels.py INPUT.csv OUTPUT.csv [SUBSET]
"""
import sys
import time
import warnings

import pandas as pd
import statsmodels.formula.api as smf


def main():
    source, target = sys.argv[1], sys.argv[2]
    subset = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    t0 = time.perf_counter()
    data = pd.read_csv(source)
    t1 = time.perf_counter()
    subjects = data["subject"].unique()
    fitted = subjects if subset <= 0 or subset >= len(subjects) else subjects[:subset]
    part = data[data["subject"].isin(set(fitted))]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = smf.mixedlm("abi ~ arm * weeks", part, groups=part["subject"], re_formula="~weeks")
        result = model.fit(reml=True)
    t2 = time.perf_counter()
    fit = (t2 - t1) * len(subjects) / len(fitted)
    pd.DataFrame({"term": result.fe_params.index, "estimate": result.fe_params.values,
                  "std_error": result.bse_fe.values}).to_csv(target, index=False)
    converged = bool(result.converged) and not any("converge" in str(w.message).lower() for w in caught)
    print(f"{t1 - t0 + fit:.3f} {t1 - t0:.3f} {fit:.3f} {len(fitted)} {len(subjects)} {converged}")


if __name__ == "__main__":
    main()
