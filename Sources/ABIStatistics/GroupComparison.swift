import RealModule

/// A finding about a group comparison that a reader of the table should see.
public enum GroupComparisonNote: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The Mann-Whitney normal approximation with fewer than 8 values in a group.
    case normalApproximationWithSmallGroups(smallestGroup: Int)
    /// Pearson's chi-square with expected counts below 5 (Cochran 1954): how many cells of how
    /// many, and the smallest expected count.
    case expectedCountBelowFive(cells: Int, of: Int, smallestExpected: Double)
    /// Fisher's exact test replaced the chi-square because of small expected counts.
    case fisherExactInsteadOfChiSquare
    /// Fisher's exact test was wanted (small expected counts) but the table is too large to enumerate.
    case fisherExactNotFeasible

    public var description: String {
        switch self {
        case .normalApproximationWithSmallGroups(let n):
            "normal approximation with \(n) values in a group (fewer than 8)"
        case .expectedCountBelowFive(let cells, let total, let smallest):
            "\(cells) of \(total) expected counts below 5 (smallest \(Self.twoDecimals(smallest))): the chi-square approximation is doubtful"
        case .fisherExactInsteadOfChiSquare:
            "expected counts below 5: Fisher's exact test instead of the chi-square"
        case .fisherExactNotFeasible:
            "expected counts below 5, and Fisher's exact test is not feasible for this table: chi-square p-value shown"
        }
    }

    static func twoDecimals(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
    }
}

/// The result of a test comparing groups: the statistic, its degrees of freedom and the p-value.
public struct GroupComparisonResult: Sendable, Equatable {
    /// The test's name as a footnote would give it ("Welch two-sample t test").
    public let test: String
    public let statistic: Double
    /// Degrees of freedom (Welch: fractional; F: numerator then denominator); empty for Fisher.
    public let degreesOfFreedom: [Double]
    /// Two-sided p-value.
    public let pValue: Double
    public let notes: [GroupComparisonNote]

    public init(test: String, statistic: Double, degreesOfFreedom: [Double], pValue: Double, notes: [GroupComparisonNote] = []) {
        self.test = test
        self.statistic = statistic
        self.degreesOfFreedom = degreesOfFreedom
        self.pValue = pValue
        self.notes = notes
    }
}

/// Tests between independent groups, as a publication "Table 1" uses them. NaN and infinite values
/// are left out. Every test returns nil when it is undefined (a group with too few values, zero
/// variance everywhere); a nil is shown as a blank p-value, never as NaN. References:
/// scipy.stats (ttest_ind(equal_var=False), f_oneway, mannwhitneyu(method="asymptotic"), kruskal,
/// chi2_contingency(correction=False), fisher_exact).
public enum GroupComparison {
    static func finite(_ values: [Double]) -> [Double] { values.filter(\.isFinite) }

    static func meanAndVariance(_ values: [Double]) -> (mean: Double, variance: Double) {
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        var correction = 0.0
        for value in values { correction += value - mean }
        let refined = mean + correction / n
        var squares = 0.0
        for value in values { squares += (value - refined) * (value - refined) }
        return (refined, values.count > 1 ? squares / (n - 1) : .nan)
    }

    /// Welch's two-sample t test (Welch 1947, Biometrika 34, 28-35): t = (m1 - m2) / sqrt(v1/n1 + v2/n2)
    /// on the Welch-Satterthwaite degrees of freedom. Needs 2 values per group and a nonzero variance.
    public static func welchT(_ first: [Double], _ second: [Double]) -> GroupComparisonResult? {
        let a = finite(first), b = finite(second)
        guard a.count >= 2, b.count >= 2 else { return nil }
        let (m1, v1) = meanAndVariance(a), (m2, v2) = meanAndVariance(b)
        let s1 = v1 / Double(a.count), s2 = v2 / Double(b.count)
        let se2 = s1 + s2
        guard se2 > 0 else { return nil }
        let t = (m1 - m2) / se2.squareRoot()
        let df = se2 * se2 / (s1 * s1 / Double(a.count - 1) + s2 * s2 / Double(b.count - 1))
        let p = 2 * StudentTDistribution(degreesOfFreedom: df).survival(abs(t))
        return GroupComparisonResult(test: "Welch two-sample t test", statistic: t, degreesOfFreedom: [df], pValue: min(p, 1))
    }

    /// One-way analysis of variance (Fisher): F = [SSB / (k - 1)] / [SSW / (N - k)]. Needs 2 groups
    /// with values, N > k, and a nonzero within-group sum of squares.
    public static func oneWayANOVA(_ groups: [[Double]]) -> GroupComparisonResult? {
        let samples = groups.map(finite).filter { !$0.isEmpty }
        let k = samples.count
        let total = samples.reduce(0) { $0 + $1.count }
        guard k >= 2, total > k else { return nil }
        let grand = meanAndVariance(samples.flatMap { $0 }).mean
        var between = 0.0, within = 0.0
        for sample in samples {
            let mean = meanAndVariance(sample).mean
            between += Double(sample.count) * (mean - grand) * (mean - grand)
            for value in sample { within += (value - mean) * (value - mean) }
        }
        guard within > 0 else { return nil }
        let df1 = Double(k - 1), df2 = Double(total - k)
        let f = (between / df1) / (within / df2)
        let p = FDistribution(numeratorDegreesOfFreedom: df1, denominatorDegreesOfFreedom: df2).survival(f)
        return GroupComparisonResult(test: "one-way ANOVA", statistic: f, degreesOfFreedom: [df1, df2], pValue: p)
    }

    /// Average ranks (1-based) of `values` and the tie term sum(t^3 - t) over groups of ties.
    static func ranks(_ values: [Double]) -> (ranks: [Double], tieTerm: Double) {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = Array(repeating: 0.0, count: values.count)
        var tieTerm = 0.0
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && values[order[end + 1]] == values[order[start]] { end += 1 }
            let average = Double(start + end) / 2 + 1
            for index in start...end { ranks[order[index]] = average }
            let t = Double(end - start + 1)
            tieTerm += t * t * t - t
            start = end + 1
        }
        return (ranks, tieTerm)
    }

    /// Mann-Whitney U test (Mann & Whitney 1947), normal approximation with tie correction and
    /// continuity correction, two-sided: U is the first sample's statistic; z = (|U - n1 n2 / 2| - 1/2) / sigma,
    /// sigma^2 = n1 n2 / 12 [(n + 1) - sum(t^3 - t) / (n (n - 1))]. As scipy.stats.mannwhitneyu with
    /// method "asymptotic" (no exact small-sample distribution: say so where n is small).
    public static func mannWhitneyU(_ first: [Double], _ second: [Double]) -> GroupComparisonResult? {
        let a = finite(first), b = finite(second)
        guard !a.isEmpty, !b.isEmpty else { return nil }
        let (ranks, tieTerm) = ranks(a + b)
        let n1 = Double(a.count), n2 = Double(b.count), n = n1 + n2
        let r1 = ranks[0..<a.count].reduce(0, +)
        let u = r1 - n1 * (n1 + 1) / 2
        let variance = n1 * n2 / 12 * ((n + 1) - tieTerm / (n * (n - 1)))
        guard variance > 0 else { return nil }
        let z = (abs(u - n1 * n2 / 2) - 0.5) / variance.squareRoot()
        let p = min(2 * NormalDistribution().survival(max(z, 0)), 1)
        var notes: [GroupComparisonNote] = []
        if a.count < 8 || b.count < 8 { notes.append(.normalApproximationWithSmallGroups(smallestGroup: min(a.count, b.count))) }
        return GroupComparisonResult(test: "Mann-Whitney U test (normal approximation, continuity corrected)",
                                     statistic: u, degreesOfFreedom: [], pValue: p, notes: notes)
    }

    /// Kruskal-Wallis H test (Kruskal & Wallis 1952) with the tie correction, chi-square on k - 1
    /// degrees of freedom; as scipy.stats.kruskal.
    public static func kruskalWallis(_ groups: [[Double]]) -> GroupComparisonResult? {
        let samples = groups.map(finite).filter { !$0.isEmpty }
        guard samples.count >= 2 else { return nil }
        let all = samples.flatMap { $0 }
        let n = Double(all.count)
        let (ranks, tieTerm) = ranks(all)
        var h = 0.0
        var offset = 0
        for sample in samples {
            let sum = ranks[offset..<(offset + sample.count)].reduce(0, +)
            h += sum * sum / Double(sample.count)
            offset += sample.count
        }
        h = 12 / (n * (n + 1)) * h - 3 * (n + 1)
        let correction = 1 - tieTerm / (n * n * n - n)
        guard correction > 0 else { return nil }
        h /= correction
        let df = Double(samples.count - 1)
        return GroupComparisonResult(test: "Kruskal-Wallis H test", statistic: h, degreesOfFreedom: [df],
                                     pValue: ChiSquaredDistribution(degreesOfFreedom: df).survival(h))
    }

    /// Pearson's chi-square test of independence on an r x c table of counts (rows: levels,
    /// columns: groups), without continuity correction; rows or columns with no counts are left out.
    /// As scipy.stats.chi2_contingency(correction=False). A note says when an expected count is below 5.
    public static func chiSquareIndependence(_ table: [[Int]]) -> GroupComparisonResult? {
        let rows = table.filter { $0.reduce(0, +) > 0 }
        guard let width = rows.first?.count, rows.allSatisfy({ $0.count == width }) else { return nil }
        let columns = (0..<width).filter { column in rows.reduce(0) { $0 + $1[column] } > 0 }
        guard rows.count >= 2, columns.count >= 2 else { return nil }
        let rowTotals = rows.map { row in Double(columns.reduce(0) { $0 + row[$1] }) }
        let columnTotals = columns.map { column in Double(rows.reduce(0) { $0 + $1[column] }) }
        let total = rowTotals.reduce(0, +)
        var chi2 = 0.0
        var smallCells = 0
        var smallest = Double.infinity
        for (i, row) in rows.enumerated() {
            for (j, column) in columns.enumerated() {
                let expected = rowTotals[i] * columnTotals[j] / total
                if expected < 5 { smallCells += 1 }
                smallest = min(smallest, expected)
                let difference = Double(row[column]) - expected
                chi2 += difference * difference / expected
            }
        }
        let df = Double((rows.count - 1) * (columns.count - 1))
        return GroupComparisonResult(test: "Pearson chi-square test", statistic: chi2, degreesOfFreedom: [df],
                                     pValue: ChiSquaredDistribution(degreesOfFreedom: df).survival(chi2),
                                     notes: smallCells > 0
                                        ? [.expectedCountBelowFive(cells: smallCells, of: rows.count * columns.count, smallestExpected: smallest)]
                                        : [])
    }

    /// Fisher's exact test on a 2 x 2 table [[a, b], [c, d]], two-sided: the sum of the
    /// hypergeometric probabilities of all tables with the same margins that are no more likely
    /// than the observed one (relative tolerance 1e-7, as scipy.stats.fisher_exact). The statistic
    /// is the sample odds ratio ad/bc (infinite when bc = 0, NaN when both are 0).
    public static func fisherExact(_ table: [[Int]]) -> GroupComparisonResult? {
        guard table.count == 2, table.allSatisfy({ $0.count == 2 }), table.joined().allSatisfy({ $0 >= 0 }) else { return nil }
        let a = table[0][0], b = table[0][1], c = table[1][0], d = table[1][1]
        let row1 = a + b, column1 = a + c, n = a + b + c + d
        guard n > 0 else { return nil }
        func logChoose(_ n: Int, _ k: Int) -> Double {
            Double.logGamma(Double(n + 1)) - Double.logGamma(Double(k + 1)) - Double.logGamma(Double(n - k + 1))
        }
        let logDenominator = logChoose(n, column1)
        func probability(_ x: Int) -> Double {
            Double.exp(logChoose(row1, x) + logChoose(n - row1, column1 - x) - logDenominator)
        }
        let low = max(0, column1 - (n - row1)), high = min(row1, column1)
        let observed = probability(a)
        var p = 0.0
        for x in low...high {
            let value = probability(x)
            if value <= observed * (1 + 1e-7) { p += value }
        }
        let odds = Double(a * d) / Double(b * c)
        return GroupComparisonResult(test: "Fisher's exact test", statistic: odds, degreesOfFreedom: [], pValue: min(p, 1))
    }
}
