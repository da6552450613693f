extension Trend {
    /// Polynomial least squares of `values` on `times` of the given degree.
    ///
    /// For conditioning the fit is done on s = (t - mean t) / scale (scale = largest |t - mean|)
    /// by Householder QR with column pivoting (Golub & Van Loan 2013, 5.3), never the normal
    /// equations; coefficients and their covariance are then mapped back to powers of t exactly
    /// (binomial expansion, Cov b = A Cov c A^T). Reference: statsmodels OLS on the explicit
    /// design [1, t, ..., t^d].
    ///
    /// Needs more than degree distinct times; with exactly degree + 1 observations the curve
    /// interpolates and standard errors are nil (`estimatesOnly`). NaN/infinite pairs are left
    /// out and counted. Degree 1 gives the same line as `ordinaryLeastSquares`.
    /// - Precondition: degree >= 1 and equal lengths.
    public static func polynomial(times: [Double], values: [Double], degree: Int) -> PolynomialTrendResult {
        precondition(degree >= 1, "degree must be at least 1")
        precondition(times.count == values.count, "times and values differ in length")
        let method = "polynomial least squares, degree \(degree) (Householder QR, centred and scaled time)"
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
        var notes: [String] = []
        if missing > 0 { notes.append("\(missing) pair(s) with a missing (NaN) time or value left out") }
        if infinite > 0 { notes.append("\(infinite) pair(s) with an infinite time or value left out") }
        let n = usedTimes.count
        let p = degree + 1
        func failure(_ status: TrendStatus, _ note: String) -> PolynomialTrendResult {
            notes.append(note)
            return PolynomialTrendResult(method: method, status: status, degree: degree, count: n, missingCount: missing,
                                         infiniteCount: infinite, coefficients: [], covariance: [], rSquared: nil,
                                         residualStandardDeviation: nil, degreesOfFreedom: max(n - p, 0), notes: notes)
        }
        let distinctTimes = Set(usedTimes).count
        if n < p { return failure(.insufficientData, "\(n) usable observation(s): need at least \(p) for degree \(degree)") }
        if distinctTimes < p {
            return failure(distinctTimes == 1 ? .constantTime : .insufficientData,
                           "\(distinctTimes) distinct time(s): need at least \(p) for degree \(degree)")
        }
        var centre = 0.0
        for t in usedTimes { centre += t }
        centre /= Double(n)
        var correction = 0.0
        for t in usedTimes { correction += t - centre }
        centre += correction / Double(n)
        var scale = 0.0
        for t in usedTimes { scale = max(scale, abs(t - centre)) }
        var design = [Double](repeating: 1, count: n * p)
        for k in 1..<p {
            for row in 0..<n {
                design[k * n + row] = design[(k - 1) * n + row] * ((usedTimes[row] - centre) / scale)
            }
        }
        let solution = HouseholderLeastSquares(design: design, rows: n, columns: p, response: usedValues)
        if solution.rank < p {
            return failure(.insufficientData, "design is rank deficient (rank \(solution.rank) of \(p)): times too close together")
        }
        // Map c (powers of s) to b (powers of t): b_j = sum_k c_k C(k, j) (-centre)^(k-j) / scale^k.
        var transform = [Double](repeating: 0, count: p * p)  // row j, column k
        for k in 0..<p {
            var binomial = 1.0
            for j in 0...k {
                if j > 0 { binomial = binomial * Double(k - j + 1) / Double(j) }
                transform[j * p + k] = binomial * power(-centre, k - j) / power(scale, k)
            }
        }
        var coefficientsT = [Double](repeating: 0, count: p)
        for j in 0..<p {
            var sum = 0.0
            for k in 0..<p { sum += transform[j * p + k] * solution.coefficients[k] }
            coefficientsT[j] = sum
        }
        var residualSum = 0.0
        for r in solution.residuals { residualSum += r * r }
        let largestMagnitude = usedValues.reduce(0) { max($0, abs($1)) }
        if ExactFitThreshold.isRoundingNoise(residualSumOfSquares: residualSum, count: n, largestMagnitude: largestMagnitude) {
            residualSum = 0
        }
        var meanY = 0.0
        for y in usedValues { meanY += y }
        meanY /= Double(n)
        var totalSum = 0.0
        for y in usedValues { totalSum += (y - meanY) * (y - meanY) }
        let df = n - p
        var rSquared: Double?
        if totalSum > 0 { rSquared = min(max(1 - residualSum / totalSum, 0), 1) } else { notes.append("values are constant: R^2 undefined") }
        let names = (0..<p).map { $0 == 0 ? "intercept" : "t^\($0)" }
        if df == 0 {
            notes.append("as many observations as coefficients: the curve interpolates; no standard errors")
            let estimates = (0..<p).map { CoefficientEstimate(name: names[$0], estimate: coefficientsT[$0], standardError: nil, degreesOfFreedom: 0) }
            return PolynomialTrendResult(method: method, status: .estimatesOnly, degree: degree, count: n, missingCount: missing,
                                         infiniteCount: infinite, coefficients: estimates, covariance: [], rSquared: rSquared,
                                         residualStandardDeviation: nil, degreesOfFreedom: 0, notes: notes)
        }
        let residualVariance = residualSum / Double(df)
        // Cov b = A (sigma^2 (R^T R)^-1) A^T.
        var covariance = [Double](repeating: 0, count: p * p)
        for i in 0..<p {
            for j in 0..<p {
                var sum = 0.0
                for k in 0..<p {
                    for l in 0..<p {
                        sum += transform[i * p + k] * solution.unscaledCovariance[k * p + l] * transform[j * p + l]
                    }
                }
                covariance[i * p + j] = sum * residualVariance
            }
        }
        if residualSum == 0 { notes.append("exact fit: standard errors are 0, no t test") }
        let estimates = (0..<p).map {
            CoefficientEstimate(name: names[$0], estimate: coefficientsT[$0],
                                standardError: max(covariance[$0 * p + $0], 0).squareRoot(), degreesOfFreedom: df)
        }
        return PolynomialTrendResult(method: method, status: .ok, degree: degree, count: n, missingCount: missing,
                                     infiniteCount: infinite, coefficients: estimates, covariance: covariance,
                                     rSquared: rSquared, residualStandardDeviation: residualVariance.squareRoot(),
                                     degreesOfFreedom: df, notes: notes)
    }

    private static func power(_ base: Double, _ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<exponent { result *= base }
        return result
    }
}
