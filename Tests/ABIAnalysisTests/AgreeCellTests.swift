import ABICore
import ABIIO
import Testing
@testable import ABIAnalysis

/// A compared cell is rounded to hundredths exactly from its text, half up, as `score` rounds ABI
/// before a cut-off (docs/clinical-rules.md), so `--cutoff le-0.90` classifies 0.904 and 0.905 as
/// score would.
@Suite struct AgreeCellTests {
    @Test(arguments: [("0.905", 91), ("0.9049999", 90), ("0.90", 90), (" 0.9 ", 90), ("1", 100),
                      ("0.005", 1), ("0.004", 0), ("2.995", 300), ("+0.91", 91)])
    func plainDecimalsRoundHalfUpFromTheirDigits(text: String, hundredths: Int) {
        #expect(AgreeCell(text, decimalMark: .point) == .number(Double(text.trimmingCharacters(in: .whitespaces))!, hundredths: hundredths))
    }

    @Test func decimalCommaAndOtherSpellings() {
        #expect(AgreeCell("1,005", decimalMark: .comma) == .number(1.005, hundredths: 101))
        // Numbers, but not plain decimals: no exact hundredths (the value is still used).
        #expect(AgreeCell("9.05e-1", decimalMark: .point) == .number(0.905, hundredths: nil))
        #expect(AgreeCell("-0.5", decimalMark: .point) == .number(-0.5, hundredths: nil))
        #expect(AgreeCell("0.1234567891", decimalMark: .point) == .number(0.1234567891, hundredths: nil))
    }

    @Test func unusableCellsSayWhy() {
        #expect(AgreeCell("", decimalMark: .point) == .unusable(.blank))
        #expect(AgreeCell("NC", decimalMark: .point) == .unusable(.noncompressible))
        #expect(AgreeCell("E03", decimalMark: .point) == .unusable(.deviceError))
        #expect(AgreeCell("abnormal", decimalMark: .point) == .category(.abnormal))
    }
}
