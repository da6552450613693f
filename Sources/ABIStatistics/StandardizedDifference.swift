/// Standardised mean differences (SMD) between groups, per variable, as R's tableone prints them
/// in a Table 1 (Yoshida & Bartel, tableone `StdDiff` and `StdDiffMulti`). Absolute values; one
/// per pair of groups (i < j, in the order given) and their mean, which tableone prints when there
/// are more than two groups.
///
/// (Named "standardized difference" as Austin 2009 does, apart from the effect size with a
/// confidence interval, ``StandardizedMeanDifference``, of `abikit compare`.)
public struct StandardizedDifferenceResult: Sendable, Equatable {
    /// A pair of groups (0-based indices, first < second) and its SMD; NaN when undefined.
    public struct Pair: Sendable, Equatable {
        public let first: Int
        public let second: Int
        public let value: Double
    }

    /// The pairwise SMDs in tableone's order: (0,1), (0,2), ..., (1,2), ...
    public let pairs: [Pair]
    /// Which formula: continuous (means and SDs) or categorical (Yang & Dalton multinomial).
    public let method: String

    /// The SMD tableone prints: the only pair's value for two groups, the mean of the pairwise
    /// values for more (NaN if any is NaN, as R's `mean`); nil with fewer than two groups.
    public var value: Double? {
        guard !pairs.isEmpty else { return nil }
        return pairs.reduce(0) { $0 + $1.value } / Double(pairs.count)
    }
}

public enum StandardizedDifference {
    /// Continuous variable: |m_i - m_j| / sqrt((s_i^2 + s_j^2) / 2), sample variances (n - 1),
    /// NaN and infinite values left out (tableone `StdDiff`, na.rm = TRUE; Austin 2009, Stat. Med.
    /// 28:3083, eq. 1). A group with fewer than 2 values, or two groups with no variance, give NaN.
    public static func continuous(_ groups: [[Double]]) -> StandardizedDifferenceResult {
        let moments = groups.map { group -> (mean: Double, variance: Double) in
            let values = group.filter(\.isFinite)
            guard !values.isEmpty else { return (.nan, .nan) }
            let mean = RepeatedMeasuresCorrelation.refinedMean(values)
            var squares = 0.0
            for value in values { squares += (value - mean) * (value - mean) }
            return (mean, values.count > 1 ? squares / Double(values.count - 1) : .nan)
        }
        var pairs: [StandardizedDifferenceResult.Pair] = []
        for i in groups.indices {
            for j in groups.indices where i < j {
                let pooled = ((moments[i].variance + moments[j].variance) / 2).squareRoot()
                let value = abs(moments[i].mean - moments[j].mean) / pooled
                pairs.append(.init(first: i, second: j, value: value.isFinite ? value : .nan))
            }
        }
        return StandardizedDifferenceResult(pairs: pairs, method: "continuous: |difference in means| / sqrt((s1^2 + s2^2) / 2)")
    }

    /// Categorical variable from counts[group][level] (missing values not counted): the
    /// multinomial SMD of Yang & Dalton (2012, SAS Global Forum paper 335), as tableone's
    /// `StdDiffMulti`: with p_i the level proportions of group i without the first level,
    /// T = p_i - p_j, S = (S_i + S_j) / 2 where S_g has p(1 - p) on the diagonal and -p_k p_l off
    /// it, SMD = sqrt(T' S^+ T) with S^+ the Moore-Penrose inverse (MASS::ginv: singular values
    /// below sqrt(machine epsilon) times the largest are dropped). With one level only, that level
    /// is kept (SMD 0). A group without counts gives NaN for its pairs.
    public static func categorical(_ counts: [[Int]]) -> StandardizedDifferenceResult {
        let levels = counts.map(\.count).max() ?? 0
        let proportions = counts.map { row -> [Double] in
            let total = Double(row.reduce(0, +))
            let full: [Double] = (0..<levels).map { (level: Int) -> Double in level < row.count ? Double(row[level]) / total : 0 }
            return levels > 1 ? Array(full.dropFirst()) : full
        }
        let m = max(levels - 1, levels == 1 ? 1 : 0)
        func covariance(_ p: [Double]) -> [[Double]] {
            var matrix = [[Double]](repeating: [Double](repeating: 0, count: m), count: m)
            for a in 0..<m {
                for b in 0..<m {
                    let value: Double = a == b ? p[a] * (1 - p[a]) : -(p[a] * p[b])
                    matrix[a][b] = value
                }
            }
            return matrix
        }
        var pairs: [StandardizedDifferenceResult.Pair] = []
        for i in counts.indices {
            for j in counts.indices where i < j {
                let pi = proportions[i], pj = proportions[j]
                guard m > 0, pi.allSatisfy(\.isFinite), pj.allSatisfy(\.isFinite) else {
                    pairs.append(.init(first: i, second: j, value: m == 0 ? 0 : .nan))
                    continue
                }
                let si = covariance(pi), sj = covariance(pj)
                var s = si
                for a in 0..<m { for b in 0..<m { s[a][b] = (si[a][b] + sj[a][b]) / 2 } }
                let t: [Double] = (0..<m).map { pi[$0] - pj[$0] }
                let squared = SymmetricEigen(s).pseudoInverseQuadraticForm(t)
                pairs.append(.init(first: i, second: j, value: max(squared, 0).squareRoot()))
            }
        }
        return StandardizedDifferenceResult(pairs: pairs, method: "categorical: Yang & Dalton (2012) multinomial SMD, Moore-Penrose inverse")
    }
}

/// Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations (Golub & Van Loan
/// 2013, sec. 8.5; accurate to a few ulps of the largest eigenvalue).
struct SymmetricEigen {
    var values: [Double]
    /// vectors[k] is the unit eigenvector of values[k].
    var vectors: [[Double]]

    init(_ matrix: [[Double]]) {
        let n = matrix.count
        var a = matrix
        var v = (0..<n).map { i in (0..<n).map { $0 == i ? 1.0 : 0.0 } }
        for _ in 0..<100 {
            var off = 0.0
            for p in 0..<n { for q in 0..<n where p != q { off += a[p][q] * a[p][q] } }
            if off == 0 { break }
            for p in 0..<n {
                for q in (p + 1)..<max(n, p + 1) where a[p][q] != 0 {
                    let theta = (a[q][q] - a[p][p]) / (2 * a[p][q])
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<n {
                        let akp = a[k][p], akq = a[k][q]
                        a[k][p] = c * akp - s * akq
                        a[k][q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = a[p][k], aqk = a[q][k]
                        a[p][k] = c * apk - s * aqk
                        a[q][k] = s * apk + c * aqk
                    }
                    for k in 0..<n {
                        let vkp = v[k][p], vkq = v[k][q]
                        v[k][p] = c * vkp - s * vkq
                        v[k][q] = s * vkp + c * vkq
                    }
                }
            }
        }
        values = (0..<n).map { a[$0][$0] }
        vectors = (0..<n).map { k in (0..<n).map { v[$0][k] } }
    }

    /// t' A^+ t with the Moore-Penrose inverse of MASS::ginv: eigenvalues with |lambda| at most
    /// sqrt(machine epsilon) times the largest |lambda| (and zero) are dropped.
    func pseudoInverseQuadraticForm(_ t: [Double]) -> Double {
        let largest = values.map(abs).max() ?? 0
        let tolerance = Double.ulpOfOne.squareRoot() * largest
        var sum = 0.0
        for (lambda, vector) in zip(values, vectors) where abs(lambda) > tolerance && lambda != 0 {
            var projection = 0.0
            for (a, b) in zip(vector, t) { projection += a * b }
            sum += projection * projection / lambda
        }
        return sum
    }
}
