import Testing
@testable import ABIIO

/// `fieldLimit`: records are still split where the full grammar splits them (quotes, line breaks,
/// unterminated quotes), and the first `fieldLimit` fields are the same as without a limit.
@Suite struct CSVRecordParserFieldLimitTests {
    static func limitedRecords(_ bytes: [UInt8], delimiter: UInt8, limit: Int) -> [CSVRecordParserWordScanTests.Record] {
        var counts: [Int] = []
        return limitedRecords(bytes, delimiter: delimiter, limit: limit, recordFieldCounts: &counts)
    }

    /// Also collects each record's ``CSVRecordParser/recordFieldCount`` (fields past the limit counted).
    static func limitedRecords(_ bytes: [UInt8], delimiter: UInt8, limit: Int,
                               recordFieldCounts: inout [Int]) -> [CSVRecordParserWordScanTests.Record] {
        var parser = CSVRecordParser(chunk: CSVChunk(bytes: bytes), delimiter: delimiter)
        parser.fieldLimit = limit
        var records: [CSVRecordParserWordScanTests.Record] = []
        CSVRecordParserWordScanTests.eachRecord(of: &parser) { parser, unterminated in
            #expect(parser.fieldCount <= limit)
            recordFieldCounts.append(parser.recordFieldCount)
            let fields = (0..<parser.fieldCount).map { Array(parser.field(at: $0)) }
            records.append(.init(fields: fields, raw: Array(parser.rawRecord), line: parser.recordLine,
                                 unterminated: unterminated))
        }
        return records
    }

    @Test(arguments: [1, 2, 3, 5])
    func matchesTheReferenceCutToTheLimit(limit: Int) {
        let delimiter = UInt8(ascii: ",")
        let alphabet: [UInt8] = [UInt8(ascii: "a"), UInt8(ascii: "\""), 0x0A, 0x0D, delimiter, UInt8(ascii: " ")]
        var generator = SystemRandomNumberGenerator()
        // Within the chunk's last, partial block and across whole 64-byte blocks.
        for length in Array(0..<64) + Array(stride(from: 64, to: 260, by: 5)) {
            for _ in 0..<(length < 64 ? 80 : 30) {
                let bytes: [UInt8] = (0..<length).map { _ in
                    Int.random(in: 0..<3, using: &generator) == 0
                        ? alphabet.randomElement(using: &generator)!
                        : (Bool.random(using: &generator) ? delimiter : UInt8(ascii: "x"))
                }
                let expected = CSVRecordParserWordScanTests.referenceRecords(bytes, delimiter: delimiter).map {
                    CSVRecordParserWordScanTests.Record(fields: Array($0.fields.prefix(limit)), raw: $0.raw, line: $0.line,
                                                        unterminated: $0.unterminated)
                }
                var counts: [Int] = []
                #expect(Self.limitedRecords(bytes, delimiter: delimiter, limit: limit, recordFieldCounts: &counts) == expected,
                        "input \(bytes)")
                // The width check against the header sees every field, also those past the limit.
                #expect(counts == CSVRecordParserWordScanTests.referenceRecords(bytes, delimiter: delimiter).map(\.fields.count),
                        "input \(bytes)")
            }
        }
    }

    @Test func skipsQuotedLineBreaksPastTheLimit() throws {
        var parser = CSVRecordParser(chunk: CSVChunk(bytes: Array("a,b,\"x\ny\",c\nd,e,f\n\"g\nh\",i,\"j\"".utf8)),
                                     delimiter: UInt8(ascii: ","))
        parser.fieldLimit = 2
        var seen: [(line: Int, fields: [String])] = []
        var widths: [Int] = []
        while try parser.nextRecord() {
            widths.append(parser.recordFieldCount)
            seen.append((parser.recordLine, (0..<parser.fieldCount).map { parser.fieldString(at: $0) }))
        }
        #expect(seen.map(\.line) == [1, 3, 4])
        #expect(widths == [4, 3, 3])
        #expect(seen.map(\.fields) == [["a", "b"], ["d", "e"], ["g\nh", "i"]])
    }
}
