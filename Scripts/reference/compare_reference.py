#!/usr/bin/env python3
"""Reference values for the comparison statistics (abikit compare), written to
Tests/ABIStatisticsTests/Resources/compare.json.

Run: /work/venv/bin/python Scripts/reference/compare_reference.py   (packages: requirements-compare.txt)
then Rscript Scripts/reference/compare_reference.R, which reads the inputs from compare.json and
writes compare_r.json next to it. Deterministic: a seeded numpy generator, values rounded to 1 or
2 decimals so that ties and zero differences occur. The Swift tests never run Python or R.

Sources of each reference value:
- scipy.stats: ttest_rel, ttest_ind (equal_var True/False) with confidence_interval(),
  wilcoxon (zero_method wilcox/pratt/zsplit, correction, method exact/asymptotic),
  mannwhitneyu (method exact/asymptotic, use_continuity), f_oneway, kruskal, nct.cdf.
- pingouin: welch_anova, compute_effsize (cohen_dz; paired hedges = g_av).
- statsmodels: multipletests (holm, simes-hochberg, bonferroni, fdr_bh, fdr_by).
- mpmath (50 digits): the noncentral t CDF by numerical integration over the chi distribution
  (independent of the AS 243 series), the noncentral F CDF by its Poisson-mixture definition, and
  the noncentrality parameters that invert them (findroot); exact rational null distributions of
  the signed-rank and U statistics by integer polynomial products.
"""
import itertools
import json
import math
import os
import platform
from fractions import Fraction

import mpmath
import numpy as np
import pandas as pd
import pingouin
import scipy
import statsmodels
from scipy import stats
from statsmodels.stats.multitest import multipletests

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
OUT = os.path.join(ROOT, "Tests", "ABIStatisticsTests", "Resources", "compare.json")
mpmath.mp.dps = 50


def f(x):
    return None if x is None or not math.isfinite(float(x)) else float(x)


def datasets():
    rng = np.random.default_rng(20261205)
    paired = []
    # Small exact cases, ties, zeros, n = 2 to 5, and larger ones.
    paired.append(("n2", [0.91, 1.02], [0.95, 1.10]))
    paired.append(("n3", [0.8, 0.9, 1.0], [0.85, 1.0, 1.2]))
    paired.append(("n4_ties", [1.0, 1.1, 0.9, 1.2], [1.1, 1.2, 1.0, 1.25]))
    paired.append(("n5_zero", [1.0, 1.1, 0.9, 1.2, 0.7], [1.0, 1.3, 1.0, 1.25, 0.9]))
    paired.append(("n5_negative", [1.2, 1.1, 1.3, 1.0, 0.95], [1.0, 1.05, 1.1, 0.9, 0.99]))
    for n, decimals, shift in [(8, 2, 0.03), (12, 1, 0.05), (20, 2, 0.02), (30, 1, 0.1), (55, 2, 0.01)]:
        pre = np.round(rng.normal(1.0, 0.12, n), decimals)
        post = np.round(pre + rng.normal(shift, 0.06, n), decimals)
        paired.append((f"n{n}_d{decimals}", pre.tolist(), post.tolist()))
    # Many zeros and ties (zero methods differ).
    pre = np.round(rng.normal(1.0, 0.1, 16), 1)
    post = np.round(pre + rng.choice([-0.1, 0, 0, 0.1, 0.2], 16), 1)
    paired.append(("n16_zeros", pre.tolist(), post.tolist()))
    two = []
    two.append(("2v2", [1.0, 1.2], [0.8, 0.85]))
    two.append(("2v3", [0.9, 1.1], [0.7, 0.75, 0.95]))
    two.append(("3v5_ties", [1.0, 1.1, 1.1], [0.9, 1.0, 1.0, 1.2, 0.8]))
    two.append(("4v5", [1.01, 1.13, 0.97, 1.2], [0.88, 0.91, 1.05, 0.79, 0.93]))
    for n1, n2, decimals, shift in [(6, 9, 2, 0.1), (8, 20, 2, 0.05), (15, 12, 1, 0.1), (40, 33, 2, 0.03), (7, 7, 3, 0.0)]:
        a = np.round(rng.normal(1.0 + shift, 0.1, n1), decimals)
        b = np.round(rng.normal(1.0, 0.15, n2), decimals)
        two.append((f"{n1}v{n2}_d{decimals}", a.tolist(), b.tolist()))
    several = []
    several.append(("3x2to4", [[1.0, 1.2], [0.8, 0.9, 0.85], [1.1, 1.3, 1.25, 1.4]]))
    several.append(("3x5_ties", [[1.0, 1.1, 1.1, 0.9, 1.0], [0.9, 1.0, 1.0, 1.2, 0.8], [1.3, 1.1, 1.2, 1.2, 1.0]]))
    for sizes, decimals in [((6, 9, 12), 2), ((10, 10, 10, 10), 1), ((25, 18, 30), 2), ((5, 40), 2)]:
        groups = [np.round(rng.normal(1.0 + 0.05 * i, 0.1 + 0.03 * i, n), decimals).tolist() for i, n in enumerate(sizes)]
        several.append(("x".join(map(str, sizes)) + f"_d{decimals}", groups))
    return paired, two, several


def wilcoxon_exact_fraction(n, positive_sum):
    # counts[s] of subsets of {1..n} with sum s, in exact integers.
    counts = [1]
    for rank in range(1, n + 1):
        grown = counts + [0] * rank
        for s in range(len(counts)):
            grown[s + rank] += counts[s]
        counts = grown
    total = 2 ** n
    upper = sum(counts[math.floor(positive_sum):])
    lower = sum(counts[: math.ceil(positive_sum) + 1])
    return counts, min(Fraction(1), 2 * min(Fraction(upper, total), Fraction(lower, total)))


def mwu_exact_fraction(m, n, u_max):
    # Gaussian binomial coefficients [m + n, m]_q by enumeration of positions (exact integers).
    counts = [0] * (m * n + 1)
    for positions in itertools.combinations(range(m + n), m):
        # U of the first sample = number of (x, y) with x after y = sum(pos - index).
        counts[sum(p - i for i, p in enumerate(positions))] += 1
    total = math.comb(m + n, m)
    return counts, min(Fraction(1), Fraction(2 * sum(counts[math.ceil(u_max):]), total))


def nct_cdf_integral(t, df, ncp):
    t, df, ncp = mpmath.mpf(t), mpmath.mpf(df), mpmath.mpf(ncp)
    # T = (Z + ncp) / sqrt(V / df): P(T <= t) = E_V[Phi(t sqrt(V / df) - ncp)], V ~ chi2(df).
    log_norm = -(df / 2) * mpmath.log(2) - mpmath.loggamma(df / 2)

    def integrand(v):
        return mpmath.ncdf(t * mpmath.sqrt(v / df) - ncp) * mpmath.exp(log_norm + (df / 2 - 1) * mpmath.log(v) - v / 2)

    mode = max(df - 2, 0)
    points = [0, mode / 4 + mpmath.mpf("1e-30"), mode + 1, df + 10 * mpmath.sqrt(2 * df), df + 60 * mpmath.sqrt(2 * df) + 100, mpmath.inf]
    return mpmath.quad(integrand, points)


def ncf_cdf_series(x, df1, df2, ncp):
    x, df1, df2, ncp = mpmath.mpf(x), mpmath.mpf(df1), mpmath.mpf(df2), mpmath.mpf(ncp)
    if x <= 0:
        return mpmath.mpf(0)
    z = df1 * x / (df1 * x + df2)
    half = ncp / 2
    total = mpmath.mpf(0)
    j = 0
    while True:
        weight = mpmath.exp(-half) * half ** j / mpmath.factorial(j)
        total += weight * mpmath.betainc(df1 / 2 + j, df2 / 2, 0, z, regularized=True)
        if j > half + 10 and weight < mpmath.mpf(10) ** -45:
            break
        j += 1
    return total


def nct_root(t, df, probability):
    target = mpmath.mpf(probability)
    guess = float(t) - float(stats.norm.ppf(probability))
    return mpmath.findroot(lambda d: nct_cdf_integral(t, df, d) - target, (guess - 0.5, guess + 0.5), solver="anderson", tol=1e-40)


def ncf_root(x, df1, df2, probability):
    target = mpmath.mpf(probability)
    if ncf_cdf_series(x, df1, df2, 0) <= target:
        return mpmath.mpf(0)
    low, high = mpmath.mpf(0), mpmath.mpf(max(x * df1, 1))
    while ncf_cdf_series(x, df1, df2, high) > target:
        high *= 2
    return mpmath.findroot(lambda lam: ncf_cdf_series(x, df1, df2, lam) - target, (low, high), solver="anderson", tol=1e-40)


def main():
    paired, two, several = datasets()
    out = {
        "header": {
            "generated_by": "Scripts/reference/compare_reference.py",
            "versions": {"python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__,
                         "statsmodels": statsmodels.__version__, "pingouin": pingouin.__version__,
                         "mpmath": mpmath.__version__, "pandas": pd.__version__},
        }
    }
    rows = []
    for name, pre, post in paired:
        x, y = np.array(post), np.array(pre)
        d = x - y
        entry = {"name": name, "pre": pre, "post": post, "differences": d.tolist()}
        if d.std(ddof=1) > 0:
            r = stats.ttest_rel(x, y)
            ci = r.confidence_interval(0.95)
            entry["t_test"] = {"statistic": f(r.statistic), "df": f(r.df), "p": f(r.pvalue), "mean": f(d.mean()),
                               "sd": f(d.std(ddof=1)), "ci_low": f(ci.low), "ci_high": f(ci.high)}
            entry["d_z"] = f(pingouin.compute_effsize(x, y, paired=True, eftype="cohen_dz"))
            entry["g_av"] = f(pingouin.compute_effsize(x, y, paired=True, eftype="hedges"))
        wil = []
        for zero_method in ["wilcox", "pratt", "zsplit"]:
            for method, correction in [("asymptotic", True), ("asymptotic", False), ("exact", False)]:
                try:
                    r = stats.wilcoxon(d, zero_method=zero_method, correction=correction, method=method)
                except ValueError:
                    continue
                if not math.isfinite(r.pvalue):
                    continue
                item = {"zero_method": zero_method, "method": method, "correction": correction,
                        "statistic": f(r.statistic), "p": f(r.pvalue)}
                if method == "asymptotic":
                    item["z"] = f(r.zstatistic)
                wil.append(item)
        entry["wilcoxon"] = wil
        nonzero = d[d != 0]
        if len(nonzero) > 0 and len(np.unique(np.abs(nonzero))) == len(nonzero):
            ranks = stats.rankdata(np.abs(nonzero))
            positive = float(ranks[nonzero > 0].sum())
            counts, p = wilcoxon_exact_fraction(len(nonzero), positive)
            entry["wilcoxon_exact_rational"] = {"n": len(nonzero), "positive_rank_sum": positive,
                                                "p_numerator": p.numerator, "p_denominator": p.denominator,
                                                "p": float(p), "counts": counts if len(nonzero) <= 20 else None}
        rows.append(entry)
    out["paired"] = rows

    rows = []
    for name, a, b in two:
        x, y = np.array(a), np.array(b)
        entry = {"name": name, "first": a, "second": b}
        for key, equal in [("welch", False), ("student", True)]:
            r = stats.ttest_ind(x, y, equal_var=equal)
            ci = r.confidence_interval(0.95)
            entry[key] = {"statistic": f(r.statistic), "df": f(r.df), "p": f(r.pvalue), "ci_low": f(ci.low), "ci_high": f(ci.high)}
        mw = []
        for method, continuity in [("asymptotic", True), ("asymptotic", False), ("exact", False)]:
            if method == "exact" and math.comb(len(a) + len(b), len(a)) > 5_000_000:
                continue
            r = stats.mannwhitneyu(x, y, method=method, use_continuity=continuity)
            mw.append({"method": method, "continuity": continuity, "statistic": f(r.statistic), "p": f(r.pvalue)})
        entry["mann_whitney"] = mw
        ties = len(np.unique(np.concatenate([x, y]))) < len(a) + len(b)
        if not ties and math.comb(len(a) + len(b), len(a)) <= 200_000:
            u1 = stats.mannwhitneyu(x, y).statistic
            u_max = max(u1, len(a) * len(b) - u1)
            counts, p = mwu_exact_fraction(len(a), len(b), u_max)
            entry["mann_whitney_exact_rational"] = {"p_numerator": p.numerator, "p_denominator": p.denominator,
                                                    "p": float(p), "counts": counts}
        g = pingouin.compute_effsize(x, y, paired=False, eftype="cohen")
        entry["cohens_d"] = f(g)
        rows.append(entry)
    out["two_sample"] = rows

    rows = []
    for name, groups in several:
        arrays = [np.array(g) for g in groups]
        anova = stats.f_oneway(*arrays)
        kw = stats.kruskal(*arrays)
        frame = pd.DataFrame({"value": np.concatenate(arrays), "group": np.repeat(np.arange(len(arrays)), [len(g) for g in arrays])})
        welch = pingouin.welch_anova(data=frame, dv="value", between="group")
        rows.append({"name": name, "groups": groups,
                     "anova": {"F": f(anova.statistic), "df1": len(groups) - 1, "df2": sum(map(len, groups)) - len(groups), "p": f(anova.pvalue)},
                     "welch_anova": {"F": f(welch["F"].iloc[0]), "df1": f(welch["ddof1"].iloc[0]), "df2": f(welch["ddof2"].iloc[0]),
                                     "p": f(welch["p_unc"].iloc[0] if "p_unc" in welch else welch["p-unc"].iloc[0])},
                     "kruskal": {"H": f(kw.statistic), "p": f(kw.pvalue)}})
    out["several"] = rows

    rng = np.random.default_rng(7)
    families = [[0.01, 0.04, 0.03, 0.2], [0.5], [0.001, 0.001, 0.02, 0.02, 0.9, 0.04],
                rng.uniform(0, 0.1, 12).round(4).tolist(), [1e-12, 0.3, 0.049, 0.051, 0.7, 0.0001, 1.0]]
    rows = []
    for p in families:
        entry = {"p": p}
        for ours, theirs in [("holm", "holm"), ("hochberg", "simes-hochberg"), ("bonferroni", "bonferroni"),
                             ("bh", "fdr_bh"), ("by", "fdr_by")]:
            entry[ours] = multipletests(p, method=theirs)[1].tolist()
        rows.append(entry)
    out["p_adjust"] = rows

    rows = []
    for t, df, ncp in [(0.0, 5, 1.0), (1.5, 3, 0.5), (2.5, 10, 2.0), (2.5, 10, -1.0), (-1.2, 7, 0.8), (4.0, 29, 3.5),
                       (0.3, 2, -2.0), (8.0, 40, 7.0), (1.96, 100, 0.0), (12.0, 60, 10.0), (3.1, 4.7, 2.2)]:
        rows.append({"t": t, "df": df, "ncp": ncp, "cdf": float(nct_cdf_integral(t, df, ncp)),
                     "cdf_scipy": f(stats.nct.cdf(t, df, ncp)) if ncp != 0 else f(stats.t.cdf(t, df))})
    out["nct_cdf"] = rows
    rows = []
    for t, df in [(0.5, 1), (2.1, 3), (-0.8, 4), (3.4, 12), (0.05, 9), (6.5, 35), (1.2, 58.3), (-4.2, 18)]:
        for probability in [0.975, 0.025]:
            rows.append({"t": t, "df": df, "probability": probability, "ncp": float(nct_root(t, df, probability))})
    out["nct_ncp"] = rows
    rows = []
    for x, df1, df2, ncp in [(1.5, 2, 10, 0.0), (1.5, 2, 10, 3.0), (4.2, 3, 36, 12.5), (0.2, 1, 5, 0.7), (7.0, 2, 97, 40.0), (2.2, 4, 18.7, 5.5)]:
        rows.append({"f": x, "df1": df1, "df2": df2, "ncp": ncp, "cdf": float(ncf_cdf_series(x, df1, df2, ncp)),
                     "cdf_scipy": f(stats.ncf.cdf(x, df1, df2, ncp)) if ncp > 0 else f(stats.f.cdf(x, df1, df2))})
    out["ncf_cdf"] = rows
    rows = []
    for x, df1, df2 in [(3.7, 2, 27), (0.4, 2, 10), (12.0, 3, 60), (1.9, 4, 35), (25.0, 1, 12), (5.0, 2, 15.4)]:
        for probability in [0.95, 0.975, 0.025]:
            rows.append({"f": x, "df1": df1, "df2": df2, "probability": probability, "ncp": float(ncf_root(x, df1, df2, probability))})
    out["ncf_ncp"] = rows

    with open(OUT, "w") as handle:
        json.dump(out, handle, indent=0, allow_nan=False)
        handle.write("\n")
    print(f"wrote {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    main()
