import RealModule

/// Fisher's F distribution with numerator and denominator degrees of freedom (real values > 0).
///
/// - `cdf`/`survival`: I_x(d1/2, d2/2) with x = d1 f / (d1 f + d2) and 1 - x = d2 / (d1 f + d2)
///   both formed directly (Abramowitz & Stegun 26.6.2), through `IncompleteBeta`; each tail
///   keeps full relative precision.
/// - `quantile`: a start from the incomplete-beta tail asymptotes or a Wilson-Hilferty
///   approximation, refined by Newton's method on the log of the tail probability with a
///   bisection safeguard.
/// NaN gives NaN; f <= 0 gives cdf 0; `quantile(0) = 0`, `quantile(1) = +infinity`.
public struct FDistribution: ContinuousDistribution, Equatable, Hashable {
    public let numeratorDegreesOfFreedom: Double
    public let denominatorDegreesOfFreedom: Double

    /// - Precondition: both degrees of freedom positive and finite.
    public init(numeratorDegreesOfFreedom: Double, denominatorDegreesOfFreedom: Double) {
        precondition(numeratorDegreesOfFreedom > 0 && numeratorDegreesOfFreedom.isFinite,
                     "numeratorDegreesOfFreedom must be positive and finite")
        precondition(denominatorDegreesOfFreedom > 0 && denominatorDegreesOfFreedom.isFinite,
                     "denominatorDegreesOfFreedom must be positive and finite")
        self.numeratorDegreesOfFreedom = numeratorDegreesOfFreedom
        self.denominatorDegreesOfFreedom = denominatorDegreesOfFreedom
    }

    private var a: Double { numeratorDegreesOfFreedom / 2 }
    private var b: Double { denominatorDegreesOfFreedom / 2 }

    /// The beta variable x = d1 f / (d1 f + d2) and 1 - x, each without cancellation.
    private func betaArguments(_ f: Double) -> (x: Double, y: Double) {
        let d1 = numeratorDegreesOfFreedom
        let d2 = denominatorDegreesOfFreedom
        let scaled = d1 * f
        if scaled < 1e300 {
            let denominator = scaled + d2
            return (scaled / denominator, d2 / denominator)
        }
        let ratio = (d2 / d1) / f
        return (1 / (1 + ratio), ratio / (1 + ratio))
    }

    private func probabilities(_ f: Double) -> (lower: Double, upper: Double) {
        if f.isNaN { return (.nan, .nan) }
        if f <= 0 { return (0, 1) }
        if f == .infinity { return (1, 0) }
        let (x, y) = betaArguments(f)
        return IncompleteBeta.regularized(a: a, b: b, x: x, y: y)
    }

    public func cdf(_ x: Double) -> Double { probabilities(x).lower }

    public func survival(_ x: Double) -> Double { probabilities(x).upper }

    /// The probability density at f (0 for f < 0).
    public func density(_ f: Double) -> Double {
        if f.isNaN { return .nan }
        if f < 0 || f == .infinity { return 0 }
        if f == 0 {
            if numeratorDegreesOfFreedom < 2 { return .infinity }
            if numeratorDegreesOfFreedom > 2 { return 0 }
            return 1
        }
        let (x, y) = betaArguments(f)
        return Double.exp(IncompleteBeta.logPrefactor(a: a, b: b, x: x, y: y)) / f
    }

    public func quantile(_ p: Double) -> Double {
        if p.isNaN || p < 0 || p > 1 { return .nan }
        if p == 0 { return 0 }
        if p == 1 { return .infinity }
        return p <= 0.5 ? solveLower(p) : solveUpper(1 - p)
    }

    public func inverseSurvival(_ p: Double) -> Double {
        if p.isNaN || p < 0 || p > 1 { return .nan }
        if p == 0 { return .infinity }
        if p == 1 { return 0 }
        return p <= 0.5 ? solveUpper(p) : solveLower(1 - p)
    }

    private func solveLower(_ p: Double) -> Double {
        let solver = QuantileSolver(probability: { cdf($0) }, density: { density($0) }, increasing: true)
        return solver.solve(target: p, initialGuess: guess(lowerTail: p))
    }

    private func solveUpper(_ q: Double) -> Double {
        let solver = QuantileSolver(probability: { survival($0) }, density: { density($0) }, increasing: false)
        return solver.solve(target: q, initialGuess: guess(upperTail: q))
    }

    /// Wilson-Hilferty for the numerator chi-square over its degrees of freedom.
    private func centralGuess(z: Double) -> Double {
        let c = 2 / (9 * numeratorDegreesOfFreedom)
        let base = 1 - c + z * c.squareRoot()
        let value = base * base * base
        return value > 0 ? value : 1
    }

    private func guess(lowerTail p: Double) -> Double {
        // I_x(a, b) ~ x^a / (a B(a, b)) for small x.
        let logX = (Double.log(p) + Double.log(a) + SpecialFunctions.logBeta(a, b)) / a
        let x = Double.exp(logX)
        if x < 0.5 * a / (a + b) {
            return (denominatorDegreesOfFreedom / numeratorDegreesOfFreedom) * x / (1 - x)
        }
        return centralGuess(z: NormalDistribution.standardQuantile(p))
    }

    private func guess(upperTail q: Double) -> Double {
        let logY = (Double.log(q) + Double.log(b) + SpecialFunctions.logBeta(a, b)) / b
        let y = Double.exp(logY)
        if y < 0.5 * b / (a + b) {
            return (denominatorDegreesOfFreedom / numeratorDegreesOfFreedom) * (1 - y) / y
        }
        return centralGuess(z: -NormalDistribution.standardQuantile(q))
    }
}
