import PropertyBased
import Testing
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

    func fixed(_ value: Double, _ digits: Int) -> String {
        var buffer = OutputBuffer(sink: OutputSink(fileDescriptor: -1, name: "unused"))
        buffer.append(number: value, fractionDigits: digits)
        return String(decoding: buffer.pendingBytes, as: UTF8.self)
    }
}
