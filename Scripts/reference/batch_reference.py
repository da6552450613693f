#!/usr/bin/env python3
"""Regenerates ABIBatch reference fixtures (Tests/ABIBatchTests/Resources/batch_*.json/csv) with statsmodels, numpy and pandas."""
# Usage: ${PYTHON:-python3} Scripts/reference/batch_reference.py
# Deterministic: every random draw comes from numpy.random.default_rng with fixed seeds.
import json
import math
import os
import platform
import sys

import numpy as np
import pandas as pd
import scipy
import statsmodels
import statsmodels.api as sm

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "ABIBatchTests", "Resources")
HEADER = {
    "generator": "Scripts/reference/batch_reference.py",
    "python": platform.python_version(),
    "numpy": np.__version__,
    "scipy": scipy.__version__,
    "statsmodels": statsmodels.__version__,
    "pandas": pd.__version__,
}


def write_json(name, payload):
    payload = {"header": HEADER, **payload}
    with open(os.path.join(OUT, name), "w") as f:
        json.dump(payload, f, indent=1, allow_nan=True)
        f.write("\n")


def num(v):
    """Floats as JSON numbers; NaN/inf as strings the Swift side reads back."""
    v = float(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


# ---------------------------------------------------------------- regression data
rng = np.random.default_rng(20261121)
n = 80
x1 = rng.normal(50, 10, n)
x2 = rng.normal(0, 1, n)
x3 = rng.uniform(0.5, 20, n)
t = rng.uniform(0, 10, n)
group = rng.choice(["a", "b", "c", "d"], n)
clinic = rng.choice([f"k{i:02d}" for i in range(12)], n)
effect = {"a": 0.0, "b": 1.5, "c": -2.0, "d": 0.7}
y = (3 + 0.08 * x1 - 1.2 * x2 + 0.02 * x1 * x2 + np.array([effect[g] for g in group])
     + 0.5 * np.log(x3) + 0.3 * np.sin(t) + rng.normal(0, 1, n) * (0.5 + 0.05 * np.abs(x1 - 50)))
x4 = x1 + x2  # exactly collinear with x1 and x2 (up to one rounding)
x1[[3, 17]] = np.nan
group = group.astype(object)
group[25] = ""

k = np.random.default_rng(5).choice([1.0, 2.0, 10.0], n)  # numeric codes used as a factor
k[40] = np.nan
y = y + np.where(k == 2.0, 0.8, 0.0) - np.where(k == 10.0, 0.5, 0.0)
data = pd.DataFrame({"y": y, "x1": x1, "x2": x2, "x3": x3, "x4": x4, "t": t, "group": group, "clinic": clinic, "k": k})
with open(os.path.join(OUT, "batch_regression_data.csv"), "w") as f:
    f.write("# generator: Scripts/reference/batch_reference.py (numpy %s); seed 20261121; NaN and empty = missing\n" % np.__version__)
    f.write("y,x1,x2,x3,x4,t,group,clinic,k\n")
    for r in data.itertuples(index=False):
        f.write(",".join([repr(float(r.y)), repr(float(r.x1)), repr(float(r.x2)), repr(float(r.x3)), repr(float(r.x4)),
                          repr(float(r.t)), r.group, r.clinic, repr(float(r.k))]) + "\n")

complete = data[~data.x1.isna() & (data.group != "")].reset_index(drop=True)


def dummies(col, levels, reference, prefix):
    return {f"{prefix}[T.{lv}]": (col == lv).astype(float).to_numpy() for lv in levels if lv != reference}


def r_poly(x, degree):
    """R's poly(x, degree): Q diag(R) of the centred Vandermonde matrix, columns normalised."""
    xc = x - x.mean()
    v = np.vander(xc, degree + 1, increasing=True)
    q, r = np.linalg.qr(v)
    z = q * np.diag(r)
    z = z / np.sqrt((z ** 2).sum(axis=0))
    return z[:, 1:]


def fit_model(name, formula, columns, yv, cov_types, groups=None, aliased=(), reference_levels=None):
    names = list(columns.keys())
    X = np.column_stack([columns[k] for k in names])
    has_const = "Intercept" in names
    out = []
    for cov in cov_types:
        model = sm.OLS(yv, X, hasconst=has_const)
        if cov == "nonrobust":
            res = model.fit()
        elif cov == "cluster":
            res = model.fit(cov_type="cluster", cov_kwds={"groups": groups}, use_t=True)
        else:
            res = model.fit(cov_type=cov, use_t=True)
        ci95 = res.conf_int(0.05)
        ci90 = res.conf_int(0.10)
        out.append({
            "covariance": cov,
            "params": [num(v) for v in res.params],
            "bse": [num(v) for v in res.bse],
            "tvalues": [num(v) for v in res.tvalues],
            "pvalues": [num(v) for v in res.pvalues],
            "ci95_lower": [num(v) for v in ci95[:, 0]], "ci95_upper": [num(v) for v in ci95[:, 1]],
            "ci90_lower": [num(v) for v in ci90[:, 0]], "ci90_upper": [num(v) for v in ci90[:, 1]],
            "rsquared": num(res.rsquared), "rsquared_adj": num(res.rsquared_adj),
            "fvalue": num(res.fvalue), "f_pvalue": num(res.f_pvalue),
            "ssr": num(res.ssr), "df_resid": num(res.df_resid), "df_model": num(res.df_model),
            "llf": num(res.llf), "aic": num(res.aic), "bic": num(res.bic),
            "condition_number": num(res.condition_number), "nobs": num(res.nobs),
            "resid": [num(v) for v in res.resid],
        })
    return {"name": name, "formula": formula, "terms": names, "aliased": list(aliased),
            "reference_levels": reference_levels or {}, "fits": out}


c = complete
one = np.ones(len(c))
levels = sorted(set(c.group))
models = []
cols = {"Intercept": one, "x1": c.x1.to_numpy(), "x2": c.x2.to_numpy(), **dummies(c.group, levels, "a", "group"),
        "x1:x2": (c.x1 * c.x2).to_numpy()}
models.append(fit_model("main effects, factor and interaction", "y ~ x1 + x2 + group + x1:x2", cols, c.y.to_numpy(),
                        ["nonrobust", "HC0", "HC1", "HC2", "HC3", "cluster"], groups=pd.factorize(c.clinic)[0]))

cols = {"Intercept": one, "x1": c.x1.to_numpy(), **dummies(c.group, levels, "a", "group")}
for lv in levels[1:]:
    cols[f"x1:group[T.{lv}]"] = c.x1.to_numpy() * (c.group == lv).astype(float).to_numpy()
models.append(fit_model("factor interaction by *", "y ~ x1*group", cols, c.y.to_numpy(), ["nonrobust", "HC3"]))

# poly and log use only rows complete in t, x3 and y: every row of the data.
a = data
P = r_poly(a.t.to_numpy(), 3)
cols = {"Intercept": np.ones(len(a)), "poly(t, 3)[1]": P[:, 0], "poly(t, 3)[2]": P[:, 1], "poly(t, 3)[3]": P[:, 2],
        "log(x3)": np.log(a.x3.to_numpy())}
models.append(fit_model("orthogonal polynomial and log", "y ~ poly(t, 3) + log(x3)", cols, a.y.to_numpy(), ["nonrobust", "HC2"]))

b = data[~data.x1.isna()].reset_index(drop=True)
cols = {"x1": b.x1.to_numpy(), "I(x1^2)": b.x1.to_numpy() ** 2}
models.append(fit_model("no intercept with I()", "y ~ x1 + I(x1^2) - 1", cols, b.y.to_numpy(), ["nonrobust", "HC1"]))

cols = {"Intercept": np.ones(len(b)), "x1": b.x1.to_numpy(), "x2": b.x2.to_numpy()}
models.append(fit_model("rank deficient (x4 = x1 + x2)", "y ~ x1 + x2 + x4", cols, b.y.to_numpy(), ["nonrobust", "HC3"],
                        aliased=["x4"]))

g = data[data.group != ""].reset_index(drop=True)
levels_all = sorted(set(g.group))
cols = {"Intercept": np.ones(len(g)), "poly(t, 2, raw = TRUE)[1]": g.t.to_numpy(), "poly(t, 2, raw = TRUE)[2]": g.t.to_numpy() ** 2,
        **dummies(g.group, levels_all, "c", "group")}
models.append(fit_model("raw polynomial, reference level c", "y ~ poly(t, 2, raw = TRUE) + group", cols, g.y.to_numpy(),
                        ["nonrobust"], reference_levels={"group": "c"}))

h = data[~data.k.isna()].reset_index(drop=True)
kcols = {"Intercept": np.ones(len(h)), "x2": h.x2.to_numpy()}
for lv in [2.0, 10.0]:
    kcols[f"factor(k)[T.{int(lv)}]"] = (h.k == lv).astype(float).to_numpy()
models.append(fit_model("numeric codes as a factor", "y ~ x2 + factor(k)", kcols, h.y.to_numpy(), ["nonrobust"]))
kcols = {"Intercept": np.ones(len(h)), "x2": h.x2.to_numpy()}
for lv in [1.0, 2.0]:
    kcols[f"factor(k)[T.{int(lv)}]"] = (h.k == lv).astype(float).to_numpy()
models.append(fit_model("numeric factor, reference level 10", "y ~ x2 + factor(k)", kcols, h.y.to_numpy(), ["HC3"],
                        reference_levels={"factor(k)": "10"}))

write_json("batch_regression_reference.json", {"data": "batch_regression_data.csv", "models": models})

# ---------------------------------------------------------------- many responses, one design
rng = np.random.default_rng(7)
m, q = 40, 5
X = np.column_stack([np.ones(m), rng.normal(size=(m, 3))])
B = rng.normal(size=(4, q))
Y = X @ B + rng.normal(scale=0.3, size=(m, q))
params, ssr, bse = [], [], []
for k in range(q):
    res = sm.OLS(Y[:, k], X).fit()
    params.append([num(v) for v in res.params])
    ssr.append(num(res.ssr))
    bse.append([num(v) for v in res.bse])
write_json("batch_multiresponse_reference.json", {
    "design": [[num(v) for v in row] for row in X], "responses": [[num(v) for v in row] for row in Y],
    "params": params, "ssr": ssr, "bse": bse})

# ---------------------------------------------------------------- covariance and correlation
rng = np.random.default_rng(11)
m = 50
base = rng.normal(size=(m, 5)) @ rng.normal(size=(5, 5))
tied = np.round(base[:, 0])  # ties for Spearman
frame = pd.DataFrame(np.column_stack([base, tied]), columns=[f"v{i}" for i in range(6)])
for col, rows in {"v1": [2, 9, 30], "v3": [9, 41], "v5": [0, 14, 15]}.items():
    frame.loc[rows, col] = np.nan
listwise = frame.dropna()
write_json("batch_correlation_reference.json", {
    "data": [[num(v) for v in row] for row in frame.to_numpy()],
    "pearson_pairwise": [[num(v) for v in row] for row in frame.corr(method="pearson").to_numpy()],
    "spearman_pairwise": [[num(v) for v in row] for row in frame.corr(method="spearman").to_numpy()],
    "covariance_pairwise": [[num(v) for v in row] for row in frame.cov().to_numpy()],
    "pearson_listwise": [[num(v) for v in row] for row in np.corrcoef(listwise.to_numpy(), rowvar=False)],
    "spearman_listwise": [[num(v) for v in row] for row in listwise.corr(method="spearman").to_numpy()],
    "covariance_listwise": [[num(v) for v in row] for row in np.cov(listwise.to_numpy(), rowvar=False)],
    "listwise_rows": int(len(listwise)),
    "pairwise_counts": [[int(v) for v in row] for row in (frame.notna().astype(int).T @ frame.notna().astype(int)).to_numpy()],
})

# ---------------------------------------------------------------- bootstrap (same generator as ABIBatch)
MASK = (1 << 64) - 1


def splitmix64(state):
    state = (state + 0x9E3779B97F4A7C15) & MASK
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return state, z ^ (z >> 31)


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & MASK


class Xoshiro256StarStar:
    def __init__(self, seed):
        s = seed & MASK
        self.s = []
        for _ in range(4):
            s, z = splitmix64(s)
            self.s.append(z)

    def next(self):
        s = self.s
        result = (rotl((s[1] * 5) & MASK, 7) * 9) & MASK
        t_ = (s[1] << 17) & MASK
        s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]
        s[2] ^= t_
        s[3] = rotl(s[3], 45)
        return result

    def below(self, bound):
        """Uniform integer in [0, bound) by Lemire's multiply-shift with rejection."""
        while True:
            x = self.next()
            product = x * bound
            low = product & MASK
            if low >= bound:
                return product >> 64
            threshold = ((1 << 64) - bound) % bound
            if low >= threshold:
                return product >> 64


def replicate_seed(seed, index):
    _, z = splitmix64((seed ^ ((index * 0xD1B54A32D192ED03) & MASK)) & MASK)
    return z


rng = np.random.default_rng(3)
m = 30
Xb = np.column_stack([np.ones(m), rng.normal(size=m), rng.uniform(0, 5, m)])
yb = Xb @ np.array([1.0, 2.0, -0.5]) + rng.normal(size=m)
seed, replicates = 20261121, 200
estimates = []
for r in range(replicates):
    gen = Xoshiro256StarStar(replicate_seed(seed, r))
    idx = [gen.below(m) for _ in range(m)]
    coef, *_ = np.linalg.lstsq(Xb[idx], yb[idx], rcond=None)
    estimates.append(coef)
estimates = np.array(estimates)
write_json("batch_bootstrap_reference.json", {
    "design": [[num(v) for v in row] for row in Xb], "response": [num(v) for v in yb],
    "seed": seed, "replicates": replicates,
    "first_indices": [Xoshiro256StarStar(replicate_seed(seed, 0)).below(m) for _ in range(1)],
    "replicate_estimates_first3": [[num(v) for v in row] for row in estimates[:3]],
    "percentile95_lower": [num(v) for v in np.percentile(estimates, 2.5, axis=0)],
    "percentile95_upper": [num(v) for v in np.percentile(estimates, 97.5, axis=0)],
})
print("wrote fixtures to", os.path.normpath(OUT), file=sys.stderr)
