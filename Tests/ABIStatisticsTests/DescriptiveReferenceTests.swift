import Foundation
import Testing
@testable import ABIStatistics

struct DescriptiveCase: Decodable, Sendable, CustomTestStringConvertible {
    let name: String
    let values: [Double]
    let mean: Double
    let sd: Double?
    let se: Double?
    let lag1: Double?
    let gmean: Double?
    let quantiles: [String: [Double]]
    let probabilities: [Double]
    var testDescription: String { name }
}

private struct DescriptiveFixture: Decodable {
    let header: FixtureHeader
    let cases: [DescriptiveCase]
}

private let descriptiveCases: [DescriptiveCase] = {
    (try? ReferenceFixture.decode(DescriptiveFixture.self, named: "descriptive").cases) ?? []
}()

@Suite struct DescriptiveReferenceTests {
    @Test func fixtureIsPresent() throws {
        let fixture = try ReferenceFixture.decode(DescriptiveFixture.self, named: "descriptive")
        #expect(fixture.header.generatedBy == "Scripts/reference/stats_reference.py")
        #expect(fixture.cases.count >= 18)
    }

    /// numpy mean/std(ddof=1), scipy sem and gmean, the NIST lag-1 formula in numpy: 1e-12
    /// relative (ours is compensated; numpy's pairwise sum differs in the last bits).
    @Test(arguments: descriptiveCases)
    func momentsMatchNumpyAndScipy(_ item: DescriptiveCase) throws {
        let result = DescriptiveStatistics.describe(item.values)
        #expect(result.count == item.values.count)
        #expect(relativeError(try #require(result.mean), item.mean) < 1e-12)
        if let sd = item.sd {
            #expect(relativeError(try #require(result.standardDeviation), sd) < 1e-12)
            #expect(relativeError(try #require(result.standardError), try #require(item.se)) < 1e-12)
        } else {
            #expect(result.standardDeviation == nil && result.standardError == nil)
        }
        if let lag1 = item.lag1 {
            #expect(abs(try #require(result.lag1Autocorrelation) - lag1) < 1e-12)
        }
        if let gmean = item.gmean {
            #expect(relativeError(try #require(result.geometricMean), gmean) < 1e-12)
        } else {
            #expect(result.geometricMean == nil)
        }
        #expect(result.minimum == item.values.min() && result.maximum == item.values.max())
    }

    /// numpy.quantile's nine Hyndman & Fan methods at 11 probabilities: 1e-13 of the sample
    /// range (the interpolation formulas differ in rounding, not in the order statistics used).
    @Test(arguments: descriptiveCases)
    func quantilesMatchNumpyForAllNineTypes(_ item: DescriptiveCase) throws {
        let result = DescriptiveStatistics.describe(item.values)
        let range = (item.values.max() ?? 0) - (item.values.min() ?? 0)
        for method in QuantileMethod.allCases {
            let expected = try #require(item.quantiles[String(method.rawValue)])
            for (p, value) in zip(item.probabilities, expected) {
                let actual = try #require(result.quantile(p, method: method))
                #expect(abs(actual - value) <= 1e-13 * max(range, abs(value)), "type \(method.rawValue) p \(p)")
            }
        }
    }
}

@Suite struct DescriptiveEdgeCaseTests {
    /// Shifting by the first value and adding it back rounds twice; the mean must still be the
    /// correctly rounded 155/3 (hand calculation: 51.666... lies nearer 51.666666666666664298).
    @Test(arguments: [[22.0, 62, 71], [71.0, 62, 22], [0.1, 0.2, 0.3, 0.4]])
    func shiftedMeanIsCorrectlyRounded(_ values: [Double]) {
        let shifted = DescriptiveStatistics.describe(values, shift: values[0], differences: values.map { $0 - values[0] })
        let plain = DescriptiveStatistics.describe(values)
        #expect(shifted.mean == plain.mean)
        if values.count == 3 { #expect(shifted.mean == 155.0 / 3.0) }
        let decimal = try? DescriptiveStatistics.describe(decimalTexts: values.map { "\($0)" })
        #expect(decimal?.mean == plain.mean)
    }

    @Test func emptyInputHasCountZeroAndNoStatistics() {
        let result = DescriptiveStatistics.describe([])
        #expect(result.count == 0 && result.missingCount == 0)
        #expect(result.mean == nil && result.standardDeviation == nil && result.median == nil)
        #expect(result.minimum == nil && result.quantile(0.3) == nil && result.interquartileRange() == nil)
        #expect(result.notes.contains("no finite values"))
    }

    @Test func nanIsCountedAsMissingAndLeftOut() {
        let result = DescriptiveStatistics.describe([1, .nan, 3, .nan])
        #expect(result.count == 2 && result.missingCount == 2)
        #expect(result.mean == 2)
        #expect(result.notes.contains { $0.contains("missing") })
    }

    @Test func infinitiesAreCountedAndLeftOut() {
        let result = DescriptiveStatistics.describe([1, .infinity, 2, -.infinity, 3])
        #expect(result.count == 3 && result.infiniteCount == 2)
        #expect(result.mean == 2 && result.maximum == 3)
        #expect(result.notes.contains { $0.contains("infinite") })
    }

    @Test func oneValueHasAMeanButNoSpread() {
        let result = DescriptiveStatistics.describe([0.93])
        #expect(result.mean == 0.93 && result.median == 0.93)
        #expect(result.variance == nil && result.standardError == nil && result.lag1Autocorrelation == nil)
    }

    @Test func constantValuesHaveZeroSpreadAndNoAutocorrelation() {
        let result = DescriptiveStatistics.describe([1.1, 1.1, 1.1])
        #expect(result.standardDeviation == 0)
        #expect(result.lag1Autocorrelation == nil)
        #expect(result.interquartileRange() == 0)
    }

    @Test func geometricMeanNeedsPositiveValues() {
        #expect(DescriptiveStatistics.describe([0, 1, 2]).geometricMean == nil)
        #expect(DescriptiveStatistics.describe([-1, 1]).geometricMean == nil)
        let gm = DescriptiveStatistics.describe([1, 4]).geometricMean
        #expect(gm.map { abs($0 - 2) < 1e-15 } == true)
    }

    /// A constant sample is its own geometric mean, exactly (exp(log 120) is 119.99999999999997);
    /// ratios beyond the double range fall back to differences of logs; hand values.
    @Test func geometricMeanOfConstantsAndExtremeRatios() {
        for value in [120.0, 0.93, 1e-300, 1e300, .leastNonzeroMagnitude] {
            #expect(DescriptiveStatistics.describe([Double](repeating: value, count: 7)).geometricMean == value)
        }
        // sqrt(1e-300 * 1e300) = 1: the ratio 1e600 overflows.
        let wide = DescriptiveStatistics.describe([1e-300, 1e300]).geometricMean
        #expect(wide.map { abs($0 - 1) < 1e-13 } == true, "\(String(describing: wide))")
        // (2 * 8 * 4)^(1/3) = 4.
        let cube = DescriptiveStatistics.describe([2, 8, 4]).geometricMean
        #expect(cube.map { abs($0 - 4) <= 4 * 2.3e-16 } == true, "\(String(describing: cube))")
    }

    @Test(arguments: [2, 3, 4])
    func smallSamplesGiveTheTextbookVariance(n: Int) {
        let values = (1...n).map(Double.init)
        let result = DescriptiveStatistics.describe(values)
        let expected = Double(n * (n + 1)) / 12  // variance of 1...n
        #expect(relativeError(result.variance ?? .nan, expected) < 1e-15)
    }

    @Test func decimalTextKeepsMissingAndRejectsGarbage() throws {
        let result = try DescriptiveStatistics.describe(decimalTexts: ["1000000000.2", "", "NaN", "1000000000.1", " 1000000000.3 ", "inf"])
        #expect(result.count == 3 && result.missingCount == 2 && result.infiniteCount == 1)
        #expect(result.method == .exactDecimalShift)
        #expect(result.standardDeviation.map { relativeError($0, 0.1) < 1e-15 } == true)
        #expect(throws: StatisticsError.invalidDecimal(text: "1,5", index: 1)) {
            try DescriptiveStatistics.describe(decimalTexts: ["1", "1,5"])
        }
    }

    /// The same markers as every reader (MissingValueMarker): N/A and `.` are missing too.
    @Test func decimalTextUsesTheSharedMissingMarkers() throws {
        let result = try DescriptiveStatistics.describe(decimalTexts: ["2", "N/A", ".", "na", "4", " NaN "])
        #expect(result.count == 2 && result.missingCount == 4)
        #expect(result.mean == 3)
    }

    @Test func decimalPathBeatsBinaryParsingOnLargeOffsets() throws {
        // 1e9 + {0.1, 0.2, 0.3}: the SD is exactly 0.1.
        let texts = ["1000000000.1", "1000000000.2", "1000000000.3"]
        let decimal = try DescriptiveStatistics.describe(decimalTexts: texts)
        #expect(relativeError(decimal.standardDeviation ?? .nan, 0.1) < 1e-15)
        #expect(decimal.mean == 1000000000.2)
    }
}

@Suite struct ScaledDecimalTests {
    @Test(arguments: [
        ("0.1", Int64(1), -1), ("-2.50", Int64(-250), -2), ("+3", Int64(3), 0), ("1e3", Int64(1), 3),
        ("1.5E-3", Int64(15), -4), (".5", Int64(5), -1), ("5.", Int64(5), 0), ("1000000000.2", Int64(10000000002), -1),
    ])
    func parsesDecimalTextExactly(text: String, significand: Int64, exponent: Int) throws {
        let decimal = try #require(ScaledDecimal(text))
        #expect(decimal.significand == significand && decimal.exponent == exponent)
    }

    @Test(arguments: ["", "-", "1.2.3", "1e", "abc", "1,5", "12345678901234567890"])
    func rejectsTextItCannotHoldExactly(text: String) {
        #expect(ScaledDecimal(text) == nil)
    }

    @Test func decimalCommaAndSurroundingSpacesAreRead() throws {
        let bytes = Array("  -1,25 ".utf8)
        let decimal = try #require(bytes.withUnsafeBufferPointer { ScaledDecimal($0, decimalMark: UInt8(ascii: ",")) })
        #expect(decimal.significand == -125 && decimal.exponent == -2)
        #expect(bytes.withUnsafeBufferPointer { ScaledDecimal($0) } == nil, "a comma is not the default mark")
    }

    @Test func differenceIsRoundedOnce() throws {
        let a = try #require(ScaledDecimal("1000000000.3"))
        let b = try #require(ScaledDecimal("1000000000.1"))
        #expect(a.difference(from: b) == 0.2)
        #expect(b.difference(from: a) == -0.2)
    }

    @Test func valuesBeyondTheExactRangeFallBackWithANote() throws {
        let result = try DescriptiveStatistics.describe(decimalTexts: ["1.5", "12345678901234567890", "2.5"])
        #expect(result.count == 3)
        #expect(result.notes.contains { $0.contains("parsed to binary") })
    }
}
