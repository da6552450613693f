internal import CBLAS
import Dispatch

#if arch(x86_64) && !os(Windows)
/// Extended precision for residual accumulation (64-bit significand on x86-64).
typealias ExtendedDouble = Float80
#else
/// Without Float80 the refinement still runs, but residuals are only accumulated in Double.
typealias ExtendedDouble = Double
#endif

/// Options for `LeastSquares.fit`.
public struct LeastSquaresOptions: Sendable, Equatable {
    /// A column is declared linearly dependent (aliased) when the part of it not explained by the
    /// earlier kept columns has norm below `rankTolerance` times its own norm (after power-of-two
    /// equilibration). The default 1e-11 keeps all eleven terms of NIST Filip (smallest ratio
    /// 5.2e-8 there) and detects exact collinearity (ratios near 1e-16). R's `lm` uses 1e-7.
    public var rankTolerance: Double = 1e-11
    /// Upper bound on iterative-refinement steps for the solution (0 disables refinement).
    public var maximumRefinementSteps: Int = 10
    /// When to refine the columns of (X^T X)^-1 (used for standard errors) by the same augmented
    /// system iteration.
    public var covarianceRefinement: CovarianceRefinement = .whenIllConditioned(threshold: 1e4)
    /// Rows per block of the tall-skinny QR (TSQR: QR of row blocks, then QR of the stacked R
    /// factors; Demmel, Grigori, Hoemmen & Langou 2012, SIAM J. Sci. Comput. 34:A206). Nil chooses
    /// blocks of about 512 KB when the design has at least four of them, else one piece.
    public var rowsPerBlock: Int? = nil
    /// Work budget, in multiply-adds (solves x rows x rank), for refining each robust-covariance
    /// score separately (one solve per row for HC0-HC3, one per cluster for cluster-robust; see
    /// `LinearRegression`). Above it the scores come from the QR factors alone, about
    /// cond(X D) eps relative error instead of rounding level; 0 never refines them.
    public var robustScoreRefinementBudget: Double = 2_000_000
    /// Threads for the TSQR block factorisations (results do not depend on it). Defaults to the
    /// OpenBLAS thread count (`BLASInfo.threadCount`).
    public var threadCount: Int = BLASInfo.threadCount

    /// Whether to refine the unscaled covariance matrix.
    public enum CovarianceRefinement: Sendable, Equatable {
        /// Never (R^-1 R^-T from the QR factor only).
        case never
        /// Always (costs about `rank` extra refinement solves).
        case always
        /// When the condition number of the equilibrated design exceeds the threshold.
        case whenIllConditioned(threshold: Double)
    }

    public init() {}
}

/// Result of a least-squares fit of one response on a design matrix.
public struct LeastSquaresFit: Sendable {
    /// Coefficients in the design's column order; NaN for aliased (inestimable) columns.
    public let coefficients: [Double]
    /// Numerical rank of the design (number of estimated coefficients).
    public let rank: Int
    /// Columns judged linearly dependent on earlier-pivoted columns, ascending.
    public let aliasedColumns: [Int]
    /// Residuals y - X b, accumulated in extended precision.
    public let residuals: [Double]
    /// Sum of squared residuals.
    public let residualSumOfSquares: Double
    /// (X^T X)^-1 over the estimable columns, in design column order (p x p); rows and columns of
    /// aliased columns are NaN.
    public let unscaledCovariance: Matrix
    /// 2-norm condition number of the estimable columns of the design as given (unscaled), the
    /// quantity statsmodels reports as `condition_number`.
    public let conditionNumber: Double
    /// 2-norm condition number after scaling each column to unit norm (what limits accuracy).
    public let equilibratedConditionNumber: Double
    /// Refinement steps taken for the solution.
    public let refinementSteps: Int
    /// Whether the covariance columns were refined.
    public let covarianceRefined: Bool
    /// The factorisation, kept for robust covariances (`LinearRegression`).
    let factor: QRFactor
}

/// Linear least squares by Householder QR with rank-revealing column pivoting, column
/// equilibration and iterative refinement in extended precision.
///
/// Method:
/// 1. Each column is scaled by a power of two to about unit norm (exact; Golub & Van Loan 2013,
///    *Matrix Computations*, 4th ed., sec. 5.3.8 on column scaling).
/// 2. Blocked Householder QR of the scaled design (LAPACK `dgeqrf`); for tall designs as TSQR:
///    QR of row blocks, then QR of the stacked R factors (Demmel et al. 2012), which keeps each
///    block in cache and bounds the working set.
/// 3. The small triangular factor is searched for linearly dependent columns with R's limited
///    column pivoting (LINPACK `dqrdc2`: a column whose unexplained norm falls below the
///    tolerance moves to the end, so later terms are the aliased ones, as in R's `lm`) and
///    refactorised in that order: X D P = Q R, Q = Q1 Q2 (Golub & Van Loan 2013, sec. 5.2, 5.4.1).
/// 4. The basic solution is refined by Björck's iteration on the augmented system
///    [I X; X^T 0][r; x] = [y; 0]: residuals of both blocks accumulated in `Float80`, corrections
///    solved with Q and R (Björck 1967, "Iterative refinement of linear least squares solutions I",
///    BIT 7:257; Björck 1996, *Numerical Methods for Least Squares Problems*, sec. 2.9), or, for
///    well-conditioned designs (equilibrated condition <= 1e5), with the seminormal equations
///    R^T R dx = X^T f - g, which needs no pass with Q (Björck 1987). Iteration stops when the
///    correction stops shrinking or the estimated remaining error is below rounding level.
/// 5. Columns of (X^T X)^-1 are the x-part of the same system with right-hand side [0; e_j]:
///    R^-1 R^-T (LAPACK `dtrtri`), refined the same way when the design is ill conditioned.
///
/// NaN or infinity anywhere in the design or response throws `BatchError.nonFiniteValue`;
/// drop incomplete rows first (the formula layer does).
public enum LeastSquares {
    /// Fits `response` on the columns of `design`.
    /// - Throws: `BatchError.emptyDesign`, `.dimensionMismatch`, `.nonFiniteValue`, `.lapackFailure`.
    /// - Complexity: O(n p^2) for the factorisation, O(n p) per refinement step.
    /// - Parameters:
    ///   - design: the n x p design matrix.
    ///   - response: the n responses.
    ///   - options: rank tolerance and iterative refinement (``LeastSquaresOptions``).
    ///   - designCorrection: optional low-order parts of the design (the exact design is
    ///     `design + designCorrection`), used only when accumulating residuals during refinement,
    ///     so the refined solution is that of the more precise design. Columns built by powers
    ///     (`x^10` on NIST Filip) lose about 7 digits when rounded to Double; keeping the rounding
    ///     error here recovers them.
    public static func fit(design: MatrixView, designCorrection: MatrixView? = nil, response: [Double],
                           options: LeastSquaresOptions = .init()) throws -> LeastSquaresFit {
        if let correction = designCorrection, correction.rowCount != design.rowCount || correction.columnCount != design.columnCount {
            throw BatchError.dimensionMismatch(what: "design correction elements vs design elements",
                                               expected: design.rowCount * design.columnCount,
                                               actual: correction.rowCount * correction.columnCount)
        }
        guard design.rowCount > 0, design.columnCount > 0 else { throw BatchError.emptyDesign }
        guard response.count == design.rowCount else {
            throw BatchError.dimensionMismatch(what: "response length vs design rows", expected: design.rowCount, actual: response.count)
        }
        let factor = try QRFactor(design: design, correction: designCorrection, rankTolerance: options.rankTolerance,
                                  rowsPerBlock: options.rowsPerBlock, threadCount: options.threadCount)
        for (i, v) in response.enumerated() where !v.isFinite { throw BatchError.nonFiniteValue(row: i, column: nil) }
        return try factor.solve(response: response, options: options)
    }

    /// Fits `response` on the columns of `design` (whole matrix).
    public static func fit(design: Matrix, designCorrection: Matrix? = nil, response: [Double],
                           options: LeastSquaresOptions = .init()) throws -> LeastSquaresFit {
        try fit(design: design.view, designCorrection: designCorrection?.view, response: response, options: options)
    }
}

/// The factorisation X D P = Q R shared by every solve on one design.
struct QRFactor {
    let design: MatrixView
    let correction: MatrixView?
    let rowCount: Int
    let columnCount: Int
    /// Power-of-two column scales D (exact).
    let scale: [Double]
    /// `dgeqrf` reflectors and R1 of the scaled design (n x p).
    var reflectors1: [Double]
    var tau1: [Double]
    /// `dgeqrf` reflectors and R of R1 with columns in `pivot` order (m x p, m = min(n, p)).
    var reflectors2: [Double]
    var tau2: [Double]
    /// TSQR row blocks (empty when factorised in one piece); their reflectors live in `reflectors1`.
    var blocks: [Range<Int>] = []
    var blockTau: [[Double]] = []
    /// Reflectors of the QR of the stacked block R factors (stackedRows x p).
    var stacked: [Double] = []
    var stackedTau: [Double] = []
    var stackedRows = 0
    /// pivot[k] = design column at position k: estimable columns in design order, then aliased ones.
    let pivot: [Int]
    /// Numerical rank.
    let rank: Int
    var m: Int { min(rowCount, columnCount) }

    init(design: MatrixView, correction: MatrixView? = nil, rankTolerance: Double, rowsPerBlock: Int? = nil,
         threadCount: Int = 1) throws {
        let n = design.rowCount, p = design.columnCount
        guard n > 0, p > 0 else { throw BatchError.emptyDesign }
        self.design = design
        self.correction = correction
        rowCount = n
        columnCount = p
        var scale = [Double](repeating: 1, count: p)
        var work = [Double](repeating: 0, count: n * p)
        for j in 0..<p {
            let column = design.column(j)
            var sumOfSquares = 0.0
            for (i, v) in zip(0..., column) {
                guard v.isFinite else { throw BatchError.nonFiniteValue(row: i, column: j) }
                sumOfSquares += v * v
            }
            var norm = sumOfSquares.squareRoot()
            if !norm.isNormal || norm.isInfinite {
                // The plain sum of squares under- or overflowed: rescale by the largest magnitude.
                let largest = column.reduce(0.0) { max($0, abs($1)) }
                if largest > 0 {
                    var scaled = 0.0
                    for v in column { let q = v / largest; scaled += q * q }
                    norm = largest * scaled.squareRoot()
                    if !norm.isFinite { norm = largest }
                } else {
                    norm = 0
                }
            }
            if norm > 0 {
                // Nearest power of two to 1/norm (kept in the normal range): scaling by it is exact.
                let exponent = min(max(-Int(norm.exponent), -1022), 1023)
                scale[j] = Double(sign: .plus, exponent: exponent, significand: 1)
            }
            let s = scale[j]
            var i = j * n
            for v in column { work[i] = v * s; i += 1 }
        }
        self.scale = scale
        var tau1 = [Double](repeating: 0, count: min(n, p))
        let m = min(n, p)
        var r1 = [Double](repeating: 0, count: m * p)
        var blockRanges: [Range<Int>] = []
        var blockTaus: [[Double]] = []
        var stack: [Double] = []
        var stackTau: [Double] = []
        var stackRows = 0
        let blockSize = rowsPerBlock ?? max(2 * p, 65_536 / p)
        if blockSize >= 1 && (rowsPerBlock != nil ? blockSize < n : n >= 4 * blockSize) {
            // TSQR: factor each row block in cache, stack the R factors, factor the stack.
            blockRanges = stride(from: 0, to: n, by: blockSize).map { $0..<min(n, $0 + blockSize) }
            blockTaus = blockRanges.map { [Double](repeating: 0, count: min($0.count, p)) }
            stackRows = blockRanges.reduce(0) { $0 + min($1.count, p) }
            stack = [Double](repeating: 0, count: stackRows * p)
            // Blocks are independent: factor them on `threadCount` threads (each block's result is the
            // same whichever thread computes it), then stack the R factors in block order.
            let tauSize = p
            var allTaus = [Double](repeating: 0, count: blockRanges.count * tauSize)
            let ranges = blockRanges
            let threads = max(1, min(threadCount, ranges.count))
            let failure = work.withUnsafeMutableBufferPointer { wp in
                allTaus.withUnsafeMutableBufferPointer { tp in
                    let shared = SharedPointers(work: wp.baseAddress, taus: tp.baseAddress)
                    let errors = ErrorSlots(count: threads)
                    DispatchQueue.concurrentPerform(iterations: threads) { thread in
                        guard let base = shared.work, let taus = shared.taus else { return }
                        var b = thread
                        while b < ranges.count {
                            let rows = ranges[b]
                            do {
                                try LAPACK.geqrf(m: rows.count, n: p, a: base + rows.lowerBound, lda: n, tau: taus + b * tauSize)
                            } catch {
                                errors.record(error, at: thread)
                                return
                            }
                            b += threads
                        }
                    }
                    return errors.first
                }
            }
            if let failure { throw failure }
            var offset = 0
            for (b, rows) in blockRanges.enumerated() {
                let k = min(rows.count, p)
                blockTaus[b] = Array(allTaus[(b * tauSize)..<(b * tauSize + k)])
                for j in 0..<p {
                    for i in 0..<min(j + 1, k) { stack[offset + i + j * stackRows] = work[rows.lowerBound + i + j * n] }
                }
                offset += k
            }
            stackTau = [Double](repeating: 0, count: m)
            try LAPACK.geqrf(m: stackRows, n: p, a: &stack, lda: stackRows, tau: &stackTau)
            for j in 0..<p {
                for i in 0...min(j, m - 1) { r1[i + j * m] = stack[i + j * stackRows] }
            }
        } else {
            try LAPACK.geqrf(m: n, n: p, a: &work, lda: n, tau: &tau1)
            for j in 0..<p {
                for i in 0...min(j, m - 1) { r1[i + j * m] = work[i + j * n] }
            }
        }
        let (order, rank) = QRFactor.limitedPivoting(r1, m: m, p: p, tolerance: rankTolerance)
        var permuted = [Double](repeating: 0, count: m * p)
        for (k, j) in order.enumerated() {
            for i in 0..<m { permuted[i + k * m] = r1[i + j * m] }
        }
        var tau2 = [Double](repeating: 0, count: m)
        try LAPACK.geqrf(m: m, n: p, a: &permuted, lda: m, tau: &tau2)
        pivot = order
        self.rank = rank
        blocks = blockRanges
        blockTau = blockTaus
        stacked = stack
        stackedTau = stackTau
        stackedRows = stackRows
        r1 = permuted
        reflectors1 = work
        self.tau1 = tau1
        reflectors2 = r1
        self.tau2 = tau2
    }

    /// Largest equilibrated condition number for which refinement uses the seminormal correction
    /// (cond^2 eps <= 1e-6 there).
    static let seminormalConditionLimit = 1e5

    /// R's rank rule (LINPACK `dqrdc2` as used by `lm`): Householder QR of the small triangular
    /// factor in column order, moving a column to the end when the norm of its part not yet
    /// explained falls below `tolerance` times its own norm. Later columns are the ones declared
    /// aliased, as in R. Returns the column order and the rank.
    static func limitedPivoting(_ r: [Double], m: Int, p: Int, tolerance: Double) -> ([Int], Int) {
        var a = r
        var order = Array(0..<p)
        let norms = (0..<p).map { j in (0..<m).reduce(0.0) { $0 + a[$1 + j * m] * a[$1 + j * m] }.squareRoot() }
        var position = 0
        var last = p
        while position < min(m, last) {
            var remaining = 0.0
            for i in position..<m { remaining += a[i + position * m] * a[i + position * m] }
            remaining = remaining.squareRoot()
            let original = norms[order[position]]
            if remaining <= tolerance * original || original == 0 {
                // Move the column to the end (rotating the rest left), as dqrdc2 does.
                let saved = Array(a[(position * m)..<((position + 1) * m)])
                let savedIndex = order[position]
                for j in position..<(p - 1) {
                    for i in 0..<m { a[i + j * m] = a[i + (j + 1) * m] }
                    order[j] = order[j + 1]
                }
                for i in 0..<m { a[i + (p - 1) * m] = saved[i] }
                order[p - 1] = savedIndex
                last -= 1
                continue
            }
            // Householder reflection zeroing a[position+1..<m, position], applied to the trailing columns.
            let alpha = a[position + position * m]
            let beta = alpha >= 0 ? -remaining : remaining
            var v = [Double](repeating: 0, count: m - position)
            v[0] = alpha - beta
            for i in (position + 1)..<m { v[i - position] = a[i + position * m] }
            let vv = v.reduce(0) { $0 + $1 * $1 }
            if vv > 0 {
                for j in position..<p {
                    var dot = 0.0
                    for i in position..<m { dot += v[i - position] * a[i + j * m] }
                    let f = 2 * dot / vv
                    for i in position..<m { a[i + j * m] -= f * v[i - position] }
                }
            }
            position += 1
        }
        return (order, position)
    }

    /// c (n x ncols, leading dimension n) <- Q^T c. The first `rank` rows of the result belong to
    /// R; the rest span the orthogonal complement (with TSQR, in the order: stacked rows, then the
    /// lower rows of each block).
    func applyQTranspose(_ c: UnsafeMutablePointer<Double>, columns ncols: Int) throws {
        let n = rowCount
        guard !blocks.isEmpty else {
            try LAPACK.ormqr(transpose: true, m: n, ncols: ncols, k: m, a: reflectors1, lda: n, tau: tau1, c: c, ldc: n)
            try LAPACK.ormqr(transpose: true, m: m, ncols: ncols, k: m, a: reflectors2, lda: m, tau: tau2, c: c, ldc: n)
            return
        }
        let p = columnCount
        try reflectors1.withUnsafeBufferPointer { rp in
            guard let base = rp.baseAddress else { return }
            for (b, rows) in blocks.enumerated() {
                try blockTau[b].withUnsafeBufferPointer { tp in
                    if let tau = tp.baseAddress {
                        try LAPACK.ormqr(transpose: true, m: rows.count, ncols: ncols, k: min(rows.count, p), a: base + rows.lowerBound,
                                         lda: n, tau: tau, c: c + rows.lowerBound, ldc: n)
                    }
                }
            }
        }
        var top = [Double](repeating: 0, count: stackedRows * ncols)
        var rest = [Double](repeating: 0, count: (n - stackedRows) * ncols)
        for col in 0..<ncols {
            var t = 0, r = 0
            for rows in blocks {
                let k = min(rows.count, p)
                for i in rows { if i - rows.lowerBound < k { top[t + col * stackedRows] = c[i + col * n]; t += 1 } else { rest[r + col * (n - stackedRows)] = c[i + col * n]; r += 1 } }
            }
        }
        try LAPACK.ormqr(transpose: true, m: stackedRows, ncols: ncols, k: m, a: stacked, lda: stackedRows, tau: stackedTau,
                         c: &top, ldc: stackedRows)
        try LAPACK.ormqr(transpose: true, m: m, ncols: ncols, k: m, a: reflectors2, lda: m, tau: tau2, c: &top, ldc: stackedRows)
        for col in 0..<ncols {
            for i in 0..<stackedRows { c[i + col * n] = top[i + col * stackedRows] }
            for i in 0..<(n - stackedRows) { c[stackedRows + i + col * n] = rest[i + col * (n - stackedRows)] }
        }
    }

    /// c (n x ncols, leading dimension n) <- Q c, the inverse of `applyQTranspose`.
    func applyQ(_ c: UnsafeMutablePointer<Double>, columns ncols: Int) throws {
        let n = rowCount
        guard !blocks.isEmpty else {
            try LAPACK.ormqr(transpose: false, m: m, ncols: ncols, k: m, a: reflectors2, lda: m, tau: tau2, c: c, ldc: n)
            try LAPACK.ormqr(transpose: false, m: n, ncols: ncols, k: m, a: reflectors1, lda: n, tau: tau1, c: c, ldc: n)
            return
        }
        let p = columnCount
        var top = [Double](repeating: 0, count: stackedRows * ncols)
        for col in 0..<ncols { for i in 0..<stackedRows { top[i + col * stackedRows] = c[i + col * n] } }
        try LAPACK.ormqr(transpose: false, m: m, ncols: ncols, k: m, a: reflectors2, lda: m, tau: tau2, c: &top, ldc: stackedRows)
        try LAPACK.ormqr(transpose: false, m: stackedRows, ncols: ncols, k: m, a: stacked, lda: stackedRows, tau: stackedTau,
                         c: &top, ldc: stackedRows)
        let rest = (0..<ncols).map { col in Array(UnsafeBufferPointer(start: c + stackedRows + col * n, count: n - stackedRows)) }
        for col in 0..<ncols {
            var t = 0, r = 0
            for rows in blocks {
                let k = min(rows.count, p)
                for i in rows { if i - rows.lowerBound < k { c[i + col * n] = top[t + col * stackedRows]; t += 1 } else { c[i + col * n] = rest[col][r]; r += 1 } }
            }
        }
        try reflectors1.withUnsafeBufferPointer { rp in
            guard let base = rp.baseAddress else { return }
            for (b, rows) in blocks.enumerated() {
                try blockTau[b].withUnsafeBufferPointer { tp in
                    if let tau = tp.baseAddress {
                        try LAPACK.ormqr(transpose: false, m: rows.count, ncols: ncols, k: min(rows.count, p), a: base + rows.lowerBound,
                                         lda: n, tau: tau, c: c + rows.lowerBound, ldc: n)
                    }
                }
            }
        }
    }

    /// x <- R11^-1 x (transpose: R11^-T x) for the leading rank x rank block.
    func solveR(_ x: inout [Double], rank: Int, transpose: Bool) {
        reflectors2.withUnsafeBufferPointer { rp in
            x.withUnsafeMutableBufferPointer { xp in
                if let r = rp.baseAddress, let xb = xp.baseAddress {
                    LAPACK.triangularSolve(transpose: transpose, n: rank, r: r, lda: m, x: xb)
                }
            }
        }
    }

    // MARK: Extended-precision residuals of the augmented system

    /// f = b - r - X_r z (X_r: scaled kept columns) in extended precision. `b` nil means 0.
    /// Rows per chunk of the extended-precision passes (the chunk's accumulators stay in cache).
    static let residualChunk = 2048

    func primalResidual(b: [Double]?, r: [Double], z: [Double], rank: Int) -> [Double] {
        let n = rowCount
        var out = [Double](repeating: 0, count: n)
        let coefficients = (0..<rank).map { ExtendedDouble(scale[pivot[$0]] * z[$0]) }
        design.withUnsafeBaseAddress { base, ld in
            guard let base else { return }
            let low = correction?.withUnsafeBaseAddress { pointer, lowLD in pointer.map { ($0, lowLD) } }
            var acc = [ExtendedDouble](repeating: 0, count: QRFactor.residualChunk)
            var start = 0
            while start < n {
                let count = min(QRFactor.residualChunk, n - start)
                for i in 0..<count { acc[i] = ExtendedDouble(b?[start + i] ?? 0) - ExtendedDouble(r[start + i]) }
                for k in 0..<rank {
                    // X_s[:, j] * z_k = X[:, j] * (scale_j * z_k), exact since scale_j is a power of two.
                    let column = base + pivot[k] * ld + start
                    let coefficient = coefficients[k]
                    for i in 0..<count { acc[i] -= ExtendedDouble(column[i]) * coefficient }
                    if let (lowBase, lowLD) = low {
                        let lowColumn = lowBase + pivot[k] * lowLD + start
                        for i in 0..<count { acc[i] -= ExtendedDouble(lowColumn[i]) * coefficient }
                    }
                }
                for i in 0..<count { out[start + i] = Double(acc[i]) }
                start += count
            }
        }
        return out
    }

    /// g = c - X_r^T r in extended precision. `c` nil means 0.
    func dualResidual(c: [Double]?, r: [Double], rank: Int) -> [Double] {
        let n = rowCount
        var sums = [ExtendedDouble](repeating: 0, count: rank)
        design.withUnsafeBaseAddress { base, ld in
            guard let base else { return }
            let low = correction?.withUnsafeBaseAddress { pointer, lowLD in pointer.map { ($0, lowLD) } }
            var start = 0
            while start < n {
                let count = min(QRFactor.residualChunk, n - start)
                for k in 0..<rank {
                    let column = base + pivot[k] * ld + start
                    var sum: ExtendedDouble = 0
                    for i in 0..<count { sum += ExtendedDouble(column[i]) * ExtendedDouble(r[start + i]) }
                    if let (lowBase, lowLD) = low {
                        let lowColumn = lowBase + pivot[k] * lowLD + start
                        for i in 0..<count { sum += ExtendedDouble(lowColumn[i]) * ExtendedDouble(r[start + i]) }
                    }
                    sums[k] += sum
                }
                start += count
            }
        }
        return (0..<rank).map { k in Double(ExtendedDouble(c?[k] ?? 0) - sums[k] * ExtendedDouble(scale[pivot[k]])) }
    }

    /// The same correction from the seminormal equations R^T R dz = X_r^T f - g, dr = f - X_r dz:
    /// no pass with Q over n rows. Contracts by about cond^2 eps per step instead of cond eps
    /// (Björck 1987, "Stability analysis of the method of seminormal equations", LAA 88/89), so
    /// it is used only for well-conditioned designs.
    func seminormalCorrection(f: [Double], g: [Double], rank: Int) -> (dr: [Double], dz: [Double]) {
        let n = rowCount
        var t = [Double](repeating: 0, count: rank)
        design.withUnsafeBaseAddress { base, ld in
            guard let base else { return }
            for k in 0..<rank {
                let j = pivot[k]
                let column = base + j * ld
                var sum = 0.0
                for i in 0..<n { sum += column[i] * f[i] }
                t[k] = sum * scale[j] - g[k]
            }
        }
        solveR(&t, rank: rank, transpose: true)
        solveR(&t, rank: rank, transpose: false)
        var dr = f
        design.withUnsafeBaseAddress { base, ld in
            guard let base else { return }
            for k in 0..<rank {
                let j = pivot[k]
                let column = base + j * ld
                let coefficient = t[k] * scale[j]
                for i in 0..<n { dr[i] -= column[i] * coefficient }
            }
        }
        return (dr, t)
    }

    func augmentedCorrection(f: [Double], g: [Double], rank: Int) throws -> (dr: [Double], dz: [Double]) {
        var h1 = g
        solveR(&h1, rank: rank, transpose: true)
        var w = f
        try w.withUnsafeMutableBufferPointer { wp in
            if let base = wp.baseAddress { try applyQTranspose(base, columns: 1) }
        }
        var dz = (0..<rank).map { w[$0] - h1[$0] }
        solveR(&dz, rank: rank, transpose: false)
        for k in 0..<rank { w[k] = h1[k] }
        try w.withUnsafeMutableBufferPointer { wp in
            if let base = wp.baseAddress { try applyQ(base, columns: 1) }
        }
        return (w, dz)
    }

    /// Refines (r, z) for the augmented system with right-hand side (b, c). Returns the steps taken.
    ///
    /// `contraction` estimates how much each step shrinks the error (cond^2 eps for the seminormal
    /// correction, cond eps with Q); the loop stops once the remaining error, about contraction
    /// times the last correction (with a safety factor of 10^6), is below rounding level.
    func refine(b: [Double]?, c: [Double]?, r: inout [Double], z: inout [Double], rank: Int, maximumSteps: Int,
                seminormal: Bool = false, contraction: Double = 1) throws -> Int {
        var previous = Double.infinity
        var steps = 0
        while steps < maximumSteps {
            let f = primalResidual(b: b, r: r, z: z, rank: rank)
            let g = dualResidual(c: c, r: r, rank: rank)
            let (dr, dz) = seminormal ? seminormalCorrection(f: f, g: g, rank: rank) : try augmentedCorrection(f: f, g: g, rank: rank)
            let size = dz.reduce(0) { max($0, abs($1)) }
            let reference = z.reduce(0) { max($0, abs($1)) }
            // Stop when the correction no longer shrinks (converged to rounding level or diverging).
            if size > 0.5 * previous { break }
            for k in 0..<rank { z[k] += dz[k] }
            for i in 0..<rowCount { r[i] += dr[i] }
            steps += 1
            previous = size
            if size <= Double.ulpOfOne * reference || 1_000_000 * contraction * size <= Double.ulpOfOne * reference { break }
        }
        return steps
    }

    func solve(response y: [Double], options: LeastSquaresOptions) throws -> LeastSquaresFit {
        let n = rowCount, p = columnCount
        var qty = y
        try qty.withUnsafeMutableBufferPointer { bp in
            if let base = bp.baseAddress { try applyQTranspose(base, columns: 1) }
        }
        var z = Array(qty.prefix(rank))
        solveR(&z, rank: rank, transpose: false)
        var r = primalResidual(b: y, r: [Double](repeating: 0, count: n), z: z, rank: rank)
        let (condition, scaledCondition) = try conditionNumbers(rank: rank)
        // Well-conditioned designs refine with the seminormal correction (no n-row Q passes).
        let seminormal = scaledCondition <= QRFactor.seminormalConditionLimit
        let contraction = seminormal ? scaledCondition * scaledCondition * Double.ulpOfOne : scaledCondition * Double.ulpOfOne
        let steps = try refine(b: y, c: nil, r: &r, z: &z, rank: rank, maximumSteps: options.maximumRefinementSteps,
                               seminormal: seminormal, contraction: contraction)

        // The refined residuals (accumulated in extended precision) and their sum of squares.
        let residuals = r
        var rss: ExtendedDouble = 0
        for e in residuals { rss += ExtendedDouble(e) * ExtendedDouble(e) }

        var coefficients = [Double](repeating: .nan, count: p)
        for k in 0..<rank { coefficients[pivot[k]] = z[k] * scale[pivot[k]] }
        let aliased = (rank..<p).map { pivot[$0] }.sorted()

        let refineCovariance: Bool
        switch options.covarianceRefinement {
        case .never: refineCovariance = false
        case .always: refineCovariance = true
        case .whenIllConditioned(let threshold): refineCovariance = scaledCondition > threshold
        }
        let covariance = try unscaledCovariance(rank: rank, refine: refineCovariance && options.maximumRefinementSteps > 0,
                                                maximumSteps: options.maximumRefinementSteps)
        return LeastSquaresFit(coefficients: coefficients, rank: rank, aliasedColumns: aliased, residuals: residuals,
                               residualSumOfSquares: Double(rss), unscaledCovariance: covariance,
                               conditionNumber: condition, equilibratedConditionNumber: scaledCondition,
                               refinementSteps: steps, covarianceRefined: refineCovariance, factor: self)
    }

    /// The first `rank` columns of Q (Q1, n x rank, column-major) and the leverages h_i = ||q_i||^2,
    /// q_i the i-th row of Q1 (X_r D = Q1 R; Björck 1996, *Numerical Methods for Least Squares
    /// Problems*, sec. 1.4 on the hat matrix from QR).
    func orthogonalColumns(rank: Int) throws -> (q: [Double], leverages: [Double]) {
        let n = rowCount
        var q = [Double](repeating: 0, count: n * rank)
        for k in 0..<rank { q[k + k * n] = 1 }
        try q.withUnsafeMutableBufferPointer { qp in
            if let base = qp.baseAddress, rank > 0 { try applyQ(base, columns: rank) }
        }
        var leverages = [Double](repeating: 0, count: n)
        for k in 0..<rank {
            let offset = k * n
            for i in 0..<n { leverages[i] += q[offset + i] * q[offset + i] }
        }
        return (q, leverages)
    }

    /// b <- D R11^-1 b for `count` vectors of length `rank` (column-major, leading dimension `rank`):
    /// maps Q-space vectors u = Q1^T v to coefficient space (X_r^T X_r)^-1 X_r^T v in design units,
    /// rows in `pivot` order. A backward-stable triangular solve, about cond(X_r D) eps relative error,
    /// where multiplying by an explicit (X^T X)^-1 loses about cond(X_r D)^2 eps to cancellation.
    func coefficientSpace(_ b: inout [Double], count: Int, rank: Int) {
        guard rank > 0, count > 0 else { return }
        reflectors2.withUnsafeBufferPointer { rp in
            b.withUnsafeMutableBufferPointer { bp in
                if let r = rp.baseAddress, let base = bp.baseAddress {
                    LAPACK.triangularSolve(n: rank, nrhs: count, r: r, lda: m, b: base, ldb: rank)
                }
            }
        }
        for i in 0..<count {
            for k in 0..<rank { b[k + i * rank] *= scale[pivot[k]] }
        }
    }

    /// The least-squares coefficients of `response` on the kept columns, D z with X_r D z ~ y, refined
    /// like `solve` (Björck's iteration with extended-precision residuals) but without the fit's
    /// covariance and condition numbers: `rank` values in `pivot` order, design units, and the
    /// refined residuals y - X b.
    func refinedCoefficients(response y: [Double], equilibratedCondition: Double,
                             maximumSteps: Int) throws -> (coefficients: [Double], residuals: [Double]) {
        var qty = y
        try qty.withUnsafeMutableBufferPointer { bp in
            if let base = bp.baseAddress { try applyQTranspose(base, columns: 1) }
        }
        var z = Array(qty.prefix(rank))
        solveR(&z, rank: rank, transpose: false)
        var r = primalResidual(b: y, r: [Double](repeating: 0, count: rowCount), z: z, rank: rank)
        let seminormal = equilibratedCondition <= QRFactor.seminormalConditionLimit
        let contraction = (seminormal ? equilibratedCondition : 1) * equilibratedCondition * Double.ulpOfOne
        _ = try refine(b: y, c: nil, r: &r, z: &z, rank: rank, maximumSteps: maximumSteps, seminormal: seminormal,
                       contraction: contraction)
        return ((0..<rank).map { z[$0] * scale[pivot[$0]] }, r)
    }

    /// R11^-1 (rank x rank, column-major, upper triangular).
    func inverseR(rank: Int) throws -> [Double] {
        var inverse = [Double](repeating: 0, count: rank * rank)
        for j in 0..<rank { for i in 0...j { inverse[i + j * rank] = reflectors2[i + j * m] } }
        try LAPACK.trtri(n: rank, a: &inverse, lda: rank)
        return inverse
    }

    /// (X^T X)^-1 over estimable columns, unscaled, in design column order.
    func unscaledCovariance(rank: Int, refine: Bool, maximumSteps: Int) throws -> Matrix {
        let p = columnCount
        let inverse = try inverseR(rank: rank)
        // C_s = R^-1 R^-T in pivoted, scaled coordinates.
        var c = [Double](repeating: 0, count: rank * rank)
        for a in 0..<rank {
            for b in a..<rank {
                var sum = 0.0
                for k in b..<rank { sum += inverse[a + k * rank] * inverse[b + k * rank] }
                c[a + b * rank] = sum
                c[b + a * rank] = sum
            }
        }
        if refine {
            // Column j of C_s is -x for [I X; X^T 0][r; x] = [0; e_j].
            for j in 0..<rank {
                var z = (0..<rank).map { -c[$0 + j * rank] }
                var r = primalResidual(b: nil, r: [Double](repeating: 0, count: rowCount), z: z, rank: rank)
                var e = [Double](repeating: 0, count: rank)
                e[j] = 1
                _ = try self.refine(b: nil, c: e, r: &r, z: &z, rank: rank, maximumSteps: maximumSteps)
                for k in 0..<rank { c[k + j * rank] = -z[k] }
            }
            for a in 0..<rank {
                for b in (a + 1)..<max(a + 1, rank) {
                    let mean = 0.5 * (c[a + b * rank] + c[b + a * rank])
                    c[a + b * rank] = mean
                    c[b + a * rank] = mean
                }
            }
        }
        var result = Matrix(rowCount: p, columnCount: p, repeating: .nan)
        for a in 0..<rank {
            for b in 0..<rank {
                let ja = pivot[a], jb = pivot[b]
                result[ja, jb] = c[a + b * rank] * scale[ja] * scale[jb]
            }
        }
        return result
    }

    /// Condition numbers of the kept columns: unscaled (X_r) and equilibrated (X_r D).
    func conditionNumbers(rank: Int) throws -> (Double, Double) {
        guard rank > 0 else { return (.infinity, .infinity) }
        var scaled = [Double](repeating: 0, count: rank * rank)
        var unscaled = scaled
        for j in 0..<rank {
            for i in 0...j {
                let v = reflectors2[i + j * m]
                scaled[i + j * rank] = v
                unscaled[i + j * rank] = v / scale[pivot[j]]
            }
        }
        let s1 = try LAPACK.singularValues(m: rank, n: rank, a: &scaled)
        let s2 = try LAPACK.singularValues(m: rank, n: rank, a: &unscaled)
        func ratio(_ s: [Double]) -> Double {
            guard let high = s.first, let low = s.last, low > 0 else { return .infinity }
            return high / low
        }
        return (ratio(s2), ratio(s1))
    }
}

/// Least-squares fits of many responses on one design.
public struct MultipleResponseFit: Sendable {
    /// Coefficients (p x q): column k belongs to response k; rows of aliased columns are NaN.
    public let coefficients: Matrix
    /// Numerical rank of the shared design.
    public let rank: Int
    /// Aliased design columns, ascending.
    public let aliasedColumns: [Int]
    /// Residual sum of squares per response.
    public let residualSumsOfSquares: [Double]
    /// (X^T X)^-1 over the estimable columns (p x p, NaN for aliased), shared by every response.
    public let unscaledCovariance: Matrix
    /// Number of rows.
    public let observationCount: Int

    /// Classical standard errors (p x q): sqrt(RSS_k / (n - rank) [(X^T X)^-1]_jj); NaN for aliased
    /// columns or without residual degrees of freedom.
    public var standardErrors: Matrix {
        var result = Matrix(rowCount: coefficients.rowCount, columnCount: coefficients.columnCount, repeating: .nan)
        let df = observationCount - rank
        guard df > 0 else { return result }
        for k in 0..<coefficients.columnCount {
            let s2 = residualSumsOfSquares[k] / Double(df)
            for j in 0..<coefficients.rowCount { result[j, k] = (s2 * unscaledCovariance[j, j]).squareRoot() }
        }
        return result
    }
}

extension LeastSquares {
    /// Fits every column of `responses` on `design` with one factorisation: Q^T Y is applied to
    /// all responses at once (blocked `dormqr`, BLAS-3) and R z = (Q^T Y)_1 solved by `dtrsm`.
    /// The residual sum of squares of response k is ||(Q^T y_k)_2||^2. No refinement on this path
    /// (use `fit(design:response:)` for one response at full accuracy).
    ///
    /// NaN or infinity in the design or responses throws `BatchError.nonFiniteValue`.
    /// - Complexity: O(n p^2 + n p q).
    public static func fit(design: MatrixView, responses: MatrixView, options: LeastSquaresOptions = .init()) throws -> MultipleResponseFit {
        guard responses.rowCount == design.rowCount else {
            throw BatchError.dimensionMismatch(what: "response rows vs design rows", expected: design.rowCount, actual: responses.rowCount)
        }
        let factor = try QRFactor(design: design, rankTolerance: options.rankTolerance, rowsPerBlock: options.rowsPerBlock,
                                  threadCount: options.threadCount)
        let n = design.rowCount, p = design.columnCount, q = responses.columnCount
        var work = [Double](repeating: 0, count: n * q)
        for k in 0..<q {
            for (i, v) in zip(0..., responses.column(k)) {
                guard v.isFinite else { throw BatchError.nonFiniteValue(row: i, column: nil) }
                work[i + k * n] = v
            }
        }
        let rank = factor.rank
        try work.withUnsafeMutableBufferPointer { wp in
            guard let base = wp.baseAddress else { return }
            try factor.applyQTranspose(base, columns: q)
            factor.reflectors2.withUnsafeBufferPointer { rp in
                if let r = rp.baseAddress { LAPACK.triangularSolve(n: rank, nrhs: q, r: r, lda: factor.m, b: base, ldb: n) }
            }
        }
        var coefficients = Matrix(rowCount: p, columnCount: q, repeating: .nan)
        var rss = [Double](repeating: 0, count: q)
        for k in 0..<q {
            for position in 0..<rank {
                let j = factor.pivot[position]
                coefficients[j, k] = work[position + k * n] * factor.scale[j]
            }
            var sum = 0.0
            for i in rank..<n { sum += work[i + k * n] * work[i + k * n] }
            rss[k] = sum
        }
        let covariance = try factor.unscaledCovariance(rank: rank, refine: false, maximumSteps: 0)
        return MultipleResponseFit(coefficients: coefficients, rank: rank, aliasedColumns: (rank..<p).map { factor.pivot[$0] }.sorted(),
                                   residualSumsOfSquares: rss, unscaledCovariance: covariance, observationCount: n)
    }
}

/// Raw pointers handed to worker threads that write disjoint parts of the arrays.
private struct SharedPointers: @unchecked Sendable {
    let work: UnsafeMutablePointer<Double>?
    let taus: UnsafeMutablePointer<Double>?
}

/// The first error thrown by any worker thread.
private final class ErrorSlots: @unchecked Sendable {
    private var errors: [Error?]
    private let semaphore = DispatchSemaphore(value: 1)
    init(count: Int) { errors = Array(repeating: nil, count: count) }
    func record(_ error: Error, at index: Int) {
        semaphore.wait()
        errors[index] = error
        semaphore.signal()
    }
    var first: Error? {
        semaphore.wait()
        defer { semaphore.signal() }
        return errors.compactMap { $0 }.first
    }
}
