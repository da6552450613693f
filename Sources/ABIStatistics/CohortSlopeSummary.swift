/// The cohort summary of per-subject slopes: their mean with a t interval, as a paper reports
/// "mean annual change (95% CI)". Each subject's slope counts once (the two-stage "summary
/// measures" approach; Matthews, Altman, Campbell & Royston 1990, BMJ 300:230).
public struct CohortSlopeSummaryResult: Sendable, Equatable {
    /// Subjects (series) with a finite slope.
    public let count: Int
    /// Series without a slope (too few points, equal times, non-finite).
    public let missingCount: Int
    /// Mean of the slopes; nil without slopes.
    public let meanSlope: Double?
    /// Sample SD of the slopes (n - 1); nil with fewer than 2.
    public let standardDeviation: Double?
    /// SD / sqrt(n); nil with fewer than 2.
    public let standardError: Double?

    /// mean -/+ t_{n-1, (1+level)/2} SE, the one-sample t interval (R `t.test(slopes)$conf.int`);
    /// nil with fewer than 2 slopes. A zero SD gives the single point.
    /// - Precondition: 0 < level < 1.
    public func confidenceInterval(level: Double = 0.95) -> ConfidenceInterval? {
        precondition(level > 0 && level < 1, "confidence level must be in (0, 1)")
        guard let meanSlope, let standardError, count >= 2 else { return nil }
        let t = StudentTDistribution(degreesOfFreedom: Double(count - 1)).quantile((1 + level) / 2)
        return ConfidenceInterval(lower: meanSlope - t * standardError, upper: meanSlope + t * standardError, level: level)
    }
}

public enum CohortSlopeSummary {
    /// Summarises per-subject slopes; NaN and infinite slopes are counted in `missingCount`.
    /// Moments by the compensated two-pass algorithm.
    public static func summarize(_ slopes: [Double]) -> CohortSlopeSummaryResult {
        let finite = slopes.filter(\.isFinite)
        let n = finite.count
        guard n > 0 else {
            return CohortSlopeSummaryResult(count: 0, missingCount: slopes.count, meanSlope: nil, standardDeviation: nil, standardError: nil)
        }
        let mean = RepeatedMeasuresCorrelation.refinedMean(finite)
        guard n > 1 else {
            return CohortSlopeSummaryResult(count: 1, missingCount: slopes.count - 1, meanSlope: mean, standardDeviation: nil, standardError: nil)
        }
        var squares = 0.0
        for slope in finite { squares += (slope - mean) * (slope - mean) }
        let sd = (squares / Double(n - 1)).squareRoot()
        return CohortSlopeSummaryResult(count: n, missingCount: slopes.count - n, meanSlope: mean, standardDeviation: sd,
                                        standardError: sd / Double(n).squareRoot())
    }
}
