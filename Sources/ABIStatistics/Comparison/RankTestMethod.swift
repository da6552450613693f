/// How a rank test's p-value is computed.
public enum RankTestMethod: String, Sendable, Equatable, Hashable, CaseIterable {
    /// The exact permutation distribution (no ties, no zeros).
    case exact
    /// The normal approximation with tie correction (and continuity correction when asked).
    case asymptotic
}

/// Which rank-test method to use: `automatic` picks `exact` where the exact distribution is valid
/// and small (see each test), `asymptotic` otherwise.
public enum RankTestMethodChoice: String, Sendable, Equatable, Hashable, CaseIterable {
    case automatic, exact, asymptotic
}

/// How the Wilcoxon signed-rank test treats zero differences, as scipy.stats.wilcoxon's
/// `zero_method` (scipy 1.17 documentation).
public enum WilcoxonZeroMethod: String, Sendable, Equatable, Hashable, CaseIterable {
    /// Wilcoxon (1945): zero differences are dropped before ranking (the default of scipy and R).
    case wilcox
    /// Pratt (1959): zeros are ranked with the others, then their ranks are dropped; the normal
    /// approximation's mean and variance are adjusted (Cureton 1967).
    case pratt
    /// Zero ranks are split equally between the positive and negative rank sums.
    case zsplit
}

/// Mean, variance (n - 1 denominator) and count of finite values, the mean refined by one
/// correction pass (Bjorck 1996, as in `GroupComparison`).
struct SampleSummary {
    let count: Int
    let mean: Double
    let variance: Double

    init(_ values: [Double]) {
        count = values.count
        guard !values.isEmpty else { mean = .nan; variance = .nan; return }
        let n = Double(values.count)
        let first = values.reduce(0, +) / n
        var correction = 0.0
        for value in values { correction += value - first }
        let refined = first + correction / n
        var squares = 0.0
        for value in values { squares += (value - refined) * (value - refined) }
        mean = refined
        variance = values.count > 1 ? squares / (n - 1) : .nan
    }

    var standardDeviation: Double { variance.squareRoot() }
}
