/// Iterates the records of one ``CSVChunk`` without allocating per field.
///
/// Follows RFC 4180 (fields separated by the delimiter, records by CRLF, LF or CR; a field in double
/// quotes may contain delimiters, line breaks and doubled quotes `""`). Outside the RFC it is lenient
/// in one documented way that keeps it consistent with ``CSVChunkReader``'s boundary scan: every `"`
/// opens or closes a quoted section wherever it stands, so `ab"c,d"e` is the single field `abc,de`.
///
/// Field buffers returned by ``field(at:)`` and ``rawRecord`` stay valid until the next call to
/// ``nextRecord()`` and while the parser is alive; copy them if you need them longer.
///
/// ```swift
/// var parser = CSVRecordParser(chunk: chunk, delimiter: dialect.delimiter)
/// while try parser.nextRecord() {
///     let value = parser.field(at: 3)   // UnsafeBufferPointer<UInt8>, unescaped
/// }
/// ```
/// A blank line is a record with one empty field (see ``isBlankRecord``). A terminator at the very
/// end of the chunk does not start another record.
///
/// Create one parser per chunk and thread and do not keep copies: copies share the reused field
/// storage, so advancing one changes what the other sees. (It is not `~Copyable` because the Swift
/// 6.3 compiler crashes on `#expect` over non-copyable values.) Not `Sendable`; chunks are.
public struct CSVRecordParser {
    struct FieldBounds {
        var rawStart: Int
        var start: Int
        var end: Int
        var inScratch: Bool
    }

    /// Reusable memory for field bounds and unescaped fields; grows, never shrinks.
    final class Workspace {
        var fields: UnsafeMutablePointer<FieldBounds>
        var fieldCapacity: Int
        var scratch: UnsafeMutablePointer<UInt8>
        var scratchCapacity: Int

        init() {
            fieldCapacity = 64
            fields = .allocate(capacity: fieldCapacity)
            scratchCapacity = 256
            scratch = .allocate(capacity: scratchCapacity)
        }

        func growFields() {
            let bigger = UnsafeMutablePointer<FieldBounds>.allocate(capacity: fieldCapacity * 2)
            bigger.moveInitialize(from: fields, count: fieldCapacity)
            fields.deallocate()
            fields = bigger
            fieldCapacity *= 2
        }

        func ensureScratch(_ needed: Int) {
            guard needed > scratchCapacity else { return }
            let newCapacity = max(needed, scratchCapacity * 2)
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
            bigger.update(from: scratch, count: scratchCapacity)
            scratch.deallocate()
            scratch = bigger
            scratchCapacity = newCapacity
        }

        deinit {
            fields.deallocate()
            scratch.deallocate()
        }
    }

    let chunk: CSVChunk
    let base: UnsafePointer<UInt8>
    let end: Int
    /// The field separator this parser splits at.
    public let delimiter: UInt8
    let workspace = Workspace()
    var position = 0
    var nextLine: Int
    var finished = false
    var scratchUsed = 0
    var recordStart = 0
    var recordEnd = 0
    /// Whether some field of the current record starts with a byte that may call for a formula
    /// prefix (a superset; see ``someFieldNeedsFormulaPrefix()``).
    var mayNeedFormulaPrefix = false

    /// The 1-based physical line on which the current record starts.
    public private(set) var recordLine: Int
    /// The number of fields in the current record (at least 1).
    public private(set) var fieldCount = 0

    /// A parser over `chunk`, splitting fields at `delimiter` (an ASCII byte other than `"`, CR, LF).
    public init(chunk: CSVChunk, delimiter: UInt8) {
        precondition(CSVDialect.isUsableDelimiter(delimiter), "delimiter must be ASCII and not a quote, CR or LF")
        self.chunk = chunk
        self.base = UnsafePointer(chunk.storage.pointer)
        self.end = chunk.storage.count
        self.delimiter = delimiter
        self.nextLine = chunk.firstLine
        self.recordLine = chunk.firstLine
    }

    /// Advances to the next record; returns false at the end of the chunk.
    ///
    /// - Throws: ``CSVError/unterminatedQuote(line:column:)`` when a quoted field runs to the end of
    ///   the chunk. The record (its last field running to the end) is still available after the throw;
    ///   the following call returns false.
    /// - Complexity: O(length of the record).
    public mutating func nextRecord() throws(CSVError) -> Bool {
        guard !finished, position < end else {
            finished = true
            return false
        }
        recordLine = nextLine
        recordStart = position
        fieldCount = 0
        scratchUsed = 0
        mayNeedFormulaPrefix = false
        var lineBreaksInside = 0
        var p = position
        let quote = UInt8(ascii: "\"")
        let delimiter = self.delimiter
        // Unquoted fields are found eight bytes at a time: `marks` flags the special bytes (delimiter,
        // quote, CR, LF) among the eight starting at `wordAt` that lie at or after `p`, and
        // `delimiters` which of those are the delimiter.
        var wordAt = p
        var (marks, delimiters) = specialBytes(at: p)
        while true {
            let rawStart = p
            while marks == 0 {
                wordAt &+= 8
                if wordAt >= end { break }
                (marks, delimiters) = specialBytes(at: wordAt)
            }
            guard marks != 0 else {
                // The last field runs to the end of the chunk.
                if end > rawStart { noteFirstByte(base[rawStart]) }
                appendField(FieldBounds(rawStart: rawStart, start: rawStart, end: end, inScratch: false))
                recordEnd = end
                position = end
                break
            }
            p = wordAt &+ marks.trailingZeroBitCount &>> 3
            let lowest = marks & (0 &- marks)
            if lowest & delimiters != 0 {
                // The usual case: an unquoted field ending at a delimiter.
                if p > rawStart { noteFirstByte(base[rawStart]) }
                appendField(FieldBounds(rawStart: rawStart, start: rawStart, end: p, inScratch: false))
                p &+= 1
                marks ^= lowest
                continue
            }
            if base[p] == quote {
                let outcome = parseQuotedField(from: rawStart)
                p = outcome.next
                lineBreaksInside += outcome.lineBreaks
                if let openedAt = outcome.unterminatedQuoteAt {
                    recordEnd = end
                    position = end
                    finished = true
                    nextLine = recordLine + 1 + lineBreaksInside
                    let location = location(ofOffset: openedAt)
                    throw .unterminatedQuote(line: location.line, column: location.column)
                }
                if p >= end {
                    recordEnd = end
                    position = end
                    break
                }
                if base[p] == delimiter {
                    p &+= 1
                    wordAt = p
                    (marks, delimiters) = specialBytes(at: p)
                    continue
                }
            } else {
                if p > rawStart { noteFirstByte(base[rawStart]) }
                appendField(FieldBounds(rawStart: rawStart, start: rawStart, end: p, inScratch: false))
            }
            // A line break ends the record.
            recordEnd = p
            if base[p] == 0x0D && p + 1 < end && base[p + 1] == 0x0A {
                position = p + 2
            } else {
                position = p + 1
            }
            break
        }
        nextLine = recordLine + 1 + lineBreaksInside
        return true
    }

    /// 0x80 in each byte lane of the eight bytes at `offset` (fewer at the end of the chunk) that
    /// holds the delimiter, `"`, CR or LF, and the same for the delimiter alone; lane 0 is the byte
    /// at `offset`.
    @inline(__always)
    func specialBytes(at offset: Int) -> (marks: UInt64, delimiters: UInt64) {
        let available = end &- offset
        var word: UInt64
        var valid: UInt64 = 0x8080_8080_8080_8080
        if _fastPath(available >= 8) {
            word = UInt64(littleEndian: UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self))
        } else {
            guard available > 0 else { return (0, 0) }
            word = 0
            for index in 0..<available { word |= UInt64(base[offset &+ index]) << UInt64(index &* 8) }
            valid &= (1 << UInt64(available &* 8)) &- 1
        }
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let lanes: UInt64 = 0x0101_0101_0101_0101
        // Bit 7 of a lane of `nonzero(x)` is set exactly when that byte of x is not zero (no carries
        // cross lanes), so a lane is special when it differs from none of the four bytes.
        @inline(__always) func nonzero(_ x: UInt64) -> UInt64 { ((x & low) &+ low) | x }
        let notDelimiter = nonzero(word ^ (UInt64(delimiter) &* lanes))
        let differs = notDelimiter & nonzero(word ^ (0x22 &* lanes))
            & nonzero(word ^ (0x0A &* lanes)) & nonzero(word ^ (0x0D &* lanes))
        return (~differs & valid, ~notDelimiter & valid)
    }

    /// Bit 0 set when `byte`, a field's first unescaped byte, is one a formula prefix may be needed
    /// for: tab, CR, `+`, `-`, `=` or `@` (and byte 0: a superset, refined by
    /// ``someFieldNeedsFormulaPrefix()``).
    @inline(__always)
    static func triggerBits(_ byte: UInt8) -> UInt64 {
        // Bit b for byte b, `@` (64) as bit 0: the shift amount is taken modulo 64.
        let triggers: UInt64 = 1 << 0x09 | 1 << 0x0D | 1 << 0x2B | 1 << 0x2D | 1 << 0x3D | 1 << (0x40 & 63)
        return byte <= 0x40 ? triggers &>> UInt64(byte) : 0
    }

    /// Notes a field's first unescaped byte (see ``triggerBits(_:)``).
    @inline(__always)
    mutating func noteFirstByte(_ byte: UInt8) {
        if Self.triggerBits(byte) & 1 != 0 { mayNeedFormulaPrefix = true }
    }

    @inline(__always)
    mutating func appendField(_ bounds: FieldBounds) {
        if _slowPath(fieldCount == workspace.fieldCapacity) { workspace.growFields() }
        workspace.fields[fieldCount] = bounds
        fieldCount &+= 1
    }

    /// Parses a field containing at least one quote, starting at `rawStart`.
    mutating func parseQuotedField(from rawStart: Int) -> (next: Int, lineBreaks: Int, unterminatedQuoteAt: Int?) {
        let quote = UInt8(ascii: "\"")
        var lineBreaks = 0
        // Common case `"text"`: no escapes, the closing quote ends the field.
        if base[rawStart] == quote {
            var q = rawStart + 1
            while q < end && base[q] != quote {
                let byte = base[q]
                if byte == 0x0A || (byte == 0x0D && !(q + 1 < end && base[q + 1] == 0x0A)) { lineBreaks += 1 }
                q += 1
            }
            if q < end {
                let after = q + 1
                if after == end || base[after] == delimiter || base[after] == 0x0A || base[after] == 0x0D {
                    if q > rawStart + 1 { noteFirstByte(base[rawStart + 1]) }
                    appendField(FieldBounds(rawStart: rawStart, start: rawStart + 1, end: q, inScratch: false))
                    return (after, lineBreaks, nil)
                }
            }
            lineBreaks = 0
        }
        // General case: unescape into scratch. Each quote toggles quoting; `""` inside quotes is one quote.
        // Unescaped text is never longer than the raw field; grow as the field turns out long.
        workspace.ensureScratch(scratchUsed + 64)
        var scratch = workspace.scratch
        var scratchEnd = workspace.scratchCapacity
        let outStart = scratchUsed
        var out = scratchUsed
        var p = rawStart
        var inQuotes = false
        var openedAt = rawStart
        while p < end {
            if out == scratchEnd {
                workspace.ensureScratch(out + 1)
                scratch = workspace.scratch
                scratchEnd = workspace.scratchCapacity
            }
            let byte = base[p]
            if inQuotes {
                if byte == quote {
                    if p + 1 < end && base[p + 1] == quote {
                        scratch[out] = quote
                        out += 1
                        p += 2
                    } else {
                        inQuotes = false
                        p += 1
                    }
                    continue
                }
                if byte == 0x0A || (byte == 0x0D && !(p + 1 < end && base[p + 1] == 0x0A)) { lineBreaks += 1 }
            } else {
                if byte == quote {
                    inQuotes = true
                    openedAt = p
                    p += 1
                    continue
                }
                if byte == delimiter || byte == 0x0A || byte == 0x0D { break }
            }
            scratch[out] = byte
            out += 1
            p += 1
        }
        scratchUsed = out
        if out > outStart { noteFirstByte(scratch[outStart]) }
        appendField(FieldBounds(rawStart: rawStart, start: outStart, end: out, inScratch: true))
        return (p, lineBreaks, inQuotes ? openedAt : nil)
    }

    /// The unescaped bytes of field `index` (0-based) of the current record.
    ///
    /// Surrounding quotes are removed and doubled quotes collapsed. Valid until the next ``nextRecord()``.
    @inline(__always)
    public func field(at index: Int) -> UnsafeBufferPointer<UInt8> {
        precondition(index >= 0 && index < fieldCount, "field index \(index) out of range 0..<\(fieldCount)")
        let bounds = workspace.fields[index]
        let start = bounds.inScratch ? UnsafePointer(workspace.scratch) : base
        return UnsafeBufferPointer(start: start + bounds.start, count: bounds.end - bounds.start)
    }

    /// Field `index` decoded as a String (replacing invalid UTF-8 with U+FFFD). Allocates; not for the hot path.
    public func fieldString(at index: Int) -> String {
        String(decoding: field(at: index), as: UTF8.self)
    }

    /// All fields of the current record as Strings. Allocates; not for the hot path.
    public var fieldStrings: [String] {
        var strings: [String] = []
        strings.reserveCapacity(fieldCount)
        for index in 0..<fieldCount { strings.append(fieldString(at: index)) }
        return strings
    }

    /// The bytes of the whole current record exactly as in the input, without its line terminator.
    public var rawRecord: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base + recordStart, count: recordEnd - recordStart)
    }

    /// Whether some field of the current record needs the formula-injection prefix
    /// (``FormulaNeutralisation/needsPrefix(_:)``): a test of each field's first byte, and the full
    /// check only for fields starting with one of the trigger bytes.
    func someFieldNeedsFormulaPrefix() -> Bool {
        guard mayNeedFormulaPrefix else { return false }
        // Bit b set for the trigger bytes with b = byte % 64: tab, CR, `+`, `-`, `=`, and `@` (64 -> 0).
        let triggers: UInt64 = 1 << 0x09 | 1 << 0x0D | 1 << 0x2B | 1 << 0x2D | 1 << 0x3D | 1 << (0x40 & 63)
        let fields = workspace.fields
        let scratch = UnsafePointer(workspace.scratch)
        var index = 0
        while index < fieldCount {
            let bounds = fields[index]
            if bounds.start < bounds.end {
                let first = bounds.inScratch ? scratch[bounds.start] : base[bounds.start]
                // A cheap superset first (byte 0 passes too); the exact test only for candidates.
                if first <= 0x40 && (triggers >> UInt64(first & 63)) & 1 != 0
                    && FormulaNeutralisation.needsPrefix(field(at: index)) {
                    return true
                }
            }
            index &+= 1
        }
        return false
    }

    /// Whether the current record is an empty line (one empty, unquoted field).
    public var isBlankRecord: Bool {
        fieldCount == 1 && recordEnd == recordStart
    }
}
