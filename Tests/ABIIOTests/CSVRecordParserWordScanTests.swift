import Testing
@testable import ABIIO

/// The block-at-a-time record scan (64 bytes a block) against a byte-at-a-time reference of the same grammar, which is
/// Python's csv module's (non-strict) and pandas': only a `"` at the start of a field opens a quoted
/// section; inside it `""` is one quote and a lone `"` closes it; any other `"` is a character, and
/// text after a closing quote is kept. CRLF, LF or CR end a record outside quotes. A quote still open
/// at the end of the input, or "closed" on a later line by a quote followed by more text (a stray
/// quote of a later record, where Python's csv module would swallow every record in between), is
/// reported and read as a character, its field ending at the next delimiter or line break; reading
/// goes on from there.
@Suite struct CSVRecordParserWordScanTests {
    struct Record: Equatable {
        var fields: [[UInt8]]
        var raw: [UInt8]
        var line: Int
        var unterminated: Bool
    }

    /// `quotedFieldLimit`: a closing quote more than this many bytes after the opening one does not
    /// count (``CSVReaderOptions/maximumRecordBytes``).
    static func referenceRecords(_ bytes: [UInt8], delimiter: UInt8, quotedFieldLimit: Int = .max) -> [Record] {
        let quote = UInt8(ascii: "\"")
        var records: [Record] = []
        var p = 0
        var line = 1
        let end = bytes.count
        func isBreak(_ i: Int) -> Bool {
            bytes[i] == 0x0A || (bytes[i] == 0x0D && !(i + 1 < end && bytes[i + 1] == 0x0A))
        }
        while p < end {
            let start = p
            var fields: [[UInt8]] = []
            var unterminated = false
            var breaks = 0
            var recordEnd = end
            var next = end
            while true {
                var field: [UInt8] = []
                if p < end && bytes[p] == quote {
                    var q = p + 1
                    var quoted: [UInt8] = []
                    var closed = false
                    var quotedBreaks = 0
                    while q < end && q - p <= quotedFieldLimit {
                        if bytes[q] == quote {
                            if q + 1 < end && bytes[q + 1] == quote { quoted.append(quote); q += 2; continue }
                            closed = true
                            q += 1
                            break
                        }
                        if isBreak(q) { quotedBreaks += 1 }
                        quoted.append(bytes[q])
                        q += 1
                    }
                    // A field spanning lines whose closing quote is followed by more text was closed
                    // by a stray quote of a later record: unterminated.
                    if closed && quotedBreaks > 0 && q < end && bytes[q] != delimiter && bytes[q] != 0x0A && bytes[q] != 0x0D {
                        closed = false
                    }
                    if closed {
                        field = quoted
                        breaks += quotedBreaks
                        p = q
                    } else {
                        unterminated = true
                        field = [quote]
                        p += 1
                    }
                }
                while p < end && bytes[p] != delimiter && bytes[p] != 0x0A && bytes[p] != 0x0D {
                    field.append(bytes[p])
                    p += 1
                }
                fields.append(field)
                if p >= end { break }
                if bytes[p] == delimiter { p += 1; continue }
                recordEnd = p
                next = bytes[p] == 0x0D && p + 1 < end && bytes[p + 1] == 0x0A ? p + 2 : p + 1
                break
            }
            records.append(Record(fields: fields, raw: Array(bytes[start..<recordEnd]), line: line, unterminated: unterminated))
            line += 1 + breaks
            p = next
        }
        return records
    }

    /// Calls `body` with the parser at each record and whether reading it reported an unterminated
    /// quote (the record is still there after that error).
    static func eachRecord(of parser: inout CSVRecordParser, _ body: (inout CSVRecordParser, _ unterminated: Bool) -> Void) {
        while true {
            var unterminated = false
            do {
                guard try parser.nextRecord() else { break }
            } catch {
                unterminated = true
            }
            body(&parser, unterminated)
        }
    }

    static func parsedRecords(_ bytes: [UInt8], delimiter: UInt8) -> [Record] {
        var parser = CSVRecordParser(chunk: CSVChunk(bytes: bytes), delimiter: delimiter)
        var records: [Record] = []
        eachRecord(of: &parser) { parser, unterminated in
            let fields = (0..<parser.fieldCount).map { Array(parser.field(at: $0)) }
            records.append(Record(fields: fields, raw: Array(parser.rawRecord), line: parser.recordLine, unterminated: unterminated))
            let exact = (0..<parser.fieldCount).contains { FormulaNeutralisation.needsPrefix(parser.field(at: $0)) }
            #expect(parser.someFieldNeedsFormulaPrefix() == exact)
        }
        return records
    }

    @Test(arguments: [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09, 0x00])
    func matchesTheByteAtATimeReference(delimiter: UInt8) {
        let alphabet: [UInt8] = [UInt8(ascii: "a"), UInt8(ascii: "7"), UInt8(ascii: "\""), 0x0A, 0x0D, delimiter,
                                 UInt8(ascii: "="), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x00, 0xC3, 0xA9]
        var generator = SystemRandomNumberGenerator()
        // Short inputs (the chunk's last, partial block only) and longer ones (whole 64-byte blocks,
        // fields and quoted sections across their boundaries).
        for length in Array(0..<48) + Array(stride(from: 48, to: 300, by: 3)) {
            for _ in 0..<(length < 48 ? 60 : 25) {
                // Mostly plain bytes, so fields of every length cross the blocks.
                let bytes: [UInt8] = (0..<length).map { _ in
                    Int.random(in: 0..<4, using: &generator) == 0
                        ? alphabet.randomElement(using: &generator)!
                        : (Bool.random(using: &generator) ? delimiter : UInt8(ascii: "x"))
                }
                #expect(Self.parsedRecords(bytes, delimiter: delimiter) == Self.referenceRecords(bytes, delimiter: delimiter),
                        "input \(bytes)")
            }
        }
    }

    /// The chunk splitter agrees with the sequential grammar: reading through ``CSVChunkReader`` in
    /// blocks of any size (chunk boundaries everywhere) gives exactly the reference's records.
    @Test(arguments: [1, 2, 3, 5, 8, 13, 64], [Int.max, 16 << 20, 12])
    func chunkedReadingMatchesTheReference(blockSize: Int, maximumRecordBytes: Int) throws {
        let alphabet: [UInt8] = Array("a7\"\"\n\r,,x ".utf8)
        var generator = SystemRandomNumberGenerator()
        var compared = 0
        for length in 0..<40 {
            for _ in 0..<40 {
                let bytes: [UInt8] = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
                let reference = Self.referenceRecords(bytes, delimiter: UInt8(ascii: ","), quotedFieldLimit: maximumRecordBytes)
                let read: (records: [ParsedRecord], errors: [CSVError], dialect: CSVDialect)
                do {
                    read = try parseAll(bytes, blockSize: blockSize, maximumRecordBytes: maximumRecordBytes,
                                        overrides: CSVDialectOverrides(delimiter: UInt8(ascii: ",")))
                } catch CSVError.recordTooLong {
                    continue  // a long unquoted record: outside the grammar, refused as documented
                }
                compared += 1
                #expect(read.records.map(\.fields) == reference.map { $0.fields.map { String(decoding: $0, as: UTF8.self) } },
                        "input \(bytes)")
                #expect(read.records.map(\.line) == reference.map(\.line), "input \(bytes)")
                #expect(read.errors.count == reference.filter(\.unterminated).count, "input \(bytes)")
            }
        }
        #expect(compared > 1000)
    }

    @Test func splitsLongUnquotedRecordsAtEveryBlockOffset() {
        for width in 0..<140 {
            let cell = String(repeating: "v", count: width)
            let text = Array((Array(repeating: cell, count: 7).joined(separator: ",") + "\n" + cell + ",-x," + cell).utf8)
            let records = Self.parsedRecords(text, delimiter: UInt8(ascii: ","))
            #expect(records == Self.referenceRecords(text, delimiter: UInt8(ascii: ",")))
            #expect(records.count == 2 && records[0].fields.count == 7 && records[1].fields.count == 3)
        }
    }
}
