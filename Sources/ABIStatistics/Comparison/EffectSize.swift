import RealModule

/// Which standardized mean difference.
public enum StandardizedMeanDifferenceKind: String, Sendable, Equatable, Hashable, CaseIterable {
    /// Cohen's d_z = mean(d) / sd(d) of paired differences (Cohen 1988, eq. 2.3.5); R
    /// `effectsize::cohens_d(x, y, paired = TRUE)`, pingouin `compute_effsize(eftype="cohen_dz")`.
    case cohensDz = "d_z"
    /// Hedges' g_av of paired data: (mean(post) - mean(pre)) / sqrt((sd_pre^2 + sd_post^2) / 2)
    /// (Cumming 2012, the "d_av" of Lakens 2013 with Cumming's denominator) times
    /// 1 - 3 / (4 (2n) - 9); as pingouin `compute_effsize(paired=True, eftype="hedges")`.
    case hedgesGav = "g_av"
    /// Hedges' g of two independent groups: (m1 - m2) / pooled sd times the exact small-sample
    /// correction J(df) = Gamma(df/2) / (sqrt(df/2) Gamma((df-1)/2)), df = n1 + n2 - 2
    /// (Hedges 1981); as R `effectsize::hedges_g` (0.8).
    case hedgesG = "g"
}

/// A standardized mean difference with its confidence interval (nil where no exact interval is
/// defined: g_av; or |t| > `EffectSize.largestNoncentralT`).
public struct StandardizedMeanDifference: Sendable, Equatable {
    public let kind: StandardizedMeanDifferenceKind
    public let estimate: Double
    public let confidenceInterval: ConfidenceInterval?
}

/// Which side(s) a confidence interval bounds.
public enum IntervalSides: String, Sendable, Equatable, Hashable, CaseIterable {
    /// Lower bound at the level, upper bound the parameter's maximum: R effectsize's default for
    /// eta-squared and omega-squared (`alternative = "greater"`).
    case oneSided = "one-sided"
    /// Both bounds at (1 - level) / 2 (the older "90% CI for eta-squared" convention is two-sided
    /// at level 0.90; this is the two-sided interval at the level given).
    case twoSided = "two-sided"
}

/// Eta-squared and omega-squared of a one-way ANOVA with confidence intervals from the noncentral F
/// distribution (Steiger 2004), exactly as R effectsize 0.8 `F_to_eta2` / `F_to_omega2`
/// (= `eta_squared` / `omega_squared` of a one-way `aov`).
public struct VarianceExplainedResult: Sendable, Equatable {
    /// SS_between / SS_total = F df1 / (F df1 + df2).
    public let etaSquared: Double
    /// max(0, (F - 1) df1 / (F df1 + df2 + 1)) (Hays 1963).
    public let omegaSquared: Double
    public let etaSquaredInterval: ConfidenceInterval
    /// From the noncentral F at the F implied by omega-squared, as effectsize does.
    public let omegaSquaredInterval: ConfidenceInterval
    public let sides: IntervalSides
}

/// Standardized effect sizes with noncentral confidence intervals.
public enum EffectSize {
    /// The largest |t| for which noncentral-t limits are computed (the cost grows with |t|).
    public static let largestNoncentralT = 200.0

    static func interval(_ limits: (lower: Double, upper: Double), scale: Double, level: Double) -> ConfidenceInterval? {
        guard limits.lower.isFinite, limits.upper.isFinite else { return nil }
        return ConfidenceInterval(lower: limits.lower * scale, upper: limits.upper * scale, level: level)
    }

    /// The noncentrality limits for an observed t on df: the deltas with P(T <= t; df, delta) =
    /// 1 - alpha/2 and alpha/2 (Steiger & Fouladi 1997), as effectsize `.get_ncp_t` but solved to
    /// full precision (effectsize minimizes with `optim`, abstol 1e-9).
    /// Both limits are NaN when |t| > `largestNoncentralT` (the series then needs millions of terms).
    public static func noncentralityInterval(t: Double, degreesOfFreedom df: Double, level: Double) -> (lower: Double, upper: Double) {
        guard abs(t) <= largestNoncentralT else { return (.nan, .nan) }
        let alpha = 1 - level
        let lower = NoncentralTDistribution.noncentrality(observed: t, degreesOfFreedom: df, cdf: 1 - alpha / 2)
        let upper = NoncentralTDistribution.noncentrality(observed: t, degreesOfFreedom: df, cdf: alpha / 2)
        return (lower, upper)
    }

    /// Cohen's d_z of paired differences with the noncentral-t interval: d_z = t / sqrt(n),
    /// limits delta / sqrt(n) (effectsize::cohens_d(paired = TRUE)). nil with fewer than 2
    /// differences or zero variance.
    public static func cohensDz(differences: [Double], level: Double = 0.95) -> StandardizedMeanDifference? {
        let d = differences.filter(\.isFinite)
        guard d.count >= 2 else { return nil }
        let summary = SampleSummary(d)
        guard summary.standardDeviation > 0 else { return nil }
        let n = Double(d.count)
        let estimate = summary.mean / summary.standardDeviation
        let t = estimate * n.squareRoot()
        let limits = noncentralityInterval(t: t, degreesOfFreedom: n - 1, level: level)
        return StandardizedMeanDifference(kind: .cohensDz, estimate: estimate,
                                          confidenceInterval: interval(limits, scale: 1 / n.squareRoot(), level: level))
    }

    /// Hedges' g_av of paired data (see `StandardizedMeanDifferenceKind.hedgesGav`), no interval.
    /// nil with fewer than 2 complete pairs or both SDs zero.
    public static func hedgesGav(pre: [Double], post: [Double]) -> StandardizedMeanDifference? {
        precondition(pre.count == post.count, "pre and post must have the same length")
        var a: [Double] = [], b: [Double] = []
        for (x, y) in zip(pre, post) where x.isFinite && y.isFinite { a.append(x); b.append(y) }
        guard a.count >= 2 else { return nil }
        let sa = SampleSummary(a), sb = SampleSummary(b)
        let denominator = ((sa.variance + sb.variance) / 2).squareRoot()
        guard denominator > 0 else { return nil }
        let n = Double(a.count)
        let d = (sb.mean - sa.mean) / denominator
        return StandardizedMeanDifference(kind: .hedgesGav, estimate: d * (1 - 3 / (4 * (2 * n) - 9)), confidenceInterval: nil)
    }

    /// J(df) = Gamma(df/2) / (sqrt(df/2) Gamma((df - 1)/2)), Hedges' (1981) exact bias correction.
    /// For df >= 100 by the asymptotic series of Gamma(x + 1/2) / (sqrt(x) Gamma(x)), x = (df - 1)/2
    /// (DLMF 5.11.13; truncation error below 2e-15 there), because the difference of log-gammas
    /// loses about log10(df) digits (7e-11 relative at df = 98,000).
    public static func hedgesCorrection(degreesOfFreedom df: Double) -> Double {
        guard df >= 100 else {
            return Double.exp(Double.logGamma(df / 2) - Double.log((df / 2).squareRoot()) - Double.logGamma((df - 1) / 2))
        }
        let x = (df - 1) / 2, r = 1 / x
        let series = 1 + r * (-1.0 / 8 + r * (1.0 / 128 + r * (5.0 / 1024 + r * (-21.0 / 32768 + r * (-399.0 / 262_144 + r * 869.0 / 4_194_304)))))
        return (x / (x + 0.5)).squareRoot() * series
    }

    /// Hedges' g of mean(first) - mean(second), pooled SD, with the noncentral-t interval times
    /// J(df): as effectsize::hedges_g (0.8). nil when n1 + n2 < 4, a group is empty or the pooled
    /// SD is 0.
    public static func hedgesG(_ first: [Double], _ second: [Double], level: Double = 0.95) -> StandardizedMeanDifference? {
        let a = first.filter(\.isFinite), b = second.filter(\.isFinite)
        guard !a.isEmpty, !b.isEmpty, a.count + b.count >= 4 else { return nil }
        let sa = SampleSummary(a), sb = SampleSummary(b)
        let n1 = Double(a.count), n2 = Double(b.count), df = n1 + n2 - 2
        let squares = (a.count > 1 ? sa.variance * (n1 - 1) : 0) + (b.count > 1 ? sb.variance * (n2 - 1) : 0)
        let pooled = (squares / df).squareRoot()
        guard pooled > 0 else { return nil }
        let d = (sa.mean - sb.mean) / pooled
        let scale = (1 / n1 + 1 / n2).squareRoot()
        let t = d / scale
        let limits = noncentralityInterval(t: t, degreesOfFreedom: df, level: level)
        let j = hedgesCorrection(degreesOfFreedom: df)
        return StandardizedMeanDifference(kind: .hedgesG, estimate: d * j, confidenceInterval: interval(limits, scale: scale * j, level: level))
    }

    /// Eta-squared and omega-squared from a one-way ANOVA's F on (df1, df2), with intervals from the
    /// noncentral F: lambda limits from P(F <= f; lambda) = level (one-sided; upper limit 1) or
    /// 1 - alpha/2 and alpha/2 (two-sided), each 0 when lambda = 0 already reaches it; a limit is
    /// lambda / (lambda + df2). As R effectsize 0.8 `F_to_eta2` / `F_to_omega2`. Limits are NaN
    /// when F df1 > 1e5 (the noncentral series would need too many terms).
    public static func varianceExplained(f: Double, numeratorDegreesOfFreedom df1: Double,
                                         denominatorDegreesOfFreedom df2: Double, level: Double = 0.95,
                                         sides: IntervalSides = .oneSided) -> VarianceExplainedResult? {
        guard f.isFinite, f >= 0, df1 > 0, df2 > 0 else { return nil }
        let eta = f * df1 / (f * df1 + df2)
        let omega = max(0, (f - 1) * df1 / (f * df1 + df2 + 1))
        func interval(_ value: Double) -> ConfidenceInterval {
            let implied = max(0, (value / df1) / ((1 - value) / df2))
            // The series needs about sqrt(lambda) terms: beyond lambda ~ 1e5 the limits are left NaN.
            guard implied * df1 <= 1e5 else {
                return ConfidenceInterval(lower: .nan, upper: sides == .oneSided ? 1 : .nan, level: level)
            }
            let lowerTarget = sides == .oneSided ? level : 1 - (1 - level) / 2
            let lowerLambda = NoncentralFDistribution.noncentrality(observed: implied, numeratorDegreesOfFreedom: df1,
                                                                    denominatorDegreesOfFreedom: df2, cdf: lowerTarget)
            let upper: Double
            if sides == .oneSided {
                upper = 1
            } else {
                let upperLambda = NoncentralFDistribution.noncentrality(observed: implied, numeratorDegreesOfFreedom: df1,
                                                                        denominatorDegreesOfFreedom: df2, cdf: (1 - level) / 2)
                upper = upperLambda / (upperLambda + df2)
            }
            return ConfidenceInterval(lower: lowerLambda / (lowerLambda + df2), upper: upper, level: level)
        }
        return VarianceExplainedResult(etaSquared: eta, omegaSquared: omega, etaSquaredInterval: interval(eta),
                                       omegaSquaredInterval: interval(omega), sides: sides)
    }
}
