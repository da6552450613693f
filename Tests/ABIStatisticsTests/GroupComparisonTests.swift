import ABIStatistics
import Testing

/// Guards of the Table 1 tests (their p-values are checked against scipy.stats end to end in
/// Tests/abikitTests/DescribeCommandTests.swift) and hand-checked small cases.
@Suite struct GroupComparisonTests {
    @Test func undefinedTestsReturnNilNeverNaN() {
        #expect(GroupComparison.welchT([1], [2, 3]) == nil, "a group with one value has no variance")
        #expect(GroupComparison.welchT([2, 2], [2, 2]) == nil, "zero variance everywhere")
        #expect(GroupComparison.welchT([1, .nan, 2], [.infinity, 3, 4]) != nil, "NaN and infinity are left out")
        #expect(GroupComparison.oneWayANOVA([[1, 2]]) == nil, "one group")
        #expect(GroupComparison.oneWayANOVA([[1, 1], [2, 2]]) == nil, "no within-group variation")
        #expect(GroupComparison.mannWhitneyU([], [1]) == nil)
        #expect(GroupComparison.mannWhitneyU([5, 5], [5, 5]) == nil, "all values tied")
        #expect(GroupComparison.kruskalWallis([[1, 2]]) == nil)
        #expect(GroupComparison.chiSquareIndependence([[3, 4]]) == nil, "one level")
        #expect(GroupComparison.chiSquareIndependence([[3, 0], [4, 0]]) == nil, "one group with counts")
        #expect(GroupComparison.fisherExact([[1, 2, 3], [1, 2, 3]]) == nil, "not 2 x 2")
    }

    @Test func handCheckedSmallCases() throws {
        // Fisher, [[3, 0], [0, 3]]: only the two extreme tables, each 1 / C(6, 3) = 0.05: p = 0.1.
        let fisher = try #require(GroupComparison.fisherExact([[3, 0], [0, 3]]))
        #expect(abs(fisher.pValue - 0.1) < 1e-14)
        // Welch with equal sizes and variances: t = (2 - 5) / sqrt(1/3 + 1/3), df = 4.
        let welch = try #require(GroupComparison.welchT([1, 2, 3], [4, 5, 6]))
        #expect(abs(welch.statistic - (-3 / (2.0 / 3).squareRoot())) < 1e-14)
        #expect(abs(welch.degreesOfFreedom[0] - 4) < 1e-12)
        // Chi-square on [[10, 20], [20, 10]]: expected 15 everywhere, chi2 = 4 * 25 / 15.
        let chi = try #require(GroupComparison.chiSquareIndependence([[10, 20], [20, 10]]))
        #expect(abs(chi.statistic - 100.0 / 15) < 1e-12)
        #expect(chi.notes.isEmpty)
    }
}
