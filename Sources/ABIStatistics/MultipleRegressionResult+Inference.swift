extension MultipleRegressionResult {
    /// One row of the coefficient table.
    public struct Coefficient: Sendable, Equatable {
        /// Term (design column) name.
        public let term: String
        /// Estimate; NaN when aliased.
        public let estimate: Double
        /// Standard error of the chosen covariance type.
        public let standardError: Double
        /// estimate / standardError.
        public let tStatistic: Double
        /// Two-sided p-value from Student's t with `inferenceDegreesOfFreedom`.
        public let pValue: Double
        /// Lower confidence limit at the requested level.
        public let lowerConfidenceLimit: Double
        /// Upper confidence limit at the requested level.
        public let upperConfidenceLimit: Double
        /// Whether the term could not be estimated (linearly dependent on others).
        public var isAliased: Bool { estimate.isNaN }
    }

    /// t statistics, estimate / standard error (NaN for aliased terms).
    public var tStatistics: [Double] { zip(estimates, standardErrors).map { $0 / $1 } }

    /// Two-sided p-values 2 P(T > |t|), T ~ Student t with `inferenceDegreesOfFreedom` (for
    /// robust covariances too, like R's `coeftest` and statsmodels with `use_t=True`). NaN for
    /// aliased terms or without degrees of freedom.
    public var pValues: [Double] {
        guard inferenceDegreesOfFreedom > 0 else { return estimates.map { _ in .nan } }
        let t = StudentTDistribution(degreesOfFreedom: Double(inferenceDegreesOfFreedom))
        return tStatistics.map { $0.isNaN ? .nan : 2 * t.survival(abs($0)) }
    }

    /// Confidence intervals estimate -/+ t_{(1+level)/2, df} SE, one per term (NaN for aliased terms).
    /// - Precondition: 0 < level < 1.
    public func confidenceIntervals(level: Double = 0.95) -> [(lower: Double, upper: Double)] {
        precondition(level > 0 && level < 1, "confidence level must lie in (0, 1)")
        guard inferenceDegreesOfFreedom > 0 else { return estimates.map { _ in (Double.nan, Double.nan) } }
        let q = StudentTDistribution(degreesOfFreedom: Double(inferenceDegreesOfFreedom)).quantile((1 + level) / 2)
        return zip(estimates, standardErrors).map { ($0 - q * $1, $0 + q * $1) }
    }

    /// The coefficient table with confidence limits at `level`.
    public func coefficientTable(level: Double = 0.95) -> [Coefficient] {
        let intervals = confidenceIntervals(level: level)
        let t = tStatistics, p = pValues, se = standardErrors
        return termNames.indices.map { j in
            Coefficient(term: termNames[j], estimate: estimates[j], standardError: se[j], tStatistic: t[j], pValue: p[j],
                        lowerConfidenceLimit: intervals[j].lower, upperConfidenceLimit: intervals[j].upper)
        }
    }

    /// Numerator degrees of freedom of the overall F test (tested terms: estimable non-intercept ones).
    public var fNumeratorDegreesOfFreedom: Int { modelDegreesOfFreedom }

    /// p-value of the overall F test, P(F > fStatistic) with (model df, inference df) degrees of
    /// freedom. NaN when there is nothing to test or no residual degrees of freedom.
    public var fPValue: Double {
        guard fStatistic.isFinite || fStatistic == .infinity, modelDegreesOfFreedom > 0, inferenceDegreesOfFreedom > 0 else { return .nan }
        return FDistribution(numeratorDegreesOfFreedom: Double(modelDegreesOfFreedom),
                             denominatorDegreesOfFreedom: Double(inferenceDegreesOfFreedom)).survival(fStatistic)
    }
}
