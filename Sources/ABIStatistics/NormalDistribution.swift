import RealModule

/// The normal (Gaussian) distribution N(mean, standardDeviation^2).
///
/// - `cdf`/`survival`: 0.5 erfc(-z / sqrt 2) with the complementary error function of the C
///   library (the same formulation as Cephes `ndtr`); the tail that is small is computed
///   directly, so P(Z <= -37.5) ~ 4.6e-308 keeps full relative precision. Below about z = -38.5
///   the probability is subnormal and then 0.
/// - `quantile`: Wichura's algorithm AS 241 (Applied Statistics 37, 1988, 477-484), accurate to
///   about 1e-16 relative, for probabilities down to the smallest subnormal.
/// NaN gives NaN; `cdf(-infinity) = 0`, `quantile(0) = -infinity`, `quantile(1) = +infinity`.
public struct NormalDistribution: ContinuousDistribution, Equatable, Hashable {
    public let mean: Double
    public let standardDeviation: Double

    /// - Precondition: `standardDeviation > 0` and both parameters finite.
    public init(mean: Double = 0, standardDeviation: Double = 1) {
        precondition(mean.isFinite, "mean must be finite")
        precondition(standardDeviation > 0 && standardDeviation.isFinite, "standardDeviation must be positive and finite")
        self.mean = mean
        self.standardDeviation = standardDeviation
    }

    public func cdf(_ x: Double) -> Double {
        Self.standardCDF((x - mean) / standardDeviation)
    }

    public func survival(_ x: Double) -> Double {
        Self.standardCDF((mean - x) / standardDeviation)
    }

    public func quantile(_ p: Double) -> Double {
        mean + standardDeviation * Self.standardQuantile(p)
    }

    public func inverseSurvival(_ p: Double) -> Double {
        mean - standardDeviation * Self.standardQuantile(p)
    }

    /// The probability density at x.
    public func density(_ x: Double) -> Double {
        let z = (x - mean) / standardDeviation
        return Double.exp(-0.5 * z * z - SpecialFunctions.logSquareRootTwoPi) / standardDeviation
    }

    /// sqrt(1/2) as a double and the remainder sqrt(1/2) - high.
    private static let squareRootHalfHigh = 0.707_106_781_186_547_6
    private static let squareRootHalfLow = -4.833_646_656_726_457e-17

    /// P(Z <= z) for the standard normal.
    ///
    /// z / sqrt 2 is rounded before erfc, which alone costs a relative error of about
    /// z^2 * 1e-16 in the tail (1e-13 at z = -34); the rounding error d of the product is
    /// recovered with a fused multiply-add and removed to first order,
    /// erfc(w + d) = erfc(w) (1 - d * 2 exp(-w^2) / (sqrt(pi) erfc(w))).
    static func standardCDF(_ z: Double) -> Double {
        if z.isNaN { return .nan }
        let scaled = z * squareRootHalfHigh
        if abs(scaled) < squareRootHalfHigh {
            return 0.5 + 0.5 * Double.erf(scaled)
        }
        if z.isInfinite { return z < 0 ? 0 : 1 }
        let w = abs(scaled)
        // z / sqrt 2 = scaled + d exactly (to ~1e-32); |z| / sqrt 2 = w + d sign(z).
        let d = (-scaled).addingProduct(z, squareRootHalfHigh) + z * squareRootHalfLow
        let roundingError = z < 0 ? -d : d
        let tail = Double.erfc(w)
        // d log erfc / dw = -2 exp(-w^2) / (sqrt(pi) erfc(w)), about -2w - 1/w for large w.
        let logSlope: Double
        if w < 5 {
            logSlope = 2 * Double.exp(-w * w) / (1.772_453_850_905_516_027_3 * tail)
        } else {
            let inverseSquare = 1 / (w * w)
            logSlope = 2 * w * (1 + inverseSquare * (0.5 - inverseSquare))
        }
        let corrected = 0.5 * tail * (1 - roundingError * logSlope)
        return z < 0 ? corrected : 1 - corrected
    }

    /// Standard normal quantile by AS 241 (PPND16).
    static func standardQuantile(_ p: Double) -> Double {
        if p.isNaN || p < 0 || p > 1 { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        let q = p - 0.5
        if abs(q) <= 0.425 {
            let r = 0.180625 - q * q
            let numerator = (((((((2.5090809287301226727e+3 * r + 3.3430575583588128105e+4) * r
                + 6.7265770927008700853e+4) * r + 4.5921953931549871457e+4) * r
                + 1.3731693765509461125e+4) * r + 1.9715909503065514427e+3) * r
                + 1.3314166789178437745e+2) * r + 3.3871328727963666080e+0) * q
            let denominator = (((((((5.2264952788528545610e+3 * r + 2.8729085735721942674e+4) * r
                + 3.9307895800092710610e+4) * r + 2.1213794301586595867e+4) * r
                + 5.3941960214247511077e+3) * r + 6.8718700749205790830e+2) * r
                + 4.2313330701600911252e+1) * r + 1.0)
            return numerator / denominator
        }
        // 1 - p is exact for p >= 0.5, so the upper tail loses nothing here.
        var r = q < 0 ? p : 1 - p
        r = (-Double.log(r)).squareRoot()
        let magnitude: Double
        if r <= 5 {
            r -= 1.6
            let numerator = (((((((7.74545014278341407640e-4 * r + 2.27238449892691845833e-2) * r
                + 2.41780725177450611770e-1) * r + 1.27045825245236838258e+0) * r
                + 3.64784832476320460504e+0) * r + 5.76949722146069140550e+0) * r
                + 4.63033784615654529590e+0) * r + 1.42343711074968357734e+0)
            let denominator = (((((((1.05075007164441684324e-9 * r + 5.47593808499534494600e-4) * r
                + 1.51986665636164571966e-2) * r + 1.48103976427480074590e-1) * r
                + 6.89767334985100004550e-1) * r + 1.67638483018380384940e+0) * r
                + 2.05319162663775882187e+0) * r + 1.0)
            magnitude = numerator / denominator
        } else {
            r -= 5
            let numerator = (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r
                + 1.24266094738807843860e-3) * r + 2.65321895265761230930e-2) * r
                + 2.96560571828504891230e-1) * r + 1.78482653991729133580e+0) * r
                + 5.46378491116411436990e+0) * r + 6.65790464350110377720e+0)
            let denominator = (((((((2.04426310338993978564e-15 * r + 1.42151175831644588870e-7) * r
                + 1.84631831751005468180e-5) * r + 7.86869131145613259100e-4) * r
                + 1.48753612908506148525e-2) * r + 1.36929880922735805310e-1) * r
                + 5.99832206555887937690e-1) * r + 1.0)
            magnitude = numerator / denominator
        }
        return q < 0 ? -magnitude : magnitude
    }
}
