import RealModule

/// An omnibus test across k >= 2 independent groups.
public struct OmnibusTestResult: Sendable, Equatable {
    /// F (ANOVA, Welch) or H (Kruskal-Wallis).
    public let statistic: Double
    /// [df1, df2] for the F tests, [k - 1] for Kruskal-Wallis.
    public let degreesOfFreedom: [Double]
    public let pValue: Double
}

/// Tests across several independent groups. NaN and infinite values are left out; groups left
/// empty are ignored; nil when the test is undefined.
public enum SeveralGroups {
    /// One-way ANOVA (Fisher 1925), as scipy.stats.f_oneway / R `oneway.test(var.equal = TRUE)`.
    public static func oneWayANOVA(_ groups: [[Double]]) -> OmnibusTestResult? {
        GroupComparison.oneWayANOVA(groups).map { OmnibusTestResult(statistic: $0.statistic, degreesOfFreedom: $0.degreesOfFreedom, pValue: $0.pValue) }
    }

    /// Welch's heteroscedastic one-way ANOVA (Welch 1951, Biometrika 38, 330-336), as R
    /// `oneway.test(var.equal = FALSE)` and pingouin `welch_anova`: w_i = n_i / s_i^2,
    /// F = [sum w_i (m_i - m_w)^2 / (k - 1)] / [1 + 2 (k - 2) / (k^2 - 1) sum (1 - w_i / W)^2 / (n_i - 1)],
    /// on (k - 1, (k^2 - 1) / (3 sum (1 - w_i / W)^2 / (n_i - 1))) degrees of freedom. Needs every
    /// group with 2 values and a nonzero variance.
    public static func welchANOVA(_ groups: [[Double]]) -> OmnibusTestResult? {
        let samples = groups.map { $0.filter(\.isFinite) }.filter { !$0.isEmpty }
        let k = Double(samples.count)
        guard samples.count >= 2, samples.allSatisfy({ $0.count >= 2 }) else { return nil }
        let summaries = samples.map(SampleSummary.init)
        guard summaries.allSatisfy({ $0.variance > 0 }) else { return nil }
        let weights = summaries.map { Double($0.count) / $0.variance }
        let total = weights.reduce(0, +)
        let weightedMean = zip(weights, summaries).reduce(0) { $0 + $1.0 * $1.1.mean } / total
        var between = 0.0, correction = 0.0
        for (w, s) in zip(weights, summaries) {
            between += w * (s.mean - weightedMean) * (s.mean - weightedMean)
            let share = 1 - w / total
            correction += share * share / Double(s.count - 1)
        }
        let numerator = between / (k - 1)
        let denominator = 1 + 2 * (k - 2) / (k * k - 1) * correction
        let f = numerator / denominator
        let df2 = (k * k - 1) / (3 * correction)
        let p = FDistribution(numeratorDegreesOfFreedom: k - 1, denominatorDegreesOfFreedom: df2).survival(f)
        return OmnibusTestResult(statistic: f, degreesOfFreedom: [k - 1, df2], pValue: p)
    }

    /// Kruskal-Wallis H with the tie correction (Kruskal & Wallis 1952), chi-square on k - 1; as
    /// scipy.stats.kruskal and R `kruskal.test`.
    public static func kruskalWallis(_ groups: [[Double]]) -> OmnibusTestResult? {
        GroupComparison.kruskalWallis(groups).map { OmnibusTestResult(statistic: $0.statistic, degreesOfFreedom: $0.degreesOfFreedom, pValue: $0.pValue) }
    }
}

/// Multiple-testing adjustment of p-values, as R `p.adjust` (and statsmodels `multipletests`
/// with the same names: holm, simes-hochberg, bonferroni, fdr_bh, fdr_by).
public enum PValueAdjustment: String, Sendable, Equatable, Hashable, CaseIterable {
    /// Holm (1979) step-down.
    case holm
    /// Hochberg (1988) step-up.
    case hochberg
    case bonferroni
    /// Benjamini & Hochberg (1995) false discovery rate.
    case bh
    /// Benjamini & Yekutieli (2001), valid under dependence.
    case by
    case none

    /// The adjusted p-values in the input order. NaN entries stay NaN and do not count in the family
    /// size (as R `p.adjust`, whose n is the number of non-missing p-values).
    public func adjust(_ pValues: [Double]) -> [Double] {
        let present = pValues.indices.filter { !pValues[$0].isNaN }
        let n = present.count
        var result = pValues
        guard n > 0, self != .none else { return result }
        let m = Double(n)
        switch self {
        case .bonferroni:
            for index in present { result[index] = min(1, m * pValues[index]) }
        case .holm:
            // Increasing p; cumulative max of (n - i + 1) p_(i).
            let order = present.sorted { pValues[$0] < pValues[$1] }
            var running = 0.0
            for (i, index) in order.enumerated() {
                running = max(running, (m - Double(i)) * pValues[index])
                result[index] = min(1, running)
            }
        case .hochberg, .bh, .by:
            // Decreasing p; cumulative min from the largest.
            let order = present.sorted { pValues[$0] > pValues[$1] }
            let q = self == .by ? (1...n).reduce(0.0) { $0 + 1 / Double($1) } : 1
            var running = Double.infinity
            for (position, index) in order.enumerated() {
                let rank = Double(n - position)  // rank i of this p in increasing order
                let candidate = self == .hochberg ? (m - rank + 1) * pValues[index] : q * m / rank * pValues[index]
                running = min(running, candidate)
                result[index] = min(1, running)
            }
        case .none:
            break
        }
        return result
    }
}
