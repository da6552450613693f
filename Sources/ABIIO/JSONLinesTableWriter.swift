/// Writes JSON Lines (https://jsonlines.org): one object per row keyed by the header names.
///
/// Strings are escaped per RFC 8259 section 7 (`"`, `\` and control characters below U+0020);
/// numbers are JSON numbers; blank cells, NaN and infinities are `null`. Numeric text that is not a
/// valid JSON number (`+5`, `.5`, `1,5`) is normalised through Double; if it cannot be, it is a string.
public struct JSONLinesTableWriter: TableWriter {
    /// The buffer the objects are formatted into.
    public var buffer: OutputBuffer
    /// Each key pre-rendered as `"name":`, with the comma for all but the first.
    var renderedKeys: [[UInt8]] = []
    var cellsInRow = 0

    /// A writer into `buffer`; call ``writeHeader(_:)`` first to name the keys.
    public init(buffer: OutputBuffer) {
        self.buffer = buffer
    }

    public mutating func writeHeader(_ names: [String]) throws(OutputError) {
        renderedKeys = names.enumerated().map { index, name in
            var key = OutputBuffer(sink: buffer.sink, flushThreshold: 64)
            if index > 0 { key.append(byte: UInt8(ascii: ",")) }
            var copy = name
            copy.withUTF8 { key.appendJSONString($0) }
            key.append(byte: UInt8(ascii: ":"))
            return key.pendingBytes
        }
    }

    public mutating func beginRow() {
        buffer.append(byte: UInt8(ascii: "{"))
        cellsInRow = 0
    }

    public mutating func continueRow(afterCells cellCount: Int) {
        cellsInRow = cellCount
    }

    /// Writes the key of the next cell. Cells beyond the header get keys `column_N` (1-based).
    mutating func key() {
        if cellsInRow < renderedKeys.count {
            renderedKeys[cellsInRow].withUnsafeBufferPointer { buffer.append(raw: $0) }
        } else {
            if cellsInRow > 0 { buffer.append(byte: UInt8(ascii: ",")) }
            buffer.append(string: "\"column_\(cellsInRow + 1)\":")
        }
        cellsInRow += 1
    }

    public mutating func writeText(_ text: UnsafeBufferPointer<UInt8>) {
        key()
        buffer.appendJSONString(text)
    }

    public mutating func writeNumericText(_ text: UnsafeBufferPointer<UInt8>) {
        key()
        if JSONLinesTableWriter.isJSONNumber(text) {
            buffer.append(raw: text)
            return
        }
        let normalised = String(decoding: text.map { $0 == UInt8(ascii: ",") ? UInt8(ascii: ".") : $0 }, as: UTF8.self)
        if NumericText.shape(of: text) != nil, let value = Double(normalised), buffer.append(number: value) {
            return
        }
        buffer.appendJSONString(text)
    }

    public mutating func writeNumber(_ value: Double) {
        key()
        if !buffer.append(number: value) { buffer.append(string: "null") }
    }

    public mutating func writeNumber(_ value: Double, fractionDigits: Int) {
        key()
        if !buffer.append(number: value, fractionDigits: fractionDigits) { buffer.append(string: "null") }
    }

    public mutating func writeInteger(_ value: Int) {
        key()
        buffer.append(integer: value)
    }

    public mutating func writeBlank() {
        key()
        buffer.append(string: "null")
    }

    public mutating func endRow() throws(OutputError) {
        buffer.append(byte: UInt8(ascii: "}"))
        buffer.append(byte: 0x0A)
        try buffer.flushIfNeeded()
    }

    public mutating func finish() throws(OutputError) {
        try buffer.flush()
        try buffer.sink.commit()
    }

    /// RFC 8259 section 6: `-? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?`.
    static func isJSONNumber(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = text.count
        func isDigit(_ index: Int) -> Bool { index < n && text[index] >= 0x30 && text[index] <= 0x39 }
        if i < n && text[i] == UInt8(ascii: "-") { i += 1 }
        guard isDigit(i) else { return false }
        if text[i] == UInt8(ascii: "0") {
            i += 1
        } else {
            while isDigit(i) { i += 1 }
        }
        if i < n && text[i] == UInt8(ascii: ".") {
            i += 1
            guard isDigit(i) else { return false }
            while isDigit(i) { i += 1 }
        }
        if i < n && (text[i] == UInt8(ascii: "e") || text[i] == UInt8(ascii: "E")) {
            i += 1
            if i < n && (text[i] == UInt8(ascii: "+") || text[i] == UInt8(ascii: "-")) { i += 1 }
            guard isDigit(i) else { return false }
            while isDigit(i) { i += 1 }
        }
        return i == n
    }
}
