@testable import ABIBatch
import Testing

struct CorrelationCase: Sendable, CustomTestStringConvertible {
    let key: String
    let statistic: String
    let missing: MissingValueHandling
    var testDescription: String { key }
}

/// pandas DataFrame.corr/cov (pairwise) and numpy corrcoef/cov or pandas on dropna() (listwise):
/// exact algorithms on both sides, 1e-10 relative.
@Test(arguments: [
    CorrelationCase(key: "pearson_pairwise", statistic: "pearson", missing: .pairwise),
    CorrelationCase(key: "spearman_pairwise", statistic: "spearman", missing: .pairwise),
    CorrelationCase(key: "covariance_pairwise", statistic: "covariance", missing: .pairwise),
    CorrelationCase(key: "pearson_listwise", statistic: "pearson", missing: .listwise),
    CorrelationCase(key: "spearman_listwise", statistic: "spearman", missing: .listwise),
    CorrelationCase(key: "covariance_listwise", statistic: "covariance", missing: .listwise),
])
func correlationMatricesMatchPandasAndNumpy(_ reference: CorrelationCase) throws {
    let fixture = try jsonFixture("batch_correlation_reference.json")
    let data = Matrix(rows: numberRows(fixture["data"]))
    let expected = numberRows(fixture[reference.key])
    let result: CorrelationMatrixResult
    switch reference.statistic {
    case "covariance": result = try Correlation.covariance(data.view, missing: reference.missing)
    case "spearman": result = try Correlation.correlation(data.view, method: .spearman, missing: reference.missing)
    default: result = try Correlation.correlation(data.view, method: .pearson, missing: reference.missing)
    }
    for (i, row) in expected.enumerated() {
        expectClose(result.values.row(i), row, tolerance: 1e-10, "\(reference.key) row \(i)")
    }
    if reference.missing == .pairwise {
        let counts = (fixture["pairwise_counts"] as? [[Int]]) ?? []
        #expect(result.pairCounts == counts)
    } else {
        let rows = fixture["listwise_rows"] as? Int ?? -1
        #expect(result.pairCounts.allSatisfy { $0.allSatisfy { $0 == rows } })
        #expect(result.notes.contains(.rowsDroppedListwise(count: data.rowCount - rows)))
    }
}

@Test func completeDataOverSeveralBlocksAgreesWithPairFormula() throws {
    // 600 columns: blocks of (1 << 22) / 600 = 6990 rows, so 7500 rows span two DSYRK blocks.
    let n = 7500, p = 600
    var data = Matrix(rowCount: n, columnCount: p)
    data.withUnsafeMutableElements { elements in
        for j in 0..<p {
            for i in 0..<n { elements[i + j * n] = Double((i &* 7919 &+ j &* 104_729 &+ i &* i) % 1_000_003) / 1000 + 1e6 * Double(j % 7) }
        }
    }
    let result = try Correlation.correlation(data.view)
    #expect(result.method.contains("DSYRK"))
    for (a, b) in [(0, 1), (3, 599), (550, 551), (7, 14)] {
        #expect(result.values[a, a] == 1)
        let x = Array(data.column(a)), y = Array(data.column(b))
        let r = Correlation.pairStatistic(x, y, correlation: true)
        #expect(abs(result.values[a, b] - r) < 1e-13)
    }
    let covariance = try Correlation.covariance(data.view)
    let x = Array(data.column(5))
    expectClose(covariance.values[5, 5], Correlation.pairStatistic(x, x, correlation: false), tolerance: 1e-13, "variance")
}

@Test func constantColumnGivesNaNCorrelationAndANote() throws {
    let data = Matrix(columns: [[1, 2, 3, 4], [5, 5, 5, 5], [2, 1, 4, 3]])
    let result = try Correlation.correlation(data.view)
    #expect(result.values[0, 1].isNaN && result.values[1, 1].isNaN)
    #expect(abs(result.values[0, 2] - 0.6) < 1e-15)
    #expect(result.notes.contains(.constantColumns([1])))
    let covariance = try Correlation.covariance(data.view)
    #expect(covariance.values[1, 1] == 0)
}

@Test func tooFewRowsLeaveEntriesUndefined() throws {
    let one = try Correlation.correlation(Matrix(rows: [[1, 2]]).view)
    #expect(one.values.elements.allSatisfy { $0.isNaN })
    let sparse = try Correlation.correlation(Matrix(rows: [[1, .nan], [2, 3], [.nan, 4], [3, .nan]]).view)
    #expect(sparse.pairCounts[0][1] == 1)
    #expect(sparse.values[0, 1].isNaN)
    #expect(sparse.notes.contains(.pairsWithTooFewRows))
    #expect(throws: BatchError.emptyDesign) { try Correlation.correlation(Matrix(rowCount: 3, columnCount: 0).view) }
}

@Test func spearmanGivesTiesTheirAverageRank() throws {
    let result = try Correlation.correlation(Matrix(columns: [[1, 2, 2, 3], [10, 20, 30, 40]]).view, method: .spearman)
    // ranks (1, 2.5, 2.5, 4) vs (1, 2, 3, 4): r = 4.5 / sqrt(4.5 * 5)
    #expect(abs(result.values[0, 1] - 4.5 / (4.5 * 5).squareRoot()) < 1e-15)
}

@Test func infiniteValuesAreNotMissingAndPoisonTheirEntries() throws {
    let data = Matrix(columns: [[1, 2, .infinity, 4], [2, 1, 4, 3], [1, 3, 2, 5]])
    let result = try Correlation.correlation(data.view)
    #expect(result.pairCounts[0][1] == 4)
    #expect(!result.values[0, 1].isFinite)
    #expect(result.values[1, 2].isFinite)
}

@Test func pairwiseMomentsStayAccurateWhenMissingnessShiftsAPairsMean() throws {
    // Column 0 has a level shift of 1e6 in the rows where column 1 is missing, so the pair (0, 1)
    // uses rows far from column 0's overall mean: compare with the per-pair two-pass formula.
    var generator = Xoshiro256StarStar(seed: 8)
    let n = 2000
    let noise = (0..<n).map { _ in Double(generator.below(1_000_000)) / 1_000_000 }
    let a = (0..<n).map { i in (i < n / 2 ? 0 : 1e6) + noise[i] }
    let b = (0..<n).map { i in i < n / 2 ? noise[i] * 3 + Double(generator.below(1000)) / 1000 : .nan }
    let result = try Correlation.correlation(Matrix(columns: [a, b]).view)
    let rows = 0..<(n / 2)
    let direct = Correlation.pairStatistic(rows.map { a[$0] }, rows.map { b[$0] }, correlation: true)
    #expect(result.pairCounts[0][1] == n / 2)
    #expect(abs(result.values[0, 1] - direct) <= 1e-12 * abs(direct))
    #expect(result.notes.contains(.pairsRecomputed(count: 1)))
}

/// Both pairwise paths (few missing: totals minus corrections; many: masked products) against the
/// per-pair two-pass formula on the pair's own rows.
@Test(arguments: [0.02, 0.2])
func pairwiseMomentsMatchPerPairTwoPass(_ missingRate: Double) throws {
    var generator = Xoshiro256StarStar(seed: 31)
    func uniform() -> Double { Double(generator.next() >> 11) / 9_007_199_254_740_992.0 }
    let n = 300, p = 5
    var columns = (0..<p).map { j in (0..<n).map { _ in uniform() * Double(j + 1) + 10 * Double(j) } }
    for j in 0..<p { for i in 0..<n where uniform() < missingRate { columns[j][i] = .nan } }
    let data = Matrix(columns: columns)
    let correlation = try Correlation.correlation(data.view)
    let covariance = try Correlation.covariance(data.view)
    for a in 0..<p {
        for b in 0..<p {
            let rows = (0..<n).filter { !columns[a][$0].isNaN && !columns[b][$0].isNaN }
            #expect(correlation.pairCounts[a][b] == rows.count)
            let x = rows.map { columns[a][$0] }, y = rows.map { columns[b][$0] }
            let r = a == b ? 1 : Correlation.pairStatistic(x, y, correlation: true)
            expectClose(correlation.values[a, b], r, tolerance: 1e-12, "r[\(a),\(b)]")
            expectClose(covariance.values[a, b], Correlation.pairStatistic(x, y, correlation: false), tolerance: 1e-12, "cov[\(a),\(b)]")
        }
    }
    #expect(correlation.method.contains(missingRate < 0.05 ? "corrections from the missing entries" : "presence masks"))
}
