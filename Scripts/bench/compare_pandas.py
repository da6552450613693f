#!/usr/bin/env python3
"""Peer of `abikit compare IN --subject subject_id --time week --from 0 --to 24 --measure abi,tbi,ankle_systolic
--by arm` written as a user would with pandas + scipy + pingouin: per arm and measure the paired t test,
Wilcoxon signed-rank (normal approximation, tie and continuity corrections), Cohen's d_z with its
noncentral-t CI and Hedges' g_av (pingouin); between the arms on the change Welch's t, Mann-Whitney U
and Hedges' g with its noncentral-t CI (as abikit and R effectsize); Holm within each family
(pingouin.multicomp). Writes one CSV row per comparison; prints "timing: import X s, read Y s, compute Z s" to stderr.
Usage: compare_pandas.py IN.csv OUT.csv"""
import sys
import time

start = time.perf_counter()
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pingouin as pg  # noqa: E402
from scipy import optimize, special, stats  # noqa: E402

imported = time.perf_counter()
src, out = sys.argv[1], sys.argv[2]
measures = ["abi", "tbi", "ankle_systolic"]
frame = pd.read_csv(src, dtype={"subject_id": str, "arm": str})
loaded = time.perf_counter()


def ncp_interval(t, df, level=0.95):
    """Noncentralities with P(T <= t) = 0.975 and 0.025 (Steiger & Fouladi 1997)."""
    lo_tail, hi_tail = (1 + level) / 2, (1 - level) / 2
    f = lambda ncp, q: stats.nct.cdf(t, df, ncp) - q  # noqa: E731
    width = 4 * np.sqrt(1 + t * t / (2 * df)) + 1  # a bracket of about +-4 SE: Boost's nct.cdf is NaN far out
    return (optimize.brentq(f, t - width, t + width, args=(lo_tail,), xtol=1e-12),
            optimize.brentq(f, t - width, t + width, args=(hi_tail,), xtol=1e-12))


rows = []
first = frame.groupby("subject_id", sort=False)["arm"].first()
for measure in measures:
    wide = frame[frame.week.isin([0, 24])].pivot_table(index="subject_id", columns="week", values=measure, aggfunc="first")
    wide = wide.dropna()
    wide["arm"] = first.reindex(wide.index)
    wide["change"] = wide[24] - wide[0]
    changes = {}
    for arm, g in wide.groupby("arm"):
        pre, post, d = g[0].to_numpy(), g[24].to_numpy(), g["change"].to_numpy()
        n = len(d)
        tt = stats.ttest_rel(post, pre)
        ci = tt.confidence_interval(0.95)
        w = stats.wilcoxon(d, zero_method="wilcox", correction=True, method="asymptotic")
        dz = d.mean() / d.std(ddof=1)
        lo, hi = ncp_interval(tt.statistic, n - 1)
        g_av = pg.compute_effsize(post, pre, paired=True, eftype="hedges")
        rows.append(dict(measure=measure, comparison="within", group=arm, n=n, estimate=d.mean(), t=tt.statistic,
                         df=n - 1, p=tt.pvalue, ci_low=ci.low, ci_high=ci.high, rank=w.statistic, rank_p=w.pvalue,
                         effect=dz, effect_low=lo / np.sqrt(n), effect_high=hi / np.sqrt(n), effect_2=g_av))
        changes[arm] = d
    (a, x), (b, y) = sorted(changes.items())
    welch = stats.ttest_ind(x, y, equal_var=False)
    ci = welch.confidence_interval(0.95)
    mw = stats.mannwhitneyu(x, y, use_continuity=True, alternative="two-sided", method="asymptotic")
    n1, n2 = len(x), len(y)
    df = n1 + n2 - 2
    pooled = np.sqrt(((n1 - 1) * x.var(ddof=1) + (n2 - 1) * y.var(ddof=1)) / df)
    j = special.poch((df - 1) / 2, 0.5) / np.sqrt(df / 2)  # Hedges' J; exp(gammaln - gammaln) loses 7e-11 at df ~ 1e5
    t_student = (x.mean() - y.mean()) / (pooled * np.sqrt(1 / n1 + 1 / n2))
    lo, hi = ncp_interval(t_student, df)
    scale = np.sqrt(1 / n1 + 1 / n2) * j
    rows.append(dict(measure=measure, comparison="between", group=a, n=n1, estimate=x.mean() - y.mean(),
                     t=welch.statistic, df=welch.df, p=welch.pvalue, ci_low=ci.low, ci_high=ci.high, rank=mw.statistic,
                     rank_p=mw.pvalue, effect=(x.mean() - y.mean()) / pooled * j, effect_low=lo * scale, effect_high=hi * scale))
result = pd.DataFrame(rows)
for kind, idx in result.groupby("comparison").groups.items():
    result.loc[idx, "p_adjusted"] = pg.multicomp(result.loc[idx, "p"].to_numpy(), method="holm")[1]
    result.loc[idx, "rank_p_adjusted"] = pg.multicomp(result.loc[idx, "rank_p"].to_numpy(), method="holm")[1]
result.to_csv(out, index=False, float_format="%.17g")
done = time.perf_counter()
print(f"timing: import {imported - start:.3f} s, read {loaded - imported:.3f} s, compute {done - loaded:.3f} s", file=sys.stderr)
