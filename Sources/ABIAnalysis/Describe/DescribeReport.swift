import ABIIO
import ABIStatistics

/// One cell of a report table: text, a number (written at full round-trip precision unless rounded),
/// an integer or a blank.
public enum ReportCell: Sendable, Equatable {
    case text(String)
    case number(Double)
    case integer(Int)
    case blank

    /// Writes the cell; numbers with `digits` decimals when given, NaN/infinite as blank.
    public func write(to writer: inout any TableWriter, digits: Int?) {
        switch self {
        case .text(let text): writer.writeText(text)
        case .integer(let value): writer.writeInteger(value)
        case .blank: writer.writeBlank()
        case .number(let value):
            if !value.isFinite { writer.writeBlank() } else if let digits { writer.writeNumber(value, fractionDigits: digits) } else { writer.writeNumber(value) }
        }
    }
}

/// Descriptive statistics per numeric column and group, and a publication "Table 1", from
/// columns loaded by `ColumnLoader`. Groups come in order of first appearance; a blank group
/// cell is its own group, `(blank)`.
public enum DescribeReport {
    /// Row indices of each group, in order of first appearance.
    public static func groups(_ columns: [[String]], rowCount: Int) -> [(labels: [String], rows: [Int])] {
        var order: [[String]] = []
        var index: [[String]: Int] = [:]
        var members: [[Int]] = []
        for row in 0..<rowCount {
            let labels = columns.map { $0[row].isEmpty ? "(blank)" : $0[row] }
            if let position = index[labels] {
                members[position].append(row)
            } else {
                index[labels] = order.count
                order.append(labels)
                members.append([row])
            }
        }
        return zip(order, members).map { ($0, $1) }
    }

    public static let describeColumns = ["column", "n", "n_missing", "mean", "sd", "se", "min", "q1", "median", "q3",
                                         "max", "iqr", "geometric_mean"]

    /// One row per group x numeric column: n, n_missing, mean, SD, SE, min, quartiles (R type 7),
    /// max, IQR, geometric mean (positive values only; blank otherwise), by
    /// `DescriptiveStatistics.describe` (compensated two-pass moments). Columns with a decimal
    /// shift (`ColumnLoader/load(_:threads:maximumIssues:exactDecimalShift:)`) take mean, SD and
    /// SE from their exact-decimal differences.
    public static func describe(numeric: [(name: String, values: [Double])], groupNames: [String], groupColumns: [[String]],
                                rowCount: Int, decimalShifted: [DecimalShiftedColumn?] = []) -> (headers: [String], rows: [[ReportCell]]) {
        let headers = groupNames + describeColumns
        var rows: [[ReportCell]] = []
        let groups = groupNames.isEmpty ? [(labels: [String](), rows: Array(0..<rowCount))] : groups(groupColumns, rowCount: rowCount)
        for group in groups {
            for (index, column) in numeric.enumerated() {
                let values = group.rows.map { column.values[$0] }
                let result: DescriptiveStatisticsResult
                if index < decimalShifted.count, let shifted = decimalShifted[index], shifted.differences.count == column.values.count {
                    result = DescriptiveStatistics.describe(values, shift: shifted.shift,
                                                            differences: group.rows.map { shifted.differences[$0] })
                } else {
                    result = DescriptiveStatistics.describe(values)
                }
                var row = group.labels.map { ReportCell.text($0) }
                row.append(.text(column.name))
                row.append(.integer(result.count))
                row.append(.integer(result.missingCount + result.infiniteCount))
                let numbers: [Double?] = [result.mean, result.standardDeviation, result.standardError, result.minimum,
                                          result.quantile(0.25), result.median, result.quantile(0.75), result.maximum,
                                          result.interquartileRange(), result.geometricMean]
                row += numbers.map { $0.map(ReportCell.number) ?? .blank }
                rows.append(row)
            }
        }
        return (headers, rows)
    }

    /// A variable of Table 1.
    public enum Variable: Sendable {
        /// Mean +- SD; Welch t (2 groups) or one-way ANOVA (3 or more).
        case normal(name: String, values: [Double])
        /// Median [IQR]; Mann-Whitney U (2 groups) or Kruskal-Wallis (3 or more).
        case skewed(name: String, values: [Double])
        /// n (%) per level (blank cells are counted as missing); Fisher's exact test for a 2 x 2
        /// table with an expected count below 5, Pearson chi-square otherwise.
        case categorical(name: String, labels: [String])
    }

    /// A Table 1: rows of variable, level, overall and one column per group, p-value and test, and
    /// the footnotes naming each test. Continuous summaries rounded to `digits` decimals,
    /// percentages to one; p-values are kept as numbers (the caller rounds them for people).
    ///
    /// With groups, each variable also gets its standardised mean difference (`smd`, as R's
    /// tableone prints it: `StandardizedDifference`, the mean of the pairwise values for more
    /// than two groups) on its first row; `pValues: false` leaves out the p-value and test columns
    /// (CONSORT 2010 item 15 advises against baseline tests in randomised trials). A categorical
    /// variable in a table larger than 2 x 2 with expected counts below 5 gets Fisher's exact r x c
    /// test where feasible (`GroupComparison.categoricalAssociation(_:workLimit:)`); the findings
    /// are returned as typed `notes`.
    public static func table1(variables: [Variable], groupLabels: [String], groupRows: [[Int]], rowCount: Int,
                              digits: Int, pValues: Bool = true)
        -> (headers: [String], rows: [[ReportCell]], footnotes: [String], notes: [Table1Note]) {
        let grouped = groupLabels.count >= 2
        let tested = grouped && pValues
        var headers = ["variable", "level", "overall (n = \(rowCount))"]
        headers += zip(groupLabels, groupRows).map { "\($0) (n = \($1.count))" }
        if tested { headers += ["p_value", "test"] }
        if grouped { headers += ["smd"] }
        var rows: [[ReportCell]] = []
        var tests: [String] = []
        var notes: [Table1Note] = []
        // The trailing cells of a variable's first row: test (when shown) and SMD.
        func trailing(_ name: String, _ result: GroupComparisonResult?, _ smd: StandardizedDifferenceResult?) -> [ReportCell] {
            guard grouped else { return [] }
            var cells: [ReportCell] = []
            if tested {
                cells = testCells(result)
                for note in result?.notes ?? [] { notes.append(Table1Note(variable: name, note: note)) }
            }
            if let value = smd?.value, value.isFinite { cells.append(.number(value)) } else { cells.append(.blank) }
            return cells
        }
        // The trailing cells of a variable's other rows.
        let blanks: [ReportCell] = grouped ? Array(repeating: .blank, count: tested ? 3 : 1) : []
        func format(_ value: Double?) -> String {
            guard let value, value.isFinite else { return "" }
            var buffer = OutputBuffer.inMemory(capacity: 32)
            buffer.append(number: value, fractionDigits: digits)
            return String(decoding: buffer.pendingBytes, as: UTF8.self)
        }
        func testCells(_ result: GroupComparisonResult?) -> [ReportCell] {
            guard grouped else { return [] }
            guard let result else { return [.blank, .text("not computable")] }
            if !tests.contains(result.test) { tests.append(result.test) }
            let mark = String(UnicodeScalar(UInt8(ascii: "a") + UInt8(tests.firstIndex(of: result.test)!)))
            return [.number(result.pValue), .text(mark)]
        }
        let allRows = Array(0..<rowCount)
        for variable in variables {
            switch variable {
            case .normal(let name, let values), .skewed(let name, let values):
                let isNormal: Bool = { if case .normal = variable { return true } else { return false } }()
                func summary(_ rows: [Int]) -> String {
                    let result = DescriptiveStatistics.describe(rows.map { values[$0] })
                    if isNormal { return format(result.mean) + " ± " + format(result.standardDeviation) }
                    return format(result.median) + " [" + format(result.quantile(0.25)) + ", " + format(result.quantile(0.75)) + "]"
                }
                var row: [ReportCell] = [.text(name), .text(isNormal ? "mean ± SD" : "median [IQR]"), .text(summary(allRows))]
                row += groupRows.map { .text(summary($0)) }
                let samples = groupRows.map { $0.map { values[$0] } }
                var result: GroupComparisonResult? = nil
                if !tested {
                } else if samples.count == 2 {
                    result = isNormal ? GroupComparison.welchT(samples[0], samples[1]) : GroupComparison.mannWhitneyU(samples[0], samples[1])
                } else {
                    result = isNormal ? GroupComparison.oneWayANOVA(samples) : GroupComparison.kruskalWallis(samples)
                }
                row += trailing(name, result, grouped ? StandardizedDifference.continuous(samples) : nil)
                rows.append(row)
                let missing = values.filter { !$0.isFinite }.count
                if missing > 0 {
                    var missingRow: [ReportCell] = [.text(name), .text("missing"), .integer(missing)]
                    missingRow += groupRows.map { rows in .integer(rows.filter { !values[$0].isFinite }.count) }
                    missingRow += blanks
                    rows.append(missingRow)
                }
            case .categorical(let name, let labels):
                var levels: [String] = []
                for label in labels where !label.isEmpty && !levels.contains(label) { levels.append(label) }
                levels.sort()
                let counts = groupRows.map { rows in levels.map { level in rows.filter { labels[$0] == level }.count } }
                let table = levels.indices.map { level in counts.map { $0[level] } }
                var result: GroupComparisonResult?
                if tested {
                    if table.count == 2 && table[0].count == 2 {
                        let chi = GroupComparison.chiSquareIndependence(table)
                        result = chi?.notes.isEmpty == false ? GroupComparison.fisherExact(table) : chi
                    } else {
                        // Larger than 2 x 2: Fisher's exact r x c test when expected counts are below 5.
                        result = GroupComparison.categoricalAssociation(table)
                    }
                }
                var header: [ReportCell] = [.text(name), .text("n (%)"), .blank]
                header += groupRows.map { _ in .blank }
                header += trailing(name, result, grouped ? StandardizedDifference.categorical(counts) : nil)
                rows.append(header)
                func cell(_ count: Int, of rows: [Int]) -> ReportCell {
                    let known = rows.filter { !labels[$0].isEmpty }.count
                    guard known > 0 else { return .text("\(count)") }
                    let tenths = Int((Double(count) / Double(known) * 1000).rounded())
                    return .text("\(count) (\(tenths / 10).\(tenths % 10)%)")
                }
                for (index, level) in levels.enumerated() {
                    var row: [ReportCell] = [.text(name), .text(level),
                                             cell(allRows.filter { labels[$0] == level }.count, of: allRows)]
                    row += zip(groupRows, counts).map { cell($1[index], of: $0) }
                    row += blanks
                    rows.append(row)
                }
                let missing = labels.filter(\.isEmpty).count
                if missing > 0 {
                    var row: [ReportCell] = [.text(name), .text("missing"), .integer(missing)]
                    row += groupRows.map { rows in .integer(rows.filter { labels[$0].isEmpty }.count) }
                    row += blanks
                    rows.append(row)
                }
            }
        }
        let footnotes = tests.enumerated().map { index, test in
            "\(String(UnicodeScalar(UInt8(ascii: "a") + UInt8(index)))): \(test)"
        }
        return (headers, rows, footnotes, notes)
    }
}

/// A finding about one variable's test in a Table 1 (small expected counts, Fisher's exact test
/// used or not feasible, a normal approximation with small groups).
public struct Table1Note: Sendable, Equatable {
    public let variable: String
    public let note: GroupComparisonNote

    public init(variable: String, note: GroupComparisonNote) {
        self.variable = variable
        self.note = note
    }

    /// `variable: what was found`, for people.
    public var text: String { "\(variable): \(note.description)" }
}
