import Testing
@testable import ABICore

struct ExactDecimalTests {
    struct ParseCase: Sendable, CustomTestStringConvertible {
        let text: String
        let decimalComma: Bool
        let significand: Int64
        let scale: Int
        var testDescription: String { "\"\(text)\" comma=\(decimalComma)" }
    }

    @Test(arguments: [
        ParseCase(text: "120", decimalComma: false, significand: 120, scale: 0),
        ParseCase(text: "0.905", decimalComma: false, significand: 905, scale: 3),
        ParseCase(text: "  131.0 ", decimalComma: false, significand: 1310, scale: 1),
        ParseCase(text: "+7", decimalComma: false, significand: 7, scale: 0),
        ParseCase(text: "-2.50", decimalComma: false, significand: -250, scale: 2),
        ParseCase(text: ".5", decimalComma: false, significand: 5, scale: 1),
        ParseCase(text: "5.", decimalComma: false, significand: 5, scale: 0),
        ParseCase(text: "007", decimalComma: false, significand: 7, scale: 0),
        ParseCase(text: "134,5", decimalComma: true, significand: 1345, scale: 1),
        ParseCase(text: "\t0,905\t", decimalComma: true, significand: 905, scale: 3),
        ParseCase(text: "1.123456789", decimalComma: false, significand: 1_123_456_789, scale: 9),
        // Zeros beyond 9 decimals are dropped: 1.1234567890000 == 1.123456789.
        ParseCase(text: "1.1234567890000", decimalComma: false, significand: 1_123_456_789, scale: 9),
        ParseCase(text: "9223372036854775807", decimalComma: false, significand: Int64.max, scale: 0),
    ])
    func parsesExactlyWithoutBinaryRounding(_ testCase: ParseCase) {
        let value = ExactDecimal.parse(testCase.text, decimalComma: testCase.decimalComma)
        #expect(value?.significand == testCase.significand)
        #expect(value?.scale == testCase.scale)
    }

    @Test(arguments: ["", "   ", "nan", "NaN", "inf", "-inf", "Infinity", "1e2", "1.2.3", "12a", "abc",
                      "-", "+", ".", "1 2", "0x10", "1,5", "1.0000000001", "9223372036854775808",
                      "99999999999999999999"])
    func rejectsTextThatIsNotAnExactDecimal(_ text: String) {
        #expect(ExactDecimal.parse(text, decimalComma: false) == nil)
    }

    @Test func rejectsPointWhenDecimalCommaIsExpected() {
        #expect(ExactDecimal.parse("1.5", decimalComma: true) == nil)
        #expect(ExactDecimal.parse("1,5", decimalComma: true) == ExactDecimal(significand: 15, scale: 1))
    }

    @Test func comparesByValueAcrossScales() {
        #expect(ExactDecimal(significand: 10, scale: 1) == ExactDecimal(significand: 100, scale: 2))
        #expect(ExactDecimal(significand: 905, scale: 3) < ExactDecimal(significand: 91, scale: 2))
        #expect(ExactDecimal(significand: 91, scale: 2) > ExactDecimal(significand: 905, scale: 3))
        #expect(ExactDecimal(significand: -1, scale: 0) < ExactDecimal(significand: 0, scale: 9))
        // Int64.max at scale 0 cannot be raised to scale 1; its sign decides.
        #expect(ExactDecimal(Int64.max) > ExactDecimal(significand: 5, scale: 1))
        #expect(ExactDecimal(Int64.min) < ExactDecimal(significand: -5, scale: 1))
    }

    @Test func addsExactlyAtTheLargerScale() {
        // 131 + 134.5 = 265.5
        let sum = ExactDecimal(131).adding(ExactDecimal(significand: 1345, scale: 1))
        #expect(sum?.significand == 2655)
        #expect(sum?.scale == 1)
    }

    @Test func reportsOverflowingSumAsNil() {
        #expect(ExactDecimal(Int64.max).adding(ExactDecimal(1)) == nil)
        #expect(ExactDecimal(Int64.max).adding(ExactDecimal(significand: 1, scale: 1)) == nil)
    }

    struct RoundCase: Sendable {
        let significand: Int64
        let scale: Int
        let places: Int
        let expected: Int64
    }

    @Test(arguments: [
        RoundCase(significand: 905, scale: 3, places: 2, expected: 91),      // 0.905 -> 0.91
        RoundCase(significand: 1125, scale: 3, places: 2, expected: 113),    // 1.125 -> 1.13 (banker's: 1.12)
        RoundCase(significand: 9049, scale: 4, places: 2, expected: 90),     // 0.9049 -> 0.90
        RoundCase(significand: 995, scale: 3, places: 2, expected: 100),     // 0.995 -> 1.00
        RoundCase(significand: -905, scale: 3, places: 2, expected: -91),    // halves away from zero
        RoundCase(significand: 90, scale: 2, places: 2, expected: 90),       // unchanged
        RoundCase(significand: 15, scale: 1, places: 0, expected: 2),        // 1.5 -> 2
        RoundCase(significand: 14, scale: 1, places: 0, expected: 1),        // 1.4 -> 1
    ])
    func roundsHalfUp(_ testCase: RoundCase) {
        let rounded = ExactDecimal(significand: testCase.significand, scale: testCase.scale)
            .rounded(toPlaces: testCase.places)
        #expect(rounded.significand == testCase.expected)
        #expect(rounded.scale == Swift.min(testCase.places, testCase.scale))
    }

    @Test func rendersWithItsOwnNumberOfDecimals() {
        #expect(ExactDecimal(significand: 905, scale: 3).description == "0.905")
        #expect(ExactDecimal(significand: 1310, scale: 1).description == "131.0")
        #expect(ExactDecimal(significand: -5, scale: 2).description == "-0.05")
        #expect(ExactDecimal(0).description == "0")
        #expect(ExactDecimal(Int64.min).description == "-9223372036854775808")
        var bytes: [UInt8] = []
        ExactDecimal(significand: 1345, scale: 1).append(to: &bytes, decimalMark: UInt8(ascii: ","))
        #expect(String(decoding: bytes, as: UTF8.self) == "134,5")
    }

    @Test func trimsTrailingFractionalZeros() {
        #expect(ExactDecimal(significand: 250, scale: 2).trimmed.description == "2.5")
        #expect(ExactDecimal(significand: 1000, scale: 2).trimmed.description == "10")
        #expect(ExactDecimal(significand: 0, scale: 3).trimmed.description == "0")
    }

    @Test func convertsToNanounitsOrReportsOverflow() {
        #expect(ExactDecimal(significand: 1345, scale: 1).nanounits == 134_500_000_000)
        #expect(ExactDecimal(10_000_000_000).nanounits == nil)
    }
}
