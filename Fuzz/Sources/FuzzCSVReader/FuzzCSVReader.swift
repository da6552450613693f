import ABIIO

// Properties checked on every input:
// 1. Chunking does not matter: reading with a block size of 1-64 bytes (taken from the input's first
//    byte, so the fuzzer explores it) gives the same records, fields, lines and errors as reading
//    the whole input in one block.
// 2. Every byte is in exactly one record: for plain UTF-8 input (no byte-order mark, no `sep=` line),
//    the raw records tile the input in order, separated by exactly one line terminator each.
// 3. The quote rules (Python's csv module's, plus resynchronisation): for plain UTF-8 input the
//    records, their fields, lines and unterminated-quote errors are those of `expectedRecords`, a
//    byte-at-a-time model written from the rules alone: a quote opens a quoted field only at the start
//    of a field; `""` inside is a quote; text after the closing quote is kept, unless the field spans
//    lines (then that "closing" quote was a stray one on a later line); a quote that opens a field and
//    is not closed so is an error at its line and column, read as a character, and the record ends at
//    the end of that line, so the next line is the next record and no record is lost. Every error
//    the reader reports belongs to a record it delivers (records delivered = records in the model,
//    errors = errors in the model).
// 4. Every output cell re-parses: the records written by `DelimitedTableWriter` (as `score` copies
//    its input columns) read back as the same fields, formula-like cells with their `'` prefix.

struct ReadRecord: Equatable {
    var line: Int
    var fields: [[UInt8]]
    var raw: [UInt8]
    var error: CSVError?
}

struct Reading: Equatable {
    var dialect: CSVDialect?
    var records: [ReadRecord] = []
    var failure: CSVError?
    /// Errors passed to `onError` (each must belong to a delivered record).
    var errorCount = 0
    /// The records as `DelimitedTableWriter` writes them (with the input's delimiter).
    var written: [UInt8] = []
}

func read(_ bytes: [UInt8], blockSize: Int) -> Reading {
    var reading = Reading()
    do {
        let reader = try CSVChunkReader(bytes: bytes, options: CSVReaderOptions(blockSize: blockSize))
        reading.dialect = reader.dialect
        var pendingError: CSVError?
        var writer = DelimitedTableWriter(buffer: .inMemory(), delimiter: reader.dialect.delimiter)
        try reader.forEachRecord({ parser in
            var fields: [[UInt8]] = []
            for index in 0..<parser.fieldCount { fields.append(Array(parser.field(at: index))) }
            reading.records.append(ReadRecord(line: parser.recordLine, fields: fields, raw: Array(parser.rawRecord),
                                              error: pendingError))
            pendingError = nil
            writer.beginRow()
            var record = parser
            writer.writeFields(of: &record)
            do { try writer.endRow() } catch { fatalError("writing to memory failed: \(error)") }
        }, onError: { error, _ in
            reading.errorCount += 1
            pendingError = error
        })
        reading.written = writer.buffer.pendingBytes
    } catch let error as CSVError {
        reading.failure = error
    } catch {
        fatalError("unexpected error type: \(error)")
    }
    return reading
}

func terminatorLength(_ bytes: [UInt8], at offset: Int) -> Int {
    guard offset < bytes.count else { return 0 }
    if bytes[offset] == 0x0D { return offset + 1 < bytes.count && bytes[offset + 1] == 0x0A ? 2 : 1 }
    return bytes[offset] == 0x0A ? 1 : 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSVReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let blockSize = Int(data[0] % 64) + 1
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let whole = read(bytes, blockSize: 2 << 20)
    let chunked = read(bytes, blockSize: blockSize)
    guard whole == chunked else {
        fatalError("block size \(blockSize) changed the reading:\n\(whole)\nversus\n\(chunked)")
    }
    // Byte-for-byte coverage holds only for input read unconverted: UTF-8 throughout (a late
    // non-UTF-8 byte is read as Windows-1252, which changes the bytes).
    guard let dialect = whole.dialect, whole.failure == nil, dialect.encoding == .utf8, !dialect.hasSeparatorLine,
          Array(String(decoding: bytes, as: UTF8.self).utf8) == bytes
    else { return 0 }
    var offset = 0
    for (index, record) in whole.records.enumerated() {
        if index > 0 {
            let terminator = terminatorLength(bytes, at: offset)
            guard terminator > 0 else { fatalError("record \(index) does not follow a line terminator at byte \(offset)") }
            offset += terminator
        }
        guard offset + record.raw.count <= bytes.count, Array(bytes[offset..<(offset + record.raw.count)]) == record.raw
        else { fatalError("record \(index) (line \(record.line)) is not the input's bytes at offset \(offset)") }
        offset += record.raw.count
    }
    offset += terminatorLength(bytes, at: offset)
    guard offset == bytes.count else { fatalError("bytes \(offset)..<\(bytes.count) are in no record") }

    // 3. The quote rules, against the model.
    let expected = expectedRecords(bytes, delimiter: dialect.delimiter)
    let errors = whole.records.filter { $0.error != nil }.count
    guard whole.errorCount == errors else {
        fatalError("\(whole.errorCount) errors reported but \(errors) delivered with a record")
    }
    guard whole.records.count == expected.count else {
        fatalError("\(whole.records.count) records read, the quote rules give \(expected.count)")
    }
    for (index, (record, model)) in zip(whole.records, expected).enumerated() {
        guard record.fields == model.fields, record.line == model.line, record.error == model.error else {
            fatalError("record \(index): read \(record), the quote rules give \(model)")
        }
    }

    // 4. The written records re-parse to the same cells.
    var rereadRecords: [[[UInt8]]] = []
    var reparser = CSVRecordParser(chunk: CSVChunk(bytes: whole.written), delimiter: dialect.delimiter)
    while true {
        do {
            guard try reparser.nextRecord() else { break }
        } catch {
            fatalError("the output does not re-parse: \(error)")
        }
        rereadRecords.append((0..<reparser.fieldCount).map { Array(reparser.field(at: $0)) })
    }
    guard rereadRecords.count == whole.records.count else {
        fatalError("\(whole.records.count) records written, \(rereadRecords.count) read back")
    }
    for (record, reread) in zip(whole.records, rereadRecords) {
        let cells = record.fields.map { field in
            field.withUnsafeBufferPointer { FormulaNeutralisation.needsPrefix($0) } ? [UInt8(ascii: "'")] + field : field
        }
        guard cells == reread else { fatalError("line \(record.line): wrote \(cells), read back \(reread)") }
    }
    return 0
}

/// A record as the quote rules give it (property 3).
struct ModelRecord: Equatable, CustomStringConvertible {
    var line: Int
    var fields: [[UInt8]]
    var error: CSVError?
    var description: String { "line \(line): \(fields.map { String(decoding: $0, as: UTF8.self) }) \(error.map { "\($0)" } ?? "")" }
}

/// The records of plain UTF-8 `bytes`, one byte at a time, from the rules in the header comment; no
/// shared code with the reader (its 16 MiB limit on a quoted field is not reached by fuzz inputs).
func expectedRecords(_ bytes: [UInt8], delimiter: UInt8) -> [ModelRecord] {
    let quote = UInt8(ascii: "\""), lf: UInt8 = 0x0A, cr: UInt8 = 0x0D
    let n = bytes.count
    func endsField(_ i: Int) -> Bool { i >= n || bytes[i] == delimiter || bytes[i] == lf || bytes[i] == cr }
    func isLineBreak(_ i: Int) -> Bool { bytes[i] == lf || (bytes[i] == cr && !(i + 1 < n && bytes[i + 1] == lf)) }
    /// Line and column (in characters) of `offset`, counting from a record starting at `start` on `line`.
    func place(_ offset: Int, recordStart start: Int, line: Int) -> (line: Int, column: Int) {
        var line = line, lineStart = start
        for i in start..<offset where isLineBreak(i) {
            line += 1
            lineStart = i + 1
        }
        return (line, 1 + bytes[lineStart..<offset].filter { $0 & 0xC0 != 0x80 }.count)
    }
    var records: [ModelRecord] = []
    var p = 0
    var line = 1
    while p < n {
        let recordStart = p
        var record = ModelRecord(line: line, fields: [])
        var breaksInside = 0
        while true {
            let fieldStart = p
            var value: [UInt8] = []
            var quotedFieldEnded = false
            if p < n && bytes[p] == quote {
                var q = p + 1, breaks = 0, closed = false
                while q < n {
                    if bytes[q] == quote {
                        if q + 1 < n && bytes[q + 1] == quote {
                            value.append(quote)
                            q += 2
                            continue
                        }
                        closed = true
                        q += 1
                        break
                    }
                    if isLineBreak(q) { breaks += 1 }
                    value.append(bytes[q])
                    q += 1
                }
                if closed {
                    var r = q
                    while !endsField(r) { r += 1 }
                    if r == q || breaks == 0 {
                        value += bytes[q..<r]
                        p = r
                        breaksInside += breaks
                        quotedFieldEnded = true
                    }
                }
                if !quotedFieldEnded {
                    if record.error == nil {
                        let at = place(fieldStart, recordStart: recordStart, line: record.line)
                        record.error = .unterminatedQuote(line: at.line, column: at.column)
                    }
                    value = []
                }
            }
            if !quotedFieldEnded {
                while !endsField(p) {
                    value.append(bytes[p])
                    p += 1
                }
            }
            record.fields.append(value)
            if p >= n { break }
            if bytes[p] == delimiter {
                p += 1
                continue
            }
            p += bytes[p] == cr && p + 1 < n && bytes[p + 1] == lf ? 2 : 1
            break
        }
        records.append(record)
        line = record.line + 1 + breaksInside
    }
    return records
}
