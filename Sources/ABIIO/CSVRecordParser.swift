import CByteClassifier
import Glibc

/// Iterates the records of one ``CSVChunk`` without allocating per field.
///
/// Follows RFC 4180 (fields separated by the delimiter, records by CRLF, LF or CR; a field in double
/// quotes may contain delimiters, line breaks and doubled quotes `""`). Outside the RFC it reads as
/// Python's csv module and pandas do, and as ``CSVChunkReader``'s boundary scan splits: only a `"`
/// that starts a field opens a quoted section; a `"` inside an unquoted field is a literal character
/// (`5'11" tall` is one field), and text after a closing quote is kept literally (`"ab"c` is `abc`).
/// A quote that opens a field and is never closed is reported
/// (so is one "closed" only on a later line by a quote followed by more text: that is a stray quote
/// in a later record, and taking it as the close would swallow every record in between)
/// (``CSVError/unterminatedQuote(line:column:)``), read as a literal, and reading resumes at the next
/// line break, so no later record is lost.
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
    /// Raw bytes `rawStart..<end` of the chunk; unescaped bytes `start..<end` of the chunk, or of the
    /// workspace's scratch when `inScratch`. A C struct: the plain-record scan (CByteClassifier)
    /// stores it too.
    @usableFromInline
    typealias FieldBounds = abikit_field_bounds

    /// Reusable memory for field bounds and unescaped fields; grows, never shrinks.
    // Read by inlined code in other modules; one parser per thread owns it, so dynamic exclusivity
    // checks are skipped.
    @usableFromInline
    final class Workspace {
        @usableFromInline @exclusivity(unchecked) var fields: UnsafeMutablePointer<FieldBounds>
        @exclusivity(unchecked) var fieldCapacity: Int
        @usableFromInline @exclusivity(unchecked) var scratch: UnsafeMutablePointer<UInt8>
        @exclusivity(unchecked) var scratchCapacity: Int

        init() {
            fieldCapacity = 64
            fields = .allocate(capacity: fieldCapacity)
            // Initialised: the bounds of a column `wantedColumns` leaves out are never stored, and
            // reading them must give an in-chunk range, not uninitialised memory.
            fields.initialize(repeating: FieldBounds(rawStart: 0, start: 0, end: 0, inScratch: false), count: fieldCapacity)
            scratchCapacity = 256
            scratch = .allocate(capacity: scratchCapacity)
        }

        func growFields() {
            let bigger = UnsafeMutablePointer<FieldBounds>.allocate(capacity: fieldCapacity * 2)
            bigger.moveInitialize(from: fields, count: fieldCapacity)
            (bigger + fieldCapacity).initialize(repeating: FieldBounds(rawStart: 0, start: 0, end: 0, inScratch: false),
                                                count: fieldCapacity)
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
    @usableFromInline let base: UnsafePointer<UInt8>
    let end: Int
    /// The field separator this parser splits at.
    public let delimiter: UInt8
    @usableFromInline let workspace = Workspace()
    var position = 0
    var nextLine: Int
    var finished = false
    /// Records in a row the plain-record scan handed back (a quote in them); at
    /// ``plainScanGiveUp`` the chunk is read the general way only, so a fully quoted file does not
    /// classify each record twice.
    @usableFromInline var plainScanMisses = 0
    @usableFromInline static var plainScanGiveUp: Int { 16 }
    var scratchUsed = 0
    @usableFromInline var recordStart = 0
    var recordEnd = 0
    /// Whether some field of the current record starts with a byte that may call for a formula
    /// prefix (a superset; see ``someFieldNeedsFormulaPrefix()``).
    var mayNeedFormulaPrefix = false
    /// Whether the current record's raw bytes are not RFC 4180 as they stand: a quote inside an
    /// unquoted field, text after a closing quote, or an unterminated quote. Writers then write the
    /// fields one by one instead of copying ``rawRecord``.
    public internal(set) var hasNonCanonicalQuoting = false

    /// The 1-based physical line on which the current record starts.
    public private(set) var recordLine: Int
    /// The number of fields in the current record (at least 1), at most ``fieldLimit``.
    public private(set) var fieldCount = 0
    /// Fields of the current record past ``fieldLimit``: counted, not split out.
    var fieldsPastLimit = 0
    /// The number of fields the current record has, including those past ``fieldLimit``: what a
    /// width check against the header compares (``fieldCount`` stops at the limit).
    public var recordFieldCount: Int { fieldCount &+ fieldsPastLimit }
    /// Whether the current record runs over more than one physical line (a quoted field holds a
    /// line break).
    public var spansLines: Bool { nextLine > recordLine + 1 }

    /// The fields a caller reads: past this many, a record is not split into fields, only scanned
    /// for its end (by the same quoting rules), so `fieldCount` is at most this. For readers that
    /// need a few leading columns of a wide file. At least 1.
    public var fieldLimit = Int.max {
        didSet { precondition(fieldLimit >= 1, "fieldLimit must be at least 1") }
    }

    /// The columns below 64 a caller reads, bit i for column i (columns from 64 on are always
    /// split out). The fields of other columns are counted and scanned by the same quoting rules but
    /// their bounds are not stored: what ``field(at:)`` (a debug build traps), ``fieldLine(at:)``
    /// and the other field accessors give for such a column is some range of the chunk, not its
    /// field. Column 0 is always stored. For readers of a few scattered columns of a wide file.
    public var wantedColumns: UInt64 = ~0 {
        didSet { wantedColumns |= 1 }
    }

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
    /// - Throws: ``CSVError/unterminatedQuote(line:column:)`` when a field opens a quote that is not
    ///   closed before the end of the chunk (a chunk from ``CSVChunkReader`` only ends inside quotes at
    ///   the end of the input). That quote is then read as a literal character, the field runs to the
    ///   next delimiter or line break, and the record ends at that line break as any other: the record
    ///   is available after the throw and the next call goes on with the next line.
    /// - Complexity: O(length of the record); O(rest of the chunk) for an unterminated quote.
    @inlinable
    public mutating func nextRecord() throws(CSVError) -> Bool {
        // Two copies of the loop, each a function of its own: the usual one has no test for
        // unwanted columns (and, apart, keeps its registers: inlined together they spilled more).
        if wantedColumns == ~0 { return try readEveryColumn() }
        return try readWantedColumns()
    }

    // Each tries the plain-record scan first, in a small frame; the loop's large one is set up only
    // for the other records.
    @inline(never) @usableFromInline
    mutating func readEveryColumn() throws(CSVError) -> Bool {
        if _fastPath(plainScanMisses < Self.plainScanGiveUp) && readPlainRecord(wanted: ~0) { return true }
        return try readEveryColumnInLoop()
    }

    @inline(never) @usableFromInline
    mutating func readWantedColumns() throws(CSVError) -> Bool {
        if _fastPath(plainScanMisses < Self.plainScanGiveUp) && readPlainRecord(wanted: wantedColumns) { return true }
        return try readWantedColumnsInLoop()
    }

    @inline(never)
    mutating func readEveryColumnInLoop() throws(CSVError) -> Bool { try readRecord(skipsColumns: false) }

    @inline(never)
    mutating func readWantedColumnsInLoop() throws(CSVError) -> Bool { try readRecord(skipsColumns: true) }

    /// The next record when it is plain, no quote before its line break: split in one C pass
    /// (`abikit_scan_plain_record`, AVX2 where the CPU has it), the same fields and state as the
    /// loop of ``readRecord(skipsColumns:)`` gives. False, changing nothing but
    /// ``plainScanMisses``, for any other record and at the end of the chunk.
    @inline(__always)
    mutating func readPlainRecord(wanted: UInt64) -> Bool {
        guard !finished, position < end else { return false }
        var request = abikit_scan_request(base: base, end: end, wanted: wanted, limit: fieldLimit,
                                          fields: workspace.fields, capacity: workspace.fieldCapacity,
                                          delimiter: delimiter)
        let scan = abikit_scan_plain_record(&request, position)
        guard _fastPath(scan.lineBreak >= 0) else {
            plainScanMisses &+= 1
            return false
        }
        plainScanMisses = 0
        recordLine = nextLine
        recordStart = position
        fieldCount = abikit_scan_field_count(scan)
        fieldsPastLimit = abikit_scan_fields_past_limit(scan)
        scratchUsed = 0
        mayNeedFormulaPrefix = abikit_scan_prefix_candidate(scan)
        hasNonCanonicalQuoting = false
        recordEnd = scan.lineBreak
        position = abikit_scan_next(scan)
        nextLine = recordLine &+ 1
        return true
    }

    /// ``nextRecord()``; with `skipsColumns` false, every column is stored whatever ``wantedColumns``
    /// says (a constant: each call site gets its own loop).
    @inline(__always)
    mutating func readRecord(skipsColumns: Bool) throws(CSVError) -> Bool {
        guard !finished, position < end else {
            finished = true
            return false
        }
        recordLine = nextLine
        recordStart = position
        fieldCount = 0
        fieldsPastLimit = 0
        scratchUsed = 0
        mayNeedFormulaPrefix = false
        hasNonCanonicalQuoting = false
        var unterminatedQuoteAt: Int? = nil
        var lineBreaksInside = 0
        var p = position
        let quote = UInt8(ascii: "\"")
        let delimiter = self.delimiter
        // Unquoted fields are found 64 bytes at a time: `marks` flags the special bytes (delimiter,
        // quote, CR, LF) among the 64 starting at `wordAt` that lie at or after `p`, one bit a byte,
        // and `delimiters` which of those are the delimiter.
        var wordAt = p
        var (marks, delimiters) = specialBytes(at: p)
        // The field count, bounds storage and formula-prefix flag live in locals in this loop (the
        // compiler keeps them in registers; through `self` each field stored and reloaded them) and
        // are handed back to `self` around the slow paths that append fields themselves.
        let limit = fieldLimit
        let unwanted = skipsColumns ? ~wantedColumns : 0
        var count = 0
        var fields = workspace.fields
        var capacity = workspace.fieldCapacity
        var prefixCandidate = false
        @inline(__always) func appendUnquoted(from start: Int, to stop: Int) {
            if stop > start && Self.triggerBits(base[start]) & 1 != 0 { prefixCandidate = true }
            if _slowPath(count == capacity) {
                workspace.growFields()
                fields = workspace.fields
                capacity = workspace.fieldCapacity
            }
            fields[count] = FieldBounds(rawStart: start, start: start, end: stop, inScratch: false)
            count &+= 1
        }
        while true {
            let rawStart = p
            while marks == 0 {
                wordAt &+= Self.blockSize
                if wordAt >= end { break }
                (marks, delimiters) = specialBytes(at: wordAt)
            }
            guard marks != 0 else {
                // The last field runs to the end of the chunk.
                appendUnquoted(from: rawStart, to: end)
                recordEnd = end
                position = end
                break
            }
            p = wordAt &+ marks.trailingZeroBitCount
            let lowest = marks & (0 &- marks)
            if lowest & delimiters != 0 {
                // The usual case: unquoted fields ending at delimiters, taken in one tight loop up to
                // the block's first quote or line break.
                let others = marks & ~delimiters
                var run = others == 0 ? marks : marks & ((others & (0 &- others)) &- 1)
                var start = rawStart
                if _fastPath(unwanted == 0) {
                    repeat {
                        let stop = wordAt &+ run.trailingZeroBitCount
                        appendUnquoted(from: start, to: stop)
                        start = stop &+ 1
                        run &= run &- 1
                        marks &= marks &- 1
                    } while run != 0 && count != limit
                } else {
                    repeat {
                        // Unwanted columns from `count` on, up to column 63 (so `count` never passes the
                        // initial capacity of 64 unstored). Past the limit (the fields after a quote
                        // there are split as usual, then cut back) nothing is skipped.
                        let skip = count < 64 && count < limit
                            ? Swift.min((~unwanted &>> UInt64(count)).trailingZeroBitCount, 64 &- count) : 0
                        if skip == 0 {
                            let stop = wordAt &+ run.trailingZeroBitCount
                            appendUnquoted(from: start, to: stop)
                            start = stop &+ 1
                            run &= run &- 1
                            marks &= marks &- 1
                            continue
                        }
                        // A stretch of unwanted fields: their delimiters are passed over in bulk,
                        // nothing stored. `fields[count...]` keeps stale bounds, never read.
                        var take = Swift.min(skip, run.nonzeroBitCount, limit &- count)
                        let before = run
                        count &+= take
                        while take > 0 {
                            run &= run &- 1
                            take &-= 1
                        }
                        let passed = before & ~run
                        marks &= ~passed
                        start = wordAt &+ (64 &- passed.leadingZeroBitCount)
                    } while run != 0 && count != limit
                }
                p = start
                if _slowPath(count == limit) {
                    // The rest of the record is not wanted: jump to its line break. A quote on the
                    // way may open a quoted section (only at a field start): the field loop takes
                    // over again at the start of that field, and `fieldCount` is cut back below.
                    let (next, isQuote, delimitersBefore) = nextQuoteOrLineBreak(from: p)
                    // Each delimiter skipped ends a field; without a quote, so does the line break.
                    fieldsPastLimit &+= isQuote ? delimitersBefore : delimitersBefore &+ 1
                    if isQuote {
                        var fieldStart = next
                        while fieldStart > p && base[fieldStart &- 1] != delimiter { fieldStart &-= 1 }
                        p = fieldStart
                        wordAt = p
                        (marks, delimiters) = specialBytes(at: p)
                        continue
                    }
                    if next >= end {
                        recordEnd = end
                        position = end
                        break
                    }
                    p = next
                    recordEnd = p
                    if base[p] == 0x0D && p &+ 1 < end && base[p &+ 1] == 0x0A {
                        position = p &+ 2
                    } else {
                        position = p &+ 1
                    }
                    break
                }
                continue
            }
            if base[p] == quote {
                fieldCount = count
                defer {
                    count = fieldCount
                    fields = workspace.fields
                    capacity = workspace.fieldCapacity
                }
                if _slowPath(p != rawStart) {
                    // A quote inside an unquoted field is a character (as Python's csv reads it).
                    p = appendLiteralField(from: rawStart)
                } else {
                    let outcome = parseQuotedField(from: rawStart)
                    if _slowPath(outcome.unterminated) {
                        // The opening quote is read as a character, the field up to the next
                        // delimiter or line break; the record ends at that line break as usual.
                        if unterminatedQuoteAt == nil { unterminatedQuoteAt = rawStart }
                        p = appendLiteralField(from: rawStart)
                    } else {
                        p = outcome.next
                        lineBreaksInside &+= outcome.lineBreaks
                    }
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
                appendUnquoted(from: rawStart, to: p)
            }
            // A line break ends the record.
            recordEnd = p
            if base[p] == 0x0D && p &+ 1 < end && base[p &+ 1] == 0x0A {
                position = p &+ 2
            } else {
                position = p &+ 1
            }
            break
        }
        fieldCount = count
        if prefixCandidate { mayNeedFormulaPrefix = true }
        nextLine = recordLine &+ 1 &+ lineBreaksInside
        if _slowPath(fieldCount > fieldLimit) {
            fieldsPastLimit &+= fieldCount &- fieldLimit
            fieldCount = fieldLimit
        }
        if let openedAt = unterminatedQuoteAt {
            let location = location(ofOffset: openedAt)
            throw .unterminatedQuote(line: location.line, column: location.column)
        }
        return true
    }

    /// The offset of the first `"`, CR or LF at or after `offset` (64 bytes at a time), or `end`;
    /// whether it is a quote; how many delimiters come before it.
    @inline(__always)
    func nextQuoteOrLineBreak(from offset: Int) -> (offset: Int, isQuote: Bool, delimitersBefore: Int) {
        var wordAt = offset
        var delimitersBefore = 0
        while wordAt < end {
            let (marks, delimiters) = specialBytes(at: wordAt)
            let found = marks & ~delimiters
            if found != 0 {
                let lowest = found & (0 &- found)
                delimitersBefore &+= (delimiters & (lowest &- 1)).nonzeroBitCount
                let at = wordAt &+ found.trailingZeroBitCount
                return (at, base[at] == UInt8(ascii: "\""), delimitersBefore)
            }
            delimitersBefore &+= delimiters.nonzeroBitCount
            wordAt &+= Self.blockSize
        }
        return (end, false, delimitersBefore)
    }

    /// Appends the field starting at `rawStart` read without quoting (every `"` a character) up to
    /// the next delimiter, CR or LF, whose offset it returns (or the end of the chunk). Marks the
    /// record non-canonical: its raw bytes are not RFC 4180 as they stand.
    mutating func appendLiteralField(from rawStart: Int) -> Int {
        hasNonCanonicalQuoting = true
        var p = rawStart
        while p < end {
            let byte = base[p]
            if byte == delimiter || byte == 0x0A || byte == 0x0D { break }
            p &+= 1
        }
        if p > rawStart { noteFirstByte(base[rawStart]) }
        appendField(FieldBounds(rawStart: rawStart, start: rawStart, end: p, inScratch: false))
        return p
    }

    /// The bytes per ``specialBytes(at:)`` block.
    static let blockSize = 64

    /// Bit i set for byte `offset + i` of the 64 at `offset` (fewer at the end of the chunk) that
    /// is the delimiter, `"`, CR or LF, and the same for the delimiter alone.
    @inline(__always)
    func specialBytes(at offset: Int) -> (marks: UInt64, delimiters: UInt64) {
        let available = end &- offset
        if _fastPath(available >= Self.blockSize) {
            let classes = abikit_classify64(base + offset, delimiter)
            return (classes.marks, classes.delimiters)
        }
        return Self.specialBytesOfTail(base + offset, available: available, delimiter: delimiter)
    }

    /// ``specialBytes(at:)`` for the last block of the chunk: its bytes copied into a zeroed block.
    /// (Static: a method call on `self` from the mutating parser loop copies the whole parser.)
    @inline(never)
    static func specialBytesOfTail(_ start: UnsafePointer<UInt8>, available: Int, delimiter: UInt8) -> (marks: UInt64, delimiters: UInt64) {
        guard available > 0 else { return (0, 0) }
        var block: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &block) { raw in
            let bytes = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            bytes.update(from: start, count: available)
            let classes = abikit_classify64(bytes, delimiter)
            // available < 64: a zero byte is never special, but the mask keeps that explicit.
            let valid: UInt64 = (1 << UInt64(available)) &- 1
            return (classes.marks & valid, classes.delimiters & valid)
        }
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

    /// Parses a field that opens with a quote at `rawStart`: quoted text up to the closing quote (`""`
    /// inside is one quote), then any text up to the next delimiter or line break read literally
    /// (as Python's csv module does; such a field is marked non-canonical). `unterminated` when the
    /// chunk ends before the closing quote: nothing is appended then.
    mutating func parseQuotedField(from rawStart: Int) -> (next: Int, lineBreaks: Int, unterminated: Bool) {
        let quote = UInt8(ascii: "\"")
        var lineBreaks = 0
        // A closing quote more than `quotedFieldLimit` bytes after the opening one does not count.
        let scanEnd = chunk.quotedFieldLimit < end &- rawStart ? rawStart &+ chunk.quotedFieldLimit &+ 1 : end
        // Common case `"text"`: no escapes, the closing quote ends the field. The next quote and any
        // line break before it are found with memchr (vectorised in the C library); line breaks,
        // rare inside a field, are then counted byte by byte.
        let textStart = rawStart &+ 1
        guard textStart < scanEnd, let found = memchr(base + textStart, Int32(quote), scanEnd &- textStart) else {
            return (end, 0, true)
        }
        let q = UnsafeRawPointer(found) - UnsafeRawPointer(base)
        if memchr(base + textStart, 0x0A, q &- textStart) != nil || memchr(base + textStart, 0x0D, q &- textStart) != nil {
            for index in textStart..<q {
                let byte = base[index]
                if byte == 0x0A || (byte == 0x0D && !(index &+ 1 < end && base[index &+ 1] == 0x0A)) { lineBreaks &+= 1 }
            }
        }
        let after = q &+ 1
        if after == end || base[after] == delimiter || base[after] == 0x0A || base[after] == 0x0D {
            if q > rawStart &+ 1 { noteFirstByte(base[rawStart &+ 1]) }
            appendField(FieldBounds(rawStart: rawStart, start: rawStart &+ 1, end: q, inScratch: false))
            return (after, lineBreaks, false)
        }
        // General case: unescape into scratch. Unescaped text is never longer than the raw field;
        // grow as the field turns out long.
        workspace.ensureScratch(scratchUsed &+ 64)
        var scratch = workspace.scratch
        var scratchEnd = workspace.scratchCapacity
        let outStart = scratchUsed
        var out = scratchUsed
        lineBreaks = 0
        var p = rawStart &+ 1
        var inQuotes = true
        while p < end {
            if out == scratchEnd {
                workspace.ensureScratch(out &+ 1)
                scratch = workspace.scratch
                scratchEnd = workspace.scratchCapacity
            }
            let byte = base[p]
            if inQuotes {
                if _slowPath(p >= scanEnd) { return (end, 0, true) }
                if byte == quote {
                    if p &+ 1 < end && base[p &+ 1] == quote {
                        scratch[out] = quote
                        out &+= 1
                        p &+= 2
                    } else {
                        inQuotes = false
                        p &+= 1
                    }
                    continue
                }
                if byte == 0x0A || (byte == 0x0D && !(p &+ 1 < end && base[p &+ 1] == 0x0A)) { lineBreaks &+= 1 }
            } else {
                if byte == delimiter || byte == 0x0A || byte == 0x0D { break }
                // Text after a closing quote on a later line: that quote was a stray one in a later
                // record (`5'11"`), not the end of this field, so the opening quote is unterminated.
                if lineBreaks > 0 { return (end, 0, true) }
                hasNonCanonicalQuoting = true  // text after the closing quote
            }
            scratch[out] = byte
            out &+= 1
            p &+= 1
        }
        if inQuotes { return (end, 0, true) }
        scratchUsed = out
        if out > outStart { noteFirstByte(scratch[outStart]) }
        appendField(FieldBounds(rawStart: rawStart, start: outStart, end: out, inScratch: true))
        return (p, lineBreaks, false)
    }

    /// The unescaped bytes of field `index` (0-based) of the current record.
    ///
    /// Surrounding quotes are removed and doubled quotes collapsed. Valid until the next ``nextRecord()``.
    @inlinable @inline(__always)
    public func field(at index: Int) -> UnsafeBufferPointer<UInt8> {
        precondition(index >= 0 && index < fieldCount, "field index \(index) out of range 0..<\(fieldCount)")
        assert(index >= 64 || wantedColumns &>> UInt64(index) & 1 != 0, "column \(index) is not in wantedColumns")
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
