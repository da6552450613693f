/// Exact null distributions of the rank statistics, as counts of equally likely arrangements.
/// Counts are built by additions only, so they are exact integers while below 2^53 (n <= 50 for
/// the signed-rank statistic; C(n1 + n2, n1) < 2^53 for U) and accurate to rounding beyond.
public enum RankDistributions {
    /// counts[s] = the number of the 2^n sign assignments of the ranks 1...n whose positive ranks
    /// sum to s (Wilcoxon 1945; the recursion of scipy's `_get_wilcoxon_distr`).
    public static func signedRankCounts(n: Int) -> [Double] {
        let maximum = n * (n + 1) / 2
        var counts = Array(repeating: 0.0, count: maximum + 1)
        counts[0] = 1
        var reach = 0
        for rank in stride(from: 1, through: max(n, 0), by: 1) {
            reach += rank
            for s in stride(from: reach, through: rank, by: -1) { counts[s] += counts[s - rank] }
        }
        return counts
    }

    /// counts[u] = the number of the C(m + n, m) orderings of two samples of sizes m and n in which
    /// the first sample's Mann-Whitney statistic is u: the coefficients of the Gaussian binomial
    /// [m + n, m]_q, from c(i, j, u) = c(i - 1, j, u - j) + c(i, j - 1, u) (Mann & Whitney 1947).
    public static func mannWhitneyCounts(m: Int, n: Int) -> [Double] {
        let small = min(m, n), large = max(m, n)
        // previous[i] = c(i, j - 1, .) for i = 0...small; start with j = 0: one arrangement, u = 0.
        var previous: [[Double]] = Array(repeating: [1], count: small + 1)
        if large == 0 { return [1] }
        for j in 1...large {
            var current: [[Double]] = [[1]]  // c(0, j, .): u = 0 only.
            current.reserveCapacity(small + 1)
            if small >= 1 {
                for i in 1...small {
                    var counts = Array(repeating: 0.0, count: i * j + 1)
                    for (u, count) in current[i - 1].enumerated() { counts[u + j] += count }  // c(i - 1, j, u - j)
                    for (u, count) in previous[i].enumerated() { counts[u] += count }         // c(i, j - 1, u)
                    current.append(counts)
                }
            }
            previous = current
        }
        return previous[small]
    }

    /// P(S >= value) and P(S <= value) from counts (value clamped to the support).
    static func tails(_ counts: [Double], at value: Int) -> (upper: Double, lower: Double) {
        var total = 0.0, atLeast = 0.0, atMost = 0.0
        for index in counts.indices {
            let count = counts[index]
            total += count
            if index >= value { atLeast += count }
            if index <= value { atMost += count }
        }
        return (atLeast / total, atMost / total)
    }
}
