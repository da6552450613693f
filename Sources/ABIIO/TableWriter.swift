/// Streams a table in one output format, row by row, into an ``OutputBuffer``.
///
/// Call ``writeHeader(_:)`` once, then for each row ``beginRow()``, one `write…` call per column and
/// ``endRow()``; finally ``finish()``. Text and numbers are distinct so that each format can quote,
/// escape and neutralise text while writing numbers as numbers.
public protocol TableWriter {
    /// The bytes written so far and not yet flushed.
    var buffer: OutputBuffer { get set }
    /// Writes the column names (for JSON Lines they become the keys of every object).
    mutating func writeHeader(_ names: [String]) throws(OutputError)
    /// Starts a row.
    mutating func beginRow()
    /// Continues a row whose first `cellCount` cells were written earlier (their bytes copied in
    /// by the caller), so separators and JSON keys carry on correctly.
    mutating func continueRow(afterCells cellCount: Int)
    /// A text cell: escaped as the format needs; in CSV and TSV, formula-neutralised.
    mutating func writeText(_ text: UnsafeBufferPointer<UInt8>)
    /// A cell already known to be numeric text (e.g. copied from the input): a number in JSON, and
    /// never neutralised in CSV/TSV (text that is not in fact a number still is).
    mutating func writeNumericText(_ text: UnsafeBufferPointer<UInt8>)
    /// A finite number in shortest round-trip form; NaN and infinities are written as a blank cell.
    mutating func writeNumber(_ value: Double)
    /// A finite number with exactly `fractionDigits` decimals (fast path); NaN and infinities are blank.
    mutating func writeNumber(_ value: Double, fractionDigits: Int)
    /// An integer in decimal.
    mutating func writeInteger(_ value: Int)
    /// A value in hundredths with two decimals (`0.91`): exact clinical indices.
    mutating func writeHundredths(_ value: Int, decimalMark: UInt8)
    /// A value in hundredths without trailing zeros (`4`, `2.5`, `10.25`): an exact mean of readings.
    mutating func writeTrimmedHundredths(_ value: Int, decimalMark: UInt8)
    /// A text cell known to need no quoting, escaping or neutralisation in any format: one of
    /// abikit's own codes (`abnormal`, `ok`, `interarm_10;tbi_abnormal`) or dates it writes
    /// (`2024-03-01`): lowercase ASCII letters, digits, `_`, `;` and `-` (never first) only.
    mutating func writeCode(_ code: UnsafeBufferPointer<UInt8>)
    /// An empty cell (JSON `null`).
    mutating func writeBlank()
    /// Every field of the parser's current record, as text cells (input columns copied through).
    /// `inout` though only read: a borrowed parser was copied (176 bytes) at every call.
    mutating func writeFields(of record: inout CSVRecordParser)
    /// Ends the row and flushes the buffer if it is full.
    mutating func endRow() throws(OutputError)
    /// Writes the remaining bytes and commits the sink (atomic rename for files).
    mutating func finish() throws(OutputError)
}

extension TableWriter {
    public mutating func writeCode(_ code: UnsafeBufferPointer<UInt8>) {
        writeText(code)
    }

    public mutating func writeHundredths(_ value: Int, decimalMark: UInt8) {
        // Formatted on the stack: no buffer allocated per cell.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: OutputBuffer.maxHundredthsLength) { scratch in
            let start = scratch.baseAddress!
            let length = OutputBuffer.formatHundredths(value, decimalMark: decimalMark, into: start)
            writeNumericText(UnsafeBufferPointer(start: start, count: length))
        }
    }

    public mutating func writeTrimmedHundredths(_ value: Int, decimalMark: UInt8) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: OutputBuffer.maxTrimmedHundredthsLength) { scratch in
            let start = scratch.baseAddress!
            let length = OutputBuffer.formatTrimmedHundredths(value, decimalMark: decimalMark, into: start)
            writeNumericText(UnsafeBufferPointer(start: start, count: length))
        }
    }

    /// One of abikit's own codes (see ``writeCode(_:)-(UnsafeBufferPointer<UInt8>)``) from a literal:
    /// no String made or checked per cell.
    @inlinable
    public mutating func writeCode(_ code: StaticString) {
        code.withUTF8Buffer { writeCode($0) }
    }

    /// A text cell from a String.
    public mutating func writeText(_ text: String) {
        var copy = text
        copy.withUTF8 { writeText($0) }
    }

    /// Default: each field as a text cell.
    public mutating func writeFields(of record: inout CSVRecordParser) {
        for index in 0..<record.fieldCount { writeText(record.field(at: index)) }
    }

    /// A whole row of text cells.
    public mutating func writeRow(_ cells: [String]) throws(OutputError) {
        beginRow()
        for cell in cells { writeText(cell) }
        try endRow()
    }
}
