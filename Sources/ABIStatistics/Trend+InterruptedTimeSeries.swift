extension Trend {
    /// Interrupted time series by segmented least squares (Wagner, Soumerai, Zhang &
    /// Ross-Degnan 2002, J Clin Pharm Ther 27, 299-309): y = b0 + b1 t + b2 D + b3 (t - t0) D,
    /// D = 1 for t >= t0, fitted by Householder QR on the explicit design. Standard errors are
    /// the ordinary (independent-error) ones, or with `neweyWestLags` the heteroscedasticity-
    /// and autocorrelation-consistent ones of Newey & West (1987, Econometrica 55, 703-708):
    /// (X'X)^-1 S (X'X)^-1 with S = sum over lags l <= L of Bartlett weights 1 - l/(L+1) times
    /// the lagged cross-products of x_i e_i in time order, no small-sample factor, Student t on
    /// n - 4 degrees of freedom. References: statsmodels OLS on the same design (cov_type
    /// "nonrobust", and "HAC" with maxlags = L and use_t = True).
    ///
    /// Needs at least 2 distinct times on each side of t0 and 5 observations for standard
    /// errors; otherwise the status says which part is missing. NaN/infinite pairs are left out
    /// and counted.
    /// - Precondition: equal lengths, finite `interventionTime`, `neweyWestLags` >= 0 if given.
    public static func interruptedTimeSeries(times: [Double], values: [Double], interventionTime: Double,
                                             neweyWestLags: Int? = nil) -> InterruptedTimeSeriesResult {
        precondition(times.count == values.count, "times and values differ in length")
        precondition(interventionTime.isFinite, "interventionTime must be finite")
        precondition(neweyWestLags.map { $0 >= 0 } ?? true, "neweyWestLags must be non-negative")
        var method = "segmented least squares (Householder QR): y = b0 + b1 t + b2 D + b3 (t - t0) D"
        if let lags = neweyWestLags { method += "; Newey-West (Bartlett, \(lags) lags) standard errors" }
        var usedTimes: [Double] = []
        var usedValues: [Double] = []
        var missing = 0
        var infinite = 0
        for (t, y) in zip(times, values) {
            if t.isNaN || y.isNaN { missing += 1; continue }
            if t.isInfinite || y.isInfinite { infinite += 1; continue }
            usedTimes.append(t)
            usedValues.append(y)
        }
        if neweyWestLags != nil && zip(usedTimes, usedTimes.dropFirst()).contains(where: { $0.0 > $0.1 }) {
            // The lagged products need time order (stable for equal times).
            let order = usedTimes.indices.sorted { (usedTimes[$0], $0) < (usedTimes[$1], $1) }
            usedTimes = order.map { usedTimes[$0] }
            usedValues = order.map { usedValues[$0] }
        }
        var notes: [String] = []
        if missing > 0 { notes.append("\(missing) pair(s) with a missing (NaN) time or value left out") }
        if infinite > 0 { notes.append("\(infinite) pair(s) with an infinite time or value left out") }
        let n = usedTimes.count
        let before = usedTimes.filter { $0 < interventionTime }
        let after = usedTimes.filter { $0 >= interventionTime }
        func failure(_ status: TrendStatus, _ note: String) -> InterruptedTimeSeriesResult {
            notes.append(note)
            return InterruptedTimeSeriesResult(
                method: method, status: status, interventionTime: interventionTime, count: n, countBefore: before.count,
                countAfter: after.count, missingCount: missing, infiniteCount: infinite, intercept: nil, slopeBefore: nil,
                levelChange: nil, slopeChange: nil, slopeAfter: nil, covariance: [], rSquared: nil,
                residualStandardDeviation: nil, degreesOfFreedom: max(n - 4, 0), notes: notes)
        }
        if Set(before).count < 2 { return failure(.insufficientData, "fewer than 2 distinct times before the intervention") }
        if Set(after).count < 2 { return failure(.insufficientData, "fewer than 2 distinct times at or after the intervention") }
        let p = 4
        var design = [Double](repeating: 0, count: n * p)
        for row in 0..<n {
            let t = usedTimes[row]
            let indicator: Double = t >= interventionTime ? 1 : 0
            design[row] = 1
            design[n + row] = t
            design[2 * n + row] = indicator
            design[3 * n + row] = (t - interventionTime) * indicator
        }
        let solution = HouseholderLeastSquares(design: design, rows: n, columns: p, response: usedValues)
        if solution.rank < p { return failure(.insufficientData, "design is rank deficient (rank \(solution.rank) of 4)") }
        let b = solution.coefficients
        var residualSum = 0.0
        for r in solution.residuals { residualSum += r * r }
        let largestMagnitude = usedValues.reduce(0) { max($0, abs($1)) }
        if ExactFitThreshold.isRoundingNoise(residualSumOfSquares: residualSum, count: n, largestMagnitude: largestMagnitude) {
            residualSum = 0
        }
        let meanY = usedValues.reduce(0, +) / Double(n)
        let totalSum = usedValues.reduce(0) { $0 + ($1 - meanY) * ($1 - meanY) }
        var rSquared: Double?
        if totalSum > 0 { rSquared = min(max(1 - residualSum / totalSum, 0), 1) } else { notes.append("values are constant: R^2 undefined") }
        let df = n - p
        if df == 0 {
            notes.append("4 observations for 4 coefficients: exact fit, no standard errors")
            func estimate(_ name: String, _ value: Double) -> CoefficientEstimate {
                CoefficientEstimate(name: name, estimate: value, standardError: nil, degreesOfFreedom: 0)
            }
            return InterruptedTimeSeriesResult(
                method: method, status: .estimatesOnly, interventionTime: interventionTime, count: n,
                countBefore: before.count, countAfter: after.count, missingCount: missing, infiniteCount: infinite,
                intercept: estimate("intercept", b[0]), slopeBefore: estimate("slope before", b[1]),
                levelChange: estimate("level change", b[2]), slopeChange: estimate("slope change", b[3]),
                slopeAfter: estimate("slope after", b[1] + b[3]), covariance: [], rSquared: rSquared,
                residualStandardDeviation: nil, degreesOfFreedom: 0, notes: notes)
        }
        let variance = residualSum / Double(df)
        var covariance = solution.unscaledCovariance.map { $0 * variance }
        if let lags = neweyWestLags {
            covariance = neweyWestCovariance(design: design, rows: n, columns: p, residuals: solution.residuals,
                                             bread: solution.unscaledCovariance, lags: lags)
            if lags >= n { notes.append("Newey-West lags (\(lags)) reach the series length \(n)") }
        }
        if residualSum == 0 { notes.append("exact fit: standard errors are 0, no t test") }
        func estimate(_ name: String, _ index: Int) -> CoefficientEstimate {
            CoefficientEstimate(name: name, estimate: b[index],
                                standardError: max(covariance[index * p + index], 0).squareRoot(), degreesOfFreedom: df)
        }
        let slopeAfterVariance = covariance[1 * p + 1] + covariance[3 * p + 3] + 2 * covariance[1 * p + 3]
        return InterruptedTimeSeriesResult(
            method: method, status: .ok, interventionTime: interventionTime, count: n, countBefore: before.count,
            countAfter: after.count, missingCount: missing, infiniteCount: infinite,
            intercept: estimate("intercept", 0), slopeBefore: estimate("slope before", 1),
            levelChange: estimate("level change", 2), slopeChange: estimate("slope change", 3),
            slopeAfter: CoefficientEstimate(name: "slope after", estimate: b[1] + b[3],
                                            standardError: max(slopeAfterVariance, 0).squareRoot(), degreesOfFreedom: df),
            covariance: covariance, rSquared: rSquared, residualStandardDeviation: variance.squareRoot(),
            degreesOfFreedom: df, notes: notes)
    }

    /// (X'X)^-1 S (X'X)^-1 with the Bartlett-weighted long-run covariance S of x_i e_i.
    static func neweyWestCovariance(design: [Double], rows n: Int, columns p: Int, residuals: [Double],
                                    bread: [Double], lags: Int) -> [Double] {
        func score(_ row: Int, _ column: Int) -> Double { design[column * n + row] * residuals[row] }
        var meat = [Double](repeating: 0, count: p * p)
        for lag in 0...min(lags, n - 1) {
            let weight = 1 - Double(lag) / Double(lags + 1)
            for i in 0..<p {
                for j in 0..<p {
                    var sum = 0.0
                    for row in lag..<n { sum += score(row, i) * score(row - lag, j) }
                    meat[i * p + j] += lag == 0 ? sum : weight * sum
                    if lag > 0 { meat[j * p + i] += weight * sum }
                }
            }
        }
        var result = [Double](repeating: 0, count: p * p)
        for i in 0..<p {
            for j in 0..<p {
                var sum = 0.0
                for k in 0..<p {
                    for l in 0..<p { sum += bread[i * p + k] * meat[k * p + l] * bread[l * p + j] }
                }
                result[i * p + j] = sum
            }
        }
        return result
    }
}
