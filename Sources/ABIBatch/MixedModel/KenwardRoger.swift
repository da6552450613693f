/// The Kenward-Roger adjustment of the fixed-effect covariance and denominator degrees of freedom
/// (Kenward & Roger 1997, Biometrics 53:983), as pbkrtest 0.5 computes them (`vcovAdj`, `Lb_ddf`;
/// Halekoh & Højsgaard 2014, J Stat Softw 59(9)) for REML fits.
///
/// V = sum_r gamma_r G_r is linear in the variance parameters gamma (the elements of the lower
/// triangle of the random-effects covariance per term, then the residual variance). With one
/// grouping factor V, V^-1 and every G_r are block diagonal, so the sums P_r = -X'V^-1 G_r V^-1 X,
/// Q_rs = X'V^-1 G_r V^-1 G_s V^-1 X and tr(G_r V^-1 G_s V^-1) are accumulated subject by subject
/// (n_i x n_i blocks); no n x n matrix is formed.
struct KenwardRogerAdjustment {
    let fixedCount: Int
    /// Phi = (X'V^-1X)^-1, row-major.
    let phi: [Double]
    /// The adjusted covariance Phi_A, row-major.
    let adjustedCovariance: [Double]
    let pMatrices: [[Double]]
    let w: [[Double]]

    init?(design: MixedModelDesign, effectCovariance: [Double], sigma2: Double, phi: [Double]) {
        let x = design.fixed.matrix
        let n = x.rowCount, p = x.columnCount, q = design.random.dimension
        fixedCount = p
        self.phi = phi
        // Parameters: pairs (a, b), a >= b, of the effect covariance (only the diagonal when uncorrelated), then the residual.
        var pairs: [(Int, Int)] = []
        for b in 0..<q { for a in b..<q where design.random.correlated || a == b { pairs.append((a, b)) } }
        let m = pairs.count + 1
        var rowsOf = [[Int]](repeating: [], count: design.groupLabels.count)
        for i in 0..<n { rowsOf[design.groupOfRow[i]].append(i) }
        var pSums = [[Double]](repeating: [Double](repeating: 0, count: p * p), count: m)
        var qSums = [[[Double]]](repeating: [[Double]](repeating: [Double](repeating: 0, count: p * p), count: m), count: m)
        var kTrace = [[Double]](repeating: [Double](repeating: 0, count: m), count: m)
        let z = design.randomColumns
        for rows in rowsOf where !rows.isEmpty {
            let k = rows.count
            // V_i = Z_i Sigma_b Z_i' + sigma^2 I and its inverse (Cholesky, then solves).
            var v = [Double](repeating: 0, count: k * k)
            for (r, i) in rows.enumerated() {
                for (c, j) in rows.enumerated() {
                    var sum = r == c ? sigma2 : 0
                    for a in 0..<q { for b in 0..<q { sum += z[i * q + a] * effectCovariance[a * q + b] * z[j * q + b] } }
                    v[r * k + c] = sum
                }
            }
            guard let vInverse = Self.inverse(v, k) else { return nil }
            // G_r for this subject (k x k).
            var g: [[Double]] = pairs.map { pair in
                var block = [Double](repeating: 0, count: k * k)
                for (r, i) in rows.enumerated() {
                    for (c, j) in rows.enumerated() {
                        let (a, b) = pair
                        var value = z[i * q + a] * z[j * q + b]
                        if a != b { value += z[i * q + b] * z[j * q + a] }
                        block[r * k + c] = value
                    }
                }
                return block
            }
            var identity = [Double](repeating: 0, count: k * k)
            for r in 0..<k { identity[r * k + r] = 1 }
            g.append(identity)
            // X_i (k x p), A = V^-1 X_i, H_r = G_r V^-1, O_r = G_r A.
            var xi = [Double](repeating: 0, count: k * p)
            for (r, i) in rows.enumerated() { for j in 0..<p { xi[r * p + j] = x[i, j] } }
            let a = Self.multiply(vInverse, xi, k, k, p)
            let h = g.map { Self.multiply($0, vInverse, k, k, k) }
            let o = g.map { Self.multiply($0, a, k, k, p) }
            let vo = o.map { Self.multiply(vInverse, $0, k, k, p) }
            for r in 0..<m {
                let pr = Self.transposeMultiply(o[r], a, k, p, p)
                for e in 0..<(p * p) { pSums[r][e] -= pr[e] }
                for s in r..<m {
                    let qrs = Self.transposeMultiply(o[r], vo[s], k, p, p)
                    for e in 0..<(p * p) { qSums[r][s][e] += qrs[e] }
                    var trace = 0.0
                    for u in 0..<k { for t in 0..<k { trace += h[r][u * k + t] * h[s][t * k + u] } }
                    kTrace[r][s] += trace
                }
            }
        }
        for r in 0..<m { for s in 0..<r { qSums[r][s] = Self.transpose(qSums[s][r], p); kTrace[r][s] = kTrace[s][r] } }
        // Expected information (pbkrtest IE2) and W = 2 IE2^-1.
        var information = [[Double]](repeating: [Double](repeating: 0, count: m), count: m)
        for r in 0..<m {
            let phiP = Self.multiply(phi, pSums[r], p, p, p)
            for s in r..<m {
                var phiQ = 0.0
                for e in 0..<(p * p) { phiQ += phi[e] * qSums[r][s][e] }
                let pPhi = Self.multiply(pSums[s], phi, p, p, p)
                var cross = 0.0
                for e in 0..<(p * p) { cross += phiP[e] * pPhi[e] }
                information[r][s] = kTrace[r][s] - 2 * phiQ + cross
                information[s][r] = information[r][s]
            }
        }
        guard let inverse = SatterthwaiteApproximation.invert(information) else { return nil }
        let w = inverse.map { $0.map { 2 * $0 } }
        var u = [Double](repeating: 0, count: p * p)
        for r in 0..<m {
            for s in r..<m {
                let pPhiP = Self.multiply(Self.multiply(pSums[r], phi, p, p, p), pSums[s], p, p, p)
                for e in 0..<(p * p) {
                    let term = w[r][s] * (qSums[r][s][e] - pPhiP[e])
                    u[e] += term
                }
                if r != s {
                    let pPhiPt = Self.multiply(Self.multiply(pSums[s], phi, p, p, p), pSums[r], p, p, p)
                    for e in 0..<(p * p) { u[e] += w[r][s] * (qSums[s][r][e] - pPhiPt[e]) }
                }
            }
        }
        let gamma = Self.multiply(Self.multiply(phi, u, p, p, p), phi, p, p, p)
        adjustedCovariance = zip(phi, gamma).map { $0 + 2 * $1 }
        pMatrices = pSums
        self.w = w
    }

    /// Kenward-Roger denominator df of one contrast l'beta (pbkrtest `Lb_ddf` with q = 1).
    func degreesOfFreedom(contrast l: [Double]) -> Double {
        let p = fixedCount
        var lPhiL = 0.0
        for i in 0..<p { for j in 0..<p { lPhiL += l[i] * phi[i * p + j] * l[j] } }
        var theta = [Double](repeating: 0, count: p * p)
        for i in 0..<p { for j in 0..<p { theta[i * p + j] = l[i] * l[j] / lPhiL } }
        let thetaPhi = Self.multiply(theta, phi, p, p, p)
        let us = pMatrices.map { Self.multiply(Self.multiply(thetaPhi, $0, p, p, p), phi, p, p, p) }
        var a1 = 0.0, a2 = 0.0
        for i in 0..<us.count {
            for j in i..<us.count {
                let e = i == j ? 1.0 : 2.0
                var traceI = 0.0, traceJ = 0.0, product = 0.0
                for d in 0..<p { traceI += us[i][d * p + d]; traceJ += us[j][d * p + d] }
                for r in 0..<p { for c in 0..<p { product += us[i][r * p + c] * us[j][c * p + r] } }
                a1 += e * w[i][j] * traceI * traceJ
                a2 += e * w[i][j] * product
            }
        }
        let q = 1.0
        let b = (a1 + 6 * a2) / (2 * q)
        let g = ((q + 1) * a1 - (q + 4) * a2) / ((q + 2) * a2)
        let denominator = 3 * q + 2 * (1 - g)
        let c1 = g / denominator, c2 = (q - g) / denominator, c3 = (q + 2 - g) / denominator
        var v0 = 1 + c1 * b
        let v1 = 1 - c2 * b, v2 = 1 - c3 * b
        if abs(v0) < 1e-10 { v0 = 0 }
        let numerator = 1 - a2 / q
        let ratio = abs(numerator) < 1e-14 && abs(v1) < 1e-14 ? 1 : numerator / v1
        let rho = 1 / q * ratio * ratio * v0 / v2
        return 4 + (q + 2) / (q * rho - 1)
    }

    // Small dense helpers (row-major).
    static func multiply(_ a: [Double], _ b: [Double], _ n: Int, _ k: Int, _ m: Int) -> [Double] {
        var c = [Double](repeating: 0, count: n * m)
        for i in 0..<n { for t in 0..<k { let v = a[i * k + t]; if v == 0 { continue }; for j in 0..<m { c[i * m + j] += v * b[t * m + j] } } }
        return c
    }

    /// a' b for a (k x n), b (k x m).
    static func transposeMultiply(_ a: [Double], _ b: [Double], _ k: Int, _ n: Int, _ m: Int) -> [Double] {
        var c = [Double](repeating: 0, count: n * m)
        for t in 0..<k { for i in 0..<n { let v = a[t * n + i]; if v == 0 { continue }; for j in 0..<m { c[i * m + j] += v * b[t * m + j] } } }
        return c
    }

    static func transpose(_ a: [Double], _ n: Int) -> [Double] {
        var t = a
        for i in 0..<n { for j in 0..<n { t[j * n + i] = a[i * n + j] } }
        return t
    }

    /// Inverse of a symmetric positive definite matrix (Cholesky); nil if not positive definite.
    static func inverse(_ a: [Double], _ n: Int) -> [Double]? {
        var l = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            var d = a[j * n + j]
            for k in 0..<j { d -= l[j * n + k] * l[j * n + k] }
            guard d > 0 else { return nil }
            l[j * n + j] = d.squareRoot()
            for i in (j + 1)..<n {
                var v = a[i * n + j]
                for k in 0..<j { v -= l[i * n + k] * l[j * n + k] }
                l[i * n + j] = v / l[j * n + j]
            }
        }
        var inverse = [Double](repeating: 0, count: n * n)
        for c in 0..<n {
            var y = [Double](repeating: 0, count: n)
            for i in 0..<n {
                var v = i == c ? 1.0 : 0
                for k in 0..<i { v -= l[i * n + k] * y[k] }
                y[i] = v / l[i * n + i]
            }
            for i in stride(from: n - 1, through: 0, by: -1) {
                var v = y[i]
                for k in (i + 1)..<n { v -= l[k * n + i] * y[k] }
                y[i] = v / l[i * n + i]
            }
            for i in 0..<n { inverse[i * n + c] = y[i] }
        }
        return inverse
    }
}
