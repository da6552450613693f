/// Writes a GitHub-flavoured Markdown table: a header row, a `---` separator row, then one row per
/// record. Cells are escaped by ``OutputBuffer/appendMarkdownCell(_:)``; numbers are right-aligned
/// only by the reader's renderer (Markdown alignment is per column and unknown while streaming).
public struct MarkdownTableWriter: TableWriter {
    /// The buffer the table is formatted into.
    public var buffer: OutputBuffer
    /// Whether numbers use `,` as the decimal mark.
    public let decimalComma: Bool

    /// A writer into `buffer`.
    public init(buffer: OutputBuffer, decimalComma: Bool = false) {
        self.buffer = buffer
        self.decimalComma = decimalComma
    }

    public mutating func writeHeader(_ names: [String]) throws(OutputError) {
        beginRow()
        for name in names { writeText(name) }
        try endRow()
        buffer.append(byte: UInt8(ascii: "|"))
        for _ in names { buffer.append(string: " --- |") }
        if names.isEmpty { buffer.append(string: " --- |") }
        buffer.append(byte: 0x0A)
    }

    public mutating func beginRow() {
        buffer.append(byte: UInt8(ascii: "|"))
    }

    public mutating func continueRow(afterCells cellCount: Int) {}

    public mutating func writeText(_ text: UnsafeBufferPointer<UInt8>) {
        buffer.append(byte: UInt8(ascii: " "))
        buffer.appendMarkdownCell(text)
        buffer.append(string: " |")
    }

    public mutating func writeNumericText(_ text: UnsafeBufferPointer<UInt8>) {
        writeText(text)
    }

    public mutating func writeNumber(_ value: Double) {
        buffer.append(byte: UInt8(ascii: " "))
        buffer.append(number: value, decimalComma: decimalComma)
        buffer.append(string: " |")
    }

    public mutating func writeNumber(_ value: Double, fractionDigits: Int) {
        buffer.append(byte: UInt8(ascii: " "))
        buffer.append(number: value, fractionDigits: fractionDigits, decimalComma: decimalComma)
        buffer.append(string: " |")
    }

    public mutating func writeInteger(_ value: Int) {
        buffer.append(byte: UInt8(ascii: " "))
        buffer.append(integer: value)
        buffer.append(string: " |")
    }

    public mutating func writeBlank() {
        buffer.append(string: "  |")
    }

    public mutating func endRow() throws(OutputError) {
        buffer.append(byte: 0x0A)
        try buffer.flushIfNeeded()
    }

    public mutating func finish() throws(OutputError) {
        try buffer.flush()
        try buffer.sink.commit()
    }
}
