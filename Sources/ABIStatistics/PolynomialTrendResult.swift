/// A polynomial least-squares trend y = b0 + b1 t + ... + bd t^d, from
/// `Trend.polynomial(times:values:degree:)`. Coefficients are on the caller's time axis
/// (b0 is the fitted value at t = 0).
public struct PolynomialTrendResult: Sendable, Equatable {
    public let method: String
    public let status: TrendStatus
    public let degree: Int
    public let count: Int
    public let missingCount: Int
    public let infiniteCount: Int
    /// b0 ... bd ("intercept", "t^1", ..., "t^d"); empty unless status is ok or estimatesOnly.
    public let coefficients: [CoefficientEstimate]
    /// Covariance matrix of the coefficients, row-major (degree + 1)^2; empty without residual
    /// degrees of freedom.
    public let covariance: [Double]
    public let rSquared: Double?
    public let residualStandardDeviation: Double?
    /// n - (degree + 1).
    public let degreesOfFreedom: Int
    public let notes: [String]

    /// Memberwise initializer, for batch implementations (ABIBatch) that return this type.
    public init(method: String, status: TrendStatus, degree: Int, count: Int, missingCount: Int,
                infiniteCount: Int, coefficients: [CoefficientEstimate], covariance: [Double],
                rSquared: Double?, residualStandardDeviation: Double?, degreesOfFreedom: Int, notes: [String]) {
        self.method = method
        self.status = status
        self.degree = degree
        self.count = count
        self.missingCount = missingCount
        self.infiniteCount = infiniteCount
        self.coefficients = coefficients
        self.covariance = covariance
        self.rSquared = rSquared
        self.residualStandardDeviation = residualStandardDeviation
        self.degreesOfFreedom = degreesOfFreedom
        self.notes = notes
    }

    /// Confidence intervals for every coefficient at `level` (nil entries without standard errors).
    public func confidenceIntervals(level: Double = 0.95) -> [ConfidenceInterval?] {
        coefficients.map { $0.confidenceInterval(level: level) }
    }
}
