#!/usr/bin/env python3
"""Fixture and reference results for `abikit describe` and `--table1`, from numpy and scipy.stats.

Writes Fixtures/describe/cohort.csv (seeded: arm with 2 groups, site with 3, age, sex, diabetes,
abi, a skewed ankle_blood_flow, blank and NA cells, a tiny 'rare' 2-level column that makes a 2 x 2
table with an expected count below 5) and the expected values:
- expected_describe.csv: per arm x column: n, n_missing, mean, sd (ddof 1), se, min, q1, median, q3
  (numpy 'linear' = R type 7), max, iqr, geometric_mean (scipy.stats.gmean, all values > 0).
- expected_table1.csv: per grouping (arm, site) and variable: the test and its p-value -
  ttest_ind(equal_var=False) / f_oneway for mean +- SD; mannwhitneyu(method='asymptotic',
  use_continuity=True) / kruskal for median [IQR]; chi2_contingency(correction=False), or
  fisher_exact for a table with an expected count below 5 (any r x c: scipy >= 1.16 computes the
  exact r x c test); and n (%) cells of categorical levels.
Usage: ${PYTHON:-python3} Scripts/reference/describe_cli_reference.py [Fixtures/describe]
"""
import csv
import math
import os
import random
import sys

import numpy as np
import scipy
import scipy.stats


def make_fixture(path):
    rng = random.Random(7)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("id,arm,site,age,sex,diabetes,abi,ankle_blood_flow,rare\n")
        for i in range(1, 121):
            arm = "exercise" if rng.random() < 0.5 else "control"
            site = rng.choice(["Leeds", "Lyon", "Graz"])
            age = rng.randint(45, 88)
            sex = rng.choice(["F", "M"])
            diabetes = "1" if rng.random() < (0.45 if arm == "exercise" else 0.25) else "0"
            abi = "%.2f" % (rng.gauss(0.95 if arm == "exercise" else 0.88, 0.15))
            flow = "%.1f" % math.exp(rng.gauss(4.4 + (0.15 if site == "Lyon" else 0), 0.4))
            rare = "yes" if rng.random() < 0.06 else "no"
            if rng.random() < 0.05:
                abi = rng.choice(["", "NA"])
            if rng.random() < 0.04:
                flow = ""
            if rng.random() < 0.03:
                sex = ""
            f.write(f"P{i:03d},{arm},{site},{age},{sex},{diabetes},{abi},{flow},{rare}\n")


def number(text):
    t = text.strip()
    return math.nan if t.lower() in ("", "na", "nan", "n/a", ".") else float(t)


def r(x):
    return "" if x is None or (isinstance(x, float) and math.isnan(x)) else repr(float(x))


def main():
    directory = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "Fixtures", "describe")
    path = os.path.join(directory, "cohort.csv")
    make_fixture(path)
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    versions = "numpy %s, scipy %s, Python %s" % (np.__version__, scipy.__version__, sys.version.split()[0])
    numeric = ["age", "diabetes", "abi", "ankle_blood_flow"]
    arms = []
    for row in rows:
        if row["arm"] not in arms:
            arms.append(row["arm"])
    with open(os.path.join(directory, "expected_describe.csv"), "w", newline="", encoding="utf-8") as f:
        f.write("# describe_cli_reference.py (%s): abikit describe cohort.csv --by arm --columns %s\n"
                % (versions, ",".join(numeric)))
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["arm", "column", "n", "n_missing", "mean", "sd", "se", "min", "q1", "median", "q3", "max", "iqr",
                    "geometric_mean"])
        for arm in arms:
            for column in numeric:
                values = np.array([number(row[column]) for row in rows if row["arm"] == arm])
                v = values[~np.isnan(values)]
                q1, med, q3 = np.quantile(v, [0.25, 0.5, 0.75])
                sd = np.std(v, ddof=1)
                gm = scipy.stats.gmean(v) if np.all(v > 0) else None
                w.writerow([arm, column, len(v), int(np.isnan(values).sum()), r(np.mean(v)), r(sd), r(sd / math.sqrt(len(v))),
                            r(v.min()), r(q1), r(med), r(q3), r(v.max()), r(q3 - q1), r(gm)])
    with open(os.path.join(directory, "expected_table1.csv"), "w", newline="", encoding="utf-8") as f:
        f.write("# describe_cli_reference.py (%s): abikit describe cohort.csv --table1 --by GROUP --columns "
                "age,sex,diabetes,abi,ankle_blood_flow,rare --categorical diabetes --nonnormal ankle_blood_flow\n" % versions)
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["by", "variable", "level", "cells", "test", "p_value"])
        for by in ["arm", "site"]:
            groups = []
            for row in rows:
                if row[by] not in groups:
                    groups.append(row[by])
            def samples(column):
                out = []
                for g in groups:
                    v = np.array([number(row[column]) for row in rows if row[by] == g])
                    out.append(v[~np.isnan(v)])
                return out
            s = samples("age")
            res = scipy.stats.ttest_ind(*s, equal_var=False) if len(s) == 2 else scipy.stats.f_oneway(*s)
            w.writerow([by, "age", "mean ± SD", "", "Welch two-sample t test" if len(s) == 2 else "one-way ANOVA", r(res.pvalue)])
            s = samples("abi")
            res = scipy.stats.ttest_ind(*s, equal_var=False) if len(s) == 2 else scipy.stats.f_oneway(*s)
            w.writerow([by, "abi", "mean ± SD", "", "Welch two-sample t test" if len(s) == 2 else "one-way ANOVA", r(res.pvalue)])
            s = samples("ankle_blood_flow")
            if len(s) == 2:
                res = scipy.stats.mannwhitneyu(*s, method="asymptotic", use_continuity=True, alternative="two-sided")
                test = "Mann-Whitney U test (normal approximation, continuity corrected)"
            else:
                res, test = scipy.stats.kruskal(*s), "Kruskal-Wallis H test"
            w.writerow([by, "ankle_blood_flow", "median [IQR]", "", test, r(res.pvalue)])
            for column in ["sex", "diabetes", "rare"]:
                levels = sorted({row[column] for row in rows if row[column]})
                table = np.array([[sum(1 for row in rows if row[by] == g and row[column] == level) for g in groups]
                                  for level in levels])
                chi2, p, dof, expected = scipy.stats.chi2_contingency(table, correction=False)
                if (expected < 5).any():
                    p, test = scipy.stats.fisher_exact(table).pvalue, "Fisher's exact test"
                else:
                    test = "Pearson chi-square test"
                w.writerow([by, column, "n (%)", "", test, r(p)])
                for i, level in enumerate(levels):
                    cells = []
                    for j, g in enumerate(groups):
                        known = sum(1 for row in rows if row[by] == g and row[column])
                        cells.append("%d (%s%%)" % (table[i][j], format_percent(table[i][j] / known)))
                    w.writerow([by, column, level, " | ".join(cells), "", ""])


def format_percent(fraction):
    """One decimal, half up on the thousandths (abikit's rule for percentages)."""
    tenths = int(math.floor(fraction * 1000 + 0.5))
    return "%d.%d" % (tenths // 10, tenths % 10)


if __name__ == "__main__":
    main()
