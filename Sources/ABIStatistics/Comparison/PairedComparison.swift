import RealModule

/// Paired t test of the differences post - pre (Student 1908): t = mean(d) / (sd(d) / sqrt(n)) on
/// n - 1 degrees of freedom, with the confidence interval of the mean difference. As R
/// `t.test(post, pre, paired = TRUE)` and scipy.stats.ttest_rel.
public struct PairedTTestResult: Sendable, Equatable {
    /// The number of pairs.
    public let count: Int
    public let meanDifference: Double
    /// The standard deviation of the differences (n - 1 denominator).
    public let standardDeviation: Double
    public let standardError: Double
    public let confidenceInterval: ConfidenceInterval
    /// t.
    public let statistic: Double
    public let degreesOfFreedom: Double
    /// Two-sided p-value.
    public let pValue: Double
}

/// Wilcoxon signed-rank test (Wilcoxon 1945) of the differences, two-sided, as scipy.stats.wilcoxon.
public struct WilcoxonSignedRankResult: Sendable, Equatable {
    /// Differences used (after `zeroMethod`: zeros dropped by `wilcox`, kept by `pratt`, `zsplit`).
    public let count: Int
    /// The number of zero differences.
    public let zeroCount: Int
    /// Whether nonzero |differences| are tied.
    public let hasTies: Bool
    /// The sum of the ranks of the positive (W+) and of the negative (W-) differences.
    public let positiveRankSum: Double
    public let negativeRankSum: Double
    /// min(W+, W-), the statistic scipy reports for the two-sided test.
    public let statistic: Double
    /// The standardized statistic (W+ - mean) / sd (continuity corrected when asked); nil for exact.
    public let z: Double?
    public let method: RankTestMethod
    public let zeroMethod: WilcoxonZeroMethod
    public let continuityCorrection: Bool
    /// Two-sided p-value.
    public let pValue: Double
}

/// Tests and effect sizes for paired data (the same subjects at two times).
public enum PairedComparison {
    /// The paired t test of `differences` (post - pre); nil with fewer than 2 finite differences or
    /// zero variance. NaN and infinite values are left out.
    public static func tTest(differences: [Double], level: Double = 0.95) -> PairedTTestResult? {
        precondition(level > 0 && level < 1, "level must be in (0, 1)")
        let d = differences.filter(\.isFinite)
        guard d.count >= 2 else { return nil }
        let summary = SampleSummary(d)
        let se = summary.standardDeviation / Double(d.count).squareRoot()
        guard se > 0 else { return nil }
        let df = Double(d.count - 1)
        let t = summary.mean / se
        let distribution = StudentTDistribution(degreesOfFreedom: df)
        let p = min(2 * distribution.survival(abs(t)), 1)
        let critical = distribution.inverseSurvival((1 - level) / 2)
        let interval = ConfidenceInterval(lower: summary.mean - critical * se, upper: summary.mean + critical * se, level: level)
        return PairedTTestResult(count: d.count, meanDifference: summary.mean, standardDeviation: summary.standardDeviation,
                                 standardError: se, confidenceInterval: interval, statistic: t, degreesOfFreedom: df, pValue: p)
    }

    /// The Wilcoxon signed-rank test, two-sided, of `differences` (post - pre), as
    /// scipy.stats.wilcoxon(d, zero_method:, correction:, method:) in scipy 1.17.
    ///
    /// - `automatic` uses the exact distribution when there are no ties and no zeros and at most 50
    ///   differences (scipy's rule for "exact"; where scipy 'auto' would run a permutation test on
    ///   tied data with n <= 13, this uses the normal approximation and the result says so).
    /// - exact: p = 2 min(P(W+ >= floor(W+)), P(W+ <= ceil(W+))), capped at 1 (scipy gh-19872).
    /// - asymptotic: z = (W+ - n(n+1)/4) / sqrt(n(n+1)(2n+1)/24 - sum(t^3 - t)/48), the mean and
    ///   variance reduced for Pratt's zeros (Cureton 1967), minus sign(z) 0.5 / sd with
    ///   continuity correction; p = 2 Phi(-|z|).
    /// nil when no difference is usable or the variance is zero.
    public static func wilcoxonSignedRank(differences: [Double], zeroMethod: WilcoxonZeroMethod = .wilcox,
                                          continuityCorrection: Bool = true,
                                          method choice: RankTestMethodChoice = .automatic) -> WilcoxonSignedRankResult? {
        let all = differences.filter(\.isFinite)
        let zeroCount = all.filter { $0 == 0 }.count
        let d = zeroMethod == .wilcox ? all.filter { $0 != 0 } : all
        guard !d.isEmpty, d.contains(where: { $0 != 0 }) else { return nil }
        let (ranks, _) = GroupComparison.ranks(d.map(abs))
        var positive = 0.0, negative = 0.0, zeroRanks = 0.0
        for (index, value) in d.enumerated() {
            if value > 0 { positive += ranks[index] } else if value < 0 { negative += ranks[index] } else { zeroRanks += ranks[index] }
        }
        if zeroMethod == .zsplit { positive += zeroRanks / 2; negative += zeroRanks / 2 }
        // Ties among the nonzero magnitudes (and, for the tie correction, all ranked values but Pratt's zeros).
        let nonzero = d.filter { $0 != 0 }.map(abs)
        let tieTermNonzero = GroupComparison.ranks(nonzero).tieTerm
        let hasTies = tieTermNonzero > 0 || (zeroMethod == .zsplit && zeroCount > 1)
        let n = Double(d.count)
        let useExact: Bool
        switch choice {
        case .exact: useExact = true
        case .asymptotic: useExact = false
        case .automatic: useExact = !hasTies && zeroCount == 0 && d.count <= 50
        }
        let statistic = min(positive, negative)
        if useExact {
            let counts = RankDistributions.signedRankCounts(n: d.count)
            let upper = RankDistributions.tails(counts, at: Int(positive.rounded(.down))).upper
            let lower = RankDistributions.tails(counts, at: Int(positive.rounded(.up))).lower
            return WilcoxonSignedRankResult(count: d.count, zeroCount: zeroCount, hasTies: hasTies, positiveRankSum: positive,
                                            negativeRankSum: negative, statistic: statistic, z: nil, method: .exact,
                                            zeroMethod: zeroMethod, continuityCorrection: false, pValue: min(2 * min(upper, lower), 1))
        }
        var mean = n * (n + 1) / 4
        var variance = n * (n + 1) * (2 * n + 1)
        var tieTerm = GroupComparison.ranks(d.map(abs)).tieTerm
        if zeroMethod == .pratt {
            let z0 = Double(zeroCount)
            mean -= z0 * (z0 + 1) / 4
            variance -= z0 * (z0 + 1) * (2 * z0 + 1)
            tieTerm = tieTermNonzero
        }
        let sd = ((variance - tieTerm / 2) / 24).squareRoot()
        guard sd > 0 else { return nil }
        var z = (positive - mean) / sd
        if continuityCorrection && z != 0 { z -= (z > 0 ? 0.5 : -0.5) / sd }
        let p = min(2 * NormalDistribution.standardCDF(-abs(z)), 1)
        return WilcoxonSignedRankResult(count: d.count, zeroCount: zeroCount, hasTies: hasTies, positiveRankSum: positive,
                                        negativeRankSum: negative, statistic: statistic, z: z, method: .asymptotic,
                                        zeroMethod: zeroMethod, continuityCorrection: continuityCorrection, pValue: p)
    }
}
