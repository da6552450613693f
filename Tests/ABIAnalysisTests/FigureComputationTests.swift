@testable import ABIAnalysis
import ABICore
import ABIIO
import Testing

/// The numbers behind the figures, against hand calculations from the cited rules.
@Suite struct FigureComputationTests {
    static func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-12) -> Bool {
        abs(a - b) <= tolerance * max(1, abs(a), abs(b))
    }

    // MARK: abi-distribution

    @Test func histogramBinsAreRightClosedHundredthsWithCutOffsOnEdges() {
        let values = [0.90, 0.91, 0.95, 1.00, 1.40, 1.41, .nan, .infinity]
        let result = ABIDistributionFigure.compute(values: values, measure: "patient ABI")
        // Hundredths 90..141: width 1 needs 52 bins (> 40), width 2 needs ceil(141/2) - ceil(90/2) + 1 = 27.
        #expect(result.binWidthHundredths == 2)
        #expect(result.bins.count == 27)
        #expect(result.bins.first == .init(lowerExclusiveHundredths: 88, upperInclusiveHundredths: 90, count: 1))
        #expect(result.bins.last == .init(lowerExclusiveHundredths: 140, upperInclusiveHundredths: 142, count: 1))
        let counts = Dictionary(uniqueKeysWithValues: result.bins.map { ($0.upperInclusiveHundredths, $0.count) })
        #expect(counts[92] == 1 && counts[96] == 1 && counts[100] == 1 && counts[140] == 1 && counts[94] == 0)
        #expect(result.bins.map(\.count).reduce(0, +) == 6 && result.count == 6)
        #expect(result.notes == [.nonFiniteValuesOmitted(column: "patient ABI", count: 2)])
        // AHA/ACC: abnormal <= 0.90, borderline 0.91-0.99, normal 1.00-1.40, noncompressible > 1.40.
        #expect(result.categoryCounts.map(\.count) == [1, 2, 2, 1])
        #expect(result.categoryCounts.map(\.category) == [.abnormal, .borderline, .normal, .noncompressible])
    }

    @Test func histogramOfOneValueAndOfNothing() {
        let one = ABIDistributionFigure.compute(values: [1.05, 1.05, 1.05], measure: "ABI")
        #expect(one.binWidthHundredths == 1 && one.bins == [.init(lowerExclusiveHundredths: 104, upperInclusiveHundredths: 105, count: 3)])
        let none = ABIDistributionFigure.compute(values: [.nan], measure: "ABI")
        #expect(none.bins.isEmpty && none.count == 0)
        #expect(none.notes == [.nonFiniteValuesOmitted(column: "ABI", count: 1), .noData])
        let zero = ABIDistributionFigure.compute(values: [0, 0.5], measure: "ABI")
        #expect(zero.bins.first?.upperInclusiveHundredths == 0 && zero.bins.first?.count == 1)
    }

    @Test func noncompressiblePatientsWithoutAnABIHaveTheirOwnNote() {
        let result = ABIDistributionFigure.compute(values: [.nan, .nan, 0.8], categories: ["noncompressible", "", "abnormal"], measure: "ABI")
        #expect(result.notes == [.nonFiniteValuesOmitted(column: "ABI", count: 1), .noncompressibleWithoutABI(count: 1)])
    }

    @Test func legacyNoncompressibleThresholdMovesTheBand() {
        var options = ScoringOptions()
        options.noncompressibleThreshold = .above130
        let result = ABIDistributionFigure.compute(values: [1.35], measure: "ABI", options: options)
        #expect(result.normalAtOrBelowHundredths == 130)
        #expect(result.categoryCounts.first { $0.category == .noncompressible }?.count == 1)
    }

    // MARK: categories

    @Test func categoryAndSeverityCountsPerGroup() {
        let result = CategoryCountsFigure.compute(
            categories: ["abnormal", "normal", "", "noncompressible", "abnormal", "bogus"],
            severities: ["mild", "", "", "", "severe", ""],
            groups: ["A", "B", "A", "A", "", "B"])
        #expect(result.groups == ["A", "B", "(missing)"])
        // Order: abnormal, borderline, normal, noncompressible.
        #expect(result.categoryCounts == [[1, 0, 0, 1], [0, 0, 1, 0], [1, 0, 0, 0]])
        #expect(result.uncategorised == [1, 1, 0])
        #expect(result.severities == [.severe, .mild])
        #expect(result.severityCounts == [[0, 1], [0, 0], [1, 0]])
    }

    @Test func perLegCategoriesFollowTheScoringRules() {
        // Conventional severity: mild 0.70-0.90, moderate 0.40-0.69, severe < 0.40.
        let result = CategoryCountsFigure.computeLegs(abiLeft: [0.85, 1.45, .nan, 0.905], abiRight: [0.39, 0.95, 1.0, 0.40])
        #expect(result.groups == ["left leg", "right leg"])
        // 0.905 rounds half up to 0.91: borderline.
        #expect(result.categoryCounts == [[1, 1, 0, 1], [2, 1, 1, 0]])
        #expect(result.uncategorised == [1, 0])
        #expect(result.severities == [.severe, .moderate, .mild])
        #expect(result.severityCounts == [[0, 0, 1], [1, 1, 0]])
    }

    // MARK: means, trajectories

    @Test func meanIntervalByHand() {
        // mean 2.5, s = sqrt(5/3), se = s / 2; t(0.975, 3) = 3.182446305284263 (tables; scipy t.ppf).
        let interval = MeanWithInterval([1, 2, 3, 4])
        let halfWidth = 3.182446305284263 * (5.0 / 3).squareRoot() / 2
        #expect(interval.count == 4 && interval.mean == 2.5)
        #expect(Self.close(interval.lower!, 2.5 - halfWidth, 1e-10) && Self.close(interval.upper!, 2.5 + halfWidth, 1e-10))
        let single = MeanWithInterval([7])
        #expect(single.mean == 7 && single.lower == nil)
        let constant = MeanWithInterval([0.9, 0.9, 0.9])
        #expect(constant.lower == 0.9 && constant.upper == 0.9)
        #expect(MeanWithInterval([]).mean.isNaN)
    }

    static let trajectoryRows: [(String, Double, Double, String)] = [
        ("s1", 0, 1.0, "A"), ("s1", 6, 1.2, "A"), ("s2", 0, 0.8, "A"), ("s2", 6, .nan, "A"),
        ("s3", 6, 0.5, "B"), ("s3", 0, 0.7, "B"), ("", 0, 0.9, "B"), ("s4", .infinity, 0.9, "B"),
    ]

    static func trajectories(_ rows: [(String, Double, Double, String)], maximum: Int = 200, seed: UInt64 = 1) -> TrajectoriesResult {
        TrajectoriesFigure.compute(subjects: rows.map(\.0), times: rows.map(\.1), values: rows.map(\.2), groups: rows.map(\.3),
                                   measure: "abi", timeLabel: "month", maximumSubjects: maximum, seed: seed)
    }

    @Test func trajectoriesMeansAndLines() {
        let result = Self.trajectories(Self.trajectoryRows)
        #expect(result.groups.map(\.name) == ["A", "B"])
        #expect(result.groups.map(\.subjectCount) == [2, 1])
        let a = result.groups[0].means
        #expect(a.map(\.time) == [0, 6])
        #expect(Self.close(a[0].mean.mean, 0.9) && a[0].mean.count == 2)
        // (1.0, 0.8): s = 0.1414..., t(0.975, 1) = 12.706204736174698.
        #expect(Self.close(a[0].mean.upper!, 0.9 + 12.706204736174698 * 0.02.squareRoot() / 2.0.squareRoot(), 1e-10))
        #expect(a[1].mean.mean == 1.2 && a[1].mean.lower == nil)
        // Lines sorted by group then subject; points in time order.
        #expect(result.lines.map(\.subject) == ["s1", "s2", "s3"])
        #expect(result.lines[2].points == [.init(time: 0, value: 0.7), .init(time: 6, value: 0.5)])
        #expect(result.notes == [.missingValuesOmitted(column: "subject", count: 1), .nonFiniteValuesOmitted(column: "month", count: 1),
                                 .nonFiniteValuesOmitted(column: "abi", count: 1)])
    }

    @Test func subjectSampleIsDeterministicAndOrderFree() {
        var rows: [(String, Double, Double, String)] = []
        for s in 0..<300 { for t in 0..<3 { rows.append(("P\(s)", Double(t), Double(s % 7) + Double(t), s % 2 == 0 ? "A" : "B")) } }
        let result = Self.trajectories(rows, maximum: 25, seed: 42)
        #expect(result.lines.count == 25 && result.subjectCount == 300)
        #expect(result.notes == [.subjectsSampled(shown: 25, total: 300, seed: 42)])
        // Means come from every subject: group A at time 0 averages s % 7 over even s < 300.
        let evens = stride(from: 0, to: 300, by: 2).map { Double($0 % 7) }
        #expect(Self.close(result.groups[0].means[0].mean.mean, evens.reduce(0, +) / Double(evens.count)))
        let reversed = Self.trajectories(rows.reversed(), maximum: 25, seed: 42)
        #expect(Set(reversed.lines.map(\.subject)) == Set(result.lines.map(\.subject)))
        #expect(Self.trajectories(rows, maximum: 25, seed: 43).lines.map(\.subject) != result.lines.map(\.subject))
        #expect(Self.trajectories(rows, maximum: 0).lines.isEmpty)
    }

    // MARK: box

    @Test func tukeyBoxWithTypeSevenQuartiles() {
        // 1..9 and 100 (n = 10): type 7 h = 9p + 1: Q1 = x(3.25) = 3.25, median 5.5, Q3 = x(7.75) = 7.75;
        // IQR 4.5, fences -3.5 and 14.5: whiskers 1 and 9 (100 is beyond).
        let result = BoxPlotFigure.compute(values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 100, .nan], groups: nil, times: nil, measure: "x")
        let box = result.boxes[0]
        #expect(box.count == 10 && box.lowerQuartile == 3.25 && box.median == 5.5 && box.upperQuartile == 7.75)
        #expect(box.lowerWhisker == 1 && box.upperWhisker == 9)
        #expect(box.points.count == 10)
        #expect(result.notes == [.nonFiniteValuesOmitted(column: "x", count: 1)])
    }

    @Test func boxesByGroupAndNumericTimeOrder() {
        let result = BoxPlotFigure.compute(values: [1, 2, 3, 4, 5], groups: ["b", "a", "b", "a", "b"], times: ["12", "6", "6", "12", "0"], measure: "x")
        #expect(result.groups == ["b", "a"] && result.times == ["0", "6", "12"])
        #expect(result.boxes.map { [$0.group, $0.time] } == [[0, 0], [0, 1], [1, 1], [0, 2], [1, 2]])
        let constant = BoxPlotFigure.compute(values: [2, 2, 2], groups: nil, times: nil, measure: "x").boxes[0]
        #expect(constant.lowerQuartile == 2 && constant.upperWhisker == 2)
    }

    @Test func manyPointsAreSampledDeterministically() {
        let values = (0..<2000).map { Double($0) }
        let first = BoxPlotFigure.compute(values: values, groups: nil, times: nil, measure: "x")
        #expect(first.boxes[0].points.count == BoxPlotFigure.maximumPointsPerBox && first.boxes[0].count == 2000)
        #expect(first == BoxPlotFigure.compute(values: values, groups: nil, times: nil, measure: "x"))
        #expect(first.notes == [.pointsSampled(shown: 500, total: 2000)])
    }

    // MARK: Bland-Altman

    @Test func limitsOfAgreementByHand() throws {
        // d = (-0.1, 0.1, -0.2, 0.2, 0): bias 0, s² = 0.025; limits ± z s with z = qnorm(0.975)
        // = 1.959963984540054; t(0.975, 4) = 2.7764451051977987; bias CI ± t s/√5.
        let result = BlandAltmanFigure.compute(a: [1, 2, 3, 4, 5, .nan], b: [1.1, 1.9, 3.2, 3.8, 5, 1], labelA: "a", labelB: "b")
        let agreement = try #require(result.agreement)
        let s = 0.025.squareRoot(), t = 2.7764451051977987, z = 1.959963984540054
        #expect(agreement.count == 5 && abs(agreement.bias.estimate) < 1e-15)
        #expect(Self.close(agreement.standardDeviation, s, 1e-12))
        #expect(Self.close(agreement.upperLimit.estimate, z * s, 1e-12) && Self.close(agreement.lowerLimit.estimate, -z * s, 1e-12))
        #expect(Self.close(agreement.bias.interval!.upper, t * s / 5.0.squareRoot(), 1e-10))
        #expect(result.drawnLines?.upper.interval == agreement.upperLimitExact)
        #expect(result.means[0] == 1.05 && result.differences.count == 5)
        #expect(result.notes == [.nonFiniteValuesOmitted(column: "a or b", count: 1)])
    }

    // MARK: forest

    @Test func forestKeepsCompleteRowsInOrder() {
        let result = ForestFigure.compute(labels: ["a", "b", "c"], estimates: [1, .nan, -1], lower: [0, 0, -2], upper: [2, 1, 0])
        #expect(result.rows.map(\.label) == ["a", "c"])
        #expect(result.notes == [.nonFiniteValuesOmitted(column: "estimate or CI", count: 1)])
    }
}
