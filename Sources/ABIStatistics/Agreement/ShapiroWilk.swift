import RealModule

/// The Shapiro-Wilk W test of normality.
public struct ShapiroWilkResult: Sendable, Equatable {
    /// Values tested (finite values only).
    public let count: Int
    /// W, in (0, 1]; small values speak against normality.
    public let statistic: Double
    /// The upper-tail p-value from Royston's normalising transformation.
    public let pValue: Double
    public let method: String
}

/// Royston's algorithm AS R94 (Applied Statistics 1995;44:547-551) for the Shapiro-Wilk test,
/// ported from R's `swilk.c` (the code behind `shapiro.test`); same coefficients, same
/// approximations, so W and p agree with R to rounding.
public enum ShapiroWilk {
    /// Tests `values` (NaN and infinities left out). Nil for fewer than 3 or more than 5000
    /// values or all values equal (R's `shapiro.test` stops with an error there).
    public static func test(_ values: [Double]) -> ShapiroWilkResult? {
        let x = values.filter(\.isFinite).sorted()
        let n = x.count
        guard n >= 3 && n <= 5000 else { return nil }
        guard x[n - 1] - x[0] > 0 else { return nil }
        let small = 1e-19
        let g = [-2.273, 0.459]
        let c1 = [0.0, 0.221157, -0.147981, -2.07119, 4.434685, -2.706056]
        let c2 = [0.0, 0.042981, -0.293762, -1.752461, 5.682633, -3.582633]
        let c3 = [0.544, -0.39978, 0.025054, -6.714e-4]
        let c4 = [1.3822, -0.77857, 0.062767, -0.0020322]
        let c5 = [-1.5861, -0.31082, -0.083751, 0.0038915]
        let c6 = [-0.4803, -0.082676, 0.0030302]
        func poly(_ c: [Double], _ v: Double) -> Double {
            var result = c[0]
            if c.count > 1 {
                var p = v * c[c.count - 1]
                var j = c.count - 2
                while j > 0 { p = (p + c[j]) * v; j -= 1 }
                result += p
            }
            return result
        }
        let half = n / 2
        let an = Double(n)
        var a = [Double](repeating: 0, count: half + 1) // 1-based
        if n == 3 {
            a[1] = 0.5.squareRoot()
        } else {
            let an25 = an + 0.25
            var summ2 = 0.0
            let normal = NormalDistribution()
            for i in 1...half {
                a[i] = normal.quantile((Double(i) - 0.375) / an25)
                summ2 += a[i] * a[i]
            }
            summ2 *= 2
            let ssumm2 = summ2.squareRoot()
            let rsn = 1 / an.squareRoot()
            let a1 = poly(c1, rsn) - a[1] / ssumm2
            let i1: Int
            let fac: Double
            if n > 5 {
                i1 = 3
                let a2 = -a[2] / ssumm2 + poly(c2, rsn)
                fac = ((summ2 - 2 * (a[1] * a[1]) - 2 * (a[2] * a[2])) / (1 - 2 * (a1 * a1) - 2 * (a2 * a2))).squareRoot()
                a[2] = a2
            } else {
                i1 = 2
                fac = ((summ2 - 2 * (a[1] * a[1])) / (1 - 2 * (a1 * a1))).squareRoot()
            }
            a[1] = a1
            if i1 <= half { for i in i1...half { a[i] /= -fac } }
        }
        let range = x[n - 1] - x[0]
        guard range >= small else { return nil }
        func sign(_ v: Int) -> Double { v > 0 ? 1 : (v < 0 ? -1 : 0) }
        var sx = x[0] / range
        var sa = -a[1]
        var i = 1, j = n - 1
        while i < n {
            sx += x[i] / range
            i += 1
            if i != j { sa += sign(i - j) * a[min(i, j)] }
            j -= 1
        }
        sa /= an
        sx /= an
        var ssa = 0.0, ssx = 0.0, sax = 0.0
        j = n - 1
        for i in 0..<n {
            let asa = i != j ? sign(i - j) * a[1 + min(i, j)] - sa : -sa
            let xsx = x[i] / range - sx
            ssa += asa * asa
            ssx += xsx * xsx
            sax += asa * xsx
            j -= 1
        }
        let ssassx = (ssa * ssx).squareRoot()
        let w1 = (ssassx - sax) * (ssassx + sax) / (ssa * ssx)
        let w = 1 - w1
        let method = "Shapiro-Wilk (Royston 1995, AS R94, as R shapiro.test)"
        if n == 3 {
            let pi6 = 1.90985931710274, stqr = 1.04719755119660
            let p = max(0, pi6 * (Double.asin(w.squareRoot()) - stqr))
            return ShapiroWilkResult(count: n, statistic: w, pValue: p, method: method)
        }
        var y = Double.log(w1)
        let logN = Double.log(an)
        let m: Double, s: Double
        if n <= 11 {
            let gamma = poly(g, an)
            if y >= gamma { return ShapiroWilkResult(count: n, statistic: w, pValue: 1e-99, method: method) }
            y = -Double.log(gamma - y)
            m = poly(c3, an)
            s = Double.exp(poly(c4, an))
        } else {
            m = poly(c5, logN)
            s = Double.exp(poly(c6, logN))
        }
        let p = NormalDistribution(mean: m, standardDeviation: s).survival(y)
        return ShapiroWilkResult(count: n, statistic: w, pValue: p, method: method)
    }
}
