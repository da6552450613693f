/// Segmented regression around an intervention time, from
/// `Trend.interruptedTimeSeries(times:values:interventionTime:)`:
/// y = b0 + b1 t + b2 D + b3 (t - t0) D, with D = 1 for t >= t0 (Wagner et al. 2002).
public struct InterruptedTimeSeriesResult: Sendable, Equatable {
    public let method: String
    public let status: TrendStatus
    /// t0 as given.
    public let interventionTime: Double
    public let count: Int
    /// Observations before t0 and at or after t0.
    public let countBefore: Int
    public let countAfter: Int
    public let missingCount: Int
    public let infiniteCount: Int
    /// b0: the pre-intervention line at t = 0.
    public let intercept: CoefficientEstimate?
    /// b1: slope before the intervention.
    public let slopeBefore: CoefficientEstimate?
    /// b2: jump at t0 between the post-intervention line and the extended pre-intervention line.
    public let levelChange: CoefficientEstimate?
    /// b3: slope after minus slope before.
    public let slopeChange: CoefficientEstimate?
    /// b1 + b3 with its standard error from the covariance of b1 and b3.
    public let slopeAfter: CoefficientEstimate?
    /// Covariance of (b0, b1, b2, b3), row-major 4 x 4; empty without residual degrees of freedom.
    public let covariance: [Double]
    public let rSquared: Double?
    public let residualStandardDeviation: Double?
    /// n - 4.
    public let degreesOfFreedom: Int
    public let notes: [String]

    /// Memberwise initializer, for batch implementations (ABIBatch) that return this type.
    public init(method: String, status: TrendStatus, interventionTime: Double, count: Int, countBefore: Int,
                countAfter: Int, missingCount: Int, infiniteCount: Int, intercept: CoefficientEstimate?,
                slopeBefore: CoefficientEstimate?, levelChange: CoefficientEstimate?,
                slopeChange: CoefficientEstimate?, slopeAfter: CoefficientEstimate?, covariance: [Double],
                rSquared: Double?, residualStandardDeviation: Double?, degreesOfFreedom: Int, notes: [String]) {
        self.method = method
        self.status = status
        self.interventionTime = interventionTime
        self.count = count
        self.countBefore = countBefore
        self.countAfter = countAfter
        self.missingCount = missingCount
        self.infiniteCount = infiniteCount
        self.intercept = intercept
        self.slopeBefore = slopeBefore
        self.levelChange = levelChange
        self.slopeChange = slopeChange
        self.slopeAfter = slopeAfter
        self.covariance = covariance
        self.rSquared = rSquared
        self.residualStandardDeviation = residualStandardDeviation
        self.degreesOfFreedom = degreesOfFreedom
        self.notes = notes
    }
}
