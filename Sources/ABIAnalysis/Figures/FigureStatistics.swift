import ABIStatistics

/// A mean with its t-based 95% confidence interval (mean ± t(0.975, n-1) SE; Student 1908), the
/// mean and standard error from `DescriptiveStatistics.describe(_:)` (compensated two-pass), so
/// the figure's means are the numbers `abikit describe` prints.
public struct MeanWithInterval: Sendable, Equatable {
    public let count: Int
    public let mean: Double
    /// Nil for fewer than 2 values (no spread to estimate).
    public let lower: Double?
    public let upper: Double?

    /// The mean and 95% interval of `values` (finite; empty gives a count of 0 and a NaN mean).
    public init(_ values: [Double]) {
        let summary = DescriptiveStatistics.describe(values)
        count = summary.count
        mean = summary.mean ?? .nan
        guard summary.count >= 2, let standardError = summary.standardError else {
            lower = nil
            upper = nil
            return
        }
        let t = StudentTDistribution(degreesOfFreedom: Double(summary.count - 1)).quantile(0.975)
        lower = mean - t * standardError
        upper = mean + t * standardError
    }
}
