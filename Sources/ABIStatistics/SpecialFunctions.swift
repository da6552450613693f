import RealModule

/// Building blocks shared by the incomplete gamma and beta functions and the densities.
///
/// The large-argument forms follow the approach of DiDonato & Morris (1992, ACM TOMS 708) and
/// Temme (1987): write x^a e^-x / Gamma(a) and x^a y^b / B(a, b) through Stirling's series and
/// the function D(t) = t - 1 - log(t), so that no two large logarithms are subtracted.
enum SpecialFunctions {
    static let logSquareRootTwoPi = 0.918_938_533_204_672_741_78

    /// Stirling's series remainder log Gamma(a) - ((a - 1/2) log a - a + log sqrt(2 pi)),
    /// valid for a >= 10 (error below 1e-17 there). Coefficients B_2k / (2k (2k - 1)).
    static func stirlingCorrection(_ a: Double) -> Double {
        precondition(a >= 10, "Stirling series used outside its range")
        let inverse = 1 / a
        let inverseSquared = inverse * inverse
        let series = 1.0 / 12 + inverseSquared * (-1.0 / 360 + inverseSquared * (1.0 / 1260
            + inverseSquared * (-1.0 / 1680 + inverseSquared * (1.0 / 1188
            + inverseSquared * (-691.0 / 360_360 + inverseSquared * (1.0 / 156
            + inverseSquared * (-3617.0 / 122_400)))))))
        return series * inverse
    }

    /// D = t - 1 - log(t) >= 0 for t = 1 + u > 0, accurate near t = 1 where it is about u^2 / 2.
    /// Pass both t and u = t - 1, each computed without cancellation by the caller.
    static func logRatioDeviance(t: Double, u: Double) -> Double {
        if abs(u) > 0.5 { return t - 1 - Double.log(t) }
        // log1p(u) = 2 atanh(r) with r = u / (2 + u); u - 2r = u r, no cancellation left.
        let r = u / (2 + u)
        let rSquared = r * r
        var power = rSquared
        var sum = 1.0 / 3
        var k = 5.0
        while true {
            let term = power / k
            sum += term
            if abs(term) <= sum * 1e-17 { break }
            power *= rSquared
            k += 2
        }
        return u * r - 2 * r * rSquared * sum
    }

    /// log(Gamma(large + small) / Gamma(large)) for large >= 10, without subtracting two large
    /// log-gamma values.
    static func logGammaRatio(large: Double, small: Double) -> Double {
        precondition(large >= 10)
        let total = large + small
        return (large - 0.5) * Double.log(onePlus: small / large) + small * Double.log(total) - small
            + stirlingCorrection(total) - stirlingCorrection(large)
    }

    /// log B(a, b), accurate also when one or both arguments are large.
    static func logBeta(_ a: Double, _ b: Double) -> Double {
        let small = min(a, b)
        let large = max(a, b)
        if small >= 10 {
            let total = a + b
            return logSquareRootTwoPi + (a - 0.5) * Double.log(a / total) + (b - 0.5) * Double.log(b / total)
                - 0.5 * Double.log(total)
                + stirlingCorrection(a) + stirlingCorrection(b) - stirlingCorrection(total)
        }
        if large >= 10 {
            return Double.logGamma(small) - logGammaRatio(large: large, small: small)
        }
        return Double.logGamma(a) + Double.logGamma(b) - Double.logGamma(a + b)
    }
}
