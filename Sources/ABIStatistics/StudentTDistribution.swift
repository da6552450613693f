import RealModule

/// Student's t distribution with `degreesOfFreedom` (any real value > 0).
///
/// - `cdf`/`survival`: P(|T| > |t|) = I_w(df/2, 1/2) with w = df / (df + t^2) and
///   1 - w = t^2 / (df + t^2) both formed directly (Abramowitz & Stegun 26.7.1); the regularized
///   incomplete beta (see `IncompleteBeta`) evaluates whichever side converges and is accurate
///   on the small side, so both far tails and the centre keep full relative precision. For
///   df > 1e20 the normal distribution is used (difference below 1e-20).
/// - `quantile`: starting value from the Cornish-Fisher expansion (Abramowitz & Stegun 26.7.5)
///   or the tail asymptote P(T > t) ~ C t^-df (Hill 1970), exact forms for df = 1 and 2, then
///   Newton's method on the log of the tail (or of the central probability near the median),
///   safeguarded by bisection.
/// NaN gives NaN; `cdf(-infinity) = 0`; `quantile(0) = -infinity`, `quantile(1) = +infinity`;
/// quantiles beyond the double range (df < 1 with tiny p) are infinite.
public struct StudentTDistribution: ContinuousDistribution, Equatable, Hashable {
    public let degreesOfFreedom: Double

    /// - Precondition: `degreesOfFreedom > 0` (may be `+infinity`, the normal limit).
    public init(degreesOfFreedom: Double) {
        precondition(degreesOfFreedom > 0, "degreesOfFreedom must be positive")
        self.degreesOfFreedom = degreesOfFreedom
    }

    private var isEffectivelyNormal: Bool { degreesOfFreedom > 1e20 }

    public func cdf(_ x: Double) -> Double {
        if isEffectivelyNormal { return NormalDistribution.standardCDF(x) }
        if x.isNaN { return .nan }
        let tail = upperTail(abs(x))
        return x < 0 ? tail : 1 - tail
    }

    public func survival(_ x: Double) -> Double {
        if isEffectivelyNormal { return NormalDistribution.standardCDF(-x) }
        if x.isNaN { return .nan }
        let tail = upperTail(abs(x))
        return x > 0 ? tail : 1 - tail
    }

    public func quantile(_ p: Double) -> Double {
        if p.isNaN || p < 0 || p > 1 { return .nan }
        if isEffectivelyNormal { return NormalDistribution.standardQuantile(p) }
        if p == 0.5 { return 0 }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        // 1 - p is exact for p > 0.5.
        return p < 0.5 ? -magnitude(tailProbability: p) : magnitude(tailProbability: 1 - p)
    }

    public func inverseSurvival(_ p: Double) -> Double {
        let value = quantile(p)
        return value.isNaN ? value : -value
    }

    /// The probability density at x.
    public func density(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if isEffectivelyNormal { return NormalDistribution().density(x) }
        let df = degreesOfFreedom
        let magnitude = abs(x)
        let logOnePlusRatio: Double
        if magnitude > 1e150 {
            logOnePlusRatio = 2 * Double.log(magnitude) - Double.log(df) + Double.log(onePlus: (df / magnitude) / magnitude)
        } else {
            logOnePlusRatio = Double.log(onePlus: magnitude * magnitude / df)
        }
        return Double.exp(-(df + 1) / 2 * logOnePlusRatio - 0.5 * Double.log(df)
            - SpecialFunctions.logBeta(df / 2, 0.5))
    }

    /// P(|T| > t) / 2 and P(0 < T < t) for t >= 0.
    private func tailAndCentre(_ t: Double) -> (tail: Double, centre: Double) {
        if t == 0 { return (0.5, 0) }
        if t == .infinity { return (0, 0.5) }
        let df = degreesOfFreedom
        let w: Double
        let v: Double
        let square = t * t
        if square < 1e300 {
            let denominator = df + square
            w = df / denominator
            v = square / denominator
        } else {
            let ratio = (df / t) / t
            let logW = Double.log(df) - 2 * Double.log(t) - Double.log(onePlus: ratio)
            if logW < -600 {
                // w underflows; I_w(a, 1/2) = w^a / (a B(a, 1/2)) (1 + O(w)) and O(w) < 1e-260.
                let a = df / 2
                let tail = 0.5 * Double.exp(a * logW - Double.log(a) - SpecialFunctions.logBeta(a, 0.5))
                return (tail, 0.5 - tail)
            }
            w = ratio / (1 + ratio)
            v = 1 / (1 + ratio)
        }
        let (lower, upper) = IncompleteBeta.regularized(a: df / 2, b: 0.5, x: w, y: v)
        return (0.5 * lower, 0.5 * upper)
    }

    private func upperTail(_ t: Double) -> Double { tailAndCentre(t).tail }

    /// The t > 0 with P(T > t) = tailProbability, for tailProbability in (0, 0.5).
    private func magnitude(tailProbability: Double) -> Double {
        let guess = initialGuess(tailProbability: tailProbability)
        if tailProbability > 0.25 {
            // Near the median solve P(0 < T < t) = 0.5 - p (exact), which keeps relative accuracy.
            let solver = QuantileSolver(probability: { tailAndCentre($0).centre }, density: { density($0) }, increasing: true)
            return solver.solve(target: 0.5 - tailProbability, initialGuess: guess)
        }
        let solver = QuantileSolver(probability: { upperTail($0) }, density: { density($0) }, increasing: false)
        return solver.solve(target: tailProbability, initialGuess: guess)
    }

    private func initialGuess(tailProbability p: Double) -> Double {
        let df = degreesOfFreedom
        if df == 1 { return 1 / Double.tan(Double.pi * p) }
        if df == 2 { return (1 - 2 * p) / (2 * p * (1 - p)).squareRoot() }
        // Tail asymptote: P(T > t) ~ df^(df/2 - 1) t^-df / B(df/2, 1/2).
        let logTail = ((df / 2 - 1) * Double.log(df) - SpecialFunctions.logBeta(df / 2, 0.5) - Double.log(p)) / df
        let tailGuess = Double.exp(min(logTail, 709))
        let z = -NormalDistribution.standardQuantile(p)
        let z2 = z * z
        let g1 = (z2 + 1) * z / 4
        let g2 = ((5 * z2 + 16) * z2 + 3) * z / 96
        let g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384
        let g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) * z / 92160
        let cornishFisher = z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df
        if df < 1 || tailGuess * tailGuess > 5 * df || !(cornishFisher > 0) { return tailGuess }
        return cornishFisher
    }
}
