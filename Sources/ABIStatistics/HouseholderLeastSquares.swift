/// Least squares min ||X b - y|| by Householder QR (Golub & Van Loan, Matrix Computations,
/// 4th ed., algorithms 5.1.1 and 5.3.2), never through the normal equations, with column
/// pivoting by norm for rank detection (Businger & Golub 1965).
///
/// Small dense problems only (a handful of columns); column-major storage.
struct HouseholderLeastSquares {
    /// Coefficients in the original column order (0 for columns dropped as rank deficient).
    let coefficients: [Double]
    /// (R^T R)^-1 in the original column order: the unscaled covariance of the coefficients.
    let unscaledCovariance: [Double]
    let residuals: [Double]
    let rank: Int
    let columns: Int
    /// Original indices of columns found linearly dependent (not estimated).
    let droppedColumns: [Int]

    /// - Precondition: design.count == rows * columns, y.count == rows.
    init(design: [Double], rows: Int, columns: Int, response y: [Double]) {
        precondition(design.count == rows * columns && y.count == rows)
        var a = design
        var qty = y
        var permutation = Array(0..<columns)
        var norms = (0..<columns).map { column in
            var sum = 0.0
            for row in 0..<rows { sum += a[column * rows + row] * a[column * rows + row] }
            return sum.squareRoot()
        }
        let originalNorms = norms
        var rank = 0
        let steps = min(rows, columns)
        var diagonal = [Double](repeating: 0, count: columns)
        for k in 0..<steps {
            // Pivot: the remaining column with the largest norm below row k.
            var best = k
            for j in k..<columns {
                var sum = 0.0
                for row in k..<rows { sum += a[j * rows + row] * a[j * rows + row] }
                norms[j] = sum.squareRoot()
                if norms[j] > norms[best] { best = j }
            }
            if best != k {
                for row in 0..<rows { a.swapAt(k * rows + row, best * rows + row) }
                permutation.swapAt(k, best)
                norms.swapAt(k, best)
            }
            let scaleReference = originalNorms[permutation[k]]
            if norms[k] <= 1e-12 * max(scaleReference, Double.leastNormalMagnitude) || norms[k] == 0 { break }
            // Householder vector v with v[k] = 1 stored implicitly in column k.
            let alpha = a[k * rows + k] >= 0 ? -norms[k] : norms[k]
            let v0 = a[k * rows + k] - alpha
            for row in (k + 1)..<max(rows, k + 1) { a[k * rows + row] /= v0 }
            let beta = -v0 / alpha
            a[k * rows + k] = alpha
            diagonal[k] = alpha
            for j in (k + 1)..<max(columns, k + 1) {
                var dot = a[j * rows + k]
                for row in (k + 1)..<rows { dot += a[k * rows + row] * a[j * rows + row] }
                dot *= beta
                a[j * rows + k] -= dot
                for row in (k + 1)..<rows { a[j * rows + row] -= dot * a[k * rows + row] }
            }
            var dot = qty[k]
            for row in (k + 1)..<rows { dot += a[k * rows + row] * qty[row] }
            dot *= beta
            qty[k] -= dot
            for row in (k + 1)..<rows { qty[row] -= dot * a[k * rows + row] }
            rank += 1
        }
        // Back substitution on the leading rank x rank block of R.
        var solution = [Double](repeating: 0, count: rank)
        for i in stride(from: rank - 1, through: 0, by: -1) {
            var sum = qty[i]
            for j in (i + 1)..<max(rank, i + 1) { sum -= a[j * rows + i] * solution[j] }
            solution[i] = sum / a[i * rows + i]
        }
        // R^-1 (upper triangular), then (R^T R)^-1 = R^-1 R^-T.
        var inverse = [Double](repeating: 0, count: rank * rank)
        for column in 0..<rank {
            inverse[column * rank + column] = 1 / a[column * rows + column]
            for i in stride(from: column - 1, through: 0, by: -1) {
                var sum = 0.0
                for j in (i + 1)...column { sum += a[j * rows + i] * inverse[column * rank + j] }
                inverse[column * rank + i] = -sum / a[i * rows + i]
            }
        }
        var coefficients = [Double](repeating: 0, count: columns)
        var covariance = [Double](repeating: 0, count: columns * columns)
        for i in 0..<rank {
            coefficients[permutation[i]] = solution[i]
            for j in 0..<rank {
                var sum = 0.0
                for k in max(i, j)..<rank { sum += inverse[k * rank + i] * inverse[k * rank + j] }
                covariance[permutation[j] * columns + permutation[i]] = sum
            }
        }
        var residuals = y
        for row in 0..<rows {
            var fitted = 0.0
            for column in 0..<columns { fitted += design[column * rows + row] * coefficients[column] }
            residuals[row] = y[row] - fitted
        }
        self.coefficients = coefficients
        self.unscaledCovariance = covariance
        self.residuals = residuals
        self.rank = rank
        self.columns = columns
        self.droppedColumns = permutation[rank...].sorted()
        _ = diagonal
    }
}
