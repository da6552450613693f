import RealModule

/// Which correlation coefficient a ``CorrelationTestResult`` tests.
public enum CorrelationCoefficientKind: String, Sendable, Equatable, Hashable, CaseIterable {
    /// Pearson's product-moment correlation.
    case pearson
    /// Spearman's rank correlation (Pearson's on average ranks).
    case spearman
    /// Repeated-measures correlation (Bakdash & Marusich 2017): the common within-subject association.
    case repeatedMeasures
}

/// Why a ``CorrelationTestResult`` lacks a p-value or an interval, or what to keep in mind.
public enum CorrelationTestNote: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The coefficient is undefined (a constant column, or no variation within subjects).
    case undefinedCoefficient
    /// Too few degrees of freedom for the t test (needs at least 1).
    case tooFewForTest(degreesOfFreedom: Int)
    /// Too few for the Fisher z interval (Pearson/Spearman need n >= 4; rmcorr needs df >= 4).
    case tooFewForInterval(degreesOfFreedom: Int)
    /// |r| = 1: t is infinite, p = 0 and the interval is the single point r.
    case perfectCorrelation
    /// Subjects with one complete row carry no within-subject information (they still count in k).
    case subjectsWithOneObservation(count: Int)

    public var description: String {
        switch self {
        case .undefinedCoefficient: "the coefficient is undefined (no variation): no test"
        case .tooFewForTest(let df): "\(df) degrees of freedom: no test"
        case .tooFewForInterval(let df): "\(df) degrees of freedom: too few for the Fisher z interval"
        case .perfectCorrelation: "perfect correlation: p = 0 and the interval is a single point"
        case .subjectsWithOneObservation(let count): "\(count) subject(s) with one complete row add nothing within subjects"
        }
    }
}

/// A correlation coefficient with its t test and Fisher z confidence interval.
///
/// - Pearson: t = r sqrt(df / (1 - r^2)) on df = n - 2, two-sided p; interval
///   tanh(atanh(r) -/+ z_{(1+level)/2} / sqrt(n - 3)), exactly as R's `cor.test` (needs n >= 4).
/// - Spearman: the same t approximation on the coefficient of the ranks, as
///   `scipy.stats.spearmanr`; the interval is the Fisher z interval with SE 1/sqrt(n - 3), as
///   `pingouin.corr(method="spearman")` gives it (R's `cor.test` gives no Spearman interval).
/// - Repeated measures (``RepeatedMeasuresCorrelation``): df = N - k - 1; the same t test (equal to
///   the F test of the common slope in the ANCOVA y ~ subject + x); interval with SE 1/sqrt(df - 3)
///   as the R package rmcorr (via `psych::r.con(r, df)`). pingouin's `rm_corr` uses 1/sqrt(df - 1).
public struct CorrelationTestResult: Sendable, Equatable {
    public let kind: CorrelationCoefficientKind
    /// How it was computed, for reports.
    public let method: String
    /// The coefficient; NaN when undefined.
    public let coefficient: Double
    /// Complete rows (pairs) used.
    public let count: Int
    /// Subjects (repeated-measures correlation only).
    public let subjectCount: Int?
    /// Degrees of freedom of the t test: n - 2, or N - k - 1 for the repeated-measures correlation.
    public let degreesOfFreedom: Int
    /// t = r sqrt(df / (1 - r^2)); infinite for |r| = 1; nil without a test.
    public let tStatistic: Double?
    /// Two-sided p-value from Student's t on `degreesOfFreedom`; nil without a test.
    public let pValue: Double?
    /// Standard error of atanh(r) for the interval (1/sqrt(n - 3), or 1/sqrt(df - 3)); nil when too few.
    public let fisherZStandardError: Double?
    public let notes: [CorrelationTestNote]

    public init(kind: CorrelationCoefficientKind, method: String, coefficient: Double, count: Int, subjectCount: Int?,
                degreesOfFreedom: Int, fisherZStandardError: Double?, notes: [CorrelationTestNote]) {
        self.kind = kind
        self.method = method
        self.coefficient = coefficient
        self.count = count
        self.subjectCount = subjectCount
        self.degreesOfFreedom = degreesOfFreedom
        var notes = notes
        let r = coefficient
        if r.isNaN {
            if !notes.contains(.undefinedCoefficient) { notes.append(.undefinedCoefficient) }
            tStatistic = nil
            pValue = nil
            self.fisherZStandardError = nil
        } else if degreesOfFreedom < 1 {
            notes.append(.tooFewForTest(degreesOfFreedom: degreesOfFreedom))
            tStatistic = nil
            pValue = nil
            self.fisherZStandardError = nil
        } else {
            let df = Double(degreesOfFreedom)
            if abs(r) >= 1 {
                notes.append(.perfectCorrelation)
                tStatistic = r > 0 ? .infinity : -.infinity
                pValue = 0
            } else {
                let t = r * (df / ((1 - r) * (1 + r))).squareRoot()
                tStatistic = t
                pValue = min(1, 2 * StudentTDistribution(degreesOfFreedom: df).survival(abs(t)))
            }
            self.fisherZStandardError = fisherZStandardError
            if fisherZStandardError == nil { notes.append(.tooFewForInterval(degreesOfFreedom: degreesOfFreedom)) }
        }
        self.notes = notes
    }

    /// The Fisher z interval tanh(atanh(r) -/+ z_{(1+level)/2} SE); nil when undefined.
    /// - Precondition: 0 < level < 1.
    public func confidenceInterval(level: Double = 0.95) -> ConfidenceInterval? {
        precondition(level > 0 && level < 1, "confidence level must be in (0, 1)")
        guard let se = fisherZStandardError, !coefficient.isNaN else { return nil }
        if abs(coefficient) >= 1 { return ConfidenceInterval(lower: coefficient, upper: coefficient, level: level) }
        let z = Double.atanh(coefficient)
        let critical = NormalDistribution.standardQuantile((1 + level) / 2)
        return ConfidenceInterval(lower: Double.tanh(z - critical * se), upper: Double.tanh(z + critical * se), level: level)
    }
}

/// Tests of a correlation coefficient computed elsewhere (for example by ABIBatch's matrices).
public enum CorrelationInference {
    /// The t test and Fisher z interval of a Pearson or Spearman coefficient `r` from `count`
    /// complete pairs (see ``CorrelationTestResult`` for the formulas and references). NaN r gives
    /// a result without test; fewer than 3 pairs no test; fewer than 4 no interval.
    /// - Precondition: `kind` is `.pearson` or `.spearman`.
    public static func test(coefficient r: Double, count: Int, kind: CorrelationCoefficientKind) -> CorrelationTestResult {
        precondition(kind != .repeatedMeasures, "use RepeatedMeasuresCorrelation for rmcorr")
        let method = kind == .pearson
            ? "Pearson: t test on n - 2 df, Fisher z interval (R cor.test)"
            : "Spearman: t approximation on n - 2 df (scipy spearmanr), Fisher z interval (pingouin)"
        let se: Double? = count > 3 ? 1 / Double(count - 3).squareRoot() : nil
        return CorrelationTestResult(kind: kind, method: method, coefficient: r, count: count, subjectCount: nil,
                                     degreesOfFreedom: max(count - 2, 0), fisherZStandardError: se, notes: [])
    }
}
