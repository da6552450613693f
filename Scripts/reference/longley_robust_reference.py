#!/usr/bin/env python3
"""Exact heteroscedasticity- and cluster-robust standard errors on NIST Longley.

Reads Fixtures/nist/Longley.dat (NIST StRD, public domain), fits the certified model
y = B0 + B1 x1 + ... + B6 x6 by ordinary least squares in exact rational arithmetic
(`fractions.Fraction` from the decimal text, Gauss-Jordan on X^T X), and writes the coefficient
standard errors for:

- classical: s^2 (X^T X)^-1, s^2 = RSS / (n - k);
- HC0 (White 1980): (X^T X)^-1 X^T diag(e_i^2) X (X^T X)^-1;
- HC1: HC0 * n / (n - k);  HC2: weights e_i^2 / (1 - h_ii);  HC3: e_i^2 / (1 - h_ii)^2
  (MacKinnon & White 1985), h_ii = x_i^T (X^T X)^-1 x_i;
- cluster (Cameron & Miller 2015; statsmodels cov_type="cluster"): clusters year mod 4 (x6 mod 4,
  four clusters of four years), meat sum_g (X_g^T e_g)(X_g^T e_g)^T, times G/(G-1) (n-1)/(n-k).

Everything up to the variances is exact; the square roots are taken with `decimal` at 50
significant digits. Output: Tests/ABIBatchTests/Resources/longley_robust_reference.json (values
as decimal strings with 30 significant digits, and as the nearest double).

With --compare-statsmodels the script also prints statsmodels' correct digits (LRE) against these
values to standard error (not written to the fixture). No third-party package is needed otherwise.

Usage: python3 Scripts/reference/longley_robust_reference.py [--compare-statsmodels]
"""
import decimal
import json
import math
import platform
import sys
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "Fixtures" / "nist" / "Longley.dat"
OUTPUT = ROOT / "Tests" / "ABIBatchTests" / "Resources" / "longley_robust_reference.json"
TERMS = ["Intercept", "x1", "x2", "x3", "x4", "x5", "x6"]


def read_longley():
    lines = DATA.read_text().splitlines()
    start = max(i for i, line in enumerate(lines) if line.strip().startswith("Data:")) + 1
    rows = [line.split() for line in lines[start:] if line.strip()]
    y = [Fraction(r[0]) for r in rows]
    x = [[Fraction(1)] + [Fraction(v) for v in r[1:]] for r in rows]
    texts = [r for r in rows]
    return y, x, texts


def inverse(a):
    """Exact inverse by Gauss-Jordan elimination with rational pivots."""
    k = len(a)
    m = [row[:] + [Fraction(int(i == j)) for j in range(k)] for i, row in enumerate(a)]
    for c in range(k):
        pivot = next(r for r in range(c, k) if m[r][c] != 0)
        m[c], m[pivot] = m[pivot], m[c]
        p = m[c][c]
        m[c] = [v / p for v in m[c]]
        for r in range(k):
            if r != c and m[r][c] != 0:
                f = m[r][c]
                m[r] = [a_ - f * b_ for a_, b_ in zip(m[r], m[c])]
    return [row[k:] for row in m]


def matmul(a, b):
    return [[sum(a[i][t] * b[t][j] for t in range(len(b))) for j in range(len(b[0]))] for i in range(len(a))]


def sandwich(bread, meat):
    return matmul(matmul(bread, meat), bread)


def weighted_meat(x, w):
    k = len(x[0])
    return [[sum(w[i] * x[i][a] * x[i][b] for i in range(len(x))) for b in range(k)] for a in range(k)]


def sqrt_text(value):
    with decimal.localcontext() as context:
        context.prec = 50
        root = (decimal.Decimal(value.numerator) / decimal.Decimal(value.denominator)).sqrt()
        return "{:.29E}".format(root)


def main():
    y, x, _ = read_longley()
    n, k = len(y), len(x[0])
    xtx = [[sum(r[a] * r[b] for r in x) for b in range(k)] for a in range(k)]
    bread = inverse(xtx)
    xty = [sum(r[a] * v for r, v in zip(x, y)) for a in range(k)]
    beta = [sum(bread[a][b] * xty[b] for b in range(k)) for a in range(k)]
    e = [v - sum(r[a] * beta[a] for a in range(k)) for r, v in zip(x, y)]
    h = [sum(r[a] * bread[a][b] * r[b] for a in range(k) for b in range(k)) for r in x]
    rss = sum(v * v for v in e)

    variances = {}
    variances["classical"] = [rss / (n - k) * bread[j][j] for j in range(k)]
    hc0 = sandwich(bread, weighted_meat(x, [v * v for v in e]))
    variances["HC0"] = [hc0[j][j] for j in range(k)]
    variances["HC1"] = [hc0[j][j] * Fraction(n, n - k) for j in range(k)]
    hc2 = sandwich(bread, weighted_meat(x, [v * v / (1 - hv) for v, hv in zip(e, h)]))
    variances["HC2"] = [hc2[j][j] for j in range(k)]
    hc3 = sandwich(bread, weighted_meat(x, [v * v / (1 - hv) ** 2 for v, hv in zip(e, h)]))
    variances["HC3"] = [hc3[j][j] for j in range(k)]
    clusters = [int(r[6]) % 4 for r in x]
    groups = sorted(set(clusters))
    meat = [[Fraction(0)] * k for _ in range(k)]
    for g in groups:
        score = [sum(r[a] * v for r, v, c in zip(x, e, clusters) if c == g) for a in range(k)]
        for a in range(k):
            for b in range(k):
                meat[a][b] += score[a] * score[b]
    factor = Fraction(len(groups), len(groups) - 1) * Fraction(n - 1, n - k)
    cl = sandwich(bread, meat)
    variances["cluster"] = [cl[j][j] * factor for j in range(k)]

    standard_errors = {}
    for name, values in variances.items():
        texts = [sqrt_text(v) for v in values]
        standard_errors[name] = {"text": texts, "double": [float(t) for t in texts]}

    result = {
        "header": {
            "generator": "Scripts/reference/longley_robust_reference.py",
            "method": "exact rational OLS (fractions.Fraction) from the decimal text of Fixtures/nist/Longley.dat; "
                      "square roots with decimal at 50 digits",
            "python": platform.python_version(),
            "packages": "standard library only (fractions, decimal)",
            "data": "Fixtures/nist/Longley.dat (NIST StRD)",
            "clusters": "x6 (year) mod 4",
        },
        "terms": TERMS,
        "observationCount": n,
        "clusterIds": [str(c) for c in clusters],
        "estimates": [float(b) for b in beta],
        "leverages": [float(v) for v in h],
        "standardErrors": standard_errors,
    }
    OUTPUT.write_text(json.dumps(result, indent=1) + "\n")
    print(f"wrote {OUTPUT.relative_to(ROOT)}", file=sys.stderr)
    if "--compare-statsmodels" in sys.argv:
        compare_statsmodels(x, y, clusters, standard_errors)


def compare_statsmodels(x, y, clusters, standard_errors):
    import numpy as np
    import statsmodels
    import statsmodels.api as sm

    X = np.array([[float(v) for v in r] for r in x])
    Y = np.array([float(v) for v in y])
    model = sm.OLS(Y, X)
    print(f"statsmodels {statsmodels.__version__}, numpy {np.__version__}: min LRE over the 7 SEs", file=sys.stderr)
    for name in ["classical", "HC0", "HC1", "HC2", "HC3", "cluster"]:
        if name == "classical":
            fit = model.fit()
        elif name == "cluster":
            fit = model.fit(cov_type="cluster", cov_kwds={"groups": np.array(clusters)})
        else:
            fit = model.fit(cov_type=name)
        exact = standard_errors[name]["double"]
        lre = min(15.0 if b == a else -math.log10(abs(b - a) / abs(a)) for a, b in zip(exact, fit.bse))
        print(f"  {name:9s} {lre:5.1f}", file=sys.stderr)


if __name__ == "__main__":
    main()
