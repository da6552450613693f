import ABIAnalysis
import ABIIO
import ABIStatistics
import Testing

/// The compare engine on small hand-made tables: pairing, typed notes, families, edge cases.
/// (Its numbers are checked against scipy, pingouin and statsmodels end to end in
/// Tests/abikitTests/CompareCommandTests.swift.)
@Suite struct CompareEngineTests {
    static let long: [String: LoadedColumn] = [
        "id": .categorical(["A", "A", "B", "B", "C", "D", "D", "E", "E", "F", "F"]),
        "week": .categorical(["0", "12", "0", "12.0", "0", "0", "12", "0", "12", "0", "12"]),
        "arm": .categorical(["x", "x", "x", "x", "x", "y", "y", "y", "y", "y", "y"]),
        "abi": .numeric([0.8, 0.9, 0.7, 0.75, 0.6, 0.9, 0.85, 1.0, .nan, 0.95, 1.0]),
    ]

    func run(_ options: CompareOptions, _ columns: [String: LoadedColumn] = long) throws -> CompareResult {
        try CompareEngine.run(options, rowCount: 11, columns: columns)
    }

    static let design = CompareOptions.Design.longPaired(subject: "id", time: "week", from: "0", to: "12", measures: ["abi"])

    @Test func subjectsMissingATimeAreCountedAndNamed() throws {
        let result = try run(CompareOptions(design: Self.design, by: ["arm"]))
        // C has no week 12; E's week 12 value is missing.
        #expect(result.notes == [.missingTime(measure: "abi", count: 2, subjects: ["C", "E"])])
        let within = result.rows.filter { $0.comparison == .within }
        #expect(within.map(\.group) == ["x", "y"])
        #expect(within.map(\.count) == [2, 2])
        #expect(within[0].notes.contains(.missingTime(measure: "abi", count: 1, subjects: ["C"])))
        #expect(within[1].notes.contains(.missingTime(measure: "abi", count: 1, subjects: ["E"])))
        // "12.0" is the same time as "12".
        #expect(abs(within[0].estimate - ((0.9 - 0.8) + (0.75 - 0.7)) / 2) < 1e-15)
        let between = try #require(result.rows.first { $0.comparison == .between })
        #expect(between.group == "x" && between.versus == "y")
        #expect(result.rows.allSatisfy { row in row.notes.contains { if case .family = $0 { true } else { false } } })
    }

    /// A blank --by or --group value is a missing group, not a group named "": such rows are left
    /// out of every comparison and counted (they formed a third group before).
    @Test func blankGroupValuesAreLeftOutAndCounted() throws {
        var columns = Self.long
        columns["arm"] = .categorical(["x", "x", "x", "x", "x", "", "", "y", "y", "y", "y"])
        let paired = try run(CompareOptions(design: Self.design, by: ["arm"]), columns)
        #expect(paired.notes.contains(.ungroupedRows(columns: ["arm"], count: 2)))
        #expect(Set(paired.rows.map(\.group)).isSubset(of: ["x", "y"]) && !paired.rows.contains { $0.versus == "" && $0.comparison == .between })
        let within = paired.rows.filter { $0.comparison == .within }
        #expect(within.map(\.group) == ["x", "y"])
        #expect(within.map(\.count) == [2, 1], "D (blank arm) is in no group; E lacks week 12")
        let wide = CompareOptions.Design.widePaired(pre: "abi", post: "abi", subject: nil)
        let wideResult = try run(CompareOptions(design: wide, by: ["arm"]), columns)
        #expect(wideResult.notes.contains(.ungroupedRows(columns: ["arm"], count: 2)))
        #expect(wideResult.rows.filter { $0.comparison == .within }.allSatisfy { $0.group != "" })
        let independent = CompareOptions.Design.independent(group: "arm", measures: ["abi"], subject: nil)
        let groups = try run(CompareOptions(design: independent), columns)
        #expect(groups.notes == [.ungroupedRows(columns: ["arm"], count: 2)])
        #expect(CompareRenderer.summary(groups).contains("2 rows with a blank arm left out of every comparison (a missing group is not a group)"))
    }

    @Test func familiesAdjustAcrossGroupsAndMeasures() throws {
        var columns = Self.long
        columns["flow"] = .numeric([40, 44, 38, 41, 30, 50, 52, 45, 47, 39, 40])
        let design = CompareOptions.Design.longPaired(subject: "id", time: "week", from: "0", to: "12", measures: ["abi", "flow"])
        let result = try run(CompareOptions(design: design, by: ["arm"], pValueAdjustment: .bonferroni), columns)
        let within = result.rows.filter { $0.comparison == .within }
        #expect(within.count == 4)
        for row in within where !row.pValue.isNaN {
            #expect(row.adjustedPValue == min(1, 4 * row.pValue))
            #expect(row.notes.contains(.family(kind: .within, size: 4, adjustment: .bonferroni)))
        }
    }

    @Test func twoLegsAreFlaggedOrAggregated() throws {
        let legs: [String: LoadedColumn] = [
            "id": .categorical(["A", "A", "A", "A", "B", "B", "B", "B", "C", "C", "C"]),
            "week": .categorical(["0", "0", "8", "8", "0", "0", "8", "8", "0", "8", "8"]),
            "abi": .numeric([0.8, 0.7, 0.85, 0.72, 0.9, 0.6, 0.93, 0.66, 1.0, 1.1, 1.2]),
        ]
        let design = CompareOptions.Design.longPaired(subject: "id", time: "week", from: "0", to: "8", measures: ["abi"])
        let clustered = try CompareEngine.run(CompareOptions(design: design), rowCount: 11, columns: legs)
        let row = try #require(clustered.rows.first)
        // A and B give two pairs each; C has one leg at week 0 and two at week 8: one pair, unmatched.
        #expect(row.count == 5)
        #expect(row.notes.contains(.clusteredPairs(pairs: 5, subjects: 3)))
        #expect(row.notes.contains(.unmatchedLegs(subjects: 1)))
        let aggregated = try CompareEngine.run(CompareOptions(design: design, aggregation: .mean), rowCount: 11, columns: legs)
        let mean = try #require(aggregated.rows.first)
        #expect(mean.count == 3)
        #expect(!mean.notes.contains { if case .clusteredPairs = $0 { true } else { false } })
        // C: 1.0 before, mean(1.1, 1.2) after.
        #expect(abs(mean.secondMean - ((0.85 + 0.72) / 2 + (0.93 + 0.66) / 2 + (1.1 + 1.2) / 2) / 3) < 1e-15)
    }

    @Test func filterAndEmptyResults() throws {
        let filter = try RowFilter("arm == 'y'")
        let result = try run(CompareOptions(design: Self.design, by: ["arm"], filter: filter))
        #expect(result.keptRowCount == 6 && result.inputRowCount == 11)
        #expect(result.rows.map(\.comparison) == [.within], "one group left: no between-group rows")
        let nothing = try run(CompareOptions(design: Self.design, filter: try RowFilter("arm == 'z'")))
        #expect(nothing.rows.isEmpty && nothing.keptRowCount == 0)
        #expect(throws: CompareError.self) { try run(CompareOptions(design: Self.design, filter: try RowFilter("sex == 'f'"))) }
        #expect(throws: CompareError.missingColumn("nope")) {
            try run(CompareOptions(design: .longPaired(subject: "id", time: "week", from: "0", to: "12", measures: ["nope"])))
        }
    }

    @Test func undefinedTestsLeaveBlanksAndSayWhy() throws {
        // One pair: nothing is defined, every statistic stays NaN (blank), and the notes say so.
        let columns: [String: LoadedColumn] = ["id": .categorical(["A", "A"]), "week": .categorical(["0", "12"]), "abi": .numeric([0.8, 0.9])]
        let result = try CompareEngine.run(CompareOptions(design: Self.design), rowCount: 2, columns: columns)
        let row = try #require(result.rows.first)
        #expect(row.count == 1 && row.pValue.isNaN && row.effectSize.isNaN)
        #expect(row.notes.contains(.undefined(what: "paired t test")))
    }

    @Test func independentGroupsGiveOmnibusAndPairs() throws {
        let columns: [String: LoadedColumn] = [
            "site": .categorical(["a", "a", "a", "b", "b", "b", "c", "c", "c", ""]),
            "abi": .numeric([0.8, 0.9, 0.85, 0.7, 0.75, 0.72, 1.0, 1.1, 0.95, 0.5]),
        ]
        let result = try CompareEngine.run(CompareOptions(design: .independent(group: "site", measures: ["abi"])), rowCount: 10, columns: columns)
        #expect(result.rows.map(\.comparison) == [.omnibus, .pairwise, .pairwise, .pairwise])
        #expect(result.rows[0].count == 9, "the row without a site is left out")
        let expected = SeveralGroups.welchANOVA([[0.8, 0.9, 0.85], [0.7, 0.75, 0.72], [1.0, 1.1, 0.95]])
        #expect(result.rows[0].pValue == expected?.pValue)
        #expect(result.rows[0].effectInterval?.upper == 1, "one-sided eta-squared interval")
    }
}
