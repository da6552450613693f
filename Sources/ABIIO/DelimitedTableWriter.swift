import Glibc
/// Writes CSV (RFC 4180) or TSV: a cell is quoted when it holds the delimiter, `"`, CR or LF, with
/// quotes doubled; text cells that a spreadsheet would execute get a `'` prefix
/// (``FormulaNeutralisation``). Lines end with LF.
public struct DelimitedTableWriter: TableWriter {
    /// The buffer the rows are formatted into; also usable directly for raw bytes.
    public var buffer: OutputBuffer
    /// `,` for CSV, tab for TSV, `;` for CSV with a decimal comma.
    public let delimiter: UInt8
    /// Whether numbers use `,` as the decimal mark.
    public let decimalComma: Bool
    @usableFromInline var cellsInRow = 0
    @usableFromInline var rowStart = 0

    /// A writer into `buffer`; `delimiter` must be ASCII and not `"`, CR or LF.
    public init(buffer: OutputBuffer, delimiter: UInt8 = UInt8(ascii: ","), decimalComma: Bool = false) {
        precondition(CSVDialect.isUsableDelimiter(delimiter), "delimiter must be ASCII and not a quote, CR or LF")
        self.buffer = buffer
        self.delimiter = delimiter
        self.decimalComma = decimalComma
    }

    public mutating func writeHeader(_ names: [String]) throws(OutputError) {
        try writeRow(names)
    }

    @inlinable @inline(__always)
    public mutating func beginRow() {
        cellsInRow = 0
        rowStart = buffer.count
    }

    public mutating func continueRow(afterCells cellCount: Int) {
        cellsInRow = cellCount
        rowStart = buffer.count
    }

    @inlinable @inline(__always)
    mutating func separate() {
        if cellsInRow > 0 { buffer.append(byte: delimiter) }
        cellsInRow &+= 1
    }

    /// Reserves room for a separator and `extra` bytes, stores the separator if one is due and
    /// returns where the cell goes and how many bytes are already used (0 or 1).
    @inlinable @inline(__always)
    mutating func startCell(reserving extra: Int) -> (out: UnsafeMutablePointer<UInt8>, used: Int) {
        let out = buffer.reserve(extra &+ 1)
        out.pointee = delimiter  // overwritten by the cell when no separator is due
        let used = cellsInRow > 0 ? 1 : 0
        cellsInRow &+= 1
        return (out, used)
    }

    public mutating func writeText(_ text: UnsafeBufferPointer<UInt8>) {
        let neutralise = FormulaNeutralisation.needsPrefix(text)
        guard let source = text.baseAddress, !needsQuotes(text) else {
            separate()
            appendEscaped(text, neutralise: neutralise)
            return
        }
        // The usual cell: no quoting, so one copy after the separator and the optional `'`.
        let count = text.count
        var (out, used) = startCell(reserving: count &+ 1)
        if neutralise {
            out[used] = UInt8(ascii: "'")
            used &+= 1
        }
        OutputBuffer.copyBytes(from: source, to: out + used, count: count)
        buffer.commit(used &+ count)
    }

    /// Whether `text` holds the delimiter, `"`, CR or LF, so that it must be quoted.
    @inline(__always)
    func needsQuotes(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        let delimiter = self.delimiter
        for byte in text where byte == delimiter || byte == UInt8(ascii: "\"") || byte == 0x0A || byte == 0x0D {
            return true
        }
        return false
    }

    /// Numbers are never neutralised; text passed here that is not a number still is, so a caller's
    /// mistake cannot open a formula-injection hole.
    public mutating func writeNumericText(_ text: UnsafeBufferPointer<UInt8>) {
        writeText(text)
    }

    public mutating func writeNumber(_ value: Double) {
        guard value.isFinite else {
            separate()
            return
        }
        // A decimal comma in a comma-separated file must be quoted.
        guard !(decimalComma && delimiter == UInt8(ascii: ",")) else {
            separate()
            let start = buffer.count
            buffer.append(number: value, decimalComma: true)
            if buffer.contains(byte: UInt8(ascii: ","), from: start) {
                buffer.insert(byte: UInt8(ascii: "\""), at: start)
                buffer.append(byte: UInt8(ascii: "\""))
            }
            return
        }
        // The usual cell: separator and digits in one reservation.
        let (out, used) = startCell(reserving: ShortestDecimal.maximumLength)
        let mark = decimalComma ? UInt8(ascii: ",") : UInt8(ascii: ".")
        buffer.commit(used &+ ShortestDecimal.format(value, decimalMark: mark, into: out + used))
    }

    public mutating func writeNumber(_ value: Double, fractionDigits: Int) {
        separate()
        let quoted = decimalComma && delimiter == UInt8(ascii: ",") && fractionDigits > 0 && value.isFinite
        if quoted { buffer.append(byte: UInt8(ascii: "\"")) }
        buffer.append(number: value, fractionDigits: fractionDigits, decimalComma: decimalComma)
        if quoted { buffer.append(byte: UInt8(ascii: "\"")) }
    }

    @inlinable @inline(__always)
    public mutating func writeCode(_ code: UnsafeBufferPointer<UInt8>) {
        let count = code.count
        var (out, used) = startCell(reserving: count)
        if let source = code.baseAddress {
            OutputBuffer.copyBytes(from: source, to: out + used, count: count)
            used &+= count
        }
        buffer.commit(used)
    }

    @inlinable @inline(__always)
    public mutating func writeHundredths(_ value: Int, decimalMark: UInt8) {
        var (out, used) = startCell(reserving: OutputBuffer.maxHundredthsLength &+ 2)
        // A decimal comma in a comma-separated file must be quoted; otherwise no quoting is needed.
        if _slowPath(decimalMark == delimiter) {
            out[used] = UInt8(ascii: "\"")
            used &+= 1
            used &+= OutputBuffer.formatHundredths(value, decimalMark: decimalMark, into: out + used)
            out[used] = UInt8(ascii: "\"")
            used &+= 1
        } else {
            used &+= OutputBuffer.formatHundredths(value, decimalMark: decimalMark, into: out + used)
        }
        buffer.commit(used)
    }

    /// Formatted in place: a number needs no neutralising, and no quoting unless its decimal mark is
    /// the delimiter (then written as ``writeNumericText(_:)`` writes it).
    @inlinable @inline(__always)
    public mutating func writeTrimmedHundredths(_ value: Int, decimalMark: UInt8) {
        guard _fastPath(decimalMark != delimiter) else {
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: OutputBuffer.maxTrimmedHundredthsLength) { scratch in
                let start = scratch.baseAddress!
                let length = OutputBuffer.formatTrimmedHundredths(value, decimalMark: decimalMark, into: start)
                writeNumericText(UnsafeBufferPointer(start: start, count: length))
            }
            return
        }
        let (out, used) = startCell(reserving: OutputBuffer.maxTrimmedHundredthsLength)
        buffer.commit(used &+ OutputBuffer.formatTrimmedHundredths(value, decimalMark: decimalMark, into: out + used))
    }

    @inlinable @inline(__always)
    public mutating func writeInteger(_ value: Int) {
        let (out, used) = startCell(reserving: 20)
        buffer.commit(used &+ OutputBuffer.formatInteger(value, into: out + used))
    }

    /// Copies the record's raw bytes when that is exactly what cell-by-cell writing would produce in
    /// meaning: same delimiter, RFC 4180 quoting as it stands (no stray or unterminated quote), and no
    /// field that needs formula neutralisation. Otherwise writes the fields one by one. The fast path
    /// is what makes `score` cheap on clean files.
    public mutating func writeFields(of record: inout CSVRecordParser) {
        let raw = record.rawRecord
        guard record.delimiter == delimiter, raw.count > 0, !record.hasNonCanonicalQuoting,
              !record.someFieldNeedsFormulaPrefix() else {
            for index in 0..<record.fieldCount { writeText(record.field(at: index)) }
            return
        }
        let count = raw.count
        let (out, used) = startCell(reserving: count)
        cellsInRow &+= record.fieldCount &- 1
        OutputBuffer.copyBytes(from: raw.baseAddress!, to: out + used, count: count)
        buffer.commit(used &+ count)
    }

    @inlinable @inline(__always)
    public mutating func writeBlank() {
        separate()
    }

    @inlinable @inline(__always)
    public mutating func endRow() throws(OutputError) {
        // A row of one empty cell would be a blank line, which readers skip; `""` keeps it a row.
        if cellsInRow <= 1 && buffer.count == rowStart {
            buffer.append(byte: UInt8(ascii: "\""))
            buffer.append(byte: UInt8(ascii: "\""))
        }
        buffer.append(byte: 0x0A)
        try buffer.flushIfNeeded()
    }

    public mutating func finish() throws(OutputError) {
        try buffer.flush()
        try buffer.sink.commit()
    }

    mutating func appendEscaped(_ text: UnsafeBufferPointer<UInt8>, neutralise: Bool) {
        let quote = UInt8(ascii: "\"")
        var needsQuotes = false
        for byte in text where byte == delimiter || byte == quote || byte == 0x0A || byte == 0x0D {
            needsQuotes = true
            break
        }
        if !needsQuotes {
            if neutralise { buffer.append(byte: UInt8(ascii: "'")) }
            buffer.append(raw: text)
            return
        }
        buffer.append(byte: quote)
        if neutralise { buffer.append(byte: UInt8(ascii: "'")) }
        // Runs between quotes copied whole; each quote doubled.
        var rest = text
        while let base = rest.baseAddress, !rest.isEmpty {
            guard let found = memchr(base, Int32(quote), rest.count) else {
                buffer.append(raw: rest)
                break
            }
            let run = UnsafeRawPointer(found) - UnsafeRawPointer(base) + 1  // through the quote
            buffer.append(raw: UnsafeBufferPointer(rebasing: rest[..<run]))
            buffer.append(byte: quote)
            rest = UnsafeBufferPointer(rebasing: rest[run...])
        }
        buffer.append(byte: quote)
    }
}
