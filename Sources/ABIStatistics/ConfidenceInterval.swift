/// A two-sided confidence interval at a confidence level.
public struct ConfidenceInterval: Sendable, Equatable, Hashable {
    public let lower: Double
    public let upper: Double
    /// The confidence level, for example 0.95.
    public let level: Double

    public init(lower: Double, upper: Double, level: Double) {
        self.lower = lower
        self.upper = upper
        self.level = level
    }
}
