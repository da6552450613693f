import CByteClassifier

extension CSVRecordParser {
    /// The 1-based physical line on which field `index` of the current record starts
    /// (later than ``recordLine`` when an earlier quoted field holds line breaks).
    public func fieldLine(at index: Int) -> Int {
        precondition(index >= 0 && index < fieldCount, "field index \(index) out of range 0..<\(fieldCount)")
        return location(ofOffset: workspace.fields[index].rawStart).line
    }

    /// The 1-based column, in characters within its physical line, at which field `index` starts
    /// (at its opening quote if quoted). Computed on demand: meant for error messages.
    public func fieldColumn(at index: Int) -> Int {
        precondition(index >= 0 && index < fieldCount, "field index \(index) out of range 0..<\(fieldCount)")
        return location(ofOffset: workspace.fields[index].rawStart).column
    }

    /// ``fieldLine(at:)`` and ``fieldColumn(at:)`` in one pass over the record.
    public func fieldLocation(at index: Int) -> (line: Int, column: Int) {
        precondition(index >= 0 && index < fieldCount, "field index \(index) out of range 0..<\(fieldCount)")
        return location(ofOffset: workspace.fields[index].rawStart)
    }

    /// Line and character column of a byte offset inside the current record.
    func location(ofOffset offset: Int) -> (line: Int, column: Int) {
        Self.location(ofOffset: offset, in: base, count: end, recordStart: recordStart, recordLine: recordLine)
    }

    /// Where the current record starts in the chunk (for ``location(ofOffset:in:count:recordStart:recordLine:)``
    /// once the parser has moved on).
    @inlinable public var recordStartOffset: Int { recordStart }

    /// The chunk offset at which field `index` of the current record starts (its opening quote if quoted).
    @inlinable public func fieldRawStart(at index: Int) -> Int { workspace.fields[index].rawStart }

    /// Line and character column of `offset` in chunk bytes `base[0..<count]`, counted from the
    /// start of the record at `recordStart`, which begins on `recordLine`.
    public static func location(ofOffset offset: Int, in base: UnsafePointer<UInt8>, count end: Int, recordStart: Int,
                         recordLine: Int) -> (line: Int, column: Int) {
        var line = recordLine
        var leadBytes = 0  // UTF-8 lead bytes from the line's start to p: the column is one more
        var p = recordStart
        while p < offset {
            // Eight bytes at a time while they are ASCII above CR (no line break, no continuation
            // byte): each is one character of the current line.
            if p &+ 8 <= offset {
                let word = UnsafeRawPointer(base + p).loadUnaligned(as: UInt64.self)
                let nonASCII = word & 0x8080_8080_8080_8080
                let belowFourteen = (word &- 0x0E0E_0E0E_0E0E_0E0E) & ~word & 0x8080_8080_8080_8080
                if nonASCII | belowFourteen == 0 {
                    leadBytes &+= 8
                    p &+= 8
                    continue
                }
            }
            let byte = base[p]
            if byte == 0x0A || (byte == 0x0D && !(p + 1 < end && base[p + 1] == 0x0A)) {
                line += 1
                leadBytes = 0
            } else if byte & 0xC0 != 0x80 {
                leadBytes &+= 1  // count UTF-8 lead bytes, not continuation bytes
            }
            p += 1
        }
        return (line, leadBytes + 1)
    }
}
