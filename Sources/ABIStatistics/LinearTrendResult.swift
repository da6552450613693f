/// A straight-line least-squares trend y = intercept + slope * t, from
/// `Trend.ordinaryLeastSquares(times:values:)`.
///
/// The intercept is the fitted value at t = 0 on the caller's time axis (ABIKit callers put the
/// first visit at 0, so it is the fitted baseline). Inference uses n - 2 degrees of freedom.
public struct LinearTrendResult: Sendable, Equatable {
    public let method: String
    public let status: TrendStatus
    /// Observations used (both time and value finite).
    public let count: Int
    /// Pairs left out because the time or the value was NaN.
    public let missingCount: Int
    /// Pairs left out because the time or the value was infinite.
    public let infiniteCount: Int
    /// nil unless status is ok or estimatesOnly.
    public let intercept: CoefficientEstimate?
    public let slope: CoefficientEstimate?
    /// Estimated covariance of intercept and slope (nil without residual degrees of freedom).
    public let interceptSlopeCovariance: Double?
    /// Coefficient of determination; nil when the values have zero variance.
    public let rSquared: Double?
    /// sqrt(residual sum of squares / (n - 2)); nil for n < 3.
    public let residualStandardDeviation: Double?
    /// Residual degrees of freedom, n - 2 (0 when fewer than 3 observations).
    public let degreesOfFreedom: Int
    /// Mean of the times used.
    public let meanTime: Double?
    public let notes: [String]

    /// Memberwise initializer, for batch implementations (ABIBatch) that return this type.
    public init(method: String, status: TrendStatus, count: Int, missingCount: Int, infiniteCount: Int,
                intercept: CoefficientEstimate?, slope: CoefficientEstimate?, interceptSlopeCovariance: Double?,
                rSquared: Double?, residualStandardDeviation: Double?, degreesOfFreedom: Int, meanTime: Double?,
                notes: [String]) {
        self.method = method
        self.status = status
        self.count = count
        self.missingCount = missingCount
        self.infiniteCount = infiniteCount
        self.intercept = intercept
        self.slope = slope
        self.interceptSlopeCovariance = interceptSlopeCovariance
        self.rSquared = rSquared
        self.residualStandardDeviation = residualStandardDeviation
        self.degreesOfFreedom = degreesOfFreedom
        self.meanTime = meanTime
        self.notes = notes
    }
}
