import RealModule

/// The noncentral t distribution with `degreesOfFreedom` and noncentrality `noncentrality`:
/// T = (Z + delta) / sqrt(V / nu), Z standard normal, V chi-square on nu degrees of freedom.
///
/// The distribution function follows Lenth (1989), "Algorithm AS 243: Cumulative distribution
/// function of the non-central t distribution", Applied Statistics 38, 185-189: for t >= 0,
///
///     P(T <= t) = Phi(-delta) + sum_j [p_j I_x(j + 1/2, nu/2) + q_j I_x(j + 1, nu/2)],
///     x = t^2 / (t^2 + nu), lambda = delta^2 / 2,
///     p_j = e^-lambda lambda^j / (2 j!),  q_j = delta e^-lambda lambda^j / (2 sqrt(2) Gamma(j + 3/2)),
///
/// and P(T <= t) = 1 - P(T' <= -t) with T' of noncentrality -delta for t < 0. Unlike AS 243
/// (which sums upwards from j = 0 and stops at a fixed error bound of 1e-12), the series is summed
/// outwards from the largest Poisson weight (j = floor(lambda)) in both directions, each
/// regularized incomplete beta evaluated directly, until the weights are below 1e-20 of the sum
/// (the approach of Boost.Math's non_central_t). The result has an absolute error of a few
/// 1e-16; far-tail probabilities below about 1e-14 are not accurate relatively. Used for the
/// confidence intervals of standardized mean differences (R effectsize, MBESS).
public struct NoncentralTDistribution: Sendable, Equatable, Hashable {
    public let degreesOfFreedom: Double
    public let noncentrality: Double

    /// - Precondition: `degreesOfFreedom > 0` and finite, `noncentrality` finite.
    public init(degreesOfFreedom: Double, noncentrality: Double) {
        precondition(degreesOfFreedom > 0 && degreesOfFreedom.isFinite, "degreesOfFreedom must be positive and finite")
        precondition(noncentrality.isFinite, "noncentrality must be finite")
        self.degreesOfFreedom = degreesOfFreedom
        self.noncentrality = noncentrality
    }

    /// P(T <= t).
    public func cdf(_ t: Double) -> Double {
        if t.isNaN { return .nan }
        if t == .infinity { return 1 }
        if t == -.infinity { return 0 }
        if t >= 0 { return Self.nonnegativeCDF(t, nu: degreesOfFreedom, delta: noncentrality) }
        return 1 - Self.nonnegativeCDF(-t, nu: degreesOfFreedom, delta: -noncentrality)
    }

    /// The t with P(T <= t) = p, for p in (0, 1).
    public func quantile(_ p: Double) -> Double {
        precondition(p > 0 && p < 1, "probability must be in (0, 1)")
        // A start from the normal approximation, then bracket and refine.
        let z = NormalDistribution().quantile(p)
        let df = degreesOfFreedom
        let s = 1 / (4 * df)
        var guess = (noncentrality + z * (1 + 2 * noncentrality * noncentrality * s).squareRoot()) / (1 - s)
        if !guess.isFinite { guess = noncentrality }
        var step = max(1, abs(guess) * 0.1)
        var low = guess - step, high = guess + step
        while cdf(low) > p { step *= 2; low = guess - step }
        step = max(1, abs(guess) * 0.1)
        while cdf(high) < p { step *= 2; high = guess + step }
        return IllinoisRootFinder.refine(low: low, high: high, fLow: cdf(low) - p, fHigh: cdf(high) - p, iterations: 300,
                                         isNarrow: { $1 - $0 <= 4 * Double.ulpOfOne * max(abs($0), abs($1)) }) { cdf($0) - p }
    }

    /// P(T > t).
    public func survival(_ t: Double) -> Double {
        if t.isNaN { return .nan }
        if t == .infinity { return 0 }
        if t == -.infinity { return 1 }
        if t < 0 { return Self.nonnegativeCDF(-t, nu: degreesOfFreedom, delta: -noncentrality) }
        return 1 - Self.nonnegativeCDF(t, nu: degreesOfFreedom, delta: noncentrality)
    }

    static func nonnegativeCDF(_ t: Double, nu: Double, delta: Double) -> Double {
        let base = NormalDistribution.standardCDF(-delta)
        if t == 0 { return base }
        let square = t * t
        let x = square / (square + nu)
        let y = nu / (square + nu)
        let lambda = delta * delta / 2
        let b = nu / 2
        if lambda == 0 {
            return base + 0.5 * IncompleteBeta.regularized(a: 0.5, b: b, x: x, y: y).lower
        }
        let logLambda = Double.log(lambda)
        let qScale = delta / (2 * 2.0.squareRoot())
        let mode = Int(lambda.rounded(.down))
        let logX = Double.log(x), logY = Double.log(y), logGammaB = Double.logGamma(b)
        // I_x(a, b) at the mode by the continued fraction, then the recurrence
        // I_x(a + 1, b) = I_x(a, b) - g(a), g(a) = x^a y^b Gamma(a + b) / (Gamma(a + 1) Gamma(b))
        // outwards (as AS 243), instead of two continued fractions per term.
        func step(_ a: Double) -> Double { Double.exp(a * logX + b * logY + Double.logGamma(a + b) - Double.logGamma(a + 1) - logGammaB) }
        struct Ladder { var value: Double; var g: Double }
        func weights(_ j: Int) -> (p: Double, q: Double) {
            let jd = Double(j)
            let logPoisson = -lambda + jd * logLambda
            return (0.5 * Double.exp(logPoisson - Double.logGamma(jd + 1)), qScale * Double.exp(logPoisson - Double.logGamma(jd + 1.5)))
        }
        let a0 = Double(mode) + 0.5, a1 = Double(mode) + 1
        let start = (IncompleteBeta.regularized(a: a0, b: b, x: x, y: y).lower, IncompleteBeta.regularized(a: a1, b: b, x: x, y: y).lower)
        let g0 = step(a0), g1 = step(a1)
        let recurrence = g0 > 0 && g1 > 0 && g0.isFinite && g1.isFinite
        func direct(_ j: Int) -> (Double, Double) {
            (IncompleteBeta.regularized(a: Double(j) + 0.5, b: b, x: x, y: y).lower, IncompleteBeta.regularized(a: Double(j) + 1, b: b, x: x, y: y).lower)
        }
        var sum = 0.0
        // Upwards from the mode.
        var half = Ladder(value: start.0, g: g0), whole = Ladder(value: start.1, g: g1)
        var j = mode
        while true {
            let (p, q) = weights(j)
            let (first, second) = recurrence ? (half.value, whole.value) : direct(j)
            sum += p * first + q * second
            let weight = p + abs(q)
            if j > mode + 5 && weight < 1e-20 * max(abs(sum), 1e-300) { break }
            if weight == 0 && j > mode { break }
            let ah = Double(j) + 0.5, aw = Double(j) + 1
            half.value = max(half.value - half.g, 0); half.g *= x * (ah + b) / (ah + 1)
            whole.value = max(whole.value - whole.g, 0); whole.g *= x * (aw + b) / (aw + 1)
            j += 1
            if j > mode + 100_000 { break }
        }
        // Downwards: I_x(a - 1, b) = I_x(a, b) + g(a - 1), g(a - 1) = g(a) a / (x (a - 1 + b)).
        half = Ladder(value: start.0, g: g0); whole = Ladder(value: start.1, g: g1)
        j = mode - 1
        while j >= 0 {
            let ah = Double(j) + 1.5, aw = Double(j) + 2
            half.g *= ah / (x * (ah - 1 + b)); half.value = min(half.value + half.g, 1)
            whole.g *= aw / (x * (aw - 1 + b)); whole.value = min(whole.value + whole.g, 1)
            let (p, q) = weights(j)
            let (first, second) = recurrence ? (half.value, whole.value) : direct(j)
            sum += p * first + q * second
            if p + abs(q) < 1e-20 * max(abs(sum), 1e-300) { break }
            j -= 1
        }
        return min(max(base + sum, 0), 1)
    }

    /// The noncentrality delta with P(T <= t; nu, delta) = probability: the confidence limits
    /// of delta given an observed t ("pivoting the CDF", Steiger & Fouladi 1997; as
    /// R effectsize's `.get_ncp_t` and MBESS `conf.limits.nct`). The CDF decreases in delta, so the
    /// root is unique; it is bracketed by expansion and found by Brent's method to a few ulps.
    public static func noncentrality(observed t: Double, degreesOfFreedom nu: Double, cdf probability: Double) -> Double {
        precondition(probability > 0 && probability < 1, "probability must be in (0, 1)")
        guard t.isFinite, nu > 0, nu.isFinite else { return .nan }
        func residual(_ delta: Double) -> Double {
            NoncentralTDistribution(degreesOfFreedom: nu, noncentrality: delta).cdf(t) - probability
        }
        // P(T <= t) is about Phi(t - delta) for large nu; start there and widen.
        let z = NormalDistribution.standardQuantile(probability)
        let guess = t - z
        var width = 1.0 + abs(t) * 0.1
        var low = guess - width, high = guess + width
        var lowValue = residual(low), highValue = residual(high)
        var steps = 0
        while lowValue < 0 && steps < 200 { width *= 2; low = guess - width; lowValue = residual(low); steps += 1 }
        steps = 0
        while highValue > 0 && steps < 200 { width *= 2; high = guess + width; highValue = residual(high); steps += 1 }
        guard lowValue >= 0, highValue <= 0 else { return .nan }
        return RootFinder.brent(residual, low, high, lowValue, highValue)
    }
}

/// The noncentral F distribution: (X1 / d1) / (X2 / d2) with X1 noncentral chi-square on d1 degrees
/// of freedom and noncentrality lambda, X2 chi-square on d2.
///
/// P(F <= f) = sum_j e^(-lambda/2) (lambda/2)^j / j! I_x(d1/2 + j, d2/2), x = d1 f / (d1 f + d2)
/// (Johnson, Kotz & Balakrishnan 1995, ch. 30, eq. 30.9; the series of R's `pnbeta`, AS 226 with
/// Frick's 1990 correction), summed outwards from the largest Poisson weight until the weights are
/// below 1e-20 of the sum; absolute error of a few 1e-16. Used for the confidence intervals of
/// eta-squared and omega-squared (R effectsize `.get_ncp_F`).
public struct NoncentralFDistribution: Sendable, Equatable, Hashable {
    public let numeratorDegreesOfFreedom: Double
    public let denominatorDegreesOfFreedom: Double
    public let noncentrality: Double

    /// - Precondition: degrees of freedom positive and finite, `noncentrality >= 0` and finite.
    public init(numeratorDegreesOfFreedom: Double, denominatorDegreesOfFreedom: Double, noncentrality: Double) {
        precondition(numeratorDegreesOfFreedom > 0 && numeratorDegreesOfFreedom.isFinite)
        precondition(denominatorDegreesOfFreedom > 0 && denominatorDegreesOfFreedom.isFinite)
        precondition(noncentrality >= 0 && noncentrality.isFinite, "noncentrality must be >= 0 and finite")
        self.numeratorDegreesOfFreedom = numeratorDegreesOfFreedom
        self.denominatorDegreesOfFreedom = denominatorDegreesOfFreedom
        self.noncentrality = noncentrality
    }

    /// P(F <= f).
    public func cdf(_ f: Double) -> Double {
        if f.isNaN { return .nan }
        if f <= 0 { return 0 }
        if f == .infinity { return 1 }
        let d1 = numeratorDegreesOfFreedom, d2 = denominatorDegreesOfFreedom
        let scaled = d1 * f
        let x = scaled / (scaled + d2), y = d2 / (scaled + d2)
        let half = noncentrality / 2
        if half == 0 { return IncompleteBeta.regularized(a: d1 / 2, b: d2 / 2, x: x, y: y).lower }
        let logHalf = Double.log(half)
        func term(_ j: Int) -> (value: Double, weight: Double) {
            let jd = Double(j)
            let weight = Double.exp(-half + jd * logHalf - Double.logGamma(jd + 1))
            return (weight * IncompleteBeta.regularized(a: d1 / 2 + jd, b: d2 / 2, x: x, y: y).lower, weight)
        }
        let mode = Int(half.rounded(.down))
        var sum = 0.0
        var j = mode
        while true {
            let (value, weight) = term(j)
            sum += value
            if j > mode + 5 && weight < 1e-20 * max(sum, 1e-300) { break }
            j += 1
            if j > mode + 100_000 { break }
        }
        j = mode - 1
        while j >= 0 {
            let (value, weight) = term(j)
            sum += value
            if weight < 1e-20 * max(sum, 1e-300) { break }
            j -= 1
        }
        return min(max(sum, 0), 1)
    }

    /// The noncentrality lambda >= 0 with P(F <= f; d1, d2, lambda) = probability, or 0 when even
    /// lambda = 0 gives a probability at or below the target (R effectsize's `.get_ncp_F`
    /// convention). The CDF decreases in lambda; the root is found by Brent's method.
    public static func noncentrality(observed f: Double, numeratorDegreesOfFreedom d1: Double,
                                     denominatorDegreesOfFreedom d2: Double, cdf probability: Double) -> Double {
        precondition(probability > 0 && probability < 1, "probability must be in (0, 1)")
        guard f.isFinite, f >= 0 else { return .nan }
        func residual(_ lambda: Double) -> Double {
            NoncentralFDistribution(numeratorDegreesOfFreedom: d1, denominatorDegreesOfFreedom: d2, noncentrality: lambda).cdf(f) - probability
        }
        let atZero = residual(0)
        if atZero <= 0 { return 0 }
        var high = max(f * d1, 1.0)
        var highValue = residual(high)
        var steps = 0
        while highValue > 0 && steps < 200 { high *= 2; highValue = residual(high); steps += 1 }
        guard highValue <= 0 else { return .nan }
        return RootFinder.brent(residual, 0, high, atZero, highValue)
    }
}

/// Brent's method (Brent 1973, "Algorithms for Minimization without Derivatives", ch. 4,
/// zeroin) for a root of a function bracketed by [a, b] with f(a), f(b) of opposite signs.
enum RootFinder {
    static func brent(_ function: (Double) -> Double, _ a0: Double, _ b0: Double, _ fa0: Double, _ fb0: Double) -> Double {
        var a = a0, b = b0, fa = fa0, fb = fb0
        if fa == 0 { return a }
        if fb == 0 { return b }
        var c = a, fc = fa
        var d = b - a, e = d
        for _ in 0..<300 {
            if (fb > 0) == (fc > 0) { c = a; fc = fa; d = b - a; e = d }
            if abs(fc) < abs(fb) { a = b; b = c; c = a; fa = fb; fb = fc; fc = fa }
            let tolerance = 2 * Double.ulpOfOne * abs(b) + 1e-300
            let m = 0.5 * (c - b)
            if abs(m) <= tolerance || fb == 0 { return b }
            if abs(e) < tolerance || abs(fa) <= abs(fb) {
                d = m; e = m
            } else {
                var p: Double, q: Double
                let s = fb / fa
                if a == c {
                    p = 2 * m * s; q = 1 - s
                } else {
                    let qa = fa / fc, r = fb / fc
                    p = s * (2 * m * qa * (qa - r) - (b - a) * (r - 1))
                    q = (qa - 1) * (r - 1) * (s - 1)
                }
                if p > 0 { q = -q } else { p = -p }
                if 2 * p < min(3 * m * q - abs(tolerance * q), abs(e * q)) {
                    e = d; d = p / q
                } else {
                    d = m; e = m
                }
            }
            a = b; fa = fb
            b += abs(d) > tolerance ? d : (m > 0 ? tolerance : -tolerance)
            fb = function(b)
        }
        return b
    }
}
