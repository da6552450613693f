/// Cohen's kappa, unweighted or weighted, with its large-sample interval.
public struct KappaResult: Sendable, Equatable {
    public enum Weighting: String, Sendable, Equatable, CaseIterable {
        case unweighted, linear, quadratic
    }
    public let weighting: Weighting
    public let estimate: Double
    /// Observed and chance-expected (weighted) agreement.
    public let observedAgreement: Double
    public let expectedAgreement: Double
    public let standardError: Double
    /// kappa -+ z SE (not truncated to [-1, 1]).
    public let interval: ConfidenceInterval
    public let count: Int
    public let method: String
}

/// Cohen's kappa (Educ Psychol Meas 1960;20:37-46) and weighted kappa (Cohen, Psychol Bull
/// 1968;70:213-220) with the large-sample variance of Fleiss, Cohen & Everitt (Psychol Bull
/// 1969;72:323-327), as statsmodels `cohens_kappa` computes it (the SAS PROC FREQ formula).
public enum CohenKappa {
    /// `table[i][j]`: count rated category i by the first rater (row) and j by the second; the
    /// categories are ordered (they matter for linear and quadratic weights).
    /// Agreement weights: linear 1 - |i - j| / (K - 1), quadratic 1 - (i - j)^2 / (K - 1)^2.
    /// - Returns: nil for an empty table, fewer than 2 categories, or chance agreement 1.
    public static func analyse(table: [[Int]], weighting: KappaResult.Weighting = .unweighted,
                               level: Double = 0.95) -> KappaResult? {
        let k = table.count
        guard k >= 2, table.allSatisfy({ $0.count == k }) else { return nil }
        let total = table.joined().reduce(0, +)
        guard total > 0 else { return nil }
        let n = Double(total)
        let p = table.map { $0.map { Double($0) / n } }
        var rows = [Double](repeating: 0, count: k), cols = [Double](repeating: 0, count: k)
        for i in 0..<k { for j in 0..<k { rows[i] += p[i][j]; cols[j] += p[i][j] } }
        let scale = Double(k - 1)
        func w(_ i: Int, _ j: Int) -> Double {
            switch weighting {
            case .unweighted: i == j ? 1 : 0
            case .linear: 1 - Double(abs(i - j)) / scale
            case .quadratic: 1 - Double((i - j) * (i - j)) / (scale * scale)
            }
        }
        var po = 0.0, pe = 0.0
        for i in 0..<k { for j in 0..<k { po += w(i, j) * p[i][j]; pe += w(i, j) * rows[i] * cols[j] } }
        guard pe < 1 else { return nil }
        let kappa = (po - pe) / (1 - pe)
        // w-bar_i. = sum_j p_.j w_ij ; w-bar_.j = sum_i p_i. w_ij
        var wRow = [Double](repeating: 0, count: k), wCol = [Double](repeating: 0, count: k)
        for i in 0..<k { for j in 0..<k { wRow[i] += cols[j] * w(i, j); wCol[j] += rows[i] * w(i, j) } }
        var sum = 0.0
        for i in 0..<k {
            for j in 0..<k {
                let term = w(i, j) - (wRow[i] + wCol[j]) * (1 - kappa)
                sum += p[i][j] * term * term
            }
        }
        let last = kappa - pe * (1 - kappa)
        let variance = max(0, (sum - last * last) / ((1 - pe) * (1 - pe) * n))
        let se = variance.squareRoot()
        let z = NormalDistribution().quantile((1 + level) / 2)
        return KappaResult(weighting: weighting, estimate: kappa, observedAgreement: po, expectedAgreement: pe,
                           standardError: se, interval: ConfidenceInterval(lower: kappa - z * se, upper: kappa + z * se, level: level),
                           count: total,
                           method: "Cohen's kappa (\(weighting.rawValue) agreement weights); SE of Fleiss, Cohen & Everitt 1969 (statsmodels cohens_kappa)")
    }
}
