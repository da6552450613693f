internal import CBLAS
import ABIStatistics

/// A design matrix ready for fitting: columns, their names, the response, and which input rows
/// they came from. Built by `RegressionFormula.design(data:)` or by hand.
public struct RegressionDesign: Sendable {
    /// Description of the model, e.g. the formula text.
    public var model: String
    /// The design (n x p).
    public var matrix: Matrix
    /// Low-order parts of computed columns (powers, logs) kept from extended-precision evaluation;
    /// the exact design is `matrix + correction`. Nil when every column is exact.
    public var correction: Matrix?
    /// Column names, in order.
    public var termNames: [String]
    /// Whether the model has an intercept: the column named `Intercept` (R^2 is then centred and the
    /// overall F test leaves that column out).
    public var hasIntercept: Bool
    /// The response (n values).
    public var response: [Double]
    /// Name of the response.
    public var responseName: String
    /// Index, in the input data, of each design row (rows with missing values are skipped).
    public var rowIndices: [Int]
    /// Input rows dropped because a variable the model uses was missing.
    public var droppedRowCount: Int

    /// Creates a design from a matrix; `rowIndices` defaults to 0..<n.
    public init(model: String, matrix: Matrix, correction: Matrix? = nil, termNames: [String], hasIntercept: Bool,
                response: [Double], responseName: String = "y", rowIndices: [Int]? = nil, droppedRowCount: Int = 0) {
        precondition(termNames.count == matrix.columnCount, "one name per design column")
        self.model = model
        self.matrix = matrix
        self.correction = correction
        self.termNames = termNames
        self.hasIntercept = hasIntercept
        self.response = response
        self.responseName = responseName
        self.rowIndices = rowIndices ?? Array(0..<matrix.rowCount)
        self.droppedRowCount = droppedRowCount
    }
}

/// Ordinary least squares regression with classical, heteroscedasticity-robust (HC0-HC3) or
/// cluster-robust covariance, returning `MultipleRegressionResult`.
///
/// The fit is `LeastSquares.fit` (pivoted Householder QR with equilibration and Björck's
/// refinement, Golub & Van Loan 2013 sec. 5.3-5.4; Björck 1996 sec. 2.9). Robust covariances
/// are sandwiches (X^T X)^-1 X^T Ω X (X^T X)^-1: HC0 White (1980), HC1-HC3 MacKinnon & White (1985),
/// cluster-robust with statsmodels' small-sample factor G/(G-1) (n-1)/(n-k) (Cameron & Miller
/// 2015; statsmodels `cov_type="cluster"`). Leverages h_ii = x_i^T (X^T X)^-1 x_i.
///
/// NaN: the design and response must be complete (the formula layer drops incomplete rows and
/// counts them); a NaN or infinity here throws `BatchError.nonFiniteValue`.
public enum LinearRegression {
    /// Fits `design.response` on `design.matrix`.
    /// - Parameters:
    ///   - covarianceType: the coefficient covariance estimator.
    ///   - clusters: cluster id per design row; required for `.cluster`, ignored otherwise.
    /// - Throws: `BatchError` for empty or non-finite input, too few rows, or missing clusters.
    public static func fit(_ design: RegressionDesign, covarianceType: MultipleRegressionResult.CovarianceType = .classical,
                           clusters: [String]? = nil, options: LeastSquaresOptions = .init()) throws -> MultipleRegressionResult {
        let n = design.matrix.rowCount, p = design.matrix.columnCount
        guard n > 0, p > 0 else { throw BatchError.emptyDesign }
        let fit = try LeastSquares.fit(design: design.matrix, designCorrection: design.correction, response: design.response, options: options)
        let rank = fit.rank
        guard n > rank || covarianceType == .classical else { throw BatchError.tooFewObservations(needed: rank + 1, available: n) }
        let kept = (0..<p).filter { !fit.coefficients[$0].isNaN }
        let bread = kept.map { a in kept.map { b in fit.unscaledCovariance[a, b] } }
        let dfResid = n - rank

        var covarianceKept: [[Double]]
        var clusterCount: Int? = nil
        switch covarianceType {
        case .classical:
            let s2 = dfResid > 0 ? fit.residualSumOfSquares / Double(dfResid) : .nan
            covarianceKept = bread.map { $0.map { $0 * s2 } }
        case .hc0, .hc1, .hc2, .hc3:
            var weights = fit.residuals.map { $0 * $0 }
            if covarianceType == .hc2 || covarianceType == .hc3 {
                let h = leverages(design: design.matrix, columns: kept, bread: bread)
                for i in 0..<n {
                    let oneMinus = 1 - h[i]
                    weights[i] = covarianceType == .hc2 ? weights[i] / oneMinus : weights[i] / (oneMinus * oneMinus)
                }
            }
            let meat = weightedCrossProduct(design: design.matrix, columns: kept, weights: weights)
            covarianceKept = sandwich(bread: bread, meat: meat)
            if covarianceType == .hc1 {
                let factor = Double(n) / Double(dfResid)
                covarianceKept = covarianceKept.map { $0.map { $0 * factor } }
            }
        case .cluster:
            guard let clusters else { throw BatchError.invalidArgument("cluster-robust covariance needs a cluster id per row") }
            guard clusters.count == n else {
                throw BatchError.dimensionMismatch(what: "cluster ids vs design rows", expected: n, actual: clusters.count)
            }
            var groupIndex: [String: Int] = [:]
            let groups = clusters.map { id in
                if let g = groupIndex[id] { return g }
                let g = groupIndex.count
                groupIndex[id] = g
                return g
            }
            let g = groupIndex.count
            guard g >= 2 else { throw BatchError.invalidArgument("cluster-robust covariance needs at least 2 clusters, found \(g)") }
            clusterCount = g
            let r = kept.count
            var scores = [Double](repeating: 0, count: g * r)
            for (k, j) in kept.enumerated() {
                let column = design.matrix.column(j)
                for (i, x) in zip(0..., column) { scores[groups[i] + k * g] += x * fit.residuals[i] }
            }
            var meat = [[Double]](repeating: [Double](repeating: 0, count: r), count: r)
            for a in 0..<r {
                for b in a..<r {
                    var sum = 0.0
                    for c in 0..<g { sum += scores[c + a * g] * scores[c + b * g] }
                    meat[a][b] = sum
                    meat[b][a] = sum
                }
            }
            let factor = Double(g) / Double(g - 1) * Double(n - 1) / Double(n - rank)
            covarianceKept = sandwich(bread: bread, meat: meat).map { $0.map { $0 * factor } }
        }

        var covariance = [[Double]](repeating: [Double](repeating: .nan, count: p), count: p)
        for (a, ja) in kept.enumerated() { for (b, jb) in kept.enumerated() { covariance[ja][jb] = covarianceKept[a][b] } }

        let tss = totalSumOfSquares(design.response, centred: design.hasIntercept)
        let interceptColumn = design.hasIntercept ? design.termNames.firstIndex(of: "Intercept") : nil
        let tested = kept.enumerated().filter { $0.element != interceptColumn }.map(\.offset)
        let modelDF = rank - (design.hasIntercept ? 1 : 0)
        let fStatistic: Double
        if tested.isEmpty || modelDF == 0 {
            fStatistic = .nan
        } else if covarianceType == .classical {
            fStatistic = ((tss - fit.residualSumOfSquares) / Double(modelDF)) / (fit.residualSumOfSquares / Double(dfResid))
        } else {
            let b = tested.map { fit.coefficients[kept[$0]] }
            let v = tested.map { a in tested.map { covarianceKept[a][$0] } }
            fStatistic = (waldQuadraticForm(b, v) ?? .nan) / Double(tested.count)
        }

        var notes: [String] = []
        if design.droppedRowCount > 0 {
            notes.append("\(design.droppedRowCount) row\(design.droppedRowCount == 1 ? "" : "s") dropped for missing values")
        }
        for j in fit.aliasedColumns {
            notes.append("term \(design.termNames[j]) not estimable: linearly dependent on other terms (aliased); reported as NaN")
        }
        if fit.equilibratedConditionNumber > 1e3 {
            let rounded = (fit.equilibratedConditionNumber * 10).rounded() / 10
            notes.append("large condition number \(rounded) after scaling columns to unit length: strong multicollinearity")
        }
        if dfResid == 0 { notes.append("no residual degrees of freedom: standard errors and tests are undefined") }
        let method = "Householder QR (dgeqrf, row-block TSQR for tall designs) with power-of-two column equilibration, "
            + "R's limited-pivoting rank rule on R, rank tolerance "
            + "\(options.rankTolerance), Björck augmented-system refinement with \(ExtendedDouble.self) residuals "
            + "(\(fit.refinementSteps) step\(fit.refinementSteps == 1 ? "" : "s")\(fit.covarianceRefined ? "; covariance refined" : ""))"
        return MultipleRegressionResult(
            model: design.model, method: method, termNames: design.termNames, estimates: fit.coefficients,
            covariance: covariance, covarianceType: covarianceType, clusterCount: clusterCount,
            hasIntercept: design.hasIntercept, observationCount: n, droppedRowCount: design.droppedRowCount, rank: rank,
            residualSumOfSquares: fit.residualSumOfSquares, totalSumOfSquares: tss, conditionNumber: fit.conditionNumber,
            fStatistic: fStatistic, residuals: fit.residuals, notes: notes)
    }

    /// Sum of squares about the mean (centred) or about zero, accumulated in extended precision.
    static func totalSumOfSquares(_ y: [Double], centred: Bool) -> Double {
        guard !y.isEmpty else { return .nan }
        var mean: ExtendedDouble = 0
        if centred {
            for v in y { mean += ExtendedDouble(v) }
            mean /= ExtendedDouble(y.count)
        }
        var sum: ExtendedDouble = 0
        for v in y { let d = ExtendedDouble(v) - mean; sum += d * d }
        return Double(sum)
    }

    /// h_ii = x_i^T C x_i over the kept columns: T = X_K C by DGEMM, then h_i = sum_j T_ij X_ij.
    static func leverages(design: Matrix, columns: [Int], bread: [[Double]]) -> [Double] {
        let n = design.rowCount, r = columns.count
        var kept = [Double](repeating: 0, count: n * r)
        for (k, j) in columns.enumerated() {
            let column = design.column(j)
            var i = k * n
            for x in column { kept[i] = x; i += 1 }
        }
        var c = [Double](repeating: 0, count: r * r)
        for a in 0..<r { for b in 0..<r { c[a + b * r] = bread[a][b] } }
        var t = [Double](repeating: 0, count: n * r)
        if n > 0 && r > 0 {
            cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(r), Int32(r), 1.0, kept, Int32(n), c, Int32(r),
                        0.0, &t, Int32(n))
        }
        var h = [Double](repeating: 0, count: n)
        for k in 0..<r {
            let offset = k * n
            for i in 0..<n { h[i] += t[offset + i] * kept[offset + i] }
        }
        return h
    }

    /// X_K^T diag(w) X_K by DSYRK on sqrt(w)-scaled rows (w >= 0).
    static func weightedCrossProduct(design: Matrix, columns: [Int], weights: [Double]) -> [[Double]] {
        let n = design.rowCount, r = columns.count
        var scaled = [Double](repeating: 0, count: n * r)
        let roots = weights.map { $0.squareRoot() }
        for (k, j) in columns.enumerated() {
            let column = design.column(j)
            var i = 0
            for x in column { scaled[i + k * n] = x * roots[i]; i += 1 }
        }
        var product = [Double](repeating: 0, count: r * r)
        if n > 0 && r > 0 {
            cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, Int32(r), Int32(n), 1.0, scaled, Int32(n), 0.0, &product, Int32(r))
        }
        var result = [[Double]](repeating: [Double](repeating: 0, count: r), count: r)
        for a in 0..<r { for b in a..<r { result[a][b] = product[a + b * r]; result[b][a] = product[a + b * r] } }
        return result
    }

    /// B M B for symmetric B and M.
    static func sandwich(bread: [[Double]], meat: [[Double]]) -> [[Double]] {
        let r = bread.count
        var bm = [[Double]](repeating: [Double](repeating: 0, count: r), count: r)
        for a in 0..<r { for b in 0..<r { var s = 0.0; for k in 0..<r { s += bread[a][k] * meat[k][b] }; bm[a][b] = s } }
        var out = bm
        for a in 0..<r { for b in 0..<r { var s = 0.0; for k in 0..<r { s += bm[a][k] * bread[k][b] }; out[a][b] = s } }
        for a in 0..<r { for b in (a + 1)..<max(a + 1, r) { let m = 0.5 * (out[a][b] + out[b][a]); out[a][b] = m; out[b][a] = m } }
        return out
    }

    /// b^T V^-1 b by Cholesky; nil when V is not positive definite.
    static func waldQuadraticForm(_ b: [Double], _ v: [[Double]]) -> Double? {
        let q = b.count
        var l = [[Double]](repeating: [Double](repeating: 0, count: q), count: q)
        for i in 0..<q {
            for j in 0...i {
                var s = v[i][j]
                for k in 0..<j { s -= l[i][k] * l[j][k] }
                if i == j {
                    guard s > 0 else { return nil }
                    l[i][i] = s.squareRoot()
                } else {
                    l[i][j] = s / l[j][j]
                }
            }
        }
        var z = b
        for i in 0..<q { var s = z[i]; for k in 0..<i { s -= l[i][k] * z[k] }; z[i] = s / l[i][i] }
        return z.reduce(0) { $0 + $1 * $1 }
    }
}
