internal import CBLAS
import Dispatch

/// How missing values (NaN) are handled when several columns are summarised together.
public enum MissingValueHandling: Sendable, Equatable {
    /// Each pair of columns uses the rows where both are present (pandas `DataFrame.corr`/`cov`,
    /// R `use = "pairwise.complete.obs"`).
    case pairwise
    /// Only rows where every column is present (R `use = "complete.obs"`).
    case listwise
}

/// Which correlation coefficient.
public enum CorrelationMethod: Sendable, Equatable {
    /// Pearson's product-moment correlation.
    case pearson
    /// Spearman's rank correlation: Pearson on ranks, ties given their average rank.
    case spearman
}

/// A covariance or correlation matrix with the number of rows behind each entry.
///
/// (Kept in ABIBatch: the ABIStatistics files of this work are limited to multiple regression.)
public struct CorrelationMatrixResult: Sendable, Equatable {
    /// What the matrix holds: "covariance", "Pearson correlation", "Spearman correlation".
    public let statistic: String
    /// How the values were computed, for reports.
    public let method: String
    /// Missing-value handling used.
    public let missingValueHandling: MissingValueHandling
    /// The p x p matrix; NaN where fewer than 2 rows (or a constant column) leave it undefined.
    public let values: Matrix
    /// pairCounts[i][j]: rows used for entry (i, j).
    public let pairCounts: [[Int]]
    /// Non-fatal findings (constant columns, entries with too few rows, rows dropped listwise).
    public let notes: [CorrelationNote]

    public init(statistic: String, method: String, missingValueHandling: MissingValueHandling, values: Matrix,
                pairCounts: [[Int]], notes: [CorrelationNote]) {
        self.statistic = statistic
        self.method = method
        self.missingValueHandling = missingValueHandling
        self.values = values
        self.pairCounts = pairCounts
        self.notes = notes
    }
}

/// A non-fatal finding of a covariance or correlation matrix; `description` is the sentence reports print.
public enum CorrelationNote: Sendable, Equatable, CustomStringConvertible {
    /// Rows with a missing value in some column were left out (listwise handling).
    case rowsDroppedListwise(count: Int)
    /// Fewer than 2 complete rows: every entry is undefined.
    case tooFewCompleteRows
    /// Some pairs have fewer than 2 complete rows; their entries are NaN.
    case pairsWithTooFewRows
    /// Pairs whose means lie far from the column means, recomputed two-pass on their own rows.
    case pairsRecomputed(count: Int)
    /// Columns (0-based indices) that are constant or too short: their correlations are NaN.
    case constantColumns([Int])

    public var description: String {
        switch self {
        case .rowsDroppedListwise(let count): "\(count) rows with missing values dropped (listwise)"
        case .tooFewCompleteRows: "fewer than 2 complete rows: every entry is undefined"
        case .pairsWithTooFewRows: "some pairs have fewer than 2 complete rows: NaN"
        case .pairsRecomputed(let count):
            "\(count) pairs recomputed two-pass on their own rows (their means lie far from the column means)"
        case .constantColumns(let columns):
            "columns \(columns.map(String.init).joined(separator: ", ")) constant or too short: correlations NaN"
        }
    }
}

/// Covariance and correlation matrices of the columns of a matrix.
///
/// The complete-data path (no NaN, or listwise) centres row blocks of the data on the column
/// means and accumulates X_c^T X_c with DSYRK, so memory stays bounded and the centring avoids the
/// cancellation of the one-pass formula (Golub & Van Loan 2013, sec. 1.3; Chan, Golub & LeVeque
/// 1983, Am. Stat. 37:242). Pairwise handling with missing values computes each pair on its own
/// complete rows with its own means, as pandas does. Divisor n - 1.
///
/// NaN marks a missing value; infinities are not missing and make the affected entries NaN or infinite.
public enum Correlation {
    /// Covariance matrix (divisor n - 1) of the columns of `data`; `progress` counts the pairs of
    /// distinct columns done, p(p - 1)/2 in all (see ``correlation(_:method:missing:progress:)``).
    public static func covariance(_ data: MatrixView, missing: MissingValueHandling = .pairwise,
                                  progress: ProgressHandler? = nil) throws -> CorrelationMatrixResult {
        try compute(data, statistic: .covariance, missing: missing, progress: progress)
    }

    /// Correlation matrix (Pearson or Spearman) of the columns of `data`.
    ///
    /// `progress` counts the pairs of distinct columns done, p(p - 1)/2 in all: pair by pair where
    /// each pair is computed on its own (Spearman with pairwise missing values), otherwise once at
    /// the end (the matrix products do every pair at once).
    public static func correlation(_ data: MatrixView, method: CorrelationMethod = .pearson,
                                   missing: MissingValueHandling = .pairwise,
                                   progress: ProgressHandler? = nil) throws -> CorrelationMatrixResult {
        try compute(data, statistic: method == .pearson ? .pearson : .spearman, missing: missing, progress: progress)
    }

    static func compute(_ data: MatrixView, statistic: Statistic, missing: MissingValueHandling,
                        progress: ProgressHandler?) throws -> CorrelationMatrixResult {
        let p = data.columnCount
        let total = p * (p - 1) / 2
        var done = 0
        let result = try compute(data, statistic: statistic, missing: missing, pairDone: { pairs in
            done += pairs
            progress?(done, total)
        })
        if done < total || total == 0 { progress?(total, total) }
        return result
    }

    enum Statistic { case covariance, pearson, spearman }

    /// `pairDone` is told of each pair of distinct columns computed on its own.
    static func compute(_ data: MatrixView, statistic: Statistic, missing: MissingValueHandling,
                        pairDone: (Int) -> Void) throws -> CorrelationMatrixResult {
        let n = data.rowCount, p = data.columnCount
        guard p > 0 else { throw BatchError.emptyDesign }
        var complete = [Bool](repeating: true, count: n)
        var anyMissing = false
        for j in 0..<p {
            for (i, v) in zip(0..., data.column(j)) where v.isNaN { complete[i] = false; anyMissing = true }
        }
        let name: String
        switch statistic {
        case .covariance: name = "covariance"
        case .pearson: name = "Pearson correlation"
        case .spearman: name = "Spearman correlation"
        }
        var notes: [CorrelationNote] = []
        if !anyMissing || missing == .listwise {
            let rows = anyMissing ? (0..<n).filter { complete[$0] } : nil
            let used = rows?.count ?? n
            if let rows, rows.count < n { notes.append(.rowsDroppedListwise(count: n - rows.count)) }
            var source = data
            if statistic == .spearman {
                // Rank the used rows of each column, then Pearson on the ranks.
                let indices = rows ?? Array(0..<n)
                var ranked = [Double](repeating: 0, count: used * p)
                for j in 0..<p {
                    let column = data.column(j)
                    let base = column.startIndex
                    let r = averageRanks(indices.map { column[base + $0] })
                    for i in 0..<used { ranked[i + j * used] = r[i] }
                }
                source = Matrix(rowCount: used, columnCount: p, columnMajorElements: ranked).view
            }
            let sourceRows = statistic == .spearman ? nil : rows
            var values = centredCrossProduct(source, rows: sourceRows)
            let divisor = Double(used - 1)
            values.withUnsafeMutableElements { elements in for k in elements.indices { elements[k] /= divisor } }
            if statistic != .covariance { normalise(&values) }
            if used < 2 { notes.append(.tooFewCompleteRows) }
            addConstantNotes(values, statistic: statistic, notes: &notes)
            let counts = [[Int]](repeating: [Int](repeating: used, count: p), count: p)
            let method = "corrected two-pass: centred row blocks accumulated by DSYRK"
                + (statistic == .spearman ? " on average ranks" : "") + (missing == .listwise ? ", listwise" : "")
            return CorrelationMatrixResult(statistic: name, method: method, missingValueHandling: missing,
                                           values: used < 2 ? Matrix(rowCount: p, columnCount: p, repeating: .nan) : values,
                                           pairCounts: counts, notes: notes)
        }
        if statistic != .spearman {
            return pairwiseByMatrixProducts(data, correlation: statistic == .pearson, name: name)
        }
        // Spearman, pairwise with missing values: ranks depend on the pair, so each pair on its own rows.
        var values = Matrix(rowCount: p, columnCount: p, repeating: .nan)
        var counts = [[Int]](repeating: [Int](repeating: 0, count: p), count: p)
        let columns = (0..<p).map { Array(data.column($0)) }
        for a in 0..<p {
            for b in a..<p {
                let rows = (0..<n).filter { !columns[a][$0].isNaN && !columns[b][$0].isNaN }
                counts[a][b] = rows.count
                counts[b][a] = rows.count
                defer { if b > a { pairDone(1) } }
                guard rows.count >= 2 else { continue }
                var x = rows.map { columns[a][$0] }
                var y = rows.map { columns[b][$0] }
                if statistic == .spearman { x = averageRanks(x); y = averageRanks(y) }
                let value = pairStatistic(x, y, correlation: statistic != .covariance)
                values[a, b] = value
                values[b, a] = value
            }
        }
        if counts.joined().contains(where: { $0 < 2 }) { notes.append(.pairsWithTooFewRows) }
        addConstantNotes(values, statistic: statistic, notes: &notes)
        return CorrelationMatrixResult(statistic: name, method: "pairwise complete rows, ranks and two-pass moments per pair",
                                       missingValueHandling: missing, values: values, pairCounts: counts, notes: notes)
    }

    /// Pairwise covariance or Pearson correlation with missing values from matrix products over
    /// row blocks (with at most 5% missing, S, Q and N come from column totals minus the missing
    /// rows' contributions instead of three extra products). Data are first centred on each column's own mean m (NaN -> 0), then with
    /// M the presence mask: A = X^T X, S = X^T M, Q = (X*X)^T M, N = M^T M give for each pair its
    /// count N_ab, sums S_ab, S_ba, sums of squares Q_ab, Q_ba and cross products A_ab over the rows
    /// where both are present, and cov_ab = (A_ab - S_ab S_ba / N_ab) / (N_ab - 1). Centring on m
    /// first keeps the one-pass formula accurate: its error grows with the squared distance of a
    /// pair's mean from m relative to the spread (Chan, Golub & LeVeque 1983). Pairs whose
    /// formulas cancel more than a factor 1e3 (values missing very unevenly) are recomputed
    /// two-pass on their own rows, so every entry matches pandas' per-pair `nancorr` closely.
    static func pairwiseByMatrixProducts(_ data: MatrixView, correlation: Bool, name: String) -> CorrelationMatrixResult {
        let n = data.rowCount, p = data.columnCount
        var means = [Double](repeating: 0, count: p)
        var missingPerColumn = [Double](repeating: 0, count: p)
        for j in 0..<p {
            let column = data.column(j)
            var sum = 0.0, count = 0
            for v in column where !v.isNaN { sum += v; count += 1 }
            means[j] = count > 0 ? sum / Double(count) : 0
            missingPerColumn[j] = Double(n - count)
        }
        // Few missing values (at most 5%): S, Q and N follow from column totals minus the
        // contributions of the rows where the other column is missing, O(missing x p) work.
        let sparse = missingPerColumn.reduce(0, +) <= 0.05 * Double(n) * Double(p)
        var crossProducts = [Double](repeating: 0, count: p * p)
        var sums = [Double](repeating: 0, count: p * p)
        var squares = [Double](repeating: 0, count: p * p)
        var counts = [Double](repeating: 0, count: p * p)
        var totals = [Double](repeating: 0, count: p)
        var totalSquares = [Double](repeating: 0, count: p)
        var bothMissing = [Double](repeating: 0, count: sparse ? p * p : 0)
        let block = max(256, min(65_536, (1 << 19) / max(p, 1)))
        var centred = [Double](repeating: 0, count: min(block, max(n, 1)) * p)
        var squared = sparse ? [] : centred
        var mask = sparse ? [] : centred
        var start = 0
        while start < n {
            let count = min(block, n - start)
            var missingInBlock: [(row: Int, column: Int)] = []
            for j in 0..<p {
                let column = data.column(j)
                let base = column.startIndex + start
                let mean = means[j]
                var total = 0.0, totalSquare = 0.0
                for k in 0..<count {
                    let v = column[base + k]
                    let present = !v.isNaN
                    let d = present ? v - mean : 0
                    centred[k + j * count] = d
                    if sparse {
                        total += d
                        totalSquare += d * d
                        if !present { missingInBlock.append((k, j)) }
                    } else {
                        squared[k + j * count] = d * d
                        mask[k + j * count] = present ? 1 : 0
                    }
                }
                totals[j] += total
                totalSquares[j] += totalSquare
            }
            let pn = Int32(p), cn = Int32(count)
            cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, pn, cn, 1.0, centred, cn, 1.0, &crossProducts, pn)
            if sparse {
                // sums/squares collect what the rows with column b missing contribute to column a.
                missingInBlock.sort { ($0.row, $0.column) < ($1.row, $1.column) }
                var index = 0
                while index < missingInBlock.count {
                    let row = missingInBlock[index].row
                    var end = index
                    while end < missingInBlock.count && missingInBlock[end].row == row { end += 1 }
                    for m in index..<end {
                        let b = missingInBlock[m].column
                        for a in 0..<p {
                            let d = centred[row + a * count]
                            sums[a + b * p] += d
                            squares[a + b * p] += d * d
                        }
                        for m2 in index..<end { bothMissing[b + missingInBlock[m2].column * p] += 1 }
                    }
                    index = end
                }
            } else {
                cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, pn, cn, 1.0, mask, cn, 1.0, &counts, pn)
                cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, pn, pn, cn, 1.0, centred, cn, mask, cn, 1.0, &sums, pn)
                cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, pn, pn, cn, 1.0, squared, cn, mask, cn, 1.0, &squares, pn)
            }
            start += count
        }
        if sparse {
            for b in 0..<p {
                for a in 0..<p {
                    sums[a + b * p] = totals[a] - sums[a + b * p]
                    squares[a + b * p] = totalSquares[a] - squares[a + b * p]
                    counts[a + b * p] = Double(n) - missingPerColumn[a] - missingPerColumn[b] + bothMissing[a + b * p]
                }
            }
        }
        var values = Matrix(rowCount: p, columnCount: p, repeating: .nan)
        var pairCounts = [[Int]](repeating: [Int](repeating: 0, count: p), count: p)
        var undefinedPairs = false
        var recomputedPairs = 0
        for b in 0..<p {
            for a in 0...b {
                let pairs = counts[a + b * p]  // upper triangle from DSYRK
                pairCounts[a][b] = Int(pairs)
                pairCounts[b][a] = Int(pairs)
                guard pairs >= 2 else { undefinedPairs = true; continue }
                let sumA = sums[a + b * p], sumB = sums[b + a * p]  // x_a over rows with b present, and vice versa
                let ssA = squares[a + b * p] - sumA * sumA / pairs
                let ssB = squares[b + a * p] - sumB * sumB / pairs
                let cross = crossProducts[a + b * p] - sumA * sumB / pairs
                // How much the one-pass formulas cancelled; error is about eps times this.
                let cancellation = max((sparse ? totalSquares[a] : squares[a + b * p]) / ssA,
                                       (sparse ? totalSquares[b] : squares[b + a * p]) / ssB,
                                       (abs(crossProducts[a + b * p]) + abs(sumA * sumB / pairs)) / (ssA * ssB).squareRoot())
                var value: Double
                if !(cancellation <= 1e3) && ssA.isFinite && ssB.isFinite {
                    // The pair's rows sit far from the column means: exact two-pass on its own rows.
                    recomputedPairs += 1
                    let x = data.column(a), y = data.column(b)
                    let rows = (0..<n).filter { !x[x.startIndex + $0].isNaN && !y[y.startIndex + $0].isNaN }
                    value = pairStatistic(rows.map { x[x.startIndex + $0] }, rows.map { y[y.startIndex + $0] }, correlation: correlation)
                } else if correlation {
                    value = ssA > 0 && ssB > 0 ? max(-1, min(1, cross / (ssA * ssB).squareRoot())) : .nan
                } else {
                    value = a == b ? ssA / (pairs - 1) : cross / (pairs - 1)
                }
                if correlation && a == b && !value.isNaN { value = 1 }
                values[a, b] = value
                values[b, a] = value
            }
        }
        var notes: [CorrelationNote] = []
        if undefinedPairs { notes.append(.pairsWithTooFewRows) }
        if recomputedPairs > 0 {
            notes.append(.pairsRecomputed(count: recomputedPairs))
        }
        addConstantNotes(values, statistic: correlation ? .pearson : .covariance, notes: &notes)
        let how = sparse ? "DSYRK plus corrections from the missing entries" : "DSYRK/DGEMM with presence masks"
        return CorrelationMatrixResult(statistic: name, method: "pairwise complete rows: column-centred one-pass moments by " + how,
                                       missingValueHandling: .pairwise, values: values, pairCounts: pairCounts, notes: notes)
    }

    static func addConstantNotes(_ values: Matrix, statistic: Statistic, notes: inout [CorrelationNote]) {
        guard statistic != .covariance else { return }
        let constant = (0..<values.rowCount).filter { values[$0, $0].isNaN }
        if !constant.isEmpty {
            notes.append(.constantColumns(constant))
        }
    }

    /// X_c^T X_c (p x p, symmetric) of the given rows (all when nil), centred on their means.
    ///
    /// One pass for provisional means m, one pass that centres row blocks on m (accumulating the
    /// mean deviation d; columns split over `BLASInfo.threadCount` threads) and feeds them to DSYRK; finally X_c^T X_c = sum (x - m)(x - m)^T - n d d^T,
    /// the corrected two-pass algorithm (Chan, Golub & LeVeque 1983).
    static func centredCrossProduct(_ data: MatrixView, rows: [Int]?) -> Matrix {
        let p = data.columnCount
        let used = rows?.count ?? data.rowCount
        let threads = max(1, min(BLASInfo.threadCount, p))
        var means = [Double](repeating: 0, count: p)
        // Columns are independent: split them over threads (each column's arithmetic is the same
        // whichever thread does it, so results do not depend on the thread count).
        means.withUnsafeMutableBufferPointer { mp in
            let shared = SharedColumnOutput(pointer: mp.baseAddress)
            DispatchQueue.concurrentPerform(iterations: threads) { thread in
                guard let out = shared.pointer else { return }
                for j in stride(from: thread, to: p, by: threads) {
                    let column = data.column(j)
                    let base = column.startIndex
                    let sum = rows.map { rows in Correlation.sum(rows.count) { column[base + rows[$0]] } }
                        ?? Correlation.sum(column.count) { column[base + $0] }
                    out[j] = used > 0 ? sum / Double(used) : .nan
                }
            }
        }
        let columnMeans = means
        var deviationSums = [Double](repeating: 0, count: p)
        var product = [Double](repeating: 0, count: p * p)
        // Blocks of about 32 MB give DSYRK a long inner dimension (and threads enough work per
        // call) while memory stays bounded.
        let block = max(256, min(262_144, (1 << 22) / max(p, 1)))
        var buffer = [Double](repeating: 0, count: min(block, max(used, 1)) * p)
        var blockDeviations = [Double](repeating: 0, count: p)
        var start = 0
        while start < used {
            let count = min(block, used - start)
            buffer.withUnsafeMutableBufferPointer { bp in
                blockDeviations.withUnsafeMutableBufferPointer { dp in
                    let shared = SharedColumnOutput(pointer: bp.baseAddress)
                    let deviations = SharedColumnOutput(pointer: dp.baseAddress)
                    let blockStart = start
                    DispatchQueue.concurrentPerform(iterations: threads) { thread in
                        guard let out = shared.pointer, let deviation = deviations.pointer else { return }
                        for j in stride(from: thread, to: p, by: threads) {
                            let column = data.column(j)
                            let base = column.startIndex
                            let mean = columnMeans[j]
                            let target = out + j * count
                            if let rows {
                                for k in 0..<count { target[k] = column[base + rows[blockStart + k]] - mean }
                            } else {
                                for k in 0..<count { target[k] = column[base + blockStart + k] - mean }
                            }
                            deviation[j] = Correlation.sum(count) { target[$0] }
                        }
                    }
                }
            }
            for j in 0..<p { deviationSums[j] += blockDeviations[j] }
            buffer.withUnsafeBufferPointer { bp in
                product.withUnsafeMutableBufferPointer { cp in
                    cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, Int32(p), Int32(count), 1.0, bp.baseAddress, Int32(count),
                                1.0, cp.baseAddress, Int32(p))
                }
            }
            start += count
        }
        if used > 0 {
            let n = Double(used)
            for b in 0..<p {
                for a in 0...b { product[a + b * p] -= deviationSums[a] * deviationSums[b] / n }
            }
        }
        for a in 0..<p { for b in 0..<a { product[a + b * p] = product[b + a * p] } }
        return Matrix(rowCount: p, columnCount: p, columnMajorElements: product)
    }

    /// Sum of `value(0) ..< value(count)` with four accumulators (breaks the add latency chain and
    /// halves the rounding error growth of one running sum).
    @inline(__always)
    static func sum(_ count: Int, _ value: (Int) -> Double) -> Double {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var i = 0
        while i + 4 <= count {
            s0 += value(i); s1 += value(i + 1); s2 += value(i + 2); s3 += value(i + 3)
            i += 4
        }
        while i < count { s0 += value(i); i += 1 }
        return (s0 + s1) + (s2 + s3)
    }

    /// Covariance to correlation: c_ij / sqrt(c_ii c_jj), clamped to [-1, 1], unit diagonal.
    static func normalise(_ c: inout Matrix) {
        let p = c.rowCount
        let sd = (0..<p).map { c[$0, $0].squareRoot() }
        for a in 0..<p {
            for b in 0..<p {
                if sd[a] > 0 && sd[b] > 0 {
                    c[a, b] = a == b ? 1 : max(-1, min(1, c[a, b] / (sd[a] * sd[b])))
                } else {
                    c[a, b] = .nan
                }
            }
        }
    }

    /// Covariance or correlation of two complete series, two-pass.
    static func pairStatistic(_ x: [Double], _ y: [Double], correlation: Bool) -> Double {
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxx = 0.0, syy = 0.0, sxy = 0.0
        for (a, b) in zip(x, y) {
            let dx = a - mx, dy = b - my
            sxx += dx * dx; syy += dy * dy; sxy += dx * dy
        }
        if !correlation { return sxy / (n - 1) }
        guard sxx > 0 && syy > 0 else { return .nan }
        return max(-1, min(1, sxy / (sxx * syy).squareRoot()))
    }

    /// Ranks 1...n with ties given their average rank (R's `rank`, ties.method = "average").
    static func averageRanks(_ x: [Double]) -> [Double] {
        let order = x.indices.sorted { x[$0] < x[$1] }
        var ranks = [Double](repeating: 0, count: x.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && x[order[j + 1]] == x[order[i]] { j += 1 }
            let average = Double(i + j) / 2 + 1
            for k in i...j { ranks[order[k]] = average }
            i = j + 1
        }
        return ranks
    }
}

/// A pointer into an array that worker threads write at disjoint indices.
private struct SharedColumnOutput: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Double>?
}
