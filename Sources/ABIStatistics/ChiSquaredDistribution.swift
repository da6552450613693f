import RealModule

/// The chi-squared distribution with `degreesOfFreedom` (any real value > 0): a gamma
/// distribution with shape df/2 and scale 2.
///
/// - `cdf`/`survival`: the regularized incomplete gamma functions P(df/2, x/2) and
///   Q(df/2, x/2), each computed directly (see `IncompleteGamma`: series, Legendre continued
///   fraction, Temme-style prefactor for large df).
/// - `quantile`: Wilson & Hilferty (1931) cube-root normal approximation, or the small-x form
///   x ~ 2 (p Gamma(df/2 + 1))^(2/df) / upper-tail asymptote for small df, refined by Newton's
///   method on the log of the tail probability, safeguarded by bisection.
/// NaN gives NaN; x <= 0 gives cdf 0; `quantile(0) = 0`, `quantile(1) = +infinity`.
public struct ChiSquaredDistribution: ContinuousDistribution, Equatable, Hashable {
    public let degreesOfFreedom: Double

    /// - Precondition: `degreesOfFreedom` positive and finite.
    public init(degreesOfFreedom: Double) {
        precondition(degreesOfFreedom > 0 && degreesOfFreedom.isFinite, "degreesOfFreedom must be positive and finite")
        self.degreesOfFreedom = degreesOfFreedom
    }

    private var shape: Double { degreesOfFreedom / 2 }

    public func cdf(_ x: Double) -> Double {
        IncompleteGamma.regularized(a: shape, x: x / 2).lower
    }

    public func survival(_ x: Double) -> Double {
        IncompleteGamma.regularized(a: shape, x: x / 2).upper
    }

    /// The probability density at x (0 for x < 0).
    public func density(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if x < 0 || x == .infinity { return 0 }
        if x == 0 {
            if degreesOfFreedom < 2 { return .infinity }
            return degreesOfFreedom == 2 ? 0.5 : 0
        }
        return Double.exp(IncompleteGamma.logPrefactor(a: shape, x: x / 2)) / x
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
        return solver.solve(target: p, initialGuess: lowerGuess(p))
    }

    private func solveUpper(_ q: Double) -> Double {
        let solver = QuantileSolver(probability: { survival($0) }, density: { density($0) }, increasing: false)
        return solver.solve(target: q, initialGuess: upperGuess(q))
    }

    private func wilsonHilferty(z: Double) -> Double {
        let df = degreesOfFreedom
        let c = 2 / (9 * df)
        let base = 1 - c + z * c.squareRoot()
        return df * base * base * base
    }

    /// P(df/2, x/2) ~ (x/2)^(df/2) / Gamma(df/2 + 1) for small x.
    private func smallGuess(_ p: Double) -> Double {
        2 * Double.exp((Double.log(p) + Double.logGamma(shape + 1)) / shape)
    }

    private func lowerGuess(_ p: Double) -> Double {
        let approximation = wilsonHilferty(z: NormalDistribution.standardQuantile(p))
        if degreesOfFreedom < -1.24 * Double.log(p) || !(approximation > 0) { return smallGuess(p) }
        return approximation
    }

    private func upperGuess(_ q: Double) -> Double {
        if q < 1e-3 && degreesOfFreedom < 10 {
            // Q(a, g) ~ g^(a-1) e^-g / Gamma(a): fixed-point iteration on g.
            var g = -Double.log(q)
            for _ in 0..<4 {
                g = -Double.log(q) - Double.logGamma(shape) + (shape - 1) * Double.log(g)
                g = max(g, 1)
            }
            return 2 * g
        }
        let approximation = wilsonHilferty(z: -NormalDistribution.standardQuantile(q))
        return approximation > 0 ? approximation : max(smallGuess(1 - q), degreesOfFreedom)
    }
}
