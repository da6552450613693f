/// A straight-line least-squares trend built one observation at a time, in constant memory:
/// for per-subject trends of a large cohort in one pass over a file, where keeping every point
/// would make memory grow with the rows instead of the subjects.
///
/// Updates are Welford's (1962, Technometrics 4, 419-420) generalised to co-moments (Chan,
/// Golub & LeVeque 1983, "Algorithms for computing the sample variance"): running means of t and
/// y and the centred sums Stt, Sty, Syy, with every observation taken relative to the first one
/// (so times around 2000 years or day numbers around 20 000 lose nothing to the offset).
/// The residual sum of squares is Syy - Sty^2 / Stt, whose relative error is about
/// eps / (1 - R^2): full precision for real data, but an exact or near-exact straight line
/// (1 - R^2 below about 1e-12) is reported as an exact fit (standard errors 0, no t test, a
/// note) because its residuals are then rounding noise. `Trend.ordinaryLeastSquares`, which
/// sees every point, computes the residuals themselves.
///
/// Results match `Trend.ordinaryLeastSquares(times:values:)` on the same points (statuses,
/// degenerate cases and notes included) up to rounding; reference: statsmodels OLS.
/// NaN or infinite pairs are not added; count them with ``addMissing()`` / `addInfinite()`.
public struct LinearTrendAccumulator: Sendable, Equatable {
    public private(set) var count = 0
    public private(set) var missingCount = 0
    public private(set) var infiniteCount = 0
    /// The first time and value added: the shift every later observation is taken against.
    var shiftT = 0.0
    var shiftY = 0.0
    var meanT = 0.0
    var meanY = 0.0
    var stt = 0.0
    var sty = 0.0
    var syy = 0.0
    var largestMagnitude = 0.0

    public init() {}

    /// Adds one observation; NaN or infinite pairs are counted as missing or infinite instead.
    @inline(__always)
    public mutating func add(time t: Double, value y: Double) {
        if t.isNaN || y.isNaN { missingCount += 1; return }
        if t.isInfinite || y.isInfinite { infiniteCount += 1; return }
        if count == 0 { shiftT = t; shiftY = y }
        count += 1
        let x = t - shiftT
        let v = y - shiftY
        let n = Double(count)
        let dt = x - meanT
        let dy = v - meanY
        meanT += dt / n
        meanY += dy / n
        let et = x - meanT
        stt += dt * et
        sty += dt * (v - meanY)
        syy += dy * (v - meanY)
        largestMagnitude = Swift.max(largestMagnitude, y.magnitude)
    }

    /// Counts a pair left out because its time or value is missing.
    public mutating func addMissing() { missingCount += 1 }

    /// The fit on the time axis t' = (t - origin) / unit: the intercept is the fitted value at
    /// t = origin and the slope is per `unit` of t (e.g. origin = first visit day, unit = 365.25
    /// for years).
    /// - Precondition: `unit > 0` and finite, `origin` finite.
    public func result(origin: Double = 0, unit: Double = 1) -> LinearTrendResult {
        precondition(unit > 0 && unit.isFinite && origin.isFinite, "unit must be positive and origin finite")
        let method = "ordinary least squares (one pass, Welford co-moments)"
        var notes: [String] = []
        if missingCount > 0 { notes.append("pairs with a missing (NaN) time or value left out") }
        if infiniteCount > 0 { notes.append("pairs with an infinite time or value left out") }
        // Mean time on the caller's axis.
        let meanTime = count > 0 ? ((shiftT - origin) + meanT) / unit : nil
        func failure(_ status: TrendStatus, _ note: String) -> LinearTrendResult {
            notes.append(note)
            return LinearTrendResult(method: method, status: status, count: count, missingCount: missingCount,
                                     infiniteCount: infiniteCount, intercept: nil, slope: nil,
                                     interceptSlopeCovariance: nil, rSquared: nil, residualStandardDeviation: nil,
                                     degreesOfFreedom: Swift.max(count - 2, 0), meanTime: meanTime, notes: notes)
        }
        if count < 2 { return failure(.insufficientData, "fewer than 2 usable observations: no slope") }
        let n = Double(count)
        let meanAbsoluteT = (shiftT + meanT).magnitude
        if !(stt > 0) || stt <= 1e-28 * Swift.max(meanAbsoluteT * meanAbsoluteT, Double.leastNormalMagnitude) * n {
            return failure(.constantTime, "all usable times are equal: no slope")
        }
        let sttScaled = stt / (unit * unit)
        let slope = sty / stt * unit
        let centre = meanTime!  // mean time on the caller's axis
        let intercept = (shiftY + meanY) - slope * centre
        let df = count - 2
        if df == 0 {
            notes.append("two observations: the line passes through both; no standard errors")
            return LinearTrendResult(
                method: method, status: .estimatesOnly, count: count, missingCount: missingCount,
                infiniteCount: infiniteCount,
                intercept: CoefficientEstimate(name: "intercept", estimate: intercept, standardError: nil, degreesOfFreedom: 0),
                slope: CoefficientEstimate(name: "slope", estimate: slope, standardError: nil, degreesOfFreedom: 0),
                interceptSlopeCovariance: nil, rSquared: syy > 0 ? 1 : nil, residualStandardDeviation: nil,
                degreesOfFreedom: 0, meanTime: meanTime, notes: notes)
        }
        var residualSum = Swift.max(syy - sty * sty / stt, 0)
        // Exact fit: what is left is rounding noise of the co-moments (about eps * Syy).
        let roundingLevel = 64 * n * Double.ulpOfOne * syy
        let exact = residualSum <= roundingLevel
            || (residualSum / n).squareRoot() <= 16 * Double.ulpOfOne * largestMagnitude
        if exact {
            residualSum = 0
            notes.append("exact fit: standard errors are 0, no t test")
        }
        let residualVariance = residualSum / Double(df)
        let slopeError = (residualVariance / sttScaled).squareRoot()
        let interceptError = (residualVariance * (1 / n + centre * centre / sttScaled)).squareRoot()
        var rSquared: Double?
        if syy > 0 {
            rSquared = Swift.min(Swift.max(1 - residualSum / syy, 0), 1)
        } else {
            notes.append("values are constant: R^2 undefined")
        }
        return LinearTrendResult(
            method: method, status: .ok, count: count, missingCount: missingCount, infiniteCount: infiniteCount,
            intercept: CoefficientEstimate(name: "intercept", estimate: intercept, standardError: interceptError,
                                           degreesOfFreedom: df),
            slope: CoefficientEstimate(name: "slope", estimate: slope, standardError: slopeError, degreesOfFreedom: df),
            interceptSlopeCovariance: -centre * residualVariance / sttScaled, rSquared: rSquared,
            residualStandardDeviation: residualVariance.squareRoot(), degreesOfFreedom: df, meanTime: meanTime,
            notes: notes)
    }
}
