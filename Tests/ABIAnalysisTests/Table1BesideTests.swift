import ABIAnalysis
import ABIStatistics
import Foundation
import Testing

/// `describe --table1` through ``DescribeReport/table1``: the SMD column against R tableone and
/// Fisher's exact r x c test against R `fisher.test`, from Scripts/reference/beside_reference.R
/// (Tests/ABIStatisticsTests/Resources/beside_r.json).
@Suite struct Table1BesideTests {
    nonisolated(unsafe) static let reference: [String: Any] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../ABIStatisticsTests/Resources/beside_r.json")
        return try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }()

    /// Rows of a categorical variable from a table of counts [group][level].
    static func categorical(_ counts: [[Int]]) -> (labels: [String], groupRows: [[Int]]) {
        var labels: [String] = []
        var groupRows: [[Int]] = []
        for group in counts {
            var rows: [Int] = []
            for (level, count) in group.enumerated() {
                for _ in 0..<count { rows.append(labels.count); labels.append("L\(level)") }
            }
            groupRows.append(rows)
        }
        return (labels, groupRows)
    }

    static func cell(_ table: (headers: [String], rows: [[ReportCell]], footnotes: [String], notes: [Table1Note]),
                     _ column: String, row: Int = 0) -> ReportCell? {
        guard let index = table.headers.firstIndex(of: column) else { return nil }
        return table.rows[row][index]
    }

    static func close(_ cell: ReportCell?, _ expected: Double, relative: Double = 1e-10) -> Bool {
        guard case .number(let value)? = cell else { return false }
        return abs(value - expected) <= relative * max(abs(expected), 1e-300)
    }

    @Test func continuousSMDMatchesTableone() throws {
        let cases = Self.reference["smd_continuous"] as! [[String: Any]]
        #expect(cases.count >= 3)
        for item in cases {
            let groups = (item["groups"] as! [[Any]]).map { $0.map { ($0 as? Double) ?? .nan } }
            var values: [Double] = []
            var groupRows: [[Int]] = []
            for group in groups { groupRows.append(Array(values.count..<(values.count + group.count))); values += group }
            let table = DescribeReport.table1(variables: [.normal(name: "x", values: values)],
                                              groupLabels: groups.indices.map { "g\($0)" }, groupRows: groupRows,
                                              rowCount: values.count, digits: 2)
            #expect(Self.close(Self.cell(table, "smd"), item["mean"] as! Double), "\(String(describing: Self.cell(table, "smd"))) vs \(item["mean"]!)")
        }
    }

    @Test func categoricalSMDMatchesTableone() throws {
        let cases = Self.reference["smd_categorical"] as! [[String: Any]]
        #expect(cases.count >= 5)
        for item in cases {
            let counts = item["counts"] as! [[Int]]
            let (labels, groupRows) = Self.categorical(counts)
            let table = DescribeReport.table1(variables: [.categorical(name: "x", labels: labels)],
                                              groupLabels: counts.indices.map { "g\($0)" }, groupRows: groupRows,
                                              rowCount: labels.count, digits: 2)
            #expect(Self.close(Self.cell(table, "smd"), item["mean"] as! Double), "\(counts)")
        }
    }

    /// Tables larger than 2 x 2 with an expected count below 5 get Fisher's exact test (with typed
    /// notes saying why); the p-value is R's fisher.test.
    @Test func largerTablesWithSmallExpectedCountsUseFisherExact() throws {
        let cases = (Self.reference["fisher"] as! [[String: Any]]).filter {
            let table = $0["table"] as! [[Int]]
            return table.count * table[0].count > 4
        }
        #expect(cases.count >= 5)
        var checked = 0
        for item in cases {
            // Rows of the R table as groups, columns as levels (the test is the same transposed).
            let counts = item["table"] as! [[Int]]
            let (labels, groupRows) = Self.categorical(counts)
            guard groupRows.allSatisfy({ !$0.isEmpty }) else { continue }
            let table = DescribeReport.table1(variables: [.categorical(name: "x", labels: labels)],
                                              groupLabels: counts.indices.map { "g\($0)" }, groupRows: groupRows,
                                              rowCount: labels.count, digits: 2)
            let small = table.notes.contains { if case .expectedCountBelowFive = $0.note { true } else { false } }
            guard small else { continue }
            #expect(table.notes.contains(Table1Note(variable: "x", note: .fisherExactInsteadOfChiSquare)))
            #expect(table.footnotes.contains { $0.contains("Fisher") })
            #expect(Self.close(Self.cell(table, "p_value"), item["p"] as! Double, relative: 1e-9), "\(counts)")
            checked += 1
        }
        #expect(checked >= 4)
    }

    @Test func noPLeavesOutTheTestColumnsButKeepsSMD() {
        let (labels, groupRows) = Self.categorical([[12, 8], [5, 15]])
        let with = DescribeReport.table1(variables: [.categorical(name: "x", labels: labels)], groupLabels: ["a", "b"],
                                         groupRows: groupRows, rowCount: labels.count, digits: 2)
        let without = DescribeReport.table1(variables: [.categorical(name: "x", labels: labels)], groupLabels: ["a", "b"],
                                            groupRows: groupRows, rowCount: labels.count, digits: 2, pValues: false)
        #expect(with.headers.suffix(3) == ["p_value", "test", "smd"])
        #expect(without.headers.suffix(1) == ["smd"])
        #expect(!without.headers.contains("p_value"))
        #expect(without.footnotes.isEmpty && without.notes.isEmpty)
        #expect(without.rows.allSatisfy { $0.count == without.headers.count })
        #expect(Self.cell(with, "smd") == Self.cell(without, "smd"))
    }

    /// One group (no --by): no SMD column, as before.
    @Test func withoutGroupsThereIsNoSMD() {
        let table = DescribeReport.table1(variables: [.normal(name: "x", values: [1, 2, 3])], groupLabels: [],
                                          groupRows: [], rowCount: 3, digits: 2)
        #expect(!table.headers.contains("smd"))
    }
}
