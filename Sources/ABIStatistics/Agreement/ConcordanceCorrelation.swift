import RealModule

/// Lin's concordance correlation coefficient.
public struct ConcordanceCorrelationResult: Sendable, Equatable {
    public let count: Int
    /// rho_c = 2 s_xy / (s_x^2 + s_y^2 + (mean x - mean y)^2), moments with divisor n.
    public let estimate: Double
    /// Pearson's r (precision) and the bias correction factor C_b = rho_c / r (accuracy).
    public let pearson: Double
    public let biasCorrection: Double
    /// Interval on Fisher's z scale, back-transformed (Lin 1989 eq. for the SE of z; the
    /// asymptotic form with divisor n - 2, as DescTools::CCC and epiR::epi.ccc "z-transform").
    public let interval: ConfidenceInterval?
    public let standardErrorZ: Double?
    public let method: String
}

public enum ConcordanceCorrelation {
    /// Lin (Biometrics 1989;45:255-268; correction 2000;56:324-325). Pairs with a non-finite value
    /// are left out. Nil with fewer than 3 pairs or a constant variable.
    public static func analyse(_ x: [Double], _ y: [Double], level: Double = 0.95) -> ConcordanceCorrelationResult? {
        precondition(x.count == y.count, "x and y differ in length")
        var xs: [Double] = [], ys: [Double] = []
        for i in x.indices where x[i].isFinite && y[i].isFinite { xs.append(x[i]); ys.append(y[i]) }
        let n = xs.count
        guard n >= 3 else { return nil }
        let nd = Double(n)
        let mx = xs.reduce(0, +) / nd, my = ys.reduce(0, +) / nd
        var sxx = 0.0, syy = 0.0, sxy = 0.0
        for i in 0..<n {
            sxx += (xs[i] - mx) * (xs[i] - mx); syy += (ys[i] - my) * (ys[i] - my); sxy += (xs[i] - mx) * (ys[i] - my)
        }
        guard sxx > 0, syy > 0 else { return nil }
        let vx = sxx / nd, vy = syy / nd, cxy = sxy / nd
        let rc = 2 * cxy / (vx + vy + (my - mx) * (my - mx))
        let r = sxy / (sxx * syy).squareRoot()
        let u = (my - mx) / Double.pow(vx * vy, 0.25)
        var interval: ConfidenceInterval? = nil, seZ: Double? = nil
        if abs(rc) < 1 && r != 0 {
            let r2 = r * r, p2 = rc * rc
            let varP = ((1 - r2) * p2 * (1 - p2) / r2 + 2 * rc * p2 * (1 - rc) * u * u / r - 0.5 * p2 * p2 * u * u * u * u / r2) / (nd - 2)
            if varP > 0 {
                let se = varP.squareRoot() / (1 - p2)
                let zc = Double.atanh(rc)
                let q = NormalDistribution().quantile((1 + level) / 2)
                seZ = se
                interval = ConfidenceInterval(lower: Double.tanh(zc - q * se), upper: Double.tanh(zc + q * se), level: level)
            }
        }
        return ConcordanceCorrelationResult(count: n, estimate: rc, pearson: r, biasCorrection: rc / r,
                                            interval: interval, standardErrorZ: seZ,
                                            method: "Lin 1989 concordance correlation; Fisher z interval (epiR epi.ccc z-transform)")
    }
}
