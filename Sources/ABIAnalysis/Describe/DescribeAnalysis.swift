import ABIIO
import ABIStatistics

/// `describe`: descriptive statistics per numeric column and group, or a publication Table 1
/// (``DescribeReport``), over columns named by header or 1-based number.
public struct DescribeAnalysis: Sendable {
    /// Group columns.
    public var by: [String] = []
    /// Columns to describe; empty for every column except the group columns.
    public var columns: [String] = []
    public var table1 = false
    /// Table 1: numeric columns shown as n (%) per value.
    public var categorical: [String] = []
    /// Table 1: continuous columns shown as median [IQR] with rank tests.
    public var nonnormal: [String] = []
    /// Table 1 decimals (default 2).
    public var digits: Int?
    public var threads = 1
    /// Table 1: p-value and test columns (`--no-p` turns them off).
    public var pValues = true

    public init(by: [String] = [], columns: [String] = [], table1: Bool = false, categorical: [String] = [],
                nonnormal: [String] = [], digits: Int? = nil, threads: Int = 1) {
        self.by = by
        self.columns = columns
        self.table1 = table1
        self.categorical = categorical
        self.nonnormal = nonnormal
        self.digits = digits
        self.threads = threads
    }

    public func run(_ source: ColumnSource) throws(AnalysisFailure) -> DescribeResult {
        let loader = source.loader
        func resolve(_ name: String, _ option: String) throws(AnalysisFailure) -> String {
            if let index = loader.columnIndex(of: name) { return loader.headers[index] }
            if let number = Int(name), number >= 1, number <= loader.headers.count { return loader.headers[number - 1] }
            throw .usage("\(source.displayName): \(option) '\(name)': no such column; headers: "
                + loader.headers.map { "'\($0)'" }.joined(separator: ", "))
        }
        var groupNames: [String] = []
        for name in by { groupNames.append(try resolve(name, "--by")) }
        var valueNames: [String] = []
        for name in columns { valueNames.append(try resolve(name, "--columns")) }
        if valueNames.isEmpty { valueNames = loader.headers.filter { !groupNames.contains($0) } }
        var categoricalNames = Set<String>()
        for name in categorical { categoricalNames.insert(try resolve(name, "--categorical")) }
        var skewedNames = Set<String>()
        for name in nonnormal { skewedNames.insert(try resolve(name, "--nonnormal")) }
        var requests: [ColumnLoader.Request] = groupNames.map { .categorical($0) }
        for name in valueNames where !groupNames.contains(name) {
            if categoricalNames.contains(name) {
                requests.append(.categorical(name))
            } else if skewedNames.contains(name) {
                requests.append(.numeric(name))
            } else {
                let kind = loader.inferredKind(ofColumn: loader.columnIndex(of: name)!)
                requests.append(ColumnLoader.Request(name: name, kind: kind))
            }
        }
        let loaded: LoadedColumns
        // Plain `describe` keeps each value's exact decimal difference from the column's first value,
        // so mean and SD keep their digits however far the data sit from zero (NIST StRD NumAcc4).
        do { loaded = try source.loadRows(requests, threads: threads, maximumIssues: 100, exactDecimalShift: !table1) } catch {
            if case .read(let readError) = error { throw AnalysisFailure.input(readError, displayName: source.displayName) }
            throw .usage("\(source.displayName): \(error)")
        }
        var groupColumns: [[String]] = []
        var numeric: [(name: String, values: [Double])] = []
        var shifted: [DecimalShiftedColumn?] = []
        var variables: [DescribeReport.Variable] = []
        for (name, column) in zip(loaded.names, loaded.columns) {
            if groupNames.contains(name) {
                if case .categorical(let labels) = column { groupColumns.append(labels) }
                continue
            }
            switch column {
            case .numeric(let values):
                numeric.append((name, values))
                let index = loaded.names.firstIndex(of: name) ?? loaded.decimalShifted.count
                shifted.append(index < loaded.decimalShifted.count ? loaded.decimalShifted[index] : nil)
                variables.append(skewedNames.contains(name) ? .skewed(name: name, values: values) : .normal(name: name, values: values))
            case .categorical(let labels):
                variables.append(.categorical(name: name, labels: labels))
            }
        }
        if table1 {
            let groups = groupNames.isEmpty ? [] : DescribeReport.groups(groupColumns, rowCount: loaded.rowCount)
            let table = DescribeReport.table1(variables: variables, groupLabels: groups.map { $0.labels.joined(separator: " / ") },
                                              groupRows: groups.map(\.rows), rowCount: loaded.rowCount, digits: digits ?? 2,
                                              pValues: pValues)
            return DescribeResult(encodingWarning: source.encodingWarning, kind: .table1, headers: table.headers, rows: table.rows, footnotes: table.footnotes,
                                  notes: table.notes,
                                  rowCount: loaded.rowCount, numericColumns: numeric.count,
                                  categoricalColumns: variables.count - numeric.count, groupNames: groupNames,
                                  issues: loaded.issues, issueCount: loaded.issueCount)
        }
        let table = DescribeReport.describe(numeric: numeric, groupNames: groupNames, groupColumns: groupColumns,
                                            rowCount: loaded.rowCount, decimalShifted: shifted)
        return DescribeResult(encodingWarning: source.encodingWarning, kind: .describe, headers: table.headers, rows: table.rows, footnotes: [],
                              rowCount: loaded.rowCount, numericColumns: numeric.count,
                              categoricalColumns: variables.count - numeric.count, groupNames: groupNames,
                              issues: loaded.issues, issueCount: loaded.issueCount)
    }
}

/// The result of ``DescribeAnalysis``: a table of cells with its footnotes and what it was computed over.
public struct DescribeResult: Sendable {
    public enum Kind: Sendable, Equatable { case describe, table1 }

    /// ``ColumnSource/encodingWarning`` of the input.
    public let encodingWarning: String?
    public let kind: Kind
    public let headers: [String]
    public let rows: [[ReportCell]]
    /// Table 1: the letters naming each test.
    public let footnotes: [String]
    /// Table 1: findings about the tests, per variable.
    public var notes: [Table1Note] = []
    public let rowCount: Int
    public let numericColumns: Int
    public let categoricalColumns: Int
    public let groupNames: [String]
    /// Problems found in the data (the first ones) and their count.
    public let issues: [ColumnLoadIssue]
    public let issueCount: Int

    /// The summary lines for standard error (`footnotesInOutput`: Markdown carries the test footnotes itself).
    public func summaryLines(file: String, footnotesInOutput: Bool) -> [String] {
        var first = "abikit describe: \(rowCount) rows, \(numericColumns) numeric and \(categoricalColumns) categorical columns"
        if !groupNames.isEmpty { first += ", by " + groupNames.joined(separator: ", ") }
        var lines = [first]
        if !footnotesInOutput {
            for note in footnotes { lines.append("abikit describe: test " + note) }
            for note in notes { lines.append("abikit describe: note: " + note.text) }
        }
        for issue in issues { lines.append(issue.formatted(file: file, severity: "warning")) }
        if issueCount > issues.count { lines.append("... \(issueCount - issues.count) more problems") }
        if let encodingWarning { lines.append(encodingWarning) }
        return lines
    }
}

/// Renders a ``DescribeResult`` as a table (CSV, TSV, JSON Lines, Markdown).
public enum DescribeRenderer {
    /// Writes the table; `digits` rounds the describe statistics (Table 1 cells are already text).
    /// Markdown shows p-values to 3 decimals (`<0.001` below) and the test footnotes under the table.
    public static func write(_ result: DescribeResult, format: TableFormat, digits: Int?,
                             to writer: inout any TableWriter) throws(OutputError) {
        try writer.writeHeader(result.headers)
        let pColumn = result.headers.firstIndex(of: "p_value")
        let smdColumn = result.kind == .table1 ? result.headers.firstIndex(of: "smd") : nil
        for row in result.rows {
            writer.beginRow()
            for (index, cell) in row.enumerated() {
                if index == pColumn, format == .markdown, case .number(let p) = cell {
                    writer.writeText(p < 0.001 ? "<0.001" : threeDecimals(p))
                } else if index == smdColumn, format == .markdown, case .number(let smd) = cell {
                    writer.writeText(cFormat("%.3f", smd))
                } else {
                    cell.write(to: &writer, digits: result.kind == .table1 ? nil : digits)
                }
            }
            try writer.endRow()
        }
        if format == .markdown && !result.footnotes.isEmpty {
            writer.buffer.append(string: "\n" + result.footnotes.joined(separator: "  \n") + "\n")
        }
        if format == .markdown && !result.notes.isEmpty {
            writer.buffer.append(string: "\n" + result.notes.map { "Note: " + $0.text }.joined(separator: "  \n") + "\n")
        }
        try writer.finish()
    }

    static func threeDecimals(_ p: Double) -> String {
        let thousandths = Int((p * 1000).rounded())
        if thousandths >= 1000 { return "1.000" }
        let text = String(thousandths)
        return "0." + String(repeating: "0", count: max(0, 3 - text.count)) + text
    }
}
