import ABICore

/// One problem found in one input record: where it is and what is wrong.
public struct RowDiagnostic: Sendable, Equatable {
    /// 1-based physical line of the cell (or of the record).
    public var line: Int
    /// 1-based character column of the cell, when the problem belongs to one cell.
    public var column: Int?
    public var severity: IssueSeverity
    /// Stable snake_case code (`invalid_pressure`, `ragged_record`, ...).
    public var code: String
    /// What is wrong and what was expected, naming the column header and the cell text.
    public var message: String

    public init(line: Int, column: Int?, severity: IssueSeverity, code: String, message: String) {
        self.line = line
        self.column = column
        self.severity = severity
        self.code = code
        self.message = message
    }

    /// `FILE:LINE:COLUMN: severity: message` (the column is left out when there is none).
    public func formatted(file: String) -> String {
        let place = column.map { "\(file):\(line):\($0)" } ?? "\(file):\(line)"
        return place + ": " + severity.code + ": " + message
    }

    /// `line L, column C: message`, as the `message` output column shows it.
    var inlineText: String {
        let place = column.map { "line \(line), column \($0)" } ?? "line \(line)"
        return place + ": " + message
    }
}
