import Testing
@testable import ABICore

struct PressureCellTests {
    @Test(arguments: ["", "   ", "NA", "na", " N/A ", "n/a", "NaN", "nan", "NAN", ".", "not measured", "Not Measured"])
    func readsBlankAndMissingMarkersAsNotMeasured(_ text: String) {
        #expect(PressureCell.parse(text) == .notMeasured)
    }

    @Test(arguments: ["0", "0.0", "00", "0.000", " 0 ", "absent", "ABSENT", "Absent Signal", "no signal",
                      "No Signal", "nosignal", "NOSIGNAL", "no flow"])
    func readsZeroAndAbsentWordsAsAbsentSignal(_ text: String) {
        #expect(PressureCell.parse(text) == .absentSignal)
    }

    @Test func readsZeroWithDecimalCommaAsAbsentSignal() {
        #expect(PressureCell.parse("0,0", decimalComma: true) == .absentSignal)
    }

    @Test(arguments: ["NC", "nc", " Nc ", ">255", "> 255", ">300", ">400", ">0", ">255.5", "noncompressible",
                      "NonCompressible", "non-compressible", "Non Compressible", "incompressible"])
    func readsCeilingAndNoncompressibleWordsAsNoncompressible(_ text: String) {
        #expect(PressureCell.parse(text) == .noncompressible)
    }

    @Test(arguments: [
        ("120", ExactDecimal(120)),
        (" 131.5 ", ExactDecimal(significand: 1315, scale: 1)),
        ("+140", ExactDecimal(140)),
        ("300", ExactDecimal(300)),                                   // the maximum is valid
        ("300.000", ExactDecimal(300)),
        ("0.001", ExactDecimal(significand: 1, scale: 3)),           // above zero: measured
        ("1", ExactDecimal(1)),
    ])
    func readsPressuresUpTo300AsMeasured(_ text: String, _ expected: ExactDecimal) {
        #expect(PressureCell.parse(text) == .measured(expected))
    }

    @Test func readsDecimalCommaPressure() {
        #expect(PressureCell.parse("134,5", decimalComma: true) == .measured(ExactDecimal(significand: 1345, scale: 1)))
        #expect(PressureCell.parse("134.5", decimalComma: true) == .invalid(.unrecognizedText))
        #expect(PressureCell.parse("134,5", decimalComma: false) == .invalid(.unrecognizedText))
    }

    @Test(arguments: [
        ("300.01", InvalidPressureReason.aboveMaximum),
        ("301", .aboveMaximum),
        ("99999999999999999999", .aboveMaximum),
        ("-5", .negative),
        ("-0", .negative),
        ("-0.0", .negative),
        ("-99999999999999999999", .negative),
        ("inf", .notFinite),
        ("INF", .notFinite),
        ("-inf", .notFinite),
        ("+Infinity", .notFinite),
        ("-", .unrecognizedText),
        ("abc", .unrecognizedText),
        ("12a", .unrecognizedText),
        ("1e2", .unrecognizedText),
        ("1.2.3", .unrecognizedText),
        (">", .unrecognizedText),
        (">abc", .unrecognizedText),
        (">-5", .unrecognizedText),
        ("no  signal", .unrecognizedText),
        ("120.0000000001", .tooPrecise),
        ("-120.0000000001", .negative),
    ])
    func readsEverythingElseAsInvalidWithItsReason(_ text: String, _ reason: InvalidPressureReason) {
        #expect(PressureCell.parse(text) == .invalid(reason))
    }

    @Test func parsesFromBytesWithoutCopying() {
        let bytes: [UInt8] = Array("xx 181 yy".utf8)
        let reading = bytes.withUnsafeBufferPointer { buffer in
            PressureCell.parse(UnsafeBufferPointer(rebasing: buffer[2..<7]), decimalComma: false)
        }
        #expect(reading == .measured(ExactDecimal(181)))
    }

    @Test func givesEveryInvalidReasonAStableCode() {
        #expect(InvalidPressureReason.allCases.map(\.code)
            == ["unrecognized_text", "negative", "above_300", "not_finite", "too_precise"])
    }
}
