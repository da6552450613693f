import CByteClassifier
import Testing
import TestSupport
@testable import ABIIO

/// The plain-record scan (CByteClassifier's `abikit_scan_plain_record`, AVX2 where the CPU has it)
/// splits records without quotes: what the parser gives with it must be what the reference
/// reader gives, what the parser's own loop gives with the scan switched off, and the same with the
/// baseline classifier as with the one chosen for this CPU.
@Suite struct CSVRecordParserPlainScanTests {
    /// Mostly plain records: fields of 0-12 letters, digits or formula-trigger starts, up to 100
    /// fields (past the 64 columns a wanted mask covers), records from 1 to about 800 bytes ending in
    /// LF, CR LF or CR, and now and then a quote (the scan hands those back), a CR inside a record
    /// (a line break there) or no final line break.
    static func randomFile(_ rng: inout SplitMix64, delimiter: UInt8) -> [UInt8] {
        func below(_ bound: Int) -> Int { Int(rng.next() % UInt64(bound)) }
        let starts: [UInt8] = Array("=+-@\tax9".utf8)
        var bytes: [UInt8] = []
        for _ in 0..<(1 + below(40)) {
            let fields = below(8) == 0 ? 1 + below(100) : 1 + below(30)
            for field in 0..<fields {
                if field > 0 { bytes.append(delimiter) }
                let length = below(13)
                for index in 0..<length {
                    if index == 0 && below(6) == 0 { bytes.append(starts[below(starts.count)]); continue }
                    bytes.append(below(3) == 0 ? UInt8(ascii: "0") + UInt8(below(10)) : UInt8(ascii: "a") + UInt8(below(26)))
                }
                if below(400) == 0 { bytes.append([UInt8(ascii: "\""), 0x0D][below(2)]) }
            }
            // LF mostly; CR LF and lone CR as some exports write them.
            switch below(6) {
            case 0: bytes += [0x0D, 0x0A]
            case 1: bytes.append(0x0D)
            default: bytes.append(0x0A)
            }
        }
        if below(4) == 0, !bytes.isEmpty { bytes.removeLast() }
        return bytes
    }

    struct Seen: Equatable {
        var fields: [Int: [UInt8]]
        var fieldCount: Int
        var recordFieldCount: Int
        var raw: [UInt8]
        var line: Int
        var nonCanonical: Bool
        var needsPrefix: Bool?
    }

    static func read(_ bytes: [UInt8], delimiter: UInt8, wanted: UInt64, limit: Int, scan: Bool) -> [Seen] {
        var parser = CSVRecordParser(chunk: CSVChunk(bytes: bytes), delimiter: delimiter)
        parser.fieldLimit = limit
        parser.wantedColumns = wanted
        if !scan { parser.plainScanMisses = CSVRecordParser.plainScanGiveUp }
        var seen: [Seen] = []
        CSVRecordParserWordScanTests.eachRecord(of: &parser) { parser, _ in
            var fields: [Int: [UInt8]] = [:]
            for column in 0..<parser.fieldCount where column >= 64 || (wanted | 1) >> UInt64(column) & 1 != 0 {
                fields[column] = Array(parser.field(at: column))
            }
            // Every column stored: the formula-prefix answer is exact and must match.
            let prefix: Bool? = wanted == ~0 ? parser.someFieldNeedsFormulaPrefix() : nil
            seen.append(Seen(fields: fields, fieldCount: parser.fieldCount, recordFieldCount: parser.recordFieldCount,
                             raw: Array(parser.rawRecord), line: parser.recordLine,
                             nonCanonical: parser.hasNonCanonicalQuoting, needsPrefix: prefix))
        }
        return seen
    }

    @Test func parserWithTheScanMatchesTheReferenceAndItsOwnLoop() {
        var rng = SplitMix64(seed: 2026)
        func below(_ bound: Int) -> Int { Int(rng.next() % UInt64(bound)) }
        var plainRecords = 0
        for trial in 0..<1_500 {
            let delimiter: UInt8 = [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09][trial % 3]
            let bytes = Self.randomFile(&rng, delimiter: delimiter)
            let wanted: UInt64 = [~0, rng.next(), 1 | 1 << 1 | 1 << 15, rng.next() & rng.next(), 0][trial % 5]
            let limit = [Int.max, 1 + below(20), 16, 1 + below(120)][trial % 4]
            let withScan = Self.read(bytes, delimiter: delimiter, wanted: wanted, limit: limit, scan: true)
            let withoutScan = Self.read(bytes, delimiter: delimiter, wanted: wanted, limit: limit, scan: false)
            #expect(withScan == withoutScan, "trial \(trial)")
            let reference = CSVRecordParserWantedColumnsTests.expected(bytes, delimiter: delimiter, wanted: wanted, limit: limit)
            #expect(withScan.map { [$0.fields.count, $0.fieldCount, $0.recordFieldCount, $0.line] }
                    == reference.map { [$0.fields.count, $0.fieldCount, $0.recordFieldCount, $0.line] }, "trial \(trial)")
            #expect(withScan.map(\.fields) == reference.map(\.fields) && withScan.map(\.raw) == reference.map(\.raw), "trial \(trial)")
            plainRecords += withScan.filter { !$0.raw.contains(UInt8(ascii: "\"")) }.count
        }
        #expect(plainRecords > 10_000)
    }

    /// The baseline and the chosen version of the scan agree field for field on every record start
    /// of random files, with random wanted sets, limits and capacities.
    @Test func baselineAndChosenVersionsAgree() {
        var rng = SplitMix64(seed: 77)
        func below(_ bound: Int) -> Int { Int(rng.next() % UInt64(bound)) }
        var answered = 0
        for trial in 0..<2_000 {
            let delimiter: UInt8 = [UInt8(ascii: ","), 0x09][trial % 2]
            let bytes = Self.randomFile(&rng, delimiter: delimiter)
            let wanted: UInt64 = [~0, rng.next(), 0][trial % 3]
            let limit = [Int.max, 1 + below(40)][trial % 2]
            let capacity = [64, 8, 128][trial % 3]
            var offset = 0
            while offset < bytes.count {
                var chosen = [abikit_field_bounds](repeating: abikit_field_bounds(rawStart: -1, start: -1, end: -1, inScratch: true), count: capacity)
                var baseline = chosen
                let (a, b) = bytes.withUnsafeBufferPointer { raw in
                    chosen.withUnsafeMutableBufferPointer { chosenFields in
                        baseline.withUnsafeMutableBufferPointer { baselineFields in
                            var chosenRequest = abikit_scan_request(base: raw.baseAddress!, end: raw.count, wanted: wanted, limit: limit,
                                                                    fields: chosenFields.baseAddress!, capacity: capacity,
                                                                    delimiter: delimiter)
                            var baselineRequest = chosenRequest
                            baselineRequest.fields = baselineFields.baseAddress!
                            return (abikit_scan_plain_record(&chosenRequest, offset),
                                    abikit_scan_plain_record_portable(&baselineRequest, offset))
                        }
                    }
                }
                #expect(a.lineBreak == b.lineBreak && a.packed == b.packed, "trial \(trial) offset \(offset)")
                if a.lineBreak >= 0 {
                    answered += 1
                    for column in 0..<abikit_scan_field_count(a) where column >= 64 || wanted >> UInt64(column) & 1 != 0 {
                        #expect(chosen[column].start == baseline[column].start && chosen[column].end == baseline[column].end
                                && chosen[column].rawStart == baseline[column].rawStart && !chosen[column].inScratch)
                    }
                }
                offset = (bytes[offset...].firstIndex { $0 == 0x0A || $0 == 0x0D } ?? bytes.count) + 1
            }
        }
        #expect(answered > 5_000)
    }
}
