#!/usr/bin/env python3
"""Reference values for `abikit agree` from Python (pingouin, statsmodels, scikit-learn, scipy).

Reads the committed CLI fixtures Fixtures/agree/methods.csv and raters.csv (written by
agree_reference.R) and writes Tests/ABIStatisticsTests/Resources/agree_python.json.
Packages: Scripts/reference/requirements-agree.txt.
Run from the repository root:  ${PYTHON:-python3} Scripts/reference/agree_reference.py
"""
import functools
import json
import platform

import numpy as np
import pandas as pd
import mpmath
import pingouin
import scipy
import sklearn
import statsmodels
from scipy import stats
from sklearn.metrics import roc_auc_score
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.inter_rater import cohens_kappa
from statsmodels.stats.proportion import proportion_confint


def number(v):
    return float(v)


methods = pd.read_csv("Fixtures/agree/methods.csv", dtype=str, keep_default_na=False)
usable = methods[methods.abi_osc.str.match(r"^\d+\.\d+$") & methods.abi_dop.str.match(r"^\d+\.\d+$")]
a = usable.abi_osc.astype(float).to_numpy()
b = usable.abi_dop.astype(float).to_numpy()
out = {"header": {"generated_by": "Scripts/reference/agree_reference.py",
                  "versions": {"python": platform.python_version(), "numpy": np.__version__,
                               "scipy": scipy.__version__, "statsmodels": statsmodels.__version__,
                               "pingouin": pingouin.__version__, "scikit-learn": sklearn.__version__,
                               "pandas": pd.__version__, "mpmath": mpmath.__version__}}}

# Exact Bland-Altman limit intervals (Carkeet 2015) with scipy's noncentral t (Boost).
d = a - b
n = len(d)
m, s = d.mean(), d.std(ddof=1)
z = stats.norm.ppf(0.975)
k_low = stats.nct.ppf(0.025, n - 1, z * np.sqrt(n)) / np.sqrt(n)
k_high = stats.nct.ppf(0.975, n - 1, z * np.sqrt(n)) / np.sqrt(n)
out["exact_limits"] = {"n": n, "bias": m, "sd": s,
                       "upper_exact": [m + k_low * s, m + k_high * s],
                       "lower_exact": [m - k_high * s, m - k_low * s]}
# One-sided normal tolerance factors k = t'(gamma; n - 1, z_p sqrt(n)) / sqrt(n).
out["tolerance_factors"] = [
    {"n": nn, "coverage": p, "confidence": g,
     "k": stats.nct.ppf(g, nn - 1, stats.norm.ppf(p) * np.sqrt(nn)) / np.sqrt(nn)}
    for nn in (2, 3, 5, 10, 17, 30, 80, 369, 500, 2000, 10000) for p in (0.95, 0.975) for g in (0.025, 0.95, 0.975)]
out["noncentral_t"] = [
    {"df": df, "ncp": ncp, "x": x, "cdf": number(stats.nct.cdf(x, df, ncp)), "q": number(stats.nct.ppf(p, df, ncp)), "p": p}
    for df, ncp, x, p in [(4, 4.38, 3.0, 0.025), (4, 4.38, 9.0, 0.975), (16, 8.08, 7.0, 0.5), (59, 15.18, 12.0, 0.025),
                          (200, 27.8, 30.0, 0.975), (9, -3.0, -2.0, 0.1), (1, 2.0, 5.0, 0.9), (79, 17.5, 15.0, 0.975),
                          (499, 43.8, 40.0, 0.025), (9999, 196.0, 190.0, 0.975), (30, 0.0, 1.0, 0.3), (5, 1.5, -0.5, 0.01),
                          (20, -4.0, 2.0, 0.999)]]

# Two-sided normal tolerance factors (Carkeet 2015's intervals for the limits as a pair), from the
# integral of Odeh & Owen (1980) in 20-digit mpmath (tanh-sinh quadrature, findroot):
# gamma(k) = 2 int_0^inf phi(u) Q_chi2(nu r(u/sqrt n)^2 / k^2; nu) du, Phi(x + r) - Phi(x - r) = p.
mpmath.mp.dps = 20


def two_sided_factor(nn, nu, p, g):
    nn, nu, p, g = mpmath.mpf(nn), mpmath.mpf(nu), mpmath.mpf(p), mpmath.mpf(g)

    @functools.lru_cache(maxsize=None)
    def r_of(u):
        x = u / mpmath.sqrt(nn)
        f = lambda r: mpmath.ncdf(-(x + r)) + mpmath.ncdf(x - r) - (1 - p)
        return mpmath.findroot(f, (mpmath.mpf(0), x + 10), solver="pegasus")

    def gamma(k):
        q = lambda u: 2 * mpmath.npdf(u) * mpmath.gammainc(nu / 2, nu * r_of(u) ** 2 / (2 * k ** 2), mpmath.inf, regularized=True)
        return mpmath.quad(q, [0, 2, 4, 7, 12])

    k0 = mpmath.mpf(stats.norm.ppf((1 + float(p)) / 2))
    return float(mpmath.exp(mpmath.findroot(lambda lk: gamma(mpmath.exp(lk)) - g, (mpmath.log(k0) - 3, mpmath.log(k0) + 6), solver="pegasus", tol=mpmath.mpf(10) ** -15, verify=False, maxsteps=60)))


out["tolerance_factors_two_sided"] = [
    {"n": nn, "df": nn - 1, "coverage": p, "confidence": g, "k": two_sided_factor(nn, nn - 1, p, g)}
    for nn in (2, 3, 5, 10, 17, 30, 85, 200, 1000) for p in (0.95, 0.90) for g in (0.025, 0.5, 0.975)]
k_pair_low, k_pair_high = two_sided_factor(n, n - 1, 0.95, 0.025), two_sided_factor(n, n - 1, 0.95, 0.975)
out["exact_limits"]["upper_exact_pair"] = [m + k_pair_low * s, m + k_pair_high * s]
out["exact_limits"]["lower_exact_pair"] = [m - k_pair_high * s, m - k_pair_low * s]

# Shapiro-Wilk: scipy.stats.shapiro (the same AS R94 code).
sw = stats.shapiro(d)
out["shapiro_differences"] = {"w": number(sw.statistic), "p": number(sw.pvalue)}

# Diagnostic accuracy at ABI <= 0.90 (index: oscillometric, reference: Doppler).
ip, rp = a <= 0.90, b <= 0.90
tp, fp = int(np.sum(ip & rp)), int(np.sum(ip & ~rp))
fn, tn = int(np.sum(~ip & rp)), int(np.sum(~ip & ~rp))


def proportion(x, total):
    return {"x": x, "n": total, "estimate": x / total,
            "wilson": [number(v) for v in proportion_confint(x, total, alpha=0.05, method="wilson")],
            "clopper_pearson": [number(v) for v in proportion_confint(x, total, alpha=0.05, method="beta")]}


mc_exact = mcnemar([[tp, fp], [fn, tn]], exact=False, correction=True)
mc_plain = mcnemar([[tp, fp], [fn, tn]], exact=False, correction=False)
out["diagnostic"] = {"tp": tp, "fp": fp, "fn": fn, "tn": tn,
                     "sensitivity": proportion(tp, tp + fn), "specificity": proportion(tn, tn + fp),
                     "ppv": proportion(tp, tp + fp), "npv": proportion(tn, tn + fn),
                     "accuracy": proportion(tp + tn, tp + fp + fn + tn),
                     "mcnemar_corrected": [number(mc_exact.statistic), number(mc_exact.pvalue)],
                     "mcnemar_uncorrected": [number(mc_plain.statistic), number(mc_plain.pvalue)]}
# Proportions at the edges (0 and n successes) and tiny n.
out["proportions"] = [proportion(x, t) for x, t in [(0, 10), (10, 10), (1, 1), (3, 7), (47, 52), (1, 200)]]

# Cohen's kappa (statsmodels, Fleiss-Cohen-Everitt 1969 variance) on the 2 x 2 table and on
# ordered ABI categories (abnormal <= 0.90, borderline 0.91-0.99, normal 1.00-1.40, NC > 1.40).
def kappa(table, wt=None):
    r = cohens_kappa(np.asarray(table), wt=wt)
    return {"table": np.asarray(table).tolist(), "weighting": wt or "unweighted", "kappa": number(r.kappa),
            "se": number(r.std_kappa), "lower": number(r.kappa_low), "upper": number(r.kappa_upp)}


def category(v):
    return 0 if v <= 0.90 else 1 if v < 1.00 else 2 if v <= 1.40 else 3


cats = np.zeros((4, 4), dtype=int)
for x, y in zip(a, b):
    cats[category(x), category(y)] += 1
out["categories"] = cats.tolist()
out["kappa"] = [kappa([[tp, fp], [fn, tn]])] + [kappa(cats, wt) for wt in (None, "linear", "quadratic")] + [
    kappa([[20, 5, 1], [3, 15, 4], [0, 6, 12]], wt) for wt in (None, "linear", "quadratic")]

# ROC AUC (scikit-learn; low ABI = disease, so the score is -ABI).
out["roc_auc"] = number(roc_auc_score(rp.astype(int), -a))

# ICC (pingouin.intraclass_corr) on Shrout & Fleiss 1979 Table 2 and the seeded raters set.
def icc(matrix):
    rows = [{"target": i, "rater": j, "score": v} for i, row in enumerate(matrix) for j, v in enumerate(row)]
    r = pingouin.intraclass_corr(pd.DataFrame(rows), targets="target", raters="rater", ratings="score")
    return {"type": r.Type.tolist(), "estimate": r.ICC.tolist(), "F": r.F.tolist(), "df1": r.df1.tolist(),
            "df2": r.df2.tolist(), "p": r.pval.tolist(), "ci95": [list(map(float, c)) for c in r.CI95]}


sf = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
raters = pd.read_csv("Fixtures/agree/raters.csv")
out["icc_shrout_fleiss"] = icc(sf)
out["icc_raters"] = icc(raters[["obs1", "obs2", "obs3"]].to_numpy().tolist())

with open("Tests/ABIStatisticsTests/Resources/agree_python.json", "w") as f:
    json.dump(out, f, indent=1, default=float)
print("wrote Tests/ABIStatisticsTests/Resources/agree_python.json")
