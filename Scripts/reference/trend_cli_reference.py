#!/usr/bin/env python3
"""Reference results for `abikit trend` on Fixtures/trend/*.csv, from statsmodels, scipy and pymannkendall.

Nothing here reads abikit's output. ABI per visit comes from the independent exact-decimal scorer
Scripts/reference/score_reference.py (written from docs/clinical-rules.md); visit-to-visit significant changes
(|delta| >= 0.15) from its visit_change. Time axis as docs/statistics.md: dates -> (date - the subject's
first visit) / 365.25 years; numbers as given. A series with fewer than 3 usable points is
insufficient_data (abikit's default --min-points 3).
- OLS: statsmodels.OLS(y, [1, t]) - params, bse, tvalues, pvalues, conf_int(0.05), rsquared, sqrt(scale).
- Theil-Sen: scipy.stats.theilslopes(y, t, alpha=0.95) (intercept method 'separate').
- Mann-Kendall: pymannkendall.original_test on the series sorted by time (only for series whose
  times are distinct: pymannkendall has no notion of tied times).
- Interrupted time series: statsmodels.OLS(y, [1, t, D, (t - t0) D]), D = t >= t0, t0 the subject's
  intervention_date; slope after = b1 + b3 with its variance from the covariance matrix; and with
  Newey-West errors (cov_type='HAC', maxlags=1, use_t=True) on the time-ordered design.
Writes expected_visits.csv, expected_limbs.csv and expected_decimal_years.csv beside the fixtures.
Usage: ${PYTHON:-python3} Scripts/reference/trend_cli_reference.py [Fixtures/trend]
"""
import csv
import datetime
import math
import os
import re
import sys

import numpy as np
import pymannkendall
import scipy
import scipy.stats
import statsmodels
import statsmodels.api as sm

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import score_reference  # noqa: E402

MIN_POINTS = 3
LEVEL = 0.95
MISSING = {"", "na", "n/a", "nan", "."}


def number(text):
    t = text.strip()
    return None if t.lower() in MISSING else float(t)


def r(x):
    """Full round-trip precision (repr), blank for None/NaN."""
    if x is None:
        return ""
    x = float(x)
    return "" if math.isnan(x) else repr(x)


def exact_fit(fit, y):
    """The convention of abikit (ABIStatistics ExactFitThreshold): residuals whose root mean square is
    below 16 ulp of max |y| are rounding noise - standard errors 0, no t test. statsmodels reports
    t = estimate / noise there (values like 1e15), which no user should read."""
    return math.sqrt(fit.ssr / len(y)) <= 16 * np.finfo(float).eps * max(abs(v) for v in y)


def ols_columns(t, y):
    if len(set(t)) < 2:
        return {"ols_status": "constant_time"}
    fit = sm.OLS(np.array(y), sm.add_constant(np.array(t), has_constant="add")).fit()
    ci = fit.conf_int(1 - LEVEL)
    exact = exact_fit(fit, y)
    out = {"ols_status": "ok", "ols_df": str(int(fit.df_resid)),
           "ols_residual_sd": r(0.0 if exact else math.sqrt(fit.scale))}
    if np.var(y) > 0:
        out["ols_r_squared"] = r(fit.rsquared)
    for i, name in enumerate(["intercept", "slope"]):
        out["ols_%s" % name] = r(fit.params[i])
        out["ols_%s_se" % name] = r(0.0 if exact else fit.bse[i])
        if exact:
            out["ols_%s_ci_lower" % name] = out["ols_%s_ci_upper" % name] = r(fit.params[i])
            continue
        if fit.bse[i] > 0:
            out["ols_%s_t" % name] = r(fit.tvalues[i])
            out["ols_%s_p" % name] = r(fit.pvalues[i])
        out["ols_%s_ci_lower" % name] = r(ci[i][0])
        out["ols_%s_ci_upper" % name] = r(ci[i][1])
    return out


def theil_sen_columns(t, y):
    if len(set(t)) < 2:
        return {"ts_status": "constant_time"}
    res = scipy.stats.theilslopes(y, t, alpha=LEVEL)
    return {"ts_status": "ok", "ts_slope": r(res[0]), "ts_intercept": r(res[1]),
            "ts_slope_ci_lower": r(res[2]), "ts_slope_ci_upper": r(res[3])}


def mann_kendall_columns(t, y):
    if len(set(t)) != len(t):
        return {}  # tied times: no pymannkendall reference (see the docstring)
    ordered = [v for _, v in sorted(zip(t, y))]
    res = pymannkendall.original_test(ordered, alpha=1 - LEVEL)
    out = {"mk_status": "ok", "mk_s": r(res.s), "mk_var_s": r(res.var_s), "mk_z": r(res.z), "mk_tau": r(res.Tau)}
    if res.var_s > 0:
        out["mk_p"] = r(res.p)
    return out


HAC_LAGS = None  # set for the Newey-West reference (see visits)


def its_columns(t, y, t0):
    if t0 is None:
        return {"its_status": "no_intervention"}
    before = len({x for x in t if x < t0})
    after = len({x for x in t if x >= t0})
    out = {"its_intervention_time": r(t0), "its_n_before": str(sum(x < t0 for x in t)),
           "its_n_after": str(sum(x >= t0 for x in t))}
    if before < 2 or after < 2 or len(t) < 5:
        out["its_status"] = "insufficient_data" if (before < 2 or after < 2) else "estimates_only"
        return out
    order = np.argsort(np.array(t), kind="stable")  # Newey-West lags are in time order
    t_arr, y_arr = np.array(t)[order], np.array(y)[order]
    d = (t_arr >= t0).astype(float)
    x = np.column_stack([np.ones_like(t_arr), t_arr, d, (t_arr - t0) * d])
    if HAC_LAGS is None:
        fit = sm.OLS(y_arr, x).fit()
    else:
        fit = sm.OLS(y_arr, x).fit(method="qr", cov_type="HAC", cov_kwds={"maxlags": HAC_LAGS}, use_t=True)
    cov = fit.cov_params()
    ci = fit.conf_int(1 - LEVEL)
    out.update({"its_status": "ok", "its_df": str(int(fit.df_resid))})
    if exact_fit(fit, y):
        return out  # no reference for the inference of an exact fit (see exact_fit)
    out["its_residual_sd"] = r(math.sqrt(fit.scale))
    if np.var(y) > 0:
        out["its_r_squared"] = r(fit.rsquared)
    for i, name in enumerate(["intercept", "slope_before", "level_change", "slope_change"]):
        out["its_%s" % name] = r(fit.params[i])
        out["its_%s_se" % name] = r(fit.bse[i])
        out["its_%s_t" % name] = r(fit.tvalues[i])
        out["its_%s_p" % name] = r(fit.pvalues[i])
        out["its_%s_ci_lower" % name] = r(ci[i][0])
        out["its_%s_ci_upper" % name] = r(ci[i][1])
    if HAC_LAGS is not None:
        # A segment with 2 distinct times fits exactly (or, with a repeated time, its residuals
        # cancel pairwise in the lag-1 Newey-West sum): the variance of its line is rounding noise
        # in both programs (1e-9 against 0). Those cells get no reference value.
        n_before, n_after = len({x for x in t if x < t0}), len({x for x in t if x >= t0})
        noise = []
        if n_before == 2:
            noise += ["intercept", "slope_before"]
        if n_after == 2:
            noise += ["slope_after"]
        if n_before == 2 and n_after == 2:
            noise += ["level_change", "slope_change"]
        for name in noise:
            for suffix in ("_se", "_t", "_p", "_ci_lower", "_ci_upper"):
                out["its_%s%s" % (name, suffix)] = ""
        if noise:
            out["_noise"] = noise
    after_slope = fit.params[1] + fit.params[3]
    after_se = math.sqrt(cov[1][1] + cov[3][3] + 2 * cov[1][3])
    tq = scipy.stats.t.ppf(1 - (1 - LEVEL) / 2, fit.df_resid)
    out.update({"its_slope_after": r(after_slope), "its_slope_after_se": r(after_se),
                "its_slope_after_t": r(after_slope / after_se),
                "its_slope_after_p": r(2 * scipy.stats.t.sf(abs(after_slope / after_se), fit.df_resid)),
                "its_slope_after_ci_lower": r(after_slope - tq * after_se),
                "its_slope_after_ci_upper": r(after_slope + tq * after_se)})
    for name in out.pop("_noise", []):
        for suffix in ("_se", "_t", "_p", "_ci_lower", "_ci_upper"):
            out["its_%s%s" % (name, suffix)] = ""
    return out


def series_rows(key_columns, key, measure, times, values, methods, t0=None, extra=None):
    pairs = [(t, v) for t, v in zip(times, values) if t is not None and v is not None]
    row = dict(zip(key_columns, key))
    row.update({"measure": measure, "n": str(len(pairs)), "n_missing": str(len(times) - len(pairs))})
    if extra:
        row.update(extra)
    if len(pairs) < MIN_POINTS:
        row["status"] = "insufficient_data"
        for m in methods:
            row[{"ols": "ols_status", "theil-sen": "ts_status", "mann-kendall": "mk_status", "its": "its_status"}[m]] = \
                "insufficient_data"
        return row
    row["status"] = "ok"
    t = [p[0] for p in pairs]
    y = [p[1] for p in pairs]
    if "ols" in methods:
        row.update(ols_columns(t, y))
    if "theil-sen" in methods:
        row.update(theil_sen_columns(t, y))
    if "mann-kendall" in methods:
        row.update(mann_kendall_columns(t, y))
    if "its" in methods:
        row.update(its_columns(t, y, t0))
    return row


def write(path, rows, comment):
    columns = []
    for row in rows:
        for c in row:
            if c not in columns:
                columns.append(c)
    with open(path, "w", newline="", encoding="utf-8") as f:
        f.write("# " + comment + "\n")
        w = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
        w.writeheader()
        for row in rows:
            w.writerow(row)


def versions():
    return "numpy %s, scipy %s, statsmodels %s, pymannkendall %s, Python %s" % (
        np.__version__, scipy.__version__, statsmodels.__version__, getattr(pymannkendall, "__version__", "?"),
        sys.version.split()[0])


def visits(directory, hac_lags=None):
    global HAC_LAGS
    HAC_LAGS = hac_lags
    with open(os.path.join(directory, "visits.csv"), newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        records = list(reader)
    columns = {}
    for index, name in enumerate(header):
        base = re.sub(r"_\d+$", "", name)
        if base in score_reference.SITES:
            columns.setdefault(base, []).append(index)
    col = {name: i for i, name in enumerate(header)}
    order, by_subject, histories, changes = [], {}, {}, {}
    for rec in records:
        sid = rec[col["subject_id"]].strip()
        day = datetime.date.fromisoformat(rec[col["visit_date"]]).toordinal()
        abi_h = score_reference.score_row(rec, columns)["patient_abi"]
        _, significant, _ = score_reference.visit_change(histories.setdefault(sid, []), day, abi_h)
        changes[sid] = changes.get(sid, 0) + (1 if significant else 0)
        if sid not in by_subject:
            order.append(sid)
            by_subject[sid] = []
        by_subject[sid].append((day, None if abi_h is None else abi_h / 100, number(rec[col["ankle_blood_flow"]]),
                                number(rec[col["plantar_temp"]]), rec[col["intervention_date"]].strip()))
    rows = []
    methods = ["ols", "theil-sen", "mann-kendall", "its"] if hac_lags is None else ["its"]
    for sid in order:
        visits_ = by_subject[sid]
        origin = min(v[0] for v in visits_)
        times = [(v[0] - origin) / 365.25 for v in visits_]
        intervention = next((v[4] for v in visits_ if v[4]), "")
        t0 = (datetime.date.fromisoformat(intervention).toordinal() - origin) / 365.25 if intervention else None
        first = datetime.date.fromordinal(origin).isoformat()
        last = datetime.date.fromordinal(max(v[0] for v in visits_)).isoformat()
        for index, measure in enumerate(["abi", "ankle_blood_flow", "plantar_temp"]):
            extra = {"first_time": first, "last_time": last}
            if measure == "abi":
                extra["abi_significant_changes"] = str(changes[sid])
            rows.append(series_rows(["subject_id"], [sid], measure, times, [v[1 + index] for v in visits_], methods,
                                    t0, extra))
    if hac_lags is None:
        write(os.path.join(directory, "expected_visits.csv"), rows,
              "trend_cli_reference.py (%s) on visits.csv: --measure abi,ankle_blood_flow,plantar_temp "
              "--method ols,theil-sen,mann-kendall,its --intervention-column intervention_date" % versions())
    else:
        write(os.path.join(directory, "expected_visits_newey_west.csv"), rows,
              "trend_cli_reference.py (%s) on visits.csv: --measure abi,ankle_blood_flow,plantar_temp --method its "
              "--intervention-column intervention_date --newey-west-lags %d (statsmodels cov_type='HAC', maxlags, "
              "use_t=True, on the time-ordered design)" % (versions(), hac_lags))


def limbs(directory):
    with open(os.path.join(directory, "limbs.csv"), newline="", encoding="utf-8") as f:
        records = list(csv.DictReader(f))
    order, series = [], {}
    for rec in records:
        key = (rec["subject_id"], rec["limb"])
        if key not in series:
            order.append(key)
            series[key] = []
        series[key].append((float(rec["session"]), number(rec["plantar_temp"])))
    rows = [series_rows(["subject_id", "limb"], key, "plantar_temp", [p[0] for p in series[key]],
                        [p[1] for p in series[key]], ["ols", "theil-sen", "mann-kendall"]) for key in order]
    write(os.path.join(directory, "expected_limbs.csv"), rows,
          "trend_cli_reference.py (%s) on limbs.csv: --time session --by limb --measure plantar_temp "
          "--method ols,theil-sen,mann-kendall" % versions())


def decimal_years(directory):
    with open(os.path.join(directory, "decimal_years.csv"), newline="", encoding="utf-8") as f:
        records = list(csv.DictReader(f))
    order, series = [], {}
    for rec in records:
        sid = rec["subject_id"]
        if sid not in series:
            order.append(sid)
            series[sid] = []
        series[sid].append((float(rec["year"]), number(rec["abi"])))
    rows = [series_rows(["subject_id"], [sid], "abi", [p[0] for p in series[sid]], [p[1] for p in series[sid]], ["ols"])
            for sid in order]
    write(os.path.join(directory, "expected_decimal_years.csv"), rows,
          "trend_cli_reference.py (%s) on decimal_years.csv: --time year --measure abi --method ols "
          "(numeric times used as given: intercept at year 0)" % versions())


def main():
    directory = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "Fixtures", "trend")
    visits(directory)
    visits(directory, hac_lags=1)
    limbs(directory)
    decimal_years(directory)


if __name__ == "__main__":
    main()
