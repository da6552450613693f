import ABICore
import Testing
@testable import ABIIO

/// The word-at-a-time appenders and digit-pair formatters against slow, obvious references.
@Suite struct OutputBufferFormattingTests {
    static let integerSamples: [Int] = {
        var values = [0, 1, 9, 10, 11, 99, 100, 101, 999, 1000, 9999, 10_000, 123_456_789, Int.max, Int.min, Int.min + 1]
        var power = 1
        for _ in 0..<18 {
            power *= 10
            values += [power - 1, power, power + 1]
        }
        return values + values.filter { $0 != Int.min }.map { -$0 }
    }()

    func reference(hundredths value: Int, mark: Character) -> String {
        let magnitude = value.magnitude
        let fraction = magnitude % 100
        return (value < 0 ? "-" : "") + "\(magnitude / 100)" + String(mark) + (fraction < 10 ? "0" : "") + "\(fraction)"
    }

    @Test func formatsIntegersLikeDescription() {
        for value in Self.integerSamples + Array(-1200...1200) {
            var buffer = OutputBuffer.inMemory(capacity: 8)
            buffer.append(byte: UInt8(ascii: "<"))
            buffer.append(integer: value)
            buffer.append(byte: UInt8(ascii: ">"))
            #expect(String(decoding: buffer.pendingBytes, as: UTF8.self) == "<\(value)>")
        }
    }

    @Test func digitCountsAndDigitsAtEveryPowerOfTenAndTwo() {
        var values: [UInt64] = [0, .max, .max - 1]
        var power: UInt64 = 1
        for _ in 0...19 {
            values += [power - 1, power, power + 1]
            if power <= UInt64.max / 10 { power *= 10 } else { break }
        }
        for shift in 0..<64 { values += [(1 << shift) - 1, 1 << shift, (1 << shift) + 1] }
        for value in values {
            let expected = String(value)
            #expect(OutputBuffer.decimalDigitCount(value) == expected.utf8.count, "\(value)")
            var bytes = [UInt8](repeating: 0xFF, count: 21)
            bytes.withUnsafeMutableBufferPointer {
                OutputBuffer.writeDigits(value, count: expected.utf8.count, into: $0.baseAddress!)
            }
            #expect(Array(bytes[..<expected.utf8.count]) == Array(expected.utf8), "\(value)")
            #expect(bytes[expected.utf8.count...].allSatisfy { $0 == 0xFF }, "\(value): wrote past its digits")
        }
    }

    @Test func formatsHundredthsWithTwoDecimals() {
        for value in Self.integerSamples + Array(-12_000...12_000) {
            var buffer = OutputBuffer.inMemory(capacity: 8)
            buffer.append(hundredths: value, decimalMark: UInt8(ascii: ","))
            #expect(String(decoding: buffer.pendingBytes, as: UTF8.self) == reference(hundredths: value, mark: ","))
            #expect(DecimalText.hundredths(value) == reference(hundredths: value, mark: "."))
        }
    }

    @Test func appendsRawRunsOfEveryShortLength() {
        let source = (0..<80).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 5) }
        for length in 0...source.count {
            for offset in [0, 1, 7] where offset + length <= source.count {
                var buffer = OutputBuffer.inMemory(capacity: 1)
                buffer.append(byte: 0xEE)
                source.withUnsafeBufferPointer { all in
                    buffer.append(raw: UnsafeBufferPointer(rebasing: all[offset..<(offset + length)]))
                }
                buffer.append(byte: 0xFF)
                #expect(buffer.pendingBytes == [0xEE] + source[offset..<(offset + length)] + [0xFF])
            }
        }
    }

    @Test func delimitedWriterCellsMatchTheirTextForms() throws {
        for decimalComma in [false, true] {
            let output = try render(.csv, decimalComma: decimalComma) { writer in
                let mark = decimalComma ? UInt8(ascii: ",") : UInt8(ascii: ".")
                writer.beginRow()
                writer.writeHundredths(97, decimalMark: mark)
                writer.writeBlank()
                writer.writeHundredths(-15, decimalMark: mark)
                Array("borderline".utf8).withUnsafeBufferPointer { writer.writeCode($0) }
                writer.writeInteger(12)
                Array("".utf8).withUnsafeBufferPointer { writer.writeCode($0) }
                writer.writeHundredths(123_456, decimalMark: mark)
                writer.writeInteger(-3)
                writer.writeBlank()
                try writer.endRow()
                writer.beginRow()
                writer.writeBlank()
                try writer.endRow()
            }
            #expect(output == (decimalComma
                ? "0,97;;-0,15;borderline;12;;1234,56;-3;\n\"\"\n"
                : "0.97,,-0.15,borderline,12,,1234.56,-3,\n\"\"\n"))
        }
        let quoted = try render(.csv) { writer in
            writer.beginRow()
            writer.writeHundredths(5, decimalMark: UInt8(ascii: ","))
            writer.writeHundredths(-250, decimalMark: UInt8(ascii: ","))
            try writer.endRow()
        }
        #expect(quoted == "\"0,05\",\"-2,50\"\n")
    }

    /// Trimmed hundredths (inter-arm difference, a mean of readings) against Double's shortest
    /// round-trip text of value / 100, exact for these magnitudes, without a trailing `.0`.
    @Test func formatsTrimmedHundredthsAsTheShortestDecimal() {
        for value in Self.integerSamples.filter({ $0.magnitude < 1 << 50 }) + Array(-12_000...12_000) {
            var expected = (Double(value) / 100).description
            if expected.hasSuffix(".0") { expected.removeLast(2) }
            if value == 0 { expected = "0" }
            let text = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: OutputBuffer.maxTrimmedHundredthsLength) { scratch in
                let count = OutputBuffer.formatTrimmedHundredths(value, decimalMark: UInt8(ascii: "."), into: scratch.baseAddress!)
                return String(decoding: UnsafeBufferPointer(start: scratch.baseAddress!, count: count), as: UTF8.self)
            }
            #expect(text == expected, "\(value)")
        }
    }

    /// In place in CSV and TSV; quoted when the decimal mark is the delimiter, as numeric text is;
    /// a number in JSON Lines.
    @Test func writersWriteTrimmedHundredthsInEveryFormat() throws {
        func row(_ format: TableFormat, decimalComma: Bool, mark: UInt8) throws -> String {
            try render(format, decimalComma: decimalComma) { writer in
                try writer.writeHeader(["a", "b", "c", "d"])
                writer.beginRow()
                writer.writeTrimmedHundredths(400, decimalMark: mark)
                writer.writeTrimmedHundredths(250, decimalMark: mark)
                writer.writeTrimmedHundredths(-1025, decimalMark: mark)
                writer.writeTrimmedHundredths(7, decimalMark: mark)
                try writer.endRow()
            }
        }
        let dot = UInt8(ascii: "."), comma = UInt8(ascii: ",")
        #expect(try row(.csv, decimalComma: false, mark: dot) == "a,b,c,d\n4,2.5,-10.25,0.07\n")
        #expect(try row(.csv, decimalComma: true, mark: comma) == "a;b;c;d\n4;2,5;-10,25;0,07\n")
        #expect(try row(.csv, decimalComma: false, mark: comma) == "a,b,c,d\n4,\"2,5\",\"-10,25\",\"0,07\"\n")
        #expect(try row(.tsv, decimalComma: false, mark: dot) == "a\tb\tc\td\n4\t2.5\t-10.25\t0.07\n")
        #expect(try row(.json, decimalComma: false, mark: dot) == "{\"a\":4,\"b\":2.5,\"c\":-10.25,\"d\":0.07}\n")
    }
}
