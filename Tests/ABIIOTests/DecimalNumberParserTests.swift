import PropertyBased
import Testing
import TestSupport
@testable import ABIIO

@Suite struct DecimalNumberParserTests {
    @Test(arguments: [
        ("120", 120.0), (" 0.93 ", 0.93), ("-5", -5), ("+3.2", 3.2), ("-0.5e3", -500), (".5", 0.5), ("5.", 5),
        ("1e-7", 1e-7), ("00120", 120), ("0.1", 0.1), ("123456789012345678901234", 123456789012345678901234.0),
        ("2.2250738585072014e-308", 2.2250738585072014e-308), ("9007199254740993", 9007199254740993.0),
    ])
    func parsesPlainNumbers(text: String, value: Double) {
        #expect(DecimalNumberParser.parseDouble(text) == value)
    }

    @Test(arguments: [("1,5", 1.5), ("-0,93", -0.93), ("120", 120.0), ("1,5e2", 150)])
    func parsesDecimalComma(text: String, value: Double) {
        #expect(DecimalNumberParser.parseDouble(text, decimalMark: .comma) == value)
    }

    @Test(arguments: ["", " ", "abc", "1,5", "1.2.3", "1 000", "1,000.5", "inf", "nan", "0x10", "1e", "-", "+.", "1e400",
                      "12mmHg", "--1"])
    func rejectsAnythingElse(text: String) {
        #expect(DecimalNumberParser.parseDouble(text) == nil)
    }

    @Test func rejectsPointWhenTheFileUsesDecimalComma() {
        #expect(DecimalNumberParser.parseDouble("1.5", decimalMark: .comma) == nil)
    }

    @Test func agreesWithTheStandardLibraryOnShortestForms() async {
        await propertyCheck(count: 1000, input: Gen.double(in: -1e6...1e6), Gen.int(in: 0...8)) { value, digits in
            for text in [value.description, String(Int(value)), fixed(value, digits)] {
                #expect(DecimalNumberParser.parseDouble(text) == Double(text), "\(text)")
            }
        }
    }

    /// The one-pass short path gives the general path's value bit for bit (the sign of zero too)
    /// wherever it answers, and answers for every `[-]digits[.digits]` cell of 1-15 digits: 200,000
    /// seeded random cells of digits, marks and signs, both decimal marks.
    @Test func shortPathMatchesTheGeneralPathBitForBit() {
        var generator = SplitMix64(seed: 7)
        let alphabet = Array("0123456789".utf8) + Array("000.,-+e ".utf8)
        var answered = 0
        for round in 0..<200_000 {
            let length = Int(generator.next() % 18) + 1
            var cell = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            if round % 3 == 0 {  // the usual shape: [-]d+.d+
                let whole = Int(generator.next() % 8) + 1, fraction = Int(generator.next() % 9)
                cell = (generator.next() % 4 == 0 ? [UInt8(ascii: "-")] : [])
                    + (0..<whole).map { _ in UInt8(ascii: "0") + UInt8(generator.next() % 10) }
                    + (fraction > 0 ? [UInt8(ascii: ".")] + (0..<fraction).map { _ in UInt8(ascii: "0") + UInt8(generator.next() % 10) } : [])
            }
            for mark in [UInt8(ascii: "."), UInt8(ascii: ",")] {
                cell.withUnsafeBufferPointer { bytes in
                    let general = DecimalNumberParser.parseGeneral(bytes, mark: mark)
                    let short = DecimalNumberParser.parseShortDecimal(bytes, mark: mark)
                    if let short {
                        answered += 1
                        #expect(short.bitPattern == general?.bitPattern, "\(String(decoding: bytes, as: UTF8.self))")
                    }
                    let digits = bytes.filter { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }.count
                    let body = bytes.first == UInt8(ascii: "-") ? Array(bytes.dropFirst()) : Array(bytes)
                    let usual = (1...15).contains(digits) && body.filter { $0 == mark }.count <= 1
                        && body.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == mark }
                    #expect(usual == (short != nil), "\(String(decoding: bytes, as: UTF8.self))")
                }
            }
        }
        #expect(answered > 50_000)
    }

    func fixed(_ value: Double, _ digits: Int) -> String {
        var buffer = OutputBuffer(sink: OutputSink(fileDescriptor: -1, name: "unused"))
        buffer.append(number: value, fractionDigits: digits)
        return String(decoding: buffer.pendingBytes, as: UTF8.self)
    }
}
