import Testing
@testable import ABIIO

/// The word-at-a-time record scan against a byte-at-a-time reference of the same grammar (every
/// `"` toggles quoting; `""` inside quotes is one quote; CRLF, LF or CR end a record outside quotes).
@Suite struct CSVRecordParserWordScanTests {
    struct Record: Equatable {
        var fields: [[UInt8]]
        var raw: [UInt8]
        var line: Int
        var unterminated: Bool
    }

    static func referenceRecords(_ bytes: [UInt8], delimiter: UInt8) -> [Record] {
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
            var field: [UInt8] = []
            var inQuotes = false
            var breaks = 0
            var recordEnd = end
            var next = end
            while p < end {
                let byte = bytes[p]
                if inQuotes {
                    if byte == quote {
                        if p + 1 < end && bytes[p + 1] == quote { field.append(quote); p += 2 } else { inQuotes = false; p += 1 }
                        continue
                    }
                    if isBreak(p) { breaks += 1 }
                    field.append(byte)
                    p += 1
                    continue
                }
                if byte == quote { inQuotes = true; p += 1; continue }
                if byte == delimiter { fields.append(field); field = []; p += 1; continue }
                if byte == 0x0A || byte == 0x0D {
                    recordEnd = p
                    next = byte == 0x0D && p + 1 < end && bytes[p + 1] == 0x0A ? p + 2 : p + 1
                    break
                }
                field.append(byte)
                p += 1
            }
            fields.append(field)
            records.append(Record(fields: fields, raw: Array(bytes[start..<recordEnd]), line: line, unterminated: inQuotes))
            line += 1 + breaks
            p = next
            if inQuotes { break }
        }
        return records
    }

    static func parsedRecords(_ bytes: [UInt8], delimiter: UInt8) -> [Record] {
        var parser = CSVRecordParser(chunk: CSVChunk(bytes: bytes), delimiter: delimiter)
        var records: [Record] = []
        while true {
            var unterminated = false
            do {
                guard try parser.nextRecord() else { break }
            } catch {
                unterminated = true
            }
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
        for length in 0..<48 {
            for _ in 0..<60 {
                // Mostly plain bytes, so fields of every length cross the eight-byte words.
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

    @Test func splitsLongUnquotedRecordsAtEveryWordOffset() {
        for width in 0..<20 {
            let cell = String(repeating: "v", count: width)
            let text = Array((Array(repeating: cell, count: 7).joined(separator: ",") + "\n" + cell + ",-x," + cell).utf8)
            let records = Self.parsedRecords(text, delimiter: UInt8(ascii: ","))
            #expect(records == Self.referenceRecords(text, delimiter: UInt8(ascii: ",")))
            #expect(records.count == 2 && records[0].fields.count == 7 && records[1].fields.count == 3)
        }
    }
}
