/// The Mann-Kendall trend test (or one of its autocorrelation-corrected variants), from
/// `Trend.mannKendall(times:values:variant:)`.
public struct MannKendallResult: Sendable, Equatable {
    /// Which test.
    public enum Variant: String, Sendable, Equatable, Hashable, CaseIterable {
        /// Mann (1945), Kendall (1975): Var(S) with tie correction, continuity-corrected Z.
        case original
        /// Hamed & Rao (1998): Var(S) scaled by n/n* from the significant autocorrelations of
        /// the ranks of the Sen-detrended series.
        case hamedRao
        /// Yue & Wang (2004): Var(S) scaled by n/n* = 1 + 2 sum (1 - k/n) r_k of the
        /// Sen-detrended series.
        case yueWang
        /// Yue & Wang (2002) pre-whitening: the test on x_t - r_1 x_{t-1}.
        case preWhitening
        /// Yue, Pilon, Phinney & Cavadias (2002) trend-free pre-whitening: pre-whitening of the
        /// Theil-Sen-detrended series, trend added back.
        case trendFreePreWhitening
    }

    public let method: String
    public let variant: Variant
    public let status: TrendStatus
    /// Observations used by the test (n - 1 after pre-whitening).
    public let count: Int
    public let missingCount: Int
    public let infiniteCount: Int
    /// Kendall's S = sum_{i<j} sign(t_j - t_i) sign(y_j - y_i).
    public let s: Double
    /// Var(S) after tie correction and, for the variants, the autocorrelation correction; nil
    /// when the correction is invalid (see notes).
    public let varianceOfS: Double?
    /// (S -/+ 1) / sqrt(Var S), 0 for S = 0; nil when Var(S) is nil or 0.
    public let z: Double?
    /// Two-sided p-value 2 P(Z > |z|), from the normal upper tail.
    public let pValue: Double?
    /// Kendall's tau-a: S / (n (n - 1) / 2).
    public let tau: Double?
    /// n / n*: the factor applied to Var(S) by Hamed-Rao or Yue-Wang (nil otherwise).
    public let varianceCorrectionFactor: Double?
    /// The lag-1 autocorrelation removed by pre-whitening (nil otherwise).
    public let lag1Autocorrelation: Double?
    public let notes: [String]

    /// Memberwise initializer, for batch implementations (ABIBatch) that return this type.
    public init(method: String, variant: Variant, status: TrendStatus, count: Int, missingCount: Int,
                infiniteCount: Int, s: Double, varianceOfS: Double?, z: Double?, pValue: Double?, tau: Double?,
                varianceCorrectionFactor: Double?, lag1Autocorrelation: Double?, notes: [String]) {
        self.method = method
        self.variant = variant
        self.status = status
        self.count = count
        self.missingCount = missingCount
        self.infiniteCount = infiniteCount
        self.s = s
        self.varianceOfS = varianceOfS
        self.z = z
        self.pValue = pValue
        self.tau = tau
        self.varianceCorrectionFactor = varianceCorrectionFactor
        self.lag1Autocorrelation = lag1Autocorrelation
        self.notes = notes
    }
}
