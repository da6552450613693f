#!/usr/bin/env python3
"""Reference values for ABIStatistics tests, written to Tests/ABIStatisticsTests/Resources/.

Run: ${PYTHON:-python3} Scripts/reference/stats_reference.py   (packages: requirements-stats.txt)
Deterministic: fixed grids and seeded numpy generators. The Swift tests never run Python; they
read the JSON files this script writes. Each file's "header" names this script and the library
versions that produced it.
"""
import json
import math
import os
import platform
import sys

import numpy as np
import scipy
from scipy import stats

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
OUT = os.path.join(ROOT, "Tests", "ABIStatisticsTests", "Resources")


def header(libraries):
    versions = {"python": platform.python_version(), "numpy": np.__version__}
    for name in libraries:
        module = sys.modules[name]
        versions[name] = module.__version__
    return {"generated_by": "Scripts/reference/stats_reference.py", "versions": versions}


def write(name, payload):
    path = os.path.join(OUT, name)
    with open(path, "w") as handle:
        json.dump(payload, handle, indent=0, allow_nan=False)
        handle.write("\n")
    print(f"wrote {os.path.relpath(path, ROOT)}")


def finite(value):
    return value is not None and math.isfinite(value)


# ---------------------------------------------------------------------------------------------
# Distributions: cdf, survival (sf), quantile (ppf), inverse survival (isf) against scipy.stats.
# Each case also carries "exact": the same function at the same double argument in 40-digit
# arithmetic with mpmath (an independent check of scipy, which is itself inexact in places, e.g.
# t quantiles below 1e-150), where mpmath finishes within a second; null otherwise.
# Probabilities below 1e-300 are left out (relative accuracy is not meaningful near subnormals).
# "condition" is |x f(x) / P(x)| for the probability P = cdf or sf, the relative condition number
# of P with respect to its argument, so a test can tell rounding of the argument (unavoidable in
# any double implementation, scipy's included) from an error of the algorithm.

import signal

import mpmath as mp

mp.mp.dps = 40


class Slow(Exception):
    pass


def _alarm(signum, frame):
    raise Slow()


signal.signal(signal.SIGALRM, _alarm)


def with_time_limit(function, *arguments):
    signal.setitimer(signal.ITIMER_REAL, 1.0)
    try:
        return function(*arguments)
    except (Slow, mp.libmp.libhyper.NoConvergence, ZeroDivisionError, ValueError):
        return None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def exact_lower_upper(name, parameters, x):
    """(P(X <= x), P(X > x)) in mpmath, the smaller one computed directly."""
    x = mp.mpf(x)
    if name == "normal":
        mean, sd = (mp.mpf(v) for v in parameters)
        return mp.ncdf(x, mean, sd), mp.ncdf(-x, -mean, sd)
    if name == "t":
        df = mp.mpf(parameters[0])
        if x == 0:
            return mp.mpf(0.5), mp.mpf(0.5)
        tail = mp.betainc(df / 2, mp.mpf(0.5), 0, df / (df + x * x), regularized=True) / 2
        return (tail, 1 - tail) if x < 0 else (1 - tail, tail)
    if name == "chi2":
        a = mp.mpf(parameters[0]) / 2
        if x / 2 < a:
            lower = mp.gammainc(a, 0, x / 2, regularized=True)
            return lower, 1 - lower
        upper = mp.gammainc(a, x / 2, mp.inf, regularized=True)
        return 1 - upper, upper
    d1, d2 = (mp.mpf(v) for v in parameters)
    a, b = d1 / 2, d2 / 2
    w = d1 * x / (d1 * x + d2)
    if a == int(a) and b == int(b) and a + b > 2000:
        # mpmath's betainc does not converge for both parameters large; for integers use
        # I_w(a, b) = P(Binomial(a + b - 1, w) >= a), summed term by term from j = a outward.
        return binomial_tail(int(a), int(b), w, d2 / (d1 * x + d2))
    if w < a / (a + b):
        lower = mp.betainc(a, b, 0, w, regularized=True)
        return lower, 1 - lower
    upper = mp.betainc(b, a, 0, d2 / (d1 * x + d2), regularized=True)
    return 1 - upper, upper


def binomial_tail(a, b, w, v):
    """(I_w(a, b), 1 - I_w(a, b)) for integers a, b by the binomial sum, smaller side directly."""
    n = a + b - 1
    ratio = w / v
    log_first = mp.loggamma(n + 1) - mp.loggamma(a + 1) - mp.loggamma(n - a + 1) + a * mp.log(w) + (n - a) * mp.log(v)
    if w * n < a:
        # Upper sum j >= a is the small side.
        term = mp.exp(log_first)
        total = mp.mpf(0)
        j = a
        while j <= n:
            total += term
            term *= mp.mpf(n - j) / (j + 1) * ratio
            j += 1
            if term < total * mp.mpf(10) ** -45:
                break
        return total, 1 - total
    # Lower sum j < a is the small side: start at j = a - 1 and go down.
    term = mp.exp(log_first) * a / mp.mpf(n - a + 1) / ratio
    total = mp.mpf(0)
    j = a - 1
    while j >= 0:
        total += term
        term *= mp.mpf(j) / (n - j + 1) / ratio
        j -= 1
        if term < total * mp.mpf(10) ** -45:
            break
    return 1 - total, total


def exact_density(frozen_name, parameters, x):
    x = mp.mpf(x)
    if frozen_name == "normal":
        mean, sd = (mp.mpf(v) for v in parameters)
        return mp.npdf(x, mean, sd)
    if frozen_name == "t":
        df = mp.mpf(parameters[0])
        return mp.exp(-(df + 1) / 2 * mp.log1p(x * x / df) - mp.log(df) / 2 - mp.log(mp.beta(df / 2, mp.mpf(0.5))))
    if frozen_name == "chi2":
        a = mp.mpf(parameters[0]) / 2
        return mp.exp((a - 1) * mp.log(x / 2) - x / 2 - mp.loggamma(a)) / 2
    d1, d2 = (mp.mpf(v) for v in parameters)
    return mp.exp((d1 / 2) * mp.log(d1 / d2) + (d1 / 2 - 1) * mp.log(x) - ((d1 + d2) / 2) * mp.log1p(d1 * x / d2)
                  - mp.log(mp.beta(d1 / 2, d2 / 2)))


def exact_quantile(name, parameters, p, upper, start):
    """Newton on log P against log x (or on P against x for the normal) in mpmath. For t, on
    the upper tail min(p, 1 - p) against log |x|, then the sign (log-log Newton converges in a
    few steps even from scipy's poor deep-tail starts)."""
    p = mp.mpf(p)
    if name == "t":
        if p == mp.mpf(0.5):
            return mp.mpf(0)
        tail = min(p, 1 - p)
        positive = (p < 0.5) == upper
        magnitude = exact_quantile("t_upper", parameters, tail, True, abs(start))
        return magnitude if positive else -magnitude
    if name == "t_upper":
        name = "t"
    x = mp.mpf(start)
    for _ in range(60):
        lower_value, upper_value = exact_lower_upper(name, parameters, x)
        value = upper_value if upper else lower_value
        density = exact_density(name, parameters, x)
        if name == "normal":
            step = (value - p) / density * (-1 if upper else 1)
            x_next = x - step
        else:
            slope = density * x / value * (-1 if upper else 1)
            x_next = x * mp.exp(-(mp.log(value) - mp.log(p)) / slope)
        if abs(x_next - x) <= abs(x) * mp.mpf(10) ** -30:
            return x_next
        x = x_next
    raise Slow()


PROBABILITIES = sorted({1e-300, 1e-250, 1e-200, 1e-150, 1e-100, 1e-75, 1e-50, 1e-30, 1e-20, 1e-15, 1e-10,
                        1e-7, 1e-5, 1e-4, 1e-3, 0.01, 0.025, 0.05, 0.1, 0.2, 0.25, 0.3, 0.4, 0.45, 0.49,
                        0.5, 0.51, 0.55, 0.6, 0.7, 0.75, 0.8, 0.9, 0.95, 0.975, 0.99, 0.999,
                        1 - 1e-5, 1 - 1e-7, 1 - 1e-10})


def distribution_cases(name, parameters, frozen, fixed_arguments):
    cases = []
    arguments = set(fixed_arguments)
    for p in PROBABILITIES:
        for function in ("ppf", "isf"):
            value = float(getattr(frozen, function)(p))
            if not finite(value) or (value != 0 and abs(value) < 1e-300):
                continue
            upper = function == "isf"
            exact = None
            if value != 0 and not (name == "t" and (p == 0.5)):
                result = with_time_limit(exact_quantile, name, parameters, p, upper, value)
                exact = float(result) if result is not None else None
            overflows = exact is not None and not finite(exact)
            exact = exact if exact is not None and finite(exact) else None
            if name == "t" and p == 0.5:
                exact = 0.0
            case = {"distribution": name, "parameters": parameters,
                    "function": "inverseSurvival" if upper else "quantile",
                    "argument": p, "expected": value, "exact": exact}
            if overflows:
                # The exact quantile is beyond the double range (scipy returns a wrong finite
                # value here); the right double answer is +/- infinity.
                case["exact_overflows"] = True
            cases.append(case)
            arguments.add(value)
            if exact is not None and finite(exact):
                arguments.add(exact)
    for x in sorted(arguments):
        exact_pair = with_time_limit(exact_lower_upper, name, parameters, x)
        for index, (function, label) in enumerate((("cdf", "cdf"), ("sf", "survival"))):
            value = float(getattr(frozen, function)(x))
            exact = float(exact_pair[index]) if exact_pair is not None else None
            exact = exact if exact is not None and finite(exact) else None
            reference = exact if exact is not None else value
            if not finite(value) or reference < 1e-300:
                continue
            density = float(frozen.pdf(x))
            condition = abs(x * density / reference) if finite(density) else 0.0
            cases.append({"distribution": name, "parameters": parameters, "function": label,
                          "argument": x, "expected": value, "exact": exact,
                          "condition": condition if finite(condition) else 0.0})
    return cases


def distributions():
    cases = []
    normal_x = [-38.0, -37.5, -37.0, -30.0, -20.0, -10.0, -5.0, -3.0, -1.5, -1.0, -0.5, -1e-3, 0.0,
                1e-8, 0.3, 1.0, 2.0, 5.0, 8.0, 9.0, 20.0, 37.0]
    for mean, sd in ((0.0, 1.0), (1.25, 0.5), (-40.0, 3.0)):
        cases += distribution_cases("normal", [mean, sd], stats.norm(mean, sd), [mean + sd * x for x in normal_x])
    t_x = [-1e10, -1e3, -50.0, -10.0, -4.0, -2.0, -1.0, -0.3, -1e-6, 0.0, 1e-6, 0.3, 1.0, 2.0, 4.0, 10.0, 50.0, 1e3, 1e10]
    for df in (0.5, 1.0, 1.5, 2.0, 3.0, 4.5, 7.0, 10.0, 30.0, 60.0, 100.0, 199.0, 250.5, 1e3, 1e4, 1e5, 1e6):
        cases += distribution_cases("t", [df], stats.t(df), t_x)
    chi_x = [1e-10, 1e-3, 0.1, 0.5, 1.0, 2.0, 5.0, 10.0, 50.0, 200.0, 1e3, 1e4]
    for df in (0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 19.5, 21.0, 25.0, 100.0, 1e3, 1e4, 1e5, 1e6):
        cases += distribution_cases("chi2", [df], stats.chi2(df), chi_x + [df * 0.5, df, df * 1.5])
    f_x = [1e-8, 1e-3, 0.1, 0.5, 0.9, 1.0, 1.1, 2.0, 5.0, 20.0, 1e3, 1e6]
    for d1, d2 in ((0.5, 0.5), (1.0, 1.0), (1.0, 10.0), (2.0, 5.0), (5.0, 2.0), (3.0, 30.0), (10.0, 10.0),
                   (1.0, 1e6), (1e6, 1.0), (4.0, 1e6), (1e6, 4.0), (50.0, 1e3), (1e3, 1e3), (1e5, 1e5), (1e6, 1e6),
                   (100.0, 1e6), (1e6, 100.0), (300.0, 1e5), (80.0, 1e4), (2000.0, 1e5), (90.0, 5e3), (5e3, 90.0),
                   (150.0, 1e4), (7.5, 2500.5)):
        cases += distribution_cases("f", [d1, d2], stats.f(d1, d2), f_x)
    # Random parameters (seeded): degrees of freedom log-uniform on [0.5, 1e6], a few
    # log-uniform tail probabilities each. Both F parameters large are rounded to integers so
    # that the exact value is available (binomial sum).
    rng = np.random.default_rng(31)
    for _ in range(40):
        df = float(np.round(np.exp(rng.uniform(np.log(0.5), np.log(1e6))), 3))
        cases += random_cases("t", [df], stats.t(df), rng)
        df = float(np.round(np.exp(rng.uniform(np.log(0.5), np.log(1e6))), 3))
        cases += random_cases("chi2", [df], stats.chi2(df), rng)
        d1, d2 = (float(np.round(np.exp(rng.uniform(np.log(0.5), np.log(1e6))), 3)) for _ in range(2))
        if d1 > 1000 and d2 > 1000:
            d1, d2 = float(2 * round(d1 / 2)), float(2 * round(d2 / 2))
        cases += random_cases("f", [d1, d2], stats.f(d1, d2), rng)
    write("distributions.json", {"header": header(["scipy", "mpmath"]), "cases": cases})


def random_cases(name, parameters, frozen, rng):
    global PROBABILITIES
    saved = PROBABILITIES
    PROBABILITIES = sorted({float(10 ** rng.uniform(-300, -0.31)) for _ in range(3)} | {float(rng.uniform(0.05, 0.95))})
    try:
        return distribution_cases(name, parameters, frozen, [])
    finally:
        PROBABILITIES = saved


# ---------------------------------------------------------------------------------------------
# Trend on one series: statsmodels OLS (straight line, polynomial, segmented design),
# scipy.stats.theilslopes, pymannkendall. Missing values are null in JSON; references are
# computed on the pairs left after dropping them, which is what ABIStatistics documents.

def clean(times, values):
    keep = [i for i in range(len(times)) if not (math.isnan(times[i]) or math.isnan(values[i]))]
    return np.array([times[i] for i in keep]), np.array([values[i] for i in keep])


def ols_summary(model_result, levels=(0.95, 0.90)):
    summary = {"params": list(map(float, model_result.params)), "bse": list(map(float, model_result.bse)),
               "tvalues": list(map(float, model_result.tvalues)), "pvalues": list(map(float, model_result.pvalues)),
               "rsquared": float(model_result.rsquared), "residual_sd": float(np.sqrt(model_result.scale)),
               "df_resid": float(model_result.df_resid), "cov": [list(map(float, row)) for row in model_result.cov_params()]}
    for level in levels:
        summary[f"conf_int_{level}"] = [list(map(float, row)) for row in model_result.conf_int(alpha=1 - level)]
    return summary


def exact_line(t, y):
    """Straight-line least squares in exact rational arithmetic on the binary inputs:
    [intercept, slope, SE intercept, SE slope, residual SD], each rounded once at the end."""
    from fractions import Fraction
    tf = [Fraction(float(v)) for v in t]
    yf = [Fraction(float(v)) for v in y]
    n = len(tf)
    tm = sum(tf) / n
    ym = sum(yf) / n
    sxx = sum((a - tm) ** 2 for a in tf)
    sxy = sum((a - tm) * (b - ym) for a, b in zip(tf, yf))
    slope = sxy / sxx
    intercept = ym - slope * tm
    rss = sum((b - intercept - slope * a) ** 2 for a, b in zip(tf, yf))
    variance = rss / (n - 2)
    return [float(intercept), float(slope), math.sqrt(float(variance * (Fraction(1, n) + tm * tm / sxx))),
            math.sqrt(float(variance / sxx)), math.sqrt(float(variance))]


def nullable(values):
    return [None if math.isnan(v) else float(v) for v in values]


def series_cases():
    rng = np.random.default_rng(20261121)
    cases = []

    def add(name, times, values, intervention=None, variants=False):
        cases.append({"name": name, "times": list(map(float, times)), "values": nullable(values),
                      "intervention": intervention, "variants": variants})

    for n in (2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 30, 50):
        gaps = rng.exponential(0.7, n)
        times = np.round(np.cumsum(gaps) - gaps[0], 6)
        values = 1.05 - 0.03 * times + rng.normal(0, 0.08, n)
        add(f"irregular n={n}", times, values)
        add(f"ties n={n}", times, np.round(values, 1))
    for n in (5, 10, 25):
        times = np.round(np.cumsum(rng.exponential(1.0, n)), 4)
        values = 0.9 + 0.02 * times + rng.normal(0, 0.05, n)
        values[rng.choice(n, size=max(1, n // 5), replace=False)] = np.nan
        add(f"missing n={n}", times, values)
    add("years since first visit", [0.0, 0.4832, 1.0157, 2.2396, 3.0007, 4.9884],
        [1.12, 1.08, 1.09, 0.97, 0.95, 0.88])
    add("large time origin", 2000 + np.arange(8) * 0.5, 1 + 0.01 * np.arange(8) + rng.normal(0, 0.01, 8))
    # Equally spaced (times 1..n) series with autocorrelated noise for the corrected MK tests.
    for n, phi in ((12, 0.6), (20, 0.3), (30, 0.7), (40, -0.4), (60, 0.5), (100, 0.2)):
        noise = np.zeros(n)
        for i in range(n):
            noise[i] = (phi * noise[i - 1] if i else 0) + rng.normal(0, 1)
        values = 0.02 * np.arange(n) + noise
        add(f"ar1 n={n} phi={phi}", np.arange(1, n + 1), values, variants=True)
        add(f"ar1 ties n={n} phi={phi}", np.arange(1, n + 1), np.round(values, 0), variants=True)
    # Repeated visits at the same time (tied times) for the Kendall variance with two tie sets.
    for n in (9, 16, 30):
        times = np.sort(rng.integers(0, n // 2, n)).astype(float) * 0.25
        values = np.round(1.0 - 0.02 * times + rng.normal(0, 0.05, n), 2)
        add(f"tied times n={n}", times, values)
    # Interrupted time series around t0.
    for n, t0 in ((8, 3.5), (12, 5.0), (24, 10.0), (40, 20.25)):
        times = np.sort(np.round(rng.uniform(0, 2 * t0, n), 3))
        times[: n // 2] = np.sort(np.round(rng.uniform(0, t0 - 0.01, n // 2), 3))
        times[n // 2:] = np.sort(np.round(rng.uniform(t0, 2 * t0, n - n // 2), 3))
        after = (times >= t0).astype(float)
        values = 1.0 - 0.01 * times - 0.1 * after + 0.02 * (times - t0) * after + rng.normal(0, 0.03, n)
        add(f"its n={n}", times, values, intervention=t0)
    return cases


def series():
    import pymannkendall as mk
    import statsmodels
    import statsmodels.api as sm

    results = []
    for case in series_cases():
        times = np.array(case["times"])
        values = np.array([np.nan if v is None else v for v in case["values"]])
        t, y = clean(times, values)
        n = len(t)
        reference = {}
        if n >= 3 and np.ptp(t) > 0:
            reference["ols"] = ols_summary(sm.OLS(y, sm.add_constant(t, has_constant="add")).fit(method="qr"))
            reference["ols_exact"] = exact_line(t, y)
            # statsmodels solves the uncentred design; far from the time origin it loses digits.
            reference["ols"]["agrees_with_exact"] = bool(
                abs(reference["ols"]["bse"][1] - reference["ols_exact"][3]) <= 1e-10 * reference["ols_exact"][3])
            for degree in (2, 3):
                # The explicit design [1, t, t^2, t^3] is too ill-conditioned for a reference when
                # the time origin is far away; those cases check the straight line only.
                if n >= degree + 2 and len(np.unique(t)) > degree + 1 and np.max(np.abs(t)) < 100:
                    design = np.column_stack([t ** k for k in range(degree + 1)])
                    reference[f"poly{degree}"] = ols_summary(sm.OLS(y, design).fit(method="qr"))
        if n == 2 and t[0] != t[1]:
            slope = (y[1] - y[0]) / (t[1] - t[0])
            reference["line_through_two"] = [float(y[0] - slope * t[0]), float(slope)]
        if n >= 2 and np.ptp(t) > 0:
            out = {}
            for level in (0.95, 0.90):
                ts = stats.theilslopes(y, t, alpha=level, method="separate")
                out[str(level)] = [float(ts.slope), float(ts.intercept), float(ts.low_slope), float(ts.high_slope)]
            out["joint_intercept"] = float(stats.theilslopes(y, t, method="joint").intercept)
            reference["theilsen"] = out
        order = np.argsort(t, kind="stable")
        if n >= 3 and len(np.unique(t)) == n:
            ordered = y[order]
            r = mk.original_test(ordered)
            reference["mk_original"] = [float(r.s), float(r.var_s), float(r.z), float(r.p), float(r.Tau)]
        if n >= 3 and len(np.unique(t)) < n and np.ptp(t) > 0:
            # scipy's kendalltau (tau-b, asymptotic) uses Kendall's variance with both tie sets;
            # recover it from the p-value: Var = (S / z)^2 with z = isf(p / 2).
            s_statistic = float(sum(np.sign(t[j] - t[i]) * np.sign(y[j] - y[i]) for i in range(n) for j in range(i + 1, n)))
            kt = stats.kendalltau(t, y, method="asymptotic")
            z = stats.norm.isf(kt.pvalue / 2)
            reference["kendall_tied_times"] = [s_statistic, float((s_statistic / z) ** 2) if s_statistic != 0 else None]
        if case["variants"]:
            ordered = y[order]
            for label, function in (("mk_hamed_rao", mk.hamed_rao_modification_test),
                                    ("mk_yue_wang", mk.yue_wang_modification_test),
                                    ("mk_pre_whitening", mk.pre_whitening_modification_test),
                                    ("mk_trend_free_pre_whitening", mk.trend_free_pre_whitening_modification_test)):
                with np.errstate(all="ignore"):
                    r = function(ordered)
                reference[label] = [float(r.s), float(r.var_s), float(r.z), float(r.p), float(r.Tau)]
        if case["intervention"] is not None:
            t0 = case["intervention"]
            after = (t >= t0).astype(float)
            design = np.column_stack([np.ones(n), t, after, (t - t0) * after])
            reference["its"] = ols_summary(sm.OLS(y, design).fit(method="qr"))
            for lags in (1, 3):
                hac = sm.OLS(y[order], design[order]).fit(method="qr", cov_type="HAC",
                                                          cov_kwds={"maxlags": lags}, use_t=True)
                reference[f"its_hac{lags}"] = ols_summary(hac)
        case["reference"] = reference
        results.append(case)
    write("series.json", {"header": header(["scipy", "statsmodels", "pymannkendall"]), "cases": results})


# ---------------------------------------------------------------------------------------------
# Descriptive statistics and Hyndman-Fan quantiles (numpy's nine methods), scipy gmean.

QUANTILE_METHODS = ["inverted_cdf", "averaged_inverted_cdf", "closest_observation", "interpolated_inverted_cdf",
                    "hazen", "weibull", "linear", "median_unbiased", "normal_unbiased"]


def descriptive():
    rng = np.random.default_rng(7)
    samples = []
    for n in (1, 2, 3, 4, 5, 7, 10, 33, 100):
        samples.append(("normal", rng.normal(1.0, 0.2, n)))
        samples.append(("ties", np.round(rng.normal(1.0, 0.2, n), 1)))
    samples.append(("lognormal", rng.lognormal(0, 1, 25)))
    samples.append(("with zero", np.array([0.0, 1.0, 2.5, 3.0])))
    probabilities = [0.0, 0.01, 0.1, 0.25, 0.3, 0.5, 0.6, 0.75, 0.9, 0.99, 1.0]
    cases = []
    for name, x in samples:
        entry = {"name": f"{name} n={len(x)}", "values": list(map(float, x)),
                 "mean": float(np.mean(x)), "quantiles": {}}
        if len(x) >= 2:
            entry["sd"] = float(np.std(x, ddof=1))
            entry["se"] = float(stats.sem(x))
            centred = x - np.mean(x)
            entry["lag1"] = float(np.sum(centred[1:] * centred[:-1]) / np.sum(centred ** 2)) if np.any(centred) else None
        if np.all(x > 0):
            entry["gmean"] = float(stats.gmean(x))
        for type_number, method in enumerate(QUANTILE_METHODS, start=1):
            entry["quantiles"][str(type_number)] = [float(np.quantile(x, p, method=method)) for p in probabilities]
        entry["probabilities"] = probabilities
        cases.append(entry)
    write("descriptive.json", {"header": header(["scipy"]), "cases": cases})


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    parts = sys.argv[1:] or ["distributions", "series", "descriptive"]
    for part in parts:
        globals()[part]()
