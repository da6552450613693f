extension Trend {
    /// Straight-line ordinary least squares of `values` on `times`.
    ///
    /// Closed form on centred data (corrected two-pass sums, Chan, Golub & LeVeque 1983; the
    /// residual sum of squares from the residuals themselves), equivalent to QR least squares
    /// for one regressor; no heap allocation. Standard errors and t tests as in any regression
    /// text (e.g. Draper & Smith, Applied Regression Analysis, ch. 1); reference: statsmodels OLS.
    ///
    /// Degenerate input: n < 2 or all times equal gives no estimates (status
    /// `insufficientData`/`constantTime`); n = 2 gives the line through both points without
    /// standard errors (`estimatesOnly`); an exact fit gives standard errors 0 and nil t and p;
    /// constant values give slope 0 and nil R^2.
    /// - Precondition: `times.count == values.count`.
    public static func ordinaryLeastSquares(times: [Double], values: [Double]) -> LinearTrendResult {
        precondition(times.count == values.count, "times and values differ in length")
        return times.withUnsafeBufferPointer { t in
            values.withUnsafeBufferPointer { y in ordinaryLeastSquares(times: t, values: y) }
        }
    }

    /// As `ordinaryLeastSquares(times:values:)`, on buffers (for batch callers).
    public static func ordinaryLeastSquares(times: UnsafeBufferPointer<Double>,
                                            values: UnsafeBufferPointer<Double>) -> LinearTrendResult {
        precondition(times.count == values.count, "times and values differ in length")
        let method = "ordinary least squares (closed form, centred)"
        var count = 0
        var missing = 0
        var infinite = 0
        var sumT = 0.0
        var sumY = 0.0
        for i in 0..<times.count {
            let t = times[i]
            let y = values[i]
            if t.isNaN || y.isNaN { missing += 1; continue }
            if t.isInfinite || y.isInfinite { infinite += 1; continue }
            count += 1
            sumT += t
            sumY += y
        }
        var notes: [String] = []
        if missing > 0 { notes.append("pairs with a missing (NaN) time or value left out") }
        if infinite > 0 { notes.append("pairs with an infinite time or value left out") }
        func failure(_ status: TrendStatus, _ note: String) -> LinearTrendResult {
            notes.append(note)
            return LinearTrendResult(method: method, status: status, count: count, missingCount: missing,
                                     infiniteCount: infinite, intercept: nil, slope: nil,
                                     interceptSlopeCovariance: nil, rSquared: nil,
                                     residualStandardDeviation: nil, degreesOfFreedom: max(count - 2, 0),
                                     meanTime: count > 0 ? sumT / Double(count) : nil, notes: notes)
        }
        if count < 2 { return failure(.insufficientData, "fewer than 2 usable observations: no slope") }
        let n = Double(count)
        var meanT = sumT / n
        var meanY = sumY / n
        // Second pass: centred sums with the Chan-Golub-LeVeque correction terms.
        var deviationT = 0.0
        var deviationY = 0.0
        var sxx = 0.0
        var sxy = 0.0
        var syy = 0.0
        for i in 0..<times.count {
            let t = times[i]
            let y = values[i]
            if !t.isFinite || !y.isFinite { continue }
            let dt = t - meanT
            let dy = y - meanY
            deviationT += dt
            deviationY += dy
            sxx += dt * dt
            sxy += dt * dy
            syy += dy * dy
        }
        sxx -= deviationT * deviationT / n
        sxy -= deviationT * deviationY / n
        syy -= deviationY * deviationY / n
        meanT += deviationT / n
        meanY += deviationY / n
        if !(sxx > 0) || sxx <= 1e-28 * max(meanT * meanT, Double.leastNormalMagnitude) * n {
            return failure(.constantTime, "all usable times are equal: no slope")
        }
        let slope = sxy / sxx
        let intercept = meanY - slope * meanT
        let df = count - 2
        if df == 0 {
            notes.append("two observations: the line passes through both; no standard errors")
            return LinearTrendResult(
                method: method, status: .estimatesOnly, count: count, missingCount: missing, infiniteCount: infinite,
                intercept: CoefficientEstimate(name: "intercept", estimate: intercept, standardError: nil, degreesOfFreedom: 0),
                slope: CoefficientEstimate(name: "slope", estimate: slope, standardError: nil, degreesOfFreedom: 0),
                interceptSlopeCovariance: nil, rSquared: syy > 0 ? 1 : nil, residualStandardDeviation: nil,
                degreesOfFreedom: 0, meanTime: meanT, notes: notes)
        }
        // Third pass: residual sum of squares from the residuals (no Syy - b Sxy cancellation).
        var residualSum = 0.0
        var largestMagnitude = 0.0
        for i in 0..<times.count {
            let t = times[i]
            let y = values[i]
            if !t.isFinite || !y.isFinite { continue }
            let residual = (y - meanY) - slope * (t - meanT)
            residualSum += residual * residual
            largestMagnitude = max(largestMagnitude, abs(y))
        }
        if ExactFitThreshold.isRoundingNoise(residualSumOfSquares: residualSum, count: count, largestMagnitude: largestMagnitude) {
            residualSum = 0
        }
        let residualVariance = residualSum / Double(df)
        let slopeError = (residualVariance / sxx).squareRoot()
        let interceptError = (residualVariance * (1 / n + meanT * meanT / sxx)).squareRoot()
        if residualSum == 0 { notes.append("exact fit: standard errors are 0, no t test") }
        var rSquared: Double?
        if syy > 0 {
            rSquared = min(max(1 - residualSum / syy, 0), 1)
        } else {
            notes.append("values are constant: R^2 undefined")
        }
        return LinearTrendResult(
            method: method, status: .ok, count: count, missingCount: missing, infiniteCount: infinite,
            intercept: CoefficientEstimate(name: "intercept", estimate: intercept, standardError: interceptError, degreesOfFreedom: df),
            slope: CoefficientEstimate(name: "slope", estimate: slope, standardError: slopeError, degreesOfFreedom: df),
            interceptSlopeCovariance: -meanT * residualVariance / sxx, rSquared: rSquared,
            residualStandardDeviation: residualVariance.squareRoot(), degreesOfFreedom: df, meanTime: meanT, notes: notes)
    }
}
