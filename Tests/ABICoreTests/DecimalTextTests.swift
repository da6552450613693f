import Testing
@testable import ABICore

struct DecimalTextTests {
    @Test(arguments: [(91, "0.91"), (113, "1.13"), (0, "0.00"), (5, "0.05"), (100, "1.00"),
                      (-15, "-0.15"), (250, "2.50"), (12345, "123.45")])
    func rendersHundredthsWithTwoDecimals(_ hundredths: Int, _ expected: String) {
        #expect(DecimalText.hundredths(hundredths) == expected)
    }

    @Test func rendersHundredthsWithDecimalComma() {
        var bytes: [UInt8] = Array("abi=".utf8)
        DecimalText.appendHundredths(91, to: &bytes, decimalMark: UInt8(ascii: ","))
        #expect(String(decoding: bytes, as: UTF8.self) == "abi=0,91")
    }

    @Test func rendersLargestDigitsAndPadding() {
        var bytes: [UInt8] = []
        DecimalText.appendDigits(of: UInt64.max, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "18446744073709551615")
        bytes.removeAll()
        DecimalText.appendDigits(of: 7, minimumWidth: 3, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "007")
    }
}
