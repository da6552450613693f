import RealModule

/// The regularized incomplete gamma functions P(a, x) and Q(a, x) = 1 - P(a, x).
///
/// Method: the power series for P when x < a + 1 and the Legendre continued fraction for Q
/// otherwise (Numerical Recipes, Press et al., 3rd ed., section 6.2), the latter by the modified
/// Lentz algorithm. The prefactor x^a e^-x / Gamma(a) is formed with Stirling's series and
/// D(t) = t - 1 - log t for a >= 10 (Temme 1987; DiDonato & Morris 1986), which keeps full
/// relative accuracy for large a where a log x - x - log Gamma(a) would cancel.
enum IncompleteGamma {
    /// Returns P(a, x) and Q(a, x) for a > 0. x <= 0 gives (0, 1), x = +infinity gives (1, 0),
    /// NaN gives NaN.
    static func regularized(a: Double, x: Double) -> (lower: Double, upper: Double) {
        if x.isNaN || a.isNaN { return (.nan, .nan) }
        if x <= 0 { return (0, 1) }
        if x == .infinity { return (1, 0) }
        if x < a + 1 {
            let lower = series(a: a, x: x)
            return (lower, 1 - lower)
        }
        let upper = continuedFraction(a: a, x: x)
        return (1 - upper, upper)
    }

    /// log(x^a e^-x / Gamma(a)).
    static func logPrefactor(a: Double, x: Double) -> Double {
        if a < 10 {
            return a * Double.log(x) - x - Double.logGamma(a)
        }
        let t = x / a
        let u = (x - a) / a
        return -a * SpecialFunctions.logRatioDeviance(t: t, u: u) + 0.5 * Double.log(a)
            - SpecialFunctions.logSquareRootTwoPi - SpecialFunctions.stirlingCorrection(a)
    }

    private static func series(a: Double, x: Double) -> Double {
        let prefactor = Double.exp(logPrefactor(a: a, x: x))
        if prefactor == 0 { return 0 }
        var denominator = a
        var term = 1 / a
        var sum = term
        let maximumIterations = 10_000 + Int(20 * a.squareRoot().rounded(.up))
        for _ in 0..<maximumIterations {
            denominator += 1
            term *= x / denominator
            sum += term
            if term <= sum * Double.ulpOfOne / 2 { break }
        }
        return prefactor * sum
    }

    private static func continuedFraction(a: Double, x: Double) -> Double {
        let prefactor = Double.exp(logPrefactor(a: a, x: x))
        if prefactor == 0 { return 0 }
        let tiny = 1e-300
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        let maximumIterations = 10_000 + Int(20 * a.squareRoot().rounded(.up))
        var i = 1.0
        for _ in 0..<maximumIterations {
            let coefficient = -i * (i - a)
            b += 2
            d = coefficient * d + b
            if abs(d) < tiny { d = tiny }
            c = b + coefficient / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) <= Double.ulpOfOne { break }
            i += 1
        }
        return prefactor * h
    }
}
