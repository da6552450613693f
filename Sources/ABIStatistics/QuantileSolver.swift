import RealModule

/// Inverts a monotone probability on (0, infinity) by Newton's method on log(probability)
/// against log(x), safeguarded by bisection (geometric) once the root is bracketed.
///
/// Working in logs makes the far tails (probabilities down to 1e-300, quantiles up to 1e300)
/// nearly linear for Newton and keeps the relative accuracy of small targets; steps are applied
/// as x * expm1(step) so the final precision of x does not depend on the size of log x. The
/// caller supplies a starting point from an approximation (Wilson & Hilferty 1931, Hill 1970,
/// tail asymptotics), so a few iterations usually suffice.
struct QuantileSolver {
    /// The probability as a function of x > 0 (a lower or an upper tail, or a central part).
    var probability: (Double) -> Double
    /// The density: |d probability / dx|.
    var density: (Double) -> Double
    /// Whether the probability increases with x.
    var increasing: Bool

    /// The x > 0 with probability(x) == target, for target in (0, 1).
    func solve(target: Double, initialGuess: Double) -> Double {
        let logTarget = Double.log(target)
        var x = initialGuess.isFinite && initialGuess > 0 ? initialGuess : 1
        var below = 0.0
        var above = Double.infinity
        var expansion = 1.0
        let sign: Double = increasing ? 1 : -1
        for _ in 0..<500 {
            let value = probability(x)
            // residual is increasing in x; zero at the root.
            let residual = sign * (Double.log(value) - logTarget)
            if residual == 0 { return x }
            if residual < 0 { below = x } else { above = x }
            let logSlope = density(x) * x / value
            let step = -residual / logSlope
            var next = x + x * Double.expMinusOne(step)
            if !(next.isFinite && next > below && next < above) {
                if below > 0 && above.isFinite {
                    next = below.squareRoot() * above.squareRoot()
                } else {
                    // No bracket yet: expand geometrically; a root beyond the double range is
                    // reported as 0 or infinity.
                    if residual < 0 && x == Double.greatestFiniteMagnitude { return .infinity }
                    if residual > 0 && x == Double.leastNormalMagnitude { return 0 }
                    next = x * Double.exp(residual < 0 ? expansion : -expansion)
                    expansion = min(expansion * 2, 64)
                    next = min(max(next, Double.leastNormalMagnitude), Double.greatestFiniteMagnitude)
                }
            }
            if abs(next - x) <= 2 * Double.ulpOfOne * x { return next }
            if above.isFinite && above - below <= 2 * Double.ulpOfOne * above { return next }
            x = next
        }
        return x
    }
}
