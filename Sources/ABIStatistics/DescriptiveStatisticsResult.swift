/// Descriptive statistics of one sample, from `DescriptiveStatistics.describe`.
///
/// Quantities that are undefined for the sample (the SD of one value, the geometric mean of
/// data with a value <= 0) are `nil`, with the reason in `notes`; nothing is NaN.
public struct DescriptiveStatisticsResult: Sendable, Equatable {
    /// How the mean and sums of squares were accumulated.
    public enum Method: String, Sendable, Equatable {
        /// Binary doubles: compensated (Neumaier) mean, then a second pass over deviations.
        case twoPassCompensated
        /// Decimal text: an exact decimal shift (the first value's text) subtracted in integer
        /// arithmetic before converting to binary, then `twoPassCompensated` on the differences.
        case exactDecimalShift
    }

    public let method: Method
    /// Number of finite values used.
    public let count: Int
    /// Number of NaN values (missing), left out of every statistic.
    public let missingCount: Int
    /// Number of infinite values, left out of every statistic (a measurement cannot be infinite).
    public let infiniteCount: Int
    public let mean: Double?
    /// Sample variance with divisor n - 1 (nil for n < 2).
    public let variance: Double?
    /// Sample standard deviation, sqrt(variance) (nil for n < 2).
    public let standardDeviation: Double?
    /// Standard error of the mean, SD / sqrt(n) (nil for n < 2).
    public let standardError: Double?
    public let minimum: Double?
    public let maximum: Double?
    /// Geometric mean exp(mean(log x)); nil unless every value is > 0.
    public let geometricMean: Double?
    /// Lag-1 autocorrelation in the NIST StRD definition:
    /// sum_{i>=2} (x_i - mean)(x_{i-1} - mean) / sum_i (x_i - mean)^2, in the order given
    /// (nil for n < 2 or zero variance).
    public let lag1Autocorrelation: Double?
    /// The finite values in ascending order, kept for quantiles at any probability and method.
    public let sortedValues: [Double]
    public let notes: [String]

    public init(method: Method, count: Int, missingCount: Int, infiniteCount: Int, mean: Double?, variance: Double?,
                minimum: Double?, maximum: Double?, geometricMean: Double?, lag1Autocorrelation: Double?,
                sortedValues: [Double], notes: [String]) {
        self.method = method
        self.count = count
        self.missingCount = missingCount
        self.infiniteCount = infiniteCount
        self.mean = mean
        self.variance = variance
        self.standardDeviation = variance.map { $0.squareRoot() }
        self.standardError = variance.map { ($0 / Double(count)).squareRoot() }
        self.minimum = minimum
        self.maximum = maximum
        self.geometricMean = geometricMean
        self.lag1Autocorrelation = lag1Autocorrelation
        self.sortedValues = sortedValues
        self.notes = notes
    }

    /// The p-quantile by a Hyndman & Fan (1996) method (R type 7 by default); nil for an empty
    /// sample.
    /// - Precondition: p in [0, 1].
    public func quantile(_ p: Double, method: QuantileMethod = .type7) -> Double? {
        if sortedValues.isEmpty { return nil }
        return sortedValues.withUnsafeBufferPointer { SampleQuantile.quantile(sorted: $0, probability: p, method: method) }
    }

    /// The median: the type 7 0.5 quantile (the mean of the two middle values for even n).
    public var median: Double? { quantile(0.5) }

    /// Third minus first quartile by `method`.
    public func interquartileRange(method: QuantileMethod = .type7) -> Double? {
        guard let lower = quantile(0.25, method: method), let upper = quantile(0.75, method: method) else { return nil }
        return upper - lower
    }
}
