import ABIStatistics
import Foundation
import Testing
import TestSupport

/// Edge cases of the correlation tests, rmcorr, Fisher's exact test, SMDs, cohort slopes and the
/// short-series note; Fisher's network search against plain enumeration of every table.
@Suite struct BesideEdgeCaseTests {
    @Test func correlationTestGuards() throws {
        let two = CorrelationInference.test(coefficient: 1, count: 2, kind: .pearson)
        #expect(two.pValue == nil && two.tStatistic == nil && two.confidenceInterval() == nil)
        #expect(two.notes.contains(.tooFewForTest(degreesOfFreedom: 0)))
        let three = CorrelationInference.test(coefficient: 0.5, count: 3, kind: .spearman)
        #expect(three.pValue != nil && three.confidenceInterval() == nil)
        #expect(three.notes.contains(.tooFewForInterval(degreesOfFreedom: 1)))
        // n = 3, r = 0.5: t = 0.5 sqrt(1 / 0.75) on 1 df; P(|T1| > t) = 1 - 2 atan(t) / pi.
        let t = 0.5 * (1 / 0.75).squareRoot()
        #expect(abs(try #require(three.pValue) - (1 - 2 * atan(t) / Double.pi)) < 1e-14)
        let undefined = CorrelationInference.test(coefficient: .nan, count: 10, kind: .pearson)
        #expect(undefined.pValue == nil && undefined.notes == [.undefinedCoefficient])
        let perfect = CorrelationInference.test(coefficient: -1, count: 6, kind: .pearson)
        #expect(perfect.pValue == 0 && perfect.tStatistic == -.infinity)
        #expect(perfect.confidenceInterval() == ConfidenceInterval(lower: -1, upper: -1, level: 0.95))
        let zero = CorrelationInference.test(coefficient: 0, count: 20, kind: .pearson)
        #expect(zero.pValue == 1)
        let interval = try #require(zero.confidenceInterval(level: 0.9))
        #expect(abs(interval.lower + interval.upper) < 1e-15, "symmetric about 0")
    }

    @Test func repeatedMeasuresCorrelationGuards() {
        let empty = RepeatedMeasuresCorrelation.compute(subjects: [String](), x: [], y: [])
        #expect(empty.count == 0 && empty.coefficient.isNaN && empty.pValue == nil)
        // No variation within subjects: undefined, not NaN p.
        let flat = RepeatedMeasuresCorrelation.compute(subjects: ["a", "a", "b", "b"], x: [1, 1, 2, 2], y: [3, 4, 5, 6])
        #expect(flat.coefficient.isNaN && flat.pValue == nil && flat.notes.contains(.undefinedCoefficient))
        // Shifting a subject's x and y leaves r_rm unchanged (between-subject differences are removed).
        let x = [1.0, 2, 3, 1, 2, 4, 2, 3, 3.5], y = [2.0, 2.5, 4, 1, 3, 4, 2, 2, 5]
        let subjects = ["a", "a", "a", "b", "b", "b", "c", "c", "c"]
        let base = RepeatedMeasuresCorrelation.compute(subjects: subjects, x: x, y: y)
        let shifted = RepeatedMeasuresCorrelation.compute(
            subjects: subjects, x: x.enumerated().map { $1 + ($0 >= 3 ? 100 : 0) }, y: y.enumerated().map { $1 - ($0 >= 6 ? 50 : 0) })
        #expect(abs(base.coefficient - shifted.coefficient) < 1e-12)
        #expect(base.degreesOfFreedom == 9 - 3 - 1 && base.subjectCount == 3)
        // Infinite and NaN rows are left out.
        let withGaps = RepeatedMeasuresCorrelation.compute(subjects: subjects + ["c", "d"], x: x + [.infinity, 1], y: y + [1, .nan])
        #expect(withGaps.coefficient == base.coefficient && withGaps.count == 9)
    }

    @Test func smdGuards() {
        #expect(StandardizedDifference.continuous([[1, 2, 3]]).value == nil, "one group")
        #expect(StandardizedDifference.continuous([[1], [2, 3]]).pairs[0].value.isNaN, "one value: no SD")
        #expect(StandardizedDifference.continuous([[2, 2], [2, 2]]).pairs[0].value.isNaN, "0 / 0")
        let continuous = StandardizedDifference.continuous([[1, 3], [3, 5]]).value ?? .nan
        #expect(abs(continuous - 2.0.squareRoot()) < 1e-15, "|2 - 4| / sqrt((2 + 2) / 2)")
        // Binary: |p1 - p2| / sqrt((p1 q1 + p2 q2) / 2).
        let binary = StandardizedDifference.categorical([[6, 4], [3, 7]])
        let expected = 0.3 / ((0.4 * 0.6 + 0.7 * 0.3) / 2).squareRoot()
        #expect(abs(binary.pairs[0].value - expected) < 1e-14)
        #expect(StandardizedDifference.categorical([[5], [7]]).value == 0, "one level")
        #expect(StandardizedDifference.categorical([[0, 0], [3, 4]]).pairs[0].value.isNaN, "a group without counts")
        #expect(StandardizedDifference.categorical([[4, 6], [4, 6]]).value == 0, "same proportions")
    }

    @Test func cohortSlopeGuards() throws {
        let none = CohortSlopeSummary.summarize([.nan])
        #expect(none.count == 0 && none.meanSlope == nil && none.confidenceInterval() == nil)
        let one = CohortSlopeSummary.summarize([0.5])
        #expect(one.meanSlope == 0.5 && one.confidenceInterval() == nil)
        let constant = try #require(CohortSlopeSummary.summarize([0.2, 0.2, 0.2]).confidenceInterval())
        #expect(constant.lower == 0.2 && constant.upper == 0.2)
    }

    @Test(arguments: [(1, false), (2, true), (3, true), (4, true), (5, false), (12, false)])
    func shortSeriesCarryTheSignificanceNote(count: Int, noted: Bool) {
        let times = (0..<count).map(Double.init)
        let values = times.map { 1 + 0.1 * $0 }
        let mk = Trend.mannKendall(times: times, values: values)
        let ts = Trend.theilSen(times: times, values: values)
        #expect((mk.significanceNote != nil) == noted)
        #expect((ts.significanceNote != nil) == noted)
        if noted { #expect(mk.significanceNote == .tooFewPointsForSignificance(count: count)) }
        if noted { #expect(mk.significanceNote?.description.contains("2/\(count)!") == true) }
    }

    /// Every table with the margins of `table`, by plain recursion: the two-sided p-value with the
    /// same tolerance (an independent check of the network search and its bounds).
    static func enumeratedFisherP(_ table: [[Int]]) -> Double {
        let rows = table.map { $0.reduce(0, +) }, columns = (0..<table[0].count).map { j in table.reduce(0) { $0 + $1[j] } }
        let n = rows.reduce(0, +)
        func logFactorial(_ k: Int) -> Double { lgamma(Double(k + 1)) }
        let constant = rows.map(logFactorial).reduce(0, +) + columns.map(logFactorial).reduce(0, +) - logFactorial(n)
        let observed = table.joined().map(logFactorial).reduce(0, +)
        var p = 0.0
        var remaining = rows
        func column(_ j: Int, _ i: Int, _ left: Int, _ cost: Double) {
            if j == columns.count { if cost >= observed - 3.45254e-7 { p += exp(constant - cost) }; return }
            if i == rows.count - 1 {
                guard left <= remaining[i] else { return }
                remaining[i] -= left
                column(j + 1, 0, j + 1 < columns.count ? columns[j + 1] : 0, cost + logFactorial(left))
                remaining[i] += left
                return
            }
            for x in 0...min(left, remaining[i]) {
                remaining[i] -= x
                column(j, i + 1, left - x, cost + logFactorial(x))
                remaining[i] += x
            }
        }
        column(0, 0, columns[0], 0)
        return p
    }

    @Test func fisherNetworkSearchAgreesWithFullEnumeration() throws {
        var generator = SplitMix64(seed: 20261205)
        for trial in 0..<60 {
            let r = 2 + Int(generator.next() % 2), c = 2 + Int(generator.next() % 3)
            var table = (0..<r).map { _ in (0..<c).map { _ in Int(generator.next() % 5) } }
            table[0][0] += 1
            table[r - 1][c - 1] += 1
            guard table.allSatisfy({ $0.reduce(0, +) > 0 }),
                  (0..<c).allSatisfy({ j in table.reduce(0) { $0 + $1[j] } > 0 }) else { continue }
            guard case .computed(let result) = GroupComparison.fisherExact(contingencyTable: table) else {
                Issue.record("trial \(trial): not computed"); continue
            }
            if r == 2 && c == 2 { continue }  // the 2 x 2 branch has R's own tolerance
            let expected = Self.enumeratedFisherP(table)
            #expect(abs(result.pValue - expected) <= 1e-11 * max(expected, 1e-300) + 1e-15, "\(table): \(result.pValue) vs \(expected)")
        }
    }

    @Test func fisherGuardsAndFeasibility() {
        #expect(GroupComparison.fisherExact(contingencyTable: [[3, 4, 5]]) == .undefined, "one row")
        #expect(GroupComparison.fisherExact(contingencyTable: [[3, 0], [4, 0]]) == .undefined, "one column with counts")
        #expect(GroupComparison.fisherExact(contingencyTable: [[1, -1], [2, 3]]) == .undefined)
        #expect(GroupComparison.fisherExact(contingencyTable: []) == .undefined)
        let big = (0..<6).map { i in (0..<6).map { j in 8 + (i * 7 + j * 3) % 11 } }
        if case .notFeasible = GroupComparison.fisherExact(contingencyTable: big, workLimit: 10_000) {} else {
            Issue.record("a 6 x 6 table of 500 counts should exceed a work limit of 10,000")
        }
        // Empty rows and columns are left out: the same p as the table without them.
        let padded = GroupComparison.fisherExact(contingencyTable: [[2, 0, 3, 1], [0, 0, 0, 0], [4, 0, 1, 0], [0, 0, 2, 5]])
        let plain = GroupComparison.fisherExact(contingencyTable: [[2, 3, 1], [4, 1, 0], [0, 2, 5]])
        guard case .computed(let a) = padded, case .computed(let b) = plain else { Issue.record("not computed"); return }
        #expect(a.pValue == b.pValue, "summed in the same (sorted) order")
    }

    @Test func table1CategoricalTestChoosesFisherWhenExpectedCountsAreSmall() throws {
        let large = try #require(GroupComparison.categoricalAssociation([[30, 20, 25], [22, 28, 26]]))
        #expect(large.test == "Pearson chi-square test" && large.notes.isEmpty)
        let small = try #require(GroupComparison.categoricalAssociation([[2, 0, 3], [1, 4, 1], [0, 2, 5]]))
        #expect(small.test == "Fisher's exact test")
        #expect(small.notes.contains(.fisherExactInsteadOfChiSquare))
        #expect(small.notes.contains { if case .expectedCountBelowFive(let cells, let of, _) = $0 { cells == 9 && of == 9 } else { false } })
        let infeasible = try #require(GroupComparison.categoricalAssociation([[2, 0, 3], [1, 4, 1], [0, 2, 5]], workLimit: 1))
        #expect(infeasible.test == "Pearson chi-square test" && infeasible.notes.contains(.fisherExactNotFeasible))
    }
}

