import Testing
import TestSupport
@testable import ABIIO

/// `wantedColumns`: the unwanted fields are only counted, yet records split where the full grammar
/// splits them (quotes, line breaks, unterminated quotes), and every wanted field, the field counts
/// and the lines are what the reference reader gives.
@Suite struct CSVRecordParserWantedColumnsTests {
    struct Seen: Equatable {
        var fields: [Int: [UInt8]]
        var fieldCount: Int
        var recordFieldCount: Int
        var raw: [UInt8]
        var line: Int
        var unterminated: Bool
    }

    static func read(_ bytes: [UInt8], delimiter: UInt8, wanted: UInt64, limit: Int) -> [Seen] {
        var parser = CSVRecordParser(chunk: CSVChunk(bytes: bytes), delimiter: delimiter)
        parser.fieldLimit = limit
        parser.wantedColumns = wanted
        var seen: [Seen] = []
        CSVRecordParserWordScanTests.eachRecord(of: &parser) { parser, unterminated in
            var fields: [Int: [UInt8]] = [:]
            for column in 0..<parser.fieldCount where column >= 64 || (wanted | 1) >> UInt64(column) & 1 != 0 {
                fields[column] = Array(parser.field(at: column))
            }
            seen.append(Seen(fields: fields, fieldCount: parser.fieldCount, recordFieldCount: parser.recordFieldCount,
                             raw: Array(parser.rawRecord), line: parser.recordLine, unterminated: unterminated))
        }
        return seen
    }

    static func expected(_ bytes: [UInt8], delimiter: UInt8, wanted: UInt64, limit: Int) -> [Seen] {
        CSVRecordParserWordScanTests.referenceRecords(bytes, delimiter: delimiter).map { record in
            let kept = Array(record.fields.prefix(limit))
            var fields: [Int: [UInt8]] = [:]
            for column in kept.indices where column >= 64 || (wanted | 1) >> UInt64(column) & 1 != 0 {
                fields[column] = kept[column]
            }
            return Seen(fields: fields, fieldCount: kept.count, recordFieldCount: record.fields.count, raw: record.raw,
                        line: record.line, unterminated: record.unterminated)
        }
    }

    /// Random records of up to about 90 fields (past column 64, where every column is stored),
    /// random wanted sets (sparse, dense, none) and limits.
    @Test func matchesTheReferenceReader() {
        let delimiter = UInt8(ascii: ",")
        let alphabet: [UInt8] = [UInt8(ascii: "a"), UInt8(ascii: "\""), 0x0A, 0x0D, delimiter, UInt8(ascii: " ")]
        var rng = SplitMix64(seed: 64)
        func below(_ bound: Int) -> Int { Int(rng.next() % UInt64(bound)) }
        for trial in 0..<4_000 {
            let length = trial < 1_000 ? below(64) : 64 + below(300)
            let quoteRate = [0, 4, 40][trial % 3]  // none, many, few special bytes
            let bytes: [UInt8] = (0..<length).map { _ in
                if quoteRate > 0 && below(quoteRate) == 0 { return alphabet[below(alphabet.count)] }
                return below(2) == 0 ? delimiter : UInt8(ascii: "x")
            }
            let wanted: UInt64
            switch trial % 4 {
            case 0: wanted = rng.next() & rng.next()           // sparse
            case 1: wanted = rng.next()                        // about half
            case 2: wanted = 0                                 // only column 0
            default: wanted = 1 << UInt64(below(64)) | 1 << UInt64(below(64))
            }
            let limit = below(3) == 0 ? Int.max : 1 + below(80)
            let actual = Self.read(bytes, delimiter: delimiter, wanted: wanted, limit: limit)
            let reference = Self.expected(bytes, delimiter: delimiter, wanted: wanted, limit: limit)
            #expect(actual == reference, "input \(bytes) wanted \(String(wanted, radix: 2)) limit \(limit)")
            if actual != reference { return }
        }
    }

    /// The few columns of a wide scored file, as `trend` reads them, and a quoted note in a
    /// skipped column that holds delimiters and a line break.
    @Test func readsScatteredColumnsAroundAQuotedNote() throws {
        let header = (0..<26).map { "c\($0)" }.joined(separator: ",")
        var cells = (0..<26).map { "v\($0)" }
        cells[20] = "\"a,b\nc\""
        let text = header + "\n" + cells.joined(separator: ",") + "\n" + (0..<26).map { "w\($0)" }.joined(separator: ",")
        var parser = CSVRecordParser(chunk: CSVChunk(bytes: Array(text.utf8)), delimiter: UInt8(ascii: ","))
        parser.fieldLimit = 16
        parser.wantedColumns = 1 << 0 | 1 << 1 | 1 << 15
        var rows: [[String]] = []
        var lines: [Int] = []
        while try parser.nextRecord() {
            #expect(parser.fieldCount == 16 && parser.recordFieldCount == 26, "\(parser.recordFieldCount)")
            rows.append([0, 1, 15].map { parser.fieldString(at: $0) })
            lines.append(parser.recordLine)
        }
        #expect(rows == [["c0", "c1", "c15"], ["v0", "v1", "v15"], ["w0", "w1", "w15"]])
        #expect(lines == [1, 2, 4])
    }

    /// A column left out is never read by trend, but a location asked for it must still be a place
    /// in the chunk (the bounds start initialised), not a read of uninitialised memory.
    @Test func locationsOfUnstoredColumnsStayInTheChunk() throws {
        let text = "a,b,c,d,e\nf,g,h,i,j\nk,l,m,n,o\n"
        var parser = CSVRecordParser(chunk: CSVChunk(bytes: Array(text.utf8), firstLine: 7), delimiter: UInt8(ascii: ","))
        parser.wantedColumns = 1 << 3
        var lines: [Int] = []
        while try parser.nextRecord() {
            #expect(parser.fieldString(at: 3) == ["d", "i", "n"][lines.count])
            for column in [1, 2, 4] {
                let location = parser.fieldLocation(at: column)
                #expect((7...9).contains(location.line) && location.column >= 1, "column \(column): \(location)")
            }
            lines.append(parser.recordLine)
        }
        #expect(lines == [7, 8, 9])
    }
}
