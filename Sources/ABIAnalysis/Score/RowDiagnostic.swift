import ABICore
import ABIIO

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

    /// `message` is stored with control characters escaped (`TerminalSafeText`): it may quote cells
    /// and headers, and it is shown in terminals.
    public init(line: Int, column: Int?, severity: IssueSeverity, code: String, message: String) {
        self.init(line: line, column: column, severity: severity, code: code, escapedMessage: TerminalSafeText.escaped(message))
    }

    /// A diagnostic whose message is already escaped (a cached one: escaping it again would double
    /// every backslash).
    init(line: Int, column: Int?, severity: IssueSeverity, code: String, escapedMessage: String) {
        self.line = line
        self.column = column
        self.severity = severity
        self.code = code
        self.message = escapedMessage
    }

    /// `FILE:LINE:COLUMN: severity: message` (the column is left out when there is none).
    public func formatted(file: String) -> String {
        let place = column.map { "\(file):\(line):\($0)" } ?? "\(file):\(line)"
        return place + ": " + severity.code + ": " + message
    }

    /// `line L, column C: message`, as the `message` output column shows it.
    var inlineText: String {
        var bytes: [UInt8] = []
        appendInlineText(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// ``inlineText``'s UTF-8 appended to `bytes`, without intermediate Strings.
    func appendInlineText(to bytes: inout [UInt8]) {
        bytes.append(contentsOf: "line ".utf8)
        DecimalText.appendDigits(of: UInt64(line), minimumWidth: 1, to: &bytes)
        if let column {
            bytes.append(contentsOf: ", column ".utf8)
            DecimalText.appendDigits(of: UInt64(column), minimumWidth: 1, to: &bytes)
        }
        bytes.append(UInt8(ascii: ":"))
        bytes.append(UInt8(ascii: " "))
        var text = message
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }
}
