import RealModule

/// A two-sample t test of mean(first) - mean(second): Welch's (Welch 1947, Satterthwaite degrees
/// of freedom) or Student's (pooled variance, n1 + n2 - 2 degrees of freedom), with the confidence
/// interval of the difference. As R `t.test(x, y, var.equal = ...)` and scipy.stats.ttest_ind.
public struct TwoSampleTTestResult: Sendable, Equatable {
    /// true: Student's pooled-variance test; false: Welch's.
    public let equalVariances: Bool
    public let firstCount: Int
    public let secondCount: Int
    public let firstMean: Double
    public let secondMean: Double
    /// mean(first) - mean(second).
    public let difference: Double
    public let standardError: Double
    public let confidenceInterval: ConfidenceInterval
    /// t.
    public let statistic: Double
    public let degreesOfFreedom: Double
    /// Two-sided p-value.
    public let pValue: Double
}

/// Mann-Whitney U test (Mann & Whitney 1947), two-sided, as scipy.stats.mannwhitneyu.
public struct MannWhitneyUResult: Sendable, Equatable {
    public let firstCount: Int
    public let secondCount: Int
    /// U of the first sample: R1 - n1 (n1 + 1) / 2 (scipy's statistic).
    public let statistic: Double
    /// (max(U1, U2) - n1 n2 / 2 - 0.5 with continuity correction) / sd; nil for exact.
    public let z: Double?
    public let hasTies: Bool
    public let method: RankTestMethod
    public let continuityCorrection: Bool
    /// Two-sided p-value.
    public let pValue: Double
}

/// Tests between two independent samples. NaN and infinite values are left out; a test returns nil
/// when it is undefined (too few values, zero variance).
public enum TwoSampleComparison {
    /// Welch's (default) or Student's two-sample t test; nil when a sample has fewer than 2 values
    /// (Student: n1 + n2 < 3 and each at least 1) or the standard error is 0.
    public static func tTest(_ first: [Double], _ second: [Double], equalVariances: Bool = false,
                             level: Double = 0.95) -> TwoSampleTTestResult? {
        precondition(level > 0 && level < 1, "level must be in (0, 1)")
        let a = first.filter(\.isFinite), b = second.filter(\.isFinite)
        let sa = SampleSummary(a), sb = SampleSummary(b)
        let n1 = Double(a.count), n2 = Double(b.count)
        let se: Double, df: Double
        if equalVariances {
            guard a.count >= 1, b.count >= 1, a.count + b.count >= 3 else { return nil }
            let squares = (a.count > 1 ? sa.variance * (n1 - 1) : 0) + (b.count > 1 ? sb.variance * (n2 - 1) : 0)
            df = n1 + n2 - 2
            se = (squares / df * (1 / n1 + 1 / n2)).squareRoot()
        } else {
            guard a.count >= 2, b.count >= 2 else { return nil }
            let s1 = sa.variance / n1, s2 = sb.variance / n2
            se = (s1 + s2).squareRoot()
            df = (s1 + s2) * (s1 + s2) / (s1 * s1 / (n1 - 1) + s2 * s2 / (n2 - 1))
        }
        guard se > 0, df > 0 else { return nil }
        let difference = sa.mean - sb.mean
        let t = difference / se
        let distribution = StudentTDistribution(degreesOfFreedom: df)
        let critical = distribution.inverseSurvival((1 - level) / 2)
        return TwoSampleTTestResult(
            equalVariances: equalVariances, firstCount: a.count, secondCount: b.count, firstMean: sa.mean, secondMean: sb.mean,
            difference: difference, standardError: se,
            confidenceInterval: ConfidenceInterval(lower: difference - critical * se, upper: difference + critical * se, level: level),
            statistic: t, degreesOfFreedom: df, pValue: min(2 * distribution.survival(abs(t)), 1))
    }

    /// The Mann-Whitney U test, two-sided, as scipy.stats.mannwhitneyu(x, y, method:,
    /// use_continuity:) in scipy 1.17. `automatic` uses the exact distribution when there are no
    /// ties and one sample has at most 8 values (scipy's `_mwu_choose_method`) and n1 n2 <= 10,000
    /// (the counting takes time about min(n1, n2)^2 n1 n2; scipy has no such limit, so beyond it
    /// abikit and scipy's "auto" differ), the normal approximation otherwise.
    /// - exact: p = 2 P(U >= floor(max(U1, U2))), capped at 1 (exact only without ties).
    /// - asymptotic: z = (max(U1, U2) - n1 n2 / 2 - 0.5) / sigma,
    ///   sigma^2 = n1 n2 / 12 [(n + 1) - sum(t^3 - t) / (n (n - 1))]; p = 2 Phi(-z), capped at 1.
    /// nil when a sample is empty or every value is tied (asymptotic).
    public static func mannWhitneyU(_ first: [Double], _ second: [Double], continuityCorrection: Bool = true,
                                    method choice: RankTestMethodChoice = .automatic) -> MannWhitneyUResult? {
        let a = first.filter(\.isFinite), b = second.filter(\.isFinite)
        guard !a.isEmpty, !b.isEmpty else { return nil }
        let (ranks, tieTerm) = GroupComparison.ranks(a + b)
        let n1 = Double(a.count), n2 = Double(b.count), n = n1 + n2
        let u1 = ranks[0..<a.count].reduce(0, +) - n1 * (n1 + 1) / 2
        let u = max(u1, n1 * n2 - u1)
        let hasTies = tieTerm > 0
        let useExact: Bool
        switch choice {
        case .exact: useExact = true
        case .asymptotic: useExact = false
        case .automatic: useExact = !hasTies && (a.count <= 8 || b.count <= 8) && a.count * b.count <= 10_000
        }
        if useExact {
            let counts = RankDistributions.mannWhitneyCounts(m: a.count, n: b.count)
            // scipy truncates a tied (half-integer) U before its survival function.
            let upper = RankDistributions.tails(counts, at: Int(u.rounded(.down))).upper
            return MannWhitneyUResult(firstCount: a.count, secondCount: b.count, statistic: u1, z: nil, hasTies: hasTies,
                                      method: .exact, continuityCorrection: false, pValue: min(2 * upper, 1))
        }
        let variance = n1 * n2 / 12 * ((n + 1) - tieTerm / (n * (n - 1)))
        guard variance > 0 else { return nil }
        let z = (u - n1 * n2 / 2 - (continuityCorrection ? 0.5 : 0)) / variance.squareRoot()
        return MannWhitneyUResult(firstCount: a.count, secondCount: b.count, statistic: u1, z: z, hasTies: hasTies,
                                  method: .asymptotic, continuityCorrection: continuityCorrection,
                                  pValue: min(2 * NormalDistribution.standardCDF(-z), 1))
    }
}
