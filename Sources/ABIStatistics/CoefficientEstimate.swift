/// One estimated regression coefficient with its standard error and Student-t inference on
/// `degreesOfFreedom` residual degrees of freedom.
///
/// `standardError` is nil when it is undefined (no residual degrees of freedom); it is 0 for an
/// exact fit, and then `tStatistic` and `pValue` are nil rather than infinite or NaN.
public struct CoefficientEstimate: Sendable, Equatable {
    /// What the coefficient is, e.g. "intercept", "slope", "level change".
    public let name: String
    public let estimate: Double
    public let standardError: Double?
    public let degreesOfFreedom: Int

    public init(name: String, estimate: Double, standardError: Double?, degreesOfFreedom: Int) {
        self.name = name
        self.estimate = estimate
        self.standardError = standardError
        self.degreesOfFreedom = degreesOfFreedom
    }

    /// estimate / standardError; nil when the standard error is nil or 0.
    public var tStatistic: Double? {
        guard let standardError, standardError > 0, degreesOfFreedom > 0 else { return nil }
        return estimate / standardError
    }

    /// Two-sided p-value of t against Student's t with `degreesOfFreedom`, computed from the
    /// upper tail (accurate for small p).
    public var pValue: Double? {
        guard let t = tStatistic else { return nil }
        return 2 * StudentTDistribution(degreesOfFreedom: Double(degreesOfFreedom)).survival(abs(t))
    }

    /// estimate -/+ t_{(1+level)/2, df} * standardError; nil when the standard error is nil.
    /// - Precondition: 0 < level < 1.
    public func confidenceInterval(level: Double = 0.95) -> ConfidenceInterval? {
        precondition(level > 0 && level < 1, "confidence level must be in (0, 1)")
        guard let standardError, degreesOfFreedom > 0 else { return nil }
        let critical = StudentTDistribution(degreesOfFreedom: Double(degreesOfFreedom)).inverseSurvival((1 - level) / 2)
        let halfWidth = critical * standardError
        return ConfidenceInterval(lower: estimate - halfWidth, upper: estimate + halfWidth, level: level)
    }
}
