/// The Theil-Sen slope with Sen's confidence interval, from `Trend.theilSen(times:values:)`.
public struct TheilSenResult: Sendable, Equatable {
    public let method: String
    public let status: TrendStatus
    public let count: Int
    public let missingCount: Int
    public let infiniteCount: Int
    /// Median of the pairwise slopes (y_j - y_i) / (t_j - t_i) over pairs with t_j != t_i.
    public let slope: Double?
    /// median(y) - slope * median(t) (scipy's method "separate", Conover 1980). The other common
    /// choice, median(y - slope * t) (scipy's "joint"), is in `jointIntercept`.
    public let intercept: Double?
    /// median(y - slope * t).
    public let jointIntercept: Double?
    /// The pairwise slopes in ascending order (the interval endpoints are order statistics).
    public let sortedSlopes: [Double]
    /// Sen's (1968, eq. 2.6) variance of Kendall's S with ties in t and y:
    /// [n(n-1)(2n+5) - sum_t k(k-1)(2k+5) - sum_y k(k-1)(2k+5)] / 18.
    public let varianceOfS: Double
    public let notes: [String]

    /// Memberwise initializer, for batch implementations (ABIBatch) that return this type.
    public init(method: String, status: TrendStatus, count: Int, missingCount: Int, infiniteCount: Int,
                slope: Double?, intercept: Double?, jointIntercept: Double?, sortedSlopes: [Double],
                varianceOfS: Double, notes: [String]) {
        self.method = method
        self.status = status
        self.count = count
        self.missingCount = missingCount
        self.infiniteCount = infiniteCount
        self.slope = slope
        self.intercept = intercept
        self.jointIntercept = jointIntercept
        self.sortedSlopes = sortedSlopes
        self.varianceOfS = varianceOfS
        self.notes = notes
    }

    /// Sen's (1968) distribution-free interval: the order statistics of the slopes at ranks
    /// round((N -/+ z sigma) / 2), with z the normal (1 + level)/2 quantile, sigma^2 =
    /// `varianceOfS`, N the number of slopes and NumPy's round-half-to-even, exactly as
    /// scipy.stats.theilslopes for levels above 0.5 (scipy reads a level below 0.5 as its
    /// complement). nil without slopes.
    /// - Precondition: 0 < level < 1.
    public func slopeConfidenceInterval(level: Double = 0.95) -> ConfidenceInterval? {
        precondition(level > 0 && level < 1, "confidence level must be in (0, 1)")
        guard !sortedSlopes.isEmpty, varianceOfS >= 0 else { return nil }
        // scipy reads a level below 0.5 as its complement; here the level is always the level.
        let alpha = 1 - level
        let z = NormalDistribution.standardQuantile(alpha / 2)
        let sigma = varianceOfS.squareRoot()
        let total = Double(sortedSlopes.count)
        let upperRank = min(Int(((total - z * sigma) / 2).rounded(.toNearestOrEven)), sortedSlopes.count - 1)
        let lowerRank = max(Int(((total + z * sigma) / 2).rounded(.toNearestOrEven)) - 1, 0)
        guard lowerRank >= 0, upperRank >= 0, lowerRank < sortedSlopes.count else { return nil }
        return ConfidenceInterval(lower: sortedSlopes[lowerRank], upper: sortedSlopes[upperRank], level: level)
    }
}
