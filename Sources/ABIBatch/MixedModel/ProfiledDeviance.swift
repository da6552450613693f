#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The profiled deviance of a linear mixed model with one grouping factor, evaluated from per-group
/// cross-products (Bates, Mächler, Bolker & Walker 2015, "Fitting linear mixed-effects models using
/// lme4", J Stat Softw 67(1), sec. 3).
///
/// The model is y = X beta + Z b + e with b_g ~ N(0, sigma^2 T T') per group g (T the q x q lower
/// triangular relative covariance factor, lme4's Lambda_theta block) and e ~ N(0, sigma^2 I). For
/// a given theta the penalised least-squares system has the block Cholesky factor
///
///     L_g L_g' = T' Z_g'Z_g T + I                (one small q x q factor per group)
///     R_ZX,g  = L_g^-1 T' Z_g'X_g,   c_u,g = L_g^-1 T' Z_g'y_g
///     R_X'R_X = X'X - sum_g R_ZX,g' R_ZX,g,   c_beta = R_X'^-1 (X'y - sum_g R_ZX,g' c_u,g)
///
/// and the penalised residual sum of squares is r^2 = y'y - sum_g |c_u,g|^2 - |c_beta|^2 (lme4 eq.
/// 18-21, specialised to a block-diagonal Lambda). One evaluation costs O(G q^2 p + p^3), no
/// n x n or (Gq) x (Gq) matrix is formed.
///
/// Like lme4, the factorisation works on cross-products (X'X, Z'X). To keep y'y from dominating
/// r^2 by cancellation, the response is first replaced by its OLS residual e = y - X b_ols (QR);
/// the fit then estimates beta - b_ols, which leaves every variance quantity unchanged.
struct ProfiledDeviance: Sendable {
    let observationCount: Int
    let fixedCount: Int
    let groupCount: Int
    let effectCount: Int
    /// Positions of theta in T.
    let thetaPositions: [(row: Int, column: Int)]
    /// Per group, row-major q x q.
    let ztz: [Double]
    /// Per group, q x p row-major (effect k, column j at [g*q*p + k*p + j]).
    let ztx: [Double]
    /// Per group, q.
    let zty: [Double]
    /// p x p row-major.
    let xtx: [Double]
    let xty: [Double]
    let yty: Double
    /// The OLS coefficients subtracted from the response.
    let olsCoefficients: [Double]
    /// Nested terms: the number of outer groups and the outer group of each (inner) group; groups of
    /// one outer group are consecutive. 0 and empty for one grouping factor.
    let outerCount: Int
    let outerOfGroup: [Int]

    /// Elements of theta: one set of positions per level.
    var thetaCount: Int { thetaPositions.count * (outerCount > 0 ? 2 : 1) }
    /// Entries of the conditional modes: q per group, then q per outer group.
    var modeCount: Int { (groupCount + outerCount) * effectCount }

    /// One solution of the penalised least-squares problem at theta.
    struct Solution {
        var logDetL2: Double
        var logDetRX2: Double
        var penalizedRSS: Double
        /// Fixed effects (full scale, OLS offset added back).
        var beta: [Double]
        /// Upper-triangular R_X, row-major p x p.
        var rx: [Double]
    }

    init(design: MixedModelDesign, olsCoefficients: [Double]) {
        let x = design.fixed.matrix
        let n = x.rowCount, p = x.columnCount, q = design.random.dimension
        let g = design.groupLabels.count
        observationCount = n; fixedCount = p; groupCount = g; effectCount = q
        thetaPositions = design.random.thetaPositions
        self.olsCoefficients = olsCoefficients
        outerCount = design.outerGroupLabels.count
        outerOfGroup = design.outerOfGroup
        var e = design.fixed.response
        for j in 0..<p {
            let column = x.column(j), b = olsCoefficients[j]
            for (i, v) in zip(0..., column) { e[i] -= v * b }
        }
        var ztz = [Double](repeating: 0, count: g * q * q)
        var ztx = [Double](repeating: 0, count: g * q * p)
        var zty = [Double](repeating: 0, count: g * q)
        var xtx = [Double](repeating: 0, count: p * p)
        var xty = [Double](repeating: 0, count: p)
        var yty = 0.0
        let z = design.randomColumns
        let groups = design.groupOfRow
        x.elements.withUnsafeBufferPointer { xe in
            var row = [Double](repeating: 0, count: p)
            for i in 0..<n {
                for j in 0..<p { row[j] = xe[i + j * n] }
                let gi = groups[i], yi = e[i]
                for k in 0..<q {
                    let zk = z[i * q + k]
                    for l in 0..<q { ztz[gi * q * q + k * q + l] += zk * z[i * q + l] }
                    for j in 0..<p { ztx[gi * q * p + k * p + j] += zk * row[j] }
                    zty[gi * q + k] += zk * yi
                }
                for a in 0..<p {
                    for b in a..<p { xtx[a * p + b] += row[a] * row[b] }
                    xty[a] += row[a] * yi
                }
                yty += yi * yi
            }
        }
        for a in 0..<p { for b in 0..<a { xtx[a * p + b] = xtx[b * p + a] } }
        self.ztz = ztz; self.ztx = ztx; self.zty = zty; self.xtx = xtx; self.xty = xty; self.yty = yty
    }

    /// T (row-major q x q) from theta: the (inner) groups' factor, or with `outer` the outer groups'
    /// (theta's second half).
    func relativeFactor(_ theta: [Double], outer: Bool = false) -> [Double] {
        let q = effectCount
        var t = [Double](repeating: 0, count: q * q)
        let values = outer ? Array(theta[thetaPositions.count...]) : theta
        for (value, position) in zip(values, thetaPositions) { t[position.row * q + position.column] = value }
        return t
    }

    /// Solves the penalised least-squares problem at theta; nil when R_X'R_X is not positive
    /// definite (X rank deficient given the random effects).
    func solve(_ theta: [Double], conditionalModes: UnsafeMutableBufferPointer<Double>? = nil) -> Solution? {
        if outerCount > 0 { return solveNested(theta, conditionalModes: conditionalModes) }
        let q = effectCount, p = fixedCount
        let t = relativeFactor(theta)
        var s = [Double](repeating: 0, count: p * p)   // sum R_ZX' R_ZX (upper part)
        var sc = [Double](repeating: 0, count: p)      // sum R_ZX' c_u
        let store = conditionalModes != nil
        var rzxAll: [Double] = store ? [Double](repeating: 0, count: groupCount * q * p) : []
        var cuAll: [Double] = store ? [Double](repeating: 0, count: groupCount * q) : []
        var lAll: [Double] = store ? [Double](repeating: 0, count: groupCount * q * q) : []
        let (logDet, cuNorm) = s.withUnsafeMutableBufferPointer { s in
            sc.withUnsafeMutableBufferPointer { sc in
                rzxAll.withUnsafeMutableBufferPointer { rzxAll in
                    cuAll.withUnsafeMutableBufferPointer { cuAll in
                        lAll.withUnsafeMutableBufferPointer { lAll in
                            t.withUnsafeBufferPointer { t in
                                groupPass(t: t.baseAddress!, s: s.baseAddress!, sc: sc.baseAddress!,
                                          store: store ? (rzxAll.baseAddress!, cuAll.baseAddress!, lAll.baseAddress!) : nil)
                            }
                        }
                    }
                }
            }
        }
        guard let fixed = fixedPart(s: s, sc: sc) else { return nil }
        let (rx, logDetRX, cb, delta) = fixed
        let rss = max(yty - cuNorm - cb.reduce(0) { $0 + $1 * $1 }, 0)
        if let modes = conditionalModes {
            // u_g = L_g'^-1 (c_u,g - R_ZX,g delta); b_g = T u_g.
            var u = [Double](repeating: 0, count: q)
            for g in 0..<groupCount {
                for i in 0..<q {
                    var v = cuAll[g * q + i]
                    for j in 0..<p { v -= rzxAll[g * q * p + i * p + j] * delta[j] }
                    u[i] = v
                }
                for i in stride(from: q - 1, through: 0, by: -1) {
                    var v = u[i]
                    for k in (i + 1)..<max(i + 1, q) { v -= lAll[g * q * q + k * q + i] * u[k] }
                    u[i] = v / lAll[g * q * q + i * q + i]
                }
                for i in 0..<q {
                    var v = 0.0
                    for k in 0...i { v += t[i * q + k] * u[k] }
                    modes[g * q + i] = v
                }
            }
        }
        let beta = zip(delta, olsCoefficients).map { $0 + $1 }
        return Solution(logDetL2: logDet, logDetRX2: logDetRX, penalizedRSS: rss, beta: beta, rx: rx)
    }

    /// `solve` for a nested term (`(effects | outer/inner)`): the block Cholesky factor of
    /// Lambda'Z'Z Lambda + I with the inner groups first and their outer groups last. Each inner
    /// group g (outer group o, factors T_i and T_o) has
    ///
    ///     L_g L_g' = T_i' Z_g'Z_g T_i + I,   C_g = L_g^-1 T_i' Z_g'Z_g T_o
    ///     R_ZX,g = L_g^-1 T_i' Z_g'X_g,      c_g = L_g^-1 T_i' Z_g'y_g
    ///
    /// (the outer term's columns equal the inner ones on g's rows, so Z_g'Z_o = Z_g'Z_g), and each
    /// outer group, after the eliminated inner groups are taken out,
    ///
    ///     L_o L_o' = T_o' (sum_g Z_g'Z_g) T_o + I - sum_g C_g'C_g
    ///     R_ZX,o = L_o^-1 (T_o' sum_g Z_g'X_g - sum_g C_g' R_ZX,g),  c_o likewise with y.
    ///
    /// An outer group only meets its own inner groups, so L stays block-structured per outer
    /// group and one evaluation costs O(G q^2 (p + q)); nothing of size n or G is factored.
    private func solveNested(_ theta: [Double], conditionalModes: UnsafeMutableBufferPointer<Double>?) -> Solution? {
        let q = effectCount, p = fixedCount
        let ti = relativeFactor(theta), to = relativeFactor(theta, outer: true)
        var s = [Double](repeating: 0, count: p * p), sc = [Double](repeating: 0, count: p)
        var logDet = 0.0, cuNorm = 0.0
        let store = conditionalModes != nil
        // Kept for the conditional modes: per inner group L, C, R_ZX, c; per outer group L, R_ZX, c.
        var lInner: [Double] = [], cInner: [Double] = [], rInner: [Double] = [], cuInner: [Double] = []
        var lOuter: [Double] = [], rOuter: [Double] = [], cuOuter: [Double] = []
        if store {
            lInner.reserveCapacity(groupCount * q * q); cInner.reserveCapacity(groupCount * q * q)
            rInner.reserveCapacity(groupCount * q * p); cuInner.reserveCapacity(groupCount * q)
        }
        // out (q x n) = T' M (M is q x n, row-major): rows i use T[k][i], k >= i.
        func transposedTimes(_ t: [Double], _ m: ArraySlice<Double>, columns n: Int, into out: inout [Double]) {
            let base = m.startIndex
            for i in 0..<(q * n) { out[i] = 0 }
            for i in 0..<q { for k in i..<q { let tki = t[k * q + i]; if tki != 0 { for j in 0..<n { out[i * n + j] += tki * m[base + k * n + j] } } } }
        }
        // L^-1 B for B q x n (row-major), L = R' with R upper row-major (L[i][k] = r[k * q + i]).
        func forward(_ r: [Double], _ b: inout [Double], columns n: Int) {
            for i in 0..<q {
                for j in 0..<n {
                    var v = b[i * n + j]
                    for k in 0..<i { v -= r[k * q + i] * b[k * n + j] }
                    b[i * n + j] = v / r[i * q + i]
                }
            }
        }
        // Accumulates R'R into s (upper) and R'c into sc for R q x p, c q.
        func accumulate(_ r: [Double], _ c: [Double]) {
            for i in 0..<q {
                let ci = c[i]
                cuNorm += ci * ci
                for j in 0..<p {
                    let rij = r[i * p + j]
                    sc[j] += rij * ci
                    for m in j..<p { s[j * p + m] += rij * r[i * p + m] }
                }
            }
        }
        // Scratch, reused by every group.
        var tz = [Double](repeating: 0, count: q * q), a = tz, c = tz
        var r = [Double](repeating: 0, count: q * p), cu = [Double](repeating: 0, count: q)
        var g = 0
        for o in 0..<outerCount {
            var mSum = [Double](repeating: 0, count: q * q), xSum = [Double](repeating: 0, count: q * p), ySum = [Double](repeating: 0, count: q)
            var down = [Double](repeating: 0, count: q * q), downX = [Double](repeating: 0, count: q * p), downY = [Double](repeating: 0, count: q)
            while g < groupCount && outerOfGroup[g] == o {
                let ztzG = ztz[(g * q * q)..<((g + 1) * q * q)], ztxG = ztx[(g * q * p)..<((g + 1) * q * p)]
                let ztyG = zty[(g * q)..<((g + 1) * q)]
                for k in 0..<(q * q) { mSum[k] += ztzG[ztzG.startIndex + k] }
                for k in 0..<(q * p) { xSum[k] += ztxG[ztxG.startIndex + k] }
                for k in 0..<q { ySum[k] += ztyG[ztyG.startIndex + k] }
                // A = T_i' ZtZ T_i + I; T_i' ZtZ (q x q) first.
                transposedTimes(ti, ztzG, columns: q, into: &tz)
                for i in 0..<q { for j in 0..<q { var v = 0.0; for k in 0..<q { v += tz[i * q + k] * ti[k * q + j] }; a[i * q + j] = v + (i == j ? 1 : 0) } }
                guard let logDetG = Self.choleskyUpper(&a, n: q) else { return nil }
                logDet += logDetG
                for i in 0..<q { for j in 0..<q { var v = 0.0; for k in 0..<q { v += tz[i * q + k] * to[k * q + j] }; c[i * q + j] = v } }
                forward(a, &c, columns: q)
                transposedTimes(ti, ztxG, columns: p, into: &r)
                forward(a, &r, columns: p)
                transposedTimes(ti, ztyG, columns: 1, into: &cu)
                forward(a, &cu, columns: 1)
                accumulate(r, cu)
                for i in 0..<q {
                    for k in 0..<q {
                        let cki = c[k * q + i]
                        for j in 0..<q { down[i * q + j] += cki * c[k * q + j] }
                        for j in 0..<p { downX[i * p + j] += cki * r[k * p + j] }
                        downY[i] += cki * cu[k]
                    }
                }
                if store { lInner += a; cInner += c; rInner += r; cuInner += cu }
                g += 1
            }
            transposedTimes(to, mSum[...], columns: q, into: &tz)
            for i in 0..<q { for j in 0..<q { var v = 0.0; for k in 0..<q { v += tz[i * q + k] * to[k * q + j] }; a[i * q + j] = v + (i == j ? 1 : 0) - down[i * q + j] } }
            guard let logDetO = Self.choleskyUpper(&a, n: q) else { return nil }
            logDet += logDetO
            transposedTimes(to, xSum[...], columns: p, into: &r)
            for k in 0..<(q * p) { r[k] -= downX[k] }
            forward(a, &r, columns: p)
            transposedTimes(to, ySum[...], columns: 1, into: &cu)
            for k in 0..<q { cu[k] -= downY[k] }
            forward(a, &cu, columns: 1)
            accumulate(r, cu)
            if store { lOuter += a; rOuter += r; cuOuter += cu }
        }
        guard g == groupCount, let fixed = fixedPart(s: s, sc: sc) else { return nil }
        let (rx, logDetRX, cb, delta) = fixed
        let rss = max(yty - cuNorm - cb.reduce(0) { $0 + $1 * $1 }, 0)
        if let modes = conditionalModes {
            // Back substitution, outer groups first: u_o = L_o'^-1 (c_o - R_ZX,o delta), then
            // u_g = L_g'^-1 (c_g - R_ZX,g delta - C_g u_o); b = T u.
            // L'^-1 v with L' = R upper row-major.
            func backward(_ r: ArraySlice<Double>, _ v: inout [Double]) {
                let base = r.startIndex
                for i in stride(from: q - 1, through: 0, by: -1) {
                    var x = v[i]
                    for k in (i + 1)..<max(i + 1, q) { x -= r[base + i * q + k] * v[k] }
                    v[i] = x / r[base + i * q + i]
                }
            }
            var uOuter = [Double](repeating: 0, count: outerCount * q)
            for o in 0..<outerCount {
                var v = (0..<q).map { i in cuOuter[o * q + i] - (0..<p).reduce(0) { $0 + rOuter[o * q * p + i * p + $1] * delta[$1] } }
                backward(lOuter[(o * q * q)..<((o + 1) * q * q)], &v)
                for i in 0..<q {
                    uOuter[o * q + i] = v[i]
                    modes[(groupCount + o) * q + i] = (0...i).reduce(0) { $0 + to[i * q + $1] * v[$1] }
                }
            }
            for g in 0..<groupCount {
                let o = outerOfGroup[g]
                var v = (0..<q).map { i in
                    cuInner[g * q + i] - (0..<p).reduce(0) { $0 + rInner[g * q * p + i * p + $1] * delta[$1] }
                        - (0..<q).reduce(0) { $0 + cInner[g * q * q + i * q + $1] * uOuter[o * q + $1] }
                }
                backward(lInner[(g * q * q)..<((g + 1) * q * q)], &v)
                for i in 0..<q { modes[g * q + i] = (0...i).reduce(0) { $0 + ti[i * q + $1] * v[$1] } }
            }
        }
        let beta = zip(delta, olsCoefficients).map { $0 + $1 }
        return Solution(logDetL2: logDet, logDetRX2: logDetRX, penalizedRSS: rss, beta: beta, rx: rx)
    }

    /// The Cholesky factor R (upper triangular, row-major, R'R = A) of the symmetric n x n matrix
    /// whose upper triangle `a` holds, in place (the lower triangle is zeroed); log|R|^2, or nil
    /// when A is not positive definite. Read column by column, R is the lower factor L = R'.
    static func choleskyUpper(_ a: inout [Double], n: Int) -> Double? {
        var logDet = 0.0
        for i in 0..<n {
            var d = a[i * n + i]
            for k in 0..<i { d -= a[k * n + i] * a[k * n + i] }
            guard d > 0, d.isFinite else { return nil }
            let rii = d.squareRoot()
            a[i * n + i] = rii
            logDet += 2 * log(rii)
            for j in (i + 1)..<max(i + 1, n) {
                var v = a[i * n + j]
                for k in 0..<i { v -= a[k * n + i] * a[k * n + j] }
                a[i * n + j] = v / rii
            }
            for j in 0..<i { a[i * n + j] = 0 }
        }
        return logDet
    }

    /// The fixed-effects part after the random effects are eliminated: R_X with R_X'R_X = X'X - S
    /// (upper, row-major), log|R_X|^2, c_beta = R_X'^-1 (X'y - sc) and delta = R_X^-1 c_beta; nil
    /// when X'X - S is not positive definite.
    private func fixedPart(s: [Double], sc: [Double]) -> (rx: [Double], logDetRX: Double, cb: [Double], delta: [Double])? {
        let p = fixedCount
        // R_X'R_X = X'X - S; Cholesky as upper R (row-major).
        var rx = [Double](repeating: 0, count: p * p)
        for i in 0..<p { for j in i..<p { rx[i * p + j] = xtx[i * p + j] - s[i * p + j] } }
        guard let logDetRX = Self.choleskyUpper(&rx, n: p) else { return nil }
        // c_beta = R_X'^-1 (X'y - sc); delta = R_X^-1 c_beta.
        var cb = [Double](repeating: 0, count: p)
        for i in 0..<p {
            var v = xty[i] - sc[i]
            for k in 0..<i { v -= rx[k * p + i] * cb[k] }
            cb[i] = v / rx[i * p + i]
        }
        var delta = [Double](repeating: 0, count: p)
        for i in stride(from: p - 1, through: 0, by: -1) {
            var v = cb[i]
            for k in (i + 1)..<max(i + 1, p) { v -= rx[i * p + k] * delta[k] }
            delta[i] = v / rx[i * p + i]
        }
        return (rx, logDetRX, cb, delta)
    }

    /// The per-group part of `solve`: factors L_g, forms R_ZX,g and c_u,g, accumulates
    /// sum R_ZX'R_ZX (upper triangle, row-major) into `s` and sum R_ZX'c_u into `sc`; returns
    /// log|L|^2 and sum |c_u|^2. With `store`, keeps R_ZX,g, c_u,g and L_g for the conditional modes.
    private func groupPass(t: UnsafePointer<Double>, s: UnsafeMutablePointer<Double>, sc: UnsafeMutablePointer<Double>,
                           store: (rzx: UnsafeMutablePointer<Double>, cu: UnsafeMutablePointer<Double>, l: UnsafeMutablePointer<Double>)?)
        -> (logDet: Double, cuNorm: Double) {
        let q = effectCount, p = fixedCount
        if store == nil && q <= 2 { return q == 1 ? interceptPass(t: t[0], s: s, sc: sc) : twoEffectPass(t: t, s: s, sc: sc) }
        var logDet = 0.0, cuNorm = 0.0
        // Product of the diagonals of L (each >= 1, since A = I + PSD), logged before it can overflow.
        var determinant = 1.0
        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: q * q + q * p + q)
        defer { scratch.deallocate() }
        let a = scratch, tzx = scratch + q * q, cu = scratch + q * q + q * p
        ztz.withUnsafeBufferPointer { ztzBuffer in
        ztx.withUnsafeBufferPointer { ztxBuffer in
        zty.withUnsafeBufferPointer { ztyBuffer in
            let ztzBase = ztzBuffer.baseAddress!, ztxBase = ztxBuffer.baseAddress!, ztyBase = ztyBuffer.baseAddress!
            for g in 0..<groupCount {
                let ztz = ztzBase + g * q * q, ztx = ztxBase + g * q * p, zty = ztyBase + g * q
                // A = T' ZtZ T + I, lower triangle (T[k][i] is nonzero only for k >= i).
                for i in 0..<q {
                    for j in 0...i {
                        var sum = 0.0
                        for k in i..<q {
                            let tki = t[k * q + i]
                            for l in j..<q { sum += tki * ztz[k * q + l] * t[l * q + j] }
                        }
                        a[i * q + j] = i == j ? sum + 1 : sum
                    }
                }
                // Cholesky A = L L' in place (lower).
                for j in 0..<q {
                    var d = a[j * q + j]
                    for k in 0..<j { d -= a[j * q + k] * a[j * q + k] }
                    let ljj = d.squareRoot()
                    a[j * q + j] = ljj
                    determinant *= ljj
                    for i in (j + 1)..<q {
                        var v = a[i * q + j]
                        for k in 0..<j { v -= a[i * q + k] * a[j * q + k] }
                        a[i * q + j] = v / ljj
                    }
                }
                if determinant > 1e150 { logDet += 2 * log(determinant); determinant = 1 }
                // T' ZtX and T' Zty, then forward substitution by L.
                for i in 0..<q {
                    for j in 0..<p {
                        var sum = 0.0
                        for k in i..<q { sum += t[k * q + i] * ztx[k * p + j] }
                        tzx[i * p + j] = sum
                    }
                    var sum = 0.0
                    for k in i..<q { sum += t[k * q + i] * zty[k] }
                    cu[i] = sum
                }
                for i in 0..<q {
                    let lii = a[i * q + i]
                    for j in 0..<p {
                        var v = tzx[i * p + j]
                        for k in 0..<i { v -= a[i * q + k] * tzx[k * p + j] }
                        tzx[i * p + j] = v / lii
                    }
                    var v = cu[i]
                    for k in 0..<i { v -= a[i * q + k] * cu[k] }
                    cu[i] = v / lii
                }
                for i in 0..<q {
                    let c = cu[i]
                    cuNorm += c * c
                    let row = tzx + i * p
                    for j in 0..<p {
                        let r = row[j]
                        sc[j] += r * c
                        let sRow = s + j * p
                        for m in j..<p { sRow[m] += r * row[m] }
                    }
                }
                if let store {
                    for i in 0..<(q * p) { store.rzx[g * q * p + i] = tzx[i] }
                    for i in 0..<q { store.cu[g * q + i] = cu[i] }
                    for i in 0..<(q * q) { store.l[g * q * q + i] = a[i] }
                }
            }
        }
        }
        }
        logDet += 2 * log(determinant)
        return (logDet, cuNorm)
    }

    /// `groupPass` for q = 1 (a random intercept or a single slope), written out.
    private func interceptPass(t: Double, s: UnsafeMutablePointer<Double>, sc: UnsafeMutablePointer<Double>) -> (logDet: Double, cuNorm: Double) {
        let p = fixedCount
        var logDet = 0.0, cuNorm = 0.0, determinant = 1.0
        ztz.withUnsafeBufferPointer { ztz in
        ztx.withUnsafeBufferPointer { ztx in
        zty.withUnsafeBufferPointer { zty in
            let r = UnsafeMutablePointer<Double>.allocate(capacity: p)
            defer { r.deallocate() }
            for g in 0..<groupCount {
                let l = (t * t * ztz[g] + 1).squareRoot()
                determinant *= l
                if determinant > 1e150 { logDet += 2 * log(determinant); determinant = 1 }
                let scale = t / l
                let c = scale * zty[g]
                cuNorm += c * c
                let zx = ztx.baseAddress! + g * p
                for j in 0..<p { r[j] = scale * zx[j] }
                for j in 0..<p {
                    let rj = r[j]
                    sc[j] += rj * c
                    let sRow = s + j * p
                    for m in j..<p { sRow[m] += rj * r[m] }
                }
            }
        }
        }
        }
        return (logDet + 2 * log(determinant), cuNorm)
    }

    /// `groupPass` for q = 2 (intercept and slope), written out: T = [t00 0; t10 t11].
    private func twoEffectPass(t: UnsafePointer<Double>, s: UnsafeMutablePointer<Double>, sc: UnsafeMutablePointer<Double>)
        -> (logDet: Double, cuNorm: Double) {
        let p = fixedCount
        let t00 = t[0], t10 = t[2], t11 = t[3]
        var logDet = 0.0, cuNorm = 0.0, determinant = 1.0
        ztz.withUnsafeBufferPointer { ztz in
        ztx.withUnsafeBufferPointer { ztx in
        zty.withUnsafeBufferPointer { zty in
            let r0 = UnsafeMutablePointer<Double>.allocate(capacity: 2 * p)
            defer { r0.deallocate() }
            let r1 = r0 + p
            for g in 0..<groupCount {
                let m = ztz.baseAddress! + 4 * g
                let m00 = m[0], m01 = m[1], m11 = m[3]
                let u = m01 * t00 + m11 * t10
                let a00 = t00 * (m00 * t00 + m01 * t10) + t10 * u + 1
                let a10 = t11 * u
                let a11 = t11 * m11 * t11 + 1
                let l00 = a00.squareRoot()
                let l10 = a10 / l00
                let l11 = (a11 - l10 * l10).squareRoot()
                determinant *= l00 * l11
                if determinant > 1e150 { logDet += 2 * log(determinant); determinant = 1 }
                let inverse00 = 1 / l00, inverse11 = 1 / l11
                let zy0 = zty[2 * g], zy1 = zty[2 * g + 1]
                let c0 = (t00 * zy0 + t10 * zy1) * inverse00
                let c1 = (t11 * zy1 - l10 * c0) * inverse11
                cuNorm += c0 * c0 + c1 * c1
                let zx0 = ztx.baseAddress! + 2 * p * g, zx1 = zx0 + p
                for j in 0..<p {
                    let a = (t00 * zx0[j] + t10 * zx1[j]) * inverse00
                    r0[j] = a
                    r1[j] = (t11 * zx1[j] - l10 * a) * inverse11
                }
                for j in 0..<p {
                    let a = r0[j], b = r1[j]
                    sc[j] += a * c0 + b * c1
                    let sRow = s + j * p
                    for k in j..<p { sRow[k] += a * r0[k] + b * r1[k] }
                }
            }
        }
        }
        }
        return (logDet + 2 * log(determinant), cuNorm)
    }

    /// The profiled deviance (-2 log-likelihood with beta and sigma profiled out) or the REML
    /// criterion (lme4 eq. 34 and 41); +infinity where the system is singular.
    func profiled(_ theta: [Double], reml: Bool) -> Double {
        guard let s = solve(theta) else { return .infinity }
        return Self.profiled(s, n: observationCount, p: fixedCount, reml: reml)
    }

    static func profiled(_ s: Solution, n: Int, p: Int, reml: Bool) -> Double {
        let twoPi = 2 * Double.pi
        if reml {
            let df = Double(n - p)
            return s.logDetL2 + s.logDetRX2 + df * (1 + log(twoPi * s.penalizedRSS / df))
        }
        let nn = Double(n)
        return s.logDetL2 + nn * (1 + log(twoPi * s.penalizedRSS / nn))
    }

    /// The deviance as a function of (theta, sigma), not profiled: lmerTest's `devfun_vp`
    /// (Kuznetsova, Brockhoff & Christensen 2017, J Stat Softw 82(13)), whose Hessian gives the
    /// asymptotic covariance of the variance parameters.
    func deviance(theta: [Double], sigma: Double, reml: Bool) -> Double {
        guard let s = solve(theta) else { return .infinity }
        let sigma2 = sigma * sigma
        let logTerm = log(2 * Double.pi * sigma2)
        var d = s.logDetL2 + s.penalizedRSS / sigma2 + Double(observationCount) * logTerm
        if reml { d += s.logDetRX2 - Double(fixedCount) * logTerm }
        return d
    }

    /// (R_X'R_X)^-1, row-major p x p: the covariance of beta divided by sigma^2.
    static func unscaledCovariance(_ s: Solution, p: Int) -> [Double] {
        // R_X^-1 (upper), then R_X^-1 R_X^-T.
        var inv = [Double](repeating: 0, count: p * p)
        for j in 0..<p {
            inv[j * p + j] = 1 / s.rx[j * p + j]
            for i in stride(from: j - 1, through: 0, by: -1) {
                var v = 0.0
                for k in (i + 1)...j { v += s.rx[i * p + k] * inv[k * p + j] }
                inv[i * p + j] = -v / s.rx[i * p + i]
            }
        }
        var c = [Double](repeating: 0, count: p * p)
        for i in 0..<p {
            for j in i..<p {
                var v = 0.0
                for k in j..<p { v += inv[i * p + k] * inv[j * p + k] }
                c[i * p + j] = v
                c[j * p + i] = v
            }
        }
        return c
    }
}
