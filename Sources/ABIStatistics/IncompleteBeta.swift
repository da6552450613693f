import RealModule

/// The regularized incomplete beta function I_x(a, b) and its complement 1 - I_x(a, b).
///
/// Method: the continued fraction of Numerical Recipes (Press et al., 3rd ed., section 6.4)
/// evaluated by the modified Lentz algorithm (Thompson & Barnett 1986), on the side of the
/// symmetry I_x(a, b) = 1 - I_{1-x}(b, a) where it converges (x < (a + 1) / (a + b + 2)). The
/// prefactor x^a (1-x)^b / B(a, b) is formed in log space, with Stirling's series and
/// D(t) = t - 1 - log t for large a, b (DiDonato & Morris 1992) so that it keeps full relative
/// accuracy for parameters up to about 1e15. The tail on the converging side is computed
/// directly; the other is its complement, which is never smaller than about 0.05.
enum IncompleteBeta {
    /// Returns I_x(a, b) and 1 - I_x(a, b). The caller passes y = 1 - x computed without
    /// cancellation (for example t^2 / (df + t^2) and df / (df + t^2)); a, b > 0.
    /// NaN in x or y gives NaN.
    static func regularized(a: Double, b: Double, x: Double, y: Double) -> (lower: Double, upper: Double) {
        if x.isNaN || y.isNaN || a.isNaN || b.isNaN { return (.nan, .nan) }
        if x <= 0 { return (0, 1) }
        if y <= 0 { return (1, 0) }
        if x * (a + b + 2) < a + 1 {
            // Near x = 1 with a large and b small the continued fraction loses about
            // log10(1 / (1 - x)) digits; the asymptotic expansion in a does not.
            let direct = usesReduction(a: a, b: b, y: y) ? largeAModerateB(a: a, b: b, x: x, y: y) : tail(a: a, b: b, x: x, y: y)
            return (direct, 1 - direct)
        }
        let direct = usesReduction(a: b, b: a, y: x) ? largeAModerateB(a: b, b: a, x: y, y: x) : tail(a: b, b: a, x: y, y: x)
        return (1 - direct, direct)
    }

    /// With x close to 1 (y = 1 - x small) the continued fraction loses about log10(1 / y)
    /// digits, which happens when a is much larger than b; there the reduction to BGRAT (at most
    /// 5000 positive terms) is used. BGRAT is an expansion for x near 1, so not for y > 0.05.
    private static func usesReduction(a: Double, b: Double, y: Double) -> Bool {
        y <= 0.05 && a >= 100 && (b <= 40 || (b <= 5000 && a >= 50 * b))
    }

    /// I_x(a, b) for large a and b <= 5000 (see `usesReduction`), on the side where it is the
    /// small tail. For b > 1,
    /// b is first reduced to b' = b - n in (0, 1] by the recurrence
    /// I_x(a, b) = I_x(a, b') + sum_{i<n} x^a y^(b'+i) Gamma(a+b'+i) / (Gamma(b'+i+1) Gamma(a))
    /// (DiDonato & Morris 1992; Boost ibeta_a_step), whose terms are all positive.
    private static func largeAModerateB(a: Double, b: Double, x: Double, y: Double) -> Double {
        if b <= 1 { return largeASmallBSeries(a: a, b: b, x: x, y: y) }
        var steps = b.rounded(.down)
        if steps == b { steps -= 1 }
        let reduced = b - steps
        // The terms grow by up to ~e^150 over the sum, so the first can be subnormal while the
        // total is not: sum them relative to the first, in log scale.
        var logScale = logPrefactor(a: a, b: reduced, x: x, y: y) - Double.log(reduced)
        var term = 1.0
        var sum = 0.0
        var i = 0.0
        while i < steps {
            sum += term
            term *= y * (a + reduced + i) / (reduced + i + 1)
            if term > 1e200 {
                term /= 1e200
                sum /= 1e200
                logScale += 200 * Double.log(10)
            }
            i += 1
        }
        return largeASmallBSeries(a: a, b: reduced, x: x, y: y) + Double.exp(logScale + Double.log(sum))
    }

    /// Odd factorials 1!, 3!, 5!, ... 61! for the BGRAT coefficients.
    private static let oddFactorials: [Double] = {
        var values: [Double] = []
        var factorial = 1.0
        for k in 1...61 {
            factorial *= Double(k)
            if k % 2 == 1 { values.append(factorial) }
        }
        return values
    }()

    /// I_x(a, b) for large a and b <= 1 by the asymptotic expansion BGRAT of DiDonato & Morris
    /// (1992, ACM TOMS 708, eq. 9-9.6; Temme 1987): with T = a + (b - 1)/2 and u = -T log x,
    /// I_x(a, b) = Gamma(a + b) / (Gamma(a) T^b) * H(b, u) * sum_n p_n J_n.
    private static func largeASmallBSeries(a: Double, b: Double, x: Double, y: Double) -> Double {
        let bMinusOne = b - 1
        let t = a + bMinusOne / 2
        let logX = y < 0.35 ? Double.log(onePlus: -y) : Double.log(x)
        let u = -t * logX
        let logH = IncompleteGamma.logPrefactor(a: b, x: u)
        let prefix = Double.exp(logH + SpecialFunctions.logGammaRatio(large: a, small: b) - b * Double.log(t))
        if prefix == 0 { return 0 }
        var p = [Double](repeating: 0, count: 30)
        p[0] = 1
        // J_0 = Q(b, u) / H(b, u).
        var j = IncompleteGamma.regularized(a: b, x: u).upper / Double.exp(logH)
        var sum = prefix * j
        var twoNPlusOne = 1
        let halfLogXSquared = (logX / 2) * (logX / 2)
        var logXPower = 1.0
        let fourTSquared = 4 * t * t
        var bPlusTwoN = b
        for n in 1..<30 {
            twoNPlusOne += 2
            var coefficient = 0.0
            var oddIndex = 1  // 3! is oddFactorials[1]
            for m in 1..<n {
                let mbn = Double(m) * b - Double(n)
                coefficient += mbn * p[n - m] / oddFactorials[oddIndex]
                oddIndex += 1
            }
            coefficient /= Double(n)
            coefficient += bMinusOne / oddFactorials[n]
            p[n] = coefficient
            j = (bPlusTwoN * (bPlusTwoN + 1) * j + (u + bPlusTwoN + 1) * logXPower) / fourTSquared
            logXPower *= halfLogXSquared
            bPlusTwoN += 2
            let term = prefix * p[n] * j
            sum += term
            if abs(term) <= abs(sum) * Double.ulpOfOne / 2 { break }
        }
        return sum
    }

    /// x^a y^b / B(a, b) in log form.
    static func logPrefactor(a: Double, b: Double, x: Double, y: Double) -> Double {
        let small = min(a, b)
        let large = max(a, b)
        if small >= 10 {
            let total = a + b
            // t = x / x0 with x0 = a / (a + b), the mode of the exponent; u = t - 1 by fma.
            // (a + b) x - a = b - (a + b) y: use the smaller of x and y, which is exact relative.
            let tx = total * x / a
            let ux = (x <= y ? (-a).addingProduct(total, x) : b.addingProduct(-total, y)) / a
            let ty = total * y / b
            let uy = (y <= x ? (-b).addingProduct(total, y) : a.addingProduct(-total, x)) / b
            let exponent = -(a * SpecialFunctions.logRatioDeviance(t: tx, u: ux)
                + b * SpecialFunctions.logRatioDeviance(t: ty, u: uy))
            return exponent + 0.5 * Double.log(a * (b / total)) - SpecialFunctions.logSquareRootTwoPi
                - (SpecialFunctions.stirlingCorrection(a) + SpecialFunctions.stirlingCorrection(b)
                    - SpecialFunctions.stirlingCorrection(total))
        }
        // log x from 1 - y when x is near 1, where log(x) itself would cancel.
        let logX = x <= 0.5 ? Double.log(x) : Double.log(onePlus: -y)
        let logY = y <= 0.5 ? Double.log(y) : Double.log(onePlus: -x)
        if large >= 10 {
            return a * logX + b * logY
                + SpecialFunctions.logGammaRatio(large: large, small: small) - Double.logGamma(small)
        }
        let (logGammaSum, logGammaA, logGammaB) = logGammas(a: a, b: b)
        return a * logX + b * logY + logGammaSum - logGammaA - logGammaB
    }

    /// lgamma(a + b), lgamma(a), lgamma(b); for Student's t (b = 1/2, a = df / 2 with df = 1...40)
    /// from a table made once, since `trend` computes a p-value per subject at the same few degrees
    /// of freedom. The same values either way, so results do not depend on the table.
    @inline(__always)
    static func logGammas(a: Double, b: Double) -> (sum: Double, a: Double, b: Double) {
        if b == 0.5, a >= 0.5, a <= 20 {
            let twiceA = 2 * a
            if twiceA == twiceA.rounded(.towardZero) { return studentLogGammas[Int(twiceA) - 1] }
        }
        return (Double.logGamma(a + b), Double.logGamma(a), Double.logGamma(b))
    }

    /// `logGammas(a: df / 2, b: 0.5)` at index df - 1.
    static let studentLogGammas: [(sum: Double, a: Double, b: Double)] = (1...40).map { df in
        let a = Double(df) / 2
        return (Double.logGamma(a + 0.5), Double.logGamma(a), Double.logGamma(0.5))
    }

    /// I_x(a, b) for x below the switch point, as prefactor times continued fraction over a.
    private static func tail(a: Double, b: Double, x: Double, y: Double) -> Double {
        let prefactor = Double.exp(logPrefactor(a: a, b: b, x: x, y: y))
        if prefactor == 0 { return 0 }
        return prefactor * continuedFraction(a: a, b: b, x: x, y: y) / a
    }

    /// Modified Lentz evaluation of the incomplete-beta continued fraction (NR 6.4.5).
    private static func continuedFraction(a: Double, b: Double, x: Double, y: Double) -> Double {
        let tiny = 1e-300
        let sumAB = a + b
        let aPlusOne = a + 1
        let aMinusOne = a - 1
        var c = 1.0
        // 1 - (a + b) x / (a + 1) = (1 - b + (a + b) y) / (a + 1): cancels near the switch point
        // unless formed from the smaller of x and y.
        var d = x <= y ? 1 - sumAB * x / aPlusOne : (1 - b).addingProduct(sumAB, y) / aPlusOne
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        let maximumIterations = 10_000 + Int(20 * max(a, b).squareRoot().rounded(.up))
        var m = 1.0
        for _ in 0..<maximumIterations {
            let twoM = 2 * m
            var coefficient = m * (b - m) * x / ((aMinusOne + twoM) * (a + twoM))
            d = 1 + coefficient * d
            if abs(d) < tiny { d = tiny }
            c = 1 + coefficient / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            coefficient = -(a + m) * (sumAB + m) * x / ((a + twoM) * (aPlusOne + twoM))
            d = 1 + coefficient * d
            if abs(d) < tiny { d = tiny }
            c = 1 + coefficient / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) <= Double.ulpOfOne { break }
            m += 1
        }
        return h
    }
}
