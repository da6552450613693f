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
    /// For each column, the index of its term in `RegressionFormula.termLabels` (-1 for the
    /// intercept); empty for a design built by hand. Used by joint tests of a term's columns.
    public var termOfColumn: [Int]

    /// Creates a design from a matrix; `rowIndices` defaults to 0..<n.
    public init(model: String, matrix: Matrix, correction: Matrix? = nil, termNames: [String], hasIntercept: Bool,
                response: [Double], responseName: String = "y", rowIndices: [Int]? = nil, droppedRowCount: Int = 0,
                termOfColumn: [Int] = []) {
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
        self.termOfColumn = termOfColumn
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
/// The sandwich is never formed from an explicit (X^T X)^-1 (B M B loses about cond(X D)^2 eps to
/// cancellation: 7.5 correct digits on NIST Longley). With X D = Q1 R, HC covariances are
/// sum_i w_i c_i c_i^T with c_i = (X^T X)^-1 x_i = D R^-1 q_i and h_ii = ||q_i||^2 (q_i: row i of
/// Q1); cluster covariances sum_g s_g s_g^T with s_g = (X^T X)^-1 X_g^T e_g. Each c_i (the
/// least-squares coefficients of the unit vector e_i) and s_g (of the residuals restricted to
/// cluster g) is refined like the fit itself when solves x n x rank stays within
/// `LeastSquaresOptions.robustScoreRefinementBudget`, else taken from the QR factors alone (about cond(X D) eps). On
/// Longley, against exact rational arithmetic: HC0-HC3 and cluster at least 14 correct digits
/// (Tests/ABIBatchTests/LongleyRobustAccuracyTests.swift).
///
/// NaN: the design and response must be complete (the formula layer drops incomplete rows and
/// counts them); a NaN or infinity here throws `BatchError.nonFiniteValue`.
public enum LinearRegression {
    /// Fits `design.response` on `design.matrix`.
    /// - Parameters:
    ///   - design: the design matrix and response (from ``RegressionFormula`` or built by hand).
    ///   - covarianceType: the coefficient covariance estimator.
    ///   - clusters: cluster id per design row; required for `.cluster`, ignored otherwise.
    ///   - options: least-squares settings (``LeastSquaresOptions``).
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
            // c_i = (X^T X)^-1 x_i = D R^-1 q_i, one column per row of the design, refined as the
            // least-squares coefficients of the unit vector e_i when that is affordable.
            // 1 - h_ii is then the refined residual of e_i at row i (no cancellation in 1 - h_ii).
            var c = [Double](repeating: 0, count: rank * n)
            var oneMinusLeverage = [Double](repeating: 0, count: n)
            if refinesRobustScores(solves: n, rows: n, rank: rank, budget: options.robustScoreRefinementBudget) {
                var unit = [Double](repeating: 0, count: n)
                for i in 0..<n {
                    unit[i] = 1
                    let solution = try fit.factor.refinedCoefficients(response: unit, equilibratedCondition: fit.equilibratedConditionNumber,
                                                                      maximumSteps: options.maximumRefinementSteps)
                    unit[i] = 0
                    for k in 0..<rank { c[k + i * rank] = solution.coefficients[k] }
                    oneMinusLeverage[i] = solution.residuals[i]
                }
            } else {
                let (q, h) = try fit.factor.orthogonalColumns(rank: rank)
                for k in 0..<rank { for i in 0..<n { c[k + i * rank] = q[i + k * n] } }
                fit.factor.coefficientSpace(&c, count: n, rank: rank)
                oneMinusLeverage = h.map { 1 - $0 }
            }
            var weights = fit.residuals.map { $0 * $0 }
            if covarianceType == .hc2 || covarianceType == .hc3 {
                for i in 0..<n {
                    let oneMinus = oneMinusLeverage[i]
                    weights[i] = covarianceType == .hc2 ? weights[i] / oneMinus : weights[i] / (oneMinus * oneMinus)
                }
            }
            covarianceKept = weightedGram(columns: c, rank: rank, weights: weights)
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
            // Cluster scores s_g = (X^T X)^-1 X_g^T e_g: the least-squares coefficients of the residuals
            // restricted to cluster g, solved with the fit's QR factors and refined like the fit
            // itself (an explicit (X^T X)^-1 would lose about cond^2 eps to cancellation); then
            // V = sum_g s_g s_g^T.
            var scores = [Double](repeating: 0, count: g * rank)
            if refinesRobustScores(solves: g, rows: n, rank: rank, budget: options.robustScoreRefinementBudget) {
                var restricted = [Double](repeating: 0, count: n)
                for cluster in 0..<g {
                    for i in 0..<n { restricted[i] = groups[i] == cluster ? fit.residuals[i] : 0 }
                    let s = try fit.factor.refinedCoefficients(response: restricted, equilibratedCondition: fit.equilibratedConditionNumber,
                                                               maximumSteps: options.maximumRefinementSteps)
                    for k in 0..<rank { scores[k + cluster * rank] = s.coefficients[k] }
                }
            } else {
                // Too many clusters to refine each: sums over each cluster in Q space (extended
                // precision), then one triangular solve per cluster, s_g = D R^-1 Q_g^T e_g.
                let (q, _) = try fit.factor.orthogonalColumns(rank: rank)
                var sums = [ExtendedDouble](repeating: 0, count: g * rank)
                for k in 0..<rank {
                    let offset = k * n
                    for i in 0..<n { sums[groups[i] * rank + k] += ExtendedDouble(fit.residuals[i]) * ExtendedDouble(q[offset + i]) }
                }
                scores = sums.map { Double($0) }
                fit.factor.coefficientSpace(&scores, count: g, rank: rank)
            }
            let factor = Double(g) / Double(g - 1) * Double(n - 1) / Double(n - rank)
            covarianceKept = weightedGram(columns: scores, rank: rank, weights: [Double](repeating: 1, count: g))
                .map { $0.map { $0 * factor } }
        }

        var covariance = [[Double]](repeating: [Double](repeating: .nan, count: p), count: p)
        for (a, ja) in kept.enumerated() { for (b, jb) in kept.enumerated() { covariance[ja][jb] = covarianceKept[a][b] } }

        let tss = totalSumOfSquares(design.response, centred: design.hasIntercept)
        let interceptColumn = design.hasIntercept ? design.termNames.firstIndex(of: "Intercept") : nil
        let tested = kept.enumerated().filter { $0.element != interceptColumn }.map(\.offset)
        let modelDF = rank - (design.hasIntercept ? 1 : 0)
        let fStatistic: Double
        if tested.isEmpty || modelDF == 0 || dfResid <= 0 {
            // No residual degrees of freedom: the error variance, and so F, is undefined.
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

    /// Whether `solves` refined least-squares solves on an n x rank design fit in the budget.
    static func refinesRobustScores(solves: Int, rows: Int, rank: Int, budget: Double) -> Bool {
        Double(solves) * Double(rows) * Double(max(rank, 1)) <= budget
    }

    /// sum_i w_i c_i c_i^T for the columns c_i of `columns` (rank x count, column-major), w_i >= 0:
    /// DSYRK on the sqrt(w)-scaled columns (the diagonal is a sum of squares, free of cancellation).
    static func weightedGram(columns: [Double], rank: Int, weights: [Double]) -> [[Double]] {
        let count = weights.count
        var scaled = columns
        for i in 0..<count {
            let root = weights[i].squareRoot()
            for k in 0..<rank { scaled[k + i * rank] *= root }
        }
        var product = [Double](repeating: 0, count: rank * rank)
        if count > 0 && rank > 0 {
            cblas_dsyrk(CblasColMajor, CblasUpper, CblasNoTrans, Int32(rank), Int32(count), 1.0, scaled, Int32(rank), 0.0,
                        &product, Int32(rank))
        }
        var result = [[Double]](repeating: [Double](repeating: 0, count: rank), count: rank)
        for a in 0..<rank { for b in a..<rank { result[a][b] = product[a + b * rank]; result[b][a] = product[a + b * rank] } }
        return result
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
